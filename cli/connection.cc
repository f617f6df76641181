// Channels and deadlines of `readout`'s remote subcommands (see connection.h).
#include "cli/connection.h"

#include <cstdlib>
#include <iostream>

namespace readout::cli {

void AddConnectionFlags(CLI::App* command, Connection* connection, const std::string& server_help,
                        bool required) {
  CLI::Option* server = command->add_option("--server", connection->server, server_help);
  if (required) server->required();
  command
      ->add_option("--timeout", connection->timeout_seconds,
                   "deadline of each remote call, in seconds")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  common::ClientTlsConfig& tls = connection->tls;
  CLI::Option* ca = command
                        ->add_option("--tls-ca-file", tls.ca_file,
                                     "PEM CA bundle to verify the server with; given: TLS")
                        ->check(CLI::ExistingFile);
  CLI::Option* cert =
      command->add_option("--tls-cert-file", tls.cert_file, "PEM client certificate (mutual TLS)")
          ->check(CLI::ExistingFile);
  CLI::Option* key =
      command->add_option("--tls-key-file", tls.key_file, "PEM key of --tls-cert-file")
          ->check(CLI::ExistingFile);
  CLI::Option* token = command
                           ->add_option("--token-file", tls.token_file,
                                        "file holding a bearer token (sent only over TLS)")
                           ->check(CLI::ExistingFile);
  cert->needs(key)->needs(ca);
  key->needs(cert);
  token->needs(ca);
}

std::shared_ptr<grpc::Channel> OpenChannel(const Connection& connection, const std::string& target,
                                           int max_message_bytes, bool round_robin) {
  absl::StatusOr<std::shared_ptr<grpc::ChannelCredentials>> credentials =
      common::MakeChannelCredentials(connection.tls);
  if (!credentials.ok()) {
    // The credential files are read here, once (an empty token file, a
    // file gone since the flags were parsed). Never fall back to plaintext.
    std::cerr << "readout: " << credentials.status().message() << "\n";
    std::exit(2);
  }
  grpc::ChannelArguments args;
  args.SetMaxSendMessageSize(max_message_bytes);
  args.SetMaxReceiveMessageSize(max_message_bytes);
  if (round_robin) {
    args.SetServiceConfigJSON(R"({"loadBalancingConfig":[{"round_robin":{}}]})");
  }
  return grpc::CreateCustomChannel(target, *credentials, args);
}

std::chrono::system_clock::time_point CallDeadline(const Connection& connection) {
  return std::chrono::system_clock::now() +
         std::chrono::milliseconds(static_cast<int64_t>(connection.timeout_seconds * 1000));
}

}  // namespace readout::cli
