// Tokenizer and sentence splitter.
#include "extractor-service/engine/tokens.h"

#include <algorithm>
#include <cstdint>
#include <iterator>
#include <memory>
#include <string>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "absl/container/flat_hash_set.h"
#include "absl/numeric/bits.h"
#include "absl/strings/ascii.h"
#include "extractor-service/engine/vocabulary.h"

namespace readout::extractor::internal {
namespace {

// Longer runs without a sentence end are cut (real sentences are shorter).
constexpr int kMaxSentenceTokens = 300;

bool IsAsciiAlnum(unsigned char c) { return absl::ascii_isalnum(c); }

// Flags of an ASCII letter or digit by byte (0 for every other byte,
// including all bytes of multi-byte characters).
constexpr uint8_t kAsciiAlpha = 1;
constexpr uint8_t kAsciiUpper = 2;
constexpr uint8_t kAsciiDigit = 4;
constexpr uint8_t kAsciiLower = 8;
struct AsciiFlagTable {
  uint8_t flags[256] = {};
  constexpr AsciiFlagTable() {
    for (int c = '0'; c <= '9'; ++c) flags[c] = kAsciiDigit;
    for (int c = 'a'; c <= 'z'; ++c) flags[c] = kAsciiAlpha | kAsciiLower;
    for (int c = 'A'; c <= 'Z'; ++c) flags[c] = kAsciiAlpha | kAsciiUpper;
  }
  constexpr uint8_t operator[](unsigned char c) const { return flags[c]; }
};
constexpr AsciiFlagTable kAsciiFlags;

#ifdef __SSE2__
// The run of ASCII letters and digits at the start of the 16 bytes at p:
// its length (0..16), and the union of its bytes' kAscii* flags in
// `*flags`. Decided for all 16 bytes at once, so that the end of a word
// costs no branch: a byte loop's exit, taken after a different number of
// bytes at each word, was mispredicted about once a word.
inline size_t AsciiRun16(const char* p, uint8_t* flags) {
  const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
  // Bytes in [lo, lo + span] (unsigned): v - lo is at most span.
  auto in_range = [&v](char lo, char span) {
    const __m128i x = _mm_sub_epi8(v, _mm_set1_epi8(lo));
    return _mm_cmpeq_epi8(_mm_min_epu8(x, _mm_set1_epi8(span)), x);
  };
  const unsigned digit = static_cast<unsigned>(_mm_movemask_epi8(in_range('0', 9)));
  const unsigned upper = static_cast<unsigned>(_mm_movemask_epi8(in_range('A', 25)));
  const unsigned lower = static_cast<unsigned>(_mm_movemask_epi8(in_range('a', 25)));
  const unsigned len = static_cast<unsigned>(absl::countr_zero(~(digit | upper | lower)));
  const unsigned in_run = (1u << len) - 1;
  *flags |= static_cast<uint8_t>(((digit & in_run) != 0 ? kAsciiDigit : 0) |
                                 ((upper & in_run) != 0 ? kAsciiAlpha | kAsciiUpper : 0) |
                                 ((lower & in_run) != 0 ? kAsciiAlpha | kAsciiLower : 0));
  return len;
}
#endif

}  // namespace

int LatinLetter(absl::string_view s, size_t i, char* base) {
  // ASCII base letter of U+00C0..U+024F and of U+1E00..U+1EFF (Vietnamese
  // "ầ", "ố" live there); '?' for letters without one, '*' for the two
  // signs (x, division) that sit among the letters. Uppercase base letters
  // mark uppercase letters.
  static constexpr absl::string_view kLatin =
      "AAAAAAACEEEEIIIIDNOOOOO*OUUUUYTsaaaaaaaceeeeiiiidnooooo*ouuuuyty"
      "AaAaAaCcCcCcCcDdDdEeEeEeEeEeGgGgGgGgHhHhIiIiIiIiIi??JjKkkLlLlLlL"
      "lLlNnNnNnn??OoOoOoOoRrRrRrSsSsSsSsTtTtTtUuUuUuUuUuUuWwYyYZzZzZzs"
      "b?????????????????f?????????????Oo?????????????Uu???????????????"
      "?????????????AaIiOoUuUuUuUuUu?AaAa??GgGgKkOoOo??j???Gg??NnAa????"
      "AaAaEeEeIiIiOoOoRrRrUuUuSsTt??Hh??????AaEeOoOoOoOoYy????????????"
      "????????????????";
  static constexpr absl::string_view kExtended =
      "AaBbBbBbCcDdDdDdDdDdEeEeEeEeEeFfGgHhHhHhHhHhIiIiKkKkKkLlLlLlLlMm"
      "MmMmNnNnNnNnOoOoOoOoPpPpRrRrRrRrSsSsSsSsSsTtTtTtTtUuUuUuUuUuVvVv"
      "WwWwWwWwWwXxXxYyZzZzZzhtwy??????AaAaAaAaAaAaAaAaAaAaAaAaEeEeEeEe"
      "EeEeEeEeIiIiOoOoOoOoOoOoOoOoOoOoOoOoUuUuUuUuUuUuUuYyYyYyYy??????";
  static_assert(kLatin.size() == 0x250 - 0xC0 && kExtended.size() == 0x100);
  if (i + 1 >= s.size()) return 0;
  const unsigned char c = static_cast<unsigned char>(s[i]);
  const unsigned char d = static_cast<unsigned char>(s[i + 1]);
  char b = 0;
  int len = 0;
  if (c >= 0xC3 && c <= 0xC9 && (d & 0xC0) == 0x80) {
    const int cp = ((c & 0x1F) << 6) | (d & 0x3F);
    if (cp >= 0xC0 && cp < 0x250) {
      b = kLatin[cp - 0xC0];
      len = 2;
    }
  } else if (c == 0xE1 && d >= 0xB8 && d <= 0xBB && i + 2 < s.size() &&
             (static_cast<unsigned char>(s[i + 2]) & 0xC0) == 0x80) {
    const int cp =
        ((d & 0x3F) << 6) | (static_cast<unsigned char>(s[i + 2]) & 0x3F);  // Low 12 bits.
    b = kExtended[cp - 0xE00];                                              // U+1E00 is E1 B8 80.
    len = 3;
  }
  if (len == 0 || b == '*') return 0;
  if (base != nullptr) *base = b;
  return len;
}

std::string FoldedKey(absl::string_view s) {
  std::string key;
  key.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      if (absl::ascii_isalnum(c)) key.push_back(absl::ascii_tolower(c));
      ++i;
      continue;
    }
    char base = 0;
    const int len = LatinLetter(s, i, &base);
    if (len > 0 && base != '?') {
      key.push_back(absl::ascii_tolower(static_cast<unsigned char>(base)));
      i += len;
      continue;
    }
    // Other letters (Cyrillic, CJK) are kept as written; punctuation
    // (curly quotes, dashes: 0xE2 0x80 ..) is dropped.
    size_t n = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
    n = std::min(n, s.size() - i);
    if (!(c == 0xE2 && n == 3 && static_cast<unsigned char>(s[i + 1]) == 0x80)) {
      key.append(s.data() + i, n);
    }
    i += n;
  }
  return key;
}

