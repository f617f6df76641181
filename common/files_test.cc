// Tests of ReadFileToString (files.h) on real files in a temporary folder.
#include "common/files.h"

#include <cstdlib>
#include <fstream>
#include <string>

#include "gtest/gtest.h"

namespace readout::common {
namespace {

std::string TempPath(const std::string& name) {
  const char* dir = std::getenv("TEST_TMPDIR");
  return std::string(dir != nullptr ? dir : "/tmp") + "/readout_files_test_" + name;
}

TEST(ReadFileToStringTest, ReadsEveryByteIncludingNulAndNewlines) {
  const std::string path = TempPath("bytes");
  const std::string bytes("line one\n\0line two\r\n", 20);
  std::ofstream(path, std::ios::binary) << bytes;
  absl::StatusOr<std::string> read = ReadFileToString(path);
  ASSERT_TRUE(read.ok()) << read.status();
  EXPECT_EQ(*read, bytes);
  std::remove(path.c_str());
}

TEST(ReadFileToStringTest, EmptyFileIsEmptyString) {
  const std::string path = TempPath("empty");
  std::ofstream(path, std::ios::binary).flush();
  absl::StatusOr<std::string> read = ReadFileToString(path);
  ASSERT_TRUE(read.ok()) << read.status();
  EXPECT_EQ(*read, "");
  std::remove(path.c_str());
}

TEST(ReadFileToStringTest, MissingFileIsNotFoundNamingIt) {
  const std::string path = TempPath("does-not-exist");
  absl::StatusOr<std::string> read = ReadFileToString(path);
  ASSERT_EQ(read.status().code(), absl::StatusCode::kNotFound);
  EXPECT_NE(read.status().message().find(path), std::string::npos) << read.status();
}

}  // namespace
}  // namespace readout::common
