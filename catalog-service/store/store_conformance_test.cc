// The store conformance suite: the same cases, through the Store interface
// alone, on SQLite (a temporary directory) and on PostgreSQL (a fresh
// database in a throwaway cluster, testing/postgres_cluster.h). What one
// store does, the other must do: creates and their idempotence, deletes and
// etags, lists (orders, filters, pages), the search syntax, people and
// timelines, the change feed and its compaction, the page token secret.
#include <algorithm>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/synchronization/mutex.h"
#include "catalog-service/errors.h"
#include "catalog-service/query/filter.h"
#include "catalog-service/query/names.h"
#include "catalog-service/store/postgres/postgres_store.h"
#include "catalog-service/store/sqlite/sqlite_store.h"
#include "catalog-service/store/store.h"
#include "catalog-service/testing/postgres_cluster.h"
#include "catalog-service/testing/temp_dir.h"
#include "catalog-service/testing/test_records.h"
#include "gtest/gtest.h"

namespace readout::catalog {
namespace {

using testing::MakeExtraction;
using testing::MakeNumberedExtraction;
using testing::SyntheticDocument;
using testing::SyntheticPerson;

// Where a case's store lives; Open may be called again on the same storage.
class StoreHarness {
 public:
  virtual ~StoreHarness() = default;
  virtual absl::StatusOr<std::unique_ptr<Store>> Open(int64_t history_limit) = 0;
};

class SqliteHarness : public StoreHarness {
 public:
  absl::StatusOr<std::unique_ptr<Store>> Open(int64_t history_limit) override {
    SqliteStoreOptions options;
    options.data_dir = dir_.path();
    options.history_limit = history_limit;
    CATALOG_ASSIGN_OR_RETURN(std::unique_ptr<SqliteStore> store, SqliteStore::Open(options));
    return std::unique_ptr<Store>(std::move(store));
  }

 private:
  testing::TempDir dir_;
};

class PostgresHarness : public StoreHarness {
 public:
  absl::StatusOr<std::unique_ptr<Store>> Open(int64_t history_limit) override {
    if (url_.empty()) {
      CATALOG_ASSIGN_OR_RETURN(testing::PostgresCluster * cluster,
                               testing::SharedPostgresCluster());
      CATALOG_ASSIGN_OR_RETURN(url_, cluster->CreateDatabase());
    }
    PostgresStoreOptions options;
    options.url = url_;
    options.history_limit = history_limit;
    CATALOG_ASSIGN_OR_RETURN(std::unique_ptr<PostgresStore> store, PostgresStore::Open(options));
    return std::unique_ptr<Store>(std::move(store));
  }

 private:
  std::string url_;
};

class StoreConformanceTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (GetParam() == "sqlite") {
      harness_ = std::make_unique<SqliteHarness>();
    } else {
      harness_ = std::make_unique<PostgresHarness>();
    }
    Reopen();
  }

  void Reopen(int64_t history_limit = 1000000) {
    store_.reset();
    auto store = harness_->Open(history_limit);
    ASSERT_TRUE(store.ok()) << store.status();
    store_ = std::move(*store);
  }

  absl::StatusOr<v1::BatchCreateDocumentsResponse> Create(std::vector<v1::Extraction> xs,
                                                          std::string request_id = "") {
    return testing::CreateAndWait(*store_, std::move(xs), std::move(request_id));
  }

  absl::Status Delete(const std::string& id, const std::string& etag = "",
                      bool allow_missing = false) {
    return testing::DeleteAndWait(*store_, DeleteRequest{id, etag, allow_missing});
  }

  // The titles of a search's results, sorted (ranking may differ by store).
  std::vector<std::string> SearchTitles(const std::string& text) {
    SearchQuery q;
    q.query = text;
    auto page = store_->SearchDocuments(q);
    EXPECT_TRUE(page.ok()) << text << ": " << page.status();
    std::vector<std::string> titles;
    if (!page.ok()) return titles;
    for (const auto& r : page->results) {
      titles.push_back(r.document().extraction().document().title());
    }
    std::sort(titles.begin(), titles.end());
    return titles;
  }

