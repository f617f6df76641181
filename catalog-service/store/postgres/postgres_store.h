// PostgresStore: the Store of catalogs that run as several stateless
// replicas over one PostgreSQL database (readout-catalog
// --database-url=postgresql://...). Every replica reads and writes the same
// tables; nothing a replica keeps in memory is needed by another.
//  - Schema: versioned migrations applied at Open in one transaction that
//    first updates the row of readout_migration_lock, so of many replicas
//    starting at once one migrates and the others wait, then find the
//    schema current.
//  - Writes: every revision is given under the row lock of the single
//    row of `revision_counter`, held through the commit's flush. Writers
//    on every replica therefore make revisions visible one after another,
//    in commit order: a reader that sees revision N+1 sees N (no sequence
//    gaps, no later number committed first). A writer thread takes every
//    create queued when it is free (up to 1,000 documents) into one
//    transaction: it writes their documents and index rows with one
//    statement of arrays and no lock held, row ids from a sequence,
//    revision 0, listed in `pending_docs`, while other writer threads and
//    replicas write theirs (ADR 0046). Then one statement takes the
//    counter's lock if it is free and numbers every pending document,
//    and the COMMIT follows in the same round trip. If another writer
//    holds the lock, the COMMIT makes the rows pending only (invisible to
//    every read) without waiting for a flush (the numbering commit, later
//    in the WAL, flushes them), and the writer tries again, between newer
//    revisions published, until its rows are numbered: by itself when it
//    finds the lock free, with every document pending by then, or by
//    another writer of any replica (ADR 0052). A create with a request id
//    reserves its request in the same transaction, without revisions; the
//    numbering statement fills them in, so a retry on any replica gets the
//    first answer, waiting for the numbering if it finds the request
//    still pending (ADR 0057). Every create runs the same few statements, prepared
//    once per connection (ADR 0043). A delete runs alone, locks the counter first and numbers what
//    is pending before it. Rows a writer left pending (stopped between its two transactions) are
//    numbered by the listener of any replica after a second. synchronous_commit is on: a write is
//    acknowledged once PostgreSQL has flushed the commit that numbered it.
//  - Change feed: the writing transaction NOTIFYs its revision; each
//    replica LISTENs on its own connection and wakes its watchers, and also
//    re-reads the counter once a second (a notification lost with a
//    connection costs at most that long).
//  - Page tokens: sealed with a secret kept in the database (meta), so a
//    token minted by one replica is accepted by every other.
//  - Connections: a bounded pool; each statement runs under
//    statement_timeout and under the deadline of the call it serves
//    (call_deadline.h): the wait for a pooled connection ends at the
//    deadline, a statement still running then is cancelled, and the call
//    fails with DEADLINE_EXCEEDED, its transaction rolled back. A write
//    whose deadline passed while it queued is not started; a group of
//    queued creates runs under the latest of their deadlines.
//    A lost connection fails its call with UNAVAILABLE
//    (STORAGE_UNAVAILABLE) and is replaced by a new one on the next call,
//    so the store serves again once the database is back.
//  - Reads that scale (read_url): ListDocuments, SearchDocuments,
//    ListPeople and GetPerson run on a streaming-replication standby of
//    their own pool, still seeing every write acknowledged before the read
//    began: the read first takes the primary's revision counter, then
//    waits (up to read_wait_ms) until the standby's replayed counter has
//    reached it, else runs on the primary. A standby that cannot be
//    reached or fails a read sends reads to the primary, and is tried again
//    after a pause.
// Search compiles the API's syntax (query/search_query.h) to tsquery over a
// tsvector with a GIN index; snippets come from ts_headline. The history
// that names the revisions of a search's candidates is read into memory at
// start, in the background (ADR 0061, 0070).
// Thread-safe.
#ifndef READOUT_CATALOG_SERVICE_STORE_POSTGRES_POSTGRES_STORE_H_
#define READOUT_CATALOG_SERVICE_STORE_POSTGRES_POSTGRES_STORE_H_

