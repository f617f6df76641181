// Tests of the SQLite helpers' error mapping on real SQLite failures.
#include "catalog-service/store/sqlite/sqlite_db.h"

#include <string>

#include "absl/status/status.h"
#include "catalog-service/errors.h"
#include "catalog-service/testing/temp_dir.h"
#include "gtest/gtest.h"

namespace readout::catalog {
namespace {

TEST(SqliteDbTest, FullDatabaseIsResourceExhaustedWithItsReason) {
  // max_page_count makes SQLite answer SQLITE_FULL exactly as a full disk
  // does, without filling one.
  testing::TempDir dir;
  auto connection = Connection::Open(dir.path() + "/full.db");
  ASSERT_TRUE(connection.ok()) << connection.status();
  ASSERT_TRUE((*connection)->Exec("CREATE TABLE t(b BLOB)").ok());
  ASSERT_TRUE((*connection)->Exec("PRAGMA max_page_count = 8").ok());
  absl::Status status;
  for (int i = 0; i < 100 && status.ok(); ++i) {
    status = (*connection)->Exec("INSERT INTO t VALUES (zeroblob(4096))");
  }
  ASSERT_EQ(status.code(), absl::StatusCode::kResourceExhausted) << status;
  EXPECT_EQ(ErrorReason(status), "STORAGE_FULL");
  EXPECT_NE(status.message().find("no room left"), std::string::npos) << status;
}

TEST(SqliteDbTest, NotADatabaseIsDataLoss) {
  EXPECT_EQ(SqliteError(nullptr, SQLITE_NOTADB, "open").code(), absl::StatusCode::kDataLoss);
  EXPECT_EQ(SqliteError(nullptr, SQLITE_BUSY, "step").code(), absl::StatusCode::kUnavailable);
}

}  // namespace
}  // namespace readout::catalog
