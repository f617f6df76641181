// The catalog on SQLite and on PostgreSQL side by side, in one run, on the
// same synthetic documents, with a hand-written PostgreSQL reference:
//   - GetDocument: one synchronous client (p50, p99, calls/s), then one
//     client thread keeping 64 calls in flight over all documents (QPS);
//   - durable creates through gRPC at 1 and 16 clients, and the same
//     documents inserted by hand into plain PostgreSQL tables with the
//     equivalent indexes (tsvector GIN, the btrees the filters need), one
//     transaction per document, so the catalog's cost over doing it by hand
//     is a ratio; before each creates part the reference (one database
//     per catalog size) is brought to the catalog's own document count,
//     the documents its previous timed part inserted taken out again, and
//     the server settled (VACUUM ANALYZE, CHECKPOINT), so that both write
//     into tables and indexes of one size; the part prints both counts;
//   - ListDocuments with filters and SearchDocuments: p50 and p99;
//   - on PostgreSQL, two catalog replicas over one database against one.
// It prints one markdown table per part (docs/benchmarks.md).
//
// Environment:
//   READOUT_BENCH_DOCS      documents each catalog holds before the timed
//                           parts (default 100000); filled through each
//                           store's own Create (the rows the store writes)
//   READOUT_BENCH_CACHE     directory for the SQLite catalog
//                           (sqlite-<docs>/), kept for later runs; default
//                           a temporary directory
//   READOUT_BENCH_PG_URL    base URL of a running PostgreSQL server
//                           (postgresql://user@host:port, no database);
//                           databases catalog_<docs> and reference_<docs>
//                           are made on first use and kept (the reference is
//                           filled up to the catalog's count; one left by an
//                           interrupted fill or timed part is refused and
//                           needs dropping; pg_server.sh starts one
//                           with its data outside the repository). Unset: a
//                           throwaway cluster (testing/postgres_cluster.h)
//   READOUT_BENCH_SECONDS   length of each timed part (default 5)
//   READOUT_BENCH_STORES    "sqlite,postgres" (default both)
//   READOUT_BENCH_PARTS     "all" (default), or "creates": only the
//                           durable creates at 1 and 16 clients, in
//                           READOUT_BENCH_ROUNDS rounds (default 1) that
//                           alternate which of the catalog and the
//                           hand-written reference runs first, each with
//                           its CPU time per create (a server on this
//                           machine): every process of the PostgreSQL
//                           server by kind (backends, walwriter,
//                           checkpointer, ...; from /proc, a second after
//                           the part included for the WAL writer's
//                           flushes), the catalog's server threads, the
//                           client threads; or
//                           "reads": GetDocument at 1 client, the
//                           filtered listings and the searches only (no
//                           write), in READOUT_BENCH_ROUNDS rounds, so that
//                           two builds can be run in turn against the same
//                           catalog and their figures compared; each
//                           listing and search also gives its CPU time per
//                           call, this process's and the PostgreSQL
//                           backends' (read from /proc: a server on this
//                           machine), which a loaded machine inflates far
//                           less than its latency
//                           "first-search" (PostgreSQL only): the first
//                           search of a replica just opened, each query on
//                           a replica of its own (ADR 0070), no write
//   READOUT_BENCH_PG_WRITERS the PostgreSQL store's writer threads, 1 to 64 (default:
//                           the store's own default)
//   READOUT_BENCH_REQUEST_IDS "1": each timed catalog create carries a
//                           request id of its own (as the extractor's ingest
//                           sends); default none. The reference is the same
//                           either way
//   READOUT_BENCH_FILL_FROM first document number a PostgreSQL fill
//                           creates (default the catalog's revision): to
//                           grow a kept catalog whose revision counts the
//                           timed parts' creates too (documents already
//                           there are found, not created again)
//
// Documents (BenchDocument): the shape of the extractor's records
// (test_records.h: an event with participants, people with positions,
// organizations, places) with a text of realistic size: 0.8-3 KB (the
// corpus's median article is 1.4 KB), sentences of words drawn with a Zipf
// law from a vocabulary of report words followed by a long tail of
// synthetic terms. No corpus text is used.
#include <sys/resource.h>
#include <unistd.h>

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
#include <thread>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "benchmarks/common/closed_loop.h"
#include "benchmarks/common/latency.h"
#include "catalog-service/catalog.h"
#include "catalog-service/service/catalog_service_impl.h"
#include "catalog-service/store/index_rows.h"
#include "catalog-service/store/postgres/pg_connection.h"
#include "catalog-service/store/postgres/postgres_store.h"
#include "catalog-service/store/sqlite/sqlite_store.h"
#include "catalog-service/testing/postgres_cluster.h"
#include "catalog-service/testing/temp_dir.h"
#include "catalog-service/testing/test_records.h"
#include "common/server/grpc_server.h"
#include "common/server/logging.h"
#include "common/sha256.h"
#include "grpcpp/grpcpp.h"
#include "readout/v1/catalog_service.grpc.pb.h"

