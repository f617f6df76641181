// The throwaway PostgreSQL cluster of tests (see postgres_cluster.h).
#include "catalog-service/testing/postgres_cluster.h"

#include <linux/close_range.h>
#include <netinet/in.h>
#include <pwd.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <system_error>
#include <thread>

#include "absl/strings/str_cat.h"
#include "catalog-service/store/postgres/pg_connection.h"

namespace readout::catalog::testing {
namespace {

// A loopback port free at the time of the call.
int FreePort() {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return 0;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  socklen_t length = sizeof(addr);
  int port = 0;
  if (bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) == 0 &&
      getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &length) == 0) {
    port = ntohs(addr.sin_port);
  }
  close(fd);
  return port;
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

}  // namespace

absl::Status PostgresCluster::Prepare() {
  const char* bin = std::getenv("READOUT_POSTGRES_BIN");
  bin_ = bin != nullptr ? bin : "/usr/lib/postgresql/15/bin";
  if (!std::filesystem::exists(bin_ + "/initdb")) {
    return absl::FailedPreconditionError(
        absl::StrCat("PostgreSQL is not installed: no ", bin_,
                     "/initdb (tools/setup.sh installs postgresql-15)"));
  }
  std::string pattern = (std::filesystem::temp_directory_path() / "readout-pg-XXXXXX").string();
  if (mkdtemp(pattern.data()) == nullptr) return absl::InternalError("mkdtemp failed");
  dir_ = pattern;
  data_ = dir_ + "/data";
  if (geteuid() == 0) {
    // The server runs as `postgres`; it must own the directory.
    const passwd* pw = getpwnam("postgres");
    if (pw == nullptr) {
      return absl::FailedPreconditionError(
          "tests run as root and there is no `postgres` user to run PostgreSQL as "
          "(tools/setup.sh installs postgresql-15, which creates it)");
    }
    user_ = "postgres";
    if (chown(dir_.c_str(), pw->pw_uid, pw->pw_gid) != 0) {
      return absl::InternalError(absl::StrCat("cannot chown ", dir_));
    }
  }
  port_ = FreePort();
  return absl::OkStatus();
}

absl::StatusOr<std::unique_ptr<PostgresCluster>> PostgresCluster::Start() {
  std::unique_ptr<PostgresCluster> cluster(new PostgresCluster());
  absl::Status prepared = cluster->Prepare();
  if (!prepared.ok()) return prepared;
  if (cluster->RunAsOwner(absl::StrCat(cluster->bin_, "/initdb -D ", cluster->data_,
                                       " -A trust -U postgres -E UTF8 --locale=C --no-sync > ",
                                       cluster->dir_, "/initdb.log 2>&1")) != 0) {
    return absl::InternalError(
        absl::StrCat("initdb failed: ", ReadFile(cluster->dir_ + "/initdb.log")));
  }
  absl::Status started = cluster->Restart();
  if (!started.ok()) return started;
  return cluster;
}

absl::StatusOr<std::unique_ptr<PostgresCluster>> PostgresCluster::StartStandby(
    const PostgresCluster& primary) {
  std::unique_ptr<PostgresCluster> standby(new PostgresCluster());
  absl::Status prepared = standby->Prepare();
  if (!prepared.ok()) return prepared;
  // -R writes primary_conninfo and standby.signal: the copy starts as a
  // standby streaming from the primary.
  if (standby->RunAsOwner(absl::StrCat(standby->bin_, "/pg_basebackup -h 127.0.0.1 -p ",
                                       primary.port_, " -U postgres -D ", standby->data_,
                                       " -R -X stream -c fast --no-sync > ", standby->dir_,
                                       "/basebackup.log 2>&1")) != 0) {
    return absl::InternalError(absl::StrCat("pg_basebackup from port ", primary.port_, " failed: ",
                                            ReadFile(standby->dir_ + "/basebackup.log")));
  }
  absl::Status started = standby->Restart();
  if (!started.ok()) return started;
  return standby;
}

absl::Status PostgresCluster::SetApplyDelay(int ms) {
  // The last setting in postgresql.auto.conf wins; reload applies it.
  if (RunAsOwner(absl::StrCat("echo \"recovery_min_apply_delay = ", ms, "\" >> ", data_,
                              "/postgresql.auto.conf && ", bin_, "/pg_ctl -D ", data_,
                              " reload > /dev/null 2>&1")) != 0) {
    return absl::InternalError("cannot set recovery_min_apply_delay");
  }
  return absl::OkStatus();
}

