// Tests of the PostgreSQL store's write path on real throwaway clusters:
// which errors a writer runs again (a unique violation only where a
// concurrent create can cause it), writers adding the same new position
// titles in opposite orders (no lock waits, so no deadlock and no retry),
// the lock order a database's isolation sets, prepared statements the
// server dropped or can no longer run as planned (run again on a new
// connection), one name twice in a pipeline, and a connection lost while
// PostgreSQL commits (UNAVAILABLE: the outcome is unknown, not an internal
// error).
#include <algorithm>
#include <atomic>
#include <chrono>
#include <future>
#include <memory>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "catalog-service/errors.h"
#include "catalog-service/store/postgres/pg_connection.h"
#include "catalog-service/store/postgres/postgres_store.h"
#include "catalog-service/testing/postgres_cluster.h"
#include "catalog-service/testing/test_records.h"
#include "gtest/gtest.h"

namespace readout::catalog {
namespace {

using testing::CreateAndWait;
using testing::MakeExtraction;
using testing::SyntheticDocument;
using testing::SyntheticPerson;

PostgresStoreOptions StoreOptions(const std::string& url) {
  PostgresStoreOptions options;
  options.url = url;
  options.statement_timeout_ms = 10000;
  options.connect_timeout_s = 2;
  return options;
}

std::unique_ptr<PostgresStore> OpenStore(const std::string& url) {
  auto store = PostgresStore::Open(StoreOptions(url));
  EXPECT_TRUE(store.ok()) << store.status();
  return store.ok() ? std::move(*store) : nullptr;
}

absl::StatusOr<std::string> NewDatabase() {
  auto cluster = testing::SharedPostgresCluster();
  if (!cluster.ok()) return cluster.status();
  if (!(*cluster)->running()) {
    if (absl::Status s = (*cluster)->Restart(); !s.ok()) return s;
  }
  return (*cluster)->CreateDatabase();
}

TEST(PostgresWritesTest, AUniqueViolationIsAConflictOnlyWhereTheCallerSaysSo) {
  auto url = NewDatabase();
  ASSERT_TRUE(url.ok()) << url.status();
  auto c = pg::Connection::Open(*url, 5);
  ASSERT_TRUE(c.ok()) << c.status();
  ASSERT_TRUE((*c)->Run("CREATE TABLE t(k bigint PRIMARY KEY); INSERT INTO t VALUES (1)").ok());
  absl::Status twice = (*c)->Exec("INSERT INTO t VALUES (1)").status();
  // Not retried blindly: a key stored twice outside a create is a fault.
  EXPECT_EQ(twice.code(), absl::StatusCode::kInternal) << twice;
  EXPECT_FALSE(pg::IsConflict(twice));
  EXPECT_EQ(pg::SqlState(twice), "23505");
  // The create path says what it means there: a concurrent writer first.
  absl::Status conflict = pg::ConflictWhen(twice, "23505");
  EXPECT_EQ(conflict.code(), absl::StatusCode::kAborted);
  EXPECT_TRUE(pg::IsConflict(conflict));
  EXPECT_EQ(ErrorReason(conflict), "STORAGE_CONFLICT");
  // Another state is left as it is.
  EXPECT_FALSE(pg::IsConflict(pg::ConflictWhen(twice, "40001")));
}

TEST(PostgresWritesTest, ArraysOfEveryKindReachTheServerIntact) {
  auto url = NewDatabase();
  ASSERT_TRUE(url.ok()) << url.status();
  auto c = pg::Connection::Open(*url, 5);
  ASSERT_TRUE(c.ok()) << c.status();
  const std::vector<std::string> texts = {"", "a \"quoted\" {text}, with \\ and 中文", "NULL"};
  const std::vector<std::string> bytes = {std::string("\0\xff\x01", 3), ""};
  const std::vector<int64_t> ints = {0, -1, int64_t{1} << 62, -(int64_t{1} << 40)};
  auto r = (*c)->Exec(
      "SELECT array_length($1::text[], 1), ($1::text[])[2], ($1::text[])[3] IS NULL, "
      "encode(($2::bytea[])[1], 'hex'), length(($2::bytea[])[2]), ($3::bigint[])::text, "
      "cardinality($4::text[])",
      {pg::Param::TextList(texts), pg::Param::BytesList(bytes), pg::Param::IntList(ints),
       pg::Param::TextList({})});
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->Int(0, 0), 3);
  EXPECT_EQ(r->Text(0, 1), texts[1]);
  EXPECT_EQ(r->Text(0, 2), "f");
  EXPECT_EQ(r->Text(0, 3), "00ff01");
  EXPECT_EQ(r->Int(0, 4), 0);
  EXPECT_EQ(r->Text(0, 5), "{0,-1,4611686018427387904,-1099511627776}");
  EXPECT_EQ(r->Int(0, 6), 0);
}

// A statement prepared on a connection that the session then lost (here
// DEALLOCATE ALL, as a connection pooler's DISCARD ALL does) is a conflict
// to run again, and the connection is dropped, not pooled to fail again.
TEST(PostgresWritesTest, APreparedStatementTheServerDroppedIsRunAgainElsewhere) {
  auto url = NewDatabase();
  ASSERT_TRUE(url.ok()) << url.status();
  auto c = pg::Connection::Open(*url, 5);
  ASSERT_TRUE(c.ok()) << c.status();
  const pg::Statement select{"readout_test_select", "SELECT $1::bigint + 1", {pg::Param::Int(1)}};
  auto first = (*c)->Pipeline({select}, /*commit=*/false);
  ASSERT_TRUE(first.ok()) << first.status();
  ASSERT_TRUE((*c)->Run("DEALLOCATE ALL").ok());
  auto second = (*c)->Pipeline({select}, /*commit=*/false);
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.status().code(), absl::StatusCode::kAborted) << second.status();
  EXPECT_TRUE(pg::IsConflict(second.status())) << second.status();
  EXPECT_EQ(pg::SqlState(second.status()), "26000");
  EXPECT_TRUE((*c)->broken());
  // A fresh connection prepares it again.
  auto fresh = pg::Connection::Open(*url, 5);
  ASSERT_TRUE(fresh.ok()) << fresh.status();
  auto third = (*fresh)->Pipeline({select}, /*commit=*/false);
  ASSERT_TRUE(third.ok()) << third.status();
  EXPECT_EQ((*third)[0].Int(0, 0), 2);
}

