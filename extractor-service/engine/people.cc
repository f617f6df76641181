// Name detection, person merging and titles. All scans are bounded by small
// token windows, so the pass is linear in the text size.
#include "extractor-service/engine/people.h"

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "extractor-service/engine/places.h"

namespace readout::extractor::internal {
namespace {

constexpr int kMaxTitleTokens = 45;
constexpr uint16_t kNameClasses = kClsGivenName | kClsSurname | kClsLongSurname;
constexpr int kMaxTitlesPerPerson = 16;

// Name words that are also stop words ("Jun", "May", "An"): names only
// straight after a family or given name, never before a number ("Li Jun",
// "Theresa May", not "Jun 5").
bool IsStopWordGivenName(absl::string_view lower) {
  return IsMonthShortFormAlsoName(lower) || OneOf(lower, {"may", "an", "long", "ping"});
}

// Verbs of leaving a post ("resigned", "stepped down", "quit").
bool IsLeavingPostVerb(absl::string_view lower) {
  return OneOf(lower, {"resigned", "resigns", "resign", "resigning", "retired", "retires", "retire",
                       "retiring", "quit", "quits", "stepped", "steps", "step", "stepping", "left",
                       "leaves", "removed", "dismissed", "ousted"});
}

// A Roman numeral from 1 to 39 written the standard way ("iv", "xiv",
// "xxxix"; not "iiv", "vv" or "ic"): tens, then the units.
bool IsRegnalNumeral(absl::string_view lower) {
  static constexpr absl::string_view kUnits[] = {"",  "i",  "ii",  "iii",  "iv",
                                                 "v", "vi", "vii", "viii", "ix"};
  size_t tens = 0;
  while (tens < lower.size() && tens < 3 && lower[tens] == 'x') ++tens;
  const absl::string_view rest = lower.substr(tens);
  for (absl::string_view units : kUnits) {
    if (rest == units) return tens + rest.size() > 0;
  }
  return false;
}

// Generation suffixes and regnal numerals kept as part of the name as
// written ("John Carter, Jr.", "Margaret II", "Leo XIV").
bool IsNameSuffix(absl::string_view lower) {
  return lower == "jr" || lower == "sr" || IsRegnalNumeral(lower);
}

bool IsParticle(const Token& t) {
  static const auto* const kParticles =
      new absl::flat_hash_set<std::string>{"von", "van", "der", "den", "de", "da", "dos", "bin",
                                           "ibn", "al",  "el",  "la",  "di", "du", "ter"};
  return t.word && !t.cap && kParticles->contains(t.lower);
}

bool IsPreposition(absl::string_view lower) {
  return OneOf(lower, {"of", "for", "at", "in", "to", "on", "with", "under"});
}

bool IsArticleLike(absl::string_view lower) {
  return OneOf(lower, {"a", "an", "the", "also", "now", "currently", "and"});
}

bool IsQuoteOrStop(absl::string_view lower) {
  return OneOf(lower, {"\"", "\xE2\x80\x9C", "\xE2\x80\x9D", ";", ":", "--", ".", "?", "!",
                       "\xE2\x80\x94", "[", "]"});
}

// Heads are looked up without a possessive or a trailing period.
bool HeadWord(const Vocabulary& v, const Token& t) { return t.word && (t.cls & kClsHead); }

class PeopleFinder {
 public:
  explicit PeopleFinder(Analysis* a) : a_(*a), v_(*a->vocab), toks_(a->tt.tokens) {}

  void Run() {
    const int nt = static_cast<int>(toks_.size());
    a_.mention_at_token.assign(nt, -1);
    a_.pretitle_owner.assign(nt, -1);
    a_.title_token.assign(nt, 0);
    CollectRuns();
    AcceptRuns();
    if (a_.people_exceeded) return;
    AddPlaceWordSurnames();
    BuildMentions();
    FindTitles();
    for (PersonInfo& p : a_.people) DedupeTitles(&p);
  }

 private:
  struct NameRun {
    int first, last;
    bool accepted = false;
  };

  const Token& T(int k) const { return toks_[k]; }
  int SentenceEnd(int k) const { return a_.tt.sentences[toks_[k].sentence].last; }
  int SentenceStart(int k) const { return a_.tt.sentences[toks_[k].sentence].first; }

  bool HyphenPartsOk(absl::string_view lower) const {
    if (lower.find('-') == absl::string_view::npos) return true;
    for (absl::string_view part : absl::StrSplit(lower, '-')) {
      if (v_.non_name.contains(part)) return false;
    }
    return true;
  }

  bool MiddleInitials(int k) const {
    const Token& t = toks_[k];
    const size_t len = t.end - t.begin;
    if (len != 4 && len != 6) return false;
    for (size_t i = 0; i < len; i += 2) {
      if (!absl::ascii_isupper(static_cast<unsigned char>(a_.text[t.begin + i])) ||
          a_.text[t.begin + i + 1] != '.') {
        return false;
      }
    }
    const int nt = static_cast<int>(toks_.size());
    if (k == 0 || k + 1 >= nt || !IsNameShaped(toks_[k - 1]) || toks_[k - 1].end + 1 != t.begin ||
        !IsNameShaped(toks_[k + 1]) || toks_[k + 1].begin != t.end + 1 ||
        toks_[k + 1].sentence != t.sentence) {
      return false;
    }
    return !v_.places.contains(absl::StrReplaceAll(t.lower, {{".", ""}})) &&
           !v_.places.contains(t.lower);
  }

  bool BasicNameToken(int k) const {
    const Token& t = toks_[k];
    // "Retno L.P. Marsudi", "Ana J.K. Lind": two or three initials written
    // together between name words (not "U.S.", a place).
    if (!t.skip && t.all_caps && MiddleInitials(k)) return true;
    if (t.skip || !IsNameShaped(t)) return false;
    // A middle initial ("A.", "I.") is a name word even where the letter
    // alone is a stop word.
    if (t.end == t.begin + 2 && a_.text[t.begin + 1] == '.' && k > 0 &&
        IsNameShaped(toks_[k - 1]) && toks_[k - 1].end + 1 == t.begin) {
      return true;
    }
    if (t.lower == "he") return false;  // Handled by IsNameToken.
    // Title words ("Chancellor", "Governor") never belong to a name.
    if (t.cls & (kClsNonName | kClsHead)) return false;
    return HyphenPartsOk(t.lower);
  }

  bool IsNameToken(int k, int run_first) const {
    const Token& t = toks_[k];
    // Every case below needs a capital first letter or capital initials:
    // most tokens leave here.
    if (!t.cap && !t.all_caps) return false;
    if (t.lower == "he" && t.cap && !t.skip) {
      // "Liu He" (after a surname) or "He Lifeng" (before a name word).
      if (k > run_first && (toks_[k - 1].cls & kClsSurname)) return true;
      if (k == run_first && k + 1 < static_cast<int>(toks_.size()) &&
          toks_[k + 1].sentence == t.sentence && BasicNameToken(k + 1) &&
          toks_[k + 1].begin == t.end + 1) {
        return true;
      }
      return false;
    }
    // Month words that are also given names ("Jan Dvorak", "June Tan")
    // open a name when another name word follows directly, which a date
    // ("Jan. 5", "June 18") never has.
    if (k == run_first && !t.skip && t.cap && t.end == t.begin + t.lower.size() &&
        (t.lower == "jan" || t.lower == "june" || t.lower == "april" || t.lower == "august") &&
        k + 1 < static_cast<int>(toks_.size()) && toks_[k + 1].sentence == t.sentence &&
        toks_[k + 1].begin == t.end + 1 && BasicNameToken(k + 1)) {
      return true;
    }
    // "Per Olav Rud" (a Nordic given name that is the preposition "per"):
    // capitalized after a lowercase word, or before a known given name,
    // and followed directly by a name word ("per capita" is lowercase).
    if (k == run_first && !t.skip && t.cap && !t.all_caps && t.lower == "per" &&
        k + 1 < static_cast<int>(toks_.size()) && toks_[k + 1].sentence == t.sentence &&
        toks_[k + 1].begin == t.end + 1 && BasicNameToken(k + 1) &&
        !OneOf(toks_[k + 1].lower, {"capita", "cent", "annum", "diem", "se"}) &&
        ((toks_[k + 1].cls & kClsGivenName) ||
         (k > 0 && toks_[k - 1].sentence == t.sentence &&
          (toks_[k - 1].lower == "," || (toks_[k - 1].word && !toks_[k - 1].cap))) ||
         PerOpensAName(k))) {
      return true;
    }
    // "Mr. PD Mundhra": capital initials after a form of address.
    if (k == run_first && k > 0 && t.all_caps && t.lower.size() <= 3 && !t.skip &&
        IsHonorific(toks_[k - 1].lower) && k + 1 < static_cast<int>(toks_.size()) &&
        toks_[k + 1].begin == t.end + 1 && BasicNameToken(k + 1)) {
      return true;
    }
    // "Liu Jun", "Che Jun": after a family name opening the run; "Theresa
    // May": after a given name.
    if (k == run_first + 1 &&
        (toks_[run_first].cls & (kClsSurname | kClsLongSurname | kClsGivenName)) && !t.skip &&
        t.cap && t.end == t.begin + t.lower.size() && IsStopWordGivenName(t.lower) &&
        (k + 1 >= static_cast<int>(toks_.size()) || !toks_[k + 1].has_digit)) {
      return true;
    }
    if (BasicNameToken(k)) return true;
    if (PlaceWordAsFamilyName(k, run_first)) return true;
    if (k == run_first && TitledPlaceWord(k)) return true;
    // "Linda Park", "Grace Park": a family name that is also a word
    // ("park") after a known given name.
    if (k == run_first + 1 && (toks_[run_first].cls & kClsGivenName) && (t.cls & kClsLongSurname) &&
        t.cap && !t.skip && !t.all_caps) {
      return true;
    }
    // "Kim Min-jun": a hyphenated given name after a family name, also when
    // a part of it is a stop word elsewhere.
    if (k == run_first + 1 && (toks_[run_first].cls & (kClsSurname | kClsLongSurname)) &&
        HyphenatedGivenName(k)) {
      return true;
    }
    if (k == run_first && (t.cls & kClsNonName) && ShapeOpensName(k)) return true;
    // "Park Soo-duk": a family name that is also a word ("park"), before a
    // hyphenated given name.
    if (k == run_first && (t.cls & kClsLongSurname) && !t.skip && t.cap &&
        k + 1 < static_cast<int>(toks_.size()) && toks_[k + 1].begin == t.end + 1 &&
        toks_[k + 1].sentence == t.sentence && HyphenatedGivenName(k + 1)) {
      return true;
    }
    // "Inga Rhonda King": the head "King" (as in "King Harald V") ends a
    // name it follows.
    return k > run_first && t.lower == "king" && !t.skip;
  }

  // "Defence Minister Adam Jordan", "Beatriz Lima testified": a single-word
  // place of the gazetteer ends a name when the run opens with a known
  // given name, with a name word right after a title or a form of address,
  // or when the pair reports (a reporting verb follows). The place reading keeps the words that
  // give it its cues ("in Jordan", "from Chad", "the Georgia delegation"): none of them open a name
  // run.
  bool PlaceWordAsFamilyName(int k, int run_first) const {
    const Token& t = toks_[k];
    if (k <= run_first || t.skip || !t.cap || t.all_caps || t.has_digit ||
        t.end != t.begin + t.lower.size() ||
        (t.cls & (kClsHead | kClsModifier | kClsOrgHead | kClsPhraseStart)) ||
        !v_.places.contains(t.lower) || t.lower.find(' ') != absl::string_view::npos) {
      return false;
    }
    // The words of the run before it are name words, none of them a place
    // ("Victoria Georgia", "Kuala Lumpur" stay places).
    for (int q = run_first; q < k; ++q) {
      if (toks_[q].cls & (kClsPlaceStart | kClsNonName)) return false;
    }
    if (t.sentence < a_.body_first_sentence) return false;  // Title-case headline.
    if (toks_[run_first].cls & kClsGivenName) return true;
    // "Carla Lima said", "Ines Lima testified": the pair is the subject of a
    // reporting verb.
    const int nt = static_cast<int>(toks_.size());
    if (k + 1 < nt && toks_[k + 1].sentence == t.sentence && toks_[k + 1].word &&
        !toks_[k + 1].cap && (toks_[k + 1].cls & kClsReporting)) {
      return true;
    }
    if (run_first == 0 || toks_[run_first - 1].sentence != t.sentence) return false;
    // "union president Ines Lima", "Senator Paul Chad", "Mrs. Ana Chad".
    const Token& p = toks_[run_first - 1];
    return HeadWord(v_, p) || IsHonorific(p.lower);
  }

  // "Ambassador Lima said", "Governor Paris met", "Mr. Chad": a single-word
  // place of the gazetteer standing alone right after a capitalized title
  // head or a form of address is the family name the title is given with.
  // A place there would take a preposition ("Ambassador to Lima"); a word
  // of more after it ("Lima Declaration") leaves it a place.
  bool TitledPlaceWord(int k) const {
    const Token& t = toks_[k];
    const int nt = static_cast<int>(toks_.size());
    if (k == 0 || t.skip || !t.cap || t.all_caps || t.has_digit ||
        t.end != t.begin + t.lower.size() ||
        (t.cls & (kClsHead | kClsModifier | kClsOrgHead | kClsPhraseStart)) ||
        !v_.places.contains(t.lower) || t.sentence < a_.body_first_sentence ||
        MonthNumber(t.lower) != 0 || WeekdayNumber(t.lower) >= 0) {
      return false;
    }
    const Token& p = toks_[k - 1];
    if (p.sentence != t.sentence || !((HeadWord(v_, p) && p.cap) || IsHonorific(p.lower))) {
      return false;
    }
    // "Minister Jordan Hale" reads through ShapeOpensName; here the run is
    // the single word.
    if (k + 1 < nt && toks_[k + 1].sentence == t.sentence && toks_[k + 1].cap &&
        toks_[k + 1].word) {
      return false;
    }
    return true;
  }

  // "Per Olav Rud said", "Per Aasen told": at a sentence's start "Per"
  // opens a name when a second name word follows the first ("Per Olav
  // Rud"), or a lowercase word does; the preposition opens a phrase
  // closed by a comma or a number ("Per Reuters, ...", "Per Article 5").
  bool PerOpensAName(int k) const {
    const int nt = static_cast<int>(toks_.size());
    if (k + 2 >= nt || toks_[k + 2].sentence != toks_[k].sentence) return false;
    const Token& n = toks_[k + 2];
    if (n.begin == toks_[k + 1].end + 1 && BasicNameToken(k + 2)) return true;
    return n.word && !n.cap && !n.has_digit;
  }

  // "Minister Will Fraser", "Governor Per Berg", "The Prime Minister,
  // Sofia Lind,", "Jordan Hale met with": a capitalized word that is a stop
  // word or a place elsewhere opens a name, directly followed by a name
  // word, where the sentence's shape makes the pair a person: after a title
  // head or a form of address, in a comma appositive right after a title,
  // or as the subject of "met". Never in the headline (title case), never a
  // month or weekday (read by the date rules).
  bool ShapeOpensName(int k) const {
    const Token& t = toks_[k];
    const int nt = static_cast<int>(toks_.size());
    // Cheap tests first: most capitalized stop words and places ("The",
    // "In", "China") are not followed directly by a name word.
    if (k + 1 >= nt || !toks_[k + 1].cap || toks_[k + 1].begin != t.end + 1 || t.skip ||
        t.all_caps || toks_[k + 1].sentence != t.sentence ||
        (toks_[k + 1].cls & (kClsNonName | kClsHead | kClsOrgHead)) ||
        (t.cls & (kClsHead | kClsModifier | kClsOrgHead)) || t.end != t.begin + t.lower.size() ||
        t.sentence < a_.body_first_sentence) {
      return false;
    }
    bool shape = false;
    if (k > SentenceStart(k)) {
      const Token& p = toks_[k - 1];
      // "Directors Per Aasen, ...": a capitalized plural title too.
      shape = (HeadWord(v_, p) && p.cap) || (p.cap && IsPluralHead(p)) || IsHonorific(p.lower) ||
              (p.lower == "," && k >= 2 && HeadWord(v_, toks_[k - 2]) && toks_[k - 2].cap);
    }
    if (!shape) {
      const int v = k + 2;
      shape = v < nt && toks_[v].sentence == t.sentence && toks_[v].word && !toks_[v].cap &&
              (toks_[v].lower == "met" || toks_[v].lower == "meets");
    }
    return shape && BasicNameToken(k + 1) && MonthNumber(t.lower) == 0 &&
           WeekdayNumber(t.lower) < 0 && !IsHonorific(t.lower);
  }

  void CollectRuns() {
    const int nt = static_cast<int>(toks_.size());
    int k = 0;
    // A run starts at a capitalized word (IsNameToken).
    while ((k = NextCapitalWord(a_.tt, k)) < nt) {
      // "Tan Sri Ahmad Zaki", "Puan Sri X": a style of two words (the first
      // may be a family name) is a form of address.
      if (k + 2 < nt && toks_[k + 1].cap && toks_[k + 2].cap &&
          IsTwoWordStyle(toks_[k].lower, toks_[k + 1].lower)) {
        k += 2;
        continue;
      }
      // "Directors Tom Reed and Ana Lind": a plural head opens no name.
      if (!IsNameToken(k, k) || (toks_[k].lower.back() == 's' && IsPluralHead(toks_[k]))) {
        ++k;
        continue;
      }
      int b = k;
      int e = k + 1;
      while (e < nt && toks_[e].sentence == toks_[b].sentence &&
             toks_[e].begin == toks_[e - 1].end + 1) {
        // "Senior Advisers Tom Reed": a plural head ends the run too.
        if (toks_[e].lower.back() == 's' && IsPluralHead(toks_[e])) break;
        if (IsNameToken(e, b)) {
          ++e;
          continue;
        }
        // "Ursula von der Leyen", "Mohammed bin Salman".
        int q = e;
        while (q < nt && q < e + 2 && IsParticle(toks_[q])) ++q;
        if (q > e && q < nt && toks_[q].sentence == toks_[b].sentence && IsNameToken(q, b)) {
          e = q + 1;
          continue;
        }
        break;
      }
      // "Kang, Kyung-wha": a family name, a comma, a hyphenated given name
      // ending the name.
      if (e == b + 1 && (toks_[b].cls & kClsLongSurname) && e + 1 < nt && toks_[e].lower == "," &&
          HyphenatedGivenName(e + 1) &&
          (e + 2 >= nt || !IsNameToken(e + 2, b) || toks_[e + 2].begin != toks_[e + 1].end + 1)) {
        e += 2;
        comma_names_.insert(b);
      }
      // "John Carter, Jr.", "Margaret II".
      if (e < nt && IsNameSuffix(toks_[e].lower) && toks_[e].cap &&
          toks_[e].begin == toks_[e - 1].end + 1) {
        ++e;
        // "Carl XVI Gustaf": a name word after the regnal numeral.
        if (toks_[e - 1].lower != "jr" && toks_[e - 1].lower != "sr" && e < nt &&
            toks_[e].sentence == toks_[b].sentence && toks_[e].begin == toks_[e - 1].end + 1 &&
            IsNameToken(e, b)) {
          ++e;
        }
      } else if (e + 1 < nt && toks_[e].lower == "," && OneOf(toks_[e + 1].lower, {"jr", "sr"}) &&
                 toks_[e + 1].cap) {
        e += 2;
      }
      runs_.push_back({b, e});
      k = e;
    }
  }

