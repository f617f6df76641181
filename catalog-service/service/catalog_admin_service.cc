// gRPC adapter of the catalog's admin methods (see catalog_admin_service.h).
#include "catalog-service/service/catalog_admin_service.h"

#include <pthread.h>

#include <optional>
#include <string>
#include <thread>
#include <utility>

#include "absl/base/thread_annotations.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "catalog-service/errors.h"
#include "catalog-service/query/names.h"
#include "common/server/logging.h"
#include "common/server/status_util.h"

namespace readout::catalog {
namespace {

constexpr int kDefaultMaxProblems = 1000;
constexpr absl::Duration kProgressEvery = absl::Seconds(1);
// Problems sent in one message at most (a message stays small).
constexpr int kProblemsPerMessage = 100;

v1::CatalogProblemKind KindOf(VerifyProblem::Kind kind) {
  switch (kind) {
    case VerifyProblem::Kind::kHashMismatch:
      return v1::CATALOG_PROBLEM_KIND_HASH_MISMATCH;
    case VerifyProblem::Kind::kUnreadable:
      return v1::CATALOG_PROBLEM_KIND_UNREADABLE;
    case VerifyProblem::Kind::kNotIndexed:
      return v1::CATALOG_PROBLEM_KIND_NOT_INDEXED;
    case VerifyProblem::Kind::kIndexMismatch:
      return v1::CATALOG_PROBLEM_KIND_INDEX_MISMATCH;
    case VerifyProblem::Kind::kOrphanIndexRow:
      return v1::CATALOG_PROBLEM_KIND_ORPHAN_INDEX_ROW;
  }
  return v1::CATALOG_PROBLEM_KIND_UNSPECIFIED;
}

void SetProgress(const VerifyProgress& progress, v1::VerifyCatalogProgress* out) {
  out->set_documents_checked(progress.documents_checked);
  out->set_documents_total(progress.documents_total);
  out->set_problems_found(progress.problems_found);
}

// Runs one scrub on its own thread and streams its findings. Each message
// is written only after the previous write completed (the scrub waits), so
// a slow client slows the scrub instead of filling memory.
class VerifyReactor final : public grpc::ServerWriteReactor<v1::VerifyCatalogResponse> {
 public:
  VerifyReactor(Store* store, const v1::VerifyCatalogRequest& request,
                std::shared_ptr<std::atomic<bool>> verifying)
      : store_(store),
        check_index_(!request.skip_index()),
        max_problems_(request.max_problems() > 0 ? request.max_problems() : kDefaultMaxProblems),
        verifying_(std::move(verifying)) {
    thread_ = std::thread([this] {
      pthread_setname_np(pthread_self(), "catalog-verify");
      Run();
    });
  }

  void OnWriteDone(bool ok) override {
    absl::MutexLock lock(&mu_);
    writing_ = false;
    if (!ok) stopped_ = true;
  }

  void OnCancel() override {
    absl::MutexLock lock(&mu_);
    stopped_ = true;
  }

  void OnDone() override {
    // The scrub thread has called Finish and touches nothing after it.
    if (thread_.get_id() == std::this_thread::get_id()) {
      thread_.detach();  // Finish ran OnDone inline.
    } else {
      thread_.join();
    }
    delete this;
  }

