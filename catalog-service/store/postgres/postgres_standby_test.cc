// Tests of reads served by a streaming-replication standby
// (PostgresStoreOptions::read_url), on a real primary and hot standby
// started by the test: a client reads its own writes through the catalog
// even while the standby lags, reads are answered by the standby (they
// still answer with the primary stopped), a standby connection the server
// closed is replaced, and with the standby stopped they answer from the
// primary.
#include <chrono>
#include <iostream>
#include <memory>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "catalog-service/catalog.h"
#include "catalog-service/store/postgres/pg_connection.h"
#include "catalog-service/store/postgres/postgres_store.h"
#include "catalog-service/testing/postgres_cluster.h"
#include "catalog-service/testing/test_records.h"
#include "gtest/gtest.h"

namespace readout::catalog {
namespace {

using testing::PostgresCluster;

class PostgresStandbyTest : public ::testing::Test {
 protected:
  // One primary and its standby for the suite (a few seconds to start).
  static void SetUpTestSuite() {
    auto primary = PostgresCluster::Start();
    if (!primary.ok()) {
      *start_error_ =
          absl::StrCat("cannot start the PostgreSQL primary: ", primary.status().ToString());
      return;
    }
    auto standby = PostgresCluster::StartStandby(**primary);
    if (!standby.ok()) {
      *start_error_ =
          absl::StrCat("cannot start the PostgreSQL standby: ", standby.status().ToString());
      return;
    }
    primary_ = primary->release();
    standby_ = standby->release();
  }
  static void TearDownTestSuite() {
    delete standby_;  // First: it would otherwise retry the stopped primary.
    delete primary_;
    standby_ = primary_ = nullptr;
  }

