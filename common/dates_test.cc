// Tests of ISO date parsing and formatting.
#include "common/dates.h"

#include "gtest/gtest.h"

namespace readout::common {
namespace {

TEST(DatesTest, ParsesAndFormatsRoundTrip) {
  auto date = ParseIsoDate("2020-02-29");
  ASSERT_TRUE(date.ok()) << date.status();
  EXPECT_EQ(date->year(), 2020);
  EXPECT_EQ(date->month(), 2);
  EXPECT_EQ(date->day(), 29);
  EXPECT_EQ(FormatIsoDate(*date), "2020-02-29");
}

TEST(DatesTest, RejectsMalformedAndImpossibleDates) {
  for (const char* bad :
       {"", "2020-1-4", "2019-02-29", "2020-13-01", "abcd-ef-gh", "2020-01-04x", "unknown",
        // Signs and spaces that a number parser alone would take (found by
        // tests/fuzz/dates_fuzzer.cc).
        "2020-+1-05", "+020-01-05", "2020-01- 5", " 2020-1-05"}) {
    auto date = ParseIsoDate(bad);
    EXPECT_EQ(date.status().code(), absl::StatusCode::kInvalidArgument) << bad;
  }
}

TEST(DatesTest, FormatsPartialDateAsEmpty) {
  google::type::Date date;
  date.set_year(2020);
  EXPECT_EQ(FormatIsoDate(date), "");
}

}  // namespace
}  // namespace readout::common
