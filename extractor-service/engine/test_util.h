// Helpers shared by the engine's unit tests: run the extractor on a text,
// find people and statements in the result, check spans.
#ifndef READOUT_EXTRACTOR_SERVICE_ENGINE_TEST_UTIL_H_
#define READOUT_EXTRACTOR_SERVICE_ENGINE_TEST_UTIL_H_

#include <string>
#include <vector>

#include "extractor-service/engine/extractor.h"
#include "gtest/gtest.h"

namespace readout::extractor::testing {

inline readout::v1::Extraction ExtractText(absl::string_view text, int y = 0, int m = 0,
                                           int d = 0) {
  static const Extractor* const kExtractor = new Extractor();
  DocumentSource source;
  source.content = text;
  source.format = InputFormat::kText;
  source.published_date.set_year(y);
  source.published_date.set_month(m);
  source.published_date.set_day(d);
  auto result = kExtractor->Extract(source);
  EXPECT_TRUE(result.ok()) << result.status();
  return result.ok() ? *result : readout::v1::Extraction();
}

inline const readout::v1::Person* FindPerson(const readout::v1::Extraction& x,
                                             absl::string_view name) {
  for (const auto& p : x.people()) {
    if (p.name() == name) return &p;
  }
  return nullptr;
}

inline std::vector<std::string> Titles(const readout::v1::Person& p) {
  std::vector<std::string> out;
  for (const auto& pos : p.positions()) out.push_back(pos.title());
  return out;
}

// The titles of the person named `name`, as Titles gives them; a failure
// of the test (and no titles) when the extraction holds no such person.
inline std::vector<std::string> TitlesOf(const readout::v1::Extraction& x, absl::string_view name) {
  const readout::v1::Person* p = FindPerson(x, name);
  if (p == nullptr) {
    ADD_FAILURE() << "no person named " << name;
    return {};
  }
  return Titles(*p);
}

inline std::string SpanText(const readout::v1::Extraction& x, const readout::v1::Span& s) {
  return x.document().text().substr(s.start(), s.end() - s.start());
}

inline bool HasRole(const readout::v1::Extraction& x, absl::string_view name,
                    readout::v1::ParticipantRole role) {
  if (x.events_size() == 0) return false;
  for (const auto& p : x.events(0).participants()) {
    if (p.person_name() == name && p.role() == role) return true;
  }
  return false;
}

inline bool HasStatement(const readout::v1::Extraction& x, absl::string_view name,
                         absl::string_view verb) {
  for (const auto& s : x.statements()) {
    if (s.speaker_name() == name && s.verb() == verb) return true;
  }
  return false;
}

}  // namespace readout::extractor::testing

#endif  // READOUT_EXTRACTOR_SERVICE_ENGINE_TEST_UTIL_H_
