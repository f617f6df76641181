// readout-catalog: serves readout.v1.CatalogService (plus grpc.health.v1 and
// server reflection) over an embedded SQLite catalog in --data-dir, or, with
// --database-url, over a PostgreSQL database that several replicas share,
// until SIGTERM or SIGINT, then drains gracefully and closes the store.
//
// Every flag has an environment fallback; a flag given on the command line
// wins over the environment, which wins over the default. The flags every
// server shares (--listen, --threads, connection and shutdown settings,
// --log-level) live in common/server/server_flags.h; the catalog's own are
// below.

#include <cstdint>
#include <iostream>
#include <memory>
#include <optional>
#include <string>

#include "absl/cleanup/cleanup.h"
#include "absl/flags/flag.h"
#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "catalog-service/catalog.h"
#include "catalog-service/service/catalog_admin_service.h"
#include "catalog-service/service/catalog_service_impl.h"
#include "catalog-service/service/store_metrics.h"
#include "catalog-service/store/postgres/postgres_store.h"
#include "catalog-service/store/sqlite/sqlite_store.h"
#include "common/flags.h"
#include "common/server/grpc_server.h"
#include "common/server/logging.h"
#include "common/server/server_flags.h"
#include "common/server/signals.h"

ABSL_FLAG(std::string, data_dir, "./catalog-data",
          "directory of the catalog database (created when missing) "
          "[env READOUT_DATA_DIR]");
ABSL_FLAG(std::string, database_url, "",
          "PostgreSQL connection URI (postgresql://user@host:port/db); when set, the "
          "catalog keeps its data there instead of --data-dir, and any number of "
          "replicas may share it [env READOUT_DATABASE_URL]");
ABSL_FLAG(int, database_connections, 16,
          "most PostgreSQL connections this replica opens [env READOUT_DATABASE_CONNECTIONS]");
ABSL_FLAG(std::string, database_read_url, "",
          "PostgreSQL connection URI of a streaming-replication standby of --database-url; "
          "when set, List, Search and people reads run there once it has replayed every "
          "write acknowledged before the read, else on the primary "
          "[env READOUT_DATABASE_READ_URL]");
ABSL_FLAG(int64_t, database_read_wait_ms, 500,
          "longest a read waits for the standby to catch up before it runs on the "
          "primary [env READOUT_DATABASE_READ_WAIT_MS]");
ABSL_FLAG(int, reader_threads, 4, "threads serving reads [env READOUT_READER_THREADS]");
ABSL_FLAG(int64_t, document_cache_mib, 128,
          "MiB of serialized documents GetDocument keeps in memory; 0 disables; none "
          "with --database-url (another replica's delete would not reach it) "
          "[env READOUT_DOCUMENT_CACHE_MIB]");
ABSL_FLAG(int64_t, history_limit, 1000000,
          "changes kept for WatchDocuments; older revisions are compacted "
          "[env READOUT_HISTORY_LIMIT]");
ABSL_FLAG(int64_t, accept_data_loss, 0,
          "when catalog.db is found to have lost acknowledged writes, the acknowledged "
          "revision the error names: the catalog drops the lost revisions, continues above "
          "it and accepts writes again (docs/operations.md); ignored when it names another "
          "revision [env READOUT_ACCEPT_DATA_LOSS]");
