// Channel settings for the extractor's catalog client (see catalog_channel.h).
#include "extractor-service/service/catalog_channel.h"

#include "absl/strings/str_cat.h"

namespace readout::extractor {

absl::Status ValidateCatalogChannelOptions(const CatalogChannelOptions& options) {
  if (options.target.empty()) {
    return absl::InvalidArgumentError(
        "--catalog must name a target, e.g. dns:///readout-catalog:8080");
  }
  if (options.load_balancing != "round_robin" && options.load_balancing != "pick_first") {
    return absl::InvalidArgumentError(
        absl::StrCat("--catalog-load-balancing must be round_robin or pick_first, not \"",
                     options.load_balancing, "\""));
  }
  if (options.keepalive_time < absl::ZeroDuration() ||
      options.keepalive_timeout < absl::ZeroDuration()) {
    return absl::InvalidArgumentError(
        "--catalog-keepalive-seconds and --catalog-keepalive-timeout-seconds must not be negative");
  }
  if (options.keepalive_time > absl::ZeroDuration() && options.keepalive_time < absl::Seconds(10)) {
    return absl::InvalidArgumentError(
        "--catalog-keepalive-seconds must be 0 (off) or at least 10: servers close connections "
        "that ping more often");
  }
  if (options.max_message_bytes <= 0) {
    return absl::InvalidArgumentError("the catalog's max message size must be positive");
  }
  return absl::OkStatus();
}

std::string CatalogServiceConfigJson(const CatalogChannelOptions& options) {
  return absl::StrCat(R"({"loadBalancingConfig":[{")", options.load_balancing, R"(":{}}]})");
}

grpc::ChannelArguments CatalogChannelArguments(const CatalogChannelOptions& options) {
  grpc::ChannelArguments args;
  args.SetServiceConfigJSON(CatalogServiceConfigJson(options));
  args.SetMaxSendMessageSize(options.max_message_bytes);
  args.SetMaxReceiveMessageSize(options.max_message_bytes);
  if (options.keepalive_time > absl::ZeroDuration()) {
    args.SetInt(GRPC_ARG_KEEPALIVE_TIME_MS,
                static_cast<int>(absl::ToInt64Milliseconds(options.keepalive_time)));
    if (options.keepalive_timeout > absl::ZeroDuration()) {
      args.SetInt(GRPC_ARG_KEEPALIVE_TIMEOUT_MS,
                  static_cast<int>(absl::ToInt64Milliseconds(options.keepalive_timeout)));
    }
    // Ping only while calls are open: idle pings count as abuse on servers
    // with the default policy.
    args.SetInt(GRPC_ARG_KEEPALIVE_PERMIT_WITHOUT_CALLS, 0);
  }
  return args;
}

std::shared_ptr<grpc::Channel> MakeCatalogChannel(const CatalogChannelOptions& options) {
  return grpc::CreateCustomChannel(
      options.target,
      options.credentials != nullptr ? options.credentials : grpc::InsecureChannelCredentials(),
      CatalogChannelArguments(options));
}

}  // namespace readout::extractor
