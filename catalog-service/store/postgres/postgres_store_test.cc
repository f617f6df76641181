// Tests of what only a shared database asks of PostgresStore, on a real
// throwaway cluster: several stores (replicas) over one database, schema
// migrations when they start together, revisions in commit order under
// concurrent writers on both, creates committed pending while another
// writer holds the revision counter (invisible until numbered, numbered by
// another replica when their writer is lost), creates with request ids
// committed pending and their retries on other replicas, a read aborted
// for a concurrent transaction run again on its connection, the database
// stopped and crashed under load.
#include "catalog-service/store/postgres/postgres_store.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <functional>
#include <future>
#include <iostream>
#include <limits>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "absl/cleanup/cleanup.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/synchronization/mutex.h"
#include "catalog-service/errors.h"
#include "catalog-service/query/filter.h"
#include "catalog-service/query/names.h"
#include "catalog-service/store/postgres/pg_connection.h"
#include "catalog-service/store/sql_filter.h"
#include "catalog-service/store/stored_document.h"
#include "catalog-service/testing/postgres_cluster.h"
#include "catalog-service/testing/test_records.h"
#include "common/sha256.h"
#include "gtest/gtest.h"

namespace readout::catalog {
namespace {

using testing::MakeNumberedExtraction;

// MakeNumberedExtraction(n) with `words` at the end of its text.
v1::Extraction WithWords(int64_t n, absl::string_view words) {
  v1::Extraction x = MakeNumberedExtraction(n);
  const std::string text = absl::StrCat(x.document().text(), " ", words);
  x.mutable_document()->set_text(text);
  x.mutable_document()->set_content_hash(common::Sha256Hex(text));
  return x;
}

// Creates documents 1..`docs` with `words_of(n)` added to document n's
// text, 500 at a time, and checks that document n has row id n.
void CreateWithWords(PostgresStore& store, pg::Connection& c, int64_t docs,
                     const std::function<std::string(int64_t)>& words_of) {
  for (int64_t first = 1; first <= docs; first += 500) {
    std::vector<v1::Extraction> batch;
    for (int64_t n = first; n < first + 500 && n <= docs; ++n) {
      batch.push_back(WithWords(n, words_of(n)));
    }
    auto created = testing::CreateAndWait(store, std::move(batch));
    ASSERT_TRUE(created.ok()) << created.status();
  }
  auto rows = c.Exec("SELECT min(rowid), max(rowid) FROM docs");
  ASSERT_TRUE(rows.ok()) << rows.status();
  ASSERT_EQ(rows->Int(0, 0), 1);
  ASSERT_EQ(rows->Int(0, 1), docs);
}

// The name of the document whose row id is `row`.
std::string NameOfRow(pg::Connection& c, int64_t row) {
  auto r = c.Exec("SELECT id FROM docs WHERE rowid = $1", {pg::Param::Int(row)});
  EXPECT_TRUE(r.ok() && r->rows() == 1);
  return r.ok() && r->rows() == 1 ? DocumentName(r->Text(0, 0)) : std::string();
}

bool AwaitCount(pg::Connection& c, const std::string& sql, int64_t want);

// Creates the numbered documents 1..docs (a multiple of 100) in batches of
// 100, each waited for.
void CreateNumberedInBatchesOf100(PostgresStore& store, int64_t docs) {
  for (int64_t first = 1; first <= docs; first += 100) {
    std::vector<v1::Extraction> batch;
    for (int64_t n = first; n < first + 100; ++n) batch.push_back(MakeNumberedExtraction(n));
    ASSERT_TRUE(testing::CreateAndWait(store, std::move(batch)).ok());
  }
}

class PostgresStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto cluster = testing::SharedPostgresCluster();
    ASSERT_TRUE(cluster.ok()) << cluster.status();
    cluster_ = *cluster;
    if (!cluster_->running()) ASSERT_TRUE(cluster_->Restart().ok());
    auto url = cluster_->CreateDatabase();
    ASSERT_TRUE(url.ok()) << url.status();
    url_ = *url;
  }

  PostgresStoreOptions Options() const {
    PostgresStoreOptions options;
    options.url = url_;
    options.statement_timeout_ms = 10000;
    options.connect_timeout_s = 2;
    return options;
  }

  std::unique_ptr<PostgresStore> Open() {
    auto store = PostgresStore::Open(Options());
    EXPECT_TRUE(store.ok()) << store.status();
    return store.ok() ? std::move(*store) : nullptr;
  }

  // Opens two replicas over the one database, each with its own pool:
  //   std::unique_ptr<PostgresStore> a, b;
  //   ASSERT_NO_FATAL_FAILURE(OpenTwo(a, b));
  // (Out parameters rather than a returned pair: the tests' lambdas capture
  // the stores, which C++17 structured bindings cannot be.)
  void OpenTwo(std::unique_ptr<PostgresStore>& first, std::unique_ptr<PostgresStore>& second) {
    first = Open();
    second = Open();
    ASSERT_NE(first, nullptr);
    ASSERT_NE(second, nullptr);
  }

  // Creates MakeNumberedExtraction(n) and waits for the write.
  static absl::StatusOr<v1::BatchCreateDocumentsResponse> Create(Store& store, int64_t n,
                                                                 std::string request_id = "") {
    return testing::CreateAndWait(store, {MakeNumberedExtraction(n)}, std::move(request_id));
  }

  // A replica lost between a create's two transactions: a replica creates
  // MakeNumberedExtraction(1), then commits the rows of
  // MakeNumberedExtraction(2) (with `request_id`, reserved) pending while
  // `holder`, opened here, holds the counter's lock; then every connection
  // but the holder's is ended under it and the replica is gone. The
  // holder's transaction (and the lock) stays open.
  void LoseAWriterAfterItsPendingCommit(const std::string& request_id,
                                        std::unique_ptr<pg::Connection>& holder) {
    std::unique_ptr<PostgresStore> a = Open();
    ASSERT_NE(a, nullptr);
    ASSERT_TRUE(Create(*a, 1).ok());
    auto opened = pg::Connection::Open(url_, 5);
    ASSERT_TRUE(opened.ok()) << opened.status();
    holder = std::move(*opened);
    ASSERT_TRUE(holder->Run("BEGIN; SELECT 1 FROM revision_counter FOR UPDATE").ok());
    auto pending = std::async(std::launch::async, [&] { return Create(*a, 2, request_id); });
    // Rows, pending entries and the reservation commit together.
    ASSERT_TRUE(AwaitCount(*holder, "SELECT count(*) FROM pending_docs", 1));
    // The writer now waits for its rows to be numbered: every connection of
    // the replica is ended under it.
    auto ended = holder->Exec(
        "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = "
        "current_database() AND pid <> pg_backend_pid()");
    ASSERT_TRUE(ended.ok()) << ended.status();
    EXPECT_GT(ended->Int(0, 0), 0);
    EXPECT_FALSE(pending.get().ok());
  }

  testing::PostgresCluster* cluster_ = nullptr;
  std::string url_;
};

TEST_F(PostgresStoreTest, ReplicasStartingTogetherMigrateOnceAndShareTheTokenSecret) {
  std::vector<std::future<std::unique_ptr<PostgresStore>>> opening;
  for (int i = 0; i < 5; ++i) {
    opening.push_back(std::async(std::launch::async, [this] { return Open(); }));
  }
  std::set<std::string> secrets;
  std::vector<std::unique_ptr<PostgresStore>> stores;
  for (auto& f : opening) {
    stores.push_back(f.get());
    ASSERT_NE(stores.back(), nullptr);
    secrets.insert(stores.back()->TokenSecret());
  }
  EXPECT_EQ(secrets.size(), 1u);
  // A write through one is read through another.
  auto created = Create(*stores[0], 7);
  ASSERT_TRUE(created.ok()) << created.status();
  auto read = stores[4]->GetDocument(MakeNumberedExtraction(7).document().content_hash());
  ASSERT_TRUE(read.ok()) << read.status();
  EXPECT_EQ(read->etag(), created->responses(0).document().etag());
  // A request id is idempotent across replicas.
  auto first = Create(*stores[1], 8, "same-request");
  auto again = Create(*stores[2], 8, "same-request");
  ASSERT_TRUE(first.ok() && again.ok());
  EXPECT_EQ(first->SerializeAsString(), again->SerializeAsString());
  // Reused for another document, on another replica: refused (AIP-155).
  EXPECT_EQ(ErrorReason(Create(*stores[3], 9, "same-request").status()), "REQUEST_ID_REUSED");
}

TEST_F(PostgresStoreTest, AVersionOneDatabaseMigratesItsDocumentsFilterKeys) {
  std::vector<std::string> written;  // Each document's keys, as the writer made them.
  {
    std::unique_ptr<PostgresStore> store = Open();
    ASSERT_NE(store, nullptr);
    for (int64_t n = 1; n <= 40; ++n) ASSERT_TRUE(Create(*store, n).ok());
  }
  auto c = pg::Connection::Open(url_, 5);
  ASSERT_TRUE(c.ok()) << c.status();
  auto keys = (*c)->Exec("SELECT filter_keys::text FROM docs ORDER BY rowid");
  ASSERT_TRUE(keys.ok()) << keys.status();
  for (int i = 0; i < keys->rows(); ++i) written.emplace_back(keys->Text(i, 0));
  ASSERT_EQ(written.size(), 40u);
  EXPECT_NE(written[0].find("person:"), std::string::npos) << written[0];
  // Each document's search row, as the writer made it.
  auto searched = (*c)->Exec("SELECT search::text FROM search_rows ORDER BY rowid");
  ASSERT_TRUE(searched.ok()) << searched.status();
  std::vector<std::string> search_written;
  for (int i = 0; i < searched->rows(); ++i) search_written.emplace_back(searched->Text(i, 0));
  ASSERT_EQ(search_written.size(), 40u);
  EXPECT_NE(search_written[0].find("'#w0'"), std::string::npos) << search_written[0];
  // Back to schema version 1, as a catalog written before version 2 is:
  // the tsvector on the document's row, without the window lexeme.
  const absl::Status reverted = (*c)->Run(
      "CREATE INDEX persons_doc ON persons(doc); CREATE INDEX positions_doc ON positions(doc); "
      "CREATE INDEX orgs_doc ON orgs(doc); "
      "CREATE INDEX participants_doc_role ON participants(doc, role, key); "
      "ALTER TABLE persons ADD FOREIGN KEY (doc) REFERENCES docs(rowid) ON DELETE CASCADE; "
      "ALTER TABLE positions ADD FOREIGN KEY (doc) REFERENCES docs(rowid) ON DELETE CASCADE; "
      "ALTER TABLE orgs ADD FOREIGN KEY (doc) REFERENCES docs(rowid) ON DELETE CASCADE; "
      "ALTER TABLE events ADD FOREIGN KEY (doc) REFERENCES docs(rowid) ON DELETE CASCADE; "
      "ALTER TABLE participants ADD FOREIGN KEY (doc) REFERENCES docs(rowid) ON DELETE CASCADE; "
      "DROP INDEX docs_event_date_keys; "
      "ALTER TABLE docs DROP COLUMN filter_keys; "
      "ALTER TABLE docs ADD COLUMN search tsvector; "
      "UPDATE docs d SET search = ts_delete(s.search, '#w' || (s.rowid / 1024)) "
      "FROM search_rows s WHERE s.rowid = d.rowid; "
      "ALTER TABLE docs ALTER COLUMN search SET NOT NULL; "
      "CREATE INDEX docs_search ON docs USING gin(search); "
      "DROP TABLE search_rows; "
      "CREATE INDEX docs_event_date ON docs(event_date, rowid); "
      "CREATE INDEX events_type ON events(type, doc); "
      "CREATE INDEX participants_role ON participants(role, doc); "
      "DROP SEQUENCE docs_rowid_seq; ALTER TABLE docs RESET (fillfactor); "
      "DROP TABLE pending_docs; DROP TABLE pending_requests; "
      "ALTER TABLE requests DROP COLUMN doc_rows, DROP COLUMN revisions; "
      "DELETE FROM readout_schema WHERE version > 1");
  ASSERT_TRUE(reverted.ok()) << reverted;
  std::unique_ptr<PostgresStore> store = Open();
  ASSERT_NE(store, nullptr);
  auto migrated = (*c)->Exec("SELECT filter_keys::text FROM docs ORDER BY rowid");
  ASSERT_TRUE(migrated.ok()) << migrated.status();
  std::vector<std::string> rebuilt;
  for (int i = 0; i < migrated->rows(); ++i) rebuilt.emplace_back(migrated->Text(i, 0));
  EXPECT_EQ(rebuilt, written);
  auto version = (*c)->Exec("SELECT max(version) FROM readout_schema");
  ASSERT_TRUE(version.ok());
  EXPECT_EQ(version->Int(0, 0), 8);
  // Version 4 moved each tsvector to search_rows with its window lexeme.
  auto moved = (*c)->Exec("SELECT search::text FROM search_rows ORDER BY rowid");
  ASSERT_TRUE(moved.ok()) << moved.status();
  std::vector<std::string> search_migrated;
  for (int i = 0; i < moved->rows(); ++i) search_migrated.emplace_back(moved->Text(i, 0));
  EXPECT_EQ(search_migrated, search_written);
  // The filters read the migrated keys: the documents naming the person of
  // document 1, found by the side table on the SQLite store, are found here.
  const std::string person = MakeNumberedExtraction(1).people(0).name();
  auto filter = ParseFilter(absl::StrCat("person = \"", person, "\""), DocumentFilterSchema());
  ASSERT_TRUE(filter.ok() && filter->has_value());
  DocumentQuery q;
  q.filter = &**filter;
  q.limit = 100;
  auto page = store->ListDocuments(q);
  ASSERT_TRUE(page.ok()) << page.status();
  auto expected = (*c)->Exec(
      "SELECT count(*) FROM persons WHERE key = (SELECT key FROM persons WHERE doc = 1 AND "
      "name = $1 LIMIT 1)",
      {pg::Param::Text(person)});
  ASSERT_TRUE(expected.ok()) << expected.status();
  EXPECT_GE(page->documents.size(), 1u);
  EXPECT_EQ(static_cast<int64_t>(page->documents.size()), expected->Int(0, 0));
}

// Search looks for the newest matches window by window (1,024 row ids
// each), the newest first, then in the rest of the catalog: a rare word is
// found in every window, and a common one ranks the newest 1,000 matches
// only, as on SQLite, found in the newest windows alone.
TEST_F(PostgresStoreTest, SearchFindsTheNewestMatchesAcrossWindows) {
  std::unique_ptr<PostgresStore> store = Open();
  ASSERT_NE(store, nullptr);
  constexpr int64_t kDocs = 3500;
  const std::set<int64_t> rare = {5, 1500, 3400};
  auto c = pg::Connection::Open(url_, 5);
  ASSERT_TRUE(c.ok()) << c.status();
  // Document n has row id n (one revision per create, none before).
  ASSERT_NO_FATAL_FAILURE(CreateWithWords(*store, **c, kDocs, [&](int64_t n) {
    return rare.count(n) > 0 ? "Everywhereword. Seldomword." : "Everywhereword.";
  }));
  auto name_of = [&](int64_t row) { return NameOfRow(**c, row); };

  SearchQuery q;
  q.query = "seldomword";
  q.limit = 10;
  PostgresStore::SearchLooks looks = store->search_looks();
  auto page = store->SearchDocuments(q);
  ASSERT_TRUE(page.ok()) << page.status();
  std::set<std::string> names;
  for (const v1::SearchResult& r : page->results) names.insert(r.document().name());
  EXPECT_EQ(names, (std::set<std::string>{name_of(5), name_of(1500), name_of(3400)}));
  EXPECT_FALSE(page->more);
  // The 2 newest windows found one match (row 3400), too few for the density
  // to ask for fewer windows than are left: then the rest at once.
  EXPECT_EQ(store->search_looks().window_looks, looks.window_looks + 1);
  EXPECT_EQ(store->search_looks().catalog_looks, looks.catalog_looks + 1);
  // A prefix skips the windows (one look at the whole catalog): the same.
  looks = store->search_looks();
  q.query = "seldomw*";
  page = store->SearchDocuments(q);
  ASSERT_TRUE(page.ok()) << page.status();
  EXPECT_EQ(page->results.size(), 3u);
  EXPECT_EQ(store->search_looks().window_looks, looks.window_looks);
  EXPECT_EQ(store->search_looks().catalog_looks, looks.catalog_looks + 1);

  // Equal scores rank by revision, the oldest first: the first of the
  // newest 1,000 is row 2501. Found in the 2 newest windows alone (2,048
  // rows, all matches): the rest of the catalog is not looked at.
  looks = store->search_looks();
  q.query = "everywhereword";
  q.limit = 2;
  page = store->SearchDocuments(q);
  ASSERT_TRUE(page.ok()) << page.status();
  ASSERT_EQ(page->results.size(), 2u);
  EXPECT_EQ(page->results[0].document().name(), name_of(kDocs - 999));
  EXPECT_EQ(page->results[1].document().name(), name_of(kDocs - 998));
  EXPECT_TRUE(page->more);
  EXPECT_EQ(store->search_looks().window_looks, looks.window_looks + 1);
  EXPECT_EQ(store->search_looks().catalog_looks, looks.catalog_looks);
  // A page past the first 1,000 ranks as many as it reaches (1,001 here,
  // from row 2500), so the newest document is still behind it.
  q.offset = 998;
  page = store->SearchDocuments(q);
  ASSERT_TRUE(page.ok()) << page.status();
  ASSERT_EQ(page->results.size(), 2u);
  EXPECT_EQ(page->results[0].document().name(), name_of(kDocs - 2));
  EXPECT_EQ(page->results[1].document().name(), name_of(kDocs - 1));
  EXPECT_TRUE(page->more);

  // A filter applies in every window: the rare word's old documents only.
  auto filter = ParseFilter("NOT person = \"Nobody Known\"", DocumentFilterSchema());
  ASSERT_TRUE(filter.ok() && filter->has_value()) << filter.status();
  q = SearchQuery();
  q.query = "seldomword OR zzznothing";
  q.filter = &**filter;
  page = store->SearchDocuments(q);
  ASSERT_TRUE(page.ok()) << page.status();
  EXPECT_EQ(page->results.size(), 3u);
}

