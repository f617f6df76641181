// Input checks and text normalization: UTF-8 validation, line endings,
// control characters and whitespace runs. The normalized text is what every
// span of an extraction points into.
#ifndef READOUT_EXTRACTOR_SERVICE_ENGINE_TEXT_NORMALIZER_H_
#define READOUT_EXTRACTOR_SERVICE_ENGINE_TEXT_NORMALIZER_H_

#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace readout::extractor::internal {

// OK when `text` is well-formed UTF-8 (no overlongs, surrogates or code
// points above U+10FFFF); INVALID_ARGUMENT naming the first bad byte offset.
absl::Status ValidateUtf8(absl::string_view text);

// Tidies whitespace: CRLF/CR become LF, tabs, NBSP and other control
// characters become spaces, runs of spaces collapse to one, lines are
// trimmed, and more than one blank line collapses to one. Leading and
// trailing blank space is dropped. Expects valid UTF-8.
std::string NormalizeText(absl::string_view text);

}  // namespace readout::extractor::internal

#endif  // READOUT_EXTRACTOR_SERVICE_ENGINE_TEXT_NORMALIZER_H_
