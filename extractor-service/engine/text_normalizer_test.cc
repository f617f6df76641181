// Tests of UTF-8 validation and whitespace normalization.
#include "extractor-service/engine/text_normalizer.h"

#include <cstdint>
#include <string>
#include <vector>

#include "gtest/gtest.h"

namespace readout::extractor::internal {
namespace {

TEST(ValidateUtf8Test, AcceptsWellFormedText) {
  EXPECT_TRUE(ValidateUtf8("plain ASCII").ok());
  EXPECT_TRUE(ValidateUtf8("caf\xC3\xA9 \xE2\x80\x99 \xF0\x9F\x98\x80").ok());
}

TEST(ValidateUtf8Test, NamesTheOffsetOfTheBadByte) {
  absl::Status s = ValidateUtf8(
      "abc\xFF"
      "def");
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(s.message().find("offset 3"), absl::string_view::npos) << s.message();
}

TEST(ValidateUtf8Test, RejectsTruncatedOverlongAndSurrogates) {
  EXPECT_FALSE(ValidateUtf8("ab\xE2\x80").ok());
  EXPECT_FALSE(ValidateUtf8("\xC0\xAF").ok());
  EXPECT_FALSE(ValidateUtf8("\xED\xA0\x80").ok());
  EXPECT_FALSE(ValidateUtf8("\xF4\x90\x80\x80").ok());
}

TEST(NormalizeTextTest, TidiesWhitespaceAndLineEndings) {
  EXPECT_EQ(NormalizeText("  Title \r\n\r\n\r\n\tBody  text\x01here.  \n"),
            "Title\n\nBody text here.");
  EXPECT_EQ(NormalizeText("a\xC2\xA0"
                          "b"),
            "a b");
  EXPECT_EQ(NormalizeText("one\ntwo"), "one\ntwo");
  EXPECT_EQ(NormalizeText(" \n\t "), "");
}

// Single spaces between visible characters are copied with them; a space
// before a line break, a second space or a tab still collapses.
TEST(NormalizeTextTest, SingleSpacesInARunAreKept) {
  EXPECT_EQ(NormalizeText("He said it. Then \nleft  at\t once ."),
            "He said it. Then\nleft at once .");
  EXPECT_EQ(NormalizeText("a b \xC2\xA0"
                          "c d "),
            "a b c d");
}

// Letters of other scripts are copied within a word's run; only the
// Unicode spaces and separators among the non-ASCII characters are read as
// whitespace, also when a letter shares their lead byte.
TEST(NormalizeTextTest, KeepsLettersAndReadsUnicodeSpaces) {
  EXPECT_EQ(NormalizeText("Tr\xE1\xBA\xA7n\xE2\x80\xA8Qu\xE1\xBB\x91"
                          "c \xE4\xB8\xAD\xE3\x80\x80\xE3\x80\x82"),
            "Tr\xE1\xBA\xA7n\nQu\xE1\xBB\x91"
            "c \xE4\xB8\xAD \xE3\x80\x82");
  // U+00A9 and U+2019 share the lead bytes of NBSP and the line separator.
  EXPECT_EQ(NormalizeText("\xC2\xA9 X\xE2\x80\x99s\xC2\x85next"), "\xC2\xA9 X\xE2\x80\x99s next");
}

// The rules above spelled out one piece at a time, to check the block copy
// against: visible pieces are kept, whitespace pieces are remembered, and
// before the next visible piece one space, one newline or one blank line is
// written.
std::string NormalizeByPieces(const std::vector<std::string>& pieces) {
  std::string out;
  int newlines = 0;
  bool space = false;
  for (const std::string& p : pieces) {
    if (p == "\n" || p == "\r" || p == "\r\n" || p == "\xE2\x80\xA8") {
      ++newlines;
      space = false;
    } else if (p == " " || p == "\t" || p == "\x7F" || p == "\xC2\xA0" || p == "\xE3\x80\x80") {
      space = true;
    } else {
      if (!out.empty()) {
        if (newlines > 0) {
          out += newlines > 1 ? "\n\n" : "\n";
        } else if (space) {
          out += ' ';
        }
      }
      newlines = 0;
      space = false;
      out += p;
    }
  }
  return out;
}

// Texts of up to 120 pieces drawn from words, punctuation, letters with the
// lead bytes of the Unicode spaces, and every kind of whitespace, so that
// runs and their ends fall at every place of the 16-byte blocks.
TEST(NormalizeTextTest, AgreesWithThePiecewiseRulesOnMixedTexts) {
  const std::vector<std::string> kPieces = {"a",
                                            "Word",
                                            "longerwordsoftext",
                                            ",",
                                            ".",
                                            "\xC2\xA9",
                                            "\xE2\x80\x99",
                                            "\xE3\x80\x82",
                                            "\xC3\xA9",
                                            " ",
                                            " ",
                                            " ",
                                            "\n",
                                            "\r",
                                            "\r\n",
                                            "\t",
                                            "\x7F",
                                            "\xC2\xA0",
                                            "\xE2\x80\xA8",
                                            "\xE3\x80\x80"};
  uint64_t x = 0x9E3779B97F4A7C15ull;
  for (int round = 0; round < 2000; ++round) {
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    const int count = static_cast<int>(x % 120);
    std::vector<std::string> pieces;
    std::string text;
    for (int k = 0; k < count; ++k) {
      x ^= x << 13;
      x ^= x >> 7;
      x ^= x << 17;
      const std::string& p = kPieces[x % kPieces.size()];
      // "\r" then "\n" reads as one CRLF: kept apart by the pieces.
      if (p == "\n" && !pieces.empty() && pieces.back() == "\r") continue;
      pieces.push_back(p);
      text += p;
    }
    ASSERT_EQ(NormalizeText(text), NormalizeByPieces(pieces)) << "text: " << text;
  }
}

}  // namespace
}  // namespace readout::extractor::internal
