// ThreadTimer (see timer.h): a map ordered by due time, one thread waiting on
// the earliest entry with a condition.
#include "extractor-service/service/timer.h"

#include <vector>

#include "absl/time/clock.h"

namespace readout::extractor {

ThreadTimer::ThreadTimer() : thread_([this] { Loop(); }) {}

ThreadTimer::~ThreadTimer() {
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
  }
  thread_.join();
  // Whatever is left runs now (see timer.h), outside the lock.
  std::vector<std::function<void()>> left;
  {
    absl::MutexLock lock(&mu_);
    for (auto& [key, fn] : due_) left.push_back(std::move(fn));
    due_.clear();
  }
  for (auto& fn : left) fn();
}

void ThreadTimer::RunAfter(absl::Duration delay, std::function<void()> fn) {
  absl::MutexLock lock(&mu_);
  due_.emplace(std::make_pair(absl::Now() + delay, next_seq_++), std::move(fn));
}

std::chrono::system_clock::time_point ThreadTimer::Now() {
  return std::chrono::system_clock::now();
}

void ThreadTimer::Loop() {
  absl::MutexLock lock(&mu_);
  while (true) {
    // Wakes when stopping, or when the earliest entry may be due; RunAfter
    // changes due_, which re-evaluates the condition.
    auto ready = [this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
      return stopping_ || (!due_.empty() && due_.begin()->first.first <= absl::Now());
    };
    absl::Time wake =
        due_.empty() ? absl::Now() + absl::Milliseconds(100) : due_.begin()->first.first;
    mu_.AwaitWithDeadline(absl::Condition(&ready),
                          std::min(wake, absl::Now() + absl::Milliseconds(100)));
    if (stopping_) return;
    if (due_.empty() || due_.begin()->first.first > absl::Now()) continue;
    std::function<void()> fn = std::move(due_.begin()->second);
    due_.erase(due_.begin());
    mu_.Unlock();
    fn();
    mu_.Lock();
  }
}

}  // namespace readout::extractor
