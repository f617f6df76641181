// How `readout` reaches a service: the flags every remote subcommand shares
// (--server, --timeout) and the channel and deadline made from them. Every
// channel the CLI opens goes through OpenChannel, so transport options
// (e.g. credentials) are added in one place.
#ifndef READOUT_CLI_CONNECTION_H_
#define READOUT_CLI_CONNECTION_H_

#include <chrono>
#include <memory>
#include <string>

#include "CLI/CLI.hpp"
#include "grpcpp/grpcpp.h"

namespace readout::cli {

struct Connection {
  // HOST:PORT (or a gRPC target such as dns:///host:port) of the service.
  std::string server;
  // Deadline of each unary call, in seconds.
  double timeout_seconds = 30;
};

// Adds --server (described by `server_help`; required when `required`) and
// --timeout to `command`.
void AddConnectionFlags(CLI::App* command, Connection* connection, const std::string& server_help,
                        bool required);

// A channel to `target` with the transport `connection` describes. Messages
// up to `max_message_bytes` are sent and received; `round_robin` spreads
// calls over every address a dns:/// target resolves to.
std::shared_ptr<grpc::Channel> OpenChannel(const Connection& connection, const std::string& target,
                                           int max_message_bytes, bool round_robin = false);

// The deadline of a unary call started now.
std::chrono::system_clock::time_point CallDeadline(const Connection& connection);

}  // namespace readout::cli

#endif  // READOUT_CLI_CONNECTION_H_
