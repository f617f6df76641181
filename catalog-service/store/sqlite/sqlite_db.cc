// SQLite RAII helpers (see sqlite_db.h).
#include "catalog-service/store/sqlite/sqlite_db.h"

#include <cerrno>
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "catalog-service/errors.h"

namespace readout::catalog {

namespace {

// The files a connection reads and writes, for error messages: its main
// database and, when attached, the query index.
std::string FilesOf(sqlite3* db) {
  const char* main = sqlite3_db_filename(db, "main");
  const char* index = sqlite3_db_filename(db, "ix");
  std::string files = main != nullptr && *main != '\0' ? main : "an unnamed database";
  if (index != nullptr && *index != '\0') absl::StrAppend(&files, " (with ", index, " attached)");
  return files;
}

}  // namespace

absl::Status SqliteError(sqlite3* db, int rc, absl::string_view what) {
  std::string message = db != nullptr
                            ? absl::StrCat(what, " on ", FilesOf(db), ": ", sqlite3_errmsg(db))
                            : absl::StrCat(what, ": ", sqlite3_errstr(rc));
  // A full disk (or quota) is not a passing failure that a retry fixes:
  // RESOURCE_EXHAUSTED says what an operator has to do.
  if ((rc & 0xff) == SQLITE_FULL ||
      ((rc & 0xff) == SQLITE_IOERR && db != nullptr && sqlite3_system_errno(db) == ENOSPC)) {
    return MakeError(absl::StatusCode::kResourceExhausted, "STORAGE_FULL",
                     absl::StrCat(message, " (the disk holding the catalog's data directory has ",
                                  "no room left: free space, then retry)"));
  }
  switch (rc & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
    case SQLITE_IOERR:
    case SQLITE_CANTOPEN:
    case SQLITE_READONLY:
    case SQLITE_PROTOCOL:
    case SQLITE_NOMEM:
      return MakeError(absl::StatusCode::kUnavailable, "STORAGE_UNAVAILABLE", message);
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      return MakeError(absl::StatusCode::kDataLoss, "STORAGE_CORRUPT", message);
    default:
      return MakeError(absl::StatusCode::kInternal, "STORAGE_ERROR", message);
  }
}

Statement::~Statement() {
  if (stmt_ != nullptr && owned_) {
    sqlite3_finalize(stmt_);
  } else if (stmt_ != nullptr) {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
  }
}

Statement& Statement::Bind(int index, int64_t value) {
  sqlite3_bind_int64(stmt_, index, value);
  return *this;
}

Statement& Statement::BindDouble(int index, double value) {
  sqlite3_bind_double(stmt_, index, value);
  return *this;
}

Statement& Statement::BindText(int index, absl::string_view value) {
  sqlite3_bind_text(stmt_, index, value.data(), static_cast<int>(value.size()), SQLITE_TRANSIENT);
  return *this;
}

Statement& Statement::BindBlob(int index, absl::string_view value) {
  sqlite3_bind_blob(stmt_, index, value.data(), static_cast<int>(value.size()), SQLITE_TRANSIENT);
  return *this;
}

Statement& Statement::BindNull(int index) {
  sqlite3_bind_null(stmt_, index);
  return *this;
}

Statement& Statement::BindAll(int first, const std::vector<SqlValue>& values) {
  for (size_t i = 0; i < values.size(); ++i) {
    int index = first + static_cast<int>(i);
    if (const int64_t* n = std::get_if<int64_t>(&values[i])) {
      Bind(index, *n);
    } else {
      BindText(index, std::get<std::string>(values[i]));
    }
  }
  return *this;
}

absl::StatusOr<bool> Statement::Step() {
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  return SqliteError(db_, rc, "sqlite step");
}

absl::Status Statement::Run() {
  absl::Status status;
  while (true) {
    absl::StatusOr<bool> row = Step();
    if (!row.ok()) {
      status = row.status();
      break;
    }
    if (!*row) break;
  }
  // Ready for new bindings (a stepped statement refuses sqlite3_bind_*).
  sqlite3_reset(stmt_);
  return status;
}

absl::string_view Statement::DatabaseFile() const {
  const char* file = sqlite3_db_filename(db_, "main");
  return file != nullptr ? absl::string_view(file) : absl::string_view("an unnamed database");
}

absl::string_view Statement::Text(int column) const {
  const unsigned char* p = sqlite3_column_text(stmt_, column);
  int n = sqlite3_column_bytes(stmt_, column);
  return p == nullptr ? absl::string_view()
                      : absl::string_view(reinterpret_cast<const char*>(p), n);
}

absl::string_view Statement::Blob(int column) const {
  const void* p = sqlite3_column_blob(stmt_, column);
  int n = sqlite3_column_bytes(stmt_, column);
  return p == nullptr ? absl::string_view() : absl::string_view(static_cast<const char*>(p), n);
}

absl::StatusOr<std::unique_ptr<Connection>> Connection::Open(const std::string& path) {
  sqlite3* db = nullptr;
  int rc = sqlite3_open_v2(
      path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
  if (rc != SQLITE_OK) {
    absl::Status status = SqliteError(db, rc, absl::StrCat("cannot open ", path));
    sqlite3_close(db);
    return status;
  }
  std::unique_ptr<Connection> connection(new Connection(db));
  sqlite3_busy_timeout(db, 10000);
  sqlite3_extended_result_codes(db, 1);
  absl::Status status = connection->Exec(
      "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=OFF;"
      "PRAGMA cache_size=-16000; PRAGMA temp_store=MEMORY;");
  if (!status.ok()) return status;
  return connection;
}

Connection::~Connection() {
  for (auto& [sql, stmt] : cache_) sqlite3_finalize(stmt);
  sqlite3_close_v2(db_);
}

absl::Status Connection::Exec(absl::string_view sql) {
  std::string text(sql);
  char* error = nullptr;
  int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &error);
  if (rc != SQLITE_OK) {
    absl::Status status =
        SqliteError(db_, rc, absl::StrCat("sqlite exec \"", text.substr(0, 60), "\""));
    sqlite3_free(error);
    return status;
  }
  return absl::OkStatus();
}

absl::StatusOr<Statement> Connection::Prepare(const std::string& sql) {
  auto it = cache_.find(sql);
  if (it != cache_.end()) return Statement(it->second, db_);
  sqlite3_stmt* stmt = nullptr;
  int rc = sqlite3_prepare_v3(db_, sql.c_str(), static_cast<int>(sql.size()),
                              SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
  if (rc != SQLITE_OK) {
    return SqliteError(db_, rc, absl::StrCat("sqlite prepare \"", sql.substr(0, 80), "\""));
  }
  // Filters make many shapes; past the bound, statements are not cached.
  if (cache_.size() >= 512) return Statement(stmt, db_, /*owned=*/true);
  cache_.emplace(sql, stmt);
  return Statement(stmt, db_);
}

}  // namespace readout::catalog