// A look of many windows asks them in groups, newest first, and stops
// once the matches still needed are found (ADR 0062): a word in every
// eighth document of 11,264 finds 129 in the 2 newest windows (rows 10,240
// up); the next look asks 9 windows in groups of 2 and stops at the 871
// more it needs, the oldest of them row 3,272. Its newest 1,000 are then
// exactly rows 3,272 to 11,264, found by window looks alone, filtered or
// not; a look whose rows come back out of order is run again as one look
// at the rest.
TEST_F(PostgresStoreTest, ALookOfManyWindowsStopsOnceTheMatchesNeededAreFound) {
  std::unique_ptr<PostgresStore> store = Open();
  ASSERT_NE(store, nullptr);
  constexpr int64_t kDocs = 11264;
  auto c = pg::Connection::Open(url_, 5);
  ASSERT_TRUE(c.ok()) << c.status();
  ASSERT_NO_FATAL_FAILURE(CreateWithWords(*store, **c, kDocs, [](int64_t n) {
    return n % 8 == 0 ? "Everywhereword. Eighthword." : "Everywhereword.";
  }));
  auto name_of = [&](int64_t row) { return NameOfRow(**c, row); };
  auto filter = ParseFilter("NOT person = \"Nobody Known\"", DocumentFilterSchema());
  ASSERT_TRUE(filter.ok() && filter->has_value()) << filter.status();
  for (const bool filtered : {false, true}) {
    SCOPED_TRACE(filtered ? "filtered" : "not filtered");
    const PostgresStore::SearchLooks looks = store->search_looks();
    SearchQuery q;
    q.query = "eighthword";
    q.limit = 2;
    if (filtered) q.filter = &**filter;
    auto page = store->SearchDocuments(q);
    ASSERT_TRUE(page.ok()) << page.status();
    // Equal scores, the oldest revision first: rows 3,272 and 3,280.
    ASSERT_EQ(page->results.size(), 2u);
    EXPECT_EQ(page->results[0].document().name(), name_of(3272));
    EXPECT_EQ(page->results[1].document().name(), name_of(3280));
    EXPECT_TRUE(page->more);
    EXPECT_EQ(store->search_looks().window_looks, looks.window_looks + 2);
    EXPECT_EQ(store->search_looks().catalog_looks, looks.catalog_looks);
    // The one before the last of the ranking (a page that reaches no
    // further than the 1,000th): row 11,256, then row 11,264.
    q.offset = 998;
    q.limit = 1;
    page = store->SearchDocuments(q);
    ASSERT_TRUE(page.ok()) << page.status();
    ASSERT_EQ(page->results.size(), 1u);
    EXPECT_EQ(page->results[0].document().name(), name_of(kDocs - 8));
    EXPECT_TRUE(page->more);
  }
  // A look whose rows come back out of order (here asked oldest first) is
  // not trusted: its rows are dropped and the rest looked at in one
  // ordered look, with the same results.
  PostgresStoreOptions options = Options();
  options.unordered_group_looks = true;
  auto unordered = PostgresStore::Open(options);
  ASSERT_TRUE(unordered.ok()) << unordered.status();
  SearchQuery q;
  q.query = "eighthword";
  q.limit = 2;
  auto page = (*unordered)->SearchDocuments(q);
  ASSERT_TRUE(page.ok()) << page.status();
  ASSERT_EQ(page->results.size(), 2u);
  EXPECT_EQ(page->results[0].document().name(), name_of(3272));
  EXPECT_EQ(page->results[1].document().name(), name_of(3280));
  EXPECT_EQ((*unordered)->search_looks().unordered_group_looks, 1);
  EXPECT_EQ((*unordered)->search_looks().catalog_looks, 1);
  EXPECT_EQ(store->search_looks().unordered_group_looks, 0);
}

// A search's ranking and its page come from one statement, and the page's
// fragments from another sent with the COMMIT: pages taken at every offset
// are the one ranking cut in order (scores never rising, equal scores
// oldest revision first), and each result carries the fragment of its own
// text.
TEST_F(PostgresStoreTest, SearchPagesFollowOneRankingEachWithItsOwnFragment) {
  std::unique_ptr<PostgresStore> store = Open();
  ASSERT_NE(store, nullptr);
  constexpr int kDocs = 30;
  std::vector<v1::Extraction> batch;
  std::map<std::string, std::string> mark_of;  // Content hash: its own word.
  for (int n = 0; n < kDocs; ++n) {
    testing::SyntheticDocument doc;
    const std::string mark = absl::StrCat("mark", std::string(1, static_cast<char>('a' + n / 26)),
                                          std::string(1, static_cast<char>('a' + n % 26)));
    // Scores differ by how often the word occurs and whether the title
    // has it; some documents tie.
    doc.title = n % 5 == 0 ? "Harvestword review held" : "County review held";
    doc.body = absl::StrCat("The ", mark, " harvestword report.");
    for (int k = 0; k < n % 3; ++k) absl::StrAppend(&doc.body, " More harvestword news.");
    batch.push_back(testing::MakeExtraction(doc));
    mark_of[batch.back().document().content_hash()] = mark;
  }
  ASSERT_TRUE(testing::CreateAndWait(*store, std::move(batch)).ok());

  SearchQuery q;
  q.query = "harvestword";
  q.limit = kDocs;
  auto whole = store->SearchDocuments(q);
  ASSERT_TRUE(whole.ok()) << whole.status();
  ASSERT_EQ(whole->results.size(), static_cast<size_t>(kDocs));
  EXPECT_FALSE(whole->more);
  for (size_t i = 1; i < whole->results.size(); ++i) {
    const v1::SearchResult& a = whole->results[i - 1];
    const v1::SearchResult& b = whole->results[i];
    ASSERT_GE(a.score(), b.score()) << i;
    if (a.score() == b.score()) {
      EXPECT_LT(a.document().revision(), b.document().revision()) << i;
    }
  }
  EXPECT_GT(whole->results.front().score(), whole->results.back().score());
  std::vector<std::string> paged;
  q.limit = 7;
  for (q.offset = 0; q.offset < kDocs; q.offset += q.limit) {
    auto page = store->SearchDocuments(q);
    ASSERT_TRUE(page.ok()) << page.status();
    EXPECT_EQ(page->more, q.offset + q.limit < kDocs) << q.offset;
    for (const v1::SearchResult& r : page->results) {
      paged.push_back(r.document().name());
      auto id = ParseDocumentName(r.document().name());
      ASSERT_TRUE(id.ok()) << id.status();
      EXPECT_NE(r.snippet().find("[harvestword]"), std::string::npos) << r.snippet();
      EXPECT_NE(r.snippet().find(mark_of[*id]), std::string::npos)
          << r.snippet() << " is not the fragment of " << mark_of[*id];
    }
  }
  std::vector<std::string> expected;
  for (const v1::SearchResult& r : whole->results) expected.push_back(r.document().name());
  EXPECT_EQ(paged, expected);
  // A page past the last match is empty; a byte budget of one result stops
  // the page after it.
  q.offset = kDocs;
  auto past = store->SearchDocuments(q);
  ASSERT_TRUE(past.ok()) << past.status();
  EXPECT_TRUE(past->results.empty());
  EXPECT_FALSE(past->more);
  q.offset = 3;
  q.max_bytes = 1;
  auto tight = store->SearchDocuments(q);
  ASSERT_TRUE(tight.ok()) << tight.status();
  ASSERT_EQ(tight->results.size(), 1u);
  EXPECT_EQ(tight->results[0].document().name(), expected[3]);
  EXPECT_TRUE(tight->more);
}

// A long text's fragment is looked for in the stretch around the first
// word the query asks for; when that stretch's fragment shows no match
// (the index read the word there as part of another token), in the whole
// text.
TEST_F(PostgresStoreTest, ALongTextsFragmentShowsItsMatchWhereverItLies) {
  std::unique_ptr<PostgresStore> store = Open();
  ASSERT_NE(store, nullptr);
  std::string filler;
  for (int i = 0; i < 40; ++i) absl::StrAppend(&filler, "The committee met again today. ");
  testing::SyntheticDocument doc;
  doc.body = absl::StrCat("Write to orchardword@example.org for the papers. ", filler,
                          "Late in the report the granaryword quota was set. ", filler,
                          "The orchardword plan closed the session.");
  ASSERT_GT(doc.body.size(), 2000u);
  ASSERT_TRUE(testing::CreateAndWait(*store, {testing::MakeExtraction(doc)}).ok());
  std::string text;  // As stored.
  auto fragment = [&](const std::string& query) {
    SearchQuery q;
    q.query = query;
    auto page = store->SearchDocuments(q);
    EXPECT_TRUE(page.ok()) << page.status();
    EXPECT_TRUE(page.ok() && page->results.size() == 1u) << query;
    if (!page.ok() || page->results.size() != 1u) return std::string();
    text = page->results[0].document().extraction().document().text();
    return page->results[0].snippet();
  };
  // ts_headline of the whole text, asked directly.
  auto c = pg::Connection::Open(url_, 5);
  ASSERT_TRUE(c.ok()) << c.status();
  auto whole = [&](const std::string& tsquery) {
    auto r = (*c)->Exec(
        "SELECT ts_headline('simple', $1, to_tsquery('simple', $2), "
        "'StartSel=[, StopSel=], MaxWords=24, MinWords=12, ShortWord=0')",
        {pg::Param::Text(text), pg::Param::Text(tsquery)});
    EXPECT_TRUE(r.ok()) << r.status();
    return r.ok() ? std::string(r->Text(0, 0)) : std::string();
  };
  // Past the first kilobyte: the stretch around the word.
  std::string got = fragment("granaryword");
  EXPECT_NE(got.find("[granaryword] quota"), std::string::npos) << got;
  // The first "orchardword" is part of an e-mail address to the index: the
  // stretch around it has no match; the whole text's fragment is given.
  got = fragment("orchardword");
  EXPECT_NE(got.find("[orchardword] plan"), std::string::npos) << got;
  EXPECT_EQ(got, whole("orchardword"));
  // An AND of words 1,200 bytes apart, the stretch around the first
  // without a match: the whole text's fragment.
  got = fragment("granaryword AND orchardword");
  EXPECT_EQ(got, whole("granaryword & orchardword"));
  // A literal '[' in the stretch is no highlight: the stretch around the
  // first "vineyardword" (in an e-mail address) has none, and the whole
  // text's fragment is given.
  testing::SyntheticDocument bracketed;
  bracketed.body = absl::StrCat("[1] [Wire] Write to vineyardword@example.org for the papers. ",
                                filler, "The vineyardword plan closed the session.");
  ASSERT_GT(bracketed.body.size(), 1000u);
  ASSERT_TRUE(testing::CreateAndWait(*store, {testing::MakeExtraction(bracketed)}).ok());
  got = fragment("vineyardword");
  EXPECT_NE(got.find("[vineyardword] plan"), std::string::npos) << got;
  EXPECT_EQ(got, whole("vineyardword"));
}

// Row ids are taken before a create commits, revisions when it commits
// (ADR 0046): a create held up while others commit has the oldest row id
// and the newest revision. Search ranks the newest 1,000 matches by
// revision and ScanDocuments reads in revision order, as on SQLite.
// A match whose document row is gone (here a search row left without one)
// is dropped from the newest matches rather than taken as revision 0: the
// cut of the late documents stays at the oldest real candidate, inside the
// history, so the search does not fall back to testing the documents
// themselves.
TEST_F(PostgresStoreTest, AMatchWithoutADocumentRowDoesNotMoveTheCutToTheStart) {
  PostgresStoreOptions options = Options();
  // 1,001 documents keep revisions 2.. in the history: the newest 1,000
  // candidates (rows and revisions 2..1001) are all inside it.
  options.history_limit = 1000;
  auto opened = PostgresStore::Open(options);
  ASSERT_TRUE(opened.ok()) << opened.status();
  PostgresStore& store = **opened;
  constexpr int64_t kDocs = 1001;
  for (int64_t first = 1; first <= kDocs; first += 500) {
    std::vector<v1::Extraction> batch;
    for (int64_t n = first; n < first + 500 && n <= kDocs; ++n) {
      batch.push_back(WithWords(n, "Everywhereword."));
    }
    ASSERT_TRUE(testing::CreateAndWait(store, std::move(batch)).ok());
  }
  auto c = pg::Connection::Open(url_, 5);
  ASSERT_TRUE(c.ok()) << c.status();
  ASSERT_TRUE((*c)->Run("INSERT INTO search_rows(rowid, search) "
                        "SELECT max(rowid) + 1, (SELECT search FROM search_rows WHERE rowid = "
                        "(SELECT max(rowid) FROM search_rows)) FROM search_rows")
                  .ok());
  const PostgresStore::SearchLooks before = store.search_looks();
  SearchQuery q;
  q.query = "everywhereword";
  q.limit = 10;
  auto page = store.SearchDocuments(q);
  ASSERT_TRUE(page.ok()) << page.status();
  EXPECT_EQ(page->results.size(), 10u);
  EXPECT_EQ(store.search_looks().history_fallbacks, before.history_fallbacks);
  // Only the row no revision created was looked for in the documents.
  EXPECT_EQ(store.search_looks().revisions_read, before.revisions_read + 1);
}

