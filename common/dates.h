// Calendar dates as readout passes them around (google.type.Date).
#ifndef READOUT_COMMON_DATES_H_
#define READOUT_COMMON_DATES_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "google/type/date.pb.h"

namespace readout::common {

// Parses "YYYY-MM-DD" into a Date, checking that the day exists.
// INVALID_ARGUMENT otherwise, with a message that quotes the input.
absl::StatusOr<google::type::Date> ParseIsoDate(absl::string_view text);

// Formats a full date as "YYYY-MM-DD"; "" when year, month or day is 0.
std::string FormatIsoDate(const google::type::Date& date);

// True when year, month and day are set and name a real day.
bool IsValidFullDate(const google::type::Date& date);

}  // namespace readout::common

#endif  // READOUT_COMMON_DATES_H_
