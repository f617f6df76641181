// Tests of where the main event happened: datelines of every shape, place
// phrases of the lead ("in", motion verbs, venues), sentences about other
// events, wrapper lines, the headline, and the date of the lead's paragraph.
#include "extractor-service/engine/event_places.h"

#include <cstdio>
#include <string>

#include "extractor-service/engine/test_util.h"
#include "gtest/gtest.h"

namespace readout::extractor {
namespace {

using testing::ExtractText;

std::string Place(const v1::Extraction& x) {
  return x.events_size() > 0 ? x.events(0).location().name() : "";
}

std::string Day(const v1::Extraction& x) {
  if (x.events_size() == 0 || !x.events(0).has_date()) return "none";
  const auto& d = x.events(0).date();
  char buf[16];
  std::snprintf(buf, sizeof(buf), "%04d-%02d-%02d", d.year(), d.month(), d.day());
  return buf;
}

// L1: dateline lines without a marker, day before month, cities the
// gazetteer lacks.
TEST(EventPlacesTest, DatelineLinesWithoutMarker) {
  auto one_line = ExtractText(
      "Readout of a meeting\n\nTromsdal, 7 May 2022\n\n"
      "The Secretary-General met today with Mr. Per Vik, Minister of Fisheries of Norway.");
  EXPECT_EQ(Place(one_line), "Tromsdal");
  EXPECT_EQ(Day(one_line), "2022-05-07");

  auto two_lines = ExtractText(
      "Readout of a meeting\n\nKestrel Bay, Ruritania\n\n19 October 2020\n\n"
      "The Secretary-General met today with the President, Ms. Ada Brun.");
  EXPECT_EQ(Place(two_lines), "Kestrel Bay");
  EXPECT_EQ(Day(two_lines), "2020-10-19");

  auto date_first = ExtractText(
      "Minister speaks with counterpart\n\nMarch 2, 2023 \xE2\x80\x93 Halden, Ostfold \xE2\x80\x93 "
      "Foreign Office\n\nThe Minister today spoke with her counterpart, Minister Ada Brun.");
  EXPECT_EQ(Place(date_first), "Halden");
  EXPECT_EQ(Day(date_first), "2023-03-02");

  auto address = ExtractText(
      "PM meeting\n\n10 Downing Street\n\nThe Prime Minister met President Ada Brun today.", 2024,
      2, 6);
  EXPECT_EQ(Place(address), "10 Downing Street");

  // A line that is not followed by a date is no dateline.
  auto plain = ExtractText(
      "Readout\n\nKestrel Bay\n\nThe Secretary-General met President Ada Brun in Geneva.");
  EXPECT_EQ(Place(plain), "Geneva");
}

// L1 and L7: dateline markers beyond "PLACE, Mon D (Agency) --".
TEST(EventPlacesTest, DatelineMarkers) {
  auto agency_runs_on = ExtractText(
      "Talks held\n\nKarachi, Oct 4 (APP) The two ministers met here today to review "
      "trade.",
      2011, 10, 4);
  EXPECT_EQ(Place(agency_runs_on), "Karachi");
  EXPECT_EQ(Day(agency_runs_on), "2011-10-04");

  auto known_place = ExtractText(
      "Readout\n\nWashington, D.C. \xE2\x80\x93 Senator Ada Brun met with Governor Per Vik at "
      "the Blue Room on Friday.",
      2018, 3, 10);
  EXPECT_EQ(Place(known_place), "Washington, D.C.");

  auto agency_with_place = ExtractText(
      "Governor presides\n\nCitynet (Changsha): On May 5, Governor Li Ming presided over a "
      "meeting.",
      2021, 5, 6);
  EXPECT_EQ(Place(agency_with_place), "Changsha");
  EXPECT_EQ(Day(agency_with_place), "2021-05-05");

  // A place the gazetteer lacks, in brackets after the agency, with a colon
  // or a date after the bracket; not a bracket deeper in the body.
  auto unknown_place = ExtractText(
      "Governor presides\n\nValleynet (Lintorf): On May 5, Governor Li Ming presided over a "
      "meeting.",
      2021, 5, 6);
  EXPECT_EQ(Place(unknown_place), "Lintorf");
  auto dated_after = ExtractText(
      "Governor presides\n\nHunan Daily (Lintorf), May 5: Governor Li Ming presided over a "
      "meeting.",
      2021, 5, 7);
  EXPECT_EQ(Place(dated_after), "Lintorf");
  EXPECT_EQ(Day(dated_after), "2021-05-05");
  auto later = ExtractText(
      "Governor presides\n\nGovernor Li Ming presided over a meeting on May 5. Citynet "
      "(Lintorf): the meeting went well.",
      2021, 5, 6);
  EXPECT_NE(Place(later), "Lintorf");

  // "Place, D Month YYYY - ", "Place, Mon D, YYYY - " and a year of the
  // Buddhist era: the line's date with its year.
  auto day_first = ExtractText(
      "Envoy received\n\nLuang Prabang, 9 May 2566 - Minister Bounmy Keola received "
      "Ambassador Ida Berg at the ministry.",
      2024, 1, 2);
  EXPECT_EQ(Place(day_first), "Luang Prabang");
  EXPECT_EQ(Day(day_first), "2023-05-09");
  auto month_first = ExtractText(
      "Envoy received\n\nVientiane, May 9, 2023 - Minister Bounmy Keola received "
      "Ambassador Ida Berg at the ministry.",
      2024, 1, 2);
  EXPECT_EQ(Place(month_first), "Vientiane");
  EXPECT_EQ(Day(month_first), "2023-05-09");
  auto era_marker = ExtractText(
      "Envoy received\n\nOn 9 May B.E. 2566, Minister Bounmy Keola received Ambassador Ida "
      "Berg in Vientiane.",
      2024, 1, 2);
  EXPECT_EQ(Day(era_marker), "2023-05-09");
}

// L2: the venue after a lowercase room ("at the reception hall of the
// Blue House"); "in the Blue House" names no person.
TEST(EventPlacesTest, VenueAfterALowercaseRoom) {
  auto x = ExtractText(
      "Talks\n\nPresident Lee Jae-myung met Senator Ida Brun at the reception hall of the "
      "Blue House on Monday.",
      2024, 5, 8);
  EXPECT_EQ(Place(x), "Blue House");
  auto y = ExtractText(
      "Talks\n\nPresident Ana Lind met Minister Ola Brun at the main hall of the Quirinal "
      "Palace on Monday.",
      2024, 5, 8);
  EXPECT_EQ(Place(y), "Quirinal Palace");
  auto in = ExtractText(
      "Talks\n\nPresident Lee Jae-myung met Senator Ida Brun in the Blue House on Monday.", 2024, 5,
      8);
  EXPECT_EQ(Place(in), "Blue House");
  EXPECT_EQ(in.people_size(), 2);
  // A lowercase room of no named venue gives none.
  auto room = ExtractText(
      "Talks\n\nMayor Ana Lind met Consul Ola Brun at the meeting room of the city "
      "government on Monday.",
      2024, 5, 8);
  EXPECT_EQ(Place(room), "");
}

// L2 and L5: venues after "in the" / "at the", their city when written,
// and captures that are no venue.
TEST(EventPlacesTest, Venues) {
  EXPECT_EQ(Place(ExtractText("Talks\n\nPresident Ada Brun met Prime Minister Per Vik in the "
                              "Winter Palace on Monday.")),
            "Winter Palace");
  // A building's name that the name finder reads as a person's.
  EXPECT_EQ(Place(ExtractText("Talks\n\nPresident Maria Lopez met Prime Minister Tom Reed in "
                              "the Green House on Monday.")),
            "Green House");
  EXPECT_EQ(Place(ExtractText(
                "Talks\n\nPresident Ada Brun met Prime Minister Per Vik in Downing Street.")),
            "Downing Street");
  EXPECT_EQ(Place(ExtractText("Banquet\n\nPresident Li Ming held a banquet at the Hall of the "
                              "Republic, welcoming President Ada Brun.")),
            "Hall of the Republic");
  // The venue's city is the more specific place the genre records.
  EXPECT_EQ(Place(ExtractText("Talks\n\nPresident Ada Brun met Prime Minister Per Vik at the "
                              "Lodge in Geneva on Monday.")),
            "Geneva");
  EXPECT_EQ(Place(ExtractText("AGM\n\nThe meeting was held at Harbour House, Portmeer, "
                              "Cyprus, on 3 June 2020.")),
            "Portmeer");
  // An event's name is not a venue.
  EXPECT_NE(Place(ExtractText("Talks\n\nPresident Ada Brun met Prime Minister Per Vik to "
                              "prepare the decisions taken at the Harbour Summit in July.")),
            "Harbour Summit");
  // Capitals that only modify a lowercase noun.
  auto vip = ExtractText(
      "Talks\n\nMayor Zhou Lin met with Ambassador Per Vik at the VIP lounge of the city hall "
      "on Monday.");
  EXPECT_NE(Place(vip), "VIP");
  // A city in the lead wins over a venue.
  EXPECT_EQ(Place(ExtractText("Talks\n\nVisiting Geneva on Monday, President Ada Brun met "
                              "Prime Minister Per Vik to prepare decisions taken at the "
                              "Harbour Summit in July.")),
            "Geneva");
  // A country in the lead yields to a named venue.
  EXPECT_EQ(Place(ExtractText("Banquet\n\nPresident Li Ming held a banquet at the Hall of the "
                              "Republic for President Ada Brun, who is paying a visit to "
                              "China.")),
            "Hall of the Republic");
}

// L4: motion verbs name the place, also in the sentence before the lead.
TEST(EventPlacesTest, MotionVerbs) {
  EXPECT_EQ(Place(ExtractText("Visit\n\nAmbassador Per Vik came to Ningbo on Tuesday. Mayor "
                              "Zhou Lin met with him in the city hall.")),
            "Ningbo");
  EXPECT_EQ(Place(ExtractText("Talks\n\nMinister Ada Brun, who was visiting Norway to attend a "
                              "forum, held talks with Minister Per Vik.")),
            "Norway");
  EXPECT_EQ(Place(ExtractText("Visit\n\nMayor Zhou Lin met with a delegation from the Embassy "
                              "in Ruritania during its visit to Lang Son.")),
            "Lang Son");
  EXPECT_EQ(Place(ExtractText("Inspection\n\nGovernor Li Ming on Monday inspected Fengtai, a "
                              "county in north China's Hebei Province.")),
            "Fengtai");
  // A later journey is not the event's place.
  EXPECT_NE(Place(ExtractText("Talks\n\nPresident Li Ming said on Monday that he expects talks "
                              "when President Ada Brun visits Norway in May.")),
            "Norway");
}

// L6: "in" of another, later event, inside a quoted or capitalized name,
// and inside an organization's description.
TEST(EventPlacesTest, MisleadingIn) {
  EXPECT_EQ(Place(ExtractText("Visit\n\nAmbassador Per Vik came to Ningbo to introduce the "
                              "\"Made in Norway Days\", to be held in Oslo in May. Mayor Zhou "
                              "Lin met with Per Vik in the city hall.")),
            "Ningbo");
  EXPECT_NE(Place(ExtractText("Talks\n\nMayor Zhou Lin met with Ambassador Per Vik in the city "
                              "hall. The Norway Week will be held in Oslo in May.")),
            "Oslo");
  EXPECT_NE(Place(ExtractText("Talks\n\nMayor Zhou Lin met with Ambassador Per Vik, head of the "
                              "Embassy in Norway, on Monday.")),
            "Norway");
}

// More shapes of the lead: a clause opened by "In X", a country before the
// city, and "took place in X" after the lead.
TEST(EventPlacesTest, LeadShapes) {
  EXPECT_EQ(Place(ExtractText("Talks\n\nIn Dakar on March 3, President John Hale met Prime "
                              "Minister Ada Brun.")),
            "Dakar");
  EXPECT_EQ(Place(ExtractText("Talks\n\nPrime Minister Ada Brun, who is on an official visit "
                              "to Senegal, met President John Hale in Dakar.")),
            "Dakar");
  EXPECT_EQ(Place(ExtractText("Talks\n\nThe Secretary-General met President John Hale on "
                              "Monday. The meeting took place in Vienna.")),
            "Vienna");
}

// L3: the headline's place when the body names none.
TEST(EventPlacesTest, HeadlinePlace) {
  EXPECT_EQ(Place(ExtractText("Secretary General in Tromsdal: ties strong\n\nThe Secretary "
                              "General met Prime Minister Ada Brun on Monday.")),
            "Tromsdal");
  EXPECT_EQ(Place(ExtractText("Ambassador visits Lang Son\n\nChairman Le Van Minh met with "
                              "Ambassador Per Vik on May 3.")),
            "Lang Son");
  // "in X and Y" inside a description is not the headline's place.
  EXPECT_EQ(Place(ExtractText("Mayor meets the head of the offices in Oslo and Bergen\n\nMayor "
                              "Zhou Lin met Per Vik on Monday. Zhou Lin thanked Per Vik for "
                              "his work for Dalian. Trade with Dalian grew.")),
            "Dalian");
}

// L8: the longest written name; an administrative "X City" takes the
// headline's "X".
TEST(EventPlacesTest, LongestWrittenName) {
  EXPECT_EQ(Place(ExtractText("Secretary Wang Hai inspects Qianfeng\n\nOn May 3, Secretary Wang "
                              "Hai visited Qianfeng City for an inspection tour.")),
            "Qianfeng");
  EXPECT_EQ(Place(ExtractText("Secretary inspects the city\n\nOn May 3, Secretary Wang Hai "
                              "visited Qianfeng City for an inspection tour.")),
            "Qianfeng City");
  EXPECT_EQ(Place(ExtractText(
                "Talks\n\nPresident Ada Brun met Prime Minister Per Vik in New York City.")),
            "New York City");
}

// L9: wrapper lines are not the lead.
TEST(EventPlacesTest, WrapperLines) {
  EXPECT_EQ(Place(ExtractText("Statement\n\nSecretary of State Ada Brun released the following "
                              "statement:\n\nSecretary of State Ada Brun met in Geneva with "
                              "Foreign Minister Per Vik.")),
            "Geneva");
  EXPECT_EQ(Place(ExtractText("Readout\n\nThe following is attributable to Spokesperson Ada "
                              "Brun:\n\nThe Secretary met in Lisbon with Minister Per Vik.")),
            "Lisbon");
}

// L10: a participant's "In <City> today" inside a quotation.
TEST(EventPlacesTest, PlaceInsideAQuotation) {
  auto x = ExtractText(
      "Talks\n\nMinister Ada Brun met Minister John Hale on Monday. \"In Vienna today, we "
      "agreed to work together,\" Ada Brun said.");
  EXPECT_EQ(Place(x), "Vienna");
}

// The city in the name of the gathering the meeting was held at, unless
// that gathering is dated apart.
TEST(EventPlacesTest, CityOfTheGathering) {
  EXPECT_EQ(Place(ExtractText("Talks\n\nOn the sidelines of the 12th Vienna Energy Forum, "
                              "Minister Ada Brun met Minister John Hale.")),
            "Vienna");
  EXPECT_NE(Place(ExtractText("Talks\n\nMinister Ada Brun met Minister John Hale to prepare "
                              "for the Vienna Summit in June.")),
            "Vienna");
}

// The gazetteer knows the world's capitals and large cities: a mixed-case
// dateline without a date is read when its place is known.
TEST(EventPlacesTest, WorldCities) {
  EXPECT_EQ(Place(ExtractText("Talks\n\nZurich \xE2\x80\x93 Minister Ada Brun met Minister "
                              "John Hale for talks on trade.")),
            "Zurich");
}

// L10: a city tied to another date does not win the most-frequent vote.
TEST(EventPlacesTest, FrequentCityLeavesOutPlans) {
  auto x = ExtractText(
      "Talks\n\nMinister Ada Brun met Minister Per Vik on Monday. A summit is scheduled for "
      "Tuesday in Brussels. Talks will continue next week in Brussels.");
  EXPECT_NE(Place(x), "Brussels");
}

// D1: the lead's paragraph sets the date before the lead.
TEST(EventPlacesTest, DateFromTheLeadParagraph) {
  auto x = ExtractText(
      "Culture week opens\n\nThe culture week opened at the expo center on May 12. Governor Li "
      "Ming presided over the opening ceremony.",
      2022, 5, 14);
  EXPECT_EQ(Day(x), "2022-05-12");
}

// D2: present-tense caption lines are not the lead.
TEST(EventPlacesTest, CaptionLinesAreNotTheLead) {
  auto x = ExtractText(
      "Governor tours the city\n\nGovernor Li Ming visits a school in Yueyang.\n\nGovernor Li "
      "Ming chairs a symposium.\n\nOn May 2, Governor Li Ming made an inspection tour of "
      "Changsha.",
      2022, 5, 6);
  EXPECT_EQ(Day(x), "2022-05-02");
}

// Parts of a day: "this afternoon" is the anchor's day, "last night" the
// day before.
TEST(EventPlacesTest, PartsOfADay) {
  EXPECT_EQ(Day(ExtractText("Talks\n\nMinister Ada Brun met Minister John Hale in Oslo this "
                            "afternoon.\n\nThey talked for an hour last week.",
                            2022, 5, 14)),
            "2022-05-14");
  EXPECT_EQ(Day(ExtractText("Talks\n\nMinister Ada Brun met Minister John Hale in Oslo last "
                            "night.",
                            2022, 5, 14)),
            "2022-05-13");
}

// "On the afternoon of the 15th": a day of the publication's month.
TEST(EventPlacesTest, DayOfMonthWithoutMonth) {
  auto x = ExtractText(
      "Committee meets\n\nOn the afternoon of the 12th, the committee held a routine "
      "meeting in Hefei.",
      2019, 7, 16);
  EXPECT_EQ(Day(x), "2019-07-12");
  auto before = ExtractText(
      "Committee meets\n\nOn the afternoon of the 28th, the committee held a routine "
      "meeting in Hefei.",
      2019, 7, 3);
  EXPECT_EQ(Day(before), "2019-06-28");
}

// "an inspection tour of Yueyang", "inspected the port of Ningbo": the
// known place the inspected site is of is the event's place.
TEST(EventPlacesTest, InspectionOfAKnownPlace) {
  auto tour = ExtractText(
      "Inspection\n\nGovernor Li Ming made an inspection tour of Yueyang on Monday.", 2024, 6, 3);
  ASSERT_GT(tour.events_size(), 0);
  EXPECT_EQ(tour.events(0).location().name(), "Yueyang");
  auto port = ExtractText(
      "Inspection\n\nAccompanied by Vice Mayor Ma Qiang, Mayor Zhou Lin inspected the port of "
      "Ningbo on Monday.",
      2024, 6, 3);
  ASSERT_GT(port.events_size(), 0);
  EXPECT_EQ(port.events(0).location().name(), "Ningbo");
  // An unknown name after "of" is no place ("inspection of Alpha Works").
  auto works = ExtractText(
      "Inspection\n\nGovernor Li Ming made an inspection of Alpha Works on Monday.", 2024, 6, 3);
  ASSERT_GT(works.events_size(), 0);
  EXPECT_NE(works.events(0).location().name(), "Alpha Works");
  // Broad venue heads ("Works", "Mine", "Port") make no venue of a project's
  // or a plan's name; the city stays the place.
  auto plans = ExtractText(
      "Talks\n\nMinister Ida Varga met Tom Reed in Ningbo on Monday to discuss the Harbour "
      "Expansion Works, the Port and the Gold Mine.",
      2024, 6, 3);
  ASSERT_GT(plans.events_size(), 0);
  EXPECT_EQ(plans.events(0).location().name(), "Ningbo");
}

// "Hunan Daily (Changsha): ...": a paper named after its region gives its
// city in brackets; the region word that opens the paper's name is not the
// place.
TEST(EventPlacesTest, PaperNamedAfterItsRegionWithACityInBrackets) {
  auto x = ExtractText(
      "Meeting\n\nHunan Daily (Changsha): On March 3, Governor Li Ming presided over a meeting.",
      2021, 3, 5);
  ASSERT_GT(x.events_size(), 0);
  EXPECT_EQ(x.events(0).location().name(), "Changsha");
  EXPECT_EQ(x.events(0).date().day(), 3);
}

// A room of a building is not the event's place: the building is, when
// named; else the city the article gives elsewhere; else none.
TEST(EventPlacesTest, ARoomOfABuildingIsNotThePlace) {
  auto unnamed = ExtractText(
      "Governor meets envoy\n\nGovernor Kai Lund met with Envoy Oda Venn at the Guest Room of "
      "the provincial government on Monday.");
  EXPECT_EQ(Place(unnamed), "");
  auto dateline = ExtractText(
      "Governor meets envoy\n\nTROMSDAL, May 4 -- Governor Kai Lund met with Envoy Oda Venn at "
      "the Guest Room of the provincial government on Monday.");
  EXPECT_EQ(Place(dateline), "Tromsdal");
  auto building = ExtractText(
      "Governor meets envoy\n\nGovernor Kai Lund met with Envoy Oda Venn at the Amber Lounge of "
      "the Harbour Palace on Monday.");
  EXPECT_EQ(Place(building), "Harbour Palace");
}

// A building named "<Head> of the <Words>" is a venue by the word before
// "of"; a hall inside a named building yields to the building, as a room
// does, however long the two names are.
TEST(EventPlacesTest, VenueHeadedBeforeOfAndHallsInsideBuildings) {
  auto in_building = ExtractText(
      "Premier meets chancellor\n\nPremier Kai Lund met Chancellor Oda Venn in the Grand Hall "
      "of the Northern Assembly on Monday.");
  EXPECT_EQ(Place(in_building), "Grand Hall of the Northern Assembly");
  auto nested_at = ExtractText(
      "Premier meets chancellor\n\nPremier Kai Lund met Chancellor Oda Venn at the Amber Hall "
      "of the Grand Hall of the Northern Assembly on Monday.");
  EXPECT_EQ(Place(nested_at), "Grand Hall of the Northern Assembly");
  auto nested_in = ExtractText(
      "Premier meets chancellor\n\nPremier Kai Lund held talks with Chancellor Oda Venn in the "
      "Silver Room of the Palace of the Free Republic on Monday.");
  EXPECT_EQ(Place(nested_in), "Palace of the Free Republic");
}

// "a delegation from Osaka", "the Osaka Chamber of Commerce": where guests
// come from, or a city naming their organization, is not where they met,
// however often the article names it.
TEST(EventPlacesTest, OriginOfGuestsIsNotTheVenue) {
  auto from = ExtractText(
      "Mayor Kai Lund Meets Delegation from Osaka\n\nMayor Kai Lund met a delegation from "
      "Osaka led by Oda Venn on Tuesday. Oda Venn said firms from Osaka want to invest.");
  EXPECT_EQ(Place(from), "");
  auto org = ExtractText(
      "Mayor Kai Lund Meets Guests\n\nMayor Kai Lund met the Osaka Chamber of Commerce "
      "delegation on Tuesday. The Osaka Chamber of Commerce has 300 members.");
  EXPECT_EQ(Place(org), "");
  // Named as the place twice, the city still counts.
  auto venue = ExtractText(
      "Mayor Kai Lund Meets Guests\n\nMayor Kai Lund met the delegation on Tuesday. Osaka "
      "hosts the fair every year, and Osaka welcomed 300 firms.");
  EXPECT_EQ(Place(venue), "Osaka");
}

// A time phrase between the verb and the place: "met on Wednesday in New
// York with ...".
TEST(EventPlacesTest, TimePhraseBetweenVerbAndPlace) {
  auto x = ExtractText(
      "Ministers meet\n\nForeign Minister Oda Venn met on Wednesday in New York with Foreign "
      "Minister Kai Lund.",
      2024, 3, 8);
  EXPECT_EQ(Place(x), "New York");
  EXPECT_EQ(Day(x), "2024-03-06");
  auto date = ExtractText(
      "Ministers meet\n\nForeign Minister Oda Venn met on 23 September in Trondheim with "
      "Foreign Minister Kai Lund.",
      2024, 10, 8);
  EXPECT_EQ(Place(date), "Trondheim");
}

// "in the Committee Room 3 of Parliament House": a numbered room of a
// named building gives the building.
TEST(EventPlacesTest, NumberedRoomOfABuilding) {
  auto x = ExtractText(
      "Committee hears minister\n\nThe committee held a hearing on Wednesday in the Committee "
      "Room 3 of Parliament House. Chair Oda Venn presided.",
      2024, 6, 5);
  EXPECT_EQ(Place(x), "Parliament House");
}

// "inspected the Hungnam Fertilizer Complex": the site visited is the
// place, before the dateline of an agency that files from its capital;
// the city written after the site wins over the site.
TEST(EventPlacesTest, InspectedSiteOutranksTheAgencyDateline) {
  auto site = ExtractText(
      "Premier inspects complex\n\nPyongyang, February 10 (KCNA) -- Premier Kai Lund "
      "inspected the Northern Fertilizer Complex.",
      2024, 2, 11);
  EXPECT_EQ(Place(site), "Northern Fertilizer Complex");
  auto city = ExtractText(
      "Premier inspects plant\n\nPyongyang, February 10 (KCNA) -- Premier Kai Lund visited "
      "the Northern Steel Works in Chongjin.",
      2024, 2, 11);
  EXPECT_EQ(Place(city), "Chongjin");
  // An event's name is no site ("visited the Spring Fair").
  auto fair = ExtractText(
      "Premier visits fair\n\nPyongyang, February 10 (KCNA) -- Premier Kai Lund visited the "
      "Spring Trade Fair.",
      2024, 2, 11);
  EXPECT_EQ(Place(fair), "Pyongyang");
}

// A dateline in capitals reads in title case; an acronym in a venue's
// name stays as written.
TEST(EventPlacesTest, AcronymInAVenueKeepsItsCapitals) {
  auto x = ExtractText(
      "Secretary General meets Prime Minister\n\nThe Secretary General, Kai Lund, welcomed "
      "the Prime Minister of Estonia, Oda Venn, to NATO Headquarters on Tuesday.",
      2024, 5, 15);
  EXPECT_EQ(Place(x), "NATO Headquarters");
}

// "in the northern city of Haiphong", "in the capital, Kestrel": the name
// after a settlement noun, known to the gazetteer or not.
TEST(EventPlacesTest, PlaceNamedAfterASettlementNoun) {
  auto city_of = ExtractText(
      "Leaders meet\n\nPresident Oda Venn met with Ambassador Kai Lund in the northern port "
      "city of Skarvik on Monday.",
      2024, 3, 8);
  EXPECT_EQ(Place(city_of), "Skarvik");
  auto capital = ExtractText(
      "Ministers meet\n\nForeign Minister Oda Venn met with Foreign Minister Kai Lund on "
      "Monday in the capital, Kestrel.",
      2024, 3, 8);
  EXPECT_EQ(Place(capital), "Kestrel");
  // "the city of Lights Festival" style names are not written lowercase.
  auto none = ExtractText(
      "Ministers meet\n\nForeign Minister Oda Venn met with Foreign Minister Kai Lund on "
      "Monday in the city hall.",
      2024, 3, 8);
  EXPECT_EQ(Place(none), "");
}

// "on the margins of the General Assembly in New York": an assembly sits
// where it meets, so "in" after it places the meeting (an embassy "in
// Vietnam" still only locates the embassy).
TEST(EventPlacesTest, InAfterAnAssemblyPlacesItsSession) {
  auto x = ExtractText(
      "Ministers meet\n\nForeign Minister Oda Venn met Foreign Minister Kai Lund on the "
      "margins of the General Assembly in New York.",
      2024, 9, 25);
  EXPECT_EQ(Place(x), "New York");
  auto embassy = ExtractText(
      "Ambassador meets\n\nMinister Oda Venn met staff of the Ruritanian Embassy in Vietnam "
      "on Monday.",
      2024, 9, 25);
  EXPECT_NE(Place(embassy), "Vietnam");
}

// "at the Kestrel Palace Hotel, Skarvik.": an unknown town closing the
// clause after the venue's comma; a person there is no town.
TEST(EventPlacesTest, TownAfterAVenuesComma) {
  auto town = ExtractText(
      "Minister meets\n\nMinister Oda Venn met with Ambassador Kai Lund on Monday at the "
      "Kestrel Palace Hotel, Skarvik.",
      2024, 3, 8);
  EXPECT_EQ(Place(town), "Skarvik");
  auto person = ExtractText(
      "Minister meets\n\nAt the Kestrel Palace Hotel, Minister Oda Venn met with Ambassador "
      "Kai Lund on Monday.",
      2024, 3, 8);
  EXPECT_EQ(Place(person), "Kestrel Palace Hotel");
}

// "visited the flood-hit province of X": the unit's noun vouches for a
// name the gazetteer lacks; after another noun ("the port of X") only a
// known place is taken.
TEST(EventPlacesTest, VisitedUnitOfAnUnknownPlace) {
  auto x = ExtractText(
      "Minister visits province\n\nMinister Ida Varga on Sunday visited the flood-hit province "
      "of Kaldora, where she met farmers.",
      2024, 6, 5);
  ASSERT_GT(x.events_size(), 0);
  EXPECT_EQ(x.events(0).location().name(), "Kaldora");
  auto site = ExtractText(
      "Minister visits works\n\nMinister Ida Varga on Sunday visited the dam of Kaldora Power, "
      "where she met farmers.",
      2024, 6, 5);
  ASSERT_GT(site.events_size(), 0);
  EXPECT_NE(site.events(0).location().name(), "Kaldora Power");
}

// An unknown town after "in": a short capitalized run closed by a time
// expression or the sentence's end, in the sentence that reports the
// event.
TEST(EventPlacesTest, UnknownTownBeforeATimeOrTheEnd) {
  EXPECT_EQ(Place(ExtractText("Forum of governors\n\nRegional governors held a forum in Cape "
                              "Varde on Monday. Governor Ama Osei chaired the forum.",
                              2026, 3, 4)),
            "Cape Varde");
  EXPECT_EQ(Place(ExtractText("Governors meet\n\nGovernor Ama Osei chaired a meeting of "
                              "regional governors in Port Saldana yesterday.")),
            "Port Saldana");
  // At the sentence's end, a run with no town's word is taken when the
  // text writes it again (here the headline).
  EXPECT_EQ(Place(ExtractText("Nova Brava council meets\n\nGovernor Ama Osei chaired a "
                              "meeting of the council in Nova Brava.")),
            "Nova Brava");
  EXPECT_EQ(Place(ExtractText("Governors meet\n\nGovernor Ama Osei met Mayor Kofi Lamptey in "
                              "Nova Brava on 3 May.")),
            "Nova Brava");
  // "Cape Coast" (a town word and a name word), also after a time
  // expression that opens the sentence, closed by its comma.
  EXPECT_EQ(Place(ExtractText("Talks held\n\nGovernor Ama Osei met Kofi Lamptey in Cape Coast "
                              "on Monday.")),
            "Cape Coast");
  EXPECT_EQ(Place(ExtractText("Talks held\n\nOn Monday in Cape Coast, Governor Ama Osei met "
                              "Kofi Lamptey.")),
            "Cape Coast");
  // A town written with the region or country it lies in.
  EXPECT_EQ(Place(ExtractText("Talks held\n\nGovernor Ama Osei met Kofi Lamptey in Cape Coast, "
                              "Central Region, on Monday.")),
            "Cape Coast");
  EXPECT_EQ(Place(ExtractText("Talks held\n\nGovernor Ama Osei met Kofi Lamptey in Nova Brava "
                              "in the Upper East Region.")),
            "Nova Brava");
  // Words of a town's name that are no names alone ("Bay", "Cape").
  EXPECT_EQ(Place(ExtractText("Judges sworn in\n\nChief Justice Ama Osei swore in three "
                              "judges at a ceremony in Kestrel Bay.")),
            "Kestrel Bay");
}

// "in" makes adverbs too: a capitalized word or run after it is a town only
// on evidence beyond its capitals.
TEST(EventPlacesTest, MannerAfterInIsNoTown) {
  // Adverbs, also before a time expression.
  EXPECT_EQ(Place(ExtractText("Talks held\n\nGovernor Ama Osei met Mayor Kofi Lamptey in "
                              "Private on Monday.")),
            "");
  EXPECT_EQ(Place(ExtractText("Talks held\n\nGovernor Ama Osei met Mayor Kofi Lamptey on "
                              "Monday. Both sides agreed to negotiate in Good Faith.")),
            "");
  EXPECT_EQ(Place(ExtractText("Talks held\n\nGovernor Ama Osei met Mayor Kofi Lamptey and "
                              "they agreed in Principle on Monday.")),
            "");
  // A two-letter word is no town.
  EXPECT_EQ(Place(ExtractText("Talks held\n\nGovernor Ama Osei met Mayor Kofi Lamptey in Ga "
                              "on Monday.")),
            "");
  // A run at the sentence's end with neither a town's word nor an echo.
  EXPECT_EQ(Place(ExtractText("Talks held\n\nGovernor Ama Osei met Mayor Kofi Lamptey to "
                              "speak in Plain Terms.")),
            "");
  // Unknown towns are still read: one word, a town's word, a time after it.
  EXPECT_EQ(Place(ExtractText("Talks held\n\nGovernor Ama Osei met Mayor Kofi Lamptey in "
                              "Bekwai on Monday.")),
            "Bekwai");
  EXPECT_EQ(Place(ExtractText("Talks held\n\nGovernor Ama Osei met Mayor Kofi Lamptey in "
                              "Akrofu Heights.")),
            "Akrofu Heights");
  EXPECT_EQ(Place(ExtractText("Talks held\n\nGovernor Ama Osei met Mayor Kofi Lamptey in "
                              "Nova Brava on Monday.")),
            "Nova Brava");
}

// "hosted the meeting at Bekwai": after a held event, "at" names its town,
// known or not.
TEST(EventPlacesTest, TownAfterAHeldEventsAt) {
  EXPECT_EQ(Place(ExtractText("Chiefs meet\n\nThe District Chief Executive, Kofi Lamptey, "
                              "hosted the meeting at Bekwai on Tuesday.")),
            "Bekwai");
  EXPECT_EQ(Place(ExtractText("Council meets\n\nThe council held its quarterly session at "
                              "Nova Brava.")),
            "Nova Brava");
  EXPECT_EQ(Place(ExtractText("Chiefs meet\n\nGovernor Ama Osei convened a forum at Accra, "
                              "where chiefs spoke.")),
            "Accra");
  // Not a building, a person's request or a two-letter word.
  EXPECT_EQ(Place(ExtractText("Chiefs meet\n\nGovernor Ama Osei hosted the meeting at "
                              "Government House on Tuesday.")),
            "Government House");
  EXPECT_EQ(Place(ExtractText("Chiefs meet\n\nGovernor Ama Osei hosted the meeting at Mayor "
                              "Kofi Lamptey's request on Tuesday.")),
            "");
  EXPECT_EQ(Place(ExtractText("Chiefs meet\n\nGovernor Ama Osei hosted the meeting at Ga on "
                              "Tuesday.")),
            "");
  // Without a held event, "at" and a bare word stay unread ("arrived at
  // Noon", "smiled at Ama").
  EXPECT_EQ(Place(ExtractText("Chiefs meet\n\nGovernor Ama Osei met the chiefs and smiled at "
                              "Bekwai on Tuesday.")),
            "");
}

// Bodies, people, buildings and phrases after "in" are no towns.
TEST(EventPlacesTest, UnknownTownRunTakesNoBodyPersonOrBuilding) {
  EXPECT_EQ(Place(ExtractText("Budget passed\n\nThe Finance Minister, Kofi Lamptey, presented "
                              "the budget in Parliament on Monday.")),
            "");
  EXPECT_EQ(Place(ExtractText("Talks held\n\nGovernor Ama Osei met Kofi Lamptey on Monday. In "
                              "Tom Reed's view, the talks went well.")),
            "");
  EXPECT_EQ(Place(ExtractText("Talks held\n\nGovernor Ama Osei met Kofi Lamptey in Saldana "
                              "Palace on Monday.")),
            "Saldana Palace");
  // A run that goes on into the clause ("in Good Faith and ...") names
  // nothing; neither does an event's name.
  EXPECT_EQ(Place(ExtractText("Talks held\n\nGovernor Ama Osei met Kofi Lamptey in Good Faith "
                              "and with open minds.")),
            "");
  EXPECT_EQ(Place(ExtractText("Talks held\n\nGovernor Ama Osei spoke in Regional Forum on "
                              "Monday.")),
            "");
  // Nor a room, or a run followed by anything but a time, an end or a
  // larger place.
  EXPECT_EQ(Place(ExtractText("Talks held\n\nGovernor Ama Osei met Kofi Lamptey in Room 204 on "
                              "Monday.")),
            "");
  EXPECT_EQ(Place(ExtractText("Talks held\n\nGovernor Ama Osei met Kofi Lamptey in Nova Brava "
                              "Terms, the two said on Monday.")),
            "");
  // A comma closes a town's run only after a time expression.
  EXPECT_EQ(Place(ExtractText("Talks held\n\nGovernor Ama Osei, raised in Nova Brava, met "
                              "Kofi Lamptey on Monday.")),
            "");
  // Town words alone name no town.
  EXPECT_EQ(Place(ExtractText("Talks held\n\nGovernor Ama Osei met Kofi Lamptey in New Town "
                              "on Monday.")),
            "");
}

// A capitalized run after "in" that reads as a phrase is no unknown town,
// even closed by a time expression: "in" after a noun of a domain, a plural
// or a period's noun last, a single letter, a word also written in
// lowercase. A town's word or the region after it keeps the town.
TEST(EventPlacesTest, UnknownTownRunThatReadsAsAPhraseIsNoTown) {
  EXPECT_EQ(Place(ExtractText("Talks held\n\nGovernor Ama Osei met Kofi Lamptey to discuss "
                              "cooperation in Ocean Science on Monday.")),
            "");
  EXPECT_EQ(Place(ExtractText("Talks held\n\nGovernor Ama Osei met Kofi Lamptey to discuss "
                              "investment in Green Hydrogen on Monday.")),
            "");
  EXPECT_EQ(Place(ExtractText("Talks held\n\nGovernor Ama Osei met Kofi Lamptey to discuss "
                              "the rise in Consumer Prices in March.")),
            "");
  EXPECT_EQ(Place(ExtractText("Talks held\n\nGovernor Ama Osei met Kofi Lamptey as incomes "
                              "rose in Real Terms last year.")),
            "");
  EXPECT_EQ(Place(ExtractText("Talks held\n\nGovernor Ama Osei met Kofi Lamptey in Question "
                              "Time on Wednesday.")),
            "");
  EXPECT_EQ(Place(ExtractText("Talks held\n\nGovernor Ama Osei met Kofi Lamptey after troops "
                              "took part in Exercise Cold Response on Monday.")),
            "");
  EXPECT_EQ(Place(ExtractText("Talks held\n\nGovernor Ama Osei met Kofi Lamptey after a fire "
                              "in Block C on Monday.")),
            "");
  EXPECT_EQ(Place(ExtractText("Talks held\n\nGovernor Ama Osei met Kofi Lamptey after a fire "
                              "in Block C.")),
            "");
  EXPECT_EQ(Place(ExtractText("Talks held\n\nThe hydrogen plant was discussed. Governor Ama "
                              "Osei met Kofi Lamptey in Green Hydrogen on Monday.")),
            "");
  // Towns are kept: a town's word, the region after the run, a plain run.
  EXPECT_EQ(Place(ExtractText("Talks held\n\nGovernor Ama Osei met Kofi Lamptey in Three "
                              "Rivers on Monday.")),
            "Three Rivers");
  EXPECT_EQ(Place(ExtractText("Talks held\n\nGovernor Ama Osei met Kofi Lamptey in Akrofu "
                              "Heights on Monday.")),
            "Akrofu Heights");
  EXPECT_EQ(Place(ExtractText("Talks held\n\nGovernor Ama Osei met Kofi Lamptey in Nova "
                              "Brava, Central Region, on Monday.")),
            "Nova Brava");
  EXPECT_EQ(Place(ExtractText("Talks held\n\nGovernor Ama Osei met Kofi Lamptey in Nova "
                              "Brava on Monday.")),
            "Nova Brava");
}

// A town the gazetteer lacks, after "in" in a sentence that reports people
// gathering ("gathered", "assembled", "sat down") while the lead is a later
// sentence naming who chaired.
TEST(EventPlacesTest, UnknownTownAfterAGatheringVerb) {
  auto gathered = ExtractText(
      "Ministers gather\n\nThe ministers gathered in Velmora on Tuesday. "
      "Minister Anna Kessel chaired the meeting.",
      2026, 3, 4);
  EXPECT_EQ(Place(gathered), "Velmora");
  auto assembled = ExtractText(
      "Leaders meet\n\nThe leaders assembled in Korvik to discuss trade. "
      "Prime Minister Ivo Stane presided.",
      2026, 3, 4);
  EXPECT_EQ(Place(assembled), "Korvik");
  auto sat_down = ExtractText(
      "Talks\n\nThe two delegations sat down in Quellmar Bay on Thursday. "
      "Minister Ravi Dor chaired the talks.",
      2026, 3, 4);
  EXPECT_EQ(Place(sat_down), "Quellmar Bay");
  // An earlier gathering ("had gathered ... last year") and the usual
  // safeguards ("in March", "in Parliament") place nothing.
  auto earlier = ExtractText(
      "Meeting\n\nThe ministers had gathered in Velmora last year. "
      "Minister Anna Kessel chaired the meeting.",
      2026, 3, 4);
  EXPECT_EQ(Place(earlier), "");
  auto month = ExtractText(
      "Meeting\n\nThe ministers gathered in March to review the plan. "
      "Minister Anna Kessel chaired the meeting.",
      2026, 3, 4);
  EXPECT_EQ(Place(month), "");
  auto body = ExtractText(
      "Meeting\n\nThe ministers gathered in Parliament on Tuesday. "
      "Minister Anna Kessel chaired the meeting.",
      2026, 3, 4);
  EXPECT_EQ(Place(body), "");
}

// "In Tarsk, the delegations agreed ...": a sentence around the lead that
// opens with the place of what the meeting did.
TEST(EventPlacesTest, PlaceOpeningASentenceAroundTheLead) {
  auto agreed = ExtractText(
      "Delegations agree\n\nIn Tarsk, the delegations agreed on a ceasefire. "
      "Envoy Tomas Rill led the talks on Wednesday.",
      2026, 3, 4);
  EXPECT_EQ(Place(agreed), "Tarsk");
  auto after = ExtractText(
      "Ministers sign\n\nMinister Oda Renn chaired the meeting on Monday. "
      "In Lower Brask, the ministers signed the charter.",
      2026, 3, 4);
  EXPECT_EQ(Place(after), "Lower Brask");
  // A later act ("will sign") or a month or body after "In" places nothing.
  auto later = ExtractText(
      "Meeting\n\nIn Tarsk, the delegations will sign the accord next week. "
      "Minister Anna Kessel chaired the meeting.",
      2026, 3, 4);
  EXPECT_EQ(Place(later), "");
  auto earlier = ExtractText(
      "Talks\n\nMinister Oda Renn met Envoy Tomas Rill on Monday. "
      "In Tarsk, prices rose sharply last year.",
      2026, 3, 4);
  EXPECT_EQ(Place(earlier), "");
  auto month = ExtractText(
      "Meeting\n\nIn March, the ministers agreed on the budget. "
      "Minister Anna Kessel chaired the meeting.",
      2026, 3, 4);
  EXPECT_EQ(Place(month), "");
  auto body = ExtractText(
      "Meeting\n\nIn Parliament, the ministers agreed on the budget. "
      "Minister Anna Kessel chaired the meeting.",
      2026, 3, 4);
  EXPECT_EQ(Place(body), "");
}

// An opening "In <Place>," of a sentence that reports something other than
// the gathering (no meeting or agreement word, none of the lead's people)
// does not displace the dateline.
TEST(EventPlacesTest, PlaceOpeningAnotherMatterYieldsToTheDateline) {
  auto protest = ExtractText(
      "Talks\n\nVELMORA, March 3 -- Minister Ada Voss met Minister Per Lund on Tuesday. "
      "In Tarsk, farmers protested against the plan.",
      2026, 3, 4);
  EXPECT_EQ(Place(protest), "Velmora");
  auto weather = ExtractText(
      "Talks\n\nBRELLIN, June 9 -- Envoy Tomas Rill received Minister Oda Renn on Monday. "
      "In Upper Koss, heavy rain closed the schools.",
      2026, 6, 10);
  EXPECT_EQ(Place(weather), "Brellin");
  // The gathering reported, or one of the lead's people, still places it.
  auto agreed = ExtractText(
      "Talks\n\nVELMORA, March 3 -- Minister Ada Voss met Minister Per Lund on Tuesday. "
      "In Tarsk, the two ministers agreed on a fishing quota.",
      2026, 3, 4);
  EXPECT_EQ(Place(agreed), "Tarsk");
  auto person = ExtractText(
      "Talks\n\nVELMORA, March 3 -- Minister Ada Voss met Minister Per Lund on Tuesday. "
      "In Tarsk, Voss praised the harbour works.",
      2026, 3, 4);
  EXPECT_EQ(Place(person), "Tarsk");
}

}  // namespace
}  // namespace readout::extractor
