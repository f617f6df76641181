// The catalog's store metrics (see store_metrics.h).
#include "catalog-service/service/store_metrics.h"

#include <sys/stat.h>

#include <utility>

#include "absl/time/clock.h"
#include "catalog-service/store/stored_document.h"
#include "common/server/logging.h"

namespace readout::catalog {
namespace {

// Group commits, on either store.
struct CommitMetrics {
  common::Histogram& commit_seconds;
  common::Histogram& batch_requests;
  common::Counter& commits_ok;
  common::Counter& commits_failed;

  static CommitMetrics& Get() {
    static CommitMetrics* metrics = [] {
      common::MetricsRegistry& r = common::MetricsRegistry::Default();
      common::CounterFamily& commits = r.AddCounter(
          "readout_catalog_commits_total", "Group commits, by result (ok or failed).", {"result"});
      return new CommitMetrics{
          r.AddHistogram("readout_catalog_commit_seconds",
                         "Time of one group commit, from BEGIN to the durable COMMIT (catalog.db "
                         "synced, or PostgreSQL's commit flushed), in seconds.",
                         {}, common::ExponentialBuckets(0.0005, 2, 14))
              .Get(),
          r.AddHistogram("readout_catalog_commit_batch_requests",
                         "Write requests committed together in one transaction (one flush).", {},
                         common::ExponentialBuckets(1, 2, 10))
              .Get(),
          commits.WithLabels({"ok"}), commits.WithLabels({"failed"})};
    }();
    return *metrics;
  }
};

common::Gauge& RevisionGauge() {
  static common::Gauge& gauge =
      common::MetricsRegistry::Default()
          .AddGauge("readout_catalog_revision", "The latest committed revision.")
          .Get();
  return gauge;
}

// The SQLite store's gauges.
struct Metrics {
  common::Gauge& revision;
  common::Gauge& indexed_revision;
  common::Gauge& index_lag;
  common::Gauge& index_serving;
  common::Gauge& documents;
  common::GaugeFamily& disk_bytes;
  common::Gauge& writes_refused;

