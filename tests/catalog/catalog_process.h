// The readout-catalog binary (READOUT_CATALOG_BINARY, set by CMake) as a
// child process for tests: started on 127.0.0.1:0 with the flags a test
// gives, its stdout and stderr in a log file, the bound address read back
// from that log; stopped with a signal. Not thread-safe (one owner).
#ifndef READOUT_TESTS_CATALOG_CATALOG_PROCESS_H_
#define READOUT_TESTS_CATALOG_CATALOG_PROCESS_H_

#include <fcntl.h>
#include <signal.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "grpcpp/grpcpp.h"

namespace readout::catalog {

struct Child {
  pid_t pid = -1;
  std::string address;  // Empty when the server did not start.
};

// The whole of the file at `path` ("" when missing).
inline std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// Starts the server with `flags` (where it keeps the catalog, ...); returns
// once its log names the bound address, or after 10 s (address empty).
inline Child StartCatalog(const std::vector<std::string>& flags, const std::string& log_path) {
  Child child;
  child.pid = fork();
  if (child.pid == 0) {
    int fd = open(log_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd >= 0) {
      dup2(fd, 2);
      dup2(fd, 1);
    }
    std::vector<char*> argv = {const_cast<char*>(READOUT_CATALOG_BINARY),
                               const_cast<char*>("--listen=127.0.0.1:0")};
    for (const std::string& flag : flags) argv.push_back(const_cast<char*>(flag.c_str()));
    argv.push_back(nullptr);
    execv(READOUT_CATALOG_BINARY, argv.data());
    _exit(127);
  }
  const std::string marker = "event=server_started address=";
  for (int i = 0; i < 200 && child.address.empty(); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    std::string log = ReadFile(log_path);
    size_t at = log.find(marker);
    if (at != std::string::npos) {
      size_t end = log.find_first_of(" \n", at + marker.size());
      if (end != std::string::npos)
        child.address = log.substr(at + marker.size(), end - at - marker.size());
    }
  }
  return child;
}

// Sends `sig` and waits for the process to exit; returns its wait status.
inline int Kill(Child& child, int sig) {
  if (child.pid <= 0) return 0;
  kill(child.pid, sig);
  int status = 0;
  waitpid(child.pid, &status, 0);
  child.pid = -1;
  return status;
}

inline std::unique_ptr<grpc::ClientContext> Context(int millis) {
  auto context = std::make_unique<grpc::ClientContext>();
  context->set_deadline(std::chrono::system_clock::now() + std::chrono::milliseconds(millis));
  return context;
}

}  // namespace readout::catalog

#endif  // READOUT_TESTS_CATALOG_CATALOG_PROCESS_H_