// One name twice in one pipeline is prepared once (twice fails, 42P05).
TEST(PostgresWritesTest, AStatementNamedTwiceInOnePipelineIsPreparedOnce) {
  auto url = NewDatabase();
  ASSERT_TRUE(url.ok()) << url.status();
  auto c = pg::Connection::Open(*url, 5);
  ASSERT_TRUE(c.ok()) << c.status();
  auto r = (*c)->Pipeline({{"readout_test_twice", "SELECT $1::bigint * 2", {pg::Param::Int(3)}},
                           {"readout_test_twice", "SELECT $1::bigint * 2", {pg::Param::Int(5)}}},
                          /*commit=*/false);
  ASSERT_TRUE(r.ok()) << r.status();
  ASSERT_EQ(r->size(), 2u);
  EXPECT_EQ((*r)[0].Int(0, 0), 6);
  EXPECT_EQ((*r)[1].Int(0, 0), 10);
  EXPECT_FALSE((*c)->broken());
}

// Another replica's migration changes the type of a column a prepared
// create statement returns: its cached plan no longer fits (0A000). The
// create runs again on a new connection and succeeds.
TEST(PostgresWritesTest, ACreateSurvivesAMigrationThatChangesAPreparedStatementsResult) {
  auto url = NewDatabase();
  ASSERT_TRUE(url.ok()) << url.status();
  PostgresStoreOptions options = StoreOptions(*url);
  // One pooled connection besides the listener's: the second create runs
  // on the connection that prepared the first one's statements.
  options.max_connections = 2;
  options.writer_threads = 1;
  // No read of the history at start, whose connection could be the one
  // the second create gets (ADR 0070).
  options.warm_history = false;
  auto opened = PostgresStore::Open(options);
  ASSERT_TRUE(opened.ok()) << opened.status();
  PostgresStore& store = **opened;
  ASSERT_TRUE(testing::CreateNumbered(store, 1).ok());
  auto admin = pg::Connection::Open(*url, 5);
  ASSERT_TRUE(admin.ok());
  ASSERT_TRUE(
      (*admin)->Run("ALTER TABLE revision_counter ALTER COLUMN revision TYPE numeric").ok());
  const int64_t retries = store.write_retries();
  absl::Status second = testing::CreateNumbered(store, 2);
  EXPECT_TRUE(second.ok()) << second;
  EXPECT_GE(store.write_retries(), retries + 1);
  EXPECT_EQ(store.CurrentRevision(), 2);
  absl::Status third = testing::CreateNumbered(store, 3);
  EXPECT_TRUE(third.ok()) << third;
}

