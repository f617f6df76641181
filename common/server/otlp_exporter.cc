// Batched OTLP/gRPC span export (see otlp_exporter.h).
#include "common/server/otlp_exporter.h"

#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/server/logging.h"
#include "common/server/metrics.h"

namespace readout::common {
namespace {

namespace otlp_collector = opentelemetry::proto::collector::trace::v1;
namespace otlp_trace = opentelemetry::proto::trace::v1;
namespace otlp_common = opentelemetry::proto::common::v1;

struct ExporterMetrics {
  Counter& exported;
  Counter& dropped_queue_full;
  Counter& dropped_export_failed;

  static ExporterMetrics& Get() {
    static ExporterMetrics* metrics = [] {
      MetricsRegistry& r = MetricsRegistry::Default();
      CounterFamily& dropped =
          r.AddCounter("readout_trace_spans_dropped_total",
                       "Spans not delivered to the OTLP collector, by reason.", {"reason"});
      return new ExporterMetrics{
          r.AddCounter("readout_trace_spans_exported_total", "Spans the OTLP collector accepted.")
              .Get(),
          dropped.WithLabels({"queue_full"}), dropped.WithLabels({"export_failed"})};
    }();
    return *metrics;
  }
};

std::string Bytes(const uint8_t* data, size_t size) {
  return std::string(reinterpret_cast<const char*>(data), size);
}

uint64_t UnixNanos(absl::Time t) { return static_cast<uint64_t>(absl::ToUnixNanos(t)); }

otlp_trace::Span::SpanKind KindOf(Span::Kind kind) {
  switch (kind) {
    case Span::Kind::kServer:
      return otlp_trace::Span::SPAN_KIND_SERVER;
    case Span::Kind::kClient:
      return otlp_trace::Span::SPAN_KIND_CLIENT;
    case Span::Kind::kInternal:
      return otlp_trace::Span::SPAN_KIND_INTERNAL;
  }
  return otlp_trace::Span::SPAN_KIND_INTERNAL;
}

}  // namespace

absl::Status OtlpSpanExporter::Validate(const OtlpExporterOptions& options) {
  if (options.endpoint.empty() || options.endpoint == "http://") {
    return absl::InvalidArgumentError("the OTLP endpoint is empty");
  }
  if (absl::StartsWith(options.endpoint, "https://")) {
    return absl::InvalidArgumentError(
        "the OTLP endpoint must be plaintext gRPC (host:port or http://host:port); TLS to the "
        "collector is not supported");
  }
  if (options.max_batch_spans == 0 || options.max_queued_spans == 0) {
    return absl::InvalidArgumentError("OTLP queue and batch sizes must be positive");
  }
  return absl::OkStatus();
}

OtlpSpanExporter::OtlpSpanExporter(OtlpExporterOptions options) : options_(std::move(options)) {
  std::string target = options_.endpoint;
  if (absl::StartsWith(target, "http://")) target = target.substr(7);
  while (!target.empty() && target.back() == '/') target.pop_back();
  stub_ = otlp_collector::TraceService::NewStub(
      grpc::CreateChannel(target, grpc::InsecureChannelCredentials()));
  ExporterMetrics::Get();  // The series exist (at zero) before the first span.
  thread_ = std::thread([this] { Loop(); });
  Log(LogLevel::kInfo, "otlp_export_configured",
      {{"endpoint", target}, {"service_name", options_.service_name}});
}

OtlpSpanExporter::~OtlpSpanExporter() { Shutdown(); }

void OtlpSpanExporter::Export(Span span) {
  absl::MutexLock lock(&mu_);
  if (stopping_ || queue_.size() >= options_.max_queued_spans) {
    ExporterMetrics::Get().dropped_queue_full.Increment();
    return;
  }
  queue_.push_back(std::move(span));
}

void OtlpSpanExporter::Shutdown() {
  {
    absl::MutexLock lock(&mu_);
    if (stopping_) return;
    stopping_ = true;
  }
  if (thread_.joinable()) thread_.join();
}

void OtlpSpanExporter::Loop() {
  while (true) {
    std::vector<Span> batch;
    bool stop;
    {
      absl::MutexLock lock(&mu_);
      auto ready = [this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
        return stopping_ || queue_.size() >= options_.max_batch_spans;
      };
      mu_.AwaitWithTimeout(absl::Condition(&ready), options_.flush_interval);
      stop = stopping_;
      while (!queue_.empty() && batch.size() < options_.max_batch_spans) {
        batch.push_back(std::move(queue_.front()));
        queue_.pop_front();
      }
      // On shutdown, drain the whole queue in batches.
      if (stop && !queue_.empty()) stop = false;
    }
    if (!batch.empty()) Send(std::move(batch));
    if (stop) return;
  }
}

void OtlpSpanExporter::Send(std::vector<Span> batch) {
  otlp_collector::ExportTraceServiceRequest request = MakeRequest(batch, options_.service_name);
  otlp_collector::ExportTraceServiceResponse response;
  grpc::ClientContext context;
  context.set_deadline(absl::ToChronoTime(absl::Now() + options_.export_timeout));
  grpc::Status status = stub_->Export(&context, request, &response);
  ExporterMetrics& metrics = ExporterMetrics::Get();
  if (!status.ok()) {
    metrics.dropped_export_failed.Increment(static_cast<double>(batch.size()));
    absl::Time now = absl::Now();
    if (now - last_failure_log_ >= absl::Minutes(1)) {
      last_failure_log_ = now;
      Log(LogLevel::kWarning, "otlp_export_failed",
          {{"endpoint", options_.endpoint},
           {"spans", batch.size()},
           {"error", absl::StrCat(status.error_code(), ": ", status.error_message())}});
    }
    return;
  }
  int64_t rejected = response.partial_success().rejected_spans();
  if (rejected > 0) metrics.dropped_export_failed.Increment(static_cast<double>(rejected));
  metrics.exported.Increment(static_cast<double>(static_cast<int64_t>(batch.size()) - rejected));
}

otlp_collector::ExportTraceServiceRequest OtlpSpanExporter::MakeRequest(
    const std::vector<Span>& spans, const std::string& service_name) {
  otlp_collector::ExportTraceServiceRequest request;
  otlp_trace::ResourceSpans* resource_spans = request.add_resource_spans();
  otlp_common::KeyValue* service = resource_spans->mutable_resource()->add_attributes();
  service->set_key("service.name");
  service->mutable_value()->set_string_value(service_name);
  otlp_trace::ScopeSpans* scope_spans = resource_spans->add_scope_spans();
  scope_spans->mutable_scope()->set_name("readout");
  bool root = true;
  for (const Span& span : spans) {
    otlp_trace::Span* out = scope_spans->add_spans();
    out->set_trace_id(Bytes(span.context.trace_id.data(), span.context.trace_id.size()));
    out->set_span_id(Bytes(span.context.span_id.data(), span.context.span_id.size()));
    root = true;
    for (uint8_t b : span.parent_span_id) root = root && b == 0;
    if (!root) out->set_parent_span_id(Bytes(span.parent_span_id.data(), 8));
    out->set_name(span.name);
    out->set_kind(KindOf(span.kind));
    out->set_start_time_unix_nano(UnixNanos(span.start));
    out->set_end_time_unix_nano(UnixNanos(span.end));
    for (const auto& [key, value] : span.string_attributes) {
      otlp_common::KeyValue* attribute = out->add_attributes();
      attribute->set_key(key);
      attribute->mutable_value()->set_string_value(value);
    }
    for (const auto& [key, value] : span.int_attributes) {
      otlp_common::KeyValue* attribute = out->add_attributes();
      attribute->set_key(key);
      attribute->mutable_value()->set_int_value(value);
    }
    if (span.error) {
      out->mutable_status()->set_code(otlp_trace::Status::STATUS_CODE_ERROR);
      out->mutable_status()->set_message(span.status_message);
    }
  }
  return request;
}

}  // namespace readout::common
