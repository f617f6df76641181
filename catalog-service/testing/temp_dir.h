// A scratch directory for tests, removed with everything in it on
// destruction. Not thread-safe (one owner).
#ifndef READOUT_CATALOG_SERVICE_TESTING_TEMP_DIR_H_
#define READOUT_CATALOG_SERVICE_TESTING_TEMP_DIR_H_

#include <cstdlib>
#include <filesystem>
#include <string>
#include <system_error>

namespace readout::catalog::testing {

class TempDir {
 public:
  TempDir() {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "readout-catalog-XXXXXX").string();
    char* made = mkdtemp(pattern.data());
    path_ = made != nullptr ? made : "";
  }
  ~TempDir() {
    std::error_code ec;
    if (!path_.empty()) std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

}  // namespace readout::catalog::testing

#endif  // READOUT_CATALOG_SERVICE_TESTING_TEMP_DIR_H_
