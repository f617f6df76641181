// Dateline shapes over the first body sentences; each check looks at a
// bounded number of tokens, so the search is linear in the window.
#include "extractor-service/engine/datelines.h"

#include <vector>

#include "extractor-service/engine/dates.h"
#include "extractor-service/engine/places.h"

namespace readout::extractor::internal {
namespace {

constexpr int kMaxPlaceWords = 4;

bool IsDash(absl::string_view l) {
  return l == "--" || l == "-" || l == "\xE2\x80\x94" || l == "\xE2\x80\x93";
}

bool IsMarker(absl::string_view l) { return IsDash(l) || l == ":"; }

class DatelineFinder {
 public:
  explicit DatelineFinder(const Analysis& a) : a_(a), toks_(a.tt.tokens), sents_(a.tt.sentences) {}

  int MarkerEnd(int s) const {
    Dateline dl;
    return MarkerShape(s, &dl) ? dl.body_first : -1;
  }

  Dateline Find(int window) {
    const int ns = static_cast<int>(sents_.size());
    const int body = a_.body_first_sentence;
    for (int s = body; s < ns && s < body + window; ++s) {
      Dateline marker;
      if (MarkerShape(s, &marker)) {
        marker.found = true;
        return marker;
      }
      Dateline line;
      if (LineShape(s, &line)) {
        line.found = true;
        return line;
      }
    }
    return Dateline();
  }

 private:
  // A word that can be part of a place name written in a dateline.
  // Geographic words ("Bay", "Island") may follow the first word.
  bool PlaceWord(int k, bool first) const {
    const Token& t = toks_[k];
    return t.word && t.cap && !t.has_digit && MonthNumber(t.lower) == 0 &&
           WeekdayNumber(t.lower) < 0 && !(t.cls & (kClsHead | kClsOrgHead)) &&
           !(first && (t.cls & kClsNonName)) && a_.mention_at_token[k] < 0;
  }

  // End of the place-shaped run of words starting at k (k when none).
  int PlaceRun(int k, int limit) const {
    PlaceKind kind;
    int e = k + PlaceAt(a_, k, limit, &kind);
    while (e < limit && e < k + kMaxPlaceWords && PlaceWord(e, e == k)) ++e;
    return e;
  }

  bool Gazetteer(int first, int last) const {
    PlaceKind kind;
    return last > first && PlaceAt(a_, first, last, &kind) > 0;
  }

  // The sentence is a line of its own.
  bool WholeLine(int s) const {
    const int ns = static_cast<int>(sents_.size());
    return (s == 0 || sents_[s - 1].paragraph != sents_[s].paragraph) &&
           (s + 1 >= ns || sents_[s + 1].paragraph != sents_[s].paragraph);
  }

  // A month-day date (optionally after a weekday and a comma) covering
  // tokens [k, last) up to trailing punctuation.
  bool DateSpans(int k, int last, DateExpr* out) const {
    if (k < last && WeekdayNumber(toks_[k].lower) >= 0) {
      ++k;
      if (k < last && toks_[k].lower == ",") ++k;
    }
    while (last > k && !toks_[last - 1].word) --last;
    if (k >= last) return false;
    std::vector<DateExpr> exprs = FindDateExprs(toks_, k, last);
    if (exprs.size() != 1 || exprs[0].kind != DateExprKind::kMonthDay || exprs[0].first != k ||
        exprs[0].last != last) {
      return false;
    }
    *out = exprs[0];
    return true;
  }

  void SetPlace(int first, int last, Dateline* dl) const {
    dl->place_first = first;
    dl->place_last = last;
    absl::string_view text = a_.Slice(first, last);
    dl->place = toks_[first].all_caps ? TitleCase(text) : std::string(text);
  }

  // A region after the place ("Washington, D.C."): kept in the place's
  // text only when it is a short postal abbreviation.
  void ExtendWithAbbreviation(int region, Dateline* dl) const {
    const Token& r = toks_[region];
    int letters = 0;
    for (char c : a_.TokenText(region)) letters += c != '.';
    if (r.all_caps && letters <= 2) {
      dl->place_last = region + 1;
      dl->place = std::string(a_.Slice(dl->place_first, region + 1));
    }
  }

