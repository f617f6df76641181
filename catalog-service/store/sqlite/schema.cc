// The SQLite store's schema (see schema.h): catalog.db's migrations, in
// order, and index.db's layout.
#include "catalog-service/store/sqlite/schema.h"

#include <filesystem>
#include <system_error>

#include "absl/strings/str_cat.h"
#include "catalog-service/errors.h"

namespace readout::catalog::sqlite {
namespace {

// Schema versions; entry i migrates user_version i to i + 1. Append only.
const char* const kMigrations[] = {
    R"sql(
CREATE TABLE meta(key TEXT PRIMARY KEY, value BLOB) WITHOUT ROWID;
CREATE TABLE documents(
  rowid INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  revision INTEGER NOT NULL,
  create_us INTEGER NOT NULL,
  published INTEGER NOT NULL,
  event_date INTEGER NOT NULL,
  title_lc TEXT NOT NULL,
  extraction BLOB NOT NULL);
CREATE INDEX documents_event_date ON documents(event_date);
CREATE INDEX documents_published ON documents(published);
CREATE TABLE persons(key TEXT NOT NULL, doc INTEGER NOT NULL, name TEXT NOT NULL,
                     name_lc TEXT NOT NULL, PRIMARY KEY(key, doc)) WITHOUT ROWID;
CREATE INDEX persons_doc ON persons(doc);
CREATE TABLE positions(doc INTEGER NOT NULL, key TEXT NOT NULL, title TEXT NOT NULL,
                       title_lc TEXT NOT NULL);
CREATE INDEX positions_title ON positions(title_lc);
CREATE INDEX positions_key ON positions(key, doc);
CREATE INDEX positions_doc ON positions(doc);
CREATE TABLE orgs(name_lc TEXT NOT NULL, doc INTEGER NOT NULL,
                  PRIMARY KEY(name_lc, doc)) WITHOUT ROWID;
CREATE INDEX orgs_doc ON orgs(doc);
CREATE TABLE events(doc INTEGER NOT NULL, idx INTEGER NOT NULL, type INTEGER NOT NULL,
                    date INTEGER NOT NULL, name TEXT NOT NULL, location TEXT NOT NULL,
                    location_lc TEXT NOT NULL, PRIMARY KEY(doc, idx)) WITHOUT ROWID;
CREATE INDEX events_type ON events(type);
CREATE INDEX events_location ON events(location_lc);
CREATE TABLE participants(doc INTEGER NOT NULL, event_idx INTEGER NOT NULL,
                          key TEXT NOT NULL, role INTEGER NOT NULL);
CREATE INDEX participants_key ON participants(key, role);
CREATE INDEX participants_role ON participants(role);
CREATE INDEX participants_doc ON participants(doc);
CREATE TABLE changes(revision INTEGER PRIMARY KEY, type INTEGER NOT NULL,
                     doc_id TEXT NOT NULL, commit_us INTEGER NOT NULL);
CREATE TABLE requests(id TEXT PRIMARY KEY, response BLOB NOT NULL,
                      create_us INTEGER NOT NULL) WITHOUT ROWID;
CREATE INDEX requests_time ON requests(create_us);
CREATE VIRTUAL TABLE fts USING fts5(title, body, tokenize = 'unicode61 remove_diacritics 2');
)sql",
    // 2: covering indexes, so filters that select many documents read only
    // the index (the doc column) and never the table rows; small documents
    // rows.
    R"sql(
DROP INDEX positions_title;
CREATE INDEX positions_title ON positions(title_lc, doc);
DROP INDEX events_type;
CREATE INDEX events_type ON events(type, doc);
DROP INDEX events_location;
CREATE INDEX events_location ON events(location_lc, doc);
DROP INDEX participants_key;
CREATE INDEX participants_key ON participants(key, role, doc);
DROP INDEX participants_role;
CREATE INDEX participants_role ON participants(role, doc);
-- Extractions move out of `documents`, whose rows become small: filters
-- that select many documents then read few pages.
CREATE TABLE bodies(rowid INTEGER PRIMARY KEY, extraction BLOB NOT NULL);
INSERT INTO bodies(rowid, extraction) SELECT rowid, extraction FROM documents;
ALTER TABLE documents DROP COLUMN extraction;
)sql",
    // 3: distinct position titles, so `title:` (substring) scans a few
    // thousand titles instead of every position row.
    R"sql(
CREATE TABLE position_titles(title_lc TEXT PRIMARY KEY) WITHOUT ROWID;
INSERT OR IGNORE INTO position_titles(title_lc) SELECT DISTINCT title_lc FROM positions;
)sql",
    // 4: broad role filters probe a document's participants through a
    // covering index (no table row reads).
    R"sql(
CREATE INDEX participants_doc_role ON participants(doc, role, key);
DROP INDEX participants_doc;
)sql",
    // 5: the query index (sort columns, side tables, FTS) moves to its own
    // file, index.db (kIndexSchema), built behind the durable commit; it is
    // derived data and is rebuilt from the documents. Changes name the
    // document's row so the index can replay them.
    R"sql(
DROP TABLE main.persons;
DROP TABLE main.positions;
DROP TABLE main.position_titles;
DROP TABLE main.orgs;
DROP TABLE main.events;
DROP TABLE main.participants;
DROP TABLE main.fts;
DROP INDEX main.documents_event_date;
DROP INDEX main.documents_published;
ALTER TABLE main.documents DROP COLUMN published;
ALTER TABLE main.documents DROP COLUMN event_date;
ALTER TABLE main.documents DROP COLUMN title_lc;
ALTER TABLE main.changes ADD COLUMN doc_row INTEGER;
)sql",
    // 6: a checksum beside each body over the whole stored record
    // (document_rows.h, RecordChecksum); rows stored before have none.
    R"sql(
