// readout-catalog: serves readout.v1.CatalogService (plus grpc.health.v1 and
// server reflection) over an embedded SQLite catalog in --data-dir, until
// SIGTERM or SIGINT, then drains gracefully and closes the store.
//
// Every flag has an environment fallback; a flag given on the command line
// wins over the environment, which wins over the default. The flags every
// server shares (--listen, --threads, connection and shutdown settings,
// --log-level) live in common/server/server_flags.h; the catalog's own are
// below.

#include <cstdint>
#include <iostream>
#include <optional>
#include <string>

#include "absl/cleanup/cleanup.h"
#include "absl/flags/flag.h"
#include "absl/status/status.h"
#include "catalog-service/catalog.h"
#include "catalog-service/service/catalog_service_impl.h"
#include "catalog-service/store/sqlite/sqlite_store.h"
#include "common/flags.h"
#include "common/server/grpc_server.h"
#include "common/server/logging.h"
#include "common/server/server_flags.h"
#include "common/server/signals.h"

ABSL_FLAG(std::string, data_dir, "./catalog-data",
          "directory of the catalog database (created when missing) "
          "[env READOUT_DATA_DIR]");
ABSL_FLAG(int, reader_threads, 4, "threads serving reads [env READOUT_READER_THREADS]");
ABSL_FLAG(int64_t, document_cache_mib, 128,
          "MiB of serialized documents GetDocument keeps in memory; 0 disables "
          "[env READOUT_DOCUMENT_CACHE_MIB]");
ABSL_FLAG(int64_t, history_limit, 1000000,
          "changes kept for WatchDocuments; older revisions are compacted "
          "[env READOUT_HISTORY_LIMIT]");
namespace {

using readout::common::Log;
using readout::common::LogLevel;

constexpr char kUsage[] =
    "readout-catalog: serves readout.v1.CatalogService over gRPC.\n"
    "\n"
    "  readout-catalog [--listen=HOST:PORT] [--data-dir=DIR] ...\n"
    "\n"
    "Each flag falls back to the environment variable named in its help.\n"
    "SIGTERM or SIGINT drains and exits 0.\n";

}  // namespace

int main(int argc, char** argv) {
  // Before any thread exists, so every thread inherits the mask.
  readout::common::BlockShutdownSignals();
  std::optional<readout::common::ServerSettings> settings = readout::common::ParseServerCommandLine(
      argc, argv, "readout-catalog", kUsage,
      {.listen_address = "0.0.0.0:8081", .max_message_bytes = 64 * 1024 * 1024});
  if (!settings) return 2;
  readout::common::ServerConfig& config = settings->config;
  config.max_send_message_bytes = config.max_receive_message_bytes;

  readout::common::FlagResolver r;
  std::string data_dir = r.Get(FLAGS_data_dir, "READOUT_DATA_DIR");
  int reader_threads = r.Get(FLAGS_reader_threads, "READOUT_READER_THREADS");
  int64_t history_limit = r.Get(FLAGS_history_limit, "READOUT_HISTORY_LIMIT");
  int64_t document_cache_mib = r.Get(FLAGS_document_cache_mib, "READOUT_DOCUMENT_CACHE_MIB");

  absl::Status error = r.status();
  if (error.ok() && (reader_threads < 1 || reader_threads > 256)) {
    error = absl::InvalidArgumentError("--reader-threads must be between 1 and 256");
  }
  if (error.ok() && history_limit < 1) {
    error = absl::InvalidArgumentError("--history-limit must be positive");
  }
  if (error.ok() && (document_cache_mib < 0 || document_cache_mib > (int64_t{1} << 20))) {
    error = absl::InvalidArgumentError("--document-cache-mib must be between 0 and 1048576");
  }
  if (error.ok() && data_dir.empty()) {
    error = absl::InvalidArgumentError("--data-dir must not be empty");
  }
  if (!error.ok()) {
    std::cerr << "readout-catalog: " << error.message() << "\n";
    return 2;
  }
  readout::common::SetMinLogLevel(settings->log_level);

  readout::catalog::SqliteStoreOptions store_options;
  store_options.data_dir = data_dir;
  store_options.history_limit = history_limit;
  store_options.max_idle_readers = reader_threads + 2;
  store_options.rebuild_progress = [](int64_t done, int64_t total) {
    // A missing or outdated index.db is rebuilt while the server serves.
    if (done % 100000 < 2000 || done == total) {
      Log(LogLevel::kInfo, "index_rebuild", {{"documents_done", done}, {"documents", total}});
    }
  };
  store_options.index_error = [](const absl::Status& status) {
    Log(LogLevel::kError, "index_write_failed", {{"error", status.ToString()}});
  };
  auto store = readout::catalog::SqliteStore::Open(store_options);
  if (!store.ok()) {
    std::cerr << "readout-catalog: " << store.status().message() << "\n";
    return 1;
  }
  Log(LogLevel::kInfo, "catalog_opened",
      {{"data_dir", data_dir}, {"revision", (*store)->CurrentRevision()}});
  readout::catalog::Catalog catalog(store->get());
  readout::catalog::CatalogServiceOptions service_options;
  service_options.reader_threads = reader_threads;
  service_options.document_cache_bytes = static_cast<size_t>(document_cache_mib) << 20;
  readout::catalog::CatalogServiceImpl service(&catalog, service_options);

  // Declared after the service, so it is destroyed (shut down) first.
  auto server = readout::common::GrpcServer::Start(
      config, {{&service, readout::v1::CatalogService::service_full_name()}});
  if (!server.ok()) {
    std::cerr << "readout-catalog: " << server.status().message() << "\n";
    return 1;
  }
  (*store)->SetIndexHealthListener(readout::catalog::IndexHealthReporter(&(*server)->health()));
  // Destroyed before the server: no health report reaches it once it is gone.
  absl::Cleanup stop_index_health = [&] { (*store)->SetIndexHealthListener(nullptr); };
  return readout::common::ServeUntilShutdownSignal([&] {
    service.StopWatches();  // Long-lived streams would otherwise hold the grace period.
    (*server)->Shutdown();
  });
}
