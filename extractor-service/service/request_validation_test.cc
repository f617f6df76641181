// Tests of ExtractorService request checks (no gRPC involved).
#include "extractor-service/service/request_validation.h"

#include <string>

#include "common/server/status_util.h"
#include "gtest/gtest.h"

namespace readout::extractor {
namespace {

std::string ReasonOf(const absl::Status& status) {
  auto info = common::ErrorInfoOf(status);
  return info.has_value() ? info->reason() : "";
}

TEST(ToDocumentSourceTest, MissingAndEmpty) {
  v1::DocumentInput input;
  auto missing = ToDocumentSource(false, input, 100);
  EXPECT_EQ(missing.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ReasonOf(missing.status()), kReasonMissingDocument);
  EXPECT_EQ(ToDocumentSource(true, input, 100).status().code(), absl::StatusCode::kInvalidArgument);
  input.set_text("");
  auto empty = ToDocumentSource(true, input, 100);
  EXPECT_EQ(empty.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ReasonOf(empty.status()), kReasonEmptyDocument);
}

TEST(ToDocumentSourceTest, TooLarge) {
  v1::DocumentInput input;
  input.set_text(std::string(101, 'x'));
  auto result = ToDocumentSource(true, input, 100);
  EXPECT_EQ(result.status().code(), absl::StatusCode::kResourceExhausted);
  EXPECT_EQ(ReasonOf(result.status()), kReasonDocumentTooLarge);
}

TEST(ToDocumentSourceTest, InvalidUtf8InData) {
  v1::DocumentInput input;
  input.set_data(std::string("Meeting held\xFF", 13));
  auto result = ToDocumentSource(true, input, 100);
  EXPECT_EQ(result.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ReasonOf(result.status()), kReasonInvalidUtf8);
  EXPECT_NE(result.status().message().find("offset 12"), std::string::npos);
}

TEST(ToDocumentSourceTest, PublishedDate) {
  v1::DocumentInput input;
  input.set_text("A meeting was held.");
  input.mutable_published_date()->set_year(2023);
  input.mutable_published_date()->set_month(2);
  input.mutable_published_date()->set_day(30);
  auto bad = ToDocumentSource(true, input, 100);
  EXPECT_EQ(bad.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(bad.status().message().find("document.published_date"), std::string::npos);
  EXPECT_EQ(ReasonOf(bad.status()), kReasonInvalidPublishedDate);

  input.mutable_published_date()->set_day(28);
  auto good = ToDocumentSource(true, input, 100);
  ASSERT_TRUE(good.ok()) << good.status();
  EXPECT_EQ(good->published_date.day(), 28);

  input.mutable_published_date()->Clear();  // All zero: unknown.
  auto unknown = ToDocumentSource(true, input, 100);
  ASSERT_TRUE(unknown.ok());
  EXPECT_EQ(unknown->published_date.year(), 0);
}

TEST(ToDocumentSourceTest, FormatAndFields) {
  v1::DocumentInput input;
  input.set_data("<html><body><p>Hi</p></body></html>");
  input.set_format(v1::DOCUMENT_FORMAT_HTML);
  input.set_source_uri("file:///a.html");
  auto result = ToDocumentSource(true, input, 1000);
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result->format, InputFormat::kHtml);
  EXPECT_EQ(result->source_uri, "file:///a.html");
  EXPECT_EQ(result->content, input.data());
  input.set_format(static_cast<v1::DocumentFormat>(9));
  EXPECT_EQ(ToDocumentSource(true, input, 1000).status().code(),
            absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace readout::extractor
