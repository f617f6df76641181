// Request checks for ExtractorService (see request_validation.h).
#include "extractor-service/service/request_validation.h"

#include <string>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/dates.h"
#include "common/server/status_util.h"
#include "common/utf8.h"

namespace readout::extractor {
namespace {

using common::WithErrorInfo;

std::string DateText(const google::type::Date& date) {
  return absl::StrFormat("%04d-%02d-%02d", date.year(), date.month(), date.day());
}

}  // namespace

absl::StatusOr<DocumentSource> ToDocumentSource(bool has_input, const v1::DocumentInput& input,
                                                size_t max_document_bytes) {
  if (!has_input || input.content_case() == v1::DocumentInput::CONTENT_NOT_SET) {
    return WithErrorInfo(
        absl::InvalidArgumentError("document is required: set document.text (UTF-8 text) or "
                                   "document.data (bytes)"),
        kReasonMissingDocument, {{"field", "document"}});
  }
  const bool is_data = input.content_case() == v1::DocumentInput::kData;
  absl::string_view content = is_data ? input.data() : input.text();
  const char* field = is_data ? "document.data" : "document.text";
  if (content.empty()) {
    return WithErrorInfo(absl::InvalidArgumentError(absl::StrCat(field, " is empty")),
                         kReasonEmptyDocument, {{"field", field}});
  }
  if (content.size() > max_document_bytes) {
    return WithErrorInfo(
        absl::ResourceExhaustedError(absl::StrCat(
            field, " is ", content.size(), " bytes; the limit is ", max_document_bytes, " bytes")),
        kReasonDocumentTooLarge,
        {{"field", field},
         {"size", absl::StrCat(content.size())},
         {"limit", absl::StrCat(max_document_bytes)}});
  }
  if (is_data) {
    size_t bad = common::FindInvalidUtf8(content);
    if (bad != absl::string_view::npos) {
      return WithErrorInfo(
          absl::InvalidArgumentError(absl::StrCat(
              "document.data is not valid UTF-8 (first bad byte at offset ", bad, ")")),
          kReasonInvalidUtf8, {{"field", "document.data"}, {"offset", absl::StrCat(bad)}});
    }
  }

  DocumentSource source;
  source.content = content;
  switch (input.format()) {
    case v1::DOCUMENT_FORMAT_UNSPECIFIED:
      source.format = InputFormat::kDetect;
      break;
    case v1::DOCUMENT_FORMAT_TEXT:
      source.format = InputFormat::kText;
      break;
    case v1::DOCUMENT_FORMAT_HTML:
      source.format = InputFormat::kHtml;
      break;
    default:
      return WithErrorInfo(absl::InvalidArgumentError(
                               absl::StrCat("document.format ", static_cast<int>(input.format()),
                                            " is not a known DocumentFormat")),
                           kReasonInvalidFormat, {{"field", "document.format"}});
  }
  source.source_uri = input.source_uri();
  if (input.has_published_date()) {
    const google::type::Date& date = input.published_date();
    bool unknown = date.year() == 0 && date.month() == 0 && date.day() == 0;
    if (!unknown) {
      if (!common::IsValidFullDate(date)) {
        return WithErrorInfo(absl::InvalidArgumentError(absl::StrCat(
                                 "document.published_date ", DateText(date),
                                 " is not a real day (year, month and day must all be set)")),
                             kReasonInvalidPublishedDate, {{"field", "document.published_date"}});
      }
      source.published_date = date;
    }
  }
  return source;
}

}  // namespace readout::extractor
