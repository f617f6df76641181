// Whole invented articles of the genre's sub-genres (Chinese, Korean,
// Japanese, Lao and KCNA government press; NATO, African Union and No. 10
// readouts; a company AGM; central bank minutes; a State Council meeting
// with a long attendee list; a city council vote, a UN Security Council
// briefing, union and employers' wage talks, an EU Council release, a
// party congress, a regional governors' forum in a town the gazetteer
// lacks, a central bank board with external members, a court's
// swearing-in, a parliamentary committee hearing with witnesses, a
// ministry's consultation of non-governmental organisations, a joint
// press conference of two foreign ministers and a swearing-in of judges
// listed after "Among"), each with the main event a careful reader of
// FORMAT.md writes down: type, day, place and every participant's role,
// exactly (a role too many fails as well as one missing).
#include <cstdio>
#include <map>
#include <set>
#include <string>
#include <utility>

#include "extractor-service/engine/test_util.h"
#include "gtest/gtest.h"

namespace readout::extractor {
namespace {

using testing::ExtractText;

struct Article {
  const char* name;
  const char* text;
  int year, month, day;  // Publication date.
  v1::EventType type;
  const char* date;   // "YYYY-MM-DD" or "" for none.
  const char* place;  // "" for none.
  std::set<std::pair<std::string, v1::ParticipantRole>> roles;
};

constexpr auto kPresided = v1::PARTICIPANT_ROLE_PRESIDED;
constexpr auto kSpoke = v1::PARTICIPANT_ROLE_SPOKE;
constexpr auto kAttended = v1::PARTICIPANT_ROLE_ATTENDED;
constexpr auto kMet = v1::PARTICIPANT_ROLE_MET;

const Article kArticles[] = {
    {"provincial standing committee",
     "Provincial Party Committee holds meeting on flood control\n\n"
     "HARBIN, July 8 -- The Standing Committee of the Heilongjiang Provincial Party Committee "
     "held a meeting on Monday in Harbin to study flood control work. Xu Lianping, secretary of "
     "the Provincial Party Committee, presided over the meeting and delivered a speech. Governor "
     "Zhao Minghe briefed the meeting on the rainfall situation. Wang Shuo and Liu Yuting "
     "attended the meeting.\n\n"
     "Xu Lianping stressed that the whole province must put the safety of the people first. "
     "First, monitoring must be strengthened. Second, reservoirs must be inspected. Third, "
     "rescue teams must be ready.",
     2024,
     7,
     9,
     v1::EVENT_TYPE_MEETING,
     "2024-07-08",
     "Harbin",
     {{"Xu Lianping", kPresided},
      {"Xu Lianping", kSpoke},
      {"Zhao Minghe", kSpoke},
      {"Wang Shuo", kAttended},
      {"Liu Yuting", kAttended}}},
    {"japanese summit meeting",
     "Japan-Australia Summit Meeting\n\n"
     "On September 6, commencing at 9:10 a.m. for approximately 45 minutes, Mr. Kenta Mori, "
     "Prime Minister of Japan, held a summit meeting with the Hon. Adam Reilly, Prime Minister "
     "of Australia, during his visit to Jakarta, Indonesia, to attend the ASEAN-related summit "
     "meetings. The overview of the meeting is as follows.\n\n"
     "Prime Minister Mori stated that Japan and Australia are special strategic partners. In "
     "response, Prime Minister Reilly expressed his hope to deepen cooperation in security.",
     2024,
     9,
     7,
     v1::EVENT_TYPE_TALKS,
     "2024-09-06",
     "Jakarta",
     {{"Kenta Mori", kMet}, {"Adam Reilly", kMet}}},
    {"korean credentials ceremony",
     "President receives credentials from new ambassadors\n\n"
     "SEOUL, Nov. 3 (Yonhap) -- President Park Min-seo received credentials from five new "
     "ambassadors to South Korea at the presidential office on Friday.\n\n"
     "The ambassadors were Ambassador Laura Mendes of Brazil, Ambassador Tomas Novak of the "
     "Czech Republic and Ambassador Amina Diallo of Senegal, among others.",
     2023,
     11,
     3,
     v1::EVENT_TYPE_CEREMONY,
     "2023-11-03",
     "Seoul",
     {{"Park Min-seo", kPresided},
      {"Laura Mendes", kAttended},
      {"Tomas Novak", kAttended},
      {"Amina Diallo", kAttended}}},
    {"nato welcome",
     "NATO Secretary General meets Prime Minister of Estonia\n\n"
     "The NATO Secretary General, Jens Halvorsen, welcomed the Prime Minister of Estonia, Kadri "
     "Tamm, to NATO Headquarters on Tuesday (14 May 2024). The Secretary General praised Estonia "
     "for spending more than 2% of GDP on defence.",
     2024,
     5,
     15,
     v1::EVENT_TYPE_TALKS,
     "2024-05-14",
     "NATO Headquarters",
     {{"Jens Halvorsen", kMet}, {"Kadri Tamm", kMet}}},
    {"african union reception",
     "AU Commission Chairperson receives the Foreign Minister of Chad\n\n"
     "Addis Ababa, 4 April 2024: The Chairperson of the African Union Commission, H.E. Moussa "
     "Idriss, received today at his office the Minister of Foreign Affairs of Chad, H.E. "
     "Abdelkerim Saleh. The two sides exchanged views on the transition in Chad.",
     2024,
     4,
     5,
     v1::EVENT_TYPE_TALKS,
     "2024-04-04",
     "Addis Ababa",
     {{"Moussa Idriss", kMet}, {"Abdelkerim Saleh", kMet}}},
    {"company annual general meeting",
     "Nordvik Holdings holds Annual General Meeting\n\n"
     "OSLO, 25 April 2024 - Nordvik Holdings ASA held its Annual General Meeting today at the "
     "company's headquarters in Oslo. The meeting was chaired by Chairman of the Board Lars "
     "Eide, who declared the meeting open. Chief Executive Officer Ingrid Solberg presented the "
     "annual report and the outlook for 2024.\n\n"
     "The shareholders approved a dividend of NOK 4.50 per share.",
     2024,
     4,
     25,
     v1::EVENT_TYPE_MEETING,
     "2024-04-25",
     "Oslo",
     {{"Lars Eide", kPresided}, {"Ingrid Solberg", kSpoke}}},
    {"central bank minutes",
     "Minutes of the Monetary Policy Committee meeting\n\n"
     "The Monetary Policy Committee met on 2 and 3 May 2024. Governor Maria Santos chaired the "
     "meeting. Deputy Governor Paulo Reis presented the staff forecast. Members noted that "
     "inflation had fallen.",
     2024,
     5,
     16,
     v1::EVENT_TYPE_MEETING,
     "2024-05-02",
     "",
     {{"Maria Santos", kPresided}, {"Paulo Reis", kSpoke}}},
    {"state council executive meeting",
     "State Council holds executive meeting\n\n"
     "BEIJING, Aug. 2 (Xinhua) -- Premier Li Ming presided over an executive meeting of the "
     "State Council on Friday, which discussed measures to boost consumption. Vice Premiers Ding "
     "Xue, Zhang Guo and Liu Wen, State Councilors Wang Ye and Shen Yue, and Secretary-General "
     "Wu Zheng attended the meeting.\n\n"
     "The meeting heard a report by Minister of Commerce Feng Tao on consumer spending. Li Ming "
     "pointed out that consumption is the main driver of growth.",
     2024,
     8,
     3,
     v1::EVENT_TYPE_MEETING,
     "2024-08-02",
     "Beijing",
     {{"Li Ming", kPresided},
      {"Ding Xue", kAttended},
      {"Zhang Guo", kAttended},
      {"Liu Wen", kAttended},
      {"Wang Ye", kAttended},
      {"Shen Yue", kAttended},
      {"Wu Zheng", kAttended},
      {"Feng Tao", kSpoke}}},
    {"kcna inspection",
     "Premier Inspects Fertilizer Complex\n\n"
     "Pyongyang, February 10 (KCNA) -- Premier Ri Song Chol inspected the Hungnam Fertilizer "
     "Complex. He was accompanied by Vice-Premier Han Yong Ho and Minister of Chemical Industry "
     "Kang Chol Su.",
     2024,
     2,
     10,
     v1::EVENT_TYPE_INSPECTION,
     "2024-02-10",
     "Hungnam Fertilizer Complex",
     {{"Ri Song Chol", kAttended}, {"Han Yong Ho", kAttended}, {"Kang Chol Su", kAttended}}},
    {"lao talks with a buddhist-era dateline",
     "PM meets Thai counterpart\n\n"
     "Vientiane, 15 May 2567 - Prime Minister Somphone Keola held talks with Thai Prime "
     "Minister Anucha Prasert at the Government Office in Vientiane yesterday. The two prime "
     "ministers witnessed the signing of three agreements. Deputy Prime Minister Bounleua "
     "Vongsay was also present.",
     2024,
     5,
     15,
     v1::EVENT_TYPE_TALKS,
     "2024-05-14",
     "Vientiane",
     {{"Somphone Keola", kMet}, {"Anucha Prasert", kMet}, {"Bounleua Vongsay", kAttended}}},
    {"number 10 call dated in its headline",
     "PM call with President of Kenya: 3 March 2024\n\n"
     "The Prime Minister spoke to President William Otieno of Kenya this afternoon.\n\n"
     "The Prime Minister, Rohan Patel, congratulated the President on the successful "
     "elections. The leaders discussed trade and the situation in Sudan.",
     2024,
     3,
     8,
     v1::EVENT_TYPE_TALKS,
     "2024-03-03",
     "",
     {{"Rohan Patel", kMet}, {"William Otieno", kMet}}},
    {"city council session with a vote",
     "City council approves new tram line\n\n"
     "BRANDHOLM, April 14 -- The Brandholm City Council on Tuesday approved the construction of "
     "a second tram line after a three-hour debate. Mayor Elin Sandvik chaired the session.\n\n"
     "Councillor Petter Aas, who leads the opposition group, spoke against the plan, saying the "
     "cost was too high. Deputy Mayor Runa Tveit presented the budget for the project. "
     "Councillors Ola Brekke and Siri Dahl voted against the motion.\n\n"
     "\"This line will connect the eastern districts to the centre,\" Sandvik said after the "
     "vote.",
     2024,
     4,
     15,
     v1::EVENT_TYPE_MEETING,
     "2024-04-09",
     "Brandholm",
     {{"Elin Sandvik", kPresided},
      {"Petter Aas", kSpoke},
      {"Runa Tveit", kSpoke},
      {"Ola Brekke", kAttended},
      {"Siri Dahl", kAttended}}},
    {"un security council briefing",
     "Security Council holds emergency meeting on border clashes\n\n"
     "NEW YORK, June 3 -- The UN Security Council held an emergency meeting on Monday on the "
     "clashes along the border between Ostland and Nuvia. Ambassador Karim Haddad of Morovia, "
     "who holds the council presidency this month, presided over the meeting.\n\n"
     "Under-Secretary-General for Political Affairs Helena Voss briefed the council. She warned "
     "that the fighting could spread.",
     2024,
     6,
     4,
     v1::EVENT_TYPE_MEETING,
     "2024-06-03",
     "New York",
     {{"Karim Haddad", kPresided}, {"Helena Voss", kSpoke}}},
    {"union and employers wage talks",
     "Union and employers resume wage talks\n\n"
     "HAMBURG, Sept. 9 -- The metalworkers' union and the employers' federation resumed wage "
     "talks on Wednesday in Hamburg after a two-week break.\n\n"
     "Union negotiator Jonas Keller met employers' chief negotiator Birgit Hahn at the "
     "federation's offices. Keller said the union would not accept a pay rise below five "
     "percent. Hahn stressed that many firms were struggling.\n\n"
     "Mediator Ulrich Brandt, a former labour judge, also attended the talks.",
     2024,
     9,
     9,
     v1::EVENT_TYPE_TALKS,
     "2024-09-04",
     "Hamburg",
     {{"Jonas Keller", kMet}, {"Birgit Hahn", kMet}, {"Ulrich Brandt", kAttended}}},
    {"eu council press release",
     "Council adopts conclusions on energy security\n\n"
     "Brussels, 12 March 2024\n\n"
     "The Council of the European Union today adopted conclusions on energy security. The "
     "meeting of energy ministers was chaired by Minister Lukas Varga of Pannonia, whose country "
     "holds the Council presidency.\n\n"
     "\"Europe must reduce its dependence on imported gas,\" Varga said at a press conference "
     "after the meeting. Commissioner for Energy Ana Ribeiro also took part in the discussion.",
     2024,
     3,
     12,
     v1::EVENT_TYPE_MEETING,
     "2024-03-12",
     "Brussels",
     {{"Lukas Varga", kPresided}, {"Ana Ribeiro", kAttended}}},
    {"party congress",
     "Party congress re-elects leader\n\n"
     "The Social Union party on Saturday re-elected Marta Lindqvist as its leader at its "
     "congress in Gothenburg. Lindqvist delivered a keynote speech to some 800 delegates.\n\n"
     "The congress was opened by party secretary Erik Holm. Deputy leader Sven Berg and Youth "
     "League chair Nora Ek also addressed the delegates.",
     2024,
     6,
     5,
     v1::EVENT_TYPE_CONFERENCE,
     "2024-06-01",
     "Gothenburg",
     {{"Marta Lindqvist", kSpoke},
      {"Erik Holm", kPresided},
      {"Sven Berg", kSpoke},
      {"Nora Ek", kSpoke}}},
    {"regional governors' forum in a town the gazetteer lacks",
     "Regional governors meet in Ada Foah to review road projects\n"
     "\n"
     "ACCRA, Oct. 14 (GNA) -- The Forum of Regional Governors held its quarterly meeting in "
     "Ada Foah on Tuesday to review the progress of feeder road projects in the northern and "
     "eastern regions.\n"
     "\n"
     "Kwabena Asante, Governor of the Eastern Region and chairman of the forum, presided "
     "over the meeting and delivered the opening address. Asante said the forum had secured "
     "new funding for 120 kilometres of roads.\n"
     "\n"
     "Abena Ofori, the Volta regional governor, presented a report on rural bridges. Ibrahim "
     "Sulemana, deputy governor of the Northern Region, and Grace Tetteh, acting governor of "
     "the Savannah Region, also attended.\n"
     "\n"
     "The Minister for Roads, Samuel Quaye, addressed the forum by video link. He urged the "
     "governors to publish the contracts they award.\n"
     "\n"
     "The forum agreed to meet next in Tamale in January.",
     2025,
     10,
     15,
     v1::EVENT_TYPE_MEETING,
     "2025-10-14",
     "Ada Foah",
     {{"Kwabena Asante", kPresided},
      {"Kwabena Asante", kSpoke},
      {"Abena Ofori", kSpoke},
      {"Ibrahim Sulemana", kAttended},
      {"Grace Tetteh", kAttended},
      {"Samuel Quaye", kSpoke}}},
    {"central bank board with external members",
     "Central bank holds policy rate at 9 percent\n"
     "\n"
     "The Monetary Policy Committee of the Central Bank of Ruritania met in Port Saldana on "
     "3 June and voted to keep the policy rate at 9 percent.\n"
     "\n"
     "Governor Helena Marsh chaired the meeting. Deputy Governor Tomas Riva presented the "
     "staff projections. External members Clara Nunes and Peter Okafor took part in the "
     "discussion. Luis Ortega, permanent secretary of the Ministry of Finance, attended as "
     "an observer.\n"
     "\n"
     "The Committee's external member, Clara Nunes, voted to cut the rate by a quarter "
     "point. In a statement, Marsh said that inflation had eased but remained above the "
     "target. \"We will act if prices rise again,\" she said.\n"
     "\n"
     "The next meeting is scheduled for 29 July.",
     2025,
     6,
     5,
     v1::EVENT_TYPE_MEETING,
     "2025-06-03",
     "Port Saldana",
     {{"Helena Marsh", kPresided},
      {"Tomas Riva", kSpoke},
      {"Clara Nunes", kAttended},
      {"Peter Okafor", kAttended},
      {"Luis Ortega", kAttended}}},
    {"committee hearing with witnesses",
     "Committee questions health officials over hospital waiting lists\n\n"
     "OTTAWA, Nov. 14 -- The Standing Committee on Health held a hearing on Tuesday on "
     "waiting lists in public hospitals, with senior officials and two outside experts "
     "appearing as witnesses.\n\n"
     "Committee chair Margaret Olsen opened the hearing and reminded witnesses that they "
     "were speaking under oath. Deputy Health Minister Raj Patel testified first. Patel "
     "told the committee that the average wait for surgery had fallen by eleven days since "
     "January.\n\n"
     "Committee member Daniel Okafor questioned Patel about the shortage of nurses in "
     "rural areas. Dr. Helen Zhou, president of the Nurses Federation, gave evidence on "
     "staffing. She said that many nurses were leaving the profession. Another witness, "
     "health economist Pierre Gagnon of Laval University, warned that the new funding "
     "formula would favour large cities.\n\n"
     "Among the witnesses were also Lena Marsh and Tomas Berg, two patients' advocates. "
     "Olsen closed the hearing and said the committee would publish its report in the "
     "spring.",
     2024,
     11,
     14,
     v1::EVENT_TYPE_MEETING,
     "2024-11-12",
     "Ottawa",
     {{"Margaret Olsen", kPresided},
      {"Raj Patel", kSpoke},
      {"Daniel Okafor", kSpoke},
      {"Helen Zhou", kSpoke},
      {"Pierre Gagnon", kSpoke},
      {"Lena Marsh", kAttended},
      {"Tomas Berg", kAttended}}},
    {"ministry consultation of non-governmental organisations",
     "Government consults civil society on new coastal protection law\n\n"
     "LISBON, 3 May 2024 -- The Ministry of the Environment held a consultation on Friday "
     "with non-governmental organisations on the draft coastal protection law.\n\n"
     "Secretary of State for the Environment Joana Pires chaired the consultation. "
     "Representatives of Ocean Watch Portugal, Rivers Alliance and the Fishermen's "
     "Cooperative of Peniche took part.\n\n"
     "Ocean Watch Portugal welcomed the draft but said that it would ask for stricter "
     "limits on building near dunes. Tiago Mendes, director of Rivers Alliance, urged the "
     "ministry to include estuaries in the law. Marta Sousa spoke on behalf of the "
     "fishermen.\n\n"
     "Pires thanked the organisations for their proposals and said the government would "
     "send the bill to parliament in July. Officials spoke to reporters on condition of "
     "anonymity after the meeting.",
     2024,
     5,
     4,
     v1::EVENT_TYPE_MEETING,
     "2024-05-03",
     "Lisbon",
     {{"Joana Pires", kPresided}, {"Marta Sousa", kSpoke}}},
    {"joint press conference of two foreign ministers",
     "Foreign ministers of Valdoria and Norrland hold joint press conference\n\n"
     "Stockholm, 21 February 2025\n\n"
     "Foreign Minister Elin Strand of Norrland and Foreign Minister Marek Novak of "
     "Valdoria held a joint press conference in Stockholm on Friday after their talks.\n\n"
     "Strand said the two countries had agreed to open a direct air link. Novak stressed "
     "three priorities: first, energy cooperation; second, student exchanges; third, a "
     "joint fund for research.\n\n"
     "Asked about sanctions, Novak said Valdoria would follow the common European "
     "position. Both ministers answered questions from reporters. Trade Minister Karin Alm "
     "also attended the press conference.",
     2025,
     2,
     21,
     v1::EVENT_TYPE_CONFERENCE,
     "2025-02-21",
     "Stockholm",
     {{"Elin Strand", kSpoke}, {"Marek Novak", kSpoke}, {"Karin Alm", kAttended}}},
    {"swearing-in of new judges",
     "Five new judges sworn in at Supreme Court\n\n"
     "VALLETTA, March 8 -- Chief Justice Mark Zammit swore in five new judges of the "
     "Supreme Court at a ceremony in Valletta on Friday.\n\n"
     "Among the new judges were Anna Borg, a former prosecutor, and Kevin Farrugia, who "
     "served as a magistrate for ten years. President Miriam Vella attended the ceremony "
     "and congratulated the judges.\n\n"
     "Transparency Malta welcomed the appointments but said it would monitor the selection "
     "process. Daphne Mercieca of the Chamber of Advocates spoke to reporters after the "
     "ceremony and said the bar was satisfied.",
     2024,
     3,
     9,
     v1::EVENT_TYPE_CEREMONY,
     "2024-03-08",
     "Valletta",
     {{"Mark Zammit", kPresided},
      {"Anna Borg", kAttended},
      {"Kevin Farrugia", kAttended},
      {"Miriam Vella", kAttended}}},
};

std::string Day(const v1::Event& e) {
  if (!e.has_date()) return "";
  char buf[16];
  std::snprintf(buf, sizeof(buf), "%04d-%02d-%02d", e.date().year(), e.date().month(),
                e.date().day());
  return buf;
}

TEST(InventedArticlesTest, MainEventOfEachSubGenre) {
  for (const Article& article : kArticles) {
    SCOPED_TRACE(article.name);
    auto x = ExtractText(article.text, article.year, article.month, article.day);
    ASSERT_GT(x.events_size(), 0);
    const v1::Event& e = x.events(0);
    EXPECT_EQ(e.type(), article.type);
    EXPECT_EQ(Day(e), article.date);
    EXPECT_EQ(e.location().name(), article.place);
    std::set<std::pair<std::string, v1::ParticipantRole>> roles;
    for (const auto& p : e.participants()) roles.insert({p.person_name(), p.role()});
    EXPECT_EQ(roles, article.roles);
  }
}

// The posts of the newer sub-genres' people, as written.
TEST(InventedArticlesTest, TitlesOfNewerSubGenres) {
  std::set<std::pair<std::string, std::string>> want = {
      {"Helena Voss", "Under-Secretary-General for Political Affairs"},
      {"Jonas Keller", "Union negotiator"},
      {"Ulrich Brandt", "Mediator"},
      {"Ulrich Brandt", "former labour judge"},
      {"Ana Ribeiro", "Commissioner for Energy"},
      {"Sven Berg", "Deputy leader"},
      {"Nora Ek", "Youth League chair"},
      {"Ola Brekke", "Councillor"},
      {"Siri Dahl", "Councillor"},
      {"Abena Ofori", "Volta regional governor"},
      {"Grace Tetteh", "acting governor of the Savannah Region"},
      {"Clara Nunes", "External member"},
      {"Peter Okafor", "External member"},
      {"Luis Ortega", "permanent secretary of the Ministry of Finance"},
      {"Margaret Olsen", "Committee chair"},
      {"Raj Patel", "Deputy Health Minister"},
      {"Daniel Okafor", "Committee member"},
      {"Helen Zhou", "president of the Nurses Federation"},
      {"Joana Pires", "Secretary of State for the Environment"},
      {"Tiago Mendes", "director of Rivers Alliance"},
      {"Elin Strand", "Foreign Minister of Norrland"},
      {"Marek Novak", "Foreign Minister of Valdoria"},
      {"Karin Alm", "Trade Minister"},
      {"Anna Borg", "judge"},
      {"Kevin Farrugia", "judge"},
      {"Mark Zammit", "Chief Justice"}};
  std::set<std::pair<std::string, std::string>> got;
  for (const Article& article : kArticles) {
    auto x = ExtractText(article.text, article.year, article.month, article.day);
    for (const auto& p : x.people()) {
      for (const auto& pos : p.positions()) got.insert({p.name(), pos.title()});
    }
  }
  for (const auto& t : want) EXPECT_TRUE(got.count(t)) << t.first << ": " << t.second;
}

// A court's swearing-in: the ceremony's day (the Monday before the
// dateline), its town from the dateline, and the posts as written: the
// Court of Appeal's president taken up "as", the Senate's president set
// off after "and the". (Who administers the oath presides and who takes
// it attends: the roles of this ceremony are left open, ADR 0066.)
TEST(InventedArticlesTest, CourtSwearingIn) {
  auto x = ExtractText(
      "Three new justices sworn in at Supreme Court\n"
      "\n"
      "KESTREL BAY, April 22 (RNA) -- Three new justices of the Supreme Court were sworn in "
      "on Monday at a ceremony in the court's main hall.\n"
      "\n"
      "Chief Justice Marian Odhiambo administered the oath of office to Justice Paul Wekesa, "
      "Justice Amina Juma and Justice Daniel Korir. President Ruth Kamau witnessed the "
      "ceremony and delivered a speech.\n"
      "\n"
      "Justice Wekesa was sworn in as president of the Court of Appeal division. Odhiambo "
      "said the appointments would help clear the backlog of cases. \"The public deserves "
      "justice without delay,\" she said.\n"
      "\n"
      "Attorney General Samuel Njoroge and the Senate's president, Mary Atieno, also attended "
      "the ceremony.",
      2025, 4, 22);
  ASSERT_GT(x.events_size(), 0);
  const v1::Event& e = x.events(0);
  EXPECT_EQ(e.type(), v1::EVENT_TYPE_CEREMONY);
  EXPECT_EQ(Day(e), "2025-04-21");
  EXPECT_EQ(e.location().name(), "Kestrel Bay");
  std::set<std::pair<std::string, std::string>> got;
  for (const auto& p : x.people()) {
    for (const auto& pos : p.positions()) got.insert({p.name(), pos.title()});
  }
  const std::set<std::pair<std::string, std::string>> want = {
      {"Marian Odhiambo", "Chief Justice"},
      {"Paul Wekesa", "Justice"},
      {"Paul Wekesa", "president of the Court of Appeal division"},
      {"Amina Juma", "Justice"},
      {"Daniel Korir", "Justice"},
      {"Ruth Kamau", "President"},
      {"Samuel Njoroge", "Attorney General"},
      {"Mary Atieno", "Senate's president"}};
  EXPECT_EQ(got, want);
}

// The people of the newer sub-genres, exactly: no organization read as a
// person ("Ocean Watch Portugal welcomed the draft ... said that it
// would"), no department glued to a name ("for the Environment Joana
// Pires"), and every member of a group listed after "Among the witnesses
// were" or "Among the new judges were".
TEST(InventedArticlesTest, PeopleOfNewerSubGenres) {
  const std::map<std::string, std::set<std::string>> want = {
      {"committee hearing with witnesses",
       {"Margaret Olsen", "Raj Patel", "Daniel Okafor", "Helen Zhou", "Pierre Gagnon", "Lena Marsh",
        "Tomas Berg"}},
      {"ministry consultation of non-governmental organisations",
       {"Joana Pires", "Tiago Mendes", "Marta Sousa"}},
      {"joint press conference of two foreign ministers",
       {"Elin Strand", "Marek Novak", "Karin Alm"}},
      {"swearing-in of new judges",
       {"Mark Zammit", "Anna Borg", "Kevin Farrugia", "Miriam Vella", "Daphne Mercieca"}}};
  for (const Article& article : kArticles) {
    auto it = want.find(article.name);
    if (it == want.end()) continue;
    SCOPED_TRACE(article.name);
    auto x = ExtractText(article.text, article.year, article.month, article.day);
    std::set<std::string> got;
    for (const auto& p : x.people()) got.insert(p.name());
    EXPECT_EQ(got, it->second);
  }
}

}  // namespace
}  // namespace readout::extractor
