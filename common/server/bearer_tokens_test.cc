// Tests of BearerTokens: digests looked up by the token, bad files refused.
#include "common/server/bearer_tokens.h"

#include "absl/strings/str_cat.h"
#include "common/sha256.h"
#include "gtest/gtest.h"

namespace readout::common {
namespace {

TEST(BearerTokensTest, FindsTheNameOfAKnownToken) {
  absl::StatusOr<BearerTokens> tokens = BearerTokens::Parse(absl::StrCat(
      "# comment\n\ningest ", Sha256Hex("s3cret-ingest"), "\nbatch\t", Sha256Hex("other"), "\n"));
  ASSERT_TRUE(tokens.ok()) << tokens.status();
  EXPECT_EQ(tokens->size(), 2u);
  EXPECT_EQ(tokens->Find("s3cret-ingest"), "ingest");
  EXPECT_EQ(tokens->Find("other"), "batch");
  EXPECT_EQ(tokens->Find("s3cret-ingesT"), std::nullopt);
  EXPECT_EQ(tokens->Find(""), std::nullopt);
  // The digest itself is not a token.
  EXPECT_EQ(tokens->Find(Sha256Hex("s3cret-ingest")), std::nullopt);
}

TEST(BearerTokensTest, RefusesBadLines) {
  EXPECT_FALSE(BearerTokens::Parse("ingest s3cret\n").ok());
  EXPECT_FALSE(BearerTokens::Parse(absl::StrCat("a ", Sha256Hex("x"), " extra\n")).ok());
  EXPECT_FALSE(
      BearerTokens::Parse(absl::StrCat("a ", Sha256Hex("x"), "\na ", Sha256Hex("y"), "\n")).ok());
}

}  // namespace
}  // namespace readout::common
