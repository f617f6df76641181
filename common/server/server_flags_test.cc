// Tests of the shared server flags: defaults, environment fallback, the
// command line winning, and bad values named in the error.
#include "common/server/server_flags.h"

#include <cstdlib>
#include <string>
#include <vector>

#include "absl/flags/reflection.h"
#include "absl/time/time.h"
#include "common/flags.h"
#include "gtest/gtest.h"

namespace readout::common {
namespace {

const ServerFlagDefaults kDefaults = {.listen_address = "0.0.0.0:9999", .max_message_bytes = 1234};

void Parse(std::vector<std::string> args) {
  args.insert(args.begin(), "server_flags_test");
  std::vector<char*> argv;
  for (std::string& a : args) argv.push_back(a.data());
  ParseDashedCommandLine(static_cast<int>(argv.size()), argv.data());
}

// Tests run in definition order when the binary runs alone (ctest runs each
// in its own process); the command-line ones come last, as flags seen on a
// command line stay "given" for the rest of the process.
TEST(ResolveServerFlagsTest, ServerDefaultsWhenNothingIsGiven) {
  absl::StatusOr<ServerSettings> settings = ResolveServerFlags(kDefaults);
  ASSERT_TRUE(settings.ok()) << settings.status();
  // Loopback on the server's port unless an address is asked for.
  EXPECT_EQ(settings->config.listen_address, "127.0.0.1:9999");
  EXPECT_EQ(settings->config.max_receive_message_bytes, 1234);
  EXPECT_EQ(settings->config.threads, 0);
  EXPECT_EQ(settings->config.shutdown_grace, absl::Seconds(10));
  EXPECT_EQ(settings->config.max_connection_age, absl::ZeroDuration());
  EXPECT_EQ(settings->log_level, LogLevel::kInfo);
}

TEST(ResolveServerFlagsTest, EnvironmentFallback) {
  setenv("READOUT_LISTEN", "127.0.0.1:0", 1);
  setenv("READOUT_MAX_MESSAGE_BYTES", "5000", 1);
  setenv("READOUT_THREADS", "3", 1);
  setenv("READOUT_MAX_CONNECTION_AGE_SECONDS", "300", 1);
  setenv("READOUT_MIN_CLIENT_PING_INTERVAL_SECONDS", "30", 1);
  setenv("READOUT_LOG_LEVEL", "warning", 1);
  setenv("READOUT_LOG_FORMAT", "json", 1);
  setenv("READOUT_METRICS_LISTEN", "127.0.0.1:9090", 1);
  setenv("READOUT_OTLP_ENDPOINT", "collector:4317", 1);
  absl::StatusOr<ServerSettings> settings = ResolveServerFlags(kDefaults);
  for (const char* env :
       {"READOUT_LISTEN", "READOUT_MAX_MESSAGE_BYTES", "READOUT_THREADS",
        "READOUT_MAX_CONNECTION_AGE_SECONDS", "READOUT_MIN_CLIENT_PING_INTERVAL_SECONDS",
        "READOUT_LOG_LEVEL", "READOUT_LOG_FORMAT", "READOUT_METRICS_LISTEN",
        "READOUT_OTLP_ENDPOINT"}) {
    unsetenv(env);
  }
  ASSERT_TRUE(settings.ok()) << settings.status();
  EXPECT_EQ(settings->config.listen_address, "127.0.0.1:0");
  EXPECT_EQ(settings->config.max_receive_message_bytes, 5000);
  EXPECT_EQ(settings->config.threads, 3);
  EXPECT_EQ(settings->config.max_connection_age, absl::Seconds(300));
  EXPECT_EQ(settings->config.min_client_ping_interval, absl::Seconds(30));
  EXPECT_EQ(settings->log_level, LogLevel::kWarning);
  EXPECT_EQ(settings->log_format, LogFormat::kJson);
  EXPECT_EQ(settings->config.metrics_listen, "127.0.0.1:9090");
  EXPECT_EQ(settings->config.otlp_endpoint, "collector:4317");
}

TEST(ResolveServerFlagsTest, BadEnvironmentValueNamesTheVariable) {
  setenv("READOUT_KEEPALIVE_SECONDS", "often", 1);
  absl::StatusOr<ServerSettings> settings = ResolveServerFlags(kDefaults);
  unsetenv("READOUT_KEEPALIVE_SECONDS");
  ASSERT_FALSE(settings.ok());
  EXPECT_EQ(settings.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(settings.status().message().find("READOUT_KEEPALIVE_SECONDS"), std::string::npos)
      << settings.status();
}

TEST(ResolveServerFlagsTest, CommandLineWinsOverEnvironment) {
  absl::FlagSaver saver;
  setenv("READOUT_LISTEN", "127.0.0.1:1", 1);
  setenv("READOUT_KEEPALIVE_TIMEOUT_SECONDS", "5", 1);
  Parse({"--listen=127.0.0.1:0", "--keepalive-timeout-seconds=7", "--shutdown_drain_seconds=2"});
  absl::StatusOr<ServerSettings> settings = ResolveServerFlags(kDefaults);
  unsetenv("READOUT_LISTEN");
  unsetenv("READOUT_KEEPALIVE_TIMEOUT_SECONDS");
  ASSERT_TRUE(settings.ok()) << settings.status();
  EXPECT_EQ(settings->config.listen_address, "127.0.0.1:0");
  EXPECT_EQ(settings->config.keepalive_timeout, absl::Seconds(7));
  EXPECT_EQ(settings->config.shutdown_drain, absl::Seconds(2));
}

TEST(ResolveServerFlagsTest, BadValuesNameTheFlag) {
  struct Case {
    std::string arg;
    std::string flag;
  };
  for (const Case& c : std::vector<Case>{
           {"--threads=-1", "--threads"},
           {"--max-connection-age-seconds=-1", "--max-connection-age-seconds"},
           {"--min-client-ping-interval-seconds=-0.5", "--min-client-ping-interval-seconds"},
           {"--log-level=loud", "--log-level"},
           {"--log-format=xml", "--log-format"},
           // Last: once given, the flag's own value (0) is used, not the default.
           {"--max-message-bytes=3000000000", "--max-message-bytes"},
           {"--max-message-bytes=0", "--max-message-bytes"},
       }) {
    absl::FlagSaver saver;
    Parse({c.arg});
    absl::StatusOr<ServerSettings> settings = ResolveServerFlags(kDefaults);
    ASSERT_FALSE(settings.ok()) << c.arg;
    EXPECT_EQ(settings.status().code(), absl::StatusCode::kInvalidArgument) << c.arg;
    EXPECT_NE(settings.status().message().find(c.flag), std::string::npos)
        << c.arg << ": " << settings.status();
  }
}

}  // namespace
}  // namespace readout::common
