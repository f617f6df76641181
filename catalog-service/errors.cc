// Builds catalog errors with ErrorInfo payloads (see errors.h).
#include "catalog-service/errors.h"

#include <string>

#include "google/rpc/error_details.pb.h"

namespace readout::catalog {

absl::Status MakeError(absl::StatusCode code, absl::string_view reason, absl::string_view message) {
  return common::WithErrorInfo(absl::Status(code, message), reason);
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
