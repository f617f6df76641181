// The acknowledged-revision mark of the SQLite store (see revision_mark.h).
#include "catalog-service/store/sqlite/revision_mark.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cinttypes>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <string>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "catalog-service/errors.h"

namespace readout::catalog::sqlite {
namespace {

constexpr size_t kRecordBytes = 64;

// FNV-1a over the digits: catches a torn or altered line, not an attacker.
uint64_t Checksum(absl::string_view digits) {
  uint64_t hash = 1469598103934665603ull;
  for (char c : digits) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 1099511628211ull;
  }
  return hash;
}

std::string Encode(int64_t revision) {
  char digits[21];
  std::snprintf(digits, sizeof(digits), "%020" PRId64, revision);
  char line[kRecordBytes + 1];
  std::snprintf(line, sizeof(line), "readout-revision-mark 1 %s %016" PRIx64, digits,
                Checksum(digits));
  std::string record(line);
  record.resize(kRecordBytes - 1, ' ');
  record.push_back('\n');
  return record;
}

// The revision of a record written by Encode, or nullopt.
std::optional<int64_t> Decode(absl::string_view record) {
  constexpr absl::string_view kPrefix = "readout-revision-mark 1 ";
  if (record.size() != kRecordBytes || !absl::StartsWith(record, kPrefix)) return std::nullopt;
  absl::string_view digits = record.substr(kPrefix.size(), 20);
  absl::string_view sum = record.substr(kPrefix.size() + 21, 16);
  uint64_t expected = 0;
  int64_t revision = 0;
  if (!absl::SimpleHexAtoi(sum, &expected) || expected != Checksum(digits) ||
      !absl::SimpleAtoi(digits, &revision) || revision < 0) {
    return std::nullopt;
  }
  return revision;
}

absl::Status FileError(const std::string& path, absl::string_view what, int error) {
  std::string message = absl::StrCat("cannot ", what, " ", path, ": ", std::strerror(error));
  if (error == ENOSPC || error == EDQUOT) {
    return MakeError(absl::StatusCode::kResourceExhausted, "STORAGE_FULL",
                     absl::StrCat(message,
                                  " (the disk holding the catalog's data directory "
                                  "has no room left: free space, then retry)"));
  }
  return MakeError(absl::StatusCode::kUnavailable, "STORAGE_UNAVAILABLE", message);
}

}  // namespace

absl::StatusOr<std::unique_ptr<RevisionMark>> RevisionMark::Open(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDWR | O_CLOEXEC);
  bool created = false;
  if (fd < 0 && errno == ENOENT) {
    fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    created = true;
  }
  if (fd < 0) return FileError(path, "open", errno);
  std::unique_ptr<RevisionMark> mark(new RevisionMark(path, fd));
  if (created) {
    // The new file's directory entry is made durable once, here.
    std::string dir = std::filesystem::path(path).parent_path().string();
    int dir_fd = ::open(dir.empty() ? "." : dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dir_fd >= 0) {
      ::fsync(dir_fd);
      ::close(dir_fd);
    }
    return mark;
  }
  char buffer[kRecordBytes + 1];
  ssize_t n = ::pread(fd, buffer, sizeof(buffer), 0);
  if (n < 0) return FileError(path, "read", errno);
  if (n == 0) return mark;  // Created by an earlier open that recorded nothing.
  std::optional<int64_t> revision = Decode(absl::string_view(buffer, static_cast<size_t>(n)));
  if (!revision.has_value()) {
    return MakeError(
        absl::StatusCode::kFailedPrecondition, "REVISION_MARK_UNREADABLE",
        absl::StrCat(path,
                     " does not hold a valid revision mark, so the catalog cannot tell "
                     "whether catalog.db lost acknowledged writes; if catalog.db is known "
                     "to be intact, move the file away and start again (docs/operations.md)"));
  }
  mark->recorded_ = revision;
  mark->revision_ = *revision;
  mark->written_ = true;
  return mark;
}

RevisionMark::~RevisionMark() { ::close(fd_); }

absl::Status RevisionMark::Record(int64_t revision) {
  if (revision == revision_ && written_) return absl::OkStatus();
  const std::string record = Encode(revision);
  ssize_t n = ::pwrite(fd_, record.data(), record.size(), 0);
  if (n < 0) return FileError(path_, "write", errno);
  if (static_cast<size_t>(n) != record.size()) return FileError(path_, "write", EIO);
  if (::fdatasync(fd_) != 0) return FileError(path_, "sync", errno);
  revision_ = revision;
  written_ = true;
  return absl::OkStatus();
}

}  // namespace readout::catalog::sqlite
