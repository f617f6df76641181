// AIP-160 filter parser (see filter.h): a small lexer and a recursive-descent
// parser following the AIP-160 grammar:
//   expression: sequence {AND sequence}
//   sequence:   factor {factor}
//   factor:     term {OR term}
//   term:       [NOT | '-'] simple
//   simple:     restriction | '(' expression ')'
//   restriction: field comparator value
#include "catalog-service/query/filter.h"

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "catalog-service/errors.h"
#include "common/dates.h"

namespace readout::catalog {
namespace {

enum class TokenKind {
  kLParen,
  kRParen,
  kComparator,
  kString,
  kText,
  kAnd,
  kOr,
  kNot,
  kMinus,
  kEnd
};

struct Token {
  TokenKind kind;
  std::string text;  // kString: unescaped; kText: as written.
  FilterOp op = FilterOp::kEq;
  size_t pos = 0;  // 1-based column in the filter.
};

absl::Status FilterError(absl::string_view message) {
  return InvalidArgument("INVALID_FILTER", absl::StrCat("invalid filter: ", message));
}

bool IsSpecial(char c) {
  return c == '(' || c == ')' || c == '"' || c == '\'' || c == '=' || c == '!' || c == '<' ||
         c == '>' || c == ':';
}

absl::StatusOr<std::vector<Token>> Lex(absl::string_view in) {
  // Stores index a NUL of a stored value as a space, and PostgreSQL takes
  // none in a text value: a NUL in a filter is refused, wherever it is.
  if (const size_t at = in.find('\0'); at != absl::string_view::npos) {
    return FilterError(absl::StrCat("a NUL byte at column ", at + 1,
                                    " is not allowed (a NUL in a stored value matches a space)"));
  }
  std::vector<Token> tokens;
  size_t i = 0;
  while (i < in.size()) {
    char c = in[i];
    if (absl::ascii_isspace(static_cast<unsigned char>(c))) {
      ++i;
      continue;
    }
    Token token{TokenKind::kEnd, "", FilterOp::kEq, i + 1};
    if (c == '(' || c == ')') {
      token.kind = c == '(' ? TokenKind::kLParen : TokenKind::kRParen;
      ++i;
    } else if (c == '=' || c == ':' || c == '<' || c == '>' || c == '!') {
      token.kind = TokenKind::kComparator;
      bool eq_next = i + 1 < in.size() && in[i + 1] == '=';
      switch (c) {
        case '=':
          token.op = FilterOp::kEq;
          break;
        case ':':
          token.op = FilterOp::kHas;
          break;
        case '<':
          token.op = eq_next ? FilterOp::kLe : FilterOp::kLt;
          break;
        case '>':
          token.op = eq_next ? FilterOp::kGe : FilterOp::kGt;
          break;
        case '!':
          if (!eq_next) {
            return FilterError(absl::StrCat("'!' at column ", i + 1,
                                            " must be followed by '=' (use NOT to negate)"));
          }
          token.op = FilterOp::kNe;
          break;
      }
      i += (eq_next && (c == '<' || c == '>' || c == '!')) ? 2 : 1;
    } else if (c == '"' || c == '\'') {
      char quote = c;
      ++i;
      bool closed = false;
      while (i < in.size()) {
        char d = in[i];
        if (d == '\\' && i + 1 < in.size()) {
          token.text.push_back(in[i + 1]);
          i += 2;
          continue;
        }
        ++i;
        if (d == quote) {
          closed = true;
          break;
        }
        token.text.push_back(d);
      }
      if (!closed) {
        return FilterError(absl::StrCat("string starting at column ", token.pos, " is not closed"));
      }
      token.kind = TokenKind::kString;
    } else if (c == '-' && i + 1 < in.size() &&
               !absl::ascii_isdigit(static_cast<unsigned char>(in[i + 1])) &&
               !absl::ascii_isspace(static_cast<unsigned char>(in[i + 1]))) {
      token.kind = TokenKind::kMinus;
      ++i;
    } else {
      size_t start = i;
      while (i < in.size() && !absl::ascii_isspace(static_cast<unsigned char>(in[i])) &&
             !IsSpecial(in[i])) {
        ++i;
      }
      token.text = std::string(in.substr(start, i - start));
      if (token.text == "AND") {
        token.kind = TokenKind::kAnd;
      } else if (token.text == "OR") {
        token.kind = TokenKind::kOr;
      } else if (token.text == "NOT") {
        token.kind = TokenKind::kNot;
      } else {
        token.kind = TokenKind::kText;
      }
    }
    tokens.push_back(std::move(token));
  }
  tokens.push_back(Token{TokenKind::kEnd, "", FilterOp::kEq, in.size() + 1});
  return tokens;
}

const char* OpName(FilterOp op) {
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
    case FilterOp::kHas:
      return ":";
  }
  return "?";
}

std::string Describe(const Token& token) {
  switch (token.kind) {
    case TokenKind::kEnd:
      return "end of filter";
    case TokenKind::kLParen:
      return "'('";
    case TokenKind::kRParen:
      return "')'";
    case TokenKind::kComparator:
      return absl::StrCat("'", OpName(token.op), "'");
    case TokenKind::kAnd:
      return "AND";
    case TokenKind::kOr:
      return "OR";
    case TokenKind::kNot:
      return "NOT";
    case TokenKind::kMinus:
      return "'-'";
    default:
      return absl::StrCat("\"", token.text, "\"");
  }
}

// "YYYY", "YYYY-MM" or "YYYY-MM-DD" as [first, last] YYYYMMDD keys.
std::optional<std::pair<int64_t, int64_t>> ParsePeriod(absl::string_view value) {
  auto digits = [](absl::string_view s, int64_t* out) {
    if (s.empty()) return false;
    int64_t n = 0;
    for (char ch : s) {
      if (!absl::ascii_isdigit(static_cast<unsigned char>(ch))) return false;
      n = n * 10 + (ch - '0');
    }
    *out = n;
    return true;
  };
  int64_t year = 0, month = 0;
  if (value.size() == 4 && digits(value, &year) && year >= 1) {
    return std::make_pair(year * 10000, year * 10000 + 1299);
  }
  if (value.size() == 7 && value[4] == '-' && digits(value.substr(0, 4), &year) &&
      digits(value.substr(5, 2), &month) && year >= 1 && month >= 1 && month <= 12) {
    int64_t first = year * 10000 + month * 100;
    return std::make_pair(first, first + 99);
  }
  auto date = common::ParseIsoDate(value);
  if (!date.ok()) return std::nullopt;
  int64_t key = int64_t{date->year()} * 10000 + date->month() * 100 + date->day();
  return std::make_pair(key, key);
}

class Parser {
 public:
  Parser(std::vector<Token> tokens, const FilterSchema& schema)
      : tokens_(std::move(tokens)), schema_(schema) {}

