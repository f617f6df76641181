// Main event, dateline, date and location resolution; places and
// organizations. Linear scans over tokens with bounded windows.
#include "extractor-service/engine/events.h"

#include <algorithm>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "extractor-service/engine/datelines.h"
#include "extractor-service/engine/dates.h"
#include "extractor-service/engine/event_places.h"
#include "extractor-service/engine/other_events.h"
#include "extractor-service/engine/people.h"
#include "extractor-service/engine/places.h"

namespace readout::extractor::internal {
namespace {

using readout::v1::EventType;

constexpr int kLeadSentences = 10;

class EventBuilder {
 public:
  EventBuilder(const Analysis& a, const Discourse& d, const Ymd& published)
      : a_(a), d_(d), v_(*a.vocab), toks_(a.tt.tokens), published_(published) {}

  void Build(readout::v1::Extraction* out) {
    dateline_ = FindDateline(a_, kLeadSentences);
    lead_ = LeadSentence();
    ClassifyEvent();
    auto* event = out->add_events();
    event->set_type(type_);
    if (name_last_ > name_first_) {
      event->set_name(std::string(a_.Slice(name_first_, name_last_)));
      SetSpan(event->mutable_span(), toks_[name_first_].begin, toks_[name_last_ - 1].end);
    }
    ResolveDate(event);
    ResolveLocation(event);
    split_ = SplitEvents(a_, d_, lead_, keyword_, event->has_date() ? event->date().year() : 0);
    AddParticipants(event, out);
    AddOtherEvents(out);
    ExtractPlaces(a_, out);
    ExtractOrganizations(a_, out);
  }

 private:
  static void SetSpan(readout::v1::Span* span, uint32_t b, uint32_t e) {
    span->set_start(b);
    span->set_end(e);
  }

  int BodyStart() const { return a_.body_first_sentence; }

  bool IsEventWord(const Token& t) const {
    static const auto* const kWords = new absl::flat_hash_set<std::string>{
        "meeting",    "met",       "meets",     "held",    "session",   "conference",  "forum",
        "summit",     "seminar",   "symposium", "talks",   "visit",     "visits",      "visited",
        "inspection", "inspected", "statement", "chaired", "presided",  "chairs",      "attended",
        "ceremony",   "plenary",   "convened",  "hosted",  "addressed", "spoke",       "talked",
        "call",       "awarded",   "awards",    "medals",  "conferred", "credentials", "congress"};
    return t.word && (kWords->contains(t.lower) || IsElectionVerb(t.lower));
  }

  bool MostlyAscii(const Sentence& s) const {
    int ascii = 0, other = 0;
    for (int k = s.first; k < s.last; ++k) {
      if (toks_[k].word) {
        ++ascii;
      } else if (static_cast<unsigned char>(toks_[k].lower[0]) >= 0xE0) {
        ++other;
      }
    }
    return ascii > other;
  }

  // "X released the following statement:", "The following is attributable
  // to X:", "A spokesperson said:": a line that only introduces the text.
  bool Wrapper(const Sentence& s) const {
    int last = s.last;
    while (last > s.first && IsClosingQuote(toks_[last - 1].lower)) --last;
    if (last - s.first < 2 || toks_[last - 1].lower != ":") return false;
    absl::string_view before = toks_[last - 2].lower;
    if ((toks_[last - 2].cls & kClsReporting) || before == "statement" || before == "readout") {
      return true;
    }
    for (int k = s.first; k < last; ++k) {
      if (toks_[k].lower == "attributable") return true;
    }
    return false;
  }

  static bool IsClosingQuote(absl::string_view l) { return l == "\"" || l == "\xE2\x80\x9D"; }

  // A photo caption without a credit: a line of its own whose subject is
  // described in the present tense ("Governor X inspects a factory.").
  bool PresentTenseCaption(int s) const {
    const auto& sents = a_.tt.sentences;
    const Sentence& sent = sents[s];
    const int ns = static_cast<int>(sents.size());
    if ((s > 0 && sents[s - 1].paragraph == sent.paragraph) ||
        (s + 1 < ns && sents[s + 1].paragraph == sent.paragraph)) {
      return false;
    }
    for (int k = sent.first; k < sent.last && k < sent.first + 12; ++k) {
      int m = a_.mention_at_token[k];
      if (m < 0) continue;
      int v = a_.mentions[m].ext_end;
      while (v < sent.last && toks_[v].lower == ",") ++v;
      if (v >= sent.last || !toks_[v].word || toks_[v].cap) return false;
      absl::string_view l = toks_[v].lower;
      return l.size() > 3 && l.back() == 's' && l != "was" && l != "has" && l != "does" &&
             l.substr(l.size() - 2) != "ss";
    }
    return false;
  }

  int LeadSentence() const {
    const int ns = static_cast<int>(a_.tt.sentences.size());
    if (dateline_.found && !dateline_.whole_line) {
      const Sentence& s = a_.tt.sentences[dateline_.sentence];
      const int next = dateline_.sentence + 1;
      if (dateline_.body_first < s.last) {
        // "Washington -- A greeting! X met Y ...": the report starts later.
        bool event = false;
        for (int k = dateline_.body_first; k < s.last; ++k) event |= IsEventWord(toks_[k]);
        if (event || next >= ns || a_.tt.sentences[next].paragraph != s.paragraph) {
          return dateline_.sentence;
        }
        for (int k = a_.tt.sentences[next].first; k < a_.tt.sentences[next].last; ++k) {
          if (IsEventWord(toks_[k])) return next;
        }
        return dateline_.sentence;
      }
      return next < ns ? next : dateline_.sentence;
    }
    for (int s = BodyStart(); s < ns && s < BodyStart() + kLeadSentences; ++s) {
      const Sentence& sent = a_.tt.sentences[s];
      if (sent.caption || !MostlyAscii(sent) || Wrapper(sent) || PresentTenseCaption(s)) continue;
      for (int k = sent.first; k < sent.last; ++k) {
        if (IsEventWord(toks_[k]) || HeardACase(k, sent.last)) return s;
      }
    }
    for (int s = BodyStart(); s < ns; ++s) {
      const Sentence& sent = a_.tt.sentences[s];
      if (!sent.caption && !Wrapper(sent)) return s;
    }
    return ns > 0 ? 0 : -1;
  }

