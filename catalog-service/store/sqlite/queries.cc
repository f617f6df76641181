// SqliteStore's index reads (see sqlite_store.h): ListDocuments (filters,
// keyset pages), SearchDocuments (FTS5 matches, ranking, snippets),
// ListPeople and GetPerson.
#include <algorithm>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "catalog-service/errors.h"
#include "catalog-service/query/names.h"
#include "catalog-service/query/search_query.h"
#include "catalog-service/store/index_rows.h"
#include "catalog-service/store/sql_filter.h"
#include "catalog-service/store/sqlite/document_rows.h"
#include "catalog-service/store/sqlite/fts_search.h"
#include "catalog-service/store/sqlite/schema.h"
#include "catalog-service/store/sqlite/sqlite_store.h"
#include "catalog-service/store/sqlite/sqlite_store_internal.h"
#include "catalog-service/store/stored_document.h"

namespace readout::catalog {

using sqlite::LoadDocument;

namespace {

// Search ranks (BM25, readout_rank) at most this many matches, the newest;
// rarer terms are ranked over all their matches.
constexpr int64_t kRankCandidates = 1000;
// Each phrase's share of documents is estimated from its newest this many
// matches; queries of more phrases rank them alike.
constexpr int kShareSample = 256;
constexpr size_t kMaxRankedPhrases = 16;

// Translates a document filter, counting matches on `connection` (inside
// the caller's read transaction) to choose each restriction's query shape.
absl::StatusOr<SqlCondition> FilterToSql(Connection& connection, const FilterExpr& filter) {
  absl::Status error;
  SqlCondition out = DocumentFilterToSql(filter, [&](const SqlCondition& select) -> int64_t {
    auto stmt = connection.Prepare(absl::StrCat("SELECT count(*) FROM (", select.sql, ")"));
    if (!stmt.ok()) {
      error.Update(stmt.status());
      return 0;
    }
    stmt->BindAll(1, select.args);
    absl::StatusOr<bool> row = stmt->Step();
    if (!row.ok()) {
      error.Update(row.status());
      return 0;
    }
    return *row ? stmt->Int(0) : 0;
  });
  if (!error.ok()) return error;
  return out;
}

// The share of documents that contain each of a query's `phrases`, for
// readout_rank's IDFs: a phrase with fewer than kShareSample matches is
// counted; otherwise its newest kShareSample matches and the span of row ids
// (creating revisions) they cover give its density. Empty when the query has
// one phrase (the IDF is then a common factor of every score), too many, or
// none that this reads; ranking then weighs phrases alike.
absl::StatusOr<std::vector<double>> PhraseShares(
    Connection& reader, const std::optional<std::vector<QueryPhrase>>& phrases) {
  if (!phrases || phrases->size() < 2 || phrases->size() > kMaxRankedPhrases) {
    return std::vector<double>();
  }
  int64_t newest = 0;
  {
    CATALOG_ASSIGN_OR_RETURN(Statement stmt, reader.Prepare("SELECT max(rowid) FROM ix.docs"));
    CATALOG_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (row) newest = stmt.Int(0);
  }
  if (newest <= 0) return std::vector<double>();
  const std::string probe_sql = absl::StrCat(
      "SELECT rowid FROM fts WHERE fts MATCH ? ORDER BY rowid DESC LIMIT ", kShareSample);
  std::vector<double> shares;
  for (const QueryPhrase& phrase : *phrases) {
    CATALOG_ASSIGN_OR_RETURN(Statement probe, reader.Prepare(probe_sql));
    probe.BindText(1, phrase.query);
    int matches = 0;
    int64_t oldest = newest;
    while (true) {
      absl::StatusOr<bool> row = probe.Step();
      if (!row.ok()) return std::vector<double>();  // The query itself reports it.
      if (!*row) break;
      ++matches;
      oldest = probe.Int(0);
    }
    const double share =
        matches < kShareSample
            ? static_cast<double>(matches) / static_cast<double>(newest)
            : static_cast<double>(matches) / static_cast<double>(newest - oldest + 1);
    shares.push_back(share);
  }
  return shares;
}

}  // namespace

absl::StatusOr<DocumentPage> SqliteStore::ListFromIndex(const DocumentQuery& query) {
  const char* dir = query.descending ? "DESC" : "ASC";
  if (query.index_revision == kWaitForIndex) CATALOG_RETURN_IF_ERROR(WaitForIndex());
  CATALOG_LEASE_READER(reader);
  CATALOG_RETURN_IF_ERROR(reader->Exec("BEGIN"));
  // Phase 1 selects row ids only (cheap to sort), phase 2 loads the page.
  // A filter that requires one person or organization, listed by event
  // date, walks its rows of ix.persons or ix.orgs, whose key is (name,
  // event_date, doc), in the listing's order and stops at the page's end,
  // instead of collecting and sorting all of its documents.
  std::optional<DrivenFilter> driven;
  if (query.filter != nullptr && query.order == DocumentOrder::kEventDate) {
    driven = SplitDrivingRestriction(*query.filter);
  }
  std::string sort, row_id;  // The sort key and row id, as SQL.
  std::string sql;
  SqlCondition filter;
  if (driven.has_value()) {
    sort = "s.event_date";
    row_id = "s.doc";
    // NOT INDEXED: the table's own key, never the (doc) index.
    sql = absl::StrCat("SELECT s.doc, s.event_date FROM ix.", driven->table,
                       " s NOT INDEXED JOIN ix.docs d ON d.rowid = s.doc WHERE s.", driven->column,
                       " = ?");
    filter.args.push_back(driven->value);
    if (driven->rest.has_value()) {
      CATALOG_ASSIGN_OR_RETURN(SqlCondition rest, FilterToSql(*reader.get(), *driven->rest));
      absl::StrAppend(&sql, " AND ", rest.sql);
      filter.args.insert(filter.args.end(), rest.args.begin(), rest.args.end());
    }
  } else {
    sort = query.order == DocumentOrder::kEventDate       ? "d.event_date"
           : query.order == DocumentOrder::kPublishedDate ? "d.published"
                                                          : "d.rowid";
    row_id = "d.rowid";
    sql = absl::StrCat("SELECT d.rowid, ", sort, " FROM ix.docs d WHERE 1");
    if (query.filter != nullptr) {
      CATALOG_ASSIGN_OR_RETURN(filter, FilterToSql(*reader.get(), *query.filter));
      absl::StrAppend(&sql, " AND ", filter.sql);
    }
  }
  if (query.has_cursor) {
    absl::StrAppend(&sql, " AND (", sort, ", ", row_id, ") ", query.descending ? "<" : ">",
                    " (?, ?)");
  }
  absl::StrAppend(&sql, " ORDER BY ", sort, " ", dir, ", ", row_id, " ", dir, " LIMIT ?");
  DocumentPage page;
  std::vector<std::pair<int64_t, int64_t>> rows;  // (row id, sort key)
  {
    CATALOG_ASSIGN_OR_RETURN(Statement stmt, reader->Prepare(sql));
    stmt.BindAll(1, filter.args);
    int next = static_cast<int>(filter.args.size()) + 1;
    if (query.has_cursor) {
      stmt.Bind(next++, query.after_key);
      stmt.Bind(next++, query.after_row);
    }
    stmt.Bind(next, query.limit + 1);
    while (true) {
      CATALOG_ASSIGN_OR_RETURN(bool row, stmt.Step());
      if (!row) break;
      if (static_cast<int>(rows.size()) == query.limit) {
        page.more = true;
        break;
      }
      rows.emplace_back(stmt.Int(0), stmt.Int(1));
    }
  }
  size_t bytes = 0;
  for (size_t i = 0; i < rows.size(); ++i) {
    if (i > 0 && bytes >= query.max_bytes) {  // A shorter page (AIP-158 allows it).
      page.more = true;
      break;
    }
    absl::StatusOr<v1::CatalogDocument> doc = LoadDocument(*reader.get(), rows[i].first);
    // Deleted after this read's index snapshot: not part of the page.
    if (absl::IsNotFound(doc.status())) continue;
    if (!doc.ok()) return doc.status();
    bytes += doc->ByteSizeLong();
    page.documents.push_back(*std::move(doc));
    page.last_row = rows[i].first;
    page.last_key = rows[i].second;
  }
  return page;
}

absl::StatusOr<SearchPage> SqliteStore::SearchIndex(const SearchQuery& query) {
  // The API's search syntax, compiled to FTS5 (bad queries fail here, the
  // same way on every store).
  CATALOG_ASSIGN_OR_RETURN(SearchExpr parsed, ParseSearchQuery(query.query));
  const std::string match = SearchToFts5(parsed);
  if (query.index_revision == kWaitForIndex) CATALOG_RETURN_IF_ERROR(WaitForIndex());
  CATALOG_LEASE_READER(reader);
  CATALOG_RETURN_IF_ERROR(reader->Exec("BEGIN"));
  // Phase 1 ranks row ids only; phase 2 loads each hit and its snippet.
  // BM25 is computed for the newest kRankCandidates matches only (FTS5
  // returns matches in rowid order without ranking them), so a common word
  // costs the same at 1M documents as at 10k.
  const std::optional<std::vector<QueryPhrase>> phrases = QueryPhrases(match);
  CATALOG_ASSIGN_OR_RETURN(std::vector<double> shares, PhraseShares(*reader.get(), phrases));
  std::string sql =
      "SELECT rowid, score FROM (SELECT fts.rowid AS rowid, readout_rank(fts, 4.0, 1.0";
  for (size_t i = 0; i < shares.size(); ++i) sql += ", ?";
  sql += ") AS score FROM fts";
  SqlCondition filter;
  if (query.filter != nullptr) {
    CATALOG_ASSIGN_OR_RETURN(filter, FilterToSql(*reader.get(), *query.filter));
    absl::StrAppend(&sql, " JOIN ix.docs d ON d.rowid = fts.rowid WHERE fts MATCH ? AND ",
                    filter.sql);
  } else {
    sql += " WHERE fts MATCH ?";
  }
  absl::StrAppend(&sql, " ORDER BY fts.rowid DESC LIMIT ?) ORDER BY score, rowid LIMIT ? OFFSET ?");
  SearchPage page;
  std::vector<std::pair<int64_t, double>> hits;
  {
    CATALOG_ASSIGN_OR_RETURN(Statement stmt, reader->Prepare(sql));
    int next = 1;
    for (double share : shares) stmt.BindDouble(next++, share);
    stmt.BindText(next++, match);
    stmt.BindAll(next, filter.args);
    next += static_cast<int>(filter.args.size());
    stmt.Bind(next, std::max<int64_t>(kRankCandidates, int64_t{query.offset} + query.limit + 1));
    stmt.Bind(next + 1, query.limit + 1);
    stmt.Bind(next + 2, query.offset);
    while (true) {
      absl::StatusOr<bool> row = stmt.Step();
      if (!row.ok()) {
        if (row.status().code() == absl::StatusCode::kInternal) {
          return InvalidArgument(
              "INVALID_QUERY",
              absl::StrCat("query \"", query.query.substr(0, 200),
                           "\" is not a valid full-text query (words, \"phrases\", AND, OR, "
                           "NOT, prefix*): ",
                           sqlite3_errmsg(reader->handle())));
        }
        return row.status();
      }
      if (!*row) break;
      if (static_cast<int>(hits.size()) == query.limit) {
        page.more = true;
        break;
      }
      hits.emplace_back(stmt.Int(0), -stmt.Double(1));
    }
  }
  size_t bytes = 0;
  // Snippets from the loaded texts (see fts_search.h); a query the scanner
  // does not read gets unmarked snippets.
  CATALOG_ASSIGN_OR_RETURN(std::unique_ptr<SearchTokenizer> tokenizer,
                           SearchTokenizer::Open(reader->handle()));
  const SnippetMaker snippets(*tokenizer, phrases.value_or(std::vector<QueryPhrase>()));
  for (const auto& [row_id, score] : hits) {
    if (!page.results.empty() && bytes >= query.max_bytes) {
      page.more = true;
      break;
    }
    v1::SearchResult result;
    absl::StatusOr<v1::CatalogDocument> doc = LoadDocument(*reader.get(), row_id);
    if (absl::IsNotFound(doc.status())) continue;  // Deleted since the index snapshot.
    if (!doc.ok()) return doc.status();
    const v1::Document& text = doc->extraction().document();
    result.set_snippet(snippets.Make(IndexText(text.title()), IndexText(text.text())));
    *result.mutable_document() = *std::move(doc);
    result.set_score(score);
    bytes += result.ByteSizeLong();
    page.results.push_back(std::move(result));
  }
  return page;
}

absl::StatusOr<PeoplePage> SqliteStore::ListPeopleFromIndex(const PeopleQuery& query) {
  std::string sql = "SELECT p.key, MAX(p.doc), p.name, COUNT(*) FROM persons p WHERE p.key > ?";
  SqlCondition filter;
  if (query.filter != nullptr) {
    filter = PeopleFilterToSql(*query.filter);
    absl::StrAppend(&sql, " AND ", filter.sql);
  }
  sql += " GROUP BY p.key ORDER BY p.key LIMIT ?";
  if (query.index_revision == kWaitForIndex) CATALOG_RETURN_IF_ERROR(WaitForIndex());
  CATALOG_LEASE_READER(reader);
  CATALOG_RETURN_IF_ERROR(reader->Exec("BEGIN"));
  CATALOG_ASSIGN_OR_RETURN(Statement stmt, reader->Prepare(sql));
  stmt.BindText(1, query.after_key);
  stmt.BindAll(2, filter.args);
  stmt.Bind(static_cast<int>(filter.args.size()) + 2, query.limit + 1);
  PeoplePage page;
  while (true) {
    CATALOG_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) break;
    if (static_cast<int>(page.people.size()) == query.limit) {
      page.more = true;
      break;
    }
    v1::CatalogPerson person;
    person.set_name(PersonName(stmt.Text(0)));
    person.set_display_name(std::string(stmt.Text(2)));
    person.set_document_count(static_cast<int32_t>(stmt.Int(3)));
    {
      CATALOG_ASSIGN_OR_RETURN(Statement titles,
                               reader->Prepare("SELECT DISTINCT title FROM positions "
                                               "WHERE key = ? ORDER BY title LIMIT ?"));
      titles.BindText(1, stmt.Text(0));
      // One more than is kept tells whether the list was cut.
      titles.Bind(2, int64_t{kMaxListedTitles} + 1);
      while (true) {
        CATALOG_ASSIGN_OR_RETURN(bool title_row, titles.Step());
        if (!title_row) break;
        if (person.titles_size() == kMaxListedTitles) {
          person.set_titles_truncated(true);
          break;
        }
        person.add_titles(std::string(titles.Text(0)));
      }
    }
    page.people.push_back(std::move(person));
  }
  return page;
}

