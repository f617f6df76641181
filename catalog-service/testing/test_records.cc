// Synthetic extraction records (see test_records.h).
#include "catalog-service/testing/test_records.h"

#include <future>
#include <string>

#include "absl/strings/str_cat.h"
#include "catalog-service/query/names.h"
#include "common/sha256.h"

namespace readout::catalog::testing {
namespace {

const char* const kSurnames[] = {"Wang",  "Li",   "Zhang", "Liu", "Chen", "Yang", "Zhao",
                                 "Huang", "Zhou", "Wu",    "Xu",  "Sun",  "Hu",   "Zhu",
                                 "Gao",   "Lin",  "He",    "Guo", "Ma",   "Luo"};
const char* const kGiven[] = {"Qiang", "Wei", "Min", "Jun", "Hua",  "Ping", "Gang", "Lei",
                              "Yan",   "Jie", "Tao", "Bin", "Hong", "Ying", "Fang"};
const char* const kTitles[] = {"Governor", "Vice Governor", "Secretary", "Deputy Secretary",
                               "Mayor",    "Director",      "Minister",  "Chairman"};
const char* const kOrgs[] = {"Provincial Party Committee", "Provincial Government",
                             "Standing Committee", "Ministry of Commerce",
                             "Organization Department"};
const char* const kPlaces[] = {"Riverton",   "Lakeside",   "Hillcrest",
                               "Portsmouth", "Greenfield", "Stonebridge"};
const char* const kTopics[] = {"agriculture", "infrastructure", "education",   "healthcare",
                               "innovation",  "trade",          "environment", "housing"};

}  // namespace

v1::Extraction MakeExtraction(const SyntheticDocument& doc) {
  v1::Extraction x;
  std::string text = absl::StrCat(doc.title, "\n", doc.body);
  v1::Event* event = x.add_events();
  event->set_type(doc.event_type);
  event->set_name(doc.title);
  if (doc.year != 0) {
    event->mutable_date()->set_year(doc.year);
    event->mutable_date()->set_month(doc.month);
    event->mutable_date()->set_day(doc.day);
  }
  event->mutable_location()->set_name(doc.location);
  for (const SyntheticPerson& p : doc.people) {
    absl::StrAppend(&text, " ", p.name, ", ", p.title, " of the ", p.organization, ", took part.");
    v1::Participant* participant = event->add_participants();
    participant->set_person_name(p.name);
    participant->set_role(p.role);
    v1::Person* person = x.add_people();
    person->set_name(p.name);
    v1::Position* position = person->add_positions();
    position->set_title(p.title);
    position->set_organization(p.organization);
    if (!p.organization.empty()) x.add_organizations()->set_name(p.organization);
  }
  v1::Document* d = x.mutable_document();
  d->set_title(doc.title);
  d->set_text(text);
  d->set_source_uri("synthetic://test");
  if (doc.published_year != 0) {
    d->mutable_published_date()->set_year(doc.published_year);
    d->mutable_published_date()->set_month(doc.published_month);
    d->mutable_published_date()->set_day(doc.published_day);
  }
  d->set_content_hash(common::Sha256Hex(text));
  x.add_places()->set_name(doc.location);
  return x;
}

v1::Extraction MakeNumberedExtraction(int64_t n) {
  SyntheticDocument doc;
  const char* topic = kTopics[n % 8];
  const char* place = kPlaces[(n / 3) % 6];
  doc.title = absl::StrCat("Meeting number ", n, " on ", topic, " held in ", place);
  doc.body = absl::StrCat("Officials discussed ", topic, " and ", kTopics[(n / 8) % 8],
                          " at session ", n, ".");
  doc.location = place;
  doc.event_type = static_cast<v1::EventType>(1 + n % 7);
  doc.year = 2015 + static_cast<int>(n % 10);
  doc.month = 1 + static_cast<int>((n / 10) % 12);
  doc.day = 1 + static_cast<int>((n / 120) % 28);
  doc.published_year = doc.year;
  doc.published_month = doc.month;
  doc.published_day = doc.day;
  for (int i = 0; i < 3; ++i) {
    int64_t k = n * 7 + i * 13;
    SyntheticPerson p;
    p.name = absl::StrCat(kSurnames[k % 20], " ", kGiven[(k / 20) % 15]);
    p.title = kTitles[(k + i) % 8];
    p.organization = kOrgs[(k / 3) % 5];
    p.role = static_cast<v1::ParticipantRole>(1 + (k + i) % 5);
    doc.people.push_back(p);
  }
  return MakeExtraction(doc);
}

absl::StatusOr<v1::BatchCreateDocumentsResponse> CreateAndWait(
    Store& store, std::vector<v1::Extraction> extractions, std::string request_id) {
  std::vector<NewDocument> docs;
  for (v1::Extraction& x : extractions) {
    std::string id = x.document().content_hash();
    docs.push_back(NewDocument{std::move(id), std::move(x)});
  }
  std::promise<absl::StatusOr<v1::BatchCreateDocumentsResponse>> done;
  store.Create(
      std::move(docs), std::move(request_id),
      [&](absl::StatusOr<v1::BatchCreateDocumentsResponse> r) { done.set_value(std::move(r)); });
  return done.get_future().get();
}

absl::Status CreateNumbered(Store& store, int64_t n) {
  return CreateAndWait(store, {MakeNumberedExtraction(n)}).status();
}

absl::Status DeleteAndWait(Store& store, DeleteRequest request) {
  std::promise<absl::Status> done;
  store.Delete(std::move(request), [&](absl::Status s) { done.set_value(std::move(s)); });
  return done.get_future().get();
}

}  // namespace readout::catalog::testing
