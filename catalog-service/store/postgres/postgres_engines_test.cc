// What PostgresStore does for the Postgres-protocol engines that run every
// transaction SERIALIZABLE (ADR 0012), shown on PostgreSQL itself with its
// own stricter isolation: a database whose transactions default to
// REPEATABLE READ aborts a writer that waited on the revision counter's row
// lock while another replica updated it (SQLSTATE 40001), as CockroachDB
// does under contention. The store takes the counter's lock first there
// (ADR 0046) and runs an aborted write again, so concurrent writers on two
// replicas all succeed, with every revision once, in order;
// and replicas that start together migrate the schema once, under a row
// lock rather than a session advisory lock. An engine that refuses some of
// the write transactions' planner settings is shown with PostgreSQL's own
// set_config overridden for one database: the store leaves those out.
#include <atomic>
#include <chrono>
#include <future>
#include <memory>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "absl/cleanup/cleanup.h"
#include "absl/strings/str_cat.h"
#include "catalog-service/store/postgres/pg_connection.h"
#include "catalog-service/store/postgres/postgres_store.h"
#include "catalog-service/testing/postgres_cluster.h"
#include "catalog-service/testing/test_records.h"
#include "gtest/gtest.h"

namespace readout::catalog {
namespace {

using testing::CreateNumbered;

TEST(PostgresEnginesTest, WritesAbortedForAConcurrentReplicaAreRunAgain) {
  auto cluster = testing::SharedPostgresCluster();
  ASSERT_TRUE(cluster.ok()) << cluster.status();
  auto url = (*cluster)->CreateDatabase();
  ASSERT_TRUE(url.ok()) << url.status();
  {
    auto admin = pg::Connection::Open(*url, 10);
    ASSERT_TRUE(admin.ok()) << admin.status();
    auto name = (*admin)->Exec("SELECT current_database()");
    ASSERT_TRUE(name.ok()) << name.status();
    ASSERT_TRUE((*admin)
                    ->Run(absl::StrCat("ALTER DATABASE \"", name->Text(0, 0),
                                       "\" SET default_transaction_isolation = 'repeatable read'"))
                    .ok());
  }
  // Three replicas start at once on the empty database: one migrates, the
  // others wait on the migration lock's row, are aborted when it commits,
  // and run their start again over the migrated schema.
  std::vector<std::future<absl::StatusOr<std::unique_ptr<PostgresStore>>>> opening;
  for (int i = 0; i < 3; ++i) {
    opening.push_back(std::async(std::launch::async, [&] {
      PostgresStoreOptions options;
      options.url = *url;
      return PostgresStore::Open(options);
    }));
  }
  std::vector<std::unique_ptr<PostgresStore>> replicas;
  std::set<std::string> secrets;
  for (auto& f : opening) {
    auto store = f.get();
    ASSERT_TRUE(store.ok()) << store.status();
    secrets.insert((*store)->TokenSecret());
    replicas.push_back(std::move(*store));
  }
  EXPECT_EQ(secrets.size(), 1u);
  {
    // The setting is in force on new connections.
    auto check = pg::Connection::Open(*url, 10);
    ASSERT_TRUE(check.ok());
    auto isolation = (*check)->Exec("SHOW default_transaction_isolation");
    ASSERT_TRUE(isolation.ok());
    EXPECT_EQ(isolation->Text(0, 0), "repeatable read");
  }

  constexpr int kWritersPerReplica = 4;
  constexpr int kDocsPerWriter = 25;
  constexpr int64_t kTotal = 2 * kWritersPerReplica * kDocsPerWriter;
  std::atomic<int> failures{0};
  std::vector<std::string> errors(2 * kWritersPerReplica);
  std::vector<std::thread> writers;
  for (int w = 0; w < 2 * kWritersPerReplica; ++w) {
    writers.emplace_back([&, w] {
      for (int i = 0; i < kDocsPerWriter; ++i) {
        absl::Status status = CreateNumbered(*replicas[w % 2], int64_t{w} * 1000 + i);
        if (!status.ok()) {
          ++failures;
          errors[w] = status.ToString();
        }
      }
    });
  }
  for (std::thread& t : writers) t.join();
  EXPECT_EQ(failures.load(), 0) << errors[0] << " " << errors[1];
  // The two writers did collide, and their writes were run again.
  EXPECT_GT(replicas[0]->write_retries() + replicas[1]->write_retries(), 0);
  // On a database stricter than READ COMMITTED every replica takes the
  // counter's lock first (ADR 0046), the one that wrote nothing too.
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(replicas[i]->locks_counter_first()) << i;

  // Every revision once, in order, each its own document.
  EXPECT_EQ(replicas[1]->CurrentRevision(), kTotal);
  auto changes = replicas[1]->ReadChanges(1, static_cast<int>(kTotal) + 10);
  ASSERT_TRUE(changes.ok()) << changes.status();
  ASSERT_EQ(static_cast<int64_t>(changes->changes.size()), kTotal);
  std::set<std::string> names;
  for (int64_t i = 0; i < kTotal; ++i) {
    EXPECT_EQ(changes->changes[static_cast<size_t>(i)].revision(), i + 1);
    names.insert(changes->changes[static_cast<size_t>(i)].name());
  }
  EXPECT_EQ(names.size(), static_cast<size_t>(kTotal));
}

// The write transactions' optional settings (planner settings and jit, ADR
// 0012) are tried once at Open. An engine that does not know some of them
// (YugabyteDB's PostgreSQL 11 has no plan_cache_mode) is shown by a
// database whose search_path puts a set_config of its own before
// PostgreSQL's: it refuses two names as an unknown setting (SQLSTATE
// 42704) and passes every other through. The store lists the two as
// refused and writes (creates, pending ones numbered by another writer, a
// delete) succeed without them; a create that commits pending behind the
// counter's lock is numbered and acknowledged once the lock is free. On a
// plain database none is refused.
TEST(PostgresEnginesTest, WriteSettingsTheDatabaseRefusesAreLeftOut) {
  auto cluster = testing::SharedPostgresCluster();
  ASSERT_TRUE(cluster.ok()) << cluster.status();
  auto plain_url = (*cluster)->CreateDatabase();
  ASSERT_TRUE(plain_url.ok()) << plain_url.status();
  {
    PostgresStoreOptions options;
    options.url = *plain_url;
    auto plain = PostgresStore::Open(options);
    ASSERT_TRUE(plain.ok()) << plain.status();
    EXPECT_TRUE((*plain)->refused_write_settings().empty());
  }
  auto url = (*cluster)->CreateDatabase();
  ASSERT_TRUE(url.ok()) << url.status();
  {
    auto admin = pg::Connection::Open(*url, 10);
    ASSERT_TRUE(admin.ok()) << admin.status();
    auto name = (*admin)->Exec("SELECT current_database()");
    ASSERT_TRUE(name.ok()) << name.status();
    ASSERT_TRUE(
        (*admin)
            ->Run(absl::StrCat(
                "CREATE SCHEMA narrow_engine; "
                "CREATE FUNCTION narrow_engine.set_config(name text, value text, local boolean) "
                "RETURNS text LANGUAGE plpgsql AS $$ BEGIN "
                "IF name IN ('plan_cache_mode', 'jit') THEN RAISE EXCEPTION "
                "'unrecognized configuration parameter \"%\"', name USING ERRCODE = '42704'; "
                "END IF; RETURN pg_catalog.set_config(name, value, local); END $$; "
                "ALTER DATABASE \"",
                name->Text(0, 0),
                "\" SET search_path = public, narrow_engine, pg_catalog; "
                // Off for the database instead, as a server without JIT
                // is: the numbering statement compiled on every run would
                // take seconds here.
                "ALTER DATABASE \"",
                name->Text(0, 0), "\" SET jit = off"))
            .ok());
  }
  {
    // The override is in force on new connections.
    auto check = pg::Connection::Open(*url, 10);
    ASSERT_TRUE(check.ok());
    EXPECT_FALSE((*check)->Exec("SELECT set_config('plan_cache_mode', 'auto', true)").ok());
    EXPECT_TRUE((*check)->Exec("SELECT set_config('enable_hashjoin', 'off', true)").ok());
  }
  PostgresStoreOptions options;
  options.url = *url;
  options.writer_threads = 4;
  auto opened = PostgresStore::Open(options);
  ASSERT_TRUE(opened.ok()) << opened.status();
  PostgresStore& store = **opened;
  ASSERT_EQ(store.refused_write_settings().size(), 2u);
  EXPECT_EQ(store.refused_write_settings()[0].rfind("plan_cache_mode: ", 0), 0u)
      << store.refused_write_settings()[0];
  EXPECT_EQ(store.refused_write_settings()[1].rfind("jit: ", 0), 0u)
      << store.refused_write_settings()[1];
  // Concurrent creates: some commit pending and are numbered by another.
  std::vector<std::thread> writers;
  std::atomic<int> failures{0};
  std::string error;
  for (int w = 0; w < 4; ++w) {
    writers.emplace_back([&, w] {
      for (int i = 0; i < 10; ++i) {
        absl::Status status = CreateNumbered(store, int64_t{w} * 100 + i + 1);
        if (!status.ok()) {
          if (failures++ == 0) error = status.ToString();
        }
      }
    });
  }
  for (std::thread& t : writers) t.join();
  EXPECT_EQ(failures.load(), 0) << error;
  EXPECT_EQ(store.CurrentRevision(), 40);
  DeleteRequest gone;
  gone.id = testing::MakeNumberedExtraction(1).document().content_hash();
  absl::Status deleted = testing::DeleteAndWait(store, gone);
  EXPECT_TRUE(deleted.ok()) << deleted;
  EXPECT_EQ(store.CurrentRevision(), 41);
  EXPECT_FALSE(store.GetDocument(gone.id).ok());
  // A create that finds the counter's lock held commits its rows pending
  // (its commit's synchronous_commit set without the refused settings),
  // and once the lock is free it is numbered, acknowledged and visible.
  auto holder = pg::Connection::Open(*url, 10);
  ASSERT_TRUE(holder.ok()) << holder.status();
  ASSERT_TRUE((*holder)->Run("BEGIN; SELECT 1 FROM revision_counter FOR UPDATE").ok());
  bool counter_locked = true;
  const int64_t pending_before = store.pending_creates();
  auto pending = std::async(std::launch::async, [&store] {
    return testing::CreateAndWait(store, {testing::MakeNumberedExtraction(900)});
  });
  // An assertion that returns while the counter is locked rolls the lock
  // back first: `pending`'s destructor waits for its create.
  absl::Cleanup unlock_counter = [&] {
    if (counter_locked) (void)(*holder)->Run("ROLLBACK");
  };
  auto watcher = pg::Connection::Open(*url, 10);
  ASSERT_TRUE(watcher.ok()) << watcher.status();
  int64_t pending_rows = 0;
  for (int k = 0; k < 3000 && pending_rows == 0; ++k) {
    auto r = (*watcher)->Exec("SELECT count(*) FROM pending_docs");
    ASSERT_TRUE(r.ok()) << r.status();
    pending_rows = r->Int(0, 0);
    if (pending_rows == 0) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  ASSERT_EQ(pending_rows, 1);
  counter_locked = false;
  ASSERT_TRUE((*holder)->Run("COMMIT").ok());
  auto created = pending.get();
  ASSERT_TRUE(created.ok()) << created.status();
  ASSERT_EQ(created->responses_size(), 1);
  EXPECT_TRUE(created->responses(0).created());
  EXPECT_EQ(created->responses(0).document().revision(), 42);
  EXPECT_EQ(store.pending_creates(), pending_before + 1);
  EXPECT_EQ(store.CurrentRevision(), 42);
  auto stored = store.GetDocument(testing::MakeNumberedExtraction(900).document().content_hash());
  ASSERT_TRUE(stored.ok()) << stored.status();
  EXPECT_EQ(stored->revision(), 42);
  auto left = (*watcher)->Exec("SELECT count(*) FROM pending_docs");
  ASSERT_TRUE(left.ok()) << left.status();
  EXPECT_EQ(left->Int(0, 0), 0);
}

}  // namespace
}  // namespace readout::catalog
