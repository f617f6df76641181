// readout-extractor: serves readout.v1.ExtractorService (plus grpc.health.v1
// and server reflection) until SIGTERM or SIGINT, then drains gracefully.
//
// Every flag has an environment fallback; a flag given on the command line
// wins over the environment, which wins over the default. Flags are typed
// dashed (--max-message-bytes) or with underscores. The flags every server
// shares (--listen, --threads, connection and shutdown settings, --log-level)
// live in common/server/server_flags.h; the extractor's own are below.

#include <cstdint>
#include <iostream>
#include <optional>
#include <string>

#include "absl/flags/flag.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/channel_credentials.h"
#include "common/flags.h"
#include "common/server/grpc_server.h"
#include "common/server/logging.h"
#include "common/server/server_flags.h"
#include "common/server/signals.h"
#include "extractor-service/engine/extractor.h"
#include "extractor-service/service/catalog_channel.h"
#include "extractor-service/service/catalog_client.h"
#include "extractor-service/service/extractor_service_impl.h"
#include "extractor-service/service/retrying_catalog_client.h"
#include "extractor-service/service/timer.h"

ABSL_FLAG(int64_t, max_document_bytes, 8 * 1024 * 1024,
          "largest document accepted, in bytes; larger ones get "
          "RESOURCE_EXHAUSTED [env READOUT_MAX_DOCUMENT_BYTES]");
ABSL_FLAG(int64_t, inline_document_bytes, 16 * 1024,
          "documents up to this size are extracted on the gRPC thread, larger "
          "ones on the worker pool [env READOUT_INLINE_DOCUMENT_BYTES]");
ABSL_FLAG(int64_t, max_tokens, 1000 * 1000,
          "words and punctuation marks one document may hold (about 5 MiB of prose); "
          "the tokenizer stops there and the call gets RESOURCE_EXHAUSTED "
          "(EXTRACTION_LIMIT_EXCEEDED) [env READOUT_MAX_TOKENS]");
ABSL_FLAG(int64_t, max_people, 1000,
          "distinct people one document may name [env READOUT_MAX_PEOPLE]");
ABSL_FLAG(int64_t, max_statements, 2000,
          "reported statements one document may yield [env READOUT_MAX_STATEMENTS]");
ABSL_FLAG(int64_t, max_points, 10000,
          "enumerated points one document may yield in all [env READOUT_MAX_POINTS]");
ABSL_FLAG(int64_t, max_response_bytes, 32 * 1024 * 1024,
          "largest extraction returned, in bytes (the text included) "
          "[env READOUT_MAX_RESPONSE_BYTES]");
ABSL_FLAG(int64_t, max_queued_bytes, 64 * 1024 * 1024,
          "bytes of large documents waiting for a worker; more get UNAVAILABLE "
          "(SERVER_BUSY) [env READOUT_MAX_QUEUED_BYTES]");
ABSL_FLAG(std::string, catalog, "",
          "gRPC target of the readout catalog where extractions are stored, "
          "e.g. dns:///readout-catalog:8080; empty: storing is off "
          "[env READOUT_CATALOG]");
ABSL_FLAG(bool, store_by_default, false,
          "store every extraction in the catalog unless the request sets "
          "options.store=false [env READOUT_STORE_BY_DEFAULT]");
ABSL_FLAG(double, catalog_timeout_seconds, 10,
          "longest wait for the catalog per document, retries included, when "
          "the caller's deadline is later or absent "
          "[env READOUT_CATALOG_TIMEOUT_SECONDS]");
ABSL_FLAG(std::string, catalog_load_balancing, "round_robin",
          "round_robin (every address the target resolves to) or pick_first "
          "[env READOUT_CATALOG_LOAD_BALANCING]");
ABSL_FLAG(double, catalog_keepalive_seconds, 60,
          "keepalive ping interval on the catalog connection while calls are "
          "open; 0: off [env READOUT_CATALOG_KEEPALIVE_SECONDS]");
ABSL_FLAG(double, catalog_keepalive_timeout_seconds, 20,
          "how long to wait for a keepalive ack before dropping the catalog "
          "connection [env READOUT_CATALOG_KEEPALIVE_TIMEOUT_SECONDS]");
ABSL_FLAG(double, catalog_initial_backoff_seconds, 0.05,
          "first wait before retrying an UNAVAILABLE catalog; doubles per "
          "retry [env READOUT_CATALOG_INITIAL_BACKOFF_SECONDS]");
ABSL_FLAG(double, catalog_max_backoff_seconds, 2,
          "longest wait between catalog retries "
          "[env READOUT_CATALOG_MAX_BACKOFF_SECONDS]");
