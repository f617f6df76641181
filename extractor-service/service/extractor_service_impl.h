// ExtractorServiceImpl: the thin gRPC adapter of readout.v1.ExtractorService
// (callback API). It validates requests (request_validation.h), calls the
// extraction engine, and maps errors to gRPC statuses with ErrorInfo details.
//
// Where extraction runs: the engine is CPU-bound and fast (well under 1 ms
// for a 5 KB article), so documents up to `inline_document_bytes` are
// extracted inline on the gRPC callback thread, which avoids a thread hop
// per call. Larger documents go to a fixed worker pool (`worker_threads`),
// so a few multi-megabyte documents cannot stall the callback threads that
// carry every other call. When the pool's queue is full the call fails
// with UNAVAILABLE (retryable).
//
// StreamExtract processes one document at a time per stream, in order: read,
// extract, queue the response, and read the next request only while fewer
// than `max_pending_responses` responses wait to be written, so a client
// that stops reading stops the server from reading too (flow control).
// Parallelism comes from many streams and calls. Each response carries its
// own google.rpc.Status, so a bad document does not end the stream.
//
// Storing: with a CatalogClient in the options, an extraction is stored in
// the catalog when the request's options.store says so (or, unset, when
// store_by_default is true), and the response names the stored document.
// The call to the catalog is asynchronous: the reactor finishes from the
// catalog client's callback, so no gRPC thread waits on the network. Its
// deadline is the incoming call's, capped by catalog_timeout. When storing
// fails the caller gets the error (UNAVAILABLE, reason CATALOG_UNAVAILABLE,
// when the catalog cannot be reached) and no extraction: a response either
// carries a stored document's name or is an error, never half of it.
//
// Observability: the work for a call runs with the call's trace current
// (rpc_observer.h), so its log lines carry the trace id, and the call to
// the catalog continues the trace. Metrics (default registry):
// readout_extractor_documents_total{result}, readout_extractor_
// extracted_bytes_total, readout_extractor_queue_depth,
// readout_extractor_catalog_stores_total{grpc_code} (see
// docs/operations.md).
//
// Thread-safety: all methods may be called concurrently. The service must
// outlive the grpc::Server it is registered with; its destructor finishes
// the pool's queued work.
#ifndef READOUT_EXTRACTOR_SERVICE_SERVICE_EXTRACTOR_SERVICE_IMPL_H_
#define READOUT_EXTRACTOR_SERVICE_SERVICE_EXTRACTOR_SERVICE_IMPL_H_

#include <atomic>
#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/server/metrics.h"
#include "common/server/request_decoding.h"
#include "common/server/thread_pool.h"
#include "common/server/trace.h"
#include "extractor-service/engine/extractor.h"
#include "extractor-service/service/catalog_client.h"
#include "grpcpp/grpcpp.h"
#include "readout/v1/extractor_service.grpc.pb.h"