ALTER TABLE main.bodies ADD COLUMN checksum INTEGER;
)sql",
};

}  // namespace

const char kIndexSchema[] = R"sql(
CREATE TABLE ix.state(key TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE ix.docs(rowid INTEGER PRIMARY KEY, published INTEGER NOT NULL,
                     event_date INTEGER NOT NULL, title_lc TEXT NOT NULL);
CREATE INDEX ix.docs_event_date ON docs(event_date);
CREATE INDEX ix.docs_published ON docs(published);
CREATE TABLE ix.persons(key TEXT NOT NULL, event_date INTEGER NOT NULL, doc INTEGER NOT NULL,
                        name TEXT NOT NULL, name_lc TEXT NOT NULL,
                        PRIMARY KEY(key, event_date, doc)) WITHOUT ROWID;
CREATE INDEX ix.persons_doc ON persons(doc);
CREATE TABLE ix.positions(doc INTEGER NOT NULL, key TEXT NOT NULL, title TEXT NOT NULL,
                          title_lc TEXT NOT NULL);
CREATE INDEX ix.positions_title ON positions(title_lc, doc);
CREATE INDEX ix.positions_key ON positions(key, doc);
CREATE INDEX ix.positions_doc ON positions(doc);
CREATE TABLE ix.position_titles(title_lc TEXT PRIMARY KEY) WITHOUT ROWID;
CREATE TABLE ix.orgs(name_lc TEXT NOT NULL, event_date INTEGER NOT NULL, doc INTEGER NOT NULL,
                     PRIMARY KEY(name_lc, event_date, doc)) WITHOUT ROWID;
CREATE INDEX ix.orgs_doc ON orgs(doc);
CREATE TABLE ix.events(doc INTEGER NOT NULL, idx INTEGER NOT NULL, type INTEGER NOT NULL,
                       date INTEGER NOT NULL, name TEXT NOT NULL, location TEXT NOT NULL,
                       location_lc TEXT NOT NULL, PRIMARY KEY(doc, idx)) WITHOUT ROWID;
CREATE INDEX ix.events_type ON events(type, doc);
CREATE INDEX ix.events_location ON events(location_lc, doc);
CREATE TABLE ix.participants(doc INTEGER NOT NULL, event_idx INTEGER NOT NULL,
                             key TEXT NOT NULL, role INTEGER NOT NULL);
CREATE INDEX ix.participants_key ON participants(key, role, doc);
CREATE INDEX ix.participants_role ON participants(role, doc);
CREATE INDEX ix.participants_doc_role ON participants(doc, role, key);
CREATE VIRTUAL TABLE ix.fts USING fts5(title, body, tokenize = 'unicode61 remove_diacritics 2');
)sql";

absl::StatusOr<int64_t> MigrateCatalog(Connection& connection, const std::string& path) {
  int64_t version = 0;
  {
    CATALOG_ASSIGN_OR_RETURN(Statement stmt, connection.Prepare("PRAGMA user_version"));
    CATALOG_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (row) version = stmt.Int(0);
  }
  const int64_t latest = sizeof(kMigrations) / sizeof(kMigrations[0]);
  if (version > latest) {
    return absl::FailedPreconditionError(
        absl::StrCat(path, " has schema version ", version, ", newer than this binary's ", latest));
  }
  for (int64_t v = version; v < latest; ++v) {
    CATALOG_RETURN_IF_ERROR(connection.Exec("BEGIN IMMEDIATE"));
    absl::Status status = connection.Exec(kMigrations[v]);
    if (status.ok()) status = connection.Exec(absl::StrCat("PRAGMA user_version = ", v + 1));
    if (status.ok()) status = connection.Exec("COMMIT");
    if (!status.ok()) {
      connection.Exec("ROLLBACK").IgnoreError();
      return status;
    }
  }
  return latest - version;
}
// Attaches index.db as schema "ix" with the connection's read settings.
absl::Status AttachIndex(Connection& connection, const std::string& path) {
  {
    CATALOG_ASSIGN_OR_RETURN(Statement attach, connection.Prepare("ATTACH DATABASE ? AS ix"));
    absl::Status attached = attach.BindText(1, path).Run();
    if (!attached.ok()) {
      // The message names the file that could not be attached.
      absl::Status named(attached.code(),
                         absl::StrCat("cannot attach ", path, ": ", attached.message()));
      attached.ForEachPayload([&](absl::string_view url, const absl::Cord& payload) {
        named.SetPayload(url, payload);
      });
      return named;
    }
  }
  return connection.Exec(
      "PRAGMA ix.journal_mode = WAL; PRAGMA ix.cache_size = -16000;"
      "PRAGMA ix.mmap_size = 17179869184");
}

// Removes index.db and its WAL files (it is rebuilt from the documents).
absl::Status RemoveIndexFiles(const std::string& path) {
  for (const char* suffix : {"", "-wal", "-shm"}) {
    std::error_code ec;
    std::filesystem::remove(path + suffix, ec);
    if (ec) {
      return MakeError(absl::StatusCode::kUnavailable, "STORAGE_UNAVAILABLE",
                       absl::StrCat("cannot remove ", path, suffix, ": ", ec.message()));
    }
  }
  return absl::OkStatus();
}

}  // namespace readout::catalog::sqlite
