// Filter schemas of the catalog and their translation to SQL (see
// sql_filter.h and store.h). Person names compare by their normalized key
// (names.h), other text case-insensitively; ':' is "contains".
#include "catalog-service/store/sql_filter.h"

#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "catalog-service/query/names.h"
#include "catalog-service/store/store.h"
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

// Matches of a restriction below which it drives the query (see DocsWhere).
constexpr int64_t kDriveLimit = 2000;

// A restriction answered by side table `table`, whose rows matching `match`
// name the documents (column doc). Three shapes:
//  - "d.rowid IN (SELECT doc FROM table WHERE match)": selective (few
//    documents); SQLite drives the query from the list and sorts it.
//  - "EXISTS (SELECT 1 FROM table WHERE doc = d.rowid AND match)": broad;
//    SQLite walks the ORDER BY index and probes each document, stopping at
//    the page size, and never materializes the (large) list of matches.
//  - without a counter (no database at hand), "+d.rowid IN (...)": the list
//    is materialized and probed while walking the ORDER BY index.
// With a counter, selective means fewer than kDriveLimit matching rows;
// without one, `selective_guess` decides.
//  With `keys_probe` (a condition on one filter key `f` of the document's
//  keys column, see TextDocsWhere), the broad shape tests the document's
//  own keys instead: "EXISTS (SELECT 1 FROM unnest(keys) AS f WHERE
//  probe)", on the row (or the covering index entry) the walk reads
//  anyway, with no side table probed by document.
void DocsWhere(absl::string_view table, const SqlCondition& match, bool selective_guess,
               const MatchCounter& counter, SqlCondition& out,
               const SqlCondition* keys_probe = nullptr) {
  bool selective = selective_guess;
  if (counter) {
    SqlCondition probe{
        absl::StrCat("SELECT doc FROM ", table, " WHERE ", match.sql, " LIMIT ", kDriveLimit),
        match.args};
    selective = counter(probe) < kDriveLimit;
  }
  if (selective) {
    absl::StrAppend(&out.sql, "d.rowid IN (SELECT doc FROM ", table, " WHERE ", match.sql, ")");
  } else if (counter && keys_probe != nullptr) {
    out.sql += keys_probe->sql;
    out.args.insert(out.args.end(), keys_probe->args.begin(), keys_probe->args.end());
    return;
  } else if (counter) {
    absl::StrAppend(&out.sql, "EXISTS (SELECT 1 FROM ", table, " WHERE doc = d.rowid AND ",
                    match.sql, ")");
  } else {
    absl::StrAppend(&out.sql, "+d.rowid IN (SELECT doc FROM ", table, " WHERE ", match.sql, ")");
  }
  out.args.insert(out.args.end(), match.args.begin(), match.args.end());
}

// DocsWhere for a text restriction on `column` (plus `extra` SQL). With a
// `keys_column`, a broad match tests the document's filter keys
// (FilterKeysOf) that begin with `key_prefix` ("person:", "title:", ...),
// the side table's column after it, as `match` tests the column.
void TextDocsWhere(const Restriction& r, absl::string_view table, absl::string_view column,
                   bool keyed, absl::string_view extra, const MatchCounter& counter,
                   SqlCondition& out, const std::string& keys_column = "",
                   absl::string_view key_prefix = "") {
  SqlCondition match;
  if (table == "positions" && column == "title_lc" && r.op == FilterOp::kHas) {
    // Substrings are searched in the few distinct titles, not in every
    // position row; the (title_lc, doc) index then finds the documents.
    match.sql = "title_lc IN (SELECT title_lc FROM position_titles WHERE ";
    TextMatch(r, "title_lc", false, match);
    match.sql += ")";
  } else {
    TextMatch(r, column, keyed, match);
  }
  if (!extra.empty()) absl::StrAppend(&match.sql, " AND ", extra);
  bool selective_guess = r.op != FilterOp::kHas && (keyed || table == "positions");
  // A person's documents always drive: a person is named in a bounded share
  // of documents, often all in a few years, so walking the date index and
  // probing could pass every newer document before the first match.
  const bool person = keyed && r.op != FilterOp::kHas;
  std::optional<SqlCondition> keys_probe;
  if (!keys_column.empty() && !key_prefix.empty()) {
    // The key's text after the prefix, compared as TextMatch compares the
    // column (an exact match is answered by FilterKeyOf before this).
    const std::string value = keyed ? PersonKey(r.text) : LowerAscii(r.text);
    keys_probe.emplace();
    absl::StrAppend(&keys_probe->sql, "EXISTS (SELECT 1 FROM unnest(", keys_column,
                    ") AS f WHERE ");
    if (r.op == FilterOp::kHas) {
      keys_probe->sql += "f LIKE ? ESCAPE '\\')";
      keys_probe->args.push_back(absl::StrCat(EscapeLike(key_prefix), "%", EscapeLike(value), "%"));
    } else if (r.prefix) {
      keys_probe->sql += "f >= ? AND f < ?)";
      keys_probe->args.push_back(absl::StrCat(key_prefix, value));
      keys_probe->args.push_back(absl::StrCat(key_prefix, value, "\xff"));
    } else {
      keys_probe->sql += "f = ?)";
      keys_probe->args.push_back(absl::StrCat(key_prefix, value));
    }
  }
  DocsWhere(table, match, selective_guess, person ? MatchCounter() : counter, out,
            keys_probe.has_value() ? &*keys_probe : nullptr);
}

