// Command-line flag helpers shared by the `readout` CLI and the servers.
//
// Abseil flag names are identifiers (max_message_bytes) while users type the
// usual dashed spelling (--max-message-bytes); ParseDashedCommandLine accepts
// both. FlagOrEnv gives each flag an environment fallback with the
// precedence: flag given on the command line > environment variable > the
// flag's default.
//
// Flags themselves are defined and read only in main.cc files; these helpers
// define none. Thread-safety: ParseDashedCommandLine must run in main()
// before other threads start; the rest may then be called from any thread.
#ifndef READOUT_COMMON_FLAGS_H_
#define READOUT_COMMON_FLAGS_H_

#include <cstdlib>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/marshalling.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"

namespace readout::common {

// Returns argv with the name part of each "--name[=value]" argument before a
// bare "--" rewritten from dashes to underscores ("--max-message-bytes=5" ->
// "--max_message_bytes=5"). Values and positional arguments are untouched.
std::vector<std::string> DashedFlagsToUnderscores(int argc, char** argv);

// Rewrites dashed flags (see above), then runs absl::ParseCommandLine.
// Returns the positional arguments, argv[0] first, as absl does.
std::vector<std::string> ParseDashedCommandLine(int argc, char** argv);

// True when ParseDashedCommandLine saw --name, --name=..., or (for a bool)
// --noname, with `name` in underscore form. (This Abseil release keeps
// CommandLineFlag::IsSpecifiedOnCommandLine private.)
bool WasGivenOnCommandLine(absl::string_view name);

// Returns the value of `flag` when it was given on the command line, else the
// environment variable `env_var` parsed as the flag's type when it is set and
// non-empty, else the flag's default. INVALID_ARGUMENT names the variable
// when its value does not parse.
template <typename T>
absl::StatusOr<T> FlagOrEnv(const absl::Flag<T>& flag, const char* env_var) {
  if (WasGivenOnCommandLine(absl::GetFlagReflectionHandle(flag).Name())) {
    return absl::GetFlag(flag);
  }
  const char* env = std::getenv(env_var);
  if (env == nullptr || *env == '\0') return absl::GetFlag(flag);
  T value;
  std::string error;
  if (!absl::ParseFlag(env, &value, &error)) {
    return absl::InvalidArgumentError(
        absl::StrCat("environment variable ", env_var, "=\"", env, "\": ", error));
  }
  return value;
}

}  // namespace readout::common

#endif  // READOUT_COMMON_FLAGS_H_