  // "Kyung-wha": a capitalized word joined by a hyphen to a lowercase one.
  bool HyphenatedGivenName(int k) const {
    const Token& t = toks_[k];
    if (t.skip || !IsNameShaped(t) || (t.cls & (kClsNonName | kClsHead))) return false;
    const size_t dash = t.lower.find('-');
    if (dash == absl::string_view::npos || dash + 1 >= t.lower.size()) return false;
    const char after = a_.text[t.begin + dash + 1];
    return absl::ascii_islower(static_cast<unsigned char>(after));
  }

  // "at Villa Rosa", "in Bellevue Palace": after "at" or "in", a run is a
  // place unless it opens with a known given or family name.
  bool VenueRun(const NameRun& r) const {
    if (r.first == 0 || (toks_[r.first].cls & kNameClasses)) return false;
    int q = r.first - 1;
    // "in the Blue House".
    if (toks_[q].lower == "the" && q > 0) --q;
    const absl::string_view p = toks_[q].lower;
    return (p == "at" || p == "in") && !TakesOathAt(r.first);
  }

  // "swore in Ama Osei", "administered the oath of office to Ama Osei":
  // the run at b takes an oath, so it names a person.
  bool TakesOathAt(int b) const {
    if (b < 2 || toks_[b - 1].sentence != toks_[b].sentence || toks_[b - 1].cap) return false;
    const absl::string_view p = toks_[b - 1].lower;
    const absl::string_view pp = toks_[b - 2].lower;
    return (p == "in" && OneOf(pp, {"swore", "swears", "swear"})) ||
           (p == "to" && OneOf(pp, {"oath", "oaths", "office"}));
  }

  // "Park Soo-duk", "Chey Tae-won": a short capitalized family name and a
  // hyphenated given name of two short syllables ("Soo-duk", the second in
  // lowercase) make a name by their shape alone, listed or not.
  bool FamilyAndHyphenatedGivenName(const NameRun& r) const {
    if (r.last - r.first != 2) return false;
    const Token& fam = toks_[r.first];
    const Token& given = toks_[r.first + 1];
    if (!IsNameShaped(fam) || fam.lower.size() < 2 || fam.lower.size() > 5 ||
        ((fam.cls & (kClsNonName | kClsHead | kClsModifier | kClsOrgHead)) &&
         !(fam.cls & kClsLongSurname)) ||
        !HyphenatedGivenName(r.first + 1)) {
      return false;
    }
    const size_t dash = given.lower.find('-');
    const size_t second = given.lower.size() - dash - 1;
    return dash >= 2 && dash <= 5 && second >= 2 && second <= 5 &&
           given.lower.find('-', dash + 1) == absl::string_view::npos;
  }

  // A line holding only a name right under the headline is the author's.
  bool IsBylineRun(const NameRun& r) const {
    const auto& sents = a_.tt.sentences;
    const int s = toks_[r.first].sentence;
    if (a_.body_first_sentence == 0 || s != a_.body_first_sentence) return false;
    if (sents[s].first != r.first || sents[s].last != r.last) return false;
    if (s + 1 < static_cast<int>(sents.size()) && sents[s + 1].paragraph == sents[s].paragraph) {
      return false;
    }
    return r.last - r.first <= 3;
  }

  // "Friendship Parliamentary Alliance": a run ending in an organization's
  // head word that is no name word names the organization.
  bool EndsWithOrgHead(const NameRun& r) const {
    const Token& t = toks_[r.last - 1];
    return (t.cls & kClsOrgHead) && !(t.cls & kNameClasses);
  }

  bool FollowedByOrg(int e) const {
    if (e >= static_cast<int>(toks_.size())) return false;
    const Token& t = toks_[e];
    if (t.lower == "&") return true;
    // "Vestby Kraft ASA", "Haldor Marine AS", "Fjord Bygg AB", "Acme plc":
    // a company's legal form.
    if (t.word && (t.all_caps || t.lower == "plc") && t.begin == toks_[e - 1].end + 1 &&
        OneOf(t.lower, {"as", "asa", "ab", "ag", "sa", "nv", "bv", "oy", "oyj", "plc", "gmbh",
                        "spa", "srl", "llc", "bhd", "pte", "kk", "a/s"})) {
      return true;
    }
    return t.word && t.cap && (t.cls & kClsOrgHead);
  }

  // "Lam Son Province", "Halden County", "Vik Municipality": a run before
  // the capitalized kind of a place names the place (the first word may be
  // a family name: "Lam").
  bool FollowedByPlaceKind(int e) const {
    if (e >= static_cast<int>(toks_.size()) || !toks_[e].cap || !toks_[e].word ||
        toks_[e].begin != toks_[e - 1].end + 1) {
      return false;
    }
    return OneOf(toks_[e].lower,
                 {"province", "county", "district", "prefecture", "municipality", "township",
                  "region", "oblast", "governorate", "canton", "commune", "parish", "borough"});
  }

  bool AppositiveHasHead(int k) const {
    const int end = std::min(SentenceEnd(k), k + 9);
    for (int m = k; m < end; ++m) {
      const Token& t = toks_[m];
      if (IsPreposition(t.lower) || t.lower == ",") return false;
      if (a_.mention_at_token[m] >= 0) return false;
      // ", met Mayor X": the run's own verb, not an appositive ("who
      // served as Consul" still is one).
      if (t.word && !t.cap && IsClauseVerb(v_, t.lower) && t.lower != "who" && t.lower != "which" &&
          t.lower != "that" && !NounAfterDeterminer(m)) {
        return false;
      }
      if (HeadWord(v_, t) || IsPluralHead(t)) return true;
    }
    return false;
  }

  // "a state secretary", "the former state prosecutor": a verb's base
  // form ("state", "report") right after an article or a title modifier
  // and right before a head or another word is a noun of the phrase, no
  // verb.
  bool NounAfterDeterminer(int k) const {
    const int nt = static_cast<int>(toks_.size());
    if (k == 0 || k + 1 >= nt || !toks_[k + 1].word) return false;
    const absl::string_view l = toks_[k].lower;
    if (absl::EndsWith(l, "ed") || absl::EndsWith(l, "s") || absl::EndsWith(l, "ing")) {
      return false;
    }
    const Token& p = toks_[k - 1];
    return OneOf(p.lower, {"a", "an", "the"}) || (p.word && (p.cls & kClsModifier));
  }

  bool IsEvidenceVerb(absl::string_view l) const {
    static const auto* const kVerbs = new absl::flat_hash_set<std::string>{
        "presided", "presides",  "attended",  "attends",  "met",       "meets",
        "chaired",  "chairs",    "addressed", "visited",  "visits",    "inspected",
        "hosted",   "commented", "delivered", "succeeds", "announced", "joined",
        "led",      "received",  "welcomed",  "spoke",    "replace",   "replaces",
        "become",   "becomes",   "remain",    "succeed",  "questioned"};
    return kVerbs->contains(l) || IsLeavingPostVerb(l) || IsVoteVerb(l) || IsElectionVerb(l) ||
           v_.reporting_verbs.contains(l) || v_.reporting_phrases.contains(l);
  }

  // A lowercase head or a plural head ("heads", "directors") ends right
  // before the name, possibly with "of <word>" or a colon in between.
  bool PluralHeadBefore(int b) const {
    int q = b - 1;
    if (q >= 0 && toks_[q].lower == ":") --q;
    if (q < 0 || toks_[q].sentence != toks_[b].sentence) return false;
    auto lower_head = [&](const Token& t) {
      return t.word && !t.cap && ((t.cls & kClsHead) || IsPluralHead(t));
    };
    if (lower_head(toks_[q])) return true;
    // "heads of government Ana Lind".
    return q >= 2 && toks_[q].word && !toks_[q].cap && toks_[q - 1].lower == "of" &&
           IsPluralHead(toks_[q - 2]) && !toks_[q - 2].cap;
  }

  // "The delegation head, X,", "the head of the delegation, X,": a
  // lowercase head that ends or opens a noun phrase introduced by an article
  // or a possessive names a post as much as a capitalized one. Returns the
  // first word after the article (lowercase nouns before the head, at most
  // three), else -1. Only the words of a noun phrase may stand between the
  // article and the head: no verb, no punctuation.
  int ArticleNounPhraseStart(int head) const {
    for (int q = head - 1; q >= 0 && q >= head - 4 && toks_[q].sentence == toks_[head].sentence;
         --q) {
      const Token& t = toks_[q];
      if (t.possessive || OneOf(t.lower, {"the", "a", "an", "its", "their", "his", "her", "our"})) {
        return q + 1;
      }
      if (!t.word || t.has_digit || IsPreposition(t.lower) || IsArticleLike(t.lower) ||
          IsClauseVerb(v_, t.lower) || a_.mention_at_token[q] >= 0) {
        return -1;
      }
    }
    return -1;
  }

  bool HasEvidence(int b, int e) const {
    if ((toks_[b].cls & kClsGivenName)) return true;
    if (b > 0 && toks_[b - 1].sentence == toks_[b].sentence) {
      const Token& p = toks_[b - 1];
      if (HeadWord(v_, p) || IsHonorific(p.lower) || v_.person_nouns.contains(p.lower)) {
        return true;
      }
      if (AmongPluralBefore(b) >= 0) return true;
      // "thanked Nordic Rail for its work": the marks of an organization
      // outweigh the word before it.
      // A verb of evidence before the run yields only to strong marks of a
      // body ("met Torvald Brooks Lindqvist" stays a person).
      if (IsEvidenceWordBefore(p)) return !ReadsAsOrganization(b, e, /*strong_only=*/true);
      if (TakesOathAt(b)) return !ReadsAsOrganization(b, e, /*strong_only=*/true);
      // "under the chairmanship of Ingrid Lund", "chaired by Ingrid Lund":
      // the one who chairs or leads is a person.
      // Not a run that opens a title ("led by House Minority Whip X").
      const bool title_follows = e < static_cast<int>(toks_.size()) && toks_[e].cap &&
                                 (HeadWord(v_, toks_[e]) || (toks_[e].cls & kClsModifier));
      if (b >= 2 && !p.cap && !title_follows &&
          ((p.lower == "of" && OneOf(toks_[b - 2].lower, {"chairmanship", "presidency"})) ||
           (p.lower == "by" && OneOf(toks_[b - 2].lower, {"chaired", "presided", "hosted", "led",
                                                          "headed", "accompanied"})))) {
        return true;
      }
      // "Senegal's Amadou Sow": a country's person.
      if (p.possessive && b >= 2 && v_.places.contains(toks_[b - 2].lower)) return true;
      // "the Prime Minister of Freedonia, Petar Kovac,", "the High
      // Representative for Foreign Affairs and Security Policy (HR),
      // Ana Lind,".
      // "the Chancellor, Ada Quill MP,": after the post-nominal.
      const int close = e + (e + 1 < static_cast<int>(toks_.size()) && toks_[e].all_caps &&
                                     IsPostNominal(toks_[e].lower)
                                 ? 1
                                 : 0);
      if (p.lower == "," && close < static_cast<int>(toks_.size()) &&
          (toks_[close].lower == "," || toks_[close].lower == ".")) {
        // Commas inside a parenthesis ("Joint Secretary (Nuvia, Ostland)
        // in the Ministry, X,") do not end the title.
        bool in_paren = false;
        for (int q = b - 2; q >= 0 && q >= b - 20 && toks_[q].sentence == toks_[b].sentence; --q) {
          if (toks_[q].lower == ")") in_paren = true;
          if (toks_[q].lower == "(") in_paren = false;
          if (!in_paren && !toks_[q].word && toks_[q].lower != "(" && toks_[q].lower != ")") {
            break;
          }
          if (HeadWord(v_, toks_[q]) && (toks_[q].cap || ArticleNounPhraseStart(q) >= 0)) {
            return true;
          }
        }
      }
      // "Secretary of State John Kerry", "Foreign Minister of the
      // Netherlands Jan de Vries"; not "chairman of Delta Works", where
      // the words after "of" are the organization.
      const bool right_after_of = p.lower == "of" || p.lower == "for" ||
                                  (p.lower == "the" && b >= 2 && toks_[b - 2].lower == "of");
      // An organization word ends the search unless an "of" before it
      // joins it to a title: "President of the Council Ana Lind".
      bool org_seen = false;
      for (int q = right_after_of ? -1 : b - 1;
           q >= 0 && q >= b - 8 && toks_[q].sentence == toks_[b].sentence; --q) {
        const Token& t = toks_[q];
        if (HeadWord(v_, t) && t.cap) return true;
        const bool joins_caps = t.lower == "and" && q > 0 && toks_[q - 1].cap && toks_[q + 1].cap;
        if (!(t.word && t.cap) && t.lower != "of" && t.lower != "in" && t.lower != "the" &&
            t.lower != "for" && !joins_caps) {
          break;
        }
        // "Commissioner for Energy Ana Lind": "for" joins as "of" does.
        if (org_seen && t.lower != "the" && t.lower != "of" && t.lower != "for") break;
        if (org_seen && (t.lower == "of" || t.lower == "for")) org_seen = false;
        if ((t.cls & kClsOrgHead)) {
          if (q != b - 1) break;
          org_seen = true;
        }
      }
      // "heads of government Ana Lind (Ruritania), ...", "independent
      // directors: Bo Lin": a lowercase or plural title opening a list.
      if (PluralHeadBefore(b)) return true;
      // "Councillors Tom Reed and Kai Lund": a capitalized plural post
      // opening a list of names.
      if (p.cap && IsPluralHead(p)) return true;
      // "Ambassador (of Valdoria) to Ghana Ana Lind": the post's place ends
      // right before the name.
      if (p.cap && ToBeforePlace(b) >= 0) return true;
      // "Board directors such as Ilse Varga, ...": a name listed after a
      // plural post.
      if (p.lower == "including" || p.lower == "namely" ||
          (p.lower == "as" && b >= 2 && toks_[b - 2].lower == "such")) {
        for (int q = b - 2; q >= 0 && q >= b - 10 && toks_[q].sentence == toks_[b].sentence; --q) {
          if (IsPluralHead(toks_[q])) return true;
          if (!toks_[q].word && toks_[q].lower != ",") break;
        }
      }
    }
    // "met Halden Energy and Tom Reed": a name coordinated after an
    // organization takes the verb before the organization.
    if (AfterOrganizationConjunct(b)) return !ReadsAsOrganization(b, e);
    // "Another witness, health economist X, warned": the run closes an
    // appositive set off by commas right before the verb.
    if (e + 1 < static_cast<int>(toks_.size()) && toks_[e].lower == "," && !toks_[e + 1].cap &&
        IsEvidenceVerb(toks_[e + 1].lower) && CommaOpensBefore(b)) {
      return !ReadsAsOrganization(b, e);
    }
    // "Norvik Enso have announced": a single name with a verb in the
    // plural is a body's (the British agreement), never a person's.
    if (e < static_cast<int>(toks_.size()) && OneOf(toks_[e].lower, {"have", "are", "were"}) &&
        !(toks_[b].cls & kNameClasses) && !(b > 0 && OneOf(toks_[b - 1].lower, {"and", ","}))) {
      return false;
    }
    return HasEvidenceAfter(e) && !ReadsAsOrganization(b, e);
  }

  // A comma before token b, with at most three lowercase words between
  // ("witness, health economist X").
  bool CommaOpensBefore(int b) const {
    for (int q = b - 1; q > SentenceStart(b) && q >= b - 4; --q) {
      if (toks_[q].lower == ",") return true;
      if (!toks_[q].word || toks_[q].cap) return false;
    }
    return false;
  }

  // The word right before a run that vouches for a person there: "said X",
  // "met X", "with X", "succeeds X".
  static bool IsEvidenceWordBefore(const Token& p) {
    return !p.cap && (IsElectionVerb(p.lower) ||
                      OneOf(p.lower, {"said", "says", "met", "meets", "with", "added", "succeeds",
                                      "succeeded", "replaces", "replaced", "named", "thanked",
                                      "congratulated", "received", "replace", "succeed"}));
  }

  // "the Committee on Housing and Urban Renewal of Belmarsh": a run after
  // "and" that adds a second field to an organization's "of/on/for" phrase
  // and goes on to the body's own "of" phrase names no person (unless it
  // ends in a family name).
  bool FieldOfOrganization(int b, int e) const {
    const int n = static_cast<int>(toks_.size());
    if (b < 4 || toks_[b - 1].lower != "and" || e + 1 >= n) return false;
    if (toks_[e].lower != "of" || !toks_[e + 1].cap) return false;
    if (toks_[e - 1].cls & (kClsSurname | kClsLongSurname)) return false;
    int q = b - 2;
    int words = 0;
    while (q > 0 && words < 4 && toks_[q].word && toks_[q].cap &&
           toks_[q].sentence == toks_[b].sentence) {
      --q;
      ++words;
    }
    if (words == 0) return false;
    if (toks_[q].lower == "the") --q;
    if (q < 1 || !OneOf(toks_[q].lower, {"of", "on", "for"})) return false;
    return toks_[q - 1].cap && (toks_[q - 1].cls & kClsOrgHead);
  }

  // "met Halden Energy and X", "received the Norvik Shipping Company and
  // X": token b follows "and" (or a comma) after a capitalized run that
  // ends in an organization's head, with a word vouching for a person
  // before that run.
  bool AfterOrganizationConjunct(int b) const {
    int q = b - 1;
    if (q < 2 || !OneOf(toks_[q].lower, {"and", ","})) return false;
    if (toks_[q].lower == "and" && toks_[q - 1].lower == ",") --q;
    const int org_last = q - 1;
    if (!toks_[org_last].cap || !(toks_[org_last].cls & kClsOrgHead) ||
        (toks_[org_last].cls & kNameClasses)) {
      return false;
    }
    int first = org_last;
    while (first > 0 && first > org_last - 5 && toks_[first - 1].word && toks_[first - 1].cap &&
           toks_[first - 1].sentence == toks_[b].sentence) {
      --first;
    }
    if (first > 0 && toks_[first - 1].lower == "the") --first;
    return first > 0 && toks_[first - 1].sentence == toks_[b].sentence &&
           IsEvidenceWordBefore(toks_[first - 1]);
  }

  // A run whose only proof is what follows it may name an organization
  // rather than a person: "Human Rights Watch welcomed the ruling", "Stora
  // Enso announced that it would close two mills". Where the run opens with
  // no known name word, one of these marks it: a plural noun inside it
  // ("Rights"), a long word of it before its last that the text also
  // writes in lowercase (a common word: "Transparency Malta ... greater
  // transparency"), "it" taking it up as the subject of a clause before any
  // other name ("it would close", "its profit"), or the same words named
  // elsewhere as a body of people ("representatives of X").
  // With `strong_only` (a word vouching for a person stands before the
  // run), only the marks no person's name gives count: the run named
  // elsewhere as a body, listed among bodies, or taken up by "its" as an
  // object ("thanked Nordic Rail for its work").
  bool ReadsAsOrganization(int b, int e, bool strong_only = false) const {
    if (toks_[b].cls & kNameClasses) return false;
    if (e - b >= 2 && IsCompanyOpener(toks_[b].lower)) return true;
    if (strong_only) {
      return TakenUpByIt(e, /*object_only=*/true) || OwnsPeopleElsewhere(b, e) || InListOfBodies(b);
    }
    for (int k = b + 1; k + 1 < e; ++k) {
      const absl::string_view l = toks_[k].lower;
      // "Rights", "Fisheries"; not "Passos", "Hughes", "Lukas".
      if (l.size() >= 4 && l.back() == 's' && !(toks_[k].cls & kNameClasses) &&
          (absl::EndsWith(l, "ies") ||
           absl::string_view("aeiouys'").find(l[l.size() - 2]) == absl::string_view::npos)) {
        return true;
      }
    }
    // Not the last word (a family name may be a word: "Reed", "Hill"), and
    // no short word (given names that are words: "Hope", "Will"). The first
    // word counts only as an abstract noun ("Openness", "Transparency"):
    // given names are words too ("Blessing", "Patience", "Hunter").
    for (int k = b; k + 1 < e; ++k) {
      if (toks_[k].lower.size() >= 6 && !(toks_[k].cls & kNameClasses) &&
          (k > b || IsAbstractNoun(toks_[k].lower)) && LowercaseWords().contains(toks_[k].lower)) {
        return true;
      }
    }
    return TakenUpByIt(e) || OwnsPeopleElsewhere(b, e) || InListOfBodies(b);
  }

