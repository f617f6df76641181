// Client-side transport security shared by every readout client (the
// `readout` CLI, the extractor's channel to the catalog): TLS verified
// against a CA bundle, an optional client certificate, and an optional
// bearer token sent as "authorization: Bearer ...". Certificate files are
// read by gRPC's FileWatcherCertificateProvider, so a long-running client
// picks up rotated certificates on its next connection.
//
//   ClientTlsConfig tls{.ca_file = "ca.pem", .cert_file = "c.pem", .key_file = "c.key"};
//   absl::StatusOr<std::shared_ptr<grpc::ChannelCredentials>> creds =
//       MakeChannelCredentials(tls);
//
// Thread-safety: pure functions.
#ifndef READOUT_COMMON_CHANNEL_CREDENTIALS_H_
#define READOUT_COMMON_CHANNEL_CREDENTIALS_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "grpcpp/security/credentials.h"

namespace readout::common {

struct ClientTlsConfig {
  // PEM CA bundle the server's certificate is verified against; empty:
  // plaintext (loopback development).
  std::string ca_file;
  // This client's certificate chain and key (mutual TLS); both or neither.
  std::string cert_file;
  std::string key_file;
  // A file holding the bearer token (surrounding whitespace ignored).
  std::string token_file;
  // How often gRPC re-reads the certificate files.
  absl::Duration refresh_interval = absl::Seconds(10);
  // Names the flags in errors: "--tls" or "--catalog-tls".
  std::string flag_prefix = "--tls";

  bool tls() const { return !ca_file.empty(); }
};

// Plaintext credentials when no TLS is configured, else TLS ones.
// INVALID_ARGUMENT naming the flag: a certificate without its key, a client
// certificate or token without a CA (a token must not travel in
// plaintext), unreadable files, an empty token file.
absl::StatusOr<std::shared_ptr<grpc::ChannelCredentials>> MakeChannelCredentials(
    const ClientTlsConfig& config);

}  // namespace readout::common

#endif  // READOUT_COMMON_CHANNEL_CREDENTIALS_H_
