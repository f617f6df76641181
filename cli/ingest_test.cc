// Tests of what `readout ingest` does apart from its RPCs: the sources TSV,
// listing and dating files, client-side content hashes (pinned to the
// engine's), and progress lines.
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

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
    fs::create_directories(dir_ / "corpus" / "2021" / "deeper");
    fs::create_directories(dir_ / "corpus" / ".git");
    std::ofstream(dir_ / "corpus" / "2021" / "c.htm") << "x";
    std::ofstream(dir_ / "corpus" / "2021" / "deeper" / "d.txt") << "x";
    std::ofstream(dir_ / "corpus" / ".git" / "e.txt") << "x";
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path dir_;
};

TEST_F(FilesTest, DirectoriesGiveTheirDocumentsSortedAndFilesAreTakenAsGiven) {
  auto listing = ListDocumentFiles({(dir_ / "corpus").string(), (dir_ / "single.md").string()},
                                   /*recursive=*/false);
  ASSERT_TRUE(listing.ok()) << listing.status();
  const auto& files = listing->files;
  ASSERT_EQ(files.size(), 3u);
  EXPECT_EQ(fs::path(files[0]).filename(), "a.html");
  EXPECT_EQ(fs::path(files[1]).filename(), "b.txt");
  EXPECT_EQ(fs::path(files[2]).filename(), "single.md");
}

TEST_F(FilesTest, EverythingLeftOutIsNamedWithItsReason) {
  auto listing = ListDocumentFiles({(dir_ / "corpus").string()}, /*recursive=*/false);
  ASSERT_TRUE(listing.ok()) << listing.status();
  std::map<std::string, std::string> skipped;
  for (const auto& s : listing->skipped) skipped[fs::path(s.path).filename()] = s.reason;
  ASSERT_EQ(skipped.size(), 5u);
  EXPECT_NE(skipped["a.gold.json"].find("not a .txt"), std::string::npos);
  EXPECT_NE(skipped["SOURCES.tsv"].find("not a .txt"), std::string::npos);
  EXPECT_EQ(skipped[".hidden.txt"], "hidden file");
  EXPECT_EQ(skipped[".git"], "hidden folder");
  EXPECT_NE(skipped["2021"].find("--recursive"), std::string::npos);
}

TEST_F(FilesTest, RecursiveReadsFoldersBelowButNotHiddenOnes) {
  auto listing = ListDocumentFiles({(dir_ / "corpus").string()}, /*recursive=*/true);
  ASSERT_TRUE(listing.ok()) << listing.status();
  std::vector<std::string> names;
  for (const auto& f : listing->files) names.push_back(fs::relative(f, dir_ / "corpus"));
  EXPECT_EQ(names,
            (std::vector<std::string>{"2021/c.htm", "2021/deeper/d.txt", "a.html", "b.txt"}));
  for (const auto& s : listing->skipped) EXPECT_NE(fs::path(s.path).filename(), "2021");
}

TEST_F(FilesTest, MissingArgumentIsNotFound) {
  auto files = ListDocumentFiles({(dir_ / "nope").string()}, false);
  EXPECT_EQ(files.status().code(), absl::StatusCode::kNotFound);
  EXPECT_NE(files.status().message().find("does not exist"), absl::string_view::npos);
  EXPECT_EQ(ListDocumentFiles({}, false).status().code(), absl::StatusCode::kInvalidArgument);
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
  std::string line = FormatProgress(100, 400, 2, absl::Seconds(10), /*width=*/100);
  EXPECT_NE(line.find("100/400 docs"), std::string::npos) << line;
  EXPECT_NE(line.find("10.0 docs/s"), std::string::npos) << line;
  EXPECT_NE(line.find("2 errors"), std::string::npos) << line;
  EXPECT_NE(line.find("ETA 30s"), std::string::npos) << line;
  EXPECT_EQ(line.find("[=========>  "), 0u) << line;  // A quarter of 38 columns.
  std::string done = FormatProgress(400, 400, 0, absl::Seconds(80), /*width=*/0);
  EXPECT_EQ(done.find('['), std::string::npos) << done;
  EXPECT_NE(done.find("in 1m20s"), std::string::npos) << done;
}

TEST(ProgressTest, FitsAnyWidthWithoutReachingTheLastColumn) {
  for (int width = 1; width <= 200; ++width) {
    std::string line = FormatProgress(1234, 56789, 12, absl::Seconds(100), width);
    EXPECT_LE(static_cast<int>(line.size()), width - 1) << width << ": " << line;
  }
  EXPECT_EQ(FormatProgress(1, 4, 0, absl::Seconds(1), 60).find('['), 0u);  // A bar at 60.
  EXPECT_EQ(FormatProgress(1, 4, 0, absl::Seconds(1), 40).find('['), std::string::npos);
  EXPECT_NE(FormatProgress(1, 4, 3, absl::Seconds(1), 30).find("3 errors"), std::string::npos);
}

TEST(ProgressTest, DrawsNothingWhenOff) {
  std::ostringstream out;
  Progress progress(&out, ProgressStyle::kOff, 2);
  progress.Done(false);
  progress.Finish();
  EXPECT_EQ(out.str(), "");
}

TEST(ProgressTest, BarRedrawsOneLineInPlace) {
  std::ostringstream out;
  Progress progress(&out, ProgressStyle::kBar, 2, [] { return 50; });
  progress.Done(false);
  progress.Finish();
  std::string text = out.str();
  EXPECT_EQ(text.find('\r'), 0u) << text;
  EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), 1) << text;
}

TEST(ProgressTest, PlainLinesForLogs) {
  std::ostringstream out;
  Progress progress(&out, ProgressStyle::kLines, 2);
  progress.Done(false);
  progress.Done(true);
  progress.Finish();
  EXPECT_EQ(out.str().find('\r'), std::string::npos);
  EXPECT_NE(out.str().find("ingest: 2/2 docs"), std::string::npos) << out.str();
  EXPECT_NE(out.str().find("1 error"), std::string::npos) << out.str();
}

}  // namespace
}  // namespace readout::cli
