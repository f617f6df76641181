// libFuzzer target: the search syntax (catalog-service/query/search_query.h).
// A refusal is INVALID_ARGUMENT with a message. An accepted query has the
// tree shape the header promises, prints back to a query that parses to the
// same tree, and compiles to FTS5 text that SQLite's FTS5 accepts as a MATCH
// expression (run against an in-memory table), so no query the parser lets
// through reaches the store as a syntax error.
#include <cstddef>
#include <cstdint>
#include <string>

#include "absl/strings/string_view.h"
#include "catalog-service/query/search_query.h"
#include "sqlite3.h"
#include "tests/fuzz/fuzz_checks.h"

namespace {

using readout::catalog::SearchExpr;
using readout::fuzz::Require;

void RequireShape(const SearchExpr& expr) {
  switch (expr.kind) {
    case SearchExpr::Kind::kTerm:
      Require(!expr.tokens.empty() && expr.children.empty(), "a term without tokens");
      for (const std::string& token : expr.tokens) {
        Require(!token.empty(), "an empty token");
        for (unsigned char c : token) {
          Require(c >= 0x80 || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'),
                  "a token byte that is no lowercase letter or digit: " + token);
        }
      }
      return;
    case SearchExpr::Kind::kNot:
      Require(expr.children.size() == 1 && expr.children[0].kind != SearchExpr::Kind::kNot,
              "a NOT without one operand, or of a NOT");
      break;
    case SearchExpr::Kind::kAnd: {
      Require(expr.children.size() >= 2, "an AND of fewer than two");
      bool positive = false;
      for (const SearchExpr& child : expr.children) {
        positive = positive || child.kind != SearchExpr::Kind::kNot;
      }
      Require(positive, "an AND of NOTs only");
      break;
    }
    case SearchExpr::Kind::kOr:
      Require(expr.children.size() >= 2, "an OR of fewer than two");
      for (const SearchExpr& child : expr.children) {
        Require(child.kind != SearchExpr::Kind::kNot, "a NOT outside an AND");
      }
      break;
  }
  for (const SearchExpr& child : expr.children) RequireShape(child);
}

// An FTS5 table in memory and a MATCH query over it, made once.
sqlite3_stmt* MatchStatement() {
  static sqlite3_stmt* const statement = [] {
    sqlite3* db = nullptr;
    Require(sqlite3_open(":memory:", &db) == SQLITE_OK, "cannot open SQLite in memory");
    Require(sqlite3_exec(db,
                         "CREATE VIRTUAL TABLE t USING fts5(body);"
                         "INSERT INTO t(body) VALUES ('the council met on flood prevention');",
                         nullptr, nullptr, nullptr) == SQLITE_OK,
            "cannot make the FTS5 table");
    sqlite3_stmt* made = nullptr;
    Require(sqlite3_prepare_v2(db, "SELECT count(*) FROM t WHERE t MATCH ?", -1, &made, nullptr) ==
                SQLITE_OK,
            "cannot prepare the MATCH query");
    return made;
  }();
  return statement;
}

void RequireFts5Accepts(const std::string& fts) {
  sqlite3_stmt* statement = MatchStatement();
  sqlite3_reset(statement);
  sqlite3_bind_text(statement, 1, fts.data(), static_cast<int>(fts.size()), SQLITE_TRANSIENT);
  const int rc = sqlite3_step(statement);
  Require(rc == SQLITE_ROW, "FTS5 refused the compiled query: " + fts + " (" +
                                sqlite3_errmsg(sqlite3_db_handle(statement)) + ")");
  sqlite3_reset(statement);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const absl::string_view text(reinterpret_cast<const char*>(data), size);
  const auto parsed = readout::catalog::ParseSearchQuery(text);
  if (!parsed.ok()) {
    Require(parsed.status().code() == absl::StatusCode::kInvalidArgument,
            "a query refusal that is not INVALID_ARGUMENT");
    Require(!parsed.status().message().empty(), "a query refusal without a message");
    return 0;
  }
  RequireShape(*parsed);
  const std::string printed = readout::catalog::SearchToString(*parsed);
  const auto reparsed = readout::catalog::ParseSearchQuery(printed);
  Require(reparsed.ok() && readout::catalog::SearchToString(*reparsed) == printed,
          "the printed query does not parse back to itself: " + printed);
  RequireFts5Accepts(readout::catalog::SearchToFts5(*parsed));
  (void)readout::catalog::SearchToTsquery(*parsed);
  return 0;
}
