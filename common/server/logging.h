// A tiny structured logger: one line per event on stderr, in logfmt,
//   ts=2024-05-01T08:30:00.123456Z level=info event=server_started address=127.0.0.1:8080
// or, with SetLogFormat(LogFormat::kJson) (--log-format=json), as JSON lines,
//   {"ts":"2024-05-01T08:30:00.123456Z","level":"info","event":"server_started",...}
// Values holding spaces, quotes, '=' or control characters are quoted and
// escaped, so each line parses as key=value pairs. In JSON, numbers given as
// numbers stay numbers, everything else is a string.
//
// A line written on a thread with a current trace context (trace.h) carries
// trace_id and span_id, so the lines of one call (and of the calls it made
// to other services) can be found together.
//
// Thread-safety: every function may be called from any thread; lines from
// concurrent callers never interleave.
#ifndef READOUT_COMMON_SERVER_LOGGING_H_
#define READOUT_COMMON_SERVER_LOGGING_H_

#include <functional>
#include <initializer_list>
#include <string>
#include <type_traits>

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"

namespace readout::common {

enum class LogLevel { kDebug = 0, kInfo = 1, kWarning = 2, kError = 3 };

enum class LogFormat { kLogfmt, kJson };

// One key=value pair of a log line. Accepts anything absl::StrCat accepts;
// integers and floating-point numbers are written as JSON numbers.
struct LogField {
  LogField(absl::string_view k, const absl::AlphaNum& v) : key(k), value(v.Piece()) {}
  template <typename T,
            typename = std::enable_if_t<std::is_arithmetic_v<T> && !std::is_same_v<T, bool> &&
                                        !std::is_same_v<T, char>>>
  LogField(absl::string_view k, T v) : key(k), value(absl::StrCat(v)), number(true) {}
  absl::string_view key;
  std::string value;
  bool number = false;
};

// Writes one line with `event` and `fields` when `level` is at or above the
// minimum level.
void Log(LogLevel level, absl::string_view event, std::initializer_list<LogField> fields = {});

// Lines below `level` are dropped. The default is kInfo.
void SetMinLogLevel(LogLevel level);
LogLevel MinLogLevel();

// Parses "debug", "info", "warning" or "error" (case-blind). False otherwise.
bool ParseLogLevel(absl::string_view text, LogLevel* level);

// The line format; logfmt by default.
void SetLogFormat(LogFormat format);
// Parses "logfmt" or "json" (case-blind). False otherwise.
bool ParseLogFormat(absl::string_view text, LogFormat* format);

// Replaces where lines go (stderr by default); an empty function restores
// stderr. The sink receives each line without its trailing newline. Meant for
// tests.
void SetLogSinkForTesting(std::function<void(absl::string_view line)> sink);

// Formats one line (without the newline), with the trace fields of `trace`
// when it is not null; exposed for tests.
struct TraceContext;
std::string FormatLogLine(absl::string_view timestamp, LogLevel level, absl::string_view event,
                          std::initializer_list<LogField> fields,
                          LogFormat format = LogFormat::kLogfmt,
                          const TraceContext* trace = nullptr);

}  // namespace readout::common

#endif  // READOUT_COMMON_SERVER_LOGGING_H_