  // A verb handing over an honour in [first, last).
  bool AnyBestowing(int first, int last) const {
    for (int q = first; q < last; ++q) {
      if (IsBestowingVerb(toks_[q].lower) && !toks_[q].cap) return true;
    }
    return false;
  }

  // "Japan-Australia" before k: two sides joined by a hyphen. Each half must
  // be a side (PairSide), so "High-Level", "Co-Chairs'", "Follow-Up",
  // "Inter-Ministerial" or "Asia-Pacific" (no "of Pacific" in the text) are
  // no pair.
  bool PairBefore(int k) const {
    if (k == 0 || !toks_[k - 1].cap) return false;
    absl::string_view w = toks_[k - 1].lower;
    if (w.size() > 2 && w.substr(w.size() - 2) == "'s") w.remove_suffix(2);
    while (!w.empty() && w.back() == '\'') w.remove_suffix(1);
    const size_t dash = w.find('-');
    if (dash == absl::string_view::npos || dash <= 1 || dash + 2 >= w.size()) return false;
    return PairSide(w.substr(0, dash)) && PairSide(w.substr(dash + 1));
  }

  // A half of a hyphenated pair that names a side: a known place ("japan")
  // or nationality ("japanese"), a word with a country name's ending
  // ("ruritania"), or a name the text itself gives as a place or a country's
  // name ("Minister of Foreign Affairs of Nuvo", "in Nuvo"). Word prefixes ("co", "high", "inter",
  // "follow") never are.
  bool PairSide(absl::string_view half) const {
    if (half.find('-') != absl::string_view::npos) return false;
    if (OneOf(half, {"co",   "high", "inter", "intra", "follow", "mid",  "pre",
                     "post", "non",  "sub",   "multi", "cross",  "anti", "pro",
                     "ex",   "self", "vice",  "top",   "low",    "up",   "level"})) {
      return false;
    }
    const std::string key(half);
    if (v_.places.contains(key)) return true;
    const uint16_t cls = v_.Classify(key);
    if ((cls & kClsModifier) && (cls & kClsNonName)) return true;
    // "Ruritania", "Freedonia", "Nordland": a country's name by its ending.
    if ((cls & ~kClsCues) == 0 && half.size() > 4 &&
        (absl::EndsWith(half, "ia") || absl::EndsWith(half, "land") ||
         absl::EndsWith(half, "stan"))) {
      return true;
    }
    for (int q = 1; q < static_cast<int>(toks_.size()); ++q) {
      if (toks_[q].cap && toks_[q].lower == half &&
          OneOf(toks_[q - 1].lower, {"of", "in", "to", "from"})) {
        return true;
      }
    }
    return false;
  }

  // "Japan-Valdoria Foreign Ministers' Meeting": a pair of sides opens the
  // capitalized words before k.
  bool PairOpens(int k) const {
    for (int q = k; q > 0 && q > k - 5; --q) {
      if (PairBefore(q)) return true;
      const Token& t = toks_[q - 1];
      if (t.word && !t.cap) return false;
      if (!t.word && t.lower != "'" && !t.possessive) return false;
    }
    return false;
  }

  // "Forum of Regional Governors", "Conference of Presidents": a
  // capitalized name whose "of" names its members by their post in the
  // plural.
  bool MembersNamedAfter(int k, int last) const {
    if (!toks_[k].cap || k + 2 >= last || toks_[k + 1].lower != "of") return false;
    for (int q = k + 2; q < last && q < k + 5 && toks_[q].word && toks_[q].cap; ++q) {
      if (toks_[q].plural_head) return true;
    }
    return false;
  }

  // A noun of a gathering other than the one at token k in [first, last).
  bool OtherGatheringIn(int first, int last, int k) const {
    for (int q = first; q < last; ++q) {
      if (q != k && OneOf(toks_[q].lower, {"meeting", "session", "plenary", "summit", "talks",
                                           "conference", "forum", "seminar", "symposium"})) {
        return true;
      }
    }
    return false;
  }

  // "said at the meeting", "said during the talks": a preposition within
  // the three words before k (in [first, k)) sets the saying at the event
  // noun at k.
  bool SetAtTheEvent(int k, int first) const {
    for (int q = k - 1; q >= first && q >= k - 3; --q) {
      if (!toks_[q].word) return false;
      if (OneOf(toks_[q].lower, {"at", "during", "after", "following", "in"})) return true;
    }
    return false;
  }

  // A hearing at token k: the noun "hearing" ("held a hearing", "the
  // hearing on X"; not the gerund "after hearing reports", "hearing from
  // X"), "testified", or "appeared before" a sitting.
  bool HearingAt(int k, int first, int last) const {
    const absl::string_view l = toks_[k].lower;
    if (toks_[k].cap && k != first) return false;
    if (l == "hearing" || l == "hearings") {
      if (k > first && OneOf(toks_[k - 1].lower, {"after", "before", "on", "while", "when", "upon",
                                                  "by", "for", ",", "and", "was", "were", "is"})) {
        return false;
      }
      return k + 1 >= last || !OneOf(toks_[k + 1].lower, {"from", "the", "a", "an", "reports",
                                                          "report", "about", "that", "of"});
    }
    if (l == "testified" || l == "testifies") return true;
    if (HeardACase(k, last)) return true;
    if ((l == "appeared" || l == "appears") && k + 1 < last && toks_[k + 1].lower == "before") {
      return SittingWithin(toks_, k + 2, last);
    }
    return false;
  }

