// Titles in the shapes of appointments, board seats and bodies' posts:
// "sworn in as T", "named X T", "external member X", "the Senate's
// president, X", and the ordinary sentences that must give no title; and
// "the NA Chairman", a post named by its body's acronym.
#include <string>
#include <vector>

#include "extractor-service/engine/test_util.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace readout::extractor {
namespace {

using ::testing::ElementsAre;
using testing::ExtractText;
using testing::FindPerson;
using testing::HasStatement;
using testing::TitlesOf;

// A verb of taking up a post before "as" gives the post.
TEST(TitleShapesTest, TakingUpAPostAs) {
  auto x = ExtractText(
      "New judges\n\nMaria Lopez was sworn in as president of the court on Monday. Anna Berg "
      "took office as mayor of the city last year. Paul Durand, who was re-elected as "
      "chairman, spoke. John Carter took the oath of office as president of the republic. Mary "
      "Hill assumed office as governor in May.");
  EXPECT_THAT(TitlesOf(x, "John Carter"), ElementsAre("president of the republic"));
  EXPECT_THAT(TitlesOf(x, "Mary Hill"), ElementsAre("governor"));
  EXPECT_THAT(TitlesOf(x, "Maria Lopez"), ElementsAre("president of the court"));
  EXPECT_THAT(TitlesOf(x, "Anna Berg"), ElementsAre("mayor of the city"));
  EXPECT_THAT(TitlesOf(x, "Paul Durand"), ElementsAre("chairman"));
}

// "as" after such a verb that opens a clause of time gives nothing.
TEST(TitleShapesTest, TakingUpAPostAsAClauseGivesNoTitle) {
  auto x = ExtractText(
      "New judges\n\nMaria Lopez was sworn in as the crowd cheered. John Carter took over as "
      "rain began to fall.");
  EXPECT_TRUE(TitlesOf(x, "Maria Lopez").empty());
  EXPECT_TRUE(TitlesOf(x, "John Carter").empty());
}

// Nor when the clause of time holds a post's word: a person named in it,
// or a verb in the past after the post's head.
TEST(TitleShapesTest, TakingUpAPostAsAClauseWithATitleWordGivesNoTitle) {
  auto x = ExtractText(
      "New judges\n\nJohn Carter was sworn in as President Tom Reed looked on. Maria Lopez "
      "was sworn in as members of the council applauded. Anna Berg took over as the chairman "
      "resigned.");
  EXPECT_TRUE(TitlesOf(x, "John Carter").empty());
  EXPECT_THAT(TitlesOf(x, "Tom Reed"), ElementsAre("President"));
  EXPECT_TRUE(TitlesOf(x, "Maria Lopez").empty());
  EXPECT_TRUE(TitlesOf(x, "Anna Berg").empty());
  // The post itself stays, also before a participle.
  auto post = ExtractText(
      "New judges\n\nJohn Carter was sworn in as President of the Republic on Monday. Anna "
      "Berg took over as chairman of the board elected in May.");
  EXPECT_THAT(TitlesOf(post, "John Carter"), ElementsAre("President of the Republic"));
  EXPECT_FALSE(TitlesOf(post, "Anna Berg").empty());
}

// "named X T": the post after the object, also in lowercase.
TEST(TitleShapesTest, NamedObjectThenLowercasePost) {
  auto x = ExtractText(
      "Board changes\n\nThe board named Tom Reed chairman of the audit committee. The jury "
      "named John Carter best speaker of the year.");
  EXPECT_THAT(TitlesOf(x, "Tom Reed"), ElementsAre("chairman of the audit committee"));
  EXPECT_TRUE(TitlesOf(x, "John Carter").empty());

  // A body electing someone to its post: the post alone, not "its".
  auto elected = ExtractText(
      "Council elects chair\n\nThe council elected Tom Reed chairman on Monday. The committee "
      "re-elected Maria Lopez as its chairperson. Anna Berg, the newly appointed governor of the "
      "Central Bank, attended.");
  EXPECT_THAT(TitlesOf(elected, "Tom Reed"), ElementsAre("chairman"));
  EXPECT_THAT(TitlesOf(elected, "Maria Lopez"), ElementsAre("chairperson"));
  EXPECT_THAT(TitlesOf(elected, "Anna Berg"), ElementsAre("governor of the Central Bank"));
}

// Words of a board or committee seat stay with the post.
TEST(TitleShapesTest, SeatModifiersStayWithThePost) {
  auto x = ExtractText(
      "Bank board meets\n\nThe meeting was attended by external member Maria Lopez, "
      "independent director John Carter and alternate member Tom Reed. Ex-officio member Anna "
      "Berg spoke.");
  EXPECT_THAT(TitlesOf(x, "Maria Lopez"), ElementsAre("external member"));
  EXPECT_THAT(TitlesOf(x, "John Carter"), ElementsAre("independent director"));
  EXPECT_THAT(TitlesOf(x, "Tom Reed"), ElementsAre("alternate member"));
  EXPECT_THAT(TitlesOf(x, "Anna Berg"), ElementsAre("Ex-officio member"));
}

// The same words with no post after them make no title.
TEST(TitleShapesTest, SeatModifiersAloneMakeNoTitle) {
  auto x = ExtractText(
      "Bank board meets\n\nMaria Lopez said an external review of the bank would follow. John "
      "Carter welcomed the independent audit.");
  EXPECT_TRUE(TitlesOf(x, "Maria Lopez").empty());
  EXPECT_TRUE(TitlesOf(x, "John Carter").empty());
}

// A bare post after a body's possessive keeps the body; a post that says
// itself which it is does not ("the company's deputy chief executive").
TEST(TitleShapesTest, BodysPossessiveBeforeABarePost) {
  auto x = ExtractText(
      "Senate sits\n\nThe Senate's president, Maria Lopez, chaired the sitting on Monday. The "
      "board's chairman Tom Reed attended. John Carter, the committee's chairman, spoke. The "
      "company's deputy chief executive Anna Berg and the UK's Foreign Secretary Paul Durand "
      "attended.");
  EXPECT_THAT(TitlesOf(x, "Maria Lopez"), ElementsAre("Senate's president"));
  EXPECT_THAT(TitlesOf(x, "Tom Reed"), ElementsAre("board's chairman"));
  EXPECT_THAT(TitlesOf(x, "John Carter"), ElementsAre("committee's chairman"));
  EXPECT_THAT(TitlesOf(x, "Anna Berg"), ElementsAre("deputy chief executive"));
  EXPECT_THAT(TitlesOf(x, "Paul Durand"), ElementsAre("UK's Foreign Secretary"));
}

// "The NA Chairman" is the chairman of the body "NA" stands for, not the
// chairman named last; also in the headline.
TEST(TitleShapesTest, AcronymOfTheBodyPicksItsPostHolder) {
  auto x = ExtractText(
      "NA Chairman calls for closer ties\n\nHANOI, March 3 -- Le Van Minh, Chairman of the "
      "National Assembly, received a delegation led by Kenji Sato on Monday. Pham Quoc Bao, "
      "Chairman of the People's Committee of Hanoi, also attended. The NA Chairman said trade "
      "had doubled. The PC Chairman noted that the city welcomed investors.",
      2026, 3, 4);
  EXPECT_TRUE(HasStatement(x, "Le Van Minh", "calls for"));
  EXPECT_TRUE(HasStatement(x, "Le Van Minh", "said"));
  EXPECT_TRUE(HasStatement(x, "Pham Quoc Bao", "noted"));
  EXPECT_FALSE(HasStatement(x, "Pham Quoc Bao", "said"));
  EXPECT_FALSE(HasStatement(x, "Pham Quoc Bao", "calls for"));
}

// An acronym that no title spells changes nothing: the post's holder is
// found as before.
TEST(TitleShapesTest, AcronymNoTitleSpellsLeavesThePost) {
  auto x = ExtractText(
      "Talks held\n\nLe Van Minh, Chairman of the National Assembly, received Kenji Sato on "
      "Monday. The XYZ Chairman said trade had doubled.",
      2026, 3, 4);
  EXPECT_TRUE(HasStatement(x, "Le Van Minh", "said"));
}

// An acronym must be the whole initials of a body in the title: "EC" is
// not the European Central Bank.
TEST(TitleShapesTest, AcronymIsNoPartOfLongerInitials) {
  auto x = ExtractText(
      "Talks held\n\nPresident of the European Central Bank Ana Costa met President Tom Reed "
      "on Monday. The EC President said the talks went well.",
      2026, 3, 4);
  EXPECT_FALSE(HasStatement(x, "Ana Costa", "said"));
  auto whole = ExtractText(
      "Talks held\n\nPresident of the European Commission Ana Costa met President Tom Reed "
      "on Monday. The EC President said the talks went well.",
      2026, 3, 4);
  EXPECT_TRUE(HasStatement(whole, "Ana Costa", "said"));
}

// "A and the Senate's president, B,": "and the" opens a new phrase, so the
// title set off by commas is B's, not A's.
TEST(TitleShapesTest, TitleSetOffAfterAndThe) {
  auto x = ExtractText(
      "Ceremony held\n\nAttorney General Samuel Njoroge and the Senate's president, Mary "
      "Atieno, also attended the ceremony.");
  EXPECT_THAT(TitlesOf(x, "Mary Atieno"), ElementsAre("Senate's president"));
  EXPECT_THAT(TitlesOf(x, "Samuel Njoroge"), ElementsAre("Attorney General"));
}

// A lowercase post of several words right before the name keeps every
// word of its noun phrase: "chief financial officer Jon Doe", "the city's
// housing officer X"; a verb before lowercase words bounds nothing ("met
// police officer X" keeps "officer"), nor a capitalized head ("in studying
// General Secretary X").
TEST(TitleShapesTest, LowercasePostOfSeveralWordsBeforeTheName) {
  auto x = ExtractText(
      "Results\n\nThe company's chief financial officer Jon Doe said revenue rose. Revenue "
      "rose, deputy chief medical officer Ana Lind said. The city's housing officer Tom Reed "
      "said rents rose. Mayor Eva Holm met police officer Omar Haddad on Monday.",
      2026, 3, 10);
  EXPECT_THAT(TitlesOf(x, "Jon Doe"), ElementsAre("chief financial officer"));
  EXPECT_THAT(TitlesOf(x, "Ana Lind"), ElementsAre("deputy chief medical officer"));
  EXPECT_THAT(TitlesOf(x, "Tom Reed"), ElementsAre("housing officer"));
  EXPECT_THAT(TitlesOf(x, "Omar Haddad"), ElementsAre("officer"));
  auto cap = ExtractText("Study\n\nOfficials met for studying General Secretary Tom Reed's speech.",
                         2026, 3, 10);
  EXPECT_THAT(TitlesOf(cap, "Tom Reed"), ElementsAre("General Secretary"));
}

// Posts held before are titles as written: "former prosecutor X",
// "Ex-minister X", "then-mayor X", "X, a former magistrate,"; and the post
// a clause gives: "X, who served as a magistrate", "X served as mayor of
// Bergen from 2001", "X, who was mayor of Bergen until 2019,", "X, who had
// been a prosecutor,". The name is a person by these alone.
TEST(TitleShapesTest, PostsHeldBefore) {
  auto x = ExtractText(
      "Court\n\nFormer prosecutor Anna Berg joined the panel on Monday. Ex-minister Karin Dahl "
      "and then-mayor Siri Moe also spoke. Lars Holm, who served as a magistrate in Bergen for "
      "ten years, attended. Orla Quint served as mayor of Tromso from 2001 to 2009. Nils Aune, "
      "who was mayor of Bodo until 2019, spoke. Eirik Lunde, who had been a prosecutor, spoke. "
      "Tove Rask, a former magistrate, spoke.",
      2026, 3, 10);
  EXPECT_THAT(TitlesOf(x, "Anna Berg"), ElementsAre("Former prosecutor"));
  EXPECT_THAT(TitlesOf(x, "Karin Dahl"), ElementsAre("Ex-minister"));
  EXPECT_THAT(TitlesOf(x, "Siri Moe"), ElementsAre("then-mayor"));
  EXPECT_THAT(TitlesOf(x, "Lars Holm"), ElementsAre("magistrate in Bergen"));
  EXPECT_THAT(TitlesOf(x, "Orla Quint"), ElementsAre("mayor of Tromso"));
  EXPECT_THAT(TitlesOf(x, "Nils Aune"), ElementsAre("mayor of Bodo"));
  EXPECT_THAT(TitlesOf(x, "Eirik Lunde"), ElementsAre("prosecutor"));
  EXPECT_THAT(TitlesOf(x, "Tove Rask"), ElementsAre("former magistrate"));
  // A body is no person by a seat it holds or a part it plays.
  auto body = ExtractText(
      "Fair\n\nNorvik Kraft was the main sponsor of the fair. Orvik Tele is a member of the "
      "trade council.",
      2026, 3, 10);
  EXPECT_EQ(body.people_size(), 0);
}

// "X, as acting chief executive, will": the post after "as"; "its
// chairman, Tom Reed,": a body's post set off before the name is his, not
// the title of the name before it.
TEST(TitleShapesTest, PostAfterAsAndABodysPostSetOffBeforeTheName) {
  auto x = ExtractText(
      "Bank\n\nHalvor Bank named its chief financial officer, Jon Doe, as acting chief "
      "executive. The company's auditor, Ana Lind, and its chairman, Tom Reed, attended.",
      2026, 3, 10);
  EXPECT_THAT(TitlesOf(x, "Jon Doe"),
              ::testing::UnorderedElementsAre("chief financial officer", "acting chief executive"));
  EXPECT_THAT(TitlesOf(x, "Ana Lind"), ElementsAre("company's auditor"));
  EXPECT_THAT(TitlesOf(x, "Tom Reed"), ElementsAre("chairman"));
}

// "a state secretary": a verb's base form after an article is a noun of
// the post. "chairman of the board of Fjordkraft Invest, and Maria Solheim":
// the body after a post's "of" is no name of the list after it.
TEST(TitleShapesTest, NounAfterAnArticleAndTheBodyOfAPost) {
  auto x = ExtractText(
      "Deal\n\nGunnar Dahl, a state secretary, spoke. The agreement was signed by Anders Rud, "
      "chairman of the board of Fjordkraft Invest, and Maria Solheim, its chief executive.",
      2026, 3, 10);
  EXPECT_THAT(TitlesOf(x, "Gunnar Dahl"), ElementsAre("state secretary"));
  auto named = ExtractText(
      "Commission\n\nPer Gunnar Dahl, a former state secretary, has been named chair of the "
      "commission. Nordby Council leader Cllr Amanda Pike said the choice was sound.",
      2026, 3, 10);
  EXPECT_THAT(TitlesOf(named, "Per Gunnar Dahl"),
              ::testing::UnorderedElementsAre("former state secretary", "chair of the commission"));
  EXPECT_THAT(TitlesOf(named, "Amanda Pike"),
              ::testing::UnorderedElementsAre("Nordby Council leader", "Cllr"));
  EXPECT_FALSE(HasStatement(named, "Per Gunnar Dahl", "state"));
  EXPECT_THAT(TitlesOf(x, "Anders Rud"), ElementsAre("chairman of the board of Fjordkraft Invest"));
  EXPECT_THAT(TitlesOf(x, "Maria Solheim"), ElementsAre("chief executive"));
  EXPECT_EQ(FindPerson(x, "Fjordkraft Invest"), nullptr);
}

// "appointed X, previously head of Y, as T": the post after "as" is X's
// across the appositive, and the time adverb is no word of the post.
TEST(TitleShapesTest, AsAfterAnAppositiveAndTimeAdverbs) {
  auto x = ExtractText(
      "Bank\n\nKestrel Holdings said its board had appointed Marta Ekholm, previously head of "
      "retail banking at Nordbank, as chief executive officer.",
      2026, 3, 10);
  EXPECT_THAT(TitlesOf(x, "Marta Ekholm"),
              ::testing::UnorderedElementsAre("head of retail banking at Nordbank",
                                              "chief executive officer"));
}

// "Inspector X of the Bergen police": a body with a lowercase noun after
// its place completes the post; "Mayor-elect X", "the city clerk, X,";
// "X, 54, a lawyer, was elected leader of the Coastal Party": an age
// vouches for a person, and "leader" after a verb of election is a post.
TEST(TitleShapesTest, LowercaseBodiesPostsToComeAndAges) {
  auto x = ExtractText(
      "Court\n\nThe court heard Inspector Knut Hovland of the Bergen police. Mayor-elect Ingrid "
      "Bakke will be sworn in on January 2, the city clerk, Odd Lien, said. Tove Hagen, 54, a "
      "lawyer from Tromso, was elected leader of the Coastal Party on Saturday.",
      2026, 3, 10);
  EXPECT_THAT(TitlesOf(x, "Knut Hovland"), ElementsAre("Inspector of the Bergen police"));
  EXPECT_THAT(TitlesOf(x, "Ingrid Bakke"), ElementsAre("Mayor-elect"));
  EXPECT_THAT(TitlesOf(x, "Odd Lien"), ElementsAre("city clerk"));
  EXPECT_THAT(TitlesOf(x, "Tove Hagen"), ElementsAre("leader of the Coastal Party"));
}

// "of Lam Son Province, Mrs. Tran Thi Hoa,": a run before a place's kind
// ("Province", "County") is the place, not a person, and the title set off
// before the name is hers; "Ambassador Extraordinary and Plenipotentiary
// X" is one post.
TEST(TitleShapesTest, PlaceBeforeItsKindAndTwoModifiersAfterAHead) {
  auto x = ExtractText(
      "Session\n\nThe Chairwoman of the People's Committee of Lam Son Province, Mrs. Tran Thi "
      "Hoa, chaired the working session. The reception was hosted by Ambassador Extraordinary "
      "and Plenipotentiary Lena Kjaer.",
      2026, 3, 10);
  EXPECT_EQ(FindPerson(x, "Lam Son"), nullptr);
  EXPECT_THAT(TitlesOf(x, "Tran Thi Hoa"),
              ElementsAre("Chairwoman of the People's Committee of Lam Son Province"));
  EXPECT_THAT(TitlesOf(x, "Lena Kjaer"),
              ElementsAre("Ambassador Extraordinary and Plenipotentiary"));
  EXPECT_EQ(x.people_size(), 2);
}

}  // namespace
}  // namespace readout::extractor