TEST_F(PostgresStoreTest, ADocumentCommittedLateIsNewestBySearchAndScan) {
  std::unique_ptr<PostgresStore> store = Open();
  ASSERT_NE(store, nullptr);
  auto c = pg::Connection::Open(url_, 5);
  ASSERT_TRUE(c.ok()) << c.status();
  // The late document's insert waits for an advisory lock this test holds.
  // It names no person, title or organization: rows other creates would
  // then wait for, since they share those keys (unique side-table rows).
  testing::SyntheticDocument alone;
  alone.body = "A document held up. Everywhereword.";
  const v1::Extraction late = testing::MakeExtraction(alone);
  ASSERT_TRUE(
      (*c)->Run(absl::StrCat("CREATE FUNCTION hold_late() RETURNS trigger LANGUAGE plpgsql AS $$ "
                             "BEGIN IF NEW.id = '",
                             late.document().content_hash(),
                             "' THEN PERFORM pg_advisory_xact_lock(4242); END IF; "
                             "RETURN NEW; END $$; CREATE TRIGGER hold_late BEFORE INSERT ON docs "
                             "FOR EACH ROW EXECUTE FUNCTION hold_late()"))
          .ok());
  ASSERT_TRUE((*c)->Exec("SELECT pg_advisory_lock(4242)").ok());
  auto held =
      std::async(std::launch::async, [&] { return testing::CreateAndWait(*store, {late}); });
  bool waiting = false;
  for (int i = 0; i < 500 && !waiting; ++i) {
    auto r =
        (*c)->Exec("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted");
    ASSERT_TRUE(r.ok()) << r.status();
    waiting = r->Int(0, 0) > 0;
    if (!waiting) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  ASSERT_TRUE(waiting);
  // The other writers go on meanwhile.
  constexpr int64_t kOthers = 2500;
  for (int64_t first = 1; first <= kOthers; first += 500) {
    std::vector<v1::Extraction> batch;
    for (int64_t n = first; n < first + 500; ++n) batch.push_back(WithWords(n, "Everywhereword."));
    ASSERT_TRUE(testing::CreateAndWait(*store, std::move(batch)).ok());
  }
  ASSERT_TRUE((*c)->Exec("SELECT pg_advisory_unlock(4242)").ok());
  auto created = held.get();
  ASSERT_TRUE(created.ok()) << created.status();
  const std::string late_name = created->responses(0).document().name();
  EXPECT_EQ(created->responses(0).document().revision(), kOthers + 1);
  auto rows = (*c)->Exec("SELECT min(rowid) FROM docs");
  ASSERT_TRUE(rows.ok()) << rows.status();
  auto late_row =
      (*c)->Exec("SELECT rowid FROM docs WHERE revision = $1", {pg::Param::Int(kOthers + 1)});
  ASSERT_TRUE(late_row.ok() && late_row->rows() == 1);
  ASSERT_EQ(late_row->Int(0, 0), rows->Int(0, 0));  // The oldest row id.
  auto name_at = [&](int64_t revision) {
    auto r = (*c)->Exec("SELECT id FROM docs WHERE revision = $1", {pg::Param::Int(revision)});
    EXPECT_TRUE(r.ok() && r->rows() == 1);
    return r.ok() && r->rows() == 1 ? DocumentName(r->Text(0, 0)) : std::string();
  };

  // The newest 1,000 by revision hold the late document (the newest), so
  // the first of them, equal scores ranking the oldest revision first, is
  // revision 1,502 (by row id the newest 1,000 are revisions 1,501 to 2,500).
  auto search = [&](PostgresStore& on) {
    SearchQuery q;
    q.query = "everywhereword";
    q.limit = 1;
    auto first = on.SearchDocuments(q);
    ASSERT_TRUE(first.ok()) << first.status();
    ASSERT_EQ(first->results.size(), 1u);
    EXPECT_EQ(first->results[0].document().name(), name_at(kOthers + 1 - 999));
  };
  search(*store);
  EXPECT_EQ(store->search_looks().late_documents, 1);
  EXPECT_EQ(store->search_looks().history_fallbacks, 0);
  // The history held in memory named every candidate's revision, the late
  // one's too: none was read from the documents (ADR 0061).
  EXPECT_EQ(store->search_looks().revisions_read, 0);

  // ScanDocuments, page by page from the last revision read: every
  // document once, in revision order, the late one last.
  auto scan_all = [&](PostgresStore& on) {
    std::vector<int64_t> revisions;
    std::string last_name;
    for (int64_t after = 0;;) {
      auto page = on.ScanDocuments(after, 300);
      EXPECT_TRUE(page.ok()) << page.status();
      if (!page.ok() || page->empty() || revisions.size() > kOthers + 1) break;
      for (const v1::CatalogDocument& d : *page) revisions.push_back(d.revision());
      after = page->back().revision();
      last_name = page->back().name();
    }
    ASSERT_EQ(revisions.size(), static_cast<size_t>(kOthers + 1));
    for (size_t i = 0; i < revisions.size(); ++i) {
      EXPECT_EQ(revisions[i], static_cast<int64_t>(i) + 1);
    }
    EXPECT_EQ(last_name, late_name);
  };
  scan_all(*store);

  // A replica that keeps a history of 100 revisions compacts the rest on
  // its next write: the revisions before are read from the documents
  // themselves, with the same results.
  PostgresStoreOptions options;
  options.url = url_;
  options.history_limit = 100;
  auto short_history = PostgresStore::Open(options);
  ASSERT_TRUE(short_history.ok()) << short_history.status();
  DeleteRequest gone;
  gone.id = WithWords(1, "Everywhereword.").document().content_hash();
  ASSERT_TRUE(testing::DeleteAndWait(**short_history, gone).ok());
  auto compacted = (*c)->Exec("SELECT compacted FROM revision_counter");
  ASSERT_TRUE(compacted.ok());
  ASSERT_GT(compacted->Int(0, 0), kOthers + 1 - 999);
  search(**short_history);
  EXPECT_EQ((*short_history)->search_looks().history_fallbacks, 1);
  // The candidates numbered before the history's start: their revisions
  // read from their documents.
  EXPECT_GT((*short_history)->search_looks().revisions_read, 900);
  std::vector<int64_t> revisions;
  for (int64_t after = 0;;) {
    auto page = (*short_history)->ScanDocuments(after, 300);
    ASSERT_TRUE(page.ok()) << page.status();
    if (page->empty() || revisions.size() > kOthers + 1) break;
    for (const v1::CatalogDocument& d : *page) revisions.push_back(d.revision());
    after = page->back().revision();
  }
  ASSERT_EQ(revisions.size(), static_cast<size_t>(kOthers));  // One deleted.
  EXPECT_TRUE(std::is_sorted(revisions.begin(), revisions.end()));
  EXPECT_EQ(revisions.back(), kOthers + 1);
}

// The history keeps the newest changes only: a watcher resuming from a
// compacted revision is told REVISION_COMPACTED (re-read the documents,
// then watch from the current revision), as on SQLite, and the re-read
// (ScanDocuments from 0, page after page) reads the compacted stretch,
// whose revisions nothing in the database indexes, in one pass over the
// documents for the whole scan rather than one per page: every document
// once, in revision order, one deleted meanwhile skipped. A second scan
// pages through the same rows; once writes move the compacted stretch past
// them, the next scan reads them again.
TEST_F(PostgresStoreTest, AScanThroughACompactedHistoryReadsItsDocumentsOnce) {
  PostgresStoreOptions options = Options();
  options.history_limit = 50;
  auto opened = PostgresStore::Open(options);
  ASSERT_TRUE(opened.ok()) << opened.status();
  PostgresStore& store = **opened;
  constexpr int64_t kDocs = 300;
  ASSERT_NO_FATAL_FAILURE(CreateNumberedInBatchesOf100(store, kDocs));
  DeleteRequest early;
  early.id = MakeNumberedExtraction(10).document().content_hash();
  ASSERT_TRUE(testing::DeleteAndWait(store, early).ok());
  auto admin = pg::Connection::Open(url_, 5);
  ASSERT_TRUE(admin.ok());
  auto state = (*admin)->Exec("SELECT compacted, revision FROM revision_counter");
  ASSERT_TRUE(state.ok()) << state.status();
  const int64_t compacted = state->Int(0, 0);
  ASSERT_EQ(state->Int(0, 1), kDocs + 1);
  ASSERT_EQ(compacted, kDocs + 1 - 50);

  auto old = store.ReadChanges(compacted, 10);
  ASSERT_FALSE(old.ok());
  EXPECT_EQ(old.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(ErrorReason(old.status()), "REVISION_COMPACTED");
  auto kept = store.ReadChanges(compacted + 1, 10);
  ASSERT_TRUE(kept.ok()) << kept.status();
  ASSERT_FALSE(kept->changes.empty());
  EXPECT_EQ(kept->changes.front().revision(), compacted + 1);

  auto scan = [&](int64_t delete_after_first_page) {
    std::vector<int64_t> revisions;
    for (int64_t after = 0;;) {
      auto page = store.ScanDocuments(after, 7);
      EXPECT_TRUE(page.ok()) << page.status();
      if (!page.ok() || page->empty() || revisions.size() > kDocs + 100) break;
      for (const v1::CatalogDocument& d : *page) revisions.push_back(d.revision());
      after = page->back().revision();
      if (delete_after_first_page > 0) {
        DeleteRequest later;
        later.id = MakeNumberedExtraction(delete_after_first_page).document().content_hash();
        EXPECT_TRUE(testing::DeleteAndWait(store, later).ok());
        delete_after_first_page = 0;
      }
    }
    return revisions;
  };
  auto expected = [&] {
    std::vector<int64_t> revisions;
    auto r = (*admin)->Exec("SELECT revision FROM docs ORDER BY revision");
    EXPECT_TRUE(r.ok());
    for (int i = 0; r.ok() && i < r->rows(); ++i) revisions.push_back(r->Int(i, 0));
    return revisions;
  };
  const std::vector<int64_t> first = scan(/*delete_after_first_page=*/200);
  // Revisions 1..300 but the two deleted (10, and 200 after the first page).
  EXPECT_EQ(first.size(), static_cast<size_t>(kDocs - 2));
  EXPECT_EQ(first, expected());
  EXPECT_EQ(store.scan_row_reads(), 1);
  const std::vector<int64_t> second = scan(0);
  EXPECT_EQ(second, expected());
  EXPECT_EQ(store.scan_row_reads(), 1);
  // The history moves on past the rows read: the next scan reads them anew.
  std::vector<v1::Extraction> more;
  for (int64_t n = kDocs + 1; n <= kDocs + 60; ++n) more.push_back(MakeNumberedExtraction(n));
  ASSERT_TRUE(testing::CreateAndWait(store, std::move(more)).ok());
  const std::vector<int64_t> third = scan(0);
  EXPECT_EQ(third, expected());
  EXPECT_EQ(third.size(), static_cast<size_t>(kDocs - 2 + 60));
  EXPECT_EQ(store.scan_row_reads(), 2);
}

// A scan paging through the compacted history keeps the rows it began
// with when another scan runs through to the end meanwhile: the first
// scan's later pages find the list still in place and read no more of
// docs than the first page did, and both read every document once, in
// revision order.
TEST_F(PostgresStoreTest, AScanPagingThroughACompactedHistoryKeepsTheListAnotherScanFinished) {
  PostgresStoreOptions options = Options();
  options.history_limit = 50;
  auto opened = PostgresStore::Open(options);
  ASSERT_TRUE(opened.ok()) << opened.status();
  PostgresStore& store = **opened;
  constexpr int64_t kDocs = 300;
  ASSERT_NO_FATAL_FAILURE(CreateNumberedInBatchesOf100(store, kDocs));
  auto admin = pg::Connection::Open(url_, 5);
  ASSERT_TRUE(admin.ok());
  auto state = (*admin)->Exec("SELECT compacted FROM revision_counter");
  ASSERT_TRUE(state.ok()) << state.status();
  const int64_t compacted = state->Int(0, 0);
  ASSERT_GE(compacted, 100);
  std::vector<int64_t> expected;
  for (int64_t r = 1; r <= kDocs; ++r) expected.push_back(r);

  // Pages one scan on from `after` until it reaches revision `until`.
  auto pages = [&store](int64_t& after, std::vector<int64_t>& revisions, int page_size,
                        int64_t until) {
    while (after < until) {
      auto page = store.ScanDocuments(after, page_size);
      EXPECT_TRUE(page.ok()) << page.status();
      if (!page.ok() || page->empty() || revisions.size() > kDocs) return;
      for (const v1::CatalogDocument& d : *page) revisions.push_back(d.revision());
      after = page->back().revision();
    }
  };
  int64_t a_after = 0;
  std::vector<int64_t> a;
  pages(a_after, a, 9, compacted / 2);
  ASSERT_GE(a_after, compacted / 2);
  ASSERT_LT(a_after, compacted);
  ASSERT_EQ(store.scan_row_reads(), 1);
  // Another scan from the start through to the end.
  int64_t b_after = 0;
  std::vector<int64_t> b;
  pages(b_after, b, 13, std::numeric_limits<int64_t>::max());
  EXPECT_EQ(b, expected);
  EXPECT_EQ(store.scan_row_reads(), 1) << "the second scan read docs again";
  // The first goes on through the rest of the compacted stretch and the
  // history: no more passes over docs.
  pages(a_after, a, 9, std::numeric_limits<int64_t>::max());
  EXPECT_EQ(a, expected);
  EXPECT_EQ(store.scan_row_reads(), 1) << "a page after the other scan's end read docs again";
}

// Whether the statement observer of the concurrent scans' test holds the
// thread that ran the statement (set on that scan's thread alone).
thread_local bool hold_this_scan = false;

// Scans through the compacted history share the rows one of them read but
// never wait on each other's reads: a scan held by the database just after
// it read those rows (here, by the statement observer, on its own thread)
// leaves another scan free to read them itself and page through to the
// end. Both, and four more scanning at once with pages of other sizes,
// return every document once, in revision order.
TEST_F(PostgresStoreTest, ConcurrentScansOfACompactedHistoryDoNotWaitOnEachOther) {
  absl::Mutex mu;
  bool held = false, released = false;
  std::atomic<PostgresStore*> observed{nullptr};
  PostgresStoreOptions options = Options();
  options.history_limit = 50;
  options.max_connections = 12;
  options.statement_observer = [&](bool, absl::Duration, const absl::Status&) {
    PostgresStore* store = observed.load();
    // The first statement of the held scan after it began reading the
    // rows: that read itself.
    if (!hold_this_scan || store == nullptr || store->scan_row_reads() == 0) return;
    hold_this_scan = false;
    absl::MutexLock lock(&mu);
    held = true;
    mu.Await(absl::Condition(&released));
  };
  auto opened = PostgresStore::Open(options);
  ASSERT_TRUE(opened.ok()) << opened.status();
  PostgresStore& store = **opened;
  constexpr int64_t kDocs = 300;
  ASSERT_NO_FATAL_FAILURE(CreateNumberedInBatchesOf100(store, kDocs));
  DeleteRequest early;
  early.id = MakeNumberedExtraction(10).document().content_hash();
  ASSERT_TRUE(testing::DeleteAndWait(store, early).ok());
  auto admin = pg::Connection::Open(url_, 5);
  ASSERT_TRUE(admin.ok());
  auto state = (*admin)->Exec("SELECT compacted FROM revision_counter");
  ASSERT_TRUE(state.ok()) << state.status();
  ASSERT_EQ(state->Int(0, 0), kDocs + 1 - 50);
  std::vector<int64_t> expected;
  {
    auto r = (*admin)->Exec("SELECT revision FROM docs ORDER BY revision");
    ASSERT_TRUE(r.ok()) << r.status();
    for (int i = 0; i < r->rows(); ++i) expected.push_back(r->Int(i, 0));
  }
  ASSERT_EQ(expected.size(), static_cast<size_t>(kDocs - 1));
  // Every revision a scan from 0 reads, page by page; its first error.
  auto scan = [&store](int page_size) -> absl::StatusOr<std::vector<int64_t>> {
    std::vector<int64_t> revisions;
    for (int64_t after = 0;;) {
      auto page = store.ScanDocuments(after, page_size);
      if (!page.ok()) return page.status();
      if (page->empty() || revisions.size() > kDocs) break;
      for (const v1::CatalogDocument& d : *page) revisions.push_back(d.revision());
      after = page->back().revision();
    }
    return revisions;
  };
  observed = &store;

  auto first = std::async(std::launch::async, [&] {
    hold_this_scan = true;
    return scan(7);
  });
  bool first_held = false;
  {
    absl::MutexLock lock(&mu);
    first_held = mu.AwaitWithTimeout(absl::Condition(&held), absl::Seconds(60));
    // Not held in time: let it go, so that the scan ends and `first`'s
    // destructor does not wait forever.
    if (!first_held) released = true;
  }
  if (!first_held) FAIL() << "the first scan never read the rows";
  // The first scan is held just after its read of the rows: another runs
  // through to the end meanwhile.
  auto second = std::async(std::launch::async, [&] { return scan(11); });
  const bool second_ended = second.wait_for(std::chrono::seconds(120)) == std::future_status::ready;
  EXPECT_TRUE(second_ended) << "a scan waited for another scan's read";
  {
    absl::MutexLock lock(&mu);
    released = true;
  }
  auto second_read = second.get();
  ASSERT_TRUE(second_read.ok()) << second_read.status();
  EXPECT_EQ(*second_read, expected);
  auto first_read = first.get();
  ASSERT_TRUE(first_read.ok()) << first_read.status();
  EXPECT_EQ(*first_read, expected);
  // Each read the rows itself: the second found none it could use.
  EXPECT_EQ(store.scan_row_reads(), 2);

  // Several at once, pages of different sizes: each its own whole scan.
  std::vector<std::future<absl::StatusOr<std::vector<int64_t>>>> scans;
  for (int page_size : {3, 5, 13, 40}) {
    scans.push_back(std::async(std::launch::async, [&scan, page_size] {
      absl::StatusOr<std::vector<int64_t>> last;
      for (int round = 0; round < 3; ++round) {
        last = scan(page_size);
        if (!last.ok()) break;
      }
      return last;
    }));
  }
  for (auto& f : scans) {
    auto read = f.get();
    ASSERT_TRUE(read.ok()) << read.status();
    EXPECT_EQ(*read, expected);
  }
  // They all paged through the list already in place.
  EXPECT_EQ(store.scan_row_reads(), 2);
}

// A replica reads the newest revisions of the history its searches look
// their candidates up in once, in the background, after it starts (ADR
// 0070): until then a search reads at most cold_history_read revisions of
// it and the revisions of its other candidates from their documents. The
// answers are the same: a replica whose background read is off (256
// revisions at most, while the newest 1,000 matches span 2,000), one whose
// read has ended, and the replica that wrote the documents give the same
// pages; only the cold one read revisions from the documents.
TEST_F(PostgresStoreTest, AReplicaJustStartedSearchesAsAWarmOneDoes) {
  std::unique_ptr<PostgresStore> writer = Open();
  ASSERT_NE(writer, nullptr);
  auto c = pg::Connection::Open(url_, 5);
  ASSERT_TRUE(c.ok()) << c.status();
  CreateWithWords(*writer, **c, 2400,
                  [](int64_t n) { return n % 2 == 1 ? "Sparseword and more." : "Otherword."; });
  auto pages = [](PostgresStore& on) {
    std::vector<std::string> results;
    for (int offset : {0, 40, 960}) {
      SearchQuery q;
      q.query = "sparseword";
      q.limit = 40;
      q.offset = offset;
      auto page = on.SearchDocuments(q);
      EXPECT_TRUE(page.ok()) << page.status();
      if (!page.ok()) continue;
      EXPECT_EQ(page->results.size(), 40u);
      for (const v1::SearchResult& r : page->results) results.push_back(r.SerializeAsString());
    }
    return results;
  };
  const std::vector<std::string> written = pages(*writer);
  ASSERT_EQ(written.size(), 120u);

  PostgresStoreOptions cold_options = Options();
  cold_options.warm_history = false;
  cold_options.cold_history_read = 256;
  auto cold = PostgresStore::Open(cold_options);
  ASSERT_TRUE(cold.ok()) << cold.status();
  EXPECT_FALSE((*cold)->history_warm());
  EXPECT_EQ(pages(**cold), written);
  EXPECT_GT((*cold)->search_looks().revisions_read, 500);
  // The cold replica's searches read the newest revisions of `changes`
  // themselves; the warm one's found every one it needed held by the
  // background read (were that read to hold nothing, its searches would read
  // them here, and revisions_read stay 0 all the same).
  EXPECT_GT((*cold)->search_looks().history_read, 0);

  auto warm = PostgresStore::Open(Options());
  ASSERT_TRUE(warm.ok()) << warm.status();
  for (int i = 0; i < 1000 && !(*warm)->history_warm(); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  ASSERT_TRUE((*warm)->history_warm());
  EXPECT_EQ(pages(**warm), written);
  EXPECT_EQ((*warm)->search_looks().revisions_read, 0);
  EXPECT_EQ((*warm)->search_looks().history_read, 0);
}

TEST_F(PostgresStoreTest, AVersionFourDatabaseGivesNewRowIdsAboveEveryOldOne) {
  {
    std::unique_ptr<PostgresStore> store = Open();
    ASSERT_NE(store, nullptr);
    for (int64_t n = 1; n <= 5; ++n) ASSERT_TRUE(Create(*store, n).ok());
    // The newest document deleted: its row id (5) is above every row left.
    DeleteRequest request;
    request.id = MakeNumberedExtraction(5).document().content_hash();
    ASSERT_TRUE(testing::DeleteAndWait(*store, request).ok());
  }
  auto c = pg::Connection::Open(url_, 5);
  ASSERT_TRUE(c.ok()) << c.status();
  // Back to schema version 4, whose row ids were the creating revisions.
  ASSERT_TRUE((*c)->Run("CREATE INDEX persons_doc ON persons(doc); "
                        "CREATE INDEX positions_doc ON positions(doc); "
                        "CREATE INDEX orgs_doc ON orgs(doc); "
                        "CREATE INDEX participants_doc_role ON participants(doc, role, key); "
                        "ALTER TABLE persons ADD FOREIGN KEY (doc) REFERENCES docs(rowid) "
                        "ON DELETE CASCADE; "
                        "ALTER TABLE positions ADD FOREIGN KEY (doc) REFERENCES docs(rowid) "
                        "ON DELETE CASCADE; "
                        "ALTER TABLE orgs ADD FOREIGN KEY (doc) REFERENCES docs(rowid) "
                        "ON DELETE CASCADE; "
                        "ALTER TABLE events ADD FOREIGN KEY (doc) REFERENCES docs(rowid) "
                        "ON DELETE CASCADE; "
                        "ALTER TABLE participants ADD FOREIGN KEY (doc) REFERENCES docs(rowid) "
                        "ON DELETE CASCADE; "
                        "ALTER TABLE search_rows ADD FOREIGN KEY (rowid) REFERENCES docs(rowid) "
                        "ON DELETE CASCADE; "
                        "DROP SEQUENCE docs_rowid_seq; ALTER TABLE docs RESET (fillfactor); "
                        "DROP TABLE pending_docs; DROP TABLE pending_requests; "
                        "ALTER TABLE requests DROP COLUMN doc_rows, DROP COLUMN revisions; "
                        "DELETE FROM readout_schema WHERE version > 4")
                  .ok());
  std::unique_ptr<PostgresStore> store = Open();
  ASSERT_NE(store, nullptr);
  auto created = Create(*store, 6);
  ASSERT_TRUE(created.ok()) << created.status();
  EXPECT_EQ(created->responses(0).document().revision(), 7);  // After the delete's 6.
  auto row = (*c)->Exec("SELECT rowid, revision FROM docs WHERE id = $1",
                        {pg::Param::Text(MakeNumberedExtraction(6).document().content_hash())});
  ASSERT_TRUE(row.ok() && row->rows() == 1);
  EXPECT_GT(row->Int(0, 0), 6);  // Never the deleted document's row id again.
  EXPECT_EQ(row->Int(0, 1), 7);
  auto options = (*c)->Exec("SELECT reloptions::text FROM pg_class WHERE relname = 'docs'");
  ASSERT_TRUE(options.ok());
  EXPECT_EQ(options->Text(0, 0), "{fillfactor=50}");
  auto changes = store->ReadChanges(6, 10);
  ASSERT_TRUE(changes.ok()) << changes.status();
  ASSERT_EQ(changes->changes.size(), 2u);
  EXPECT_EQ(changes->changes[1].revision(), 7);
  EXPECT_EQ(changes->changes[1].document().etag(), created->responses(0).document().etag());
}

// Polls `sql` (one integer) on `c` until it gives `want`, for up to 10 s.
bool AwaitCount(pg::Connection& c, const std::string& sql, int64_t want) {
  for (int i = 0; i < 1000; ++i) {
    auto r = c.Exec(sql);
    if (r.ok() && r->rows() > 0 && r->Int(0, 0) == want) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return false;
}

// Waits until `want` sessions of the database at `url` wait for a lock.
// Asked on a connection of its own: a session inside a transaction (the
// one holding the counter) sees pg_stat_activity as it was at its first
// look in that transaction.
bool AwaitLockWaiters(const std::string& url, int64_t want) {
  auto watcher = pg::Connection::Open(url, 5);
  return watcher.ok() && AwaitCount(**watcher,
                                    "SELECT count(*) FROM pg_stat_activity WHERE datname = "
                                    "current_database() AND wait_event_type = 'Lock'",
                                    want);
}

// A create that finds the revision counter locked by another transaction
// commits its rows as pending (ADR 0052): the document is in the database
// but no read shows it, and the create has not returned; once the lock is
// free, the create's second transaction numbers it, and it returns with
// the next revision, then visible to every read and once in the feed.
TEST_F(PostgresStoreTest, ACreateThatFindsTheCounterLockedIsInvisibleUntilNumbered) {
  std::unique_ptr<PostgresStore> store = Open();
  ASSERT_NE(store, nullptr);
  testing::SyntheticDocument first;
  first.body = "The council met on the river works.";
  first.people = {{"Hana Okafor", "governor", "river council"}};
  ASSERT_TRUE(testing::CreateAndWait(*store, {testing::MakeExtraction(first)}).ok());
  testing::SyntheticDocument second;
  second.title = "Xylophone fund meeting held";
  second.body = "Delegates discussed the xylophone fund.";
  second.people = {{"Hana Okafor", "ambassador", "river council"},
                   {"Zed Pendle", "envoy", "lake board"}};
  v1::Extraction second_record = testing::MakeExtraction(second);
  const std::string second_id = second_record.document().content_hash();

  auto holder = pg::Connection::Open(url_, 5);
  ASSERT_TRUE(holder.ok());
  ASSERT_TRUE((*holder)->Run("BEGIN; SELECT 1 FROM revision_counter FOR UPDATE").ok());
  auto pending = std::async(std::launch::async,
                            [&] { return testing::CreateAndWait(*store, {second_record}); });
  auto watcher = pg::Connection::Open(url_, 5);
  ASSERT_TRUE(watcher.ok());
  // Committed (another connection sees it), numbered not yet.
  ASSERT_TRUE(AwaitCount(**watcher,
                         absl::StrCat("SELECT count(*) FROM pending_docs p JOIN docs d ON "
                                      "d.rowid = p.rowid WHERE d.revision = 0 AND d.id = '",
                                      second_id, "'"),
                         1));
  EXPECT_EQ(pending.wait_for(std::chrono::milliseconds(200)), std::future_status::timeout);

  // Invisible to every read.
  EXPECT_EQ(ErrorReason(store->GetDocument(second_id).status()), "DOCUMENT_NOT_FOUND");
  auto count_listed = [&](const std::string& filter_text, DocumentOrder order) -> int {
    std::optional<FilterExpr> filter;
    if (!filter_text.empty()) {
      auto parsed = ParseFilter(filter_text, DocumentFilterSchema());
      EXPECT_TRUE(parsed.ok()) << parsed.status();
      if (parsed.ok()) filter = std::move(*parsed);
    }
    DocumentQuery query;
    query.filter = filter.has_value() ? &*filter : nullptr;
    query.order = order;
    auto page = store->ListDocuments(query);
    EXPECT_TRUE(page.ok()) << page.status();
    return page.ok() ? static_cast<int>(page->documents.size()) : -1;
  };
  EXPECT_EQ(count_listed("", DocumentOrder::kCreateTime), 1);
  EXPECT_EQ(count_listed("", DocumentOrder::kEventDate), 1);
  EXPECT_EQ(count_listed("location = \"Riverton\"", DocumentOrder::kEventDate), 1);
  EXPECT_EQ(count_listed("person = \"Zed Pendle\"", DocumentOrder::kEventDate), 0);
  EXPECT_EQ(count_listed("person = \"Hana Okafor\"", DocumentOrder::kEventDate), 1);
  EXPECT_EQ(count_listed("title:ambassador", DocumentOrder::kCreateTime), 0);
  SearchQuery search;
  search.query = "xylophone";
  auto found = store->SearchDocuments(search);
  ASSERT_TRUE(found.ok()) << found.status();
  EXPECT_TRUE(found->results.empty());
  PeopleQuery people;
  auto listed_people = store->ListPeople(people);
  ASSERT_TRUE(listed_people.ok()) << listed_people.status();
  ASSERT_EQ(listed_people->people.size(), 1u);
  EXPECT_EQ(listed_people->people[0].document_count(), 1);
  EXPECT_EQ(std::vector<std::string>(listed_people->people[0].titles().begin(),
                                     listed_people->people[0].titles().end()),
            std::vector<std::string>{"governor"});
  auto ambassador = ParseFilter("title = \"ambassador\"", PeopleFilterSchema());
  ASSERT_TRUE(ambassador.ok() && ambassador->has_value());
  people.filter = &**ambassador;
  auto by_title = store->ListPeople(people);
  ASSERT_TRUE(by_title.ok()) << by_title.status();
  EXPECT_TRUE(by_title->people.empty());
  EXPECT_EQ(ErrorReason(store->GetPerson("zed-pendle", kWaitForIndex).status()),
            "PERSON_NOT_FOUND");
  auto hana = store->GetPerson("hana-okafor", kWaitForIndex);
  ASSERT_TRUE(hana.ok()) << hana.status();
  EXPECT_EQ(hana->document_count(), 1);
  EXPECT_EQ(hana->titles_size(), 1);
  EXPECT_EQ(hana->timeline_size(), 1);
  auto feed = store->ReadChanges(1, 10);
  ASSERT_TRUE(feed.ok()) << feed.status();
  EXPECT_EQ(feed->changes.size(), 1u);
  EXPECT_EQ(feed->current_revision, 1);
  auto scanned = store->ScanDocuments(0, 10);
  ASSERT_TRUE(scanned.ok()) << scanned.status();
  EXPECT_EQ(scanned->size(), 1u);
  auto verified = store->Verify(VerifyOptions());
  ASSERT_TRUE(verified.ok()) << verified.status();
  EXPECT_EQ(verified->documents_checked, 1);

  // The lock released: numbered, returned, visible, in the feed once.
  ASSERT_TRUE((*holder)->Run("COMMIT").ok());
  auto created = pending.get();
  ASSERT_TRUE(created.ok()) << created.status();
  EXPECT_TRUE(created->responses(0).created());
  EXPECT_EQ(created->responses(0).document().revision(), 2);
  auto got = store->GetDocument(second_id);
  ASSERT_TRUE(got.ok()) << got.status();
  EXPECT_EQ(got->revision(), 2);
  EXPECT_EQ(got->etag(), created->responses(0).document().etag());
  EXPECT_EQ(count_listed("person = \"Zed Pendle\"", DocumentOrder::kEventDate), 1);
  EXPECT_EQ(count_listed("title:ambassador", DocumentOrder::kCreateTime), 1);
  found = store->SearchDocuments(search);
  ASSERT_TRUE(found.ok()) << found.status();
  EXPECT_EQ(found->results.size(), 1u);
  hana = store->GetPerson("hana-okafor", kWaitForIndex);
  ASSERT_TRUE(hana.ok()) << hana.status();
  EXPECT_EQ(hana->document_count(), 2);
  EXPECT_TRUE(store->GetPerson("zed-pendle", kWaitForIndex).ok());
  feed = store->ReadChanges(1, 10);
  ASSERT_TRUE(feed.ok()) << feed.status();
  ASSERT_EQ(feed->changes.size(), 2u);
  EXPECT_EQ(feed->changes[0].revision(), 1);
  EXPECT_EQ(feed->changes[1].revision(), 2);
  EXPECT_EQ(feed->changes[1].name(), DocumentName(second_id));
  EXPECT_EQ(feed->changes[1].document().etag(), got->etag());
  EXPECT_TRUE(AwaitCount(**watcher, "SELECT count(*) FROM pending_docs", 0));
  EXPECT_EQ(store->pending_creates(), 1);
}

// A replica whose create committed its rows as pending and then lost its
// connection (as a replica killed between the two transactions does):
// another replica numbers the rows within seconds, with the next revision,
// and a retry of the create, with a request id or without, finds the one
// document rather than making a second.
TEST_F(PostgresStoreTest, RowsLeftPendingByALostWriterAreNumberedByAnotherReplica) {
  std::unique_ptr<pg::Connection> holder;
  ASSERT_NO_FATAL_FAILURE(LoseAWriterAfterItsPendingCommit("", holder));
  ASSERT_TRUE(holder->Run("COMMIT").ok());
  std::unique_ptr<PostgresStore> b = Open();
  ASSERT_NE(b, nullptr);
  const std::string id = MakeNumberedExtraction(2).document().content_hash();
  absl::StatusOr<v1::CatalogDocument> numbered = absl::NotFoundError("not yet");
  for (int i = 0; i < 100 && !numbered.ok(); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    numbered = b->GetDocument(id);
  }
  ASSERT_TRUE(numbered.ok()) << numbered.status();
  EXPECT_EQ(numbered->revision(), 2);
  for (const std::string request_id : {"", "retry-of-2"}) {
    auto retried = Create(*b, 2, request_id);
    ASSERT_TRUE(retried.ok()) << retried.status();
    EXPECT_FALSE(retried->responses(0).created());
    EXPECT_EQ(retried->responses(0).document().revision(), 2);
  }
  auto feed = b->ReadChanges(1, 10);
  ASSERT_TRUE(feed.ok()) << feed.status();
  ASSERT_EQ(feed->changes.size(), 2u);
  EXPECT_EQ(feed->changes[1].revision(), 2);
  auto docs = holder->Exec("SELECT count(*) FROM docs");
  ASSERT_TRUE(docs.ok());
  EXPECT_EQ(docs->Int(0, 0), 2);
}

// A create that finds its document unnumbered on every try (here a row a
// writer left at revision 0 without listing it pending, which no numbering
// ever gives a revision) gives up after the third: UNAVAILABLE, with a
// message that says so, never an OK without a response or an UNKNOWN.
TEST_F(PostgresStoreTest, ACreateThatKeepsFindingItsDocumentUnnumberedIsUnavailable) {
  std::unique_ptr<PostgresStore> store = Open();
  ASSERT_NE(store, nullptr);
  ASSERT_TRUE(Create(*store, 1).ok());
  auto admin = pg::Connection::Open(url_, 5);
  ASSERT_TRUE(admin.ok());
  ASSERT_TRUE((*admin)->Run("UPDATE docs SET revision = 0").ok());
  for (const std::string request_id : {"", "stuck-1"}) {
    auto again = Create(*store, 1, request_id);
    ASSERT_FALSE(again.ok()) << request_id;
    EXPECT_EQ(again.status().code(), absl::StatusCode::kUnavailable) << again.status();
    EXPECT_NE(again.status().message().find("another writer"), absl::string_view::npos)
        << again.status();
  }
  // Nothing was written by the tries, and the store still serves.
  auto counted = (*admin)->Exec("SELECT count(*) FROM docs");
  ASSERT_TRUE(counted.ok());
  EXPECT_EQ(counted->Int(0, 0), 1);
  auto other = Create(*store, 2);
  ASSERT_TRUE(other.ok()) << other.status();
  EXPECT_EQ(other->responses(0).document().revision(), 2);
}

// While another transaction holds the revision counter with a row pending
// for longer than the listener's sweep waits, the listener still delivers
// notifications: its sweep numbers pending rows only if the lock is free
// (the holder numbers them anyway), and never queues on it.
TEST_F(PostgresStoreTest, TheListenerDeliversNotificationsWhileTheCounterIsHeld) {
  PostgresStoreOptions options = Options();
  options.statement_timeout_ms = 120000;  // A sweep queued on the lock would block this long.
  auto opened = PostgresStore::Open(options);
  ASSERT_TRUE(opened.ok()) << opened.status();
  std::unique_ptr<PostgresStore> store = std::move(*opened);
  ASSERT_TRUE(Create(*store, 1).ok());
  absl::Mutex mu;
  int64_t heard = 0;
  const int64_t handle = store->AddCommitListener([&](int64_t revision) {
    absl::MutexLock lock(&mu);
    heard = std::max(heard, revision);
  });
  auto holder = pg::Connection::Open(url_, 5);
  ASSERT_TRUE(holder.ok());
  ASSERT_TRUE((*holder)->Run("BEGIN; SELECT 1 FROM revision_counter FOR UPDATE").ok());
  auto pending = std::async(std::launch::async, [&] { return Create(*store, 2); });
  ASSERT_TRUE(AwaitCount(**holder, "SELECT count(*) FROM pending_docs", 1));
  // The row has been the oldest pending for longer than the sweep's second
  // (the listener polls every second).
  std::this_thread::sleep_for(std::chrono::seconds(4));
  auto notifier = pg::Connection::Open(url_, 5);
  ASSERT_TRUE(notifier.ok());
  ASSERT_TRUE((*notifier)->Run("SELECT pg_notify('readout_catalog_changes', '2')").ok());
  bool delivered = false;
  {
    absl::MutexLock lock(&mu);
    delivered = mu.AwaitWithTimeout(absl::Condition(
                                        +[](int64_t* h) { return *h >= 2; }, &heard),
                                    absl::Seconds(20));
  }
  EXPECT_TRUE(delivered) << "the notification waited for the counter's lock";
  ASSERT_TRUE((*holder)->Run("COMMIT").ok());
  auto created = pending.get();
  ASSERT_TRUE(created.ok()) << created.status();
  EXPECT_EQ(created->responses(0).document().revision(), 2);
  store->RemoveCommitListener(handle);
}

// A delete of a document whose create is still pending (another
// transaction holds the counter) waits for the lock, and numbers the
// pending create before it deletes: the feed shows the create, then the
// delete, gapless, and both callers get their answers.
TEST_F(PostgresStoreTest, ADeleteOfAPendingDocumentFollowsItsCreate) {
  std::unique_ptr<PostgresStore> a, b;
  ASSERT_NO_FATAL_FAILURE(OpenTwo(a, b));
  ASSERT_TRUE(Create(*a, 1).ok());
  auto holder = pg::Connection::Open(url_, 5);
  ASSERT_TRUE(holder.ok());
  ASSERT_TRUE((*holder)->Run("BEGIN; SELECT 1 FROM revision_counter FOR UPDATE").ok());
  auto pending = std::async(std::launch::async, [&] { return Create(*a, 2); });
  ASSERT_TRUE(AwaitCount(**holder, "SELECT count(*) FROM pending_docs", 1));
  const std::string id = MakeNumberedExtraction(2).document().content_hash();
  DeleteRequest request;
  request.id = id;
  auto deleted =
      std::async(std::launch::async, [&] { return testing::DeleteAndWait(*b, request); });
  // The delete waits for the counter's lock.
  ASSERT_TRUE(AwaitLockWaiters(url_, 1));
  ASSERT_TRUE((*holder)->Run("COMMIT").ok());
  auto created = pending.get();
  ASSERT_TRUE(created.ok()) << created.status();
  EXPECT_TRUE(created->responses(0).created());
  EXPECT_EQ(created->responses(0).document().revision(), 2);
  absl::Status gone = deleted.get();
  EXPECT_TRUE(gone.ok()) << gone;
  auto feed = a->ReadChanges(1, 10);
  ASSERT_TRUE(feed.ok()) << feed.status();
  ASSERT_EQ(feed->changes.size(), 3u);
  for (int i = 0; i < 3; ++i) EXPECT_EQ(feed->changes[i].revision(), i + 1);
  EXPECT_EQ(feed->changes[1].type(), v1::CHANGE_TYPE_CREATED);
  EXPECT_EQ(feed->changes[1].name(), DocumentName(id));
  EXPECT_EQ(feed->changes[2].type(), v1::CHANGE_TYPE_DELETED);
  EXPECT_EQ(feed->changes[2].name(), DocumentName(id));
  EXPECT_EQ(ErrorReason(a->GetDocument(id).status()), "DOCUMENT_NOT_FOUND");
  EXPECT_TRUE(AwaitCount(**holder, "SELECT count(*) FROM pending_docs", 0));
}

// The side tables a document's rows go to, each with its document column.
const char* const kSideTables[][2] = {{"persons", "doc"},        {"positions", "doc"},
                                      {"orgs", "doc"},           {"events", "doc"},
                                      {"participants", "doc"},   {"search_rows", "rowid"},
                                      {"pending_docs", "rowid"}, {"docs", "rowid"}};

// Rows of each of kSideTables: of row `row` when positive, else of all.
// What SideRows gives for a document with no row left in any table.
std::map<std::string, int64_t> NoRowsInAnyTable() {
  return {{"docs", 0},         {"events", 0},  {"orgs", 0},      {"participants", 0},
          {"pending_docs", 0}, {"persons", 0}, {"positions", 0}, {"search_rows", 0}};
}

std::map<std::string, int64_t> SideRows(pg::Connection& c, int64_t row = 0) {
  std::map<std::string, int64_t> counts;
  for (const auto& [table, column] : kSideTables) {
    auto n = c.Exec(absl::StrCat("SELECT count(*) FROM ", table,
                                 row > 0 ? absl::StrCat(" WHERE ", column, " = ", row) : ""));
    EXPECT_TRUE(n.ok()) << n.status();
    counts[table] = n.ok() ? n->Int(0, 0) : -1;
  }
  return counts;
}

// MakeNumberedExtraction(n) naming its people, titles, organizations and
// participants more than once: its first person twice in people (the same
// position twice), a second event repeating the first with its
// participants, the first participant twice in the first event with the
// same role and once more with another role.
v1::Extraction WithRepeatedKeys(int64_t n) {
  v1::Extraction x = MakeNumberedExtraction(n);
  *x.add_people() = x.people(0);
  *x.add_organizations() = x.organizations(0);
  *x.add_events() = x.events(0);
  v1::Event* first = x.mutable_events(0);
  *first->add_participants() = first->participants(0);
  v1::Participant* other = first->add_participants();
  *other = first->participants(0);
  other->set_role(other->role() == v1::PARTICIPANT_ROLE_MET ? v1::PARTICIPANT_ROLE_SPOKE
                                                            : v1::PARTICIPANT_ROLE_MET);
  return x;
}

// Deletes take a document's rows out of every side table, found by the keys
// its row lists (schema version 8, no foreign key cascades), and no row of
// another document naming the same people, titles and organizations: also
// for a document that names each more than once, for a pending one, and
// for one created again after its delete.
TEST_F(PostgresStoreTest, ADeleteLeavesNoRowOfItsDocumentInAnySideTable) {
  std::unique_ptr<PostgresStore> store = Open();
  ASSERT_NE(store, nullptr);
  auto c = pg::Connection::Open(url_, 5);
  ASSERT_TRUE(c.ok()) << c.status();
  // No cascade would hide a row a delete left behind.
  auto keys = (*c)->Exec(
      "SELECT count(*) FROM pg_constraint WHERE contype = 'f' AND connamespace = "
      "current_schema()::regnamespace");
  ASSERT_TRUE(keys.ok()) << keys.status();
  EXPECT_EQ(keys->Int(0, 0), 0);
  // Documents 1 to 24 share people, titles and organizations (the names
  // cycle through short lists); 25 repeats them within itself.
  std::vector<v1::Extraction> batch;
  for (int64_t n = 1; n <= 24; ++n) batch.push_back(MakeNumberedExtraction(n));
  batch.push_back(WithRepeatedKeys(25));
  ASSERT_TRUE(testing::CreateAndWait(*store, std::move(batch)).ok());
  auto row_of = [&](const v1::Extraction& x) -> int64_t {
    auto r = (*c)->Exec("SELECT rowid FROM docs WHERE id = $1",
                        {pg::Param::Text(x.document().content_hash())});
    EXPECT_TRUE(r.ok() && r->rows() == 1);
    return r.ok() && r->rows() == 1 ? r->Int(0, 0) : -1;
  };
  const v1::Extraction repeated = WithRepeatedKeys(25);
  const int64_t repeated_row = row_of(repeated);
  std::map<std::string, int64_t> own = SideRows(**c, repeated_row);
  // The repeats are rows of their own (positions and participants have no
  // unique key); persons and orgs hold each once.
  EXPECT_EQ(own["persons"], 3);
  EXPECT_EQ(own["positions"], 4);
  EXPECT_EQ(own["events"], 2);
  EXPECT_EQ(own["participants"], 5 + 3);
  std::map<std::string, int64_t> before = SideRows(**c);
  std::map<std::string, int64_t> gone = own;
  for (int64_t n : {3, 11}) {
    for (auto& [table, count] : SideRows(**c, row_of(MakeNumberedExtraction(n)))) {
      gone[table] += count;
    }
  }
  for (const v1::Extraction& x :
       {repeated, MakeNumberedExtraction(3), MakeNumberedExtraction(11)}) {
    DeleteRequest request;
    request.id = x.document().content_hash();
    ASSERT_TRUE(testing::DeleteAndWait(*store, request).ok());
  }
  EXPECT_EQ(SideRows(**c, repeated_row), NoRowsInAnyTable());
  std::map<std::string, int64_t> after = SideRows(**c);
  for (const auto& [table, count] : before) {
    EXPECT_EQ(after[table], count - gone[table]) << table;
  }
  // Created again, its rows committed pending while the counter was locked,
  // then numbered: the same rows as before, and its delete takes them out.
  auto holder = pg::Connection::Open(url_, 5);
  ASSERT_TRUE(holder.ok());
  ASSERT_TRUE((*holder)->Run("BEGIN; SELECT 1 FROM revision_counter FOR UPDATE").ok());
  auto pending =
      std::async(std::launch::async, [&] { return testing::CreateAndWait(*store, {repeated}); });
  ASSERT_TRUE(AwaitCount(**holder, "SELECT count(*) FROM pending_docs", 1));
  ASSERT_TRUE((*holder)->Run("COMMIT").ok());
  ASSERT_TRUE(pending.get().ok());
  EXPECT_EQ(SideRows(**c, row_of(repeated)), own) << "created again";
  DeleteRequest request;
  request.id = repeated.document().content_hash();
  ASSERT_TRUE(testing::DeleteAndWait(*store, request).ok());
  EXPECT_EQ(SideRows(**c), after);
  // The people of the deleted documents: each counted in the documents
  // left only, none of the deleted in a timeline.
  const std::vector<v1::Extraction> deleted = {repeated, MakeNumberedExtraction(3),
                                               MakeNumberedExtraction(11)};
  for (const v1::Extraction& x : deleted) {
    for (const v1::Person& p : x.people()) {
      const std::string key = PersonKey(p.name());
      auto left = (*c)->Exec("SELECT count(*) FROM persons WHERE key = $1", {pg::Param::Text(key)});
      ASSERT_TRUE(left.ok()) << left.status();
      auto person = store->GetPerson(key, kWaitForIndex);
      if (left->Int(0, 0) == 0) {
        EXPECT_EQ(ErrorReason(person.status()), "PERSON_NOT_FOUND") << key;
        continue;
      }
      ASSERT_TRUE(person.ok()) << person.status();
      EXPECT_EQ(person->document_count(), left->Int(0, 0)) << key;
      for (const v1::TimelineEntry& entry : person->timeline()) {
        for (const v1::Extraction& d : deleted) {
          EXPECT_NE(entry.document(), DocumentName(d.document().content_hash()));
        }
      }
    }
  }
}

// A filter of a listing and the side rows whose documents it should list
// (or, negated, the documents of none of them).
struct ListingCase {
  const char* filter;
  const char* rows;  // The matching side rows' documents.
  bool negated;
};

// Pages through the listing of `k.filter` and expects exactly the
// documents the side rows name, in row order; the side rows over 2,000.
void ExpectListingOfSideRows(PostgresStore& store, pg::Connection& c, const ListingCase& k) {
  SCOPED_TRACE(k.filter);
  auto rows = c.Exec(absl::StrCat("SELECT count(*) FROM (", k.rows, ") m(doc)"));
  ASSERT_TRUE(rows.ok()) << rows.status();
  EXPECT_GE(rows->Int(0, 0), 2000);  // Broad: the documents' keys tested one by one.
  auto expected = c.Exec(absl::StrCat("SELECT id FROM docs WHERE rowid ",
                                      k.negated ? "NOT IN (" : "IN (", k.rows, ") ORDER BY rowid"));
  ASSERT_TRUE(expected.ok()) << expected.status();
  std::vector<std::string> want;
  for (int i = 0; i < expected->rows(); ++i) {
    want.push_back(DocumentName(std::string(expected->Text(i, 0))));
  }
  auto filter = ParseFilter(k.filter, DocumentFilterSchema());
  ASSERT_TRUE(filter.ok() && filter->has_value()) << filter.status();
  std::vector<std::string> listed;
  DocumentQuery q;
  q.filter = &**filter;
  q.limit = 300;
  for (;;) {
    auto page = store.ListDocuments(q);
    ASSERT_TRUE(page.ok()) << page.status();
    for (const v1::CatalogDocument& d : page->documents) listed.push_back(d.name());
    if (!page->more) break;
    q.has_cursor = true;
    q.after_key = page->last_key;
    q.after_row = page->last_row;
  }
  EXPECT_EQ(listed, want);
  EXPECT_GT(want.size(), 0u);
}

// Broad inexact filters (more than 2,000 matching side rows: a substring,
// a prefix) test each document's filter keys rather than a side table
// probed by document (schema version 8), and list exactly the documents
// whose side rows match.
TEST_F(PostgresStoreTest, BroadInexactFiltersListTheDocumentsTheirSideRowsName) {
  std::unique_ptr<PostgresStore> store = Open();
  ASSERT_NE(store, nullptr);
  for (int64_t first = 1; first <= 1000; first += 500) {
    std::vector<v1::Extraction> batch;
    for (int64_t n = first; n < first + 500; ++n) batch.push_back(MakeNumberedExtraction(n));
    ASSERT_TRUE(testing::CreateAndWait(*store, std::move(batch)).ok());
  }
  auto c = pg::Connection::Open(url_, 5);
  ASSERT_TRUE(c.ok()) << c.status();
  // Each over 2,000 side rows of the 1,000 documents' 3,000 people,
  // participants and positions and ~2,500 organization rows.
  const ListingCase cases[] = {
      {"person : \"n\"", "SELECT doc FROM persons WHERE key LIKE '%n%'", false},
      {"NOT person : \"n\"", "SELECT doc FROM persons WHERE key LIKE '%n%'", true},
      {"participant : \"n\"", "SELECT doc FROM participants WHERE key LIKE '%n%'", false},
      {"title : \"r\"", "SELECT doc FROM positions WHERE title_lc LIKE '%r%'", false},
      {"organization : \"o\"", "SELECT doc FROM orgs WHERE name_lc LIKE '%o%'", false},
  };
  for (const ListingCase& k : cases) ExpectListingOfSideRows(*store, **c, k);
}

// An invented document of many wards and wicks, or (every fourth) of
// none: five people of a pool of ten (most names hold an "n"), each
// titled and in an organization starting "Ward" (a steward's does not),
// five events in places holding "wick" (or none), two with every person
// taking part (four of them as met).
v1::Extraction WithManyWards(int64_t n) {
  static const char* const kNames[] = {"Nils Arden", "Anna Brandt", "Jon Lund",  "Ines Moreau",
                                       "Tomas Berg", "Karl Olsen",  "Lena Sund", "Piet Dunne",
                                       "Eva Holm",   "Rune Vik"};
  static const char* const kWardTitles[] = {"Warden", "Ward Clerk", "Wardmote Chair",
                                            "Warden Deputy", "Wardrobe Keeper"};
  static const char* const kOtherTitles[] = {"Steward", "Treasurer", "Harbour Master", "Mayor",
                                             "Bailiff"};
  static const char* const kWardOrgs[] = {"Ward Council", "Wardens Guild", "Ward Trust",
                                          "Wardmote Board", "Wardrobe Office"};
  static const char* const kOtherOrgs[] = {"Stewards Office", "Harbour Office", "Town Hall",
                                           "Mill Board", "Bridge Trust"};
  static const char* const kWickPlaces[] = {"Norwick", "Eastwick", "Wickham",
                                            "Alnwick", "Berwick",  "Keswick"};
  static const char* const kOtherPlaces[] = {"Dunmore", "Oxley", "Hamble",
                                             "Redcar",  "Selby", "Wakefield"};
  const bool wards = n % 4 != 0;
  const char* const* titles = wards ? kWardTitles : kOtherTitles;
  const char* const* orgs = wards ? kWardOrgs : kOtherOrgs;
  const char* const* places = wards ? kWickPlaces : kOtherPlaces;
  testing::SyntheticDocument doc;
  doc.title = absl::StrCat("Ward session ", n);
  doc.body = absl::StrCat("The wardens met for the ", n, "th time.");
  doc.location = places[n % 6];
  doc.year = 2015 + static_cast<int>(n % 10);
  doc.published_year = doc.year;
  for (int64_t i = 0; i < 5; ++i) {
    doc.people.push_back({kNames[(n + 2 * i) % 10], titles[(n + i) % 5], orgs[(n + i) % 5],
                          i < 4 ? v1::PARTICIPANT_ROLE_MET : v1::PARTICIPANT_ROLE_SPOKE});
  }
  v1::Extraction x = testing::MakeExtraction(doc);
  for (int64_t e = 1; e < 5; ++e) {
    v1::Event* more = x.add_events();
    *more = x.events(0);
    more->mutable_location()->set_name(places[(n + e) % 6]);
    if (e > 1) more->clear_participants();
  }
  return x;
}

// The broad inexact filters the test above does not reach, each over
// 2,000 matching side rows: a title or organization prefix, a participant
// of one role by substring, a location by substring. Each lists exactly
// the documents whose side rows match (or, negated, the others).
TEST_F(PostgresStoreTest, BroadPrefixRoleAndLocationFiltersListTheDocumentsTheirSideRowsName) {
  std::unique_ptr<PostgresStore> store = Open();
  ASSERT_NE(store, nullptr);
  for (int64_t first = 1; first <= 600; first += 300) {
    std::vector<v1::Extraction> batch;
    for (int64_t n = first; n < first + 300; ++n) batch.push_back(WithManyWards(n));
    ASSERT_TRUE(testing::CreateAndWait(*store, std::move(batch)).ok());
  }
  // Documents of none of them (no ward, no wick), some people with an "n".
  std::vector<v1::Extraction> others;
  for (int64_t n = 1; n <= 100; ++n) others.push_back(MakeNumberedExtraction(n));
  ASSERT_TRUE(testing::CreateAndWait(*store, std::move(others)).ok());
  auto c = pg::Connection::Open(url_, 5);
  ASSERT_TRUE(c.ok()) << c.status();
  // 600 documents, 450 of wards: 2,250 positions and organizations
  // starting "ward", 2,250 events in a "wick"; ~3,800 participants who met
  // with an "n".
  const ListingCase cases[] = {
      {"title = \"ward*\"", "SELECT doc FROM positions WHERE title_lc LIKE 'ward%'", false},
      {"NOT title = \"ward*\"", "SELECT doc FROM positions WHERE title_lc LIKE 'ward%'", true},
      {"organization = \"Ward*\"", "SELECT doc FROM orgs WHERE name_lc LIKE 'ward%'", false},
      {"participant.met : \"n\"", "SELECT doc FROM participants WHERE role = 5 AND key LIKE '%n%'",
       false},
      {"location : \"wick\"", "SELECT doc FROM events WHERE location_lc LIKE '%wick%'", false},
      {"NOT location : \"WICK\"", "SELECT doc FROM events WHERE location_lc LIKE '%wick%'", true},
  };
  for (const ListingCase& k : cases) ExpectListingOfSideRows(*store, **c, k);
}

// A create with a request id commits pending like any other when the
// counter is locked (ADR 0057), its request reserved without revisions:
// a concurrent retry of the request id on another replica finds the
// reservation and waits for the numbering rather than creating twice;
// one numbering gives another writer's pending create and the request its
// revisions, and the first writer, the concurrent retry and a retry after
// the numbering get one answer, the same bytes.
TEST_F(PostgresStoreTest, ARequestIdCreateCommitsPendingAndEveryRetryGetsItsAnswer) {
  std::unique_ptr<PostgresStore> a, b;
  ASSERT_NO_FATAL_FAILURE(OpenTwo(a, b));
  ASSERT_TRUE(Create(*a, 1).ok());
  auto holder = pg::Connection::Open(url_, 5);
  ASSERT_TRUE(holder.ok());
  ASSERT_TRUE((*holder)->Run("BEGIN; SELECT 1 FROM revision_counter FOR UPDATE").ok());
  auto pending = std::async(std::launch::async, [&] { return Create(*a, 2); });
  ASSERT_TRUE(AwaitCount(**holder, "SELECT count(*) FROM pending_docs", 1));
  auto with_id = std::async(std::launch::async, [&] { return Create(*b, 3, "request-3"); });
  // Committed pending, the request reserved without revisions.
  ASSERT_TRUE(AwaitCount(**holder, "SELECT count(*) FROM pending_docs", 2));
  ASSERT_TRUE(AwaitCount(**holder,
                         "SELECT count(*) FROM requests r JOIN pending_requests p ON p.id = r.id "
                         "WHERE r.id = 'request-3' AND r.revisions IS NULL AND "
                         "cardinality(r.doc_rows) = 1",
                         1));
  EXPECT_EQ(with_id.wait_for(std::chrono::milliseconds(100)), std::future_status::timeout);
  // A retry on the other replica meanwhile waits for the numbering.
  auto retry_meanwhile = std::async(std::launch::async, [&] { return Create(*a, 3, "request-3"); });
  ASSERT_TRUE(AwaitLockWaiters(url_, 1));
  EXPECT_EQ(retry_meanwhile.wait_for(std::chrono::milliseconds(100)), std::future_status::timeout);
  ASSERT_TRUE((*holder)->Run("COMMIT").ok());
  auto second = pending.get();
  ASSERT_TRUE(second.ok()) << second.status();
  EXPECT_EQ(second->responses(0).document().revision(), 2);
  auto third = with_id.get();
  ASSERT_TRUE(third.ok()) << third.status();
  EXPECT_TRUE(third->responses(0).created());
  EXPECT_EQ(third->responses(0).document().revision(), 3);
  EXPECT_EQ(third->responses(0).document().etag(), Etag(3));
  auto concurrent = retry_meanwhile.get();
  ASSERT_TRUE(concurrent.ok()) << concurrent.status();
  EXPECT_EQ(concurrent->SerializeAsString(), third->SerializeAsString());
  for (PostgresStore* replica : {a.get(), b.get()}) {
    auto retried = Create(*replica, 3, "request-3");
    ASSERT_TRUE(retried.ok()) << retried.status();
    EXPECT_EQ(retried->SerializeAsString(), third->SerializeAsString());
  }
  auto feed = a->ReadChanges(1, 10);
  ASSERT_TRUE(feed.ok()) << feed.status();
  ASSERT_EQ(feed->changes.size(), 3u);
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(feed->changes[i].revision(), i + 1);
    EXPECT_EQ(feed->changes[i].name(),
              DocumentName(MakeNumberedExtraction(i + 1).document().content_hash()));
  }
  EXPECT_TRUE(AwaitCount(**holder, "SELECT count(*) FROM pending_docs", 0));
  EXPECT_TRUE(AwaitCount(**holder, "SELECT count(*) FROM pending_requests", 0));
  EXPECT_TRUE(AwaitCount(**holder, "SELECT count(*) FROM docs", 3));
  // The request id still answers its own request only.
  EXPECT_EQ(ErrorReason(Create(*b, 4, "request-3").status()), "REQUEST_ID_REUSED");
  EXPECT_GE(b->pending_creates(), 1);
}

// A replica lost between a request id's two transactions (rows and
// reservation committed pending, then its connections cut): retries of
// the request id on two other replicas at once get the answer the lost
// writer would have given (created, the next revision), the same bytes,
// and the database holds one document.
TEST_F(PostgresStoreTest, ARequestIdWhoseWriterWasLostIsAnsweredOnceOnOtherReplicas) {
  std::unique_ptr<pg::Connection> holder;
  ASSERT_NO_FATAL_FAILURE(LoseAWriterAfterItsPendingCommit("lost-2", holder));
  ASSERT_TRUE(AwaitCount(*holder, "SELECT count(*) FROM pending_requests", 1));
  std::unique_ptr<PostgresStore> b, c;
  ASSERT_NO_FATAL_FAILURE(OpenTwo(b, c));
  auto on_b = std::async(std::launch::async, [&] { return Create(*b, 2, "lost-2"); });
  auto on_c = std::async(std::launch::async, [&] { return Create(*c, 2, "lost-2"); });
  // Both wait: the reservation is numbered only once the counter is free.
  EXPECT_EQ(on_b.wait_for(std::chrono::milliseconds(300)), std::future_status::timeout);
  ASSERT_TRUE(holder->Run("COMMIT").ok());
  auto first = on_b.get();
  auto second = on_c.get();
  ASSERT_TRUE(first.ok()) << first.status();
  ASSERT_TRUE(second.ok()) << second.status();
  EXPECT_TRUE(first->responses(0).created());
  EXPECT_EQ(first->responses(0).document().revision(), 2);
  EXPECT_EQ(first->SerializeAsString(), second->SerializeAsString());
  auto got = c->GetDocument(MakeNumberedExtraction(2).document().content_hash());
  ASSERT_TRUE(got.ok()) << got.status();
  EXPECT_EQ(got->etag(), first->responses(0).document().etag());
  auto docs = holder->Exec("SELECT count(*) FROM docs");
  ASSERT_TRUE(docs.ok());
  EXPECT_EQ(docs->Int(0, 0), 2);
  EXPECT_EQ(b->CurrentRevision(), 2);
}

// A writer's rows are listed (for the waiting writers, ADR 0055) before
// they commit: another writer's try reads them meanwhile as neither
// pending nor stored nor in the history, the answer a numbered, deleted
// and compacted row gives. Held there (its insert waits for an
// uncommitted row of the same document id, later rolled back) while a
// waiting writer tries again and again, the writer is still answered with
// its revision once numbered, never CREATED_THEN_DELETED.
TEST_F(PostgresStoreTest, RowsListedButNotCommittedAreNotTakenAsGoneByAnotherWritersTry) {
  std::unique_ptr<PostgresStore> store = Open();
  ASSERT_NE(store, nullptr);
  ASSERT_TRUE(Create(*store, 1).ok());
  auto holder = pg::Connection::Open(url_, 5);
  auto blocker = pg::Connection::Open(url_, 5);
  ASSERT_TRUE(holder.ok() && blocker.ok());
  ASSERT_TRUE((*holder)->Run("BEGIN; SELECT 1 FROM revision_counter FOR UPDATE").ok());
  auto waiting = std::async(std::launch::async, [&] { return Create(*store, 2); });
  ASSERT_TRUE(AwaitCount(**holder, "SELECT count(*) FROM pending_docs", 1));
  const std::string held_id = MakeNumberedExtraction(3).document().content_hash();
  ASSERT_TRUE((*blocker)->Run("BEGIN").ok());
  ASSERT_TRUE((*blocker)
                  ->Exec("INSERT INTO docs(rowid, id, revision, create_us, published, event_date, "
                         "title_lc, extraction, filter_keys) SELECT 1000000, $1, 0, create_us, "
                         "published, event_date, title_lc, extraction, filter_keys FROM docs "
                         "LIMIT 1",
                         {pg::Param::Text(held_id)})
                  .ok());
  auto held = std::async(std::launch::async, [&] { return Create(*store, 3); });
  // The held writer's insert waits for the blocker's row.
  ASSERT_TRUE(AwaitLockWaiters(url_, 1));
  // The waiting writer tries every few tens of milliseconds meanwhile.
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  ASSERT_TRUE((*blocker)->Run("ROLLBACK").ok());
  ASSERT_TRUE(AwaitCount(**holder, "SELECT count(*) FROM pending_docs", 2));
  ASSERT_TRUE((*holder)->Run("COMMIT").ok());
  auto first = waiting.get();
  auto second = held.get();
  ASSERT_TRUE(first.ok()) << first.status();
  ASSERT_TRUE(second.ok()) << second.status();
  EXPECT_TRUE(second->responses(0).created());
  const std::set<int64_t> revisions = {first->responses(0).document().revision(),
                                       second->responses(0).document().revision()};
  EXPECT_EQ(revisions, (std::set<int64_t>{2, 3}));
  auto got = store->GetDocument(held_id);
  ASSERT_TRUE(got.ok()) << got.status();
  EXPECT_EQ(got->etag(), second->responses(0).document().etag());
}

// A delete numbers every pending row first (ADR 0052) and tells this
// replica's waiting writers the revisions it gave (ADR 0055): a writer
// whose row the delete numbers, deletes and compacts (a history of one
// change) in its one transaction is answered with the revision its
// document had, not CREATED_THEN_DELETED.
TEST_F(PostgresStoreTest, AWriterWhoseRowADeleteNumbersIsToldItsRevisionByTheDelete) {
  PostgresStoreOptions options = Options();
  options.history_limit = 1;
  auto opened = PostgresStore::Open(options);
  ASSERT_TRUE(opened.ok()) << opened.status();
  std::unique_ptr<PostgresStore> store = std::move(*opened);
  ASSERT_TRUE(Create(*store, 1).ok());
  auto holder = pg::Connection::Open(url_, 5);
  ASSERT_TRUE(holder.ok());
  ASSERT_TRUE((*holder)->Run("BEGIN; SELECT 1 FROM revision_counter FOR UPDATE").ok());
  auto pending = std::async(std::launch::async, [&] { return Create(*store, 2); });
  ASSERT_TRUE(AwaitCount(**holder, "SELECT count(*) FROM pending_docs", 1));
  DeleteRequest request;
  request.id = MakeNumberedExtraction(2).document().content_hash();
  auto deleted =
      std::async(std::launch::async, [&] { return testing::DeleteAndWait(*store, request); });
  // The delete waits for the counter; the writer only tries it.
  ASSERT_TRUE(AwaitLockWaiters(url_, 1));
  ASSERT_TRUE((*holder)->Run("COMMIT").ok());
  absl::Status delete_status = deleted.get();
  ASSERT_TRUE(delete_status.ok()) << delete_status;
  auto created = pending.get();
  ASSERT_TRUE(created.ok()) << created.status();
  EXPECT_TRUE(created->responses(0).created());
  EXPECT_EQ(created->responses(0).document().revision(), 2);
  EXPECT_FALSE(store->GetDocument(request.id).ok());
  // The create's change is compacted: only the delete's told its revision.
  auto kept = (*holder)->Exec("SELECT count(*) FROM changes WHERE revision = 2");
  ASSERT_TRUE(kept.ok()) << kept.status();
  EXPECT_EQ(kept->Int(0, 0), 0);
}

// Requests left reserved after their documents were numbered, as a
// numbering of schema version 6 leaves them (a replica of the older binary
// left running against version 7, ADR 0057): on an idle catalog, nothing
// pending, a retry completes its request and gets the revisions the
// numbering gave, for a document still stored and for one deleted since
// (from its create's change), the bytes of the first answer; a request no
// retry asks for is completed by a replica's sweep.
TEST_F(PostgresStoreTest, RequestsLeftReservedByAnOlderNumberingAreCompletedOnAnIdleCatalog) {
  std::unique_ptr<PostgresStore> store = Open();
  ASSERT_NE(store, nullptr);
  auto kept = Create(*store, 1, "kept-1");
  auto deleted = Create(*store, 2, "deleted-2");
  auto swept = Create(*store, 3, "swept-3");
  ASSERT_TRUE(kept.ok() && deleted.ok() && swept.ok());
  EXPECT_EQ(deleted->responses(0).document().revision(), 2);
  DeleteRequest request;
  request.id = MakeNumberedExtraction(2).document().content_hash();
  ASSERT_TRUE(testing::DeleteAndWait(*store, request).ok());
  auto admin = pg::Connection::Open(url_, 5);
  ASSERT_TRUE(admin.ok());
  ASSERT_TRUE((*admin)
                  ->Exec("UPDATE requests SET revisions = NULL WHERE id = ANY($1::text[]) "
                         "AND doc_rows IS NOT NULL",
                         {pg::Param::TextList({"kept-1", "deleted-2"})})
                  .ok());
  ASSERT_TRUE((*admin)
                  ->Exec("INSERT INTO pending_requests(id) SELECT unnest($1::text[])",
                         {pg::Param::TextList({"kept-1", "deleted-2"})})
                  .ok());
  ASSERT_TRUE(AwaitCount(**admin, "SELECT count(*) FROM pending_docs", 0));
  auto kept_again = Create(*store, 1, "kept-1");
  ASSERT_TRUE(kept_again.ok()) << kept_again.status();
  EXPECT_EQ(kept_again->SerializeAsString(), kept->SerializeAsString());
  auto deleted_again = Create(*store, 2, "deleted-2");
  ASSERT_TRUE(deleted_again.ok()) << deleted_again.status();
  EXPECT_EQ(deleted_again->responses(0).document().revision(), 2);
  EXPECT_EQ(deleted_again->SerializeAsString(), deleted->SerializeAsString());
  // Answered, not created again.
  EXPECT_FALSE(store->GetDocument(request.id).ok());
  EXPECT_TRUE(AwaitCount(**admin, "SELECT count(*) FROM pending_requests", 0));
  // Left reserved with no retry: the sweep completes it.
  ASSERT_TRUE((*admin)
                  ->Run("UPDATE requests SET revisions = NULL WHERE id = 'swept-3'; "
                        "INSERT INTO pending_requests(id) VALUES ('swept-3')")
                  .ok());
  EXPECT_TRUE(AwaitCount(**admin, "SELECT count(*) FROM pending_requests", 0));
  EXPECT_TRUE(AwaitCount(**admin, "SELECT revisions[1] FROM requests WHERE id = 'swept-3'",
                         swept->responses(0).document().revision()));
  auto swept_again = Create(*store, 3, "swept-3");
  ASSERT_TRUE(swept_again.ok()) << swept_again.status();
  EXPECT_EQ(swept_again->SerializeAsString(), swept->SerializeAsString());
}

// A request left reserved by a numbering of schema version 6 (ADR 0057)
// whose document a replica of that version then deleted, compacting the
// create's change, before any replica of this version completed it: the
// revision is known nowhere (neither document nor change is left). A
// retry is answered ABORTED / CREATED_THEN_DELETED naming the document,
// as a create without a request id is, not DATA_LOSS (nothing is
// corrupt), every time, and does not create it again. The other creates
// of the retry's group are created; a new request id for the same
// document creates it again.
TEST_F(PostgresStoreTest, ARequestWhoseRevisionIsKnownNowhereIsCreatedThenDeleted) {
  // The answers of the creates queued behind the held writer below, declared
  // before the store: its callbacks write into them until it is destroyed.
  using Result = absl::StatusOr<v1::BatchCreateDocumentsResponse>;
  std::promise<Result> retried, with_id, without_id;
  // One writer, so that creates queued while it is busy form one group.
  absl::Mutex mu;
  std::vector<size_t> groups;  // Each committed group's requests.
  PostgresStoreOptions options = Options();
  options.writer_threads = 1;
  options.commit_observer = [&](size_t requests, absl::Duration, bool committed) {
    absl::MutexLock lock(&mu);
    if (committed) groups.push_back(requests);
  };
  auto opened = PostgresStore::Open(options);
  ASSERT_TRUE(opened.ok()) << opened.status();
  std::unique_ptr<PostgresStore> store = std::move(*opened);
  auto first = Create(*store, 1, "gone-1");
  ASSERT_TRUE(first.ok()) << first.status();
  const std::string id = MakeNumberedExtraction(1).document().content_hash();
  auto admin = pg::Connection::Open(url_, 5);
  ASSERT_TRUE(admin.ok());
  // What the older replica leaves: the request reserved (never completed),
  // the document deleted with its delete's change, the create's change
  // compacted.
  ASSERT_TRUE(
      (*admin)
          ->Run("BEGIN; UPDATE requests SET revisions = NULL WHERE id = 'gone-1'; "
                "INSERT INTO pending_requests(id) VALUES ('gone-1'); "
                "INSERT INTO changes(revision, type, doc_id, commit_us, doc_row) "
                "SELECT 2, 2, id, create_us, rowid FROM docs WHERE revision = 1; "
                "DELETE FROM docs WHERE revision = 1; DELETE FROM changes WHERE revision <= 1; "
                "UPDATE revision_counter SET revision = 2, compacted = 1; COMMIT")
          .ok());
  auto again = Create(*store, 1, "gone-1");
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.status().code(), absl::StatusCode::kAborted) << again.status();
  EXPECT_EQ(ErrorReason(again.status()), "CREATED_THEN_DELETED") << again.status();
  EXPECT_NE(again.status().message().find(DocumentName(id)), absl::string_view::npos)
      << again.status();
  EXPECT_FALSE(store->GetDocument(id).ok());
  // Answered the same way every time.
  auto third = Create(*store, 1, "gone-1");
  ASSERT_FALSE(third.ok());
  EXPECT_EQ(ErrorReason(third.status()), "CREATED_THEN_DELETED") << third.status();
  auto other = Create(*store, 2, "kept-2");
  ASSERT_TRUE(other.ok()) << other.status();
  EXPECT_TRUE(other->responses(0).created());

  // The retry in one group with other creates (with a request id and
  // without): the writer is held waiting for its pending create to be
  // numbered while the three queue behind it.
  auto holder = pg::Connection::Open(url_, 5);
  ASSERT_TRUE(holder.ok());
  ASSERT_TRUE((*holder)->Run("BEGIN; SELECT 1 FROM revision_counter FOR UPDATE").ok());
  bool counter_locked = true;
  auto first_of_all = std::async(std::launch::async, [&] { return Create(*store, 3); });
  // An assertion that returns while the counter is locked rolls the lock
  // back first: `first_of_all`'s destructor waits for its create.
  absl::Cleanup unlock_counter = [&] {
    if (counter_locked) (void)(*holder)->Run("ROLLBACK");
  };
  ASSERT_TRUE(AwaitCount(**admin, "SELECT count(*) FROM pending_docs", 1));
  auto queue = [&](int64_t n, std::string request_id, std::promise<Result>& done) {
    const v1::Extraction x = MakeNumberedExtraction(n);
    std::vector<NewDocument> docs;
    docs.push_back(NewDocument{x.document().content_hash(), x});
    store->Create(std::move(docs), std::move(request_id),
                  [&done](Result r) { done.set_value(std::move(r)); });
  };
  queue(1, "gone-1", retried);
  queue(4, "kept-4", with_id);
  queue(5, "", without_id);
  counter_locked = false;
  ASSERT_TRUE((*holder)->Run("COMMIT").ok());
  ASSERT_TRUE(first_of_all.get().ok());
  const Result retried_result = retried.get_future().get();
  ASSERT_FALSE(retried_result.ok());
  EXPECT_EQ(ErrorReason(retried_result.status()), "CREATED_THEN_DELETED")
      << retried_result.status();
  const Result with_id_result = with_id.get_future().get();
  ASSERT_TRUE(with_id_result.ok()) << with_id_result.status();
  EXPECT_TRUE(with_id_result->responses(0).created());
  const Result without_id_result = without_id.get_future().get();
  ASSERT_TRUE(without_id_result.ok()) << without_id_result.status();
  EXPECT_TRUE(without_id_result->responses(0).created());
  {
    absl::MutexLock lock(&mu);
    EXPECT_NE(std::find(groups.begin(), groups.end(), size_t{3}), groups.end())
        << "the three creates were not one group";
  }
  for (int64_t n : {4, 5}) {
    auto stored = store->GetDocument(MakeNumberedExtraction(n).document().content_hash());
    ASSERT_TRUE(stored.ok()) << n << ": " << stored.status();
  }
  EXPECT_FALSE(store->GetDocument(id).ok());
  // The kept request answers as it did.
  auto with_id_again = Create(*store, 4, "kept-4");
  ASSERT_TRUE(with_id_again.ok()) << with_id_again.status();
  EXPECT_EQ(with_id_again->SerializeAsString(), with_id_result->SerializeAsString());

  // A new request id for the same document creates it again.
  auto recreated = Create(*store, 1, "gone-1-again");
  ASSERT_TRUE(recreated.ok()) << recreated.status();
  EXPECT_TRUE(recreated->responses(0).created());
  auto stored = store->GetDocument(id);
  ASSERT_TRUE(stored.ok()) << stored.status();
  EXPECT_EQ(stored->revision(), recreated->responses(0).document().revision());
  EXPECT_EQ(stored->etag(), recreated->responses(0).document().etag());
  // And the old request id still answers CREATED_THEN_DELETED.
  EXPECT_EQ(ErrorReason(Create(*store, 1, "gone-1").status()), "CREATED_THEN_DELETED");
}

// A create's rows numbered by another replica, then deleted and their
// create changes compacted before the create's writer read its revisions
// (the writer held here, between its two transactions, by the test hook):
// the request id's create is answered with the revision the numbering
// gave (from its stored request), the same answer a retry gets; the create
// without one, whose revision is gone, is ABORTED / CREATED_THEN_DELETED
// at once, not after statement_timeout. The pending commit ran with
// synchronous_commit off, for that commit alone.
TEST_F(PostgresStoreTest, ACreateNumberedDeletedAndCompactedBeforeItsWriterLooksHasAClearAnswer) {
  absl::Mutex mu;
  int held = 0;
  bool go = false;
  std::vector<std::string> during, after;
  PostgresStoreOptions options = Options();
  options.writer_threads = 2;
  options.after_pending_commit = [&](pg::Connection& c, absl::string_view synchronous_commit) {
    auto shown = c.Exec("SHOW synchronous_commit");
    absl::MutexLock lock(&mu);
    during.emplace_back(synchronous_commit);
    after.emplace_back(shown.ok() ? std::string(shown->Text(0, 0)) : shown.status().ToString());
    ++held;
    mu.Await(absl::Condition(&go));
  };
  auto opened = PostgresStore::Open(options);
  ASSERT_TRUE(opened.ok()) << opened.status();
  std::unique_ptr<PostgresStore> a = std::move(*opened);
  options = Options();
  options.history_limit = 2;
  opened = PostgresStore::Open(options);
  ASSERT_TRUE(opened.ok()) << opened.status();
  std::unique_ptr<PostgresStore> b = std::move(*opened);
  ASSERT_TRUE(Create(*a, 1).ok());  // Numbered at once: the hook is not called.
  auto holder = pg::Connection::Open(url_, 5);
  ASSERT_TRUE(holder.ok());
  ASSERT_TRUE((*holder)->Run("BEGIN; SELECT 1 FROM revision_counter FOR UPDATE").ok());
  auto without_id = std::async(std::launch::async, [&] { return Create(*a, 2); });
  {
    absl::MutexLock lock(&mu);
    mu.Await(absl::Condition(
        +[](int* n) { return *n >= 1; }, &held));
  }
  auto with_id = std::async(std::launch::async, [&] { return Create(*a, 3, "request-3"); });
  {
    absl::MutexLock lock(&mu);
    mu.Await(absl::Condition(
        +[](int* n) { return *n >= 2; }, &held));
  }
  ASSERT_TRUE((*holder)->Run("COMMIT").ok());
  // Numbered by b's create (2, 3, then 4), deleted (5, 6), compacted.
  auto fourth = Create(*b, 4);
  ASSERT_TRUE(fourth.ok()) << fourth.status();
  EXPECT_EQ(fourth->responses(0).document().revision(), 4);
  for (int64_t n : {2, 3}) {
    DeleteRequest request;
    request.id = MakeNumberedExtraction(n).document().content_hash();
    ASSERT_TRUE(testing::DeleteAndWait(*b, request).ok());
  }
  for (int64_t n = 5; n <= 7; ++n) ASSERT_TRUE(Create(*b, n).ok());
  auto created_changes = (*holder)->Exec("SELECT count(*) FROM changes WHERE revision <= 3");
  ASSERT_TRUE(created_changes.ok());
  ASSERT_EQ(created_changes->Int(0, 0), 0);
  {
    absl::MutexLock lock(&mu);
    go = true;
  }
  auto lost = without_id.get();
  ASSERT_FALSE(lost.ok());
  EXPECT_EQ(lost.status().code(), absl::StatusCode::kAborted) << lost.status();
  EXPECT_EQ(ErrorReason(lost.status()), "CREATED_THEN_DELETED");
  EXPECT_NE(lost.status().message().find(
                DocumentName(MakeNumberedExtraction(2).document().content_hash())),
            absl::string_view::npos)
      << lost.status();
  auto answered = with_id.get();
  ASSERT_TRUE(answered.ok()) << answered.status();
  EXPECT_TRUE(answered->responses(0).created());
  EXPECT_EQ(answered->responses(0).document().revision(), 3);
  EXPECT_EQ(answered->responses(0).document().etag(), Etag(3));
  auto retried = Create(*b, 3, "request-3");
  ASSERT_TRUE(retried.ok()) << retried.status();
  EXPECT_EQ(retried->SerializeAsString(), answered->SerializeAsString());
  // Off for the pending commits, the operator's setting (on) again after.
  absl::MutexLock lock(&mu);
  EXPECT_EQ(during, (std::vector<std::string>{"off", "off"}));
  EXPECT_EQ(after, (std::vector<std::string>{"on", "on"}));
}

// Creates on two replicas with deletes among them, many writers at once so
// that creates find the counter locked and are numbered together: the
// revisions are 1..N, each once, in order; every acknowledged create is in
// the feed at the revision it was given, and each delete follows the
// create of its document.
TEST_F(PostgresStoreTest, PendingCreatesAndDeletesOnTwoReplicasNumberGaplessly) {
  std::unique_ptr<PostgresStore> a, b;
  ASSERT_NO_FATAL_FAILURE(OpenTwo(a, b));
  constexpr int kWriters = 12;
  constexpr int kDocsPerWriter = 20;
  absl::Mutex mu;
  std::map<std::string, int64_t> created_at;  // Acknowledged creates.
  std::map<std::string, int64_t> deleted;     // Acknowledged deletes, by id.
  std::atomic<int> failures{0};
  std::vector<std::thread> writers;
  for (int w = 0; w < kWriters; ++w) {
    writers.emplace_back([&, w] {
      PostgresStore& store = w % 2 == 0 ? *a : *b;
      PostgresStore& other = w % 2 == 0 ? *b : *a;
      for (int i = 0; i < kDocsPerWriter; ++i) {
        const int64_t n = int64_t{w} * 1000 + i;
        auto made = Create(store, n);
        if (!made.ok()) {
          ++failures;
          continue;
        }
        const std::string id = MakeNumberedExtraction(n).document().content_hash();
        {
          absl::MutexLock lock(&mu);
          created_at[id] = made->responses(0).document().revision();
        }
        if (i % 4 == 3) {  // Deleted through the other replica.
          DeleteRequest request;
          request.id = id;
          if (!testing::DeleteAndWait(other, request).ok()) {
            ++failures;
          } else {
            absl::MutexLock lock(&mu);
            deleted[id] = 1;
          }
        }
      }
    });
  }
  for (std::thread& t : writers) t.join();
  EXPECT_EQ(failures.load(), 0);
  const int64_t total = kWriters * kDocsPerWriter + static_cast<int64_t>(deleted.size());
  EXPECT_EQ(a->CurrentRevision(), total);
  auto feed = b->ReadChanges(1, static_cast<int>(total) + 10);
  ASSERT_TRUE(feed.ok()) << feed.status();
  ASSERT_EQ(static_cast<int64_t>(feed->changes.size()), total);
  std::map<std::string, int64_t> create_seen, delete_seen;
  for (int64_t i = 0; i < total; ++i) {
    const v1::DocumentChange& change = feed->changes[static_cast<size_t>(i)];
    EXPECT_EQ(change.revision(), i + 1);
    auto id = ParseDocumentName(change.name());
    ASSERT_TRUE(id.ok());
    auto& seen = change.type() == v1::CHANGE_TYPE_CREATED ? create_seen : delete_seen;
    EXPECT_TRUE(seen.emplace(*id, change.revision()).second) << change.name();
  }
  EXPECT_EQ(create_seen.size(), created_at.size());
  for (const auto& [id, revision] : created_at) {
    auto it = create_seen.find(id);
    ASSERT_NE(it, create_seen.end()) << id;
    EXPECT_EQ(it->second, revision) << id;
  }
  EXPECT_EQ(delete_seen.size(), deleted.size());
  for (const auto& [id, revision] : delete_seen) EXPECT_GT(revision, create_seen[id]) << id;
  // The writers did find the counter locked and were numbered together.
  EXPECT_GT(a->pending_creates() + b->pending_creates(), 0);
  auto left = pg::Connection::Open(url_, 5);
  ASSERT_TRUE(left.ok());
  EXPECT_TRUE(AwaitCount(**left, "SELECT count(*) FROM pending_docs", 0));
}

// Two replicas creating the same new document, or using one new request
// id, at the same moment: one creates it, the other finds it (a unique
// key the first wrote makes the second run again), on every try.
TEST_F(PostgresStoreTest, TheSameCreateOnTwoReplicasAtOnceCreatesOnce) {
  std::unique_ptr<PostgresStore> a, b;
  ASSERT_NO_FATAL_FAILURE(OpenTwo(a, b));
  for (int64_t n = 1; n <= 20; ++n) {
    const std::string request_id = n % 2 == 0 ? absl::StrCat("request-", n) : "";
    auto on_a = std::async(std::launch::async, [&] { return Create(*a, n, request_id); });
    auto on_b = std::async(std::launch::async, [&] { return Create(*b, n, request_id); });
    auto first = on_a.get();
    auto second = on_b.get();
    ASSERT_TRUE(first.ok()) << first.status();
    ASSERT_TRUE(second.ok()) << second.status();
    const auto& x = first->responses(0);
    const auto& y = second->responses(0);
    if (request_id.empty()) {
      EXPECT_NE(x.created(), y.created()) << n;
    } else {
      EXPECT_EQ(first->SerializeAsString(), second->SerializeAsString()) << n;
    }
    EXPECT_EQ(x.document().etag(), y.document().etag()) << n;
  }
  EXPECT_EQ(a->CurrentRevision(), 20);
  // A request id used at once for two other documents: one is refused.
  auto on_a = std::async(std::launch::async, [&] { return Create(*a, 101, "shared"); });
  auto on_b = std::async(std::launch::async, [&] { return Create(*b, 102, "shared"); });
  auto first = on_a.get();
  auto second = on_b.get();
  EXPECT_NE(first.ok(), second.ok());
  EXPECT_EQ(ErrorReason(first.ok() ? second.status() : first.status()), "REQUEST_ID_REUSED");
}

TEST_F(PostgresStoreTest, StoredTextThatNoLongerHashesToItsNameIsDataLoss) {
  std::unique_ptr<PostgresStore> store = Open();
  ASSERT_NE(store, nullptr);
  ASSERT_TRUE(Create(*store, 1).ok());
  ASSERT_TRUE(Create(*store, 2).ok());
  const v1::Extraction bad = MakeNumberedExtraction(1);
  // One bit of the stored text flipped behind the store's back.
  {
    auto db = pg::Connection::Open(url_, 2);
    ASSERT_TRUE(db.ok()) << db.status();
    auto read = (*db)->Exec("SELECT extraction FROM docs WHERE id = $1",
                            {pg::Param::Text(bad.document().content_hash())});
    ASSERT_TRUE(read.ok()) << read.status();
    std::string body = read->Bytes(0, 0);
    size_t at = body.find(bad.document().text());
    ASSERT_NE(at, std::string::npos);
    body[at] ^= 0x01;
    auto wrote =
        (*db)->Exec("UPDATE docs SET extraction = $1 WHERE id = $2",
                    {pg::Param::Bytes(body), pg::Param::Text(bad.document().content_hash())});
    ASSERT_TRUE(wrote.ok()) << wrote.status();
  }
  auto got = store->GetDocument(bad.document().content_hash());
  ASSERT_EQ(got.status().code(), absl::StatusCode::kDataLoss) << got.status();
  EXPECT_EQ(ErrorReason(got.status()), "DOCUMENT_CORRUPT");
  EXPECT_TRUE(store->GetDocument(MakeNumberedExtraction(2).document().content_hash()).ok());
}

TEST_F(PostgresStoreTest, VerifyReportsARecordThatNoLongerHashesToItsName) {
  std::unique_ptr<PostgresStore> store = Open();
  ASSERT_NE(store, nullptr);
  for (int n = 0; n < 3; ++n) ASSERT_TRUE(Create(*store, n).ok());
  const v1::Extraction bad = MakeNumberedExtraction(2);
  {
    auto db = pg::Connection::Open(url_, 2);
    ASSERT_TRUE(db.ok()) << db.status();
    v1::Extraction altered = bad;
    altered.mutable_document()->set_text(bad.document().text() + " Added later.");
    auto wrote = (*db)->Exec("UPDATE docs SET extraction = $1 WHERE id = $2",
                             {pg::Param::Bytes(altered.SerializeAsString()),
                              pg::Param::Text(bad.document().content_hash())});
    ASSERT_TRUE(wrote.ok()) << wrote.status();
  }
  std::vector<VerifyProblem> problems;
  int progress_calls = 0;
  VerifyOptions options;
  options.on_problem = [&](const VerifyProblem& problem) { problems.push_back(problem); };
  options.on_progress = [&](const VerifyProgress&) {
    ++progress_calls;
    return true;
  };
  auto summary = store->Verify(options);
  ASSERT_TRUE(summary.ok()) << summary.status();
  EXPECT_EQ(summary->documents_checked, 3);
  EXPECT_EQ(summary->problems_found, 1);
  EXPECT_TRUE(summary->index_checked);
  EXPECT_GE(progress_calls, 1);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].kind, VerifyProblem::Kind::kHashMismatch);
  EXPECT_EQ(problems[0].document_id, bad.document().content_hash());
}

