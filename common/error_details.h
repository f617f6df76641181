// The machine-readable details readout's errors carry as absl::Status
// payloads (Google AIP-193): a google.rpc.ErrorInfo (reason in
// UPPER_SNAKE_CASE, domain kErrorDomain) and, for an error worth retrying
// after a known pause, a google.rpc.RetryInfo. Both services, the catalog's
// store and the gRPC status mapping (common/server/status_util.h) attach and
// read them here, under one set of type URLs. No gRPC dependency.
//
// Thread-safety: pure functions.
#ifndef READOUT_COMMON_ERROR_DETAILS_H_
#define READOUT_COMMON_ERROR_DETAILS_H_

#include <map>
#include <optional>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace readout::common {

// The ErrorInfo domain of every readout error.
inline constexpr char kErrorDomain[] = "readout.dev";

// The absl::Status payload key under which an ErrorInfo travels.
inline constexpr char kErrorInfoTypeUrl[] = "type.googleapis.com/google.rpc.ErrorInfo";

// The absl::Status payload key under which a RetryInfo travels.
inline constexpr char kRetryInfoTypeUrl[] = "type.googleapis.com/google.rpc.RetryInfo";

// Returns `status` with an ErrorInfo payload (domain kErrorDomain) holding
// `reason` and `metadata`. An OK status is returned unchanged.
absl::Status WithErrorInfo(absl::Status status, absl::string_view reason,
                           const std::map<std::string, std::string>& metadata = {});

// Returns `status` with a RetryInfo payload: the client should retry after
// `delay`. An OK status is returned unchanged.
absl::Status WithRetryDelay(absl::Status status, absl::Duration delay);

// The retry delay `status` carries (a RetryInfo payload), if any.
std::optional<absl::Duration> RetryDelayOf(const absl::Status& status);

}  // namespace readout::common

#endif  // READOUT_COMMON_ERROR_DETAILS_H_
