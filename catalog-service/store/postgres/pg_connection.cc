// libpq wrapper of the PostgreSQL store (see pg_connection.h).
#include "catalog-service/store/postgres/pg_connection.h"

#include <poll.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <optional>
#include <utility>

#include "absl/strings/cord.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "catalog-service/errors.h"

namespace readout::catalog::pg {

Param Param::Int(int64_t v) { return Param{absl::StrCat(v), false}; }
Param Param::Text(std::string v) { return Param{std::move(v), false}; }
Param Param::Bytes(std::string v) { return Param{std::move(v), true}; }

namespace {

void AppendInt32(std::string& out, uint32_t v) {
  const char bytes[4] = {static_cast<char>(v >> 24), static_cast<char>(v >> 16),
                         static_cast<char>(v >> 8), static_cast<char>(v)};
  out.append(bytes, 4);
}

// PostgreSQL's binary array format (array_recv): dimensions, a flags word
// (no nulls), the element type, each dimension's size and lower bound,
// then each element as its length and bytes.
template <typename T, typename Put>
Param BinaryArray(uint32_t element_type, const std::vector<T>& items, Put put) {
  std::string out;
  AppendInt32(out, items.empty() ? 0 : 1);
  AppendInt32(out, 0);
  AppendInt32(out, element_type);
  if (!items.empty()) {
    AppendInt32(out, static_cast<uint32_t>(items.size()));
    AppendInt32(out, 1);
  }
  for (const T& item : items) put(out, item);
  return Param::Bytes(std::move(out));
}

// Type OIDs of PostgreSQL's catalog (pg_type.dat): text, bigint, bytea.
constexpr uint32_t kTextOid = 25, kInt8Oid = 20, kByteaOid = 17;

void PutBytes(std::string& out, const std::string& item) {
  AppendInt32(out, static_cast<uint32_t>(item.size()));
  out += item;
}

}  // namespace

Param Param::TextList(const std::vector<std::string>& items) {
  return BinaryArray(kTextOid, items, PutBytes);
}

Param Param::BytesList(const std::vector<std::string>& items) {
  return BinaryArray(kByteaOid, items, PutBytes);
}

Param Param::IntList(const std::vector<int64_t>& items) {
  return BinaryArray(kInt8Oid, items, [](std::string& out, int64_t v) {
    AppendInt32(out, 8);
    AppendInt32(out, static_cast<uint32_t>(static_cast<uint64_t>(v) >> 32));
    AppendInt32(out, static_cast<uint32_t>(static_cast<uint64_t>(v)));
  });
}

Param Param::Of(const SqlValue& v) {
  if (const int64_t* i = std::get_if<int64_t>(&v)) return Int(*i);
  std::string text = std::get<std::string>(v);
  // sql_filter.h bounds a prefix range with a trailing 0xFF byte, which is
  // not UTF-8; the largest code point sorts the same under COLLATE "C".
  if (!text.empty() && static_cast<unsigned char>(text.back()) == 0xFF) {
    text.pop_back();
    text += "\xF4\x8F\xBF\xBF";
  }
  return Text(std::move(text));
}

Result& Result::operator=(Result&& other) noexcept {
  if (this != &other) {
    if (result_ != nullptr) PQclear(result_);
    result_ = other.result_;
    other.result_ = nullptr;
  }
  return *this;
}

Result::~Result() {
  if (result_ != nullptr) PQclear(result_);
}

int Result::rows() const { return PQntuples(result_); }
bool Result::IsNull(int row, int column) const { return PQgetisnull(result_, row, column) != 0; }

absl::string_view Result::Text(int row, int column) const {
  return absl::string_view(PQgetvalue(result_, row, column), PQgetlength(result_, row, column));
}

int64_t Result::Int(int row, int column) const {
  return std::strtoll(PQgetvalue(result_, row, column), nullptr, 10);
}

double Result::Double(int row, int column) const {
  return std::strtod(PQgetvalue(result_, row, column), nullptr);
}

std::string Result::Bytes(int row, int column) const {
  size_t length = 0;
  unsigned char* bytes = PQunescapeBytea(
      reinterpret_cast<const unsigned char*>(PQgetvalue(result_, row, column)), &length);
  if (bytes == nullptr) return "";
  std::string out(reinterpret_cast<char*>(bytes), length);
  PQfreemem(bytes);
  return out;
}

absl::StatusOr<std::unique_ptr<Connection>> Connection::Open(const std::string& url,
                                                             int connect_timeout_s,
                                                             const char* application_name) {
  const std::string timeout = absl::StrCat(connect_timeout_s);
  const char* keys[] = {"dbname", "connect_timeout", "application_name", nullptr};
  const char* values[] = {url.c_str(), timeout.c_str(), application_name, nullptr};
  PGconn* conn = PQconnectdbParams(keys, values, /*expand_dbname=*/1);
  if (conn == nullptr) return absl::ResourceExhaustedError("out of memory for a connection");
  if (PQstatus(conn) != CONNECTION_OK) {
    std::string message = PQerrorMessage(conn);
    PQfinish(conn);
    while (!message.empty() && message.back() == '\n') message.pop_back();
    return MakeError(absl::StatusCode::kUnavailable, "STORAGE_UNAVAILABLE",
                     absl::StrCat("cannot connect to PostgreSQL: ", message));
  }
  return std::unique_ptr<Connection>(new Connection(conn));
}

Connection::~Connection() { PQfinish(conn_); }

bool Connection::broken() const {
  return abandoned_ || stale_plans_ || PQstatus(conn_) != CONNECTION_OK;
}

bool Connection::in_transaction() const {
  const PGTransactionStatusType status = PQtransactionStatus(conn_);
  return status == PQTRANS_INTRANS || status == PQTRANS_INERROR;
}

bool IsConflict(const absl::Status& status) {
  return status.GetPayload(kConflictPayload).has_value();
}

std::string ConflictState(const absl::Status& status) {
  auto state = status.GetPayload(kConflictPayload);
  return state.has_value() ? std::string(*state) : std::string();
}

std::string SqlState(const absl::Status& status) {
  auto state = status.GetPayload(kSqlStatePayload);
  return state.has_value() ? std::string(*state) : std::string();
}

namespace {

absl::Status Conflict(absl::string_view code, absl::string_view message) {
  absl::Status conflict =
      MakeError(absl::StatusCode::kAborted, "STORAGE_CONFLICT",
                absl::StrCat("PostgreSQL aborted the transaction for a concurrent one (SQLSTATE ",
                             code, "): ", message, "; retry"));
  conflict.SetPayload(kConflictPayload, absl::Cord(code));
  conflict.SetPayload(kSqlStatePayload, absl::Cord(code));
  return conflict;
}

}  // namespace

absl::Status ConflictWhen(absl::Status status, absl::string_view state) {
  if (status.ok() || IsConflict(status) || SqlState(status) != state) return status;
  return Conflict(state, status.message());
}

absl::Status Connection::ErrorOf(PGresult* result, absl::string_view sql) {
  const char* state = result != nullptr ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
  std::string message = result != nullptr ? PQresultErrorMessage(result) : PQerrorMessage(conn_);
  while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) {
    message.pop_back();
  }
  const std::string code = state != nullptr ? state : "";
  // Class 08: connection exceptions; 57P01-57P03: the server shuts down or
  // is starting; 53300: too many connections.
  if (broken() || absl::StartsWith(code, "08") || code == "57P01" || code == "57P02" ||
      code == "57P03" || code == "53300") {
    return MakeError(absl::StatusCode::kUnavailable, "STORAGE_UNAVAILABLE",
                     absl::StrCat("PostgreSQL is unavailable: ", message));
  }
  // query_canceled (statement_timeout), lock_not_available (lock_timeout).
  if (code == "57014" || code == "55P03") {
    return absl::DeadlineExceededError(
        absl::StrCat("PostgreSQL statement took longer than allowed: ", message));
  }
  // serialization_failure, deadlock_detected: the transaction lost to a
  // concurrent one and may be run again (engines that run every
  // transaction SERIALIZABLE, CockroachDB's, give them often). A unique
  // violation is a conflict only where the caller knows it can be one
  // (ConflictWhen).
  if (code == "40001" || code == "40P01") return Conflict(code, message);
  absl::Status error = absl::InternalError(
      absl::StrCat("PostgreSQL error ", code, ": ", message, " (in: ", sql.substr(0, 120), ")"));
  if (!code.empty()) error.SetPayload(kSqlStatePayload, absl::Cord(code));
  return error;
}

