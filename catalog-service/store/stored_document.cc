// Stored document fields (see stored_document.h).
#include "catalog-service/store/stored_document.h"

#include <atomic>

#include "absl/strings/str_cat.h"
#include "catalog-service/errors.h"
#include "catalog-service/query/names.h"
#include "common/sha256.h"

namespace readout::catalog {
namespace {

std::atomic<int64_t> corrupt_documents{0};

}  // namespace

std::string Etag(int64_t revision) { return absl::StrCat("\"r", revision, "\""); }

void SetTimestamp(int64_t micros, google::protobuf::Timestamp* ts) {
  ts->set_seconds(micros / 1000000);
  ts->set_nanos(static_cast<int32_t>(micros % 1000000) * 1000);
}

void FillDocument(absl::string_view id, int64_t revision, int64_t create_us,
                  v1::CatalogDocument* doc) {
  doc->set_name(DocumentName(id));
  SetTimestamp(create_us, doc->mutable_create_time());
  SetTimestamp(create_us, doc->mutable_update_time());
  doc->set_etag(Etag(revision));
  doc->set_revision(revision);
}

absl::Status VerifyStoredText(absl::string_view id, const v1::Extraction& extraction,
                              absl::string_view file) {
  if (common::Sha256Hex(extraction.document().text()) == id) return absl::OkStatus();
  corrupt_documents.fetch_add(1, std::memory_order_relaxed);
  return MakeError(absl::StatusCode::kDataLoss, kDocumentCorruptReason,
                   absl::StrCat("the stored text of ", DocumentName(id), " in ", file,
                                " no longer hashes to its name: the record is corrupt (see "
                                "docs/operations.md, corruption)"));
}

absl::Status StoredRecordCorrupt(absl::string_view id, absl::string_view file,
                                 absl::string_view what) {
  corrupt_documents.fetch_add(1, std::memory_order_relaxed);
  return MakeError(absl::StatusCode::kDataLoss, kDocumentCorruptReason,
                   absl::StrCat("the stored record of ", DocumentName(id), " in ", file, " ", what,
                                ": the record is corrupt (see docs/operations.md, corruption)"));
}

absl::StatusOr<v1::CatalogDocument> DecodeStoredDocument(absl::string_view id, int64_t revision,
                                                         int64_t create_us, absl::string_view body,
                                                         absl::string_view file) {
  v1::CatalogDocument doc;
  if (!doc.mutable_extraction()->ParseFromArray(body.data(), static_cast<int>(body.size()))) {
    corrupt_documents.fetch_add(1, std::memory_order_relaxed);
    return MakeError(absl::StatusCode::kDataLoss, "STORAGE_CORRUPT",
                     absl::StrCat("the stored extraction of ", DocumentName(id), " in ", file,
                                  " does not parse"));
  }
  CATALOG_RETURN_IF_ERROR(VerifyStoredText(id, doc.extraction(), file));
  FillDocument(id, revision, create_us, &doc);
  return doc;
}

int64_t CorruptDocumentsFound() { return corrupt_documents.load(std::memory_order_relaxed); }

}  // namespace readout::catalog