#include <atomic>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "catalog-service/query/search_query.h"
#include "catalog-service/store/postgres/created_rows.h"
#include "catalog-service/store/postgres/pg_connection.h"
#include "catalog-service/store/store.h"

namespace readout::catalog {

struct PostgresStoreOptions {
  // libpq connection URI (postgresql://user@host:port/db?...).
  std::string url;
  // How many changes Watch can replay; older ones are compacted.
  int64_t history_limit = 1000000;
  // Most connections open at once (reads, writes and the listener share
  // the bound; the listener takes one of its own).
  int max_connections = 10;
  // Threads that run writes (each holds a connection while it writes).
  // Each takes the creates queued when it is free as one group and writes
  // their rows while the others write theirs; a group that finds the
  // revision counter's row lock free numbers and commits, the others
  // commit pending and are numbered together (ADR 0046, ADR 0052).
  int writer_threads = 4;
  // Longest a statement may run (statement_timeout), and a call waits for a
  // pooled connection.
  int64_t statement_timeout_ms = 30000;
  int connect_timeout_s = 5;
  // The clock (microseconds since the epoch); tests inject one.
  std::function<int64_t()> now_micros;

  // libpq URI of a streaming-replication standby of `url` that serves
  // List, Search and people reads; empty: every read goes to `url`.
  std::string read_url;
  // Most connections open to the standby at once.
  int max_read_connections = 10;
  // Longest a read waits for the standby to replay the revision it needs
  // before it runs on the primary instead.
  int64_t read_wait_ms = 500;
  // How long a standby that could not be reached is left alone.
  int64_t read_retry_ms = 2000;
  // Told after each group commit: its write requests, its time (from the
  // wait for a connection to the COMMIT) and whether it committed. Called
  // on a writer thread.
  std::function<void(size_t requests, absl::Duration elapsed, bool committed)> commit_observer;
  // Told after each statement: whether it ran on the standby, its time and
  // its outcome. Called on the thread that ran it; must be quick.
  std::function<void(bool standby, absl::Duration elapsed, const absl::Status& status)>
      statement_observer;
  // Told when reads move to the primary because the standby failed
  // (`healthy` false, with the error), and when they return to it (`healthy`
  // true); once per change, not per read. Called on a reading thread.
  std::function<void(bool healthy, const absl::Status& error)> standby_health;
  // Told, on the writer's own connection (no transaction open), after a
  // create committed its rows pending (ADR 0052), with the
  // synchronous_commit that commit ran under; the writer then waits for
  // them to be numbered. For tests: called on a writer thread.
  std::function<void(pg::Connection& connection, absl::string_view synchronous_commit)>
      after_pending_commit;
  // For tests: a look of many windows in groups (ADR 0062) returns its rows
  // oldest first, as a plan that did not keep the groups' order would.
  bool unordered_group_looks = false;
  // Whether Open starts reading, in the background, the newest revisions
  // of the change history that searches look their candidates up in (ADR
  // 0061, 0070). Until that read ends, a search reads at most
  // `cold_history_read` revisions of the history itself and the revisions
  // of its other candidates from their documents (the same results).
  bool warm_history = true;
  int64_t cold_history_read = 8192;
};

// Where the reads that may use the standby went (since Open).
struct StandbyReadStats {
  int64_t standby = 0;  // Served by the standby.
  int64_t lagging = 0;  // On the primary: the standby stayed behind.
  int64_t failed = 0;   // On the primary: the standby failed or was down.
};

// A connection pool's state (since Open for the counters).
struct PoolStats {
  int max_connections = 0;
  int open = 0;               // Connected, idle or in use.
  int in_use = 0;             // Leased to a call.
  int64_t waits = 0;          // Calls that found every connection busy and waited.
  int64_t wait_timeouts = 0;  // Of those, calls that got none in time.
};

// The change listener's state.
struct ListenerStats {
  bool listening = false;  // LISTEN is active on a live connection.
  int64_t reconnects = 0;  // Listener connections opened after the first.
};

class PostgresStore : public Store {
 public:
  // Connects, migrates the schema (under the migration row lock) and starts the
  // writer threads and the change listener. UNAVAILABLE when the database
  // cannot be reached.
  static absl::StatusOr<std::unique_ptr<PostgresStore>> Open(PostgresStoreOptions options);
  // Finishes queued writes, then stops the threads.
  ~PostgresStore() override;

