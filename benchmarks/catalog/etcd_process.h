// EtcdProcess: /usr/bin/etcd as a child process for the catalog benchmark
// (the reference store): listens on 127.0.0.1 with two free ports, keeps its
// data in a temporary directory with etcd's default fsync behaviour, and is
// killed (SIGTERM, then SIGKILL) and its directory removed on destruction.
#ifndef READOUT_BENCHMARKS_CATALOG_ETCD_PROCESS_H_
#define READOUT_BENCHMARKS_CATALOG_ETCD_PROCESS_H_

#include <sys/types.h>

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "catalog-service/testing/temp_dir.h"

namespace readout::bench {

class EtcdProcess {
 public:
  // The etcd binary the benchmark uses.
  static constexpr char kBinary[] = "/usr/bin/etcd";
  static bool Available();
  // Starts etcd and waits (up to 20 s) until its KV API answers.
  static absl::StatusOr<std::unique_ptr<EtcdProcess>> Start();
  ~EtcdProcess();

  // host:port of the client (gRPC) API.
  const std::string& address() const { return address_; }
  // Directory holding member/ (snap and wal).
  std::string data_dir() const { return dir_.path() + "/data"; }

 private:
  EtcdProcess() = default;
  catalog::testing::TempDir dir_;
  pid_t pid_ = -1;
  std::string address_;
};

}  // namespace readout::bench

#endif  // READOUT_BENCHMARKS_CATALOG_ETCD_PROCESS_H_