namespace {

// How long a cancelled statement has to answer before its connection is
// given up (a server that does not answer a cancel may not answer at all).
constexpr absl::Duration kCancelGrace = absl::Seconds(2);

// Parameters as libpq takes them (text, or binary for bytea); results in
// text.
struct Bound {
  explicit Bound(const std::vector<Param>& params) {
    for (const Param& p : params) {
      values.push_back(p.value.data());
      lengths.push_back(static_cast<int>(p.value.size()));
      formats.push_back(p.binary ? 1 : 0);
    }
  }
  std::vector<const char*> values;
  std::vector<int> lengths, formats;
};

}  // namespace

absl::Status DeadlinePassed(absl::string_view when) {
  return absl::DeadlineExceededError(
      absl::StrCat("the call's deadline passed ", when, "; nothing was changed by it"));
}

absl::StatusOr<Result> Connection::Finish(PGresult* result, absl::string_view sql) {
  const ExecStatusType status = result != nullptr ? PQresultStatus(result) : PGRES_FATAL_ERROR;
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
    absl::Status error = ErrorOf(result, sql);
    if (result != nullptr) PQclear(result);
    return error;
  }
  return Result(result);
}

absl::StatusOr<Result> Connection::Timed(absl::Time started, absl::StatusOr<Result> result) {
  if (observer_) observer_(absl::Now() - started, result.status());
  return result;
}

