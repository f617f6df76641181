// DocumentCache: a bounded in-memory cache of serialized GetDocumentResponse
// bytes keyed by document id, so a repeated GetDocument is answered on the
// gRPC callback thread without touching SQLite.
//
// Documents are immutable (the id is the content hash); the only mutation is
// delete, after which the id may be created again with a new revision. A
// delete calls Invalidate once it has committed. A fill that read the store
// before that commit must not put the old bytes back afterwards, so fills
// are fenced by a per-shard generation: Lookup hands out a ticket (the
// shard's generation) on a miss, the caller reads the store, and Insert is
// dropped when any invalidation of that shard happened in between.
//
// Memory is bounded by `capacity_bytes`, charged per entry as its bytes, its
// id and a fixed estimate of the bookkeeping; each of the shards evicts its
// least recently used entries past its share. Capacity 0 caches nothing.
//
// Thread-safe. Uses std::mutex rather than absl::Mutex: the hot path locks
// once per get, and the system Abseil build checks every absl::Mutex
// acquisition for deadlock cycles.
#ifndef READOUT_CATALOG_SERVICE_SERVICE_DOCUMENT_CACHE_H_
#define READOUT_CATALOG_SERVICE_SERVICE_DOCUMENT_CACHE_H_

#include <cstddef>
#include <cstdint>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/string_view.h"

namespace readout::catalog {

class DocumentCache {
 public:
  // Serialized bytes, shared with responses still being sent.
  using Bytes = std::shared_ptr<const std::string>;

  // Bytes charged per entry on top of its id and value (list node, map slot,
  // shared_ptr control block, string headers).
  static constexpr size_t kEntryOverheadBytes = 192;

  struct Stats {
    int64_t hits = 0;
    int64_t misses = 0;
    int64_t inserts = 0;
    int64_t stale_fills_dropped = 0;  // Insert after an invalidation.
    int64_t evictions = 0;
    int64_t entries = 0;
    int64_t bytes = 0;  // Charged bytes currently held.
  };

  explicit DocumentCache(size_t capacity_bytes, int shards = 16);
  DocumentCache(const DocumentCache&) = delete;
  DocumentCache& operator=(const DocumentCache&) = delete;

  // The cached bytes of `id`, or null; on a miss `*ticket` is set for a
  // later Insert of what the caller then reads from the store.
  Bytes Lookup(absl::string_view id, uint64_t* ticket);

  // Caches `bytes` for `id` unless `id` was invalidated since the Lookup that
  // returned `ticket`, or the entry alone exceeds a shard's capacity.
  void Insert(absl::string_view id, Bytes bytes, uint64_t ticket);

  // Drops `id` and fences off fills that started before this call. Call
  // after the delete of `id` has committed and before it is acknowledged.
  void Invalidate(absl::string_view id);

  Stats GetStats() const;

 private:
  struct Entry {
    std::string id;
    Bytes bytes;
    size_t charge = 0;
  };

  struct Shard {
    mutable std::mutex mu;
    // Most recently used first; `index` keys point into the entries' ids.
    std::list<Entry> lru;
    absl::flat_hash_map<absl::string_view, std::list<Entry>::iterator> index;
    uint64_t generation = 0;
    size_t bytes = 0;
    Stats stats;
  };

  Shard& ShardOf(absl::string_view id);

  const size_t shard_capacity_;
  std::vector<std::unique_ptr<Shard>> shards_;
};

}  // namespace readout::catalog

#endif  // READOUT_CATALOG_SERVICE_SERVICE_DOCUMENT_CACHE_H_
