// The genre's word lists. Kept as plain space-separated strings so they are
// easy to extend; split into hash sets once.
#include "extractor-service/engine/vocabulary.h"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <initializer_list>
#include <string>
#include <utility>
#include <vector>

#include "absl/base/config.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"

namespace readout::extractor::internal {
namespace {

constexpr absl::string_view kTitleHeads =
    "president presidents vice-president premier vice-premier secretary "
    "secretary-general undersecretary under-secretary director "
    "director-general governor vice-governor mayor vice-mayor minister "
    "chairman chairwoman chairperson chair vice-chairman vice-chairwoman "
    "member members councilor councillor spokesperson spokesman spokeswoman "
    "representative ambassador commissioner inspector officer executive "
    "justice judge head publisher editor editor-in-chief academician "
    "researcher professor ceo cfo coo cto chancellor envoy consul "
    "consul-general counsellor counselor general admiral commander "
    "prosecutor-general procurator-general procurator attorney-general "
    "auditor-general lawmaker legislator senator congressman congresswoman "
    "speaker deputy-director deputy-secretary president-elect governor-general "
    "founder principal dean rector superintendent supervisor auditor "
    "administrator manager partner delegate prime-minister premier-elect "
    "vice-chair co-chair mp ministers chief treasurer negotiator mediator coach "
    "under-secretary-general assistant-secretary-general rapporteur ombudsman registrar "
    "provost prosecutor magistrate attorney clerk";

// Heads that are titles only when capitalized ("Senate Majority Leader",
// not "the city leader" or "a top political advisor"); Build adds them to the
// title heads as well.
constexpr absl::string_view kCapitalizedHeads =
    "queen king pope emperor empress sultan emir diplomat leader advisor adviser whip";

constexpr absl::string_view kTitleModifiers =
    "vice deputy former acting executive chief general first second third "
    "senior junior assistant associate standing permanent honorary "
    "provincial municipal regional national state prime foreign party "
    "chinese u.s. us uk un american russian british japanese french german "
    "indian korean co- interim outgoing incoming managing principal "
    "special top leading political executive-vice second-level "
    "first-level level "
    // Board and committee seats: "external member", "non-executive
    // director", "alternate member", "ex officio member".
    "external non-executive independent alternate ex-officio "
    // "Ambassador Extraordinary and Plenipotentiary".
    "extraordinary plenipotentiary";

// Capitalized words that do not belong to personal names.
constexpr absl::string_view kNonName =
    // function words and pronouns
    "the a an in on at of for and or but nor to with by from as into onto "
    "he she it they we i you his her its their our my your this that these "
    "those there here what when where which who whom whose while during "
    "after before since under over according also both all other some "
    "several many more most such each every no not only besides meanwhile "
    "however although though if so then than because about between among "
    "against through via per yet still just even again further furthermore "
    "moreover therefore thus hence whether within without upon amid "
    "do does did be is are was were been being have has had will would "
    "shall should can could may might must let "
    // months and days
    "january february march april may june july august september october "
    "november december jan feb mar apr jun jul aug sep sept oct nov dec "
    "monday tuesday wednesday thursday friday saturday sunday today "
    "yesterday tomorrow "
    // titles and honorifics
    "mr mrs ms dr prof sir madam lady lord comrade excellency cabinet "
    "honourable honorable hon rt h.e gen queen "
    "president premier secretary minister governor mayor chairman director "
    "vice deputy chief general councilor councillor spokesperson spokesman "
    "ambassador commissioner representative executive officer member "
    "members chairwoman chairperson chair justice judge head inspector "
    "senator speaker prince princess emperor pope saint level "
    "secretary-general director-general vice-president prime "
    "party premier's president's commander marshal colonel captain "
    // organizations and institutions
    "committee council ministry department office bureau commission "
    "congress assembly government university academy association group "
    "bank fund organization organisation court law laws conference forum "
    "summit meeting session sessions dialogue agency institute institution "
    "center centre company corporation authority administration people's "
    "people republic union nations federation confederation board inc ltd "
    "holdings "
    "co corp "
    "news daily times post press media army force forces military police "
    "navy railway airport station hall headquarters square street road "
    "avenue district county city province provincial region regional "
    "autonomous prefecture municipality municipal village town township "
    "river lake mountain mountains sea ocean island islands bay area zone "
    "park temple palace plan initiative thought theory strategy day week "
    "month year era state states kingdom capital central national "
    "international global world new great greater grand first second "
    "third fourth fifth sixth seventh eighth ninth tenth last next "
    "north south east west northeast northwest southeast southwest "
    "northern southern eastern western middle upper lower "
    "chinese american russian british english japanese korean indian "
    "french german african european asian arab italian canadian "
    "australian pakistani iranian israeli palestinian ukrainian "
    "communist socialist democratic republican liberal "
    "standing political bureau politburo secretariat cpc npc cppcc "
    "xinhua photo video web editor reporter correspondent source "
    "report reports statement press release communique revolution "
    "foreign affairs defense defence finance commerce trade economic "
    "economy security culture education health science sciences "
    "technology industry information development reform affairs "
    "cooperation friendship exchange exchanges business leaders "
    "leader officials official delegation delegations citizens "
    "chairmanship ministerial council's constitution code act charter "
    "resolution treaty agreement declaration program programme project "
    "festival games olympic olympics expo exhibition fair "
    "according following following: attendees participants note notes "
    "original link updated extraordinary plenipotentiary";

constexpr absl::string_view kSurnames =
    "wang li zhang liu chen yang huang zhao wu zhou xu sun ma zhu hu guo he "
    "gao lin luo zheng liang xie song tang han feng deng cao peng zeng xiao "
    "tian dong yuan pan yu jiang cai jia ding wei xue ye yan du dai xia "
    "zhong fu fang bai zou meng xiong qin qiu jin yin lu lyu lv shi cui "
    "kong mao qian shen gu hou shao wan duan lei long tao mo kang ren yao "
    "yi tan zhuge ouyang sima leung chan wong lam ho lee chow cheung tsang "
    "lau kwok ng fung hung xi bo qi ji hao niu ge geng kou miao bi shang "
    "che hua chi nie fan liao zhan ai wen ning pei cong lou huo yue ran "
    "mu zhai ni ou chu ying sheng qu rao bian zhuo jing quan tong "
    "shu an su ruan lai lian lan wei weng yun zang zhen hui chai "
    "huai ba ke le mi xin you zu shan sha";

// Vietnamese and Korean family names (also with their accents folded:
// keys are ASCII).
constexpr absl::string_view kLongSurnames =
    "nguyen tran le pham hoang huynh phan vu vo dang bui do ngo duong ly "
    "dinh truong trinh doan luong kim park choi jung cho yoon jang kwon "
    "hwang ahn ri jo pak choe moon yoo lee kang";

// Common given names (many languages) that vouch for a following surname.
constexpr absl::string_view kGivenNames =
    "john james robert michael william david richard joseph thomas charles "
    "christopher daniel matthew anthony antony mark donald steven paul andrew "
    "joshua kenneth kevin brian george timothy ronald edward jason jeffrey "
    "ryan jacob gary nicholas eric jonathan stephen larry justin scott "
    "brandon benjamin samuel gregory frank alexander raymond patrick jack "
    "dennis jerry tyler aaron jose adam henry nathan douglas zachary peter "
    "kyle walter ethan jeremy harold keith christian roger noah gerald carl "
    "terry sean austin arthur lawrence jesse dylan bryan joe jordan billy "
    "bruce albert willie gabriel logan alan juan wayne roy ralph randy "
    "eugene vincent russell elijah louis bobby philip johnny boris "
    "vladimir sergey sergei aleksey alexei alexey dmitry dmitri mikhail "
    "nikolai ivan igor oleg yuri viktor andrei volodymyr olaf angela "
    "emmanuel francois jean pierre jacques nicolas marie giuseppe mario "
    "matteo luigi giorgia carlos luis jorge miguel pedro antonio manuel "
    "fernando javier pablo felipe ricardo hugo diego andres gustavo "
    "mohammed muhammad mohamed ahmed ali hassan hussein omar abdullah "
    "recep narendra rahul shinzo fumio yoshihide kishida jens ursula "
    "charles boris rishi keir theresa tony gordon emily mary patricia "
    "jennifer linda elizabeth barbara susan jessica sarah karen nancy "
    "lisa betty margaret sandra ashley kimberly donna michelle carol "
    "amanda dorothy melissa deborah stephanie rebecca sharon laura "
    "cynthia kathleen amy shirley anna brenda pamela nicole helen "
    "samantha katherine christine debra rachel catherine carolyn janet "
    "ruth maria heather diane virginia julie joyce victoria kelly "
    "christina lauren joan evelyn olivia judith megan cheryl martha "
    "andrea hannah jacqueline gloria teresa kathryn sara janice julia "
    "ngozi tedros antonio barack hillary kamala nancy "
    "xavier emeka amina fatima aisha cyril uhuru william kofi ban";

constexpr absl::string_view kReportingVerbs =
    "said says say stressed stresses stressing noted notes noting "
    "emphasized emphasizes emphasised emphasising emphasizing asked asks "
    "urged urges urging added adds adding stated states welcomed welcomes "
    "thanked thanks praised praises described describes quoted quotes "
    "reiterated reiterates raised underscored underscores underlined "
    "highlighted highlights highlighting encouraged encourages proposed "
    "proposes demanded demands commended commends extended extends "
    "introduced introduces conveyed conveys announced announces identified "
    "reviewed wished wishes gave expressed expresses hoped hopes "
    "suggested suggests told affirmed affirms required requires insisted "
    "explained explains warned warns vowed vows pledged pledges "
    "acknowledged recalled believed believes argued argues remarked "
    "instructed instructs saying congratulated condemned condemns "
    "recognized reaffirmed reaffirms hailed hails lauded lauds applauded "
    "voiced indicated outlined briefed pledging vowing wrote writes";

// Reporting verbs given by their base form; every form of each is a
// reporting verb (-s, -ed, -ing, spelled out by ExpandVerb), so the genre's
// "informs", "informed" and "informing" are read alike.
constexpr absl::string_view kReportingLemmas =
    "inform assure request advise declare mention agree wonder assert "
    "appreciate update invite reaffirm reiterate express emphasize emphasise "
    "note stress welcome thank urge hope highlight underline underscore "
    "recall acknowledge propose suggest explain warn pledge praise commend "
    "congratulate announce convey offer renew confirm observe reply respond "
    "state add continue comment debrief";

// Reporting verbs of several words, keyed by the first: "pointed:out" is
// "pointed out". Every form of the first word is listed.
constexpr absl::string_view kReportingPhrases =
    "pointed:out points:out pointing:out called:for calls:for calling:for "
    "call:for made:clear makes:clear making:clear called:on calls:on "
    "calling:on call:on summed:up sums:up summing:up looked:forward:to "
    "looks:forward:to looking:forward:to spoke:highly:of speaks:highly:of "
    "according:to pressed:for presses:for pressing:for press:for put:forward "
    "puts:forward putting:forward";

constexpr absl::string_view kOrgHeads =
    "committee council ministry department office bureau commission "
    "congress assembly government university academy association group "
    "bank fund organization organisation court party agency institute "
    "center centre company corporation authority administration board "
    "union federation confederation alliance nations procuratorate secretariat "
    "parliament cabinet senate house politburo army navy force forces "
    "society chamber foundation network agency school college hospital "
    "daily news times post ltd inc co holdings league guard "
    // Last words of advocacy groups' names ("Amnesty International",
    // "Human Rights Watch"), never a person's.
    "international watch "
    // A company named after its trade ("Halden Energy", "Norvik Shipping"):
    // trade words that are no family names.
    "energy motors airlines airways foods pharma pharmaceuticals systems technologies "
    "solutions industries logistics shipping mining petroleum electric electronics "
    "chemicals resources insurance securities investments telecom telecoms "
    "hydro energi invest";

// Role words (Vocabulary::role_words) are these and the verb lists below
// them (the only list of each).
constexpr absl::string_view kRoleWords =
    "presided presides chaired chairs hosted hosts co-chaired co-hosted "
    "chairing presiding addressed addresses addressing made makes delivered "
    "delivers gave gives make deliver attended attend attends attending "
    "present commented met meets meet meeting held holds hold visited visits "
    "inspected inspects accompanied company his her spoke talked had has "
    "participated participate participates participating part attendance "
    "participation accompany accompanies accompanying discussed discusses "
    "exchanged exchanges led leads headed welcomed welcomes "
    "welcoming called calls paid pays chairmanship included includes "
    "comprised consisted acted acts concluding closing between organised organized "
    "briefed briefs debriefed debriefs speaking reporting "
    "listened listens heard hears testified testifies "
    "floor evidence testimony questioned swore swears sworn administered "
    "administers administering appeared appears told tells played plays playing "
    "signed signs witnessed witnesses";
// IsVoteVerb: a member's vote at a sitting ("voted", "abstained"), also role
// words.
constexpr absl::string_view kVoteVerbs = "voted votes abstained abstains";
// IsElectionVerb: a sitting or a body gives someone a post ("elected",
// "appointed"); title triggers as well.
constexpr absl::string_view kElectionVerbs =
    "appointed elected re-elected reelected reappointed re-appointed";
// IsBestowingVerb: verbs that hand over an honour.
constexpr absl::string_view kBestowingVerbs =
    "presented presents present awarded awards award conferred confers confer bestowed "
    "bestows bestow";
// IsCredentialsVerb: verbs of an envoy's credentials changing hands.
constexpr absl::string_view kCredentialsVerbs =
    "received receives accepted accepts presented presents";
// Verbs of who runs a gathering ("opened the session", "declared the
// meeting closed", "moderated the panel"), each read by its own branch of
// the role reader (discourse.cc).
constexpr absl::string_view kGatheringVerbs = "opened opens declared declares moderated moderates";

// Styles of two words (IsTwoWordStyle), "first:second": Malaysian styles
// whose first word is also a family name ("Tan Sri Ahmad Zaki").
constexpr absl::string_view kTwoWordStyles = "tan:sri puan:sri";

// Forms of address (IsHonorific): courtesy titles, styles ("Excellency",
// "Rt. Hon"), ranks used as address ("Gen.") and peerages.
constexpr absl::string_view kHonorifics =
    "mr mrs ms mx dr madam mme sir comrade h.e excellency honourable honorable "
    "hon rt gen prof professor lord lady dame baron baroness viscount "
    "viscountess earl countess marquess marchioness messrs datuk dato datin seri samdech thipadei "
    "encik puan shri smt shrimati";

constexpr absl::string_view kPersonNouns =
    "citizen citizens journalist journalists activist activists dissident "
    "residents resident student students farmer villager worker counterpart "
    "counterparts parents teachers farmers villagers workers "
    // How a person stands to a host: "her guest Lev Strand".
    "guest guests predecessor successor colleague colleagues visitor visitors";

// Cities (kCity), provinces / states / regions (kRegion), countries.
constexpr absl::string_view kCities =
    "beijing shanghai tianjin chongqing guangzhou shenzhen chengdu wuhan "
    "nanjing hangzhou xi'an shenyang dalian harbin changchun jinan qingdao "
    "zhengzhou changsha nanchang fuzhou xiamen hefei kunming guiyang nanning "
    "haikou sanya lanzhou xining yinchuan urumqi hohhot taiyuan shijiazhuang "
    "lhasa suzhou wuxi ningbo wenzhou dongguan foshan zhuhai zhanjiang "
    "shantou yantai weihai tangshan baoding luoyang kaifeng yangzhou "
    "xuzhou changzhou nantong hong-kong macao macau taipei kaohsiung "
    "yan'an ya'an nyingchi shigatse kashgar anshan fushun dandong jilin "
    "daqing qiqihar mudanjiang baotou ordos datong zunyi liuzhou guilin "
    "beihai sanmenxia xiangtan zhuzhou yueyang hengyang jiujiang ganzhou "
    "quanzhou zhangzhou putian jinhua shaoxing taizhou huzhou jiaxing "
    "wuhu bengbu anqing mianyang deyang leshan yibin luzhou "
    "washington new-york london paris berlin moscow tokyo seoul pyongyang "
    "new-delhi delhi mumbai islamabad karachi kabul tehran baghdad "
    "damascus beirut jerusalem tel-aviv cairo riyadh doha dubai abu-dhabi "
    "ankara istanbul athens rome madrid lisbon brussels amsterdam "
    "the-hague geneva vienna prague warsaw budapest bucharest sofia "
    "belgrade kyiv kiev minsk helsinki stockholm oslo copenhagen dublin "
    "reykjavik ottawa toronto vancouver mexico-city havana brasilia "
    "rio-de-janeiro sao-paulo buenos-aires santiago lima bogota caracas "
    "canberra sydney melbourne wellington jakarta bangkok hanoi "
    "ho-chi-minh-city manila kuala-lumpur singapore phnom-penh vientiane "
    "yangon naypyidaw dhaka kathmandu colombo ulaanbaatar astana "
    "nur-sultan tashkent bishkek dushanbe ashgabat baku tbilisi yerevan "
    "nairobi addis-ababa lagos abuja johannesburg pretoria cape-town "
    "kinshasa dakar accra algiers tunis rabat khartoum luanda harare "
    "lusaka dar-es-salaam kampala kigali san-francisco los-angeles "
    "chicago boston houston seattle honolulu hiroshima osaka kyoto "
    "busan vladivostok st.-petersburg davos bali apec "
    // Capitals and large cities of every region (names that are also
    // common given names or surnames are left out).
    "munich frankfurt hamburg cologne bonn naples turin venice barcelona "
    "seville valencia porto marseille strasbourg bordeaux zurich basel bern "
    "lausanne salzburg innsbruck luxembourg monaco antwerp rotterdam utrecht "
    "edinburgh glasgow manchester birmingham liverpool cardiff belfast oxford "
    "cambridge bratislava ljubljana zagreb sarajevo podgorica skopje tirana "
    "pristina chisinau vilnius riga tallinn saint-petersburg novosibirsk "
    "yekaterinburg kazan sochi krakow gdansk valletta nicosia limassol "
    "gothenburg malmo aarhus tampere turku new-orleans atlanta miami "
    "philadelphia detroit san-diego las-vegas montreal calgary edmonton "
    "quebec-city halifax winnipeg guadalajara monterrey panama-city san-jose "
    "managua tegucigalpa san-salvador guatemala-city santo-domingo "
    "port-au-prince quito la-paz asuncion montevideo paramaribo incheon daegu "
    "gwangju sapporo nagoya fukuoka yokohama naha da-nang danang haiphong "
    "hai-phong can-tho nha-trang luang-prabang siem-reap chiang-mai phuket "
    "penang cebu davao surabaya bandung yogyakarta bandar-seri-begawan dili "
    "thimphu lahore peshawar kolkata chennai bangalore bengaluru hyderabad "
    "ahmedabad jaipur lucknow chittagong isfahan mashhad muscat manama "
    "kuwait-city sanaa amman aleppo ramallah basra erbil mosul almaty "
    "samarkand casablanca marrakech tripoli benghazi alexandria mombasa "
    "zanzibar dodoma bulawayo gaborone windhoek maputo lilongwe antananarivo "
    "port-louis mogadishu asmara juba bangui yaounde douala libreville "
    "brazzaville malabo abidjan yamoussoukro bamako ouagadougou niamey "
    "ndjamena nouakchott conakry freetown monrovia banjul bissau lome cotonou "
    "kumasi ibadan durban auckland christchurch brisbane perth suva "
    "port-moresby honiara port-vila";

constexpr absl::string_view kRegions =
    "liaoning jilin heilongjiang hebei shanxi shaanxi shandong henan "
    "hubei hunan jiangsu zhejiang anhui fujian jiangxi guangdong guangxi "
    "hainan sichuan guizhou yunnan gansu qinghai ningxia xinjiang tibet "
    "xizang inner-mongolia hong-kong macao taiwan hawaii california texas "
    "new-york-state florida alaska ontario quebec siberia crimea "
    "donbas kashmir punjab bavaria scotland wales england "
    "northern-ireland";

constexpr absl::string_view kCountries =
    "china india japan korea south-korea north-korea dprk russia ukraine "
    "united-states united-kingdom usa uk us britain france germany italy "
    "spain portugal netherlands belgium switzerland austria poland hungary "
    "czech-republic slovakia slovenia croatia serbia bulgaria romania "
    "greece turkey cyprus ireland iceland norway sweden finland denmark "
    "estonia latvia lithuania belarus moldova georgia armenia azerbaijan "
    "kazakhstan uzbekistan kyrgyzstan tajikistan turkmenistan mongolia "
    "afghanistan pakistan bangladesh nepal sri-lanka myanmar thailand "
    "laos cambodia vietnam malaysia singapore indonesia philippines "
    "brunei australia new-zealand canada mexico cuba brazil argentina "
    "chile peru colombia venezuela ecuador bolivia uruguay paraguay "
    "egypt libya tunisia algeria morocco sudan ethiopia kenya tanzania "
    "uganda rwanda nigeria ghana senegal south-africa zimbabwe zambia "
    "angola mozambique congo cameroon mali niger chad somalia djibouti "
    "iran iraq syria lebanon israel palestine jordan saudi-arabia yemen "
    "oman qatar kuwait bahrain uae united-arab-emirates "
    "bosnia-and-herzegovina herzegovina bosnia albania montenegro "
    "north-macedonia macedonia europe asia africa america latin-america "
    "middle-east gaza west-bank";

// The cue words of the kClsCues classes (vocabulary.h), by the passes that
// read them at every token.
// DiscourseAnalyzer::Refs: a pronoun or "the <title>" refers to a person.
constexpr absl::string_view kReferenceCues = "he she him her the";
// DiscourseAnalyzer::Sentence: a new top-level clause, or a source named
// after "according to".
constexpr absl::string_view kClauseCues = "and while but whereas according";
// PeopleFinder::TriggerTitles: a title follows ("appointed X as T"); and
// PeopleFinder::FindTitles: a list under a plural title follows ("directors
// including A and B", "namely", "such as").
constexpr absl::string_view kTitleTriggers =
    "named designated re-designated nominated as including namely "
    "been remain remains "
    "remained become becomes became becoming serves serve served serving acted acts act";
// DiscourseAnalyzer::Roles: the start of a clause with its own subjects.
constexpr absl::string_view kClauseStarts = "when that which who while since because with";
// MeetingReader::Cue (other_events.cc): a sentence tells a meeting.
constexpr absl::string_view kMeetingCues =
    "met meets meeting talks discussions conversation exchanged discussed";

uint16_t ClassifySlow(const Vocabulary& v, absl::string_view lower);

// The plurals of a title head: "directors", and the irregular English
// forms the genre writes, "chairmen" and "spokeswomen" (-man, -woman),
// "deputies" and "secretaries" (a consonant and -y), "coaches" (a
// sibilant).
std::vector<std::string> PluralForms(const std::string& head) {
  std::vector<std::string> out = {head + "s"};
  const size_t n = head.size();
  if (absl::EndsWith(head, "man")) out.push_back(head.substr(0, n - 3) + "men");
  if (n > 2 && head.back() == 'y' && std::string("aeiou").find(head[n - 2]) == std::string::npos) {
    out.push_back(head.substr(0, n - 1) + "ies");
  }
  if (absl::EndsWith(head, "ch") || absl::EndsWith(head, "sh") || head.back() == 's' ||
      head.back() == 'x') {
    out.push_back(head + "es");
  }
  return out;
}

// The forms of a regular English verb: base, -s, -ed, -ing ("hope":
// "hopes", "hoped", "hoping"; "reply": "replies", "replied", "replying").
std::vector<std::string> ExpandVerb(absl::string_view base) {
  std::string b(base);
  std::vector<std::string> out = {b};
  const char last = b.back();
  const bool consonant_y = last == 'y' && b.size() > 1 &&
                           std::string("aeiou").find(b[b.size() - 2]) == std::string::npos;
  const bool sibilant = absl::EndsWith(b, "s") || absl::EndsWith(b, "sh") ||
                        absl::EndsWith(b, "ch") || absl::EndsWith(b, "x");
  if (consonant_y) {
    std::string stem = b.substr(0, b.size() - 1);
    out.push_back(stem + "ies");
    out.push_back(stem + "ied");
  } else {
    out.push_back(b + (sibilant ? "es" : "s"));
    out.push_back(b + (last == 'e' ? "d" : "ed"));
  }
  const bool silent_e = last == 'e' && !absl::EndsWith(b, "ee");
  out.push_back((silent_e ? b.substr(0, b.size() - 1) : b) + "ing");
  return out;
}

void AddWords(absl::string_view list, absl::flat_hash_set<std::string>* out) {
  for (absl::string_view w : absl::StrSplit(list, ' ', absl::SkipEmpty())) {
    out->insert(std::string(w));
  }
}

Vocabulary* Build() {
  auto* v = new Vocabulary;
  AddWords(kTitleHeads, &v->title_heads);
  AddWords(kCapitalizedHeads, &v->title_heads);
  AddWords(kCapitalizedHeads, &v->capitalized_heads);
  AddWords(kTitleModifiers, &v->title_modifiers);
  AddWords(kNonName, &v->non_name);
  AddWords(kSurnames, &v->surnames);
  AddWords(kLongSurnames, &v->long_surnames);
  AddWords(kReportingVerbs, &v->reporting_verbs);
  AddWords(kOrgHeads, &v->org_heads);
  AddWords(kPersonNouns, &v->person_nouns);
  // "Parents Tom Baker and Sue Kim spoke": a plural noun for people opening
  // a sentence is no name word (a singular one may be: "Paul Farmer").
  for (const std::string& w : v->person_nouns) {
    if (w.back() == 's') v->non_name.insert(w);
  }
  AddWords(kHonorifics, &v->honorifics);
  // A form of address never opens or continues a name.
  AddWords(kHonorifics, &v->non_name);
  AddWords(kGivenNames, &v->given_names);
  AddWords(kRoleWords, &v->role_words);
  AddWords(kBestowingVerbs, &v->bestowing_verbs);
  AddWords(kCredentialsVerbs, &v->credentials_verbs);
  AddWords(kGatheringVerbs, &v->role_words);
  AddWords(kVoteVerbs, &v->vote_verbs);
  AddWords(kVoteVerbs, &v->role_words);
  AddWords(kElectionVerbs, &v->election_verbs);
  for (const auto* verbs : {&v->bestowing_verbs, &v->credentials_verbs}) {
    v->role_words.insert(verbs->begin(), verbs->end());
  }
  for (absl::string_view lemma : absl::StrSplit(kReportingLemmas, ' ', absl::SkipEmpty())) {
    // "say" and "point" are not lemmas here: "say" is irregular and "point"
    // reports only as a phrase ("pointed out"), so their forms are listed.
    for (std::string& form : ExpandVerb(lemma)) v->reporting_verbs.insert(std::move(form));
  }
  for (absl::string_view p : absl::StrSplit(kTwoWordStyles, ' ', absl::SkipEmpty())) {
    v->two_word_styles.insert(std::string(p));
    const std::string second(p.substr(p.find(':') + 1));
    auto& seconds = v->two_word_style_seconds;
    if (std::find(seconds.begin(), seconds.end(), second) == seconds.end()) {
      seconds.push_back(second);
    }
  }
  for (absl::string_view p : absl::StrSplit(kReportingPhrases, ' ', absl::SkipEmpty())) {
    std::vector<std::string> words = absl::StrSplit(p, ':');
    v->reporting_phrases[words[0]].push_back(
        absl::StrJoin(std::vector<std::string>(words.begin() + 1, words.end()), " "));
  }
  auto add_places = [v](absl::string_view list, PlaceKind kind) {
    for (absl::string_view w : absl::StrSplit(list, ' ', absl::SkipEmpty())) {
      std::string name(w);
      // Multi-word names are written with '-' between words; names with a
      // real hyphen do not occur in the lists.
      std::replace(name.begin(), name.end(), '-', ' ');
      int words = 1 + static_cast<int>(std::count(name.begin(), name.end(), ' '));
      v->max_place_words = std::max(v->max_place_words, words);
      v->places.emplace(name, kind);  // First list wins (cities first).
      v->place_first_words.insert(name.substr(0, name.find(' ')));
    }
  };
  add_places(kCities, PlaceKind::kCity);
  add_places(kRegions, PlaceKind::kRegion);
  add_places(kCountries, PlaceKind::kCountry);
  for (const auto& [name, kind] : v->places) {
    Vocabulary::PlaceStep& step = v->place_steps[name];
    step.is_place = true;
    step.kind = kind;
    for (size_t sp = name.find(' '); sp != std::string::npos; sp = name.find(' ', sp + 1)) {
      v->place_steps[name.substr(0, sp)].continues = true;
    }
  }
  // Single-word places are never names either.
  for (const auto& [name, kind] : v->places) {
    if (name.find(' ') == std::string::npos) v->non_name.insert(name);
  }
  for (const auto* set : {&v->title_heads, &v->title_modifiers, &v->non_name, &v->surnames,
                          &v->long_surnames, &v->reporting_verbs, &v->org_heads,
                          &v->place_first_words, &v->given_names, &v->role_words}) {
    for (const std::string& w : *set) v->classes[w] = ClassifySlow(*v, w);
  }
  for (const auto& [w, second] : v->reporting_phrases) {
    v->classes[w] = ClassifySlow(*v, w);
  }
  for (const auto& [list, cls] :
       {std::pair{kReferenceCues, kClsReferenceCue}, std::pair{kClauseCues, kClsClauseCue},
        std::pair{kTitleTriggers, kClsTitleTrigger}, std::pair{kElectionVerbs, kClsTitleTrigger},
        std::pair{kClauseStarts, kClsClauseStart}, std::pair{kMeetingCues, kClsMeetingCue}}) {
    for (absl::string_view w : absl::StrSplit(list, ' ', absl::SkipEmpty())) {
      v->classes[std::string(w)] |= cls;
    }
  }
  // A head in the plural ("ministers", "MPs") is classed once here, so that
  // the passes that ask of a token test a bit instead of hashing its stem.
  for (const std::string& head : v->title_heads) {
    if (head.size() < 2) continue;
    const uint32_t plural =
        kClsPluralHead | (v->capitalized_heads.contains(head) ? kClsPluralCapitalizedHead : 0);
    for (const std::string& form : PluralForms(head)) v->classes[form] |= plural;
  }
  v->BuildClassSlots();
  return v;
}

}  // namespace

void Vocabulary::BuildClassSlots() {
  // A quarter full at most, so that a word not listed (most words) meets
  // an empty slot at once or after one more.
  size_t size = 16;
  class_shift = 60;
  while (size < 4 * classes.size()) {
    size *= 2;
    --class_shift;
  }
  class_slots.assign(size, ClassSlot{});
  for (const auto& [word, cls] : classes) {
    if (word.empty() || word.size() > 16) continue;
    ClassSlot slot;
    class_table::PackWord(word, &slot.lo, &slot.hi);
    slot.cls = cls;
    slot.len = static_cast<uint8_t>(word.size());
    size_t i = class_table::SlotHash(slot.lo, slot.hi, word.size()) >> class_shift;
    while (class_slots[i].len != 0) i = (i + 1) & (size - 1);
    class_slots[i] = slot;
  }
}

uint32_t Vocabulary::ClassifyLong(absl::string_view lower) const {
  auto it = classes.find(lower);
  return it == classes.end() ? 0 : it->second;
}

namespace {

uint16_t ClassifySlow(const Vocabulary& v, absl::string_view lower) {
  const auto& title_heads = v.title_heads;
  const auto& title_modifiers = v.title_modifiers;
  const auto& non_name = v.non_name;
  const auto& surnames = v.surnames;
  const auto& reporting_verbs = v.reporting_verbs;
  const auto& reporting_phrases = v.reporting_phrases;
  const auto& org_heads = v.org_heads;
  const auto& place_first_words = v.place_first_words;
  const auto& given_names = v.given_names;
  const auto& role_words = v.role_words;
  uint16_t c = 0;
  if (title_heads.contains(lower)) c |= kClsHead;
  if (title_modifiers.contains(lower)) c |= kClsModifier;
  if (non_name.contains(lower)) c |= kClsNonName;
  if (surnames.contains(lower)) c |= kClsSurname;
  if (v.long_surnames.contains(lower)) c |= kClsLongSurname;
  if (reporting_verbs.contains(lower)) c |= kClsReporting;
  if (reporting_phrases.contains(lower)) c |= kClsPhraseStart;
  if (org_heads.contains(lower)) c |= kClsOrgHead;
  if (place_first_words.contains(lower)) c |= kClsPlaceStart;
  if (given_names.contains(lower)) c |= kClsGivenName;
  if (role_words.contains(lower)) c |= kClsRole;
  return c;
}

}  // namespace

bool Vocabulary::IsHead(absl::string_view lower) const { return title_heads.contains(lower); }

bool Vocabulary::IsModifier(absl::string_view lower) const {
  return title_modifiers.contains(lower);
}

const Vocabulary& GetVocabulary() {
  static const Vocabulary* const kVocabulary = Build();
  return *kVocabulary;
}

bool IsHonorific(absl::string_view lower) { return GetVocabulary().honorifics.contains(lower); }

bool IsTwoWordStyle(absl::string_view first, absl::string_view second) {
  if (first.size() + second.size() > 30) return false;
  const Vocabulary& v = GetVocabulary();
  if (std::find(v.two_word_style_seconds.begin(), v.two_word_style_seconds.end(), second) ==
      v.two_word_style_seconds.end()) {
    return false;
  }
  char key[32];
  std::memcpy(key, first.data(), first.size());
  key[first.size()] = ':';
  std::memcpy(key + first.size() + 1, second.data(), second.size());
  return v.two_word_styles.contains(absl::string_view(key, first.size() + 1 + second.size()));
}

namespace {

bool InList(absl::string_view lower, std::initializer_list<absl::string_view> words) {
  for (absl::string_view w : words) {
    if (lower == w) return true;
  }
  return false;
}

}  // namespace

bool IsWorkDocumentNoun(absl::string_view lower) {
  return InList(lower,
                {"strategy", "strategies", "plan",     "plans",        "proposal", "proposals",
                 "budget",   "overview",   "briefing", "briefings",    "update",   "updates",
                 "findings", "assessment", "outlook",  "forecast",     "review",   "programme",
                 "program",  "roadmap",    "draft",    "projections",  "analysis", "study",
                 "results",  "report",     "reports",  "presentation", "accounts"});
}

bool IsHonourNoun(absl::string_view lower) {
  return InList(lower, {"award", "awards", "medal", "medals", "prize", "prizes", "order", "orders",
                        "decoration", "decorations", "certificate", "certificates", "honour",
                        "honours", "honor", "honors", "diploma", "diplomas"});
}

bool IsBestowingVerb(absl::string_view lower) {
  return GetVocabulary().bestowing_verbs.contains(lower);
}

bool IsCredentialsVerb(absl::string_view lower) {
  return GetVocabulary().credentials_verbs.contains(lower);
}

bool IsVoteVerb(absl::string_view lower) { return GetVocabulary().vote_verbs.contains(lower); }

bool IsElectionVerb(absl::string_view lower) {
  return GetVocabulary().election_verbs.contains(lower);
}

bool IsGatheringNoun(absl::string_view lower) {
  return InList(lower, {"meeting", "session", "sitting", "conference", "forum", "symposium",
                        "seminar", "summit", "plenary", "debate", "hearing", "congress", "assembly",
                        "workshop", "dialogue", "talks", "consultations", "agm"});
}

bool IsAgreementNoun(absl::string_view lower) {
  return InList(
      lower,
      {"agreement", "agreements", "accord",      "accords",  "pact",      "pacts",   "treaty",
       "treaties",  "memorandum", "memoranda",   "mou",      "mous",      "deal",    "deals",
       "contract",  "contracts",  "declaration", "protocol", "protocols", "charter", "convention"});
}

bool IsPortfolioNoun(absl::string_view lower) {
  return InList(lower,
                {"finance",     "trade",     "defence",   "defense", "commerce",    "health",
                 "education",   "culture",   "interior",  "justice", "energy",      "industry",
                 "agriculture", "transport", "labour",    "labor",   "environment", "tourism",
                 "treasury",    "economy",   "fisheries", "housing"});
}

bool IsMannerAfterIn(absl::string_view lower) {
  return InList(lower, {"private", "public",  "person",   "principle", "practice",   "general",
                        "good",    "bad",     "full",     "part",      "particular", "total",
                        "earnest", "camera",  "absentia", "unison",    "session",    "detail",
                        "brief",   "short",   "turn",     "fact",      "effect",     "addition",
                        "support", "favour",  "favor",    "response",  "return",     "writing",
                        "time",    "advance", "depth",    "spirit",    "solidarity", "order"});
}

bool IsHostingVerb(absl::string_view lower) {
  return InList(lower, {"hosted", "held", "convened", "chaired", "organised", "organized", "opened",
                        "hosts", "holds"});
}

bool IsBodysOwnNoun(absl::string_view lower) {
  return InList(
      lower, {"members",  "member",     "staff",        "shares",       "shareholders", "profit",
              "profits",  "revenue",    "revenues",     "board",        "employees",    "workers",
              "plants",   "plant",      "factories",    "factory",      "mills",        "stores",
              "branches", "subsidiary", "subsidiaries", "headquarters", "customers",    "clients",
              "fleet",    "chairman",   "chief",        "directors",    "management",   "workforce",
              "output",   "earnings",   "sales",        "operations",   "stake",        "bid",
              "offer"});
}

bool IsPressNoun(absl::string_view lower) {
  return InList(lower,
                {"reporters", "reporter", "journalists", "journalist", "press", "media",
                 "correspondents", "newsmen", "newspaper", "broadcaster", "television", "radio"});
}

bool IsNewsAgencyName(absl::string_view lower) {
  return InList(lower, {"reuters", "xinhua", "afp", "bloomberg", "interfax", "tass", "ria",
                        "yonhap", "kyodo", "anadolu", "efe", "ansa", "dpa"});
}

bool IsBuiltOnMediumWord(absl::string_view lower) {
  for (absl::string_view end : {"press", "news", "radio", "media"}) {
    if (lower.size() > end.size() + 2 && absl::EndsWith(lower, end)) return true;
  }
  return false;
}

bool IsMediumLastWord(absl::string_view lower) {
  return InList(lower, {"radio", "tv", "television", "news", "times", "post", "agency", "press",
                        "herald", "gazette", "tribune", "broadcasting", "channel"});
}

bool IsAbbreviatedTitleHead(absl::string_view lower) {
  return InList(lower, {"sen", "rep", "gov", "amb", "supt", "cllr"});
}

bool IsMonthShortFormAlsoName(absl::string_view lower) {
  return InList(lower, {"jun", "jan", "dec", "mar", "sep"});
}

int MonthNumber(absl::string_view lower) {
  static constexpr absl::string_view kMonths[] = {"january",   "february", "march",    "april",
                                                  "may",       "june",     "july",     "august",
                                                  "september", "october",  "november", "december"};
  if (lower.size() < 3) return 0;
  for (int i = 0; i < 12; ++i) {
    if (lower == kMonths[i]) return i + 1;
    if (lower.size() <= 4 && kMonths[i].substr(0, lower.size()) == lower &&
        (lower.size() == 3 || lower == "sept")) {
      return i + 1;
    }
  }
  return 0;
}

int WeekdayNumber(absl::string_view lower) {
  static constexpr absl::string_view kDays[] = {"monday", "tuesday",  "wednesday", "thursday",
                                                "friday", "saturday", "sunday"};
  for (int i = 0; i < 7; ++i) {
    if (lower == kDays[i]) return i;
  }
  return -1;
}

int CountWordValue(absl::string_view lower) {
  static constexpr absl::string_view kCounts[] = {"one",  "two", "three",  "four",
                                                  "five", "six", "seven",  "eight",
                                                  "nine", "ten", "eleven", "twelve"};
  for (int i = 0; i < 12; ++i) {
    if (lower == kCounts[i]) return i + 1;
  }
  return 0;
}

}  // namespace readout::extractor::internal
