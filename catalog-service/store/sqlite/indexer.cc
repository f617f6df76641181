// SqliteStore's query index (see sqlite_store.h): the rows a document
// gives (Prepare), opening, rebuilding and replaying index.db, the indexer
// thread that indexes committed changes in batches, and the wait that lets
// index reads see every write committed before them.
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <string>
#include <system_error>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/synchronization/notification.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "catalog-service/errors.h"
#include "catalog-service/query/names.h"
#include "catalog-service/store/sql_filter.h"
#include "catalog-service/store/sqlite/document_rows.h"
#include "catalog-service/store/sqlite/schema.h"
#include "catalog-service/store/sqlite/sqlite_store.h"
#include "catalog-service/store/sqlite/sqlite_store_internal.h"
#include "common/files.h"
#include "common/sha256.h"

namespace readout::catalog {

using sqlite::AttachIndex;
using sqlite::kIndexSchema;
using sqlite::kIndexVersion;
using sqlite::RemoveIndexFiles;

SqliteStore::PreparedDocument SqliteStore::Prepare(const v1::Extraction& x) {
  return IndexRowsOf(x);
}

absl::Status SqliteStore::AttachIndexForWriting(Connection& connection) {
  CATALOG_RETURN_IF_ERROR(AttachIndex(connection, index_path_));
  // The index is never fsynced at commit: it is rebuilt or replayed from
  // catalog.db, which is.
  return connection.Exec(absl::StrCat("PRAGMA ix.synchronous = NORMAL; PRAGMA ix.cache_size = -",
                                      std::max(1, options_.writer_cache_mib) * 1024));
}

absl::Status SqliteStore::ProbeIndex(int64_t* indexed, bool* foreign) {
  *indexed = -1;
  *foreign = false;
  CATALOG_RETURN_IF_ERROR(AttachIndexForWriting(*writer_));
  auto query_int = [&](const std::string& sql, int64_t* value) -> absl::Status {
    CATALOG_ASSIGN_OR_RETURN(Statement stmt, writer_->Prepare(sql));
    CATALOG_ASSIGN_OR_RETURN(bool row, stmt.Step());
    *value = row && !stmt.IsNull(0) ? stmt.Int(0) : -1;
    return absl::OkStatus();
  };
  int64_t version = 0;
  CATALOG_RETURN_IF_ERROR(query_int("PRAGMA ix.user_version", &version));
  if (version != kIndexVersion) return absl::OkStatus();
  CATALOG_RETURN_IF_ERROR(
      query_int("SELECT value FROM ix.state WHERE key = 'indexed_revision'", indexed));
  int64_t catalog = -1;
  CATALOG_RETURN_IF_ERROR(query_int("SELECT value FROM ix.state WHERE key = 'catalog'", &catalog));
  // An index from before catalogs were tagged is taken as this catalog's.
  *foreign = catalog >= 0 && catalog != CatalogTag();
  return absl::OkStatus();
}

int64_t SqliteStore::CatalogTag() const {
  // 60 bits of a hash of the token secret: random per catalog, and not the
  // secret itself.
  int64_t tag = 0;
  const std::string hash = common::Sha256Hex(token_secret_);
  for (int i = 0; i < 15; ++i) {
    tag = tag * 16 + (hash[i] <= '9' ? hash[i] - '0' : hash[i] - 'a' + 10);
  }
  return tag;
}

absl::Status SqliteStore::MoveIndexAside(absl::string_view reason, const absl::Status& why) {
  writer_->Exec("DETACH DATABASE ix").IgnoreError();
  const std::string kept =
      absl::StrCat(index_path_, ".", reason, "-",
                   absl::FormatTime("%Y%m%dT%H%M%SZ", absl::FromUnixMicros(options_.now_micros()),
                                    absl::UTCTimeZone()));
  for (const char* suffix : {"", "-wal"}) {
    std::error_code ec;
    if (!std::filesystem::exists(index_path_ + suffix, ec)) continue;
    std::filesystem::rename(index_path_ + suffix, kept + suffix, ec);
    if (ec) {
      return MakeError(absl::StatusCode::kUnavailable, "STORAGE_UNAVAILABLE",
                       absl::StrCat("cannot move ", index_path_, suffix, " aside to ", kept, suffix,
                                    ": ", ec.message()));
    }
  }
  if (options_.index_moved_aside) options_.index_moved_aside(kept, why);
  return absl::OkStatus();
}

absl::Status SqliteStore::OpenIndex() {
  // index.db is derived data: one that is damaged, from another catalog, or
  // ahead of the records is moved aside (kept for inspection, renamed with
  // the time) and rebuilt, as a missing one is. Other failures (a full or
  // unreadable disk) stop the open: a rebuild would not fix them.
  std::error_code marker_error;
  if (std::filesystem::exists(DamageMarkerPath(), marker_error)) {
    // Found damaged while the catalog last served (CheckIndexForDamage).
    absl::StatusOr<std::string> found = common::ReadFileToString(DamageMarkerPath());
    CATALOG_RETURN_IF_ERROR(MoveIndexAside(
        "corrupt", MakeError(absl::StatusCode::kDataLoss, "INDEX_DAMAGED",
                             absl::StrCat("found damaged while serving: ",
                                          found.ok() ? *found : found.status().message()))));
    std::filesystem::remove(DamageMarkerPath(), marker_error);
  }
  int64_t indexed = -1;
  bool foreign = false;
  absl::Status probe = ProbeIndex(&indexed, &foreign);
  if (!probe.ok()) {
    if (probe.code() != absl::StatusCode::kDataLoss) return probe;
    CATALOG_RETURN_IF_ERROR(MoveIndexAside("corrupt", probe));
    CATALOG_RETURN_IF_ERROR(AttachIndexForWriting(*writer_));
    indexed = -1;
  } else if (foreign) {
    CATALOG_RETURN_IF_ERROR(MoveIndexAside(
        "mismatched",
        MakeError(absl::StatusCode::kFailedPrecondition, "INDEX_MISMATCHED",
                  absl::StrCat(index_path_, " was built from another catalog's records"))));
    CATALOG_RETURN_IF_ERROR(AttachIndexForWriting(*writer_));
    indexed = -1;
  } else if (indexed > revision_) {
    // Ahead of the records (acknowledged writes were lost, or catalog.db
    // was restored from a copy): kept, as it names documents the records no
    // longer hold.
    CATALOG_RETURN_IF_ERROR(MoveIndexAside(
        "ahead", MakeError(absl::StatusCode::kFailedPrecondition, "INDEX_AHEAD",
                           absl::StrCat(index_path_, " reflects revision ", indexed, " but ", path_,
                                        " holds revisions up to ", revision_))));
    CATALOG_RETURN_IF_ERROR(AttachIndexForWriting(*writer_));
    indexed = -1;
  }
  auto query_int = [&](const std::string& sql, int64_t* value) -> absl::Status {
    CATALOG_ASSIGN_OR_RETURN(Statement stmt, writer_->Prepare(sql));
    CATALOG_ASSIGN_OR_RETURN(bool row, stmt.Step());
    *value = row && !stmt.IsNull(0) ? stmt.Int(0) : -1;
    return absl::OkStatus();
  };
  // After a loss of acknowledged writes the index may hold documents the
  // records no longer have: it is rebuilt from what survives.
  if (indexed >= 0 && indexed <= revision_ && !lost_writes_.has_value()) {
    // Replay the changes the index missed, when the log still has them all
    // with their rows (changes from before schema 5 do not name rows).
    int64_t unreplayable = 0;
    CATALOG_RETURN_IF_ERROR(query_int(absl::StrCat("SELECT count(*) FROM changes WHERE revision > ",
                                                   indexed, " AND doc_row IS NULL"),
                                      &unreplayable));
    if (indexed >= compacted_revision_.load() && unreplayable == 0) {
      absl::Status replayed = ReplayIndex(*writer_, indexed, revision_);
      if (replayed.ok()) replayed = TagIndex();
      if (replayed.ok()) {
        PublishIndexed(revision_);
        return absl::OkStatus();
      }
      // Pages of the index that a replay touched are damaged: as above.
      if (replayed.code() != absl::StatusCode::kDataLoss) return replayed;
      CATALOG_RETURN_IF_ERROR(MoveIndexAside("corrupt", replayed));
      CATALOG_RETURN_IF_ERROR(AttachIndexForWriting(*writer_));
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

absl::Status SqliteStore::TagIndex() {
  CATALOG_ASSIGN_OR_RETURN(
      Statement stmt,
      writer_->Prepare("INSERT OR REPLACE INTO ix.state(key, value) VALUES('catalog', ?)"));
  return stmt.Bind(1, CatalogTag()).Run();
}

absl::Status SqliteStore::ResetIndex() {
  CATALOG_RETURN_IF_ERROR(writer_->Exec("DETACH DATABASE ix"));
  CATALOG_RETURN_IF_ERROR(RemoveIndexFiles(index_path_));
  CATALOG_RETURN_IF_ERROR(AttachIndexForWriting(*writer_));
  CATALOG_RETURN_IF_ERROR(writer_->Exec("BEGIN IMMEDIATE"));
  absl::Status status = writer_->Exec(kIndexSchema);
  if (status.ok()) status = writer_->Exec(absl::StrCat("PRAGMA ix.user_version = ", kIndexVersion));
  if (status.ok()) status = TagIndex();
  if (status.ok()) status = writer_->Exec("COMMIT");
  if (!status.ok()) writer_->Exec("ROLLBACK").IgnoreError();
  return status;
}

absl::StatusOr<std::unique_ptr<SqliteStore::IndexTask>> SqliteStore::TaskFromBody(
    int64_t row_id, absl::string_view body) const {
  v1::Extraction x;
  if (!x.ParseFromArray(body.data(), static_cast<int>(body.size()))) {
    return MakeError(
        absl::StatusCode::kDataLoss, "STORAGE_CORRUPT",
        absl::StrCat("the stored extraction in row ", row_id, " of ", path_, " does not parse"));
  }
  auto task = std::make_unique<IndexTask>();
  task->row_id = row_id;
  task->rows = Prepare(x);
  task->rows.blob.clear();
  return task;
}

absl::Status SqliteStore::SkipCorruptBody(const absl::Status& status) {
  if (status.code() != absl::StatusCode::kDataLoss) return status;
  // Its reads answer DATA_LOSS already; leaving it out of the index keeps
  // one damaged record from holding every list back.
  if (options_.index_error) {
    options_.index_error(absl::Status(
        status.code(), absl::StrCat(status.message(), "; the document is left out of the index")));
  }
  return absl::OkStatus();
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
    int rows_read = 0;
    int64_t last_row = after;
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
        ++rows_read;
        last_row = stmt->Int(0);
        absl::StatusOr<std::unique_ptr<IndexTask>> task = TaskFromBody(last_row, stmt->Blob(1));
        if (task.ok()) {
          chunk.push_back(*std::move(task));
        } else {
          status = SkipCorruptBody(task.status());
        }
      }
    }
    const bool last = rows_read < kChunk;
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
    after = last_row;
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
        absl::StatusOr<std::unique_ptr<IndexTask>> created =
            TaskFromBody(stmt.Int(2), stmt.Blob(3));
        if (!created.ok()) {
          CATALOG_RETURN_IF_ERROR(SkipCorruptBody(created.status()));
          continue;
        }
        task = *std::move(created);
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
    bool check = false;
    {
      // One hold of the lock from the wake-up to the batch: only this thread
      // removes tasks and marks the index damaged, so letting others in
      // between would change nothing it decides here.
      absl::MutexLock lock(&index_mu_);
      index_mu_.Await(absl::Condition(
          +[](SqliteStore* s) ABSL_EXCLUSIVE_LOCKS_REQUIRED(s->index_mu_) {
            return !s->index_queue_.empty() || s->index_check_requested_ ||
                   (s->index_stopping_ && s->writer_done_);
          },
          this));
      check = index_check_requested_;
      index_check_requested_ = false;
      if (!index_damage_.ok()) {
        // Nothing more is written to a damaged index.db (the next open
        // rebuilds it from the records); the work is dropped, so writers
        // never wait for it.
        index_queue_.clear();
        if (index_stopping_ && writer_done_) return;
        continue;
      }
      if (!check) {
        if (index_queue_.empty()) {
          if (index_stopping_ && writer_done_) return;  // Closing, and every commit is indexed.
          continue;
        }
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
                  return s->index_stopping_ || !s->index_waiters_.empty() ||
                         s->index_queue_.size() >= static_cast<size_t>(s->options_.index_batch);
                },
                this),
            index_queue_since_ + absl::Milliseconds(options_.index_delay_ms));
        for (const auto& task : index_queue_) {
          if (static_cast<int>(tasks.size()) == options_.index_batch) break;
          tasks.push_back(task.get());
        }
      }
    }
    if (check) {
      CheckIndexForDamage(MakeError(absl::StatusCode::kDataLoss, "STORAGE_CORRUPT",
                                    "an index read met damaged pages"));
      continue;
    }
    // The tasks stay queued (owned by the queue) until they are applied;
    // only this thread removes tasks.
    const int64_t revision = tasks.back()->revision;
    absl::Status status =
        options_.index_write_fault ? options_.index_write_fault() : absl::OkStatus();
    if (status.ok()) status = ApplyIndexTasks(*indexer_, tasks, revision);
    if (!status.ok() && status.code() == absl::StatusCode::kDataLoss) {
      CheckIndexForDamage(status);
      if (!IndexDamagedError().ok()) continue;
    }
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
    serving = !rebuild_.active && !index_failing_ && index_damage_.ok();
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
    serving = !rebuild_.active && !index_failing_ && index_damage_.ok();
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

