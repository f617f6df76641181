// CopyCatalog from a real SQLite catalog into a real throwaway PostgreSQL
// database: every document arrives with its revision, create time, etag and
// extraction; the copy answers queries, goes on from the source's revision
// and accepts the source's page tokens' secret; a second run changes
// nothing; a database holding another catalog is refused.
#include "catalog-service/tools/copy_catalog.h"

#include <future>
#include <memory>
#include <string>
#include <vector>

#include "catalog-service/errors.h"
#include "catalog-service/store/sqlite/sqlite_store.h"
#include "catalog-service/testing/postgres_cluster.h"
#include "catalog-service/testing/temp_dir.h"
#include "catalog-service/testing/test_records.h"
#include "gtest/gtest.h"

namespace readout::catalog {
namespace {

using testing::CreateNumbered;
using testing::MakeNumberedExtraction;

absl::Status DeleteNumbered(Store& store, int64_t n) {
  std::promise<absl::Status> done;
  store.Delete(DeleteRequest{MakeNumberedExtraction(n).document().content_hash(), "", false},
               [&](absl::Status s) { done.set_value(s); });
  return done.get_future().get();
}

std::vector<v1::CatalogDocument> AllDocuments(Store& store) {
  std::vector<v1::CatalogDocument> all;
  int64_t after = 0;
  while (true) {
    auto batch = store.ScanDocuments(after, 7);
    EXPECT_TRUE(batch.ok()) << batch.status();
    if (!batch.ok() || batch->empty()) return all;
    after = batch->back().revision();
    all.insert(all.end(), batch->begin(), batch->end());
  }
}

class CopyCatalogTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto cluster = testing::SharedPostgresCluster();
    ASSERT_TRUE(cluster.ok()) << cluster.status();
    if (!(*cluster)->running()) ASSERT_TRUE((*cluster)->Restart().ok());
    auto url = (*cluster)->CreateDatabase();
    ASSERT_TRUE(url.ok()) << url.status();
    url_ = *url;
  }

  std::unique_ptr<SqliteStore> OpenSqlite(const std::string& dir) {
    SqliteStoreOptions options;
    options.data_dir = dir;
    auto store = SqliteStore::Open(options);
    EXPECT_TRUE(store.ok()) << store.status();
    return store.ok() ? std::move(*store) : nullptr;
  }

  std::unique_ptr<PostgresStore> OpenPostgres() {
    PostgresStoreOptions options;
    options.url = url_;
    options.connect_timeout_s = 2;
    auto store = PostgresStore::Open(options);
    EXPECT_TRUE(store.ok()) << store.status();
    return store.ok() ? std::move(*store) : nullptr;
  }

  std::string url_;
};

