// The gRPC health checking protocol (grpc.health.v1.Health), served from
// readout's compiled health.proto so that reflection clients (grpcurl,
// buf curl) can describe and call it; gRPC 1.51's built-in health service is
// not visible through reflection.
//
// Each service name maps to a status; "" is the server as a whole. Check of
// a name never set answers NOT_FOUND; Watch of it sends SERVICE_UNKNOWN and
// keeps watching. Watch sends the current status at once and then every
// change (consecutive duplicates are coalesced). Shutdown() sets every name
// to NOT_SERVING, ignores later updates, and ends each Watch stream with
// UNAVAILABLE after NOT_SERVING has been sent, so a draining server is not
// held open by watchers.
//
// Thread-safety: all public methods may be called from any thread. The
// service must outlive the grpc::Server it is registered with.
#ifndef READOUT_COMMON_SERVER_HEALTH_SERVICE_H_
#define READOUT_COMMON_SERVER_HEALTH_SERVICE_H_

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "grpcpp/grpcpp.h"

namespace readout::common {

class HealthService final : public grpc::health::v1::Health::CallbackService {
 public:
  using ServingStatus = grpc::health::v1::HealthCheckResponse::ServingStatus;

  HealthService();
  ~HealthService() override;

  // Sets the status of `service` ("" for the whole server) and notifies its
  // watchers. Ignored after Shutdown().
  void SetServingStatus(absl::string_view service, ServingStatus status);

  // The status of `service`, or SERVICE_UNKNOWN when it was never set.
  ServingStatus GetServingStatus(absl::string_view service) const;

  // Sets every known service to NOT_SERVING for good and ends Watch streams
  // once they have seen it. Idempotent.
  void Shutdown();

  // grpc.health.v1.Health.
  grpc::ServerUnaryReactor* Check(grpc::CallbackServerContext* context,
                                  const grpc::health::v1::HealthCheckRequest* request,
                                  grpc::health::v1::HealthCheckResponse* response) override;
  grpc::ServerWriteReactor<grpc::health::v1::HealthCheckResponse>* Watch(
      grpc::CallbackServerContext* context,
      const grpc::health::v1::HealthCheckRequest* request) override;

 private:
  class Watcher;

  void RemoveWatcher(Watcher* watcher);

  mutable absl::Mutex mu_;
  std::map<std::string, ServingStatus, std::less<>> statuses_ ABSL_GUARDED_BY(mu_);
  // Live Watch streams; a watcher removes itself in OnDone.
  std::map<Watcher*, std::shared_ptr<Watcher>> watchers_ ABSL_GUARDED_BY(mu_);
  bool shutdown_ ABSL_GUARDED_BY(mu_) = false;
  // Bumped on every change, so a watcher can drop a stale update.
  uint64_t version_ ABSL_GUARDED_BY(mu_) = 0;
};

}  // namespace readout::common

#endif  // READOUT_COMMON_SERVER_HEALTH_SERVICE_H_