  // The titles a filter lists, by create time.
  std::vector<std::string> ListTitles(const std::string& filter_text) {
    auto filter = ParseFilter(filter_text, DocumentFilterSchema());
    EXPECT_TRUE(filter.ok()) << filter.status();
    DocumentQuery q;
    if (filter.ok() && filter->has_value()) q.filter = &**filter;
    q.limit = 100;
    auto page = store_->ListDocuments(q);
    EXPECT_TRUE(page.ok()) << filter_text << ": " << page.status();
    std::vector<std::string> titles;
    if (!page.ok()) return titles;
    for (const auto& d : page->documents) titles.push_back(d.extraction().document().title());
    return titles;
  }

  // Three documents that filters and searches tell apart.
  void CreateFixtureDocuments() {
    SyntheticDocument a;
    a.title = "Forestry budget meeting";
    a.body = "The council discussed forestry funding and forestry jobs.";
    a.location = "Riverton";
    a.year = 2020;
    a.people = {{"Hana Okafor", "Mayor", "Riverton Council", v1::PARTICIPANT_ROLE_PRESIDED}};
    SyntheticDocument b;
    b.title = "Water board session";
    b.body = "The water board approved the reservoir plan.";
    b.location = "Lakeside";
    b.year = 2021;
    b.people = {{"Hana Okafor", "Mayor", "Riverton Council", v1::PARTICIPANT_ROLE_ATTENDED},
                {"Liam Chen", "Engineer", "Water Board", v1::PARTICIPANT_ROLE_SPOKE}};
    SyntheticDocument c;
    c.title = "Trade talks";
    c.body = "Trade officials met about co-operation on exports.";
    c.location = "Riverton";
    c.year = 2019;
    c.people = {{"Liam Chen", "Engineer", "Water Board", v1::PARTICIPANT_ROLE_ATTENDED}};
    ASSERT_TRUE(Create({MakeExtraction(a)}).ok());
    ASSERT_TRUE(Create({MakeExtraction(b)}).ok());
    ASSERT_TRUE(Create({MakeExtraction(c)}).ok());
  }

  std::unique_ptr<StoreHarness> harness_;
  std::unique_ptr<Store> store_;
};

TEST_P(StoreConformanceTest, CreatesAreDurableAndIdempotentById) {
  const v1::Extraction x = MakeNumberedExtraction(1);
  auto first = Create({x});
  ASSERT_TRUE(first.ok()) << first.status();
  ASSERT_EQ(first->responses_size(), 1);
  EXPECT_TRUE(first->responses(0).created());
  const v1::CatalogDocument& doc = first->responses(0).document();
  EXPECT_EQ(doc.revision(), 1);
  EXPECT_EQ(doc.etag(), "\"r1\"");
  EXPECT_EQ(doc.name(), DocumentName(x.document().content_hash()));

  auto again = Create({x});
  ASSERT_TRUE(again.ok());
  EXPECT_FALSE(again->responses(0).created());
  EXPECT_EQ(again->responses(0).document().revision(), 1);

  Reopen();
  auto got = store_->GetDocument(x.document().content_hash());
  ASSERT_TRUE(got.ok()) << got.status();
  EXPECT_EQ(got->extraction().document().title(), x.document().title());
  EXPECT_EQ(got->etag(), doc.etag());
  EXPECT_EQ(got->create_time().seconds(), doc.create_time().seconds());
  EXPECT_EQ(store_->CurrentRevision(), 1);
  EXPECT_EQ(ErrorReason(store_->GetDocument("0000").status()), "DOCUMENT_NOT_FOUND");
}

TEST_P(StoreConformanceTest, ARequestIdReturnsItsFirstResponse) {
  auto first = Create({MakeNumberedExtraction(1), MakeNumberedExtraction(2)}, "req-1");
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_EQ(first->responses_size(), 2);
  auto retry = Create({MakeNumberedExtraction(1), MakeNumberedExtraction(2)}, "req-1");
  ASSERT_TRUE(retry.ok()) << retry.status();
  EXPECT_EQ(retry->SerializeAsString(), first->SerializeAsString());
  // The same id for other documents is another request: refused (AIP-155).
  auto reused = Create({MakeNumberedExtraction(3)}, "req-1");
  EXPECT_EQ(reused.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ErrorReason(reused.status()), "REQUEST_ID_REUSED");
  EXPECT_EQ(ErrorReason(
                store_->GetDocument(MakeNumberedExtraction(3).document().content_hash()).status()),
            "DOCUMENT_NOT_FOUND");
  EXPECT_EQ(store_->CurrentRevision(), 2);
}