  // "The Supreme Court heard an appeal", "the tribunal hears arguments":
  // a court's or a committee's hearing told by its verb at k.
  bool HeardACase(int k, int last) const {
    if (!OneOf(toks_[k].lower, {"heard", "hears"}) || toks_[k].cap) return false;
    for (int q = k + 1; q < last && q <= k + 4 && toks_[q].word; ++q) {
      if (OneOf(toks_[q].lower, {"appeal", "appeals", "case", "cases", "arguments", "petition",
                                 "petitions", "challenge", "testimony", "witnesses"})) {
        return true;
      }
    }
    return false;
  }

  // A signing at k between parties: two or more people named in its
  // sentence, a witness ("witnessed by"), or the other party after the verb
  // ("signed a pact with X", "between A and B") or joined before it ("A and
  // B signed"). "Mayor X signed a contract" is one person's act.
  bool SignedBetweenParties(int k, int first, int last) const {
    int people = 0, seen = -1;
    for (int q = first; q < last; ++q) {
      const int m = a_.mention_at_token[q];
      if (m >= 0 && a_.mentions[m].person >= 0 && a_.mentions[m].person != seen) {
        if (++people >= 2) return true;
        seen = a_.mentions[m].person;
      }
      const absl::string_view l = toks_[q].lower;
      if (l == "witnessed" || l == "between" || (l == "with" && q > k)) return true;
      if (l == "and" && q < k && q >= k - 6) return true;
    }
    return false;
  }

  // An oath taken at token k: "sworn in", "swore in", "swears in", "took
  // the oath".
  bool OathAt(int k, int last) const {
    const absl::string_view l = toks_[k].lower;
    if (toks_[k].cap) return false;
    if (OneOf(l, {"sworn", "swore", "swears"})) return k + 1 < last && toks_[k + 1].lower == "in";
    return (l == "oath" || l == "oaths") && k >= 2 &&
           OneOf(toks_[k - 2].lower, {"took", "take", "takes", "taking", "administered"});
  }

  // Event type keywords in [first, last): returns the type or UNSPECIFIED.
  EventType TypeIn(int first, int last, int* kw) const {
    int rank_best = 100;
    EventType best = readout::v1::EVENT_TYPE_UNSPECIFIED;
    bool reported = false;
    for (int k = first; k < last; ++k) {
      absl::string_view l = toks_[k].lower;
      int rank = 100;
      EventType t = readout::v1::EVENT_TYPE_UNSPECIFIED;
      if (toks_[k].word && !toks_[k].cap) {
        // "spoke to Reuters", "told the BBC that the talks had stalled": an
        // interview is no talks, and what follows is what was said.
        if (OneOf(l, {"spoke", "speaks", "talked", "told", "tells", "interview"}) &&
            WordsToThePress(a_, k, last)) {
          press_sentence_ = toks_[k].sentence;
          reported = true;
          continue;
        }
        // "Minister says talks will resume": an event noun in reported
        // words is no event told, unless a preposition sets the saying at
        // it ("said at the meeting", "said after the talks").
        if (OneOf(l, {"says", "said", "tells", "told"})) reported = true;
      }
      if (reported && !SetAtTheEvent(k, first)) continue;
      if (l == "statement" && (toks_[k].cap || (k > first && toks_[k - 1].lower == "press"))) {
        rank = 0, t = readout::v1::EVENT_TYPE_STATEMENT;
      } else if (l == "credentials" || l == "credence") {
        // "received the credentials of five ambassadors": a ceremony.
        rank = 1, t = readout::v1::EVENT_TYPE_CEREMONY;
      } else if (l == "inspection" || l == "inspects" || l == "inspected" || l == "inspecting") {
        rank = 1, t = readout::v1::EVENT_TYPE_INSPECTION;
      } else if ((l == "meets" || l == "met") && BodyMeetsAlone(a_, k, first, last)) {
        // "Council meets", "the Monetary Policy Committee met on Monday":
        // a body meeting as a body holds a meeting, not talks.
        rank = 5, t = readout::v1::EVENT_TYPE_MEETING;
      } else if (l == "summit" && k + 1 < last && OneOf(toks_[k + 1].lower, {"meeting", "talks"}) &&
                 ((k + 2 < last && toks_[k + 2].lower == "with") || PairBefore(k))) {
        // "held a summit meeting with X", "Japan-Australia Summit
        // Meeting": two leaders' talks, not a conference.
        rank = 2, t = readout::v1::EVENT_TYPE_TALKS;
      } else if (l == "talks" || l == "meets" || l == "met" ||
                 (l == "call" && ((k + 1 < last && toks_[k + 1].lower == "with") ||
                                  (k > first && (toks_[k - 1].lower == "phone" ||
                                                 toks_[k - 1].lower == "telephone")))) ||
                 ((l == "spoke" || l == "talked" || l == "speaks") && k + 3 < last &&
                  (toks_[k + 1].lower == "with" || toks_[k + 2].lower == "with" ||
                   toks_[k + 3].lower == "with" ||
                   // Not "spoke to the council": an address to the sitting.
                   (toks_[k + 1].lower == "to" && !AudienceOfTheSitting(toks_, k + 2, last)))) ||
                 (l == "meeting" && k + 1 < last && toks_[k + 1].lower == "with") ||
                 (l == "meeting" && toks_[k].cap && PairOpens(k))) {
        rank = 2, t = readout::v1::EVENT_TYPE_TALKS;
      } else if (l == "visit" || l == "visits" || l == "visited") {
        rank = 3, t = readout::v1::EVENT_TYPE_VISIT;
      } else if ((l == "conference" || l == "forum") && MembersNamedAfter(k, last) &&
                 OtherGatheringIn(first, last, k)) {
        // "The Forum of Regional Governors held its quarterly meeting": a
        // body of office holders, which holds meetings; no gathering. With
        // no other gathering's noun ("The Conference of Ministers of
        // Health opened"), the name is the gathering.
        continue;
      } else if (l == "conference" || l == "forum" || l == "summit" || l == "seminar" ||
                 l == "symposium" || l == "expo" ||
                 ((l == "congress" || l == "convention") && !toks_[k].cap)) {
        // "at its congress in X": a party's congress of delegates (not
        // "the National People's Congress", a body).
        rank = 4, t = readout::v1::EVENT_TYPE_CONFERENCE;
      } else if (l == "meeting" || l == "session" || l == "plenary" || HearingAt(k, first, last)) {
        // A committee's hearing of witnesses is a sitting: "held a hearing",
        // "testified", "appeared before the committee".
        rank = 5, t = readout::v1::EVENT_TYPE_MEETING;
      } else if (OathAt(k, last)) {
        // "were sworn in", "swore in five judges", "took the oath".
        rank = 6, t = readout::v1::EVENT_TYPE_CEREMONY;
      } else if (l == "ceremony" ||
                 (IsHonourNoun(l) && k > first && AnyBestowing(std::max(first, k - 4), k))) {
        // "presented state awards to ten scientists": a ceremony.
        rank = 6, t = readout::v1::EVENT_TYPE_CEREMONY;
      } else if ((l == "signed" || l == "signs" || l == "signing") &&
                 AgreementSignedAt(toks_, k, first, last) && SignedBetweenParties(k, first, last)) {
        // "A and B signed a trade pact", "The accord was signed by A and B":
        // the signing of an agreement between parties is a ceremony (not
        // "signed a decree", nor "the mayor signed a contract", which one
        // person does alone).
        rank = 6, t = readout::v1::EVENT_TYPE_CEREMONY;
      } else if (IsElectionVerb(l) || l == "appoints" || l == "appointment" ||
                 l == "appointments") {
        rank = 7, t = readout::v1::EVENT_TYPE_OTHER;
      }
      if (rank < rank_best) {
        rank_best = rank;
        best = t;
        *kw = k;
      }
    }
    return best;
  }

