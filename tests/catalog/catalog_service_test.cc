// CatalogService over real channels: CRUD, AIP-193 error details, list and
// search pagination, people, watch (resume without loss or repeats,
// compaction), and concurrent writers and readers.
#include <atomic>
#include <chrono>
#include <cstdio>
#include <future>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "catalog-service/query/names.h"
#include "catalog-service/testing/test_records.h"
#include "common/server/status_util.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "gtest/gtest.h"
#include "tests/catalog/catalog_server_fixture.h"

namespace readout::catalog {
namespace {

using testing::MakeNumberedExtraction;

class CatalogServiceTest : public testing::CatalogServerTest {
 protected:
  v1::CreateDocumentResponse Create(int64_t n, const std::string& request_id = "") {
    v1::CreateDocumentRequest request;
    *request.mutable_document()->mutable_extraction() = MakeNumberedExtraction(n);
    request.set_request_id(request_id);
    v1::CreateDocumentResponse response;
    grpc::Status status = stub_->CreateDocument(Context().get(), request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response;
  }

  // The server's health status of the query index (kIndexHealthName).
  grpc::health::v1::HealthCheckResponse::ServingStatus IndexHealth() {
    auto health = grpc::health::v1::Health::NewStub(channel_);
    grpc::health::v1::HealthCheckRequest request;
    request.set_service(kIndexHealthName);
    grpc::health::v1::HealthCheckResponse response;
    grpc::Status status = health->Check(Context().get(), request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response.status();
  }

  std::string Reason(const grpc::Status& status) {
    auto info = common::ErrorInfoOf(common::FromGrpcStatus(status));
    return info ? info->reason() : "";
  }
};

TEST_F(CatalogServiceTest, CreateGetDelete) {
  v1::CreateDocumentResponse created = Create(1, "r1");
  EXPECT_TRUE(created.created());
  v1::CreateDocumentResponse again = Create(1);
  EXPECT_FALSE(again.created());
  EXPECT_EQ(again.document().name(), created.document().name());

  v1::GetDocumentRequest get;
  get.set_name(created.document().name());
  v1::GetDocumentResponse got;
  ASSERT_TRUE(stub_->GetDocument(Context().get(), get, &got).ok());
  EXPECT_EQ(got.document().extraction().SerializeAsString(),
            MakeNumberedExtraction(1).SerializeAsString());

  v1::DeleteDocumentRequest del;
  del.set_name(created.document().name());
  del.set_etag("\"stale\"");
  v1::DeleteDocumentResponse deleted;
  grpc::Status status = stub_->DeleteDocument(Context().get(), del, &deleted);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::ABORTED);
  EXPECT_EQ(Reason(status), "ETAG_MISMATCH");
  del.set_etag(created.document().etag());
  ASSERT_TRUE(stub_->DeleteDocument(Context().get(), del, &deleted).ok());
  status = stub_->GetDocument(Context().get(), get, &got);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(Reason(status), "DOCUMENT_NOT_FOUND");
}

TEST_F(CatalogServiceTest, ErrorsCarryErrorInfo) {
  v1::GetDocumentRequest get;
  get.set_name("documents/nope");
  v1::GetDocumentResponse got;
  grpc::Status status = stub_->GetDocument(Context().get(), get, &got);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(Reason(status), "INVALID_NAME");

  v1::ListDocumentsRequest list;
  list.set_filter("event_date > soon");
  v1::ListDocumentsResponse listed;
  status = stub_->ListDocuments(Context().get(), list, &listed);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(Reason(status), "INVALID_FILTER");
  EXPECT_NE(status.error_message().find("event_date"), std::string::npos);

  list.set_filter("");
  list.set_page_token("garbage-token");
  status = stub_->ListDocuments(Context().get(), list, &listed);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(Reason(status), "INVALID_PAGE_TOKEN");

  v1::GetPersonRequest person;
  person.set_name("people/nobody-at-all");
  v1::GetPersonResponse got_person;
  status = stub_->GetPerson(Context().get(), person, &got_person);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(Reason(status), "PERSON_NOT_FOUND");
}

TEST_F(CatalogServiceTest, IndexReadsAreRefusedWhileTheIndexIsRebuilt) {
  // A lost index.db is rebuilt behind the open server (held here after its
  // first chunk): gets and creates are served, index reads answer
  // UNAVAILABLE / INDEX_BEHIND with the progress, and the server goes on.
  v1::CreateDocumentResponse stored = Create(1);
  Create(2);
  StopServer();
  for (const char* suffix : {"", "-wal", "-shm"}) {
    std::remove((dir_.path() + "/index.db" + suffix).c_str());
  }
  std::promise<void> release, held;
  std::shared_future<void> released = release.get_future().share();
  SqliteStoreOptions options;
  options.rebuild_progress = [&, first = true](int64_t, int64_t) mutable {
    if (!first) return;
    first = false;
    held.set_value();
    released.wait();
  };
  StartServerWith(options);
  held.get_future().wait();
  EXPECT_EQ(IndexHealth(), grpc::health::v1::HealthCheckResponse::NOT_SERVING);
  v1::GetDocumentRequest get;
  get.set_name(stored.document().name());
  v1::GetDocumentResponse got;
  EXPECT_TRUE(stub_->GetDocument(Context().get(), get, &got).ok());
  Create(3);
  v1::ListDocumentsRequest list;
  v1::ListDocumentsResponse listed;
  grpc::Status status = stub_->ListDocuments(Context().get(), list, &listed);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAVAILABLE);
  EXPECT_EQ(Reason(status), "INDEX_BEHIND");
  EXPECT_NE(status.error_message().find("2 of 2 documents"), std::string::npos)
      << status.error_message();
  v1::SearchDocumentsRequest search;
  search.set_query("meeting");
  v1::SearchDocumentsResponse found;
  status = stub_->SearchDocuments(Context().get(), search, &found);
  EXPECT_EQ(Reason(status), "INDEX_BEHIND");
  release.set_value();
  // Done soon after: then all three are listed.
  for (int tries = 0; tries < 200; ++tries) {
    status = stub_->ListDocuments(Context().get(), list, &listed);
    if (status.ok()) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(listed.documents_size(), 3);
  EXPECT_EQ(IndexHealth(), grpc::health::v1::HealthCheckResponse::SERVING);
}

TEST_F(CatalogServiceTest, GetsWritesAndWatchesDoNotWaitBehindIndexReads) {
  // The index is held back (its writes fail, as on a full disk) and three
  // times as many lists as the service has reader threads wait for it. A
  // get of a document that is not cached, a create and a watch are all
  // answered while every one of those lists is still waiting; once the
  // index catches up, the lists are answered too.
  std::atomic<bool> failing{false};
  SqliteStoreOptions options;
  options.index_write_fault = [&]() -> absl::Status {
    if (!failing.load()) return absl::OkStatus();
    return absl::ResourceExhaustedError("database or disk is full (test)");
  };
  CatalogServiceOptions service_options;
  service_options.reader_threads = 4;
  service_options.document_cache_bytes = 0;  // Every get reads the store.
  StopServer();
  StartServerWith(options, service_options);
  Create(1);
  ASSERT_TRUE(store_->WaitForIndex().ok());
  failing.store(true);
  v1::CreateDocumentResponse second = Create(2);

  const int lists = 3 * service_options.reader_threads;
  std::vector<std::future<grpc::Status>> waiting;
  std::vector<v1::ListDocumentsResponse> listed(lists);
  for (int i = 0; i < lists; ++i) {
    waiting.push_back(std::async(std::launch::async, [this, &listed, i] {
      v1::ListDocumentsRequest list;
      return stub_->ListDocuments(Context(60).get(), list, &listed[i]);
    }));
  }
  for (int tries = 0; tries < 400 && store_->IndexWaiters() < lists; ++tries) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  ASSERT_EQ(store_->IndexWaiters(), lists);

  v1::GetDocumentRequest get;
  get.set_name(second.document().name());
  v1::GetDocumentResponse got;
  grpc::Status status = stub_->GetDocument(Context().get(), get, &got);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(got.document().name(), second.document().name());
  v1::CreateDocumentResponse third = Create(3);
  EXPECT_TRUE(third.created());
  {
    v1::WatchDocumentsRequest watch;
    watch.set_start_revision(1);
    auto context = Context();
    auto reader = stub_->WatchDocuments(context.get(), watch);
    int64_t seen = 0;
    v1::WatchDocumentsResponse changes;
    while (seen < third.document().revision() && reader->Read(&changes)) {
      for (const auto& change : changes.changes()) seen = change.revision();
    }
    EXPECT_EQ(seen, third.document().revision());
    context->TryCancel();
    reader->Finish().ok();
  }
  // Still waiting, every one of them: nothing above was answered after them.
  EXPECT_EQ(store_->IndexWaiters(), lists);
  for (auto& list : waiting) {
    EXPECT_EQ(list.wait_for(std::chrono::seconds(0)), std::future_status::timeout);
  }

  failing.store(false);
  for (int i = 0; i < lists; ++i) {
    grpc::Status listed_status = waiting[i].get();
    ASSERT_TRUE(listed_status.ok()) << listed_status.error_message();
    EXPECT_GE(listed[i].documents_size(), 2);  // Includes the write made before it.
  }
  EXPECT_EQ(store_->IndexWaiters(), 0);
}

TEST_F(CatalogServiceTest, AnIndexThatStaysBehindAnswersUnavailableWithARetryDelay) {
  SqliteStoreOptions options;
  options.index_wait_ms = 300;
  options.index_write_fault = [] { return absl::ResourceExhaustedError("disk full (test)"); };
  StopServer();
  StartServerWith(options);
  Create(1);
  v1::ListDocumentsRequest list;
  v1::ListDocumentsResponse listed;
  grpc::Status status = stub_->ListDocuments(Context().get(), list, &listed);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAVAILABLE);
  EXPECT_EQ(Reason(status), "INDEX_BEHIND");
  std::optional<absl::Duration> delay = common::RetryDelayOf(common::FromGrpcStatus(status));
  ASSERT_TRUE(delay.has_value());
  EXPECT_EQ(*delay, absl::Seconds(1));
  v1::GetPersonRequest person;
  person.set_name("people/nobody");
  v1::GetPersonResponse got;
  EXPECT_EQ(Reason(stub_->GetPerson(Context().get(), person, &got)), "INDEX_BEHIND");
}

TEST_F(CatalogServiceTest, ListFollowsPagesSearchAndPeople) {
  v1::BatchCreateDocumentsRequest batch;
  for (int i = 0; i < 40; ++i) {
    *batch.add_requests()->mutable_document()->mutable_extraction() = MakeNumberedExtraction(i);
  }
  v1::BatchCreateDocumentsResponse batched;
  ASSERT_TRUE(stub_->BatchCreateDocuments(Context().get(), batch, &batched).ok());
  ASSERT_EQ(batched.responses_size(), 40);

  v1::ListDocumentsRequest list;
  list.set_page_size(7);
  list.set_filter("event_type = MEETING OR event_type = TALKS");
  list.set_order_by("published_date desc");
  std::set<std::string> seen;
  for (int page = 0; page < 20; ++page) {
    v1::ListDocumentsResponse listed;
    ASSERT_TRUE(stub_->ListDocuments(Context().get(), list, &listed).ok());
    for (const auto& d : listed.documents()) {
      auto type = d.extraction().events(0).type();
      EXPECT_TRUE(type == v1::EVENT_TYPE_MEETING || type == v1::EVENT_TYPE_TALKS);
      EXPECT_TRUE(seen.insert(d.name()).second);
    }
    if (listed.next_page_token().empty()) break;
    list.set_page_token(listed.next_page_token());
  }
  int expected = 0;
  for (int i = 0; i < 40; ++i) expected += (i % 7 == 0 || i % 7 == 2) ? 1 : 0;
  EXPECT_EQ(static_cast<int>(seen.size()), expected);

  v1::SearchDocumentsRequest search;
  search.set_query("innovation");
  v1::SearchDocumentsResponse found;
  ASSERT_TRUE(stub_->SearchDocuments(Context().get(), search, &found).ok());
  ASSERT_GT(found.results_size(), 0);
  EXPECT_NE(found.results(0).snippet().find("[innovation]"), std::string::npos);

  v1::ListPeopleRequest people;
  people.set_filter("name = \"Wang*\"");
  v1::ListPeopleResponse listed_people;
  ASSERT_TRUE(stub_->ListPeople(Context().get(), people, &listed_people).ok());
  ASSERT_GT(listed_people.people_size(), 0);
  v1::GetPersonRequest get_person;
  get_person.set_name(listed_people.people(0).name());
  v1::GetPersonResponse person;
  ASSERT_TRUE(stub_->GetPerson(Context().get(), get_person, &person).ok());
  EXPECT_EQ(person.person().timeline_size(), person.person().document_count());
}

// Reads watch responses until `count` changes arrived or the deadline.
std::vector<v1::DocumentChange> ReadChanges(grpc::ClientReader<v1::WatchDocumentsResponse>* reader,
                                            size_t count) {
  std::vector<v1::DocumentChange> changes;
  v1::WatchDocumentsResponse response;
  while (changes.size() < count && reader->Read(&response)) {
    for (const auto& c : response.changes()) changes.push_back(c);
  }
  return changes;
}

TEST_F(CatalogServiceTest, WatchResumesWithoutLossOrRepeats) {
  for (int i = 0; i < 10; ++i) Create(i);
  std::vector<int64_t> revisions;
  {
    auto context = Context();
    v1::WatchDocumentsRequest request;
    request.set_start_revision(1);
    auto reader = stub_->WatchDocuments(context.get(), request);
    auto changes = ReadChanges(reader.get(), 10);
    ASSERT_GE(changes.size(), 10u);
    for (const auto& c : changes) revisions.push_back(c.revision());
    EXPECT_EQ(changes[0].type(), v1::CHANGE_TYPE_CREATED);
    EXPECT_TRUE(changes[0].has_document());
    context->TryCancel();  // The "disconnect".
    reader->Finish().IgnoreError();
  }
  // Writes while nobody watches, then writes while the resumed watch runs.
  for (int i = 10; i < 15; ++i) Create(i);
  {
    auto context = Context();
    v1::WatchDocumentsRequest request;
    request.set_start_revision(revisions.back() + 1);
    auto reader = stub_->WatchDocuments(context.get(), request);
    std::thread writer([&] {
      for (int i = 15; i < 25; ++i) Create(i);
      v1::DeleteDocumentRequest del;
      del.set_name(DocumentName(MakeNumberedExtraction(0).document().content_hash()));
      v1::DeleteDocumentResponse deleted;
      EXPECT_TRUE(stub_->DeleteDocument(Context().get(), del, &deleted).ok());
    });
    auto changes = ReadChanges(reader.get(), 16);
    writer.join();
    for (const auto& c : changes) revisions.push_back(c.revision());
    ASSERT_FALSE(changes.empty());
    EXPECT_EQ(changes.back().type(), v1::CHANGE_TYPE_DELETED);
    context->TryCancel();
    reader->Finish().IgnoreError();
  }
  ASSERT_EQ(revisions.size(), 26u);
  for (size_t i = 0; i < revisions.size(); ++i)
    EXPECT_EQ(revisions[i], static_cast<int64_t>(i + 1));
}

TEST_F(CatalogServiceTest, ManyWatchersSeeEveryRevisionInOrder) {
  constexpr int kWatchers = 6, kWriters = 4, kPerWriter = 25;
  constexpr size_t kTotal = kWriters * kPerWriter;
  std::vector<std::vector<int64_t>> seen(kWatchers);
  std::vector<std::thread> watchers;
  for (int w = 0; w < kWatchers; ++w) {
    watchers.emplace_back([&, w] {
      auto context = Context(30);
      v1::WatchDocumentsRequest request;
      request.set_start_revision(1);
      auto reader = stub_->WatchDocuments(context.get(), request);
      for (const auto& change : ReadChanges(reader.get(), kTotal)) {
        seen[w].push_back(change.revision());
      }
      context->TryCancel();
      reader->Finish().IgnoreError();
    });
  }
  std::vector<std::thread> writers;
  for (int t = 0; t < kWriters; ++t) {
    writers.emplace_back([&, t] {
      for (int i = 0; i < kPerWriter; ++i) Create(t * 1000 + i);
    });
  }
  for (auto& t : writers) t.join();
  for (auto& t : watchers) t.join();
  for (int w = 0; w < kWatchers; ++w) {
    ASSERT_EQ(seen[w].size(), kTotal) << "watcher " << w;
    for (size_t i = 0; i < kTotal; ++i) EXPECT_EQ(seen[w][i], static_cast<int64_t>(i + 1));
  }
}

TEST_F(CatalogServiceTest, WatchFromCompactedRevisionFails) {
  StopServer();
  StartServer(/*history_limit=*/5);
  for (int i = 0; i < 12; ++i) Create(i);
  auto context = Context();
  v1::WatchDocumentsRequest request;
  request.set_start_revision(2);
  auto reader = stub_->WatchDocuments(context.get(), request);
  v1::WatchDocumentsResponse response;
  EXPECT_FALSE(reader->Read(&response));
  grpc::Status status = reader->Finish();
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(Reason(status), "REVISION_COMPACTED");
}

TEST_F(CatalogServiceTest, StopWatchesEndsOpenStreamsPromptly) {
  Create(1);
  auto context = Context();
  v1::WatchDocumentsRequest request;
  request.set_start_revision(1);
  auto reader = stub_->WatchDocuments(context.get(), request);
  ASSERT_EQ(ReadChanges(reader.get(), 1).size(), 1u);
  auto start = std::chrono::steady_clock::now();
  service_->StopWatches();
  v1::WatchDocumentsResponse response;
  while (reader->Read(&response)) {
  }
  grpc::Status status = reader->Finish();
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAVAILABLE);
  EXPECT_EQ(Reason(status), "SHUTTING_DOWN");
  EXPECT_NE(status.error_message().find("revision 2"), std::string::npos);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
  // New watches are refused from now on.
  auto context2 = Context();
  auto reader2 = stub_->WatchDocuments(context2.get(), request);
  while (reader2->Read(&response)) {
  }
  EXPECT_EQ(reader2->Finish().error_code(), grpc::StatusCode::UNAVAILABLE);
}

TEST_F(CatalogServiceTest, ConcurrentWritersAndReaders) {
  constexpr int kWriters = 8, kPerWriter = 30, kReaders = 4;
  std::atomic<bool> stop{false};
  std::atomic<int> write_errors{0}, read_errors{0}, reads{0};
  std::vector<std::thread> threads;
  for (int w = 0; w < kWriters; ++w) {
    threads.emplace_back([&, w] {
      for (int i = 0; i < kPerWriter; ++i) {
        v1::CreateDocumentRequest request;
        *request.mutable_document()->mutable_extraction() = MakeNumberedExtraction(w * 10000 + i);
        v1::CreateDocumentResponse response;
        if (!stub_->CreateDocument(Context().get(), request, &response).ok()) ++write_errors;
      }
    });
  }
  for (int r = 0; r < kReaders; ++r) {
    threads.emplace_back([&] {
      while (!stop.load()) {
        v1::ListDocumentsRequest list;
        list.set_filter("role = PRESIDED");
        list.set_page_size(20);
        v1::ListDocumentsResponse listed;
        if (!stub_->ListDocuments(Context().get(), list, &listed).ok()) ++read_errors;
        v1::SearchDocumentsRequest search;
        search.set_query("trade");
        v1::SearchDocumentsResponse found;
        if (!stub_->SearchDocuments(Context().get(), search, &found).ok()) ++read_errors;
        ++reads;
      }
    });
  }
  for (int w = 0; w < kWriters; ++w) threads[w].join();
  stop = true;
  for (size_t t = kWriters; t < threads.size(); ++t) threads[t].join();
  EXPECT_EQ(write_errors.load(), 0);
  EXPECT_EQ(read_errors.load(), 0);
  EXPECT_GT(reads.load(), 0);
  EXPECT_EQ(store_->CurrentRevision(), kWriters * kPerWriter);
}

}  // namespace
}  // namespace readout::catalog
