// The search syntax (see search_query.h): a scanner, a recursive-descent
// parser and the compilers to FTS5 and tsquery.
#include "catalog-service/query/search_query.h"

#include <algorithm>
#include <optional>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "catalog-service/errors.h"

namespace readout::catalog {
namespace {

// Parentheses, and groups (an AND inside an OR or the other way round),
// nest at most this deep. Each group costs FTS5's parser a few entries of
// its stack of about a hundred: deeper queries would compile to text that
// FTS5 refuses ("parser stack overflow"), and the fully parenthesized form
// (SearchToString) would not parse back.
constexpr int kMaxDepth = 16;

absl::Status QueryError(absl::string_view message) {
  return InvalidArgument("INVALID_QUERY", message);
}

bool IsTokenChar(unsigned char c) { return c >= 0x80 || absl::ascii_isalnum(c); }

// The index's tokens of `text`, lowercased.
std::vector<std::string> Tokens(absl::string_view text) {
  std::vector<std::string> tokens;
  std::string current;
  for (unsigned char c : text) {
    if (IsTokenChar(c)) {
      current += static_cast<char>(absl::ascii_tolower(c));
    } else if (!current.empty()) {
      tokens.push_back(std::move(current));
      current.clear();
    }
  }
  if (!current.empty()) tokens.push_back(std::move(current));
  return tokens;
}

struct Lexeme {
  enum class Type { kTerm, kAnd, kOr, kNot, kOpen, kClose, kEnd };
  Type type = Type::kEnd;
  size_t offset = 0;
  std::vector<std::string> tokens;  // kTerm.
  bool prefix = false;              // kTerm.
};

absl::StatusOr<std::vector<Lexeme>> Scan(absl::string_view text) {
  std::vector<Lexeme> out;
  size_t i = 0;
  auto take_star = [&](Lexeme& term) {
    if (i < text.size() && text[i] == '*') {
      term.prefix = true;
      ++i;
    }
  };
  while (i < text.size()) {
    const char c = text[i];
    Lexeme lexeme;
    lexeme.offset = i;
    if (absl::ascii_isspace(static_cast<unsigned char>(c))) {
      ++i;
      continue;
    }
    if (c == '(' || c == ')') {
      lexeme.type = c == '(' ? Lexeme::Type::kOpen : Lexeme::Type::kClose;
      ++i;
    } else if (c == '*') {
      return QueryError(absl::StrCat(
          "'*' at byte ", i, " does not follow a word (a prefix search is written innov*)"));
    } else if (c == '"') {
      const size_t close = text.find('"', i + 1);
      if (close == absl::string_view::npos) {
        return QueryError(absl::StrCat("the phrase opened at byte ", i, " has no closing '\"'"));
      }
      lexeme.type = Lexeme::Type::kTerm;
      lexeme.tokens = Tokens(text.substr(i + 1, close - i - 1));
      i = close + 1;
      take_star(lexeme);
    } else {
      size_t end = i;
      while (end < text.size() && !absl::ascii_isspace(static_cast<unsigned char>(text[end])) &&
             text[end] != '(' && text[end] != ')' && text[end] != '"' && text[end] != '*') {
        ++end;
      }
      const absl::string_view word = text.substr(i, end - i);
      i = end;
      if (word == "AND") {
        lexeme.type = Lexeme::Type::kAnd;
      } else if (word == "OR") {
        lexeme.type = Lexeme::Type::kOr;
      } else if (word == "NOT") {
        lexeme.type = Lexeme::Type::kNot;
      } else {
        lexeme.type = Lexeme::Type::kTerm;
        lexeme.tokens = Tokens(word);
        take_star(lexeme);
      }
    }
    out.push_back(std::move(lexeme));
  }
  Lexeme end;
  end.offset = text.size();
  out.push_back(std::move(end));
  return out;
}

const char* Describe(Lexeme::Type type) {
  switch (type) {
    case Lexeme::Type::kAnd:
      return "AND";
    case Lexeme::Type::kOr:
      return "OR";
    case Lexeme::Type::kNot:
      return "NOT";
    case Lexeme::Type::kOpen:
      return "'('";
    case Lexeme::Type::kClose:
      return "')'";
    case Lexeme::Type::kEnd:
      return "the end of the query";
    case Lexeme::Type::kTerm:
      break;
  }
  return "a word";
}

// Joins `items` under `kind`, merging children of the same kind; nullopt
// when nothing is left, the item itself when one is.
std::optional<SearchExpr> Combine(SearchExpr::Kind kind, std::vector<SearchExpr> items) {
  if (items.empty()) return std::nullopt;
  if (items.size() == 1) return std::move(items[0]);
  SearchExpr out;
  out.kind = kind;
  for (SearchExpr& item : items) {
    if (item.kind == kind) {
      for (SearchExpr& child : item.children) out.children.push_back(std::move(child));
    } else {
      out.children.push_back(std::move(item));
    }
  }
  return out;
}

// Recursive descent over the scanned lexemes. Each Parse* returns nullopt
// for an operand that had no token (dropped).
class SearchParser {
 public:
  explicit SearchParser(std::vector<Lexeme> lexemes) : lexemes_(std::move(lexemes)) {}