  void Create(std::vector<NewDocument> documents, std::string request_id,
              CreateCallback done) override;
  void Delete(DeleteRequest request, DeleteCallback done) override;
  absl::StatusOr<v1::CatalogDocument> GetDocument(absl::string_view id) override;
  absl::StatusOr<DocumentPage> ListDocuments(const DocumentQuery& query) override;
  absl::StatusOr<SearchPage> SearchDocuments(const SearchQuery& query) override;
  absl::StatusOr<PeoplePage> ListPeople(const PeopleQuery& query) override;
  absl::StatusOr<v1::CatalogPerson> GetPerson(absl::string_view key,
                                              int64_t index_revision) override;
  absl::StatusOr<ChangeBatch> ReadChanges(int64_t from, int limit) override;
  // Reads the counter (the last revision any replica committed); the last
  // one seen when the database cannot be reached.
  int64_t CurrentRevision() override;
  absl::StatusOr<std::vector<v1::CatalogDocument>> ScanDocuments(int64_t after, int limit) override;
  // Hashes only: the query tables are written in the same transaction as
  // the records.
  absl::StatusOr<VerifySummary> Verify(const VerifyOptions& options) override;

  // Copies a whole catalog into this database, which must hold none yet:
  // every document keeps its revision, create time and so its etag, the
  // revision counter continues from `source_revision`, and the page token
  // secret becomes `token_secret` (tokens the source issued stay valid, in
  // replicas started after the copy).
  // The history up to source_revision is compacted: a watch resumes from a
  // later revision. `next` fills the next document (in revision order) and
  // returns false after the last. One transaction: all or nothing.
  // Run again with the same source, it changes nothing; FAILED_PRECONDITION
  // (CATALOG_NOT_EMPTY) when the database holds any other catalog.
  struct CopyResult {
    int64_t documents = 0;
    bool already_copied = false;
  };
  absl::StatusOr<CopyResult> CopyIn(
      int64_t source_revision, const std::string& token_secret,
      const std::function<absl::StatusOr<bool>(v1::CatalogDocument*)>& next);
  int64_t AddCommitListener(CommitListener listener) override;
  void RemoveCommitListener(int64_t handle) override;
  std::string TokenSecret() override { return token_secret_; }
  bool SharedByReplicas() const override { return true; }
  StandbyReadStats standby_read_stats() const;
  // The primary's pool, or the standby's (read_url).
  PoolStats pool_stats(bool standby);
  ListenerStats listener_stats() const;
  // Write transactions run again after the database aborted them for a
  // concurrent one (SQLSTATE 40001/40P01), since Open.
  int64_t write_retries() const { return write_retries_.load(); }
  // Reads run again on a fresh connection after theirs failed under them
  // (ReadOnPrimary), since Open.
  int64_t read_retries() const { return read_retries_.load(); }
  // Whether creates take the revision counter's lock first (the database's
  // isolation is stricter than READ COMMITTED, or it aborted a create that
  // took the lock last) rather than last.
  bool locks_counter_first() const { return lock_first_.load(); }
  // Creates (groups) that found the counter's lock held, committed their
  // rows as pending and were numbered by a later transaction; and the
  // transactions that numbered documents (the commits that made creates
  // visible), since Open (ADR 0052).
  int64_t pending_creates() const { return pending_creates_.load(); }
  int64_t numberings() const { return numberings_.load(); }
  // Pending creates (groups) whose rows another writer of this replica
  // numbered and told them the revisions of, with no read of their own
  // (ADR 0055).
  int64_t handed_over() const { return handed_over_.load(); }
  // How searches looked for their newest matches (ADR 0048, ADR 0045).
  struct SearchLooks {
    // GIN looks over some of the newest windows of row ids.
    int64_t window_looks = 0;
    // Looks at the whole rest of the catalog at once.
    int64_t catalog_looks = 0;
    // Documents found that committed after the search's newest matches
    // though their row ids are older than every row looked at.
    int64_t late_documents = 0;
    // Searches that had to test such documents in a stretch of revisions
    // the change history no longer holds (a slower query).
    int64_t history_fallbacks = 0;
    // Candidates whose revision was read from their documents, the
    // history held in memory not naming them (ADR 0061).
    int64_t revisions_read = 0;
    // Looks of many windows in groups whose rows came back out of order
    // (ADR 0062): dropped and run again as one look at the rest.
    int64_t unordered_group_looks = 0;
    // Revisions of `changes` searches read themselves (not the background
    // read at start, WarmHistory): into the history held, or asked of it.
    int64_t history_read = 0;
  };
  SearchLooks search_looks() const;
  // Whether this replica holds the newest revisions of the history its
  // searches look in (warm_history: read in the background after Open).
  bool history_warm() const { return history_warm_.load(); }
  // The optional settings of the write transactions (ADR 0012) the
  // database refused at Open, each with its error: writes run without
  // them. Empty on PostgreSQL.
  const std::vector<std::string>& refused_write_settings() const { return refused_settings_; }
  // The passes over docs that ScanDocuments made to read the compacted
  // stretch of the history (ReadScanRows): one for all the scans that page
  // through it while it does not move, more only when scans start together
  // before any list is in place (each of those reads one).
  int64_t scan_row_reads() const { return scan_row_reads_.load(); }
  // The newest revision this replica has seen committed (its own writes,
  // NOTIFYs, polls), without asking the database.
  int64_t SeenRevision() const { return seen_revision_.load(); }

