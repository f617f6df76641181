// CatalogService over loopback gRPC, against a catalog pre-filled with
// $READOUT_BENCH_DOCS synthetic documents (default 100000; test_records.h),
// and etcd (the reference store) in the same run:
//   BM_GetDocument/threads:1     point reads, one synchronous client: latency
//                                (p50_us, p99_us) and items/s
//   BM_VerifyStoredText/B        the check of a stored document on read
//                                (SHA-256 of a B-byte text vs its name)
//   BM_RecordChecksum/B          the SQLite store's checksum of a stored
//                                record (CRC-32 of its fields and the
//                                serialized extraction with a B-byte text)
//   BM_EtcdGet/threads:1         etcd KV/Range of one key, same payloads
//   BM_GetDocumentLoad/all_keys:K/in_flight:N
//                                throughput: one client thread on one channel
//                                keeps N gets outstanding (closed_loop.h);
//                                K=0 cycles 1024 hot keys (always cached),
//                                K=1 picks uniformly among all documents;
//                                items/s (QPS), p50_us, p99_us under load,
//                                cache_hit_ratio of the server's GetDocument
//                                cache over the run
//   BM_EtcdGetLoad/in_flight:N   the same client against etcd (1024 keys)
//   BM_CreateDocument/threads:T  durable creates (fsync'd, group commit)
//   BM_EtcdPut/threads:T         etcd KV/Put of the same serialized records
//   BM_CreateVsPutRounds/clients:T
//                                creates and puts in alternating rounds: the
//                                median, lowest and highest ratio of rounds
//                                (READOUT_BENCH_ROUNDS, default 5)
//   BM_StoreCreate/threads:T     creates on the store alone (no gRPC)
//   BM_ListWithFilter/F          ListDocuments (page 50) with filter F
//   BM_Search/Q                  SearchDocuments (page 20) for query Q
//   BM_BytesOnDisk               catalog (and etcd) bytes per document
// At exit a summary prints readout/etcd throughput ratios.
//
// The catalog is filled through the store (no gRPC) in big batches. With
// $READOUT_BENCH_CACHE set to a directory, the filled catalog is kept there
// (catalog-<docs>/) and reused by later runs; creates made by a run stay in
// it. Without it the catalog lives in a temporary directory.
// READOUT_BENCH_CHECKPOINT_COMMITS, READOUT_BENCH_WRITER_CACHE_MIB,
// READOUT_BENCH_MAX_INDEX_LAG, READOUT_BENCH_INDEX_DELAY_MS and
// READOUT_BENCH_INDEX_BATCH override the store's checkpoint_every_commits,
// writer_cache_mib, max_index_lag, index_delay_ms and index_batch. etcd runs as a
// child process (etcd_process.h); without /usr/bin/etcd its benchmarks are
// skipped with a message. The server runs in this process on 127.0.0.1:0;
// per-RPC logs are silenced.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <filesystem>
#include <fstream>
#include <functional>
#include <future>
#include <map>
#include <memory>
#include <mutex>
#include <random>
#include <string>
#include <system_error>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "benchmark/benchmark.h"
#include "benchmarks/catalog/etcd_process.h"
#include "benchmarks/common/closed_loop.h"
#include "benchmarks/common/latency.h"
#include "benchmarks/common/timed_calls.h"
#include "catalog-service/catalog.h"
#include "catalog-service/service/catalog_service_impl.h"
#include "catalog-service/store/sqlite/document_rows.h"
#include "catalog-service/store/sqlite/sqlite_store.h"
#include "catalog-service/store/stored_document.h"
#include "catalog-service/testing/temp_dir.h"
#include "catalog-service/testing/test_records.h"
#include "common/server/grpc_server.h"
#include "common/server/logging.h"
#include "common/sha256.h"
#include "etcd/kv.grpc.pb.h"
#include "grpcpp/grpcpp.h"
#include "readout/v1/catalog_service.grpc.pb.h"

