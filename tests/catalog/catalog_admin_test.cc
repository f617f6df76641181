// CatalogAdminService.VerifyCatalog over a real channel against an
// in-process catalog on SQLite: a clean catalog verifies clean; a record
// whose text was altered behind the store's back, a document whose index
// row was lost and an index row without a document are each reported with
// the document's name (or the row's revision); progress is streamed.
#include <sqlite3.h>

#include <string>
#include <vector>

#include "catalog-service/query/names.h"
#include "catalog-service/testing/test_records.h"
#include "common/server/status_util.h"
#include "gtest/gtest.h"
#include "readout/v1/catalog_admin_service.grpc.pb.h"
#include "tests/catalog/catalog_server_fixture.h"

namespace readout::catalog {
namespace {

using testing::MakeNumberedExtraction;

class CatalogAdminTest : public testing::CatalogServerTest {
 protected:
  struct Verified {
    grpc::Status status;
    std::vector<v1::VerifyCatalogResponse> messages;
    std::vector<v1::CatalogProblem> problems;
    v1::VerifyCatalogSummary summary;
  };

  Verified Verify(bool skip_index = false) {
    auto admin = v1::CatalogAdminService::NewStub(channel_);
    v1::VerifyCatalogRequest request;
    request.set_skip_index(skip_index);
    auto context = Context(60);
    auto reader = admin->VerifyCatalog(context.get(), request);
    Verified out;
    v1::VerifyCatalogResponse response;
    while (reader->Read(&response)) {
      for (const auto& problem : response.problems()) out.problems.push_back(problem);
      if (response.has_summary()) out.summary = response.summary();
      out.messages.push_back(response);
    }
    out.status = reader->Finish();
    return out;
  }

  // Creates documents 0..n-1 and waits until they are indexed.
  std::vector<v1::CreateDocumentResponse> CreateIndexed(int n) {
    std::vector<v1::CreateDocumentResponse> created;
    for (int i = 0; i < n; ++i) {
      v1::CreateDocumentRequest request;
      *request.mutable_document()->mutable_extraction() = MakeNumberedExtraction(i);
      v1::CreateDocumentResponse response;
      grpc::Status status = stub_->CreateDocument(Context().get(), request, &response);
      EXPECT_TRUE(status.ok()) << status.error_message();
      created.push_back(response);
    }
    EXPECT_TRUE(store_->WaitForIndex().ok());
    return created;
  }

  // Runs `sql` (with `blob` bound to ?1 when not empty) on one of the data
  // directory's files, behind the running store's back.
  void Tamper(const std::string& file, const std::string& sql, const std::string& blob = "") {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open((dir_.path() + "/" + file).c_str(), &db), SQLITE_OK);
    sqlite3_busy_timeout(db, 10000);
    sqlite3_stmt* stmt = nullptr;
    ASSERT_EQ(sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr), SQLITE_OK)
        << sqlite3_errmsg(db);
    if (!blob.empty()) {
      sqlite3_bind_blob(stmt, 1, blob.data(), static_cast<int>(blob.size()), SQLITE_TRANSIENT);
    }
    EXPECT_EQ(sqlite3_step(stmt), SQLITE_DONE) << sqlite3_errmsg(db);
    EXPECT_EQ(sqlite3_changes(db), 1) << sql;
    sqlite3_finalize(stmt);
    sqlite3_close(db);
  }
};

TEST_F(CatalogAdminTest, ACleanCatalogVerifiesClean) {
  CreateIndexed(7);
  Verified verified = Verify();
  ASSERT_TRUE(verified.status.ok()) << verified.status.error_message();
  EXPECT_TRUE(verified.problems.empty());
  EXPECT_EQ(verified.summary.documents_checked(), 7);
  EXPECT_EQ(verified.summary.problems_found(), 0);
  EXPECT_TRUE(verified.summary.index_checked());
  // The last message carries the final progress beside the summary.
  ASSERT_FALSE(verified.messages.empty());
  EXPECT_EQ(verified.messages.back().progress().documents_checked(), 7);
}

