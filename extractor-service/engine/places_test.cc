// Tests of the gazetteer lookup (longest name, word by word) and of the
// kind of an organization read from its name.
#include "extractor-service/engine/places.h"

#include <algorithm>
#include <string>
#include <vector>

#include "extractor-service/engine/test_util.h"
#include "gtest/gtest.h"

namespace readout::extractor {
namespace {

using internal::KindOf;
using testing::ExtractText;
using testing::SpanText;

TEST(PlacesTest, LongestNameWinsAndALookupStopsAtNoName) {
  // "New York State" is longer than "New York"; "New Orleans and" goes on
  // to no name after "New Orleans"; "New" alone is no place.
  auto x = ExtractText(
      "Mayors meet\n\n"
      "Mayor Ana Lind of New York State met the mayor of New Orleans and the "
      "New members of the council in Paris.",
      2024, 5, 1);
  std::vector<std::string> names;
  for (const auto& p : x.places()) names.push_back(p.name());
  EXPECT_NE(std::find(names.begin(), names.end(), "New York State"), names.end());
  EXPECT_NE(std::find(names.begin(), names.end(), "New Orleans"), names.end());
  EXPECT_NE(std::find(names.begin(), names.end(), "Paris"), names.end());
  EXPECT_EQ(std::find(names.begin(), names.end(), "New York"), names.end());
  EXPECT_EQ(std::find(names.begin(), names.end(), "New"), names.end());
}

TEST(PlacesTest, OrganizationKindTakesTheFirstKindInPrecedence) {
  EXPECT_EQ(KindOf("communist party committee of the ministry"), v1::ORGANIZATION_KIND_PARTY);
  EXPECT_EQ(KindOf("standing committee of the national assembly"),
            v1::ORGANIZATION_KIND_LEGISLATURE);
  EXPECT_EQ(KindOf("ministry of commerce"), v1::ORGANIZATION_KIND_GOVERNMENT);
  EXPECT_EQ(KindOf("riverton harbor club"), v1::ORGANIZATION_KIND_OTHER);
}

TEST(PlacesTest, OrganizationKindReadsWholeWordsPairsAndPossessives) {
  // A pair names more than its second word alone.
  EXPECT_EQ(KindOf("security council"), v1::ORGANIZATION_KIND_INTERNATIONAL);
  EXPECT_EQ(KindOf("city council"), v1::ORGANIZATION_KIND_GOVERNMENT);
  EXPECT_EQ(KindOf("united nations development programme"), v1::ORGANIZATION_KIND_INTERNATIONAL);
  // "un" inside "united" or "unity" is no word of its own; "un's" is.
  EXPECT_EQ(KindOf("unity foundation"), v1::ORGANIZATION_KIND_OTHER);
  EXPECT_EQ(KindOf("un's agency"), v1::ORGANIZATION_KIND_INTERNATIONAL);
  EXPECT_EQ(KindOf("people's congress"), v1::ORGANIZATION_KIND_LEGISLATURE);
  EXPECT_EQ(KindOf("the party's office"), v1::ORGANIZATION_KIND_PARTY);
}

}  // namespace
}  // namespace readout::extractor
