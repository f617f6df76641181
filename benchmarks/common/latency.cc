// Latency percentiles for benchmarks (see latency.h).
#include "benchmarks/common/latency.h"

#include <algorithm>
#include <cstddef>
#include <vector>

namespace readout::bench {

double Percentile(std::vector<double>& values, double p) {
  if (values.empty()) return 0;
  size_t k = static_cast<size_t>(p * static_cast<double>(values.size() - 1));
  std::nth_element(values.begin(), values.begin() + static_cast<ptrdiff_t>(k), values.end());
  return values[k];
}

void ReportLatencyPercentiles(benchmark::State& state, std::vector<double>& latencies_us) {
  state.counters["p50_us"] =
      benchmark::Counter(Percentile(latencies_us, 0.50), benchmark::Counter::kAvgThreads);
  state.counters["p99_us"] =
      benchmark::Counter(Percentile(latencies_us, 0.99), benchmark::Counter::kAvgThreads);
}

}  // namespace readout::bench