namespace {

// Byte length of the letter or digit at s[i], else 0. ASCII is decided
// inline: only a lead byte of an accented Latin letter (0xC3..0xC9, 0xE1)
// needs the table lookup.
inline int WordCharLen(absl::string_view s, size_t i) {
  if (i >= s.size()) return 0;
  const unsigned char c = static_cast<unsigned char>(s[i]);
  if (c < 0x80) return IsAsciiAlnum(c) ? 1 : 0;
  if (c < 0xC3 || (c > 0xC9 && c != 0xE1)) return 0;
  return LatinLetter(s, i, nullptr);
}

// Right single quotation mark (U+2019) at i.
bool IsCurlyApostrophe(absl::string_view s, size_t i) {
  return i + 2 < s.size() && static_cast<unsigned char>(s[i]) == 0xE2 &&
         static_cast<unsigned char>(s[i + 1]) == 0x80 &&
         static_cast<unsigned char>(s[i + 2]) == 0x99;
}

int ApostropheLen(absl::string_view s, size_t i) {
  if (i < s.size() && s[i] == '\'') return 1;
  if (i + 2 < s.size() && IsCurlyApostrophe(s, i)) return 3;
  return 0;
}

const absl::flat_hash_set<std::string>& Abbreviations() {
  static const auto* const kSet = new absl::flat_hash_set<std::string>{
      "mr",  "mrs",  "ms",  "dr",  "st",     "jan", "feb",  "mar",   "apr", "jun", "jul",    "aug",
      "sep", "sept", "oct", "nov", "dec",    "no",  "co",   "gen",   "lt",  "col", "prof",   "sen",
      "rep", "gov",  "jr",  "sr",  "vs",     "etc", "corp", "dept",  "mt",  "ft",  "approx", "fig",
      "vol", "capt", "adm", "sgt", "messrs", "al",  "inc",  "int'l", "rt",  "hon", "smt"};
  return *kSet;
}

// "King Harald V. The talks ...": a capital I, V or X after a capitalized
// word is a regnal numeral, not an initial, when what follows its period is
// no name word: the end of the line or text, or a capitalized word that
// never belongs to a name ("The", "He", "President"). Then the period ends
// the sentence. "Dennis I. Lindqvist" keeps its initial. Read only for a
// single capital I, V or X before a period (rare).
bool NumeralBeforeSentenceEnd(absl::string_view text, size_t i, size_t period,
                              const std::vector<Token>& toks) {
  const char c = text[i];
  if (c != 'I' && c != 'V' && c != 'X') return false;
  // The token before the letter (the letter's own token is toks.back()).
  if (toks.size() < 2) return false;
  const Token& prev = toks[toks.size() - 2];
  if (!prev.word || !prev.cap || prev.end + 1 != i) return false;
  size_t q = period + 1;
  while (q < text.size() && text[q] == ' ') ++q;
  if (q >= text.size() || text[q] == '\n') return true;
  if (!absl::ascii_isupper(static_cast<unsigned char>(text[q]))) return false;
  size_t e = q;
  while (e < text.size() && e < q + 24 &&
         absl::ascii_isalpha(static_cast<unsigned char>(text[e]))) {
    ++e;
  }
  const std::string next = absl::AsciiStrToLower(text.substr(q, e - q));
  return (GetVocabulary().Classify(next) & kClsNonName) != 0;
}

// "met Mayor Wang Jun. He said ...": a month's short form that is also a
// given name or a word ("Jun", "Jan", "Dec", "Mar", "Sep") abbreviates the
// month only before a number ("Jun. 5", "Dec. 2024"); before anything else its period ends the
// sentence. Read only for those short forms before a period.
bool NameBeforeSentenceEnd(absl::string_view lower, absl::string_view text, size_t period) {
  if (!IsMonthShortFormAlsoName(lower)) return false;
  size_t q = period + 1;
  while (q < text.size() && text[q] == ' ') ++q;
  return q >= text.size() || !absl::ascii_isdigit(static_cast<unsigned char>(text[q]));
}

bool IsOpeningOrClosing(absl::string_view t) {
  return t == "\"" || t == "\xE2\x80\x9D" || t == "\xE2\x80\x99" || t == ")" || t == "'" ||
         t == "]";
}

}  // namespace

