// Tests of the gumbo-based HTML to text conversion.
#include "extractor-service/engine/html_to_text.h"

#include <string>

#include "common/utf8.h"
#include "extractor-service/engine/text_normalizer.h"
#include "gtest/gtest.h"

namespace readout::extractor::internal {
namespace {

TEST(HtmlToTextTest, DropsScriptsNavigationAndMarkup) {
  HtmlText h = HtmlToText(
      "<html><head><title>Mayor meets envoy</title><style>p{}</style></head>"
      "<body><nav>Home | News</nav><header>Site</header>"
      "<p>First &amp; <b>bold</b> paragraph.</p><script>var x=1;</script>"
      "<div>Second&nbsp;one.</div><footer>Copyright</footer></body></html>");
  std::string text = NormalizeText(h.text);
  EXPECT_EQ(h.title, "Mayor meets envoy");
  EXPECT_EQ(text, "First & bold paragraph.\n\nSecond one.");
}

// gumbo reads a numeric character reference into an int: one too large
// overflows and comes out as ill-formed UTF-8. The text and title stay
// well-formed, the bad reference a replacement character.
TEST(HtmlToTextTest, KeepsTextWellFormedAfterAnOverlongCharacterReference) {
  HtmlText h = HtmlToText(
      "<html><head><title>Envoy &#x5cccccccccc; visit</title></head>"
      "<body><p>Talks &#x5cccccccccc; ended &#99999999999; today.</p></body></html>");
  EXPECT_EQ(common::FindInvalidUtf8(h.title), absl::string_view::npos);
  EXPECT_EQ(common::FindInvalidUtf8(h.text), absl::string_view::npos);
  EXPECT_NE(h.text.find("Talks "), std::string::npos);
  EXPECT_NE(h.text.find(" today."), std::string::npos);
}

TEST(HtmlToTextTest, FallsBackToH1ForTheTitle) {
  HtmlText h = HtmlToText("<body><h1>Forum opens</h1><p>Text.</p></body>");
  EXPECT_EQ(h.title, "Forum opens");
}

TEST(HtmlToTextTest, SurvivesDeepNesting) {
  std::string html = "<html><body>";
  for (int i = 0; i < 50000; ++i) html += "<div>";
  html += "deep";
  HtmlText h = HtmlToText(html);
  EXPECT_EQ(NormalizeText(h.text), "deep");
}

TEST(HtmlToTextTest, ListItemsGetTheMarkersABrowserDraws) {
  HtmlText h = HtmlToText(
      "<body><p>Plan:</p><ol><li>Roads.</li><li>Schools.</li></ol>"
      "<ol start=\"4\"><li>Parks.</li></ol><ul><li>Safety;</li><li>cost.</li></ul></body>");
  EXPECT_EQ(NormalizeText(h.text),
            "Plan:\n\n1. Roads.\n\n2. Schools.\n\n4. Parks.\n\n\xE2\x80\xA2 Safety;\n\n"
            "\xE2\x80\xA2 cost.");
}

}  // namespace
}  // namespace readout::extractor::internal
