// Progress of a long `readout ingest`: documents done of the total,
// documents per second, errors and the estimated time left. On a terminal
// one line is redrawn in place (a bar sized to the terminal's width, read at
// every redraw so a resize is followed); as plain lines every few seconds
// when asked for; or not at all.
//
// Thread-safety: Progress may be updated from several threads.
#ifndef READOUT_CLI_PROGRESS_H_
#define READOUT_CLI_PROGRESS_H_

#include <cstdint>
#include <functional>
#include <ostream>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"

namespace readout::cli {

// One progress line: "[=====>    ] 120/400 docs  85.3 docs/s  2 errors  ETA 3s".
// `width` > 0 fits the line in width - 1 columns (the last column is left
// free so no terminal wraps): the bar takes the room left, up to 40
// columns, and is dropped when under 10; then the rate; then the line is
// cut. `width` 0 gives the line without a bar, uncut. Pure, for tests.
std::string FormatProgress(int64_t done, int64_t total, int64_t errors, absl::Duration elapsed,
                           int width);

// The width of the terminal on file descriptor `fd` (TIOCGWINSZ), else
// $COLUMNS, else 80.
int TerminalWidth(int fd);

enum class ProgressStyle {
  kBar,    // One line redrawn in place, 10 times a second at most.
  kLines,  // A plain line every 5 seconds (for logs).
  kOff,    // Nothing.
};

class Progress {
 public:
  // Writes to `out`; `width` gives the terminal's width for kBar.
  Progress(
      std::ostream* out, ProgressStyle style, int64_t total,
      std::function<int()> width = [] { return 80; });

  // Counts one finished document (failed or not) and redraws when due.
  void Done(bool failed);
  // Draws the final state and ends the line.
  void Finish();

 private:
  void DrawLocked(bool final) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  std::ostream* const out_;
  const ProgressStyle style_;
  const int64_t total_;
  const std::function<int()> width_;
  const absl::Time start_;
  absl::Mutex mu_;
  int64_t done_ ABSL_GUARDED_BY(mu_) = 0;
  int64_t errors_ ABSL_GUARDED_BY(mu_) = 0;
  absl::Time last_draw_ ABSL_GUARDED_BY(mu_) = absl::InfinitePast();
};

}  // namespace readout::cli

#endif  // READOUT_CLI_PROGRESS_H_
