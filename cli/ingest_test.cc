// Tests of what `readout ingest` does apart from its RPCs: the sources TSV,
// listing and dating files, client-side content hashes (pinned to the
// engine's), and progress lines.
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "absl/time/time.h"
#include "cli/content_hash.h"
#include "cli/ingest_plan.h"
#include "cli/progress.h"
#include "gtest/gtest.h"

namespace readout::cli {
namespace {

namespace fs = std::filesystem;

TEST(SourcesTsvTest, ReadsFileAndDateColumnsInAnyOrder) {
  auto dates = ParseSourcesTsv(
      "file\tgenre\turl\tpublished_date\n"
      "000.txt\tcn-gov\tsomewhere\tunknown\n"
      "068.txt\tcn-gov\thttps://example.org/a\t2020-11-19\n"
      "\n");
  ASSERT_TRUE(dates.ok()) << dates.status();
  ASSERT_EQ(dates->size(), 2u);
  EXPECT_FALSE(dates->at("000.txt").has_value());
  ASSERT_TRUE(dates->at("068.txt").has_value());
  EXPECT_EQ(dates->at("068.txt")->year(), 2020);
  EXPECT_EQ(dates->at("068.txt")->month(), 11);
  EXPECT_EQ(dates->at("068.txt")->day(), 19);
}

TEST(SourcesTsvTest, BadInputNamesTheProblem) {
  auto no_column = ParseSourcesTsv("file\tdate\n000.txt\t2020-01-01\n");
  EXPECT_EQ(no_column.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(no_column.status().message().find("published_date"), absl::string_view::npos);
  auto bad_date = ParseSourcesTsv("file\tpublished_date\n000.txt\t2020-13-45\n");
  EXPECT_EQ(bad_date.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(bad_date.status().message().find("line 2"), absl::string_view::npos);
  auto short_row = ParseSourcesTsv("file\tgenre\tpublished_date\n000.txt\n");
  EXPECT_NE(short_row.status().message().find("line 2"), absl::string_view::npos);
  EXPECT_FALSE(ParseSourcesTsv("").ok());
}

class FilesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("readout_ingest_test_" + std::to_string(::getpid()));
    fs::create_directories(dir_ / "corpus");
    for (const char* name : {"b.txt", "a.html", "a.gold.json", "SOURCES.tsv", ".hidden.txt"}) {
      std::ofstream(dir_ / "corpus" / name) << "x";
    }
    std::ofstream(dir_ / "single.md") << "x";
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path dir_;
};

TEST_F(FilesTest, DirectoriesGiveTheirDocumentsSortedAndFilesAreTakenAsGiven) {
  auto files = ListDocumentFiles({(dir_ / "corpus").string(), (dir_ / "single.md").string()});
  ASSERT_TRUE(files.ok()) << files.status();
  ASSERT_EQ(files->size(), 3u);
  EXPECT_EQ(fs::path((*files)[0]).filename(), "a.html");
  EXPECT_EQ(fs::path((*files)[1]).filename(), "b.txt");
  EXPECT_EQ(fs::path((*files)[2]).filename(), "single.md");
}

TEST_F(FilesTest, MissingArgumentIsNotFound) {
  auto files = ListDocumentFiles({(dir_ / "nope").string()});
  EXPECT_EQ(files.status().code(), absl::StatusCode::kNotFound);
  EXPECT_NE(files.status().message().find("does not exist"), absl::string_view::npos);
  EXPECT_EQ(ListDocumentFiles({}).status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(PlanTest, DatesComeFromSourcesByPathOrNameElseTheDefault) {
  google::type::Date d2020, d2021;
  d2020.set_year(2020);
  d2020.set_month(1);
  d2020.set_day(5);
  d2021.set_year(2021);
  d2021.set_month(2);
  d2021.set_day(6);
  std::map<std::string, std::optional<google::type::Date>> sources = {{"068.txt", d2020},
                                                                      {"000.txt", std::nullopt}};
  auto items = PlanIngest({"corpus/068.txt", "corpus/000.txt", "other.txt"}, sources, d2021);
  ASSERT_EQ(items.size(), 3u);
  EXPECT_EQ(items[0].published_date->year(), 2020);
  EXPECT_FALSE(items[1].published_date.has_value());  // "unknown" wins over the default.
  EXPECT_EQ(items[2].published_date->year(), 2021);
}

// The hash must be the engine's, or ingest would never find stored documents.
TEST(ContentHashTest, MatchesTheEngineForTextAndHtml) {
  extractor::Extractor engine;
  const std::string texts[] = {
      "Town Board Meets\r\n\r\n\r\nOn March 3,\tthe  Town Board met.  \nLi Ming presided.\n",
      "  Short note\n",
      "<html><head><title>Valley Council</title></head><body><p>On May 2 the Valley Council "
      "met.</p><p>Ana Ruiz, mayor, presided.</p></body></html>",
  };
  for (const std::string& text : texts) {
    extractor::DocumentSource source;
    source.content = text;
    auto extraction = engine.Extract(source);
    ASSERT_TRUE(extraction.ok()) << extraction.status();
    auto hash = ContentHashOf(text, extractor::InputFormat::kDetect, engine);
    ASSERT_TRUE(hash.ok()) << hash.status();
    EXPECT_EQ(*hash, extraction->document().content_hash()) << text;
  }
  EXPECT_FALSE(ContentHashOf("", extractor::InputFormat::kDetect, engine).ok());
  EXPECT_FALSE(ContentHashOf("bad \xFF", extractor::InputFormat::kText, engine).ok());
}

TEST(ProgressTest, FormatsCountsRateErrorsAndEta) {
  std::string line = FormatProgress(100, 400, 2, absl::Seconds(10), /*bar=*/true);
  EXPECT_NE(line.find("100/400 docs"), std::string::npos) << line;
  EXPECT_NE(line.find("10.0 docs/s"), std::string::npos) << line;
  EXPECT_NE(line.find("2 errors"), std::string::npos) << line;
  EXPECT_NE(line.find("ETA 30s"), std::string::npos) << line;
  EXPECT_EQ(line.find("[======>"), 0u) << line;
  std::string done = FormatProgress(400, 400, 0, absl::Seconds(80), /*bar=*/false);
  EXPECT_EQ(done.find('['), std::string::npos) << done;
  EXPECT_NE(done.find("in 1m20s"), std::string::npos) << done;
}

TEST(ProgressTest, PlainLinesWhenNotATerminal) {
  std::ostringstream out;
  Progress progress(&out, /*terminal=*/false, 2);
  progress.Done(false);
  progress.Done(true);
  progress.Finish();
  EXPECT_EQ(out.str().find('\r'), std::string::npos);
  EXPECT_NE(out.str().find("ingest: 2/2 docs"), std::string::npos) << out.str();
  EXPECT_NE(out.str().find("1 error"), std::string::npos) << out.str();
}

}  // namespace
}  // namespace readout::cli