 private:
  struct WriteOp;
  class Lease;
  // Lists rows created after a revision in awaited_ for as long as it
  // lives: they are about to be committed pending (ADR 0055).
  class AwaitedRows;
  // A bounded set of connections to one server.
  struct Pool {
    std::string url;
    bool standby = false;
    int max_connections = 0;
    absl::Mutex mu;
    std::vector<std::unique_ptr<pg::Connection>> idle ABSL_GUARDED_BY(mu);
    int open ABSL_GUARDED_BY(mu) = 0;
    int64_t waits ABSL_GUARDED_BY(mu) = 0;
    int64_t wait_timeouts ABSL_GUARDED_BY(mu) = 0;
  };

  explicit PostgresStore(PostgresStoreOptions options);
  absl::Status Init();
  // Tries each optional setting of the write transactions (planner
  // settings and jit, ADR 0012) on `c` and keeps in write_plans_ and
  // no_jit_ those the database accepts; the others are listed in
  // refused_settings_. An error only when the connection is lost.
  absl::Status ProbeWriteSettings(pg::Connection& c);
  // BEGIN of a write transaction that sends its statements one by one,
  // with the settings of ProbeWriteSettings.
  std::string BeginWrite() const;
  // A new connection to `pool`'s server, set up; its statements are
  // observed (statement_observer). Gives up at `deadline`.
  absl::StatusOr<std::unique_ptr<pg::Connection>> Connect(
      const Pool& pool, absl::Time deadline, const char* application_name = "readout-catalog");
  // A connection of the primary, or of `pool`, whose statements are bounded
  // by `deadline` (by default the call's, call_deadline.h); waits for one
  // up to the deadline or statement_timeout_ms, whichever comes first.
  // `fresh`: a connection opened for the call, never an idle one (one of
  // those is closed to make room when the pool is full).
  absl::StatusOr<Lease> Acquire();
  absl::StatusOr<Lease> Acquire(Pool& pool, absl::Time deadline, bool fresh = false);
  void Release(Pool& pool, std::unique_ptr<pg::Connection> connection);
  // Runs `read` on the standby when it has replayed every revision
  // acknowledged before the call, otherwise (or when it fails) on the
  // primary.
  template <typename T>
  absl::StatusOr<T> ReadScaled(const std::function<absl::StatusOr<T>(pg::Connection&)>& read);
  // Runs `read` on a connection of the primary; when that connection
  // failed under it (closed by the server, a pooler or a restart; or a
  // statement it had prepared that the server dropped or can no longer
  // plan, ABORTED), runs it once more on a fresh connection. A read
  // changes nothing, so running it again is safe.
  template <typename T>
  absl::StatusOr<T> ReadOnPrimary(const std::function<absl::StatusOr<T>(pg::Connection&)>& read);
  // A standby connection that has replayed `revision`; NOT_FOUND when the
  // standby stayed behind for read_wait_ms, another error when it failed.
  // A standby connection the server closed while it was idle in the pool
  // is replaced by a fresh one, once.
  absl::StatusOr<Lease> AwaitStandby(int64_t revision);
  // AwaitStandby on a pooled connection or a `fresh` one; `lost`: whether
  // it failed because that connection failed under it.
  absl::StatusOr<Lease> AwaitStandbyOn(int64_t revision, bool fresh, bool& lost);
  void StandbyFailed(const absl::Status& error);
  // The changes from `from` (at most `limit`) and the counter, in one
  // snapshot, into `batch`; `compacted`: the history's start.
  absl::Status ReadChangesOn(pg::Connection& c, int64_t from, int limit, ChangeBatch& batch,
                             int64_t& compacted);
  absl::StatusOr<DocumentPage> ListDocumentsOn(pg::Connection& c, const DocumentQuery& query);
  // `parsed` and `tsquery`: query.query already parsed and compiled by
  // SearchDocuments.
  absl::StatusOr<SearchPage> SearchDocumentsOn(pg::Connection& c, const SearchQuery& query,
                                               const SearchExpr& parsed,
                                               const std::string& tsquery);
  // Makes created_rows_ hold the revisions (after, upto], read from
  // `changes` (in the caller's snapshot, whose counter is `upto` and
  // history starts after `compacted`) where it lacks them; nothing when
  // the stretch is longer than created_rows_ can hold. `searching`: read
  // for a search (counted in history_read), not by WarmHistory.
  absl::Status HoldHistory(pg::Connection& c, int64_t after, int64_t upto, int64_t compacted,
                           bool searching = true);
  // The revisions that created `rows` (distinct), from created_rows_, for
  // a snapshot whose counter is `upto` (ADR 0061): 0 for a row not named
  // by the newest revisions held (at most kMostRevisionsScanned).
  absl::StatusOr<std::vector<int64_t>> CandidateRevisions(pg::Connection& c,
                                                          const std::vector<int64_t>& rows,
                                                          int64_t upto, int64_t compacted);
  // A document's row and the revision that created it.
  struct RowRevision {
    int64_t row = 0;
    int64_t revision = 0;
  };
  // The documents below `row` created at revisions (after, upto], from
  // created_rows_ (HoldHistory); from `changes` alone when the stretch is
  // longer than created_rows_ can hold.
  absl::StatusOr<std::vector<RowRevision>> LateRows(pg::Connection& c, int64_t after, int64_t upto,
                                                    int64_t row, int64_t compacted);
  // The scrub's side-table check (Verify with check_index): reports each
  // side row its document's row does not name, or whose document is gone.
  absl::Status VerifySideRows(const VerifyOptions& options, VerifyProgress& progress);
  // The (revision, row) of every document created at revisions
  // (copied, counter], in revision order: the compacted stretch up to
  // `compacted` from one pass over docs, the rest from the history; in the
  // caller's snapshot (ScanDocuments). Read with no lock held.
  struct ScanRows {
    // The documents of revisions (from, upto], as (revision, row id) in
    // revision order.
    int64_t from = 0;
    int64_t upto = -1;
    std::vector<std::pair<int64_t, int64_t>> rows;
  };
  absl::StatusOr<std::shared_ptr<const ScanRows>> ReadScanRows(pg::Connection& c, int64_t copied,
                                                               int64_t compacted, int64_t counter);
  absl::StatusOr<PeoplePage> ListPeopleOn(pg::Connection& c, const PeopleQuery& query);
  absl::StatusOr<v1::CatalogPerson> GetPersonOn(pg::Connection& c, absl::string_view key);
  void WriterLoop();
  void ListenerLoop();
  // Reads the newest revisions of the history searches walk (at most
  // kMostRevisionsScanned) into created_rows_, newest first, then sets
  // history_warm_ (also when it fails: searches then read what they need).
  void WarmHistory();
  // A new document's rows: its id, record, row id, revision (0 until the
  // write is numbered) and create time.
  struct NewRows {
    const std::string* id;
    const v1::Extraction* extraction;
    int64_t row;
    int64_t revision;
    int64_t create_us;
  };
  // A group of creates in one transaction: their rows written first, then
  // the counter locked and the new documents numbered (ADR 0046). Returns
  // the revision it committed (0 when it created nothing); each create's
  // own outcome (a reused request id) is in its create_result.
  absl::StatusOr<int64_t> ApplyCreates(pg::Connection& connection,
                                       std::vector<std::unique_ptr<WriteOp>>& group);
  // One attempt of ApplyCreates; sets `found_pending` (and writes nothing)
  // when a document of the group is pending in another writer's create.
  absl::StatusOr<int64_t> ApplyCreatesOnce(pg::Connection& connection,
                                           std::vector<std::unique_ptr<WriteOp>>& group,
                                           bool& found_pending);
  // A delete in its own transaction, the counter locked first; returns
  // the revision it committed (0 when it changed nothing).
  absl::StatusOr<int64_t> ApplyDelete(pg::Connection& connection, WriteOp& op);
  // The statement that, under the counter's row lock it takes, logs the
  // deletion of $1 documents $4 (ids) of rows $5 in that order, compacts
  // the history, and NOTIFYs; it returns the last revision.
  static std::string DeletedChange();
  // The statement that numbers every pending document (ADR 0052): sets
  // its revision, logs its change, adds its position titles, compacts the
  // history and NOTIFYs. Returns (row id, revision) of each document it
  // numbered. Unless `locked` (the transaction holds the counter's row
  // lock), it first takes the lock if no other transaction holds it, and
  // does nothing (no row) if one does.
  static std::string NumberPendingSql(bool locked);
  // NumberPendingSql with its parameters, committing at `now`.
  pg::Statement NumberPendingStatement(bool locked, int64_t now) const;
  // Numbered documents: their revisions by row id, and the last revision.
  struct Numbered {
    std::map<int64_t, int64_t> revision_of;
    int64_t last = 0;
    // Reserved requests (ADR 0057) the numbering completed: with no row
    // numbered, still a transaction to commit.
    int64_t requests = 0;
  };
  // Answers the ops of a group whose new documents (by op, their ids)
  // were numbered, then deleted and their changes compacted before the
  // writer read their revisions: from their requests' stored revisions,
  // or, without a request id (or for a request whose revisions are known
  // nowhere, left reserved by a schema 6 replica), ABORTED
  // (CREATED_THEN_DELETED).
  absl::Status AnswerGone(pg::Connection& c,
                          const std::map<WriteOp*, std::vector<std::string>>& gone);
  // Reads the rows of NumberPendingSql into `numbered`.
  static void AddNumbered(const pg::Result& r, Numbered& numbered);
  // A transaction that waits for the counter's row lock, numbers every
  // pending document, and commits (rolls back when it numbered none). The
  // revisions of `rows`, documents created after revision `since`, are
  // read too: numbered here or before by any writer of any replica.
  absl::StatusOr<Numbered> NumberPending(pg::Connection& connection,
                                         const std::vector<int64_t>& rows, int64_t since);
  // The revisions of `rows`, created after revision `since` and committed
  // pending: numbered by this writer when it finds the counter's lock
  // free, or by another writer; waits (between tries) for a newer revision
  // to be published. After `until`, waits for the lock (NumberPending).
  absl::StatusOr<Numbered> AwaitNumbered(pg::Connection& connection, const AwaitedRows& listed,
                                         const std::vector<int64_t>& rows, int64_t since,
                                         absl::Time until);
  // One try without waiting: numbers every pending row if the counter's
  // lock is free (and publishes it), and reads the revisions of `rows`
  // (none: no read) numbered since `since`. One round trip.
  absl::StatusOr<Numbered> NumberIfFree(pg::Connection& connection,
                                        const std::vector<int64_t>& rows, int64_t since);
  // NumberPending run again while the database aborts it for a concurrent
  // transaction, until `until`.
  absl::StatusOr<Numbered> NumberPendingAgain(pg::Connection& connection,
                                              const std::vector<int64_t>& rows, int64_t since,
                                              absl::Time until);
  // Records the committed revisions of `revision_of` for the writers of
  // this replica that await them (awaited_): called after the commit that
  // numbered them, or after a read of committed revisions.
  void NoteNumbered(const std::map<int64_t, int64_t>& revision_of);
  // Numbers the documents a writer left pending (a replica stopped between
  // the two transactions of a create) once `oldest_pending`, the oldest
  // pending row (0: none), has stayed the oldest for a second; called by
  // the listener at each poll of the counter.
  void SweepPending(int64_t oldest_pending);
  // The one statement that inserts new documents' rows into every table,
  // each column an array (prepared once per connection). `titles`, when
  // given (a copy into the database), gets their position titles, sorted
  // and distinct; a create passes none, since the numbering statement adds
  // the titles of the rows it numbers.
  static pg::Statement RowsStatement(const std::vector<NewRows>& docs,
                                     std::vector<std::string>* titles);
  // Tells the listeners of `revision` when it is newer than any told.
  void Publish(int64_t revision);

