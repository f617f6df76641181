// readout.v1.ExtractorService over the callback API (see
// extractor_service_impl.h).
//
// Locking in StreamReactor: gRPC may run a reaction inline inside
// StartRead/StartWrite/Finish, so each reaction decides what to do under
// mu_ and starts the operations after releasing it.
#include "extractor-service/service/extractor_service_impl.h"

#include <algorithm>
#include <deque>
#include <optional>
#include <string>
#include <thread>
#include <utility>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "common/server/logging.h"
#include "common/server/metrics.h"
#include "common/server/request_decoding.h"
#include "common/server/rpc_observer.h"
#include "common/server/status_util.h"
#include "extractor-service/service/request_validation.h"

namespace readout::extractor {
namespace {

using common::Log;
using common::LogLevel;

// The full name DecodeRequest puts in its errors for StreamExtract messages.
const std::string kStreamExtractMethod =
    std::string(v1::ExtractorService::service_full_name()) + "/StreamExtract";

size_t ContentSize(const v1::DocumentInput& document) {
  switch (document.content_case()) {
    case v1::DocumentInput::kText:
      return document.text().size();
    case v1::DocumentInput::kData:
      return document.data().size();
    default:
      return 0;
  }
}

// Gives an engine error a reason when it has none.
absl::Status FromEngine(absl::Status status) {
  if (status.ok() || status.GetPayload(common::kErrorInfoTypeUrl).has_value()) {
    return status;
  }
  switch (status.code()) {
    case absl::StatusCode::kInvalidArgument:
      return common::WithErrorInfo(std::move(status), "INVALID_DOCUMENT");
    case absl::StatusCode::kResourceExhausted:
      if (auto cap = status.GetPayload(kLimitPayloadUrl); cap.has_value()) {
        std::string limit(*cap);
        status.ErasePayload(kLimitPayloadUrl);
        return common::WithErrorInfo(std::move(status), "EXTRACTION_LIMIT_EXCEEDED",
                                     {{"limit", limit}});
      }
      return common::WithErrorInfo(std::move(status), kReasonDocumentTooLarge);
    default:
      return common::WithErrorInfo(std::move(status), "EXTRACTION_FAILED");
  }
}

absl::Status DeadlineError(absl::string_view when) {
  return common::WithErrorInfo(
      absl::DeadlineExceededError(absl::StrCat("the call's deadline passed ", when)),
      "DEADLINE_EXCEEDED");
}

// The extractor's own metrics, in the default registry.
struct ExtractorMetrics {
  common::Counter& extracted;
  common::Counter& failed;
  common::Counter& bytes;
  common::Gauge& queue_depth;
  common::CounterFamily& stores;

