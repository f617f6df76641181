// Resource names of the catalog (AIP-122): documents/{document} where
// {document} is a 64-digit lowercase hex SHA-256 content hash, and
// people/{person} where {person} is the normalized person name. Pure
// functions; thread-safe.
#ifndef READOUT_CATALOG_SERVICE_QUERY_NAMES_H_
#define READOUT_CATALOG_SERVICE_QUERY_NAMES_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace readout::catalog {

// "documents/" + id.
std::string DocumentName(absl::string_view id);
// The id of a "documents/{document}" name; INVALID_ARGUMENT (INVALID_NAME)
// when the name is malformed.
absl::StatusOr<std::string> ParseDocumentName(absl::string_view name);

// "people/" + key.
std::string PersonName(absl::string_view key);
// The key of a "people/{person}" name; INVALID_ARGUMENT when malformed.
absl::StatusOr<std::string> ParsePersonName(absl::string_view name);

// The normalized key of a person name: ASCII letters lowercased, digits kept,
// non-ASCII bytes kept as-is, every run of other characters one '-', no
// leading or trailing '-'. "Chen  Qiufa" and "chen qiufa" -> "chen-qiufa".
std::string PersonKey(absl::string_view person_name);

// True when `id` is 64 lowercase hex digits.
bool IsContentHash(absl::string_view id);

}  // namespace readout::catalog

#endif  // READOUT_CATALOG_SERVICE_QUERY_NAMES_H_
