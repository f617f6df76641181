// SqliteStore (see sqlite_store.h): schema and migrations, the group-commit
// writer, and the read queries.
#include "catalog-service/sqlite_store.h"

#include <pthread.h>

#include <algorithm>
#include <filesystem>
#include <limits>
#include <map>
#include <set>
#include <string>
#include <system_error>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "catalog-service/errors.h"
#include "catalog-service/fts_search.h"
#include "catalog-service/names.h"
#include "catalog-service/sql_filter.h"
#include "openssl/rand.h"

namespace readout::catalog {
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
};

// The query index, attached as schema "ix" (file index.db). It holds only
// what the documents determine, so a schema change bumps kIndexVersion and
// the index is rebuilt instead of migrated. `state` keeps the last revision
// whose change the index reflects (absent until a rebuild completes).
// Version 2: persons and orgs are keyed (name, event date, document), so a
// person's or an organization's documents are listed by date without a
// sort, and a document costs no more index entries than in version 1.
constexpr int64_t kIndexVersion = 2;
constexpr char kIndexSchema[] = R"sql(
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

// Search ranks (BM25, readout_rank) at most this many matches, the newest;
// rarer terms are ranked over all their matches.
constexpr int64_t kRankCandidates = 1000;
// Each phrase's share of documents is estimated from its newest this many
// matches; queries of more phrases rank them alike.
constexpr int kShareSample = 256;
constexpr size_t kMaxRankedPhrases = 16;

// The writing connection truncates a WAL to this size when it starts it over
// after a checkpoint (per database: main, or "ix." for index.db).
constexpr char kWalSizeLimit[] = "journal_size_limit = 67108864";

constexpr int64_t kRequestIdTtlMicros = int64_t{24} * 3600 * 1000000;
// Columns and join that load whole documents (see DocumentFromRow).
constexpr char kDocumentColumns[] = "d.rowid, d.id, d.revision, d.create_us, b.extraction";
constexpr char kDocumentFrom[] = " FROM documents d JOIN bodies b ON b.rowid = d.rowid";

int64_t DateKey(const google::type::Date& date) {
  return int64_t{date.year()} * 10000 + date.month() * 100 + date.day();
}

void DateFromKey(int64_t key, google::type::Date* date) {
  date->set_year(static_cast<int32_t>(key / 10000));
  date->set_month(static_cast<int32_t>(key / 100 % 100));
  date->set_day(static_cast<int32_t>(key % 100));
}

std::string Etag(int64_t revision) { return absl::StrCat("\"r", revision, "\""); }

void SetTimestamp(int64_t micros, google::protobuf::Timestamp* ts) {
  ts->set_seconds(micros / 1000000);
  ts->set_nanos(static_cast<int32_t>(micros % 1000000) * 1000);
}

void FillDocument(absl::string_view id, int64_t revision, int64_t create_us,
                  v1::CatalogDocument* doc) {
  doc->set_name(DocumentName(id));
  SetTimestamp(create_us, doc->mutable_create_time());
  SetTimestamp(create_us, doc->mutable_update_time());
  doc->set_etag(Etag(revision));
  doc->set_revision(revision);
}

// Reads kDocumentColumns starting at `first`.
absl::StatusOr<v1::CatalogDocument> DocumentFromRow(const Statement& row, int first) {
  v1::CatalogDocument doc;
  absl::string_view blob = row.Blob(first + 4);
  if (!doc.mutable_extraction()->ParseFromArray(blob.data(), static_cast<int>(blob.size()))) {
    return MakeError(absl::StatusCode::kDataLoss, "STORAGE_CORRUPT",
                     absl::StrCat("stored extraction of ", row.Text(first + 1), " does not parse"));
  }
  FillDocument(row.Text(first + 1), row.Int(first + 2), row.Int(first + 3), &doc);
  return doc;
}

// Loads the document in row `row_id` (NOT_FOUND when it is gone).
absl::StatusOr<v1::CatalogDocument> LoadDocument(Connection& connection, int64_t row_id) {
  CATALOG_ASSIGN_OR_RETURN(
      Statement stmt, connection.Prepare(absl::StrCat("SELECT ", kDocumentColumns, kDocumentFrom,
                                                      " WHERE d.rowid = ?")));
  stmt.Bind(1, row_id);
  CATALOG_ASSIGN_OR_RETURN(bool row, stmt.Step());
  if (!row) return absl::NotFoundError("document row vanished");
  return DocumentFromRow(stmt, 0);
}

// Translates a document filter, counting matches on `connection` (inside
// the caller's read transaction) to choose each restriction's query shape.
absl::StatusOr<SqlCondition> FilterToSql(Connection& connection, const FilterExpr& filter) {
  absl::Status error;
  SqlCondition out = DocumentFilterToSql(filter, [&](const SqlCondition& select) -> int64_t {
    auto stmt = connection.Prepare(absl::StrCat("SELECT count(*) FROM (", select.sql, ")"));
    if (!stmt.ok()) {
      error.Update(stmt.status());
      return 0;
    }
    stmt->BindAll(1, select.args);
    absl::StatusOr<bool> row = stmt->Step();
    if (!row.ok()) {
      error.Update(row.status());
      return 0;
    }
    return *row ? stmt->Int(0) : 0;
  });
  if (!error.ok()) return error;
  return out;
}

