// PostgresStore (see postgres_store.h): schema, pool, writers, change
// listener and the read queries.
#include "catalog-service/store/postgres/postgres_store.h"

#include <poll.h>

#include <algorithm>
#include <limits>
#include <map>
#include <optional>
#include <set>
#include <tuple>
#include <unordered_map>
#include <utility>

#include "absl/cleanup/cleanup.h"
#include "absl/random/distributions.h"
#include "absl/random/random.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "catalog-service/errors.h"
#include "catalog-service/query/names.h"
#include "catalog-service/query/search_query.h"
#include "catalog-service/store/call_deadline.h"
#include "catalog-service/store/index_rows.h"
#include "catalog-service/store/request_ids.h"
#include "catalog-service/store/sql_filter.h"
#include "catalog-service/store/stored_document.h"
#include "google/protobuf/timestamp.pb.h"
#include "openssl/rand.h"

namespace readout::catalog {
namespace {

using pg::Param;

// Schema versions; entry i migrates version i to i + 1. Append only. Text
// columns compare bytewise (COLLATE "C"), as SQLite's do, so orders and
// page tokens agree on both stores.
const char* const kMigrations[] = {
    R"sql(
CREATE TABLE meta(key text COLLATE "C" PRIMARY KEY, value bytea NOT NULL);
CREATE TABLE revision_counter(only_row boolean PRIMARY KEY DEFAULT true CHECK (only_row),
                              revision bigint NOT NULL, compacted bigint NOT NULL);
INSERT INTO revision_counter(revision, compacted) VALUES (0, 0);
CREATE TABLE docs(rowid bigint PRIMARY KEY, id text COLLATE "C" NOT NULL UNIQUE,
                  revision bigint NOT NULL, create_us bigint NOT NULL,
                  published bigint NOT NULL, event_date bigint NOT NULL,
                  title_lc text COLLATE "C" NOT NULL, extraction bytea NOT NULL,
                  search tsvector NOT NULL);
CREATE INDEX docs_event_date ON docs(event_date, rowid);
CREATE INDEX docs_published ON docs(published, rowid);
CREATE INDEX docs_search ON docs USING gin(search);
CREATE TABLE persons(key text COLLATE "C" NOT NULL, event_date bigint NOT NULL,
                     doc bigint NOT NULL REFERENCES docs(rowid) ON DELETE CASCADE,
                     name text NOT NULL, name_lc text COLLATE "C" NOT NULL,
                     PRIMARY KEY(key, event_date, doc));
CREATE INDEX persons_doc ON persons(doc);
CREATE TABLE positions(doc bigint NOT NULL REFERENCES docs(rowid) ON DELETE CASCADE,
                       key text COLLATE "C" NOT NULL, title text COLLATE "C" NOT NULL,
                       title_lc text COLLATE "C" NOT NULL);
CREATE INDEX positions_title ON positions(title_lc, doc);
CREATE INDEX positions_key ON positions(key, doc);
CREATE INDEX positions_doc ON positions(doc);
CREATE TABLE position_titles(title_lc text COLLATE "C" PRIMARY KEY);
CREATE TABLE orgs(name_lc text COLLATE "C" NOT NULL, event_date bigint NOT NULL,
                  doc bigint NOT NULL REFERENCES docs(rowid) ON DELETE CASCADE,
                  PRIMARY KEY(name_lc, event_date, doc));
CREATE INDEX orgs_doc ON orgs(doc);
CREATE TABLE events(doc bigint NOT NULL REFERENCES docs(rowid) ON DELETE CASCADE,
                    idx bigint NOT NULL, type bigint NOT NULL, date bigint NOT NULL,
                    name text NOT NULL, location text NOT NULL,
                    location_lc text COLLATE "C" NOT NULL, PRIMARY KEY(doc, idx));
CREATE INDEX events_type ON events(type, doc);
CREATE INDEX events_location ON events(location_lc, doc);
CREATE TABLE participants(doc bigint NOT NULL REFERENCES docs(rowid) ON DELETE CASCADE,
                          event_idx bigint NOT NULL, key text COLLATE "C" NOT NULL,
                          role bigint NOT NULL);
CREATE INDEX participants_key ON participants(key, role, doc);
CREATE INDEX participants_role ON participants(role, doc);
CREATE INDEX participants_doc_role ON participants(doc, role, key);
CREATE TABLE changes(revision bigint PRIMARY KEY, type bigint NOT NULL,
                     doc_id text COLLATE "C" NOT NULL, commit_us bigint NOT NULL,
                     doc_row bigint NOT NULL);
CREATE TABLE requests(id text COLLATE "C" PRIMARY KEY, response bytea NOT NULL,
                      create_us bigint NOT NULL);
CREATE INDEX requests_time ON requests(create_us);
)sql",
    // Version 2: each document's filter keys (FilterKeysOf in sql_filter.h)
    // on its own row, GIN-indexed, so that an exact filter is checked on the
    // row a listing reads anyway, or answered from one index, instead of
    // probing a side table per document. Existing documents get theirs from
    // the side tables, in the order and form the writer uses. Every row
    // moves, so the search index is built again after the update rather
    // than given each row's few hundred words anew (hours at 1M).
    R"sql(
SET LOCAL maintenance_work_mem = '256MB';
DROP INDEX docs_search;
ALTER TABLE docs ADD COLUMN filter_keys text[] COLLATE "C" NOT NULL DEFAULT '{}';
UPDATE docs d SET filter_keys = ARRAY(SELECT DISTINCT k COLLATE "C" FROM (
    SELECT 'person:' || key AS k FROM persons WHERE doc = d.rowid
    UNION ALL SELECT 'title:' || title_lc FROM positions WHERE doc = d.rowid
    UNION ALL SELECT 'organization:' || name_lc FROM orgs WHERE doc = d.rowid
    UNION ALL SELECT 'event_type:' || type FROM events WHERE doc = d.rowid
    UNION ALL SELECT 'location:' || location_lc FROM events WHERE doc = d.rowid
    UNION ALL SELECT 'participant:' || key FROM participants WHERE doc = d.rowid
    UNION ALL SELECT 'participant.' || role || ':' || key FROM participants WHERE doc = d.rowid
    UNION ALL SELECT 'role:' || role FROM participants WHERE doc = d.rowid) x ORDER BY 1);
CREATE INDEX docs_search ON docs USING gin(search);
CREATE INDEX docs_filter_keys ON docs USING gin(filter_keys);
ANALYZE docs;
)sql",
    // Version 3: event_type and role restrictions are always exact, so
    // filter_keys answers them; their side-table indexes only cost writes.
    R"sql(
DROP INDEX events_type;
DROP INDEX participants_role;
)sql",
    // Version 4: searches and filtered listings find their newest matches
    // without testing row after row (ADR 0048).
    // - The tsvector moves to its own narrow table, kept in the row (STORAGE
    //   MAIN; on the wide docs row it lived out of line, ~15 us to fetch
    //   for each row tested), with one more lexeme, the row's window
    //   (SearchWindowLexeme: '#w' and rowid / kSearchWindowRows, which no
    //   word of a text or a query can be), so that the GIN index answers
    //   "the matches among the newest windows" (SearchDocumentsOn).
    // - A listing by event date with a filter tests each document's
    //   filter_keys while walking the date index; the index now carries them
    //   (INCLUDE), so the walk reads index pages only (ListDocumentsOn).
    R"sql(
SET LOCAL maintenance_work_mem = '256MB';
CREATE TABLE search_rows(rowid bigint PRIMARY KEY REFERENCES docs(rowid) ON DELETE CASCADE,
                         search tsvector NOT NULL);
ALTER TABLE search_rows ALTER COLUMN search SET STORAGE MAIN;
INSERT INTO search_rows(rowid, search)
    SELECT rowid, search || array_to_tsvector(ARRAY['#w' || (rowid / 1024)]) FROM docs
    ORDER BY rowid;
ALTER TABLE docs DROP COLUMN search;
CREATE INDEX search_rows_search ON search_rows USING gin(search);
CREATE INDEX docs_event_date_keys ON docs(event_date, rowid) INCLUDE (filter_keys);
DROP INDEX docs_event_date;
ANALYZE search_rows;
)sql",
    // Version 5: a create writes its document and index rows before it
    // takes the revision counter's lock, and sets the revision on its row
    // last, under the lock (ADR 0046). Row ids come from a sequence,
    // starting above every row id given so far (the revisions, until now);
    // pages of docs written from now on are filled to half, so that the
    // revision's update finds room on the row's own page (a HOT update, no
    // index touched). Neither rewrites a row: milliseconds at 1M documents.
    R"sql(
CREATE SEQUENCE docs_rowid_seq AS bigint;
SELECT setval('docs_rowid_seq', greatest((SELECT max(rowid) FROM docs),
                                         (SELECT revision FROM revision_counter), 0) + 1, false);
ALTER TABLE docs SET (fillfactor = 50);
)sql",
    // Version 6: a create that finds the revision counter locked commits
    // its rows as pending (revision 0, listed here), its commit's flush
    // shared with the other writers' (group commit), and whichever writer
    // holds the counter next numbers every pending document at once (ADR
    // 0052). Reads skip pending documents.
    R"sql(
CREATE TABLE pending_docs(rowid bigint PRIMARY KEY REFERENCES docs(rowid) ON DELETE CASCADE);
)sql",
    // Version 7: a create with a request id commits pending too (ADR
    // 0057). Its request is reserved in the same transaction: the response
    // with revision 0 for each new document, and `doc_rows`, the row id
    // of the document of each response item that is new (0 for the
    // others); the request id is listed in pending_requests. The numbering
    // statement fills `revisions` (one per item, 0 where doc_rows is 0).
    // A request stored complete has no doc_rows. Nullable columns: no row
    // is rewritten.
    R"sql(
ALTER TABLE requests ADD COLUMN doc_rows bigint[], ADD COLUMN revisions bigint[];
CREATE TABLE pending_requests(id text COLLATE "C" PRIMARY KEY);
)sql",
    // Version 8: a delete finds a document's side rows from the keys its
    // row lists (filter_keys: person, title, organization, participant
    // with role; events by their primary key) through the key-led indexes
    // the reads use anyway (DeleteDocumentSql), and no read probes a side
    // table by document any more (a broad inexact filter tests the row's
    // filter_keys instead; the numbering takes new titles from them too).
    // The btrees over the side tables' `doc` column and the foreign keys,
    // checked on every inserted side row, only cost creates (ADR 0068).
    // Dropping either rewrites nothing: milliseconds at 1M documents.
    R"sql(
ALTER TABLE persons DROP CONSTRAINT persons_doc_fkey;
ALTER TABLE positions DROP CONSTRAINT positions_doc_fkey;
ALTER TABLE orgs DROP CONSTRAINT orgs_doc_fkey;
ALTER TABLE events DROP CONSTRAINT events_doc_fkey;
ALTER TABLE participants DROP CONSTRAINT participants_doc_fkey;
ALTER TABLE search_rows DROP CONSTRAINT search_rows_rowid_fkey;
ALTER TABLE pending_docs DROP CONSTRAINT pending_docs_rowid_fkey;
DROP INDEX persons_doc;
DROP INDEX positions_doc;
DROP INDEX orgs_doc;
DROP INDEX participants_doc_role;
)sql",
};

// Write transactions run without JIT compilation: the generic plan of the
// numbering statement (a dozen CTEs) is costed above jit_above_cost, and
// compiling it took hundreds of milliseconds on every run, with the
// counter's lock held, for a statement that runs in one.
// Write transactions also plan their statements once per connection (a
// generic plan: the plans are the same for any group, index lookups by id
// and row id; PostgreSQL would otherwise plan some of them again for each
// set of parameters) and join by index only. Each statement of a write
// touches a handful of rows found by their keys, but the planner costs the
// pending rows from the statistics of pending_docs, a table of a few live
// rows and many dead ones: once it read thousands, the numbering statement
// hash-joined the whole of docs (a sequential scan of 100k rows, half a
// second, with the counter's lock held and every writer waiting; ADR 0055).
// Nor do they read a table whole where an index serves: generic plans are made
// once, and a new catalog filled in large batches made them while docs
// was empty, where reading the table beats its index; the lookup of a
// batch's ids then read every document once per id until autovacuum
// analysed docs (3,000 scans for 3,000 documents; a 1,000-document batch
// passed the statement timeout at 22,000).
// These settings only tune plans, and some Postgres-protocol engines do
// not know every one of them (ADR 0012): each is tried once at Open
// (ProbeWriteSettings), and a write sets only those the database accepted.
struct WriteSetting {
  const char* name;
  const char* value;
};
constexpr WriteSetting kJitSetting = {"jit", "off"};
constexpr WriteSetting kPlanSettings[] = {{"plan_cache_mode", "force_generic_plan"},
                                          {"enable_hashjoin", "off"},
                                          {"enable_mergejoin", "off"},
                                          {"enable_seqscan", "off"}};
// The statement that sets `settings` for the transaction (SELECT 1 when
// none: the pipelines keep their shape).
std::string SetLocally(const std::vector<WriteSetting>& settings) {
  if (settings.empty()) return "SELECT 1";
  std::vector<std::string> each;
  for (const WriteSetting& s : settings) {
    each.push_back(absl::StrCat("set_config('", s.name, "', '", s.value, "', true)"));
  }
  return absl::StrCat("SELECT ", absl::StrJoin(each, ", "));
}
// The channel writers NOTIFY with their revision.
constexpr char kChannel[] = "readout_catalog_changes";
constexpr int64_t kRequestIdTtlMicros = int64_t{24} * 3600 * 1000000;
// The revision kReadNumbered gives a row numbered, then deleted, its
// change compacted since (or one not committed yet: only a writer asking
// of its own committed rows may read it as gone).
constexpr int64_t kNumberedThenGone = -1;
// Loads whole documents: kDocumentColumns from docs d.
constexpr char kDocumentColumns[] = "d.rowid, d.id, d.revision, d.create_us, d.extraction";
// Search ranks title words 4 times body words: the tsvector gives the title
// weight A and the body D (InsertRowsOf), and ts_rank's weights {D, C, B, A}
// are these.
constexpr char kRankWeights[] = "'{0.25, 0.25, 0.25, 1.0}'";
// Search ranks at most this many matches, the newest (as on SQLite).
constexpr int64_t kRankCandidates = 1000;
// Rows of one search window (schema version 4; the migration's 1024).
constexpr int64_t kSearchWindowRows = 1024;
// Windows of the first look for a search's newest matches. Each further
// look takes as many older ones as the matches found so far say are
// needed; past kMaxSearchWindows (sparse matches), the rest of the catalog
// at once.
constexpr int64_t kFirstSearchWindows = 2;
constexpr int64_t kMaxSearchWindows = 64;
// A look of more than kMostWindowsPerGroup windows asks them in groups
// that hold about this many matches at the density found so far (at most
// kMostWindowsPerGroup windows each), newest first, and stops once enough
// are found: GIN ORs fewer window lexemes and reads no group past that.
constexpr double kMatchesPerGroup = 150;
constexpr int64_t kMostWindowsPerGroup = 8;
// Revisions of the history a search looks through, newest first, for its
// candidates' revisions (CandidateRevisions) before it reads the rest from
// their documents: about a millisecond.
constexpr int64_t kMostRevisionsScanned = int64_t{1} << 18;
// Revisions the history is read in at start (WarmHistory), newest first:
// a stop waits for one read at most.
constexpr int64_t kWarmHistoryChunk = int64_t{1} << 15;

// Whether `expr` has a prefix term (word*). The GIN index answers one with
// a bitmap of every row any word of the prefix is in, whichever windows are
// asked: each window would cost a scan of the whole catalog's rows.
bool HasPrefixTerm(const SearchExpr& expr) {
  if (expr.kind == SearchExpr::Kind::kTerm) return expr.prefix;
  return std::any_of(expr.children.begin(), expr.children.end(), HasPrefixTerm);
}

// The lexeme search_rows.search holds for the window of `row`: '#' is no
// part of any word a text or a query yields (search_query.cc), so no
// search matches it unless asked by SearchDocumentsOn.
std::string SearchWindowLexeme(int64_t row) { return absl::StrCat("#w", row / kSearchWindowRows); }
// How long a write transaction aborted for a concurrent one (40001) is
// run again, at most.
constexpr absl::Duration kWriteRetryFor = absl::Seconds(10);
// Most documents one write transaction (a group of queued creates) holds.
constexpr size_t kMaxGroupDocuments = 1000;

absl::Status Unavailable(absl::string_view message) {
  return MakeError(absl::StatusCode::kUnavailable, "STORAGE_UNAVAILABLE", message);
}

using pg::DeadlinePassed;

// Runs `attempt` until `again` refuses its result, `attempts` have run, or
// the next pause would end past `until`. The pause doubles from 1 ms to
// 64 ms, with a random part so that colliding replicas drift apart;
// `runs_again` (when set) counts the attempts after the first.
template <typename T>
T RunAgain(int attempts, absl::Time until, const std::function<bool(const T&)>& again,
           const std::function<T()>& attempt, std::atomic<int64_t>* runs_again = nullptr) {
  thread_local absl::BitGen random;
  for (int i = 1;; ++i) {
    T result = attempt();
    const absl::Duration pause =
        absl::Milliseconds(1 << std::min(i - 1, 6)) * (0.5 + absl::Uniform(random, 0.0, 1.0));
    if (!again(result) || i >= attempts || absl::Now() + pause >= until) return result;
    if (runs_again != nullptr) ++*runs_again;
    absl::SleepFor(pause);
  }
}

// Reads kDocumentColumns of `row` starting at `first`.
absl::StatusOr<v1::CatalogDocument> DocumentFromRow(const pg::Result& result, int row, int first) {
  return DecodeStoredDocument(result.Text(row, first + 1), result.Int(row, first + 2),
                              result.Int(row, first + 3), result.Bytes(row, first + 4),
                              "the PostgreSQL table docs");
}

// The document filter of `filter` for PostgreSQL. As on SQLite, each side
// table restriction is first counted (up to sql_filter's drive limit) on
// `c`: a broad one is probed per document while the ORDER BY index is
// walked (EXISTS), a selective one drives the query. PostgreSQL would turn
// the selective "d.rowid IN (SELECT doc ...)" into a semi-join and walk the
// ORDER BY index anyway, probing every document until the few matches turn
// up (seconds when they are old); as "d.rowid = ANY(ARRAY(SELECT doc ...))"
// the list is read once and its documents fetched by row id and sorted.
absl::StatusOr<SqlCondition> PostgresFilter(pg::Connection& c, const FilterExpr& filter) {
  absl::Status failed;
  auto count = [&](const SqlCondition& probe) -> int64_t {
    std::vector<Param> args;
    for (const SqlValue& v : probe.args) args.push_back(Param::Of(v));
    absl::StatusOr<pg::Result> r =
        c.Exec(absl::StrCat("SELECT count(*) FROM (", pg::NumberParams(probe.sql, 1), ") x"), args);
    if (!r.ok()) {
      if (failed.ok()) failed = r.status();
      return 0;
    }
    return r->Int(0, 0);
  };
  SqlCondition out = DocumentFilterToSql(filter, count, "d.filter_keys");
  CATALOG_RETURN_IF_ERROR(failed);
  const std::string kDrive = "d.rowid IN (SELECT doc FROM ";
  std::string sql;
  size_t at = 0;
  for (size_t found = out.sql.find(kDrive); found != std::string::npos;
       found = out.sql.find(kDrive, at)) {
    // Skip "+d.rowid IN": that shape is SQLite's, never made with a counter.
    absl::StrAppend(&sql, out.sql.substr(at, found - at), "d.rowid = ANY(ARRAY(SELECT doc FROM ");
    size_t i = found + kDrive.size();
    int depth = 1;
    for (; i < out.sql.size() && depth > 0; ++i) {
      if (out.sql[i] == '(') ++depth;
      if (out.sql[i] == ')') --depth;
      if (depth > 0) sql += out.sql[i];
    }
    sql += "))";
    at = i;
  }
  sql += out.sql.substr(at);
  out.sql = std::move(sql);
  return out;
}

