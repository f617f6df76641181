// SqliteStore: the embedded default Store. Two SQLite files in a data
// directory, both in WAL mode:
//  - catalog.db, the record of truth: documents, their bodies, the change
//    log, request ids. synchronous=FULL, so a write is on disk before its
//    callback runs. Its schema is migrated in code (PRAGMA user_version).
//  - index.db, the query index: sort columns, side tables (persons,
//    participants, positions, orgs, events) for filters and an FTS5 table
//    for search. It is derived from catalog.db, written behind the durable
//    commit in larger batches without fsync of its own, and rebuilt from
//    the documents when missing, stale or of an older layout (behind Open,
//    while the store serves; index reads are refused until it is done).
//    One that is damaged, from another catalog or ahead of the records is
//    moved aside (kept, renamed with the time) and rebuilt the same way.
//    Damage found while serving (an index read or write meets DATA_LOSS and
//    PRAGMA quick_check confirms it) stops index reads at once with
//    UNAVAILABLE (INDEX_DAMAGED) and leaves a marker (index.db.damaged) so
//    that the next open moves the file aside and rebuilds it.
// One writer thread group-commits everything queued (one transaction and one
// fsync for many concurrent creates; each request in its own savepoint so
// one bad request does not fail the others) and hands what it committed to
// the indexer thread, which indexes it in batches on its own connection
// (the two never wait for each other's lock). Past max_index_lag documents
// not yet indexed, the writer waits for the indexer before it commits more.
// Acknowledged writes are witnessed outside catalog.db: a mark thread
// records each commit's revision in a synced mark file (revision_mark.h)
// before any of it is published or acknowledged; it answers the requests
// while the writer commits the next batch, so the mark's sync overlaps the
// next commit's and costs latency, not throughput. When the mark cannot be
// written, the commit stays durable but unpublished (CurrentRevision and
// watchers do not see it) and its requests fail; no request is
// acknowledged until the mark covers every commit before it. A catalog.db found behind its mark at
// open lost acknowledged writes (a damaged WAL frame drops it and all after it): the store then
// serves reads of what survives, refuses every write with FAILED_PRECONDITION
// (ACKNOWLEDGED_WRITES_LOST) and rebuilds the index, until it is reopened with accept_data_loss_at
// naming the mark; it then continues above the mark, so no revision a watcher saw is given again.
// Reads use a pool of connections and run concurrently with writes; index
// reads (List, Search, people) first wait until the index holds every write
// committed when they started, so a client reads its own writes. That wait
// holds no thread when the caller uses WhenIndexed: waiting reads are kept
// in a list that a small thread of the store answers as the index advances
// (or their time runs out), so gets, writes and watches never queue behind
// them.
// Thread-safe.
#ifndef READOUT_CATALOG_SERVICE_STORE_SQLITE_SQLITE_STORE_H_
#define READOUT_CATALOG_SERVICE_STORE_SQLITE_SQLITE_STORE_H_

#include <atomic>
#include <cstdint>
#include <deque>
#include <functional>
#include <limits>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "catalog-service/store/index_rows.h"
#include "catalog-service/store/sqlite/revision_mark.h"
#include "catalog-service/store/sqlite/sqlite_db.h"
#include "catalog-service/store/store.h"

