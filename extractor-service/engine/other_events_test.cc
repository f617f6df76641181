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

}  // namespace
}  // namespace readout::extractor
