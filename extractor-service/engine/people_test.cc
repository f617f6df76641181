// Tests of name detection, person merging and titles, on invented reports.
#include "extractor-service/engine/people.h"

#include <string>

#include "extractor-service/engine/test_util.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace readout::extractor {
namespace {

using ::testing::ElementsAre;
using testing::ExtractText;
using testing::FindPerson;
using testing::HasStatement;
using testing::SpanText;
using testing::Titles;
using testing::TitlesOf;
using ::testing::UnorderedElementsAre;

TEST(PeopleTest, MonthWordsThatAreGivenNames) {
  auto x = ExtractText(
      "Talks\n\nPRAGUE, Jan. 5 -- Deputy Prime Minister Jan Novak met June Alder on "
      "June 4.",
      2024, 6, 5);
  EXPECT_NE(FindPerson(x, "Jan Novak"), nullptr);
  EXPECT_NE(FindPerson(x, "June Alder"), nullptr);
  EXPECT_EQ(x.people_size(), 2);
  EXPECT_EQ(x.events(0).date().month(), 6);
}

TEST(PeopleTest, TitleSetOffByACommaBeforeTheName) {
  auto x = ExtractText(
      "Talks in Riga\n\nThe envoy met with the Prime Minister of Freedonia, Petar Kovac, "
      "on Monday.");
  const auto* kovac = FindPerson(x, "Petar Kovac");
  ASSERT_NE(kovac, nullptr);
  EXPECT_EQ(Titles(*kovac), std::vector<std::string>{"Prime Minister of Freedonia"});
  EXPECT_EQ(SpanText(x, kovac->positions(0).span()), "Prime Minister of Freedonia");
}

TEST(PeopleTest, AppositiveGivesTwoPositions) {
  auto x = ExtractText(
      "Provincial work meeting held\n\n"
      "On March 2, the provincial work meeting was held in Harbin. Gao Mingyuan, "
      "secretary of the Provincial Party Committee and Governor of Heilongjiang "
      "Province, presided over the meeting. Gao stressed that work must go on.");
  const auto* p = FindPerson(x, "Gao Mingyuan");
  ASSERT_NE(p, nullptr);
  EXPECT_THAT(Titles(*p), UnorderedElementsAre("secretary of the Provincial Party Committee",
                                               "Governor of Heilongjiang Province"));
  // "Gao" later is the same person: two mentions, one person.
  ASSERT_EQ(p->mentions_size(), 2);
  EXPECT_EQ(SpanText(x, p->mentions(0)), "Gao Mingyuan");
  EXPECT_EQ(SpanText(x, p->mentions(1)), "Gao");
  EXPECT_EQ(SpanText(x, p->positions(0).span()), p->positions(0).title());
}

TEST(PeopleTest, TitlesBeforeTheName) {
  auto x = ExtractText(
      "Talks held\n\n"
      "Ruritanian Foreign Minister Olek Varnow met with Chinese Vice Premier "
      "Tan Wenbo in Beijing on Monday. Foreign Minister Varnow said ties are good.");
  // The shorter repeat ("Foreign Minister") is folded into the fuller title.
  EXPECT_THAT(TitlesOf(x, "Olek Varnow"), ElementsAre("Ruritanian Foreign Minister"));
  auto two = ExtractText(
      "Talks\n\nChinese State Councilor and Foreign Minister Qian Dawei met "
      "Mayor Ola Brun.");
  EXPECT_THAT(TitlesOf(two, "Qian Dawei"),
              UnorderedElementsAre("Foreign Minister", "Chinese State Councilor"));
  auto other = ExtractText("Talks\n\nThe Prime Minister and President Ivo Lind met in Rome.");
  EXPECT_THAT(TitlesOf(other, "Ivo Lind"), ElementsAre("President"));
  EXPECT_THAT(TitlesOf(x, "Tan Wenbo"), ElementsAre("Chinese Vice Premier"));
}

TEST(PeopleTest, DistributesSharedComplementAndTriggers) {
  auto x = ExtractText(
      "Appointments\n\n"
      "Ma Lirong, publisher and editor-in-chief of Northern Daily, said the paper "
      "will grow. Wu Hanbin has been appointed as secretary of the CPC Qinghai "
      "Provincial Committee.");
  EXPECT_THAT(TitlesOf(x, "Ma Lirong"), UnorderedElementsAre("publisher of Northern Daily",
                                                             "editor-in-chief of Northern Daily"));
  auto leader = ExtractText(
      "Meeting\n\nSong Jiale, general secretary of the Party, national "
      "president and chairman of the Defense Council, presided over it.");
  EXPECT_THAT(TitlesOf(leader, "Song Jiale"),
              UnorderedElementsAre("general secretary of the Party", "national president",
                                   "chairman of the Defense Council"));
  auto appoint = ExtractText(
      "Appointments\n\nLawmakers voted to appoint Tao Jingming as minister of "
      "water resources on Friday.");
  EXPECT_THAT(TitlesOf(appoint, "Tao Jingming"), ElementsAre("minister of water resources"));
  EXPECT_THAT(TitlesOf(x, "Wu Hanbin"),
              ElementsAre("secretary of the CPC Qinghai Provincial Committee"));
}

TEST(PeopleTest, NameParticlesStayInTheName) {
  auto x = ExtractText(
      "Talks\n\nCommission President Greta van der Berg met Premier Li Hongwei. "
      "Van der Berg said trade matters.");
  const auto* p = FindPerson(x, "Greta van der Berg");
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(SpanText(x, p->mentions(0)), "Greta van der Berg");
}

TEST(PeopleTest, IgnoresPlacesOrganizationsAndPhotoCredits) {
  auto x = ExtractText(
      "Forum held\n\n"
      "Guests toured New Zealand Trade Center and Lantern Bay Holdings Ltd. "
      "(Xinhua/Zhang Peng) Mayor Dora Kells spoke.");
  EXPECT_EQ(FindPerson(x, "Zhang Peng"), nullptr);
  EXPECT_EQ(FindPerson(x, "New Zealand"), nullptr);
  EXPECT_EQ(FindPerson(x, "Lantern Bay"), nullptr);
  ASSERT_NE(FindPerson(x, "Dora Kells"), nullptr);
}

TEST(PeopleTest, TitleOnlyMentionLaterGetsTheFullName) {
  auto x = ExtractText(
      "Summit\n\nPresident Alvar said the summit matters. "
      "The summit was opened by Jonas Alvar in Riga.");
  const auto* p = FindPerson(x, "Alvar");
  // The single-word name is kept as the person's name when the fuller form
  // never comes with a title of its own.
  EXPECT_TRUE(p != nullptr || FindPerson(x, "Jonas Alvar") != nullptr);
  int people_named_alvar = 0;
  for (const auto& person : x.people()) {
    if (person.name().find("Alvar") != std::string::npos) ++people_named_alvar;
  }
  EXPECT_EQ(people_named_alvar, 1);
}

TEST(PeopleTest, UnnamedTitleGoesToTheTitleThatBeginsWithIt) {
  // "The Secretary" is the Secretary of Commerce, not the Finance
  // Secretary named last.
  auto x = ExtractText(
      "Readout\n\nSecretary of Commerce Ada Morel met with Ruritanian Finance Secretary "
      "Piet Vos in Oslo. The Secretary underscored the value of open markets.");
  EXPECT_TRUE(HasStatement(x, "Ada Morel", "underscored"));
  EXPECT_FALSE(HasStatement(x, "Piet Vos", "underscored"));
  // A country word before the title does not hide its head.
  auto y = ExtractText(
      "Readout\n\nU.S. Secretary of Commerce Ada Morel met with Ruritanian Finance "
      "Secretary Piet Vos in Oslo. The Secretary underscored the value of open markets.");
  EXPECT_TRUE(HasStatement(y, "Ada Morel", "underscored"));
}

TEST(PeopleTest, UnnamedTitleNamedOnlyLater) {
  // The name comes after the reference; both spellings of the head match.
  auto x = ExtractText(
      "Readout\n\n\"The Secretary General welcomed the progress made,\" the note said. "
      "Secretary-General Ines Abara met Omar Khalil in Vienna.");
  EXPECT_TRUE(HasStatement(x, "Ines Abara", "welcomed"));
}

TEST(PeopleTest, StopWordGivenNameAfterAFamilyName) {
  auto x = ExtractText("Talks\n\nConsul General Wu Jun attended the talks on Jun 5 with Ma An.");
  EXPECT_THAT(TitlesOf(x, "Wu Jun"), ElementsAre("Consul General"));
  EXPECT_NE(FindPerson(x, "Ma An"), nullptr);
  EXPECT_EQ(x.people_size(), 2);
}

TEST(PeopleTest, VietnameseNamesWithAndWithoutDiacritics) {
  auto x = ExtractText(
      "Talks\n\nChairman Trần Quốc Cường received a delegation from Ruritania. "
      "Tran Quoc Cuong hoped that ties would grow. Phạm Thị Lan presented gifts.");
  const auto* p = FindPerson(x, "Trần Quốc Cường");
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(p->mentions_size(), 2);
  EXPECT_EQ(FindPerson(x, "Tran Quoc Cuong"), nullptr);
  // A three-word Vietnamese name needs no title beside it.
  EXPECT_NE(FindPerson(x, "Phạm Thị Lan"), nullptr);
}

TEST(PeopleTest, AccentVariantsAreOnePerson) {
  auto x = ExtractText(
      "Talks\n\nMinister José Ortega met Mayor Ola Brun. Jose Ortega said the port matters.");
  EXPECT_NE(FindPerson(x, "José Ortega"), nullptr);
  EXPECT_EQ(FindPerson(x, "Jose Ortega"), nullptr);
  EXPECT_TRUE(HasStatement(x, "José Ortega", "said"));
}

TEST(PeopleTest, KoreanFamilyNameCommaGivenName) {
  auto x = ExtractText(
      "Talks\n\nMinister of Trade Yoon, Seo-yeon had a meeting with Minister Ola Brun. "
      "Minister Yoon stressed that trade matters.");
  EXPECT_THAT(TitlesOf(x, "Yoon Seo-yeon"), ElementsAre("Minister of Trade"));
  EXPECT_TRUE(HasStatement(x, "Yoon Seo-yeon", "stressed"));
  EXPECT_EQ(x.people_size(), 2);
}

TEST(PeopleTest, KoreanThreeWordNamesInAList) {
  auto x = ExtractText(
      "Inspection\n\nThe tour was joined by Choe Hyon Su and Jo Sung Gil, deputy directors "
      "of the department.");
  EXPECT_NE(FindPerson(x, "Choe Hyon Su"), nullptr);
  EXPECT_NE(FindPerson(x, "Jo Sung Gil"), nullptr);
}

TEST(PeopleTest, HonorificsAreNeitherNameNorTitle) {
  auto x = ExtractText(
      "Talks\n\nThe Honourable Ada Quill, Minister of Trade, met H.E. Tomas Brenn and the Rt. "
      "Hon Lord Edwin Marsh MP in London.");
  EXPECT_THAT(TitlesOf(x, "Ada Quill"), ElementsAre("Minister of Trade"));
  EXPECT_NE(FindPerson(x, "Tomas Brenn"), nullptr);
  EXPECT_THAT(TitlesOf(x, "Edwin Marsh"), ElementsAre("MP"));
  EXPECT_EQ(x.people_size(), 3);
}

TEST(PeopleTest, GenerationSuffixesStayInTheName) {
  auto x = ExtractText("Talks\n\nGovernor Samuel Pike, Jr. met today with Mayor Ola Brun.");
  EXPECT_NE(FindPerson(x, "Samuel Pike, Jr."), nullptr);
  auto y = ExtractText("Condolences\n\nThe envoy spoke on the death of Queen Elena II.");
  EXPECT_THAT(TitlesOf(y, "Elena II"), ElementsAre("Queen"));
}

TEST(PeopleTest, UnknownGivenNamesFromTheSentenceShape) {
  // A middle initial that is also a stop word.
  auto x = ExtractText("Board news\n\nThe bank said that Torben A. Lisle has resigned.");
  EXPECT_NE(FindPerson(x, "Torben A. Lisle"), nullptr);
  // Objects of "named" and "succeeds", a country's person.
  auto y = ExtractText(
      "Board news\n\nThe board named Orvar Pelt as chief operating officer. He succeeds "
      "Sunniva Kragh. Ghana's Kofu Adeyemi is becoming a deputy envoy.");
  EXPECT_NE(FindPerson(y, "Orvar Pelt"), nullptr);
  EXPECT_NE(FindPerson(y, "Sunniva Kragh"), nullptr);
  EXPECT_NE(FindPerson(y, "Kofu Adeyemi"), nullptr);
  // After a capitalized title head new to the lists.
  auto z = ExtractText(
      "Talks\n\nPremier Zhao Hai met a delegation led by House Minority Whip Corwin Dale.");
  EXPECT_THAT(TitlesOf(z, "Corwin Dale"), ElementsAre("House Minority Whip"));
}

TEST(PeopleTest, GivenNamesThatAreCommonWordsOrPlacesByTheSentenceShape) {
  // A stop word or a place opens a name after a title head, in a comma
  // appositive after a title, or as the subject of "met".
  auto x = ExtractText(
      "Talks in Oslo\n\nMinister Will Harker met with Governor Per Soltvedt on Monday. The "
      "Prime Minister, Sofia Marangoni, joined them. Jordan Okafor met the press later.");
  EXPECT_THAT(TitlesOf(x, "Will Harker"), ElementsAre("Minister"));
  EXPECT_NE(FindPerson(x, "Per Soltvedt"), nullptr);
  EXPECT_THAT(TitlesOf(x, "Sofia Marangoni"), ElementsAre("Prime Minister"));
  EXPECT_NE(FindPerson(x, "Jordan Okafor"), nullptr);
  // Not without that shape: a headline in title case, a sentence opening,
  // a place before an organization, a month.
  auto no = ExtractText(
      "Minister Will Visit Sofia Next Week\n\nWill Harker's visit was confirmed. Ministers "
      "signed the Sofia Declaration. Minister Tom Reed arrived in Sofia Monday. Mayor May "
      "Hollis spoke.");
  EXPECT_EQ(FindPerson(no, "Will Visit"), nullptr);
  EXPECT_EQ(FindPerson(no, "Sofia Declaration"), nullptr);
  EXPECT_EQ(FindPerson(no, "Sofia Monday"), nullptr);
  EXPECT_EQ(FindPerson(no, "Will Harker"), nullptr);
}

TEST(PeopleTest, NameAfterAVenueOfTwoWords) {
  auto x = ExtractText(
      "Talks\n\nChancellor Anna Berg met today at Casa Verde Olga Sternberg, head of the "
      "institute.");
  EXPECT_THAT(TitlesOf(x, "Olga Sternberg"), ElementsAre("head of the institute"));
  EXPECT_EQ(FindPerson(x, "Casa Verde Olga Sternberg"), nullptr);
  // Without an appositive or a verb after it, the run stays a venue.
  auto venue = ExtractText("Talks\n\nChancellor Anna Berg spoke at Casa Verde Olga Hall.");
  EXPECT_EQ(FindPerson(venue, "Olga Hall"), nullptr);
}

TEST(TitlesTest, NamedObjectHoldsTheTitleAfterItAndToReplaceEndsATitle) {
  auto x = ExtractText(
      "Appointment\n\nThe council named Tomas Quell Ambassador to Chile to replace Ana "
      "Lindqvist.");
  EXPECT_THAT(TitlesOf(x, "Tomas Quell"), ElementsAre("Ambassador to Chile"));
  EXPECT_TRUE(TitlesOf(x, "Ana Lindqvist").empty());
  // A lowercase word after the object is no title.
  auto y = ExtractText("Board\n\nThe board named Tomas Quell yesterday.");
  EXPECT_TRUE(TitlesOf(y, "Tomas Quell").empty());
}

TEST(PeopleTest, KoreanHyphenatedGivenNameWithAStopWordPart) {
  auto x = ExtractText("Talks\n\nPresident Lee Jae-myung met Ambassador Kim Min-jun in Seoul.");
  EXPECT_THAT(TitlesOf(x, "Kim Min-jun"), ElementsAre("Ambassador"));
}

TEST(PeopleTest, KingHeadsATitleBeforeTheNameAndEndsANameAfterIt) {
  auto x =
      ExtractText("Audience\n\nKing Olav VI received Council President Inga Rhonda King in Oslo.");
  EXPECT_THAT(TitlesOf(x, "Olav VI"), ElementsAre("King"));
  EXPECT_THAT(TitlesOf(x, "Inga Rhonda King"), ElementsAre("Council President"));
}

TEST(TitlesTest, AppositiveAfterAPostNominal) {
  auto x = ExtractText(
      "Talks\n\nThe Prime Minister met the Rt. Hon Olivia Grantham MP, Secretary of State for "
      "Trade, on Tuesday.");
  EXPECT_THAT(TitlesOf(x, "Olivia Grantham"),
              UnorderedElementsAre("MP", "Secretary of State for Trade"));
}

TEST(PeopleTest, DepartmentWordEndsTheTitle) {
  auto x = ExtractText("Meeting\n\nSecretary of Agriculture Vera Lind attended.");
  EXPECT_THAT(TitlesOf(x, "Vera Lind"), ElementsAre("Secretary of Agriculture"));
  auto y = ExtractText(
      "Meeting\n\nHead of the Provincial Department of Transportation Gao Ming attended.");
  EXPECT_NE(FindPerson(y, "Gao Ming"), nullptr);
}

TEST(PeopleTest, NamesInAListOfHeadsOfGovernment) {
  auto x = ExtractText(
      "Dinner\n\nThe heads of government Torvald Brisk (Ruritania), Amadou Keel (Nuvia) and "
      "Ilse Varga (Ostland) were also present.");
  EXPECT_NE(FindPerson(x, "Torvald Brisk"), nullptr);
  EXPECT_NE(FindPerson(x, "Amadou Keel"), nullptr);
  EXPECT_NE(FindPerson(x, "Ilse Varga"), nullptr);
}

TEST(PeopleTest, LongTitleSetOffByCommasBeforeTheName) {
  auto x = ExtractText(
      "Talks\n\nThe High Representative for Trade and Maritime Policy (HRTM), Ilse Varga, "
      "chaired the council.");
  EXPECT_NE(FindPerson(x, "Ilse Varga"), nullptr);
}

TEST(TitlesTest, OrganizationAfterTheNameCompletesTheTitle) {
  auto x = ExtractText(
      "Talks\n\nPresident Ana Lind of the Republic of Ruritania met Governor Bo Wen of the "
      "Hunan Provincial Government on Monday.");
  EXPECT_THAT(TitlesOf(x, "Ana Lind"), ElementsAre("President of the Republic of Ruritania"));
  EXPECT_THAT(TitlesOf(x, "Bo Wen"), ElementsAre("Governor of the Hunan Provincial Government"));
}

TEST(TitlesTest, TimeAndCompanionsEndTheAppositive) {
  auto x = ExtractText(
      "Talks\n\nMayor Zhou Kai met Ilse Varga, the chairwoman of Delta Works, and her "
      "delegation. He also met Tomas Brenn, Ruritanian Ambassador to Nuvia on May 3.");
  EXPECT_THAT(TitlesOf(x, "Ilse Varga"), ElementsAre("chairwoman of Delta Works"));
  EXPECT_THAT(TitlesOf(x, "Tomas Brenn"), ElementsAre("Ruritanian Ambassador to Nuvia"));
}

TEST(TitlesTest, CumJoinsTwoPositions) {
  auto x = ExtractText(
      "Meeting\n\nThe meeting was chaired by Mr. Pham Van Long, Secretary of the Provincial "
      "Party Committee cum Chairman of the Provincial Council.");
  EXPECT_THAT(TitlesOf(x, "Pham Van Long"),
              UnorderedElementsAre("Secretary of the Provincial Party Committee",
                                   "Chairman of the Provincial Council"));
}

TEST(TitlesTest, ChainOfTitlesSetOffBeforeNames) {
  auto x = ExtractText(
      "Dinner\n\nThe Ruritanian Premier, Ana Lind, the Nuvian President, Bo Kell, and even "
      "the Ostland Chancellor, Ilse Varga, took part.");
  const auto* lind = FindPerson(x, "Ana Lind");
  const auto* kell = FindPerson(x, "Bo Kell");
  const auto* varga = FindPerson(x, "Ilse Varga");
  ASSERT_NE(lind, nullptr);
  ASSERT_NE(kell, nullptr);
  ASSERT_NE(varga, nullptr);
  EXPECT_THAT(Titles(*lind), ElementsAre("Ruritanian Premier"));
  EXPECT_THAT(Titles(*kell), ElementsAre("Nuvian President"));
  EXPECT_THAT(Titles(*varga), ElementsAre("Ostland Chancellor"));
}

TEST(TitlesTest, SharedPluralTitleGoesToEachListedName) {
  auto x = ExtractText(
      "Inspection\n\nZhou Kai and Wu Hai, deputy directors of the Planning Bureau, joined "
      "the tour. Ma Lin, Gao Ping and other standing members of the City Committee attended.");
  for (const char* name : {"Zhou Kai", "Wu Hai"}) {
    const auto* p = FindPerson(x, name);
    ASSERT_NE(p, nullptr) << name;
    EXPECT_THAT(Titles(*p), ElementsAre("deputy director of the Planning Bureau")) << name;
  }
  for (const char* name : {"Ma Lin", "Gao Ping"}) {
    const auto* p = FindPerson(x, name);
    ASSERT_NE(p, nullptr) << name;
    EXPECT_THAT(Titles(*p), ElementsAre("standing member of the City Committee")) << name;
  }
}

TEST(TitlesTest, DashAppositiveAndTitleBeforeAFormOfAddress) {
  auto x = ExtractText(
      "Annual meeting\n\nPresent were Chairman Wu Hai, Ma Lin - the chief financial officer, "
      "a total of 12 shareholders, and Trade Minister Dr. Ilse Varga.");
  EXPECT_THAT(TitlesOf(x, "Ma Lin"), ElementsAre("chief financial officer"));
  EXPECT_THAT(TitlesOf(x, "Ilse Varga"), ElementsAre("Trade Minister"));
}

TEST(TitlesTest, PossessiveInsideATitleAfterTheName) {
  auto x = ExtractText(
      "Talks\n\nVo Van Nam, Provincial People's Committee Chairman met with Ilse Varga.");
  EXPECT_THAT(TitlesOf(x, "Vo Van Nam"), ElementsAre("Provincial People's Committee Chairman"));
}

TEST(TitlesTest, PluralTitleOpeningAListGivesEachThePost) {
  auto x = ExtractText(
      "Annual meeting\n\nPresent were the following directors: Bo Lin, Wu Hai; independent "
      "auditors: Ma Qiang. The heads of mission Ilse Varga (Ostland) and Tomas Brenn (Nuvia) "
      "also came. Chinese leaders Zhou Kai and Gao Ping attended.");
  for (const char* name : {"Bo Lin", "Wu Hai"}) {
    const auto* p = FindPerson(x, name);
    ASSERT_NE(p, nullptr) << name;
    EXPECT_THAT(Titles(*p), ElementsAre("director")) << name;
  }
  EXPECT_THAT(TitlesOf(x, "Ma Qiang"), ElementsAre("independent auditor"));
  for (const char* name : {"Ilse Varga", "Tomas Brenn"}) {
    const auto* p = FindPerson(x, name);
    ASSERT_NE(p, nullptr) << name;
    EXPECT_THAT(Titles(*p), ElementsAre("head of mission")) << name;
  }
  // A description in lowercase ("leaders") is not a post.
  EXPECT_TRUE(TitlesOf(x, "Zhou Kai").empty());
}

TEST(TitlesTest, TitleSetOffByACommaAfterAnAgent) {
  auto x = ExtractText(
      "Talks\n\nThe Chairperson of the Ruritanian Union, Omar Sall, was received today by the "
      "Prime Minister of the Republic of Nuvia, Dr. Ilse Varga. The talks went well.");
  EXPECT_THAT(TitlesOf(x, "Ilse Varga"), ElementsAre("Prime Minister of the Republic of Nuvia"));
}

TEST(PeopleTest, CreditLinesNameNoOne) {
  auto x = ExtractText(
      "Meeting\n\nMayor Gao Ping chaired the meeting on Friday.\n\nReporter: Wu Hai\n\n"
      "Translator: Bo Lin");
  EXPECT_NE(FindPerson(x, "Gao Ping"), nullptr);
  EXPECT_EQ(x.people_size(), 1);
}

TEST(TitlesTest, NoTitleFromASentenceAdverb) {
  auto x = ExtractText(
      "Talks\n\nSince the Chancellor and Premier Ilse Varga last spoke, exports have doubled.");
  EXPECT_THAT(TitlesOf(x, "Ilse Varga"), ElementsAre("Premier"));
}

TEST(TitlesTest, PredicateTitles) {
  auto x = ExtractText(
      "Board news\n\nBoard member Ilse Varga will become independent Chair of the Board. "
      "Tomas Brenn, who served as Consul of Nuvia to the UN, is becoming the Special Envoy "
      "for Water.");
  EXPECT_THAT(TitlesOf(x, "Ilse Varga"),
              UnorderedElementsAre("Board member", "independent Chair of the Board"));
  EXPECT_THAT(TitlesOf(x, "Tomas Brenn"),
              UnorderedElementsAre("Consul of Nuvia to the UN", "Special Envoy for Water"));
}

TEST(TitlesTest, CoordinatedAndStackedTitlesBeforeTheName) {
  auto x = ExtractText(
      "Meeting\n\nDeputy Director of the Water Commission of the Province and head of the "
      "Forestry Bureau Gao Ping attended. Head of the Visa Office Consul Bo Lin and county "
      "government Secretary-General Wu Hai were present.");
  EXPECT_THAT(TitlesOf(x, "Gao Ping"),
              UnorderedElementsAre("Deputy Director of the Water Commission of the Province",
                                   "head of the Forestry Bureau"));
  EXPECT_THAT(TitlesOf(x, "Bo Lin"), UnorderedElementsAre("Head of the Visa Office", "Consul"));
  EXPECT_THAT(TitlesOf(x, "Wu Hai"), ElementsAre("county government Secretary-General"));
}

TEST(PeopleTest, BylineUnderTheHeadlineIsNoPerson) {
  auto x = ExtractText("Talks on trade\n\nIlse Varga\n\nMayor Gao Ping met Tomas Brenn on Friday.");
  EXPECT_EQ(FindPerson(x, "Ilse Varga"), nullptr);
  EXPECT_NE(FindPerson(x, "Gao Ping"), nullptr);
}

TEST(TitlesTest, HeadlineWordsBeforeATitle) {
  auto x = ExtractText(
      "Minister Lind's Meeting With Nuvian Foreign Minister Tomas Brenn\n\n"
      "Minister Ana Lind met Nuvian Foreign Minister Tomas Brenn today.");
  EXPECT_THAT(TitlesOf(x, "Tomas Brenn"), ElementsAre("Nuvian Foreign Minister"));
}

TEST(TitlesTest, BoardMinutesPosts) {
  auto x = ExtractText(
      "Annual general meeting\n\nMr. Ivo Lind, who acted as Chairman, opened the meeting. "
      "The Company's Chief Financial Officer (Mr. Bo Kell) was present. The meeting approved "
      "the re-appointment of Mr. KR Sethi (ID: 0042) as Whole-Time Director.");
  EXPECT_THAT(TitlesOf(x, "Ivo Lind"), ElementsAre("Chairman"));
  EXPECT_THAT(TitlesOf(x, "Bo Kell"), ElementsAre("Chief Financial Officer"));
  EXPECT_THAT(TitlesOf(x, "KR Sethi"), ElementsAre("Whole-Time Director"));
}

TEST(PeopleTest, NameRightAfterAVenue) {
  auto x = ExtractText(
      "Talks\n\nPremier Ana Lind received today at Castle Morvan Jorund van der Velde, head of "
      "the port authority.");
  EXPECT_THAT(TitlesOf(x, "Jorund van der Velde"), ElementsAre("head of the port authority"));
  auto y = ExtractText(
      "Talks\n\nPremier Ana Lind received today at Castle Morvan, Jorund van der Velde, head of "
      "the port authority.");
  EXPECT_NE(FindPerson(y, "Jorund van der Velde"), nullptr);
  EXPECT_EQ(FindPerson(y, "Castle Morvan"), nullptr);
  EXPECT_EQ(y.people_size(), 2);
}

TEST(TitlesTest, EditorsBracketStaysInTheTitle) {
  auto x = ExtractText("Talks\n\n[interim] Governor of the Province Omar Sall met Mayor Bo Lin.");
  EXPECT_THAT(TitlesOf(x, "Omar Sall"), ElementsAre("[interim] Governor of the Province"));
}

TEST(PeopleTest, NameAfterATitleWithCommasInAParenthesis) {
  auto x = ExtractText(
      "Talks\n\nThe delegation included Joint Secretary (Nuvia, Ostland and Ruritania) in the "
      "Ministry of Trade, Orvar Pelt, and other officials.");
  EXPECT_NE(FindPerson(x, "Orvar Pelt"), nullptr);
}

TEST(TitlesTest, OneHeadOverTwoOrganizations) {
  auto x = ExtractText(
      "Talks\n\nGao Ping, president of Delta Group and Orion Holdings, met Mayor Bo Lin.");
  EXPECT_THAT(TitlesOf(x, "Gao Ping"),
              UnorderedElementsAre("president of Delta Group", "president of Orion Holdings"));
}

TEST(TitlesTest, SharedOrganizationAfterTwoNames) {
  auto x = ExtractText(
      "Meeting\n\nDirector Wu Hai and Deputy Director Ma Lin of the Water Bureau attended.");
  EXPECT_THAT(TitlesOf(x, "Wu Hai"), ElementsAre("Director of the Water Bureau"));
  EXPECT_THAT(TitlesOf(x, "Ma Lin"), ElementsAre("Deputy Director of the Water Bureau"));
}

TEST(TitlesTest, NumberedGroupEndsTheAppositive) {
  auto x =
      ExtractText("Talks\n\nMayor Bo Lin met Tomas Brenn, Consul of Nuvia, and 12 entrepreneurs.");
  EXPECT_THAT(TitlesOf(x, "Tomas Brenn"), ElementsAre("Consul of Nuvia"));
}

TEST(PeopleTest, UnknownNameAfterALongCoordinatedTitle) {
  auto x = ExtractText(
      "Talks\n\nPremier Zhao Hai met Director General for Arctic and Baltic Affairs Orvar "
      "Pelt and Minister Ilse Varga.");
  EXPECT_THAT(TitlesOf(x, "Orvar Pelt"),
              ElementsAre("Director General for Arctic and Baltic Affairs"));
}

TEST(TitlesTest, ReplaceAsHadBeenAndRemain) {
  auto x = ExtractText(
      "Board news\n\nOrvar Pelt will replace Sunniva Kragh as Chief Risk Officer. Sunniva "
      "Kragh, who had been Chief Risk Officer since 2019, will remain a member of the Board.");
  EXPECT_THAT(TitlesOf(x, "Orvar Pelt"), ElementsAre("Chief Risk Officer"));
  EXPECT_THAT(TitlesOf(x, "Sunniva Kragh"),
              UnorderedElementsAre("Chief Risk Officer", "member of the Board"));
}

TEST(TitlesTest, VenueAndCommonNounsAreNotTitles) {
  auto x = ExtractText(
      "Talks\n\nPremier Bo Lin gave a banquet at the Grand Hall of the Nation for Nuvian "
      "President Ilse Varga on Monday. The league guided its members in reading the Essays of "
      "Orvar Pelt.");
  EXPECT_THAT(TitlesOf(x, "Ilse Varga"), ElementsAre("Nuvian President"));
  const auto* pelt = FindPerson(x, "Orvar Pelt");
  if (pelt != nullptr) EXPECT_TRUE(Titles(*pelt).empty());
  // "for" inside an organization's name still belongs to the title.
  auto y =
      ExtractText("Talks\n\nAgency for Coastal Trade Director General Ana Lind met Mayor Bo Lin.");
  EXPECT_THAT(TitlesOf(y, "Ana Lind"), ElementsAre("Agency for Coastal Trade Director General"));
}

TEST(PeopleTest, FestivalNameBeforeTheMainClauseSubject) {
  auto x = ExtractText(
      "Visit\n\nRuritanian Consul General Orvar Pelt visited Governor Bo Lin. Wishing the "
      "province well on the occasion of Lumen Tide Feast, the Ruritanian Consul General informed "
      "the host about trade.");
  EXPECT_EQ(FindPerson(x, "Tide Feast"), nullptr);
  EXPECT_EQ(FindPerson(x, "Lumen Tide Feast"), nullptr);
  EXPECT_EQ(x.people_size(), 2);
  EXPECT_TRUE(HasStatement(x, "Orvar Pelt", "informed"));
}

TEST(TitlesTest, SamePostTwiceIsTwoPeople) {
  auto x = ExtractText(
      "Talks\n\nTrade Secretary and Secretary Orvar Pelt met in Oslo. Deputy Premier and "
      "Minister for Water Ilse Varga joined them.");
  EXPECT_THAT(TitlesOf(x, "Orvar Pelt"), ElementsAre("Secretary"));
  EXPECT_THAT(TitlesOf(x, "Ilse Varga"),
              UnorderedElementsAre("Deputy Premier", "Minister for Water"));
}

TEST(PeopleTest, ChiefHeadsATitleAtItsEndAndModifiesTheHeadAfterIt) {
  auto x = ExtractText(
      "Talks\n\nBo Rui has been appointed the Party chief of Qinghai. Navy Chief Sam Kole "
      "and Police chief Tan Wei met Chief Executive Ada Brun and Ivo Sarn, the company's chief "
      "financial officer.");
  EXPECT_THAT(TitlesOf(x, "Bo Rui"), ElementsAre("Party chief of Qinghai"));
  EXPECT_THAT(TitlesOf(x, "Sam Kole"), ElementsAre("Navy Chief"));
  EXPECT_THAT(TitlesOf(x, "Tan Wei"), ElementsAre("Police chief"));
  EXPECT_THAT(TitlesOf(x, "Ada Brun"), ElementsAre("Chief Executive"));
  EXPECT_THAT(TitlesOf(x, "Ivo Sarn"), ElementsAre("chief financial officer"));
}

TEST(PeopleTest, PartyChiefIsTheColloquialNameOfTheSecretarysPost) {
  // Both names of one post give one position.
  auto x = ExtractText(
      "Talks\n\nHu Ling, secretary of the Qinghai Provincial Committee of the Party, met "
      "envoys. Hu was made Party chief of Qinghai in 2020.");
  EXPECT_THAT(TitlesOf(x, "Hu Ling"),
              ElementsAre("secretary of the Qinghai Provincial Committee of the Party"));
}

TEST(PeopleTest, TitlesStackedBeforeTheNameAcrossAComma) {
  auto x = ExtractText(
      "Talks\n\nGovernor Bo Rui met the Envoy to the President and Chief Trade Representative, "
      "Ambassador Ida Berg, on Monday.");
  EXPECT_THAT(
      TitlesOf(x, "Ida Berg"),
      UnorderedElementsAre("Envoy to the President", "Chief Trade Representative", "Ambassador"));
}

TEST(PeopleTest, AFamilyNameAfterAFormOfAddressBesideTheSameNameIsAnotherPerson) {
  // "Minister Lind ... and Mrs. Lind" in one sentence: two people; the
  // second is known only as "Mrs. Lind". A bare "Lind" after it is still
  // the minister, and "Mr. Kole" alone is Sam Kole.
  auto x = ExtractText(
      "Dinner\n\nMinister Ana Lind hosted Ambassador Sam Kole on Monday. Minister Lind invited "
      "the Kole family to join her and Mr. Lind at the residence. Lind said ties are strong. "
      "Mr. Kole thanked her.");
  EXPECT_NE(FindPerson(x, "Ana Lind"), nullptr);
  EXPECT_NE(FindPerson(x, "Mr. Lind"), nullptr);
  EXPECT_EQ(FindPerson(x, "Mr. Kole"), nullptr);
  EXPECT_TRUE(HasStatement(x, "Ana Lind", "said"));
  EXPECT_TRUE(HasStatement(x, "Sam Kole", "thanked"));
}

TEST(PeopleTest, AnAcronymAndItsExpansionAreOnePostAndARankIsNoPost) {
  auto x = ExtractText(
      "Talks\n\nEU High Representative Ada Brun met General Ivo Sarn and Vice Admiral Bo Kell "
      "on Monday. European Union High Representative Ada Brun said peace matters.");
  EXPECT_THAT(TitlesOf(x, "Ada Brun"), ElementsAre("EU High Representative"));
  EXPECT_TRUE(TitlesOf(x, "Ivo Sarn").empty());
  EXPECT_TRUE(TitlesOf(x, "Bo Kell").empty());
}

TEST(PeopleTest, ATitleBetweenTwoNamesOfAListGoesToTheNameAfterIt) {
  // The first person's title stands before her name; the comma-set title
  // that follows belongs to the next name, not to her.
  auto x = ExtractText(
      "Talks\n\nThe delegation included Ambassador Ana Lind, Joint Secretary (Trade and "
      "Energy) in the Ministry of Foreign Affairs, Bo Kell, and other senior officials.");
  const auto* lind = FindPerson(x, "Ana Lind");
  const auto* kell = FindPerson(x, "Bo Kell");
  ASSERT_NE(lind, nullptr);
  ASSERT_NE(kell, nullptr);
  EXPECT_THAT(Titles(*lind), ElementsAre("Ambassador"));
  EXPECT_THAT(Titles(*kell),
              ElementsAre("Joint Secretary (Trade and Energy) in the Ministry of Foreign Affairs"));
  // When the next name has its own appositive, each title follows its name.
  auto own = ExtractText(
      "Talks\n\nForeign Minister Wang Hai, member of the Political Bureau, Liu Jun, head of the "
      "International Department, and Ma Lin attended.");
  const auto* wang = FindPerson(own, "Wang Hai");
  const auto* liu = FindPerson(own, "Liu Jun");
  ASSERT_NE(wang, nullptr);
  ASSERT_NE(liu, nullptr);
  EXPECT_THAT(Titles(*wang),
              UnorderedElementsAre("Foreign Minister", "member of the Political Bureau"));
  EXPECT_THAT(Titles(*liu), ElementsAre("head of the International Department"));
  // A name without a title before it keeps its appositive.
  auto plain = ExtractText(
      "Talks\n\nAna Lind, Joint Secretary in the Ministry, Bo Kell and Ma Lin attended.");
  EXPECT_THAT(TitlesOf(plain, "Ana Lind"), ElementsAre("Joint Secretary in the Ministry"));
}

TEST(PeopleTest, AFormOfAddressAfterAnAppositiveStartsTheNextPerson) {
  auto x = ExtractText(
      "Board meeting\n\nAlso present were Ms. Ines Moura, Chief Executive Officer, and Mr. Paul "
      "Durand, Chief Financial Officer.");
  const auto* moura = FindPerson(x, "Ines Moura");
  const auto* durand = FindPerson(x, "Paul Durand");
  ASSERT_NE(moura, nullptr);
  ASSERT_NE(durand, nullptr);
  EXPECT_THAT(Titles(*moura), ElementsAre("Chief Executive Officer"));
  EXPECT_THAT(Titles(*durand), ElementsAre("Chief Financial Officer"));
}

// ", serving as Secretary of the Board,": the title is what follows the
// trigger, not the appositive with the participle at its head.
TEST(PeopleTest, AppositiveOpenedByATitleTrigger) {
  auto x = ExtractText(
      "Board meets\n\nThe board met on Monday. Ida Berg, serving as Secretary of the Board, "
      "read the minutes. Bo Rui, appointed Director of Finance in May, attended.");
  EXPECT_EQ(TitlesOf(x, "Ida Berg"), std::vector<std::string>{"Secretary of the Board"});
  EXPECT_EQ(TitlesOf(x, "Bo Rui"), std::vector<std::string>{"Director of Finance"});
}

// Peerages and styles are forms of address: neither part of the name nor a
// title ("Baroness Ruth Marlow" is Ruth Marlow), in the one honorific list.
TEST(PeopleTest, PeeragesAreFormsOfAddress) {
  auto x = ExtractText(
      "Talks\n\nBaroness Ruth Marlow met Mayor Zhou Lin in Ningbo on Tuesday. Dame Ines "
      "Holt and Viscount Abel Grey also attended the talks.");
  EXPECT_TRUE(TitlesOf(x, "Ruth Marlow").empty());
  EXPECT_EQ(FindPerson(x, "Baroness Ruth Marlow"), nullptr);
  EXPECT_NE(FindPerson(x, "Ines Holt"), nullptr);
  EXPECT_NE(FindPerson(x, "Abel Grey"), nullptr);
  EXPECT_TRUE(testing::HasRole(x, "Ruth Marlow", v1::PARTICIPANT_ROLE_MET));
}

// "King Harald V." at the end of a sentence: the numeral is part of the
// name, its period ends the sentence; a middle initial still joins a name.
TEST(PeopleTest, RegnalNumeralBeforeTheSentencePeriod) {
  auto x = ExtractText(
      "Audience\n\nOn Monday, Prime Minister Ola Berg met King Harald V. The King praised "
      "Dennis I. Lindqvist, who attended.");
  EXPECT_EQ(TitlesOf(x, "Harald V"), std::vector<std::string>{"King"});
  EXPECT_EQ(FindPerson(x, "Harald V."), nullptr);
  EXPECT_NE(FindPerson(x, "Dennis I. Lindqvist"), nullptr);
  EXPECT_TRUE(testing::HasRole(x, "Harald V", v1::PARTICIPANT_ROLE_MET));
  // The sentence ends at the period: "The King" opens the next one.
  EXPECT_TRUE(HasStatement(x, "Harald V", "praised"));
}

// "Deputy Prime Minister Foreign Minister X": two posts stacked before the
// name without a comma, each ending in its head.
TEST(PeopleTest, StackedTitlesWithoutAComma) {
  auto x = ExtractText(
      "Talks\n\nDeputy Prime Minister Foreign Minister Tom Reed met Governor Zhou Lin in "
      "Hangzhou on Monday. State Councilor Defense Minister Wei Dan and Chief Executive "
      "Officer Ana Lind attended.");
  EXPECT_THAT(TitlesOf(x, "Tom Reed"),
              UnorderedElementsAre("Deputy Prime Minister", "Foreign Minister"));
  EXPECT_THAT(TitlesOf(x, "Wei Dan"), UnorderedElementsAre("State Councilor", "Defense Minister"));
  // A head going on with another head stays one title.
  EXPECT_EQ(TitlesOf(x, "Ana Lind"), std::vector<std::string>{"Chief Executive Officer"});
}

// "Ambassador to Nuvia Ana Lind": the country after "to" ends the title and
// is no part of the name, also for a place of two words.
TEST(PeopleTest, TitleToACountryEndsAtTheCountry) {
  auto x = ExtractText(
      "Envoys\n\nAmbassador to Nuvia Ana Lind met Mayor Zhou Lin in Ningbo on Monday. Envoy "
      "to New Zealand Bo Kell attended.");
  EXPECT_EQ(TitlesOf(x, "Ana Lind"), std::vector<std::string>{"Ambassador to Nuvia"});
  EXPECT_EQ(FindPerson(x, "Nuvia Ana Lind"), nullptr);
  EXPECT_EQ(TitlesOf(x, "Bo Kell"), std::vector<std::string>{"Envoy to New Zealand"});
}

// "has resigned as a director", "stepped down as a member": a post given up
// is no title the person holds; the person is still found.
TEST(PeopleTest, PostGivenUpIsNoTitle) {
  auto x = ExtractText(
      "Board changes\n\nTom Reed has resigned as a director of Alpha Group, the company said. "
      "Ann Lee stepped down as a member of the board. Ana Lind, who has resigned as "
      "treasurer, thanked Treasurer Bo Kell.");
  for (const char* name : {"Tom Reed", "Ann Lee", "Ana Lind"}) {
    const auto* p = FindPerson(x, name);
    ASSERT_NE(p, nullptr) << name;
    EXPECT_TRUE(Titles(*p).empty()) << name;
  }
  EXPECT_EQ(TitlesOf(x, "Bo Kell"), std::vector<std::string>{"Treasurer"});
}

// "Torvald Brandt was named chief executive": the passive naming vouches
// for a name whose given name is in no list; a company naming someone
// ("Acme named ...") is no person.
TEST(PeopleTest, PassiveNamingVouchesForAName) {
  auto x = ExtractText(
      "Board\n\nTorvald Brandt was named chief executive officer of Alpha Group on Monday. "
      "Northwind Freight named Ingmar Solvik as its chairman.");
  EXPECT_EQ(TitlesOf(x, "Torvald Brandt"),
            std::vector<std::string>{"chief executive officer of Alpha Group"});
  EXPECT_EQ(FindPerson(x, "Northwind Freight"), nullptr);
}

// "Prime Minister A of Portugal and President B of Chile": the
// organization completing A's title ends before B's title.
TEST(PeopleTest, OrganizationAfterTheNameEndsAtTheNextTitle) {
  auto x = ExtractText(
      "Talks\n\nOn Monday, Secretary-General Tom Reed met Prime Minister Ana Costa of Portugal "
      "and President Maria Lopez of Chile in Geneva.");
  EXPECT_EQ(TitlesOf(x, "Ana Costa"), std::vector<std::string>{"Prime Minister of Portugal"});
  EXPECT_EQ(TitlesOf(x, "Maria Lopez"), std::vector<std::string>{"President of Chile"});
}

// "Directors Tom Reed and Ana Lind were present": a plural head opens no
// name, and "were present" vouches for names whose given name is in no list.
TEST(PeopleTest, PluralHeadOpensNoNameAndPresenceVouchesForOne) {
  auto x = ExtractText(
      "Board meets\n\nThe board approved the budget on Monday. Directors Tom Reed and Ana Lind "
      "were present.");
  EXPECT_NE(FindPerson(x, "Tom Reed"), nullptr);
  EXPECT_NE(FindPerson(x, "Ana Lind"), nullptr);
  EXPECT_EQ(FindPerson(x, "Directors Tom Reed"), nullptr);
}

// "[interim] President of the Council Ana Lind": a title whose
// organization ends right before the name vouches for it (its given name is
// in no list), and the bracket stays with the title.
TEST(PeopleTest, TitleOfAnOrganizationRightBeforeTheName) {
  auto x =
      ExtractText("Talks\n\nThe envoy met [interim] President of the Council Ana Lind on Monday.");
  EXPECT_EQ(TitlesOf(x, "Ana Lind"),
            std::vector<std::string>{"[interim] President of the Council"});
}

// "under the chairmanship of Ingrid Lund", "chaired by Ingrid Lund": who
// chairs is a person, whatever the given name; not "led by House Minority
// Whip X", where the run opens a title.
TEST(PeopleTest, WhoChairsIsAPerson) {
  auto x = ExtractText(
      "Board meeting\n\nThe board met on Monday under the chairmanship of Ingrid Lund. The "
      "audit session was chaired by Halvard Moen.");
  EXPECT_NE(FindPerson(x, "Ingrid Lund"), nullptr);
  EXPECT_NE(FindPerson(x, "Halvard Moen"), nullptr);
  EXPECT_TRUE(testing::HasRole(x, "Ingrid Lund", v1::PARTICIPANT_ROLE_PRESIDED));
  // "led by House Minority Whip X": the run after "by" opens a title, so
  // the person is X with that title, not "House Minority Whip X".
  auto led = ExtractText(
      "Visit\n\nPremier Zhao Hai met a delegation led by House Minority Whip Brant Kessler.");
  EXPECT_THAT(TitlesOf(led, "Brant Kessler"), ElementsAre("House Minority Whip"));
  EXPECT_EQ(FindPerson(led, "House Minority Whip Brant Kessler"), nullptr);
  EXPECT_EQ(FindPerson(led, "House Minority"), nullptr);
}

// "Pope Leo XIV": a sovereign's title before the name, and a regnal
// numeral of several letters stays with the name.
TEST(PeopleTest, SovereignTitlesAndLongRegnalNumerals) {
  auto x = ExtractText(
      "Audience\n\nPresident Maria Lopez met Pope Leo XIV on Monday. The Pope praised the "
      "talks.");
  EXPECT_EQ(TitlesOf(x, "Leo XIV"), std::vector<std::string>{"Pope"});
  EXPECT_TRUE(HasStatement(x, "Leo XIV", "praised"));
}

// "King Carl XVI Gustaf": a name word after the regnal numeral is part of
// the name; a weekday after it is not ("King Olav V Monday ...").
TEST(PeopleTest, NameWordAfterARegnalNumeral) {
  auto x = ExtractText(
      "Audience\n\nKing Rolf XIV Adalbert received President Maria Lopez in Uppsala on "
      "Monday. The King praised the talks.");
  EXPECT_EQ(TitlesOf(x, "Rolf XIV Adalbert"), std::vector<std::string>{"King"});
  EXPECT_EQ(FindPerson(x, "Rolf XIV"), nullptr);
  auto weekday =
      ExtractText("Audience\n\nKing Olav V Monday received President Maria Lopez in Uppsala.");
  EXPECT_EQ(TitlesOf(weekday, "Olav V"), std::vector<std::string>{"King"});
  EXPECT_EQ(FindPerson(weekday, "Olav V Monday"), nullptr);
  for (const auto& p : weekday.people()) EXPECT_EQ(p.name().find("Monday"), std::string::npos);
}

// Only a numeral written the standard way follows a name as its regnal
// number: "Leo XIV", "Olav IV", not "IIV" or "VV" (an acronym or a word).
TEST(PeopleTest, OnlyValidRomanNumeralsAreRegnalNumbers) {
  auto x = ExtractText(
      "Audience\n\nKing Olav IV met Pope Leo XIV on Monday. King Rolf XXXIX also came.");
  EXPECT_NE(FindPerson(x, "Olav IV"), nullptr);
  EXPECT_NE(FindPerson(x, "Leo XIV"), nullptr);
  EXPECT_NE(FindPerson(x, "Rolf XXXIX"), nullptr);
  auto bad = ExtractText("Audience\n\nKing Olav IIV met Pope Leo VV on Monday.");
  EXPECT_EQ(FindPerson(bad, "Olav IIV"), nullptr);
  EXPECT_EQ(FindPerson(bad, "Leo VV"), nullptr);
}

// "Theresa May": a family name that is also a month or a stop word, after
// a given name; "May 5" stays a date.
TEST(PeopleTest, StopWordFamilyNameAfterAGivenName) {
  auto x = ExtractText(
      "Talks\n\nPrime Minister Ana Costa met former Prime Minister Theresa May in Lisbon on "
      "May 5. Costa said the talks were warm.",
      2026, 5, 10);
  EXPECT_NE(FindPerson(x, "Theresa May"), nullptr);
  EXPECT_TRUE(testing::HasRole(x, "Theresa May", v1::PARTICIPANT_ROLE_MET));
  // "on May 5" stays the event's date, and no person is named "May".
  ASSERT_GT(x.events_size(), 0);
  EXPECT_EQ(x.events(0).date().month(), 5);
  EXPECT_EQ(x.events(0).date().day(), 5);
  for (const auto& p : x.people()) EXPECT_NE(p.name(), "May");
  EXPECT_EQ(x.people_size(), 2);
}

// "The delegation head, X,": a lowercase head in a noun phrase opened by an
// article, set off by commas before the name, vouches for a name in no list
// and is the person's post with the nouns before it.
TEST(PeopleTest, NameInAppositionAfterALowercaseHeadPhrase) {
  auto x = ExtractText(
      "Reception\n\nThe delegation head, Kenji Moriyama, thanked the hosts. The head of the "
      "trade mission, Tarou Ishiba, spoke next. After meeting the delegation, Ilse Varga left.");
  EXPECT_THAT(TitlesOf(x, "Kenji Moriyama"), ElementsAre("delegation head"));
  EXPECT_TRUE(HasStatement(x, "Kenji Moriyama", "thanked"));
  EXPECT_THAT(TitlesOf(x, "Tarou Ishiba"), ElementsAre("head of the trade mission"));
  // A phrase with no head ("After meeting the delegation,") gives no post.
  const auto* varga = FindPerson(x, "Ilse Varga");
  if (varga != nullptr) EXPECT_TRUE(Titles(*varga).empty());
}

// "Members of the Standing Committee including A and B": a plural post
// before "including", "such as" or "namely" is each listed name's post, in
// the singular. A listed name with its own title keeps that one, and a bare
// plural ("members, including") names no post.
TEST(TitlesTest, PluralPostDistributedOverAnIncludedList) {
  auto x = ExtractText(
      "Session\n\nMembers of the Standing Committee including Bo Lin and Wu Hai attended. "
      "Board directors such as Ilse Varga, Tomas Brenn and Ana Lind answered questions. "
      "Ministers including Foreign Minister Omar Sall spoke. Several members, including Ma "
      "Qiang, objected.");
  for (const char* name : {"Bo Lin", "Wu Hai"}) {
    const auto* p = FindPerson(x, name);
    ASSERT_NE(p, nullptr) << name;
    EXPECT_THAT(Titles(*p), ElementsAre("Member of the Standing Committee")) << name;
  }
  for (const char* name : {"Ilse Varga", "Tomas Brenn", "Ana Lind"}) {
    const auto* p = FindPerson(x, name);
    ASSERT_NE(p, nullptr) << name;
    EXPECT_THAT(Titles(*p), ElementsAre("Board director")) << name;
  }
  EXPECT_THAT(TitlesOf(x, "Omar Sall"), ElementsAre("Foreign Minister"));
  EXPECT_TRUE(TitlesOf(x, "Ma Qiang").empty());
}

// "The Prime Minister, the Rt. Hon Keir Hale MP,": a title set off by a
// comma before a name whose form of address ("the Rt. Hon") and
// post-nominal ("MP") stand between the commas is still that name's post,
// and "The Prime Minister" then speaks for him.
TEST(TitlesTest, TitleSetOffBeforeAStyledNameWithAPostNominal) {
  auto x = ExtractText(
      "Talks\n\nThe Prime Minister, the Rt. Hon Keir Hale MP, met the President of Nuvia, "
      "H.E. Omar Sall, today. The Chancellor, Ada Quill MP, also attended. The Prime Minister "
      "welcomed President Sall and said the ties run deep. Defence Secretary the Rt. Hon Lord Ivo "
      "Brand joined them.");
  EXPECT_THAT(TitlesOf(x, "Keir Hale"), UnorderedElementsAre("MP", "Prime Minister"));
  EXPECT_THAT(TitlesOf(x, "Ada Quill"), UnorderedElementsAre("MP", "Chancellor"));
  EXPECT_THAT(TitlesOf(x, "Omar Sall"), ElementsAre("President of Nuvia"));
  EXPECT_TRUE(HasStatement(x, "Keir Hale", "said"));
  EXPECT_FALSE(HasStatement(x, "Omar Sall", "said"));
  // A title right before "the Rt. Hon Lord X" is X's.
  EXPECT_THAT(TitlesOf(x, "Ivo Brand"), ElementsAre("Defence Secretary"));
}

// "Sen. Ana Lind", "Rep. Tom Reed": a title written short with its period
// heads the title, and is no part of the name; "Amartya Sen." after a name
// word stays the name's.
TEST(TitlesTest, AbbreviatedTitleBeforeAName) {
  auto x = ExtractText(
      "Hearing\n\nSen. Ann Wagner said the bill matters. Ranking Member Rep. Tom Reed "
      "questioned the secretary.");
  EXPECT_THAT(TitlesOf(x, "Ann Wagner"), ElementsAre("Sen."));
  EXPECT_TRUE(HasStatement(x, "Ann Wagner", "said"));
  EXPECT_THAT(TitlesOf(x, "Tom Reed"), UnorderedElementsAre("Ranking Member", "Rep."));
  EXPECT_EQ(FindPerson(x, "Sen. Ann Wagner"), nullptr);
}

// "Park Soo-duk", "Chey Tae-won": a short family name before a hyphenated
// given name of two short syllables is a name by its shape, also when the
// family name is a word ("Park") and no title or verb vouches for it.
TEST(PeopleTest, FamilyNameAndHyphenatedGivenNameByShape) {
  auto x = ExtractText(
      "Credentials\n\nThe envoys included Ambassador of the Republic of Korea Park Soo-duk. "
      "The talks also included Chey Tae-won and others.");
  EXPECT_THAT(TitlesOf(x, "Park Soo-duk"), ElementsAre("Ambassador of the Republic of Korea"));
  EXPECT_NE(FindPerson(x, "Chey Tae-won"), nullptr);
}

// "Board members A, B, C and D": a capitalized word before a lowercase
// plural post is part of each listed name's post.
TEST(TitlesTest, CapitalizedModifierOfAPluralPostOpeningAList) {
  auto x = ExtractText(
      "Minutes\n\nBoard members Cho Yoon-je, Suh Young-kyung and Lee Su-hyung attended.");
  for (const char* name : {"Cho Yoon-je", "Suh Young-kyung", "Lee Su-hyung"}) {
    const auto* p = FindPerson(x, name);
    ASSERT_NE(p, nullptr) << name;
    EXPECT_THAT(Titles(*p), ElementsAre("Board member")) << name;
  }
}

// "X said Korean firms see Nuvia as a key partner": a predicate "as a T"
// after a reporting verb belongs to that verb's clause, not to the speaker;
// "Ana Lind said Tom Reed was appointed as director" still gives Reed his.
TEST(TitlesTest, AsAPredicateAfterAReportingVerbIsNotTheSpeakers) {
  auto x = ExtractText(
      "Talks\n\nChey Tae-won said Korean firms see Nuvia as a key partner. Ana Lind said Tom "
      "Reed was appointed as director of the agency.");
  EXPECT_TRUE(TitlesOf(x, "Chey Tae-won").empty());
  EXPECT_THAT(TitlesOf(x, "Tom Reed"), ElementsAre("director of the agency"));
  EXPECT_TRUE(TitlesOf(x, "Ana Lind").empty());
}

// "Minister of Planning and Investment Nguyễn Chí Dũng ... Minister Dung
// said": a second department joined by "and" ends the title, and the
// family-name reference without accents, or before a generation suffix
// ("President Marcos" after "Ferdinand R. Marcos Jr."), is the same person.
TEST(PeopleTest, DepartmentAfterAndAndReferencesWithoutAccentsOrSuffix) {
  auto x = ExtractText(
      "Conference\n\nMinister of Planning and Investment Nguyễn Chí Dũng chaired the "
      "conference. Minister Dung said the ministry had four tasks. President Tomas R. Brenn Jr. "
      "met him. President Brenn stated that ties matter.");
  EXPECT_THAT(TitlesOf(x, "Nguyễn Chí Dũng"), ElementsAre("Minister of Planning and Investment"));
  EXPECT_TRUE(HasStatement(x, "Nguyễn Chí Dũng", "said"));
  EXPECT_EQ(FindPerson(x, "Dung"), nullptr);
  EXPECT_NE(FindPerson(x, "Tomas R. Brenn Jr."), nullptr);
  EXPECT_TRUE(HasStatement(x, "Tomas R. Brenn Jr.", "stated"));
  EXPECT_EQ(FindPerson(x, "Brenn"), nullptr);
  EXPECT_EQ(x.people_size(), 2);
}

// Malaysian and Cambodian styles ("Datuk Seri", "Samdech Thipadei") are
// forms of address: "Datuk Seri Anwar" is Anwar Ibrahim, named before.
TEST(PeopleTest, MalaysianAndCambodianStylesAreFormsOfAddress) {
  auto x = ExtractText(
      "Retreat\n\nPrime Minister Anwar Ibrahim met Prime Minister Hun Manet. Datuk Seri Anwar "
      "noted that the rail link would open. Samdech Thipadei Hun Manet said ties were strong.");
  EXPECT_TRUE(HasStatement(x, "Anwar Ibrahim", "noted"));
  EXPECT_TRUE(HasStatement(x, "Hun Manet", "said"));
  EXPECT_EQ(x.people_size(), 2);
}

// Minutes list those present as "Name (Title)": the parenthesis holds the
// person's post and vouches for a name in no list; a country in
// parentheses is no post. "Tan Sri", "Dato'" and "Encik" are forms of
// address.
TEST(TitlesTest, TitleInParenthesesAfterAName) {
  auto x = ExtractText(
      "Minutes\n\nPresent: Tan Sri Ahmad Zaki (Chairman), Dato' Lim Kok Wah (Group Managing "
      "Director), Encik Roslan Omar (Independent Director). The envoys Ilse Varga (Ostland) "
      "and Tomas Brenn (Nuvia) also came.");
  EXPECT_THAT(TitlesOf(x, "Ahmad Zaki"), ElementsAre("Chairman"));
  EXPECT_THAT(TitlesOf(x, "Lim Kok Wah"), ElementsAre("Group Managing Director"));
  EXPECT_THAT(TitlesOf(x, "Roslan Omar"), ElementsAre("Independent Director"));
  for (const auto& t : TitlesOf(x, "Ilse Varga")) EXPECT_EQ(t.find("Ostland"), std::string::npos);
  // The form of address is no part of the name.
  EXPECT_EQ(FindPerson(x, "Tan Sri Ahmad Zaki"), nullptr);
  for (const auto& p : x.people()) EXPECT_EQ(p.name().find("Tan Sri"), std::string::npos);
}

// "Retno L.P. Marsudi": initials written together between name words are
// part of the name; "U.S." after a name is a place, not an initial.
TEST(PeopleTest, InitialsWrittenTogetherInsideAName) {
  auto x = ExtractText(
      "Talks\n\nForeign Minister Retno L.P. Marsudi met Ambassador Tom Reed. The Foreign "
      "Minister briefed him on the talks.");
  EXPECT_THAT(TitlesOf(x, "Retno L.P. Marsudi"), ElementsAre("Foreign Minister"));
  EXPECT_TRUE(HasStatement(x, "Retno L.P. Marsudi", "briefed"));
  auto place = ExtractText("Talks\n\nAmbassador Tom Reed U.S. Embassy staff attended.");
  EXPECT_NE(FindPerson(place, "Tom Reed"), nullptr);
  EXPECT_EQ(FindPerson(place, "Tom Reed U.S. Embassy"), nullptr);
  EXPECT_EQ(FindPerson(place, "Tom Reed U.S."), nullptr);
  // Without an organization word after it, "U.S." is still no initial.
  auto bare = ExtractText("Talks\n\nAmbassador Tom Reed U.S. officials attended the talks.");
  EXPECT_NE(FindPerson(bare, "Tom Reed"), nullptr);
  EXPECT_EQ(FindPerson(bare, "Tom Reed U.S."), nullptr);
  for (const auto& p : bare.people()) EXPECT_EQ(p.name().find("U.S."), std::string::npos);
}

// "the Friendship Parliamentary Alliance led by its Chairman X": a run
// ending in an organization's head word is the organization, not a person,
// even before a verb that vouches for people ("led").
TEST(PeopleTest, RunEndingInAnOrganizationWordIsNoPerson) {
  auto x = ExtractText(
      "Reception\n\nLi Ming received the Friendship Parliamentary Alliance led by its "
      "Chairman Takeshi Nikai.");
  EXPECT_EQ(FindPerson(x, "Parliamentary Alliance"), nullptr);
  EXPECT_EQ(FindPerson(x, "Friendship Parliamentary Alliance"), nullptr);
  EXPECT_NE(FindPerson(x, "Takeshi Nikai"), nullptr);
}

// "Vice Premiers A, B and C, State Councilors D and E": each capitalized
// plural title goes to its own list, in the singular; the second title is
// not an appositive of the name before its comma.
TEST(TitlesTest, TwoPluralTitlesOverTwoLists) {
  auto x = ExtractText(
      "Cabinet session\n\nPresident Ida Varga chaired the cabinet on Monday. Deputy Ministers "
      "Bo Lin, Wu Hai and Ana Lind, Senior Advisers Tom Reed and Kai Moss attended.");
  for (const char* name : {"Bo Lin", "Wu Hai", "Ana Lind"}) {
    const auto* p = FindPerson(x, name);
    ASSERT_NE(p, nullptr) << name;
    EXPECT_THAT(Titles(*p), ElementsAre("Deputy Minister")) << name;
  }
  for (const char* name : {"Tom Reed", "Kai Moss"}) {
    const auto* p = FindPerson(x, name);
    ASSERT_NE(p, nullptr) << name;
    EXPECT_THAT(Titles(*p), ElementsAre("Senior Adviser")) << name;
  }
}

// Names listed together without titles: the list is proven by one of its
// names, by "present were" before it or by a verb after it.
TEST(PeopleTest, UntitledNamesOfAList) {
  auto present = ExtractText(
      "Talks in Oslo\n\nForeign Minister Ida Varga held talks with Foreign Minister Omar Sall on "
      "Thursday. Also present were Kai Moss of Nuvia and Ebba Strand of the Arctic Council.");
  EXPECT_NE(FindPerson(present, "Kai Moss"), nullptr);
  EXPECT_NE(FindPerson(present, "Ebba Strand"), nullptr);
  EXPECT_EQ(FindPerson(present, "Arctic Council"), nullptr);
  auto voted = ExtractText(
      "Council\n\nMayor Ida Varga presided over the session. Ebba Strand and Kai Moss voted "
      "against the plan.");
  EXPECT_NE(FindPerson(voted, "Ebba Strand"), nullptr);
  EXPECT_NE(FindPerson(voted, "Kai Moss"), nullptr);
  // A list of capitalized phrases with no person's evidence names nobody.
  auto things = ExtractText(
      "Talks\n\nMayor Ida Varga met Tom Reed. Green Harbour and Blue Lagoon were discussed.");
  EXPECT_EQ(FindPerson(things, "Green Harbour"), nullptr);
  EXPECT_EQ(FindPerson(things, "Blue Lagoon"), nullptr);
}

// "Halden Energy said ...": two capitalized words ending in a trade word
// name a company, not a person.
TEST(PeopleTest, CompanyNamedAfterItsTradeIsNoPerson) {
  auto x = ExtractText(
      "Investors\n\nGovernor Ida Varga met investors on Monday. Nordvik Energy said it would "
      "build a wind farm, and Brava Shipping announced a new route.");
  EXPECT_EQ(FindPerson(x, "Nordvik Energy"), nullptr);
  EXPECT_EQ(FindPerson(x, "Brava Shipping"), nullptr);
  EXPECT_EQ(x.people_size(), 1);
}

// A family name with diacritics ("Đỗ", folded "do") is no English word:
// after a title's department it opens the name, and it opens a sentence as
// a name.
TEST(PeopleTest, DiacriticFamilyNameIsNoFunctionWord) {
  auto x = ExtractText(
      "Talks\n\nDeputy Minister of Planning and Investment Đỗ Văn Hải received Ambassador Ida "
      "Varga on Tuesday. Đỗ Văn Hải said investment grew.");
  EXPECT_THAT(TitlesOf(x, "Đỗ Văn Hải"), ElementsAre("Deputy Minister of Planning and Investment"));
  EXPECT_EQ(FindPerson(x, "Văn Hải"), nullptr);
  EXPECT_TRUE(HasStatement(x, "Đỗ Văn Hải", "said"));
}

// "met on the margins of the UN General Assembly in New York with Foreign
// Minister X": "with" opens the counterpart, so neither the assembly nor
// its city joins X's title.
TEST(TitlesTest, WithOpensTheCounterpartNotATitle) {
  auto x = ExtractText(
      "Talks\n\nForeign Minister Ida Varga met on the margins of the UN General Assembly in New "
      "York with Foreign Minister Tom Reed of Nuvia on Wednesday.");
  EXPECT_THAT(TitlesOf(x, "Tom Reed"), ElementsAre("Foreign Minister of Nuvia"));
  ASSERT_GT(x.events_size(), 0);
  EXPECT_EQ(x.events(0).location().name(), "New York");
}

// Heads of the genre's other sub-genres: negotiators, mediators, coaches;
// "leader" (a head only when capitalized) after a rank in lowercase
// ("Deputy leader"), not after "top political". "re-elected X as" vouches
// for a name. "Commissioner for Energy X": a trade word that ends company
// names still completes a title after "for".
TEST(TitlesTest, HeadsOfTalksCongressesAndFederations) {
  auto x = ExtractText(
      "Talks\n\nUnion negotiator Ida Varga met chief negotiator Tom Reed on Monday. Mediator Kai "
      "Moss attended. The party re-elected Ebba Strand as chair. Deputy leader Ana Lind spoke. "
      "Commissioner for Energy Lars Holm also took part. The country's top political advisor "
      "Ola Brekke said trade grew.");
  auto titles = [&x](const char* name) {
    const auto* p = FindPerson(x, name);
    EXPECT_NE(p, nullptr) << name;
    return p == nullptr ? std::vector<std::string>{} : Titles(*p);
  };
  EXPECT_THAT(titles("Ida Varga"), ElementsAre("Union negotiator"));
  EXPECT_THAT(titles("Tom Reed"), ElementsAre("chief negotiator"));
  EXPECT_THAT(titles("Kai Moss"), ElementsAre("Mediator"));
  EXPECT_NE(FindPerson(x, "Ebba Strand"), nullptr);
  EXPECT_THAT(titles("Ana Lind"), ElementsAre("Deputy leader"));
  EXPECT_THAT(titles("Lars Holm"), ElementsAre("Commissioner for Energy"));
  EXPECT_THAT(titles("Ola Brekke"), ElementsAre());
}

// "Parents Tom Baker and Sue Kim spoke": a plural noun for people opening
// a sentence is no name word. "Linda Park": a family name that is also a
// word ("park") after a known given name.
TEST(PeopleTest, PluralPersonNounAndAWordSurnameAfterAGivenName) {
  auto x = ExtractText(
      "School board\n\nBoard chair Linda Park presided over the meeting. Parents Tom Baker and "
      "Sue Kim spoke during the public comment period.");
  EXPECT_THAT(TitlesOf(x, "Linda Park"), ElementsAre("Board chair"));
  EXPECT_NE(FindPerson(x, "Tom Baker"), nullptr);
  EXPECT_EQ(FindPerson(x, "Parents Tom Baker"), nullptr);
  EXPECT_NE(FindPerson(x, "Sue Kim"), nullptr);
}

// Indian forms of address ("Shri", "Smt.") are neither name nor title, and
// "MPs" (a three-letter plural) is a plural title over its list.
TEST(PeopleTest, ShriSmtAndMPsBeforeNames) {
  auto x = ExtractText(
      "Council of Ministers\n\nPrime Minister Shri Arun Mehta chaired the meeting in New Delhi "
      "today. Finance Minister Smt. Priya Nair made a presentation. The delegation also included "
      "MPs Tom Reed and Kai Moss.");
  EXPECT_THAT(TitlesOf(x, "Arun Mehta"), ElementsAre("Prime Minister"));
  EXPECT_THAT(TitlesOf(x, "Priya Nair"), ElementsAre("Finance Minister"));
  EXPECT_EQ(FindPerson(x, "Smt"), nullptr);
  for (const char* name : {"Tom Reed", "Kai Moss"}) {
    const auto* p = FindPerson(x, name);
    ASSERT_NE(p, nullptr) << name;
    EXPECT_THAT(Titles(*p), ElementsAre("MP")) << name;
  }
}

// "Directors Per Aasen, Lise Moen and Odd Berge": a capitalized plural
// title lets a stop word ("Per") open the first name, and gives the list
// its post. "Ambassador of Valdoria to Ghana Elena Duarte": the post's "of"
// and "to" places end right before the name.
TEST(TitlesTest, PluralTitleBeforeAStopWordNameAndAnAmbassadorOfAndTo) {
  auto x = ExtractText(
      "Board\n\nThe board met on Monday. Directors Per Aasen, Lise Moen and Odd Berge were "
      "present. Ambassador of Valdoria to Ghana Elena Duarte paid a courtesy call on the Governor "
      "of the Central Region, Kwame Asante, on Tuesday.");
  for (const char* name : {"Per Aasen", "Lise Moen", "Odd Berge"}) {
    const auto* p = FindPerson(x, name);
    ASSERT_NE(p, nullptr) << name;
    EXPECT_THAT(Titles(*p), ElementsAre("Director")) << name;
  }
  EXPECT_THAT(TitlesOf(x, "Elena Duarte"), ElementsAre("Ambassador of Valdoria to Ghana"));
  EXPECT_THAT(TitlesOf(x, "Kwame Asante"), ElementsAre("Governor of the Central Region"));
}

// A run proven only by the verb after it names an organization when it
// holds a plural noun ("Coastal Rights Watch"), a long word before its last
// that the text also writes in lowercase ("Openness Nuvia ... openness";
// not a family name that is a word, "Tom Reed ... reed"), or "it" takes it
// up ("announced that it would close"), or a verb agrees with it in the
// plural ("have announced"). Untitled people with the same
// verbs stay people: a given name, "his"/"her", an empty "it".
TEST(PeopleTest, OrganizationsBeforeAVerbOfEvidenceAreNoPeople) {
  auto x = ExtractText(
      "Court ruling\n\nValdoria Fisheries Watch welcomed the ruling on Monday. Norrvik Enso "
      "announced that it would close two mills. Amber Lindqvist praised the court, saying the "
      "decision was fair. Brant Kessler announced his resignation. Ilse Varga said it would be "
      "hard to appeal. Tamsin Oakes welcomed the ruling and its speed. Orvik Tele have "
      "announced a merger.",
      2024, 6, 5);
  EXPECT_EQ(FindPerson(x, "Valdoria Fisheries Watch"), nullptr);
  EXPECT_EQ(FindPerson(x, "Norrvik Enso"), nullptr);
  EXPECT_EQ(FindPerson(x, "Orvik Tele"), nullptr);
  for (const char* name : {"Amber Lindqvist", "Brant Kessler", "Ilse Varga", "Tamsin Oakes"}) {
    EXPECT_NE(FindPerson(x, name), nullptr) << name;
  }
  EXPECT_FALSE(HasStatement(x, "Norrvik Enso", "announced"));
  EXPECT_TRUE(HasStatement(x, "Brant Kessler", "announced"));
  EXPECT_EQ(x.people_size(), 4);

  auto y = ExtractText(
      "Rights\n\nOpenness Nuvia and Orvo Hydro welcomed the report. The group works for "
      "openness in public contracts. Kai Brun and Oda Lien welcomed it too. Minister Ana Lind "
      "thanked Tova Reed. The reed beds were flooded.",
      2024, 6, 5);
  EXPECT_EQ(FindPerson(y, "Openness Nuvia"), nullptr);
  EXPECT_NE(FindPerson(y, "Tova Reed"), nullptr);
  EXPECT_NE(FindPerson(y, "Kai Brun"), nullptr);
  EXPECT_NE(FindPerson(y, "Oda Lien"), nullptr);
}

// "met Halden Energy and Tom Reed": a name coordinated after an
// organization takes the verb before the organization; a second
// organization there stays none.
TEST(PeopleTest, NameCoordinatedAfterAnOrganization) {
  auto x = ExtractText(
      "Talks in Oslo\n\nMinister Ana Lind met Halden Energy and Tove Rask in Oslo on Monday. "
      "She also met the Norvik Shipping Company, Brant Kessler and Halden Mining Group.",
      2024, 6, 5);
  EXPECT_NE(FindPerson(x, "Tove Rask"), nullptr);
  EXPECT_NE(FindPerson(x, "Brant Kessler"), nullptr);
  EXPECT_EQ(FindPerson(x, "Halden Energy"), nullptr);
  EXPECT_EQ(x.people_size(), 3);
}

// "Secretary of State for the Environment Joana Pires": the department
// after "for the" completes the title and opens no name; a place there
// ("of the Hong Kong ...") stays a place.
TEST(TitlesTest, DepartmentAfterForTheEndsTheTitle) {
  auto x = ExtractText(
      "Consultation\n\nSecretary of State for the Environment Joana Pires chaired the "
      "consultation on Friday. Minister of the Interior Tove Rask attended.",
      2024, 5, 4);
  EXPECT_THAT(TitlesOf(x, "Joana Pires"), ElementsAre("Secretary of State for the Environment"));
  EXPECT_THAT(TitlesOf(x, "Tove Rask"), ElementsAre("Minister of the Interior"));
  EXPECT_EQ(x.people_size(), 2);
}

// "Among the new judges were A and B": the inverted copula lists people,
// and a plural post before it is each one's, in the singular. A plural
// noun that is no post ("witnesses") gives no title; an ordinary "Among
// the changes were ..." lists no one.
TEST(TitlesTest, PluralTitleBeforeAnInvertedCopula) {
  auto x = ExtractText(
      "Judges sworn in\n\nChief Justice Ida Varga swore in the new judges on Monday. Among the "
      "new judges were Kai Lund and Bo Kell. Among the witnesses was also Tove Rask. Among the "
      "changes were Coastal Trade and Wider Powers.",
      2024, 5, 4);
  for (const char* name : {"Kai Lund", "Bo Kell"}) {
    const auto* p = FindPerson(x, name);
    ASSERT_NE(p, nullptr) << name;
    EXPECT_THAT(Titles(*p), ElementsAre("judge")) << name;
  }
  EXPECT_TRUE(TitlesOf(x, "Tove Rask").empty());
  EXPECT_EQ(FindPerson(x, "Coastal Trade"), nullptr);
  EXPECT_EQ(x.people_size(), 4);
}

// "was re-elected as chairwoman": "re-elected" triggers the title as
// "elected" does.
TEST(TitlesTest, ReElectedAsTitle) {
  auto x = ExtractText(
      "Board\n\nThe board met on Monday. Ana Lind was re-elected as chairwoman of the board.", 2024,
      5, 4);
  EXPECT_THAT(TitlesOf(x, "Ana Lind"), ElementsAre("chairwoman of the board"));
}

// A run named elsewhere as the body of people ("representatives of
// Norvik Kraft", "director of Norvik Kraft") is a body; "it" with a past
// verb takes a body up ("said it supported"). A person's relative ("the
// wife of Brant Kessler") and an empty "it" ("it seemed") make no body.
TEST(PeopleTest, ABodyWithPeopleOrTakenUpByItWithAPastVerb) {
  auto x = ExtractText(
      "Grid plan\n\nMinister Ana Lind met representatives of Norvik Kraft on Monday. Norvik "
      "Kraft welcomed the plan. Orvik Tele said it supported faster permits. Brant Kessler said "
      "it seemed too early. The wife of Tamsin Oakes attended. Tamsin Oakes welcomed the plan.",
      2024, 6, 5);
  EXPECT_EQ(FindPerson(x, "Norvik Kraft"), nullptr);
  EXPECT_EQ(FindPerson(x, "Orvik Tele"), nullptr);
  EXPECT_NE(FindPerson(x, "Brant Kessler"), nullptr);
  EXPECT_NE(FindPerson(x, "Tamsin Oakes"), nullptr);
}

// "A, a former prosecutor, and B": a plural post over a list reaches past
// what describes a name; "X of the Chamber of Advocates spoke": the verb
// after the body a name belongs to vouches for it.
TEST(TitlesTest, PluralPostOverAListWithDescriptionsAndAVerbAfterTheBody) {
  auto x = ExtractText(
      "Judges sworn in\n\nChief Justice Ida Varga swore in the new judges on Friday. Among "
      "the new judges were Tove Rask, a former prosecutor, and Brant Kessler, who served as a "
      "magistrate. Amber Holm of the Chamber of Advocates spoke after the ceremony.",
      2024, 3, 9);
  for (const char* name : {"Tove Rask", "Brant Kessler"}) {
    const auto* p = FindPerson(x, name);
    ASSERT_NE(p, nullptr) << name;
    EXPECT_THAT(Titles(*p), ::testing::Contains("judge")) << name;
  }
  EXPECT_NE(FindPerson(x, "Amber Holm"), nullptr);
}

// "International" and "Watch" end advocacy groups' names: "Amnesty
// International said" and "Nordic Watch welcomed" are no people, and the
// name after "met Norvik International and" is one.
TEST(PeopleTest, AdvocacyGroupsEndingInInternationalOrWatch) {
  auto x = ExtractText(
      "Rights\n\nAmnesty International said the trial was unfair. Nordic Watch welcomed the "
      "verdict. Minister Ana Lind met Norvik International and Tove Rask.",
      2024, 6, 5);
  EXPECT_EQ(FindPerson(x, "Amnesty International"), nullptr);
  EXPECT_EQ(FindPerson(x, "Nordic Watch"), nullptr);
  EXPECT_NE(FindPerson(x, "Tove Rask"), nullptr);
  EXPECT_EQ(x.people_size(), 2);
}

// "Representatives of Nordvik Kraft, Statgrid and Baltic Cable attended":
// every run of a list opened by a body of people is a body; "thanked Nordic
// Rail for its work": "its" takes the object up. "praised the council for
// its work" takes up the council, not the speaker.
TEST(PeopleTest, ListsOfBodiesAndTheObjectTakenUpByIts) {
  auto x = ExtractText(
      "Grid\n\nRepresentatives of Nordvik Kraft, Statgrid and Baltic Cable attended the meeting "
      "chaired by Minister Ana Lind. She thanked Nordic Rail for its work. Brant Kessler praised "
      "the council for its work.",
      2024, 6, 5);
  EXPECT_EQ(FindPerson(x, "Baltic Cable"), nullptr);
  EXPECT_EQ(FindPerson(x, "Nordic Rail"), nullptr);
  EXPECT_NE(FindPerson(x, "Brant Kessler"), nullptr);
  EXPECT_EQ(x.people_size(), 2);
}

// A person says "it" and "its" about many things: "X said it would boost
// trade", "said its findings were clear" keep X a person; a body's own
// noun after "its" ("said its members") or announcing "that it would"
// still marks a body.
TEST(PeopleTest, APersonSayingItOrItsStaysAPerson) {
  for (const char* text :
       {"Amara Okafor said it would boost trade with the region.",
        "Brant Kessler said its budget would rise next year.",
        "Amara Okafor said its findings were clear.", "Rose Baker said it will take effect in May.",
        "Bintou Diallo said that it had helped farmers a lot."}) {
    auto x = ExtractText(std::string("Trade\n\n") + text, 2026, 3, 10);
    EXPECT_EQ(x.people_size(), 1) << text;
    EXPECT_EQ(x.statements_size(), 1) << text;
  }
  auto body = ExtractText(
      "Trade\n\nNorvik Tele said its members would vote in May. Stora Vind announced that it "
      "would close two mills.",
      2026, 3, 10);
  EXPECT_EQ(body.people_size(), 0);
}

// Marks that a name also gives yield to evidence for a person: "met
// Torvald Brooks Lindqvist" (a middle word in -s after a verb of
// evidence), "Blessing Okafor ... a blessing" (a given name the text also
// writes in lowercase).
TEST(PeopleTest, WeakMarksOfABodyYieldToAPersonsEvidence) {
  auto met = ExtractText("Talks\n\nTom Reed met Torvald Brooks Lindqvist on Monday.", 2026, 3, 10);
  EXPECT_NE(FindPerson(met, "Torvald Brooks Lindqvist"), nullptr);
  for (const char* text : {"Blessing Okafor said the deal was a blessing for farmers.",
                           "Patience Mensah said the talks needed patience.",
                           "Hunter Okafor said the hunter season would be short."}) {
    auto x = ExtractText(std::string("Farmers\n\n") + text, 2026, 3, 10);
    EXPECT_EQ(x.people_size(), 1) << text;
  }
}

// "swore in Ama Osei", "administered the oath of office to A and B": those
// who take an oath are people even with unlisted given names; "swore in
// Kestrel Bay Council" (a body) and "in Kestrel Bay" (a place) are not.
TEST(PeopleTest, ThoseWhoTakeAnOathArePeople) {
  auto x = ExtractText(
      "Oath\n\nChief Justice Ida Varga swore in Efua Mensah and Kwesi Boateng on Monday. Mayor "
      "Tom Reed administered the oath of office to Yaw Darko in Kestrel Bay.",
      2024, 6, 5);
  EXPECT_NE(FindPerson(x, "Efua Mensah"), nullptr);
  EXPECT_NE(FindPerson(x, "Kwesi Boateng"), nullptr);
  EXPECT_NE(FindPerson(x, "Yaw Darko"), nullptr);
  EXPECT_EQ(FindPerson(x, "Kestrel Bay"), nullptr);
  auto body = ExtractText("Oath\n\nThe mayor swore in Kestrel Bay Council on Monday.", 2024, 6, 5);
  EXPECT_EQ(body.people_size(), 0);
}

// "Union leader Per Olav Rud": the Nordic given name "Per" is a name after
// a lowercase word; "per capita" and a sentence-opening "Per" before no
// known given name are not.
TEST(PeopleTest, PerIsAGivenNameAfterALowercaseWord) {
  auto x = ExtractText(
      "Union\n\nThe council met on Monday. Union leader Per Olav Rud said the budget was "
      "unfair.",
      2024, 6, 5);
  EXPECT_NE(FindPerson(x, "Per Olav Rud"), nullptr);
  EXPECT_EQ(FindPerson(x, "Olav Rud"), nullptr);
  auto capita = ExtractText(
      "Income\n\nIncome Per Capita rose sharply, Minister Tom Reed said on Monday.", 2024, 6, 5);
  EXPECT_EQ(capita.people_size(), 1);
}

// "Witness Tom Reed said" opening a sentence: "Witness" is the witness's
// part, not his name, and he gives evidence (SPOKE).
TEST(PeopleTest, SentenceOpeningWitnessIsNoPartOfTheName) {
  auto x = ExtractText(
      "Hearing\n\nThe committee met on Monday. Witness Torvald Brun said the plan was unsafe.",
      2024, 6, 5);
  EXPECT_NE(FindPerson(x, "Torvald Brun"), nullptr);
  EXPECT_EQ(FindPerson(x, "Witness Torvald Brun"), nullptr);
  EXPECT_TRUE(testing::HasRole(x, "Torvald Brun", v1::PARTICIPANT_ROLE_SPOKE));
}

// "The directors of Nordvik Kraft, Ama Owusu and Kofi Mensah, attended":
// after a post, a list closed by a comma holds the post's holders in
// apposition; after "representatives of" it lists more bodies.
TEST(PeopleTest, PeopleInAppositionAfterAPostOfABodyStayPeople) {
  auto x = ExtractText(
      "Forum\n\nThe directors of Nordvik Kraft, Ama Owusu and Kofi Mensah, attended the forum "
      "on Monday.",
      2026, 3, 10);
  EXPECT_NE(FindPerson(x, "Ama Owusu"), nullptr);
  EXPECT_NE(FindPerson(x, "Kofi Mensah"), nullptr);
  auto heads = ExtractText(
      "Forum\n\nThe heads of Nordvik Kraft, Ama Boateng and John Mensah, attended the forum on "
      "Monday.",
      2026, 3, 10);
  EXPECT_NE(FindPerson(heads, "Ama Boateng"), nullptr);
  auto bodies = ExtractText(
      "Forum\n\nRepresentatives of Nordvik Kraft, Statgrid and Baltic Cable, who met on "
      "Monday, chose Minister Ana Lind as chair.",
      2026, 3, 10);
  EXPECT_EQ(FindPerson(bodies, "Baltic Cable"), nullptr);
}

// "named A and B independent members of the board": a seat given to a
// list keeps every name of it; "Youth Section chair Ana Lind" still opens
// no name before the title.
TEST(PeopleTest, ASeatGivenToAListKeepsItsNames) {
  for (const char* seat :
       {"independent members", "alternate members", "members", "non-executive members"}) {
    auto x = ExtractText(std::string("Board\n\nThe bank named Tom Reed and Ana Costa ") + seat +
                             " of the board on Monday.",
                         2026, 3, 10);
    EXPECT_NE(FindPerson(x, "Tom Reed"), nullptr) << seat;
    EXPECT_NE(FindPerson(x, "Ana Costa"), nullptr) << seat;
  }
}

// A family name that is also a country or city of the gazetteer stays a
// name where the person reading has its own evidence: a title before it, a
// known given name, a reporting verb after it.
TEST(PeopleTest, FamilyNamesThatArePlacesStayNames) {
  auto x = ExtractText(
      "Ministers meet in Velmora\n\n"
      "Defence Minister Tomas Jordan met Senator Ruth Chad in Velmora on Tuesday. "
      "Trade Minister Ilse Georgia and Ambassador Marco Lima also attended.",
      2025, 3, 6);
  for (const char* name : {"Tomas Jordan", "Ruth Chad", "Ilse Georgia", "Marco Lima"}) {
    EXPECT_NE(FindPerson(x, name), nullptr) << name;
  }
  EXPECT_EQ(TitlesOf(x, "Tomas Jordan"), std::vector<std::string>{"Defence Minister"});
  EXPECT_TRUE(testing::HasRole(x, "Tomas Jordan", v1::PARTICIPANT_ROLE_MET));
  EXPECT_TRUE(testing::HasRole(x, "Marco Lima", v1::PARTICIPANT_ROLE_ATTENDED));
  for (const auto& p : x.places()) EXPECT_EQ(p.name(), "Velmora");
  EXPECT_EQ(x.events(0).location().name(), "Velmora");

  // A lowercase post before the name, and a name that reports.
  auto union_chief = ExtractText(
      "Committee hears growers\n\n"
      "Fishermen's league president Odalys Lima testified before the committee on "
      "Thursday. Teodora Chad said the quotas were too low.",
      2025, 3, 7);
  EXPECT_NE(FindPerson(union_chief, "Odalys Lima"), nullptr);
  EXPECT_NE(FindPerson(union_chief, "Teodora Chad"), nullptr);
  EXPECT_NE(union_chief.events(0).location().name(), "Lima");
  EXPECT_EQ(union_chief.places_size(), 0);
}

// The family name alone names the person again; with the cues of a place
// ("to Jordan") the word stays a place.
TEST(PeopleTest, FamilyNameThatIsAPlaceNamesThePersonAgain) {
  auto x = ExtractText(
      "Talks in Velmora\n\n"
      "Defence Minister Tomas Jordan met Mayor Ana Lind in Velmora on Tuesday. "
      "Jordan said the visit was useful. The minister later flew to Jordan.",
      2025, 3, 6);
  EXPECT_EQ(x.people_size(), 2);
  EXPECT_TRUE(HasStatement(x, "Tomas Jordan", "said"));
  bool place = false;
  for (const auto& p : x.places()) place |= p.name() == "Jordan";
  EXPECT_TRUE(place);
  EXPECT_EQ(x.events(0).location().name(), "Velmora");
}

// After a preposition ("with", "in", "to", "from", "of") the bare word of a
// titled family name ("Ambassador Jordan") is the place, not the person.
TEST(PeopleTest, TitledFamilyNameIsNoPersonAfterAPreposition) {
  for (const char* later : {"Trade with Jordan grew last year.",
                            "Farmers in Jordan sold more grain.", "Exports to Jordan doubled.",
                            "Ships from Jordan docked early.", "The markets of Jordan reopened."}) {
    auto x = ExtractText(std::string("Talks\n\nMinister Ada Voss met Ambassador Jordan on "
                                     "Tuesday. ") +
                             later,
                         2026, 3, 4);
    const v1::Person* jordan = FindPerson(x, "Jordan");
    ASSERT_NE(jordan, nullptr) << later;
    EXPECT_EQ(jordan->mentions_size(), 1) << later;
    bool place = false;
    for (const auto& p : x.places()) place |= p.name() == "Jordan";
    EXPECT_TRUE(place) << later;
  }
}

// Without a person's evidence, the place reading stands.
TEST(PeopleTest, PlacesWithTheirCuesStayPlaces) {
  auto met = ExtractText("Ministers meet\n\nThe ministers met in Jordan.", 2025, 3, 6);
  EXPECT_EQ(met.people_size(), 0);
  EXPECT_EQ(met.events(0).location().name(), "Jordan");
  auto talks = ExtractText(
      "Talks held\n\nForeign Minister Ana Lind held talks in Lima on Tuesday. The Georgia "
      "delegation arrived from Chad.",
      2025, 3, 6);
  EXPECT_EQ(talks.people_size(), 1);
  EXPECT_EQ(talks.events(0).location().name(), "Lima");
  std::vector<std::string> places;
  for (const auto& p : talks.places()) places.push_back(p.name());
  EXPECT_THAT(places, UnorderedElementsAre("Lima", "Georgia", "Chad"));
}

// "X said it helped farmers": a verb of what a thing did after "said it"
// tells of the plan X speaks about, so X stays a person; a verb of a will
// ("said it supported", "said that it planned") takes up a body.
TEST(PeopleTest, SaidItWithAVerbOfWhatAThingDid) {
  for (const char* text : {"Orla Quint said it helped farmers during the drought.",
                           "Halvard Strand said it created jobs in the valley.",
                           "Ingrid Solberg said that it improved safety on the roads."}) {
    auto x = ExtractText(std::string("Roads\n\n") + text, 2026, 3, 10);
    EXPECT_EQ(x.people_size(), 1) << text;
    EXPECT_EQ(x.statements_size(), 1) << text;
  }
  for (const char* text : {"Orvik Tele said it supported faster permits.",
                           "Brekka Stal said that it planned to cut jobs.",
                           "Orvik Tele said it decided to sell the plant."}) {
    auto x = ExtractText(std::string("Roads\n\n") + text, 2026, 3, 10);
    EXPECT_EQ(x.people_size(), 0) << text;
  }
}

// "The chairmen of Nordvik Kraft, A and B": "chairmen" is the plural of a
// post as "directors" is, so the body after it is no person of the list.
TEST(PeopleTest, IrregularPluralPostBeforeItsBody) {
  auto x = ExtractText(
      "Board\n\nThe chairmen of Nordvik Kraft, Ama Owusu and Kofi Mensah, attended the "
      "meeting in Tromso on Friday. The spokeswomen of Halvik Tele, Ama Boateng and Kofi Addo, "
      "spoke.",
      2026, 3, 10);
  EXPECT_EQ(FindPerson(x, "Nordvik Kraft"), nullptr);
  EXPECT_EQ(FindPerson(x, "Halvik Tele"), nullptr);
  EXPECT_NE(FindPerson(x, "Ama Owusu"), nullptr);
  EXPECT_NE(FindPerson(x, "Kofi Mensah"), nullptr);
}

// "Per Olav Rud said" opening a sentence: "Per" before two name words, or
// a name word and a lowercase word, is a given name; "Per Reuters, ..."
// and "Per Article 5" stay prepositions. "X, the union leader, said": the
// description's own noun is a person's post ("leader"), not the body
// before it ("union").
TEST(PeopleTest, SentenceOpeningPerAndAPersonsDescription) {
  auto x = ExtractText(
      "Budget\n\nThe council met on Monday. Per Olav Rud said the budget was unfair. Per Aasen "
      "said it was late. Nils Arne Strand, the union leader, said the plan was weak. Per "
      "Reuters, the vote was close, Mayor Tom Reed said. Per Article 5, the mayor chairs.",
      2026, 3, 10);
  EXPECT_NE(FindPerson(x, "Per Olav Rud"), nullptr);
  EXPECT_NE(FindPerson(x, "Per Aasen"), nullptr);
  EXPECT_NE(FindPerson(x, "Nils Arne Strand"), nullptr);
  EXPECT_EQ(FindPerson(x, "Per Reuters"), nullptr);
  EXPECT_EQ(FindPerson(x, "Per Article"), nullptr);
  EXPECT_EQ(x.people_size(), 4);
  auto body = ExtractText(
      "Mills\n\nNorvik Enso, the paper company, announced that it would close two mills.", 2026, 3,
      10);
  EXPECT_EQ(body.people_size(), 0);
}

// "met Stora Enso and Norsk Hydro": a company's name opens with its
// country's adjective or a word of size in its own language ("Norsk",
// "Stora"), or ends in a word of its trade ("Hydro", "Energi", "Invest").
TEST(PeopleTest, CompaniesNamedInTheirOwnLanguage) {
  auto x = ExtractText(
      "Energy\n\nMinister Ana Lind met Stora Enso and Norsk Hydro in Oslo on Monday. She "
      "thanked Nordlys Energi and Fjordkraft Invest for their work.",
      2026, 3, 10);
  EXPECT_EQ(x.people_size(), 1);
  EXPECT_NE(FindPerson(x, "Ana Lind"), nullptr);
  // A legal form after the name ("ASA", "AS", "AB", "plc") is a company's.
  auto forms = ExtractText(
      "Yard\n\nMinister Ana Lind met Vestby Kraft ASA and Haldor Marine AS on Monday, and "
      "later Mayor Tom Reed.",
      2026, 3, 10);
  EXPECT_EQ(FindPerson(forms, "Vestby Kraft"), nullptr);
  EXPECT_EQ(FindPerson(forms, "Haldor Marine"), nullptr);
  EXPECT_NE(FindPerson(forms, "Tom Reed"), nullptr);
}

// "the Committee on Housing and Urban Renewal of Belmarsh": the words after
// "and" are a second field of the body, no person, even when the first of
// them is a given name ("Urban"). A name after "and" that ends the phrase or
// ends in a family name is still a person.
TEST(PeopleTest, SecondFieldOfABodyIsNoPerson) {
  auto x = ExtractText(
      "Committee meets\n\nThe Committee on Housing and Urban Renewal of Belmarsh met on 3 "
      "March. The Ministry of Roads and Public Works of Korvenia met on Friday. The Office "
      "for Trade and Grace Harbour of Tessin met as well. Chairman Jorah Pell presided.",
      2026, 3, 4);
  EXPECT_EQ(FindPerson(x, "Urban Renewal"), nullptr);
  EXPECT_EQ(FindPerson(x, "Public Works"), nullptr);
  EXPECT_EQ(FindPerson(x, "Grace Harbour"), nullptr);
  EXPECT_NE(FindPerson(x, "Jorah Pell"), nullptr);
  bool whole = false;
  for (const auto& o : x.organizations()) {
    whole |= o.name() == "Committee on Housing and Urban Renewal of Belmarsh";
  }
  EXPECT_TRUE(whole);

  auto y = ExtractText(
      "Talks\n\nMinister Ola Brenn of the Ministry of Trade and Anna Lind met on Monday. "
      "Director Ivo Renn of the Office of Ports and Minister Tom Hale of Korvenia spoke.",
      2026, 3, 4);
  EXPECT_NE(FindPerson(y, "Anna Lind"), nullptr);
  EXPECT_NE(FindPerson(y, "Tom Hale"), nullptr);
}

}  // namespace
}  // namespace readout::extractor

