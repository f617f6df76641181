// Event place resolution. Each sentence is scanned once from left to right;
// a phrase is read in a bounded window after its cue word ("in", "at",
// "visited", "came to"), so the work stays linear in the text.
#include "extractor-service/engine/event_places.h"

#include <algorithm>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/match.h"
#include "extractor-service/engine/places.h"
#include "extractor-service/engine/tokens.h"

namespace readout::extractor::internal {
namespace {

constexpr int kMaxVenueTokens = 12;
constexpr int kMaxUnknownPlaceWords = 3;

// Last words of a named building or site.
bool IsVenueHead(absl::string_view l) {
  return OneOf(
      l, {"headquarters", "hall",    "center",     "centre",   "palace",  "house",  "building",
          "square",       "stadium", "street",     "avenue",   "castle",  "villa",  "residence",
          "hotel",        "garden",  "gardens",    "chateau",  "château", "museum", "park",
          "complex",      "kremlin", "auditorium", "pavilion", "mansion", "office", "plant",
          "factory",      "works",   "mine",       "farm",     "port"});
}

// Nouns of a settlement or an administrative unit a name follows: "the
// northern city of X", "the capital, X".
bool IsPlaceUnit(absl::string_view l) {
  return OneOf(l, {"city", "town", "capital", "province", "county", "village", "district", "region",
                   "port", "island", "state", "municipality", "prefecture"});
}

// Last words of a room inside a building: "the Guest Room", "the Blue
// Lounge".
bool IsRoomHead(absl::string_view l) {
  return OneOf(l, {"room", "rooms", "lounge", "salon", "suite", "chamber", "parlour", "parlor"});
}

// Last words of an event's name: "at the Alliance Summit" names an event,
// not the room it is held in.
bool IsEventHead(absl::string_view l) {
  return OneOf(
      l, {"summit",     "conference", "forum",    "games",      "meeting",   "meetings", "session",
          "ceremony",   "expo",       "festival", "week",       "dialogue",  "talks",    "fair",
          "exhibition", "olympics",   "congress", "convention", "symposium", "seminar"});
}

// Words of a town's name that are no name of their own: "Kestrel Bay",
// "Port Saldana", "New Akrofu", "Saint Lorne".
bool IsTownNameWord(absl::string_view l) {
  return OneOf(
      l, {"bay",   "island",  "lake",  "lakes", "river", "rivers",  "sea",     "mount",  "mountain",
          "port",  "point",   "cape",  "beach", "falls", "springs", "harbour", "harbor", "valley",
          "hills", "heights", "creek", "cove",  "fort",  "saint",   "st",      "san",    "santa",
          "new",   "north",   "south", "east",  "west",  "upper",   "lower",   "city",   "town"});
}

// Nouns that "in" follows to say in what, not where: "cooperation in
// Human Rights", "the rise in Consumer Prices", "took part in Exercise
// Cold Response".
bool IsNounOfDomainBeforeIn(absl::string_view l) {
  return OneOf(
      l,
      {"cooperation", "collaboration", "investment", "investments", "rise",   "rises",   "fall",
       "falls",       "increase",      "increases",  "decrease",    "drop",   "growth",  "decline",
       "part",        "progress",      "interest",   "interests",   "role",   "change",  "changes",
       "reform",      "reforms",       "trust",      "confidence",  "expert", "experts", "degree",
       "training",    "experience",    "research",   "gains",       "cuts",   "shift",   "surge",
       "jump",        "crisis",        "stake",      "share",       "leader"});
}

// Last words that make a run a period or a measure, not a town: "in
// Question Time", "in Real Terms".
bool IsNoTownLastWord(absl::string_view l) {
  return OneOf(l, {"time", "hour", "day", "week", "period", "season", "terms", "term"});
}

bool IsArticle(absl::string_view l) { return l == "the" || l == "a" || l == "an"; }

// A word that is a time of its own: "yesterday", "today", "tonight",
// "earlier".
bool IsTimeAdverb(absl::string_view l) {
  return OneOf(l, {"yesterday", "today", "tonight", "earlier"});
}

// A word that opens a time before a day or a period: "on (Monday)",
// "this (week)", "last (month)".
bool OpensTime(absl::string_view l) { return OneOf(l, {"on", "this", "last"}); }

// A lowercase word after a capitalized run that says when, not what the
// run names: "the Blue House today", "the Blue House, where".
bool IsTimeWord(absl::string_view l) {
  return IsTimeAdverb(l) || OpensTime(l) || OneOf(l, {"later", "recently", "when", "where"});
}

bool IsClauseEnd(absl::string_view l) { return l == "," || l == ";" || l == ":"; }

class PlaceFinder {
 public:
  // `to_come`: the main event is in the future, so future clauses are its.
  explicit PlaceFinder(const Analysis& a, bool to_come = false)
      : a_(a), toks_(a.tt.tokens), to_come_(to_come) {}

