// Timer: runs a function after a delay, and tells the time. The seam through
// which retry code waits without blocking, and through which tests control
// time (a fake runs functions when the test advances its clock).
//
// ThreadTimer is the real one: one thread that sleeps until the earliest
// due function and runs it. Functions must be short (they start the next
// RPC and return). Destroying a ThreadTimer runs every pending function at
// once, so no caller waits forever.
//
// Thread-safety: all methods may be called from any thread, including from
// inside a function the timer runs.
#ifndef READOUT_EXTRACTOR_SERVICE_SERVICE_TIMER_H_
#define READOUT_EXTRACTOR_SERVICE_SERVICE_TIMER_H_

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <thread>
#include <utility>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"

namespace readout::extractor {

class Timer {
 public:
  virtual ~Timer() = default;
  // Runs `fn` once, on some thread, no sooner than `delay` from now.
  virtual void RunAfter(absl::Duration delay, std::function<void()> fn) = 0;
  // The current time.
  virtual std::chrono::system_clock::time_point Now() = 0;
};

class ThreadTimer final : public Timer {
 public:
  ThreadTimer();
  ~ThreadTimer() override;
  ThreadTimer(const ThreadTimer&) = delete;
  ThreadTimer& operator=(const ThreadTimer&) = delete;

  void RunAfter(absl::Duration delay, std::function<void()> fn) override;
  std::chrono::system_clock::time_point Now() override;

 private:
  void Loop();

  absl::Mutex mu_;
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  // Due time and a sequence number (FIFO among equal times) -> function.
  std::map<std::pair<absl::Time, uint64_t>, std::function<void()>> due_ ABSL_GUARDED_BY(mu_);
  uint64_t next_seq_ ABSL_GUARDED_BY(mu_) = 0;
  std::thread thread_;
};

}  // namespace readout::extractor

#endif  // READOUT_EXTRACTOR_SERVICE_SERVICE_TIMER_H_
