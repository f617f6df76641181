// Transport security of a readout server: TLS from certificate files that
// gRPC's FileWatcherCertificateProvider re-reads when they change (cert-
// manager rotates Secrets in place; new connections get the new
// certificate, no restart), optional or required client certificates
// verified against a CA, and the per-call authorizer (call_authorizer.h)
// holding the authorization policy and bearer token digests.
//
// Plaintext is for loopback development: a server without a certificate
// refuses to listen on another address unless allow_plaintext is set (the
// Kubernetes base does, behind NetworkPolicies; its TLS overlay does not).
//
// Thread-safety: pure functions.
#ifndef READOUT_COMMON_SERVER_TRANSPORT_SECURITY_H_
#define READOUT_COMMON_SERVER_TRANSPORT_SECURITY_H_

#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "grpcpp/security/server_credentials.h"

namespace readout::common {

// What a server asks of a client's certificate.
enum class ClientAuth {
  kNone,     // Not asked for.
  kRequest,  // Asked for and verified when sent; callers may go without.
  kRequire,  // Required and verified: no certificate, no connection.
};

// "none", "request", "require" -> ClientAuth; false for anything else.
bool ParseClientAuth(absl::string_view text, ClientAuth* out);

struct TransportSecurityConfig {
  // PEM files: the server's certificate chain and key, and the CA bundle
  // that client certificates are verified against.
  std::string cert_file;
  std::string key_file;
  std::string ca_file;
  ClientAuth client_auth = ClientAuth::kNone;
  // How often gRPC re-reads the certificate files and readout the policy
  // and token files.
  absl::Duration refresh_interval = absl::Seconds(10);
  // Authorization policy (gRPC's JSON format) and bearer token digests;
  // empty: none.
  std::string authz_policy_file;
  std::string auth_token_file;
  // Plaintext on a non-loopback address.
  bool allow_plaintext = false;

  bool tls() const { return !cert_file.empty(); }
};

// True when HOST of HOST:PORT is a loopback address or "localhost".
bool IsLoopbackListenAddress(absl::string_view listen_address);

// INVALID_ARGUMENT naming the flag: a certificate without its key (or the
// reverse), client certificates asked for without a CA, a policy or tokens
// without TLS (a token sent in plaintext is a token given away), plaintext
// on a non-loopback address without allow_plaintext, files that cannot be
// read.
absl::Status ValidateTransportSecurity(const TransportSecurityConfig& config,
                                       absl::string_view listen_address);

// The credentials to listen with: TLS with the file-watching certificate
// provider and the call authorizer, or plaintext. The config must be valid.
absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> MakeServerCredentials(
    const TransportSecurityConfig& config);

}  // namespace readout::common

#endif  // READOUT_COMMON_SERVER_TRANSPORT_SECURITY_H_