  absl::StatusOr<std::optional<SearchExpr>> ParseQuery() {
    CATALOG_ASSIGN_OR_RETURN(std::optional<SearchExpr> expr, ParseOr(0));
    if (Peek().type == Lexeme::Type::kClose) {
      return QueryError(absl::StrCat("')' at byte ", Peek().offset, " has no matching '('"));
    }
    return expr;
  }

 private:
  const Lexeme& Peek() const { return lexemes_[pos_]; }
  bool AtOperandEnd() const {
    const Lexeme::Type t = Peek().type;
    return t == Lexeme::Type::kEnd || t == Lexeme::Type::kClose || t == Lexeme::Type::kOr ||
           t == Lexeme::Type::kAnd;
  }
  absl::Status MissingOperand(const Lexeme& op, const char* side) const {
    return QueryError(absl::StrCat(Describe(op.type), " at byte ", op.offset, " needs a term ",
                                   side, " it, found ", Describe(Peek().type)));
  }

  absl::StatusOr<std::optional<SearchExpr>> ParseOr(int depth) {
    std::vector<SearchExpr> items;
    if (Peek().type == Lexeme::Type::kOr) return MissingOperand(Peek(), "before");
    CATALOG_ASSIGN_OR_RETURN(std::optional<SearchExpr> first, ParseAnd(depth));
    if (first) items.push_back(std::move(*first));
    while (Peek().type == Lexeme::Type::kOr) {
      const Lexeme& op = lexemes_[pos_++];
      if (AtOperandEnd()) return MissingOperand(op, "after");
      CATALOG_ASSIGN_OR_RETURN(std::optional<SearchExpr> next, ParseAnd(depth));
      if (next) items.push_back(std::move(*next));
    }
    return Combine(SearchExpr::Kind::kOr, std::move(items));
  }

  absl::StatusOr<std::optional<SearchExpr>> ParseAnd(int depth) {
    if (AtOperandEnd()) {
      if (Peek().type == Lexeme::Type::kAnd) return MissingOperand(Peek(), "before");
      return QueryError(absl::StrCat("expected a word, a phrase or '(' at byte ", Peek().offset,
                                     ", found ", Describe(Peek().type)));
    }
    std::vector<SearchExpr> items;
    while (true) {
      if (Peek().type == Lexeme::Type::kAnd) {
        const Lexeme& op = lexemes_[pos_++];
        if (AtOperandEnd()) return MissingOperand(op, "after");
      }
      CATALOG_ASSIGN_OR_RETURN(std::optional<SearchExpr> item, ParseUnary(depth));
      if (item) items.push_back(std::move(*item));
      const Lexeme::Type next = Peek().type;
      if (next == Lexeme::Type::kEnd || next == Lexeme::Type::kClose || next == Lexeme::Type::kOr) {
        break;
      }
    }
    return Combine(SearchExpr::Kind::kAnd, std::move(items));
  }