// A request whose documents were all stored before is recorded too: its
// retry after they are deleted gets its first answer, not a new create.
TEST_P(StoreConformanceTest, ARequestOfStoredDocumentsIsRecordedToo) {
  const v1::Extraction x = MakeNumberedExtraction(7);
  const std::string id = x.document().content_hash();
  ASSERT_TRUE(Create({x}).ok());
  auto again = Create({x}, "req-again");
  ASSERT_TRUE(again.ok()) << again.status();
  ASSERT_EQ(again->responses_size(), 1);
  EXPECT_FALSE(again->responses(0).created());
  ASSERT_TRUE(Delete(id).ok());
  auto retry = Create({x}, "req-again");
  ASSERT_TRUE(retry.ok()) << retry.status();
  EXPECT_EQ(retry->SerializeAsString(), again->SerializeAsString());
  EXPECT_EQ(ErrorReason(store_->GetDocument(id).status()), "DOCUMENT_NOT_FOUND");
  EXPECT_EQ(store_->CurrentRevision(), 2);
}

TEST_P(StoreConformanceTest, DeletesCheckEtagsAndAreLogged) {
  const v1::Extraction x = MakeNumberedExtraction(5);
  const std::string id = x.document().content_hash();
  ASSERT_TRUE(Create({x}).ok());
  absl::Status wrong = Delete(id, "\"r9\"");
  EXPECT_EQ(wrong.code(), absl::StatusCode::kAborted);
  EXPECT_EQ(ErrorReason(wrong), "ETAG_MISMATCH");
  EXPECT_TRUE(Delete(id, "\"r1\"").ok());
  EXPECT_EQ(ErrorReason(store_->GetDocument(id).status()), "DOCUMENT_NOT_FOUND");
  EXPECT_EQ(ErrorReason(Delete(id)), "DOCUMENT_NOT_FOUND");
  EXPECT_TRUE(Delete(id, "", /*allow_missing=*/true).ok());
  auto changes = store_->ReadChanges(1, 10);
  ASSERT_TRUE(changes.ok()) << changes.status();
  ASSERT_EQ(changes->changes.size(), 2u);
  EXPECT_EQ(changes->changes[0].type(), v1::CHANGE_TYPE_CREATED);
  // The create's change no longer carries the deleted document.
  EXPECT_EQ(changes->changes[0].name(), DocumentName(id));
  EXPECT_FALSE(changes->changes[0].has_document());
  EXPECT_EQ(changes->changes[1].type(), v1::CHANGE_TYPE_DELETED);
  EXPECT_EQ(changes->changes[1].revision(), 2);
  EXPECT_EQ(changes->current_revision, 2);
  // A created document is listed again after its delete, under a new revision.
  auto back = Create({x});
  ASSERT_TRUE(back.ok());
  EXPECT_TRUE(back->responses(0).created());
  EXPECT_EQ(back->responses(0).document().revision(), 3);
}

