// Reference resolution, statements and role phrases, one sentence at a time.
// Every scan is bounded by the sentence, and the per-sentence work is linear
// in its tokens plus the references it holds.
#include "extractor-service/engine/discourse.h"

#include <algorithm>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "extractor-service/engine/datelines.h"
#include "extractor-service/engine/people.h"
#include "extractor-service/engine/tokens.h"

namespace readout::extractor::internal {
namespace {

using readout::v1::ParticipantRole;

// Nouns of a speech to the meeting: "made a speech", "delivered remarks",
// "gave a presentation", "gave evidence" (to a hearing), "in his report,
// noting ...". One list for the
// roles (SPOKE) and the reporting verbs that such a noun follows.
bool IsSpeechNoun(absl::string_view w) {
  return OneOf(w, {"speech", "speeches", "report", "address", "remarks", "intervention",
                   "interventions", "keynote", "evidence", "testimony"}) ||
         absl::StartsWith(w, "presentat");
}

// What one gives that is a gathering, not words: "gave a press
// conference", "gave a news briefing", "gives a reception", "gave a dinner
// in honour of the delegation". "press" and "news" name one only before
// the gathering's noun ("next"): "gave the press assurances that ...",
// "gave news that ..." report words.
bool IsGatheringGiven(absl::string_view w, absl::string_view next) {
  if (w == "press" || w == "news") {
    return OneOf(next, {"conference", "conferences", "briefing", "briefings", "event", "events"});
  }
  return OneOf(w, {"conference", "conferences", "interview", "interviews", "reception",
                   "receptions", "banquet", "banquets", "dinner", "dinners", "luncheon", "lunch",
                   "breakfast", "concert", "performance", "ceremony", "tour"});
}

struct Ref {
  int first = 0;
  int last = 0;
  int ext_end = 0;
  int person = -1;
  bool possessive = false;
};

bool IsFiller(const Token& t) {
  // Adverbs of manner and degree: "highly appreciated", "warmly welcomed".
  if (t.word && !t.cap && t.lower.size() > 4 && absl::EndsWith(t.lower, "ly")) return true;
  // "A and B both said", "all stressed".
  static const auto* const kFiller = new absl::flat_hash_set<std::string>{
      "also",         "both",       "all",        "jointly",
      "has",          "have",       "had",        "further",
      "then",         "again",      "repeatedly", "once",
      "consistently", "earlier",    "later",      "today",
      "yesterday",    "on",         "monday",     "tuesday",
      "wednesday",    "thursday",   "friday",     "saturday",
      "sunday",       "in",         "for",        "his",
      "her",          "part",       "reply",      "turn",
      "speech",       "remarks",    "opening",    "response",
      "addition",     "separately", "briefly",    "particularly",
      "specifically", ",",          "(",          ")",
      "here",         "tonight",    "now",        "however",
      "had",          "once",       "specially",  "especially",
      "first",        "firstly",    "finally",    "meanwhile",
      "thus",         "therefore",  "an",         "a",
      "the",          "interview",  "statement",  "letter",
      "message",      "at",         "event",      "meeting",
      "ceremony",     "forum",      "conference", "briefing",
      "press",        "regular",    "daily",      "afternoon",
      "morning",      "evening",    "its",        "their"};
  return kFiller->contains(t.lower);
}

bool IsNumberWord(absl::string_view lower) {
  return CountWordValue(lower) > 1 || lower == "several";
}

bool IsPronoun(absl::string_view lower) { return lower == "he" || lower == "she"; }

// "met with him", "received her at the office": an object pronoun never
// names its own clause's subject. "her" is one only before a pause, a
// preposition or a time word ("her delegation" is a possessive).
bool IsObjectPronoun(const std::vector<Token>& toks, int k, int last) {
  const Token& t = toks[k];
  if (t.lower == "him") return true;
  if (t.lower != "her" || t.cap) return false;
  if (k + 1 >= last || !toks[k + 1].word) return true;
  absl::string_view n = toks[k + 1].lower;
  return n == "at" || n == "in" || n == "on" || n == "to" || n == "for" || n == "with" ||
         n == "and" || n == "during" || n == "today" || n == "yesterday" || WeekdayNumber(n) >= 0;
}

class DiscourseAnalyzer {
 public:
  DiscourseAnalyzer(const Analysis& a, const DiscourseLimits& limits)
      : a_(a), v_(*a.vocab), toks_(a.tt.tokens), titles_(a), limits_(limits) {}

  Discourse Run() {
    last_seen_.assign(a_.people.size(), -1);
    presided_.assign(a_.people.size(), 0);
    const int ns = static_cast<int>(a_.tt.sentences.size());
    for (int s = 0; s < ns && !Exceeded(); ++s) Sentence(s);
    if (!Exceeded()) KeepHeadlineStatementsTheBodyLacks();
    return std::move(out_);
  }

 private:
  // True when person p has a mention starting in [from, last).
  bool NamedLaterIn(int p, int from, int last) const {
    for (int q = from; q < last; ++q) {
      int mi = a_.mention_at_token[q];
      if (mi >= 0 && a_.mentions[mi].person == p) return true;
    }
    return false;
  }

  std::vector<Ref> Refs(int s) {
    const ::readout::extractor::internal::Sentence& sent = a_.tt.sentences[s];
    std::vector<Ref> refs;
    const Ref bare = BareTitleRef(sent);
    const int last = sent.last;
    const int* const mention_at = a_.mention_at_token.data();
    const Token* const tokens = toks_.data();
    for (int k = sent.first; k < last; ++k) {
      // Only mentions and reference cues are read: the others are skipped
      // in a tight loop.
      while (k < last && mention_at[k] < 0 && !(tokens[k].cls & kClsReferenceCue)) ++k;
      if (k >= last) break;
      int mi = mention_at[k];
      if (mi >= 0) {
        const Mention& m = a_.mentions[mi];
        refs.push_back({m.first, m.last, m.ext_end, m.person, m.possessive});
        last_seen_[m.person] = k;
        k = m.last - 1;
        continue;
      }
      const Token& t = toks_[k];

      // Only the reference cues ("he", "him", "the": kClsReferenceCue in
      // vocabulary.cc) start a reference below.
      if (!(t.cls & kClsReferenceCue)) continue;
      // The sentence's own subject ("X said that he ..."): a name at its
      // start, not one inside a quotation. Only a pronoun needs it.
      int same_sentence = -1;
      const bool pronoun = t.word && IsPronoun(t.lower);
      for (const Ref& r : refs) {
        if (!pronoun) break;
        if (!r.possessive && r.first - sent.first <= 8) {
          bool quoted = false;
          for (int q = sent.first; q < r.first; ++q) {
            absl::string_view l = toks_[q].lower;
            quoted |= l == "\"" || l == "\xE2\x80\x9C";
          }
          if (!quoted) same_sentence = r.person;
          break;
        }
      }
      // "Ambassador X came to Ningbo. Mayor Y met with him": the previous
      // sentence's principal, unless it is this sentence's subject.
      if (t.word && IsObjectPronoun(toks_, k, sent.last) && last_subject_ >= 0) {
        int subject = -1;
        for (const Ref& r : refs) {
          if (!r.possessive) {
            subject = r.person;
            break;
          }
        }
        if (subject != last_subject_) refs.push_back({k, k + 1, k + 1, last_subject_, false});
        continue;
      }
      if (pronoun && (last_subject_ >= 0 || same_sentence >= 0)) {
        int who = same_sentence >= 0 && !t.cap ? same_sentence : last_subject_;
        if (who < 0) who = same_sentence;
        // A pronoun's appositive is a plain comma clause.
        int ext = k + 1;
        if (ext < sent.last && toks_[ext].lower == ",") {
          int q = ext + 1;
          while (q < sent.last && q < ext + 40 && toks_[q].lower != "," &&
                 !(toks_[q].word && !toks_[q].cap && IsClauseVerb(v_, toks_[q].lower))) {
            ++q;
          }
          if (q < sent.last) ext = q;
        }
        refs.push_back({k, k + 1, ext, who, false});
        continue;
      }
      // "The leader announced ...": a lowercase head that names no post
      // ("leader", "diplomat"), as the sentence's subject, is its principal,
      // like "he".
      if (t.word && t.lower == "the" && k == sent.first && k + 2 < sent.last &&
          last_subject_ >= 0 && toks_[k + 1].word && !toks_[k + 1].cap &&
          v_.capitalized_heads.contains(toks_[k + 1].lower) && toks_[k + 2].word &&
          !toks_[k + 2].cap) {
        refs.push_back({k, k + 2, k + 2, last_subject_, false});
        ++k;
        continue;
      }
      // "The Japanese leader said ...", "the Japanese PM": a country's
      // adjective and a word for a leader, as a subject, name the one person
      // whose title carries that adjective ("Japanese Prime Minister").
      if (t.word && t.lower == "the" && k + 3 < sent.last && toks_[k + 1].word &&
          toks_[k + 1].cap && !(toks_[k + 1].cls & kClsHead) && toks_[k + 2].word &&
          OneOf(toks_[k + 2].lower, {"leader", "pm", "premier"}) && toks_[k + 3].word &&
          !toks_[k + 3].cap && a_.mention_at_token[k + 1] < 0) {
        if (const int who = HolderOfTitleWord(toks_[k + 1].lower); who >= 0) {
          refs.push_back({k, k + 3, k + 3, who, false});
          k += 2;
          continue;
        }
      }
      // "The two mayors held talks": the two people last named whose
      // titles end in that head.
      if (t.word && t.lower == "the" && k + 2 < sent.last && toks_[k + 1].lower == "two" &&
          toks_[k + 2].word && !toks_[k + 2].cap && toks_[k + 2].lower.size() > 3 &&
          toks_[k + 2].lower.back() == 's') {
        if (TwoHolders(toks_[k + 2].lower, &refs, k)) {
          k += 2;
          continue;
        }
      }
      // "the Secretary", "The Party Secretary", "the president".
      if (t.word && t.lower == "the") {
        int q = k + 1;
        // "the Hon Paul Durand MP": a title reference never runs into a name.
        while (q < sent.last && q < k + 4 && toks_[q].word &&
               (toks_[q].cap || (toks_[q].cls & kClsModifier)) && !(toks_[q].cls & kClsHead) &&
               a_.mention_at_token[q] < 0) {
          ++q;
        }
        if (q < sent.last && toks_[q].word && (toks_[q].cls & kClsHead) &&
            a_.mention_at_token[q] < 0 && !absl::EndsWith(toks_[q].lower, "s")) {
          int end = q + 1;
          while (end < sent.last && toks_[end].word && (toks_[end].cls & kClsHead)) ++end;
          // "the Polish Prime Minister, Jan Nowak,": an appositive name
          // says who it is.
          // "the Prime Minister, Dr. X," / "Shri X": past a form of address.
          int after_comma = end + 1;
          while (after_comma < sent.last && after_comma < end + 4 &&
                 (IsHonorific(toks_[after_comma].lower) || toks_[after_comma].lower == ".")) {
            ++after_comma;
          }
          bool name_follows =
              end < sent.last && (a_.mention_at_token[end] >= 0 ||
                                  (toks_[end].lower == "," && after_comma < sent.last &&
                                   a_.mention_at_token[after_comma] >= 0));
          if (!name_follows && (end >= sent.last || toks_[end].lower != "of")) {
            // "The Secretary thanked Cabinet Secretary X": someone named
            // later in the same sentence is not the one referred to.
            auto named_here = [&](int p) { return NamedLaterIn(p, end, sent.last); };
            // "X met with Y. The minister said ...": of two ministers, the
            // previous sentence's subject.
            int best =
                titles_.Resolve(a_.Slice(k + 1, end), k, last_seen_, named_here, last_subject_);
            // "The Party Secretary" by its head alone, but not "the Foreign
            // Secretary" (a portfolio) as the Secretary of State.
            if (best < 0 && end - 1 > k + 1 && !NamesPortfolio(k + 1, end - 1)) {
              best = titles_.Resolve(a_.TokenText(end - 1), k, last_seen_, named_here);
            }
            if (best >= 0) {
              refs.push_back({k, end, end, best, false});
              k = end - 1;
            }
          }
        }
      }
    }
    if (bare.person >= 0) {
      auto at = std::lower_bound(refs.begin(), refs.end(), bare.first,
                                 [](const Ref& r, int first) { return r.first < first; });
      refs.insert(at, bare);
    }
    return refs;
  }

  // "the two mayors" at token k: appends a reference at [k, k + 3) to each
  // of the two people last seen whose titles end in the singular of
  // `plural` ("mayor", or "mayor of X"), and returns true; false when fewer
  // than two are known.
  bool TwoHolders(absl::string_view plural, std::vector<Ref>* refs, int k) const {
    const absl::string_view one = plural.substr(0, plural.size() - 1);
    // "the two leaders" (no post) is the pair of the first role sentence
    // (PairSubject), not any two people.
    if (v_.capitalized_heads.contains(one) || !v_.title_heads.contains(one)) return false;
    int best[2] = {-1, -1};
    for (int p = 0; p < static_cast<int>(a_.people.size()); ++p) {
      if (last_seen_[p] < 0) continue;
      bool holds = false;
      for (const TitleInfo& title : a_.people[p].titles) {
        const absl::string_view text = title.text;
        const size_t sp = text.find_last_of(' ');
        holds |= absl::EqualsIgnoreCase(sp == absl::string_view::npos ? text : text.substr(sp + 1),
                                        one) ||
                 absl::StartsWithIgnoreCase(text, absl::StrCat(one, " of "));
      }
      if (!holds) continue;
      if (best[0] < 0 || last_seen_[p] > last_seen_[best[0]]) {
        best[1] = best[0];
        best[0] = p;
      } else if (best[1] < 0 || last_seen_[p] > last_seen_[best[1]]) {
        best[1] = p;
      }
    }
    if (best[1] < 0) return false;
    refs->push_back({k, k + 3, k + 3, best[1], false});
    refs->push_back({k, k + 3, k + 3, best[0], false});
    return true;
  }

  // The one person with a title holding the word `lower` ("japanese" in
  // "Japanese Prime Minister"), else -1 (none, or two). The map from each
  // title word to its holder is built on the first call, once the people are
  // known, so a document repeating "the Japanese leader" costs one lookup
  // per phrase.
  int HolderOfTitleWord(absl::string_view lower) {
    if (!title_word_holders_built_) {
      title_word_holders_built_ = true;
      for (size_t p = 0; p < a_.people.size(); ++p) {
        const int person = static_cast<int>(p);
        for (const TitleInfo& title : a_.people[p].titles) {
          for (absl::string_view w : absl::StrSplit(title.text, ' ')) {
            auto [it, inserted] = title_word_holders_.try_emplace(absl::AsciiStrToLower(w), person);
            if (!inserted && it->second != person) it->second = kSharedTitleWord;
          }
        }
      }
    }
    auto it = title_word_holders_.find(lower);
    return it == title_word_holders_.end() || it->second == kSharedTitleWord ? -1 : it->second;
  }

  // A subject title without a determiner or a name ("PPC Vice Chairman was
  // pleased ...") at the sentence's start or after its opening phrase's
  // comma: a reference to its holder, else person -1.
  Ref BareTitleRef(const ::readout::extractor::internal::Sentence& sent) {
    Ref ref;
    ref.person = -1;
    auto candidate = [&](int k) {
      // Not a title before a name ("President Li"), not "The".
      return k < sent.last && toks_[k].word && toks_[k].cap && a_.mention_at_token[k] < 0 &&
             a_.pretitle_owner[k] < 0 && !(toks_[k].cls & kClsReferenceCue);
    };
    int end = 0;
    int k = sent.first;
    // Sentences led by a name, a pronoun or "The" hold neither place.
    if (!candidate(k)) return ref;
    ref.person = BareTitleSubject(k, sent.last, &end);
    if (ref.person < 0) {
      k = -1;
      for (int q = sent.first + 1; q < sent.last && q <= sent.first + 10; ++q) {
        if (toks_[q].lower == ",") {
          k = q + 1;
          break;
        }
      }
      if (k < 0 || !candidate(k)) return ref;
      ref.person = BareTitleSubject(k, sent.last, &end);
    }
    ref.first = k;
    ref.last = ref.ext_end = end;
    return ref;
  }

  // A capitalized title with no determiner and no name, as a subject:
  // "PPC Vice Chairman was pleased", "Vice Chairman stressed". Returns the
  // person holding it (the phrase, else its words from a later one on) and
  // sets *end after it, else -1.
  int BareTitleSubject(int k, int last, int* end) {
    int q = k;
    while (q < last && q < k + 4 && toks_[q].word && toks_[q].cap && !(toks_[q].cls & kClsHead) &&
           a_.mention_at_token[q] < 0) {
      ++q;
    }
    if (q >= last || !toks_[q].word || !toks_[q].cap || !(toks_[q].cls & kClsHead) ||
        a_.mention_at_token[q] >= 0 || absl::EndsWith(toks_[q].lower, "s")) {
      return -1;
    }
    int e = q + 1;
    while (e < last && toks_[e].word && toks_[e].cap && (toks_[e].cls & kClsHead)) ++e;
    // A verb must follow: "Vice Chairman Li" names, "Secretary of X" is a
    // longer title.
    if (e >= last || !toks_[e].word || toks_[e].cap || a_.mention_at_token[e] >= 0 ||
        toks_[e].lower == "of" || toks_[e].lower == "and" || toks_[e].lower == "for") {
      return -1;
    }
    auto named_here = [&](int p) { return NamedLaterIn(p, e, last); };
    for (int from = k; from < e; ++from) {
      const int best = titles_.Resolve(a_.Slice(from, e), k, last_seen_, named_here);
      if (best >= 0) {
        *end = e;
        return best;
      }
    }
    return -1;
  }

  // A word of [first, last) names a minister's portfolio ("Foreign",
  // "Defence"): a post of its own, not any holder of the head after it.
  bool NamesPortfolio(int first, int last) const {
    static const auto* const kPortfolios = new absl::flat_hash_set<std::string>{
        "foreign", "defence", "defense", "finance", "home",   "interior",  "health",
        "trade",   "justice", "labour",  "labor",   "energy", "education", "agriculture"};
    for (int q = first; q < last; ++q) {
      if (kPortfolios->contains(toks_[q].lower)) return true;
    }
    return false;
  }