bool AgreementSignedAt(const std::vector<Token>& toks, int k, int first, int last) {
  for (int q = k + 1; q < last && q <= k + 5 && toks[q].word; ++q) {
    if (toks[q].lower == "by") break;
    if (IsAgreementNoun(toks[q].lower)) return true;
  }
  return k + 1 < last && toks[k + 1].lower == "by" && SigningBefore(toks, k, first);
}

bool SigningBefore(const std::vector<Token>& toks, int k, int first) {
  for (int q = k - 1; q >= first && q >= k - 20; --q) {
    if (IsAgreementNoun(toks[q].lower) || toks[q].lower == "signed" || toks[q].lower == "signing") {
      return true;
    }
  }
  return false;
}

bool IsNameShaped(const Token& t) {
  if (!t.word || !t.cap || t.has_digit) return false;
  if (t.all_caps) return false;
  return true;
}

TokenizedText Tokenize(absl::string_view text, size_t max_tokens) {
  TokenizedText out;
  std::vector<Token>& toks = out.tokens;
  toks.reserve(std::min(text.size() / 3 + 4, max_tokens));
  // 16 bytes of slack: a short word is lowered by one 16-byte store.
  out.arena = std::make_unique<char[]>(text.size() + 17);
  char* arena = out.arena.get();
  size_t arena_used = 0;
  // Lowercase copy of text[b, e) in the arena (total never exceeds the text).
  auto lower_of = [&](size_t b, size_t e) {
    char* dst = arena + arena_used;
#ifdef __SSE2__
    if (e - b <= 16 && b + 16 <= text.size()) {
      // The 16 bytes from b, 'A'..'Z' lowered; the bytes past e are
      // overwritten by the next form or never read.
      const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(text.data() + b));
      const __m128i x = _mm_sub_epi8(v, _mm_set1_epi8('A'));
      const __m128i upper = _mm_cmpeq_epi8(_mm_min_epu8(x, _mm_set1_epi8(25)), x);
      _mm_storeu_si128(reinterpret_cast<__m128i*>(dst),
                       _mm_or_si128(v, _mm_and_si128(upper, _mm_set1_epi8(0x20))));
      arena_used += e - b;
      return absl::string_view(dst, e - b);
    }
#endif
    for (size_t q = b; q < e; ++q) {
      dst[q - b] = absl::ascii_tolower(static_cast<unsigned char>(text[q]));
    }
    arena_used += e - b;
    return absl::string_view(dst, e - b);
  };
  const size_t n = text.size();
  size_t i = 0;
  int paragraph = 0;
  std::vector<int> breaks_before;  // Token indexes that start a paragraph.
  // Punctuation that the passes after the scan read, listed as it is met,
  // so that those passes visit these tokens only, not every token again.
  std::vector<int> opens;  // "(": where a photo credit may start.
  std::vector<int> ends;   // ".", "?", "!", ideographic full stop, "--", em dash.
  // A token takes at least one byte, and at most max_tokens are made.
  out.capital_words.assign((std::min(n, max_tokens) + 63) / 64 + 1, 0);
  uint64_t* const capital_words = out.capital_words.data();
  bool new_para = true;
  const bool capped = max_tokens < n;
  while (i < n) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c == ' ') {
      ++i;
      continue;
    }
    if (c == '\n') {
      new_para = true;
      ++i;
      continue;
    }
    // Every token takes a byte, so a text no longer than the cap never
    // reaches it.
    if (capped && toks.size() >= max_tokens) {
      // Stop at the cap: the caller refuses the document.
      out.truncated = true;
      break;
    }
    if (new_para) {
      breaks_before.push_back(static_cast<int>(toks.size()));
      if (!toks.empty()) ++paragraph;
      new_para = false;
    }
    // The token is filled in place: a Token assembled aside and copied in
    // costs a store-to-load stall per token.
    Token& t = toks.emplace_back();
    t.sentence = paragraph;  // Temporarily the paragraph number.
    t.begin = static_cast<uint32_t>(i);
    const uint8_t first_flags = kAsciiFlags[c];
    if (first_flags != 0 || (c >= 0x80 && WordCharLen(text, i) > 0)) {
      size_t j = i;
      uint8_t seen = 0;           // Union of the flags of the ASCII bytes.
      bool other_letter = false;  // A non-ASCII letter ("ầ").
      bool internal_period = false;
      bool curly = false;  // A curly apostrophe inside ("Xi\u2019an").
      for (;;) {
        // A run of ASCII letters and digits, the common case. The loop
        // carries one flag byte that lives only inside it, so that it
        // stays in a register: counters live across the whole token were
        // spilled to the stack in this long function, and every byte
        // waited on the store of the one before.
        uint8_t run = 0;
        size_t len = 16;
#ifdef __SSE2__
        while (len == 16 && j + 16 <= n) {
          len = AsciiRun16(text.data() + j, &run);
          j += len;
        }
#endif
        if (len == 16) {  // Near the end of the text: byte by byte.
          while (j < n) {
            const uint8_t f = kAsciiFlags[static_cast<unsigned char>(text[j])];
            if (f == 0) break;
            run |= f;
            ++j;
          }
        }
        seen |= run;
        if (j >= n) break;
        const unsigned char d = static_cast<unsigned char>(text[j]);
        if (d == ' ') break;  // The common end of a word.
        if (d >= 0x80) {
          const int l = WordCharLen(text, j);
          if (l > 0) {
            other_letter = true;
            j += l;
            continue;
          }
        }
        // Internal connectors: '-', '.', apostrophes followed by a letter.
        if ((d == '-' || d == '.') && WordCharLen(text, j + 1) > 0) {
          if (d == '.') internal_period = true;
          ++j;
          continue;
        }
        int al = ApostropheLen(text, j);
        if (al > 0 && WordCharLen(text, j + al) > 0) {
          // A possessive 's is its own token.
          bool possessive =
              (text[j + al] == 's' || text[j + al] == 'S') && WordCharLen(text, j + al + 1) == 0;
          if (possessive) break;
          j += al;
          curly |= al > 1;
          continue;
        }
        break;
      }
      t.end = static_cast<uint32_t>(j);
      // A word without an ASCII capital is its own lowercase form: it is
      // read in place, and only words with a capital are copied lowered.
      t.lower = (seen & kAsciiUpper) != 0 ? lower_of(i, j) : text.substr(i, j - i);
      char base = 0;
      const bool cap = (first_flags & kAsciiUpper) != 0 ||
                       (c >= 0x80 && LatinLetter(text, i, &base) > 0 && absl::ascii_isupper(base));
      // All capitals: two or more letters, every one an ASCII capital.
      // Counted only when no other letter was seen (rare).
      bool all_caps = false;
      if (!other_letter && (seen & (kAsciiLower | kAsciiUpper)) == kAsciiUpper) {
        int uppers = 0;
        for (size_t q = i; q < j && uppers < 2; ++q) {
          uppers += (kAsciiFlags[static_cast<unsigned char>(text[q])] & kAsciiUpper) != 0;
        }
        all_caps = uppers >= 2;
      }
      // The one-bit fields written together (one store, not one per field).
      t.word = true;
      t.cap = cap;
      t.all_caps = all_caps;
      t.has_digit = (seen & kAsciiDigit) != 0;
      t.non_ascii = other_letter || curly;
      const size_t k = toks.size() - 1;
      capital_words[k >> 6] |= static_cast<uint64_t>(cap | all_caps) << (k & 63);
      // Abbreviation period.
      if (j < n && text[j] == '.') {
        bool single_upper = (j - i == 1) && (first_flags & kAsciiUpper) != 0;
        if (internal_period || (single_upper && !NumeralBeforeSentenceEnd(text, i, j, toks)) ||
            (Abbreviations().contains(t.lower) && !NameBeforeSentenceEnd(t.lower, text, j))) {
          t.end = static_cast<uint32_t>(j + 1);
        }
      }
      i = t.end;
      if (i < n && text[i] == ' ') ++i;  // The space after a word, read here.
    } else {
      // A possessive follows a word that ends right here.
      const size_t nk = toks.size();
      const bool word_before = nk >= 2 && toks[nk - 2].end == i && toks[nk - 2].word;
      int al = ApostropheLen(text, i);
      if (al > 0 && i + al < n && (text[i + al] == 's' || text[i + al] == 'S') &&
          WordCharLen(text, i + al + 1) == 0 && word_before) {
        t.possessive = true;
        t.end = static_cast<uint32_t>(i + al + 1);
        t.lower = "'s";
      } else if (c == '-' && i + 1 < n && text[i + 1] == '-') {
        t.end = static_cast<uint32_t>(i + 2);
        t.lower = "--";
        ends.push_back(static_cast<int>(nk - 1));
      } else if (c < 0x80) {
        t.end = static_cast<uint32_t>(i + 1);
        t.lower = text.substr(i, 1);
        if (c == '.' || c == '?' || c == '!') {
          ends.push_back(static_cast<int>(nk - 1));
        } else if (c == '(') {
          opens.push_back(static_cast<int>(nk - 1));
        }
      } else {
        // Other characters whole; em and en dashes act like "--" in the
        // sentence splitter.
        size_t len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
        if (i + len > n) len = n - i;
        t.end = static_cast<uint32_t>(i + len);
        t.lower = text.substr(i, len);
        if (t.lower == "\xE3\x80\x82" || t.lower == "\xE2\x80\x94") {
          ends.push_back(static_cast<int>(nk - 1));
        }
      }
      i = t.end;
    }
  }

  // Photo credits "(Xinhua/Name)", "(Photo by ...)", and editor lines.
  const int nt = static_cast<int>(toks.size());
  out.capital_words.resize((toks.size() + 63) / 64);
  std::vector<int> credit_closes;  // The ")" of each photo credit, in order.
  for (const int k : opens) {
    int close_at = -1;
    bool credit = false;
    for (int m = k + 1; m < nt && m < k + 16; ++m) {
      if (toks[m].lower == ")") {
        close_at = m;
        break;
      }
      if (toks[m].lower == "(") break;
      if (toks[m].lower == "/") credit = true;
    }
    if (close_at < 0) continue;
    if (k + 1 < close_at &&
        (toks[k + 1].lower == "photo" || toks[k + 1].lower == "web" ||
         toks[k + 1].lower == "editor" || toks[k + 1].lower == "reporter" ||
         toks[k + 1].lower == "source" || toks[k + 1].lower == "correspondent" ||
         toks[k + 1].lower == "photos" || toks[k + 1].lower == "translator")) {
      credit = true;
    }
    if (!credit) continue;
    for (int m = k; m <= close_at; ++m) toks[m].skip = true;
    credit_closes.push_back(close_at);
  }

  // Credit lines: "Translator: X", "Reporter: X", "Editor: X" at the start
  // of a paragraph, to its end.
  for (size_t b = 0; b < breaks_before.size(); ++b) {
    const int k = breaks_before[b];
    if (k + 1 >= nt || toks[k + 1].lower != ":") continue;
    const absl::string_view l = toks[k].lower;
    if (l != "translator" && l != "reporter" && l != "reporters" && l != "editor" &&
        l != "correspondent" && l != "photographer" && l != "writer" && l != "author" &&
        l != "translated" && l != "proofreader") {
      continue;
    }
    const int end = b + 1 < breaks_before.size() ? breaks_before[b + 1] : nt;
    for (int m = k; m < end; ++m) toks[m].skip = true;
  }

  // Sentence split. Only paragraph starts, sentence-end marks and credit
  // ends can end a sentence before the length bound, so the split visits
  // those tokens (`stops`, in order) and cuts the runs between them at the
  // bound.
  std::vector<int> stops;
  stops.reserve(breaks_before.size() + ends.size() + credit_closes.size());
  {
    std::vector<int> marks;
    marks.reserve(ends.size() + credit_closes.size());
    std::merge(ends.begin(), ends.end(), credit_closes.begin(), credit_closes.end(),
               std::back_inserter(marks));
    std::set_union(breaks_before.begin(), breaks_before.end(), marks.begin(), marks.end(),
                   std::back_inserter(stops));
  }
  out.sentences.reserve(stops.size() + static_cast<size_t>(nt) / kMaxSentenceTokens + 2);
  size_t next_break = 0;
  size_t next_credit = 0;
  int start = 0;
  auto close = [&](int end, int para) {
    if (end > start) {
      Sentence s;
      s.first = start;
      s.last = end;
      s.paragraph = para;
      out.sentences.push_back(s);
    }
    start = end;
  };
  // Bound every sentence so per-sentence work stays linear overall: the
  // tokens before `limit` that are no stop end a sentence only there.
  auto cut_at_bound = [&](int limit) {
    while (start + kMaxSentenceTokens - 1 < limit) {
      const int k = start + kMaxSentenceTokens - 1;
      close(k + 1, toks[k].sentence);
    }
  };
  int resume = 0;  // Tokens before it were taken into a sentence end.
  for (const int k : stops) {
    if (k < resume) continue;
    cut_at_bound(k);
    // Paragraph starts inside a span taken into a sentence end are passed
    // over, as credit ends are, so that the later ones are still met.
    while (next_break < breaks_before.size() && breaks_before[next_break] < k) ++next_break;
    if (next_break < breaks_before.size() && breaks_before[next_break] == k) {
      if (k > start) close(k, toks[k - 1].sentence);
      ++next_break;
    }
    while (next_credit < credit_closes.size() && credit_closes[next_credit] < k) ++next_credit;
    const Token& t = toks[k];
    bool end_here = false;
    int end_at = k + 1;
    if (!t.word &&
        (t.lower == "." || t.lower == "?" || t.lower == "!" || t.lower == "\xE3\x80\x82")) {
      while (end_at < nt && !toks[end_at].word && IsOpeningOrClosing(toks[end_at].lower) &&
             toks[end_at].begin == toks[end_at - 1].end) {
        ++end_at;
      }
      if (end_at >= nt) {
        end_here = true;
      } else {
        const Token& next = toks[end_at];
        end_here = !next.word || next.cap || next.has_digit;
      }
    } else if (next_credit < credit_closes.size() && credit_closes[next_credit] == k) {
      end_here = true;
    } else if (t.lower == "--" || t.lower == "\xE2\x80\x94") {
      end_here = k + 1 < nt && toks[k + 1].word && toks[k + 1].cap;
      // A dateline dash: "BEIJING, Dec. 4 (Xinhua) --".
    }
    if (!end_here && k + 1 - start >= kMaxSentenceTokens) end_here = true;
    if (end_here) {
      close(end_at, t.sentence);
      resume = end_at;
    } else {
      resume = k + 1;
    }
  }
  cut_at_bound(nt);
  if (start < nt) close(nt, toks[nt - 1].sentence);
  for (int s = 0; s < static_cast<int>(out.sentences.size()); ++s) {
    for (int k = out.sentences[s].first; k < out.sentences[s].last; ++k) {
      toks[k].sentence = s;
    }
  }

  // Sentences of a paragraph up to a photo credit form a caption.
  for (const int k : credit_closes) {
    int s = toks[k].sentence;
    int para = out.sentences[s].paragraph;
    for (int q = s; q >= 0 && q >= s - 2 && out.sentences[q].paragraph == para; --q) {
      if (out.sentences[q].caption) break;
      if (q != s && toks[out.sentences[q].last - 1].lower == "--") break;
      out.sentences[q].caption = true;
    }
  }
  return out;
}

}  // namespace readout::extractor::internal