namespace readout::catalog {

// Acknowledged writes found lost at open (SqliteStore::LostWrites).
struct LostWrites {
  int64_t records_revision = 0;       // The last revision catalog.db holds.
  int64_t acknowledged_revision = 0;  // The last one acknowledged (the mark).
  bool accepted = false;              // The store took the loss and writes.
};

struct SqliteStoreOptions {
  // Directory of catalog.db; created when missing.
  std::string data_dir;
  // How many changes Watch can replay; older ones are compacted.
  int64_t history_limit = 1000000;
  // Most requests committed in one transaction.
  int max_batch = 512;
  // Checkpoint the WAL on a background thread rather than inside commits.
  bool background_checkpoint = true;
  // The background checkpoint runs after this many commits (or 200 ms with
  // at least one). Rarer checkpoints copy a page rewritten by many commits
  // (index leaves, FTS segments) into the database once, not once per commit.
  int checkpoint_every_commits = 32;
  // Page cache of the writer connection, MiB (readers keep 16 MiB each).
  int writer_cache_mib = 16;
  // When writes are concurrent, how long the writer waits for one more
  // request to join a transaction (0: never waits).
  int64_t group_commit_window_us = 1000;
  // Read connections kept open when idle.
  int max_idle_readers = 8;
  // Documents committed but not yet indexed past which the writer waits for
  // the indexer before it commits more (bounds how long an index read may
  // wait).
  int max_index_lag = 1024;
  // Most changes indexed in one index transaction; this many pending are
  // indexed at once.
  int index_batch = 256;
  // Committed changes wait at most this long to be indexed together (a
  // read that needs them has them indexed at once).
  int64_t index_delay_ms = 50;
  // How long an index read waits for the index to catch up before it fails
  // with UNAVAILABLE (INDEX_BEHIND, retry after 1 s); during a rebuild it
  // fails at once (retry after 5 s).
  int64_t index_wait_ms = 30000;
  // Called now and then while index.db is rebuilt at open (documents done,
  // documents in all); may be empty.
  std::function<void(int64_t done, int64_t total)> rebuild_progress;
  // Test hook (empty in production): called before each index transaction
  // of the indexer loop; a non-OK status fails that transaction as a failed
  // SQLite write would, so tests can drive the retry path.
  std::function<absl::Status()> index_write_fault;
  // Test hook (empty in production): called before each write of the
  // revision mark; a non-OK status fails that write as a failed pwrite or
  // fdatasync would, so tests can drive the unmarked-commit path.
  std::function<absl::Status()> mark_write_fault;
  // Called when recording a commit in the revision mark fails (the commit's
  // requests fail and its revision stays unpublished; retried every second
  // and with the next commit); may be empty.
  std::function<void(const absl::Status&)> mark_error;
  // Called at open when index.db is moved aside to be rebuilt (damaged,
  // built from another catalog, or ahead of the records), with the path it
  // is kept under and why; may be empty.
  std::function<void(const std::string& kept_as, const absl::Status& why)> index_moved_aside;
  // Called when index.db is found damaged while the store serves (an index
  // read or write met DATA_LOSS and PRAGMA quick_check confirmed it), with
  // what the check found; may be empty. Index reads are then refused
  // (UNAVAILABLE, INDEX_DAMAGED) until the store is reopened, which moves
  // the file aside and rebuilds it.
  std::function<void(const absl::Status& damage)> index_damaged;
  // Called when an index transaction fails (it is retried); may be empty.
  std::function<void(const absl::Status&)> index_error;
  // Called by the writer thread after each group commit with the requests
  // it held, the time from BEGIN to the synced COMMIT, and whether it
  // committed; may be empty. Must be quick (metrics).
  std::function<void(size_t requests, absl::Duration elapsed, bool committed)> commit_observer;
  // The acknowledged revision an operator accepts to lose (readout-catalog
  // --accept-data-loss=N): when catalog.db is found behind its revision
  // mark and the mark holds exactly this revision, the store drops the
  // missing revisions (watchers from before them are told to re-read),
  // continues above the mark and accepts writes. A value that does not
  // match the mark accepts nothing (a flag left set cannot accept a later
  // loss). 0: never.
  int64_t accept_data_loss_at = 0;
  // The clock (microseconds since the epoch); tests inject one.
  std::function<int64_t()> now_micros;
};

class SqliteStore : public Store {
 public:
  // Opens or creates the catalog in options.data_dir and starts the writer.
  static absl::StatusOr<std::unique_ptr<SqliteStore>> Open(SqliteStoreOptions options);
  // Finishes queued writes, then stops the writer. Writes submitted while
  // closing fail with UNAVAILABLE.
  ~SqliteStore() override;

