// Statements in the genre's constructions: verbs of every form and of
// several words, appeals and visits told apart, sources after "according
// to", headline statements, opening participles, joint subjects, and verbs
// nested in reported content that are not statements.
#include <string>
#include <vector>

#include "extractor-service/engine/discourse.h"
#include "extractor-service/engine/test_util.h"
#include "gtest/gtest.h"

namespace readout::extractor {
namespace {

using testing::ExtractText;
using testing::HasRole;
using testing::HasStatement;

// "speaker: verb: text" of every statement, in order.
std::vector<std::string> Statements(const v1::Extraction& x) {
  std::vector<std::string> out;
  for (const auto& s : x.statements()) {
    out.push_back(s.speaker_name() + ": " + s.verb() + ": " + s.text());
  }
  return out;
}

// An attribution after the quotation, with a time or a setting after the
// verb ("said on Friday", "told reporters after the meeting", "said at a
// news conference in Harlo"), reports the quotation, also behind a
// dateline and when the quotation runs over several sentences.
TEST(StatementsGenreTest, AQuotationBeforeItsAttributionAndASettingAfterTheVerb) {
  auto x = ExtractText(
      "Ferry to return\n\nHARLO, May 2 -- \"The ferry will run again in June,\" Minister Edda "
      "Saro said on Friday.\n\n\"Our schools need new roofs,\" said Governor Piet Lanz on "
      "Thursday evening.\n\n\"The budget is balanced,\" Saro told reporters after the "
      "meeting.\n\n\"Work starts in August,\" Lanz said at a news conference in Harlo.\n\n"
      "\"The roads are clear. The schools open on Monday,\" Mayor Olli Varg said.",
      2024, 5, 3);
  EXPECT_EQ(Statements(x), (std::vector<std::string>{
                               "Edda Saro: said: The ferry will run again in June",
                               "Piet Lanz: said: Our schools need new roofs",
                               "Edda Saro: told: The budget is balanced",
                               "Piet Lanz: said: Work starts in August",
                               "Olli Varg: said: The roads are clear. The schools open on Monday",
                           }));
}

// Without quotation marks: the reported words stand before the speaker's
// clause when only a setting follows its verb, and after the setting when
// "that" follows it.
TEST(StatementsGenreTest, ReportedWordsAroundASettingOfTheVerb) {
  auto x = ExtractText(
      "Dam inspected\n\nMinister Edda Saro and Governor Piet Lanz inspected the Harlo dam on "
      "Friday. The dam is safe, Minister Edda Saro said on Friday. Fares will fall, Lanz told "
      "reporters after the inspection. Lanz said on Thursday that the river was low. Saro said "
      "at a press briefing in Harlo yesterday that the lock would reopen. The new lock -- a gift "
      "of the province -- works well, Saro said today. Lanz said in a statement the canal would "
      "close.",
      2024, 5, 3);
  EXPECT_EQ(Statements(x), (std::vector<std::string>{
                               "Edda Saro: said: The dam is safe",
                               "Piet Lanz: told: Fares will fall",
                               "Piet Lanz: said: the river was low.",
                               "Edda Saro: said: the lock would reopen.",
                               "Edda Saro: said: The new lock -- a gift of the province -- works "
                               "well",
                               "Piet Lanz: said: the canal would close.",
                           }));
}

// The quotation before an attribution is that attribution's words only: a
// participle after it ("adding that ...") or another speaker's verb in the
// same sentence reports words of its own.
TEST(StatementsGenreTest, TheQuotationBeforeTheVerbIsTheFirstAttributionsOnly) {
  auto x = ExtractText(
      "Bridge talks\n\nMayor Olli Varg met Minister Edda Saro in Harlo on Friday.\n\n\"We "
      "agree,\" said Varg, adding that the bridge was needed.\n\n\"Fares stay low,\" Saro "
      "said, while Varg said that buses would run.",
      2024, 5, 3);
  EXPECT_EQ(Statements(x), (std::vector<std::string>{
                               "Olli Varg: said: We agree",
                               "Olli Varg: adding: the bridge was needed.",
                               "Edda Saro: said: Fares stay low",
                               "Olli Varg: said: buses would run.",
                           }));
}

// A relative clause between the speaker and the verb (", who arrived in X
// on Monday,", ", whose town hosts the talks,") closes before the verb: the verb is the speaker's,
// the pronoun after it opens the reported clause (no inverted "said she"), and the verb inside that
// clause reports nothing of its own.
TEST(StatementsGenreTest, ARelativeClauseBetweenSpeakerAndVerb) {
  auto x = ExtractText(
      "Strike talks\n\nGovernor Rana Holt, who landed in Veskby on Monday, said she hoped the "
      "strike would end soon. Senator Jon Aske, who chairs the fisheries panel, said he "
      "believed quotas would rise. Envoy Mira Tolk, who arrived on Tuesday, said she welcomed "
      "the offer. Mayor Ines Kade, whose town hosts the talks, said she hoped for a deal. Kade, "
      "who met Tolk on Tuesday, told reporters she hoped the strike would end.",
      2024, 5, 3);
  EXPECT_EQ(Statements(x), (std::vector<std::string>{
                               "Rana Holt: said: she hoped the strike would end soon.",
                               "Jon Aske: said: he believed quotas would rise.",
                               "Mira Tolk: said: she welcomed the offer.",
                               "Ines Kade: said: she hoped for a deal.",
                               "Ines Kade: told: she hoped the strike would end.",
                           }));
}

// "gave a press conference", "gave a dinner for the delegates": a
// gathering given reports no words; "gave an update on" still does.
TEST(StatementsGenreTest, AGatheringGivenIsNoStatement) {
  auto x = ExtractText(
      "Minister in Harlo\n\nMinister Edda Saro gave a press conference in Harlo on Friday. "
      "Governor Piet Lanz gave a dinner for the delegates. Mayor Olli Varg gives a news "
      "briefing every week. Saro gave an update on the ferry.",
      2024, 5, 3);
  EXPECT_EQ(Statements(x), (std::vector<std::string>{
                               "Edda Saro: gave: an update on the ferry.",
                           }));
}

TEST(StatementsGenreTest, CallingOnSidesIsAnAppealCallingOnAPersonIsAVisit) {
  auto x = ExtractText(
      "Envoy in Hanoi\n\nAmbassador Ruth Okafor called on Governor Pham Lan on Friday. "
      "Pham Lan called on the two provinces to deepen trade, and Okafor calls on "
      "investors to come. Okafor is calling on firms to invest.",
      2024, 5, 3);
  EXPECT_TRUE(HasStatement(x, "Pham Lan", "called on"));
  EXPECT_TRUE(HasStatement(x, "Ruth Okafor", "calls on"));
  EXPECT_TRUE(HasStatement(x, "Ruth Okafor", "calling on"));
  // The visit to the governor reports nothing.
  int called = 0;
  for (const auto& s : x.statements()) called += s.verb() == "called on";
  EXPECT_EQ(called, 1);
}

TEST(StatementsGenreTest, EveryFormOfAReportingVerbAndPhrasesOfSeveralWords) {
  auto x = ExtractText(
      "Talks\n\nMinister Ida Berg met Envoy Sam Kole. Ms Berg updated the envoy about the "
      "port. Kole informed her of the plan. Berg summed up the work of the year. Kole "
      "looked forward to the next round and invited Berg to visit.");
  EXPECT_TRUE(HasStatement(x, "Ida Berg", "updated"));
  EXPECT_TRUE(HasStatement(x, "Sam Kole", "informed"));
  EXPECT_TRUE(HasStatement(x, "Ida Berg", "summed up"));
  EXPECT_TRUE(HasStatement(x, "Sam Kole", "looked forward to"));
  EXPECT_TRUE(HasStatement(x, "Sam Kole", "invited"));
}

TEST(StatementsGenreTest, ANounAfterADeterminerIsNoVerb) {
  // "commended" here describes the people listed; "reply" is a noun.
  auto x = ExtractText(
      "Mayor honours staff\n\nMayor Sun Hao met with Qi Lan, Bo Rui, and Fang Yu, the "
      "commended model workers, on Monday. Fang Yu, in her reply, said the city is kind.",
      2024, 5, 3);
  EXPECT_FALSE(HasStatement(x, "Fang Yu", "commended"));
  EXPECT_FALSE(HasStatement(x, "Fang Yu", "reply"));
  EXPECT_TRUE(HasStatement(x, "Fang Yu", "said"));
  EXPECT_TRUE(HasRole(x, "Fang Yu", v1::PARTICIPANT_ROLE_MET));
  EXPECT_TRUE(HasRole(x, "Qi Lan", v1::PARTICIPANT_ROLE_MET));
}

TEST(StatementsGenreTest, AccordingToNamesTheSourceAfterIt) {
  auto x = ExtractText(
      "Fair opens\n\nGovernor Tan Wei opened the fair on Monday. The fair will run for a "
      "week, according to Tan.",
      2024, 5, 3);
  EXPECT_TRUE(HasStatement(x, "Tan Wei", "according to"));
}

TEST(StatementsGenreTest, HeadlineStatementCountsWhenTheBodyLacksIt) {
  auto x = ExtractText(
      "Governor Tan Urges Cleaner Rivers\n\nGovernor Tan Wei inspected the river on "
      "Monday. Tan said the work must go on.",
      2024, 5, 3);
  EXPECT_TRUE(HasStatement(x, "Tan Wei", "Urges"));
  // A headline restating the body's verb adds nothing.
  auto restated = ExtractText(
      "Governor Tan Urges Cleaner Rivers\n\nGovernor Tan Wei urged cleaner rivers on "
      "Monday.",
      2024, 5, 3);
  EXPECT_FALSE(HasStatement(restated, "Tan Wei", "Urges"));
  EXPECT_TRUE(HasStatement(restated, "Tan Wei", "urged"));
}

TEST(StatementsGenreTest, OpeningParticipleThatReportsContent) {
  auto x = ExtractText(
      "Talks\n\nStressing that the roads matter, Mayor Jin Bo said work will speed up. "
      "Highlighting the role of ports, Jin Bo visited a dock.");
  EXPECT_TRUE(HasStatement(x, "Jin Bo", "Stressing"));
  EXPECT_TRUE(HasStatement(x, "Jin Bo", "said"));
  EXPECT_FALSE(HasStatement(x, "Jin Bo", "Highlighting"));
}

TEST(StatementsGenreTest, AddingAfterAThatClauseAndAVerbJoinedToMet) {
  auto x = ExtractText(
      "Talks\n\nMayor Jin Bo noted that the port is busy, adding that rail is next. "
      "Governor Hu Ling met the visitors and conveyed warm greetings.");
  EXPECT_TRUE(HasStatement(x, "Jin Bo", "noted"));
  EXPECT_TRUE(HasStatement(x, "Jin Bo", "adding"));
  EXPECT_TRUE(HasStatement(x, "Hu Ling", "conveyed"));
}

TEST(StatementsGenreTest, JointSubjectGivesEachSpeakerAStatement) {
  auto x = ExtractText(
      "Talks\n\nMinister Ida Berg met Envoy Sam Kole and Consul Eva Dahl. Berg, Kole and "
      "Dahl stressed that the talks went well.");
  EXPECT_TRUE(HasStatement(x, "Ida Berg", "stressed"));
  EXPECT_TRUE(HasStatement(x, "Sam Kole", "stressed"));
  EXPECT_TRUE(HasStatement(x, "Eva Dahl", "stressed"));
  // A name before an opening phrase's comma is no joint subject.
  auto single = ExtractText(
      "Talks\n\nAfter meeting Envoy Sam Kole, Minister Ida Berg said the talks went well.");
  EXPECT_TRUE(HasStatement(single, "Ida Berg", "said"));
  EXPECT_FALSE(HasStatement(single, "Sam Kole", "said"));
}

TEST(StatementsGenreTest, VerbsInsideReportedContentAreNotStatements) {
  auto x = ExtractText(
      "Talks\n\nMayor Jin Bo said she welcomes the investors. Governor Hu Ling said Jin Bo "
      "described the plan as sound, and Jin Bo stressed the budget.");
  EXPECT_TRUE(HasStatement(x, "Jin Bo", "said"));
  EXPECT_FALSE(HasStatement(x, "Jin Bo", "welcomes"));
  EXPECT_TRUE(HasStatement(x, "Hu Ling", "said"));
  EXPECT_FALSE(HasStatement(x, "Jin Bo", "described"));
  // After ", and" a new clause reports again.
  EXPECT_TRUE(HasStatement(x, "Jin Bo", "stressed"));
}

TEST(StatementsGenreTest, AdverbsPassivesNounsAndInfinitives) {
  auto x = ExtractText(
      "Talks\n\nMayor Jin Bo met Envoy Sam Kole. Jin Bo warmly appreciated the support. "
      "Sam Kole was briefed on the port. Jin Bo called for help for farmers to plant and "
      "propose crops, reflecting the hopes and wishes of the people. Kole continued, "
      "\"Trade is up.\"");
  EXPECT_TRUE(HasStatement(x, "Jin Bo", "appreciated"));
  EXPECT_FALSE(HasStatement(x, "Sam Kole", "briefed"));
  EXPECT_TRUE(HasStatement(x, "Jin Bo", "called for"));
  EXPECT_FALSE(HasStatement(x, "Jin Bo", "propose"));
  EXPECT_FALSE(HasStatement(x, "Jin Bo", "wishes"));
  EXPECT_TRUE(HasStatement(x, "Sam Kole", "continued"));
}

TEST(StatementsGenreTest, SurnameOfANameWithAHyphenatedGivenName) {
  // "Given Surname Gi-ven": the word before the hyphenated given name is the
  // surname the text later uses alone.
  auto x = ExtractText(
      "Talks\n\nMayor Gao Pei met with Peter Leung Chi-ming, head of Beta Shipping. Leung "
      "said the port is attractive.");
  EXPECT_TRUE(HasStatement(x, "Peter Leung Chi-ming", "said"));
}

TEST(StatementsGenreTest, ASecondVerbAfterAndAndAnAdverbSharesTheSubject) {
  auto x = ExtractText(
      "Talks\n\nGovernor Dao Minh Tuan showed his pleasure at the visit and warmly "
      "appreciated the help of the foundation. Minister Ivo Sarn raised the case of the "
      "stranded sailors and pressed for their swift return.");
  EXPECT_TRUE(HasStatement(x, "Dao Minh Tuan", "appreciated"));
  EXPECT_TRUE(HasStatement(x, "Ivo Sarn", "pressed for"));
}

TEST(StatementsGenreTest, CommentedThatReportsCommentedOnIsARole) {
  auto x = ExtractText(
      "Talks\n\nGovernor Hu Ling met Ambassador Ruth Okafor on Friday. Okafor commented that "
      "the exchange programme had done well. The High Representative Ida Berg debriefed the "
      "ministers on the summit.",
      2024, 5, 3);
  EXPECT_TRUE(HasStatement(x, "Ruth Okafor", "commented"));
  EXPECT_FALSE(HasRole(x, "Ruth Okafor", v1::PARTICIPANT_ROLE_COMMENTED));
  EXPECT_TRUE(HasStatement(x, "Ida Berg", "debriefed"));
  auto on = ExtractText(
      "Talks\n\nGovernor Hu Ling met Ambassador Ruth Okafor on Friday. Okafor commented on "
      "the talks.",
      2024, 5, 3);
  EXPECT_TRUE(HasRole(on, "Ruth Okafor", v1::PARTICIPANT_ROLE_COMMENTED));
  EXPECT_FALSE(HasStatement(on, "Ruth Okafor", "commented"));
}

TEST(StatementsGenreTest, AnUnnamedTitleGoesToWhoseTitleItIsExactly) {
  // "The Vice President" is the one whose title is exactly that, not the
  // Vice President-elect, though both begin with it.
  auto x = ExtractText(
      "Transition\n\nVice President-elect Sam Kole met Vice President Ana Lind at her "
      "residence. Kole thanked her. The Vice President offered her help to the team.",
      2024, 5, 3);
  EXPECT_TRUE(HasStatement(x, "Ana Lind", "offered"));
  EXPECT_FALSE(HasStatement(x, "Sam Kole", "offered"));
}

TEST(StatementsGenreTest, TheLeaderAsSubjectIsTheSentenceBeforesPrincipal) {
  // "leader" is no post here, but as a sentence's subject it refers back
  // like a pronoun.
  auto x = ExtractText(
      "Cabinet meets\n\nPrime Minister Ivo Sarn chaired the cabinet on Friday.\n\nThe "
      "leader announced that the budget will grow.",
      2024, 5, 3);
  EXPECT_TRUE(HasStatement(x, "Ivo Sarn", "announced"));
}

TEST(StatementsGenreTest, TheVerbOfARelativeClauseIsItsAntecedents) {
  auto x = ExtractText(
      "Board changes\n\nThe board named Lars Ekdahl as chief executive. He succeeds Ines "
      "Moura, who recently announced her plans to retire.");
  EXPECT_TRUE(HasStatement(x, "Ines Moura", "announced"));
  EXPECT_FALSE(HasStatement(x, "Lars Ekdahl", "announced"));
}

TEST(StatementsGenreTest, APortfolioTitleIsNotAnyHolderOfItsHead) {
  // "The Foreign Secretary" is not the Secretary of State, though both are
  // secretaries; "the Party Secretary" by its head alone still resolves.
  auto x = ExtractText(
      "Talks\n\nSecretary of State Ana Lind held talks with Prime Minister Ivo Sarn in London. "
      "The Foreign Secretary welcomed the progress.",
      2024, 5, 3);
  EXPECT_FALSE(HasStatement(x, "Ana Lind", "welcomed"));
  auto party = ExtractText(
      "Talks\n\nBo Rui, secretary of the Provincial Committee, met envoys on Monday. The Party "
      "Secretary stressed that trade matters.",
      2024, 5, 3);
  EXPECT_TRUE(HasStatement(party, "Bo Rui", "stressed"));
}

TEST(StatementsGenreTest, AReportingWordRightAfterAVerbIsItsObject) {
  // "extended welcome": "welcome" is the noun, so the verb joined by "and"
  // after it is still the subject's.
  auto x = ExtractText(
      "Talks\n\nVice Mayor Sun Hao met Envoy Sam Kole on Monday. Sun Hao extended welcome to "
      "the guests and briefed them on the port. Kole expressed thanks for the visit and "
      "praised the city.",
      2024, 5, 3);
  EXPECT_TRUE(HasStatement(x, "Sun Hao", "extended"));
  EXPECT_TRUE(HasStatement(x, "Sun Hao", "briefed"));
  EXPECT_FALSE(HasStatement(x, "Sun Hao", "welcome"));
  EXPECT_TRUE(HasStatement(x, "Sam Kole", "expressed"));
  EXPECT_TRUE(HasStatement(x, "Sam Kole", "praised"));
  EXPECT_FALSE(HasStatement(x, "Sam Kole", "thanks"));
}

TEST(StatementsGenreTest, AnIndirectQuestionReportsNothing) {
  auto x = ExtractText(
      "Hearing\n\nThe panel asked Director Ida Berg how she explained the delay. Members "
      "wanted to know why he said nothing, and whether she noted the risk.",
      2024, 5, 3);
  EXPECT_FALSE(HasStatement(x, "Ida Berg", "explained"));
  EXPECT_FALSE(HasStatement(x, "Ida Berg", "said"));
  EXPECT_FALSE(HasStatement(x, "Ida Berg", "noted"));
  // A plain clause with the same verb still reports.
  auto plain = ExtractText(
      "Hearing\n\nDirector Ida Berg met the panel on Monday. She explained how the delay "
      "arose.",
      2024, 5, 3);
  EXPECT_TRUE(HasStatement(plain, "Ida Berg", "explained"));
}

TEST(StatementsGenreTest, AnAbsoluteParticipleBelongsToTheSubjectBeforeIt) {
  auto x = ExtractText(
      "Talks\n\nSecretary-General Omar Khan met President Ana Costa on Monday. They welcomed "
      "the new aid routes, the Secretary-General hoping that every town will be reached.",
      2024, 5, 3);
  EXPECT_TRUE(HasStatement(x, "Omar Khan", "hoping"));
  auto with = ExtractText(
      "Talks\n\nMayor Gao Pei met Envoy Sam Kole on Monday. Trade was discussed, with Kole "
      "noting that exports had doubled.",
      2024, 5, 3);
  EXPECT_TRUE(HasStatement(with, "Sam Kole", "noting"));
  // Without "that" after it, the participle is no report ("the envoy
  // hoping for a visit" names a wish, not content).
  auto bare = ExtractText(
      "Talks\n\nMayor Gao Pei met Envoy Sam Kole on Monday. They toured the port, Kole "
      "hoping for a second visit.",
      2024, 5, 3);
  EXPECT_FALSE(HasStatement(bare, "Sam Kole", "hoping"));
}

TEST(StatementsGenreTest, TakingTheOpportunityToThankIsThanking) {
  auto x = ExtractText(
      "Talks\n\nPresident Ana Costa met Envoy Sam Kole on Monday. Costa took the opportunity "
      "to thank the envoy for the aid. Kole also takes the occasion to congratulate the "
      "city.",
      2024, 5, 3);
  EXPECT_TRUE(HasStatement(x, "Ana Costa", "thank"));
  EXPECT_TRUE(HasStatement(x, "Sam Kole", "congratulate"));
  // Another infinitive is still no report.
  auto plan = ExtractText(
      "Talks\n\nPresident Ana Costa met Envoy Sam Kole on Monday. Costa plans to thank the "
      "envoy in writing.",
      2024, 5, 3);
  EXPECT_FALSE(HasStatement(plan, "Ana Costa", "thank"));
}

TEST(StatementsGenreTest, ABareTitleAsSubjectIsItsHolder) {
  // No determiner and no name: "PPC Vice Chairman was pleased ...", also
  // after an opening phrase.
  auto x = ExtractText(
      "Delegation received\n\nVice Chairman of the Provincial Committee Pham Van Long had a "
      "reception with a delegation from Ruritania on Monday.\n\nOn behalf of the province, "
      "PPC Vice Chairman was pleased to receive the delegation and briefly informed it of the "
      "port project. Vice Chairman stressed that trade matters.",
      2024, 6, 3);
  EXPECT_TRUE(HasStatement(x, "Pham Van Long", "informed"));
  EXPECT_TRUE(HasStatement(x, "Pham Van Long", "stressed"));
  // A title no one named holds resolves to no one.
  auto none = ExtractText(
      "Delegation received\n\nVice Chairman of the Provincial Committee Pham Van Long met a "
      "delegation on Monday. Prime Minister stressed that trade matters.",
      2024, 6, 3);
  EXPECT_FALSE(HasStatement(none, "Pham Van Long", "stressed"));
}

TEST(StatementsGenreTest, AVerbAfterAnObjectAndAndIsTheSubjects) {
  // "thanked Minister Costa for ... and underscored": Costa is the object of
  // "thanked", so "underscored" is still the Secretary's.
  auto x = ExtractText(
      "Talks\n\nSecretary of State Mary Hill met Foreign Minister Ana Costa in Washington. "
      "Secretary Hill thanked Foreign Minister Costa for the support and underscored the "
      "partnership. Hill congratulated Costa and praised the reforms.",
      2024, 5, 3);
  EXPECT_TRUE(HasStatement(x, "Mary Hill", "thanked"));
  EXPECT_TRUE(HasStatement(x, "Mary Hill", "underscored"));
  EXPECT_TRUE(HasStatement(x, "Mary Hill", "praised"));
  EXPECT_FALSE(HasStatement(x, "Ana Costa", "praised"));
  // The object of a preposition: "his congratulations to the Minister".
  auto to = ExtractText(
      "Talks\n\nSecretary of State Mary Hill met Foreign Minister Ana Costa in Washington. "
      "Hill reiterated her congratulations to the Foreign Minister following her election "
      "and praised the peaceful transition.",
      2024, 5, 3);
  EXPECT_TRUE(HasStatement(to, "Mary Hill", "praised"));
  // A subject inside reported content keeps its own verbs out.
  auto nested = ExtractText(
      "Talks\n\nSecretary of State Mary Hill met Foreign Minister Ana Costa in Washington. "
      "Hill said that Costa described the talks as candid and praised the reforms.",
      2024, 5, 3);
  EXPECT_FALSE(HasStatement(nested, "Mary Hill", "praised"));
  EXPECT_FALSE(HasStatement(nested, "Ana Costa", "described"));
}

TEST(StatementsGenreTest, APhraseAsOpeningParticipleAndWrote) {
  auto x = ExtractText(
      "Talks\n\nPointing out that growth is slow, Director Ines Valdez called for reform. "
      "Minister Oda Rasmussen met her on Monday. Minister Rasmussen wrote on social media that "
      "the visit was fruitful.");
  EXPECT_TRUE(HasStatement(x, "Ines Valdez", "Pointing out"));
  EXPECT_TRUE(HasStatement(x, "Ines Valdez", "called for"));
  EXPECT_TRUE(HasStatement(x, "Oda Rasmussen", "wrote"));
  // A participle phrase without reported content is none.
  auto z = ExtractText("Talks\n\nPointing out the map, Director Ines Valdez met the press.");
  EXPECT_FALSE(HasStatement(z, "Ines Valdez", "Pointing out"));
}

// "A and B both said that ...": a quantifier between the joint subject and
// its verb; one statement for each speaker (FORMAT.md).
TEST(StatementsGenreTest, JointSubjectWithAQuantifier) {
  auto x = ExtractText(
      "Talks\n\nGovernor Li Ming met Ambassador Omar Nasser on Monday. Nasser and Li both said "
      "that trade matters.",
      2024, 6, 3);
  EXPECT_TRUE(HasStatement(x, "Omar Nasser", "said"));
  EXPECT_TRUE(HasStatement(x, "Li Ming", "said"));
}

TEST(StatementsGenreTest, NameAfterAVerbOfAddressIsItsObjectNotAnInvertedSpeaker) {
  // The subject's appositive ends in a comma right before the verb.
  auto x = ExtractText(
      "Minister receives delegation\n\nMinister Lars Holt received a trade delegation on "
      "Wednesday. Ida Berg, head of the delegation, thanked the minister for the welcome.",
      2024, 5, 3);
  EXPECT_TRUE(HasStatement(x, "Ida Berg", "thanked"));
  EXPECT_FALSE(HasStatement(x, "Lars Holt", "thanked"));
  auto named = ExtractText(
      "Minister receives delegation\n\nMinister Lars Holt received a trade delegation on "
      "Wednesday. The head of the delegation, Ms. Ida Berg, urged Holt to cut tariffs.",
      2024, 5, 3);
  EXPECT_TRUE(HasStatement(named, "Ida Berg", "urged"));
  EXPECT_FALSE(HasStatement(named, "Lars Holt", "urged"));
  auto said = ExtractText(
      "Minister receives delegation\n\nMinister Lars Holt received a trade delegation on "
      "Wednesday. Ida Berg, head of the delegation, said Holt had been generous.",
      2024, 5, 3);
  EXPECT_TRUE(HasStatement(said, "Ida Berg", "said"));
  EXPECT_FALSE(HasStatement(said, "Lars Holt", "said"));
  auto appositive_name = ExtractText(
      "Minister receives delegation\n\nMinister Lars Holt received a trade delegation on "
      "Wednesday. The head of the delegation, Ms. Ida Berg, said Holt had been generous.",
      2024, 5, 3);
  EXPECT_TRUE(HasStatement(appositive_name, "Ida Berg", "said"));
  EXPECT_FALSE(HasStatement(appositive_name, "Lars Holt", "said"));
  // "said" still inverts after a quotation's comma.
  auto inverted = ExtractText(
      "Minister receives delegation\n\nMinister Lars Holt received a trade delegation on "
      "Wednesday. \"Trade will grow,\" said Holt.",
      2024, 5, 3);
  EXPECT_TRUE(HasStatement(inverted, "Lars Holt", "said"));
}

TEST(StatementsGenreTest, PutForwardCountedRequirementsIsAStatementWithItsPoints) {
  auto x = ExtractText(
      "Flood meeting\n\nGovernor Kai Lund chaired a meeting on flood control on Thursday. Lund "
      "put forward three requirements. First, watch the rivers. Second, repair the dikes. "
      "Third, keep the public informed.",
      2024, 5, 3);
  ASSERT_TRUE(HasStatement(x, "Kai Lund", "put forward"));
  for (const auto& s : x.statements()) {
    if (s.verb() == "put forward") EXPECT_EQ(s.points_size(), 3);
  }
  // Ideas put forward over a career report nothing said at the event.
  auto career = ExtractText(
      "Flood meeting\n\nGovernor Kai Lund chaired a meeting on flood control on Thursday. "
      "Since 2012, Lund put forward a series of new ideas on water.",
      2024, 5, 3);
  EXPECT_FALSE(HasStatement(career, "Kai Lund", "put forward"));
}

// "Firstly ... Secondly ... Lastly, ...": a closing "Lastly,", "Finally,"
// or "Last," after two numbered points is the last point; alone it is none.
TEST(StatementsGenreTest, AClosingPointAfterNumberedOnes) {
  auto x = ExtractText(
      "Committee\n\nChairperson Ana Lind said the committee would work in three stages. "
      "Firstly, the revenue. Secondly, the spending. Lastly, the borrowing. Tom Reed said "
      "the plan was sound. Finally, the committee adjourned.");
  int lind_points = -1, reed_points = -1;
  for (const auto& s : x.statements()) {
    if (s.speaker_name() == "Ana Lind" && s.verb() == "said") lind_points = s.points_size();
    if (s.speaker_name() == "Tom Reed" && s.verb() == "said") reed_points = s.points_size();
  }
  EXPECT_EQ(lind_points, 3);
  EXPECT_EQ(reed_points, 0);
}

// "The Japanese leader said ...": a country's adjective and "leader", "PM"
// or "premier" name the one person whose title carries the adjective; with
// two such people ("Japanese Prime Minister", "Japanese Foreign Minister")
// it names neither.
TEST(StatementsGenreTest, ACountrysLeaderIsTheOneWithThatCountryInTheTitle) {
  auto x = ExtractText(
      "Talks\n\nPrime Minister Ana Lind met Japanese Prime Minister Kenji Moriyama. The "
      "Japanese leader said ties matter. The Japanese PM stressed trade.");
  EXPECT_TRUE(HasStatement(x, "Kenji Moriyama", "said"));
  EXPECT_TRUE(HasStatement(x, "Kenji Moriyama", "stressed"));
  EXPECT_FALSE(HasStatement(x, "Ana Lind", "said"));
  auto two = ExtractText(
      "Talks\n\nJapanese Prime Minister Kenji Moriyama met Japanese Foreign Minister Taro "
      "Kono. The Japanese leader said ties matter.");
  EXPECT_FALSE(HasStatement(two, "Kenji Moriyama", "said"));
  EXPECT_FALSE(HasStatement(two, "Taro Kono", "said"));
}

// Every repetition of "the Japanese leader" in a long report names the one
// holder of a "Japanese" title, and a word in two of one person's titles is
// still that person's alone.
TEST(StatementsGenreTest, ACountrysLeaderRepeatedNamesTheSameHolderEachTime) {
  std::string text =
      "Talks\n\nPrime Minister Ana Lind met Japanese Prime Minister Kenji Moriyama, "
      "also Japanese Minister of Defence.";
  const int kRepeats = 40;
  for (int i = 0; i < kRepeats; ++i) text += "\n\nThe Japanese leader said ties matter.";
  auto x = ExtractText(text);
  int said = 0;
  for (const auto& s : x.statements()) {
    if (s.verb() == "said") {
      EXPECT_EQ(s.speaker_name(), "Kenji Moriyama");
      ++said;
    }
  }
  EXPECT_EQ(said, kRepeats);
}

// "proposed three measures: first, to A; second, to B; and third, to C":
// points enumerated inside the sentence, after a colon and between
// semicolons; a lone "first," after a colon is no list.
TEST(StatementsGenreTest, PointsEnumeratedInsideTheSentence) {
  auto x = ExtractText(
      "Talks\n\nAna Lind proposed three measures: first, to open the border; second, to fight "
      "smuggling; and third, to develop tourism. Tom Reed said one thing: first, trade.");
  int lind = -1, reed = -1;
  for (const auto& s : x.statements()) {
    if (s.speaker_name() == "Ana Lind" && s.verb() == "proposed") lind = s.points_size();
    if (s.speaker_name() == "Tom Reed" && s.verb() == "said") reed = s.points_size();
  }
  EXPECT_EQ(lind, 3);
  EXPECT_EQ(reed, 0);
}

// "stressed that first, A; second, B; third, C": ordinals open the items
// right after the verb's "that" as well as after a colon, and a comma
// before the next ordinal ends an item too.
TEST(StatementsGenreTest, OrdinalPointsRightAfterThat) {
  auto x = ExtractText(
      "Plenary\n\nSecretary Oskar Virta chaired the plenary in Lakeby on Monday. Virta "
      "stressed that first, the harbour must be dredged; second, the ferry must run daily, "
      "and third, the school must reopen.",
      2024, 5, 3);
  int points = -1;
  std::string second;
  for (const auto& s : x.statements()) {
    if (s.speaker_name() == "Oskar Virta" && s.verb() == "stressed") {
      points = s.points_size();
      if (points > 1) second = s.points(1).text();
    }
  }
  EXPECT_EQ(points, 3);
  EXPECT_EQ(second, "second, the ferry must run daily");
}

// "put forward three proposals: A, B and C": a count announced before the
// colon, and exactly that many items after it; a count the list does not
// match gives no points.
TEST(StatementsGenreTest, ACountedListAfterAColonGivesItsItems) {
  auto x = ExtractText(
      "Council\n\nMayor Greta Solberg chaired the council in Fjellby on Monday. Solberg put "
      "forward three proposals: to widen the quay, to hire two nurses and to repair the "
      "library roof. Deputy Mayor Lars Brekke raised two concerns: the cost of the quay and "
      "the noise and dust of the works and the lack of parking.",
      2024, 5, 3);
  int solberg = -1, brekke = -1;
  std::string last;
  for (const auto& s : x.statements()) {
    if (s.speaker_name() == "Greta Solberg") {
      solberg = s.points_size();
      if (solberg == 3) last = s.points(2).text();
    }
    if (s.speaker_name() == "Lars Brekke") brekke = s.points_size();
  }
  EXPECT_EQ(solberg, 3);
  EXPECT_EQ(last, "to repair the library roof");
  // Two concerns announced, and "and" three times over: no reading of
  // which "and" splits them.
  EXPECT_LE(brekke, 0);

  // "including" lists a part of the count, by semicolons; the count and
  // its list may stand before an inverted verb.
  auto part = ExtractText(
      "Council\n\nMayor Greta Solberg chaired the council in Fjellby on Monday. Solberg "
      "announced five goals for the year, including a new quay; two more nurses; and a "
      "dry library. Two tasks come first, namely the roads and the schools, said Deputy Mayor Lars "
      "Brekke.",
      2024, 5, 3);
  int goals = -1, tasks = -1;
  for (const auto& s : part.statements()) {
    if (s.verb() == "announced") goals = s.points_size();
    if (s.verb() == "said") tasks = s.points_size();
  }
  EXPECT_EQ(goals, 3);
  EXPECT_EQ(tasks, 2);
}

// A statement closing its paragraph with a colon, then a list one item to
// a paragraph: "1." / "2)" numbered in order, or bulleted. An HTML <ol> or
// <ul> reads the same, its markers written into the text.
TEST(StatementsGenreTest, NumberedAndBulletedListsAfterAColon) {
  auto x = ExtractText(
      "Council\n\nMayor Greta Solberg chaired the council in Fjellby on Monday. Solberg "
      "outlined her priorities:\n\n1. Finish the quay.\n\n2. Hire nurses for the clinic.\n\n"
      "3. Repair the library.\n\nDeputy Mayor Lars Brekke stressed:\n\n\xE2\x80\xA2 safety "
      "first;\n\n\xE2\x80\xA2 low costs.\n\nThe council closed at noon.",
      2024, 5, 3);
  int solberg = -1, brekke = -1;
  std::string first;
  for (const auto& s : x.statements()) {
    if (s.speaker_name() == "Greta Solberg" && s.verb() == "outlined") {
      solberg = s.points_size();
      if (solberg > 0) first = s.points(0).text();
    }
    if (s.speaker_name() == "Lars Brekke" && s.verb() == "stressed") brekke = s.points_size();
  }
  EXPECT_EQ(solberg, 3);
  EXPECT_EQ(first, "Finish the quay");
  EXPECT_EQ(brekke, 2);

  Extractor extractor;
  auto html = extractor.Extract(
      {.content = "<html><head><title>Council sits</title></head><body><p>Mayor Greta "
                  "Solberg chaired the council in Fjellby on Monday.</p><p>Solberg put "
                  "forward three proposals:</p><ol><li>Finish the quay.</li><li>Hire "
                  "nurses.</li><li>Repair the library.</li></ol><p>The council closed.</p>"
                  "</body></html>"});
  ASSERT_TRUE(html.ok()) << html.status();
  int from_html = -1;
  for (const auto& s : html->statements()) {
    if (s.speaker_name() == "Greta Solberg") from_html = s.points_size();
  }
  EXPECT_EQ(from_html, 3);
}

// The text of a quoted statement is the quotation without its marks: split
// around its attribution ("\"A,\" the mayor said, \"B.\""), after a colon,
// before the speaker, and over paragraphs when the next paragraph opens
// with a mark and the one before did not close.
TEST(StatementsGenreTest, QuotedTextAroundTheAttributionAndOverParagraphs) {
  auto x = ExtractText(
      "Mayor pledges repairs\n\nMayor Nadia Holm met residents of Sandvik on Monday. "
      "\"We will fix the pier,\" the mayor said, \"and we will do it this summer.\" "
      "\"The ferry comes first,\" Holm said. Port Director Emil Sand said: \"Our cranes "
      "are old. They break every week.\n\n\"New ones arrive in May.\"\n\nHolm thanked "
      "the residents.",
      2024, 5, 3);
  std::vector<std::string> said;
  for (const auto& s : x.statements()) {
    if (s.verb() == "said") said.push_back(s.speaker_name() + ": " + s.text());
  }
  ASSERT_EQ(said.size(), 3u);
  EXPECT_EQ(said[0], "Nadia Holm: We will fix the pier, and we will do it this summer.");
  EXPECT_EQ(said[1], "Nadia Holm: The ferry comes first");
  EXPECT_EQ(said[2],
            "Emil Sand: Our cranes are old. They break every week. New ones arrive in May.");
}

// "According to X, A": the text follows the source's comma; a verb joined
// by ", and" starts a clause of its own, which ends the first verb's text.
TEST(StatementsGenreTest, TextAfterAnOpeningSourceAndUpToTheNextClause) {
  auto x = ExtractText(
      "Budget\n\nMayor Nadia Holm chaired the council in Sandvik on Monday. According to "
      "Holm, the budget is balanced. Holm noted that the year was hard, and emphasized the "
      "need to save. She quoted the auditor as saying the books are clean.",
      2024, 5, 3);
  std::string according, noted, quoted;
  for (const auto& s : x.statements()) {
    if (s.verb() == "According to") according = s.text();
    if (s.verb() == "noted") noted = s.text();
    if (s.verb() == "quoted") quoted = s.text();
  }
  EXPECT_EQ(according, "the budget is balanced.");
  EXPECT_EQ(noted, "the year was hard");
  EXPECT_EQ(quoted, "the auditor as saying the books are clean.");
}

// "the warm welcome", "her sincere thanks": a reporting word after a
// determiner and adjectives is a noun, so the verb joined by "and" after
// it still has the subject ("thanked X for the warm welcome and said").
TEST(StatementsGenreTest, AReportingWordAfterAnAdjectiveIsANoun) {
  auto x = ExtractText(
      "Talks\n\nGovernor Hanna Vik met Senator Paul Ortiz in Brekke on Wednesday. Ortiz "
      "thanked Vik for the warm welcome and said his state wants to buy fish. Vik conveyed "
      "her sincere thanks and stressed that the ferry would run.",
      2024, 5, 3);
  EXPECT_TRUE(HasStatement(x, "Paul Ortiz", "said"));
  EXPECT_FALSE(HasStatement(x, "Paul Ortiz", "welcome"));
  EXPECT_TRUE(HasStatement(x, "Hanna Vik", "stressed"));
  EXPECT_FALSE(HasStatement(x, "Hanna Vik", "thanks"));
}

// "X met with Y. The minister said ...": when two people hold the title
// alike, the one the previous sentence was about (its subject) is meant,
// not the one named last; a title only one of them holds still names that
// one.
TEST(StatementsGenreTest, ATitleTwoPeopleHoldNamesThePreviousSubject) {
  auto x = ExtractText(
      "Ministers meet\n\nForeign Minister Ruth Halden of Norland met with Trade Minister "
      "Osei Boateng of Kasara in Velden on Monday. The minister said Norland wants closer "
      "ties. The Trade Minister noted that tariffs would fall.",
      2024, 5, 3);
  EXPECT_TRUE(HasStatement(x, "Ruth Halden", "said"));
  EXPECT_FALSE(HasStatement(x, "Osei Boateng", "said"));
  EXPECT_TRUE(HasStatement(x, "Osei Boateng", "noted"));
}

// What describes a speaker between the name and the verb, with no title
// head in it ("of Laval University", ", a health economist at X,"), and a
// relative clause naming someone else (", who met Y,"), leave the verb to
// the speaker. The clause's own verb stays its subject's. A description
// whose noun heads an organization's name ("the paper company") makes no
// person of the run before it.
TEST(StatementsTest, DescriptionsAndRelativeClausesBeforeTheVerb) {
  auto x = ExtractText(
      "Hearing\n\nThe committee held a hearing on Monday. Pierre Gagnon of Laval University "
      "warned that costs would rise. Ada Quill, a health economist at Nordby College, noted that "
      "wages lag. Tom Reed, who met Kai Lund on Monday, stressed that talks go on. Bo Kell met "
      "Ana Costa, who urged calm. Norvik Enso, the paper company, announced a loss.",
      2024, 5, 4);
  EXPECT_FALSE(HasStatement(x, "Norvik Enso", "announced"));
  EXPECT_TRUE(HasStatement(x, "Pierre Gagnon", "warned"));
  EXPECT_TRUE(HasStatement(x, "Ada Quill", "noted"));
  EXPECT_TRUE(HasStatement(x, "Tom Reed", "stressed"));
  EXPECT_FALSE(HasStatement(x, "Kai Lund", "stressed"));
  EXPECT_TRUE(HasStatement(x, "Ana Costa", "urged"));
  EXPECT_FALSE(HasStatement(x, "Bo Kell", "urged"));
}

// An inverted speaker stays the speaker whatever phrase about them
// follows the name ("of the port authority", "who chairs the panel",
// "while visiting the depot", "from the harbour office"); only a verb or a
// subject pronoun after the name makes it the subject of a clause of its
// own.
TEST(StatementsGenreTest, APhraseAfterAnInvertedSpeakerKeepsTheStatement) {
  auto x = ExtractText(
      "Port talks\n\nMayor Ivo Brask hosted Tova Renkel at the port office in Velmora on "
      "Tuesday.\n\n\"We agree,\" said Tova Renkel of the port authority.\n\n\"Cranes are "
      "old,\" said Tova Renkel who chairs the panel.\n\n\"The quays need work,\" said Tova "
      "Renkel, who chairs the panel.\n\n\"The depot will grow,\" said Mayor Ivo Brask while "
      "visiting the depot.\n\n\"Ferries will run,\" said Mayor Ivo Brask from the harbour "
      "office.",
      2026, 3, 4);
  EXPECT_EQ(Statements(x), (std::vector<std::string>{
                               "Tova Renkel: said: We agree",
                               "Tova Renkel: said: Cranes are old",
                               "Tova Renkel: said: The quays need work",
                               "Ivo Brask: said: The depot will grow",
                               "Ivo Brask: said: Ferries will run",
                           }));
}

// A dash after a number inside the sentence is no dateline: the reported
// words start at the sentence's start, with or without quotation marks;
// a dateline's dash ("VELMORA, March 3 --") still opens them.
TEST(StatementsGenreTest, ADashAfterANumberIsNoDateline) {
  auto x = ExtractText(
      "Vote in Velmora\n\nTurnout reached 40 -- a record -- and the vote passed, Mayor Tor "
      "Vikane said on Friday.\n\n\"Turnout rose by 12 -- the most in years -- in the north,\" "
      "said Governor Lina Osk on Friday.\n\nVELMORA, March 3 -- The count ended, Vikane said.",
      2026, 3, 4);
  EXPECT_EQ(Statements(x),
            (std::vector<std::string>{
                "Tor Vikane: said: Turnout reached 40 -- a record -- and the vote passed",
                "Lina Osk: said: Turnout rose by 12 -- the most in years -- in the north",
                "Tor Vikane: said: The count ended",
            }));
}

// "gave the press assurances that ...", "gave news that ...": "press" and
// "news" name a gathering given only before its noun ("a press
// conference"), and the words reported after them are a statement.
TEST(StatementsGenreTest, PressAndNewsAloneAreNoGatheringGiven) {
  auto x = ExtractText(
      "Bridge works\n\nMinister Ada Voss gave the press assurances that the bridge would open. "
      "Mayor Ivo Brask gave news that the ferry would run. Governor Lina Osk gave a press "
      "conference on the bridge.",
      2026, 3, 4);
  EXPECT_EQ(Statements(x), (std::vector<std::string>{
                               "Ada Voss: gave: the press assurances that the bridge would open.",
                               "Ivo Brask: gave: news that the ferry would run.",
                           }));
}

// The words before the speaker's clause are the text also when the verb
// closes the sentence ("The dam is safe, Minister X said."), and a
// relative clause after the verb's setting ("said in Velmora, where she
// arrived on Monday, that ...") is no part of them.
TEST(StatementsGenreTest, WordsBeforeAClosingVerbAndARelativeClauseInTheSetting) {
  auto x = ExtractText(
      "Dam inspected\n\nMinister Edda Sarovik inspected the Velmora dam on Friday. The dam is "
      "safe, Minister Edda Sarovik said. The lock works well, Governor Piet Lanz said. Minister "
      "Ada Voss said in Velmora, where she arrived on Monday, that the talks went well. Lanz "
      "said on Friday, when the dam reopened, that fares would fall.",
      2026, 3, 4);
  EXPECT_EQ(Statements(x), (std::vector<std::string>{
                               "Edda Sarovik: said: The dam is safe",
                               "Piet Lanz: said: The lock works well",
                               "Ada Voss: said: the talks went well.",
                               "Piet Lanz: said: fares would fall.",
                           }));
}

// Only the verb's own setting sets words away from a conference: "a view
// X shared in a statement" in another clause, or "in her first post as a
// delegate" about the speaker, leaves the speaker's part at the sitting;
// "said X in a letter" does not.
TEST(StatementsGenreTest, OnlyTheVerbsOwnSettingSetsWordsElsewhere) {
  auto x = ExtractText(
      "Velmora river forum\n\nThe Velmora River Conference opened on Wednesday. Minister Ines "
      "Varga presided over the opening session. Professor Lev Strandt said the river was "
      "cleaner, a view Mayor Eva Trossby shared in a statement. Minister Ada Voss, in her "
      "first post as a delegate, said the banks were safer. Mayor Tilo Hask said in a "
      "statement on Tuesday that the town welcomed the delegates. \"The fish are back,\" said "
      "Senator Oda Brenn in a letter to the delegates.",
      2026, 3, 4);
  ASSERT_GT(x.events_size(), 0);
  EXPECT_EQ(x.events(0).type(), v1::EVENT_TYPE_CONFERENCE);
  EXPECT_TRUE(HasRole(x, "Lev Strandt", v1::PARTICIPANT_ROLE_SPOKE));
  EXPECT_TRUE(HasRole(x, "Ada Voss", v1::PARTICIPANT_ROLE_SPOKE));
  EXPECT_FALSE(HasRole(x, "Tilo Hask", v1::PARTICIPANT_ROLE_SPOKE));
  EXPECT_FALSE(HasRole(x, "Oda Brenn", v1::PARTICIPANT_ROLE_SPOKE));
  EXPECT_TRUE(HasStatement(x, "Oda Brenn", "said"));
}

}  // namespace
}  // namespace readout::extractor
