// ExtractorService over loopback gRPC, with a 5 KB article (article_5k.h):
//   BM_GrpcExtract/omit_text:N/threads:T   unary Extract, T concurrent
//       clients; p50_us and p99_us latency and items_per_second (documents/s)
//   BM_GrpcStreamExtract/omit_text:N       one StreamExtract stream, writes
//       and reads pipelined; documents/s
// The server runs in this process on 127.0.0.1:0 with the real engine; its
// per-RPC logs are silenced (warning level) so they do not skew the figures.
#include <chrono>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "benchmark/benchmark.h"
#include "benchmarks/common/timed_calls.h"
#include "benchmarks/extractor/article_5k.h"
#include "common/server/grpc_server.h"
#include "common/server/logging.h"
#include "extractor-service/engine/extractor.h"
#include "extractor-service/service/extractor_service_impl.h"
#include "grpcpp/grpcpp.h"
#include "readout/v1/extractor_service.grpc.pb.h"

namespace readout::bench {
namespace {

// One server for the whole program (benchmarks run one after another).
struct Fixture {
  Fixture() {
    common::SetMinLogLevel(common::LogLevel::kWarning);
    service = std::make_unique<extractor::ExtractorServiceImpl>(
        &engine, extractor::ExtractorServiceOptions());
    common::ServerConfig config;
    config.listen_address = "127.0.0.1:0";
    config.shutdown_grace = absl::Seconds(2);
    auto started = common::GrpcServer::Start(
        config, {{service.get(), v1::ExtractorService::service_full_name()}});
    if (!started.ok()) std::abort();
    server = std::move(*started);
  }
  extractor::Extractor engine;
  std::unique_ptr<extractor::ExtractorServiceImpl> service;
  std::unique_ptr<common::GrpcServer> server;
};

Fixture& GetFixture() {
  static auto* fixture = new Fixture();
  return *fixture;
}

std::unique_ptr<v1::ExtractorService::Stub> NewStub() {
  // A channel per client thread, like independent callers.
  grpc::ChannelArguments args;
  args.SetInt("grpc.use_local_subchannel_pool", 1);
  return v1::ExtractorService::NewStub(grpc::CreateCustomChannel(
      GetFixture().server->address(), grpc::InsecureChannelCredentials(), args));
}

void BM_GrpcExtract(benchmark::State& state) {
  auto stub = NewStub();
  v1::ExtractRequest request;
  request.mutable_document()->set_text(kArticle5k);
  request.mutable_options()->set_omit_text(state.range(0) != 0);
  TimeEachCall(state, std::chrono::seconds(10), [&](grpc::ClientContext* context, int64_t) {
    v1::ExtractResponse response;
    return stub->Extract(context, request, &response);
  });
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(sizeof(kArticle5k) - 1));
}
BENCHMARK(BM_GrpcExtract)
    ->ArgName("omit_text")
    ->Arg(0)
    ->Arg(1)
    ->Threads(1)
    ->Threads(2)
    ->Threads(4)
    ->UseRealTime();

void BM_GrpcStreamExtract(benchmark::State& state) {
  auto stub = NewStub();
  v1::StreamExtractRequest request;
  request.mutable_document()->set_text(kArticle5k);
  request.mutable_options()->set_omit_text(state.range(0) != 0);
  constexpr int kBatch = 256;  // Documents per stream per iteration.
  for (auto _ : state) {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(60));
    auto stream = stub->StreamExtract(&context);
    std::thread writer([&] {
      for (int i = 0; i < kBatch; ++i) {
        if (!stream->Write(request)) break;
      }
      stream->WritesDone();
    });
    v1::StreamExtractResponse response;
    int read = 0;
    while (stream->Read(&response)) ++read;
    writer.join();
    grpc::Status status = stream->Finish();
    if (!status.ok() || read != kBatch) {
      state.SkipWithError("stream failed");
      break;
    }
  }
  state.SetItemsProcessed(state.iterations() * kBatch);
}
BENCHMARK(BM_GrpcStreamExtract)
    ->ArgName("omit_text")
    ->Arg(0)
    ->Arg(1)
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace readout::bench

BENCHMARK_MAIN();
