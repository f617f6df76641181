// People: name detection (name shapes, surnames, title and verb evidence),
// one person per individual with every mention ("Xi" after "Xi Jinping"),
// and the positions the text gives them (titles before the name,
// appositives after it, "appointed/elected/serves as" phrases).
#ifndef READOUT_EXTRACTOR_SERVICE_ENGINE_PEOPLE_H_
#define READOUT_EXTRACTOR_SERVICE_ENGINE_PEOPLE_H_

#include "extractor-service/engine/analysis.h"

namespace readout::extractor::internal {

// Fills analysis->people, mentions, mention_at_token and pretitle_owner.
void FindPeople(Analysis* analysis);

// True for lowercase clause verbs that end an appositive ("said",
// "presided", "attended", "met", "was", ...).
bool IsClauseVerb(const Vocabulary& vocab, absl::string_view lower);

}  // namespace readout::extractor::internal

#endif  // READOUT_EXTRACTOR_SERVICE_ENGINE_PEOPLE_H_
