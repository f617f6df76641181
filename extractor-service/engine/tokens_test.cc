// Tests of tokenization and sentence splitting.
#include "extractor-service/engine/tokens.h"

#include <string>

#include "gtest/gtest.h"

namespace readout::extractor::internal {
namespace {

std::string TokenText(absl::string_view text, const Token& t) {
  return std::string(text.substr(t.begin, t.end - t.begin));
}

TEST(TokenizeTest, AbbreviationsDoNotEndSentences) {
  absl::string_view text = "Mr. Ola Brandt met U.S. envoy Jan K. Moss on Dec. 4 in Oslo. He left.";
  TokenizedText tt = Tokenize(text);
  ASSERT_EQ(tt.sentences.size(), 2u);
  EXPECT_EQ(TokenText(text, tt.tokens[0]), "Mr.");
  EXPECT_EQ(tt.tokens[0].lower, "mr");
  const Sentence& second = tt.sentences[1];
  EXPECT_EQ(TokenText(text, tt.tokens[second.first]), "He");
}

TEST(TokenizeTest, PossessiveIsItsOwnToken) {
  absl::string_view text = "Governor Lin's plan and Ya'an city.";
  TokenizedText tt = Tokenize(text);
  ASSERT_GE(tt.tokens.size(), 4u);
  EXPECT_EQ(TokenText(text, tt.tokens[1]), "Lin");
  EXPECT_TRUE(tt.tokens[2].possessive);
  EXPECT_EQ(TokenText(text, tt.tokens[5]), "Ya'an");
}

TEST(TokenizeTest, PhotoCreditsAreSkippedAndMarkCaptions) {
  absl::string_view text =
      "Delegates gather in Harbin. (Xinhua/Zhou Kai)\nHARBIN, May 2 (Xinhua) -- "
      "The forum opened.";
  TokenizedText tt = Tokenize(text);
  bool credit_skipped = false;
  for (const Token& t : tt.tokens) {
    if (TokenText(text, t) == "Zhou") credit_skipped = t.skip;
  }
  EXPECT_TRUE(credit_skipped);
  EXPECT_TRUE(tt.sentences[0].caption);
  EXPECT_FALSE(tt.sentences.back().caption);
  // The dateline dash ends a sentence.
  EXPECT_EQ(TokenText(text, tt.tokens[tt.sentences.back().first]), "The");
}

TEST(TokenizeTest, HandlesHugeLinesInLinearTime) {
  std::string text(2 * 1024 * 1024, 'a');
  for (size_t i = 0; i < text.size(); i += 7) text[i] = ' ';
  TokenizedText tt = Tokenize(text);
  EXPECT_GT(tt.tokens.size(), 200000u);
  // Runs without a sentence end are cut into bounded sentences.
  ASSERT_GT(tt.sentences.size(), 1u);
  for (const Sentence& s : tt.sentences) EXPECT_LE(s.last - s.first, 300);
}

}  // namespace
}  // namespace readout::extractor::internal
