// Extraction throughput on one core, without gRPC:
//   BM_ExtractDevCorpus        every NAME.txt of $READOUT_SHARED_DIR/corpus/dev
//                              (skipped when absent), MB/s and documents/s
//   BM_ExtractSyntheticLong/N  one generated report of N bytes
// Pin to one core when measuring: taskset -c 0 <binary>.
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
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

// The dev corpus articles, read once; empty when the folder is absent.
const std::vector<std::string>& DevCorpus() {
  static const auto* docs = [] {
    auto* out = new std::vector<std::string>();
    std::filesystem::path dir = std::filesystem::path(SharedDir()) / "corpus" / "dev";
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
      out->push_back(buffer.str());
    }
    return out;
  }();
  return *docs;
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

void BM_ExtractDevCorpus(benchmark::State& state) {
  const std::vector<std::string>& docs = DevCorpus();
  if (docs.empty()) {
    state.SkipWithError(
        absl::StrCat("no corpus/dev under READOUT_SHARED_DIR=", SharedDir()).c_str());
    return;
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
BENCHMARK(BM_ExtractDevCorpus)->Unit(benchmark::kMillisecond);

void BM_ExtractSyntheticLong(benchmark::State& state) {
  const std::string doc = SyntheticReport(static_cast<size_t>(state.range(0)));
  ExtractorOptions options;
  options.max_document_bytes = doc.size() + 1;
  Extractor engine(options);
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
