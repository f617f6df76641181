// Filter schemas of the catalog and their translation to SQL (see
// sql_filter.h and store.h). Person names compare by their normalized key
// (names.h), other text case-insensitively; ':' is "contains".
#include "catalog-service/sql_filter.h"

#include <string>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "catalog-service/names.h"
#include "catalog-service/store.h"
#include "readout/v1/records.pb.h"

namespace readout::catalog {
namespace {

std::optional<int64_t> ParseRole(absl::string_view value) {
  v1::ParticipantRole role;
  std::string upper = absl::AsciiStrToUpper(value);
  if (v1::ParticipantRole_Parse(upper, &role) ||
      v1::ParticipantRole_Parse(absl::StrCat("PARTICIPANT_ROLE_", upper), &role)) {
    if (role != v1::PARTICIPANT_ROLE_UNSPECIFIED) return role;
  }
  return std::nullopt;
}

std::optional<int64_t> ParseEventType(absl::string_view value) {
  v1::EventType type;
  std::string upper = absl::AsciiStrToUpper(value);
  if (v1::EventType_Parse(upper, &type) ||
      v1::EventType_Parse(absl::StrCat("EVENT_TYPE_", upper), &type)) {
    if (type != v1::EVENT_TYPE_UNSPECIFIED) return type;
  }
  return std::nullopt;
}

const char* kRoleFields[][2] = {{"participant.presided", "1"},
                                {"participant.spoke", "2"},
                                {"participant.attended", "3"},
                                {"participant.commented", "4"},
                                {"participant.met", "5"}};

std::string EscapeLike(absl::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '%' || c == '_' || c == '\\') out.push_back('\\');
    out.push_back(c);
  }
  return out;
}

// Adds the comparison of text column `column` with `r` to `out`; `keyed`
// columns hold PersonKey()s, others LowerAscii() text.
void TextMatch(const Restriction& r, absl::string_view column, bool keyed, SqlCondition& out) {
  std::string value = keyed ? PersonKey(r.text) : LowerAscii(r.text);
  if (r.op == FilterOp::kHas) {
    absl::StrAppend(&out.sql, column, " LIKE ? ESCAPE '\\'");
    out.args.push_back(absl::StrCat("%", EscapeLike(value), "%"));
  } else if (r.prefix) {
    // [value, value + 0xFF): every string starting with value.
    absl::StrAppend(&out.sql, "(", column, " >= ? AND ", column, " < ?)");
    out.args.push_back(value);
    out.args.push_back(absl::StrCat(value, "\xff"));
  } else {
    absl::StrAppend(&out.sql, column, " = ?");
    out.args.push_back(value);
  }
}

// "d.rowid IN (SELECT doc FROM table WHERE <match>[ AND extra])". Broad
// restrictions (many matching documents) are written "+d.rowid IN (...)",
// which keeps SQLite from driving the query from the IN list: it then walks
// the ORDER BY index and probes the list, stopping at the page size, instead
// of loading and sorting every match. Selective ones (a person, an exact
// title) drive the query from their index.
void DocsWhere(const Restriction& r, absl::string_view table, absl::string_view column, bool keyed,
               absl::string_view extra, SqlCondition& out) {
  bool selective = r.op != FilterOp::kHas && (keyed || table == "positions");
  absl::StrAppend(&out.sql, selective ? "" : "+", "d.rowid IN (SELECT doc FROM ", table, " WHERE ");
  TextMatch(r, column, keyed, out);
  if (!extra.empty()) absl::StrAppend(&out.sql, " AND ", extra);
  out.sql += ")";
}

const char* CompareOp(FilterOp op) {
  switch (op) {
    case FilterOp::kEq:
      return "=";
    case FilterOp::kNe:
      return "!=";
    case FilterOp::kLt:
      return "<";
    case FilterOp::kLe:
      return "<=";
    case FilterOp::kGt:
      return ">";
    case FilterOp::kGe:
      return ">=";
    default:
      return "=";
  }
}

