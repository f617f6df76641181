// People: name detection (name shapes, surnames, title and verb evidence),
// one person per individual with every mention ("Xi" after "Xi Jinping"),
// and the positions the text gives them (titles before the name,
// appositives after it, "appointed/elected/serves as" phrases).
#ifndef READOUT_EXTRACTOR_SERVICE_ENGINE_PEOPLE_H_
#define READOUT_EXTRACTOR_SERVICE_ENGINE_PEOPLE_H_

#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/functional/function_ref.h"
#include "extractor-service/engine/analysis.h"

namespace readout::extractor::internal {

// Fills analysis->people, mentions, mention_at_token and pretitle_owner.
void FindPeople(Analysis* analysis);

// True for lowercase clause verbs that end an appositive ("said",
// "presided", "attended", "met", "was", ...).
bool IsClauseVerb(const Vocabulary& vocab, absl::string_view lower);

// Resolves an unnamed title ("the Secretary", "the Party Secretary") to
// the person it refers to. `phrase` holds the title's words as written after
// the article. A person whose title IS the phrase ("Vice President") wins
// over one whose title begins with it ("Vice President-elect"; after a
// country word: "U.S. Secretary of State"), who wins over one whose title
// merely holds it ("UK Foreign Secretary"). Among equals the person seen last
// (`last_seen[p]`, -1 when not yet seen) wins, then the one named first.
// "Secretary-General" and "Secretary General" are the same words. Built once
// per document; each lookup looks at a bounded number of candidates named
// near `at_token`, so resolving every reference stays linear. The index is
// built on the first lookup (most articles have none).
class UnnamedTitleResolver {
 public:
  explicit UnnamedTitleResolver(const Analysis& analysis);

  // Persons for which `skip(p)` holds are not considered. Among equals,
  // `prefer` (the previous sentence's subject, when it is >= 0) wins before
  // the one seen last. Returns -1 when no title matches.
  int Resolve(absl::string_view phrase, int at_token, const std::vector<int>& last_seen,
              absl::FunctionRef<bool(int)> skip, int prefer = -1) const;

 private:
  struct Candidate {
    int person;
    int tier;  // 0: the title is the phrase; 1: begins with it; 2: holds it.
  };
  // A title of a named person, as lowercase words.
  struct TitleWordList {
    int person;
    std::vector<std::string> words;
    size_t head_start;  // Words before it are country words ("Chinese").
  };
  void Prepare() const;
  // Adds `person` to `cands` with `tier`, or keeps the better tier when the
  // list already ends with `person`.
  static void AddCandidate(int person, int tier, std::vector<Candidate>* cands);
  // The candidates of `phrase`, every person's titles read once.
  std::vector<Candidate> Scan(const std::vector<std::string>& phrase) const;
  // Every phrase of every title at once (after many distinct phrases).
  void Build() const;

  const Analysis& a_;
  // Most documents ask for a phrase or two: each is found by reading the
  // titles, and its candidates are kept. After kMaxScans distinct phrases
  // the whole index is built, so the work stays linear in the document.
  static constexpr int kMaxScans = 16;
  mutable bool prepared_ = false;
  mutable bool built_ = false;
  mutable int scans_ = 0;
  // Titles by their person's first mention.
  mutable std::vector<TitleWordList> titles_;
  // Phrase (words joined by spaces) -> candidates by first mention.
  mutable absl::flat_hash_map<std::string, std::vector<Candidate>> by_phrase_;
};

}  // namespace readout::extractor::internal

#endif  // READOUT_EXTRACTOR_SERVICE_ENGINE_PEOPLE_H_