namespace readout::extractor {
namespace {

using testing::ExtractText;
using testing::FindPerson;
using testing::HasStatement;
using testing::TitlesOf;

// A single place word right after a capitalized title or a form of
// address is the family name the title is given with; the place keeps its
// reading after a preposition.
TEST(PeopleTest, APlaceWordAloneAfterATitleIsAFamilyName) {
  auto lima = ExtractText(
      "Envoy speaks\n\nAmbassador Lima said the two countries would deepen ties. Minister Oskar "
      "Pell met Ambassador Lima in Varnholm on Monday.",
      2026, 3, 4);
  ASSERT_NE(FindPerson(lima, "Lima"), nullptr);
  EXPECT_EQ(TitlesOf(lima, "Lima"), std::vector<std::string>{"Ambassador"});
  EXPECT_TRUE(HasStatement(lima, "Lima", "said"));
  EXPECT_TRUE(testing::HasRole(lima, "Lima", v1::PARTICIPANT_ROLE_MET));
  EXPECT_EQ(lima.events(0).location().name(), "Varnholm");

  // A later bare mention is the same person.
  auto later = ExtractText(
      "Talks\n\nMinister Oskar Pell met Governor Paris in Varnholm on Monday. Paris said ties "
      "were strong.",
      2026, 3, 4);
  ASSERT_NE(FindPerson(later, "Paris"), nullptr);
  EXPECT_TRUE(HasStatement(later, "Paris", "said"));

  auto honorific =
      ExtractText("Talks\n\nMayor Ilse Krogh met Mr. Chad of the port board in Varnholm on Monday.",
                  2026, 3, 4);
  EXPECT_NE(FindPerson(honorific, "Chad"), nullptr);

  // After a preposition, or before another capitalized word, it stays a
  // place.
  auto place = ExtractText(
      "Talks\n\nMinister Oskar Pell met the Ambassador to Lima on Monday. The Lima Declaration "
      "was discussed.",
      2026, 3, 4);
  EXPECT_EQ(FindPerson(place, "Lima"), nullptr);
}

// A relation to another person ("her counterpart", "his predecessor",
// "their guest") is no post: the person named after it has no such title.
TEST(PeopleTest, RelationNounsAreNoTitles) {
  for (const char* text : {
           "Talks\n\nForeign Minister Ada Krell met her counterpart, Lev Strand, in Osterby.",
           "Talks\n\nForeign Minister Ada Krell met her Dravenian counterpart Lev Strand in "
           "Osterby.",
           "Talks\n\nForeign Minister Ada Krell met Lev Strand, her counterpart from Dravenia, in "
           "Osterby.",
           "Talks\n\nForeign Minister Ada Krell met her predecessor, Lev Strand, in Osterby.",
           "Talks\n\nForeign Minister Ada Krell and their guest, Lev Strand, toured the harbour.",
       }) {
    auto x = ExtractText(text, 2026, 3, 4);
    ASSERT_NE(FindPerson(x, "Lev Strand"), nullptr) << text;
    EXPECT_TRUE(TitlesOf(x, "Lev Strand").empty()) << text;
  }
  // A post after the relation is kept.
  auto post = ExtractText(
      "Talks\n\nGovernor Bror Hallin met with his successor, Governor-elect Mira Quell, in "
      "Lindvik.",
      2026, 3, 4);
  EXPECT_EQ(TitlesOf(post, "Mira Quell"), std::vector<std::string>{"Governor-elect"});
}

// Modifiers of a post not (yet, or no longer) held stay in the title as
// written: "-elect", "-designate", "acting", "interim", "former".
TEST(PeopleTest, ElectDesignateActingInterimAndFormerStayInTheTitle) {
  auto x = ExtractText(
      "Transition\n\nPrime Minister-designate Karin Voss met Governor-elect Hana Pell in "
      "Sandvik on Monday. Acting Mayor Tove Lindh and Interim President Jonas Falk attended. "
      "Former Minister Rune Dahl also attended. Ivo Sand, the mayor-elect of Sandvik, spoke.",
      2026, 3, 4);
  EXPECT_EQ(TitlesOf(x, "Karin Voss"), std::vector<std::string>{"Prime Minister-designate"});
  EXPECT_EQ(TitlesOf(x, "Hana Pell"), std::vector<std::string>{"Governor-elect"});
  EXPECT_EQ(TitlesOf(x, "Tove Lindh"), std::vector<std::string>{"Acting Mayor"});
  EXPECT_EQ(TitlesOf(x, "Jonas Falk"), std::vector<std::string>{"Interim President"});
  EXPECT_EQ(TitlesOf(x, "Rune Dahl"), std::vector<std::string>{"Former Minister"});
  EXPECT_EQ(TitlesOf(x, "Ivo Sand"), std::vector<std::string>{"mayor-elect of Sandvik"});
}

// A noun of how a person stands to another ("guest", "predecessor",
// "colleague") vouches for the name after it, as "counterpart" does, and
// gives no title.
TEST(PeopleTest, ANameAfterARelationNounIsAPerson) {
  for (const char* text : {
           "Talks\n\nForeign Minister Ada Krell met her guest Lev Strand in Osterby.",
           "Thanks\n\nPresident Bror Hallin thanked his predecessor Lev Strand in Lindvik.",
           "Tour\n\nMayor Eva Tross toured the port with her colleague Lev Strand on Monday.",
           "Visit\n\nGovernor Ivo Sand greeted the visitor Lev Strand in Osterby.",
       }) {
    auto x = ExtractText(text, 2026, 3, 4);
    ASSERT_NE(FindPerson(x, "Lev Strand"), nullptr) << text;
    EXPECT_TRUE(TitlesOf(x, "Lev Strand").empty()) << text;
  }
}

// A lowercase portfolio before a lowercase head is a word of the post,
// also after a verb and with "former" before it: "met finance minister
// X", "former trade minister Y". A verb before other lowercase words still
// bounds nothing ("met police officer X" keeps "officer").
TEST(PeopleTest, APortfolioBeforeALowercaseHeadStaysInThePost) {
  auto x = ExtractText(
      "Talks\n\nGovernor Otto Brisk met finance minister Rune Dahl on Monday in Sandvik. "
      "Former trade minister Ivo Sand and acting mayor Tove Lindh attended. Later, health "
      "secretary Karin Voss said the talks went well. Mayor Eva Holm met police officer Omar "
      "Haddad.",
      2026, 3, 4);
  EXPECT_EQ(TitlesOf(x, "Rune Dahl"), std::vector<std::string>{"finance minister"});
  EXPECT_EQ(TitlesOf(x, "Ivo Sand"), std::vector<std::string>{"Former trade minister"});
  EXPECT_EQ(TitlesOf(x, "Tove Lindh"), std::vector<std::string>{"acting mayor"});
  EXPECT_EQ(TitlesOf(x, "Karin Voss"), std::vector<std::string>{"health secretary"});
  EXPECT_EQ(TitlesOf(x, "Omar Haddad"), std::vector<std::string>{"officer"});
  auto former = ExtractText(
      "Talks\n\nGovernor Otto Brisk met former defence minister Rune Dahl in Sandvik.", 2026, 3, 4);
  EXPECT_EQ(TitlesOf(former, "Rune Dahl"), std::vector<std::string>{"former defence minister"});
}

}  // namespace
}  // namespace readout::extractor