// Side rows whose key (with the role, for participants) the document's
// row does not list in filter_keys, or whose document is gone: those a
// delete, which finds side rows by those keys, would leave behind. Read from
// the tables directly, apart from the store's own scrub.
int64_t SideRowsNotNamed(pg::Connection& c) {
  auto r = c.Exec(
      "SELECT (SELECT count(*) FROM persons s WHERE NOT EXISTS (SELECT 1 FROM docs d WHERE "
      "d.rowid = s.doc AND d.event_date = s.event_date AND 'person:' || s.key = ANY "
      "(d.filter_keys))) + (SELECT count(*) FROM positions s WHERE NOT EXISTS (SELECT 1 FROM "
      "docs d WHERE d.rowid = s.doc AND 'title:' || s.title_lc = ANY (d.filter_keys))) + "
      "(SELECT count(*) FROM orgs s WHERE NOT EXISTS (SELECT 1 FROM docs d WHERE d.rowid = "
      "s.doc AND d.event_date = s.event_date AND 'organization:' || s.name_lc = ANY "
      "(d.filter_keys))) + (SELECT count(*) FROM events s WHERE NOT EXISTS (SELECT 1 FROM docs "
      "d WHERE d.rowid = s.doc AND 'location:' || s.location_lc = ANY (d.filter_keys))) + "
      "(SELECT count(*) FROM participants s WHERE NOT EXISTS (SELECT 1 FROM docs d WHERE "
      "d.rowid = s.doc AND 'participant.' || s.role || ':' || s.key = ANY (d.filter_keys))) + "
      "(SELECT count(*) FROM search_rows s WHERE NOT EXISTS (SELECT 1 FROM docs d WHERE "
      "d.rowid = s.rowid)) + (SELECT count(*) FROM pending_docs s WHERE NOT EXISTS (SELECT 1 "
      "FROM docs d WHERE d.rowid = s.rowid))");
  EXPECT_TRUE(r.ok()) << r.status();
  return r.ok() ? r->Int(0, 0) : -1;
}

