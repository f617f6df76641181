// readout_rank(): BM25 over FTS5 with caller-supplied phrase frequencies,
// and the query scanner that lists a query's phrases (see fts_rank.h).
#include "catalog-service/fts_rank.h"

#include <algorithm>
#include <cmath>
#include <memory>

#include "absl/container/inlined_vector.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "catalog-service/sqlite_db.h"

namespace readout::catalog {
namespace {

// BM25 parameters, as FTS5's bm25().
constexpr double kK1 = 1.2;
constexpr double kB = 0.75;
// FTS5's floor for the IDF of a phrase found in over half the documents.
constexpr double kMinIdf = 1e-6;

// What one query's rows share: column weights, mean row length, IDFs.
struct RankData {
  std::vector<double> weights;
  std::vector<double> idf;
  double mean_tokens = 1;
};

void DeleteRankData(void* data) { delete static_cast<RankData*>(data); }

// Builds the query's RankData from the function's arguments and FTS5's
// statistics (row count and total tokens come from its averages record).
int MakeRankData(const Fts5ExtensionApi* api, Fts5Context* fts, int argc, sqlite3_value** argv,
                 std::unique_ptr<RankData>* out) {
  auto data = std::make_unique<RankData>();
  const int columns = api->xColumnCount(fts);
  const int phrases = api->xPhraseCount(fts);
  for (int c = 0; c < columns; ++c) {
    data->weights.push_back(c < argc ? sqlite3_value_double(argv[c]) : 1.0);
  }
  sqlite3_int64 rows = 0, tokens = 0;
  int rc = api->xRowCount(fts, &rows);
  if (rc == SQLITE_OK) rc = api->xColumnTotalSize(fts, -1, &tokens);
  if (rc != SQLITE_OK) return rc;
  if (rows > 0 && tokens > 0) data->mean_tokens = static_cast<double>(tokens) / rows;
  const bool shares_given = argc - columns == phrases;
  for (int p = 0; p < phrases; ++p) {
    double idf = 1.0;
    if (shares_given) {
      const double share = std::clamp(sqlite3_value_double(argv[columns + p]), 0.0, 1.0);
      const double n = share * static_cast<double>(rows);
      idf = std::max(kMinIdf, std::log((static_cast<double>(rows) - n + 0.5) / (n + 0.5)));
    }
    data->idf.push_back(idf);
  }
  *out = std::move(data);
  return SQLITE_OK;
}

void RankFunction(const Fts5ExtensionApi* api, Fts5Context* fts, sqlite3_context* context, int argc,
                  sqlite3_value** argv) {
  auto* data = static_cast<RankData*>(api->xGetAuxdata(fts, 0));
  if (data == nullptr) {
    std::unique_ptr<RankData> made;
    int rc = MakeRankData(api, fts, argc, argv, &made);
    if (rc == SQLITE_OK) {
      data = made.get();
      // On failure FTS5 deletes the data itself.
      rc = api->xSetAuxdata(fts, made.release(), &DeleteRankData);
    }
    if (rc != SQLITE_OK) {
      sqlite3_result_error_code(context, rc);
      return;
    }
  }
  // Weighted hits of each phrase in this row.
  absl::InlinedVector<double, 8> hits(data->idf.size(), 0.0);
  int instances = 0;
  int rc = api->xInstCount(fts, &instances);
  for (int i = 0; rc == SQLITE_OK && i < instances; ++i) {
    int phrase = 0, column = 0, offset = 0;
    rc = api->xInst(fts, i, &phrase, &column, &offset);
    if (rc == SQLITE_OK && phrase >= 0 && phrase < static_cast<int>(hits.size()) && column >= 0 &&
        column < static_cast<int>(data->weights.size())) {
      hits[phrase] += data->weights[column];
    }
  }
  int row_tokens = 0;
  if (rc == SQLITE_OK) rc = api->xColumnSize(fts, -1, &row_tokens);
  if (rc != SQLITE_OK) {
    sqlite3_result_error_code(context, rc);
    return;
  }
  const double norm = kK1 * (1 - kB + kB * row_tokens / data->mean_tokens);
  double score = 0;
  for (size_t p = 0; p < hits.size(); ++p) {
    score += data->idf[p] * hits[p] * (kK1 + 1) / (hits[p] + norm);
  }
  sqlite3_result_double(context, -score);
}

// FTS5's bareword characters: ASCII letters and digits, '_', 0x1A, and
// every byte of a non-ASCII character.
bool IsBarewordChar(char c) {
  const auto u = static_cast<unsigned char>(c);
  return u >= 0x80 || absl::ascii_isalnum(u) || c == '_' || u == 0x1A;
}

std::string Quoted(absl::string_view text) {
  return absl::StrCat("\"", absl::StrReplaceAll(text, {{"\"", "\"\""}}), "\"");
}

}  // namespace

absl::Status RegisterRankFunction(sqlite3* db) {
  fts5_api* api = nullptr;
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &stmt, nullptr) == SQLITE_OK) {
    sqlite3_bind_pointer(stmt, 1, &api, "fts5_api_ptr", nullptr);
    sqlite3_step(stmt);
  }
  sqlite3_finalize(stmt);
  if (api == nullptr || api->iVersion < 2) {
    return SqliteError(db, SQLITE_ERROR, "this SQLite has no FTS5 extension API");
  }
  int rc = api->xCreateFunction(api, "readout_rank", nullptr, &RankFunction, nullptr);
  if (rc != SQLITE_OK) return SqliteError(db, rc, "registering readout_rank");
  return absl::OkStatus();
}