namespace readout::bench {
namespace {

namespace fs = std::filesystem;
using catalog::testing::MakeNumberedExtraction;

int64_t DocCount() {
  const char* env = std::getenv("READOUT_BENCH_DOCS");
  return env != nullptr ? std::max<int64_t>(1, std::atoll(env)) : 100000;
}

// Record numbers of documents created during the run (above any fill).
constexpr int64_t kFirstNewRecord = 1000000000;

int64_t DirBytes(const std::string& dir) {
  int64_t total = 0;
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::end(it);
       it.increment(ec)) {
    if (it->is_regular_file(ec)) total += static_cast<int64_t>(it->file_size(ec));
  }
  return total;
}

// Fills `store` with records [0, docs) in transactions of kBatch documents;
// generation overlaps the writer (a few batches in flight).
void Fill(catalog::SqliteStore* store, int64_t docs) {
  constexpr int64_t kBatch = 5000;
  constexpr size_t kInFlight = 3;
  auto start = std::chrono::steady_clock::now();
  std::deque<std::future<bool>> pending;
  for (int64_t first = 0; first < docs; first += kBatch) {
    std::vector<catalog::NewDocument> batch;
    for (int64_t n = first; n < std::min(docs, first + kBatch); ++n) {
      v1::Extraction x = MakeNumberedExtraction(n);
      batch.push_back(catalog::NewDocument{x.document().content_hash(), std::move(x)});
    }
    auto done = std::make_shared<std::promise<bool>>();
    pending.push_back(done->get_future());
    store->Create(std::move(batch), "", [done](absl::StatusOr<v1::BatchCreateDocumentsResponse> r) {
      done->set_value(r.ok());
    });
    while (pending.size() >= kInFlight || (!pending.empty() && first + kBatch >= docs)) {
      if (!pending.front().get()) {
        std::fprintf(stderr, "filling the catalog failed\n");
        std::abort();
      }
      pending.pop_front();
    }
  }
  // Filled means queryable: the index has caught up with the last write.
  if (absl::Status indexed = store->WaitForIndex(); !indexed.ok()) {
    std::fprintf(stderr, "%s\n", indexed.ToString().c_str());
    std::abort();
  }
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::fprintf(stderr, "filled %lld documents in %.1f s (%.0f documents/s)\n",
               static_cast<long long>(docs), seconds, static_cast<double>(docs) / seconds);
}

// One catalog and server for the whole program.
struct Fixture {
  Fixture() {
    common::SetMinLogLevel(common::LogLevel::kWarning);
    docs = DocCount();
    const char* cache = std::getenv("READOUT_BENCH_CACHE");
    data_dir = cache != nullptr && *cache != '\0' ? absl::StrCat(cache, "/catalog-", docs)
                                                  : temp.path() + "/catalog";
    const std::string filled_marker = data_dir + "/filled";
    const bool reuse = fs::exists(filled_marker);
    if (!reuse) {
      std::error_code ec;
      fs::remove_all(data_dir, ec);
    }
    catalog::SqliteStoreOptions options;
    options.data_dir = data_dir;
    // Store tuning knobs, for comparing settings on the same catalog.
    if (const char* env = std::getenv("READOUT_BENCH_CHECKPOINT_COMMITS")) {
      options.checkpoint_every_commits = std::atoi(env);
    }
    if (const char* env = std::getenv("READOUT_BENCH_WRITER_CACHE_MIB")) {
      options.writer_cache_mib = std::atoi(env);
    }
    if (const char* env = std::getenv("READOUT_BENCH_MAX_INDEX_LAG")) {
      options.max_index_lag = std::atoi(env);
    }
    if (const char* env = std::getenv("READOUT_BENCH_INDEX_DELAY_MS")) {
      options.index_delay_ms = std::atoll(env);
    }
    if (const char* env = std::getenv("READOUT_BENCH_INDEX_BATCH")) {
      options.index_batch = std::atoi(env);
    }
    auto opened = catalog::SqliteStore::Open(options);
    if (!opened.ok()) {
      std::fprintf(stderr, "%s\n", opened.status().ToString().c_str());
      std::abort();
    }
    store = std::move(*opened);
    if (reuse) {
      // A missing or re-laid-out index is rebuilt behind Open (index reads
      // are refused meanwhile): wait for it.
      while (!store->WaitForIndex().ok()) std::this_thread::sleep_for(std::chrono::seconds(1));
      std::fprintf(stderr, "reusing the filled catalog in %s\n", data_dir.c_str());
    } else {
      Fill(store.get(), docs);
      std::ofstream(filled_marker) << docs << "\n";
    }
    catalog_logic = std::make_unique<catalog::Catalog>(store.get());
    catalog::CatalogServiceOptions service_options;
    // GetDocument cache size in MiB (default: the server's default).
    if (const char* env = std::getenv("READOUT_BENCH_DOCUMENT_CACHE_MIB")) {
      service_options.document_cache_bytes = static_cast<size_t>(std::atoll(env)) << 20;
    }
    service = std::make_unique<catalog::CatalogServiceImpl>(catalog_logic.get(), service_options);
    common::ServerConfig config;
    config.listen_address = "127.0.0.1:0";
    config.shutdown_grace = absl::Seconds(2);
    auto started = common::GrpcServer::Start(
        config, {{service.get(), v1::CatalogService::service_full_name()}});
    if (!started.ok()) std::abort();
    server = std::move(*started);
    // Creates of this run get numbers no earlier run used (cached catalogs).
    next_new = kFirstNewRecord + store->CurrentRevision();
  }
  catalog::testing::TempDir temp;
  std::string data_dir;
  std::unique_ptr<catalog::SqliteStore> store;
  std::unique_ptr<catalog::Catalog> catalog_logic;
  std::unique_ptr<catalog::CatalogServiceImpl> service;
  std::unique_ptr<common::GrpcServer> server;
  int64_t docs = 0;
  std::atomic<int64_t> next_new{kFirstNewRecord};
};

Fixture* fixture = nullptr;  // Created on first use, destroyed in main.

Fixture& GetFixture() {
  static Fixture* created = fixture = new Fixture();
  return *created;
}

// etcd with the first 1024 records (for gets) put once; null when absent.
struct EtcdFixture {
  std::unique_ptr<EtcdProcess> process;
  std::string error;
  std::atomic<int64_t> next_new{kFirstNewRecord};
  std::atomic<int64_t> puts{0};
};

EtcdFixture* etcd_fixture = nullptr;  // Destroyed in main.

grpc::ChannelArguments OwnConnection() {
  grpc::ChannelArguments args;
  args.SetInt("grpc.use_local_subchannel_pool", 1);  // A connection per client.
  return args;
}

std::string DocumentKey(int64_t n) {
  return "documents/" + MakeNumberedExtraction(n).document().content_hash();
}

EtcdFixture& GetEtcd() {
  static EtcdFixture* created = etcd_fixture = [] {
    auto* f = new EtcdFixture();
    if (!EtcdProcess::Available()) {
      f->error = "etcd part skipped: /usr/bin/etcd is absent";
      return f;
    }
    auto started = EtcdProcess::Start();
    if (!started.ok()) {
      f->error = absl::StrCat("etcd part skipped: ", started.status().ToString());
      return f;
    }
    f->process = std::move(*started);
    auto stub = etcdserverpb::KV::NewStub(
        grpc::CreateChannel(f->process->address(), grpc::InsecureChannelCredentials()));
    for (int64_t n = 0; n < 1024; ++n) {
      v1::Extraction x = MakeNumberedExtraction(n);
      etcdserverpb::PutRequest put;
      put.set_key("documents/" + x.document().content_hash());
      put.set_value(x.SerializeAsString());
      etcdserverpb::PutResponse response;
      grpc::ClientContext context;
      if (!stub->Put(&context, put, &response).ok()) {
        f->error = "etcd part skipped: the initial puts failed";
        f->process.reset();
        break;
      }
      ++f->puts;
    }
    return f;
  }();
  return *created;
}

// The etcd fixture, or null (the benchmark skipped, with the reason) when
// etcd could not be started.
EtcdFixture* EtcdOrSkip(benchmark::State& state) {
  EtcdFixture& etcd = GetEtcd();
  if (etcd.process == nullptr) {
    state.SkipWithError(etcd.error.c_str());
    return nullptr;
  }
  return &etcd;
}

// A client of the etcd fixture on a connection of its own.
std::unique_ptr<etcdserverpb::KV::Stub> NewEtcdStub(const EtcdFixture& etcd) {
  return etcdserverpb::KV::NewStub(grpc::CreateCustomChannel(
      etcd.process->address(), grpc::InsecureChannelCredentials(), OwnConnection()));
}

std::unique_ptr<v1::CatalogService::Stub> NewStub() {
  return v1::CatalogService::NewStub(grpc::CreateCustomChannel(
      GetFixture().server->address(), grpc::InsecureChannelCredentials(), OwnConnection()));
}

// Times `call` per iteration (30 s deadline) and reports latency
// percentiles and items/s.
template <typename Call>
void Measure(benchmark::State& state, Call call) {
  TimeEachCall(state, std::chrono::seconds(30), call);
}

// 1024 keys of records in [0, min(docs, 1024)) spread per thread.
std::vector<int64_t> GetKeys(int thread_index, int64_t docs) {
  std::vector<int64_t> keys;
  for (int k = 0; k < 1024; ++k) {
    keys.push_back((k * 7919 + thread_index * 104729) % std::min<int64_t>(docs, 1024));
  }
  return keys;
}

void BM_GetDocument(benchmark::State& state) {
  Fixture& f = GetFixture();
  auto stub = NewStub();
  std::vector<std::string> names;
  for (int64_t n : GetKeys(state.thread_index(), f.docs)) names.push_back(DocumentKey(n));
  Measure(state, [&](grpc::ClientContext* context, int64_t i) {
    v1::GetDocumentRequest request;
    request.set_name(names[i % names.size()]);
    v1::GetDocumentResponse response;
    return stub->GetDocument(context, request, &response);
  });
}
BENCHMARK(BM_GetDocument)->Threads(1)->UseRealTime()->MinTime(2.0);

// A numbered record whose text is `bytes` bytes long (its own text
// repeated, then cut).
v1::Extraction ExtractionWithTextOf(int64_t bytes) {
  v1::Extraction x = MakeNumberedExtraction(1);
  std::string text;
  while (static_cast<int64_t>(text.size()) < bytes) {
    absl::StrAppend(&text, x.document().text(), "\n");
  }
  text.resize(static_cast<size_t>(bytes));
  x.mutable_document()->set_text(text);
  return x;
}

// What verifying a stored document on read costs (stored_document.h): the
// SHA-256 of its text compared with its name, for texts of range(0) bytes
// (news articles are a few KB). An uncached GetDocument pays it once; a
// cached one never.
void BM_VerifyStoredText(benchmark::State& state) {
  const v1::Extraction x = ExtractionWithTextOf(state.range(0));
  const std::string id = common::Sha256Hex(x.document().text());
  for (auto _ : state) {
    absl::Status status = catalog::VerifyStoredText(id, x, "catalog.db");
    if (!status.ok()) state.SkipWithError("verification failed");
    benchmark::DoNotOptimize(status);
  }
  state.SetBytesProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_VerifyStoredText)->Arg(300)->Arg(5000)->Arg(50000);

// The SQLite store's second check of a stored record on read: CRC-32 over
// the whole record (sqlite::RecordChecksum), with a text of range(0) bytes;
// bytes processed are the serialized record's.
void BM_RecordChecksum(benchmark::State& state) {
  const v1::Extraction x = ExtractionWithTextOf(state.range(0));
  const std::string id = common::Sha256Hex(x.document().text());
  const std::string body = x.SerializeAsString();
  for (auto _ : state) {
    benchmark::DoNotOptimize(catalog::sqlite::RecordChecksum(7, id, 7, 1700000000000000, body));
  }
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(body.size()));
}
BENCHMARK(BM_RecordChecksum)->Arg(300)->Arg(5000)->Arg(50000);

