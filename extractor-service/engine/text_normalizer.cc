// UTF-8 validation and whitespace normalization (one linear pass each).
#include "extractor-service/engine/text_normalizer.h"

#include <cstdint>
#include <cstring>
#include <string>

#include "absl/strings/str_cat.h"
#include "common/utf8.h"

namespace readout::extractor::internal {

absl::Status ValidateUtf8(absl::string_view text) {
  common::Utf8Error error;
  if (common::FindInvalidUtf8(text, &error) == absl::string_view::npos) return absl::OkStatus();
  const char* what = "bad byte";
  if (error.kind == common::Utf8Error::Kind::kTruncated) what = "truncated sequence";
  if (error.kind == common::Utf8Error::Kind::kInvalidCodePoint) what = "invalid code point";
  return absl::InvalidArgumentError(
      absl::StrCat("the document is not valid UTF-8: ", what, " at offset ", error.byte_offset));
}

std::string NormalizeText(absl::string_view text) {
  // The output never outgrows the input (every space or newline written
  // stands for at least one byte read), so it is written through a pointer
  // into a buffer of the input's size, cut to length at the end.
  std::string out(text.size(), '\0');
  char* const begin = out.data();
  char* w = begin;
  int pending_newlines = 0;  // Newlines seen since the last visible char.
  bool pending_space = false;
  // Writes the whitespace pending before a visible character.
  auto flush_pending = [&] {
    if (w != begin) {
      if (pending_newlines > 0) {
        *w++ = '\n';
        if (pending_newlines > 1) *w++ = '\n';
      } else if (pending_space) {
        *w++ = ' ';
      }
    }
    pending_newlines = 0;
    pending_space = false;
  };
  const size_t n = text.size();
  for (size_t i = 0; i < n; ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    // Fast path: a run of plain printable ASCII.
    if (c > 0x20 && c < 0x7F) {
      size_t j = i + 1;
      while (j < n) {
        unsigned char d = static_cast<unsigned char>(text[j]);
        if (d <= 0x20 || d >= 0x7F) break;
        ++j;
      }
      flush_pending();
      std::memcpy(w, text.data() + i, j - i);
      w += j - i;
      i = j - 1;
      continue;
    }
    bool newline = false;
    bool space = false;
    if (c == '\r') {
      newline = true;
      if (i + 1 < n && text[i + 1] == '\n') ++i;
    } else if (c == '\n') {
      newline = true;
    } else if (c < 0x20 || c == 0x7F) {
      space = true;
    } else if (c == ' ') {
      space = true;
    } else if (c == 0xC2 && i + 1 < n &&
               (static_cast<unsigned char>(text[i + 1]) == 0xA0 ||
                static_cast<unsigned char>(text[i + 1]) == 0x85)) {
      space = true;  // NBSP or NEL.
      ++i;
    } else if (c == 0xE2 && i + 2 < n && static_cast<unsigned char>(text[i + 1]) == 0x80 &&
               (static_cast<unsigned char>(text[i + 2]) == 0xA8 ||
                static_cast<unsigned char>(text[i + 2]) == 0xA9)) {
      newline = true;  // Line / paragraph separator.
      i += 2;
    } else if (c == 0xE3 && i + 2 < n && static_cast<unsigned char>(text[i + 1]) == 0x80 &&
               static_cast<unsigned char>(text[i + 2]) == 0x80) {
      space = true;  // Ideographic space.
      i += 2;
    }
    if (newline) {
      ++pending_newlines;
      pending_space = false;
      continue;
    }
    if (space) {
      pending_space = true;
      continue;
    }
    flush_pending();
    *w++ = static_cast<char>(c);
  }
  out.resize(static_cast<size_t>(w - begin));
  return out;
}

}  // namespace readout::extractor::internal