std::optional<std::vector<std::string>> QueryPhrases(absl::string_view query) {
  std::vector<std::string> phrases;
  std::string phrase;          // The phrase being read, as a query.
  bool reading = false;        // `phrase` holds a phrase a '+' may extend.
  bool joining = false;        // A '+' was read: the next string extends it.
  bool in_columns = false;     // Inside "{col1 col2}".
  bool near_distance = false;  // After the ',' of NEAR(... , N).
  auto finish = [&] {
    if (reading) phrases.push_back(std::move(phrase));
    phrase.clear();
    reading = false;
  };
  auto next_char = [&](size_t i) {  // The first non-space at or after i.
    while (i < query.size() && absl::ascii_isspace(static_cast<unsigned char>(query[i]))) ++i;
    return i;
  };
  size_t i = 0;
  while ((i = next_char(i)) < query.size()) {
    const char c = query[i];
    if (c == '"' || IsBarewordChar(c)) {
      std::string text;
      const bool quoted = c == '"';
      if (quoted) {
        bool closed = false;
        for (++i; i < query.size(); ++i) {
          if (query[i] != '"') {
            text += query[i];
          } else if (i + 1 < query.size() && query[i + 1] == '"') {
            text += '"';
            ++i;
          } else {
            closed = true;
            ++i;
            break;
          }
        }
        if (!closed) return std::nullopt;
      } else {
        const size_t start = i;
        while (i < query.size() && IsBarewordChar(query[i])) ++i;
        text = std::string(query.substr(start, i - start));
      }
      const size_t after = next_char(i);
      const char follows = after < query.size() ? query[after] : '\0';
      if (in_columns) continue;  // A column name.
      if (follows == ':') {      // "col : ..." names a column.
        finish();
        i = after + 1;
        continue;
      }
      if (!quoted && !joining) {
        if (near_distance) {
          near_distance = false;
          continue;
        }
        if (text == "AND" || text == "OR" || text == "NOT") {
          finish();
          continue;
        }
        if (text == "NEAR" && follows == '(') {
          finish();
          i = after + 1;
          continue;
        }
      }
      std::string piece = Quoted(text);
      if (follows == '*') {
        piece += '*';
        i = after + 1;
      }
      if (joining) {
        absl::StrAppend(&phrase, " + ", piece);
        joining = false;
      } else {
        finish();
        phrase = std::move(piece);
        reading = true;
      }
      continue;
    }
    ++i;
    switch (c) {
      case '+':
        if (!reading || joining) return std::nullopt;
        joining = true;
        break;
      case '{':
        finish();
        in_columns = true;
        break;
      case '}':
        in_columns = false;
        break;
      case ',':
        finish();
        near_distance = true;
        break;
      case '(':
      case ')':
      case '-':
      case '^':
      case ':':
        finish();
        break;
      default:
        return std::nullopt;
    }
  }
  if (joining || in_columns) return std::nullopt;
  finish();
  return phrases;
}

}  // namespace readout::catalog
