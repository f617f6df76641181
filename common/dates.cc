// Calendar date parsing and checks (see dates.h).
#include "common/dates.h"

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace readout::common {
namespace {

int DaysInMonth(int year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return month == 2 && leap ? 29 : kDays[month - 1];
}

}  // namespace

bool IsValidFullDate(const google::type::Date& date) {
  return date.year() >= 1 && date.year() <= 9999 && date.month() >= 1 && date.month() <= 12 &&
         date.day() >= 1 && date.day() <= DaysInMonth(date.year(), date.month());
}

absl::StatusOr<google::type::Date> ParseIsoDate(absl::string_view text) {
  int year = 0, month = 0, day = 0;
  // Digits only where digits go: SimpleAtoi alone would also take a sign or
  // spaces ("2020-+1-05").
  bool digits = text.size() == 10;
  for (size_t i = 0; digits && i < text.size(); ++i) {
    digits = (i == 4 || i == 7) || absl::ascii_isdigit(static_cast<unsigned char>(text[i]));
  }
  bool shaped =
      digits && text[4] == '-' && text[7] == '-' && absl::SimpleAtoi(text.substr(0, 4), &year) &&
      absl::SimpleAtoi(text.substr(5, 2), &month) && absl::SimpleAtoi(text.substr(8, 2), &day);
  google::type::Date date;
  date.set_year(year);
  date.set_month(month);
  date.set_day(day);
  if (!shaped || !IsValidFullDate(date)) {
    return absl::InvalidArgumentError(
        absl::StrCat("\"", text, "\" is not a date of the form YYYY-MM-DD (such as 2020-01-04)"));
  }
  return date;
}

std::string FormatIsoDate(const google::type::Date& date) {
  if (date.year() == 0 || date.month() == 0 || date.day() == 0) return "";
  return absl::StrFormat("%04d-%02d-%02d", date.year(), date.month(), date.day());
}

}  // namespace readout::common
