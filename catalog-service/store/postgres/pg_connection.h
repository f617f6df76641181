// A thin RAII layer over libpq for the PostgreSQL store: a connection that
// runs parameterized statements and maps PostgreSQL errors to statuses
// (a lost or refused connection, a server shutting down: UNAVAILABLE with
// reason STORAGE_UNAVAILABLE; a statement past its timeout:
// DEADLINE_EXCEEDED; a transaction aborted for a concurrent one: ABORTED,
// STORAGE_CONFLICT; anything else INTERNAL; every error carries its
// SQLSTATE, SqlState). Statements may be prepared once per connection
// and sent together in one pipeline (Pipeline); a prepared statement the
// server dropped or can no longer run as planned gives ABORTED,
// STORAGE_CONFLICT too, and its connection is dropped (broken). A connection may carry the
// deadline of the call it serves: a statement still running when it passes
// is cancelled (PQcancel) and fails with DEADLINE_EXCEEDED, and a statement
// is not sent at all once it has passed. Not thread-safe: one thread uses a
// connection at a time (the pool hands them out).
#ifndef READOUT_CATALOG_SERVICE_STORE_POSTGRES_PG_CONNECTION_H_
#define READOUT_CATALOG_SERVICE_STORE_POSTGRES_PG_CONNECTION_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
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
  // One-dimensional arrays in PostgreSQL's binary format (no quoting, no
  // parsing of a literal); the statement casts the parameter to the
  // matching type: $n::text[], $n::bigint[], $n::bytea[].
  static Param TextList(const std::vector<std::string>& items);
  static Param IntList(const std::vector<int64_t>& items);
  static Param BytesList(const std::vector<std::string>& items);
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

// A statement of a pipeline. With a name, it is prepared under that name
// the first time this connection runs it (parsed and planned once, then
// only bound and executed); the same name must always carry the same SQL.
struct Statement {
  const char* name = nullptr;
  std::string sql;
  std::vector<Param> params;
};

class Connection {
 public:
  // Connects to `url` (a libpq connection URI) as `application_name` (what
  // pg_stat_activity shows); UNAVAILABLE when the server cannot be reached
  // within `connect_timeout_s`.
  static absl::StatusOr<std::unique_ptr<Connection>> Open(
      const std::string& url, int connect_timeout_s,
      const char* application_name = "readout-catalog");
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Runs `sql` with $1.. bound to `params`.
  absl::StatusOr<Result> Exec(absl::string_view sql, const std::vector<Param>& params = {});
  // Runs one or more statements without parameters.
  absl::Status Run(absl::string_view sql);
  // Runs `statements` in order, then (with `commit`) COMMIT, all sent
  // together in one libpq pipeline: one round trip, and the server goes
  // from one to the next without waiting for the client. The first error
  // stops the rest (the transaction is left failed, to be rolled back) and
  // is returned; else each statement's result. A connection lost after
  // the COMMIT was sent and before its answer came gives UNAVAILABLE
  // saying the outcome is unknown (the transaction may have committed).
  absl::StatusOr<std::vector<Result>> Pipeline(const std::vector<Statement>& statements,
                                               bool commit);
  // End the open transaction whatever the deadline (a transaction whose
  // statement was cancelled is rolled back; a finished one is committed,
  // rather than leaving done work to a timer).
  absl::Status Commit();
  absl::Status Rollback();

  // Bounds the statements that follow by `deadline` (see the top);
  // absl::InfiniteFuture(): statement_timeout alone bounds them.
  void set_deadline(absl::Time deadline) { deadline_ = deadline; }
  absl::Time deadline() const { return deadline_; }
  // Called after each statement with its time and outcome.
  using Observer = std::function<void(absl::Duration elapsed, const absl::Status& status)>;
  void set_observer(Observer observer) { observer_ = std::move(observer); }

  // Whether the connection is lost, or was given up after a cancelled
  // statement did not answer or after its prepared statements went stale
  // (it is then dropped, not pooled).
  bool broken() const;
  // Whether a transaction is open (or failed and not yet rolled back).
  bool in_transaction() const;
  PGconn* handle() { return conn_; }

 private:
  explicit Connection(PGconn* conn) : conn_(conn) {}
  absl::Status ErrorOf(PGresult* result, absl::string_view sql);
  // Run, whatever the deadline.
  absl::Status RunUnbounded(absl::string_view sql);
  // Sends with `send` (PQsendQuery...), then waits for the results until
  // the deadline, cancelling the statement when it passes. The first
  // error, else the last result.
  absl::StatusOr<Result> ExecBounded(const std::function<int()>& send, absl::string_view sql);
  // Waits until a result can be read without blocking; false when the
  // deadline passed and the cancel sent then went unanswered too.
  bool AwaitResult(bool& cancelled);
  // `result` (owned) as a Result, or its error.
  absl::StatusOr<Result> Finish(PGresult* result, absl::string_view sql);
  absl::StatusOr<Result> Timed(absl::Time started, absl::StatusOr<Result> result);

  PGconn* conn_;
  // Names of the statements prepared on this connection.
  std::set<std::string> prepared_;
  absl::Time deadline_ = absl::InfiniteFuture();
  bool abandoned_ = false;
  // A prepared statement failed as no longer on the server or no longer
  // fitting its tables (Pipeline): the connection is not to be reused.
  bool stale_plans_ = false;
  Observer observer_;
};

// Whether `status` is a transaction PostgreSQL aborted for a concurrent one
// (SQLSTATE 40001, 40P01: ABORTED, reason STORAGE_CONFLICT), which may be
// run again as it was.
bool IsConflict(const absl::Status& status);
// The SQLSTATE of a conflict ("40001", ...); empty for any other status.
std::string ConflictState(const absl::Status& status);
inline constexpr char kConflictPayload[] = "readout.dev/postgres-conflict-sqlstate";
// The SQLSTATE of an error PostgreSQL reported ("23505", ...); empty for
// any other status.
std::string SqlState(const absl::Status& status);
inline constexpr char kSqlStatePayload[] = "readout.dev/postgres-sqlstate";
// `status` as a conflict (IsConflict) when its SQLSTATE is `state`, else
// unchanged: for a caller that knows what that error means where it runs
// (a unique violation where a concurrent writer may have stored the same
// key first).
absl::Status ConflictWhen(absl::Status status, absl::string_view state);

// DEADLINE_EXCEEDED: the call's deadline passed `when` ("before the
// statement was sent", ...); nothing was changed by it.
absl::Status DeadlinePassed(absl::string_view when);

// `sql` with each '?' (outside quotes) numbered $first, $first+1, ...: the
// SQLite-style conditions of sql_filter.h in PostgreSQL's syntax.
std::string NumberParams(absl::string_view sql, int first);

}  // namespace readout::catalog::pg

#endif  // READOUT_CATALOG_SERVICE_STORE_POSTGRES_PG_CONNECTION_H_
