// How `readout` reaches a service: the flags every remote subcommand shares
// (--server, --timeout, and TLS: --tls-ca-file, --tls-cert-file,
// --tls-key-file, --token-file) and the channel and deadline made from them.
// Every channel the CLI opens goes through OpenChannel, so transport options
// are added in one place (common/channel_credentials.h builds them).
#ifndef READOUT_CLI_CONNECTION_H_
#define READOUT_CLI_CONNECTION_H_

#include <chrono>
#include <memory>
#include <string>

#include "CLI/CLI.hpp"
#include "common/channel_credentials.h"
#include "grpcpp/grpcpp.h"

namespace readout::cli {

struct Connection {
  // HOST:PORT (or a gRPC target such as dns:///host:port) of the service.
  std::string server;
  // Deadline of each unary call, in seconds.
  double timeout_seconds = 30;
  // TLS and credentials; an empty CA file means plaintext.
  common::ClientTlsConfig tls;
};

// Adds --server (described by `server_help`; required when `required`),
// --timeout and the TLS flags to `command`. Unreadable files, a certificate
// without its key or CA, and an empty token file are refused while the
// command line is parsed.
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