  // "Norsk Hydro", "Svenska Kraftnat", "Stora Enso", "Deutsche Post": a
  // company's name opens with its country's adjective or a word of size in
  // the company's own language, which no given name is.
  static bool IsCompanyOpener(absl::string_view l) {
    return OneOf(l, {"norsk", "norske", "svensk", "svenska", "svenske", "dansk", "danske", "suomen",
                     "deutsche", "deutscher", "nederlandse", "polska", "polski", "stora", "nordic",
                     "baltic", "scandinavian", "royal"});
  }

  // A word before "of" whose complement is a body that has people:
  // "representatives of", "director of", "staff of".
  bool IsOwnerOfPeople(int k) const {
    const Token& owner = toks_[k];
    // Capitalized only where it opens the sentence ("Representatives of").
    return owner.word && (!owner.cap || k == SentenceStart(k)) &&
           ((owner.cls & kClsHead) || IsPluralHead(owner) || IsStaffWord(owner.lower));
  }

  // The people a body sends or employs, no post of their own.
  static bool IsStaffWord(absl::string_view l) {
    return OneOf(l, {"representatives", "delegation", "staff", "employees", "executives",
                     "shareholders", "subsidiary", "spokesperson"});
  }

  // "Representatives of Nordvik Kraft, Statgrid and Baltic Cable": a run
  // listed after the body of people that opens the list, after a plural
  // (not "X, deputy governor of the Northern Region, and Y", where "of"
  // ends a person's post).
  bool InListOfBodies(int b) const {
    int q = b - 1;
    if (q < 0 || !OneOf(toks_[q].lower, {",", "and"})) return false;
    for (; q >= 1 && q >= b - 16 && toks_[q].sentence == toks_[b].sentence; --q) {
      const Token& t = toks_[q];
      if (t.lower == "of") {
        if (toks_[q - 1].lower.back() != 's' || !IsOwnerOfPeople(q - 1)) return false;
        // "The directors of Nordvik Kraft, Ama Owusu and Kofi Mensah,
        // attended": after a post, a list set off by commas is the post's
        // holders in apposition, not more bodies.
        return IsStaffWord(toks_[q - 1].lower) || !ListClosedByComma(b);
      }
      if (!(t.lower == "," || t.lower == "and" || t.lower == "the" || (t.word && t.cap))) {
        return false;
      }
    }
    return false;
  }

  // The list of capitalized runs that goes on from b ends in a comma
  // followed by a lowercase word ("A and B, attended").
  bool ListClosedByComma(int b) const {
    const int send = SentenceEnd(b);
    for (int q = b; q < send && q < b + 16; ++q) {
      const Token& t = toks_[q];
      if (t.word && t.cap) continue;
      if (t.lower == "and") continue;
      if (t.lower != ",") return false;
      if (q + 1 < send && toks_[q + 1].word && !toks_[q + 1].cap && toks_[q + 1].lower != "and") {
        return true;
      }
    }
    return false;
  }

  // The same words stand elsewhere in the text after "<post or staff> of"
  // ("representatives of Nordvik Kraft", "director of Nordvik Kraft"): a
  // body that has people, not a person.
  bool OwnsPeopleElsewhere(int b, int e) const {
    if (!owned_runs_built_) {
      // The runs after "<post or staff> of", by their first words: each
      // prefix of such a run (runs are a few words long), built once.
      for (const NameRun& o : runs_) {
        if (o.first < 2 || toks_[o.first - 1].lower != "of") continue;
        if (!IsOwnerOfPeople(o.first - 2)) continue;
        std::string key;
        for (int k = o.first; k < o.last && k < o.first + 6; ++k) {
          absl::StrAppend(&key, key.empty() ? "" : " ", toks_[k].lower);
          owned_runs_.insert(key);
        }
      }
      owned_runs_built_ = true;
    }
    if (owned_runs_.empty()) return false;
    std::string key;
    for (int k = b; k < e; ++k) absl::StrAppend(&key, key.empty() ? "" : " ", toks_[k].lower);
    return owned_runs_.contains(key);
  }

  // The words the text writes in lowercase (built on first use).
  const absl::flat_hash_set<absl::string_view>& LowercaseWords() const {
    if (!lowercase_words_built_) {
      for (const Token& t : toks_) {
        if (t.word && !t.cap && !t.all_caps && !t.has_digit) lowercase_words_.insert(t.lower);
      }
      lowercase_words_built_ = true;
    }
    return lowercase_words_;
  }

  // "openness", "transparency", "leadership": a noun no given name is
  // shaped like ("Patience", "Constance" end in -ence and are names).
  static bool IsAbstractNoun(absl::string_view l) {
    for (absl::string_view suffix : {"ness", "ity", "ency", "ism", "tion", "ment", "ship"}) {
      if (absl::EndsWith(l, suffix)) return true;
    }
    return false;
  }

  // After a run ending at `e`, up to the end of the next sentence and
  // before any other capitalized word inside a sentence, "it" or "its"
  // opens a clause about the run ("announced that it would", "said its
  // profit"), before any "he" or "she". A person says "it" and "its" about
  // many things ("X said it would boost trade", "said its findings were
  // clear"): right after "said" only "its" before a noun of a body's own
  // ("its members", "its profit") and "it" planning ("said it plans") count;
  // announcing ("announced that it would close") counts. With
  // `object_only`, only "its" after "for", "on" or "to" counts.
  bool TakenUpByIt(int e, bool object_only = false) const {
    const int nt = static_cast<int>(toks_.size());
    if (e >= nt) return false;
    const int next = toks_[e].sentence + 1;
    const int end = std::min(
        next < static_cast<int>(a_.tt.sentences.size()) ? a_.tt.sentences[next].last : nt, e + 60);
    // A noun phrase of another subject or object ("praised the council
    // for its work", "said the ministry had promised that it would") may
    // be what "it" takes up, until a verb coordinated with the run's own
    // ("welcomed the draft but said that it would").
    bool other_noun = false;
    for (int k = e; k < end; ++k) {
      const Token& t = toks_[k];
      if (!t.word) continue;
      if (OneOf(t.lower, {"he", "she", "his", "her", "him"})) return false;
      if (t.cap && k != SentenceStart(k)) return false;
      if (OneOf(t.lower, {"the", "a", "an", "this", "these", "those"})) other_noun = true;
      if (OneOf(t.lower, {"and", "but"}) && k + 1 < end &&
          (IsClauseVerb(v_, toks_[k + 1].lower) || (toks_[k + 1].cls & kClsReporting))) {
        other_noun = false;
      }
      if (t.lower != "it" && t.lower != "its") continue;
      if (other_noun) continue;
      const absl::string_view prev = k > 0 ? toks_[k - 1].lower : "";
      const bool opens_clause = prev == "that" || IsClauseVerb(v_, prev) ||
                                v_.reporting_verbs.contains(prev) || k == SentenceStart(k);
      // "thanked Nordic Rail for its work": the object's own.
      if (t.lower == "its" && OneOf(prev, {"for", "on", "to"}) && k + 1 < end) return true;
      if (object_only || !opens_clause || k + 2 >= nt) continue;
      // "X said (that) it/its" with "said" right after the run.
      const int say = prev == "that" ? k - 2 : k - 1;
      const bool said_by_run =
          say == e && OneOf(toks_[say].lower, {"said", "says", "told", "added", "stressed"});
      if (t.lower == "its") {
        if (!said_by_run || IsBodysOwnNoun(toks_[k + 1].lower)) return true;
        continue;
      }
      // "it would close", not "it would be hard" (an empty subject).
      const absl::string_view aux = toks_[k + 1].lower;
      absl::string_view verb = toks_[k + 2].lower;
      if (verb == "not" && k + 3 < nt) verb = toks_[k + 3].lower;
      // After "X said it", only a verb of a body's own will takes X up
      // ("said it supported faster permits", "said it planned"); a verb of
      // what a thing did ("said it helped farmers", "said it created
      // jobs") tells of a plan or a law the speaker talks about.
      if (said_by_run && !IsStanceVerb(aux)) continue;
      if (v_.reporting_verbs.contains(aux)) return true;
      // "said that it supported faster permits"; not "it seemed", "it
      // emerged" (an empty subject).
      if (absl::EndsWith(aux, "ed") && !(toks_[k + 1].cls & kNameClasses) &&
          !OneOf(aux,
                 {"seemed", "appeared", "emerged", "happened", "turned", "remained", "mattered"})) {
        return true;
      }
      if (OneOf(aux, {"would", "will", "had", "has", "could", "plans", "planned", "intends",
                      "expects", "expected", "hopes"}) &&
          !OneOf(verb, {"be", "been", "take", "seem", "seemed", "appear", "appeared", "make"})) {
        return true;
      }
    }
    return false;
  }

  // A verb of a will or a decision, in the present or the past: what a
  // body says of itself with "it" ("said it supported the plan", "said it
  // had decided"), not what a thing it speaks of did ("it helped").
  static bool IsStanceVerb(absl::string_view l) {
    static const auto* const kStems = new absl::flat_hash_set<std::string>{
        "plan",   "intend", "aim",     "support", "oppose",  "welcome", "agree",
        "decide", "reject", "accept",  "approve", "regret",  "deny",    "expect",
        "hope",   "want",   "prefer",  "refuse",  "decline", "choose",  "wish",
        "seek",   "object", "endorse", "favour",  "favor"};
    if (kStems->contains(l)) return true;
    for (absl::string_view suffix : {"s", "d", "ed", "ied"}) {
      if (!absl::EndsWith(l, suffix) || l.size() <= suffix.size() + 2) continue;
      std::string stem(l.substr(0, l.size() - suffix.size()));
      if (suffix == "ied") stem += "y";
      // "planned", "preferred": the doubled last consonant.
      if (kStems->contains(stem) ||
          (suffix == "ed" && stem.size() > 3 && stem.back() == stem[stem.size() - 2] &&
           kStems->contains(stem.substr(0, stem.size() - 1)))) {
        return true;
      }
    }
    return OneOf(l, {"chose", "sought"});
  }

  // "on the occasion of Pi Mai Lao, the Consul General informed ...": the
  // run ends an introductory phrase (it follows a preposition) and "the
  // <title>" after the comma is the subject of the main clause, running
  // into its verb, not an appositive closed by a comma.
  bool SubjectAfterIntroPhrase(int e) const {
    const int run_first = [&] {
      int q = e - 1;
      while (q > 0 && toks_[q - 1].word && toks_[q - 1].cap &&
             toks_[q - 1].end + 1 == toks_[q].begin) {
        --q;
      }
      return q;
    }();
    if (run_first == 0 || !IsPreposition(toks_[run_first - 1].lower)) return false;
    if (e + 1 >= static_cast<int>(toks_.size()) || toks_[e + 1].lower != "the") return false;
    const int send = SentenceEnd(e);
    for (int q = e + 2; q < send && q < e + 16; ++q) {
      const Token& t = toks_[q];
      if (t.lower == "," || !t.word) return false;
      if (!t.cap && !(t.cls & (kClsModifier | kClsHead)) && !IsPreposition(t.lower) &&
          t.lower != "the" && t.lower != "and") {
        return true;  // The verb of the main clause.
      }
    }
    return false;
  }

  // Evidence after a run ending at `e`: an appositive with a title head
  // ("X, head of the agency") or a clause verb ("X presided").
  bool HasEvidenceAfter(int e) const {
    const int nt = static_cast<int>(toks_.size());
    if (e < nt && e > 0 && toks_[e].sentence == toks_[e - 1].sentence) {
      if (ParenthesizedTitleClose(e) >= 0) return true;
      if (AgeAfter(e)) return true;
      if (toks_[e].lower == "," && e + 1 < nt) {
        int k = e + 1;
        while (k < nt && IsArticleLike(toks_[k].lower)) ++k;
        if (k < nt && AppositiveHasHead(k) && !SubjectAfterIntroPhrase(e)) return true;
      }
      int k = e;
      // "Ana Lind of the Chamber of Advocates spoke": the verb after the
      // body she belongs to.
      for (int hops = 0; hops < 3 && k < nt && toks_[k].lower == "of"; ++hops) {
        const int next = ListDescriptorEnd(k, SentenceEnd(e - 1));
        if (next == k) break;
        k = next;
      }
      // "Ada Quill, a health economist at Nordby College, noted": the verb
      // after a description set off by commas; "Norvik Enso, the paper
      // company, announced" describes an organization: the description's
      // own noun, its last word before a preposition or the comma, is a
      // body's ("the union leader" is a person, "the union" a body).
      if (const int close = ArticleAppositiveClose(k); close > 0) {
        int noun = k + 2;
        while (noun + 1 < close && !IsPreposition(toks_[noun + 1].lower)) ++noun;
        if (toks_[noun].word && !toks_[noun].cap && (toks_[noun].cls & kClsOrgHead)) return false;
        k = close + 1;
      }
      // "Ana Lind, who has resigned as ...": the relative clause's verb.
      const bool who = k + 1 < nt && toks_[k].lower == "," && toks_[k + 1].lower == "who";
      if (who) k += 2;
      bool passive = false;
      while (k < nt && OneOf(toks_[k].lower, {"also", "has", "have", "was", "been", "had", "will",
                                              "would", "is", "be", "were", "are"})) {
        passive |= IsBeVerb(toks_[k].lower);
        ++k;
      }
      if (k < nt && !toks_[k].cap && IsEvidenceVerb(toks_[k].lower)) return true;
      // "Ana Lind, who had served as Consul General": a post held by
      // someone ("who", not "which").
      if (who && k < nt && OneOf(toks_[k].lower, {"served", "serves", "headed", "heads"})) {
        return true;
      }
      // "Lars Holm served as mayor of Bergen": serving in a post.
      if (k + 1 < nt && OneOf(toks_[k].lower, {"served", "serves", "serving"}) &&
          toks_[k + 1].lower == "as" && PostAfter(k + 2, who)) {
        return true;
      }
      // "Karin Dahl, who was mayor of Bergen", "Lars Holm had been a
      // prosecutor": the copula gives the run a post.
      if (passive && PostAfter(k, who)) return true;
      // "Torvald Brandt was named chief executive": a person is named to a
      // post (not "Acme named X", where the company names); "A and B were
      // present".
      if (passive && k < nt &&
          OneOf(toks_[k].lower,
                {"named", "nominated", "designated", "promoted", "sworn", "present"})) {
        return true;
      }
    }
    return false;
  }

  // ", 54," right after a name: a person's age, as reports give it.
  bool AgeAfter(int e) const {
    const int nt = static_cast<int>(toks_.size());
    if (e + 2 >= nt || toks_[e].lower != "," || toks_[e + 2].lower != ",") return false;
    const absl::string_view n = toks_[e + 1].lower;
    if (n.empty() || n.size() > 3) return false;
    for (char c : n) {
      if (!absl::ascii_isdigit(static_cast<unsigned char>(c))) return false;
    }
    return toks_[e + 1].sentence == toks_[e].sentence && toks_[e + 2].sentence == toks_[e].sentence;
  }

  // A post opens at token k: an optional article, at most three modifiers
  // or lowercase words, then a title head ("a former prosecutor", "mayor of
  // Bergen", "the chief financial officer"). Without `who` a seat that a
  // body holds as well ("member", "partner", "founder") is no post of a
  // person.
  bool PostAfter(int k, bool who) const {
    const int nt = static_cast<int>(toks_.size());
    if (k < nt && OneOf(toks_[k].lower, {"a", "an", "the"})) ++k;
    for (int q = k; q < nt && q < k + 4 && toks_[q].word; ++q) {
      const Token& t = toks_[q];
      if (HeadWord(v_, t)) {
        return who || !OneOf(t.lower, {"member", "members", "partner", "founder", "delegate",
                                       "representative", "head"});
      }
      if (IsClauseVerb(v_, t.lower) || IsPreposition(t.lower) || a_.mention_at_token[q] >= 0) {
        return false;
      }
    }
    return false;
  }

  // The comma closing ", a/an/the <description>," opened by the comma at
  // e, with no verb and no other person inside (at most 12 tokens), else
  // -1.
  int ArticleAppositiveClose(int e) const {
    const int nt = static_cast<int>(toks_.size());
    if (e + 2 >= nt || toks_[e].lower != "," || !OneOf(toks_[e + 1].lower, {"a", "an", "the"})) {
      return -1;
    }
    for (int q = e + 2; q < nt && q < e + 14 && toks_[q].sentence == toks_[e].sentence; ++q) {
      const Token& t = toks_[q];
      if (t.lower == ",") return q > e + 2 ? q : -1;
      if (a_.mention_at_token[q] >= 0 || (t.word && !t.cap && IsClauseVerb(v_, t.lower)) ||
          (!t.word && t.lower != "-" && !t.possessive)) {
        return -1;
      }
    }
    return -1;
  }

  // "to" after a capitalized head ("Ambassador to", "Envoy to") right
  // before token b or before capitalized words of a place name that run
  // into b ("to New Zealand Bo Kell"); else -1.
  int ToBeforePlace(int b) const {
    int to = b - 1;
    while (to > 0 && to >= b - v_.max_place_words && toks_[to].word && toks_[to].cap) --to;
    if (to < 1 || toks_[to].lower != "to" || toks_[to].sentence != toks_[b].sentence) return -1;
    if (toks_[to - 1].cap && HeadWord(v_, toks_[to - 1])) return to;
    // "Ambassador of Valdoria to Ghana Ana Lind": the head's own "of
    // <Place>" before "to".
    int of = to - 1;
    while (of > 0 && of >= to - 3 && toks_[of].word && toks_[of].cap) --of;
    return of > 0 && of < to - 1 && toks_[of].lower == "of" && toks_[of - 1].cap &&
                   HeadWord(v_, toks_[of - 1])
               ? to
               : -1;
  }

  // The number of words of the longest known place that [b, e) starts
  // with ("New Zealand" in "New Zealand Bo Kell"), else 0.
  int PlacePrefix(int b, int e) const {
    PlaceKind kind;
    return PlaceAt(a_, b, e, &kind);
  }

  // The run is (or starts with) a place: "Hong Kong", "New Zealand".
  bool IsPlaceRun(int b, int e) const {
    std::string key;
    for (int k = b; k < e; ++k) {
      if (k > b) key.push_back(' ');
      key.append(toks_[k].lower.data(), toks_[k].lower.size());
      if (k > b && v_.places.contains(key)) return true;
    }
    return false;
  }

  // The first token of a form of address right before token k ("Dr.",
  // "Mrs"), else -1.
  int HonorificBefore(int k) const {
    int q = k - 1;
    if (q >= 0 && toks_[q].lower == ".") --q;
    if (q < 0 || !IsHonorific(toks_[q].lower) || toks_[q].sentence != toks_[k].sentence) return -1;
    return q;
  }