bool Connection::AwaitResult(bool& cancelled) {
  absl::Time until = deadline_;
  while (PQisBusy(conn_) != 0) {
    const absl::Duration left = until - absl::Now();
    if (left > absl::ZeroDuration()) {
      pollfd fd{PQsocket(conn_), POLLIN, 0};
      const int64_t ms = std::min<int64_t>(
          absl::ToInt64Milliseconds(absl::Ceil(left, absl::Milliseconds(1))), 60000);
      const int ready = ::poll(&fd, 1, static_cast<int>(ms));
      if (ready < 0 && errno != EINTR) return true;              // PQgetResult reports it.
      if (ready > 0 && PQconsumeInput(conn_) == 0) return true;  // Lost: likewise.
      continue;
    }
    if (cancelled) return false;
    // Past the deadline: ask the server to cancel the statement (a lock
    // wait included); its answer, an error, comes on this connection.
    cancelled = true;
    char error[256];
    if (PGcancel* cancel = PQgetCancel(conn_)) {
      PQcancel(cancel, error, sizeof(error));
      PQfreeCancel(cancel);
    }
    until = absl::Now() + kCancelGrace;
  }
  return true;
}

absl::StatusOr<Result> Connection::ExecBounded(const std::function<int()>& send,
                                               absl::string_view sql) {
  if (absl::Now() >= deadline_) return DeadlinePassed("before the statement was sent");
  if (send() == 0) return ErrorOf(nullptr, sql);
  bool cancelled = false;
  std::optional<absl::StatusOr<Result>> out;
  while (true) {
    if (!AwaitResult(cancelled)) {
      // No answer to the cancel: the connection's state is unknown, so it
      // is closed rather than pooled (its transaction dies with it).
      abandoned_ = true;
      return DeadlinePassed("and PostgreSQL did not answer the cancel; the connection was closed");
    }
    PGresult* result = PQgetResult(conn_);
    if (result == nullptr) break;
    absl::StatusOr<Result> one = Finish(result, sql);
    if (!out.has_value() || out->ok()) out = std::move(one);  // The first error stays.
  }
  if (!out.has_value()) return ErrorOf(nullptr, sql);
  if (cancelled && !out->ok() && !broken()) {
    return DeadlinePassed("while PostgreSQL ran the statement, which was cancelled");
  }
  return std::move(*out);
}

