// Tests of the logfmt line format and level filtering.
#include "common/server/logging.h"

#include <string>
#include <vector>

#include "gtest/gtest.h"

namespace readout::common {
namespace {

TEST(LoggingTest, FormatsKeyValuePairs) {
  EXPECT_EQ(FormatLogLine("T", LogLevel::kInfo, "server_started",
                          {{"address", "127.0.0.1:5"}, {"port", 5}}),
            "ts=T level=info event=server_started address=127.0.0.1:5 port=5");
}

TEST(LoggingTest, QuotesAndEscapes) {
  EXPECT_EQ(FormatLogLine("T", LogLevel::kError, "e",
                          {{"msg", "a \"b\"\nc"}, {"empty", ""}, {"eq", "a=b"}}),
            "ts=T level=error event=e msg=\"a \\\"b\\\"\\nc\" empty=\"\" "
            "eq=\"a=b\"");
}

TEST(LoggingTest, FiltersBelowMinLevelAndUsesSink) {
  std::vector<std::string> lines;
  SetLogSinkForTesting([&lines](absl::string_view line) { lines.emplace_back(line); });
  SetMinLogLevel(LogLevel::kWarning);
  Log(LogLevel::kInfo, "dropped");
  Log(LogLevel::kError, "kept", {{"n", 1}});
  SetMinLogLevel(LogLevel::kInfo);
  SetLogSinkForTesting(nullptr);
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_NE(lines[0].find("level=error event=kept n=1"), std::string::npos);
  EXPECT_EQ(lines[0].rfind("ts=", 0), 0u);
}

TEST(LoggingTest, ParsesLevels) {
  LogLevel level;
  EXPECT_TRUE(ParseLogLevel("DEBUG", &level));
  EXPECT_EQ(level, LogLevel::kDebug);
  EXPECT_TRUE(ParseLogLevel("warn", &level));
  EXPECT_EQ(level, LogLevel::kWarning);
  EXPECT_FALSE(ParseLogLevel("loud", &level));
}

}  // namespace
}  // namespace readout::common