namespace readout::extractor {

struct ExtractorServiceOptions {
  // Larger documents get RESOURCE_EXHAUSTED (DOCUMENT_TOO_LARGE).
  size_t max_document_bytes = 8 * 1024 * 1024;
  // Documents up to this size are extracted on the callback thread.
  size_t inline_document_bytes = 16 * 1024;
  // Workers for larger documents; 0 means one per core.
  int worker_threads = 0;
  // Large documents waiting for a worker before calls get UNAVAILABLE.
  size_t max_queued_documents = 1024;
  // Bytes of documents waiting for a worker before calls get UNAVAILABLE
  // (SERVER_BUSY): what the queue may hold in memory.
  size_t max_queued_bytes = 64 * 1024 * 1024;
  // StreamExtract responses buffered per stream before reading pauses.
  size_t max_pending_responses = 8;
  // Where extractions are stored; null: no catalog (asking to store is then
  // FAILED_PRECONDITION, reason CATALOG_NOT_CONFIGURED).
  std::shared_ptr<CatalogClient> catalog;
  // The catalog's target, for error messages.
  std::string catalog_target;
  // Store when the request leaves options.store unset.
  bool store_by_default = false;
  // Longest wait for the catalog (retries included) when the incoming call's
  // deadline is later or absent.
  absl::Duration catalog_timeout = absl::Seconds(10);
};

// When the call to the catalog must end, for an incoming call whose deadline
// is `caller_deadline`: 100 ms before it, or a tenth of the time left when
// that is shorter (so short deadlines keep most of their time). The headroom
// is the extractor's time to answer with the catalog's last error (say
// CATALOG_UNAVAILABLE after its retries); without it the catalog call and the
// caller's deadline end together, and the caller, whose own deadline fires
// first, sees a bare "Deadline Exceeded" instead of the reason. A deadline
// already past is returned as it is.
std::chrono::system_clock::time_point CatalogCallDeadline(
    std::chrono::system_clock::time_point caller_deadline,
    std::chrono::system_clock::time_point now);

// The engine call, injectable so tests can slow it down or make it fail.
using ExtractFunction = std::function<absl::StatusOr<v1::Extraction>(const DocumentSource&)>;

// Both methods decode their own request messages (common/server/
// request_decoding.h): an undecodable one is INVALID_ARGUMENT with a message.
class ExtractorServiceImpl final
    : public common::DecodesRequests<v1::ExtractorService::CallbackService> {
 public:
  // Uses `extractor` (not owned; must outlive the service).
  ExtractorServiceImpl(const Extractor* extractor, const ExtractorServiceOptions& options);
  ExtractorServiceImpl(ExtractFunction extract, const ExtractorServiceOptions& options);
  ~ExtractorServiceImpl() override;

  grpc::ServerUnaryReactor* Extract(grpc::CallbackServerContext* context,
                                    const v1::ExtractRequest* request,
                                    v1::ExtractResponse* response) override;

  // StreamExtract: its reactor reads each message's bytes and decodes them.
  grpc::ServerBidiReactor<grpc::ByteBuffer, v1::StreamExtractResponse>* OpenStreamExtract(
      grpc::CallbackServerContext* context);

  const ExtractorServiceOptions& options() const { return options_; }

 private:
  class StreamReactor;

  // Validates and extracts one document into `out`; checks the deadline
  // first. Runs on whichever thread calls it.
  absl::Status ExtractOne(bool has_document, const v1::DocumentInput& document,
                          const v1::ExtractOptions& options,
                          std::chrono::system_clock::time_point deadline,
                          v1::Extraction* out) const;

  // Whether a request with `options` is to be stored: the request's choice,
  // else the default. FAILED_PRECONDITION when storing without a catalog.
  absl::StatusOr<bool> WantsStore(const v1::ExtractOptions& options) const;

  // Stores `extraction` in the catalog by the incoming call's `deadline`
  // (capped by catalog_timeout); `done` gets the stored document's name and
  // whether it is new, or the error a caller should see.
  struct Stored {
    std::string name;
    bool created = false;
  };
  void Store(const v1::Extraction& extraction, std::chrono::system_clock::time_point deadline,
             const common::TraceContext& trace,
             std::function<void(absl::StatusOr<Stored>)> done) const;

  // Runs `work` inline when `bytes` is small, else on the pool. False when
  // the pool refused it (queue full).
  bool Dispatch(size_t bytes, std::function<void()> work);

  const ExtractorServiceOptions options_;
  const ExtractFunction extract_;
  std::unique_ptr<common::ThreadPool> pool_;
  std::atomic<size_t> queued_bytes_{0};
  // Keeps readout_extractor_queue_depth up to date while the service lives.
  common::CollectHook queue_depth_hook_;
};

}  // namespace readout::extractor

#endif  // READOUT_EXTRACTOR_SERVICE_SERVICE_EXTRACTOR_SERVICE_IMPL_H_