// An invented extraction whose people, titles, organizations and places
// hold what a text[] literal or a key's "<prefix>:<text>" form must quote
// or split on (", \, {, }, commas, colons), letters beyond ASCII, upper
// case, an event with no location and NUL bytes (read as spaces).
v1::Extraction WithAwkwardKeys() {
  const std::string nul(1, '\0');
  testing::SyntheticDocument doc;
  doc.title = "Kommunal \"m\xc3\xb8te\" {extra}: v\xc3\xa5r, h\xc3\xb8st";
  doc.body = "The board met at the old mill.";
  doc.location = "Fjord \"Byen\", {Ost}: \xc3\x98rsta\\";
  doc.people = {
      {"Kare O\"Brien\\Ny", "Head \"Warden\" {North}", "Board {of} \"Works\", Ltd: \xc3\x84rende",
       v1::PARTICIPANT_ROLE_PRESIDED},
      {absl::StrCat("\xc3\x89mile", nul, "Dutour"), absl::StrCat("Keeper\\of, Seals:", nul, "ASA"),
       "Back\\slash {Office}", v1::PARTICIPANT_ROLE_SPOKE},
      {"{Ana}, Belo: \xc3\x85SA", "DIRECTOR: {\"GENERAL\"}", absl::StrCat("Org", nul, "Name"),
       v1::PARTICIPANT_ROLE_MET},
  };
  v1::Extraction x = testing::MakeExtraction(doc);
  v1::Event* unplaced = x.add_events();
  *unplaced = x.events(0);
  unplaced->mutable_location()->set_name("");
  return x;
}

