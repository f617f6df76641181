// Extraction throughput on one core, without gRPC:
//   BM_ExtractCorpus/dev, /wide, /dev_and_wide
//                              every NAME.txt of $READOUT_SHARED_DIR/corpus/<name>
//                              (skipped when absent), MB/s and documents/s
//   BM_ExtractSyntheticLong/N  one generated report of N bytes
//   BM_ExtractManyMeetings/N   one generated article of N bytes telling many
//                              short meetings, each with other people (an
//                              event each: no rule may grow faster than the text)
// Pin to one core when measuring: taskset -c 0 <binary>.
#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <limits>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "benchmark/benchmark.h"
#include "extractor-service/engine/extractor.h"

namespace readout::bench {
namespace {

using extractor::DocumentSource;
using extractor::Extractor;
using extractor::ExtractorOptions;

std::string SharedDir() {
  const char* env = std::getenv("READOUT_SHARED_DIR");
  if (env != nullptr && *env != '\0') return env;
  return READOUT_DEFAULT_SHARED_DIR;
}

// The articles of corpus folders ("dev", "wide"), read once per name;
// empty when a folder is absent.
std::vector<std::string> ReadCorpus(const std::string& name) {
  std::vector<std::string> out;
  std::filesystem::path dir = std::filesystem::path(SharedDir()) / "corpus" / name;
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec)) return out;
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    if (entry.path().extension() == ".txt") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  for (const auto& file : files) {
    std::ifstream in(file, std::ios::binary);
    std::ostringstream buffer;
    buffer << in.rdbuf();
    out.push_back(buffer.str());
  }
  return out;
}

// A long report in the genre, built from fictional sentences with varying
// names, places and numbers (deterministic).
std::string SyntheticReport(size_t bytes) {
  static constexpr const char* kNames[] = {
      "Anna Vell",  "Bo Shen",  "Carlos Ibarra", "Dara Quinn", "Emeka Obi",
      "Farah Aziz", "Gao Ming", "Hugo Lind",     "Ines Moura", "Jun Sato"};
  static constexpr const char* kTitles[] = {"governor of Westfold Province",
                                            "mayor of Port Avon",
                                            "secretary of the Provincial Committee",
                                            "minister of transport",
                                            "director of the Provincial Health Commission",
                                            "chairman of the Harbor Council"};
  static constexpr const char* kPlaces[] = {"Port Avon", "Westfold", "Millbrook", "Greyfell",
                                            "Eastport"};
  static constexpr const char* kVerbs[] = {"stressed", "pointed out", "noted", "said",
                                           "emphasized"};
  std::string out = "Regional Work Conferences Held Across the Provinces\n\n";
  uint64_t x = 88172645463325252ull;
  auto next = [&x](size_t n) {
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    return static_cast<size_t>(x % n);
  };
  int day = 1;
  while (out.size() < bytes) {
    const char* a = kNames[next(10)];
    const char* b = kNames[next(10)];
    absl::StrAppend(&out, "PORT AVON, March ", day % 28 + 1, " -- A work conference was held in ",
                    kPlaces[next(5)], " on Tuesday. ", a, ", ", kTitles[next(6)],
                    ", presided over the conference and made a speech. ", b, ", ", kTitles[next(6)],
                    ", attended the conference.\n\n", a, " ", kVerbs[next(5)],
                    " that the region must finish ", next(900) + 100,
                    " projects this year. First, we must repair the roads. The second is "
                    "to build ",
                    next(50) + 2,
                    " schools. Third, we must protect the "
                    "rivers.\n\n");
    ++day;
  }
  return out;
}

// `names`: corpus folders joined by '+' ("dev+wide").
void BM_ExtractCorpus(benchmark::State& state, const char* names) {
  std::vector<std::string> docs;
  for (absl::string_view name : absl::StrSplit(names, '+')) {
    std::vector<std::string> more = ReadCorpus(std::string(name));
    if (more.empty()) {
      state.SkipWithError(
          absl::StrCat("no corpus/", name, " under READOUT_SHARED_DIR=", SharedDir()).c_str());
      return;
    }
    for (std::string& doc : more) docs.push_back(std::move(doc));
  }
  Extractor engine;
  size_t corpus_bytes = 0;
  for (const std::string& doc : docs) corpus_bytes += doc.size();
  for (auto _ : state) {
    for (const std::string& doc : docs) {
      DocumentSource source;
      source.content = doc;
      auto result = engine.Extract(source);
      benchmark::DoNotOptimize(result);
    }
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * corpus_bytes));
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * docs.size()));
  state.counters["documents"] = static_cast<double>(docs.size());
}
BENCHMARK_CAPTURE(BM_ExtractCorpus, dev, "dev")->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_ExtractCorpus, wide, "wide")->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_ExtractCorpus, dev_and_wide, "dev+wide")->Unit(benchmark::kMillisecond);

