// Tests of the main event: type, date (dateline, weekday, explicit, vague)
// and location.
#include "extractor-service/engine/events.h"

#include "absl/strings/str_cat.h"
#include "extractor-service/engine/test_util.h"
#include "gtest/gtest.h"

namespace readout::extractor {
namespace {

using testing::ExtractText;
using testing::SpanText;

TEST(EventsTest, DatelineAndWeekday) {
  auto x = ExtractText(
      "Premier chairs executive meeting\n\n"
      "NANJING, Oct. 9 (Xinhua) -- Premier Hu Dalin on Tuesday presided over an "
      "executive meeting.",
      2024, 10, 10);
  ASSERT_EQ(x.events_size(), 1);
  const auto& e = x.events(0);
  EXPECT_EQ(e.type(), v1::EVENT_TYPE_MEETING);
  EXPECT_EQ(e.date().year(), 2024);
  EXPECT_EQ(e.date().month(), 10);
  EXPECT_EQ(e.date().day(), 8);  // The Tuesday on or before Oct. 9.
  EXPECT_EQ(SpanText(x, e.date_span()), "Tuesday");
  EXPECT_EQ(e.location().name(), "Nanjing");
  EXPECT_EQ(SpanText(x, e.location().mentions(0)), "NANJING");
}

// "the day before yesterday" dates the meeting two days before publication,
// and the date's span holds the whole phrase.
TEST(EventsTest, TheDayBeforeYesterdayIsTwoDaysBeforePublication) {
  auto x = ExtractText(
      "Talks held\n\nForeign Minister Ana Lind met Ambassador Tom Reed the day before "
      "yesterday in Oslo.",
      2024, 3, 1);
  ASSERT_EQ(x.events_size(), 1);
  const auto& e = x.events(0);
  EXPECT_EQ(e.date().year(), 2024);
  EXPECT_EQ(e.date().month(), 2);
  EXPECT_EQ(e.date().day(), 28);
  EXPECT_EQ(SpanText(x, e.date_span()), "the day before yesterday");
}

TEST(EventsTest, ExplicitDateAndPlaceWinOverTheDateline) {
  auto x = ExtractText(
      "Border talks\n\n"
      "BEIJING, Nov. 8 (Xinhua) -- The ministry said on Sunday the 3rd round of "
      "talks was held on Nov. 5 in Kashgar.",
      2022, 11, 9);
  const auto& e = x.events(0);
  EXPECT_EQ(e.date().day(), 5);
  EXPECT_EQ(e.location().name(), "Kashgar");
}

TEST(EventsTest, MixedCaseDatelineNeedsItsDate) {
  auto x = ExtractText(
      "Governor inspects dikes\n\n"
      "Lanzhou, June 18 -- Governor Ma Lijun inspected the dikes in Qiaotou County "
      "on Tuesday.",
      2024, 10, 3);
  const auto& e = x.events(0);
  EXPECT_EQ(e.date().year(), 2024);
  EXPECT_EQ(e.date().month(), 6);
  EXPECT_EQ(e.date().day(), 18);  // June 18, 2024 was a Tuesday.
  // A place the gazetteer lacks, named by its administrative unit.
  EXPECT_EQ(e.location().name(), "Qiaotou County");

  // A capitalized opening without a date is not a dateline.
  auto plain = ExtractText(
      "Meeting\n\nProvincial Leaders, gathered -- said the report -- met on Monday.", 2024, 10, 3);
  EXPECT_EQ(plain.events(0).date().day(), 30);  // The Monday before publication.
}

TEST(EventsTest, VagueDateIsUnsetAndYearComesFromTheText) {
  auto vague = ExtractText(
      "Conference\n\nBEIJING, Nov. 8 (Xinhua) -- The party convened a central "
      "conference this week.",
      2022, 11, 9);
  EXPECT_FALSE(vague.events(0).has_date());
  auto no_pub = ExtractText(
      "Meeting held\n\nOn January 9, the work meeting was held in Hefei. In "
      "2030, the plan starts; 2029 was busy. Targets run to 2030 and by 2040.");
  EXPECT_EQ(no_pub.events(0).date().year(), 2030);
  EXPECT_EQ(no_pub.events(0).date().day(), 9);
  EXPECT_EQ(no_pub.events(0).location().name(), "Hefei");
}

TEST(EventsTest, PlacesAndOrganizations) {
  auto x = ExtractText(
      "Forum\n\nThe forum was held in Wuhan, capital of Hubei province. The "
      "Ministry of Commerce and the Provincial Party Committee joined.");
  bool wuhan = false;
  for (const auto& p : x.places()) wuhan |= p.name() == "Wuhan";
  EXPECT_TRUE(wuhan);
  bool ministry = false, party = false;
  for (const auto& o : x.organizations()) {
    if (o.name() == "Ministry of Commerce") {
      ministry = o.kind() == v1::ORGANIZATION_KIND_GOVERNMENT;
    }
    if (o.name() == "Provincial Party Committee") {
      party = o.kind() == v1::ORGANIZATION_KIND_PARTY;
    }
    EXPECT_EQ(SpanText(x, o.mentions(0)), o.name());
  }
  EXPECT_TRUE(ministry);
  EXPECT_TRUE(party);
}

// A body meeting as a body ("Council meets", "the committee met on
// Monday") holds a meeting, not talks between two sides, so its chair and
// speakers keep their roles; "the committee met with X" stays talks.
TEST(EventsTest, ABodyMeetingAsABodyIsAMeeting) {
  auto x =
      ExtractText("Council meets\n\nMinister Oda Venn presided over the council meeting on Monday.",
                  2024, 6, 5);
  ASSERT_GT(x.events_size(), 0);
  EXPECT_EQ(x.events(0).type(), v1::EVENT_TYPE_MEETING);
  EXPECT_TRUE(testing::HasRole(x, "Oda Venn", v1::PARTICIPANT_ROLE_PRESIDED));
  auto lead = ExtractText(
      "Rates kept\n\nThe Monetary Policy Committee met on Tuesday. Governor Oda Venn chaired "
      "the meeting.",
      2024, 6, 5);
  ASSERT_GT(lead.events_size(), 0);
  EXPECT_EQ(lead.events(0).type(), v1::EVENT_TYPE_MEETING);
  auto with = ExtractText(
      "Committee meets envoy\n\nThe Foreign Affairs Committee met with Ambassador Kai Lund on "
      "Tuesday.",
      2024, 6, 5);
  ASSERT_GT(with.events_size(), 0);
  EXPECT_EQ(with.events(0).type(), v1::EVENT_TYPE_TALKS);
}

// "PM call with President of Kenya: 3 March 2024" over "this afternoon":
// the headline's full date anchors a body without a dateline.
TEST(EventsTest, HeadlineDateAnchorsTheReadout) {
  auto x = ExtractText(
      "PM call with President of Ruritania: 3 March 2024\n\nThe Prime Minister, Oda Venn, "
      "spoke to President Kai Lund of Ruritania this afternoon.",
      2024, 3, 8);
  ASSERT_GT(x.events_size(), 0);
  EXPECT_EQ(x.events(0).date().month(), 3);
  EXPECT_EQ(x.events(0).date().day(), 3);
  auto no_time = ExtractText(
      "Readout of a call: 3 March 2024\n\nThe Prime Minister, Oda Venn, spoke to President "
      "Kai Lund of Ruritania.",
      2024, 3, 8);
  ASSERT_GT(no_time.events_size(), 0);
  EXPECT_EQ(no_time.events(0).date().day(), 3);
}

// A meeting over several days ("met on 2 and 3 May 2024") is dated by its
// first day.
TEST(EventsTest, MeetingOverSeveralDaysStartsOnTheFirst) {
  auto x = ExtractText(
      "Minutes\n\nThe Monetary Policy Committee met on 2 and 3 May 2024. Governor Oda Venn "
      "chaired the meeting.",
      2024, 5, 20);
  ASSERT_GT(x.events_size(), 0);
  EXPECT_EQ(x.events(0).date().month(), 5);
  EXPECT_EQ(x.events(0).date().day(), 2);
}

// "held a summit meeting with X", "Ruritania-Freedonia Summit Meeting":
// two leaders' talks, not a conference where everyone speaks.
TEST(EventsTest, SummitMeetingBetweenTwoSidesIsTalks) {
  auto with = ExtractText(
      "Leaders meet\n\nPrime Minister Oda Venn held a summit meeting with Prime Minister Kai "
      "Lund on Monday. Prime Minister Venn stated that ties are strong.",
      2024, 5, 20);
  ASSERT_GT(with.events_size(), 0);
  EXPECT_EQ(with.events(0).type(), v1::EVENT_TYPE_TALKS);
  EXPECT_FALSE(testing::HasRole(with, "Oda Venn", v1::PARTICIPANT_ROLE_SPOKE));
  auto pair = ExtractText(
      "Ruritania-Freedonia Summit Meeting\n\nOn Monday, Prime Minister Oda Venn and Prime "
      "Minister Kai Lund met for 45 minutes.",
      2024, 5, 20);
  ASSERT_GT(pair.events_size(), 0);
  EXPECT_EQ(pair.events(0).type(), v1::EVENT_TYPE_TALKS);
}

// "Under the chairmanship of X, the provincial council met on Monday": a
// lowercase body meets as a body too, and X chairs it rather than meeting
// anyone.
TEST(EventsTest, ALowercaseBodyMeetingUnderAChair) {
  auto x = ExtractText(
      "Council meets\n\nUnder the chairmanship of Governor Oda Venn, the provincial council "
      "met on Monday. Director Kai Lund made a report on the budget.",
      2024, 3, 8);
  ASSERT_GT(x.events_size(), 0);
  EXPECT_EQ(x.events(0).type(), v1::EVENT_TYPE_MEETING);
  EXPECT_TRUE(testing::HasRole(x, "Oda Venn", v1::PARTICIPANT_ROLE_PRESIDED));
  EXPECT_FALSE(testing::HasRole(x, "Oda Venn", v1::PARTICIPANT_ROLE_MET));
  EXPECT_TRUE(testing::HasRole(x, "Kai Lund", v1::PARTICIPANT_ROLE_SPOKE));
}

// "The Council, chaired by X, met in Brussels": the body meets as a body
// past the aside; X chairs and meets no one.
TEST(EventsTest, ABodyMeetingPastAnAsideOnItsChair) {
  auto x = ExtractText(
      "Council meets\n\nThe Council, chaired by Minister Zhang Wei, met in Brussels on 4 March "
      "2024. Ministers exchanged views on trade.",
      2024, 3, 5);
  ASSERT_GT(x.events_size(), 0);
  EXPECT_EQ(x.events(0).type(), v1::EVENT_TYPE_MEETING);
  EXPECT_TRUE(testing::HasRole(x, "Zhang Wei", v1::PARTICIPANT_ROLE_PRESIDED));
  EXPECT_FALSE(testing::HasRole(x, "Zhang Wei", v1::PARTICIPANT_ROLE_MET));
  EXPECT_EQ(x.events(0).location().name(), "Brussels");
}

// "President X delivered a televised address to the nation": with no
// other kind of event, the speech the lead reports keeps its speaker.
TEST(EventsTest, AnAddressToTheNationKeepsItsSpeaker) {
  auto x = ExtractText(
      "President addresses nation\n\nPresident Zhang Wei delivered a televised address to the "
      "nation on Monday evening.",
      2024, 3, 5);
  ASSERT_GT(x.events_size(), 0);
  EXPECT_TRUE(testing::HasRole(x, "Zhang Wei", v1::PARTICIPANT_ROLE_SPOKE));
  // An appointment keeps no roles.
  auto appointed = ExtractText(
      "Minister appointed\n\nThe President appointed Zhang Wei as Minister of Trade on "
      "Monday.",
      2024, 3, 5);
  ASSERT_GT(appointed.events_size(), 0);
  EXPECT_EQ(appointed.events(0).participants_size(), 0);
}

// A headline's bare "meets" over a lead in which someone chairs the
// meeting: a MEETING with its chair presiding (not a side that met), not
// TALKS.
TEST(EventsTest, MeetsHeadlineOverAChairedMeetingIsAMeeting) {
  auto x = ExtractText(
      "Mayor meets shop owners\n\n"
      "Mayor Ida Varga chaired a meeting with shop owners on Friday in Ningbo. Tom Reed and "
      "Ana Lind attended the meeting.",
      2025, 5, 10);
  ASSERT_GT(x.events_size(), 0);
  EXPECT_EQ(x.events(0).type(), v1::EVENT_TYPE_MEETING);
  EXPECT_TRUE(testing::HasRole(x, "Ida Varga", v1::PARTICIPANT_ROLE_PRESIDED));
  EXPECT_FALSE(testing::HasRole(x, "Ida Varga", v1::PARTICIPANT_ROLE_MET));
  EXPECT_TRUE(testing::HasRole(x, "Tom Reed", v1::PARTICIPANT_ROLE_ATTENDED));
  // Two sides meeting under the same headline stay TALKS.
  auto talks = ExtractText(
      "Mayor meets envoy\n\nMayor Ida Varga met Ambassador Tom Reed on Friday in Ningbo.", 2025, 5,
      10);
  ASSERT_GT(talks.events_size(), 0);
  EXPECT_EQ(talks.events(0).type(), v1::EVENT_TYPE_TALKS);
}

// A preview: "will meet on Tuesday" published on a Monday is the next day,
// and the meeting to come is the main event: its sides MET, the place its
// future clause names is its place, and who "will accompany" attends. A
// past lead keeps a future clause off its event.
TEST(EventsTest, FutureWeekdayOfAPreviewLiesAhead) {
  auto x = ExtractText(
      "President to meet Prime Minister\n\n"
      "President Maria Lopez will meet Prime Minister Tom Reed on Tuesday in Lisbon, the "
      "presidency said. Foreign Minister Ana Costa will accompany the president.",
      2026, 3, 2);
  ASSERT_GT(x.events_size(), 0);
  EXPECT_EQ(x.events(0).date().month(), 3);
  EXPECT_EQ(x.events(0).date().day(), 3);
  EXPECT_EQ(x.events(0).location().name(), "Lisbon");
  EXPECT_TRUE(testing::HasRole(x, "Maria Lopez", v1::PARTICIPANT_ROLE_MET));
  EXPECT_TRUE(testing::HasRole(x, "Tom Reed", v1::PARTICIPANT_ROLE_MET));
  EXPECT_TRUE(testing::HasRole(x, "Ana Costa", v1::PARTICIPANT_ROLE_ATTENDED));
  auto past = ExtractText(
      "President meets Prime Minister\n\n"
      "President Maria Lopez met Prime Minister Tom Reed on Monday in Porto. Foreign Minister Ana "
      "Costa will accompany the president to Lisbon in May.",
      2026, 3, 2);
  ASSERT_GT(past.events_size(), 0);
  EXPECT_EQ(past.events(0).location().name(), "Porto");
  EXPECT_FALSE(testing::HasRole(past, "Ana Costa", v1::PARTICIPANT_ROLE_ATTENDED));
}

// "at its congress in X": a party's congress of delegates is a
// CONFERENCE, dated and placed by its lead; "the National People's
// Congress" (capitalized) is a body, not a congress held.
TEST(EventsTest, PartyCongressIsAConference) {
  auto x = ExtractText(
      "Party re-elects leader\n\nThe Green Union on Saturday re-elected Ida Varga as its leader "
      "at its congress in Gothenburg.",
      2024, 6, 5);
  ASSERT_GT(x.events_size(), 0);
  EXPECT_EQ(x.events(0).type(), v1::EVENT_TYPE_CONFERENCE);
  EXPECT_EQ(x.events(0).date().day(), 1);
  EXPECT_EQ(x.events(0).location().name(), "Gothenburg");
}

// "The Senate elected X as rector. The session was chaired by Y": the
// election is the outcome of a sitting someone chaired, a MEETING with its
// chair presiding; an appointment with no sitting told stays OTHER.
TEST(EventsTest, ElectionAtAChairedSittingIsAMeeting) {
  auto x = ExtractText(
      "Senate elects new rector\n\nThe Senate of the University of Valdoria on Thursday elected "
      "Professor Ida Varga as rector. The session was chaired by Professor Tom Reed.",
      2024, 6, 5);
  ASSERT_GT(x.events_size(), 0);
  EXPECT_EQ(x.events(0).type(), v1::EVENT_TYPE_MEETING);
  EXPECT_TRUE(testing::HasRole(x, "Tom Reed", v1::PARTICIPANT_ROLE_PRESIDED));
  auto other = ExtractText(
      "Company appoints chief executive\n\nNordvik Group on Thursday appointed Ida Varga as chief "
      "executive. She succeeds Tom Reed.",
      2024, 6, 5);
  ASSERT_GT(other.events_size(), 0);
  EXPECT_EQ(other.events(0).type(), v1::EVENT_TYPE_OTHER);
}

// "Ministers of the group met in Rio. X chaired the two-day meeting": no
// two named sides met, someone chaired: a MEETING, its chair presiding;
// "presented the fund's outlook" (a possessive in between) is a report.
TEST(EventsTest, AGroupMeetingSomeoneChairedIsAMeeting) {
  auto x = ExtractText(
      "Finance ministers meet in Rio\n\nFinance ministers of the group met in Rio de Janeiro on "
      "Thursday. Finance Minister Ida Varga chaired the two-day meeting. Managing Director Tom "
      "Reed presented the fund's economic outlook.",
      2024, 7, 26);
  ASSERT_GT(x.events_size(), 0);
  EXPECT_EQ(x.events(0).type(), v1::EVENT_TYPE_MEETING);
  EXPECT_TRUE(testing::HasRole(x, "Ida Varga", v1::PARTICIPANT_ROLE_PRESIDED));
  EXPECT_TRUE(testing::HasRole(x, "Tom Reed", v1::PARTICIPANT_ROLE_SPOKE));
}

// "Japan-Valdoria Foreign Ministers' Meeting": a pair of sides before a
// headline's "Meeting" makes it talks, as "Summit Meeting" does.
TEST(EventsTest, PairBeforeAHeadlineMeetingIsTalks) {
  auto x = ExtractText(
      "Nuvia-Valdoria Foreign Ministers' Meeting\n\nOn May 14, Mr. Tom Reed, Minister for "
      "Foreign Affairs of Nuvia, held a meeting with Ms. Ida Varga, Minister of Foreign Affairs "
      "of Valdoria.",
      2024, 5, 15);
  ASSERT_GT(x.events_size(), 0);
  EXPECT_EQ(x.events(0).type(), v1::EVENT_TYPE_TALKS);
  EXPECT_TRUE(testing::HasRole(x, "Tom Reed", v1::PARTICIPANT_ROLE_MET));
  EXPECT_TRUE(testing::HasRole(x, "Ida Varga", v1::PARTICIPANT_ROLE_MET));
}

// A hyphenated word before a headline's "Meeting" is a pair of sides only
// when both halves are places or nationalities the text knows: "High-Level",
// "Co-Chairs'", "Follow-Up", "Inter-Ministerial" and "Asia-Pacific" are not.
TEST(EventsTest, HyphenatedWordsThatAreNoPairAreNoTalks) {
  for (const char* head :
       {"UN High-Level Meeting on Tuberculosis", "Co-Chairs' Meeting", "Follow-Up Meeting on Water",
        "Inter-Ministerial Meeting", "Asia-Pacific Economic Cooperation Ministers' Meeting"}) {
    auto x = ExtractText(absl::StrCat(head, "\n\nOn May 14, the ", head,
                                      " was held in Lisbon. Health Minister Ida Varga attended "
                                      "the gathering."),
                         2024, 5, 15);
    ASSERT_GT(x.events_size(), 0) << head;
    EXPECT_EQ(x.events(0).type(), v1::EVENT_TYPE_MEETING) << head;
  }
  // A known place and a name the text gives as a country still make a pair.
  auto x = ExtractText(
      "Japan-Nuvo Foreign Ministers' Meeting\n\nOn May 14, Mr. Tom Reed, Minister for "
      "Foreign Affairs of Japan, held a meeting with Ms. Ida Varga, Minister of Foreign Affairs of "
      "Nuvo.",
      2024, 5, 15);
  ASSERT_GT(x.events_size(), 0);
  EXPECT_EQ(x.events(0).type(), v1::EVENT_TYPE_TALKS);
}

// "The Monetary Policy Committee of the Central Bank of Ruritania met": a
// body meeting as a body names the meeting; the last word before the verb
// alone does not. Talks keep their keyword as the name.
TEST(EventsTest, BodyThatMeetsNamesTheMeeting) {
  auto name = [](const char* text) {
    auto x = ExtractText(text, 2025, 10, 15);
    return x.events_size() > 0 ? x.events(0).name() : std::string("<none>");
  };
  EXPECT_EQ(name("Rates held\n\nThe Monetary Policy Committee of the Central Bank of Ruritania "
                 "met on Monday. Governor Ama Osei chaired it."),
            "Monetary Policy Committee of the Central Bank of Ruritania");
  EXPECT_EQ(name("Board meets\n\nThe board met on Monday. Chairman Kofi Lamptey presided."),
            "board");
  EXPECT_EQ(name("Council meets\n\nThe Regional Council, chaired by Governor Ama Osei, met in "
                 "Tamale on Tuesday."),
            "Regional Council");
  // Talks between people: no body, the keyword stays the name.
  EXPECT_EQ(name("Talks held\n\nGovernor Ama Osei met Mayor Kofi Lamptey on Monday."), "met");
}

// "The Forum of Regional Governors held its quarterly meeting": a forum
// named for its members (a post in the plural after "of") is a body that
// meets, so the meeting is the event; a forum on a subject stays a
// conference.
TEST(EventsTest, ForumOfOfficeHoldersHoldsAMeeting) {
  auto body = ExtractText(
      "Governors meet\n\nThe Forum of Regional Governors held its quarterly meeting in Tamale "
      "on Tuesday. Governor Ama Osei presided over the meeting.",
      2025, 10, 15);
  ASSERT_GT(body.events_size(), 0);
  EXPECT_EQ(body.events(0).type(), v1::EVENT_TYPE_MEETING);
  EXPECT_EQ(body.events(0).name(), "quarterly meeting");
  auto gathering = ExtractText(
      "Trade forum opens\n\nThe Forum on Regional Trade opened in Tamale on Tuesday. Governor "
      "Ama Osei addressed the forum.",
      2025, 10, 15);
  ASSERT_GT(gathering.events_size(), 0);
  EXPECT_EQ(gathering.events(0).type(), v1::EVENT_TYPE_CONFERENCE);
}

// With no other gathering's noun, a conference or forum named after its
// members is itself the gathering.
TEST(EventsTest, ConferenceOfOfficeHoldersAloneIsAConference) {
  for (const char* text :
       {"Health ministers gather\n\nThe Conference of Ministers of Health opened in Tamale on "
        "Tuesday.",
        "Mayors gather\n\nGovernor Ama Osei opened the Forum of Mayors in Tamale on "
        "Tuesday."}) {
    auto x = ExtractText(text, 2025, 10, 15);
    ASSERT_GT(x.events_size(), 0) << text;
    EXPECT_EQ(x.events(0).type(), v1::EVENT_TYPE_CONFERENCE) << text;
  }
}

// "spoke to Reuters", "told the BBC", "in an interview with Reuters":
// words to the press are no talks between two sides, and an event noun in
// what was said ("that the tariff talks had stalled", a headline's "says
// talks will resume") is no event told. Said at an event, it stays one.
TEST(EventsTest, AnInterviewIsAStatementNotTalks) {
  for (const char* text :
       {"Minister says port talks will resume\n\nShipping Minister Rosa Vell spoke to Reuters "
        "on Monday about the strike.",
        "Mayor defends levy\n\nMayor Oskar Tamm told the BBC on Monday that the talks with the "
        "unions had stalled.",
        "Envoy hopeful\n\nEnvoy Lida Marr said in an interview with Reuters that a summit "
        "was near."}) {
    auto x = ExtractText(text, 2026, 3, 6);
    ASSERT_GT(x.events_size(), 0) << text;
    EXPECT_EQ(x.events(0).type(), v1::EVENT_TYPE_STATEMENT) << text;
  }
  auto at = ExtractText(
      "Ministers meet\n\nMinister Rosa Vell said at the talks with Minister Ivo Dars on Monday "
      "that trade would grow.",
      2026, 3, 6);
  ASSERT_GT(at.events_size(), 0);
  EXPECT_EQ(at.events(0).type(), v1::EVENT_TYPE_TALKS);
  auto call = ExtractText(
      "Ministers speak\n\nMinister Rosa Vell spoke to Minister Ivo Dars by phone on Monday.", 2026,
      3, 6);
  ASSERT_GT(call.events_size(), 0);
  EXPECT_EQ(call.events(0).type(), v1::EVENT_TYPE_TALKS);
}

// "The Supreme Court heard an appeal": a court's hearing told by its verb
// is the event the lead reports, a sitting, dated by the lead.
TEST(EventsTest, ACourtHearingACaseIsASitting) {
  auto x = ExtractText(
      "Court hears appeal\n\nThe High Court heard an appeal on Tuesday over the fishing law. "
      "A ruling is expected in May.",
      2026, 3, 6);
  ASSERT_GT(x.events_size(), 0);
  EXPECT_EQ(x.events(0).type(), v1::EVENT_TYPE_MEETING);
  EXPECT_EQ(x.events(0).date().day(), 3);
}

// A past act dated by day and month alone, months after the publication
// date, is last year's; the day an appointment takes effect is not the day
// it was announced. Published on Friday 2026-03-06.
TEST(EventsTest, PastActsLieBehindAndEffectiveDaysAreNoEventDays) {
  auto past = ExtractText(
      "Chamber debates fisheries bill\n\n"
      "The provincial chamber of Varnholm debated the fisheries bill on 19 June.",
      2026, 3, 6);
  ASSERT_GT(past.events_size(), 0);
  EXPECT_EQ(past.events(0).date().year(), 2025);
  EXPECT_EQ(past.events(0).date().month(), 6);
  EXPECT_EQ(past.events(0).date().day(), 19);
  auto appointed = ExtractText(
      "Kestrel Mutual names new chief\n\n"
      "Kestrel Mutual announced on Tuesday that its board has appointed Mira Olsen as chief "
      "financial officer, effective 1 May.",
      2026, 3, 6);
  ASSERT_GT(appointed.events_size(), 0);
  EXPECT_EQ(appointed.events(0).date().year(), 2026);
  EXPECT_EQ(appointed.events(0).date().month(), 3);
  EXPECT_EQ(appointed.events(0).date().day(), 3);
  EXPECT_EQ(SpanText(appointed, appointed.events(0).date_span()), "Tuesday");
  // With no other date, the day it takes effect stays.
  auto only = ExtractText(
      "Kestrel Mutual names new chief\n\n"
      "Kestrel Mutual's board has appointed Mira Olsen as chief financial officer, effective "
      "1 May.",
      2026, 3, 6);
  ASSERT_GT(only.events_size(), 0);
  EXPECT_EQ(only.events(0).date().month(), 5);
  EXPECT_EQ(only.events(0).date().day(), 1);
  // A meeting to come keeps its coming day.
  auto future = ExtractText(
      "Envoys to sign fisheries accord\n\n"
      "Envoy Tom Reed and Minister Ana Lind will sign the fisheries accord in Varnholm on "
      "19 June.",
      2026, 3, 6);
  ASSERT_GT(future.events_size(), 0);
  EXPECT_EQ(future.events(0).date().year(), 2026);
  EXPECT_EQ(future.events(0).date().month(), 6);
}

}  // namespace
}  // namespace readout::extractor
