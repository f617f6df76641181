// TLS server credentials and their checks (see transport_security.h).
#include "common/server/transport_security.h"

#include <unistd.h>

#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/server/call_authorizer.h"
#include "grpcpp/security/tls_certificate_provider.h"
#include "grpcpp/security/tls_credentials_options.h"

namespace readout::common {
namespace {

absl::Status Readable(const std::string& path, absl::string_view flag) {
  if (access(path.c_str(), R_OK) != 0) {
    return absl::InvalidArgumentError(absl::StrCat(flag, ": cannot read \"", path, "\""));
  }
  return absl::OkStatus();
}

}  // namespace

bool ParseClientAuth(absl::string_view text, ClientAuth* out) {
  if (text == "none") {
    *out = ClientAuth::kNone;
  } else if (text == "request") {
    *out = ClientAuth::kRequest;
  } else if (text == "require") {
    *out = ClientAuth::kRequire;
  } else {
    return false;
  }
  return true;
}

bool IsLoopbackListenAddress(absl::string_view listen_address) {
  size_t colon = listen_address.rfind(':');
  absl::string_view host = listen_address.substr(0, colon);
  if (absl::StartsWith(host, "[") && absl::EndsWith(host, "]")) {
    host = host.substr(1, host.size() - 2);
  }
  return host == "localhost" || host == "::1" || absl::StartsWith(host, "127.");
}

absl::Status ValidateTransportSecurity(const TransportSecurityConfig& config,
                                       absl::string_view listen_address) {
  if (config.cert_file.empty() != config.key_file.empty()) {
    return absl::InvalidArgumentError("--tls-cert-file and --tls-key-file go together");
  }
  if (config.refresh_interval < absl::Seconds(1)) {
    return absl::InvalidArgumentError("--tls-refresh-seconds must be at least 1");
  }
  if (!config.tls()) {
    if (config.client_auth != ClientAuth::kNone || !config.ca_file.empty()) {
      return absl::InvalidArgumentError(
          "--tls-client-auth and --tls-ca-file need --tls-cert-file and --tls-key-file");
    }
    if (!config.authz_policy_file.empty() || !config.auth_token_file.empty()) {
      return absl::InvalidArgumentError(
          "--authz-policy-file and --auth-token-file need TLS (--tls-cert-file, --tls-key-file): "
          "identities and tokens are not trusted over plaintext");
    }
    if (!config.allow_plaintext && !IsLoopbackListenAddress(listen_address)) {
      return absl::InvalidArgumentError(
          absl::StrCat("refusing to serve plaintext on ", listen_address,
                       ": give --tls-cert-file and --tls-key-file, listen on 127.0.0.1, or pass "
                       "--allow-plaintext where a network policy guards the port"));
    }
    return absl::OkStatus();
  }
  if (config.client_auth != ClientAuth::kNone && config.ca_file.empty()) {
    return absl::InvalidArgumentError(
        "--tls-client-auth=request or require needs --tls-ca-file to verify client certificates");
  }
  for (const auto& [path, flag] : {std::pair{config.cert_file, "--tls-cert-file"},
                                   {config.key_file, "--tls-key-file"},
                                   {config.ca_file, "--tls-ca-file"},
                                   {config.authz_policy_file, "--authz-policy-file"},
                                   {config.auth_token_file, "--auth-token-file"}}) {
    if (!path.empty()) {
      if (absl::Status s = Readable(path, flag); !s.ok()) return s;
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> MakeServerCredentials(
    const TransportSecurityConfig& config) {
  if (!config.tls()) return grpc::InsecureServerCredentials();
  auto refresh = static_cast<unsigned int>(absl::ToInt64Seconds(config.refresh_interval));
  std::shared_ptr<grpc::experimental::FileWatcherCertificateProvider> provider =
      config.ca_file.empty() ? std::make_shared<grpc::experimental::FileWatcherCertificateProvider>(
                                   config.key_file, config.cert_file, refresh)
                             : std::make_shared<grpc::experimental::FileWatcherCertificateProvider>(
                                   config.key_file, config.cert_file, config.ca_file, refresh);
  grpc::experimental::TlsServerCredentialsOptions options(provider);
  options.watch_identity_key_cert_pairs();
  if (!config.ca_file.empty()) options.watch_root_certs();
  switch (config.client_auth) {
    case ClientAuth::kNone:
      options.set_cert_request_type(GRPC_SSL_DONT_REQUEST_CLIENT_CERTIFICATE);
      break;
    case ClientAuth::kRequest:
      options.set_cert_request_type(GRPC_SSL_REQUEST_CLIENT_CERTIFICATE_AND_VERIFY);
      break;
    case ClientAuth::kRequire:
      options.set_cert_request_type(GRPC_SSL_REQUEST_AND_REQUIRE_CLIENT_CERTIFICATE_AND_VERIFY);
      break;
  }
  std::shared_ptr<grpc::ServerCredentials> credentials =
      grpc::experimental::TlsServerCredentials(options);
  absl::StatusOr<std::shared_ptr<CallAuthorizer>> authorizer =
      CallAuthorizer::Create({.policy_file = config.authz_policy_file,
                              .token_file = config.auth_token_file,
                              .refresh_interval = config.refresh_interval});
  if (!authorizer.ok()) return authorizer.status();
  credentials->SetAuthMetadataProcessor(*std::move(authorizer));
  return credentials;
}

}  // namespace readout::common
