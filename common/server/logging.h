// A tiny structured logger: one line per event on stderr, in logfmt,
//   ts=2024-05-01T08:30:00.123456Z level=info event=server_started address=127.0.0.1:8080
// Values holding spaces, quotes, '=' or control characters are quoted and
// escaped, so each line parses as key=value pairs.
//
// Thread-safety: every function may be called from any thread; lines from
// concurrent callers never interleave.
#ifndef READOUT_COMMON_SERVER_LOGGING_H_
#define READOUT_COMMON_SERVER_LOGGING_H_

#include <functional>
#include <initializer_list>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"

namespace readout::common {

enum class LogLevel { kDebug = 0, kInfo = 1, kWarning = 2, kError = 3 };

// One key=value pair of a log line. Accepts anything absl::StrCat accepts.
struct LogField {
  LogField(absl::string_view k, const absl::AlphaNum& v) : key(k), value(v.Piece()) {}
  absl::string_view key;
  std::string value;
};

// Writes one line with `event` and `fields` when `level` is at or above the
// minimum level.
void Log(LogLevel level, absl::string_view event, std::initializer_list<LogField> fields = {});

// Lines below `level` are dropped. The default is kInfo.
void SetMinLogLevel(LogLevel level);
LogLevel MinLogLevel();

// Parses "debug", "info", "warning" or "error" (case-blind). False otherwise.
bool ParseLogLevel(absl::string_view text, LogLevel* level);

// Replaces where lines go (stderr by default); an empty function restores
// stderr. The sink receives each line without its trailing newline. Meant for
// tests.
void SetLogSinkForTesting(std::function<void(absl::string_view line)> sink);

// Formats one line (without the newline); exposed for tests.
std::string FormatLogLine(absl::string_view timestamp, LogLevel level, absl::string_view event,
                          std::initializer_list<LogField> fields);

}  // namespace readout::common

#endif  // READOUT_COMMON_SERVER_LOGGING_H_
