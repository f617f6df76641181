// Roles in the genre's constructions: list predicates ("participated", "in
// attendance"), accompanying, hosting a ceremony, leading a tour,
// discussing with, receiving and welcoming guests, and roles said of other
// events or in an absolute "with" clause that must not land on the main one.
#include <string>

#include "absl/strings/str_cat.h"
#include "extractor-service/engine/discourse.h"
#include "extractor-service/engine/test_util.h"
#include "gtest/gtest.h"

namespace readout::extractor {
namespace {

using testing::ExtractText;
using testing::HasRole;
using testing::HasStatement;

TEST(RolesGenreTest, ListPredicatesGiveEveryListedPersonAttended) {
  auto x = ExtractText(
      "Forum held\n\nOn June 2, Mayor Gao Pei presided over a trade forum. Tan Wei, Fang Yu "
      "and others also participated. Vice Mayor Sun Hao, Consul Ida Berg and Envoy Sam Kole "
      "were among some 40 guests in attendance. Director Bo Rui took part in the forum.",
      2024, 6, 3);
  for (const char* name : {"Tan Wei", "Fang Yu", "Sun Hao", "Ida Berg", "Sam Kole", "Bo Rui"}) {
    EXPECT_TRUE(HasRole(x, name, v1::PARTICIPANT_ROLE_ATTENDED)) << name;
  }
  EXPECT_TRUE(HasRole(x, "Gao Pei", v1::PARTICIPANT_ROLE_PRESIDED));
  EXPECT_FALSE(HasRole(x, "Gao Pei", v1::PARTICIPANT_ROLE_ATTENDED));

  auto part = ExtractText(
      "Forum held\n\nThe forum, held with the participation of Minister Ida Berg, closed on "
      "Monday.",
      2024, 6, 3);
  EXPECT_TRUE(HasRole(part, "Ida Berg", v1::PARTICIPANT_ROLE_ATTENDED));
}

TEST(RolesGenreTest, ThoseAccompanyingAttendInBothOrders) {
  auto x = ExtractText(
      "Governor inspects port\n\nGovernor Hu Ling made an inspection tour of the port on "
      "Friday. Tan Wei and Fang Yu accompanied her on the tour.",
      2024, 6, 3);
  EXPECT_TRUE(HasRole(x, "Tan Wei", v1::PARTICIPANT_ROLE_ATTENDED));
  EXPECT_TRUE(HasRole(x, "Fang Yu", v1::PARTICIPANT_ROLE_ATTENDED));
  auto inverted = ExtractText(
      "Governor inspects port\n\nGovernor Hu Ling made an inspection tour of the port on "
      "Friday. Accompanying Hu Ling on the tour were Tan Wei and Fang Yu.",
      2024, 6, 3);
  EXPECT_TRUE(HasRole(inverted, "Tan Wei", v1::PARTICIPANT_ROLE_ATTENDED));
  EXPECT_TRUE(HasRole(inverted, "Fang Yu", v1::PARTICIPANT_ROLE_ATTENDED));
}

TEST(RolesGenreTest, RemarksAreSpeechAndAHostPresidesOverACeremony) {
  auto x = ExtractText(
      "Ceremony\n\nGovernor Hu Ling hosted a welcome banquet for President Ana Mbeki on "
      "Sunday. Mayor Tan Wei chaired the session and gave remarks.",
      2024, 6, 3);
  EXPECT_TRUE(HasRole(x, "Hu Ling", v1::PARTICIPANT_ROLE_PRESIDED));
  EXPECT_TRUE(HasRole(x, "Ana Mbeki", v1::PARTICIPANT_ROLE_ATTENDED));
  EXPECT_TRUE(HasRole(x, "Tan Wei", v1::PARTICIPANT_ROLE_SPOKE));
  auto held = ExtractText(
      "Ceremony\n\nPremier Gao Pei held a welcome ceremony for President Ivo Sarn on Monday.", 2024,
      6, 3);
  EXPECT_TRUE(HasRole(held, "Gao Pei", v1::PARTICIPANT_ROLE_PRESIDED));
  EXPECT_TRUE(HasRole(held, "Ivo Sarn", v1::PARTICIPANT_ROLE_ATTENDED));
}

TEST(RolesGenreTest, LeadingATourPresides) {
  auto x = ExtractText(
      "Leaders tour county\n\nSecretary Bo Rui and Mayor Tan Wei led county officials to "
      "inspect the dam on Friday.",
      2024, 6, 3);
  EXPECT_TRUE(HasRole(x, "Bo Rui", v1::PARTICIPANT_ROLE_PRESIDED));
  EXPECT_TRUE(HasRole(x, "Tan Wei", v1::PARTICIPANT_ROLE_PRESIDED));
}

TEST(RolesGenreTest, DiscussingExchangingReceivingWelcomingAndCallingOnMeet) {
  auto x = ExtractText(
      "Readout\n\nForeign Minister Ida Berg discussed fisheries with Minister Sam Kole.", 2024, 6,
      3);
  EXPECT_TRUE(HasRole(x, "Ida Berg", v1::PARTICIPANT_ROLE_MET));
  EXPECT_TRUE(HasRole(x, "Sam Kole", v1::PARTICIPANT_ROLE_MET));
  auto views = ExtractText(
      "Readout\n\nMinister Ida Berg and Foreign Minister Sam Kole exchanged views on fisheries.");
  EXPECT_TRUE(HasRole(views, "Ida Berg", v1::PARTICIPANT_ROLE_MET));
  EXPECT_TRUE(HasRole(views, "Sam Kole", v1::PARTICIPANT_ROLE_MET));
  auto received = ExtractText(
      "Readout\n\nChairperson Eva Dahl was received today by Prime Minister Omar Halabi.");
  EXPECT_TRUE(HasRole(received, "Eva Dahl", v1::PARTICIPANT_ROLE_MET));
  EXPECT_TRUE(HasRole(received, "Omar Halabi", v1::PARTICIPANT_ROLE_MET));
  auto welcomed = ExtractText(
      "Readout\n\nSecretary General Eva Dahl welcomed Defence Minister Omar Halabi to the "
      "headquarters on Monday.");
  EXPECT_TRUE(HasRole(welcomed, "Eva Dahl", v1::PARTICIPANT_ROLE_MET));
  EXPECT_TRUE(HasRole(welcomed, "Omar Halabi", v1::PARTICIPANT_ROLE_MET));
  EXPECT_FALSE(HasStatement(welcomed, "Eva Dahl", "welcomed"));
  auto called = ExtractText(
      "Readout\n\nConsul General Sam Kole paid a courtesy visit to Governor Pham Lan on "
      "Friday. Envoy Ida Berg called on Governor Pham Lan as well.");
  EXPECT_TRUE(HasRole(called, "Sam Kole", v1::PARTICIPANT_ROLE_MET));
  EXPECT_TRUE(HasRole(called, "Pham Lan", v1::PARTICIPANT_ROLE_MET));
  EXPECT_TRUE(HasRole(called, "Ida Berg", v1::PARTICIPANT_ROLE_MET));
  auto lunch = ExtractText(
      "Readout\n\nMinister Ida Berg held a meeting over lunch with Secretary Sam Kole.");
  EXPECT_TRUE(HasRole(lunch, "Sam Kole", v1::PARTICIPANT_ROLE_MET));
}

TEST(RolesGenreTest, ChairmanshipAndDelegationMembers) {
  auto x = ExtractText(
      "Committee session\n\nThe committee held its session on Monday under the chairmanship of "
      "Mr. Tan Wei.",
      2024, 6, 3);
  EXPECT_TRUE(HasRole(x, "Tan Wei", v1::PARTICIPANT_ROLE_PRESIDED));
  auto members = ExtractText(
      "Talks held\n\nMinister Ida Berg held talks with Minister Sam Kole on Monday. The "
      "visiting delegation included Consul Eva Dahl and Envoy Omar Halabi.",
      2024, 6, 3);
  EXPECT_TRUE(HasRole(members, "Eva Dahl", v1::PARTICIPANT_ROLE_ATTENDED));
  EXPECT_TRUE(HasRole(members, "Omar Halabi", v1::PARTICIPANT_ROLE_ATTENDED));
}

TEST(RolesGenreTest, AbsoluteWithClauseAttendsAndDoesNotMeet) {
  auto x = ExtractText(
      "Talks\n\nMayor Gao Pei met with Ambassador Sam Kole, with Vice Mayor Tan Wei and "
      "Secretary-General Fang Yu attending the meeting.",
      2024, 6, 3);
  EXPECT_TRUE(HasRole(x, "Sam Kole", v1::PARTICIPANT_ROLE_MET));
  EXPECT_FALSE(HasRole(x, "Sam Kole", v1::PARTICIPANT_ROLE_ATTENDED));
  EXPECT_TRUE(HasRole(x, "Tan Wei", v1::PARTICIPANT_ROLE_ATTENDED));
  EXPECT_FALSE(HasRole(x, "Tan Wei", v1::PARTICIPANT_ROLE_MET));
  EXPECT_TRUE(HasRole(x, "Fang Yu", v1::PARTICIPANT_ROLE_ATTENDED));
  EXPECT_FALSE(HasRole(x, "Fang Yu", v1::PARTICIPANT_ROLE_MET));
}

TEST(RolesGenreTest, RolesOfOtherEventsDoNotLandOnTheMainOne) {
  auto x = ExtractText(
      "Talks\n\nPremier Gao Pei met Sam Kole on Monday, saying the trip showed trust as "
      "President Ida Berg attended the trade fair last year. Gao Pei will deliver a speech "
      "at the expo on Friday.",
      2024, 6, 3);
  EXPECT_TRUE(HasRole(x, "Sam Kole", v1::PARTICIPANT_ROLE_MET));
  EXPECT_FALSE(HasRole(x, "Sam Kole", v1::PARTICIPANT_ROLE_ATTENDED));
  EXPECT_FALSE(HasRole(x, "Ida Berg", v1::PARTICIPANT_ROLE_MET));
  EXPECT_FALSE(HasRole(x, "Ida Berg", v1::PARTICIPANT_ROLE_ATTENDED));
  EXPECT_FALSE(HasRole(x, "Gao Pei", v1::PARTICIPANT_ROLE_SPOKE));
}

TEST(RolesGenreTest, WhoPresidedIsNotAlsoAttendingAtTheMeeting) {
  auto x = ExtractText(
      "Symposium\n\nGovernor Hu Ling presided over the symposium on Monday. At the "
      "symposium, Governor Hu listened to reports from Tan Wei.",
      2024, 6, 3);
  EXPECT_TRUE(HasRole(x, "Hu Ling", v1::PARTICIPANT_ROLE_PRESIDED));
  EXPECT_FALSE(HasRole(x, "Hu Ling", v1::PARTICIPANT_ROLE_ATTENDED));
}

TEST(RolesGenreTest, TheTourLeaderAttendsAndAListAloneMakesAMeeting) {
  auto x = ExtractText(
      "Port news\n\nGovernor Hu Ling made an inspection tour of the port on Friday. Tan Wei "
      "accompanied her.",
      2024, 6, 3);
  EXPECT_TRUE(HasRole(x, "Hu Ling", v1::PARTICIPANT_ROLE_ATTENDED));
  EXPECT_TRUE(HasRole(x, "Tan Wei", v1::PARTICIPANT_ROLE_ATTENDED));
  // No event word anywhere: the attendance itself places people at one.
  auto list = ExtractText("Port news\n\nTan Wei, Fang Yu and others also participated.");
  EXPECT_TRUE(HasRole(list, "Tan Wei", v1::PARTICIPANT_ROLE_ATTENDED));
  EXPECT_TRUE(HasRole(list, "Fang Yu", v1::PARTICIPANT_ROLE_ATTENDED));
}

TEST(RolesGenreTest, ARelativeClauseHasItsAntecedentAsSubject) {
  auto x = ExtractText(
      "Annual meeting\n\nDirector Tan Wei, who acted as chairman, declared the annual "
      "meeting open on Monday.",
      2024, 6, 3);
  EXPECT_TRUE(HasRole(x, "Tan Wei", v1::PARTICIPANT_ROLE_PRESIDED));
  auto talks = ExtractText(
      "Readout\n\nMinister Ida Berg, who was in town for a forum, held talks with Minister "
      "Sam Kole on Monday.",
      2024, 6, 3);
  EXPECT_TRUE(HasRole(talks, "Ida Berg", v1::PARTICIPANT_ROLE_MET));
  EXPECT_TRUE(HasRole(talks, "Sam Kole", v1::PARTICIPANT_ROLE_MET));
}

TEST(RolesGenreTest, ConcludingRemarksAreASpeech) {
  auto x = ExtractText(
      "Work meeting\n\nOn June 2, Secretary Bo Rui presided over a work meeting. Concluding "
      "the meeting, Bo Rui urged the districts to act.",
      2024, 6, 3);
  EXPECT_TRUE(HasRole(x, "Bo Rui", v1::PARTICIPANT_ROLE_SPOKE));
}

TEST(RolesGenreTest, TalksBetweenTwoSidesMeetButNotTalksToCome) {
  auto x = ExtractText(
      "Officials prepare visit\n\nThe consultations between Foreign Secretary Ana Lind and "
      "her counterpart Ivo Sarn were a preparation for the ministers, Spokesman Bo Rui said.",
      2024, 5, 3);
  EXPECT_TRUE(HasRole(x, "Ana Lind", v1::PARTICIPANT_ROLE_MET));
  EXPECT_TRUE(HasRole(x, "Ivo Sarn", v1::PARTICIPANT_ROLE_MET));
  EXPECT_FALSE(HasRole(x, "Bo Rui", v1::PARTICIPANT_ROLE_MET));
  auto later = ExtractText(
      "Call\n\nForeign Minister Ana Lind held phone talks with Minister Sam Kole. Lind said "
      "that the upcoming meeting between President Ivo Sarn and President Tom Reed matters.",
      2024, 5, 3);
  EXPECT_FALSE(HasRole(later, "Ivo Sarn", v1::PARTICIPANT_ROLE_MET));
  EXPECT_FALSE(HasRole(later, "Tom Reed", v1::PARTICIPANT_ROLE_MET));
}

TEST(RolesGenreTest, AnObjectPronounIsThePreviousSentencesPrincipal) {
  auto x = ExtractText(
      "Envoy visits\n\nAmbassador Ivo Sarn came to Wenzhou on Monday. Mayor Gao Pei met "
      "with him at the city hall.",
      2024, 5, 3);
  EXPECT_TRUE(HasRole(x, "Ivo Sarn", v1::PARTICIPANT_ROLE_MET));
  EXPECT_TRUE(HasRole(x, "Gao Pei", v1::PARTICIPANT_ROLE_MET));
}

TEST(RolesGenreTest, AGuestWelcomedAtAHostedBanquetAttendsAndDoesNotMeet) {
  auto x = ExtractText(
      "Banquet\n\nPresident Gao Pei held a banquet at the State Guest House, welcoming "
      "President Ivo Sarn of Ruritania on a state visit.",
      2024, 6, 3);
  EXPECT_TRUE(HasRole(x, "Gao Pei", v1::PARTICIPANT_ROLE_PRESIDED));
  EXPECT_TRUE(HasRole(x, "Ivo Sarn", v1::PARTICIPANT_ROLE_ATTENDED));
  EXPECT_FALSE(HasRole(x, "Ivo Sarn", v1::PARTICIPANT_ROLE_MET));
  // Without a ceremony, welcoming a guest is still meeting him.
  auto plain = ExtractText(
      "Talks\n\nMayor Gao Pei welcomed Envoy Ivo Sarn at the city hall on Monday.", 2024, 6, 3);
  EXPECT_TRUE(HasRole(plain, "Ivo Sarn", v1::PARTICIPANT_ROLE_MET));
}

TEST(RolesGenreTest, TheTwoLeadersAreThePairOfTheFirstRoleSentence) {
  auto x = ExtractText(
      "Banquet\n\nPresident Gao Pei hosted a banquet for President Ivo Sarn on Monday. The two "
      "heads of state respectively delivered a speech at the banquet.",
      2024, 6, 3);
  EXPECT_TRUE(HasRole(x, "Gao Pei", v1::PARTICIPANT_ROLE_SPOKE));
  EXPECT_TRUE(HasRole(x, "Ivo Sarn", v1::PARTICIPANT_ROLE_SPOKE));
  auto both = ExtractText(
      "Meeting\n\nGovernor Hu Ling met Mayor Tan Wei in the provincial capital on Monday. "
      "Both leaders made remarks to the press.",
      2024, 6, 3);
  EXPECT_TRUE(HasRole(both, "Hu Ling", v1::PARTICIPANT_ROLE_SPOKE));
  EXPECT_TRUE(HasRole(both, "Tan Wei", v1::PARTICIPANT_ROLE_SPOKE));
  // Three people in the first role sentence: "the two leaders" is no one
  // the text lets us name.
  auto three = ExtractText(
      "Meeting\n\nGovernor Hu Ling met Mayor Tan Wei and Envoy Sam Kole in the capital on "
      "Monday. The two leaders delivered speeches.",
      2024, 6, 3);
  EXPECT_FALSE(HasRole(three, "Hu Ling", v1::PARTICIPANT_ROLE_SPOKE));
  EXPECT_FALSE(HasRole(three, "Tan Wei", v1::PARTICIPANT_ROLE_SPOKE));
}

TEST(RolesGenreTest, WhoChairsAMeetingWithABodyPresidesAndMeetsNoOne) {
  auto x = ExtractText(
      "Committee at work\n\nThe provincial committee had a working meeting with the trade "
      "board under the chairmanship of Mr. Tran Van Binh, Secretary of the provincial Party "
      "Committee.\n\nConcluding the meeting, Comrade Tran Van Binh asked the board to keep "
      "working.",
      2024, 6, 3);
  EXPECT_TRUE(HasRole(x, "Tran Van Binh", v1::PARTICIPANT_ROLE_PRESIDED));
  EXPECT_TRUE(HasRole(x, "Tran Van Binh", v1::PARTICIPANT_ROLE_SPOKE));
  EXPECT_FALSE(HasRole(x, "Tran Van Binh", v1::PARTICIPANT_ROLE_MET));
  EXPECT_EQ(x.events(0).type(), v1::EVENT_TYPE_MEETING);
  // A meeting with a person nobody chairs stays talks between two sides.
  auto talks = ExtractText(
      "Talks\n\nGovernor Hu Ling had a meeting with Envoy Sam Kole in the capital on Monday.", 2024,
      6, 3);
  EXPECT_TRUE(HasRole(talks, "Sam Kole", v1::PARTICIPANT_ROLE_MET));
  EXPECT_EQ(talks.events(0).type(), v1::EVENT_TYPE_TALKS);
}

TEST(RolesGenreTest, WhoOrganisedTheGatheringPresidesOverIt) {
  auto x = ExtractText(
      "Seminar held\n\nThe trade seminar, organised by Mr Ivo Sarn, opened in the capital on "
      "Monday. The forum was organized by Director Bo Rui and the city.",
      2024, 6, 3);
  EXPECT_TRUE(HasRole(x, "Ivo Sarn", v1::PARTICIPANT_ROLE_PRESIDED));
  EXPECT_TRUE(HasRole(x, "Bo Rui", v1::PARTICIPANT_ROLE_PRESIDED));
  // Organised by a body: no one presides.
  auto body = ExtractText(
      "Seminar held\n\nThe seminar, organised by the trade ministry, opened on Monday. "
      "Director Bo Rui attended.",
      2024, 6, 3);
  EXPECT_FALSE(HasRole(body, "Bo Rui", v1::PARTICIPANT_ROLE_PRESIDED));
}

TEST(RolesGenreTest, ATitleReferenceNeverRunsIntoAName) {
  // "the Hon Paul Durand MP": not "the ... MP" as a reference to the other
  // MP; "the Polish Prime Minister, Jan Nowak," is Nowak, not the Prime
  // Minister named before.
  auto x = ExtractText(
      "Consultations\n\nForeign Secretary Ann Lee MP attended the consultations with Foreign "
      "Minister Mary Hill and Minister for Defence the Hon Paul Durand MP.",
      2024, 6, 3);
  EXPECT_TRUE(HasRole(x, "Paul Durand", v1::PARTICIPANT_ROLE_ATTENDED));
  auto appositive = ExtractText(
      "Dinner\n\nThe Prime Minister, Karel Smit, hosted a dinner for twelve leaders on Monday. "
      "The German Chancellor, Eva Brandt, and the Polish Prime Minister, Jan Nowak, were taking "
      "part in the dinner.",
      2024, 6, 3);
  EXPECT_TRUE(HasRole(appositive, "Jan Nowak", v1::PARTICIPANT_ROLE_ATTENDED));
  EXPECT_FALSE(HasRole(appositive, "Karel Smit", v1::PARTICIPANT_ROLE_ATTENDED));
}

TEST(RolesGenreTest, BriefingAMeetingOnSomethingIsSpeakingToIt) {
  auto x = ExtractText(
      "Council session\n\nHigh Representative Ida Berg chaired the council in Brussels on Monday. "
      "The High Representative debriefed ministers on the talks in Oslo. Minister Sam Kole "
      "briefed the council about the budget.",
      2024, 6, 3);
  EXPECT_TRUE(HasRole(x, "Ida Berg", v1::PARTICIPANT_ROLE_SPOKE));
  EXPECT_TRUE(HasRole(x, "Sam Kole", v1::PARTICIPANT_ROLE_SPOKE));
  // Being briefed is listening.
  auto passive = ExtractText(
      "Council session\n\nHigh Representative Ida Berg chaired the council in Brussels on Monday. "
      "Minister Sam Kole was briefed on the talks.",
      2024, 6, 3);
  EXPECT_FALSE(HasRole(passive, "Sam Kole", v1::PARTICIPANT_ROLE_SPOKE));
}

TEST(RolesGenreTest, SpeakingOrReportingAtTheMeetingIsSpeaking) {
  auto x = ExtractText(
      "Working session\n\nOn May 5, Vice Chairman Pham Van Long chaired a working session of "
      "the health department. Reporting at the session, Director Tran Thi Mai said most "
      "targets were met. Speaking at the meeting, Pham Van Long acknowledged the efforts. "
      "Speaking during the session, Deputy Director Vo Hung noted the shortages.",
      2024, 6, 3);
  EXPECT_TRUE(HasRole(x, "Tran Thi Mai", v1::PARTICIPANT_ROLE_SPOKE));
  EXPECT_TRUE(HasRole(x, "Pham Van Long", v1::PARTICIPANT_ROLE_SPOKE));
  EXPECT_TRUE(HasRole(x, "Vo Hung", v1::PARTICIPANT_ROLE_SPOKE));
  // Speaking to reporters is no speech to the meeting.
  auto press = ExtractText(
      "Working session\n\nOn May 5, Vice Chairman Pham Van Long chaired a working session. "
      "Speaking to reporters afterwards, Director Tran Thi Mai said targets were met.",
      2024, 6, 3);
  EXPECT_FALSE(HasRole(press, "Tran Thi Mai", v1::PARTICIPANT_ROLE_SPOKE));
}

TEST(RolesGenreTest, PresentingAReportIsSpeaking) {
  auto x = ExtractText(
      "Annual General Meeting\n\nThe annual general meeting was chaired by Chairman Lars "
      "Ekdahl on 12 June. Chief Executive Officer Ines Moura presented the annual report.",
      2024, 6, 13);
  EXPECT_TRUE(HasRole(x, "Lars Ekdahl", v1::PARTICIPANT_ROLE_PRESIDED));
  EXPECT_TRUE(HasRole(x, "Ines Moura", v1::PARTICIPANT_ROLE_SPOKE));
  // Presenting an award is not.
  auto award = ExtractText(
      "Annual General Meeting\n\nThe annual general meeting was chaired by Chairman Lars "
      "Ekdahl on 12 June. Director Ines Moura presented an award to the staff.",
      2024, 6, 13);
  EXPECT_FALSE(HasRole(award, "Ines Moura", v1::PARTICIPANT_ROLE_SPOKE));
}

TEST(RolesGenreTest, AGoalThatWasMetIsNoMeeting) {
  // "targets were met" neither gives its clause's subject MET nor starts a
  // second meeting; "was met by" still tells a meeting.
  auto x = ExtractText(
      "Working session\n\nOn May 5, Vice Chairman Pham Van Long chaired a working session of "
      "the health department. Director Tran Thi Mai said most targets were met.",
      2024, 6, 3);
  EXPECT_FALSE(HasRole(x, "Tran Thi Mai", v1::PARTICIPANT_ROLE_MET));
  EXPECT_EQ(x.events_size(), 1);
  auto by = ExtractText(
      "Arrival\n\nEnvoy Sam Kole was met by Mayor Gao Pei at the airport on Monday.", 2024, 6, 3);
  EXPECT_TRUE(HasRole(by, "Gao Pei", v1::PARTICIPANT_ROLE_MET));
}

TEST(RolesGenreTest, ACeremonyBeforeTalksGivesTheGuestNoSecondRole) {
  // The talks are the event; the welcome ceremony before them is a
  // gathering of its own, so the guest only MET.
  auto x = ExtractText(
      "President Gao Pei holds talks with President Ivo Sarn\n\nPresident Gao Pei held talks "
      "with President Ivo Sarn of Ruritania in the capital on Friday. Prior to the talks, Gao "
      "Pei held a welcome ceremony for Ivo Sarn.",
      2024, 6, 3);
  EXPECT_TRUE(HasRole(x, "Ivo Sarn", v1::PARTICIPANT_ROLE_MET));
  EXPECT_FALSE(HasRole(x, "Ivo Sarn", v1::PARTICIPANT_ROLE_ATTENDED));
  // When the ceremony is the event, its guest attends it.
  auto ceremony = ExtractText(
      "Welcome ceremony\n\nPremier Gao Pei held a welcome ceremony for President Ivo Sarn on "
      "Monday.",
      2024, 6, 3);
  EXPECT_TRUE(HasRole(ceremony, "Ivo Sarn", v1::PARTICIPANT_ROLE_ATTENDED));
}

TEST(RolesGenreTest, WelcomingATitledGuestNamedAfterACommaIsMeetingHer) {
  auto x = ExtractText(
      "Secretary General meets Prime Minister\n\nSecretary General Tom Reed welcomed the Prime "
      "Minister of Lusitania, Ms. Ana Costa, to the headquarters on Monday.",
      2024, 6, 3);
  EXPECT_TRUE(HasRole(x, "Ana Costa", v1::PARTICIPANT_ROLE_MET));
  EXPECT_TRUE(HasRole(x, "Tom Reed", v1::PARTICIPANT_ROLE_MET));
  EXPECT_FALSE(HasStatement(x, "Tom Reed", "welcomed"));
  // Welcoming a decision reports it.
  auto decision = ExtractText(
      "Secretary General meets Prime Minister\n\nSecretary General Tom Reed met Prime Minister "
      "Ana Costa on Monday. Reed welcomed the decision of the Government, which was announced "
      "in May.",
      2024, 6, 3);
  EXPECT_TRUE(HasStatement(decision, "Tom Reed", "welcomed"));
}

TEST(RolesGenreTest, InvertedAttendanceAWithClausePresentAndAnAccompanyingAside) {
  auto x = ExtractText(
      "Forum held\n\nMayor Oda Rasmussen chaired the forum on June 2. Also in attendance were "
      "Vice Mayor Keld Hviid and Director Ines Valdez.",
      2024, 6, 3);
  EXPECT_TRUE(HasRole(x, "Keld Hviid", v1::PARTICIPANT_ROLE_ATTENDED));
  EXPECT_TRUE(HasRole(x, "Ines Valdez", v1::PARTICIPANT_ROLE_ATTENDED));
  EXPECT_FALSE(HasRole(x, "Oda Rasmussen", v1::PARTICIPANT_ROLE_ATTENDED));

  auto present = ExtractText(
      "Talks\n\nMinister Oda Rasmussen met with Minister Tariq Aziz on Monday, with "
      "Ambassador Keld Hviid present.",
      2024, 6, 5);
  EXPECT_TRUE(HasRole(present, "Keld Hviid", v1::PARTICIPANT_ROLE_ATTENDED));
  EXPECT_FALSE(HasRole(present, "Keld Hviid", v1::PARTICIPANT_ROLE_MET));
  EXPECT_TRUE(HasRole(present, "Tariq Aziz", v1::PARTICIPANT_ROLE_MET));
  // "present" as a verb gives no role.
  auto verb = ExtractText(
      "Talks\n\nMinister Oda Rasmussen met with Minister Tariq Aziz, with whom she will "
      "present the plan on Friday.",
      2024, 6, 5);
  EXPECT_FALSE(HasRole(verb, "Tariq Aziz", v1::PARTICIPANT_ROLE_ATTENDED));

  // The aside keeps the subject's own role, and its people only attend.
  auto aside = ExtractText(
      "Inspection\n\nGovernor Oda Rasmussen, accompanied by Vice Governor Keld Hviid, "
      "inspected the port on Monday.",
      2024, 6, 5);
  EXPECT_TRUE(HasRole(aside, "Oda Rasmussen", v1::PARTICIPANT_ROLE_ATTENDED));
  EXPECT_TRUE(HasRole(aside, "Keld Hviid", v1::PARTICIPANT_ROLE_ATTENDED));
  auto met = ExtractText(
      "Talks\n\nGovernor Oda Rasmussen, accompanied by Vice Governor Keld Hviid, met "
      "Ambassador Tariq Aziz on Monday.",
      2024, 6, 5);
  EXPECT_TRUE(HasRole(met, "Oda Rasmussen", v1::PARTICIPANT_ROLE_MET));
  EXPECT_TRUE(HasRole(met, "Tariq Aziz", v1::PARTICIPANT_ROLE_MET));
  EXPECT_FALSE(HasRole(met, "Keld Hviid", v1::PARTICIPANT_ROLE_MET));
  EXPECT_FALSE(HasRole(met, "Tariq Aziz", v1::PARTICIPANT_ROLE_ATTENDED));
}

TEST(RolesGenreTest, GivingRemarksIsASpeechNotAStatement) {
  auto x = ExtractText(
      "Meeting\n\nGovernor Oda Rasmussen presided over the meeting. Vice Governor Keld Hviid "
      "gave remarks at the meeting. Director Ines Valdez gave instructions that work must go "
      "on.",
      2024, 6, 5);
  EXPECT_TRUE(HasRole(x, "Keld Hviid", v1::PARTICIPANT_ROLE_SPOKE));
  EXPECT_FALSE(HasStatement(x, "Keld Hviid", "gave"));
  EXPECT_TRUE(HasStatement(x, "Ines Valdez", "gave"));
}

TEST(RolesGenreTest, TheDelegationMetLaterIsItsLeadersAndHerIsAnObject) {
  auto x = ExtractText(
      "Delegation visit\n\nA delegation led by Senator Marta Quiroga arrived in Zhuhai on "
      "Wednesday. Vice Mayor Lin Tao met the delegation at the city hall.",
      2024, 6, 7);
  EXPECT_TRUE(HasRole(x, "Lin Tao", v1::PARTICIPANT_ROLE_MET));
  EXPECT_TRUE(HasRole(x, "Marta Quiroga", v1::PARTICIPANT_ROLE_MET));
  // Without a delegation met, its leader has no part.
  auto no = ExtractText(
      "Delegation visit\n\nA delegation led by Senator Marta Quiroga arrived in Zhuhai on "
      "Wednesday. Vice Mayor Lin Tao met Consul Ivo Brandt at the city hall.",
      2024, 6, 7);
  EXPECT_FALSE(HasRole(no, "Marta Quiroga", v1::PARTICIPANT_ROLE_MET));

  auto her = ExtractText(
      "Talks\n\nMinister Ewa Nowicka arrived in Accra on Friday. Governor Kwame Owusu "
      "received her at the regional office.",
      2024, 6, 8);
  EXPECT_TRUE(HasRole(her, "Kwame Owusu", v1::PARTICIPANT_ROLE_MET));
  EXPECT_TRUE(HasRole(her, "Ewa Nowicka", v1::PARTICIPANT_ROLE_MET));
  // "her delegation" is a possessive, no object.
  auto possessive = ExtractText(
      "Talks\n\nMinister Ewa Nowicka arrived in Accra on Friday. Governor Kwame Owusu "
      "received her delegation's report.",
      2024, 6, 8);
  EXPECT_FALSE(HasRole(possessive, "Ewa Nowicka", v1::PARTICIPANT_ROLE_MET));
}

TEST(RolesGenreTest, AnInterventionIsASpeech) {
  auto x = ExtractText(
      "Ministers' meeting\n\nForeign Minister Ana Lind attended the ministers' meeting in Oslo "
      "on 25 July. Minister Lind made an intervention on regional security. Minister Bo Kell "
      "delivered the keynote at the opening session.",
      2024, 7, 26);
  EXPECT_TRUE(HasRole(x, "Ana Lind", v1::PARTICIPANT_ROLE_SPOKE));
  EXPECT_TRUE(HasRole(x, "Bo Kell", v1::PARTICIPANT_ROLE_SPOKE));
  // Making an offer is no speech.
  auto offer = ExtractText(
      "Ministers' meeting\n\nForeign Minister Ana Lind attended the ministers' meeting in Oslo "
      "on 25 July. Minister Lind made an offer of aid.",
      2024, 7, 26);
  EXPECT_FALSE(HasRole(offer, "Ana Lind", v1::PARTICIPANT_ROLE_SPOKE));
}

// "X hosted Prime Minister Y at the palace": a host meeting a guest, both
// sides of the meeting (as "received"); "hosted the meeting" presides.
TEST(RolesGenreTest, HostOfAGuestMeetsTheGuest) {
  auto x = ExtractText(
      "Talks\n\nPrime Minister Ola Berg hosted President Maria Lopez at the palace on Monday. "
      "The two leaders held talks on trade.",
      2024, 6, 3);
  EXPECT_TRUE(HasRole(x, "Ola Berg", v1::PARTICIPANT_ROLE_MET));
  EXPECT_TRUE(HasRole(x, "Maria Lopez", v1::PARTICIPANT_ROLE_MET));
  EXPECT_FALSE(HasRole(x, "Maria Lopez", v1::PARTICIPANT_ROLE_PRESIDED));
  auto delegation = ExtractText(
      "Talks\n\nMayor Zhou Lin hosted a delegation led by Senator Ana Lind on Monday.", 2024, 6, 3);
  EXPECT_TRUE(HasRole(delegation, "Zhou Lin", v1::PARTICIPANT_ROLE_MET));
  EXPECT_TRUE(HasRole(delegation, "Ana Lind", v1::PARTICIPANT_ROLE_MET));
  auto meeting = ExtractText("Meeting\n\nMayor Tan Wei hosted the meeting on Monday.", 2024, 6, 3);
  EXPECT_TRUE(HasRole(meeting, "Tan Wei", v1::PARTICIPANT_ROLE_PRESIDED));
}

// "led officials on an inspection tour": who leads an inspection attends it
// (FORMAT.md), and so do the named people led.
TEST(RolesGenreTest, LeaderOfAnInspectionAttends) {
  auto x = ExtractText(
      "Inspection\n\nGovernor Hu Ling led a team of officials on an inspection tour of the "
      "port on Monday.",
      2024, 6, 3);
  EXPECT_TRUE(HasRole(x, "Hu Ling", v1::PARTICIPANT_ROLE_ATTENDED));
  auto named = ExtractText(
      "Inspection\n\nMayor Zhou Lin led Ma Qiang and Du Hai on an inspection of flood-control "
      "works on Monday.",
      2024, 6, 3);
  for (const char* name : {"Zhou Lin", "Ma Qiang", "Du Hai"}) {
    EXPECT_TRUE(HasRole(named, name, v1::PARTICIPANT_ROLE_ATTENDED)) << name;
  }
}

// "Attending the meeting were A, B and C": the inverted subjects after
// "were" all attend, not only the first.
TEST(RolesGenreTest, InvertedParticipleGivesEveryListedPersonItsRole) {
  auto x = ExtractText(
      "Meeting\n\nMayor Tan Wei chaired a meeting on Monday. Attending the meeting were Vice "
      "Governor Ma Qiang, Secretary-General Du Hai and Director Wei Dan.",
      2024, 6, 3);
  for (const char* name : {"Ma Qiang", "Du Hai", "Wei Dan"}) {
    EXPECT_TRUE(HasRole(x, name, v1::PARTICIPANT_ROLE_ATTENDED)) << name;
  }
  EXPECT_FALSE(HasRole(x, "Tan Wei", v1::PARTICIPANT_ROLE_ATTENDED));
}

// "co-chaired the summit with Y": both chairs preside.
TEST(RolesGenreTest, CoChairsBothPreside) {
  auto x = ExtractText(
      "Summit held\n\nPresident Maria Lopez co-chaired the summit with Prime Minister Tom Reed "
      "in Lima on Monday.",
      2024, 6, 3);
  EXPECT_TRUE(HasRole(x, "Maria Lopez", v1::PARTICIPANT_ROLE_PRESIDED));
  EXPECT_TRUE(HasRole(x, "Tom Reed", v1::PARTICIPANT_ROLE_PRESIDED));
}

// "presided over by X and attended by Y": a passive "attended by" gives
// the role to who follows "by", never to the presider before it.
TEST(RolesGenreTest, PassiveAttendedByLeavesThePresiderPresiding) {
  auto x = ExtractText(
      "Symposium\n\nThe symposium was presided over by Vice Governor Ma Qiang and attended by "
      "Director Wei Dan.",
      2024, 6, 3);
  EXPECT_TRUE(HasRole(x, "Ma Qiang", v1::PARTICIPANT_ROLE_PRESIDED));
  EXPECT_FALSE(HasRole(x, "Ma Qiang", v1::PARTICIPANT_ROLE_ATTENDED));
  EXPECT_TRUE(HasRole(x, "Wei Dan", v1::PARTICIPANT_ROLE_ATTENDED));
}

// "Those present included A, B and C": a list predicate of attendance.
TEST(RolesGenreTest, ThosePresentIncludedAttend) {
  auto x = ExtractText(
      "Meeting\n\nGovernor Li Ming presided over the meeting. Those present included Vice "
      "Governor Ma Qiang, Secretary-General Wei Dan and Director Fang Ru.",
      2024, 6, 3);
  for (const char* name : {"Ma Qiang", "Wei Dan", "Fang Ru"}) {
    EXPECT_TRUE(HasRole(x, name, v1::PARTICIPANT_ROLE_ATTENDED)) << name;
  }
}

// "Meeting with X in Oslo, Y said ...", "Received by X at the palace, Y
// thanked ...": an opening phrase of a meeting; its subject follows the
// comma, and both sides met.
TEST(RolesGenreTest, OpeningMeetingPhraseGivesItsSubjectAfterTheComma) {
  auto meeting = ExtractText(
      "Talks\n\nMeeting with Ambassador Ana Lind in Oslo on Monday, Foreign Minister Tom Reed "
      "said relations were strong.",
      2024, 6, 3);
  EXPECT_TRUE(HasRole(meeting, "Tom Reed", v1::PARTICIPANT_ROLE_MET));
  EXPECT_TRUE(HasRole(meeting, "Ana Lind", v1::PARTICIPANT_ROLE_MET));
  auto received = ExtractText(
      "Talks\n\nReceived by King Harald V at the palace on Monday, President Maria Lopez "
      "expressed thanks.",
      2024, 6, 3);
  EXPECT_TRUE(HasRole(received, "Maria Lopez", v1::PARTICIPANT_ROLE_MET));
  EXPECT_TRUE(HasRole(received, "Harald V", v1::PARTICIPANT_ROLE_MET));
}

// "paid a courtesy call on Governor X", as "a courtesy visit to".
TEST(RolesGenreTest, CourtesyCallOnAPersonIsAMeeting) {
  auto x = ExtractText(
      "Call\n\nH.E. Mr. Tom Reed, Ambassador of Nuvia, paid a courtesy call on Governor Li Ming "
      "on Monday.",
      2024, 6, 3);
  EXPECT_TRUE(HasRole(x, "Tom Reed", v1::PARTICIPANT_ROLE_MET));
  EXPECT_TRUE(HasRole(x, "Li Ming", v1::PARTICIPANT_ROLE_MET));
}

// "met Y, with A and B present at the meeting": the absolute clause's
// subjects attend, also when a place phrase follows "present".
TEST(RolesGenreTest, PresentAtTheMeetingInAWithClause) {
  auto x = ExtractText(
      "Talks\n\nGovernor Li Ming met with Minister Ana Lind, with Vice Governor Du Hai and "
      "Director Wei Dan present at the meeting.",
      2024, 6, 3);
  EXPECT_TRUE(HasRole(x, "Du Hai", v1::PARTICIPANT_ROLE_ATTENDED));
  EXPECT_TRUE(HasRole(x, "Wei Dan", v1::PARTICIPANT_ROLE_ATTENDED));
  EXPECT_FALSE(HasRole(x, "Du Hai", v1::PARTICIPANT_ROLE_MET));
  EXPECT_TRUE(HasRole(x, "Ana Lind", v1::PARTICIPANT_ROLE_MET));
}

// "was met at the airport by Foreign Minister X": a passive "met" whose
// agent comes a few words on is a meeting of both; "targets were met by the
// end of May" is still a goal reached.
TEST(RolesGenreTest, PassiveMetWithItsAgentFurtherOn) {
  auto x = ExtractText(
      "Arrival\n\nPrime Minister Ana Costa was met at the airport by Foreign Minister Tom Reed "
      "on Monday.",
      2024, 6, 3);
  EXPECT_TRUE(HasRole(x, "Ana Costa", v1::PARTICIPANT_ROLE_MET));
  EXPECT_TRUE(HasRole(x, "Tom Reed", v1::PARTICIPANT_ROLE_MET));
  auto goal = ExtractText(
      "Review\n\nGovernor Li Ming presided over a review on Monday. Most targets of Governor Li "
      "Ming were met by the end of May.",
      2024, 6, 3);
  EXPECT_FALSE(HasRole(goal, "Li Ming", v1::PARTICIPANT_ROLE_MET));
  EXPECT_EQ(goal.events_size(), 1);
}

TEST(RolesGenreTest, InvertedPresentListOpeningTheSentenceAttends) {
  auto x = ExtractText(
      "Governor meets investors\n\nGovernor Kai Lund met with investors in Harbin on Monday. "
      "Present at the meeting were Vice Governor Oda Venn, Director Pia Holm and Mayor Ulf "
      "Sand.",
      2024, 6, 3);
  for (const char* name : {"Oda Venn", "Pia Holm", "Ulf Sand"}) {
    EXPECT_TRUE(HasRole(x, name, v1::PARTICIPANT_ROLE_ATTENDED)) << name;
  }
  EXPECT_FALSE(HasRole(x, "Kai Lund", v1::PARTICIPANT_ROLE_ATTENDED));
}

TEST(RolesGenreTest, SpokeAtTheMeetingIsASpeechNotACall) {
  auto x = ExtractText(
      "Forum held\n\nOn June 2, Governor Kai Lund presided over a forum on farming. Vice "
      "Governor Oda Venn attended the forum. Oda Venn also spoke at the meeting.",
      2024, 6, 3);
  EXPECT_TRUE(HasRole(x, "Oda Venn", v1::PARTICIPANT_ROLE_SPOKE));
  EXPECT_TRUE(HasRole(x, "Kai Lund", v1::PARTICIPANT_ROLE_PRESIDED));
  EXPECT_FALSE(HasRole(x, "Oda Venn", v1::PARTICIPANT_ROLE_MET));
}

TEST(RolesGenreTest, HeldADialogueOrConsultationsIsMeeting) {
  auto x = ExtractText(
      "Ministers hold dialogue\n\nForeign Minister Kai Lund and Foreign Minister Oda Venn "
      "held the fifth strategic dialogue in Oslo on Friday.",
      2024, 6, 3);
  EXPECT_TRUE(HasRole(x, "Kai Lund", v1::PARTICIPANT_ROLE_MET));
  EXPECT_TRUE(HasRole(x, "Oda Venn", v1::PARTICIPANT_ROLE_MET));
  auto c = ExtractText(
      "Ministers consult\n\nMinister Kai Lund held consultations with Minister Oda Venn on "
      "Friday.",
      2024, 6, 3);
  EXPECT_TRUE(HasRole(c, "Kai Lund", v1::PARTICIPANT_ROLE_MET));
  EXPECT_TRUE(HasRole(c, "Oda Venn", v1::PARTICIPANT_ROLE_MET));
}

// Plain "held meetings with" (no "a series of" before it) names no talks:
// the widened reach for "the fifth strategic dialogue" leaves it alone.
TEST(RolesGenreTest, HeldMeetingsWithoutASeriesIsNoTalks) {
  auto x = ExtractText(
      "Minister Visits Harbour City\n\nHARBOUR CITY, March 3 -- Trade Minister Ana Lind held "
      "meetings with port managers on Tuesday. Lind said the port would grow.",
      2024, 6, 3);
  EXPECT_FALSE(HasRole(x, "Ana Lind", v1::PARTICIPANT_ROLE_MET));
  auto s = ExtractText(
      "Minister visits port\n\nTrade Minister Kai Lund held a series of meetings with "
      "Mayor Oda Venn on Tuesday.",
      2024, 6, 3);
  EXPECT_TRUE(HasRole(s, "Oda Venn", v1::PARTICIPANT_ROLE_MET));
}

TEST(RolesGenreTest, AGivenNameLikeAMonthEndsTheListAndTheSentence) {
  auto x = ExtractText(
      "Governor meets investors\n\nGovernor Kai Lund met with investors in Harbin on Monday. "
      "Also present were Vice Governor Oda Venn and Secretary-General Tan Jun. Lund said the "
      "province welcomes them.",
      2024, 6, 3);
  EXPECT_TRUE(HasRole(x, "Tan Jun", v1::PARTICIPANT_ROLE_ATTENDED));
  EXPECT_TRUE(HasStatement(x, "Kai Lund", "said"));
  for (const auto& p : x.people()) {
    if (p.name() != "Kai Lund") continue;
    for (const auto& pos : p.positions()) EXPECT_EQ(pos.title().find("Tan Jun"), std::string::npos);
  }
}

// Whoever puts a paper before the meeting, briefs it, or is heard giving a
// report speaks at it: "presented the strategy", "gave an overview",
// "briefed the members on", "listened to a report by X". The listeners
// get no role from listening.
TEST(RolesGenreTest, PresentingBriefingAndBeingHeardAreSpeaking) {
  auto x = ExtractText(
      "Board meets\n\nChair Oda Venn presided over the board meeting on Monday. Director Kai "
      "Lund presented the growth strategy for the coming year. Treasurer Per Holm gave an "
      "overview of the accounts. Secretary Ida Berg briefed the members on the audit. The "
      "directors listened to a report by Auditor Sam Kole.",
      2024, 6, 5);
  for (const char* name : {"Kai Lund", "Per Holm", "Ida Berg", "Sam Kole"}) {
    EXPECT_TRUE(HasRole(x, name, v1::PARTICIPANT_ROLE_SPOKE)) << name;
  }
  EXPECT_TRUE(HasRole(x, "Oda Venn", v1::PARTICIPANT_ROLE_PRESIDED));
  auto heard = ExtractText(
      "Committee meets\n\nGovernor Oda Venn chaired the committee meeting on Monday. The "
      "meeting heard briefings from Director Kai Lund and Director Per Holm.",
      2024, 6, 5);
  EXPECT_TRUE(HasRole(heard, "Kai Lund", v1::PARTICIPANT_ROLE_SPOKE));
  EXPECT_TRUE(HasRole(heard, "Per Holm", v1::PARTICIPANT_ROLE_SPOKE));
  EXPECT_FALSE(HasRole(heard, "Oda Venn", v1::PARTICIPANT_ROLE_SPOKE));
  // "made a plan" is no speech.
  auto plan = ExtractText(
      "Committee meets\n\nGovernor Oda Venn chaired the committee meeting on Monday. Director "
      "Kai Lund made a plan for the autumn.",
      2024, 6, 5);
  EXPECT_FALSE(HasRole(plan, "Kai Lund", v1::PARTICIPANT_ROLE_SPOKE));
}

// Opening a gathering, or declaring it open or closed, is presiding over
// it; "declared the session open" reports no statement.
TEST(RolesGenreTest, OpeningOrDeclaringTheSessionOpenIsPresiding) {
  auto opened = ExtractText(
      "Assembly sits\n\nSpeaker Oda Venn opened the plenary session on Monday. Deputy "
      "Speaker Kai Lund attended.",
      2024, 6, 5);
  EXPECT_TRUE(HasRole(opened, "Oda Venn", v1::PARTICIPANT_ROLE_PRESIDED));
  EXPECT_TRUE(HasRole(opened, "Kai Lund", v1::PARTICIPANT_ROLE_ATTENDED));
  auto declared = ExtractText(
      "Assembly sits\n\nChairwoman Oda Venn declared the annual general meeting open on "
      "Monday. Director Kai Lund attended.",
      2024, 6, 5);
  EXPECT_TRUE(HasRole(declared, "Oda Venn", v1::PARTICIPANT_ROLE_PRESIDED));
  EXPECT_FALSE(HasStatement(declared, "Oda Venn", "declared"));
  // "opened the door to talks" opens no gathering.
  auto door = ExtractText(
      "Ministers meet\n\nMinister Oda Venn attended the meeting on Monday. Minister Kai Lund "
      "opened the door to talks on trade.",
      2024, 6, 5);
  EXPECT_FALSE(HasRole(door, "Kai Lund", v1::PARTICIPANT_ROLE_PRESIDED));
}

// A credentials ceremony: who receives the credentials hosts it
// (PRESIDED), the envoys named attend it, in both voices of the phrase.
TEST(RolesGenreTest, CredentialsCeremonyHostPresidesEnvoysAttend) {
  auto received = ExtractText(
      "President receives credentials\n\nPresident Oda Venn on Tuesday received the "
      "credentials of Ambassador Kai Lund of Ruritania and Ambassador Per Holm of Freedonia.",
      2024, 6, 5);
  ASSERT_GT(received.events_size(), 0);
  EXPECT_EQ(received.events(0).type(), v1::EVENT_TYPE_CEREMONY);
  EXPECT_TRUE(HasRole(received, "Oda Venn", v1::PARTICIPANT_ROLE_PRESIDED));
  EXPECT_TRUE(HasRole(received, "Kai Lund", v1::PARTICIPANT_ROLE_ATTENDED));
  EXPECT_TRUE(HasRole(received, "Per Holm", v1::PARTICIPANT_ROLE_ATTENDED));
  EXPECT_FALSE(HasRole(received, "Kai Lund", v1::PARTICIPANT_ROLE_MET));
  auto unnamed = ExtractText(
      "President receives envoys\n\nPresident Oda Venn received the credentials of five "
      "ambassadors on Tuesday.",
      2024, 6, 5);
  ASSERT_GT(unnamed.events_size(), 0);
  EXPECT_EQ(unnamed.events(0).type(), v1::EVENT_TYPE_CEREMONY);
  EXPECT_TRUE(HasRole(unnamed, "Oda Venn", v1::PARTICIPANT_ROLE_PRESIDED));
  auto presented = ExtractText(
      "Envoy presents credentials\n\nAmbassador Kai Lund presented his credentials to "
      "President Oda Venn on Tuesday.",
      2024, 6, 5);
  EXPECT_TRUE(HasRole(presented, "Oda Venn", v1::PARTICIPANT_ROLE_PRESIDED));
  EXPECT_TRUE(HasRole(presented, "Kai Lund", v1::PARTICIPANT_ROLE_ATTENDED));
}

// "received today at his office the Minister of X, Y": time and place
// phrases between the verb and its guest leave a meeting of both sides.
TEST(RolesGenreTest, ReceivedAfterTimeAndPlacePhrases) {
  auto x = ExtractText(
      "Chairperson receives minister\n\nThe Chairperson of the Commission, Oda Venn, received "
      "today at her office the Minister of Trade of Ruritania, Kai Lund.",
      2024, 6, 5);
  ASSERT_GT(x.events_size(), 0);
  EXPECT_EQ(x.events(0).type(), v1::EVENT_TYPE_TALKS);
  EXPECT_TRUE(HasRole(x, "Oda Venn", v1::PARTICIPANT_ROLE_MET));
  EXPECT_TRUE(HasRole(x, "Kai Lund", v1::PARTICIPANT_ROLE_MET));
  // "received support from": no guest after the phrase.
  auto support = ExtractText(
      "Mayor thanks donors\n\nMayor Oda Venn received support from Director Kai Lund.", 2024, 6, 5);
  EXPECT_FALSE(HasRole(support, "Kai Lund", v1::PARTICIPANT_ROLE_MET));
}

// Evidence to a hearing is a speech: "gave evidence", "testified".
TEST(RolesGenreTest, EvidenceToAHearingIsSpeaking) {
  auto x = ExtractText(
      "Committee hears minister\n\nThe committee held a hearing on Wednesday, chaired by "
      "Chair Oda Venn. Minister Kai Lund gave evidence. Director Per Holm testified before the "
      "committee.",
      2024, 6, 5);
  EXPECT_TRUE(HasRole(x, "Kai Lund", v1::PARTICIPANT_ROLE_SPOKE));
  EXPECT_TRUE(HasRole(x, "Per Holm", v1::PARTICIPANT_ROLE_SPOKE));
  EXPECT_FALSE(HasStatement(x, "Kai Lund", "gave"));
  auto took = ExtractText(
      "Committee session\n\nThe Treasury Committee took evidence from Governor Zhang Wei on "
      "Tuesday. The session was chaired by Committee Chair Liu Fang.",
      2024, 6, 5);
  EXPECT_TRUE(HasRole(took, "Zhang Wei", v1::PARTICIPANT_ROLE_SPOKE));
  EXPECT_TRUE(HasRole(took, "Liu Fang", v1::PARTICIPANT_ROLE_PRESIDED));
}

// A board meeting whose headline gives its outcome (an appointment): the
// meeting is the event, so its chair, speakers and those attending by
// video link keep their roles.
TEST(RolesGenreTest, BoardMeetingBehindAnAppointmentHeadline) {
  auto x = ExtractText(
      "Board appoints new Chief Executive\n\nThe Board of Directors met on 12 March 2024 "
      "under the chairmanship of Chair Oda Venn. The Board appointed Kai Lund as Chief "
      "Executive Officer. Outgoing Chief Executive Per Holm presented the results for 2023. "
      "Board members Ida Berg and Sam Kole attended by video link.",
      2024, 3, 13);
  ASSERT_GT(x.events_size(), 0);
  EXPECT_EQ(x.events(0).type(), v1::EVENT_TYPE_MEETING);
  EXPECT_TRUE(HasRole(x, "Oda Venn", v1::PARTICIPANT_ROLE_PRESIDED));
  EXPECT_TRUE(HasRole(x, "Per Holm", v1::PARTICIPANT_ROLE_SPOKE));
  EXPECT_TRUE(HasRole(x, "Ida Berg", v1::PARTICIPANT_ROLE_ATTENDED));
  EXPECT_TRUE(HasRole(x, "Sam Kole", v1::PARTICIPANT_ROLE_ATTENDED));
  // A plain appointment stays one, with no roles.
  auto plain = ExtractText(
      "Board appoints new Chief Executive\n\nThe Board of Directors appointed Kai Lund as "
      "Chief Executive Officer.",
      2024, 3, 13);
  ASSERT_GT(plain.events_size(), 0);
  EXPECT_EQ(plain.events(0).type(), v1::EVENT_TYPE_OTHER);
}

// "opened the Fifth West Africa Investment Conference": a gathering's own
// name before its head noun.
TEST(RolesGenreTest, OpeningANamedConferenceIsPresiding) {
  auto x = ExtractText(
      "Conference opens\n\nVice President Oda Venn on Tuesday opened the Fifth Northern "
      "Coast Investment Conference in Tromsdal. Minister Kai Lund delivered the keynote "
      "address.",
      2024, 3, 8);
  EXPECT_TRUE(HasRole(x, "Oda Venn", v1::PARTICIPANT_ROLE_PRESIDED));
  EXPECT_TRUE(HasRole(x, "Kai Lund", v1::PARTICIPANT_ROLE_SPOKE));
}

// Passive role verbs: "was chaired by X and attended by Y" (X presides,
// Y attends, not both), "was opened by X" and "moderated by X" (X
// presides, also when X is quoted), "speeches were delivered by A and B".
TEST(RolesGenreTest, PassiveOpeningModeratingAndDelivering) {
  auto chain = ExtractText(
      "Meeting held\n\nThe meeting was chaired by Minister Oda Venn and attended by Director "
      "Kai Lund and Director Per Holm.",
      2024, 3, 8);
  EXPECT_TRUE(HasRole(chain, "Oda Venn", v1::PARTICIPANT_ROLE_PRESIDED));
  EXPECT_FALSE(HasRole(chain, "Kai Lund", v1::PARTICIPANT_ROLE_PRESIDED));
  EXPECT_FALSE(HasRole(chain, "Per Holm", v1::PARTICIPANT_ROLE_PRESIDED));
  EXPECT_TRUE(HasRole(chain, "Per Holm", v1::PARTICIPANT_ROLE_ATTENDED));
  auto opened = ExtractText(
      "Forum opens\n\nThe forum was opened by Vice President Oda Venn, who welcomed the "
      "delegates. Keynote speeches were delivered by Minister Kai Lund and Governor Per Holm. "
      "Director Ida Berg then took the floor. The panel was moderated by Professor Sam Kole.",
      2024, 3, 8);
  EXPECT_TRUE(HasRole(opened, "Oda Venn", v1::PARTICIPANT_ROLE_PRESIDED));
  EXPECT_TRUE(HasRole(opened, "Kai Lund", v1::PARTICIPANT_ROLE_SPOKE));
  EXPECT_TRUE(HasRole(opened, "Per Holm", v1::PARTICIPANT_ROLE_SPOKE));
  EXPECT_TRUE(HasRole(opened, "Ida Berg", v1::PARTICIPANT_ROLE_SPOKE));
  EXPECT_TRUE(HasRole(opened, "Sam Kole", v1::PARTICIPANT_ROLE_PRESIDED));
}

// A group met or received, named in the next sentence: "The ambassadors
// were A, B and C" gives each the group's part (MET, or ATTENDED at a
// credentials ceremony); an unrelated "The winners were" does not.
TEST(RolesGenreTest, AGroupNamedInTheNextSentence) {
  auto met = ExtractText(
      "President meets envoys\n\nPresident Oda Venn met with the ambassadors of three "
      "countries on Monday. The ambassadors were Ambassador Kai Lund of Ruritania, Ambassador "
      "Per Holm of Freedonia and Ambassador Ida Berg of Sylvania.",
      2024, 3, 8);
  for (const char* name : {"Kai Lund", "Per Holm", "Ida Berg"}) {
    EXPECT_TRUE(HasRole(met, name, v1::PARTICIPANT_ROLE_MET)) << name;
  }
  auto credentials = ExtractText(
      "President receives credentials\n\nPresident Oda Venn received the credentials of "
      "three new ambassadors on Monday. The ambassadors were Ambassador Kai Lund of Ruritania "
      "and Ambassador Per Holm of Freedonia.",
      2024, 3, 8);
  EXPECT_TRUE(HasRole(credentials, "Kai Lund", v1::PARTICIPANT_ROLE_ATTENDED));
  EXPECT_FALSE(HasRole(credentials, "Kai Lund", v1::PARTICIPANT_ROLE_MET));
  auto other = ExtractText(
      "President meets envoys\n\nPresident Oda Venn met with the ambassadors of three "
      "countries on Monday. The winners were Director Kai Lund and Director Per Holm.",
      2024, 3, 8);
  EXPECT_FALSE(HasRole(other, "Kai Lund", v1::PARTICIPANT_ROLE_MET));
}

// Roles inside reported content set in another time belong to another
// event: "recalled that he had chaired ..., which was attended by Y",
// "said that Y would attend"; "advised that Y was also present" speaks of
// this meeting.
TEST(RolesGenreTest, RolesReportedOfAnotherTimeAreNotTheMainEvents) {
  auto past = ExtractText(
      "Premier chairs council\n\nPremier Oda Venn chaired the council meeting on Monday. Oda "
      "Venn recalled that she had chaired the joint commission in 2019, which was attended by "
      "Minister Per Holm.",
      2024, 3, 8);
  EXPECT_TRUE(HasRole(past, "Oda Venn", v1::PARTICIPANT_ROLE_PRESIDED));
  EXPECT_FALSE(HasRole(past, "Per Holm", v1::PARTICIPANT_ROLE_ATTENDED));
  auto future = ExtractText(
      "Premier chairs council\n\nPremier Oda Venn chaired the council meeting on Monday. She "
      "said that Minister Per Holm would attend the fair in May.",
      2024, 3, 8);
  EXPECT_FALSE(HasRole(future, "Per Holm", v1::PARTICIPANT_ROLE_ATTENDED));
  auto present = ExtractText(
      "Meeting held\n\nChair Oda Venn opened the annual general meeting on Monday. The Chair "
      "advised that Treasurer Per Holm was also present.",
      2024, 3, 8);
  EXPECT_TRUE(HasRole(present, "Per Holm", v1::PARTICIPANT_ROLE_ATTENDED));
}

// An honours ceremony: who hands the honours over presides, the
// recipients named attend ("presented state awards to ten scientists,
// including X", "to award medals to A and B"); "spoke on behalf of the
// laureates" is a speech.
TEST(RolesGenreTest, HonoursCeremonyPresenterPresidesRecipientsAttend) {
  auto x = ExtractText(
      "President honours scientists\n\nPresident Oda Venn presented state awards to ten "
      "scientists, including Director Zhang Wei, on Tuesday. Professor Liu Fang spoke on behalf "
      "of the laureates.",
      2024, 3, 8);
  ASSERT_GT(x.events_size(), 0);
  EXPECT_EQ(x.events(0).type(), v1::EVENT_TYPE_CEREMONY);
  EXPECT_TRUE(HasRole(x, "Oda Venn", v1::PARTICIPANT_ROLE_PRESIDED));
  EXPECT_TRUE(HasRole(x, "Zhang Wei", v1::PARTICIPANT_ROLE_ATTENDED));
  EXPECT_TRUE(HasRole(x, "Liu Fang", v1::PARTICIPANT_ROLE_SPOKE));
  auto infinitive = ExtractText(
      "President honours veterans\n\nPresident Oda Venn presided over a ceremony on Tuesday "
      "to award medals to veterans, including Director Zhang Wei and Professor Liu Fang.",
      2024, 3, 8);
  EXPECT_TRUE(HasRole(infinitive, "Oda Venn", v1::PARTICIPANT_ROLE_PRESIDED));
  EXPECT_TRUE(HasRole(infinitive, "Zhang Wei", v1::PARTICIPANT_ROLE_ATTENDED));
  EXPECT_TRUE(HasRole(infinitive, "Liu Fang", v1::PARTICIPANT_ROLE_ATTENDED));
}

// "chaired a video conference with provincial governors, including X and
// Y": those the chair meets with attend; "a working session between A and
// B" is a meeting of both sides.
TEST(RolesGenreTest, ChairedWithAttendeesAndSessionsBetweenTwoSides) {
  auto chaired = ExtractText(
      "Minister holds video conference\n\nMinister Oda Venn on Tuesday chaired a video "
      "conference with provincial governors, including Governor Zhang Wei and Governor Liu "
      "Fang.",
      2024, 3, 8);
  EXPECT_TRUE(HasRole(chaired, "Oda Venn", v1::PARTICIPANT_ROLE_PRESIDED));
  EXPECT_TRUE(HasRole(chaired, "Zhang Wei", v1::PARTICIPANT_ROLE_ATTENDED));
  EXPECT_TRUE(HasRole(chaired, "Liu Fang", v1::PARTICIPANT_ROLE_ATTENDED));
  auto between = ExtractText(
      "Ministers work together\n\nA working session between Minister Oda Venn and Minister "
      "Kai Lund took place in Kestrel on Tuesday.",
      2024, 3, 8);
  EXPECT_TRUE(HasRole(between, "Oda Venn", v1::PARTICIPANT_ROLE_MET));
  EXPECT_TRUE(HasRole(between, "Kai Lund", v1::PARTICIPANT_ROLE_MET));
}

// Minutes list who was there under a label: "Present: A (Chair), B, C",
// "In attendance: D". Each attends; the one marked as chair presides.
TEST(RolesGenreTest, MinutesAttendanceLabels) {
  auto x = ExtractText(
      "Minutes of the Board meeting held on 4 March 2024\n\nPresent: Zhang Wei (Chair), Liu "
      "Fang, Wang Tao\n\nIn attendance: Chen Jie (Secretary)\n\nThe meeting opened at 10 "
      "a.m. Liu Fang presented the financial report.",
      2024, 3, 5);
  EXPECT_TRUE(HasRole(x, "Zhang Wei", v1::PARTICIPANT_ROLE_PRESIDED));
  EXPECT_FALSE(HasRole(x, "Zhang Wei", v1::PARTICIPANT_ROLE_ATTENDED));
  EXPECT_TRUE(HasRole(x, "Liu Fang", v1::PARTICIPANT_ROLE_ATTENDED));
  EXPECT_TRUE(HasRole(x, "Wang Tao", v1::PARTICIPANT_ROLE_ATTENDED));
  EXPECT_TRUE(HasRole(x, "Chen Jie", v1::PARTICIPANT_ROLE_ATTENDED));
  EXPECT_TRUE(HasRole(x, "Liu Fang", v1::PARTICIPANT_ROLE_SPOKE));
}

// "Zhang and Liu attended a signing ceremony after the talks": a ceremony
// of its own gives no part in the talks; "had met Liu in Geneva last
// year" places an earlier meeting, not this one.
TEST(RolesGenreTest, ACeremonyAfterTalksAndAnEarlierMeetingStayApart) {
  auto x = ExtractText(
      "Premier meets President\n\nPremier Zhang Wei met with President Liu Fang on Monday. "
      "Zhang and Liu attended a signing ceremony after the talks. Zhang said he had met Liu in "
      "Geneva last year.",
      2024, 3, 8);
  ASSERT_GT(x.events_size(), 0);
  EXPECT_TRUE(HasRole(x, "Zhang Wei", v1::PARTICIPANT_ROLE_MET));
  EXPECT_FALSE(HasRole(x, "Zhang Wei", v1::PARTICIPANT_ROLE_ATTENDED));
  EXPECT_FALSE(HasRole(x, "Liu Fang", v1::PARTICIPANT_ROLE_ATTENDED));
  EXPECT_EQ(x.events(0).location().name(), "");
}

// "X met a delegation from Y. The delegation was headed by Z": the leader
// named after the meeting was met; a delegation named with no meeting
// before gives its leader no part.
TEST(RolesGenreTest, DelegationLeaderNamedAfterTheMeeting) {
  auto x = ExtractText(
      "Vice Chairman meets delegation\n\nVice Chairman Zhang Wei met a delegation from "
      "Ruritania in Beijing on Monday. The delegation was headed by Speaker Liu Fang.",
      2024, 3, 8);
  EXPECT_TRUE(HasRole(x, "Zhang Wei", v1::PARTICIPANT_ROLE_MET));
  EXPECT_TRUE(HasRole(x, "Liu Fang", v1::PARTICIPANT_ROLE_MET));
  auto none = ExtractText(
      "Vice Chairman presides\n\nVice Chairman Zhang Wei presided over a meeting in Beijing "
      "on Monday. A delegation to Ruritania was headed by Speaker Liu Fang last year.",
      2024, 3, 8);
  EXPECT_FALSE(HasRole(none, "Liu Fang", v1::PARTICIPANT_ROLE_MET));
}

// Members of a sitting who vote take part in it (ATTENDED); one who
// questions a minister takes the floor (SPOKE). A passive "was questioned"
// gives no role.
TEST(RolesGenreTest, VotingAndQuestioningMembers) {
  auto x = ExtractText(
      "Council votes on budget\n\nMayor Ida Varga presided over the council session on "
      "Monday. Councillors Tom Reed and Kai Moss voted against the budget. Councillor Ebba "
      "Strand questioned the Mayor about housing. Councillor Ana Lind abstained.");
  EXPECT_TRUE(HasRole(x, "Ida Varga", v1::PARTICIPANT_ROLE_PRESIDED));
  EXPECT_TRUE(HasRole(x, "Tom Reed", v1::PARTICIPANT_ROLE_ATTENDED));
  EXPECT_TRUE(HasRole(x, "Kai Moss", v1::PARTICIPANT_ROLE_ATTENDED));
  EXPECT_TRUE(HasRole(x, "Ebba Strand", v1::PARTICIPANT_ROLE_SPOKE));
  EXPECT_TRUE(HasRole(x, "Ana Lind", v1::PARTICIPANT_ROLE_ATTENDED));
  auto passive = ExtractText(
      "Hearing\n\nMayor Ida Varga chaired the hearing on Monday. Tom Reed was questioned by "
      "the panel.");
  EXPECT_FALSE(HasRole(passive, "Tom Reed", v1::PARTICIPANT_ROLE_SPOKE));
}

// "spoke against the plan", "spoke on the budget": an address to the
// sitting (SPOKE); "spoke on the phone with" stays a call (MET). "briefed
// the council" is a report to it (SPOKE).
TEST(RolesGenreTest, SpeakingForOrAgainstAndBriefingTheBody) {
  auto x = ExtractText(
      "Council debate\n\nMayor Ida Varga chaired the council session on Monday. Tom Reed spoke "
      "against the plan. Kai Moss spoke on the budget. Ana Lind briefed the council.");
  EXPECT_TRUE(HasRole(x, "Tom Reed", v1::PARTICIPANT_ROLE_SPOKE));
  EXPECT_TRUE(HasRole(x, "Kai Moss", v1::PARTICIPANT_ROLE_SPOKE));
  EXPECT_TRUE(HasRole(x, "Ana Lind", v1::PARTICIPANT_ROLE_SPOKE));
  auto call = ExtractText(
      "Call\n\nPrime Minister Ida Varga spoke on the phone with President Tom Reed on Monday.");
  EXPECT_TRUE(HasRole(call, "Tom Reed", v1::PARTICIPANT_ROLE_MET));
  EXPECT_FALSE(HasRole(call, "Ida Varga", v1::PARTICIPANT_ROLE_SPOKE));
}

// "The two mayors held talks" after a sentence with no meeting: the two
// people last named whose titles end in "Mayor" met. With one mayor named,
// no one is.
TEST(RolesGenreTest, TheTwoMayorsAreTheTwoOfThatTitle) {
  auto x = ExtractText(
      "Mayors hold talks\n\nMayor Ida Varga of Ningbo and Mayor Tom Reed of Lund arrived in "
      "Ningbo on Friday. The two mayors held talks on trade.",
      2024, 6, 3);
  EXPECT_TRUE(HasRole(x, "Ida Varga", v1::PARTICIPANT_ROLE_MET));
  EXPECT_TRUE(HasRole(x, "Tom Reed", v1::PARTICIPANT_ROLE_MET));
  auto one = ExtractText(
      "Talks\n\nMayor Ida Varga and Governor Tom Reed arrived in Ningbo on Friday. The two "
      "mayors held talks on trade.",
      2024, 6, 3);
  EXPECT_FALSE(HasRole(one, "Tom Reed", v1::PARTICIPANT_ROLE_MET));
}

// "X swore in the new judges": who administers the oath presides; "Y was
// sworn in" attends.
TEST(RolesGenreTest, SwearingInCeremony) {
  auto x = ExtractText(
      "Judges sworn in\n\nChief Justice Ida Varga on Monday swore in five new judges at a "
      "ceremony in Abuja. Justice Tom Reed was sworn in as president of the appeal court.",
      2024, 6, 5);
  EXPECT_TRUE(HasRole(x, "Ida Varga", v1::PARTICIPANT_ROLE_PRESIDED));
  EXPECT_TRUE(HasRole(x, "Tom Reed", v1::PARTICIPANT_ROLE_ATTENDED));
  EXPECT_FALSE(HasRole(x, "Tom Reed", v1::PARTICIPANT_ROLE_PRESIDED));
}

// "X administered the oath (of office) to A, B and C" and "X swore in A and
// B": who gives the oath presides, everyone who takes it attends; an
// "administered" that gives no oath gives no role.
TEST(RolesGenreTest, WhoGivesTheOathPresidesAndWhoTakesItAttends) {
  auto x = ExtractText(
      "Judges take office\n\nChief Justice Ida Varga administered the oath of office to Judge "
      "Tom Reed, Judge Mira Kant and Judge Olu Bassey at the court on Monday.",
      2024, 6, 5);
  EXPECT_TRUE(HasRole(x, "Ida Varga", v1::PARTICIPANT_ROLE_PRESIDED));
  for (const char* name : {"Tom Reed", "Mira Kant", "Olu Bassey"}) {
    EXPECT_TRUE(HasRole(x, name, v1::PARTICIPANT_ROLE_ATTENDED)) << name;
    EXPECT_FALSE(HasRole(x, name, v1::PARTICIPANT_ROLE_PRESIDED)) << name;
  }
  EXPECT_FALSE(HasRole(x, "Ida Varga", v1::PARTICIPANT_ROLE_ATTENDED));

  auto swore = ExtractText(
      "Judges take office\n\nChief Justice Ida Varga swore in Judge Tom Reed and Judge Mira "
      "Kant at the court on Monday.",
      2024, 6, 5);
  EXPECT_TRUE(HasRole(swore, "Ida Varga", v1::PARTICIPANT_ROLE_PRESIDED));
  EXPECT_TRUE(HasRole(swore, "Tom Reed", v1::PARTICIPANT_ROLE_ATTENDED));
  EXPECT_TRUE(HasRole(swore, "Mira Kant", v1::PARTICIPANT_ROLE_ATTENDED));

  // A fund or a test administered to someone is no oath.
  auto fund = ExtractText(
      "Fund\n\nMinister Ida Varga administered the relief fund to Mayor Tom Reed on Monday.", 2024,
      6, 5);
  EXPECT_FALSE(HasRole(fund, "Ida Varga", v1::PARTICIPANT_ROLE_PRESIDED));
  EXPECT_FALSE(HasRole(fund, "Tom Reed", v1::PARTICIPANT_ROLE_ATTENDED));
}

// "In his opening address, X said ...": X spoke at the event whatever its
// type (here a council's meeting); a letter is written, not spoken.
TEST(RolesGenreTest, InHisOpeningAddressSpeaksAtAnyEvent) {
  auto x = ExtractText(
      "Council meets\n\nThe regional council met in Lisbon on Monday. In her opening address, "
      "Governor Ana Costa said the region must invest.",
      2024, 6, 5);
  ASSERT_GT(x.events_size(), 0);
  EXPECT_EQ(x.events(0).type(), v1::EVENT_TYPE_MEETING);
  EXPECT_TRUE(HasRole(x, "Ana Costa", v1::PARTICIPANT_ROLE_SPOKE));

  auto keynote = ExtractText(
      "Council meets\n\nThe regional council met in Lisbon on Monday. In his keynote speech, "
      "Mayor Tom Reed stressed that ties matter.",
      2024, 6, 5);
  EXPECT_TRUE(HasRole(keynote, "Tom Reed", v1::PARTICIPANT_ROLE_SPOKE));

  auto letter = ExtractText(
      "Council meets\n\nThe regional council met in Lisbon on Monday. In her letter, Governor "
      "Ana Costa said the region must invest.",
      2024, 6, 5);
  EXPECT_FALSE(HasRole(letter, "Ana Costa", v1::PARTICIPANT_ROLE_SPOKE));
}

// "received the Special Envoy of the United Nations for the Great Lakes,
// Y,": the guest is the one named after the long title set off before the
// name; both sides met.
TEST(RolesGenreTest, ReceivedALongTitleSetOffBeforeTheName) {
  auto x = ExtractText(
      "Chairperson receives envoy\n\nThe Chairperson of the Commission, Ida Varga, on Friday "
      "received the Special Envoy of the United Nations for the Great Lakes, Tom Reed, at the "
      "headquarters.",
      2024, 3, 9);
  ASSERT_GT(x.events_size(), 0);
  EXPECT_EQ(x.events(0).type(), v1::EVENT_TYPE_TALKS);
  EXPECT_TRUE(HasRole(x, "Ida Varga", v1::PARTICIPANT_ROLE_MET));
  EXPECT_TRUE(HasRole(x, "Tom Reed", v1::PARTICIPANT_ROLE_MET));
}

// "The Prime Minister, Dr. X, chaired": the name set off after a form of
// address says who the title is, so the title is no reference to another
// minister named later.
TEST(RolesGenreTest, TitleSetOffBeforeAnAddressedName) {
  auto x = ExtractText(
      "Meeting\n\nThe Prime Minister, Dr. Ida Varga, chaired a meeting in Oslo today. Home "
      "Minister Tom Reed made a presentation.",
      2024, 11, 14);
  EXPECT_TRUE(HasRole(x, "Ida Varga", v1::PARTICIPANT_ROLE_PRESIDED));
  EXPECT_TRUE(HasRole(x, "Tom Reed", v1::PARTICIPANT_ROLE_SPOKE));
  EXPECT_FALSE(HasRole(x, "Tom Reed", v1::PARTICIPANT_ROLE_PRESIDED));
}

// "paid a courtesy call on the Governor of the Region, X,": the host named
// after the title set off before the name; both sides met.
TEST(RolesGenreTest, CourtesyCallOnATitleSetOffBeforeTheName) {
  auto x = ExtractText(
      "Courtesy call\n\nAmbassador Ida Varga paid a courtesy call on the Governor of the Central "
      "Region, Tom Reed, on Monday.",
      2024, 6, 5);
  EXPECT_TRUE(HasRole(x, "Ida Varga", v1::PARTICIPANT_ROLE_MET));
  EXPECT_TRUE(HasRole(x, "Tom Reed", v1::PARTICIPANT_ROLE_MET));
}

// "spoke on condition of anonymity", "spoke on state television": no
// address to the sitting the lead tells; "spoke on the draft law" is one.
TEST(RolesGenreTest, SpokeOnConditionOfAnonymityOrOnTelevisionIsNoAddress) {
  auto x = ExtractText(
      "Parliament sitting\n\nSpeaker Ida Varga presided over the sitting of parliament on "
      "Monday. Deputy Tom Reed spoke on condition of anonymity. Minister Kai Lund spoke on state "
      "television. Deputy Ana Costa spoke on the draft law.",
      2026, 3, 4);
  EXPECT_FALSE(HasRole(x, "Tom Reed", v1::PARTICIPANT_ROLE_SPOKE));
  EXPECT_FALSE(HasRole(x, "Kai Lund", v1::PARTICIPANT_ROLE_SPOKE));
  EXPECT_TRUE(HasRole(x, "Ana Costa", v1::PARTICIPANT_ROLE_SPOKE));
}

// "spoke to reporters on condition of anonymity", "talked to journalists":
// a word to the press is no part in the sitting and no call; "spoke to the
// council" addresses it, "spoke to the Prime Minister" is a call.
TEST(RolesGenreTest, SpokeToThePressIsNoRoleSpokeToTheCouncilIsAnAddress) {
  auto x = ExtractText(
      "Council sitting\n\nMayor Ida Varga chaired the sitting of the city council on Monday. "
      "Councillor Tom Reed spoke to reporters on condition of anonymity. Councillor Kai Lund "
      "talked to journalists after the vote. Councillor Ana Costa spoke to the council about "
      "the budget.",
      2026, 3, 4);
  for (const char* name : {"Tom Reed", "Kai Lund"}) {
    EXPECT_FALSE(HasRole(x, name, v1::PARTICIPANT_ROLE_SPOKE)) << name;
    EXPECT_FALSE(HasRole(x, name, v1::PARTICIPANT_ROLE_MET)) << name;
  }
  EXPECT_TRUE(HasRole(x, "Ana Costa", v1::PARTICIPANT_ROLE_SPOKE));
  EXPECT_FALSE(HasRole(x, "Ana Costa", v1::PARTICIPANT_ROLE_MET));

  auto y = ExtractText(
      "Call\n\nForeign Minister Ida Varga spoke to Prime Minister Tom Reed on Monday.", 2026, 3, 4);
  EXPECT_TRUE(HasRole(y, "Ida Varga", v1::PARTICIPANT_ROLE_MET));
  EXPECT_TRUE(HasRole(y, "Tom Reed", v1::PARTICIPANT_ROLE_MET));
}

// "spoke to the Senate", "spoke to the council about the budget" in the
// lead: an address to a sitting, whatever its case, is no call, and its
// speaker keeps SPOKE in the event.
TEST(RolesGenreTest, SpokeToASittingInTheLeadKeepsTheSpeaker) {
  for (const char* text : {"Minister Tom Reed spoke to the Senate on Monday.",
                           "Minister Tom Reed spoke to Parliament on Monday.",
                           "Minister Tom Reed spoke to the Council about the budget on Monday.",
                           "Minister Tom Reed spoke to the council about the budget on Monday."}) {
    auto x = ExtractText(std::string("Budget\n\n") + text, 2026, 3, 10);
    EXPECT_TRUE(HasRole(x, "Tom Reed", v1::PARTICIPANT_ROLE_SPOKE)) << text;
    EXPECT_FALSE(HasRole(x, "Tom Reed", v1::PARTICIPANT_ROLE_MET)) << text;
  }
}

// "spoke to Zelensky by phone", "spoke to Ana Costa's office": a capitalized
// word after "spoke to" is a medium only when it reads as one (an acronym,
// a known agency, a run ending in "Radio" or "Times"); a call "by phone" or
// "talks with" later in the clause is never a word to the press.
TEST(RolesGenreTest, SpokeToACapitalizedPersonIsACallNotAMedium) {
  for (const char* text : {"Minister Tom Reed spoke to Zelensky by phone on Monday.",
                           "Minister Tom Reed spoke to Okafor by phone on Monday.",
                           "Minister Tom Reed spoke to Ana Costa's office on Monday.",
                           "Minister Tom Reed spoke to Halvorsen on the phone on Monday."}) {
    auto x = ExtractText(std::string("Call\n\n") + text, 2026, 3, 10);
    EXPECT_TRUE(HasRole(x, "Tom Reed", v1::PARTICIPANT_ROLE_MET)) << text;
  }
  auto talks = ExtractText(
      "Talks\n\nMinister Tom Reed spoke with reporters after the talks with Ana Costa on Monday.",
      2026, 3, 10);
  EXPECT_TRUE(HasRole(talks, "Tom Reed", v1::PARTICIPANT_ROLE_MET));
  EXPECT_TRUE(HasRole(talks, "Ana Costa", v1::PARTICIPANT_ROLE_MET));
  for (const char* text : {"Minister Tom Reed spoke to Reuters on Monday.",
                           "Minister Tom Reed spoke to the BBC on Monday.",
                           "Minister Tom Reed spoke to Nordic Radio on Monday."}) {
    auto x = ExtractText(std::string("Interview\n\n") + text, 2026, 3, 10);
    EXPECT_FALSE(HasRole(x, "Tom Reed", v1::PARTICIPANT_ROLE_MET)) << text;
  }
}

// "Among the witnesses were A and B": those present attend; a group the
// text put in a role before ("swore in the new judges") attends; a group
// only appointed ("appointed four new judges") has no part in a sitting.
TEST(RolesGenreTest, AmongThePluralWereListsAGroupsMembers) {
  auto x = ExtractText(
      "Hearing\n\nCommittee chair Ida Varga opened the hearing on Tuesday. Among the witnesses "
      "were also Tom Reed and Ana Costa, two patients' advocates.",
      2026, 3, 4);
  EXPECT_TRUE(HasRole(x, "Ida Varga", v1::PARTICIPANT_ROLE_PRESIDED));
  EXPECT_TRUE(HasRole(x, "Tom Reed", v1::PARTICIPANT_ROLE_ATTENDED));
  EXPECT_TRUE(HasRole(x, "Ana Costa", v1::PARTICIPANT_ROLE_ATTENDED));

  auto w = ExtractText(
      "Sitting\n\nMayor Ida Varga chaired the sitting on Monday. Among those present were Tom "
      "Reed and Kai Lund.",
      2026, 3, 4);
  EXPECT_TRUE(HasRole(w, "Tom Reed", v1::PARTICIPANT_ROLE_ATTENDED));
  EXPECT_TRUE(HasRole(w, "Kai Lund", v1::PARTICIPANT_ROLE_ATTENDED));

  auto y = ExtractText(
      "Judges sworn in\n\nChief Justice Ida Varga swore in the new judges on Monday. Among the "
      "new judges were Kai Lund and Bo Kell.",
      2026, 3, 4);
  EXPECT_TRUE(HasRole(y, "Kai Lund", v1::PARTICIPANT_ROLE_ATTENDED));
  EXPECT_TRUE(HasRole(y, "Bo Kell", v1::PARTICIPANT_ROLE_ATTENDED));

  auto z = ExtractText(
      "Judges named\n\nThe council appointed four new judges on Monday. Among the new judges "
      "were Kai Lund and Bo Kell.",
      2026, 3, 4);
  EXPECT_FALSE(HasRole(z, "Kai Lund", v1::PARTICIPANT_ROLE_ATTENDED));
  EXPECT_FALSE(HasRole(z, "Bo Kell", v1::PARTICIPANT_ROLE_ATTENDED));
}

// "Another witness, (health economist) X, warned that ...": a witness the
// text quotes gives evidence to the sitting; a witness who is not quoted,
// or someone only quoted, gets no role from it.
TEST(RolesGenreTest, AQuotedWitnessSpeaks) {
  auto x = ExtractText(
      "Hearing\n\nChair Ida Varga opened the hearing of the committee on Monday. Another "
      "witness, health economist Tom Reed, warned that costs would rise. Another witness, Kai "
      "Lund, was not heard. Economist Ana Costa said the plan was sound.",
      2026, 3, 4);
  EXPECT_TRUE(HasRole(x, "Tom Reed", v1::PARTICIPANT_ROLE_SPOKE));
  EXPECT_FALSE(HasRole(x, "Kai Lund", v1::PARTICIPANT_ROLE_SPOKE));
  EXPECT_FALSE(HasRole(x, "Ana Costa", v1::PARTICIPANT_ROLE_SPOKE));
}

// "spoke to the BBC", "talked to Nordpress": an acronym or a name built on
// a medium's word after "spoke to" is a medium: no role,
// and the sitting keeps its chair; "spoke to Mr. Reed" is a call.
TEST(RolesGenreTest, SpokeToAMediumIsNoRole) {
  auto x = ExtractText(
      "Council sitting\n\nMayor Ida Varga chaired the council sitting on Monday. Councillor "
      "Tom Reed spoke to the BBC after the sitting. Councillor Kai Lund talked to Nordpress.",
      2026, 3, 4);
  EXPECT_TRUE(HasRole(x, "Ida Varga", v1::PARTICIPANT_ROLE_PRESIDED));
  EXPECT_FALSE(HasRole(x, "Tom Reed", v1::PARTICIPANT_ROLE_MET));
  EXPECT_FALSE(HasRole(x, "Kai Lund", v1::PARTICIPANT_ROLE_MET));

  auto y = ExtractText("Call\n\nForeign Minister Ida Varga spoke to Mr. Tom Reed on Monday.", 2026,
                       3, 4);
  EXPECT_TRUE(HasRole(y, "Tom Reed", v1::PARTICIPANT_ROLE_MET));
}

// "X, who chairs the board, said": a chairing verb in the present (or
// the perfect) tells a standing post, not who presided over the event; a
// sitting as its object ("chairs the meeting") still presides.
TEST(RolesGenreTest, AStandingChairIsNoPresiderOfTheEvent) {
  auto x = ExtractText(
      "Water board sets tariffs\n\nThe Orlen water board met on Tuesday. Greta Holm, who "
      "chairs the board, said tariffs would rise. Deputy director Pavel Sorn presented the "
      "accounts.",
      2026, 3, 6);
  EXPECT_FALSE(HasRole(x, "Greta Holm", v1::PARTICIPANT_ROLE_PRESIDED));
  EXPECT_TRUE(HasRole(x, "Pavel Sorn", v1::PARTICIPANT_ROLE_SPOKE));

  auto perfect = ExtractText(
      "Clinic opens\n\nMayor Ivo Brant opened the clinic on Friday with Dr. Lena Paik, who has "
      "chaired the health trust since 2019.",
      2026, 3, 6);
  EXPECT_FALSE(HasRole(perfect, "Lena Paik", v1::PARTICIPANT_ROLE_PRESIDED));

  auto sitting = ExtractText(
      "Council meets\n\nCouncillor Ruth Amsel, who chaired the meeting, said the vote was "
      "close. Mayor Ivo Brant presides over the session held on Monday.",
      2026, 3, 6);
  EXPECT_TRUE(HasRole(sitting, "Ruth Amsel", v1::PARTICIPANT_ROLE_PRESIDED));
  EXPECT_TRUE(HasRole(sitting, "Ivo Brant", v1::PARTICIPANT_ROLE_PRESIDED));
}

// A committee's hearing is a sitting whose witnesses take part: "held a
// hearing", "appeared before the inquiry", "testified", "told the
// committee" (SPOKE), "questioned X" (X takes part, the questioner
// speaks). Before, a hearing was typed OTHER and gave no roles.
TEST(RolesGenreTest, AHearingGivesItsWitnessesRoles) {
  auto held = ExtractText(
      "Senators question regulator\n\nThe Senate energy committee held a hearing on Tuesday on "
      "grid failures. Energy Minister Nadia Pell testified that repairs were late. Senator Omar "
      "Vint "
      "questioned her about costs.",
      2026, 3, 6);
  ASSERT_GT(held.events_size(), 0);
  EXPECT_EQ(held.events(0).type(), v1::EVENT_TYPE_MEETING);
  EXPECT_TRUE(HasRole(held, "Nadia Pell", v1::PARTICIPANT_ROLE_SPOKE));
  EXPECT_FALSE(HasRole(held, "Nadia Pell", v1::PARTICIPANT_ROLE_ATTENDED));
  EXPECT_TRUE(HasRole(held, "Omar Vint", v1::PARTICIPANT_ROLE_SPOKE));

  auto appeared = ExtractText(
      "Former minister questioned\n\nFormer finance minister Lukas Brenn appeared before the "
      "banking inquiry on Monday. He told the inquiry that the audit had been ignored.",
      2026, 3, 6);
  ASSERT_GT(appeared.events_size(), 0);
  EXPECT_EQ(appeared.events(0).type(), v1::EVENT_TYPE_MEETING);
  EXPECT_TRUE(HasRole(appeared, "Lukas Brenn", v1::PARTICIPANT_ROLE_ATTENDED));
  EXPECT_TRUE(HasRole(appeared, "Lukas Brenn", v1::PARTICIPANT_ROLE_SPOKE));

  auto questioned = ExtractText(
      "Lawmakers grill port chief\n\nMembers of the transport committee questioned port "
      "director Ilse Marran on Wednesday about delays.",
      2026, 3, 6);
  EXPECT_TRUE(HasRole(questioned, "Ilse Marran", v1::PARTICIPANT_ROLE_ATTENDED));

  // The gerund is no hearing: "after hearing reports".
  auto gerund = ExtractText(
      "Mayor acts\n\nAfter hearing reports from the fire brigade, Mayor Ivo Brant ordered an "
      "evacuation on Monday.",
      2026, 3, 6);
  ASSERT_GT(gerund.events_size(), 0);
  EXPECT_NE(gerund.events(0).type(), v1::EVENT_TYPE_MEETING);
}

// "The oath was administered by X", "were sworn in by X": who gives the
// oath presides over the swearing-in, a ceremony.
TEST(RolesGenreTest, WhoGivesTheOathInThePassivePresides) {
  auto administered = ExtractText(
      "Judges take office\n\nFour new judges of the Appeal Court were sworn in at the court in "
      "Tamsk on Friday. The oath was administered by Chief Justice Anouk Verel.",
      2026, 3, 6);
  ASSERT_GT(administered.events_size(), 0);
  EXPECT_EQ(administered.events(0).type(), v1::EVENT_TYPE_CEREMONY);
  EXPECT_TRUE(HasRole(administered, "Anouk Verel", v1::PARTICIPANT_ROLE_PRESIDED));

  auto by = ExtractText(
      "Ministers take office\n\nMinister Rui Tavo and Minister Ela Sund were sworn in by "
      "President Hale Omondi on Monday.",
      2026, 3, 6);
  EXPECT_TRUE(HasRole(by, "Hale Omondi", v1::PARTICIPANT_ROLE_PRESIDED));
  EXPECT_TRUE(HasRole(by, "Rui Tavo", v1::PARTICIPANT_ROLE_ATTENDED));
  EXPECT_TRUE(HasRole(by, "Ela Sund", v1::PARTICIPANT_ROLE_ATTENDED));
  EXPECT_FALSE(HasRole(by, "Hale Omondi", v1::PARTICIPANT_ROLE_ATTENDED));
}

// "told the council" addresses the sitting (SPOKE); "told reporters after
// the meeting" speaks to the press, and the sitting named in the setting
// after it is no audience.
TEST(RolesGenreTest, TellingTheSittingIsSpeakingTellingThePressIsNot) {
  auto x = ExtractText(
      "Council votes on buses\n\nMayor Ines Varga presided over a meeting of the Brekke town "
      "council on Wednesday. Councillor Jonas Pell told the council on Wednesday afternoon "
      "that the tram would be late. Councillor Mia Rost told reporters after the meeting that "
      "fares would rise. Councillor Tor Nyhus told journalists before the session that he "
      "would vote no.",
      2026, 3, 4);
  ASSERT_GT(x.events_size(), 0);
  EXPECT_TRUE(HasRole(x, "Jonas Pell", v1::PARTICIPANT_ROLE_SPOKE));
  EXPECT_FALSE(HasRole(x, "Mia Rost", v1::PARTICIPANT_ROLE_SPOKE));
  EXPECT_FALSE(HasRole(x, "Tor Nyhus", v1::PARTICIPANT_ROLE_SPOKE));
}

// At a conference, a speaker's reported words make them a speaker there,
// but not words set elsewhere: "said in a statement", "in a letter to the
// delegates", "told reporters" (unless told at the conference itself).
TEST(RolesGenreTest, WordsSetAwayFromAConferenceGiveNoSpeakingPart) {
  auto x = ExtractText(
      "Brekke hosts river conference\n\nThe Brekke River Conference opened on Wednesday. "
      "Minister Ines Varga presided over the opening session. Professor Jonas Pell said the "
      "river was cleaner. Mayor Mia Rost said in a statement on Tuesday that the town welcomed "
      "the delegates. \"We are proud,\" Governor Tor Nyhus told reporters. Senator Alva Linde "
      "wrote in a letter to the delegates that funds would follow. Professor Bo Kask told "
      "reporters at the conference that the dam held.",
      2026, 3, 4);
  ASSERT_GT(x.events_size(), 0);
  EXPECT_EQ(x.events(0).type(), v1::EVENT_TYPE_CONFERENCE);
  EXPECT_TRUE(HasRole(x, "Jonas Pell", v1::PARTICIPANT_ROLE_SPOKE));
  EXPECT_TRUE(HasRole(x, "Bo Kask", v1::PARTICIPANT_ROLE_SPOKE));
  EXPECT_FALSE(HasRole(x, "Mia Rost", v1::PARTICIPANT_ROLE_SPOKE));
  EXPECT_FALSE(HasRole(x, "Tor Nyhus", v1::PARTICIPANT_ROLE_SPOKE));
  EXPECT_FALSE(HasRole(x, "Alva Linde", v1::PARTICIPANT_ROLE_SPOKE));
  EXPECT_TRUE(HasStatement(x, "Mia Rost", "said"));
  EXPECT_TRUE(HasStatement(x, "Tor Nyhus", "told"));
}

}  // namespace
}  // namespace readout::extractor

