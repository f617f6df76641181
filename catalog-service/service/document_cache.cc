// Sharded LRU cache of serialized documents (see document_cache.h).
#include "catalog-service/service/document_cache.h"

#include <algorithm>
#include <utility>

#include "absl/hash/hash.h"

namespace readout::catalog {

DocumentCache::DocumentCache(size_t capacity_bytes, int shards)
    : shard_capacity_(capacity_bytes / static_cast<size_t>(std::max(1, shards))) {
  shards = std::max(1, shards);
  shards_.reserve(static_cast<size_t>(shards));
  for (int i = 0; i < shards; ++i) shards_.push_back(std::make_unique<Shard>());
}

DocumentCache::Shard& DocumentCache::ShardOf(absl::string_view id) {
  return *shards_[absl::HashOf(id) % shards_.size()];
}

DocumentCache::Bytes DocumentCache::Lookup(absl::string_view id, uint64_t* ticket) {
  Shard& shard = ShardOf(id);
  std::lock_guard<std::mutex> lock(shard.mu);
  auto it = shard.index.find(id);
  if (it == shard.index.end()) {
    ++shard.stats.misses;
    *ticket = shard.generation;
    return nullptr;
  }
  ++shard.stats.hits;
  shard.lru.splice(shard.lru.begin(), shard.lru, it->second);
  return it->second->bytes;
}

void DocumentCache::Insert(absl::string_view id, Bytes bytes, uint64_t ticket) {
  if (bytes == nullptr) return;
  const size_t charge = bytes->size() + 2 * id.size() + kEntryOverheadBytes;
  if (charge > shard_capacity_) return;
  Shard& shard = ShardOf(id);
  std::list<Entry> evicted;  // Freed after the lock is released.
  std::lock_guard<std::mutex> lock(shard.mu);
  if (ticket != shard.generation) {
    ++shard.stats.stale_fills_dropped;
    return;
  }
  if (shard.index.contains(id)) return;  // A concurrent fill won; same bytes.
  shard.lru.push_front(Entry{std::string(id), std::move(bytes), charge});
  shard.index.emplace(shard.lru.front().id, shard.lru.begin());
  shard.bytes += charge;
  ++shard.stats.inserts;
  while (shard.bytes > shard_capacity_) {
    auto last = std::prev(shard.lru.end());
    shard.index.erase(last->id);
    shard.bytes -= last->charge;
    ++shard.stats.evictions;
    evicted.splice(evicted.begin(), shard.lru, last);
  }
}

void DocumentCache::Invalidate(absl::string_view id) {
  Shard& shard = ShardOf(id);
  std::list<Entry> removed;  // Freed after the lock is released.
  std::lock_guard<std::mutex> lock(shard.mu);
  ++shard.generation;
  auto it = shard.index.find(id);
  if (it == shard.index.end()) return;
  auto entry = it->second;
  shard.index.erase(it);
  shard.bytes -= entry->charge;
  removed.splice(removed.begin(), shard.lru, entry);
}

DocumentCache::Stats DocumentCache::GetStats() const {
  Stats total;
  for (const auto& shard : shards_) {
    std::lock_guard<std::mutex> lock(shard->mu);
    total.hits += shard->stats.hits;
    total.misses += shard->stats.misses;
    total.inserts += shard->stats.inserts;
    total.stale_fills_dropped += shard->stats.stale_fills_dropped;
    total.evictions += shard->stats.evictions;
    total.entries += static_cast<int64_t>(shard->index.size());
    total.bytes += static_cast<int64_t>(shard->bytes);
  }
  return total;
}

}  // namespace readout::catalog