  // Without a keyword, the lead's roles tell the kind of event: both sides
  // met ("discussed ... with", "was received by") is TALKS, someone
  // presiding ("led officials to inspect") or attending ("X and others
  // participated") a MEETING.
  EventType TypeFromLeadRoles() const {
    if (lead_ < 0) return readout::v1::EVENT_TYPE_UNSPECIFIED;
    for (const RoleInfo& r : d_.roles) {
      if (r.sentence < lead_ || r.sentence >= lead_ + 3) continue;
      if (r.role == v1::PARTICIPANT_ROLE_MET && !r.from_visit) {
        return readout::v1::EVENT_TYPE_TALKS;
      }
      if (r.role == v1::PARTICIPANT_ROLE_PRESIDED || r.role == v1::PARTICIPANT_ROLE_ATTENDED) {
        return readout::v1::EVENT_TYPE_MEETING;
      }
    }
    return readout::v1::EVENT_TYPE_UNSPECIFIED;
  }

  // "President X delivered a televised address to the nation": a speech
  // the lead reports is the event, given no other kind; its speaker SPOKE.
  bool SpeechInLead() const {
    for (const RoleInfo& r : d_.roles) {
      if (r.sentence == lead_ && r.role == v1::PARTICIPANT_ROLE_SPOKE) return true;
    }
    return false;
  }

  // A MET role (a side that met) in sentences [first, last).
  bool MetIn(int first, int last) const {
    for (const RoleInfo& r : d_.roles) {
      if (r.sentence >= first && r.sentence < last && r.role == v1::PARTICIPANT_ROLE_MET) {
        return true;
      }
    }
    return false;
  }

  bool PresidedIn(int s) const {
    for (const RoleInfo& r : d_.roles) {
      if (r.sentence == s && r.role == v1::PARTICIPANT_ROLE_PRESIDED) return true;
    }
    return false;
  }

