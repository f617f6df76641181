// Progress lines for `readout ingest` (see progress.h).
#include "cli/progress.h"

#include <sys/ioctl.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/time/clock.h"

namespace readout::cli {
namespace {

constexpr int kMaxBar = 40;
constexpr int kMinBar = 10;

std::string Clock(absl::Duration d) {
  int64_t s = absl::ToInt64Seconds(d);
  if (s >= 3600) return absl::StrFormat("%dh%02dm", s / 3600, (s / 60) % 60);
  if (s >= 60) return absl::StrFormat("%dm%02ds", s / 60, s % 60);
  return absl::StrCat(s, "s");
}

std::string Bar(int64_t done, int64_t total, int width) {
  int inner = width - 2;
  int filled = total > 0 ? static_cast<int>(inner * std::min<int64_t>(done, total) / total) : inner;
  return absl::StrCat("[", std::string(filled, '='), filled < inner ? ">" : "",
                      std::string(std::max(0, inner - filled - 1), ' '), "]");
}

}  // namespace

std::string FormatProgress(int64_t done, int64_t total, int64_t errors, absl::Duration elapsed,
                           int width) {
  double seconds = absl::ToDoubleSeconds(elapsed);
  double rate = seconds > 0 ? done / seconds : 0;
  std::string counts = absl::StrCat(done, "/", total, " docs");
  std::string speed = absl::StrFormat("%.1f docs/s", rate);
  std::string failed = absl::StrCat(errors, errors == 1 ? " error" : " errors");
  std::string time =
      done < total ? absl::StrCat("ETA ", rate > 0 ? Clock(absl::Seconds((total - done) / rate))
                                                   : std::string("?"))
                   : absl::StrCat("in ", Clock(elapsed));
  std::string full = absl::StrJoin({counts, speed, failed, time}, "  ");
  if (width <= 0) return full;
  int room = width - 1;
  int bar = std::min(kMaxBar, room - static_cast<int>(full.size()) - 1);
  if (bar >= kMinBar) return absl::StrCat(Bar(done, total, bar), " ", full);
  if (static_cast<int>(full.size()) <= room) return full;
  std::string short_line = absl::StrJoin({counts, failed, time}, "  ");
  if (static_cast<int>(short_line.size()) <= room) return short_line;
  return short_line.substr(0, std::max(0, room));
}

int TerminalWidth(int fd) {
  struct winsize size {};
  if (ioctl(fd, TIOCGWINSZ, &size) == 0 && size.ws_col > 0) return size.ws_col;
  int columns = 0;
  const char* env = std::getenv("COLUMNS");
  if (env != nullptr && absl::SimpleAtoi(env, &columns) && columns > 0) return columns;
  return 80;
}

Progress::Progress(std::ostream* out, ProgressStyle style, int64_t total,
                   std::function<int()> width)
    : out_(out), style_(style), total_(total), width_(std::move(width)), start_(absl::Now()) {}

void Progress::Done(bool failed) {
  absl::MutexLock lock(&mu_);
  ++done_;
  if (failed) ++errors_;
  if (style_ == ProgressStyle::kOff) return;
  absl::Duration every = style_ == ProgressStyle::kBar ? absl::Milliseconds(100) : absl::Seconds(5);
  if (absl::Now() - last_draw_ >= every) DrawLocked(false);
}

void Progress::Finish() {
  absl::MutexLock lock(&mu_);
  if (style_ != ProgressStyle::kOff) DrawLocked(true);
}

void Progress::DrawLocked(bool final) {
  last_draw_ = absl::Now();
  if (style_ == ProgressStyle::kBar) {
    std::string line = FormatProgress(done_, total_, errors_, last_draw_ - start_, width_());
    *out_ << "\r" << line << "\x1b[K" << (final ? "\n" : "") << std::flush;
  } else {
    std::string line = FormatProgress(done_, total_, errors_, last_draw_ - start_, 0);
    *out_ << "ingest: " << line << "\n" << std::flush;
  }
}

}  // namespace readout::cli
