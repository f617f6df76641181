// Builds catalog errors with ErrorInfo payloads (see errors.h).
#include "catalog-service/errors.h"

#include <string>

#include "absl/strings/cord.h"
#include "google/rpc/error_details.pb.h"

namespace readout::catalog {

absl::Status MakeError(absl::StatusCode code, absl::string_view reason, absl::string_view message) {
  absl::Status status(code, message);
  google::rpc::ErrorInfo info;
  info.set_reason(std::string(reason));
  info.set_domain(kErrorDomain);
  status.SetPayload(kErrorInfoTypeUrl, absl::Cord(info.SerializeAsString()));
  return status;
}

absl::Status WithRetryDelay(absl::Status status, absl::Duration delay) {
  if (status.ok()) return status;
  google::rpc::RetryInfo info;
  const int64_t nanos = absl::ToInt64Nanoseconds(delay);
  info.mutable_retry_delay()->set_seconds(nanos / 1000000000);
  info.mutable_retry_delay()->set_nanos(static_cast<int32_t>(nanos % 1000000000));
  status.SetPayload(kRetryInfoTypeUrl, absl::Cord(info.SerializeAsString()));
  return status;
}

absl::Status InvalidArgument(absl::string_view reason, absl::string_view message) {
  return MakeError(absl::StatusCode::kInvalidArgument, reason, message);
}

absl::Status NotFound(absl::string_view reason, absl::string_view message) {
  return MakeError(absl::StatusCode::kNotFound, reason, message);
}

std::string ErrorReason(const absl::Status& status) {
  auto payload = status.GetPayload(kErrorInfoTypeUrl);
  if (!payload.has_value()) return "";
  google::rpc::ErrorInfo info;
  if (!info.ParseFromString(std::string(*payload))) return "";
  return info.reason();
}

absl::Status WithDefaultReason(absl::Status status) {
  if (status.ok() || status.GetPayload(kErrorInfoTypeUrl).has_value()) {
    return status;
  }
  std::string reason = absl::StatusCodeToString(status.code());
  for (char& c : reason) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return MakeError(status.code(), reason, status.message());
}

}  // namespace readout::catalog
