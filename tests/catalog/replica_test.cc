// Two catalog replicas (each a CatalogService on its own 127.0.0.1:0 server
// and its own PostgresStore) over one PostgreSQL database in a throwaway
// cluster, reached by real gRPC clients: a write through A is read through
// B (and a delete through A is seen by B), a page token of A is honoured by
// B, and a watch on B receives every change written through A and B by
// concurrent clients exactly once, in revision order.
#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "catalog-service/catalog.h"
#include "catalog-service/service/catalog_service_impl.h"
#include "catalog-service/store/postgres/postgres_store.h"
#include "catalog-service/testing/postgres_cluster.h"
#include "catalog-service/testing/test_records.h"
#include "common/server/grpc_server.h"
#include "grpcpp/grpcpp.h"
#include "gtest/gtest.h"
#include "readout/v1/catalog_service.grpc.pb.h"

namespace readout::catalog {
namespace {

using testing::MakeNumberedExtraction;

// One replica: its store, service and server, and a stub to it.
struct Replica {
  std::unique_ptr<PostgresStore> store;
  std::unique_ptr<Catalog> catalog;
  std::unique_ptr<CatalogServiceImpl> service;
  std::unique_ptr<common::GrpcServer> server;
  std::unique_ptr<v1::CatalogService::Stub> stub;

  ~Replica() {
    if (service) service->StopWatches();
    if (server) server->Shutdown();
  }
};

std::unique_ptr<grpc::ClientContext> Context(int seconds = 10) {
  auto context = std::make_unique<grpc::ClientContext>();
  context->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(seconds));
  return context;
}

class ReplicaTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto cluster = testing::SharedPostgresCluster();
    ASSERT_TRUE(cluster.ok()) << cluster.status();
    auto url = (*cluster)->CreateDatabase();
    ASSERT_TRUE(url.ok()) << url.status();
    for (auto* replica : {&a_, &b_}) {
      PostgresStoreOptions options;
      options.url = *url;
      auto store = PostgresStore::Open(options);
      ASSERT_TRUE(store.ok()) << store.status();
      replica->store = std::move(*store);
      replica->catalog = std::make_unique<Catalog>(replica->store.get());
      replica->service =
          std::make_unique<CatalogServiceImpl>(replica->catalog.get(), CatalogServiceOptions{});
      common::ServerConfig config;
      config.listen_address = "127.0.0.1:0";
      config.shutdown_grace = absl::Seconds(2);
      auto server = common::GrpcServer::Start(
          config, {{replica->service.get(), v1::CatalogService::service_full_name()}});
      ASSERT_TRUE(server.ok()) << server.status();
      replica->server = std::move(*server);
      replica->stub = v1::CatalogService::NewStub(
          grpc::CreateChannel(replica->server->address(), grpc::InsecureChannelCredentials()));
    }
  }

  static grpc::Status CreateThrough(Replica& replica, int64_t n, std::string* name = nullptr) {
    v1::CreateDocumentRequest request;
    *request.mutable_document()->mutable_extraction() = MakeNumberedExtraction(n);
    v1::CreateDocumentResponse response;
    grpc::Status status = replica.stub->CreateDocument(Context().get(), request, &response);
    if (name != nullptr) *name = response.document().name();
    return status;
  }

  Replica a_, b_;
};

TEST_F(ReplicaTest, AWriteThroughOneIsReadThroughTheOtherWithItsPageTokens) {
  std::string name;
  for (int n = 0; n < 3; ++n) ASSERT_TRUE(CreateThrough(a_, n, &name).ok());
  v1::GetDocumentRequest get;
  get.set_name(name);
  v1::GetDocumentResponse got;
  grpc::Status status = b_.stub->GetDocument(Context().get(), get, &got);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(got.document().extraction().SerializeAsString(),
            MakeNumberedExtraction(2).SerializeAsString());

  // A page token minted by A is accepted by B, and B continues the listing.
  v1::ListDocumentsRequest list;
  list.set_page_size(2);
  v1::ListDocumentsResponse first;
  ASSERT_TRUE(a_.stub->ListDocuments(Context().get(), list, &first).ok());
  ASSERT_EQ(first.documents_size(), 2);
  ASSERT_FALSE(first.next_page_token().empty());
  list.set_page_token(first.next_page_token());
  v1::ListDocumentsResponse second;
  status = b_.stub->ListDocuments(Context().get(), list, &second);
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_EQ(second.documents_size(), 1);
  EXPECT_EQ(second.documents(0).name(), name);
  EXPECT_TRUE(second.next_page_token().empty());

  // Search and people answer the same on both.
  v1::SearchDocumentsRequest search;
  search.set_query("meeting");
  v1::SearchDocumentsResponse found_a, found_b;
  ASSERT_TRUE(a_.stub->SearchDocuments(Context().get(), search, &found_a).ok());
  ASSERT_TRUE(b_.stub->SearchDocuments(Context().get(), search, &found_b).ok());
  EXPECT_EQ(found_a.results_size(), 3);
  EXPECT_EQ(found_a.SerializeAsString(), found_b.SerializeAsString());

  // A delete through A is seen by B at once, though B has read (and might
  // have cached) the document.
  v1::DeleteDocumentRequest remove;
  remove.set_name(name);
  v1::DeleteDocumentResponse removed;
  status = a_.stub->DeleteDocument(Context().get(), remove, &removed);
  ASSERT_TRUE(status.ok()) << status.error_message();
  status = b_.stub->GetDocument(Context().get(), get, &got);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND) << status.error_message();
}

TEST_F(ReplicaTest, AWatchOnOneReplicaSeesEveryWriteOfBothOnceInOrder) {
  constexpr int kClientsPerReplica = 3;
  constexpr int kDocsPerClient = 15;
  constexpr int64_t kTotal = 2 * kClientsPerReplica * kDocsPerClient;
  grpc::ClientContext watch_context;
  watch_context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(120));
  v1::WatchDocumentsRequest watch;
  watch.set_start_revision(1);
  auto reader = b_.stub->WatchDocuments(&watch_context, watch);

  std::atomic<int> failures{0};
  std::vector<std::thread> clients;
  std::mutex mu;
  std::set<std::string> created;
  for (int c = 0; c < 2 * kClientsPerReplica; ++c) {
    clients.emplace_back([&, c] {
      Replica& replica = c % 2 == 0 ? a_ : b_;
      for (int i = 0; i < kDocsPerClient; ++i) {
        std::string name;
        if (!CreateThrough(replica, int64_t{c} * 1000 + i, &name).ok()) {
          ++failures;
          continue;
        }
        std::lock_guard<std::mutex> lock(mu);
        created.insert(name);
      }
    });
  }
  std::vector<int64_t> revisions;
  std::vector<std::string> names;
  v1::WatchDocumentsResponse response;
  while (static_cast<int64_t>(revisions.size()) < kTotal && reader->Read(&response)) {
    for (const v1::DocumentChange& change : response.changes()) {
      revisions.push_back(change.revision());
      names.push_back(change.name());
    }
  }
  for (std::thread& t : clients) t.join();
  watch_context.TryCancel();
  reader->Finish().IgnoreError();
  EXPECT_EQ(failures.load(), 0);
  ASSERT_EQ(static_cast<int64_t>(revisions.size()), kTotal);
  for (int64_t i = 0; i < kTotal; ++i) EXPECT_EQ(revisions[i], i + 1);
  EXPECT_EQ(std::set<std::string>(names.begin(), names.end()), created);
}

}  // namespace
}  // namespace readout::catalog
