// The search syntax of SearchDocumentsRequest.query (docs/api.md), free of
// any store: words, "phrases", prefix* (a word or phrase whose last word is
// a prefix), AND (also implied between neighbours), OR, NOT (excludes from
// what its neighbours in an AND match) and parentheses; AND, OR and NOT are
// operators only in upper case. NOT binds tighter than AND, AND tighter
// than OR. A query is parsed into a tree that each store compiles to its own
// engine's language: FTS5 for SQLite, tsquery for PostgreSQL.
//
// Words are split into tokens where the index splits them (any ASCII
// character other than a letter or digit; bytes of other characters are
// kept), so "co-operation" searches the phrase "co operation". A word or
// phrase with no token ("&", "") is dropped with the operator that joined
// it. Every problem (an unclosed quote or parenthesis, an operator without
// an operand, a '*' not after a word, a NOT with nothing to exclude from, no
// word at all) is INVALID_ARGUMENT with reason INVALID_QUERY and a message
// naming the problem and its byte offset. Pure functions; thread-safe.
#ifndef READOUT_CATALOG_SERVICE_QUERY_SEARCH_QUERY_H_
#define READOUT_CATALOG_SERVICE_QUERY_SEARCH_QUERY_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace readout::catalog {

struct SearchExpr {
  enum class Kind { kTerm, kAnd, kOr, kNot };
  Kind kind = Kind::kTerm;
  // kTerm: the tokens of a word or phrase, lowercased ASCII, in order (one
  // token for a plain word); `prefix` when the last one is a prefix.
  std::vector<std::string> tokens;
  bool prefix = false;
  // kAnd, kOr: two or more; kNot: one (never itself a kNot). A kNot is only
  // ever a child of a kAnd that has a child which is not a kNot.
  std::vector<SearchExpr> children;
};

// Parses `text` (see above).
absl::StatusOr<SearchExpr> ParseSearchQuery(absl::string_view text);

// The query as SQLite FTS5 MATCH syntax: terms become quoted strings
// ("co operation"*), NOT the binary FTS5 operator.
std::string SearchToFts5(const SearchExpr& expr);

// The query as PostgreSQL tsquery text (for to_tsquery('simple', ...)):
// phrases joined with <->, prefixes as :*, & | ! for AND, OR, NOT.
std::string SearchToTsquery(const SearchExpr& expr);

// The query written back in the API's syntax, fully parenthesized (for
// messages and tests).
std::string SearchToString(const SearchExpr& expr);

// The stretch of `text` a result's fragment is cut from when the text is
// long: from about `before` bytes ahead of the first word of `text` that
// begins a term `expr` asks for (outside a NOT) to about `after` bytes past
// it, cut between words. The whole text when it is no longer than
// before + after, or when it holds no such word. Lets a highlighter (such
// as ts_headline, whose cost grows with the text) read a few hundred
// bytes instead of the whole text; a fragment needing words beyond the
// stretch (an AND whose words lie far apart) needs the whole text.
absl::string_view SearchFragmentStretch(absl::string_view text, const SearchExpr& expr,
                                        size_t before, size_t after);

// The terms `expr` asks for outside a NOT (words, phrases, prefixes), any
// one of them, as PostgreSQL tsquery text: a text this matches shows at
// least one match in its fragment (a stretch that does not, such as one
// whose word the index read as part of an e-mail address, needs the whole
// text's fragment).
std::string SearchAnyTermToTsquery(const SearchExpr& expr);

}  // namespace readout::catalog

#endif  // READOUT_CATALOG_SERVICE_QUERY_SEARCH_QUERY_H_
