// How the SQLite store keeps a document in rows: date keys, etags,
// timestamps, the columns and join that load a whole document
// (documents + bodies), and the checksum stored beside each body, which
// covers every field of the stored record (row, name, revision, create
// time and the serialized extraction), so that a flipped bit in a field the
// text's hash does not cover is found on read too.
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
inline constexpr char kDocumentColumns[] =
    "d.rowid, d.id, d.revision, d.create_us, b.extraction, b.checksum";
inline constexpr char kDocumentFrom[] = " FROM documents d JOIN bodies b ON b.rowid = d.rowid";

// The checksum of a stored record: CRC-32 (zlib) over its row id, name,
// revision, create time and serialized extraction. CRC-32 finds every
// single-bit flip and every burst of up to 32 bits; it is no defence
// against a deliberate change (the text's SHA-256, the name, is the
// content's identity).
int64_t RecordChecksum(int64_t row_id, absl::string_view id, int64_t revision, int64_t create_us,
                       absl::string_view body);

// Reads kDocumentColumns starting at `first`: checks the record's checksum
// (rows stored before checksums existed have none and are checked by their
// text's hash alone), then decodes and verifies it (DecodeStoredDocument).
// DATA_LOSS (DOCUMENT_CORRUPT) naming the document and the file when the
// checksum does not match.
absl::StatusOr<v1::CatalogDocument> DocumentFromRow(const Statement& row, int first);

// Loads the document in row `row_id` (NOT_FOUND when it is gone).
absl::StatusOr<v1::CatalogDocument> LoadDocument(Connection& connection, int64_t row_id);

}  // namespace readout::catalog::sqlite

#endif  // READOUT_CATALOG_SERVICE_STORE_SQLITE_DOCUMENT_ROWS_H_
