// Client TLS and bearer token credentials (see channel_credentials.h).
#include "common/channel_credentials.h"

#include <unistd.h>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "common/files.h"
#include "grpcpp/security/tls_certificate_provider.h"
#include "grpcpp/security/tls_credentials_options.h"

namespace readout::common {

absl::StatusOr<std::shared_ptr<grpc::ChannelCredentials>> MakeChannelCredentials(
    const ClientTlsConfig& config) {
  const std::string& p = config.flag_prefix;
  if (config.cert_file.empty() != config.key_file.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat(p, "-cert-file and ", p, "-key-file go together"));
  }
  std::string token_flag = p == "--tls" ? "--token-file" : absl::StrCat(p, "-token-file");
  if (!config.tls()) {
    if (!config.cert_file.empty() || !config.token_file.empty()) {
      return absl::InvalidArgumentError(
          absl::StrCat(p, "-cert-file and ", token_flag, " need ", p,
                       "-ca-file: credentials are only sent over TLS"));
    }
    return grpc::InsecureChannelCredentials();
  }
  for (const auto& [path, flag] : {std::pair{config.ca_file, absl::StrCat(p, "-ca-file")},
                                   {config.cert_file, absl::StrCat(p, "-cert-file")},
                                   {config.key_file, absl::StrCat(p, "-key-file")},
                                   {config.token_file, token_flag}}) {
    if (!path.empty() && access(path.c_str(), R_OK) != 0) {
      return absl::InvalidArgumentError(absl::StrCat(flag, ": cannot read \"", path, "\""));
    }
  }
  auto refresh = static_cast<unsigned int>(
      std::max<int64_t>(1, absl::ToInt64Seconds(config.refresh_interval)));
  std::shared_ptr<grpc::experimental::FileWatcherCertificateProvider> provider =
      config.cert_file.empty()
          ? std::make_shared<grpc::experimental::FileWatcherCertificateProvider>(config.ca_file,
                                                                                 refresh)
          : std::make_shared<grpc::experimental::FileWatcherCertificateProvider>(
                config.key_file, config.cert_file, config.ca_file, refresh);
  grpc::experimental::TlsChannelCredentialsOptions options;
  options.set_certificate_provider(provider);
  options.watch_root_certs();
  if (!config.cert_file.empty()) options.watch_identity_key_cert_pairs();
  std::shared_ptr<grpc::ChannelCredentials> credentials =
      grpc::experimental::TlsCredentials(options);
  if (credentials == nullptr) {
    return absl::InvalidArgumentError(absl::StrCat(p, "-*: gRPC refused the TLS settings"));
  }
  if (config.token_file.empty()) return credentials;
  absl::StatusOr<std::string> text = ReadFileToString(config.token_file);
  if (!text.ok()) {
    return absl::InvalidArgumentError(absl::StrCat(token_flag, ": ", text.status().message()));
  }
  std::string token(absl::StripAsciiWhitespace(*text));
  if (token.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat(token_flag, ": \"", config.token_file, "\" holds no token"));
  }
  return grpc::CompositeChannelCredentials(credentials, grpc::AccessTokenCredentials(token));
}

}  // namespace readout::common
