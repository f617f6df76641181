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

#include "absl/numeric/bits.h"
#include "absl/strings/string_view.h"

namespace readout::extractor::internal {

struct Token {
  uint32_t begin = 0;
  uint32_t end = 0;
  // Lowercase ASCII form, without an abbreviation's trailing period. Points
  // into the text when the token has no ASCII capital, else into
  // TokenizedText's arena (or a static literal).
  absl::string_view lower;
  int sentence = 0;
  uint16_t cls = 0;  // Word classes (vocabulary.h kCls*), set once.
  // One bit each, so that a token takes 32 bytes: two to a cache line, and
  // a fifth less memory for every pass over the tokens.
  bool word : 1;        // Letters/digits (else punctuation or symbol).
  bool cap : 1;         // Starts with an uppercase letter.
  bool all_caps : 1;    // Two or more letters, all uppercase.
  bool has_digit : 1;   // Holds at least one digit.
  bool possessive : 1;  // The "'s" token.
  bool skip : 1;        // Inside a photo credit or editor line.
  bool non_ascii : 1;   // A word whose form holds a byte over 0x7F ("Trần").
  // A title's head in the plural as written: "ministers", "MPs", and
  // "Leaders" (a head titled only when capitalized) but not "leaders".
  bool plural_head : 1;

