// The readout-catalog binary over PostgreSQL (a throwaway cluster), as an
// operator runs it:
//  - every statement is bounded by the caller's deadline: while another
//    session holds a lock the catalog's statements need, calls with a short
//    deadline end with DEADLINE_EXCEEDED, the database shows none of the
//    catalog's statements still waiting on the lock (cancelled, not left to
//    statement_timeout), the write made under the lock left nothing behind,
//    and once the lock goes the same small pool serves again;
//  - the store's metrics: a /metrics scrape passes `promtool check metrics`
//    and shows the commits, statements, pool, timeouts and the LISTEN
//    connection, which is counted when it is restored after PostgreSQL
//    terminated it;
//  - a document whose text holds a NUL byte (which PostgreSQL refuses in a
//    text value) is stored and read back exactly; a NUL in a request id is
//    INVALID_ARGUMENT naming it, and the server goes on serving;
//  - a read whose pooled connection PostgreSQL closed answers anyway (on a
//    fresh connection), counted in readout_catalog_postgres_read_retries_total;
//  - creates answer with each document's own extraction (moved from the
//    request into the answer), single and batched, with and without a
//    request id.
#include <signal.h>
#include <stdio.h>

#include <chrono>
#include <memory>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "catalog-service/store/postgres/pg_connection.h"
#include "catalog-service/testing/postgres_cluster.h"
#include "catalog-service/testing/temp_dir.h"
#include "catalog-service/testing/test_records.h"
#include "common/sha256.h"
#include "grpcpp/grpcpp.h"
#include "gtest/gtest.h"
#include "httplib.h"
#include "readout/v1/catalog_service.grpc.pb.h"
#include "tests/catalog/catalog_process.h"

namespace readout::catalog {
namespace {

using testing::MakeNumberedExtraction;

// A catalog process over a new database of the shared cluster, with its
// metrics endpoint, and a libpq session of the test's own to that database.
class PostgresServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto cluster = testing::SharedPostgresCluster();
    ASSERT_TRUE(cluster.ok()) << cluster.status();
    auto url = (*cluster)->CreateDatabase();
    ASSERT_TRUE(url.ok()) << url.status();
    url_ = *url;
    log_ = dir_.path() + "/server.log";
    child_ = StartCatalog(
        {"--database-url=" + url_, "--database-connections=2", "--metrics-listen=127.0.0.1:0"},
        log_);
    ASSERT_FALSE(child_.address.empty()) << ReadFile(log_);
    const std::string marker = "event=metrics_listening address=";
    const std::string log = ReadFile(log_);
    const size_t at = log.find(marker);
    ASSERT_NE(at, std::string::npos) << log;
    metrics_address_ = log.substr(
        at + marker.size(), log.find_first_of(" \n", at + marker.size()) - (at + marker.size()));
    stub_ = v1::CatalogService::NewStub(
        grpc::CreateChannel(child_.address, grpc::InsecureChannelCredentials()));
    auto session = pg::Connection::Open(url_, 10);
    ASSERT_TRUE(session.ok()) << session.status();
    session_ = std::move(*session);
  }

  void TearDown() override { Kill(child_, SIGTERM); }

  grpc::Status Create(int64_t n, int millis, std::string* name = nullptr) {
    v1::CreateDocumentRequest request;
    *request.mutable_document()->mutable_extraction() = MakeNumberedExtraction(n);
    v1::CreateDocumentResponse response;
    grpc::Status status = stub_->CreateDocument(Context(millis).get(), request, &response);
    if (name != nullptr) *name = response.document().name();
    return status;
  }

  grpc::Status Get(const std::string& name, int millis) {
    v1::GetDocumentRequest request;
    request.set_name(name);
    v1::GetDocumentResponse response;
    return stub_->GetDocument(Context(millis).get(), request, &response);
  }

  // One integer the test's session reads.
  int64_t Query(const std::string& sql) {
    auto result = session_->Exec(sql);
    EXPECT_TRUE(result.ok()) << sql << ": " << result.status();
    return result.ok() && result->rows() > 0 ? result->Int(0, 0) : -1;
  }

