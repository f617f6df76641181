// CatalogService over loopback gRPC, against a catalog pre-filled with
// $READOUT_BENCH_DOCS synthetic documents (default 100000; test_records.h)
// in a temporary directory on the local disk:
//   BM_GetDocument/threads:T        point reads; p50_us, p99_us, items/s (QPS)
//   BM_CreateDocument/threads:T     durable creates (fsync'd, group commit);
//                                   items_per_second = creates/s
//   BM_StoreCreate/threads:T        the same on the store alone (no gRPC)
//   BM_ListWithFilter/F             ListDocuments (page 50) with filter F;
//                                   p50_us, p99_us
//   BM_Search/Q                     SearchDocuments (page 20) for query Q
// The server runs in this process on 127.0.0.1:0; per-RPC logs are silenced.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <future>
#include <memory>
#include <string>
#include <vector>

#include "benchmark/benchmark.h"
#include "catalog-service/catalog.h"
#include "catalog-service/catalog_service_impl.h"
#include "catalog-service/sqlite_store.h"
#include "catalog-service/temp_dir.h"
#include "catalog-service/test_records.h"
#include "common/server/grpc_server.h"
#include "common/server/logging.h"
#include "grpcpp/grpcpp.h"
#include "readout/v1/catalog_service.grpc.pb.h"

