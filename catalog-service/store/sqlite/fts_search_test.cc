// Tests of readout_rank() against FTS5 in an in-memory database, of the
// query scanner that lists a query's phrases, and of snippets.
#include "catalog-service/store/sqlite/fts_search.h"

#include <algorithm>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "catalog-service/query/search_query.h"
#include "gtest/gtest.h"
#include "sqlite3.h"

namespace readout::catalog {
namespace {

using Phrases = std::vector<std::string>;

// The phrases' standalone queries (nullopt when the scanner gives up).
std::optional<Phrases> QueryPhraseTexts(absl::string_view query) {
  std::optional<std::vector<QueryPhrase>> phrases = QueryPhrases(query);
  if (!phrases) return std::nullopt;
  Phrases texts;
  for (const QueryPhrase& phrase : *phrases) texts.push_back(phrase.query);
  return texts;
}

TEST(QueryPhrasesTest, WordsAndQuotedPhrasesInOrder) {
  EXPECT_EQ(QueryPhraseTexts("flood"), Phrases({"\"flood\""}));
  EXPECT_EQ(QueryPhraseTexts("flood prevention"), Phrases({"\"flood\"", "\"prevention\""}));
  EXPECT_EQ(QueryPhraseTexts("\"flood prevention\" AND drought"),
            Phrases({"\"flood prevention\"", "\"drought\""}));
  EXPECT_EQ(QueryPhraseTexts("\"say \"\"no\"\"\""), Phrases({"\"say \"\"no\"\"\""}));
}

TEST(QueryPhrasesTest, OperatorsColumnsAndGroupsAreNotPhrases) {
  EXPECT_EQ(QueryPhraseTexts("(a OR b) NOT c"), Phrases({"\"a\"", "\"b\"", "\"c\""}));
  EXPECT_EQ(QueryPhraseTexts("title : budget AND body:deficit"),
            Phrases({"\"budget\"", "\"deficit\""}));
  EXPECT_EQ(QueryPhraseTexts("{title body}: budget"), Phrases({"\"budget\""}));
  EXPECT_EQ(QueryPhraseTexts("- title : budget"), Phrases({"\"budget\""}));
  EXPECT_EQ(QueryPhraseTexts("^budget"), Phrases({"\"budget\""}));
  EXPECT_EQ(QueryPhraseTexts("NEAR(trade talks, 5) tariff"),
            Phrases({"\"trade\"", "\"talks\"", "\"tariff\""}));
  // Lowercase operator words are words.
  EXPECT_EQ(QueryPhraseTexts("law and order"), Phrases({"\"law\"", "\"and\"", "\"order\""}));
}

TEST(QueryPhrasesTest, PrefixesAndJoinedPhrases) {
  EXPECT_EQ(QueryPhraseTexts("innov* policy"), Phrases({"\"innov\"*", "\"policy\""}));
  EXPECT_EQ(QueryPhraseTexts("\"innov\" * x"), Phrases({"\"innov\"*", "\"x\""}));
  EXPECT_EQ(QueryPhraseTexts("trade + talks war"), Phrases({"\"trade\" + \"talks\"", "\"war\""}));
  std::optional<std::vector<QueryPhrase>> phrases = QueryPhrases("budget + deficit* \"x\"");
  ASSERT_TRUE(phrases.has_value());
  ASSERT_EQ(phrases->size(), 2u);
  EXPECT_EQ((*phrases)[0].strings,
            (std::vector<std::pair<std::string, bool>>{{"budget", false}, {"deficit", true}}));
}

TEST(QueryPhrasesTest, UnreadableQueriesGiveNothing) {
  EXPECT_FALSE(QueryPhraseTexts("\"unbalanced").has_value());
  EXPECT_FALSE(QueryPhraseTexts("a +").has_value());
  EXPECT_FALSE(QueryPhraseTexts("+ a").has_value());
  EXPECT_FALSE(QueryPhraseTexts("a $ b").has_value());
  EXPECT_EQ(QueryPhraseTexts(""), Phrases());
}

// An in-memory FTS5 table with readout_rank registered.
class RankTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(sqlite3_open(":memory:", &db_), SQLITE_OK);
    ASSERT_TRUE(RegisterRankFunction(db_).ok());
    Exec("CREATE VIRTUAL TABLE fts USING fts5(title, body)");
  }
  void TearDown() override { sqlite3_close(db_); }

