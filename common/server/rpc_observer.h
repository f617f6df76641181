// What every readout server records about each RPC it handles, in one
// server interceptor (RpcObserverFactory):
//
// - metrics, named and labelled as go-grpc-prometheus names them, so the
//   usual gRPC dashboards and alerts work unchanged:
//     grpc_server_started_total{grpc_type,grpc_service,grpc_method}
//     grpc_server_handled_total{grpc_type,grpc_service,grpc_method,grpc_code}
//     grpc_server_handling_seconds{grpc_type,grpc_service,grpc_method} (histogram)
//     grpc_server_msg_received_total / grpc_server_msg_sent_total
//   grpc_code is Go's spelling of the code (OK, InvalidArgument, DataLoss).
// - a trace: the caller's W3C `traceparent` continues (else a new trace
//   starts); the call's server span is current on the threads that serve
//   it (see ScopedCallTrace), so their log lines carry trace_id and span_id;
//   the finished span goes to the span sink (trace.h).
// - one log line per finished call:
//     event=rpc method=/readout.v1.ExtractorService/Extract code=OK
//     latency_ms=0.412 peer=ipv4:127.0.0.1:53312 trace_id=... span_id=...
//   Health checks and reflection calls are logged at debug level, the rest
//   at info (warning for INTERNAL, UNKNOWN and DATA_LOSS). A call that ends
//   without the server sending a status (client cancelled, deadline) counts
//   and logs as CANCELLED.
//
// Thread-safety: the factory is stateless; one interceptor per call;
// TraceOfCall and ScopedCallTrace may be used from any thread.
#ifndef READOUT_COMMON_SERVER_RPC_OBSERVER_H_
#define READOUT_COMMON_SERVER_RPC_OBSERVER_H_

#include <optional>

#include "absl/strings/string_view.h"
#include "common/server/trace.h"
#include "grpcpp/server_context.h"
#include "grpcpp/support/server_interceptor.h"
#include "grpcpp/support/status.h"

namespace readout::common {

class RpcObserverFactory : public grpc::experimental::ServerInterceptorFactoryInterface {
 public:
  grpc::experimental::Interceptor* CreateServerInterceptor(
      grpc::experimental::ServerRpcInfo* info) override;
};

// The server span of the call `context` belongs to, from the moment the
// call's metadata arrived until it is finished; nullopt otherwise (or for
// a server without the interceptor).
std::optional<TraceContext> TraceOfCall(const grpc::ServerContextBase* context);

// Makes the trace of the call `context` belongs to current on this thread
// while it lives (nothing when the call has none). Services open one at the
// start of each handler and of each callback that works for a call.
class ScopedCallTrace {
 public:
  explicit ScopedCallTrace(const grpc::ServerContextBase* context);
  ScopedCallTrace(const ScopedCallTrace&) = delete;
  ScopedCallTrace& operator=(const ScopedCallTrace&) = delete;

 private:
  std::optional<ScopedTrace> scope_;
};

// "OK", "InvalidArgument", "DataLoss", ...: the code as Go's gRPC spells
// it, the value of the grpc_code label.
absl::string_view GoCodeName(grpc::StatusCode code);
// "OK", "INVALID_ARGUMENT", "DATA_LOSS", ...: the code's proto name, as
// log lines write it.
absl::string_view CodeName(grpc::StatusCode code);

}  // namespace readout::common

#endif  // READOUT_COMMON_SERVER_RPC_OBSERVER_H_
