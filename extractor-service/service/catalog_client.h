// CatalogClient: how the extractor stores an extraction in the catalog
// (readout.v1.CatalogService.CreateDocument), behind a small interface in the
// style of google-cloud-cpp: the generated stub is wrapped by
// MakeGrpcCatalogClient, retries are a decorator (retrying_catalog_client.h),
// and tests substitute a fake.
//
// The interface is asynchronous: CreateDocument returns at once and calls
// `done` later on some other thread (a gRPC callback thread or a timer), so
// a gRPC callback reactor can use it without blocking.
//
// Thread-safety: implementations may be called concurrently from any thread.
#ifndef READOUT_EXTRACTOR_SERVICE_SERVICE_CATALOG_CLIENT_H_
#define READOUT_EXTRACTOR_SERVICE_SERVICE_CATALOG_CLIENT_H_

#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "common/server/trace.h"
#include "grpcpp/grpcpp.h"
#include "readout/v1/catalog_service.grpc.pb.h"
#include "readout/v1/records.pb.h"

namespace readout::extractor {

using CreateDocumentCallback =
    std::function<void(absl::StatusOr<v1::CreateDocumentResponse> response)>;

class CatalogClient {
 public:
  virtual ~CatalogClient() = default;

  // Sends `request`, to be answered by `deadline`, as part of the trace
  // `trace` (the call being served; invalid: a new trace). Calls `done`
  // exactly once with the response or the error (absl codes as gRPC's,
  // ErrorInfo kept).
  virtual void CreateDocument(v1::CreateDocumentRequest request,
                              std::chrono::system_clock::time_point deadline,
                              const common::TraceContext& trace, CreateDocumentCallback done) = 0;
};

// The CreateDocument request that stores `extraction`. Its request_id is
// derived from the content hash, so every attempt to store the same text
// carries the same idempotency key and a retry can never add a duplicate.
v1::CreateDocumentRequest MakeCreateDocumentRequest(v1::Extraction extraction);

// A client over `channel` that makes one call per CreateDocument through the
// stub's callback API (stub->async()), each a client span of `trace` that
// sends its `traceparent`. Errors come back as they are.
std::unique_ptr<CatalogClient> MakeGrpcCatalogClient(std::shared_ptr<grpc::Channel> channel);

// The error a caller of the extractor sees when storing failed: UNAVAILABLE
// and DEADLINE_EXCEEDED say the catalog could not be reached (reason
// CATALOG_UNAVAILABLE), other codes keep their code with the catalog's
// message prefixed (reason CATALOG_ERROR unless the catalog gave one).
absl::Status CatalogStoreError(const absl::Status& status, const std::string& target);

}  // namespace readout::extractor

#endif  // READOUT_EXTRACTOR_SERVICE_SERVICE_CATALOG_CLIENT_H_
