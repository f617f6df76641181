// Trace context in the W3C Trace Context format (the `traceparent` header,
// https://www.w3.org/TR/trace-context/) and the spans readout records.
//
// Every RPC a readout server handles gets a server span: the caller's
// trace id when it sent a valid `traceparent`, else a new trace. The span's
// context is "current" on the threads that work for the call (ScopedTrace),
// so every log line written there carries trace_id and span_id; calls the
// server makes to another service send a child context as `traceparent`.
// Finished spans go to the SpanSink installed for the process (the OTLP
// exporter when --otlp-endpoint is set, else nowhere).
//
// Sampling follows the caller: a span is exported when its context's
// sampled flag is set; new traces are sampled.
//
// Thread-safety: TraceContext is a value. The current context is per
// thread. SetSpanSink and RecordSpan may be called from any thread.
#ifndef READOUT_COMMON_SERVER_TRACE_H_
#define READOUT_COMMON_SERVER_TRACE_H_

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace readout::common {

// The metadata key (HTTP header) carrying the trace context.
inline constexpr char kTraceparentKey[] = "traceparent";

struct TraceContext {
  std::array<uint8_t, 16> trace_id{};
  std::array<uint8_t, 8> span_id{};
  uint8_t flags = 0;  // bit 0: sampled

  // Both ids not all zero.
  bool valid() const;
  bool sampled() const { return (flags & 1) != 0; }
  std::string TraceIdHex() const;
  std::string SpanIdHex() const;
  // "00-<trace id>-<span id>-<flags>", as sent in `traceparent`.
  std::string ToTraceparent() const;

  // A new sampled trace with a random trace id and span id.
  static TraceContext NewRoot();
  // The same trace and flags with a new random span id.
  TraceContext NewChild() const;
  // Parses a `traceparent` value; nullopt for anything the W3C rules say to
  // ignore (bad length, upper-case or non-hex digits, version ff, all-zero
  // ids, version 00 with trailing data).
  static std::optional<TraceContext> ParseTraceparent(absl::string_view text);
};

// Makes `context` the current one of this thread until destroyed, then
// restores the previous one.
class ScopedTrace {
 public:
  explicit ScopedTrace(const TraceContext& context);
  ~ScopedTrace();
  ScopedTrace(const ScopedTrace&) = delete;
  ScopedTrace& operator=(const ScopedTrace&) = delete;

 private:
  const TraceContext* previous_;
  const TraceContext context_;
};

// A ScopedTrace when `context` is valid; otherwise the thread's current
// context stays as it is (work that may or may not belong to a trace).
class ScopedTraceIfValid {
 public:
  explicit ScopedTraceIfValid(const TraceContext& context) {
    if (context.valid()) scope_.emplace(context);
  }

 private:
  std::optional<ScopedTrace> scope_;
};

// This thread's current context, or null.
const TraceContext* CurrentTrace();

// A finished span.
struct Span {
  enum class Kind { kInternal, kServer, kClient };
  TraceContext context;
  // All zero for a root span.
  std::array<uint8_t, 8> parent_span_id{};
  std::string name;  // e.g. "readout.v1.CatalogService/GetDocument"
  Kind kind = Kind::kInternal;
  absl::Time start;
  absl::Time end;
  bool error = false;
  std::string status_message;
  std::vector<std::pair<std::string, std::string>> string_attributes;
  std::vector<std::pair<std::string, int64_t>> int_attributes;
};

// Where finished spans go.
class SpanSink {
 public:
  virtual ~SpanSink() = default;
  // Takes a span; must not block on the network.
  virtual void Export(Span span) = 0;
};

// Installs `sink` (null: spans are dropped) for the whole process.
void SetSpanSink(std::shared_ptr<SpanSink> sink);
// Hands `span` to the sink when there is one and the span is sampled.
void RecordSpan(Span span);
// Whether a sink is installed (callers skip building spans otherwise).
bool SpansEnabled();

}  // namespace readout::common

#endif  // READOUT_COMMON_SERVER_TRACE_H_
