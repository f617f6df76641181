// Stored document fields (see stored_document.h).
#include "catalog-service/store/stored_document.h"

#include "absl/strings/str_cat.h"
#include "catalog-service/query/names.h"

namespace readout::catalog {

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

}  // namespace readout::catalog
