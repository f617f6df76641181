// grpc.health.v1.Health over the callback API (see health_service.h).
//
// Locking: gRPC may run a reaction inline inside StartWrite/Finish (for
// example when the call is already cancelled), so no mutex is held while
// calling them. Watchers are shared_ptr-owned by the service map, and
// notifiers copy the pointers out under the lock, so a watcher that finishes
// concurrently stays alive until the notifier is done with it.
#include "common/server/health_service.h"

#include <optional>
#include <utility>
#include <vector>

#include "common/server/logging.h"

namespace readout::common {

using grpc::health::v1::HealthCheckRequest;
using grpc::health::v1::HealthCheckResponse;

class HealthService::Watcher final : public grpc::ServerWriteReactor<HealthCheckResponse> {
 public:
  Watcher(HealthService* service, std::string name) : service_(service), name_(std::move(name)) {}

  const std::string& name() const { return name_; }

  // Queues `status`, the service's state at `version`, for sending (the
  // newest one wins if a write is in flight; an older version than one
  // already seen is dropped). With `finish_after`, the stream ends once it
  // has been sent.
  void Update(ServingStatus status, uint64_t version, bool finish_after) {
    Action action;
    {
      absl::MutexLock lock(&mu_);
      if (version >= version_) {
        version_ = version;
        pending_ = status;
      }
      if (finish_after) finish_requested_ = true;
      action = NextLocked();
    }
    Run(action);
  }

  void OnWriteDone(bool ok) override {
    Action action;
    {
      absl::MutexLock lock(&mu_);
      write_in_flight_ = false;
      if (!ok) {
        finish_requested_ = true;
        pending_.reset();
      }
      action = NextLocked();
    }
    Run(action);
  }

  void OnCancel() override {
    Action action;
    {
      absl::MutexLock lock(&mu_);
      cancelled_ = true;
      finish_requested_ = true;
      pending_.reset();
      action = NextLocked();
    }
    Run(action);
  }

  void OnDone() override {
    // May destroy *this: nothing may follow.
    service_->RemoveWatcher(this);
  }

 private:
  enum class Action { kNone, kWrite, kFinish };

  Action NextLocked() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    if (finished_ || write_in_flight_) return Action::kNone;
    if (pending_.has_value()) {
      ServingStatus next = *pending_;
      pending_.reset();
      if (!last_sent_.has_value() || *last_sent_ != next) {
        last_sent_ = next;
        response_.set_status(next);
        write_in_flight_ = true;
        return Action::kWrite;
      }
    }
    if (finish_requested_) {
      finished_ = true;
      return Action::kFinish;
    }
    return Action::kNone;
  }

  void Run(Action action) {
    switch (action) {
      case Action::kNone:
        return;
      case Action::kWrite:
        // response_ is not touched again until OnWriteDone.
        StartWrite(&response_);
        return;
      case Action::kFinish: {
        bool cancelled;
        {
          absl::MutexLock lock(&mu_);
          cancelled = cancelled_;
        }
        Finish(cancelled
                   ? grpc::Status::CANCELLED
                   : grpc::Status(grpc::StatusCode::UNAVAILABLE, "the server is shutting down"));
        return;
      }
    }
  }

  HealthService* const service_;
  const std::string name_;
  absl::Mutex mu_;
  HealthCheckResponse response_ ABSL_GUARDED_BY(mu_);
  std::optional<ServingStatus> pending_ ABSL_GUARDED_BY(mu_);
  uint64_t version_ ABSL_GUARDED_BY(mu_) = 0;
  std::optional<ServingStatus> last_sent_ ABSL_GUARDED_BY(mu_);
  bool write_in_flight_ ABSL_GUARDED_BY(mu_) = false;
  bool finish_requested_ ABSL_GUARDED_BY(mu_) = false;
  bool cancelled_ ABSL_GUARDED_BY(mu_) = false;
  bool finished_ ABSL_GUARDED_BY(mu_) = false;
};

HealthService::HealthService() = default;
HealthService::~HealthService() = default;

void HealthService::SetServingStatus(absl::string_view service, ServingStatus status) {
  std::vector<std::shared_ptr<Watcher>> to_notify;
  uint64_t version;
  {
    absl::MutexLock lock(&mu_);
    if (shutdown_) return;
    auto it = statuses_.find(service);
    if (it != statuses_.end() && it->second == status) return;
    statuses_[std::string(service)] = status;
    version = ++version_;
    for (auto& [raw, watcher] : watchers_) {
      if (raw->name() == service) to_notify.push_back(watcher);
    }
  }
  Log(LogLevel::kInfo, "health_status_changed",
      {{"service", service.empty() ? "(server)" : service},
       {"status", HealthCheckResponse::ServingStatus_Name(status)}});
  for (auto& watcher : to_notify) watcher->Update(status, version, false);
}

HealthService::ServingStatus HealthService::GetServingStatus(absl::string_view service) const {
  absl::MutexLock lock(&mu_);
  auto it = statuses_.find(service);
  return it == statuses_.end() ? HealthCheckResponse::SERVICE_UNKNOWN : it->second;
}

void HealthService::Shutdown() {
  std::vector<std::shared_ptr<Watcher>> to_notify;
  uint64_t version;
  {
    absl::MutexLock lock(&mu_);
    if (shutdown_) return;
    shutdown_ = true;
    version = ++version_;
    for (auto& [name, status] : statuses_) status = HealthCheckResponse::NOT_SERVING;
    for (auto& [raw, watcher] : watchers_) to_notify.push_back(watcher);
  }
  Log(LogLevel::kInfo, "health_status_changed", {{"service", "(all)"}, {"status", "NOT_SERVING"}});
  for (auto& watcher : to_notify) {
    watcher->Update(HealthCheckResponse::NOT_SERVING, version, true);
  }
}

grpc::ServerUnaryReactor* HealthService::Check(grpc::CallbackServerContext* context,
                                               const HealthCheckRequest* request,
                                               HealthCheckResponse* response) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  ServingStatus status = GetServingStatus(request->service());
  if (status == HealthCheckResponse::SERVICE_UNKNOWN) {
    reactor->Finish(grpc::Status(grpc::StatusCode::NOT_FOUND,
                                 "unknown service \"" + request->service() + "\""));
  } else {
    response->set_status(status);
    reactor->Finish(grpc::Status::OK);
  }
  return reactor;
}

grpc::ServerWriteReactor<HealthCheckResponse>* HealthService::Watch(
    grpc::CallbackServerContext* /*context*/, const HealthCheckRequest* request) {
  auto watcher = std::make_shared<Watcher>(this, request->service());
  ServingStatus initial;
  uint64_t version;
  bool shutdown;
  {
    absl::MutexLock lock(&mu_);
    watchers_[watcher.get()] = watcher;
    auto it = statuses_.find(request->service());
    initial = it == statuses_.end() ? HealthCheckResponse::SERVICE_UNKNOWN : it->second;
    shutdown = shutdown_;
    version = version_;
  }
  watcher->Update(initial, version, shutdown);
  return watcher.get();
}

void HealthService::RemoveWatcher(Watcher* watcher) {
  std::shared_ptr<Watcher> last_ref;
  {
    absl::MutexLock lock(&mu_);
    auto it = watchers_.find(watcher);
    if (it == watchers_.end()) return;
    last_ref = std::move(it->second);
    watchers_.erase(it);
  }
  // last_ref may delete the watcher here, outside the lock.
}

}  // namespace readout::common
