// gRPC adapter of the catalog (see catalog_service_impl.h).
#include "catalog-service/service/catalog_service_impl.h"

#include <chrono>
#include <memory>
#include <set>
#include <utility>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "catalog-service/errors.h"
#include "catalog-service/query/names.h"
#include "catalog-service/store/call_deadline.h"
#include "common/server/logging.h"
#include "common/server/rpc_observer.h"
#include "common/server/status_util.h"

namespace readout::catalog {
namespace {

grpc::Status ToGrpc(const absl::Status& status) {
  return common::ToGrpcStatus(WithDefaultReason(status));
}

// The call's deadline for the store (call_deadline.h); none when the
// client set none.
absl::Time DeadlineOf(const grpc::ServerContextBase* context) {
  const std::chrono::system_clock::time_point deadline = context->deadline();
  if (deadline == std::chrono::system_clock::time_point::max()) return absl::InfiniteFuture();
  return absl::FromChrono(deadline);
}

grpc::Status Overloaded() {
  return ToGrpc(MakeError(absl::StatusCode::kUnavailable, "OVERLOADED",
                          "the catalog is overloaded; retry with backoff"));
}

constexpr size_t kMaxWatchResponseBytes = 1 << 20;

// Releases the reference a response slice holds on cached bytes.
void ReleaseBytes(void* holder) { delete static_cast<DocumentCache::Bytes*>(holder); }

// A one-slice buffer over `bytes` (no copy); the slice keeps them alive.
grpc::ByteBuffer BufferOf(DocumentCache::Bytes bytes) {
  void* data = const_cast<char*>(bytes->data());  // gRPC only reads it.
  const size_t size = bytes->size();
  grpc::Slice slice(data, size, &ReleaseBytes, new DocumentCache::Bytes(std::move(bytes)));
  return grpc::ByteBuffer(&slice, 1);
}

}  // namespace

struct WatchRegistry {
  absl::Mutex mu;
  bool stopped ABSL_GUARDED_BY(mu) = false;
  std::set<CatalogServiceImpl::Watch*> open ABSL_GUARDED_BY(mu);
};

namespace {

// Streams changes from a start revision: fetch a batch on the pool, write
// it, fetch again; when caught up, wait for a commit notification.
class WatchReactor final : public grpc::ServerWriteReactor<v1::WatchDocumentsResponse>,
                           public CatalogServiceImpl::Watch {
 public:
  WatchReactor(Store* store, common::ThreadPool* pool, std::shared_ptr<WatchRegistry> registry,
               int64_t start, int batch)
      : store_(store), pool_(pool), registry_(std::move(registry)), batch_(batch), next_(start) {
    bool stopped;
    {
      absl::MutexLock lock(&registry_->mu);
      stopped = registry_->stopped;
      if (!stopped) registry_->open.insert(this);
    }
    listener_ = store_->AddCommitListener([this](int64_t revision) { OnCommit(revision); });
    absl::MutexLock lock(&mu_);
    if (stopped) {
      FinishLocked(ShuttingDown());
    } else {
      ScheduleFetchLocked();
    }
  }

  void Stop() override {
    absl::MutexLock lock(&mu_);
    FinishLocked(ShuttingDown());
  }

  void OnWriteDone(bool ok) override {
    absl::MutexLock lock(&mu_);
    writing_ = false;
    if (pending_finish_.has_value()) {
      FinishLocked(*pending_finish_);
    } else if (!ok) {
      FinishLocked(grpc::Status(grpc::StatusCode::UNAVAILABLE, "stream broken"));
    } else {
      ScheduleFetchLocked();
    }
  }

  void OnCancel() override {
    absl::MutexLock lock(&mu_);
    FinishLocked(grpc::Status::CANCELLED);
  }

  void OnDone() override {
    store_->RemoveCommitListener(listener_);  // No OnCommit after this.
    {
      absl::MutexLock lock(&registry_->mu);
      registry_->open.erase(this);
    }
    bool delete_now;
    {
      absl::MutexLock lock(&mu_);
      done_ = true;
      delete_now = !fetching_;
    }
    if (delete_now) delete this;  // Else the running fetch deletes it.
  }

 private:
  void OnCommit(int64_t revision) {
    absl::MutexLock lock(&mu_);
    if (revision < next_) return;
    dirty_ = true;
    if (!fetching_ && !writing_) ScheduleFetchLocked();
  }

  void ScheduleFetchLocked() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    if (finished_ || fetching_ || writing_) return;
    fetching_ = true;
    dirty_ = false;
    if (!pool_->Schedule([this] { Fetch(); })) {
      fetching_ = false;
      FinishLocked(Overloaded());
    }
  }