  static ExtractorMetrics& Get() {
    static ExtractorMetrics* metrics = [] {
      common::MetricsRegistry& r = common::MetricsRegistry::Default();
      common::CounterFamily& documents = r.AddCounter(
          "readout_extractor_documents_total",
          "Documents the extractor processed, by result (extracted or failed).", {"result"});
      return new ExtractorMetrics{
          documents.WithLabels({"extracted"}), documents.WithLabels({"failed"}),
          r.AddCounter("readout_extractor_extracted_bytes_total",
                       "Bytes of document content (text or HTML) extracted successfully.")
              .Get(),
          r.AddGauge("readout_extractor_queue_depth",
                     "Large documents waiting for a worker thread.")
              .Get(),
          r.AddCounter("readout_extractor_catalog_stores_total",
                       "Extractions sent to the catalog, by the final gRPC code (after "
                       "retries), spelled as grpc_code.",
                       {"grpc_code"})};
    }();
    return *metrics;
  }
};

// The trace of the call, for work that runs later or elsewhere.
common::TraceContext CallTrace(const grpc::CallbackServerContext* context) {
  return common::TraceOfCall(context).value_or(common::TraceContext());
}

absl::Status BusyError() {
  return common::WithErrorInfo(
      absl::UnavailableError("the extractor is busy (too many large documents or bytes "
                             "queued); retry later"),
      "SERVER_BUSY");
}

}  // namespace

// ---------------------------------------------------------------------------
// StreamExtract: one reactor per stream.
// It reads each request message's bytes and decodes them itself, so that a
// message that cannot be decoded is answered (INVALID_ARGUMENT at its index)
// rather than taken by gRPC for the end of the stream.
class ExtractorServiceImpl::StreamReactor final
    : public grpc::ServerBidiReactor<grpc::ByteBuffer, v1::StreamExtractResponse> {
 public:
  StreamReactor(ExtractorServiceImpl* service, grpc::CallbackServerContext* context)
      : service_(service), context_(context), trace_(CallTrace(context)) {
    {
      absl::MutexLock lock(&mu_);
      reading_ = true;
    }
    StartRead(&request_);
  }

  void OnReadDone(bool ok) override {
    if (!ok) {
      Actions actions;
      {
        absl::MutexLock lock(&mu_);
        reading_ = false;
        reads_done_ = true;
        actions = NextLocked();
      }
      Run(actions);
      return;
    }
    auto request = std::make_shared<v1::StreamExtractRequest>();
    const absl::Status decoded =
        common::DecodeRequest(request_, kStreamExtractMethod, request.get());
    uint64_t index;
    {
      absl::MutexLock lock(&mu_);
      reading_ = false;
      processing_ = true;
      request_.Clear();
      index = next_index_++;
    }
    if (!decoded.ok()) {
      Process(*request, index, decoded);
      return;
    }
    size_t bytes = request->has_document() ? ContentSize(request->document()) : 0;
    bool dispatched = service_->Dispatch(
        bytes, [this, request, index] { Process(*request, index, absl::OkStatus()); });
    if (!dispatched) Process(*request, index, BusyError());
  }

  void OnWriteDone(bool ok) override {
    Actions actions;
    {
      absl::MutexLock lock(&mu_);
      writing_ = false;
      responses_.pop_front();
      if (!ok) broken_ = true;  // The client is gone; stop working.
      actions = NextLocked();
    }
    Run(actions);
  }

  void OnCancel() override {
    Actions actions;
    {
      absl::MutexLock lock(&mu_);
      broken_ = true;
      actions = NextLocked();
    }
    Run(actions);
  }

  void OnDone() override {
    uint64_t documents, failed;
    {
      absl::MutexLock lock(&mu_);
      documents = documents_;
      failed = failed_;
    }
    Log(LogLevel::kDebug, "stream_extract_done", {{"documents", documents}, {"failed", failed}});
    delete this;
  }

 private:
  struct Actions {
    const v1::StreamExtractResponse* write = nullptr;
    bool read = false;
    std::optional<grpc::Status> finish;
  };

  // Builds the response for `request` and hands it to Processed, at once or
  // once the catalog has answered; `pre_error` is an error found before
  // extraction (an undecodable message, the pool refusing the work).
  void Process(const v1::StreamExtractRequest& request, uint64_t index, absl::Status pre_error) {
    common::ScopedTraceIfValid scope(trace_);
    v1::StreamExtractResponse response;
    response.set_index(index);
    response.set_client_id(request.client_id());
    absl::Status status = pre_error;
    bool store = false;
    if (status.ok()) {
      absl::StatusOr<bool> wants = service_->WantsStore(request.options());
      status = wants.status();
      store = wants.value_or(false);
    }
    if (status.ok()) {
      status = service_->ExtractOne(request.has_document(), request.document(), request.options(),
                                    context_->deadline(), response.mutable_extraction());
    }
    if (!status.ok() || !store) {
      Processed(Finished(std::move(response), status, request.options().omit_text()));
      return;
    }
    bool omit_text = request.options().omit_text();
    auto shared = std::make_shared<v1::StreamExtractResponse>(std::move(response));
    service_->Store(shared->extraction(), context_->deadline(), trace_,
                    [this, shared, omit_text](absl::StatusOr<Stored> stored) {
                      if (stored.ok()) {
                        shared->set_document_name(stored->name);
                        shared->set_document_created(stored->created);
                      }
                      Processed(Finished(std::move(*shared), stored.status(), omit_text));
                    });
  }

  // The response with its status; without the extraction on error.
  static v1::StreamExtractResponse Finished(v1::StreamExtractResponse response,
                                            const absl::Status& status, bool omit_text) {
    if (!status.ok()) {
      response.clear_extraction();
      response.clear_document_name();
      response.clear_document_created();
    } else if (omit_text) {
      response.mutable_extraction()->mutable_document()->clear_text();
    }
    *response.mutable_status() = common::ToRpcStatus(status);
    return response;
  }

  void Processed(v1::StreamExtractResponse response) {
    Actions actions;
    {
      absl::MutexLock lock(&mu_);
      processing_ = false;
      ++documents_;
      if (response.status().code() != 0) ++failed_;
      responses_.push_back(std::move(response));
      actions = NextLocked();
    }
    Run(actions);
  }

  // Decides the next operations from the state; marks them started.
  Actions NextLocked() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    Actions actions;
    if (finished_) return actions;
    if (broken_) {
      // Wait for operations in flight to come back before finishing.
      if (!reading_ && !writing_ && !processing_) {
        finished_ = true;
        actions.finish = grpc::Status::CANCELLED;
      }
      return actions;
    }
    if (!writing_ && !responses_.empty()) {
      writing_ = true;
      actions.write = &responses_.front();  // Stable until popped.
    }
    if (!reading_ && !processing_ && !reads_done_ &&
        responses_.size() < service_->options_.max_pending_responses) {
      reading_ = true;
      actions.read = true;
    }
    if (reads_done_ && !reading_ && !processing_ && !writing_ && responses_.empty()) {
      finished_ = true;
      actions.finish = grpc::Status::OK;
    }
    return actions;
  }

