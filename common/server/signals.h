// Signal-safe shutdown triggering for servers: SIGTERM and SIGINT are blocked
// in every thread and taken synchronously with sigwait(), so no work happens
// inside a signal handler.
//
// Usage, in main():
//   readout::common::BlockShutdownSignals();   // before any thread starts
//   ... start the server ...
//   int sig = readout::common::WaitForShutdownSignal();
//   readout::common::ExitOnSecondSignal();     // a 2nd signal aborts drain
//   server->Shutdown();
// or, the same with logs, as the servers' mains do:
//   return readout::common::ServeUntilShutdownSignal([&] { server->Shutdown(); });
//
// Thread-safety: BlockShutdownSignals must run before other threads are
// started (they inherit the mask). The others may run on any thread.
#ifndef READOUT_COMMON_SERVER_SIGNALS_H_
#define READOUT_COMMON_SERVER_SIGNALS_H_

#include "absl/functional/function_ref.h"

namespace readout::common {

// Blocks SIGTERM and SIGINT in the calling thread and threads it starts.
void BlockShutdownSignals();

// Waits until SIGTERM or SIGINT arrives; returns its number.
int WaitForShutdownSignal();

// Starts a detached thread that, on a further SIGTERM or SIGINT, logs and
// ends the process at once with exit code 130 (for an impatient operator
// while a drain is under way).
void ExitOnSecondSignal();

// The end of a server's main(): waits for SIGTERM or SIGINT, logs
// event=signal_received, arms ExitOnSecondSignal, runs `shutdown` (which
// drains the server), logs event=exiting and returns the exit code 0.
int ServeUntilShutdownSignal(absl::FunctionRef<void()> shutdown);

}  // namespace readout::common

#endif  // READOUT_COMMON_SERVER_SIGNALS_H_
