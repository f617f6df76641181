// The catalog's store metrics (see store_metrics.h).
#include "catalog-service/service/store_metrics.h"

#include <sys/stat.h>

#include <utility>

#include "absl/time/clock.h"
#include "catalog-service/store/stored_document.h"
#include "common/server/logging.h"

namespace readout::catalog {
namespace {

struct Metrics {
  common::Histogram& commit_seconds;
  common::Histogram& batch_requests;
  common::Counter& commits_ok;
  common::Counter& commits_failed;
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
      common::CounterFamily& commits =
          r.AddCounter("readout_catalog_commits_total",
                       "Group commits of catalog.db, by result (ok or failed).", {"result"});
      return new Metrics{
          r.AddHistogram("readout_catalog_commit_seconds",
                         "Time of one group commit of catalog.db, from BEGIN to the synced "
                         "COMMIT, in seconds.",
                         {}, common::ExponentialBuckets(0.0005, 2, 14))
              .Get(),
          r.AddHistogram("readout_catalog_commit_batch_requests",
                         "Write requests committed together in one transaction (one fsync).", {},
                         common::ExponentialBuckets(1, 2, 10))
              .Get(),
          commits.WithLabels({"ok"}),
          commits.WithLabels({"failed"}),
          r.AddGauge("readout_catalog_revision", "The latest committed revision.").Get(),
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
  Metrics& m = Metrics::Get();
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

}  // namespace readout::catalog
