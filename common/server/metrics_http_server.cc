// The /metrics endpoint over cpp-httplib (see metrics_http_server.h).
#include "common/server/metrics_http_server.h"

#include <sys/socket.h>

#include <chrono>
#include <utility>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "common/server/grpc_server.h"
#include "common/server/logging.h"
#include "httplib.h"

namespace readout::common {
namespace {

// The content type Prometheus asks for and expects back.
constexpr char kContentType[] = "text/plain; version=0.0.4; charset=utf-8";
// Scrapes are rare and short; two threads serve them.
constexpr size_t kThreads = 2;

}  // namespace

absl::StatusOr<std::unique_ptr<MetricsHttpServer>> MetricsHttpServer::Start(
    const std::string& listen, const MetricsRegistry* registry) {
  size_t colon = listen.rfind(':');
  int port = -1;
  if (colon == std::string::npos || colon == 0 ||
      !absl::SimpleAtoi(listen.substr(colon + 1), &port) || port < 0 || port > 65535) {
    return absl::InvalidArgumentError(
        absl::StrCat("metrics address \"", listen, "\" is not HOST:PORT (port 0-65535)"));
  }
  std::string host = listen.substr(0, colon);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }

  std::unique_ptr<MetricsHttpServer> self(new MetricsHttpServer);
  self->http_ = std::make_unique<httplib::Server>();
  self->http_->new_task_queue = [] { return new httplib::ThreadPool(kThreads); };
  // SO_REUSEADDR only: httplib's default adds SO_REUSEPORT, with which a
  // second server on a taken port would share it silently.
  self->http_->set_socket_options([](socket_t sock) {
    int yes = 1;
    setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof(yes));
  });
  self->http_->Get("/metrics", [registry](const httplib::Request&, httplib::Response& response) {
    response.set_content(registry->Render(), kContentType);
  });
  self->http_->Get("/", [](const httplib::Request&, httplib::Response& response) {
    response.set_content("metrics are at /metrics\n", "text/plain; charset=utf-8");
  });
  int bound = port == 0 ? self->http_->bind_to_any_port(host)
                        : (self->http_->bind_to_port(host, port) ? port : -1);
  if (bound <= 0) {
    absl::Status error = absl::UnavailableError(absl::StrCat(
        "cannot serve metrics on ", listen, " (address in use, or not an address of this host?)"));
    Log(LogLevel::kError, "metrics_listen_failed",
        {{"listen", listen}, {"error", error.message()}});
    return error;
  }
  self->port_ = bound;
  self->address_ = WithPort(listen, bound);
  httplib::Server* http = self->http_.get();
  self->thread_ = std::thread([http] { http->listen_after_bind(); });
  // stop() only stops a server that is running: wait until it is.
  for (int i = 0; i < 5000 && !http->is_running(); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  Log(LogLevel::kInfo, "metrics_listening",
      {{"address", self->address_}, {"port", bound}, {"path", "/metrics"}});
  return self;
}

MetricsHttpServer::~MetricsHttpServer() {
  if (http_ != nullptr) http_->stop();
  if (thread_.joinable()) thread_.join();
}

}  // namespace readout::common
