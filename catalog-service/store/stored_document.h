// The fields of a stored document that every store fills alike: its
// resource name, create and update times, etag and revision. Pure
// functions; thread-safe.
#ifndef READOUT_CATALOG_SERVICE_STORE_STORED_DOCUMENT_H_
#define READOUT_CATALOG_SERVICE_STORE_STORED_DOCUMENT_H_

#include <cstdint>
#include <string>

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

}  // namespace readout::catalog

#endif  // READOUT_CATALOG_SERVICE_STORE_STORED_DOCUMENT_H_