  // The words of `phrase` ("forward to") match the tokens from k on: returns
  // how many, else 0.
  int PhraseRest(absl::string_view phrase, int k, int last) const {
    int n = 0;
    for (absl::string_view w : absl::StrSplit(phrase, ' ')) {
      if (k + n >= last || toks_[k + n].lower != w) return 0;
      ++n;
    }
    return n;
  }

  // The verb at k is joined by "and" to what comes before, maybe across
  // adverbs ("and highly appreciated", "and also praised").
  bool AndBefore(int k, int sentence_first) const {
    int q = k - 1;
    while (q > sentence_first && q >= k - 3 && toks_[q].word && !toks_[q].cap &&
           ((toks_[q].lower.size() > 4 && absl::EndsWith(toks_[q].lower, "ly")) ||
            toks_[q].lower == "also" || toks_[q].lower == "further" || toks_[q].lower == "then" ||
            toks_[q].lower == "again")) {
      --q;
    }
    return q > sentence_first && toks_[q].lower == "and";
  }

  // A reference of the sentence ("him", "her") starts at token q.
  static bool RefAt(const std::vector<Ref>& refs, int q) {
    for (const Ref& r : refs) {
      if (r.first == q) return true;
    }
    return false;
  }

  // A person (a reference or a title before one) starts at token q.
  bool PersonAt(int q, int last) const {
    return q < last && (a_.mention_at_token[q] >= 0 || a_.pretitle_owner[q] >= 0);
  }

  // A person is the object starting at q: named there, or "the Prime
  // Minister of Lusitania, Ms. Ana Costa," (a title, then the name after a
  // comma).
  bool GuestAt(int q, int last) const {
    if (PersonAt(q, last)) return true;
    if (RelationGuestAt(q, last)) return true;
    if (q >= last || toks_[q].lower != "the") return false;
    // "the Special Envoy of the United Nations for the Great Lakes, X".
    int w = q + 1;
    while (w < last && w <= q + 14 && toks_[w].word &&
           (toks_[w].cap || OneOf(toks_[w].lower, {"of", "the", "for", "and"}))) {
      ++w;
    }
    if (w == q + 1 || w + 1 >= last || toks_[w].lower != ",") return false;
    ++w;
    if (w + 1 < last && IsHonorific(toks_[w].lower)) ++w;
    return a_.mention_at_token[w] >= 0;
  }

  // "Minister X was hosted (welcomed) by Y": the passive at k has a named
  // person as its subject, read back over the be-verb and adverbs.
  bool PersonSubjectOfPassive(const std::vector<Ref>& refs, int k, int first) const {
    const int n = static_cast<int>(toks_.size());
    if (k + 1 >= n || toks_[k + 1].lower != "by") return false;
    int b = k - 1;
    while (b > first && (IsFiller(toks_[b]) || OneOf(toks_[b].lower, {"also", "then"}))) --b;
    if (b <= first || !IsBeVerb(toks_[b].lower)) return false;
    --b;
    for (const Ref& r : refs) {
      if (!r.possessive && r.person >= 0 && r.first >= first &&
          (r.last == b + 1 || r.ext_end == b + 1)) {
        return true;
      }
    }
    return false;
  }

  // "the signing", "the signature of the accord", "the agreement being
  // signed" just after k.
  bool SigningObject(int q, int last) const {
    for (int w = q; w < last && w <= q + 4 && toks_[w].word; ++w) {
      if (OneOf(toks_[w].lower, {"signing", "signature", "signatures"}) ||
          IsAgreementNoun(toks_[w].lower)) {
        return true;
      }
    }
    return false;
  }

  // A noun that tells how a person stands to the host or the speaker, not
  // a post: "counterpart", "guest", "predecessor".
  static bool IsRelationNoun(absl::string_view l) {
    return OneOf(l,
                 {"counterpart", "counterparts", "guest", "guests", "host", "hosts", "predecessor",
                  "successor", "colleague", "colleagues", "visitor", "visitors", "number"});
  }

  // "her counterpart Tomas Vell", "their guest, Senator X", "his Dravenian
  // counterpart, Y": a possessive, up to two modifiers, a relation noun,
  // then the person named (after a comma or a form of address).
  bool RelationGuestAt(int q, int last) const {
    if (q >= last || !OneOf(toks_[q].lower, {"her", "his", "their", "its", "our"})) return false;
    int w = q + 1;
    while (w < last && w <= q + 3 && toks_[w].word && !IsRelationNoun(toks_[w].lower)) ++w;
    if (w >= last || !IsRelationNoun(toks_[w].lower)) return false;
    // "opposite number" only.
    if (toks_[w].lower == "number" && toks_[w - 1].lower != "opposite") return false;
    ++w;
    if (w < last && toks_[w].lower == ",") ++w;
    if (w + 1 < last && IsHonorific(toks_[w].lower)) ++w;
    return PersonAt(w, last);
  }

  // "received today at his office the Minister of X, Y": a guest after
  // time and place phrases. Before a preposition only time words are
  // passed over; after "on", "at" or "in", the words of its phrase.
  bool GuestAfterAdjuncts(int q, int last) const {
    bool phrase = false;
    for (int end = std::min(last, q + 12); q < end; ++q) {
      const Token& t = toks_[q];
      if (phrase && GuestAt(q, last)) return true;
      if (!t.word || OneOf(t.lower, {"and", "a", "an", "with", "from", "for", "that", "to"})) {
        return false;
      }
      if (OneOf(t.lower, {"on", "at", "in"})) {
        phrase = true;
      } else if (!phrase && !OneOf(t.lower, {"today", "yesterday", "here", "this", "morning",
                                             "afternoon", "evening", "tonight"})) {
        return false;
      }
    }
    return false;
  }

  // The reporting verb at k: returns its token length, else 0. `headline`
  // reads title-cased verbs ("Calls For") as well.
  int VerbAt(int k, int last, bool headline = false) const {
    const Token& t = toks_[k];
    if (!t.word || (t.cap && !headline)) return 0;
    // Only a reporting verb or the first word of a reporting phrase can
    // return non-zero below: the word classes say so without a lookup.
    if (!(t.cls & (kClsReporting | kClsPhraseStart))) return 0;
    // "the commended outstanding secretaries": a participle after a
    // determiner is an adjective, not a verb.
    if (k > 0 && toks_[k - 1].sentence == t.sentence) {
      absl::string_view p = toks_[k - 1].lower;
      if (p == "the" || p == "a" || p == "an" || p == "these" || p == "those" || p == "its" ||
          p == "their" || p == "our" || p == "his" || p == "her" || p == "my") {
        return 0;
      }
    }
    // "the warm welcome", "his sincere thanks": a form with no verb ending
    // after a determiner and adjectives is a noun too.
    if (!absl::EndsWith(t.lower, "ed") && !absl::EndsWith(t.lower, "ing")) {
      for (int q = k - 1; q >= 0 && q >= k - 3 && toks_[q].sentence == t.sentence; --q) {
        const Token& p = toks_[q];
        if (q < k - 1 && OneOf(p.lower, {"the", "a", "an", "its", "their", "our", "his", "her",
                                         "my", "this", "these", "those"})) {
          return 0;
        }
        if (!p.word || p.cap || (p.cls & (kClsHead | kClsReporting | kClsPhraseStart)) ||
            p.lower.back() == 's' || IsFutureModal(p.lower) ||
            OneOf(p.lower, {"to", "not", "also", "should", "can", "could", "may", "might", "must",
                            "and", "or", "who", "which", "that"})) {
          break;
        }
      }
    }
    if (t.lower == "according") return 0;  // Read with its source after it.
    // "gave remarks", "gives a speech": a part in the event (SPOKE); "gave
    // a press conference", "gave a dinner for the delegates": a gathering
    // held, no words reported; "gave an update on" reports what was said.
    if (t.lower == "gave" || t.lower == "gives") {
      for (int q = k + 1; q < last && q <= k + 3; ++q) {
        absl::string_view w = toks_[q].lower;
        const absl::string_view next = q + 1 < last ? toks_[q + 1].lower : absl::string_view();
        if (IsSpeechNoun(w) || IsGatheringGiven(w, next)) return 0;
      }
    }
    // "declared the session open": a presider's act, not reported content.
    if (absl::StartsWith(t.lower, "declare") && DeclaredOpenOrClosedAt(k, last) > 0) return 0;
    // "commented that ..." reports content; "commented on the talks" is a
    // part in the event (a role), "made comments" a noun.
    if (absl::StartsWith(t.lower, "comment") && (k + 1 >= last || toks_[k + 1].lower != "that")) {
      return 0;
    }
    if (k > 0 && toks_[k - 1].sentence == t.sentence) {
      // "he was briefed on": a passive reports nothing of its subject.
      absl::string_view p = toks_[k - 1].lower;
      if (IsBeVerb(p) && absl::EndsWith(t.lower, "ed")) {
        return 0;
      }
    }
    // "the wishes of the people": a noun.
    if (k + 1 < last && toks_[k + 1].lower == "of" && !absl::EndsWith(t.lower, "ed")) return 0;
    // "welcomed Secretary X": a host greeting a guest (a meeting role).
    if (absl::StartsWith(t.lower, "welcom") && GuestAt(k + 1, last)) return 0;
    auto it = v_.reporting_phrases.find(t.lower);
    if (it != v_.reporting_phrases.end()) {
      for (const std::string& rest : it->second) {
        int n = PhraseRest(rest, k + 1, last);
        if (n == 0) continue;
        // "called on the Governor" is a visit; "called on both sides to
        // act" reports an appeal.
        if (rest == "on" && PersonAt(k + 2, last)) return 0;
        return 1 + n;
      }
    }
    if ((t.cls & kClsReporting)) return 1;
    return 0;
  }

  // The people joined to the subject `r` by "and" or a list comma ("Reed
  // and Hill said"), in reading order, not counting r itself.
  std::vector<int> JointSubjects(const std::vector<Ref>& refs, const Ref& r,
                                 int sentence_first) const {
    std::vector<int> out;
    int at = r.first;
    for (;;) {
      if (at - 1 <= sentence_first) break;
      absl::string_view joint = toks_[at - 1].lower;
      // The nearest joint is "and"; list commas come before it.
      if (joint != "and" && (joint != "," || out.empty())) break;
      const Ref* before = nullptr;
      for (const Ref& x : refs) {
        if (!x.possessive && (x.last == at - 1 || x.ext_end == at - 1 ||
                              (x.ext_end == at - 2 && toks_[at - 2].lower == ","))) {
          before = &x;
        }
      }
      if (before == nullptr || before->person == r.person) break;
      out.insert(out.begin(), before->person);
      at = before->first;
    }
    return out;
  }

  void Sentence(int s) {
    const ::readout::extractor::internal::Sentence& sent = a_.tt.sentences[s];
    std::vector<Ref> refs = Refs(s);
    std::vector<int> speakers;
    int subject_here = -1;
    int last_statement_speaker = -1;
    size_t first_statement = out_.statements.size();
    bool failed_since_last = false;
    int first_speaker = -1;
    int that_clause_from = -1;  // Inside "said that ...".
    // Where the content reported by this sentence's last statement begins:
    // a verb whose subject lies inside it is reported, not reporting ("X
    // said Y described ...").
    int complement_from = -1;
    int verb_end = -1;  // Just after the last statement's verb.
    // (first statement index, first token of its clause) of each verb.
    std::vector<std::pair<size_t, int>> clause_starts;
    // A statement of the sentence took the quotation before its verb.
    bool lead_quote_taken = false;
    const bool headline = s < a_.body_first_sentence;
    if (headline) {
      HeadlineStatement(s, refs);
    } else {
      OpeningParticiple(s, refs);
    }
    const Token* const tokens = toks_.data();
    for (int k = sent.first; k < sent.last && !headline; ++k) {
      // Most tokens are neither a reporting verb nor a clause cue read below
      // (kClsClauseCue) nor a semicolon: they are skipped in a tight loop.
      const int last = sent.last;
      while (k < last && !(tokens[k].cls & (kClsReporting | kClsPhraseStart | kClsClauseCue)) &&
             tokens[k].lower != ";") {
        ++k;
      }
      if (k >= last) break;
      int len = VerbAt(k, sent.last);
      if (len == 0) {
        // ", and Wang stressed", ", while Guo proposed": a new clause at the
        // top level.
        absl::string_view l = toks_[k].lower;
        if (l == ";" || l == "whereas" ||
            ((l == "and" || l == "while" || l == "but") && k > sent.first &&
             toks_[k - 1].lower == ",")) {
          complement_from = -1;
        }
        if (toks_[k].lower == "according" && k + 1 < sent.last && toks_[k + 1].lower == "to") {
          // "..., according to Li.": the source named after the phrase.
          for (const Ref& r : refs) {
            if (r.first >= k + 2 && r.first <= k + 8 && !r.possessive) {
              // "According to Li, the fair opens in May": what follows the
              // source's comma; "..., according to Li." what comes before.
              ByteSpan text{toks_[sent.first].begin, toks_[k].begin};
              if (k == sent.first) {
                int c = std::max(r.last, r.ext_end);
                while (c < sent.last && toks_[c].lower != ",") ++c;
                text = c + 1 < sent.last
                           ? ByteSpan{toks_[c + 1].begin, toks_[sent.last - 1].end}
                           : ByteSpan{toks_[sent.last - 1].end, toks_[sent.last - 1].end};
              }
              AddStatement(r.person, s, k, k + 2, WithoutTrailingPause(text));
              break;
            }
          }
          ++k;
        }
        continue;
      }
      // "extended welcome to", "expressed thanks for": a reporting word
      // straight after a reporting verb is its object, not a second verb.
      if (k == verb_end) continue;
      // "put forward three requirements", "put forward that ...": content
      // counted or reported; "put forward a series of ideas" over a career
      // reports nothing said at the event.
      if (len == 2 && toks_[k + 1].lower == "forward" && !CountedOrReported(k + 2, sent.last)) {
        continue;
      }
      const Token& t = toks_[k];
      int speaker = -1;
      int clause_first = k;  // Where the statement's clause starts.
      bool inverted = false;
      int setting_from = k + len;  // Where the verb's setting starts.
      std::vector<int> joint;
      // "..., said Hu" / "\" said Mr. Stoltenberg".
      if (k > sent.first) {
        absl::string_view prev = toks_[k - 1].lower;
        bool after_pause =
            prev == "," || prev == "\"" || prev == "\xE2\x80\x9D" || prev == "\xE2\x80\x99";
        int q = k + len;
        if (q < sent.last && IsHonorific(toks_[q].lower)) {
          ++q;
        }
        // "Kenji Mori, head of the delegation, thanked the minister", "The
        // delegation head, Kenji Mori, thanked ...": the pause closes an
        // appositive of the subject, so the name after the verb is its
        // object, not an inverted speaker.
        // "..., thanked Son": a verb whose object is a person never inverts
        // ("said Hu" does; "thanked Hu" names whom one thanks).
        if (after_pause && TakesPersonObject(t.lower)) after_pause = false;
        if (after_pause && prev == ",") {
          for (const Ref& r : refs) {
            if (r.possessive) continue;
            if (r.ext_end > r.last && r.ext_end == k - 1) after_pause = false;
            if (r.last != k - 1) continue;
            int b = r.first - 1;  // Before the name, maybe past "Ms." / "Dr".
            while (b > sent.first && (IsHonorific(toks_[b].lower) || toks_[b].lower == ".")) --b;
            if (b > sent.first && toks_[b].lower == ",") after_pause = false;
          }
        }
        if (after_pause) {
          for (const Ref& r : refs) {
            if (r.first == q && !r.possessive && EndsInvertedClause(r, sent.last)) {
              speaker = r.person;
              inverted = true;
              setting_from = std::max(r.last, r.ext_end);
              break;
            }
          }
          // "said Zhou Pingjian, Chinese Ambassador" with a title first.
          if (speaker < 0) {
            for (const Ref& r : refs) {
              if (r.first > q && r.first <= q + 12 && !r.possessive && a_.pretitle_owner[q] >= 0 &&
                  EndsInvertedClause(r, sent.last)) {
                speaker = r.person;
                inverted = true;
                setting_from = std::max(r.last, r.ext_end);
                break;
              }
            }
          }
        }
      }
      // "is calling on": a progressive is a finite verb, not a participle.
      const bool progressive =
          k > sent.first && (toks_[k - 1].lower == "is" || toks_[k - 1].lower == "are" ||
                             toks_[k - 1].lower == "was" || toks_[k - 1].lower == "were");
      bool participle = absl::EndsWith(t.lower, "ing") && !progressive;
      if (speaker < 0 && participle) speaker = AbsoluteSubject(refs, k, sent);
      if (speaker < 0 && participle) {
        absl::string_view prev = k > sent.first ? toks_[k - 1].lower : "";
        bool allowed =
            prev == "," || prev == "as" || IsSpeechNoun(prev) || last_statement_speaker >= 0;
        // ", adding that ...": a second verb of the same speaker, also
        // after a that-clause.
        const bool adds_content = prev == "," && k + 1 < sent.last && toks_[k + 1].lower == "that";
        if (that_clause_from >= 0 && k > that_clause_from && !adds_content) allowed = false;
        if (!allowed) {
          failed_since_last = true;
          continue;
        }
        if (prev == "as") {
          // "quoted Obama as saying": the nearest name.
          for (auto it = refs.rbegin(); it != refs.rend(); ++it) {
            if (it->last <= k && !it->possessive) {
              speaker = it->person;
              break;
            }
          }
        } else if (last_statement_speaker >= 0) {
          speaker = last_statement_speaker;  // "said Hu, adding that".
        } else {
          // "X held talks with Y, pledging ...": the clause's subject.
          for (const Ref& r : refs) {
            if (r.last <= k && !r.possessive) {
              speaker = r.person;
              break;
            }
          }
        }
      }
      if (speaker < 0 && !participle) {
        const Ref* r = nullptr;
        for (const Ref& x : refs) {
          if (x.last <= k && !x.possessive) r = &x;
        }
        // "X, who met Y, warned": Y is the relative clause's object; the
        // verb after the clause is X's.
        int clause_close = -1;
        if (r != nullptr) r = AntecedentOfClauseAround(refs, r, k, &clause_close);
        // "wanted to know how he explained the gap": an indirect question
        // reports nothing.
        if (r != nullptr && r->first > sent.first && IsQuestionWord(toks_[r->first - 1])) {
          failed_since_last = true;
          continue;
        }
        // "thanked Costa for her support and praised ...": the verb's
        // object, then a verb of the same subject.
        if (r != nullptr && complement_from >= 0 && r->first >= complement_from &&
            !(ObjectAt(*r, complement_from) && AndBefore(k, sent.first))) {
          // "said that he welcomes", "said she welcomes": reported speech.
          failed_since_last = true;
          continue;
        }
        if (r != nullptr) {
          int from =
              clause_close >= 0 ? clause_close : PastDescription(std::max(r->ext_end, r->last), k);
          // ", who is on a visit to China," between name and verb.
          if (from + 1 < k && toks_[from].lower == "," &&
              OneOf(toks_[from + 1].lower, {"who", "which", "whose"})) {
            int q = from + 2;
            while (q < k && q < from + 25 && toks_[q].lower != "," && a_.mention_at_token[q] < 0) {
              ++q;
            }
            if (q < k && toks_[q].lower == ",") from = q;
            // "He succeeds X, who announced her retirement": the verb of
            // the relative clause is X's own.
            if (from + 2 <= k && toks_[from + 1].lower == "who") {
              bool adverbs_only = true;
              for (int w = from + 2; w < k && adverbs_only; ++w) adverbs_only = IsFiller(toks_[w]);
              if (adverbs_only) from = k;
            }
          }
          bool ok = from <= k;
          bool refs_between = false;
          const int verb_first = k - (progressive ? 1 : 0) - OpportunityTo(from, k);
          for (int q = from; q < verb_first && ok; ++q) {
            if (!IsFiller(toks_[q])) ok = false;
          }
          const bool after_and = AndBefore(k, sent.first);
          if (!ok && after_and && last_statement_speaker >= 0 && !failed_since_last) {
            for (const Ref& x : refs) {
              // Another subject between ("X said that Y ... and"), not an
              // object ("thanked Y ... and praised").
              if (x.first > r->first && x.first < k && !x.possessive &&
                  x.person != last_statement_speaker && complement_from >= 0 &&
                  x.first >= complement_from && !ObjectAt(x, complement_from)) {
                refs_between = true;
              }
            }
            // "to speak and propose": a bare infinitive is no report.
            const std::string w(t.lower);
            const bool finite =
                absl::EndsWith(w, "ed") || absl::EndsWith(w, "s") ||
                !(v_.reporting_verbs.contains(w + "s") || v_.reporting_verbs.contains(w + "es"));
            if (!refs_between && finite) {
              speaker = last_statement_speaker;
              ok = false;
            }
          }
          if (ok) {
            speaker = r->person;
            clause_first = r->first;
            joint = JointSubjects(refs, *r, sent.first);
          } else if (speaker < 0 && after_and && last_statement_speaker < 0) {
            // "X met the delegation and extended a welcome": the verb shares
            // the sentence's subject.
            speaker = SentenceSubject(sent, refs);
          }
        } else if (AndBefore(k, sent.first) && last_statement_speaker >= 0 && !failed_since_last) {
          speaker = last_statement_speaker;
        }
      }
      if (speaker < 0) {
        failed_since_last = true;
        continue;
      }
      failed_since_last = false;
      if (k + len < sent.last && toks_[k + len].lower == "that") {
        that_clause_from = k + len;
      }
      const uint32_t sbeg = toks_[sent.first].begin;
      const uint32_t send = toks_[sent.last - 1].end;
      ByteSpan text;
      if (inverted) {
        text = {toks_[std::min(ContentStart(s), k - 1)].begin, toks_[k - 1].begin};
      } else {
        int tf = k + len;
        if (tf < sent.last && toks_[tf].lower == "that") {
          ++tf;
        } else {
          // "said on Wednesday that ...", "told reporters: ...": the
          // setting is no part of what was said.
          const int set_end = SettingEnd(t.lower, tf, sent.last);
          if (set_end > tf && set_end < sent.last && toks_[set_end].lower == "that") {
            tf = set_end + 1;
          } else if (set_end >= sent.last - 1) {
            // "The bridge will open, Renk said on Wednesday.", "..., Renk
            // said.": the words before the speaker's clause.
            const int before = ReportedBeforeSubject(sent, clause_first, speaker);
            if (before > ContentStart(s)) {
              text = {toks_[ContentStart(s)].begin, toks_[before - 1].end};
            }
          } else if (set_end > tf) {
            tf = ThatAfterRelativeClause(set_end, sent.last);
          }
        }
        if (text.end == 0) {
          text = tf < sent.last ? ByteSpan{toks_[tf].begin, send} : ByteSpan{send, send};
        }
        complement_from = k + len;
      }
      // A quotation around the attribution is the text, without its marks.
      std::vector<ByteSpan> quoted;
      uint32_t quoted_end = 0;
      if (Quotation(s, k, len, !lead_quote_taken, &quoted, &quoted_end)) {
        // The quotation before the verb is the first attribution's: "\"We
        // agree,\" said X, adding that ..." adds words of its own.
        if (quoted.front().begin < toks_[k].begin) lead_quote_taken = true;
        // A lone quotation drops the comma that hands it to the verb.
        if (quoted.size() == 1) quoted.front() = WithoutTrailingPause(quoted.front());
        text = quoted.front();
      } else {
        text = WithoutLeadingPause(text);
      }
      clause_starts.push_back({out_.statements.size(), clause_first});
      // A joint subject gives one statement for each speaker.
      joint.push_back(speaker);
      for (int who : joint) {
        AddStatement(who, s, k, k + len, text);
        out_.statements.back().setting = {
            toks_[k].begin,
            toks_[std::max(SettingEnd(t.lower, setting_from, sent.last), k + len) - 1].end};
        if (!quoted.empty()) {
          StatementInfo& st = out_.statements.back();
          st.text_more.assign(quoted.begin() + 1, quoted.end());
          st.whole.begin = std::min(st.whole.begin, quoted.front().begin);
          st.whole.end = std::max(st.whole.end, quoted_end);
        }
        if (first_speaker < 0) first_speaker = who;
        speakers.push_back(who);
      }
      if (Exceeded()) return;
      last_statement_speaker = speaker;
      verb_end = k + len;
      k += len - 1;
    }
    EndTextsAtTheNextClause(clause_starts);
    // Enumerated points in the following sentences belong to the last
    // statement of this sentence.
    if (out_.statements.size() > first_statement) {
      CollectPoints(s, &out_.statements.back());
    }
    Roles(s, refs, speakers, &subject_here);
    if (first_speaker >= 0) {
      last_subject_ = first_speaker;
    } else if (subject_here >= 0) {
      last_subject_ = subject_here;
    } else {
      for (const Ref& r : refs) {
        if (!r.possessive && r.first <= sent.first + 25) {
          last_subject_ = r.person;
          break;
        }
      }
    }
  }