  // Scans [first, last) once. `city` receives the first place named by
  // "in", a motion verb or a venue's city; `venue` the first named venue.
  // With `motion_only`, only motion verbs count ("came to X").
  void Scan(int first, int last, bool motion_only, EventPlace* city, EventPlace* venue) const {
    bool quoted = false;
    bool future = false;
    for (int k = first; k < last; ++k) {
      const Token& t = toks_[k];
      absl::string_view l = t.lower;
      if (l == "\"") quoted = !quoted;
      if (l == "\xE2\x80\x9C") quoted = true;
      if (l == "\xE2\x80\x9D") quoted = false;
      if (IsClauseEnd(l)) future = false;
      if (t.word && !to_come_ && IsFutureCue(toks_, k)) future = true;
      if (quoted || future || !t.word || a_.title_token[k]) continue;
      if (city->found && !city->broad && (motion_only || venue->found)) return;
      EventPlace p;
      if (MotionAt(k, last, &p)) {
        Offer(p, city);
        continue;
      }
      if (motion_only) continue;
      // "in X", also "In X on May 3, ..." opening a clause.
      const bool opens = k == first || toks_[k - 1].lower == ",";
      if (l == "in" && (!t.cap || opens) && !AfterOrganization(k)) {
        const bool article = k + 1 < last && toks_[k + 1].lower == "the";
        const int j = article ? k + 2 : k + 1;
        int pf, pl;
        bool known = false;
        if (PlaceAfterIn(j, last, &pf, &pl, &known) && (known || !article)) {
          if (!InsideName(k, pl, last)) Offer(pf, pl, city);
          continue;
        }
        // "in the northern city of Haiphong", "in the capital, Vientiane".
        if (article) {
          int u = j;
          while (u < last && u < j + 3 && toks_[u].word && !toks_[u].cap &&
                 !IsPlaceUnit(toks_[u].lower)) {
            ++u;
          }
          // "the port city of X".
          while (u + 1 < last && IsPlaceUnit(toks_[u].lower) && IsPlaceUnit(toks_[u + 1].lower)) {
            ++u;
          }
          if (u + 2 < last && IsPlaceUnit(toks_[u].lower) && !toks_[u].cap &&
              (toks_[u + 1].lower == "of" || toks_[u + 1].lower == ",") &&
              PlaceAfterIn(u + 2, last, &pf, &pl)) {
            Offer(pf, pl, city);
            continue;
          }
        }
        // "in the White House", "in Downing Street".
        int e = VenueRun(j, last);
        if (e > j && (HeadedByVenue(j, e) || OuterBuilding(j, e) > j) && (article || e > j + 1)) {
          OfferVenue(j, e, last, city, venue);
        }
        continue;
      }
      // "hosted the meeting at Bekwai on Tuesday": a town after a held
      // event's "at", known or not.
      if (l == "at" && k + 1 < last && HeldEventBefore(k, first)) {
        int pf, pl;
        if (TownAfterAt(k + 1, last, &pf, &pl)) {
          Offer(pf, pl, city);
          continue;
        }
      }
      if (l == "at" || (l == "to" && k > first && !toks_[k - 1].has_digit)) {
        bool article = k + 1 < last && toks_[k + 1].lower == "the";
        int f = article ? k + 2 : k + 1;
        int e = VenueRun(f, last);
        if (e == f && article && l == "at") {
          // "at the reception hall of the Blue House": the venue after a
          // lowercase room.
          int q = f;
          while (q < last && q < f + 3 && toks_[q].word && !toks_[q].cap &&
                 toks_[q].lower != "of") {
            ++q;
          }
          if (q > f && q + 1 < last && toks_[q].lower == "of") {
            int v = q + 1;
            if (toks_[v].lower == "the") ++v;
            const int ve = VenueRun(v, last);
            if (ve > v && IsVenueHead(toks_[ve - 1].lower)) OfferVenue(v, ve, last, city, venue);
          }
          continue;
        }
        if (e == f || IsEventHead(toks_[e - 1].lower)) continue;
        // "at the Guest Room of the provincial government": a room is no
        // place of its own; the building is, when named ("the Guest Room of
        // the Blue House"), else the city found elsewhere.
        int room = f;
        while (room < e && !(IsRoomHead(toks_[room].lower) &&
                             (room + 1 == e || toks_[room + 1].lower == "of"))) {
          ++room;
        }
        if (room < e) {
          int v = room + 1;
          const bool of = v < last && toks_[v].lower == "of";
          if (of) ++v;
          if (of && v < last && toks_[v].lower == "the") ++v;
          const int ve = v < e ? e : (of ? VenueRun(v, last) : v);
          if (of && ve > v && IsVenueHead(toks_[ve - 1].lower)) {
            OfferVenue(v, ve, last, city, venue);
          }
          continue;
        }
        if (!HeadedByVenue(f, e) && !(article && l == "at")) continue;
        if (ModifiesNoun(f, e, last)) continue;
        OfferVenue(f, e, last, city, venue);
      }
    }
  }

  // "in <Place>" at token j: gazetteer and administrative places ("Qiaotou
  // County") after direction words, or a single unknown capitalized word.
  bool PlaceAfterIn(int j, int limit, int* pf, int* pl, bool* known = nullptr) const {
    static const auto* const kDirections = new absl::flat_hash_set<std::string>{
        "south",     "north",     "east",     "west",     "central", "northeast", "northwest",
        "southeast", "southwest", "southern", "northern", "eastern", "western",   "downtown"};
    int k = j;
    while (k < limit && toks_[k].word && !toks_[k].cap && kDirections->contains(toks_[k].lower)) {
      ++k;
    }
    int start = k;
    int found_first = -1, found_last = -1;
    while (k < limit && k < j + kMaxVenueTokens) {
      const Token& t = toks_[k];
      if (t.possessive) {
        ++k;
        continue;
      }
      if (!t.word || !t.cap) break;
      PlaceKind kind;
      int n = PlaceAt(a_, k, limit, &kind);
      if (n > 0) {
        found_first = k;
        found_last = k + n;
        k += n;
        continue;
      }
      ++k;
    }
    if (found_first >= 0) {
      if (known != nullptr) *known = true;
      *pf = found_first;
      *pl = found_last;
      // "New York City": the written name runs on with its unit word.
      if (*pl < limit && toks_[*pl].lower == "city" && toks_[*pl].cap &&
          toks_[*pl].begin == toks_[*pl - 1].end + 1) {
        ++*pl;
      }
      return true;
    }
    if (k - start == 1 && start == j) {
      const Token& t = toks_[start];
      // Not "in Parliament", "in Cabinet": a body sits there, no town; nor
      // "in Room 204" or "in Plenary".
      // Nor "in Private" (an adverb) or "in Ga" (two letters name a
      // language or an abbreviation more often than a town).
      if (t.word && t.cap && !t.all_caps && !t.has_digit && t.lower.size() > 2 &&
          !IsMannerAfterIn(t.lower) && !(t.cls & (kClsNonName | kClsOrgHead)) &&
          MonthNumber(t.lower) == 0 && a_.mention_at_token[start] < 0 && !IsRoomHead(t.lower) &&
          !IsEventHead(t.lower) && t.lower != "plenary") {
        *pf = start;
        *pl = start + 1;
        return true;
      }
    }
    // "in Cape Coast on Monday", "in Port Saldana yesterday.": a town the
    // gazetteer lacks, written as a short run of capitalized words that is
    // closed by a time expression or the sentence's end.
    // The sentence's end alone is weak evidence ("agreed to negotiate in
    // Good Faith."): there the run needs a town's word ("Kestrel Bay") or
    // an echo elsewhere in the text (headline, dateline, another sentence).
    if (start == j && !IsMannerAfterIn(toks_[j].lower)) {
      const int e = UnknownTownRun(j, limit);
      const bool at_end = e >= limit || !toks_[e].word;
      if (e > j + 1 && !ReadsAsPhrase(j, e, limit) &&
          ((TimeOrEndAt(e, limit) && (!at_end || HasTownWord(j, e) || EchoedElsewhere(j, e))) ||
           TimeBeforeClauseEnd(j - 1, e, limit) || LargerPlaceAt(e, limit))) {
        *pf = j;
        *pl = e;
        return true;
      }
    }
    return false;
  }

