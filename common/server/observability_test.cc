// Tests of what a GrpcServer records about the calls it serves, over real
// channels: Prometheus counters on its /metrics endpoint (scraped over
// HTTP), the caller's traceparent continued in the handler and its log
// lines, and spans delivered to an OTLP receiver (a real gRPC server
// implementing the collector's TraceService).
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "common/server/client_span.h"
#include "common/server/grpc_server.h"
#include "common/server/logging.h"
#include "common/server/rpc_observer.h"
#include "gmock/gmock.h"
#include "grpc/grpc.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "grpcpp/grpcpp.h"
#include "gtest/gtest.h"
#include "httplib.h"
#include "opentelemetry/proto/collector/trace/v1/trace_service.grpc.pb.h"

namespace readout::common {
namespace {

namespace otlp = opentelemetry::proto::collector::trace::v1;
using grpc::health::v1::Health;
using grpc::health::v1::HealthCheckRequest;
using grpc::health::v1::HealthCheckResponse;
using ::testing::HasSubstr;

constexpr char kTraceparent[] = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
constexpr char kTraceId[] = "4bf92f3577b34da6a3ce929d0e0e4736";

ServerConfig TestConfig() {
  ServerConfig config;
  config.listen_address = "127.0.0.1:0";
  config.threads = 2;
  config.shutdown_grace = absl::Seconds(5);
  return config;
}

std::chrono::system_clock::time_point Deadline() {
  return std::chrono::system_clock::now() + std::chrono::seconds(10);
}

std::string Scrape(const std::string& address, int* status = nullptr) {
  std::vector<std::string> host_port = absl::StrSplit(address, ':');
  int port = 0;
  EXPECT_TRUE(absl::SimpleAtoi(host_port.back(), &port));
  httplib::Client client(host_port.front(), port);
  client.set_connection_timeout(5);
  client.set_read_timeout(5);
  httplib::Result result = client.Get("/metrics");
  if (!result) {
    ADD_FAILURE() << "scrape of " << address << " failed";
    return "";
  }
  if (status != nullptr) *status = result->status;
  EXPECT_THAT(result->get_header_value("Content-Type"), HasSubstr("version=0.0.4"));
  return result->body;
}

// The value of the sample `series` (name and labels as rendered), or -1.
double Sample(const std::string& text, const std::string& series) {
  for (absl::string_view line : absl::StrSplit(text, '\n')) {
    if (absl::StartsWith(line, series + " ")) {
      double value;
      if (absl::SimpleAtod(line.substr(series.size() + 1), &value)) return value;
    }
  }
  return -1;
}

double Value(const std::string& text, const std::string& series) {
  double v = Sample(text, series);
  return v < 0 ? 0 : v;
}

TEST(MetricsEndpointTest, CountersMoveWithCalls) {
  ServerConfig config = TestConfig();
  config.metrics_listen = "127.0.0.1:0";
  auto server = GrpcServer::Start(config, {});
  ASSERT_TRUE(server.ok()) << server.status();
  ASSERT_FALSE((*server)->metrics_address().empty());
  const std::string labels =
      "grpc_type=\"unary\",grpc_service=\"grpc.health.v1.Health\",grpc_method=\"Check\"";
  std::string before = Scrape((*server)->metrics_address());

  auto stub = Health::NewStub(
      grpc::CreateChannel((*server)->address(), grpc::InsecureChannelCredentials()));
  for (const char* service : {"", "", "no.such.Service"}) {
    grpc::ClientContext context;
    context.set_deadline(Deadline());
    HealthCheckRequest request;
    request.set_service(service);
    HealthCheckResponse response;
    (void)stub->Check(&context, request, &response);
  }
  int status = 0;
  std::string after = Scrape((*server)->metrics_address(), &status);
  EXPECT_EQ(status, 200);
  auto moved = [&](const std::string& series) {
    return Value(after, series) - Value(before, series);
  };
  EXPECT_EQ(moved("grpc_server_started_total{" + labels + "}"), 3);
  EXPECT_EQ(moved("grpc_server_handled_total{" + labels + ",grpc_code=\"OK\"}"), 2);
  EXPECT_EQ(moved("grpc_server_handled_total{" + labels + ",grpc_code=\"NotFound\"}"), 1);
  EXPECT_EQ(moved("grpc_server_handling_seconds_count{" + labels + "}"), 3);
  EXPECT_EQ(moved("grpc_server_msg_received_total{" + labels + "}"), 3);
  EXPECT_THAT(after, HasSubstr("# TYPE grpc_server_handling_seconds histogram\n"));
  EXPECT_THAT(after, HasSubstr("grpc_server_handling_seconds_bucket{" + labels + ",le=\"+Inf\"}"));
  (*server)->Shutdown();
}

TEST(MetricsEndpointTest, TakenMetricsPortFailsTheStart) {
  ServerConfig config = TestConfig();
  config.metrics_listen = "127.0.0.1:0";
  auto first = GrpcServer::Start(config, {});
  ASSERT_TRUE(first.ok());
  config.metrics_listen = (*first)->metrics_address();
  auto second = GrpcServer::Start(config, {});
  EXPECT_EQ(second.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_THAT(std::string(second.status().message()), HasSubstr("cannot serve metrics"));
  config.metrics_listen = "no-port";
  EXPECT_EQ(GrpcServer::Start(config, {}).status().code(), absl::StatusCode::kInvalidArgument);
}

// An OTLP receiver: keeps every span exported to it.
class Receiver final : public otlp::TraceService::CallbackService {
 public:
  grpc::ServerUnaryReactor* Export(grpc::CallbackServerContext* context,
                                   const otlp::ExportTraceServiceRequest* request,
                                   otlp::ExportTraceServiceResponse*) override {
    {
      absl::MutexLock lock(&mu_);
      for (const auto& resource : request->resource_spans()) {
        std::string service;
        for (const auto& attribute : resource.resource().attributes()) {
          if (attribute.key() == "service.name") service = attribute.value().string_value();
        }
        for (const auto& scope : resource.scope_spans()) {
          for (const auto& span : scope.spans()) spans_.push_back({service, span});
        }
      }
    }
    auto* reactor = context->DefaultReactor();
    reactor->Finish(grpc::Status::OK);
    return reactor;
  }

  std::vector<std::pair<std::string, opentelemetry::proto::trace::v1::Span>> spans() {
    absl::MutexLock lock(&mu_);
    return spans_;
  }

 private:
  absl::Mutex mu_;
  std::vector<std::pair<std::string, opentelemetry::proto::trace::v1::Span>> spans_
      ABSL_GUARDED_BY(mu_);
};

// A service under observation (it happens to speak TraceService too): its
// handler notes the call's trace and logs a line inside it.
class Traced final : public otlp::TraceService::CallbackService {
 public:
  grpc::ServerUnaryReactor* Export(grpc::CallbackServerContext* context,
                                   const otlp::ExportTraceServiceRequest*,
                                   otlp::ExportTraceServiceResponse*) override {
    ScopedCallTrace scope(context);
    Log(LogLevel::kInfo, "handler_line");
    {
      absl::MutexLock lock(&mu_);
      seen_ = TraceOfCall(context);
    }
    auto* reactor = context->DefaultReactor();
    reactor->Finish(grpc::Status(grpc::StatusCode::DATA_LOSS, "made up for the test"));
    return reactor;
  }

  std::optional<TraceContext> seen() {
    absl::MutexLock lock(&mu_);
    return seen_;
  }

 private:
  absl::Mutex mu_;
  std::optional<TraceContext> seen_ ABSL_GUARDED_BY(mu_);
};

std::string Hex(const std::string& bytes) {
  std::string out;
  for (unsigned char c : bytes) absl::StrAppend(&out, absl::Hex(c, absl::kZeroPad2));
  return out;
}

TEST(TracingTest, TraceparentContinuesIntoHandlerLogsAndExportedSpans) {
  Receiver receiver;
  auto collector = GrpcServer::Start(TestConfig(), {{&receiver, "collector"}});
  ASSERT_TRUE(collector.ok());

  std::vector<std::string> lines;
  absl::Mutex lines_mu;
  SetLogSinkForTesting([&](absl::string_view line) {
    absl::MutexLock lock(&lines_mu);
    lines.emplace_back(line);
  });
  Traced traced;
  ServerConfig config = TestConfig();
  config.otlp_endpoint = "http://" + (*collector)->address();
  config.service_name = "traced-test";
  auto server = GrpcServer::Start(config, {{&traced, "traced"}});
  ASSERT_TRUE(server.ok()) << server.status();

  auto stub = otlp::TraceService::NewStub(
      grpc::CreateChannel((*server)->address(), grpc::InsecureChannelCredentials()));
  // One call continuing kTraceparent, one from a ClientSpan (as a service
  // calling another does), one with a malformed traceparent (a new trace).
  otlp::ExportTraceServiceRequest request;
  otlp::ExportTraceServiceResponse response;
  {
    grpc::ClientContext context;
    context.set_deadline(Deadline());
    context.AddMetadata("traceparent", kTraceparent);
    EXPECT_EQ(stub->Export(&context, request, &response).error_code(), grpc::StatusCode::DATA_LOSS);
  }
  std::optional<TraceContext> first = traced.seen();
  ASSERT_TRUE(first.has_value());
  EXPECT_EQ(first->TraceIdHex(), kTraceId);
  EXPECT_NE(first->SpanIdHex(), "00f067aa0ba902b7");  // the server's own span

  ClientSpan client(*TraceContext::ParseTraceparent(kTraceparent), "test.Caller/Call");
  {
    grpc::ClientContext context;
    context.set_deadline(Deadline());
    client.Inject(&context);
    grpc::Status status = stub->Export(&context, request, &response);
    client.End(status);
  }
  std::optional<TraceContext> second = traced.seen();
  ASSERT_TRUE(second.has_value());
  EXPECT_EQ(second->TraceIdHex(), kTraceId);

  {
    grpc::ClientContext context;
    context.set_deadline(Deadline());
    context.AddMetadata("traceparent", "00-not-a-trace");
    (void)stub->Export(&context, request, &response);
  }
  std::optional<TraceContext> third = traced.seen();
  ASSERT_TRUE(third.has_value());
  EXPECT_NE(third->TraceIdHex(), kTraceId);
  EXPECT_TRUE(third->valid());

  (*server)->Shutdown();  // flushes the exporter
  SetLogSinkForTesting(nullptr);
  SetSpanSink(nullptr);

  {
    absl::MutexLock lock(&lines_mu);
    int handler_lines = 0, rpc_lines = 0;
    for (const std::string& line : lines) {
      if (line.find("event=handler_line") != std::string::npos &&
          line.find(absl::StrCat("trace_id=", kTraceId, " span_id=", first->SpanIdHex())) !=
              std::string::npos) {
        ++handler_lines;
      }
      if (line.find("event=rpc") != std::string::npos &&
          line.find("code=DATA_LOSS") != std::string::npos &&
          line.find(absl::StrCat("trace_id=", kTraceId)) != std::string::npos) {
        ++rpc_lines;
      }
    }
    EXPECT_EQ(handler_lines, 1);
    EXPECT_EQ(rpc_lines, 2);
  }

  auto spans = receiver.spans();
  int server_spans = 0;
  bool client_seen = false;
  for (const auto& [service, span] : spans) {
    if (span.kind() == opentelemetry::proto::trace::v1::Span::SPAN_KIND_CLIENT) {
      // The ClientSpan was recorded through this process's sink too.
      client_seen = Hex(span.span_id()) == client.context().SpanIdHex();
      continue;
    }
    EXPECT_EQ(service, "traced-test");
    EXPECT_EQ(span.name(), "opentelemetry.proto.collector.trace.v1.TraceService/Export");
    EXPECT_EQ(span.status().code(), opentelemetry::proto::trace::v1::Status::STATUS_CODE_ERROR);
    if (Hex(span.span_id()) == first->SpanIdHex()) {
      EXPECT_EQ(Hex(span.trace_id()), kTraceId);
      EXPECT_EQ(Hex(span.parent_span_id()), "00f067aa0ba902b7");
      EXPECT_GE(span.end_time_unix_nano(), span.start_time_unix_nano());
      ++server_spans;
    } else if (Hex(span.span_id()) == second->SpanIdHex()) {
      EXPECT_EQ(Hex(span.parent_span_id()), client.context().SpanIdHex());
      ++server_spans;
    } else if (Hex(span.span_id()) == third->SpanIdHex()) {
      EXPECT_TRUE(span.parent_span_id().empty());
      ++server_spans;
    }
  }
  EXPECT_EQ(server_spans, 3);
  EXPECT_TRUE(client_seen);
  (*collector)->Shutdown();
}

// When gRPC's last user goes away inside gRPC's own machinery (here, after a
// failed connection), gRPC shuts down on a detached thread of its own that
// joins its executor threads. Waits (bounded) for that to finish, so that
// the test process does not exit while those threads are still being
// joined, which ThreadSanitizer rightly reports as leaked threads.
void WaitForGrpcShutdown() {
  for (int i = 0; i < 500 && grpc_is_initialized(); ++i) {
    absl::SleepFor(absl::Milliseconds(10));
  }
}

TEST(TracingTest, ExporterCountsSpansItCannotDeliver) {
  std::string before = MetricsRegistry::Default().Render();
  {
    // Nothing listens on the endpoint: the batch fails and is counted.
    OtlpSpanExporter exporter({.endpoint = "127.0.0.1:1",
                               .service_name = "t",
                               .export_timeout = absl::Milliseconds(200)});
    Span span;
    span.context = TraceContext::NewRoot();
    span.name = "x/y";
    exporter.Export(span);
    exporter.Shutdown();
    exporter.Export(span);  // after shutdown: dropped
  }
  WaitForGrpcShutdown();
  std::string after = MetricsRegistry::Default().Render();
  auto moved = [&](const std::string& series) {
    return Value(after, series) - Value(before, series);
  };
  EXPECT_EQ(moved("readout_trace_spans_dropped_total{reason=\"export_failed\"}"), 1);
  EXPECT_EQ(moved("readout_trace_spans_dropped_total{reason=\"queue_full\"}"), 1);
  EXPECT_FALSE(OtlpSpanExporter::Validate({.endpoint = ""}).ok());
  EXPECT_FALSE(OtlpSpanExporter::Validate({.endpoint = "https://c:4317"}).ok());
}

}  // namespace
}  // namespace readout::common
