// `readout`: the command-line client. Dispatches to a subcommand:
//   readout extract [--published-date=YYYY-MM-DD] [--server=HOST:PORT] FILE...
#include <iostream>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "cli/commands.h"
#include "cli/flags.h"

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
    "      prints the proto3-JSON extraction of each FILE ('-' reads stdin)\n";

// Abseil flag names are identifiers (published_date); users type the usual
// dashed spelling (--published-date). Rewrites the name part of each
// "--name[=value]" argument up to a bare "--".
std::vector<std::string> DashedFlagsToUnderscores(int argc, char** argv) {
  std::vector<std::string> out(argv, argv + argc);
  for (size_t i = 1; i < out.size(); ++i) {
    std::string& arg = out[i];
    if (arg == "--") break;
    if (arg.size() < 3 || arg[0] != '-' || arg[1] != '-') continue;
    size_t end = arg.find('=');
    if (end == std::string::npos) end = arg.size();
    for (size_t j = 2; j < end; ++j) {
      if (arg[j] == '-') arg[j] = '_';
    }
  }
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage(kUsage);
  std::vector<std::string> arg_storage = DashedFlagsToUnderscores(argc, argv);
  std::vector<char*> arg_pointers;
  for (std::string& arg : arg_storage) arg_pointers.push_back(arg.data());
  std::vector<char*> positional = absl::ParseCommandLine(
      static_cast<int>(arg_pointers.size()), arg_pointers.data());
  if (positional.size() < 2) {
    std::cerr << kUsage;
    return 2;
  }
  std::string command = positional[1];
  std::vector<std::string> args(positional.begin() + 2, positional.end());
  if (command == "extract") return readout::cli::RunExtract(args);
  std::cerr << "readout: unknown command \"" << command << "\"\n\n" << kUsage;
  return 2;
}
