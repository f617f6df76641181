// Opaque page tokens (AIP-158): a cursor (where the next page starts) sealed
// with a truncated HMAC-SHA256 that binds it to the request it continues
// (method, filter, order, query), then URL-safe base64. A token that was
// altered, comes from another request or another catalog is
// INVALID_ARGUMENT (reason INVALID_PAGE_TOKEN). Thread-safe (pure functions).
#ifndef READOUT_CATALOG_SERVICE_QUERY_PAGE_TOKEN_H_
#define READOUT_CATALOG_SERVICE_QUERY_PAGE_TOKEN_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace readout::catalog {

// Where the next page starts: keyset (sort key, row id, text key) or offset.
struct PageCursor {
  int64_t key = 0;
  int64_t row = 0;
  int64_t offset = 0;
  std::string text;  // At most 1024 bytes.

  bool operator==(const PageCursor& other) const {
    return key == other.key && row == other.row && offset == other.offset && text == other.text;
  }
};

// Returns the token of `cursor` for a request described by `binding`, sealed
// with `secret`.
std::string EncodePageToken(const PageCursor& cursor, absl::string_view binding,
                            absl::string_view secret);

// Returns the cursor of `token` when it was made by EncodePageToken with the
// same binding and secret; INVALID_ARGUMENT otherwise.
absl::StatusOr<PageCursor> DecodePageToken(absl::string_view token, absl::string_view binding,
                                           absl::string_view secret);

}  // namespace readout::catalog

#endif  // READOUT_CATALOG_SERVICE_QUERY_PAGE_TOKEN_H_