TEST_P(StoreConformanceTest, ListsFollowOrdersAndPages) {
  std::vector<v1::Extraction> xs;
  for (int i = 0; i < 23; ++i) xs.push_back(MakeNumberedExtraction(i));
  for (auto& x : xs) ASSERT_TRUE(Create({x}).ok());
  for (DocumentOrder order :
       {DocumentOrder::kCreateTime, DocumentOrder::kEventDate, DocumentOrder::kPublishedDate}) {
    for (bool descending : {false, true}) {
      DocumentQuery q;
      q.order = order;
      q.descending = descending;
      q.limit = 5;
      std::vector<std::string> seen;
      std::vector<int64_t> keys;
      for (int pages = 0; pages < 10; ++pages) {
        auto page = store_->ListDocuments(q);
        ASSERT_TRUE(page.ok()) << page.status();
        for (const auto& d : page->documents) {
          seen.push_back(d.name());
          const auto& x = d.extraction();
          const google::type::Date& date = order == DocumentOrder::kEventDate
                                               ? x.events(0).date()
                                               : x.document().published_date();
          keys.push_back(order == DocumentOrder::kCreateTime ? d.revision() : DateKey(date));
        }
        if (!page->more) break;
        q.has_cursor = true;
        q.after_key = page->last_key;
        q.after_row = page->last_row;
      }
      EXPECT_EQ(seen.size(), 23u);
      EXPECT_EQ(std::set<std::string>(seen.begin(), seen.end()).size(), 23u);
      EXPECT_TRUE(descending ? std::is_sorted(keys.rbegin(), keys.rend())
                             : std::is_sorted(keys.begin(), keys.end()));
    }
  }
}

TEST_P(StoreConformanceTest, FiltersSelectTheSameDocuments) {
  CreateFixtureDocuments();
  using V = std::vector<std::string>;
  EXPECT_EQ(ListTitles(""), (V{"Forestry budget meeting", "Water board session", "Trade talks"}));
  EXPECT_EQ(ListTitles("location = \"riverton\""), (V{"Forestry budget meeting", "Trade talks"}));
  EXPECT_EQ(ListTitles("person = \"hana  OKAFOR\""),
            (V{"Forestry budget meeting", "Water board session"}));
  EXPECT_EQ(ListTitles("participant.presided = \"Hana Okafor\""), (V{"Forestry budget meeting"}));
  EXPECT_EQ(ListTitles("title = \"Engin*\" AND event_date >= 2020"), (V{"Water board session"}));
  EXPECT_EQ(ListTitles("organization : \"water\" OR location = \"Lakeside\""),
            (V{"Water board session", "Trade talks"}));
  EXPECT_EQ(ListTitles("NOT person = \"Liam Chen\""), (V{"Forestry budget meeting"}));
  // Every kind of exact restriction (PostgreSQL answers these from each
  // document's filter keys, SQLite from the side tables), with != and NOT.
  EXPECT_EQ(ListTitles("participant = \"liam chen\""), (V{"Water board session", "Trade talks"}));
  EXPECT_EQ(ListTitles("participant.attended = \"Hana Okafor\""), (V{"Water board session"}));
  EXPECT_EQ(ListTitles("participant.spoke != \"Liam Chen\""),
            (V{"Forestry budget meeting", "Trade talks"}));
  EXPECT_EQ(ListTitles("role = SPOKE"), (V{"Water board session"}));
  EXPECT_EQ(ListTitles("NOT role = ATTENDED"), (V{"Forestry budget meeting"}));
  EXPECT_EQ(ListTitles("title = \"MAYOR\""), (V{"Forestry budget meeting", "Water board session"}));
  EXPECT_EQ(ListTitles("organization = \"water board\" AND location = Riverton"),
            (V{"Trade talks"}));
  EXPECT_EQ(ListTitles("organization != \"Water Board\" OR location = Lakeside"),
            (V{"Forestry budget meeting", "Water board session"}));
  EXPECT_EQ(ListTitles("event_type = MEETING AND location = Lakeside"), (V{"Water board session"}));
  EXPECT_EQ(ListTitles("event_type != MEETING"), (V{}));
  EXPECT_EQ(ListTitles("location = Nowhere OR person = \"Nobody\""), (V{}));
}