ABSL_FLAG(std::string, catalog_tls_ca_file, "",
          "PEM CA bundle the catalog's certificate is verified against; set: the "
          "catalog is reached over TLS [env READOUT_CATALOG_TLS_CA_FILE]");
ABSL_FLAG(std::string, catalog_tls_cert_file, "",
          "PEM certificate the extractor presents to the catalog (mutual TLS) "
          "[env READOUT_CATALOG_TLS_CERT_FILE]");
ABSL_FLAG(std::string, catalog_tls_key_file, "",
          "PEM key of --catalog-tls-cert-file [env READOUT_CATALOG_TLS_KEY_FILE]");
ABSL_FLAG(std::string, catalog_token_file, "",
          "file holding a bearer token for the catalog (when it has no client "
          "certificate) [env READOUT_CATALOG_TOKEN_FILE]");
namespace {

using readout::common::Log;
using readout::common::LogLevel;

constexpr char kUsage[] =
    "readout-extractor: serves readout.v1.ExtractorService over gRPC.\n"
    "\n"
    "  readout-extractor [--listen=HOST:PORT] [--max-document-bytes=N] ...\n"
    "\n"
    "Each flag falls back to the environment variable named in its help\n"
    "(--help lists them). SIGTERM or SIGINT drains and exits 0.\n";

absl::Duration Seconds(double s) { return absl::Seconds(s); }

}  // namespace