  // Accent-blind: "José Ruiz" and "Jose Ruiz" are one person.
  static std::string KeyOf(absl::string_view s) { return FoldedKey(s); }

  // The person named by tokens [b, e), created when new; -1 (and
  // people_exceeded) when a new one would pass max_people.
  int PersonFor(int b, int e, bool index_words = true) {
    std::string key = KeyOf(a_.Slice(b, e));
    auto it = by_key_.find(key);
    int id;
    if (it == by_key_.end()) {
      if (a_.people.size() >= a_.max_people) {
        // One person too many: the document is refused, so stop growing.
        a_.people_exceeded = true;
        return -1;
      }
      id = static_cast<int>(a_.people.size());
      a_.people.emplace_back();
      a_.people.back().first_token = b;
      forms_.emplace_back();
      by_key_.emplace(key, id);
      // "Henry Chan Ka-wing" is referred to as "Chan": in a name of three
      // words or more ending in a hyphenated given name, the word before it
      // is the surname.
      const int hk_surname = e - b >= 3 && absl::StrContains(toks_[e - 1].lower, '-') ? e - 2 : -1;
      // "Ferdinand R. Marcos Jr." is "Marcos": the family name before a
      // generation suffix or regnal numeral.
      int family = e - 1;
      while (family - 1 > b && ((toks_[family].cap && IsNameSuffix(toks_[family].lower)) ||
                                toks_[family].lower == ",")) {
        --family;
      }
      for (int k = b; k < e && index_words; ++k) {
        if (k == b || k == e - 1 || k == hk_surname || k == family) {
          token_people_[std::string(toks_[k].lower)].push_back(id);
          // "Chí Dũng" is also written "Dung": the word without its
          // accents finds the person too.
          if (toks_[k].non_ascii) {
            token_people_[FoldedKey(toks_[k].lower)].push_back(id);
          }
        }
      }
    } else {
      id = it->second;
    }
    return id;
  }

  void AcceptRuns() {
    const int headline_end = a_.tt.sentences.empty() ? 0 : a_.tt.sentences[0].last;
    // Pass 1: multi-word names with their own evidence (body first).
    for (int pass = 0; pass < 2; ++pass) {
      for (NameRun& r : runs_) {
        bool in_headline = r.first < headline_end && a_.body_first_sentence > 0;
        if ((pass == 0) == in_headline) continue;
        int n = r.last - r.first;
        if (n < 2) continue;
        // "Secretary of Labor Ann Lee", "Vice Chairm Tran Dung": a word that
        // completes the title (a department, a misspelt head) opens the run.
        if (n >= 3 && r.first > 0 && !(toks_[r.first].cls & kNameClasses)) {
          const Token& before = toks_[r.first - 1];
          // "Minister of Planning and Investment Ana Lind": a second
          // department joined by "and".
          const bool dept_and = before.lower == "and" && r.first >= 3 && toks_[r.first - 2].cap &&
                                toks_[r.first - 2].word &&
                                OneOf(toks_[r.first - 3].lower, {"of", "for"});
          // "Secretary of State for the Environment Joana Pires".
          const bool of_the = before.lower == "the" && r.first >= 2 &&
                              OneOf(toks_[r.first - 2].lower, {"of", "for"}) &&
                              !IsPlaceRun(r.first, r.last);
          if (before.sentence == toks_[r.first].sentence &&
              (before.lower == "of" || before.lower == "for" || dept_and || of_the ||
               (before.cap && (before.cls & kClsModifier)))) {
            ++r.first;
            --n;
          } else if (int to = ToBeforePlace(r.first); to >= 0) {
            // "Ambassador to Nuvia Ana Lind", "Envoy to New Zealand Bo
            // Kell": the country after "to" ends the title.
            const int country = std::max(PlacePrefix(to + 1, r.last - 2), 1);
            if (to + 1 + country > r.first) {
              r.first = to + 1 + country;
              n = r.last - r.first;
            }
          }
        }
        // "Witness Tom Reed said" opening a sentence: the capital is the
        // sentence's, "witness" is no part of the name.
        if (n >= 3 && toks_[r.first].lower == "witness") {
          ++r.first;
          --n;
        }
        // "met today at Villa Rosa Karl von der Heide, head of the agency":
        // a venue glued to a name; the name is the run's tail.
        if (n > 4 || (n == 4 && r.first > 0 &&
                      (toks_[r.first - 1].lower == "at" || toks_[r.first - 1].lower == "in"))) {
          int tail = r.last - 1;
          while (tail - 1 > r.first && IsParticle(toks_[tail - 1])) --tail;
          --tail;
          if (tail <= r.first || !HasEvidenceAfter(r.last)) continue;
          r.first = tail;
          n = r.last - r.first;
        }
        // "talks at Villa Rosa, Karl X, ...": after "at" or "in", a run
        // is a place unless it opens with a known name.
        if (VenueRun(r)) continue;
        if (FollowedByOrg(r.last) || EndsWithOrgHead(r) || IsPlaceRun(r.first, r.last) ||
            FollowedByPlaceKind(r.last)) {
          continue;
        }
        if (FieldOfOrganization(r.first, r.last)) continue;
        bool surname = (toks_[r.first].cls & kClsSurname) || (toks_[r.first].lower == "he");
        // Vietnamese and Korean names run to three or four words.
        const bool long_name = (toks_[r.first].cls & kClsLongSurname) != 0;
        bool evidence =
            HasEvidence(r.first, r.last) || long_name || FamilyAndHyphenatedGivenName(r);
        if (surname && n > 2 && !evidence) r.last = r.first + 2;
        if (IsBylineRun(r)) continue;
        if (in_headline) {
          std::string key = KeyOf(a_.Slice(r.first, r.last));
          if (!by_key_.contains(key)) continue;
        } else if (!(surname && r.last - r.first == 2) && !evidence) {
          continue;
        }
        r.accepted = true;
        PersonFor(r.first, r.last);
      }
    }
    // Pass 2: single words after a title ("President Biden") that match no
    // known person become people.
    for (NameRun& r : runs_) {
      if (r.last - r.first != 1 || r.first == 0) continue;
      if (r.first < headline_end && a_.body_first_sentence > 0) continue;
      if (r.last < static_cast<int>(toks_.size()) && toks_[r.last].word && toks_[r.last].cap) {
        continue;
      }
      const Token& prev = toks_[r.first - 1];
      if (prev.sentence != toks_[r.first].sentence) continue;
      if (!((HeadWord(v_, prev) && prev.cap) || IsHonorific(prev.lower))) continue;
      // "Foreign Ministers Meet", "my hon. Friend": not a person.
      if (IsPluralHead(prev) || prev.lower == "hon" || prev.lower == "rt" ||
          prev.lower == "honourable" || prev.lower == "honorable") {
        continue;
      }
      if (token_people_.contains(toks_[r.first].lower)) continue;
      if (FollowedByOrg(r.last)) continue;
      r.accepted = true;
      single_word_.insert(PersonFor(r.first, r.last));
    }
    // Pass 3: unproven runs that share a word with a known single-word
    // person, or stand in a list next to an accepted name.
    for (size_t i = 0; i < runs_.size(); ++i) {
      NameRun& r = runs_[i];
      int n = r.last - r.first;
      if (r.accepted || n < 2 || n > 3 || FollowedByOrg(r.last) || EndsWithOrgHead(r) ||
          IsPlaceRun(r.first, r.last) || VenueRun(r)) {
        continue;
      }
      int merge_into = -1;
      for (int k = r.first; k < r.last && merge_into < 0; ++k) {
        auto it = token_people_.find(toks_[k].lower);
        if (it == token_people_.end()) continue;
        for (int id : it->second) {
          if (single_word_.contains(id)) merge_into = id;
        }
      }
      if (merge_into >= 0) {
        // "Barack Obama" after "President Obama": one person.
        by_key_[KeyOf(a_.Slice(r.first, r.last))] = merge_into;
        token_people_[std::string(toks_[r.first].lower)].push_back(merge_into);
        r.accepted = true;
        continue;
      }
    }
    AcceptListedRuns();
  }

  // A run that may be one name of a list: two or three words, no
  // organization, place or venue.
  // Not one that names the body of a lowercase title before a name after
  // it ("Youth Section chair Ana Lind"); a seat given to the listed names
  // ("named A and B independent members of the board") is no such title.
  bool ListCandidate(const NameRun& r) const {
    const int n = r.last - r.first;
    const int nt = static_cast<int>(toks_.size());
    int q = r.last;
    while (q < nt && q < r.last + 4 && toks_[q].word && !toks_[q].cap &&
           (toks_[q].cls & (kClsHead | kClsModifier))) {
      ++q;
    }
    if (q > r.last && q < nt && toks_[q].word && toks_[q].cap &&
        toks_[q].sentence == toks_[r.first].sentence) {
      return false;
    }
    return n >= 2 && n <= 3 && !FollowedByOrg(r.last) && !EndsWithOrgHead(r) &&
           !IsPlaceRun(r.first, r.last) && !VenueRun(r) && !BodyOfAPost(r.first);
  }

  // "chairman of the board of Fjordkraft Invest, and Maria Solheim": a
  // run right after "<post or body> of (the)" is the body the post
  // belongs to, not a name listed with the name after it.
  bool BodyOfAPost(int b) const {
    int q = b - 1;
    if (q >= 0 && toks_[q].lower == "the") --q;
    if (q < 1 || toks_[q].lower != "of" || toks_[q].sentence != toks_[b].sentence) return false;
    const Token& owner = toks_[q - 1];
    return owner.word && (HeadWord(v_, owner) || IsPluralHead(owner) || (owner.cls & kClsOrgHead) ||
                          IsStaffWord(owner.lower));
  }

  // The end of what describes a listed name right after it, from token e:
  // a short parenthesis ("(Ruritania)") or "of (the) <Capitalized words>"
  // ("Kai Lund of Ruritania"); e when none.
  int ListDescriptorEnd(int e, int send) const {
    if (e < send && toks_[e].lower == "(") {
      int close = e + 1;
      while (close < send && close < e + 5 && toks_[close].lower != ")") ++close;
      return close < send && toks_[close].lower == ")" ? close + 1 : e;
    }
    if (e + 1 < send && toks_[e].lower == "of") {
      int q = e + 1;
      if (toks_[q].lower == "the") ++q;
      const int words = q;
      while (q < send && q < words + 5 && toks_[q].word && toks_[q].cap) ++q;
      return q > words ? q : e;
    }
    return e;
  }

  // The run listed right after run i ("A, B", "A and B", "A of X, and B"),
  // else -1.
  int NextListed(size_t i) const {
    const NameRun& r = runs_[i];
    const int send = SentenceEnd(r.first);
    int q = ListDescriptorEnd(r.last, send);
    if (q >= send || !OneOf(toks_[q].lower, {",", "and", ";"})) return -1;
    if (toks_[q].lower == "," && q + 1 < send && toks_[q + 1].lower == "and") ++q;
    ++q;
    auto it = std::lower_bound(runs_.begin() + i + 1, runs_.end(), q,
                               [](const NameRun& o, int k) { return o.first < k; });
    return it != runs_.end() && it->first == q ? static_cast<int>(it - runs_.begin()) : -1;
  }

  // "Also present were A of X and B of Y", "A and B voted against": names
  // listed together are people together. A list of two or more runs is
  // accepted whole when one of them is an accepted name, or the list has
  // the evidence of a name before its first ("present were") or after its
  // last ("... voted"). Lists are followed run by run, so each run is
  // visited once.
  void AcceptListedRuns() {
    std::vector<int> chain;
    for (size_t i = 0; i < runs_.size(); ++i) {
      if (!runs_[i].accepted && !ListCandidate(runs_[i])) continue;
      // Only a list's first run starts one (a later run was visited with
      // it).
      chain.assign(1, static_cast<int>(i));
      for (int j = NextListed(i); j >= 0 && chain.size() < 12; j = NextListed(j)) {
        if (!runs_[j].accepted && !ListCandidate(runs_[j])) break;
        chain.push_back(j);
      }
      if (chain.size() < 2) continue;
      bool proven = false;
      for (int j : chain) proven |= runs_[j].accepted;
      const NameRun& last = runs_[chain.back()];
      proven |= ListEvidenceBefore(runs_[chain.front()].first) ||
                HasEvidenceAfter(ListDescriptorEnd(last.last, SentenceEnd(last.first)));
      if (proven) {
        for (int j : chain) {
          if (runs_[j].accepted || ReadsAsOrganization(runs_[j].first, runs_[j].last)) continue;
          runs_[j].accepted = true;
          PersonFor(runs_[j].first, runs_[j].last);
        }
      }
      i = chain.back();
    }
  }

  // "Also present were A", "Attending were A", "among those present were
  // A": a list of those present opens at b.
  bool ListEvidenceBefore(int b) const {
    if (b < 2 || toks_[b - 2].sentence != toks_[b].sentence) return false;
    return (OneOf(toks_[b - 1].lower, {"were", "was", ":"}) &&
            OneOf(toks_[b - 2].lower, {"present", "attending", "participating", "attendance"})) ||
           AmongPluralBefore(b) >= 0;
  }

  // "Among the witnesses were (also) A and B", "Among the new judges was
  // A": an inverted copula after "Among the <plural noun>" opening the
  // sentence lists members of a group of people. Returns the plural noun
  // before the copula, else -1.
  int AmongPluralBefore(int b) const {
    int q = b - 1;
    if (q >= 0 && toks_[q].lower == "also") --q;
    if (q < 2 || !OneOf(toks_[q].lower, {"were", "was"})) return -1;
    const int s = SentenceStart(b);
    if (AmongCopula(toks_, s, SentenceEnd(b)) != q || toks_[q - 2].lower == "those") return -1;
    const int noun = q - 1;
    const Token& n = toks_[noun];
    // A group of people: a post ("judges"), a noun for people ("students")
    // or those taking part ("witnesses"); not "Among the changes were".
    if (!IsPluralHead(n) && !v_.person_nouns.contains(n.lower) &&
        !OneOf(n.lower, {"witnesses", "participants", "guests", "attendees", "delegates",
                         "observers", "invitees", "speakers", "panelists", "panellists", "winners",
                         "victims", "candidates", "nominees", "laureates"})) {
      return -1;
    }
    return noun;
  }

  // "Defence Minister Adam Jordan ... Jordan said": once a person's family
  // name is a single-word place, the word alone names that person again,
  // unless a cue gives it the place reading: a preposition or article
  // before it ("in Jordan", "trade with Jordan", "from Chad", "the Georgia
  // delegation") or a
  // noun of a state after it ("Jordan delegation", "Chad government").
  // Adds one-word runs, kept in token order, for BuildMentions to resolve.
  void AddPlaceWordSurnames() {
    absl::flat_hash_set<absl::string_view> family;
    for (const NameRun& r : runs_) {
      const Token& t = toks_[r.last - 1];
      if (r.accepted && (r.last - r.first >= 2 || TitledPlaceWord(r.first)) &&
          v_.places.contains(t.lower) && token_people_.contains(t.lower)) {
        family.insert(t.lower);
      }
    }
    if (family.empty()) return;
    const int nt = static_cast<int>(toks_.size());
    std::vector<bool> in_run(nt, false);
    for (const NameRun& r : runs_) {
      for (int k = r.first; k < r.last; ++k) in_run[k] = true;
    }
    std::vector<NameRun> added;
    for (int k = NextCapitalWord(a_.tt, 0); k < nt; k = NextCapitalWord(a_.tt, k + 1)) {
      const Token& t = toks_[k];
      if (in_run[k] || t.skip || t.all_caps || !family.contains(t.lower) ||
          t.sentence < a_.body_first_sentence) {
        continue;
      }
      if (k > 0 && toks_[k - 1].sentence == t.sentence &&
          ((toks_[k - 1].word && toks_[k - 1].cap && toks_[k - 1].end + 1 == t.begin) ||
           OneOf(toks_[k - 1].lower,
                 {"in",      "at",       "from",    "to",         "into",   "across",
                  "near",    "toward",   "towards", "throughout", "within", "outside",
                  "inside",  "of",       "for",     "between",    "visit",  "visits",
                  "visited", "visiting", "the",     "and",        "with"}))) {
        continue;
      }
      if (k + 1 < nt && toks_[k + 1].sentence == t.sentence &&
          ((toks_[k + 1].word && toks_[k + 1].cap && toks_[k + 1].begin == t.end + 1) ||
           OneOf(toks_[k + 1].lower, {"delegation", "government", "side", "border", "authorities",
                                      "officials", "embassy", "and"}))) {
        continue;
      }
      added.push_back({k, k + 1});
    }
    if (added.empty()) return;
    runs_.insert(runs_.end(), added.begin(), added.end());
    std::stable_sort(runs_.begin(), runs_.end(),
                     [](const NameRun& x, const NameRun& y) { return x.first < y.first; });
  }

  void BuildMentions() {
    // Single-word persons were created in pass 2; remember them.
    std::vector<int> last_seen(a_.people.size(), -1);
    std::vector<int> last_single(a_.people.size(), -1);  // By the family name alone.
    for (NameRun& r : runs_) {
      int n = r.last - r.first;
      int id = -1;
      // The run's key is folded once, for the check and the lookup both.
      auto known = by_key_.end();
      if (r.accepted || (n >= 2 && n <= 4)) {
        known = by_key_.find(KeyOf(a_.Slice(r.first, r.last)));
        if (known != by_key_.end()) r.accepted = true;
      }
      if (r.accepted) {
        // Accepted runs were given their person by AcceptRuns.
        if (known == by_key_.end()) continue;
        id = known->second;
      } else if (n == 1) {
        const int h = HonorificBefore(r.first);
        auto own = h >= 0 ? by_key_.find(KeyOf(a_.Slice(h, r.last))) : by_key_.end();
        if (own != by_key_.end()) {
          // "Dr. Biden" again, once known as a person of their own.
          id = own->second;
          r.first = h;
        } else {
          auto it = token_people_.find(toks_[r.first].lower);
          if (it == token_people_.end()) continue;
          int best = -1;
          for (int cand : it->second) {
            if (best < 0 || last_seen[cand] > last_seen[best] ||
                (last_seen[cand] == last_seen[best] &&
                 a_.people[cand].first_token < a_.people[best].first_token)) {
              best = cand;
            }
          }
          id = best;
          // "Vice President Biden ... join him and Dr. Biden": one family
          // name written twice in a sentence, the second time after a form
          // of address, names a second person, known only as "Dr. Biden".
          if (id >= 0 && h >= 0 && last_single[id] >= 0 &&
              toks_[last_single[id]].sentence == toks_[r.first].sentence) {
            id = PersonFor(h, r.last, /*index_words=*/false);
            if (id < 0) continue;
            last_seen.resize(a_.people.size(), -1);
            last_single.resize(a_.people.size(), -1);
            r.first = h;
          }
        }
        if (r.first == h) forms_[id][std::string(a_.Slice(h, r.last))]++;
      } else {
        continue;
      }
      if (id < 0) continue;
      if (n == 1) last_single[id] = r.first;
      last_seen[id] = r.first;
      Mention m;
      m.first = r.first;
      m.last = r.last;
      m.person = id;
      m.ext_end = r.last;
      m.possessive = r.last < static_cast<int>(toks_.size()) && toks_[r.last].possessive;
      int idx = static_cast<int>(a_.mentions.size());
      a_.mentions.push_back(m);
      for (int k = r.first; k < r.last; ++k) a_.mention_at_token[k] = idx;
      if (n >= 1 && r.accepted) {
        std::string form(a_.Slice(r.first, r.last));
        // "Kang, Kyung-wha" is named "Kang Kyung-wha".
        if (comma_names_.contains(r.first))
          form.erase(std::remove(form.begin(), form.end(), ','), form.end());
        forms_[id][form]++;
      }
      a_.people[id].mentions.push_back({toks_[r.first].begin, toks_[r.last - 1].end});
    }
    for (size_t id = 0; id < a_.people.size(); ++id) {
      // The name: the most frequent full form with the most words.
      // Between spellings of one length, the accented one ("Trần Quốc
      // Cường" over "Tran Quoc Cuong") keeps what the article wrote.
      std::string best;
      int best_words = 0, best_count = 0, best_accents = 0;
      for (const auto& [form, count] : forms_[id]) {
        int words = 1 + static_cast<int>(std::count(form.begin(), form.end(), ' '));
        int accents = static_cast<int>(std::count_if(form.begin(), form.end(), [](char c) {
          return static_cast<unsigned char>(c) >= 0xC0;
        }));
        bool better = words > best_words;
        if (words == best_words) {
          better = accents > best_accents ||
                   (accents == best_accents &&
                    (count > best_count || (count == best_count && form < best)));
        }
        if (better) {
          best = form;
          best_words = words;
          best_count = count;
          best_accents = accents;
        }
      }
      a_.people[id].name = best;
      if (a_.people[id].mentions.empty()) a_.people[id].first_token = -1;
    }
  }

