// UTF-8 validation and whitespace normalization (one linear pass each).
#include "extractor-service/engine/text_normalizer.h"

#include <cstdint>

#include "absl/strings/str_cat.h"

namespace readout::extractor::internal {

absl::Status ValidateUtf8(absl::string_view text) {
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  const size_t n = text.size();
  size_t i = 0;
  while (i < n) {
    unsigned char c = s[i];
    if (c < 0x80) {
      ++i;
      continue;
    }
    int len = 0;
    uint32_t cp = 0;
    if (c >= 0xC2 && c <= 0xDF) {
      len = 2;
      cp = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
      len = 3;
      cp = c & 0x0F;
    } else if (c >= 0xF0 && c <= 0xF4) {
      len = 4;
      cp = c & 0x07;
    } else {
      return absl::InvalidArgumentError(
          absl::StrCat("the document is not valid UTF-8: bad byte at offset ", i));
    }
    if (i + len > n) {
      return absl::InvalidArgumentError(absl::StrCat(
          "the document is not valid UTF-8: truncated sequence at offset ", i));
    }
    for (int k = 1; k < len; ++k) {
      if ((s[i + k] & 0xC0) != 0x80) {
        return absl::InvalidArgumentError(absl::StrCat(
            "the document is not valid UTF-8: bad byte at offset ", i + k));
      }
      cp = (cp << 6) | (s[i + k] & 0x3F);
    }
    if ((len == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) ||
        (len == 4 && (cp < 0x10000 || cp > 0x10FFFF))) {
      return absl::InvalidArgumentError(absl::StrCat(
          "the document is not valid UTF-8: invalid code point at offset ", i));
    }
    i += len;
  }
  return absl::OkStatus();
}

std::string NormalizeText(absl::string_view text) {
  std::string out;
  out.reserve(text.size());
  int pending_newlines = 0;  // Newlines seen since the last visible char.
  bool pending_space = false;
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
      if (!out.empty()) {
        if (pending_newlines > 0) {
          out.append(pending_newlines > 1 ? "\n\n" : "\n");
        } else if (pending_space) {
          out.push_back(' ');
        }
      }
      pending_newlines = 0;
      pending_space = false;
      out.append(text.data() + i, j - i);
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
    } else if (c == 0xE2 && i + 2 < n &&
               static_cast<unsigned char>(text[i + 1]) == 0x80 &&
               (static_cast<unsigned char>(text[i + 2]) == 0xA8 ||
                static_cast<unsigned char>(text[i + 2]) == 0xA9)) {
      newline = true;  // Line / paragraph separator.
      i += 2;
    } else if (c == 0xE3 && i + 2 < n &&
               static_cast<unsigned char>(text[i + 1]) == 0x80 &&
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
    if (!out.empty()) {
      if (pending_newlines > 0) {
        out.append(pending_newlines > 1 ? "\n\n" : "\n");
      } else if (pending_space) {
        out.push_back(' ');
      }
    }
    pending_newlines = 0;
    pending_space = false;
    out.push_back(static_cast<char>(c));
  }
  return out;
}

}  // namespace readout::extractor::internal
