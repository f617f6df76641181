// The metrics registry and its text exposition (see metrics.h).
#include "common/server/metrics.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace readout::common {
namespace {

void AtomicAdd(std::atomic<double>* target, double amount) {
  double current = target->load(std::memory_order_relaxed);
  while (!target->compare_exchange_weak(current, current + amount, std::memory_order_relaxed)) {
  }
}

bool ValidName(absl::string_view name, bool colon_allowed) {
  if (name.empty()) return false;
  for (size_t i = 0; i < name.size(); ++i) {
    char c = name[i];
    bool ok = absl::ascii_isalpha(c) || c == '_' || (colon_allowed && c == ':') ||
              (i > 0 && absl::ascii_isdigit(c));
    if (!ok) return false;
  }
  return true;
}

[[noreturn]] void Die(absl::string_view message) {
  std::fprintf(stderr, "metrics: %.*s\n", static_cast<int>(message.size()), message.data());
  std::abort();
}

// HELP text escapes backslash and newline; label values also the quote.
std::string Escape(absl::string_view text, bool quote) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '\n') {
      out += "\\n";
    } else if (quote && c == '"') {
      out += "\\\"";
    } else {
      out.push_back(c);
    }
  }
  return out;
}

// {a="x",b="y"} for the label names and values, plus an extra pair (the
// histogram's le) when `extra_name` is not empty; "" without any.
std::string LabelSet(const std::vector<std::string>& names, const std::vector<std::string>& values,
                     absl::string_view extra_name = "", absl::string_view extra_value = "") {
  if (names.empty() && extra_name.empty()) return "";
  std::string out = "{";
  for (size_t i = 0; i < names.size(); ++i) {
    if (i > 0) out += ",";
    absl::StrAppend(&out, names[i], "=\"", Escape(values[i], true), "\"");
  }
  if (!extra_name.empty()) {
    if (!names.empty()) out += ",";
    absl::StrAppend(&out, extra_name, "=\"", extra_value, "\"");
  }
  out += "}";
  return out;
}

absl::string_view TypeName(MetricType type) {
  switch (type) {
    case MetricType::kCounter:
      return "counter";
    case MetricType::kGauge:
      return "gauge";
    case MetricType::kHistogram:
      return "histogram";
  }
  return "untyped";
}

}  // namespace

std::string FormatMetricValue(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "+Inf" : "-Inf";
  char buffer[64];
  auto [end, error] = std::to_chars(buffer, buffer + sizeof(buffer), value);
  if (error != std::errc()) return absl::StrCat(value);
  return std::string(buffer, end);
}

void Counter::Increment(double amount) {
  if (amount > 0) AtomicAdd(&value_, amount);
}

void Gauge::Add(double amount) { AtomicAdd(&value_, amount); }

Histogram::Histogram(std::vector<double> bounds)
    : bounds_(std::move(bounds)), counts_(new std::atomic<uint64_t>[bounds_.size() + 1]) {
  for (size_t i = 0; i <= bounds_.size(); ++i) counts_[i].store(0, std::memory_order_relaxed);
}

void Histogram::Observe(double value) {
  size_t bucket = std::lower_bound(bounds_.begin(), bounds_.end(), value) - bounds_.begin();
  counts_[bucket].fetch_add(1, std::memory_order_relaxed);
  AtomicAdd(&sum_, value);
}

std::vector<uint64_t> Histogram::CumulativeCounts() const {
  std::vector<uint64_t> out(bounds_.size() + 1);
  uint64_t total = 0;
  for (size_t i = 0; i <= bounds_.size(); ++i) {
    total += counts_[i].load(std::memory_order_relaxed);
    out[i] = total;
  }
  return out;
}