  // "noted that the tasks are heavy, and emphasized the need to act": a
  // statement's text ends where the clause of the sentence's next verb
  // starts (its subject, or the verb itself with the conjunction and
  // adverbs before it), not at the sentence's end. `starts` holds, for
  // each verb in reading order, its first statement and clause start.
  void EndTextsAtTheNextClause(const std::vector<std::pair<size_t, int>>& starts) {
    for (size_t i = 0; i + 1 < starts.size(); ++i) {
      int cut = starts[i + 1].second;
      const uint32_t next_begin = toks_[cut].begin;
      while (cut > 0 && OneOf(toks_[cut - 1].lower, {"also", "further", "then"})) --cut;
      // Only a clause joined by a pause or a conjunction is a new one
      // ("quoted Obama as saying ..." reports inside the first).
      bool joined = false;
      while (cut > 0 && OneOf(toks_[cut - 1].lower, {",", ";", "and", "but", "while", "whereas"})) {
        --cut;
        joined = true;
      }
      if (!joined) continue;
      const uint32_t end = toks_[std::max(cut - 1, 0)].end;
      const size_t last = starts[i + 1].first;
      for (size_t st = starts[i].first; st < last; ++st) {
        ByteSpan& text = out_.statements[st].text;
        if (!out_.statements[st].text_more.empty()) continue;
        if (text.begin < next_begin && next_begin < text.end && end > text.begin) text.end = end;
      }
    }
  }

  // The quotation mark at token q: 1 opening, 2 closing, 0 none. A
  // straight mark opens after a space, a line break or a bracket, and
  // closes elsewhere.
  int QuoteMark(int q) const {
    absl::string_view l = toks_[q].lower;
    if (l == "\xE2\x80\x9C") return 1;
    if (l == "\xE2\x80\x9D") return 2;
    if (l != "\"") return 0;
    const uint32_t b = toks_[q].begin;
    const char before = b > 0 ? a_.text[b - 1] : ' ';
    return before == ' ' || before == '\n' || before == '(' ? 1 : 2;
  }

  // The quotation opened by the mark at token q: appends its content (one
  // span a paragraph, without the marks) to *parts and returns the token
  // after its closing mark. A paragraph ending with no closing mark goes
  // on into the next one when that opens with a mark (the convention of a
  // quotation over paragraphs); otherwise the quotation stops there (and
  // the return is that paragraph's first token). At most 20 paragraphs.
  int QuotationFrom(int q, std::vector<ByteSpan>* parts, uint32_t* end) const {
    const int nt = static_cast<int>(toks_.size());
    int first = q + 1;
    int paragraph = a_.tt.sentences[toks_[q].sentence].paragraph;
    auto push = [&](int a, int b) {
      if (a < b) parts->push_back({toks_[a].begin, toks_[b - 1].end});
      if (a < b) *end = toks_[b - 1].end;
    };
    for (int k = first, paragraphs = 0; k < nt; ++k) {
      const int mark = QuoteMark(k);
      if (mark == 2) {
        push(first, k);
        *end = toks_[k].end;
        return k + 1;
      }
      const int para = a_.tt.sentences[toks_[k].sentence].paragraph;
      if (para != paragraph) {
        push(first, k);
        if (mark != 1 || ++paragraphs >= 20) return k;
        first = k + 1;
        paragraph = para;
      }
    }
    push(first, nt);
    return nt;
  }

  // "\"Talks went well. We will meet again,\" Renk said": a quotation of
  // several sentences closes in sentence `sent` before the verb at k. The
  // opening mark in an earlier sentence of the paragraph (at most 120
  // tokens back, no other quotation between), else -1.
  int OpeningBefore(const ::readout::extractor::internal::Sentence& sent, int k) const {
    int close = -1;
    for (int q = sent.first; q < k; ++q) {
      const int mark = QuoteMark(q);
      if (mark == 1) return -1;
      if (mark == 2) {
        close = q;
        break;
      }
    }
    if (close < 0) return -1;
    const int paragraph = sent.paragraph;
    for (int q = sent.first - 1; q >= 0 && q >= sent.first - 120; --q) {
      if (a_.tt.sentences[toks_[q].sentence].paragraph != paragraph) return -1;
      const int mark = QuoteMark(q);
      if (mark == 2) return -1;
      if (mark == 1) return q;
    }
    return -1;
  }

  // The quoted text of the statement whose verb is [k, k + len) in
  // sentence s: a quotation opening the sentence (past a dateline, or in
  // an earlier sentence: OpeningBefore) and closed before the verb
  // ("\"We will act,\" the mayor said"; only when `lead_allowed`), and one
  // opening right after
  // the attribution, past a comma or colon ("said: \"...\"", "the mayor
  // said, \"and soon.\""), the name of an inverted speaker before it. Sets
  // *parts (in reading order) and *end (after the last closing mark), and
  // returns true when there is either.
  bool Quotation(int s, int k, int len, bool lead_allowed, std::vector<ByteSpan>* parts,
                 uint32_t* end) const {
    const auto& sent = a_.tt.sentences[s];
    parts->clear();
    const int open = ContentStart(s);
    const int lead_open = !lead_allowed ? -1 : QuoteMark(open) == 1 ? open : OpeningBefore(sent, k);
    if (lead_open >= 0) {
      std::vector<ByteSpan> lead;
      uint32_t lead_end = 0;
      const int after = QuotationFrom(lead_open, &lead, &lead_end);
      if (after <= k && after > sent.first && !lead.empty()) {
        *parts = std::move(lead);
        *end = lead_end;
      }
    }
    int q = k + len;
    for (int steps = 0; q < sent.last && steps < 12 && QuoteMark(q) == 0 && toks_[q].lower != ":" &&
                        toks_[q].lower != ",";
         ++q, ++steps) {
    }
    if (q < sent.last && (toks_[q].lower == ":" || toks_[q].lower == ",")) ++q;
    if (q < sent.last && QuoteMark(q) == 1 &&
        (q == k + len || OneOf(toks_[q - 1].lower, {":", ",", "that"}))) {
      QuotationFrom(q, parts, end);
    }
    return !parts->empty();
  }

  // A word that sets a reporting verb's time on its own: "said today",
  // "said Wednesday", "said yesterday evening".
  static bool IsTimeWord(const Token& t) {
    return OneOf(t.lower, {"today", "yesterday", "tonight", "earlier", "later", "again"}) ||
           WeekdayNumber(t.lower) >= 0;
  }

  // A preposition opening a phrase of time, place or occasion after a
  // reporting verb: "on Wednesday", "at a news conference", "in a
  // statement", "after the meeting".
  static bool IsSettingPreposition(absl::string_view lower) {
    return OneOf(lower,
                 {"on", "in", "at", "after", "before", "during", "following", "ahead", "via"});
  }

  // Token w ends a setting phrase cleanly: a pause, "that", the
  // sentence's end, a quotation mark or the next setting phrase.
  bool ClosesSetting(int w, int last) const {
    if (w >= last) return true;
    const absl::string_view l = toks_[w].lower;
    return OneOf(l, {",", ".", ";", ":", "that", "--", "?", "!"}) || QuoteMark(w) != 0 ||
           IsSubjectPronoun(l) || IsSettingPreposition(l) || IsTimeWord(toks_[w]) ||
           (OneOf(l, {"this", "last", "next"}) && w + 1 < last && IsTimePeriod(toks_[w + 1].lower));
  }

  static bool IsSubjectPronoun(absl::string_view lower) {
    return OneOf(lower, {"he", "she", "they", "we", "i"});
  }

  // The noun of an occasion words are said at or in: "in a statement",
  // "at the meeting", "in an interview".
  static bool IsOccasionNoun(absl::string_view lower) {
    return IsSpeechNoun(lower) ||
           OneOf(lower, {"statement", "interview", "letter", "message", "meeting", "conference",
                         "briefing", "session", "talks", "ceremony", "forum", "summit", "event",
                         "visit", "dinner", "banquet", "reception"});
  }

  static bool IsTimePeriod(absl::string_view lower) {
    return OneOf(lower, {"week", "month", "year", "weekend", "morning", "afternoon", "evening"});
  }

  // Where the setting of the reporting verb `verb` ends, from q (right
  // after the verb) on: whom "told" addresses ("told reporters", "told
  // the council"), time words ("on Wednesday", "today", "this week") and
  // phrases of place and occasion ("at a news conference in Palvik", "in
  // a statement", "after the meeting"), each closed by a pause, "that",
  // the sentence's end or the next such phrase. What the verb reports
  // starts there ("said on Wednesday that ..."), or, when the setting runs
  // to the sentence's end, stands before the speaker ("The bridge will
  // open, Renk said on Wednesday."). Returns q when no setting follows.
  int SettingEnd(absl::string_view verb, int q, int last) const {
    auto inside = [&](int w) {
      const Token& t = toks_[w];
      if (!(t.word || t.has_digit || t.lower == "'s" || t.lower == "-")) return false;
      if (IsSubjectPronoun(t.lower)) return false;  // "told reporters she hoped ..."
      if (t.word && !t.cap &&
          (IsClauseVerb(v_, t.lower) || (t.cls & kClsReporting) || t.lower == "that")) {
        return false;
      }
      return !IsSettingPreposition(t.lower);
    };
    int end = q;
    if (OneOf(verb, {"told", "tells", "telling"})) {
      int w = q;
      while (w < last && w < q + 4 && inside(w) && !IsTimeWord(toks_[w])) ++w;
      if (w == q || !ClosesSetting(w, last)) return q;
      end = w;
    }
    for (int phrases = 0; end < last && phrases < 6; ++phrases) {
      const Token& t = toks_[end];
      if (IsTimeWord(t)) {
        ++end;
        if (end < last && IsTimePeriod(toks_[end].lower)) ++end;  // "yesterday evening"
        continue;
      }
      if (OneOf(t.lower, {"this", "last", "next"}) && end + 1 < last &&
          IsTimePeriod(toks_[end + 1].lower)) {
        end += 2;
        continue;
      }
      if (!t.word || t.cap || !IsSettingPreposition(t.lower)) break;
      // "ahead of the vote", "on the sidelines of the summit".
      int w = end + 1;
      if (t.lower == "ahead" && w < last && toks_[w].lower == "of") ++w;
      const int words = w;
      bool closed = false;
      while (w < last && w < words + 10 && inside(w)) {
        closed = IsTimeWord(toks_[w]);
        ++w;
        // "in a statement the port would ...": the occasion's noun closes
        // the phrase when a new clause's first word follows it.
        if (!closed && IsOccasionNoun(toks_[w - 1].lower) && w < last &&
            OneOf(toks_[w].lower, {"the", "a", "an", "he", "she", "it", "they", "we", "his", "her",
                                   "its", "their", "our", "this", "these", "there", "all"})) {
          closed = true;
          break;
        }
        if (!closed) continue;
        // "on Wednesday (afternoon)": the time closes the phrase.
        if (w < last && IsTimePeriod(toks_[w].lower)) ++w;
        break;
      }
      if (w == words || (!closed && !ClosesSetting(w, last))) break;
      end = w;
    }
    return end;
  }

  // "said in Velmora, where she arrived on Monday, that ...": a relative
  // clause between a setting closed at q and the "that" of what was said
  // is part of the setting. The first token after that "that", or q when
  // no relative clause and "that" follow.
  int ThatAfterRelativeClause(int q, int last) const {
    if (toks_[q].lower != "," || q + 1 >= last ||
        !OneOf(toks_[q + 1].lower, {"where", "when", "who", "whom", "which", "whose"})) {
      return q;
    }
    for (int w = q + 2; w + 1 < last && w <= q + 20; ++w) {
      if (toks_[w].lower != ",") continue;
      return toks_[w + 1].lower == "that" ? w + 2 : q;
    }
    return q;
  }

