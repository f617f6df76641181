// Tests of the server bootstrap over a real channel: bound port, health
// Check/Watch, reflection, NOT_SERVING on shutdown.
#include "common/server/grpc_server.h"

#include <chrono>
#include <memory>
#include <thread>

#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "grpcpp/grpcpp.h"
#include "gtest/gtest.h"

namespace readout::common {
namespace {

using grpc::health::v1::Health;
using grpc::health::v1::HealthCheckRequest;
using grpc::health::v1::HealthCheckResponse;

ServerConfig TestConfig() {
  ServerConfig config;
  config.listen_address = "127.0.0.1:0";
  config.threads = 2;
  config.shutdown_grace = absl::Seconds(5);
  return config;
}

std::chrono::system_clock::time_point Deadline(int seconds = 10) {
  return std::chrono::system_clock::now() + std::chrono::seconds(seconds);
}

TEST(WithPortTest, ReplacesPort) {
  EXPECT_EQ(WithPort("0.0.0.0:0", 4321), "0.0.0.0:4321");
  EXPECT_EQ(WithPort("[::]:0", 80), "[::]:80");
}

TEST(ValidateServerConfigTest, RejectsBadValues) {
  ServerConfig config = TestConfig();
  EXPECT_TRUE(ValidateServerConfig(config).ok());
  config.listen_address = "nowhere";
  EXPECT_FALSE(ValidateServerConfig(config).ok());
  config = TestConfig();
  config.max_receive_message_bytes = 0;
  EXPECT_FALSE(ValidateServerConfig(config).ok());
  config = TestConfig();
  config.shutdown_grace = absl::Seconds(-1);
  EXPECT_FALSE(ValidateServerConfig(config).ok());
}

TEST(GrpcServerTest, BindsPortZeroAndAnswersHealthCheck) {
  auto server = GrpcServer::Start(TestConfig(), {});
  ASSERT_TRUE(server.ok()) << server.status();
  EXPECT_GT((*server)->port(), 0);
  EXPECT_EQ((*server)->address(), "127.0.0.1:" + std::to_string((*server)->port()));
  auto stub = Health::NewStub(
      grpc::CreateChannel((*server)->address(), grpc::InsecureChannelCredentials()));

  grpc::ClientContext context;
  context.set_deadline(Deadline());
  HealthCheckRequest request;
  HealthCheckResponse response;
  ASSERT_TRUE(stub->Check(&context, request, &response).ok());
  EXPECT_EQ(response.status(), HealthCheckResponse::SERVING);

  grpc::ClientContext unknown_context;
  unknown_context.set_deadline(Deadline());
  request.set_service("no.such.Service");
  EXPECT_EQ(stub->Check(&unknown_context, request, &response).error_code(),
            grpc::StatusCode::NOT_FOUND);
  (*server)->Shutdown();
}

TEST(GrpcServerTest, SecondServerOnSamePortFails) {
  auto first = GrpcServer::Start(TestConfig(), {});
  ASSERT_TRUE(first.ok());
  ServerConfig config = TestConfig();
  config.listen_address = (*first)->address();
  auto second = GrpcServer::Start(config, {});
  EXPECT_EQ(second.status().code(), absl::StatusCode::kUnavailable);
}

TEST(GrpcServerTest, WatchSeesChangesAndNotServingOnShutdown) {
  ServerConfig config = TestConfig();
  config.shutdown_drain = absl::Milliseconds(1500);
  auto server = GrpcServer::Start(config, {});
  ASSERT_TRUE(server.ok());
  (*server)->health().SetServingStatus("x.Svc", HealthCheckResponse::SERVING);
  auto stub = Health::NewStub(
      grpc::CreateChannel((*server)->address(), grpc::InsecureChannelCredentials()));

  grpc::ClientContext context;
  context.set_deadline(Deadline());
  HealthCheckRequest request;
  request.set_service("x.Svc");
  auto reader = stub->Watch(&context, request);
  HealthCheckResponse response;
  ASSERT_TRUE(reader->Read(&response));
  EXPECT_EQ(response.status(), HealthCheckResponse::SERVING);

  (*server)->health().SetServingStatus("x.Svc", HealthCheckResponse::NOT_SERVING);
  ASSERT_TRUE(reader->Read(&response));
  EXPECT_EQ(response.status(), HealthCheckResponse::NOT_SERVING);
  (*server)->health().SetServingStatus("x.Svc", HealthCheckResponse::SERVING);
  ASSERT_TRUE(reader->Read(&response));
  EXPECT_EQ(response.status(), HealthCheckResponse::SERVING);

  std::thread shutdown([&server] { (*server)->Shutdown(); });
  ASSERT_TRUE(reader->Read(&response));
  EXPECT_EQ(response.status(), HealthCheckResponse::NOT_SERVING);
  EXPECT_FALSE(reader->Read(&response));
  EXPECT_EQ(reader->Finish().error_code(), grpc::StatusCode::UNAVAILABLE);

  // During the drain delay the server still answers, with NOT_SERVING.
  grpc::ClientContext check_context;
  check_context.set_deadline(Deadline());
  HealthCheckRequest overall;
  ASSERT_TRUE(stub->Check(&check_context, overall, &response).ok());
  EXPECT_EQ(response.status(), HealthCheckResponse::NOT_SERVING);
  shutdown.join();
}

TEST(GrpcServerTest, WatchOfUnknownServiceSaysServiceUnknown) {
  auto server = GrpcServer::Start(TestConfig(), {});
  ASSERT_TRUE(server.ok());
  auto stub = Health::NewStub(
      grpc::CreateChannel((*server)->address(), grpc::InsecureChannelCredentials()));
  grpc::ClientContext context;
  context.set_deadline(Deadline());
  HealthCheckRequest request;
  request.set_service("later.Svc");
  auto reader = stub->Watch(&context, request);
  HealthCheckResponse response;
  ASSERT_TRUE(reader->Read(&response));
  EXPECT_EQ(response.status(), HealthCheckResponse::SERVICE_UNKNOWN);
  (*server)->health().SetServingStatus("later.Svc", HealthCheckResponse::SERVING);
  ASSERT_TRUE(reader->Read(&response));
  EXPECT_EQ(response.status(), HealthCheckResponse::SERVING);
  context.TryCancel();
  while (reader->Read(&response)) {
  }
  EXPECT_EQ(reader->Finish().error_code(), grpc::StatusCode::CANCELLED);
  (*server)->Shutdown();
}

TEST(GrpcServerTest, ShutdownIsIdempotentAndQuick) {
  auto server = GrpcServer::Start(TestConfig(), {});
  ASSERT_TRUE(server.ok());
  absl::Time start = absl::Now();
  (*server)->Shutdown();
  (*server)->Shutdown();
  (*server)->Wait();
  EXPECT_LT(absl::Now() - start, absl::Seconds(4));
}

}  // namespace
}  // namespace readout::common
