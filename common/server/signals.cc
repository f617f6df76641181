// sigwait-based shutdown signals (see signals.h).
#include "common/server/signals.h"

#include <pthread.h>
#include <signal.h>

#include <cstdlib>
#include <thread>

#include "common/server/logging.h"

namespace readout::common {
namespace {

sigset_t ShutdownSignals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGINT);
  return set;
}

}  // namespace

void BlockShutdownSignals() {
  sigset_t set = ShutdownSignals();
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
}

int WaitForShutdownSignal() {
  sigset_t set = ShutdownSignals();
  int sig = 0;
  while (sigwait(&set, &sig) != 0) {
  }
  return sig;
}

void ExitOnSecondSignal() {
  std::thread([] {
    int sig = WaitForShutdownSignal();
    Log(LogLevel::kWarning, "forced_exit", {{"signal", sig == SIGTERM ? "SIGTERM" : "SIGINT"}});
    std::_Exit(130);
  }).detach();
}

int ServeUntilShutdownSignal(absl::FunctionRef<void()> shutdown) {
  int sig = WaitForShutdownSignal();
  Log(LogLevel::kInfo, "signal_received", {{"signal", sig == SIGTERM ? "SIGTERM" : "SIGINT"}});
  ExitOnSecondSignal();
  shutdown();
  Log(LogLevel::kInfo, "exiting", {{"code", 0}});
  return 0;
}

}  // namespace readout::common
