// gumbo-based HTML to text conversion.
#include "extractor-service/engine/html_to_text.h"

#include <gumbo.h>

#include <utility>
#include <vector>

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

// Text of `node` and its descendants, iteratively.
std::string InnerText(const GumboNode* node) {
  std::string out;
  std::vector<const GumboNode*> stack = {node};
  while (!stack.empty()) {
    const GumboNode* n = stack.back();
    stack.pop_back();
    if (n->type == GUMBO_NODE_TEXT || n->type == GUMBO_NODE_WHITESPACE ||
        n->type == GUMBO_NODE_CDATA) {
      out.append(n->v.text.text);
    } else if (n->type == GUMBO_NODE_ELEMENT) {
      const GumboVector& kids = n->v.element.children;
      for (unsigned i = kids.length; i > 0; --i) {
        stack.push_back(static_cast<const GumboNode*>(kids.data[i - 1]));
      }
    }
  }
  return out;
}

}  // namespace

HtmlText HtmlToText(absl::string_view html) {
  HtmlText result;
  GumboOptions options = kGumboDefaultOptions;
  options.max_errors = 1000;
  GumboOutput* output =
      gumbo_parse_with_options(&options, html.data(), html.size());
  std::string h1;
  // (node, closing) pairs: a closing entry adds the block break after the
  // element's children.
  std::vector<std::pair<const GumboNode*, bool>> stack;
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
        result.text.append(node->v.text.text);
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
        if (tag == GUMBO_TAG_H1 && h1.empty()) h1 = InnerText(node);
        if (tag == GUMBO_TAG_HEAD && result.title.empty()) {
          const GumboVector& kids = node->v.element.children;
          for (unsigned i = 0; i < kids.length; ++i) {
            const auto* kid = static_cast<const GumboNode*>(kids.data[i]);
            if (kid->type == GUMBO_NODE_ELEMENT &&
                kid->v.element.tag == GUMBO_TAG_TITLE) {
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
        const GumboVector& kids = node->v.element.children;
        for (unsigned i = kids.length; i > 0; --i) {
          stack.emplace_back(static_cast<const GumboNode*>(kids.data[i - 1]),
                             false);
        }
        break;
      }
      case GUMBO_NODE_DOCUMENT: {
        const GumboVector& kids = node->v.document.children;
        for (unsigned i = kids.length; i > 0; --i) {
          stack.emplace_back(static_cast<const GumboNode*>(kids.data[i - 1]),
                             false);
        }
        break;
      }
      default:
        break;
    }
  }
  if (result.title.empty()) result.title = std::move(h1);
  gumbo_destroy_output(&options, output);
  return result;
}

}  // namespace readout::extractor::internal
