// Tests of the metrics registry and its text exposition.
#include "common/server/metrics.h"

#include <string>
#include <thread>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace readout::common {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

TEST(MetricsTest, RendersCountersAndGaugesWithLabels) {
  MetricsRegistry registry;
  CounterFamily& calls = registry.AddCounter("calls_total", "Calls made.", {"method", "code"});
  calls.WithLabels({"Get", "OK"}).Increment();
  calls.WithLabels({"Get", "OK"}).Increment(2);
  calls.WithLabels({"Get", "OK"}).Increment(-5);  // ignored: counters only go up
  registry.AddGauge("depth", "Queue depth.").Get().Set(7.5);
  EXPECT_EQ(registry.Render(),
            "# HELP calls_total Calls made.\n"
            "# TYPE calls_total counter\n"
            "calls_total{method=\"Get\",code=\"OK\"} 3\n"
            "# HELP depth Queue depth.\n"
            "# TYPE depth gauge\n"
            "depth 7.5\n");
}

TEST(MetricsTest, HistogramBucketsAreCumulativeWithSumAndCount) {
  MetricsRegistry registry;
  Histogram& h =
      registry.AddHistogram("latency_seconds", "Latency.", {"m"}, {0.1, 1}).WithLabels({"x"});
  h.Observe(0.05);
  h.Observe(0.1);  // on a bound: counted in that bucket (le is "less or equal")
  h.Observe(0.5);
  h.Observe(30);
  EXPECT_EQ(registry.Render(),
            "# HELP latency_seconds Latency.\n"
            "# TYPE latency_seconds histogram\n"
            "latency_seconds_bucket{m=\"x\",le=\"0.1\"} 2\n"
            "latency_seconds_bucket{m=\"x\",le=\"1\"} 3\n"
            "latency_seconds_bucket{m=\"x\",le=\"+Inf\"} 4\n"
            "latency_seconds_sum{m=\"x\"} 30.65\n"
            "latency_seconds_count{m=\"x\"} 4\n");
}

TEST(MetricsTest, EscapesLabelValuesAndHelp) {
  MetricsRegistry registry;
  registry.AddCounter("c_total", "Line one\nback\\slash", {"v"})
      .WithLabels({"a\"b\\c\nd"})
      .Increment();
  std::string text = registry.Render();
  EXPECT_THAT(text, HasSubstr("# HELP c_total Line one\\nback\\\\slash\n"));
  EXPECT_THAT(text, HasSubstr("c_total{v=\"a\\\"b\\\\c\\nd\"} 1\n"));
}

TEST(MetricsTest, SameNameSameShapeReturnsTheSameFamily) {
  MetricsRegistry registry;
  CounterFamily& a = registry.AddCounter("x_total", "X.", {"l"});
  CounterFamily& b = registry.AddCounter("x_total", "X.", {"l"});
  EXPECT_EQ(&a, &b);
  EXPECT_DEATH(registry.AddGauge("x_total", "X.", {"l"}), "registered again");
  EXPECT_DEATH(registry.AddCounter("bad-name", "X."), "bad metric name");
  EXPECT_DEATH(a.WithLabels({"1", "2"}), "label values");
}

TEST(MetricsTest, CollectHooksRunBeforeRenderUntilReleased) {
  MetricsRegistry registry;
  Gauge& rows = registry.AddGauge("rows", "Rows.").Get();
  int runs = 0;
  {
    CollectHook hook = registry.AddCollectHook([&] { rows.Set(++runs * 10); });
    EXPECT_THAT(registry.Render(), HasSubstr("rows 10\n"));
    EXPECT_THAT(registry.Render(), HasSubstr("rows 20\n"));
  }
  EXPECT_THAT(registry.Render(), HasSubstr("rows 20\n"));
  EXPECT_EQ(runs, 2);
}

TEST(MetricsTest, ConcurrentIncrementsAreNotLost) {
  MetricsRegistry registry;
  CounterFamily& family = registry.AddCounter("n_total", "N.", {"t"});
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&family] {
      for (int i = 0; i < 10000; ++i) family.WithLabels({"same"}).Increment();
    });
  }
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(family.WithLabels({"same"}).Value(), 40000);
}

TEST(MetricsTest, FormatsValuesShortestRoundTrip) {
  EXPECT_EQ(FormatMetricValue(0.1), "0.1");
  EXPECT_EQ(FormatMetricValue(1234567890123), "1234567890123");
  EXPECT_EQ(FormatMetricValue(1.0 / 0.0), "+Inf");
  EXPECT_EQ(FormatMetricValue(-1.0 / 0.0), "-Inf");
  EXPECT_EQ(FormatMetricValue(0.0 / 0.0), "NaN");
}

}  // namespace
}  // namespace readout::common
