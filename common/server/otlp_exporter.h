// OtlpSpanExporter: a SpanSink that sends finished spans to an OpenTelemetry
// collector over OTLP/gRPC (opentelemetry.proto.collector.trace.v1.
// TraceService/Export, protos vendored under protos/opentelemetry/).
//
// Spans are queued (at most max_queued_spans; more are dropped and counted)
// and sent in batches from one background thread: when a batch is full or
// every flush_interval. A collector that is down or slow costs the server
// nothing but the dropped spans; failures are counted and logged at most
// once a minute. Shutdown sends what is queued (bounded by export_timeout).
//
// Metrics (default registry): readout_trace_spans_exported_total,
// readout_trace_spans_dropped_total{reason="queue_full"|"export_failed"}.
//
// Thread-safety: Export may be called from any thread.
#ifndef READOUT_COMMON_SERVER_OTLP_EXPORTER_H_
#define READOUT_COMMON_SERVER_OTLP_EXPORTER_H_

#include <deque>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "common/server/trace.h"
#include "grpcpp/grpcpp.h"
#include "opentelemetry/proto/collector/trace/v1/trace_service.grpc.pb.h"

namespace readout::common {

struct OtlpExporterOptions {
  // gRPC target of the collector: "host:4317", "dns:///collector:4317"; an
  // "http://" prefix (as OTEL_EXPORTER_OTLP_ENDPOINT writes it) is dropped.
  std::string endpoint;
  // The resource's service.name ("readout-catalog").
  std::string service_name;
  size_t max_queued_spans = 4096;
  size_t max_batch_spans = 512;
  absl::Duration flush_interval = absl::Seconds(1);
  absl::Duration export_timeout = absl::Seconds(5);
};

class OtlpSpanExporter final : public SpanSink {
 public:
  // INVALID_ARGUMENT for an empty endpoint.
  static absl::Status Validate(const OtlpExporterOptions& options);
  explicit OtlpSpanExporter(OtlpExporterOptions options);
  // Shuts down (see Shutdown).
  ~OtlpSpanExporter() override;

  void Export(Span span) override;

  // Sends the spans queued so far and stops the thread; later spans are
  // dropped. Idempotent.
  void Shutdown();

  // The request that carries `spans` (exposed for tests).
  static opentelemetry::proto::collector::trace::v1::ExportTraceServiceRequest MakeRequest(
      const std::vector<Span>& spans, const std::string& service_name);

 private:
  void Loop();
  void Send(std::vector<Span> batch);

  const OtlpExporterOptions options_;
  std::unique_ptr<opentelemetry::proto::collector::trace::v1::TraceService::Stub> stub_;
  absl::Mutex mu_;
  std::deque<Span> queue_ ABSL_GUARDED_BY(mu_);
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  absl::Time last_failure_log_ = absl::InfinitePast();  // Loop thread only.
  std::thread thread_;
};

}  // namespace readout::common

#endif  // READOUT_COMMON_SERVER_OTLP_EXPORTER_H_
