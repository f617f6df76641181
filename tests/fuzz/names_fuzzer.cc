// libFuzzer target: resource names (catalog-service/query/names.h). A
// document name that parses holds a content hash and prints back the same;
// a person key is stable (the key of a key is itself) and its name parses
// back to it when it is not empty (names are at most 512 bytes).
#include <cstddef>
#include <cstdint>
#include <string>

#include "absl/strings/string_view.h"
#include "catalog-service/query/names.h"
#include "tests/fuzz/fuzz_checks.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  namespace catalog = readout::catalog;
  const absl::string_view input(reinterpret_cast<const char*>(data), size);

  const auto id = catalog::ParseDocumentName(input);
  if (id.ok()) {
    readout::fuzz::Require(catalog::IsContentHash(*id), "a document id that is no content hash");
    readout::fuzz::Require(catalog::DocumentName(*id) == input,
                           "a document name does not print back the same");
  } else {
    readout::fuzz::Require(!id.status().message().empty(), "a name refusal without a message");
  }

  const auto person = catalog::ParsePersonName(input);
  if (person.ok()) {
    readout::fuzz::Require(catalog::PersonName(*person) == input,
                           "a person name does not print back the same");
  }

  const std::string key = catalog::PersonKey(input);
  readout::fuzz::Require(catalog::PersonKey(key) == key, "PersonKey is not stable");
  const std::string key_name = catalog::PersonName(key);
  if (!key.empty() && key_name.size() <= 512) {
    const auto parsed = catalog::ParsePersonName(key_name);
    readout::fuzz::Require(parsed.ok() && *parsed == key,
                           "the name of a person key does not parse back to it");
  }
  return 0;
}