  // The first token of what sentence s reports, past a dateline's dash
  // ("PALVIK, March 4 -- \"We will ...\"", "HARLO (Agency) -- ..."): a
  // dash opening the sentence, or one closing a dateline's shape (a place,
  // in capitals or known, with a date or an agency) that opens it, as the
  // dateline reader finds it. A dash inside the sentence ("Turnout reached
  // 40 -- a record -- and ...", "The plan -- a bold one -- works") is no
  // dateline.
  int ContentStart(int s) const {
    const auto& sent = a_.tt.sentences[s];
    auto dash = [&](int q) {
      return toks_[q].lower == "--" || toks_[q].lower == "\xE2\x80\x94" || toks_[q].lower == "-" ||
             toks_[q].lower == "\xE2\x80\x93";
    };
    if (sent.first + 1 < sent.last && dash(sent.first)) return sent.first + 1;
    const int body = ::readout::extractor::internal::DatelineMarkerEnd(a_, s);
    if (body > sent.first && body < sent.last && dash(body - 1)) return body;
    return sent.first;
  }

  // An inverted speaker ("..., said Renk", "..., said Minister Tova Renk
  // on Wednesday", "said Renk of the port authority", "said Renk who
  // chairs the panel", "said Renk while visiting the depot") ends the
  // attribution, whatever phrase follows the name, unless a verb or a
  // subject pronoun does: then the name is the subject of a clause of its
  // own ("..., met Renk, said she hoped ...", "thanked Renk hoped ..."),
  // and the verb before it belongs to someone else.
  bool EndsInvertedClause(const Ref& r, int last) const {
    const int e = std::max(r.last, r.ext_end);
    if (e >= last) return true;
    const Token& t = toks_[e];
    if (!t.word || t.cap) return true;
    // A relative or a conjunction opens a clause about the speaker.
    if (OneOf(t.lower, {"who", "whose", "which", "when", "while", "where"})) return true;
    return !IsSubjectPronoun(t.lower) && !IsClauseVerb(v_, t.lower) && !(t.cls & kClsReporting);
  }

  // "The bridge will open next spring, Minister Tova Renk said": the
  // comma that ends the reported words right before the speaker's clause
  // (its title and "the" included), which starts at clause_first; else -1.
  int ReportedBeforeSubject(const ::readout::extractor::internal::Sentence& sent, int clause_first,
                            int speaker) const {
    int c = clause_first;
    while (c > sent.first &&
           (a_.pretitle_owner[c - 1] == speaker ||
            (a_.pretitle_owner[c - 1] >= 0 && a_.mention_at_token[c - 1] < 0) ||
            IsHonorific(toks_[c - 1].lower) || toks_[c - 1].lower == "the" ||
            (toks_[c - 1].lower == "." && c - 2 > sent.first && IsHonorific(toks_[c - 2].lower)))) {
      --c;
    }
    if (c - 1 <= sent.first || toks_[c - 1].lower != ",") return -1;
    return c - 1;
  }

  // The text without a comma or space ending it.
  ByteSpan WithoutTrailingPause(ByteSpan text) const {
    while (text.end > text.begin &&
           (a_.text[text.end - 1] == ',' || a_.text[text.end - 1] == ' ')) {
      --text.end;
    }
    return text;
  }

  // The text without a pause opening it (", first, ..." after "stressed
  // that,", ": ..." after "said:").
  ByteSpan WithoutLeadingPause(ByteSpan text) const {
    while (text.begin < text.end) {
      const char c = a_.text[text.begin];
      if (c != ',' && c != ':' && c != ' ') break;
      ++text.begin;
    }
    return text;
  }

  // What follows a verb at q is a count ("three proposals", "the following
  // 4 points") or a that-clause, within three words.
  bool CountedOrReported(int q, int last) const {
    for (int w = q; w < last && w < q + 3; ++w) {
      if (toks_[w].lower == "that" && w == q) return true;
      if (toks_[w].has_digit || IsNumberWord(toks_[w].lower)) return true;
      if (!toks_[w].word) return false;
    }
    return false;
  }

  // A reporting verb whose object is the person addressed ("thanked Hu",
  // "urged Hu to ..."), not the speaker after an inverted verb.
  static bool TakesPersonObject(absl::string_view verb) {
    static const auto* const kVerbs = new absl::flat_hash_set<std::string>{
        "thanked",    "thanks",     "congratulated", "congratulates", "invited",   "invites",
        "urged",      "urges",      "praised",       "praises",       "commended", "commends",
        "welcomed",   "welcomes",   "told",          "tells",         "informed",  "informs",
        "briefed",    "briefs",     "assured",       "assures",       "advised",   "advises",
        "encouraged", "encourages", "requested",     "requests",      "updated",   "updates",
        "lauded",     "lauds",      "hailed",        "hails"};
    return kVerbs->contains(verb);
  }

  // "thanked Foreign Minister Costa ... and underscored": the reference x
  // stands right after the verb (ending at `from`), only its title or
  // "the" between, or after a preposition: the verb's object, not the
  // subject of a reported clause.
  bool ObjectAt(const Ref& x, int from) const {
    // "reiterated his congratulations to the Prime Minister ... and
    // praised": after a preposition, x is an object, never a subject.
    int p = x.first - 1;
    while (p >= from && (a_.pretitle_owner[p] == x.person || toks_[p].lower == "the" ||
                         (toks_[p].word && toks_[p].cap))) {
      --p;
    }
    if (p >= from && toks_[p].word && !toks_[p].cap &&
        (toks_[p].lower == "to" || toks_[p].lower == "for" || toks_[p].lower == "with" ||
         toks_[p].lower == "on" || toks_[p].lower == "by" || toks_[p].lower == "from")) {
      return true;
    }
    for (int q = from; q < x.first; ++q) {
      if (a_.pretitle_owner[q] != x.person && !(toks_[q].word && toks_[q].cap) &&
          toks_[q].lower != "the") {
        return false;
      }
    }
    return true;
  }

  static bool IsQuestionWord(const Token& t) {
    absl::string_view l = t.lower;
    return t.word && !t.cap && (l == "how" || l == "why" || l == "whether" || l == "what");
  }

  // "took the opportunity to thank": the words before the reporting verb at
  // k that make its infinitive the subject's own act (their count), else 0.
  int OpportunityTo(int from, int k) const {
    if (k - 4 < from || toks_[k - 1].lower != "to" || toks_[k - 3].lower != "the") return 0;
    absl::string_view noun = toks_[k - 2].lower;
    absl::string_view verb = toks_[k - 4].lower;
    if (noun != "opportunity" && noun != "occasion" && noun != "chance") return 0;
    if (verb != "took" && verb != "takes" && verb != "take" && verb != "taking") return 0;
    return 4;
  }

  // ", the Secretary-General hoping that ...": an absolute participle whose
  // subject stands right before it, after a comma or "with". Returns the
  // subject, else -1.
  int AbsoluteSubject(const std::vector<Ref>& refs, int k,
                      const ::readout::extractor::internal::Sentence& sent) const {
    if (k + 1 >= sent.last || toks_[k + 1].lower != "that") return -1;
    for (const Ref& r : refs) {
      if (r.possessive || r.last != k || r.first <= sent.first) continue;
      absl::string_view before = toks_[r.first - 1].lower;
      if (before == "," || before == "with") return r.person;
    }
    return -1;
  }

  void AddStatement(int speaker, int s, int verb_first, int verb_last, ByteSpan text) {
    const auto& sent = a_.tt.sentences[s];
    StatementInfo st;
    st.speaker = speaker;
    st.sentence = s;
    st.verb = {toks_[verb_first].begin, toks_[verb_last - 1].end};
    st.text = text;
    st.whole = {toks_[sent.first].begin, toks_[sent.last - 1].end};
    st.setting = st.verb;
    out_.statements.push_back(st);
  }

  // The sentence's subject: its first named person, outside quotation
  // marks, within the first words (after an opening phrase), or -1.
  int SentenceSubject(const ::readout::extractor::internal::Sentence& sent,
                      const std::vector<Ref>& refs) const {
    for (const Ref& r : refs) {
      if (r.possessive) continue;
      if (r.first - sent.first > 12) return -1;
      for (int q = sent.first; q < r.first; ++q) {
        absl::string_view l = toks_[q].lower;
        if (l == "\"" || l == "\xE2\x80\x9C") return -1;
      }
      return r.person;
    }
    return -1;
  }

  // The one person whose name holds the word `w` ("Li" of "Li Ming"), or -1
  // when none or several do.
  int OnlyPersonNamed(absl::string_view w) const {
    int found = -1;
    for (size_t p = 0; p < a_.people.size(); ++p) {
      for (absl::string_view part : absl::StrSplit(a_.people[p].name, ' ')) {
        if (part != w) continue;
        if (found >= 0 && found != static_cast<int>(p)) return -1;
        found = static_cast<int>(p);
      }
    }
    return found;
  }

  // A headline led by its subject and a reporting verb ("Governor Li Calls
  // for Faster Growth", "Li Ming stresses ..."): a statement of that person,
  // named in full or by the one word of a name the body gives in full.
  void HeadlineStatement(int s, const std::vector<Ref>& refs) {
    const auto& sent = a_.tt.sentences[s];
    int speaker = -1, k = -1;
    for (const Ref& r : refs) {
      if (!r.possessive && r.first - sent.first <= 3) {
        speaker = r.person;
        k = std::max(r.last, r.ext_end);
      }
      break;
    }
    if (speaker < 0) {
      for (int q = sent.first; q < sent.last && q <= sent.first + 3; ++q) {
        if (!toks_[q].word || !toks_[q].cap) break;
        if (q + 1 < sent.last && VerbAt(q + 1, sent.last, /*headline=*/true) > 0) {
          speaker = OnlyPersonNamed(a_.TokenText(q));
          k = q + 1;
          break;
        }
      }
    }
    if (speaker < 0 || k >= sent.last) return;
    int len = VerbAt(k, sent.last, /*headline=*/true);
    if (len > 0) {
      StatementInfo st;
      st.speaker = speaker;
      st.sentence = s;
      st.verb = {toks_[k].begin, toks_[k + len - 1].end};
      st.text = {toks_[k + len - 1].end, toks_[sent.last - 1].end};
      st.whole = {toks_[sent.first].begin, toks_[sent.last - 1].end};
      headline_statements_.push_back(st);
    }
  }

  // The verb's first word without its ending: "calls", "called" -> "call".
  std::string VerbStem(const ByteSpan& verb) const {
    std::string w = absl::AsciiStrToLower(a_.text.substr(verb.begin, verb.end - verb.begin));
    w = w.substr(0, w.find(' '));
    for (absl::string_view end : {"ing", "ed", "es", "s", "d"}) {
      if (w.size() > end.size() + 2 && absl::EndsWith(w, end)) {
        w.resize(w.size() - end.size());
        break;
      }
    }
    return w;
  }

  // A headline usually restates the lead ("Hu calls for ..." over "Hu called
  // for ..."): its statement counts only when the body does not report the
  // same speaker with the same verb.
  void KeepHeadlineStatementsTheBodyLacks() {
    for (const StatementInfo& h : headline_statements_) {
      const std::string stem = VerbStem(h.verb);
      bool restated = false;
      for (const StatementInfo& b : out_.statements) {
        restated |= b.speaker == h.speaker && VerbStem(b.verb) == stem;
      }
      if (!restated) out_.statements.insert(out_.statements.begin(), h);
    }
  }

  // "Noting that ties matter, Wang Hai said ...": a sentence-opening
  // participle that introduces reported content belongs to the subject of
  // the main clause. "Highlighting the significance of ..." reports nothing.
  void OpeningParticiple(int s, const std::vector<Ref>& refs) {
    const auto& sent = a_.tt.sentences[s];
    int k = sent.first;
    if (k + 2 >= sent.last || !toks_[k].word || !toks_[k].cap) return;
    if (!absl::EndsWith(toks_[k].lower, "ing")) return;
    // "Noting that", "Pointing out that".
    int len = 0;
    if (toks_[k].cls & kClsReporting) {
      len = 1;
    } else if (toks_[k].cls & kClsPhraseStart) {
      len = VerbAt(k, sent.last, /*headline=*/true);
    }
    if (len == 0 || k + len + 1 >= sent.last || toks_[k + len].lower != "that") return;
    for (const Ref& r : refs) {
      if (r.first <= k + len + 1 || r.possessive) continue;
      int q = r.first;  // Before a title ahead of the name ("Mayor Jin Bo").
      while (q - 1 > k && a_.pretitle_owner[q - 1] >= 0) --q;
      if (toks_[q - 1].lower == ",") {
        AddStatement(r.person, s, k, k + len, {toks_[k + len + 1].begin, toks_[q - 1].begin});
        return;
      }
    }
  }

  int OrdinalAt(int first, int last) const {
    static const char* const kOrd[] = {"first", "second",  "third",  "fourth", "fifth",
                                       "sixth", "seventh", "eighth", "ninth",  "tenth"};
    static const char* const kOrdLy[] = {"firstly", "secondly", "thirdly", "fourthly", "fifthly"};
    int k = first;
    if (k < last && toks_[k].lower == "the") ++k;
    if (k >= last) return 0;
    for (int i = 0; i < 10; ++i) {
      if (toks_[k].lower == kOrd[i]) {
        bool ok = (k + 1 < last && (toks_[k + 1].lower == "," || toks_[k + 1].lower == "is" ||
                                    toks_[k + 1].lower == "are"));
        return ok ? i + 1 : 0;
      }
    }
    for (int i = 0; i < 5; ++i) {
      if (toks_[k].lower == kOrdLy[i]) return i + 1;
    }
    // "Finally, ...", "Lastly, ...", "Last, ...": the closing point.
    if (OneOf(toks_[k].lower, {"finally", "lastly", "last"}) && k + 1 < last &&
        toks_[k + 1].lower == ",") {
      return kClosingPoint;
    }
    return 0;
  }

  // OrdinalAt of a closing point, which counts only after two numbered
  // ones ("First ... Second ... Finally, ...").
  static constexpr int kClosingPoint = -1;

  // Adds a point; false when the limit is passed.
  bool AddPoint(int ordinal, ByteSpan span, StatementInfo* st) {
    if (++points_ > limits_.max_points) {
      out_.points_exceeded = true;
      return false;
    }
    PointInfo p;
    p.ordinal = ordinal;
    p.span = span;
    st->points.push_back(p);
    st->whole.end = std::max(st->whole.end, span.end);
    return true;
  }

  // The first token of sentence s after the statement's verb (the
  // sentence's first token when the verb lies before it).
  int AfterVerb(int s, const StatementInfo& st) const {
    const auto& sent = a_.tt.sentences[s];
    int k = sent.first;
    while (k < sent.last && toks_[k].begin < st.verb.end) ++k;
    return k;
  }

  // Adds the points [first, last) token ranges of `items` (numbered from 1),
  // each without a closing period or separator; false when the limit is
  // passed.
  bool AddItems(const std::vector<std::pair<int, int>>& items, StatementInfo* st) {
    for (size_t i = 0; i < items.size(); ++i) {
      int first = items[i].first, last = items[i].second - 1;
      while (last > first && (toks_[last].lower == "." || toks_[last].lower == ";" ||
                              toks_[last].lower == "," || toks_[last].lower == ":")) {
        --last;
      }
      if (!AddPoint(static_cast<int>(i) + 1, {toks_[first].begin, toks_[last].end}, st)) {
        return false;
      }
    }
    return true;
  }

  // "stressed that first, A; second, B; third, C", "proposed three
  // measures: first, to A; second, to B; and third, to C": points
  // enumerated by ordinals inside the statement's sentence, after its verb.
  // The list opens with "first" after a colon, a comma, "that" or the verb
  // itself; each item runs to the separator (";" or ",", maybe with "and")
  // before the next ordinal. Returns how many (none unless two or more).
  int CollectInlinePoints(int s, StatementInfo* st) {
    const auto& sent = a_.tt.sentences[s];
    const int from = AfterVerb(s, *st);
    int start = -1;
    for (int q = from; q < sent.last && start < 0; ++q) {
      absl::string_view before = q > from ? toks_[q - 1].lower : "that";
      if ((before == ":" || before == "," || before == "that") && OrdinalAt(q, sent.last) == 1) {
        start = q;
      }
    }
    if (start < 0) return 0;
    std::vector<std::pair<int, int>> items;  // Token ranges.
    for (int expected = 1; start < sent.last && expected <= 20; ++expected) {
      // The next item opens at an ordinal after a separator ("; second,",
      // ", and third,"); this one ends at that separator.
      int end = sent.last, next = -1;
      for (int e = start + 2; e < sent.last && next < 0; ++e) {
        if (toks_[e].lower != ";" && toks_[e].lower != ",") continue;
        int n = e + 1;
        if (n < sent.last && toks_[n].lower == "and") ++n;
        const int ord = OrdinalAt(n, sent.last);
        if (ord == expected + 1 || (ord == kClosingPoint && expected + 1 >= 3)) {
          end = e;
          next = n;
        }
      }
      items.push_back({start, end});
      if (next < 0) break;
      start = next;
    }
    if (items.size() < 2) return 0;
    return AddItems(items, st) ? static_cast<int>(items.size()) : 0;
  }

  // "put forward three proposals: to build roads, to train workers and to
  // clean rivers", "outlined six priorities, including A; B; and C": a
  // list after a colon, "including" or "namely" in the statement's text.
  // Split by commas (with a last "and"), it counts only as many items as
  // the count announced before it; split by semicolons, any two or more
  // after "the following" or a count (after "including", a part of the
  // count). Returns how many.
  int CollectCountedPoints(int s, StatementInfo* st) {
    const auto& sent = a_.tt.sentences[s];
    int from = sent.first, to = sent.last;  // The text's tokens.
    while (from < to && toks_[from].begin < st->text.begin) ++from;
    while (to > from && toks_[to - 1].end > st->text.end) --to;
    int intro = from;
    while (intro < to && !OneOf(toks_[intro].lower, {":", "including", "namely"})) ++intro;
    if (intro + 2 >= to) return 0;
    const bool part = toks_[intro].lower == "including";
    const int count = AnnouncedCount(from, intro);
    const bool following = intro >= from + 2 && toks_[intro - 1].lower == "following";
    bool semicolons = false;
    for (int q = intro + 1; q < to; ++q) semicolons |= toks_[q].lower == ";";
    const absl::string_view sep = semicolons ? ";" : ",";
    std::vector<std::pair<int, int>> items;
    int start = intro + 1;
    for (int q = intro + 1; q <= to; ++q) {
      if (q < to && toks_[q].lower != sep) continue;
      int first = start;
      if (first < q && (toks_[first].lower == "and" || toks_[first].lower == "or")) ++first;
      if (first < q) items.push_back({first, q});
      start = q + 1;
    }
    // "A, B and C": the last comma item holds the last two, split at its
    // one "and".
    if (!semicolons && static_cast<int>(items.size()) == count - 1) {
      auto [first, last] = items.back();
      int and_at = -1, ands = 0;
      for (int q = first + 1; q < last; ++q) {
        if (toks_[q].lower == "and" || toks_[q].lower == "or") {
          and_at = q;
          ++ands;
        }
      }
      if (ands == 1 && and_at + 1 < last) {
        items.back().second = and_at;
        items.push_back({and_at + 1, last});
      }
    }
    const int n = static_cast<int>(items.size());
    const bool ok = semicolons
                        ? n >= 2 && (following || (count >= 2 && (part ? n <= count : n == count)))
                        : count >= 2 && n == count;
    if (!ok) return 0;
    return AddItems(items, st) ? n : 0;
  }

