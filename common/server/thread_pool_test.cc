// Tests of the bounded worker pool.
#include "common/server/thread_pool.h"

#include <atomic>

#include "absl/synchronization/notification.h"
#include "absl/time/time.h"
#include "gtest/gtest.h"

namespace readout::common {
namespace {

TEST(ThreadPoolTest, RunsEveryAcceptedTaskBeforeDestruction) {
  std::atomic<int> ran{0};
  {
    ThreadPool pool(2, 100);
    for (int i = 0; i < 50; ++i) {
      ASSERT_TRUE(pool.Schedule([&ran] { ran.fetch_add(1); }));
    }
  }
  EXPECT_EQ(ran.load(), 50);
}

TEST(ThreadPoolTest, RefusesWhenQueueIsFull) {
  absl::Notification release;
  absl::Notification started;
  ThreadPool pool(1, 1);
  ASSERT_TRUE(pool.Schedule([&] {
    started.Notify();
    release.WaitForNotificationWithTimeout(absl::Seconds(10));
  }));
  ASSERT_TRUE(started.WaitForNotificationWithTimeout(absl::Seconds(10)));
  EXPECT_TRUE(pool.Schedule([] {}));   // Queued.
  EXPECT_FALSE(pool.Schedule([] {}));  // Queue full.
  release.Notify();
}

}  // namespace
}  // namespace readout::common
