// RetryingCatalogClient (see retrying_catalog_client.h). Each call is an
// Attempt shared by the callbacks of its tries; a failed try either finishes
// the call or schedules the next one on the timer.
#include "extractor-service/service/retrying_catalog_client.h"

#include <algorithm>
#include <optional>
#include <random>
#include <utility>

#include "absl/base/thread_annotations.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "common/server/logging.h"
#include "common/server/metrics.h"

namespace readout::extractor {
namespace {

double DefaultRandom() {
  static absl::Mutex mu(absl::kConstInit);
  static std::mt19937_64* engine ABSL_GUARDED_BY(mu) = nullptr;
  absl::MutexLock lock(&mu);
  if (engine == nullptr) engine = new std::mt19937_64(std::random_device{}());
  return std::uniform_real_distribution<double>(0.0, 1.0)(*engine);
}

}  // namespace

struct RetryingCatalogClient::Attempt {
  v1::CreateDocumentRequest request;
  std::chrono::system_clock::time_point deadline;
  common::TraceContext trace;
  CreateDocumentCallback done;
  int attempts = 0;
  absl::Duration backoff;
};

RetryingCatalogClient::RetryingCatalogClient(std::unique_ptr<CatalogClient> inner, Timer* timer,
                                             RetryPolicy policy, RandomFunction random)
    : inner_(std::move(inner)),
      timer_(timer),
      policy_(policy),
      random_(random ? std::move(random) : RandomFunction(DefaultRandom)) {}

void RetryingCatalogClient::CreateDocument(v1::CreateDocumentRequest request,
                                           std::chrono::system_clock::time_point deadline,
                                           const common::TraceContext& trace,
                                           CreateDocumentCallback done) {
  auto attempt = std::make_shared<Attempt>();
  attempt->request = std::move(request);
  attempt->deadline = deadline;
  attempt->trace = trace;
  attempt->done = std::move(done);
  attempt->backoff = policy_.initial_backoff;
  Start(std::move(attempt));
}

void RetryingCatalogClient::Start(std::shared_ptr<Attempt> attempt) {
  ++attempt->attempts;
  // The request is copied: a retry needs it again.
  inner_->CreateDocument(
      attempt->request, attempt->deadline, attempt->trace,
      [this, attempt](absl::StatusOr<v1::CreateDocumentResponse> result) {
        if (result.ok() || result.status().code() != absl::StatusCode::kUnavailable ||
            (policy_.max_attempts > 0 && attempt->attempts >= policy_.max_attempts)) {
          attempt->done(std::move(result));
          return;
        }
        absl::Duration wait = attempt->backoff * (0.5 + 0.5 * random_());
        absl::Duration left = absl::FromChrono(attempt->deadline - timer_->Now());
        if (wait + policy_.min_attempt_time > left) {
          attempt->done(std::move(result));
          return;
        }
        static common::Counter& retries =
            common::MetricsRegistry::Default()
                .AddCounter("readout_extractor_catalog_retries_total",
                            "Attempts to store an extraction in the catalog that were retried "
                            "after UNAVAILABLE.")
                .Get();
        retries.Increment();
        common::ScopedTraceIfValid scope(attempt->trace);
        common::Log(common::LogLevel::kWarning, "catalog_retry",
                    {{"attempt", attempt->attempts},
                     {"wait", absl::FormatDuration(wait)},
                     {"error", result.status().message()}});
        attempt->backoff = std::min(policy_.max_backoff, attempt->backoff * policy_.multiplier);
        timer_->RunAfter(wait, [this, attempt] { Start(attempt); });
      });
}

}  // namespace readout::extractor
