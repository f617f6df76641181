// Document rows of the SQLite store (see document_rows.h).
#include "catalog-service/store/sqlite/document_rows.h"

#include <zlib.h>

#include "absl/strings/str_cat.h"
#include "catalog-service/errors.h"
#include "catalog-service/query/names.h"

namespace readout::catalog::sqlite {

namespace {

uLong Crc(uLong crc, absl::string_view bytes) {
  return crc32_z(crc, reinterpret_cast<const Bytef*>(bytes.data()), bytes.size());
}

uLong CrcInt(uLong crc, int64_t value) {
  // Little-endian, so the checksum does not depend on the machine.
  char bytes[8];
  uint64_t bits = static_cast<uint64_t>(value);
  for (char& byte : bytes) {
    byte = static_cast<char>(bits & 0xff);
    bits >>= 8;
  }
  return Crc(crc, absl::string_view(bytes, sizeof(bytes)));
}

}  // namespace

int64_t RecordChecksum(int64_t row_id, absl::string_view id, int64_t revision, int64_t create_us,
                       absl::string_view body) {
  uLong crc = crc32_z(0L, Z_NULL, 0);
  crc = CrcInt(crc, row_id);
  crc = CrcInt(crc, static_cast<int64_t>(id.size()));
  crc = Crc(crc, id);
  crc = CrcInt(crc, revision);
  crc = CrcInt(crc, create_us);
  crc = Crc(crc, body);
  return static_cast<int64_t>(crc);
}

absl::StatusOr<v1::CatalogDocument> DocumentFromRow(const Statement& row, int first) {
  const absl::string_view id = row.Text(first + 1);
  const int64_t revision = row.Int(first + 2);
  const int64_t create_us = row.Int(first + 3);
  const absl::string_view body = row.Blob(first + 4);
  if (!row.IsNull(first + 5) &&
      row.Int(first + 5) != RecordChecksum(row.Int(first), id, revision, create_us, body)) {
    return StoredRecordCorrupt(id, row.DatabaseFile(),
                               absl::StrCat("fails its checksum (a field of the record, revision ",
                                            revision, " as read, changed since it was written)"));
  }
  return DecodeStoredDocument(id, revision, create_us, body, row.DatabaseFile());
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
