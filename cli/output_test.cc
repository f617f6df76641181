// Tests of how `readout` prints results: tables, YAML, and the json array
// or jsonl lines of several results.
#include "cli/output.h"

#include <sstream>

#include "gtest/gtest.h"
#include "readout/v1/catalog_service.pb.h"
#include "yaml-cpp/yaml.h"

namespace readout::cli {
namespace {

TEST(TableTest, AlignsColumnsCutsMarkedOnesAndCountsCharactersNotBytes) {
  Table table({"NAME", "TITLE~"}, /*max_cut=*/8);
  table.AddRow({"documents/abc", "Café council\nmeets"});
  table.AddRow({"d", ""});
  std::ostringstream out;
  table.Print(&out);
  EXPECT_EQ(out.str(),
            "NAME            TITLE\n"
            "documents/abc   Café co…\n"
            "d               -\n");
}

TEST(OutputTest, ListsAreTablesOnATerminalAndJsonOtherwise) {
  EXPECT_EQ(ResolveOutput("", true, true), OutputFormat::kTable);
  EXPECT_EQ(ResolveOutput("", true, false), OutputFormat::kJson);
  EXPECT_EQ(ResolveOutput("", false, true), OutputFormat::kJson);
  EXPECT_EQ(ResolveOutput("jsonl", true, true), OutputFormat::kJsonl);
  EXPECT_EQ(ResolveOutput("yaml", false, false), OutputFormat::kYaml);
}

TEST(OutputTest, YamlKeepsStringsThatLookLikeOtherTypesAsStrings) {
  v1::CatalogDocument doc;
  doc.set_name("documents/x");
  doc.set_etag("true");
  doc.set_revision(12);  // int64: a JSON string "12".
  doc.mutable_extraction()->mutable_document()->set_title("Line one\nline: two");
  std::string yaml = ToYaml(doc);
  YAML::Node node = YAML::Load(yaml);
  EXPECT_EQ(node["name"].as<std::string>(), "documents/x");
  EXPECT_EQ(node["etag"].Tag(), "!") << yaml;  // Quoted: read back as a string.
  EXPECT_EQ(node["revision"].as<std::string>(), "12");
  EXPECT_EQ(node["extraction"]["document"]["title"].as<std::string>(), "Line one\nline: two");
}

TEST(ResultPrinterTest, SeveralJsonResultsFormOneArrayAndJsonlOneLineEach) {
  v1::CatalogDocument a, b;
  a.set_name("documents/a");
  b.set_name("documents/b");
  std::ostringstream json, jsonl, one;
  ResultPrinter several(OutputFormat::kJson, true, Table({"NAME"}), &json);
  several.Add(a, {a.name()});
  several.Add(b, {b.name()});
  several.Finish();
  YAML::Node array = YAML::Load(json.str());  // JSON is YAML: parses as one value.
  ASSERT_TRUE(array.IsSequence()) << json.str();
  EXPECT_EQ(array.size(), 2u);
  EXPECT_EQ(array[1]["name"].as<std::string>(), "documents/b");

  ResultPrinter lines(OutputFormat::kJsonl, true, Table({"NAME"}), &jsonl);
  lines.Add(a, {a.name()});
  lines.Add(b, {b.name()});
  lines.Finish();
  EXPECT_EQ(jsonl.str(), "{\"name\":\"documents/a\"}\n{\"name\":\"documents/b\"}\n");

  ResultPrinter single(OutputFormat::kJson, false, Table({"NAME"}), &one);
  single.Add(a, {a.name()});
  single.Finish();
  EXPECT_EQ(YAML::Load(one.str())["name"].as<std::string>(), "documents/a");
}

TEST(OutputTest, EnumWordsAndDates) {
  EXPECT_EQ(EnumWord("EVENT_TYPE_MEETING", "EVENT_TYPE_"), "meeting");
  EXPECT_EQ(EnumWord("EVENT_TYPE_UNSPECIFIED", "EVENT_TYPE_"), "");
  google::type::Date date;
  EXPECT_EQ(DateText(date), "");
  date.set_year(2020);
  date.set_month(1);
  date.set_day(5);
  EXPECT_EQ(DateText(date), "2020-01-05");
}

}  // namespace
}  // namespace readout::cli
