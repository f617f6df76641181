// What the catalog adds to SQLite's FTS5 for SearchDocuments: ranking,
// snippets, and the query scanner both rely on.
//
// Ranking. FTS5's built-in bm25() learns each phrase's document frequency
// (its IDF) by visiting every row that matches the phrase, once per query:
// at a million documents a common word or a phrase costs tens of
// milliseconds before the first row is ranked. readout_rank() is the same
// BM25 formula (k1 = 1.2, b = 0.75, per-column weights, token counts from
// FTS5's own statistics), with the phrases' document frequencies supplied
// by the caller, who estimates them cheaply (SqliteStore: from the newest
// matches of each phrase alone) or leaves them out when a query has one
// phrase (the IDF is then a common factor and does not change the order).
//
//   SELECT rowid, readout_rank(fts, 4.0, 1.0, ?, ?) FROM fts WHERE fts MATCH ?
//
// Arguments after the column weights (one per column) are, per phrase of
// the query in FTS5's order, the share of documents that contain it, in
// (0, 1]. Without them, or when their number differs from the query's
// phrase count, every phrase weighs the same. Like bm25(), the result is
// negative: lower is better.
//
// Snippets. FTS5's snippet() evaluates the query again; for a prefix query
// (innov*) that means merging every matching term's postings a second time.
// SnippetMaker highlights the query's phrases in the text of the hits the
// search has loaded anyway, with the index's own tokenizer.
//
// Thread-safety: a SearchTokenizer and the SnippetMakers built on it belong
// to one thread at a time (as the connection they come from).
#ifndef READOUT_CATALOG_SERVICE_STORE_SQLITE_FTS_SEARCH_H_
#define READOUT_CATALOG_SERVICE_STORE_SQLITE_FTS_SEARCH_H_

#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "sqlite3.h"

namespace readout::catalog {

// Registers readout_rank() on `db` (which must have FTS5).
absl::Status RegisterRankFunction(sqlite3* db);

// One phrase of an FTS5 query.
struct QueryPhrase {
  // The phrase as a standalone FTS5 query ("a" + "b"*).
  std::string query;
  // Its strings in order, each with whether it ends in '*' (a prefix).
  std::vector<std::pair<std::string, bool>> strings;

  bool operator==(const QueryPhrase& other) const { return query == other.query; }
};

// The phrases of FTS5 query `query`, in the order FTS5 numbers them; column
// filters, NEAR groups, ^, parentheses and AND/OR/NOT are read past.
// nullopt when the query is not one this scanner reads (FTS5 itself then
// reports it).
std::optional<std::vector<QueryPhrase>> QueryPhrases(absl::string_view query);

// The tokenizer of the index's FTS5 table (unicode61, remove_diacritics 2),
// taken from a connection's FTS5.
class SearchTokenizer {
 public:
  struct Token {
    std::string text;  // Folded as the index stores it.
    int begin = 0;     // Byte offsets in the tokenized text.
    int end = 0;
  };

  static absl::StatusOr<std::unique_ptr<SearchTokenizer>> Open(sqlite3* db);
  ~SearchTokenizer();
  SearchTokenizer(const SearchTokenizer&) = delete;
  SearchTokenizer& operator=(const SearchTokenizer&) = delete;

  std::vector<Token> Tokenize(absl::string_view text) const;

 private:
  SearchTokenizer() = default;
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Snippets of one query's hits: the window of `window_tokens` tokens of the
// title or the body that holds the most distinct phrases (then the most
// matches), matches in [brackets], cut ends marked "...". Text without a
// match gives its first window unmarked.
class SnippetMaker {
 public:
  SnippetMaker(const SearchTokenizer& tokenizer, const std::vector<QueryPhrase>& phrases,
               int window_tokens = 24);
  std::string Make(absl::string_view title, absl::string_view body) const;

 private:
  struct Term {
    std::string text;
    bool prefix = false;
  };
  const SearchTokenizer& tokenizer_;
  std::vector<std::vector<Term>> phrases_;  // Each phrase's tokens.
  int window_tokens_;
};

}  // namespace readout::catalog

#endif  // READOUT_CATALOG_SERVICE_STORE_SQLITE_FTS_SEARCH_H_
