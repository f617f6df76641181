// Client spans and trace propagation on outgoing calls (see client_span.h).
#include "common/server/client_span.h"

#include <utility>

#include "absl/time/clock.h"

namespace readout::common {

ClientSpan::ClientSpan(const TraceContext& parent, std::string name)
    : name_(std::move(name)), start_(absl::Now()) {
  if (parent.valid()) {
    context_ = parent.NewChild();
    parent_span_id_ = parent.span_id;
  } else {
    context_ = TraceContext::NewRoot();
  }
}

void ClientSpan::Inject(grpc::ClientContext* context) const {
  context->AddMetadata(kTraceparentKey, context_.ToTraceparent());
}

void ClientSpan::End(const grpc::Status& status) {
  if (!SpansEnabled()) return;
  Span span;
  span.context = context_;
  span.parent_span_id = parent_span_id_;
  span.name = name_;
  span.kind = Span::Kind::kClient;
  span.start = start_;
  span.end = absl::Now();
  span.error = !status.ok();
  span.status_message = status.error_message();
  size_t slash = name_.rfind('/');
  span.string_attributes = {{"rpc.system", "grpc"},
                            {"rpc.service", name_.substr(0, slash)},
                            {"rpc.method", name_.substr(slash + 1)}};
  span.int_attributes = {{"rpc.grpc.status_code", static_cast<int64_t>(status.error_code())}};
  RecordSpan(std::move(span));
}

}  // namespace readout::common
