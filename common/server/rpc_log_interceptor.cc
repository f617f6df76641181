// Per-RPC log lines (see rpc_log_interceptor.h).
#include "common/server/rpc_log_interceptor.h"

#include <string>

#include "absl/strings/match.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "common/server/logging.h"
#include "grpcpp/server_context.h"

namespace readout::common {
namespace {

using grpc::experimental::InterceptionHookPoints;

absl::string_view CodeName(grpc::StatusCode code) {
  static constexpr absl::string_view kNames[] = {"OK",
                                                 "CANCELLED",
                                                 "UNKNOWN",
                                                 "INVALID_ARGUMENT",
                                                 "DEADLINE_EXCEEDED",
                                                 "NOT_FOUND",
                                                 "ALREADY_EXISTS",
                                                 "PERMISSION_DENIED",
                                                 "RESOURCE_EXHAUSTED",
                                                 "FAILED_PRECONDITION",
                                                 "ABORTED",
                                                 "OUT_OF_RANGE",
                                                 "UNIMPLEMENTED",
                                                 "INTERNAL",
                                                 "UNAVAILABLE",
                                                 "DATA_LOSS",
                                                 "UNAUTHENTICATED"};
  int index = static_cast<int>(code);
  if (index < 0 || index >= static_cast<int>(std::size(kNames))) return "UNKNOWN";
  return kNames[index];
}

class RpcLogInterceptor final : public grpc::experimental::Interceptor {
 public:
  explicit RpcLogInterceptor(grpc::experimental::ServerRpcInfo* info)
      : method_(info->method() == nullptr ? "" : info->method()),
        context_(info->server_context()),
        start_(absl::Now()) {}

  ~RpcLogInterceptor() override {
    if (!logged_) Write(grpc::StatusCode::CANCELLED, "");
  }

  void Intercept(grpc::experimental::InterceptorBatchMethods* methods) override {
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::PRE_SEND_STATUS)) {
      grpc::Status status = methods->GetSendStatus();
      if (context_ != nullptr) peer_ = context_->peer();
      Write(status.error_code(), status.error_message());
    }
    methods->Proceed();
  }

 private:
  void Write(grpc::StatusCode code, const std::string& message) {
    logged_ = true;
    LogLevel level = LogLevel::kInfo;
    if (absl::StartsWith(method_, "/grpc.health.v1.Health/") ||
        absl::StartsWith(method_, "/grpc.reflection.")) {
      level = LogLevel::kDebug;
    } else if (code == grpc::StatusCode::INTERNAL || code == grpc::StatusCode::UNKNOWN ||
               code == grpc::StatusCode::DATA_LOSS) {
      level = LogLevel::kWarning;
    }
    std::string latency = absl::StrFormat("%.3f", absl::ToDoubleMilliseconds(absl::Now() - start_));
    if (code == grpc::StatusCode::OK) {
      Log(level, "rpc",
          {{"method", method_},
           {"code", CodeName(code)},
           {"latency_ms", latency},
           {"peer", peer_}});
    } else {
      Log(level, "rpc",
          {{"method", method_},
           {"code", CodeName(code)},
           {"latency_ms", latency},
           {"peer", peer_},
           {"error", message}});
    }
  }

  const std::string method_;
  grpc::ServerContextBase* const context_;
  std::string peer_;  // Known once the status is about to be sent.
  const absl::Time start_;
  bool logged_ = false;
};

}  // namespace

grpc::experimental::Interceptor* RpcLogInterceptorFactory::CreateServerInterceptor(
    grpc::experimental::ServerRpcInfo* info) {
  return new RpcLogInterceptor(info);
}

}  // namespace readout::common