TEST_F(CatalogAdminTest, CorruptRecordLostIndexRowAndOrphanIndexRowAreReportedByName) {
  std::vector<v1::CreateDocumentResponse> created = CreateIndexed(5);
  // Document 1: its stored text altered (still a valid record).
  v1::Extraction altered = MakeNumberedExtraction(1);
  altered.mutable_document()->set_text(altered.document().text() + " An added sentence.");
  Tamper("catalog.db",
         "UPDATE bodies SET extraction = ?1 WHERE rowid = " +
             std::to_string(created[1].document().revision()),
         altered.SerializeAsString());
  // Document 3: its index row lost.
  Tamper("index.db",
         "DELETE FROM docs WHERE rowid = " + std::to_string(created[3].document().revision()));
  // An index row for a revision that stores no document.
  Tamper("index.db",
         "INSERT INTO docs(rowid, published, event_date, title_lc) VALUES(900001, 0, 0, 'ghost')");

  Verified verified = Verify();
  ASSERT_TRUE(verified.status.ok()) << verified.status.error_message();
  ASSERT_EQ(verified.problems.size(), 3u);
  EXPECT_EQ(verified.summary.problems_found(), 3);
  EXPECT_EQ(verified.summary.documents_checked(), 5);
  // In row order: the corrupt record, the unindexed document, the orphan.
  EXPECT_EQ(verified.problems[0].kind(), v1::CATALOG_PROBLEM_KIND_HASH_MISMATCH);
  EXPECT_EQ(verified.problems[0].document(), created[1].document().name());
  EXPECT_NE(verified.problems[0].detail().find("catalog.db"), std::string::npos)
      << verified.problems[0].detail();
  EXPECT_EQ(verified.problems[1].kind(), v1::CATALOG_PROBLEM_KIND_NOT_INDEXED);
  EXPECT_EQ(verified.problems[1].document(), created[3].document().name());
  EXPECT_EQ(verified.problems[2].kind(), v1::CATALOG_PROBLEM_KIND_ORPHAN_INDEX_ROW);
  EXPECT_EQ(verified.problems[2].revision(), 900001);
  EXPECT_TRUE(verified.problems[2].document().empty());

  // Records only: the index's problems are not looked for.
  Verified records = Verify(/*skip_index=*/true);
  ASSERT_TRUE(records.status.ok()) << records.status.error_message();
  ASSERT_EQ(records.problems.size(), 1u);
  EXPECT_EQ(records.problems[0].document(), created[1].document().name());
  EXPECT_FALSE(records.summary.index_checked());
}

TEST_F(CatalogAdminTest, AnIndexRowWithOtherValuesThanItsRecordIsAMismatch) {
  std::vector<v1::CreateDocumentResponse> created = CreateIndexed(3);
  Tamper("index.db", "UPDATE docs SET title_lc = 'something else' WHERE rowid = " +
                         std::to_string(created[2].document().revision()));
  Verified verified = Verify();
  ASSERT_TRUE(verified.status.ok()) << verified.status.error_message();
  ASSERT_EQ(verified.problems.size(), 1u);
  EXPECT_EQ(verified.problems[0].kind(), v1::CATALOG_PROBLEM_KIND_INDEX_MISMATCH);
  EXPECT_EQ(verified.problems[0].document(), created[2].document().name());
  EXPECT_NE(verified.problems[0].detail().find("something else"), std::string::npos)
      << verified.problems[0].detail();
}

TEST_F(CatalogAdminTest, ANegativeMaxProblemsIsInvalid) {
  auto admin = v1::CatalogAdminService::NewStub(channel_);
  v1::VerifyCatalogRequest request;
  request.set_max_problems(-1);
  auto context = Context();
  auto reader = admin->VerifyCatalog(context.get(), request);
  v1::VerifyCatalogResponse response;
  EXPECT_FALSE(reader->Read(&response));
  grpc::Status status = reader->Finish();
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  auto info = common::ErrorInfoOf(common::FromGrpcStatus(status));
  ASSERT_TRUE(info.has_value());
  EXPECT_EQ(info->reason(), "INVALID_MAX_PROBLEMS");
}

}  // namespace
}  // namespace readout::catalog
