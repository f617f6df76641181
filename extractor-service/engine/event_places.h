// Where an event happened: the place phrases of the sentences that report
// it ("in <Place>", "visited <Place>", "came to <Place>", "at the <Venue>"),
// the dateline, the headline, and the city the text names most often.
#ifndef READOUT_EXTRACTOR_SERVICE_ENGINE_EVENT_PLACES_H_
#define READOUT_EXTRACTOR_SERVICE_ENGINE_EVENT_PLACES_H_

#include <string>

#include "extractor-service/engine/analysis.h"
#include "extractor-service/engine/datelines.h"

namespace readout::extractor::internal {

struct EventPlace {
  bool found = false;
  std::string name;
  int first = 0, last = 0;  // Token range of the mention.
  bool broad = false;       // A country or region, not a city or venue.
};

// The place of the main event, reported by sentence `lead` from token
// `lead_first` on; `window` bounds the sentences looked at around it.
// `to_come`: the main event is itself in the future (a preview), so a
// future clause names its place rather than another event's.
EventPlace ResolveEventPlace(const Analysis& a, const Dateline& dateline, int lead, int lead_first,
                             int window, bool to_come = false);

// A place named for the event that tokens [first, last) report ("in
// <Place>", a motion verb's destination, a venue's city), or none.
EventPlace PlaceOfClause(const Analysis& a, int first, int last);

}  // namespace readout::extractor::internal

#endif  // READOUT_EXTRACTOR_SERVICE_ENGINE_EVENT_PLACES_H_