  // "three proposals", "six priorities which will be implemented from
  // 2023," in [from, intro): the nearest count word or number (below 100)
  // within twelve words before `intro`, not across a clause's semicolon or
  // colon; else 0.
  int AnnouncedCount(int from, int intro) const {
    for (int q = intro - 1; q >= from && q >= intro - 12; --q) {
      if (toks_[q].lower == ";" || toks_[q].lower == ":") return 0;
      if (int n = CountWordValue(toks_[q].lower); n > 0) return n;
      if (toks_[q].has_digit && toks_[q].lower.size() <= 2) {
        int n = 0;
        for (char c : toks_[q].lower) n = c >= '0' && c <= '9' ? n * 10 + (c - '0') : -1000;
        if (n > 0) return n;
      }
    }
    return 0;
  }

  // The list marker opening sentence q: "1." / "1)" / "(1)" (its number in
  // *number) or a bullet ("•", "-", "*", "·", "–"; *number = 0). Returns the
  // marker's token count, else 0.
  int ListMarkerAt(int q, int* number) const {
    const auto& sent = a_.tt.sentences[q];
    int k = sent.first;
    if (k >= sent.last) return 0;
    absl::string_view l = toks_[k].lower;
    if (OneOf(l, {"\xE2\x80\xA2", "-", "*", "\xC2\xB7", "\xE2\x80\x93", "\xE2\x97\x8F"})) {
      *number = 0;
      return 1;
    }
    const int open = l == "(" ? 1 : 0;
    if (k + open >= sent.last) return 0;
    const Token& n = toks_[k + open];
    if (!n.word || !n.has_digit || n.lower.size() > 2) return 0;
    int v = 0;
    for (char c : n.lower) {
      if (c < '0' || c > '9') return 0;
      v = v * 10 + (c - '0');
    }
    // "1." kept as one token, or the number and its closing mark.
    if (!open && absl::EndsWith(a_.TokenText(k), ".")) {
      *number = v;
      return 1;
    }
    const int close = k + open + 1;
    if (close < sent.last && (toks_[close].lower == "." || toks_[close].lower == ")")) {
      *number = v;
      return open + 2;
    }
    return 0;
  }

  // "put forward three proposals:" closing its paragraph, then a numbered
  // or bulleted list, one item to a paragraph ("1. Build ...", "• Train
  // ..."; an HTML <ol> or <ul> is written so): each item is a point. Counts
  // only two items or more, numbered in order from 1 or all bulleted.
  int CollectListPoints(int s, StatementInfo* st) {
    const auto& sent = a_.tt.sentences[s];
    const int ns = static_cast<int>(a_.tt.sentences.size());
    if (toks_[sent.last - 1].lower != ":" || s + 1 >= ns ||
        a_.tt.sentences[s + 1].paragraph == sent.paragraph) {
      return 0;
    }
    std::vector<std::pair<int, int>> items;
    bool bullets = false;
    for (int q = s + 1; q < ns && items.size() < 50;) {
      const int paragraph = a_.tt.sentences[q].paragraph;
      int number = 0;
      const int marker = ListMarkerAt(q, &number);
      if (marker == 0) break;
      if (items.empty()) bullets = number == 0;
      if (bullets != (number == 0) || (!bullets && number != static_cast<int>(items.size()) + 1)) {
        break;
      }
      // The item is its paragraph after the marker (a "1." may stand as a
      // sentence of its own).
      int first = a_.tt.sentences[q].first + marker;
      int last = a_.tt.sentences[q].last;
      int r = q + 1;
      while (r < ns && a_.tt.sentences[r].paragraph == paragraph) last = a_.tt.sentences[r++].last;
      if (first >= last && r < ns) break;
      if (first < last) items.push_back({first, last});
      q = r;
    }
    if (items.size() < 2) return 0;
    return AddItems(items, st) ? static_cast<int>(items.size()) : 0;
  }

  void CollectPoints(int s, StatementInfo* st) {
    if (CollectInlinePoints(s, st) > 0 || out_.points_exceeded) return;
    if (CollectCountedPoints(s, st) > 0 || out_.points_exceeded) return;
    if (CollectListPoints(s, st) > 0 || out_.points_exceeded) return;
    const int ns = static_cast<int>(a_.tt.sentences.size());
    int expected = 1;
    for (int q = s + 1; q < ns && expected <= 20; ++q) {
      const auto& sent = a_.tt.sentences[q];
      int ord = OrdinalAt(sent.first, sent.last);
      const bool closing = ord == kClosingPoint && expected >= 3;
      if (closing) ord = expected;
      if (ord != expected) break;
      PointInfo p;
      p.ordinal = ord;
      p.span = {toks_[sent.first].begin, toks_[sent.last - 1].end};
      if (++points_ > limits_.max_points) {
        out_.points_exceeded = true;
        return;
      }
      st->points.push_back(p);
      st->whole.end = p.span.end;
      ++expected;
      if (closing) break;
    }
  }

  // After "held"/"holds"/"hold"/"had"/"has" at k: the number of tokens up to
  // and including "talks", "dialogue" or "consultations" (with at most three
  // lowercase words between, "the fifth strategic dialogue"), or "call"/"conversation" followed by
  // "with" ("a video call with"); 0 when neither follows.
  int TalksAfterHold(int k, int limit) const {
    absl::string_view l = toks_[k].lower;
    if (l != "held" && l != "holds" && l != "hold" && l != "had" && l != "has") return 0;
    int reach = k + 4;
    bool series = false;
    for (int q = k + 1; q < limit && q <= reach; ++q) {
      const Token& t = toks_[q];
      if (!t.word || t.cap) return 0;
      // "held a series of bilateral talks with A, then with B".
      if (t.lower == "series" && q + 1 < limit && toks_[q + 1].lower == "of") {
        series = true;
        reach = q + 3;
      }
      // "held the fifth strategic dialogue", "held consultations".
      if ((t.lower == "talks" || t.lower == "dialogue" || t.lower == "consultations") &&
          l != "had" && l != "has") {
        return q - k;
      }
      if ((t.lower == "call" || t.lower == "conversation") && q + 1 < limit &&
          toks_[q + 1].lower == "with") {
        return q - k + 1;
      }
      // "held a meeting over lunch with", "had a reception with".
      if (t.lower == "meeting" || t.lower == "reception" || t.lower == "discussion" ||
          t.lower == "discussions" || (t.lower == "meetings" && series)) {
        for (int w = q + 1; w < limit && w <= q + 4; ++w) {
          if (toks_[w].lower == "with") return w - k;
          if (!toks_[w].word || toks_[w].cap) break;
        }
        return 0;
      }
    }
    return 0;
  }

  bool WithWithin(int k, int last, int n) const {
    for (int q = k; q < last && q < k + n; ++q) {
      if (toks_[q].lower == "with") return true;
      if (!toks_[q].word) return false;
    }
    return false;
  }

  void AddRole(int person, ParticipantRole role, int first, int last, int s,
               bool from_visit = false) {
    if (person < 0) return;
    RoleInfo r;
    r.from_visit = from_visit;
    r.person = person;
    r.role = role;
    r.span = {toks_[first].begin, toks_[last - 1].end};
    r.sentence = s;
    r.from_ceremony = attends_ceremony_;
    r.from_signing = signing_;
    out_.roles.push_back(r);
    if (role == v1::PARTICIPANT_ROLE_PRESIDED) presided_[person] = 1;
  }

  // Where the clause holding a role verb's objects ends, from `from` on: at
  // ", with" (an absolute clause: "with X attending"), a subordinate clause
  // ("as", "while", "when" ...), ", saying ...", ";", or the sentence's end.
  int ClauseEnd(int from, int last) const {
    for (int q = from; q < last; ++q) {
      const Token& t = toks_[q];
      if (t.lower == ";") return q;
      if (!t.word || t.cap) continue;
      absl::string_view l = t.lower;
      // "a meeting with the board under the chairmanship of X": who
      // chairs is no counterpart.
      if (l == "chairmanship") {
        int e = q;
        if (e > from && toks_[e - 1].lower == "the") --e;
        if (e > from && (toks_[e - 1].lower == "under" || toks_[e - 1].lower == "with")) --e;
        return e;
      }
      if (l == "as" || l == "while" || l == "when" || l == "since" || l == "because" ||
          l == "whereas" || l == "although") {
        // "as well as", "such as" join objects.
        if (l == "as" &&
            ((q + 1 < last && toks_[q + 1].lower == "well") ||
             (q > from && (toks_[q - 1].lower == "well" || toks_[q - 1].lower == "such")))) {
          continue;
        }
        return q;
      }
      if (q > from && toks_[q - 1].lower == "," &&
          (l == "with" || (absl::EndsWith(l, "ing") && (t.cls & kClsReporting)))) {
        return q - 1;
      }
    }
    return last;
  }

  bool Presided(int person) const { return presided_[person] != 0; }

  // Whether a role was given to `person` already ("X testified ...
  // Senator Y questioned him": X keeps the part told first).
  bool HasRole(int person) const {
    for (const RoleInfo& r : out_.roles) {
      if (r.person == person) return true;
    }
    return false;
  }

  // "X, who chairs the board, said", "Y has chaired the committee since
  // 2019": a chairing verb in the present or the perfect at k tells a
  // standing post, not who presides over the event reported, unless its
  // object is a sitting ("chairs the meeting", a caption's present;
  // "presides over the hearing"). The object is read up to a pause.
  bool StandingPost(int k, int first, int last) const {
    absl::string_view l = toks_[k].lower;
    const bool present = OneOf(l, {"chairs", "presides", "co-chairs", "hosts", "co-hosts"});
    const bool perfect = k > first && OneOf(toks_[k - 1].lower, {"has", "have"}) &&
                         OneOf(l, {"chaired", "presided", "co-chaired", "hosted", "co-hosted"});
    if (!present && !perfect) return false;
    for (int q = k + 1; q < last && q <= k + 10; ++q) {
      absl::string_view w = toks_[q].lower;
      if (OneOf(w, {",", ";", ":", "--"})) break;
      if (IsGatheringNoun(w) && !OneOf(w, {"assembly", "congress"})) return false;
      if (OneOf(w, {"ceremony", "gathering", "event", "panel", "discussion", "debate"})) {
        return false;
      }
    }
    return true;
  }

  // A reporting verb with "that" lies in [first, k): what follows is
  // reported content.
  bool ReportedBefore(int first, int k) const {
    for (int q = first; q + 1 < k; ++q) {
      if ((toks_[q].cls & kClsReporting) && toks_[q + 1].lower == "that") return true;
    }
    return false;
  }

  bool AnyOf(int first, int last, std::initializer_list<absl::string_view> words) const {
    for (int q = std::max(first, 0); q < last; ++q) {
      for (absl::string_view w : words) {
        if (toks_[q].lower == w) return true;
      }
    }
    return false;
  }

  // "presented state awards to", "conferred the Order of X on": the token
  // after "to" or "on" when a bestowing verb at k hands over an honour,
  // else 0.
  int HonourTo(int k, int last) const {
    if (!IsBestowingVerb(toks_[k].lower) || (k > 0 && IsBeVerb(toks_[k - 1].lower))) return 0;
    bool honour = false;
    for (int q = k + 1; q < last && q <= k + 8; ++q) {
      absl::string_view w = toks_[q].lower;
      if (IsHonourNoun(w)) honour = true;
      if (honour && (w == "to" || w == "on" || w == "upon")) return q + 1;
      if (!toks_[q].word) return 0;
    }
    return 0;
  }

  // "the credentials of", "letters of credence from": the token after
  // the phrase ("of", "from", "to") + 1 when [k, k + 6) holds one, else 0.
  int CredentialsAt(int k, int last) const {
    for (int q = k; q < last && q < k + 6; ++q) {
      absl::string_view w = toks_[q].lower;
      if (w != "credentials" && w != "credence") continue;
      int c = q + 1;
      if (c < last && OneOf(toks_[c].lower, {"of", "from", "to"})) ++c;
      return c;
    }
    return 0;
  }

  // "declared the session open (closed)", the declaring verb at k: the
  // token of "open", "opened" or "closed" after the gathering, else 0.
  int DeclaredOpenOrClosedAt(int k, int last) const {
    const int g = GatheringAt(k + 1, last);
    return g > 0 && g < last && OneOf(toks_[g].lower, {"open", "opened", "closed"}) ? g : 0;
  }

  // "the meeting", "the 5th plenary session", "the annual general
  // meeting": the token after a gathering noun opening at k, else 0. Only
  // modifiers come between ("opened the door to talks" opens no talks).
  int GatheringAt(int k, int last) const {
    // A gathering's own name may be longer: "the Fifth West Africa
    // Investment Conference".
    for (int q = k; q < last && (q < k + 5 || (q < k + 9 && toks_[q].cap)); ++q) {
      const Token& t = toks_[q];
      if (!t.word || OneOf(t.lower, {"to", "for", "of", "with", "in", "on", "at", "and", "by"})) {
        return 0;
      }
      if (IsGatheringNoun(t.lower)) return q + 1;
    }
    return 0;
  }

  // The colon of a minutes label opening [first, last) ("Present:", "In
  // attendance:", "Members present:", "Attendees:", "Participants:"), else 0.
  int AttendanceLabel(int first, int last) const {
    for (int q = first; q < last && q < first + 4; ++q) {
      if (toks_[q].lower != ":") continue;
      if (q == first) return 0;
      absl::string_view w = toks_[q - 1].lower;
      return OneOf(w, {"present", "attendance", "attendees", "attending", "participants"}) ? q : 0;
    }
    return 0;
  }

  // Whether sentence s holds the lowercase plural noun `w` ("the
  // ambassadors").
  bool NamedBefore(int s, absl::string_view w) const {
    if (s < 0 || w.size() < 4 || w.back() != 's') return false;
    const auto& sent = a_.tt.sentences[s];
    for (int q = sent.first; q < sent.last; ++q) {
      if (toks_[q].lower == w && !toks_[q].cap) return true;
    }
    return false;
  }

  // The speech noun of "in his/her [opening|keynote ...] speech"
  // when k is the possessive, else 0. A report or a letter may be written,
  // so only nouns of a spoken address count.
  int SpeechAfterIn(int k, int first, int last) const {
    if (k <= first || toks_[k - 1].lower != "in" || !OneOf(toks_[k].lower, {"his", "her"})) {
      return 0;
    }
    for (int q = k + 1; q < last && q <= k + 3 && toks_[q].word && !toks_[q].cap; ++q) {
      absl::string_view w = toks_[q].lower;
      if (OneOf(w, {"speech", "address", "remarks", "keynote", "presentation", "statement"})) {
        // "keynote speech": the noun after a modifier that is one itself.
        if (q + 1 < last && OneOf(toks_[q + 1].lower, {"speech", "address", "remarks"})) continue;
        return q;
      }
      if (!OneOf(w, {"opening", "closing", "keynote", "welcome", "welcoming", "inaugural",
                     "concluding", "introductory", "brief", "main", "televised", "video"})) {
        return 0;
      }
    }
    return 0;
  }

  // Where those who take an oath are named after the verb at k: after
  // "swore in" / "swears in", or after "administered the oath (of office)
  // to"; 0 when k opens neither.
  int SwornAfter(int k, int last) const {
    absl::string_view l = toks_[k].lower;
    if (OneOf(l, {"swore", "swears"})) {
      return k + 1 < last && toks_[k + 1].lower == "in" ? k + 2 : 0;
    }
    if (!OneOf(l, {"administered", "administers", "administering"})) return 0;
    bool oath = false;
    for (int q = k + 1; q < last && q <= k + 7 && toks_[q].word; ++q) {
      absl::string_view w = toks_[q].lower;
      if (w == "oath" || w == "oaths") oath = true;
      if (w == "to") return oath ? q + 1 : 0;
    }
    return 0;
  }

  // Whom "told" at k addresses is the sitting ("told the council", "told
  // the public accounts committee"), not the press ("told reporters after
  // the meeting") nor a sitting named only in a setting after the
  // addressee.
  bool SittingTold(int k, int last) const {
    if (WordsToThePress(a_, k, last)) return false;
    for (int w = k + 1; w < last && w < k + 5 && toks_[w].word; ++w) {
      if (IsSettingPreposition(toks_[w].lower)) return false;
      if (AudienceOfTheSitting(toks_, w, last)) return true;
    }
    return false;
  }

  // A gathering noun in [first, k): "The forum (was opened by)".
  bool GatheringBefore(int first, int k) const {
    for (int q = std::max(first, k - 4); q < k; ++q) {
      if (IsGatheringNoun(toks_[q].lower)) return true;
    }
    return false;
  }