void BM_EtcdGet(benchmark::State& state) {
  EtcdFixture* etcd = EtcdOrSkip(state);
  if (etcd == nullptr) return;
  auto stub = NewEtcdStub(*etcd);
  std::vector<std::string> keys;
  for (int64_t n : GetKeys(state.thread_index(), 1024)) keys.push_back(DocumentKey(n));
  Measure(state, [&](grpc::ClientContext* context, int64_t i) {
    etcdserverpb::RangeRequest request;  // Linearizable (etcd's default).
    request.set_key(keys[i % keys.size()]);
    etcdserverpb::RangeResponse response;
    grpc::Status status = stub->Range(context, request, &response);
    if (status.ok() && response.kvs_size() != 1) {
      return grpc::Status(grpc::StatusCode::NOT_FOUND, "etcd key missing");
    }
    return status;
  });
}
BENCHMARK(BM_EtcdGet)->Threads(1)->UseRealTime()->MinTime(2.0);

// Throughput runs: seconds measured (after a 0.5 s warm-up) and client
// threads ($READOUT_BENCH_CLIENT_THREADS, default 1, one channel each).
constexpr double kLoadSeconds = 3.0;

int LoadClientThreads() {
  const char* env = std::getenv("READOUT_BENCH_CLIENT_THREADS");
  return env != nullptr ? std::max(1, std::atoi(env)) : 1;
}

