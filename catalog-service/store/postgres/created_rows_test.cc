// Tests of CreatedRows: the rows held for a range of revisions, joined as
// ranges are added, and which revisions created a row below a bound.
#include "catalog-service/store/postgres/created_rows.h"

#include <utility>
#include <vector>

#include "gtest/gtest.h"

namespace readout::catalog {
namespace {

using Ranges = std::vector<std::pair<int64_t, int64_t>>;

TEST(CreatedRowsTest, RangesJoinFromBothSidesAndAnswerBelow) {
  CreatedRows rows;
  EXPECT_EQ(rows.Missing(10, 20), (Ranges{{11, 20}}));
  EXPECT_FALSE(rows.Below(10, 20, 100).has_value());
  // Revisions 11..15 created rows 111, 112, none (a delete), 110, 115.
  rows.Add(11, {111, 112, CreatedRows::kNoRow, 110, 115});
  EXPECT_EQ(rows.Missing(8, 17), (Ranges{{9, 10}, {16, 17}}));
  EXPECT_EQ(rows.Missing(12, 15), Ranges{});
  // Revision 14 created row 110, below 111: late for a search that
  // looked at rows from 111 up and cut at revision 12.
  EXPECT_EQ(*rows.Below(12, 15, 111), (Ranges{{14, 110}}));
  EXPECT_EQ(*rows.Below(10, 15, 112), (Ranges{{11, 111}, {14, 110}}));
  // Older revisions are put in front, newer ones behind; overlaps count once.
  rows.Add(9, {90, 91, 111});
  rows.Add(15, {115, 116, 100});
  EXPECT_EQ(rows.size(), 9u);
  EXPECT_EQ(rows.Missing(8, 17), Ranges{});
  EXPECT_EQ(*rows.Below(8, 17, 100), (Ranges{{9, 90}, {10, 91}}));
  EXPECT_EQ(*rows.Below(15, 17, 101), (Ranges{{17, 100}}));
  // Compaction forgets the oldest.
  rows.DropThrough(10);
  EXPECT_EQ(rows.Missing(8, 17), (Ranges{{9, 10}}));
  EXPECT_FALSE(rows.Below(8, 17, 100).has_value());
  EXPECT_EQ(*rows.Below(10, 17, 100), Ranges{});
  // A range that does not touch the one held replaces it.
  rows.Add(40, {400});
  EXPECT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows.Missing(10, 40), (Ranges{{11, 39}}));
}

}  // namespace
}  // namespace readout::catalog
