// Tests of catalog resource names and person keys.
#include "catalog-service/query/names.h"

#include "catalog-service/errors.h"
#include "common/sha256.h"
#include "gtest/gtest.h"

namespace readout::catalog {
namespace {

TEST(NamesTest, PersonKeyNormalizes) {
  EXPECT_EQ(PersonKey("Chen Qiufa"), "chen-qiufa");
  EXPECT_EQ(PersonKey("  chen   QIUFA. "), "chen-qiufa");
  EXPECT_EQ(PersonKey("O'Neil-Smith"), "o-neil-smith");
  EXPECT_EQ(PersonKey("..."), "");
}

TEST(NamesTest, DocumentNamesRoundTrip) {
  std::string id = common::Sha256Hex("hello");
  EXPECT_EQ(id, "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824");
  auto parsed = ParseDocumentName(DocumentName(id));
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(*parsed, id);
}

TEST(NamesTest, MalformedNamesAreInvalidArgument) {
  for (const char* name :
       {"", "documents/", "documents/xyz", "docs/abc", "people/",
        "documents/2CF24DBA5FB0A30E26E83B2AC5B9E29E1B161E5C1FA7425E73043362938B9824"}) {
    auto parsed = ParseDocumentName(name);
    EXPECT_EQ(parsed.status().code(), absl::StatusCode::kInvalidArgument) << name;
    EXPECT_EQ(ErrorReason(parsed.status()), "INVALID_NAME");
  }
  EXPECT_FALSE(ParsePersonName("people/Chen Qiufa").ok());
  EXPECT_FALSE(ParsePersonName("people/").ok());
  EXPECT_TRUE(ParsePersonName("people/chen-qiufa").ok());
}

}  // namespace
}  // namespace readout::catalog
