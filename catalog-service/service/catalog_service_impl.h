// CatalogServiceImpl: the thin gRPC adapter of readout.v1.CatalogService
// (callback API). Reads run on a worker pool (they block on SQLite) and
// finish their reactor from there; index reads (list, search, people) wait
// for the query index before they take a pool thread (Store::WhenIndexed),
// so gets and watches never queue behind reads waiting for the index; writes are handed to the
// store's writer thread, which finishes the reactor once the write is durable. No handler blocks a
// gRPC thread. GetDocument is a raw (ByteBuffer) method: responses are serialized once and kept in
// a DocumentCache, so a cached document is answered on the callback thread with its stored bytes
// (no SQLite, no protobuf work); deletes invalidate the cache before they are acknowledged.
// WatchDocuments is a write reactor fed by store commit notifications. Errors leave as AIP-193
// statuses (code, message, google.rpc.Status details with an ErrorInfo). Thread-safe; `catalog`
// must outlive the service, and the server must be shut down before the service is destroyed.
#ifndef READOUT_CATALOG_SERVICE_SERVICE_CATALOG_SERVICE_IMPL_H_
#define READOUT_CATALOG_SERVICE_SERVICE_CATALOG_SERVICE_IMPL_H_

#include <cstddef>
#include <functional>
#include <memory>

#include "catalog-service/catalog.h"
#include "catalog-service/service/document_cache.h"
#include "common/server/health_service.h"
#include "common/server/request_decoding.h"
#include "common/server/thread_pool.h"
#include "grpcpp/grpcpp.h"
#include "readout/v1/catalog_service.grpc.pb.h"

namespace readout::catalog {

struct CatalogServiceOptions {
  // Threads running reads (each holds a SQLite read connection while busy).
  int reader_threads = 4;
  // Reads waiting for a thread before new ones get UNAVAILABLE.
  size_t max_queued_reads = 4096;
  // Changes per WatchDocumentsResponse.
  int watch_batch = 256;
  // Bytes of serialized documents GetDocument keeps in memory (about 1.2 KB
  // per synthetic document, so the default holds ~100k); 0 disables it.
  size_t document_cache_bytes = size_t{128} << 20;
};

// Open watch streams (shared with the streams, which unregister themselves).
struct WatchRegistry;

// Every method decodes its own request message (common/server/
// request_decoding.h): an undecodable one is INVALID_ARGUMENT with a message.
class CatalogServiceImpl final
    : public common::DecodesRequests<v1::CatalogService::WithRawCallbackMethod_GetDocument<
          v1::CatalogService::CallbackService>> {
 public:
  CatalogServiceImpl(Catalog* catalog, CatalogServiceOptions options);

  // The creates take the call's decoded request (DecodeUnary) and move the
  // extractions out of it rather than copy them.
  grpc::ServerUnaryReactor* CreateDocument(grpc::CallbackServerContext* context,
                                           v1::CreateDocumentRequest* request,
                                           v1::CreateDocumentResponse* response);
  grpc::ServerUnaryReactor* BatchCreateDocuments(grpc::CallbackServerContext* context,
                                                 v1::BatchCreateDocumentsRequest* request,
                                                 v1::BatchCreateDocumentsResponse* response);
  // Raw: `request` holds a GetDocumentRequest, `response` receives the
  // serialized GetDocumentResponse.
  grpc::ServerUnaryReactor* GetDocument(grpc::CallbackServerContext* context,
                                        const grpc::ByteBuffer* request,
                                        grpc::ByteBuffer* response) override;
  grpc::ServerUnaryReactor* ListDocuments(grpc::CallbackServerContext* context,
                                          const v1::ListDocumentsRequest* request,
                                          v1::ListDocumentsResponse* response) override;
  grpc::ServerUnaryReactor* DeleteDocument(grpc::CallbackServerContext* context,
                                           const v1::DeleteDocumentRequest* request,
                                           v1::DeleteDocumentResponse* response) override;
  grpc::ServerUnaryReactor* SearchDocuments(grpc::CallbackServerContext* context,
                                            const v1::SearchDocumentsRequest* request,
                                            v1::SearchDocumentsResponse* response) override;
  grpc::ServerUnaryReactor* GetPerson(grpc::CallbackServerContext* context,
                                      const v1::GetPersonRequest* request,
                                      v1::GetPersonResponse* response) override;
  grpc::ServerUnaryReactor* ListPeople(grpc::CallbackServerContext* context,
                                       const v1::ListPeopleRequest* request,
                                       v1::ListPeopleResponse* response) override;
  grpc::ServerWriteReactor<v1::WatchDocumentsResponse>* WatchDocuments(
      grpc::CallbackServerContext* context, const v1::WatchDocumentsRequest* request) override;

  // Ends every open watch stream with UNAVAILABLE (reason SHUTTING_DOWN;
  // clients resume elsewhere from their last revision + 1) and refuses new
  // ones, so a graceful shutdown does not wait its grace period on them.
  // Call before shutting the server down.
  void StopWatches();

  // Counters of the GetDocument cache (all zero when it is disabled).
  DocumentCache::Stats document_cache_stats() const;

  // Interface of open watch streams, for StopWatches.
  class Watch {
   public:
    virtual ~Watch() = default;
    virtual void Stop() = 0;
  };

 private:
  // Runs `read(index_revision)` on the pool once the store's index is
  // current for this call (Store::WhenIndexed), without holding a pool
  // thread while it waits.
  template <typename Response, typename Read>
  grpc::ServerUnaryReactor* RunIndexRead(grpc::CallbackServerContext* context, Response* response,
                                         Read read);

  Catalog* catalog_;
  const CatalogServiceOptions options_;
  std::shared_ptr<WatchRegistry> watches_;
  std::unique_ptr<DocumentCache> document_cache_;  // Null when disabled.
  common::ThreadPool readers_;
};

// The health-check name (grpc.health.v1) under which the server reports
// whether the query index answers reads (SqliteStore::SetIndexHealthListener):
// NOT_SERVING while it is rebuilt or its writes fail. Gets and writes are
// served either way, so the service's own name stays SERVING.
inline constexpr char kIndexHealthName[] = "readout.v1.CatalogService/index";

// The health-check name under which the server reports whether writes are
// accepted: NOT_SERVING while the store refuses them because acknowledged
// writes were lost (SqliteStore::WritesRefused), SERVING otherwise. Reads of
// what survives go on, so the service's own name stays SERVING.
inline constexpr char kWritesHealthName[] = "readout.v1.CatalogService/writes";

// A listener for SqliteStore::SetIndexHealthListener that reports the query
// index's state on `health` under kIndexHealthName (SERVING or NOT_SERVING)
// and logs each change as index_health. `health` must outlive its calls.
std::function<void(bool serving)> IndexHealthReporter(common::HealthService* health);

}  // namespace readout::catalog

#endif  // READOUT_CATALOG_SERVICE_SERVICE_CATALOG_SERVICE_IMPL_H_
