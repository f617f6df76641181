// Places (gazetteer lookups) and organizations (capitalized phrases ending
// in an organization word) over the token stream, one linear pass each.
#include "extractor-service/engine/places.h"

#include <algorithm>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_split.h"
#include "extractor-service/engine/tokens.h"
#include "extractor-service/engine/vocabulary.h"

namespace readout::extractor::internal {
namespace {

void SetSpan(readout::v1::Span* span, uint32_t b, uint32_t e) {
  span->set_start(b);
  span->set_end(e);
}

}  // namespace

std::string TitleCase(absl::string_view s) {
  std::string out(s);
  bool start = true;
  for (char& c : out) {
    if (absl::ascii_isalpha(static_cast<unsigned char>(c))) {
      c = start ? absl::ascii_toupper(static_cast<unsigned char>(c))
                : absl::ascii_tolower(static_cast<unsigned char>(c));
      start = false;
    } else {
      start = c == ' ' || c == '-';
    }
  }
  return out;
}

// A place the gazetteer does not know but whose last word names an
// administrative unit: one or two capitalized words then "County", "City",
// "District", ... ("Huaiyang County"). Returns its token count, or 0.
int AdministrativePlaceAt(const Analysis& a, int k, int limit) {
  static const auto* const kUnits = new absl::flat_hash_set<absl::string_view>{
      "county", "city", "district", "prefecture", "township", "town", "village", "municipality"};
  const std::vector<Token>& toks = a.tt.tokens;
  for (int n = 2; n <= 3 && k + n <= limit; ++n) {
    const Token& last = toks[k + n - 1];
    const Token& prev = toks[k + n - 2];
    if (!last.word || !last.cap || last.begin != prev.end + 1) return 0;
    if (kUnits->contains(last.lower)) return n;
    // Words before the unit are proper names, not titles or function words.
    if (last.has_digit || (last.cls & (kClsNonName | kClsHead | kClsModifier | kClsOrgHead))) {
      return 0;
    }
  }
  return 0;
}

// Longest gazetteer place starting at token k, or else an administrative
// place (see AdministrativePlaceAt); returns its token count.
int PlaceAt(const Analysis& a, int k, int limit, PlaceKind* kind) {
  const std::vector<Token>& toks = a.tt.tokens;
  const Vocabulary& v = *a.vocab;
  if (!toks[k].word || !toks[k].cap || toks[k].has_digit) return 0;
  if (!(toks[k].cls & kClsPlaceStart)) {
    if (toks[k].cls & (kClsNonName | kClsHead | kClsModifier | kClsOrgHead)) return 0;
    int n = AdministrativePlaceAt(a, k, limit);
    if (n > 0) *kind = PlaceKind::kCity;
    return n;
  }
  std::string key;
  int best = 0;
  for (int n = 1; n <= v.max_place_words && k + n <= limit; ++n) {
    const Token& t = toks[k + n - 1];
    if (!t.word) break;
    if (n > 1) {
      if (t.begin != toks[k + n - 2].end + 1) break;
      key.push_back(' ');
    }
    key.append(t.lower.data(), t.lower.size());
    // One lookup per word, and none past the words that begin no name
    // ("china and ..."): the gazetteer's longest names have several words.
    auto it = v.place_steps.find(key);
    if (it == v.place_steps.end()) break;
    if (it->second.is_place) {
      best = n;
      *kind = it->second.kind;
    }
    if (!it->second.continues) break;
  }
  return best;
}

void ExtractPlaces(const Analysis& a, readout::v1::Extraction* out) {
  const std::vector<Token>& toks = a.tt.tokens;
  absl::flat_hash_map<std::string, int> index;
  const int nt = static_cast<int>(toks.size());
  // A place starts at a capitalized word (PlaceAt), never inside a mention.
  for (int k = NextCapitalWord(a.tt, 0); k < nt; k = NextCapitalWord(a.tt, k + 1)) {
    if (toks[k].skip || a.mention_at_token[k] >= 0) continue;
    PlaceKind kind;
    int n = PlaceAt(a, k, nt, &kind);
    if (n == 0) continue;
    // "the Harwick City Council": a town the gazetteer lacks, read from its
    // unit word, that opens an organization's name is no place of its own.
    if (!(toks[k].cls & kClsPlaceStart) && k + n < nt && toks[k + n].word && toks[k + n].cap &&
        (toks[k + n].cls & kClsOrgHead)) {
      k += n;
      continue;
    }
    std::string name =
        toks[k].all_caps ? TitleCase(a.Slice(k, k + n)) : std::string(a.Slice(k, k + n));
    auto [it, inserted] = index.emplace(name, out->places_size());
    if (inserted) out->add_places()->set_name(name);
    SetSpan(out->mutable_places(it->second)->add_mentions(), toks[k].begin, toks[k + n - 1].end);
    k += n - 1;
  }
}

readout::v1::OrganizationKind KindOf(const std::string& lower) {
  // The kinds in order of precedence: a name with a word of several kinds
  // ("Communist Party Committee of the Ministry") takes the first.
  enum Rank { kParty, kLegislature, kInternational, kGovernment, kOther };
  static const auto* const kWordRank =
      new absl::flat_hash_map<absl::string_view, Rank>{{"party", kParty},
                                                       {"cpc", kParty},
                                                       {"communist", kParty},
                                                       {"congress", kLegislature},
                                                       {"parliament", kLegislature},
                                                       {"legislative", kLegislature},
                                                       {"senate", kLegislature},
                                                       {"npc", kLegislature},
                                                       {"assembly", kLegislature},
                                                       {"legislature", kLegislature},
                                                       {"un", kInternational},
                                                       {"nato", kInternational},
                                                       {"international", kInternational},
                                                       {"world", kInternational},
                                                       {"eu", kInternational},
                                                       {"asean", kInternational},
                                                       {"apec", kInternational},
                                                       {"imf", kInternational},
                                                       {"wto", kInternational},
                                                       {"ministry", kGovernment},
                                                       {"council", kGovernment},
                                                       {"bureau", kGovernment},
                                                       {"commission", kGovernment},
                                                       {"department", kGovernment},
                                                       {"government", kGovernment},
                                                       {"office", kGovernment},
                                                       {"administration", kGovernment},
                                                       {"authority", kGovernment},
                                                       {"procuratorate", kGovernment},
                                                       {"court", kGovernment}};
  // Names of two words whose second word alone says less ("Security
  // Council" is international, "council" government).
  static constexpr struct {
    absl::string_view first, second;
  } kPairs[] = {
      {"united", "nations"}, {"security", "council"}, {"european", "union"}, {"african", "union"}};
  // One pass over the words (split at spaces; a word may end in "'s"),
  // not a search of the whole name for each keyword: the name's kind is
  // the best rank of its words and word pairs.
  Rank best = kOther;
  absl::string_view prev;  // The word before, whole.
  for (absl::string_view word : absl::StrSplit(lower, ' ')) {
    const absl::string_view base = word.substr(0, word.find('\''));
    if (auto it = kWordRank->find(base); it != kWordRank->end()) {
      best = std::min(best, it->second);
    }
    for (const auto& pair : kPairs) {
      if (prev == pair.first && base == pair.second) best = std::min(best, kInternational);
    }
    prev = word;
  }
  static constexpr readout::v1::OrganizationKind kKinds[] = {
      readout::v1::ORGANIZATION_KIND_PARTY, readout::v1::ORGANIZATION_KIND_LEGISLATURE,
      readout::v1::ORGANIZATION_KIND_INTERNATIONAL, readout::v1::ORGANIZATION_KIND_GOVERNMENT,
      readout::v1::ORGANIZATION_KIND_OTHER};
  return kKinds[best];
}

namespace {

// A word that says when, not what a body is of: "the Council on
// Wednesday", "the Senate in March", "the Board Today".
bool IsTimeName(const Token& t) {
  return WeekdayNumber(t.lower) >= 0 || MonthNumber(t.lower) != 0 ||
         OneOf(t.lower, {"today", "yesterday", "tonight"});
}

// A small word at token q capitalized only because it opens its sentence
// (or heading), which starts at token `sfirst`: "In Parliament, ...", "At
// the Council", "The Board". Inside a sentence the same word, capitalized,
// is part of a name. Time words ("Yesterday") are IsTimeName's.
bool OpensSentenceOnly(const std::vector<Token>& toks, int q, int sfirst) {
  for (int w = sfirst; w < q; ++w) {
    if (toks[w].word) return false;
  }
  return OneOf(toks[q].lower,
               {"the", "in", "at", "on", "by", "with", "from", "to", "as", "after", "before",
                "during", "under", "since", "while", "when", "but", "a", "an"});
}

// The end of the run of capitalized words from q (at most `max` words, none
// past `limit`) that are no time names and no person's ("the Central
// Committee Tom Reed").
int NameRun(const Analysis& a, int q, int limit, int max) {
  const std::vector<Token>& toks = a.tt.tokens;
  int r = q;
  while (r < limit && r < q + max) {
    // "of the Central People's Government": a possessive inside the name.
    if (r > q && toks[r].possessive && r + 1 < limit && toks[r + 1].word && toks[r + 1].cap) {
      ++r;
      continue;
    }
    if (!toks[r].word || !toks[r].cap || IsTimeName(toks[r]) || a.mention_at_token[r] >= 0) break;
    ++r;
  }
  return r;
}

// "and Rural Affairs" after "Ministry of Agriculture": a second field of
// the same body, not a second body. The words from q are a short
// capitalized run with no organization's head, no title, no person and no
// place of their own ("and the Coast Guard", "and Ruritania" name another
// body). A title or a person after the field ends it ("Organisation for
// Economic Cooperation and Development Secretary-General X"). Returns the
// field's end, or q.
int SecondField(const Analysis& a, int q, int limit) {
  const std::vector<Token>& toks = a.tt.tokens;
  const int r = NameRun(a, q, limit, 4);
  PlaceKind kind;
  if (r == q || PlaceAt(a, q, limit, &kind) > 0) return q;
  for (int w = q; w < r; ++w) {
    if ((toks[w].cls & kClsOrgHead) || toks[w].all_caps) return q;
    if ((toks[w].cls & kClsHead) || a.mention_at_token[w] >= 0) return w;
  }
  return r;
}

// The end of an organization's name whose head word ends at `last`: "of",
// "for" or "on" and the capitalized words of what it is of ("Ministry of
// Agriculture"), a second field joined by "and" ("and Rural Affairs"), and
// then further "of" or "for" phrases ("of Korvenia", "Office of the High
// Envoy for Rivers"). A time word ends the name
// ("the Council on Wednesday").
int NameEnd(const Analysis& a, int last, int slast) {
  const std::vector<Token>& toks = a.tt.tokens;
  if (last + 1 >= slast || !OneOf(toks[last].lower, {"of", "for", "on"})) return last;
  for (int step = 0; step < 6 && last + 1 < slast; ++step) {
    const absl::string_view l = toks[last].lower;
    if (l == "and") {
      if (step == 0) break;
      const int r = SecondField(a, last + 1, slast);
      if (r == last + 1) break;
      last = r;
      continue;
    }
    // "for" goes on from a post's name ("Office of the High Envoy for
    // Rivers"), not from a body's ("Bureau of the Central Committee for
    // the Implementation of ...").
    const bool body_before = step > 0 && (toks[last - 1].cls & kClsOrgHead);
    if (l != "of" && !(l == "for" && !body_before) && !(step == 0 && l == "on")) break;
    int q = last + 1;
    if (q < slast && toks[q].lower == "the") ++q;
    const int r = NameRun(a, q, slast, 8);
    if (r == q) break;
    last = r;
  }
  return last;
}

// Whether the capitals of `acronym` ("NGB") are, in order, initials of the
// words of `name` ("Northern Grain Board").
bool AbbreviatesName(absl::string_view acronym, absl::string_view name) {
  size_t i = 0;
  bool start = true;
  for (char c : name) {
    if (c == ' ' || c == '-') {
      start = true;
      continue;
    }
    if (start && i < acronym.size() &&
        absl::ascii_tolower(static_cast<unsigned char>(c)) ==
            absl::ascii_tolower(static_cast<unsigned char>(acronym[i]))) {
      ++i;
    }
    start = false;
  }
  return i == acronym.size();
}

}  // namespace

void ExtractOrganizations(const Analysis& a, readout::v1::Extraction* out) {
  const std::vector<Token>& toks = a.tt.tokens;
  static const auto* const kAcronyms = new absl::flat_hash_set<std::string>{
      "un",   "nato", "cpc", "npc",   "cppcc", "wto",    "imf",    "eu",  "asean",
      "apec", "who",  "sco", "brics", "opec",  "unesco", "unicef", "oecd"};
  absl::flat_hash_map<std::string, int> index;
  // "the Northern Grain Board (NGB)": the acronym written in brackets after
  // a name is another mention of that organization, there and later.
  absl::flat_hash_map<std::string, int> acronyms;
  const int nt = static_cast<int>(toks.size());
  int taken = 0;  // The end of the name read last.
  for (int k = NextCapitalWord(a.tt, 0); k < nt; k = NextCapitalWord(a.tt, k + 1)) {
    const Token& t = toks[k];
    if (t.skip || !t.word || !t.cap) continue;
    if (t.all_caps) {
      if (auto it = acronyms.find(t.lower); it != acronyms.end()) {
        SetSpan(out->mutable_organizations(it->second)->add_mentions(), t.begin, t.end);
        continue;
      }
    }
    bool acronym = t.all_caps && kAcronyms->contains(t.lower);
    if (!acronym && !(t.cls & kClsOrgHead)) continue;
    const int sfirst = a.tt.sentences[t.sentence].first;
    const int slast = a.tt.sentences[t.sentence].last;
    int first = k;
    int last = k + 1;
    if (!acronym) {
      while (first - 1 >= sfirst && first > k - 10) {
        const Token& p = toks[first - 1];
        if ((p.word && p.cap && !IsTimeName(p) && !OpensSentenceOnly(toks, first - 1, sfirst)) ||
            p.possessive) {
          --first;
        } else if ((p.lower == "of" || p.lower == "for" || p.lower == "and") &&
                   first - 2 >= sfirst && toks[first - 2].word && toks[first - 2].cap &&
                   (p.lower != "and" || first - 2 >= taken)) {
          // "the Ministry of Fisheries and Coast Guard": no "and" back into
          // the name read before.
          --first;
        } else {
          break;
        }
      }
      // "and Coast Guard": the name starts after its joining word.
      while (first < k && (!toks[first].word || OneOf(toks[first].lower, {"of", "for", "and"}))) {
        ++first;
      }
      last = NameEnd(a, last, slast);
      if (a.mention_at_token[first] >= 0) continue;
    }
    std::string name(a.Slice(first, last));
    auto [it, inserted] = index.emplace(name, out->organizations_size());
    if (inserted) {
      auto* org = out->add_organizations();
      org->set_name(name);
      org->set_kind(KindOf(absl::AsciiStrToLower(name)));
    }
    SetSpan(out->mutable_organizations(it->second)->add_mentions(), toks[first].begin,
            toks[last - 1].end);
    if (!acronym && last + 2 < nt && toks[last].lower == "(" && toks[last + 1].word &&
        toks[last + 1].all_caps && toks[last + 2].lower == ")" &&
        toks[last + 1].lower.size() >= 2 && AbbreviatesName(toks[last + 1].lower, name)) {
      acronyms.emplace(toks[last + 1].lower, it->second);
      SetSpan(out->mutable_organizations(it->second)->add_mentions(), toks[last + 1].begin,
              toks[last + 1].end);
      last += 2;
    }
    k = last - 1;
    taken = last;
  }
}

}  // namespace readout::extractor::internal
