// Reading a whole file into memory: the small files readout reads at once
// (policy and token files, documents, source lists).
//
//   absl::StatusOr<std::string> text = ReadFileToString("policy.yaml");
//
// Thread-safety: safe to call from any thread.
#ifndef READOUT_COMMON_FILES_H_
#define READOUT_COMMON_FILES_H_

#include <string>

#include "absl/status/statusor.h"

namespace readout::common {

// The bytes of the file at `path`. NOT_FOUND "cannot open PATH: REASON"
// when it cannot be opened, DATA_LOSS when reading it fails part way.
absl::StatusOr<std::string> ReadFileToString(const std::string& path);

}  // namespace readout::common

#endif  // READOUT_COMMON_FILES_H_
