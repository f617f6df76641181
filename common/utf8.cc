// UTF-8 well-formedness (see utf8.h).
#include "common/utf8.h"

#include <cstdint>
#include <cstring>

namespace readout::common {
namespace {

size_t Fail(Utf8Error::Kind kind, size_t sequence, size_t byte, Utf8Error* error) {
  if (error != nullptr) *error = {kind, sequence, byte};
  return sequence;
}

}  // namespace

size_t FindInvalidUtf8(absl::string_view bytes, Utf8Error* error) {
  using Kind = Utf8Error::Kind;
  const auto* s = reinterpret_cast<const unsigned char*>(bytes.data());
  const size_t n = bytes.size();
  size_t i = 0;
  while (i < n) {
    // ASCII, most of any text, eight bytes at a time.
    while (i + 8 <= n) {
      uint64_t word;
      std::memcpy(&word, s + i, 8);
      if ((word & 0x8080808080808080ull) != 0) break;
      i += 8;
    }
    if (i >= n) break;
    unsigned char c = s[i];
    if (c < 0x80) {
      ++i;
      continue;
    }
    size_t len;
    unsigned char lo = 0x80, hi = 0xBF;  // Range of the second byte.
    if (c >= 0xC2 && c <= 0xDF) {
      len = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
      len = 3;
      if (c == 0xE0) lo = 0xA0;  // No overlongs.
      if (c == 0xED) hi = 0x9F;  // No surrogates.
    } else if (c >= 0xF0 && c <= 0xF4) {
      len = 4;
      if (c == 0xF0) lo = 0x90;  // No overlongs.
      if (c == 0xF4) hi = 0x8F;  // Nothing above U+10FFFF.
    } else {
      return Fail(Kind::kBadByte, i, i, error);
    }
    if (i + len > n) return Fail(Kind::kTruncated, i, i, error);
    for (size_t k = 1; k < len; ++k) {
      if ((s[i + k] & 0xC0) != 0x80) return Fail(Kind::kBadByte, i, i + k, error);
    }
    if (s[i + 1] < lo || s[i + 1] > hi) return Fail(Kind::kInvalidCodePoint, i, i, error);
    i += len;
  }
  return absl::string_view::npos;
}

void AppendWithReplacement(absl::string_view bytes, std::string* out) {
  static constexpr absl::string_view kReplacement = "\xEF\xBF\xBD";
  Utf8Error error;
  for (size_t bad = FindInvalidUtf8(bytes, &error); bad != absl::string_view::npos;
       bad = FindInvalidUtf8(bytes, &error)) {
    out->append(bytes.data(), bad);
    out->append(kReplacement.data(), kReplacement.size());
    // Resume at the byte that broke the sequence when it is not its lead
    // byte (it may start a good sequence); else past the lead byte and any
    // continuation bytes that follow it.
    size_t next = bad + 1;
    if (error.kind == Utf8Error::Kind::kBadByte && error.byte_offset > bad) {
      next = error.byte_offset;
    } else {
      while (next < bytes.size() && (static_cast<unsigned char>(bytes[next]) & 0xC0) == 0x80) {
        ++next;
      }
    }
    bytes.remove_prefix(next);
  }
  out->append(bytes.data(), bytes.size());
}

}  // namespace readout::common
