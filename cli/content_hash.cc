// Client-side content hashes (see content_hash.h).
#include "cli/content_hash.h"

#include "common/sha256.h"
#include "extractor-service/engine/text_normalizer.h"

namespace readout::cli {

absl::StatusOr<std::string> ContentHashOf(absl::string_view content, extractor::InputFormat format,
                                          const extractor::Extractor& engine) {
  bool html = format == extractor::InputFormat::kHtml ||
              (format == extractor::InputFormat::kDetect && extractor::LooksLikeHtml(content));
  if (html) {
    extractor::DocumentSource source;
    source.content = content;
    source.format = extractor::InputFormat::kHtml;
    absl::StatusOr<v1::Extraction> extraction = engine.Extract(source);
    if (!extraction.ok()) return extraction.status();
    return extraction->document().content_hash();
  }
  if (content.empty()) return absl::InvalidArgumentError("the document is empty");
  if (absl::Status s = extractor::internal::ValidateUtf8(content); !s.ok()) return s;
  std::string text = extractor::internal::NormalizeText(content);
  if (text.empty()) return absl::InvalidArgumentError("the document holds no text");
  return common::Sha256Hex(text);
}

}  // namespace readout::cli
