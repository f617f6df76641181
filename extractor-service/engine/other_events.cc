// The split of people between events. A body sentence other than the lead
// that tells a meeting ("X also met Y", "During his meeting with Z, ...")
// names its counterparts after the meeting word; counterparts who have no
// part in the lead form another meeting. Each sentence is read once, with a
// bounded window after its meeting word.
#include "extractor-service/engine/other_events.h"

#include <algorithm>
#include <utility>
#include <vector>

#include "absl/strings/match.h"
#include "extractor-service/engine/dates.h"
#include "extractor-service/engine/tokens.h"
#include "extractor-service/engine/vocabulary.h"

namespace readout::extractor::internal {
namespace {

constexpr int kMaxObjectTokens = 40;

// Words of a headline or lead that report several meetings at once.
bool ReportsSeries(const Analysis& a, int sentence) {
  const Sentence& s = a.tt.sentences[sentence];
  for (int k = s.first; k < s.last; ++k) {
    if (OneOf(a.tt.tokens[k].lower,
              {"series", "separately", "separate", "counterparts", "meetings", "respectively"})) {
      return true;
    }
  }
  return false;
}

void AddUnique(int person, std::vector<int>* out) {
  if (person >= 0 && std::find(out->begin(), out->end(), person) == out->end()) {
    out->push_back(person);
  }
}

class MeetingReader {
 public:
  explicit MeetingReader(const Analysis& a) : a_(a), toks_(a.tt.tokens) {}

  // The meeting word of sentence s: "met", "meets", "meeting with", "talks
  // with", "exchanged views with", "discussed ... with"; -1 when none.
  int Cue(int s) const {
    const Sentence& sent = a_.tt.sentences[s];
    // Only the meeting cues (kClsMeetingCue in vocabulary.cc) are read.
    const int last = sent.last;
    for (int k = sent.first; (k = NextWithClass(toks_, k, last, kClsMeetingCue)) < last; ++k) {
      if (a_.title_token[k]) continue;
      absl::string_view l = toks_[k].lower;
      // Not "targets were met" (a goal reached), but "was met by X".
      if (l == "met" && ReachedPassive(toks_, k, sent.last)) continue;
      if (l == "met" || l == "meets") return k;
      if (OneOf(l, {"meeting", "talks", "discussions", "conversation"}) && k + 1 < sent.last &&
          toks_[k + 1].lower == "with") {
        return k + 1;
      }
      if (l == "exchanged" || l == "discussed") return k;
    }
    return -1;
  }

  // People named as the objects of the meeting word at `cue`: a list of
  // mentions with their titles, commas and "and" between them.
  std::vector<int> Objects(int s, int cue) const {
    std::vector<int> out;
    const int last = a_.tt.sentences[s].last;
    int q = cue + 1;
    if (CommaClosesMeetingClause(toks_, cue, last)) return out;
    if (q < last && toks_[q].lower == "with") ++q;
    while (q < last && q < cue + kMaxObjectTokens) {
      int m = a_.mention_at_token[q];
      if (m >= 0) {
        AddUnique(a_.mentions[m].person, &out);
        q = std::max(a_.mentions[m].ext_end, q + 1);
        continue;
      }
      const Token& t = toks_[q];
      bool title_part = a_.title_token[q] || a_.pretitle_owner[q] >= 0 || (t.word && t.cap);
      bool glue = OneOf(t.lower, {",", "and", "the", "his", "her", "their", "its", "counterpart",
                                  "counterparts", "of", "for"});
      if (!title_part && !glue) break;
      ++q;
    }
    return out;
  }

  // People named before the meeting word (its subjects).
  std::vector<int> Subjects(int s, int cue) const {
    std::vector<int> out;
    for (int k = a_.tt.sentences[s].first; k < cue; ++k) {
      int m = a_.mention_at_token[k];
      if (m >= 0 && a_.mentions[m].first == k) AddUnique(a_.mentions[m].person, &out);
    }
    return out;
  }

