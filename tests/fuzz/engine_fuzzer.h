// The body both engine fuzz targets share (engine_text_fuzzer.cc,
// engine_html_fuzzer.cc): extracts from the input as `format` and checks what
// every successful extraction promises: valid UTF-8 text, the content hash of
// that text, and every span inside it. Errors are fine; crashes, hangs,
// sanitizer reports and broken promises are not.
#ifndef READOUT_TESTS_FUZZ_ENGINE_FUZZER_H_
#define READOUT_TESTS_FUZZ_ENGINE_FUZZER_H_

#include <cstddef>
#include <cstdint>
#include <string>

#include "absl/strings/string_view.h"
#include "common/sha256.h"
#include "common/utf8.h"
#include "extractor-service/engine/extractor.h"
#include "tests/fuzz/fuzz_checks.h"

namespace readout::fuzz {

inline void FuzzEngine(const uint8_t* data, size_t size, extractor::InputFormat format) {
  static const extractor::Extractor* const engine = new extractor::Extractor();
  extractor::DocumentSource source;
  source.content = absl::string_view(reinterpret_cast<const char*>(data), size);
  source.format = format;
  source.published_date.set_year(2021);
  source.published_date.set_month(3);
  source.published_date.set_day(14);
  const auto extraction = engine->Extract(source);
  if (!extraction.ok()) {
    Require(!extraction.status().message().empty(), "an extraction error without a message");
    return;
  }
  const std::string& text = extraction->document().text();
  Require(common::FindInvalidUtf8(text) == std::string::npos, "normalized text is not UTF-8");
  Require(extraction->document().content_hash() == common::Sha256Hex(text),
          "content_hash is not the SHA-256 of the text");
  RequireSpansWithin(*extraction, text.size());
}

}  // namespace readout::fuzz

#endif  // READOUT_TESTS_FUZZ_ENGINE_FUZZER_H_
