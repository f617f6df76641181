// Tests of the extractor's catalog client: the retry decorator over a fake
// client and a fake timer (no sleeping), the request and error helpers, the
// channel settings and the real ThreadTimer.
#include "extractor-service/service/catalog_client.h"

#include <chrono>
#include <deque>
#include <memory>
#include <string>
#include <vector>

#include "absl/synchronization/notification.h"
#include "absl/time/clock.h"
#include "common/server/metrics.h"
#include "common/server/status_util.h"
#include "extractor-service/service/catalog_channel.h"
#include "extractor-service/service/retrying_catalog_client.h"
#include "extractor-service/service/timer.h"
#include "gtest/gtest.h"

namespace readout::extractor {
namespace {

using Clock = std::chrono::system_clock;

// Answers each call with the next scripted result (the last one repeats)
// and records the requests.
class FakeCatalogClient final : public CatalogClient {
 public:
  explicit FakeCatalogClient(std::deque<absl::StatusOr<v1::CreateDocumentResponse>> script)
      : script_(std::move(script)) {}
  void CreateDocument(v1::CreateDocumentRequest request, Clock::time_point deadline,
                      const common::TraceContext& trace, CreateDocumentCallback done) override {
    requests.push_back(request);
    deadlines.push_back(deadline);
    traces.push_back(trace);
    absl::StatusOr<v1::CreateDocumentResponse> result = script_.front();
    if (script_.size() > 1) script_.pop_front();
    done(std::move(result));
  }
  std::vector<v1::CreateDocumentRequest> requests;
  std::vector<Clock::time_point> deadlines;
  std::vector<common::TraceContext> traces;

 private:
  std::deque<absl::StatusOr<v1::CreateDocumentResponse>> script_;
};

// A clock that only moves when a wait is scheduled: RunAfter advances it by
// the delay and runs the function at once, recording the delay.
class FakeTimer final : public Timer {
 public:
  void RunAfter(absl::Duration delay, std::function<void()> fn) override {
    waits.push_back(delay);
    now_ += absl::ToChronoMilliseconds(delay);
    fn();
  }
  Clock::time_point Now() override { return now_; }
  std::vector<absl::Duration> waits;

 private:
  Clock::time_point now_ = Clock::time_point() + std::chrono::hours(24 * 365 * 50);
};

absl::StatusOr<v1::CreateDocumentResponse> Created(const std::string& name) {
  v1::CreateDocumentResponse response;
  response.mutable_document()->set_name(name);
  response.set_created(true);
  return response;
}

v1::Extraction ExtractionWithHash(const std::string& hash) {
  v1::Extraction extraction;
  extraction.mutable_document()->set_content_hash(hash);
  extraction.mutable_document()->set_text("Council meets.");
  return extraction;
}

struct Outcome {
  bool called = false;
  absl::StatusOr<v1::CreateDocumentResponse> result = absl::UnknownError("not called");
};

class RetryTest : public ::testing::Test {
 protected:
  // Sends one request through a RetryingCatalogClient over `script`.
  Outcome Send(std::deque<absl::StatusOr<v1::CreateDocumentResponse>> script,
               absl::Duration deadline_in, RetryPolicy policy = {}, double random = 1.0) {
    auto fake = std::make_unique<FakeCatalogClient>(std::move(script));
    fake_ = fake.get();
    client_ = std::make_unique<RetryingCatalogClient>(std::move(fake), &timer_, policy,
                                                      [random] { return random; });
    Outcome outcome;
    client_->CreateDocument(MakeCreateDocumentRequest(ExtractionWithHash("ab12")),
                            timer_.Now() + absl::ToChronoMilliseconds(deadline_in), trace_,
                            [&outcome](absl::StatusOr<v1::CreateDocumentResponse> r) {
                              EXPECT_FALSE(outcome.called) << "done called twice";
                              outcome.called = true;
                              outcome.result = std::move(r);
                            });
    return outcome;
  }