  static void SetDate(const DateExpr& e, Dateline* dl) {
    dl->year = e.date.year;
    dl->month = e.date.month;
    dl->day = e.date.day;
    dl->date_first = e.first;
    dl->date_last = e.last;
  }

  // "PLACE[/PLACE], Mon D (Agency) --", "Place, Mon D --", "Place (AGENCY) -",
  // "Known-place[, Region] --", "Agency (Known-place):", "Place, Mon D (Agency) Text".
  bool MarkerShape(int s, Dateline* dl) const {
    const Sentence& sent = sents_[s];
    const int last = sent.last;
    int k = sent.first;
    const int place_first = k;
    while (k < last && toks_[k].word && toks_[k].all_caps && !toks_[k].has_digit) {
      ++k;
      if (k + 1 < last && toks_[k].lower == "/" && toks_[k + 1].all_caps) ++k;
    }
    const bool caps = k > place_first;
    if (!caps) {
      while (k < last && k < place_first + 3 && toks_[k].word && toks_[k].cap &&
             !toks_[k].has_digit && MonthNumber(toks_[k].lower) == 0) {
        ++k;
      }
    }
    if (k == place_first) return false;
    const int place_last = k;
    bool dated = false;
    int region = -1;
    if (k < last && toks_[k].lower == ",") {
      ++k;
      // "Mon D", "Mon D, YYYY", "D Month YYYY" (also a Buddhist-era year).
      std::vector<DateExpr> exprs;
      if (k + 1 < last && toks_[k].word && (toks_[k].cap || toks_[k].has_digit)) {
        exprs = FindDateExprs(toks_, k, std::min(last, k + 6));
      }
      if (!exprs.empty() && exprs[0].kind == DateExprKind::kMonthDay && exprs[0].first == k) {
        SetDate(exprs[0], dl);
        dated = true;
        k = exprs[0].last;
      } else if (k + 1 < last && toks_[k].word && toks_[k].cap && !toks_[k].has_digit &&
                 IsMarker(toks_[k + 1].lower)) {
        region = k++;
      }
    }
    int paren_first = -1, paren_last = -1;
    if (k < last && toks_[k].lower == "(") {
      int c = k + 1;
      while (c < last && c < k + 6 && toks_[c].lower != ")") ++c;
      if (c < last && toks_[c].lower == ")") {
        paren_first = k + 1;
        paren_last = c;
        k = c + 1;
      }
    }
    // "Hunan Daily (Hengyang), March 4:": the date after the bracket.
    bool dated_after_paren = false;
    if (!dated && paren_first >= 0 && k + 1 < last && toks_[k].lower == ",") {
      std::vector<DateExpr> exprs = FindDateExprs(toks_, k + 1, std::min(last, k + 7));
      if (!exprs.empty() && exprs[0].kind == DateExprKind::kMonthDay && exprs[0].first == k + 1 &&
          exprs[0].last < last && IsMarker(toks_[exprs[0].last].lower)) {
        SetDate(exprs[0], dl);
        dated_after_paren = true;
        k = exprs[0].last;
      }
    }
    const bool agency = paren_last > paren_first && paren_first >= 0 &&
                        toks_[paren_first].all_caps && paren_last == paren_first + 1;
    // "Hunan Daily (Changsha):": a paper named after its region, whose
    // bracket names the city; a place that only opens the line's run is
    // not the dateline's when a bracket follows.
    PlaceKind kind;
    const int known_words = PlaceAt(a_, place_first, place_last, &kind);
    const bool known =
        known_words > 0 && (known_words == place_last - place_first || paren_first < 0);
    const bool marker = k < last && IsMarker(toks_[k].lower);
    // "Islamabad, Sep 7 (PTI) The talks ...": a dated agency line runs on.
    const bool runs_on = dated && paren_first >= 0 && k < last && toks_[k].word && toks_[k].cap;
    if (!marker && !runs_on) return false;
    int pf = place_first, pl = place_last;
    if (!caps && !dated && !agency && (!known || dated_after_paren)) {
      // "Rednet (Yueyang):": the agency names its place in brackets; a
      // place the gazetteer lacks when the line opens the body with a colon
      // or a date after the bracket.
      if (paren_first < 0) return false;
      bool place_shaped = paren_last - paren_first <= 2 && s == a_.body_first_sentence &&
                          (toks_[k].lower == ":" || dated_after_paren);
      for (int q = paren_first; q < paren_last && place_shaped; ++q) {
        place_shaped = PlaceWord(q, q == paren_first);
      }
      if (!place_shaped && !Gazetteer(paren_first, paren_last)) return false;
      pf = paren_first;
      pl = paren_last;
    }
    dl->sentence = s;
    dl->body_first = marker ? k + 1 : k;
    if (caps) {
      // The first city of "HEFEI/URUMQI".
      int q = pf;
      while (q < pl && toks_[q].lower != "/") ++q;
      pl = q;
    }
    SetPlace(pf, pl, dl);
    if (region >= 0 && pf == place_first) ExtendWithAbbreviation(region, dl);
    return true;
  }

