// Unit tests of the extraction engine's input checks and document record.
#include "extractor-service/engine/extractor.h"

#include "gtest/gtest.h"

namespace readout::extractor {
namespace {

TEST(ExtractorTest, EmptyInputIsInvalidArgument) {
  Extractor extractor;
  auto result = extractor.Extract({.content = ""});
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(ExtractorTest, OversizedInputIsResourceExhausted) {
  Extractor extractor({.max_document_bytes = 10});
  auto result = extractor.Extract({.content = "Title\n\nA long enough body."});
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), absl::StatusCode::kResourceExhausted);
}

}  // namespace
}  // namespace readout::extractor
