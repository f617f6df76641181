// Progress of a long `readout ingest`: documents done of the total,
// documents per second, errors and the estimated time left. On a terminal
// one line is redrawn in place (a bar); otherwise a plain line is printed
// every few seconds, so logs stay readable.
//
// Thread-safety: Progress may be updated from several threads.
#ifndef READOUT_CLI_PROGRESS_H_
#define READOUT_CLI_PROGRESS_H_

#include <cstdint>
#include <ostream>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"

namespace readout::cli {

// One progress line: "[=====>    ] 120/400 docs  85.3 docs/s  2 errors  ETA 3s"
// (`bar` false leaves the bar out). Pure, for tests.
std::string FormatProgress(int64_t done, int64_t total, int64_t errors, absl::Duration elapsed,
                           bool bar);

class Progress {
 public:
  // Writes to `out`; `terminal` chooses the redrawn bar over plain lines.
  Progress(std::ostream* out, bool terminal, int64_t total);

  // Counts one finished document (failed or not) and redraws when due.
  void Done(bool failed);
  // Draws the final state and ends the line.
  void Finish();

 private:
  void DrawLocked(bool final) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  std::ostream* const out_;
  const bool terminal_;
  const int64_t total_;
  const absl::Time start_;
  absl::Mutex mu_;
  int64_t done_ ABSL_GUARDED_BY(mu_) = 0;
  int64_t errors_ ABSL_GUARDED_BY(mu_) = 0;
  absl::Time last_draw_ ABSL_GUARDED_BY(mu_) = absl::InfinitePast();
};

}  // namespace readout::cli

#endif  // READOUT_CLI_PROGRESS_H_
