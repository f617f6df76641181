// AIP-160 filters: parses a filter string against a schema of known fields
// into a typed expression tree that a Store turns into a query. Supports
// AND, OR (binding tighter than AND, as AIP-160 says), NOT and '-', implicit
// AND between juxtaposed terms, parentheses, comparators = != < <= > >= and
// ':' (has). Values are quoted strings or bare words; dates are YYYY-MM-DD.
// Every problem (syntax, unknown field, wrong type, unsupported operator) is
// INVALID_ARGUMENT with reason INVALID_FILTER and a message naming it.
// Pure functions; thread-safe.
#ifndef READOUT_CATALOG_SERVICE_QUERY_FILTER_H_
#define READOUT_CATALOG_SERVICE_QUERY_FILTER_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace readout::catalog {

enum class FilterOp { kEq, kNe, kLt, kLe, kGt, kGe, kHas };

// What values a field takes.
enum class FieldType {
  kString,  // text; '=' exact (case-insensitive; "Prefix*" matches a prefix),
            // '!=' and ':' (contains).
  kEnum,    // a named value (enum_parser); '=' and '!='.
  kDate,    // YYYY-MM-DD, YYYY-MM or YYYY (a day, month or year);
            // all comparisons except ':'.
};

struct FieldSpec {
  std::string name;
  FieldType type = FieldType::kString;
  // For kEnum: the number of a value name, nullopt when unknown.
  std::function<std::optional<int64_t>(absl::string_view)> enum_parser;
};

// The fields a filter may name.
using FilterSchema = std::vector<FieldSpec>;

// One comparison "field op value", typed by the schema.
struct Restriction {
  std::string field;
  FilterOp op = FilterOp::kEq;
  // kString: the value as written; `prefix` when it ended in '*' (the '*'
  // is removed from `text`).
  std::string text;
  bool prefix = false;
  // kEnum: the value's number; kDate: the first YYYYMMDD of the period
  // (month and day 00 for a year, day 00 for a month, so that dates known
  // only to the year or month fall inside it).
  int64_t number = 0;
  // kDate: the last YYYYMMDD of the period (..1299 for a year, ..99 for a
  // month, the day itself for a day).
  int64_t number_high = 0;
};

// A node of the expression tree.
struct FilterExpr {
  enum class Kind { kAnd, kOr, kNot, kRestriction };
  Kind kind = Kind::kRestriction;
  std::vector<FilterExpr> children;  // kAnd, kOr: 2+; kNot: 1.
  Restriction restriction;           // kRestriction.
};

// Parses `filter` against `schema`. An empty (or all-blank) filter yields
// nullopt: everything matches.
absl::StatusOr<std::optional<FilterExpr>> ParseFilter(absl::string_view filter,
                                                      const FilterSchema& schema);

// Limits that keep hostile filters cheap.
inline constexpr size_t kMaxFilterLength = 4096;
inline constexpr int kMaxFilterDepth = 32;
inline constexpr int kMaxFilterRestrictions = 64;

}  // namespace readout::catalog

#endif  // READOUT_CATALOG_SERVICE_QUERY_FILTER_H_