// The filter key (FilterKeysOf) an exact restriction `r` asks for, if any.
std::optional<std::string> FilterKeyOf(const Restriction& r) {
  if (r.op != FilterOp::kEq || r.prefix) return std::nullopt;
  const std::string& f = r.field;
  if (f == "person" || f == "participant") return absl::StrCat(f, ":", PersonKey(r.text));
  for (const auto& role : kRoleFields) {
    if (f == role[0]) return absl::StrCat("participant.", role[1], ":", PersonKey(r.text));
  }
  if (f == "role" || f == "event_type") return absl::StrCat(f, ":", r.number);
  if (f == "title" || f == "organization" || f == "location") {
    return absl::StrCat(f, ":", LowerAscii(r.text));
  }
  return std::nullopt;
}

void DocumentRestriction(const Restriction& r, const MatchCounter& counter,
                         const std::string& keys_column, SqlCondition& out) {
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
  std::optional<std::string> key = keys_column.empty() ? std::nullopt : FilterKeyOf(eq);
  if (key.has_value()) {
    absl::StrAppend(&out.sql, keys_column, " @> ARRAY[?::text]");
    out.args.push_back(*std::move(key));
  } else if (f == "person") {
    TextDocsWhere(eq, "persons", "key", true, "", counter, out, keys_column, "person:");
  } else if (f == "participant") {
    TextDocsWhere(eq, "participants", "key", true, "", counter, out, keys_column, "participant:");
  } else if (absl::StartsWith(f, "participant.")) {
    for (const auto& role : kRoleFields) {
      if (f == role[0]) {
        TextDocsWhere(eq, "participants", "key", true, absl::StrCat("role = ", role[1]), counter,
                      out, keys_column, absl::StrCat("participant.", role[1], ":"));
      }
    }
  } else if (f == "role") {
    DocsWhere("participants", SqlCondition{"role = ?", {r.number}}, false, counter, out);
  } else if (f == "event_type") {
    DocsWhere("events", SqlCondition{"type = ?", {r.number}}, false, counter, out);
  } else if (f == "title") {
    TextDocsWhere(eq, "positions", "title_lc", false, "", counter, out, keys_column, "title:");
  } else if (f == "organization") {
    TextDocsWhere(eq, "orgs", "name_lc", false, "", counter, out, keys_column, "organization:");
  } else if (f == "location") {
    TextDocsWhere(eq, "events", "location_lc", false, "", counter, out, keys_column, "location:");
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
    if (eq.op == FilterOp::kHas) {
      out.sql += "title_lc IN (SELECT title_lc FROM position_titles WHERE ";
      TextMatch(eq, "title_lc", false, out);
      out.sql += ")";
    } else {
      TextMatch(eq, "title_lc", false, out);
    }
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

SqlCondition DocumentFilterToSql(const FilterExpr& filter, const MatchCounter& counter,
                                 const std::string& keys_column) {
  SqlCondition out;
  Translate(
      filter,
      [&](const Restriction& r, SqlCondition& o) {
        DocumentRestriction(r, counter, keys_column, o);
      },
      out);
  return out;
}

std::vector<std::string> FilterKeysOf(const IndexRows& rows) {
  std::set<std::string> keys;
  for (const IndexRows::Person& p : rows.persons) keys.insert(absl::StrCat("person:", p.key));
  for (const IndexRows::Position& p : rows.positions) {
    keys.insert(absl::StrCat("title:", p.title_lc));
  }
  for (const std::string& org : rows.orgs) keys.insert(absl::StrCat("organization:", org));
  for (const IndexRows::Event& e : rows.events) {
    keys.insert(absl::StrCat("event_type:", e.type));
    keys.insert(absl::StrCat("location:", e.location_lc));
    for (const auto& [key, role] : e.participants) {
      keys.insert(absl::StrCat("participant:", key));
      keys.insert(absl::StrCat("participant.", role, ":", key));
      keys.insert(absl::StrCat("role:", role));
    }
  }
  return {keys.begin(), keys.end()};
}

std::optional<DrivenFilter> SplitDrivingRestriction(const FilterExpr& filter) {
  // The conjuncts of the top level (nested ANDs flattened).
  std::vector<const FilterExpr*> conjuncts;
  std::vector<const FilterExpr*> pending = {&filter};
  while (!pending.empty()) {
    const FilterExpr* e = pending.back();
    pending.pop_back();
    if (e->kind == FilterExpr::Kind::kAnd) {
      for (auto it = e->children.rbegin(); it != e->children.rend(); ++it) pending.push_back(&*it);
    } else {
      conjuncts.push_back(e);
    }
  }
  auto exact = [](const FilterExpr& e, absl::string_view field) {
    return e.kind == FilterExpr::Kind::kRestriction && e.restriction.field == field &&
           e.restriction.op == FilterOp::kEq && !e.restriction.prefix;
  };
  for (absl::string_view field : {"person", "organization"}) {
    for (size_t i = 0; i < conjuncts.size(); ++i) {
      if (!exact(*conjuncts[i], field)) continue;
      const std::string& name = conjuncts[i]->restriction.text;
      DrivenFilter out = field == "person"
                             ? DrivenFilter{"persons", "key", PersonKey(name), std::nullopt}
                             : DrivenFilter{"orgs", "name_lc", LowerAscii(name), std::nullopt};
      FilterExpr rest;
      rest.kind = FilterExpr::Kind::kAnd;
      for (size_t j = 0; j < conjuncts.size(); ++j) {
        if (j != i) rest.children.push_back(*conjuncts[j]);
      }
      if (rest.children.size() == 1) {
        out.rest = rest.children[0];  // An AND of one is that one.
      } else if (rest.children.size() > 1) {
        out.rest = std::move(rest);
      }
      return out;
    }
  }
  return std::nullopt;
}

SqlCondition PeopleFilterToSql(const FilterExpr& filter) {
  SqlCondition out;
  Translate(filter, PeopleRestriction, out);
  return out;
}

}  // namespace readout::catalog
