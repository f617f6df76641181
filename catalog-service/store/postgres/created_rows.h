// readout::catalog::CreatedRows: which row id each revision of the change
// history created, for a range of revisions, kept in memory by a
// PostgresStore replica. Row ids come from a sequence taken before a create
// commits and revisions in commit order (ADR 0046), so a document can have
// a lower row id than one numbered before it; a search that gathers its
// newest matches by row id asks this which documents committed after a
// revision with a row id below a bound (ADR 0045), instead of reading that
// stretch of the `changes` table on every search.
//
// It also answers which revision created given rows (RevisionsOf), for a
// search that reads its candidates' revisions from the history it holds
// rather than from the documents (ADR 0061).
//
// Thread-safe: lookups (Missing, Below, RevisionsOf) share the lock, so
// concurrent searches do not wait on each other; Add and DropThrough take
// it alone.
// The range held grows by what callers read from the `changes` table (Add)
// up to `capacity` revisions, the newest kept (a search asks about the
// revisions committed since its cut, the newest ones); it shrinks when the
// history is compacted (DropThrough).
#ifndef READOUT_CATALOG_SERVICE_STORE_POSTGRES_CREATED_ROWS_H_
#define READOUT_CATALOG_SERVICE_STORE_POSTGRES_CREATED_ROWS_H_

#include <cstdint>
#include <deque>
#include <limits>
#include <optional>
#include <utility>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"

namespace readout::catalog {

class CreatedRows {
 public:
  // The row of a revision that created no document (a delete).
  static constexpr int64_t kNoRow = std::numeric_limits<int64_t>::max();
  // The default bound: 8 bytes a revision, 8 MiB.
  static constexpr size_t kDefaultCapacity = size_t{1} << 20;

  explicit CreatedRows(size_t capacity = kDefaultCapacity);

  // The revisions of (after, upto] not held, as inclusive ranges [lo, hi].
  std::vector<std::pair<int64_t, int64_t>> Missing(int64_t after, int64_t upto) const;
  // Holds `rows`: rows[i] is what revision first + i created (kNoRow for
  // none). Joined to the range held when they touch or overlap; otherwise
  // they replace it. Then the oldest revisions past `capacity` are
  // forgotten.
  void Add(int64_t first, const std::vector<int64_t>& rows);
  // The revisions of (after, upto] that created a row below `row`, with
  // that row, in revision order; nullopt when part of (after, upto] is not
  // held (read it again, or from the database).
  std::optional<std::vector<std::pair<int64_t, int64_t>>> Below(int64_t after, int64_t upto,
                                                                int64_t row) const;
  // Which of the revisions of (after, upto] held created each of `rows`:
  // revisions[i] for rows[i], 0 for a row none of them created (or one not
  // held). Scans from `upto` down and stops once every row is found, so
  // the cost follows how far back the oldest of `rows` was numbered.
  std::vector<int64_t> RevisionsOf(int64_t after, int64_t upto,
                                   const std::vector<int64_t>& rows) const;
  // Forgets the revisions up to `revision` (compacted from the history).
  void DropThrough(int64_t revision);
  // How many revisions are held (at most capacity()).
  size_t size() const;
  size_t capacity() const { return capacity_; }

 private:
  const size_t capacity_;
  mutable absl::Mutex mu_;
  int64_t first_ ABSL_GUARDED_BY(mu_) = 0;
  std::deque<int64_t> rows_ ABSL_GUARDED_BY(mu_);
};

}  // namespace readout::catalog

#endif  // READOUT_CATALOG_SERVICE_STORE_POSTGRES_CREATED_ROWS_H_
