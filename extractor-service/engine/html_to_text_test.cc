// Tests of the gumbo-based HTML to text conversion.
#include "extractor-service/engine/html_to_text.h"

#include <string>

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

}  // namespace
}  // namespace readout::extractor::internal
