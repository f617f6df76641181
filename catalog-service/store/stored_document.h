// The fields of a stored document that every store fills alike (its
// resource name, create and update times, etag and revision), and the check
// every read of a stored document makes: its text must still hash to its
// name (the id is the SHA-256 of document.text), else the read is DATA_LOSS
// (reason DOCUMENT_CORRUPT), never OK with altered text. Pure functions
// (plus a process-wide count of the corrupt documents found); thread-safe.
#ifndef READOUT_CATALOG_SERVICE_STORE_STORED_DOCUMENT_H_
#define READOUT_CATALOG_SERVICE_STORE_STORED_DOCUMENT_H_

#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "google/protobuf/timestamp.pb.h"
#include "readout/v1/catalog_service.pb.h"

namespace readout::catalog {

// The etag of a document stored at `revision`.
std::string Etag(int64_t revision);

void SetTimestamp(int64_t micros, google::protobuf::Timestamp* ts);

// The catalog fields of a stored document (name, times, etag, revision).
void FillDocument(absl::string_view id, int64_t revision, int64_t create_us,
                  v1::CatalogDocument* doc);

// The ErrorInfo reason of a stored document that fails its check.
inline constexpr char kDocumentCorruptReason[] = "DOCUMENT_CORRUPT";

// OK when `extraction`'s document text hashes (SHA-256, lowercase hex) to
// `id`; otherwise DATA_LOSS (DOCUMENT_CORRUPT) naming the document and
// `file`, the file (or database) it was read from, and counts it in
// CorruptDocumentsFound(). Costs one SHA-256 over the text.
absl::Status VerifyStoredText(absl::string_view id, const v1::Extraction& extraction,
                              absl::string_view file);

// DATA_LOSS (DOCUMENT_CORRUPT): "the stored record of <document> in <file>
// <what>: the record is corrupt", counted in CorruptDocumentsFound(); for a
// store's own checks of a record beyond its text (a checksum).
absl::Status StoredRecordCorrupt(absl::string_view id, absl::string_view file,
                                 absl::string_view what);

// Decodes a stored document: parses `body` (a serialized Extraction; DATA_LOSS
// STORAGE_CORRUPT when it does not parse), verifies it (VerifyStoredText) and
// fills the catalog fields.
absl::StatusOr<v1::CatalogDocument> DecodeStoredDocument(absl::string_view id, int64_t revision,
                                                         int64_t create_us, absl::string_view body,
                                                         absl::string_view file);

// Stored documents found corrupt (by VerifyStoredText or DecodeStoredDocument)
// since the process started; a metric reads it.
int64_t CorruptDocumentsFound();

}  // namespace readout::catalog

#endif  // READOUT_CATALOG_SERVICE_STORE_STORED_DOCUMENT_H_
