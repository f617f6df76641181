// The subcommands of the `readout` command-line client. Each Add*Command
// registers its subcommand (flags, positional arguments, help) on `app`;
// when the user runs it, its callback does the work and stores the process
// exit code in *exit_code (0 done, 1 a call or file failed). Usage errors
// throw UsageError (exit 2, with a pointer to the help).
#ifndef READOUT_CLI_COMMANDS_H_
#define READOUT_CLI_COMMANDS_H_

#include <string>

#include "CLI/CLI.hpp"

namespace readout::cli {

// A usage error found after parsing (e.g. a malformed --published-date).
class UsageError : public CLI::ParseError {
 public:
  explicit UsageError(const std::string& message)
      : CLI::ParseError("UsageError", message, CLI::ExitCodes::ValidationError) {}
};

// readout extract [--published-date=YYYY-MM-DD] [--server=HOST:PORT] FILE...
void AddExtractCommand(CLI::App* app, int* exit_code);
// readout ingest --server=EXTRACTOR [--catalog=CATALOG] DIR|FILE...
void AddIngestCommand(CLI::App* app, int* exit_code);
// readout catalog create|get|list|search|people|person|delete|watch ...
void AddCatalogCommand(CLI::App* app, int* exit_code);

// Checks a --published-date value: YYYY-MM-DD, empty (unknown), or
// "unknown" when `allow_unknown`.
CLI::Validator PublishedDateValidator(bool allow_unknown);

}  // namespace readout::cli

#endif  // READOUT_CLI_COMMANDS_H_
