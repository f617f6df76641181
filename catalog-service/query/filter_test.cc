// Tests of the AIP-160 filter parser: grammar, precedence, typing, errors.
#include "catalog-service/query/filter.h"

#include <string>

#include "catalog-service/errors.h"
#include "catalog-service/store/store.h"
#include "gtest/gtest.h"

namespace readout::catalog {
namespace {

FilterExpr MustParse(const std::string& text) {
  auto parsed = ParseFilter(text, DocumentFilterSchema());
  EXPECT_TRUE(parsed.ok()) << text << ": " << parsed.status();
  EXPECT_TRUE(parsed.ok() && parsed->has_value()) << text;
  return parsed.ok() && parsed->has_value() ? **parsed : FilterExpr();
}

absl::Status ParseError(const std::string& text) {
  auto parsed = ParseFilter(text, DocumentFilterSchema());
  return parsed.status();
}

TEST(FilterTest, EmptyFilterMatchesAll) {
  auto parsed = ParseFilter("   ", DocumentFilterSchema());
  ASSERT_TRUE(parsed.ok());
  EXPECT_FALSE(parsed->has_value());
}

TEST(FilterTest, ParsesRestrictionsOfEachType) {
  FilterExpr e = MustParse("person = \"Chen Qiufa\"");
  EXPECT_EQ(e.kind, FilterExpr::Kind::kRestriction);
  EXPECT_EQ(e.restriction.field, "person");
  EXPECT_EQ(e.restriction.text, "Chen Qiufa");

  e = MustParse("role = PRESIDED");
  EXPECT_EQ(e.restriction.number, 1);
  e = MustParse("role=PARTICIPANT_ROLE_MET");
  EXPECT_EQ(e.restriction.number, 5);
  e = MustParse("event_type = talks");
  EXPECT_EQ(e.restriction.number, 3);

  e = MustParse("event_date >= 2020-01-04");
  EXPECT_EQ(e.restriction.op, FilterOp::kGe);
  EXPECT_EQ(e.restriction.number, 20200104);

  EXPECT_EQ(e.restriction.number_high, 20200104);
  e = MustParse("event_date = 2020");
  EXPECT_EQ(e.restriction.number, 20200000);
  EXPECT_EQ(e.restriction.number_high, 20201299);
  e = MustParse("published_date < 2021-02");
  EXPECT_EQ(e.restriction.number, 20210200);
  EXPECT_EQ(e.restriction.number_high, 20210299);

  e = MustParse("title:\"governor\"");
  EXPECT_EQ(e.restriction.op, FilterOp::kHas);
  e = MustParse("person = Chen*");
  EXPECT_TRUE(e.restriction.prefix);
  EXPECT_EQ(e.restriction.text, "Chen");
}

TEST(FilterTest, OrBindsTighterThanAnd) {
  // a AND b OR c  ==  a AND (b OR c)
  FilterExpr e = MustParse("role = PRESIDED AND location = X OR location = Y");
  ASSERT_EQ(e.kind, FilterExpr::Kind::kAnd);
  ASSERT_EQ(e.children.size(), 2u);
  EXPECT_EQ(e.children[1].kind, FilterExpr::Kind::kOr);
}

TEST(FilterTest, NotMinusParenthesesAndImplicitAnd) {
  FilterExpr e = MustParse("NOT (role = SPOKE OR role = MET) -location = X title:mayor");
  ASSERT_EQ(e.kind, FilterExpr::Kind::kAnd);
  ASSERT_EQ(e.children.size(), 3u);
  EXPECT_EQ(e.children[0].kind, FilterExpr::Kind::kNot);
  EXPECT_EQ(e.children[0].children[0].kind, FilterExpr::Kind::kOr);
  EXPECT_EQ(e.children[1].kind, FilterExpr::Kind::kNot);
  EXPECT_EQ(e.children[2].restriction.field, "title");
}

TEST(FilterTest, MalformedFiltersNameTheProblem) {
  struct Case {
    const char* filter;
    const char* mentions;
  } cases[] = {
      {"nosuchfield = 1", "unknown field \"nosuchfield\""},
      {"person", "expected a comparator"},
      {"person =", "expected a value"},
      {"(person = X", "expected ')'"},
      {"person = X)", "unexpected ')'"},
      {"person = \"X", "not closed"},
      {"event_date > yesterday", "takes a date YYYY-MM-DD"},
      {"event_date = 2020-02-30", "takes a date"},
      {"event_date = 2020-13", "takes a date"},
      {"event_date = 20", "takes a date"},
      {"role = BOSS", "is not a value of field \"role\""},
      {"role < PRESIDED", "does not support '<'"},
      {"person > X", "does not support '>'"},
      {"event_date : 2020-01-01", "does not support ':'"},
      {"person ! X", "must be followed by '='"},
      {"AND person = X", "expected a field name"},
      {"\"bare value\"", "expected a field name"},
      {"person = X AND", "expected a field name"},
  };
  for (const Case& c : cases) {
    absl::Status status = ParseError(c.filter);
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << c.filter;
    EXPECT_EQ(ErrorReason(status), "INVALID_FILTER") << c.filter;
    EXPECT_NE(status.message().find(c.mentions), std::string::npos)
        << c.filter << " -> " << status.message();
  }
}

TEST(FilterTest, HostileFiltersAreBounded) {
  std::string deep(200, '(');
  EXPECT_EQ(ParseError(deep + "person = X" + std::string(200, ')')).code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ParseError(std::string(5000, 'a')).code(), absl::StatusCode::kInvalidArgument);
  std::string many;
  for (int i = 0; i < 100; ++i) many += "person = X ";
  EXPECT_EQ(ParseError(many).code(), absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(ParseFilter("person = \"\xff\x01\"", DocumentFilterSchema()).ok());
  // A NUL byte, quoted or not, is refused where it is.
  std::string binary("person = \"\xff\x00\x01\"", 14);
  absl::Status nul = ParseError(binary);
  EXPECT_EQ(nul.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(nul.message().find("NUL byte at column 12"), std::string::npos) << nul;
}

TEST(FilterTest, PeopleSchemaKnowsOnlyItsFields) {
  EXPECT_TRUE(ParseFilter("name = \"Chen*\" AND title:governor", PeopleFilterSchema()).ok());
  EXPECT_FALSE(ParseFilter("role = PRESIDED", PeopleFilterSchema()).ok());
}

}  // namespace
}  // namespace readout::catalog
