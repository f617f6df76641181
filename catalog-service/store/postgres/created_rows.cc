// CreatedRows (see created_rows.h).
#include "catalog-service/store/postgres/created_rows.h"

#include <algorithm>

namespace readout::catalog {

std::vector<std::pair<int64_t, int64_t>> CreatedRows::Missing(int64_t after, int64_t upto) const {
  absl::MutexLock lock(&mu_);
  std::vector<std::pair<int64_t, int64_t>> missing;
  if (after >= upto) return missing;
  const int64_t end = first_ + static_cast<int64_t>(rows_.size());  // One past the last held.
  if (rows_.empty() || upto < first_ || after + 1 >= end) {
    missing.emplace_back(after + 1, upto);
    return missing;
  }
  if (after + 1 < first_) missing.emplace_back(after + 1, first_ - 1);
  if (upto >= end) missing.emplace_back(end, upto);
  return missing;
}

void CreatedRows::Add(int64_t first, const std::vector<int64_t>& rows) {
  if (rows.empty()) return;
  absl::MutexLock lock(&mu_);
  const int64_t end = first_ + static_cast<int64_t>(rows_.size());
  const int64_t new_end = first + static_cast<int64_t>(rows.size());
  if (rows_.empty() || new_end < first_ || first > end) {
    first_ = first;
    rows_.assign(rows.begin(), rows.end());
    return;
  }
  // Older revisions first (front, newest of them first), then newer ones.
  for (int64_t r = std::min(new_end, first_) - 1; r >= first; --r) {
    rows_.push_front(rows[static_cast<size_t>(r - first)]);
  }
  first_ = std::min(first_, first);
  for (int64_t r = std::max(end, first); r < new_end; ++r) {
    rows_.push_back(rows[static_cast<size_t>(r - first)]);
  }
}

std::optional<std::vector<std::pair<int64_t, int64_t>>> CreatedRows::Below(int64_t after,
                                                                           int64_t upto,
                                                                           int64_t row) const {
  absl::MutexLock lock(&mu_);
  std::vector<std::pair<int64_t, int64_t>> below;
  if (after >= upto) return below;
  const int64_t end = first_ + static_cast<int64_t>(rows_.size());
  if (after + 1 < first_ || upto >= end) return std::nullopt;
  for (int64_t r = after + 1; r <= upto; ++r) {
    const int64_t created = rows_[static_cast<size_t>(r - first_)];
    if (created < row) below.emplace_back(r, created);
  }
  return below;
}

void CreatedRows::DropThrough(int64_t revision) {
  absl::MutexLock lock(&mu_);
  while (!rows_.empty() && first_ <= revision) {
    rows_.pop_front();
    ++first_;
  }
  if (rows_.empty()) first_ = 0;
}

size_t CreatedRows::size() const {
  absl::MutexLock lock(&mu_);
  return rows_.size();
}

}  // namespace readout::catalog