  void ClassifyEvent() {
    int kw = -1;
    const auto& sents = a_.tt.sentences;
    if (BodyStart() > 0 && !sents.empty()) {
      type_ = TypeIn(sents[0].first, sents[0].last, &kw);
      if (type_ == readout::v1::EVENT_TYPE_UNSPECIFIED) {
        // "Xi stresses ...": a headline led by a person's reporting verb.
        const Sentence& h = sents[0];
        if (a_.mention_at_token[h.first] >= 0) {
          int k = a_.mentions[a_.mention_at_token[h.first]].last;
          if (k < h.last && !toks_[k].cap &&
              ((toks_[k].cls & kClsReporting) || (toks_[k].cls & kClsPhraseStart) ||
               toks_[k].lower == "urges" || toks_[k].lower == "stresses")) {
            type_ = readout::v1::EVENT_TYPE_STATEMENT;
          }
        }
      }
    }
    int lead_kw = -1;
    if (lead_ >= 0) {
      for (int s = lead_; s < static_cast<int>(sents.size()) && s < lead_ + 3; ++s) {
        EventType t = TypeIn(sents[s].first, sents[s].last, &lead_kw);
        // "had a working meeting with the board under the chairmanship of
        // X": a meeting someone chairs is no talks between two sides.
        if (t == readout::v1::EVENT_TYPE_TALKS && toks_[lead_kw].lower == "meeting" &&
            PresidedIn(s)) {
          t = readout::v1::EVENT_TYPE_MEETING;
        }
        if (t != readout::v1::EVENT_TYPE_UNSPECIFIED) {
          // "Board appoints new Chief Executive" over "The Board met on 12
          // March under the chairmanship of X": the meeting the lead
          // reports is the event, the appointment its outcome.
          const bool outcome =
              type_ == readout::v1::EVENT_TYPE_OTHER &&
              (t == readout::v1::EVENT_TYPE_MEETING || t == readout::v1::EVENT_TYPE_TALKS) &&
              s == lead_;
          // "Governor meets business leaders" over "Governor X chaired a
          // meeting with business leaders": the headline's bare "meets" is
          // the meeting someone chaired, not talks between two sides.
          const bool chaired = type_ == readout::v1::EVENT_TYPE_TALKS && kw >= 0 &&
                               OneOf(toks_[kw].lower, {"meets", "met"}) &&
                               t == readout::v1::EVENT_TYPE_MEETING && s == lead_ && PresidedIn(s);
          if (type_ == readout::v1::EVENT_TYPE_UNSPECIFIED || outcome || chaired) type_ = t;
          break;
        }
        lead_kw = -1;
      }
      // "Finance ministers of the G20 met in Rio. X chaired the two-day
      // meeting": talks no two named sides held, that someone chaired, are
      // a MEETING.
      if (type_ == readout::v1::EVENT_TYPE_TALKS && !MetIn(lead_, lead_ + 3)) {
        for (int s = lead_; s < static_cast<int>(sents.size()) && s < lead_ + 3; ++s) {
          if (PresidedIn(s)) {
            type_ = readout::v1::EVENT_TYPE_MEETING;
            break;
          }
        }
      }
      // "The Senate on Thursday elected X as rector. The session was
      // chaired by Y": an election or appointment made at a sitting
      // someone chaired is that meeting's outcome; the meeting is the event.
      if (type_ == readout::v1::EVENT_TYPE_OTHER) {
        for (int s = lead_; s < static_cast<int>(sents.size()) && s < lead_ + 3; ++s) {
          int skw = -1;
          if (TypeIn(sents[s].first, sents[s].last, &skw) == readout::v1::EVENT_TYPE_MEETING &&
              PresidedIn(s)) {
            type_ = readout::v1::EVENT_TYPE_MEETING;
            break;
          }
        }
      }
    }
    if (type_ == readout::v1::EVENT_TYPE_UNSPECIFIED) type_ = TypeFromLeadRoles();
    // "X spoke to Reuters on Thursday": words to the press, no gathering.
    if (type_ == readout::v1::EVENT_TYPE_UNSPECIFIED && press_sentence_ >= 0 &&
        (press_sentence_ == 0 || (press_sentence_ >= lead_ && press_sentence_ < lead_ + 3))) {
      type_ = readout::v1::EVENT_TYPE_STATEMENT;
    }
    if (type_ == readout::v1::EVENT_TYPE_UNSPECIFIED) {
      type_ = readout::v1::EVENT_TYPE_OTHER;
    }
    int k = lead_kw >= 0 ? lead_kw : kw;
    if (k >= 0) {
      int s = toks_[k].sentence;
      int first = k;
      while (
          first > a_.tt.sentences[s].first && first > k - 10 && toks_[first - 1].word &&
          toks_[first - 1].lower != "the" && a_.mention_at_token[first - 1] < 0 &&
          a_.pretitle_owner[first - 1] < 0 &&
          !OneOf(toks_[first - 1].lower, {"a", "an", "its", "their"}) &&
          (toks_[first - 1].cap || toks_[first - 1].has_digit || !IsEventWord(toks_[first - 1]))) {
        if (!toks_[first - 1].cap && !toks_[first - 1].has_digit &&
            (toks_[first - 1].lower == "was" || toks_[first - 1].lower == "held" ||
             (toks_[first - 1].cls & kClsReporting) || toks_[first - 1].lower == "and" ||
             toks_[first - 1].lower == "with" || toks_[first - 1].lower == "of" ||
             toks_[first - 1].lower == "at" || toks_[first - 1].lower == "on" ||
             toks_[first - 1].lower == "in")) {
          break;
        }
        --first;
      }
      name_first_ = first;
      name_last_ = k + 1;
      keyword_ = k;
      if (OneOf(toks_[k].lower, {"met", "meets"})) BodyAsName(k);
    }
  }

  // "The Monetary Policy Committee of the Central Bank of Ruritania met":
  // a body meeting as a body names the meeting, not the words before the
  // verb ("Ruritania met"). Also past an aside ("The Council, chaired by
  // X, met").
  void BodyAsName(int k) {
    const Sentence& s = a_.tt.sentences[toks_[k].sentence];
    if (!BodyMeetsAlone(a_, k, s.first, s.last)) return;
    int end = k;
    if (toks_[end - 1].lower == ",") {
      int q = end - 2;
      while (q > s.first && toks_[q].lower != ",") --q;
      if (toks_[q].lower != ",") return;
      end = q;
    }
    int f = end;
    while (f > s.first && f > end - 12) {
      const Token& t = toks_[f - 1];
      const bool joins = (t.lower == "of" ||
                          (t.lower == "the" && f - 2 >= s.first && toks_[f - 2].lower == "of")) &&
                         f < end && (toks_[f].cap || toks_[f].lower == "the");
      const bool body_word = t.word && t.lower != "the" && a_.mention_at_token[f - 1] < 0 &&
                             (t.cap || (t.cls & kClsOrgHead));
      if (!joins && !body_word) break;
      --f;
    }
    while (f < end && OneOf(toks_[f].lower, {"of", "the"})) ++f;
    if (f == end) return;
    name_first_ = f;
    name_last_ = end;
  }