  void Run(const Actions& actions) {
    if (actions.write != nullptr) StartWrite(actions.write);
    if (actions.read) StartRead(&request_);
    if (actions.finish.has_value()) Finish(*actions.finish);
  }

  ExtractorServiceImpl* const service_;
  grpc::CallbackServerContext* const context_;
  const common::TraceContext trace_;
  // Filled by StartRead; only touched while reading_ is false or by gRPC.
  grpc::ByteBuffer request_;

  absl::Mutex mu_;
  bool reading_ ABSL_GUARDED_BY(mu_) = false;
  bool reads_done_ ABSL_GUARDED_BY(mu_) = false;
  bool processing_ ABSL_GUARDED_BY(mu_) = false;
  bool writing_ ABSL_GUARDED_BY(mu_) = false;
  bool broken_ ABSL_GUARDED_BY(mu_) = false;
  bool finished_ ABSL_GUARDED_BY(mu_) = false;
  uint64_t next_index_ ABSL_GUARDED_BY(mu_) = 0;
  // Responses not yet written; the front one is being written when writing_.
  std::deque<v1::StreamExtractResponse> responses_ ABSL_GUARDED_BY(mu_);
  // Counters for the closing log line.
  uint64_t documents_ ABSL_GUARDED_BY(mu_) = 0;
  uint64_t failed_ ABSL_GUARDED_BY(mu_) = 0;
};

// ---------------------------------------------------------------------------
ExtractorServiceImpl::ExtractorServiceImpl(const Extractor* extractor,
                                           const ExtractorServiceOptions& options)
    : ExtractorServiceImpl(
          [extractor](const DocumentSource& source) { return extractor->Extract(source); },
          options) {}

ExtractorServiceImpl::ExtractorServiceImpl(ExtractFunction extract,
                                           const ExtractorServiceOptions& options)
    : options_(options), extract_(std::move(extract)) {
  int threads = options.worker_threads > 0
                    ? options.worker_threads
                    : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  pool_ = std::make_unique<common::ThreadPool>(threads, options.max_queued_documents);
  common::Gauge& depth = ExtractorMetrics::Get().queue_depth;
  queue_depth_hook_ = common::MetricsRegistry::Default().AddCollectHook(
      [this, &depth] { depth.Set(static_cast<double>(pool_->queued())); });
  DecodeUnary(v1::ExtractorService::service_full_name(), "Extract", &ExtractorServiceImpl::Extract);
  AcceptRawBidi(v1::ExtractorService::service_full_name(), "StreamExtract",
                &ExtractorServiceImpl::OpenStreamExtract);
}

ExtractorServiceImpl::~ExtractorServiceImpl() {
  // Before the pool goes: a scrape must not read a destroyed pool.
  queue_depth_hook_ = common::CollectHook();
}

std::chrono::system_clock::time_point CatalogCallDeadline(
    std::chrono::system_clock::time_point caller_deadline,
    std::chrono::system_clock::time_point now) {
  // 100 ms: the time to turn the catalog's last answer into the extractor's
  // own and send it, with room to spare on a loaded or instrumented host.
  constexpr std::chrono::milliseconds kReplyHeadroom(100);
  if (caller_deadline <= now) return caller_deadline;
  const auto left = caller_deadline - now;
  return caller_deadline - std::min<std::chrono::system_clock::duration>(kReplyHeadroom, left / 10);
}

absl::Status ExtractorServiceImpl::ExtractOne(bool has_document, const v1::DocumentInput& document,
                                              const v1::ExtractOptions& options,
                                              std::chrono::system_clock::time_point deadline,
                                              v1::Extraction* out) const {
  absl::StatusOr<DocumentSource> source =
      ToDocumentSource(has_document, document, options_.max_document_bytes);
  if (!source.ok()) return source.status();
  if (std::chrono::system_clock::now() >= deadline) {
    return DeadlineError("before extraction started");
  }
  absl::StatusOr<v1::Extraction> extraction = extract_(*source);
  ExtractorMetrics& metrics = ExtractorMetrics::Get();
  if (!extraction.ok()) {
    metrics.failed.Increment();
    return FromEngine(extraction.status());
  }
  if (std::chrono::system_clock::now() >= deadline) {
    metrics.failed.Increment();
    return DeadlineError("during extraction");
  }
  metrics.extracted.Increment();
  metrics.bytes.Increment(static_cast<double>(ContentSize(document)));
  *out = std::move(*extraction);
  return absl::OkStatus();
}