// Names of every document of the catalog, by record number (built once).
const std::vector<std::string>& AllNames() {
  static const std::vector<std::string>* names = [docs = GetFixture().docs] {
    auto* all = new std::vector<std::string>();
    all->reserve(static_cast<size_t>(docs));
    for (int64_t n = 0; n < docs; ++n) all->push_back(DocumentKey(n));
    return all;
  }();
  return *names;
}

// Record numbers the load runs read, in order: `hot` cycles through records
// [0, 1024) (GetKeys' order); otherwise uniform over [0, docs), fixed seed.
std::vector<int64_t> LoadKeySequence(bool hot, int64_t docs) {
  if (hot) return GetKeys(0, docs);
  std::mt19937_64 random(42);
  std::uniform_int_distribution<int64_t> pick(0, docs - 1);
  std::vector<int64_t> sequence(1 << 20);
  for (int64_t& n : sequence) n = pick(random);
  return sequence;
}

// Reports a closed-loop run as the benchmark's single iteration.
void ReportLoad(benchmark::State& state, ClosedLoopResult& result) {
  state.SetIterationTime(result.seconds);
  state.SetItemsProcessed(result.calls);
  ReportLatencyPercentiles(state, result.latencies_us);
}

void BM_GetDocumentLoad(benchmark::State& state) {
  Fixture& f = GetFixture();
  const bool hot = state.range(0) == 0;
  const std::vector<std::string>& all = AllNames();
  const std::vector<int64_t> sequence = LoadKeySequence(hot, f.docs);
  const int threads = LoadClientThreads();
  std::vector<std::unique_ptr<v1::CatalogService::Stub>> stubs;
  for (int t = 0; t < threads; ++t) stubs.push_back(NewStub());
  ClosedLoopOptions options;
  options.threads = threads;
  options.in_flight = static_cast<int>(state.range(1));
  options.seconds = kLoadSeconds;
  const catalog::DocumentCache::Stats before = f.service->document_cache_stats();
  ClosedLoopResult result;
  for (auto _ : state) {
    result = RunClosedLoop<v1::GetDocumentResponse>(
        options,
        [&](int thread, int64_t i, grpc::ClientContext* context, grpc::CompletionQueue* cq) {
          v1::GetDocumentRequest request;
          request.set_name(all[sequence[(i * threads + thread) % sequence.size()]]);
          return stubs[thread]->AsyncGetDocument(context, request, cq);
        },
        [](const v1::GetDocumentResponse& response) {
          return response.document().has_extraction();
        });
  }
  if (result.errors > 0) {
    state.SkipWithError(result.first_error.c_str());
    return;
  }
  const catalog::DocumentCache::Stats after = f.service->document_cache_stats();
  const double hits = static_cast<double>(after.hits - before.hits);
  const double lookups = hits + static_cast<double>(after.misses - before.misses);
  ReportLoad(state, result);
  state.counters["cache_hit_ratio"] = lookups > 0 ? hits / lookups : 0;
  state.counters["cache_entries"] = static_cast<double>(after.entries);
  state.counters["distinct_keys"] =
      static_cast<double>(hot ? std::min<int64_t>(1024, f.docs) : f.docs);
  state.SetLabel(hot ? "1024 hot keys" : "uniform over all documents");
}
BENCHMARK(BM_GetDocumentLoad)
    ->ArgNames({"all_keys", "in_flight"})
    ->Args({0, 16})
    ->Args({0, 64})
    ->Args({1, 64})
    ->Iterations(1)
    ->UseManualTime();