namespace {

using readout::common::Log;
using readout::common::LogLevel;

constexpr char kUsage[] =
    "readout-catalog: serves readout.v1.CatalogService over gRPC.\n"
    "\n"
    "  readout-catalog [--listen=HOST:PORT] [--data-dir=DIR] ...\n"
    "  readout-catalog --database-url=postgresql://user@host/db ...  (replicas)\n"
    "      [--database-read-url=postgresql://user@standby/db]\n"
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
  std::string database_url = r.Get(FLAGS_database_url, "READOUT_DATABASE_URL");
  int database_connections = r.Get(FLAGS_database_connections, "READOUT_DATABASE_CONNECTIONS");
  std::string database_read_url = r.Get(FLAGS_database_read_url, "READOUT_DATABASE_READ_URL");
  int64_t database_read_wait_ms =
      r.Get(FLAGS_database_read_wait_ms, "READOUT_DATABASE_READ_WAIT_MS");
  int reader_threads = r.Get(FLAGS_reader_threads, "READOUT_READER_THREADS");
  int64_t history_limit = r.Get(FLAGS_history_limit, "READOUT_HISTORY_LIMIT");
  int64_t document_cache_mib = r.Get(FLAGS_document_cache_mib, "READOUT_DOCUMENT_CACHE_MIB");
  int64_t accept_data_loss = r.Get(FLAGS_accept_data_loss, "READOUT_ACCEPT_DATA_LOSS");

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
  if (error.ok() && (database_connections < 2 || database_connections > 1000)) {
    error = absl::InvalidArgumentError("--database-connections must be between 2 and 1000");
  }
  if (error.ok() && !database_url.empty() && !absl::StartsWith(database_url, "postgresql://") &&
      !absl::StartsWith(database_url, "postgres://")) {
    error = absl::InvalidArgumentError(
        "--database-url must be a postgresql:// URI (without it the catalog uses --data-dir)");
  }
  if (error.ok() && !database_read_url.empty() && database_url.empty()) {
    error = absl::InvalidArgumentError(
        "--database-read-url needs --database-url (the primary the standby follows)");
  }
  if (error.ok() && !database_read_url.empty() &&
      !absl::StartsWith(database_read_url, "postgresql://") &&
      !absl::StartsWith(database_read_url, "postgres://")) {
    error = absl::InvalidArgumentError("--database-read-url must be a postgresql:// URI");
  }
  if (error.ok() && (database_read_wait_ms < 0 || database_read_wait_ms > 60000)) {
    error = absl::InvalidArgumentError("--database-read-wait-ms must be between 0 and 60000");
  }
  if (error.ok() && accept_data_loss < 0) {
    error = absl::InvalidArgumentError("--accept-data-loss must be a revision (positive)");
  }
  if (error.ok() && accept_data_loss > 0 && !database_url.empty()) {
    error = absl::InvalidArgumentError(
        "--accept-data-loss applies to the SQLite catalog in --data-dir, not --database-url");
  }
  if (error.ok() && data_dir.empty()) {
    error = absl::InvalidArgumentError("--data-dir must not be empty");
  }
  if (!error.ok()) {
    std::cerr << "readout-catalog: " << error.message() << "\n";
    return 2;
  }
  readout::common::SetMinLogLevel(settings->log_level);

