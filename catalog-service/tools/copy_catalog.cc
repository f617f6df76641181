// Copies a catalog into an empty PostgreSQL database (copy_catalog.h).
#include "catalog-service/tools/copy_catalog.h"

#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "catalog-service/errors.h"

namespace readout::catalog {
namespace {

// Documents read from the source at a time.
constexpr int kScanBatch = 500;

}  // namespace

absl::StatusOr<CopyReport> CopyCatalog(Store& source, PostgresStore& target,
                                       const std::function<void(int64_t)>& progress) {
  CopyReport report;
  report.revision = source.CurrentRevision();
  std::vector<v1::CatalogDocument> batch;
  size_t next_in_batch = 0;
  int64_t after = 0;
  auto next = [&](v1::CatalogDocument* doc) -> absl::StatusOr<bool> {
    if (next_in_batch == batch.size()) {
      CATALOG_ASSIGN_OR_RETURN(batch, source.ScanDocuments(after, kScanBatch));
      next_in_batch = 0;
      if (batch.empty()) {
        if (source.CurrentRevision() == report.revision) return false;
        // The copy rolls back: the target stays empty.
        return absl::AbortedError(absl::StrCat(
            "the source catalog was written during the copy (revision ", report.revision, " to ",
            source.CurrentRevision(), "); stop its catalog and copy again"));
      }
      after = batch.back().revision();
      if (progress) progress(report.documents);
    }
    *doc = std::move(batch[next_in_batch++]);
    ++report.documents;
    return true;
  };
  CATALOG_ASSIGN_OR_RETURN(PostgresStore::CopyResult result,
                           target.CopyIn(report.revision, source.TokenSecret(), next));
  report.already_copied = result.already_copied;
  report.documents = result.documents;
  if (progress) progress(report.documents);
  return report;
}

}  // namespace readout::catalog
