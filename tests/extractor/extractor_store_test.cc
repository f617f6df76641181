// Integration tests of storing from readout.v1.ExtractorService: a real
// server on 127.0.0.1:0 whose CatalogClient is a fake that answers from its
// own thread (as the real one answers from gRPC's), so the tests see what
// the caller sees: document names, errors, deadlines, stream order, and that
// a call waiting on the catalog holds no gRPC thread.
#include <atomic>
#include <chrono>
#include <deque>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "common/server/grpc_server.h"
#include "common/server/status_util.h"
#include "extractor-service/engine/extractor.h"
#include "extractor-service/service/catalog_client.h"
#include "extractor-service/service/extractor_service_impl.h"
#include "grpcpp/grpcpp.h"
#include "gtest/gtest.h"
#include "readout/v1/extractor_service.grpc.pb.h"
#include "tests/extractor/sample_documents.h"

namespace readout::extractor {
namespace {

using Clock = std::chrono::system_clock;

std::string ReasonOf(const absl::Status& status) {
  auto info = common::ErrorInfoOf(status);
  return info.has_value() ? info->reason() : "";
}

// Records requests; answers each on a thread of its own with `error` when
// set, else as the catalog would ("documents/{hash}", created the first
// time). While held, answers wait until Release().
class FakeCatalog final : public CatalogClient {
 public:
  ~FakeCatalog() override {
    Release();
    for (auto& t : threads_) t.join();
  }
  void CreateDocument(v1::CreateDocumentRequest request, Clock::time_point deadline,
                      const common::TraceContext& trace, CreateDocumentCallback done) override {
    absl::MutexLock lock(&mu_);
    requests_.push_back(request);
    deadlines_.push_back(deadline);
    threads_.emplace_back([this, request = std::move(request), deadline, done = std::move(done)] {
      absl::StatusOr<v1::CreateDocumentResponse> result;
      {
        absl::MutexLock lock(&mu_);
        if (fail_at_deadline_) {
          // As a channel whose connection attempts hang: the answer comes
          // when the call's deadline passes (or on Release()).
          mu_.AwaitWithDeadline(absl::Condition(
                                    +[](bool* held) { return !*held; }, &held_),
                                absl::FromChrono(deadline));
        } else {
          mu_.Await(absl::Condition(
              +[](bool* held) { return !*held; }, &held_));
        }
        if (!error_.ok()) {
          result = error_;
        } else {
          const std::string& hash = request.document().extraction().document().content_hash();
          v1::CreateDocumentResponse response;
          response.mutable_document()->set_name("documents/" + hash);
          response.set_created(stored_.insert(hash).second);
          result = response;
        }
      }
      done(std::move(result));
    });
  }
  void Fail(absl::Status error) {
    absl::MutexLock lock(&mu_);
    error_ = std::move(error);
  }
  void Hold() {
    absl::MutexLock lock(&mu_);
    held_ = true;
  }
  // Every answer is `error`, given when the call's deadline passes.
  void FailAtDeadline(absl::Status error) {
    absl::MutexLock lock(&mu_);
    error_ = std::move(error);
    fail_at_deadline_ = true;
    held_ = true;
  }
  void Release() {
    absl::MutexLock lock(&mu_);
    held_ = false;
  }
  std::vector<v1::CreateDocumentRequest> requests() {
    absl::MutexLock lock(&mu_);
    return requests_;
  }
  std::vector<Clock::time_point> deadlines() {
    absl::MutexLock lock(&mu_);
    return deadlines_;
  }

