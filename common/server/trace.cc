// W3C trace context, the current context per thread, and the span sink
// (see trace.h).
#include "common/server/trace.h"

#include <atomic>
#include <random>

#include "absl/base/thread_annotations.h"
#include "absl/strings/escaping.h"
#include "absl/synchronization/mutex.h"

namespace readout::common {
namespace {

thread_local const TraceContext* current_trace = nullptr;

absl::Mutex sink_mu(absl::kConstInit);
std::shared_ptr<SpanSink>* span_sink ABSL_GUARDED_BY(sink_mu) = nullptr;
std::atomic<bool> spans_enabled{false};

template <size_t N>
bool AllZero(const std::array<uint8_t, N>& bytes) {
  for (uint8_t b : bytes) {
    if (b != 0) return false;
  }
  return true;
}

template <size_t N>
std::string Hex(const std::array<uint8_t, N>& bytes) {
  return absl::BytesToHexString(
      absl::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()));
}

// Lower-case hex only (the W3C format refuses upper case).
bool ParseHex(absl::string_view text, uint8_t* out, size_t n) {
  if (text.size() != 2 * n) return false;
  auto digit = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
  };
  for (size_t i = 0; i < n; ++i) {
    int hi = digit(text[2 * i]), lo = digit(text[2 * i + 1]);
    if (hi < 0 || lo < 0) return false;
    out[i] = static_cast<uint8_t>(hi * 16 + lo);
  }
  return true;
}

template <size_t N>
void FillRandom(std::array<uint8_t, N>* bytes) {
  thread_local std::mt19937_64 engine{std::random_device{}()};
  do {
    for (size_t i = 0; i < N; i += 8) {
      uint64_t r = engine();
      for (size_t j = 0; j < 8 && i + j < N; ++j)
        (*bytes)[i + j] = static_cast<uint8_t>(r >> (8 * j));
    }
  } while (AllZero(*bytes));
}

}  // namespace

bool TraceContext::valid() const { return !AllZero(trace_id) && !AllZero(span_id); }

std::string TraceContext::TraceIdHex() const { return Hex(trace_id); }

std::string TraceContext::SpanIdHex() const { return Hex(span_id); }

std::string TraceContext::ToTraceparent() const {
  std::array<uint8_t, 1> f{flags};
  return "00-" + TraceIdHex() + "-" + SpanIdHex() + "-" + Hex(f);
}

TraceContext TraceContext::NewRoot() {
  TraceContext context;
  FillRandom(&context.trace_id);
  FillRandom(&context.span_id);
  context.flags = 1;
  return context;
}

TraceContext TraceContext::NewChild() const {
  TraceContext child = *this;
  FillRandom(&child.span_id);
  return child;
}

std::optional<TraceContext> TraceContext::ParseTraceparent(absl::string_view text) {
  // version "-" trace-id "-" parent-id "-" flags: 2+1+32+1+16+1+2 = 55.
  constexpr size_t kLength = 55;
  if (text.size() < kLength) return std::nullopt;
  uint8_t version;
  if (!ParseHex(text.substr(0, 2), &version, 1) || version == 0xff) return std::nullopt;
  if (version == 0 && text.size() != kLength) return std::nullopt;
  // A later version may append fields after another dash.
  if (text.size() > kLength && text[kLength] != '-') return std::nullopt;
  if (text[2] != '-' || text[35] != '-' || text[52] != '-') return std::nullopt;
  TraceContext context;
  if (!ParseHex(text.substr(3, 32), context.trace_id.data(), 16) ||
      !ParseHex(text.substr(36, 16), context.span_id.data(), 8) ||
      !ParseHex(text.substr(53, 2), &context.flags, 1) || !context.valid()) {
    return std::nullopt;
  }
  return context;
}

ScopedTrace::ScopedTrace(const TraceContext& context)
    : previous_(current_trace), context_(context) {
  current_trace = &context_;
}

ScopedTrace::~ScopedTrace() { current_trace = previous_; }

const TraceContext* CurrentTrace() { return current_trace; }

void SetSpanSink(std::shared_ptr<SpanSink> sink) {
  absl::MutexLock lock(&sink_mu);
  delete span_sink;
  span_sink = sink ? new std::shared_ptr<SpanSink>(std::move(sink)) : nullptr;
  spans_enabled.store(span_sink != nullptr, std::memory_order_relaxed);
}

bool SpansEnabled() { return spans_enabled.load(std::memory_order_relaxed); }

void RecordSpan(Span span) {
  if (!span.context.sampled() || !SpansEnabled()) return;
  std::shared_ptr<SpanSink> sink;
  {
    absl::MutexLock lock(&sink_mu);
    if (span_sink != nullptr) sink = *span_sink;
  }
  if (sink != nullptr) sink->Export(std::move(span));
}

}  // namespace readout::common