TEST_P(StoreConformanceTest, APersonsDocumentsListByEventDateInPages) {
  CreateFixtureDocuments();
  ASSERT_TRUE(Create({MakeNumberedExtraction(3)}).ok());
  // Newest event first, one per page, with and without more restrictions
  // (both stores walk the person's rows in date order for these).
  for (const auto& [text, expected] : std::vector<std::pair<std::string, std::vector<std::string>>>{
           {"person = \"Hana Okafor\"", {"Water board session", "Forestry budget meeting"}},
           {"person = \"Liam Chen\" AND location = Riverton", {"Trade talks"}},
           {"person = \"Liam Chen\" AND NOT role = SPOKE", {"Trade talks"}},
           {"person = \"Hana Okafor\" AND event_date < 2021", {"Forestry budget meeting"}}}) {
    auto filter = ParseFilter(text, DocumentFilterSchema());
    ASSERT_TRUE(filter.ok() && filter->has_value()) << text;
    DocumentQuery q;
    q.filter = &**filter;
    q.order = DocumentOrder::kEventDate;
    q.descending = true;
    q.limit = 1;
    std::vector<std::string> titles;
    for (int pages = 0; pages < 5; ++pages) {
      auto page = store_->ListDocuments(q);
      ASSERT_TRUE(page.ok()) << text << ": " << page.status();
      for (const auto& d : page->documents) titles.push_back(d.extraction().document().title());
      if (!page->more) break;
      q.has_cursor = true;
      q.after_key = page->last_key;
      q.after_row = page->last_row;
    }
    EXPECT_EQ(titles, expected) << text;
  }
}

TEST_P(StoreConformanceTest, SearchSyntaxFindsTheSameDocuments) {
  CreateFixtureDocuments();
  using V = std::vector<std::string>;
  EXPECT_EQ(SearchTitles("forestry"), (V{"Forestry budget meeting"}));
  EXPECT_EQ(SearchTitles("FORESTRY OR reservoir"),
            (V{"Forestry budget meeting", "Water board session"}));
  EXPECT_EQ(SearchTitles("\"reservoir plan\""), (V{"Water board session"}));
  EXPECT_EQ(SearchTitles("\"plan reservoir\""), (V{}));
  EXPECT_EQ(SearchTitles("fores*"), (V{"Forestry budget meeting"}));
  EXPECT_EQ(SearchTitles("the NOT reservoir"), (V{"Forestry budget meeting", "Trade talks"}));
  EXPECT_EQ(SearchTitles("co-operation"), (V{"Trade talks"}));
  EXPECT_EQ(SearchTitles("(trade OR water) AND NOT exports"), (V{"Water board session"}));

  SearchQuery q;
  q.query = "forestry";
  auto page = store_->SearchDocuments(q);
  ASSERT_TRUE(page.ok()) << page.status();
  ASSERT_EQ(page->results.size(), 1u);
  EXPECT_NE(LowerAscii(page->results[0].snippet()).find("[forestry]"), std::string::npos)
      << page->results[0].snippet();

  for (const char* bad : {"\"unbalanced", "NOT forestry", "(a OR", "a AND"}) {
    q.query = bad;
    auto refused = store_->SearchDocuments(q);
    EXPECT_EQ(refused.status().code(), absl::StatusCode::kInvalidArgument) << bad;
    EXPECT_EQ(ErrorReason(refused.status()), "INVALID_QUERY") << bad;
  }
  // With a filter, and in pages.
  auto filter = ParseFilter("location = \"Riverton\"", DocumentFilterSchema());
  ASSERT_TRUE(filter.ok());
  q.query = "the";
  q.filter = &**filter;
  q.limit = 1;
  std::set<std::string> found;
  for (int pages = 0; pages < 5; ++pages) {
    auto p = store_->SearchDocuments(q);
    ASSERT_TRUE(p.ok()) << p.status();
    for (const auto& r : p->results) found.insert(r.document().extraction().document().title());
    if (!p->more) break;
    q.offset += static_cast<int64_t>(p->results.size());
  }
  EXPECT_EQ(found, (std::set<std::string>{"Forestry budget meeting", "Trade talks"}));
}

