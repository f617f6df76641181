// EtcdProcess (see etcd_process.h): fork/exec of etcd on free loopback
// ports, readiness by polling KV/Range.
#include "benchmarks/catalog/etcd_process.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <thread>

#include "absl/strings/str_cat.h"
#include "etcd/kv.grpc.pb.h"
#include "grpcpp/grpcpp.h"

namespace readout::bench {
namespace {

// A port the kernel just handed out on 127.0.0.1 (free unless raced).
int FreePort() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return -1;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  socklen_t len = sizeof(addr);
  int port = -1;
  if (bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) == 0 &&
      getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0) {
    port = ntohs(addr.sin_port);
  }
  close(fd);
  return port;
}

}  // namespace

bool EtcdProcess::Available() { return access(kBinary, X_OK) == 0; }

absl::StatusOr<std::unique_ptr<EtcdProcess>> EtcdProcess::Start() {
  if (!Available()) return absl::NotFoundError(absl::StrCat(kBinary, " is absent"));
  std::unique_ptr<EtcdProcess> etcd(new EtcdProcess());
  if (etcd->dir_.path().empty()) return absl::InternalError("no temporary directory");
  const int client_port = FreePort();
  const int peer_port = FreePort();
  if (client_port < 0 || peer_port < 0) return absl::InternalError("no free port");
  etcd->address_ = absl::StrCat("127.0.0.1:", client_port);
  const std::string client_url = absl::StrCat("http://", etcd->address_);
  const std::string peer_url = absl::StrCat("http://127.0.0.1:", peer_port);
  const std::string log_path = etcd->dir_.path() + "/etcd.log";
  std::vector<std::string> args = {kBinary,
                                   "--name=bench",
                                   "--data-dir=" + etcd->data_dir(),
                                   "--listen-client-urls=" + client_url,
                                   "--advertise-client-urls=" + client_url,
                                   "--listen-peer-urls=" + peer_url,
                                   "--initial-advertise-peer-urls=" + peer_url,
                                   "--initial-cluster=bench=" + peer_url,
                                   "--log-level=warn"};
  pid_t pid = fork();
  if (pid < 0) return absl::InternalError("fork failed");
  if (pid == 0) {
    int fd = open(log_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd >= 0) {
      dup2(fd, 1);
      dup2(fd, 2);
    }
    std::vector<char*> argv;
    for (std::string& arg : args) argv.push_back(arg.data());
    argv.push_back(nullptr);
    execv(kBinary, argv.data());
    _exit(127);
  }
  etcd->pid_ = pid;
  auto stub = etcdserverpb::KV::NewStub(
      grpc::CreateChannel(etcd->address_, grpc::InsecureChannelCredentials()));
  for (int i = 0; i < 200; ++i) {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::milliseconds(500));
    etcdserverpb::RangeRequest request;
    request.set_key("readiness");
    etcdserverpb::RangeResponse response;
    if (stub->Range(&context, request, &response).ok()) return etcd;
    int status = 0;
    if (waitpid(pid, &status, WNOHANG) == pid) {
      etcd->pid_ = -1;
      return absl::InternalError(absl::StrCat("etcd exited; see ", log_path));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return absl::DeadlineExceededError("etcd did not answer within 20 s");
}

EtcdProcess::~EtcdProcess() {
  if (pid_ <= 0) return;
  kill(pid_, SIGTERM);
  for (int i = 0; i < 50; ++i) {
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) == pid_) return;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  kill(pid_, SIGKILL);
  waitpid(pid_, nullptr, 0);
}

}  // namespace readout::bench