namespace {

constexpr absl::Duration kRetryBehind = absl::Seconds(1);
constexpr absl::Duration kRetryRebuilding = absl::Seconds(5);

}  // namespace

void SqliteStore::WhenIndexed(IndexReady ready) {
  const int64_t target = committed_revision_.load();
  absl::Status refused;
  {
    absl::MutexLock lock(&index_mu_);
    if (!index_damage_.ok()) {
      refused = index_damage_;
    } else if (indexed_revision_ >= target) {
      // Answered below, outside the lock.
    } else if (rebuild_.active) {  // Minutes at a million documents: do not wait.
      refused = WithRetryDelay(
          MakeError(absl::StatusCode::kUnavailable, "INDEX_BEHIND",
                    absl::StrCat("the query index is being rebuilt (", rebuild_.done, " of ",
                                 rebuild_.total, " documents); retry later")),
          kRetryRebuilding);
    } else if (index_waits_stopping_) {
      refused = MakeError(absl::StatusCode::kUnavailable, "STORAGE_UNAVAILABLE",
                          "the catalog store is closing");
    } else {
      // Queued: the indexer indexes at once while anyone waits, and the wait
      // thread answers when it is done or the time is up.
      if (index_waiters_.empty()) index_waiters_started_ = true;
      index_waiters_.push_back(IndexWaiter{
          target, absl::Now() + absl::Milliseconds(options_.index_wait_ms), std::move(ready)});
      return;
    }
  }
  if (refused.ok()) {
    ready(target);
  } else {
    ready(std::move(refused));
  }
}