TEST_P(StoreConformanceTest, PeopleAndTimelines) {
  CreateFixtureDocuments();
  PeopleQuery q;
  auto people = store_->ListPeople(q);
  ASSERT_TRUE(people.ok()) << people.status();
  ASSERT_EQ(people->people.size(), 2u);
  EXPECT_EQ(people->people[0].name(), "people/hana-okafor");
  EXPECT_EQ(people->people[0].document_count(), 2);
  EXPECT_EQ(people->people[1].display_name(), "Liam Chen");
  ASSERT_EQ(people->people[1].titles_size(), 1);
  EXPECT_EQ(people->people[1].titles(0), "Engineer");

  auto filter = ParseFilter("name = \"Lia*\"", PeopleFilterSchema());
  ASSERT_TRUE(filter.ok());
  q.filter = &**filter;
  auto liam = store_->ListPeople(q);
  ASSERT_TRUE(liam.ok()) << liam.status();
  ASSERT_EQ(liam->people.size(), 1u);
  EXPECT_EQ(liam->people[0].name(), "people/liam-chen");

  PeopleQuery paged;
  paged.limit = 1;
  auto first = store_->ListPeople(paged);
  ASSERT_TRUE(first.ok());
  EXPECT_TRUE(first->more);
  paged.after_key = "hana-okafor";
  auto second = store_->ListPeople(paged);
  ASSERT_TRUE(second.ok());
  ASSERT_EQ(second->people.size(), 1u);
  EXPECT_EQ(second->people[0].name(), "people/liam-chen");
  EXPECT_FALSE(second->more);

  auto hana = store_->GetPerson("hana-okafor", kWaitForIndex);
  ASSERT_TRUE(hana.ok()) << hana.status();
  EXPECT_EQ(hana->document_count(), 2);
  ASSERT_EQ(hana->timeline_size(), 2);
  EXPECT_EQ(hana->timeline(0).role(), v1::PARTICIPANT_ROLE_PRESIDED);
  EXPECT_EQ(hana->timeline(0).date().year(), 2020);
  EXPECT_EQ(hana->timeline(1).role(), v1::PARTICIPANT_ROLE_ATTENDED);
  EXPECT_EQ(hana->timeline(1).location(), "Lakeside");
  ASSERT_EQ(hana->timeline(0).titles_size(), 1);
  EXPECT_EQ(hana->timeline(0).titles(0), "Mayor");
  EXPECT_EQ(ErrorReason(store_->GetPerson("nobody-here", kWaitForIndex).status()),
            "PERSON_NOT_FOUND");
}

// GetPerson's timeline and ListPeople's titles stop at their documented
// limits (kMaxTimelineEntries, kMaxListedTitles) and say when they did:
// the timeline keeps the earliest entries, the titles the first in byte
// order; a list exactly at its limit is whole.
TEST_P(StoreConformanceTest, ATimelineOrTitleListCutAtItsLimitSaysSo) {
  SyntheticDocument many;
  many.title = "Harbour works inspection";
  many.body = "The harbour authority inspected the works in stages.";
  many.year = 2020;
  many.people = {{"Ada Brennick", "Title 000", "Harbour Authority", v1::PARTICIPANT_ROLE_ATTENDED}};
  v1::Extraction full = MakeExtraction(many);
  // kMaxTimelineEntries events on one day, and kMaxListedTitles titles.
  const v1::Event first_event = full.events(0);
  for (int i = 1; i < kMaxTimelineEntries; ++i) *full.add_events() = first_event;
  for (int i = 1; i < kMaxListedTitles; ++i) {
    full.mutable_people(0)->add_positions()->set_title(absl::StrFormat("Title %03d", i));
  }
  ASSERT_TRUE(Create({full}).ok());

  auto filter = ParseFilter("name = \"Ada Brennick\"", PeopleFilterSchema());
  ASSERT_TRUE(filter.ok());
  PeopleQuery q;
  q.filter = &**filter;
  auto at_limit = store_->GetPerson("ada-brennick", kWaitForIndex);
  ASSERT_TRUE(at_limit.ok()) << at_limit.status();
  EXPECT_EQ(at_limit->timeline_size(), kMaxTimelineEntries);
  EXPECT_FALSE(at_limit->timeline_truncated());
  auto listed = store_->ListPeople(q);
  ASSERT_TRUE(listed.ok()) << listed.status();
  ASSERT_EQ(listed->people.size(), 1u);
  EXPECT_EQ(listed->people[0].titles_size(), kMaxListedTitles);
  EXPECT_FALSE(listed->people[0].titles_truncated());

  // One more event, a year earlier, and one more title, last in order.
  SyntheticDocument one;
  one.title = "Harbour works approved";
  one.body = "The harbour authority approved the works.";
  one.year = 2019;
  one.people = {{"Ada Brennick", "Title 100", "Harbour Authority", v1::PARTICIPANT_ROLE_PRESIDED}};
  ASSERT_TRUE(Create({MakeExtraction(one)}).ok());

  auto cut = store_->GetPerson("ada-brennick", kWaitForIndex);
  ASSERT_TRUE(cut.ok()) << cut.status();
  ASSERT_EQ(cut->timeline_size(), kMaxTimelineEntries);
  EXPECT_TRUE(cut->timeline_truncated());
  EXPECT_EQ(cut->timeline(0).date().year(), 2019);
  EXPECT_EQ(cut->timeline(0).role(), v1::PARTICIPANT_ROLE_PRESIDED);
  // The latest entry is the one left out.
  EXPECT_EQ(cut->timeline(kMaxTimelineEntries - 1).event_index(), kMaxTimelineEntries - 2);
  // GetPerson gives every title.
  EXPECT_EQ(cut->titles_size(), kMaxListedTitles + 1);
  EXPECT_FALSE(cut->titles_truncated());
  auto listed_cut = store_->ListPeople(q);
  ASSERT_TRUE(listed_cut.ok()) << listed_cut.status();
  ASSERT_EQ(listed_cut->people.size(), 1u);
  const v1::CatalogPerson& person = listed_cut->people[0];
  ASSERT_EQ(person.titles_size(), kMaxListedTitles);
  EXPECT_TRUE(person.titles_truncated());
  EXPECT_EQ(person.titles(kMaxListedTitles - 1), "Title 099");
  EXPECT_FALSE(person.timeline_truncated());
}

