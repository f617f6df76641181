// Copies a catalog from one store into an empty PostgreSQL database, every
// document with its revision, create time and etag (how a catalog moves
// from SQLite to PostgreSQL; docs/deploy.md). Reads the source's records
// themselves (Store::ScanDocuments), not its query index.
#ifndef READOUT_CATALOG_SERVICE_TOOLS_COPY_CATALOG_H_
#define READOUT_CATALOG_SERVICE_TOOLS_COPY_CATALOG_H_

#include <cstdint>
#include <functional>

#include "absl/status/statusor.h"
#include "catalog-service/store/postgres/postgres_store.h"
#include "catalog-service/store/store.h"

namespace readout::catalog {

struct CopyReport {
  int64_t documents = 0;  // Copied now (0 when already copied).
  int64_t revision = 0;   // The source's revision, where the target goes on.
  bool already_copied = false;
};

// Copies every document of `source` into `target` in one transaction. The
// source must not be written meanwhile (stop its catalog first): a write
// after the copy began fails the copy (ABORTED, the target left empty)
// rather than being lost. Run again
// after a success, it reports already_copied and changes nothing; into a
// database holding any other catalog it fails with FAILED_PRECONDITION
// (CATALOG_NOT_EMPTY). `progress` (may be empty) is called with the count
// copied so far.
absl::StatusOr<CopyReport> CopyCatalog(Store& source, PostgresStore& target,
                                       const std::function<void(int64_t)>& progress = {});

}  // namespace readout::catalog

#endif  // READOUT_CATALOG_SERVICE_TOOLS_COPY_CATALOG_H_
