// GrpcServer: the bootstrap every readout server shares. Builds a gRPC server
// in the grpc examples order (health service, reflection v1 and v1alpha,
// listening port, services, start), logs the bound HOST:PORT, logs, counts
// and traces every RPC (rpc_observer.h), serves Prometheus metrics on its
// own HTTP port when asked (metrics_http_server.h), exports spans over OTLP
// when asked (otlp_exporter.h), and shuts down gracefully: health
// NOT_SERVING first, an optional drain delay so load balancers notice, then
// grpc::Server::Shutdown with a grace deadline after which in-flight calls
// are cancelled.
//
//   readout::common::ServerConfig config;  // filled from flags/env in main.cc
//   MyService service;
//   auto server = readout::common::GrpcServer::Start(
//       config, {{&service, "readout.v1.MyService"}});
//   if (!server.ok()) ...;
//   int sig = readout::common::WaitForShutdownSignal();  // see signals.h
//   (*server)->Shutdown();
//
// Threads: gRPC 1.51's callback API runs reactions on gRPC's own internal
// executor, which ServerBuilder cannot size; `threads` sizes the sync-server
// thread quota (ResourceQuota::SetMaxThreads) and is what services should use
// to size their worker pools for CPU-bound work (see thread_pool.h).
//
// Thread-safety: all methods may be called from any thread. Registered
// services must outlive the GrpcServer.
#ifndef READOUT_COMMON_SERVER_GRPC_SERVER_H_
#define READOUT_COMMON_SERVER_GRPC_SERVER_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "common/server/health_service.h"
#include "common/server/metrics_http_server.h"
#include "common/server/otlp_exporter.h"
#include "common/server/transport_security.h"
#include "grpcpp/grpcpp.h"

namespace readout::common {

struct ServerConfig {
  // HOST:PORT to listen on; port 0 picks a free port (see address()).
  // Loopback unless a deployment asks for more (transport_security.h).
  std::string listen_address = "127.0.0.1:8080";
  // TLS, client certificates, authorization policy and bearer tokens.
  TransportSecurityConfig security;
  // Server reflection (grpcurl and buf curl without protos); off hides the
  // API's shape from whoever reaches the port.
  bool reflection = true;
  // A connection must finish its TLS and HTTP/2 handshake within this, or
  // it is closed (half-open connections cannot pile up).
  absl::Duration handshake_timeout = absl::Seconds(10);
  // Largest message received / sent, in bytes. gRPC answers a larger
  // incoming message with RESOURCE_EXHAUSTED.
  int max_receive_message_bytes = 16 * 1024 * 1024;
  int max_send_message_bytes = 64 * 1024 * 1024;
  // Worker threads for CPU-bound work; 0 means one per core.
  int threads = 0;
  // Streams per HTTP/2 connection; 0 keeps gRPC's default.
  int max_concurrent_streams = 0;
  // Server-initiated keepalive pings: interval and how long to wait for the
  // ack. Zero keeps gRPC's defaults (2 h, 20 s).
  absl::Duration keepalive_time = absl::ZeroDuration();
  absl::Duration keepalive_timeout = absl::ZeroDuration();
  // Shortest interval between client pings the server tolerates; zero keeps
  // gRPC's default (5 min). Clients pinging faster get GOAWAY.
  absl::Duration min_client_ping_interval = absl::ZeroDuration();
  // Close connections idle this long / older than this (plus the grace for
  // calls in flight), so clients rebalance across replicas. Zero: never.
  absl::Duration max_connection_idle = absl::ZeroDuration();
  absl::Duration max_connection_age = absl::ZeroDuration();
  absl::Duration max_connection_age_grace = absl::ZeroDuration();
  // On shutdown: how long to keep serving (health NOT_SERVING) before
  // refusing new calls, then how long in-flight calls get to finish.
  absl::Duration shutdown_drain = absl::ZeroDuration();
  absl::Duration shutdown_grace = absl::Seconds(10);
  // HOST:PORT of the Prometheus /metrics endpoint (port 0 picks a free
  // port, logged as event=metrics_listening); empty: none.
  std::string metrics_listen;
  // gRPC target of an OpenTelemetry collector that gets the spans over
  // OTLP/gRPC; empty: spans are not exported. The span sink is process-wide:
  // the last server started with an endpoint owns it.
  std::string otlp_endpoint;
  // The service.name spans are exported under.
  std::string service_name = "readout";
};

// Checks ranges (non-negative sizes and durations, a HOST:PORT address) and
// the transport security (ValidateTransportSecurity).
absl::Status ValidateServerConfig(const ServerConfig& config);

// One service to serve, with the name its health status is reported under
// (its full proto name, e.g. "readout.v1.ExtractorService").
struct ServiceRegistration {
  grpc::Service* service;
  std::string health_name;
};

class GrpcServer {
 public:
  // Builds and starts a server for `services` (not owned). Their health
  // names and "" are SERVING once it has started. UNAVAILABLE when the
  // address cannot be bound; INVALID_ARGUMENT for a bad config.
  static absl::StatusOr<std::unique_ptr<GrpcServer>> Start(
      const ServerConfig& config, const std::vector<ServiceRegistration>& services);

  // Shuts down (see Shutdown) unless that already happened.
  ~GrpcServer();
  GrpcServer(const GrpcServer&) = delete;
  GrpcServer& operator=(const GrpcServer&) = delete;

  // The bound HOST:PORT (the port filled in when 0 was asked for).
  const std::string& address() const { return address_; }
  int port() const { return port_; }
  // The bound HOST:PORT of the /metrics endpoint; empty without one.
  std::string metrics_address() const { return metrics_ == nullptr ? "" : metrics_->address(); }

  HealthService& health() { return *health_; }
  grpc::Server& grpc_server() { return *server_; }

  // Health NOT_SERVING, waits config.shutdown_drain, then stops accepting
  // calls and waits up to config.shutdown_grace for calls in flight before
  // cancelling them. Blocks until done. Idempotent; concurrent callers all
  // return once it is done.
  void Shutdown();

  // Blocks until the server has shut down (another thread calls Shutdown).
  void Wait();

 private:
  GrpcServer(const ServerConfig& config, std::unique_ptr<HealthService> health);

  const ServerConfig config_;
  std::unique_ptr<MetricsHttpServer> metrics_;
  std::shared_ptr<OtlpSpanExporter> exporter_;
  std::unique_ptr<HealthService> health_;
  std::vector<std::unique_ptr<grpc::Service>> reflection_;
  std::unique_ptr<grpc::Server> server_;
  std::string address_;
  int port_ = 0;

  absl::Mutex mu_;
  bool shutdown_started_ ABSL_GUARDED_BY(mu_) = false;
  bool shutdown_done_ ABSL_GUARDED_BY(mu_) = false;
};

// HOST:PORT with the port replaced: ("0.0.0.0:0", 4321) -> "0.0.0.0:4321",
// ("[::]:0", 80) -> "[::]:80". Exposed for tests.
std::string WithPort(const std::string& address, int port);

// HOST:PORT with the host replaced: ("127.0.0.1", "0.0.0.0:8081") ->
// "127.0.0.1:8081".
std::string WithHost(absl::string_view host, const std::string& address);

}  // namespace readout::common

#endif  // READOUT_COMMON_SERVER_GRPC_SERVER_H_
