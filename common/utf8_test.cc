// Tests of UTF-8 well-formedness: offsets and kinds of the first error.
#include "common/utf8.h"

#include <string>

#include "gtest/gtest.h"

namespace readout::common {
namespace {

TEST(FindInvalidUtf8Test, AcceptsWellFormedText) {
  EXPECT_EQ(FindInvalidUtf8("plain"), absl::string_view::npos);
  EXPECT_EQ(FindInvalidUtf8("caf\xC3\xA9 \xE4\xB8\xAD \xF0\x9F\x98\x80"), absl::string_view::npos);
  EXPECT_EQ(FindInvalidUtf8(""), absl::string_view::npos);
}

TEST(FindInvalidUtf8Test, FindsFirstBadByte) {
  EXPECT_EQ(FindInvalidUtf8("ab\xFF"), 2u);
  EXPECT_EQ(FindInvalidUtf8("a\xC0\xAF"), 1u);         // Overlong '/'.
  EXPECT_EQ(FindInvalidUtf8("\xED\xA0\x80"), 0u);      // Surrogate.
  EXPECT_EQ(FindInvalidUtf8("\xF4\x90\x80\x80"), 0u);  // Above U+10FFFF.
  EXPECT_EQ(FindInvalidUtf8("ok\xE4\xB8"), 2u);        // Truncated.
  EXPECT_EQ(FindInvalidUtf8("\x80"), 0u);              // Lone continuation.
}

// ASCII is skipped eight bytes at a time: a bad byte is found at every
// position of a chunk and after well-formed text spanning chunks.
TEST(FindInvalidUtf8Test, FindsBadBytesAtEveryOffsetOfLongText) {
  const std::string ascii(40, 'a');
  for (size_t at = 0; at < ascii.size(); ++at) {
    std::string text = ascii;
    text[at] = '\xFF';
    EXPECT_EQ(FindInvalidUtf8(text), at) << at;
  }
  const std::string mixed = "Tr\xE1\xBA\xA7n Qu\xE1\xBB\x91" + ascii + "caf\xC3\xA9" + ascii;
  EXPECT_EQ(FindInvalidUtf8(mixed), absl::string_view::npos);
  EXPECT_EQ(FindInvalidUtf8(mixed + ascii + "\xE4\xB8"), mixed.size() + ascii.size());
}

TEST(FindInvalidUtf8Test, DescribesTheError) {
  Utf8Error error;
  EXPECT_EQ(FindInvalidUtf8("Bad \xC3( byte", &error), 4u);
  EXPECT_EQ(error.kind, Utf8Error::Kind::kBadByte);
  EXPECT_EQ(error.sequence_offset, 4u);
  EXPECT_EQ(error.byte_offset, 5u);  // '(' is not a continuation byte.

  EXPECT_EQ(FindInvalidUtf8("ok\xE4\xB8", &error), 2u);
  EXPECT_EQ(error.kind, Utf8Error::Kind::kTruncated);
  EXPECT_EQ(error.byte_offset, 2u);

  EXPECT_EQ(FindInvalidUtf8("x\xE0\x80\x80", &error), 1u);  // Overlong NUL.
  EXPECT_EQ(error.kind, Utf8Error::Kind::kInvalidCodePoint);
  EXPECT_EQ(error.byte_offset, 1u);
}

TEST(AppendWithReplacementTest, KeepsWellFormedTextAsItIs) {
  std::string out = "x";
  AppendWithReplacement("caf\xC3\xA9 \xF0\x9F\x98\x80", &out);
  EXPECT_EQ(out, "xcaf\xC3\xA9 \xF0\x9F\x98\x80");
}

TEST(AppendWithReplacementTest, ReplacesEachIllFormedSequenceOnce) {
  const std::string r = "\xEF\xBF\xBD";
  auto repaired = [](absl::string_view bytes) {
    std::string out;
    AppendWithReplacement(bytes, &out);
    EXPECT_EQ(FindInvalidUtf8(out), absl::string_view::npos) << out;
    return out;
  };
  EXPECT_EQ(repaired("a\xFF"
                     "b"),
            "a" + r + "b");
  EXPECT_EQ(repaired("a\x80\x80\x80"
                     "b"),
            "a" + r + "b");                           // Stray continuations.
  EXPECT_EQ(repaired("\xED\xA0\x80z"), r + "z");      // Surrogate.
  EXPECT_EQ(repaired("\xF4\x90\x80\x80z"), r + "z");  // Above U+10FFFF.
  EXPECT_EQ(repaired("ok\xE4\xB8"), "ok" + r);        // Truncated.
  EXPECT_EQ(repaired("\xE4"
                     "A\xC3\xA9"),
            r + "A\xC3\xA9");                                   // Broken, then good.
  EXPECT_EQ(repaired("\xC3\xE4\xB8\xAD"), r + "\xE4\xB8\xAD");  // Good after a bad lead.
}

}  // namespace
}  // namespace readout::common