void SqliteStore::IndexWaitLoop() {
  while (true) {
    std::vector<std::pair<IndexReady, absl::StatusOr<int64_t>>> answers;
    bool stop = false;
    {
      absl::MutexLock lock(&index_mu_);
      const absl::Time deadline =
          index_waiters_.empty() ? absl::InfiniteFuture() : index_waiters_.front().deadline;
      index_mu_.AwaitWithDeadline(
          absl::Condition(
              +[](SqliteStore* s) ABSL_EXCLUSIVE_LOCKS_REQUIRED(s->index_mu_) {
                return s->index_waits_stopping_ || s->index_waiters_started_ ||
                       (!s->index_waiters_.empty() &&
                        (s->index_waiters_.front().revision <= s->indexed_revision_ ||
                         !s->index_damage_.ok()));
              },
              this),
          deadline);
      index_waiters_started_ = false;
      const absl::Time now = absl::Now();
      while (!index_waiters_.empty()) {
        IndexWaiter& waiter = index_waiters_.front();
        if (!index_damage_.ok()) {
          answers.emplace_back(std::move(waiter.ready), index_damage_);
        } else if (waiter.revision <= indexed_revision_) {
          answers.emplace_back(std::move(waiter.ready), waiter.revision);
        } else if (waiter.deadline <= now || index_waits_stopping_) {
          answers.emplace_back(
              std::move(waiter.ready),
              WithRetryDelay(
                  MakeError(absl::StatusCode::kUnavailable, "INDEX_BEHIND",
                            absl::StrCat("the query index is at revision ", indexed_revision_,
                                         " and has not caught up with revision ", waiter.revision,
                                         " within ", options_.index_wait_ms, " ms; retry later")),
                  kRetryBehind));
        } else {
          break;
        }
        index_waiters_.pop_front();
      }
      stop = index_waits_stopping_;
    }
    for (auto& [ready, result] : answers) ready(std::move(result));
    if (stop) return;
  }
}

