// logfmt lines on stderr (see logging.h).
#include "common/server/logging.h"

#include <atomic>
#include <cstdio>
#include <string>
#include <utility>

#include "absl/base/thread_annotations.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_format.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "common/server/trace.h"
#include "common/utf8.h"

namespace readout::common {
namespace {

std::atomic<int> min_level{static_cast<int>(LogLevel::kInfo)};
std::atomic<int> log_format{static_cast<int>(LogFormat::kLogfmt)};

absl::Mutex sink_mu(absl::kConstInit);
std::function<void(absl::string_view)>* sink ABSL_GUARDED_BY(sink_mu) = nullptr;

absl::string_view LevelName(LogLevel level) {
  switch (level) {
    case LogLevel::kDebug:
      return "debug";
    case LogLevel::kInfo:
      return "info";
    case LogLevel::kWarning:
      return "warning";
    case LogLevel::kError:
      return "error";
  }
  return "info";
}

bool NeedsQuoting(absl::string_view value) {
  if (value.empty()) return true;
  for (char c : value) {
    unsigned char u = static_cast<unsigned char>(c);
    if (u <= ' ' || c == '"' || c == '=' || c == '\\' || u == 0x7f) return true;
  }
  return false;
}

// Appends `text` with quotes, backslashes and control characters escaped;
// other control characters as \xXX (logfmt) or \u00XX (JSON).
void AppendEscaped(std::string* out, absl::string_view text, bool json) {
  for (char c : text) {
    unsigned char u = static_cast<unsigned char>(c);
    switch (c) {
      case '"':
        out->append("\\\"");
        break;
      case '\\':
        out->append("\\\\");
        break;
      case '\n':
        out->append("\\n");
        break;
      case '\t':
        out->append("\\t");
        break;
      case '\r':
        out->append("\\r");
        break;
      default:
        if (u >= 0x20 && u != 0x7f) {
          out->push_back(c);
        } else if (json) {
          absl::StrAppendFormat(out, "\\u%04x", u);
        } else {
          absl::StrAppendFormat(out, "\\x%02x", u);
        }
    }
  }
}

void AppendValue(std::string* out, absl::string_view value) {
  if (!NeedsQuoting(value)) {
    out->append(value.data(), value.size());
    return;
  }
  out->push_back('"');
  AppendEscaped(out, value, /*json=*/false);
  out->push_back('"');
}

// A JSON string literal for `text`; bytes that are not well-formed UTF-8
// become U+FFFD, so every line stays valid JSON.
void AppendJsonString(std::string* out, absl::string_view text) {
  out->push_back('"');
  while (true) {
    size_t bad = FindInvalidUtf8(text);
    AppendEscaped(out, text.substr(0, bad), /*json=*/true);
    if (bad == absl::string_view::npos) break;
    out->append("\\ufffd");
    text.remove_prefix(bad + 1);
  }
  out->push_back('"');
}

// Whether `text` (a number as StrCat wrote it) is also a JSON number: not
// inf or nan.
bool IsJsonNumber(absl::string_view text) {
  if (text.empty()) return false;
  for (char c : text) {
    if (!((c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E')) {
      return false;
    }
  }
  return true;
}

void AppendField(std::string* line, LogFormat format, absl::string_view key,
                 absl::string_view value, bool number) {
  if (format == LogFormat::kJson) {
    line->push_back(',');
    AppendJsonString(line, key);
    line->push_back(':');
    if (number && IsJsonNumber(value)) {
      line->append(value.data(), value.size());
    } else {
      AppendJsonString(line, value);
    }
    return;
  }
  line->push_back(' ');
  line->append(key.data(), key.size());
  line->push_back('=');
  AppendValue(line, value);
}

}  // namespace

std::string FormatLogLine(absl::string_view timestamp, LogLevel level, absl::string_view event,
                          std::initializer_list<LogField> fields, LogFormat format,
                          const TraceContext* trace) {
  std::string line;
  if (format == LogFormat::kJson) {
    line = "{\"ts\":";
    AppendJsonString(&line, timestamp);
    absl::StrAppend(&line, ",\"level\":\"", LevelName(level), "\",\"event\":");
    AppendJsonString(&line, event);
  } else {
    line = absl::StrCat("ts=", timestamp, " level=", LevelName(level), " event=");
    AppendValue(&line, event);
  }
  for (const LogField& field : fields) {
    AppendField(&line, format, field.key, field.value, field.number);
  }
  if (trace != nullptr) {
    AppendField(&line, format, "trace_id", trace->TraceIdHex(), false);
    AppendField(&line, format, "span_id", trace->SpanIdHex(), false);
  }
  if (format == LogFormat::kJson) line.push_back('}');
  return line;
}

void Log(LogLevel level, absl::string_view event, std::initializer_list<LogField> fields) {
  if (static_cast<int>(level) < min_level.load(std::memory_order_relaxed)) {
    return;
  }
  std::string timestamp =
      absl::FormatTime("%Y-%m-%dT%H:%M:%E6SZ", absl::Now(), absl::UTCTimeZone());
  std::string line = FormatLogLine(
      timestamp, level, event, fields,
      static_cast<LogFormat>(log_format.load(std::memory_order_relaxed)), CurrentTrace());
  absl::MutexLock lock(&sink_mu);
  if (sink != nullptr) {
    (*sink)(line);
    return;
  }
  line.push_back('\n');
  std::fwrite(line.data(), 1, line.size(), stderr);
  std::fflush(stderr);
}

void SetMinLogLevel(LogLevel level) {
  min_level.store(static_cast<int>(level), std::memory_order_relaxed);
}

LogLevel MinLogLevel() { return static_cast<LogLevel>(min_level.load(std::memory_order_relaxed)); }

bool ParseLogLevel(absl::string_view text, LogLevel* level) {
  std::string lower = absl::AsciiStrToLower(text);
  if (lower == "debug") {
    *level = LogLevel::kDebug;
  } else if (lower == "info") {
    *level = LogLevel::kInfo;
  } else if (lower == "warning" || lower == "warn") {
    *level = LogLevel::kWarning;
  } else if (lower == "error") {
    *level = LogLevel::kError;
  } else {
    return false;
  }
  return true;
}

void SetLogFormat(LogFormat format) {
  log_format.store(static_cast<int>(format), std::memory_order_relaxed);
}

bool ParseLogFormat(absl::string_view text, LogFormat* format) {
  std::string lower = absl::AsciiStrToLower(text);
  if (lower == "logfmt") {
    *format = LogFormat::kLogfmt;
  } else if (lower == "json") {
    *format = LogFormat::kJson;
  } else {
    return false;
  }
  return true;
}

void SetLogSinkForTesting(std::function<void(absl::string_view line)> new_sink) {
  absl::MutexLock lock(&sink_mu);
  delete sink;
  sink = new_sink ? new std::function<void(absl::string_view)>(std::move(new_sink)) : nullptr;
}

}  // namespace readout::common