namespace readout::bench {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

[[noreturn]] void Die(const std::string& message) {
  std::fprintf(stderr, "store_comparison: %s\n", message.c_str());
  std::exit(1);
}

std::string Env(const char* name, const std::string& fallback = "") {
  const char* value = std::getenv(name);
  return value != nullptr && *value != '\0' ? value : fallback;
}

// The integer setting `name` (`fallback` when unset), which must lie in
// [low, high]: anything else stops the run with a message naming it.
int64_t EnvInt(const char* name, int64_t fallback, int64_t low, int64_t high) {
  const std::string text = Env(name);
  int64_t value = fallback;
  if (!text.empty() && !absl::SimpleAtoi(text, &value)) {
    Die(absl::StrCat(name, "=", text, " is not a whole number"));
  }
  if (value < low || value > high) {
    Die(absl::StrCat(name, "=", value, " is out of range: from ", low, " to ", high));
  }
  return value;
}

int64_t DocCount() { return EnvInt("READOUT_BENCH_DOCS", 100000, 1, int64_t{100000000}); }
double Seconds() {
  const std::string text = Env("READOUT_BENCH_SECONDS", "5");
  double value = 0;
  if (!absl::SimpleAtod(text, &value) || !(value >= 0.5 && value <= 3600)) {
    Die(absl::StrCat("READOUT_BENCH_SECONDS=", text,
                     " is not a number of seconds from 0.5 to 3600"));
  }
  return value;
}
// Every setting read, checked before anything is opened or filled.
void CheckSettings() {
  DocCount();
  Seconds();
  EnvInt("READOUT_BENCH_PG_WRITERS", 4, 1, 64);
  EnvInt("READOUT_BENCH_ROUNDS", 1, 1, 1000);
  EnvInt("READOUT_BENCH_FILL_FROM", 0, 0, int64_t{100000000});
  for (absl::string_view store :
       absl::StrSplit(Env("READOUT_BENCH_STORES", "sqlite,postgres"), ',')) {
    if (store != "sqlite" && store != "postgres") {
      Die(absl::StrCat("READOUT_BENCH_STORES names \"", store, "\": sqlite and postgres only"));
    }
  }
  const std::string parts = Env("READOUT_BENCH_PARTS", "all");
  if (parts != "all" && parts != "creates" && parts != "reads" && parts != "first-search") {
    Die(absl::StrCat("READOUT_BENCH_PARTS=", parts, ": all, creates, reads or first-search"));
  }
}

// ------------------------------------------------------------ documents

// Words of meeting reports, most frequent first; ranks past them are
// synthetic terms ("t" + base-26 digits), the long tail of names and rare
// words a real catalog's dictionary holds.
const char* const kWords[] = {
    "the",          "of",          "and",
    "to",           "in",          "a",
    "on",           "for",         "with",
    "said",         "meeting",     "work",
    "development",  "provincial",  "officials",
    "party",        "government",  "committee",
    "county",       "city",        "secretary",
    "governor",     "cooperation", "projects",
    "economic",     "reform",      "local",
    "held",         "discussed",   "support",
    "construction", "services",    "plan",
    "public",       "measures",    "year",
    "central",      "national",    "leaders",
    "delegation",   "visit",       "talks",
    "agreement",    "investment",  "trade",
    "industry",     "rural",       "village",
    "water",        "flood",       "prevention",
    "safety",       "education",   "health",
    "hospital",     "schools",     "roads",
    "railway",      "energy",      "environment",
    "pollution",    "inspection",  "tour",
    "report",       "progress",    "targets",
    "policy",       "policies",    "implementation",
    "innovation",   "technology",  "enterprises",
    "companies",    "markets",     "finance",
    "budget",       "tax",         "employment",
    "poverty",      "relief",      "housing",
    "urban",        "district",    "township",
    "congress",     "standing",    "session",
    "deputies",     "conference",  "forum",
    "exchange",     "friendship",  "partners",
    "bilateral",    "regional",    "strategy",
    "goals",        "tasks",       "quality",
    "efficiency",   "resources",   "land",
    "farmers",      "grain",       "harvest",
    "tourism",      "culture",     "heritage",
    "science",      "research",    "university",
    "talent",       "training",    "youth",
    "community",    "residents",   "stability",
    "security",     "law",         "courts",
    "discipline",   "supervision", "anti-corruption",
    "integrity",    "spirit",      "instructions",
    "stressed",     "emphasized",  "called",
    "urged",        "noted",       "pointed",
    "further",      "efforts",     "ensure",
    "promote",      "strengthen",  "improve",
};
constexpr int kTailTerms = 60000;

// Cumulative Zipf weights (s = 1) over kWords then the synthetic tail.
const std::vector<double>& ZipfCumulative() {
  static const std::vector<double>* cumulative = [] {
    auto* c = new std::vector<double>();
    const int n = static_cast<int>(sizeof(kWords) / sizeof(kWords[0])) + kTailTerms;
    double sum = 0;
    for (int rank = 1; rank <= n; ++rank) c->push_back(sum += 1.0 / rank);
    return c;
  }();
  return *cumulative;
}

std::string WordOfRank(size_t rank) {
  constexpr size_t kNamed = sizeof(kWords) / sizeof(kWords[0]);
  if (rank < kNamed) return kWords[rank];
  std::string term = "t";
  for (size_t r = rank - kNamed + 26 * 26; r > 0; r /= 26) term += static_cast<char>('a' + r % 26);
  return term;
}

// The n-th benchmark document: MakeNumberedExtraction(n) with a body of
// generated sentences appended to its text (its spans stay valid).
v1::Extraction BenchDocument(int64_t n) {
  v1::Extraction x = catalog::testing::MakeNumberedExtraction(n);
  std::mt19937_64 rng(static_cast<uint64_t>(n) * 0x9E3779B97F4A7C15ULL + 1);
  const std::vector<double>& cumulative = ZipfCumulative();
  std::uniform_real_distribution<double> pick(0, cumulative.back());
  std::string text = x.document().text();
  const size_t target = text.size() + 500 + rng() % 2200;
  while (text.size() < target) {
    text += "\n";
    const int words = 8 + static_cast<int>(rng() % 14);
    for (int w = 0; w < words; ++w) {
      const size_t rank = static_cast<size_t>(
          std::lower_bound(cumulative.begin(), cumulative.end(), pick(rng)) - cumulative.begin());
      std::string word = WordOfRank(rank);
      if (w == 0) word[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(word[0])));
      absl::StrAppend(&text, w == 0 ? "" : " ", word);
    }
    text += ".";
  }
  x.mutable_document()->set_text(text);
  x.mutable_document()->set_content_hash(common::Sha256Hex(text));
  return x;
}

// Numbers of documents created by the timed parts: above any fill, and
// above every earlier run's (`base` is a store's revision at the start).
constexpr int64_t kFirstNew = 1000000000;

// ----------------------------------------------------------- a catalog

grpc::ChannelArguments OwnConnection() {
  grpc::ChannelArguments args;
  args.SetInt("grpc.use_local_subchannel_pool", 1);
  return args;
}

struct Side {
  std::string name;
  std::unique_ptr<catalog::Store> store;
  catalog::SqliteStore* sqlite = nullptr;
  std::unique_ptr<catalog::Catalog> logic;
  std::unique_ptr<catalog::CatalogServiceImpl> service;
  std::unique_ptr<common::GrpcServer> server;
  std::atomic<int64_t> next_new{0};

  std::unique_ptr<v1::CatalogService::Stub> NewStub() const {
    return v1::CatalogService::NewStub(grpc::CreateCustomChannel(
        server->address(), grpc::InsecureChannelCredentials(), OwnConnection()));
  }
};

void Serve(Side& side) {
  side.logic = std::make_unique<catalog::Catalog>(side.store.get());
  side.service = std::make_unique<catalog::CatalogServiceImpl>(side.logic.get(),
                                                               catalog::CatalogServiceOptions{});
  common::ServerConfig config;
  config.listen_address = "127.0.0.1:0";
  config.shutdown_grace = absl::Seconds(2);
  auto started = common::GrpcServer::Start(
      config, {{side.service.get(), v1::CatalogService::service_full_name()}});
  if (!started.ok()) Die(started.status().ToString());
  side.server = std::move(*started);
  // A create that failed after taking its number (a run cut short, the
  // database lost mid-run) leaves the numbers ahead of the revision partly
  // used: start past the last one in use (64 free in a row).
  int64_t next = kFirstNew + side.store->CurrentRevision();
  for (int64_t n = next, free_run = 0; free_run < 64; ++n) {
    const bool used =
        side.store->GetDocument(BenchDocument(n).document().content_hash()).status().code() !=
        absl::StatusCode::kNotFound;
    free_run = used ? 0 : free_run + 1;
    if (used) next = n + 1;
  }
  side.next_new = next;
}

// Creates documents [from, to) through the store in batches, a few batches
// in flight while the next are generated.
void Fill(const std::string& name, catalog::Store* store, int64_t from, int64_t to) {
  if (from >= to) return;
  constexpr int64_t kBatch = 1000;
  constexpr size_t kInFlight = 3;
  const auto start = Clock::now();
  std::deque<std::future<absl::Status>> pending;
  auto wait_one = [&] {
    absl::Status status = pending.front().get();
    pending.pop_front();
    if (!status.ok()) Die(absl::StrCat("filling ", name, ": ", status.ToString()));
  };
  int64_t last_report = from;
  for (int64_t first = from; first < to; first += kBatch) {
    std::vector<catalog::NewDocument> batch;
    for (int64_t n = first; n < std::min(to, first + kBatch); ++n) {
      v1::Extraction x = BenchDocument(n);
      batch.push_back(catalog::NewDocument{x.document().content_hash(), std::move(x)});
    }
    auto done = std::make_shared<std::promise<absl::Status>>();
    pending.push_back(done->get_future());
    store->Create(std::move(batch), "", [done](absl::StatusOr<v1::BatchCreateDocumentsResponse> r) {
      done->set_value(r.status());
    });
    while (pending.size() >= kInFlight) wait_one();
    if (first - last_report >= 50000) {
      last_report = first;
      const double s = std::chrono::duration<double>(Clock::now() - start).count();
      std::fprintf(stderr, "%s: filled %lld of %lld (%.0f documents/s)\n", name.c_str(),
                   static_cast<long long>(first), static_cast<long long>(to),
                   static_cast<double>(first - from) / s);
    }
  }
  while (!pending.empty()) wait_one();
  const double s = std::chrono::duration<double>(Clock::now() - start).count();
  std::fprintf(stderr, "%s: filled documents %lld..%lld in %.1f s (%.0f documents/s)\n",
               name.c_str(), static_cast<long long>(from), static_cast<long long>(to), s,
               static_cast<double>(to - from) / s);
}

std::unique_ptr<Side> OpenSqlite(const std::string& dir, int64_t docs) {
  auto side = std::make_unique<Side>();
  side->name = "SQLite";
  const std::string marker = dir + "/filled";
  const bool reuse = fs::exists(marker);
  if (!reuse) fs::remove_all(dir);
  catalog::SqliteStoreOptions options;
  options.data_dir = dir;
  auto opened = catalog::SqliteStore::Open(options);
  if (!opened.ok()) Die(opened.status().ToString());
  side->sqlite = opened->get();
  side->store = std::move(*opened);
  if (!reuse) {
    Fill("SQLite", side->store.get(), 0, docs);
    std::ofstream(marker) << docs << "\n";
  }
  while (!side->sqlite->WaitForIndex().ok()) std::this_thread::sleep_for(std::chrono::seconds(1));
  Serve(*side);
  return side;
}

