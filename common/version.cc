// The version of the readout binaries (see version.h).
#include "common/version.h"

#include "absl/strings/str_cat.h"
#include "version_stamp.h"  // Generated: READOUT_GIT_COMMIT.

namespace readout::common {

const char* ReleaseVersion() { return READOUT_RELEASE_VERSION; }

const char* GitCommit() { return READOUT_GIT_COMMIT; }

std::string VersionLine(const std::string& program) {
  return absl::StrCat(program, " ", ReleaseVersion(), " (commit ", GitCommit(), ", ",
                      READOUT_BUILD_TYPE, " build)");
}

}  // namespace readout::common