// Deletes the document of row $1 with its rows in every side table
// (schema version 8: no foreign key cascades). Each side table's rows are
// found through the index a read uses, by the keys the document's row
// lists (filter_keys, FilterKeysOf: written with the rows, from the same
// IndexRows) and its event date, which every row of persons and orgs
// repeats: persons and orgs by primary key (key, event date, document),
// positions by (title_lc, doc), participants by (key, role, doc), events,
// search_rows and pending_docs by primary key. A document's filter_keys
// name every one of its side rows: a person's key for each row of persons,
// a title for each of positions, an organization for each of orgs, and
// "participant.<role>:<key>" for each of participants.
const std::string& DeleteDocumentSql() {
  static const std::string* sql = new std::string(
      "WITH d AS (SELECT rowid, event_date, filter_keys FROM docs WHERE rowid = $1), "
      "k AS (SELECT f FROM d, unnest(d.filter_keys) AS f), "
      "p AS (DELETE FROM persons s USING d WHERE s.key = ANY (ARRAY(SELECT substr(f, 8) FROM k "
      "WHERE left(f, 7) = 'person:')) AND s.event_date = d.event_date AND s.doc = d.rowid), "
      "t AS (DELETE FROM positions s WHERE s.title_lc = ANY (ARRAY(SELECT substr(f, 7) FROM k "
      "WHERE left(f, 6) = 'title:')) AND s.doc = $1), "
      "o AS (DELETE FROM orgs s USING d WHERE s.name_lc = ANY (ARRAY(SELECT substr(f, 14) FROM k "
      "WHERE left(f, 13) = 'organization:')) AND s.event_date = d.event_date AND "
      "s.doc = d.rowid), "
      // "participant.<role>:<key>": the role up to the first ':', then the key.
      "r AS (SELECT split_part(x, ':', 1)::bigint AS role, substr(x, strpos(x, ':') + 1) AS key "
      "FROM (SELECT substr(f, 13) AS x FROM k WHERE left(f, 12) = 'participant.') y), "
      "a AS (DELETE FROM participants s USING r WHERE s.key = r.key AND s.role = r.role AND "
      "s.doc = $1), "
      "e AS (DELETE FROM events WHERE doc = $1), "
      "w AS (DELETE FROM search_rows WHERE rowid = $1), "
      "q AS (DELETE FROM pending_docs WHERE rowid = $1) "
      "DELETE FROM docs WHERE rowid = $1");
  return *sql;
}

// A PostgreSQL text[] literal of `items` (each quoted, \ and " escaped).
std::string TextArray(const std::vector<std::string>& items) {
  std::string out = "{";
  for (size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out += ",";
    out += '"';
    for (char ch : items[i]) {
      if (ch == '"' || ch == '\\') out += '\\';
      out += ch;
    }
    out += '"';
  }
  return out + "}";
}

// Runs `body` in a transaction on `connection`, committing when it succeeds
// and rolling back otherwise. With `begin` empty, the body sends the BEGIN
// itself (first in a Connection::Pipeline, to save a round trip).
template <typename Body>
absl::Status InTransaction(pg::Connection& connection, absl::string_view begin, Body body) {
  if (!begin.empty()) CATALOG_RETURN_IF_ERROR(connection.Run(begin));
  absl::Status status = body();
  // A body may have committed itself (Connection::Pipeline).
  if (status.ok()) return connection.in_transaction() ? connection.Commit() : absl::OkStatus();
  if (!connection.broken() && connection.in_transaction()) connection.Rollback().IgnoreError();
  return status;
}

}  // namespace

struct PostgresStore::WriteOp {
  bool is_delete = false;
  std::vector<NewDocument> documents;
  std::string request_id;
  DeleteRequest delete_request;
  CreateCallback create_done;
  DeleteCallback delete_done;
  // The deadline of the call that queued it (call_deadline.h).
  absl::Time deadline = absl::InfiniteFuture();
  absl::StatusOr<v1::BatchCreateDocumentsResponse> create_result;
  // Responses (by index, the index of their document too) whose document
  // gets its extraction moved from `documents` once the op is answered
  // (AnswerCreate), rather than a copy made while the group ran: an op
  // without a request id, whose response is stored nowhere.
  std::vector<int> own_extractions;

  // Answers a create with create_result, the extractions kept for its
  // response moved in (own_extractions).
  void AnswerCreate() {
    if (create_result.ok()) {
      for (int k : own_extractions) {
        *create_result->mutable_responses(k)->mutable_document()->mutable_extraction() =
            std::move(documents[static_cast<size_t>(k)].extraction);
      }
    }
    create_done(std::move(create_result));
  }
};

// A pooled connection; rolls back an open transaction and returns the
// connection (or drops it when lost) when destroyed.
class PostgresStore::Lease {
 public:
  Lease(PostgresStore* store, Pool* pool, std::unique_ptr<pg::Connection> connection)
      : store_(store), pool_(pool), connection_(std::move(connection)) {}
  Lease(Lease&& other) noexcept
      : store_(other.store_), pool_(other.pool_), connection_(std::move(other.connection_)) {}
  ~Lease() {
    if (connection_ == nullptr) return;
    if (!connection_->broken() && connection_->in_transaction()) {
      connection_->Rollback().IgnoreError();
    }
    store_->Release(*pool_, std::move(connection_));
  }
  pg::Connection* operator->() { return connection_.get(); }
  pg::Connection& operator*() { return *connection_; }

 private:
  PostgresStore* store_;
  Pool* pool_;
  std::unique_ptr<pg::Connection> connection_;
};

// Lists rows in awaited_ while they wait to be numbered (AwaitNumbered).
class PostgresStore::AwaitedRows {
 public:
  AwaitedRows(PostgresStore* store, const std::vector<int64_t>& rows, int64_t since)
      : store_(store), rows_(rows) {
    absl::MutexLock lock(&store_->awaited_mu_);
    for (int64_t row : rows_) store_->awaited_[row] = Awaited{0, since};
    epoch_ = store_->published_epoch_;
  }
  AwaitedRows(const AwaitedRows&) = delete;
  AwaitedRows& operator=(const AwaitedRows&) = delete;
  ~AwaitedRows() {
    absl::MutexLock lock(&store_->awaited_mu_);
    for (int64_t row : rows_) store_->awaited_.erase(row);
  }
  // How many revisions had been published when the rows were listed.
  int64_t epoch() const { return epoch_; }

 private:
  PostgresStore* store_;
  std::vector<int64_t> rows_;
  int64_t epoch_ = 0;
};

PostgresStore::PostgresStore(PostgresStoreOptions options)
    : options_(std::move(options)),
      created_rows_(static_cast<size_t>(std::clamp<int64_t>(
          options_.history_limit, 1, static_cast<int64_t>(CreatedRows::kDefaultCapacity)))) {
  primary_.url = options_.url;
  primary_.max_connections = options_.max_connections;
  standby_.url = options_.read_url;
  standby_.standby = true;
  standby_.max_connections = std::max(options_.max_read_connections, 1);
}

absl::StatusOr<std::unique_ptr<PostgresStore>> PostgresStore::Open(PostgresStoreOptions options) {
  if (!options.now_micros) {
    options.now_micros = [] { return absl::ToUnixMicros(absl::Now()); };
  }
  options.max_connections = std::max(options.max_connections, 2);
  options.writer_threads = std::clamp(options.writer_threads, 1, options.max_connections - 1);
  std::unique_ptr<PostgresStore> store(new PostgresStore(std::move(options)));
  CATALOG_RETURN_IF_ERROR(store->Init());
  for (int i = 0; i < store->options_.writer_threads; ++i) {
    store->writers_.emplace_back([s = store.get()] { s->WriterLoop(); });
  }
  store->listener_thread_ = std::thread([s = store.get()] { s->ListenerLoop(); });
  if (store->options_.warm_history) {
    store->warm_thread_ = std::thread([s = store.get()] { s->WarmHistory(); });
  }
  return store;
}

absl::StatusOr<std::unique_ptr<pg::Connection>> PostgresStore::Connect(
    const Pool& pool, absl::Time deadline, const char* application_name) {
  int timeout_s = options_.connect_timeout_s;
  if (deadline != absl::InfiniteFuture()) {
    const absl::Duration left = deadline - absl::Now();
    if (left <= absl::ZeroDuration()) return DeadlinePassed("while connecting to PostgreSQL");
    timeout_s = static_cast<int>(
        std::min<int64_t>(timeout_s, absl::ToInt64Seconds(absl::Ceil(left, absl::Seconds(1)))));
  }
  CATALOG_ASSIGN_OR_RETURN(std::unique_ptr<pg::Connection> connection,
                           pg::Connection::Open(pool.url, timeout_s, application_name));
  if (options_.statement_observer) {
    connection->set_observer([observer = options_.statement_observer, standby = pool.standby](
                                 absl::Duration elapsed, const absl::Status& status) {
      observer(standby, elapsed, status);
    });
  }
  CATALOG_RETURN_IF_ERROR(connection->Run(absl::StrCat(
      "SET synchronous_commit = on; SET statement_timeout = ", options_.statement_timeout_ms,
      "; SET lock_timeout = ", options_.statement_timeout_ms,
      "; SET client_min_messages = warning")));
  return connection;
}

absl::Status PostgresStore::Init() {
  CATALOG_ASSIGN_OR_RETURN(Lease lease, Acquire());
  pg::Connection& c = *lease;
  // Migrating a large catalog takes minutes: no statement timeout while
  // migrating or waiting for the replica that migrates.
  CATALOG_RETURN_IF_ERROR(c.Run("SET statement_timeout = 0; SET lock_timeout = 0"));
  // The migration lock is the one row of readout_migration_lock, made by
  // the first replica to start (two making it at the same moment collide
  // in the system catalogs, or abort (40001) under a strict isolation: the
  // other one tries again and finds it). A row lock, not a session
  // advisory lock, which some Postgres-protocol engines lack (ADR 0012).
  CATALOG_RETURN_IF_ERROR(RunAgain<absl::Status>(
      10, absl::InfiniteFuture(),
      [&](const absl::Status& made) { return !made.ok() && !c.broken(); },
      [&] {
        return c.Run(
            "CREATE TABLE IF NOT EXISTS readout_migration_lock(only_row boolean PRIMARY KEY "
            "DEFAULT true CHECK (only_row)); INSERT INTO readout_migration_lock VALUES (true) "
            "ON CONFLICT DO NOTHING");
      }));
  // One replica migrates in a transaction that first updates the lock row;
  // the others wait on it, then find nothing to do. Under a stricter
  // isolation than READ COMMITTED a waiter is aborted instead (40001), and
  // its transaction runs again and sees the migrated schema.
  absl::Status status = RunAgain<absl::Status>(20, absl::InfiniteFuture(), pg::IsConflict, [&] {
    return InTransaction(c, "BEGIN", [&]() -> absl::Status {
      CATALOG_RETURN_IF_ERROR(c.Run("UPDATE readout_migration_lock SET only_row = true"));
      CATALOG_RETURN_IF_ERROR(
          c.Run("CREATE TABLE IF NOT EXISTS readout_schema(version bigint NOT NULL)"));
      CATALOG_ASSIGN_OR_RETURN(pg::Result r, c.Exec("SELECT max(version) FROM readout_schema"));
      const int64_t version = r.IsNull(0, 0) ? 0 : r.Int(0, 0);
      const int64_t latest = sizeof(kMigrations) / sizeof(kMigrations[0]);
      if (version > latest) {
        return absl::FailedPreconditionError(absl::StrCat(
            "the database has schema version ", version, ", newer than this binary's ", latest));
      }
      for (int64_t v = version; v < latest; ++v) {
        CATALOG_RETURN_IF_ERROR(c.Run(kMigrations[v]));
        CATALOG_RETURN_IF_ERROR(
            c.Exec("INSERT INTO readout_schema(version) VALUES ($1)", {Param::Int(v + 1)})
                .status());
      }
      // The page token secret, made by the first replica to start.
      unsigned char secret[32];
      if (RAND_bytes(secret, sizeof(secret)) != 1) {
        return absl::InternalError("cannot generate the page token secret");
      }
      CATALOG_RETURN_IF_ERROR(
          c.Exec("INSERT INTO meta(key, value) VALUES ('token_secret', $1) ON CONFLICT DO NOTHING",
                 {Param::Bytes(std::string(reinterpret_cast<char*>(secret), sizeof(secret)))})
              .status());
      CATALOG_ASSIGN_OR_RETURN(pg::Result s,
                               c.Exec("SELECT value FROM meta WHERE key = 'token_secret'"));
      token_secret_ = s.Bytes(0, 0);
      CATALOG_ASSIGN_OR_RETURN(pg::Result rev, c.Exec("SELECT revision FROM revision_counter"));
      seen_revision_ = rev.Int(0, 0);
      // Every replica of a database derives its writers' lock order from
      // the database's isolation, so that all take their locks in one
      // order from the start: under READ COMMITTED rows first and the
      // counter last (ADR 0046), under a stricter one the counter first.
      CATALOG_ASSIGN_OR_RETURN(pg::Result isolation,
                               c.Exec("SELECT current_setting('transaction_isolation')"));
      lock_first_ = isolation.Text(0, 0) != "read committed";
      return absl::OkStatus();
    });
  });
  if (status.ok()) status = ProbeWriteSettings(c);
  c.Run(absl::StrCat("SET statement_timeout = ", options_.statement_timeout_ms,
                     "; SET lock_timeout = ", options_.statement_timeout_ms))
      .IgnoreError();
  return status;
}

absl::Status PostgresStore::ProbeWriteSettings(pg::Connection& c) {
  // Each setting alone, as a write sets it (for its transaction only), in
  // a transaction rolled back: an engine that does not know a name, or
  // refuses the value, answers with an error on a live connection.
  auto accepted = [&](const WriteSetting& setting) -> absl::StatusOr<bool> {
    CATALOG_RETURN_IF_ERROR(c.Run("BEGIN"));
    absl::StatusOr<pg::Result> set = c.Exec(SetLocally({setting}));
    if (c.broken()) return set.status();
    CATALOG_RETURN_IF_ERROR(c.Rollback());
    if (!set.ok()) {
      refused_settings_.push_back(absl::StrCat(setting.name, ": ", set.status().message()));
    }
    return set.ok();
  };
  std::vector<WriteSetting> plans;
  for (const WriteSetting& setting : kPlanSettings) {
    CATALOG_ASSIGN_OR_RETURN(bool ok, accepted(setting));
    if (ok) plans.push_back(setting);
  }
  write_plans_ = SetLocally(plans);
  CATALOG_ASSIGN_OR_RETURN(bool jit, accepted(kJitSetting));
  no_jit_ = jit ? SetLocally({kJitSetting}) : SetLocally({});
  return absl::OkStatus();
}

std::string PostgresStore::BeginWrite() const {
  return absl::StrCat("BEGIN; ", no_jit_, "; ", write_plans_);
}

PostgresStore::~PostgresStore() {
  {
    absl::MutexLock lock(&queue_mu_);
    stopping_ = true;
  }
  for (std::thread& t : writers_) t.join();
  if (listener_thread_.joinable()) listener_thread_.join();
  if (warm_thread_.joinable()) warm_thread_.join();
}

// ------------------------------------------------------------------ pool

absl::StatusOr<PostgresStore::Lease> PostgresStore::Acquire() {
  return Acquire(primary_, CallDeadline());
}

absl::StatusOr<PostgresStore::Lease> PostgresStore::Acquire(Pool& pool, absl::Time deadline,
                                                            bool fresh) {
  std::unique_ptr<pg::Connection> replaced;  // Closed once the pool's lock is let go.
  {
    absl::MutexLock lock(&pool.mu);
    auto available = [&pool]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(pool.mu) {
      return !pool.idle.empty() || pool.open < pool.max_connections;
    };
    if (!available()) {
      ++pool.waits;
      const absl::Time now = absl::Now();
      const absl::Time limit =
          std::min(deadline, now + absl::Milliseconds(options_.statement_timeout_ms));
      if (!pool.mu.AwaitWithDeadline(absl::Condition(&available), limit)) {
        ++pool.wait_timeouts;
        if (limit == deadline) {
          return DeadlinePassed(absl::StrCat("while waiting for one of the ", pool.max_connections,
                                             " PostgreSQL connections"));
        }
        return Unavailable(
            absl::StrCat("all ", pool.max_connections, " PostgreSQL connections stayed busy"));
      }
    }
    if (fresh && pool.open >= pool.max_connections) {
      // The oldest idle connection makes room (its slot is the new one's).
      replaced = std::move(pool.idle.front());
      pool.idle.erase(pool.idle.begin());
    } else if (!fresh && !pool.idle.empty()) {
      std::unique_ptr<pg::Connection> connection = std::move(pool.idle.back());
      pool.idle.pop_back();
      connection->set_deadline(deadline);
      return Lease(this, &pool, std::move(connection));
    } else {
      ++pool.open;
    }
  }
  replaced.reset();
  absl::StatusOr<std::unique_ptr<pg::Connection>> connection = Connect(pool, deadline);
  if (!connection.ok()) {
    absl::MutexLock lock(&pool.mu);
    --pool.open;
    return connection.status();
  }
  (*connection)->set_deadline(deadline);
  return Lease(this, &pool, std::move(*connection));
}

PoolStats PostgresStore::pool_stats(bool standby) {
  Pool& pool = standby ? standby_ : primary_;
  absl::MutexLock lock(&pool.mu);
  PoolStats stats;
  stats.max_connections = standby && options_.read_url.empty() ? 0 : pool.max_connections;
  stats.open = pool.open;
  stats.in_use = pool.open - static_cast<int>(pool.idle.size());
  stats.waits = pool.waits;
  stats.wait_timeouts = pool.wait_timeouts;
  return stats;
}

ListenerStats PostgresStore::listener_stats() const {
  return {listening_.load(), listener_reconnects_.load()};
}

void PostgresStore::Release(Pool& pool, std::unique_ptr<pg::Connection> connection) {
  connection->set_deadline(absl::InfiniteFuture());
  absl::MutexLock lock(&pool.mu);
  if (connection->broken()) {
    --pool.open;  // Dropped; the next Acquire opens a new one.
    return;
  }
  pool.idle.push_back(std::move(connection));
}

// ------------------------------------------------------- standby reads

StandbyReadStats PostgresStore::standby_read_stats() const {
  return {reads_standby_.load(), reads_lagging_.load(), reads_failed_.load()};
}

void PostgresStore::StandbyFailed(const absl::Status& error) {
  ++reads_failed_;
  bool tell = false;
  {
    absl::MutexLock lock(&standby_mu_);
    standby_down_until_ = absl::Now() + absl::Milliseconds(options_.read_retry_ms);
    tell = standby_healthy_;
    standby_healthy_ = false;
  }
  if (tell && options_.standby_health) options_.standby_health(false, error);
}

absl::StatusOr<PostgresStore::Lease> PostgresStore::AwaitStandby(int64_t revision) {
  bool lost = false;
  {
    absl::StatusOr<Lease> lease = AwaitStandbyOn(revision, /*fresh=*/false, lost);
    if (lease.ok() || !lost) return lease;
  }  // The broken connection is dropped from the pool here.
  ++read_retries_;
  return AwaitStandbyOn(revision, /*fresh=*/true, lost);
}

absl::StatusOr<PostgresStore::Lease> PostgresStore::AwaitStandbyOn(int64_t revision, bool fresh,
                                                                   bool& lost) {
  lost = false;
  CATALOG_ASSIGN_OR_RETURN(Lease lease, Acquire(standby_, CallDeadline(), fresh));
  const absl::Time deadline = absl::Now() + absl::Milliseconds(options_.read_wait_ms);
  absl::Duration pause = absl::Milliseconds(1);
  while (true) {
    // The counter row as replayed: the standby has every commit up to it.
    // An error on a live connection (the schema not replayed yet) is a
    // standby still behind.
    absl::StatusOr<pg::Result> r = lease->Exec("SELECT revision FROM revision_counter");
    if (!r.ok() && lease->broken()) {
      lost = absl::IsUnavailable(r.status());
      return r.status();
    }
    if (r.ok() && r->rows() > 0 && r->Int(0, 0) >= revision) return lease;
    if (absl::Now() + pause > deadline) {
      return absl::NotFoundError(absl::StrCat("the standby has not replayed revision ", revision));
    }
    absl::SleepFor(pause);
    pause = std::min(pause * 2, absl::Milliseconds(20));
  }
}