// Commits of the PostgreSQL stores and the write requests they held (the
// size of their groups).
std::atomic<int64_t> pg_commits{0}, pg_committed_requests{0};
// The PostgreSQL stores opened: their numbering transactions and the
// groups they left pending (ADR 0052) are read around each timed part.
std::vector<catalog::PostgresStore*> pg_stores;
int64_t PgNumberings() {
  int64_t n = 0;
  for (catalog::PostgresStore* s : pg_stores) n += s->numberings();
  return n;
}
int64_t PgPendingGroups() {
  int64_t n = 0;
  for (catalog::PostgresStore* s : pg_stores) n += s->pending_creates();
  return n;
}
int64_t PgHandedOver() {
  int64_t n = 0;
  for (catalog::PostgresStore* s : pg_stores) n += s->handed_over();
  return n;
}

absl::StatusOr<std::unique_ptr<catalog::PostgresStore>> OpenPostgresStore(const std::string& url) {
  catalog::PostgresStoreOptions options;
  options.commit_observer = [](size_t requests, absl::Duration, bool committed) {
    if (!committed) return;
    ++pg_commits;
    pg_committed_requests += static_cast<int64_t>(requests);
  };
  options.url = url;
  options.max_connections = 16;  // readout-catalog's --database-connections default.
  if (const std::string writers = Env("READOUT_BENCH_PG_WRITERS"); !writers.empty()) {
    options.writer_threads = static_cast<int>(EnvInt("READOUT_BENCH_PG_WRITERS", 4, 1, 64));
  }
  auto store = catalog::PostgresStore::Open(options);
  if (store.ok()) pg_stores.push_back(store->get());
  return store;
}

// The catalog's revision is its document count while it is being filled
// (one revision per create, no deletes), so an interrupted fill resumes.
std::unique_ptr<Side> OpenPostgres(const std::string& url, int64_t docs) {
  auto side = std::make_unique<Side>();
  side->name = "PostgreSQL";
  auto opened = OpenPostgresStore(url);
  if (!opened.ok()) Die(opened.status().ToString());
  side->store = std::move(*opened);
  auto c = catalog::pg::Connection::Open(url, 5);
  if (!c.ok()) Die(c.status().ToString());
  auto filled = (*c)->Exec("SELECT value FROM meta WHERE key = 'bench_filled'");
  if (!filled.ok()) Die(filled.status().ToString());
  if (filled->rows() == 0) {
    const std::string from = Env("READOUT_BENCH_FILL_FROM");
    Fill("PostgreSQL", side->store.get(),
         from.empty() ? side->store->CurrentRevision()
                      : EnvInt("READOUT_BENCH_FILL_FROM", 0, 0, int64_t{100000000}),
         docs);
    auto marked = (*c)->Exec("INSERT INTO meta(key, value) VALUES ('bench_filled', 'yes')");
    if (!marked.ok()) Die(marked.status().ToString());
    // Statistics for the planner, as autovacuum would gather them in time.
    if (absl::Status s = (*c)->Run("ANALYZE"); !s.ok()) Die(s.ToString());
  }
  Serve(*side);
  return side;
}

// ------------------------------------------------------------ measuring

struct Figures {
  double per_second = 0;
  double p50_ms = 0;
  double p99_ms = 0;
  int64_t calls = 0;
  std::string error;
  // On-CPU time per call, warm-up included (-1: not measured): this
  // process's (the catalog and its client), and the PostgreSQL backends'
  // serving the catalog's database. A loaded machine stretches a call's
  // wall time far more than the CPU time it takes.
  double process_cpu_ms = -1;
  double server_cpu_ms = -1;
  // Of process_cpu_ms, the client threads' own (RUSAGE_THREAD: building
  // the requests, the client side of each call); the rest is the
  // in-process server's (gRPC's threads, the store's writers and
  // listener; gRPC's pollers may run a little of one side's network work
  // on the other's threads). And the process's context switches
  // (voluntary and not) per call.
  double client_cpu_ms = -1;
  double switches = -1;
  // The creates parts (a server on this machine): CPU time per call of
  // every process of the PostgreSQL server, by kind (ServerProcessCpu),
  // the writes of the part flushed first; empty when not measured.
  std::map<std::string, double> server_kinds_ms;
};

double CpuMs(const timeval& user, const timeval& system) {
  return static_cast<double>(user.tv_sec + system.tv_sec) * 1e3 +
         static_cast<double>(user.tv_usec + system.tv_usec) / 1e3;
}

// On-CPU nanoseconds of each PostgreSQL backend connected to a database,
// by process id, from /proc/<pid>/schedstat (a server on this machine).
using ServerCpu = std::map<int64_t, int64_t>;

// The ServerCpu of the backends of the database `c` is connected to, besides
// its own; empty when /proc does not show them (a remote server).
ServerCpu ReadServerCpu(catalog::pg::Connection& c) {
  ServerCpu cpu;
  auto pids = c.Exec(
      "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND "
      "pid <> pg_backend_pid()");
  if (!pids.ok()) return cpu;
  for (int i = 0; i < pids->rows(); ++i) {
    std::ifstream in(absl::StrCat("/proc/", pids->Int(i, 0), "/schedstat"));
    int64_t ns = 0;
    if (in >> ns) cpu[pids->Int(i, 0)] = ns;
  }
  return cpu;
}

// Milliseconds the backends of `after` ran since `before` (a backend that
// started in between counts from 0).
double ServerCpuMs(const ServerCpu& before, const ServerCpu& after) {
  int64_t ns = 0;
  for (const auto& [pid, at] : after) {
    auto it = before.find(pid);
    ns += at - (it == before.end() ? 0 : std::min(it->second, at));
  }
  return static_cast<double>(ns) / 1e6;
}

// CPU time of every process of one PostgreSQL server on this machine, by
// process id: the postmaster's own and its children's (backends,
// walwriter, checkpointer, background writer, autovacuum ...), from /proc.
// The postmaster's entry also holds the time of its children that exited
// (cutime, cstime: an autovacuum worker or a backend that ended), so that
// nothing the server did between two reads is lost.
struct ServerProcess {
  std::string kind;  // "backends", "walwriter", ...: by its process title
  double cpu_ms = 0;
};
using ServerProcessCpu = std::map<int64_t, ServerProcess>;

// Process id of the server's postmaster; 0: not measured.
int64_t g_postmaster = 0;

// The kind of a child of the postmaster by its title ("postgres: walwriter",
// "postgres: autovacuum worker db", "postgres: user db host(port) state").
std::string ProcessKind(const std::string& title) {
  for (const char* kind : {"walwriter", "checkpointer", "background writer", "autovacuum"}) {
    if (title.find(kind) != std::string::npos) return kind;
  }
  if (title.find("launcher") != std::string::npos) return "other";
  return "backends";
}

ServerProcessCpu ReadServerProcessCpu(int64_t postmaster) {
  ServerProcessCpu cpu;
  const double tick_ms = 1e3 / static_cast<double>(sysconf(_SC_CLK_TCK));
  std::error_code error;
  for (const fs::directory_entry& e : fs::directory_iterator("/proc", error)) {
    int64_t pid = 0;
    if (!absl::SimpleAtoi(e.path().filename().string(), &pid)) continue;
    std::ifstream stat_file(absl::StrCat("/proc/", pid, "/stat"));
    std::string stat((std::istreambuf_iterator<char>(stat_file)), std::istreambuf_iterator<char>());
    const size_t paren = stat.rfind(')');
    if (paren == std::string::npos) continue;
    // Fields after the command: state ppid ... utime(14) stime cutime cstime.
    std::vector<std::string> f = absl::StrSplit(stat.substr(paren + 2), ' ');
    int64_t ppid = 0;
    if (f.size() < 15 || !absl::SimpleAtoi(f[1], &ppid)) continue;
    if (pid != postmaster && ppid != postmaster) continue;
    double ticks[4] = {0, 0, 0, 0};
    for (int k = 0; k < 4; ++k) absl::SimpleAtod(f[11 + k], &ticks[k]);
    ServerProcess p;
    // On-CPU nanoseconds (finer than ticks) where the kernel keeps them.
    std::ifstream sched(absl::StrCat("/proc/", pid, "/schedstat"));
    int64_t ns = 0;
    p.cpu_ms = (sched >> ns) ? static_cast<double>(ns) / 1e6 : (ticks[0] + ticks[1]) * tick_ms;
    if (pid == postmaster) {
      p.kind = "other";
      p.cpu_ms += (ticks[2] + ticks[3]) * tick_ms;  // Children reaped.
    } else {
      std::ifstream cmdline(absl::StrCat("/proc/", pid, "/cmdline"));
      std::string title((std::istreambuf_iterator<char>(cmdline)),
                        std::istreambuf_iterator<char>());
      p.kind = ProcessKind(title);
    }
    cpu[pid] = p;
  }
  return cpu;
}