// A document whose keys need quoting leaves no side row after its delete,
// and every side row of the documents around it is named by its document's
// filter_keys, before and after.
TEST_F(PostgresStoreTest, ADeleteTakesOutSideRowsWhoseKeysNeedQuoting) {
  std::unique_ptr<PostgresStore> store = Open();
  ASSERT_NE(store, nullptr);
  auto c = pg::Connection::Open(url_, 5);
  ASSERT_TRUE(c.ok()) << c.status();
  const v1::Extraction awkward = WithAwkwardKeys();
  std::vector<v1::Extraction> batch = {awkward};
  for (int64_t n = 1; n <= 12; ++n) batch.push_back(MakeNumberedExtraction(n));
  auto created = testing::CreateAndWait(*store, batch);
  ASSERT_TRUE(created.ok()) << created.status();
  EXPECT_EQ(SideRowsNotNamed(**c), 0);
  auto row = (*c)->Exec("SELECT rowid FROM docs WHERE id = $1",
                        {pg::Param::Text(awkward.document().content_hash())});
  ASSERT_TRUE(row.ok() && row->rows() == 1);
  const int64_t awkward_row = row->Int(0, 0);
  std::map<std::string, int64_t> own = SideRows(**c, awkward_row);
  EXPECT_EQ(own["persons"], 3);
  EXPECT_EQ(own["positions"], 3);
  EXPECT_EQ(own["orgs"], 3);
  EXPECT_EQ(own["events"], 2);
  EXPECT_EQ(own["participants"], 6);
  EXPECT_EQ(own["search_rows"], 1);
  // The keys as the side tables hold them: NULs read as spaces, lower case
  // ASCII only, the empty location a key of its own.
  for (const char* key : {"location:", "title:keeper\\of, seals: asa", "organization:org name",
                          "person:\xc3\x89mile-dutour"}) {
    auto listed = (*c)->Exec("SELECT $2 = ANY (filter_keys) FROM docs WHERE rowid = $1",
                             {pg::Param::Int(awkward_row), pg::Param::Text(key)});
    ASSERT_TRUE(listed.ok() && listed->rows() == 1);
    EXPECT_EQ(listed->Text(0, 0), "t") << key;
  }
  std::map<std::string, int64_t> before = SideRows(**c);
  DeleteRequest request;
  request.id = awkward.document().content_hash();
  ASSERT_TRUE(testing::DeleteAndWait(*store, request).ok());
  EXPECT_EQ(SideRows(**c, awkward_row), NoRowsInAnyTable());
  std::map<std::string, int64_t> after = SideRows(**c);
  for (const auto& [table, count] : before) {
    EXPECT_EQ(after[table], count - own[table]) << table;
  }
  EXPECT_EQ(SideRowsNotNamed(**c), 0);
}