  // ---- Titles ----

  bool PreTitleTokenOk(int q, bool* seen_prep) const {
    const Token& t = toks_[q];
    if (t.possessive) return true;
    absl::string_view l = t.lower;
    if (l == "(" || l == ")" || l == "&" || l == "-") return true;
    if (l == "of" || l == "for" || l == "in" || l == "on" || l == "at" || l == "to") {
      *seen_prep = true;
      return true;
    }
    if (l == "the") return true;
    if (l == "and") {
      // "Hong Kong and Macao Affairs Office", "services and the treasury",
      // not "Prime Minister and President".
      const Token& n = toks_[q + 1];
      // "Ambassador Extraordinary and Plenipotentiary X": two modifiers of
      // the head before them, no second post.
      if (q > 0 && q + 2 < static_cast<int>(toks_.size()) && (n.cls & kClsModifier) &&
          !(n.cls & kClsHead) && (toks_[q - 1].cls & kClsModifier) &&
          !(toks_[q - 1].cls & kClsHead) && !(toks_[q + 2].cls & (kClsHead | kClsModifier))) {
        return true;
      }
      if ((n.cls & kClsHead) || (n.cls & kClsModifier)) return false;
      return *seen_prep || (n.word && n.cap);
    }
    if (!t.word) return false;
    if (t.cap) return true;
    if (t.cls & (kClsModifier | kClsHead)) return true;
    if (IsClauseVerb(v_, l)) return false;
    // "met on the margins of the UN General Assembly in New York with
    // Foreign Minister X": "with" opens the counterpart, no part of a title
    // ("Minister with special responsibility for X" keeps it).
    if (l == "with" && !(q + 1 < static_cast<int>(toks_.size()) &&
                         OneOf(toks_[q + 1].lower, {"responsibility", "special"}))) {
      return false;
    }
    if (absl::EndsWith(l, "ing")) return false;  // "in studying ...": a clause.
    if (IsReplaceVerb(l)) return false;          // "T to replace X": X's post is not T.
    return *seen_prep;
  }

  // The title before mention `mi` ("Chinese Vice Premier He Lifeng").
  void PreTitle(int mi) {
    const Mention& m = a_.mentions[mi];
    int b = m.first;
    if (b == 0) return;
    // "External Affairs Minister Dr. Ana Lind": the title before the
    // form of address.
    // "the Rt. Hon X": the article of the form of address too.
    while (b > 0 && toks_[b - 1].sentence == toks_[m.first].sentence &&
           (IsHonorific(toks_[b - 1].lower) ||
            (toks_[b - 1].lower == "the" && b < m.first && IsHonorific(toks_[b].lower)))) {
      --b;
    }
    if (b == 0 || b < m.first - 4 || toks_[b - 1].sentence != toks_[m.first].sentence) return;
    // "the Prime Minister of Freedonia, Petar Kovac,": a title set off
    // before the name by a comma, the name closed by a comma or a stop.
    // Not when that title is itself set off by a comma before it ("Bureau
    // II, the second level inspector, X"): the appositive rules own it.
    const int nt = static_cast<int>(toks_.size());
    // "the Prime Minister, Keir Hale MP,": the name closed after its
    // post-nominal.
    const int after =
        m.last +
        (m.last + 1 < nt && toks_[m.last].all_caps && IsPostNominal(toks_[m.last].lower) ? 1 : 0);
    if (toks_[b - 1].lower == "," && b >= 2 && a_.mention_at_token[b - 2] < 0 && after < nt &&
        (toks_[after].lower == "," || toks_[after].lower == "." || toks_[after].lower == "and")) {
      int q = b - 2;
      // Back over the title's own words only ("by the Prime Minister of
      // X, Name" is not set off; "Name, member of X and secretary of Y,
      // Name2" is).
      while (
          q >= 0 && q > b - 30 && a_.mention_at_token[q] < 0 &&
          (toks_[q].possessive ||
           (toks_[q].word &&
            (toks_[q].cap || (toks_[q].cls & (kClsHead | kClsModifier)) || IsPluralHead(toks_[q]) ||
             toks_[q].lower == "of" || toks_[q].lower == "the" || toks_[q].lower == "and" ||
             toks_[q].lower == "for" || toks_[q].lower == "in" || toks_[q].lower == "to")))) {
        --q;
      }
      // "Samuel Njoroge and the Senate's president, Mary Atieno,": a name
      // joined by "and the" opens a new phrase, so the title after it is
      // set off before the next name.
      const bool joined = q >= 0 && a_.mention_at_token[q] >= 0 && q + 2 < b &&
                          toks_[q + 1].lower == "and" && toks_[q + 2].lower == "the";
      if (q < 0 || (toks_[q].lower != "," && a_.mention_at_token[q] < 0) || joined) --b;
    }
    const int sent_first = SentenceStart(b);
    int rs = b;
    while (rs - 1 >= sent_first && rs - 1 > b - 30) {
      const Token& t = toks_[rs - 1];
      if (t.skip || a_.mention_at_token[rs - 1] >= 0) break;
      if (!t.word && !t.possessive && t.lower != "(" && t.lower != ")" && t.lower != "&" &&
          t.lower != "-" && t.lower != "[" && t.lower != "]") {
        break;
      }
      --rs;
    }
    // "State Councilor and Foreign Minister X": each title before "and"
    // that ends in a head is a position of its own.
    bool stacked = false;
    for (int round = 0, bb = b; round < 3 && bb > rs; ++round) {
      // After a comma-stacked title, an article before the coordinated
      // titles opens the whole stack ("met the Assistant to the President
      // and National Security Advisor, Ambassador X").
      int start = TitleEndingAt(bb, rs, mi, /*coordinated=*/round > 0 && !stacked);
      if (start < 0) return;
      // "Assistant to the President and National Security Advisor,
      // Ambassador X": titles stacked before the name, set off by a comma,
      // the one before it ending in a capitalized head.
      if (start == rs && rs - 2 > sent_first && toks_[rs - 1].lower == "," &&
          a_.mention_at_token[rs - 2] < 0 && HeadWord(v_, toks_[rs - 2]) && toks_[rs - 2].cap) {
        bb = rs - 1;
        rs = bb;
        stacked = true;
        while (rs - 1 >= sent_first && rs - 1 > bb - 30 && !toks_[rs - 1].skip &&
               a_.mention_at_token[rs - 1] < 0 &&
               (toks_[rs - 1].word || toks_[rs - 1].possessive)) {
          --rs;
        }
        continue;
      }
      // "Vice-Chairman of the X Committee and head of Y Zhou Lin": the
      // first title need not end in its head.
      // Not when the second is the same post again, bare or with its own
      // country ("Foreign Secretary and Secretary X", "Foreign Secretary
      // and U.S. Secretary of State X": two people, one named).
      const bool own_country =
          v_.places.contains(toks_[start].lower) ||
          v_.places.contains(absl::StrReplaceAll(toks_[start].lower, {{".", ""}}));
      if (start - 2 >= rs && toks_[start - 1].lower == "and" &&
          !((own_country || bb - start == 1) &&
            SharesHead(std::max(rs, start - 1 - kMaxTitleTokens), start - 1, start, bb))) {
        bb = start - 1;
        continue;
      }
      return;
    }
  }

  // Some head word of [a, a_end) also heads a title word of [b, b_end).
  bool SharesHead(int a, int a_end, int b, int b_end) const {
    for (int p = a; p < a_end; ++p) {
      if (!HeadWord(v_, toks_[p])) continue;
      for (int q = b; q < b_end; ++q) {
        if (HeadWord(v_, toks_[q]) && toks_[q].lower == toks_[p].lower) return true;
      }
    }
    return false;
  }

  // Adds the title that ends right before token `b` (a name or "and");
  // returns its first token, or -1 when there is none.
  // A coordinated title after an article ("The Prime Minister and President
  // X") names someone else and is skipped.
  int TitleEndingAt(int b, int rs, int mi, bool coordinated) {
    const Mention& m = a_.mentions[mi];
    for (int h = rs; h < b; ++h) {
      if (!HeadWord(v_, toks_[h])) continue;
      // "its members in studying X": a common noun, not a title; "its
      // chairman, Tom Reed,": set off right before the name, a post.
      if (h > rs && !toks_[h].cap && !(h + 1 == b && toks_[b].lower == ",") &&
          (toks_[h - 1].lower == "its" || toks_[h - 1].lower == "his" ||
           toks_[h - 1].lower == "her" || toks_[h - 1].lower == "their" ||
           toks_[h - 1].lower == "our")) {
        continue;
      }
      bool seen_prep = false, ok = true;
      for (int q = h + 1; q < b && ok; ++q) ok = PreTitleTokenOk(q, &seen_prep);
      if (!ok) continue;
      int start = h;
      while (start - 1 >= rs) {
        const Token& t = toks_[start - 1];
        // A capitalized preposition of a title-case headline ("Meeting With
        // United Nations Secretary-General X") is no part of a title.
        const bool headline_word = t.lower == "with" || t.lower == "by" || t.lower == "from" ||
                                   t.lower == "at" || t.lower == "on" || t.lower == "meets" ||
                                   t.lower == "meeting" || t.lower == "talks";
        bool take = ((t.word && t.cap) || (t.word && (t.cls & kClsModifier)) || t.possessive) &&
                    !headline_word;
        // "municipal government Secretary-General X", "county government
        // Secretary-General X": a lowercase organization before the title.
        if (!take && t.word && !t.cap && (t.cls & kClsOrgHead) && start - 2 >= rs &&
            toks_[start - 2].word && !toks_[start - 2].cap) {
          const absl::string_view w = toks_[start - 2].lower;
          if ((toks_[start - 2].cls & kClsModifier) || w == "county" || w == "city" ||
              w == "town" || w == "district" || w == "township" || w == "village") {
            start -= 2;
            continue;
          }
        }
        bool and_ok = t.lower != "and" ||
                      (!(toks_[start].cls & kClsHead) && !(toks_[start].cls & kClsModifier));
        const bool in_headline =
            a_.body_first_sentence > 0 && toks_[start].sentence < a_.body_first_sentence;
        // Back over "for" only inside an organization's name ("Organization
        // for Economic Cooperation ... Secretary General X"): "the Great
        // Hall of the People for German Chancellor X" names a venue.
        const bool org_for =
            t.lower == "for" && start - 2 >= rs && (toks_[start - 2].cls & kClsOrgHead);
        if (!take && and_ok && !in_headline &&
            (t.lower == "of" || org_for || t.lower == "and" || t.lower == "the") &&
            start - 2 >= rs && toks_[start - 2].word && toks_[start - 2].cap) {
          take = true;
        }
        // "Assistant to the President", "Envoy to the UN": "to the" after a
        // capitalized modifier or head.
        if (!take && !in_headline && t.lower == "the" && start - 3 >= rs &&
            toks_[start - 2].lower == "to" && toks_[start - 3].cap &&
            (toks_[start - 3].cls & (kClsModifier | kClsHead))) {
          start -= 3;
          continue;
        }
        // "the court's chief justice X": a lowercase body's possessive
        // (kept or dropped below with the body's other possessives).
        if (t.possessive && start - 2 >= rs && toks_[start - 2].word && !toks_[start - 2].cap &&
            (toks_[start - 2].cls & kClsOrgHead)) {
          start -= 2;
          continue;
        }
        // "chief financial officer Jon Doe", "the city's housing officer
        // X": lowercase words inside the post's noun phrase, between its
        // head and a modifier, a possessive, an article or the phrase's
        // start.
        if (!take && !in_headline && start == h && !toks_[h].cap && !toks_[h].all_caps) {
          const int from = LowercaseTitleWordsStart(start, rs);
          if (from >= 0) {
            start = from;
            continue;
          }
        }
        // "[acting] Prime Minister": an editor's bracket stays with it.
        if (!take && t.lower == "]") {
          int open = start - 2;
          while (open >= rs && open > start - 6 && toks_[open].lower != "[") --open;
          if (open >= rs && toks_[open].lower == "[") {
            start = open;
            continue;
          }
        }
        if (!take) break;
        --start;
      }
      // "The delegation head, X,": a lowercase head set off by a comma
      // before the name keeps the nouns of its phrase ("delegation head").
      if (toks_[b].lower == "," && start == h && !toks_[h].cap) {
        const int np = ArticleNounPhraseStart(h);
        if (np >= rs && np < start) start = np;
      }
      // Never from a sentence adverb or conjunction ("Since the Prime
      // Minister and President X last met", "As Director").
      while (start < h && (IsArticleLike(toks_[start].lower) || IsPreposition(toks_[start].lower) ||
                           toks_[start].possessive || IsClauseOpener(toks_[start].lower))) {
        ++start;
      }
      // "the Company's Chief Financial Officer": the organization's
      // possessive is not part of the post (a country's stays: "the UK's
      // Foreign Secretary"; see BodyPossessiveDropped).
      if (start + 2 <= h && BodyPossessiveDropped(start, b)) start += 2;
      int end = b;
      while (end > start && (toks_[end - 1].lower == "(" || toks_[end - 1].lower == "and" ||
                             toks_[end - 1].lower == "the")) {
        --end;
      }
      if (end <= start) return -1;
      if (coordinated && start > SentenceStart(start) &&
          (toks_[start - 1].lower == "the" || toks_[start - 1].lower == "a" ||
           toks_[start - 1].lower == "an")) {
        return -1;
      }
      // "Head of the Press Office Consul X": a head right after the
      // organization that completes another title is a second title.
      int second = end - 1;
      while (second > start + 2 && (toks_[second - 1].cls & kClsModifier) &&
             toks_[second - 1].cap) {
        --second;
      }
      if (second > start + 2 && HeadWord(v_, toks_[end - 1]) && toks_[end - 1].cap &&
          (toks_[second - 1].cls & kClsOrgHead) && HasPrepositionIn(start, second)) {
        AddTitle(m.person, start, second, "");
        AddTitle(m.person, second, end, "");
      } else {
        // "Deputy Prime Minister Foreign Minister X": titles stacked
        // without a comma, each ending in its head.
        int from = start;
        for (int cut = StackedTitleCut(from, end); cut > 0; cut = StackedTitleCut(from, end)) {
          AddTitle(m.person, from, cut, "");
          from = cut;
        }
        AddTitle(m.person, from, end, "");
      }
      for (int q = start; q < end; ++q) a_.pretitle_owner[q] = mi;
      return start;
    }
    return -1;
  }

  // The first of at most two lowercase words of a post's noun phrase
  // ending right before token `start` ("financial" in "chief financial
  // officer", "housing" in "the city's housing officer"), where what comes
  // before them bounds the phrase: a title modifier, a possessive, an
  // article or the start `rs` of the words before the name. -1 when the
  // words before `start` are no such words ("met police officer X": a verb
  // before them).
  int LowercaseTitleWordsStart(int start, int rs) const {
    int q = start;
    while (q - 1 >= rs && q > start - 2) {
      const Token& w = toks_[q - 1];
      // "finance" in "former finance minister": a portfolio is a word of
      // the post, though the name lists hold it as no name.
      const bool portfolio = w.word && !w.cap && IsPortfolioNoun(w.lower);
      if (!portfolio && (!w.word || w.cap || w.all_caps || w.has_digit || w.possessive ||
                         (w.cls & (kClsModifier | kClsNonName)) || IsClauseVerb(v_, w.lower) ||
                         a_.mention_at_token[q - 1] >= 0 || absl::EndsWith(w.lower, "ly") ||
                         absl::EndsWith(w.lower, "ed"))) {
        break;
      }
      --q;
    }
    // The longest stretch that the words before it bound ("the visiting
    // trade minister" keeps "trade minister").
    for (; q < start; ++q) {
      // "met finance minister X": the portfolio opens the post's phrase.
      if (IsPortfolioNoun(toks_[q].lower)) return q;
      const Token* p = q > rs ? &toks_[q - 1] : nullptr;
      // "the visiting minister", "a leading economist": a participle is a
      // post's word only after a possessive ("the city's housing officer").
      bool participle = false;
      for (int w = q; w < start; ++w) participle |= absl::EndsWith(toks_[w].lower, "ing");
      if (participle && !(p != nullptr && p->possessive)) continue;
      if (p == nullptr || p->possessive ||
          OneOf(p->lower, {"the", "a", "an", "its", "his", "her", "their", "our"}) ||
          (p->word && (p->cls & kClsModifier))) {
        return q;
      }
    }
    return -1;
  }

  // [first, last) opens with a body's possessive that is no part of the
  // post: "the company's chief financial officer". A bare head after it
  // keeps it, as only the body says which post it is: "the Senate's
  // president", "the board's chairman".
  bool BodyPossessiveDropped(int first, int last) const {
    int words = 0;
    for (int q = first + 2; q < last; ++q) words += toks_[q].word ? 1 : 0;
    return first + 1 < last && (toks_[first].cls & kClsOrgHead) && toks_[first + 1].possessive &&
           words >= 2;
  }

  // Where a second title starts inside [first, last): a capitalized head
  // followed by capitalized words that are no heads ("Foreign", "Deputy",
  // "Defense") and another capitalized head. "Secretary General", "Chief
  // Financial Officer" and "Director General" stay one title. Returns -1 when there is none.
  int StackedTitleCut(int first, int last) const {
    auto cap_head = [&](int q) { return toks_[q].cap && HeadWord(v_, toks_[q]); };
    // The first title ends in a head that modifies nothing ("Minister",
    // not "Chief" of "Chief Financial Officer").
    auto end_head = [&](int q) { return cap_head(q) && !(toks_[q].cls & kClsModifier); };
    // A capitalized modifier or department word, no head and no
    // organization: "Foreign", "Deputy", "Defense".
    auto lead_modifier = [&](int q) {
      return toks_[q].word && toks_[q].cap && !(toks_[q].cls & (kClsHead | kClsOrgHead)) &&
             !toks_[q].has_digit;
    };
    for (int q = first + 1; q < last; ++q) {
      // "Ranking Member Rep. X": a title written short opens another.
      // "Nordby Council leader Cllr X": after a lowercase head too.
      if ((end_head(q - 1) || (HeadWord(v_, toks_[q - 1]) && !(toks_[q - 1].cls & kClsModifier))) &&
          cap_head(q) && IsAbbreviatedTitleHead(toks_[q].lower)) {
        return q;
      }
      if (q + 1 >= last || !end_head(q - 1) || !lead_modifier(q)) continue;
      int r = q;
      while (r < last && lead_modifier(r)) ++r;
      if (r < last && cap_head(r)) return q;
    }
    return -1;
  }