namespace readout::bench {
namespace {

using catalog::testing::MakeNumberedExtraction;

int64_t DocCount() {
  const char* env = std::getenv("READOUT_BENCH_DOCS");
  return env != nullptr ? std::max<int64_t>(1, std::atoll(env)) : 100000;
}

// One catalog and server for the whole program.
struct Fixture {
  Fixture() {
    common::SetMinLogLevel(common::LogLevel::kWarning);
    catalog::SqliteStoreOptions options;
    options.data_dir = dir.path();
    auto opened = catalog::SqliteStore::Open(options);
    if (!opened.ok()) std::abort();
    store = std::move(*opened);
    docs = DocCount();
    for (int64_t start = 0; start < docs; start += 1000) {
      std::vector<catalog::NewDocument> batch;
      for (int64_t n = start; n < std::min(docs, start + 1000); ++n) {
        v1::Extraction x = MakeNumberedExtraction(n);
        batch.push_back(catalog::NewDocument{x.document().content_hash(), std::move(x)});
      }
      std::promise<bool> done;
      store->Create(std::move(batch), "", [&](absl::StatusOr<v1::BatchCreateDocumentsResponse> r) {
        done.set_value(r.ok());
      });
      if (!done.get_future().get()) std::abort();
    }
    catalog_logic = std::make_unique<catalog::Catalog>(store.get());
    service = std::make_unique<catalog::CatalogServiceImpl>(catalog_logic.get(),
                                                            catalog::CatalogServiceOptions{});
    common::ServerConfig config;
    config.listen_address = "127.0.0.1:0";
    config.shutdown_grace = absl::Seconds(2);
    auto started = common::GrpcServer::Start(
        config, {{service.get(), v1::CatalogService::service_full_name()}});
    if (!started.ok()) std::abort();
    server = std::move(*started);
  }
  catalog::testing::TempDir dir;
  std::unique_ptr<catalog::SqliteStore> store;
  std::unique_ptr<catalog::Catalog> catalog_logic;
  std::unique_ptr<catalog::CatalogServiceImpl> service;
  std::unique_ptr<common::GrpcServer> server;
  int64_t docs = 0;
  std::atomic<int64_t> next_new{1000000000};
};

Fixture* fixture = nullptr;  // Created on first use, destroyed in main.

Fixture& GetFixture() {
  static Fixture* created = fixture = new Fixture();
  return *created;
}

std::unique_ptr<v1::CatalogService::Stub> NewStub() {
  grpc::ChannelArguments args;
  args.SetInt("grpc.use_local_subchannel_pool", 1);  // A connection per client.
  return v1::CatalogService::NewStub(grpc::CreateCustomChannel(
      GetFixture().server->address(), grpc::InsecureChannelCredentials(), args));
}

double Percentile(std::vector<double>& v, double p) {
  if (v.empty()) return 0;
  size_t k = static_cast<size_t>(p * static_cast<double>(v.size() - 1));
  std::nth_element(v.begin(), v.begin() + static_cast<ptrdiff_t>(k), v.end());
  return v[k];
}

// Times `call` per iteration and reports latency percentiles and items/s.
template <typename Call>
void Measure(benchmark::State& state, Call call) {
  std::vector<double> latencies_us;
  latencies_us.reserve(1 << 16);
  int64_t i = 0;
  for (auto _ : state) {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
    auto start = std::chrono::steady_clock::now();
    grpc::Status status = call(&context, i++);
    auto end = std::chrono::steady_clock::now();
    if (!status.ok()) {
      state.SkipWithError(status.error_message().c_str());
      break;
    }
    latencies_us.push_back(std::chrono::duration<double, std::micro>(end - start).count());
  }
  state.SetItemsProcessed(state.iterations());
  state.counters["p50_us"] =
      benchmark::Counter(Percentile(latencies_us, 0.50), benchmark::Counter::kAvgThreads);
  state.counters["p99_us"] =
      benchmark::Counter(Percentile(latencies_us, 0.99), benchmark::Counter::kAvgThreads);
}

void BM_GetDocument(benchmark::State& state) {
  Fixture& f = GetFixture();
  auto stub = NewStub();
  std::vector<std::string> names;
  for (int k = 0; k < 1024; ++k) {
    int64_t n = (k * 7919 + state.thread_index() * 104729) % f.docs;
    names.push_back("documents/" + MakeNumberedExtraction(n).document().content_hash());
  }
  Measure(state, [&](grpc::ClientContext* context, int64_t i) {
    v1::GetDocumentRequest request;
    request.set_name(names[i % names.size()]);
    v1::GetDocumentResponse response;
    return stub->GetDocument(context, request, &response);
  });
}
BENCHMARK(BM_GetDocument)->Threads(1)->Threads(4)->Threads(16)->UseRealTime();

void BM_CreateDocument(benchmark::State& state) {
  Fixture& f = GetFixture();
  auto stub = NewStub();
  Measure(state, [&](grpc::ClientContext* context, int64_t) {
    v1::CreateDocumentRequest request;
    *request.mutable_document()->mutable_extraction() = MakeNumberedExtraction(f.next_new++);
    v1::CreateDocumentResponse response;
    return stub->CreateDocument(context, request, &response);
  });
}
BENCHMARK(BM_CreateDocument)->Threads(1)->Threads(16)->UseRealTime()->MinTime(2.0);

// The store alone (no gRPC, no client work in the timing loop beyond
// building the record): durable creates/s the group commit sustains.
void BM_StoreCreate(benchmark::State& state) {
  Fixture& f = GetFixture();
  for (auto _ : state) {
    v1::Extraction x = MakeNumberedExtraction(f.next_new++);
    std::vector<catalog::NewDocument> docs;
    docs.push_back(catalog::NewDocument{x.document().content_hash(), std::move(x)});
    std::promise<bool> done;
    f.store->Create(std::move(docs), "", [&](absl::StatusOr<v1::BatchCreateDocumentsResponse> r) {
      done.set_value(r.ok());
    });
    if (!done.get_future().get()) {
      state.SkipWithError("create failed");
      break;
    }
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_StoreCreate)->Threads(1)->Threads(16)->UseRealTime()->MinTime(2.0);

const char* const kFilters[] = {
    "person = \"Wang Qiang\"",
    "participant.presided = \"Li Wei\" AND event_date >= 2020-01-01",
    "title:governor AND event_type = TALKS",
    "location = Riverton OR location = Lakeside",
    "organization = \"ministry of commerce\" AND NOT role = MET",
};

void BM_ListWithFilter(benchmark::State& state) {
  GetFixture();
  auto stub = NewStub();
  const char* filter = kFilters[state.range(0)];
  state.SetLabel(filter);
  Measure(state, [&](grpc::ClientContext* context, int64_t) {
    v1::ListDocumentsRequest request;
    request.set_filter(filter);
    request.set_order_by("event_date desc");
    v1::ListDocumentsResponse response;
    return stub->ListDocuments(context, request, &response);
  });
}
BENCHMARK(BM_ListWithFilter)->DenseRange(0, 4)->UseRealTime();

const char* const kQueries[] = {"agriculture", "agriculture AND Riverton", "\"discussed trade\"",
                                "innov*"};

void BM_Search(benchmark::State& state) {
  GetFixture();
  auto stub = NewStub();
  const char* query = kQueries[state.range(0)];
  state.SetLabel(query);
  Measure(state, [&](grpc::ClientContext* context, int64_t) {
    v1::SearchDocumentsRequest request;
    request.set_query(query);
    v1::SearchDocumentsResponse response;
    return stub->SearchDocuments(context, request, &response);
  });
}
BENCHMARK(BM_Search)->DenseRange(0, 3)->UseRealTime();

}  // namespace
}  // namespace readout::bench

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  // Stops the server and removes the catalog's temporary directory.
  if (readout::bench::fixture != nullptr) {
    readout::bench::fixture->server->Shutdown();
    delete readout::bench::fixture;
  }
  return 0;
}