 private:
  absl::Mutex mu_;
  bool held_ ABSL_GUARDED_BY(mu_) = false;
  bool fail_at_deadline_ ABSL_GUARDED_BY(mu_) = false;
  absl::Status error_ ABSL_GUARDED_BY(mu_);
  std::set<std::string> stored_ ABSL_GUARDED_BY(mu_);
  std::vector<v1::CreateDocumentRequest> requests_ ABSL_GUARDED_BY(mu_);
  std::vector<Clock::time_point> deadlines_ ABSL_GUARDED_BY(mu_);
  std::vector<std::thread> threads_;  // Joined in the destructor.
};

class ExtractorStoreTest : public ::testing::Test {
 protected:
  void Start(bool with_catalog, bool store_by_default = false) {
    ExtractorServiceOptions options;
    if (with_catalog) {
      catalog_ = std::make_shared<FakeCatalog>();
      options.catalog = catalog_;
      options.catalog_target = "fake-catalog:1";
      options.store_by_default = store_by_default;
      options.catalog_timeout = absl::Seconds(3);
    }
    service_ = std::make_unique<ExtractorServiceImpl>(&engine_, options);
    common::ServerConfig config;
    config.listen_address = "127.0.0.1:0";
    config.threads = 2;
    config.shutdown_grace = absl::Seconds(5);
    auto server =
        common::GrpcServer::Start(config, {{service_.get(), "readout.v1.ExtractorService"}});
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = std::move(*server);
    stub_ = v1::ExtractorService::NewStub(
        grpc::CreateChannel(server_->address(), grpc::InsecureChannelCredentials()));
  }

  void TearDown() override {
    if (catalog_) catalog_->Release();
    if (server_) server_->Shutdown();
    server_.reset();
    service_.reset();
  }

  absl::Status Extract(const v1::ExtractRequest& request, v1::ExtractResponse* response,
                       absl::Duration timeout = absl::Seconds(10)) {
    grpc::ClientContext context;
    context.set_deadline(absl::ToChronoTime(absl::Now() + timeout));
    return common::FromGrpcStatus(stub_->Extract(&context, request, response));
  }

  static v1::ExtractRequest Request(const std::string& text, std::optional<bool> store) {
    v1::ExtractRequest request;
    request.mutable_document()->set_text(text);
    if (store.has_value()) request.mutable_options()->mutable_store()->set_value(*store);
    return request;
  }