  // A run of up to three capitalized words from j that could name a town:
  // no word of it is a person's name, a title, an organization's, an
  // event's word, a month or a weekday, and it does not end in a
  // building's word ("in Cape Coast", not "in Tom Reed's view", "in
  // Government House", "in the Senate").
  int UnknownTownRun(int j, int limit) const {
    int e = j;
    bool proper = false;  // A word of the run is no town word.
    while (e < limit && e < j + kMaxUnknownPlaceWords) {
      const Token& t = toks_[e];
      const bool town_word = IsTownNameWord(t.lower);
      if (!t.word || !t.cap || t.has_digit || t.all_caps || a_.mention_at_token[e] >= 0 ||
          ((t.cls & kClsNonName) && !town_word) ||
          (t.cls & (kClsHead | kClsModifier | kClsOrgHead)) || MonthNumber(t.lower) != 0 ||
          WeekdayNumber(t.lower) >= 0 || IsEventHead(t.lower)) {
        break;
      }
      proper |= !town_word;
      ++e;
    }
    if (!proper) return j;
    // A building's or a room's word ends a venue's name, not a town's
    // ("Port Saldana" is a town, "Saldana Port" a site).
    if (e > j && (IsVenueHead(toks_[e - 1].lower) || IsRoomHead(toks_[e - 1].lower))) return j;
    return e;
  }

  // The words before the "at" at token k are a held event: "hosted the
  // meeting", "held its annual forum", "convened a session".
  bool HeldEventBefore(int k, int first) const {
    if (k - 2 < first || !IsEventHead(toks_[k - 1].lower)) return false;
    for (int q = k - 2; q >= first && q >= k - 5; --q) {
      if (IsHostingVerb(toks_[q].lower)) return true;
      if (!toks_[q].word || toks_[q].cap) return false;
    }
    return false;
  }

  // A town at j: a known place, or an unknown run closed by a time
  // expression, the sentence's end or a clause's comma ("at Bekwai.").
  bool TownAfterAt(int j, int limit, int* pf, int* pl) const {
    if (!toks_[j].word || !toks_[j].cap) return false;
    PlaceKind kind;
    const int n = PlaceAt(a_, j, limit, &kind);
    if (n > 0) {
      *pf = j;
      *pl = j + n;
      return true;
    }
    const int e = UnknownTownRun(j, limit);
    if (e == j || (e == j + 1 && toks_[j].lower.size() <= 2)) return false;
    if (!TimeOrEndAt(e, limit) && !(e < limit && toks_[e].lower == ",")) return false;
    *pf = j;
    *pl = e;
    return true;
  }

  bool HasTownWord(int f, int e) const {
    for (int k = f; k < e; ++k) {
      if (IsTownNameWord(toks_[k].lower)) return true;
    }
    return false;
  }

  // The words [f, e) are written again, capitalized, elsewhere in the text.
  bool EchoedElsewhere(int f, int e) const {
    const int n = e - f;
    const int nt = static_cast<int>(toks_.size());
    for (int k = 0; k + n <= nt; ++k) {
      if (k == f) continue;
      int q = 0;
      while (q < n && toks_[k + q].cap && toks_[k + q].lower == toks_[f + q].lower) ++q;
      if (q == n) return true;
    }
    return false;
  }

  // The run [j, e) after "in" (token j - 1) reads as a phrase, not an
  // unknown town, unless a town's word ("Kestrel Bay", "Three Rivers") or
  // the region it lies in ("Cape Coast, Central Region") says otherwise:
  // "in" follows a noun of a domain ("cooperation in Human Rights"), a word
  // is a single letter ("a fire in Block C."), the last word is a plural
  // ("in Consumer Prices") or a period's noun ("in Question Time"), or the
  // text writes a word of the run in lowercase too ("the hydrogen
  // plant ... investment in Green Hydrogen").
  bool ReadsAsPhrase(int j, int e, int limit) const {
    if (HasTownWord(j, e)) return false;
    bool single_letter = false;
    bool echoed_lowercase = false;
    for (int k = j; k < e; ++k) {
      absl::string_view l = toks_[k].lower;
      single_letter |= l.size() == 1;
      echoed_lowercase |= !echoed_lowercase && WrittenInLowercase(l);
    }
    if (LargerPlaceAt(e, limit)) return false;
    absl::string_view last = toks_[e - 1].lower;
    const bool plural = last.size() > 3 && absl::EndsWith(last, "s") &&
                        !absl::EndsWith(last, "ss") && !absl::EndsWith(last, "us") &&
                        !absl::EndsWith(last, "is");
    return single_letter || echoed_lowercase || plural || IsNoTownLastWord(last) ||
           (j >= 2 && IsNounOfDomainBeforeIn(toks_[j - 2].lower));
  }

