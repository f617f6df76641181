// Placeholder engine: validates input and fills in the document only. The
// full rule set lands here.
#include "extractor-service/engine/extractor.h"

#include <openssl/sha.h>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace readout::extractor {

struct Extractor::Rules {};

bool LooksLikeHtml(absl::string_view content) {
  absl::string_view s = absl::StripLeadingAsciiWhitespace(content);
  if (s.empty() || s[0] != '<') return false;
  std::string head = absl::AsciiStrToLower(s.substr(0, 4096));
  for (absl::string_view tag : {"<html", "<body", "<p", "<div", "<!doctype"}) {
    if (absl::StrContains(head, tag)) return true;
  }
  return false;
}

Extractor::Extractor(ExtractorOptions options)
    : options_(options), rules_(std::make_unique<Rules>()) {}
Extractor::~Extractor() = default;

absl::StatusOr<readout::v1::Extraction> Extractor::Extract(
    const DocumentSource& source) const {
  if (source.content.empty()) {
    return absl::InvalidArgumentError("the document is empty");
  }
  if (source.content.size() > options_.max_document_bytes) {
    return absl::ResourceExhaustedError(
        absl::StrCat("the document is ", source.content.size(),
                     " bytes; the limit is ", options_.max_document_bytes));
  }
  readout::v1::Extraction out;
  auto* doc = out.mutable_document();
  doc->set_text(std::string(source.content));
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(doc->text().data()),
         doc->text().size(), digest);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  for (unsigned char c : digest) {
    hex.push_back(kHex[c >> 4]);
    hex.push_back(kHex[c & 15]);
  }
  doc->set_content_hash(hex);
  doc->set_source_uri(source.source_uri);
  if (source.published_date.year() != 0) {
    *doc->mutable_published_date() = source.published_date;
  }
  return out;
}

}  // namespace readout::extractor
