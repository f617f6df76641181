// readout::catalog::Store: where the catalog keeps documents. One stored
// extraction per document id (content hash); every write gets the next
// catalog revision and a change record that Watch replays. Implementations
// are thread-safe: reads may run concurrently on any thread (they block, so
// callers keep them off RPC threads); writes are asynchronous and their
// callbacks run on a thread of the store's own once the write is durable.
#ifndef READOUT_CATALOG_SERVICE_STORE_STORE_H_
#define READOUT_CATALOG_SERVICE_STORE_STORE_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "catalog-service/query/filter.h"
#include "catalog-service/store/verify.h"
#include "readout/v1/catalog_service.pb.h"
#include "readout/v1/records.pb.h"

namespace readout::catalog {

// The fields ListDocuments/SearchDocuments filters may name.
const FilterSchema& DocumentFilterSchema();
// The fields ListPeople filters may name.
const FilterSchema& PeopleFilterSchema();

// The `index_revision` of an index read that waits itself (see
// Store::WhenIndexed).
inline constexpr int64_t kWaitForIndex = -1;

// Pages of documents stop growing past this many bytes.
inline constexpr size_t kMaxPageBytes = 3 * 1024 * 1024;

// GetPerson's timeline holds at most this many entries, the earliest by
// date; CatalogPerson.timeline_truncated says when there were more.
inline constexpr int kMaxTimelineEntries = 10000;
// ListPeople gives each person at most this many titles, the first in byte
// order; CatalogPerson.titles_truncated says when there were more.
inline constexpr int kMaxListedTitles = 100;

// Sort keys of ListDocuments.
enum class DocumentOrder { kCreateTime, kEventDate, kPublishedDate };

struct DocumentQuery {
  const FilterExpr* filter = nullptr;  // nullptr: all documents.
  DocumentOrder order = DocumentOrder::kCreateTime;
  bool descending = false;
  int limit = 50;
  // Stop loading documents once the page holds this many bytes (so
  // responses stay under clients' default 4 MiB limit); at least one.
  size_t max_bytes = kMaxPageBytes;
  // Keyset cursor: rows strictly after (after_key, after_row) in sort order.
  bool has_cursor = false;
  int64_t after_key = 0;
  int64_t after_row = 0;
  // What Store::WhenIndexed gave, or kWaitForIndex.
  int64_t index_revision = kWaitForIndex;
};

struct DocumentPage {
  std::vector<v1::CatalogDocument> documents;
  // Set when more rows may follow: the sort key and row of the last one.
  bool more = false;
  int64_t last_key = 0;
  int64_t last_row = 0;
};

struct SearchQuery {
  std::string query;                   // The API's search syntax (search_query.h).
  const FilterExpr* filter = nullptr;  // Optional extra filter.
  int64_t offset = 0;
  int limit = 20;
  size_t max_bytes = kMaxPageBytes;
  // What Store::WhenIndexed gave, or kWaitForIndex.
  int64_t index_revision = kWaitForIndex;
};

struct SearchPage {
  std::vector<v1::SearchResult> results;
  bool more = false;
};

struct PeopleQuery {
  const FilterExpr* filter = nullptr;
  std::string after_key;  // Keys strictly greater; "" from the start.
  int limit = 50;
  // What Store::WhenIndexed gave, or kWaitForIndex.
  int64_t index_revision = kWaitForIndex;
};

struct PeoplePage {
  std::vector<v1::CatalogPerson> people;
  bool more = false;
};

struct ChangeBatch {
  std::vector<v1::DocumentChange> changes;
  int64_t current_revision = 0;
};

// One document to create.
struct NewDocument {
  std::string id;  // Content hash.
  v1::Extraction extraction;
};

struct DeleteRequest {
  std::string id;
  std::string etag;  // "" for any version.
  bool allow_missing = false;
};

class Store {
 public:
  using CreateCallback = std::function<void(absl::StatusOr<v1::BatchCreateDocumentsResponse>)>;
  using DeleteCallback = std::function<void(absl::Status)>;
  using CommitListener = std::function<void(int64_t revision)>;
  using IndexReady = std::function<void(absl::StatusOr<int64_t> index_revision)>;

  virtual ~Store() = default;

