// MetricsHttpServer: serves a MetricsRegistry over HTTP for Prometheus to
// scrape (GET /metrics, text format 0.0.4), with cpp-httplib (Debian's
// libcpp-httplib-dev; see docs/adr/0020-metrics-registry.md). It runs beside
// the gRPC server on its own port (--metrics-listen), so scrapes never
// compete with gRPC's flow control and need no gRPC client.
//
//   auto metrics = MetricsHttpServer::Start("0.0.0.0:9090", &MetricsRegistry::Default());
//   if (!metrics.ok()) ...;  // UNAVAILABLE: the port is taken
//   (*metrics)->address();   // "0.0.0.0:9090", the port filled in for 0
//
// Thread-safety: Start and the destructor from one thread; requests are
// served by the server's own two threads.
#ifndef READOUT_COMMON_SERVER_METRICS_HTTP_SERVER_H_
#define READOUT_COMMON_SERVER_METRICS_HTTP_SERVER_H_

#include <memory>
#include <string>
#include <thread>

#include "absl/status/statusor.h"
#include "common/server/metrics.h"

namespace httplib {
class Server;
}  // namespace httplib

namespace readout::common {

class MetricsHttpServer {
 public:
  // Binds `listen` (HOST:PORT, [IPv6]:PORT; port 0 picks a free one), logs
  // event=metrics_listening with the bound address and serves `registry`
  // (not owned; must outlive the server). INVALID_ARGUMENT for a malformed
  // address, UNAVAILABLE when it cannot be bound.
  static absl::StatusOr<std::unique_ptr<MetricsHttpServer>> Start(const std::string& listen,
                                                                  const MetricsRegistry* registry);

  // Stops serving and joins its threads.
  ~MetricsHttpServer();
  MetricsHttpServer(const MetricsHttpServer&) = delete;
  MetricsHttpServer& operator=(const MetricsHttpServer&) = delete;

  // The bound HOST:PORT.
  const std::string& address() const { return address_; }
  int port() const { return port_; }

 private:
  MetricsHttpServer() = default;

  std::unique_ptr<httplib::Server> http_;
  std::thread thread_;
  std::string address_;
  int port_ = 0;
};

}  // namespace readout::common

#endif  // READOUT_COMMON_SERVER_METRICS_HTTP_SERVER_H_