  std::unique_ptr<readout::catalog::Store> store;
  readout::catalog::SqliteStore* sqlite = nullptr;      // Set when the store is SQLite.
  readout::catalog::PostgresStore* postgres = nullptr;  // Set when it is PostgreSQL.
  if (!database_url.empty()) {
    readout::catalog::PostgresStoreOptions pg_options;
    pg_options.url = database_url;
    pg_options.history_limit = history_limit;
    pg_options.max_connections = database_connections;
    pg_options.read_url = database_read_url;
    pg_options.max_read_connections = database_connections;
    pg_options.read_wait_ms = database_read_wait_ms;
    pg_options.standby_health = [](bool healthy, const absl::Status& error) {
      if (healthy) {
        Log(LogLevel::kInfo, "read_standby_back", {});
      } else {
        Log(LogLevel::kWarning, "read_standby_failed_reading_from_primary",
            {{"error", error.ToString()}});
      }
    };
    readout::catalog::PostgresMetrics::Observe(pg_options);
    auto opened = readout::catalog::PostgresStore::Open(pg_options);
    if (!opened.ok()) {
      std::cerr << "readout-catalog: " << opened.status().message() << "\n";
      return 1;
    }
    postgres = opened->get();
    store = std::move(*opened);
    Log(LogLevel::kInfo, "catalog_opened",
        {{"database", "postgresql"},
         {"read_standby", database_read_url.empty() ? "none" : "configured"},
         {"revision", store->CurrentRevision()}});
    for (const std::string& refused : postgres->refused_write_settings()) {
      // An engine that does not know an optional planner setting (ADR 0012):
      // writes run without it.
      Log(LogLevel::kInfo, "write_setting_left_out", {{"setting", refused}});
    }
  } else {
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
    store_options.index_moved_aside = [](const std::string& kept_as, const absl::Status& why) {
      // Derived data: kept for inspection, rebuilt from the records.
      Log(LogLevel::kWarning, "index_moved_aside",
          {{"kept_as", kept_as}, {"reason", why.ToString()}, {"action", "rebuilding"}});
    };
    store_options.index_damaged = [](const absl::Status& damage) {
      Log(LogLevel::kError, "index_damaged",
          {{"error", damage.ToString()},
           {"action", "index reads refused; restart the catalog to rebuild index.db"}});
    };
    store_options.index_error = [](const absl::Status& status) {
      Log(LogLevel::kError, "index_write_failed", {{"error", status.ToString()}});
    };
    store_options.mark_error = [](const absl::Status& status) {
      // The commit is durable but not acknowledged nor published.
      Log(LogLevel::kError, "revision_mark_write_failed",
          {{"error", status.ToString()}, {"action", "writes fail until it is written"}});
    };
    store_options.commit_observer = readout::catalog::RecordCommit;
    store_options.accept_data_loss_at = accept_data_loss;
    auto opened = readout::catalog::SqliteStore::Open(store_options);
    if (!opened.ok()) {
      std::cerr << "readout-catalog: " << opened.status().message() << "\n";
      return 1;
    }
    sqlite = opened->get();
    store = std::move(*opened);
    if (const auto& lost = sqlite->lost_writes(); lost.has_value() && !lost->accepted) {
      Log(LogLevel::kError, "acknowledged_writes_lost",
          {{"records_revision", lost->records_revision},
           {"acknowledged_revision", lost->acknowledged_revision},
           {"writes", "refused"},
           {"error", sqlite->LostWritesError().ToString()}});
    } else if (lost.has_value()) {
      Log(LogLevel::kWarning, "acknowledged_writes_lost_accepted",
          {{"records_revision", lost->records_revision},
           {"acknowledged_revision", lost->acknowledged_revision},
           {"next_revision", lost->acknowledged_revision + 1}});
    } else if (accept_data_loss > 0) {
      Log(LogLevel::kWarning, "accept_data_loss_ignored",
          {{"accept_data_loss", accept_data_loss},
           {"reason", "no acknowledged writes were found lost; remove the flag"}});
    }
    Log(LogLevel::kInfo, "catalog_opened",
        {{"data_dir", data_dir}, {"revision", store->CurrentRevision()}});
  }
  readout::catalog::Catalog catalog(store.get());
  readout::catalog::CatalogServiceOptions service_options;
  service_options.reader_threads = reader_threads;
  service_options.document_cache_bytes = static_cast<size_t>(document_cache_mib) << 20;
  readout::catalog::CatalogServiceImpl service(&catalog, service_options);
  readout::catalog::CatalogAdminServiceImpl admin(store.get());

  // Declared after the service, so it is destroyed (shut down) first.
  auto server = readout::common::GrpcServer::Start(
      config, {{&service, readout::v1::CatalogService::service_full_name()},
               {&admin, readout::v1::CatalogAdminService::service_full_name()}});
  if (!server.ok()) {
    std::cerr << "readout-catalog: " << server.status().message() << "\n";
    return 1;
  }
  // SQLite's query index may be rebuilding; PostgreSQL's is always current.
  if (sqlite != nullptr) {
    (*server)->health().SetServingStatus(readout::catalog::kWritesHealthName,
                                         sqlite->WritesRefused()
                                             ? grpc::health::v1::HealthCheckResponse::NOT_SERVING
                                             : grpc::health::v1::HealthCheckResponse::SERVING);
    sqlite->SetIndexHealthListener(readout::catalog::WithIndexServingGauge(
        readout::catalog::IndexHealthReporter(&(*server)->health())));
  }
  // The SQLite store's gauges, read by scrapes until the store closes
  // (destroyed before it).
  std::optional<readout::catalog::StoreGauges> store_gauges;
  if (sqlite != nullptr) store_gauges.emplace(sqlite, data_dir);
  std::optional<readout::catalog::PostgresMetrics> postgres_metrics;
  if (postgres != nullptr) postgres_metrics.emplace(postgres);
  readout::catalog::IntegrityMetrics integrity_metrics;
  // Destroyed before the server: no health report reaches it once it is gone.
  absl::Cleanup stop_index_health = [&] {
    if (sqlite != nullptr) sqlite->SetIndexHealthListener(nullptr);
  };
  return readout::common::ServeUntilShutdownSignal([&] {
    service.StopWatches();  // Long-lived streams would otherwise hold the grace period.
    (*server)->Shutdown();
  });
}
