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

// Collects the first error of several FlagOrEnv look-ups, so that a main can
// read all its flags and then report one error:
//
//   FlagResolver r;
//   int64_t limit = r.Get(FLAGS_history_limit, "READOUT_HISTORY_LIMIT");
//   if (r.status().ok() && limit < 1) r.Fail("--history-limit must be positive");
//   if (!r.status().ok()) ... exit 2 ...
class FlagResolver {
 public:
  // The flag's FlagOrEnv value; on error records it (when first) and returns
  // the flag's value.
  template <typename T>
  T Get(const absl::Flag<T>& flag, const char* env_var) {
    absl::StatusOr<T> value = FlagOrEnv(flag, env_var);
    if (!value.ok()) {
      if (status_.ok()) status_ = value.status();
      return absl::GetFlag(flag);
    }
    return *value;
  }

  // Records INVALID_ARGUMENT with `message` unless an error came first.
  void Fail(absl::string_view message) {
    if (status_.ok()) status_ = absl::InvalidArgumentError(message);
  }

  // OK, or the first error.
  const absl::Status& status() const { return status_; }

 private:
  absl::Status status_;
};

}  // namespace readout::common

#endif  // READOUT_COMMON_FLAGS_H_
