// Who says and does what: resolves references (names, "he"/"she", "the
// Secretary") sentence by sentence, finds reported statements with their
// reporting verb and enumerated points, and the role phrases that tie people
// to an event ("presided over", "attended", "met with").
#ifndef READOUT_EXTRACTOR_SERVICE_ENGINE_DISCOURSE_H_
#define READOUT_EXTRACTOR_SERVICE_ENGINE_DISCOURSE_H_

#include <vector>

#include "extractor-service/engine/analysis.h"
#include "readout/v1/records.pb.h"

namespace readout::extractor::internal {

struct PointInfo {
  int ordinal = 0;
  ByteSpan span;
};

struct StatementInfo {
  int speaker = -1;
  int sentence = 0;
  ByteSpan verb;
  ByteSpan text;
  // Further parts of the text, joined to it with a space: the second half
  // of a quotation split by its attribution, a quotation's later
  // paragraphs.
  std::vector<ByteSpan> text_more;
  ByteSpan whole;
  // The verb and the setting that follows it, or its inverted speaker:
  // "said in a statement on Tuesday", "told reporters after the meeting",
  // "said Renk in a letter".
  ByteSpan setting;
  std::vector<PointInfo> points;
};

struct RoleInfo {
  int person = -1;
  readout::v1::ParticipantRole role = readout::v1::PARTICIPANT_ROLE_UNSPECIFIED;
  ByteSpan span;
  int sentence = 0;
  // From "visited"/"visits": counts only when the event is a visit.
  bool from_visit = false;
  // A guest of a hosted ceremony or banquet ("held a banquet for X"): a
  // gathering of its own, no part in talks.
  bool from_ceremony = false;
  // A part in signing an agreement ("signed the accord", "witnessed by
  // X"): counts only when the main event is the signing ceremony.
  bool from_signing = false;
};

struct Discourse {
  std::vector<StatementInfo> statements;
  std::vector<RoleInfo> roles;
  // The pass stopped when it found more statements (or enumerated points in
  // all) than its limits allow.
  bool statements_exceeded = false;
  bool points_exceeded = false;
};

struct DiscourseLimits {
  size_t max_statements = SIZE_MAX;
  size_t max_points = SIZE_MAX;
};

// Words to the press at token k: "spoke/talked to (the) reporters", "to
// the BBC", "told Reuters", "an interview with Nordic Radio", "spoke on
// condition of anonymity". An interview is no talks between two sides and
// no address to a sitting. `last` ends the sentence.
bool WordsToThePress(const Analysis& a, int k, int last);

// Runs the sentence-by-sentence pass over the analysis (people found).
// Stops as soon as a limit is passed (see Discourse).
Discourse AnalyzeDiscourse(const Analysis& analysis, const DiscourseLimits& limits = {});

}  // namespace readout::extractor::internal

#endif  // READOUT_EXTRACTOR_SERVICE_ENGINE_DISCOURSE_H_
