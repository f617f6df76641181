// The subcommands of the `readout` command-line client. Each takes the
// positional arguments after its name (flags are already parsed) and returns
// the process exit code.
#ifndef READOUT_CLI_COMMANDS_H_
#define READOUT_CLI_COMMANDS_H_

#include <string>
#include <vector>

namespace readout::cli {

// readout extract [--published-date=YYYY-MM-DD] [--server=HOST:PORT] FILE...
int RunExtract(const std::vector<std::string>& args);
int RunCatalog(const std::vector<std::string>& args);  // catalog_command.cc
// readout ingest --server=HOST:PORT [--catalog=HOST:PORT] DIR|FILE... (ingest_command.cc)
int RunIngest(const std::vector<std::string>& args);

}  // namespace readout::cli

#endif  // READOUT_CLI_COMMANDS_H_
