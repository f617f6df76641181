// What bounding PostgreSQL statements by the call's deadline costs: the
// PostgreSQL store's GetDocument (one statement) on a throwaway cluster,
// in alternating rounds without a deadline (PQexecParams, blocking) and
// under one (ScopedCallDeadline: PQsendQueryParams, then poll until the
// result or the deadline), on one thread; p50 and p99 of each round.
// A load run, not a test:
//   build/benchmarks/catalog/readout_pg_deadline_overhead [ROUNDS] [CALLS]
// Any error (the cluster, the store, the load, a call) is printed and ends
// the run with exit code 1, a bad argument with 2: no figure comes from a run
// that did not make all its calls.
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "benchmarks/common/latency.h"
#include "catalog-service/store/call_deadline.h"
#include "catalog-service/store/postgres/postgres_store.h"
#include "catalog-service/testing/postgres_cluster.h"
#include "catalog-service/testing/test_records.h"

namespace readout::catalog {
namespace {

// Prints why the run stopped; the exit code of a failed run.
int Fail(const char* what, const absl::Status& status) {
  std::fprintf(stderr, "pg_deadline_overhead: %s: %s\n", what, status.ToString().c_str());
  return 1;
}

int Run(int rounds, int calls) {
  auto cluster = testing::PostgresCluster::Start();
  if (!cluster.ok()) return Fail("starting the PostgreSQL cluster", cluster.status());
  auto url = (*cluster)->CreateDatabase();
  if (!url.ok()) return Fail("creating the database", url.status());
  PostgresStoreOptions options;
  options.url = *url;
  auto store = PostgresStore::Open(options);
  if (!store.ok()) return Fail("opening the PostgreSQL store", store.status());
  constexpr int kDocuments = 1000;
  std::vector<std::string> ids;
  std::vector<v1::Extraction> docs;
  for (int i = 0; i < kDocuments; ++i) {
    docs.push_back(testing::MakeNumberedExtraction(i));
    ids.push_back(docs.back().document().content_hash());
  }
  auto created = testing::CreateAndWait(**store, std::move(docs));
  if (!created.ok()) return Fail("storing the documents", created.status());
  if (created->responses_size() != kDocuments) {
    return Fail("storing the documents",
                absl::InternalError(absl::StrCat(created->responses_size(), " of ", kDocuments,
                                                 " documents stored")));
  }

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
        auto got = (*store)->GetDocument(ids[static_cast<size_t>(i % kDocuments)]);
        if (!got.ok()) return Fail("GetDocument", got.status());
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
  int rounds = 5, calls = 5000;
  if (argc > 3 || (argc > 1 && (!absl::SimpleAtoi(argv[1], &rounds) || rounds < 1)) ||
      (argc > 2 && (!absl::SimpleAtoi(argv[2], &calls) || calls < 1))) {
    std::fprintf(stderr,
                 "usage: %s [ROUNDS] [CALLS] (positive integers; default 5 rounds of 5000 "
                 "calls)\n",
                 argv[0]);
    return 2;
  }
  return readout::catalog::Run(rounds, calls);
}
