// Per-RPC metrics, traces and log lines (see rpc_observer.h).
#include "common/server/rpc_observer.h"

#include <string>
#include <utility>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/strings/match.h"
#include "absl/strings/str_format.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "common/server/logging.h"
#include "common/server/metrics.h"

namespace readout::common {
namespace {

using grpc::experimental::InterceptionHookPoints;
using grpc::experimental::ServerRpcInfo;

// The families, registered once in the default registry.
struct RpcMetrics {
  CounterFamily& started;
  CounterFamily& handled;
  HistogramFamily& seconds;
  CounterFamily& received;
  CounterFamily& sent;

  static RpcMetrics& Get() {
    static RpcMetrics* metrics = [] {
      MetricsRegistry& r = MetricsRegistry::Default();
      std::vector<std::string> labels = {"grpc_type", "grpc_service", "grpc_method"};
      std::vector<std::string> with_code = labels;
      with_code.push_back("grpc_code");
      return new RpcMetrics{
          r.AddCounter("grpc_server_started_total", "RPCs started on the server.", labels),
          r.AddCounter("grpc_server_handled_total",
                       "RPCs completed on the server, whatever their status code.", with_code),
          r.AddHistogram("grpc_server_handling_seconds",
                         "Time from the start of an RPC to its status being sent, in seconds.",
                         labels, DefaultLatencyBuckets()),
          r.AddCounter("grpc_server_msg_received_total",
                       "Messages received on the server (one per unary request).", labels),
          r.AddCounter("grpc_server_msg_sent_total",
                       "Messages sent by the server (one per unary response).", labels)};
    }();
    return *metrics;
  }
};

// The server spans of calls in flight, by their server context.
absl::Mutex calls_mu(absl::kConstInit);
absl::flat_hash_map<const void*, TraceContext>& Calls() ABSL_EXCLUSIVE_LOCKS_REQUIRED(calls_mu) {
  static auto* calls = new absl::flat_hash_map<const void*, TraceContext>;
  return *calls;
}

absl::string_view TypeLabel(ServerRpcInfo::Type type) {
  switch (type) {
    case ServerRpcInfo::Type::UNARY:
      return "unary";
    case ServerRpcInfo::Type::CLIENT_STREAMING:
      return "client_stream";
    case ServerRpcInfo::Type::SERVER_STREAMING:
      return "server_stream";
    case ServerRpcInfo::Type::BIDI_STREAMING:
      return "bidi_stream";
  }
  return "unary";
}

class RpcObserver final : public grpc::experimental::Interceptor {
 public:
  explicit RpcObserver(ServerRpcInfo* info)
      : method_(info->method() == nullptr ? "" : info->method()),
        context_(info->server_context()),
        start_(absl::Now()),
        metrics_(RpcMetrics::Get()) {
    // "/pkg.Service/Method" -> "pkg.Service", "Method".
    absl::string_view full = method_;
    if (absl::StartsWith(full, "/")) full.remove_prefix(1);
    size_t slash = full.rfind('/');
    std::string service(slash == absl::string_view::npos ? "" : full.substr(0, slash));
    std::string method(slash == absl::string_view::npos ? full : full.substr(slash + 1));
    labels_ = {std::string(TypeLabel(info->type())), std::move(service), std::move(method)};
    metrics_.started.WithLabels(labels_).Increment();
    trace_ = TraceContext::NewRoot();
  }

  ~RpcObserver() override {
    if (!finished_) Finish(grpc::StatusCode::CANCELLED, "");
    absl::MutexLock lock(&calls_mu);
    Calls().erase(context_);
  }

