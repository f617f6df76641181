// The timing loop of the synchronous gRPC benchmarks: one unary call per
// benchmark iteration, each timed from issue to response, then items/s and
// the p50_us / p99_us counters (latency.h). The first failed call stops the
// benchmark with its error, so a broken server never reports a rate.
//
//   TimeEachCall(state, std::chrono::seconds(10),
//                [&](grpc::ClientContext* context, int64_t i) {
//                  return stub->Get(context, RequestFor(i), &response);
//                });
//
// Thread-safety: call from the benchmark's own thread; `call` runs there.
#ifndef READOUT_BENCHMARKS_COMMON_TIMED_CALLS_H_
#define READOUT_BENCHMARKS_COMMON_TIMED_CALLS_H_

#include <chrono>
#include <cstdint>
#include <vector>

#include "benchmark/benchmark.h"
#include "benchmarks/common/latency.h"
#include "grpcpp/grpcpp.h"

namespace readout::bench {

// `call(context, i)` makes call number i (0, 1, ...) with `context`, whose
// deadline is `deadline` from its start, and returns its status.
template <typename Call>
void TimeEachCall(benchmark::State& state, std::chrono::seconds deadline, Call call) {
  std::vector<double> latencies_us;
  latencies_us.reserve(1 << 16);
  int64_t i = 0;
  for (auto _ : state) {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + deadline);
    const auto start = std::chrono::steady_clock::now();
    grpc::Status status = call(&context, i++);
    const auto end = std::chrono::steady_clock::now();
    if (!status.ok()) {
      state.SkipWithError(status.error_message().c_str());
      break;
    }
    latencies_us.push_back(std::chrono::duration<double, std::micro>(end - start).count());
  }
  state.SetItemsProcessed(state.iterations());
  ReportLatencyPercentiles(state, latencies_us);
}

}  // namespace readout::bench

#endif  // READOUT_BENCHMARKS_COMMON_TIMED_CALLS_H_
