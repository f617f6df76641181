// A thin RAII layer over libpq for the PostgreSQL store: a connection that
// runs parameterized statements and maps PostgreSQL errors to statuses
// (a lost or refused connection, a server shutting down: UNAVAILABLE with
// reason STORAGE_UNAVAILABLE; a statement past its timeout:
// DEADLINE_EXCEEDED; anything else INTERNAL). Not thread-safe: one thread
// uses a connection at a time (the pool hands them out).
#ifndef READOUT_CATALOG_SERVICE_STORE_POSTGRES_PG_CONNECTION_H_
#define READOUT_CATALOG_SERVICE_STORE_POSTGRES_PG_CONNECTION_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "catalog-service/store/sql_filter.h"
#include "libpq-fe.h"

namespace readout::catalog::pg {

// A statement parameter: text (PostgreSQL converts it to the column's
// type), or binary bytes for a bytea.
struct Param {
  std::string value;
  bool binary = false;

  static Param Int(int64_t v);
  static Param Text(std::string v);
  static Param Bytes(std::string v);
  // A value of a translated filter (sql_filter.h).
  static Param Of(const SqlValue& v);
};

// The rows of a statement (text format, except bytea read with Bytes).
class Result {
 public:
  explicit Result(PGresult* result) : result_(result) {}
  Result(Result&& other) noexcept : result_(other.result_) { other.result_ = nullptr; }
  Result& operator=(Result&& other) noexcept;
  ~Result();

  int rows() const;
  bool IsNull(int row, int column) const;
  absl::string_view Text(int row, int column) const;
  int64_t Int(int row, int column) const;
  double Double(int row, int column) const;
  // A bytea column (hex text) decoded.
  std::string Bytes(int row, int column) const;

 private:
  PGresult* result_;
};

class Connection {
 public:
  // Connects to `url` (a libpq connection URI); UNAVAILABLE when the server
  // cannot be reached within `connect_timeout_s`.
  static absl::StatusOr<std::unique_ptr<Connection>> Open(const std::string& url,
                                                          int connect_timeout_s);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Runs `sql` with $1.. bound to `params`.
  absl::StatusOr<Result> Exec(absl::string_view sql, const std::vector<Param>& params = {});
  // Runs one or more statements without parameters.
  absl::Status Run(absl::string_view sql);
  // Whether the connection is lost (it is then dropped, not pooled).
  bool broken() const;
  // Whether a transaction is open (or failed and not yet rolled back).
  bool in_transaction() const;
  PGconn* handle() { return conn_; }

 private:
  explicit Connection(PGconn* conn) : conn_(conn) {}
  absl::Status ErrorOf(PGresult* result, absl::string_view sql);
  PGconn* conn_;
};

// `sql` with each '?' (outside quotes) numbered $first, $first+1, ...: the
// SQLite-style conditions of sql_filter.h in PostgreSQL's syntax.
std::string NumberParams(absl::string_view sql, int first);

}  // namespace readout::catalog::pg

#endif  // READOUT_CATALOG_SERVICE_STORE_POSTGRES_PG_CONNECTION_H_