 private:
  void Run() {
    const absl::Time started = absl::Now();
    common::Log(common::LogLevel::kInfo, "verify_started",
                {{"check_index", check_index_ ? "true" : "false"}});
    VerifyOptions options;
    options.check_index = check_index_;
    options.on_problem = [this](const VerifyProblem& problem) {
      common::Log(common::LogLevel::kWarning, "verify_problem",
                  {{"kind", v1::CatalogProblemKind_Name(KindOf(problem.kind))},
                   {"detail", problem.detail}});
      if (listed_ >= max_problems_) return;
      ++listed_;
      v1::CatalogProblem* out = pending_.add_problems();
      out->set_kind(KindOf(problem.kind));
      if (!problem.document_id.empty()) out->set_document(DocumentName(problem.document_id));
      out->set_revision(problem.revision);
      out->set_detail(problem.detail);
    };
    absl::Time last_sent = started;
    options.on_progress = [&](const VerifyProgress& progress) {
      const absl::Time now = absl::Now();
      if (now - last_sent < kProgressEvery && pending_.problems_size() < kProblemsPerMessage) {
        return !Stopped();
      }
      last_sent = now;
      SetProgress(progress, pending_.mutable_progress());
      return Send();
    };
    absl::StatusOr<VerifySummary> summary = store_->Verify(options);
    absl::Status status = summary.status();
    if (summary.ok()) {
      v1::VerifyCatalogSummary* out = pending_.mutable_summary();
      out->set_documents_checked(summary->documents_checked);
      out->set_problems_found(summary->problems_found);
      out->set_index_checked(summary->index_checked);
      out->set_documents_not_yet_indexed(summary->documents_not_yet_indexed);
      out->set_elapsed_ms(absl::ToInt64Milliseconds(absl::Now() - started));
      VerifyProgress progress;
      progress.documents_checked = summary->documents_checked;
      progress.documents_total = summary->documents_checked;
      progress.problems_found = summary->problems_found;
      SetProgress(progress, pending_.mutable_progress());
      common::Log(
          summary->problems_found > 0 ? common::LogLevel::kWarning : common::LogLevel::kInfo,
          "verify_done",
          {{"documents", absl::StrCat(summary->documents_checked)},
           {"problems", absl::StrCat(summary->problems_found)},
           {"elapsed_ms", absl::StrCat(out->elapsed_ms())}});
      if (!Send()) status = absl::CancelledError("the verification was cancelled");
    } else {
      common::Log(common::LogLevel::kWarning, "verify_failed", {{"error", status.ToString()}});
    }
    {
      absl::MutexLock lock(&mu_);
      mu_.Await(absl::Condition(
          +[](VerifyReactor* r) ABSL_EXCLUSIVE_LOCKS_REQUIRED(r->mu_) { return !r->writing_; },
          this));
    }
    verifying_->store(false);
    Finish(common::ToGrpcStatus(WithDefaultReason(status)));
  }

  bool Stopped() {
    absl::MutexLock lock(&mu_);
    return stopped_;
  }

  // Writes `pending_` once the previous write is done; false when the call
  // is cancelled or broken.
  bool Send() {
    absl::MutexLock lock(&mu_);
    mu_.Await(absl::Condition(
        +[](VerifyReactor* r)
             ABSL_EXCLUSIVE_LOCKS_REQUIRED(r->mu_) { return !r->writing_ || r->stopped_; },
        this));
    if (stopped_) return false;
    writing_ = true;
    sending_ = std::move(pending_);
    pending_.Clear();
    StartWrite(&sending_);
    return true;
  }

  Store* const store_;
  const bool check_index_;
  const int max_problems_;
  const std::shared_ptr<std::atomic<bool>> verifying_;
  int listed_ = 0;                     // Scrub thread only.
  v1::VerifyCatalogResponse pending_;  // Scrub thread only.
  v1::VerifyCatalogResponse sending_;  // Owned by the write in flight.
  absl::Mutex mu_;
  bool writing_ ABSL_GUARDED_BY(mu_) = false;
  bool stopped_ ABSL_GUARDED_BY(mu_) = false;
  std::thread thread_;
};

}  // namespace

CatalogAdminServiceImpl::CatalogAdminServiceImpl(Store* store)
    : store_(store), verifying_(std::make_shared<std::atomic<bool>>(false)) {
  DecodeServerStreaming(v1::CatalogAdminService::service_full_name(), "VerifyCatalog",
                        &CatalogAdminServiceImpl::VerifyCatalog);
}

grpc::ServerWriteReactor<v1::VerifyCatalogResponse>* CatalogAdminServiceImpl::VerifyCatalog(
    grpc::CallbackServerContext* context, const v1::VerifyCatalogRequest* request) {
  absl::Status refused;
  if (request->max_problems() < 0) {
    refused = InvalidArgument("INVALID_MAX_PROBLEMS",
                              absl::StrCat("max_problems must not be negative (got ",
                                           request->max_problems(), "; 0 means 1000)"));
  } else if (verifying_->exchange(true)) {
    refused = MakeError(absl::StatusCode::kAborted, "VERIFY_RUNNING",
                        "a verification of this catalog is already running; wait for it to "
                        "finish");
  }
  if (!refused.ok()) {
    class Refused final : public grpc::ServerWriteReactor<v1::VerifyCatalogResponse> {
     public:
      explicit Refused(const grpc::Status& status) { Finish(status); }
      void OnDone() override { delete this; }
    };
    return new Refused(common::ToGrpcStatus(refused));
  }
  return new VerifyReactor(store_, *request, verifying_);
}

}  // namespace readout::catalog
