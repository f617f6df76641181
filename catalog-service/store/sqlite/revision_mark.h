// RevisionMark: the highest revision the SQLite store ever acknowledged,
// kept in a small file of its own beside catalog.db (`revision-mark`), so
// that a loss of catalog.db's newest transactions (a damaged WAL frame
// makes SQLite drop it and every frame after it) cannot erase the evidence
// with them. The writer records each group commit's revision here, synced,
// after the commit is durable and before any of it is acknowledged: the
// mark never exceeds what catalog.db made durable, so a catalog.db found
// behind its mark at open lost acknowledged writes.
//
// The file holds one fixed 64-byte line (a version, the revision as 20
// digits and a checksum of them), rewritten in place with pwrite and
// fdatasync: one sector, so a write is all or nothing.
//
// Not thread-safe: the store opens it, then only its writer thread records.
#ifndef READOUT_CATALOG_SERVICE_STORE_SQLITE_REVISION_MARK_H_
#define READOUT_CATALOG_SERVICE_STORE_SQLITE_REVISION_MARK_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace readout::catalog::sqlite {

class RevisionMark {
 public:
  // The file's name in the data directory.
  static constexpr char kFileName[] = "revision-mark";

  // Opens the mark at `path`, creating it (empty) when missing.
  // FAILED_PRECONDITION when the file exists but does not hold a valid mark
  // (the message names the file and what an operator can do).
  static absl::StatusOr<std::unique_ptr<RevisionMark>> Open(const std::string& path);
  ~RevisionMark();
  RevisionMark(const RevisionMark&) = delete;
  RevisionMark& operator=(const RevisionMark&) = delete;

  // The revision the file held when opened; nullopt when it was created now
  // (a new catalog, or one written before marks existed).
  std::optional<int64_t> recorded() const { return recorded_; }
  // The revision last recorded (or read at open; 0 when none).
  int64_t revision() const { return revision_; }

  // Durably records `revision` (no-op when it is the one recorded).
  // UNAVAILABLE (STORAGE_UNAVAILABLE) or RESOURCE_EXHAUSTED (STORAGE_FULL)
  // naming the file when the write or the sync fails.
  absl::Status Record(int64_t revision);

  const std::string& path() const { return path_; }

 private:
  RevisionMark(std::string path, int fd) : path_(std::move(path)), fd_(fd) {}

  const std::string path_;
  const int fd_;
  std::optional<int64_t> recorded_;
  int64_t revision_ = 0;
  bool written_ = false;  // The file holds revision_.
};

}  // namespace readout::catalog::sqlite

#endif  // READOUT_CATALOG_SERVICE_STORE_SQLITE_REVISION_MARK_H_