void BM_EtcdGetLoad(benchmark::State& state) {
  EtcdFixture* etcd = EtcdOrSkip(state);
  if (etcd == nullptr) return;
  std::vector<std::string> keys;  // As BM_GetDocumentLoad's hot keys.
  for (int64_t n : LoadKeySequence(/*hot=*/true, 1024)) keys.push_back(DocumentKey(n));
  const int threads = LoadClientThreads();
  std::vector<std::unique_ptr<etcdserverpb::KV::Stub>> stubs;
  for (int t = 0; t < threads; ++t) {
    stubs.push_back(NewEtcdStub(*etcd));
  }
  ClosedLoopOptions options;
  options.threads = threads;
  options.in_flight = static_cast<int>(state.range(0));
  options.seconds = kLoadSeconds;
  ClosedLoopResult result;
  for (auto _ : state) {
    result = RunClosedLoop<etcdserverpb::RangeResponse>(
        options,
        [&](int thread, int64_t i, grpc::ClientContext* context, grpc::CompletionQueue* cq) {
          etcdserverpb::RangeRequest request;  // Linearizable (etcd's default).
          request.set_key(keys[(i * threads + thread) % keys.size()]);
          return stubs[thread]->AsyncRange(context, request, cq);
        },
        [](const etcdserverpb::RangeResponse& response) { return response.kvs_size() == 1; });
  }
  if (result.errors > 0) {
    state.SkipWithError(result.first_error.c_str());
    return;
  }
  ReportLoad(state, result);
  state.SetLabel("1024 hot keys");
}
BENCHMARK(BM_EtcdGetLoad)->ArgName("in_flight")->Arg(16)->Arg(64)->Iterations(1)->UseManualTime();