  // The text writes the word `l` in lowercase somewhere.
  bool WrittenInLowercase(absl::string_view l) const {
    for (const Token& t : toks_) {
      if (t.word && !t.cap && !t.all_caps && t.lower == l) return true;
    }
    return false;
  }

  // The end of the run of capitalized words from q, at most
  // kMaxUnknownPlaceWords of them, whose every token w `fits(w)`.
  template <typename Fits>
  int CapitalizedRun(int q, int limit, Fits fits) const {
    int r = q;
    while (r < limit && r < q + kMaxUnknownPlaceWords && toks_[r].word && toks_[r].cap && fits(r)) {
      ++r;
    }
    return r;
  }

  // "in Cape Coast, Central Region,", "in Cape Coast in the Central
  // Region": the run at e goes on to the region or country it lies in (a
  // known place, or capitalized words ending in a unit's noun).
  bool LargerPlaceAt(int e, int limit) const {
    if (e + 1 >= limit || (toks_[e].lower != "," && toks_[e].lower != "in")) return false;
    int q = e + 1;
    if (toks_[e].lower == "in" && q < limit && toks_[q].lower == "the") ++q;
    PlaceKind kind;
    if (q < limit && PlaceAt(a_, q, limit, &kind) > 0) return kind != PlaceKind::kCity;
    const int r = CapitalizedRun(q, limit, [this](int w) { return a_.mention_at_token[w] < 0; });
    return r > q + 1 && IsPlaceUnit(toks_[r - 1].lower) && toks_[r - 1].lower != "city";
  }

  // "On Monday in Cape Coast, ...": a time expression ends right before
  // the "in" at token `in`, and a comma closes the run ending at e.
  bool TimeBeforeClauseEnd(int in, int e, int limit) const {
    if (in < 1 || e >= limit || toks_[e].lower != ",") return false;
    const Token& p = toks_[in - 1];
    return p.word && (WeekdayNumber(p.lower) >= 0 || OneOf(p.lower, {"yesterday", "today"}) ||
                      (p.has_digit && p.lower.size() <= 4));
  }

  // The sentence ends at token k, or a time expression starts there:
  // "yesterday", "on Monday", "on 3 May", "this week", "last month", "in
  // March", "at 10 a.m.".
  bool TimeOrEndAt(int k, int limit) const {
    if (k >= limit) return true;
    const Token& t = toks_[k];
    if (!t.word) return OneOf(t.lower, {".", "!", "?"}) && (k + 1 >= limit || !toks_[k + 1].word);
    if (IsTimeAdverb(t.lower)) return true;
    if (k + 1 >= limit || !toks_[k + 1].word) return false;
    const Token& n = toks_[k + 1];
    const bool day = WeekdayNumber(n.lower) >= 0 || MonthNumber(n.lower) != 0;
    if (OpensTime(t.lower)) {
      return day || (t.lower == "on" && n.has_digit) ||
             (t.lower != "on" && OneOf(n.lower, {"week", "month", "morning", "afternoon", "evening",
                                                 "weekend", "year"}));
    }
    if (t.lower == "in") return (MonthNumber(n.lower) != 0 && n.cap) || n.has_digit;
    if (t.lower == "at") return n.has_digit;
    return false;
  }

  void Set(int f, int l, EventPlace* p) const {
    p->found = true;
    p->first = f;
    p->last = l;
    absl::string_view text = a_.Slice(f, l);
    // "BEIJING" in a dateline reads "Beijing"; "NATO Headquarters" keeps
    // its acronym.
    bool shouted = true;
    for (int k = f; k < l && shouted; ++k) shouted = !toks_[k].word || toks_[k].all_caps;
    p->name = shouted ? TitleCase(text) : std::string(text);
    PlaceKind kind;
    p->broad = PlaceAt(a_, f, l, &kind) == l - f && kind != PlaceKind::kCity;
  }

 private:
  // The first place found, or a city or venue after a country or region
  // ("on a visit to Laos, met X in Vientiane").
  static void Offer(const EventPlace& p, EventPlace* city) {
    if (!city->found || (city->broad && !p.broad)) *city = p;
  }
  void Offer(int f, int l, EventPlace* city) const {
    EventPlace p;
    Set(f, l, &p);
    Offer(p, city);
  }

  // "the U.S. Embassy in Vietnam": an "in" that locates an organization.
  bool AfterOrganization(int k) const {
    if (k == 0 || !toks_[k - 1].word || !toks_[k - 1].cap) return false;
    absl::string_view p = toks_[k - 1].lower;
    // "the UN General Assembly in New York": a body that sits where it
    // meets; the place is its session's.
    if (p == "assembly" || p == "congress") return false;
    return (toks_[k - 1].cls & kClsOrgHead) ||
           OneOf(p, {"embassy", "consulate", "consulate-general", "mission", "delegation"});
  }

  // "Made in Portugal Week": the place sits inside a capitalized name.
  bool InsideName(int in, int place_last, int limit) const {
    if (in == 0) return false;
    const Token& prev = toks_[in - 1];
    return prev.word && prev.cap && a_.mention_at_token[in - 1] < 0 && place_last < limit &&
           toks_[place_last].word && toks_[place_last].cap;
  }

  // A capitalized run naming a venue: words, "of (the)" / "for" between
  // capitalized words, and "'s" inside ("Great Hall of the People").
  int VenueRun(int f, int limit) const {
    int e = f;
    while (e < limit && e < f + kMaxVenueTokens) {
      const Token& t = toks_[e];
      // A building's name read as a person's ("the White House").
      const int m = a_.mention_at_token[e];
      if (m >= 0 && a_.mentions[m].first == e && a_.mentions[m].last <= limit &&
          IsVenueHead(toks_[a_.mentions[m].last - 1].lower)) {
        e = a_.mentions[m].last;
        continue;
      }
      if (t.word && t.cap && !t.has_digit && MonthNumber(t.lower) == 0 &&
          WeekdayNumber(t.lower) < 0 && a_.mention_at_token[e] < 0 && !IsArticle(t.lower)) {
        ++e;
        continue;
      }
      // "Committee Room 3 of Parliament House": a room's number.
      if (e > f && t.word && t.has_digit && t.lower.size() <= 3 && IsRoomHead(toks_[e - 1].lower)) {
        ++e;
        continue;
      }
      if (e > f && (t.lower == "of" || t.lower == "for")) {
        int q = e + 1;
        if (q < limit && toks_[q].lower == "the") ++q;
        if (q < limit && toks_[q].word && toks_[q].cap && !IsArticle(toks_[q].lower) &&
            !(toks_[q].cls & kClsHead)) {
          e = q;
          continue;
        }
      }
      if (e > f && t.possessive && e + 1 < limit && toks_[e + 1].word && toks_[e + 1].cap) {
        ++e;
        continue;
      }
      break;
    }
    return e;
  }

