// Tests of the gazetteer lookup (longest name, word by word) and of the
// kind of an organization read from its name.
#include "extractor-service/engine/places.h"

#include <algorithm>
#include <string>
#include <utility>
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

TEST(PlacesTest, TownReadFromItsUnitWordStandsAlone) {
  // "Lorvik County" names a place; "Tamsel District Council" a body whose
  // name opens with "Tamsel District", which names no place of its own; a
  // known city keeps its place there too ("the Paris City Council").
  auto x = ExtractText(
      "Councils meet\n\nThe Tamsel District Council met officials of Lorvik County and "
      "the Paris City Council.",
      2026, 3, 4);
  std::vector<std::string> names;
  for (const auto& p : x.places()) names.push_back(p.name());
  EXPECT_NE(std::find(names.begin(), names.end(), "Lorvik County"), names.end());
  EXPECT_NE(std::find(names.begin(), names.end(), "Paris"), names.end());
  EXPECT_EQ(std::find(names.begin(), names.end(), "Tamsel District"), names.end());
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

// The organizations of a text, by name, with their mentions as written.
std::vector<std::pair<std::string, std::vector<std::string>>> Organizations(
    const v1::Extraction& x) {
  std::vector<std::pair<std::string, std::vector<std::string>>> out;
  for (const auto& o : x.organizations()) {
    std::vector<std::string> mentions;
    for (const auto& m : o.mentions()) mentions.push_back(SpanText(x, m));
    out.emplace_back(o.name(), mentions);
  }
  return out;
}

bool HasOrganization(const v1::Extraction& x, absl::string_view name) {
  for (const auto& o : x.organizations()) {
    if (o.name() == name) return true;
  }
  return false;
}

// A small word ("In", "At", "The") is left out of a body's name only where
// it opens the sentence; capitalized inside a sentence, it is part of the
// name.
TEST(PlacesTest, SmallCapitalizedWordInsideASentenceStaysInTheName) {
  auto x = ExtractText(
      "Grants\n\nMinister Ada Voss thanked the Women In Science Society on Monday. "
      "Mayor Per Lund praised the Sailors At Sea Foundation. "
      "At the Harbour Board, the vote was close.",
      2026, 3, 4);
  EXPECT_TRUE(HasOrganization(x, "Women In Science Society"));
  EXPECT_TRUE(HasOrganization(x, "Sailors At Sea Foundation"));
  EXPECT_FALSE(HasOrganization(x, "Science Society"));
  EXPECT_FALSE(HasOrganization(x, "Sea Foundation"));
  EXPECT_TRUE(HasOrganization(x, "Harbour Board"));
}

TEST(PlacesTest, OrganizationNameEndsBeforeATimeWord) {
  auto x = ExtractText(
      "Budget passed\n\nThe Harwick City Council on Wednesday approved the budget. "
      "The Board of Ports on Monday met the Senate in March. "
      "In Parliament, the Committee for Schools Yesterday agreed.",
      2026, 3, 4);
  EXPECT_TRUE(HasOrganization(x, "Harwick City Council"));
  // The town read from its unit word inside the body's name is no place.
  for (const auto& p : x.places()) EXPECT_NE(p.name(), "Harwick City");
  EXPECT_TRUE(HasOrganization(x, "Board of Ports"));
  EXPECT_TRUE(HasOrganization(x, "Senate"));
  EXPECT_TRUE(HasOrganization(x, "Parliament"));
  EXPECT_TRUE(HasOrganization(x, "Committee for Schools"));
  for (const auto& o : x.organizations()) {
    EXPECT_EQ(o.name().find("Wednesday"), std::string::npos) << o.name();
    EXPECT_EQ(o.name().find("Monday"), std::string::npos) << o.name();
    EXPECT_EQ(o.name().find("March"), std::string::npos) << o.name();
    EXPECT_EQ(o.name().find("In "), std::string::npos) << o.name();
    EXPECT_EQ(o.name().find("Yesterday"), std::string::npos) << o.name();
  }
}

TEST(PlacesTest, AndJoinsTwoBodiesOrTwoFieldsOfOne) {
  // "and the Coast Guard", "and Ministry of ...": a second body.
  auto two = ExtractText(
      "Accord signed\n\nThe Ministry of Fisheries and the Coast Guard signed an accord. "
      "The Bureau of Mines and Ministry of Water met on Friday.",
      2026, 3, 4);
  EXPECT_TRUE(HasOrganization(two, "Ministry of Fisheries"));
  EXPECT_TRUE(HasOrganization(two, "Coast Guard"));
  EXPECT_TRUE(HasOrganization(two, "Bureau of Mines"));
  EXPECT_TRUE(HasOrganization(two, "Ministry of Water"));
  // "of Agriculture and Rural Affairs of Korvenia": one body with two
  // fields and the country it serves.
  auto one = ExtractText(
      "Ministry meets\n\nThe Ministry of Agriculture and Rural Affairs of Korvenia held a "
      "meeting on Tuesday. The Department of Roads and Bridges issued a notice. "
      "The Committee on Trade and Industry of Belmarsh met on 3 March.",
      2026, 3, 4);
  EXPECT_TRUE(HasOrganization(one, "Ministry of Agriculture and Rural Affairs of Korvenia"));
  EXPECT_TRUE(HasOrganization(one, "Department of Roads and Bridges"));
  EXPECT_TRUE(HasOrganization(one, "Committee on Trade and Industry of Belmarsh"));
  EXPECT_FALSE(HasOrganization(one, "Ministry of Agriculture"));
  // "and" before a person or a known place ends the name.
  auto other = ExtractText(
      "Visit\n\nThe Ministry of Trade and Minister Oskar Brell received the Office of Energy "
      "and France on Monday.",
      2026, 3, 4);
  EXPECT_TRUE(HasOrganization(other, "Ministry of Trade"));
  EXPECT_TRUE(HasOrganization(other, "Office of Energy"));
}

TEST(PlacesTest, AcronymInBracketsIsAMentionOfTheNamedBody) {
  auto x = ExtractText(
      "Grain board meets\n\nThe Northern Grain Board (NGB) met in Saltreach on Friday. "
      "NGB chairman Lars Fenwick said prices would rise. The Velmoran Space Agency (VSA) and "
      "the Office of the High Envoy for Rivers (HER) signed a deal. The VSA will grow.",
      2026, 3, 4);
  const auto orgs = Organizations(x);
  auto find = [&](absl::string_view name) -> std::vector<std::string> {
    for (const auto& [n, m] : orgs) {
      if (n == name) return m;
    }
    return {};
  };
  EXPECT_EQ(find("Northern Grain Board"),
            (std::vector<std::string>{"Northern Grain Board", "NGB", "NGB"}));
  EXPECT_EQ(find("Velmoran Space Agency"),
            (std::vector<std::string>{"Velmoran Space Agency", "VSA", "VSA"}));
  EXPECT_EQ(find("Office of the High Envoy for Rivers"),
            (std::vector<std::string>{"Office of the High Envoy for Rivers", "HER"}));
  // No organization is named by the acronym alone or holds the brackets.
  for (const auto& [n, m] : orgs) {
    EXPECT_NE(n, "NGB");
    EXPECT_EQ(n.find('('), std::string::npos) << n;
  }
  // Letters that are no initials of the name are no acronym of it.
  auto y =
      ExtractText("Board\n\nThe Harbour Board (XYZ) met. The XYZ report was read.", 2026, 3, 4);
  EXPECT_TRUE(HasOrganization(y, "Harbour Board"));
  for (const auto& o : y.organizations()) {
    if (o.name() == "Harbour Board") EXPECT_EQ(o.mentions_size(), 1);
  }
}

}  // namespace
}  // namespace readout::extractor
