// Request ids (AIP-155) shared by the stores: a request id answers only the
// request it was first used for.
//
// Thread-safety: pure functions.
#ifndef READOUT_CATALOG_SERVICE_STORE_REQUEST_IDS_H_
#define READOUT_CATALOG_SERVICE_STORE_REQUEST_IDS_H_

#include <vector>

#include "absl/status/status.h"
#include "catalog-service/store/store.h"
#include "readout/v1/catalog_service.pb.h"

namespace readout::catalog {

// OK when `stored`, the first result of a request id, answers `documents`
// (the same documents by id, in order); otherwise INVALID_ARGUMENT
// (REQUEST_ID_REUSED): the id was used for another request.
absl::Status CheckSameRequest(const v1::BatchCreateDocumentsResponse& stored,
                              const std::vector<NewDocument>& documents);

}  // namespace readout::catalog

#endif  // READOUT_CATALOG_SERVICE_STORE_REQUEST_IDS_H_
