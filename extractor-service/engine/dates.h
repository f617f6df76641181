// Calendar arithmetic and date expressions: "Dec. 4", "January 4, 2020",
// "28 November", "14 June 2024", "the 3rd of March", "2024-03-05", weekday
// words, "today"/"yesterday", "two days ago", and
// resolution of a partial date against an anchor day.
#ifndef READOUT_EXTRACTOR_SERVICE_ENGINE_DATES_H_
#define READOUT_EXTRACTOR_SERVICE_ENGINE_DATES_H_

#include <cstdint>
#include <vector>

#include "extractor-service/engine/tokens.h"

namespace readout::extractor::internal {

struct Ymd {
  int year = 0;  // 0 = unknown.
  int month = 0;
  int day = 0;
  bool valid() const { return year > 0 && month > 0 && day > 0; }
};

// Days since 1970-01-01 of a valid date, and back.
int64_t DaysFromCivil(int y, int m, int d);
Ymd CivilFromDays(int64_t days);
// 0 = Monday ... 6 = Sunday.
int WeekdayOf(const Ymd& date);
bool IsRealDate(int y, int m, int d);

// kDayOfMonth: "on the afternoon of the 15th" (a day of the anchor's month
// or, when that day is still to come, of the month before).
// kDayBefore, kSameDay, kDayAfter: "the previous day", "the same day",
// "the next day": a day counted from the event told before (the anchor
// given to ResolveDateExpr).
enum class DateExprKind {
  kMonthDay,
  kWeekday,
  kToday,
  kYesterday,
  kDayBeforeYesterday,  // "the day before yesterday": like kYesterday, two days back.
  kDaysAgo,             // "three days ago": `date.day` days before the anchor.
  kVague,
  kDayOfMonth,
  kDayBefore,
  kSameDay,
  kDayAfter
};

struct DateExpr {
  DateExprKind kind = DateExprKind::kMonthDay;
  Ymd date;          // kMonthDay: month and day, year when written; kDayOfMonth: day.
  int weekday = -1;  // kWeekday.
  // kWeekday: its clause speaks of the future ("will meet on Tuesday",
  // "scheduled for Friday", "next Monday"): the day at or after the anchor,
  // not before it.
  bool ahead = false;
  // kWeekday: "last" before it ("last Friday"): strictly before the anchor.
  bool last_week = false;
  // kWeekday: "last week" after it ("on Tuesday last week"): that day of
  // the week before the anchor's.
  bool week_before = false;
  // kMonthDay without a year: its clause tells a past act ("passed the
  // budget on 12 May", "was signed on 12 May") and no future: the latest
  // such day on or before the anchor, not a coming one.
  bool past = false;
  // kMonthDay: the day something takes effect ("effective 1 April", "with
  // effect from", "as of", "starting", "from 1 April onwards"), not the day
  // of the act that set it.
  bool effective = false;
  int first = 0;  // Token range.
  int last = 0;
};

// The year a four-digit token names (1900-2100), else 0. A Buddhist-era
// year (2443-2643) is converted to the common era.
int YearNumber(const Token& t);

// Date expressions among tokens [first, last), in order.
std::vector<DateExpr> FindDateExprs(const std::vector<Token>& tokens, int first, int last);

// The date an expression names, given an anchor day (the dateline or the
// publication date; may be invalid) and a fallback year (0 = none).
Ymd ResolveDateExpr(const DateExpr& expr, const Ymd& anchor, int fallback_year);

}  // namespace readout::extractor::internal

#endif  // READOUT_EXTRACTOR_SERVICE_ENGINE_DATES_H_