  void Fetch() {
    int64_t from;
    {
      absl::MutexLock lock(&mu_);
      from = next_;
    }
    absl::StatusOr<ChangeBatch> batch = store_->ReadChanges(from, batch_);
    bool delete_now = false;
    {
      absl::MutexLock lock(&mu_);
      fetching_ = false;
      if (done_) {
        delete_now = true;
      } else if (!batch.ok()) {
        FinishLocked(ToGrpc(batch.status()));
      } else if (batch->changes.empty()) {
        if (dirty_) ScheduleFetchLocked();  // A commit raced with the read.
      } else if (!finished_) {
        response_.Clear();
        // Keep messages well under clients' default 4 MiB receive limit.
        size_t bytes = 0;
        for (auto& change : batch->changes) {
          if (bytes > kMaxWatchResponseBytes) break;
          bytes += change.ByteSizeLong();
          *response_.add_changes() = std::move(change);
        }
        response_.set_current_revision(batch->current_revision);
        next_ = response_.changes(response_.changes_size() - 1).revision() + 1;
        writing_ = true;
        StartWrite(&response_);
      }
    }
    if (delete_now) delete this;
  }

  void FinishLocked(const grpc::Status& status) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    if (finished_) return;
    if (writing_) {
      if (!pending_finish_.has_value()) pending_finish_ = status;
      return;
    }
    finished_ = true;
    Finish(status);
  }

  grpc::Status ShuttingDown() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    return ToGrpc(MakeError(absl::StatusCode::kUnavailable, "SHUTTING_DOWN",
                            absl::StrCat("the catalog is shutting down; resume the watch "
                                         "from revision ",
                                         next_)));
  }

  Store* const store_;
  common::ThreadPool* const pool_;
  const std::shared_ptr<WatchRegistry> registry_;
  const int batch_;
  int64_t listener_ = 0;
  absl::Mutex mu_;
  int64_t next_ ABSL_GUARDED_BY(mu_);
  bool fetching_ ABSL_GUARDED_BY(mu_) = false;
  bool writing_ ABSL_GUARDED_BY(mu_) = false;
  bool dirty_ ABSL_GUARDED_BY(mu_) = false;
  bool finished_ ABSL_GUARDED_BY(mu_) = false;
  bool done_ ABSL_GUARDED_BY(mu_) = false;
  std::optional<grpc::Status> pending_finish_ ABSL_GUARDED_BY(mu_);
  v1::WatchDocumentsResponse response_;
};

}  // namespace

CatalogServiceImpl::CatalogServiceImpl(Catalog* catalog, CatalogServiceOptions options)
    : catalog_(catalog),
      options_(options),
      watches_(std::make_shared<WatchRegistry>()),
      // A replica's cache would not hear of deletes made by the others.
      document_cache_(options.document_cache_bytes > 0 && !catalog->store()->SharedByReplicas()
                          ? std::make_unique<DocumentCache>(options.document_cache_bytes)
                          : nullptr),
      readers_(options.reader_threads, options.max_queued_reads) {
  const char* service = v1::CatalogService::service_full_name();
  DecodeUnary(service, "CreateDocument", &CatalogServiceImpl::CreateDocument);
  DecodeUnary(service, "BatchCreateDocuments", &CatalogServiceImpl::BatchCreateDocuments);
  DecodeUnary(service, "ListDocuments", &CatalogServiceImpl::ListDocuments);
  DecodeUnary(service, "DeleteDocument", &CatalogServiceImpl::DeleteDocument);
  DecodeUnary(service, "SearchDocuments", &CatalogServiceImpl::SearchDocuments);
  DecodeUnary(service, "GetPerson", &CatalogServiceImpl::GetPerson);
  DecodeUnary(service, "ListPeople", &CatalogServiceImpl::ListPeople);
  // WatchDocuments reads its request only before it returns its reactor.
  DecodeServerStreaming(service, "WatchDocuments", &CatalogServiceImpl::WatchDocuments);
}

