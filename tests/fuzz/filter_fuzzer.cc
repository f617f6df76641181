// libFuzzer target: AIP-160 filters (catalog-service/query/filter.h) and
// their SQL translation (store/sqlite/sql_filter.h). The first byte picks the
// schema (documents or people), the rest is the filter. A refusal is
// INVALID_ARGUMENT with a message; an accepted filter translates to SQL
// whose values are all bound parameters: as many '?' as arguments, and no
// byte of a quoted value spliced into the text.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>

#include "absl/strings/string_view.h"
#include "catalog-service/query/filter.h"
#include "catalog-service/store/sql_filter.h"
#include "catalog-service/store/store.h"
#include "tests/fuzz/fuzz_checks.h"

namespace {

void RequireBound(const readout::catalog::SqlCondition& condition) {
  const auto marks = std::count(condition.sql.begin(), condition.sql.end(), '?');
  readout::fuzz::Require(static_cast<size_t>(marks) == condition.args.size(),
                         "placeholders and arguments differ in: " + condition.sql);
  readout::fuzz::Require(condition.sql.find('"') == std::string::npos,
                         "a double quote spliced into the SQL: " + condition.sql);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const bool people = (data[0] & 1) != 0;
  const absl::string_view filter(reinterpret_cast<const char*>(data + 1), size - 1);
  const auto& schema =
      people ? readout::catalog::PeopleFilterSchema() : readout::catalog::DocumentFilterSchema();
  const auto parsed = readout::catalog::ParseFilter(filter, schema);
  if (!parsed.ok()) {
    readout::fuzz::Require(parsed.status().code() == absl::StatusCode::kInvalidArgument,
                           "a filter refusal that is not INVALID_ARGUMENT");
    readout::fuzz::Require(!parsed.status().message().empty(),
                           "a filter refusal without a message");
    return 0;
  }
  if (!parsed->has_value()) return 0;
  if (people) {
    RequireBound(readout::catalog::PeopleFilterToSql(**parsed));
  } else {
    RequireBound(readout::catalog::DocumentFilterToSql(**parsed));
    const auto driven = readout::catalog::SplitDrivingRestriction(**parsed);
    if (driven.has_value() && driven->rest.has_value()) {
      RequireBound(readout::catalog::DocumentFilterToSql(*driven->rest));
    }
  }
  return 0;
}
