// Turns parsed AIP-160 filters (filter.h) into SQL conditions over the
// tables both stores lay out alike for filters (docs, persons, positions,
// position_titles, orgs, events, participants; SQL both SQLite and
// PostgreSQL accept): document filters refer to the outer alias `d` (docs),
// people filters to `p` (persons). Values are
// bound parameters, never spliced into the SQL. Pure functions; thread-safe.
#ifndef READOUT_CATALOG_SERVICE_STORE_SQL_FILTER_H_
#define READOUT_CATALOG_SERVICE_STORE_SQL_FILTER_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "catalog-service/query/filter.h"
#include "catalog-service/store/index_rows.h"

namespace readout::catalog {

// A value bound to a parameter ('?'; the PostgreSQL store numbers them).
using SqlValue = std::variant<int64_t, std::string>;

struct SqlCondition {
  std::string sql;
  std::vector<SqlValue> args;
};

// Runs `select` (a query returning at most a few thousand rows) and returns
// how many rows it produced; lets the translation pick, per restriction,
// between driving the query from its matches and probing each document.
using MatchCounter = std::function<int64_t(const SqlCondition& select)>;

// A condition on documents `d` for a filter parsed with DocumentFilterSchema().
// With a `counter`, selective restrictions (fewer than 2000 matching side
// table rows) drive the query and broad ones become per-document EXISTS
// probes; person restrictions always drive. Without a counter, the shapes
// are chosen from the field alone. With a `keys_column` (an array column
// of docs holding FilterKeysOf, PostgreSQL only), an exact restriction
// (=, != without '*') that has a filter key tests the document's own row
// ("keys_column @> ARRAY[key]") instead of a side table: the database then
// checks it on the row it reads anyway while walking the sort index, or
// finds the documents in the column's GIN index, with no probe per
// document; a broad inexact one (a prefix, or ':') tests the keys of the
// document's row that begin with the field's prefix ("EXISTS (SELECT 1
// FROM unnest(keys_column) ...)") rather than probing a side table by
// document.
SqlCondition DocumentFilterToSql(const FilterExpr& filter, const MatchCounter& counter = nullptr,
                                 const std::string& keys_column = "");

// The filter keys of a document: "field:value" for each value an exact
// restriction on person, participant, participant.<role> (the role's
// number), role, event_type (numbers), title, organization and location
// can ask for, normalized as the side tables store them. Sorted
// bytewise, without repeats.
std::vector<std::string> FilterKeysOf(const IndexRows& rows);
// A document filter whose top level requires `person = "Name"` or
// `organization = "Name"` (exact, not a prefix; a person is preferred): the
// side table that lists those documents once each (persons or orgs), its
// column and value, and what the filter asks besides (nullopt when
// nothing). Lets a list by event date walk those documents in order
// (SqliteStore; the tables are keyed by name, event date, document) instead
// of collecting and sorting all of them.
struct DrivenFilter {
  std::string table;   // "persons" or "orgs".
  std::string column;  // "key" or "name_lc".
  std::string value;   // PersonKey() or LowerAscii() of the name.
  std::optional<FilterExpr> rest;
};
std::optional<DrivenFilter> SplitDrivingRestriction(const FilterExpr& filter);

// A condition on persons `p` for a filter parsed with PeopleFilterSchema().
SqlCondition PeopleFilterToSql(const FilterExpr& filter);

// Lowercases ASCII letters (the stored *_lc columns use the same rule).
std::string LowerAscii(absl::string_view text);

}  // namespace readout::catalog

#endif  // READOUT_CATALOG_SERVICE_STORE_SQL_FILTER_H_