  absl::StatusOr<FilterExpr> ParseAll() {
    CATALOG_ASSIGN_OR_RETURN(FilterExpr expr, ParseExpression(0));
    if (Peek().kind != TokenKind::kEnd) {
      return FilterError(absl::StrCat("unexpected ", Describe(Peek()), " at column ", Peek().pos));
    }
    return expr;
  }

 private:
  const Token& Peek() const { return tokens_[next_]; }
  const Token& Next() { return tokens_[next_ < tokens_.size() - 1 ? next_++ : next_]; }

  static FilterExpr Combine(FilterExpr::Kind kind, std::vector<FilterExpr> parts) {
    if (parts.size() == 1) return std::move(parts[0]);
    FilterExpr expr;
    expr.kind = kind;
    expr.children = std::move(parts);
    return expr;
  }

  bool StartsTerm(TokenKind kind) const {
    return kind == TokenKind::kLParen || kind == TokenKind::kText || kind == TokenKind::kString ||
           kind == TokenKind::kNot || kind == TokenKind::kMinus;
  }

  absl::StatusOr<FilterExpr> ParseExpression(int depth) {
    if (depth > kMaxFilterDepth) {
      return FilterError(absl::StrCat("nested deeper than ", kMaxFilterDepth, " levels"));
    }
    std::vector<FilterExpr> parts;
    CATALOG_ASSIGN_OR_RETURN(FilterExpr first, ParseSequence(depth));
    parts.push_back(std::move(first));
    while (Peek().kind == TokenKind::kAnd) {
      Next();
      CATALOG_ASSIGN_OR_RETURN(FilterExpr part, ParseSequence(depth));
      parts.push_back(std::move(part));
    }
    return Combine(FilterExpr::Kind::kAnd, std::move(parts));
  }

  absl::StatusOr<FilterExpr> ParseSequence(int depth) {
    std::vector<FilterExpr> parts;
    do {
      CATALOG_ASSIGN_OR_RETURN(FilterExpr part, ParseFactor(depth));
      parts.push_back(std::move(part));
    } while (StartsTerm(Peek().kind));
    return Combine(FilterExpr::Kind::kAnd, std::move(parts));
  }

  absl::StatusOr<FilterExpr> ParseFactor(int depth) {
    std::vector<FilterExpr> parts;
    CATALOG_ASSIGN_OR_RETURN(FilterExpr first, ParseTerm(depth));
    parts.push_back(std::move(first));
    while (Peek().kind == TokenKind::kOr) {
      Next();
      CATALOG_ASSIGN_OR_RETURN(FilterExpr part, ParseTerm(depth));
      parts.push_back(std::move(part));
    }
    return Combine(FilterExpr::Kind::kOr, std::move(parts));
  }

  absl::StatusOr<FilterExpr> ParseTerm(int depth) {
    if (Peek().kind == TokenKind::kNot || Peek().kind == TokenKind::kMinus) {
      Next();
      CATALOG_ASSIGN_OR_RETURN(FilterExpr inner, ParseSimple(depth));
      FilterExpr expr;
      expr.kind = FilterExpr::Kind::kNot;
      expr.children.push_back(std::move(inner));
      return expr;
    }
    return ParseSimple(depth);
  }