  Token()
      : word(false),
        cap(false),
        all_caps(false),
        has_digit(false),
        possessive(false),
        skip(false),
        non_ascii(false),
        plural_head(false) {}
};
static_assert(sizeof(Token) == 32);

struct Sentence {
  int first = 0;  // Token range [first, last).
  int last = 0;
  int paragraph = 0;
  bool caption = false;  // Part of a photo caption.
};

struct TokenizedText {
  // Backing store of the lowercase forms of tokens with a capital; never
  // reallocated. The other tokens' forms point into the tokenized text,
  // which must outlive the tokens.
  std::unique_ptr<char[]> arena;
  std::vector<Token> tokens;
  std::vector<Sentence> sentences;
  // Bit k (of word k / 64) is set when token k is a word with a capital
  // (`cap` or `all_caps`): see NextCapitalWord.
  std::vector<uint64_t> capital_words;
  // Tokenize stopped at max_tokens before the end of the text.
  bool truncated = false;
};

// The first token at or after k that is a word with a capital (`cap` or
// `all_caps`), else the token count. The passes that start only at such
// words (names, places, organizations) jump from one to the next through
// the bits: a branch on every token's capital mispredicts about as often
// as a word is capitalized, and cost more than the rest of those passes.
inline int NextCapitalWord(const TokenizedText& tt, int k) {
  const int nt = static_cast<int>(tt.tokens.size());
  if (k >= nt) return nt;
  size_t w = static_cast<size_t>(k) >> 6;
  uint64_t bits = tt.capital_words[w] & (~uint64_t{0} << (k & 63));
  while (bits == 0) {
    if (++w >= tt.capital_words.size()) return nt;
    bits = tt.capital_words[w];
  }
  return static_cast<int>(w * 64 + absl::countr_zero(bits));
}

// The first token in [k, last) whose word classes (`cls`) share a bit with
// `mask`, else `last`. The passes that read only a few cue words skip the
// others through it in a tight loop over the array.
inline int NextWithClass(const std::vector<Token>& toks, int k, int last, uint16_t mask) {
  const Token* const t = toks.data();
  while (k < last && !(t[k].cls & mask)) ++k;
  return k;
}

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

// "Among the new judges were (also) A and B", "Among those present was A":
// the copula ("were"/"was") of an inverted list after "Among (the)
// <lowercase words> <plural noun>" opening the sentence [first, last), or
// after "those present/attending/participating/invited"; else -1. Whether
// the noun names people is the caller's test.
inline int AmongCopula(const std::vector<Token>& toks, int first, int last) {
  if (first >= last || toks[first].lower != "among") return -1;
  for (int q = first + 1; q < last && q <= first + 6; ++q) {
    const Token& t = toks[q];
    if (q > first + 1 && (t.lower == "were" || t.lower == "was")) {
      const Token& n = toks[q - 1];
      if (toks[q - 2].lower == "those" &&
          OneOf(n.lower, {"present", "attending", "participating", "invited"})) {
        return q;
      }
      return n.word && !n.cap && n.lower.size() >= 4 && n.lower.back() == 's' ? q : -1;
    }
    if (!t.word || t.cap) return -1;
  }
  return -1;
}

// Token q (after "spoke to", "told", "appeared before") names the sitting
// or its members: "the council", "the delegates", "the committee", "the
// inquiry". `last` ends the sentence.
inline bool AudienceOfTheSitting(const std::vector<Token>& toks, int q, int last) {
  while (q < last && OneOf(toks[q].lower, {"the", "a", "all", "its", "fellow"})) ++q;
  return q < last && OneOf(toks[q].lower,
                           {"council",     "assembly",   "meeting",      "session",     "sitting",
                            "conference",  "delegates",  "participants", "committee",   "chamber",
                            "house",       "senate",     "parliament",   "congress",    "forum",
                            "summit",      "gathering",  "plenary",      "audience",    "members",
                            "councillors", "councilors", "lawmakers",    "legislators", "board",
                            "inquiry",     "panel",      "commission",   "tribunal",    "hearing"});
}

// "before the rail inquiry", "told the public accounts committee": the
// sitting named within the four words from q, past its modifiers.
inline bool SittingWithin(const std::vector<Token>& toks, int q, int last) {
  for (int w = q; w < last && w < q + 4 && toks[w].word; ++w) {
    if (AudienceOfTheSitting(toks, w, last)) return true;
  }
  return false;
}

// A form of "be" that makes a passive ("was met", "been briefed").
inline bool IsBeVerb(absl::string_view lower) {
  return OneOf(lower, {"was", "were", "been", "be", "is", "are"});
}

// "As A and B met, ministers signed ...": a comma right after the meeting
// verb at k closes its clause, so who follows the comma is no counterpart of
// that meeting. Only the comma is read. `last` ends the sentence.
inline bool CommaClosesMeetingClause(const std::vector<Token>& toks, int k, int last) {
  return k + 1 < last && toks[k + 1].lower == ",";
}

// "most targets were met": a passive "met" at k (a form of "be" right
// before it, in its sentence) with no agent after it is a goal reached, not a
// meeting. The agent follows "by" a few words on: a capitalized word (after
// "the") or a pronoun ("was met at the airport by Minister X", "was met by
// the Prime Minister", not "were met by the end of May"). `last` ends the
// sentence.
inline bool ReachedPassive(const std::vector<Token>& toks, int k, int last) {
  if (k == 0 || toks[k - 1].sentence != toks[k].sentence || !IsBeVerb(toks[k - 1].lower)) {
    return false;
  }
  for (int q = k + 1; q + 1 < last && q <= k + 6 && toks[q].word; ++q) {
    if (toks[q].lower != "by") continue;
    int a = q + 1;
    if (toks[a].lower == "the" && a + 1 < last) ++a;
    if (toks[a].cap || OneOf(toks[a].lower, {"him", "her", "them"})) return false;
  }
  return true;
}

// A modal of the future: "will", "would", "shall" (the one list of them;
// the cues below and the role and statement readers start from it).
inline bool IsFutureModal(absl::string_view l) { return OneOf(l, {"will", "would", "shall"}); }

// A word that puts its clause in the future: "will", "would", "shall",
// "scheduled", "planned", "upcoming", "next", "to be" (the "to" of it),
// the token at k.
inline bool IsFutureCue(const std::vector<Token>& toks, int k) {
  absl::string_view l = toks[k].lower;
  if (l.size() < 2 || l.size() > 9) return false;
  if (IsFutureModal(l) || OneOf(l, {"scheduled", "planned", "upcoming", "next"})) return true;
  return l == "to" && k + 1 < static_cast<int>(toks.size()) && toks[k + 1].lower == "be";
}

// An auxiliary at k that puts the verb it governs in the future: "will",
// "would", "shall", "to be", "is to"/"are to"/"expected to" (the "to"),
// "scheduled"/"planned" before "for" or "to", "due to" before "be" or a
// bare verb ("due to sign"). Unlike IsFutureCue, neither the adjectives
// "next", "upcoming", "planned" ("the planned talks") nor "due to" before a
// noun ("due to heavy rain") are.
inline bool IsFutureAuxiliary(const std::vector<Token>& toks, int k) {
  absl::string_view l = toks[k].lower;
  if (IsFutureModal(l)) return true;
  const int n = static_cast<int>(toks.size());
  absl::string_view next = k + 1 < n ? absl::string_view(toks[k + 1].lower) : absl::string_view();
  if (l == "scheduled" || l == "planned") return next == "for" || next == "to";
  if (l != "to") return false;
  if (next == "be") return true;
  absl::string_view prev = k > 0 ? absl::string_view(toks[k - 1].lower) : absl::string_view();
  if (OneOf(prev, {"is", "are", "expected"})) return true;
  return prev == "due" && k + 1 < n && !toks[k + 1].cap &&
         OneOf(next,
               {"meet",       "visit",  "sign",    "attend",   "hold",    "host",    "arrive",
                "travel",     "open",   "address", "speak",    "chair",   "discuss", "begin",
                "start",      "resume", "vote",    "announce", "deliver", "present", "receive",
                "launch",     "leave",  "return",  "convene",  "sit",     "debate",  "decide",
                "inaugurate", "unveil", "take",    "give",     "make",    "hand",    "join",
                "lead",       "tour",   "report",  "publish"});
}

// A past verb telling a meeting or a role ("met", "held", "chaired"): a
// weekday after it belongs to that past act, whatever came before.
inline bool IsPastEventVerb(absl::string_view l) {
  return OneOf(l, {"met", "held", "chaired", "hosted", "attended", "visited", "convened",
                   "presided", "signed", "opened", "received", "discussed", "gathered", "took"});
}

// "signed the accord", "signed a memorandum of understanding", "The pact
// was signed by": the signing verb at k (in [first, last)) has an agreement
// noun within five words after it, or, followed by "by", an agreement noun
// or a signing before it in its clause (SigningBefore). The one test both
// the event's type and the signatories' roles read.
bool AgreementSignedAt(const std::vector<Token>& toks, int k, int first, int last);

// An agreement noun or a signing ("signed", "signing") in the 20 tokens
// before k, not before `first`: "The agreement on fisheries and shipping
// routes was signed by A, and witnessed by B".
bool SigningBefore(const std::vector<Token>& toks, int k, int first);

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