void DocumentRestriction(const Restriction& r, SqlCondition& out) {
  // '!=' is NOT of '='.
  bool negate = r.op == FilterOp::kNe;
  Restriction eq = r;
  if (negate && r.field != "event_date" && r.field != "published_date") {
    eq.op = FilterOp::kEq;
    out.sql += "NOT ";
  } else {
    negate = false;
  }
  const std::string& f = r.field;
  if (f == "person") {
    DocsWhere(eq, "persons", "key", true, "", out);
  } else if (f == "participant") {
    DocsWhere(eq, "participants", "key", true, "", out);
  } else if (absl::StartsWith(f, "participant.")) {
    for (const auto& role : kRoleFields) {
      if (f == role[0]) {
        DocsWhere(eq, "participants", "key", true, absl::StrCat("role = ", role[1]), out);
      }
    }
  } else if (f == "role") {
    out.sql += "+d.rowid IN (SELECT doc FROM participants WHERE role = ?)";
    out.args.push_back(r.number);
  } else if (f == "event_type") {
    out.sql += "+d.rowid IN (SELECT doc FROM events WHERE type = ?)";
    out.args.push_back(r.number);
  } else if (f == "title") {
    DocsWhere(eq, "positions", "title_lc", false, "", out);
  } else if (f == "organization") {
    DocsWhere(eq, "orgs", "name_lc", false, "", out);
  } else if (f == "location") {
    DocsWhere(eq, "events", "location_lc", false, "", out);
  } else if (f == "document_title") {
    out.sql += "(";
    TextMatch(eq, "d.title_lc", false, out);
    out.sql += ")";
  } else if (f == "event_date" || f == "published_date") {
    const char* column = f == "event_date" ? "d.event_date" : "d.published";
    // A period [number, number_high]; 0 means unknown and matches nothing.
    switch (r.op) {
      case FilterOp::kEq:
        absl::StrAppend(&out.sql, "(", column, " BETWEEN ? AND ?)");
        out.args.push_back(r.number);
        out.args.push_back(r.number_high);
        break;
      case FilterOp::kNe:
        absl::StrAppend(&out.sql, "(", column, " > 0 AND ", column, " NOT BETWEEN ? AND ?)");
        out.args.push_back(r.number);
        out.args.push_back(r.number_high);
        break;
      case FilterOp::kLt:
        absl::StrAppend(&out.sql, "(", column, " > 0 AND ", column, " < ?)");
        out.args.push_back(r.number);
        break;
      case FilterOp::kLe:
        absl::StrAppend(&out.sql, "(", column, " > 0 AND ", column, " <= ?)");
        out.args.push_back(r.number_high);
        break;
      case FilterOp::kGt:
        absl::StrAppend(&out.sql, "(", column, " > ?)");
        out.args.push_back(r.number_high);
        break;
      default:  // kGe
        absl::StrAppend(&out.sql, "(", column, " >= ?)");
        out.args.push_back(r.number);
        break;
    }
  } else {
    out.sql += "0";  // Unreachable: the schema admits only the fields above.
  }
}

void PeopleRestriction(const Restriction& r, SqlCondition& out) {
  Restriction eq = r;
  if (r.op == FilterOp::kNe) {
    eq.op = FilterOp::kEq;
    out.sql += "NOT ";
  }
  if (r.field == "name") {
    out.sql += "(";
    if (eq.op == FilterOp::kHas) {
      TextMatch(eq, "p.name_lc", false, out);
    } else {
      TextMatch(eq, "p.key", true, out);
    }
    out.sql += ")";
  } else if (r.field == "title") {
    out.sql += "p.key IN (SELECT key FROM positions WHERE ";
    TextMatch(eq, "title_lc", false, out);
    out.sql += ")";
  } else {
    out.sql += "0";
  }
}

template <typename Leaf>
void Translate(const FilterExpr& e, Leaf leaf, SqlCondition& out) {
  switch (e.kind) {
    case FilterExpr::Kind::kRestriction:
      leaf(e.restriction, out);
      return;
    case FilterExpr::Kind::kNot:
      out.sql += "NOT (";
      Translate(e.children[0], leaf, out);
      out.sql += ")";
      return;
    case FilterExpr::Kind::kAnd:
    case FilterExpr::Kind::kOr: {
      const char* joiner = e.kind == FilterExpr::Kind::kAnd ? " AND " : " OR ";
      out.sql += "(";
      for (size_t i = 0; i < e.children.size(); ++i) {
        if (i > 0) out.sql += joiner;
        Translate(e.children[i], leaf, out);
      }
      out.sql += ")";
      return;
    }
  }
}

}  // namespace

std::string LowerAscii(absl::string_view text) { return absl::AsciiStrToLower(text); }

const FilterSchema& DocumentFilterSchema() {
  static const FilterSchema* schema = [] {
    auto* s = new FilterSchema;
    for (const char* name :
         {"person", "participant", "title", "organization", "location", "document_title"}) {
      s->push_back(FieldSpec{name, FieldType::kString, nullptr});
    }
    for (const auto& role : kRoleFields) {
      s->push_back(FieldSpec{role[0], FieldType::kString, nullptr});
    }
    s->push_back(FieldSpec{"role", FieldType::kEnum, ParseRole});
    s->push_back(FieldSpec{"event_type", FieldType::kEnum, ParseEventType});
    s->push_back(FieldSpec{"event_date", FieldType::kDate, nullptr});
    s->push_back(FieldSpec{"published_date", FieldType::kDate, nullptr});
    return s;
  }();
  return *schema;
}

const FilterSchema& PeopleFilterSchema() {
  static const FilterSchema* schema =
      new FilterSchema{FieldSpec{"name", FieldType::kString, nullptr},
                       FieldSpec{"title", FieldType::kString, nullptr}};
  return *schema;
}

SqlCondition DocumentFilterToSql(const FilterExpr& filter) {
  SqlCondition out;
  Translate(filter, DocumentRestriction, out);
  return out;
}

SqlCondition PeopleFilterToSql(const FilterExpr& filter) {
  SqlCondition out;
  Translate(filter, PeopleRestriction, out);
  return out;
}

}  // namespace readout::catalog
