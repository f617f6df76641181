// libFuzzer target: ISO dates (common/dates.h). A date that parses is a real
// day and formats back to the text it came from; a refusal has a message.
#include <cstddef>
#include <cstdint>

#include "absl/strings/string_view.h"
#include "common/dates.h"
#include "tests/fuzz/fuzz_checks.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const absl::string_view text(reinterpret_cast<const char*>(data), size);
  const auto date = readout::common::ParseIsoDate(text);
  if (!date.ok()) {
    readout::fuzz::Require(!date.status().message().empty(), "a date error without a message");
    return 0;
  }
  readout::fuzz::Require(readout::common::IsValidFullDate(*date), "parsed a date that is no day");
  readout::fuzz::Require(readout::common::FormatIsoDate(*date) == text,
                         "a parsed date does not format back to its text");
  return 0;
}
