// Tests of statements (verbs, inverted speech, pronouns, points) and roles.
#include "extractor-service/engine/discourse.h"

#include "extractor-service/engine/test_util.h"
#include "gtest/gtest.h"

namespace readout::extractor {
namespace {

using testing::ExtractText;
using testing::HasRole;
using testing::HasStatement;
using testing::SpanText;

TEST(StatementsTest, VerbsInversionPronounsAndAdding) {
  auto x = ExtractText(
      "Forum held\n\n"
      "Lu Qingshan, mayor of Harbin, pointed out that the city must grow. "
      "Trade will expand, said Lu, adding that ports matter. "
      "He called for more effort. \"We are ready,\" said Meri Tamm, a professor "
      "at Tartu University.");
  EXPECT_TRUE(HasStatement(x, "Lu Qingshan", "pointed out"));
  EXPECT_TRUE(HasStatement(x, "Lu Qingshan", "said"));
  EXPECT_TRUE(HasStatement(x, "Lu Qingshan", "adding"));
  EXPECT_TRUE(HasStatement(x, "Lu Qingshan", "called for"));
  EXPECT_TRUE(HasStatement(x, "Meri Tamm", "said"));
  auto titled = ExtractText(
      "Talks\n\nChinese Foreign Minister Kang Li met Envoy Bo Rask. The "
      "Chinese foreign minister also stressed mutual respect.");
  EXPECT_TRUE(HasStatement(titled, "Kang Li", "stressed"));
  for (const auto& s : x.statements()) {
    EXPECT_NE(SpanText(x, s.span()).find(s.verb()), std::string::npos);
  }
}

TEST(StatementsTest, CountsEnumeratedPoints) {
  auto x = ExtractText(
      "Meeting held\n\n"
      "Zhao Linfeng stressed that work must improve. First, we must plan. "
      "The second is to act. Third, we must review. Other matters followed.");
  ASSERT_EQ(x.statements_size(), 1);
  const auto& s = x.statements(0);
  EXPECT_EQ(s.verb(), "stressed");
  ASSERT_EQ(s.points_size(), 3);
  EXPECT_EQ(s.points(1).ordinal(), 2u);
  EXPECT_EQ(SpanText(x, s.points(1).span()), "The second is to act.");
}

TEST(StatementsTest, ReportedSpeechInsideThatClauseIsNotAStatement) {
  auto x = ExtractText("Talks\n\nSun Weiguo said that he welcomes the plan.");
  EXPECT_TRUE(HasStatement(x, "Sun Weiguo", "said"));
  EXPECT_FALSE(HasStatement(x, "Sun Weiguo", "welcomes"));
}

TEST(StatementsTest, TitleReferenceSkipsWhoIsNamedLaterInTheSentence) {
  auto x = testing::ExtractText(
      "Readout\n\nSecretary of State Mila Brandt met today with Nuvian Cabinet Secretary "
      "for Trade Otieno Kamau. The Secretary thanked Cabinet Secretary Kamau for his work.");
  EXPECT_TRUE(testing::HasStatement(x, "Mila Brandt", "thanked"));
  EXPECT_FALSE(testing::HasStatement(x, "Otieno Kamau", "thanked"));
  // "Cabinet" belongs to the title, not to a name.
  ASSERT_NE(testing::FindPerson(x, "Otieno Kamau"), nullptr);
  EXPECT_EQ(testing::FindPerson(x, "Nuvian Cabinet"), nullptr);
}

TEST(RolesTest, PresidedSpokeAttendedCommented) {
  auto x = ExtractText(
      "Work meeting held\n\n"
      "On May 6, the work meeting was held in Jinan. Kong Deli, secretary of the "
      "Provincial Party Committee, presided over the meeting and made a speech. "
      "Fan Yuting and Qiao Ming attended the meeting. Du Shan commented on the "
      "meeting.");
  EXPECT_TRUE(HasRole(x, "Kong Deli", v1::PARTICIPANT_ROLE_PRESIDED));
  EXPECT_TRUE(HasRole(x, "Kong Deli", v1::PARTICIPANT_ROLE_SPOKE));
  EXPECT_TRUE(HasRole(x, "Fan Yuting", v1::PARTICIPANT_ROLE_ATTENDED));
  EXPECT_TRUE(HasRole(x, "Qiao Ming", v1::PARTICIPANT_ROLE_ATTENDED));
  EXPECT_TRUE(HasRole(x, "Du Shan", v1::PARTICIPANT_ROLE_COMMENTED));
  EXPECT_FALSE(HasRole(x, "Fan Yuting", v1::PARTICIPANT_ROLE_PRESIDED));
  for (const auto& p : x.events(0).participants()) {
    EXPECT_FALSE(SpanText(x, p.span()).empty());
  }
}

TEST(RolesTest, MetGivesBothSides) {
  auto x = ExtractText(
      "Mayor meets envoy\n\n"
      "Mayor Qin Hailong met with Elsa Brandt, ambassador of Norway to China, in "
      "Dalian on Tuesday.",
      2021, 6, 10);
  ASSERT_GT(x.events_size(), 0);
  EXPECT_EQ(x.events(0).type(), v1::EVENT_TYPE_TALKS);
  EXPECT_TRUE(HasRole(x, "Qin Hailong", v1::PARTICIPANT_ROLE_MET));
  EXPECT_TRUE(HasRole(x, "Elsa Brandt", v1::PARTICIPANT_ROLE_MET));
}

TEST(RolesTest, TalksAndCallsGiveBothSidesAndParticiplesTheSubject) {
  auto x = testing::ExtractText(
      "Premier holds talks\n\n"
      "Premier Ren Guofu held talks with visiting President Ana Mbeki here on "
      "Monday, pledging closer ties. Mbeki said trade is growing.",
      2024, 3, 5);
  EXPECT_TRUE(testing::HasRole(x, "Ren Guofu", v1::PARTICIPANT_ROLE_MET));
  EXPECT_TRUE(testing::HasRole(x, "Ana Mbeki", v1::PARTICIPANT_ROLE_MET));
  EXPECT_TRUE(testing::HasStatement(x, "Ren Guofu", "pledging"));
  EXPECT_FALSE(testing::HasStatement(x, "Ana Mbeki", "pledging"));
  EXPECT_TRUE(testing::HasStatement(x, "Ana Mbeki", "said"));

  auto present = testing::ExtractText(
      "Meeting\n\nOn May 2, Xu Lan presided over the meeting in Hefei. Also "
      "present at the meeting were Bai Yun and Tang Ke.");
  EXPECT_TRUE(testing::HasRole(present, "Bai Yun", v1::PARTICIPANT_ROLE_ATTENDED));
  EXPECT_TRUE(testing::HasRole(present, "Tang Ke", v1::PARTICIPANT_ROLE_ATTENDED));
  EXPECT_FALSE(testing::HasRole(present, "Xu Lan", v1::PARTICIPANT_ROLE_ATTENDED));

  auto call = testing::ExtractText(
      "Call readout\n\nDeputy Secretary of State Lena Ortiz spoke today with "
      "Foreign Minister Pavel Dusek.");
  EXPECT_EQ(call.events(0).type(), v1::EVENT_TYPE_TALKS);
  EXPECT_TRUE(testing::HasRole(call, "Pavel Dusek", v1::PARTICIPANT_ROLE_MET));

  // Words between "held" and "talks", and "had a video call with".
  auto phone = testing::ExtractText(
      "Leaders talk\n\nPresident Omar Halabi held phone talks with Chancellor Greta Lind "
      "on Friday. Premier Wu Dan had a video call with Prime Minister Ivo Sarn.");
  EXPECT_TRUE(testing::HasRole(phone, "Omar Halabi", v1::PARTICIPANT_ROLE_MET));
  EXPECT_TRUE(testing::HasRole(phone, "Greta Lind", v1::PARTICIPANT_ROLE_MET));
  EXPECT_TRUE(testing::HasRole(phone, "Wu Dan", v1::PARTICIPANT_ROLE_MET));
  EXPECT_TRUE(testing::HasRole(phone, "Ivo Sarn", v1::PARTICIPANT_ROLE_MET));
}

}  // namespace
}  // namespace readout::extractor
