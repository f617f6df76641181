// Integration tests of readout.v1.ExtractorService: a real GrpcServer on
// 127.0.0.1:0 in this process, real channels, bounded waits.
#include <atomic>
#include <chrono>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/synchronization/notification.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "common/server/grpc_server.h"
#include "common/server/status_util.h"
#include "extractor-service/engine/extractor.h"
#include "extractor-service/service/extractor_service_impl.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "grpcpp/grpcpp.h"
#include "gtest/gtest.h"
#include "readout/v1/extractor_service.grpc.pb.h"
#include "tests/extractor/sample_documents.h"

namespace readout::extractor {
namespace {

using grpc::health::v1::Health;
using grpc::health::v1::HealthCheckRequest;
using grpc::health::v1::HealthCheckResponse;
using v1::ExtractRequest;
using v1::ExtractResponse;
using v1::StreamExtractRequest;
using v1::StreamExtractResponse;

constexpr char kServiceName[] = "readout.v1.ExtractorService";

std::chrono::system_clock::time_point In(absl::Duration d) {
  return absl::ToChronoTime(absl::Now() + d);
}

// The ErrorInfo reason in a call's grpc-status-details-bin trailer.
std::string ReasonOf(const grpc::Status& status) {
  auto info = common::ErrorInfoOf(common::FromGrpcStatus(status));
  return info.has_value() ? info->reason() : "";
}

std::string ReasonOf(const google::rpc::Status& status) {
  auto info = common::ErrorInfoOf(common::FromRpcStatus(status));
  return info.has_value() ? info->reason() : "";
}

class ExtractorServiceTest : public ::testing::Test {
 protected:
  // Starts a server; with `extract` unset the real engine is used.
  void Start(ExtractorServiceOptions options = {}, ExtractFunction extract = nullptr,
             common::ServerConfig config = TestConfig()) {
    if (extract) {
      service_ = std::make_unique<ExtractorServiceImpl>(std::move(extract), options);
    } else {
      ExtractorOptions engine_options;
      engine_options.max_document_bytes = options.max_document_bytes;
      engine_ = std::make_unique<Extractor>(engine_options);
      service_ = std::make_unique<ExtractorServiceImpl>(engine_.get(), options);
    }
    auto server = common::GrpcServer::Start(config, {{service_.get(), kServiceName}});
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = std::move(*server);
    channel_ = grpc::CreateChannel(server_->address(), grpc::InsecureChannelCredentials());
    stub_ = v1::ExtractorService::NewStub(channel_);
    health_ = Health::NewStub(channel_);
  }

  void TearDown() override {
    if (server_ != nullptr) server_->Shutdown();
    server_.reset();
    service_.reset();
  }

  static common::ServerConfig TestConfig() {
    common::ServerConfig config;
    config.listen_address = "127.0.0.1:0";
    config.threads = 2;
    config.shutdown_grace = absl::Seconds(5);
    return config;
  }

  grpc::Status Extract(const ExtractRequest& request, ExtractResponse* response,
                       absl::Duration timeout = absl::Seconds(10)) {
    grpc::ClientContext context;
    context.set_deadline(In(timeout));
    return stub_->Extract(&context, request, response);
  }

  static ExtractRequest TextRequest(const std::string& text) {
    ExtractRequest request;
    request.mutable_document()->set_text(text);
    return request;
  }

