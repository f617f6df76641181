// A CatalogService (and CatalogAdminService) served in-process on
// 127.0.0.1:0 over a SqliteStore in a temporary directory, with a stub on a
// real channel, for service tests.
// Not thread-safe to set up; the stub may be used from many threads.
#ifndef READOUT_TESTS_CATALOG_CATALOG_SERVER_FIXTURE_H_
#define READOUT_TESTS_CATALOG_CATALOG_SERVER_FIXTURE_H_

#include <chrono>
#include <memory>
#include <string>

#include "catalog-service/catalog.h"
#include "catalog-service/service/catalog_admin_service.h"
#include "catalog-service/service/catalog_service_impl.h"
#include "catalog-service/store/sqlite/sqlite_store.h"
#include "catalog-service/testing/temp_dir.h"
#include "common/server/grpc_server.h"
#include "grpcpp/grpcpp.h"
#include "gtest/gtest.h"
#include "readout/v1/catalog_service.grpc.pb.h"

namespace readout::catalog::testing {

class CatalogServerTest : public ::testing::Test {
 protected:
  void SetUp() override { StartServer(); }
  void TearDown() override { StopServer(); }

  void StartServer(int64_t history_limit = 1000000,
                   CatalogServiceOptions service_options = CatalogServiceOptions{}) {
    SqliteStoreOptions options;
    options.history_limit = history_limit;
    StartServerWith(options, service_options);
  }

  // As StartServer, with the store's options (data_dir is the fixture's).
  void StartServerWith(SqliteStoreOptions options,
                       CatalogServiceOptions service_options = CatalogServiceOptions{}) {
    options.data_dir = dir_.path();
    auto store = SqliteStore::Open(options);
    ASSERT_TRUE(store.ok()) << store.status();
    store_ = std::move(*store);
    catalog_ = std::make_unique<Catalog>(store_.get());
    service_ = std::make_unique<CatalogServiceImpl>(catalog_.get(), service_options);
    admin_ = std::make_unique<CatalogAdminServiceImpl>(store_.get());
    common::ServerConfig config;
    config.listen_address = "127.0.0.1:0";
    config.shutdown_grace = absl::Seconds(2);
    auto server = common::GrpcServer::Start(
        config, {{service_.get(), v1::CatalogService::service_full_name()},
                 {admin_.get(), v1::CatalogAdminService::service_full_name()}});
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = std::move(*server);
    // As readout-catalog reports the query index's health.
    store_->SetIndexHealthListener(IndexHealthReporter(&server_->health()));
    channel_ = grpc::CreateChannel(server_->address(), grpc::InsecureChannelCredentials());
    stub_ = v1::CatalogService::NewStub(channel_);
  }

  void StopServer() {
    if (store_) store_->SetIndexHealthListener(nullptr);
    if (server_) server_->Shutdown();
    server_.reset();
    admin_.reset();
    service_.reset();
    catalog_.reset();
    store_.reset();
  }

  // A context with a 10 s deadline.
  static std::unique_ptr<grpc::ClientContext> Context(int seconds = 10) {
    auto context = std::make_unique<grpc::ClientContext>();
    context->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(seconds));
    return context;
  }

  TempDir dir_;
  std::unique_ptr<SqliteStore> store_;
  std::unique_ptr<Catalog> catalog_;
  std::unique_ptr<CatalogServiceImpl> service_;
  std::unique_ptr<CatalogAdminServiceImpl> admin_;
  std::unique_ptr<common::GrpcServer> server_;
  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<v1::CatalogService::Stub> stub_;
};

}  // namespace readout::catalog::testing

#endif  // READOUT_TESTS_CATALOG_CATALOG_SERVER_FIXTURE_H_
