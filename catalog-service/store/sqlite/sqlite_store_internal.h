// Internals of SqliteStore shared by its source files (sqlite_store.cc: the
// writer and record reads; indexer.cc: the query index; queries.cc: List,
// Search and people): the rows a write prepares, the work items of the
// writer and the indexer, and the read connection lease. Not for use outside
// store/sqlite/.
#ifndef READOUT_CATALOG_SERVICE_STORE_SQLITE_SQLITE_STORE_INTERNAL_H_
#define READOUT_CATALOG_SERVICE_STORE_SQLITE_SQLITE_STORE_INTERNAL_H_

#include <cstdint>
#include <memory>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "catalog-service/store/sqlite/sqlite_db.h"
#include "catalog-service/store/sqlite/sqlite_store.h"

namespace readout::catalog {

// One committed change for the query index: a created document's rows, or
// a deleted document's row id.
struct SqliteStore::IndexTask {
  int64_t revision = 0;
  int64_t row_id = 0;
  bool is_delete = false;
  PreparedDocument rows;  // Creates only (blob cleared).
};

// A read waiting (WhenIndexed) until the index reaches `revision`.
struct SqliteStore::IndexWaiter {
  int64_t revision = 0;
  absl::Time deadline;
  IndexReady ready;
};

struct SqliteStore::WriteOp {
  bool is_delete = false;
  std::vector<NewDocument> documents;
  std::vector<PreparedDocument> prepared;  // One per document.
  std::string request_id;
  DeleteRequest delete_request;
  CreateCallback create_done;
  DeleteCallback delete_done;
  absl::StatusOr<v1::BatchCreateDocumentsResponse> create_result;
  absl::Status delete_result;
  // What this op changed, queued for the index once its commit is durable.
  std::vector<std::unique_ptr<IndexTask>> index_tasks;
};

// A read connection borrowed from the pool; rolls back an open read
// transaction and returns the connection when destroyed.
class SqliteStore::ReaderLease {
 public:
  ReaderLease(SqliteStore* store, std::unique_ptr<Connection> connection)
      : store_(store), connection_(std::move(connection)) {}
  ~ReaderLease() {
    if (sqlite3_get_autocommit(connection_->handle()) == 0) {
      connection_->Exec("ROLLBACK").IgnoreError();
    }
    store_->ReleaseReader(std::move(connection_));
  }
  Connection* operator->() { return connection_.get(); }
  Connection* get() { return connection_.get(); }

 private:
  SqliteStore* store_;
  std::unique_ptr<Connection> connection_;
};

#define CATALOG_LEASE_READER(lease)                                 \
  auto lease##_connection = AcquireReader();                        \
  if (!lease##_connection.ok()) return lease##_connection.status(); \
  ReaderLease lease(this, std::move(*lease##_connection))

}  // namespace readout::catalog

#endif  // READOUT_CATALOG_SERVICE_STORE_SQLITE_SQLITE_STORE_INTERNAL_H_
