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

}  // namespace
}  // namespace readout::extractor::internal