 private:
  const Analysis& a_;
  const std::vector<Token>& toks_;
};

bool IsClauseBoundary(absl::string_view l) {
  return OneOf(l, {",", ";", ":", "as", "when", "while", "after", "before", "since", "but",
                   "whereas", "although", "saying", "adding", "noting"});
}

// The first token whose span starts at or after byte `b`.
int TokenAt(const std::vector<Token>& toks, uint32_t b) {
  auto it = std::lower_bound(toks.begin(), toks.end(), b,
                             [](const Token& t, uint32_t v) { return t.begin < v; });
  return static_cast<int>(it - toks.begin());
}

bool OtherTimeIn(const std::vector<Token>& toks, int first, int last, int main_year,
                 bool main_future);

// "said that", "told the council that", "assured him that": the "that" at
// token `that` (after `first`) opens a reported clause when a reporting
// verb comes before it, directly or across its addressee (an article,
// possessive, object pronoun, name or noun). "chaired that committee" is a
// determiner: no reporting verb before it.
bool ReportedThat(const std::vector<Token>& toks, int first, int that) {
  for (int q = that - 1; q >= first && q >= that - 8; --q) {
    const Token& t = toks[q];
    if (t.cls & kClsReporting) return true;
    if (!t.word) return false;
    const absl::string_view l = t.lower;
    // A subject or a verb between them: "said he chaired that committee".
    if (OneOf(l, {"he", "she", "they", "we", "i", "it", "who", "which"}) ||
        (!t.cap && (absl::EndsWith(l, "ed") || absl::EndsWith(l, "ing")))) {
      return false;
    }
  }
  return false;
}

// The role's clause speaks of another time than the main event: a future
// or planned act, or a past one dated by years ("last year", "in 2019",
// "years ago"). The clause holding the main event's keyword never does.
bool AtAnotherTime(const Analysis& a, const RoleInfo& r, int keyword, int main_year,
                   bool main_future) {
  const std::vector<Token>& toks = a.tt.tokens;
  const int nt = static_cast<int>(toks.size());
  int k = TokenAt(toks, r.span.begin);
  if (k >= nt) return false;
  const Sentence& s = a.tt.sentences[toks[k].sentence];
  int first = k, last = k + 1;
  while (first > s.first && !IsClauseBoundary(toks[first - 1].lower)) --first;
  // "told the council that the tram would be late": the reported clause
  // after "that" speaks of its own time, not of the role's.
  while (last < s.last && !IsClauseBoundary(toks[last].lower) &&
         !(toks[last].lower == "that" && ReportedThat(toks, first, last))) {
    ++last;
  }
  if (keyword >= first && keyword < last) return false;
  // "Last year, X presided over ...": an opening phrase dates the sentence.
  int opening = s.first;
  while (opening < s.last && opening < s.first + 6 && toks[opening].lower != ",") ++opening;
  if (opening < s.last && toks[opening].lower == "," && opening < first &&
      (keyword < s.first || keyword >= s.last) &&
      OtherTimeIn(toks, s.first, opening, main_year, main_future)) {
    return true;
  }
  return OtherTimeIn(toks, first, last, main_year, main_future);
}

// Words in [first, last) that set a clause at another time: "will", "last
// year", or "in 2019" (a year other than the main event's, `main_year`,
// when that is known). When the main event is itself to come
// (`main_future`), the future is its time, not another.
bool OtherTimeIn(const std::vector<Token>& toks, int first, int last, int main_year,
                 bool main_future) {
  for (int q = first; q < last; ++q) {
    absl::string_view l = toks[q].lower;
    if (OneOf(l, {"ago", "previously"})) return true;
    if (!main_future && (IsFutureModal(l) || l == "scheduled")) return true;
    if (!main_future && l == "to" && q + 1 < last && toks[q + 1].lower == "be") return true;
    if ((l == "last" || l == "next") && q + 1 < last &&
        OneOf(toks[q + 1].lower, {"year", "years", "month", "week", "time"})) {
      return true;
    }
    if (l == "in" && main_year > 0 && q + 1 < last && toks[q + 1].has_digit) {
      const int y = YearNumber(toks[q + 1]);
      if (y != 0 && y != main_year) return true;
    }
  }
  return false;
}

// A lead reporting a series ("held a series of bilateral talks with A, then
// with B"): the people after each "with" met the principal at a meeting of
// their own, and each one of a bilateral series alone. Returns the groups,
// in reading order, each with the tokens of its "with" clause; fewer than
// two mean no split.
struct SeriesGroup {
  std::vector<int> people;
  int first = 0, last = 0;
};

std::vector<SeriesGroup> SeriesGroupsOfLead(const Analysis& a, const MeetingReader& reader,
                                            int lead, int principal) {
  const Sentence& sent = a.tt.sentences[lead];
  const auto& toks = a.tt.tokens;
  bool bilateral = false;
  int series_at = -1;
  for (int k = sent.first; k < sent.last; ++k) {
    if (toks[k].lower == "series") series_at = k;
    if (toks[k].lower == "bilateral") bilateral = true;
  }
  std::vector<SeriesGroup> groups;
  if (series_at < 0) return groups;
  int end = series_at + 1;
  while (end < sent.last && toks[end].lower != ";") ++end;
  for (int k = series_at + 1; k < end; ++k) {
    if (toks[k].lower != "with") continue;
    int next = k + 1;
    while (next < end && toks[next].lower != "with") ++next;
    SeriesGroup group{{}, k, next};
    for (int p : reader.Objects(lead, k - 1)) {
      if (p == principal || a.people[p].name.empty()) continue;
      if (bilateral) {
        groups.push_back({{p}, k, next});
      } else {
        group.people.push_back(p);
      }
    }
    if (!group.people.empty()) groups.push_back(std::move(group));
    k = next - 1;
  }
  if (groups.size() < 2) groups.clear();
  return groups;
}

}  // namespace

int MainKeyword(const Analysis& a, const Discourse& d, int lead, int keyword) {
  if (keyword >= 0 || lead < 0) return keyword;
  // Without an event keyword ("will meet"), the lead's first role verb
  // tells the main event.
  for (const RoleInfo& r : d.roles) {
    if (r.sentence != lead) continue;
    const int k = TokenAt(a.tt.tokens, r.span.begin);
    return k < static_cast<int>(a.tt.tokens.size()) && a.tt.tokens[k].sentence == lead ? k : -1;
  }
  return -1;
}

// The lead's main event is to come when an auxiliary of the future governs
// its keyword: "will meet", "will soon meet", "is to visit", "are scheduled
// to hold talks", "will hold bilateral talks" (at most an adverb, "be", or a
// verb with its article or adjective between). "Leaders preparing for next
// year's summit met" is no preview: "next" is no auxiliary, and a past verb
// or anything but a lowercase word in between ends the search.
bool MainEventToCome(const Analysis& a, const Discourse& d, int lead, int keyword) {
  keyword = MainKeyword(a, d, lead, keyword);
  if (keyword < 0) return false;
  const auto& toks = a.tt.tokens;
  const int first = a.tt.sentences[lead].first;
  for (int q = keyword - 1, between = 0; q >= first && between <= 3; --q, ++between) {
    if (IsFutureAuxiliary(toks, q)) return true;
    const Token& t = toks[q];
    if (!t.word || t.cap || t.possessive || IsClauseBoundary(t.lower)) return false;
    const bool after_be = q > first && toks[q - 1].lower == "be";
    if (!after_be && (IsPastEventVerb(t.lower) || absl::EndsWith(t.lower, "ed"))) return false;
  }
  return false;
}

EventSplit SplitEvents(const Analysis& a, const Discourse& d, int lead, int keyword,
                       int main_year) {
  EventSplit split;
  const int nr = static_cast<int>(d.roles.size());
  split.main_role.assign(nr, 1);
  if (lead < 0) return split;
  keyword = MainKeyword(a, d, lead, keyword);
  const bool main_future = MainEventToCome(a, d, lead, keyword);
  for (int i = 0; i < nr; ++i) {
    if (AtAnotherTime(a, d.roles[i], keyword, main_year, main_future)) split.main_role[i] = 0;
  }
  const auto& sents = a.tt.sentences;
  const int ns = static_cast<int>(sents.size());
  const int body = a.body_first_sentence;
  split.series = ReportsSeries(a, lead) || (body > 0 && ReportsSeries(a, /*sentence=*/0));

  // People the headline or the lead names: the main event's. The first
  // one named in the lead is its principal.
  const int np = static_cast<int>(a.people.size());
  std::vector<char> main_people(np, 0);  // Person -> part of the main event.
  auto is_main = [&](int p) { return p >= 0 && p < np && main_people[p]; };
  auto set_main = [&](int p) {
    if (p >= 0 && p < np) main_people[p] = 1;
  };
  int principal = -1;
  for (const Mention& m : a.mentions) {
    int s = a.tt.tokens[m.first].sentence;
    if (s == lead || s < body) {
      set_main(m.person);
      if (s == lead && principal < 0) principal = m.person;
    }
  }
  for (const RoleInfo& r : d.roles) {
    if (r.sentence == lead || r.sentence < body) set_main(r.person);
  }

  // Roles by sentence (the discourse emits them in text order).
  std::vector<std::pair<int, int>> roles_of_sentence(ns, {0, 0});
  for (int i = 0; i < nr;) {
    int j = i;
    while (j < nr && d.roles[j].sentence == d.roles[i].sentence) ++j;
    const int s = d.roles[i].sentence;
    if (s >= 0 && s < ns && roles_of_sentence[s].second == 0) roles_of_sentence[s] = {i, j};
    i = j;
  }

  const MeetingReader reader(a);
  std::vector<int> event_of_person(np, -1);  // Counterpart -> other event.
  bool lead_met = reader.Cue(lead) >= 0;
  for (const RoleInfo& r : d.roles) {
    lead_met |= r.sentence == lead && r.role == v1::PARTICIPANT_ROLE_MET;
  }
  if (split.series && principal >= 0) {
    for (SeriesGroup& group : SeriesGroupsOfLead(a, reader, lead, principal)) {
      OtherEvent& other = split.others.emplace_back();
      other.sentences.push_back(lead);
      other.clause_first = group.first;
      other.clause_last = group.last;
      other.hosts.push_back(principal);
      for (int p : group.people) event_of_person[p] = static_cast<int>(split.others.size()) - 1;
      other.counterparts = std::move(group.people);
    }
  }
  for (int s = std::max(body, lead + 1); s < ns; ++s) {
    if (sents[s].caption) continue;
    const int cue = reader.Cue(s);
    if (cue < 0) continue;
    std::vector<int> people = reader.Subjects(s, cue);
    for (int p : reader.Objects(s, cue)) AddUnique(p, &people);
    const auto [role_first, role_last] = roles_of_sentence[s];
    for (int q = role_first; q < role_last; ++q) {
      if (d.roles[q].role == v1::PARTICIPANT_ROLE_MET) AddUnique(d.roles[q].person, &people);
    }
    std::vector<int> counterparts, hosts;
    for (int p : people) {
      if (a.people[p].name.empty()) continue;
      (is_main(p) ? hosts : counterparts).push_back(p);
    }
    if (counterparts.empty()) continue;  // The main meeting told again.
    // "X came to Ningbo ... Mayor Y met with X": the lead tells a visit with
    // no meeting of its own, and the first meeting with its principal is
    // the main one.
    if (!lead_met && !split.series && split.others.empty() &&
        std::find(people.begin(), people.end(), principal) != people.end()) {
      for (int p : counterparts) set_main(p);
      lead_met = true;
      continue;
    }
    if (principal < 0) {
      // The lead named nobody: the first meeting told is the main one.
      for (int p : counterparts) set_main(p);
      principal = counterparts.front();
      continue;
    }
    if (hosts.empty() && principal >= 0) hosts.push_back(principal);
    int e = -1;
    for (int p : counterparts) {
      if (event_of_person[p] >= 0) e = event_of_person[p];
    }
    if (e < 0) {
      e = static_cast<int>(split.others.size());
      split.others.emplace_back();
    }
    OtherEvent& other = split.others[e];
    if (other.sentences.empty() || other.sentences.back() != s) other.sentences.push_back(s);
    for (int p : hosts) AddUnique(p, &other.hosts);
    for (int p : counterparts) {
      // Membership is kept by event_of_person, so long chains stay linear.
      if (event_of_person[p] != e) other.counterparts.push_back(p);
      event_of_person[p] = e;
    }
    for (int q = role_first; q < role_last; ++q) {
      other.roles.push_back(q);
      // A role in another meeting is not a role in the main one, unless the
      // main event is the series or the person has a part in it as well.
      if (!split.series && !is_main(d.roles[q].person)) split.main_role[q] = 0;
    }
  }
  return split;
}

}  // namespace readout::extractor::internal