// Writers on two replicas whose documents bring the same new titles, in
// opposite orders, at the same moments: the titles are added under the
// revision counter's lock, so no writer waits on another's title, and
// none is aborted as a deadlock (which would show as a retry).
TEST(PostgresWritesTest, WritersAddingTheSameNewTitlesNeverWaitOnEachOther) {
  auto url = NewDatabase();
  ASSERT_TRUE(url.ok()) << url.status();
  std::unique_ptr<PostgresStore> a = OpenStore(*url);
  std::unique_ptr<PostgresStore> b = OpenStore(*url);
  ASSERT_NE(a, nullptr);
  ASSERT_NE(b, nullptr);
  constexpr int kRounds = 40, kWritersPerStore = 3;
  std::atomic<int> failures{0};
  std::string error;
  std::vector<std::thread> writers;
  for (int w = 0; w < 2 * kWritersPerStore; ++w) {
    writers.emplace_back([&, w] {
      PostgresStore& store = w % 2 == 0 ? *a : *b;
      for (int round = 0; round < kRounds; ++round) {
        SyntheticDocument doc;
        doc.body = absl::StrCat("Writer ", w, " round ", round, ".");
        std::vector<std::string> titles;
        for (int k = 0; k < 4; ++k) titles.push_back(absl::StrCat("envoy ", round, "-", k));
        if (w % 2 == 1) std::reverse(titles.begin(), titles.end());
        for (size_t k = 0; k < titles.size(); ++k) {
          doc.people.push_back(SyntheticPerson{absl::StrCat("Person W", w, "R", round, "K", k),
                                               titles[k], "ministry of commerce"});
        }
        auto made = CreateAndWait(store, {MakeExtraction(doc)});
        if (!made.ok()) {
          ++failures;
          error = made.status().ToString();
        }
      }
    });
  }
  for (std::thread& t : writers) t.join();
  EXPECT_EQ(failures.load(), 0) << error;
  EXPECT_EQ(a->write_retries() + b->write_retries(), 0);
  auto c = pg::Connection::Open(*url, 5);
  ASSERT_TRUE(c.ok());
  auto titles = (*c)->Exec("SELECT count(*) FROM position_titles WHERE title_lc LIKE 'envoy %'");
  ASSERT_TRUE(titles.ok()) << titles.status();
  EXPECT_EQ(titles->Int(0, 0), kRounds * 4);
  EXPECT_EQ(a->CurrentRevision(), 2 * kWritersPerStore * kRounds);
}