  // Whole lines: "Place[, Region], D Month YYYY"; "Place[, Region]" over a
  // line holding only a date; "Date - Place[, Region] - Agency"; an address
  // line "10 Downing Street".
  bool LineShape(int s, Dateline* dl) const {
    if (!WholeLine(s)) return false;
    dl->whole_line = true;
    const Sentence& sent = sents_[s];
    const int first = sent.first, last = sent.last;
    const int ns = static_cast<int>(sents_.size());
    DateExpr date;
    int pe = PlaceRun(first, last);
    if (pe > first) {
      int k = pe;
      int region = -1;
      if (k + 1 < last && toks_[k].lower == "," && PlaceRun(k + 1, last) > k + 1) {
        region = k + 1;
        k = PlaceRun(k + 1, last);
      }
      bool ok = false;
      if (k + 1 < last && toks_[k].lower == "," && DateSpans(k + 1, last, &date)) {
        SetDate(date, dl);
        dl->sentence = s;
        ok = true;
      } else if (k == last && s + 1 < ns && WholeLine(s + 1) &&
                 DateSpans(sents_[s + 1].first, sents_[s + 1].last, &date)) {
        SetDate(date, dl);
        dl->sentence = s + 1;
        ok = true;
      }
      if (!ok) return false;
      dl->body_first = sents_[dl->sentence].last;
      SetPlace(first, pe, dl);
      if (region >= 0) ExtendWithAbbreviation(region, dl);
      return true;
    }
    // "November 25, 2021 - Ottawa, Ontario - Global Affairs Canada".
    for (int d = first + 2; d < last && d < first + 8; ++d) {
      if (!IsDash(toks_[d].lower) || !DateSpans(first, d, &date)) continue;
      int p = PlaceRun(d + 1, last);
      if (p == d + 1) return false;
      int k = p;
      if (k + 1 < last && toks_[k].lower == ",") k = PlaceRun(k + 1, last);
      if (k != last && !IsDash(toks_[k].lower)) return false;
      SetDate(date, dl);
      dl->sentence = s;
      dl->body_first = last;
      SetPlace(d + 1, p, dl);
      return true;
    }
    // "10 Downing Street".
    if (last - first >= 3 && last - first <= 5 && toks_[first].has_digit && toks_[first].word) {
      absl::string_view head = toks_[last - 1].lower;
      if ((head == "street" || head == "avenue" || head == "road" || head == "square") &&
          PlaceRun(first + 1, last - 1) == last - 1) {
        dl->sentence = s;
        dl->body_first = last;
        SetPlace(first, last, dl);
        return true;
      }
    }
    return false;
  }

  const Analysis& a_;
  const std::vector<Token>& toks_;
  const std::vector<Sentence>& sents_;
};

}  // namespace

Dateline FindDateline(const Analysis& a, int window) { return DatelineFinder(a).Find(window); }

int DatelineMarkerEnd(const Analysis& a, int s) { return DatelineFinder(a).MarkerEnd(s); }

}  // namespace readout::extractor::internal
