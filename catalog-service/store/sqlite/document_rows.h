// How the SQLite store keeps a document in rows: date keys, etags,
// timestamps, and the columns and join that load a whole document
// (documents + bodies).
#ifndef READOUT_CATALOG_SERVICE_STORE_SQLITE_DOCUMENT_ROWS_H_
#define READOUT_CATALOG_SERVICE_STORE_SQLITE_DOCUMENT_ROWS_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "catalog-service/store/index_rows.h"
#include "catalog-service/store/sqlite/sqlite_db.h"
#include "catalog-service/store/stored_document.h"
#include "google/protobuf/timestamp.pb.h"
#include "google/type/date.pb.h"
#include "readout/v1/catalog_service.pb.h"

namespace readout::catalog::sqlite {

// Columns and join that load whole documents (see DocumentFromRow).
inline constexpr char kDocumentColumns[] = "d.rowid, d.id, d.revision, d.create_us, b.extraction";
inline constexpr char kDocumentFrom[] = " FROM documents d JOIN bodies b ON b.rowid = d.rowid";

// Reads kDocumentColumns starting at `first`.
absl::StatusOr<v1::CatalogDocument> DocumentFromRow(const Statement& row, int first);

// Loads the document in row `row_id` (NOT_FOUND when it is gone).
absl::StatusOr<v1::CatalogDocument> LoadDocument(Connection& connection, int64_t row_id);

}  // namespace readout::catalog::sqlite

#endif  // READOUT_CATALOG_SERVICE_STORE_SQLITE_DOCUMENT_ROWS_H_
