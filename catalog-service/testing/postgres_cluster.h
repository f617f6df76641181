// A throwaway PostgreSQL cluster for tests: initdb in a temporary directory,
// a postmaster on a free loopback port, removed with everything in it on
// destruction. PostgreSQL refuses to run as root, so when the test runs as
// root the server runs as the `postgres` user (runuser). The binaries come
// from /usr/lib/postgresql/15/bin (READOUT_POSTGRES_BIN overrides it).
// StartStandby makes a streaming-replication hot standby of a running
// cluster (pg_basebackup -R into a second temporary directory, its own
// loopback port); the primary's default pg_hba.conf already admits
// replication connections from loopback, and it runs with wal_level=replica.
// Start fails with a message saying what is missing; tests fail on it
// rather than skip. Not thread-safe (one owner).
#ifndef READOUT_CATALOG_SERVICE_TESTING_POSTGRES_CLUSTER_H_
#define READOUT_CATALOG_SERVICE_TESTING_POSTGRES_CLUSTER_H_

#include <cstdint>
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace readout::catalog::testing {

class PostgresCluster {
 public:
  // Creates and starts a cluster.
  static absl::StatusOr<std::unique_ptr<PostgresCluster>> Start();
  // Creates and starts a hot standby that streams from `primary`.
  static absl::StatusOr<std::unique_ptr<PostgresCluster>> StartStandby(
      const PostgresCluster& primary);
  ~PostgresCluster();
  PostgresCluster(const PostgresCluster&) = delete;
  PostgresCluster& operator=(const PostgresCluster&) = delete;

  // A connection URI for database `db` on this cluster.
  std::string Url(const std::string& db = "postgres") const;
  // Creates a new, empty database and returns its URI.
  absl::StatusOr<std::string> CreateDatabase();

  // Stops the server (fast shutdown) and starts it again on the same port.
  absl::Status Stop();
  absl::Status Restart();
  // SIGKILLs the postmaster (its backends exit on their own), as a crash.
  absl::Status KillPostmaster();
  bool running() const { return running_; }
  // On a standby: holds back the replay of each commit for `ms`
  // milliseconds (recovery_min_apply_delay), as a standby that lags.
  absl::Status SetApplyDelay(int ms);

 private:
  PostgresCluster() = default;
  // Resolves the binaries and makes the temporary directory (owned by the
  // user the server runs as).
  absl::Status Prepare();
  // Runs `command` (a shell command line) as the cluster's user.
  int RunAsOwner(const std::string& command) const;

  std::string bin_, dir_, data_, user_;
  int port_ = 0;
  int databases_ = 0;
  bool running_ = false;
};

// The cluster of a test binary: started on the first call, stopped and
// removed when the process exits normally. The error says why it could not
// start (tests fail on it; they never skip).
absl::StatusOr<PostgresCluster*> SharedPostgresCluster();

// Terminates the connections catalogs hold to the database of `url` (their
// pools, application_name readout-catalog; not their listeners), as a
// connection pooler or an operator recycling them would, and waits (up to
// 5 s) until the server has let them go. How many were terminated.
absl::StatusOr<int64_t> CloseCatalogConnections(const std::string& url);

}  // namespace readout::catalog::testing

#endif  // READOUT_CATALOG_SERVICE_TESTING_POSTGRES_CLUSTER_H_