  void Exec(const std::string& sql) {
    char* error = nullptr;
    ASSERT_EQ(sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &error), SQLITE_OK)
        << (error ? error : "");
  }

  // Row ids best first, with their scores.
  std::vector<std::pair<int64_t, double>> Rank(const std::string& query,
                                               const std::string& extra_args = "") {
    std::vector<std::pair<int64_t, double>> out;
    sqlite3_stmt* stmt = nullptr;
    const std::string sql = "SELECT rowid, readout_rank(fts, 4.0, 1.0" + extra_args +
                            ") AS score FROM fts WHERE fts MATCH ? ORDER BY score, rowid";
    EXPECT_EQ(sqlite3_prepare_v2(db_, sql.c_str(), -1, &stmt, nullptr), SQLITE_OK)
        << sqlite3_errmsg(db_);
    sqlite3_bind_text(stmt, 1, query.c_str(), -1, SQLITE_TRANSIENT);
    while (sqlite3_step(stmt) == SQLITE_ROW) {
      out.emplace_back(sqlite3_column_int64(stmt, 0), sqlite3_column_double(stmt, 1));
    }
    sqlite3_finalize(stmt);
    return out;
  }

  sqlite3* db_ = nullptr;
};

// The deepest queries the search syntax accepts, with negations at every
// level and long runs of them, compile to text FTS5 parses (its parser has
// a stack of about a hundred entries) and that finds the right rows.
TEST_F(RankTest, DeepestAcceptedQueriesCompileToWhatFts5Parses) {
  Exec("INSERT INTO fts(rowid, title, body) VALUES (1, 'x', 'x'), (2, 'x', 'x n7')");
  // Each shape opens one level per step; the query is the deepest that
  // parses: w0 NOT (w1 NOT (... x)), (a0 b0 NOT c0 NOT d0 (a1 ... x)), ...
  const std::vector<std::function<std::string(const std::string&)>> shapes = {
      [](const std::string& i) { return "w" + i + " NOT ("; },
      [](const std::string& i) { return "(a" + i + " b" + i + " NOT c" + i + " NOT d" + i + " "; },
      [](const std::string& i) { return "(w" + i + " OR (v" + i + " NOT "; },
      [](const std::string& i) { return "z" + i + " NOT (\"p q" + i + "\" OR y" + i + " NOT ("; },
  };
  std::vector<std::string> queries;
  for (const auto& shape : shapes) {
    std::string deepest;
    std::string opened;
    for (int i = 0; i < 40; ++i) {
      opened += shape(std::to_string(i));
      const size_t depth = std::count(opened.begin(), opened.end(), '(');
      const std::string query = opened + "x" + std::string(depth, ')');
      if (!ParseSearchQuery(query).ok()) break;
      deepest = query;
    }
    ASSERT_GE(std::count(deepest.begin(), deepest.end(), '('), 8) << deepest;
    queries.push_back(deepest);
  }
  std::string chain = "x";  // x NOT n0 NOT n1 ... NOT n499.
  for (int i = 0; i < 500; ++i) chain += " NOT n" + std::to_string(i);
  queries.push_back(chain);
  for (size_t i = 0; i < queries.size(); ++i) {
    absl::StatusOr<SearchExpr> parsed = ParseSearchQuery(queries[i]);
    ASSERT_TRUE(parsed.ok()) << parsed.status();
    const std::string fts = SearchToFts5(*parsed);
    sqlite3_stmt* stmt = nullptr;
    ASSERT_EQ(sqlite3_prepare_v2(db_, "SELECT rowid FROM fts WHERE fts MATCH ? ORDER BY rowid", -1,
                                 &stmt, nullptr),
              SQLITE_OK);
    sqlite3_bind_text(stmt, 1, fts.c_str(), -1, SQLITE_TRANSIENT);
    std::vector<int64_t> rows;
    int rc;
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) rows.push_back(sqlite3_column_int64(stmt, 0));
    EXPECT_EQ(rc, SQLITE_DONE) << sqlite3_errmsg(db_) << " for " << fts;
    sqlite3_finalize(stmt);
    if (queries[i] == chain) EXPECT_EQ(rows, std::vector<int64_t>({1})) << fts;
  }
}

TEST_F(RankTest, MoreHitsInShorterRowsRankFirstAndTitlesWeighMore) {
  Exec(
      "INSERT INTO fts(rowid, title, body) VALUES"
      "(1, 'meeting', 'budget talks on the budget of the province and other matters'),"
      "(2, 'meeting', 'budget budget budget'),"
      "(3, 'budget meeting', 'talks on the province and other matters'),"
      "(4, 'meeting', 'weather')");
  auto ranked = Rank("budget");
  ASSERT_EQ(ranked.size(), 3u);
  EXPECT_EQ(ranked[0].first, 2);  // Three hits in a short row.
  EXPECT_EQ(ranked[1].first, 3);  // One title hit counts four.
  EXPECT_EQ(ranked[2].first, 1);
  EXPECT_LT(ranked[0].second, 0);  // Lower is better, as bm25().
  // The same order as FTS5's bm25() with the same weights.
  sqlite3_stmt* stmt = nullptr;
  ASSERT_EQ(sqlite3_prepare_v2(db_,
                               "SELECT rowid FROM fts WHERE fts MATCH 'budget' "
                               "ORDER BY bm25(fts, 4.0, 1.0), rowid",
                               -1, &stmt, nullptr),
            SQLITE_OK);
  std::vector<int64_t> builtin;
  while (sqlite3_step(stmt) == SQLITE_ROW) builtin.push_back(sqlite3_column_int64(stmt, 0));
  sqlite3_finalize(stmt);
  EXPECT_EQ(builtin, (std::vector<int64_t>{2, 3, 1}));
}

