// The shared server flags and their resolution (see server_flags.h).
#include "common/server/server_flags.h"

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/usage.h"
#include "absl/flags/usage_config.h"
#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "common/flags.h"

ABSL_FLAG(std::string, listen, "",
          "HOST:PORT to listen on; port 0 picks a free port (logged as "
          "event=server_started address=HOST:PORT); empty: loopback on the server's "
          "port (readout-extractor 127.0.0.1:8080, readout-catalog 127.0.0.1:8081); "
          "0.0.0.0 only when asked for [env READOUT_LISTEN]");
ABSL_FLAG(int64_t, max_message_bytes, 0,
          "largest gRPC message received, in bytes; larger ones get RESOURCE_EXHAUSTED; "
          "unset: the server's default (readout-extractor 16 MiB, readout-catalog 64 MiB) "
          "[env READOUT_MAX_MESSAGE_BYTES]");
ABSL_FLAG(int, threads, 0,
          "worker threads for CPU-bound work (the extractor's large documents); 0 means "
          "one per core [env READOUT_THREADS]");
ABSL_FLAG(double, shutdown_grace_seconds, 10,
          "on SIGTERM, how long calls in flight (and watches) get to finish before they "
          "are cancelled [env READOUT_SHUTDOWN_GRACE_SECONDS]");
ABSL_FLAG(double, shutdown_drain_seconds, 0,
          "on SIGTERM, how long to keep serving with health NOT_SERVING "
          "before refusing new calls [env READOUT_SHUTDOWN_DRAIN_SECONDS]");
ABSL_FLAG(double, max_connection_age_seconds, 0,
          "close connections older than this so clients rebalance; 0: never "
          "[env READOUT_MAX_CONNECTION_AGE_SECONDS]");
ABSL_FLAG(double, max_connection_age_grace_seconds, 0,
          "time given to calls on a connection closed for its age; 0: gRPC's "
          "default [env READOUT_MAX_CONNECTION_AGE_GRACE_SECONDS]");
ABSL_FLAG(double, max_connection_idle_seconds, 300,
          "close connections with no call open for this long (their clients reconnect "
          "when they need to); 0: never "
          "[env READOUT_MAX_CONNECTION_IDLE_SECONDS]");
ABSL_FLAG(double, keepalive_seconds, 0,
          "interval of server keepalive pings; 0: gRPC's default (2 h) "
          "[env READOUT_KEEPALIVE_SECONDS]");
ABSL_FLAG(double, keepalive_timeout_seconds, 0,
          "how long to wait for a keepalive ack; 0: gRPC's default (20 s) "
          "[env READOUT_KEEPALIVE_TIMEOUT_SECONDS]");
ABSL_FLAG(double, min_client_ping_interval_seconds, 0,
          "shortest interval between client keepalive pings tolerated; 0: "
          "gRPC's default (5 min) [env READOUT_MIN_CLIENT_PING_INTERVAL_SECONDS]");
ABSL_FLAG(double, handshake_timeout_seconds, 10,
          "connections that have not finished their TLS and HTTP/2 handshake by then "
          "are closed [env READOUT_HANDSHAKE_TIMEOUT_SECONDS]");
ABSL_FLAG(int, max_concurrent_streams, 100,
          "calls open at once on one HTTP/2 connection [env READOUT_MAX_CONCURRENT_STREAMS]");
ABSL_FLAG(bool, reflection, true,
          "serve gRPC server reflection (grpcurl/buf curl without protos); "
          "--reflection=false hides the API's shape [env READOUT_REFLECTION]");
ABSL_FLAG(std::string, tls_cert_file, "",
          "PEM certificate chain to serve TLS with (re-read when it changes); empty: "
          "plaintext, on loopback only unless --allow-plaintext [env READOUT_TLS_CERT_FILE]");
ABSL_FLAG(std::string, tls_key_file, "",
          "PEM private key of --tls-cert-file [env READOUT_TLS_KEY_FILE]");
ABSL_FLAG(std::string, tls_ca_file, "",
          "PEM CA bundle client certificates are verified against [env READOUT_TLS_CA_FILE]");
ABSL_FLAG(std::string, tls_client_auth, "none",
          "client certificates: none, request (verified when sent) or require "
          "[env READOUT_TLS_CLIENT_AUTH]");
ABSL_FLAG(double, tls_refresh_seconds, 10,
          "how often the certificate, policy and token files are checked for changes "
          "[env READOUT_TLS_REFRESH_SECONDS]");
ABSL_FLAG(std::string, authz_policy_file, "",
          "gRPC authorization policy (JSON) of who may call which method, reloaded on "
          "change; empty: every caller that passes TLS may call everything "
          "[env READOUT_AUTHZ_POLICY_FILE]");
