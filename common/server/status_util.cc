// Status mapping with google.rpc.ErrorInfo details (see status_util.h).
#include "common/server/status_util.h"

#include <string>
#include <utility>

#include "google/protobuf/util/time_util.h"

namespace readout::common {

std::optional<google::rpc::ErrorInfo> ErrorInfoOf(const absl::Status& status) {
  if (status.ok()) return std::nullopt;
  google::rpc::ErrorInfo info;
  auto payload = status.GetPayload(kErrorInfoTypeUrl);
  if (payload.has_value() && info.ParseFromString(std::string(*payload))) {
    if (info.domain().empty()) info.set_domain(kErrorDomain);
    return info;
  }
  info.Clear();
  info.set_reason(absl::StatusCodeToString(status.code()));
  info.set_domain(kErrorDomain);
  return info;
}

google::rpc::Status ToRpcStatus(const absl::Status& status) {
  google::rpc::Status out;
  out.set_code(static_cast<int>(status.code()));
  out.set_message(std::string(status.message()));
  std::optional<google::rpc::ErrorInfo> info = ErrorInfoOf(status);
  if (info.has_value()) out.add_details()->PackFrom(*info);
  if (std::optional<absl::Duration> delay = RetryDelayOf(status); delay.has_value()) {
    google::rpc::RetryInfo retry;
    *retry.mutable_retry_delay() =
        google::protobuf::util::TimeUtil::NanosecondsToDuration(absl::ToInt64Nanoseconds(*delay));
    out.add_details()->PackFrom(retry);
  }
  return out;
}

grpc::Status ToGrpcStatus(const absl::Status& status) {
  if (status.ok()) return grpc::Status::OK;
  return grpc::Status(static_cast<grpc::StatusCode>(status.code()), std::string(status.message()),
                      ToRpcStatus(status).SerializeAsString());
}

absl::Status FromRpcStatus(const google::rpc::Status& rpc_status) {
  absl::Status status(static_cast<absl::StatusCode>(rpc_status.code()), rpc_status.message());
  if (status.ok()) return status;
  bool have_info = false, have_retry = false;
  for (const google::protobuf::Any& detail : rpc_status.details()) {
    google::rpc::ErrorInfo info;
    google::rpc::RetryInfo retry;
    if (!have_info && detail.Is<google::rpc::ErrorInfo>() && detail.UnpackTo(&info)) {
      // Every readout service's ErrorInfo is of kErrorDomain.
      status = WithErrorInfo(std::move(status), info.reason(),
                             {info.metadata().begin(), info.metadata().end()});
      have_info = true;
    } else if (!have_retry && detail.Is<google::rpc::RetryInfo>() && detail.UnpackTo(&retry)) {
      status = WithRetryDelay(
          std::move(status),
          absl::Nanoseconds(
              google::protobuf::util::TimeUtil::DurationToNanoseconds(retry.retry_delay())));
      have_retry = true;
    }
  }
  return status;
}

absl::Status FromGrpcStatus(const grpc::Status& status) {
  if (status.ok()) return absl::OkStatus();
  google::rpc::Status rpc_status;
  if (!status.error_details().empty() && rpc_status.ParseFromString(status.error_details())) {
    // The trailer's code and message win over a details blob that disagrees.
    rpc_status.set_code(static_cast<int>(status.error_code()));
    rpc_status.set_message(status.error_message());
    return FromRpcStatus(rpc_status);
  }
  return absl::Status(static_cast<absl::StatusCode>(status.error_code()), status.error_message());
}

}  // namespace readout::common
