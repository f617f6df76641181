// What bounding PostgreSQL statements by the call's deadline costs: the
// PostgreSQL store's GetDocument (one statement) on a throwaway cluster,
// in alternating rounds without a deadline (PQexecParams, blocking) and
// under one (ScopedCallDeadline: PQsendQueryParams, then poll until the
// result or the deadline), on one thread; p50 and p99 of each round.
// A load run, not a test:
//   build/benchmarks/catalog/readout_pg_deadline_overhead [ROUNDS] [CALLS]
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "absl/synchronization/notification.h"
#include "absl/time/clock.h"
#include "benchmarks/common/latency.h"
#include "catalog-service/store/call_deadline.h"
#include "catalog-service/store/postgres/postgres_store.h"
#include "catalog-service/testing/postgres_cluster.h"
#include "catalog-service/testing/test_records.h"

namespace readout::catalog {
namespace {

int Run(int rounds, int calls) {
  auto cluster = testing::PostgresCluster::Start();
  if (!cluster.ok()) {
    std::fprintf(stderr, "%s\n", std::string(cluster.status().message()).c_str());
    return 1;
  }
  auto url = (*cluster)->CreateDatabase();
  PostgresStoreOptions options;
  options.url = url.ok() ? *url : "";
  auto store = PostgresStore::Open(options);
  if (!store.ok()) {
    std::fprintf(stderr, "%s\n", std::string(store.status().message()).c_str());
    return 1;
  }
  constexpr int kDocuments = 1000;
  std::vector<std::string> ids;
  std::vector<NewDocument> docs;
  for (int i = 0; i < kDocuments; ++i) {
    v1::Extraction x = testing::MakeNumberedExtraction(i);
    ids.push_back(x.document().content_hash());
    docs.push_back(NewDocument{ids.back(), x});
  }
  absl::Notification created;
  (*store)->Create(std::move(docs), "", [&](auto) { created.Notify(); });
  created.WaitForNotification();

  std::printf("round  mode          p50_us   p99_us\n");
  for (int round = 0; round < 2 * rounds; ++round) {
    const bool bounded = round % 2 == 1;
    std::vector<double> latencies;
    latencies.reserve(static_cast<size_t>(calls));
    for (int i = 0; i < calls; ++i) {
      const auto start = std::chrono::steady_clock::now();
      {
        ScopedCallDeadline deadline(bounded ? absl::Now() + absl::Seconds(10)
                                            : absl::InfiniteFuture());
        if (!(*store)->GetDocument(ids[static_cast<size_t>(i % kDocuments)]).ok()) return 1;
      }
      latencies.push_back(
          std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - start)
              .count());
    }
    const double p50 = bench::Percentile(latencies, 0.5);
    const double p99 = bench::Percentile(latencies, 0.99);
    std::printf("%5d  %-12s %7.1f  %7.1f\n", round / 2 + 1, bounded ? "deadline" : "no deadline",
                p50, p99);
  }
  return 0;
}

}  // namespace
}  // namespace readout::catalog

int main(int argc, char** argv) {
  const int rounds = argc > 1 ? std::atoi(argv[1]) : 5;
  const int calls = argc > 2 ? std::atoi(argv[2]) : 5000;
  return readout::catalog::Run(rounds, calls);
}
