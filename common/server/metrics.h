// A small metrics registry: counters, gauges and histograms, each a family
// of series told apart by label values, rendered in the Prometheus text
// exposition format (version 0.0.4) for a scrape. It covers what readout's
// servers report and no more (see docs/adr/0020-metrics-registry.md): no
// summaries, no exemplars, no OpenMetrics, no series removal.
//
//   MetricsRegistry& registry = MetricsRegistry::Default();
//   CounterFamily& handled = registry.AddCounter(
//       "grpc_server_handled_total", "RPCs completed.", {"grpc_method", "grpc_code"});
//   handled.WithLabels({"Extract", "OK"}).Increment();
//   std::string text = registry.Render();
//
// Families live as long as their registry, series as long as their family,
// so the references returned may be kept and used from any thread. Adding a
// family under a name already registered with the same type and labels
// returns the existing one (several servers in one process share it);
// another type or other labels is a programming error and aborts.
//
// Values that are cheap to read but costly to push (rows in a table, bytes
// on disk) are refreshed by a collect hook, which Render runs first.
//
// Thread-safety: every method may be called from any thread. Increments,
// sets and observations are lock-free; WithLabels takes the family's lock.
#ifndef READOUT_COMMON_SERVER_METRICS_H_
#define READOUT_COMMON_SERVER_METRICS_H_

#include <atomic>
#include <cstdint>
#include <functional>
#include <initializer_list>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"

namespace readout::common {

// A value that only goes up (resets when the process restarts).
class Counter {
 public:
  // Adds `amount`; negative amounts are ignored.
  void Increment(double amount = 1);
  double Value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<double> value_{0};
};

// A value that goes up and down.
class Gauge {
 public:
  void Set(double value) { value_.store(value, std::memory_order_relaxed); }
  void Add(double amount);
  double Value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<double> value_{0};
};

// Counts observations into buckets with fixed upper bounds, plus their sum.
class Histogram {
 public:
  // `bounds` ascending; the +Inf bucket is implied.
  explicit Histogram(std::vector<double> bounds);
  void Observe(double value);

  // Cumulative counts per bound (the last one is +Inf), and the sum.
  std::vector<uint64_t> CumulativeCounts() const;
  double Sum() const { return sum_.load(std::memory_order_relaxed); }
  const std::vector<double>& bounds() const { return bounds_; }

 private:
  const std::vector<double> bounds_;
  std::unique_ptr<std::atomic<uint64_t>[]> counts_;  // bounds_.size() + 1
  std::atomic<double> sum_{0};
};

// Bucket bounds go-grpc-prometheus uses for handling times, in seconds.
std::vector<double> DefaultLatencyBuckets();
// `count` bounds start, start*factor, start*factor^2, ...
std::vector<double> ExponentialBuckets(double start, double factor, int count);

enum class MetricType { kCounter, kGauge, kHistogram };

// The series of one metric name, one per combination of label values.
template <typename T>
class Family {
 public:
  // The series for `values`, one per label name in order (created at zero
  // on first use). Aborts when the count differs from the label names'.
  T& WithLabels(const std::vector<std::string>& values);
  T& WithLabels(std::initializer_list<absl::string_view> values);
  // The series of a family without labels.
  T& Get() { return WithLabels(std::vector<std::string>{}); }

  const std::string& name() const { return name_; }

 private:
  friend class MetricsRegistry;
  Family(std::string name, std::string help, std::vector<std::string> labels,
         std::function<std::unique_ptr<T>()> make)
      : name_(std::move(name)),
        help_(std::move(help)),
        labels_(std::move(labels)),
        make_(std::move(make)) {}

  const std::string name_;
  const std::string help_;
  const std::vector<std::string> labels_;
  const std::function<std::unique_ptr<T>()> make_;
  mutable absl::Mutex mu_;
  std::map<std::vector<std::string>, std::unique_ptr<T>> series_ ABSL_GUARDED_BY(mu_);
};

using CounterFamily = Family<Counter>;
using GaugeFamily = Family<Gauge>;
using HistogramFamily = Family<Histogram>;

class MetricsRegistry;

// Keeps a collect hook registered; unregisters it (waiting for a Render
// running it) when destroyed.
class CollectHook {
 public:
  CollectHook() = default;
  ~CollectHook();
  CollectHook(CollectHook&& other) noexcept;
  CollectHook& operator=(CollectHook&& other) noexcept;
  CollectHook(const CollectHook&) = delete;
  CollectHook& operator=(const CollectHook&) = delete;

 private:
  friend class MetricsRegistry;
  CollectHook(MetricsRegistry* registry, uint64_t id) : registry_(registry), id_(id) {}
  MetricsRegistry* registry_ = nullptr;
  uint64_t id_ = 0;
};

class MetricsRegistry {
 public:
  MetricsRegistry() = default;
  MetricsRegistry(const MetricsRegistry&) = delete;
  MetricsRegistry& operator=(const MetricsRegistry&) = delete;

  // The process-wide registry the servers' /metrics endpoints render.
  static MetricsRegistry& Default();

  // Names match [a-zA-Z_:][a-zA-Z0-9_:]*, label names [a-zA-Z_][a-zA-Z0-9_]*
  // (not "le" for histograms); anything else aborts.
  CounterFamily& AddCounter(absl::string_view name, absl::string_view help,
                            std::vector<std::string> labels = {});
  GaugeFamily& AddGauge(absl::string_view name, absl::string_view help,
                        std::vector<std::string> labels = {});
  HistogramFamily& AddHistogram(absl::string_view name, absl::string_view help,
                                std::vector<std::string> labels, std::vector<double> bounds);

  // Runs `hook` at the start of every Render until the returned handle is
  // destroyed. The hook must not call Render.
  [[nodiscard]] CollectHook AddCollectHook(std::function<void()> hook);

  // Every family in the text exposition format, sorted by name.
  std::string Render() const;

 private:
  friend class CollectHook;
  struct Entry {
    MetricType type;
    std::vector<std::string> labels;
    std::shared_ptr<void> family;  // Family<T> for the type
  };
  template <typename T>
  Family<T>& Add(MetricType type, absl::string_view name, absl::string_view help,
                 std::vector<std::string> labels, std::function<std::unique_ptr<T>()> make);
  void RemoveHook(uint64_t id);

  mutable absl::Mutex mu_;
  std::map<std::string, Entry> families_ ABSL_GUARDED_BY(mu_);
  // Held while hooks run, so RemoveHook waits for a running one.
  mutable absl::Mutex hooks_mu_;
  std::map<uint64_t, std::function<void()>> hooks_ ABSL_GUARDED_BY(hooks_mu_);
  uint64_t next_hook_ ABSL_GUARDED_BY(hooks_mu_) = 1;
};

// The shortest text that reads back as `value` ("+Inf", "-Inf", "NaN" for
// those); exposed for tests.
std::string FormatMetricValue(double value);

}  // namespace readout::common

#endif  // READOUT_COMMON_SERVER_METRICS_H_