  bool HasHeadIn(int first, int last) const {
    for (int q = first; q < last; ++q) {
      if (HeadWord(v_, toks_[q])) return true;
    }
    return false;
  }

  bool HasPrepositionIn(int first, int last) const {
    for (int q = first; q < last; ++q) {
      if (toks_[q].lower == "of" || toks_[q].lower == "for") return true;
    }
    return false;
  }

  static bool IsClauseOpener(absl::string_view l) {
    return OneOf(l, {"since", "as", "while", "when", "after", "before", "although", "though",
                     "because", "if", "formerly", "meanwhile", "however", "once", "until"});
  }

  bool PartValid(int first, int last) const {
    int k = first;
    while (k < last && IsArticleLike(toks_[k].lower)) ++k;
    if (k >= last) return false;
    const Token& t0 = toks_[k];
    if (!t0.word) return false;
    int lowercase_lead = 0;
    for (int q = k; q < last; ++q) {
      const Token& t = toks_[q];
      if (IsPreposition(t.lower) || t.lower == ",") return false;
      if (HeadWord(v_, t) || IsPluralHead(t)) return true;
      if (t.possessive) continue;  // "People's Committee Chairman".
      if (!t.word) return false;
      if (!t.cap && !(t.cls & kClsModifier)) {
        if ((IsClauseVerb(v_, t.lower) && !NounAfterDeterminer(q)) || ++lowercase_lead > 2) {
          return false;
        }
      }
    }
    return false;
  }

  bool IsPrepositionTok(int q) const { return IsPreposition(toks_[q].lower); }

  // Splits [first, last) into positions at "," / "and" and adds them.
  void AddTitleParts(int person, int first, int last) {
    std::vector<std::pair<int, int>> parts;
    int part_start = first;
    for (int q = first; q < last; ++q) {
      absl::string_view l = toks_[q].lower;
      if (l != "," && l != "and" && l != "cum") continue;
      int next = q + 1;
      while (next < last && (toks_[next].lower == "and" || toks_[next].lower == ",")) {
        ++next;
      }
      if (next >= last) break;
      if (PartValid(next, last) || PartValidShort(next, last)) {
        parts.push_back({part_start, q});
        part_start = next;
        q = next - 1;
      }
    }
    parts.push_back({part_start, last});
    for (size_t i = 0; i < parts.size(); ++i) {
      auto [pf, pl] = parts[i];
      while (pf < pl && IsArticleLike(toks_[pf].lower)) ++pf;
      // "the company's chief financial officer": the organization's
      // possessive is not part of the post.
      if (pf + 2 < pl && BodyPossessiveDropped(pf, pl)) pf += 2;
      while (pl > pf && (toks_[pl - 1].lower == "," || toks_[pl - 1].lower == "and")) {
        --pl;
      }
      if (pl <= pf) continue;
      if (!PartValid(pf, pl) && !PartValidShort(pf, pl)) continue;
      bool has_prep = false;
      for (int q = pf; q < pl; ++q) has_prep |= IsPrepositionTok(q);
      std::string suffix;
      // "publisher and editor-in-chief of X": a bare head shares the
      // complement of the next position.
      if (!has_prep && pl - pf == 1 && i + 1 < parts.size()) {
        auto [nf, nl] = parts[i + 1];
        for (int q = nf; q < nl; ++q) {
          if (toks_[q].lower == "of") {
            suffix = absl::StrCat(" ", a_.Slice(q, nl));
            break;
          }
        }
      }
      // "chairman of Alpha Group and Beta Holdings": one head over two
      // organizations is two posts.
      int of = -1, conj = -1;
      for (int q = pf; q < pl; ++q) {
        if (toks_[q].lower == "of" && of < 0) of = q;
        if (toks_[q].lower == "and" && of >= 0 && conj < 0) conj = q;
      }
      if (suffix.empty() && of > pf && conj > of + 1 && conj + 1 < pl &&
          (toks_[conj - 1].cls & kClsOrgHead) && toks_[conj - 1].cap &&
          (toks_[pl - 1].cls & kClsOrgHead) && toks_[pl - 1].cap && toks_[conj + 1].cap &&
          !HasHeadIn(of, pl)) {
        AddTitle(person, pf, conj, "");
        AddTitle(person, pf, of + 1, absl::StrCat(" ", a_.Slice(conj + 1, pl)));
        continue;
      }
      AddTitle(person, pf, pl, suffix);
    }
  }

  // A bare head or modifiers + head with no complement ("publisher").
  bool PartValidShort(int first, int last) const {
    int k = first;
    while (k < last && IsArticleLike(toks_[k].lower)) ++k;
    int q = k;
    while (q < last && toks_[q].word &&
           ((toks_[q].cls & kClsModifier) || (toks_[q].cls & kClsHead))) {
      if (HeadWord(v_, toks_[q]) &&
          (q + 1 >= last || toks_[q + 1].lower == "and" || toks_[q + 1].lower == ",")) {
        return true;
      }
      ++q;
    }
    return false;
  }

  // "the VIP Room", "the Great Hall of the People": a venue, not a title.
  bool IsVenueAhead(int k, int send) const {
    static const auto* const kVenues = new absl::flat_hash_set<std::string>{
        "room",       "hall",   "building", "hotel",        "auditorium", "palace",
        "guesthouse", "center", "centre",   "headquarters", "stadium"};
    if (k < send && toks_[k].lower == "the") ++k;
    for (int q = k; q < send && q < k + 6; ++q) {
      if (!toks_[q].word || !toks_[q].cap) return false;
      if (kVenues->contains(toks_[q].lower)) return true;
    }
    return false;
  }

  static bool IsDash(absl::string_view l) {
    return OneOf(l, {"-", "--", "\xE2\x80\x93", "\xE2\x80\x94"});
  }

  // A head written in the plural ("directors", "members").
  // Classed once per token (Token::plural_head): a bit test.
  static bool IsPluralHead(const Token& t) { return t.word && t.plural_head; }

  bool HasPluralHead(int first, int last) const {
    for (int q = first; q < last; ++q) {
      if (IsPreposition(toks_[q].lower)) return false;
      if (IsPluralHead(toks_[q])) return true;
    }
    return false;
  }

  // "his delegation", "other officials", "vice chairpersons of X".
  bool StartsOtherPeople(int k, int send) const {
    const absl::string_view l = toks_[k].lower;
    if (l == "his" || l == "her" || l == "their" || l == "other") return true;
    for (int q = k; q < send && q < k + 4; ++q) {
      const absl::string_view w = toks_[q].lower;
      if (IsPluralHead(toks_[q]) || w == "chairpersons" || w == "officials" || w == "leaders" ||
          w == "cadres" || w == "others") {
        return true;
      }
      if (!(toks_[q].cls & kClsModifier)) return false;
    }
    return false;
  }

  // A word that modifies the head of a post after it: a title modifier
  // ("vice", "deputy") or a capitalized word that is no function word
  // ("Board members", "Standing Committee members"; not "Several").
  bool PostModifier(int k) const {
    const Token& t = toks_[k];
    if (IsArticleLike(t.lower) || IsPreposition(t.lower)) return false;
    return (t.cls & kClsModifier) ||
           (t.cap && !t.all_caps && (!(t.cls & kClsNonName) || (t.cls & kClsOrgHead)));
  }

  // A plural title that opens a list of names gives each the post in the
  // singular: "the following directors: Bo Lin, Wu Hai; supervisors: Ma
  // Qiang", "the heads of government Ana Lind (Ruritania), Bo Kell
  // (Nuvia) and ...". Returns the token after the list.
  int ListAfterPluralTitle(int k) {
    const int nt = static_cast<int>(toks_.size());
    // The title: lowercase words ending in a plural head, with at most one
    // "of <word>" after the head, right before `k` (a colon or a name).
    int end = k;
    if (toks_[k].lower == ":") {
      if (k + 1 >= nt || a_.mention_at_token[k + 1] < 0) return k + 1;
    } else if (a_.mention_at_token[k] < 0 || a_.mentions[a_.mention_at_token[k]].first != k) {
      return k + 1;
    }
    // "Among the new judges were A and B": the plural title before the
    // inverted copula.
    if (const int noun = AmongPluralBefore(k); noun >= 0) end = noun + 1;
    int head = end - 1;
    if (head >= 2 && toks_[head - 1].lower == "of" && toks_[head].word && !toks_[head].cap) {
      head -= 2;  // "heads of government".
    }
    if (head < 0 || !IsPluralHead(toks_[head]) || toks_[head].sentence != toks_[k].sentence) {
      return k + 1;
    }
    int first = head;
    while (first - 1 >= SentenceStart(head) && toks_[first - 1].word && PostModifier(first - 1)) {
      --first;
    }
    // "Vice Premiers A, B and C, State Councilors D and E": a capitalized
    // plural title right before a name opens a list when it opens its
    // phrase (the sentence, or after a comma, "and" or a lowercase word),
    // so that it is no tail of an organization's name.
    if (toks_[head].cap && toks_[k].lower != ":" && first > SentenceStart(head) &&
        toks_[first - 1].word && toks_[first - 1].cap && toks_[first - 1].lower != "and") {
      return k + 1;
    }
    const int q = TitleOverList(toks_[k].lower == ":" ? k + 1 : k, first, end);
    return std::max(q, k + 1);
  }

  // Gives the post [first, end) to each name of the list that starts at q
  // ("A, B (Nuvia) and C"), and returns the token after the list. A name
  // with a title of its own right before it keeps that one only.
  int TitleOverList(int q, int first, int end) {
    const int send = SentenceEnd(q);
    while (q < send) {
      const int mi = a_.mention_at_token[q];
      if (mi < 0 || a_.mentions[mi].first != q) break;
      const Mention& m = a_.mentions[mi];
      if (q == 0 || a_.pretitle_owner[q - 1] != mi) AddTitle(m.person, first, end, "");
      q = m.last;
      if (q < send && toks_[q].lower == "(") {  // "(Ruritania)"
        int c = q + 1;
        while (c < send && c < q + 5 && toks_[c].lower != ")") ++c;
        if (c < send && toks_[c].lower == ")") q = c + 1;
      }
      // "A, a former prosecutor, and B": the list goes on after what
      // describes A.
      if (const int close = ArticleAppositiveClose(q); close > 0) q = close;
      if (q < send && (toks_[q].lower == "," || toks_[q].lower == "and")) {
        ++q;
        if (q < send && toks_[q].lower == "and") ++q;
        continue;
      }
      break;
    }
    return q;
  }

  // "Members of the Standing Committee including A and B", "board
  // directors such as A, B and C": a plural post before "including",
  // "such as" or "namely" is the post of each name listed after it. `k` is
  // the token after the list word.
  void TitleOverIncludedList(int k) {
    const int nt = static_cast<int>(toks_.size());
    int list = k;
    if (list < nt && toks_[list].lower == ":") ++list;
    if (list >= nt || a_.mention_at_token[list] < 0 ||
        a_.mentions[a_.mention_at_token[list]].first != list) {
      return;
    }
    int end = OneOf(toks_[k - 1].lower, {"including", "namely"}) ? k - 1 : k - 2;
    if (end > 0 && toks_[end - 1].lower == ",") --end;
    const int sent_first = SentenceStart(list);
    // Back over the words of a post: capitalized words, title words, plural
    // heads and the small words of an organization's name.
    int q = end;
    while (q - 1 >= sent_first && q > end - kMaxTitleTokens && a_.mention_at_token[q - 1] < 0) {
      const Token& t = toks_[q - 1];
      if (!(t.possessive ||
            (t.word && (t.cap || (t.cls & (kClsModifier | kClsHead)) || IsPluralHead(t) ||
                        OneOf(t.lower, {"of", "the", "for", "and"}))))) {
        break;
      }
      --q;
    }
    int head = q;
    while (head < end && !IsPluralHead(toks_[head])) ++head;
    if (head == end) return;
    // The post opens with the head's own modifiers ("Vice chairpersons").
    int first = head;
    while (first - 1 >= q && toks_[first - 1].word && PostModifier(first - 1)) --first;
    while (end > head + 1 && OneOf(toks_[end - 1].lower, {"the", "and", "of", "for"})) --end;
    // A bare plural ("members, including A") names no post.
    if (first == head && end == head + 1) return;
    TitleOverList(list, first, end);
  }

  // "Bo Lin, Wu Hai and other standing members of X": each listed name
  // holds the post.
  void AndOtherTitle(int mi) {
    const Mention& m = a_.mentions[mi];
    const int nt = static_cast<int>(toks_.size());
    if (m.possessive || m.last + 2 >= nt || toks_[m.last].lower != "and" ||
        toks_[m.last + 1].lower != "other") {
      return;
    }
    const int send = SentenceEnd(m.first);
    const int j = m.last + 2;
    int q = j;
    while (q < send && q - j < kMaxTitleTokens && !IsQuoteOrStop(toks_[q].lower) &&
           toks_[q].lower != "," &&
           !(toks_[q].word && !toks_[q].cap && IsClauseVerb(v_, toks_[q].lower))) {
      ++q;
    }
    if (!HasPluralHead(j, q) || !PartValid(j, q)) return;
    int who = mi;
    while (true) {
      AddTitle(a_.mentions[who].person, j, q, "");
      const int first = a_.mentions[who].first;
      if (first < 2 || (toks_[first - 1].lower != "," && toks_[first - 1].lower != "and")) break;
      who = a_.mention_at_token[first - 2];
      if (who < 0 || a_.mentions[who].last != first - 1 || a_.mentions[who].possessive) break;
    }
  }

  // The appositive after mention `mi` ("X, secretary of Y and Z of W,").
  void Appositive(int mi) {
    Mention& m = a_.mentions[mi];
    if (m.possessive) return;
    const int nt = static_cast<int>(toks_.size());
    int e = m.last;
    // "Olivia Grant MP, Secretary of State for Trade": after a post-nominal.
    if (e < nt && toks_[e].all_caps && toks_[e].sentence == toks_[m.first].sentence &&
        IsPostNominal(toks_[e].lower)) {
      ++e;
    }
    if (e < nt && toks_[e].lower == "(") {
      int c = e + 1;
      while (c < nt && c < e + 6 && toks_[c].lower != ")") ++c;
      if (c < nt && toks_[c].lower == ")") e = c + 1;
    }
    // "Tove Hagen, 54, a lawyer,": past the age.
    if (AgeAfter(e)) e += 2;
    // "Bo Lin, secretary of X", "Bo Lin - the chief financial officer".
    if (e >= nt || (toks_[e].lower != "," && !IsDash(toks_[e].lower))) return;
    const int send = SentenceEnd(m.first);
    int j = e + 1;
    while (j < send &&
           (toks_[j].lower == "also" || toks_[j].lower == "a" || toks_[j].lower == "an" ||
            toks_[j].lower == "the" || toks_[j].lower == "now" || toks_[j].lower == "and" ||
            toks_[j].lower == "even")) {
      ++j;
    }
    // "X, who was mayor of Bergen until 2019,", "X, who had been a
    // prosecutor,": the post the relative clause gives.
    if (j + 1 < send && toks_[j].lower == "who") {
      int c = j + 1;
      if (c + 1 < send && OneOf(toks_[c].lower, {"had", "has"}) && toks_[c + 1].lower == "been") {
        ++c;
      }
      if (OneOf(toks_[c].lower, {"was", "is", "been"}) && PostAfter(c + 1, /*who=*/true)) {
        j = c + 1;
        while (j < send && OneOf(toks_[j].lower, {"a", "an", "the"})) ++j;
      }
    }
    // "X, as acting chief executive, will": the post after "as".
    if (j + 1 < send && toks_[j].lower == "as") ++j;
    if (j >= send || !AppositiveHasHead(j)) return;
    // ", serving as Secretary of X,", ", appointed Director in May,": the
    // trigger's phrase gives the title (TriggerTitles), not the appositive.
    if (toks_[j].word && !toks_[j].cap && (toks_[j].cls & kClsTitleTrigger) &&
        toks_[j].lower != "as") {
      return;
    }
    int q = j;
    for (; q < send; ++q) {
      const Token& t = toks_[q];
      if (q - j > kMaxTitleTokens) return;
      if (IsQuoteOrStop(t.lower)) break;
      if (q > j && IsDash(t.lower)) break;
      // "... to Ruritania on May 31", "... today": the time ends the title.
      if (t.lower == "today" || t.lower == "yesterday" || t.lower == "tomorrow") break;
      // "... until 2019", "... from 2001 to 2009", "... since May": a
      // time ends the title.
      if (OneOf(t.lower, {"until", "since", "from", "between", "till"}) && q + 1 < send &&
          (toks_[q + 1].has_digit || MonthNumber(toks_[q + 1].lower) > 0)) {
        break;
      }
      if (t.lower == "on" && q + 1 < send &&
          (toks_[q + 1].has_digit || MonthNumber(toks_[q + 1].lower) > 0 ||
           WeekdayNumber(toks_[q + 1].lower) >= 0)) {
        break;
      }
      // "..., and his delegation", "and other officials", "and vice
      // chairpersons of X": others join, the title has ended.
      if (t.lower == "and" && q + 1 < send && StartsOtherPeople(q + 1, send)) break;
      if (t.lower == "and" && q + 1 < send && toks_[q + 1].has_digit) break;
      // ", and Mr. Paul Durand, ...": a form of address starts the next
      // person.
      if (q > j && t.word && t.cap && (toks_[q - 1].lower == "," || toks_[q - 1].lower == "and") &&
          IsHonorific(t.lower)) {
        break;
      }
      if (t.word && !t.cap && IsClauseVerb(v_, t.lower) && !NounAfterDeterminer(q)) break;
      if (a_.mention_at_token[q] >= 0 || a_.pretitle_owner[q] >= 0) break;
      if (t.lower == "," && q + 1 < send) {
        const Token& n = toks_[q + 1];
        if (n.has_digit || MonthNumber(n.lower) > 0) break;
        if (n.word && !n.cap && !(n.cls & kClsModifier) && !(n.cls & kClsHead) &&
            n.lower != "and" && n.lower != "also" && n.lower != "a" && n.lower != "an" &&
            n.lower != "the") {
          break;
        }
        // ", the following directors:", ", a total of": a new phrase.
        if ((n.lower == "the" || n.lower == "a" || n.lower == "an") && q + 2 < send) {
          const Token& w = toks_[q + 2];
          if (w.word && !w.cap && !(w.cls & (kClsModifier | kClsHead))) break;
        }
      }
      if (t.lower == "(" && q + 1 < send && toks_[q + 1].skip) break;
      if ((t.lower == "in" || t.lower == "at") && IsVenueAhead(q + 1, send)) break;
    }
    int last = q;
    while (last > j && (toks_[last - 1].lower == "," || toks_[last - 1].lower == "and" ||
                        toks_[last - 1].lower == "also")) {
      --last;
    }
    if (last <= j) return;
    // "A, B and C, State Councilors D and E": a title that runs straight
    // into a name is that name's (or its list's), not an appositive of the
    // name before the comma.
    if (last == q && q < send && a_.mention_at_token[q] >= 0 &&
        a_.mentions[a_.mention_at_token[q]].first == q) {
      return;
    }
    // "The Ruritanian Premier, Ana Lind, the Nuvian President, Bo Kell,":
    // in a chain of titles set off before names, the title goes forward.
    const bool set_off = toks_[j - 1].lower == "the" && m.first >= 2 &&
                         toks_[m.first - 1].lower == "," && a_.pretitle_owner[m.first - 2] == mi;
    // "High Commissioner Ana Lind, Joint Secretary in the Ministry, Bo
    // Kell, and others": a list of titled people, the first titled before
    // her name, the next after a comma before his.
    const bool titled_before =
        toks_[j - 1].lower == "," && m.first >= 1 && a_.pretitle_owner[m.first - 1] == mi;
    if (last + 1 < send && toks_[last].lower == "," && (set_off || titled_before)) {
      const int next = a_.mention_at_token[last + 1];
      if (next >= 0 && a_.mentions[next].first == last + 1) {
        const int after = a_.mentions[next].last;
        // Not when the next name has its own appositive ("Bo Kell, head of
        // X,"): then each title follows its name.
        const bool own_title = titled_before && after + 1 < send && toks_[after].lower == "," &&
                               AppositiveHasHead(after + 1);
        if (after < send && (toks_[after].lower == "," || toks_[after].lower == "and") &&
            !own_title) {
          AddTitleParts(a_.mentions[next].person, j, last);
          for (int k = j; k < last; ++k) a_.pretitle_owner[k] = next;
          return;
        }
      }
    }
    AddTitleParts(m.person, j, last);
    // "Bo Lin and Wu Hai, vice directors of X": each holds the post.
    if (HasPluralHead(j, last)) {
      int k = m.first;
      while (k >= 2 && (toks_[k - 1].lower == "and" || toks_[k - 1].lower == ",") &&
             a_.mention_at_token[k - 2] >= 0) {
        const Mention& prev = a_.mentions[a_.mention_at_token[k - 2]];
        if (prev.last != k - 1 || prev.possessive) break;
        AddTitleParts(prev.person, j, last);
        k = prev.first;
      }
    }
    m.ext_end = q;
  }