  const PostgresStoreOptions options_;
  std::string token_secret_;
  // The statements that set a write transaction's planner settings and
  // turn its JIT off, with only the settings the database accepted at
  // Open (ProbeWriteSettings); "SELECT 1" when it accepted none.
  std::string write_plans_ = "SELECT 1";
  std::string no_jit_ = "SELECT 1";
  std::vector<std::string> refused_settings_;
  // The rows a ScanDocuments page that reads the compacted history reads
  // its documents by (ReadScanRows): 16 bytes a document, kept for every
  // page of every scan until a page finds the compacted stretch has moved
  // past them and puts a newer list in their place (a page reading past
  // the stretch does not let go of them: another scan may be in the
  // middle). Immutable once read: each page takes its own reference under
  // scan_mu_ (a pointer copy) and pages through it with no lock held, so
  // no scan waits on another's reads; a page that finds none covering its
  // stretch reads its own and puts it here unless another scan has put one
  // that covers it meanwhile. A list replaced is freed outside scan_mu_.
  // A revision's row never changes; a document deleted since is skipped
  // when read.
  absl::Mutex scan_mu_;
  std::shared_ptr<const ScanRows> scan_rows_ ABSL_GUARDED_BY(scan_mu_);
  std::atomic<int64_t> scan_row_reads_{0};
  std::atomic<int64_t> seen_revision_{0};