  FakeTimer timer_;
  const common::TraceContext trace_ = common::TraceContext::NewRoot();
  FakeCatalogClient* fake_ = nullptr;
  std::unique_ptr<RetryingCatalogClient> client_;
};

TEST_F(RetryTest, RetriesUnavailableWithTheSameRequestIdUntilItSucceeds) {
  Outcome outcome = Send({absl::UnavailableError("connection refused"),
                          absl::UnavailableError("connection refused"), Created("documents/ab12")},
                         absl::Seconds(10));
  ASSERT_TRUE(outcome.called);
  ASSERT_TRUE(outcome.result.ok()) << outcome.result.status();
  EXPECT_EQ(outcome.result->document().name(), "documents/ab12");
  ASSERT_EQ(fake_->requests.size(), 3u);
  for (const auto& request : fake_->requests) {
    EXPECT_EQ(request.request_id(), fake_->requests[0].request_id());
    EXPECT_EQ(request.document().extraction().document().content_hash(), "ab12");
  }
  // Exponential: 50 ms, then 100 ms (random 1.0 takes the top of the range).
  ASSERT_EQ(timer_.waits.size(), 2u);
  EXPECT_EQ(timer_.waits[0], absl::Milliseconds(50));
  EXPECT_EQ(timer_.waits[1], absl::Milliseconds(100));
  // Every attempt carries the caller's deadline, not a fresh one, and the
  // caller's trace.
  EXPECT_EQ(fake_->deadlines.front(), fake_->deadlines.back());
  for (const common::TraceContext& trace : fake_->traces) {
    EXPECT_EQ(trace.trace_id, trace_.trace_id);
    EXPECT_EQ(trace.span_id, trace_.span_id);
  }
}

TEST_F(RetryTest, CountsEachRetry) {
  auto retries = [] {
    return common::MetricsRegistry::Default()
        .AddCounter("readout_extractor_catalog_retries_total", "", {})
        .Get()
        .Value();
  };
  double before = retries();
  Send({absl::UnavailableError("down"), absl::UnavailableError("down"), Created("documents/ab12")},
       absl::Seconds(10));
  EXPECT_EQ(retries() - before, 2);
}

TEST_F(RetryTest, JitterDrawsFromTheLowerHalfToo) {
  Outcome outcome =
      Send({absl::UnavailableError("down"), Created("documents/ab12")}, absl::Seconds(10), {}, 0.0);
  ASSERT_TRUE(outcome.result.ok());
  ASSERT_EQ(timer_.waits.size(), 1u);
  EXPECT_EQ(timer_.waits[0], absl::Milliseconds(25));
}

TEST_F(RetryTest, BackoffIsCappedAtMaxBackoff) {
  RetryPolicy policy;
  policy.max_backoff = absl::Milliseconds(120);
  Outcome outcome = Send({absl::UnavailableError("down")}, absl::Seconds(2), policy);
  ASSERT_TRUE(outcome.called);
  for (absl::Duration wait : timer_.waits) EXPECT_LE(wait, absl::Milliseconds(120));
}

TEST_F(RetryTest, GivesUpWithUnavailableBeforeTheDeadline) {
  Outcome outcome = Send({absl::UnavailableError("connection refused")}, absl::Seconds(1));
  ASSERT_TRUE(outcome.called);
  EXPECT_EQ(outcome.result.status().code(), absl::StatusCode::kUnavailable);
  absl::Duration waited;
  for (absl::Duration wait : timer_.waits) waited += wait;
  EXPECT_LT(waited, absl::Seconds(1));
  // 50 + 100 + 200 + 400 ms fit in a second; the next 800 ms would not.
  EXPECT_EQ(fake_->requests.size(), 5u);
}

TEST_F(RetryTest, DoesNotRetryOtherErrors) {
  Outcome outcome = Send({absl::InvalidArgumentError("bad extraction")}, absl::Seconds(10));
  ASSERT_TRUE(outcome.called);
  EXPECT_EQ(outcome.result.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(fake_->requests.size(), 1u);
  EXPECT_TRUE(timer_.waits.empty());
}

TEST_F(RetryTest, HonoursMaxAttempts) {
  RetryPolicy policy;
  policy.max_attempts = 2;
  Outcome outcome = Send({absl::UnavailableError("down")}, absl::Seconds(10), policy);
  EXPECT_EQ(outcome.result.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(fake_->requests.size(), 2u);
}

TEST(CreateDocumentRequestTest, RequestIdIsDerivedFromTheContentHash) {
  v1::CreateDocumentRequest a = MakeCreateDocumentRequest(ExtractionWithHash("ab12"));
  v1::CreateDocumentRequest b = MakeCreateDocumentRequest(ExtractionWithHash("ab12"));
  v1::CreateDocumentRequest c = MakeCreateDocumentRequest(ExtractionWithHash("cd34"));
  EXPECT_EQ(a.request_id(), "extract-ab12");
  EXPECT_EQ(a.request_id(), b.request_id());
  EXPECT_NE(a.request_id(), c.request_id());
  EXPECT_EQ(a.document().extraction().document().text(), "Council meets.");
  // A SHA-256 hex hash keeps the id within AIP-155's 128 characters.
  EXPECT_LE(MakeCreateDocumentRequest(ExtractionWithHash(std::string(64, 'f'))).request_id().size(),
            128u);
}

TEST(CatalogStoreErrorTest, UnreachableCatalogIsUnavailableAndSaysSo) {
  absl::Status error =
      CatalogStoreError(absl::UnavailableError("failed to connect"), "dns:///readout-catalog:8080");
  EXPECT_EQ(error.code(), absl::StatusCode::kUnavailable);
  EXPECT_NE(error.message().find("catalog at dns:///readout-catalog:8080 cannot be reached"),
            absl::string_view::npos)
      << error.message();
  EXPECT_EQ(common::ErrorInfoOf(error)->reason(), "CATALOG_UNAVAILABLE");
}

TEST(CatalogStoreErrorTest, TimeoutAndRefusalKeepTheirCodes) {
  absl::Status timeout = CatalogStoreError(absl::DeadlineExceededError("slow"), "c:1");
  EXPECT_EQ(timeout.code(), absl::StatusCode::kDeadlineExceeded);
  EXPECT_EQ(common::ErrorInfoOf(timeout)->reason(), "CATALOG_TIMEOUT");
  absl::Status refused = CatalogStoreError(
      common::WithErrorInfo(absl::InvalidArgumentError("no text"), "INVALID_DOCUMENT"), "c:1");
  EXPECT_EQ(refused.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(common::ErrorInfoOf(refused)->reason(), "INVALID_DOCUMENT");
  EXPECT_NE(refused.message().find("catalog refused"), absl::string_view::npos);
}

TEST(CatalogChannelTest, RoundRobinServiceConfigAndKeepalive) {
  CatalogChannelOptions options;
  options.target = "dns:///readout-catalog:8080";
  EXPECT_EQ(CatalogServiceConfigJson(options), R"({"loadBalancingConfig":[{"round_robin":{}}]})");
  EXPECT_TRUE(ValidateCatalogChannelOptions(options).ok());
  grpc::ChannelArguments channel_args = CatalogChannelArguments(options);
  grpc_channel_args args = channel_args.c_channel_args();
  bool saw_keepalive = false, saw_config = false;
  for (size_t i = 0; i < args.num_args; ++i) {
    std::string key = args.args[i].key;
    if (key == GRPC_ARG_KEEPALIVE_TIME_MS) {
      saw_keepalive = true;
      EXPECT_EQ(args.args[i].value.integer, 60000);
    }
    if (key == GRPC_ARG_SERVICE_CONFIG) {
      saw_config = true;
      EXPECT_NE(std::string(args.args[i].value.string).find("round_robin"), std::string::npos);
    }
  }
  EXPECT_TRUE(saw_keepalive);
  EXPECT_TRUE(saw_config);
}

TEST(CatalogChannelTest, RejectsBadSettingsNamingTheFlag) {
  CatalogChannelOptions options;
  options.target = "dns:///readout-catalog:8080";
  options.load_balancing = "random";
  absl::Status status = ValidateCatalogChannelOptions(options);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(status.message().find("--catalog-load-balancing"), absl::string_view::npos);
  options.load_balancing = "pick_first";
  options.keepalive_time = absl::Seconds(1);
  EXPECT_NE(ValidateCatalogChannelOptions(options).message().find("--catalog-keepalive-seconds"),
            absl::string_view::npos);
}

TEST(ThreadTimerTest, RunsFunctionsInDueOrderAfterTheirDelay) {
  ThreadTimer timer;
  absl::Mutex mu;
  std::vector<int> order;
  absl::Notification both;
  absl::Time start = absl::Now();
  timer.RunAfter(absl::Milliseconds(60), [&] {
    absl::MutexLock lock(&mu);
    order.push_back(2);
    both.Notify();
  });
  timer.RunAfter(absl::Milliseconds(20), [&] {
    absl::MutexLock lock(&mu);
    order.push_back(1);
  });
  ASSERT_TRUE(both.WaitForNotificationWithTimeout(absl::Seconds(5)));
  EXPECT_GE(absl::Now() - start, absl::Milliseconds(60));
  absl::MutexLock lock(&mu);
  EXPECT_EQ(order, (std::vector<int>{1, 2}));
}

TEST(ThreadTimerTest, DestructionRunsPendingFunctions) {
  bool ran = false;
  {
    ThreadTimer timer;
    timer.RunAfter(absl::Hours(1), [&ran] { ran = true; });
  }
  EXPECT_TRUE(ran);
}

}  // namespace
}  // namespace readout::extractor