// Creates are acknowledged once durable; the query index follows behind.
// After the timed loop, the first thread reports how far the index lagged
// and how long it took to catch up (index_catchup_ms), so the rate with
// indexing included is creates / (run time + catch-up).
void ReportIndexCatchUp(benchmark::State& state, catalog::SqliteStore* store) {
  if (state.thread_index() != 0) return;
  const auto start = std::chrono::steady_clock::now();
  state.counters["index_lag_docs"] =
      static_cast<double>(store->CurrentRevision() - store->IndexedRevision());
  if (!store->WaitForIndex().ok()) state.SkipWithError("the index did not catch up");
  state.counters["index_catchup_ms"] =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
}

void BM_CreateDocument(benchmark::State& state) {
  Fixture& f = GetFixture();
  auto stub = NewStub();
  Measure(state, [&](grpc::ClientContext* context, int64_t) {
    v1::CreateDocumentRequest request;
    *request.mutable_document()->mutable_extraction() = MakeNumberedExtraction(f.next_new++);
    v1::CreateDocumentResponse response;
    return stub->CreateDocument(context, request, &response);
  });
  ReportIndexCatchUp(state, f.store.get());
}

void BM_EtcdPut(benchmark::State& state) {
  EtcdFixture* etcd = EtcdOrSkip(state);
  if (etcd == nullptr) return;
  auto stub = NewEtcdStub(*etcd);
  Measure(state, [&](grpc::ClientContext* context, int64_t) {
    v1::Extraction x = MakeNumberedExtraction(etcd->next_new++);
    etcdserverpb::PutRequest request;
    request.set_key("documents/" + x.document().content_hash());
    request.set_value(x.SerializeAsString());
    etcdserverpb::PutResponse response;
    grpc::Status status = stub->Put(context, request, &response);
    if (status.ok()) ++etcd->puts;
    return status;
  });
}

// Creates and puts alternate so both see the same machine load.
BENCHMARK(BM_CreateDocument)->Threads(1)->UseRealTime()->MinTime(3.0);
BENCHMARK(BM_EtcdPut)->Threads(1)->UseRealTime()->MinTime(3.0);
BENCHMARK(BM_CreateDocument)->Threads(16)->UseRealTime()->MinTime(3.0);
BENCHMARK(BM_EtcdPut)->Threads(16)->UseRealTime()->MinTime(3.0);

