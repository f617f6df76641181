// The extraction engine's entry point: input checks, HTML or text
// normalization, then the passes (tokens -> people -> discourse -> events)
// and the assembly of the readout.v1.Extraction record.
#include "extractor-service/engine/extractor.h"

#include <algorithm>
#include <string>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/cord.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "common/sha256.h"
#include "extractor-service/engine/analysis.h"
#include "extractor-service/engine/dates.h"
#include "extractor-service/engine/discourse.h"
#include "extractor-service/engine/events.h"
#include "extractor-service/engine/html_to_text.h"
#include "extractor-service/engine/people.h"
#include "extractor-service/engine/text_normalizer.h"
#include "extractor-service/engine/tokens.h"
#include "extractor-service/engine/vocabulary.h"

namespace readout::extractor {

// Everything built once per Extractor: the vocabularies.
struct Extractor::Rules {
  const internal::Vocabulary* vocab = &internal::GetVocabulary();
};

namespace {

// RESOURCE_EXHAUSTED for a passed cap, naming it in the message and in a
// kLimitPayloadUrl payload.
absl::Status LimitExceeded(absl::string_view cap, size_t limit, absl::string_view what) {
  absl::Status status = absl::ResourceExhaustedError(
      absl::StrCat("the document yields more ", what, " than the limit of ", limit, " (--",
                   absl::StrReplaceAll(cap, {{"_", "-"}}), "); split it or raise the limit"));
  status.SetPayload(kLimitPayloadUrl, absl::Cord(cap));
  return status;
}

// Bytes of `v` as a protobuf varint.
size_t VarintSize(size_t v) {
  size_t n = 1;
  while (v >= 0x80) {
    v >>= 7;
    ++n;
  }
  return n;
}

void SetSpan(v1::Span* span, uint32_t b, uint32_t e) {
  span->set_start(b);
  span->set_end(e);
}

// A head titled only when capitalized ("leader", "adviser") names a post
// in lowercase at token i where the sentence gives it one: after a verb of
// appointment or "as", past at most two modifiers ("was elected leader of
// the Coastal Party", "appointed special adviser to the minister"), or
// after a capitalized body ("Nordby Council leader", "Labour Party
// leader"; not "the city leader").
bool LeaderGiven(const std::vector<internal::Token>& toks, size_t i) {
  const internal::Token& t = toks[i];
  size_t q = i;
  while (q > 0 && q + 2 > i && toks[q - 1].sentence == t.sentence && toks[q - 1].word &&
         !toks[q - 1].cap && (toks[q - 1].cls & internal::kClsModifier)) {
    --q;
  }
  if (q == 0 || toks[q - 1].sentence != t.sentence) return false;
  const internal::Token& p = toks[q - 1];
  if (internal::IsElectionVerb(p.lower) || internal::OneOf(p.lower, {"named", "as"})) return true;
  return q == i && p.cap && p.word && (p.cls & internal::kClsOrgHead);
}

}  // namespace

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

absl::StatusOr<readout::v1::Extraction> Extractor::Extract(const DocumentSource& source) const {
  if (source.content.empty()) {
    return absl::InvalidArgumentError("the document is empty");
  }
  if (source.content.size() > options_.max_document_bytes) {
    return absl::ResourceExhaustedError(absl::StrCat("the document is ", source.content.size(),
                                                     " bytes; the limit is ",
                                                     options_.max_document_bytes));
  }
  if (absl::Status s = internal::ValidateUtf8(source.content); !s.ok()) return s;

  bool html = source.format == InputFormat::kHtml ||
              (source.format == InputFormat::kDetect && LooksLikeHtml(source.content));
  std::string text;
  std::string title;
  if (html) {
    internal::HtmlText h = internal::HtmlToText(source.content);
    // A page's <h1> is its headline: what comes before it is site chrome.
    std::string h1 = internal::NormalizeText(h.h1);
    if (!h1.empty() && h.h1_offset != std::string::npos) {
      std::string from_h1 = internal::NormalizeText(absl::string_view(h.text).substr(h.h1_offset));
      if (absl::StartsWith(from_h1, h1)) {
        h.text = std::move(from_h1);
        h.title = h1;
      }
    }
    text = internal::NormalizeText(h.text);
    title = internal::NormalizeText(h.title);
    for (char& c : title) {
      if (c == '\n') c = ' ';
    }
    if (!title.empty() && !absl::StartsWith(text, title)) {
      text = text.empty() ? title : absl::StrCat(title, "\n\n", text);
    }
  } else {
    text = internal::NormalizeText(source.content);
  }
  if (text.empty()) {
    return absl::InvalidArgumentError("the document holds no text");
  }
  size_t line_end = text.find('\n');
  if (line_end == std::string::npos) line_end = text.size();
  if (title.empty() || !absl::StartsWith(text, title)) {
    title = text.substr(0, line_end);
  }

  readout::v1::Extraction out;
  auto* doc = out.mutable_document();
  doc->set_title(title);
  SetSpan(doc->mutable_title_span(), 0, static_cast<uint32_t>(title.size()));
  doc->set_source_uri(source.source_uri);
  if (source.published_date.year() != 0) {
    *doc->mutable_published_date() = source.published_date;
  }
  doc->set_content_hash(common::Sha256Hex(text));
  doc->set_text(std::move(text));

  internal::Analysis a;
  a.text = doc->text();
  a.vocab = rules_->vocab;
  a.tt = internal::Tokenize(a.text, options_.max_tokens);
  if (a.tt.truncated) {
    return LimitExceeded("max_tokens", options_.max_tokens, "words and punctuation marks");
  }
  a.max_people = options_.max_people;
  for (size_t i = 0; i < a.tt.tokens.size(); ++i) {
    internal::Token& t = a.tt.tokens[i];
    if (!t.word) continue;
    const uint32_t cls = a.vocab->Classify(t.lower);
    t.cls = static_cast<uint16_t>(cls);
    // "ex-minister", "then-mayor", "Ex-President": a post held before is
    // the post, with the prefix that dates it.
    if (t.cls == 0) {
      const size_t dash = t.lower.find('-');
      // "Mayor-elect", "Minister-designate": a post to be taken up.
      const size_t tail = t.lower.rfind('-');
      if (tail != absl::string_view::npos && tail > 0 &&
          internal::OneOf(t.lower.substr(tail + 1), {"elect", "designate"})) {
        const uint32_t post = a.vocab->Classify(t.lower.substr(0, tail));
        if (post & internal::kClsHead) {
          t.cls = static_cast<uint16_t>(
              post & (internal::kClsHead | internal::kClsModifier | internal::kClsNonName));
        }
      }
      if (t.cls == 0 && dash != absl::string_view::npos &&
          internal::OneOf(t.lower.substr(0, dash), {"ex", "then", "former"})) {
        const uint32_t post = a.vocab->Classify(t.lower.substr(dash + 1));
        if (post & internal::kClsHead) {
          t.cls = static_cast<uint16_t>(
              post & (internal::kClsHead | internal::kClsModifier | internal::kClsNonName));
        }
      }
    }
    t.plural_head = (cls & internal::kClsPluralHead) && t.lower.size() >= 3 &&
                    (t.cap || !(cls & internal::kClsPluralCapitalizedHead));
    // "Trần", "Nguyễn": looked up by their folded form ("tran"). A word
    // written with diacritics is no English word: "Đỗ" folds to "do" but is
    // a family name, not the verb, so the folded form lends no classes of
    // function or clause words (a place keeps its non-name class).
    if (t.cls == 0 && t.non_ascii) {
      t.cls = static_cast<uint16_t>(a.vocab->Classify(internal::FoldedKey(t.lower)));
      if (!(t.cls & internal::kClsPlaceStart)) t.cls &= ~internal::kClsNonName;
      t.cls &= ~(internal::kClsReporting | internal::kClsRole | internal::kClsPhraseStart |
                 internal::kClsCues);
    }
    // "Sen. Ana Lind", "Rep. Tom Reed": a title written short heads the
    // title before a name (not "Amartya Sen.", after a name word).
    // British style writes "Cllr" and "Supt" without the period; no name
    // is spelled so.
    const bool unambiguous_short = internal::OneOf(t.lower, {"cllr", "supt"});
    if (t.cap &&
        ((t.end == t.begin + t.lower.size() + 1 && a.text[t.end - 1] == '.') ||
         unambiguous_short) &&
        internal::IsAbbreviatedTitleHead(t.lower) &&
        (i == 0 || !a.tt.tokens[i - 1].cap || (a.tt.tokens[i - 1].cls & internal::kClsHead) ||
         a.tt.tokens[i - 1].sentence != t.sentence)) {
      t.cls |= internal::kClsHead;
    }
    // A head titled only when capitalized ("Leader") is one in lowercase
    // too after a rank ("Deputy leader Ana Lind"; not "top political
    // advisor").
    if (!t.cap && (t.cls & internal::kClsHead) && a.vocab->capitalized_heads.contains(t.lower) &&
        !(i > 0 && a.tt.tokens[i - 1].sentence == t.sentence &&
          (internal::OneOf(a.tt.tokens[i - 1].lower, {"deputy", "vice", "acting", "assistant"}) ||
           // "was elected leader of the Coastal Party": a post given.
           LeaderGiven(a.tt.tokens, i)))) {
      t.cls &= ~internal::kClsHead;
    }
    // "chief" heads a title at its end ("Party chief", "Army Chief"), and
    // modifies the head after it ("Chief Executive", "chief financial
    // officer").
    if ((t.cls & (internal::kClsHead | internal::kClsModifier)) && i > 0 &&
        a.tt.tokens[i - 1].lower == "chief") {
      a.tt.tokens[i - 1].cls &= ~internal::kClsHead;
    }
  }
  const auto& sents = a.tt.sentences;
  a.body_first_sentence = 0;
  if (title.size() < a.text.size()) {
    for (size_t s = 0; s < sents.size(); ++s) {
      if (a.tt.tokens[sents[s].first].begin >= title.size()) {
        a.body_first_sentence = static_cast<int>(s);
        break;
      }
    }
  }
  internal::FindPeople(&a);
  if (a.people_exceeded) return LimitExceeded("max_people", options_.max_people, "people");
  internal::Discourse discourse = internal::AnalyzeDiscourse(
      a, {.max_statements = options_.max_statements, .max_points = options_.max_points});
  if (discourse.statements_exceeded) {
    return LimitExceeded("max_statements", options_.max_statements, "statements");
  }
  if (discourse.points_exceeded) {
    return LimitExceeded("max_points", options_.max_points, "enumerated points");
  }
  internal::Ymd published;
  if (internal::IsRealDate(source.published_date.year(), source.published_date.month(),
                           source.published_date.day())) {
    published = {source.published_date.year(), source.published_date.month(),
                 source.published_date.day()};
  }
  internal::ExtractEvents(a, discourse, published, &out);

  for (const internal::PersonInfo& p : a.people) {
    if (p.name.empty() || p.mentions.empty()) continue;
    auto* person = out.add_people();
    person->set_name(p.name);
    // The repeated fields are sized once, not grown by doubling.
    person->mutable_positions()->Reserve(static_cast<int>(p.titles.size()));
    person->mutable_mentions()->Reserve(static_cast<int>(p.mentions.size()));
    for (const internal::TitleInfo& t : p.titles) {
      auto* pos = person->add_positions();
      pos->set_title(t.text);
      pos->set_organization(t.organization);
      SetSpan(pos->mutable_span(), t.span.begin, t.span.end);
    }
    for (const internal::ByteSpan& m : p.mentions) {
      SetSpan(person->add_mentions(), m.begin, m.end);
    }
  }
  const absl::string_view body = doc->text();
  // Statements may overlap (several speakers in one sentence), so their
  // texts are counted against the response cap before they are copied.
  size_t response_bytes = out.ByteSizeLong();
  // The record's exact serialized size, kept up to date as statements are
  // added (each adds its tag, its length and its bytes), so that the final
  // check needs no second pass over the whole record.
  size_t record_bytes = response_bytes;
  for (const internal::StatementInfo& st : discourse.statements) {
    const internal::PersonInfo& p = a.people[st.speaker];
    if (p.name.empty()) continue;
    response_bytes += 32 + p.name.size() + (st.verb.end - st.verb.begin) +
                      (st.text.end - st.text.begin) + st.points.size() * 24;
    for (const internal::ByteSpan& part : st.text_more) {
      response_bytes += 1 + part.end - part.begin;
    }
    for (const internal::PointInfo& pt : st.points) response_bytes += pt.span.end - pt.span.begin;
    if (response_bytes > options_.max_response_bytes) {
      return LimitExceeded("max_response_bytes", options_.max_response_bytes, "response bytes");
    }
    auto* s = out.add_statements();
    s->set_speaker_name(p.name);
    s->set_verb(std::string(body.substr(st.verb.begin, st.verb.end - st.verb.begin)));
    std::string* text = s->mutable_text();
    text->assign(body.data() + st.text.begin, st.text.end - st.text.begin);
    for (const internal::ByteSpan& part : st.text_more) {
      text->push_back(' ');
      text->append(body.data() + part.begin, part.end - part.begin);
    }
    SetSpan(s->mutable_span(), st.whole.begin, st.whole.end);
    for (const internal::PointInfo& pt : st.points) {
      auto* point = s->add_points();
      point->set_ordinal(pt.ordinal);
      point->set_text(std::string(body.substr(pt.span.begin, pt.span.end - pt.span.begin)));
      SetSpan(point->mutable_span(), pt.span.begin, pt.span.end);
    }
    const size_t statement_bytes = s->ByteSizeLong();
    // A field number under 16 has a one-byte tag.
    static_assert(readout::v1::Extraction::kStatementsFieldNumber < 16);
    record_bytes += 1 + VarintSize(statement_bytes) + statement_bytes;
  }
  if (record_bytes > options_.max_response_bytes) {
    return LimitExceeded("max_response_bytes", options_.max_response_bytes, "response bytes");
  }
  return out;
}

}  // namespace readout::extractor
