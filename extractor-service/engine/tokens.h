// Tokenization and sentence splitting in one linear pass. Words keep their
// byte offsets in the normalized text; abbreviations ("Dec.", "U.S.", "J.")
// keep their period so they do not end a sentence.
#ifndef READOUT_EXTRACTOR_SERVICE_ENGINE_TOKENS_H_
#define READOUT_EXTRACTOR_SERVICE_ENGINE_TOKENS_H_

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"

namespace readout::extractor::internal {

struct Token {
  uint32_t begin = 0;
  uint32_t end = 0;
  // Lowercase ASCII form, without an abbreviation's trailing period. Points
  // into TokenizedText's arena (or a static literal).
  absl::string_view lower;
  bool word = false;      // Letters/digits (else punctuation or symbol).
  bool cap = false;       // Starts with an uppercase letter.
  bool all_caps = false;  // Two or more letters, all uppercase.
  bool has_digit = false;
  bool possessive = false;  // The "'s" token.
  bool skip = false;        // Inside a photo credit or editor line.
  uint16_t cls = 0;         // Word classes (vocabulary.h kCls*), set once.
  int sentence = 0;
};

struct Sentence {
  int first = 0;  // Token range [first, last).
  int last = 0;
  int paragraph = 0;
  bool caption = false;  // Part of a photo caption.
};

struct TokenizedText {
  // Backing store of the tokens' lowercase forms; never reallocated.
  std::unique_ptr<char[]> arena;
  std::vector<Token> tokens;
  std::vector<Sentence> sentences;
  // Tokenize stopped at max_tokens before the end of the text.
  bool truncated = false;
};

// Splits `text` (normalized) into tokens and sentences, and marks photo
// credits, "(Web editor: ...)" lines and photo captions.
// Stops after `max_tokens` tokens (setting `truncated`), so that the
// memory a text can claim is bounded before the work is done.
TokenizedText Tokenize(absl::string_view text, size_t max_tokens = SIZE_MAX);

// True when `word` equals one of `words` (small fixed word lists).
inline bool OneOf(absl::string_view word, std::initializer_list<absl::string_view> words) {
  for (absl::string_view w : words) {
    if (word == w) return true;
  }
  return false;
}

// True for a token that may be part of a name: a capitalized word that is
// not all capitals (single-letter initials such as "J." count).
bool IsNameShaped(const Token& t);

// Byte length (2 or 3) of the accented Latin letter at s[i] (U+00C0..U+024F,
// U+1E00..U+1EFF), else 0. Sets `*base` (when given) to its ASCII base
// letter, uppercase for an uppercase letter ("Đ" -> 'D', "ầ" -> 'a'), or
// '?' when it has none.
int LatinLetter(absl::string_view s, size_t i, char* base);

// A name's key: lowercase letters and digits with accents folded to their
// base letter, punctuation and spaces dropped, so "Trần Quốc Cường" and
// "Tran Quoc Cuong", "José" and "Jose" share one key.
std::string FoldedKey(absl::string_view s);

}  // namespace readout::extractor::internal

#endif  // READOUT_EXTRACTOR_SERVICE_ENGINE_TOKENS_H_