// A NUL byte is valid text in a record (proto3 strings are UTF-8, NUL
// included), but PostgreSQL refuses it in a text value: the record is kept
// exactly (it is stored as bytes), and only what is derived from it for the
// indexes (search text, titles, names, places, filter keys, snippets) has
// each NUL read as a space, on both stores alike.
TEST_P(StoreConformanceTest, ANulByteIsKeptInTheRecordAndASpaceInTheIndex) {
  const std::string nul(1, '\0');
  SyntheticDocument d;
  d.title = "Harbour" + nul + "dredging hearing";
  d.body = "The port" + nul + "authority heard objections" + nul + ".";
  d.location = "Saltmarsh" + nul + "Quay";
  d.people = {{"Ines" + nul + "Varga", "Harbour" + nul + "master", "Port" + nul + "Authority",
               v1::PARTICIPANT_ROLE_PRESIDED}};
  const v1::Extraction x = MakeExtraction(d);
  const std::string id = x.document().content_hash();
  auto created = Create({x}, "req-nul");
  ASSERT_TRUE(created.ok()) << created.status();
  EXPECT_TRUE(created->responses(0).created());
  // The record, NUL bytes and all, as it was given; after a restart too.
  Reopen();
  auto got = store_->GetDocument(id);
  ASSERT_TRUE(got.ok()) << got.status();
  EXPECT_EQ(got->extraction().SerializeAsString(), x.SerializeAsString());
  // The words on either side of a NUL are words of their own.
  EXPECT_EQ(SearchTitles("dredging"), std::vector<std::string>{d.title});
  EXPECT_EQ(SearchTitles("authority AND objections"), std::vector<std::string>{d.title});
  SearchQuery q;
  q.query = "port";
  auto page = store_->SearchDocuments(q);
  ASSERT_TRUE(page.ok()) << page.status();
  ASSERT_EQ(page->results.size(), 1u);
  EXPECT_EQ(page->results[0].document().extraction().SerializeAsString(), x.SerializeAsString());
  EXPECT_EQ(page->results[0].snippet().find('\0'), std::string::npos);
  EXPECT_NE(page->results[0].snippet().find("authority"), std::string::npos)
      << page->results[0].snippet();
  // Filters name the derived values with a space where the NUL was.
  EXPECT_EQ(ListTitles("location = \"saltmarsh quay\""), std::vector<std::string>{d.title});
  EXPECT_EQ(ListTitles("title = \"harbour master\""), std::vector<std::string>{d.title});
  EXPECT_EQ(ListTitles("organization = \"port authority\""), std::vector<std::string>{d.title});
  EXPECT_EQ(ListTitles("person = \"Ines Varga\""), std::vector<std::string>{d.title});
  auto person = store_->GetPerson("ines-varga", kWaitForIndex);
  ASSERT_TRUE(person.ok()) << person.status();
  EXPECT_EQ(person->display_name(), "Ines Varga");
  ASSERT_EQ(person->titles_size(), 1);
  EXPECT_EQ(person->titles(0), "Harbour master");
  ASSERT_EQ(person->timeline_size(), 1);
  EXPECT_EQ(person->timeline(0).location(), "Saltmarsh Quay");
  EXPECT_EQ(person->timeline(0).event_name(), "Harbour dredging hearing");
  PeopleQuery people;
  auto listed = store_->ListPeople(people);
  ASSERT_TRUE(listed.ok()) << listed.status();
  ASSERT_EQ(listed->people.size(), 1u);
  EXPECT_EQ(listed->people[0].display_name(), "Ines Varga");
  // The change feed carries the exact record; the request id answers again.
  auto changes = store_->ReadChanges(1, 10);
  ASSERT_TRUE(changes.ok()) << changes.status();
  ASSERT_EQ(changes->changes.size(), 1u);
  EXPECT_EQ(changes->changes[0].document().extraction().SerializeAsString(), x.SerializeAsString());
  auto retry = Create({x}, "req-nul");
  ASSERT_TRUE(retry.ok()) << retry.status();
  EXPECT_EQ(retry->SerializeAsString(), created->SerializeAsString());
  ASSERT_TRUE(Delete(id).ok());
  EXPECT_TRUE(SearchTitles("dredging").empty());
}

