// Thin RAII layer over the SQLite C API for the catalog store: a Connection
// (one sqlite3 handle with a cache of prepared statements) and a Statement
// handle that binds, steps and reads columns and resets itself when it goes
// out of scope. A Connection is not thread-safe: one thread uses it at a time.
#ifndef READOUT_CATALOG_SERVICE_STORE_SQLITE_SQLITE_DB_H_
#define READOUT_CATALOG_SERVICE_STORE_SQLITE_SQLITE_DB_H_

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <variant>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "catalog-service/store/sql_filter.h"
#include "sqlite3.h"

namespace readout::catalog {

// Maps a SQLite result code to a status: a full disk (SQLITE_FULL, or an
// I/O error whose errno is ENOSPC) is RESOURCE_EXHAUSTED (reason
// STORAGE_FULL); busy/locked/I/O are UNAVAILABLE (STORAGE_UNAVAILABLE);
// corrupt is DATA_LOSS (STORAGE_CORRUPT); everything else INTERNAL; `what`
// prefixes the message, which names the connection's files (catalog.db, and
// index.db when attached).
absl::Status SqliteError(sqlite3* db, int rc, absl::string_view what);

class Statement {
 public:
  // `owned`: finalize on destruction (uncached) rather than reset.
  Statement(sqlite3_stmt* stmt, sqlite3* db, bool owned = false)
      : stmt_(stmt), db_(db), owned_(owned) {}
  Statement(Statement&& other) noexcept : stmt_(other.stmt_), db_(other.db_), owned_(other.owned_) {
    other.stmt_ = nullptr;
  }
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  ~Statement();

  // Binds 1-based parameter `index`.
  Statement& Bind(int index, int64_t value);
  Statement& BindDouble(int index, double value);
  Statement& BindText(int index, absl::string_view value);
  Statement& BindBlob(int index, absl::string_view value);
  Statement& BindNull(int index);
  // Binds `values` to parameters first, first + 1, ...
  Statement& BindAll(int first, const std::vector<SqlValue>& values);

  // Advances: true when a row is ready, false when done.
  absl::StatusOr<bool> Step();
  // Steps to the end (for statements without rows), then resets the
  // statement so it can be bound and run again.
  absl::Status Run();

  int64_t Int(int column) const { return sqlite3_column_int64(stmt_, column); }
  double Double(int column) const { return sqlite3_column_double(stmt_, column); }
  bool IsNull(int column) const { return sqlite3_column_type(stmt_, column) == SQLITE_NULL; }
  absl::string_view Text(int column) const;
  absl::string_view Blob(int column) const;
  // The path of the database file (schema "main") the statement reads.
  absl::string_view DatabaseFile() const;

 private:
  sqlite3_stmt* stmt_;
  sqlite3* db_;
  bool owned_;
};

class Connection {
 public:
  // Opens (creating when missing) the database at `path` in WAL mode with
  // synchronous=FULL and a busy timeout.
  static absl::StatusOr<std::unique_ptr<Connection>> Open(const std::string& path);
  ~Connection();

  // Runs one or more statements without results.
  absl::Status Exec(absl::string_view sql);
  // A prepared statement for `sql`, cached per connection.
  absl::StatusOr<Statement> Prepare(const std::string& sql);
  // Rows changed by the last statement.
  int Changes() const { return sqlite3_changes(db_); }
  sqlite3* handle() { return db_; }

 private:
  explicit Connection(sqlite3* db) : db_(db) {}
  sqlite3* db_;
  std::map<std::string, sqlite3_stmt*> cache_;
};

}  // namespace readout::catalog

#endif  // READOUT_CATALOG_SERVICE_STORE_SQLITE_SQLITE_DB_H_
