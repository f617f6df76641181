// Date expressions over tokens; no regular expressions needed.
#include "extractor-service/engine/dates.h"

#include <cstdlib>
#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "extractor-service/engine/vocabulary.h"

namespace readout::extractor::internal {
namespace {

constexpr int kBuddhistEraOffset = 543;
// Days a past act may lie after the anchor and still be of its year.
constexpr int kPastSlackDays = 7;

// "4", "30th", "1st" -> day number, else 0.
int DayNumber(const Token& t) {
  if (!t.word || !t.has_digit) return 0;
  std::string digits;
  size_t i = 0;
  while (i < t.lower.size() && absl::ascii_isdigit(t.lower[i])) digits.push_back(t.lower[i++]);
  absl::string_view suffix = t.lower.substr(i);
  if (!suffix.empty() && suffix != "st" && suffix != "nd" && suffix != "rd" && suffix != "th") {
    return 0;
  }
  int d = 0;
  if (digits.empty() || digits.size() > 2 || !absl::SimpleAtoi(digits, &d)) return 0;
  return d >= 1 && d <= 31 ? d : 0;
}

// An expression of `kind` over tokens [first, last).
DateExpr Expr(DateExprKind kind, int first, int last) {
  DateExpr e;
  e.kind = kind;
  e.first = first;
  e.last = last;
  return e;
}

// "the 1st of May Hall", "2 May Square": a date before a place's noun
// names the place. `k` is the token after the month.
bool NamesAPlace(const std::vector<Token>& toks, int k, int last) {
  return k < last && toks[k].cap &&
         OneOf(toks[k].lower, {"hall", "square", "street", "road", "avenue", "bridge", "park",
                               "stadium", "city", "estate", "circle", "centre", "center", "market",
                               "school", "house", "building", "gardens", "barracks"});
}

// A "who", "which" or "whose" opens the clause of token k: nothing but
// words stands between it and k.
bool InRelativeClause(const std::vector<Token>& toks, int first, int k) {
  for (int q = k - 1; q >= first; --q) {
    if (!toks[q].word) return false;
    if (OneOf(toks[q].lower, {"who", "which", "whose"})) return true;
  }
  return false;
}

}  // namespace

int YearNumber(const Token& t) {
  if (!t.word || t.lower.size() != 4) return 0;
  int y = 0;
  if (!absl::SimpleAtoi(t.lower, &y)) return 0;
  // A year of the Buddhist era (Thai, Lao, Cambodian, Sri Lankan readouts:
  // "4 March 2567", "B.E. 2567") is 543 years ahead of the common era; the
  // two ranges do not overlap, so the number alone tells the calendar.
  if (y >= 1900 + kBuddhistEraOffset && y <= 2100 + kBuddhistEraOffset) {
    y -= kBuddhistEraOffset;
  }
  return y >= 1900 && y <= 2100 ? y : 0;
}

namespace {

// The era marker at k ("B.E.", "BE"), if any: the index after it, else k.
int AfterEraMarker(const std::vector<Token>& toks, int k, int last) {
  if (k >= last) return k;
  absl::string_view l = toks[k].lower;
  if (l == "be" || l == "b.e" || l == "b.e.") {
    return k + 1 < last && toks[k + 1].lower == "." ? k + 2 : k + 1;
  }
  return k;
}

// Whether the weekday at k is ahead of the anchor: "next" right before it
// ("next Monday"), or an auxiliary of the future in its clause (back to a
// comma, a colon or the start of [first, k), or to a past verb of a meeting
// such as "met" or "was held") puts it in the future ("will meet Tom Reed
// on Tuesday", "is scheduled for Friday", "is to visit Lisbon on Monday",
// "are expected to sign on Monday", "will be held on Friday"). "last
// Monday" is always behind, and "due to heavy rain", "upcoming elections" or
// "next year's budget" put nothing ahead.
bool WeekdayAhead(const std::vector<Token>& toks, int first, int k) {
  if (k > first && toks[k - 1].lower == "last") return false;
  if (k > first && toks[k - 1].lower == "next") return true;
  for (int q = k - 1; q >= first && q >= k - 16; --q) {
    absl::string_view l = toks[q].lower;
    if (l == "," || l == ";" || l == ":") return false;
    if (!toks[q].word) continue;
    // "was held on Friday", "met on Tuesday": the act is past ("will be
    // held" reads on to "will").
    if (IsPastEventVerb(l) && !(q > first && toks[q - 1].lower == "be")) {
      return false;
    }
    if (IsFutureAuxiliary(toks, q)) return true;
  }
  return false;
}

// A past verb at q: a past verb of a meeting ("met", "held"), a common
// irregular past ("took", "gave", "was"), or a lowercase "-ed" form that is
// no adjective after a determiner ("the proposed law"), no passive or
// participle of the present ("is expected") and no word of a schedule
// ("scheduled", "planned", "expected", "due").
bool PastVerbAt(const std::vector<Token>& toks, int first, int q) {
  absl::string_view l = toks[q].lower;
  if (toks[q].cap) return false;
  absl::string_view prev = q > first ? absl::string_view(toks[q - 1].lower) : absl::string_view();
  if (IsPastEventVerb(l) || OneOf(l, {"was", "were", "took", "gave", "made", "spoke", "came",
                                      "went", "began", "won", "sent", "led", "told", "said"})) {
    // "will be held": the future reads on to "will".
    return prev != "be";
  }
  if (l.size() < 5 || !absl::EndsWith(l, "ed") || absl::EndsWith(l, "eed")) return false;
  if (OneOf(l, {"scheduled", "planned", "expected", "proposed", "intended", "slated", "hundred",
                "based", "related", "united", "limited", "needed"})) {
    return false;
  }
  return !OneOf(prev, {"the", "a", "an", "its", "their", "his", "her", "this", "that", "is", "are",
                       "am", "be", "being", "-"});
}

// Whether the month-day date at k (no year written) belongs to a past act:
// its clause (back to a comma, a colon, a semicolon or the start of
// [first, k), at most 16 tokens; when that holds no verb, on to the end of
// the clause after the date at `after`) has a past verb and no auxiliary of
// the future ("will be signed on 12 May", "the law that will take effect on
// 12 May" stay ahead). A date after "until", "to", "by", "for", "before" or
// "from" is a limit or a start, not the day of the act ("postponed to 12
// May").
bool MonthDayPast(const std::vector<Token>& toks, int first, int k, int after, int last) {
  if (k > first && OneOf(toks[k - 1].lower, {"until", "till", "to", "by", "for", "before", "from",
                                             "through", "after", "since"})) {
    return false;
  }
  bool past = false;
  int verbs = 0;
  for (int q = k - 1; q >= first && q >= k - 16; --q) {
    absl::string_view l = toks[q].lower;
    if (l == "," || l == ";" || l == ":") break;
    if (!toks[q].word) continue;
    if (IsFutureAuxiliary(toks, q)) return false;
    if (PastVerbAt(toks, first, q)) {
      past = true;
      ++verbs;
    }
  }
  if (verbs > 0) return past;
  // "On 12 May, the council passed the budget."
  for (int q = after; q < last && q < after + 12; ++q) {
    absl::string_view l = toks[q].lower;
    if (l == ";" || l == ":" || l == "." || (l == "," && q > after)) break;
    if (!toks[q].word) continue;
    if (IsFutureAuxiliary(toks, q)) return false;
    if (PastVerbAt(toks, first, q)) return true;
  }
  return false;
}

// Whether the month-day date [k, after) names when something takes effect:
// "effective (from|on|as of) 1 April", "with effect from 1 April", "as of 1
// April", "starting (on|from) 1 April", "from 1 April onwards", "takes
// effect on 1 April".
bool MonthDayEffective(const std::vector<Token>& toks, int first, int k, int after, int last) {
  auto at = [&](int q) {
    return q >= first && q < last ? absl::string_view(toks[q].lower) : absl::string_view();
  };
  int q = k - 1;
  if (OneOf(at(q), {"from", "on"})) {
    if (at(q) == "from" && OneOf(at(after), {"onwards", "onward"})) return true;
    --q;
  } else if (at(q) == "of" && at(q - 1) == "as") {
    return true;
  }
  return OneOf(at(q), {"effective", "starting", "beginning"}) ||
         (at(q) == "effect" && OneOf(at(q - 1), {"with", "take", "takes", "took", "taking"}));
}

}  // namespace

int64_t DaysFromCivil(int y, int m, int d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t yoe = y - era * 400;
  const int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

Ymd CivilFromDays(int64_t z) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const int64_t doe = z - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  Ymd out;
  out.day = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  out.month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  out.year = static_cast<int>(yoe + era * 400 + (out.month <= 2));
  return out;
}

int WeekdayOf(const Ymd& date) {
  int64_t days = DaysFromCivil(date.year, date.month, date.day);
  // 1970-01-01 was a Thursday (3).
  return static_cast<int>(((days % 7) + 7 + 3) % 7);
}

bool IsRealDate(int y, int m, int d) {
  if (m < 1 || m > 12 || d < 1 || d > 31) return false;
  Ymd back = CivilFromDays(DaysFromCivil(y, m, d));
  return back.year == y && back.month == m && back.day == d;
}

std::vector<DateExpr> FindDateExprs(const std::vector<Token>& toks, int first, int last) {
  std::vector<DateExpr> out;
  for (int k = first; k < last; ++k) {
    const Token& t = toks[k];
    if (!t.word) continue;
    int month = t.cap || t.lower.size() > 3 ? MonthNumber(t.lower) : 0;
    if (month > 0 && t.cap) {
      // "May" is a month only before a day number.
      if (k + 1 < last) {
        int day = DayNumber(toks[k + 1]);
        if (day > 0) {
          DateExpr e;
          e.date.month = month;
          e.date.day = day;
          e.first = k;
          e.last = k + 2;
          if (k + 3 < last && toks[k + 2].lower == "," && YearNumber(toks[k + 3])) {
            e.date.year = YearNumber(toks[k + 3]);
            e.last = k + 4;
          } else if (k + 2 < last && YearNumber(toks[k + 2])) {
            e.date.year = YearNumber(toks[k + 2]);
            e.last = k + 3;
          }
          out.push_back(e);
          k = e.last - 1;
          continue;
        }
      }
    }
    int day = DayNumber(t);
    // "2 and 3 May 2024", "2 to 4 May": a meeting over several days starts
    // on the first.
    const int span = day > 0 && k + 3 < last &&
                             OneOf(toks[k + 1].lower, {"and", "to", "-", "\xE2\x80\x93"}) &&
                             DayNumber(toks[k + 2]) > day
                         ? 2
                         : 0;
    // "the 3rd of March": an ordinal day, "of", then the month.
    const int of = day > 0 && !absl::ascii_isdigit(t.lower.back()) && k + span + 2 < last &&
                           toks[k + span + 1].lower == "of"
                       ? 1
                       : 0;
    if (day > 0 && k + span + of + 1 < last && toks[k + span + of + 1].cap) {
      int m2 = MonthNumber(toks[k + span + of + 1].lower);
      if (m2 > 0 && !NamesAPlace(toks, k + span + of + 2, last)) {
        DateExpr e;
        e.date.month = m2;
        e.date.day = day;
        e.first = k;
        e.last = k + span + of + 2;
        // "14 June 2024", "4 March B.E. 2567", "4 March 2567 B.E.".
        const int y = AfterEraMarker(toks, e.last, last);
        if (y < last && YearNumber(toks[y])) {
          e.date.year = YearNumber(toks[y]);
          e.last = AfterEraMarker(toks, y + 1, last);
        }
        out.push_back(e);
        k = e.last - 1;
        continue;
      }
    }
    // "2024-03-05": a date written the ISO way, one token.
    if (t.has_digit && t.lower.size() == 10 && t.lower[4] == '-' && t.lower[7] == '-') {
      DateExpr e;
      int y = 0, m = 0, d = 0;
      if (absl::SimpleAtoi(t.lower.substr(0, 4), &y) &&
          absl::SimpleAtoi(t.lower.substr(5, 2), &m) &&
          absl::SimpleAtoi(t.lower.substr(8, 2), &d) && y >= 1900 && y <= 2100 &&
          IsRealDate(y, m, d)) {
        e.date = Ymd{y, m, d};
        e.first = k;
        e.last = k + 1;
        out.push_back(e);
        continue;
      }
    }
    // "two days ago", "3 days ago": counted back from the text's date.
    if (k + 2 < last && (toks[k + 1].lower == "days" || toks[k + 1].lower == "day") &&
        toks[k + 2].lower == "ago") {
      int n = t.lower == "a" ? 1 : CountWordValue(t.lower);
      if (n == 0 && t.has_digit && t.lower.size() <= 2) {
        int v = 0;
        if (absl::SimpleAtoi(t.lower, &v) && v > 0 && v <= 31) n = v;
      }
      // "Ana Costa, who arrived a day ago": the relative clause dates its
      // own fact, not the report's.
      if (n > 0 && !InRelativeClause(toks, first, k)) {
        DateExpr e = Expr(DateExprKind::kDaysAgo, k, k + 3);
        e.date.day = n;
        out.push_back(e);
        k += 2;
        continue;
      }
    }
    // "the 15th," written without its month; "on the 3rd over the law":
    // after "on", a preposition or conjunction may follow the day ("on the
    // 3rd floor" is no day).
    if (day > 0 && k > first && toks[k - 1].lower == "the" &&
        !absl::ascii_isdigit(t.lower.back()) &&
        (k + 1 >= last || !toks[k + 1].word ||
         (k - 2 >= first && toks[k - 2].lower == "on" &&
          OneOf(toks[k + 1].lower,
                {"over",  "at",     "in",  "to",     "with", "and",   "when",  "as",
                 "after", "before", "for", "during", "by",   "from",  "about", "against",
                 "while", "but",    "on",  "into",   "amid", "under", "that"})))) {
      DateExpr e = Expr(DateExprKind::kDayOfMonth, k, k + 1);
      e.date.day = day;
      out.push_back(e);
      continue;
    }
    int wd = WeekdayNumber(t.lower);
    if (wd >= 0 && t.cap) {
      DateExpr e = Expr(DateExprKind::kWeekday, k, k + 1);
      e.weekday = wd;
      e.ahead = WeekdayAhead(toks, first, k);
      e.last_week = k > first && toks[k - 1].lower == "last";
      // "on Tuesday last week": that weekday of the week before the
      // anchor's.
      if (k + 2 < last && toks[k + 1].lower == "last" && toks[k + 2].lower == "week") {
        e.week_before = true;
        e.last = k + 3;
        out.push_back(e);
        k += 2;
        continue;
      }
      out.push_back(e);
      continue;
    }
    // "this afternoon", "tonight", "last night": parts of a day.
    const bool day_part =
        k + 1 < last && (toks[k + 1].lower == "morning" || toks[k + 1].lower == "afternoon" ||
                         toks[k + 1].lower == "evening" || toks[k + 1].lower == "night");
    if ((t.lower == "this" && day_part && toks[k + 1].lower != "night") || t.lower == "tonight" ||
        (t.lower == "last" && day_part && toks[k + 1].lower == "night")) {
      const DateExpr e = Expr(t.lower == "last" ? DateExprKind::kYesterday : DateExprKind::kToday,
                              k, t.lower == "tonight" ? k + 1 : k + 2);
      out.push_back(e);
      k = e.last - 1;
      continue;
    }
    if (t.lower == "today" || t.lower == "yesterday") {
      out.push_back(
          Expr(t.lower == "today" ? DateExprKind::kToday : DateExprKind::kYesterday, k, k + 1));
      continue;
    }
    if ((t.lower == "this" || t.lower == "last" || t.lower == "earlier") && k + 1 < last &&
        (toks[k + 1].lower == "week" || toks[k + 1].lower == "month")) {
      out.push_back(Expr(DateExprKind::kVague, k, k + 2));
      ++k;
      continue;
    }
    // "the previous day", "the day before", "a day earlier", "the next
    // day", "the following day", "a day later", "the same day", "later that
    // day", "later in the day".
    if (k + 1 < last) {
      absl::string_view a = t.lower, b = toks[k + 1].lower;
      absl::string_view c = k + 2 < last ? toks[k + 2].lower : absl::string_view();
      DateExpr e;
      e.first = k;
      e.last = 0;
      if (a == "the" && b == "day" && c == "before" && k + 3 < last &&
          toks[k + 3].lower == "yesterday") {
        // "the day before yesterday": two days before the text's date, not
        // the day before another event.
        e.kind = DateExprKind::kDayBeforeYesterday;
        e.last = k + 4;
      } else if ((a == "the" && (b == "previous" || b == "preceding") && c == "day") ||
                 (a == "the" && b == "day" && c == "before") ||
                 (a == "a" && b == "day" && c == "earlier")) {
        e.kind = DateExprKind::kDayBefore;
        e.last = k + 3;
      } else if ((a == "the" && (b == "next" || b == "following") && c == "day") ||
                 (a == "a" && b == "day" && c == "later")) {
        e.kind = DateExprKind::kDayAfter;
        e.last = k + 3;
      } else if ((a == "the" && b == "same" && c == "day") ||
                 (a == "later" && b == "that" && c == "day")) {
        e.kind = DateExprKind::kSameDay;
        e.last = k + 3;
      } else if (a == "later" && b == "in" && c == "the" && k + 3 < last &&
                 toks[k + 3].lower == "day") {
        e.kind = DateExprKind::kSameDay;
        e.last = k + 4;
      }
      if (e.last > 0) {
        out.push_back(e);
        k = e.last - 1;
        continue;
      }
    }
    if (t.lower == "recently") {
      DateExpr e;
      e.kind = DateExprKind::kVague;
      e.first = k;
      e.last = k + 1;
      out.push_back(e);
    }
  }
  for (DateExpr& e : out) {
    if (e.kind != DateExprKind::kMonthDay) continue;
    e.effective = MonthDayEffective(toks, first, e.first, e.last, last);
    e.past = e.date.year == 0 && !e.effective && MonthDayPast(toks, first, e.first, e.last, last);
  }
  return out;
}

Ymd ResolveDateExpr(const DateExpr& expr, const Ymd& anchor, int fallback_year) {
  Ymd out;
  switch (expr.kind) {
    case DateExprKind::kMonthDay: {
      out = expr.date;
      if (out.year == 0) {
        if (anchor.valid()) {
          out.year = anchor.year;
          // "Dec. 30" read in early January belongs to the year before.
          if (out.month - anchor.month > 6) --out.year;
          if (anchor.month - out.month > 9) ++out.year;
          // "The council passed the budget on 12 May" read in March: the
          // May before. A few days ahead stay (a publication date a day or
          // two behind the local date of the report).
          if (expr.past && IsRealDate(anchor.year, out.month, out.day)) {
            const int64_t ahead = DaysFromCivil(anchor.year, out.month, out.day) -
                                  DaysFromCivil(anchor.year, anchor.month, anchor.day);
            out.year = ahead > kPastSlackDays ? anchor.year - 1 : anchor.year;
          }
        } else {
          out.year = fallback_year;
        }
      }
      if (out.year == 0 || !IsRealDate(out.year, out.month, out.day)) return Ymd{};
      return out;
    }
    case DateExprKind::kWeekday: {
      if (!anchor.valid()) return Ymd{};
      // The same weekday as the anchor is the anchor's day either way (a
      // wire story's "will meet Monday" on a Monday is that day).
      int back = expr.ahead ? -((expr.weekday - WeekdayOf(anchor) + 7) % 7)
                            : (WeekdayOf(anchor) - expr.weekday + 7) % 7;
      // "last Friday" written on a Friday is a week before.
      if (expr.last_week && back == 0) back = 7;
      if (expr.week_before) back = WeekdayOf(anchor) + 7 - expr.weekday;
      return CivilFromDays(DaysFromCivil(anchor.year, anchor.month, anchor.day) - back);
    }
    case DateExprKind::kToday:
      return anchor.valid() ? anchor : Ymd{};
    case DateExprKind::kYesterday:
    case DateExprKind::kDayBeforeYesterday:
      if (!anchor.valid()) return Ymd{};
      return CivilFromDays(DaysFromCivil(anchor.year, anchor.month, anchor.day) -
                           (expr.kind == DateExprKind::kYesterday ? 1 : 2));
    case DateExprKind::kDaysAgo:
      if (!anchor.valid()) return Ymd{};
      return CivilFromDays(DaysFromCivil(anchor.year, anchor.month, anchor.day) - expr.date.day);
    case DateExprKind::kVague:
      return Ymd{};
    case DateExprKind::kDayBefore:
    case DateExprKind::kSameDay:
    case DateExprKind::kDayAfter: {
      if (!anchor.valid()) return Ymd{};
      const int shift = expr.kind == DateExprKind::kDayBefore  ? -1
                        : expr.kind == DateExprKind::kDayAfter ? 1
                                                               : 0;
      return CivilFromDays(DaysFromCivil(anchor.year, anchor.month, anchor.day) + shift);
    }
    case DateExprKind::kDayOfMonth: {
      if (!anchor.valid()) return Ymd{};
      Ymd d{anchor.year, anchor.month, expr.date.day};
      if (d.day > anchor.day) {
        d.month = anchor.month == 1 ? 12 : anchor.month - 1;
        if (anchor.month == 1) --d.year;
      }
      return IsRealDate(d.year, d.month, d.day) ? d : Ymd{};
    }
  }
  return Ymd{};
}

}  // namespace readout::extractor::internal