  int LeadFirstToken() const {
    const Sentence& s = a_.tt.sentences[lead_];
    if (dateline_.found && dateline_.sentence == lead_) return dateline_.body_first;
    return s.first;
  }

  // The year of a text without a publication date: the one it names most
  // often (the latest on a tie), not counting targets ("by 2035").
  int FallbackYear() const {
    if (fallback_year_ < 0) fallback_year_ = CountFallbackYear();
    return fallback_year_;
  }

  int CountFallbackYear() const {
    if (published_.valid()) return published_.year;
    absl::flat_hash_map<int, int> counts;
    const int nt = static_cast<int>(toks_.size());
    const Token* const tokens = toks_.data();
    for (int k = 0; k < nt; ++k) {
      // A year is a word of four bytes with a digit: the others are skipped
      // in a tight loop.
      while (k < nt && !(tokens[k].has_digit && tokens[k].lower.size() == 4 && tokens[k].word)) ++k;
      if (k >= nt) break;
      const Token& t = toks_[k];
      const int y = YearNumber(t);  // Also a Buddhist-era year.
      if (y == 0) continue;
      if (k > 0) {
        absl::string_view p = toks_[k - 1].lower;
        if (p == "by" || p == "until" || p == "through" || p == "to" || p == "before" || p == "-") {
          continue;
        }
      }
      ++counts[y];
    }
    int best = 0, best_count = 0;
    for (const auto& [y, c] : counts) {
      if (c > best_count || (c == best_count && y > best)) {
        best = y;
        best_count = c;
      }
    }
    return best;
  }

  // The dateline's day, when it gives one.
  Ymd DatelineDate() const {
    if (!dateline_.found || dateline_.month == 0) return Ymd{};
    DateExpr e;
    e.date.year = dateline_.year;
    e.date.month = dateline_.month;
    e.date.day = dateline_.day;
    return ResolveDateExpr(e, published_, FallbackYear());
  }

  // The day relative dates ("on Tuesday") count from: the dateline's, else
  // the publication's.
  Ymd Anchor() const {
    Ymd d = DatelineDate();
    if (d.valid()) return d;
    // "PM call with President of Kenya: 3 March 2024" above "this
    // afternoon": the headline's full date, else the publication's.
    std::vector<DateExpr> exprs;
    if (const DateExpr* h = HeadlineDate(&exprs); h != nullptr) {
      d = ResolveDateExpr(*h, published_, h->date.year);
      if (d.valid()) return d;
    }
    return published_;
  }

  // The first month-day date, else the first weekday or relative day;
  // `vague` when the text only says "this week" or "recently". A day
  // something takes effect ("announced on Monday that X was appointed,
  // effective 1 April") is no day of the act when another date is there.
  static const DateExpr* ChooseDate(const std::vector<DateExpr>& exprs, bool* vague) {
    for (const DateExpr& e : exprs) {
      if (e.kind == DateExprKind::kMonthDay && !e.effective) return &e;
    }
    const DateExpr* chosen = nullptr;
    const DateExpr* effective = nullptr;
    for (const DateExpr& e : exprs) {
      if (e.kind == DateExprKind::kVague) *vague = true;
      if (e.kind == DateExprKind::kMonthDay) {
        if (effective == nullptr) effective = &e;
        continue;
      }
      if (e.kind != DateExprKind::kVague && chosen == nullptr) chosen = &e;
    }
    return chosen != nullptr ? chosen : effective;
  }

  // A full date (day, month and year) the headline writes, kept in `exprs`.
  const DateExpr* HeadlineDate(std::vector<DateExpr>* exprs) const {
    if (BodyStart() == 0 || a_.tt.sentences.empty()) return nullptr;
    const Sentence& h = a_.tt.sentences[0];
    *exprs = FindDateExprs(toks_, h.first, h.last);
    for (const DateExpr& e : *exprs) {
      if (e.kind == DateExprKind::kMonthDay && e.date.year > 0) return &e;
    }
    return nullptr;
  }

  void ResolveDate(readout::v1::Event* event) {
    if (lead_ < 0) return;
    const int fallback_year = FallbackYear();
    const Ymd dateline_date = DatelineDate();
    const Ymd anchor = Anchor();
    const Sentence& s = a_.tt.sentences[lead_];
    std::vector<DateExpr> exprs = FindDateExprs(toks_, LeadFirstToken(), s.last);
    bool vague = false;
    const DateExpr* chosen = ChooseDate(exprs, &vague);
    // A lead without a date takes the one its paragraph sets before it
    // ("The week opened on March 3. Governor X presided over ...") or the
    // next sentence of the paragraph gives.
    std::vector<DateExpr> around;
    if (chosen == nullptr && !vague) {
      const auto& sents = a_.tt.sentences;
      const int ns = static_cast<int>(sents.size());
      for (int q = lead_ - 1; q >= BodyStart() && q >= lead_ - 3; --q) {
        if (sents[q].paragraph != s.paragraph || sents[q].caption) break;
        around = FindDateExprs(toks_, sents[q].first, sents[q].last);
        chosen = ChooseDate(around, &vague);
        if (chosen != nullptr || vague) break;
      }
      if (chosen == nullptr && !vague && lead_ + 1 < ns &&
          sents[lead_ + 1].paragraph == s.paragraph) {
        around = FindDateExprs(toks_, sents[lead_ + 1].first, sents[lead_ + 1].last);
        chosen = ChooseDate(around, &vague);
        vague = false;
      }
    }
    Ymd date;
    uint32_t db = 0, de = 0;
    // The headline's dates, kept while `h` below points into them.
    std::vector<DateExpr> headline_exprs;
    if (chosen != nullptr) {
      date = ResolveDateExpr(*chosen, anchor, fallback_year);
      db = toks_[chosen->first].begin;
      de = toks_[chosen->last - 1].end;
    } else if (!vague && dateline_date.valid()) {
      date = dateline_date;
      db = toks_[dateline_.date_first].begin;
      de = toks_[dateline_.date_last - 1].end;
    } else if (const DateExpr* h = vague ? nullptr : HeadlineDate(&headline_exprs); h != nullptr) {
      // "PM call with President of Kenya: 3 March 2024": a readout's
      // headline dates the call its body does not.
      date = ResolveDateExpr(*h, anchor, fallback_year);
      db = toks_[h->first].begin;
      de = toks_[h->last - 1].end;
    } else if (!vague && published_.valid()) {
      date = published_;
    }
    if (!date.valid()) return;
    auto* d = event->mutable_date();
    d->set_year(date.year);
    d->set_month(date.month);
    d->set_day(date.day);
    if (de > db) SetSpan(event->mutable_date_span(), db, de);
  }

