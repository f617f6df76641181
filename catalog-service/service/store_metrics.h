// The catalog's store as Prometheus metrics (in the default registry served
// on --metrics-listen; docs/operations.md lists them):
//   readout_catalog_commit_seconds          histogram, one group commit
//   readout_catalog_commit_batch_requests   histogram, requests per commit
//   readout_catalog_commits_total{result}   counter, ok / failed
//   readout_catalog_revision, readout_catalog_indexed_revision,
//   readout_catalog_index_lag_revisions     gauges, the index behind the record
//   readout_catalog_index_serving           gauge, 1 while index reads are served
//   readout_catalog_documents               gauge, documents stored
//   readout_catalog_disk_bytes{file}        gauge, catalog.db and index.db with WALs
//   readout_catalog_writes_refused          gauge, 1 while acknowledged writes were
//                                           found lost and not yet accepted
//   readout_catalog_corrupt_documents_total counter, stored documents found
//                                           corrupt by reads (any store)
// and on PostgreSQL, besides the commits and the revision:
//   readout_catalog_postgres_statement_seconds{server}     histogram
//   readout_catalog_postgres_statement_errors_total{server,kind} counter
//   readout_catalog_postgres_connections{server,state}     gauge, idle / in_use
//   readout_catalog_postgres_connections_max{server}       gauge
//   readout_catalog_postgres_pool_waits_total{server},
//   readout_catalog_postgres_pool_wait_timeouts_total{server} counters
//   readout_catalog_postgres_listening                     gauge
//   readout_catalog_postgres_listener_reconnects_total     counter
//   readout_catalog_postgres_standby_reads_total{result}   counter
//   readout_catalog_postgres_write_retries_total           counter
//   readout_catalog_postgres_read_retries_total            counter
//
//   options.commit_observer = RecordCommit;
//   StoreGauges gauges(store, data_dir);  // while the store is open
//   IntegrityMetrics integrity;           // any store, while serving
//   PostgresMetrics::Observe(pg_options);  // before PostgresStore::Open
//   PostgresMetrics pg_metrics(store);    // while the store is open
//
// Thread-safety: RecordCommit and the listener may be called from any
// thread; the gauges are refreshed by scrapes on the metrics server's
// threads.
#ifndef READOUT_CATALOG_SERVICE_SERVICE_STORE_METRICS_H_
#define READOUT_CATALOG_SERVICE_SERVICE_STORE_METRICS_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "catalog-service/store/postgres/postgres_store.h"
#include "catalog-service/store/sqlite/sqlite_store.h"
#include "common/server/metrics.h"

namespace readout::catalog {

// Records one group commit (SqliteStoreOptions::commit_observer).
void RecordCommit(size_t requests, absl::Duration elapsed, bool committed);

// `listener` (may be empty) that also sets readout_catalog_index_serving.
std::function<void(bool serving)> WithIndexServingGauge(std::function<void(bool)> listener);

class StoreGauges {
 public:
  // Refreshes the gauges from `store` (not owned; must outlive this) and the
  // files in `data_dir` at each scrape; the document count (a scan of a
  // table's smallest index) only when the revision moved since the last.
  StoreGauges(SqliteStore* store, std::string data_dir);

 private:
  void Refresh();

  SqliteStore* const store_;
  const std::string data_dir_;
  absl::Mutex mu_;
  int64_t counted_revision_ ABSL_GUARDED_BY(mu_) = -1;
  int64_t documents_ ABSL_GUARDED_BY(mu_) = 0;
  common::CollectHook hook_;  // Last: unregistered before the rest goes.
};

// The PostgreSQL store's metrics.
class PostgresMetrics {
 public:
  // Sets the observers (commits, statements) of `options`, before Open.
  static void Observe(PostgresStoreOptions& options);
  // Refreshes the pool, listener and standby figures from `store` (not
  // owned; must outlive this) at each scrape.
  explicit PostgresMetrics(PostgresStore* store);

 private:
  void Refresh();

  PostgresStore* const store_;
  common::CollectHook hook_;  // Last: unregistered before the rest goes.
};

// Exports what reads found corrupt (CorruptDocumentsFound) at each scrape.
class IntegrityMetrics {
 public:
  IntegrityMetrics();

 private:
  common::CollectHook hook_;
};

}  // namespace readout::catalog

#endif  // READOUT_CATALOG_SERVICE_SERVICE_STORE_METRICS_H_
