// readout_rank(), the query scanner, the index tokenizer and snippets (see
// fts_search.h).
#include "catalog-service/store/sqlite/fts_search.h"

#include <algorithm>
#include <cmath>
#include <memory>

#include "absl/container/inlined_vector.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "catalog-service/errors.h"
#include "catalog-service/store/sqlite/sqlite_db.h"

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

// The FTS5 extension API of `db` (SQLite's documented "SELECT fts5(?1)").
absl::StatusOr<fts5_api*> Fts5Api(sqlite3* db) {
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
  return api;
}

std::string Quoted(absl::string_view text) {
  return absl::StrCat("\"", absl::StrReplaceAll(text, {{"\"", "\"\""}}), "\"");
}

}  // namespace

absl::Status RegisterRankFunction(sqlite3* db) {
  CATALOG_ASSIGN_OR_RETURN(fts5_api * api, Fts5Api(db));
  int rc = api->xCreateFunction(api, "readout_rank", nullptr, &RankFunction, nullptr);
  if (rc != SQLITE_OK) return SqliteError(db, rc, "registering readout_rank");
  return absl::OkStatus();
}

std::optional<std::vector<QueryPhrase>> QueryPhrases(absl::string_view query) {
  std::vector<QueryPhrase> phrases;
  QueryPhrase phrase;          // The phrase being read.
  bool reading = false;        // `phrase` holds a phrase a '+' may extend.
  bool joining = false;        // A '+' was read: the next string extends it.
  bool in_columns = false;     // Inside "{col1 col2}".
  bool near_distance = false;  // After the ',' of NEAR(... , N).
  auto finish = [&] {
    if (reading) phrases.push_back(std::move(phrase));
    phrase = QueryPhrase();
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
      const bool prefix = follows == '*';
      if (prefix) i = after + 1;
      if (joining) {
        phrase.query += " + ";
        joining = false;
      } else {
        finish();
        reading = true;
      }
      absl::StrAppend(&phrase.query, Quoted(text), prefix ? "*" : "");
      phrase.strings.emplace_back(std::move(text), prefix);
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

struct SearchTokenizer::Impl {
  fts5_tokenizer methods{};
  Fts5Tokenizer* instance = nullptr;
};

absl::StatusOr<std::unique_ptr<SearchTokenizer>> SearchTokenizer::Open(sqlite3* db) {
  CATALOG_ASSIGN_OR_RETURN(fts5_api * api, Fts5Api(db));
  std::unique_ptr<SearchTokenizer> tokenizer(new SearchTokenizer());
  tokenizer->impl_ = std::make_unique<Impl>();
  void* context = nullptr;
  int rc = api->xFindTokenizer(api, "unicode61", &context, &tokenizer->impl_->methods);
  // As the index's table: tokenize = 'unicode61 remove_diacritics 2'.
  const char* args[] = {"remove_diacritics", "2"};
  if (rc == SQLITE_OK) {
    rc = tokenizer->impl_->methods.xCreate(context, args, 2, &tokenizer->impl_->instance);
  }
  if (rc != SQLITE_OK) return SqliteError(db, rc, "creating the unicode61 tokenizer");
  return tokenizer;
}

SearchTokenizer::~SearchTokenizer() {
  if (impl_ != nullptr && impl_->instance != nullptr) impl_->methods.xDelete(impl_->instance);
}

std::vector<SearchTokenizer::Token> SearchTokenizer::Tokenize(absl::string_view text) const {
  std::vector<Token> tokens;
  impl_->methods.xTokenize(
      impl_->instance, &tokens, FTS5_TOKENIZE_DOCUMENT, text.data(), static_cast<int>(text.size()),
      [](void* out, int flags, const char* token, int size, int begin, int end) {
        if (flags & FTS5_TOKEN_COLOCATED) return SQLITE_OK;  // Synonyms: none in unicode61.
        static_cast<std::vector<Token>*>(out)->push_back(
            Token{std::string(token, static_cast<size_t>(size)), begin, end});
        return SQLITE_OK;
      });
  return tokens;
}

SnippetMaker::SnippetMaker(const SearchTokenizer& tokenizer,
                           const std::vector<QueryPhrase>& phrases, int window_tokens)
    : tokenizer_(tokenizer), window_tokens_(std::max(1, window_tokens)) {
  for (const QueryPhrase& phrase : phrases) {
    std::vector<Term> terms;
    for (const auto& [text, prefix] : phrase.strings) {
      std::vector<SearchTokenizer::Token> tokens = tokenizer.Tokenize(text);
      for (size_t i = 0; i < tokens.size(); ++i) {
        // '*' applies to the string's last token.
        terms.push_back(Term{std::move(tokens[i].text), prefix && i + 1 == tokens.size()});
      }
    }
    if (!terms.empty()) phrases_.push_back(std::move(terms));
  }
}

std::string SnippetMaker::Make(absl::string_view title, absl::string_view body) const {
  struct Match {
    size_t first = 0, last = 0;  // Token range, inclusive.
    size_t phrase = 0;
  };
  struct Column {
    absl::string_view text;
    std::vector<SearchTokenizer::Token> tokens;
    std::vector<Match> matches;  // By first token.
  };
  auto scan = [&](absl::string_view text) {
    Column column{text, tokenizer_.Tokenize(text), {}};
    const auto& tokens = column.tokens;
    for (size_t at = 0; at < tokens.size(); ++at) {
      for (size_t p = 0; p < phrases_.size(); ++p) {
        const std::vector<Term>& terms = phrases_[p];
        if (at + terms.size() > tokens.size()) continue;
        bool all = true;
        for (size_t k = 0; all && k < terms.size(); ++k) {
          const std::string& token = tokens[at + k].text;
          all = terms[k].prefix ? absl::StartsWith(token, terms[k].text) : token == terms[k].text;
        }
        if (all) column.matches.push_back(Match{at, at + terms.size() - 1, p});
      }
    }
    return column;
  };
  const Column columns[] = {scan(body), scan(title)};  // Body first: it wins ties.
  // The best window: most distinct phrases, then most matches (the first
  // found on a tie). Windows tried: a little before each match, from it,
  // and ending with it; a text that fits in a window is shown whole.
  const Column* best = nullptr;
  size_t best_start = 0;
  std::pair<size_t, size_t> best_score{0, 0};
  const size_t window = static_cast<size_t>(window_tokens_);
  for (const Column& column : columns) {
    const size_t n = column.tokens.size();
    const size_t last_start = n > window ? n - window : 0;
    for (const Match& anchor : column.matches) {
      const size_t lead = window / 4;
      const size_t starts[] = {anchor.first > lead ? anchor.first - lead : 0, anchor.first,
                               anchor.last + 1 > window ? anchor.last + 1 - window : 0};
      for (size_t start : starts) {
        start = std::min(start, last_start);
        std::vector<bool> seen(phrases_.size(), false);
        std::pair<size_t, size_t> score{0, 0};
        for (const Match& m : column.matches) {
          if (m.first < start || m.last >= start + window) continue;
          if (!seen[m.phrase]) ++score.first;
          seen[m.phrase] = true;
          ++score.second;
        }
        if (best == nullptr || score > best_score) {
          best = &column;
          best_start = start;
          best_score = score;
        }
      }
    }
  }
  if (best == nullptr) best = columns[0].tokens.empty() ? &columns[1] : &columns[0];
  const auto& tokens = best->tokens;
  if (tokens.empty()) return "";
  const size_t end = std::min(tokens.size(), best_start + window);  // Past the last token.
  // Highlighted token ranges inside the window (overlapping matches merge).
  std::vector<std::pair<size_t, size_t>> marks;
  for (const Match& m : best->matches) {
    if (m.first < best_start || m.last >= end) continue;
    if (!marks.empty() && m.first <= marks.back().second) {
      marks.back().second = std::max(marks.back().second, m.last);
    } else {
      marks.emplace_back(m.first, m.last);
    }
  }
  std::string out = best_start > 0 ? "..." : "";
  const absl::string_view text = best->text;
  size_t mark = 0;
  for (size_t i = best_start; i < end; ++i) {
    if (i > best_start) {  // What lies between two tokens (spaces, punctuation).
      absl::StrAppend(&out, text.substr(tokens[i - 1].end, tokens[i].begin - tokens[i - 1].end));
    }
    const bool opens = mark < marks.size() && marks[mark].first == i;
    if (opens) out += '[';
    absl::StrAppend(&out, text.substr(tokens[i].begin, tokens[i].end - tokens[i].begin));
    if (mark < marks.size() && marks[mark].second == i) {
      out += ']';
      ++mark;
    }
  }
  if (end < tokens.size()) {
    out += "...";
  } else {
    absl::StrAppend(&out, text.substr(tokens.back().end));  // The closing punctuation.
  }
  return out;
}

}  // namespace readout::catalog
