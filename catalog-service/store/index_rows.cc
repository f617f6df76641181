// Index rows of a document (see index_rows.h).
#include "catalog-service/store/index_rows.h"

#include <algorithm>
#include <map>

#include "catalog-service/query/names.h"
#include "catalog-service/store/sql_filter.h"

namespace readout::catalog {

int64_t DateKey(const google::type::Date& date) {
  return int64_t{date.year()} * 10000 + date.month() * 100 + date.day();
}

void DateFromKey(int64_t key, google::type::Date* date) {
  date->set_year(static_cast<int32_t>(key / 10000));
  date->set_month(static_cast<int32_t>(key / 100 % 100));
  date->set_day(static_cast<int32_t>(key % 100));
}

std::string IndexText(absl::string_view text) {
  std::string out(text);
  std::replace(out.begin(), out.end(), '\0', ' ');
  return out;
}

IndexRows IndexRowsOf(const v1::Extraction& x) {
  IndexRows d;
  d.blob = x.SerializeAsString();
  d.title = IndexText(x.document().title());
  d.text = IndexText(x.document().text());
  d.title_lc = LowerAscii(d.title);
  d.published = DateKey(x.document().published_date());
  d.event_date = x.events_size() > 0 ? DateKey(x.events(0).date()) : 0;
  // People named in the document (from people[] and from participants).
  std::map<std::string, std::string> persons;
  for (const v1::Person& person : x.people()) {
    std::string key = PersonKey(person.name());
    if (!key.empty()) persons.emplace(key, IndexText(person.name()));
  }
  for (const v1::Event& event : x.events()) {
    for (const v1::Participant& p : event.participants()) {
      std::string key = PersonKey(p.person_name());
      if (!key.empty()) persons.emplace(key, IndexText(p.person_name()));
    }
  }
  for (auto& [key, name] : persons) {
    d.persons.push_back({key, name, LowerAscii(name)});
  }
  for (const v1::Organization& org : x.organizations()) {
    if (!org.name().empty()) d.orgs.insert(LowerAscii(IndexText(org.name())));
  }
  for (const v1::Person& person : x.people()) {
    std::string key = PersonKey(person.name());
    if (key.empty()) continue;
    for (const v1::Position& position : person.positions()) {
      if (!position.organization().empty()) {
        d.orgs.insert(LowerAscii(IndexText(position.organization())));
      }
      if (position.title().empty()) continue;
      std::string title = IndexText(position.title());
      std::string title_lc = LowerAscii(title);
      d.positions.push_back({key, std::move(title), std::move(title_lc)});
    }
  }
  for (const v1::Event& event : x.events()) {
    IndexRows::Event& e = d.events.emplace_back();
    e.type = event.type();
    e.date = DateKey(event.date());
    e.name = IndexText(event.name());
    e.location = IndexText(event.location().name());
    e.location_lc = LowerAscii(e.location);
    for (const v1::Participant& p : event.participants()) {
      std::string key = PersonKey(p.person_name());
      if (!key.empty()) e.participants.emplace_back(std::move(key), p.role());
    }
  }
  return d;
}

}  // namespace readout::catalog
