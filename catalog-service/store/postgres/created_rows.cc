// CreatedRows (see created_rows.h).
#include "catalog-service/store/postgres/created_rows.h"

#include <algorithm>

#include "absl/container/flat_hash_map.h"

namespace readout::catalog {

CreatedRows::CreatedRows(size_t capacity) : capacity_(std::max<size_t>(capacity, 1)) {}

std::vector<std::pair<int64_t, int64_t>> CreatedRows::Missing(int64_t after, int64_t upto) const {
  absl::ReaderMutexLock lock(&mu_);
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
  const int64_t new_end = first + static_cast<int64_t>(rows.size());
  absl::MutexLock lock(&mu_);
  const int64_t end = first_ + static_cast<int64_t>(rows_.size());
  if (rows_.empty() || new_end < first_ || first > end) {
    // Only the newest `capacity_` of them are kept.
    const size_t skip = rows.size() > capacity_ ? rows.size() - capacity_ : 0;
    first_ = first + static_cast<int64_t>(skip);
    rows_.assign(rows.begin() + static_cast<std::ptrdiff_t>(skip), rows.end());
    return;
  }
  // Older revisions in front, newer ones behind; the overlap is held already.
  if (first < first_) {
    rows_.insert(rows_.begin(), rows.begin(),
                 rows.begin() + static_cast<std::ptrdiff_t>(std::min(new_end, first_) - first));
    first_ = first;
  }
  if (new_end > end) {
    rows_.insert(rows_.end(),
                 rows.begin() + static_cast<std::ptrdiff_t>(std::max(end, first) - first),
                 rows.end());
  }
  if (rows_.size() > capacity_) {
    const size_t excess = rows_.size() - capacity_;
    rows_.erase(rows_.begin(), rows_.begin() + static_cast<std::ptrdiff_t>(excess));
    first_ += static_cast<int64_t>(excess);
  }
}

std::optional<std::vector<std::pair<int64_t, int64_t>>> CreatedRows::Below(int64_t after,
                                                                           int64_t upto,
                                                                           int64_t row) const {
  absl::ReaderMutexLock lock(&mu_);
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

std::vector<int64_t> CreatedRows::RevisionsOf(int64_t after, int64_t upto,
                                              const std::vector<int64_t>& rows) const {
  std::vector<int64_t> revisions(rows.size(), 0);
  if (rows.empty()) return revisions;
  absl::flat_hash_map<int64_t, size_t> place;
  place.reserve(rows.size());
  for (size_t i = 0; i < rows.size(); ++i) place.emplace(rows[i], i);
  const auto [lowest, highest] = std::minmax_element(rows.begin(), rows.end());
  const int64_t lo = *lowest, hi = *highest;
  absl::ReaderMutexLock lock(&mu_);
  const int64_t end = first_ + static_cast<int64_t>(rows_.size());
  size_t left = place.size();
  for (int64_t r = std::min(upto, end - 1); r > after && r >= first_ && left > 0; --r) {
    const int64_t created = rows_[static_cast<size_t>(r - first_)];
    if (created < lo || created > hi) continue;
    auto it = place.find(created);
    if (it == place.end() || revisions[it->second] != 0) continue;
    revisions[it->second] = r;
    --left;
  }
  return revisions;
}

void CreatedRows::DropThrough(int64_t revision) {
  absl::MutexLock lock(&mu_);
  if (rows_.empty() || revision < first_) return;
  const int64_t end = first_ + static_cast<int64_t>(rows_.size());
  if (revision >= end - 1) {
    rows_.clear();
    first_ = 0;
    return;
  }
  rows_.erase(rows_.begin(), rows_.begin() + static_cast<std::ptrdiff_t>(revision + 1 - first_));
  first_ = revision + 1;
}

size_t CreatedRows::size() const {
  absl::ReaderMutexLock lock(&mu_);
  return rows_.size();
}

}  // namespace readout::catalog