// Milliseconds of CPU by kind between two reads. A child that exited in
// between is in the postmaster's reaped time with its whole life: what it
// had used at `before` is taken off there ("other").
std::map<std::string, double> ServerProcessCpuMs(const ServerProcessCpu& before,
                                                 const ServerProcessCpu& after) {
  std::map<std::string, double> ms;
  for (const auto& [pid, p] : after) {
    auto it = before.find(pid);
    ms[p.kind] += p.cpu_ms - (it == before.end() ? 0 : std::min(it->second.cpu_ms, p.cpu_ms));
  }
  for (const auto& [pid, p] : before) {
    if (after.count(pid) == 0) ms["other"] -= p.cpu_ms;
  }
  return ms;
}

// The postmaster of the server `c` is connected to, when it runs on this
// machine (the parent of the connection's backend); 0 otherwise.
int64_t Postmaster(catalog::pg::Connection& c) {
  auto pid = c.Exec("SELECT pg_backend_pid()");
  if (!pid.ok()) return 0;
  std::ifstream stat_file(absl::StrCat("/proc/", pid->Int(0, 0), "/stat"));
  std::string stat((std::istreambuf_iterator<char>(stat_file)), std::istreambuf_iterator<char>());
  const size_t paren = stat.rfind(')');
  if (paren == std::string::npos) return 0;
  std::vector<std::string> f = absl::StrSplit(stat.substr(paren + 2), ' ');
  int64_t ppid = 0;
  return f.size() > 1 && absl::SimpleAtoi(f[1], &ppid) ? ppid : 0;
}

double ProcessCpuMs() {
  timespec t{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) * 1e3 + static_cast<double>(t.tv_nsec) / 1e6;
}

// Set by the reads part: where RunClients reads the PostgreSQL backends'
// CPU time (null: not measured).
catalog::pg::Connection* g_server_cpu_from = nullptr;

std::string Ms(double ms) { return absl::StrFormat(ms < 1 ? "%.3f" : "%.1f", ms); }
std::string Rate(double r) { return absl::StrFormat("%.0f", r); }

// `clients` threads each call `call(client, i)` in a loop for `seconds`
// (after a 0.5 s warm-up); a failing call ends the part with its error.
Figures RunClients(int clients, double seconds,
                   const std::function<absl::Status(int client, int64_t i)>& call) {
  std::mutex mu;
  std::vector<double> latencies_us;
  Figures figures;
  std::atomic<int64_t> all_calls{0};
  const ServerCpu server_before =
      g_server_cpu_from != nullptr ? ReadServerCpu(*g_server_cpu_from) : ServerCpu();
  const ServerProcessCpu processes_before =
      g_postmaster != 0 ? ReadServerProcessCpu(g_postmaster) : ServerProcessCpu();
  const double process_before = ProcessCpuMs();
  rusage usage_before{};
  getrusage(RUSAGE_SELF, &usage_before);
  double client_cpu_ms = 0;  // The client threads' own, summed.
  const auto begin = Clock::now();
  const auto measure_from = begin + std::chrono::milliseconds(500);
  const auto measure_until = measure_from + std::chrono::duration_cast<Clock::duration>(
                                                std::chrono::duration<double>(seconds));
  std::vector<std::thread> threads;
  for (int t = 0; t < clients; ++t) {
    threads.emplace_back([&, t] {
      std::vector<double> mine;
      std::string error;
      for (int64_t i = 0;; ++i) {
        const auto start = Clock::now();
        if (start >= measure_until) break;
        absl::Status status = call(t, i);
        const auto end = Clock::now();
        ++all_calls;
        if (!status.ok()) {
          error = status.ToString();
          break;
        }
        if (start >= measure_from && end <= measure_until) {
          mine.push_back(std::chrono::duration<double, std::micro>(end - start).count());
        }
      }
      rusage own{};
      getrusage(RUSAGE_THREAD, &own);
      std::lock_guard<std::mutex> lock(mu);
      latencies_us.insert(latencies_us.end(), mine.begin(), mine.end());
      if (figures.error.empty()) figures.error = error;
      client_cpu_ms += CpuMs(own.ru_utime, own.ru_stime);
    });
  }
  for (std::thread& t : threads) t.join();
  // The server's CPU time measured: its WAL writer flushes what commits
  // that do not wait for the flush left (the catalog's pending rows) within
  // wal_writer_delay (200 ms); a second after the part counts that too.
  if (g_postmaster != 0) std::this_thread::sleep_for(std::chrono::seconds(1));
  if (all_calls > 0) {
    const double calls = static_cast<double>(all_calls.load());
    figures.process_cpu_ms = (ProcessCpuMs() - process_before) / calls;
    figures.client_cpu_ms = client_cpu_ms / calls;
    rusage usage_after{};
    getrusage(RUSAGE_SELF, &usage_after);
    figures.switches = static_cast<double>(usage_after.ru_nvcsw + usage_after.ru_nivcsw -
                                           usage_before.ru_nvcsw - usage_before.ru_nivcsw) /
                       calls;
    if (g_server_cpu_from != nullptr) {
      figures.server_cpu_ms = ServerCpuMs(server_before, ReadServerCpu(*g_server_cpu_from)) / calls;
    }
    if (g_postmaster != 0) {
      for (const auto& [kind, ms] :
           ServerProcessCpuMs(processes_before, ReadServerProcessCpu(g_postmaster))) {
        figures.server_kinds_ms[kind] = ms / calls;
      }
    }
  }
  figures.calls = static_cast<int64_t>(latencies_us.size());
  figures.per_second = static_cast<double>(figures.calls) / seconds;
  figures.p50_ms = Percentile(latencies_us, 0.50) / 1000;
  figures.p99_ms = Percentile(latencies_us, 0.99) / 1000;
  if (!figures.error.empty()) std::fprintf(stderr, "error: %s\n", figures.error.c_str());
  return figures;
}

absl::Status FromGrpc(const grpc::Status& s) {
  return s.ok() ? absl::OkStatus()
                : absl::Status(static_cast<absl::StatusCode>(s.error_code()), s.error_message());
}

std::string DocumentName(int64_t n) {
  return "documents/" + BenchDocument(n).document().content_hash();
}

// Point reads of documents spread over [0, docs).
Figures GetOneClient(const Side& side, int64_t docs, double seconds) {
  std::vector<std::string> names;
  for (int64_t k = 0; k < 2048; ++k) names.push_back(DocumentName((k * 7919 + 13) % docs));
  auto stub = side.NewStub();
  return RunClients(1, seconds, [&](int, int64_t i) {
    v1::GetDocumentRequest request;
    request.set_name(names[static_cast<size_t>(i) % names.size()]);
    v1::GetDocumentResponse response;
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
    return FromGrpc(stub->GetDocument(&context, request, &response));
  });
}

