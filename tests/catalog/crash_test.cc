// The readout-catalog binary as a child process. Durability under kill -9:
// writes from several clients, SIGKILL mid-stream, restart on the same data
// directory, and every acknowledged write is there, intact, and every stored
// record is whole (3 cycles by default, bounded time; READOUT_CRASH_CYCLES=20
// for the soak reported in docs/benchmarks.md), with the catalog in SQLite
// and in PostgreSQL (a throwaway cluster). Health, and SIGTERM with an
// open watch: the stream ends UNAVAILABLE and the process exits 0 promptly.
#include <fcntl.h>
#include <signal.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <map>
#include <mutex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "catalog-service/service/catalog_service_impl.h"
#include "catalog-service/testing/postgres_cluster.h"
#include "catalog-service/testing/temp_dir.h"
#include "catalog-service/testing/test_records.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "grpcpp/grpcpp.h"
#include "gtest/gtest.h"
#include "readout/v1/catalog_service.grpc.pb.h"
#include "tests/catalog/catalog_process.h"

namespace readout::catalog {
namespace {

using testing::MakeNumberedExtraction;

// Reads every acknowledged write (name -> record number) back through `stub`
// and checks it is exactly the record that was sent; counts the reads in
// `verified`.
void CheckAcknowledgedIntact(v1::CatalogService::Stub& stub,
                             const std::map<std::string, int64_t>& acked, size_t* verified) {
  for (const auto& [name, n] : acked) {
    v1::GetDocumentRequest get;
    get.set_name(name);
    v1::GetDocumentResponse got;
    grpc::Status status = stub.GetDocument(Context(5000).get(), get, &got);
    ASSERT_TRUE(status.ok()) << name << ": " << status.error_message();
    ASSERT_EQ(got.document().extraction().SerializeAsString(),
              MakeNumberedExtraction(n).SerializeAsString());
    ++*verified;
  }
}

// Cycles of: start the server with `store_flags`, check every write
// acknowledged so far, write from several clients, SIGKILL the server.
void RunKillCycles(const std::vector<std::string>& store_flags, const std::string& log_path) {
  std::map<std::string, int64_t> acked;  // name -> record number
  constexpr int kClients = 6;
  int cycles = 3;
  if (const char* env = std::getenv("READOUT_CRASH_CYCLES")) {
    ASSERT_TRUE(absl::SimpleAtoi(env, &cycles) && cycles > 0) << "READOUT_CRASH_CYCLES=" << env;
  }
  size_t verified_reads = 0, verified_listed = 0;

  for (int cycle = 0; cycle < cycles; ++cycle) {
    Child child = StartCatalog(store_flags, log_path);
    ASSERT_FALSE(child.address.empty()) << "server did not start (cycle " << cycle << ")";
    auto stub = v1::CatalogService::NewStub(
        grpc::CreateChannel(child.address, grpc::InsecureChannelCredentials()));

    // Everything acknowledged before this cycle is intact.
    ASSERT_NO_FATAL_FAILURE(CheckAcknowledgedIntact(*stub, acked, &verified_reads));
    // Every stored record is whole (parses, and is exactly what was sent).
    v1::ListDocumentsRequest list;
    list.set_page_size(1000);
    size_t listed = 0;
    for (int page = 0; page < 100; ++page) {
      v1::ListDocumentsResponse response;
      grpc::Status status = stub->ListDocuments(Context(10000).get(), list, &response);
      ASSERT_TRUE(status.ok()) << status.error_message();
      for (const auto& doc : response.documents()) {
        const std::string& title = doc.extraction().document().title();
        int64_t n = -1;
        std::string number = title.substr(15, title.find(' ', 15) - 15);  // "Meeting number N on"
        ASSERT_TRUE(absl::SimpleAtoi(number, &n)) << title;
        ASSERT_EQ(doc.extraction().SerializeAsString(),
                  MakeNumberedExtraction(n).SerializeAsString());
        ++listed;
      }
      if (response.next_page_token().empty()) break;
      list.set_page_token(response.next_page_token());
    }
    EXPECT_GE(listed, acked.size());
    verified_listed += listed;

    // Write from several clients; kill -9 in the middle.
    std::mutex mu;
    std::atomic<bool> stop{false};
    std::atomic<int> acked_this_cycle{0};
    std::vector<std::thread> clients;
    for (int c = 0; c < kClients; ++c) {
      clients.emplace_back([&, c] {
        for (int i = 0; i < 100000 && !stop.load(); ++i) {
          int64_t n = int64_t{cycle} * 1000000 + c * 100000 + i;
          v1::CreateDocumentRequest request;
          *request.mutable_document()->mutable_extraction() = MakeNumberedExtraction(n);
          v1::CreateDocumentResponse response;
          grpc::Status status = stub->CreateDocument(Context(2000).get(), request, &response);
          if (!status.ok()) break;  // The server is gone.
          std::lock_guard<std::mutex> lock(mu);
          acked[response.document().name()] = n;
          ++acked_this_cycle;
        }
      });
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(600));
    Kill(child, SIGKILL);
    stop = true;
    for (auto& t : clients) t.join();
    EXPECT_GT(acked_this_cycle.load(), 0) << "cycle " << cycle;
  }

  // A final restart checks the last cycle's writes.
  Child child = StartCatalog(store_flags, log_path);
  ASSERT_FALSE(child.address.empty());
  auto stub = v1::CatalogService::NewStub(
      grpc::CreateChannel(child.address, grpc::InsecureChannelCredentials()));
  ASSERT_NO_FATAL_FAILURE(CheckAcknowledgedIntact(*stub, acked, &verified_reads));
  Kill(child, SIGTERM);
  std::cout << "crash soak (" << store_flags[0].substr(0, store_flags[0].find('='))
            << "): " << cycles << " kill -9 cycles, " << acked.size() << " acknowledged creates, "
            << verified_reads << " acknowledged reads verified intact, " << verified_listed
            << " listed records verified whole" << std::endl;
}

TEST(CrashTest, AcknowledgedWritesSurviveKill9) {
  testing::TempDir dir;
  RunKillCycles({"--data-dir=" + dir.path() + "/data"}, dir.path() + "/server.log");
}

// The same with the catalog on PostgreSQL: a replica killed mid-write loses
// no acknowledged write (the database holds them; the replica holds none).
TEST(CrashTest, AcknowledgedWritesSurviveKill9OfAPostgresReplica) {
  testing::TempDir dir;
  auto cluster = testing::PostgresCluster::Start();
  ASSERT_TRUE(cluster.ok()) << cluster.status();
  auto url = (*cluster)->CreateDatabase();
  ASSERT_TRUE(url.ok()) << url.status();
  RunKillCycles({"--database-url=" + *url}, dir.path() + "/server.log");
}

TEST(ProcessTest, HealthServingAndSigtermEndsOpenWatchesPromptly) {
  testing::TempDir dir;
  // A grace period far longer than the bounds below: a watch that held it
  // would keep the stream and the process alive for 120 s, while a slow
  // (instrumented, loaded) host takes seconds, not minutes, to stop.
  Child child = StartCatalog({"--data-dir=" + dir.path() + "/data", "--shutdown-grace-seconds=120"},
                             dir.path() + "/server.log");
  ASSERT_FALSE(child.address.empty());
  auto channel = grpc::CreateChannel(child.address, grpc::InsecureChannelCredentials());
  auto health = grpc::health::v1::Health::NewStub(channel);
  grpc::health::v1::HealthCheckRequest check;
  check.set_service("readout.v1.CatalogService");
  grpc::health::v1::HealthCheckResponse checked;
  ASSERT_TRUE(health->Check(Context(5000).get(), check, &checked).ok());
  EXPECT_EQ(checked.status(), grpc::health::v1::HealthCheckResponse::SERVING);
  // The query index's own health name (a new catalog: nothing to rebuild).
  check.set_service(kIndexHealthName);
  ASSERT_TRUE(health->Check(Context(5000).get(), check, &checked).ok());
  EXPECT_EQ(checked.status(), grpc::health::v1::HealthCheckResponse::SERVING);

  auto stub = v1::CatalogService::NewStub(channel);
  v1::CreateDocumentRequest create;
  *create.mutable_document()->mutable_extraction() = MakeNumberedExtraction(1);
  v1::CreateDocumentResponse created;
  ASSERT_TRUE(stub->CreateDocument(Context(5000).get(), create, &created).ok());
  auto context = Context(30000);
  v1::WatchDocumentsRequest watch;
  watch.set_start_revision(1);
  auto reader = stub->WatchDocuments(context.get(), watch);
  v1::WatchDocumentsResponse response;
  ASSERT_TRUE(reader->Read(&response));

  auto start = std::chrono::steady_clock::now();
  kill(child.pid, SIGTERM);
  while (reader->Read(&response)) {
  }
  grpc::Status status = reader->Finish();
  // The stream ends without holding the shutdown grace period.
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAVAILABLE) << status.error_message();
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(60));
  reader.reset();
  stub.reset();
  health.reset();
  channel.reset();
  int wait_status = 0;
  waitpid(child.pid, &wait_status, 0);
  child.pid = -1;
  EXPECT_TRUE(WIFEXITED(wait_status) && WEXITSTATUS(wait_status) == 0);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(60));
}

}  // namespace
}  // namespace readout::catalog