// Creates against puts in alternating rounds (READOUT_BENCH_ROUNDS, default
// 5, of 2 s each side), so both stores see the same moments of this shared
// machine, whose disk and CPU speed drift by up to 2x within minutes. Each
// round's catalog rate counts the index catch-up after its window
// (creates / (window + catch-up)), so it is the rate with indexing included.
// Reports the median, lowest and highest round ratios.
double CountCallsFor(int clients, double seconds, const std::function<grpc::Status(int)>& call) {
  std::atomic<bool> stop{false};
  std::atomic<int64_t> calls{0};
  std::atomic<int64_t> errors{0};
  std::vector<std::thread> threads;
  const auto start = std::chrono::steady_clock::now();
  for (int t = 0; t < clients; ++t) {
    threads.emplace_back([&, t] {
      while (!stop.load()) {
        if (call(t).ok()) {
          calls.fetch_add(1);
        } else {
          errors.fetch_add(1);
        }
      }
    });
  }
  std::this_thread::sleep_for(std::chrono::duration<double>(seconds));
  stop.store(true);
  for (std::thread& thread : threads) thread.join();
  const double elapsed =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (errors.load() > 0) return -1;
  return static_cast<double>(calls.load()) / elapsed;
}

void BM_CreateVsPutRounds(benchmark::State& state) {
  Fixture& f = GetFixture();
  EtcdFixture* etcd = EtcdOrSkip(state);
  if (etcd == nullptr) return;
  const int clients = static_cast<int>(state.range(0));
  const char* env = std::getenv("READOUT_BENCH_ROUNDS");
  const int rounds = env != nullptr ? std::max(1, std::atoi(env)) : 5;
  constexpr double kRoundSeconds = 2.0;
  std::vector<std::unique_ptr<v1::CatalogService::Stub>> ours;
  std::vector<std::unique_ptr<etcdserverpb::KV::Stub>> theirs;
  for (int t = 0; t < clients; ++t) {
    ours.push_back(NewStub());
    theirs.push_back(NewEtcdStub(*etcd));
  }
  auto deadline = [](grpc::ClientContext* context) {
    context->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
  };
  std::vector<double> ratios, create_rates, put_rates;
  for (auto _ : state) {
    for (int round = 0; round < rounds; ++round) {
      const auto start = std::chrono::steady_clock::now();
      const int64_t before = f.store->CurrentRevision();
      double acked = CountCallsFor(clients, kRoundSeconds, [&](int t) {
        v1::CreateDocumentRequest request;
        *request.mutable_document()->mutable_extraction() = MakeNumberedExtraction(f.next_new++);
        v1::CreateDocumentResponse response;
        grpc::ClientContext context;
        deadline(&context);
        return ours[t]->CreateDocument(&context, request, &response);
      });
      if (acked < 0 || !f.store->WaitForIndex().ok()) {
        state.SkipWithError("a create failed or the index did not catch up");
        return;
      }
      const double with_index =
          static_cast<double>(f.store->CurrentRevision() - before) /
          std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      double puts = CountCallsFor(clients, kRoundSeconds, [&](int t) {
        v1::Extraction x = MakeNumberedExtraction(etcd->next_new++);
        etcdserverpb::PutRequest request;
        request.set_key("documents/" + x.document().content_hash());
        request.set_value(x.SerializeAsString());
        etcdserverpb::PutResponse response;
        grpc::ClientContext context;
        deadline(&context);
        return theirs[t]->Put(&context, request, &response);
      });
      if (puts <= 0) {
        state.SkipWithError("an etcd put failed");
        return;
      }
      create_rates.push_back(with_index);
      put_rates.push_back(puts);
      ratios.push_back(with_index / puts);
      std::fprintf(
          stderr,
          "round %d, %d clients: %.0f creates/s (%.0f acknowledged), %.0f puts/s, ratio %.2f\n",
          round + 1, clients, with_index, acked, puts, with_index / puts);
    }
  }
  auto median = [](std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
  };
  state.counters["creates_per_s"] = median(create_rates);
  state.counters["puts_per_s"] = median(put_rates);
  state.counters["ratio_median"] = median(ratios);
  state.counters["ratio_min"] = *std::min_element(ratios.begin(), ratios.end());
  state.counters["ratio_max"] = *std::max_element(ratios.begin(), ratios.end());
}
BENCHMARK(BM_CreateVsPutRounds)->ArgName("clients")->Arg(1)->Arg(16)->Iterations(1);

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
  ReportIndexCatchUp(state, f.store.get());
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
BENCHMARK(BM_ListWithFilter)->DenseRange(0, 4)->UseRealTime()->MinTime(2.0);

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
BENCHMARK(BM_Search)->DenseRange(0, 3)->UseRealTime()->MinTime(2.0);

