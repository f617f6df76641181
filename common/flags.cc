// Dashed-flag rewriting for absl::ParseCommandLine (see flags.h).
#include "common/flags.h"

#include <set>
#include <string>
#include <vector>

#include "absl/flags/parse.h"
#include "absl/strings/match.h"

namespace readout::common {
namespace {

// Names seen by ParseDashedCommandLine; written once before threads start.
std::set<std::string, std::less<>>& GivenNames() {
  static auto* names = new std::set<std::string, std::less<>>();
  return *names;
}

void RecordGivenNames(const std::vector<std::string>& args) {
  for (size_t i = 1; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg == "--") break;
    if (arg.size() < 2 || arg[0] != '-') continue;
    absl::string_view name(arg);
    name.remove_prefix(absl::StartsWith(name, "--") ? 2 : 1);
    name = name.substr(0, name.find('='));
    GivenNames().emplace(name);
    if (absl::StartsWith(name, "no")) GivenNames().emplace(name.substr(2));
  }
}

}  // namespace

bool WasGivenOnCommandLine(absl::string_view name) { return GivenNames().count(name) > 0; }

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

std::vector<std::string> ParseDashedCommandLine(int argc, char** argv) {
  std::vector<std::string> storage = DashedFlagsToUnderscores(argc, argv);
  RecordGivenNames(storage);
  std::vector<char*> pointers;
  pointers.reserve(storage.size() + 1);
  for (std::string& arg : storage) pointers.push_back(arg.data());
  pointers.push_back(nullptr);
  std::vector<char*> positional =
      absl::ParseCommandLine(static_cast<int>(storage.size()), pointers.data());
  return std::vector<std::string>(positional.begin(), positional.end());
}

}  // namespace readout::common
