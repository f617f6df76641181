// HTML to plain text through gumbo: scripts, styles, navigation, headers,
// footers and asides are dropped, entities decoded, and block elements
// become paragraph breaks.
#ifndef READOUT_EXTRACTOR_SERVICE_ENGINE_HTML_TO_TEXT_H_
#define READOUT_EXTRACTOR_SERVICE_ENGINE_HTML_TO_TEXT_H_

#include <string>

#include "absl/strings/string_view.h"

namespace readout::extractor::internal {

struct HtmlText {
  // The visible text, paragraphs separated by blank lines (not yet
  // normalized).
  std::string text;
  // <title>, else the first <h1> (raw text), else empty.
  std::string title;
  // The first <h1>'s text and where it starts in `text` (npos when none).
  std::string h1;
  size_t h1_offset = std::string::npos;
};

// Bounds what gumbo sees, in one linear pass: inline formatting tags
// (<b>, <a>, <span>, ...) are dropped, since they carry no text structure
// and trigger gumbo's quadratic reconstruction, and elements nested deeper
// than 200 levels lose their tags (their text stays).
std::string SanitizeHtml(absl::string_view html);

// Converts valid UTF-8 HTML. Iterative walk: deep nesting cannot exhaust
// the stack.
HtmlText HtmlToText(absl::string_view html);

}  // namespace readout::extractor::internal

#endif  // READOUT_EXTRACTOR_SERVICE_ENGINE_HTML_TO_TEXT_H_
