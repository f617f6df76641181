// Tests of page token sealing: round trip, tampering, binding.
#include "catalog-service/query/page_token.h"

#include <string>

#include "catalog-service/errors.h"
#include "gtest/gtest.h"

namespace readout::catalog {
namespace {

TEST(PageTokenTest, RoundTrips) {
  PageCursor cursor{20200104, 77, 0, "chen-qiufa"};
  std::string token = EncodePageToken(cursor, "list\nfilter", "secret");
  auto decoded = DecodePageToken(token, "list\nfilter", "secret");
  ASSERT_TRUE(decoded.ok()) << decoded.status();
  EXPECT_EQ(*decoded, cursor);
}

TEST(PageTokenTest, TamperedTokenIsInvalidArgument) {
  std::string token = EncodePageToken(PageCursor{1, 2, 3, "x"}, "b", "secret");
  for (size_t i = 0; i < token.size(); ++i) {
    std::string bad = token;
    bad[i] = bad[i] == 'A' ? 'B' : 'A';
    auto decoded = DecodePageToken(bad, "b", "secret");
    EXPECT_EQ(decoded.status().code(), absl::StatusCode::kInvalidArgument) << i;
    EXPECT_EQ(ErrorReason(decoded.status()), "INVALID_PAGE_TOKEN");
  }
  EXPECT_FALSE(DecodePageToken(token.substr(0, token.size() - 4), "b", "secret").ok());
  EXPECT_FALSE(DecodePageToken("not a token!", "b", "secret").ok());
  EXPECT_FALSE(DecodePageToken(std::string(100000, 'A'), "b", "secret").ok());
}

TEST(PageTokenTest, TokenIsBoundToRequestAndSecret) {
  std::string token = EncodePageToken(PageCursor{1, 2, 0, ""}, "filter A", "secret");
  EXPECT_FALSE(DecodePageToken(token, "filter B", "secret").ok());
  EXPECT_FALSE(DecodePageToken(token, "filter A", "other secret").ok());
}

}  // namespace
}  // namespace readout::catalog
