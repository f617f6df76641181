// Tests of tokenization and sentence splitting.
#include "extractor-service/engine/tokens.h"

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
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

// "Jun", "Jan", "Dec", "Mar", "Sep" are given names or words as well as
// months: the period is the month's only before a number.
TEST(TokenizeTest, MonthShortFormThatIsAGivenNameEndsTheSentence) {
  for (const char* form : {"Jun", "Jan", "Dec", "Mar", "Sep"}) {
    const std::string owned = std::string("Governor Ola Brandt met Mayor Wang ") + form +
                              ". He left on " + form + ". 5 for Oslo.";
    absl::string_view text = owned;
    TokenizedText tt = Tokenize(text);
    ASSERT_EQ(tt.sentences.size(), 2u) << form;
    EXPECT_EQ(TokenText(text, tt.tokens[tt.sentences[0].last - 2]), form);
    EXPECT_EQ(TokenText(text, tt.tokens[tt.sentences[1].first]), "He") << form;
    // "Jun. 5" keeps its period.
    bool month = false;
    for (int k = tt.sentences[1].first; k < tt.sentences[1].last; ++k) {
      month |= TokenText(text, tt.tokens[k]) == std::string(form) + ".";
    }
    EXPECT_TRUE(month) << form;
  }
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

// Words of every length from 1 to 40 bytes, so that runs end inside, at
// and past each 16-byte block and at the very end of the text: every
// token's bounds, lowercase form, digit and capital flags.
TEST(TokenizeTest, WordsOfEveryLength) {
  std::string text;
  std::vector<std::string> words;
  for (int len = 1; len <= 40; ++len) {
    std::string w;
    for (int i = 0; i < len; ++i) {
      const int pick = (len * 7 + i * 3) % 11;
      w.push_back(pick == 0 ? static_cast<char>('0' + i % 10)
                  : len % 5 == 0 || (i == 0 && len % 2 == 0)
                      ? static_cast<char>('A' + (i + len) % 26)
                      : static_cast<char>('a' + (i + len) % 26));
    }
    words.push_back(w);
    if (!text.empty()) text += len % 3 == 0 ? ", " : " ";
    text += w;
  }
  TokenizedText tt = Tokenize(text);
  std::vector<const Token*> got;
  for (const Token& t : tt.tokens) {
    if (t.word) got.push_back(&t);
  }
  ASSERT_EQ(got.size(), words.size());
  for (size_t k = 0; k < words.size(); ++k) {
    const std::string& w = words[k];
    const Token& t = *got[k];
    SCOPED_TRACE(w);
    EXPECT_EQ(TokenText(text, t), w);
    std::string lower = w;
    for (char& c : lower) c = absl::ascii_tolower(static_cast<unsigned char>(c));
    EXPECT_EQ(t.lower, lower);
    EXPECT_EQ(t.has_digit, w.find_first_of("0123456789") != std::string::npos);
    EXPECT_EQ(t.cap, w[0] >= 'A' && w[0] <= 'Z');
    const bool letters_upper = w.find_first_of("abcdefghijklmnopqrstuvwxyz") == std::string::npos;
    const size_t uppers =
        std::count_if(w.begin(), w.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
    EXPECT_EQ(t.all_caps, letters_upper && uppers >= 2);
  }
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

TEST(TokenizeTest, LengthBoundCutsRunsBetweenSentenceEnds) {
  // 650 words, a full stop, two words and a full stop; then a paragraph of
  // 320 words: the bound cuts at every 300 tokens counted from the last end.
  std::string text;
  for (int i = 0; i < 650; ++i) text += "a ";
  text += ". B c.\n";
  for (int i = 0; i < 320; ++i) text += "d ";
  TokenizedText tt = Tokenize(text);
  std::vector<std::pair<int, int>> ranges;
  for (const Sentence& s : tt.sentences) ranges.emplace_back(s.first, s.last);
  EXPECT_EQ(ranges, (std::vector<std::pair<int, int>>{
                        {0, 300}, {300, 600}, {600, 651}, {651, 654}, {654, 954}, {954, 974}}));
  EXPECT_EQ(tt.sentences[3].paragraph, 0);
  EXPECT_EQ(tt.sentences[4].paragraph, 1);
  EXPECT_EQ(tt.tokens[953].sentence, 4);
}

// A sentence end that takes the closing quote after it (the split resumes
// past the quote) and then two paragraphs without a final full stop: each
// paragraph is its own sentence.
TEST(TokenizeTest, ParagraphsAfterAQuotedSentenceEndSplitWithoutFullStops) {
  absl::string_view text =
      "He said \"We agree.\"\nTalks continued in Oslo\nThe envoy left on Friday";
  TokenizedText tt = Tokenize(text);
  ASSERT_EQ(tt.sentences.size(), 3u);
  EXPECT_EQ(TokenText(text, tt.tokens[tt.sentences[0].last - 1]), "\"");
  EXPECT_EQ(TokenText(text, tt.tokens[tt.sentences[1].first]), "Talks");
  EXPECT_EQ(TokenText(text, tt.tokens[tt.sentences[2].first]), "The");
  EXPECT_EQ(tt.sentences[1].paragraph, 1);
  EXPECT_EQ(tt.sentences[2].paragraph, 2);
}

}  // namespace
}  // namespace readout::extractor::internal
