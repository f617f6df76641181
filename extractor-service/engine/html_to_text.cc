// gumbo-based HTML to text conversion.
#include "extractor-service/engine/html_to_text.h"

#include <gumbo.h>

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/utf8.h"

namespace readout::extractor::internal {
namespace {

bool IsDropped(GumboTag tag) {
  switch (tag) {
    case GUMBO_TAG_SCRIPT:
    case GUMBO_TAG_STYLE:
    case GUMBO_TAG_NAV:
    case GUMBO_TAG_HEADER:
    case GUMBO_TAG_FOOTER:
    case GUMBO_TAG_ASIDE:
    case GUMBO_TAG_NOSCRIPT:
    case GUMBO_TAG_TEMPLATE:
    case GUMBO_TAG_HEAD:
    case GUMBO_TAG_IFRAME:
    case GUMBO_TAG_OBJECT:
    case GUMBO_TAG_SVG:
    case GUMBO_TAG_MATH:
    case GUMBO_TAG_FORM:
    case GUMBO_TAG_BUTTON:
    case GUMBO_TAG_SELECT:
      return true;
    default:
      return false;
  }
}

bool IsBlock(GumboTag tag) {
  switch (tag) {
    case GUMBO_TAG_P:
    case GUMBO_TAG_DIV:
    case GUMBO_TAG_BR:
    case GUMBO_TAG_H1:
    case GUMBO_TAG_H2:
    case GUMBO_TAG_H3:
    case GUMBO_TAG_H4:
    case GUMBO_TAG_H5:
    case GUMBO_TAG_H6:
    case GUMBO_TAG_LI:
    case GUMBO_TAG_UL:
    case GUMBO_TAG_OL:
    case GUMBO_TAG_TR:
    case GUMBO_TAG_TD:
    case GUMBO_TAG_TH:
    case GUMBO_TAG_TABLE:
    case GUMBO_TAG_SECTION:
    case GUMBO_TAG_ARTICLE:
    case GUMBO_TAG_BLOCKQUOTE:
    case GUMBO_TAG_PRE:
    case GUMBO_TAG_DD:
    case GUMBO_TAG_DT:
    case GUMBO_TAG_DL:
    case GUMBO_TAG_FIGURE:
    case GUMBO_TAG_FIGCAPTION:
    case GUMBO_TAG_HR:
    case GUMBO_TAG_MAIN:
    case GUMBO_TAG_BODY:
    case GUMBO_TAG_ADDRESS:
    case GUMBO_TAG_CAPTION:
      return true;
    default:
      return false;
  }
}

constexpr int kMaxDepth = 200;

bool IEquals(absl::string_view a, absl::string_view b) { return absl::EqualsIgnoreCase(a, b); }

bool IsInlineFormatting(absl::string_view name) {
  static const auto* const kTags = new absl::flat_hash_set<std::string>{
      "b", "i",      "u",   "em",   "strong", "font", "a",     "span", "small", "big",
      "s", "strike", "tt",  "code", "nobr",   "sub",  "sup",   "mark", "abbr",  "cite",
      "q", "dfn",    "kbd", "samp", "var",    "time", "label", "bdi",  "bdo"};
  return kTags->contains(name);
}

bool IsVoid(absl::string_view name) {
  static const auto* const kTags = new absl::flat_hash_set<std::string>{
      "br",  "img",   "hr",    "meta",   "link",  "input", "area",  "base",
      "col", "embed", "param", "source", "track", "wbr",   "keygen"};
  return kTags->contains(name);
}

// Position of `needle` (ASCII, lowercase) in s from `from`, case-blind.
size_t IFind(absl::string_view s, absl::string_view needle, size_t from) {
  if (needle.empty() || s.size() < needle.size()) return absl::string_view::npos;
  for (size_t i = from; i + needle.size() <= s.size(); ++i) {
    if (absl::ascii_tolower(static_cast<unsigned char>(s[i])) == needle[0] &&
        IEquals(s.substr(i, needle.size()), needle)) {
      return i;
    }
  }
  return absl::string_view::npos;
}

}  // namespace

std::string SanitizeHtml(absl::string_view html) {
  std::string out;
  out.reserve(html.size());
  int depth = 0;
  int dropped = 0;
  size_t i = 0;
  const size_t n = html.size();
  while (i < n) {
    size_t lt = html.find('<', i);
    if (lt == absl::string_view::npos) {
      absl::StrAppend(&out, html.substr(i));
      break;
    }
    absl::StrAppend(&out, html.substr(i, lt - i));
    if (html.substr(lt, 4) == "<!--") {
      size_t end = html.find("-->", lt + 4);
      end = end == absl::string_view::npos ? n : end + 3;
      absl::StrAppend(&out, html.substr(lt, end - lt));
      i = end;
      continue;
    }
    size_t p = lt + 1;
    bool closing = p < n && html[p] == '/';
    if (closing) ++p;
    size_t name_start = p;
    while (p < n && absl::ascii_isalnum(static_cast<unsigned char>(html[p]))) ++p;
    if (p == name_start) {
      out.push_back('<');
      i = lt + 1;
      continue;
    }
    std::string name = absl::AsciiStrToLower(html.substr(name_start, p - name_start));
    size_t gt = html.find('>', p);
    size_t tag_end = gt == absl::string_view::npos ? n : gt + 1;
    absl::string_view tag = html.substr(lt, tag_end - lt);
    i = tag_end;
    if (!closing && (name == "script" || name == "style")) {
      // Raw text up to the end tag, copied as is.
      size_t close = IFind(html, absl::StrCat("</", name), tag_end);
      size_t close_end = close == absl::string_view::npos
                             ? n
                             : std::min(n, html.find('>', close) == absl::string_view::npos
                                               ? n
                                               : html.find('>', close) + 1);
      absl::StrAppend(&out, html.substr(lt, close_end - lt));
      i = close_end;
      continue;
    }
    if (IsInlineFormatting(name)) continue;
    bool self_closing = tag.size() >= 2 && tag[tag.size() - 2] == '/';
    if (IsVoid(name) || self_closing) {
      absl::StrAppend(&out, tag);
      continue;
    }
    if (!closing) {
      if (depth >= kMaxDepth) {
        ++dropped;
        continue;
      }
      ++depth;
    } else {
      if (dropped > 0) {
        --dropped;
        continue;
      }
      if (depth > 0) --depth;
    }
    absl::StrAppend(&out, tag);
  }
  return out;
}

namespace {

// Text of `node` and its descendants, iteratively.
std::string InnerText(const GumboNode* node) {
  std::string out;
  std::vector<const GumboNode*> stack = {node};
  while (!stack.empty()) {
    const GumboNode* n = stack.back();
    stack.pop_back();
    if (n->type == GUMBO_NODE_TEXT || n->type == GUMBO_NODE_WHITESPACE ||
        n->type == GUMBO_NODE_CDATA) {
      common::AppendWithReplacement(n->v.text.text, &out);
    } else if (n->type == GUMBO_NODE_ELEMENT) {
      const GumboVector& kids = n->v.element.children;
      for (unsigned i = kids.length; i > 0; --i) {
        stack.push_back(static_cast<const GumboNode*>(kids.data[i - 1]));
      }
    }
  }
  return out;
}

// The marker a browser draws before a list item, written into the text so
// that a list reads as it would in plain text: "3. " for the third item of
// an <ol> (counting from its "start" attribute), "\u2022 " for an item of
// a <ul>, nothing for an item outside a list. `next` holds each ordered
// list's next number, as the items come in document order.
std::string ListMarker(const GumboNode* li, absl::flat_hash_map<const GumboNode*, int>* next) {
  const GumboNode* list = li->parent;
  if (list == nullptr || list->type != GUMBO_NODE_ELEMENT) return "";
  if (list->v.element.tag == GUMBO_TAG_UL) return "\xE2\x80\xA2 ";
  if (list->v.element.tag != GUMBO_TAG_OL) return "";
  auto [it, added] = next->try_emplace(list, 1);
  if (added) {
    if (const GumboAttribute* start = gumbo_get_attribute(&list->v.element.attributes, "start")) {
      int v = 0;
      bool digits = start->value[0] != '\0';
      for (const char* c = start->value; *c != '\0' && digits; ++c) {
        digits = *c >= '0' && *c <= '9' && v < 100000;
        v = v * 10 + (*c - '0');
      }
      if (digits) it->second = v;
    }
  }
  return absl::StrCat(it->second++, ". ");
}

}  // namespace

HtmlText HtmlToText(absl::string_view raw_html) {
  HtmlText result;
  const std::string html = SanitizeHtml(raw_html);
  GumboOptions options = kGumboDefaultOptions;
  options.max_errors = 1000;
  GumboOutput* output = gumbo_parse_with_options(&options, html.data(), html.size());
  std::string h1;
  // (node, closing) pairs: a closing entry adds the block break after the
  // element's children.
  std::vector<std::pair<const GumboNode*, bool>> stack;
  absl::flat_hash_map<const GumboNode*, int> list_numbers;  // ListMarker.
  stack.emplace_back(output->root, false);
  while (!stack.empty()) {
    auto [node, closing] = stack.back();
    stack.pop_back();
    if (closing) {
      result.text.append("\n\n");
      continue;
    }
    switch (node->type) {
      case GUMBO_NODE_TEXT:
      case GUMBO_NODE_CDATA:
        common::AppendWithReplacement(node->v.text.text, &result.text);
        break;
      case GUMBO_NODE_WHITESPACE:
        result.text.push_back(' ');
        break;
      case GUMBO_NODE_ELEMENT:
      case GUMBO_NODE_TEMPLATE: {
        GumboTag tag = node->v.element.tag;
        if (tag == GUMBO_TAG_TITLE && result.title.empty()) {
          result.title = InnerText(node);
        }
        if (tag == GUMBO_TAG_H1 && h1.empty()) {
          h1 = InnerText(node);
          result.h1_offset = result.text.size();
        }
        if (tag == GUMBO_TAG_HEAD && result.title.empty()) {
          const GumboVector& kids = node->v.element.children;
          for (unsigned i = 0; i < kids.length; ++i) {
            const auto* kid = static_cast<const GumboNode*>(kids.data[i]);
            if (kid->type == GUMBO_NODE_ELEMENT && kid->v.element.tag == GUMBO_TAG_TITLE) {
              result.title = InnerText(kid);
              break;
            }
          }
        }
        if (IsDropped(tag)) break;
        bool block = IsBlock(tag);
        if (block) {
          result.text.append("\n\n");
          stack.emplace_back(node, true);
        }
        if (tag == GUMBO_TAG_LI) result.text.append(ListMarker(node, &list_numbers));
        const GumboVector& kids = node->v.element.children;
        for (unsigned i = kids.length; i > 0; --i) {
          stack.emplace_back(static_cast<const GumboNode*>(kids.data[i - 1]), false);
        }
        break;
      }
      case GUMBO_NODE_DOCUMENT: {
        const GumboVector& kids = node->v.document.children;
        for (unsigned i = kids.length; i > 0; --i) {
          stack.emplace_back(static_cast<const GumboNode*>(kids.data[i - 1]), false);
        }
        break;
      }
      default:
        break;
    }
  }
  result.h1 = h1;
  if (result.title.empty()) result.title = std::move(h1);
  gumbo_destroy_output(&options, output);
  return result;
}

}  // namespace readout::extractor::internal
