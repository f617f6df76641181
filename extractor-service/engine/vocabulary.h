// Word lists of the genre: title words, reporting verbs, role phrases,
// surnames, organization heads and a gazetteer of places. Built once and
// looked up by hash (all keys are lowercase ASCII).
#ifndef READOUT_EXTRACTOR_SERVICE_ENGINE_VOCABULARY_H_
#define READOUT_EXTRACTOR_SERVICE_ENGINE_VOCABULARY_H_

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "absl/base/config.h"
#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/string_view.h"

namespace readout::extractor::internal {

// The word packing and hash of Vocabulary's class table, inline so that
// the lookup made for every word of a text costs no call.
namespace class_table {

// The sizeof(T) (4 or 8) bytes at `p` as a little-endian number, on any
// host: a memcpy load (one move where alignment does not matter), swapped
// on a big-endian host.
template <typename T>
inline T LoadLittle(const char* p) {
  static_assert(sizeof(T) == 4 || sizeof(T) == 8);
  T v;
  std::memcpy(&v, p, sizeof(v));
#ifdef ABSL_IS_BIG_ENDIAN
  if constexpr (sizeof(T) == 8) {
    v = __builtin_bswap64(v);
  } else {
    v = __builtin_bswap32(v);
  }
#endif
  return v;
}

// The bytes of `w` (1 to 16 of them) in two words, zero past its end
// (little-endian: byte 0 lowest, on any host). Reads no byte outside `w`.
inline void PackWord(absl::string_view w, uint64_t* lo, uint64_t* hi) {
  const char* p = w.data();
  const size_t n = w.size();
  if (n >= 8) {
    *lo = LoadLittle<uint64_t>(p);
    *hi = n > 8 ? LoadLittle<uint64_t>(p + n - 8) >> (8 * (16 - n)) : 0;
  } else if (n >= 4) {
    *lo = LoadLittle<uint32_t>(p) |
          (uint64_t{LoadLittle<uint32_t>(p + n - 4)} >> (8 * (8 - n)) << 32);
    *hi = 0;
  } else {
    auto byte = [p](size_t i) { return uint64_t{static_cast<unsigned char>(p[i])}; };
    *lo = byte(0) | byte(n / 2) << (8 * (n / 2)) | byte(n - 1) << (8 * (n - 1));
    *hi = 0;
  }
}

inline size_t SlotHash(uint64_t lo, uint64_t hi, size_t n) {
  return static_cast<size_t>((lo ^ (hi * 0xC2B2AE3D27D4EB4Full) ^ n) * 0x9E3779B97F4A7C15ull);
}

}  // namespace class_table

enum class PlaceKind { kCity, kRegion, kCountry };

// Word classes of a token, looked up once per token (see ClassifyTokens).
enum : uint16_t {
  kClsHead = 1 << 0,
  kClsModifier = 1 << 1,
  kClsNonName = 1 << 2,
  kClsSurname = 1 << 3,
  kClsReporting = 1 << 4,
  kClsOrgHead = 1 << 5,
  kClsPlaceStart = 1 << 6,
  kClsGivenName = 1 << 7,
  kClsRole = 1 << 8,
  kClsPhraseStart = 1 << 9,
  // Vietnamese and Korean family names: their names run to three or four
  // words ("Nguyen Van Trung", "Kim Jong Sik").
  kClsLongSurname = 1 << 12,
  // Cues: the words a pass reads at every token of the text, so that it
  // passes every other token with one bit test (vocabulary.cc lists them;
  // a rule that reads another word there lists it too).
  kClsReferenceCue = 1 << 10,  // "he", "him", "the": a reference (discourse).
  kClsClauseCue = 1 << 11,     // "and", "whereas", "according": statements.
  kClsTitleTrigger = 1 << 13,  // "appointed", "as", "became": a title follows.
  kClsClauseStart = 1 << 14,   // "who", "when", "with": a clause (roles).
  kClsMeetingCue = 1 << 15,    // "met", "talks": a meeting told (event split).
  kClsCues = kClsReferenceCue | kClsClauseCue | kClsTitleTrigger | kClsClauseStart | kClsMeetingCue,
};
// Classes past a token's 16 bits: Classify returns them, and the token
// keeps them as bits of its own (Token::plural_head).
enum : uint32_t {
  kClsPluralHead = 1u << 16,             // "ministers", "mps": a head + "s".
  kClsPluralCapitalizedHead = 1u << 17,  // "leaders": a head only when capitalized.
};

struct Vocabulary {
  // Words that head a position: "secretary", "governor", "premier".
  absl::flat_hash_set<std::string> title_heads;
  // Heads that head a title only when capitalized ("Leader", "Advisor").
  absl::flat_hash_set<std::string> capitalized_heads;
  // Words that may precede a head in a title: "vice", "deputy", "former".
  absl::flat_hash_set<std::string> title_modifiers;
  // Capitalized words that are never part of a person's name.
  absl::flat_hash_set<std::string> non_name;
  // Pinyin and Cantonese family names.
  absl::flat_hash_set<std::string> surnames;
  // Vietnamese and Korean family names (see kClsLongSurname).
  absl::flat_hash_set<std::string> long_surnames;
  // Reporting verbs (single words): "said", "stressed", "urging".
  absl::flat_hash_set<std::string> reporting_verbs;
  // Reporting verbs of several words, keyed by the first, each with the
  // words that follow it: "pointed" -> {"out"}, "looked" -> {"forward to"}.
  absl::flat_hash_map<std::string, std::vector<std::string>> reporting_phrases;
  // Words that end an organization's name: "committee", "ministry".
  absl::flat_hash_set<std::string> org_heads;
  // Lowercased place names (one or more words) and their kind.
  absl::flat_hash_map<std::string, PlaceKind> places;
  // First words of place names (a place lookup starts only at one).
  absl::flat_hash_set<std::string> place_first_words;
  // Every place name and every first part of a longer one ("new",
  // "new south" for "new south wales"), with its kind when it is a name
  // itself and whether a longer name goes on from it: a lookup of a name
  // word by word stops at the first key that goes on to no name.
  struct PlaceStep {
    bool is_place = false;
    PlaceKind kind = PlaceKind::kCity;
    bool continues = false;
  };
  absl::flat_hash_map<std::string, PlaceStep> place_steps;
  // Longest place name in words.
  int max_place_words = 1;
  // Common given names ("John", "Sergey").
  absl::flat_hash_set<std::string> given_names;
  // Words that can start a role phrase ("presided", "met", "attended"),
  // the two verb lists below among them.
  absl::flat_hash_set<std::string> role_words;
  absl::flat_hash_set<std::string> bestowing_verbs;    // IsBestowingVerb.
  absl::flat_hash_set<std::string> credentials_verbs;  // IsCredentialsVerb.
  absl::flat_hash_set<std::string> vote_verbs;         // IsVoteVerb.
  absl::flat_hash_set<std::string> election_verbs;     // IsElectionVerb.
  // Nouns for unnamed people that vouch for a following name ("citizens").
  absl::flat_hash_set<std::string> person_nouns;
  // Forms of address that are neither name nor title (IsHonorific).
  absl::flat_hash_set<std::string> honorifics;
  // Styles of two words, "first:second" ("tan:sri"; IsTwoWordStyle).
  absl::flat_hash_set<std::string> two_word_styles;
  // Their distinct second words ("sri"): IsTwoWordStyle compares these
  // first, so that most capitalized pairs cost no hash lookup.
  std::vector<std::string> two_word_style_seconds;