ABSL_FLAG(std::string, auth_token_file, "",
          "bearer tokens accepted, one \"NAME SHA256-HEX\" per line, reloaded on change "
          "[env READOUT_AUTH_TOKEN_FILE]");
ABSL_FLAG(bool, allow_plaintext, false,
          "serve plaintext on a non-loopback address (only behind a network policy) "
          "[env READOUT_ALLOW_PLAINTEXT]");
ABSL_FLAG(std::string, metrics_listen, "",
          "HOST:PORT of the Prometheus metrics endpoint (GET /metrics); port 0 picks a "
          "free port (logged as event=metrics_listening address=HOST:PORT); empty: no "
          "metrics endpoint [env READOUT_METRICS_LISTEN]");
ABSL_FLAG(std::string, otlp_endpoint, "",
          "gRPC target (host:port) of an OpenTelemetry collector to send spans to over "
          "OTLP/gRPC, plaintext; empty: spans are not exported [env READOUT_OTLP_ENDPOINT]");
ABSL_FLAG(std::string, log_format, "logfmt",
          "logfmt (key=value) or json (one JSON object per line) "
          "[env READOUT_LOG_FORMAT]");
ABSL_FLAG(std::string, log_level, "info",
          "debug, info, warning or error (debug adds health and reflection "
          "calls) [env READOUT_LOG_LEVEL]");

namespace readout::common {
namespace {

// FlagResolver, plus server defaults and the checks of duration flags.
class Resolver : public FlagResolver {
 public:
  // Like Get, but `server_default` when neither the flag nor `env` is given.
  template <typename T>
  T GetOr(const absl::Flag<T>& flag, const char* env, T server_default) {
    const char* value = std::getenv(env);
    bool env_set = value != nullptr && *value != '\0';
    if (!env_set && !WasGivenOnCommandLine(absl::GetFlagReflectionHandle(flag).Name())) {
      return server_default;
    }
    return Get(flag, env);
  }

