// Checks an ExtractorService request and turns its DocumentInput into the
// engine's DocumentSource. Pure logic (no gRPC), shared by Extract and
// StreamExtract. Every error carries a google.rpc.ErrorInfo reason (see
// common/server/status_util.h) and a message naming the field.
//
// Thread-safety: pure functions.
#ifndef READOUT_EXTRACTOR_SERVICE_SERVICE_REQUEST_VALIDATION_H_
#define READOUT_EXTRACTOR_SERVICE_SERVICE_REQUEST_VALIDATION_H_

#include <cstddef>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "extractor-service/engine/extractor.h"
#include "readout/v1/extractor_service.pb.h"

namespace readout::extractor {

// ErrorInfo reasons of the extractor's own errors.
inline constexpr char kReasonMissingDocument[] = "MISSING_DOCUMENT";
inline constexpr char kReasonEmptyDocument[] = "EMPTY_DOCUMENT";
inline constexpr char kReasonDocumentTooLarge[] = "DOCUMENT_TOO_LARGE";
inline constexpr char kReasonInvalidUtf8[] = "INVALID_UTF8";
inline constexpr char kReasonInvalidPublishedDate[] = "INVALID_PUBLISHED_DATE";
inline constexpr char kReasonInvalidFormat[] = "INVALID_FORMAT";

// Validates `input` (`has_input` is false when the request had no document
// at all) and returns the engine's view of it. The content is borrowed from
// `input`. Errors, in the order checked:
//   INVALID_ARGUMENT  no document, or neither text nor data set (MISSING_DOCUMENT)
//   INVALID_ARGUMENT  empty content (EMPTY_DOCUMENT)
//   RESOURCE_EXHAUSTED content over `max_document_bytes` (DOCUMENT_TOO_LARGE)
//   INVALID_ARGUMENT  `data` that is not UTF-8, with the offset (INVALID_UTF8)
//   INVALID_ARGUMENT  an unknown format value (INVALID_FORMAT)
//   INVALID_ARGUMENT  a published_date that is set but not a real day
//                     (INVALID_PUBLISHED_DATE); all-zero means unknown.
absl::StatusOr<DocumentSource> ToDocumentSource(bool has_input, const v1::DocumentInput& input,
                                                size_t max_document_bytes);

}  // namespace readout::extractor

#endif  // READOUT_EXTRACTOR_SERVICE_SERVICE_REQUEST_VALIDATION_H_
