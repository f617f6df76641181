// A scrub of a catalog's stored data (Store::Verify): what it reports as it
// walks the records, and how a stored record's failed decode is classified.
// Plain structs and pure functions; thread-safe.
#ifndef READOUT_CATALOG_SERVICE_STORE_VERIFY_H_
#define READOUT_CATALOG_SERVICE_STORE_VERIFY_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace readout::catalog {

// What is wrong with one document or index row.
struct VerifyProblem {
  enum class Kind {
    kHashMismatch,    // The stored text no longer hashes to the name.
    kUnreadable,      // The stored record does not decode.
    kNotIndexed,      // A stored document has no index row.
    kIndexMismatch,   // The index holds other values than the record gives.
    kOrphanIndexRow,  // An index row for a document that is not stored.
  };
  Kind kind = Kind::kHashMismatch;
  std::string document_id;  // Empty for an orphan index row.
  int64_t revision = 0;     // The document's, or the orphan row's.
  std::string detail;
};

struct VerifyProgress {
  int64_t documents_checked = 0;
  int64_t documents_total = 0;  // Stored when the scrub started.
  int64_t problems_found = 0;
};

struct VerifyOptions {
  // Compare the query index with the records (stores that have one).
  bool check_index = true;
  // Called for each problem as it is found (on the scrubbing thread).
  std::function<void(const VerifyProblem&)> on_problem;
  // Called after each chunk of documents (a few hundred); returning false
  // stops the scrub, which then returns CANCELLED.
  std::function<bool(const VerifyProgress&)> on_progress;
};

struct VerifySummary {
  int64_t documents_checked = 0;
  int64_t problems_found = 0;
  bool index_checked = false;
  // Documents created after the index snapshot their chunk was compared
  // with (not expected in the index yet, so not compared).
  int64_t documents_not_yet_indexed = 0;
};

// The problem a stored record's decode failure (DecodeStoredDocument) means:
// kHashMismatch for DOCUMENT_CORRUPT, kUnreadable for other DATA_LOSS;
// nullopt for other errors (the storage failed, not the record: the scrub
// stops with that error).
std::optional<VerifyProblem> RecordProblem(const absl::Status& decoded,
                                           absl::string_view document_id, int64_t revision);

}  // namespace readout::catalog

#endif  // READOUT_CATALOG_SERVICE_STORE_VERIFY_H_