  // Whether the run [f, e) is a building or site: its head is the word
  // before its first "of" or "for" ("the Great Hall of the People"), else
  // its last word.
  bool HeadedByVenue(int f, int e) const {
    for (int q = f + 1; q < e; ++q) {
      if (toks_[q].lower == "of" || toks_[q].lower == "for") return IsVenueHead(HeadBefore(f, q));
    }
    return e > f && IsVenueHead(toks_[e - 1].lower);
  }

  // The word before token q of a run starting at f, past a room's number
  // ("Room 3").
  absl::string_view HeadBefore(int f, int q) const {
    if (q - 2 >= f && toks_[q - 1].has_digit) return toks_[q - 2].lower;
    return toks_[q - 1].lower;
  }

  // "the Golden Hall of the Great Hall of the People", "the Silver Room of
  // the Palace of X": a hall or room inside a named building; the building
  // is the place. Returns where
  // the building's name starts, else f.
  int OuterBuilding(int f, int e) const {
    for (int q = f + 1; q + 1 < e; ++q) {
      if (toks_[q].lower != "of") continue;
      if (!IsVenueHead(HeadBefore(f, q)) && !IsRoomHead(HeadBefore(f, q))) return f;
      int v = q + 1;
      if (toks_[v].lower == "the") ++v;
      return v < e && HeadedByVenue(v, e) ? v : f;
    }
    return f;
  }

  // "at the VIP room", "at the Mayor's office": the capitalized words only
  // modify a lowercase noun.
  bool ModifiesNoun(int f, int e, int limit) const {
    (void)f;
    if (e < limit && toks_[e].possessive) return true;
    if (e >= limit || !toks_[e].word || toks_[e].cap) return false;
    const Token& n = toks_[e];
    if ((n.cls & kClsNonName) || IsTimeWord(n.lower)) return false;
    absl::string_view l = n.lower;
    bool verb_like = (l.size() > 3 && l.substr(l.size() - 3) == "ing") ||
                     (l.size() > 2 && l.substr(l.size() - 2) == "ed");
    return !verb_like;
  }

  // A venue at [f, e): its city when written after it ("at the Istana in
  // Singapore", "at OSM House, Limassol, Cyprus"), else the venue itself.
  void OfferVenue(int f, int e, int limit, EventPlace* city, EventPlace* venue) const {
    f = OuterBuilding(f, e);
    int k = e;
    if (k + 1 < limit && (toks_[k].lower == "," || toks_[k].lower == "in")) {
      int q = k + 1;
      if (toks_[k].lower == "," && q + 1 < limit && toks_[q].lower == "in") ++q;
      PlaceKind kind;
      int n = PlaceAt(a_, q, limit, &kind);
      if (n > 0) {
        Offer(q, q + n, city);
        return;
      }
      // "the Northern Steel Works in Chongjin": a town the gazetteer lacks.
      int pf, pl;
      if (toks_[q - 1].lower == "in" && PlaceAfterIn(q, limit, &pf, &pl)) {
        Offer(pf, pl, city);
        return;
      }
      // "House, Limassol, Cyprus": an unknown town before a known country.
      const int r = CapitalizedRun(q, limit, [this](int w) {
        return !(toks_[w].cls & (kClsNonName | kClsOrgHead | kClsHead));
      });
      if (r > q && r + 1 < limit && toks_[r].lower == "," && PlaceAt(a_, r + 1, limit, &kind) > 0 &&
          kind == PlaceKind::kCountry) {
        Offer(q, r, city);
        return;
      }
      // "at the Kestrel Palace Hotel, Skarvik.": an unknown town closing
      // the clause after the venue's comma (no person, month or weekday).
      const bool closes = r == limit || !toks_[r].word || OneOf(toks_[r].lower, {"on", "in"});
      if (toks_[k].lower == "," && r > q && closes) {
        bool town = true;
        for (int w = q; w < r && town; ++w) {
          town = a_.mention_at_token[w] < 0 && !toks_[w].has_digit && !toks_[w].all_caps &&
                 MonthNumber(toks_[w].lower) == 0 && WeekdayNumber(toks_[w].lower) < 0;
        }
        if (town && (r == limit || toks_[r].lower != ",")) {
          Offer(q, r, city);
          return;
        }
      }
    }
    if (!venue->found) Set(f, e, venue);
  }

