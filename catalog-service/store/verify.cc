// Classification of failed record decodes for the scrub (see verify.h).
#include "catalog-service/store/verify.h"

#include <string>

#include "catalog-service/errors.h"
#include "catalog-service/store/stored_document.h"

namespace readout::catalog {

std::optional<VerifyProblem> RecordProblem(const absl::Status& decoded,
                                           absl::string_view document_id, int64_t revision) {
  if (decoded.code() != absl::StatusCode::kDataLoss) return std::nullopt;
  VerifyProblem problem;
  problem.kind = ErrorReason(decoded) == kDocumentCorruptReason ? VerifyProblem::Kind::kHashMismatch
                                                                : VerifyProblem::Kind::kUnreadable;
  problem.document_id = std::string(document_id);
  problem.revision = revision;
  problem.detail = std::string(decoded.message());
  return problem;
}

}  // namespace readout::catalog