  // Every listed word and its kCls* mask (one lookup per token).
  absl::flat_hash_map<std::string, uint32_t> classes;
  // The same masks for the words of 1 to 16 bytes (all but a few), in an
  // open-addressing table whose slots hold the word's bytes in two machine
  // words: a lookup is a multiply and one or two compares, without the
  // general string hash and memcmp (Classify is called for every word of
  // the text). Built from `classes` once it is complete.
  struct ClassSlot {
    uint64_t lo = 0, hi = 0;  // The word's bytes, zero past its end.
    uint32_t cls = 0;
    uint8_t len = 0;  // 0: an empty slot.
  };
  std::vector<ClassSlot> class_slots;
  int class_shift = 64;  // Slot of a hash: its top bits.
  void BuildClassSlots();

  // The kCls* mask of a lowercase word.
  uint32_t Classify(absl::string_view lower) const {
    const size_t n = lower.size();
    if (n == 0 || n > 16 || class_slots.empty()) return ClassifyLong(lower);
    uint64_t lo, hi;
    class_table::PackWord(lower, &lo, &hi);
    const size_t mask = class_slots.size() - 1;
    for (size_t i = class_table::SlotHash(lo, hi, n) >> class_shift;; i = (i + 1) & mask) {
      const ClassSlot& s = class_slots[i];
      if (s.lo == lo && s.hi == hi && s.len == n) return s.cls;
      if (s.len == 0) return 0;
    }
  }
  // Classify's lookup in `classes` (words over 16 bytes, empty words).
  uint32_t ClassifyLong(absl::string_view lower) const;