  Pool primary_;
  Pool standby_;
  absl::Mutex standby_mu_;
  // Until when the standby is left alone after a failure.
  absl::Time standby_down_until_ ABSL_GUARDED_BY(standby_mu_) = absl::InfinitePast();
  bool standby_healthy_ ABSL_GUARDED_BY(standby_mu_) = true;
  std::atomic<int64_t> reads_standby_{0}, reads_lagging_{0}, reads_failed_{0};
  std::atomic<bool> listening_{false};
  std::atomic<int64_t> listener_reconnects_{0};
  std::atomic<int64_t> write_retries_{0};
  std::atomic<int64_t> read_retries_{0};
  std::atomic<int64_t> window_looks_{0}, catalog_looks_{0}, late_documents_{0},
      history_fallbacks_{0}, revisions_read_{0}, unordered_group_looks_{0}, history_read_{0};
  // The row each recent revision created, read from `changes` as searches
  // need it (SearchDocumentsOn); at most the history's length (bounded by
  // CreatedRows::kDefaultCapacity).
  CreatedRows created_rows_;
  // Creates take the counter's lock first: the database's isolation is
  // stricter than READ COMMITTED (read at Open), or it aborted a create
  // that took the lock last.
  std::atomic<bool> lock_first_{false};
  // Creates committed as pending, numbered by a later transaction (ADR
  // 0052), and the numbering transactions that numbered any document.
  std::atomic<int64_t> pending_creates_{0}, numberings_{0};
  // The writers of this replica waiting for their pending rows to be
  // numbered (ADR 0055). Whichever of them tries to number (NumberIfFree)
  // does so for all and reads the revisions of all their rows; the others
  // wait for it, or for a newer revision, and find theirs in awaited_.
  struct Awaited {
    int64_t revision = 0;  // 0 until numbered and committed.
    int64_t since = 0;     // The row's document was created after it.
  };
  absl::Mutex awaited_mu_;
  std::map<int64_t, Awaited> awaited_ ABSL_GUARDED_BY(awaited_mu_);
  // Counts the revisions Publish saw grow; `tried_at_` is its value when
  // the last try to number began, `tries_ended_` counts the tries ended.
  int64_t published_epoch_ ABSL_GUARDED_BY(awaited_mu_) = 0;
  int64_t tried_at_ ABSL_GUARDED_BY(awaited_mu_) = -1;
  int64_t tries_ended_ ABSL_GUARDED_BY(awaited_mu_) = 0;
  bool trying_ ABSL_GUARDED_BY(awaited_mu_) = false;
  // Deletes of this replica that numbered pending rows and have not yet
  // noted the revisions they gave (ApplyDelete): a waiting writer that
  // reads its row as gone waits for them before taking that answer.
  int deletes_noting_ ABSL_GUARDED_BY(awaited_mu_) = 0;
  std::atomic<int64_t> handed_over_{0};
  // The oldest pending row the listener saw, and since when (SweepPending).
  int64_t oldest_pending_ = 0;
  absl::Time oldest_pending_since_ = absl::InfiniteFuture();

  absl::Mutex queue_mu_;
  std::deque<std::unique_ptr<WriteOp>> queue_ ABSL_GUARDED_BY(queue_mu_);
  bool stopping_ ABSL_GUARDED_BY(queue_mu_) = false;
  std::vector<std::thread> writers_;
  std::thread listener_thread_;
  std::thread warm_thread_;
  std::atomic<bool> history_warm_{false};

  absl::Mutex listeners_mu_;
  std::map<int64_t, CommitListener> listeners_ ABSL_GUARDED_BY(listeners_mu_);
  int64_t next_listener_ ABSL_GUARDED_BY(listeners_mu_) = 1;
  int64_t published_ ABSL_GUARDED_BY(listeners_mu_) = 0;
};

}  // namespace readout::catalog

#endif  // READOUT_CATALOG_SERVICE_STORE_POSTGRES_POSTGRES_STORE_H_