  absl::StatusOr<FilterExpr> ParseSimple(int depth) {
    if (Peek().kind == TokenKind::kLParen) {
      Next();
      CATALOG_ASSIGN_OR_RETURN(FilterExpr inner, ParseExpression(depth + 1));
      if (Peek().kind != TokenKind::kRParen) {
        return FilterError(
            absl::StrCat("expected ')' at column ", Peek().pos, ", found ", Describe(Peek())));
      }
      Next();
      return inner;
    }
    return ParseRestriction();
  }

  absl::StatusOr<FilterExpr> ParseRestriction() {
    const Token& field_token = Next();
    if (field_token.kind != TokenKind::kText) {
      return FilterError(absl::StrCat("expected a field name at column ", field_token.pos,
                                      ", found ", Describe(field_token)));
    }
    const FieldSpec* spec = nullptr;
    for (const FieldSpec& candidate : schema_) {
      if (candidate.name == field_token.text) spec = &candidate;
    }
    if (spec == nullptr) {
      std::vector<std::string> known;
      for (const FieldSpec& candidate : schema_) known.push_back(candidate.name);
      return FilterError(absl::StrCat("unknown field \"", field_token.text, "\" at column ",
                                      field_token.pos,
                                      " (known fields: ", absl::StrJoin(known, ", "), ")"));
    }
    const Token& op_token = Next();
    if (op_token.kind != TokenKind::kComparator) {
      return FilterError(absl::StrCat("expected a comparator (= != < <= > >= :) after \"",
                                      spec->name, "\" at column ", op_token.pos, ", found ",
                                      Describe(op_token)));
    }
    const Token& value_token = Next();
    if (value_token.kind != TokenKind::kText && value_token.kind != TokenKind::kString) {
      return FilterError(absl::StrCat("expected a value after \"", spec->name, " ",
                                      OpName(op_token.op), "\" at column ", value_token.pos,
                                      ", found ", Describe(value_token)));
    }
    if (++restrictions_ > kMaxFilterRestrictions) {
      return FilterError(absl::StrCat("more than ", kMaxFilterRestrictions, " comparisons"));
    }
    FilterExpr expr;
    Restriction& r = expr.restriction;
    r.field = spec->name;
    r.op = op_token.op;
    const std::string& value = value_token.text;
    auto bad_op = [&](absl::string_view allowed) {
      return FilterError(absl::StrCat("field \"", spec->name, "\" does not support '", OpName(r.op),
                                      "' (use ", allowed, ")"));
    };
    switch (spec->type) {
      case FieldType::kString: {
        if (r.op != FilterOp::kEq && r.op != FilterOp::kNe && r.op != FilterOp::kHas) {
          return bad_op("=, != or :");
        }
        r.text = value;
        if (!r.text.empty() && r.text.back() == '*' && r.op != FilterOp::kHas) {
          r.text.pop_back();
          r.prefix = true;
        }
        if (r.text.empty()) {
          return FilterError(absl::StrCat("field \"", spec->name, "\" needs a non-empty value"));
        }
        if (r.op == FilterOp::kHas && r.text == "*") {
          return FilterError(absl::StrCat("presence test \"", spec->name, ":*\" is not supported"));
        }
        break;
      }
      case FieldType::kEnum: {
        if (r.op != FilterOp::kEq && r.op != FilterOp::kNe) return bad_op("= or !=");
        std::optional<int64_t> number = spec->enum_parser ? spec->enum_parser(value) : std::nullopt;
        if (!number.has_value()) {
          return FilterError(
              absl::StrCat("\"", value, "\" is not a value of field \"", spec->name, "\""));
        }
        r.text = value;
        r.number = *number;
        break;
      }
      case FieldType::kDate: {
        if (r.op == FilterOp::kHas) return bad_op("= != < <= > >=");
        std::optional<std::pair<int64_t, int64_t>> period = ParsePeriod(value);
        if (!period.has_value()) {
          return FilterError(absl::StrCat("field \"", spec->name,
                                          "\" takes a date YYYY-MM-DD (or YYYY-MM, YYYY), not \"",
                                          value, "\""));
        }
        r.text = value;
        r.number = period->first;
        r.number_high = period->second;
        break;
      }
    }
    return expr;
  }

  std::vector<Token> tokens_;
  const FilterSchema& schema_;
  size_t next_ = 0;
  int restrictions_ = 0;
};

}  // namespace

absl::StatusOr<std::optional<FilterExpr>> ParseFilter(absl::string_view filter,
                                                      const FilterSchema& schema) {
  if (filter.size() > kMaxFilterLength) {
    return FilterError(absl::StrCat("longer than ", kMaxFilterLength, " bytes"));
  }
  if (absl::StripAsciiWhitespace(filter).empty()) return std::optional<FilterExpr>();
  CATALOG_ASSIGN_OR_RETURN(std::vector<Token> tokens, Lex(filter));
  Parser parser(std::move(tokens), schema);
  CATALOG_ASSIGN_OR_RETURN(FilterExpr expr, parser.ParseAll());
  return std::optional<FilterExpr>(std::move(expr));
}

}  // namespace readout::catalog
