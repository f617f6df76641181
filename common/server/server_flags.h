// The command-line flags every readout server shares (listen address,
// message size, threads, connection ages and keepalives, shutdown drain and
// grace, log level and format, metrics endpoint, OTLP span export), defined once here and resolved
// into a ServerConfig.
//
// Each flag --name falls back to the environment variable READOUT_NAME: a
// flag given on the command line wins over the environment, which wins over
// the default (see common/flags.h). The listen address and message size
// defaults differ per server, so the server passes them in
// ServerFlagDefaults. This file defines Abseil flags: link its library
// (readout_server_flags) only into server binaries and their tests (see
// docs/adr/0008-shared-server-flags.md).
//
//   std::optional<ServerSettings> settings = ParseServerCommandLine(
//       argc, argv, "readout-catalog", kUsage, {.listen_address = "0.0.0.0:8081"});
//   if (!settings) return 2;
//
// Thread-safety: ResolveServerFlags may be called from any thread after
// ParseDashedCommandLine; ParseServerCommandLine runs in main() before
// other threads start.
#ifndef READOUT_COMMON_SERVER_SERVER_FLAGS_H_
#define READOUT_COMMON_SERVER_SERVER_FLAGS_H_

#include <cstdint>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "common/server/grpc_server.h"
#include "common/server/logging.h"

namespace readout::common {

// The defaults that differ between servers, used when neither the flag nor
// its environment variable is given.
struct ServerFlagDefaults {
  std::string listen_address = "0.0.0.0:8080";
  int64_t max_message_bytes = 16 * 1024 * 1024;
};

// What the shared flags resolve to. config.max_receive_message_bytes is
// --max-message-bytes; the send limit keeps ServerConfig's default.
struct ServerSettings {
  ServerConfig config;
  LogLevel log_level = LogLevel::kInfo;
  LogFormat log_format = LogFormat::kLogfmt;
};

// Resolves and validates the shared flags. INVALID_ARGUMENT names the flag
// (--max-message-bytes ...) or the environment variable whose value is bad;
// servers print the message and exit 2.
absl::StatusOr<ServerSettings> ResolveServerFlags(const ServerFlagDefaults& defaults);

// The start of a server's main(): sets `usage` as the program's usage
// message, parses the command line (ParseDashedCommandLine), refuses
// positional arguments and resolves the shared flags. On an error prints
// "<program>: <message>" to stderr (with the usage for a stray argument) and
// returns nullopt, for main to exit 2. Otherwise sets the log format
// (--log-format) for the process and names the config's service after
// `program`.
std::optional<ServerSettings> ParseServerCommandLine(int argc, char** argv,
                                                     absl::string_view program, const char* usage,
                                                     const ServerFlagDefaults& defaults);

}  // namespace readout::common

#endif  // READOUT_COMMON_SERVER_SERVER_FLAGS_H_
