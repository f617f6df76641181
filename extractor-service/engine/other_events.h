// Meetings an article reports beside its main one ("X also met Y", "During
// his meeting with Z, ..."): each gets its own participants, and their roles
// stay off the main event unless the main event is the series itself ("held
// a series of bilateral meetings").
#ifndef READOUT_EXTRACTOR_SERVICE_ENGINE_OTHER_EVENTS_H_
#define READOUT_EXTRACTOR_SERVICE_ENGINE_OTHER_EVENTS_H_

#include <vector>

#include "extractor-service/engine/analysis.h"
#include "extractor-service/engine/discourse.h"

namespace readout::extractor::internal {

struct OtherEvent {
  std::vector<int> sentences;     // In order; the first one reports it.
  std::vector<int> roles;         // Indexes into Discourse::roles.
  std::vector<int> hosts;         // People of the main event who met them.
  std::vector<int> counterparts;  // People met there, not in the main event.
  // Tokens [first, last) of the clause that tells it within a sentence that
  // tells several ("with A in X, then with B in Y"): its own date and place
  // are read there first; last == 0 when the whole sentences tell it.
  int clause_first = 0;
  int clause_last = 0;
};

struct EventSplit {
  std::vector<OtherEvent> others;
  // The main event is a series of meetings: the others' participants
  // belong to it as well.
  bool series = false;
  // Discourse::roles index -> kept on the main event.
  std::vector<char> main_role;
};

// Splits the discourse's roles between the main event, reported by sentence
// `lead` with its keyword at token `keyword` (-1 when none), and the other
// meetings of the article. Roles in a clause set at another time ("as X
// attended the ceremony last year", "X will deliver a speech") stay off the
// main event; so do those dated "in <year>" when the main event's year,
// `main_year`, is another (0: unknown). A lead that reports a series with
// several "with" groups gives an event for each group. One pass over the
// roles, each read within its clause.
EventSplit SplitEvents(const Analysis& a, const Discourse& d, int lead, int keyword, int main_year);

// The main event's keyword token: `keyword`, else (-1) the first role verb
// of sentence `lead` ("will meet"), else -1.
int MainKeyword(const Analysis& a, const Discourse& d, int lead, int keyword);

// "President X will meet Prime Minister Y in Lisbon on Thursday": the lead
// tells the main event as one to come (a future cue before its keyword,
// in its clause). Then "will" and "to be" set no other time for its roles
// and places.
bool MainEventToCome(const Analysis& a, const Discourse& d, int lead, int keyword);

}  // namespace readout::extractor::internal

#endif  // READOUT_EXTRACTOR_SERVICE_ENGINE_OTHER_EVENTS_H_
