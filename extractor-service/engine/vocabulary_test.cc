// The cue classes: the passes that read cue words skip every token without
// the class, so each word a rule reads must carry it.
#include "extractor-service/engine/vocabulary.h"

#include "gtest/gtest.h"

namespace readout::extractor::internal {
namespace {

TEST(VocabularyTest, CueWordsCarryTheirClass) {
  const Vocabulary& v = GetVocabulary();
  for (const char* w : {"he", "she", "him", "her", "the"})
    EXPECT_TRUE(v.Classify(w) & kClsReferenceCue) << w;
  for (const char* w : {"and", "while", "but", "whereas", "according"}) {
    EXPECT_TRUE(v.Classify(w) & kClsClauseCue) << w;
  }
  for (const char* w :
       {"appointed", "re-designated", "as", "been", "remained", "became", "serving", "act"}) {
    EXPECT_TRUE(v.Classify(w) & kClsTitleTrigger) << w;
  }
  for (const char* w : {"when", "that", "which", "who", "while", "since", "because", "with"}) {
    EXPECT_TRUE(v.Classify(w) & kClsClauseStart) << w;
  }
  for (const char* w : {"met", "meets", "meeting", "talks", "discussions", "conversation",
                        "exchanged", "discussed"}) {
    EXPECT_TRUE(v.Classify(w) & kClsMeetingCue) << w;
  }
  EXPECT_EQ(v.Classify("budget") & kClsCues, 0);
}

// A cue class adds to a word's classes; it replaces none ("while" is cued
// by two passes).
TEST(VocabularyTest, CueClassesAddUp) {
  const uint16_t cls = GetVocabulary().Classify("while");
  EXPECT_TRUE(cls & kClsClauseCue);
  EXPECT_TRUE(cls & kClsClauseStart);
}

}  // namespace
}  // namespace readout::extractor::internal