TEST_P(StoreConformanceTest, ChangeFeedIsGaplessAndCompacts) {
  Reopen(/*history_limit=*/5);
  for (int i = 0; i < 12; ++i) ASSERT_TRUE(Create({MakeNumberedExtraction(i)}).ok());
  EXPECT_EQ(store_->CurrentRevision(), 12);
  auto old = store_->ReadChanges(2, 10);
  EXPECT_EQ(old.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(ErrorReason(old.status()), "REVISION_COMPACTED");
  auto recent = store_->ReadChanges(8, 100);
  ASSERT_TRUE(recent.ok()) << recent.status();
  ASSERT_EQ(recent->changes.size(), 5u);
  for (size_t i = 0; i < recent->changes.size(); ++i) {
    EXPECT_EQ(recent->changes[i].revision(), 8 + static_cast<int64_t>(i));
  }
  auto future = store_->ReadChanges(13, 10);
  ASSERT_TRUE(future.ok()) << future.status();
  EXPECT_TRUE(future->changes.empty());
  EXPECT_EQ(future->current_revision, 12);
}

TEST_P(StoreConformanceTest, TheTokenSecretOutlivesTheProcess) {
  const std::string secret = store_->TokenSecret();
  EXPECT_GE(secret.size(), 16u);
  Reopen();
  EXPECT_EQ(store_->TokenSecret(), secret);
}

TEST_P(StoreConformanceTest, CommitListenersHearEachWrite) {
  absl::Mutex mu;
  int64_t heard = 0;
  const int64_t handle = store_->AddCommitListener([&](int64_t revision) {
    absl::MutexLock lock(&mu);
    heard = std::max(heard, revision);
  });
  ASSERT_TRUE(Create({MakeNumberedExtraction(1)}).ok());
  ASSERT_TRUE(Create({MakeNumberedExtraction(2)}).ok());
  {
    absl::MutexLock lock(&mu);
    EXPECT_TRUE(mu.AwaitWithTimeout(absl::Condition(
                                        +[](int64_t* h) { return *h >= 2; }, &heard),
                                    absl::Seconds(10)));
  }
  store_->RemoveCommitListener(handle);
}

INSTANTIATE_TEST_SUITE_P(Stores, StoreConformanceTest, ::testing::Values("sqlite", "postgres"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace readout::catalog