namespace readout::extractor {
namespace {

using testing::ExtractText;
using testing::HasRole;

// A guest named after a possessive and a relation noun ("her counterpart
// X", "their guest, Y") is met by the host, as a guest named by title is;
// the present tense tells the same as the past.
TEST(RolesGenreTest, AGuestNamedByARelationIsMet) {
  for (const char* lead : {
           "Premier Anja Holt hosted her counterpart Tomas Vell of Dravenia in Korsby on Tuesday.",
           "Premier Anja Holt hosts her counterpart Tomas Vell of Dravenia in Korsby.",
           "Premier Anja Holt welcomed her Dravenian counterpart, Tomas Vell, in Korsby on "
           "Tuesday.",
           "Premier Anja Holt received their guest, Senator Tomas Vell, at the palace on Tuesday.",
           "Premier Anja Holt hosted her opposite number, Tomas Vell, in Korsby on Tuesday.",
       }) {
    auto x = ExtractText(std::string("Leaders meet\n\n") + lead, 2026, 3, 4);
    EXPECT_TRUE(HasRole(x, "Anja Holt", v1::PARTICIPANT_ROLE_MET)) << lead;
    EXPECT_TRUE(HasRole(x, "Tomas Vell", v1::PARTICIPANT_ROLE_MET)) << lead;
    EXPECT_FALSE(HasRole(x, "Anja Holt", v1::PARTICIPANT_ROLE_PRESIDED)) << lead;
  }
  // Thanking a host is no meeting told.
  auto thanks = ExtractText(
      "Senator thanks hosts\n\nSenator Nils Amber thanked his host, Mayor Eva Tross, in Fjelby on "
      "Monday.",
      2026, 3, 4);
  EXPECT_FALSE(HasRole(thanks, "Eva Tross", v1::PARTICIPANT_ROLE_MET));
}

TEST(RolesGenreTest, PlayingHostMeetsAGuestAndPresidesOverAGathering) {
  auto guest = ExtractText(
      "Mayor hosts president\n\nMayor Hilde Farrow played host to President Joran Ekst of "
      "Tarvania in Odmark on Friday.",
      2026, 3, 4);
  EXPECT_TRUE(HasRole(guest, "Hilde Farrow", v1::PARTICIPANT_ROLE_MET));
  EXPECT_TRUE(HasRole(guest, "Joran Ekst", v1::PARTICIPANT_ROLE_MET));
  auto delegation = ExtractText(
      "Mayor hosts delegation\n\nMayor Hilde Farrow plays host to a delegation led by Senator "
      "Joran Ekst this week.",
      2026, 3, 4);
  EXPECT_TRUE(HasRole(delegation, "Hilde Farrow", v1::PARTICIPANT_ROLE_MET));
  auto summit = ExtractText(
      "Summit opens\n\nPresident Ivo Sarn played host to the regional summit in Odmark on "
      "Friday. Premier Lena Dorn attended the summit.",
      2026, 3, 4);
  EXPECT_TRUE(HasRole(summit, "Ivo Sarn", v1::PARTICIPANT_ROLE_PRESIDED));
  EXPECT_TRUE(HasRole(summit, "Lena Dorn", v1::PARTICIPANT_ROLE_ATTENDED));
}

// "X was hosted (welcomed) by Y" with a person as the subject: both sides
// met, as "was received by" tells; a gathering hosted presides.
TEST(RolesGenreTest, APersonHostedOrWelcomedInThePassiveMeetsTheHost) {
  for (const char* lead : {
           "Minister Pal Odd was hosted by Governor Lina Stavik in Morvik on Monday.",
           "Minister Pal Odd was warmly welcomed by Governor Lina Stavik in Morvik on Monday.",
           "Minister Pal Odd of Kelmora was welcomed by Governor Lina Stavik on Monday.",
       }) {
    auto x = ExtractText(std::string("Visit\n\n") + lead, 2026, 3, 4);
    EXPECT_TRUE(HasRole(x, "Pal Odd", v1::PARTICIPANT_ROLE_MET)) << lead;
    EXPECT_TRUE(HasRole(x, "Lina Stavik", v1::PARTICIPANT_ROLE_MET)) << lead;
  }
  auto gathering = ExtractText(
      "Forum\n\nThe trade forum was hosted by Governor Lina Stavik in Morvik on Monday.", 2026, 3,
      4);
  EXPECT_TRUE(HasRole(gathering, "Lina Stavik", v1::PARTICIPANT_ROLE_PRESIDED));
  auto plan = ExtractText(
      "Plan\n\nThe harbour plan was welcomed by Governor Lina Stavik at the council meeting on "
      "Monday.",
      2026, 3, 4);
  EXPECT_FALSE(HasRole(plan, "Lina Stavik", v1::PARTICIPANT_ROLE_MET));
}

// Hosting a gathering presides over it whether told in the past or the
// present; hosting a person meets them in either tense.
TEST(RolesGenreTest, TenseDoesNotChangeWhoHosts) {
  for (const char* verb : {"hosted", "hosts"}) {
    auto summit = ExtractText(absl::StrCat("Summit\n\nPresident Oda Maren, who ", verb,
                                           " the summit this year, said the talks went well. "
                                           "Prime Minister Kalle Brun attended the summit."),
                              2026, 3, 4);
    EXPECT_TRUE(HasRole(summit, "Oda Maren", v1::PARTICIPANT_ROLE_PRESIDED)) << verb;
    auto guest = ExtractText(
        absl::StrCat("Visit\n\nPremier Anja Holt ", verb, " President Jan Rell in Korsby."), 2026,
        3, 4);
    EXPECT_TRUE(HasRole(guest, "Anja Holt", v1::PARTICIPANT_ROLE_MET)) << verb;
    EXPECT_TRUE(HasRole(guest, "Jan Rell", v1::PARTICIPANT_ROLE_MET)) << verb;
  }
}

// A signing of an agreement is a ceremony: the signatories and a witness
// take part (ATTENDED), in the active and the passive.
TEST(RolesGenreTest, SignatoriesAndWitnessesOfASigningAttend) {
  for (const char* lead : {
           "The agreement was signed by Minister Ula Berg and Minister Per Haldt, and witnessed "
           "by President Ivo Rask in Morvik on Monday.",
           "Minister Ula Berg and Minister Per Haldt signed the agreement in Morvik on Monday, "
           "witnessed by President Ivo Rask.",
           "President Ivo Rask witnessed the signing of the accord by Minister Ula Berg and "
           "Minister Per Haldt in Morvik on Monday.",
           "Minister Ula Berg and Minister Per Haldt signed a trade pact in Morvik on Monday. "
           "President Ivo Rask witnessed the signing.",
       }) {
    auto x = ExtractText(std::string("Accord signed\n\n") + lead, 2026, 3, 4);
    ASSERT_GT(x.events_size(), 0) << lead;
    EXPECT_EQ(x.events(0).type(), v1::EVENT_TYPE_CEREMONY) << lead;
    for (const char* name : {"Ula Berg", "Per Haldt", "Ivo Rask"}) {
      EXPECT_TRUE(HasRole(x, name, v1::PARTICIPANT_ROLE_ATTENDED)) << lead << " " << name;
    }
  }
  // One person signing a decree is no ceremony of parties.
  auto decree =
      ExtractText("Decree\n\nPresident Ivo Rask signed a decree on Monday in Morvik.", 2026, 3, 4);
  ASSERT_GT(decree.events_size(), 0);
  EXPECT_NE(decree.events(0).type(), v1::EVENT_TYPE_CEREMONY);
  EXPECT_FALSE(HasRole(decree, "Ivo Rask", v1::PARTICIPANT_ROLE_ATTENDED));
  // Agreements signed after talks are no part in the talks.
  auto after_talks = ExtractText(
      "Talks\n\nGovernor Ivo Rask and Mayor Ula Berg met in Morvik on Monday. After the talks, "
      "Minister Tor Lund and Minister Per Haldt signed three agreements.",
      2026, 3, 4);
  EXPECT_TRUE(HasRole(after_talks, "Ivo Rask", v1::PARTICIPANT_ROLE_MET));
  EXPECT_FALSE(HasRole(after_talks, "Tor Lund", v1::PARTICIPANT_ROLE_ATTENDED));
  EXPECT_FALSE(HasRole(after_talks, "Per Haldt", v1::PARTICIPANT_ROLE_ATTENDED));
}

// The event's type and the signatories' roles read one test of a signing:
// an agreement noun far before a passive "signed by" makes both a ceremony
// and its signatories attend it.
TEST(RolesGenreTest, ALongSubjectBeforeSignedByStillGivesTheCeremonyItsSignatories) {
  for (const char* lead : {
           "The agreement on fisheries and coastal shipping routes was signed by Minister Ada "
           "Voss and Minister Per Lund.",
           "The memorandum on river ferries, rail freight and the northern harbour was signed by "
           "Governor Eli Marr and Mayor Tove Sand on Friday.",
       }) {
    auto x = ExtractText(std::string("Signing\n\n") + lead, 2026, 3, 4);
    ASSERT_GT(x.events_size(), 0) << lead;
    EXPECT_EQ(x.events(0).type(), v1::EVENT_TYPE_CEREMONY) << lead;
    EXPECT_EQ(x.events(0).participants_size(), 2) << lead;
  }
}

// One person signing an agreement noun ("a contract", "the accord") alone
// is no ceremony between parties, and attends none.
TEST(RolesGenreTest, OnePersonSigningAloneIsNoCeremony) {
  for (const char* lead : {
           "Mayor Ivo Raskel signed a contract for the new bridge.",
           "Governor Tove Sand signed the accord on Monday in Brellin.",
           "Director Oda Renn signs a contract for school meals this week.",
       }) {
    auto x = ExtractText(std::string("Signing\n\n") + lead, 2026, 3, 4);
    ASSERT_GT(x.events_size(), 0) << lead;
    EXPECT_NE(x.events(0).type(), v1::EVENT_TYPE_CEREMONY) << lead;
    for (const auto& p : x.events(0).participants()) {
      EXPECT_NE(p.role(), v1::PARTICIPANT_ROLE_ATTENDED) << lead << " " << p.person_name();
    }
  }
  // With the other party, it is one.
  auto with = ExtractText(
      "Signing\n\nMayor Ivo Raskel signed a contract with Governor Tove Sand on Monday.", 2026, 3,
      4);
  ASSERT_GT(with.events_size(), 0);
  EXPECT_EQ(with.events(0).type(), v1::EVENT_TYPE_CEREMONY);
}

}  // namespace
}  // namespace readout::extractor