absl::StatusOr<Result> Connection::Exec(absl::string_view sql, const std::vector<Param>& params) {
  const absl::Time started = absl::Now();
  const Bound bound(params);
  const std::string text(sql);
  const int count = static_cast<int>(params.size());
  if (deadline_ == absl::InfiniteFuture()) {
    return Timed(started,
                 Finish(PQexecParams(conn_, text.c_str(), count, nullptr, bound.values.data(),
                                     bound.lengths.data(), bound.formats.data(), 0),
                        sql));
  }
  return Timed(started, ExecBounded(
                            [&] {
                              return PQsendQueryParams(conn_, text.c_str(), count, nullptr,
                                                       bound.values.data(), bound.lengths.data(),
                                                       bound.formats.data(), 0);
                            },
                            sql));
}

absl::StatusOr<std::vector<Result>> Connection::Pipeline(const std::vector<Statement>& statements,
                                                         bool commit) {
  const absl::Time started = absl::Now();
  // Both branches as views: with a std::string on one side, the
  // conditional would make a temporary string the view outlives.
  const absl::string_view first_sql =
      statements.empty() ? absl::string_view("COMMIT") : absl::string_view(statements.front().sql);
  auto timed = [&](absl::StatusOr<std::vector<Result>> out) {
    if (observer_) observer_(absl::Now() - started, out.status());
    return out;
  };
  if (absl::Now() >= deadline_) return timed(DeadlinePassed("before the statement was sent"));
  // What was sent, in order: each answers with its results and a null.
  struct Sent {
    int statement;  // Index in `statements`, or -1 for the COMMIT.
    bool prepare;   // The statement's preparation rather than its run.
  };
  std::vector<Sent> sent;
  // Names whose preparation this pipeline sends: a name used twice is
  // prepared once (twice would fail, 42P05).
  std::set<std::string> preparing;
  std::vector<Bound> bound;
  bound.reserve(statements.size());
  for (const Statement& st : statements) bound.emplace_back(st.params);
  if (PQenterPipelineMode(conn_) == 0) return timed(ErrorOf(nullptr, first_sql));
  bool sent_all = true;
  for (size_t i = 0; i < statements.size() && sent_all; ++i) {
    const Statement& st = statements[i];
    const int count = static_cast<int>(st.params.size());
    const Bound& b = bound[i];
    if (st.name != nullptr) {
      if (prepared_.count(st.name) == 0 && preparing.insert(st.name).second) {
        sent_all = PQsendPrepare(conn_, st.name, st.sql.c_str(), count, nullptr) != 0;
        sent.push_back({static_cast<int>(i), true});
      }
      sent_all = sent_all && PQsendQueryPrepared(conn_, st.name, count, b.values.data(),
                                                 b.lengths.data(), b.formats.data(), 0) != 0;
    } else {
      sent_all = PQsendQueryParams(conn_, st.sql.c_str(), count, nullptr, b.values.data(),
                                   b.lengths.data(), b.formats.data(), 0) != 0;
    }
    sent.push_back({static_cast<int>(i), false});
  }
  if (commit && sent_all) {
    sent_all = PQsendQueryParams(conn_, "COMMIT", 0, nullptr, nullptr, nullptr, nullptr, 0) != 0;
    sent.push_back({-1, false});
  }
  if (!sent_all || PQpipelineSync(conn_) == 0) {
    absl::Status error = ErrorOf(nullptr, first_sql);
    abandoned_ = true;  // What reached the server is unknown.
    return timed(error);
  }
  bool cancelled = false;
  absl::Status failed;
  // The first failure, when it is a statement prepared by an earlier
  // pipeline that the server no longer has (26000: DEALLOCATE or DISCARD
  // ALL, as a connection pooler issues) or whose plan no longer fits its
  // tables (0A000, "cached plan must not change result type": a migration
  // changed their columns).
  bool stale_plan = false;
  std::vector<Result> results;
  size_t at = 0;  // The entry of `sent` whose results come next.
  bool commit_answered = false;
  while (true) {
    if (!AwaitResult(cancelled)) {
      abandoned_ = true;
      return timed(
          DeadlinePassed("and PostgreSQL did not answer the cancel; the connection was closed"));
    }
    PGresult* result = PQgetResult(conn_);
    if (result == nullptr) {
      if (broken()) break;
      ++at;  // The end of one entry's results.
      continue;
    }
    const ExecStatusType status = PQresultStatus(result);
    if (status == PGRES_PIPELINE_SYNC) {
      PQclear(result);
      break;
    }
    if (status == PGRES_PIPELINE_ABORTED || at >= sent.size()) {
      PQclear(result);
      continue;
    }
    const Sent entry = sent[at];
    const absl::string_view sql = entry.statement < 0
                                      ? absl::string_view("COMMIT")
                                      : absl::string_view(statements[entry.statement].sql);
    absl::StatusOr<Result> one = Finish(result, sql);
    if (entry.statement < 0) commit_answered = one.ok();
    if (!one.ok()) {
      if (failed.ok()) {
        failed = one.status();
        const std::string state = SqlState(failed);
        stale_plan = entry.statement >= 0 && !entry.prepare &&
                     statements[entry.statement].name != nullptr &&
                     preparing.count(statements[entry.statement].name) == 0 &&
                     (state == "26000" || state == "0A000");
      }
      continue;
    }
    if (entry.prepare) {
      prepared_.insert(statements[entry.statement].name);
    } else if (entry.statement >= 0) {
      results.push_back(*std::move(one));
    }
  }
  if (!broken()) PQexitPipelineMode(conn_);
  if (broken() && commit && !commit_answered && (failed.ok() || SqlState(failed).empty())) {
    // Everything up to the COMMIT may have run, and the COMMIT with it:
    // whether the transaction committed is unknown.
    return timed(MakeError(absl::StatusCode::kUnavailable, "STORAGE_UNAVAILABLE",
                           "the connection to PostgreSQL was lost while the write committed; "
                           "whether it was committed is unknown"));
  }
  if (failed.ok() && results.size() != statements.size()) failed = ErrorOf(nullptr, first_sql);
  if (stale_plan && !broken()) {
    // Which of its statements the server still holds, and as what, is
    // unknown: the connection is dropped rather than pooled (its
    // transaction dies with it), and the caller runs the work again on
    // another one, which prepares the statements afresh.
    stale_plans_ = true;
    prepared_.clear();
    absl::Status again = MakeError(
        absl::StatusCode::kAborted, "STORAGE_CONFLICT",
        absl::StrCat("a statement prepared on this connection no longer fits the server (SQLSTATE ",
                     SqlState(failed), "): ", failed.message(), "; retry"));
    again.SetPayload(kConflictPayload, absl::Cord(SqlState(failed)));
    again.SetPayload(kSqlStatePayload, absl::Cord(SqlState(failed)));
    failed = std::move(again);
  }
  if (cancelled && !failed.ok() && !broken()) {
    failed = DeadlinePassed("while PostgreSQL ran the statement, which was cancelled");
  }
  if (!failed.ok()) return timed(failed);
  return timed(std::move(results));
}

absl::Status Connection::Run(absl::string_view sql) {
  const absl::Time started = absl::Now();
  const std::string text(sql);
  if (deadline_ == absl::InfiniteFuture()) {
    return Timed(started, Finish(PQexec(conn_, text.c_str()), sql)).status();
  }
  return Timed(started, ExecBounded([&] { return PQsendQuery(conn_, text.c_str()); }, sql))
      .status();
}

absl::Status Connection::RunUnbounded(absl::string_view sql) {
  const absl::Time deadline = deadline_;
  deadline_ = absl::InfiniteFuture();
  absl::Status status = Run(sql);
  deadline_ = deadline;
  return status;
}

absl::Status Connection::Commit() { return RunUnbounded("COMMIT"); }
absl::Status Connection::Rollback() { return RunUnbounded("ROLLBACK"); }

std::string NumberParams(absl::string_view sql, int first) {
  std::string out;
  bool quoted = false;
  for (char c : sql) {
    if (c == '\'') quoted = !quoted;
    if (c == '?' && !quoted) {
      absl::StrAppend(&out, "$", first++);
    } else {
      out.push_back(c);
    }
  }
  return out;
}

}  // namespace readout::catalog::pg
