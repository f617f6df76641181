// The cue classes: the passes that read cue words skip every token without
// the class, so a word a rule reads but the vocabulary does not class would
// silently switch the rule off. These tests run the rules through the
// extractor, one sentence per cue word, so a word dropped from its class
// (or a rule reading an unclassed word) fails here. The last test checks
// Classify's table of short words against the word lists.
#include "extractor-service/engine/vocabulary.h"

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "extractor-service/engine/test_util.h"
#include "gtest/gtest.h"

namespace readout::extractor::internal {
namespace {

using testing::ExtractText;
using testing::FindPerson;
using testing::HasRole;
using testing::HasStatement;
using testing::TitlesOf;

// kClsReferenceCue: "he", "she", "the <title>" refer back to a person.
TEST(VocabularyTest, ReferenceCuesResolveToTheirPerson) {
  auto he = ExtractText("Talks\n\nGovernor Hu Ling met Ivo Sarn on Monday. He stressed trade.");
  EXPECT_TRUE(HasStatement(he, "Hu Ling", "stressed"));
  auto she = ExtractText("Talks\n\nMayor Ada Brun met Ivo Sarn on Monday. She stressed trade.");
  EXPECT_TRUE(HasStatement(she, "Ada Brun", "stressed"));
  auto the =
      ExtractText("Talks\n\nGovernor Hu Ling met Ivo Sarn on Monday. The Governor stressed trade.");
  EXPECT_TRUE(HasStatement(the, "Hu Ling", "stressed"));
}

// kClsClauseCue: "according to X" names a source; "and" joins a second
// top-level clause with its own reporting verb.
TEST(VocabularyTest, ClauseCuesOpenStatements) {
  auto x = ExtractText(
      "Fair\n\nMayor Hu Ling opened the fair on Monday. The fair will run for a week, "
      "according to Hu Ling.");
  EXPECT_TRUE(HasStatement(x, "Hu Ling", "according to"));
}

// kClsTitleTrigger: a title after "re-designated as", "became", "serving as".
TEST(VocabularyTest, TitleTriggersGiveTitles) {
  auto x = ExtractText(
      "Board\n\nTan Wei was re-designated as Chief Executive Officer on Monday. Bo Rui "
      "became Chairman of the Board. Ida Berg, serving as Secretary of the Board, "
      "attended.");
  EXPECT_EQ(TitlesOf(x, "Tan Wei"), std::vector<std::string>{"Chief Executive Officer"});
  EXPECT_EQ(TitlesOf(x, "Bo Rui"), std::vector<std::string>{"Chairman of the Board"});
  EXPECT_EQ(TitlesOf(x, "Ida Berg"), std::vector<std::string>{"Secretary of the Board"});
}

// kClsClauseStart: ", with X attending" is a clause of its own, so X does
// not become an object of "met".
TEST(VocabularyTest, ClauseStartsBoundTheObjects) {
  auto x = ExtractText(
      "Talks\n\nMayor Hu Ling met Ambassador Ivo Sarn on Monday, with Deputy Mayor Tan Wei "
      "attending.");
  EXPECT_TRUE(HasRole(x, "Ivo Sarn", v1::PARTICIPANT_ROLE_MET));
  EXPECT_TRUE(HasRole(x, "Tan Wei", v1::PARTICIPANT_ROLE_ATTENDED));
  EXPECT_FALSE(HasRole(x, "Tan Wei", v1::PARTICIPANT_ROLE_MET));
}

// kClsMeetingCue: a later sentence telling another meeting ("met",
// "talks with", "exchanged views with") gives an event of its own.
TEST(VocabularyTest, MeetingCuesTellOtherMeetings) {
  for (const char* cue : {"met Ambassador Bo Rui", "held talks with Ambassador Bo Rui",
                          "exchanged views with Ambassador Bo Rui"}) {
    auto x =
        ExtractText(absl::StrCat("Talks\n\nMayor Hu Ling met Ambassador Ivo Sarn on Monday. "
                                 "On Tuesday, Hu Ling ",
                                 cue, "."));
    EXPECT_EQ(x.events_size(), 2) << cue;
    EXPECT_FALSE(HasRole(x, "Bo Rui", v1::PARTICIPANT_ROLE_MET)) << cue;
  }
}

// A cue class adds to a word's classes; it replaces none ("while" is cued
// by two passes), and an ordinary word carries none.
TEST(VocabularyTest, CueClassesAddUp) {
  const uint32_t cls = GetVocabulary().Classify("while");
  EXPECT_TRUE(cls & kClsClauseCue);
  EXPECT_TRUE(cls & kClsClauseStart);
  EXPECT_EQ(GetVocabulary().Classify("budget") & kClsCues, 0);
}

// A head in the plural is classed with the words: "ministers" and "MPs"
// carry the bit, "leaders" carries the mark of a head titled only when
// capitalized, and a word that is no head's plural ("bus", "members'" cut
// short, "wss") carries neither.
TEST(VocabularyTest, PluralHeadsAreClassed) {
  const Vocabulary& v = GetVocabulary();
  EXPECT_TRUE(v.Classify("ministers") & kClsPluralHead);
  EXPECT_TRUE(v.Classify("mps") & kClsPluralHead);
  EXPECT_FALSE(v.Classify("ministers") & kClsPluralCapitalizedHead);
  EXPECT_TRUE(v.Classify("leaders") & kClsPluralHead);
  EXPECT_TRUE(v.Classify("leaders") & kClsPluralCapitalizedHead);
  for (const char* w : {"minister", "bus", "news", "sessions", "wss"}) {
    EXPECT_FALSE(v.Classify(w) & kClsPluralHead) << w;
  }
}

// Forms of address are one list: never a name word, never a title.
TEST(VocabularyTest, HonorificsAreOneList) {
  for (const char* w : {"mr", "dr", "h.e", "comrade", "baroness", "lord", "dame"}) {
    EXPECT_TRUE(IsHonorific(w)) << w;
    EXPECT_TRUE(GetVocabulary().Classify(w) & kClsNonName) << w;
  }
  EXPECT_FALSE(IsHonorific("governor"));
}

// Classify reads the table of short words: it gives every listed word its
// classes, whatever its length (1 to 18 bytes), and nothing to the words
// one letter away from them (a letter more, a letter less, the last one
// changed), which land in the same slots or next to them.
TEST(VocabularyTest, ClassifyAgreesWithTheClassesOfEveryWord) {
  const Vocabulary& v = GetVocabulary();
  auto expected = [&v](absl::string_view w) -> uint32_t {
    auto it = v.classes.find(w);
    return it == v.classes.end() ? 0 : it->second;
  };
  ASSERT_GT(v.classes.size(), 1000u);
  for (const auto& [word, cls] : v.classes) {
    EXPECT_EQ(v.Classify(word), cls) << word;
    for (const std::string& other :
         {absl::StrCat(word, "s"), absl::StrCat(word, "zq"), word.substr(0, word.size() - 1),
          absl::StrCat(word.substr(0, word.size() - 1), "#")}) {
      EXPECT_EQ(v.Classify(other), expected(other)) << other;
    }
  }
  EXPECT_EQ(v.Classify(""), 0);
  EXPECT_EQ(v.Classify("a-word-longer-than-sixteen-bytes"), 0);
}

// The verb lists the role reader's helpers read are role words by
// construction (one list each): a verb dropped from role_words would never
// reach its branch.
TEST(VocabularyTest, HelperVerbListsAreRoleWords) {
  for (absl::string_view w : {"presented", "awarded", "conferred", "bestows", "received",
                              "accepted", "opened", "declared", "moderated"}) {
    EXPECT_TRUE(GetVocabulary().Classify(w) & kClsRole) << w;
  }
  EXPECT_TRUE(IsBestowingVerb("conferred"));
  EXPECT_TRUE(IsCredentialsVerb("accepts"));
  EXPECT_FALSE(IsCredentialsVerb("conferred"));
  // "accepted the credentials of": the host presides, the envoy attends.
  auto x = ExtractText(
      "Credentials\n\nPresident Ida Varga accepted the credentials of Ambassador Tom Reed on "
      "Monday.");
  EXPECT_TRUE(HasRole(x, "Ida Varga", v1::PARTICIPANT_ROLE_PRESIDED));
  EXPECT_TRUE(HasRole(x, "Tom Reed", v1::PARTICIPANT_ROLE_ATTENDED));
}

// "including" and "namely" are title triggers: the list after a plural
// post is read at them (FindTitles skips to words of the class).
TEST(VocabularyTest, ListCuesAreTitleTriggers) {
  for (absl::string_view w : {"including", "namely", "as"}) {
    EXPECT_TRUE(GetVocabulary().Classify(w) & kClsTitleTrigger) << w;
  }
  auto x =
      ExtractText("Board\n\nBoard directors namely Ilse Varga and Tomas Brenn answered questions.");
  EXPECT_EQ(TitlesOf(x, "Tomas Brenn"), std::vector<std::string>{"Board director"});
}

// Two-word styles come from the vocabulary: neither word joins the name.
TEST(VocabularyTest, TwoWordStylesAreNoNameWords) {
  EXPECT_TRUE(IsTwoWordStyle("tan", "sri"));
  EXPECT_TRUE(IsTwoWordStyle("puan", "sri"));
  EXPECT_FALSE(IsTwoWordStyle("tan", "wei"));
  EXPECT_FALSE(IsTwoWordStyle("a-very-long-first-word-of-a-style", "sri"));
  // The second words are kept apart, once each, for the check before the
  // lookup.
  EXPECT_EQ(GetVocabulary().two_word_style_seconds, std::vector<std::string>{"sri"});
  auto x = ExtractText("Board\n\nPuan Sri Aida Rahim chaired the meeting on Monday.");
  EXPECT_NE(FindPerson(x, "Aida Rahim"), nullptr);
  EXPECT_EQ(FindPerson(x, "Puan Sri Aida Rahim"), nullptr);
}

}  // namespace
}  // namespace readout::extractor::internal
