// The GetDocument cache: DocumentCache on its own (hits, LRU bound, the
// generation fence that keeps a fill which read the store before a delete
// from re-inserting the deleted document), and through CatalogService over a
// real channel (cached responses equal stored ones, delete-then-get is
// NOT_FOUND with the cache warm, gets racing deletes never see a deleted
// document once its delete was acknowledged).
#include "catalog-service/service/document_cache.h"

#include <atomic>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "catalog-service/query/names.h"
#include "catalog-service/testing/test_records.h"
#include "gtest/gtest.h"
#include "tests/catalog/catalog_server_fixture.h"

namespace readout::catalog {
namespace {

using testing::MakeNumberedExtraction;

DocumentCache::Bytes BytesOf(const std::string& text) {
  return std::make_shared<const std::string>(text);
}

TEST(DocumentCacheTest, MissThenInsertThenHit) {
  DocumentCache cache(1 << 20);
  uint64_t ticket = 0;
  EXPECT_EQ(cache.Lookup("a", &ticket), nullptr);
  cache.Insert("a", BytesOf("bytes of a"), ticket);
  uint64_t unused = 0;
  DocumentCache::Bytes hit = cache.Lookup("a", &unused);
  ASSERT_NE(hit, nullptr);
  EXPECT_EQ(*hit, "bytes of a");
  DocumentCache::Stats stats = cache.GetStats();
  EXPECT_EQ(stats.hits, 1);
  EXPECT_EQ(stats.misses, 1);
  EXPECT_EQ(stats.entries, 1);
}

TEST(DocumentCacheTest, InvalidateDropsTheEntry) {
  DocumentCache cache(1 << 20);
  uint64_t ticket = 0;
  cache.Lookup("a", &ticket);
  cache.Insert("a", BytesOf("x"), ticket);
  cache.Invalidate("a");
  EXPECT_EQ(cache.Lookup("a", &ticket), nullptr);
  EXPECT_EQ(cache.GetStats().entries, 0);
  EXPECT_EQ(cache.GetStats().bytes, 0);
}

TEST(DocumentCacheTest, FillThatStartedBeforeAnInvalidationIsDropped) {
  DocumentCache cache(1 << 20, /*shards=*/1);
  uint64_t before_delete = 0;
  EXPECT_EQ(cache.Lookup("a", &before_delete), nullptr);
  // The store read of this fill saw "a"; then the delete commits.
  cache.Invalidate("a");
  cache.Insert("a", BytesOf("deleted document"), before_delete);
  uint64_t after_delete = 0;
  EXPECT_EQ(cache.Lookup("a", &after_delete), nullptr);
  EXPECT_EQ(cache.GetStats().stale_fills_dropped, 1);
  // A fill that started after the delete (a re-created document) is kept.
  cache.Insert("a", BytesOf("re-created document"), after_delete);
  uint64_t unused = 0;
  ASSERT_NE(cache.Lookup("a", &unused), nullptr);
}

TEST(DocumentCacheTest, StaysWithinCapacityAndKeepsRecentlyUsed) {
  const std::string value(1000, 'v');
  const size_t charge = value.size() + 2 * 2 + DocumentCache::kEntryOverheadBytes;
  DocumentCache cache(10 * charge, /*shards=*/1);
  uint64_t ticket = 0;
  cache.Lookup("k0", &ticket);
  cache.Insert("k0", BytesOf(value), ticket);
  auto key_of = [](int i) { return std::string{'k', static_cast<char>('a' + i)}; };
  for (int i = 1; i < 30; ++i) {
    uint64_t unused = 0;
    ASSERT_NE(cache.Lookup("k0", &unused), nullptr) << i;  // k0 stays most recent.
    if (cache.Lookup(key_of(i), &ticket) == nullptr)
      cache.Insert(key_of(i), BytesOf(value), ticket);
  }
  DocumentCache::Stats stats = cache.GetStats();
  EXPECT_LE(stats.bytes, static_cast<int64_t>(10 * charge));
  EXPECT_EQ(stats.entries, 10);
  EXPECT_EQ(stats.evictions, 20);
  uint64_t unused = 0;
  EXPECT_NE(cache.Lookup("k0", &unused), nullptr);
  EXPECT_EQ(cache.Lookup(key_of(1), &unused), nullptr);  // Least recently used.
  EXPECT_NE(cache.Lookup(key_of(29), &unused), nullptr);
}

TEST(DocumentCacheTest, EntryLargerThanAShardIsNotCached) {
  DocumentCache cache(4096, /*shards=*/4);
  uint64_t ticket = 0;
  cache.Lookup("big", &ticket);
  cache.Insert("big", BytesOf(std::string(2000, 'x')), ticket);
  EXPECT_EQ(cache.Lookup("big", &ticket), nullptr);
  EXPECT_EQ(cache.GetStats().bytes, 0);
}

class DocumentCacheServiceTest : public testing::CatalogServerTest {
 protected:
  v1::CatalogDocument Create(int64_t n) {
    v1::CreateDocumentRequest request;
    *request.mutable_document()->mutable_extraction() = MakeNumberedExtraction(n);
    v1::CreateDocumentResponse response;
    grpc::Status status = stub_->CreateDocument(Context().get(), request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response.document();
  }

  grpc::Status Get(const std::string& name, v1::GetDocumentResponse* response) {
    v1::GetDocumentRequest request;
    request.set_name(name);
    return stub_->GetDocument(Context().get(), request, response);
  }

  grpc::Status Delete(const std::string& name) {
    v1::DeleteDocumentRequest request;
    request.set_name(name);
    v1::DeleteDocumentResponse response;
    return stub_->DeleteDocument(Context().get(), request, &response);
  }
};

TEST_F(DocumentCacheServiceTest, CachedResponseEqualsTheStoredDocument) {
  v1::CatalogDocument created = Create(1);
  v1::GetDocumentResponse first;
  ASSERT_TRUE(Get(created.name(), &first).ok());
  EXPECT_EQ(service_->document_cache_stats().misses, 1);
  v1::GetDocumentResponse second;
  ASSERT_TRUE(Get(created.name(), &second).ok());
  EXPECT_EQ(service_->document_cache_stats().hits, 1);
  EXPECT_EQ(second.SerializeAsString(), first.SerializeAsString());
  EXPECT_EQ(second.document().name(), created.name());
  EXPECT_EQ(second.document().etag(), created.etag());
  EXPECT_EQ(second.document().extraction().SerializeAsString(),
            MakeNumberedExtraction(1).SerializeAsString());
}

TEST_F(DocumentCacheServiceTest, DeleteThenGetIsNotFoundWithTheCacheWarm) {
  v1::CatalogDocument created = Create(2);
  v1::GetDocumentResponse got;
  ASSERT_TRUE(Get(created.name(), &got).ok());
  ASSERT_TRUE(Get(created.name(), &got).ok());
  ASSERT_EQ(service_->document_cache_stats().hits, 1);  // Warm.

  ASSERT_TRUE(Delete(created.name()).ok());
  EXPECT_EQ(Get(created.name(), &got).error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(Get(created.name(), &got).error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(service_->document_cache_stats().entries, 0);

  // Created again: a new revision, served fresh and then from the cache.
  v1::CatalogDocument again = Create(2);
  ASSERT_NE(again.etag(), created.etag());
  for (int i = 0; i < 2; ++i) {
    ASSERT_TRUE(Get(created.name(), &got).ok());
    EXPECT_EQ(got.document().etag(), again.etag());
  }
}

TEST_F(DocumentCacheServiceTest, InvalidNamesAreRejectedAndNotCached) {
  v1::GetDocumentResponse got;
  EXPECT_EQ(Get("documents/nope", &got).error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(Get(DocumentName(std::string(64, 'a')), &got).error_code(),
            grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(service_->document_cache_stats().entries, 0);
}

TEST_F(DocumentCacheServiceTest, DisabledCacheStillServesGetsAndDeletes) {
  StopServer();
  CatalogServiceOptions options;
  options.document_cache_bytes = 0;
  StartServer(1000000, options);
  v1::CatalogDocument created = Create(3);
  v1::GetDocumentResponse got;
  ASSERT_TRUE(Get(created.name(), &got).ok());
  EXPECT_EQ(got.document().etag(), created.etag());
  ASSERT_TRUE(Delete(created.name()).ok());
  EXPECT_EQ(Get(created.name(), &got).error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(service_->document_cache_stats().hits, 0);
}

// Readers hammer a set of documents while a writer deletes them one by one.
// A get that started after a delete was acknowledged must be NOT_FOUND, and
// once every delete is done no cache entry may remain (a fill that read a
// document before its delete committed must have been dropped).
TEST_F(DocumentCacheServiceTest, GetsRacingDeletesNeverSeeAcknowledgedDeletes) {
  constexpr int kDocs = 40;
  constexpr int kReaders = 4;
  std::vector<std::string> names;
  for (int i = 0; i < kDocs; ++i) names.push_back(Create(100 + i).name());
  std::vector<std::atomic<bool>> deleted(kDocs);
  std::atomic<bool> done{false};
  std::atomic<int> stale_reads{0};
  std::atomic<int> failures{0};
  std::atomic<int64_t> found_reads{0};

  std::vector<std::thread> readers;
  for (int r = 0; r < kReaders; ++r) {
    readers.emplace_back([&, r] {
      for (int64_t i = r; !done.load(); i += 7) {
        const int doc = static_cast<int>(i % kDocs);
        const bool was_deleted = deleted[doc].load();
        v1::GetDocumentResponse got;
        grpc::Status status = Get(names[doc], &got);
        if (status.ok()) {
          ++found_reads;
          if (was_deleted) ++stale_reads;
          if (got.document().name() != names[doc]) ++failures;
        } else if (status.error_code() != grpc::StatusCode::NOT_FOUND) {
          ++failures;
        }
      }
    });
  }
  for (int doc = 0; doc < kDocs; ++doc) {
    // Let the readers warm the cache with this document first.
    while (found_reads.load() < (doc + 1) * 10) std::this_thread::yield();
    EXPECT_TRUE(Delete(names[doc]).ok());
    deleted[doc] = true;
  }
  done = true;
  for (std::thread& reader : readers) reader.join();

  EXPECT_EQ(stale_reads.load(), 0);
  EXPECT_EQ(failures.load(), 0);
  EXPECT_GT(service_->document_cache_stats().hits, 0);
  EXPECT_EQ(service_->document_cache_stats().entries, 0);
  for (const std::string& name : names) {
    v1::GetDocumentResponse got;
    EXPECT_EQ(Get(name, &got).error_code(), grpc::StatusCode::NOT_FOUND);
  }
}

}  // namespace
}  // namespace readout::catalog