  Extractor engine_;
  std::shared_ptr<FakeCatalog> catalog_;
  std::unique_ptr<ExtractorServiceImpl> service_;
  std::unique_ptr<common::GrpcServer> server_;
  std::unique_ptr<v1::ExtractorService::Stub> stub_;
};

TEST_F(ExtractorStoreTest, StoresWhenAskedAndReturnsTheDocumentName) {
  Start(/*with_catalog=*/true);
  v1::ExtractRequest request = Request(testing::kTextReport, true);
  request.mutable_options()->set_omit_text(true);
  v1::ExtractResponse response;
  ASSERT_TRUE(Extract(request, &response).ok());
  const std::string& hash = response.extraction().document().content_hash();
  EXPECT_EQ(response.document_name(), "documents/" + hash);
  EXPECT_TRUE(response.document_created());
  // The caller asked to omit the text; the catalog still got all of it.
  EXPECT_TRUE(response.extraction().document().text().empty());
  ASSERT_EQ(catalog_->requests().size(), 1u);
  const v1::CreateDocumentRequest sent = catalog_->requests()[0];
  EXPECT_NE(sent.document().extraction().document().text().find("Mei Lanqing"), std::string::npos);
  EXPECT_EQ(sent.request_id(), "extract-" + hash);

  v1::ExtractResponse again;
  ASSERT_TRUE(Extract(request, &again).ok());
  EXPECT_EQ(again.document_name(), response.document_name());
  EXPECT_FALSE(again.document_created());
  EXPECT_EQ(catalog_->requests()[1].request_id(), sent.request_id());
}

TEST_F(ExtractorStoreTest, DoesNotStoreUnlessAskedOrConfigured) {
  Start(/*with_catalog=*/true, /*store_by_default=*/false);
  v1::ExtractResponse response;
  ASSERT_TRUE(Extract(Request(testing::kTextReport, std::nullopt), &response).ok());
  EXPECT_TRUE(response.document_name().empty());
  EXPECT_TRUE(catalog_->requests().empty());
}

TEST_F(ExtractorStoreTest, StoreByDefaultUnlessTheRequestSaysNo) {
  Start(/*with_catalog=*/true, /*store_by_default=*/true);
  v1::ExtractResponse stored, not_stored;
  ASSERT_TRUE(Extract(Request(testing::kTextReport, std::nullopt), &stored).ok());
  EXPECT_FALSE(stored.document_name().empty());
  ASSERT_TRUE(Extract(Request(testing::kTextReport, false), &not_stored).ok());
  EXPECT_TRUE(not_stored.document_name().empty());
  EXPECT_EQ(catalog_->requests().size(), 1u);
}

TEST_F(ExtractorStoreTest, AskingToStoreWithoutACatalogIsFailedPrecondition) {
  Start(/*with_catalog=*/false);
  v1::ExtractResponse response;
  absl::Status status = Extract(Request(testing::kTextReport, true), &response);
  EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(ReasonOf(status), "CATALOG_NOT_CONFIGURED");
  EXPECT_NE(status.message().find("--catalog"), absl::string_view::npos);
}

TEST_F(ExtractorStoreTest, UnreachableCatalogIsUnavailableWithNoExtraction) {
  Start(/*with_catalog=*/true);
  catalog_->Fail(absl::UnavailableError("connection refused"));
  v1::ExtractResponse response;
  absl::Status status = Extract(Request(testing::kTextReport, true), &response);
  EXPECT_EQ(status.code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(ReasonOf(status), "CATALOG_UNAVAILABLE");
  EXPECT_NE(status.message().find("catalog at fake-catalog:1 cannot be reached"),
            absl::string_view::npos)
      << status.message();
  EXPECT_FALSE(response.has_extraction());
}

TEST_F(ExtractorStoreTest, TheCallersDeadlineBoundsTheCatalogCall) {
  Start(/*with_catalog=*/true);
  v1::ExtractResponse response;
  Clock::time_point before = Clock::now();
  ASSERT_TRUE(Extract(Request(testing::kTextReport, true), &response, absl::Seconds(1)).ok());
  ASSERT_EQ(catalog_->deadlines().size(), 1u);
  Clock::time_point deadline = catalog_->deadlines()[0];
  EXPECT_LE(deadline, before + std::chrono::milliseconds(1100));
  // Without a caller deadline, catalog_timeout (3 s) bounds it.
  grpc::ClientContext context;
  ASSERT_TRUE(stub_->Extract(&context, Request(testing::kTextReport, true), &response).ok());
  EXPECT_LE(catalog_->deadlines()[1], Clock::now() + std::chrono::seconds(3));
}

TEST_F(ExtractorStoreTest, ACatalogAnsweringAtItsDeadlineStillGivesTheCallerTheReason) {
  Start(/*with_catalog=*/true);
  // The catalog call ends before the caller's deadline, so the caller gets
  // the extractor's answer, with its reason, and not a bare deadline of its
  // own: the fake answers UNAVAILABLE only when the catalog call's deadline
  // passes.
  catalog_->FailAtDeadline(absl::UnavailableError("connection attempt timed out"));
  v1::ExtractResponse response;
  absl::Status status = Extract(Request(testing::kTextReport, true), &response, absl::Seconds(2));
  EXPECT_EQ(status.code(), absl::StatusCode::kUnavailable) << status;
  EXPECT_EQ(ReasonOf(status), "CATALOG_UNAVAILABLE") << status;
}

TEST(CatalogCallDeadlineTest, EndsAHeadroomBeforeTheCallersDeadline) {
  const Clock::time_point now = Clock::now();
  using std::chrono::milliseconds;
  // 100 ms before a deadline with a second or more left...
  EXPECT_EQ(CatalogCallDeadline(now + milliseconds(1000), now), now + milliseconds(900));
  EXPECT_EQ(CatalogCallDeadline(now + milliseconds(30000), now), now + milliseconds(29900));
  // ...a tenth of the time left when that is shorter...
  EXPECT_EQ(CatalogCallDeadline(now + milliseconds(500), now), now + milliseconds(450));
  EXPECT_EQ(CatalogCallDeadline(now + milliseconds(20), now), now + milliseconds(18));
  // ...no deadline stays practically none, and a deadline already past is
  // returned as it is.
  EXPECT_EQ(CatalogCallDeadline(Clock::time_point::max(), now),
            Clock::time_point::max() - milliseconds(100));
  EXPECT_EQ(CatalogCallDeadline(now - milliseconds(5), now), now - milliseconds(5));
  EXPECT_EQ(CatalogCallDeadline(now, now), now);
}

TEST_F(ExtractorStoreTest, CallsWaitingOnTheCatalogHoldNoServerThread) {
  Start(/*with_catalog=*/true);
  catalog_->Hold();
  // Many calls wait on the catalog at once...
  constexpr int kWaiting = 16;
  std::vector<std::thread> waiting;
  std::atomic<int> ok{0};
  for (int i = 0; i < kWaiting; ++i) {
    waiting.emplace_back([this, &ok] {
      v1::ExtractResponse response;
      if (Extract(Request(testing::kTextReport, true), &response).ok()) ++ok;
    });
  }
  absl::Time until = absl::Now() + absl::Seconds(5);
  while (catalog_->requests().size() < kWaiting && absl::Now() < until) {
    absl::SleepFor(absl::Milliseconds(5));
  }
  ASSERT_EQ(catalog_->requests().size(), static_cast<size_t>(kWaiting));
  // ...and a call that does not store is still answered at once.
  v1::ExtractResponse response;
  absl::Time start = absl::Now();
  ASSERT_TRUE(Extract(Request(testing::kTextReport, false), &response, absl::Seconds(2)).ok());
  EXPECT_LT(absl::Now() - start, absl::Seconds(1));
  catalog_->Release();
  for (auto& t : waiting) t.join();
  EXPECT_EQ(ok.load(), kWaiting);
}

TEST_F(ExtractorStoreTest, StreamStoresEachDocumentInOrderWithItsOwnStatus) {
  Start(/*with_catalog=*/true);
  grpc::ClientContext context;
  context.set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(10)));
  auto stream = stub_->StreamExtract(&context);
  const char* texts[] = {testing::kTextReport, "", testing::kHtmlReport};
  for (int i = 0; i < 3; ++i) {
    v1::StreamExtractRequest request;
    request.set_client_id(std::to_string(i));
    request.mutable_document()->set_text(texts[i]);
    request.mutable_options()->mutable_store()->set_value(true);
    ASSERT_TRUE(stream->Write(request));
  }
  stream->WritesDone();
  std::vector<v1::StreamExtractResponse> responses;
  v1::StreamExtractResponse response;
  while (stream->Read(&response)) responses.push_back(response);
  ASSERT_TRUE(stream->Finish().ok());
  ASSERT_EQ(responses.size(), 3u);
  for (int i = 0; i < 3; ++i) EXPECT_EQ(responses[i].client_id(), std::to_string(i));
  EXPECT_EQ(responses[0].status().code(), 0);
  EXPECT_EQ(responses[0].document_name(),
            "documents/" + responses[0].extraction().document().content_hash());
  EXPECT_EQ(responses[1].status().code(), static_cast<int>(absl::StatusCode::kInvalidArgument));
  EXPECT_TRUE(responses[1].document_name().empty());
  EXPECT_EQ(responses[2].status().code(), 0);
  EXPECT_FALSE(responses[2].document_name().empty());
  EXPECT_EQ(catalog_->requests().size(), 2u);  // The bad document was not stored.
}

TEST_F(ExtractorStoreTest, StreamReportsAnUnreachableCatalogPerDocumentAndGoesOn) {
  Start(/*with_catalog=*/true);
  catalog_->Fail(absl::UnavailableError("connection refused"));
  grpc::ClientContext context;
  context.set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(10)));
  auto stream = stub_->StreamExtract(&context);
  for (int i = 0; i < 2; ++i) {
    v1::StreamExtractRequest request;
    request.mutable_document()->set_text(testing::kTextReport);
    request.mutable_options()->mutable_store()->set_value(true);
    ASSERT_TRUE(stream->Write(request));
  }
  stream->WritesDone();
  std::vector<v1::StreamExtractResponse> responses;
  v1::StreamExtractResponse response;
  while (stream->Read(&response)) responses.push_back(response);
  ASSERT_TRUE(stream->Finish().ok());
  ASSERT_EQ(responses.size(), 2u);
  for (const auto& r : responses) {
    absl::Status status = common::FromRpcStatus(r.status());
    EXPECT_EQ(status.code(), absl::StatusCode::kUnavailable);
    EXPECT_EQ(ReasonOf(status), "CATALOG_UNAVAILABLE");
    EXPECT_FALSE(r.has_extraction());
    EXPECT_TRUE(r.document_name().empty());
  }
}

}  // namespace
}  // namespace readout::extractor
