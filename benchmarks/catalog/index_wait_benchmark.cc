// GetDocument latency while reads wait for a query index that is held back:
// a CatalogService on 127.0.0.1:0 over a SqliteStore of 2000 synthetic
// documents whose index writes fail on demand (SqliteStoreOptions::
// index_write_fault, as on a full disk), with the GetDocument cache off so
// every get reads SQLite.
//   BM_GetDocumentWhileIndexReadsWait/waiting_lists:N
//       N = 0: the index is current, nothing waits (the reference);
//       N > 0: the index is held behind the last write and N ListDocuments
//       calls wait for it, 3x the service's 4 reader threads for N = 12.
//       Uncached gets, one synchronous client: p50_us, p99_us, items/s, and
//       lists_still_waiting (the lists waiting when the run ended: N, else
//       the gets did not run while every index read waited).
// Run: build/benchmarks/catalog/readout_index_wait_benchmark
#include <atomic>
#include <chrono>
#include <future>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "benchmark/benchmark.h"
#include "benchmarks/common/timed_calls.h"
#include "catalog-service/catalog.h"
#include "catalog-service/service/catalog_service_impl.h"
#include "catalog-service/store/sqlite/sqlite_store.h"
#include "catalog-service/testing/temp_dir.h"
#include "catalog-service/testing/test_records.h"
#include "common/server/grpc_server.h"
#include "common/server/logging.h"
#include "grpcpp/grpcpp.h"
#include "readout/v1/catalog_service.grpc.pb.h"

namespace readout {
namespace {

constexpr int kDocuments = 2000;

struct Server {
  catalog::testing::TempDir dir;
  std::atomic<bool> index_failing{false};
  std::unique_ptr<catalog::SqliteStore> store;
  std::unique_ptr<catalog::Catalog> catalog;
  std::unique_ptr<catalog::CatalogServiceImpl> service;
  std::unique_ptr<common::GrpcServer> grpc;
  std::vector<std::string> names;
  int64_t next_record = kDocuments;
  std::string error;
};

Server& GetServer() {
  static Server* server = [] {
    auto* s = new Server();
    catalog::SqliteStoreOptions options;
    options.data_dir = s->dir.path();
    options.index_wait_ms = 120000;  // Longer than any run: the lists stay waiting.
    options.index_write_fault = [s]() -> absl::Status {
      if (!s->index_failing.load()) return absl::OkStatus();
      return absl::ResourceExhaustedError("database or disk is full (benchmark)");
    };
    auto store = catalog::SqliteStore::Open(options);
    if (!store.ok()) {
      s->error = store.status().ToString();
      return s;
    }
    s->store = std::move(*store);
    s->catalog = std::make_unique<catalog::Catalog>(s->store.get());
    for (int first = 0; first < kDocuments; first += 500) {
      v1::BatchCreateDocumentsRequest batch;
      for (int n = first; n < first + 500; ++n) {
        *batch.add_requests()->mutable_document()->mutable_extraction() =
            catalog::testing::MakeNumberedExtraction(n);
      }
      auto created = s->catalog->BatchCreateDocumentsSync(batch);
      if (!created.ok()) {
        s->error = created.status().ToString();
        return s;
      }
      for (const auto& item : created->responses()) s->names.push_back(item.document().name());
    }
    catalog::CatalogServiceOptions service_options;
    service_options.reader_threads = 4;
    service_options.document_cache_bytes = 0;
    s->service = std::make_unique<catalog::CatalogServiceImpl>(s->catalog.get(), service_options);
    common::ServerConfig config;
    config.listen_address = "127.0.0.1:0";
    auto grpc = common::GrpcServer::Start(
        config, {{s->service.get(), v1::CatalogService::service_full_name()}});
    if (!grpc.ok()) {
      s->error = grpc.status().ToString();
      return s;
    }
    s->grpc = std::move(*grpc);
    return s;
  }();
  return *server;
}

// Stops the server and the store (their threads) before the process exits.
void StopServer() {
  Server& s = GetServer();
  if (s.grpc) s.grpc->Shutdown();
  s.grpc.reset();
  s.service.reset();
  s.catalog.reset();
  s.store.reset();
}

void BM_GetDocumentWhileIndexReadsWait(benchmark::State& state) {
  Server& s = GetServer();
  if (!s.error.empty()) {
    state.SkipWithError(s.error.c_str());
    return;
  }
  auto channel = grpc::CreateChannel(s.grpc->address(), grpc::InsecureChannelCredentials());
  auto stub = v1::CatalogService::NewStub(channel);
  const int waiting = static_cast<int>(state.range(0));
  std::vector<std::future<grpc::Status>> lists;
  if (waiting > 0) {
    // Hold the index behind one more write, then let the lists queue up.
    s.index_failing.store(true);
    v1::CreateDocumentRequest create;
    *create.mutable_document()->mutable_extraction() =
        catalog::testing::MakeNumberedExtraction(s.next_record++);
    v1::CreateDocumentResponse created;
    grpc::ClientContext create_context;
    if (!stub->CreateDocument(&create_context, create, &created).ok()) {
      state.SkipWithError("create failed");
      return;
    }
    for (int i = 0; i < waiting; ++i) {
      lists.push_back(std::async(std::launch::async, [&stub] {
        grpc::ClientContext context;
        context.set_deadline(std::chrono::system_clock::now() + std::chrono::minutes(5));
        v1::ListDocumentsRequest list;
        v1::ListDocumentsResponse listed;
        return stub->ListDocuments(&context, list, &listed);
      }));
    }
    for (int tries = 0; tries < 600 && s.store->IndexWaiters() < waiting; ++tries) {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
  }
  bench::TimeEachCall(state, std::chrono::seconds(30),
                      [&](grpc::ClientContext* context, int64_t i) {
                        v1::GetDocumentRequest get;
                        get.set_name(s.names[(i * 7919) % s.names.size()]);
                        v1::GetDocumentResponse got;
                        return stub->GetDocument(context, get, &got);
                      });
  state.counters["lists_still_waiting"] = s.store->IndexWaiters();
  s.index_failing.store(false);
  for (auto& list : lists) {
    if (!list.get().ok()) state.SkipWithError("a waiting list failed once released");
  }
}
BENCHMARK(BM_GetDocumentWhileIndexReadsWait)
    ->ArgName("waiting_lists")
    ->Arg(0)
    ->Arg(12)
    ->Arg(0)
    ->Arg(12)
    ->UseRealTime()
    ->MinTime(2.0);

}  // namespace
}  // namespace readout

int main(int argc, char** argv) {
  // Failed index writes are the condition measured, not news.
  readout::common::SetMinLogLevel(readout::common::LogLevel::kError);
  absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  readout::StopServer();
  return 0;
}
