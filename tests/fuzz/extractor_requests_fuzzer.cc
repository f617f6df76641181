// libFuzzer target: the request messages readout-extractor decodes
// (ExtractRequest, StreamExtractRequest) from arbitrary bytes, then the
// validation every decoded request goes through (ToDocumentSource). A
// request it accepts has content within the size limit that is valid UTF-8
// and, when given, a real published date; every refusal carries a message.
#include <cstddef>
#include <cstdint>
#include <string>

#include "common/dates.h"
#include "common/utf8.h"
#include "extractor-service/service/request_validation.h"
#include "readout/v1/extractor_service.pb.h"
#include "tests/fuzz/fuzz_checks.h"

namespace {

constexpr size_t kMaxDocumentBytes = 4096;

void Check(bool has_document, const readout::v1::DocumentInput& input) {
  const auto source = readout::extractor::ToDocumentSource(has_document, input, kMaxDocumentBytes);
  if (!source.ok()) {
    readout::fuzz::Require(!source.status().message().empty(), "a refusal without a message");
    return;
  }
  readout::fuzz::Require(!source->content.empty(), "accepted empty content");
  readout::fuzz::Require(source->content.size() <= kMaxDocumentBytes, "accepted oversized content");
  readout::fuzz::Require(readout::common::FindInvalidUtf8(source->content) == std::string::npos,
                         "accepted content that is not UTF-8");
  const google::type::Date& date = source->published_date;
  readout::fuzz::Require((date.year() == 0 && date.month() == 0 && date.day() == 0) ||
                             readout::common::IsValidFullDate(date),
                         "accepted a published date that is no day");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  readout::v1::ExtractRequest extract;
  if (extract.ParseFromArray(data, static_cast<int>(size))) {
    Check(extract.has_document(), extract.document());
  }
  readout::v1::StreamExtractRequest stream;
  if (stream.ParseFromArray(data, static_cast<int>(size))) {
    Check(stream.has_document(), stream.document());
  }
  return 0;
}
