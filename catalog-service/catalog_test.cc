// Tests of the catalog request logic over a real SqliteStore: validation,
// page sizes and tokens, batch atomicity, idempotency.
#include "catalog-service/catalog.h"

#include <set>
#include <string>

#include "catalog-service/errors.h"
#include "catalog-service/store/sqlite/sqlite_store.h"
#include "catalog-service/testing/temp_dir.h"
#include "catalog-service/testing/test_records.h"
#include "gtest/gtest.h"

namespace readout::catalog {
namespace {

using testing::MakeNumberedExtraction;

class CatalogTest : public ::testing::Test {
 protected:
  void SetUp() override {
    SqliteStoreOptions options;
    options.data_dir = dir_.path();
    auto store = SqliteStore::Open(options);
    ASSERT_TRUE(store.ok()) << store.status();
    store_ = std::move(*store);
    catalog_ = std::make_unique<Catalog>(store_.get());
  }

  v1::CreateDocumentRequest CreateRequest(int64_t n, const std::string& request_id = "") {
    v1::CreateDocumentRequest request;
    *request.mutable_document()->mutable_extraction() = MakeNumberedExtraction(n);
    request.set_request_id(request_id);
    return request;
  }

  void Fill(int n) {
    v1::BatchCreateDocumentsRequest batch;
    for (int i = 0; i < n; ++i) *batch.add_requests() = CreateRequest(i);
    ASSERT_TRUE(catalog_->BatchCreateDocumentsSync(batch).ok());
  }

  testing::TempDir dir_;
  std::unique_ptr<SqliteStore> store_;
  std::unique_ptr<Catalog> catalog_;
};

TEST_F(CatalogTest, NamesComeFromTheTextAlone) {
  // A forged name: a hash with no text, or a hash that is not the text's.
  v1::CreateDocumentRequest squat = CreateRequest(1);
  std::string hash = squat.document().extraction().document().content_hash();
  squat.mutable_document()->mutable_extraction()->mutable_document()->clear_text();
  absl::Status status = catalog_->CreateDocumentSync(squat).status();
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ErrorReason(status), "INVALID_DOCUMENT");
  v1::CreateDocumentRequest forged = CreateRequest(2);
  forged.mutable_document()->mutable_extraction()->mutable_document()->set_content_hash(hash);
  status = catalog_->CreateDocumentSync(forged).status();
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ErrorReason(status), "CONTENT_HASH_MISMATCH");
  EXPECT_EQ(store_->CurrentRevision(), 0);
  // The genuine text then gets its name.
  auto real = catalog_->CreateDocumentSync(CreateRequest(1));
  ASSERT_TRUE(real.ok()) << real.status();
  EXPECT_TRUE(real->created());
  EXPECT_EQ(real->document().name(), "documents/" + hash);
}

TEST_F(CatalogTest, CreateComputesMissingContentHash) {
  v1::CreateDocumentRequest request = CreateRequest(1);
  std::string hash = request.document().extraction().document().content_hash();
  request.mutable_document()->mutable_extraction()->mutable_document()->clear_content_hash();
  auto created = catalog_->CreateDocumentSync(request);
  ASSERT_TRUE(created.ok()) << created.status();
  EXPECT_EQ(created->document().name(), "documents/" + hash);
}

