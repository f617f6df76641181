// Errors of the catalog as AIP-193 wants them: an absl::Status whose code is
// the gRPC code and which carries a google.rpc.ErrorInfo payload (reason in
// UPPER_SNAKE_CASE, domain kErrorDomain), and a RetryInfo when a retry after
// a known pause is worth it. The payloads are common/error_details.h's; the
// RPC adapter turns them into google.rpc.Status details. Stateless;
// thread-safe.
#ifndef READOUT_CATALOG_SERVICE_ERRORS_H_
#define READOUT_CATALOG_SERVICE_ERRORS_H_

#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "common/error_details.h"

namespace readout::catalog {

// One domain and one set of payload type URLs for both services.
using ::readout::common::kErrorDomain;
using ::readout::common::kErrorInfoTypeUrl;
using ::readout::common::kRetryInfoTypeUrl;

// Returns a status with `code`, `message` and an ErrorInfo{reason, domain}.
absl::Status MakeError(absl::StatusCode code, absl::string_view reason, absl::string_view message);

// Returns `status` with a RetryInfo: the client should retry after `delay`.
// An OK status is returned unchanged.
using ::readout::common::WithRetryDelay;

// Shorthands for the usual codes.
absl::Status InvalidArgument(absl::string_view reason, absl::string_view message);
absl::Status NotFound(absl::string_view reason, absl::string_view message);

// The ErrorInfo reason carried by `status`, or "" when it has none.
std::string ErrorReason(const absl::Status& status);

// Returns `status` with an ErrorInfo added when it has none (reason derived
// from the code, e.g. "INTERNAL"), so every error leaving the service has one.
absl::Status WithDefaultReason(absl::Status status);

}  // namespace readout::catalog

// Returns from the enclosing function when `expr` (an absl::Status) is not OK.
#define CATALOG_RETURN_IF_ERROR(expr)                  \
  do {                                                 \
    ::absl::Status catalog_status_ = (expr);           \
    if (!catalog_status_.ok()) return catalog_status_; \
  } while (0)

#define CATALOG_CONCAT_INNER_(a, b) a##b
#define CATALOG_CONCAT_(a, b) CATALOG_CONCAT_INNER_(a, b)
// Evaluates `rexpr` (a StatusOr), returns its status on error, otherwise
// moves the value into `lhs` (a declaration such as `auto x`).
#define CATALOG_ASSIGN_OR_RETURN(lhs, rexpr) \
  CATALOG_ASSIGN_OR_RETURN_IMPL_(CATALOG_CONCAT_(catalog_so_, __LINE__), lhs, rexpr)
#define CATALOG_ASSIGN_OR_RETURN_IMPL_(so, lhs, rexpr) \
  auto so = (rexpr);                                   \
  if (!so.ok()) return so.status();                    \
  lhs = std::move(*so)

#endif  // READOUT_CATALOG_SERVICE_ERRORS_H_