  void ResolveLocation(readout::v1::Event* event) {
    const bool to_come = MainEventToCome(a_, d_, lead_, keyword_);
    EventPlace p =
        ResolveEventPlace(a_, dateline_, lead_, LeadFirstToken(), kLeadSentences, to_come);
    if (p.found) SetLocation(event, p);
  }

  // The event's place: its name and the span of the words that give it.
  void SetLocation(readout::v1::Event* event, const EventPlace& p) const {
    auto* loc = event->mutable_location();
    loc->set_name(p.name);
    SetSpan(loc->add_mentions(), toks_[p.first].begin, toks_[p.last - 1].end);
  }

  // Adds `person` to `event` in `role`, with the span of its evidence:
  // once for each person and role (`seen` holds those added), and no one
  // without a name.
  void AddParticipant(readout::v1::Event* event, absl::flat_hash_set<std::pair<int, int>>* seen,
                      int person, v1::ParticipantRole role, const ByteSpan& span) const {
    if (person < 0 || a_.people[person].name.empty()) return;
    if (!seen->insert({person, static_cast<int>(role)}).second) return;
    auto* p = event->add_participants();
    p->set_person_name(a_.people[person].name);
    p->set_role(role);
    SetSpan(p->mutable_span(), span.begin, span.end);
  }

  void AddParticipants(readout::v1::Event* event, readout::v1::Extraction* out) {
    (void)out;
    absl::flat_hash_set<std::pair<int, int>> seen;
    auto add = [&](int person, v1::ParticipantRole role, const ByteSpan& span) {
      AddParticipant(event, &seen, person, role, span);
    };
    if (type_ == readout::v1::EVENT_TYPE_STATEMENT ||
        (type_ == readout::v1::EVENT_TYPE_OTHER && !SpeechInLead())) {
      return;
    }
    // "X chaired a meeting with business leaders" (under "X meets business
    // leaders"): in a meeting, who presides over it is not also a side
    // that met.
    std::vector<int> presided;
    if (type_ == readout::v1::EVENT_TYPE_MEETING) {
      for (size_t i = 0; i < d_.roles.size(); ++i) {
        const RoleInfo& r = d_.roles[i];
        if (split_.main_role[i] && r.role == v1::PARTICIPANT_ROLE_PRESIDED) {
          presided.push_back(r.person);
        }
      }
    }
    for (size_t i = 0; i < d_.roles.size(); ++i) {
      const RoleInfo& r = d_.roles[i];
      if (!split_.main_role[i]) continue;
      if (r.role == v1::PARTICIPANT_ROLE_MET &&
          std::find(presided.begin(), presided.end(), r.person) != presided.end()) {
        continue;
      }
      if (r.from_visit && type_ != readout::v1::EVENT_TYPE_VISIT) continue;
      // "Before the talks, X held a welcome ceremony for Y": Y's part in
      // the ceremony is none in the talks.
      if (r.from_ceremony && type_ == readout::v1::EVENT_TYPE_TALKS) continue;
      // "After the talks, A and B signed three agreements": a signing is
      // a part only in a signing ceremony.
      if (r.from_signing && type_ != readout::v1::EVENT_TYPE_CEREMONY) continue;
      if (type_ == readout::v1::EVENT_TYPE_TALKS &&
          (r.role == v1::PARTICIPANT_ROLE_PRESIDED || r.role == v1::PARTICIPANT_ROLE_SPOKE)) {
        continue;
      }
      add(r.person, r.role, r.span);
    }
    // A series of meetings gathers everyone met in it.
    if (split_.series) {
      for (const OtherEvent& other : split_.others) AddMet(other.counterparts, add);
    }
    if (type_ == readout::v1::EVENT_TYPE_CONFERENCE) {
      for (const StatementInfo& st : d_.statements) {
        if (a_.tt.sentences[st.sentence].caption || SaidElsewhere(st)) continue;
        add(st.speaker, v1::PARTICIPANT_ROLE_SPOKE, st.verb);
      }
    }
  }