// QPS of GetDocument over `servers` with 64 calls in flight in all (one
// client thread and channel per server), uniform over 8192 documents.
Figures GetLoad(const std::vector<const Side*>& servers, int64_t docs, double seconds) {
  std::vector<std::string> names;
  for (int64_t k = 0; k < 8192; ++k) names.push_back(DocumentName((k * 104729 + 7) % docs));
  std::vector<std::unique_ptr<v1::CatalogService::Stub>> stubs;
  for (const Side* s : servers) stubs.push_back(s->NewStub());
  ClosedLoopOptions options;
  options.threads = static_cast<int>(servers.size());
  options.in_flight = 64;
  options.seconds = seconds;
  ClosedLoopResult r = RunClosedLoop<v1::GetDocumentResponse>(
      options,
      [&](int thread, int64_t i, grpc::ClientContext* context, grpc::CompletionQueue* cq) {
        v1::GetDocumentRequest request;
        request.set_name(names[static_cast<size_t>(i * 31 + thread * 4099) % names.size()]);
        return stubs[static_cast<size_t>(thread)]->AsyncGetDocument(context, request, cq);
      },
      [](const v1::GetDocumentResponse& response) { return response.has_document(); });
  Figures f;
  f.calls = r.calls;
  f.per_second = static_cast<double>(r.calls) / r.seconds;
  f.p50_ms = Percentile(r.latencies_us, 0.5) / 1000;
  f.p99_ms = Percentile(r.latencies_us, 0.99) / 1000;
  f.error = r.first_error;
  return f;
}

// Durable creates of new documents by `clients` synchronous clients, spread
// over `servers` (client k on server k % size).
Figures Creates(const std::vector<Side*>& servers, int clients, double seconds) {
  std::vector<std::unique_ptr<v1::CatalogService::Stub>> stubs;
  for (int k = 0; k < clients; ++k) stubs.push_back(servers[k % servers.size()]->NewStub());
  Side& numbering = *servers[0];
  // Unique to this run: a kept catalog remembers request ids for a day.
  const std::string request_ids = Env("READOUT_BENCH_REQUEST_IDS") == "1"
                                      ? absl::StrCat("bench-", absl::ToUnixMicros(absl::Now()), "-")
                                      : "";
  return RunClients(clients, seconds, [&](int client, int64_t) {
    v1::CreateDocumentRequest request;
    const int64_t n = numbering.next_new++;
    *request.mutable_document()->mutable_extraction() = BenchDocument(n);
    if (!request_ids.empty()) request.set_request_id(absl::StrCat(request_ids, n));
    v1::CreateDocumentResponse response;
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
    grpc::Status status =
        stubs[static_cast<size_t>(client)]->CreateDocument(&context, request, &response);
    if (status.ok() && !response.created()) {
      return absl::InternalError("a new document was not created");
    }
    return FromGrpc(status);
  });
}

const char* const kFilters[] = {
    "person = \"Wang Qiang\"",
    "participant.presided = \"Li Wei\" AND event_date >= 2020-01-01",
    "title:governor AND event_type = TALKS",
    "location = Riverton OR location = Lakeside",
    "organization = \"ministry of commerce\" AND NOT role = MET",
};
const char* const kQueries[] = {
    "agriculture", "agriculture AND Riverton", "\"discussed trade\"", "innov*",
    "meeting",     "flood prevention"};

Figures List(const Side& side, const std::string& filter, double seconds) {
  auto stub = side.NewStub();
  return RunClients(1, seconds, [&](int, int64_t) {
    v1::ListDocumentsRequest request;
    request.set_filter(filter);
    request.set_order_by("event_date desc");
    request.set_page_size(50);
    v1::ListDocumentsResponse response;
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
    return FromGrpc(stub->ListDocuments(&context, request, &response));
  });
}

Figures Search(const Side& side, const std::string& query, double seconds) {
  auto stub = side.NewStub();
  return RunClients(1, seconds, [&](int, int64_t) {
    v1::SearchDocumentsRequest request;
    request.set_query(query);
    request.set_page_size(20);
    v1::SearchDocumentsResponse response;
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
    absl::Status status = FromGrpc(stub->SearchDocuments(&context, request, &response));
    if (status.ok() && response.results().empty()) {
      return absl::InternalError(absl::StrCat("search ", query, " found nothing"));
    }
    return status;
  });
}

// ------------------------------------------------ the hand-written reference

// What a user would write by hand for the same documents: the record and
// its tsvector in one table, the rows the filters select on in side tables,
// with the indexes those queries need; one transaction per document.
constexpr char kReferenceSchema[] = R"sql(
CREATE TABLE IF NOT EXISTS ref_docs(id text COLLATE "C" PRIMARY KEY, published bigint NOT NULL,
    event_date bigint NOT NULL, title_lc text COLLATE "C" NOT NULL, extraction bytea NOT NULL,
    search tsvector NOT NULL);
CREATE INDEX IF NOT EXISTS ref_docs_event_date ON ref_docs(event_date);
CREATE INDEX IF NOT EXISTS ref_docs_published ON ref_docs(published);
CREATE INDEX IF NOT EXISTS ref_docs_search ON ref_docs USING gin(search);
CREATE TABLE IF NOT EXISTS ref_people(doc text COLLATE "C" NOT NULL REFERENCES ref_docs(id)
    ON DELETE CASCADE, key text COLLATE "C" NOT NULL, name_lc text COLLATE "C" NOT NULL,
    event_date bigint NOT NULL);
CREATE INDEX IF NOT EXISTS ref_people_key ON ref_people(key, event_date);
CREATE TABLE IF NOT EXISTS ref_positions(doc text COLLATE "C" NOT NULL REFERENCES ref_docs(id)
    ON DELETE CASCADE, key text COLLATE "C" NOT NULL, title_lc text COLLATE "C" NOT NULL);
CREATE INDEX IF NOT EXISTS ref_positions_title ON ref_positions(title_lc);
CREATE TABLE IF NOT EXISTS ref_orgs(doc text COLLATE "C" NOT NULL REFERENCES ref_docs(id)
    ON DELETE CASCADE, name_lc text COLLATE "C" NOT NULL);
CREATE INDEX IF NOT EXISTS ref_orgs_name ON ref_orgs(name_lc);
CREATE TABLE IF NOT EXISTS ref_events(doc text COLLATE "C" NOT NULL REFERENCES ref_docs(id)
    ON DELETE CASCADE, idx int NOT NULL, type int NOT NULL, date bigint NOT NULL,
    location_lc text COLLATE "C" NOT NULL);
CREATE INDEX IF NOT EXISTS ref_events_type ON ref_events(type);
CREATE INDEX IF NOT EXISTS ref_events_location ON ref_events(location_lc);
CREATE TABLE IF NOT EXISTS ref_participants(doc text COLLATE "C" NOT NULL REFERENCES
    ref_docs(id) ON DELETE CASCADE, event_idx int NOT NULL, key text COLLATE "C" NOT NULL,
    role int NOT NULL);
CREATE INDEX IF NOT EXISTS ref_participants_key ON ref_participants(key, role);
CREATE TABLE IF NOT EXISTS ref_filled(n bigint NOT NULL);
)sql";

// INSERT INTO table(columns) VALUES (...), (...) of `values` (rows of width).
absl::Status InsertMany(catalog::pg::Connection& c, const std::string& table,
                        const std::string& columns, int width,
                        const std::vector<catalog::pg::Param>& values) {
  if (values.empty()) return absl::OkStatus();
  std::string sql = absl::StrCat("INSERT INTO ", table, "(", columns, ") VALUES ");
  for (size_t i = 0; i < values.size(); i += width) {
    absl::StrAppend(&sql, i > 0 ? ", (" : "(");
    for (int k = 0; k < width; ++k) absl::StrAppend(&sql, k > 0 ? ", $" : "$", i + k + 1);
    sql += ")";
  }
  return c.Exec(sql, values).status();
}