absl::StatusOr<v1::CatalogPerson> SqliteStore::PersonFromIndex(absl::string_view key,
                                                               int64_t index_revision) {
  if (index_revision == kWaitForIndex) CATALOG_RETURN_IF_ERROR(WaitForIndex());
  CATALOG_LEASE_READER(reader);
  CATALOG_RETURN_IF_ERROR(reader->Exec("BEGIN"));
  v1::CatalogPerson person;
  {
    CATALOG_ASSIGN_OR_RETURN(
        Statement stmt,
        reader->Prepare("SELECT MAX(p.doc), p.name, COUNT(*) FROM persons p WHERE p.key = ?"));
    stmt.BindText(1, key);
    CATALOG_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row || stmt.Int(2) == 0) {
      return NotFound("PERSON_NOT_FOUND",
                      absl::StrCat("no stored document names ", PersonName(key)));
    }
    person.set_name(PersonName(key));
    person.set_display_name(std::string(stmt.Text(1)));
    person.set_document_count(static_cast<int32_t>(stmt.Int(2)));
  }
  std::map<int64_t, std::vector<std::string>> titles_by_doc;
  {
    CATALOG_ASSIGN_OR_RETURN(Statement stmt,
                             reader->Prepare("SELECT doc, title FROM positions WHERE key = ?"));
    stmt.BindText(1, key);
    std::set<std::string> all_titles;
    while (true) {
      CATALOG_ASSIGN_OR_RETURN(bool row, stmt.Step());
      if (!row) break;
      std::string title(stmt.Text(1));
      titles_by_doc[stmt.Int(0)].push_back(title);
      all_titles.insert(title);
    }
    for (const std::string& title : all_titles) person.add_titles(title);
  }
  {
    CATALOG_ASSIGN_OR_RETURN(
        Statement stmt,
        reader->Prepare(
            "SELECT d.id, pa.event_idx, pa.role, e.type, e.date, e.name, e.location, pa.doc, "
            "(SELECT name FROM persons INDEXED BY persons_doc WHERE doc = pa.doc AND key = pa.key) "
            "FROM participants pa JOIN events e ON e.doc = pa.doc AND e.idx = pa.event_idx "
            "JOIN documents d ON d.rowid = pa.doc WHERE pa.key = ? "
            "ORDER BY e.date, pa.doc, pa.event_idx LIMIT ?"));
    stmt.BindText(1, key);
    // One more than is kept tells whether the timeline was cut.
    stmt.Bind(2, int64_t{kMaxTimelineEntries} + 1);
    while (true) {
      CATALOG_ASSIGN_OR_RETURN(bool row, stmt.Step());
      if (!row) break;
      if (person.timeline_size() == kMaxTimelineEntries) {
        person.set_timeline_truncated(true);
        break;
      }
      v1::TimelineEntry* entry = person.add_timeline();
      entry->set_document(DocumentName(stmt.Text(0)));
      entry->set_event_index(static_cast<int32_t>(stmt.Int(1)));
      entry->set_role(static_cast<v1::ParticipantRole>(stmt.Int(2)));
      entry->set_event_type(static_cast<v1::EventType>(stmt.Int(3)));
      if (stmt.Int(4) != 0) DateFromKey(stmt.Int(4), entry->mutable_date());
      entry->set_event_name(std::string(stmt.Text(5)));
      entry->set_location(std::string(stmt.Text(6)));
      entry->set_person_name(std::string(stmt.Text(8)));
      auto it = titles_by_doc.find(stmt.Int(7));
      if (it != titles_by_doc.end()) {
        for (const std::string& title : it->second) entry->add_titles(title);
      }
    }
  }
  return person;
}