  void Create(std::vector<NewDocument> documents, std::string request_id,
              CreateCallback done) override;
  void Delete(DeleteRequest request, DeleteCallback done) override;
  absl::StatusOr<v1::CatalogDocument> GetDocument(absl::string_view id) override;
  absl::StatusOr<DocumentPage> ListDocuments(const DocumentQuery& query) override;
  absl::StatusOr<SearchPage> SearchDocuments(const SearchQuery& query) override;
  void WhenIndexed(IndexReady ready) override;
  absl::StatusOr<PeoplePage> ListPeople(const PeopleQuery& query) override;
  absl::StatusOr<v1::CatalogPerson> GetPerson(absl::string_view key,
                                              int64_t index_revision) override;
  absl::StatusOr<ChangeBatch> ReadChanges(int64_t from, int limit) override;
  int64_t CurrentRevision() override { return committed_revision_.load(); }
  absl::StatusOr<std::vector<v1::CatalogDocument>> ScanDocuments(int64_t after, int limit) override;
  // Hashes and (SQLite) index agreement; see store/sqlite/scrub.cc.
  absl::StatusOr<VerifySummary> Verify(const VerifyOptions& options) override;
  int64_t AddCommitListener(CommitListener listener) override;
  void RemoveCommitListener(int64_t handle) override;
  std::string TokenSecret() override { return token_secret_; }

  // The last revision the query index reflects (<= CurrentRevision()).
  int64_t IndexedRevision();
  // Documents stored (a count over catalog.db's documents table: one scan
  // of its smallest index, so callers cache it).
  absl::StatusOr<int64_t> CountDocuments();
  // Blocks until the query index reflects every write committed before the
  // call; UNAVAILABLE (INDEX_BEHIND) after options.index_wait_ms, or at once
  // while the index is being rebuilt (WhenIndexed, waited for).
  absl::Status WaitForIndex();
  // Reads waiting for the index (WhenIndexed or WaitForIndex) right now.
  int IndexWaiters();

  // Set when acknowledged writes were found lost at open; while not
  // accepted, every write fails with FAILED_PRECONDITION
  // (ACKNOWLEDGED_WRITES_LOST).
  const std::optional<LostWrites>& lost_writes() const { return lost_writes_; }
  // Whether writes are refused because acknowledged writes were lost.
  bool WritesRefused() const { return lost_writes_.has_value() && !lost_writes_->accepted; }
  // The error every write gets while WritesRefused().
  absl::Status LostWritesError() const;

  // Whether the query index answers reads: false while it is rebuilt and
  // while its writes fail (they are retried). `listener` is called at once
  // with the current state, then on every change, from the indexer thread;
  // an empty listener stops the calls (returns after any call in progress).
  void SetIndexHealthListener(std::function<void(bool serving)> listener);

 private:
  using PreparedDocument = IndexRows;
  struct WriteOp;
  struct IndexTask;
  struct IndexWaiter;
  class ReaderLease;

  // Builds a document's rows (runs on the calling thread).
  static PreparedDocument Prepare(const v1::Extraction& x);

