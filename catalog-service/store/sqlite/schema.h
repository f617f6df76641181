// The SQLite store's files and their layout: the versioned migrations of
// catalog.db (the record of truth) and the layout of index.db (the query
// index, derived from the documents, so rebuilt rather than migrated).
#ifndef READOUT_CATALOG_SERVICE_STORE_SQLITE_SCHEMA_H_
#define READOUT_CATALOG_SERVICE_STORE_SQLITE_SCHEMA_H_

#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "catalog-service/store/sqlite/sqlite_db.h"

namespace readout::catalog::sqlite {

// The query index, attached as schema "ix" (file index.db). It holds only
// what the documents determine, so a schema change bumps kIndexVersion and
// the index is rebuilt instead of migrated. `state` keeps the last revision
// whose change the index reflects (absent until a rebuild completes).
// Version 2: persons and orgs are keyed (name, event date, document), so a
// person's or an organization's documents are listed by date without a
// sort, and a document costs no more index entries than in version 1.
inline constexpr int64_t kIndexVersion = 2;
// The statements that lay out an empty index.db attached as "ix".
extern const char kIndexSchema[];

// The writing connection truncates a WAL to this size when it starts it over
// after a checkpoint (per database: main, or "ix." for index.db).
inline constexpr char kWalSizeLimit[] = "journal_size_limit = 67108864";

// Brings catalog.db on `connection` to this binary's schema version, one
// transaction per migration, and returns how many migrations ran.
// FAILED_PRECONDITION when the file is newer than this binary (`path`
// names it in the message).
absl::StatusOr<int64_t> MigrateCatalog(Connection& connection, const std::string& path);

// Attaches index.db as schema "ix" with the connection's read settings.
absl::Status AttachIndex(Connection& connection, const std::string& path);

// Removes index.db and its WAL files (it is rebuilt from the documents).
absl::Status RemoveIndexFiles(const std::string& path);

}  // namespace readout::catalog::sqlite

#endif  // READOUT_CATALOG_SERVICE_STORE_SQLITE_SCHEMA_H_