  static Metrics& Get() {
    static Metrics* metrics = [] {
      common::MetricsRegistry& r = common::MetricsRegistry::Default();
      return new Metrics{
          RevisionGauge(),
          r.AddGauge("readout_catalog_indexed_revision",
                     "The latest revision the query index (index.db) reflects.")
              .Get(),
          r.AddGauge("readout_catalog_index_lag_revisions",
                     "Revisions committed but not yet in the query index.")
              .Get(),
          r.AddGauge("readout_catalog_index_serving",
                     "1 while the query index answers reads; 0 while it is rebuilt or its "
                     "writes fail.")
              .Get(),
          r.AddGauge("readout_catalog_documents", "Documents stored.").Get(),
          r.AddGauge("readout_catalog_disk_bytes",
                     "Bytes on disk of the catalog's files, each with its write-ahead log.",
                     {"file"}),
          r.AddGauge("readout_catalog_writes_refused",
                     "1 while the catalog refuses writes because acknowledged writes were found "
                     "lost at start (catalog.db behind its revision mark); 0 otherwise.")
              .Get()};
    }();
    return *metrics;
  }
};

int64_t FileBytes(const std::string& path) {
  struct stat st;
  return ::stat(path.c_str(), &st) == 0 ? static_cast<int64_t>(st.st_size) : 0;
}

}  // namespace

void RecordCommit(size_t requests, absl::Duration elapsed, bool committed) {
  CommitMetrics& m = CommitMetrics::Get();
  m.commit_seconds.Observe(absl::ToDoubleSeconds(elapsed));
  m.batch_requests.Observe(static_cast<double>(requests));
  (committed ? m.commits_ok : m.commits_failed).Increment();
}

std::function<void(bool serving)> WithIndexServingGauge(std::function<void(bool)> listener) {
  common::Gauge& gauge = Metrics::Get().index_serving;
  return [&gauge, listener = std::move(listener)](bool serving) {
    gauge.Set(serving ? 1 : 0);
    if (listener) listener(serving);
  };
}

StoreGauges::StoreGauges(SqliteStore* store, std::string data_dir)
    : store_(store), data_dir_(std::move(data_dir)) {
  Metrics::Get();
  hook_ = common::MetricsRegistry::Default().AddCollectHook([this] { Refresh(); });
}

void StoreGauges::Refresh() {
  Metrics& m = Metrics::Get();
  int64_t revision = store_->CurrentRevision();
  int64_t indexed = store_->IndexedRevision();
  m.revision.Set(static_cast<double>(revision));
  m.indexed_revision.Set(static_cast<double>(indexed));
  m.index_lag.Set(static_cast<double>(revision > indexed ? revision - indexed : 0));
  m.writes_refused.Set(store_->WritesRefused() ? 1 : 0);
  for (const char* file : {"catalog.db", "index.db"}) {
    std::string path = data_dir_ + "/" + file;
    m.disk_bytes.WithLabels({file}).Set(
        static_cast<double>(FileBytes(path) + FileBytes(path + "-wal")));
  }
  absl::MutexLock lock(&mu_);
  if (revision != counted_revision_) {
    absl::StatusOr<int64_t> documents = store_->CountDocuments();
    if (documents.ok()) {
      documents_ = *documents;
      counted_revision_ = revision;
    } else {
      common::Log(common::LogLevel::kWarning, "metrics_count_failed",
                  {{"error", documents.status().ToString()}});
    }
  }
  m.documents.Set(static_cast<double>(documents_));
}

IntegrityMetrics::IntegrityMetrics() {
  common::Counter& corrupt =
      common::MetricsRegistry::Default()
          .AddCounter("readout_catalog_corrupt_documents_total",
                      "Stored documents a read found corrupt (text no longer hashing to the "
                      "name, or a body that does not parse); each answered DATA_LOSS.")
          .Get();
  hook_ = common::MetricsRegistry::Default().AddCollectHook([&corrupt] {
    corrupt.Increment(static_cast<double>(CorruptDocumentsFound()) - corrupt.Value());
  });
}

namespace {

// The PostgreSQL store's own metrics (its commits use CommitMetrics).
struct PostgresFamilies {
  common::HistogramFamily& statement_seconds;
  common::CounterFamily& statement_errors;
  common::GaugeFamily& connections;
  common::GaugeFamily& connections_max;
  common::CounterFamily& pool_waits;
  common::CounterFamily& pool_wait_timeouts;
  common::Gauge& listening;
  common::Counter& listener_reconnects;
  common::CounterFamily& standby_reads;
  common::Counter& write_retries;
  common::Counter& read_retries;

