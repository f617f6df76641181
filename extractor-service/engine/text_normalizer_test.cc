// Tests of UTF-8 validation and whitespace normalization.
#include "extractor-service/engine/text_normalizer.h"

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

}  // namespace
}  // namespace readout::extractor::internal
