// The rows a document gives the query tables that both stores lay out
// alike (docs, persons, positions, orgs, events, participants; see
// sql_filter.h): sort keys, people by key, positions, organizations,
// events and their participants, with NUL bytes read as spaces. Pure
// functions; thread-safe.
#ifndef READOUT_CATALOG_SERVICE_STORE_INDEX_ROWS_H_
#define READOUT_CATALOG_SERVICE_STORE_INDEX_ROWS_H_

#include <cstdint>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/string_view.h"
#include "google/type/date.pb.h"
#include "readout/v1/records.pb.h"

namespace readout::catalog {

// What a document puts in the query tables (and the serialized
// extraction): built on the caller's thread, so a store's writer, its one
// serial resource, only binds values.
struct IndexRows {
  std::string blob;         // Serialized extraction.
  std::string title, text;  // For search.
  std::string title_lc;
  int64_t published = 0;
  int64_t event_date = 0;
  struct Person {
    std::string key, name, name_lc;
  };
  std::vector<Person> persons;
  struct Position {
    std::string key, title, title_lc;
  };
  std::vector<Position> positions;
  std::set<std::string> orgs;
  struct Event {
    int64_t type = 0, date = 0;
    std::string name, location, location_lc;
    std::vector<std::pair<std::string, int64_t>> participants;  // (key, role)
  };
  std::vector<Event> events;
};

// Every text field is as IndexText gives it; the blob is the record exact.
IndexRows IndexRowsOf(const v1::Extraction& x);

// Text from a record as the indexes hold it: each NUL byte a space. A NUL
// is valid in a record's strings, but PostgreSQL refuses it in a text value;
// both stores keep the record exact and index this instead, so that they
// find, filter and name alike (a NUL between two words separates them).
std::string IndexText(absl::string_view text);

// A date as the integer yyyymmdd the tables sort and filter on (0: none).
int64_t DateKey(const google::type::Date& date);
void DateFromKey(int64_t key, google::type::Date* date);

}  // namespace readout::catalog

#endif  // READOUT_CATALOG_SERVICE_STORE_INDEX_ROWS_H_
