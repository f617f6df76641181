// Tests of tokenization and sentence splitting.
#include "extractor-service/engine/tokens.h"

#include <string>
#include <vector>

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

// Lowercase forms: words with an ASCII capital are lowered, the others are
// read as written (accented letters and connectors included).
TEST(TokenizeTest, LowercaseForms) {
  absl::string_view text = "The MINISTER of Trần Quốc met vice-premier Ó'Neil at 10am.";
  TokenizedText tt = Tokenize(text);
  std::vector<std::string> lower;
  for (const Token& t : tt.tokens) lower.emplace_back(t.lower);
  EXPECT_EQ(lower,
            (std::vector<std::string>{"the", "minister", "of", "tr\xE1\xBA\xA7n",
                                      "qu\xE1\xBB\x91"
                                      "c",
                                      "met", "vice-premier", "\xC3\x93'neil", "at", "10am", "."}));
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

TEST(TokenizeTest, AllCapitalsNeedTwoCapitalLettersAndNoOther) {
  absl::string_view text = "NATO A UN 3M 1ABC McKay ĐIỆN BEIJING-based U.S. G20";
  TokenizedText tt = Tokenize(text);
  std::vector<std::string> all_caps;
  for (const Token& t : tt.tokens) {
    if (t.all_caps) all_caps.emplace_back(TokenText(text, t));
  }
  EXPECT_EQ(all_caps, (std::vector<std::string>{"NATO", "UN", "1ABC", "U.S."}));
}

TEST(TokenizeTest, NextCapitalWordJumpsBetweenCapitalizedWords) {
  // Over 64 tokens, so that the jump crosses a word of the bit set.
  std::string text = "The talks";
  for (int i = 0; i < 70; ++i) text += " and more";
  text += " with ABC, 1ABC and Lin.";
  TokenizedText tt = Tokenize(text);
  std::vector<std::string> found;
  const int nt = static_cast<int>(tt.tokens.size());
  for (int k = NextCapitalWord(tt, 0); k < nt; k = NextCapitalWord(tt, k + 1)) {
    found.emplace_back(TokenText(text, tt.tokens[k]));
  }
  EXPECT_EQ(found, (std::vector<std::string>{"The", "ABC", "1ABC", "Lin"}));
  EXPECT_EQ(NextCapitalWord(tt, nt), nt);
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