// A delete and a create of one document at once, again and again: each
// ends as documented (the create succeeds, or finds its document deleted
// before it was answered; the delete succeeds or finds no document), and
// no side row is left that its document's row does not name or whose
// document is gone; a document left stored has all its rows.
TEST_F(PostgresStoreTest, ADeleteRacingACreateOfTheSameDocumentLeavesNoSideRowBehind) {
  std::unique_ptr<PostgresStore> a, b;
  ASSERT_NO_FATAL_FAILURE(OpenTwo(a, b));
  auto c = pg::Connection::Open(url_, 5);
  ASSERT_TRUE(c.ok()) << c.status();
  const v1::Extraction x = WithRepeatedKeys(5);
  const std::string id = x.document().content_hash();
  ASSERT_TRUE(testing::CreateAndWait(*a, {x}).ok());
  auto own_rows = [&]() -> std::optional<std::map<std::string, int64_t>> {
    auto r = (*c)->Exec("SELECT rowid FROM docs WHERE id = $1", {pg::Param::Text(id)});
    EXPECT_TRUE(r.ok()) << r.status();
    if (!r.ok() || r->rows() == 0) return std::nullopt;
    return SideRows(**c, r->Int(0, 0));
  };
  const std::optional<std::map<std::string, int64_t>> whole = own_rows();
  ASSERT_TRUE(whole.has_value());
  int deleted = 0, missing = 0;
  for (int round = 0; round < 30; ++round) {
    // Stored when even rounds start, not when odd ones do: the delete finds
    // the document stored before, or the one the create stores, or none.
    const bool stored = round % 2 == 0;
    if (stored != own_rows().has_value()) {
      if (stored) {
        ASSERT_TRUE(testing::CreateAndWait(*a, {x}).ok());
      } else {
        DeleteRequest clear;
        clear.id = id;
        ASSERT_TRUE(testing::DeleteAndWait(*a, clear).ok());
      }
    }
    DeleteRequest request;
    request.id = id;
    PostgresStore& deleter = round % 3 == 0 ? *a : *b;
    PostgresStore& creator = round % 3 == 0 ? *b : *a;
    auto del =
        std::async(std::launch::async, [&] { return testing::DeleteAndWait(deleter, request); });
    auto create = testing::CreateAndWait(creator, {x});
    const absl::Status del_status = del.get();
    // A create whose document a delete took before it was answered, its
    // revision no longer known, says so (ABORTED, CREATED_THEN_DELETED).
    if (!create.ok()) {
      EXPECT_EQ(create.status().code(), absl::StatusCode::kAborted) << create.status();
      EXPECT_EQ(ErrorReason(create.status()), "CREATED_THEN_DELETED") << create.status();
    }
    if (del_status.ok()) {
      ++deleted;
    } else {
      EXPECT_EQ(del_status.code(), absl::StatusCode::kNotFound) << del_status;
      EXPECT_EQ(ErrorReason(del_status), "DOCUMENT_NOT_FOUND") << del_status;
      ++missing;
    }
    EXPECT_EQ(SideRowsNotNamed(**c), 0) << "round " << round;
    // Stored or not, the tables hold its rows once or not at all.
    std::optional<std::map<std::string, int64_t>> now = own_rows();
    if (now.has_value()) EXPECT_EQ(*now, *whole) << "round " << round;
    std::map<std::string, int64_t> all = SideRows(**c);
    EXPECT_EQ(all["docs"], now.has_value() ? 1 : 0) << "round " << round;
    EXPECT_EQ(all["persons"], now.has_value() ? whole->at("persons") : 0) << "round " << round;
  }
  std::cout << "racing deletes: " << deleted << " deleted, " << missing << " found none\n";
  EXPECT_GT(deleted, 0);
}

