// Tests of calendar arithmetic and date expressions.
#include "extractor-service/engine/dates.h"

#include <cstdio>
#include <string>

#include "extractor-service/engine/tokens.h"
#include "gtest/gtest.h"

namespace readout::extractor::internal {
namespace {

TEST(DatesTest, CivilRoundTripAndWeekday) {
  EXPECT_EQ(DaysFromCivil(1970, 1, 1), 0);
  Ymd d = CivilFromDays(DaysFromCivil(2024, 2, 29));
  EXPECT_EQ(d.year, 2024);
  EXPECT_EQ(d.month, 2);
  EXPECT_EQ(d.day, 29);
  EXPECT_EQ(WeekdayOf({2023, 12, 4}), 0);  // A Monday.
  EXPECT_FALSE(IsRealDate(2023, 2, 29));
}

TEST(DatesTest, FindsMonthDayDayMonthAndWeekdays) {
  TokenizedText tt = Tokenize("On Sept. 3, 2021 and 14 June and on Friday, this week.");
  std::vector<DateExpr> e = FindDateExprs(tt.tokens, 0, tt.tokens.size());
  ASSERT_EQ(e.size(), 4u);
  EXPECT_EQ(e[0].date.month, 9);
  EXPECT_EQ(e[0].date.day, 3);
  EXPECT_EQ(e[0].date.year, 2021);
  EXPECT_EQ(e[1].date.month, 6);
  EXPECT_EQ(e[1].date.day, 14);
  EXPECT_EQ(e[2].kind, DateExprKind::kWeekday);
  EXPECT_EQ(e[3].kind, DateExprKind::kVague);
}

// A weekday in a clause about the future is the day at or after the
// anchor; one told in the past (or "last") is at or before it.
TEST(DatesTest, WeekdaysOfFutureClausesLieAhead) {
  const Ymd monday{2026, 3, 2};
  auto resolve = [&monday](const char* text) {
    TokenizedText tt = Tokenize(text);
    std::vector<DateExpr> e = FindDateExprs(tt.tokens, 0, tt.tokens.size());
    EXPECT_EQ(e.size(), 1u) << text;
    return e.empty() ? Ymd{} : ResolveDateExpr(e[0], monday, 0);
  };
  EXPECT_EQ(resolve("The mayor will meet the envoy on Tuesday.").day, 3);
  EXPECT_EQ(resolve("The talks are scheduled for Friday.").day, 6);
  EXPECT_EQ(resolve("The envoy is to visit the port on Thursday.").day, 5);
  EXPECT_EQ(resolve("The two sides are expected to sign the deal on Wednesday.").day, 4);
  EXPECT_EQ(resolve("They meet again next Sunday.").day, 8);
  EXPECT_EQ(resolve("The mayor will meet the envoy on Monday.").day, 2);
  // Past: the week before.
  Ymd met = resolve("The mayor met the envoy on Tuesday.");
  EXPECT_EQ(met.month, 2);
  EXPECT_EQ(met.day, 24);
  EXPECT_EQ(resolve("The mayor, who will retire, met the envoy last Friday.").day, 27);
  // A future clause closed by a comma does not reach the weekday.
  EXPECT_EQ(resolve("Though talks will resume, the envoy left on Saturday.").day, 28);
  EXPECT_EQ(resolve("The summit will be held on Friday.").day, 6);
  EXPECT_EQ(resolve("The envoy is due to sign the accord on Thursday.").day, 5);
  EXPECT_EQ(resolve("The talks are planned for Wednesday.").day, 4);
}

// Words that only look ahead do not move a weekday told in the past: "due
// to" before a noun, the adjectives "upcoming", "planned" and "scheduled",
// "next" not right before the weekday, and any cue before a past "met" or
// "was held".
TEST(DatesTest, WeekdaysAfterWordsThatOnlyLookAheadStayBehind) {
  const Ymd monday{2026, 3, 2};
  for (const char* text : {
           "The meeting was postponed due to heavy rain on Tuesday.",
           "Upcoming elections dominated talks on Tuesday.",
           "Ministers preparing next year's budget met on Tuesday.",
           "The originally scheduled session was held on Tuesday.",
           "The planned reform was discussed by the cabinet on Tuesday.",
           "Delegates who will draft the charter met on Tuesday.",
       }) {
    TokenizedText tt = Tokenize(text);
    std::vector<DateExpr> e = FindDateExprs(tt.tokens, 0, tt.tokens.size());
    ASSERT_EQ(e.size(), 1u) << text;
    const Ymd d = ResolveDateExpr(e[0], monday, 0);
    EXPECT_EQ(d.month, 2) << text;
    EXPECT_EQ(d.day, 24) << text;
  }
}

// A day and month without a year, told in the past, is the latest such day
// on or before the anchor; told in the future (or a limit, "postponed to")
// it stays the coming one. Anchor: Friday 2026-03-06.
TEST(DatesTest, PastMonthDaysLieBehindTheAnchor) {
  const Ymd friday{2026, 3, 6};
  auto resolve = [&friday](const char* text) {
    TokenizedText tt = Tokenize(text);
    std::vector<DateExpr> e = FindDateExprs(tt.tokens, 0, tt.tokens.size());
    EXPECT_EQ(e.size(), 1u) << text;
    return e.empty() ? Ymd{} : ResolveDateExpr(e[0], friday, 0);
  };
  for (const char* text : {
           "The provincial chamber debated the fisheries bill on 19 June.",
           "The town council adopted the harbour plan on June 19.",
           "The treaty was signed by both envoys on 19 June.",
           "Delegates met in Varnholm on 19 June.",
           "On 19 June, the guild elected a new warden.",
           "The commission has approved the grant on the 19th of June.",
       }) {
    const Ymd d = resolve(text);
    EXPECT_EQ(d.year, 2025) << text;
    EXPECT_EQ(d.month, 6) << text;
    EXPECT_EQ(d.day, 19) << text;
  }
  for (const char* text : {
           "The fisheries accord will be signed on 19 June.",
           "A ruling is expected on 19 June.",
           "The guild said its vote would take place on 19 June.",
           "The chamber postponed the debate to 19 June.",
           "The proposed harbour plan goes to a vote on 19 June.",
           "Delegates of the guild meet on 19 June.",
       }) {
    const Ymd d = resolve(text);
    EXPECT_EQ(d.year, 2026) << text;
    EXPECT_EQ(d.month, 6) << text;
  }
  // The previous December stays the previous December, and a past day
  // before the anchor stays in its year.
  EXPECT_EQ(resolve("The chamber sat on December 12.").year, 2025);
  EXPECT_EQ(resolve("The guild will convene on December 12.").year, 2025);
  EXPECT_EQ(resolve("The chamber sat on 2 March.").year, 2026);
  // A past act a few days after the anchor is a date slip, not last year's.
  EXPECT_EQ(resolve("The chamber sat on 8 March.").year, 2026);
  // A year written is kept.
  EXPECT_EQ(resolve("The chamber sat on 19 June 2026.").year, 2026);
}

// The day something takes effect is marked, whatever the tense.
TEST(DatesTest, DaysSomethingTakesEffectAreMarked) {
  for (const char* text : {
           "Mira Olsen was named treasurer, effective 1 April.",
           "The tariff applies with effect from 1 April.",
           "The guild has a new warden as of 1 April.",
           "The levy was raised, starting 1 April.",
           "The ferry runs hourly from 1 April onwards.",
           "The new rules take effect on 1 April.",
       }) {
    TokenizedText tt = Tokenize(text);
    std::vector<DateExpr> e = FindDateExprs(tt.tokens, 0, tt.tokens.size());
    ASSERT_EQ(e.size(), 1u) << text;
    EXPECT_TRUE(e[0].effective) << text;
    // Not moved back a year for the past tense around it.
    EXPECT_EQ(ResolveDateExpr(e[0], {2026, 3, 6}, 0).year, 2026) << text;
  }
  for (const char* text : {
           "The council met on 1 April.",
           "The culture week opened at the fairground from 1 April.",
       }) {
    TokenizedText tt = Tokenize(text);
    std::vector<DateExpr> e = FindDateExprs(tt.tokens, 0, tt.tokens.size());
    ASSERT_EQ(e.size(), 1u) << text;
    EXPECT_FALSE(e[0].effective) << text;
  }
}

TEST(DatesTest, ResolvesAgainstTheAnchor) {
  DateExpr monday;
  monday.kind = DateExprKind::kWeekday;
  monday.weekday = 0;
  Ymd r = ResolveDateExpr(monday, {2023, 12, 6}, 0);  // A Wednesday.
  EXPECT_EQ(r.day, 4);
  DateExpr dec30;
  dec30.date = {0, 12, 30};
  r = ResolveDateExpr(dec30, {2024, 1, 2}, 0);
  EXPECT_EQ(r.year, 2023);
  EXPECT_FALSE(ResolveDateExpr(monday, {}, 2020).valid());
  EXPECT_EQ(ResolveDateExpr(dec30, {}, 2019).year, 2019);
}

TEST(DatesTest, BuddhistEraYearsAreReadInTheCommonEra) {
  TokenizedText tt = Tokenize("On 4 March 2567 B.E. and 9 May BE 2566 and on June 2, 2567.");
  std::vector<DateExpr> e = FindDateExprs(tt.tokens, 0, tt.tokens.size());
  ASSERT_EQ(e.size(), 3u);
  EXPECT_EQ(e[0].date.year, 2024);
  EXPECT_EQ(e[0].date.month, 3);
  EXPECT_EQ(e[1].date.year, 2023);
  EXPECT_EQ(e[1].date.day, 9);
  EXPECT_EQ(e[2].date.year, 2024);
  // The marker is part of the expression.
  EXPECT_EQ(tt.tokens[e[0].last].lower, "and");
}

// Days counted from an event told before, and a meeting over several days.
TEST(DatesTest, DaysRelativeToAnotherEventAndDayRanges) {
  TokenizedText tt =
      Tokenize("The previous day and the next day, later that day, and on 2 and 3 May 2024.");
  std::vector<DateExpr> e = FindDateExprs(tt.tokens, 0, tt.tokens.size());
  ASSERT_EQ(e.size(), 4u);
  EXPECT_EQ(e[0].kind, DateExprKind::kDayBefore);
  EXPECT_EQ(e[1].kind, DateExprKind::kDayAfter);
  EXPECT_EQ(e[2].kind, DateExprKind::kSameDay);
  EXPECT_EQ(e[3].date.day, 2);
  EXPECT_EQ(e[3].date.month, 5);
  EXPECT_EQ(e[3].date.year, 2024);
  Ymd r = ResolveDateExpr(e[0], {2024, 3, 1}, 0);
  EXPECT_EQ(r.month, 2);
  EXPECT_EQ(r.day, 29);
  r = ResolveDateExpr(e[1], {2024, 2, 29}, 0);
  EXPECT_EQ(r.day, 1);
}

// "the day before yesterday" is two days before the text's date, not "the
// day before" another event followed by "yesterday".
TEST(DatesTest, TheDayBeforeYesterdayIsTwoDaysBack) {
  TokenizedText tt = Tokenize("They met the day before yesterday in Oslo.");
  std::vector<DateExpr> e = FindDateExprs(tt.tokens, 0, tt.tokens.size());
  ASSERT_EQ(e.size(), 1u);
  EXPECT_EQ(e[0].kind, DateExprKind::kDayBeforeYesterday);
  EXPECT_EQ(tt.tokens[e[0].last - 1].lower, "yesterday");
  Ymd r = ResolveDateExpr(e[0], {2024, 3, 1}, 0);
  EXPECT_EQ(r.year, 2024);
  EXPECT_EQ(r.month, 2);
  EXPECT_EQ(r.day, 28);
  EXPECT_FALSE(ResolveDateExpr(e[0], {}, 2024).valid());
}

// The day the text's only date expression names from `anchor`, as
// YYYY-MM-DD, else how many expressions it holds.
std::string ResolveOnly(const char* text, const Ymd& anchor) {
  TokenizedText tt = Tokenize(text);
  std::vector<DateExpr> e = FindDateExprs(tt.tokens, 0, tt.tokens.size());
  if (e.size() != 1u) return std::string("exprs: ") + std::to_string(e.size());
  const Ymd d = ResolveDateExpr(e[0], anchor, 0);
  char buf[16];
  std::snprintf(buf, sizeof(buf), "%04d-%02d-%02d", d.year, d.month, d.day);
  return std::string(buf);
}

// "the 3rd of March 2026", "2026-03-05" and "two days ago": more ways of
// writing a day. Only an ordinal takes "of" ("3 of the 5 members" is no
// date), only a real day of the ISO form counts, and "ago" needs a count.
TEST(DatesTest, OrdinalOfMonthIsoDatesAndDaysAgo) {
  auto resolve = [](const char* text) { return ResolveOnly(text, {2026, 3, 10}); };
  EXPECT_EQ(resolve("The board met on the 3rd of March 2026 in Kumasi."), "2026-03-03");
  EXPECT_EQ(resolve("The board met on the 21st of February."), "2026-02-21");
  EXPECT_EQ(resolve("The board met on 2026-03-05 in Kumasi."), "2026-03-05");
  EXPECT_EQ(resolve("The board met two days ago."), "2026-03-08");
  EXPECT_EQ(resolve("The board met 3 days ago."), "2026-03-07");
  EXPECT_EQ(resolve("The board met a day ago."), "2026-03-09");

  for (const char* none : {"Only 3 of March's ten members came.", "Order 2026-13-45 was read.",
                           "Days ago the board met.", "Many days ago the board met."}) {
    TokenizedText tt = Tokenize(none);
    EXPECT_TRUE(FindDateExprs(tt.tokens, 0, tt.tokens.size()).empty()) << none;
  }
}

// Counts of days up to twelve in words; a date before a place's noun
// names the place; "ago" in a relative clause dates that clause's fact,
// not the report's.
TEST(DatesTest, PlacesNamedAfterDatesAndAgoInRelativeClauses) {
  auto count = [](const char* text) {
    TokenizedText tt = Tokenize(text);
    return FindDateExprs(tt.tokens, 0, tt.tokens.size()).size();
  };
  auto resolve = [](const char* text) { return ResolveOnly(text, {2026, 3, 10}); };
  EXPECT_EQ(resolve("The board met twelve days ago."), "2026-02-26");
  EXPECT_EQ(resolve("The board met eight days ago."), "2026-03-02");
  EXPECT_EQ(resolve("The board meets on the 1st of May."), "2026-05-01");
  EXPECT_EQ(resolve("The board meets on 4 May in the hall."), "2026-05-04");
  for (const char* none :
       {"The board met in the 1st of May Hall.", "They spoke about the 2nd of May Square project.",
        "The board met at 4 May Square.", "Ana Costa, who arrived a day ago, spoke.",
        "Ana Costa, whose term began some 2 days ago, spoke.",
        "The plan, which was drafted three days ago, passed."}) {
    EXPECT_EQ(count(none), 0u) << none;
  }
}

// "on the 3rd" before a preposition is a day of the anchor's month, "on
// the 3rd floor" none; "last Friday" written on a Friday is a week before.
TEST(DatesTest, BareOrdinalDayAndLastWeekday) {
  auto resolve = [](const char* text) { return ResolveOnly(text, {2026, 3, 6}); };
  EXPECT_EQ(resolve("The court heard the appeal on the 3rd over the new law."), "2026-03-03");
  EXPECT_EQ(resolve("The council met on the 14th at the town hall."), "2026-02-14");
  EXPECT_EQ(resolve("The minister toured the dam last Friday."), "2026-02-27");
  EXPECT_EQ(resolve("The minister toured the dam on Friday."), "2026-03-06");
  EXPECT_EQ(resolve("The minister toured the dam last Tuesday."), "2026-03-03");
  EXPECT_EQ(resolve("The minister toured the dam on Tuesday last week."), "2026-02-24");
  EXPECT_EQ(resolve("The minister toured the dam on Friday last week."), "2026-02-27");
  TokenizedText tt = Tokenize("The office on the 3rd floor was closed.");
  EXPECT_TRUE(FindDateExprs(tt.tokens, 0, tt.tokens.size()).empty());
}

}  // namespace
}  // namespace readout::extractor::internal