  // Polls (up to 10 s) until `sql` reads `expected`; the last value read.
  int64_t AwaitQuery(const std::string& sql, int64_t expected) {
    int64_t value = -1;
    for (int i = 0; i < 100; ++i) {
      value = Query(sql);
      if (value == expected) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return value;
  }

  std::string Scrape() {
    std::vector<std::string> host_port = absl::StrSplit(metrics_address_, ':');
    int port = 0;
    EXPECT_TRUE(absl::SimpleAtoi(host_port.back(), &port)) << metrics_address_;
    httplib::Client client(host_port.front(), port);
    client.set_connection_timeout(5);
    client.set_read_timeout(5);
    httplib::Result result = client.Get("/metrics");
    if (!result) {
      ADD_FAILURE() << "scrape of " << metrics_address_ << " failed";
      return "";
    }
    return result->body;
  }

  // Scrapes (up to 10 s) until every sample in `expected` has its value;
  // the last text scraped.
  std::string AwaitSamples(const std::vector<std::pair<std::string, double>>& expected) {
    std::string text;
    for (int i = 0; i < 100; ++i) {
      text = Scrape();
      bool all = true;
      for (const auto& [series, value] : expected) all = all && Sample(text, series) == value;
      if (all) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return text;
  }

  // The value of the sample `series` (name and labels as rendered), or -1.
  static double Sample(const std::string& text, const std::string& series) {
    for (absl::string_view line : absl::StrSplit(text, '\n')) {
      if (absl::StartsWith(line, series + " ")) {
        double value;
        if (absl::SimpleAtod(line.substr(series.size() + 1), &value)) return value;
      }
    }
    return -1;
  }

  testing::TempDir dir_;
  std::string url_, log_, metrics_address_;
  Child child_;
  std::unique_ptr<v1::CatalogService::Stub> stub_;
  std::unique_ptr<pg::Connection> session_;
};

TEST_F(PostgresServerTest, EveryStatementEndsAtTheCallersDeadline) {
  std::string stored;
  ASSERT_TRUE(Create(1, 10000, &stored).ok());
  // The test's session takes a lock every read and write of documents
  // needs, and keeps it.
  ASSERT_TRUE(session_->Run("BEGIN; LOCK TABLE docs IN ACCESS EXCLUSIVE MODE").ok());

  // More blocked calls than the pool has connections (2): reads, then a
  // write, each with a 300 ms deadline.
  std::vector<std::thread> callers;
  std::vector<grpc::StatusCode> codes(4);
  for (size_t i = 0; i < codes.size(); ++i) {
    callers.emplace_back([&, i] { codes[i] = Get(stored, 300).error_code(); });
  }
  for (std::thread& t : callers) t.join();
  for (grpc::StatusCode code : codes) EXPECT_EQ(code, grpc::StatusCode::DEADLINE_EXCEEDED);
  EXPECT_EQ(Create(2, 300).error_code(), grpc::StatusCode::DEADLINE_EXCEEDED);

  // The catalog cancelled its statements: none still waits on the lock,
  // which is still held (statement_timeout is 30 s; the wait ends here
  // within 10 s or the test fails).
  EXPECT_EQ(AwaitQuery("SELECT count(*) FROM pg_stat_activity WHERE application_name = "
                       "'readout-catalog' AND wait_event_type = 'Lock'",
                       0),
            0);
  ASSERT_TRUE(session_->Run("COMMIT").ok());

  // The cancelled write left nothing: one document, one revision, one change.
  EXPECT_EQ(Query("SELECT count(*) FROM docs"), 1);
  EXPECT_EQ(Query("SELECT revision FROM revision_counter"), 1);
  EXPECT_EQ(Query("SELECT count(*) FROM changes"), 1);

  // The same two pooled connections serve again, and the write succeeds
  // when retried.
  for (int i = 0; i < 4; ++i) {
    grpc::Status status = Get(stored, 5000);
    EXPECT_TRUE(status.ok()) << status.error_message();
  }
  std::string created;
  grpc::Status status = Create(2, 5000, &created);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_TRUE(Get(created, 5000).ok());
  EXPECT_EQ(Query("SELECT revision FROM revision_counter"), 2);

  // The server's own account: statements that timed out, calls that waited
  // for a connection (4 readers on 2 connections).
  const std::string text = Scrape();
  EXPECT_GE(Sample(text,
                   "readout_catalog_postgres_statement_errors_total{server=\"primary\","
                   "kind=\"timeout\"}"),
            2)
      << text;
  EXPECT_GE(Sample(text, "readout_catalog_postgres_pool_waits_total{server=\"primary\"}"), 1)
      << text;
}

TEST_F(PostgresServerTest, StoreMetricsPassPromtoolAndFollowTheListener) {
  std::string name;
  ASSERT_TRUE(Create(1, 10000, &name).ok());
  ASSERT_TRUE(Get(name, 10000).ok());
  v1::ListDocumentsRequest list;
  v1::ListDocumentsResponse listed;
  ASSERT_TRUE(stub_->ListDocuments(Context(10000).get(), list, &listed).ok());

  // The listener connects on its own thread; under load it may not be up
  // yet when the first calls return.
  std::string text = AwaitSamples({{"readout_catalog_postgres_listening", 1}});
  const std::string promtool = READOUT_PROMTOOL;
  ASSERT_FALSE(promtool.empty()) << "promtool is missing: tools/setup.sh installs prometheus";
  {
    const std::string path = dir_.path() + "/scrape.txt";
    FILE* out = fopen(path.c_str(), "w");
    ASSERT_NE(out, nullptr);
    const size_t written = fwrite(text.data(), 1, text.size(), out);
    ASSERT_EQ(fclose(out), 0) << path;
    ASSERT_EQ(written, text.size()) << path;
    FILE* check = popen((promtool + " check metrics < " + path + " 2>&1").c_str(), "r");
    ASSERT_NE(check, nullptr);
    std::string said;
    char buffer[512];
    while (size_t n = fread(buffer, 1, sizeof(buffer), check)) said.append(buffer, n);
    EXPECT_EQ(pclose(check), 0) << "promtool check metrics: " << said;
  }
  EXPECT_EQ(Sample(text, "readout_catalog_commits_total{result=\"ok\"}"), 1) << text;
  EXPECT_EQ(Sample(text, "readout_catalog_commit_batch_requests_count"), 1) << text;
  EXPECT_EQ(Sample(text, "readout_catalog_revision"), 1) << text;
  EXPECT_GE(Sample(text, "readout_catalog_postgres_statement_seconds_count{server=\"primary\"}"), 4)
      << text;
  EXPECT_EQ(Sample(text,
                   "readout_catalog_postgres_statement_errors_total{server=\"primary\","
                   "kind=\"timeout\"}"),
            0);
  EXPECT_EQ(Sample(text, "readout_catalog_postgres_connections_max{server=\"primary\"}"), 2);
  EXPECT_EQ(Sample(text, "readout_catalog_postgres_connections_max{server=\"standby\"}"), 0);
  EXPECT_GE(Sample(text, "readout_catalog_postgres_connections{server=\"primary\",state=\"idle\"}"),
            1);
  EXPECT_EQ(Sample(text, "readout_catalog_postgres_listening"), 1) << text;
  EXPECT_EQ(Sample(text, "readout_catalog_postgres_listener_reconnects_total"), 0);

  // PostgreSQL ends the LISTEN connection: the catalog opens another, and
  // says so (the reconnect counter, the listening gauge, a new listener
  // session in pg_stat_activity). That another replica's writes are then
  // heard through the new connection is not checked here (postgres_store_test
  // CommitListenersHearWritesOfOtherReplicas checks it on a first one).
  EXPECT_EQ(Query("SELECT count(*) FROM (SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                  "WHERE application_name = 'readout-catalog-listener') t"),
            1);
  text = AwaitSamples({{"readout_catalog_postgres_listener_reconnects_total", 1},
                       {"readout_catalog_postgres_listening", 1}});
  EXPECT_EQ(Sample(text, "readout_catalog_postgres_listener_reconnects_total"), 1) << text;
  EXPECT_EQ(Sample(text, "readout_catalog_postgres_listening"), 1) << text;
  EXPECT_EQ(AwaitQuery("SELECT count(*) FROM pg_stat_activity WHERE application_name = "
                       "'readout-catalog-listener'",
                       1),
            1);
}

TEST_F(PostgresServerTest, ANulByteInTheTextIsStoredAndOneInARequestIdIsRefusedByName) {
  const std::string nul(1, '\0');
  testing::SyntheticDocument doc;
  doc.title = "Quay" + nul + "repairs";
  doc.body = "The harbour board" + nul + "approved the repairs.";
  doc.people = {{"Ada" + nul + "Brook", "Harbour master", "Harbour" + nul + "Board"}};
  v1::CreateDocumentRequest request;
  *request.mutable_document()->mutable_extraction() = testing::MakeExtraction(doc);
  request.set_request_id("nul-text");
  v1::CreateDocumentResponse created;
  grpc::Status status = stub_->CreateDocument(Context(10000).get(), request, &created);
  ASSERT_TRUE(status.ok()) << status.error_code() << " " << status.error_message();
  v1::GetDocumentRequest get;
  get.set_name(created.document().name());
  v1::GetDocumentResponse got;
  status = stub_->GetDocument(Context(10000).get(), get, &got);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(got.document().extraction().SerializeAsString(),
            request.document().extraction().SerializeAsString());
  v1::SearchDocumentsRequest search;
  search.set_query("approved");
  v1::SearchDocumentsResponse found;
  status = stub_->SearchDocuments(Context(10000).get(), search, &found);
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_EQ(found.results_size(), 1);
  EXPECT_EQ(found.results(0).snippet().find('\0'), std::string::npos);
  v1::GetPersonRequest person;
  person.set_name("people/ada-brook");
  v1::GetPersonResponse ada;
  status = stub_->GetPerson(Context(10000).get(), person, &ada);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(ada.person().display_name(), "Ada Brook");

  request.set_request_id("nul" + nul + "id");
  v1::CreateDocumentResponse refused;
  status = stub_->CreateDocument(Context(10000).get(), request, &refused);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << status.error_message();
  EXPECT_NE(status.error_message().find("request_id"), std::string::npos) << status.error_message();
  EXPECT_TRUE(Create(1, 10000).ok());  // Still serving.
}

TEST_F(PostgresServerTest, CreatesAnswerWithEachDocumentsOwnExtraction) {
  // The extraction of a create is moved out of the request and into the
  // answer rather than copied: each answer still carries its own document's
  // extraction, with its content hash, in one create and in a batch (an
  // extraction repeated in the batch, differing in its title only, is
  // answered with its own, not created); a retried request id gets the
  // same answer.
  auto extraction = [](int64_t n, const std::string& title) {
    v1::Extraction x = MakeNumberedExtraction(n);
    x.mutable_document()->set_title(title);
    return x;
  };
  auto with_hash = [](v1::Extraction x) {
    x.mutable_document()->set_content_hash(common::Sha256Hex(x.document().text()));
    return x.SerializeAsString();
  };
  v1::CreateDocumentRequest one;
  *one.mutable_document()->mutable_extraction() = extraction(901, "Single");
  v1::CreateDocumentResponse created;
  grpc::Status status = stub_->CreateDocument(Context(10000).get(), one, &created);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_TRUE(created.created());
  EXPECT_GT(created.document().revision(), 0);
  EXPECT_EQ(created.document().extraction().SerializeAsString(),
            with_hash(one.document().extraction()));

  for (const std::string request_id : {"", "batch-once"}) {
    SCOPED_TRACE("request id \"" + request_id + "\"");
    const int64_t base = request_id.empty() ? 910 : 920;
    v1::BatchCreateDocumentsRequest batch;
    batch.set_request_id(request_id);
    *batch.add_requests()->mutable_document()->mutable_extraction() = extraction(base, "First");
    *batch.add_requests()->mutable_document()->mutable_extraction() = extraction(base + 1, "Next");
    *batch.add_requests()->mutable_document()->mutable_extraction() = extraction(base, "Again");
    v1::BatchCreateDocumentsResponse answer;
    status = stub_->BatchCreateDocuments(Context(10000).get(), batch, &answer);
    ASSERT_TRUE(status.ok()) << status.error_message();
    ASSERT_EQ(answer.responses_size(), 3);
    const bool want_created[] = {true, true, false};
    for (int i = 0; i < 3; ++i) {
      EXPECT_EQ(answer.responses(i).created(), want_created[i]) << i;
      EXPECT_EQ(answer.responses(i).document().extraction().SerializeAsString(),
                with_hash(batch.requests(i).document().extraction()))
          << i;
    }
    EXPECT_EQ(answer.responses(2).document().name(), answer.responses(0).document().name());
    if (request_id.empty()) continue;
    v1::BatchCreateDocumentsResponse again;
    status = stub_->BatchCreateDocuments(Context(10000).get(), batch, &again);
    ASSERT_TRUE(status.ok()) << status.error_message();
    EXPECT_EQ(again.SerializeAsString(), answer.SerializeAsString());
  }
}

TEST_F(PostgresServerTest, AReadWhosePooledConnectionWasClosedAnswersAndIsCounted) {
  std::string name;
  ASSERT_TRUE(Create(1, 10000, &name).ok());
  ASSERT_TRUE(Get(name, 10000).ok());
  auto closed = testing::CloseCatalogConnections(url_);
  ASSERT_TRUE(closed.ok()) << closed.status();
  ASSERT_GT(*closed, 0);
  // A listing (GetDocument may answer from the service's cache). The
  // replica's own check of the counter, every second, may meet a closed
  // connection first: either way one read ran again.
  v1::ListDocumentsRequest list;
  v1::ListDocumentsResponse listed;
  grpc::Status status = stub_->ListDocuments(Context(10000).get(), list, &listed);
  EXPECT_TRUE(status.ok()) << status.error_code() << " " << status.error_message();
  EXPECT_EQ(listed.documents_size(), 1);
  const std::string text = Scrape();
  EXPECT_GE(Sample(text, "readout_catalog_postgres_read_retries_total"), 1) << text;
}

}  // namespace
}  // namespace readout::catalog