// Files of the catalog directory (database, WAL) over documents stored;
// etcd's data directory (snapshots, WAL segments preallocated 64 MB at a
// time, every revision until compaction) over keys put.
void BM_BytesOnDisk(benchmark::State& state) {
  Fixture& f = GetFixture();
  for (auto _ : state) {
  }
  const double docs = static_cast<double>(std::max<int64_t>(1, f.store->CurrentRevision()));
  state.counters["documents"] = docs;
  state.counters["catalog_bytes_per_doc"] = static_cast<double>(DirBytes(f.data_dir)) / docs;
  if (etcd_fixture != nullptr && etcd_fixture->process != nullptr) {
    const double puts = static_cast<double>(std::max<int64_t>(1, etcd_fixture->puts.load()));
    state.counters["etcd_keys"] = puts;
    state.counters["etcd_bytes_per_key"] =
        static_cast<double>(DirBytes(etcd_fixture->process->data_dir())) / puts;
  }
}
BENCHMARK(BM_BytesOnDisk)->Iterations(1);

// Console output plus a record of items/s per run, for the ratio summary.
class SummaryReporter : public benchmark::ConsoleReporter {
 public:
  void ReportRuns(const std::vector<Run>& runs) override {
    ConsoleReporter::ReportRuns(runs);
    for (const Run& run : runs) {
      auto it = run.counters.find("items_per_second");
      if (it != run.counters.end() && !run.error_occurred) {
        rates_[run.benchmark_name()] = it->second.value;
      }
    }
  }
  void PrintSummary() const {
    const std::pair<const char*, const char*> pairs[] = {
        {"BM_GetDocument/real_time/threads:1", "BM_EtcdGet/real_time/threads:1"},
        {"BM_GetDocument/real_time/threads:4", "BM_EtcdGet/real_time/threads:4"},
        {"BM_GetDocument/real_time/threads:16", "BM_EtcdGet/real_time/threads:16"},
        {"BM_CreateDocument/min_time:3.000/real_time/threads:1",
         "BM_EtcdPut/min_time:3.000/real_time/threads:1"},
        {"BM_CreateDocument/min_time:3.000/real_time/threads:16",
         "BM_EtcdPut/min_time:3.000/real_time/threads:16"},
    };
    std::printf("\nreadout-catalog vs etcd (items/s, same run):\n");
    for (const auto& [ours, theirs] : pairs) {
      auto a = FindRate(ours);
      auto b = FindRate(theirs);
      if (a < 0 || b <= 0) continue;
      std::printf("  %-45s %10.0f  etcd %10.0f  ratio %.2f\n", ours, a, b, a / b);
    }
  }

 private:
  // Names carry min_time only when set; match on the prefix and threads.
  double FindRate(const std::string& name) const {
    for (const auto& [key, value] : rates_) {
      if (key == name) return value;
    }
    const std::string base = name.substr(0, name.find('/'));
    const std::string threads = name.substr(name.rfind('/'));
    for (const auto& [key, value] : rates_) {
      if (key.rfind(base + "/", 0) == 0 && key.size() >= threads.size() &&
          key.compare(key.size() - threads.size(), threads.size(), threads) == 0) {
        return value;
      }
    }
    return -1;
  }
  std::map<std::string, double> rates_;
};

}  // namespace
}  // namespace readout::bench

int main(int argc, char** argv) {
  // As readout-catalog does (ParseServerCommandLine): no lock-order graph.
  absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  readout::bench::SummaryReporter reporter;
  benchmark::RunSpecifiedBenchmarks(&reporter);
  reporter.PrintSummary();
  benchmark::Shutdown();
  // Stops etcd and the server and removes their temporary directories (a
  // cached catalog stays).
  delete readout::bench::etcd_fixture;
  if (readout::bench::fixture != nullptr) {
    readout::bench::fixture->server->Shutdown();
    delete readout::bench::fixture;
  }
  return 0;
}