  void Intercept(grpc::experimental::InterceptorBatchMethods* methods) override {
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::POST_RECV_INITIAL_METADATA)) {
      StartTrace(methods->GetRecvInitialMetadata());
    }
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::POST_RECV_MESSAGE) &&
        methods->GetRecvMessage() != nullptr) {
      if (received_ == nullptr) received_ = &metrics_.received.WithLabels(labels_);
      received_->Increment();
    }
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::PRE_SEND_MESSAGE)) {
      if (sent_ == nullptr) sent_ = &metrics_.sent.WithLabels(labels_);
      sent_->Increment();
    }
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::PRE_SEND_STATUS)) {
      grpc::Status status = methods->GetSendStatus();
      if (context_ != nullptr) peer_ = context_->peer();
      Finish(status.error_code(), status.error_message());
    }
    methods->Proceed();
  }

 private:
  // Continues the caller's trace (a new span in it) or keeps the new root.
  void StartTrace(std::multimap<grpc::string_ref, grpc::string_ref>* metadata) {
    if (metadata != nullptr) {
      auto it = metadata->find(kTraceparentKey);
      if (it != metadata->end()) {
        std::optional<TraceContext> parent =
            TraceContext::ParseTraceparent(absl::string_view(it->second.data(), it->second.size()));
        if (parent.has_value()) {
          parent_span_id_ = parent->span_id;
          trace_ = parent->NewChild();
        }
      }
    }
    absl::MutexLock lock(&calls_mu);
    Calls()[context_] = trace_;
  }

  void Finish(grpc::StatusCode code, const std::string& message) {
    finished_ = true;
    absl::Time end = absl::Now();
    metrics_.handled.WithLabels({labels_[0], labels_[1], labels_[2], std::string(GoCodeName(code))})
        .Increment();
    metrics_.seconds.WithLabels(labels_).Observe(absl::ToDoubleSeconds(end - start_));

    ScopedTrace scope(trace_);
    LogLevel level = LogLevel::kInfo;
    if (absl::StartsWith(method_, "/grpc.health.v1.Health/") ||
        absl::StartsWith(method_, "/grpc.reflection.")) {
      level = LogLevel::kDebug;
    } else if (code == grpc::StatusCode::INTERNAL || code == grpc::StatusCode::UNKNOWN ||
               code == grpc::StatusCode::DATA_LOSS) {
      level = LogLevel::kWarning;
    }
    double latency_ms = absl::ToDoubleMilliseconds(end - start_);
    if (code == grpc::StatusCode::OK) {
      Log(level, "rpc",
          {{"method", method_},
           {"code", CodeName(code)},
           {"latency_ms", latency_ms},
           {"peer", peer_}});
    } else {
      Log(level, "rpc",
          {{"method", method_},
           {"code", CodeName(code)},
           {"latency_ms", latency_ms},
           {"peer", peer_},
           {"error", message}});
    }

    if (!SpansEnabled()) return;
    Span span;
    span.context = trace_;
    span.parent_span_id = parent_span_id_;
    span.name = absl::StrCat(labels_[1], "/", labels_[2]);
    span.kind = Span::Kind::kServer;
    span.start = start_;
    span.end = end;
    span.error = code != grpc::StatusCode::OK;
    span.status_message = message;
    span.string_attributes = {
        {"rpc.system", "grpc"}, {"rpc.service", labels_[1]}, {"rpc.method", labels_[2]}};
    if (!peer_.empty()) span.string_attributes.push_back({"net.sock.peer.addr", peer_});
    span.int_attributes = {{"rpc.grpc.status_code", static_cast<int64_t>(code)}};
    RecordSpan(std::move(span));
  }

  const std::string method_;
  grpc::ServerContextBase* const context_;
  const absl::Time start_;
  RpcMetrics& metrics_;
  std::vector<std::string> labels_;  // grpc_type, grpc_service, grpc_method
  // This call's message counters, looked up (under their family's lock) at
  // its first message rather than at every message of a stream.
  Counter* received_ = nullptr;
  Counter* sent_ = nullptr;
  TraceContext trace_;
  std::array<uint8_t, 8> parent_span_id_{};
  std::string peer_;  // Known once the status is about to be sent.
  bool finished_ = false;
};

}  // namespace

grpc::experimental::Interceptor* RpcObserverFactory::CreateServerInterceptor(ServerRpcInfo* info) {
  return new RpcObserver(info);
}

std::optional<TraceContext> TraceOfCall(const grpc::ServerContextBase* context) {
  absl::MutexLock lock(&calls_mu);
  auto it = Calls().find(context);
  if (it == Calls().end()) return std::nullopt;
  return it->second;
}

ScopedCallTrace::ScopedCallTrace(const grpc::ServerContextBase* context) {
  std::optional<TraceContext> trace = TraceOfCall(context);
  if (trace.has_value()) scope_.emplace(*trace);
}

absl::string_view GoCodeName(grpc::StatusCode code) {
  static constexpr absl::string_view kNames[] = {
      "OK",       "Canceled",       "Unknown",          "InvalidArgument",   "DeadlineExceeded",
      "NotFound", "AlreadyExists",  "PermissionDenied", "ResourceExhausted", "FailedPrecondition",
      "Aborted",  "OutOfRange",     "Unimplemented",    "Internal",          "Unavailable",
      "DataLoss", "Unauthenticated"};
  int index = static_cast<int>(code);
  if (index < 0 || index >= static_cast<int>(std::size(kNames))) return "Unknown";
  return kNames[index];
}

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

}  // namespace readout::common
