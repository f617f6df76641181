// Tests of the dashed-flag rewriting and the flag > env > default precedence.
#include "common/flags.h"

#include <cstdlib>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "gtest/gtest.h"

ABSL_FLAG(int, flags_test_count, 7, "a flag for tests");

namespace readout::common {
namespace {

TEST(DashedFlagsToUnderscoresTest, RewritesNamesOnly) {
  std::vector<std::string> args = {
      "prog", "--max-message-bytes=a-b", "--log-level", "x-y", "-v-x", "--", "--not-a-flag"};
  std::vector<char*> argv;
  for (std::string& a : args) argv.push_back(a.data());
  std::vector<std::string> out =
      DashedFlagsToUnderscores(static_cast<int>(argv.size()), argv.data());
  EXPECT_EQ(out[1], "--max_message_bytes=a-b");
  EXPECT_EQ(out[2], "--log_level");
  EXPECT_EQ(out[3], "x-y");
  EXPECT_EQ(out[4], "-v-x");
  EXPECT_EQ(out[6], "--not-a-flag");
}

TEST(FlagOrEnvTest, EnvThenDefault) {
  unsetenv("READOUT_FLAGS_TEST_COUNT");
  EXPECT_EQ(*FlagOrEnv(FLAGS_flags_test_count, "READOUT_FLAGS_TEST_COUNT"), 7);
  setenv("READOUT_FLAGS_TEST_COUNT", "42", 1);
  EXPECT_EQ(*FlagOrEnv(FLAGS_flags_test_count, "READOUT_FLAGS_TEST_COUNT"), 42);
  setenv("READOUT_FLAGS_TEST_COUNT", "many", 1);
  absl::StatusOr<int> bad = FlagOrEnv(FLAGS_flags_test_count, "READOUT_FLAGS_TEST_COUNT");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("READOUT_FLAGS_TEST_COUNT"), std::string::npos);
  unsetenv("READOUT_FLAGS_TEST_COUNT");
}

TEST(FlagOrEnvTest, CommandLineWins) {
  setenv("READOUT_FLAGS_TEST_COUNT", "42", 1);
  std::vector<std::string> args = {"prog", "--flags-test-count=3"};
  std::vector<char*> argv;
  for (std::string& a : args) argv.push_back(a.data());
  ParseDashedCommandLine(static_cast<int>(argv.size()), argv.data());
  EXPECT_EQ(*FlagOrEnv(FLAGS_flags_test_count, "READOUT_FLAGS_TEST_COUNT"), 3);
  unsetenv("READOUT_FLAGS_TEST_COUNT");
}

}  // namespace
}  // namespace readout::common