std::vector<double> DefaultLatencyBuckets() {
  return {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
}

std::vector<double> ExponentialBuckets(double start, double factor, int count) {
  std::vector<double> out;
  double bound = start;
  for (int i = 0; i < count; ++i, bound *= factor) out.push_back(bound);
  return out;
}

template <typename T>
T& Family<T>::WithLabels(const std::vector<std::string>& values) {
  if (values.size() != labels_.size()) {
    Die(absl::StrCat(name_, ": ", values.size(), " label values for ", labels_.size(), " labels"));
  }
  absl::MutexLock lock(&mu_);
  std::unique_ptr<T>& series = series_[values];
  if (series == nullptr) series = make_();
  return *series;
}

template <typename T>
T& Family<T>::WithLabels(std::initializer_list<absl::string_view> values) {
  std::vector<std::string> copy;
  copy.reserve(values.size());
  for (absl::string_view v : values) copy.emplace_back(v);
  return WithLabels(copy);
}

template class Family<Counter>;
template class Family<Gauge>;
template class Family<Histogram>;

CollectHook::~CollectHook() {
  if (registry_ != nullptr) registry_->RemoveHook(id_);
}

CollectHook::CollectHook(CollectHook&& other) noexcept
    : registry_(std::exchange(other.registry_, nullptr)), id_(other.id_) {}

CollectHook& CollectHook::operator=(CollectHook&& other) noexcept {
  if (this != &other) {
    if (registry_ != nullptr) registry_->RemoveHook(id_);
    registry_ = std::exchange(other.registry_, nullptr);
    id_ = other.id_;
  }
  return *this;
}

MetricsRegistry& MetricsRegistry::Default() {
  static MetricsRegistry* registry = new MetricsRegistry;
  return *registry;
}

template <typename T>
Family<T>& MetricsRegistry::Add(MetricType type, absl::string_view name, absl::string_view help,
                                std::vector<std::string> labels,
                                std::function<std::unique_ptr<T>()> make) {
  if (!ValidName(name, /*colon_allowed=*/true)) Die(absl::StrCat("bad metric name ", name));
  for (const std::string& label : labels) {
    if (!ValidName(label, /*colon_allowed=*/false) || absl::StartsWith(label, "__") ||
        (type == MetricType::kHistogram && label == "le")) {
      Die(absl::StrCat(name, ": bad label name ", label));
    }
  }
  absl::MutexLock lock(&mu_);
  auto it = families_.find(std::string(name));
  if (it != families_.end()) {
    if (it->second.type != type || it->second.labels != labels) {
      Die(absl::StrCat(name, " registered again with another type or labels"));
    }
    return *static_cast<Family<T>*>(it->second.family.get());
  }
  std::shared_ptr<Family<T>> family(
      new Family<T>(std::string(name), std::string(help), labels, std::move(make)));
  families_[std::string(name)] = Entry{type, std::move(labels), family};
  return *family;
}

CounterFamily& MetricsRegistry::AddCounter(absl::string_view name, absl::string_view help,
                                           std::vector<std::string> labels) {
  return Add<Counter>(MetricType::kCounter, name, help, std::move(labels),
                      [] { return std::make_unique<Counter>(); });
}

GaugeFamily& MetricsRegistry::AddGauge(absl::string_view name, absl::string_view help,
                                       std::vector<std::string> labels) {
  return Add<Gauge>(MetricType::kGauge, name, help, std::move(labels),
                    [] { return std::make_unique<Gauge>(); });
}

HistogramFamily& MetricsRegistry::AddHistogram(absl::string_view name, absl::string_view help,
                                               std::vector<std::string> labels,
                                               std::vector<double> bounds) {
  if (bounds.empty() || !std::is_sorted(bounds.begin(), bounds.end()) ||
      std::adjacent_find(bounds.begin(), bounds.end()) != bounds.end()) {
    Die(absl::StrCat(name, ": bucket bounds must be ascending and distinct"));
  }
  return Add<Histogram>(MetricType::kHistogram, name, help, std::move(labels),
                        [bounds] { return std::make_unique<Histogram>(bounds); });
}

CollectHook MetricsRegistry::AddCollectHook(std::function<void()> hook) {
  absl::MutexLock lock(&hooks_mu_);
  uint64_t id = next_hook_++;
  hooks_[id] = std::move(hook);
  return CollectHook(this, id);
}

void MetricsRegistry::RemoveHook(uint64_t id) {
  absl::MutexLock lock(&hooks_mu_);
  hooks_.erase(id);
}

std::string MetricsRegistry::Render() const {
  {
    absl::MutexLock lock(&hooks_mu_);
    for (const auto& [id, hook] : hooks_) hook();
  }
  std::vector<std::pair<std::string, Entry>> families;
  {
    absl::MutexLock lock(&mu_);
    families.assign(families_.begin(), families_.end());
  }
  std::string out;
  for (const auto& family_entry : families) {
    // Named references, not a structured binding: lambdas below capture them,
    // which C++17 (and clang) allow only for ordinary variables.
    const std::string& name = family_entry.first;
    const Entry& entry = family_entry.second;
    auto header = [&out, &name, &entry](const std::string& help) {
      absl::StrAppend(&out, "# HELP ", name, " ", Escape(help, false), "\n", "# TYPE ", name, " ",
                      TypeName(entry.type), "\n");
    };
    switch (entry.type) {
      case MetricType::kCounter:
      case MetricType::kGauge: {
        // Counter and Gauge differ only in how they move; both hold a double.
        auto render = [&](const auto& family) {
          header(family.help_);
          absl::MutexLock lock(&family.mu_);
          for (const auto& [values, series] : family.series_) {
            absl::StrAppend(&out, name, LabelSet(family.labels_, values), " ",
                            FormatMetricValue(series->Value()), "\n");
          }
        };
        if (entry.type == MetricType::kCounter) {
          render(*static_cast<const CounterFamily*>(entry.family.get()));
        } else {
          render(*static_cast<const GaugeFamily*>(entry.family.get()));
        }
        break;
      }
      case MetricType::kHistogram: {
        const auto& family = *static_cast<const HistogramFamily*>(entry.family.get());
        header(family.help_);
        absl::MutexLock lock(&family.mu_);
        for (const auto& [values, series] : family.series_) {
          std::vector<uint64_t> counts = series->CumulativeCounts();
          const std::vector<double>& bounds = series->bounds();
          for (size_t i = 0; i < counts.size(); ++i) {
            std::string le = i < bounds.size() ? FormatMetricValue(bounds[i]) : "+Inf";
            absl::StrAppend(&out, name, "_bucket", LabelSet(family.labels_, values, "le", le), " ",
                            counts[i], "\n");
          }
          absl::StrAppend(&out, name, "_sum", LabelSet(family.labels_, values), " ",
                          FormatMetricValue(series->Sum()), "\n");
          absl::StrAppend(&out, name, "_count", LabelSet(family.labels_, values), " ",
                          counts.back(), "\n");
        }
        break;
      }
    }
  }
  return out;
}

}  // namespace readout::common