template <typename T>
absl::StatusOr<T> PostgresStore::ReadScaled(
    const std::function<absl::StatusOr<T>(pg::Connection&)>& read) {
  bool use_standby = !options_.read_url.empty();
  if (use_standby) {
    absl::MutexLock lock(&standby_mu_);
    if (absl::Now() < standby_down_until_) {
      use_standby = false;  // It failed a moment ago.
      ++reads_failed_;
    }
  }
  if (use_standby) {
    // Every write acknowledged before this read, by any replica.
    const int64_t needed = CurrentRevision();
    absl::Status failure;
    bool lost = true;  // Whether the standby itself failed (not the query).
    {
      absl::StatusOr<Lease> standby = AwaitStandby(needed);
      failure = standby.status();
      if (standby.ok()) {
        absl::StatusOr<T> result = read(**standby);
        // A statement past its timeout would only time out again; a request
        // error is the same on both servers.
        const absl::StatusCode code = result.status().code();
        if (result.ok() || code == absl::StatusCode::kDeadlineExceeded ||
            code == absl::StatusCode::kInvalidArgument || code == absl::StatusCode::kNotFound) {
          ++reads_standby_;
          bool tell = false;
          {
            absl::MutexLock lock(&standby_mu_);
            tell = !standby_healthy_;
            standby_healthy_ = true;
          }
          if (tell && options_.standby_health) options_.standby_health(true, absl::OkStatus());
          return result;
        }
        // E.g. a query cancelled by a replay conflict on a live connection.
        failure = result.status();
        lost = (*standby)->broken();
      }
    }
    if (absl::IsNotFound(failure)) {
      ++reads_lagging_;
    } else if (lost) {
      StandbyFailed(failure);
    } else {
      ++reads_failed_;
    }
  }
  return ReadOnPrimary(read);
}

template <typename T>
absl::StatusOr<T> PostgresStore::ReadOnPrimary(
    const std::function<absl::StatusOr<T>(pg::Connection&)>& read) {
  const absl::Time deadline = CallDeadline();
  {
    CATALOG_ASSIGN_OR_RETURN(Lease lease, Acquire(primary_, deadline));
    absl::StatusOr<T> result = read(*lease);
    if (result.ok()) return result;
    // A connection lost or closed by the server is broken (a statement
    // cancelled at the deadline too, but that is DEADLINE_EXCEEDED, and is
    // not run again); so is one whose prepared statement is gone or no
    // longer fits its tables (a conflict of SQLSTATE 26000 or 0A000). Both
    // run again on a fresh connection.
    const bool again = pg::IsConflict(result.status()) || absl::IsUnavailable(result.status());
    if (!again) return result;
    if (!lease->broken()) {
      // A transaction the database aborted for a concurrent one (40001,
      // 40P01: an engine that runs every transaction SERIALIZABLE) leaves
      // its connection healthy and rolled back: the read runs once more on
      // it, and the pool's other connections are kept.
      if (!pg::IsConflict(result.status())) return result;
      ++read_retries_;
      return read(*lease);
    }
  }  // The broken connection is dropped from the pool here.
  ++read_retries_;
  CATALOG_ASSIGN_OR_RETURN(Lease fresh, Acquire(primary_, deadline, /*fresh=*/true));
  return read(*fresh);
}

// ---------------------------------------------------------------- writes

void PostgresStore::Create(std::vector<NewDocument> documents, std::string request_id,
                           CreateCallback done) {
  auto op = std::make_unique<WriteOp>();
  op->documents = std::move(documents);
  op->request_id = std::move(request_id);
  op->create_done = std::move(done);
  op->deadline = CallDeadline();
  absl::MutexLock lock(&queue_mu_);
  if (stopping_) {
    op->create_done(Unavailable("the catalog is shutting down"));
    return;
  }
  queue_.push_back(std::move(op));
}

void PostgresStore::Delete(DeleteRequest request, DeleteCallback done) {
  auto op = std::make_unique<WriteOp>();
  op->is_delete = true;
  op->delete_request = std::move(request);
  op->delete_done = std::move(done);
  op->deadline = CallDeadline();
  absl::MutexLock lock(&queue_mu_);
  if (stopping_) {
    op->delete_done(Unavailable("the catalog is shutting down"));
    return;
  }
  queue_.push_back(std::move(op));
}

void PostgresStore::WriterLoop() {
  while (true) {
    // A delete alone, or the creates queued one after another (up to
    // kMaxGroupDocuments): one transaction, one commit flush for the group.
    std::vector<std::unique_ptr<WriteOp>> group;
    {
      absl::MutexLock lock(&queue_mu_);
      queue_mu_.Await(absl::Condition(
          +[](PostgresStore* s) ABSL_EXCLUSIVE_LOCKS_REQUIRED(s->queue_mu_) {
            return s->stopping_ || !s->queue_.empty();
          },
          this));
      if (queue_.empty()) return;  // Stopping with nothing left.
      size_t documents = queue_.front()->documents.size();
      group.push_back(std::move(queue_.front()));
      queue_.pop_front();
      while (!group.front()->is_delete && !queue_.empty() && !queue_.front()->is_delete &&
             documents + queue_.front()->documents.size() <= kMaxGroupDocuments) {
        documents += queue_.front()->documents.size();
        group.push_back(std::move(queue_.front()));
        queue_.pop_front();
      }
    }
    // A write whose caller gave up while it queued is not started. The
    // group runs under the latest deadline of the rest: when that passes,
    // every caller has given up.
    const absl::Time started = absl::Now();
    absl::Time deadline = absl::InfinitePast();
    size_t kept = 0;
    for (std::unique_ptr<WriteOp>& op : group) {
      if (op->deadline <= started) {
        const absl::Status late = DeadlinePassed("while the write waited for its turn");
        op->is_delete ? op->delete_done(late) : op->create_done(late);
        continue;
      }
      deadline = std::max(deadline, op->deadline);
      group[kept++] = std::move(op);
    }
    group.resize(kept);
    if (group.empty()) continue;
    // A transaction the database aborted for a concurrent one, or that
    // found a document or request id a concurrent one wrote first, is run
    // again: it wrote nothing, and the next run finds what the other one
    // stored. Until the callers' deadline or kWriteRetryFor.
    const absl::Time retry_until = std::min(deadline, started + kWriteRetryFor);
    const absl::StatusOr<int64_t> committed = RunAgain<absl::StatusOr<int64_t>>(
        std::numeric_limits<int>::max(), retry_until,
        [](const absl::StatusOr<int64_t>& r) { return pg::IsConflict(r.status()); },
        [&]() -> absl::StatusOr<int64_t> {
          CATALOG_ASSIGN_OR_RETURN(Lease lease, Acquire(primary_, deadline));
          return group.front()->is_delete ? ApplyDelete(*lease, *group.front())
                                          : ApplyCreates(*lease, group);
        },
        &write_retries_);
    if (options_.commit_observer) {
      options_.commit_observer(group.size(), absl::Now() - started, committed.ok());
    }
    for (std::unique_ptr<WriteOp>& op : group) {
      if (op->is_delete) {
        op->delete_done(committed.status());
      } else {
        if (!committed.ok()) op->create_result = committed.status();
        op->AnswerCreate();
      }
    }
    if (committed.ok() && *committed > 0) Publish(*committed);
  }
}

absl::StatusOr<int64_t> PostgresStore::ApplyDelete(pg::Connection& c, WriteOp& op) {
  const DeleteRequest& request = op.delete_request;
  int64_t revision = 0;
  Numbered first;  // The pending rows numbered first.
  // Counted from the numbering until the revisions it gave are noted (or
  // the transaction failed): the delete may also delete and compact a row
  // it numbered, whose waiting writer would otherwise read it as gone
  // between this commit and the note (AwaitNumbered).
  bool noting = false;
  absl::Cleanup noted = [&] {
    if (!noting) return;
    absl::MutexLock lock(&awaited_mu_);
    --deletes_noting_;
  };
  CATALOG_RETURN_IF_ERROR(InTransaction(c, BeginWrite(), [&]() -> absl::Status {
    // The counter's row lock orders every writer of every replica: the
    // revision taken here commits in its order.
    CATALOG_ASSIGN_OR_RETURN(pg::Result counter,
                             c.Exec("SELECT revision FROM revision_counter FOR UPDATE"));
    // Every pending document is numbered first (ADR 0052): the delete of
    // one follows its create's change.
    const int64_t now = options_.now_micros();
    const pg::Statement numbering = NumberPendingStatement(/*locked=*/true, now);
    CATALOG_ASSIGN_OR_RETURN(pg::Result pending, c.Exec(numbering.sql, numbering.params));
    AddNumbered(pending, first);
    revision = first.last;
    if (!first.revision_of.empty()) {
      absl::MutexLock lock(&awaited_mu_);
      ++deletes_noting_;
      noting = true;
    }
    // An error below still commits the numbering.
    auto fail = [&](absl::Status error) -> absl::Status {
      if (revision > 0 || first.requests > 0) {
        CATALOG_RETURN_IF_ERROR(c.Commit());
        // Committed: this replica's waiting writers take their revisions
        // without another try (ADR 0055).
        NoteNumbered(first.revision_of);
        if (revision > 0) Publish(revision);
      }
      return error;
    };
    CATALOG_ASSIGN_OR_RETURN(pg::Result r, c.Exec("SELECT rowid, revision FROM docs WHERE id = $1",
                                                  {Param::Text(request.id)}));
    if (r.rows() == 0) {
      if (request.allow_missing) return absl::OkStatus();
      return fail(NotFound("DOCUMENT_NOT_FOUND",
                           absl::StrCat("document ", DocumentName(request.id), " does not exist")));
    }
    const int64_t row = r.Int(0, 0);
    const int64_t stored = r.Int(0, 1);
    if (!request.etag.empty() && request.etag != Etag(stored)) {
      return fail(MakeError(absl::StatusCode::kAborted, "ETAG_MISMATCH",
                            absl::StrCat("etag ", request.etag, " does not match the current etag ",
                                         Etag(stored), " of ", DocumentName(request.id))));
    }
    CATALOG_RETURN_IF_ERROR(c.Exec(DeleteDocumentSql(), {Param::Int(row)}).status());
    CATALOG_ASSIGN_OR_RETURN(
        pg::Result numbered,
        c.Exec(DeletedChange(), {Param::Int(1), Param::Int(options_.history_limit),
                                 Param::Int(options_.now_micros() - kRequestIdTtlMicros),
                                 Param::TextList({request.id}), Param::IntList({row}),
                                 Param::Int(options_.now_micros())}));
    revision = numbered.Int(0, 0);
    return absl::OkStatus();
  }));
  // Committed with the delete: the rows it numbered first are noted for
  // this replica's waiting writers (ADR 0055).
  NoteNumbered(first.revision_of);
  return revision;
}

std::string PostgresStore::NumberPendingSql(bool locked) {
  // $1 history_limit, $2 the request id time-to-live's cutoff, $3 commit
  // time. Unless `locked` (the transaction holds the counter's row lock),
  // the lock is taken without waiting (SKIP LOCKED): when another
  // transaction holds it, the statement changes nothing and returns no row.
  return absl::StrCat(
      locked ? "WITH p AS (DELETE FROM pending_docs RETURNING rowid), "
               "pr AS (DELETE FROM pending_requests RETURNING id), "
             // Nothing pending: the lock is not taken (nor a transaction id
             // that a COMMIT would have to flush).
             : "WITH l AS (SELECT revision FROM revision_counter WHERE (EXISTS (SELECT 1 FROM "
               "pending_docs) OR EXISTS (SELECT 1 FROM pending_requests)) FOR UPDATE SKIP LOCKED), "
               "p AS (DELETE FROM pending_docs WHERE EXISTS (SELECT 1 FROM l) RETURNING rowid), "
               "pr AS (DELETE FROM pending_requests WHERE EXISTS (SELECT 1 FROM l) RETURNING id), ",
      "m AS (SELECT count(*) AS n FROM p), "
      "c AS (UPDATE revision_counter SET revision = revision + m.n, compacted = "
      "greatest(compacted, revision + m.n - $1) FROM m WHERE m.n > 0 "
      "RETURNING revision, compacted, m.n), "
      // Numbered in row id order: a group's rows are given in its order.
      "n AS (SELECT c.revision - c.n + k.k AS revision, d.id, k.rowid, d.filter_keys FROM c, "
      "(SELECT rowid, row_number() OVER (ORDER BY rowid) AS k FROM p) k "
      "JOIN docs d ON d.rowid = k.rowid), "
      "u AS (UPDATE docs d SET revision = n.revision FROM n WHERE d.rowid = n.rowid), "
      // The new position titles are added here, under the counter's lock:
      // no writer ever waits on another's new title (which could otherwise
      // close a cycle of waits with the documents' unique ids).
      // Read from the documents' filter_keys ("title:<title_lc>", one for
      // each distinct title of positions), on the rows read above.
      "t AS (INSERT INTO position_titles(title_lc) SELECT DISTINCT substr(f, 7) FROM n, "
      "unnest(n.filter_keys) AS f WHERE left(f, 6) = 'title:' ON CONFLICT DO NOTHING), "
      "w AS (INSERT INTO changes(revision, type, doc_id, commit_us, doc_row) "
      "SELECT revision, 1, id, $3, rowid FROM n), "
      // The pending requests' revisions, item by item (schema version 7):
      // a request's rows were committed with it, so they are numbered here
      // (or were, by a replica of the version before left running against
      // this schema, which leaves the request listed: then from docs, or,
      // for a document deleted since, from its create's change; 0 only
      // once that change is compacted too).
      "r AS (UPDATE requests q SET revisions = ARRAY(SELECT CASE WHEN u.r = 0 THEN 0 ELSE "
      "coalesce((SELECT n.revision FROM n WHERE n.rowid = u.r), (SELECT d.revision FROM docs d "
      "WHERE d.rowid = u.r AND d.revision > 0), (SELECT min(h.revision) FROM changes h WHERE "
      "h.type = 1 AND h.doc_row = u.r), 0) END "
      "FROM unnest(q.doc_rows) WITH ORDINALITY AS u(r, k) ORDER BY u.k) "
      // An array of ids, looked up by the primary key (a join with pr was
      // planned as a scan of every request).
      "WHERE q.id = ANY (ARRAY(SELECT id FROM pr))), "
      // Compaction: the changes the history no longer keeps. The request
      // ids past their time to live, once every 1,024 revisions.
      "x AS (DELETE FROM changes WHERE revision <= (SELECT compacted FROM c)), "
      "y AS (DELETE FROM requests WHERE create_us < $2 AND (SELECT revision / 1024 <> "
      "(revision - n) / 1024 FROM c)) "
      // Delivered to every listening replica when (and only if) this commits.
      // One row even when nothing was numbered (rowid NULL), for the count
      // of the requests completed.
      "SELECT n.rowid, n.revision, (SELECT pg_notify('",
      kChannel,
      "', revision::text) FROM c), (SELECT count(*) FROM pr) "
      "FROM (VALUES (1)) AS one(x) LEFT JOIN n ON true ORDER BY n.revision");
}

std::string PostgresStore::DeletedChange() {
  // $1 changes, $2 history_limit, $3 the request id time-to-live's cutoff,
  // $4 the documents' ids and $5 row ids in revision order, $6 commit time.
  return absl::StrCat(
      "WITH c AS (UPDATE revision_counter SET revision = revision + $1, compacted = "
      "greatest(compacted, revision + $1 - $2) RETURNING revision, compacted), "
      "n AS (SELECT c.revision - $1 + v.k AS revision, v.id, v.rowid FROM c, "
      "unnest($4::text[], $5::bigint[]) WITH ORDINALITY AS v(id, rowid, k)), "
      "w AS (INSERT INTO changes(revision, type, doc_id, commit_us, doc_row) SELECT revision, 2, "
      "id, $6, rowid FROM n), "
      "x AS (DELETE FROM changes WHERE revision <= (SELECT compacted FROM c)), "
      "y AS (DELETE FROM requests WHERE create_us < $3 AND (SELECT revision / 1024 <> "
      "(revision - $1) / 1024 FROM c)) "
      "SELECT revision, pg_notify('",
      kChannel, "', revision::text) FROM c");
}

