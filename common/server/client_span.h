// ClientSpan: the client side of a call one readout service makes to
// another. It is a child of the trace current on the calling thread (the
// call being served) or of a given context, sends its own context as the
// W3C `traceparent` metadata so the callee's server span continues the
// trace, and is recorded (trace.h) when the call ends.
//
//   ClientSpan span(parent, "readout.v1.CatalogService/CreateDocument");
//   span.Inject(&client_context);
//   ... the call ...
//   span.End(status);
//
// Thread-safety: one span per call; End may run on another thread than the
// constructor.
#ifndef READOUT_COMMON_SERVER_CLIENT_SPAN_H_
#define READOUT_COMMON_SERVER_CLIENT_SPAN_H_

#include <string>

#include "absl/time/time.h"
#include "common/server/trace.h"
#include "grpcpp/client_context.h"
#include "grpcpp/support/status.h"

namespace readout::common {

class ClientSpan {
 public:
  // A child of `parent` when it is valid, else a new trace.
  ClientSpan(const TraceContext& parent, std::string name);

  // Adds `traceparent` to the outgoing call's metadata.
  void Inject(grpc::ClientContext* context) const;
  // Records the span with the call's outcome. Call once.
  void End(const grpc::Status& status);

  const TraceContext& context() const { return context_; }

 private:
  TraceContext context_;
  std::array<uint8_t, 8> parent_span_id_{};
  std::string name_;
  absl::Time start_;
};

}  // namespace readout::common

#endif  // READOUT_COMMON_SERVER_CLIENT_SPAN_H_