absl::Status SqliteStore::WaitForIndex() {
  absl::Notification done;
  absl::Status status;
  WhenIndexed([&](absl::StatusOr<int64_t> indexed) {
    status = indexed.status();
    done.Notify();
  });
  done.WaitForNotification();
  return status;
}

absl::Status SqliteStore::IndexDamagedError() {
  absl::MutexLock lock(&index_mu_);
  return index_damage_;
}

void SqliteStore::CheckIndexForDamage(const absl::Status& met) {
  // A check found index.db intact a moment ago: the damage those reads
  // meet is in catalog.db (they answer DATA_LOSS themselves).
  if (absl::Now() - index_checked_at_ < absl::Minutes(1)) return;
  absl::Status damage;
  std::vector<std::string> found;
  absl::StatusOr<Statement> stmt = indexer_->Prepare("PRAGMA ix.quick_check(5)");
  damage = stmt.status();
  while (damage.ok()) {
    absl::StatusOr<bool> row = stmt->Step();
    damage = row.status();
    if (!damage.ok() || !*row) break;
    std::string line(stmt->Text(0));
    if (line != "ok") found.push_back(std::move(line));
  }
  if (damage.ok() && !found.empty()) {
    damage = MakeError(absl::StatusCode::kDataLoss, "STORAGE_CORRUPT", absl::StrJoin(found, "; "));
  }
  if (damage.ok()) {
    index_checked_at_ = absl::Now();
    return;
  }
  // Other errors (I/O, a full disk) are no proof of damage: the index write
  // is retried as any failed one.
  if (damage.code() != absl::StatusCode::kDataLoss) return;
  const std::string what = absl::StrCat("PRAGMA quick_check of ", index_path_, " after \"",
                                        met.message(), "\": ", damage.message());
  {
    // Synced, so that the next open moves index.db aside even when the
    // damaged pages are not among those it reads.
    std::ofstream marker(DamageMarkerPath(), std::ios::trunc);
    marker << what << "\n";
  }
  if (int fd = ::open(DamageMarkerPath().c_str(), O_RDONLY | O_CLOEXEC); fd >= 0) {
    ::fsync(fd);
    ::close(fd);
  }
  {
    absl::MutexLock lock(&index_mu_);
    index_damage_ = WithRetryDelay(
        MakeError(absl::StatusCode::kUnavailable, "INDEX_DAMAGED",
                  absl::StrCat(index_path_,
                               " (the query index) was found damaged while serving; lists, "
                               "search and people reads are refused until the catalog is "
                               "restarted, which moves it aside and rebuilds it from the records "
                               "(gets, writes and watches go on; docs/operations.md): ",
                               damage.message())),
        absl::Seconds(30));
  }
  if (options_.index_damaged)
    options_.index_damaged(MakeError(absl::StatusCode::kDataLoss, "INDEX_DAMAGED", what));
  ReportIndexHealth();
}

int SqliteStore::IndexWaiters() {
  absl::MutexLock lock(&index_mu_);
  return static_cast<int>(index_waiters_.size());
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

}  // namespace readout::catalog
