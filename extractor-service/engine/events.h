// The main event: its type (from the headline's and lead's keywords), the
// lead sentence, the dateline, its date and place, and its participants.
// Also the document's places and organizations.
#ifndef READOUT_EXTRACTOR_SERVICE_ENGINE_EVENTS_H_
#define READOUT_EXTRACTOR_SERVICE_ENGINE_EVENTS_H_

#include "extractor-service/engine/analysis.h"
#include "extractor-service/engine/dates.h"
#include "extractor-service/engine/discourse.h"
#include "readout/v1/records.pb.h"

namespace readout::extractor::internal {

// Fills out->events (main event first), out->places and
// out->organizations. `published` may be invalid (unknown).
void ExtractEvents(const Analysis& analysis, const Discourse& discourse, const Ymd& published,
                   readout::v1::Extraction* out);

}  // namespace readout::extractor::internal

#endif  // READOUT_EXTRACTOR_SERVICE_ENGINE_EVENTS_H_
