// The shared working state of one extraction: the normalized text, its
// tokens and sentences, and the people found so far. Passes (people,
// statements, events) read and extend it in order.
#ifndef READOUT_EXTRACTOR_SERVICE_ENGINE_ANALYSIS_H_
#define READOUT_EXTRACTOR_SERVICE_ENGINE_ANALYSIS_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "extractor-service/engine/tokens.h"
#include "extractor-service/engine/vocabulary.h"

namespace readout::extractor::internal {

struct ByteSpan {
  uint32_t begin = 0;
  uint32_t end = 0;
};

struct TitleInfo {
  std::string text;          // As written (a distributed "of X" appended).
  std::string organization;  // The organization the title names, if any.
  ByteSpan span;
};

struct PersonInfo {
  std::string name;  // Fullest form, without titles.
  std::vector<TitleInfo> titles;
  std::vector<ByteSpan> mentions;
  int first_token = 0;
};

// A reference to a person in the token stream.
struct Mention {
  int first = 0;  // Token range [first, last).
  int last = 0;
  int person = -1;
  bool possessive = false;
  // Token index after the mention's appositive ("X, secretary of Y,"), or
  // `last` when there is none.
  int ext_end = 0;
};

struct Analysis {
  absl::string_view text;
  const Vocabulary* vocab = nullptr;
  TokenizedText tt;
  // Index of the first body sentence (the headline is sentence 0).
  int body_first_sentence = 0;
  std::vector<PersonInfo> people;
  std::vector<Mention> mentions;      // Sorted by `first`.
  std::vector<int> mention_at_token;  // Token -> mention index, or -1.
  std::vector<int> pretitle_owner;    // Token -> mention whose pre-title holds it.
  std::vector<char> title_token;      // Token is part of some position.
  // FindPeople stops once more people than this are found, setting
  // people_exceeded (the caller refuses the document).
  size_t max_people = SIZE_MAX;
  bool people_exceeded = false;

  const std::vector<Token>& tokens() const { return tt.tokens; }
  absl::string_view TokenText(int k) const {
    const Token& t = tt.tokens[k];
    return text.substr(t.begin, t.end - t.begin);
  }
  absl::string_view Slice(int first, int last) const {
    const auto& toks = tt.tokens;
    return text.substr(toks[first].begin, toks[last - 1].end - toks[first].begin);
  }
};

// "Council meets", "the Board of Directors met on Monday", "the
// provincial council met": an organization (no person) meets as a body at
// token k, with no object after the verb (the clause ends, or a time or
// place phrase follows). Such a meeting is no talks, and its subject is
// no counterpart.
inline bool BodyMeetsAlone(const Analysis& a, int k, int first, int last) {
  const std::vector<Token>& toks = a.tt.tokens;
  if (k == first || a.mention_at_token[k - 1] >= 0) return false;
  const int verb = k;
  // "The Council, chaired by X, met in Brussels": past the aside.
  if (toks[k - 1].lower == ",") {
    int q = k - 2;
    while (q > first && q > k - 16 && toks[q].lower != ",") --q;
    if (q <= first || toks[q].lower != ",") return false;
    k = q;
  }
  if (verb + 1 < last && toks[verb + 1].word &&
      !OneOf(toks[verb + 1].lower, {"on", "in", "at", "to", "today", "yesterday", "tomorrow",
                                    "this", "last", "for", "again", "behind", "here", "twice"}) &&
      WeekdayNumber(toks[verb + 1].lower) < 0 && MonthNumber(toks[verb + 1].lower) == 0) {
    return false;
  }
  if (toks[k - 1].cls & kClsOrgHead) return true;  // Also "the council met".
  if (!toks[k - 1].cap) return false;
  for (int q = k - 1; q >= first && q >= k - 5; --q) {
    const Token& t = toks[q];
    if (t.cls & kClsOrgHead) return true;
    if (!t.word || (!t.cap && t.lower != "of") || a.mention_at_token[q] >= 0) return false;
  }
  return false;
}

}  // namespace readout::extractor::internal

#endif  // READOUT_EXTRACTOR_SERVICE_ENGINE_ANALYSIS_H_
