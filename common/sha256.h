// SHA-256 as lowercase hex: the form of readout content hashes
// (Document.content_hash, the id in documents/{hash}).
//
// Thread-safety: a pure function, safe to call concurrently.
#ifndef READOUT_COMMON_SHA256_H_
#define READOUT_COMMON_SHA256_H_

#include <string>

#include "absl/strings/string_view.h"

namespace readout::common {

// Lowercase hex SHA-256 of `data` (64 characters).
std::string Sha256Hex(absl::string_view data);

}  // namespace readout::common

#endif  // READOUT_COMMON_SHA256_H_
