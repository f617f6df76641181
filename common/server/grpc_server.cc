// Server bootstrap and graceful shutdown (see grpc_server.h).
#include "common/server/grpc_server.h"

#include <chrono>
#include <thread>
#include <utility>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/clock.h"
#include "common/server/logging.h"
#include "common/server/reflection_service.h"
#include "common/server/rpc_observer.h"
#include "grpc/impl/codegen/grpc_types.h"
#include "grpcpp/resource_quota.h"
#include "grpcpp/support/server_interceptor.h"

namespace readout::common {
namespace {

using grpc::health::v1::HealthCheckResponse;

int ToMillisArg(absl::Duration d) {
  int64_t ms = absl::ToInt64Milliseconds(d);
  return ms > INT32_MAX ? INT32_MAX : static_cast<int>(ms);
}

}  // namespace

std::string WithPort(const std::string& address, int port) {
  size_t colon = address.rfind(':');
  std::string host = colon == std::string::npos ? address : address.substr(0, colon);
  return absl::StrCat(host, ":", port);
}

std::string WithHost(absl::string_view host, const std::string& address) {
  size_t colon = address.rfind(':');
  return colon == std::string::npos ? std::string(host) : absl::StrCat(host, address.substr(colon));
}

namespace {

bool IsHostPort(const std::string& address) {
  size_t colon = address.rfind(':');
  int port = 0;
  return colon != std::string::npos && colon != 0 &&
         absl::SimpleAtoi(address.substr(colon + 1), &port) && port >= 0 && port <= 65535;
}

}  // namespace

absl::Status ValidateServerConfig(const ServerConfig& config) {
  if (!IsHostPort(config.listen_address)) {
    return absl::InvalidArgumentError(absl::StrCat("listen address \"", config.listen_address,
                                                   "\" is not HOST:PORT (port 0-65535)"));
  }
  if (!config.metrics_listen.empty() && !IsHostPort(config.metrics_listen)) {
    return absl::InvalidArgumentError(absl::StrCat("metrics address \"", config.metrics_listen,
                                                   "\" is not HOST:PORT (port 0-65535)"));
  }
  if (!config.otlp_endpoint.empty()) {
    absl::Status otlp = OtlpSpanExporter::Validate({.endpoint = config.otlp_endpoint});
    if (!otlp.ok()) return otlp;
  }
  if (config.max_receive_message_bytes <= 0 || config.max_send_message_bytes <= 0) {
    return absl::InvalidArgumentError("max message sizes must be positive");
  }
  if (config.threads < 0 || config.max_concurrent_streams < 0) {
    return absl::InvalidArgumentError("threads and max concurrent streams must not be negative");
  }
  if (config.handshake_timeout <= absl::ZeroDuration()) {
    return absl::InvalidArgumentError("the handshake timeout must be positive");
  }
  for (absl::Duration d :
       {config.keepalive_time, config.keepalive_timeout, config.min_client_ping_interval,
        config.max_connection_idle, config.max_connection_age, config.max_connection_age_grace,
        config.shutdown_drain, config.shutdown_grace}) {
    if (d < absl::ZeroDuration()) {
      return absl::InvalidArgumentError("durations must not be negative");
    }
  }
  return ValidateTransportSecurity(config.security, config.listen_address);
}

GrpcServer::GrpcServer(const ServerConfig& config, std::unique_ptr<HealthService> health)
    : config_(config), health_(std::move(health)) {}

absl::StatusOr<std::unique_ptr<GrpcServer>> GrpcServer::Start(
    const ServerConfig& config, const std::vector<ServiceRegistration>& services) {
  absl::Status valid = ValidateServerConfig(config);
  if (!valid.ok()) return valid;
  std::unique_ptr<GrpcServer> self(new GrpcServer(config, std::make_unique<HealthService>()));
  // Metrics first: a taken metrics port fails the start before the gRPC
  // port is bound.
  if (!config.metrics_listen.empty()) {
    absl::StatusOr<std::unique_ptr<MetricsHttpServer>> metrics =
        MetricsHttpServer::Start(config.metrics_listen, &MetricsRegistry::Default());
    if (!metrics.ok()) {
      absl::MutexLock lock(&self->mu_);
      self->shutdown_started_ = self->shutdown_done_ = true;
      return metrics.status();
    }
    self->metrics_ = *std::move(metrics);
  }
  if (!config.otlp_endpoint.empty()) {
    self->exporter_ = std::make_shared<OtlpSpanExporter>(
        OtlpExporterOptions{.endpoint = config.otlp_endpoint, .service_name = config.service_name});
    SetSpanSink(self->exporter_);
  }

  // The order of grpc/examples/cpp: health, reflection, port, services, start.
  grpc::ServerBuilder builder;
  builder.RegisterService(self->health_.get());
  absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> credentials =
      MakeServerCredentials(config.security);
  if (!credentials.ok()) return credentials.status();
  int selected_port = 0;
  builder.AddListeningPort(config.listen_address, *credentials, &selected_port);
  std::vector<std::string> names;
  for (const ServiceRegistration& registration : services) {
    builder.RegisterService(registration.service);
    names.push_back(registration.health_name);
  }
  // Reflection (v1 and v1alpha) with json_name, see reflection_service.h.
  std::vector<std::string> described = names;
  described.push_back("grpc.health.v1.Health");
  if (config.reflection) {
    self->reflection_ = MakeReflectionServices(described);
    for (const auto& reflection : self->reflection_) builder.RegisterService(reflection.get());
  }

  builder.SetMaxReceiveMessageSize(config.max_receive_message_bytes);
  builder.SetMaxSendMessageSize(config.max_send_message_bytes);
  int threads = config.threads > 0
                    ? config.threads
                    : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  grpc::ResourceQuota quota("readout");
  // Sync-server threads only (none of readout's services are sync); the
  // callback API's executor is gRPC-internal.
  quota.SetMaxThreads(threads + 2);
  builder.SetResourceQuota(quota);
  // A second process on a taken port must fail, not share it silently.
  builder.AddChannelArgument(GRPC_ARG_ALLOW_REUSEPORT, 0);
  if (config.max_concurrent_streams > 0) {
    builder.AddChannelArgument(GRPC_ARG_MAX_CONCURRENT_STREAMS, config.max_concurrent_streams);
  }
  auto set_ms = [&builder](const char* arg, absl::Duration d) {
    if (d > absl::ZeroDuration()) builder.AddChannelArgument(arg, ToMillisArg(d));
  };
  set_ms(GRPC_ARG_KEEPALIVE_TIME_MS, config.keepalive_time);
  set_ms(GRPC_ARG_KEEPALIVE_TIMEOUT_MS, config.keepalive_timeout);
  if (config.min_client_ping_interval > absl::ZeroDuration()) {
    set_ms(GRPC_ARG_HTTP2_MIN_RECV_PING_INTERVAL_WITHOUT_DATA_MS, config.min_client_ping_interval);
    builder.AddChannelArgument(GRPC_ARG_KEEPALIVE_PERMIT_WITHOUT_CALLS, 1);
  }
  set_ms(GRPC_ARG_SERVER_HANDSHAKE_TIMEOUT_MS, config.handshake_timeout);
  set_ms(GRPC_ARG_MAX_CONNECTION_IDLE_MS, config.max_connection_idle);
  set_ms(GRPC_ARG_MAX_CONNECTION_AGE_MS, config.max_connection_age);
  set_ms(GRPC_ARG_MAX_CONNECTION_AGE_GRACE_MS, config.max_connection_age_grace);

  std::vector<std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>> interceptors;
  interceptors.push_back(std::make_unique<RpcObserverFactory>());
  builder.experimental().SetInterceptorCreators(std::move(interceptors));

  Log(LogLevel::kInfo, "server_starting",
      {{"listen", config.listen_address},
       {"tls", config.security.tls() ? "true" : "false"},
       {"reflection", config.reflection ? "true" : "false"},
       {"services", absl::StrJoin(names, ",")},
       {"max_receive_message_bytes", config.max_receive_message_bytes},
       {"max_send_message_bytes", config.max_send_message_bytes},
       {"threads", threads},
       {"max_connection_age", absl::FormatDuration(config.max_connection_age)},
       {"shutdown_drain", absl::FormatDuration(config.shutdown_drain)},
       {"shutdown_grace", absl::FormatDuration(config.shutdown_grace)}});
  self->server_ = builder.BuildAndStart();
  if (self->server_ == nullptr || selected_port == 0) {
    if (self->server_ != nullptr) self->server_->Shutdown();
    absl::Status error =
        absl::UnavailableError(absl::StrCat("cannot listen on ", config.listen_address,
                                            " (address in use, or not an address of this host?)"));
    Log(LogLevel::kError, "server_start_failed",
        {{"listen", config.listen_address}, {"error", error.message()}});
    {
      absl::MutexLock lock(&self->mu_);
      self->shutdown_started_ = self->shutdown_done_ = true;
    }
    return error;
  }
  self->port_ = selected_port;
  self->address_ = WithPort(config.listen_address, selected_port);
  self->health_->SetServingStatus("", HealthCheckResponse::SERVING);
  for (const std::string& name : names) {
    self->health_->SetServingStatus(name, HealthCheckResponse::SERVING);
  }
  Log(LogLevel::kInfo, "server_started", {{"address", self->address_}, {"port", selected_port}});
  return self;
}

GrpcServer::~GrpcServer() { Shutdown(); }

void GrpcServer::Shutdown() {
  {
    absl::MutexLock lock(&mu_);
    if (shutdown_started_) {
      mu_.Await(absl::Condition(&shutdown_done_));
      return;
    }
    shutdown_started_ = true;
  }
  absl::Time start = absl::Now();
  Log(LogLevel::kInfo, "shutdown_started",
      {{"address", address_},
       {"drain", absl::FormatDuration(config_.shutdown_drain)},
       {"grace", absl::FormatDuration(config_.shutdown_grace)}});
  health_->Shutdown();
  if (config_.shutdown_drain > absl::ZeroDuration()) {
    absl::SleepFor(config_.shutdown_drain);
  }
  server_->Shutdown(absl::ToChronoTime(absl::Now() + config_.shutdown_grace));
  server_->Wait();
  if (exporter_ != nullptr) {
    // Sends the spans of the last calls; the sink stays installed (now
    // dropping) so no other server's exporter is removed by mistake.
    exporter_->Shutdown();
  }
  Log(LogLevel::kInfo, "shutdown_complete",
      {{"address", address_}, {"seconds", absl::ToDoubleSeconds(absl::Now() - start)}});
  absl::MutexLock lock(&mu_);
  shutdown_done_ = true;
}

void GrpcServer::Wait() {
  absl::MutexLock lock(&mu_);
  mu_.Await(absl::Condition(&shutdown_done_));
}

}  // namespace readout::common
