// SqliteStore (see sqlite_store.h): opening the store, the group-commit
// writer (creates, deletes, the change log, compaction, checkpoints) and the
// reads of records (GetDocument, ReadChanges). The query index is in
// indexer.cc, List/Search/people in queries.cc.
#include "catalog-service/store/sqlite/sqlite_store.h"

#include <pthread.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <system_error>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "catalog-service/errors.h"
#include "catalog-service/query/names.h"
#include "catalog-service/store/request_ids.h"
#include "catalog-service/store/sqlite/document_rows.h"
#include "catalog-service/store/sqlite/fts_search.h"
#include "catalog-service/store/sqlite/schema.h"
#include "catalog-service/store/sqlite/sqlite_store_internal.h"
#include "openssl/rand.h"

namespace readout::catalog {

using sqlite::AttachIndex;
using sqlite::DocumentFromRow;
using sqlite::kDocumentColumns;
using sqlite::kDocumentFrom;
using sqlite::kWalSizeLimit;

namespace {

constexpr int64_t kRequestIdTtlMicros = int64_t{24} * 3600 * 1000000;

}  // namespace

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
  store->mark_thread_ = std::thread([s = store.get()] {
    pthread_setname_np(pthread_self(), "catalog-mark");
    s->MarkLoop();
  });
  store->indexer_thread_ = std::thread([s = store.get()] {
    pthread_setname_np(pthread_self(), "catalog-indexer");
    s->IndexerLoop();
  });
  store->index_wait_thread_ = std::thread([s = store.get()] {
    pthread_setname_np(pthread_self(), "catalog-ixwait");
    s->IndexWaitLoop();
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

  CATALOG_ASSIGN_OR_RETURN(int64_t migrated, sqlite::MigrateCatalog(*writer_, path_));
  if (migrated > 0) {
    // A migration may rewrite whole tables through the WAL: checkpoint it as
    // soon as the checkpoint thread starts, not after the next writes.
    absl::MutexLock lock(&checkpoint_mu_);
    commits_since_checkpoint_ = options_.checkpoint_every_commits;
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
  CATALOG_RETURN_IF_ERROR(CheckRevisionMark());
  return OpenIndex();
}

absl::Status SqliteStore::CheckRevisionMark() {
  CATALOG_ASSIGN_OR_RETURN(
      mark_,
      sqlite::RevisionMark::Open(
          (std::filesystem::path(options_.data_dir) / sqlite::RevisionMark::kFileName).string()));
  const int64_t acknowledged = mark_->recorded().value_or(0);
  if (acknowledged <= revision_) {
    // A mark behind the records is a crash between a commit and its mark
    // (nothing of it was acknowledged); a missing one, a new catalog.
    return mark_->Record(revision_);
  }
  lost_writes_ = LostWrites{revision_, acknowledged, false};
  if (options_.accept_data_loss_at != acknowledged) return absl::OkStatus();
  // Accepted: the revisions in between are gone for good. The next one
  // continues above the mark, and watchers that started before it are sent
  // to re-read the documents (REVISION_COMPACTED), as their copies may hold
  // documents that no longer exist.
  CATALOG_RETURN_IF_ERROR(writer_->Exec("BEGIN IMMEDIATE"));
  absl::Status status;
  for (const char* key : {"revision", "compacted"}) {
    absl::StatusOr<Statement> stmt =
        writer_->Prepare("INSERT OR REPLACE INTO meta(key, value) VALUES(?, ?)");
    status = stmt.status();
    if (status.ok()) status = stmt->BindText(1, key).BindText(2, absl::StrCat(acknowledged)).Run();
    if (!status.ok()) break;
  }
  if (status.ok()) status = writer_->Exec("COMMIT");
  if (!status.ok()) {
    writer_->Exec("ROLLBACK").IgnoreError();
    return status;
  }
  revision_ = acknowledged;
  committed_revision_ = acknowledged;
  compacted_revision_ = acknowledged;
  lost_writes_->accepted = true;
  return absl::OkStatus();
}

absl::Status SqliteStore::LostWritesError() const {
  if (!lost_writes_.has_value()) return absl::OkStatus();
  return MakeError(
      absl::StatusCode::kFailedPrecondition, "ACKNOWLEDGED_WRITES_LOST",
      absl::StrCat("writes are refused: ", path_, " holds revisions up to ",
                   lost_writes_->records_revision, " but revisions up to ",
                   lost_writes_->acknowledged_revision, " were acknowledged (", mark_->path(),
                   "), so acknowledged writes were lost. Restore the data directory from a "
                   "backup, or restart the catalog once with --accept-data-loss=",
                   lost_writes_->acknowledged_revision,
                   " to go on without them (docs/operations.md, corruption)"));
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
  {
    absl::MutexLock lock(&mark_mu_);
    mark_stopping_ = true;
  }
  if (mark_thread_.joinable()) mark_thread_.join();
  if (indexer_thread_.joinable()) indexer_thread_.join();
  {
    // Reads still waiting get their answer (indexed, or the store closing).
    absl::MutexLock lock(&index_mu_);
    index_waits_stopping_ = true;
  }
  if (index_wait_thread_.joinable()) index_wait_thread_.join();
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
  absl::Status closed;
  if (WritesRefused()) {
    closed = LostWritesError();
  } else {
    absl::MutexLock lock(&queue_mu_);
    if (!stopping_) {
      queue_.push_back(std::move(op));
      return;
    }
    closed = MakeError(absl::StatusCode::kUnavailable, "STORAGE_UNAVAILABLE",
                       "the catalog store is closing");
  }
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

void SqliteStore::CommitBatch(std::vector<std::unique_ptr<WriteOp>>& batch) {
  const int64_t start_revision = revision_;
  const int64_t now = options_.now_micros();
  const absl::Time started = absl::Now();
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
  if (options_.commit_observer) {
    options_.commit_observer(batch.size(), absl::Now() - started, status.ok());
  }
  const bool advanced = status.ok() && revision_ != start_revision;
  if (!status.ok()) {
    revision_ = start_revision;
    for (auto& op : batch) {
      op->create_result = status;
      op->delete_result = status;
    }
  } else if (advanced) {
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
  if (options_.background_checkpoint && advanced) {
    absl::MutexLock lock(&checkpoint_mu_);
    ++commits_since_checkpoint_;
  }
  // Durable now. The mark thread records it in the revision mark, then
  // publishes it and answers, while this thread commits the next batch (the
  // two syncs overlap).
  absl::MutexLock lock(&mark_mu_);
  mark_queue_.push_back(MarkItem{std::move(batch), revision_, advanced});
}

void SqliteStore::MarkLoop() {
  // The highest revision committed (durable in catalog.db) that the mark
  // does not hold yet because recording it failed; 0 when none.
  int64_t unmarked = 0;
  while (true) {
    std::deque<MarkItem> items;
    {
      absl::MutexLock lock(&mark_mu_);
      auto ready = absl::Condition(
          +[](SqliteStore* s) ABSL_EXCLUSIVE_LOCKS_REQUIRED(s->mark_mu_) {
            return s->mark_stopping_ || !s->mark_queue_.empty();
          },
          this);
      if (unmarked > 0) {
        // A failed mark is retried every second even without new writes,
        // so what it holds back is published once the disk recovers.
        mark_mu_.AwaitWithTimeout(ready, absl::Seconds(1));
      } else {
        mark_mu_.Await(ready);
      }
      if (mark_queue_.empty() && (mark_stopping_ || unmarked == 0)) return;  // Drained.
      items.swap(mark_queue_);
    }
    // One sync for every batch committed meanwhile. Nothing is published
    // (revision, watchers) or acknowledged beyond the mark. If it cannot be
    // written, the commits stand (they are durable) but their requests fail
    // and their revisions stay unpublished until a later record succeeds.
    // Every batch carries the writer's last committed revision, so an
    // acknowledgement of a batch that changed nothing (a retry that finds
    // its document stored) also waits until the mark covers every commit.
    int64_t target = std::max(unmarked, committed_revision_.load());
    for (const MarkItem& item : items) target = std::max(target, item.revision);
    absl::Status mark_status;
    if (target > mark_->revision()) {
      mark_status = options_.mark_write_fault ? options_.mark_write_fault() : absl::OkStatus();
      if (mark_status.ok()) mark_status = mark_->Record(target);
    }
    const bool published = mark_status.ok() && target > committed_revision_.load();
    if (mark_status.ok()) {
      committed_revision_.store(target);
      unmarked = 0;
    } else {
      unmarked = target;
      if (options_.mark_error) options_.mark_error(mark_status);
    }
    for (MarkItem& item : items) {
      for (auto& op : item.batch) {
        if (!mark_status.ok()) {
          if (op->create_result.ok()) op->create_result = mark_status;
          if (op->delete_result.ok()) op->delete_result = mark_status;
        }
        if (op->is_delete) {
          if (op->delete_done) op->delete_done(op->delete_result);
        } else if (op->create_done) {
          op->create_done(std::move(op->create_result));
        }
      }
    }
    if (published) {
      absl::MutexLock lock(&listeners_mu_);
      for (auto& [handle, listener] : listeners_) listener(target);
    }
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
      CATALOG_RETURN_IF_ERROR(CheckSameRequest(response, op.documents));
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
        Statement stmt,
        writer_->Prepare("INSERT INTO bodies(rowid, extraction, checksum) VALUES(?, ?, ?)"));
    CATALOG_RETURN_IF_ERROR(
        stmt.Bind(1, row_id)
            .BindBlob(2, rows.blob)
            .Bind(3, sqlite::RecordChecksum(row_id, doc.id, revision, now, rows.blob))
            .Run());
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

absl::StatusOr<int64_t> SqliteStore::CountDocuments() {
  CATALOG_LEASE_READER(reader);
  CATALOG_ASSIGN_OR_RETURN(Statement stmt, reader->Prepare("SELECT count(*) FROM documents"));
  CATALOG_ASSIGN_OR_RETURN(bool row, stmt.Step());
  return row ? stmt.Int(0) : 0;
}

absl::StatusOr<std::vector<v1::CatalogDocument>> SqliteStore::ScanDocuments(int64_t after,
                                                                            int limit) {
  CATALOG_LEASE_READER(reader);
  // A document's row id is its creating revision.
  CATALOG_ASSIGN_OR_RETURN(
      Statement stmt, reader->Prepare(absl::StrCat("SELECT ", kDocumentColumns, kDocumentFrom,
                                                   " WHERE d.rowid > ? ORDER BY d.rowid LIMIT ?")));
  stmt.Bind(1, after);
  stmt.Bind(2, static_cast<int64_t>(limit));
  std::vector<v1::CatalogDocument> docs;
  while (true) {
    CATALOG_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) break;
    CATALOG_ASSIGN_OR_RETURN(v1::CatalogDocument doc, DocumentFromRow(stmt, 0));
    docs.push_back(std::move(doc));
  }
  return docs;
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
          "WHERE c.revision >= ? AND c.revision <= ? ORDER BY c.revision LIMIT ?")));
  // Only published revisions (recorded in the mark): a change committed but
  // not yet marked is not shown to a watcher.
  stmt.Bind(1, from).Bind(2, batch.current_revision).Bind(3, limit);
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