  std::unique_ptr<Extractor> engine_;
  std::unique_ptr<ExtractorServiceImpl> service_;
  std::unique_ptr<common::GrpcServer> server_;
  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<v1::ExtractorService::Stub> stub_;
  std::unique_ptr<Health::Stub> health_;
};

// ----------------------------------------------------------------- Extract

TEST_F(ExtractorServiceTest, ExtractsTextReport) {
  Start();
  ExtractRequest request = TextRequest(testing::kTextReport);
  request.mutable_document()->set_source_uri("test://harbor-city");
  auto* date = request.mutable_document()->mutable_published_date();
  date->set_year(2025);
  date->set_month(10);
  date->set_day(15);
  ExtractResponse response;
  grpc::Status status = Extract(request, &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  const v1::Document& doc = response.extraction().document();
  EXPECT_NE(doc.text().find("Mei Lanqing"), std::string::npos);
  EXPECT_EQ(doc.content_hash().size(), 64u);
  EXPECT_EQ(doc.source_uri(), "test://harbor-city");
  EXPECT_EQ(doc.published_date().year(), 2025);
  EXPECT_EQ(doc.published_date().day(), 15);
}

TEST_F(ExtractorServiceTest, ExtractsHtmlReportSentAsBytes) {
  Start();
  ExtractRequest request;
  request.mutable_document()->set_data(testing::kHtmlReport);
  request.mutable_document()->set_format(v1::DOCUMENT_FORMAT_HTML);
  ExtractResponse response;
  grpc::Status status = Extract(request, &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_NE(response.extraction().document().text().find("Ilse Brandt"), std::string::npos);
  EXPECT_EQ(response.extraction().document().content_hash().size(), 64u);
}

TEST_F(ExtractorServiceTest, OmitTextKeepsHash) {
  Start();
  ExtractRequest request = TextRequest(testing::kTextReport);
  request.mutable_options()->set_omit_text(true);
  ExtractResponse response;
  ASSERT_TRUE(Extract(request, &response).ok());
  EXPECT_TRUE(response.extraction().document().text().empty());
  EXPECT_EQ(response.extraction().document().content_hash().size(), 64u);
}

TEST_F(ExtractorServiceTest, PassesFormatUriAndDateToEngine) {
  absl::Mutex mu;
  std::vector<DocumentSource> seen;
  Start({}, [&](const DocumentSource& source) -> absl::StatusOr<v1::Extraction> {
    absl::MutexLock lock(&mu);
    seen.push_back(source);
    seen.back().content = {};  // Borrowed; not valid after the call.
    return v1::Extraction();
  });
  ExtractRequest request = TextRequest("<p>x</p>");
  request.mutable_document()->set_format(v1::DOCUMENT_FORMAT_TEXT);
  request.mutable_document()->set_source_uri("u");
  request.mutable_document()->mutable_published_date()->set_year(2024);
  request.mutable_document()->mutable_published_date()->set_month(2);
  request.mutable_document()->mutable_published_date()->set_day(29);
  ExtractResponse response;
  ASSERT_TRUE(Extract(request, &response).ok());
  absl::MutexLock lock(&mu);
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(seen[0].format, InputFormat::kText);
  EXPECT_EQ(seen[0].source_uri, "u");
  EXPECT_EQ(seen[0].published_date.month(), 2);
}

TEST_F(ExtractorServiceTest, MapsEngineErrors) {
  Start({}, [](const DocumentSource&) -> absl::StatusOr<v1::Extraction> {
    return absl::InvalidArgumentError("no text once markup is dropped");
  });
  ExtractResponse response;
  grpc::Status status = Extract(TextRequest("<p></p>"), &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(status.error_message(), "no text once markup is dropped");
  EXPECT_EQ(ReasonOf(status), "INVALID_DOCUMENT");
}

// -------------------------------------------------------------- bad inputs

TEST_F(ExtractorServiceTest, RejectsMissingAndEmptyDocuments) {
  Start();
  ExtractResponse response;
  grpc::Status missing = Extract(ExtractRequest(), &response);
  EXPECT_EQ(missing.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(ReasonOf(missing), "MISSING_DOCUMENT");

  grpc::Status empty = Extract(TextRequest(""), &response);
  EXPECT_EQ(empty.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(ReasonOf(empty), "EMPTY_DOCUMENT");
}

TEST_F(ExtractorServiceTest, RejectsInvalidUtf8Data) {
  Start();
  ExtractRequest request;
  request.mutable_document()->set_data(std::string("Council met\xC3\x28 today", 20));
  ExtractResponse response;
  grpc::Status status = Extract(request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(ReasonOf(status), "INVALID_UTF8");
  EXPECT_NE(status.error_message().find("offset 11"), std::string::npos) << status.error_message();
}

TEST_F(ExtractorServiceTest, RejectsInvalidPublishedDateNamingTheField) {
  Start();
  ExtractRequest request = TextRequest(testing::kTextReport);
  request.mutable_document()->mutable_published_date()->set_year(2025);
  request.mutable_document()->mutable_published_date()->set_month(13);
  request.mutable_document()->mutable_published_date()->set_day(1);
  ExtractResponse response;
  grpc::Status status = Extract(request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_NE(status.error_message().find("document.published_date"), std::string::npos);
  EXPECT_EQ(ReasonOf(status), "INVALID_PUBLISHED_DATE");
}

TEST_F(ExtractorServiceTest, DocumentOverLimitIsResourceExhausted) {
  ExtractorServiceOptions options;
  options.max_document_bytes = 64 * 1024;
  common::ServerConfig config = TestConfig();
  config.max_receive_message_bytes = 256 * 1024;
  Start(options, nullptr, config);
  ExtractResponse response;
  // Over the document limit: the service's own check.
  grpc::Status big = Extract(TextRequest(std::string(100 * 1024, 'a')), &response);
  EXPECT_EQ(big.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
  EXPECT_EQ(ReasonOf(big), "DOCUMENT_TOO_LARGE");
  // Over the message limit: gRPC refuses it before the service sees it.
  grpc::Status huge = Extract(TextRequest(std::string(300 * 1024, 'a')), &response);
  EXPECT_EQ(huge.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
  // The server is still fine.
  EXPECT_TRUE(Extract(TextRequest(testing::kTextReport), &response).ok());
}

TEST_F(ExtractorServiceTest, SlowExtractionHitsDeadline) {
  Start({}, [](const DocumentSource&) -> absl::StatusOr<v1::Extraction> {
    absl::SleepFor(absl::Milliseconds(400));
    return v1::Extraction();
  });
  ExtractResponse response;
  absl::Time start = absl::Now();
  grpc::Status status = Extract(TextRequest("x"), &response, absl::Milliseconds(100));
  EXPECT_EQ(status.error_code(), grpc::StatusCode::DEADLINE_EXCEEDED);
  EXPECT_LT(absl::Now() - start, absl::Seconds(3));
}

TEST_F(ExtractorServiceTest, QueuedLargeDocumentPastDeadlineIsNotExtracted) {
  ExtractorServiceOptions options;
  options.inline_document_bytes = 0;  // Everything goes to the pool.
  options.worker_threads = 1;
  std::atomic<int> calls{0};
  Start(options, [&](const DocumentSource&) -> absl::StatusOr<v1::Extraction> {
    calls.fetch_add(1);
    absl::SleepFor(absl::Milliseconds(300));
    return v1::Extraction();
  });
  // Two calls with a 100 ms deadline: the second waits in the queue past it.
  std::thread first([&] {
    ExtractResponse r;
    Extract(TextRequest("a"), &r, absl::Milliseconds(100));
  });
  absl::SleepFor(absl::Milliseconds(20));
  ExtractResponse response;
  EXPECT_EQ(Extract(TextRequest("b"), &response, absl::Milliseconds(100)).error_code(),
            grpc::StatusCode::DEADLINE_EXCEEDED);
  first.join();
  absl::SleepFor(absl::Milliseconds(400));  // Let the pool drain.
  EXPECT_EQ(calls.load(), 1);
}

TEST_F(ExtractorServiceTest, FullPoolAnswersUnavailable) {
  ExtractorServiceOptions options;
  options.inline_document_bytes = 0;
  options.worker_threads = 1;
  options.max_queued_documents = 1;
  absl::Notification started, release;
  Start(options, [&](const DocumentSource&) -> absl::StatusOr<v1::Extraction> {
    if (!started.HasBeenNotified()) started.Notify();
    release.WaitForNotificationWithTimeout(absl::Seconds(10));
    return v1::Extraction();
  });
  grpc::ClientContext c1, c2;
  c1.set_deadline(In(absl::Seconds(15)));
  c2.set_deadline(In(absl::Seconds(15)));
  ExtractRequest request = TextRequest("a");
  ExtractResponse r1, r2;
  absl::Notification done1, done2;
  grpc::Status s1, s2;
  stub_->async()->Extract(&c1, &request, &r1, [&](grpc::Status s) {
    s1 = s;
    done1.Notify();
  });
  ASSERT_TRUE(started.WaitForNotificationWithTimeout(absl::Seconds(10)));
  stub_->async()->Extract(&c2, &request, &r2, [&](grpc::Status s) {
    s2 = s;
    done2.Notify();
  });
  // The second call fills the queue; give it time to arrive.
  absl::StatusCode third = absl::StatusCode::kOk;
  for (int i = 0; i < 50 && third != absl::StatusCode::kUnavailable; ++i) {
    absl::SleepFor(absl::Milliseconds(20));
    ExtractResponse r3;
    grpc::Status s3 = Extract(request, &r3, absl::Seconds(1));
    third = static_cast<absl::StatusCode>(s3.error_code());
    if (third == absl::StatusCode::kUnavailable) {
      EXPECT_EQ(ReasonOf(s3), "SERVER_BUSY");
    }
  }
  EXPECT_EQ(third, absl::StatusCode::kUnavailable);
  release.Notify();
  ASSERT_TRUE(done1.WaitForNotificationWithTimeout(absl::Seconds(10)));
  ASSERT_TRUE(done2.WaitForNotificationWithTimeout(absl::Seconds(10)));
  EXPECT_TRUE(s1.ok());
  EXPECT_TRUE(s2.ok());
}

// ----------------------------------------------------------- StreamExtract

struct StreamResult {
  std::vector<StreamExtractResponse> responses;
  grpc::Status status;
};

StreamResult RunStream(v1::ExtractorService::Stub* stub,
                       const std::vector<StreamExtractRequest>& requests) {
  grpc::ClientContext context;
  context.set_deadline(In(absl::Seconds(20)));
  auto stream = stub->StreamExtract(&context);
  std::thread writer([&] {
    for (const StreamExtractRequest& request : requests) {
      if (!stream->Write(request)) break;
    }
    stream->WritesDone();
  });
  StreamResult result;
  StreamExtractResponse response;
  while (stream->Read(&response)) result.responses.push_back(response);
  writer.join();
  result.status = stream->Finish();
  return result;
}

StreamExtractRequest StreamRequest(const std::string& id, const std::string& text) {
  StreamExtractRequest request;
  request.set_client_id(id);
  request.mutable_document()->set_text(text);
  return request;
}

TEST_F(ExtractorServiceTest, StreamContinuesPastBadDocumentInOrder) {
  Start();
  std::vector<StreamExtractRequest> requests;
  requests.push_back(StreamRequest("a", testing::kTextReport));
  requests.push_back(StreamRequest("b", testing::kHtmlReport));
  StreamExtractRequest bad_utf8;
  bad_utf8.set_client_id("c");
  bad_utf8.mutable_document()->set_data("bad \xFF bytes");
  requests.push_back(bad_utf8);
  requests.push_back(StreamRequest("d", testing::kTextReport));
  requests.push_back(StreamRequest("e", ""));
  StreamExtractRequest no_document;
  no_document.set_client_id("f");
  requests.push_back(no_document);
  StreamExtractRequest omit = StreamRequest("g", testing::kTextReport);
  omit.mutable_options()->set_omit_text(true);
  requests.push_back(omit);

  StreamResult result = RunStream(stub_.get(), requests);
  ASSERT_TRUE(result.status.ok()) << result.status.error_message();
  ASSERT_EQ(result.responses.size(), requests.size());
  const int expected_codes[] = {0, 0, 3, 0, 3, 3, 0};
  const char* expected_reasons[] = {
      "", "", "INVALID_UTF8", "", "EMPTY_DOCUMENT", "MISSING_DOCUMENT", ""};
  for (size_t i = 0; i < requests.size(); ++i) {
    const StreamExtractResponse& r = result.responses[i];
    EXPECT_EQ(r.index(), i);
    EXPECT_EQ(r.client_id(), requests[i].client_id());
    EXPECT_EQ(r.status().code(), expected_codes[i]) << "at " << i;
    EXPECT_EQ(r.has_extraction(), expected_codes[i] == 0) << "at " << i;
    if (expected_codes[i] != 0) {
      EXPECT_EQ(ReasonOf(r.status()), expected_reasons[i]) << "at " << i;
      EXPECT_FALSE(r.status().message().empty());
    }
  }
  EXPECT_FALSE(result.responses[0].extraction().document().text().empty());
  EXPECT_TRUE(result.responses[6].extraction().document().text().empty());
}

TEST_F(ExtractorServiceTest, StreamKeepsOrderWhenDocumentsGoToThePool) {
  ExtractorServiceOptions options;
  options.inline_document_bytes = 4;  // Most documents go to the pool.
  options.worker_threads = 2;
  options.max_pending_responses = 2;
  Start(options, [](const DocumentSource& source) -> absl::StatusOr<v1::Extraction> {
    // Later documents finish faster, to tempt reordering.
    absl::SleepFor(absl::Milliseconds(source.content.size() % 5));
    v1::Extraction extraction;
    extraction.mutable_document()->set_title(std::string(source.content));
    return extraction;
  });
  std::vector<StreamExtractRequest> requests;
  for (int i = 0; i < 40; ++i) {
    requests.push_back(
        StreamRequest(std::to_string(i), std::string(40 - i, 'x') + std::to_string(i)));
  }
  StreamResult result = RunStream(stub_.get(), requests);
  ASSERT_TRUE(result.status.ok());
  ASSERT_EQ(result.responses.size(), requests.size());
  for (size_t i = 0; i < requests.size(); ++i) {
    EXPECT_EQ(result.responses[i].index(), i);
    EXPECT_EQ(result.responses[i].client_id(), std::to_string(i));
    EXPECT_EQ(result.responses[i].extraction().document().title(), requests[i].document().text());
  }
}

TEST_F(ExtractorServiceTest, EmptyStreamFinishesOk) {
  Start();
  StreamResult result = RunStream(stub_.get(), {});
  EXPECT_TRUE(result.status.ok());
  EXPECT_TRUE(result.responses.empty());
}

TEST_F(ExtractorServiceTest, CancelledStreamLeavesServerHealthy) {
  Start();
  grpc::ClientContext context;
  context.set_deadline(In(absl::Seconds(10)));
  auto stream = stub_->StreamExtract(&context);
  ASSERT_TRUE(stream->Write(StreamRequest("1", testing::kTextReport)));
  StreamExtractResponse response;
  ASSERT_TRUE(stream->Read(&response));
  EXPECT_EQ(response.status().code(), 0);
  context.TryCancel();
  while (stream->Read(&response)) {
  }
  EXPECT_EQ(stream->Finish().error_code(), grpc::StatusCode::CANCELLED);
  ExtractResponse unary;
  EXPECT_TRUE(Extract(TextRequest(testing::kTextReport), &unary).ok());
}

TEST_F(ExtractorServiceTest, ClientThatStopsReadingDoesNotStallOthers) {
  ExtractorServiceOptions options;
  options.max_pending_responses = 2;
  Start(options);
  grpc::ClientContext context;
  context.set_deadline(In(absl::Seconds(10)));
  auto stream = stub_->StreamExtract(&context);
  // Write many documents without reading any response; the server pauses
  // reading this stream but keeps serving other calls.
  std::thread writer([&] {
    for (int i = 0; i < 200; ++i) {
      if (!stream->Write(StreamRequest(std::to_string(i), testing::kTextReport))) {
        break;
      }
    }
  });
  absl::SleepFor(absl::Milliseconds(200));
  ExtractResponse unary;
  EXPECT_TRUE(Extract(TextRequest(testing::kTextReport), &unary, absl::Seconds(5)).ok());
  context.TryCancel();
  writer.join();
  StreamExtractResponse response;
  while (stream->Read(&response)) {
  }
  stream->Finish();
}

// ------------------------------------------------------------------ health

TEST_F(ExtractorServiceTest, HealthCheckAndWatch) {
  Start();
  HealthCheckRequest request;
  request.set_service(kServiceName);
  HealthCheckResponse response;
  grpc::ClientContext check;
  check.set_deadline(In(absl::Seconds(10)));
  ASSERT_TRUE(health_->Check(&check, request, &response).ok());
  EXPECT_EQ(response.status(), HealthCheckResponse::SERVING);

  grpc::ClientContext watch;
  watch.set_deadline(In(absl::Seconds(10)));
  auto reader = health_->Watch(&watch, request);
  ASSERT_TRUE(reader->Read(&response));
  EXPECT_EQ(response.status(), HealthCheckResponse::SERVING);
  std::thread shutdown([this] { server_->Shutdown(); });
  ASSERT_TRUE(reader->Read(&response));
  EXPECT_EQ(response.status(), HealthCheckResponse::NOT_SERVING);
  EXPECT_FALSE(reader->Read(&response));
  reader->Finish();
  shutdown.join();
}

TEST_F(ExtractorServiceTest, NotServingOnceShutdownStarts) {
  common::ServerConfig config = TestConfig();
  config.shutdown_drain = absl::Seconds(2);
  Start({}, nullptr, config);
  std::thread shutdown([this] { server_->Shutdown(); });
  HealthCheckResponse::ServingStatus seen = HealthCheckResponse::SERVING;
  for (int i = 0; i < 40 && seen == HealthCheckResponse::SERVING; ++i) {
    grpc::ClientContext check;
    check.set_deadline(In(absl::Seconds(2)));
    HealthCheckRequest request;
    request.set_service(kServiceName);
    HealthCheckResponse response;
    ASSERT_TRUE(health_->Check(&check, request, &response).ok());
    seen = response.status();
    if (seen == HealthCheckResponse::SERVING) absl::SleepFor(absl::Milliseconds(25));
  }
  EXPECT_EQ(seen, HealthCheckResponse::NOT_SERVING);
  // Calls during the drain are still served.
  ExtractResponse unary;
  EXPECT_TRUE(Extract(TextRequest(testing::kTextReport), &unary).ok());
  shutdown.join();
}

}  // namespace
}  // namespace readout::extractor
