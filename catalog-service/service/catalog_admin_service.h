// CatalogAdminServiceImpl: the gRPC adapter of readout.v1.CatalogAdminService
// (callback API). VerifyCatalog runs the store's scrub (Store::Verify) on a
// thread of its own, so a scrub of a large catalog holds no reader thread
// and no gRPC thread, and streams what it finds: progress about once a
// second, problems as they are found (the first max_problems), then a
// summary. One verification runs at a time; a second is ABORTED
// (VERIFY_RUNNING). A cancelled call (or a server shutting down) stops the
// scrub at its next chunk. Authorization is the server's policy
// (docs/security.md): admit only administrators to this service.
// Thread-safe; `store` must outlive the service, and the server must be shut
// down before the service is destroyed.
#ifndef READOUT_CATALOG_SERVICE_SERVICE_CATALOG_ADMIN_SERVICE_H_
#define READOUT_CATALOG_SERVICE_SERVICE_CATALOG_ADMIN_SERVICE_H_

#include <atomic>
#include <memory>

#include "catalog-service/store/store.h"
#include "common/server/request_decoding.h"
#include "grpcpp/grpcpp.h"
#include "readout/v1/catalog_admin_service.grpc.pb.h"

namespace readout::catalog {

class CatalogAdminServiceImpl final
    : public common::DecodesRequests<v1::CatalogAdminService::CallbackService> {
 public:
  explicit CatalogAdminServiceImpl(Store* store);

  grpc::ServerWriteReactor<v1::VerifyCatalogResponse>* VerifyCatalog(
      grpc::CallbackServerContext* context, const v1::VerifyCatalogRequest* request) override;

 private:
  Store* const store_;
  // Set while a verification runs (shared with its reactor, which may
  // outlive nothing but is released by it).
  std::shared_ptr<std::atomic<bool>> verifying_;
};

}  // namespace readout::catalog

#endif  // READOUT_CATALOG_SERVICE_SERVICE_CATALOG_ADMIN_SERVICE_H_