  // "visited X", "visiting X", "came to X", "a visit to X", "arrived in X".
  bool MotionAt(int k, int limit, EventPlace* out) const {
    absl::string_view l = toks_[k].lower;
    // Every motion word has 4-10 letters and starts with one of these.
    if (l.size() < 4 || l.size() > 10) return false;
    switch (l[0]) {
      case 'v':
      case 't':
      case 'i':
      case 'c':
      case 'a':
      case 'w':
        break;
      default:
        return false;
    }
    int j = -1;
    // Only a known place after "of" ("an inspection tour of Yueyang",
    // "inspected the port of Ningbo"): "of" also opens other complements.
    bool known_only = false;
    // Past and progressive forms only: "when the president visits China"
    // speaks of a later journey.
    if (OneOf(l, {"visiting", "visited", "toured", "inspected", "inspecting"})) {
      j = k + 1;
      // "inspected the Hungnam Fertilizer Complex": the named site, or the
      // city written after it, is where the visit happened (before any
      // dateline: an agency files from its capital).
      if (j + 1 < limit && toks_[j].lower == "the" && toks_[j + 1].cap) {
        const int e = VenueRun(j + 1, limit);
        if (e > j + 1 && HeadedByVenue(j + 1, e) && !IsEventHead(toks_[e - 1].lower)) {
          EventPlace city, venue;
          OfferVenue(j + 1, e, limit, &city, &venue);
          *out = city.found ? city : venue;
          return true;
        }
      }
      // "inspected the port of Ningbo": the place the visited site is of.
      if (j < limit && toks_[j].lower == "the") {
        int q = j + 1;
        while (q < limit && q <= j + 2 && toks_[q].word && !toks_[q].cap &&
               toks_[q].lower != "of") {
          ++q;
        }
        if (q > j + 1 && q + 1 < limit && toks_[q].lower == "of") {
          // "visited the flood-hit province of Varna": a settlement's or
          // an administrative unit's noun vouches for an unknown name.
          known_only = !IsPlaceUnit(toks_[q - 1].lower);
          j = q + 1;
        }
      }
    } else if (OneOf(l, {"tour", "inspection"}) && k + 2 < limit && toks_[k + 1].lower == "of") {
      j = k + 2;
      known_only = true;
    } else if (OneOf(l, {"visit", "trip", "came", "arrived", "travelled", "traveled", "went"}) &&
               k + 1 < limit && (toks_[k + 1].lower == "to" || toks_[k + 1].lower == "in")) {
      j = k + 2;
    }
    if (j < 0 || j >= limit || !toks_[j].word || !toks_[j].cap) return false;
    PlaceKind kind;
    int n = PlaceAt(a_, j, limit, &kind);
    if (n > 0) {
      int e = j + n;
      if (e < limit && toks_[e].lower == "city" && toks_[e].cap) ++e;
      Set(j, e, out);
      return true;
    }
    if (known_only) return false;
    // An unknown place: a short capitalized run that names no person,
    // position or organization ("visit to Quang Binh").
    const int e = CapitalizedRun(j, limit, [this](int w) {
      const Token& t = toks_[w];
      return !t.has_digit && !t.all_caps && a_.mention_at_token[w] < 0 &&
             !(t.cls & (kClsNonName | kClsHead | kClsModifier | kClsOrgHead));
    });
    if (e == j) return false;
    if (e < limit && toks_[e].word && toks_[e].cap) {
      // "a visit to Champassak Governor X": the host's title names the
      // place it governs.
      if ((toks_[e].cls & kClsHead) && e + 1 < limit &&
          (a_.mention_at_token[e + 1] >= 0 || IsNameShaped(toks_[e + 1]))) {
        Set(j, e, out);
        return true;
      }
      return false;
    }
    if (a_.pretitle_owner[j] >= 0) return false;
    Set(j, e, out);
    return true;
  }

