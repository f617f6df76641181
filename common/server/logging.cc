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

namespace readout::common {
namespace {

std::atomic<int> min_level{static_cast<int>(LogLevel::kInfo)};

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

void AppendValue(std::string* out, absl::string_view value) {
  if (!NeedsQuoting(value)) {
    out->append(value.data(), value.size());
    return;
  }
  out->push_back('"');
  for (char c : value) {
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
        if (u < 0x20 || u == 0x7f) {
          absl::StrAppendFormat(out, "\\x%02x", u);
        } else {
          out->push_back(c);
        }
    }
  }
  out->push_back('"');
}

}  // namespace

std::string FormatLogLine(absl::string_view timestamp, LogLevel level, absl::string_view event,
                          std::initializer_list<LogField> fields) {
  std::string line = absl::StrCat("ts=", timestamp, " level=", LevelName(level), " event=");
  AppendValue(&line, event);
  for (const LogField& field : fields) {
    line.push_back(' ');
    line.append(field.key.data(), field.key.size());
    line.push_back('=');
    AppendValue(&line, field.value);
  }
  return line;
}

void Log(LogLevel level, absl::string_view event, std::initializer_list<LogField> fields) {
  if (static_cast<int>(level) < min_level.load(std::memory_order_relaxed)) {
    return;
  }
  std::string timestamp =
      absl::FormatTime("%Y-%m-%dT%H:%M:%E6SZ", absl::Now(), absl::UTCTimeZone());
  std::string line = FormatLogLine(timestamp, level, event, fields);
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

void SetLogSinkForTesting(std::function<void(absl::string_view line)> new_sink) {
  absl::MutexLock lock(&sink_mu);
  delete sink;
  sink = new_sink ? new std::function<void(absl::string_view)>(std::move(new_sink)) : nullptr;
}

}  // namespace readout::common
