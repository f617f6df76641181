// absl::Status <-> gRPC status, in the error model of Google AIP-193: the
// code and message, plus a google.rpc.Status in the grpc-status-details-bin
// trailer that carries a google.rpc.ErrorInfo (a machine-readable reason in
// UPPER_SNAKE_CASE, the domain "readout.dev", and key/value metadata).
//
// Code that knows why a call failed attaches the reason to the absl::Status
// with WithErrorInfo; otherwise the reason is the code's name
// ("INVALID_ARGUMENT"). An error worth retrying after a known pause also
// carries a google.rpc.RetryInfo payload (WithRetryDelay), sent as a second
// detail. The payloads themselves are common/error_details.h's.
//
// Thread-safety: pure functions.
#ifndef READOUT_COMMON_SERVER_STATUS_UTIL_H_
#define READOUT_COMMON_SERVER_STATUS_UTIL_H_

#include <map>
#include <optional>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "common/error_details.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "grpcpp/support/status.h"

namespace readout::common {

// The ErrorInfo of `status`: its payload when it has one, else the code's
// name as reason in domain kErrorDomain. nullopt for OK.
std::optional<google::rpc::ErrorInfo> ErrorInfoOf(const absl::Status& status);

// The google.rpc.Status of `status`: code, message and (unless OK) one
// ErrorInfo detail, then a RetryInfo when the status carries one.
google::rpc::Status ToRpcStatus(const absl::Status& status);

// The grpc::Status of `status`, with the serialized google.rpc.Status as its
// binary error details (sent as grpc-status-details-bin).
grpc::Status ToGrpcStatus(const absl::Status& status);

// The absl::Status of a call's result: code and message, and the ErrorInfo
// from the details trailer when there is one.
absl::Status FromGrpcStatus(const grpc::Status& status);

// The absl::Status of a google.rpc.Status (code, message, first ErrorInfo,
// first RetryInfo).
absl::Status FromRpcStatus(const google::rpc::Status& status);

}  // namespace readout::common

#endif  // READOUT_COMMON_SERVER_STATUS_UTIL_H_
