// Unit tests of the extraction engine's input checks, document record and
// resistance to hostile input.
#include "extractor-service/engine/extractor.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "extractor-service/engine/test_util.h"
#include "gtest/gtest.h"

namespace readout::extractor {
namespace {

TEST(ExtractorTest, EmptyInputIsInvalidArgument) {
  Extractor extractor;
  auto result = extractor.Extract({.content = ""});
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(ExtractorTest, OversizedInputIsResourceExhausted) {
  Extractor extractor({.max_document_bytes = 10});
  auto result = extractor.Extract({.content = "Title\n\nA long enough body."});
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), absl::StatusCode::kResourceExhausted);
}

TEST(ExtractorTest, InvalidUtf8NamesTheOffset) {
  Extractor extractor;
  auto result = extractor.Extract({.content = "Title\n\nBad \xC3( byte"});
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(result.status().message().find("offset 12"), std::string::npos)
      << result.status().message();
}

TEST(ExtractorTest, HtmlWithoutTextIsInvalidArgument) {
  Extractor extractor;
  auto result = extractor.Extract(
      {.content = "<html><body><script>x()</script><nav>menu</nav></body></html>"});
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(ExtractorTest, DocumentRecordForText) {
  auto x = testing::ExtractText("  Mayor visits port\r\n\r\nThe mayor visited.");
  const auto& doc = x.document();
  EXPECT_EQ(doc.text(), "Mayor visits port\n\nThe mayor visited.");
  EXPECT_EQ(doc.title(), "Mayor visits port");
  EXPECT_EQ(testing::SpanText(x, doc.title_span()), doc.title());
  ASSERT_EQ(doc.content_hash().size(), 64u);
  // SHA-256 of the normalized text, lowercase hex: same text, same hash.
  auto again = testing::ExtractText("Mayor visits port\n\nThe mayor visited.");
  EXPECT_EQ(again.document().content_hash(), doc.content_hash());
}

TEST(ExtractorTest, HtmlTitleAndBody) {
  Extractor extractor;
  auto result =
      extractor.Extract({.content = "<!doctype html><html><head><title>Envoy meets mayor</title>"
                                    "</head><body><p>Mayor Rui Ganlin met with Envoy Tom Avery in "
                                    "Dalian.</p></body></html>"});
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(result->document().title(), "Envoy meets mayor");
  EXPECT_EQ(result->document().text().rfind("Envoy meets mayor\n\n", 0), 0u);
  EXPECT_NE(testing::FindPerson(*result, "Rui Ganlin"), nullptr);
}

TEST(ExtractorTest, HtmlHeadlineDropsTheChromeBeforeIt) {
  Extractor extractor;
  auto result = extractor.Extract(
      {.content = "<html><head><title>Mayor meets envoy - City News</title></head>"
                  "<body><div>Home &gt; News</div><h1>Mayor meets envoy</h1>"
                  "<p>Mayor Kang Yue met Envoy Ida Berg in Jinan.</p></body></html>"});
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(result->document().title(), "Mayor meets envoy");
  EXPECT_EQ(result->document().text(),
            "Mayor meets envoy\n\nMayor Kang Yue met Envoy Ida Berg in Jinan.");
}

TEST(ExtractorTest, HostileInputsDoNotCrash) {
  Extractor extractor;
  std::string deep = "<html><body>";
  for (int i = 0; i < 100000; ++i) deep += "<div><b>";
  deep += "Deep text.";
  EXPECT_TRUE(extractor.Extract({.content = deep}).ok());

  std::string long_line = "Title\n\n";
  for (int i = 0; i < 200000; ++i) long_line += "Wang Li, secretary of X, said ";
  auto r = extractor.Extract({.content = long_line});
  // 200,000 statements: refused by a cap, not worked through.
  EXPECT_EQ(r.status().code(), absl::StatusCode::kResourceExhausted) << r.status();

  std::string binary;
  for (int i = 0; i < 100000; ++i) binary.push_back(static_cast<char>(i * 31 % 128));
  auto b = extractor.Extract({.content = binary});
  // Control bytes become spaces: either some text remains or the document is
  // refused as empty, never another error.
  EXPECT_TRUE(b.ok() || b.status().code() == absl::StatusCode::kInvalidArgument) << b.status();
}

// The cap a RESOURCE_EXHAUSTED status names in its payload ("" if none).
std::string CapOf(const absl::Status& status) {
  auto cap = status.GetPayload(kLimitPayloadUrl);
  return cap ? std::string(*cap) : "";
}

TEST(ExtractorTest, EachCapRefusesTheDocumentThatPassesIt) {
  std::string many_statements = "Title\n\n";
  for (int i = 0; i < 50; ++i) many_statements += "Mr. Li Wei said the plan works. ";
  many_statements += "\n";
  std::string many_people = "Title\n\n";
  for (char a = 'A'; a <= 'Z'; ++a) {
    for (char b = 'a'; b <= 'j'; ++b) {
      const std::string ab = {a, b};
      many_people +=
          absl::StrCat("Mr. ", ab, "x Wei", std::string(1, b), " met Mr. Zhang ", ab, "y.\n");
    }
  }
  std::string many_points = "Title\n\nMr. Li Wei said the plan has three parts.\n";
  many_points += "First, roads. Second, bridges. Third, ports.\n";

  struct Case {
    ExtractorOptions options;
    const std::string* text;
    std::string cap;
  };
  ExtractorOptions statements;
  statements.max_statements = 10;
  ExtractorOptions tokens;
  tokens.max_tokens = 100;
  ExtractorOptions people;
  people.max_people = 20;
  ExtractorOptions response;
  response.max_response_bytes = 200;
  for (const Case& c :
       {Case{statements, &many_statements, "max_statements"},
        Case{tokens, &many_statements, "max_tokens"}, Case{people, &many_people, "max_people"},
        Case{response, &many_statements, "max_response_bytes"}}) {
    absl::StatusOr<v1::Extraction> r = Extractor(c.options).Extract({.content = *c.text});
    EXPECT_EQ(r.status().code(), absl::StatusCode::kResourceExhausted) << c.cap;
    EXPECT_EQ(CapOf(r.status()), c.cap) << r.status();
    // Under the default caps the same document is extracted.
    EXPECT_TRUE(Extractor().Extract({.content = *c.text}).ok()) << c.cap;
  }
}

TEST(ExtractorTest, ResponseCapIsTheRecordsSerializedSize) {
  for (const char* text : {"Talks in Port Avon\n\nMr. Li Wei met Mr. Zhang Hua in Port Avon.\n",
                           "Talks in Port Avon\n\nMr. Li Wei met Mr. Zhang Hua. Mr. Li Wei "
                           "said the plan works. Mr. Zhang Hua said trade grew.\n"}) {
    absl::StatusOr<v1::Extraction> full = Extractor().Extract({.content = text});
    ASSERT_TRUE(full.ok()) << full.status();
    const size_t size = full->ByteSizeLong();
    // The cap is on the record as sent: a record of exactly the cap passes
    // when no statement is in it (statements are first counted with room
    // to spare), and one byte less is refused.
    ExtractorOptions exact;
    exact.max_response_bytes = size;
    if (full->statements().empty()) {
      EXPECT_TRUE(Extractor(exact).Extract({.content = text}).ok()) << text;
    }
    ExtractorOptions under;
    under.max_response_bytes = size - 1;
    absl::StatusOr<v1::Extraction> r = Extractor(under).Extract({.content = text});
    EXPECT_EQ(r.status().code(), absl::StatusCode::kResourceExhausted) << text;
    EXPECT_EQ(CapOf(r.status()), "max_response_bytes") << text;
  }
}

}  // namespace
}  // namespace readout::extractor
