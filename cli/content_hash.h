// The content hash of a document as the extraction engine computes it
// (Document.content_hash: lowercase hex SHA-256 of the normalized text),
// computed on the client so `readout ingest` can ask the catalog whether a
// document is already stored (documents/{hash}) before sending it.
//
// Plain text is normalized with the engine's own NormalizeText, which is
// cheap; HTML goes through the whole engine, since its text depends on the
// HTML conversion. content_hash_test.cc pins both to the engine's result.
//
// Thread-safety: safe to call concurrently.
#ifndef READOUT_CLI_CONTENT_HASH_H_
#define READOUT_CLI_CONTENT_HASH_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "extractor-service/engine/extractor.h"

namespace readout::cli {

// The engine's content hash of `content` read as `format`. INVALID_ARGUMENT
// for what the engine would refuse (empty, invalid UTF-8, no text).
absl::StatusOr<std::string> ContentHashOf(absl::string_view content, extractor::InputFormat format,
                                          const extractor::Extractor& engine);

}  // namespace readout::cli

#endif  // READOUT_CLI_CONTENT_HASH_H_