  explicit SqliteStore(SqliteStoreOptions options);
  absl::Status Init();
  // Init: compares catalog.db's revision with the mark (lost_writes_), and
  // takes an accepted loss.
  absl::Status CheckRevisionMark();
  void Enqueue(std::unique_ptr<WriteOp> op);
  void WriterLoop();
  void IndexerLoop();
  void CheckpointLoop();
  // Records committed batches in the revision mark (one sync for all those
  // waiting), then publishes their revision and answers them, in order.
  void MarkLoop();
  // Answers WhenIndexed's waiters as the index advances or their time ends.
  void IndexWaitLoop();
  void CommitBatch(std::vector<std::unique_ptr<WriteOp>>& batch);
  absl::Status ApplyCreate(WriteOp& op, int64_t now);
  absl::Status ApplyDelete(WriteOp& op, int64_t now);
  // Stores a document (or finds it stored); queues its index rows, moved
  // out of `rows`, on `index_tasks`.
  absl::StatusOr<v1::CatalogDocument> InsertDocument(
      const NewDocument& doc, PreparedDocument& rows, int64_t now, bool* created,
      std::vector<std::unique_ptr<IndexTask>>* index_tasks);
  // Records change `revision` (the create or delete of `doc_id`, in row
  // `row_id`) in the change log and queues its index task on `index_tasks`.
  absl::StatusOr<IndexTask*> LogChange(int64_t revision, const std::string& doc_id, int64_t row_id,
                                       int64_t now, bool is_delete,
                                       std::vector<std::unique_ptr<IndexTask>>* index_tasks);
  absl::Status Compact();
  // Index (Init only): attaches index.db and replays what it missed, or lays
  // it out anew for RunRebuild.
  absl::Status OpenIndex();
  // Removes index.db and creates the current layout, empty (Init only).
  absl::Status ResetIndex();
  // Attaches index.db for writing and reads its revision (-1: none, or
  // another layout) and whether another catalog built it (Init only).
  // DATA_LOSS when the file is damaged.
  absl::Status ProbeIndex(int64_t* indexed, bool* foreign);
  // Renames index.db (and its WAL) to index.db.<reason>-<UTC time>, detached,
  // and reports it (options_.index_moved_aside) with `why` (Init only).
  absl::Status MoveIndexAside(absl::string_view reason, const absl::Status& why);
  // Records this catalog's tag in index.db (Init only).
  absl::Status TagIndex();
  // A number derived from the token secret that tells this catalog's
  // index.db from another's.
  int64_t CatalogTag() const;
  // Indexer thread, first: fills a reset index with every document up to
  // the revision current at open, then replays the changes committed
  // meanwhile. False when the store closes first.
  bool RunRebuild();
  // Applies the logged changes in (from, to] on `connection`.
  absl::Status ReplayIndex(Connection& connection, int64_t from, int64_t to);
  // The index task of a stored document body (DATA_LOSS when it does not
  // parse).
  absl::StatusOr<std::unique_ptr<IndexTask>> TaskFromBody(int64_t row_id,
                                                          absl::string_view body) const;
  // Indexer: a body that does not parse (DATA_LOSS) is reported through
  // options_.index_error and left out (OK); other errors are returned.
  absl::Status SkipCorruptBody(const absl::Status& status);
  // Attaches index.db as "ix" with the writing connections' settings.
  absl::Status AttachIndexForWriting(Connection& connection);
  // Applies tasks in one index transaction on `connection` (index.db
  // attached as "ix") that records `revision` (unless negative).
  absl::Status ApplyIndexTasks(Connection& connection, const std::vector<const IndexTask*>& tasks,
                               int64_t revision);
  void PublishIndexed(int64_t revision);
  // Tells the index health listener of a change of state (indexer thread).
  void ReportIndexHealth();
  // Index reads (queries.cc), wrapped by the public methods in IndexRead.
  absl::StatusOr<DocumentPage> ListFromIndex(const DocumentQuery& query);
  absl::StatusOr<SearchPage> SearchIndex(const SearchQuery& query);
  absl::StatusOr<PeoplePage> ListPeopleFromIndex(const PeopleQuery& query);
  absl::StatusOr<v1::CatalogPerson> PersonFromIndex(absl::string_view key, int64_t index_revision);
  // Runs an index read unless index.db was found damaged (then UNAVAILABLE,
  // INDEX_DAMAGED); a DATA_LOSS it meets asks the indexer to check index.db.
  template <typename T, typename Read>
  absl::StatusOr<T> IndexRead(Read read);
  // The refusal of index reads once index.db was found damaged (OK before).
  absl::Status IndexDamagedError();
  // Indexer thread: PRAGMA quick_check of index.db; when it finds damage,
  // refuses index reads from then on, drops the queued index work, leaves
  // the marker that makes the next open move index.db aside, and reports it.
  void CheckIndexForDamage(const absl::Status& met);
  // The marker file of a damaged index.db (next to it).
  std::string DamageMarkerPath() const { return index_path_ + ".damaged"; }
  // A document's index rows (inside an index transaction).
  absl::Status IndexDocument(Connection& connection, int64_t row_id, const PreparedDocument& rows);
  absl::Status UnindexDocument(Connection& connection, int64_t row_id);
  absl::StatusOr<std::unique_ptr<Connection>> AcquireReader();
  void ReleaseReader(std::unique_ptr<Connection> connection);

  const SqliteStoreOptions options_;
  std::string path_;
  std::string token_secret_;
  std::unique_ptr<Connection> writer_;          // Used by the writer thread only.
  int64_t revision_ = 0;                        // Writer thread only.
  int batches_since_request_cleanup_ = 0;       // Writer thread only.
  size_t last_batch_size_ = 0;                  // Writer thread only.
  std::unique_ptr<sqlite::RevisionMark> mark_;  // Mark thread only after Init.
  std::optional<LostWrites> lost_writes_;       // Set in Init, then read-only.
  std::atomic<int64_t> committed_revision_{0};
  std::atomic<int64_t> compacted_revision_{0};
  std::string index_path_;
  std::unique_ptr<Connection> indexer_;  // Indexer thread only.
  std::thread indexer_thread_;