  // Role phrases of list predicates, accompanying, hosting, leading and
  // receiving (the role verbs beyond "presided", "attended", "met"). Sets
  // the role and how it applies; leaves `role` unspecified otherwise.
  void GenreRole(int s, int k, const std::vector<Ref>& refs, ParticipantRole* role, int* span_end,
                 bool* objects, bool* subjects, bool* passive, bool* with_objects,
                 int* clause_last) {
    const auto& sent = a_.tt.sentences[s];
    const int last = sent.last;
    absl::string_view l = toks_[k].lower;
    auto next_is = [&](int q, absl::string_view w) { return q < last && toks_[q].lower == w; };
    const bool after_be = k > sent.first && IsBeVerb(toks_[k - 1].lower);
    if (absl::StartsWith(l, "participat") && l != "participation") {
      // "X, Y and others also participated".
      *role = v1::PARTICIPANT_ROLE_ATTENDED;
    } else if (const int sworn_from = SwornAfter(k, last); sworn_from > 0 && !after_be) {
      // "X swore in five new judges", "X administered the oath of office to
      // A, B and C": who administers the oath presides over the ceremony;
      // those who take it attend.
      *role = v1::PARTICIPANT_ROLE_PRESIDED;
      const int end = ClauseEnd(sworn_from, last);
      for (const Ref& r : refs) {
        if (r.first >= sworn_from && r.first < end && !r.possessive && r.person >= 0) {
          AddRole(r.person, v1::PARTICIPANT_ROLE_ATTENDED, k, sworn_from, s);
        }
      }
    } else if (l == "sworn" && next_is(k + 1, "in") && after_be) {
      // "X was sworn in as judge": who takes the oath attends; "by Y": Y
      // gives it and presides.
      *role = v1::PARTICIPANT_ROLE_ATTENDED;
      if (next_is(k + 2, "by")) {
        const int end = ClauseEnd(k + 3, last);
        for (const Ref& r : refs) {
          if (r.first > k + 2 && r.first < end && !r.possessive && r.person >= 0) {
            AddRole(r.person, v1::PARTICIPANT_ROLE_PRESIDED, k, k + 3, s);
          }
        }
      }
    } else if (OneOf(l, {"administered", "administers"}) && after_be && next_is(k + 1, "by") &&
               AnyOf(std::max(sent.first, k - 4), k, {"oath", "oaths"})) {
      // "The oath was administered by Chief Justice X": X presides.
      *role = v1::PARTICIPANT_ROLE_PRESIDED;
      *passive = true;
    } else if ((l == "appeared" || l == "appears") && !after_be && next_is(k + 1, "before") &&
               SittingWithin(toks_, k + 2, last)) {
      // "X appeared before the inquiry": a witness takes part in the
      // hearing.
      *role = v1::PARTICIPANT_ROLE_ATTENDED;
    } else if ((l == "told" || l == "tells") && !after_be && SittingTold(k, last)) {
      // "X told the committee that ...": an address to the sitting, as
      // "spoke to the council" is.
      *role = v1::PARTICIPANT_ROLE_SPOKE;
    } else if (IsVoteVerb(l) && !after_be) {
      // "Councillors A and B voted against the budget": members who vote
      // (or abstain) take part in the sitting.
      *role = v1::PARTICIPANT_ROLE_ATTENDED;
    } else if (l == "questioned" && !after_be && !next_is(k + 1, "whether") &&
               !next_is(k + 1, "why")) {
      // "X questioned the Minister about housing": a member who puts
      // questions to the meeting takes the floor (SPOKE); the witness
      // questioned takes part in the sitting.
      *role = v1::PARTICIPANT_ROLE_SPOKE;
      const int end = ClauseEnd(k + 1, last);
      for (const Ref& r : refs) {
        if (r.first > k && r.first < end && !r.possessive && r.person >= 0 && !HasRole(r.person)) {
          AddRole(r.person, v1::PARTICIPANT_ROLE_ATTENDED, k, k + 1, s);
        }
      }
    } else if (l == "part" && k > sent.first &&
               AnyOf(k - 1, k, {"took", "take", "takes", "taking"})) {
      *role = v1::PARTICIPANT_ROLE_ATTENDED;
    } else if (l == "attendance" && k > sent.first && toks_[k - 1].lower == "in") {
      // "A, B and C were among the guests in attendance"; "Also in
      // attendance were A and B".
      *role = v1::PARTICIPANT_ROLE_ATTENDED;
      if (next_is(k + 1, "were") || next_is(k + 1, "was")) {
        *objects = true;
        *subjects = false;
      }
    } else if (l == "participation" && next_is(k + 1, "of")) {
      // "held with the participation of X".
      *role = v1::PARTICIPANT_ROLE_ATTENDED;
      *span_end = k + 2;
      *objects = true;
      *subjects = false;
    } else if ((l == "accompanied" || l == "accompany" || l == "accompanies" ||
                l == "accompanying") &&
               !next_is(k + 1, "by")) {
      // "A and B accompanied him on the tour": those accompanying attend.
      *role = v1::PARTICIPANT_ROLE_ATTENDED;
    } else if ((l == "held" || l == "holds" || l == "hosted" || l == "hosts") && !after_be &&
               AnyOf(k + 1, std::min(last, k + 5),
                     {"ceremony", "banquet", "reception", "dinner", "luncheon", "lunch"}) &&
               !WithWithin(k + 1, last, 6)) {
      // "held a welcome ceremony for X": the host presides, X attends.
      *role = v1::PARTICIPANT_ROLE_PRESIDED;
      int q = k + 1;
      while (q < last &&
             !AnyOf(q, q + 1, {"for", "welcoming", "honoring", "honouring", "honor", "honour"})) {
        ++q;
      }
      if (q < last) {
        ceremony_guest_at_ = q;
        const int end = ClauseEnd(q + 1, last);
        for (const Ref& r : refs) {
          if (r.first > q && r.first < end && !r.possessive && r.person >= 0) {
            AddRole(r.person, v1::PARTICIPANT_ROLE_ATTENDED, k, k + 1, s);
            out_.roles.back().from_ceremony = true;
          }
        }
      }
    } else if ((l == "led" || l == "leads") && !next_is(k + 1, "by")) {
      // "led city leaders to visit X": who leads the tour presides.
      for (int q = k + 1; q + 1 < last && q <= k + 8; ++q) {
        if (toks_[q].lower == "to" &&
            AnyOf(q + 1, q + 2, {"visit", "inspect", "tour", "survey", "investigate"})) {
          *role = v1::PARTICIPANT_ROLE_PRESIDED;
          break;
        }
        // "led officials on an inspection (tour) of X": who leads an
        // inspection tour attends it (FORMAT.md), and so do those led.
        if (toks_[q].lower == "on" &&
            AnyOf(q + 1, std::min(last, q + 4),
                  {"inspection", "inspections", "tour", "visit", "survey", "fact-finding"})) {
          *role = v1::PARTICIPANT_ROLE_ATTENDED;
          *objects = true;
          *clause_last = q;
          break;
        }
        if (!toks_[q].word) break;
      }
    } else if ((l == "discussed" || l == "discusses") && WithWithin(k + 1, last, 12)) {
      // "discussed climate finance with X": both sides met.
      *role = v1::PARTICIPANT_ROLE_MET;
      *objects = true;
      *with_objects = true;
    } else if ((l == "exchanged" || l == "exchanges") &&
               AnyOf(k + 1, std::min(last, k + 4), {"views", "ideas", "opinions", "greetings"})) {
      *role = v1::PARTICIPANT_ROLE_MET;
      *objects = true;
      *with_objects = true;
    } else if (int h = HonourTo(k, last); h > 0) {
      // "presented state awards to ten scientists, including X", "to award
      // medals to veterans": the recipients named attend the ceremony, and
      // who hands the honours over presides (not the infinitive's subject,
      // said elsewhere).
      const int end = ClauseEnd(h, last);
      for (const Ref& r : refs) {
        if (r.first >= h && r.first < end && !r.possessive && r.person >= 0) {
          AddRole(r.person, v1::PARTICIPANT_ROLE_ATTENDED, k, h, s);
        }
      }
      if (!(k > sent.first && toks_[k - 1].lower == "to")) *role = v1::PARTICIPANT_ROLE_PRESIDED;
      *span_end = h;
    } else if (int c = CredentialsAt(k + 1, last); c > 0 && !after_be && IsCredentialsVerb(l)) {
      // "X received the credentials of five ambassadors": X hosts the
      // ceremony (PRESIDED) and the envoys named attend it; "Y presented
      // his credentials to X" the other way round.
      const bool receives = l[0] != 'p';
      credentials_sentence_ = s;
      *role = receives ? v1::PARTICIPANT_ROLE_PRESIDED : v1::PARTICIPANT_ROLE_ATTENDED;
      const ParticipantRole other =
          receives ? v1::PARTICIPANT_ROLE_ATTENDED : v1::PARTICIPANT_ROLE_PRESIDED;
      const int end = ClauseEnd(c, last);
      for (const Ref& r : refs) {
        if (r.first >= c && r.first < end && !r.possessive && r.person >= 0) {
          AddRole(r.person, other, k, c, s);
        }
      }
      *span_end = c;
    } else if ((l == "opened" || l == "opens") && GatheringAt(k + 1, last) > 0) {
      // "X opened the meeting": who opens a gathering presides over it.
      *role = v1::PARTICIPANT_ROLE_PRESIDED;
    } else if ((l == "opened" || l == "moderated") && after_be && next_is(k + 1, "by") &&
               (l == "moderated" || GatheringBefore(sent.first, k - 1))) {
      // "The forum was opened by X", "the panel was moderated by X".
      *role = v1::PARTICIPANT_ROLE_PRESIDED;
      *passive = true;
    } else if ((l == "moderated" || l == "moderates") && !after_be) {
      // "X moderated the panel": who moderates presides.
      *role = v1::PARTICIPANT_ROLE_PRESIDED;
    } else if (l == "floor" && k >= sent.first + 2 && toks_[k - 1].lower == "the" &&
               OneOf(toks_[k - 2].lower, {"took", "takes", "taking"})) {
      // "X then took the floor": X spoke.
      *role = v1::PARTICIPANT_ROLE_SPOKE;
    } else if ((l == "declared" || l == "declares") && !after_be) {
      // "X declared the session open (closed)".
      if (const int g = DeclaredOpenOrClosedAt(k, last); g > 0) {
        *role = v1::PARTICIPANT_ROLE_PRESIDED;
        *span_end = g + 1;
      }
    } else if (OneOf(l, {"listened", "listens", "listening", "heard", "hears", "hearing"})) {
      // "listened to a report by X", "heard briefings from X and Y": the
      // people heard spoke; the listeners' part is said elsewhere.
      for (int q = k + 1; q + 1 < last && q <= k + 7; ++q) {
        absl::string_view w = toks_[q].lower;
        if (!toks_[q].word) break;
        if ((IsSpeechNoun(w) || IsWorkDocumentNoun(w)) &&
            (toks_[q + 1].lower == "by" || toks_[q + 1].lower == "from")) {
          *role = v1::PARTICIPANT_ROLE_SPOKE;
          *span_end = q + 2;
          *objects = true;
          *subjects = false;
          break;
        }
      }
    } else if ((l == "evidence" || l == "testimony") && k >= sent.first + 1 &&
               OneOf(toks_[k - 1].lower, {"took", "takes", "taking", "heard", "hears", "hearing",
                                          "received", "receives"}) &&
               (next_is(k + 1, "from") || next_is(k + 1, "by"))) {
      // "The committee took evidence from X": X gave it (SPOKE).
      *role = v1::PARTICIPANT_ROLE_SPOKE;
      *span_end = k + 2;
      *objects = true;
      *subjects = false;
    } else if ((l == "testified" || l == "testifies") && !after_be) {
      // "X testified before the committee": evidence to a hearing.
      *role = v1::PARTICIPANT_ROLE_SPOKE;
    } else if (l == "received" || l == "receives") {
      // "X received Y", "X was received by Y": a meeting of both sides.
      int by = k + 1;  // "was received today by".
      while (by < last && by <= k + 3 && toks_[by].word && !toks_[by].cap &&
             toks_[by].lower != "by") {
        ++by;
      }
      // "Received by X at the palace, Y thanked ...": an opening passive.
      if ((after_be || k == sent.first) && next_is(by, "by")) {
        *role = v1::PARTICIPANT_ROLE_MET;
        *passive = true;
        *span_end = by;
      } else if (GuestAt(k + 1, last) || RefAt(refs, k + 1) ||
                 AnyOf(k + 1, std::min(last, k + 4), {"delegation", "delegations"}) ||
                 GuestAfterAdjuncts(k + 1, last)) {
        // "received Y", "received the Special Envoy of the UN for the Great
        // Lakes, Y,": the guest named after the title set off before it.
        *role = v1::PARTICIPANT_ROLE_MET;
        *objects = true;
      }
    } else if (l == "welcomed" && PersonSubjectOfPassive(refs, k, sent.first)) {
      // "Minister X was welcomed by Governor Y": both sides met.
      *role = v1::PARTICIPANT_ROLE_MET;
      *passive = true;
    } else if (OneOf(l, {"played", "plays", "playing"}) && next_is(k + 1, "host") &&
               next_is(k + 2, "to")) {
      // "played host to President X": a host meeting a guest, as "hosted"
      // tells; "played host to the summit" presides over it.
      *span_end = k + 3;
      if (GuestAt(k + 3, last) ||
          AnyOf(k + 3, std::min(last, k + 7), {"delegation", "delegations"})) {
        *role = v1::PARTICIPANT_ROLE_MET;
        *objects = true;
      } else {
        for (int q = k + 3; q < last && q <= k + 6 && toks_[q].word; ++q) {
          if (IsGatheringNoun(toks_[q].lower) ||
              OneOf(toks_[q].lower, {"ceremony", "event", "games", "festival"})) {
            *role = v1::PARTICIPANT_ROLE_PRESIDED;
            break;
          }
        }
      }
    } else if ((l == "signed" || l == "signs") && AgreementSignedAt(toks_, k, sent.first, last)) {
      // "A and B signed the accord", "The pact was signed by A and B":
      // the signatories take part in the signing.
      *role = v1::PARTICIPANT_ROLE_ATTENDED;
      signing_ = true;
      if (next_is(k + 1, "by")) *passive = true;
    } else if ((l == "witnessed" || l == "witnesses") && !after_be && !next_is(k + 1, "by") &&
               SigningObject(k + 1, last)) {
      // "X witnessed the signing (of the accord by A and B)": X attends;
      // signatories named after "by" do as well.
      *role = v1::PARTICIPANT_ROLE_ATTENDED;
      *objects = true;
      signing_ = true;
    } else if (l == "witnessed" && next_is(k + 1, "by") && SigningBefore(toks_, k, sent.first)) {
      // "The agreement was signed by A and B, and witnessed by C".
      *role = v1::PARTICIPANT_ROLE_ATTENDED;
      *passive = true;
      signing_ = true;
    } else if ((l == "welcomed" || l == "welcomes" || l == "welcoming") && !after_be &&
               k != ceremony_guest_at_ && GuestAt(k + 1, last)) {
      // "welcomed Secretary X to Y": a host meeting a guest.
      *role = v1::PARTICIPANT_ROLE_MET;
      *objects = true;
    } else if ((l == "called" || l == "calls") && next_is(k + 1, "on") && PersonAt(k + 2, last)) {
      // "called on Governor X": a courtesy visit.
      *role = v1::PARTICIPANT_ROLE_MET;
      *objects = true;
      *span_end = k + 2;
    } else if ((l == "paid" || l == "pays") && next_is(k + 1, "a")) {
      // "paid a courtesy visit to Governor X".
      for (int q = k + 2; q + 2 < last && q <= k + 4; ++q) {
        // "paid a courtesy call on the Governor of the Region, X,".
        if ((toks_[q].lower == "visit" || toks_[q].lower == "call") &&
            (toks_[q + 1].lower == "to" || toks_[q + 1].lower == "on") && GuestAt(q + 2, last)) {
          *role = v1::PARTICIPANT_ROLE_MET;
          *objects = true;
          *span_end = q + 2;
          break;
        }
      }
    } else if ((l == "acted" || l == "acts") && next_is(k + 1, "as") &&
               AnyOf(k + 2, std::min(last, k + 4),
                     {"chairman", "chairwoman", "chairperson", "chair", "moderator"})) {
      // "X, who acted as Chairman, declared the meeting open".
      *role = v1::PARTICIPANT_ROLE_PRESIDED;
    } else if (l == "between" && k > sent.first &&
               AnyOf(k - 1, k,
                     {"talks", "meeting", "consultations", "discussions", "dialogue", "session",
                      "call", "conversation"}) &&
               !AnyOf(k - 3, k - 1, {"upcoming", "next", "forthcoming", "future", "planned"}) &&
               !ReportedBefore(sent.first, k)) {
      // "The talks between A and B were ...": both sides met. Not a meeting
      // to come, nor one inside reported speech ("said that the meeting
      // between A and B is important"). The objects end at the clause's verb.
      *role = v1::PARTICIPANT_ROLE_MET;
      *objects = true;
      *subjects = false;
      int q = k + 1;
      while (q < last && !(toks_[q].word && !toks_[q].cap && IsClauseVerb(v_, toks_[q].lower))) ++q;
      *clause_last = q;
    } else if ((l == "organised" || l == "organized") && next_is(k + 1, "by") &&
               (PersonAt(k + 2, last) ||
                (k + 2 < last && IsHonorific(toks_[k + 2].lower) && PersonAt(k + 3, last)))) {
      // "The dinner, organised by Mr X, ...": the organiser hosts it.
      *role = v1::PARTICIPANT_ROLE_PRESIDED;
      *passive = true;
    } else if ((l == "briefed" || l == "briefs" || l == "debriefed" || l == "debriefs") &&
               !after_be &&
               (AnyOf(k + 2, std::min(last, k + 7), {"on", "about"}) ||
                AnyOf(k + 1, std::min(last, k + 3),
                      {"council", "committee", "meeting", "board", "members", "delegates",
                       "session", "assembly", "cabinet", "senate", "parliament"}))) {
      // "X briefed the ministers on Y", "X briefed the council": a report
      // to the meeting (SPOKE).
      *role = v1::PARTICIPANT_ROLE_SPOKE;
    } else if (l == "chairmanship" && next_is(k + 1, "of")) {
      // "under the chairmanship of X".
      *role = v1::PARTICIPANT_ROLE_PRESIDED;
      *span_end = k + 2;
      *objects = true;
      *subjects = false;
    } else if (l == "included" || l == "includes" || l == "comprised" || l == "consisted") {
      // "The delegation, led by X, included A and B": members attend; so
      // do those of "Those present included A and B".
      if (AnyOf(std::max(sent.first, k - 12), k, {"delegation", "delegations"}) ||
          AnyOf(std::max(sent.first, k - 3), k,
                {"present", "attendees", "participants", "guests", "attending"})) {
        *role = v1::PARTICIPANT_ROLE_ATTENDED;
        *objects = true;
        *subjects = false;
      }
    }
    (void)refs;
  }