// With no foreign keys (schema version 8), the scrub is what finds a side
// row its document's row does not name, or whose document is gone: none in
// a catalog the store wrote (repeated keys, a pending document numbered),
// then each row written by hand or left behind by a bare DELETE FROM docs
// (a replica of schema 7's delete), reported as an orphan index row.
TEST_F(PostgresStoreTest, VerifyReportsSideRowsTheirDocumentsDoNotName) {
  std::unique_ptr<PostgresStore> store = Open();
  ASSERT_NE(store, nullptr);
  std::vector<v1::Extraction> batch;
  for (int64_t n = 1; n <= 6; ++n) batch.push_back(MakeNumberedExtraction(n));
  batch.push_back(WithRepeatedKeys(7));
  ASSERT_TRUE(testing::CreateAndWait(*store, std::move(batch)).ok());
  auto verify = [&](std::vector<VerifyProblem>& problems) {
    VerifyOptions options;
    options.on_problem = [&](const VerifyProblem& p) { problems.push_back(p); };
    return store->Verify(options);
  };
  std::vector<VerifyProblem> clean;
  auto first = verify(clean);
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_EQ(first->problems_found, 0);
  EXPECT_TRUE(clean.empty()) << clean[0].detail;

  auto c = pg::Connection::Open(url_, 5);
  ASSERT_TRUE(c.ok()) << c.status();
  auto row_of = [&](const v1::Extraction& x) -> int64_t {
    auto r = (*c)->Exec("SELECT rowid FROM docs WHERE id = $1",
                        {pg::Param::Text(x.document().content_hash())});
    EXPECT_TRUE(r.ok() && r->rows() == 1);
    return r.ok() && r->rows() == 1 ? r->Int(0, 0) : -1;
  };
  const int64_t kept = row_of(MakeNumberedExtraction(2));
  const v1::Extraction dropped = WithRepeatedKeys(7);
  const int64_t dropped_row = row_of(dropped);
  std::map<std::string, int64_t> left = SideRows(**c, dropped_row);
  int64_t left_total = 0;
  for (const auto& [table, count] : left) left_total += table == "docs" ? 0 : count;
  ASSERT_GT(left_total, 5);
  // A title the kept document's row does not list; a person of a row no
  // document has; the dropped document's rows, its docs row gone.
  ASSERT_TRUE((*c)->Run(absl::StrCat("INSERT INTO positions(doc, key, title, title_lc) VALUES (",
                                     kept, ", 'ulla brandt', 'Warden', 'warden')"))
                  .ok());
  ASSERT_TRUE((*c)->Run("INSERT INTO persons(key, event_date, doc, name, name_lc) VALUES "
                        "('otto pell', 20260101, 987654321, 'Otto Pell', 'otto pell')")
                  .ok());
  ASSERT_TRUE((*c)->Run(absl::StrCat("DELETE FROM docs WHERE rowid = ", dropped_row)).ok());

  std::vector<VerifyProblem> problems;
  auto second = verify(problems);
  ASSERT_TRUE(second.ok()) << second.status();
  EXPECT_TRUE(second->index_checked);
  EXPECT_EQ(second->problems_found, left_total + 2);
  ASSERT_EQ(problems.size(), static_cast<size_t>(left_total + 2));
  int named_kept = 0, of_missing = 0, of_dropped = 0;
  for (const VerifyProblem& p : problems) {
    EXPECT_EQ(p.kind, VerifyProblem::Kind::kOrphanIndexRow) << p.detail;
    if (p.document_id == MakeNumberedExtraction(2).document().content_hash()) {
      ++named_kept;
      EXPECT_TRUE(absl::StrContains(p.detail, "positions has a row (title:warden)")) << p.detail;
      EXPECT_TRUE(absl::StrContains(p.detail, "do not name it")) << p.detail;
    } else {
      EXPECT_EQ(p.document_id, "") << p.detail;
      EXPECT_TRUE(absl::StrContains(p.detail, "which docs does not store")) << p.detail;
      if (absl::StrContains(p.detail, "of row 987654321")) ++of_missing;
      if (absl::StrContains(p.detail, absl::StrCat("of row ", dropped_row, ","))) ++of_dropped;
    }
  }
  EXPECT_EQ(named_kept, 1);
  EXPECT_EQ(of_missing, 1);
  EXPECT_EQ(of_dropped, left_total);
  // Without the index check, only the records are walked.
  VerifyOptions records_only;
  records_only.check_index = false;
  auto third = store->Verify(records_only);
  ASSERT_TRUE(third.ok()) << third.status();
  EXPECT_EQ(third->problems_found, 0);
  EXPECT_FALSE(third->index_checked);
}

// Writers on two replicas at once; a reader on the second follows the feed
// as a watcher does. Every batch it reads starts where it asked and has no
// gap, and in the end it has seen every revision once, in order.
TEST_F(PostgresStoreTest, TheFeedShowsEveryRevisionOnceInCommitOrderAcrossReplicas) {
  std::unique_ptr<PostgresStore> a, b;
  ASSERT_NO_FATAL_FAILURE(OpenTwo(a, b));
  constexpr int kWritersPerReplica = 3;
  constexpr int kDocsPerWriter = 20;
  constexpr int64_t kTotal = 2 * kWritersPerReplica * kDocsPerWriter;
  std::atomic<int> failures{0};
  std::atomic<bool> writing{true};
  std::vector<std::string> seen_names;
  std::vector<int64_t> seen;
  std::thread follower([&] {
    int64_t next = 1;
    while (next <= kTotal) {
      auto batch = b->ReadChanges(next, 7);
      if (!batch.ok()) {
        ++failures;
        return;
      }
      for (const v1::DocumentChange& change : batch->changes) {
        if (change.revision() != next) ++failures;  // A gap or a repeat.
        seen.push_back(change.revision());
        seen_names.push_back(change.name());
        next = change.revision() + 1;
      }
      if (batch->changes.empty()) {
        if (!writing && b->CurrentRevision() < next) break;
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
      }
    }
  });
  std::vector<std::thread> writers;
  for (int w = 0; w < 2 * kWritersPerReplica; ++w) {
    writers.emplace_back([&, w] {
      PostgresStore& store = w % 2 == 0 ? *a : *b;
      for (int i = 0; i < kDocsPerWriter; ++i) {
        if (!Create(store, int64_t{w} * 1000 + i).ok()) ++failures;
      }
    });
  }
  for (std::thread& t : writers) t.join();
  writing = false;
  follower.join();
  EXPECT_EQ(failures.load(), 0);
  ASSERT_EQ(static_cast<int64_t>(seen.size()), kTotal);
  for (int64_t i = 0; i < kTotal; ++i) EXPECT_EQ(seen[i], i + 1);
  EXPECT_EQ(std::set<std::string>(seen_names.begin(), seen_names.end()).size(),
            static_cast<size_t>(kTotal));
  EXPECT_EQ(a->CurrentRevision(), kTotal);
  // Under READ COMMITTED no create was aborted for taking the counter last,
  // so both replicas still take it last (ADR 0046).
  EXPECT_FALSE(a->locks_counter_first());
  EXPECT_FALSE(b->locks_counter_first());
}

TEST_F(PostgresStoreTest, CommitListenersHearWritesOfOtherReplicas) {
  std::unique_ptr<PostgresStore> a, b;
  ASSERT_NO_FATAL_FAILURE(OpenTwo(a, b));
  absl::Mutex mu;
  int64_t heard = 0;
  const int64_t handle = b->AddCommitListener([&](int64_t revision) {
    absl::MutexLock lock(&mu);
    heard = std::max(heard, revision);
  });
  ASSERT_TRUE(Create(*a, 1).ok());
  ASSERT_TRUE(Create(*a, 2).ok());
  {
    absl::MutexLock lock(&mu);
    EXPECT_TRUE(mu.AwaitWithTimeout(absl::Condition(
                                        +[](int64_t* h) { return *h >= 2; }, &heard),
                                    absl::Seconds(10)));
  }
  b->RemoveCommitListener(handle);
}

TEST_F(PostgresStoreTest, AStoppedDatabaseIsUnavailableAndTheStoreRecovers) {
  std::unique_ptr<PostgresStore> store = Open();
  ASSERT_NE(store, nullptr);
  ASSERT_TRUE(Create(*store, 1).ok());
  const std::string id = MakeNumberedExtraction(1).document().content_hash();
  ASSERT_TRUE(cluster_->Stop().ok());
  auto read = store->GetDocument(id);
  EXPECT_EQ(read.status().code(), absl::StatusCode::kUnavailable) << read.status();
  EXPECT_EQ(ErrorReason(read.status()), "STORAGE_UNAVAILABLE");
  auto write = Create(*store, 2);
  EXPECT_EQ(write.status().code(), absl::StatusCode::kUnavailable) << write.status();
  ASSERT_TRUE(cluster_->Restart().ok());
  // The pool replaces its lost connections: no restart of the store.
  absl::StatusOr<v1::CatalogDocument> again = absl::UnavailableError("not tried");
  for (int i = 0; i < 100 && !again.ok(); ++i) {
    again = store->GetDocument(id);
    if (!again.ok()) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_TRUE(again.ok()) << again.status();
  EXPECT_TRUE(Create(*store, 2).ok());
  EXPECT_EQ(store->CurrentRevision(), 2);
}

// The server closes the connections a replica holds idle in its pool (a
// pooler or an operator recycling them, a failover): every kind of read
// finds its connection gone, and runs once more on a fresh one instead of
// failing. Reads prepare no statement, so a connection lost is what they
// meet; a prepared statement the server dropped is answered the same way.
TEST_F(PostgresStoreTest, AReadWhoseConnectionTheServerClosedRunsAgainOnAFreshOne) {
  PostgresStoreOptions options = Options();
  options.max_connections = 3;
  options.writer_threads = 1;
  auto opened = PostgresStore::Open(options);
  ASSERT_TRUE(opened.ok()) << opened.status();
  PostgresStore& store = **opened;
  for (int64_t n = 1; n <= 3; ++n) ASSERT_TRUE(Create(store, n).ok());
  const v1::Extraction x = MakeNumberedExtraction(1);
  const std::string person = PersonKey(x.people(0).name());
  // Closes every pooled connection of the store (not its listener's).
  auto close_pool = [&]() {
    auto closed = testing::CloseCatalogConnections(url_);
    ASSERT_TRUE(closed.ok()) << closed.status();
    ASSERT_GT(*closed, 0);
  };
  int64_t retries = store.read_retries();
  auto expect_retried = [&](const absl::Status& status, const char* read) {
    EXPECT_TRUE(status.ok()) << read << ": " << status;
    EXPECT_EQ(store.read_retries(), retries + 1) << read;
    retries = store.read_retries();
  };
  close_pool();
  expect_retried(store.GetDocument(x.document().content_hash()).status(), "GetDocument");
  close_pool();
  DocumentQuery list;
  list.limit = 10;
  auto listed = store.ListDocuments(list);
  expect_retried(listed.status(), "ListDocuments");
  if (listed.ok()) EXPECT_EQ(listed->documents.size(), 3u);
  close_pool();
  SearchQuery search;
  search.query = "session";
  auto found = store.SearchDocuments(search);
  expect_retried(found.status(), "SearchDocuments");
  if (found.ok()) EXPECT_EQ(found->results.size(), 3u);
  close_pool();
  PeopleQuery people;
  auto listed_people = store.ListPeople(people);
  expect_retried(listed_people.status(), "ListPeople");
  if (listed_people.ok()) EXPECT_FALSE(listed_people->people.empty());
  close_pool();
  expect_retried(store.GetPerson(person, kWaitForIndex).status(), "GetPerson");
  close_pool();
  auto feed = store.ReadChanges(1, 10);
  expect_retried(feed.status(), "ReadChanges");
  if (feed.ok()) EXPECT_EQ(feed->changes.size(), 3u);
  close_pool();
  EXPECT_EQ(store.CurrentRevision(), 3);
  EXPECT_EQ(store.read_retries(), retries + 1);
  // A read that fails for what it asks is not run again.
  EXPECT_EQ(ErrorReason(store.GetDocument("0000").status()), "DOCUMENT_NOT_FOUND");
  EXPECT_EQ(store.read_retries(), retries + 1);
  // The pool holds no more connections than its bound.
  EXPECT_LE(store.pool_stats(/*standby=*/false).open, options.max_connections);
  EXPECT_TRUE(Create(store, 4).ok());
}

// A read the database aborts for a concurrent transaction leaves its
// connection healthy: it runs once more on that same connection (ADR 0047)
// and answers. Provoked for real with a deadlock (SQLSTATE 40P01, handled
// as 40001 is): the listing holds docs and waits for pending_docs, which
// another transaction holds while it asks for docs; the read's backend,
// waiting first, finds the cycle and is aborted.
TEST_F(PostgresStoreTest, AReadAbortedForAConcurrentTransactionRunsAgainOnItsConnection) {
  // A backend checks for a deadlock once, deadlock_timeout after it starts
  // waiting: if the locker asked for docs later than that (a loaded host),
  // no one would find the cycle. The store's sessions wait 5 s before
  // their check, far longer than the steps below take.
  {
    auto admin = pg::Connection::Open(url_, 5);
    ASSERT_TRUE(admin.ok()) << admin.status();
    auto name = (*admin)->Exec("SELECT current_database()");
    ASSERT_TRUE(name.ok()) << name.status();
    ASSERT_TRUE((*admin)
                    ->Run(absl::StrCat("ALTER DATABASE \"", name->Text(0, 0),
                                       "\" SET deadlock_timeout = '5s'"))
                    .ok());
  }
  std::unique_ptr<PostgresStore> store = Open();
  ASSERT_NE(store, nullptr);
  ASSERT_TRUE(Create(*store, 1).ok());
  auto locker = pg::Connection::Open(url_, 5);
  ASSERT_TRUE(locker.ok());
  // Only the read's backend looks for the cycle in this test's time.
  ASSERT_TRUE((*locker)->Run("SET deadlock_timeout = '60s'").ok());
  ASSERT_TRUE((*locker)->Run("BEGIN; LOCK TABLE pending_docs IN ACCESS EXCLUSIVE MODE").ok());
  const int64_t retries_before = store->read_retries();
  auto listed =
      std::async(std::launch::async, [&] { return store->ListDocuments(DocumentQuery()); });
  const std::string waiting =
      "SELECT count(*) FROM pg_locks WHERE NOT granted AND relation = 'pending_docs'::regclass";
  ASSERT_TRUE(AwaitCount(**locker, waiting, 1));
  auto reader = (*locker)->Exec(
      "SELECT pid FROM pg_locks WHERE NOT granted AND relation = 'pending_docs'::regclass");
  ASSERT_TRUE(reader.ok() && reader->rows() == 1);
  const int64_t pid = reader->Int(0, 0);
  // Granted once the read is aborted (its deadlock check, 5 s after it
  // started waiting).
  ASSERT_TRUE((*locker)->Run("LOCK TABLE docs IN ACCESS EXCLUSIVE MODE").ok());
  // The read runs again on the same backend, now waiting for docs.
  ASSERT_TRUE(AwaitCount(**locker,
                         absl::StrCat("SELECT count(*) FROM pg_locks WHERE NOT granted AND "
                                      "relation = 'docs'::regclass AND pid = ",
                                      pid),
                         1));
  ASSERT_TRUE((*locker)->Run("COMMIT").ok());
  auto page = listed.get();
  ASSERT_TRUE(page.ok()) << page.status();
  EXPECT_EQ(page->documents.size(), 1u);
  EXPECT_EQ(store->read_retries(), retries_before + 1);
}

// The postmaster SIGKILLed while writers run, then restarted (one cycle;
// READOUT_PG_CRASH_CYCLES=5 for the soak in docs/benchmarks.md): every
// write acknowledged before a crash is there after the restart, whole, and
// the feed has no gap.
TEST_F(PostgresStoreTest, AcknowledgedWritesSurviveAPostmasterKill) {
  int cycles = 1;
  if (const char* env = std::getenv("READOUT_PG_CRASH_CYCLES")) cycles = std::atoi(env);
  std::unique_ptr<PostgresStore> store = Open();
  ASSERT_NE(store, nullptr);
  absl::Mutex mu;
  std::set<int64_t> acknowledged;
  for (int cycle = 0; cycle < cycles; ++cycle) {
    std::atomic<bool> stop{false};
    std::atomic<int> acknowledged_now{0};
    std::vector<std::thread> writers;
    for (int w = 0; w < 3; ++w) {
      writers.emplace_back([&, w] {
        for (int64_t i = 0; !stop; ++i) {
          const int64_t n = int64_t{cycle} * 1000000 + int64_t{w} * 100000 + i;
          if (Create(*store, n).ok()) {
            absl::MutexLock lock(&mu);
            acknowledged.insert(n);
            ++acknowledged_now;
          }
        }
      });
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(1500));
    ASSERT_TRUE(cluster_->KillPostmaster().ok());
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    stop = true;
    for (std::thread& t : writers) t.join();
    EXPECT_GT(acknowledged_now.load(), 5) << "cycle " << cycle;
    ASSERT_TRUE(cluster_->Restart().ok());
    for (int i = 0; i < 100; ++i) {
      if (store->GetDocument("probe").status().code() != absl::StatusCode::kUnavailable) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    std::set<int64_t> expected;
    {
      absl::MutexLock lock(&mu);
      expected = acknowledged;
    }
    for (int64_t n : expected) {
      auto doc = store->GetDocument(MakeNumberedExtraction(n).document().content_hash());
      ASSERT_TRUE(doc.ok()) << "cycle " << cycle << ", record " << n << ": " << doc.status();
      EXPECT_EQ(doc->extraction().SerializeAsString(),
                MakeNumberedExtraction(n).SerializeAsString());
    }
    const int64_t current = store->CurrentRevision();
    EXPECT_GE(current, static_cast<int64_t>(expected.size()));
    auto feed = store->ReadChanges(1, 1000000);
    ASSERT_TRUE(feed.ok()) << feed.status();
    ASSERT_EQ(static_cast<int64_t>(feed->changes.size()), current);
    for (int64_t i = 0; i < current; ++i) {
      EXPECT_EQ(feed->changes[i].revision(), i + 1);
      EXPECT_TRUE(feed->changes[i].has_document());  // Whole: the document and its change.
    }
    std::cout << "postmaster kill cycle " << cycle + 1 << "/" << cycles << ": " << expected.size()
              << " acknowledged creates verified, revision " << current << std::endl;
  }
}

}  // namespace
}  // namespace readout::catalog