  static PostgresFamilies& Get() {
    static PostgresFamilies* families = [] {
      common::MetricsRegistry& r = common::MetricsRegistry::Default();
      return new PostgresFamilies{
          r.AddHistogram("readout_catalog_postgres_statement_seconds",
                         "Time of one PostgreSQL statement as the catalog saw it (round trip "
                         "included), by server (primary or standby), in seconds.",
                         {"server"}, common::ExponentialBuckets(0.0001, 2, 17)),
          r.AddCounter("readout_catalog_postgres_statement_errors_total",
                       "PostgreSQL statements that failed, by server and kind: connection (lost "
                       "or refused), timeout (the call's deadline, statement_timeout or "
                       "lock_timeout), error (any other).",
                       {"server", "kind"}),
          r.AddGauge("readout_catalog_postgres_connections",
                     "Open pooled PostgreSQL connections, by server and state (idle or in_use).",
                     {"server", "state"}),
          r.AddGauge("readout_catalog_postgres_connections_max",
                     "Most pooled PostgreSQL connections this replica opens, by server (0: no "
                     "standby configured).",
                     {"server"}),
          r.AddCounter("readout_catalog_postgres_pool_waits_total",
                       "Calls that found every pooled connection busy and waited, by server.",
                       {"server"}),
          r.AddCounter("readout_catalog_postgres_pool_wait_timeouts_total",
                       "Calls that waited for a pooled connection and got none before their "
                       "deadline or statement_timeout, by server.",
                       {"server"}),
          r.AddGauge("readout_catalog_postgres_listening",
                     "1 while LISTEN for other replicas' commits is active; 0 while its "
                     "connection is being restored, or where the database refuses LISTEN (the "
                     "counter is then polled).")
              .Get(),
          r.AddCounter("readout_catalog_postgres_listener_reconnects_total",
                       "Times the LISTEN connection was lost and opened again.")
              .Get(),
          r.AddCounter("readout_catalog_postgres_standby_reads_total",
                       "Reads that may use the standby, by where they ran: standby, lagging "
                       "(the primary: the standby stayed behind), failed (the primary: the "
                       "standby failed or is down).",
                       {"result"}),
          r.AddCounter("readout_catalog_postgres_write_retries_total",
                       "Write transactions run again after the database aborted them for a "
                       "concurrent one (SQLSTATE 40001 or 40P01).")
              .Get(),
          r.AddCounter("readout_catalog_postgres_read_retries_total",
                       "Reads run again on a fresh connection after theirs failed under them "
                       "(closed by the server, or a prepared statement it no longer holds).")
              .Get()};
    }();
    return *families;
  }
};

const char* ServerLabel(bool standby) { return standby ? "standby" : "primary"; }

const char* ErrorKind(const absl::Status& status) {
  switch (status.code()) {
    case absl::StatusCode::kUnavailable:
      return "connection";
    case absl::StatusCode::kDeadlineExceeded:
      return "timeout";
    default:
      return "error";
  }
}

// A counter set to `value` (a total kept elsewhere).
void SetCounter(common::Counter& counter, int64_t value) {
  counter.Increment(static_cast<double>(value) - counter.Value());
}

}  // namespace

void PostgresMetrics::Observe(PostgresStoreOptions& options) {
  PostgresFamilies& f = PostgresFamilies::Get();
  options.commit_observer = RecordCommit;
  options.statement_observer = [&f](bool standby, absl::Duration elapsed,
                                    const absl::Status& status) {
    f.statement_seconds.WithLabels({ServerLabel(standby)}).Observe(absl::ToDoubleSeconds(elapsed));
    if (!status.ok())
      f.statement_errors.WithLabels({ServerLabel(standby), ErrorKind(status)}).Increment();
  };
}

PostgresMetrics::PostgresMetrics(PostgresStore* store) : store_(store) {
  PostgresFamilies& f = PostgresFamilies::Get();
  CommitMetrics::Get();
  // Every series present from the first scrape, zero until it moves.
  for (bool standby : {false, true}) {
    for (const char* kind : {"connection", "timeout", "error"}) {
      f.statement_errors.WithLabels({ServerLabel(standby), kind});
    }
  }
  hook_ = common::MetricsRegistry::Default().AddCollectHook([this] { Refresh(); });
}

void PostgresMetrics::Refresh() {
  PostgresFamilies& f = PostgresFamilies::Get();
  for (bool standby : {false, true}) {
    const PoolStats pool = store_->pool_stats(standby);
    const char* server = ServerLabel(standby);
    f.connections.WithLabels({server, "idle"}).Set(pool.open - pool.in_use);
    f.connections.WithLabels({server, "in_use"}).Set(pool.in_use);
    f.connections_max.WithLabels({server}).Set(pool.max_connections);
    SetCounter(f.pool_waits.WithLabels({server}), pool.waits);
    SetCounter(f.pool_wait_timeouts.WithLabels({server}), pool.wait_timeouts);
  }
  const ListenerStats listener = store_->listener_stats();
  f.listening.Set(listener.listening ? 1 : 0);
  SetCounter(f.listener_reconnects, listener.reconnects);
  const StandbyReadStats reads = store_->standby_read_stats();
  SetCounter(f.standby_reads.WithLabels({"standby"}), reads.standby);
  SetCounter(f.standby_reads.WithLabels({"lagging"}), reads.lagging);
  SetCounter(f.standby_reads.WithLabels({"failed"}), reads.failed);
  SetCounter(f.write_retries, store_->write_retries());
  SetCounter(f.read_retries, store_->read_retries());
  // The last revision seen (a scrape does not query the database).
  RevisionGauge().Set(static_cast<double>(store_->SeenRevision()));
}

}  // namespace readout::catalog