DocumentCache::Stats CatalogServiceImpl::document_cache_stats() const {
  return document_cache_ != nullptr ? document_cache_->GetStats() : DocumentCache::Stats{};
}

void CatalogServiceImpl::StopWatches() {
  absl::MutexLock lock(&watches_->mu);
  watches_->stopped = true;
  // Stop() only finishes the stream; OnDone (which erases the watch from the
  // set under this lock) runs later on a gRPC thread, so `this` stays valid.
  for (Watch* watch : watches_->open) watch->Stop();
}

template <typename Response, typename Read>
grpc::ServerUnaryReactor* CatalogServiceImpl::RunIndexRead(grpc::CallbackServerContext* context,
                                                           Response* response, Read read) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  // The wait for the index holds no thread: the read is scheduled once the
  // index has every write committed before this call (or fails with
  // INDEX_BEHIND), from this thread or the store's wait thread.
  catalog_->store()->WhenIndexed(
      [this, context, reactor, response, read = std::move(read)](absl::StatusOr<int64_t> indexed) {
        if (!indexed.ok()) {
          reactor->Finish(ToGrpc(indexed.status()));
          return;
        }
        bool scheduled = readers_.Schedule(
            [context, reactor, response, read = std::move(read), revision = *indexed] {
              common::ScopedCallTrace trace(context);  // Log lines of the read carry its trace.
              ScopedCallDeadline deadline(DeadlineOf(context));
              if (context->IsCancelled()) {
                reactor->Finish(grpc::Status::CANCELLED);
                return;
              }
              absl::StatusOr<Response> result = read(revision);
              if (result.ok()) *response = std::move(*result);
              reactor->Finish(ToGrpc(result.status()));
            });
        if (!scheduled) reactor->Finish(Overloaded());
      });
  return reactor;
}

grpc::ServerUnaryReactor* CatalogServiceImpl::CreateDocument(grpc::CallbackServerContext* context,
                                                             v1::CreateDocumentRequest* request,
                                                             v1::CreateDocumentResponse* response) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  ScopedCallDeadline deadline(DeadlineOf(context));  // Taken by the queued write.
  catalog_->CreateDocument(std::move(*request),
                           [reactor, response](absl::StatusOr<v1::CreateDocumentResponse> result) {
                             if (result.ok()) *response = std::move(*result);
                             reactor->Finish(ToGrpc(result.status()));
                           });
  return reactor;
}

grpc::ServerUnaryReactor* CatalogServiceImpl::BatchCreateDocuments(
    grpc::CallbackServerContext* context, v1::BatchCreateDocumentsRequest* request,
    v1::BatchCreateDocumentsResponse* response) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  ScopedCallDeadline deadline(DeadlineOf(context));
  catalog_->BatchCreateDocuments(
      std::move(*request),
      [reactor, response](absl::StatusOr<v1::BatchCreateDocumentsResponse> result) {
        if (result.ok()) *response = std::move(*result);
        reactor->Finish(ToGrpc(result.status()));
      });
  return reactor;
}

grpc::ServerUnaryReactor* CatalogServiceImpl::DeleteDocument(
    grpc::CallbackServerContext* context, const v1::DeleteDocumentRequest* request,
    v1::DeleteDocumentResponse* response) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  absl::StatusOr<std::string> id = ParseDocumentName(request->name());
  ScopedCallDeadline deadline(DeadlineOf(context));
  catalog_->DeleteDocument(*request, [this, id = std::move(id), reactor,
                                      response](absl::StatusOr<v1::DeleteDocumentResponse> result) {
    // Committed (or failed) on the writer thread; drop the cached copy
    // before the client can learn of the delete. Failed deletes change
    // nothing, but invalidating them too costs only a later miss.
    if (document_cache_ != nullptr && id.ok()) document_cache_->Invalidate(*id);
    if (result.ok()) *response = std::move(*result);
    reactor->Finish(ToGrpc(result.status()));
  });
  return reactor;
}