  // Stores `documents` atomically (all or none are written); documents
  // whose id exists already are returned as stored (created = false). One
  // failure comes after the write: on PostgreSQL, a call without a
  // request id whose new document was deleted by another call and its
  // creation compacted before the call was answered fails with ABORTED
  // (CREATED_THEN_DELETED) while its other documents stay stored; a retry
  // returns those with created = false. So does a call with a request id
  // that a replica of an older version (schema 6) left reserved, numbered,
  // deleted and compacted before any current replica completed it. With a non-empty
  // `request_id`, a request id seen before returns the first result when
  // the documents are the same (by id, in order), else INVALID_ARGUMENT
  // (REQUEST_ID_REUSED) and nothing is written.
  // `done` runs once the write is durable (or failed), on a store thread.
  virtual void Create(std::vector<NewDocument> documents, std::string request_id,
                      CreateCallback done) = 0;
  // Deletes a document: NOT_FOUND (DOCUMENT_NOT_FOUND) unless allow_missing,
  // ABORTED (ETAG_MISMATCH) when etag is set and differs.
  virtual void Delete(DeleteRequest request, DeleteCallback done) = 0;

  virtual absl::StatusOr<v1::CatalogDocument> GetDocument(absl::string_view id) = 0;

  // Index reads (ListDocuments, SearchDocuments, ListPeople, GetPerson) see
  // every write committed before they start. A store whose query index may
  // trail its records (SqliteStore) makes them wait for it: with
  // index_revision = kWaitForIndex the read itself blocks (bounded); callers
  // that must not hold a thread meanwhile call WhenIndexed first and pass the
  // revision it gives to the read, which then does not wait.
  //
  // WhenIndexed calls `ready` once the index reflects every write committed
  // before the call, with the revision to pass on; or with UNAVAILABLE
  // (INDEX_BEHIND, with a retry delay) when it stays behind too long or is
  // being rebuilt. `ready` runs on the calling thread or on a store thread,
  // exactly once, and must not block. Default: at once with kWaitForIndex
  // (no index trails the records; reads do their own bounded waiting).
  virtual void WhenIndexed(IndexReady ready) { ready(kWaitForIndex); }

  virtual absl::StatusOr<DocumentPage> ListDocuments(const DocumentQuery& query) = 0;
  // INVALID_ARGUMENT (INVALID_QUERY) when the query does not parse
  // (ParseSearchQuery).
  virtual absl::StatusOr<SearchPage> SearchDocuments(const SearchQuery& query) = 0;
  virtual absl::StatusOr<PeoplePage> ListPeople(const PeopleQuery& query) = 0;
  // NOT_FOUND (PERSON_NOT_FOUND) when no stored document names the person.
  // `index_revision`: as the queries' (WhenIndexed, or kWaitForIndex).
  virtual absl::StatusOr<v1::CatalogPerson> GetPerson(absl::string_view key,
                                                      int64_t index_revision) = 0;

  // Up to `limit` changes with revision >= `from`, in order. FAILED_PRECONDITION
  // (REVISION_COMPACTED) when `from` is older than the retained history.
  virtual absl::StatusOr<ChangeBatch> ReadChanges(int64_t from, int limit) = 0;
  // The latest committed revision (0 when empty).
  virtual int64_t CurrentRevision() = 0;
  // Up to `limit` stored documents created after revision `after`, in
  // revision order, read from the records themselves (not a query index):
  // how a whole catalog is read to copy it into another store.
  virtual absl::StatusOr<std::vector<v1::CatalogDocument>> ScanDocuments(int64_t after,
                                                                         int limit) = 0;

  // The scrub: walks every stored document, checks that its text hashes to
  // its name and (options.check_index, where the store keeps a separate
  // query index) that the index agrees with the records, and reports each
  // problem and the progress through `options` as it goes (on the calling
  // thread, which it blocks for the whole walk). CANCELLED when on_progress
  // returns false; another error when the storage fails (problems in the
  // data are reported, not returned).
  virtual absl::StatusOr<VerifySummary> Verify(const VerifyOptions& options) = 0;

  // Calls `listener` (on a store thread, must not block) after each
  // commit; returns a handle for RemoveCommitListener.
  virtual int64_t AddCommitListener(CommitListener listener) = 0;
  // After it returns, the listener is not running and will not run again.
  virtual void RemoveCommitListener(int64_t handle) = 0;

  // A secret that lives as long as the data (seals page tokens).
  virtual std::string TokenSecret() = 0;

  // Whether other processes (replicas) write the same data: then a copy of
  // a document kept in memory could outlive its delete made elsewhere, so
  // the service caches none.
  virtual bool SharedByReplicas() const { return false; }
};

}  // namespace readout::catalog

#endif  // READOUT_CATALOG_SERVICE_STORE_STORE_H_