absl::Status ReferenceInsert(catalog::pg::Connection& c, const v1::Extraction& x) {
  using catalog::pg::Param;
  const catalog::IndexRows rows = catalog::IndexRowsOf(x);
  const std::string id = x.document().content_hash();
  if (absl::Status s = c.Run("BEGIN"); !s.ok()) return s;
  absl::Status status = [&]() -> absl::Status {
    absl::Status s =
        c.Exec(
             "INSERT INTO ref_docs(id, published, event_date, title_lc, extraction, search) "
             "VALUES ($1, $2, $3, $4, $5, setweight(to_tsvector('simple', $6), 'A') || "
             "setweight(to_tsvector('simple', $7), 'D'))",
             {Param::Text(id), Param::Int(rows.published), Param::Int(rows.event_date),
              Param::Text(rows.title_lc), Param::Bytes(x.SerializeAsString()),
              Param::Text(rows.title), Param::Text(rows.text)})
            .status();
    if (!s.ok()) return s;
    std::vector<Param> v;
    for (const auto& p : rows.persons) {
      v.insert(v.end(), {Param::Text(id), Param::Text(p.key), Param::Text(p.name_lc),
                         Param::Int(rows.event_date)});
    }
    if (s = InsertMany(c, "ref_people", "doc, key, name_lc, event_date", 4, v); !s.ok()) return s;
    v.clear();
    for (const auto& p : rows.positions) {
      v.insert(v.end(), {Param::Text(id), Param::Text(p.key), Param::Text(p.title_lc)});
    }
    if (s = InsertMany(c, "ref_positions", "doc, key, title_lc", 3, v); !s.ok()) return s;
    v.clear();
    for (const std::string& org : rows.orgs) v.insert(v.end(), {Param::Text(id), Param::Text(org)});
    if (s = InsertMany(c, "ref_orgs", "doc, name_lc", 2, v); !s.ok()) return s;
    v.clear();
    std::vector<Param> participants;
    for (size_t i = 0; i < rows.events.size(); ++i) {
      const catalog::IndexRows::Event& e = rows.events[i];
      v.insert(v.end(), {Param::Text(id), Param::Int(static_cast<int64_t>(i)), Param::Int(e.type),
                         Param::Int(e.date), Param::Text(e.location_lc)});
      for (const auto& [key, role] : e.participants) {
        participants.insert(participants.end(),
                            {Param::Text(id), Param::Int(static_cast<int64_t>(i)), Param::Text(key),
                             Param::Int(role)});
      }
    }
    if (s = InsertMany(c, "ref_events", "doc, idx, type, date, location_lc", 5, v); !s.ok()) {
      return s;
    }
    return InsertMany(c, "ref_participants", "doc, event_idx, key, role", 4, participants);
  }();
  if (!status.ok()) {
    c.Run("ROLLBACK").IgnoreError();
    return status;
  }
  return c.Run("COMMIT");
}

// The timed parts insert BenchDocument(n) from here on, the fill below it.
constexpr int64_t kFirstTimedReference = 2000000000;

struct Reference {
  std::string url;
  // BenchDocument(0) to BenchDocument(filled - 1) are in (ref_filled).
  int64_t filled = 0;
  // The next timed document; those from kFirstTimedReference to next - 1
  // are in until RemoveTimed takes them out.
  std::atomic<int64_t> next{kFirstTimedReference};
};

Figures ReferenceCreates(Reference& ref, int clients, double seconds) {
  std::vector<std::unique_ptr<catalog::pg::Connection>> connections;
  for (int k = 0; k < clients; ++k) {
    auto c = catalog::pg::Connection::Open(ref.url, 5);
    if (!c.ok()) Die(c.status().ToString());
    if (absl::Status s = (*c)->Run("SET synchronous_commit = on"); !s.ok()) Die(s.ToString());
    connections.push_back(std::move(*c));
  }
  return RunClients(clients, seconds, [&](int client, int64_t) {
    return ReferenceInsert(*connections[static_cast<size_t>(client)], BenchDocument(ref.next++));
  });
}

// Connects to `db` on the server of `base_url`, creating it when absent.
std::string Database(const std::string& base_url, const std::string& db) {
  auto c = catalog::pg::Connection::Open(base_url + "/postgres", 5);
  if (!c.ok()) Die(c.status().ToString());
  auto exists =
      (*c)->Exec("SELECT 1 FROM pg_database WHERE datname = $1", {catalog::pg::Param::Text(db)});
  if (!exists.ok()) Die(exists.status().ToString());
  if (exists->rows() == 0) {
    if (absl::Status s = (*c)->Run(absl::StrCat("CREATE DATABASE ", db)); !s.ok()) {
      Die(s.ToString());
    }
  }
  return base_url + "/" + db;
}

int64_t CountRows(const std::string& url, const std::string& table) {
  auto c = catalog::pg::Connection::Open(url, 5);
  if (!c.ok()) Die(c.status().ToString());
  auto n = (*c)->Exec(absl::StrCat("SELECT count(*) FROM ", table));
  if (!n.ok()) Die(n.status().ToString());
  return n->Int(0, 0);
}

// Deletes BenchDocument(n) for n in [from, to) from the reference. The side
// tables have no index on doc (the reference's writes are timed with the
// indexes a user's queries need, no more), so the cascade of ON DELETE,
// one scan of each side table per document, is switched off for the
// transaction (session_replication_role: a superuser's, as the servers of
// pg_server.sh and the throwaway cluster give) and each side table is
// scanned once for all the ids instead.
void DeleteReferenceDocs(const std::string& url, int64_t from, int64_t to) {
  if (from >= to) return;
  std::vector<std::string> ids;
  for (int64_t n = from; n < to; ++n) ids.push_back(BenchDocument(n).document().content_hash());
  auto c = catalog::pg::Connection::Open(url, 5);
  if (!c.ok()) Die(c.status().ToString());
  absl::Status s = (*c)->Run("BEGIN; SET LOCAL session_replication_role = replica");
  for (const char* table :
       {"ref_people", "ref_positions", "ref_orgs", "ref_events", "ref_participants"}) {
    if (!s.ok()) break;
    s = (*c)->Exec(absl::StrCat("DELETE FROM ", table, " WHERE doc = ANY($1::text[])"),
                   {catalog::pg::Param::TextList(ids)})
            .status();
  }
  if (s.ok()) {
    s = (*c)->Exec("DELETE FROM ref_docs WHERE id = ANY($1::text[])",
                   {catalog::pg::Param::TextList(ids)})
            .status();
  }
  if (s.ok()) s = (*c)->Run("COMMIT");
  if (!s.ok()) Die(absl::StrCat("taking documents out of the reference: ", s.ToString()));
}

// Takes the documents the timed parts inserted out of the reference again.
void RemoveTimed(Reference& ref) {
  DeleteReferenceDocs(ref.url, kFirstTimedReference, ref.next.load());
  ref.next = kFirstTimedReference;
}

// VACUUM ANALYZE of the reference (dead rows of the documents taken out,
// GIN's pending list, the planner's statistics), then a CHECKPOINT of the
// server, so that the next timed part starts on settled tables and an
// empty WAL backlog for the catalog and the reference alike.
void Settle(const std::string& url) {
  auto c = catalog::pg::Connection::Open(url, 5);
  if (!c.ok()) Die(c.status().ToString());
  for (const char* sql : {"VACUUM ANALYZE", "CHECKPOINT"}) {
    if (absl::Status s = (*c)->Run(sql); !s.ok()) Die(absl::StrCat(sql, ": ", s.ToString()));
  }
}

// Brings the reference to `docs` documents, BenchDocument(0) to
// BenchDocument(docs - 1), on 16 connections (or takes those past `docs`
// out), then settles it: the reference then holds as many documents as the
// catalog, so that both write into tables (and a GIN index, whose posting
// lists grow with the table) of one size.
void FillReference(Reference& ref, int64_t docs) {
  const int64_t from = ref.filled;
  const auto start = Clock::now();
  if (from > docs) DeleteReferenceDocs(ref.url, docs, from);
  std::atomic<int64_t> next{from};
  std::vector<std::thread> fillers;
  for (int k = 0; k < 16 && from < docs; ++k) {
    fillers.emplace_back([&] {
      auto own = catalog::pg::Connection::Open(ref.url, 5);
      if (!own.ok()) Die(own.status().ToString());
      for (int64_t n = next++; n < docs; n = next++) {
        if (absl::Status s = ReferenceInsert(**own, BenchDocument(n)); !s.ok()) {
          Die(absl::StrCat("filling the reference: ", s.ToString()));
        }
      }
    });
  }
  for (std::thread& t : fillers) t.join();
  auto c = catalog::pg::Connection::Open(ref.url, 5);
  if (!c.ok()) Die(c.status().ToString());
  auto saved =
      (*c)->Run(absl::StrCat("DELETE FROM ref_filled; INSERT INTO ref_filled VALUES (", docs, ")"));
  if (!saved.ok()) Die(saved.ToString());
  ref.filled = docs;
  Settle(ref.url);
  const double s = std::chrono::duration<double>(Clock::now() - start).count();
  std::fprintf(stderr, "reference: documents %lld..%lld filled, settled in %.1f s\n",
               static_cast<long long>(from), static_cast<long long>(docs), s);
}

