// Latency figures shared by the benchmark programs: percentiles of per-call
// latencies and the p50_us / p99_us counters every gRPC benchmark reports.
//
// Thread-safety: each call works on its own arguments; call from the
// benchmark's own thread.
#ifndef READOUT_BENCHMARKS_COMMON_LATENCY_H_
#define READOUT_BENCHMARKS_COMMON_LATENCY_H_

#include <vector>

#include "benchmark/benchmark.h"

namespace readout::bench {

// The p-quantile (0 <= p <= 1, nearest rank at or below) of `values`,
// which it reorders; 0 when `values` is empty.
double Percentile(std::vector<double>& values, double p);

// Sets state.counters["p50_us"] and ["p99_us"] from per-call latencies in
// microseconds (reordered), averaged over the benchmark's threads.
void ReportLatencyPercentiles(benchmark::State& state, std::vector<double>& latencies_us);

}  // namespace readout::bench

#endif  // READOUT_BENCHMARKS_COMMON_LATENCY_H_