int main(int argc, char** argv) {
  // Before any thread exists, so every thread inherits the mask.
  readout::common::BlockShutdownSignals();
  std::optional<readout::common::ServerSettings> settings = readout::common::ParseServerCommandLine(
      argc, argv, "readout-extractor", kUsage,
      {.listen_address = "127.0.0.1:8080", .max_message_bytes = 16 * 1024 * 1024});
  if (!settings) return 2;
  const readout::common::ServerConfig& config = settings->config;

  readout::common::FlagResolver r;
  int64_t max_document = r.Get(FLAGS_max_document_bytes, "READOUT_MAX_DOCUMENT_BYTES");
  int64_t inline_bytes = r.Get(FLAGS_inline_document_bytes, "READOUT_INLINE_DOCUMENT_BYTES");
  const int64_t caps[] = {r.Get(FLAGS_max_tokens, "READOUT_MAX_TOKENS"),
                          r.Get(FLAGS_max_people, "READOUT_MAX_PEOPLE"),
                          r.Get(FLAGS_max_statements, "READOUT_MAX_STATEMENTS"),
                          r.Get(FLAGS_max_points, "READOUT_MAX_POINTS"),
                          r.Get(FLAGS_max_response_bytes, "READOUT_MAX_RESPONSE_BYTES"),
                          r.Get(FLAGS_max_queued_bytes, "READOUT_MAX_QUEUED_BYTES")};
  readout::extractor::CatalogChannelOptions catalog;
  catalog.target = r.Get(FLAGS_catalog, "READOUT_CATALOG");
  catalog.load_balancing = r.Get(FLAGS_catalog_load_balancing, "READOUT_CATALOG_LOAD_BALANCING");
  catalog.keepalive_time =
      Seconds(r.Get(FLAGS_catalog_keepalive_seconds, "READOUT_CATALOG_KEEPALIVE_SECONDS"));
  catalog.keepalive_timeout = Seconds(
      r.Get(FLAGS_catalog_keepalive_timeout_seconds, "READOUT_CATALOG_KEEPALIVE_TIMEOUT_SECONDS"));
  readout::common::ClientTlsConfig catalog_tls;
  catalog_tls.flag_prefix = "--catalog-tls";
  catalog_tls.ca_file = r.Get(FLAGS_catalog_tls_ca_file, "READOUT_CATALOG_TLS_CA_FILE");
  catalog_tls.cert_file = r.Get(FLAGS_catalog_tls_cert_file, "READOUT_CATALOG_TLS_CERT_FILE");
  catalog_tls.key_file = r.Get(FLAGS_catalog_tls_key_file, "READOUT_CATALOG_TLS_KEY_FILE");
  catalog_tls.token_file = r.Get(FLAGS_catalog_token_file, "READOUT_CATALOG_TOKEN_FILE");
  catalog_tls.refresh_interval = config.security.refresh_interval;
  bool store_by_default = r.Get(FLAGS_store_by_default, "READOUT_STORE_BY_DEFAULT");
  double catalog_timeout = r.Get(FLAGS_catalog_timeout_seconds, "READOUT_CATALOG_TIMEOUT_SECONDS");
  readout::extractor::RetryPolicy retry;
  retry.initial_backoff = Seconds(
      r.Get(FLAGS_catalog_initial_backoff_seconds, "READOUT_CATALOG_INITIAL_BACKOFF_SECONDS"));
  retry.max_backoff =
      Seconds(r.Get(FLAGS_catalog_max_backoff_seconds, "READOUT_CATALOG_MAX_BACKOFF_SECONDS"));

  absl::Status error = r.status();
  if (error.ok() && (max_document <= 0 || inline_bytes < 0)) {
    error = absl::InvalidArgumentError(
        "--max-document-bytes must be positive and --inline-document-bytes "
        "not negative");
  }
  for (int64_t cap : caps) {
    if (error.ok() && cap <= 0) {
      error = absl::InvalidArgumentError(
          "--max-tokens, --max-people, --max-statements, --max-points, --max-response-bytes and "
          "--max-queued-bytes must be positive");
    }
  }
  if (error.ok() && !catalog.target.empty()) {
    error = readout::extractor::ValidateCatalogChannelOptions(catalog);
  }
  if (error.ok() && !catalog.target.empty()) {
    absl::StatusOr<std::shared_ptr<grpc::ChannelCredentials>> credentials =
        readout::common::MakeChannelCredentials(catalog_tls);
    if (credentials.ok()) {
      catalog.credentials = *std::move(credentials);
    } else {
      error = credentials.status();
    }
  }
  if (error.ok() && store_by_default && catalog.target.empty()) {
    error = absl::InvalidArgumentError("--store-by-default needs --catalog=TARGET");
  }
  if (error.ok() && !(catalog_timeout > 0)) {
    error = absl::InvalidArgumentError("--catalog-timeout-seconds must be positive");
  }
  if (error.ok() && (retry.initial_backoff <= absl::ZeroDuration() ||
                     retry.max_backoff < retry.initial_backoff)) {
    error = absl::InvalidArgumentError(
        "--catalog-initial-backoff-seconds must be positive and not above "
        "--catalog-max-backoff-seconds");
  }
  if (!error.ok()) {
    std::cerr << "readout-extractor: " << error.message() << "\n";
    return 2;
  }
  readout::common::SetMinLogLevel(settings->log_level);
  if (max_document >= config.max_receive_message_bytes) {
    Log(LogLevel::kWarning, "config_warning",
        {{"message",
          "--max-document-bytes is not below --max-message-bytes: documents "
          "near the limit are refused by gRPC before the size check"}});
  }

  readout::extractor::ExtractorOptions engine_options;
  engine_options.max_document_bytes = static_cast<size_t>(max_document);
  engine_options.max_tokens = static_cast<size_t>(caps[0]);
  engine_options.max_people = static_cast<size_t>(caps[1]);
  engine_options.max_statements = static_cast<size_t>(caps[2]);
  engine_options.max_points = static_cast<size_t>(caps[3]);
  engine_options.max_response_bytes = static_cast<size_t>(caps[4]);
  readout::extractor::Extractor extractor(engine_options);
  readout::extractor::ExtractorServiceOptions service_options;
  service_options.max_document_bytes = static_cast<size_t>(max_document);
  service_options.inline_document_bytes = static_cast<size_t>(inline_bytes);
  service_options.worker_threads = config.threads;
  service_options.max_queued_bytes = static_cast<size_t>(caps[5]);
  // The timer outlives the service and the server (declared first).
  readout::extractor::ThreadTimer timer;
  if (!catalog.target.empty()) {
    service_options.catalog = std::make_shared<readout::extractor::RetryingCatalogClient>(
        readout::extractor::MakeGrpcCatalogClient(readout::extractor::MakeCatalogChannel(catalog)),
        &timer, retry);
    service_options.catalog_target = catalog.target;
    service_options.store_by_default = store_by_default;
    service_options.catalog_timeout = Seconds(catalog_timeout);
    Log(LogLevel::kInfo, "catalog_configured",
        {{"catalog", catalog.target},
         {"tls", catalog_tls.tls() ? "true" : "false"},
         {"load_balancing", catalog.load_balancing},
         {"store_by_default", store_by_default ? "true" : "false"}});
  }
  readout::extractor::ExtractorServiceImpl service(&extractor, service_options);

  // Declared after the service, so it is destroyed (shut down) first.
  absl::StatusOr<std::unique_ptr<readout::common::GrpcServer>> server =
      readout::common::GrpcServer::Start(
          config, {{&service, readout::v1::ExtractorService::service_full_name()}});
  if (!server.ok()) {
    std::cerr << "readout-extractor: " << server.status().message() << "\n";
    return 1;
  }
  return readout::common::ServeUntilShutdownSignal([&] { (*server)->Shutdown(); });
}