  absl::StatusOr<std::optional<SearchExpr>> ParseUnary(int depth) {
    if (Peek().type != Lexeme::Type::kNot) return ParsePrimary(depth);
    const Lexeme& op = lexemes_[pos_++];
    if (AtOperandEnd()) return MissingOperand(op, "after");
    CATALOG_ASSIGN_OR_RETURN(std::optional<SearchExpr> inner, ParseUnary(depth));
    if (!inner) return std::nullopt;
    if (inner->kind == SearchExpr::Kind::kNot) return std::move(inner->children[0]);
    SearchExpr out;
    out.kind = SearchExpr::Kind::kNot;
    out.children.push_back(std::move(*inner));
    return out;
  }

  absl::StatusOr<std::optional<SearchExpr>> ParsePrimary(int depth) {
    const Lexeme& lexeme = lexemes_[pos_];
    if (lexeme.type == Lexeme::Type::kTerm) {
      ++pos_;
      if (lexeme.tokens.empty()) return std::nullopt;
      SearchExpr term;
      term.tokens = lexeme.tokens;
      term.prefix = lexeme.prefix;
      return term;
    }
    if (lexeme.type != Lexeme::Type::kOpen) {
      return QueryError(absl::StrCat("expected a word, a phrase or '(' at byte ", lexeme.offset,
                                     ", found ", Describe(lexeme.type)));
    }
    if (depth >= kMaxDepth) {
      return QueryError(
          absl::StrCat("parentheses nest deeper than ", kMaxDepth, " at byte ", lexeme.offset));
    }
    ++pos_;
    CATALOG_ASSIGN_OR_RETURN(std::optional<SearchExpr> inner, ParseOr(depth + 1));
    if (Peek().type != Lexeme::Type::kClose) {
      return QueryError(absl::StrCat("'(' at byte ", lexeme.offset, " is not closed"));
    }
    ++pos_;
    return inner;
  }

