// The version of the readout binaries: the release number and the source
// commit they were built from (stamped at build time, see
// cmake/version_stamp.cmake).
#ifndef READOUT_COMMON_VERSION_H_
#define READOUT_COMMON_VERSION_H_

#include <string>

namespace readout::common {

// The release number, e.g. "0.1.0".
const char* ReleaseVersion();

// The source commit (`git describe --always --dirty`), or "unknown".
const char* GitCommit();

// "<program> <release> (commit <commit>, <build type> build)".
std::string VersionLine(const std::string& program);

}  // namespace readout::common

#endif  // READOUT_COMMON_VERSION_H_
