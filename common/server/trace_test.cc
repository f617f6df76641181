// Tests of W3C traceparent parsing, the current trace per thread, and the
// trace and JSON fields of log lines.
#include "common/server/trace.h"

#include <string>
#include <vector>

#include "common/server/logging.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace readout::common {
namespace {

using ::testing::HasSubstr;

constexpr char kValid[] = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

TEST(TraceTest, ParsesAndFormatsTraceparent) {
  std::optional<TraceContext> context = TraceContext::ParseTraceparent(kValid);
  ASSERT_TRUE(context.has_value());
  EXPECT_EQ(context->TraceIdHex(), "4bf92f3577b34da6a3ce929d0e0e4736");
  EXPECT_EQ(context->SpanIdHex(), "00f067aa0ba902b7");
  EXPECT_TRUE(context->sampled());
  EXPECT_EQ(context->ToTraceparent(), kValid);
}

TEST(TraceTest, RefusesWhatTheW3CRulesSayToIgnore) {
  for (const char* bad : {
           "",
           "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-0",     // short
           "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01",    // upper case
           "00-00000000000000000000000000000000-00f067aa0ba902b7-01",    // zero trace id
           "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01",    // zero span id
           "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",    // version ff
           "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-x",  // 00 with more
           "00_4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",    // separator
           "00-4bf92f3577b34da6a3ce929d0e0e473g-00f067aa0ba902b7-01",    // not hex
       }) {
    EXPECT_FALSE(TraceContext::ParseTraceparent(bad).has_value()) << bad;
  }
  // A later version may carry more fields after a dash.
  EXPECT_TRUE(TraceContext::ParseTraceparent(
                  "01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-later")
                  .has_value());
}

TEST(TraceTest, ChildrenKeepTheTraceAndGetNewSpans) {
  TraceContext root = TraceContext::NewRoot();
  EXPECT_TRUE(root.valid());
  EXPECT_TRUE(root.sampled());
  TraceContext child = root.NewChild();
  EXPECT_EQ(child.trace_id, root.trace_id);
  EXPECT_NE(child.span_id, root.span_id);
  EXPECT_NE(TraceContext::NewRoot().trace_id, root.trace_id);
}

TEST(TraceTest, ScopedTraceNestsAndRestores) {
  EXPECT_EQ(CurrentTrace(), nullptr);
  TraceContext a = TraceContext::NewRoot(), b = TraceContext::NewRoot();
  {
    ScopedTrace outer(a);
    EXPECT_EQ(CurrentTrace()->trace_id, a.trace_id);
    {
      ScopedTrace inner(b);
      EXPECT_EQ(CurrentTrace()->trace_id, b.trace_id);
    }
    EXPECT_EQ(CurrentTrace()->trace_id, a.trace_id);
  }
  EXPECT_EQ(CurrentTrace(), nullptr);
}

TEST(TraceTest, LogLinesCarryTheCurrentTrace) {
  std::vector<std::string> lines;
  SetLogSinkForTesting([&lines](absl::string_view line) { lines.emplace_back(line); });
  TraceContext context = *TraceContext::ParseTraceparent(kValid);
  {
    ScopedTrace scope(context);
    Log(LogLevel::kInfo, "inside");
  }
  Log(LogLevel::kInfo, "outside");
  SetLogSinkForTesting(nullptr);
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_THAT(lines[0], HasSubstr("event=inside trace_id=4bf92f3577b34da6a3ce929d0e0e4736 "
                                  "span_id=00f067aa0ba902b7"));
  EXPECT_EQ(lines[1].find("trace_id"), std::string::npos);
}

TEST(TraceTest, JsonLinesKeepNumbersAndEscapeStrings) {
  TraceContext context = *TraceContext::ParseTraceparent(kValid);
  EXPECT_EQ(FormatLogLine("T", LogLevel::kWarning, "rpc",
                          {{"n", 3}, {"ms", 0.5}, {"s", "a\"b\n\x01"}, {"bad", "x\xffy"}},
                          LogFormat::kJson, &context),
            "{\"ts\":\"T\",\"level\":\"warning\",\"event\":\"rpc\",\"n\":3,\"ms\":0.5,"
            "\"s\":\"a\\\"b\\n\\u0001\",\"bad\":\"x\\ufffdy\","
            "\"trace_id\":\"4bf92f3577b34da6a3ce929d0e0e4736\","
            "\"span_id\":\"00f067aa0ba902b7\"}");
  LogFormat format;
  EXPECT_TRUE(ParseLogFormat("JSON", &format));
  EXPECT_EQ(format, LogFormat::kJson);
  EXPECT_FALSE(ParseLogFormat("xml", &format));
}

}  // namespace
}  // namespace readout::common
