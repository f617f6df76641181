// Datelines: the place (and often the date) a report is filed from, in the
// shapes the genre writes them: "BEIJING, Dec. 4 (Xinhua) --", "Lanzhou,
// June 18 --", "Islamabad, Sep 7 (PTI) The ...", "Washington, D.C. -- ...",
// "Rednet (Yueyang): ...", and whole lines without a marker ("Oslo,
// 4 March 2021"; "Bern, Switzerland" over "11 September 2012";
// "November 25, 2021 - Ottawa, Ontario - Agency").
#ifndef READOUT_EXTRACTOR_SERVICE_ENGINE_DATELINES_H_
#define READOUT_EXTRACTOR_SERVICE_ENGINE_DATELINES_H_

#include <string>

#include "extractor-service/engine/analysis.h"

namespace readout::extractor::internal {

struct Dateline {
  bool found = false;
  // The sentence holding the dateline's end; the lead starts at
  // `body_first` in it, or in the next sentence when it holds nothing more.
  int sentence = -1;
  int body_first = 0;                   // First token after the dateline.
  int place_first = 0, place_last = 0;  // Token range of the place (may be empty).
  std::string place;                    // As written (all-capitals title-cased).
  int year = 0, month = 0, day = 0;     // 0 where not written.
  int date_first = 0, date_last = 0;    // Token range of the date.
  bool whole_line = false;              // Lines of their own, no marker.
};

// The first dateline among the first `window` body sentences, or one with
// `found` false.
Dateline FindDateline(const Analysis& a, int window);

// When sentence s opens with a dateline closed by a marker ("PALVIK,
// March 4 --", "HARLO (Agency) -", "Velmora:"), the first token after the
// marker; else -1.
int DatelineMarkerEnd(const Analysis& a, int s);

}  // namespace readout::extractor::internal

#endif  // READOUT_EXTRACTOR_SERVICE_ENGINE_DATELINES_H_