  // A duration flag in seconds, which must be finite and not negative.
  absl::Duration Seconds(const absl::Flag<double>& flag, const char* env) {
    double seconds = Get(flag, env);
    if (status().ok() && !(seconds >= 0 && std::isfinite(seconds))) {
      std::string name(absl::GetFlagReflectionHandle(flag).Name());
      for (char& c : name) {
        if (c == '_') c = '-';
      }
      Fail(absl::StrCat("--", name, " must be a number of seconds, not negative"));
    }
    return absl::Seconds(seconds);
  }
};

}  // namespace

absl::StatusOr<ServerSettings> ResolveServerFlags(const ServerFlagDefaults& defaults) {
  Resolver r;
  ServerSettings settings;
  ServerConfig& config = settings.config;
  std::string log_level = r.Get(FLAGS_log_level, "READOUT_LOG_LEVEL");
  if (r.status().ok() && !ParseLogLevel(log_level, &settings.log_level)) {
    r.Fail(
        absl::StrCat("--log-level must be debug, info, warning or error, not \"", log_level, "\""));
  }
  std::string log_format = r.Get(FLAGS_log_format, "READOUT_LOG_FORMAT");
  if (r.status().ok() && !ParseLogFormat(log_format, &settings.log_format)) {
    r.Fail(absl::StrCat("--log-format must be logfmt or json, not \"", log_format, "\""));
  }
  // The default binds loopback on the server's port: 0.0.0.0 only when asked.
  config.listen_address =
      r.GetOr(FLAGS_listen, "READOUT_LISTEN", WithHost("127.0.0.1", defaults.listen_address));
  config.metrics_listen = r.Get(FLAGS_metrics_listen, "READOUT_METRICS_LISTEN");
  config.otlp_endpoint = r.Get(FLAGS_otlp_endpoint, "READOUT_OTLP_ENDPOINT");
  int64_t max_message =
      r.GetOr(FLAGS_max_message_bytes, "READOUT_MAX_MESSAGE_BYTES", defaults.max_message_bytes);
  if (r.status().ok() && (max_message <= 0 || max_message > INT32_MAX)) {
    r.Fail("--max-message-bytes must be between 1 and 2147483647");
  }
  config.max_receive_message_bytes = static_cast<int>(max_message);
  config.threads = r.Get(FLAGS_threads, "READOUT_THREADS");
  if (r.status().ok() && config.threads < 0) r.Fail("--threads must not be negative");
  config.shutdown_grace = r.Seconds(FLAGS_shutdown_grace_seconds, "READOUT_SHUTDOWN_GRACE_SECONDS");
  config.shutdown_drain = r.Seconds(FLAGS_shutdown_drain_seconds, "READOUT_SHUTDOWN_DRAIN_SECONDS");
  config.max_connection_age =
      r.Seconds(FLAGS_max_connection_age_seconds, "READOUT_MAX_CONNECTION_AGE_SECONDS");
  config.max_connection_age_grace =
      r.Seconds(FLAGS_max_connection_age_grace_seconds, "READOUT_MAX_CONNECTION_AGE_GRACE_SECONDS");
  config.max_connection_idle =
      r.Seconds(FLAGS_max_connection_idle_seconds, "READOUT_MAX_CONNECTION_IDLE_SECONDS");
  config.keepalive_time = r.Seconds(FLAGS_keepalive_seconds, "READOUT_KEEPALIVE_SECONDS");
  config.keepalive_timeout =
      r.Seconds(FLAGS_keepalive_timeout_seconds, "READOUT_KEEPALIVE_TIMEOUT_SECONDS");
  config.min_client_ping_interval =
      r.Seconds(FLAGS_min_client_ping_interval_seconds, "READOUT_MIN_CLIENT_PING_INTERVAL_SECONDS");
  config.handshake_timeout =
      r.Seconds(FLAGS_handshake_timeout_seconds, "READOUT_HANDSHAKE_TIMEOUT_SECONDS");
  config.max_concurrent_streams =
      r.Get(FLAGS_max_concurrent_streams, "READOUT_MAX_CONCURRENT_STREAMS");
  if (r.status().ok() && config.max_concurrent_streams < 1) {
    r.Fail("--max-concurrent-streams must be positive");
  }
  config.reflection = r.Get(FLAGS_reflection, "READOUT_REFLECTION");
  TransportSecurityConfig& security = config.security;
  security.cert_file = r.Get(FLAGS_tls_cert_file, "READOUT_TLS_CERT_FILE");
  security.key_file = r.Get(FLAGS_tls_key_file, "READOUT_TLS_KEY_FILE");
  security.ca_file = r.Get(FLAGS_tls_ca_file, "READOUT_TLS_CA_FILE");
  std::string client_auth = r.Get(FLAGS_tls_client_auth, "READOUT_TLS_CLIENT_AUTH");
  if (r.status().ok() && !ParseClientAuth(client_auth, &security.client_auth)) {
    r.Fail(absl::StrCat("--tls-client-auth must be none, request or require, not \"", client_auth,
                        "\""));
  }
  security.refresh_interval = r.Seconds(FLAGS_tls_refresh_seconds, "READOUT_TLS_REFRESH_SECONDS");
  security.authz_policy_file = r.Get(FLAGS_authz_policy_file, "READOUT_AUTHZ_POLICY_FILE");
  security.auth_token_file = r.Get(FLAGS_auth_token_file, "READOUT_AUTH_TOKEN_FILE");
  security.allow_plaintext = r.Get(FLAGS_allow_plaintext, "READOUT_ALLOW_PLAINTEXT");
  if (!r.status().ok()) return r.status();
  if (absl::Status s = ValidateTransportSecurity(security, config.listen_address); !s.ok()) {
    return s;
  }
  return settings;
}

std::optional<ServerSettings> ParseServerCommandLine(int argc, char** argv,
                                                     absl::string_view program, const char* usage,
                                                     const ServerFlagDefaults& defaults) {
  // Debian's Abseil is built with mutex deadlock detection on: every lock
  // updates a global lock-order graph. Tests keep it; servers turn it off
  // (it must be set before other threads start).
  absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);
  // --help lists the server's own and the shared flags (Abseil's default
  // looks for a file named after the program, and finds none).
  absl::FlagsUsageConfig usage_config;
  usage_config.contains_help_flags = [](absl::string_view file) {
    return !absl::StrContains(file, "absl/");
  };
  absl::SetFlagsUsageConfig(usage_config);
  absl::SetProgramUsageMessage(usage);
  std::vector<std::string> positional = ParseDashedCommandLine(argc, argv);
  if (positional.size() > 1) {
    std::cerr << program << ": unexpected argument \"" << positional[1] << "\"\n\n" << usage;
    return std::nullopt;
  }
  absl::StatusOr<ServerSettings> settings = ResolveServerFlags(defaults);
  if (settings.ok()) settings->config.service_name = std::string(program);
  if (!settings.ok()) {
    std::cerr << program << ": " << settings.status().message() << "\n";
    return std::nullopt;
  }
  SetLogFormat(settings->log_format);
  return *std::move(settings);
}

}  // namespace readout::common
