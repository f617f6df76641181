// libFuzzer target: page tokens (catalog-service/query/page_token.h). Any
// token decodes or is refused with INVALID_ARGUMENT; a cursor made from the
// input's bytes (any key, row and text up to 1024 bytes; an offset that is
// not negative) survives encoding and decoding unchanged, and its token is
// refused for another request.
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>

#include "absl/strings/string_view.h"
#include "catalog-service/query/page_token.h"
#include "tests/fuzz/fuzz_checks.h"

namespace {

constexpr absl::string_view kSecret = "fuzz-secret-0123456789abcdef";
constexpr absl::string_view kBinding = "ListDocuments|event_date desc|";

int64_t TakeInt(absl::string_view* bytes) {
  int64_t value = 0;
  const size_t n = std::min(bytes->size(), sizeof(value));
  std::memcpy(&value, bytes->data(), n);
  bytes->remove_prefix(n);
  return value;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const absl::string_view input(reinterpret_cast<const char*>(data), size);
  const auto decoded = readout::catalog::DecodePageToken(input, kBinding, kSecret);
  if (!decoded.ok()) {
    readout::fuzz::Require(decoded.status().code() == absl::StatusCode::kInvalidArgument,
                           "a token refusal that is not INVALID_ARGUMENT");
  }

  absl::string_view rest = input;
  readout::catalog::PageCursor cursor;
  cursor.key = TakeInt(&rest);
  cursor.row = TakeInt(&rest);
  cursor.offset = TakeInt(&rest) & INT64_MAX;  // Offsets are never negative.
  cursor.text = std::string(rest.substr(0, 1024));
  const std::string token = readout::catalog::EncodePageToken(cursor, kBinding, kSecret);
  const auto round_trip = readout::catalog::DecodePageToken(token, kBinding, kSecret);
  readout::fuzz::Require(round_trip.ok() && *round_trip == cursor,
                         "a cursor did not survive its token");
  readout::fuzz::Require(!readout::catalog::DecodePageToken(token, "ListPeople||", kSecret).ok(),
                         "a token was accepted for another request");
  return 0;
}
