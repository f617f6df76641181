// The channel from the extractor to the catalog, with the settings a
// Kubernetes deployment needs: a dns:/// target resolves to every pod of a
// headless Service and round_robin spreads calls over them (re-resolving
// when the server closes a connection for its age, see the catalog's
// --max-connection-age-seconds); keepalive pings find dead connections
// between calls that would otherwise wait for TCP to time out.
//
// Thread-safety: pure functions.
#ifndef READOUT_EXTRACTOR_SERVICE_SERVICE_CATALOG_CHANNEL_H_
#define READOUT_EXTRACTOR_SERVICE_SERVICE_CATALOG_CHANNEL_H_

#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "grpcpp/grpcpp.h"

namespace readout::extractor {

struct CatalogChannelOptions {
  // A gRPC target: "dns:///readout-catalog:8080", "127.0.0.1:8081", ...
  std::string target;
  // "round_robin" or "pick_first".
  std::string load_balancing = "round_robin";
  // Keepalive ping interval while calls are open, and how long to wait for
  // the ack before the connection is closed. Zero interval: no pings. The
  // catalog must permit pings this often (its minimum ping interval).
  absl::Duration keepalive_time = absl::Seconds(60);
  absl::Duration keepalive_timeout = absl::Seconds(20);
  // Largest message sent or received.
  int max_message_bytes = 64 * 1024 * 1024;
  // TLS, client certificate and token (common/channel_credentials.h);
  // null: plaintext.
  std::shared_ptr<grpc::ChannelCredentials> credentials;
};

// INVALID_ARGUMENT naming the flag when a value is out of range.
absl::Status ValidateCatalogChannelOptions(const CatalogChannelOptions& options);

// The service config JSON: the balancing policy, as
// {"loadBalancingConfig":[{"round_robin":{}}]}.
std::string CatalogServiceConfigJson(const CatalogChannelOptions& options);

// The channel arguments the channel is made with (exposed for tests).
grpc::ChannelArguments CatalogChannelArguments(const CatalogChannelOptions& options);

// A channel to options.target with options.credentials, or plaintext
// without them (connects lazily).
std::shared_ptr<grpc::Channel> MakeCatalogChannel(const CatalogChannelOptions& options);

}  // namespace readout::extractor

#endif  // READOUT_EXTRACTOR_SERVICE_SERVICE_CATALOG_CHANNEL_H_
