// Channels and deadlines of `readout`'s remote subcommands (see connection.h).
#include "cli/connection.h"

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
}

std::shared_ptr<grpc::Channel> OpenChannel(const Connection& connection, const std::string& target,
                                           int max_message_bytes, bool round_robin) {
  (void)connection;  // Plaintext today; credentials will come from here.
  grpc::ChannelArguments args;
  args.SetMaxSendMessageSize(max_message_bytes);
  args.SetMaxReceiveMessageSize(max_message_bytes);
  if (round_robin) {
    args.SetServiceConfigJSON(R"({"loadBalancingConfig":[{"round_robin":{}}]})");
  }
  return grpc::CreateCustomChannel(target, grpc::InsecureChannelCredentials(), args);
}

std::chrono::system_clock::time_point CallDeadline(const Connection& connection) {
  return std::chrono::system_clock::now() +
         std::chrono::milliseconds(static_cast<int64_t>(connection.timeout_seconds * 1000));
}

}  // namespace readout::cli
