// Turns parsed AIP-160 filters (filter.h) into SQL conditions over the
// catalog's SQLite schema (sqlite_store.cc): document filters refer to the
// outer alias `d` (documents), people filters to `p` (persons). Values are
// bound parameters, never spliced into the SQL. Pure functions; thread-safe.
#ifndef READOUT_CATALOG_SERVICE_SQL_FILTER_H_
#define READOUT_CATALOG_SERVICE_SQL_FILTER_H_

#include <string>
#include <vector>

#include "catalog-service/filter.h"
#include "catalog-service/sqlite_db.h"

namespace readout::catalog {

struct SqlCondition {
  std::string sql;
  std::vector<SqlValue> args;
};

// A condition on documents `d` for a filter parsed with DocumentFilterSchema().
SqlCondition DocumentFilterToSql(const FilterExpr& filter);
// A condition on persons `p` for a filter parsed with PeopleFilterSchema().
SqlCondition PeopleFilterToSql(const FilterExpr& filter);

// Lowercases ASCII letters (the stored *_lc columns use the same rule).
std::string LowerAscii(absl::string_view text);

}  // namespace readout::catalog

#endif  // READOUT_CATALOG_SERVICE_SQL_FILTER_H_