namespace {

// The fixed statements of a create, prepared once per connection
// (pg::Statement): every create runs the same few, whatever its documents
// hold, so PostgreSQL parses and plans none of them again.
constexpr char kLockCounter[] = "SELECT 1 FROM revision_counter FOR UPDATE";
// What the documents $1 already are, and a new row id for each.
const std::string& ReadDocumentsSql() {
  static const std::string* sql = new std::string(absl::StrCat(
      "SELECT nextval('docs_rowid_seq'), ", kDocumentColumns,
      " FROM unnest($1::text[]) WITH ORDINALITY AS u(id, i) LEFT JOIN docs d ON d.id = u.id "
      "ORDER BY u.i"));
  return *sql;
}
// A request's response as stored, and for one reserved pending (ADR
// 0057) its items' new rows and, once numbered, their revisions.
constexpr char kReadRequests[] =
    "SELECT id, response, doc_rows, revisions FROM requests "
    "WHERE id = ANY($1::text[])";
// $4: each request's doc_rows as an array literal, '' for a complete one.
constexpr char kInsertRequests[] =
    "INSERT INTO requests(id, response, create_us, doc_rows) SELECT id, response, create_us, "
    "nullif(doc_rows, '')::bigint[] FROM unnest($1::text[], $2::bytea[], $3::bigint[], "
    "$4::text[]) AS u(id, response, create_us, doc_rows)";
constexpr char kInsertPendingRequests[] =
    "INSERT INTO pending_requests(id) SELECT unnest($1::text[])";
// The revisions the numbering gave the items of the requests $1.
constexpr char kReadRequestRevisions[] =
    "SELECT id, doc_rows, revisions FROM requests WHERE id = ANY($1::text[])";
// The rows of new documents, one array per column (RowsStatement).
constexpr char kInsertRows[] =
    "WITH d AS (INSERT INTO docs(rowid, id, revision, create_us, published, event_date, "
    "title_lc, extraction, filter_keys) SELECT rowid, id, revision, create_us, published, "
    "event_date, title_lc, extraction, keys::text[] FROM unnest($1::bigint[], $2::text[], "
    "$3::bigint[], $4::bigint[], $5::bigint[], $6::bigint[], $7::text[], $8::bytea[], $9::text[]) "
    "AS u(rowid, id, revision, create_us, published, event_date, title_lc, extraction, keys)), "
    // The tsvector: the title weighted A, the body D (kRankWeights), and
    // the row's window lexeme (SearchWindowLexeme).
    "s AS (INSERT INTO search_rows(rowid, search) SELECT rowid, "
    "setweight(to_tsvector('simple', title), 'A') || setweight(to_tsvector('simple', body), 'D') "
    "|| array_to_tsvector(ARRAY[lexeme]) FROM unnest($1::bigint[], $10::text[], $11::text[], "
    "$12::text[]) AS u(rowid, title, body, lexeme)), "
    "p AS (INSERT INTO persons(key, event_date, doc, name, name_lc) SELECT * FROM "
    "unnest($13::text[], $14::bigint[], $15::bigint[], $16::text[], $17::text[])), "
    "t AS (INSERT INTO positions(doc, key, title, title_lc) SELECT * FROM "
    "unnest($18::bigint[], $19::text[], $20::text[], $21::text[])), "
    "o AS (INSERT INTO orgs(name_lc, event_date, doc) SELECT * FROM "
    "unnest($22::text[], $23::bigint[], $24::bigint[]) ON CONFLICT DO NOTHING), "
    "e AS (INSERT INTO events(doc, idx, type, date, name, location, location_lc) SELECT * FROM "
    "unnest($25::bigint[], $26::bigint[], $27::bigint[], $28::bigint[], $29::text[], $30::text[], "
    "$31::text[])), "
    "a AS (INSERT INTO participants(doc, event_idx, key, role) SELECT * FROM "
    "unnest($32::bigint[], $33::bigint[], $34::text[], $35::bigint[])) "
    "SELECT 1";
constexpr char kInsertTitles[] =
    "INSERT INTO position_titles(title_lc) SELECT unnest($1::text[]) ON CONFLICT DO NOTHING";
// New documents' rows are pending until numbered (schema version 6).
constexpr char kInsertPending[] = "INSERT INTO pending_docs(rowid) SELECT unnest($1::bigint[])";
// The revisions of the rows $1 created since revision $2 that are no
// longer pending: from their documents, or, for one deleted since it was
// numbered, from its change; kNumberedThenGone for one whose change is
// compacted too.
constexpr char kReadNumbered[] =
    "SELECT u.r, coalesce((SELECT d.revision FROM docs d WHERE d.rowid = u.r AND d.revision > 0), "
    "(SELECT c.revision FROM changes c WHERE c.revision > $2 AND c.type = 1 AND c.doc_row = u.r), "
    "-1) FROM unnest($1::bigint[]) AS u(r) "
    "WHERE NOT EXISTS (SELECT 1 FROM pending_docs q WHERE q.rowid = u.r)";
// The transaction's commit waits for its flush (as the operator set
// synchronous_commit) unless the row $1 is still pending in it (ADR 0052).
constexpr char kPendingCommit[] =
    "SELECT set_config('synchronous_commit', CASE WHEN EXISTS (SELECT 1 FROM pending_docs "
    "WHERE rowid = $1) THEN 'off' ELSE current_setting('synchronous_commit') END, true)";
// A condition true of a row id `column` that is not pending (ADR 0052).
std::string NotPending(absl::string_view column) {
  return absl::StrCat("NOT EXISTS (SELECT 1 FROM pending_docs q WHERE q.rowid = ", column, ")");
}

pg::Statement Prepared(const char* name, std::string sql, std::vector<Param> params) {
  return pg::Statement{name, std::move(sql), std::move(params)};
}

// The numbers of a bigint[] in PostgreSQL's text form ("{1,2,0}").
absl::StatusOr<std::vector<int64_t>> IntArray(absl::string_view text) {
  std::vector<int64_t> out;
  if (!absl::ConsumePrefix(&text, "{") || !absl::ConsumeSuffix(&text, "}")) {
    return absl::DataLossError(absl::StrCat("not an array of numbers: ", text));
  }
  if (text.empty()) return out;
  for (absl::string_view item : absl::StrSplit(text, ',')) {
    int64_t v = 0;
    if (!absl::SimpleAtoi(item, &v)) {
      return absl::DataLossError(absl::StrCat("not a number in an array: ", item));
    }
    out.push_back(v);
  }
  return out;
}

// The answer to a create whose new documents were created, then deleted
// by another call, their creation compacted out of the history before the
// create was answered: their revisions are no longer known (`names`).
// With `request_id`, the numbering that completed the request found
// neither document nor change (a numbering of schema version 6 left it
// reserved, ADR 0057).
absl::Status CreatedThenDeleted(const std::vector<std::string>& names, bool request_id) {
  return MakeError(
      absl::StatusCode::kAborted, "CREATED_THEN_DELETED",
      absl::StrCat("created, then deleted by another call before this create could be "
                   "answered, its creation past the retained history, so its revision is "
                   "no longer known: ",
                   absl::StrJoin(names, ", "), ". It is not stored now; create it again ",
                   request_id ? "(with another request_id) " : "", "if it should be",
                   request_id ? ""
                              : " (with a request_id, a create is always answered with its "
                                "revisions)"));
}

// The response of request `id`, reserved with revision 0 for its new
// documents, completed with the revisions the numbering gave them
// (`doc_rows` and `revisions`, schema version 7): the answer its first
// writer gave. ABORTED (CreatedThenDeleted) for a request completed with
// revision 0 for a document: numbered by a numbering of schema version 6,
// then deleted and its change compacted before the request was completed,
// the revision is known nowhere.
absl::Status FillRequestRevisions(absl::string_view id, absl::string_view doc_rows,
                                  absl::string_view revisions,
                                  v1::BatchCreateDocumentsResponse& response) {
  CATALOG_ASSIGN_OR_RETURN(std::vector<int64_t> rows, IntArray(doc_rows));
  CATALOG_ASSIGN_OR_RETURN(std::vector<int64_t> numbered, IntArray(revisions));
  if (rows.size() != numbered.size() ||
      rows.size() != static_cast<size_t>(response.responses_size())) {
    return absl::DataLossError(
        absl::StrCat("the stored response of request id ", id, " does not match its revisions"));
  }
  std::vector<std::string> unknown;
  for (size_t k = 0; k < rows.size(); ++k) {
    if (rows[k] > 0 && numbered[k] <= 0) {
      unknown.push_back(response.responses(static_cast<int>(k)).document().name());
    }
  }
  if (!unknown.empty()) return CreatedThenDeleted(unknown, /*request_id=*/true);
  for (size_t k = 0; k < rows.size(); ++k) {
    if (rows[k] == 0) continue;  // A document stored before the request.
    v1::CatalogDocument* doc = response.mutable_responses(static_cast<int>(k))->mutable_document();
    doc->set_revision(numbered[k]);
    doc->set_etag(Etag(numbered[k]));
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<int64_t> PostgresStore::ApplyCreates(pg::Connection& c,
                                                    std::vector<std::unique_ptr<WriteOp>>& group) {
  // A document of the group pending in another writer's create is
  // numbered first (by this writer, unless another does it meanwhile):
  // the group then finds it stored, with its revision.
  for (int attempt = 1;; ++attempt) {
    bool found_pending = false;
    absl::StatusOr<int64_t> committed = ApplyCreatesOnce(c, group, found_pending);
    if (!found_pending) return committed;
    if (attempt == 3) {
      // The group rolled back and answered no one: a retry of the call
      // finds the document numbered (or the writer still at it).
      return Unavailable(
          "a document of the request is being created by another writer and was still not "
          "numbered after three tries; try again");
    }
    CATALOG_ASSIGN_OR_RETURN(
        Numbered numbered,
        NumberPendingAgain(c, {}, 0,
                           absl::Now() + absl::Milliseconds(options_.statement_timeout_ms)));
    if (numbered.last > 0) Publish(numbered.last);
  }
}

absl::StatusOr<int64_t> PostgresStore::ApplyCreatesOnce(
    pg::Connection& c, std::vector<std::unique_ptr<WriteOp>>& group, bool& found_pending) {
  const int64_t now = options_.now_micros();
  // Revisions of documents created from here on are above this one.
  const int64_t since = seen_revision_.load();
  int64_t committed = 0;
  // No answer of an earlier try stands: each op is answered anew below.
  for (std::unique_ptr<WriteOp>& op : group) {
    op->create_result = absl::InternalError("the create was not answered");
    op->own_extractions.clear();
  }
  absl::Status status = [&]() -> absl::Status {
    // Under an isolation stricter than READ COMMITTED (engines that run
    // every transaction SERIALIZABLE, ADR 0012) a write that took the
    // counter last would be aborted whenever another committed while it
    // wrote its rows: there every writer takes the lock first (lock_first_,
    // from the database's isolation at Open, or from such an abort).
    const bool lock_first = lock_first_.load();
    // What the group's documents and request ids already are, and a new
    // row id for each document: BEGIN and the reads in one round trip.
    std::vector<std::string> request_ids, ids;
    for (const std::unique_ptr<WriteOp>& op : group) {
      if (!op->request_id.empty()) request_ids.push_back(op->request_id);
      for (const NewDocument& doc : op->documents) ids.push_back(doc.id);
    }
    std::vector<pg::Statement> reads;
    reads.push_back(pg::Statement{nullptr, "BEGIN", {}});
    reads.push_back(pg::Statement{nullptr, write_plans_, {}});
    reads.push_back(pg::Statement{nullptr, no_jit_, {}});
    if (lock_first) reads.push_back(Prepared("readout_lock_counter", kLockCounter, {}));
    reads.push_back(Prepared("readout_read_documents", ReadDocumentsSql(), {Param::TextList(ids)}));
    // Then the request ids: a replica that committed a request committed
    // its documents with it, so this later read sees its request too when
    // the one above saw its documents.
    if (!request_ids.empty()) {
      reads.push_back(
          Prepared("readout_read_requests", kReadRequests, {Param::TextList(request_ids)}));
    }
    CATALOG_ASSIGN_OR_RETURN(std::vector<pg::Result> read, c.Pipeline(reads, /*commit=*/false));
    const pg::Result& found = read[lock_first ? 4 : 3];
    std::map<std::string, v1::BatchCreateDocumentsResponse> answered;
    // Stored requests that cannot be answered with a response (their
    // own error, not the group's).
    std::map<std::string, absl::Status> unanswerable;
    if (!request_ids.empty()) {
      const pg::Result& r = read.back();
      for (int i = 0; i < r.rows(); ++i) {
        v1::BatchCreateDocumentsResponse& response = answered[std::string(r.Text(i, 0))];
        if (!response.ParseFromString(r.Bytes(i, 1))) {
          return absl::DataLossError("stored response of a request id does not parse");
        }
        if (r.IsNull(i, 2)) continue;  // Stored complete.
        if (r.IsNull(i, 3)) {
          // Reserved by a create whose rows are still pending (ADR 0057):
          // numbered first, then read again, as a pending document is.
          found_pending = true;
          return c.Rollback();
        }
        absl::Status filled =
            FillRequestRevisions(r.Text(i, 0), r.Text(i, 2), r.Text(i, 3), response);
        if (!filled.ok()) unanswerable.emplace(std::string(r.Text(i, 0)), std::move(filled));
      }
    }
    std::map<std::string, v1::CatalogDocument> stored;
    for (int i = 0; i < found.rows(); ++i) {
      if (found.IsNull(i, 1)) continue;
      if (found.Int(i, 3) == 0) {
        found_pending = true;  // Another writer's, not numbered yet.
        return c.Rollback();
      }
      CATALOG_ASSIGN_OR_RETURN(v1::CatalogDocument doc, DocumentFromRow(found, i, 1));
      stored.emplace(std::string(found.Text(i, 2)), std::move(doc));
    }
    // Each operation in queue order, as if committed one after another.
    // The new documents' revisions are known only once they are numbered,
    // at the end: until then a response names each new document's place
    // among the new rows.
    struct Unnumbered {
      WriteOp* op;
      int item;    // In op's response.
      size_t row;  // In rows.
    };
    std::vector<NewRows> rows;
    std::map<std::string, size_t> created;  // A new document's place in rows.
    std::vector<Unnumbered> unnumbered;
    std::map<std::string, WriteOp*> first_use;  // Request ids new in the group.
    std::vector<std::pair<WriteOp*, WriteOp*>> same_as;
    int next_id = 0;
    for (std::unique_ptr<WriteOp>& op : group) {
      const int first_id = next_id;
      next_id += static_cast<int>(op->documents.size());
      if (!op->request_id.empty()) {
        if (auto failed = unanswerable.find(op->request_id); failed != unanswerable.end()) {
          op->create_result = failed->second;
          continue;
        }
        auto it = answered.find(op->request_id);
        auto earlier = first_use.find(op->request_id);
        const v1::BatchCreateDocumentsResponse* before =
            it != answered.end() ? &it->second
            : earlier != first_use.end() && earlier->second->create_result.ok()
                ? &*earlier->second->create_result
                : nullptr;
        if (before != nullptr) {
          absl::Status same = CheckSameRequest(*before, op->documents);
          if (!same.ok()) {
            op->create_result = same;
          } else if (it != answered.end()) {
            op->create_result = *before;
          } else {
            same_as.emplace_back(op.get(), earlier->second);  // Copied once numbered.
          }
          continue;
        }
      }
      op->create_result = v1::BatchCreateDocumentsResponse();
      v1::BatchCreateDocumentsResponse& response = *op->create_result;
      for (size_t k = 0; k < op->documents.size(); ++k) {
        const NewDocument& doc = op->documents[k];
        v1::CreateDocumentResponse* item = response.add_responses();
        auto it = stored.find(doc.id);
        if (it != stored.end()) {
          *item->mutable_document() = it->second;
          item->set_created(false);
          continue;
        }
        auto made = created.find(doc.id);
        item->set_created(made == created.end());
        if (made == created.end()) {
          made = created.emplace(doc.id, rows.size()).first;
          rows.push_back(NewRows{&doc.id, &doc.extraction,
                                 found.Int(first_id + static_cast<int>(k), 0), 0, now});
        }
        if (op->request_id.empty()) {
          op->own_extractions.push_back(static_cast<int>(k));  // Moved in when answered.
        } else {
          *item->mutable_document()->mutable_extraction() = doc.extraction;
        }
        FillDocument(doc.id, 0, now, item->mutable_document());
        unnumbered.push_back(Unnumbered{op.get(), static_cast<int>(k), made->second});
      }
      if (!op->request_id.empty()) first_use.emplace(op->request_id, op.get());
    }
    // Numbered: the new documents' revisions, by row id. A document
    // numbered, then deleted and its change compacted before this writer
    // read its revision (kNumberedThenGone) is answered from its request's
    // stored revisions; without a request id its revision is lost, and
    // the create says so (ABORTED, CREATED_THEN_DELETED).
    auto number = [&](const std::map<int64_t, int64_t>& revision_of) -> absl::Status {
      std::map<WriteOp*, std::vector<std::string>> gone;
      for (const Unnumbered& u : unnumbered) {
        auto it = revision_of.find(rows[u.row].row);
        if (it == revision_of.end()) {
          return absl::InternalError(
              absl::StrCat("the revision of new document ", *rows[u.row].id, " was not found"));
        }
        if (it->second == kNumberedThenGone) {
          gone[u.op].push_back(*rows[u.row].id);
          continue;
        }
        FillDocument(*rows[u.row].id, it->second, now,
                     u.op->create_result->mutable_responses(u.item)->mutable_document());
      }
      if (!gone.empty()) CATALOG_RETURN_IF_ERROR(AnswerGone(c, gone));
      for (auto& [op, earlier] : same_as) op->create_result = earlier->create_result;
      return absl::OkStatus();
    };
    // The responses of new request ids, stored in the transaction that
    // writes their rows: complete when the request creates nothing, else
    // reserved, each new item's row id listed (ADR 0057).
    std::vector<std::string> reserved;
    auto store_requests = [&]() -> pg::Statement {
      std::vector<std::string> request_keys, responses, doc_rows;
      std::vector<int64_t> times;
      for (auto& [request_id, op] : first_use) {
        std::vector<int64_t> items(static_cast<size_t>(op->create_result->responses_size()), 0);
        bool pending = false;
        for (const Unnumbered& u : unnumbered) {
          if (u.op != op) continue;
          items[static_cast<size_t>(u.item)] = rows[u.row].row;
          pending = true;
        }
        request_keys.push_back(request_id);
        responses.push_back(op->create_result->SerializeAsString());
        times.push_back(now);
        doc_rows.push_back(pending ? absl::StrCat("{", absl::StrJoin(items, ","), "}") : "");
        if (pending) reserved.push_back(request_id);
      }
      return Prepared("readout_insert_requests", kInsertRequests,
                      {Param::TextList(request_keys), Param::BytesList(responses),
                       Param::IntList(times), Param::TextList(doc_rows)});
    };
    if (rows.empty()) {
      CATALOG_RETURN_IF_ERROR(number({}));
      // A request whose documents were all stored before is recorded as on
      // SQLite: its retry after a delete gets this answer, not a new create.
      if (first_use.empty()) return c.Commit();
      return c.Pipeline({store_requests()}, /*commit=*/true).status();
    }
    // Row ids in queue order (the sequence gave them in some order), so
    // that numbering in row id order numbers the group in its order.
    {
      std::vector<int64_t> ordered;
      for (const NewRows& row : rows) ordered.push_back(row.row);
      std::sort(ordered.begin(), ordered.end());
      for (size_t i = 0; i < rows.size(); ++i) rows[i].row = ordered[i];
    }
    // The rows (in id order, so that two groups sharing documents wait for
    // each other's unique ids in one order rather than deadlock), listed as
    // pending, the group's new request ids reserved, then the numbering
    // statement and the COMMIT, all in one pipeline: the rows are written
    // with no lock held (unless lock_first), while other writers write
    // theirs. The numbering statement takes the counter's row lock only if
    // it is free (ADR 0052): then it numbers every pending document, the
    // group's among them, completes every reserved request, and the lock
    // is held through the commit's flush, which makes them visible. If
    // another writer holds it, the statement numbers nothing, and the
    // COMMIT makes the rows and reservations pending only, its flush shared
    // with the other writers' commits; then the writer waits until its rows
    // are numbered, by another writer or by itself (AwaitNumbered).
    std::vector<NewRows> by_id = rows;
    std::sort(by_id.begin(), by_id.end(),
              [](const NewRows& a, const NewRows& b) { return *a.id < *b.id; });
    std::vector<pg::Statement> write;
    // Titles enter position_titles when the rows are numbered.
    write.push_back(RowsStatement(by_id, nullptr));
    std::vector<int64_t> row_ids;
    for (const NewRows& row : rows) row_ids.push_back(row.row);
    write.push_back(Prepared("readout_insert_pending", kInsertPending, {Param::IntList(row_ids)}));
    if (!first_use.empty()) write.push_back(store_requests());
    if (!reserved.empty()) {
      write.push_back(Prepared("readout_insert_pending_requests", kInsertPendingRequests,
                               {Param::TextList(reserved)}));
    }
    write.push_back(NumberPendingStatement(lock_first, now));
    const size_t numbering = write.size() - 1;
    if (!lock_first) {
      // Rows left pending are committed without waiting for their flush:
      // nothing reads them, and the commit that numbers them, which does
      // wait, comes later in the WAL and flushes them with it (a crash
      // before that loses unacknowledged, invisible rows only). Numbered
      // here, they wait for the flush as every acknowledged write does.
      write.push_back(
          Prepared("readout_pending_commit", kPendingCommit, {Param::Int(row_ids.front())}));
    }
    // Listed before they commit pending, so that the writer that numbers
    // them can tell this one (AwaitNumbered).
    std::optional<AwaitedRows> awaited;
    if (!lock_first) awaited.emplace(this, row_ids, since);
    CATALOG_ASSIGN_OR_RETURN(std::vector<pg::Result> written, c.Pipeline(write, /*commit=*/true));
    Numbered numbered;
    AddNumbered(written[numbering], numbered);
    if (numbered.revision_of.empty()) {
      // The counter was busy: the rows committed as pending.
      ++pending_creates_;
      if (options_.after_pending_commit) {
        options_.after_pending_commit(c, written[numbering + 1].Text(0, 0));
      }
      absl::StatusOr<Numbered> later =
          AwaitNumbered(c, *awaited, row_ids, since,
                        absl::Now() + absl::Milliseconds(options_.statement_timeout_ms));
      // Run again, the group would find its own rows stored: whatever the
      // error, it is not one to run the group again for.
      if (!later.ok() && pg::IsConflict(later.status())) {
        return Unavailable(later.status().message());
      }
      CATALOG_RETURN_IF_ERROR(later.status());
      numbered = std::move(*later);
    } else {
      ++numberings_;
      // Committed in the pipeline: wakes this replica's waiting writers,
      // which find their revisions among these.
      NoteNumbered(numbered.revision_of);
      Publish(numbered.last);
    }
    committed = numbered.last;
    return number(numbered.revision_of);
  }();
  if (!status.ok() && !c.broken() && c.in_transaction()) c.Rollback().IgnoreError();
  if (pg::ConflictState(status) == "40001") lock_first_ = true;
  // A unique violation here is a concurrent writer of the same new
  // document or request id that committed first: run again, the group
  // finds what it stored.
  CATALOG_RETURN_IF_ERROR(pg::ConflictWhen(status, "23505"));
  return committed;
}

absl::Status PostgresStore::AnswerGone(pg::Connection& c,
                                       const std::map<WriteOp*, std::vector<std::string>>& gone) {
  std::vector<std::string> request_ids;
  for (const auto& [op, ids] : gone) {
    if (!op->request_id.empty()) request_ids.push_back(op->request_id);
  }
  std::map<std::string, std::pair<std::string, std::string>> stored;
  if (!request_ids.empty()) {
    CATALOG_ASSIGN_OR_RETURN(pg::Result r,
                             c.Exec(kReadRequestRevisions, {Param::TextList(request_ids)}));
    for (int i = 0; i < r.rows(); ++i) {
      if (r.IsNull(i, 1) || r.IsNull(i, 2)) continue;
      stored[std::string(r.Text(i, 0))] = {std::string(r.Text(i, 1)), std::string(r.Text(i, 2))};
    }
  }
  for (const auto& [op, ids] : gone) {
    auto it = stored.find(op->request_id);
    if (op->request_id.empty() || it == stored.end()) {
      std::vector<std::string> names;
      for (const std::string& id : ids) names.push_back(DocumentName(id));
      op->create_result = CreatedThenDeleted(names, !op->request_id.empty());
      continue;
    }
    absl::Status filled = FillRequestRevisions(op->request_id, it->second.first, it->second.second,
                                               *op->create_result);
    if (!filled.ok()) op->create_result = std::move(filled);
  }
  return absl::OkStatus();
}

pg::Statement PostgresStore::NumberPendingStatement(bool locked, int64_t now) const {
  return Prepared(
      locked ? "readout_number_locked" : "readout_number_pending", NumberPendingSql(locked),
      {Param::Int(options_.history_limit), Param::Int(now - kRequestIdTtlMicros), Param::Int(now)});
}

void PostgresStore::AddNumbered(const pg::Result& r, Numbered& numbered) {
  for (int i = 0; i < r.rows(); ++i) {
    numbered.requests = r.Int(i, 3);
    if (r.IsNull(i, 0)) continue;  // Nothing numbered.
    numbered.revision_of[r.Int(i, 0)] = r.Int(i, 1);
    numbered.last = std::max(numbered.last, r.Int(i, 1));
  }
}

absl::StatusOr<PostgresStore::Numbered> PostgresStore::NumberPending(
    pg::Connection& c, const std::vector<int64_t>& rows, int64_t since) {
  const int64_t now = options_.now_micros();
  // The lock first, then the numbering statement: its snapshot, taken once
  // the lock is held, sees every document committed pending before, and
  // every revision the lock's previous holders gave.
  std::vector<pg::Statement> number = {
      pg::Statement{nullptr, "BEGIN", {}}, pg::Statement{nullptr, write_plans_, {}},
      pg::Statement{nullptr, no_jit_, {}}, Prepared("readout_lock_counter", kLockCounter, {}),
      NumberPendingStatement(/*locked=*/true, now)};
  if (!rows.empty()) {
    number.push_back(Prepared("readout_read_numbered", kReadNumbered,
                              {Param::IntList(rows), Param::Int(since)}));
  }
  absl::StatusOr<std::vector<pg::Result>> done = c.Pipeline(number, /*commit=*/false);
  if (!done.ok()) {
    if (!c.broken() && c.in_transaction()) c.Rollback().IgnoreError();
    return done.status();
  }
  Numbered numbered;
  AddNumbered((*done)[4], numbered);
  const bool numbered_any = !numbered.revision_of.empty();
  // Requests completed with no row numbered (left reserved by a numbering
  // of the version before) are committed too.
  const bool wrote = numbered_any || numbered.requests > 0;
  if (!rows.empty()) {
    // Numbered here or by another writer meanwhile.
    const pg::Result& own = (*done)[5];
    for (int i = 0; i < own.rows(); ++i) {
      numbered.revision_of[own.Int(i, 0)] = own.Int(i, 1);
      numbered.last = std::max(numbered.last, own.Int(i, 1));
    }
    for (int64_t row : rows) {
      if (numbered.revision_of.count(row) == 0) {
        if (c.in_transaction()) c.Rollback().IgnoreError();
        return absl::InternalError(
            absl::StrCat("pending row ", row, " was not numbered though the counter was locked"));
      }
    }
  }
  // A transaction that numbered nothing wrote nothing worth a flush.
  CATALOG_RETURN_IF_ERROR(wrote ? c.Commit() : c.Rollback());
  if (numbered_any) ++numberings_;
  NoteNumbered(numbered.revision_of);
  return numbered;
}

void PostgresStore::NoteNumbered(const std::map<int64_t, int64_t>& revision_of) {
  if (revision_of.empty()) return;
  absl::MutexLock lock(&awaited_mu_);
  for (auto& [row, awaited] : awaited_) {
    if (awaited.revision != 0) continue;
    auto it = revision_of.find(row);
    // A row read as numbered then gone (kNumberedThenGone) may be one that
    // another writer listed but had not committed yet, invisible: only
    // its own writer, whose rows are committed, takes that answer.
    if (it != revision_of.end() && it->second > 0) awaited.revision = it->second;
  }
}

absl::StatusOr<PostgresStore::Numbered> PostgresStore::AwaitNumbered(
    pg::Connection& c, const AwaitedRows& listed, const std::vector<int64_t>& rows, int64_t since,
    absl::Time until) {
  // The rows are listed in awaited_ (AwaitedRows). One waiting writer of
  // this replica at a time tries to number (NumberIfFree, one round trip:
  // the numbering statement, which takes the counter's lock only if it is
  // free and something is pending, the revisions of every awaited row,
  // and the COMMIT, a flush only if it numbered); every writer that
  // numbers notes the revisions it gave (NoteNumbered). A writer tries
  // only when a newer revision was published (its own writers', or another
  // replica's NOTIFY: the lock was released) since its rows were listed
  // and since the last try began, or after waiting kNumberedPoll for one:
  // the waiting writers neither queue on the lock nor each run a
  // transaction to learn that another numbered their rows (ADR 0055).
  constexpr absl::Duration kNumberedPoll = absl::Milliseconds(20);
  bool waited_in_vain = false;
  while (true) {
    std::vector<int64_t> unknown;
    int64_t from = since;
    bool too_long = false;
    {
      absl::MutexLock lock(&awaited_mu_);
      Numbered numbered;
      for (int64_t row : rows) {
        auto it = awaited_.find(row);
        if (it == awaited_.end() || it->second.revision == 0) break;
        numbered.revision_of[row] = it->second.revision;
        numbered.last = std::max(numbered.last, it->second.revision);
      }
      if (numbered.revision_of.size() == rows.size()) {
        ++handed_over_;  // Numbered by another writer's transaction.
        return numbered;
      }
      too_long = absl::Now() >= until;
      if (too_long) {
        // Handled below, without the mutex.
      } else if (trying_ || (!waited_in_vain && (published_epoch_ == listed.epoch() ||
                                                 published_epoch_ == tried_at_))) {
        const int64_t epoch = published_epoch_, ended = tries_ended_;
        auto moved = [this, epoch, ended]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(awaited_mu_) {
          return published_epoch_ != epoch || tries_ended_ != ended;
        };
        waited_in_vain = !awaited_mu_.AwaitWithTimeout(absl::Condition(&moved), kNumberedPoll);
        continue;
      } else {
        trying_ = true;
        tried_at_ = published_epoch_;
        for (const auto& [row, awaited] : awaited_) {
          if (awaited.revision != 0) continue;
          unknown.push_back(row);
          from = std::min(from, awaited.since);
        }
      }
    }
    if (too_long) {
      // Past the time a writer should ever need: wait for the lock.
      return NumberPendingAgain(c, rows, since,
                                absl::Now() + absl::Milliseconds(options_.statement_timeout_ms));
    }
    waited_in_vain = false;
    absl::StatusOr<Numbered> numbered = NumberIfFree(c, unknown, from);
    {
      absl::MutexLock lock(&awaited_mu_);
      trying_ = false;
      ++tries_ended_;
    }
    CATALOG_RETURN_IF_ERROR(numbered.status());
    if (std::all_of(rows.begin(), rows.end(),
                    [&](int64_t row) { return numbered->revision_of.count(row) > 0; })) {
      if (std::any_of(rows.begin(), rows.end(), [&](int64_t row) {
            return numbered->revision_of[row] == kNumberedThenGone;
          })) {
        // Read as gone: perhaps numbered, deleted and compacted by a
        // delete of this replica that committed and has not noted yet.
        absl::MutexLock lock(&awaited_mu_);
        auto noted = [this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(awaited_mu_) {
          return deletes_noting_ == 0;
        };
        awaited_mu_.Await(absl::Condition(&noted));
        for (int64_t row : rows) {
          auto it = awaited_.find(row);
          if (it == awaited_.end() || it->second.revision <= 0) continue;
          numbered->revision_of[row] = it->second.revision;
          numbered->last = std::max(numbered->last, it->second.revision);
        }
      }
      return *std::move(numbered);
    }
  }
}

absl::StatusOr<PostgresStore::Numbered> PostgresStore::NumberIfFree(
    pg::Connection& c, const std::vector<int64_t>& rows, int64_t since) {
  const int64_t now = options_.now_micros();
  std::vector<pg::Statement> tries = {
      pg::Statement{nullptr, "BEGIN", {}}, pg::Statement{nullptr, write_plans_, {}},
      pg::Statement{nullptr, no_jit_, {}}, NumberPendingStatement(/*locked=*/false, now)};
  if (!rows.empty()) {
    tries.push_back(Prepared("readout_read_numbered", kReadNumbered,
                             {Param::IntList(rows), Param::Int(since)}));
  }
  CATALOG_ASSIGN_OR_RETURN(std::vector<pg::Result> tried, c.Pipeline(tries, /*commit=*/true));
  Numbered numbered;
  AddNumbered(tried[3], numbered);
  const int64_t numbered_last = numbered.last;
  if (!rows.empty()) {
    for (int i = 0; i < tried[4].rows(); ++i) {
      numbered.revision_of[tried[4].Int(i, 0)] = tried[4].Int(i, 1);
      numbered.last = std::max(numbered.last, tried[4].Int(i, 1));
    }
  }
  // Committed: the waiting writers may take their revisions.
  NoteNumbered(numbered.revision_of);
  if (numbered_last > 0) {
    ++numberings_;
    // Wakes this replica's waiting writers now, not after the callbacks
    // of the caller's group.
    Publish(numbered_last);
  }
  return numbered;
}

absl::StatusOr<PostgresStore::Numbered> PostgresStore::NumberPendingAgain(
    pg::Connection& c, const std::vector<int64_t>& rows, int64_t since, absl::Time until) {
  return RunAgain<absl::StatusOr<Numbered>>(
      std::numeric_limits<int>::max(), until,
      [](const absl::StatusOr<Numbered>& r) { return pg::IsConflict(r.status()); },
      [&] { return NumberPending(c, rows, since); }, &write_retries_);
}

void PostgresStore::SweepPending(int64_t oldest_pending) {
  // Called by the listener at each poll with the oldest pending row (0:
  // none; -1: no row but a reserved request, which a numbering of the
  // version before can leave, ADR 0057). A row pending for more than a second was left by a writer
  // that stopped between its two transactions (a create's second one waits for the counter only as
  // long as the commits before it take). The sweep numbers them only if the counter's lock is free:
  // its holder numbers every pending row anyway, and the listener, which delivers the
  // notifications, never waits on it.
  const absl::Time now = absl::Now();
  if (oldest_pending != oldest_pending_) {
    oldest_pending_ = oldest_pending;
    oldest_pending_since_ = now;
    return;
  }
  if (oldest_pending == 0 || now - oldest_pending_since_ < absl::Seconds(1)) return;
  absl::StatusOr<Lease> lease =
      Acquire(primary_, now + absl::Milliseconds(options_.statement_timeout_ms));
  if (!lease.ok()) return;
  NumberIfFree(**lease, {}, 0).IgnoreError();
}

pg::Statement PostgresStore::RowsStatement(const std::vector<NewRows>& docs,
                                           std::vector<std::string>* titles) {
  // One array per column of each table.
  std::vector<int64_t> rowid, revision, create_us, published, event_date;
  std::vector<std::string> id, title_lc, extraction, keys, title, body, lexeme;
  std::vector<std::string> person_key, person_name, person_name_lc;
  std::vector<int64_t> person_date, person_doc;
  std::vector<int64_t> position_doc;
  std::vector<std::string> position_key, position_title, position_title_lc;
  std::vector<std::string> org_name;
  std::vector<int64_t> org_date, org_doc;
  std::vector<int64_t> event_doc, event_idx, event_type, event_date_of;
  std::vector<std::string> event_name, event_location, event_location_lc;
  std::vector<int64_t> participant_doc, participant_event, participant_role;
  std::vector<std::string> participant_key;
  std::set<std::string> distinct_titles;
  for (const NewRows& doc : docs) {
    IndexRows rows = IndexRowsOf(*doc.extraction);
    const int64_t row = doc.row;
    rowid.push_back(row);
    id.push_back(*doc.id);
    revision.push_back(doc.revision);
    create_us.push_back(doc.create_us);
    published.push_back(rows.published);
    event_date.push_back(rows.event_date);
    keys.push_back(TextArray(FilterKeysOf(rows)));
    title_lc.push_back(std::move(rows.title_lc));
    extraction.push_back(std::move(rows.blob));
    title.push_back(std::move(rows.title));
    body.push_back(std::move(rows.text));
    lexeme.push_back(SearchWindowLexeme(row));
    for (IndexRows::Person& p : rows.persons) {
      person_key.push_back(std::move(p.key));
      person_date.push_back(rows.event_date);
      person_doc.push_back(row);
      person_name.push_back(std::move(p.name));
      person_name_lc.push_back(std::move(p.name_lc));
    }
    for (IndexRows::Position& p : rows.positions) {
      if (titles != nullptr) distinct_titles.insert(p.title_lc);
      position_doc.push_back(row);
      position_key.push_back(std::move(p.key));
      position_title.push_back(std::move(p.title));
      position_title_lc.push_back(std::move(p.title_lc));
    }
    for (const std::string& org : rows.orgs) {
      org_name.push_back(org);
      org_date.push_back(rows.event_date);
      org_doc.push_back(row);
    }
    for (size_t i = 0; i < rows.events.size(); ++i) {
      IndexRows::Event& e = rows.events[i];
      event_doc.push_back(row);
      event_idx.push_back(static_cast<int64_t>(i));
      event_type.push_back(e.type);
      event_date_of.push_back(e.date);
      event_name.push_back(std::move(e.name));
      event_location.push_back(std::move(e.location));
      event_location_lc.push_back(std::move(e.location_lc));
      for (auto& [key, role] : e.participants) {
        participant_doc.push_back(row);
        participant_event.push_back(static_cast<int64_t>(i));
        participant_key.push_back(key);
        participant_role.push_back(role);
      }
    }
  }
  // Sorted: writers that add titles take their keys in one order.
  if (titles != nullptr) titles->assign(distinct_titles.begin(), distinct_titles.end());
  return Prepared("readout_insert_rows", kInsertRows,
                  {Param::IntList(rowid),
                   Param::TextList(id),
                   Param::IntList(revision),
                   Param::IntList(create_us),
                   Param::IntList(published),
                   Param::IntList(event_date),
                   Param::TextList(title_lc),
                   Param::BytesList(extraction),
                   Param::TextList(keys),
                   Param::TextList(title),
                   Param::TextList(body),
                   Param::TextList(lexeme),
                   Param::TextList(person_key),
                   Param::IntList(person_date),
                   Param::IntList(person_doc),
                   Param::TextList(person_name),
                   Param::TextList(person_name_lc),
                   Param::IntList(position_doc),
                   Param::TextList(position_key),
                   Param::TextList(position_title),
                   Param::TextList(position_title_lc),
                   Param::TextList(org_name),
                   Param::IntList(org_date),
                   Param::IntList(org_doc),
                   Param::IntList(event_doc),
                   Param::IntList(event_idx),
                   Param::IntList(event_type),
                   Param::IntList(event_date_of),
                   Param::TextList(event_name),
                   Param::TextList(event_location),
                   Param::TextList(event_location_lc),
                   Param::IntList(participant_doc),
                   Param::IntList(participant_event),
                   Param::TextList(participant_key),
                   Param::IntList(participant_role)});
}

absl::StatusOr<std::vector<v1::CatalogDocument>> PostgresStore::ScanDocuments(int64_t after,
                                                                              int limit) {
  CATALOG_ASSIGN_OR_RETURN(Lease lease, Acquire());
  pg::Connection& c = *lease;
  std::vector<v1::CatalogDocument> docs;
  // In revision order, which row ids do not follow (ADR 0046): each stretch
  // of revisions read through what indexes it. One snapshot for all.
  CATALOG_RETURN_IF_ERROR(
      InTransaction(c, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", [&]() -> absl::Status {
        CATALOG_ASSIGN_OR_RETURN(pg::Result state,
                                 c.Exec("SELECT compacted, (SELECT value FROM meta WHERE key = "
                                        "'copied_from_revision'), revision FROM revision_counter"));
        const int64_t compacted = state.Int(0, 0);
        const int64_t counter = state.Int(0, 2);
        int64_t copied = 0;
        if (!state.IsNull(0, 1) && !absl::SimpleAtoi(state.Bytes(0, 1), &copied)) copied = 0;
        // Reads the rest of a page from `from_where_order` (params $1..);
        // true when the stretch it reads has no more.
        auto take = [&](absl::string_view from_where_order,
                        std::vector<Param> params) -> absl::StatusOr<bool> {
          const int wanted = limit - static_cast<int>(docs.size());
          params.push_back(Param::Int(wanted));
          CATALOG_ASSIGN_OR_RETURN(pg::Result r,
                                   c.Exec(absl::StrCat("SELECT ", kDocumentColumns, " FROM ",
                                                       from_where_order, " LIMIT $", params.size()),
                                          params));
          for (int i = 0; i < r.rows(); ++i) {
            CATALOG_ASSIGN_OR_RETURN(v1::CatalogDocument doc, DocumentFromRow(r, i, 0));
            after = doc.revision();
            docs.push_back(std::move(doc));
          }
          return r.rows() < wanted;
        };
        // Copied documents (CopyIn): row id = revision, later ones above.
        if (after < copied) {
          CATALOG_ASSIGN_OR_RETURN(
              bool done, take("docs d WHERE d.rowid > $1 AND d.rowid <= $2 ORDER BY d.rowid",
                              {Param::Int(after), Param::Int(copied)}));
          if (!done) return absl::OkStatus();
          after = std::max(after, copied);
        }
        // Compacted from the history: nothing in the database indexes their
        // revisions (ADR 0045), so the rows of the whole stretch are read
        // in one pass over docs (ReadScanRows) and kept in scan_rows_ for
        // every page of every scan that follows, until the compacted
        // stretch moves past them; each page then reads its documents by
        // row id.
        if (after < compacted) {
          auto take_compacted = [&]() -> absl::StatusOr<bool> {
            // Whether `rows` lists every document of this page's stretch.
            auto covers = [&](const std::shared_ptr<const ScanRows>& rows) {
              return rows != nullptr && rows->upto >= compacted && rows->from <= after;
            };
            std::shared_ptr<const ScanRows> held;
            {
              absl::MutexLock lock(&scan_mu_);
              held = scan_rows_;
            }
            if (!covers(held)) {
              CATALOG_ASSIGN_OR_RETURN(held, ReadScanRows(c, copied, compacted, counter));
              // Put in place unless another scan put one that covers this
              // stretch meanwhile (a list that covers it covers no less
              // than this one). The list replaced is let go of after the
              // lock, so freeing it never holds up another scan.
              std::shared_ptr<const ScanRows> replaced;
              {
                absl::MutexLock lock(&scan_mu_);
                if (!covers(scan_rows_)) {
                  replaced = std::move(scan_rows_);
                  scan_rows_ = held;
                }
              }
            }
            const std::vector<std::pair<int64_t, int64_t>>& rows_held = held->rows;
            auto next = std::upper_bound(rows_held.begin(), rows_held.end(),
                                         std::make_pair(after, CreatedRows::kNoRow));
            while (static_cast<int>(docs.size()) < limit && next != rows_held.end() &&
                   next->first <= compacted) {
              std::vector<int64_t> rows, revisions;
              for (; next != rows_held.end() && next->first <= compacted &&
                     rows.size() < static_cast<size_t>(limit) - docs.size();
                   ++next) {
                revisions.push_back(next->first);
                rows.push_back(next->second);
              }
              // Gone since the rows were read (deleted): not found here.
              CATALOG_ASSIGN_OR_RETURN(
                  pg::Result r,
                  c.Exec(absl::StrCat("SELECT ", kDocumentColumns,
                                      " FROM unnest($1::bigint[], $2::bigint[]) WITH ORDINALITY "
                                      "AS u(rowid, revision, k) JOIN docs d ON d.rowid = u.rowid "
                                      "AND d.revision = u.revision ORDER BY u.k"),
                         {Param::IntList(rows), Param::IntList(revisions)}));
              for (int i = 0; i < r.rows(); ++i) {
                CATALOG_ASSIGN_OR_RETURN(v1::CatalogDocument doc, DocumentFromRow(r, i, 0));
                docs.push_back(std::move(doc));
              }
              after = revisions.back();
            }
            // Past the stretch: this scan's next pages read the history.
            // The list stays in place for the other scans, still in the
            // middle of the stretch or yet to start.
            return next == rows_held.end() || next->first > compacted;
          };
          CATALOG_ASSIGN_OR_RETURN(bool done, take_compacted());
          if (!done) return absl::OkStatus();
          after = std::max(after, compacted);
        }
        // The history: each create's change names its row.
        return take(
                   "changes c JOIN docs d ON d.rowid = c.doc_row AND d.revision = c.revision "
                   "WHERE c.revision > $1 AND c.type = 1 ORDER BY c.revision",
                   {Param::Int(after)})
            .status();
      }));
  return docs;
}

absl::StatusOr<std::shared_ptr<const PostgresStore::ScanRows>> PostgresStore::ReadScanRows(
    pg::Connection& c, int64_t copied, int64_t compacted, int64_t counter) {
  ++scan_row_reads_;
  // One pass over docs for the compacted stretch (its revision has no
  // index); the history's own stretch from its changes, indexed by
  // revision: both hold until the history moves past `counter`.
  CATALOG_ASSIGN_OR_RETURN(
      pg::Result r,
      c.Exec("SELECT revision, rowid FROM docs WHERE revision > $1 AND revision <= $2 UNION ALL "
             "SELECT c.revision, c.doc_row FROM changes c WHERE c.revision > $2 AND "
             "c.revision <= $3 AND c.type = 1",
             {Param::Int(copied), Param::Int(compacted), Param::Int(counter)}));
  auto held = std::make_shared<ScanRows>();
  held->rows.reserve(static_cast<size_t>(r.rows()));
  for (int i = 0; i < r.rows(); ++i) held->rows.emplace_back(r.Int(i, 0), r.Int(i, 1));
  std::sort(held->rows.begin(), held->rows.end());
  held->from = copied;
  held->upto = counter;
  return std::shared_ptr<const ScanRows>(std::move(held));
}

absl::StatusOr<VerifySummary> PostgresStore::Verify(const VerifyOptions& options) {
  constexpr int kChunk = 500;
  VerifyProgress progress;
  {
    CATALOG_ASSIGN_OR_RETURN(Lease lease, Acquire());
    CATALOG_ASSIGN_OR_RETURN(pg::Result count,
                             lease->Exec("SELECT count(*) FROM docs WHERE revision > 0"));
    progress.documents_total = count.rows() > 0 ? count.Int(0, 0) : 0;
  }
  int64_t after = 0;
  while (true) {
    CATALOG_ASSIGN_OR_RETURN(Lease lease, Acquire());
    // The next chunk: the documents after the last one checked, by row id.
    CATALOG_ASSIGN_OR_RETURN(
        pg::Result r,
        lease->Exec(
            absl::StrCat(
                "SELECT ", kDocumentColumns,
                " FROM docs d WHERE d.rowid > $1 AND d.revision > 0 ORDER BY d.rowid LIMIT $2"),
            {Param::Int(after), Param::Int(kChunk)}));
    for (int i = 0; i < r.rows(); ++i) {
      after = r.Int(i, 0);
      absl::StatusOr<v1::CatalogDocument> doc = DocumentFromRow(r, i, 0);
      if (doc.ok()) continue;
      std::optional<VerifyProblem> problem = RecordProblem(doc.status(), r.Text(i, 1), r.Int(i, 2));
      if (!problem.has_value()) return doc.status();
      ++progress.problems_found;
      if (options.on_problem) options.on_problem(*problem);
    }
    progress.documents_checked += r.rows();
    if (options.on_progress && !options.on_progress(progress)) {
      return absl::CancelledError("the verification was cancelled");
    }
    if (r.rows() < kChunk) break;
  }
  if (options.check_index) {
    CATALOG_RETURN_IF_ERROR(VerifySideRows(options, progress));
  }
  VerifySummary summary;
  summary.documents_checked = progress.documents_checked;
  summary.problems_found = progress.problems_found;
  summary.index_checked = options.check_index;
  return summary;
}

// Schema version 8 dropped the foreign keys from the side tables to docs,
// and a delete finds a document's side rows by the keys its row lists
// (DeleteDocumentSql): a side row whose document is gone, or whose key the
// document's filter_keys do not name (so that its delete would leave it
// behind), is reported as an orphan index row. Each side table is read in
// ranges of its physical blocks (a TID range scan: no index on `doc` is
// needed, and no statement reads more than kBlocks blocks, so each stays
// well inside the statement timeout), and each row found probes docs by
// primary key (the lateral subquery with OFFSET 0 keeps the plan a nested
// loop, never a hash of all of docs per range). The whole check reads
// every side table once plus one docs lookup per side row: at 1M documents
// (some 20 side rows each) minutes, as long as the records' walk or more.
// Each range is one statement, so its snapshot sees a document and its
// side rows together: a create or delete committing meanwhile, which
// writes or removes both in one transaction, is never reported.
absl::Status PostgresStore::VerifySideRows(const VerifyOptions& options, VerifyProgress& progress) {
  struct SideTable {
    const char* table;
    const char* doc;  // The column naming the document's row.
    // SQL true when the document's row `d` names the side row `s`.
    const char* named;
    // The side row's key as the report shows it.
    const char* key;
  };
  static constexpr SideTable kSideTables[] = {
      {"persons", "doc",
       "d.event_date = s.event_date AND d.filter_keys @> ARRAY['person:' || s.key]",
       "'person:' || s.key"},
      {"positions", "doc", "d.filter_keys @> ARRAY['title:' || s.title_lc]",
       "'title:' || s.title_lc"},
      {"orgs", "doc",
       "d.event_date = s.event_date AND d.filter_keys @> ARRAY['organization:' || s.name_lc]",
       "'organization:' || s.name_lc"},
      {"events", "doc", "d.filter_keys @> ARRAY['location:' || s.location_lc]",
       "'location:' || s.location_lc"},
      {"participants", "doc", "d.filter_keys @> ARRAY['participant.' || s.role || ':' || s.key]",
       "'participant.' || s.role || ':' || s.key"},
      {"search_rows", "rowid", "true", "''"},
      {"pending_docs", "rowid", "true", "''"},
  };
  constexpr int64_t kBlocks = 1024;  // 8 MB of a side table per statement.
  for (const SideTable& t : kSideTables) {
    int64_t blocks = 0;
    {
      CATALOG_ASSIGN_OR_RETURN(Lease lease, Acquire());
      CATALOG_ASSIGN_OR_RETURN(
          pg::Result size, lease->Exec(absl::StrCat("SELECT pg_relation_size('", t.table,
                                                    "') / current_setting('block_size')::bigint")));
      blocks = size.rows() > 0 ? size.Int(0, 0) : 0;
    }
    const std::string sql =
        absl::StrCat("SELECT s.", t.doc, ", d.id, coalesce(d.revision, 0), d.named IS NOT NULL, ",
                     t.key, " FROM ", t.table, " s LEFT JOIN LATERAL (SELECT d.id, d.revision, (",
                     t.named, ") AS named FROM docs d WHERE d.rowid = s.", t.doc,
                     " OFFSET 0) d ON true WHERE s.ctid >= $1::tid AND s.ctid < $2::tid AND "
                     "(d.id IS NULL OR NOT d.named) ORDER BY 1");
    // The last range is open: rows the table grew by since its size was read.
    for (int64_t from = 0; from < blocks; from += kBlocks) {
      const bool last = from + kBlocks >= blocks;
      CATALOG_ASSIGN_OR_RETURN(Lease lease, Acquire());
      CATALOG_ASSIGN_OR_RETURN(
          pg::Result r,
          lease->Exec(sql, {Param::Text(absl::StrCat("(", from, ",0)")),
                            Param::Text(last ? std::string("(4294967295,65535)")
                                             : absl::StrCat("(", from + kBlocks, ",0)"))}));
      for (int i = 0; i < r.rows(); ++i) {
        VerifyProblem problem;
        problem.kind = VerifyProblem::Kind::kOrphanIndexRow;
        const int64_t row = r.Int(i, 0);
        const bool stored = !r.IsNull(i, 1);
        const std::string key(r.Text(i, 4));
        const std::string what = absl::StrCat(t.table, " has a row", key.empty() ? "" : " (", key,
                                              key.empty() ? "" : ")", " for the document ");
        if (stored) {
          problem.document_id = std::string(r.Text(i, 1));
          problem.revision = r.Int(i, 2);
          problem.detail =
              absl::StrCat(what, problem.document_id, " (row ", row,
                           "), whose filter_keys do not name it: its delete would leave it behind");
        } else {
          problem.detail = absl::StrCat(what, "of row ", row, ", which docs does not store");
        }
        ++progress.problems_found;
        if (options.on_problem) options.on_problem(problem);
      }
      if (options.on_progress && !options.on_progress(progress)) {
        return absl::CancelledError("the verification was cancelled");
      }
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<PostgresStore::CopyResult> PostgresStore::CopyIn(
    int64_t source_revision, const std::string& token_secret,
    const std::function<absl::StatusOr<bool>(v1::CatalogDocument*)>& next) {
  CATALOG_ASSIGN_OR_RETURN(Lease lease, Acquire());
  pg::Connection& c = *lease;
  CopyResult result;
  // No statement timeout: a copy of a large catalog is one long transaction.
  CATALOG_RETURN_IF_ERROR(c.Run("SET statement_timeout = 0"));
  absl::Status status = InTransaction(c, BeginWrite(), [&]() -> absl::Status {
    // The counter's row lock keeps every replica's writes out until the
    // copy commits (or fails, leaving the database as it was).
    CATALOG_RETURN_IF_ERROR(c.Run("SELECT 1 FROM revision_counter FOR UPDATE"));
    // A pending document is numbered first (ADR 0052): a catalog, however
    // young, is not copied over.
    const int64_t now = options_.now_micros();
    const pg::Statement numbering = NumberPendingStatement(/*locked=*/true, now);
    CATALOG_RETURN_IF_ERROR(c.Exec(numbering.sql, numbering.params).status());
    CATALOG_ASSIGN_OR_RETURN(pg::Result counter, c.Exec("SELECT revision FROM revision_counter"));
    CATALOG_ASSIGN_OR_RETURN(pg::Result copied,
                             c.Exec("SELECT value FROM meta WHERE key = 'copied_from_revision'"));
    if (counter.Int(0, 0) != 0) {
      if (copied.rows() > 0 && copied.Bytes(0, 0) == absl::StrCat(source_revision) &&
          counter.Int(0, 0) == source_revision) {
        result.already_copied = true;
        return absl::OkStatus();
      }
      return MakeError(
          absl::StatusCode::kFailedPrecondition, "CATALOG_NOT_EMPTY",
          absl::StrCat("the target database holds a catalog already (revision ", counter.Int(0, 0),
                       copied.rows() > 0
                           ? absl::StrCat(", copied at source revision ", copied.Bytes(0, 0))
                           : std::string(),
                       "); copy into an empty database"));
    }
    // Written kChunk documents per statement of rows.
    constexpr size_t kChunk = 500;
    std::vector<v1::CatalogDocument> chunk(kChunk);
    std::vector<std::string> ids(kChunk);
    std::vector<NewRows> rows;
    int64_t last = 0;
    bool more = true;
    while (more) {
      rows.clear();
      while (rows.size() < kChunk) {
        v1::CatalogDocument& doc = chunk[rows.size()];
        doc.Clear();
        CATALOG_ASSIGN_OR_RETURN(more, next(&doc));
        if (!more) break;
        if (doc.revision() <= last || doc.revision() > source_revision) {
          return absl::InvalidArgumentError(
              absl::StrCat("document ", doc.name(), " has revision ", doc.revision(),
                           ", not in increasing order up to ", source_revision));
        }
        last = doc.revision();
        const int64_t create_us =
            doc.create_time().seconds() * 1000000 + doc.create_time().nanos() / 1000;
        CATALOG_ASSIGN_OR_RETURN(ids[rows.size()], ParseDocumentName(doc.name()));
        rows.push_back(NewRows{&ids[rows.size()], &doc.extraction(), doc.revision(), doc.revision(),
                               create_us});
      }
      std::vector<std::string> titles;
      std::vector<pg::Statement> write;
      write.push_back(RowsStatement(rows, &titles));
      // The titles too (the counter's lock is held: no writer waits).
      write.push_back(pg::Statement{nullptr, kInsertTitles, {Param::TextList(titles)}});
      CATALOG_RETURN_IF_ERROR(c.Pipeline(write, /*commit=*/false).status());
      result.documents += static_cast<int64_t>(rows.size());
    }
    CATALOG_RETURN_IF_ERROR(c.Exec("DELETE FROM changes").status());
    // New documents' row ids follow the copied ones.
    CATALOG_RETURN_IF_ERROR(c.Exec("SELECT setval('docs_rowid_seq', $1)",
                                   {Param::Int(std::max<int64_t>(source_revision, 1))})
                                .status());
    CATALOG_RETURN_IF_ERROR(c.Exec("UPDATE revision_counter SET revision = $1, compacted = $1",
                                   {Param::Int(source_revision)})
                                .status());
    CATALOG_RETURN_IF_ERROR(c.Exec("UPDATE meta SET value = $1 WHERE key = 'token_secret'",
                                   {Param::Bytes(token_secret)})
                                .status());
    CATALOG_RETURN_IF_ERROR(
        c.Exec("INSERT INTO meta(key, value) VALUES ('copied_from_revision', $1) "
               "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
               {Param::Bytes(absl::StrCat(source_revision))})
            .status());
    return c.Exec("SELECT pg_notify($1, $2)", {Param::Text(kChannel), Param::Int(source_revision)})
        .status();
  });
  c.Run(absl::StrCat("SET statement_timeout = ", options_.statement_timeout_ms)).IgnoreError();
  CATALOG_RETURN_IF_ERROR(status);
  return result;
}

// ---------------------------------------------------------- change feed

void PostgresStore::Publish(int64_t revision) {
  int64_t seen = seen_revision_.load();
  bool grew = false;
  while (seen < revision) {
    if (seen_revision_.compare_exchange_weak(seen, revision)) {
      grew = true;
      break;
    }
  }
  if (grew) {
    // Wakes the writers waiting for their rows to be numbered
    // (AwaitNumbered): something was numbered since they last looked.
    absl::MutexLock lock(&awaited_mu_);
    ++published_epoch_;
  }
  absl::MutexLock lock(&listeners_mu_);
  if (revision <= published_) return;
  published_ = revision;
  for (auto& [handle, listener] : listeners_) listener(revision);
}

void PostgresStore::ListenerLoop() {
  std::unique_ptr<pg::Connection> connection;
  // Whether LISTEN was accepted on `connection`. An engine that refuses it
  // (CockroachDB, older YugabyteDB: ADR 0012) gets the counter polled
  // more often instead: watchers then learn of other replicas' writes
  // within kPollOnly rather than at once.
  bool listening = false;
  bool first = true;
  constexpr absl::Duration kPollListening = absl::Seconds(1);
  constexpr absl::Duration kPollOnly = absl::Milliseconds(200);
  absl::Time last_poll = absl::InfinitePast();
  auto stopping = [this] {
    absl::MutexLock lock(&queue_mu_);
    return stopping_;
  };
  while (!stopping()) {
    if (connection == nullptr || connection->broken()) {
      connection.reset();
      listening_ = false;
      absl::StatusOr<std::unique_ptr<pg::Connection>> opened =
          Connect(primary_, absl::InfiniteFuture(), "readout-catalog-listener");
      if (!opened.ok()) {
        absl::SleepFor(absl::Milliseconds(200));
        continue;
      }
      if (!first) ++listener_reconnects_;
      first = false;
      absl::Status listen = (*opened)->Run(absl::StrCat("LISTEN ", kChannel));
      if (!listen.ok() && (*opened)->broken()) continue;  // Lost at once: again.
      connection = std::move(*opened);
      listening = listen.ok();
      listening_ = listening;
      last_poll = absl::InfinitePast();  // Catch up on what was missed.
    }
    if (absl::Now() - last_poll >= (listening ? kPollListening : kPollOnly)) {
      // Also covers notifications lost with a connection.
      last_poll = absl::Now();
      absl::StatusOr<pg::Result> r = connection->Exec(
          "SELECT revision, coalesce((SELECT min(rowid) FROM pending_docs), CASE WHEN EXISTS "
          "(SELECT 1 FROM pending_requests) THEN -1 END) FROM revision_counter");
      if (r.ok() && r->rows() > 0) {
        Publish(r->Int(0, 0));
        SweepPending(r->IsNull(0, 1) ? 0 : r->Int(0, 1));
      }
      continue;
    }
    if (!listening) {
      absl::SleepFor(absl::Milliseconds(50));
      continue;
    }
    pollfd fd{PQsocket(connection->handle()), POLLIN, 0};
    if (fd.fd < 0) {
      connection.reset();
      continue;
    }
    ::poll(&fd, 1, 100);
    if (PQconsumeInput(connection->handle()) == 0) {
      connection.reset();
      continue;
    }
    int64_t newest = 0;
    while (PGnotify* note = PQnotifies(connection->handle())) {
      newest = std::max<int64_t>(newest, std::strtoll(note->extra, nullptr, 10));
      PQfreemem(note);
    }
    if (newest > 0) Publish(newest);
  }
  listening_ = false;
}

int64_t PostgresStore::AddCommitListener(CommitListener listener) {
  absl::MutexLock lock(&listeners_mu_);
  listeners_.emplace(next_listener_, std::move(listener));
  return next_listener_++;
}

void PostgresStore::RemoveCommitListener(int64_t handle) {
  absl::MutexLock lock(&listeners_mu_);
  listeners_.erase(handle);
}

int64_t PostgresStore::CurrentRevision() {
  absl::StatusOr<int64_t> current =
      ReadOnPrimary<int64_t>([](pg::Connection& c) -> absl::StatusOr<int64_t> {
        CATALOG_ASSIGN_OR_RETURN(pg::Result r, c.Exec("SELECT revision FROM revision_counter"));
        if (r.rows() == 0) return absl::InternalError("the revision counter has no row");
        return r.Int(0, 0);
      });
  if (current.ok()) {
    int64_t seen = seen_revision_.load();
    while (seen < *current && !seen_revision_.compare_exchange_weak(seen, *current)) {
    }
  }
  return seen_revision_.load();
}

absl::StatusOr<ChangeBatch> PostgresStore::ReadChanges(int64_t from, int limit) {
  int64_t compacted = 0;
  CATALOG_ASSIGN_OR_RETURN(
      ChangeBatch batch,
      ReadOnPrimary<ChangeBatch>([&](pg::Connection& c) -> absl::StatusOr<ChangeBatch> {
        ChangeBatch read;
        CATALOG_RETURN_IF_ERROR(ReadChangesOn(c, from, limit, read, compacted));
        return read;
      }));
  if (from <= compacted || (!batch.changes.empty() && batch.changes.front().revision() != from) ||
      (batch.changes.empty() && from <= batch.current_revision)) {
    return MakeError(
        absl::StatusCode::kFailedPrecondition, "REVISION_COMPACTED",
        absl::StrCat("revision ", from, " has been compacted; the oldest revision kept is ",
                     compacted + 1,
                     " (re-read the documents, then watch from the current "
                     "revision)"));
  }
  Publish(batch.current_revision);
  return batch;
}

absl::Status PostgresStore::ReadChangesOn(pg::Connection& c, int64_t from, int limit,
                                          ChangeBatch& batch, int64_t& compacted) {
  return InTransaction(c, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", [&]() -> absl::Status {
    CATALOG_ASSIGN_OR_RETURN(pg::Result counter,
                             c.Exec("SELECT revision, compacted FROM revision_counter"));
    batch.current_revision = counter.Int(0, 0);
    compacted = counter.Int(0, 1);
    if (from <= compacted) return absl::OkStatus();
    CATALOG_ASSIGN_OR_RETURN(
        pg::Result r,
        c.Exec(absl::StrCat("SELECT c.revision, c.type, c.doc_id, c.commit_us, ", kDocumentColumns,
                            " FROM changes c LEFT JOIN docs d ON c.type = 1 AND d.id = "
                            "c.doc_id AND d.revision = c.revision WHERE c.revision >= $1 "
                            "ORDER BY c.revision LIMIT $2"),
               {Param::Int(from), Param::Int(limit)}));
    for (int i = 0; i < r.rows(); ++i) {
      v1::DocumentChange change;
      change.set_revision(r.Int(i, 0));
      change.set_type(static_cast<v1::ChangeType>(r.Int(i, 1)));
      change.set_name(DocumentName(r.Text(i, 2)));
      SetTimestamp(r.Int(i, 3), change.mutable_commit_time());
      if (!r.IsNull(i, 4)) {
        CATALOG_ASSIGN_OR_RETURN(*change.mutable_document(), DocumentFromRow(r, i, 4));
      }
      batch.changes.push_back(std::move(change));
    }
    return absl::OkStatus();
  });
}

// ----------------------------------------------------------------- reads

absl::StatusOr<v1::CatalogDocument> PostgresStore::GetDocument(absl::string_view id) {
  return ReadOnPrimary<v1::CatalogDocument>(
      [&](pg::Connection& c) -> absl::StatusOr<v1::CatalogDocument> {
        CATALOG_ASSIGN_OR_RETURN(pg::Result r, c.Exec(absl::StrCat("SELECT ", kDocumentColumns,
                                                                   " FROM docs d WHERE d.id = $1 "
                                                                   "AND d.revision > 0"),
                                                      {Param::Text(std::string(id))}));
        if (r.rows() == 0) {
          return NotFound("DOCUMENT_NOT_FOUND",
                          absl::StrCat("document ", DocumentName(id), " does not exist"));
        }
        return DocumentFromRow(r, 0, 0);
      });
}

absl::StatusOr<DocumentPage> PostgresStore::ListDocuments(const DocumentQuery& query) {
  return ReadScaled<DocumentPage>([&](pg::Connection& c) { return ListDocumentsOn(c, query); });
}

absl::StatusOr<DocumentPage> PostgresStore::ListDocumentsOn(pg::Connection& c,
                                                            const DocumentQuery& query) {
  const char* dir = query.descending ? "DESC" : "ASC";
  // A filter that requires one person, listed by event date, walks the
  // person's rows of persons, keyed (key, event_date, doc), in the
  // listing's order and stops at the page's end, as on SQLite, instead of
  // fetching and sorting every document of the person (thousands at 1M).
  std::optional<DrivenFilter> driven;
  if (query.filter != nullptr && query.order == DocumentOrder::kEventDate) {
    driven = SplitDrivingRestriction(*query.filter);
    if (driven.has_value() && driven->table != "persons") driven.reset();
  }
  std::string sort = query.order == DocumentOrder::kEventDate       ? "d.event_date"
                     : query.order == DocumentOrder::kPublishedDate ? "d.published"
                                                                    : "d.rowid";
  std::string row_id = "d.rowid";
  std::vector<Param> params;
  std::string from;  // FROM ... WHERE ... ORDER BY ... LIMIT: the walk.
  const FilterExpr* filter_left = query.filter;
  if (driven.has_value()) {
    sort = "s.event_date";
    row_id = "s.doc";
    from = absl::StrCat(" FROM persons s JOIN docs d ON d.rowid = s.doc WHERE s.key = $1 AND ",
                        NotPending("s.doc"));
    params.push_back(Param::Text(driven->value));
    filter_left = driven->rest.has_value() ? &*driven->rest : nullptr;
  } else {
    // Pending documents (ADR 0052) are left out by a probe of the small
    // pending_docs, which keeps a walk of the covering date index on index
    // pages.
    from = absl::StrCat(" FROM docs d WHERE ", NotPending("d.rowid"));
  }
  if (filter_left != nullptr) {
    CATALOG_ASSIGN_OR_RETURN(SqlCondition filter, PostgresFilter(c, *filter_left));
    absl::StrAppend(&from, " AND ",
                    pg::NumberParams(filter.sql, static_cast<int>(params.size()) + 1));
    for (const SqlValue& v : filter.args) params.push_back(Param::Of(v));
  }
  if (query.has_cursor) {
    absl::StrAppend(&from, " AND (", sort, ", ", row_id, ") ", query.descending ? "<" : ">", " ($",
                    params.size() + 1, ", $", params.size() + 2, ")");
    params.push_back(Param::Int(query.after_key));
    params.push_back(Param::Int(query.after_row));
  }
  absl::StrAppend(&from, " ORDER BY ", sort, " ", dir, ", ", row_id, " ", dir, " LIMIT $",
                  params.size() + 1);
  params.push_back(Param::Int(query.limit + 1));
  std::string sql = absl::StrCat("SELECT ", sort, ", ", kDocumentColumns, from);
  if (filter_left != nullptr && !driven.has_value()) {
    // The walk that tests the filter selects only what an index holds (the
    // order's key and the row id; the event date index also holds the
    // filter keys, schema version 4), so it can read index pages alone
    // instead of each document's row; the page's rows are fetched after.
    sql = absl::StrCat("SELECT w.k, ", kDocumentColumns, " FROM (SELECT ", sort, " AS k, ", row_id,
                       " AS r", from, ") w JOIN docs d ON d.rowid = w.r ORDER BY w.k ", dir,
                       ", w.r ", dir);
  }
  CATALOG_ASSIGN_OR_RETURN(pg::Result r, c.Exec(sql, params));
  DocumentPage page;
  size_t bytes = 0;
  for (int i = 0; i < r.rows(); ++i) {
    if (i == query.limit || (i > 0 && bytes >= query.max_bytes)) {
      page.more = true;
      break;
    }
    CATALOG_ASSIGN_OR_RETURN(v1::CatalogDocument doc, DocumentFromRow(r, i, 1));
    bytes += doc.ByteSizeLong();
    page.documents.push_back(std::move(doc));
    page.last_key = r.Int(i, 0);
    page.last_row = r.Int(i, 1);
  }
  return page;
}

namespace {

// A search's page, ordered by the caller (SearchDocumentsOn): $1 the row
// ids in order, $2 their scores. Rows (1, score, kDocumentColumns, place).
const std::string& PageSql() {
  static const std::string* const sql = new std::string(
      absl::StrCat("SELECT 1, u.score, ", kDocumentColumns,
                   ", u.k FROM unnest($1::bigint[], $2::real[]) WITH ORDINALITY AS "
                   "u(rowid, score, k) JOIN docs d ON d.rowid = u.rowid ORDER BY u.k"));
  return *sql;
}

// The bytes of a long text a fragment is first looked for in, before and
// after the first word a search asks for (SearchFragmentStretch).
constexpr size_t kFragmentBefore = 160;
constexpr size_t kFragmentAfter = 480;

// The fragment of each text of a search's page around its best match: $1
// the tsquery, $2 the texts, $3 each text's stretch (SearchFragmentStretch;
// empty for the whole text), $4 any term the query asks for
// (SearchAnyTermToTsquery). A stretch holding none of those terms as the
// index reads it (the word inside an e-mail address or a URL) would give a
// fragment with no match: the whole text's is given instead.
std::string HeadlineOf(absl::string_view text) {
  return absl::StrCat("ts_headline('simple', ", text,
                      ", to_tsquery('simple', $1), "
                      "'StartSel=[, StopSel=], MaxWords=24, MinWords=12, ShortWord=0')");
}
const std::string& FragmentsSql() {
  static const std::string* const sql = new std::string(absl::StrCat(
      "SELECT CASE WHEN u.s <> '' AND to_tsvector('simple', u.s) @@ to_tsquery('simple', $4) "
      "THEN ",
      HeadlineOf("u.s"), " ELSE ", HeadlineOf("u.t"),
      " END FROM unnest($2::text[], $3::text[]) WITH ORDINALITY AS u(t, s, i) ORDER BY u.i"));
  return *sql;
}

}  // namespace

absl::StatusOr<SearchPage> PostgresStore::SearchDocuments(const SearchQuery& query) {
  // A bad query is answered before any server is asked; the tsquery is
  // compiled once, whichever server (standby or primary) then runs it.
  CATALOG_ASSIGN_OR_RETURN(SearchExpr parsed, ParseSearchQuery(query.query));
  const std::string tsquery = SearchToTsquery(parsed);
  return ReadScaled<SearchPage>(
      [&](pg::Connection& c) { return SearchDocumentsOn(c, query, parsed, tsquery); });
}

absl::StatusOr<SearchPage> PostgresStore::SearchDocumentsOn(pg::Connection& c,
                                                            const SearchQuery& query,
                                                            const SearchExpr& parsed,
                                                            const std::string& tsquery) {
  // As on SQLite, the newest kRankCandidates matches (or as many as the page
  // reaches) are ranked, not every match: ranking reads each candidate's
  // tsvector, and a common word matches most of a large catalog.
  const size_t wanted = static_cast<size_t>(
      std::max<int64_t>(kRankCandidates, int64_t{query.offset} + query.limit + 1));
  SearchPage page;
  // The looks of this run, added to the store's counts once it succeeds
  // (a read run again after a lost connection counts once).
  int64_t catalog_looks = 0, window_looks = 0, history_fallbacks = 0, late_documents = 0,
          revisions_read = 0, unordered_group_looks = 0;
  // One snapshot for every look and the ranking. A search makes 3 round
  // trips and one per look: the BEGIN with the catalog's state; the looks;
  // the page's documents (PageSql), once the candidates are ordered here;
  // the page's fragments with the COMMIT. Reads of the change history this
  // replica does not hold yet, and of the revisions of candidates older
  // than it, add one each (ADR 0061).
  CATALOG_RETURN_IF_ERROR(InTransaction(c, "", [&]() -> absl::Status {
    CATALOG_ASSIGN_OR_RETURN(
        std::vector<pg::Result> opened,
        c.Pipeline({{nullptr, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", {}},
                    {nullptr,
                     "SELECT (SELECT max(rowid) FROM search_rows), revision, compacted, "
                     "(SELECT value FROM meta WHERE key = 'copied_from_revision') "
                     "FROM revision_counter",
                     {}}},
                   /*commit=*/false));
    const pg::Result& state = opened[1];
    std::string join_filter = " WHERE ";  // JOIN docs and the filter, when one is given.
    std::vector<Param> filter_args;
    if (query.filter != nullptr) {
      CATALOG_ASSIGN_OR_RETURN(SqlCondition filter, PostgresFilter(c, *query.filter));
      join_filter = absl::StrCat(" JOIN docs d ON d.rowid = s.rowid WHERE ",
                                 pg::NumberParams(filter.sql, 2), " AND ");
      for (const SqlValue& v : filter.args) filter_args.push_back(Param::Of(v));
    }
    // The matches found, (row id, revision), each look's newest row
    // first, and their scores (ts_rank's text: a real). Each look ranks
    // what it finds, from the row it reads anyway (after its LIMIT, if it
    // has one: the subquery), rather than reading each candidate's row
    // again. The looks read search_rows alone (joined to docs, the planner
    // may run them in parallel workers, slower on a busy machine); the
    // revisions are found after (CandidateRevisions).
    std::vector<std::pair<int64_t, int64_t>> found;
    std::unordered_map<int64_t, std::string> score_of;
    // Appends the matches of `condition` (SQL whose own params, `more`,
    // are numbered from $n: `condition(n)`); returns how many.
    // Appends the rows (row id, score) of `sql` (whose own params, `more`,
    // are numbered from $n: `sql(n)`; $1 is the tsquery, the filter's
    // follow); returns how many.
    // `descending`, when given: whether the rows came newest first.
    auto collect_rows = [&](const std::function<std::string(int)>& sql,
                            const std::vector<Param>& more,
                            bool* descending = nullptr) -> absl::StatusOr<size_t> {
      std::vector<Param> params = {Param::Text(tsquery)};
      params.insert(params.end(), filter_args.begin(), filter_args.end());
      const int n = static_cast<int>(params.size()) + 1;
      params.insert(params.end(), more.begin(), more.end());
      CATALOG_ASSIGN_OR_RETURN(pg::Result r, c.Exec(sql(n), params));
      const size_t first = found.size();
      for (int i = 0; i < r.rows(); ++i) {
        found.emplace_back(r.Int(i, 0), 0);
        score_of[r.Int(i, 0)] = std::string(r.Text(i, 1));
      }
      if (descending != nullptr) {
        *descending = std::is_sorted(found.begin() + static_cast<std::ptrdiff_t>(first),
                                     found.end(), std::greater<>());
      }
      std::sort(found.begin() + static_cast<std::ptrdiff_t>(first), found.end(), std::greater<>());
      return found.size() - first;
    };
    // The rows of search_rows s (joined to docs d when filtered) that
    // match the query, the filter and `condition`, not pending.
    const std::string matching =
        absl::StrCat(" FROM search_rows s", join_filter, NotPending("s.rowid"), " AND ");
    // Appends the matches of `condition` (SQL whose own params, `more`,
    // are numbered from $n: `condition(n)`); returns how many.
    auto collect = [&](const std::function<std::string(int)>& condition,
                       const std::vector<Param>& more) -> absl::StatusOr<size_t> {
      return collect_rows(
          [&](int n) {
            return absl::StrCat("SELECT m.rowid, ts_rank(", kRankWeights,
                                ", m.search, to_tsquery('simple', $1)) FROM (SELECT s.rowid, "
                                "s.search",
                                matching, condition(n), ") m");
          },
          more);
    };
    // Reads from the documents the revisions of the matches that have
    // none yet (0), then orders all by revision, newest first (equal ones
    // by row id, so that the order does not depend on the sort). A match
    // whose document row is gone has no revision: it is dropped, not taken
    // as revision 0 (which would set the cut below to 0, and the late rows
    // looked for to the whole history).
    auto by_revision = [&]() -> absl::Status {
      std::vector<int64_t> rows;
      for (const auto& [row, revision] : found) {
        if (revision == 0) rows.push_back(row);
      }
      if (!rows.empty()) {
        revisions_read += static_cast<int64_t>(rows.size());
        CATALOG_ASSIGN_OR_RETURN(
            pg::Result r, c.Exec("SELECT rowid, revision FROM docs WHERE rowid = ANY($1::bigint[]) "
                                 "AND revision > 0",
                                 {Param::IntList(rows)}));
        std::unordered_map<int64_t, int64_t> revisions;
        for (int i = 0; i < r.rows(); ++i) revisions[r.Int(i, 0)] = r.Int(i, 1);
        size_t kept = 0;
        for (const auto& [row, revision] : found) {
          if (revision != 0) {
            found[kept++] = {row, revision};
          } else if (auto it = revisions.find(row); it != revisions.end()) {
            found[kept++] = {row, it->second};
          }
        }
        found.resize(kept);
      }
      std::sort(found.begin(), found.end(), [](const auto& a, const auto& b) {
        return a.second != b.second ? a.second > b.second : a.first > b.first;
      });
      return absl::OkStatus();
    };
    // `rows` with their scores, as SQL params $1, $2.
    auto with_scores = [&](const std::vector<int64_t>& rows) {
      std::vector<std::string> scores;
      scores.reserve(rows.size());
      for (int64_t row : rows) scores.push_back(score_of[row]);
      return std::vector<Param>{Param::IntList(rows),
                                Param::Text(absl::StrCat("{", absl::StrJoin(scores, ","), "}"))};
    };
    const int64_t current = state.Int(0, 1);
    const int64_t compacted = state.Int(0, 2);
    int64_t copied = 0;  // Documents up to this revision have row id = revision.
    if (!state.IsNull(0, 3) && !absl::SimpleAtoi(state.Bytes(0, 3), &copied)) copied = 0;
    // The newest windows first, through the GIN index with the windows'
    // lexemes ANDed to the query: it reads the query's posting lists
    // only where they meet those windows' rows. Then older windows while
    // fewer than `wanted` are found.
    const int64_t newest_row = state.IsNull(0, 0) ? -1 : state.Int(0, 0);
    int64_t below = newest_row < 0 ? 0 : newest_row / kSearchWindowRows + 1;
    // A prefix skips the windows (ADR 0048).
    int64_t windows = !HasPrefixTerm(parsed) ? kFirstSearchWindows : kMaxSearchWindows + 1;
    // Every match with a row id from here up has been found.
    int64_t covered_from = 0;
    while (below > 0 && found.size() < wanted) {
      if (windows > kMaxSearchWindows || windows >= below) {
        // The rest, newest row first, as the planner sees fit (the GIN
        // index for a rare match, the row ids backwards for a common one).
        const int64_t limit = static_cast<int64_t>(wanted - found.size());
        ++catalog_looks;
        CATALOG_ASSIGN_OR_RETURN(size_t added,
                                 collect(
                                     [](int n) {
                                       return absl::StrCat(
                                           "s.search @@ to_tsquery('simple', $1) AND s.rowid < $",
                                           n, " ORDER BY s.rowid DESC LIMIT $", n + 1);
                                     },
                                     {Param::Int(below * kSearchWindowRows), Param::Int(limit)}));
        covered_from = static_cast<int64_t>(added) == limit ? found.back().first : 0;
        break;
      }
      ++window_looks;
      if (windows <= kMostWindowsPerGroup) {
        // A few windows (the first look: the 2 newest) in one GIN look.
        std::vector<std::string> lexemes;
        for (int64_t w = below - windows; w < below; ++w) {
          lexemes.push_back(absl::StrCat("'", SearchWindowLexeme(w * kSearchWindowRows), "'"));
        }
        CATALOG_RETURN_IF_ERROR(collect(
                                    [](int n) {
                                      return absl::StrCat(
                                          "s.search @@ (to_tsquery('simple', $1) && $", n,
                                          "::tsquery)");
                                    },
                                    {Param::Text(absl::StrJoin(lexemes, " | "))})
                                    .status());
      } else {
        // Many windows (ADR 0062): in groups, newest first,
        // each group's matches newest first (only row ids and scores are
        // sorted), stopped by the LIMIT once the matches still needed are
        // found, so no later group is read. A group holds about
        // kMatchesPerGroup matches at the density found so far.
        const int64_t left = static_cast<int64_t>(wanted - std::min(wanted, found.size()));
        const double per_window = static_cast<double>(found.size()) * kSearchWindowRows /
                                  static_cast<double>(newest_row + 1 - below * kSearchWindowRows);
        const int64_t group = std::clamp<int64_t>(
            static_cast<int64_t>(std::ceil(kMatchesPerGroup / std::max(per_window, 1.0))), 1,
            kMostWindowsPerGroup);
        std::vector<std::string> groups;
        for (int64_t hi = below; hi > below - windows; hi -= group) {
          std::vector<std::string> lexemes;
          for (int64_t w = hi - 1; w >= std::max(hi - group, below - windows); --w) {
            lexemes.push_back(absl::StrCat("'", SearchWindowLexeme(w * kSearchWindowRows), "'"));
          }
          groups.push_back(absl::StrJoin(lexemes, " | "));
        }
        bool descending = false;
        CATALOG_ASSIGN_OR_RETURN(
            size_t added,
            collect_rows(
                [&](int n) {
                  return absl::StrCat(
                      "SELECT m.rowid, m.score FROM unnest($", n,
                      "::text[]::tsquery[]) WITH ORDINALITY AS w(q, k), LATERAL (SELECT s.rowid, "
                      "ts_rank(",
                      kRankWeights, ", s.search, to_tsquery('simple', $1)) AS score", matching,
                      "s.search @@ (to_tsquery('simple', $1) && w.q) ORDER BY s.rowid DESC) m ",
                      options_.unordered_group_looks ? "ORDER BY m.rowid " : "", "LIMIT $", n + 1);
                },
                {Param::TextList(groups), Param::Int(left)}, &descending));
        if (static_cast<int64_t>(added) == left) {
          if (!descending) {
            // The plan did not keep the groups' order (nothing in the SQL
            // asks it to; an outer ORDER BY would read every group before
            // the LIMIT): the rows found are not the newest. They are
            // dropped and the rest looked at in one ordered look.
            found.resize(found.size() - added);
            ++unordered_group_looks;
            windows = kMaxSearchWindows + 1;
            continue;
          }
          // Stopped: every match from the last one returned up has been
          // found, since the groups and their matches came newest first.
          covered_from = found.back().first;
          break;
        }
      }
      below -= windows;
      covered_from = below * kSearchWindowRows;
      // The next look: the windows that the density of the matches so
      // far says the rest needs, a quarter more; four times as many as
      // this look when it found none.
      const double scanned = static_cast<double>(newest_row + 1 - below * kSearchWindowRows);
      const double left = static_cast<double>(wanted - std::min(wanted, found.size()));
      windows = found.empty() ? windows * 4
                              : 1 + static_cast<int64_t>(left * 1.25 * scanned /
                                                         static_cast<double>(found.size()) /
                                                         kSearchWindowRows);
    }
    // The newest `wanted` by revision, as on SQLite (whose row ids are
    // revisions). Row ids are taken before a create commits (ADR 0046):
    // a document below `covered_from` may have committed after the
    // newest matches found, so the documents numbered after the cut
    // with a row id below it are tested too (ADR 0045). Of the matches
    // found (newest row first: each look is older than the one before)
    // only the newest `wanted` rows are read; the rest are below the
    // rows they cover and count only if they committed late.
    if (found.size() >= wanted) {
      covered_from = std::max(covered_from, found[wanted - 1].first);
      found.resize(wanted);
    }
    // The candidates' revisions, from what this replica holds of the
    // history (ADR 0061): read from `changes` only as far as it has grown
    // since, instead of a thousand documents' rows on every search. A
    // candidate it does not name (numbered before the history's start, or
    // with its document row gone) is read from the documents (by_revision).
    {
      std::vector<int64_t> rows;
      rows.reserve(found.size());
      for (const auto& [row, revision] : found) rows.push_back(row);
      CATALOG_ASSIGN_OR_RETURN(std::vector<int64_t> revisions,
                               CandidateRevisions(c, rows, current, compacted));
      for (size_t i = 0; i < found.size(); ++i) found[i].second = revisions[i];
      CATALOG_RETURN_IF_ERROR(by_revision());
    }
    if (covered_from > 0 && found.size() >= wanted) {
      const size_t before = found.size();
      const int64_t cut = found[wanted - 1].second;
      CATALOG_ASSIGN_OR_RETURN(
          std::vector<RowRevision> late,
          LateRows(c, std::max(cut, compacted), current, covered_from, compacted));
      if (!late.empty()) {
        std::vector<int64_t> late_rows;
        std::unordered_map<int64_t, int64_t> late_revision;
        for (const RowRevision& n : late) {
          late_rows.push_back(n.row);
          late_revision[n.row] = n.revision;
        }
        const size_t first = found.size();
        CATALOG_RETURN_IF_ERROR(
            collect(
                [](int n) {
                  return absl::StrCat("s.search @@ to_tsquery('simple', $1) AND s.rowid = ANY($", n,
                                      "::bigint[])");
                },
                {Param::IntList(late_rows)})
                .status());
        for (size_t i = first; i < found.size(); ++i) {
          found[i].second = late_revision[found[i].first];
        }
      }
      // Revisions the history no longer holds: tested in the documents
      // themselves (no index on their revision: a slower query). A copy
      // gave every document up to `copied` row id = revision, and later
      // ones higher row ids, so none of those is late.
      if (std::max(cut, copied) < compacted) {
        ++history_fallbacks;
        CATALOG_RETURN_IF_ERROR(
            collect(
                [](int n) {
                  return absl::StrCat(
                      "s.search @@ to_tsquery('simple', $1) AND s.rowid < $", n,
                      " AND EXISTS (SELECT 1 FROM docs o WHERE o.rowid = s.rowid AND "
                      "o.revision > $",
                      n + 1, " AND o.revision <= $", n + 2, ")");
                },
                {Param::Int(covered_from), Param::Int(std::max(cut, copied)),
                 Param::Int(compacted)})
                .status());
      }
      if (found.size() > before) {
        // Late documents change the candidates (documents that committed
        // after newer row ids).
        late_documents += static_cast<int64_t>(found.size() - before);
        CATALOG_RETURN_IF_ERROR(by_revision());
      }
    }
    if (found.size() > wanted) found.resize(wanted);
    // The ranking: score best first, equal scores oldest revision first,
    // then row id (as on SQLite); the page's documents loaded in that order.
    std::vector<std::tuple<double, int64_t, int64_t>> order;
    order.reserve(found.size());
    for (const auto& [row, revision] : found) {
      order.emplace_back(std::strtod(score_of[row].c_str(), nullptr), revision, row);
    }
    const size_t reach =
        std::min(order.size(), static_cast<size_t>(query.offset) + query.limit + 1);
    std::partial_sort(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(reach),
                      order.end(), [](const auto& a, const auto& b) {
                        if (std::get<0>(a) != std::get<0>(b))
                          return std::get<0>(a) > std::get<0>(b);
                        return std::get<1>(a) != std::get<1>(b) ? std::get<1>(a) < std::get<1>(b)
                                                                : std::get<2>(a) < std::get<2>(b);
                      });
    std::vector<int64_t> page_rows;
    for (size_t i = static_cast<size_t>(query.offset); i < reach; ++i) {
      page_rows.push_back(std::get<2>(order[i]));
    }
    if (page_rows.empty()) return absl::OkStatus();
    CATALOG_ASSIGN_OR_RETURN(pg::Result r, c.Exec(PageSql(), with_scores(page_rows)));
    // The page: the result's second part, best first. Its texts' (or
    // titles') fragments around the best match, then the COMMIT, go in
    // one round trip. ts_headline parses all the text it is given (about
    // 0.3 ms for 2 KB): it is given the stretch of a long text around the
    // first word the query asks for, and the whole text only when that
    // stretch shows no match (an AND of words far apart).
    size_t bytes = 0;
    std::vector<std::string> texts, stretches;
    for (int i = 0; i < r.rows(); ++i) {
      if (r.Int(i, 0) == 0) continue;
      if (page.results.size() == static_cast<size_t>(query.limit) ||
          (!page.results.empty() && bytes >= query.max_bytes)) {
        page.more = true;
        break;
      }
      v1::SearchResult result;
      CATALOG_ASSIGN_OR_RETURN(*result.mutable_document(), DocumentFromRow(r, i, 2));
      result.set_score(r.Double(i, 1));
      const v1::Document& text = result.document().extraction().document();
      // As indexed (a NUL byte, which PostgreSQL's text cannot hold, a space).
      std::string whole = IndexText(text.text().empty() ? text.title() : text.text());
      const absl::string_view stretch =
          SearchFragmentStretch(whole, parsed, kFragmentBefore, kFragmentAfter);
      stretches.emplace_back(stretch.size() < whole.size() ? stretch : absl::string_view());
      texts.push_back(std::move(whole));
      bytes += result.ByteSizeLong();
      page.results.push_back(std::move(result));
    }
    if (texts.empty()) return absl::OkStatus();
    CATALOG_ASSIGN_OR_RETURN(
        std::vector<pg::Result> headlines,
        c.Pipeline({{nullptr,
                     FragmentsSql(),
                     {Param::Text(tsquery), Param::TextList(texts), Param::TextList(stretches),
                      Param::Text(SearchAnyTermToTsquery(parsed))}}},
                   /*commit=*/true));
    const pg::Result& h = headlines.front();
    for (int i = 0; i < h.rows() && i < static_cast<int>(page.results.size()); ++i) {
      page.results[static_cast<size_t>(i)].set_snippet(std::string(h.Text(i, 0)));
    }
    return absl::OkStatus();
  }));
  catalog_looks_ += catalog_looks;
  window_looks_ += window_looks;
  unordered_group_looks_ += unordered_group_looks;
  history_fallbacks_ += history_fallbacks;
  late_documents_ += late_documents;
  revisions_read_ += revisions_read;
  return page;
}

absl::Status PostgresStore::HoldHistory(pg::Connection& c, int64_t after, int64_t upto,
                                        int64_t compacted, bool searching) {
  created_rows_.DropThrough(compacted);
  if (upto - after > static_cast<int64_t>(created_rows_.capacity())) return absl::OkStatus();
  for (const auto& [lo, hi] : created_rows_.Missing(after, upto)) {
    CATALOG_ASSIGN_OR_RETURN(
        pg::Result r,
        c.Exec("SELECT revision, doc_row FROM changes WHERE revision >= $1 AND revision <= $2 "
               "AND type = 1",
               {Param::Int(lo), Param::Int(hi)}));
    if (searching) history_read_ += hi - lo + 1;
    std::vector<int64_t> rows(static_cast<size_t>(hi - lo + 1), CreatedRows::kNoRow);
    for (int i = 0; i < r.rows(); ++i) rows[static_cast<size_t>(r.Int(i, 0) - lo)] = r.Int(i, 1);
    created_rows_.Add(lo, rows);
  }
  return absl::OkStatus();
}

void PostgresStore::WarmHistory() {
  absl::Cleanup warm = [this] { history_warm_ = true; };
  auto stopping = [this] {
    absl::MutexLock lock(&queue_mu_);
    return stopping_;
  };
  absl::StatusOr<Lease> lease =
      Acquire(primary_, absl::Now() + absl::Milliseconds(options_.statement_timeout_ms));
  if (!lease.ok()) return;
  pg::Connection& c = **lease;
  // One snapshot: every revision read is committed, none compacted meanwhile.
  InTransaction(c, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", [&]() -> absl::Status {
    CATALOG_ASSIGN_OR_RETURN(pg::Result r,
                             c.Exec("SELECT revision, compacted FROM revision_counter"));
    const int64_t upto = r.Int(0, 0);
    const int64_t compacted = r.Int(0, 1);
    const int64_t oldest = std::max(
        compacted, upto - std::min<int64_t>(kMostRevisionsScanned,
                                            static_cast<int64_t>(created_rows_.capacity())));
    for (int64_t hi = upto; hi > oldest && !stopping(); hi -= kWarmHistoryChunk) {
      CATALOG_RETURN_IF_ERROR(
          HoldHistory(c, std::max(oldest, hi - kWarmHistoryChunk), hi, compacted, false));
    }
    return absl::OkStatus();
  }).IgnoreError();
}

absl::StatusOr<std::vector<int64_t>> PostgresStore::CandidateRevisions(
    pg::Connection& c, const std::vector<int64_t>& rows, int64_t upto, int64_t compacted) {
  std::vector<int64_t> revisions(rows.size(), 0);
  if (rows.empty()) return revisions;
  const auto [lowest, highest] = std::minmax_element(rows.begin(), rows.end());
  // The candidates were numbered about as many revisions back as their row
  // ids span (deletes and late commits take revisions too): the stretch
  // looked at starts at twice that, and grows while some are not found.
  // Until the history is read at start (WarmHistory), a search reads little
  // of it itself: its other candidates' revisions come from their documents.
  const int64_t most = std::min<int64_t>(
      history_warm_ ? kMostRevisionsScanned : std::max<int64_t>(options_.cold_history_read, 1),
      static_cast<int64_t>(created_rows_.capacity()));
  int64_t stretch = std::min(most, 2 * (*highest - *lowest + 1) + kSearchWindowRows);
  while (true) {
    const int64_t after = std::max(compacted, upto - stretch);
    CATALOG_RETURN_IF_ERROR(HoldHistory(c, after, upto, compacted));
    revisions = created_rows_.RevisionsOf(after, upto, rows);
    if (after == compacted || stretch >= most ||
        std::find(revisions.begin(), revisions.end(), 0) == revisions.end()) {
      return revisions;
    }
    stretch = std::min(most, stretch * 4);
  }
}

absl::StatusOr<std::vector<PostgresStore::RowRevision>> PostgresStore::LateRows(
    pg::Connection& c, int64_t after, int64_t upto, int64_t row, int64_t compacted) {
  // Until the history is read at start (WarmHistory), a long stretch not
  // held yet is asked of the history below instead of read into memory.
  if (history_warm_ || upto - after <= options_.cold_history_read) {
    CATALOG_RETURN_IF_ERROR(HoldHistory(c, after, upto, compacted));
  }
  std::vector<RowRevision> late;
  if (auto held = created_rows_.Below(after, upto, row); held.has_value()) {
    for (const auto& [revision, created] : *held) late.push_back({created, revision});
    return late;
  }
  // Another search changed what is held meanwhile, or the stretch is longer
  // than what is held at most: ask the history itself.
  CATALOG_ASSIGN_OR_RETURN(
      pg::Result r,
      c.Exec("SELECT doc_row, revision FROM changes WHERE revision > $1 AND revision <= $2 AND "
             "type = 1 AND doc_row < $3",
             {Param::Int(after), Param::Int(upto), Param::Int(row)}));
  history_read_ += upto - after;
  for (int i = 0; i < r.rows(); ++i) late.push_back({r.Int(i, 0), r.Int(i, 1)});
  return late;
}

PostgresStore::SearchLooks PostgresStore::search_looks() const {
  SearchLooks looks;
  looks.window_looks = window_looks_.load();
  looks.revisions_read = revisions_read_.load();
  looks.history_read = history_read_.load();
  looks.catalog_looks = catalog_looks_.load();
  looks.late_documents = late_documents_.load();
  looks.history_fallbacks = history_fallbacks_.load();
  looks.unordered_group_looks = unordered_group_looks_.load();
  return looks;
}

absl::StatusOr<PeoplePage> PostgresStore::ListPeople(const PeopleQuery& query) {
  return ReadScaled<PeoplePage>([&](pg::Connection& c) { return ListPeopleOn(c, query); });
}

absl::StatusOr<PeoplePage> PostgresStore::ListPeopleOn(pg::Connection& c,
                                                       const PeopleQuery& query) {
  std::vector<Param> params = {Param::Text(query.after_key)};
  std::string sql =
      "SELECT p.key, (array_agg(p.name ORDER BY p.doc DESC))[1], count(*), "
      "(SELECT array_to_json(array_agg(DISTINCT t.title ORDER BY t.title))::text FROM "
      "positions t WHERE t.key = p.key AND NOT EXISTS (SELECT 1 FROM pending_docs q WHERE "
      "q.rowid = t.doc)) FROM persons p WHERE p.key > $1 AND NOT EXISTS (SELECT 1 FROM "
      "pending_docs q WHERE q.rowid = p.doc)";
  if (query.filter != nullptr) {
    SqlCondition filter = PeopleFilterToSql(*query.filter);
    // A title of a pending document matches no one yet (ADR 0052).
    filter.sql =
        absl::StrReplaceAll(filter.sql, {{"p.key IN (SELECT key FROM positions WHERE ",
                                          absl::StrCat("p.key IN (SELECT key FROM positions WHERE ",
                                                       NotPending("positions.doc"), " AND ")}});
    absl::StrAppend(&sql, " AND ", pg::NumberParams(filter.sql, 2));
    for (const SqlValue& v : filter.args) params.push_back(Param::Of(v));
  }
  absl::StrAppend(&sql, " GROUP BY p.key ORDER BY p.key LIMIT $", params.size() + 1);
  params.push_back(Param::Int(query.limit + 1));
  CATALOG_ASSIGN_OR_RETURN(pg::Result r, c.Exec(sql, params));
  PeoplePage page;
  for (int i = 0; i < r.rows(); ++i) {
    if (i == query.limit) {
      page.more = true;
      break;
    }
    v1::CatalogPerson person;
    person.set_name(PersonName(r.Text(i, 0)));
    person.set_display_name(std::string(r.Text(i, 1)));
    person.set_document_count(static_cast<int32_t>(r.Int(i, 2)));
    if (!r.IsNull(i, 3)) {
      // One more than is kept tells whether the list was cut.
      CATALOG_ASSIGN_OR_RETURN(pg::Result titles,
                               c.Exec("SELECT json_array_elements_text($1::json) LIMIT $2",
                                      {Param::Text(std::string(r.Text(i, 3))),
                                       Param::Int(int64_t{kMaxListedTitles} + 1)}));
      for (int k = 0; k < titles.rows(); ++k) {
        if (k == kMaxListedTitles) {
          person.set_titles_truncated(true);
          break;
        }
        person.add_titles(std::string(titles.Text(k, 0)));
      }
    }
    page.people.push_back(std::move(person));
  }
  return page;
}

absl::StatusOr<v1::CatalogPerson> PostgresStore::GetPerson(absl::string_view key,
                                                           int64_t /*index_revision*/) {
  return ReadScaled<v1::CatalogPerson>([&](pg::Connection& c) { return GetPersonOn(c, key); });
}

absl::StatusOr<v1::CatalogPerson> PostgresStore::GetPersonOn(pg::Connection& c,
                                                             absl::string_view key) {
  v1::CatalogPerson person;
  const Param key_param = Param::Text(std::string(key));
  CATALOG_RETURN_IF_ERROR(
      InTransaction(c, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", [&]() -> absl::Status {
        CATALOG_ASSIGN_OR_RETURN(
            pg::Result head,
            c.Exec(absl::StrCat("SELECT (array_agg(name ORDER BY doc DESC))[1], count(*) FROM "
                                "persons WHERE key = $1 AND ",
                                NotPending("doc")),
                   {key_param}));
        if (head.rows() == 0 || head.Int(0, 1) == 0) {
          return NotFound("PERSON_NOT_FOUND",
                          absl::StrCat("no stored document names ", PersonName(key)));
        }
        person.set_name(PersonName(key));
        person.set_display_name(std::string(head.Text(0, 0)));
        person.set_document_count(static_cast<int32_t>(head.Int(0, 1)));
        std::map<int64_t, std::vector<std::string>> titles_by_doc;
        std::set<std::string> all_titles;
        CATALOG_ASSIGN_OR_RETURN(
            pg::Result titles,
            c.Exec(absl::StrCat("SELECT doc, title FROM positions WHERE key = $1 AND ",
                                NotPending("doc")),
                   {key_param}));
        for (int i = 0; i < titles.rows(); ++i) {
          std::string title(titles.Text(i, 1));
          titles_by_doc[titles.Int(i, 0)].push_back(title);
          all_titles.insert(std::move(title));
        }
        for (const std::string& title : all_titles) person.add_titles(title);
        CATALOG_ASSIGN_OR_RETURN(
            pg::Result r,
            c.Exec(
                "SELECT d.id, pa.event_idx, pa.role, e.type, e.date, e.name, e.location, "
                "pa.doc, (SELECT name FROM persons WHERE key = pa.key AND event_date = "
                "d.event_date AND doc = pa.doc LIMIT 1) FROM participants pa JOIN events e ON "
                "e.doc = pa.doc AND e.idx = "
                "pa.event_idx JOIN docs d ON d.rowid = pa.doc WHERE pa.key = $1 AND d.revision > 0 "
                "ORDER BY e.date, pa.doc, pa.event_idx LIMIT $2",
                {key_param, Param::Int(int64_t{kMaxTimelineEntries} + 1)}));
        // One more than is kept tells whether the timeline was cut.
        for (int i = 0; i < r.rows(); ++i) {
          if (i == kMaxTimelineEntries) {
            person.set_timeline_truncated(true);
            break;
          }
          v1::TimelineEntry* entry = person.add_timeline();
          entry->set_document(DocumentName(r.Text(i, 0)));
          entry->set_event_index(static_cast<int32_t>(r.Int(i, 1)));
          entry->set_role(static_cast<v1::ParticipantRole>(r.Int(i, 2)));
          entry->set_event_type(static_cast<v1::EventType>(r.Int(i, 3)));
          if (r.Int(i, 4) != 0) DateFromKey(r.Int(i, 4), entry->mutable_date());
          entry->set_event_name(std::string(r.Text(i, 5)));
          entry->set_location(std::string(r.Text(i, 6)));
          entry->set_person_name(std::string(r.Text(i, 8)));
          auto it = titles_by_doc.find(r.Int(i, 7));
          if (it != titles_by_doc.end()) {
            for (const std::string& title : it->second) entry->add_titles(title);
          }
        }
        return absl::OkStatus();
      }));
  return person;
}

}  // namespace readout::catalog
