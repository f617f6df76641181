// The extraction engine: turns one document (plain text or HTML) into a
// readout.v1.Extraction record. Pure logic: no gRPC, no I/O.
//
// Thread-safety: an Extractor is immutable after construction; Extract() may
// be called from many threads at once.
#ifndef READOUT_EXTRACTOR_SERVICE_ENGINE_EXTRACTOR_H_
#define READOUT_EXTRACTOR_SERVICE_ENGINE_EXTRACTOR_H_

#include <cstddef>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "google/type/date.pb.h"
#include "readout/v1/records.pb.h"

namespace readout::extractor {

// How the content is to be read.
enum class InputFormat {
  kDetect,  // HTML when it looks like HTML (see LooksLikeHtml), else text.
  kText,
  kHtml,
};

// What one document may make the engine do and produce. Each cap is
// checked while the work is done (the tokenizer and the passes stop when
// one is passed), so a hostile document costs at most what the caps allow:
// the memory one extraction adds to the server (the request included)
// stays under kMemoryPerDocumentByte x the document's size, and under
// 8 x max_document_bytes + 64 x max_tokens bytes whatever the size
// (measured and tested in tests/extractor/amplification_test.py;
// docs/security.md).
struct ExtractorOptions {
  // Documents larger than this (in bytes, before normalization) are refused
  // with RESOURCE_EXHAUSTED.
  size_t max_document_bytes = 8 * 1024 * 1024;
  // Words and punctuation marks (about 5 MiB of news prose).
  size_t max_tokens = 1000 * 1000;
  // Distinct people, reported statements, and enumerated points in all.
  size_t max_people = 1000;
  size_t max_statements = 2000;
  size_t max_points = 10000;
  // The serialized Extraction (the text included).
  size_t max_response_bytes = 32 * 1024 * 1024;
};

// The bound on one extraction's memory per byte of document that the caps
// above keep (peak RSS growth / document size; hostile documents measured
// 8.5-21 bytes per byte, see docs/security.md).
inline constexpr int kMemoryPerDocumentByte = 72;

// The payload type URL on a RESOURCE_EXHAUSTED status for a passed cap; its
// value is the cap's name ("max_statements", ...).
inline constexpr char kLimitPayloadUrl[] = "type.readout.dev/readout.extractor.ExceededLimit";

// One document to extract from. The content is borrowed for the call.
struct DocumentSource {
  absl::string_view content;
  InputFormat format = InputFormat::kDetect;
  std::string source_uri;
  // Year 0 means unknown.
  google::type::Date published_date;
};

// True when `content` starts (after whitespace) with '<' and holds an
// <html, <body, <p, <div or <!doctype tag (case-blind).
bool LooksLikeHtml(absl::string_view content);

class Extractor {
 public:
  explicit Extractor(ExtractorOptions options = {});
  ~Extractor();
  Extractor(const Extractor&) = delete;
  Extractor& operator=(const Extractor&) = delete;

  // Extracts the records of `source`. Errors: INVALID_ARGUMENT for empty
  // content, content with no text once markup is dropped, or invalid UTF-8
  // (the message gives the byte offset); RESOURCE_EXHAUSTED for content over
  // options.max_document_bytes or when the document passes another cap
  // (with a kLimitPayloadUrl payload naming it). Never crashes or hangs on
  // hostile input: all patterns are RE2 (linear time) and every pass is
  // bounded by the input size and the caps.
  absl::StatusOr<readout::v1::Extraction> Extract(const DocumentSource& source) const;

  const ExtractorOptions& options() const { return options_; }

 private:
  struct Rules;  // Compiled patterns and vocabularies, built once.
  ExtractorOptions options_;
  std::unique_ptr<const Rules> rules_;
};

}  // namespace readout::extractor

#endif  // READOUT_EXTRACTOR_SERVICE_ENGINE_EXTRACTOR_H_