// Attaches index.db as schema "ix" with the connection's read settings.
absl::Status AttachIndex(Connection& connection, const std::string& path) {
  {
    CATALOG_ASSIGN_OR_RETURN(Statement attach, connection.Prepare("ATTACH DATABASE ? AS ix"));
    CATALOG_RETURN_IF_ERROR(attach.BindText(1, path).Run());
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

// The share of documents that contain each of a query's `phrases`, for
// readout_rank's IDFs: a phrase with fewer than kShareSample matches is
// counted; otherwise its newest kShareSample matches and the span of row ids
// (creating revisions) they cover give its density. Empty when the query has
// one phrase (the IDF is then a common factor of every score), too many, or
// none that this reads; ranking then weighs phrases alike.
absl::StatusOr<std::vector<double>> PhraseShares(
    Connection& reader, const std::optional<std::vector<QueryPhrase>>& phrases) {
  if (!phrases || phrases->size() < 2 || phrases->size() > kMaxRankedPhrases) {
    return std::vector<double>();
  }
  int64_t newest = 0;
  {
    CATALOG_ASSIGN_OR_RETURN(Statement stmt, reader.Prepare("SELECT max(rowid) FROM ix.docs"));
    CATALOG_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (row) newest = stmt.Int(0);
  }
  if (newest <= 0) return std::vector<double>();
  const std::string probe_sql = absl::StrCat(
      "SELECT rowid FROM fts WHERE fts MATCH ? ORDER BY rowid DESC LIMIT ", kShareSample);
  std::vector<double> shares;
  for (const QueryPhrase& phrase : *phrases) {
    CATALOG_ASSIGN_OR_RETURN(Statement probe, reader.Prepare(probe_sql));
    probe.BindText(1, phrase.query);
    int matches = 0;
    int64_t oldest = newest;
    while (true) {
      absl::StatusOr<bool> row = probe.Step();
      if (!row.ok()) return std::vector<double>();  // The query itself reports it.
      if (!*row) break;
      ++matches;
      oldest = probe.Int(0);
    }
    const double share =
        matches < kShareSample
            ? static_cast<double>(matches) / static_cast<double>(newest)
            : static_cast<double>(matches) / static_cast<double>(newest - oldest + 1);
    shares.push_back(share);
  }
  return shares;
}

}  // namespace

// A document's rows, built on the caller's thread (Create) so the writer
// thread, the one serial resource, only binds and steps statements.
struct SqliteStore::PreparedDocument {
  std::string blob;         // Serialized extraction.
  std::string title, text;  // For search.
  std::string title_lc;
  int64_t published = 0;
  int64_t event_date = 0;
  struct Person {
    std::string key, name, name_lc;
  };
  std::vector<Person> persons;
  struct Position {
    std::string key, title, title_lc;
  };
  std::vector<Position> positions;
  std::set<std::string> orgs;
  struct Event {
    int64_t type = 0, date = 0;
    std::string name, location, location_lc;
    std::vector<std::pair<std::string, int64_t>> participants;  // (key, role)
  };
  std::vector<Event> events;
};

SqliteStore::PreparedDocument SqliteStore::Prepare(const v1::Extraction& x) {
  PreparedDocument d;
  d.blob = x.SerializeAsString();
  d.title = x.document().title();
  d.text = x.document().text();
  d.title_lc = LowerAscii(d.title);
  d.published = DateKey(x.document().published_date());
  d.event_date = x.events_size() > 0 ? DateKey(x.events(0).date()) : 0;
  // People named in the document (from people[] and from participants).
  std::map<std::string, std::string> persons;
  for (const v1::Person& person : x.people()) {
    std::string key = PersonKey(person.name());
    if (!key.empty()) persons.emplace(key, person.name());
  }
  for (const v1::Event& event : x.events()) {
    for (const v1::Participant& p : event.participants()) {
      std::string key = PersonKey(p.person_name());
      if (!key.empty()) persons.emplace(key, p.person_name());
    }
  }
  for (auto& [key, name] : persons) {
    d.persons.push_back({key, name, LowerAscii(name)});
  }
  for (const v1::Organization& org : x.organizations()) {
    if (!org.name().empty()) d.orgs.insert(LowerAscii(org.name()));
  }
  for (const v1::Person& person : x.people()) {
    std::string key = PersonKey(person.name());
    if (key.empty()) continue;
    for (const v1::Position& position : person.positions()) {
      if (!position.organization().empty()) d.orgs.insert(LowerAscii(position.organization()));
      if (position.title().empty()) continue;
      d.positions.push_back({key, position.title(), LowerAscii(position.title())});
    }
  }
  for (const v1::Event& event : x.events()) {
    PreparedDocument::Event& e = d.events.emplace_back();
    e.type = event.type();
    e.date = DateKey(event.date());
    e.name = event.name();
    e.location = event.location().name();
    e.location_lc = LowerAscii(e.location);
    for (const v1::Participant& p : event.participants()) {
      std::string key = PersonKey(p.person_name());
      if (!key.empty()) e.participants.emplace_back(std::move(key), p.role());
    }
  }
  return d;
}

// One committed change for the query index: a created document's rows, or
// a deleted document's row id.
struct SqliteStore::IndexTask {
  int64_t revision = 0;
  int64_t row_id = 0;
  bool is_delete = false;
  PreparedDocument rows;  // Creates only (blob cleared).
};

struct SqliteStore::WriteOp {
  bool is_delete = false;
  std::vector<NewDocument> documents;
  std::vector<PreparedDocument> prepared;  // One per document.
  std::string request_id;
  DeleteRequest delete_request;
  CreateCallback create_done;
  DeleteCallback delete_done;
  absl::StatusOr<v1::BatchCreateDocumentsResponse> create_result;
  absl::Status delete_result;
  // What this op changed, queued for the index once its commit is durable.
  std::vector<std::unique_ptr<IndexTask>> index_tasks;
};

// A read connection borrowed from the pool; rolls back an open read
// transaction and returns the connection when destroyed.
class SqliteStore::ReaderLease {
 public:
  ReaderLease(SqliteStore* store, std::unique_ptr<Connection> connection)
      : store_(store), connection_(std::move(connection)) {}
  ~ReaderLease() {
    if (sqlite3_get_autocommit(connection_->handle()) == 0) {
      connection_->Exec("ROLLBACK").IgnoreError();
    }
    store_->ReleaseReader(std::move(connection_));
  }
  Connection* operator->() { return connection_.get(); }
  Connection* get() { return connection_.get(); }

 private:
  SqliteStore* store_;
  std::unique_ptr<Connection> connection_;
};

#define CATALOG_LEASE_READER(lease)                                 \
  auto lease##_connection = AcquireReader();                        \
  if (!lease##_connection.ok()) return lease##_connection.status(); \
  ReaderLease lease(this, std::move(*lease##_connection))

SqliteStore::SqliteStore(SqliteStoreOptions options) : options_(std::move(options)) {}

absl::StatusOr<std::unique_ptr<SqliteStore>> SqliteStore::Open(SqliteStoreOptions options) {
  if (options.data_dir.empty()) {
    return absl::InvalidArgumentError("the catalog needs a data directory");
  }
  if (!options.now_micros) {
    options.now_micros = [] { return absl::ToUnixMicros(absl::Now()); };
  }
  if (options.history_limit < 1) options.history_limit = 1;
  if (options.max_batch < 1) options.max_batch = 1;
  if (options.index_batch < 1) options.index_batch = 1;
  if (options.max_index_lag < options.index_batch) options.max_index_lag = options.index_batch;
  std::unique_ptr<SqliteStore> store(new SqliteStore(std::move(options)));
  CATALOG_RETURN_IF_ERROR(store->Init());
  // From here on the writer writes catalog.db only and the indexer index.db
  // only, each on its own connection, so neither waits for the other's lock.
  CATALOG_RETURN_IF_ERROR(store->writer_->Exec("DETACH DATABASE ix"));
  CATALOG_ASSIGN_OR_RETURN(store->indexer_, Connection::Open(store->path_));
  CATALOG_RETURN_IF_ERROR(store->AttachIndexForWriting(*store->indexer_));
  if (store->options_.background_checkpoint) {
    // As the writer's: checkpoints (and their fsyncs) stay off this thread.
    CATALOG_RETURN_IF_ERROR(store->indexer_->Exec("PRAGMA wal_autocheckpoint = 16384"));
  }
  CATALOG_RETURN_IF_ERROR(store->indexer_->Exec(absl::StrCat("PRAGMA ix.", kWalSizeLimit)));
  store->writer_thread_ = std::thread([s = store.get()] {
    pthread_setname_np(pthread_self(), "catalog-writer");
    s->WriterLoop();
  });
  store->indexer_thread_ = std::thread([s = store.get()] {
    pthread_setname_np(pthread_self(), "catalog-indexer");
    s->IndexerLoop();
  });
  if (store->options_.background_checkpoint) {
    CATALOG_ASSIGN_OR_RETURN(store->checkpointer_, Connection::Open(store->path_));
    CATALOG_RETURN_IF_ERROR(AttachIndex(*store->checkpointer_, store->index_path_));
    store->checkpoint_thread_ = std::thread([s = store.get()] {
      pthread_setname_np(pthread_self(), "catalog-ckpt");
      s->CheckpointLoop();
    });
  }
  return store;
}

absl::Status SqliteStore::Init() {
  std::error_code ec;
  std::filesystem::create_directories(options_.data_dir, ec);
  if (ec) {
    return MakeError(
        absl::StatusCode::kUnavailable, "STORAGE_UNAVAILABLE",
        absl::StrCat("cannot create data directory ", options_.data_dir, ": ", ec.message()));
  }
  path_ = (std::filesystem::path(options_.data_dir) / "catalog.db").string();
  index_path_ = (std::filesystem::path(options_.data_dir) / "index.db").string();
  CATALOG_ASSIGN_OR_RETURN(writer_, Connection::Open(path_));
  if (options_.background_checkpoint) {
    // The checkpoint thread keeps the WAL short; past this size (a stalled
    // checkpointer) the writer checkpoints itself.
    CATALOG_RETURN_IF_ERROR(writer_->Exec("PRAGMA wal_autocheckpoint = 16384"));
  }
  // A WAL that one big transaction (a migration, a large batch) grew is cut
  // back to this size once checkpointed, instead of keeping its peak size.
  CATALOG_RETURN_IF_ERROR(writer_->Exec(absl::StrCat("PRAGMA main.", kWalSizeLimit)));
  CATALOG_RETURN_IF_ERROR(writer_->Exec(
      absl::StrCat("PRAGMA cache_size = -", std::max(1, options_.writer_cache_mib) * 1024)));
  // Index pages the writer visits are read through the mapping instead of a
  // pread() copy each (writes still go through the WAL).
  CATALOG_RETURN_IF_ERROR(writer_->Exec("PRAGMA mmap_size = 17179869184"));

  int64_t version = 0;
  {
    CATALOG_ASSIGN_OR_RETURN(Statement stmt, writer_->Prepare("PRAGMA user_version"));
    CATALOG_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (row) version = stmt.Int(0);
  }
  const int64_t latest = sizeof(kMigrations) / sizeof(kMigrations[0]);
  if (version > latest) {
    return absl::FailedPreconditionError(absl::StrCat(path_, " has schema version ", version,
                                                      ", newer than this binary's ", latest));
  }
  if (version < latest) {
    // A migration may rewrite whole tables through the WAL: checkpoint it as
    // soon as the checkpoint thread starts, not after the next writes.
    absl::MutexLock lock(&checkpoint_mu_);
    commits_since_checkpoint_ = options_.checkpoint_every_commits;
  }
  for (int64_t v = version; v < latest; ++v) {
    CATALOG_RETURN_IF_ERROR(writer_->Exec("BEGIN IMMEDIATE"));
    absl::Status status = writer_->Exec(kMigrations[v]);
    if (status.ok()) status = writer_->Exec(absl::StrCat("PRAGMA user_version = ", v + 1));
    if (status.ok()) status = writer_->Exec("COMMIT");
    if (!status.ok()) {
      writer_->Exec("ROLLBACK").IgnoreError();
      return status;
    }
  }

  // Meta values: the token secret (created once), revision, compacted.
  std::map<std::string, std::string> meta;
  {
    CATALOG_ASSIGN_OR_RETURN(Statement stmt, writer_->Prepare("SELECT key, value FROM meta"));
    while (true) {
      CATALOG_ASSIGN_OR_RETURN(bool row, stmt.Step());
      if (!row) break;
      meta[std::string(stmt.Text(0))] = std::string(stmt.Blob(1));
    }
  }
  if (meta.count("token_secret") == 0) {
    unsigned char secret[32];
    if (RAND_bytes(secret, sizeof(secret)) != 1) {
      return absl::InternalError("cannot generate the page token secret");
    }
    meta["token_secret"] = std::string(reinterpret_cast<char*>(secret), sizeof(secret));
    CATALOG_ASSIGN_OR_RETURN(
        Statement stmt, writer_->Prepare("INSERT INTO meta(key, value) VALUES('token_secret', ?)"));
    stmt.BindBlob(1, meta["token_secret"]);
    CATALOG_RETURN_IF_ERROR(stmt.Run());
  }
  token_secret_ = meta["token_secret"];
  auto meta_int = [&](const char* key) -> int64_t {
    auto it = meta.find(key);
    return it == meta.end() ? 0 : std::strtoll(it->second.c_str(), nullptr, 10);
  };
  revision_ = meta_int("revision");
  committed_revision_ = revision_;
  compacted_revision_ = meta_int("compacted");
  return OpenIndex();
}

absl::Status SqliteStore::AttachIndexForWriting(Connection& connection) {
  CATALOG_RETURN_IF_ERROR(AttachIndex(connection, index_path_));
  // The index is never fsynced at commit: it is rebuilt or replayed from
  // catalog.db, which is.
  return connection.Exec(absl::StrCat("PRAGMA ix.synchronous = NORMAL; PRAGMA ix.cache_size = -",
                                      std::max(1, options_.writer_cache_mib) * 1024));
}

absl::Status SqliteStore::OpenIndex() {
  CATALOG_RETURN_IF_ERROR(AttachIndexForWriting(*writer_));
  auto query_int = [&](const std::string& sql, int64_t* value) -> absl::Status {
    CATALOG_ASSIGN_OR_RETURN(Statement stmt, writer_->Prepare(sql));
    CATALOG_ASSIGN_OR_RETURN(bool row, stmt.Step());
    *value = row && !stmt.IsNull(0) ? stmt.Int(0) : -1;
    return absl::OkStatus();
  };
  int64_t version = 0;
  CATALOG_RETURN_IF_ERROR(query_int("PRAGMA ix.user_version", &version));
  int64_t indexed = -1;
  if (version == kIndexVersion) {
    CATALOG_RETURN_IF_ERROR(
        query_int("SELECT value FROM ix.state WHERE key = 'indexed_revision'", &indexed));
  }
  if (indexed >= 0 && indexed <= revision_) {
    // Replay the changes the index missed, when the log still has them all
    // with their rows (changes from before schema 5 do not name rows).
    int64_t unreplayable = 0;
    CATALOG_RETURN_IF_ERROR(query_int(absl::StrCat("SELECT count(*) FROM changes WHERE revision > ",
                                                   indexed, " AND doc_row IS NULL"),
                                      &unreplayable));
    if (indexed >= compacted_revision_.load() && unreplayable == 0) {
      CATALOG_RETURN_IF_ERROR(ReplayIndex(*writer_, indexed, revision_));
      PublishIndexed(revision_);
      return absl::OkStatus();
    }
  }
  // A new layout, filled by the indexer thread while the store serves.
  CATALOG_RETURN_IF_ERROR(ResetIndex());
  int64_t stored = 0;
  CATALOG_RETURN_IF_ERROR(query_int("SELECT count(*) FROM documents", &stored));
  if (stored == 0) {  // Nothing to fill.
    CATALOG_RETURN_IF_ERROR(ApplyIndexTasks(*writer_, {}, revision_));
    PublishIndexed(revision_);
    return absl::OkStatus();
  }
  absl::MutexLock lock(&index_mu_);
  rebuild_ = RebuildState{true, revision_, 0, stored, 0};
  compact_floor_.store(revision_);  // The replay after the rebuild needs the log.
  return absl::OkStatus();
}

absl::Status SqliteStore::ResetIndex() {
  CATALOG_RETURN_IF_ERROR(writer_->Exec("DETACH DATABASE ix"));
  CATALOG_RETURN_IF_ERROR(RemoveIndexFiles(index_path_));
  CATALOG_RETURN_IF_ERROR(AttachIndexForWriting(*writer_));
  CATALOG_RETURN_IF_ERROR(writer_->Exec("BEGIN IMMEDIATE"));
  absl::Status status = writer_->Exec(kIndexSchema);
  if (status.ok()) status = writer_->Exec(absl::StrCat("PRAGMA ix.user_version = ", kIndexVersion));
  if (status.ok()) status = writer_->Exec("COMMIT");
  if (!status.ok()) writer_->Exec("ROLLBACK").IgnoreError();
  return status;
}

absl::StatusOr<std::unique_ptr<SqliteStore::IndexTask>> SqliteStore::TaskFromBody(
    int64_t row_id, absl::string_view body) {
  v1::Extraction x;
  if (!x.ParseFromArray(body.data(), static_cast<int>(body.size()))) {
    return MakeError(absl::StatusCode::kDataLoss, "STORAGE_CORRUPT",
                     absl::StrCat("stored extraction in row ", row_id, " does not parse"));
  }
  auto task = std::make_unique<IndexTask>();
  task->row_id = row_id;
  task->rows = Prepare(x);
  task->rows.blob.clear();
  return task;
}

bool SqliteStore::RunRebuild() {
  int64_t target = 0, after = 0;
  {
    absl::MutexLock lock(&index_mu_);
    if (!rebuild_.active) return true;
    target = rebuild_.target;
  }
  // Every document up to the target revision, in row order and chunks of
  // their own transactions (retried on failure); the target is recorded
  // with the last chunk. Documents written meanwhile have higher row ids
  // (row id = creating revision) and reach the index by the replay below.
  constexpr int kChunk = 2000;
  bool filled = false;
  while (!filled) {
    {
      absl::MutexLock lock(&index_mu_);
      if (index_stopping_) return false;  // The next open starts over.
    }
    std::vector<std::unique_ptr<IndexTask>> chunk;
    absl::Status status;
    {
      absl::StatusOr<Statement> stmt = indexer_->Prepare(
          "SELECT d.rowid, b.extraction FROM documents d JOIN bodies b ON b.rowid = d.rowid "
          "WHERE d.rowid > ? AND d.rowid <= ? ORDER BY d.rowid LIMIT ?");
      status = stmt.status();
      if (status.ok()) stmt->Bind(1, after).Bind(2, target).Bind(3, kChunk);
      while (status.ok()) {
        absl::StatusOr<bool> row = stmt->Step();
        status = row.status();
        if (!status.ok() || !*row) break;
        absl::StatusOr<std::unique_ptr<IndexTask>> task = TaskFromBody(stmt->Int(0), stmt->Blob(1));
        status = task.status();
        if (status.ok()) chunk.push_back(*std::move(task));
      }
    }
    const bool last = static_cast<int>(chunk.size()) < kChunk;
    if (status.ok()) {
      std::vector<const IndexTask*> tasks;
      for (const auto& task : chunk) tasks.push_back(task.get());
      status = ApplyIndexTasks(*indexer_, tasks, last ? target : -1);
    }
    if (!status.ok()) {
      if (options_.index_error) options_.index_error(status);
      absl::MutexLock lock(&index_mu_);
      index_mu_.AwaitWithTimeout(absl::Condition(&index_stopping_), absl::Seconds(1));
      continue;
    }
    if (!chunk.empty()) after = chunk.back()->row_id;
    int64_t done = 0, total = 0;
    {
      absl::MutexLock lock(&index_mu_);
      done = rebuild_.done += static_cast<int64_t>(chunk.size());
      total = rebuild_.total;
    }
    // (An empty last chunk, when the count divides evenly, reports nothing new.)
    if (options_.rebuild_progress && !chunk.empty()) options_.rebuild_progress(done, total);
    filled = last;
  }
  // From here the writer queues its changes; those it committed during the
  // rebuild (up to `to`) are replayed from the change log.
  int64_t to = 0;
  {
    absl::MutexLock lock(&index_mu_);
    rebuild_.active = false;
    to = std::max(target, rebuild_.last_unqueued);
  }
  while (true) {
    absl::Status status = ReplayIndex(*indexer_, target, to);
    if (status.ok()) break;
    if (options_.index_error) options_.index_error(status);
    absl::MutexLock lock(&index_mu_);
    if (index_mu_.AwaitWithTimeout(absl::Condition(&index_stopping_), absl::Seconds(1))) {
      return false;
    }
  }
  compact_floor_.store(std::numeric_limits<int64_t>::max());
  PublishIndexed(to);
  return true;
}

absl::Status SqliteStore::ReplayIndex(Connection& connection, int64_t from, int64_t to) {
  // Changes in (from, to]; a create whose document is gone or was replaced
  // since is skipped: a later change covers it.
  std::vector<std::unique_ptr<IndexTask>> replay;
  {
    CATALOG_ASSIGN_OR_RETURN(
        Statement stmt,
        connection.Prepare("SELECT c.revision, c.type, c.doc_row, b.extraction FROM changes c "
                           "LEFT JOIN documents d ON c.type = 1 AND d.rowid = c.doc_row AND "
                           "d.revision = c.revision LEFT JOIN bodies b ON b.rowid = d.rowid "
                           "WHERE c.revision > ? AND c.revision <= ? ORDER BY c.revision"));
    stmt.Bind(1, from).Bind(2, to);
    while (true) {
      CATALOG_ASSIGN_OR_RETURN(bool row, stmt.Step());
      if (!row) break;
      std::unique_ptr<IndexTask> task;
      if (stmt.Int(1) == 1) {
        if (stmt.IsNull(3)) continue;
        CATALOG_ASSIGN_OR_RETURN(task, TaskFromBody(stmt.Int(2), stmt.Blob(3)));
      } else {
        task = std::make_unique<IndexTask>();
        task->row_id = stmt.Int(2);
        task->is_delete = true;
      }
      task->revision = stmt.Int(0);
      replay.push_back(std::move(task));
    }
  }
  for (size_t i = 0; i < replay.size(); i += options_.index_batch) {
    std::vector<const IndexTask*> tasks;
    for (size_t j = i; j < std::min(replay.size(), i + options_.index_batch); ++j) {
      tasks.push_back(replay[j].get());
    }
    CATALOG_RETURN_IF_ERROR(ApplyIndexTasks(connection, tasks, tasks.back()->revision));
  }
  // Skipped creates and no-op tails: the index reflects every revision.
  if (from < to) CATALOG_RETURN_IF_ERROR(ApplyIndexTasks(connection, {}, to));
  return absl::OkStatus();
}

SqliteStore::~SqliteStore() {
  {
    // The indexer indexes what is queued at once, and exits once the writer
    // has committed its last batch and that is indexed too.
    absl::MutexLock lock(&index_mu_);
    index_stopping_ = true;
  }
  {
    absl::MutexLock lock(&queue_mu_);
    stopping_ = true;
  }
  if (writer_thread_.joinable()) writer_thread_.join();
  if (indexer_thread_.joinable()) indexer_thread_.join();
  {
    absl::MutexLock lock(&checkpoint_mu_);
    checkpoint_stopping_ = true;
  }
  if (checkpoint_thread_.joinable()) checkpoint_thread_.join();
}

// ---------------------------------------------------------------- writes

void SqliteStore::Create(std::vector<NewDocument> documents, std::string request_id,
                         CreateCallback done) {
  auto op = std::make_unique<WriteOp>();
  op->documents = std::move(documents);
  op->prepared.reserve(op->documents.size());
  for (const NewDocument& doc : op->documents) op->prepared.push_back(Prepare(doc.extraction));
  op->request_id = std::move(request_id);
  op->create_done = std::move(done);
  Enqueue(std::move(op));
}

void SqliteStore::Delete(DeleteRequest request, DeleteCallback done) {
  auto op = std::make_unique<WriteOp>();
  op->is_delete = true;
  op->delete_request = std::move(request);
  op->delete_done = std::move(done);
  Enqueue(std::move(op));
}

void SqliteStore::Enqueue(std::unique_ptr<WriteOp> op) {
  {
    absl::MutexLock lock(&queue_mu_);
    if (!stopping_) {
      queue_.push_back(std::move(op));
      return;
    }
  }
  absl::Status closed = MakeError(absl::StatusCode::kUnavailable, "STORAGE_UNAVAILABLE",
                                  "the catalog store is closing");
  if (op->is_delete) {
    if (op->delete_done) op->delete_done(closed);
  } else if (op->create_done) {
    op->create_done(closed);
  }
}

void SqliteStore::WriterLoop() {
  while (true) {
    std::vector<std::unique_ptr<WriteOp>> batch;
    {
      absl::MutexLock lock(&queue_mu_);
      queue_mu_.Await(absl::Condition(
          +[](SqliteStore* s) ABSL_EXCLUSIVE_LOCKS_REQUIRED(s->queue_mu_) {
            return s->stopping_ || !s->queue_.empty();
          },
          this));
      if (queue_.empty()) {  // Stopping and drained.
        absl::MutexLock index_lock(&index_mu_);
        writer_done_ = true;
        return;
      }
      // Group commit: under concurrency (the last batch held several
      // requests), give a few more writers a short window to join this
      // transaction and its fsync.
      std::pair<SqliteStore*, size_t> wait_arg{
          this, std::min<size_t>(last_batch_size_ + 1, options_.max_batch)};
      if (options_.group_commit_window_us > 0 && last_batch_size_ > 1 &&
          queue_.size() < wait_arg.second) {
        queue_mu_.AwaitWithTimeout(absl::Condition(
                                       +[](std::pair<SqliteStore*, size_t>* arg)
                                            ABSL_EXCLUSIVE_LOCKS_REQUIRED(arg->first->queue_mu_) {
                                              return arg->first->stopping_ ||
                                                     arg->first->queue_.size() >= arg->second;
                                            },
                                       &wait_arg),
                                   absl::Microseconds(options_.group_commit_window_us));
      }
      while (!queue_.empty() && static_cast<int>(batch.size()) < options_.max_batch) {
        batch.push_back(std::move(queue_.front()));
        queue_.pop_front();
      }
    }
    last_batch_size_ = batch.size();
    CommitBatch(batch);
    // Past max_index_lag, the index catches up before more writes commit
    // (bounds how long an index read may wait).
    absl::MutexLock lock(&index_mu_);
    index_mu_.Await(absl::Condition(
        +[](SqliteStore* s) ABSL_EXCLUSIVE_LOCKS_REQUIRED(s->index_mu_) {
          return s->index_stopped_ ||
                 s->index_queue_.size() < static_cast<size_t>(s->options_.max_index_lag);
        },
        this));
  }
}

void SqliteStore::IndexerLoop() {
  if (!RunRebuild()) {  // Closing mid-rebuild.
    absl::MutexLock lock(&index_mu_);
    index_stopped_ = true;
    return;
  }
  ReportIndexHealth();
  absl::Time retry_after = absl::InfinitePast();
  while (true) {
    std::vector<const IndexTask*> tasks;
    {
      absl::MutexLock lock(&index_mu_);
      index_mu_.Await(absl::Condition(
          +[](SqliteStore* s) ABSL_EXCLUSIVE_LOCKS_REQUIRED(s->index_mu_) {
            return !s->index_queue_.empty() || (s->index_stopping_ && s->writer_done_);
          },
          this));
      if (index_queue_.empty()) return;  // Closing, and every commit is indexed.
      if (absl::Now() < retry_after) {
        // After a failed index write: its retry time, whoever is waiting.
        index_mu_.AwaitWithDeadline(absl::Condition(&index_stopping_), retry_after);
        if (absl::Now() < retry_after) {
          // Failing while closing: the next open replays the change log.
          index_stopped_ = true;
          return;
        }
      }
      // Committed changes wait to be indexed together: until a read needs
      // them, index_batch are queued, the oldest has waited index_delay_ms,
      // or the store closes.
      index_mu_.AwaitWithDeadline(
          absl::Condition(
              +[](SqliteStore* s) ABSL_EXCLUSIVE_LOCKS_REQUIRED(s->index_mu_) {
                return s->index_stopping_ || s->index_readers_ > 0 ||
                       s->index_queue_.size() >= static_cast<size_t>(s->options_.index_batch);
              },
              this),
          index_queue_since_ + absl::Milliseconds(options_.index_delay_ms));
      for (const auto& task : index_queue_) {
        if (static_cast<int>(tasks.size()) == options_.index_batch) break;
        tasks.push_back(task.get());
      }
    }
    // The tasks stay queued (owned by the queue) until they are applied;
    // only this thread removes tasks.
    const int64_t revision = tasks.back()->revision;
    absl::Status status =
        options_.index_write_fault ? options_.index_write_fault() : absl::OkStatus();
    if (status.ok()) status = ApplyIndexTasks(*indexer_, tasks, revision);
    if (!status.ok()) {
      // Kept for a retry; index reads wait (and time out) meanwhile.
      retry_after = absl::Now() + absl::Seconds(1);
      if (options_.index_error) options_.index_error(status);
      {
        absl::MutexLock lock(&index_mu_);
        index_failing_ = true;
      }
      ReportIndexHealth();
      continue;
    }
    if (retry_after != absl::InfinitePast()) {
      {
        absl::MutexLock lock(&index_mu_);
        index_failing_ = false;
      }
      ReportIndexHealth();
    }
    retry_after = absl::InfinitePast();
    std::vector<std::unique_ptr<IndexTask>> done;  // Freed outside the lock.
    {
      absl::MutexLock lock(&index_mu_);
      for (size_t i = 0; i < tasks.size(); ++i) {
        done.push_back(std::move(index_queue_.front()));
        index_queue_.pop_front();
      }
      index_queue_since_ = absl::Now();  // The rest (if any) waited long enough.
      indexed_revision_ = std::max(indexed_revision_, revision);
    }
    if (options_.background_checkpoint) {
      absl::MutexLock lock(&checkpoint_mu_);
      ++commits_since_checkpoint_;
    }
  }
}

absl::Status SqliteStore::ApplyIndexTasks(Connection& connection,
                                          const std::vector<const IndexTask*>& tasks,
                                          int64_t revision) {
  // Deferred: the transaction write-locks index.db alone, never catalog.db.
  CATALOG_RETURN_IF_ERROR(connection.Exec("BEGIN"));
  absl::Status status;
  for (const IndexTask* task : tasks) {
    status = task->is_delete ? UnindexDocument(connection, task->row_id)
                             : IndexDocument(connection, task->row_id, task->rows);
    if (!status.ok()) break;
  }
  if (status.ok() && revision >= 0) {
    absl::StatusOr<Statement> stmt = connection.Prepare(
        "INSERT OR REPLACE INTO ix.state(key, value) VALUES('indexed_revision', ?)");
    status = stmt.status();
    if (status.ok()) status = stmt->Bind(1, revision).Run();
  }
  if (status.ok()) status = connection.Exec("COMMIT");
  if (!status.ok()) connection.Exec("ROLLBACK").IgnoreError();
  return status;
}

void SqliteStore::SetIndexHealthListener(std::function<void(bool serving)> listener) {
  bool serving;
  {
    absl::MutexLock lock(&index_mu_);
    serving = !rebuild_.active && !index_failing_;
  }
  absl::MutexLock lock(&health_mu_);
  health_listener_ = std::move(listener);
  health_reported_ = serving;
  if (health_listener_) health_listener_(serving);
}

void SqliteStore::ReportIndexHealth() {
  bool serving;
  {
    absl::MutexLock lock(&index_mu_);
    serving = !rebuild_.active && !index_failing_;
  }
  absl::MutexLock lock(&health_mu_);
  if (serving == health_reported_) return;
  health_reported_ = serving;
  if (health_listener_) health_listener_(serving);
}

void SqliteStore::PublishIndexed(int64_t revision) {
  absl::MutexLock lock(&index_mu_);
  indexed_revision_ = std::max(indexed_revision_, revision);
}

int64_t SqliteStore::IndexedRevision() {
  absl::MutexLock lock(&index_mu_);
  return indexed_revision_;
}

absl::Status SqliteStore::WaitForIndex() {
  struct Target {
    SqliteStore* store;
    int64_t revision;
  } target{this, committed_revision_.load()};
  absl::MutexLock lock(&index_mu_);
  if (indexed_revision_ >= target.revision) return absl::OkStatus();
  if (rebuild_.active) {  // Minutes at a million documents: do not wait.
    return MakeError(absl::StatusCode::kUnavailable, "INDEX_BEHIND",
                     absl::StrCat("the query index is being rebuilt (", rebuild_.done, " of ",
                                  rebuild_.total, " documents); retry later"));
  }
  ++index_readers_;  // Wakes the indexer to index now.
  const bool caught_up = index_mu_.AwaitWithTimeout(
      absl::Condition(
          +[](Target* t) ABSL_EXCLUSIVE_LOCKS_REQUIRED(t->store->index_mu_) {
            return t->store->indexed_revision_ >= t->revision;
          },
          &target),
      absl::Milliseconds(options_.index_wait_ms));
  --index_readers_;
  if (caught_up) return absl::OkStatus();
  return MakeError(absl::StatusCode::kUnavailable, "INDEX_BEHIND",
                   absl::StrCat("the query index is at revision ", indexed_revision_,
                                " and has not caught up with revision ", target.revision,
                                " within ", options_.index_wait_ms, " ms; retry later"));
}

void SqliteStore::CommitBatch(std::vector<std::unique_ptr<WriteOp>>& batch) {
  const int64_t start_revision = revision_;
  const int64_t now = options_.now_micros();
  absl::Status status = writer_->Exec("BEGIN IMMEDIATE");
  if (status.ok()) {
    for (auto& op : batch) {
      int64_t before = revision_;
      absl::Status op_status = writer_->Exec("SAVEPOINT op");
      if (op_status.ok()) op_status = op->is_delete ? ApplyDelete(*op, now) : ApplyCreate(*op, now);
      if (!op_status.ok()) {
        writer_->Exec("ROLLBACK TO op").IgnoreError();
        revision_ = before;
        op->index_tasks.clear();
        if (op->is_delete) {
          op->delete_result = op_status;
        } else {
          op->create_result = op_status;
        }
      }
      writer_->Exec("RELEASE op").IgnoreError();
    }
    if (revision_ != start_revision) {
      absl::StatusOr<Statement> stmt =
          writer_->Prepare("INSERT OR REPLACE INTO meta(key, value) VALUES('revision', ?)");
      status = stmt.status();
      if (status.ok()) status = stmt->BindText(1, absl::StrCat(revision_)).Run();
      if (status.ok()) status = Compact();
    }
    if (status.ok()) status = writer_->Exec("COMMIT");
    if (!status.ok()) writer_->Exec("ROLLBACK").IgnoreError();
  }
  if (!status.ok()) {
    revision_ = start_revision;
    for (auto& op : batch) {
      op->create_result = status;
      op->delete_result = status;
    }
  } else if (revision_ != start_revision) {
    // Queued for the indexer before the revision is published, so a read
    // that waits for this revision finds its changes queued. While the index
    // is rebuilt, the rebuild replays them from the change log instead.
    absl::MutexLock lock(&index_mu_);
    if (rebuild_.active) {
      rebuild_.last_unqueued = revision_;
      for (auto& op : batch) op->index_tasks.clear();
    }
    for (auto& op : batch) {
      for (auto& task : op->index_tasks) {
        if (index_queue_.empty()) index_queue_since_ = absl::Now();
        index_queue_.push_back(std::move(task));
      }
    }
  }
  committed_revision_.store(revision_);
  if (options_.background_checkpoint && revision_ != start_revision) {
    absl::MutexLock lock(&checkpoint_mu_);
    ++commits_since_checkpoint_;
  }
  for (auto& op : batch) {
    if (op->is_delete) {
      if (op->delete_done) op->delete_done(op->delete_result);
    } else if (op->create_done) {
      op->create_done(std::move(op->create_result));
    }
  }
  if (revision_ != start_revision) {
    absl::MutexLock lock(&listeners_mu_);
    for (auto& [handle, listener] : listeners_) listener(revision_);
  }
}

void SqliteStore::CheckpointLoop() {
  // Copies committed WAL frames into the database off the writer's path
  // (PASSIVE: never blocks the writer or readers). Durability does not depend
  // on it: a commit is durable once its WAL frames are synced.
  while (true) {
    bool stopping;
    {
      absl::MutexLock lock(&checkpoint_mu_);
      checkpoint_mu_.AwaitWithTimeout(
          absl::Condition(
              +[](SqliteStore* s) ABSL_EXCLUSIVE_LOCKS_REQUIRED(s->checkpoint_mu_) {
                return s->checkpoint_stopping_ ||
                       s->commits_since_checkpoint_ >= s->options_.checkpoint_every_commits;
              },
              this),
          absl::Milliseconds(200));
      stopping = checkpoint_stopping_;
      if (commits_since_checkpoint_ == 0 && !stopping) continue;
      commits_since_checkpoint_ = 0;
    }
    checkpointer_->Exec("PRAGMA wal_checkpoint(PASSIVE)").IgnoreError();
    if (stopping) return;
  }
}

absl::Status SqliteStore::Compact() {
  // Request ids are remembered for kRequestIdTtlMicros (checked now and then).
  if (++batches_since_request_cleanup_ >= 1024) {
    batches_since_request_cleanup_ = 0;
    CATALOG_ASSIGN_OR_RETURN(Statement stmt,
                             writer_->Prepare("DELETE FROM requests WHERE create_us < ?"));
    CATALOG_RETURN_IF_ERROR(stmt.Bind(1, options_.now_micros() - kRequestIdTtlMicros).Run());
  }
  // Never past the revision an index rebuild will replay from.
  int64_t target = std::min(revision_ - options_.history_limit, compact_floor_.load());
  if (target <= compacted_revision_.load()) return absl::OkStatus();
  {
    CATALOG_ASSIGN_OR_RETURN(Statement stmt,
                             writer_->Prepare("DELETE FROM changes WHERE revision <= ?"));
    CATALOG_RETURN_IF_ERROR(stmt.Bind(1, target).Run());
  }
  {
    CATALOG_ASSIGN_OR_RETURN(
        Statement stmt,
        writer_->Prepare("INSERT OR REPLACE INTO meta(key, value) VALUES('compacted', ?)"));
    CATALOG_RETURN_IF_ERROR(stmt.BindText(1, absl::StrCat(target)).Run());
  }
  // Published after COMMIT would be exact; publishing early only makes
  // readers refuse revisions that are about to go, which is safe.
  compacted_revision_.store(target);
  return absl::OkStatus();
}

absl::Status SqliteStore::ApplyCreate(WriteOp& op, int64_t now) {
  if (!op.request_id.empty()) {
    CATALOG_ASSIGN_OR_RETURN(Statement stmt,
                             writer_->Prepare("SELECT response FROM requests WHERE id = ?"));
    stmt.BindText(1, op.request_id);
    CATALOG_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (row) {
      v1::BatchCreateDocumentsResponse response;
      absl::string_view blob = stmt.Blob(0);
      if (!response.ParseFromArray(blob.data(), static_cast<int>(blob.size()))) {
        return absl::DataLossError("stored response of a request id does not parse");
      }
      op.create_result = std::move(response);
      return absl::OkStatus();
    }
  }
  v1::BatchCreateDocumentsResponse response;
  for (size_t i = 0; i < op.documents.size(); ++i) {
    bool created = false;
    CATALOG_ASSIGN_OR_RETURN(
        v1::CatalogDocument stored,
        InsertDocument(op.documents[i], op.prepared[i], now, &created, &op.index_tasks));
    v1::CreateDocumentResponse* item = response.add_responses();
    *item->mutable_document() = std::move(stored);
    item->set_created(created);
  }
  if (!op.request_id.empty()) {
    CATALOG_ASSIGN_OR_RETURN(
        Statement stmt,
        writer_->Prepare("INSERT INTO requests(id, response, create_us) VALUES(?, ?, ?)"));
    CATALOG_RETURN_IF_ERROR(stmt.BindText(1, op.request_id)
                                .BindBlob(2, response.SerializeAsString())
                                .Bind(3, now)
                                .Run());
  }
  op.create_result = std::move(response);
  return absl::OkStatus();
}

absl::StatusOr<v1::CatalogDocument> SqliteStore::InsertDocument(
    const NewDocument& doc, PreparedDocument& rows, int64_t now, bool* created,
    std::vector<std::unique_ptr<IndexTask>>* index_tasks) {
  {
    CATALOG_ASSIGN_OR_RETURN(
        Statement stmt, writer_->Prepare(absl::StrCat("SELECT ", kDocumentColumns, kDocumentFrom,
                                                      " WHERE d.id = ?")));
    stmt.BindText(1, doc.id);
    CATALOG_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (row) {
      *created = false;
      return DocumentFromRow(stmt, 0);
    }
  }
  *created = true;
  const v1::Extraction& x = doc.extraction;
  const int64_t revision = ++revision_;
  // The row id is the creating revision: above every earlier row id (each
  // took a revision of its own), so a deleted document's row id is never
  // given to another. The index, which names documents by row and may be a
  // few commits behind, thus never points at a different document.
  const int64_t row_id = revision;
  {
    CATALOG_ASSIGN_OR_RETURN(
        Statement stmt, writer_->Prepare("INSERT INTO documents(rowid, id, revision, create_us) "
                                         "VALUES(?, ?, ?, ?)"));
    CATALOG_RETURN_IF_ERROR(
        stmt.Bind(1, row_id).BindText(2, doc.id).Bind(3, revision).Bind(4, now).Run());
  }
  {
    CATALOG_ASSIGN_OR_RETURN(
        Statement stmt, writer_->Prepare("INSERT INTO bodies(rowid, extraction) VALUES(?, ?)"));
    CATALOG_RETURN_IF_ERROR(stmt.Bind(1, row_id).BindBlob(2, rows.blob).Run());
  }
  CATALOG_ASSIGN_OR_RETURN(
      IndexTask * task, LogChange(revision, doc.id, row_id, now, /*is_delete=*/false, index_tasks));
  task->rows = std::move(rows);  // The op's copy is not read again.
  task->rows.blob.clear();
  v1::CatalogDocument stored;
  *stored.mutable_extraction() = x;
  FillDocument(doc.id, revision, now, &stored);
  return stored;
}

absl::StatusOr<SqliteStore::IndexTask*> SqliteStore::LogChange(
    int64_t revision, const std::string& doc_id, int64_t row_id, int64_t now, bool is_delete,
    std::vector<std::unique_ptr<IndexTask>>* index_tasks) {
  CATALOG_ASSIGN_OR_RETURN(
      Statement stmt,
      writer_->Prepare("INSERT INTO changes(revision, type, doc_id, commit_us, doc_row) "
                       "VALUES(?, ?, ?, ?, ?)"));
  CATALOG_RETURN_IF_ERROR(stmt.Bind(1, revision)
                              .Bind(2, is_delete ? 2 : 1)
                              .BindText(3, doc_id)
                              .Bind(4, now)
                              .Bind(5, row_id)
                              .Run());
  auto task = std::make_unique<IndexTask>();
  task->revision = revision;
  task->row_id = row_id;
  task->is_delete = is_delete;
  index_tasks->push_back(std::move(task));
  return index_tasks->back().get();
}

absl::Status SqliteStore::IndexDocument(Connection& connection, int64_t row_id,
                                        const PreparedDocument& rows) {
  {
    CATALOG_ASSIGN_OR_RETURN(
        Statement stmt,
        connection.Prepare("INSERT INTO ix.docs(rowid, published, event_date, title_lc) "
                           "VALUES(?, ?, ?, ?)"));
    CATALOG_RETURN_IF_ERROR(stmt.Bind(1, row_id)
                                .Bind(2, rows.published)
                                .Bind(3, rows.event_date)
                                .BindText(4, rows.title_lc)
                                .Run());
  }
  {
    CATALOG_ASSIGN_OR_RETURN(
        Statement stmt,
        connection.Prepare("INSERT INTO ix.fts(rowid, title, body) VALUES(?, ?, ?)"));
    CATALOG_RETURN_IF_ERROR(
        stmt.Bind(1, row_id).BindText(2, rows.title).BindText(3, rows.text).Run());
  }
  {
    CATALOG_ASSIGN_OR_RETURN(
        Statement stmt,
        connection.Prepare("INSERT OR IGNORE INTO ix.persons(key, doc, name, name_lc, event_date) "
                           "VALUES(?, ?, ?, ?, ?)"));
    for (const auto& person : rows.persons) {
      CATALOG_RETURN_IF_ERROR(stmt.BindText(1, person.key)
                                  .Bind(2, row_id)
                                  .BindText(3, person.name)
                                  .BindText(4, person.name_lc)
                                  .Bind(5, rows.event_date)
                                  .Run());
    }
  }
  {
    CATALOG_ASSIGN_OR_RETURN(
        Statement stmt,
        connection.Prepare(
            "INSERT INTO ix.positions(doc, key, title, title_lc) VALUES(?, ?, ?, ?)"));
    CATALOG_ASSIGN_OR_RETURN(
        Statement title_stmt,
        connection.Prepare("INSERT OR IGNORE INTO ix.position_titles(title_lc) VALUES(?)"));
    for (const auto& position : rows.positions) {
      CATALOG_RETURN_IF_ERROR(stmt.Bind(1, row_id)
                                  .BindText(2, position.key)
                                  .BindText(3, position.title)
                                  .BindText(4, position.title_lc)
                                  .Run());
      CATALOG_RETURN_IF_ERROR(title_stmt.BindText(1, position.title_lc).Run());
    }
  }
  {
    CATALOG_ASSIGN_OR_RETURN(
        Statement stmt,
        connection.Prepare(
            "INSERT OR IGNORE INTO ix.orgs(name_lc, doc, event_date) VALUES(?, ?, ?)"));
    for (const std::string& org : rows.orgs) {
      CATALOG_RETURN_IF_ERROR(stmt.BindText(1, org).Bind(2, row_id).Bind(3, rows.event_date).Run());
    }
  }
  CATALOG_ASSIGN_OR_RETURN(
      Statement event_stmt,
      connection.Prepare("INSERT INTO ix.events(doc, idx, type, date, name, location, location_lc) "
                         "VALUES(?, ?, ?, ?, ?, ?, ?)"));
  CATALOG_ASSIGN_OR_RETURN(
      Statement participant_stmt,
      connection.Prepare(
          "INSERT INTO ix.participants(doc, event_idx, key, role) VALUES(?, ?, ?, ?)"));
  for (size_t i = 0; i < rows.events.size(); ++i) {
    const PreparedDocument::Event& event = rows.events[i];
    const int64_t idx = static_cast<int64_t>(i);
    CATALOG_RETURN_IF_ERROR(event_stmt.Bind(1, row_id)
                                .Bind(2, idx)
                                .Bind(3, event.type)
                                .Bind(4, event.date)
                                .BindText(5, event.name)
                                .BindText(6, event.location)
                                .BindText(7, event.location_lc)
                                .Run());
    for (const auto& [key, role] : event.participants) {
      CATALOG_RETURN_IF_ERROR(
          participant_stmt.Bind(1, row_id).Bind(2, idx).BindText(3, key).Bind(4, role).Run());
    }
  }
  return absl::OkStatus();
}

absl::Status SqliteStore::UnindexDocument(Connection& connection, int64_t row_id) {
  for (const char* sql :
       {"DELETE FROM ix.persons WHERE doc = ?", "DELETE FROM ix.positions WHERE doc = ?",
        "DELETE FROM ix.orgs WHERE doc = ?", "DELETE FROM ix.events WHERE doc = ?",
        "DELETE FROM ix.participants WHERE doc = ?", "DELETE FROM ix.fts WHERE rowid = ?",
        "DELETE FROM ix.docs WHERE rowid = ?"}) {
    CATALOG_ASSIGN_OR_RETURN(Statement stmt, connection.Prepare(sql));
    CATALOG_RETURN_IF_ERROR(stmt.Bind(1, row_id).Run());
  }
  return absl::OkStatus();
}

absl::Status SqliteStore::ApplyDelete(WriteOp& op, int64_t now) {
  const DeleteRequest& request = op.delete_request;
  int64_t row_id = 0;
  int64_t revision = 0;
  {
    CATALOG_ASSIGN_OR_RETURN(
        Statement stmt, writer_->Prepare("SELECT rowid, revision FROM documents WHERE id = ?"));
    stmt.BindText(1, request.id);
    CATALOG_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) {
      if (request.allow_missing) {
        op.delete_result = absl::OkStatus();
        return absl::OkStatus();
      }
      return NotFound("DOCUMENT_NOT_FOUND",
                      absl::StrCat("document ", DocumentName(request.id), " does not exist"));
    }
    row_id = stmt.Int(0);
    revision = stmt.Int(1);
  }
  if (!request.etag.empty() && request.etag != Etag(revision)) {
    return MakeError(absl::StatusCode::kAborted, "ETAG_MISMATCH",
                     absl::StrCat("etag ", request.etag, " does not match the current etag ",
                                  Etag(revision), " of ", DocumentName(request.id)));
  }
  for (const char* sql :
       {"DELETE FROM bodies WHERE rowid = ?", "DELETE FROM documents WHERE rowid = ?"}) {
    CATALOG_ASSIGN_OR_RETURN(Statement stmt, writer_->Prepare(sql));
    CATALOG_RETURN_IF_ERROR(stmt.Bind(1, row_id).Run());
  }
  CATALOG_RETURN_IF_ERROR(
      LogChange(++revision_, request.id, row_id, now, /*is_delete=*/true, &op.index_tasks)
          .status());
  op.delete_result = absl::OkStatus();
  return absl::OkStatus();
}

// ----------------------------------------------------------------- reads

absl::StatusOr<std::unique_ptr<Connection>> SqliteStore::AcquireReader() {
  {
    absl::MutexLock lock(&readers_mu_);
    if (!idle_readers_.empty()) {
      std::unique_ptr<Connection> connection = std::move(idle_readers_.back());
      idle_readers_.pop_back();
      return connection;
    }
  }
  CATALOG_ASSIGN_OR_RETURN(std::unique_ptr<Connection> connection, Connection::Open(path_));
  // Reads map the database file (WAL frames are still read with pread):
  // an index walk or a driven lookup that misses the page cache costs a
  // memory access instead of a system call and a copy. Writes never use the
  // mapping; durability is unchanged.
  CATALOG_RETURN_IF_ERROR(AttachIndex(*connection, index_path_));
  CATALOG_RETURN_IF_ERROR(
      connection->Exec("PRAGMA query_only = 1; PRAGMA mmap_size = 17179869184"));
  CATALOG_RETURN_IF_ERROR(RegisterRankFunction(connection->handle()));
  return connection;
}

void SqliteStore::ReleaseReader(std::unique_ptr<Connection> connection) {
  absl::MutexLock lock(&readers_mu_);
  if (static_cast<int>(idle_readers_.size()) < options_.max_idle_readers) {
    idle_readers_.push_back(std::move(connection));
  }
}

absl::StatusOr<v1::CatalogDocument> SqliteStore::GetDocument(absl::string_view id) {
  CATALOG_LEASE_READER(reader);
  CATALOG_ASSIGN_OR_RETURN(
      Statement stmt,
      reader->Prepare(absl::StrCat("SELECT ", kDocumentColumns, kDocumentFrom, " WHERE d.id = ?")));
  stmt.BindText(1, id);
  CATALOG_ASSIGN_OR_RETURN(bool row, stmt.Step());
  if (!row) {
    return NotFound("DOCUMENT_NOT_FOUND",
                    absl::StrCat("document ", DocumentName(id), " does not exist"));
  }
  return DocumentFromRow(stmt, 0);
}

absl::StatusOr<DocumentPage> SqliteStore::ListDocuments(const DocumentQuery& query) {
  const char* dir = query.descending ? "DESC" : "ASC";
  CATALOG_RETURN_IF_ERROR(WaitForIndex());
  CATALOG_LEASE_READER(reader);
  CATALOG_RETURN_IF_ERROR(reader->Exec("BEGIN"));
  // Phase 1 selects row ids only (cheap to sort), phase 2 loads the page.
  // A filter that requires one person or organization, listed by event
  // date, walks its rows of ix.persons or ix.orgs, whose key is (name,
  // event_date, doc), in the listing's order and stops at the page's end,
  // instead of collecting and sorting all of its documents.
  std::optional<DrivenFilter> driven;
  if (query.filter != nullptr && query.order == DocumentOrder::kEventDate) {
    driven = SplitDrivingRestriction(*query.filter);
  }
  std::string sort, row_id;  // The sort key and row id, as SQL.
  std::string sql;
  SqlCondition filter;
  if (driven.has_value()) {
    sort = "s.event_date";
    row_id = "s.doc";
    // NOT INDEXED: the table's own key, never the (doc) index.
    sql = absl::StrCat("SELECT s.doc, s.event_date FROM ix.", driven->table,
                       " s NOT INDEXED JOIN ix.docs d ON d.rowid = s.doc WHERE s.", driven->column,
                       " = ?");
    filter.args.push_back(driven->value);
    if (driven->rest.has_value()) {
      CATALOG_ASSIGN_OR_RETURN(SqlCondition rest, FilterToSql(*reader.get(), *driven->rest));
      absl::StrAppend(&sql, " AND ", rest.sql);
      filter.args.insert(filter.args.end(), rest.args.begin(), rest.args.end());
    }
  } else {
    sort = query.order == DocumentOrder::kEventDate       ? "d.event_date"
           : query.order == DocumentOrder::kPublishedDate ? "d.published"
                                                          : "d.rowid";
    row_id = "d.rowid";
    sql = absl::StrCat("SELECT d.rowid, ", sort, " FROM ix.docs d WHERE 1");
    if (query.filter != nullptr) {
      CATALOG_ASSIGN_OR_RETURN(filter, FilterToSql(*reader.get(), *query.filter));
      absl::StrAppend(&sql, " AND ", filter.sql);
    }
  }
  if (query.has_cursor) {
    absl::StrAppend(&sql, " AND (", sort, ", ", row_id, ") ", query.descending ? "<" : ">",
                    " (?, ?)");
  }
  absl::StrAppend(&sql, " ORDER BY ", sort, " ", dir, ", ", row_id, " ", dir, " LIMIT ?");
  DocumentPage page;
  std::vector<std::pair<int64_t, int64_t>> rows;  // (row id, sort key)
  {
    CATALOG_ASSIGN_OR_RETURN(Statement stmt, reader->Prepare(sql));
    stmt.BindAll(1, filter.args);
    int next = static_cast<int>(filter.args.size()) + 1;
    if (query.has_cursor) {
      stmt.Bind(next++, query.after_key);
      stmt.Bind(next++, query.after_row);
    }
    stmt.Bind(next, query.limit + 1);
    while (true) {
      CATALOG_ASSIGN_OR_RETURN(bool row, stmt.Step());
      if (!row) break;
      if (static_cast<int>(rows.size()) == query.limit) {
        page.more = true;
        break;
      }
      rows.emplace_back(stmt.Int(0), stmt.Int(1));
    }
  }
  size_t bytes = 0;
  for (size_t i = 0; i < rows.size(); ++i) {
    if (i > 0 && bytes >= query.max_bytes) {  // A shorter page (AIP-158 allows it).
      page.more = true;
      break;
    }
    absl::StatusOr<v1::CatalogDocument> doc = LoadDocument(*reader.get(), rows[i].first);
    // Deleted after this read's index snapshot: not part of the page.
    if (absl::IsNotFound(doc.status())) continue;
    if (!doc.ok()) return doc.status();
    bytes += doc->ByteSizeLong();
    page.documents.push_back(*std::move(doc));
    page.last_row = rows[i].first;
    page.last_key = rows[i].second;
  }
  return page;
}

absl::StatusOr<SearchPage> SqliteStore::SearchDocuments(const SearchQuery& query) {
  CATALOG_RETURN_IF_ERROR(WaitForIndex());
  CATALOG_LEASE_READER(reader);
  CATALOG_RETURN_IF_ERROR(reader->Exec("BEGIN"));
  // Phase 1 ranks row ids only; phase 2 loads each hit and its snippet.
  // BM25 is computed for the newest kRankCandidates matches only (FTS5
  // returns matches in rowid order without ranking them), so a common word
  // costs the same at 1M documents as at 10k.
  const std::optional<std::vector<QueryPhrase>> phrases = QueryPhrases(query.query);
  CATALOG_ASSIGN_OR_RETURN(std::vector<double> shares, PhraseShares(*reader.get(), phrases));
  std::string sql =
      "SELECT rowid, score FROM (SELECT fts.rowid AS rowid, readout_rank(fts, 4.0, 1.0";
  for (size_t i = 0; i < shares.size(); ++i) sql += ", ?";
  sql += ") AS score FROM fts";
  SqlCondition filter;
  if (query.filter != nullptr) {
    CATALOG_ASSIGN_OR_RETURN(filter, FilterToSql(*reader.get(), *query.filter));
    absl::StrAppend(&sql, " JOIN ix.docs d ON d.rowid = fts.rowid WHERE fts MATCH ? AND ",
                    filter.sql);
  } else {
    sql += " WHERE fts MATCH ?";
  }
  absl::StrAppend(&sql, " ORDER BY fts.rowid DESC LIMIT ?) ORDER BY score, rowid LIMIT ? OFFSET ?");
  SearchPage page;
  std::vector<std::pair<int64_t, double>> hits;
  {
    CATALOG_ASSIGN_OR_RETURN(Statement stmt, reader->Prepare(sql));
    int next = 1;
    for (double share : shares) stmt.BindDouble(next++, share);
    stmt.BindText(next++, query.query);
    stmt.BindAll(next, filter.args);
    next += static_cast<int>(filter.args.size());
    stmt.Bind(next, std::max<int64_t>(kRankCandidates, int64_t{query.offset} + query.limit + 1));
    stmt.Bind(next + 1, query.limit + 1);
    stmt.Bind(next + 2, query.offset);
    while (true) {
      absl::StatusOr<bool> row = stmt.Step();
      if (!row.ok()) {
        if (row.status().code() == absl::StatusCode::kInternal) {
          return InvalidArgument(
              "INVALID_QUERY",
              absl::StrCat("query \"", query.query.substr(0, 200),
                           "\" is not a valid full-text query (words, \"phrases\", AND, OR, "
                           "NOT, prefix*): ",
                           sqlite3_errmsg(reader->handle())));
        }
        return row.status();
      }
      if (!*row) break;
      if (static_cast<int>(hits.size()) == query.limit) {
        page.more = true;
        break;
      }
      hits.emplace_back(stmt.Int(0), -stmt.Double(1));
    }
  }
  size_t bytes = 0;
  // Snippets from the loaded texts (see fts_search.h); a query the scanner
  // does not read gets unmarked snippets.
  CATALOG_ASSIGN_OR_RETURN(std::unique_ptr<SearchTokenizer> tokenizer,
                           SearchTokenizer::Open(reader->handle()));
  const SnippetMaker snippets(*tokenizer, phrases.value_or(std::vector<QueryPhrase>()));
  for (const auto& [row_id, score] : hits) {
    if (!page.results.empty() && bytes >= query.max_bytes) {
      page.more = true;
      break;
    }
    v1::SearchResult result;
    absl::StatusOr<v1::CatalogDocument> doc = LoadDocument(*reader.get(), row_id);
    if (absl::IsNotFound(doc.status())) continue;  // Deleted since the index snapshot.
    if (!doc.ok()) return doc.status();
    const v1::Document& text = doc->extraction().document();
    result.set_snippet(snippets.Make(text.title(), text.text()));
    *result.mutable_document() = *std::move(doc);
    result.set_score(score);
    bytes += result.ByteSizeLong();
    page.results.push_back(std::move(result));
  }
  return page;
}

absl::StatusOr<PeoplePage> SqliteStore::ListPeople(const PeopleQuery& query) {
  std::string sql = "SELECT p.key, MAX(p.doc), p.name, COUNT(*) FROM persons p WHERE p.key > ?";
  SqlCondition filter;
  if (query.filter != nullptr) {
    filter = PeopleFilterToSql(*query.filter);
    absl::StrAppend(&sql, " AND ", filter.sql);
  }
  sql += " GROUP BY p.key ORDER BY p.key LIMIT ?";
  CATALOG_RETURN_IF_ERROR(WaitForIndex());
  CATALOG_LEASE_READER(reader);
  CATALOG_RETURN_IF_ERROR(reader->Exec("BEGIN"));
  CATALOG_ASSIGN_OR_RETURN(Statement stmt, reader->Prepare(sql));
  stmt.BindText(1, query.after_key);
  stmt.BindAll(2, filter.args);
  stmt.Bind(static_cast<int>(filter.args.size()) + 2, query.limit + 1);
  PeoplePage page;
  while (true) {
    CATALOG_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) break;
    if (static_cast<int>(page.people.size()) == query.limit) {
      page.more = true;
      break;
    }
    v1::CatalogPerson person;
    person.set_name(PersonName(stmt.Text(0)));
    person.set_display_name(std::string(stmt.Text(2)));
    person.set_document_count(static_cast<int32_t>(stmt.Int(3)));
    {
      CATALOG_ASSIGN_OR_RETURN(Statement titles,
                               reader->Prepare("SELECT DISTINCT title FROM positions "
                                               "WHERE key = ? ORDER BY title LIMIT 100"));
      titles.BindText(1, stmt.Text(0));
      while (true) {
        CATALOG_ASSIGN_OR_RETURN(bool title_row, titles.Step());
        if (!title_row) break;
        person.add_titles(std::string(titles.Text(0)));
      }
    }
    page.people.push_back(std::move(person));
  }
  return page;
}

absl::StatusOr<v1::CatalogPerson> SqliteStore::GetPerson(absl::string_view key) {
  CATALOG_RETURN_IF_ERROR(WaitForIndex());
  CATALOG_LEASE_READER(reader);
  CATALOG_RETURN_IF_ERROR(reader->Exec("BEGIN"));
  v1::CatalogPerson person;
  {
    CATALOG_ASSIGN_OR_RETURN(
        Statement stmt,
        reader->Prepare("SELECT MAX(p.doc), p.name, COUNT(*) FROM persons p WHERE p.key = ?"));
    stmt.BindText(1, key);
    CATALOG_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row || stmt.Int(2) == 0) {
      return NotFound("PERSON_NOT_FOUND",
                      absl::StrCat("no stored document names ", PersonName(key)));
    }
    person.set_name(PersonName(key));
    person.set_display_name(std::string(stmt.Text(1)));
    person.set_document_count(static_cast<int32_t>(stmt.Int(2)));
  }
  std::map<int64_t, std::vector<std::string>> titles_by_doc;
  {
    CATALOG_ASSIGN_OR_RETURN(Statement stmt,
                             reader->Prepare("SELECT doc, title FROM positions WHERE key = ?"));
    stmt.BindText(1, key);
    std::set<std::string> all_titles;
    while (true) {
      CATALOG_ASSIGN_OR_RETURN(bool row, stmt.Step());
      if (!row) break;
      std::string title(stmt.Text(1));
      titles_by_doc[stmt.Int(0)].push_back(title);
      all_titles.insert(title);
    }
    for (const std::string& title : all_titles) person.add_titles(title);
  }
  {
    CATALOG_ASSIGN_OR_RETURN(
        Statement stmt,
        reader->Prepare(
            "SELECT d.id, pa.event_idx, pa.role, e.type, e.date, e.name, e.location, pa.doc, "
            "(SELECT name FROM persons INDEXED BY persons_doc WHERE doc = pa.doc AND key = pa.key) "
            "FROM participants pa JOIN events e ON e.doc = pa.doc AND e.idx = pa.event_idx "
            "JOIN documents d ON d.rowid = pa.doc WHERE pa.key = ? "
            "ORDER BY e.date, pa.doc, pa.event_idx LIMIT 10000"));
    stmt.BindText(1, key);
    while (true) {
      CATALOG_ASSIGN_OR_RETURN(bool row, stmt.Step());
      if (!row) break;
      v1::TimelineEntry* entry = person.add_timeline();
      entry->set_document(DocumentName(stmt.Text(0)));
      entry->set_event_index(static_cast<int32_t>(stmt.Int(1)));
      entry->set_role(static_cast<v1::ParticipantRole>(stmt.Int(2)));
      entry->set_event_type(static_cast<v1::EventType>(stmt.Int(3)));
      if (stmt.Int(4) != 0) DateFromKey(stmt.Int(4), entry->mutable_date());
      entry->set_event_name(std::string(stmt.Text(5)));
      entry->set_location(std::string(stmt.Text(6)));
      entry->set_person_name(std::string(stmt.Text(8)));
      auto it = titles_by_doc.find(stmt.Int(7));
      if (it != titles_by_doc.end()) {
        for (const std::string& title : it->second) entry->add_titles(title);
      }
    }
  }
  return person;
}

absl::StatusOr<ChangeBatch> SqliteStore::ReadChanges(int64_t from, int limit) {
  auto compacted_error = [&] {
    return MakeError(
        absl::StatusCode::kFailedPrecondition, "REVISION_COMPACTED",
        absl::StrCat("revision ", from, " has been compacted; the oldest revision kept is ",
                     compacted_revision_.load() + 1,
                     " (re-read the documents, then watch from the current "
                     "revision)"));
  };
  if (from <= compacted_revision_.load()) return compacted_error();
  ChangeBatch batch;
  batch.current_revision = committed_revision_.load();
  CATALOG_LEASE_READER(reader);
  CATALOG_ASSIGN_OR_RETURN(
      Statement stmt,
      reader->Prepare(absl::StrCat(
          "SELECT c.revision, c.type, c.doc_id, c.commit_us, ", kDocumentColumns,
          " FROM changes c LEFT JOIN documents d ON c.type = 1 AND d.id = c.doc_id AND "
          "d.revision = c.revision LEFT JOIN bodies b ON b.rowid = d.rowid "
          "WHERE c.revision >= ? ORDER BY c.revision LIMIT ?")));
  stmt.Bind(1, from).Bind(2, limit);
  while (true) {
    CATALOG_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) break;
    v1::DocumentChange change;
    change.set_revision(stmt.Int(0));
    change.set_type(static_cast<v1::ChangeType>(stmt.Int(1)));
    change.set_name(DocumentName(stmt.Text(2)));
    SetTimestamp(stmt.Int(3), change.mutable_commit_time());
    if (!stmt.IsNull(4)) {
      CATALOG_ASSIGN_OR_RETURN(*change.mutable_document(), DocumentFromRow(stmt, 4));
    }
    batch.changes.push_back(std::move(change));
  }
  if ((!batch.changes.empty() && batch.changes.front().revision() != from) ||
      (batch.changes.empty() && from <= batch.current_revision)) {
    return compacted_error();
  }
  if (!batch.changes.empty()) {
    batch.current_revision = std::max(batch.current_revision, batch.changes.back().revision());
  }
  return batch;
}

int64_t SqliteStore::AddCommitListener(CommitListener listener) {
  absl::MutexLock lock(&listeners_mu_);
  int64_t handle = next_listener_++;
  listeners_.emplace(handle, std::move(listener));
  return handle;
}

void SqliteStore::RemoveCommitListener(int64_t handle) {
  absl::MutexLock lock(&listeners_mu_);
  listeners_.erase(handle);
}

}  // namespace readout::catalog
