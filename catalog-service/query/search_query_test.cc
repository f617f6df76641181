// Tests of the search syntax: the tree it parses to, what FTS5 and tsquery
// get, and the errors of bad queries.
#include "catalog-service/query/search_query.h"

#include <string>

#include "absl/strings/match.h"
#include "catalog-service/errors.h"
#include "gtest/gtest.h"

namespace readout::catalog {
namespace {

std::string Parsed(const std::string& text) {
  auto expr = ParseSearchQuery(text);
  if (!expr.ok()) return "error: " + std::string(expr.status().message());
  return SearchToString(*expr);
}

std::string Fts5(const std::string& text) {
  auto expr = ParseSearchQuery(text);
  return expr.ok() ? SearchToFts5(*expr) : "error";
}

std::string Tsquery(const std::string& text) {
  auto expr = ParseSearchQuery(text);
  return expr.ok() ? SearchToTsquery(*expr) : "error";
}

TEST(SearchQueryTest, WordsPhrasesAndPrefixes) {
  EXPECT_EQ(Parsed("Budget"), "budget");
  EXPECT_EQ(Parsed("budget talks"), "(budget AND talks)");
  EXPECT_EQ(Parsed("\"Water  Board\""), "\"water board\"");
  EXPECT_EQ(Parsed("innov*"), "innov*");
  EXPECT_EQ(Parsed("\"water bo\"*"), "\"water bo\"*");
  // Punctuation splits a word as the index does; a word of none is dropped.
  EXPECT_EQ(Parsed("co-operation"), "\"co operation\"");
  EXPECT_EQ(Parsed("Smith & Jones"), "(smith AND jones)");
  EXPECT_EQ(Parsed("\"\" OR budget"), "budget");
  // Lower-case operators are words.
  EXPECT_EQ(Parsed("war and peace"), "(war AND and AND peace)");
}

TEST(SearchQueryTest, OperatorsAndPrecedence) {
  EXPECT_EQ(Parsed("a b OR c"), "((a AND b) OR c)");
  EXPECT_EQ(Parsed("a AND (b OR c)"), "(a AND (b OR c))");
  EXPECT_EQ(Parsed("a OR b OR c"), "(a OR b OR c)");
  EXPECT_EQ(Parsed("a NOT b"), "(a AND NOT b)");
  EXPECT_EQ(Parsed("NOT b a"), "(NOT b AND a)");
  EXPECT_EQ(Parsed("a AND NOT NOT b"), "(a AND b)");
  EXPECT_EQ(Parsed("((a))"), "a");
}

TEST(SearchQueryTest, CompilesToFts5) {
  EXPECT_EQ(Fts5("budget"), "\"budget\"");
  EXPECT_EQ(Fts5("budget water-board innov*"), "\"budget\" AND \"water board\" AND \"innov\"*");
  EXPECT_EQ(Fts5("a OR (b c)"), "\"a\" OR (\"b\" AND \"c\")");
  EXPECT_EQ(Fts5("a b NOT c NOT (d OR e)"), "(\"a\" AND \"b\") NOT (\"c\" OR (\"d\" OR \"e\"))");
  EXPECT_EQ(Fts5("a NOT c"), "\"a\" NOT \"c\"");
  EXPECT_EQ(Fts5("a OR (b NOT c)"), "\"a\" OR (\"b\" NOT \"c\")");
  // FTS5's own syntax is plain words here: no column filter, no NEAR group.
  EXPECT_EQ(Fts5("title:budget NEAR(x)"), "\"title budget\" AND \"near\" AND \"x\"");
}

TEST(SearchQueryTest, CompilesToTsquery) {
  EXPECT_EQ(Tsquery("budget"), "'budget'");
  EXPECT_EQ(Tsquery("\"water board\" innov*"), "('water' <-> 'board') & 'innov':*");
  EXPECT_EQ(Tsquery("a OR (b NOT c)"), "'a' | ('b' & !'c')");
}

TEST(SearchQueryTest, BadQueriesAreInvalidQuery) {
  for (const char* text :
       {"",           "   ",       "\"unbalanced", "(a",   "a)",    "a OR",    "OR a",
        "AND a",      "a AND",     "a (",          "()",   "*",     "a * b",   "NOT a",
        "a OR NOT b", "NOT (a b)", "& -",          "\"\"", "a NOT", "(a OR) b"}) {
    auto expr = ParseSearchQuery(text);
    ASSERT_FALSE(expr.ok()) << text << " -> " << SearchToString(*expr);
    EXPECT_EQ(expr.status().code(), absl::StatusCode::kInvalidArgument) << text;
    EXPECT_EQ(ErrorReason(expr.status()), "INVALID_QUERY") << text;
    EXPECT_FALSE(expr.status().message().empty()) << text;
  }
  EXPECT_EQ(Parsed("\"budget"), "error: the phrase opened at byte 0 has no closing '\"'");
  EXPECT_EQ(Parsed("a OR"),
            "error: OR at byte 2 needs a term after it, found the end of the query");
  EXPECT_EQ(Parsed("a)"), "error: ')' at byte 1 has no matching '('");
}

// A long text's fragment is cut from around the first word a query asks
// for (not one under a NOT), between words; a short text, or one holding
// no asked word, is given whole.
TEST(SearchQueryTest, FragmentStretchSurroundsTheFirstAskedWord) {
  auto stretch = [](const std::string& text, const std::string& query) {
    auto expr = ParseSearchQuery(query);
    EXPECT_TRUE(expr.ok()) << expr.status();
    return std::string(SearchFragmentStretch(text, *expr, 12, 20));
  };
  const std::string text =
      "Opening words of a report. The Reservoir plan was approved, said the chairman again.";
  EXPECT_EQ(stretch(text, "reservoir"), "report. The Reservoir plan was ");
  EXPECT_EQ(stretch(text, "\"reservoir plan\""), "report. The Reservoir plan was ");
  EXPECT_EQ(stretch(text, "reserv*"), "report. The Reservoir plan was ");
  // "reserv" alone is no word of the text; "report" comes before.
  EXPECT_EQ(stretch(text, "reserv OR report"), " words of a report. The ");
  EXPECT_EQ(stretch(text, "chairman AND NOT opening"), ", said the chairman again.");
  EXPECT_EQ(stretch(text, "absent"), text);
  EXPECT_EQ(stretch("A short reservoir text.", "reservoir"), "A short reservoir text.");
  // A word longer than the stretch after it is kept whole.
  EXPECT_EQ(stretch(text + " Counterrevolutionaries everywhere said so", "counterrevolutionaries"),
            " again. Counterrevolutionaries");
}

// The terms a query asks for, any one of them, as a tsquery: a NOT's terms
// are left out, phrases and prefixes kept.
TEST(SearchQueryTest, AnyAskedTermAsTsquery) {
  auto any = [](const std::string& query) {
    auto expr = ParseSearchQuery(query);
    EXPECT_TRUE(expr.ok()) << expr.status();
    return expr.ok() ? SearchAnyTermToTsquery(*expr) : std::string();
  };
  EXPECT_EQ(any("reservoir"), "'reservoir'");
  EXPECT_EQ(any("reservoir AND plan"), "'reservoir' | 'plan'");
  EXPECT_EQ(any("\"reservoir plan\" OR reserv*"), "('reservoir' <-> 'plan') | 'reserv':*");
  EXPECT_EQ(any("chairman AND NOT (opening OR words)"), "'chairman'");
}

TEST(SearchQueryTest, DeepNestingIsRefused) {
  std::string deep(17, '(');
  deep += "a";
  deep += std::string(17, ')');
  auto expr = ParseSearchQuery(deep);
  EXPECT_EQ(ErrorReason(expr.status()), "INVALID_QUERY");
  EXPECT_EQ(expr.status().message(), "parentheses nest deeper than 16 at byte 16");
  std::string fine(16, '(');
  fine += "a";
  fine += std::string(16, ')');
  EXPECT_TRUE(ParseSearchQuery(fine).ok());
  // Groups count, not only parentheses: a (b OR a (b OR ... x)) nests an
  // AND and an OR per pair of parentheses.
  std::string groups = "x";
  for (int i = 0; i < 8; ++i) groups = "a (b OR " + groups + ")";
  EXPECT_TRUE(ParseSearchQuery(groups).ok());  // 16 groups in 8 parentheses.
  auto deeper = ParseSearchQuery("a (b OR " + groups + ")");
  EXPECT_EQ(ErrorReason(deeper.status()), "INVALID_QUERY");
  EXPECT_TRUE(absl::StartsWith(deeper.status().message(), "groups nest deeper than 16"))
      << deeper.status();
}

}  // namespace
}  // namespace readout::catalog