PostgresCluster::~PostgresCluster() {
  if (running_) {
    RunAsOwner(absl::StrCat(bin_, "/pg_ctl -D ", data_, " -m immediate -w stop > /dev/null 2>&1"));
  }
  std::error_code ec;
  if (!dir_.empty()) std::filesystem::remove_all(dir_, ec);
}

int PostgresCluster::RunAsOwner(const std::string& command) const {
  const std::string line =
      user_.empty() ? command : absl::StrCat("runuser -u ", user_, " -- sh -c '", command, "'");
  // The server must not inherit this process's descriptors beyond stdio: a
  // postmaster left running by a test that crashed would otherwise keep
  // open whatever the test's runner had open (a lock file held through
  // the run, say) for as long as it lives. Children that need a
  // descriptor dup2 it onto 0-2, which clears the flag.
  ::close_range(3, ~0U, CLOSE_RANGE_CLOEXEC);
  return std::system(line.c_str());
}

std::string PostgresCluster::Url(const std::string& db) const {
  return absl::StrCat("postgresql://postgres@127.0.0.1:", port_, "/", db);
}

absl::Status PostgresCluster::Restart() {
  // After a crash the old backends may hold the shared memory for a moment:
  // retry while the server refuses to start.
  for (int attempt = 0; attempt < 20; ++attempt) {
    const int rc = RunAsOwner(absl::StrCat(
        bin_, "/pg_ctl -D ", data_, " -l ", dir_, "/server.log -w -t 60 -o \"-p ", port_, " -k ",
        dir_, " -c listen_addresses=127.0.0.1 -c fsync=on -c synchronous_commit=on",
        " -c max_connections=200 -c wal_level=replica",
        " -c wal_retrieve_retry_interval=200ms\" start > /dev/null 2>&1"));
    if (rc == 0) {
      running_ = true;
      return absl::OkStatus();
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
  }
  return absl::InternalError(absl::StrCat("PostgreSQL did not start on port ", port_, ": ",
                                          ReadFile(dir_ + "/server.log")));
}

absl::Status PostgresCluster::Stop() {
  if (RunAsOwner(absl::StrCat(bin_, "/pg_ctl -D ", data_, " -m fast -w stop > /dev/null 2>&1")) !=
      0) {
    return absl::InternalError("pg_ctl stop failed");
  }
  running_ = false;
  return absl::OkStatus();
}

absl::Status PostgresCluster::KillPostmaster() {
  std::ifstream pid_file(data_ + "/postmaster.pid");
  pid_t pid = 0;
  if (!(pid_file >> pid) || pid <= 0) return absl::InternalError("no postmaster.pid");
  if (kill(pid, SIGKILL) != 0) return absl::InternalError("kill failed");
  for (int i = 0; i < 100 && kill(pid, 0) == 0; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  running_ = false;
  return absl::OkStatus();
}

absl::StatusOr<std::string> PostgresCluster::CreateDatabase() {
  auto connection = pg::Connection::Open(Url(), 10);
  if (!connection.ok()) return connection.status();
  const std::string name = absl::StrCat("catalog_", ++databases_);
  absl::Status created = (*connection)->Run(absl::StrCat("CREATE DATABASE ", name));
  if (!created.ok()) return created;
  return Url(name);
}

absl::StatusOr<PostgresCluster*> SharedPostgresCluster() {
  static std::unique_ptr<PostgresCluster>* shared = new std::unique_ptr<PostgresCluster>();
  if (*shared == nullptr) {
    absl::StatusOr<std::unique_ptr<PostgresCluster>> started = PostgresCluster::Start();
    if (!started.ok()) {
      return absl::FailedPreconditionError(
          absl::StrCat("cannot start a PostgreSQL cluster: ", started.status().ToString()));
    }
    *shared = std::move(*started);
    std::atexit([] { shared->reset(); });
  }
  return shared->get();
}

absl::StatusOr<int64_t> CloseCatalogConnections(const std::string& url) {
  auto admin = pg::Connection::Open(url, 5);
  if (!admin.ok()) return admin.status();
  const std::string pooled =
      "FROM pg_stat_activity WHERE datname = current_database() AND "
      "application_name = 'readout-catalog' AND pid <> pg_backend_pid()";
  auto killed = (*admin)->Exec(absl::StrCat("SELECT count(pg_terminate_backend(pid)) ", pooled));
  if (!killed.ok()) return killed.status();
  for (int i = 0; i < 500; ++i) {
    auto left = (*admin)->Exec(absl::StrCat("SELECT count(*) ", pooled));
    if (!left.ok()) return left.status();
    if (left->Int(0, 0) == 0) return killed->Int(0, 0);
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return absl::DeadlineExceededError("the terminated catalog connections stayed for 5 s");
}

}  // namespace readout::catalog::testing
