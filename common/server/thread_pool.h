// A fixed-size pool of worker threads with a bounded queue, for CPU-bound work
// that must not run on gRPC's callback threads (which also carry network
// events for every other call).
//
// Thread-safety: Schedule may be called from any thread. The destructor runs
// every task already accepted, then joins the workers.
#ifndef READOUT_COMMON_SERVER_THREAD_POOL_H_
#define READOUT_COMMON_SERVER_THREAD_POOL_H_

#include <cstddef>
#include <deque>
#include <functional>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"

namespace readout::common {

class ThreadPool {
 public:
  // Starts `threads` workers (at least 1) whose queue holds at most
  // `max_queued` tasks waiting for a worker.
  ThreadPool(int threads, size_t max_queued);
  ~ThreadPool();
  ThreadPool(const ThreadPool&) = delete;
  ThreadPool& operator=(const ThreadPool&) = delete;

  // Queues `task` to run on a worker. False, without running it, when the
  // queue is full or the pool is being destroyed.
  bool Schedule(std::function<void()> task);

  int threads() const { return static_cast<int>(workers_.size()); }
  // Tasks waiting for a worker (not counting those running).
  size_t queued();

 private:
  void WorkerLoop();

  const size_t max_queued_;
  absl::Mutex mu_;
  std::deque<std::function<void()>> queue_ ABSL_GUARDED_BY(mu_);
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  std::vector<std::thread> workers_;
};

}  // namespace readout::common

#endif  // READOUT_COMMON_SERVER_THREAD_POOL_H_