  // The statement sets what it reports away from the sitting: "said in a
  // statement", "in a letter to the forum", "told reporters", "in an
  // interview with Nordic Radio". Such words give their speaker no part
  // in a conference, unless they also set them at a gathering ("told
  // reporters at the press conference"). Only the verb and its setting
  // count: another clause's "a view X shared in a statement", or a
  // phrase about the speaker ("in her first post as a delegate"), sets
  // nothing of these words.
  bool SaidElsewhere(const StatementInfo& st) const {
    const auto& sent = a_.tt.sentences[st.sentence];
    bool elsewhere = false;
    for (int k = sent.first; k < sent.last; ++k) {
      if (toks_[k].begin < st.setting.begin) continue;
      if (toks_[k].end > st.setting.end) break;
      const absl::string_view l = toks_[k].lower;
      if (!toks_[k].word || toks_[k].cap) continue;
      if (l == "at" || l == "during") {
        for (int q = k + 1; q < sent.last && q <= k + 4 && toks_[q].word; ++q) {
          if (AudienceOfTheSitting(toks_, q, sent.last)) return false;
        }
      }
      if (OneOf(l, {"spoke", "speaks", "talked", "told", "tells", "interview"}) &&
          WordsToThePress(a_, k, sent.last)) {
        elsewhere = true;
      }
      if (l == "in") {
        for (int q = k + 1; q < sent.last && q <= k + 4 && toks_[q].word; ++q) {
          if (toks_[q].lower == "that" || IsClauseVerb(v_, toks_[q].lower)) break;
          if (OneOf(toks_[q].lower, {"statement", "letter", "message", "interview", "article",
                                     "video", "tweet", "communique", "op-ed"})) {
            elsewhere = true;
            break;
          }
        }
      }
    }
    return elsewhere;
  }

  // Each person as MET, at their first mention.
  template <typename Add>
  void AddMet(const std::vector<int>& people, const Add& add) const {
    for (int p : people) {
      const PersonInfo& info = a_.people[p];
      if (!info.mentions.empty()) add(p, v1::PARTICIPANT_ROLE_MET, info.mentions.front());
    }
  }

  // One event per other meeting, after the main one: its participants, and
  // the date and place its sentences give (else the main event's).
  void AddOtherEvents(readout::v1::Extraction* out) {
    const auto& sents = a_.tt.sentences;
    if (split_.others.empty()) return;
    // Copied once: add_events() may move the main event.
    const google::type::Date main_date = out->events(0).date();
    const bool main_dated = out->events(0).has_date();
    const readout::v1::Place main_location = out->events(0).location();
    const bool main_located = out->events(0).has_location();
    const Ymd anchor = Anchor();
    for (const OtherEvent& other : split_.others) {
      auto* event = out->add_events();
      event->set_type(readout::v1::EVENT_TYPE_TALKS);
      const Sentence& first = sents[other.sentences.front()];
      SetSpan(event->mutable_span(), toks_[first.first].begin, toks_[first.last - 1].end);
      // Its own clause first, then its sentences.
      std::vector<std::pair<int, int>> ranges;
      if (other.clause_last > other.clause_first) {
        ranges.emplace_back(other.clause_first, other.clause_last);
      }
      for (int s : other.sentences) ranges.emplace_back(sents[s].first, sents[s].last);
      bool dated = false;
      for (const auto& [first_token, last_token] : ranges) {
        std::vector<DateExpr> exprs = FindDateExprs(toks_, first_token, last_token);
        bool vague = false;
        const DateExpr* e = ChooseDate(exprs, &vague);
        if (e == nullptr) continue;
        // "The previous day, Zhang met ...": counted from the main event.
        const bool relative = e->kind == DateExprKind::kDayBefore ||
                              e->kind == DateExprKind::kSameDay ||
                              e->kind == DateExprKind::kDayAfter;
        const Ymd from = relative && main_dated
                             ? Ymd{main_date.year(), main_date.month(), main_date.day()}
                             : anchor;
        Ymd date = ResolveDateExpr(*e, from, FallbackYear());
        if (!date.valid()) continue;
        auto* d = event->mutable_date();
        d->set_year(date.year);
        d->set_month(date.month);
        d->set_day(date.day);
        SetSpan(event->mutable_date_span(), toks_[e->first].begin, toks_[e->last - 1].end);
        dated = true;
        break;
      }
      if (!dated && main_dated) *event->mutable_date() = main_date;
      EventPlace place;
      for (const auto& [first_token, last_token] : ranges) {
        place = PlaceOfClause(a_, first_token, last_token);
        if (place.found) break;
      }
      if (place.found) {
        SetLocation(event, place);
      } else if (main_located) {
        *event->mutable_location() = main_location;
      }
      absl::flat_hash_set<std::pair<int, int>> seen;
      auto add = [&](int person, v1::ParticipantRole role, const ByteSpan& span) {
        AddParticipant(event, &seen, person, role, span);
      };
      AddMet(other.hosts, add);
      AddMet(other.counterparts, add);
      for (int i : other.roles) {
        const RoleInfo& r = d_.roles[i];
        if (r.from_visit) continue;
        add(r.person, r.role, r.span);
      }
    }
  }

  const Analysis& a_;
  const Discourse& d_;
  const Vocabulary& v_;
  const std::vector<Token>& toks_;
  Ymd published_;
  Dateline dateline_;
  int lead_ = -1;
  mutable int fallback_year_ = -1;  // Computed on first use (one pass).
  EventSplit split_;
  EventType type_ = readout::v1::EVENT_TYPE_UNSPECIFIED;
  int name_first_ = 0, name_last_ = 0;
  int keyword_ = -1;  // The token of the event's keyword, -1 for none.
  // The last sentence TypeIn found words to the press in, -1 for none.
  mutable int press_sentence_ = -1;
};

}  // namespace

void ExtractEvents(const Analysis& analysis, const Discourse& discourse, const Ymd& published,
                   readout::v1::Extraction* out) {
  EventBuilder(analysis, discourse, published).Build(out);
}

}  // namespace readout::extractor::internal
