// libFuzzer target: the UTF-8 check (common/utf8.h) agrees with protobuf's
// own validator, which guards every string field on the wire, and the
// offset it reports starts a bad sequence after a valid prefix; and the
// repair (AppendWithReplacement) always gives well-formed text, equal to
// the input when that was well-formed already.
#include <cstddef>
#include <cstdint>
#include <string>

#include "absl/strings/string_view.h"
#include "common/utf8.h"
#include "google/protobuf/stubs/common.h"
#include "tests/fuzz/fuzz_checks.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const absl::string_view bytes(reinterpret_cast<const char*>(data), size);
  const size_t bad = readout::common::FindInvalidUtf8(bytes);
  const bool protobuf_valid =
      google::protobuf::internal::IsStructurallyValidUTF8(bytes.data(), static_cast<int>(size));
  readout::fuzz::Require((bad == std::string::npos) == protobuf_valid,
                         "FindInvalidUtf8 and protobuf disagree on validity");
  if (bad != std::string::npos) {
    readout::fuzz::Require(bad < size, "offset past the end");
    readout::fuzz::Require(
        google::protobuf::internal::IsStructurallyValidUTF8(bytes.data(), static_cast<int>(bad)),
        "the prefix before the reported offset is not valid UTF-8");
  }
  std::string repaired;
  readout::common::AppendWithReplacement(bytes, &repaired);
  readout::fuzz::Require(readout::common::FindInvalidUtf8(repaired) == std::string::npos,
                         "the repaired text is not well-formed");
  if (bad == std::string::npos) {
    readout::fuzz::Require(repaired == bytes, "the repair changed well-formed text");
  }
  return 0;
}