  std::vector<Lexeme> lexemes_;
  size_t pos_ = 0;
};

// A NOT must sit in an AND beside a term that is not negated: there is
// nothing to exclude from otherwise (and neither engine can list every
// document that lacks a word cheaply).
absl::Status CheckNegations(const SearchExpr& expr, bool may_be_not) {
  if (expr.kind == SearchExpr::Kind::kNot && !may_be_not) {
    return QueryError(absl::StrCat("NOT ", SearchToString(expr.children[0]),
                                   " has nothing to exclude from; write what to search for "
                                   "beside it, as in: budget NOT draft"));
  }
  bool has_positive = false;
  for (const SearchExpr& child : expr.children) {
    if (child.kind != SearchExpr::Kind::kNot) has_positive = true;
  }
  for (const SearchExpr& child : expr.children) {
    CATALOG_RETURN_IF_ERROR(
        CheckNegations(child, expr.kind == SearchExpr::Kind::kAnd && has_positive));
  }
  return absl::OkStatus();
}

// How deep AND and OR groups nest in `expr` (0 for a term). The parser
// bounds the recursion: it flattens runs of one operator and refuses
// parentheses deeper than kMaxDepth.
int GroupDepth(const SearchExpr& expr) {
  int deepest = 0;
  for (const SearchExpr& child : expr.children) deepest = std::max(deepest, GroupDepth(child));
  const bool group = expr.kind == SearchExpr::Kind::kAnd || expr.kind == SearchExpr::Kind::kOr;
  return deepest + (group ? 1 : 0);
}

bool IsCompound(const SearchExpr& expr) {
  return expr.kind == SearchExpr::Kind::kAnd || expr.kind == SearchExpr::Kind::kOr;
}

std::string Fts5(const SearchExpr& expr);

std::string Fts5Operand(const SearchExpr& expr) {
  return IsCompound(expr) ? absl::StrCat("(", Fts5(expr), ")") : Fts5(expr);
}

std::string Fts5(const SearchExpr& expr) {
  switch (expr.kind) {
    case SearchExpr::Kind::kTerm:
      return absl::StrCat("\"", absl::StrJoin(expr.tokens, " "), "\"", expr.prefix ? "*" : "");
    case SearchExpr::Kind::kOr: {
      std::vector<std::string> parts;
      for (const SearchExpr& child : expr.children) parts.push_back(Fts5Operand(child));
      return absl::StrJoin(parts, " OR ");
    }
    case SearchExpr::Kind::kAnd: {
      std::vector<std::string> positives;
      std::vector<const SearchExpr*> negatives;
      for (const SearchExpr& child : expr.children) {
        if (child.kind == SearchExpr::Kind::kNot) {
          negatives.push_back(&child.children[0]);
        } else {
          positives.push_back(Fts5Operand(child));
        }
      }
      if (negatives.empty()) return absl::StrJoin(positives, " AND ");
      std::string out = positives.size() == 1
                            ? positives[0]
                            : absl::StrCat("(", absl::StrJoin(positives, " AND "), ")");
      // FTS5's NOT is binary. ((a NOT b) NOT c) is a NOT (b OR c): one NOT
      // whatever the number of negations, and no parentheses beyond those
      // the grouping needs (the caller wraps this kAnd as an operand), since
      // every nested level costs FTS5's parser stack.
      std::vector<std::string> negated;
      for (const SearchExpr* negative : negatives) negated.push_back(Fts5Operand(*negative));
      return negated.size() == 1 ? absl::StrCat(out, " NOT ", negated[0])
                                 : absl::StrCat(out, " NOT (", absl::StrJoin(negated, " OR "), ")");
    }
    case SearchExpr::Kind::kNot:
      break;  // Only inside kAnd (CheckNegations).
  }
  return "";
}

std::string Tsquery(const SearchExpr& expr);

std::string TsqueryOperand(const SearchExpr& expr) {
  const bool wrap =
      IsCompound(expr) || (expr.kind == SearchExpr::Kind::kTerm && expr.tokens.size() > 1);
  return wrap ? absl::StrCat("(", Tsquery(expr), ")") : Tsquery(expr);
}

std::string Tsquery(const SearchExpr& expr) {
  switch (expr.kind) {
    case SearchExpr::Kind::kTerm: {
      std::vector<std::string> lexemes;
      for (size_t i = 0; i < expr.tokens.size(); ++i) {
        lexemes.push_back(absl::StrCat("'", expr.tokens[i], "'",
                                       expr.prefix && i + 1 == expr.tokens.size() ? ":*" : ""));
      }
      return absl::StrJoin(lexemes, " <-> ");
    }
    case SearchExpr::Kind::kOr:
    case SearchExpr::Kind::kAnd: {
      std::vector<std::string> parts;
      for (const SearchExpr& child : expr.children) parts.push_back(TsqueryOperand(child));
      return absl::StrJoin(parts, expr.kind == SearchExpr::Kind::kOr ? " | " : " & ");
    }
    case SearchExpr::Kind::kNot:
      return absl::StrCat("!", TsqueryOperand(expr.children[0]));
  }
  return "";
}

}  // namespace

absl::StatusOr<SearchExpr> ParseSearchQuery(absl::string_view text) {
  CATALOG_ASSIGN_OR_RETURN(std::vector<Lexeme> lexemes, Scan(text));
  SearchParser parser(std::move(lexemes));
  CATALOG_ASSIGN_OR_RETURN(std::optional<SearchExpr> expr, parser.ParseQuery());
  if (!expr) {
    return QueryError("the query has no word to search for (only punctuation or empty phrases)");
  }
  CATALOG_RETURN_IF_ERROR(CheckNegations(*expr, false));
  if (GroupDepth(*expr) > kMaxDepth) {
    return QueryError(absl::StrCat("groups nest deeper than ", kMaxDepth,
                                   " (each AND inside an OR, or OR inside an AND, is a level)"));
  }
  return std::move(*expr);
}

std::string SearchToFts5(const SearchExpr& expr) { return Fts5(expr); }

std::string SearchToTsquery(const SearchExpr& expr) { return Tsquery(expr); }

std::string SearchToString(const SearchExpr& expr) {
  switch (expr.kind) {
    case SearchExpr::Kind::kTerm:
      if (expr.tokens.size() == 1) return absl::StrCat(expr.tokens[0], expr.prefix ? "*" : "");
      return absl::StrCat("\"", absl::StrJoin(expr.tokens, " "), "\"", expr.prefix ? "*" : "");
    case SearchExpr::Kind::kNot:
      return absl::StrCat("NOT ", SearchToString(expr.children[0]));
    case SearchExpr::Kind::kAnd:
    case SearchExpr::Kind::kOr: {
      std::vector<std::string> parts;
      for (const SearchExpr& child : expr.children) parts.push_back(SearchToString(child));
      return absl::StrCat(
          "(", absl::StrJoin(parts, expr.kind == SearchExpr::Kind::kAnd ? " AND " : " OR "), ")");
    }
  }
  return "";
}

namespace {

// The first tokens of the terms `expr` asks for outside a NOT, with
// whether that token is a prefix.
void AskedWords(const SearchExpr& expr, std::vector<std::pair<std::string, bool>>& out) {
  if (expr.kind == SearchExpr::Kind::kNot) return;
  if (expr.kind == SearchExpr::Kind::kTerm) {
    if (!expr.tokens.empty())
      out.emplace_back(expr.tokens[0], expr.prefix && expr.tokens.size() == 1);
    return;
  }
  for (const SearchExpr& child : expr.children) AskedWords(child, out);
}

// The terms `expr` asks for outside a NOT.
void AskedTerms(const SearchExpr& expr, std::vector<SearchExpr>& out) {
  if (expr.kind == SearchExpr::Kind::kNot) return;
  if (expr.kind == SearchExpr::Kind::kTerm) {
    if (!expr.tokens.empty()) out.push_back(expr);
    return;
  }
  for (const SearchExpr& child : expr.children) AskedTerms(child, out);
}

}  // namespace

std::string SearchAnyTermToTsquery(const SearchExpr& expr) {
  SearchExpr any;
  any.kind = SearchExpr::Kind::kOr;
  AskedTerms(expr, any.children);
  if (any.children.size() == 1) return Tsquery(any.children[0]);
  return Tsquery(any);
}

absl::string_view SearchFragmentStretch(absl::string_view text, const SearchExpr& expr,
                                        size_t before, size_t after) {
  if (text.size() <= before + after) return text;
  std::vector<std::pair<std::string, bool>> asked;
  AskedWords(expr, asked);
  auto asked_for = [&](absl::string_view word) {
    for (const auto& [token, prefix] : asked) {
      if (word.size() < token.size() || (!prefix && word.size() != token.size())) continue;
      bool same = true;
      for (size_t i = 0; i < token.size() && same; ++i) {
        same = absl::ascii_tolower(static_cast<unsigned char>(word[i])) == token[i];
      }
      if (same) return true;
    }
    return false;
  };
  auto is_token = [&](size_t i) { return IsTokenChar(static_cast<unsigned char>(text[i])); };
  size_t at = text.size(), at_end = text.size();  // The first asked word.
  for (size_t i = 0; i < text.size() && at == text.size();) {
    if (!is_token(i)) {
      ++i;
      continue;
    }
    size_t end = i;
    while (end < text.size() && is_token(end)) ++end;
    if (asked_for(text.substr(i, end - i))) at = i, at_end = end;
    i = end;
  }
  if (at == text.size()) return text;
  // Whole words only: a start or end inside a word moves to the word's
  // end or start (never past the asked word).
  size_t from = at > before ? at - before : 0;
  while (from > 0 && from < at && is_token(from - 1) && is_token(from)) ++from;
  size_t to = std::max(at_end, std::min(text.size(), at + after));
  while (to < text.size() && to > at_end && is_token(to - 1) && is_token(to)) --to;
  return text.substr(from, to - from);
}

}  // namespace readout::catalog