// The long-document rows measure how the engine scales with length, so the
// service's per-document caps (1,000 people, 2,000 statements, a million
// tokens, ...), which these generated documents pass on purpose, are lifted.
ExtractorOptions UncappedOptions() {
  constexpr size_t kNoCap = std::numeric_limits<size_t>::max();
  ExtractorOptions options;
  options.max_document_bytes = kNoCap;
  options.max_tokens = kNoCap;
  options.max_people = kNoCap;
  options.max_statements = kNoCap;
  options.max_points = kNoCap;
  options.max_response_bytes = kNoCap;
  return options;
}

// An article of many short meetings, each between the host and people
// met nowhere else ("The minister also met Foreign Minister Olaf Kalvin of
// Norway on Tuesday in Bern."), with invented, deterministic names.
std::string ManyMeetingsReport(size_t bytes) {
  static constexpr const char* kGiven[] = {"Olaf", "Marta", "Tomas", "Ines",  "Karl",
                                           "Lena", "Hugo",  "Nina",  "Piotr", "Sara"};
  static constexpr const char* kSyllables[] = {"ka",  "lo",  "ven", "mir", "dal",
                                               "sor", "ber", "tin", "rus", "hal"};
  static constexpr const char* kCountries[] = {"Norway", "Chile",  "Kenya",
                                               "Peru",   "Poland", "Ghana"};
  static constexpr const char* kPlaces[] = {"Geneva", "Bern", "Oslo", "Lisbon", "Vienna"};
  static constexpr const char* kDays[] = {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday"};
  std::string out =
      "Minister holds a series of meetings\n\nForeign Minister Ada Brun held a series of "
      "bilateral meetings on Monday with her counterparts in Geneva.\n\n";
  uint64_t n = 0;
  while (out.size() < bytes) {
    std::string surname =
        absl::StrCat(kSyllables[n % 10], kSyllables[(n / 10) % 10], kSyllables[(n / 100) % 10]);
    surname[0] = static_cast<char>(surname[0] - 'a' + 'A');
    absl::StrAppend(&out, "Ada Brun also met Foreign Minister ", kGiven[(n / 1000) % 10], " ",
                    surname, " of ", kCountries[n % 6], " on ", kDays[n % 5], " in ",
                    kPlaces[n % 5], ". They discussed trade and agreed to meet again.\n\n");
    ++n;
  }
  return out;
}

void BM_ExtractManyMeetings(benchmark::State& state) {
  const std::string doc = ManyMeetingsReport(static_cast<size_t>(state.range(0)));
  Extractor engine(UncappedOptions());
  DocumentSource source;
  source.content = doc;
  size_t events = 0;
  for (auto _ : state) {
    auto result = engine.Extract(source);
    if (!result.ok()) {
      state.SkipWithError(std::string(result.status().message()).c_str());
      break;
    }
    events = result->events_size();
    benchmark::DoNotOptimize(result);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * doc.size()));
  state.counters["events"] = static_cast<double>(events);
}
BENCHMARK(BM_ExtractManyMeetings)->Arg(64 << 10)->Arg(1 << 20)->Unit(benchmark::kMillisecond);

void BM_ExtractSyntheticLong(benchmark::State& state) {
  const std::string doc = SyntheticReport(static_cast<size_t>(state.range(0)));
  Extractor engine(UncappedOptions());
  DocumentSource source;
  source.content = doc;
  for (auto _ : state) {
    auto result = engine.Extract(source);
    if (!result.ok()) {
      state.SkipWithError(std::string(result.status().message()).c_str());
      break;
    }
    benchmark::DoNotOptimize(result);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * doc.size()));
}
BENCHMARK(BM_ExtractSyntheticLong)
    ->Arg(64 << 10)
    ->Arg(1 << 20)
    ->Arg(6 << 20)
    ->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace readout::bench

BENCHMARK_MAIN();