TEST_F(CopyCatalogTest, EveryDocumentArrivesWithItsRevisionAndTheCopyGoesOn) {
  testing::TempDir dir;
  std::unique_ptr<SqliteStore> sqlite = OpenSqlite(dir.path());
  ASSERT_NE(sqlite, nullptr);
  // 40 documents, every fifth deleted: the revisions left have gaps.
  for (int n = 0; n < 40; ++n) ASSERT_TRUE(CreateNumbered(*sqlite, n).ok());
  for (int n = 0; n < 40; n += 5) ASSERT_TRUE(DeleteNumbered(*sqlite, n).ok());
  const std::vector<v1::CatalogDocument> source = AllDocuments(*sqlite);
  ASSERT_EQ(source.size(), 32u);
  const int64_t revision = sqlite->CurrentRevision();
  ASSERT_EQ(revision, 48);

  std::unique_ptr<PostgresStore> pg = OpenPostgres();
  ASSERT_NE(pg, nullptr);
  auto report = CopyCatalog(*sqlite, *pg);
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_FALSE(report->already_copied);
  EXPECT_EQ(report->documents, 32);
  EXPECT_EQ(report->revision, revision);

  // A replica started after the copy: the same documents, field for field.
  pg.reset();
  pg = OpenPostgres();
  ASSERT_NE(pg, nullptr);
  const std::vector<v1::CatalogDocument> copied = AllDocuments(*pg);
  ASSERT_EQ(copied.size(), source.size());
  for (size_t i = 0; i < source.size(); ++i) {
    EXPECT_EQ(copied[i].SerializeAsString(), source[i].SerializeAsString())
        << source[i].name() << " revision " << source[i].revision();
  }
  EXPECT_EQ(pg->CurrentRevision(), revision);
  EXPECT_EQ(pg->TokenSecret(), sqlite->TokenSecret());
  // The query rows came along: a filtered list and a search find documents.
  auto listed = pg->ListDocuments(DocumentQuery{});
  ASSERT_TRUE(listed.ok()) << listed.status();
  EXPECT_EQ(listed->documents.size(), 32u);
  auto sqlite_search = sqlite->SearchDocuments(SearchQuery{"meeting"});
  auto pg_search = pg->SearchDocuments(SearchQuery{"meeting"});
  ASSERT_TRUE(sqlite_search.ok() && pg_search.ok());
  EXPECT_GT(sqlite_search->results.size(), 0u);
  EXPECT_EQ(pg_search->results.size(), sqlite_search->results.size());
  // The catalog goes on from the source's revision; a watcher resuming
  // after it misses nothing, one from before it is told to re-list.
  ASSERT_TRUE(CreateNumbered(*pg, 1000).ok());
  EXPECT_EQ(pg->CurrentRevision(), revision + 1);
  auto changes = pg->ReadChanges(revision + 1, 10);
  ASSERT_TRUE(changes.ok()) << changes.status();
  ASSERT_EQ(changes->changes.size(), 1u);
  EXPECT_EQ(changes->changes[0].revision(), revision + 1);
  auto old = pg->ReadChanges(revision, 10);
  EXPECT_EQ(old.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(ErrorReason(old.status()), "REVISION_COMPACTED");
}

TEST_F(CopyCatalogTest, ASecondRunChangesNothingAndAnotherCatalogIsRefused) {
  testing::TempDir dir;
  std::unique_ptr<SqliteStore> sqlite = OpenSqlite(dir.path());
  ASSERT_NE(sqlite, nullptr);
  for (int n = 0; n < 5; ++n) ASSERT_TRUE(CreateNumbered(*sqlite, n).ok());
  std::unique_ptr<PostgresStore> pg = OpenPostgres();
  ASSERT_NE(pg, nullptr);
  ASSERT_TRUE(CopyCatalog(*sqlite, *pg).ok());
  auto again = CopyCatalog(*sqlite, *pg);
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_TRUE(again->already_copied);
  EXPECT_EQ(AllDocuments(*pg).size(), 5u);
  EXPECT_EQ(pg->CurrentRevision(), 5);

  // Another catalog (one more document, so another revision) is refused,
  // and the target keeps what it had.
  ASSERT_TRUE(CreateNumbered(*sqlite, 5).ok());
  auto other = CopyCatalog(*sqlite, *pg);
  EXPECT_EQ(other.status().code(), absl::StatusCode::kFailedPrecondition) << other.status();
  EXPECT_EQ(ErrorReason(other.status()), "CATALOG_NOT_EMPTY");
  EXPECT_NE(other.status().message().find("empty database"), std::string::npos) << other.status();
  EXPECT_EQ(AllDocuments(*pg).size(), 5u);
  EXPECT_EQ(pg->CurrentRevision(), 5);

  // A database written by the catalog itself is refused as well.
  testing::TempDir empty;
  std::unique_ptr<SqliteStore> fresh = OpenSqlite(empty.path());
  ASSERT_NE(fresh, nullptr);
  auto into_used = CopyCatalog(*fresh, *pg);
  EXPECT_EQ(ErrorReason(into_used.status()), "CATALOG_NOT_EMPTY");
}

}  // namespace
}  // namespace readout::catalog
