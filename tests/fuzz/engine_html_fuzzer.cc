// libFuzzer target: the extraction engine on HTML (see engine_fuzzer.h), and
// the HTML-to-text pass on its own (it takes valid UTF-8): the first <h1>'s
// offset lies inside the text it returns.
#include <cstddef>
#include <cstdint>
#include <string>

#include "absl/strings/string_view.h"
#include "common/utf8.h"
#include "extractor-service/engine/html_to_text.h"
#include "tests/fuzz/engine_fuzzer.h"
#include "tests/fuzz/fuzz_checks.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  namespace engine = readout::extractor::internal;
  const absl::string_view html(reinterpret_cast<const char*>(data), size);
  if (readout::common::FindInvalidUtf8(html) == std::string::npos) {
    const engine::HtmlText page = engine::HtmlToText(engine::SanitizeHtml(html));
    if (page.h1_offset != std::string::npos) {
      readout::fuzz::Require(page.h1_offset <= page.text.size(), "h1_offset past the text");
    }
  }
  readout::fuzz::FuzzEngine(data, size, readout::extractor::InputFormat::kHtml);
  return 0;
}
