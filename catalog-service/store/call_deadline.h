// The deadline of the call a store method serves, handed from the RPC layer
// to the store on the calling thread (the Store interface carries none):
//
//   ScopedCallDeadline deadline(absl::FromChrono(context->deadline()));
//   store->GetDocument(id);  // A store may read CallDeadline() and stop there.
//
// Scopes nest; leaving one restores the deadline that was in force. With no
// scope open, CallDeadline() is absl::InfiniteFuture(). A store that queues
// work for other threads (writes) takes CallDeadline() when the call is
// made. The SQLite store ignores it (its statements do not wait on other
// processes); the PostgreSQL store bounds its pool waits and statements by
// it.
#ifndef READOUT_CATALOG_SERVICE_STORE_CALL_DEADLINE_H_
#define READOUT_CATALOG_SERVICE_STORE_CALL_DEADLINE_H_

#include "absl/time/time.h"

namespace readout::catalog {

// The deadline of the innermost open scope on this thread.
absl::Time CallDeadline();

class ScopedCallDeadline {
 public:
  explicit ScopedCallDeadline(absl::Time deadline);
  ~ScopedCallDeadline();
  ScopedCallDeadline(const ScopedCallDeadline&) = delete;
  ScopedCallDeadline& operator=(const ScopedCallDeadline&) = delete;

 private:
  absl::Time previous_;
};

}  // namespace readout::catalog

#endif  // READOUT_CATALOG_SERVICE_STORE_CALL_DEADLINE_H_
