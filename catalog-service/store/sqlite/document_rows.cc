// Document rows of the SQLite store (see document_rows.h).
#include "catalog-service/store/sqlite/document_rows.h"

#include "absl/strings/str_cat.h"
#include "catalog-service/errors.h"
#include "catalog-service/query/names.h"

namespace readout::catalog::sqlite {

// Reads kDocumentColumns starting at `first`.
absl::StatusOr<v1::CatalogDocument> DocumentFromRow(const Statement& row, int first) {
  return DecodeStoredDocument(row.Text(first + 1), row.Int(first + 2), row.Int(first + 3),
                              row.Blob(first + 4), row.DatabaseFile());
}

// Loads the document in row `row_id` (NOT_FOUND when it is gone).
absl::StatusOr<v1::CatalogDocument> LoadDocument(Connection& connection, int64_t row_id) {
  CATALOG_ASSIGN_OR_RETURN(
      Statement stmt, connection.Prepare(absl::StrCat("SELECT ", kDocumentColumns, kDocumentFrom,
                                                      " WHERE d.rowid = ?")));
  stmt.Bind(1, row_id);
  CATALOG_ASSIGN_OR_RETURN(bool row, stmt.Step());
  if (!row) return absl::NotFoundError("document row vanished");
  return DocumentFromRow(stmt, 0);
}

}  // namespace readout::catalog::sqlite
