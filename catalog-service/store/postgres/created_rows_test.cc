// Tests of CreatedRows: the rows held for a range of revisions, joined as
// ranges are added, bounded by its capacity, and which revisions created a
// row below a bound.
#include "catalog-service/store/postgres/created_rows.h"

#include <thread>
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

// What is held never passes the capacity, whichever way ranges are added:
// the oldest revisions go first, and what is kept still answers exactly.
TEST(CreatedRowsTest, AddKeepsTheNewestRevisionsWithinTheCapacity) {
  CreatedRows rows(4);
  EXPECT_EQ(rows.capacity(), 4u);
  // One range longer than the capacity: its newest 4 (revisions 4..7).
  rows.Add(1, {10, 20, 30, 40, 50, 60, 70});
  EXPECT_EQ(rows.size(), 4u);
  EXPECT_EQ(rows.Missing(0, 7), (Ranges{{1, 3}}));
  EXPECT_EQ(*rows.Below(3, 7, 55), (Ranges{{4, 40}, {5, 50}}));
  // Newer revisions push the oldest out (8, 9 in; 4, 5 out).
  rows.Add(8, {80, 90});
  EXPECT_EQ(rows.size(), 4u);
  EXPECT_EQ(rows.Missing(3, 9), (Ranges{{4, 5}}));
  EXPECT_EQ(*rows.Below(5, 9, 85), (Ranges{{6, 60}, {7, 70}, {8, 80}}));
  // Older ones joined in front are trimmed again at once: what is held
  // stays the newest.
  rows.Add(2, {20, 30, 40, 50});
  EXPECT_EQ(rows.size(), 4u);
  EXPECT_EQ(rows.Missing(5, 9), Ranges{});
  EXPECT_FALSE(rows.Below(4, 9, 100).has_value());
  // Many searches adding newer stretches never grow it past the bound.
  for (int64_t r = 10; r < 1000; r += 3) rows.Add(r, {r * 10, (r + 1) * 10, (r + 2) * 10});
  EXPECT_EQ(rows.size(), 4u);
  EXPECT_EQ(rows.Missing(996, 999), Ranges{});
  EXPECT_EQ(*rows.Below(996, 999, 9981), (Ranges{{997, 9970}, {998, 9980}}));
  // Compaction past everything held empties it.
  rows.DropThrough(2000);
  EXPECT_EQ(rows.size(), 0u);
  EXPECT_EQ(rows.Missing(10, 12), (Ranges{{11, 12}}));
}

// A search's candidates (rows) are numbered by the revisions held: each
// row's revision, newest first, 0 for a row none of them created; only
// (after, upto] is looked at, and only what is held.
TEST(CreatedRowsTest, RevisionsOfNameTheRevisionThatCreatedEachRow) {
  CreatedRows rows;
  EXPECT_EQ(rows.RevisionsOf(0, 10, {5}), (std::vector<int64_t>{0}));
  // Revisions 11..16 created rows 111, 112, none (a delete), 110, 115, 113.
  rows.Add(11, {111, 112, CreatedRows::kNoRow, 110, 115, 113});
  EXPECT_EQ(rows.RevisionsOf(10, 16, {115, 110, 111, 999}), (std::vector<int64_t>{15, 14, 11, 0}));
  // Revisions after `upto` (committed after the caller's snapshot) or at
  // or before `after` are not looked at.
  EXPECT_EQ(rows.RevisionsOf(11, 14, {113, 110, 111}), (std::vector<int64_t>{0, 14, 0}));
  // Past what is held: the part held answers.
  EXPECT_EQ(rows.RevisionsOf(0, 40, {112, 113}), (std::vector<int64_t>{12, 16}));
  EXPECT_EQ(rows.RevisionsOf(10, 16, {}), std::vector<int64_t>{});
  rows.DropThrough(12);
  EXPECT_EQ(rows.RevisionsOf(10, 16, {112, 110}), (std::vector<int64_t>{0, 14}));
}

// Lookups share the lock and run beside writers without losing a range.
TEST(CreatedRowsTest, ConcurrentSearchersSeeWholeRanges) {
  CreatedRows rows(64);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&rows, t] {
      for (int64_t r = 1; r < 2000; ++r) {
        if (t == 0) {
          rows.Add(r, {r});
        } else if (auto below = rows.Below(r - 8, r, r + 1); below.has_value()) {
          // Each revision created the row of its own number.
          for (const auto& [revision, row] : *below) ASSERT_EQ(revision, row);
        }
      }
    });
  }
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(rows.size(), 64u);
  EXPECT_EQ(rows.Missing(1935, 1999), Ranges{});
}

}  // namespace
}  // namespace readout::catalog