template <typename T, typename Read>
absl::StatusOr<T> SqliteStore::IndexRead(Read read) {
  CATALOG_RETURN_IF_ERROR(IndexDamagedError());
  absl::StatusOr<T> result = read();
  // Damage in a page of index.db or of catalog.db reads alike; the indexer
  // tells them apart (a document's own damage is DOCUMENT_CORRUPT).
  if (result.status().code() == absl::StatusCode::kDataLoss &&
      ErrorReason(result.status()) != kDocumentCorruptReason) {
    absl::MutexLock lock(&index_mu_);
    index_check_requested_ = true;
  }
  return result;
}

absl::StatusOr<DocumentPage> SqliteStore::ListDocuments(const DocumentQuery& query) {
  return IndexRead<DocumentPage>([&] { return ListFromIndex(query); });
}

absl::StatusOr<SearchPage> SqliteStore::SearchDocuments(const SearchQuery& query) {
  return IndexRead<SearchPage>([&] { return SearchIndex(query); });
}

absl::StatusOr<PeoplePage> SqliteStore::ListPeople(const PeopleQuery& query) {
  return IndexRead<PeoplePage>([&] { return ListPeopleFromIndex(query); });
}

absl::StatusOr<v1::CatalogPerson> SqliteStore::GetPerson(absl::string_view key,
                                                         int64_t index_revision) {
  return IndexRead<v1::CatalogPerson>([&] { return PersonFromIndex(key, index_revision); });
}

}  // namespace readout::catalog
