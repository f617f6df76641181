// The call deadline of the current thread (see call_deadline.h).
#include "catalog-service/store/call_deadline.h"

namespace readout::catalog {
namespace {

thread_local absl::Time current_deadline = absl::InfiniteFuture();

}  // namespace

absl::Time CallDeadline() { return current_deadline; }

ScopedCallDeadline::ScopedCallDeadline(absl::Time deadline) : previous_(current_deadline) {
  current_deadline = deadline;
}

ScopedCallDeadline::~ScopedCallDeadline() { current_deadline = previous_; }

}  // namespace readout::catalog