// Creates that find the revision counter locked commit pending and wait.
// Once it is free, one of their writers numbers them all in one
// transaction and tells the others their revisions (ADR 0055): each
// create gets its own revision, the one its document is stored with.
TEST(PostgresWritesTest, OneWriterNumbersThePendingCreatesOfAllAndTellsThemTheirRevisions) {
  auto url = NewDatabase();
  ASSERT_TRUE(url.ok()) << url.status();
  PostgresStoreOptions options = StoreOptions(*url);
  options.writer_threads = 4;
  auto opened = PostgresStore::Open(options);
  ASSERT_TRUE(opened.ok()) << opened.status();
  PostgresStore& store = **opened;
  auto admin = pg::Connection::Open(*url, 5);
  ASSERT_TRUE(admin.ok());
  ASSERT_TRUE((*admin)->Run("BEGIN; SELECT 1 FROM revision_counter FOR UPDATE").ok());
  constexpr int kCreates = 4;
  std::vector<std::future<absl::StatusOr<v1::BatchCreateDocumentsResponse>>> creates;
  auto watcher = pg::Connection::Open(*url, 5);
  ASSERT_TRUE(watcher.ok());
  for (int i = 0; i < kCreates; ++i) {
    creates.push_back(std::async(std::launch::async, [&store, i] {
      return CreateAndWait(store, {testing::MakeNumberedExtraction(100 + i)});
    }));
    // Its rows committed pending while the lock is held; then the next
    // create, a group of its own.
    int64_t pending = 0;
    for (int k = 0; k < 1000 && pending <= i; ++k) {
      auto r = (*watcher)->Exec("SELECT count(*) FROM pending_docs");
      ASSERT_TRUE(r.ok()) << r.status();
      pending = r->Int(0, 0);
      if (pending <= i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    ASSERT_EQ(pending, i + 1);
  }
  const int64_t numberings = store.numberings();
  ASSERT_TRUE((*admin)->Commit().ok());
  std::set<int64_t> revisions;
  for (auto& create : creates) {
    ASSERT_EQ(create.wait_for(std::chrono::seconds(30)), std::future_status::ready);
    auto made = create.get();
    ASSERT_TRUE(made.ok()) << made.status();
    ASSERT_EQ(made->responses_size(), 1);
    const v1::CatalogDocument& doc = made->responses(0).document();
    auto stored = store.GetDocument(doc.extraction().document().content_hash());
    ASSERT_TRUE(stored.ok()) << stored.status();
    EXPECT_EQ(stored->revision(), doc.revision()) << doc.name();
    revisions.insert(doc.revision());
  }
  EXPECT_EQ(revisions, (std::set<int64_t>{1, 2, 3, 4}));
  // One numbering made all of them visible; the writers whose rows it
  // numbered, but that did not number them, were told their revisions.
  EXPECT_EQ(store.numberings(), numberings + 1);
  EXPECT_EQ(store.pending_creates(), kCreates);
  EXPECT_EQ(store.handed_over(), kCreates - 1);
}

// A burst of pending creates leaves pending_docs' statistics saying it
// holds thousands of rows while it holds a few. Writes still find the
// documents they number by index: none reads docs sequentially (a hash
// join over the whole table, with the counter's lock held; ADR 0055).
TEST(PostgresWritesTest, StaleStatisticsOfPendingRowsNeverMakeAWriteScanEveryDocument) {
  auto url = NewDatabase();
  ASSERT_TRUE(url.ok()) << url.status();
  constexpr int kDocuments = 2000;
  {
    std::unique_ptr<PostgresStore> filler = OpenStore(*url);
    ASSERT_NE(filler, nullptr);
    for (int first = 0; first < kDocuments; first += 500) {
      std::vector<v1::Extraction> batch;
      for (int n = first; n < first + 500; ++n) batch.push_back(testing::MakeNumberedExtraction(n));
      auto made = CreateAndWait(*filler, batch);
      ASSERT_TRUE(made.ok()) << made.status();
    }
  }
  {
    // The stale figures are made on a connection of their own, closed
    // before the count: its INSERT ... SELECT reads docs whole, and a
    // backend that stays reports its counts only at its next statement a
    // second or more later (PostgreSQL 15), so on the counting connection
    // that read would land between the two counts.
    auto setup = pg::Connection::Open(*url, 5);
    ASSERT_TRUE(setup.ok());
    // ANALYZE records its figures even when the transaction rolls back.
    ASSERT_TRUE((*setup)
                    ->Run("ANALYZE docs; BEGIN; INSERT INTO pending_docs SELECT rowid FROM docs; "
                          "ANALYZE pending_docs; ROLLBACK")
                    .ok());
  }
  // The counting connection reads statistics views only, never docs.
  auto admin = pg::Connection::Open(*url, 5);
  ASSERT_TRUE(admin.ok());
  auto estimate = (*admin)->Exec("SELECT reltuples FROM pg_class WHERE relname = 'pending_docs'");
  ASSERT_TRUE(estimate.ok()) << estimate.status();
  ASSERT_EQ(estimate->Int(0, 0), kDocuments);
  auto scans = [&]() -> int64_t {
    auto r = (*admin)->Exec(
        "SELECT pg_stat_clear_snapshot(), (SELECT seq_scan FROM pg_stat_user_tables "
        "WHERE relname = 'docs')");
    EXPECT_TRUE(r.ok()) << r.status();
    return r.ok() ? r->Int(0, 1) : -1;
  };
  // Every other backend reports its counts as it exits: the filler's
  // (whose writes to a table still small may read it whole) and the setup
  // connection's before the count is taken, the store's below before it
  // is compared.
  auto others_gone = [&]() -> bool {
    int64_t others = 1;
    for (int i = 0; i < 500 && others > 0; ++i) {
      auto r = (*admin)->Exec(
          "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND "
          "pid <> pg_backend_pid()");
      if (!r.ok()) return false;
      others = r->Int(0, 0);
      if (others > 0) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return others == 0;
  };
  ASSERT_TRUE(others_gone());
  const int64_t before = scans();
  {
    // Writes only: no read of the history at start (ADR 0070), which
    // reads changes, not docs, but is no write.
    PostgresStoreOptions options = StoreOptions(*url);
    options.warm_history = false;
    auto opened = PostgresStore::Open(options);
    ASSERT_TRUE(opened.ok()) << opened.status();
    std::unique_ptr<PostgresStore> store = std::move(*opened);
    std::vector<std::thread> writers;
    std::atomic<int> failures{0};
    for (int w = 0; w < 8; ++w) {
      writers.emplace_back([&, w] {
        for (int i = 0; i < 10; ++i) {
          auto made =
              CreateAndWait(*store, {testing::MakeNumberedExtraction(kDocuments + 100 * w + i)});
          if (!made.ok()) ++failures;
        }
      });
    }
    for (std::thread& t : writers) t.join();
    EXPECT_EQ(failures.load(), 0);
    EXPECT_EQ(store->CurrentRevision(), kDocuments + 80);
  }
  ASSERT_TRUE(others_gone());
  EXPECT_EQ(scans(), before);
}

// A new catalog filled in large batches (readout catalog copy, an
// import): its write statements are planned once per connection while the
// tables are still empty, and were kept for the whole fill. Looking up a
// batch's ids then read all of docs once for each id, so the fill slowed
// with the square of its size (a 1,000-document batch passed the 30 s
// statement timeout at 22,000 documents). Writes find rows by index only.
TEST(PostgresWritesTest, AFreshCatalogFilledInBatchesNeverScansEveryDocumentPerLookup) {
  auto url = NewDatabase();
  ASSERT_TRUE(url.ok()) << url.status();
  constexpr int kBatches = 12;
  constexpr int kBatchSize = 250;
  {
    PostgresStoreOptions options = StoreOptions(*url);
    options.max_connections = 1;  // one connection: one plan for the whole fill
    options.writer_threads = 1;
    auto store = PostgresStore::Open(options);
    ASSERT_TRUE(store.ok()) << store.status();
    for (int b = 0; b < kBatches; ++b) {
      std::vector<v1::Extraction> batch;
      for (int n = 0; n < kBatchSize; ++n) {
        batch.push_back(testing::MakeNumberedExtraction(b * kBatchSize + n));
      }
      auto made = CreateAndWait(**store, batch);
      ASSERT_TRUE(made.ok()) << made.status();
    }
    EXPECT_EQ((*store)->CurrentRevision(), kBatches * kBatchSize);
  }
  auto admin = pg::Connection::Open(*url, 5);
  ASSERT_TRUE(admin.ok()) << admin.status();
  // The store's backends report their counts as they exit.
  int64_t others = 1;
  for (int i = 0; i < 500 && others > 0; ++i) {
    auto r = (*admin)->Exec(
        "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND "
        "pid <> pg_backend_pid()");
    ASSERT_TRUE(r.ok()) << r.status();
    others = r->Int(0, 0);
    if (others > 0) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  ASSERT_EQ(others, 0);
  auto scans = (*admin)->Exec(
      "SELECT pg_stat_clear_snapshot(), (SELECT seq_scan FROM pg_stat_user_tables "
      "WHERE relname = 'docs')");
  ASSERT_TRUE(scans.ok()) << scans.status();
  // The migrations read the empty table a few times; a lookup by scan
  // would read it once per document of each batch (3,000 here).
  EXPECT_LT(scans->Int(0, 1), 50);
}

TEST(PostgresWritesTest, TheDatabaseIsolationSetsTheLockOrderOfEveryReplica) {
  auto url = NewDatabase();
  ASSERT_TRUE(url.ok()) << url.status();
  std::unique_ptr<PostgresStore> read_committed = OpenStore(*url);
  ASSERT_NE(read_committed, nullptr);
  EXPECT_FALSE(read_committed->locks_counter_first());
  read_committed.reset();
  auto c = pg::Connection::Open(*url, 5);
  ASSERT_TRUE(c.ok());
  auto name = (*c)->Exec("SELECT current_database()");
  ASSERT_TRUE(name.ok());
  ASSERT_TRUE((*c)->Run(absl::StrCat("ALTER DATABASE \"", name->Text(0, 0),
                                     "\" SET default_transaction_isolation = 'serializable'"))
                  .ok());
  // From its first write, before any abort.
  std::unique_ptr<PostgresStore> serializable = OpenStore(*url);
  ASSERT_NE(serializable, nullptr);
  EXPECT_TRUE(serializable->locks_counter_first());
  EXPECT_TRUE(testing::CreateNumbered(*serializable, 1).ok());
  EXPECT_EQ(serializable->CurrentRevision(), 1);
}

// A create whose COMMIT waits (for a synchronous standby that never comes)
// when the postmaster is killed: the commit record is already flushed, so
// the create is in the database after the restart; the caller, who cannot
// know that, gets UNAVAILABLE saying the outcome is unknown.
TEST(PostgresWritesTest, AConnectionLostWhileCommittingIsUnavailableWithTheOutcomeUnknown) {
  auto started = testing::PostgresCluster::Start();
  ASSERT_TRUE(started.ok()) << started.status();
  testing::PostgresCluster& cluster = **started;
  auto url = cluster.CreateDatabase();
  ASSERT_TRUE(url.ok()) << url.status();
  std::unique_ptr<PostgresStore> store = OpenStore(*url);
  ASSERT_NE(store, nullptr);
  auto admin = pg::Connection::Open(*url, 5);
  ASSERT_TRUE(admin.ok());
  ASSERT_TRUE((*admin)->Run("ALTER SYSTEM SET synchronous_standby_names = 'absent_standby'").ok());
  ASSERT_TRUE((*admin)->Run("SELECT pg_reload_conf()").ok());
  // pg_reload_conf() only signals the postmaster; the store's sessions, and
  // the checkpointer that tells commits a synchronous standby is named, take
  // the setting a little later. A create that commits without waiting came
  // too early: the next one is tried.
  v1::Extraction x;
  std::future<absl::StatusOr<v1::BatchCreateDocumentsResponse>> pending;
  int64_t expected_revision = 0;
  bool waiting = false;
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(120);
  for (int attempt = 0; attempt < 50 && !waiting; ++attempt) {
    x = testing::MakeNumberedExtraction(7 + attempt);
    ++expected_revision;
    pending = std::async(std::launch::async, [&store, x] { return CreateAndWait(*store, {x}); });
    bool committed = false;
    while (!waiting && !committed && std::chrono::steady_clock::now() < give_up) {
      auto r = (*admin)->Exec("SELECT count(*) FROM pg_stat_activity WHERE wait_event = 'SyncRep'");
      ASSERT_TRUE(r.ok()) << r.status();
      waiting = r->Int(0, 0) > 0;
      committed =
          !waiting && pending.wait_for(std::chrono::milliseconds(10)) == std::future_status::ready;
    }
    // Waiting, or out of time with the create still pending.
    if (!committed) break;
    auto early = pending.get();
    ASSERT_TRUE(early.ok()) << early.status();
  }
  if (!waiting) {
    // A create still pending ends when the server goes: the test can end.
    (void)cluster.KillPostmaster();
    FAIL() << "no COMMIT waited for the standby in 120 s";
  }
  admin->reset();
  ASSERT_TRUE(cluster.KillPostmaster().ok());
  ASSERT_EQ(pending.wait_for(std::chrono::seconds(30)), std::future_status::ready);
  auto outcome = pending.get();
  ASSERT_FALSE(outcome.ok());
  // A lost connection is UNAVAILABLE, STORAGE_UNAVAILABLE whether or not
  // the COMMIT was in flight (ErrorOf's broken() path gives the same code
  // and reason): only the message, saying the outcome is unknown, tells
  // this case apart, so that check is what tests it.
  EXPECT_EQ(outcome.status().code(), absl::StatusCode::kUnavailable) << outcome.status();
  EXPECT_TRUE(absl::StrContains(outcome.status().message(), "unknown")) << outcome.status();
  ASSERT_TRUE(cluster.Restart().ok());
  auto again = pg::Connection::Open(*url, 5);
  ASSERT_TRUE(again.ok()) << again.status();
  ASSERT_TRUE((*again)->Run("ALTER SYSTEM RESET synchronous_standby_names").ok());
  ASSERT_TRUE((*again)->Run("SELECT pg_reload_conf()").ok());
  absl::StatusOr<v1::CatalogDocument> doc;
  for (int i = 0; i < 100; ++i) {
    doc = store->GetDocument(x.document().content_hash());
    if (doc.status().code() != absl::StatusCode::kUnavailable) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  ASSERT_TRUE(doc.ok()) << doc.status();
  EXPECT_EQ(doc->revision(), expected_revision);
}

}  // namespace
}  // namespace readout::catalog
