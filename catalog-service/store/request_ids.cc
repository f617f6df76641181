// Request id replay checks (see request_ids.h).
#include "catalog-service/store/request_ids.h"

#include "absl/strings/str_cat.h"
#include "catalog-service/errors.h"

namespace readout::catalog {

absl::Status CheckSameRequest(const v1::BatchCreateDocumentsResponse& stored,
                              const std::vector<NewDocument>& documents) {
  bool same = stored.responses_size() == static_cast<int>(documents.size());
  for (int i = 0; same && i < stored.responses_size(); ++i) {
    same = stored.responses(i).document().name() == absl::StrCat("documents/", documents[i].id);
  }
  if (same) return absl::OkStatus();
  return InvalidArgument("REQUEST_ID_REUSED",
                         "request_id was already used for a request with other documents; use a "
                         "new request_id for a new request");
}

}  // namespace readout::catalog