  void SetUp() override {
    ASSERT_TRUE(start_error_->empty()) << *start_error_;
    if (!primary_->running()) ASSERT_TRUE(primary_->Restart().ok());
    if (!standby_->running()) ASSERT_TRUE(standby_->Restart().ok());
    ASSERT_TRUE(standby_->SetApplyDelay(0).ok());
    auto url = primary_->CreateDatabase();
    ASSERT_TRUE(url.ok()) << url.status();
    primary_url_ = *url;
    const std::string db = primary_url_.substr(primary_url_.rfind('/') + 1);
    standby_url_ = standby_->Url(db);
    // The new database reaches the standby by replication.
    bool replicated = false;
    for (int i = 0; i < 200 && !replicated; ++i) {
      replicated = pg::Connection::Open(standby_url_, 2).ok();
      if (!replicated) std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    ASSERT_TRUE(replicated) << "the standby never showed database " << db;
  }

  std::unique_ptr<PostgresStore> Open(int64_t read_wait_ms) {
    PostgresStoreOptions options;
    options.url = primary_url_;
    options.read_url = standby_url_;
    options.read_wait_ms = read_wait_ms;
    options.read_retry_ms = 100;
    options.statement_timeout_ms = 10000;
    options.connect_timeout_s = 2;
    options.standby_health = [this](bool healthy, const absl::Status& error) {
      if (!healthy) std::cerr << "standby failed: " << error << "\n";
      absl::MutexLock lock(&health_mu_);
      health_.push_back(healthy);
    };
    auto store = PostgresStore::Open(options);
    EXPECT_TRUE(store.ok()) << store.status();
    return store.ok() ? std::move(*store) : nullptr;
  }

  // A document whose title carries `word` (for Search) and one person.
  static v1::CreateDocumentRequest Request(const std::string& word) {
    testing::SyntheticDocument doc;
    doc.title = absl::StrCat("Harbour council session ", word);
    doc.body = absl::StrCat("The council discussed the ", word, " report at length.");
    doc.people.push_back({absl::StrCat("Ilse ", word), "Harbour master", "Harbour council"});
    v1::CreateDocumentRequest request;
    *request.mutable_document()->mutable_extraction() = testing::MakeExtraction(doc);
    return request;
  }

  // The names ListDocuments returns (one page of up to 100).
  static std::vector<std::string> ListNames(Catalog& catalog) {
    v1::ListDocumentsRequest request;
    request.set_page_size(100);
    auto listed = catalog.ListDocuments(request);
    EXPECT_TRUE(listed.ok()) << listed.status();
    std::vector<std::string> names;
    if (listed.ok()) {
      for (const auto& d : listed->documents()) names.push_back(d.name());
    }
    return names;
  }

  static int SearchCount(Catalog& catalog, const std::string& query) {
    v1::SearchDocumentsRequest request;
    request.set_query(query);
    auto found = catalog.SearchDocuments(request);
    EXPECT_TRUE(found.ok()) << found.status();
    return found.ok() ? found->results_size() : -1;
  }

  static std::string Word(int i) { return absl::StrCat("quay", std::string(1, 'a' + i), "x"); }

  static inline std::string* start_error_ = new std::string();
  static inline PostgresCluster* primary_ = nullptr;
  static inline PostgresCluster* standby_ = nullptr;
  std::string primary_url_, standby_url_;
  absl::Mutex health_mu_;
  std::vector<bool> health_;
};

TEST_F(PostgresStandbyTest, ACreateIsSeenByTheNextReadWhileTheStandbyLags) {
  // Every commit reaches the standby's tables 300 ms late: a read that did
  // not wait for the standby would miss the document it just created.
  std::unique_ptr<PostgresStore> store = Open(/*read_wait_ms=*/10000);
  ASSERT_NE(store, nullptr);
  Catalog catalog(store.get());
  EXPECT_TRUE(ListNames(catalog).empty());  // The schema has reached the standby.
  ASSERT_TRUE(standby_->SetApplyDelay(300).ok());
  for (int i = 0; i < 3; ++i) {
    auto created = catalog.CreateDocumentSync(Request(Word(i)));
    ASSERT_TRUE(created.ok()) << created.status();
    std::vector<std::string> names = ListNames(catalog);
    EXPECT_EQ(names.size(), static_cast<size_t>(i + 1));
    EXPECT_NE(std::find(names.begin(), names.end(), created->document().name()), names.end());
    EXPECT_EQ(SearchCount(catalog, Word(i)), 1);
    v1::ListPeopleRequest people;
    people.set_filter(absl::StrCat("name = \"Ilse ", Word(i), "\""));
    auto listed = catalog.ListPeople(people);
    ASSERT_TRUE(listed.ok()) << listed.status();
    EXPECT_EQ(listed->people_size(), 1);
  }
  // Served by the standby, after waiting for it.
  const StandbyReadStats stats = store->standby_read_stats();
  EXPECT_EQ(stats.standby, 10);
  EXPECT_EQ(stats.lagging, 0);
  EXPECT_EQ(stats.failed, 0);
}

TEST_F(PostgresStandbyTest, AStandbyBehindLongerThanTheWaitSendsTheReadToThePrimary) {
  std::unique_ptr<PostgresStore> store = Open(/*read_wait_ms=*/50);
  ASSERT_NE(store, nullptr);
  Catalog catalog(store.get());
  while (store->standby_read_stats().standby == 0) {  // The schema has reached the standby.
    ASSERT_TRUE(ListNames(catalog).empty());
    ASSERT_LT(store->standby_read_stats().lagging + store->standby_read_stats().failed, 100);
  }
  const StandbyReadStats before = store->standby_read_stats();
  ASSERT_TRUE(standby_->SetApplyDelay(5000).ok());
  auto created = catalog.CreateDocumentSync(Request(Word(0)));
  ASSERT_TRUE(created.ok()) << created.status();
  EXPECT_EQ(ListNames(catalog), std::vector<std::string>{created->document().name()});
  EXPECT_EQ(SearchCount(catalog, Word(0)), 1);
  const StandbyReadStats stats = store->standby_read_stats();
  EXPECT_EQ(stats.lagging - before.lagging, 2);
  EXPECT_EQ(stats.standby, before.standby);
  ASSERT_TRUE(standby_->SetApplyDelay(0).ok());
}

TEST_F(PostgresStandbyTest, ReadsAreServedByTheStandby) {
  std::unique_ptr<PostgresStore> store = Open(/*read_wait_ms=*/10000);
  ASSERT_NE(store, nullptr);
  Catalog catalog(store.get());
  std::vector<std::string> created;
  for (int i = 0; i < 3; ++i) {
    auto doc = catalog.CreateDocumentSync(Request(Word(i)));
    ASSERT_TRUE(doc.ok()) << doc.status();
    created.push_back(doc->document().name());
  }
  EXPECT_EQ(ListNames(catalog).size(), 3u);  // Waits until the standby has them.
  // With the primary stopped, only the standby can answer.
  ASSERT_TRUE(primary_->Stop().ok());
  std::vector<std::string> names = ListNames(catalog);
  std::sort(names.begin(), names.end());
  std::sort(created.begin(), created.end());
  EXPECT_EQ(names, created);
  EXPECT_EQ(SearchCount(catalog, absl::StrCat(Word(1), " OR ", Word(2))), 2);
  v1::GetPersonRequest person;
  person.set_name(absl::StrCat("people/ilse-", Word(0)));
  auto got = catalog.GetPerson(person);
  EXPECT_TRUE(got.ok()) << got.status();
  const StandbyReadStats stats = store->standby_read_stats();
  EXPECT_EQ(stats.standby, 4);
  EXPECT_EQ(stats.lagging + stats.failed, 0);
  ASSERT_TRUE(primary_->Restart().ok());
}

TEST_F(PostgresStandbyTest, WithTheStandbyStoppedReadsAnswerFromThePrimary) {
  std::unique_ptr<PostgresStore> store = Open(/*read_wait_ms=*/10000);
  ASSERT_NE(store, nullptr);
  Catalog catalog(store.get());
  ASSERT_TRUE(standby_->Stop().ok());
  auto created = catalog.CreateDocumentSync(Request(Word(0)));
  ASSERT_TRUE(created.ok()) << created.status();
  EXPECT_EQ(ListNames(catalog), std::vector<std::string>{created->document().name()});
  EXPECT_EQ(SearchCount(catalog, Word(0)), 1);
  StandbyReadStats stats = store->standby_read_stats();
  EXPECT_EQ(stats.standby, 0);
  EXPECT_GE(stats.failed, 1);
  {
    absl::MutexLock lock(&health_mu_);
    EXPECT_EQ(health_, std::vector<bool>{false});  // Told once, not per read.
  }
  // Back on the standby once it is up again.
  ASSERT_TRUE(standby_->Restart().ok());
  for (int i = 0; i < 100 && store->standby_read_stats().standby == 0; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    EXPECT_EQ(SearchCount(catalog, Word(0)), 1);
  }
  EXPECT_GE(store->standby_read_stats().standby, 1);
  absl::MutexLock lock(&health_mu_);
  EXPECT_EQ(health_, (std::vector<bool>{false, true}));
}

// The standby closes the connections the store holds idle there (a pooler
// or an operator recycling them): the next read takes a fresh connection to
// the standby and is served there, without taking the standby for failed.
TEST_F(PostgresStandbyTest, AStandbyConnectionTheServerClosedIsReplacedNotTakenForAFailure) {
  std::unique_ptr<PostgresStore> store = Open(/*read_wait_ms=*/10000);
  ASSERT_NE(store, nullptr);
  Catalog catalog(store.get());
  auto created = catalog.CreateDocumentSync(Request(Word(0)));
  ASSERT_TRUE(created.ok()) << created.status();
  ASSERT_EQ(ListNames(catalog).size(), 1u);  // Served by the standby.
  const StandbyReadStats before = store->standby_read_stats();
  ASSERT_EQ(before.standby, 1);
  const int64_t retries = store->read_retries();
  auto closed = testing::CloseCatalogConnections(standby_url_);
  ASSERT_TRUE(closed.ok()) << closed.status();
  ASSERT_GT(*closed, 0);
  EXPECT_EQ(ListNames(catalog), std::vector<std::string>{created->document().name()});
  const StandbyReadStats stats = store->standby_read_stats();
  EXPECT_EQ(stats.standby, before.standby + 1);
  EXPECT_EQ(stats.failed, before.failed);
  EXPECT_EQ(store->read_retries(), retries + 1);
  absl::MutexLock lock(&health_mu_);
  EXPECT_TRUE(health_.empty());  // Never reported as failed.
}

}  // namespace
}  // namespace readout::catalog
