// UTF-8 validation and whitespace normalization (one linear pass each).
#include "extractor-service/engine/text_normalizer.h"

#include <cstdint>
#include <cstring>
#include <string>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "absl/numeric/bits.h"
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

namespace {

// Bytes copied without a look at their neighbours: all but ASCII spaces and
// controls, DEL, and the lead bytes of the Unicode spaces and line breaks
// read below (0xC2: NBSP, NEL; 0xE2: line and paragraph separators; 0xE3:
// the ideographic space).
struct CopiedTable {
  bool copied[256] = {};
  constexpr CopiedTable() {
    for (int c = 0x21; c < 0x7F; ++c) copied[c] = true;
    for (int c = 0x80; c < 0x100; ++c) copied[c] = c != 0xC2 && c != 0xE2 && c != 0xE3;
  }
  constexpr bool operator[](unsigned char c) const { return copied[c]; }
};
constexpr CopiedTable kCopied;

#ifdef __SSE2__
// How many of the 16 bytes at p the run copies as they are: copied bytes
// (kCopied) and single spaces before a copied byte, up to the first other
// byte; a space in the last place is left to the byte-by-byte step, which
// sees the byte after it.
inline unsigned CopiedPrefix16(const char* p) {
  const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
  auto eq = [&v](int c) { return _mm_cmpeq_epi8(v, _mm_set1_epi8(static_cast<char>(c))); };
  // Not copied: bytes up to the space (unsigned), DEL, and the lead bytes
  // of the Unicode spaces (0xC2, 0xE2, 0xE3).
  const __m128i low = _mm_cmpeq_epi8(_mm_min_epu8(v, _mm_set1_epi8(0x20)), v);
  const unsigned other = static_cast<unsigned>(_mm_movemask_epi8(_mm_or_si128(
      _mm_or_si128(low, eq(0x7F)), _mm_or_si128(eq(0xC2), _mm_or_si128(eq(0xE2), eq(0xE3))))));
  const unsigned space = static_cast<unsigned>(_mm_movemask_epi8(eq(' ')));
  const unsigned stop = (other & ~space) | (space & (other >> 1)) | (space & 0x8000u);
  return static_cast<unsigned>(absl::countr_zero(stop | 0x10000u));
}
#endif

}  // namespace

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
    // Fast path: a run of bytes copied as they are (printable ASCII and
    // the bytes of characters other than the Unicode spaces below), and
    // the single spaces between them, which normalize to themselves: most
    // prose is one such run per line.
    if (kCopied[c]) {
      flush_pending();
      const char* const src = text.data();
      size_t j = i;
      for (;;) {
#ifdef __SSE2__
        // 16 bytes at a time: all 16 are stored (the output is never ahead
        // of the input, so they fit), and the copied prefix kept.
        if (j + 16 <= n) {
          const unsigned take = CopiedPrefix16(src + j);
          std::memcpy(w, src + j, 16);
          w += take;
          j += take;
          if (take == 16) continue;
        }
#endif
        if (j >= n) break;
        const unsigned char d = static_cast<unsigned char>(src[j]);
        if (kCopied[d]) {
          *w++ = static_cast<char>(d);
          ++j;
          continue;
        }
        if (d != ' ' || j + 1 >= n || !kCopied[static_cast<unsigned char>(src[j + 1])]) break;
        *w++ = ' ';
        ++j;
      }
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