  const Analysis& a_;
  const std::vector<Token>& toks_;
  const bool to_come_;
};

// A verb at token k (before `last`) that reports people meeting: "met",
// "held", "convened", "hosted", "gathered", "assembled", "took place",
// "sat down", "came together".
bool GatheringVerbAt(const std::vector<Token>& toks, int k, int last) {
  absl::string_view l = toks[k].lower;
  absl::string_view next = k + 1 < last ? absl::string_view(toks[k + 1].lower) : "";
  return OneOf(l, {"held", "met", "convened", "reconvened", "hosted", "gathered", "assembled"}) ||
         (l == "took" && next == "place") || (l == "sat" && next == "down") ||
         (l == "came" && next == "together");
}

bool PastEventSentence(const std::vector<Token>& toks, const Sentence& s) {
  for (int k = s.first; k < s.last; ++k) {
    if (!GatheringVerbAt(toks, k, s.last)) continue;
    // "will be held", "to be held": another, later event; "he had met Liu
    // in Geneva last year", "have met many times": an earlier one.
    if (k > s.first && OneOf(toks[k - 1].lower, {"be", "being", "had", "have", "has"})) continue;
    return true;
  }
  return false;
}

// "In Tarsk, the delegations agreed ...": a sentence that opens with "In"
// and a capitalized name closed by a comma, and speaks of no later or
// earlier time.
// Returns the comma's token (the end of the opening phrase), or -1.
int PlaceOpening(const std::vector<Token>& toks, const Sentence& s) {
  if (s.last - s.first < 4 || toks[s.first].lower != "in" || !toks[s.first + 1].cap) return -1;
  int comma = -1;
  for (int k = s.first + 2; k < s.last && k <= s.first + 5; ++k) {
    if (toks[k].lower == ",") {
      comma = k;
      break;
    }
    if (!toks[k].word || !toks[k].cap) return -1;
  }
  if (comma < 0) return -1;
  for (int k = comma + 1; k < s.last; ++k) {
    if (toks[k].word && IsFutureCue(toks, k)) return -1;
    // "In Tarsk, prices rose last year", "... two years ago", "since":
    // an earlier time, not the meeting's.
    const absl::string_view l = toks[k].lower;
    const absl::string_view next = k + 1 < s.last ? absl::string_view(toks[k + 1].lower) : "";
    if (OneOf(l, {"ago", "since", "previously", "formerly"}) ||
        (OneOf(l, {"last", "previous", "past"}) &&
         OneOf(next, {"year", "years", "month", "months", "decade", "decades"}))) {
      return -1;
    }
  }
  return comma;
}

// A sentence that reports the gathering: a verb or noun of meeting ("met",
// "talks", "held"), of agreeing or signing ("agreed", "signed", "accord"),
// or a person the lead names ("In Tarsk, Voss told reporters ...").
bool ReportsGathering(const Analysis& a, const Sentence& s, const Sentence& lead) {
  const std::vector<Token>& toks = a.tt.tokens;
  for (int k = s.first; k < s.last; ++k) {
    const absl::string_view l = toks[k].lower;
    if (GatheringVerbAt(toks, k, s.last) || IsGatheringNoun(l) || IsAgreementNoun(l) ||
        OneOf(l, {"met", "meets", "meeting", "talks", "discussions", "discussed", "agreed", "agree",
                  "signed", "sign", "signing", "delegations", "delegation"})) {
      return true;
    }
    const int m = a.mention_at_token[k];
    if (m < 0 || a.mentions[m].person < 0) continue;
    for (int q = lead.first; q < lead.last; ++q) {
      const int lm = a.mention_at_token[q];
      if (lm >= 0 && a.mentions[lm].person == a.mentions[m].person) return true;
    }
  }
  return false;
}

// "on the sidelines of the Munich Security Conference": the city in the
// name of the gathering the meeting took place at, when that gathering is
// not dated apart ("taken at the Lisbon Summit in June" is another event).
EventPlace GatheringCity(const Analysis& a, const PlaceFinder& finder, int first, int last) {
  const std::vector<Token>& toks = a.tt.tokens;
  EventPlace p;
  for (int k = first; k + 2 < last; ++k) {
    absl::string_view l = toks[k].lower;
    bool cue =
        ((l == "sidelines" || l == "margins" || l == "occasion") && toks[k + 1].lower == "of") ||
        l == "during" || l == "attend" || l == "attending";
    if (!cue) continue;
    int f = l == "during" || l == "attend" || l == "attending" ? k + 1 : k + 2;
    if (f < last && toks[f].lower == "the") ++f;
    if (f < last && toks[f].has_digit) ++f;  // "the 56th ..."
    int e = f;
    while (e < last && e < f + kMaxVenueTokens && toks[e].word && toks[e].cap) ++e;
    if (e == f || !IsEventHead(toks[e - 1].lower)) continue;
    if (e + 1 < last && toks[e].lower == "in" && MonthNumber(toks[e + 1].lower) > 0) continue;
    for (int q = f; q < e; ++q) {
      PlaceKind kind;
      int n = PlaceAt(a, q, e, &kind);
      if (n > 0 && kind == PlaceKind::kCity) {
        finder.Set(q, q + n, &p);
        return p;
      }
    }
  }
  return p;
}

// "In Vienna today, we agreed ...": a participant placing the meeting,
// also inside a quotation, in the sentences around the lead.
EventPlace PlaceToday(const Analysis& a, const PlaceFinder& finder, int first_sentence,
                      int end_sentence) {
  const std::vector<Token>& toks = a.tt.tokens;
  const auto& sents = a.tt.sentences;
  EventPlace p;
  for (int s = first_sentence; s < end_sentence; ++s) {
    for (int k = sents[s].first; k + 2 < sents[s].last; ++k) {
      if (toks[k].lower != "in") continue;
      int pf, pl;
      bool known = false;
      if (finder.PlaceAfterIn(k + 1, sents[s].last, &pf, &pl, &known) && known &&
          pl < sents[s].last && toks[pl].lower == "today") {
        finder.Set(pf, pl, &p);
        return p;
      }
    }
  }
  return p;
}

// The headline's place: "Secretary General in Lisbon: ...", "... visits
// Khanh Hoa", "... to NATO Headquarters".
EventPlace HeadlinePlace(const Analysis& a, const PlaceFinder& finder) {
  EventPlace p;
  if (a.body_first_sentence == 0 || a.tt.sentences.empty()) return p;
  const std::vector<Token>& toks = a.tt.tokens;
  const Sentence& h = a.tt.sentences[0];
  for (int k = h.first; k + 1 < h.last; ++k) {
    absl::string_view l = toks[k].lower;
    // "Secretary General in Lisbon: ...", "... visits Khanh Hoa".
    if (l == "in" || l == "visits" || l == "visit" || l == "visiting") {
      int e = k + 1;
      int pf, pl;
      if (finder.PlaceAfterIn(k + 1, h.last, &pf, &pl)) {
        e = pl;
      } else {
        while (e < h.last && e < k + 1 + kMaxUnknownPlaceWords && toks[e].word && toks[e].cap &&
               !(toks[e].cls & (kClsNonName | kClsHead | kClsOrgHead))) {
          ++e;
        }
        pf = k + 1;
      }
      bool ends = e == h.last || toks[e].lower == ":" || toks[e].lower == ",";
      if (e > k + 1 && ends && (l != "in" || e == h.last || toks[e].lower == ":")) {
        finder.Set(pf, e, &p);
        return p;
      }
    }
    if (l == "to" || l == "at" || l == "in") {
      int q = k + 1;
      while (q < h.last && toks[q].word && toks[q].cap) ++q;
      if (q > k + 1 && IsVenueHead(toks[q - 1].lower)) {
        finder.Set(k + 1, q, &p);
        return p;
      }
    }
  }
  return p;
}

// The city the text names most often (at least twice), leaving out
// mentions in planned or future clauses, origins and organization names.
EventPlace MostFrequentCity(const Analysis& a, const PlaceFinder& finder) {
  const std::vector<Token>& toks = a.tt.tokens;
  absl::flat_hash_map<std::string, int> counts;
  absl::flat_hash_map<std::string, std::pair<int, int>> where;
  const int nt = static_cast<int>(toks.size());
  bool future = false;
  for (int k = 0; k < nt; ++k) {
    if (k > 0 && toks[k].sentence != toks[k - 1].sentence) future = false;
    if (IsClauseEnd(toks[k].lower)) future = false;
    if (toks[k].word && IsFutureCue(toks, k)) future = true;
    if (toks[k].skip || future) continue;
    PlaceKind kind;
    int n = PlaceAt(a, k, nt, &kind);
    if (n == 0) continue;
    // "a delegation from Osaka", "the Osaka Chamber of Commerce": where
    // guests come from, or a city naming an organization, is no venue.
    const bool origin = k > 0 && toks[k - 1].lower == "from";
    const bool names_org =
        k + n < nt && toks[k + n].word && toks[k + n].cap && (toks[k + n].cls & kClsOrgHead);
    if (kind == PlaceKind::kCity && !origin && !names_org) {
      std::string name(a.Slice(k, k + n));
      if (++counts[name] == 1) where[name] = {k, k + n};
    }
    k += n - 1;
  }
  std::string best;
  int best_count = 1;
  for (const auto& [name, c] : counts) {
    if (c > best_count || (c == best_count && !best.empty() && name < best)) {
      best = name;
      best_count = c;
    }
  }
  EventPlace p;
  if (!best.empty()) {
    auto [f, l] = where[best];
    finder.Set(f, l, &p);
  }
  return p;
}

}  // namespace

EventPlace PlaceOfClause(const Analysis& a, int first, int last) {
  EventPlace city, venue;
  PlaceFinder(a).Scan(first, last, /*motion_only=*/false, &city, &venue);
  return city.found ? city : venue;
}

namespace {

// "Zigong City" where the headline writes "Zigong": the city's own name,
// as the headline gives it. Gazetteer names with the word ("New York
// City", "Mexico City") keep it.
EventPlace HeadlineForm(const Analysis& a, const PlaceFinder& finder, EventPlace p) {
  const std::vector<Token>& toks = a.tt.tokens;
  const int n = p.last - p.first - 1;  // Words before "City".
  if (!p.found || n < 1 || toks[p.last - 1].lower != "city" || a.body_first_sentence == 0) {
    return p;
  }
  std::string key;
  for (int k = p.first; k < p.last; ++k) {
    if (k > p.first) key.push_back(' ');
    key.append(toks[k].lower.data(), toks[k].lower.size());
  }
  if (a.vocab->places.contains(key)) return p;
  const Sentence& h = a.tt.sentences[0];
  for (int k = h.first; k + n <= h.last; ++k) {
    int q = 0;
    while (q < n && toks[k + q].lower == toks[p.first + q].lower) ++q;
    if (q == n && (k + n == h.last || toks[k + n].lower != "city")) {
      finder.Set(p.first, p.last - 1, &p);
      return p;
    }
  }
  return p;
}

EventPlace FindEventPlace(const Analysis& a, const PlaceFinder& finder, const Dateline& dateline,
                          int lead, int lead_first, int window);

}  // namespace

EventPlace ResolveEventPlace(const Analysis& a, const Dateline& dateline, int lead, int lead_first,
                             int window, bool to_come) {
  const PlaceFinder finder(a, to_come);
  return HeadlineForm(a, finder, FindEventPlace(a, finder, dateline, lead, lead_first, window));
}

namespace {

EventPlace FindEventPlace(const Analysis& a, const PlaceFinder& finder, const Dateline& dateline,
                          int lead, int lead_first, int window) {
  EventPlace none;
  if (lead < 0) return none;
  const auto& sents = a.tt.sentences;
  const int ns = static_cast<int>(sents.size());
  const int body = a.body_first_sentence;
  EventPlace city, venue;
  // 1. The lead sentence. A country or region there yields to a more
  // specific place found below.
  finder.Scan(lead_first, sents[lead].last, /*motion_only=*/false, &city, &venue);
  if (city.found && !city.broad) return city;
  EventPlace broad = city;
  // 2. A journey told around the lead ("X came to Ningbo. ... met him").
  for (int s = body; s < ns && s <= lead + 2; ++s) {
    if (s == lead || sents[s].caption) continue;
    EventPlace moved, unused;
    finder.Scan(sents[s].first, sents[s].last, /*motion_only=*/true, &moved, &unused);
    if (moved.found && !moved.broad) return moved;
    if (moved.found && !broad.found) broad = moved;
  }
  // 3. Sentences that report the meeting in the past ("was held in X").
  for (int s = body; s < ns && s < body + window; ++s) {
    if (s == lead || sents[s].caption || !PastEventSentence(a.tt.tokens, sents[s])) continue;
    EventPlace held, held_venue;
    finder.Scan(sents[s].first, sents[s].last, /*motion_only=*/false, &held, &held_venue);
    if (held.found && !held.broad) return held;
    if (held.found && !broad.found) broad = held;
    if (!venue.found) venue = held_venue;
  }
  // 3b. An opening "In <Place>," of a sentence around the lead that tells
  // what the meeting did ("In Tarsk, the delegations agreed ..."). One that
  // reports something else ("In Tarsk, farmers protested") yields to the
  // dateline.
  EventPlace aside;
  for (int s = body; s < ns && s <= lead + 2; ++s) {
    if (s == lead || sents[s].caption) continue;
    const int comma = PlaceOpening(a.tt.tokens, sents[s]);
    if (comma < 0) continue;
    EventPlace opened, unused;
    finder.Scan(sents[s].first, comma, /*motion_only=*/false, &opened, &unused);
    if (!opened.found || opened.broad) continue;
    if (ReportsGathering(a, sents[s], sents[lead])) return opened;
    if (!aside.found) aside = opened;
  }
  // 4. The dateline, then an opening place of a sentence around the lead.
  if (dateline.found && dateline.place_last > dateline.place_first) {
    EventPlace p;
    p.found = true;
    p.name = dateline.place;
    p.first = dateline.place_first;
    p.last = dateline.place_last;
    return p;
  }
  if (aside.found) return aside;
  // 5. The city of the gathering the lead places the meeting at, a venue
  // named in the lead or in a sentence reporting the meeting, then a
  // country or region named there.
  EventPlace gathering = GatheringCity(a, finder, lead_first, sents[lead].last);
  if (gathering.found) return gathering;
  if (venue.found) return venue;
  if (broad.found) return broad;
  // 6. The headline.
  EventPlace headline = HeadlinePlace(a, finder);
  if (headline.found) return headline;
  // 7. A participant's "in <City> today", then the city named most often.
  EventPlace today = PlaceToday(a, finder, body, std::min(ns, std::max(lead + 3, body + window)));
  if (today.found) return today;
  return MostFrequentCity(a, finder);
}

}  // namespace

}  // namespace readout::extractor::internal