  // Committed changes not yet indexed, oldest first; the writer appends,
  // the indexer removes what it applied.
  absl::Mutex index_mu_;
  std::deque<std::unique_ptr<IndexTask>> index_queue_ ABSL_GUARDED_BY(index_mu_);
  absl::Time index_queue_since_ ABSL_GUARDED_BY(index_mu_);  // Oldest change's wait start.
  int64_t indexed_revision_ ABSL_GUARDED_BY(index_mu_) = 0;
  // Reads waiting for the index, in arrival order (so by revision and by
  // deadline, but for races of a few microseconds).
  std::deque<IndexWaiter> index_waiters_ ABSL_GUARDED_BY(index_mu_);
  // A waiter joined an empty list: the wait thread takes its deadline.
  bool index_waiters_started_ ABSL_GUARDED_BY(index_mu_) = false;
  bool index_waits_stopping_ ABSL_GUARDED_BY(index_mu_) = false;
  std::thread index_wait_thread_;
  bool index_failing_ ABSL_GUARDED_BY(index_mu_) = false;  // The last index write failed.
  // index.db was found damaged while serving: what the check found (OK when
  // not), and whether a read asked for a check.
  absl::Status index_damage_ ABSL_GUARDED_BY(index_mu_);
  bool index_check_requested_ ABSL_GUARDED_BY(index_mu_) = false;
  absl::Time index_checked_at_ = absl::InfinitePast();  // Indexer thread only.
  bool index_stopping_ ABSL_GUARDED_BY(index_mu_) = false;
  bool writer_done_ ABSL_GUARDED_BY(index_mu_) = false;    // WriterLoop returned.
  bool index_stopped_ ABSL_GUARDED_BY(index_mu_) = false;  // Gave up while closing.
  // An index rebuild in progress (filled by the indexer while the writer
  // serves): the revision it covers, progress, and the last revision the
  // writer committed without queueing its changes.
  struct RebuildState {
    bool active = false;
    int64_t target = 0;
    int64_t done = 0;
    int64_t total = 0;
    int64_t last_unqueued = 0;
  };
  RebuildState rebuild_ ABSL_GUARDED_BY(index_mu_);
  // Compaction keeps the change log after this revision (a rebuild's).
  std::atomic<int64_t> compact_floor_{std::numeric_limits<int64_t>::max()};

  absl::Mutex queue_mu_;
  std::deque<std::unique_ptr<WriteOp>> queue_ ABSL_GUARDED_BY(queue_mu_);
  bool stopping_ ABSL_GUARDED_BY(queue_mu_) = false;
  std::thread writer_thread_;

  // Batches committed by the writer, waiting for the mark thread.
  struct MarkItem {
    std::vector<std::unique_ptr<WriteOp>> batch;
    int64_t revision = 0;   // The last revision the batch committed.
    bool advanced = false;  // It committed at least one change.
  };
  absl::Mutex mark_mu_;
  std::deque<MarkItem> mark_queue_ ABSL_GUARDED_BY(mark_mu_);
  bool mark_stopping_ ABSL_GUARDED_BY(mark_mu_) = false;
  std::thread mark_thread_;

  absl::Mutex checkpoint_mu_;
  int commits_since_checkpoint_ ABSL_GUARDED_BY(checkpoint_mu_) = 0;
  bool checkpoint_stopping_ ABSL_GUARDED_BY(checkpoint_mu_) = false;
  std::unique_ptr<Connection> checkpointer_;  // Checkpoint thread only.
  std::thread checkpoint_thread_;

  absl::Mutex readers_mu_;
  std::vector<std::unique_ptr<Connection>> idle_readers_ ABSL_GUARDED_BY(readers_mu_);

  absl::Mutex health_mu_;  // Held while the health listener runs.
  std::function<void(bool)> health_listener_ ABSL_GUARDED_BY(health_mu_);
  bool health_reported_ ABSL_GUARDED_BY(health_mu_) = false;

  absl::Mutex listeners_mu_;
  std::map<int64_t, CommitListener> listeners_ ABSL_GUARDED_BY(listeners_mu_);
  int64_t next_listener_ ABSL_GUARDED_BY(listeners_mu_) = 1;
};

}  // namespace readout::catalog

#endif  // READOUT_CATALOG_SERVICE_STORE_SQLITE_SQLITE_STORE_H_
