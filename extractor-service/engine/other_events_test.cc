// Tests of the events beside the main one: a series of meetings, a later
// meeting with someone else, and the main meeting told again.
#include "extractor-service/engine/other_events.h"

#include <string>

#include "extractor-service/engine/test_util.h"
#include "gtest/gtest.h"

namespace readout::extractor {
namespace {

using testing::ExtractText;
using testing::HasRole;

bool EventHas(const v1::Event& e, absl::string_view name, v1::ParticipantRole role) {
  for (const auto& p : e.participants()) {
    if (p.person_name() == name && p.role() == role) return true;
  }
  return false;
}

TEST(OtherEventsTest, SeriesGivesAnEventPerMeeting) {
  auto x = ExtractText(
      "Minister holds talks with counterparts\n\n"
      "Foreign Minister Ada Brun held a series of bilateral meetings on Monday with her "
      "counterparts in Geneva.\n\n"
      "Ada Brun met Foreign Minister Olaf Dahl of Norway. Ada Brun also met Foreign Minister "
      "Piet Lund of Sweden on Tuesday in Bern.",
      2024, 3, 6);
  ASSERT_EQ(x.events_size(), 3);
  // events[0] stays the headline's: the series, with everyone met in it.
  EXPECT_EQ(x.events(0).location().name(), "Geneva");
  EXPECT_EQ(x.events(0).date().day(), 4);
  EXPECT_TRUE(HasRole(x, "Olaf Dahl", v1::PARTICIPANT_ROLE_MET));
  EXPECT_TRUE(HasRole(x, "Piet Lund", v1::PARTICIPANT_ROLE_MET));
  // Each meeting: its own participants, date and place.
  const auto& dahl = x.events(1);
  EXPECT_TRUE(EventHas(dahl, "Olaf Dahl", v1::PARTICIPANT_ROLE_MET));
  EXPECT_TRUE(EventHas(dahl, "Ada Brun", v1::PARTICIPANT_ROLE_MET));
  EXPECT_FALSE(EventHas(dahl, "Piet Lund", v1::PARTICIPANT_ROLE_MET));
  EXPECT_EQ(dahl.location().name(), "Geneva");  // None of its own: the series'.
  const auto& lund = x.events(2);
  EXPECT_TRUE(EventHas(lund, "Piet Lund", v1::PARTICIPANT_ROLE_MET));
  EXPECT_TRUE(EventHas(lund, "Ada Brun", v1::PARTICIPANT_ROLE_MET));
  EXPECT_EQ(lund.location().name(), "Bern");
  EXPECT_EQ(lund.date().day(), 5);  // The Tuesday before publication.
}

TEST(OtherEventsTest, AnotherMeetingKeepsItsPeopleOffTheMainOne) {
  auto x = ExtractText(
      "Governor meets ambassador\n\n"
      "Governor Li Ming met Ambassador John Hale in Changsha on Monday.\n\n"
      "On Wednesday, Li Ming met with Mayor Zhou Lin in Yueyang to discuss the budget.",
      2024, 3, 8);
  ASSERT_EQ(x.events_size(), 2);
  EXPECT_TRUE(HasRole(x, "John Hale", v1::PARTICIPANT_ROLE_MET));
  EXPECT_FALSE(HasRole(x, "Zhou Lin", v1::PARTICIPANT_ROLE_MET));
  const auto& later = x.events(1);
  EXPECT_TRUE(EventHas(later, "Zhou Lin", v1::PARTICIPANT_ROLE_MET));
  EXPECT_TRUE(EventHas(later, "Li Ming", v1::PARTICIPANT_ROLE_MET));
  EXPECT_EQ(later.location().name(), "Yueyang");
  EXPECT_EQ(later.date().day(), 6);
}

TEST(OtherEventsTest, TheMainMeetingToldAgainIsNoOtherEvent) {
  auto x = ExtractText(
      "Governor meets ambassador\n\n"
      "Governor Li Ming met Ambassador John Hale in Changsha on Monday. Li Ming said the "
      "talks were useful. When Li Ming met John Hale, they discussed trade.",
      2024, 3, 8);
  EXPECT_EQ(x.events_size(), 1);
  EXPECT_TRUE(HasRole(x, "John Hale", v1::PARTICIPANT_ROLE_MET));
}

TEST(OtherEventsTest, RolesOfAnotherTimeStayOffTheMainEvent) {
  auto x = ExtractText(
      "Mayor chairs trade symposium\n\n"
      "Mayor Li Ming chaired a trade symposium in the city hall on Monday. Last year, "
      "Governor Zhou Lin presided over the opening of the consulate. Ambassador John Hale "
      "will deliver a speech at the university on Friday.",
      2024, 3, 8);
  EXPECT_TRUE(HasRole(x, "Li Ming", v1::PARTICIPANT_ROLE_PRESIDED));
  EXPECT_FALSE(HasRole(x, "Zhou Lin", v1::PARTICIPANT_ROLE_PRESIDED));
  EXPECT_FALSE(HasRole(x, "John Hale", v1::PARTICIPANT_ROLE_SPOKE));
  // The clause of the main event itself may be dated in the past.
  auto last_week = ExtractText(
      "Mayor chairs meeting\n\nMayor Li Ming presided over a meeting last week.", 2024, 3, 8);
  EXPECT_TRUE(HasRole(last_week, "Li Ming", v1::PARTICIPANT_ROLE_PRESIDED));
}

TEST(OtherEventsTest, SeriesInTheLeadGivesAnEventPerWithClause) {
  auto x = ExtractText(
      "Envoy holds meetings in Iceland\n\n"
      "Special Envoy Rosa Nieminen held a series of meetings with Mayor Dagny Olafs and "
      "Governor Ivar Strand in Reykjavik on Monday, then with Minister Gunnar Helgason in "
      "Akureyri on Tuesday.",
      2024, 3, 8);
  ASSERT_EQ(x.events_size(), 3);
  // events[0] is the series the headline reports, with everyone met in it.
  EXPECT_TRUE(HasRole(x, "Gunnar Helgason", v1::PARTICIPANT_ROLE_MET));
  EXPECT_TRUE(HasRole(x, "Dagny Olafs", v1::PARTICIPANT_ROLE_MET));
  // Each "with" clause: its own people, day and place.
  const auto& first = x.events(1);
  EXPECT_TRUE(EventHas(first, "Rosa Nieminen", v1::PARTICIPANT_ROLE_MET));
  EXPECT_TRUE(EventHas(first, "Ivar Strand", v1::PARTICIPANT_ROLE_MET));
  EXPECT_FALSE(EventHas(first, "Gunnar Helgason", v1::PARTICIPANT_ROLE_MET));
  EXPECT_EQ(first.location().name(), "Reykjavik");
  EXPECT_EQ(first.date().day(), 4);
  const auto& second = x.events(2);
  EXPECT_TRUE(EventHas(second, "Gunnar Helgason", v1::PARTICIPANT_ROLE_MET));
  EXPECT_FALSE(EventHas(second, "Dagny Olafs", v1::PARTICIPANT_ROLE_MET));
  EXPECT_EQ(second.location().name(), "Akureyri");
  EXPECT_EQ(second.date().day(), 5);
}

TEST(OtherEventsTest, BilateralSeriesGivesAnEventPerCounterpart) {
  auto x = ExtractText(
      "Secretary-General holds bilateral talks\n\n"
      "On the sidelines of the summit in Nairobi on 10 February 2024, Secretary-General "
      "Idris Mahamat held a series of bilateral talks with President Amina Ouedraogo of "
      "Burkina Faso and Prime Minister Tomas Villanueva of Paraguay, then with Foreign "
      "Minister Leila Haddad.",
      2024, 2, 12);
  ASSERT_EQ(x.events_size(), 4);
  for (int e = 1; e < 4; ++e) {
    EXPECT_TRUE(EventHas(x.events(e), "Idris Mahamat", v1::PARTICIPANT_ROLE_MET));
    EXPECT_EQ(x.events(e).participants_size(), 2);
    EXPECT_EQ(x.events(e).location().name(), "Nairobi");
  }
  EXPECT_TRUE(EventHas(x.events(1), "Amina Ouedraogo", v1::PARTICIPANT_ROLE_MET));
  EXPECT_TRUE(EventHas(x.events(2), "Tomas Villanueva", v1::PARTICIPANT_ROLE_MET));
  EXPECT_TRUE(EventHas(x.events(3), "Leila Haddad", v1::PARTICIPANT_ROLE_MET));
  EXPECT_TRUE(HasRole(x, "Leila Haddad", v1::PARTICIPANT_ROLE_MET));
  // One "with" clause: one meeting, no split.
  auto one = ExtractText(
      "Talks\n\nMinister Rosa Nieminen held a series of talks with Mayor Dagny Olafs in "
      "Reykjavik on Monday.",
      2024, 3, 8);
  EXPECT_EQ(one.events_size(), 1);
  EXPECT_TRUE(HasRole(one, "Dagny Olafs", v1::PARTICIPANT_ROLE_MET));
}

TEST(OtherEventsTest, RolesInAClauseDatedByAnotherYearStayOffTheMainEvent) {
  auto x = ExtractText(
      "Mayor chairs meeting\n\n"
      "Mayor Li Ming presided over the meeting on Monday. He recalled that Chancellor Greta "
      "Lindahl attended the groundbreaking ceremony in 2019.",
      2024, 3, 8);
  EXPECT_TRUE(HasRole(x, "Li Ming", v1::PARTICIPANT_ROLE_PRESIDED));
  EXPECT_FALSE(HasRole(x, "Greta Lindahl", v1::PARTICIPANT_ROLE_ATTENDED));
  // The main event's own year keeps the role.
  auto same = ExtractText(
      "Mayor chairs meeting\n\n"
      "Mayor Li Ming presided over the meeting on March 4. Chancellor Greta Lindahl attended "
      "the meeting in 2024 as a guest.",
      2024, 3, 8);
  EXPECT_TRUE(HasRole(same, "Greta Lindahl", v1::PARTICIPANT_ROLE_ATTENDED));
}

// "that" as a determiner ("chaired that committee in 2019") does not end
// the clause: the year after it dates the role. Only a "that" after a
// reporting verb or its addressee opens a clause of its own.
TEST(OtherEventsTest, DeterminerThatKeepsTheClauseDated) {
  auto x = ExtractText(
      "Council meets\n\nMayor Oda Brin presided over the council meeting on Tuesday. "
      "Councillor Jonas Pellik chaired that committee in 2019. Councillor Mia Tarn "
      "attended that session in 2021.",
      2026, 3, 4);
  EXPECT_TRUE(HasRole(x, "Oda Brin", v1::PARTICIPANT_ROLE_PRESIDED));
  EXPECT_FALSE(HasRole(x, "Jonas Pellik", v1::PARTICIPANT_ROLE_PRESIDED));
  EXPECT_FALSE(HasRole(x, "Mia Tarn", v1::PARTICIPANT_ROLE_ATTENDED));
  // "the" and "that" read alike.
  auto the = ExtractText(
      "Council meets\n\nMayor Oda Brin presided over the council meeting on Tuesday. "
      "Councillor Jonas Pellik chaired the committee in 2019.",
      2026, 3, 4);
  EXPECT_FALSE(HasRole(the, "Jonas Pellik", v1::PARTICIPANT_ROLE_PRESIDED));
}

TEST(OtherEventsTest, TheFirstMeetingAfterAVisitLeadIsTheMainOne) {
  auto x = ExtractText(
      "Consul visits Xiamen\n\nConsul General Somchai Rattana came to Xiamen to promote a "
      "food fair. Vice Mayor Ye Lin met with Somchai Rattana at the city hall.",
      2024, 3, 8);
  ASSERT_EQ(x.events_size(), 1);
  EXPECT_TRUE(HasRole(x, "Ye Lin", v1::PARTICIPANT_ROLE_MET));
  EXPECT_TRUE(HasRole(x, "Somchai Rattana", v1::PARTICIPANT_ROLE_MET));
  // A lead that is a meeting keeps a later meeting apart.
  auto y = ExtractText(
      "Consul meets mayor\n\nConsul General Somchai Rattana met Mayor Li Ming in Xiamen. "
      "Later, Vice Mayor Ye Lin met with Somchai Rattana at the port.",
      2024, 3, 8);
  EXPECT_EQ(y.events_size(), 2);
  EXPECT_FALSE(HasRole(y, "Ye Lin", v1::PARTICIPANT_ROLE_MET));
}

// "As A and B met, ministers signed ...": a reciprocal "met" restating the
// main meeting; the people after its comma are no counterparts of another.
TEST(OtherEventsTest, ReciprocalMetOpensNoMeeting) {
  auto x = ExtractText(
      "Leaders meet\n\nPresident Maria Lopez held talks with Chancellor Anna Berg in Lisbon on "
      "Monday. As Lopez and Berg met, Foreign Minister Tom Reed and Trade Minister Ana Costa "
      "signed a trade agreement.",
      2024, 3, 6);
  EXPECT_EQ(x.events_size(), 1);
  EXPECT_TRUE(HasRole(x, "Maria Lopez", v1::PARTICIPANT_ROLE_MET));
  EXPECT_TRUE(HasRole(x, "Anna Berg", v1::PARTICIPANT_ROLE_MET));
  EXPECT_FALSE(HasRole(x, "Tom Reed", v1::PARTICIPANT_ROLE_MET));
}

// "The previous day", "the next day", "later that day": another meeting's
// day counted from the main event's, not from the publication.
TEST(OtherEventsTest, DaysCountedFromTheMainEvent) {
  auto before = ExtractText(
      "President holds talks\n\nPresident Zhang Wei held talks with President Liu Fang in "
      "Kestrel on Monday. The previous day, Zhang met with Prime Minister Wang Tao in Skarvik.",
      2024, 3, 8);
  ASSERT_EQ(before.events_size(), 2);
  EXPECT_EQ(before.events(0).date().day(), 4);
  EXPECT_EQ(before.events(1).date().day(), 3);
  EXPECT_EQ(before.events(1).location().name(), "Skarvik");
  auto after = ExtractText(
      "President holds talks\n\nPresident Zhang Wei held talks with President Liu Fang in "
      "Kestrel on Monday. The next day, Zhang met with Prime Minister Wang Tao in Skarvik.",
      2024, 3, 8);
  ASSERT_EQ(after.events_size(), 2);
  EXPECT_EQ(after.events(1).date().day(), 5);
}

// A lead is a preview only when an auxiliary of the future governs its
// event: "next year's summit" before a past "met" is none, so who "will
// accompany" a later trip does not attend the meeting told.
TEST(OtherEventsTest, NextYearsSummitBeforeAPastMeetingIsNoPreview) {
  auto past = ExtractText(
      "Leaders meet in Oslo\n\nLeaders preparing for next year's summit met in Oslo on Monday. "
      "Foreign Minister Ana Costa will accompany the president to Bergen in May.",
      2026, 3, 4);
  ASSERT_GT(past.events_size(), 0);
  EXPECT_FALSE(HasRole(past, "Ana Costa", v1::PARTICIPANT_ROLE_ATTENDED));
  auto preview = ExtractText(
      "President to meet Prime Minister\n\nPresident Maria Lopez will soon meet Prime Minister "
      "Tom Reed in Lisbon. Foreign Minister Ana Costa will accompany the president.",
      2026, 3, 4);
  ASSERT_GT(preview.events_size(), 0);
  EXPECT_TRUE(HasRole(preview, "Ana Costa", v1::PARTICIPANT_ROLE_ATTENDED));
}

}  // namespace
}  // namespace readout::extractor