  // "X has been appointed (as) / elected / serves as TITLE".
  void TriggerTitles() {
    const int nt = static_cast<int>(toks_.size());
    // Only the trigger words below are listed as kClsTitleTrigger.
    for (int k = 0; (k = NextWithClass(toks_, k, nt, kClsTitleTrigger)) < nt; ++k) {
      absl::string_view l = toks_[k].lower;
      int j = -1;
      if (IsElectionVerb(l) || l == "named" || l == "designated" || l == "re-designated" ||
          l == "nominated") {
        j = k + 1;
        if (j + 2 < nt && toks_[j].lower == "to" && toks_[j + 1].lower == "serve" &&
            toks_[j + 2].lower == "as") {
          j += 3;
        } else if (j < nt && toks_[j].lower == "as") {
          ++j;
        }
      } else if (l == "as" && k > 0 && MentionEndingAt(k) >= 0 &&
                 !a_.mentions[MentionEndingAt(k)].possessive) {
        // "appointed Gao Wen as minister of finance".
        j = k + 1;
      } else if (l == "as" && TakingPostBefore(k) && !AsOpensAClause(k, nt)) {
        // "was sworn in as president of the court", "took office as Mayor".
        j = k + 1;
      } else if (l == "as" && k + 1 < nt &&
                 (toks_[k + 1].lower == "a" || toks_[k + 1].lower == "an") &&
                 (k == 0 || (toks_[k - 1].lower != "such" && toks_[k - 1].lower != "well"))) {
        j = k + 1;
      } else if ((l == "been" && k > 0 && k + 1 < nt &&
                  (toks_[k - 1].lower == "had" || toks_[k - 1].lower == "has" ||
                   toks_[k - 1].lower == "have") &&
                  (toks_[k + 1].cap || IsArticleLike(toks_[k + 1].lower) ||
                   (toks_[k + 1].cls & (kClsModifier | kClsHead)))) ||
                 l == "remain" || l == "remains" || l == "remained") {
        // "who had been Chief Operating Officer", "will remain a member of
        // the Board".
        j = k + 1;
      } else if (l == "become" || l == "becomes" || l == "became" || l == "becoming") {
        // "will become (the) Special Envoy", "is becoming a Deputy X".
        j = k + 1;
      } else if ((l == "serves" || l == "serve" || l == "served" || l == "serving" ||
                  l == "acted" || l == "acts" || l == "act") &&
                 k + 1 < nt && toks_[k + 1].lower == "as") {
        j = k + 2;
      }
      if (j < 0 || j >= nt) continue;
      // "has resigned as a director", "stepped down as Chairman": a post
      // given up is no title of the person now.
      if (l == "as" && LeftPostBefore(k)) continue;
      int subject = -1;
      // "named Tom Reed Ambassador to Chile": the object right after the
      // trigger holds the title written after the name.
      if ((l == "named" || l == "nominated" || l == "designated" || IsElectionVerb(l)) &&
          a_.mention_at_token[j] >= 0 && a_.mentions[a_.mention_at_token[j]].first == j &&
          !a_.mentions[a_.mention_at_token[j]].possessive) {
        const Mention& obj = a_.mentions[a_.mention_at_token[j]];
        int after = obj.last;
        if (after < nt && toks_[after].lower == "as") ++after;
        // "named Tom Reed chairman of the audit committee": a lowercase
        // post as well, when its head comes within its first words.
        bool post = after < nt && toks_[after].word && toks_[after].cap &&
                    (toks_[after].cls & (kClsHead | kClsModifier));
        for (int q = after; !post && q < nt && q < after + 3 && toks_[q].word && !toks_[q].cap &&
                            (toks_[q].cls & (kClsHead | kClsModifier));
             ++q) {
          post = (toks_[q].cls & kClsHead) != 0;
        }
        if (post && toks_[after].sentence == toks_[k].sentence) {
          subject = obj.person;
          j = after;
        }
      }
      // The subject: the nearest mention before the trigger in the sentence.
      // "X will replace Y as T": the title is X's.
      for (int q = k - 1; subject < 0 && q >= SentenceStart(k) && q > k - 30; --q) {
        // "X said Korean firms see Vietnam as a key partner": a reporting
        // verb opens a clause of its own; its speaker is not its subject.
        if (toks_[q].word && !toks_[q].cap && (toks_[q].cls & kClsReporting) &&
            !NounAfterDeterminer(q)) {
          break;
        }
        int mi = a_.mention_at_token[q];
        if (mi >= 0 && !a_.mentions[mi].possessive) {
          const int before = a_.mentions[mi].first - 1;
          if (l == "as" && before > 0 && IsReplaceVerb(toks_[before].lower)) {
            q = a_.mentions[mi].first;
            continue;
          }
          subject = a_.mentions[mi].person;
          break;
        }
      }
      if (subject < 0) continue;
      const int send = SentenceEnd(k);
      int q = j;
      for (; q < send && q - j <= kMaxTitleTokens; ++q) {
        const Token& t = toks_[q];
        if (t.lower == "," || IsQuoteOrStop(t.lower)) break;
        if (t.word && !t.cap &&
            (t.lower == "on" || t.lower == "at" || t.lower == "since" || t.lower == "after" ||
             t.lower == "when" || t.lower == "from" || t.lower == "by" || t.lower == "with" ||
             t.lower == "during" || t.lower == "last" || t.lower == "this" ||
             (t.lower == "to" && !TitleComplementAfter(q + 1, send)) ||
             IsClauseVerb(v_, t.lower))) {
          break;
        }
        if (t.lower == "in" && q + 1 < send &&
            (toks_[q + 1].has_digit || MonthNumber(toks_[q + 1].lower) > 0)) {
          break;
        }
        // "served as a magistrate for ten years": a length of time.
        if (t.lower == "for" && q + 1 < send &&
            (toks_[q + 1].has_digit ||
             OneOf(toks_[q + 1].lower,
                   {"two",    "three",  "four",   "five",    "six",   "seven", "eight", "nine",
                    "ten",    "twenty", "thirty", "several", "many",  "more",  "over",  "nearly",
                    "almost", "about",  "a",      "decades", "years", "months"}))) {
          break;
        }
        if (a_.mention_at_token[q] >= 0) break;
      }
      if (q > j && PartValid(j, q)) {
        AddTitleParts(subject, j, q);
        // "named Tom Reed and Ana Costa as independent members of the
        // board": each name of the list before "as" holds the post.
        const int last_mi = l == "as" ? MentionEndingAt(k) : -1;
        if (last_mi >= 0 && a_.mentions[last_mi].person == subject &&
            a_.mentions[last_mi].last == k) {
          int f = a_.mentions[last_mi].first;
          while (f >= 2 && OneOf(toks_[f - 1].lower, {"and", ","})) {
            int prev = f - 2;
            if (toks_[f - 1].lower == "and" && toks_[prev].lower == ",") --prev;
            const int pm = prev >= 0 ? a_.mention_at_token[prev] : -1;
            if (pm < 0 || a_.mentions[pm].last != prev + 1 || a_.mentions[pm].possessive) break;
            AddTitleParts(a_.mentions[pm].person, j, q);
            f = a_.mentions[pm].first;
          }
        }
      }
    }
  }

  // A verb of taking up a post ends right before the "as" at token k:
  // "sworn in", "installed", "inaugurated", "confirmed", "reappointed",
  // "re-elected", "took office", "took over", "takes over", "assumed
  // office", "took the oath (of office)".
  bool TakingPostBefore(int k) const {
    if (k < 1) return false;
    const absl::string_view p = toks_[k - 1].lower;
    if (OneOf(p, {"installed", "inaugurated", "confirmed", "reappointed", "re-appointed",
                  "re-elected", "reelected"})) {
      return true;
    }
    if (k < 2) return false;
    const absl::string_view pp = toks_[k - 2].lower;
    // "took the oath of office as", "took the oath as".
    const int took = pp == "of" ? k - 5 : k - 3;
    if (took >= 0 &&
        ((p == "office" && pp == "of" && toks_[k - 3].lower == "oath") ||
         (p == "oath" && pp == "the")) &&
        OneOf(toks_[took].lower, {"took", "take", "takes", "taking"})) {
      return true;
    }
    return (p == "in" && pp == "sworn") ||
           (OneOf(p, {"office", "over"}) && OneOf(pp, {"took", "take", "takes", "taking"})) ||
           (p == "office" && OneOf(pp, {"assumed", "assumes", "assume", "assuming"}));
  }

  // The "as" at token k opens a clause of time, not a post: "sworn in as
  // President Tom Reed looked on" (a person in the phrase), "took over as
  // the chairman resigned", "as members of the council applauded" (a verb
  // in the past after the post's head), before the clause's end.
  bool AsOpensAClause(int k, int nt) const {
    bool head = false;
    for (int q = k + 1; q < nt && q < k + 10 && toks_[q].word; ++q) {
      if (a_.mention_at_token[q] >= 0) return true;
      const Token& t = toks_[q];
      if (t.cls & kClsHead) {
        head = true;
      } else if (head && !t.cap && t.lower.size() > 4 && absl::EndsWith(t.lower, "ed") &&
                 !OneOf(t.lower, {"elected", "appointed", "based", "charged", "tasked", "named"})) {
        return true;
      }
    }
    return false;
  }

  // A verb of leaving a post ends right before token k ("resigned",
  // "stepped down", "retired").
  bool LeftPostBefore(int k) const {
    int q = k - 1;
    if (q >= 0 && OneOf(toks_[q].lower, {"down", "aside"})) --q;
    return q >= 0 && IsLeavingPostVerb(toks_[q].lower);
  }

  static bool IsReplaceVerb(absl::string_view l) {
    return OneOf(l, {"replace", "replaces", "replaced", "replacing", "succeed", "succeeds",
                     "succeeded", "succeeding"});
  }

  // The mention that ends right before token k, also across a short
  // parenthesis after it ("Mr. X (ID: 0012) as Director"); else -1.
  int MentionEndingAt(int k) const {
    int q = k - 1;
    if (q >= 0 && toks_[q].lower == ")") {
      int open = q - 1;
      while (open >= 0 && open > q - 8 && toks_[open].lower != "(") --open;
      if (open < 0 || toks_[open].lower != "(") return -1;
      q = open - 1;
    }
    // "appointed Marta Ekholm, previously head of retail banking, as
    // chief executive": the mention whose appositive ends at the comma.
    if (q > 0 && toks_[q].lower == ",") {
      for (int r = q - 1;
           r >= 0 && r > q - kMaxTitleTokens && toks_[r].sentence == toks_[q].sentence; --r) {
        const int mi = a_.mention_at_token[r];
        if (mi < 0) continue;
        return a_.mentions[mi].ext_end == q && a_.mentions[mi].last < q ? mi : -1;
      }
      return -1;
    }
    return q >= 0 ? a_.mention_at_token[q] : -1;
  }

  // "to the UN", "to Ruritania": a capitalized complement, not "to lead".
  bool TitleComplementAfter(int k, int send) const {
    if (k < send && toks_[k].lower == "the") ++k;
    return k < send && toks_[k].word && toks_[k].cap;
  }

  // The closing parenthesis of "(<title>)" opening at k, a short phrase
  // with a title head and no name ("(Chairman)", "(Group Managing
  // Director)"; not "(Ruritania)"), else -1.
  int ParenthesizedTitleClose(int k) const {
    const int nt = static_cast<int>(toks_.size());
    if (k >= nt || toks_[k].lower != "(") return -1;
    int c = k + 1;
    while (c < nt && c < k + 10 && toks_[c].lower != ")" &&
           toks_[c].sentence == toks_[k].sentence) {
      ++c;
    }
    if (c >= nt || toks_[c].lower != ")" || c == k + 1) return -1;
    for (int q = k + 1; q < c; ++q) {
      if (a_.mention_at_token[q] >= 0 || toks_[q].has_digit) return -1;
    }
    return PartValid(k + 1, c) ? c : -1;
  }

  // "Ahmad Zaki (Chairman), Lim Kok Wah (Group Managing Director)": a title
  // in parentheses right after a name, as minutes list those present.
  void ParenthesizedTitle(int mi) {
    const Mention& m = a_.mentions[mi];
    int open = m.last;
    if (open < static_cast<int>(toks_.size()) && toks_[open].all_caps &&
        IsPostNominal(toks_[open].lower)) {
      ++open;
    }
    const int close = ParenthesizedTitleClose(open);
    if (close >= 0) AddTitleParts(m.person, open + 1, close);
  }

  // "Jan Holm MP": a member's post-nominal is a position of its own.
  void PostNominal(int mi) {
    const Mention& m = a_.mentions[mi];
    if (m.last >= static_cast<int>(toks_.size())) return;
    const Token& t = toks_[m.last];
    if (t.sentence != toks_[m.first].sentence || !t.all_caps ||
        t.begin != toks_[m.last - 1].end + 1) {
      return;
    }
    if (IsPostNominal(t.lower)) AddTitle(m.person, m.last, m.last + 1, "");
  }

  static bool IsPostNominal(absl::string_view l) { return OneOf(l, {"mp", "mep", "mla", "msp"}); }

  // "President Ana Lind of Ruritania", "Governor Bo Lin of the Hunan
  // Provincial Government": the organization after the name completes the
  // title before it ("President of Ruritania").
  void TitleCompletedAfterName(int mi) {
    Mention& m = a_.mentions[mi];
    const int nt = static_cast<int>(toks_.size());
    if (m.first == 0 || m.last + 1 >= nt || m.possessive || toks_[m.last].lower != "of") return;
    if (a_.pretitle_owner[m.first - 1] != mi) return;
    const int send = SentenceEnd(m.first);
    int q = m.last + 1;
    if (toks_[q].lower == "the") ++q;
    int end = q;
    for (int k = q; k < send && k < q + 12; ++k) {
      const Token& t = toks_[k];
      if (a_.mention_at_token[k] >= 0) break;
      if (t.word && t.cap) {
        end = k + 1;
        continue;
      }
      // "Prime Minister A of Portugal and President B of Chile": the
      // next person's title ends the organization.
      if (t.lower == "and" && k + 1 < send &&
          (a_.pretitle_owner[k + 1] >= 0 || a_.mention_at_token[k + 1] >= 0 ||
           (toks_[k + 1].cap && HeadWord(v_, toks_[k + 1])))) {
        break;
      }
      if (t.possessive || t.lower == "of" || t.lower == "the" || t.lower == "and" ||
          t.lower == "for") {
        continue;
      }
      // "Inspector X of the Bergen police", "of the Tromso city council":
      // a body written with a lowercase noun after its place.
      if (end > q && k == end && t.word && ((t.cls & kClsOrgHead) || t.lower == "police")) {
        end = k + 1;
        continue;
      }
      break;
    }
    if (end <= q) return;
    // A date or a place-and-time phrase is not an organization.
    if (MonthNumber(toks_[q].lower) > 0 || WeekdayNumber(toks_[q].lower) >= 0) return;
    PersonInfo& p = a_.people[m.person];
    for (TitleInfo& t : p.titles) {
      if (t.span.end != toks_[m.first - 1].end) continue;
      absl::StrAppend(&t.text, " ", a_.Slice(m.last, end));
      t.organization = OrganizationOf(t.text);
      for (int k = m.last; k < end; ++k) a_.title_token[k] = 1;
      m.ext_end = std::max(m.ext_end, end);
      // "Secretary A and Deputy Secretary B of the Committee": A's title
      // shares the organization.
      const int title_first = FirstTokenAt(t.span.begin, m.first);
      if (title_first >= 2 && toks_[title_first - 1].lower == "and") {
        const int other = a_.mention_at_token[title_first - 2];
        if (other >= 0 && a_.mentions[other].last == title_first - 1 &&
            a_.mentions[other].first > 0 &&
            a_.pretitle_owner[a_.mentions[other].first - 1] == other) {
          const Mention& o = a_.mentions[other];
          for (TitleInfo& ot : a_.people[o.person].titles) {
            if (ot.span.end != toks_[o.first - 1].end ||
                ot.text.find(" of ") != std::string::npos) {
              continue;
            }
            absl::StrAppend(&ot.text, " ", a_.Slice(m.last, end));
            ot.organization = OrganizationOf(ot.text);
            break;
          }
        }
      }
      return;
    }
  }

  // The token that begins at byte `begin`, searching back from `from`.
  int FirstTokenAt(uint32_t begin, int from) const {
    for (int q = from; q >= 0 && q > from - kMaxTitleTokens; --q) {
      if (toks_[q].begin == begin) return q;
    }
    return -1;
  }