  bool IsHead(absl::string_view lower) const;
  bool IsModifier(absl::string_view lower) const;
};

// The process-wide vocabulary (built on first use, immutable).
const Vocabulary& GetVocabulary();

// A form of address, neither part of the name nor a title: "Mr.", "Dr.",
// "H.E.", "the Rt. Hon", "Comrade", peerages ("Baroness", "Lord"). The one
// list every pass reads (`lower` without its period). Never a name word.
bool IsHonorific(absl::string_view lower);

// A form of address of two words ("Tan Sri", "Puan Sri") whose first word
// may also be a name word: the pair is never part of a name. Lowercase
// words.
bool IsTwoWordStyle(absl::string_view first, absl::string_view second);

// A paper or plan put before a meeting: "presented the strategy", "gave
// an overview", "a briefing by X". Whoever presents one speaks to it.
bool IsWorkDocumentNoun(absl::string_view lower);

// An honour handed over at a ceremony: "presented state awards to",
// "conferred the Order of Friendship on".
bool IsHonourNoun(absl::string_view lower);

// Verbs that hand over an honour: "presented", "awarded", "conferred".
bool IsBestowingVerb(absl::string_view lower);

// Verbs of credentials changing hands: "received (the credentials of)",
// "presented (his credentials to)".
bool IsCredentialsVerb(absl::string_view lower);

// A member's vote at a sitting: "voted", "abstained" (and their -s forms).
bool IsVoteVerb(absl::string_view lower);

// A post given by a sitting or a body: "elected", "re-elected",
// "appointed". Names a person before or after it and triggers a title.
bool IsElectionVerb(absl::string_view lower);

// A gathering someone opens, closes or declares open: "opened the
// session", "declared the meeting closed".
bool IsGatheringNoun(absl::string_view lower);
// A written agreement between parties ("accord", "pact", "memorandum"), not
// an order, a bill or a law, which one person signs alone.
bool IsAgreementNoun(absl::string_view lower);

// The field of a minister's or a secretary's office, written in lowercase
// before the head: "finance" in "finance minister", "health" in "health
// secretary".
bool IsPortfolioNoun(absl::string_view lower);

// Words that make an adverb with "in", whatever their case: "in Private",
// "in Good Faith", "in Principle" say how, not where.
bool IsMannerAfterIn(absl::string_view lower);

// Verbs of a body or a person holding an event: "hosted (the meeting
// at)", "convened (a session at)", "held (its forum at)".
bool IsHostingVerb(absl::string_view lower);

// A noun for what a company or body has and a person does not: "its
// members", "its shares", "its staff".
bool IsBodysOwnNoun(absl::string_view lower);

// The press as an audience: "spoke to reporters", "told the media".
bool IsPressNoun(absl::string_view lower);

// A news agency known by its one-word name: "Reuters", "Xinhua", "AFP".
bool IsNewsAgencyName(absl::string_view lower);

// One word built on a medium's word, longer than it by three letters or
// more: "Nordpress", "Baltnews".
bool IsBuiltOnMediumWord(absl::string_view lower);

// The last word of a medium's name: "Nordic Radio", "Valley Herald",
// "Coast News Agency".
bool IsMediumLastWord(absl::string_view lower);

// A title written short with its period ("Sen.", "Rep.", "Gov.", "Amb."):
// `lower` without the period. A head only as written so ("Amartya Sen" is a
// name), and only before a name (the caller checks).
bool IsAbbreviatedTitleHead(absl::string_view lower);

// A month's short form that is also a given name or a word ("jun", "jan",
// "dec", "mar", "sep"): a month only before a number ("Jun. 5"), a name
// after a family name ("Liu Jun"). `lower` without its period.
bool IsMonthShortFormAlsoName(absl::string_view lower);

// Month number (1-12) of a month name or abbreviation ("dec", "sept",
// "january"), else 0. `lower` is lowercase without a trailing period.
int MonthNumber(absl::string_view lower);
// 0 = Monday ... 6 = Sunday, -1 when not a weekday name.
int WeekdayNumber(absl::string_view lower);
// The count a number word spells, 1 ("one") to 12 ("twelve"), else 0.
int CountWordValue(absl::string_view lower);

}  // namespace readout::extractor::internal

#endif  // READOUT_EXTRACTOR_SERVICE_ENGINE_VOCABULARY_H_
