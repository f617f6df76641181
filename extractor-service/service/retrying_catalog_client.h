// RetryingCatalogClient: a CatalogClient decorator that retries calls that
// failed with UNAVAILABLE (the catalog unreachable, restarting or shedding
// load) with exponential backoff and jitter, for as long as the call's
// deadline leaves room for another attempt. Other errors, and UNAVAILABLE
// once the deadline is near, are handed back as they are.
//
// Retrying CreateDocument is safe because its request_id is derived from the
// content (see MakeCreateDocumentRequest): the catalog answers a repeated
// request with the original result, so a retry after a lost response does
// not store anything twice.
//
// Each retry is counted in readout_extractor_catalog_retries_total and
// logged (event=catalog_retry) with the call's trace.
//
// Waiting between attempts never blocks the caller's thread: the next
// attempt is scheduled on a Timer. Time and randomness are injected so tests
// run without sleeping.
//
// Thread-safety: CreateDocument may be called concurrently. The Timer and
// the wrapped client must outlive every call in flight.
#ifndef READOUT_EXTRACTOR_SERVICE_SERVICE_RETRYING_CATALOG_CLIENT_H_
#define READOUT_EXTRACTOR_SERVICE_SERVICE_RETRYING_CATALOG_CLIENT_H_

#include <chrono>
#include <functional>
#include <memory>

#include "absl/time/time.h"
#include "extractor-service/service/catalog_client.h"
#include "extractor-service/service/timer.h"

namespace readout::extractor {

struct RetryPolicy {
  // Backoff before the second attempt; multiplied after each retry up to
  // max_backoff. Each wait is drawn uniformly from [backoff/2, backoff].
  absl::Duration initial_backoff = absl::Milliseconds(50);
  absl::Duration max_backoff = absl::Seconds(2);
  double multiplier = 2.0;
  // Attempts in all, first included; 0 means as many as the deadline allows.
  int max_attempts = 0;
  // An attempt is not started with less than this left before the deadline.
  absl::Duration min_attempt_time = absl::Milliseconds(5);
};

// Returns a uniform double in [0, 1).
using RandomFunction = std::function<double()>;

class RetryingCatalogClient final : public CatalogClient {
 public:
  // Wraps `inner`; `timer` (not owned) schedules the waits and tells the
  // time; `random` null uses a thread-safe default generator.
  RetryingCatalogClient(std::unique_ptr<CatalogClient> inner, Timer* timer, RetryPolicy policy,
                        RandomFunction random = nullptr);

  void CreateDocument(v1::CreateDocumentRequest request,
                      std::chrono::system_clock::time_point deadline,
                      const common::TraceContext& trace, CreateDocumentCallback done) override;

 private:
  struct Attempt;
  void Start(std::shared_ptr<Attempt> attempt);

  const std::unique_ptr<CatalogClient> inner_;
  Timer* const timer_;
  const RetryPolicy policy_;
  const RandomFunction random_;
};

}  // namespace readout::extractor

#endif  // READOUT_EXTRACTOR_SERVICE_SERVICE_RETRYING_CATALOG_CLIENT_H_