absl::StatusOr<bool> ExtractorServiceImpl::WantsStore(const v1::ExtractOptions& options) const {
  bool store = options.has_store() ? options.store().value() : options_.store_by_default;
  if (store && options_.catalog == nullptr) {
    return common::WithErrorInfo(
        absl::FailedPreconditionError(
            "options.store asks to store the extraction, but this extractor has no catalog "
            "(start it with --catalog=TARGET or READOUT_CATALOG)"),
        "CATALOG_NOT_CONFIGURED");
  }
  return store;
}

void ExtractorServiceImpl::Store(const v1::Extraction& extraction,
                                 std::chrono::system_clock::time_point deadline,
                                 const common::TraceContext& trace,
                                 std::function<void(absl::StatusOr<Stored>)> done) const {
  const auto now = std::chrono::system_clock::now();
  const auto cap = now + absl::ToChronoMilliseconds(options_.catalog_timeout);
  options_.catalog->CreateDocument(
      MakeCreateDocumentRequest(extraction), std::min(CatalogCallDeadline(deadline, now), cap),
      trace,
      [target = options_.catalog_target, trace,
       done = std::move(done)](absl::StatusOr<v1::CreateDocumentResponse> response) {
        common::ScopedTraceIfValid scope(trace);
        ExtractorMetrics::Get()
            .stores
            .WithLabels(
                {common::GoCodeName(static_cast<grpc::StatusCode>(response.status().raw_code()))})
            .Increment();
        if (!response.ok()) {
          Log(LogLevel::kWarning, "catalog_store_failed",
              {{"catalog", target}, {"error", response.status().ToString()}});
          done(CatalogStoreError(response.status(), target));
          return;
        }
        done(Stored{response->document().name(), response->created()});
      });
}

bool ExtractorServiceImpl::Dispatch(size_t bytes, std::function<void()> work) {
  if (bytes <= options_.inline_document_bytes) {
    work();
    return true;
  }
  // The queue is bounded in bytes as well as in documents: the bytes count
  // from here until a worker picks the document up.
  size_t queued = queued_bytes_.fetch_add(bytes) + bytes;
  if (queued > options_.max_queued_bytes) {
    queued_bytes_.fetch_sub(bytes);
    return false;
  }
  bool scheduled = pool_->Schedule([this, bytes, work = std::move(work)] {
    queued_bytes_.fetch_sub(bytes);
    work();
  });
  if (!scheduled) queued_bytes_.fetch_sub(bytes);
  return scheduled;
}

grpc::ServerUnaryReactor* ExtractorServiceImpl::Extract(grpc::CallbackServerContext* context,
                                                        const v1::ExtractRequest* request,
                                                        v1::ExtractResponse* response) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  size_t bytes = request->has_document() ? ContentSize(request->document()) : 0;
  common::TraceContext trace = CallTrace(context);
  // request, response and context stay valid until Finish is called.
  bool dispatched = Dispatch(bytes, [this, context, request, response, reactor, trace] {
    common::ScopedTraceIfValid scope(trace);
    absl::StatusOr<bool> store = WantsStore(request->options());
    absl::Status status = store.status();
    if (status.ok()) {
      status = ExtractOne(request->has_document(), request->document(), request->options(),
                          context->deadline(), response->mutable_extraction());
    }
    bool omit_text = request->options().omit_text();
    auto finish = [response, reactor, omit_text](const absl::Status& status) {
      if (!status.ok()) {
        response->Clear();
      } else if (omit_text) {
        response->mutable_extraction()->mutable_document()->clear_text();
      }
      reactor->Finish(common::ToGrpcStatus(status));
    };
    if (!status.ok() || !*store) {
      finish(status);
      return;
    }
    Store(response->extraction(), context->deadline(), trace,
          [response, finish](absl::StatusOr<Stored> stored) {
            if (stored.ok()) {
              response->set_document_name(stored->name);
              response->set_document_created(stored->created);
            }
            finish(stored.status());
          });
  });
  if (!dispatched) reactor->Finish(common::ToGrpcStatus(BusyError()));
  return reactor;
}

grpc::ServerBidiReactor<grpc::ByteBuffer, v1::StreamExtractResponse>*
ExtractorServiceImpl::OpenStreamExtract(grpc::CallbackServerContext* context) {
  return new StreamReactor(this, context);
}

}  // namespace readout::extractor