  // When `r` stands inside a relative clause ", who/which ... ," that closes
  // right before the verb at k, the person the clause is about (the
  // reference right before ", who"); else `r`.
  const Ref* AntecedentOfClauseAround(const std::vector<Ref>& refs, const Ref* r, int k,
                                      int* clause_close) const {
    int close = std::max(r->last, r->ext_end);
    while (close < k && close < r->last + 8 && toks_[close].lower != "," &&
           a_.mention_at_token[close] < 0 && !IsClauseVerb(v_, toks_[close].lower)) {
      ++close;
    }
    if (close >= k || toks_[close].lower != ",") return r;
    for (int v = close + 1; v < k; ++v) {
      if (!IsFiller(toks_[v])) return r;
    }
    for (int q = r->first - 1; q > 0 && q >= r->first - 12; --q) {
      const absl::string_view l = toks_[q].lower;
      if (l == "," || !toks_[q].word) return r;
      if (!OneOf(l, {"who", "which", "whose"})) continue;
      if (toks_[q - 1].lower != ",") return r;
      for (const Ref& x : refs) {
        if (&x != r && !x.possessive && (x.last == q - 1 || x.ext_end == q - 1)) {
          *clause_close = close;
          return &x;
        }
      }
      return r;
    }
    return r;
  }

  // What describes a speaker between the name (ending at `from`) and the
  // verb at k, that no title reading covered: "of (the) <Capitalized
  // words>" ("Pierre Gagnon of Laval University warned") and an appositive
  // closed by a comma right before the verb (", a health economist at Laval
  // University, warned"), with no verb and no other person in it. Returns
  // where the verb's subject ends (`from` when nothing is skipped).
  int PastDescription(int from, int k) const {
    int q = from;
    if (q + 1 < k && toks_[q].lower == "of" && a_.mention_at_token[q + 1] < 0) {
      int w = q + 1;
      if (toks_[w].lower == "the") ++w;
      const int words = w;
      while (w < k && w < words + 6 && toks_[w].word && toks_[w].cap &&
             a_.mention_at_token[w] < 0) {
        ++w;
      }
      if (w > words) q = w;
    }
    if (q >= k || toks_[q].lower != ",") return q == from ? from : q;
    for (int w = q + 1; w < k && w < q + 14; ++w) {
      const Token& t = toks_[w];
      if (a_.mention_at_token[w] >= 0 || t.lower == "who" || t.lower == "which") break;
      if (t.word && !t.cap && (IsClauseVerb(v_, t.lower) || (t.cls & kClsReporting))) break;
      if (t.lower == ",") {
        // The comma closes the appositive right before the verb.
        bool adverbs_only = true;
        for (int v = w + 1; v < k && adverbs_only; ++v) adverbs_only = IsFiller(toks_[v]);
        return adverbs_only && w > q + 1 ? w : q;
      }
      if (!t.word && t.lower != "'s" && t.lower != "-") break;
    }
    return q;
  }

  // The part in the main event of the group listed by "Among the <plural
  // noun> were A and B" in sentence s: those present ("witnesses",
  // "guests") attend, "speakers" speak, and a group the text put in a
  // role before ("swore in the new judges", "welcomed the delegates")
  // attends; else none (a group only mentioned).
  ParticipantRole AmongGroupRole(int s) const {
    const auto& sent = a_.tt.sentences[s];
    const int copula = AmongCopula(toks_, sent.first, sent.last);
    if (copula < 0) return v1::PARTICIPANT_ROLE_UNSPECIFIED;
    const absl::string_view noun = toks_[copula - 1].lower;
    if (OneOf(noun, {"speakers", "panelists", "panellists"})) return v1::PARTICIPANT_ROLE_SPOKE;
    if (OneOf(noun, {"witnesses", "participants", "guests", "attendees", "delegates", "observers",
                     "invitees", "present", "attending", "participating", "invited"})) {
      return v1::PARTICIPANT_ROLE_ATTENDED;
    }
    for (int b = s - 1; b >= 0 && b >= s - 8; --b) {
      const auto& prev = a_.tt.sentences[b];
      for (int q = prev.first; q < prev.last; ++q) {
        if (toks_[q].lower != noun) continue;
        for (int v = std::max(prev.first, q - 5); v < q; ++v) {
          if ((toks_[v].cls & kClsRole) && toks_[v].word && !toks_[v].cap) {
            return v1::PARTICIPANT_ROLE_ATTENDED;
          }
        }
      }
    }
    return v1::PARTICIPANT_ROLE_UNSPECIFIED;
  }

  void Roles(int s, const std::vector<Ref>& refs, const std::vector<int>& speakers,
             int* subject_here) {
    const auto& sent = a_.tt.sentences[s];
    int clause_start = sent.first;
    auto is_speaker = [&](int p) {
      return std::find(speakers.begin(), speakers.end(), p) != speakers.end();
    };
    std::vector<int> last_subjects;
    attends_ceremony_ = false;
    const size_t roles_before = out_.roles.size();
    // The sentence before met a group, or received its credentials.
    const bool credentials_before = credentials_sentence_ == s - 1;
    const bool had_met_before = met_sentence_ == s - 1 || credentials_before;
    // "The six leaders are A, B and C": the people met in the sentence before.
    // "... met with the ambassadors of five countries. The ambassadors were
    // A, B and C": the group met, named in the next sentence.
    const int group = sent.first + 1 < sent.last && (toks_[sent.first + 1].has_digit ||
                                                     IsNumberWord(toks_[sent.first + 1].lower))
                          ? sent.first + 2
                          : sent.first + 1;
    if (had_met_before && sent.last - group > 3 && toks_[sent.first].lower == "the" &&
        (group > sent.first + 1 || NamedBefore(s - 1, toks_[group].lower)) &&
        OneOf(toks_[group + 1].lower, {"are", "were", "include", "included"})) {
      for (const Ref& r : refs) {
        if (!r.possessive) {
          AddRole(r.person,
                  credentials_before ? v1::PARTICIPANT_ROLE_ATTENDED : v1::PARTICIPANT_ROLE_MET,
                  sent.first, std::min(sent.last, group + 2), s);
        }
      }
    }
    // Minutes: "Present: A (Chair), B, C", "In attendance: D". Each person
    // listed attends, and one marked as the chair presides.
    if (int colon = AttendanceLabel(sent.first, sent.last); colon > 0) {
      for (const Ref& r : refs) {
        if (r.first <= colon || r.possessive) continue;
        const int after = std::max(r.last, r.ext_end);
        const bool chair = after + 2 < sent.last && toks_[after].lower == "(" &&
                           OneOf(toks_[after + 1].lower, {"chair", "chairman", "chairwoman",
                                                          "chairperson", "presiding", "president"});
        AddRole(r.person, chair ? v1::PARTICIPANT_ROLE_PRESIDED : v1::PARTICIPANT_ROLE_ATTENDED,
                sent.first, colon + 1, s);
      }
      NotePrincipals(s, roles_before);
      return;
    }
    if (const ParticipantRole among = AmongGroupRole(s);
        among != v1::PARTICIPANT_ROLE_UNSPECIFIED) {
      const int copula = AmongCopula(toks_, sent.first, sent.last);
      for (const Ref& r : refs) {
        if (r.first > copula && !r.possessive) AddRole(r.person, among, sent.first, copula + 1, s);
      }
    }
    // "Another witness, (health economist) X, warned that ...", "witness X
    // said": a witness the text quotes gives evidence to the sitting.
    for (const Ref& r : refs) {
      if (r.possessive || !is_speaker(r.person)) continue;
      int q = r.first - 1;
      while (q > sent.first && q >= r.first - 3 && toks_[q].word && !toks_[q].cap &&
             toks_[q].lower != "witness") {
        --q;
      }
      if (q > sent.first && toks_[q].lower == ",") --q;
      if (q >= sent.first && q >= r.first - 5 && toks_[q].lower == "witness") {
        AddRole(r.person, v1::PARTICIPANT_ROLE_SPOKE, q, r.last, s);
      }
    }
    // "At a State Council executive meeting ..., Premier X heard ...".
    int at = sent.first;
    for (int q = sent.first; q < sent.last && q < sent.first + 8; ++q) {
      if (toks_[q].lower == ":" || toks_[q].lower == "--") at = q + 1;
    }
    if (at < sent.last && toks_[at].lower == "at") {
      static const auto* const kGatherings = new absl::flat_hash_set<std::string>{
          "meeting", "session", "conference", "forum",    "symposium",
          "seminar", "summit",  "ceremony",   "gathering"};
      bool gathering = false;
      for (int k = at; k < sent.last && k < at + 25; ++k) {
        if (kGatherings->contains(toks_[k].lower)) gathering = true;
        if (gathering && toks_[k].lower == ",") {
          for (const Ref& r : refs) {
            if (r.first > k && !r.possessive) {
              // Who presided is not also said to attend it.
              if (!is_speaker(r.person) && !Presided(r.person)) {
                AddRole(r.person, v1::PARTICIPANT_ROLE_ATTENDED, at, k, s);
              }
              break;
            }
          }
          break;
        }
      }
    }
    // "X recalled that he had chaired the commission in 2019, which was
    // attended by Y", "said that Y would attend the fair": roles in
    // reported content set in another time are of another event ("advised
    // that X was also present" is of this one). Found in one pass.
    int reported_from = sent.last;
    bool reported = false;
    for (int q = sent.first; q + 1 < sent.last; ++q) {
      if ((toks_[q].cls & kClsReporting) && !toks_[q].cap && toks_[q + 1].lower == "that") {
        reported = true;
      }
      if (reported && (IsFutureModal(toks_[q].lower) ||
                       (toks_[q].lower == "had" &&
                        !OneOf(toks_[q + 1].lower, {"talks", "held", "a", "an", "the"})))) {
        reported_from = q;
        break;
      }
    }
    int who_antecedent = -1;
    int aside_first = -1, aside_last = -1;  // ", accompanied by Y,".
    // Only role words and the clause starts below (kClsClauseStart) count.
    const int last = sent.last;
    for (int k = sent.first; (k = NextWithClass(toks_, k, last, kClsRole | kClsClauseStart)) < last;
         ++k) {
      const Token& t = toks_[k];
      if (t.word && !t.cap &&
          (t.lower == "when" || t.lower == "that" || t.lower == "which" || t.lower == "who" ||
           t.lower == "while" || t.lower == "since" || t.lower == "because" ||
           (t.lower == "with" && k > sent.first && toks_[k - 1].lower == ","))) {
        // ", with X attending": the absolute clause has its own subjects.
        clause_start = k + 1;
        // "X, who acted as chairman," and "X, who was visiting Y, held
        // talks": the relative clause's antecedent is its subject, and the
        // main clause's when the verb follows the relative clause.
        who_antecedent = -1;
        if (t.lower == "who" && k > sent.first && toks_[k - 1].lower == ",") {
          for (const Ref& r : refs) {
            if (!r.possessive && (r.last == k - 1 || r.ext_end == k - 1 || r.ext_end == k)) {
              who_antecedent = r.person;
            }
          }
        }
        continue;
      }
      if (!(t.cls & kClsRole)) continue;
      if ((t.lower == "led" || t.lower == "headed") && k + 1 < sent.last &&
          toks_[k + 1].lower == "by" && AnyOf(k - 3, k, {"delegation", "delegations"})) {
        // "a delegation led by X": met later as "the delegation".
        for (const Ref& r : refs) {
          if (r.first > k + 1 && r.first <= k + 8 && !r.possessive) {
            delegation_leader_ = r.person;
            // "X met a delegation from Y. The delegation was headed by Z":
            // the leader named after the meeting was met.
            if (met_delegation_sentence_ == s - 1 && k >= sent.first + 3 &&
                IsBeVerb(toks_[k - 1].lower)) {
              AddRole(r.person, v1::PARTICIPANT_ROLE_MET, k, k + 2, s);
            }
            break;
          }
        }
      }
      if (!t.word || t.cap) {
        if (t.word && t.cap && k == sent.first) {
          // Sentence-initial "Addressing/Attending ..." handled below.
        } else {
          continue;
        }
      }
      absl::string_view l = t.lower;
      if (k >= reported_from) break;
      attends_ceremony_ = false;
      signing_ = false;
      ParticipantRole role = v1::PARTICIPANT_ROLE_UNSPECIFIED;
      int span_end = k + 1;
      bool objects = false, subjects = true, passive = false;
      bool initial_participle = false;
      bool nearest_only = false;
      bool with_objects = false;    // Objects only after "with".
      int clause_last = sent.last;  // Objects end here at the latest.
      const bool hosts_ceremony =
          (l == "hosted" || l == "hosts") &&
          AnyOf(k + 1, std::min(sent.last, k + 5),
                {"ceremony", "banquet", "reception", "dinner", "luncheon", "lunch"});
      if ((l == "hosted" || l == "hosts") && PersonSubjectOfPassive(refs, k, clause_start)) {
        // "Minister X was hosted by Governor Y": a guest and a host met, as
        // "was received by" tells.
        role = v1::PARTICIPANT_ROLE_MET;
        passive = true;
      } else if ((l == "hosted" || l == "hosts" || l == "co-hosted") && !hosts_ceremony &&
                 !(k > sent.first && IsBeVerb(toks_[k - 1].lower)) &&
                 (GuestAt(k + 1, sent.last) ||
                  AnyOf(k + 1, std::min(sent.last, k + 4), {"delegation", "delegations"}))) {
        // "X hosted Prime Minister Y at the palace", "hosted a delegation
        // led by Y": a host meeting a guest, as "received" and "welcomed"
        // are; "hosted the meeting" presides.
        role = v1::PARTICIPANT_ROLE_MET;
        objects = true;
      } else if (!hosts_ceremony &&
                 (l == "presided" || l == "presides" || l == "chaired" || l == "chairs" ||
                  l == "hosted" || l == "hosts" || l == "co-chaired" || l == "co-hosted" ||
                  l == "chairing" || l == "presiding")) {
        // "X, who chairs the board, said": a standing post, no part in
        // the event.
        if (StandingPost(k, sent.first, sent.last)) {
          clause_start = k + 1;
          continue;
        }
        role = v1::PARTICIPANT_ROLE_PRESIDED;
        // "co-chaired the summit with Y": Y chairs it as well.
        if (absl::StartsWith(l, "co-")) {
          objects = true;
          with_objects = true;
        } else if (!(k > sent.first && IsBeVerb(toks_[k - 1].lower))) {
          // "chaired a video conference with provincial governors,
          // including X and Y": those the chair meets with attend.
          for (int w = k + 1; w < sent.last && w <= k + 6 && toks_[w].word; ++w) {
            if (toks_[w].lower == "talks") break;
            if (toks_[w].lower != "with") continue;
            const int end = ClauseEnd(w + 1, sent.last);
            for (const Ref& r : refs) {
              if (r.first > w && r.first < end && !r.possessive && !is_speaker(r.person)) {
                AddRole(r.person, v1::PARTICIPANT_ROLE_ATTENDED, k, w + 1, s);
              }
            }
            break;
          }
        }
        if (k + 1 < sent.last && toks_[k + 1].lower == "over") ++span_end;
        if (span_end < sent.last && toks_[span_end].lower == "by") passive = true;
        if (k > sent.first && IsBeVerb(toks_[k - 1].lower)) passive = true;
      } else if ((l == "concluding" || l == "closing") && k == sent.first) {
        // "Concluding the meeting, X suggested ...": concluding remarks are a
        // speech (FORMAT.md).
        role = v1::PARTICIPANT_ROLE_SPOKE;
        initial_participle = true;
      } else if ((l == "speaking" || l == "reporting") && k <= sent.first + 1 &&
                 k + 1 < sent.last &&
                 (toks_[k + 1].lower == "at" || toks_[k + 1].lower == "during")) {
        // "Speaking at the meeting, X acknowledged ...", "Reporting at the
        // session, Director X said ...": a speech or a report to it.
        role = v1::PARTICIPANT_ROLE_SPOKE;
        initial_participle = true;
      } else if (l == "addressed" || l == "addresses" || l == "addressing") {
        role = v1::PARTICIPANT_ROLE_SPOKE;
        if (k <= sent.first + 1 && l == "addressing") initial_participle = true;
      } else if (OneOf(l, {"made", "makes", "delivered", "delivers", "gave", "gives", "make",
                           "deliver", "presented", "presents"})) {
        // "presented his credentials to X": an envoy's part in X's ceremony.
        if (l[0] == 'p' && (CredentialsAt(k + 1, sent.last) > 0 || HonourTo(k, sent.last) > 0)) {
          GenreRole(s, k, refs, &role, &span_end, &objects, &subjects, &passive, &with_objects,
                    &clause_last);
        }
        // "Keynote speeches were delivered by A and B": A and B spoke.
        if (k > sent.first + 1 && IsBeVerb(toks_[k - 1].lower) && k + 1 < sent.last &&
            toks_[k + 1].lower == "by" && l != "made" && l != "gave") {
          for (int q = std::max(sent.first, k - 4); q < k - 1; ++q) {
            if (IsSpeechNoun(toks_[q].lower)) {
              role = v1::PARTICIPANT_ROLE_SPOKE;
              passive = true;
            }
          }
        }
        // A possessive counts no word: "presented the fund's economic
        // outlook" reaches "outlook".
        for (int q = k + 1, end = k + 4;
             q < sent.last && q <= end && role == v1::PARTICIPANT_ROLE_UNSPECIFIED; ++q) {
          if (toks_[q].possessive) ++end;
          absl::string_view w = toks_[q].lower;
          // "made an intervention on security": a speech in the words of
          // diplomacy.
          if (IsSpeechNoun(w)) {
            role = v1::PARTICIPANT_ROLE_SPOKE;
            span_end = q + 1;
            break;
          }
          // "presented the strategy", "gave an overview": a paper put
          // before the meeting is spoken to ("made a plan" is not).
          if (IsWorkDocumentNoun(w) && l[0] != 'm') {
            role = v1::PARTICIPANT_ROLE_SPOKE;
            span_end = q + 1;
            break;
          }
          if (w == "comments") {
            role = v1::PARTICIPANT_ROLE_COMMENTED;
            span_end = q + 1;
            break;
          }
          if (w == "inspection") {
            // "made an inspection tour": who leads the tour attends it.
            role = v1::PARTICIPANT_ROLE_ATTENDED;
            span_end = q + 1;
            break;
          }
        }
      } else if ((l == "attended" || l == "attend" || l == "attends" || l == "attending") &&
                 !(k > sent.first && toks_[k - 1].lower == "to")) {
        role = v1::PARTICIPANT_ROLE_ATTENDED;
        // "Zhang and Liu attended a signing ceremony after the talks": a
        // ceremony of its own, no part in talks.
        attends_ceremony_ = AnyOf(k + 1, std::min(sent.last, k + 5),
                                  {"ceremony", "banquet", "reception", "dinner", "luncheon"});
        if (k <= sent.first + 1 && l == "attending") initial_participle = true;
        // "was presided over by X and attended by Y": Y attends, not X.
        // "A and B attended by video link" is active: "by" gives the means.
        if (k + 1 < sent.last && toks_[k + 1].lower == "by" &&
            !(k + 2 < sent.last &&
              OneOf(toks_[k + 2].lower,
                    {"video", "videolink", "videoconference", "phone", "telephone",
                     "teleconference", "remote", "correspondence", "proxy"}))) {
          passive = true;
        }
        // "A attended the consultations with B": B attends as well.
        objects = true;
        with_objects = true;
      } else if ((l == "present") && k > sent.first &&
                 (toks_[k - 1].lower == "were" || toks_[k - 1].lower == "was" ||
                  toks_[k - 1].lower == "also")) {
        // "X were present" or "Also present ... were X, Y and Z".
        role = v1::PARTICIPANT_ROLE_ATTENDED;
        objects = true;
      } else if (l == "present" && k == clause_start && k + 1 < sent.last &&
                 OneOf(toks_[k + 1].lower, {"at", "were", "during", "in"})) {
        // "Present at the meeting were X, Y and Z": the inverted list opens
        // the sentence, as "Also present" does.
        role = v1::PARTICIPANT_ROLE_ATTENDED;
        objects = true;
      } else if (l == "present" && clause_start > sent.first + 1 &&
                 toks_[clause_start - 1].lower == "with" &&
                 (k + 1 >= sent.last || !toks_[k + 1].word ||
                  OneOf(toks_[k + 1].lower, {"at", "in", "during"}))) {
        // "met Y, with X present (at the meeting)": the absolute clause's
        // subjects attend.
        role = v1::PARTICIPANT_ROLE_ATTENDED;
      } else if (l == "commented" && !(k + 1 < sent.last && toks_[k + 1].lower == "that")) {
        role = v1::PARTICIPANT_ROLE_COMMENTED;
        if (k + 1 < sent.last && toks_[k + 1].lower == "on") ++span_end;
      } else if ((l == "met" || l == "meets" || l == "meet") &&
                 !(l == "met" && ReachedPassive(toks_, k, sent.last)) &&
                 !BodyMeetsAlone(a_, k, sent.first, sent.last)) {
        role = v1::PARTICIPANT_ROLE_MET;
        objects = !CommaClosesMeetingClause(toks_, k, sent.last);
        if (k + 1 < sent.last && toks_[k + 1].lower == "with") ++span_end;
      } else if ((l == "spoke" || l == "talked" || l == "speaking") &&
                 WordsToThePress(a_, k, sent.last)) {
        // "spoke to reporters (on condition of anonymity)", "talked to
        // journalists after the vote": a word to the press, no part in the
        // sitting and no call between sides.
      } else if ((l == "spoke" || l == "talked") && k + 1 < sent.last &&
                 toks_[k + 1].lower == "to" && AudienceOfTheSitting(toks_, k + 2, sent.last)) {
        // "spoke to the council about the budget", "spoke to the delegates":
        // an address to the sitting.
        role = v1::PARTICIPANT_ROLE_SPOKE;
      } else if ((l == "spoke" || l == "talked") &&
                 (WithWithin(k + 1, sent.last, 3) ||
                  // "spoke on the phone with", "talked over the telephone with".
                  (AnyOf(k + 1, std::min(sent.last, k + 4), {"phone", "telephone", "video"}) &&
                   WithWithin(k + 1, sent.last, 5)) ||
                  (k + 1 < sent.last && toks_[k + 1].lower == "to"))) {
        // "spoke today with", "talked by phone with": a call between two sides.
        role = v1::PARTICIPANT_ROLE_MET;
        objects = true;
      } else if (l == "spoke" &&
                 (k + 1 >= sent.last ||
                  OneOf(toks_[k + 1].lower, {"at", "during", ".", "against", "in", "about", "first",
                                             "briefly", "twice", ","}) ||
                  (k + 2 < sent.last && toks_[k + 1].lower == "on" &&
                   toks_[k + 2].lower != "behalf" && !toks_[k + 2].has_digit &&
                   WeekdayNumber(toks_[k + 2].lower) < 0 &&
                   // "spoke on condition of anonymity", "spoke on state
                   // television": no address to the sitting.
                   !AnyOf(k + 2, std::min(sent.last, k + 5),
                          {"phone", "telephone", "video", "condition", "television", "radio",
                           "tv"})) ||
                  (k + 2 < sent.last && toks_[k + 1].lower == "on" &&
                   toks_[k + 2].lower == "behalf"))) {
        // "Y also spoke at the meeting", "Y spoke during the session": an
        // address to it, not a call (that is "spoke with").
        role = v1::PARTICIPANT_ROLE_SPOKE;
      } else if (l == "meeting" && k + 1 < sent.last && toks_[k + 1].lower == "with") {
        role = v1::PARTICIPANT_ROLE_MET;
        objects = true;
        ++span_end;
      } else if (int n = TalksAfterHold(k, sent.last); n > 0) {
        // "held talks", "held phone talks", "had a video call with".
        role = v1::PARTICIPANT_ROLE_MET;
        objects = true;
        span_end = k + 1 + n;
      } else if (l == "visited" || l == "visits") {
        role = v1::PARTICIPANT_ROLE_MET;
        nearest_only = true;
      } else if (l == "inspected" || l == "inspects") {
        role = v1::PARTICIPANT_ROLE_ATTENDED;
      } else if ((l == "accompanied" && k + 1 < sent.last && toks_[k + 1].lower == "by") ||
                 (l == "company" && k + 1 < sent.last && toks_[k + 1].lower == "of" &&
                  k > sent.first && toks_[k - 1].lower == "the")) {
        role = v1::PARTICIPANT_ROLE_ATTENDED;
        ++span_end;
        objects = true;
        subjects = false;
        // "X, accompanied by Y, inspected ...": an aside between the
        // subject and its verb, closed by the next comma.
        if (k > sent.first && toks_[k - 1].lower == ",") {
          int close = span_end;
          while (close < sent.last && close < span_end + 30 && toks_[close].lower != ",") ++close;
          if (close < sent.last && toks_[close].lower == ",") {
            for (const Ref& r : refs) {
              if (r.first >= span_end && r.first < close && !r.possessive) {
                AddRole(r.person, role, k, span_end, s);
              }
            }
            aside_first = k;
            aside_last = close;
            continue;
          }
        }
      } else if (const int noun = SpeechAfterIn(k, sent.first, sent.last); noun > 0) {
        // "In his speech, X said", "In her opening address, X stressed":
        // the speaker addressed the event, whatever its type.
        for (int p : speakers) AddRole(p, v1::PARTICIPANT_ROLE_SPOKE, k - 1, noun + 1, s);
        continue;
      } else {
        GenreRole(s, k, refs, &role, &span_end, &objects, &subjects, &passive, &with_objects,
                  &clause_last);
        if (role != v1::PARTICIPANT_ROLE_UNSPECIFIED && k == sent.first && l == "accompanying") {
          // "Accompanying X on the tour were A and B": the people after
          // the verb "were".
          int q = k + 1;
          while (q < sent.last && toks_[q].lower != "were" && toks_[q].lower != "was") ++q;
          for (const Ref& r : refs) {
            if (r.first > q && !r.possessive) AddRole(r.person, role, k, k + 1, s);
          }
          continue;
        }
      }
      if (role == v1::PARTICIPANT_ROLE_UNSPECIFIED) continue;
      // "Meeting with X in Oslo, Y said ...", "Received by X, Y thanked
      // ...": a sentence-opening phrase of a meeting; its subject is the
      // first person after the phrase's comma.
      int opening_subject = -1;
      if (k == sent.first && role == v1::PARTICIPANT_ROLE_MET) {
        int comma = span_end;
        while (comma < sent.last && comma < span_end + 25 && toks_[comma].lower != ",") ++comma;
        if (comma < sent.last && toks_[comma].lower == ",") {
          clause_last = comma;
          for (const Ref& r : refs) {
            if (r.first > comma && !r.possessive) {
              opening_subject = r.person;
              break;
            }
          }
        }
      }
      if (opening_subject >= 0) AddRole(opening_subject, role, k, span_end, s);
      const int clause_end = ClauseEnd(span_end, clause_last);
      if (initial_participle) {
        // "Attending the meeting were A, B and C": the subjects follow the
        // inverted "were".
        int inverted = span_end;
        while (inverted < sent.last && inverted < span_end + 12 && toks_[inverted].word &&
               !RefAt(refs, inverted) && toks_[inverted].lower != "were" &&
               toks_[inverted].lower != "was") {
          ++inverted;
        }
        if (inverted < sent.last &&
            (toks_[inverted].lower == "were" || toks_[inverted].lower == "was")) {
          for (const Ref& r : refs) {
            if (r.first > inverted && !r.possessive) AddRole(r.person, role, k, span_end, s);
          }
          clause_start = span_end;
          continue;
        }
        // "Also addressing the meeting, X said ...": the sentence's speakers
        // or its first named person.
        int who = !speakers.empty() ? speakers.front() : -1;
        if (who < 0) {
          for (const Ref& r : refs) {
            if (!r.possessive) {
              who = r.person;
              break;
            }
          }
        }
        AddRole(who, role, k, span_end, s);
        clause_start = span_end;
        continue;
      }
      if (passive) {
        int q = span_end;
        if (q < sent.last && toks_[q].lower == "by") {
          // "was chaired by X and attended by Y": X's agents end where a
          // second participle starts.
          int agents_end = q + 1;
          while (agents_end < clause_end &&
                 !(toks_[agents_end].lower == "and" && agents_end + 1 < clause_end &&
                   (toks_[agents_end + 1].cls & kClsRole) && !toks_[agents_end + 1].cap &&
                   absl::EndsWith(toks_[agents_end + 1].lower, "ed"))) {
            ++agents_end;
          }
          for (const Ref& r : refs) {
            if (r.first >= q && r.first < agents_end && !r.possessive &&
                (!is_speaker(r.person) || role == v1::PARTICIPANT_ROLE_PRESIDED)) {
              AddRole(r.person, role, k, span_end, s);
            }
          }
          // "X was received by Y": a meeting has both sides.
          if (role == v1::PARTICIPANT_ROLE_MET) {
            for (const Ref& r : refs) {
              if (r.first >= clause_start && r.last <= k && !r.possessive) {
                AddRole(r.person, role, k, span_end, s);
              }
            }
          }
        }
        clause_start = span_end;
        continue;
      }
      if (role == v1::PARTICIPANT_ROLE_MET) met_sentence_ = s;
      if (subjects) {
        std::vector<int> found;
        for (const Ref& r : refs) {
          if (r.first >= aside_first && r.first < aside_last) continue;
          if (r.first >= clause_start && r.last <= k && !r.possessive) {
            if (nearest_only) found.clear();
            found.push_back(r.person);
          }
        }
        // "presided over the meeting and made a speech": the same subjects.
        if (found.empty() && k > sent.first && toks_[k - 1].lower == "and") {
          found = last_subjects;
        }
        if (found.empty() && who_antecedent >= 0) found.push_back(who_antecedent);
        // "The two heads of state delivered speeches": the two principals.
        if (found.empty() && role == v1::PARTICIPANT_ROLE_SPOKE && principals_[1] >= 0 &&
            PairSubject(clause_start, k)) {
          found = {principals_[0], principals_[1]};
        }
        for (int p : found) {
          AddRole(p, role, k, span_end, s, nearest_only);
          if (*subject_here < 0) *subject_here = p;
        }
        if (!found.empty()) last_subjects = found;
      }
      if (objects) {
        int from = span_end;
        if (with_objects) {
          while (from < clause_end && toks_[from].lower != "with") ++from;
        }
        bool named = false;
        for (const Ref& r : refs) {
          if (r.first >= from && r.first < clause_end && !r.possessive && !is_speaker(r.person)) {
            AddRole(r.person, role, k, span_end, s);
            named = true;
          }
        }
        // "Y met the delegation": the leader of the delegation named before.
        if (!named && role == v1::PARTICIPANT_ROLE_MET &&
            AnyOf(from, std::min(clause_end, from + 4), {"delegation"})) {
          if (delegation_leader_ >= 0) {
            AddRole(delegation_leader_, role, k, span_end, s);
          } else {
            met_delegation_sentence_ = s;
          }
        }
      }
      clause_start = span_end;
    }
    NotePrincipals(s, roles_before);
  }