// Creates the reference's tables when absent and reads how far it is
// filled; a reference holding other documents than its fill (an
// interrupted fill or timed part) is refused.
void OpenReference(Reference& ref) {
  auto c = catalog::pg::Connection::Open(ref.url, 5);
  if (!c.ok()) Die(c.status().ToString());
  // Without a notice per table that is already there.
  if (absl::Status s =
          (*c)->Run(absl::StrCat("SET client_min_messages = warning;", kReferenceSchema));
      !s.ok()) {
    Die(s.ToString());
  }
  auto filled = (*c)->Exec("SELECT n FROM ref_filled");
  if (!filled.ok()) Die(filled.status().ToString());
  ref.filled = filled->rows() > 0 ? filled->Int(0, 0) : 0;
  const int64_t held = CountRows(ref.url, "ref_docs");
  if (held != ref.filled) {
    Die(absl::StrCat("the reference at ", ref.url, " holds ", held, " documents, not the ",
                     ref.filled, " of its fill (an interrupted fill or timed part): drop it"));
  }
  ref.next = kFirstTimedReference;
}

// Before a creates part: the reference brought to the catalog's document
// count, and both counts for the part's output.
std::string MatchReference(Reference& ref, const std::string& catalog_url) {
  const int64_t catalog_docs = CountRows(catalog_url, "docs");
  FillReference(ref, catalog_docs);
  return absl::StrCat("catalog ", catalog_docs, " documents, reference ",
                      CountRows(ref.url, "ref_docs"));
}

// ---------------------------------------------------------------- report

void Row(const std::vector<std::string>& cells) {
  std::printf("| %s |\n", absl::StrJoin(cells, " | ").c_str());
  std::fflush(stdout);
}

// Whether Latency gives the CPU time per call too (the reads part).
bool g_show_cpu = false;

std::string Latency(const Figures& f) {
  if (!f.error.empty()) return "error: " + f.error;
  std::string cell = absl::StrCat("p50 ", Ms(f.p50_ms), " ms, p99 ", Ms(f.p99_ms), " ms");
  if (g_show_cpu && f.process_cpu_ms >= 0) {
    absl::StrAppend(&cell, "; CPU a call ", absl::StrFormat("%.2f", f.process_cpu_ms), " ms here");
    if (f.server_cpu_ms >= 0) {
      absl::StrAppend(&cell, " + ", absl::StrFormat("%.2f", f.server_cpu_ms), " ms PostgreSQL");
    }
  }
  return cell;
}

std::string Throughput(const Figures& f) {
  if (!f.error.empty()) return "error: " + f.error;
  return absl::StrCat(Rate(f.per_second), "/s (p50 ", Ms(f.p50_ms), " ms, p99 ", Ms(f.p99_ms),
                      " ms)");
}

// This process's processor time per call, split (Figures), and its
// context switches.
std::string Cpu(const Figures& f) {
  if (f.process_cpu_ms < 0) return "CPU not measured";
  return absl::StrFormat(
      "%.3f ms CPU per call in the process (clients %.3f, rest %.3f), %.1f context switches",
      f.process_cpu_ms, f.client_cpu_ms, f.process_cpu_ms - f.client_cpu_ms, f.switches);
}

// The creates parts' CPU time per create (a server on this machine): the
// PostgreSQL server's processes by kind, the catalog's server threads in
// this process (`in_process` false: the reference, which has none) and the
// client threads, and their sum: what a create costs, which a loaded
// machine inflates far less than its rate.
std::string CpuPerCreate(const Figures& f, bool in_process) {
  if (f.server_kinds_ms.empty() || f.process_cpu_ms < 0) return "";
  double postgres = 0;
  std::vector<std::string> kinds;
  for (const auto& [kind, ms] : f.server_kinds_ms) {
    postgres += ms;
    kinds.push_back(absl::StrFormat("%s %.3f", kind, ms));
  }
  const double catalog = in_process ? f.process_cpu_ms - f.client_cpu_ms : 0;
  return absl::StrFormat(
      "; CPU ms a create: %.3f = PostgreSQL %.3f (%s) + catalog %.3f + clients %.3f",
      postgres + catalog + f.client_cpu_ms, postgres, absl::StrJoin(kinds, ", "), catalog,
      f.client_cpu_ms);
}

// The first search of a replica just opened (ADR 0070), each query on a
// replica of its own, in three ways: the search reading the history it
// needs itself (as before ADR 0070: no read at start), right after Open
// while the history is read in the background, and once that read has
// ended; then the same query again on the last replica.
void FirstSearches(const std::string& url) {
  std::printf(
      "\n| query | first search, history read by the search (ms) | first search right after "
      "Open (ms) | first search after the read at start (ms) | again (ms) |\n"
      "|---|---|---|---|---|\n");
  for (const char* query : kQueries) {
    std::vector<std::string> cells = {query};
    for (int way = 0; way < 3; ++way) {
      catalog::PostgresStoreOptions options;
      options.url = url;
      options.max_connections = 16;
      if (way == 0) {
        options.warm_history = false;
        // As before the read at start: a search read up to
        // kMostRevisionsScanned (2^18) revisions of the history itself.
        options.cold_history_read = int64_t{1} << 18;
      }
      auto store = catalog::PostgresStore::Open(options);
      if (!store.ok()) Die(store.status().ToString());
      while (way == 2 && !(*store)->history_warm()) absl::SleepFor(absl::Milliseconds(5));
      catalog::SearchQuery q;
      q.query = query;
      q.limit = 20;
      for (int run = 0; run < (way == 2 ? 2 : 1); ++run) {
        const absl::Time start = absl::Now();
        auto page = (*store)->SearchDocuments(q);
        const double ms = absl::ToDoubleMilliseconds(absl::Now() - start);
        if (!page.ok()) Die(page.status().ToString());
        cells.push_back(Ms(ms));
      }
    }
    Row(cells);
  }
}

