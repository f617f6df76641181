// UTF-8 well-formedness, checked in one linear pass (RFC 3629: no overlong
// forms, no surrogates, nothing above U+10FFFF). Shared by the extraction
// engine (ValidateUtf8) and the extractor's request checks.
//
// Thread-safety: pure functions, safe to call concurrently.
#ifndef READOUT_COMMON_UTF8_H_
#define READOUT_COMMON_UTF8_H_

#include <cstddef>
#include <string>

#include "absl/strings/string_view.h"

namespace readout::common {

// Why a sequence is ill-formed, and where.
struct Utf8Error {
  enum class Kind {
    kBadByte,           // a byte that cannot start or continue a sequence
    kTruncated,         // the text ends inside a sequence
    kInvalidCodePoint,  // an overlong form, a surrogate or above U+10FFFF
  };
  Kind kind = Kind::kBadByte;
  // The first byte of the ill-formed sequence.
  size_t sequence_offset = 0;
  // The byte at fault: for kBadByte the lead byte or the first following
  // byte that is not a continuation byte; otherwise sequence_offset.
  size_t byte_offset = 0;
};

// Returns the offset of the first byte of `bytes` that is not part of a
// well-formed UTF-8 sequence, or npos when all of it is valid. When not
// npos and `error` is not null, fills *error with the details.
size_t FindInvalidUtf8(absl::string_view bytes, Utf8Error* error = nullptr);

// Appends `bytes` to *out with every ill-formed sequence replaced by U+FFFD
// (one replacement for a bad lead byte and the stray continuation bytes
// after it), so that *out stays well-formed whatever `bytes` holds. For text
// from a library that may emit ill-formed UTF-8 (gumbo, given a numeric
// character reference too large for its int, encodes garbage).
void AppendWithReplacement(absl::string_view bytes, std::string* out);

}  // namespace readout::common

#endif  // READOUT_COMMON_UTF8_H_