  // The first sentence giving roles fixes the principals when it gives them
  // to exactly two people.
  void NotePrincipals(int s, size_t roles_before) {
    if (principals_set_ || s < a_.body_first_sentence || out_.roles.size() == roles_before) return;
    principals_set_ = true;
    int n = 0;
    int who[2] = {-1, -1};
    for (size_t i = roles_before; i < out_.roles.size(); ++i) {
      const int p = out_.roles[i].person;
      if (p == who[0] || p == who[1]) continue;
      if (n == 2) return;  // A third person: no pair.
      who[n++] = p;
    }
    if (n == 2) principals_[0] = who[0], principals_[1] = who[1];
  }

  // [first, k) is a subject naming a pair without names: "the two
  // leaders", "both heads of state", "the two sides".
  bool PairSubject(int first, int k) const {
    int q = first;
    if (q < k && toks_[q].lower == "the") ++q;
    if (q >= k || (toks_[q].lower != "two" && toks_[q].lower != "both")) return false;
    for (int w = q + 1; w < k && w <= q + 3; ++w) {
      absl::string_view l = toks_[w].lower;
      if (OneOf(l, {"leaders", "heads", "presidents", "ministers", "premiers", "sides",
                    "chancellors", "secretaries", "envoys", "mayors", "governors"})) {
        return true;
      }
    }
    return false;
  }

  const Analysis& a_;
  const Vocabulary& v_;
  const std::vector<Token>& toks_;
  const UnnamedTitleResolver titles_;
  Discourse out_;
  const DiscourseLimits limits_;
  size_t points_ = 0;

  // A limit was passed: the pass stops.
  bool Exceeded() {
    if (out_.statements.size() > limits_.max_statements) out_.statements_exceeded = true;
    return out_.statements_exceeded || out_.points_exceeded;
  }
  std::vector<int> last_seen_;
  // Lowercase title word -> the one person whose titles hold it, or
  // kSharedTitleWord when two people's do (HolderOfTitleWord).
  static constexpr int kSharedTitleWord = -2;
  absl::flat_hash_map<std::string, int> title_word_holders_;
  bool title_word_holders_built_ = false;
  int last_subject_ = -1;
  int met_sentence_ = -10;
  int credentials_sentence_ = -10;     // "received the credentials of ..."
  bool attends_ceremony_ = false;      // The role verb read attends a ceremony.
  bool signing_ = false;               // The role verb read signs or witnesses an agreement.
  int delegation_leader_ = -1;         // "a delegation led by X".
  int met_delegation_sentence_ = -10;  // "met a delegation" with no leader named yet.
  std::vector<StatementInfo> headline_statements_;
  std::vector<char> presided_;  // Person -> has a PRESIDED role.
  // The "for"/"welcoming" before a hosted ceremony's guests ("held a
  // banquet, welcoming X"): X attends, the word is no greeting of its own.
  int ceremony_guest_at_ = -1;
  // The two people of the first sentence that gave roles to exactly two
  // ("X met Y", "X held a banquet for Y"): "the two leaders" later.
  int principals_[2] = {-1, -1};
  bool principals_set_ = false;
};

}  // namespace

namespace {

// "the BBC", "Reuters", "Nordic Radio" at token q: a medium is an acronym
// no person or body of the sitting bears, a name a medium is known by, or a
// capitalized run ending in a medium's word. Not any capitalized word:
// "spoke to Zelensky", "spoke to the Senate".
bool IsNewsOutlet(const Analysis& a, int q, int last) {
  const std::vector<Token>& toks = a.tt.tokens;
  const Token& t = toks[q];
  if (!t.word || !(t.cap || t.all_caps) || a.mention_at_token[q] >= 0 ||
      (t.cls & (kClsHead | kClsOrgHead | kClsGivenName | kClsReferenceCue)) ||
      AudienceOfTheSitting(toks, q, last)) {
    return false;
  }
  if (t.all_caps && t.lower.size() >= 2) return true;
  if (IsNewsAgencyName(t.lower) || IsBuiltOnMediumWord(t.lower)) return true;
  int r = q;
  while (r + 1 < last && r < q + 5 && toks[r + 1].word && toks[r + 1].cap) ++r;
  return r > q && IsMediumLastWord(toks[r].lower);
}

// The press or a medium at token q (past "the", "local", ...): "reporters",
// "the media", "Reuters", "the BBC".
bool PressAt(const Analysis& a, int q, int last) {
  const std::vector<Token>& toks = a.tt.tokens;
  while (q < last && OneOf(toks[q].lower, {"the", "a", "local", "foreign", "visiting"})) ++q;
  if (q >= last) return false;
  if (IsNewsOutlet(a, q, last)) return true;
  return IsPressNoun(toks[q].lower);
}

}  // namespace

bool WordsToThePress(const Analysis& a, int k, int last) {
  const std::vector<Token>& toks = a.tt.tokens;
  const absl::string_view l = toks[k].lower;
  // "told Reuters", "tells the BBC", "in an interview with Nordic Radio".
  if (OneOf(l, {"told", "tells", "telling"})) return PressAt(a, k + 1, last);
  if (l == "interview" || l == "interviews") {
    return k + 1 < last && OneOf(toks[k + 1].lower, {"with", "to"}) && PressAt(a, k + 2, last);
  }
  for (int q = k + 1; q < last && q < k + 12 && toks[q].lower != ","; ++q) {
    if (toks[q].lower == "anonymity") return true;
  }
  if (k + 1 >= last || !OneOf(toks[k + 1].lower, {"to", "with"})) return false;
  // "spoke to X by phone", "spoke with reporters after the talks with X":
  // a call or talks, whoever else is named.
  for (int q = k + 2; q < last && q < k + 16; ++q) {
    const absl::string_view w = toks[q].lower;
    if (OneOf(w, {"phone", "telephone"})) return false;
    if (OneOf(w, {"talks", "meeting", "meetings"}) && q + 1 < last && toks[q + 1].lower == "with") {
      return false;
    }
  }
  return PressAt(a, k + 2, last);
}

Discourse AnalyzeDiscourse(const Analysis& analysis, const DiscourseLimits& limits) {
  return DiscourseAnalyzer(analysis, limits).Run();
}

}  // namespace readout::extractor::internal