int Run() {
  common::SetMinLogLevel(common::LogLevel::kWarning);
  CheckSettings();
  const int64_t docs = DocCount();
  const double seconds = Seconds();
  const std::string stores = Env("READOUT_BENCH_STORES", "sqlite,postgres");
  const bool with_sqlite = stores.find("sqlite") != std::string::npos;
  const bool with_postgres = stores.find("postgres") != std::string::npos;

  catalog::testing::TempDir temp;
  std::unique_ptr<catalog::testing::PostgresCluster> owned_cluster;
  std::string pg_base = Env("READOUT_BENCH_PG_URL");
  if (with_postgres && pg_base.empty()) {
    auto started = catalog::testing::PostgresCluster::Start();
    if (!started.ok()) Die(started.status().ToString());
    owned_cluster = std::move(*started);
    pg_base = owned_cluster->Url("");
    while (!pg_base.empty() && pg_base.back() != '/') pg_base.pop_back();
    if (!pg_base.empty()) pg_base.pop_back();
  }

  std::unique_ptr<Side> sqlite, postgres;
  Reference reference;
  if (with_sqlite) {
    const std::string cache = Env("READOUT_BENCH_CACHE", temp.path());
    sqlite = OpenSqlite(absl::StrCat(cache, "/sqlite-", docs), docs);
  }
  if (with_postgres) {
    postgres = OpenPostgres(Database(pg_base, absl::StrCat("catalog_", docs)), docs);
    // The timed creates compare the catalog with a reference of its size
    // (MatchReference before each creates part).
    if (Env("READOUT_BENCH_PARTS", "all") != "reads" &&
        Env("READOUT_BENCH_PARTS", "all") != "first-search") {
      reference.url = Database(pg_base, absl::StrCat("reference_", docs));
      OpenReference(reference);
    }
  }
  const std::string catalog_url =
      postgres ? Database(pg_base, absl::StrCat("catalog_", docs)) : std::string();
  if (Env("READOUT_BENCH_PARTS", "all") == "first-search") {
    if (!postgres) Die("READOUT_BENCH_PARTS=first-search needs READOUT_BENCH_STORES=postgres");
    FirstSearches(catalog_url);
    return 0;
  }
  std::vector<Side*> sides;
  if (sqlite) sides.push_back(sqlite.get());
  if (postgres) sides.push_back(postgres.get());
  std::vector<std::string> header = {"measure"};
  for (Side* s : sides) header.push_back(s->name);
  if (postgres) header.push_back("hand-written PostgreSQL");
  std::printf("\n%lld documents per catalog, %.1f s per part\n\n", static_cast<long long>(docs),
              seconds);
  Row(header);
  std::vector<std::string> rule(header.size(), "---");
  Row(rule);

  auto row = [&](const std::string& what, const std::function<std::string(Side&)>& cell,
                 const std::string& reference_cell = "") {
    std::vector<std::string> cells = {what};
    for (Side* s : sides) cells.push_back(cell(*s));
    if (postgres) cells.push_back(reference_cell);
    Row(cells);
  };

  if (Env("READOUT_BENCH_PARTS", "all") == "creates") {
    // Creates only, in rounds; each round alternates which runs first.
    // The CPU time per create of the PostgreSQL server's processes too.
    if (postgres) {
      auto c = catalog::pg::Connection::Open(catalog_url, 5);
      if (!c.ok()) Die(c.status().ToString());
      g_postmaster = Postmaster(**c);
    }
    const int rounds = static_cast<int>(EnvInt("READOUT_BENCH_ROUNDS", 1, 1, 1000));
    for (int round = 1; round <= rounds; ++round) {
      for (int clients : {1, 16}) {
        std::map<std::string, Figures> got;
        Figures ref;
        const std::string counts = postgres ? MatchReference(reference, catalog_url) : "";
        const bool reference_first = postgres && round % 2 == 0;
        if (reference_first) ref = ReferenceCreates(reference, clients, seconds);
        const int64_t commits_before = pg_commits, requests_before = pg_committed_requests;
        const int64_t numberings_before = PgNumberings(), pending_before = PgPendingGroups(),
                      handed_before = PgHandedOver();
        for (Side* s : sides) got[s->name] = Creates({s}, clients, seconds);
        const int64_t commits = pg_commits - commits_before;
        const int64_t requests = pg_committed_requests - requests_before;
        const double per_commit =
            static_cast<double>(requests) / static_cast<double>(std::max<int64_t>(commits, 1));
        // Creates per transaction that numbered (made creates visible),
        // and the share of groups that committed pending first.
        const double per_numbering =
            static_cast<double>(requests) /
            static_cast<double>(std::max<int64_t>(PgNumberings() - numberings_before, 1));
        const int64_t pending_groups = PgPendingGroups() - pending_before;
        const double pending_share = static_cast<double>(pending_groups) /
                                     static_cast<double>(std::max<int64_t>(commits, 1));
        // Of those, the share told their revisions by another writer of
        // the replica, without a transaction of their own (ADR 0055).
        const double handed_share = static_cast<double>(PgHandedOver() - handed_before) /
                                    static_cast<double>(std::max<int64_t>(pending_groups, 1));
        if (postgres && !reference_first) ref = ReferenceCreates(reference, clients, seconds);
        if (postgres) RemoveTimed(reference);
        std::vector<std::string> cells = {
            absl::StrCat("round ", round, reference_first ? " (reference first)" : "",
                         ": durable creates, ", clients, " client", clients > 1 ? "s" : "",
                         postgres ? absl::StrCat(" (before it: ", counts, ")") : "")};
        for (Side* s : sides) {
          cells.push_back(Throughput(got[s->name]));
          if (s == postgres.get()) {
            absl::StrAppend(&cells.back(),
                            absl::StrFormat(", %.1f creates per group, %.1f per numbering, "
                                            "%.0f%% of groups pending first (%.0f%% of them told "
                                            "their revisions)",
                                            per_commit, per_numbering, 100 * pending_share,
                                            100 * handed_share));
          }
          absl::StrAppend(&cells.back(), "; ", Cpu(got[s->name]), CpuPerCreate(got[s->name], true));
        }
        if (postgres) {
          cells.push_back(absl::StrCat(Throughput(ref), "; catalog/reference ",
                                       absl::StrFormat("%.2f", got["PostgreSQL"].per_second /
                                                                   std::max(ref.per_second, 1e-9)),
                                       "; ", Cpu(ref), CpuPerCreate(ref, false)));
        }
        Row(cells);
      }
    }
    return 0;
  }
  auto listings_and_searches = [&](const std::string& prefix) {
    for (const char* filter : kFilters) {
      row(absl::StrCat(prefix, "List `", filter, "`"),
          [&](Side& s) { return Latency(List(s, filter, seconds)); });
    }
    for (const char* query : kQueries) {
      row(absl::StrCat(prefix, "Search `", query, "`"),
          [&](Side& s) { return Latency(Search(s, query, seconds)); });
    }
  };
  if (Env("READOUT_BENCH_PARTS", "all") == "reads") {
    const int rounds = static_cast<int>(EnvInt("READOUT_BENCH_ROUNDS", 1, 1, 1000));
    // The CPU time per listing and search, this process's and (a server on
    // this machine) the backends' of the catalog's database.
    g_show_cpu = true;
    std::unique_ptr<catalog::pg::Connection> cpu_from;
    if (postgres) {
      auto c = catalog::pg::Connection::Open(catalog_url, 5);
      if (!c.ok()) Die(c.status().ToString());
      cpu_from = std::move(*c);
      g_server_cpu_from = cpu_from.get();
    }
    for (int round = 1; round <= rounds; ++round) {
      const std::string prefix = absl::StrCat("round ", round, ": ");
      row(absl::StrCat(prefix, "GetDocument, 1 client"),
          [&](Side& s) { return Throughput(GetOneClient(s, docs, seconds)); });
      listings_and_searches(prefix);
    }
    return 0;
  }
  row("GetDocument, 1 client", [&](Side& s) { return Throughput(GetOneClient(s, docs, seconds)); });
  row("GetDocument, 64 in flight",
      [&](Side& s) { return Throughput(GetLoad({&s}, docs, seconds)); });
  for (int clients : {1, 16}) {
    std::map<std::string, Figures> got;
    const std::string counts = postgres ? MatchReference(reference, catalog_url) : "";
    std::vector<std::string> cells = {
        absl::StrCat("durable creates, ", clients, " client", clients > 1 ? "s" : "",
                     postgres ? absl::StrCat(" (before it: ", counts, ")") : "")};
    for (Side* s : sides) {
      got[s->name] = Creates({s}, clients, seconds);
      cells.push_back(Throughput(got[s->name]));
    }
    if (postgres) {
      Figures ref = ReferenceCreates(reference, clients, seconds);
      RemoveTimed(reference);
      cells.push_back(absl::StrCat(
          Throughput(ref), "; catalog/reference ",
          absl::StrFormat("%.2f", got["PostgreSQL"].per_second / std::max(ref.per_second, 1e-9))));
    }
    Row(cells);
  }
  listings_and_searches("");

  if (postgres) {
    // A second replica over the same database, in this process.
    auto second = std::make_unique<Side>();
    second->name = "PostgreSQL replica B";
    auto opened = OpenPostgresStore(catalog_url);
    if (!opened.ok()) Die(opened.status().ToString());
    second->store = std::move(*opened);
    Serve(*second);
    second->next_new = postgres->next_new.load();
    std::printf("\nPostgreSQL: two catalog replicas over one database against one\n\n");
    Row({"measure", "one replica", "two replicas"});
    Row({"---", "---", "---"});
    Row({"GetDocument, 64 in flight", Throughput(GetLoad({postgres.get()}, docs, seconds)),
         Throughput(GetLoad({postgres.get(), second.get()}, docs, seconds))});
    Figures one = Creates({postgres.get()}, 16, seconds);
    second->next_new = postgres->next_new.load();
    Row({"durable creates, 16 clients", Throughput(one),
         Throughput(Creates({postgres.get(), second.get()}, 16, seconds))});
  }
  return 0;
}

}  // namespace
}  // namespace readout::bench

int main() {
  // As readout-catalog does (ParseServerCommandLine): no lock-order graph,
  // so that the in-process catalog costs what the server binary costs.
  absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);
  return readout::bench::Run();
}
