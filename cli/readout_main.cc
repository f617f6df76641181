// `readout`: the command-line client. Dispatches to a subcommand:
//   readout extract [--published-date=YYYY-MM-DD] [--server=HOST:PORT] FILE...
//   readout ingest --server=HOST:PORT [--catalog=HOST:PORT] DIR|FILE...
#include <iostream>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/usage.h"
#include "cli/commands.h"
#include "cli/flags.h"
#include "common/flags.h"

ABSL_FLAG(std::string, server, "",
          "HOST:PORT of a readout service; empty runs extraction in-process");
ABSL_FLAG(std::string, published_date, "",
          "publication date YYYY-MM-DD used to resolve relative dates; empty "
          "for unknown");
ABSL_FLAG(std::string, format, "detect", "document format: detect, text or html");
ABSL_FLAG(double, timeout, 30, "deadline of each remote call, in seconds");

namespace {

constexpr char kUsage[] =
    "readout: extract records from news reports of official meetings.\n"
    "\n"
    "  readout extract [--published-date=YYYY-MM-DD] [--server=HOST:PORT] FILE...\n"
    "      prints the proto3-JSON extraction of each FILE ('-' reads stdin)\n"
    "  readout ingest --server=HOST:PORT [--catalog=HOST:PORT] [--parallel=N]\n"
    "                 [--published-date=YYYY-MM-DD | --sources=SOURCES.tsv] DIR|FILE...\n"
    "      extracts and stores many documents through the extractor, skipping\n"
    "      those already in the catalog; exits 1 when any failed\n";

}  // namespace

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage(kUsage);
  // Users type dashed flags (--published-date); see common/flags.h.
  std::vector<std::string> positional = readout::common::ParseDashedCommandLine(argc, argv);
  if (positional.size() < 2) {
    std::cerr << kUsage;
    return 2;
  }
  std::string command = positional[1];
  std::vector<std::string> args(positional.begin() + 2, positional.end());
  if (command == "extract") return readout::cli::RunExtract(args);
  if (command == "catalog") return readout::cli::RunCatalog(args);
  if (command == "ingest") return readout::cli::RunIngest(args);
  std::cerr << "readout: unknown command \"" << command << "\"\n\n" << kUsage;
  return 2;
}
