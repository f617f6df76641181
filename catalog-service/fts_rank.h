// Search ranking without a full pass over the index per query.
//
// FTS5's built-in bm25() learns each phrase's document frequency (its IDF)
// by visiting every row that matches the phrase, once per query: at a
// million documents a common word or a phrase costs tens of milliseconds
// before the first row is ranked. readout_rank() is the same BM25 formula
// (k1 = 1.2, b = 0.75, per-column weights, token counts from FTS5's own
// statistics), with the phrases' document frequencies supplied by the
// caller, who estimates them cheaply (SqliteStore: from the newest matches
// of each phrase alone) or leaves them out when a query has one phrase (the
// IDF is then a common factor and does not change the order).
//
//   SELECT rowid, readout_rank(fts, 4.0, 1.0, ?, ?) FROM fts WHERE fts MATCH ?
//
// Arguments after the column weights (one per column) are, per phrase of
// the query in FTS5's order, the share of documents that contain it, in
// (0, 1]. Without them, or when their number differs from the query's
// phrase count, every phrase weighs the same. Like bm25(), the result is
// negative: lower is better.
//
// QueryPhrases() lists a query's phrases in FTS5's order, each as a query
// of its own, so that the caller can estimate their frequencies.
#ifndef READOUT_CATALOG_SERVICE_FTS_RANK_H_
#define READOUT_CATALOG_SERVICE_FTS_RANK_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "sqlite3.h"

namespace readout::catalog {

// Registers readout_rank() on `db` (which must have FTS5).
absl::Status RegisterRankFunction(sqlite3* db);

// The phrases of FTS5 query `query`, in the order FTS5 numbers them, each
// rewritten as a standalone FTS5 query ("a" + "b"*); column filters, NEAR
// groups, ^, parentheses and AND/OR/NOT are read past. nullopt when the
// query is not one this scanner reads (FTS5 itself then reports it).
std::optional<std::vector<std::string>> QueryPhrases(absl::string_view query);

}  // namespace readout::catalog

#endif  // READOUT_CATALOG_SERVICE_FTS_RANK_H_