TEST_F(RankTest, SuppliedSharesMakeRarePhrasesWeighMore) {
  Exec(
      "INSERT INTO fts(rowid, title, body) VALUES"
      "(1, '', 'common common rare'),"
      "(2, '', 'common common common rare rare'),"
      "(3, '', 'common rare rare rare common')");
  for (int i = 10; i < 60; ++i) {
    Exec("INSERT INTO fts(rowid, title, body) VALUES(" + std::to_string(i) +
         ", '', 'common filler words')");
  }
  // Alike weights: rows 2 (3 common, 2 rare) and 3 (2 common, 3 rare) tie
  // and the lower row id wins. With "rare" in 3 of 53 rows and "common" in
  // all, the rare word decides: row 3 first.
  auto alike = Rank("common OR rare");
  ASSERT_GE(alike.size(), 3u);
  EXPECT_EQ(alike[0].first, 2);
  EXPECT_DOUBLE_EQ(alike[0].second, alike[1].second);
  auto weighted = Rank("common OR rare", ", 1.0, 0.057");
  ASSERT_GE(weighted.size(), 3u);
  EXPECT_EQ(weighted[0].first, 3);
  EXPECT_EQ(weighted[1].first, 2);
  EXPECT_EQ(weighted[2].first, 1);
  // A wrong number of shares falls back to alike weights.
  EXPECT_EQ(Rank("common OR rare", ", 1.0"), alike);
}

class SnippetTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(sqlite3_open(":memory:", &db_), SQLITE_OK);
    auto tokenizer = SearchTokenizer::Open(db_);
    ASSERT_TRUE(tokenizer.ok()) << tokenizer.status();
    tokenizer_ = std::move(*tokenizer);
  }
  void TearDown() override {
    tokenizer_.reset();
    sqlite3_close(db_);
  }

  std::string Snippet(absl::string_view query, absl::string_view title, absl::string_view body,
                      int window = 8) {
    std::optional<std::vector<QueryPhrase>> phrases = QueryPhrases(query);
    EXPECT_TRUE(phrases.has_value()) << query;
    SnippetMaker maker(*tokenizer_, phrases.value_or(std::vector<QueryPhrase>()), window);
    return maker.Make(title, body);
  }

  sqlite3* db_ = nullptr;
  std::unique_ptr<SearchTokenizer> tokenizer_;
};

TEST_F(SnippetTest, TokensAreFoldedAsTheIndexFoldsThem) {
  std::vector<SearchTokenizer::Token> tokens = tokenizer_->Tokenize("Zürich, SAID-it");
  ASSERT_EQ(tokens.size(), 3u);
  EXPECT_EQ(tokens[0].text, "zurich");
  EXPECT_EQ(tokens[0].begin, 0);
  EXPECT_EQ(tokens[0].end, 7);  // Two bytes for the u-umlaut.
  EXPECT_EQ(tokens[1].text, "said");
  EXPECT_EQ(tokens[2].text, "it");
}

TEST_F(SnippetTest, MarksWordsPhrasesAndPrefixesInTheBestWindow) {
  const std::string body =
      "The council met on Monday. Members discussed the weather at length and then "
      "discussed trade with the visiting delegation, and Innovation policy.";
  EXPECT_EQ(Snippet("\"discussed trade\"", "Council meeting", body),
            "...and then [discussed trade] with the visiting delegation...");
  // A text that fits in the window is shown whole.
  EXPECT_EQ(Snippet("innov*", "Council meeting", body, 30),
            "The council met on Monday. Members discussed the weather at length and then "
            "discussed trade with the visiting delegation, and [Innovation] policy.");
  // A window with both phrases wins over windows with one.
  EXPECT_EQ(Snippet("weather OR delegation", "", body, 12),
            "...[weather] at length and then discussed trade with the visiting [delegation], "
            "and...");
  EXPECT_EQ(Snippet("weather OR length", "", body, 12),
            "...Members discussed the [weather] at [length] and then discussed trade with "
            "the...");
}

TEST_F(SnippetTest, TitleMatchesAndTextsWithoutAMatch) {
  EXPECT_EQ(Snippet("budget", "Budget meeting", "Nothing relevant here."), "[Budget] meeting");
  EXPECT_EQ(Snippet("absent", "Title", "One two three four five six seven eight nine ten.", 4),
            "One two three four...");
  EXPECT_EQ(Snippet("absent", "", ""), "");
}

}  // namespace
}  // namespace readout::catalog