  void FindTitles() {
    for (size_t mi = 0; mi < a_.mentions.size(); ++mi) PostNominal(static_cast<int>(mi));
    for (size_t mi = 0; mi < a_.mentions.size(); ++mi) ParenthesizedTitle(static_cast<int>(mi));
    for (size_t mi = 0; mi < a_.mentions.size(); ++mi) PreTitle(static_cast<int>(mi));
    for (size_t mi = 0; mi < a_.mentions.size(); ++mi) {
      TitleCompletedAfterName(static_cast<int>(mi));
    }
    for (size_t mi = 0; mi < a_.mentions.size(); ++mi) Appositive(static_cast<int>(mi));
    for (size_t mi = 0; mi < a_.mentions.size(); ++mi) AndOtherTitle(static_cast<int>(mi));
    const int nt = static_cast<int>(toks_.size());
    const Token* const tokens = toks_.data();
    for (int k = 1; k < nt;) {
      // Read below: a token after "including", "namely" or "as" (title
      // triggers), a mention or a colon; the others are skipped in a tight
      // loop.
      while (k < nt) {
        if ((tokens[k - 1].cls & kClsTitleTrigger) || a_.mention_at_token[k] >= 0 ||
            tokens[k].lower == ":") {
          break;
        }
        ++k;
      }
      if (k >= nt) break;
      const absl::string_view l = toks_[k - 1].lower;
      if (l == "including" || l == "namely" ||
          (l == "as" && k >= 2 && toks_[k - 2].lower == "such")) {
        TitleOverIncludedList(k);
      }
      // A list after a plural title starts at a colon or at a mention's
      // first token (ListAfterPluralTitle's own first test, read here so
      // that other tokens cost no call).
      const int mi = a_.mention_at_token[k];
      if ((mi < 0 || a_.mentions[mi].first != k) && toks_[k].lower != ":") {
        ++k;
        continue;
      }
      k = ListAfterPluralTitle(k);
    }
    TriggerTitles();
  }

  std::string OrganizationOf(absl::string_view title) const {
    size_t of = title.find(" of ");
    if (of == absl::string_view::npos) return "";
    absl::string_view rest = title.substr(of + 4);
    if (absl::StartsWith(rest, "the ")) rest.remove_prefix(4);
    std::string lower = absl::AsciiStrToLower(rest);
    for (absl::string_view w : absl::StrSplit(lower, ' ')) {
      if (v_.org_heads.contains(w)) return std::string(rest);
    }
    return "";
  }

  void AddTitle(int person, int first, int last, const std::string& suffix) {
    // "its chairman", "the newly appointed governor of X": the post
    // without the words that say whose or how recent it is.
    while (first + 1 < last && OneOf(toks_[first].lower, {"its", "his", "her", "their"})) ++first;
    // "previously head of retail banking", "currently the chair of X": a
    // time adverb (and the article after it) dates the post, no word of it.
    if (first + 1 < last && OneOf(toks_[first].lower, {"previously", "currently", "formerly"})) {
      ++first;
      if (first + 1 < last && OneOf(toks_[first].lower, {"the", "a", "an"})) ++first;
    }
    if (first + 2 < last && OneOf(toks_[first].lower, {"newly", "recently"}) &&
        OneOf(toks_[first + 1].lower, {"appointed", "elected", "named", "installed"})) {
      first += 2;
    }
    if (person < 0 || last <= first) return;
    PersonInfo& p = a_.people[person];
    if (p.titles.size() >= kMaxTitlesPerPerson) return;
    TitleInfo t;
    // One post per person: "vice directors of X" gives each "vice director
    // of X".
    for (int q = first; q < last && !IsPreposition(toks_[q].lower); ++q) {
      if (!IsPluralHead(toks_[q])) continue;
      t.text = absl::StrCat(
          a_.text.substr(toks_[first].begin, toks_[q].end - 1 - toks_[first].begin),
          q + 1 < last ? a_.text.substr(toks_[q].end, toks_[last - 1].end - toks_[q].end) : "",
          suffix);
      break;
    }
    if (t.text.empty()) t.text = absl::StrCat(a_.Slice(first, last), suffix);
    t.span = {toks_[first].begin, toks_[last - 1].end};
    t.organization = OrganizationOf(t.text);
    p.titles.push_back(std::move(t));
    for (int q = first; q < last; ++q) a_.title_token[q] = 1;
  }

  // Sorted distinct words of `lower` (a lowercased title), as views into
  // it: a title's words were copied into strings of their own before,
  // which cost more than the comparisons made with them.
  static std::vector<absl::string_view> Words(absl::string_view lower) {
    std::vector<absl::string_view> out;
    size_t start = 0;
    for (size_t i = 0; i <= lower.size(); ++i) {
      const unsigned char u = i < lower.size() ? static_cast<unsigned char>(lower[i]) : ' ';
      if (absl::ascii_isalnum(u) || u >= 0x80 || u == '\'') continue;
      if (i > start) out.push_back(lower.substr(start, i - start));
      start = i + 1;
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
  }

  static bool Has(const std::vector<absl::string_view>& sorted, absl::string_view w) {
    return std::binary_search(sorted.begin(), sorted.end(), w);
  }
  static bool IsPartyChief(const std::vector<absl::string_view>& w) {
    return Has(w, "party") && Has(w, "chief") && !Has(w, "secretary");
  }
  // `sec` is a secretary's post that shares a proper word with `chief`.
  static bool SamePlaceSecretary(const std::vector<absl::string_view>& chief,
                                 const std::vector<absl::string_view>& sec) {
    if (!Has(sec, "secretary")) return false;
    for (absl::string_view w : chief) {
      if (w == "party" || w == "chief" || w == "of" || w == "the" || w == "province" ||
          w == "provincial" || w == "committee" || w == "municipal" || w == "city") {
        continue;
      }
      if (Has(sec, w)) return true;
    }
    return false;
  }

  // "General", "Major General": a military rank used as a form of address
  // ("General Ana Lind"), not a post.
  static bool IsRankOnly(const std::vector<absl::string_view>& w) {
    bool rank = false;
    for (absl::string_view x : w) {
      if (x == "general" || x == "admiral" || x == "colonel" || x == "marshal") {
        rank = true;
      } else if (x != "major" && x != "lieutenant" && x != "brigadier" && x != "vice" &&
                 x != "rear" && x != "senior") {
        return false;
      }
    }
    return rank;
  }

  // The words of a title as written (split at spaces and hyphens).
  static std::vector<absl::string_view> RawWords(absl::string_view s) {
    std::vector<absl::string_view> out;
    for (absl::string_view w : absl::StrSplit(s, absl::ByAnyChar(" -"), absl::SkipEmpty())) {
      out.push_back(w);
    }
    return out;
  }

  // `longer` writes out an acronym of `shorter` ("United Nations" for "UN")
  // and is otherwise the same title.
  // Both are given as their RawWords.
  static bool ExpandsAcronymOf(const std::vector<absl::string_view>& lw,
                               const std::vector<absl::string_view>& sw) {
    for (size_t a = 0; a < sw.size(); ++a) {
      std::string acro;
      for (char c : sw[a]) {
        if (c != '.') acro.push_back(c);
      }
      if (acro.size() < 2 || acro.size() > 5 || lw.size() != sw.size() - 1 + acro.size() ||
          !std::all_of(acro.begin(), acro.end(),
                       [](char c) { return absl::ascii_isupper(static_cast<unsigned char>(c)); })) {
        continue;
      }
      bool same = true;
      for (size_t q = 0; q < sw.size() && same; ++q) {
        if (q < a) {
          same = absl::EqualsIgnoreCase(lw[q], sw[q]);
        } else if (q == a) {
          for (size_t c = 0; c < acro.size() && same; ++c)
            same = !lw[a + c].empty() && lw[a + c][0] == acro[c];
        } else {
          same = absl::EqualsIgnoreCase(lw[q + acro.size() - 1], sw[q]);
        }
      }
      if (same) return true;
    }
    return false;
  }

  // Drops repeated titles and titles whose words all occur in another one.
  static void DedupeTitles(PersonInfo* p) {
    const size_t n = p->titles.size();
    // Each title's words once, not once per pair of titles. `lower` is
    // sized once: `words` are views into its strings.
    std::vector<std::string> lower(n);
    std::vector<std::vector<absl::string_view>> words(n), raw(n);
    for (size_t i = 0; i < n; ++i) {
      lower[i] = absl::AsciiStrToLower(p->titles[i].text);
      words[i] = Words(lower[i]);
      raw[i] = RawWords(p->titles[i].text);
    }
    std::vector<bool> drop(n, false);
    for (size_t i = 0; i < n; ++i) {
      if (words[i].empty() || IsRankOnly(words[i])) drop[i] = true;
      for (size_t j = 0; j < n && !drop[i]; ++j) {
        if (i == j || drop[j]) continue;
        bool subset =
            std::includes(words[j].begin(), words[j].end(), words[i].begin(), words[i].end());
        if (!subset) continue;
        if (words[i].size() < words[j].size() || j < i) drop[i] = true;
      }
      // "UN Secretary-General" and "United Nations Secretary-General": one
      // post, written once with its acronym; the acronym's form is kept.
      for (size_t j = 0; j < n && !drop[i]; ++j) {
        if (i != j && !drop[j] && ExpandsAcronymOf(raw[i], raw[j])) {
          drop[i] = true;
        }
      }
      // "Party chief of Anhui" is the colloquial name of the post "secretary
      // of the Anhui Provincial Committee": one post when both name it.
      for (size_t j = 0; j < n && !drop[i]; ++j) {
        if (i != j && !drop[j] && IsPartyChief(words[i]) &&
            SamePlaceSecretary(words[i], words[j])) {
          drop[i] = true;
        }
      }
    }
    std::vector<TitleInfo> kept;
    for (size_t i = 0; i < n; ++i) {
      if (!drop[i]) kept.push_back(std::move(p->titles[i]));
    }
    p->titles = std::move(kept);
  }

  Analysis& a_;
  const Vocabulary& v_;
  const std::vector<Token>& toks_;
  std::vector<NameRun> runs_;
  absl::flat_hash_map<std::string, int> by_key_;
  absl::flat_hash_map<std::string, std::vector<int>> token_people_;
  absl::flat_hash_set<int> single_word_;
  // Runs (by first token) written "Family, Given": named without the comma.
  absl::flat_hash_set<int> comma_names_;
  // LowercaseWords().
  mutable absl::flat_hash_set<absl::string_view> lowercase_words_;
  mutable bool lowercase_words_built_ = false;
  // OwnsPeopleElsewhere().
  mutable absl::flat_hash_set<std::string> owned_runs_;
  mutable bool owned_runs_built_ = false;
  std::vector<absl::flat_hash_map<std::string, int>> forms_;
};

}  // namespace

bool IsClauseVerb(const Vocabulary& vocab, absl::string_view lower) {
  static const auto* const kVerbs = new absl::flat_hash_set<std::string>{
      "presided",   "presides",  "attended",  "attends",  "attend",    "met",       "meets",
      "made",       "makes",     "delivered", "delivers", "commented", "chaired",   "chairs",
      "addressed",  "addresses", "visited",   "visits",   "inspected", "inspects",  "has",
      "have",       "had",       "was",       "is",       "were",      "are",       "will",
      "would",      "carries",   "joined",    "held",     "holds",     "hosted",    "hosts",
      "co-chaired", "called",    "pointed",   "heard",    "took",      "takes",     "led",
      "leads",      "arrived",   "left",      "signed",   "discussed", "exchanged", "agreed",
      "spoke",      "speaks",    "urged",     "gave",     "came",      "went",      "who",
      "which",      "that",      "when",      "while",    "where",     "can",       "could",
      "should",     "may",       "might",     "must",     "did",       "does"};
  return kVerbs->contains(lower) || vocab.reporting_verbs.contains(lower);
}

void FindPeople(Analysis* analysis) { PeopleFinder(analysis).Run(); }

namespace {

// Lowercase words of a title, hyphens and periods dropped ("Secretary-
// General" -> "secretary", "general"; "U.S." -> "us").
std::vector<std::string> TitleWords(absl::string_view text) {
  std::vector<std::string> words;
  std::string cur;
  for (char c : text) {
    unsigned char u = static_cast<unsigned char>(c);
    if (c == '.') continue;
    if (absl::ascii_isalnum(u) || u >= 0x80 || c == '\'') {
      cur.push_back(absl::ascii_tolower(u));
    } else if (!cur.empty()) {
      words.push_back(std::move(cur));
      cur.clear();
    }
  }
  if (!cur.empty()) words.push_back(std::move(cur));
  if (!words.empty() && words[0] == "the") words.erase(words.begin());
  return words;
}

constexpr int kMaxPhraseWords = 4;

bool CountryWord(const Vocabulary& v, const std::string& w) {
  if (w == "foreign" || w == "vice" || w == "deputy" || w == "former" || w == "acting") {
    return false;
  }
  if (v.places.contains(w)) return true;
  uint16_t cls = v.Classify(w);
  // "Chinese", "U.S.": nationality modifiers that are never names either.
  if ((cls & kClsModifier) && (cls & kClsNonName)) return true;
  // "Ruritanian", "Nepali", "Congolese", "Danish": an unlisted demonym.
  return (cls & ~kClsCues) == 0 && (absl::EndsWith(w, "an") || absl::EndsWith(w, "ese") ||
                                    absl::EndsWith(w, "ish") || absl::EndsWith(w, "i"));
}

}  // namespace

UnnamedTitleResolver::UnnamedTitleResolver(const Analysis& analysis) : a_(analysis) {}

void UnnamedTitleResolver::Prepare() const {
  prepared_ = true;
  std::vector<int> order;
  for (int p = 0; p < static_cast<int>(a_.people.size()); ++p) {
    if (!a_.people[p].mentions.empty() && !a_.people[p].titles.empty()) order.push_back(p);
  }
  std::stable_sort(order.begin(), order.end(), [&](int x, int y) {
    return a_.people[x].first_token < a_.people[y].first_token;
  });
  for (int p : order) {
    for (const TitleInfo& t : a_.people[p].titles) {
      TitleWordList title{p, TitleWords(t.text), 0};
      const std::vector<std::string>& w = title.words;
      while (title.head_start < 2 && title.head_start + 1 < w.size() &&
             CountryWord(*a_.vocab, w[title.head_start])) {
        ++title.head_start;
      }
      titles_.push_back(std::move(title));
    }
  }
}

namespace {

// 0: the whole title ("Vice President", not "Vice President-elect"); 1: it
// begins with the phrase; 2: holds it.
int PhraseTier(size_t at, size_t words, size_t title_words, size_t head_start) {
  return at > head_start ? 2 : (at + words == title_words ? 0 : 1);
}

}  // namespace

// Persons come in order, so a phrase's candidate list ends with p while p's
// titles are read: a repeated phrase of p keeps its best tier there.
void UnnamedTitleResolver::AddCandidate(int person, int tier, std::vector<Candidate>* cands) {
  if (!cands->empty() && cands->back().person == person) {
    cands->back().tier = std::min(cands->back().tier, tier);
  } else {
    cands->push_back({person, tier});
  }
}

std::vector<UnnamedTitleResolver::Candidate> UnnamedTitleResolver::Scan(
    const std::vector<std::string>& phrase) const {
  std::vector<Candidate> cands;
  const size_t m = phrase.size();
  for (const TitleWordList& t : titles_) {
    const std::vector<std::string>& w = t.words;
    for (size_t at = 0; at + m <= w.size(); ++at) {
      if (!std::equal(phrase.begin(), phrase.end(), w.begin() + at)) continue;
      AddCandidate(t.person, PhraseTier(at, m, w.size(), t.head_start), &cands);
    }
  }
  return cands;
}

void UnnamedTitleResolver::Build() const {
  built_ = true;
  by_phrase_.clear();
  std::string key;
  for (const TitleWordList& t : titles_) {
    const std::vector<std::string>& w = t.words;
    for (size_t at = 0; at < w.size(); ++at) {
      key.clear();
      for (size_t n = 0; n < kMaxPhraseWords && at + n < w.size(); ++n) {
        if (n > 0) key.push_back(' ');
        key += w[at + n];
        AddCandidate(t.person, PhraseTier(at, n + 1, w.size(), t.head_start), &by_phrase_[key]);
      }
    }
  }
}

namespace {

// "NA" in "NA Chairman": the phrase's first word when it is an acronym
// (two to six capitals, "NA", "PPC"), else empty.
absl::string_view LeadingAcronym(absl::string_view phrase) {
  const size_t sp = phrase.find(' ');
  if (sp == absl::string_view::npos) return {};
  const absl::string_view w = phrase.substr(0, sp);
  if (w.size() < 2 || w.size() > 6) return {};
  for (char c : w) {
    if (!absl::ascii_isupper(static_cast<unsigned char>(c))) return {};
  }
  return w;
}

// Whether a title names the body `acronym` stands for: it writes the
// acronym ("Chairman of the NA"), or the initials of one run of its
// capitalized words other than heads spell it whole ("Chairman of the
// National Assembly" -> "NA"; not "President of the European Central
// Bank" for "EC", nor "Chairman of the People's Committee of Hanoi").
bool TitleSpells(const Vocabulary& v, absl::string_view title, absl::string_view acronym) {
  std::string initials;
  for (absl::string_view w : absl::StrSplit(title, absl::ByAnyChar(" -"), absl::SkipEmpty())) {
    if (w == acronym) return true;
    if (!absl::ascii_isupper(static_cast<unsigned char>(w[0])) ||
        v.IsHead(absl::AsciiStrToLower(w))) {
      // A lowercase word or a head ends the run.
      if (initials == acronym) return true;
      initials.clear();
      continue;
    }
    initials.push_back(w[0]);
  }
  return initials == acronym;
}

}  // namespace

int UnnamedTitleResolver::Resolve(absl::string_view phrase, int at_token,
                                  const std::vector<int>& last_seen,
                                  absl::FunctionRef<bool(int)> skip, int prefer) const {
  const std::vector<std::string> words = TitleWords(phrase);
  if (words.empty() || words.size() > kMaxPhraseWords) return -1;
  if (!prepared_) Prepare();
  // "NA Chairman": the post of the body the acronym stands for, among
  // the holders of the post after it, when one holds it.
  if (const absl::string_view acronym = LeadingAcronym(phrase); !acronym.empty()) {
    auto other_body = [&](int p) {
      if (skip(p)) return true;
      for (const TitleInfo& t : a_.people[p].titles) {
        if (TitleSpells(*a_.vocab, t.text, acronym)) return false;
      }
      return true;
    };
    const int best =
        Resolve(phrase.substr(acronym.size() + 1), at_token, last_seen, other_body, prefer);
    if (best >= 0) return best;
  }
  const std::string key = absl::StrJoin(words, " ");
  auto it = by_phrase_.find(key);
  if (it == by_phrase_.end() && !built_) {
    if (scans_ < kMaxScans) {
      ++scans_;
      it = by_phrase_.emplace(key, Scan(words)).first;
    } else {
      Build();
      it = by_phrase_.find(key);
    }
  }
  if (it == by_phrase_.end() || it->second.empty()) return -1;
  const std::vector<Candidate>& cands = it->second;
  // Candidates named near the reference: a bounded window around it.
  constexpr int kBefore = 32, kAfter = 8;
  auto pos = std::lower_bound(
      cands.begin(), cands.end(), at_token,
      [&](const Candidate& c, int tok) { return a_.people[c.person].first_token < tok; });
  const int mid = static_cast<int>(pos - cands.begin());
  const int from = std::max(0, mid - kBefore);
  const int to = std::min(static_cast<int>(cands.size()), mid + kAfter);
  int best = -1, best_tier = 3;
  for (int i = from; i < to; ++i) {
    const int p = cands[i].person, tier = cands[i].tier;
    if (skip(p)) continue;
    bool better = best < 0 || tier < best_tier;
    if (!better && tier == best_tier) {
      const int seen_p = last_seen[p], seen_b = last_seen[best];
      if (p == prefer || best == prefer) {
        better = p == prefer;
      } else if ((seen_p >= 0) != (seen_b >= 0)) {
        better = seen_p >= 0;
      } else if (seen_p >= 0) {
        better = seen_p > seen_b;
      } else {
        better = a_.people[p].first_token < a_.people[best].first_token;
      }
    }
    if (better) {
      best = p;
      best_tier = tier;
    }
  }
  return best;
}

}  // namespace readout::extractor::internal
