// The readout-catalog binary (READOUT_CATALOG_BINARY, set by CMake) as a
// child process for tests: started on 127.0.0.1:0 with the flags a test
// gives, its stdout and stderr in a log file, the bound address read back
// from that log and used once the server answers there; stopped with a
// signal. Not thread-safe (one owner).
#ifndef READOUT_TESTS_CATALOG_CATALOG_PROCESS_H_
#define READOUT_TESTS_CATALOG_CATALOG_PROCESS_H_

#include <fcntl.h>
#include <signal.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "grpc/health/v1/health.grpc.pb.h"
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
// once its log names the bound address and the server answers a health
// check there; after 20 s without that, or when it exits first, the
// address is empty and the process is gone (killed and reaped).
// The log is emptied before the server starts, so that a restart on the
// same log never reads the address of the server before it. The health
// check is made without TLS: for servers started without --tls flags.
inline Child StartCatalog(const std::vector<std::string>& flags, const std::string& log_path) {
  Child child;
  const int fd = open(log_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  child.pid = fork();
  if (child.pid == 0) {
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
  if (fd >= 0) close(fd);
  const auto deadline = std::chrono::system_clock::now() + std::chrono::seconds(20);
  auto exited = [&child] {
    int status = 0;
    if (child.pid > 0 && waitpid(child.pid, &status, WNOHANG) == child.pid) child.pid = -1;
    return child.pid <= 0;
  };
  const std::string marker = "event=server_started address=";
  std::string address;
  while (address.empty() && !exited() && std::chrono::system_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    std::string log = ReadFile(log_path);
    size_t at = log.find(marker);
    if (at != std::string::npos) {
      size_t end = log.find_first_of(" \n", at + marker.size());
      if (end != std::string::npos)
        address = log.substr(at + marker.size(), end - at - marker.size());
    }
  }
  // A server that never logged its address or never answered is not left
  // running behind an empty address: it is killed and reaped.
  auto give_up = [&child, &exited] {
    if (!exited()) {
      kill(child.pid, SIGKILL);
      waitpid(child.pid, nullptr, 0);
      child.pid = -1;
    }
    return child;
  };
  if (address.empty()) return give_up();
  // The address is logged as the server starts; it is returned once a
  // call there is answered (any health status: a catalog that refuses
  // writes still answers).
  auto channel = grpc::CreateChannel(address, grpc::InsecureChannelCredentials());
  auto health = grpc::health::v1::Health::NewStub(channel);
  while (!exited() && std::chrono::system_clock::now() < deadline) {
    grpc::ClientContext context;
    context.set_deadline(
        std::min(deadline, std::chrono::system_clock::now() + std::chrono::seconds(2)));
    context.set_wait_for_ready(true);
    grpc::health::v1::HealthCheckResponse response;
    if (health->Check(&context, grpc::health::v1::HealthCheckRequest(), &response).ok()) {
      child.address = address;
      return child;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return give_up();
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
