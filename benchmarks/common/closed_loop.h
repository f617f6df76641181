// A lean closed-loop gRPC load generator for throughput benchmarks: a few
// client threads, each driving its own CompletionQueue (and, typically, its
// own channel) with a fixed number of unary calls outstanding; a completed
// call is replaced at once. Compared with one synchronous client thread per
// outstanding call, the client spends far less CPU (no thread per call, no
// context switch per call), which matters when it shares the cores with the
// server it measures.
//
//   ClosedLoopOptions options{.threads = 1, .in_flight = 64, .seconds = 3};
//   ClosedLoopResult result = RunClosedLoop<Resp>(options,
//       [&](int thread, int64_t i, grpc::ClientContext* context, grpc::CompletionQueue* cq) {
//         return stubs[thread]->AsyncGet(context, RequestFor(i), cq);
//       },
//       [](const Resp& response) { return CheckOf(response); });
//
// Latencies (per call, issue to completion) and the call count cover the
// measured window only (after `warmup_seconds`); calls still outstanding at
// the end are drained, not counted.
//
// Thread-safety: RunClosedLoop blocks its caller; `start` and `check` are
// called concurrently from the client threads.
#ifndef READOUT_BENCHMARKS_COMMON_CLOSED_LOOP_H_
#define READOUT_BENCHMARKS_COMMON_CLOSED_LOOP_H_

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "grpcpp/grpcpp.h"

namespace readout::bench {

struct ClosedLoopOptions {
  int threads = 1;     // Client threads, one CompletionQueue each.
  int in_flight = 64;  // Calls outstanding in total (split over threads).
  double seconds = 3;  // Measured window.
  double warmup_seconds = 0.5;
  int deadline_seconds = 30;  // Per call.
};

struct ClosedLoopResult {
  int64_t calls = 0;   // Completed OK and accepted by `check` in the window.
  int64_t errors = 0;  // Failed or rejected, any time.
  std::string first_error;
  double seconds = 0;                // Length of the measured window.
  std::vector<double> latencies_us;  // Of the counted calls.
};

// `start(thread, i, context, cq)` issues call number `i` (unique per thread)
// and returns its reader (an Async* stub method, already started);
// `check(response)` says whether an OK response is the expected one.
template <typename Response, typename Start, typename Check>
ClosedLoopResult RunClosedLoop(const ClosedLoopOptions& options, Start start, Check check) {
  using Clock = std::chrono::steady_clock;
  struct Call {
    std::unique_ptr<grpc::ClientContext> context;
    std::unique_ptr<grpc::ClientAsyncResponseReader<Response>> reader;
    Response response;
    grpc::Status status;
    Clock::time_point issued;
  };
  const int threads = std::max(1, options.threads);
  const Clock::time_point begin = Clock::now();
  const Clock::time_point measure_from =
      begin + std::chrono::duration_cast<Clock::duration>(
                  std::chrono::duration<double>(options.warmup_seconds));
  const Clock::time_point measure_until =
      measure_from +
      std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(options.seconds));

  std::mutex mu;
  ClosedLoopResult total;
  auto client = [&](int thread) {
    grpc::CompletionQueue cq;
    const int slots =
        std::max(1, options.in_flight / threads + (thread < options.in_flight % threads ? 1 : 0));
    std::vector<Call> calls(static_cast<size_t>(slots));
    int64_t next = 0;
    auto issue = [&](Call& call) {
      call.context = std::make_unique<grpc::ClientContext>();
      call.context->set_deadline(std::chrono::system_clock::now() +
                                 std::chrono::seconds(options.deadline_seconds));
      call.response.Clear();
      call.issued = Clock::now();
      call.reader = start(thread, next++, call.context.get(), &cq);
      call.reader->Finish(&call.response, &call.status, &call);
    };
    for (Call& call : calls) issue(call);
    ClosedLoopResult mine;
    mine.latencies_us.reserve(1 << 16);
    int outstanding = slots;
    void* tag = nullptr;
    bool ok = false;
    while (outstanding > 0 && cq.Next(&tag, &ok)) {
      Call& call = *static_cast<Call*>(tag);
      const Clock::time_point now = Clock::now();
      if (!call.status.ok() || !check(call.response)) {
        if (mine.errors++ == 0) {
          mine.first_error = call.status.ok() ? "unexpected response" : call.status.error_message();
        }
      } else if (call.issued >= measure_from && now <= measure_until) {
        ++mine.calls;
        mine.latencies_us.push_back(
            std::chrono::duration<double, std::micro>(now - call.issued).count());
      }
      if (now < measure_until && mine.errors == 0) {
        issue(call);
      } else {
        --outstanding;
      }
    }
    cq.Shutdown();
    while (cq.Next(&tag, &ok)) {
    }
    std::lock_guard<std::mutex> lock(mu);
    total.calls += mine.calls;
    total.errors += mine.errors;
    if (total.first_error.empty()) total.first_error = mine.first_error;
    total.latencies_us.insert(total.latencies_us.end(), mine.latencies_us.begin(),
                              mine.latencies_us.end());
  };
  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t) workers.emplace_back(client, t);
  for (std::thread& worker : workers) worker.join();
  total.seconds = options.seconds;
  return total;
}

}  // namespace readout::bench

#endif  // READOUT_BENCHMARKS_COMMON_CLOSED_LOOP_H_
