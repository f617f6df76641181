// The stub-backed CatalogClient and the request/error helpers (see
// catalog_client.h).
#include "extractor-service/service/catalog_client.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "common/server/client_span.h"
#include "common/server/status_util.h"

namespace readout::extractor {
namespace {

// The prefix that marks idempotency keys minted by the extractor.
constexpr char kRequestIdPrefix[] = "extract-";

// One CreateDocument call: owns what the callback API borrows until done.
struct CreateCall {
  explicit CreateCall(const common::TraceContext& trace)
      : span(trace, "readout.v1.CatalogService/CreateDocument") {}
  common::ClientSpan span;
  grpc::ClientContext context;
  v1::CreateDocumentRequest request;
  v1::CreateDocumentResponse response;
  CreateDocumentCallback done;
};

class GrpcCatalogClient final : public CatalogClient {
 public:
  explicit GrpcCatalogClient(std::shared_ptr<grpc::Channel> channel)
      : stub_(v1::CatalogService::NewStub(std::move(channel))) {}

  void CreateDocument(v1::CreateDocumentRequest request,
                      std::chrono::system_clock::time_point deadline,
                      const common::TraceContext& trace, CreateDocumentCallback done) override {
    auto* call = new CreateCall(trace);
    call->context.set_deadline(deadline);
    call->span.Inject(&call->context);
    call->request = std::move(request);
    call->done = std::move(done);
    stub_->async()->CreateDocument(&call->context, &call->request, &call->response,
                                   [call](grpc::Status status) {
                                     std::unique_ptr<CreateCall> owned(call);
                                     owned->span.End(status);
                                     if (status.ok()) {
                                       owned->done(std::move(owned->response));
                                     } else {
                                       owned->done(common::FromGrpcStatus(status));
                                     }
                                   });
  }

 private:
  std::unique_ptr<v1::CatalogService::Stub> stub_;
};

}  // namespace

v1::CreateDocumentRequest MakeCreateDocumentRequest(v1::Extraction extraction) {
  v1::CreateDocumentRequest request;
  request.set_request_id(absl::StrCat(kRequestIdPrefix, extraction.document().content_hash()));
  *request.mutable_document()->mutable_extraction() = std::move(extraction);
  return request;
}

std::unique_ptr<CatalogClient> MakeGrpcCatalogClient(std::shared_ptr<grpc::Channel> channel) {
  return std::make_unique<GrpcCatalogClient>(std::move(channel));
}

absl::Status CatalogStoreError(const absl::Status& status, const std::string& target) {
  if (status.ok()) return status;
  switch (status.code()) {
    case absl::StatusCode::kUnavailable:
    case absl::StatusCode::kCancelled:
      return common::WithErrorInfo(absl::UnavailableError(absl::StrCat(
                                       "could not store the extraction: the catalog at ", target,
                                       " cannot be reached; retry later (a retry never "
                                       "stores a document twice) (",
                                       status.message(), ")")),
                                   "CATALOG_UNAVAILABLE", {{"catalog", target}});
    case absl::StatusCode::kDeadlineExceeded:
      return common::WithErrorInfo(
          absl::DeadlineExceededError(absl::StrCat(
              "the catalog at ", target,
              " did not answer before the deadline; the document may or may not be stored, "
              "and retrying is safe (",
              status.message(), ")")),
          "CATALOG_TIMEOUT", {{"catalog", target}});
    default: {
      std::optional<google::rpc::ErrorInfo> info = common::ErrorInfoOf(status);
      std::string reason =
          info.has_value() && info->reason() != absl::StatusCodeToString(status.code())
              ? info->reason()
              : "CATALOG_ERROR";
      return common::WithErrorInfo(
          absl::Status(status.code(), absl::StrCat("the catalog refused to store the extraction: ",
                                                   status.message())),
          reason, {{"catalog", target}});
    }
  }
}

}  // namespace readout::extractor