TEST_F(CatalogTest, RejectsBadDocuments) {
  v1::CreateDocumentRequest empty;
  EXPECT_EQ(ErrorReason(catalog_->CreateDocumentSync(empty).status()), "INVALID_DOCUMENT");
  v1::CreateDocumentRequest bad_hash = CreateRequest(1);
  bad_hash.mutable_document()->mutable_extraction()->mutable_document()->set_content_hash(
      std::string(64, '0'));
  auto status = catalog_->CreateDocumentSync(bad_hash).status();
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(status.message().find("SHA-256"), std::string::npos);
  v1::CreateDocumentRequest long_id = CreateRequest(1, std::string(200, 'x'));
  EXPECT_EQ(catalog_->CreateDocumentSync(long_id).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST_F(CatalogTest, BatchIsAllOrNothing) {
  v1::BatchCreateDocumentsRequest batch;
  *batch.add_requests() = CreateRequest(1);
  batch.add_requests();  // Invalid: no extraction.
  auto result = catalog_->BatchCreateDocumentsSync(batch);
  EXPECT_EQ(result.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(result.status().message().find("requests[1]"), std::string::npos);
  EXPECT_EQ(store_->CurrentRevision(), 0);
}

TEST_F(CatalogTest, RetriedRequestIdReturnsOriginal) {
  auto first = catalog_->CreateDocumentSync(CreateRequest(1, "abc"));
  ASSERT_TRUE(first.ok());
  // A retry of the same request answers as the first did.
  auto retry = catalog_->CreateDocumentSync(CreateRequest(1, "abc"));
  ASSERT_TRUE(retry.ok());
  EXPECT_EQ(retry->document().name(), first->document().name());
  EXPECT_TRUE(retry->created());
  EXPECT_EQ(store_->CurrentRevision(), 1);
}

TEST_F(CatalogTest, RequestIdReusedForAnotherRequestIsRefused) {
  ASSERT_TRUE(catalog_->CreateDocumentSync(CreateRequest(1, "abc")).ok());
  absl::Status status = catalog_->CreateDocumentSync(CreateRequest(2, "abc")).status();
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ErrorReason(status), "REQUEST_ID_REUSED");
  // Nothing of the second request landed.
  EXPECT_EQ(store_->CurrentRevision(), 1);
  auto second = catalog_->CreateDocumentSync(CreateRequest(2));
  ASSERT_TRUE(second.ok());
  EXPECT_TRUE(second->created());
}

// A NUL byte in an identifier or a filter is refused with the field named,
// whatever the store (PostgreSQL takes no NUL in a text value); one in a
// document's text is stored (see the store conformance suite).
TEST_F(CatalogTest, ANulByteInARequestIdOrAFilterIsRefusedByName) {
  const std::string nul(1, '\0');
  absl::Status status = catalog_->CreateDocumentSync(CreateRequest(1, "abc" + nul)).status();
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ErrorReason(status), "INVALID_REQUEST_ID");
  EXPECT_NE(status.message().find("request_id holds a NUL byte (at byte 3)"), std::string::npos)
      << status;
  v1::BatchCreateDocumentsRequest batch;
  *batch.add_requests() = CreateRequest(1);
  batch.set_request_id(nul);
  EXPECT_EQ(ErrorReason(catalog_->BatchCreateDocumentsSync(batch).status()), "INVALID_REQUEST_ID");
  EXPECT_EQ(store_->CurrentRevision(), 0);
  v1::ListDocumentsRequest list;
  list.set_filter("title = \"harbour" + nul + "master\"");
  absl::Status filtered = catalog_->ListDocuments(list).status();
  EXPECT_EQ(filtered.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ErrorReason(filtered), "INVALID_FILTER");
  EXPECT_NE(filtered.message().find("NUL byte at column 17"), std::string::npos) << filtered;
  v1::ListPeopleRequest people;
  people.set_filter(nul);
  EXPECT_EQ(ErrorReason(catalog_->ListPeople(people).status()), "INVALID_FILTER");
  // Its text with a NUL is a document like any other.
  v1::CreateDocumentRequest with_nul = CreateRequest(2);
  with_nul.mutable_document()->mutable_extraction()->mutable_document()->set_text("a" + nul + "b");
  with_nul.mutable_document()->mutable_extraction()->mutable_document()->clear_content_hash();
  auto created = catalog_->CreateDocumentSync(with_nul);
  ASSERT_TRUE(created.ok()) << created.status();
  v1::GetDocumentRequest get;
  get.set_name(created->document().name());
  auto got = catalog_->GetDocument(get);
  ASSERT_TRUE(got.ok()) << got.status();
  EXPECT_EQ(got->document().extraction().document().text(), "a" + nul + "b");
}

TEST_F(CatalogTest, PageSizes) {
  Fill(3);
  v1::ListDocumentsRequest request;
  request.set_page_size(-1);
  auto negative = catalog_->ListDocuments(request);
  EXPECT_EQ(negative.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ErrorReason(negative.status()), "INVALID_PAGE_SIZE");
  request.set_page_size(5000);  // Coerced to 1000.
  auto big = catalog_->ListDocuments(request);
  ASSERT_TRUE(big.ok());
  EXPECT_EQ(big->documents_size(), 3);
  EXPECT_TRUE(big->next_page_token().empty());
  EXPECT_EQ(*ResolvePageSize(0, 50, 1000), 50);
  EXPECT_EQ(*ResolvePageSize(5000, 50, 1000), 1000);
}

TEST_F(CatalogTest, PagesFollowTokensAndRejectTampering) {
  Fill(25);
  v1::ListDocumentsRequest request;
  request.set_page_size(10);
  request.set_filter("event_date >= 2015-01-01");
  request.set_order_by("event_date desc");
  std::set<std::string> seen;
  std::string first_token;
  for (int pages = 0; pages < 10; ++pages) {
    auto page = catalog_->ListDocuments(request);
    ASSERT_TRUE(page.ok()) << page.status();
    for (const auto& d : page->documents()) EXPECT_TRUE(seen.insert(d.name()).second);
    if (page->next_page_token().empty()) break;
    if (first_token.empty()) first_token = page->next_page_token();
    request.set_page_token(page->next_page_token());
  }
  EXPECT_EQ(seen.size(), 25u);

  v1::ListDocumentsRequest tampered = request;
  std::string token = first_token;
  token[token.size() / 2] = token[token.size() / 2] == 'x' ? 'y' : 'x';
  tampered.set_page_token(token);
  auto bad = catalog_->ListDocuments(tampered);
  EXPECT_EQ(bad.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ErrorReason(bad.status()), "INVALID_PAGE_TOKEN");

  v1::ListDocumentsRequest other_filter = request;
  other_filter.set_page_token(first_token);
  other_filter.set_filter("event_date >= 2016-01-01");
  EXPECT_EQ(ErrorReason(catalog_->ListDocuments(other_filter).status()), "INVALID_PAGE_TOKEN");
  v1::ListDocumentsRequest other_order = request;
  other_order.set_page_token(first_token);
  other_order.set_order_by("published_date");
  EXPECT_EQ(ErrorReason(catalog_->ListDocuments(other_order).status()), "INVALID_PAGE_TOKEN");
}

TEST_F(CatalogTest, RejectsBadFilterOrderAndNames) {
  v1::ListDocumentsRequest request;
  request.set_filter("colour = red");
  auto bad = catalog_->ListDocuments(request);
  EXPECT_EQ(bad.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(bad.status().message().find("colour"), std::string::npos);
  request.set_filter("");
  request.set_order_by("title");
  EXPECT_EQ(ErrorReason(catalog_->ListDocuments(request).status()), "INVALID_ORDER_BY");
  v1::GetDocumentRequest get;
  get.set_name("documents/../etc/passwd");
  EXPECT_EQ(ErrorReason(catalog_->GetDocument(get).status()), "INVALID_NAME");
  v1::SearchDocumentsRequest search;
  EXPECT_EQ(ErrorReason(catalog_->SearchDocuments(search).status()), "INVALID_QUERY");
  v1::WatchDocumentsRequest watch;
  watch.set_start_revision(-3);
  EXPECT_FALSE(catalog_->WatchStartRevision(watch).ok());
}

TEST_F(CatalogTest, SearchAndPeoplePaginate) {
  Fill(30);
  v1::SearchDocumentsRequest search;
  search.set_query("agriculture OR trade");
  search.set_page_size(3);
  std::set<std::string> seen;
  for (int i = 0; i < 20; ++i) {
    auto page = catalog_->SearchDocuments(search);
    ASSERT_TRUE(page.ok()) << page.status();
    for (const auto& r : page->results()) EXPECT_TRUE(seen.insert(r.document().name()).second);
    if (page->next_page_token().empty()) break;
    search.set_page_token(page->next_page_token());
  }
  EXPECT_GT(seen.size(), 3u);

  v1::ListPeopleRequest people;
  people.set_page_size(7);
  std::set<std::string> names;
  for (int i = 0; i < 50; ++i) {
    auto page = catalog_->ListPeople(people);
    ASSERT_TRUE(page.ok()) << page.status();
    for (const auto& p : page->people()) EXPECT_TRUE(names.insert(p.name()).second);
    if (page->next_page_token().empty()) break;
    people.set_page_token(page->next_page_token());
  }
  EXPECT_GT(names.size(), 7u);
  v1::GetPersonRequest get;
  get.set_name(*names.begin());
  auto person = catalog_->GetPerson(get);
  ASSERT_TRUE(person.ok()) << person.status();
  EXPECT_GT(person->person().timeline_size(), 0);
}

}  // namespace
}  // namespace readout::catalog
