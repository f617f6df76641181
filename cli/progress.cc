// Progress lines for `readout ingest` (see progress.h).
#include "cli/progress.h"

#include <algorithm>
#include <cmath>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"

namespace readout::cli {
namespace {

constexpr int kBarWidth = 24;

std::string Clock(absl::Duration d) {
  int64_t s = absl::ToInt64Seconds(d);
  if (s >= 3600) return absl::StrFormat("%dh%02dm", s / 3600, (s / 60) % 60);
  if (s >= 60) return absl::StrFormat("%dm%02ds", s / 60, s % 60);
  return absl::StrCat(s, "s");
}

}  // namespace

std::string FormatProgress(int64_t done, int64_t total, int64_t errors, absl::Duration elapsed,
                           bool bar) {
  double seconds = absl::ToDoubleSeconds(elapsed);
  double rate = seconds > 0 ? done / seconds : 0;
  std::string line;
  if (bar) {
    int filled = total > 0 ? static_cast<int>(kBarWidth * std::min<int64_t>(done, total) / total)
                           : kBarWidth;
    line = absl::StrCat("[", std::string(filled, '='), filled < kBarWidth ? ">" : "",
                        std::string(std::max(0, kBarWidth - filled - 1), ' '), "] ");
  }
  absl::StrAppend(&line, done, "/", total, " docs  ", absl::StrFormat("%.1f", rate), " docs/s  ",
                  errors, errors == 1 ? " error" : " errors");
  if (done < total) {
    absl::StrAppend(&line, "  ETA ",
                    rate > 0 ? Clock(absl::Seconds((total - done) / rate)) : std::string("?"));
  } else {
    absl::StrAppend(&line, "  in ", Clock(elapsed));
  }
  return line;
}

Progress::Progress(std::ostream* out, bool terminal, int64_t total)
    : out_(out), terminal_(terminal), total_(total), start_(absl::Now()) {}

void Progress::Done(bool failed) {
  absl::MutexLock lock(&mu_);
  ++done_;
  if (failed) ++errors_;
  absl::Duration every = terminal_ ? absl::Milliseconds(100) : absl::Seconds(5);
  if (absl::Now() - last_draw_ >= every) DrawLocked(false);
}

void Progress::Finish() {
  absl::MutexLock lock(&mu_);
  DrawLocked(true);
}

void Progress::DrawLocked(bool final) {
  last_draw_ = absl::Now();
  std::string line = FormatProgress(done_, total_, errors_, last_draw_ - start_, terminal_);
  if (terminal_) {
    *out_ << "\r" << line << "\x1b[K" << (final ? "\n" : "") << std::flush;
  } else {
    *out_ << "ingest: " << line << "\n" << std::flush;
  }
}

}  // namespace readout::cli
