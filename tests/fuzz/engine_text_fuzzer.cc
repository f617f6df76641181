// libFuzzer target: the extraction engine on plain text (see engine_fuzzer.h).
#include <cstddef>
#include <cstdint>

#include "tests/fuzz/engine_fuzzer.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  readout::fuzz::FuzzEngine(data, size, readout::extractor::InputFormat::kText);
  return 0;
}