grpc::ServerUnaryReactor* CatalogServiceImpl::GetDocument(grpc::CallbackServerContext* context,
                                                          const grpc::ByteBuffer* request_bytes,
                                                          grpc::ByteBuffer* response_bytes) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  v1::GetDocumentRequest request;
  if (absl::Status decoded = common::DecodeRequest(
          *request_bytes, std::string(v1::CatalogService::service_full_name()) + "/GetDocument",
          &request);
      !decoded.ok()) {
    reactor->Finish(ToGrpc(decoded));
    return reactor;
  }
  // Names that do not parse are left to Catalog::GetDocument (on the pool)
  // for their error; they are never cached.
  absl::StatusOr<std::string> id = ParseDocumentName(request.name());
  uint64_t ticket = 0;
  if (document_cache_ != nullptr && id.ok()) {
    if (DocumentCache::Bytes cached = document_cache_->Lookup(*id, &ticket)) {
      *response_bytes = BufferOf(std::move(cached));
      reactor->Finish(grpc::Status::OK);
      return reactor;
    }
  }
  bool scheduled = readers_.Schedule([this, context, reactor, response_bytes, ticket,
                                      request = std::move(request), id = std::move(id)] {
    common::ScopedCallTrace trace(context);
    ScopedCallDeadline deadline(DeadlineOf(context));
    if (context->IsCancelled()) {
      reactor->Finish(grpc::Status::CANCELLED);
      return;
    }
    absl::StatusOr<v1::GetDocumentResponse> result = catalog_->GetDocument(request);
    if (!result.ok()) {
      reactor->Finish(ToGrpc(result.status()));
      return;
    }
    auto bytes = std::make_shared<std::string>();
    result->SerializeToString(bytes.get());
    // Dropped by the cache if a delete of `id` committed since the Lookup.
    if (document_cache_ != nullptr && id.ok()) document_cache_->Insert(*id, bytes, ticket);
    *response_bytes = BufferOf(std::move(bytes));
    reactor->Finish(grpc::Status::OK);
  });
  if (!scheduled) reactor->Finish(Overloaded());
  return reactor;
}

grpc::ServerUnaryReactor* CatalogServiceImpl::ListDocuments(grpc::CallbackServerContext* context,
                                                            const v1::ListDocumentsRequest* request,
                                                            v1::ListDocumentsResponse* response) {
  return RunIndexRead(context, response, [this, request](int64_t revision) {
    return catalog_->ListDocuments(*request, revision);
  });
}

grpc::ServerUnaryReactor* CatalogServiceImpl::SearchDocuments(
    grpc::CallbackServerContext* context, const v1::SearchDocumentsRequest* request,
    v1::SearchDocumentsResponse* response) {
  return RunIndexRead(context, response, [this, request](int64_t revision) {
    return catalog_->SearchDocuments(*request, revision);
  });
}

grpc::ServerUnaryReactor* CatalogServiceImpl::GetPerson(grpc::CallbackServerContext* context,
                                                        const v1::GetPersonRequest* request,
                                                        v1::GetPersonResponse* response) {
  return RunIndexRead(context, response, [this, request](int64_t revision) {
    return catalog_->GetPerson(*request, revision);
  });
}

grpc::ServerUnaryReactor* CatalogServiceImpl::ListPeople(grpc::CallbackServerContext* context,
                                                         const v1::ListPeopleRequest* request,
                                                         v1::ListPeopleResponse* response) {
  return RunIndexRead(context, response, [this, request](int64_t revision) {
    return catalog_->ListPeople(*request, revision);
  });
}

grpc::ServerWriteReactor<v1::WatchDocumentsResponse>* CatalogServiceImpl::WatchDocuments(
    grpc::CallbackServerContext* context, const v1::WatchDocumentsRequest* request) {
  absl::StatusOr<int64_t> start = catalog_->WatchStartRevision(*request);
  if (!start.ok()) {
    class Failed final : public grpc::ServerWriteReactor<v1::WatchDocumentsResponse> {
     public:
      explicit Failed(const grpc::Status& status) { Finish(status); }
      void OnDone() override { delete this; }
    };
    return new Failed(ToGrpc(start.status()));
  }
  return new WatchReactor(catalog_->store(), &readers_, watches_, *start, options_.watch_batch);
}

std::function<void(bool serving)> IndexHealthReporter(common::HealthService* health) {
  return [health](bool serving) {
    health->SetServingStatus(kIndexHealthName,
                             serving ? grpc::health::v1::HealthCheckResponse::SERVING
                                     : grpc::health::v1::HealthCheckResponse::NOT_SERVING);
    common::Log(serving ? common::LogLevel::kInfo : common::LogLevel::kWarning, "index_health",
                {{"serving", serving ? "true" : "false"}});
  };
}

}  // namespace readout::catalog
