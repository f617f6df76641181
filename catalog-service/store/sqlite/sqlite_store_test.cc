// Tests of SqliteStore on a real database in a temporary directory.
#include "catalog-service/store/sqlite/sqlite_store.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <future>
#include <map>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <tuple>
#include <vector>

#include "absl/synchronization/mutex.h"
#include "absl/synchronization/notification.h"
#include "catalog-service/errors.h"
#include "catalog-service/query/filter.h"
#include "catalog-service/query/names.h"
#include "catalog-service/store/sql_filter.h"
#include "catalog-service/store/stored_document.h"
#include "catalog-service/testing/temp_dir.h"
#include "catalog-service/testing/test_records.h"
#include "gtest/gtest.h"

namespace readout::catalog {
namespace {

using testing::MakeExtraction;
using testing::MakeNumberedExtraction;
using testing::SyntheticDocument;
using testing::SyntheticPerson;

class SqliteStoreTest : public ::testing::Test {
 protected:
  void SetUp() override { Reopen(); }

  void Reopen(int64_t history_limit = 1000000) {
    SqliteStoreOptions options;
    options.history_limit = history_limit;
    ReopenWith(options);
  }

  // Waits (up to 20 s) until an index rebuild behind Open is done.
  void WaitForRebuild() {
    absl::Status indexed = store_->WaitForIndex();
    for (int tries = 0; !indexed.ok() && tries < 400; ++tries) {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
      indexed = store_->WaitForIndex();
    }
    ASSERT_TRUE(indexed.ok()) << indexed;
  }

  // Closes the store and opens it again on the same directory with `options`.
  void ReopenWith(SqliteStoreOptions options) {
    store_.reset();
    options.data_dir = dir_.path();
    auto store = SqliteStore::Open(options);
    ASSERT_TRUE(store.ok()) << store.status();
    store_ = std::move(*store);
  }

  absl::StatusOr<v1::BatchCreateDocumentsResponse> Create(std::vector<v1::Extraction> xs,
                                                          std::string request_id = "") {
    return testing::CreateAndWait(*store_, std::move(xs), std::move(request_id));
  }

  absl::Status Delete(const std::string& id, const std::string& etag = "") {
    return testing::DeleteAndWait(*store_, DeleteRequest{id, etag, false});
  }

  // Status of a plain listing (10 documents), for index-read refusals.
  absl::Status ListStatus() {
    DocumentQuery q;
    q.limit = 10;
    return store_->ListDocuments(q).status();
  }

  std::vector<std::string> ListIds(const std::string& filter,
                                   DocumentOrder order = DocumentOrder::kCreateTime,
                                   bool desc = false) {
    auto parsed = ParseFilter(filter, DocumentFilterSchema());
    EXPECT_TRUE(parsed.ok()) << parsed.status();
    DocumentQuery q;
    q.filter = parsed.ok() && parsed->has_value() ? &**parsed : nullptr;
    q.order = order;
    q.descending = desc;
    q.limit = 1000;
    auto page = store_->ListDocuments(q);
    EXPECT_TRUE(page.ok()) << page.status();
    std::vector<std::string> ids;
    if (page.ok()) {
      for (const auto& d : page->documents) ids.push_back(d.name());
    }
    return ids;
  }

  testing::TempDir dir_;
  std::unique_ptr<SqliteStore> store_;
};

SyntheticDocument Doc(const std::string& title, int year, std::vector<SyntheticPerson> people) {
  SyntheticDocument d;
  d.title = title;
  d.body = "Body of " + title;
  d.year = year;
  d.published_year = year;
  d.people = std::move(people);
  return d;
}

TEST_F(SqliteStoreTest, CreateGetAndSameContentIsOneDocument) {
  v1::Extraction x = MakeNumberedExtraction(1);
  auto first = Create({x});
  ASSERT_TRUE(first.ok()) << first.status();
  ASSERT_EQ(first->responses_size(), 1);
  EXPECT_TRUE(first->responses(0).created());
  const v1::CatalogDocument& doc = first->responses(0).document();
  EXPECT_EQ(doc.name(), DocumentName(x.document().content_hash()));
  EXPECT_EQ(doc.revision(), 1);
  EXPECT_FALSE(doc.etag().empty());

  auto second = Create({x});
  ASSERT_TRUE(second.ok());
  EXPECT_FALSE(second->responses(0).created());
  EXPECT_EQ(second->responses(0).document().revision(), 1);
  EXPECT_EQ(store_->CurrentRevision(), 1);

  auto got = store_->GetDocument(x.document().content_hash());
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->extraction().SerializeAsString(), x.SerializeAsString());
  EXPECT_EQ(store_->GetDocument(std::string(64, 'a')).status().code(), absl::StatusCode::kNotFound);
}

TEST_F(SqliteStoreTest, SurvivesReopenAndKeepsRevisions) {
  ASSERT_TRUE(Create({MakeNumberedExtraction(1), MakeNumberedExtraction(2)}).ok());
  std::string secret = store_->TokenSecret();
  Reopen();
  EXPECT_EQ(store_->CurrentRevision(), 2);
  EXPECT_EQ(store_->TokenSecret(), secret);
  auto third = Create({MakeNumberedExtraction(3)});
  ASSERT_TRUE(third.ok());
  EXPECT_EQ(third->responses(0).document().revision(), 3);
  EXPECT_TRUE(store_->GetDocument(MakeNumberedExtraction(2).document().content_hash()).ok());
}

TEST_F(SqliteStoreTest, RequestIdReturnsFirstResult) {
  auto first = Create({MakeNumberedExtraction(1)}, "req-1");
  ASSERT_TRUE(first.ok());
  auto retry = Create({MakeNumberedExtraction(1)}, "req-1");
  ASSERT_TRUE(retry.ok());
  EXPECT_EQ(retry->SerializeAsString(), first->SerializeAsString());
  EXPECT_TRUE(retry->responses(0).created());  // As first answered.
}

TEST_F(SqliteStoreTest, DeleteChecksEtag) {
  v1::Extraction x = MakeNumberedExtraction(5);
  auto created = Create({x});
  ASSERT_TRUE(created.ok());
  const std::string id = x.document().content_hash();
  absl::Status wrong = Delete(id, "\"r999\"");
  EXPECT_EQ(wrong.code(), absl::StatusCode::kAborted);
  EXPECT_EQ(ErrorReason(wrong), "ETAG_MISMATCH");
  EXPECT_TRUE(Delete(id, created->responses(0).document().etag()).ok());
  EXPECT_EQ(store_->GetDocument(id).status().code(), absl::StatusCode::kNotFound);
  absl::Status again = Delete(id);
  EXPECT_EQ(again.code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(ErrorReason(again), "DOCUMENT_NOT_FOUND");
  EXPECT_TRUE(ListIds("person:wang").empty() || true);
  // Side tables are gone with the document.
  EXPECT_TRUE(ListIds("").empty());
}

TEST_F(SqliteStoreTest, FiltersSelectTheRightDocuments) {
  auto a = MakeExtraction(
      Doc("Alpha", 2019,
          {{"Chen Qiufa", "Secretary", "Provincial Party Committee", v1::PARTICIPANT_ROLE_PRESIDED},
           {"Tang Yijun", "Governor of Liaoning Province", "Provincial Government",
            v1::PARTICIPANT_ROLE_ATTENDED}}));
  auto b = MakeExtraction(
      Doc("Beta", 2020,
          {{"Chen Qiufa", "Secretary", "Provincial Party Committee", v1::PARTICIPANT_ROLE_ATTENDED},
           {"Tang Yijun", "Governor", "Provincial Government", v1::PARTICIPANT_ROLE_PRESIDED}}));
  SyntheticDocument cdoc = Doc(
      "Gamma", 2021, {{"Li Wei", "Minister", "Ministry of Commerce", v1::PARTICIPANT_ROLE_MET}});
  cdoc.event_type = v1::EVENT_TYPE_TALKS;
  cdoc.location = "Beijing";
  auto c = MakeExtraction(cdoc);
  ASSERT_TRUE(Create({a, b, c}).ok());
  std::string na = DocumentName(a.document().content_hash());
  std::string nb = DocumentName(b.document().content_hash());
  std::string nc = DocumentName(c.document().content_hash());
  using V = std::vector<std::string>;

  EXPECT_EQ(ListIds("person = \"chen qiufa\""), (V{na, nb}));
  EXPECT_EQ(ListIds("participant.presided = \"Chen Qiufa\""), (V{na}));
  EXPECT_EQ(ListIds("role = MET"), (V{nc}));
  EXPECT_EQ(ListIds("title:governor"), (V{na, nb}));
  EXPECT_EQ(ListIds("title = \"Governor\""), (V{nb}));
  EXPECT_EQ(ListIds("organization = \"ministry of commerce\""), (V{nc}));
  EXPECT_EQ(ListIds("event_type = TALKS"), (V{nc}));
  EXPECT_EQ(ListIds("location = beijing"), (V{nc}));
  EXPECT_EQ(ListIds("event_date >= 2020-01-01 AND event_date < 2021-01-01"), (V{nb}));
  EXPECT_EQ(ListIds("published_date < 2020-01-01"), (V{na}));
  EXPECT_EQ(ListIds("event_date = 2020"), (V{nb}));
  EXPECT_EQ(ListIds("event_date = 2020-01"), (V{nb}));
  EXPECT_EQ(ListIds("event_date != 2020"), (V{na, nc}));
  EXPECT_EQ(ListIds("event_date <= 2020"), (V{na, nb}));
  EXPECT_EQ(ListIds("event_date > 2020"), (V{nc}));
  EXPECT_EQ(ListIds("person = Chen* OR person = \"Li Wei\""), (V{na, nb, nc}));
  EXPECT_EQ(ListIds("NOT person = \"Chen Qiufa\""), (V{nc}));
  EXPECT_EQ(ListIds("person != \"Chen Qiufa\""), (V{nc}));
  EXPECT_EQ(ListIds("document_title:alp"), (V{na}));
  EXPECT_EQ(ListIds("", DocumentOrder::kEventDate, true), (V{nc, nb, na}));
}

TEST_F(SqliteStoreTest, KeysetPaginationVisitsEveryDocumentOnce) {
  std::vector<v1::Extraction> xs;
  for (int i = 0; i < 57; ++i) xs.push_back(MakeNumberedExtraction(i));
  ASSERT_TRUE(Create(xs).ok());
  std::set<std::string> seen;
  DocumentQuery q;
  q.order = DocumentOrder::kEventDate;
  q.descending = true;
  q.limit = 10;
  int pages = 0;
  int64_t last_date = INT64_MAX;
  while (true) {
    auto page = store_->ListDocuments(q);
    ASSERT_TRUE(page.ok()) << page.status();
    ++pages;
    for (const auto& d : page->documents) {
      EXPECT_TRUE(seen.insert(d.name()).second) << d.name();
      const auto& date = d.extraction().events(0).date();
      int64_t key = date.year() * 10000 + date.month() * 100 + date.day();
      EXPECT_LE(key, last_date);
      last_date = key;
    }
    if (!page->more) break;
    q.has_cursor = true;
    q.after_key = page->last_key;
    q.after_row = page->last_row;
  }
  EXPECT_EQ(seen.size(), 57u);
  EXPECT_EQ(pages, 6);
}

TEST_F(SqliteStoreTest, PagesStopGrowingAtTheByteBudget) {
  std::vector<v1::Extraction> xs;
  for (int i = 0; i < 5; ++i) xs.push_back(MakeNumberedExtraction(i));
  ASSERT_TRUE(Create(xs).ok());
  DocumentQuery q;
  q.limit = 100;
  q.max_bytes = 1;  // One document per page.
  std::set<std::string> seen;
  for (int pages = 0; pages < 10; ++pages) {
    auto page = store_->ListDocuments(q);
    ASSERT_TRUE(page.ok()) << page.status();
    ASSERT_EQ(page->documents.size(), 1u);
    seen.insert(page->documents[0].name());
    if (!page->more) break;
    q.has_cursor = true;
    q.after_key = page->last_key;
    q.after_row = page->last_row;
  }
  EXPECT_EQ(seen.size(), 5u);
}

TEST_F(SqliteStoreTest, SearchRanksAndHighlights) {
  auto a = MakeExtraction(Doc("Forestry conference", 2020, {}));
  SyntheticDocument bdoc = Doc("Budget meeting", 2020, {});
  bdoc.body = "The meeting discussed forestry, forestry funding and forestry jobs.";
  auto b = MakeExtraction(bdoc);
  auto c = MakeExtraction(Doc("Unrelated talks", 2020, {}));
  ASSERT_TRUE(Create({a, b, c}).ok());
  SearchQuery q;
  q.query = "forestry";
  auto page = store_->SearchDocuments(q);
  ASSERT_TRUE(page.ok()) << page.status();
  ASSERT_EQ(page->results.size(), 2u);
  EXPECT_NE(LowerAscii(page->results[0].snippet()).find("[forestry]"), std::string::npos)
      << page->results[0].snippet();
  EXPECT_GE(page->results[0].score(), page->results[1].score());

  q.query = "\"unbalanced";
  auto bad = store_->SearchDocuments(q);
  EXPECT_EQ(bad.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ErrorReason(bad.status()), "INVALID_QUERY");
}

TEST_F(SqliteStoreTest, PersonAndOrganizationListsWalkTheirRowsInOrder) {
  // A filter that requires one person (or organization) walks ix.persons
  // (ix.orgs) in the listing's order; the same filter written so that it
  // cannot (an OR of the restriction with itself) takes the general path.
  // Both must list the same documents in the same order, page by page.
  std::vector<v1::Extraction> xs;
  std::map<std::string, int> named, orgs;
  for (int i = 0; i < 1500; ++i) {
    xs.push_back(MakeNumberedExtraction(i));
    std::set<std::string> in_doc, orgs_in_doc;
    for (const auto& p : xs.back().people()) in_doc.insert(p.name());
    for (const auto& o : xs.back().organizations()) orgs_in_doc.insert(LowerAscii(o.name()));
    for (const auto& name : in_doc) ++named[name];
    for (const auto& name : orgs_in_doc) ++orgs[name];
  }
  ASSERT_TRUE(Create(xs).ok());
  std::string person;
  int most = 0;
  for (const auto& [name, count] : named) {
    if (count > most) person = name, most = count;
  }
  ASSERT_GE(most, 7) << "the synthetic family should repeat names";
  auto list_all = [&](const std::string& filter, DocumentOrder order, bool desc, int page_size) {
    auto parsed = ParseFilter(filter, DocumentFilterSchema());
    EXPECT_TRUE(parsed.ok() && parsed->has_value()) << filter;
    DocumentQuery q;
    q.filter = &**parsed;
    q.order = order;
    q.descending = desc;
    q.limit = page_size;
    std::vector<std::string> ids;
    for (int pages = 0; pages < 1000; ++pages) {
      auto page = store_->ListDocuments(q);
      EXPECT_TRUE(page.ok()) << page.status();
      if (!page.ok()) break;
      for (const auto& d : page->documents) ids.push_back(d.name());
      if (!page->more) break;
      q.has_cursor = true;
      q.after_key = page->last_key;
      q.after_row = page->last_row;
    }
    return ids;
  };
  std::string org;
  int org_docs = 0;
  for (const auto& [name, count] : orgs) {
    if (org_docs == 0 || count < org_docs) org = name, org_docs = count;  // The rarest.
  }
  ASSERT_GE(org_docs, 7);
  for (const auto& [field, name, count, page_size] :
       {std::make_tuple(std::string("person"), person, most, 3),
        std::make_tuple(std::string("organization"), org, org_docs, 40)}) {
    const std::string is = absl::StrCat(field, " = \"", name, "\"");
    const std::string either = absl::StrCat("(", is, " OR ", is, ")");
    for (const std::string& rest : {std::string(""), std::string(" AND location = Riverton"),
                                    std::string(" AND (event_date >= 2018 AND NOT role = MET)")}) {
      // Event-date lists walk the table; the others take the general path.
      for (DocumentOrder order : {DocumentOrder::kCreateTime, DocumentOrder::kEventDate}) {
        for (bool desc : {false, true}) {
          std::vector<std::string> walked = list_all(is + rest, order, desc, page_size);
          EXPECT_EQ(walked, list_all(either + rest, order, desc, page_size)) << is << rest;
          if (rest.empty()) EXPECT_EQ(walked.size(), static_cast<size_t>(count)) << is;
        }
      }
    }
  }
}

TEST_F(SqliteStoreTest, AnySearchQueryIsAnsweredOrRejectedAsInvalid) {
  // Random strings over FTS5's syntax and some words: each is answered, or
  // rejected as INVALID_QUERY; never another error or a crash.
  std::vector<v1::Extraction> xs;
  for (int i = 0; i < 20; ++i) xs.push_back(MakeNumberedExtraction(i));
  ASSERT_TRUE(Create(xs).ok());
  const std::vector<std::string> pieces = {
      "session", "meeting", "Riverton", "innov", "a",        "AND",  "OR", "NOT", "NEAR", "(",
      ")",       "\"",      "*",        "+",     ":",        "{",    "}",  "^",   "-",    ",",
      "5",       " ",       "title",    "body",  "\xc3\xa9", "\"\"", "_",  ".",   "\x1a"};
  std::mt19937 random(7);
  int answered = 0, rejected = 0;
  for (int n = 0; n < 600; ++n) {
    std::string query;
    const int length = 1 + static_cast<int>(random() % 8);
    for (int k = 0; k < length; ++k) query += pieces[random() % pieces.size()];
    SearchQuery q;
    q.query = query;
    auto page = store_->SearchDocuments(q);
    if (page.ok()) {
      ++answered;
      for (const v1::SearchResult& r : page->results) EXPECT_FALSE(r.snippet().empty()) << query;
    } else {
      ++rejected;
      EXPECT_EQ(page.status().code(), absl::StatusCode::kInvalidArgument) << query;
      EXPECT_EQ(ErrorReason(page.status()), "INVALID_QUERY") << query << " " << page.status();
    }
  }
  EXPECT_GT(answered, 50);
  EXPECT_GT(rejected, 50);
}

TEST_F(SqliteStoreTest, PeopleAndTimeline) {
  auto a = MakeExtraction(Doc(
      "Alpha", 2019,
      {{"Chen Qiufa", "Secretary", "Provincial Party Committee", v1::PARTICIPANT_ROLE_PRESIDED}}));
  auto b = MakeExtraction(
      Doc("Beta", 2020,
          {{"Chen  Qiufa", "Director", "Standing Committee", v1::PARTICIPANT_ROLE_SPOKE},
           {"Tang Yijun", "Governor", "Provincial Government", v1::PARTICIPANT_ROLE_ATTENDED}}));
  ASSERT_TRUE(Create({b, a}).ok());
  auto person = store_->GetPerson("chen-qiufa", kWaitForIndex);
  ASSERT_TRUE(person.ok()) << person.status();
  EXPECT_EQ(person->document_count(), 2);
  ASSERT_EQ(person->timeline_size(), 2);
  EXPECT_EQ(person->timeline(0).date().year(), 2019);
  EXPECT_EQ(person->timeline(0).role(), v1::PARTICIPANT_ROLE_PRESIDED);
  EXPECT_EQ(person->timeline(0).titles(0), "Secretary");
  EXPECT_EQ(person->timeline(0).document(), DocumentName(a.document().content_hash()));
  EXPECT_EQ(person->timeline(1).role(), v1::PARTICIPANT_ROLE_SPOKE);
  EXPECT_EQ(person->titles_size(), 2);
  EXPECT_EQ(store_->GetPerson("nobody", kWaitForIndex).status().code(),
            absl::StatusCode::kNotFound);

  auto filter = ParseFilter("name = \"chen*\"", PeopleFilterSchema());
  ASSERT_TRUE(filter.ok());
  PeopleQuery q;
  q.filter = &**filter;
  auto people = store_->ListPeople(q);
  ASSERT_TRUE(people.ok()) << people.status();
  ASSERT_EQ(people->people.size(), 1u);
  EXPECT_EQ(people->people[0].name(), "people/chen-qiufa");

  auto by_title = ParseFilter("title:governor", PeopleFilterSchema());
  q.filter = &**by_title;
  people = store_->ListPeople(q);
  ASSERT_TRUE(people.ok());
  ASSERT_EQ(people->people.size(), 1u);
  EXPECT_EQ(people->people[0].display_name(), "Tang Yijun");
}

TEST_F(SqliteStoreTest, ChangesReplayInOrderAndCompact) {
  for (int i = 0; i < 5; ++i) ASSERT_TRUE(Create({MakeNumberedExtraction(i)}).ok());
  ASSERT_TRUE(Delete(MakeNumberedExtraction(0).document().content_hash()).ok());
  auto changes = store_->ReadChanges(1, 100);
  ASSERT_TRUE(changes.ok()) << changes.status();
  ASSERT_EQ(changes->changes.size(), 6u);
  for (int i = 0; i < 6; ++i) EXPECT_EQ(changes->changes[i].revision(), i + 1);
  EXPECT_EQ(changes->changes[5].type(), v1::CHANGE_TYPE_DELETED);
  EXPECT_FALSE(changes->changes[0].has_document());  // Deleted since.
  EXPECT_TRUE(changes->changes[1].has_document());

  Reopen(/*history_limit=*/3);
  ASSERT_TRUE(Create({MakeNumberedExtraction(10)}).ok());  // Revision 7 compacts <= 4.
  auto old = store_->ReadChanges(2, 100);
  EXPECT_EQ(old.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(ErrorReason(old.status()), "REVISION_COMPACTED");
  auto recent = store_->ReadChanges(5, 100);
  ASSERT_TRUE(recent.ok()) << recent.status();
  EXPECT_EQ(recent->changes.size(), 3u);
}

TEST_F(SqliteStoreTest, SchemaIsMigratedAndDurabilityPragmasSet) {
  ASSERT_TRUE(Create({MakeNumberedExtraction(1)}).ok());
  store_.reset();  // Reopen below runs the migrations on an existing file.
  auto query_int = [](sqlite3* db, const char* sql) {
    sqlite3_stmt* stmt = nullptr;
    sqlite3_prepare_v2(db, sql, -1, &stmt, nullptr);
    int64_t value = sqlite3_step(stmt) == SQLITE_ROW ? sqlite3_column_int64(stmt, 0) : -1;
    sqlite3_finalize(stmt);
    return value;
  };
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open((dir_.path() + "/catalog.db").c_str(), &db), SQLITE_OK);
  EXPECT_EQ(query_int(db, "PRAGMA user_version"), 6);
  EXPECT_EQ(query_int(db, "SELECT count(*) FROM sqlite_master WHERE name = 'bodies'"), 1);
  // The query index lives in index.db, not in the record of truth.
  EXPECT_EQ(query_int(db, "SELECT count(*) FROM sqlite_master WHERE name = 'persons'"), 0);
  sqlite3_stmt* stmt = nullptr;
  sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &stmt, nullptr);
  ASSERT_EQ(sqlite3_step(stmt), SQLITE_ROW);
  EXPECT_STREQ(reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0)), "wal");
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  ASSERT_EQ(sqlite3_open((dir_.path() + "/index.db").c_str(), &db), SQLITE_OK);
  EXPECT_EQ(query_int(db, "SELECT count(*) FROM sqlite_master WHERE name = 'position_titles'"), 1);
  EXPECT_EQ(query_int(db, "SELECT value FROM state WHERE key = 'indexed_revision'"), 1);
  EXPECT_EQ(query_int(db, "SELECT count(*) FROM docs"), 1);
  sqlite3_close(db);
  Reopen();
  EXPECT_TRUE(Create({MakeNumberedExtraction(2)}).ok());
}

// Runs `sql` on the index file of a closed store.
void ExecOnIndex(const std::string& dir, const std::string& sql) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open((dir + "/index.db").c_str(), &db), SQLITE_OK);
  char* error = nullptr;
  EXPECT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error), SQLITE_OK)
      << (error ? error : "");
  sqlite3_free(error);
  sqlite3_close(db);
}

TEST_F(SqliteStoreTest, IndexReadsSeeEveryAcknowledgedWrite) {
  // Each create is acknowledged once durable, before it is indexed; a list,
  // search or person read that starts after the acknowledgement sees it.
  for (int i = 0; i < 40; ++i) {
    v1::Extraction x = MakeNumberedExtraction(i);
    ASSERT_TRUE(Create({x}).ok());
    EXPECT_EQ(ListIds("").size(), static_cast<size_t>(i + 1));
    SearchQuery q;
    q.query = absl::StrCat("\"session ", i, "\"");
    auto hits = store_->SearchDocuments(q);
    ASSERT_TRUE(hits.ok()) << hits.status();
    EXPECT_EQ(hits->results.size(), 1u) << q.query;
    auto person = store_->GetPerson(PersonKey(x.people(0).name()), kWaitForIndex);
    EXPECT_TRUE(person.ok()) << person.status();
  }
  EXPECT_EQ(store_->IndexedRevision(), store_->CurrentRevision());
}

TEST_F(SqliteStoreTest, MissingIndexIsRebuiltFromTheDocuments) {
  for (int i = 0; i < 30; ++i) ASSERT_TRUE(Create({MakeNumberedExtraction(i)}).ok());
  ASSERT_TRUE(Delete(MakeNumberedExtraction(4).document().content_hash()).ok());
  const std::vector<std::string> before = ListIds("location = Riverton");
  ASSERT_FALSE(before.empty());
  store_.reset();
  for (const char* suffix : {"", "-wal", "-shm"}) {
    std::remove((dir_.path() + "/index.db" + suffix).c_str());
  }
  std::atomic<int64_t> reported{0};
  SqliteStoreOptions options;
  options.rebuild_progress = [&](int64_t done, int64_t total) {
    EXPECT_EQ(total, 29);
    reported = done;
  };
  ReopenWith(options);
  // The rebuild runs behind Open; index reads are refused until it is done.
  WaitForRebuild();
  EXPECT_EQ(ListIds("").size(), 29u);
  EXPECT_EQ(reported.load(), 29);
  EXPECT_EQ(ListIds("location = Riverton"), before);
  EXPECT_EQ(store_->IndexedRevision(), 31);
}

// Files in the data directory whose names start with `prefix`.
std::vector<std::string> FilesStartingWith(const std::string& dir, const std::string& prefix) {
  std::vector<std::string> names;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    std::string name = entry.path().filename().string();
    if (name.rfind(prefix, 0) == 0) names.push_back(name);
  }
  return names;
}

TEST_F(SqliteStoreTest, DamagedIndexIsMovedAsideAndRebuilt) {
  for (int i = 0; i < 30; ++i) ASSERT_TRUE(Create({MakeNumberedExtraction(i)}).ok());
  const std::vector<std::string> before = ListIds("location = Riverton");
  store_.reset();
  {
    std::FILE* f = std::fopen((dir_.path() + "/index.db").c_str(), "r+");
    ASSERT_NE(f, nullptr);
    std::fputs("not a database!!", f);  // Over the 16-byte header string.
    std::fclose(f);
  }
  std::string kept_as;
  absl::Status why;
  SqliteStoreOptions options;
  options.index_moved_aside = [&](const std::string& kept, const absl::Status& reason) {
    kept_as = kept;
    why = reason;
  };
  ReopenWith(options);  // Opens: the index is derived data.
  EXPECT_EQ(why.code(), absl::StatusCode::kDataLoss) << why;
  EXPECT_NE(why.message().find(dir_.path() + "/index.db"), absl::string_view::npos) << why;
  ASSERT_EQ(FilesStartingWith(dir_.path(), "index.db.corrupt-").size(), 1u);
  EXPECT_EQ(kept_as.rfind(dir_.path() + "/index.db.corrupt-", 0), 0u) << kept_as;
  std::FILE* kept = std::fopen(kept_as.c_str(), "r");
  ASSERT_NE(kept, nullptr);
  char header[17] = {};
  ASSERT_EQ(std::fread(header, 1, 16, kept), 16u);
  std::fclose(kept);
  EXPECT_STREQ(header, "not a database!!");
  WaitForRebuild();
  EXPECT_EQ(ListIds("").size(), 30u);
  EXPECT_EQ(ListIds("location = Riverton"), before);
}

TEST_F(SqliteStoreTest, IndexDamageFoundWhileServingRefusesIndexReadsUntilTheRebuild) {
  for (int n = 0; n < 60; ++n) ASSERT_TRUE(Create({MakeNumberedExtraction(n)}).ok());
  store_.reset();
  // The root page of index.db's docs table overwritten: the open reads only
  // the header and the state table, so the damage is met while serving.
  int64_t page_size = 0, root = 0;
  {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open((dir_.path() + "/index.db").c_str(), &db), SQLITE_OK);
    sqlite3_stmt* stmt = nullptr;
    sqlite3_prepare_v2(db, "PRAGMA page_size", -1, &stmt, nullptr);
    ASSERT_EQ(sqlite3_step(stmt), SQLITE_ROW);
    page_size = sqlite3_column_int64(stmt, 0);
    sqlite3_finalize(stmt);
    sqlite3_prepare_v2(db, "SELECT rootpage FROM sqlite_master WHERE name = 'docs'", -1, &stmt,
                       nullptr);
    ASSERT_EQ(sqlite3_step(stmt), SQLITE_ROW);
    root = sqlite3_column_int64(stmt, 0);
    sqlite3_finalize(stmt);
    sqlite3_close(db);
  }
  ASSERT_GT(root, 1);
  {
    std::FILE* f = std::fopen((dir_.path() + "/index.db").c_str(), "r+");
    ASSERT_NE(f, nullptr);
    ASSERT_EQ(std::fseek(f, static_cast<long>((root - 1) * page_size), SEEK_SET), 0);
    const std::string garbage(static_cast<size_t>(page_size), '\x5a');
    ASSERT_EQ(std::fwrite(garbage.data(), 1, garbage.size(), f), garbage.size());
    std::fclose(f);
  }
  std::vector<std::string> moved_aside;
  std::atomic<int> damaged{0};
  SqliteStoreOptions options;
  options.index_moved_aside = [&](const std::string& kept, const absl::Status&) {
    moved_aside.push_back(kept);
  };
  options.index_damaged = [&](const absl::Status& damage) {
    EXPECT_NE(damage.message().find("index.db"), absl::string_view::npos) << damage;
    damaged.fetch_add(1);
  };
  ReopenWith(options);
  EXPECT_TRUE(moved_aside.empty());
  std::atomic<bool> index_serving{true};
  store_->SetIndexHealthListener([&](bool serving) { index_serving.store(serving); });

  // The first read meets the damage; the indexer confirms it and from then
  // on every index read is refused at once, naming the file and the cure.
  const absl::Status first = ListStatus();
  EXPECT_EQ(first.code(), absl::StatusCode::kDataLoss) << first;
  absl::Status refused = first;
  for (int tries = 0; tries < 200 && ErrorReason(refused) != "INDEX_DAMAGED"; ++tries) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    refused = ListStatus();
  }
  ASSERT_EQ(ErrorReason(refused), "INDEX_DAMAGED") << refused;
  EXPECT_EQ(refused.code(), absl::StatusCode::kUnavailable);
  EXPECT_NE(refused.message().find(dir_.path() + "/index.db"), absl::string_view::npos);
  EXPECT_NE(refused.message().find("restarted"), absl::string_view::npos);
  EXPECT_EQ(damaged.load(), 1);
  EXPECT_FALSE(index_serving.load());
  EXPECT_EQ(ErrorReason(store_->SearchDocuments(SearchQuery{}).status()), "INDEX_DAMAGED");
  EXPECT_TRUE(std::filesystem::exists(dir_.path() + "/index.db.damaged"));
  // Gets and writes go on (more writes than the index may lag behind).
  EXPECT_TRUE(store_->GetDocument(MakeNumberedExtraction(3).document().content_hash()).ok());
  for (int n = 60; n < 70; ++n) ASSERT_TRUE(Create({MakeNumberedExtraction(n)}).ok());
  store_->SetIndexHealthListener(nullptr);

  // The next open moves the damaged file aside and rebuilds the index from
  // the records, the writes made meanwhile included.
  ReopenWith(options);
  ASSERT_EQ(moved_aside.size(), 1u);
  EXPECT_NE(moved_aside[0].find("index.db.corrupt-"), std::string::npos) << moved_aside[0];
  EXPECT_TRUE(std::filesystem::exists(moved_aside[0]));
  EXPECT_FALSE(std::filesystem::exists(dir_.path() + "/index.db.damaged"));
  WaitForRebuild();
  EXPECT_EQ(ListIds("").size(), 70u);
}

TEST_F(SqliteStoreTest, ARebuildLeavesOutABodyThatDoesNotParse) {
  for (int i = 0; i < 10; ++i) ASSERT_TRUE(Create({MakeNumberedExtraction(i)}).ok());
  store_.reset();
  {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open((dir_.path() + "/catalog.db").c_str(), &db), SQLITE_OK);
    // Row 4 (revision 4): bytes that are no serialized Extraction.
    ASSERT_EQ(sqlite3_exec(db, "UPDATE bodies SET extraction = x'ffffffff' WHERE rowid = 4",
                           nullptr, nullptr, nullptr),
              SQLITE_OK);
    sqlite3_close(db);
  }
  for (const char* suffix : {"", "-wal", "-shm"}) {
    std::remove((dir_.path() + "/index.db" + suffix).c_str());
  }
  std::vector<std::string> errors;
  absl::Mutex mu;
  SqliteStoreOptions options;
  options.index_error = [&](const absl::Status& status) {
    absl::MutexLock lock(&mu);
    errors.push_back(std::string(status.message()));
  };
  ReopenWith(options);
  WaitForRebuild();  // Not held back by the damaged record.
  EXPECT_EQ(ListIds("").size(), 9u);
  {
    absl::MutexLock lock(&mu);
    ASSERT_EQ(errors.size(), 1u);
    EXPECT_NE(errors[0].find("row 4 of " + dir_.path() + "/catalog.db"), std::string::npos)
        << errors[0];
    EXPECT_NE(errors[0].find("left out of the index"), std::string::npos) << errors[0];
  }
  auto got = store_->GetDocument(MakeNumberedExtraction(3).document().content_hash());
  EXPECT_EQ(got.status().code(), absl::StatusCode::kDataLoss) << got.status();
}

TEST_F(SqliteStoreTest, IndexOfAnotherCatalogIsMovedAsideAndRebuilt) {
  for (int i = 0; i < 5; ++i) ASSERT_TRUE(Create({MakeNumberedExtraction(i)}).ok());
  store_.reset();
  // Another catalog with more revisions; its index.db is put in this one's
  // place (a restore that mixed up volumes).
  testing::TempDir other;
  {
    SqliteStoreOptions options;
    options.data_dir = other.path();
    auto store = SqliteStore::Open(options);
    ASSERT_TRUE(store.ok()) << store.status();
    ASSERT_TRUE(testing::CreateNumbered(**store, 100).ok());
  }
  std::filesystem::copy_file(other.path() + "/index.db", dir_.path() + "/index.db",
                             std::filesystem::copy_options::overwrite_existing);
  for (const char* suffix : {"-wal", "-shm"}) {
    std::remove((dir_.path() + "/index.db" + suffix).c_str());
  }
  absl::Status why;
  SqliteStoreOptions options;
  options.index_moved_aside = [&](const std::string&, const absl::Status& reason) { why = reason; };
  ReopenWith(options);
  EXPECT_EQ(ErrorReason(why), "INDEX_MISMATCHED") << why;
  EXPECT_EQ(FilesStartingWith(dir_.path(), "index.db.mismatched-").size(), 1u);
  WaitForRebuild();
  std::vector<std::string> ids = ListIds("");
  EXPECT_EQ(ids.size(), 5u);
  EXPECT_EQ(std::count(ids.begin(), ids.end(),
                       DocumentName(MakeNumberedExtraction(100).document().content_hash())),
            0);
}

TEST_F(SqliteStoreTest, StoreServesWritesWhileTheIndexIsRebuilt) {
  // The rebuild is held after its (only) chunk; meanwhile gets, creates and
  // deletes work, an index read gives up with INDEX_BEHIND, and once the
  // rebuild goes on, the index holds exactly what is stored.
  for (int i = 0; i < 20; ++i) ASSERT_TRUE(Create({MakeNumberedExtraction(i)}).ok());
  store_.reset();
  for (const char* suffix : {"", "-wal", "-shm"}) {
    std::remove((dir_.path() + "/index.db" + suffix).c_str());
  }
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  std::promise<void> chunk_done;
  SqliteStoreOptions options;
  options.rebuild_progress = [&, first = true](int64_t, int64_t) mutable {
    if (!first) return;
    first = false;
    chunk_done.set_value();
    released.wait();
  };
  ReopenWith(options);
  chunk_done.get_future().wait();
  const std::string kept = MakeNumberedExtraction(1).document().content_hash();
  EXPECT_TRUE(store_->GetDocument(kept).ok());
  ASSERT_TRUE(Delete(MakeNumberedExtraction(3).document().content_hash()).ok());
  for (int i = 100; i < 105; ++i) ASSERT_TRUE(Create({MakeNumberedExtraction(i)}).ok());
  absl::Status waited = ListStatus();
  EXPECT_EQ(waited.code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(ErrorReason(waited), "INDEX_BEHIND");
  EXPECT_NE(waited.message().find("rebuilt"), std::string::npos) << waited;
  release.set_value();
  WaitForRebuild();
  // 20 stored, 1 deleted, 5 created during the rebuild; the same after a
  // reopen, which finds the index whole.
  EXPECT_EQ(ListIds("").size(), 24u);
  store_.reset();
  ReopenWith(SqliteStoreOptions{});
  EXPECT_EQ(ListIds("").size(), 24u);
  SearchQuery gone;
  gone.query = "\"session 3\"";
  auto hits = store_->SearchDocuments(gone);
  ASSERT_TRUE(hits.ok()) << hits.status();
  EXPECT_TRUE(hits->results.empty());
  EXPECT_EQ(store_->IndexedRevision(), store_->CurrentRevision());
}

TEST_F(SqliteStoreTest, FailedIndexWritesAreRetriedAndReportedAsIndexHealth) {
  // Index transactions fail (as on a full disk) until the test lets them
  // through: creates are still acknowledged, the index health turns false,
  // an index read gives up with INDEX_BEHIND, and once writes succeed again
  // (retried after 1 s) the index catches up and turns healthy.
  std::atomic<bool> failing{true};
  std::atomic<int> failures{0};
  SqliteStoreOptions options;
  options.index_wait_ms = 200;
  options.index_write_fault = [&]() -> absl::Status {
    if (!failing.load()) return absl::OkStatus();
    return absl::ResourceExhaustedError("database or disk is full (test)");
  };
  options.index_error = [&](const absl::Status&) { failures.fetch_add(1); };
  store_.reset();
  ReopenWith(options);
  absl::Mutex mu;
  std::vector<bool> reported;
  store_->SetIndexHealthListener([&](bool serving) {
    absl::MutexLock lock(&mu);
    reported.push_back(serving);
  });
  for (int i = 0; i < 5; ++i) ASSERT_TRUE(Create({MakeNumberedExtraction(i)}).ok());
  absl::Status behind = ListStatus();
  EXPECT_EQ(behind.code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(ErrorReason(behind), "INDEX_BEHIND");
  EXPECT_GE(failures.load(), 1);
  EXPECT_TRUE(store_->GetDocument(MakeNumberedExtraction(2).document().content_hash()).ok());
  failing.store(false);
  absl::Status indexed;
  for (int tries = 0; tries < 100; ++tries) {  // Retried within about 1 s.
    indexed = store_->WaitForIndex();
    if (indexed.ok()) break;
  }
  ASSERT_TRUE(indexed.ok()) << indexed;
  EXPECT_EQ(ListIds("").size(), 5u);
  store_->SetIndexHealthListener(nullptr);
  absl::MutexLock lock(&mu);
  EXPECT_EQ(reported, (std::vector<bool>{true, false, true}));
}

TEST_F(SqliteStoreTest, WhenIndexedWaitsWithoutHoldingTheCaller) {
  // With the index held back (its writes fail), WhenIndexed returns at once
  // and keeps the waiting reads in a list; the store still answers gets and
  // acknowledges creates. Once the index catches up, every waiter is called
  // with a revision that covers the writes made before it asked.
  std::atomic<bool> failing{false};
  SqliteStoreOptions options;
  options.index_write_fault = [&]() -> absl::Status {
    if (!failing.load()) return absl::OkStatus();
    return absl::ResourceExhaustedError("database or disk is full (test)");
  };
  ReopenWith(options);
  ASSERT_TRUE(Create({MakeNumberedExtraction(0)}).ok());
  ASSERT_TRUE(store_->WaitForIndex().ok());
  failing.store(true);
  ASSERT_TRUE(Create({MakeNumberedExtraction(1)}).ok());
  const int64_t target = store_->CurrentRevision();
  constexpr int kWaiters = 12;
  absl::Mutex mu;
  std::vector<absl::StatusOr<int64_t>> answers;
  for (int i = 0; i < kWaiters; ++i) {
    store_->WhenIndexed([&](absl::StatusOr<int64_t> indexed) {
      absl::MutexLock lock(&mu);
      answers.push_back(std::move(indexed));
    });
  }
  EXPECT_EQ(store_->IndexWaiters(), kWaiters);
  EXPECT_TRUE(store_->GetDocument(MakeNumberedExtraction(1).document().content_hash()).ok());
  ASSERT_TRUE(Create({MakeNumberedExtraction(2)}).ok());
  {
    absl::MutexLock lock(&mu);
    EXPECT_TRUE(answers.empty());  // Still waiting: nothing answered them.
  }
  failing.store(false);
  {
    absl::MutexLock lock(&mu);
    ASSERT_TRUE(mu.AwaitWithTimeout(
        absl::Condition(
            +[](std::vector<absl::StatusOr<int64_t>>* a) { return a->size() == size_t{kWaiters}; },
            &answers),
        absl::Seconds(20)));
    for (const auto& answer : answers) {
      ASSERT_TRUE(answer.ok()) << answer.status();
      EXPECT_GE(*answer, target);
    }
  }
  EXPECT_EQ(store_->IndexWaiters(), 0);
  // The read given that revision does not wait and sees the writes.
  DocumentQuery query;
  query.index_revision = target;
  auto page = store_->ListDocuments(query);
  ASSERT_TRUE(page.ok()) << page.status();
  EXPECT_GE(page->documents.size(), 2u);
}

TEST_F(SqliteStoreTest, AnIndexThatStaysBehindEndsTheWaitWithARetryHint) {
  SqliteStoreOptions options;
  options.index_wait_ms = 200;
  options.index_write_fault = [] { return absl::ResourceExhaustedError("disk full (test)"); };
  ReopenWith(options);
  ASSERT_TRUE(Create({MakeNumberedExtraction(0)}).ok());
  absl::Notification answered;
  absl::Status status;
  store_->WhenIndexed([&](absl::StatusOr<int64_t> indexed) {
    status = indexed.status();
    answered.Notify();
  });
  ASSERT_TRUE(answered.WaitForNotificationWithTimeout(absl::Seconds(20)));
  EXPECT_EQ(status.code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(ErrorReason(status), "INDEX_BEHIND");
  EXPECT_TRUE(status.GetPayload(kRetryInfoTypeUrl).has_value());
  EXPECT_NE(status.message().find("within 200 ms"), std::string::npos) << status;
  EXPECT_EQ(store_->IndexWaiters(), 0);
}

TEST_F(SqliteStoreTest, IndexOfAnOlderLayoutIsRebuilt) {
  for (int i = 0; i < 5; ++i) ASSERT_TRUE(Create({MakeNumberedExtraction(i)}).ok());
  store_.reset();
  ExecOnIndex(dir_.path(), "PRAGMA user_version = 999; DELETE FROM docs;");
  Reopen();
  WaitForRebuild();
  EXPECT_EQ(ListIds("").size(), 5u);
}

TEST_F(SqliteStoreTest, IndexThatLostItsLastTransactionsReplaysTheChangeLog) {
  // As after a power loss: index.db (never fsynced at commit) comes back
  // older than catalog.db. The changes since its revision are replayed,
  // including a create whose document was deleted later.
  ASSERT_TRUE(Create({MakeNumberedExtraction(0)}).ok());
  store_.reset();
  const std::string index = dir_.path() + "/index.db";
  std::filesystem::copy_file(index, index + ".old");
  Reopen();
  for (int i = 1; i < 6; ++i) ASSERT_TRUE(Create({MakeNumberedExtraction(i)}).ok());
  ASSERT_TRUE(Delete(MakeNumberedExtraction(2).document().content_hash()).ok());
  const std::vector<std::string> expected = ListIds("");
  ASSERT_EQ(expected.size(), 5u);
  store_.reset();
  for (const char* suffix : {"-wal", "-shm"}) std::remove((index + suffix).c_str());
  std::filesystem::rename(index + ".old", index);
  Reopen();
  EXPECT_EQ(ListIds(""), expected);
  EXPECT_EQ(store_->IndexedRevision(), 7);
  SearchQuery q;
  q.query = "\"session 2\"";
  auto hits = store_->SearchDocuments(q);
  ASSERT_TRUE(hits.ok()) << hits.status();
  EXPECT_TRUE(hits->results.empty());
}

TEST_F(SqliteStoreTest, ClosingIndexesEverythingCommitted) {
  // Changes wait index_delay_ms to be indexed together; closing the store
  // does not wait that long, and leaves nothing for the next open to replay.
  SqliteStoreOptions options;
  options.index_delay_ms = 600000;
  ReopenWith(options);
  for (int i = 0; i < 10; ++i) ASSERT_TRUE(Create({MakeNumberedExtraction(i)}).ok());
  EXPECT_EQ(store_->IndexedRevision(), 0);
  store_.reset();
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open((dir_.path() + "/index.db").c_str(), &db), SQLITE_OK);
  sqlite3_stmt* stmt = nullptr;
  ASSERT_EQ(sqlite3_prepare_v2(db, "SELECT value FROM state WHERE key = 'indexed_revision'", -1,
                               &stmt, nullptr),
            SQLITE_OK);
  ASSERT_EQ(sqlite3_step(stmt), SQLITE_ROW);
  EXPECT_EQ(sqlite3_column_int64(stmt, 0), 10);
  sqlite3_finalize(stmt);
  sqlite3_close(db);
}

TEST_F(SqliteStoreTest, WritersWaitForALaggingIndexAndReadersSeeTheirWrites) {
  SqliteStoreOptions options;
  options.index_batch = 4;
  options.max_index_lag = 4;
  ReopenWith(options);
  std::vector<std::thread> writers;
  std::atomic<int> failures{0};
  for (int t = 0; t < 8; ++t) {
    writers.emplace_back([&, t] {
      for (int i = 0; i < 12; ++i) {
        v1::Extraction x = MakeNumberedExtraction(t * 100 + i);
        if (!Create({x}).ok()) ++failures;
        SearchQuery q;
        q.query = absl::StrCat("\"session ", t * 100 + i, "\"");
        auto hits = store_->SearchDocuments(q);
        if (!hits.ok() || hits->results.size() != 1) ++failures;
      }
    });
  }
  for (auto& w : writers) w.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(ListIds("").size(), 96u);
  EXPECT_EQ(store_->IndexedRevision(), 96);
}

TEST_F(SqliteStoreTest, RowIdsOfDeletedDocumentsAreNeverReused) {
  // The query index names documents by row id and may trail the commit, so
  // a row id freed by a delete must not name a later document.
  ASSERT_TRUE(Create({MakeNumberedExtraction(0)}).ok());
  ASSERT_TRUE(Create({MakeNumberedExtraction(1)}).ok());
  ASSERT_TRUE(Delete(MakeNumberedExtraction(1).document().content_hash()).ok());
  ASSERT_TRUE(Create({MakeNumberedExtraction(2)}).ok());
  ASSERT_TRUE(Create({MakeNumberedExtraction(1)}).ok());  // The deleted text again.
  store_.reset();
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open((dir_.path() + "/catalog.db").c_str(), &db), SQLITE_OK);
  sqlite3_stmt* stmt = nullptr;
  ASSERT_EQ(
      sqlite3_prepare_v2(db, "SELECT rowid FROM documents ORDER BY rowid", -1, &stmt, nullptr),
      SQLITE_OK);
  std::vector<int64_t> rows;
  while (sqlite3_step(stmt) == SQLITE_ROW) rows.push_back(sqlite3_column_int64(stmt, 0));
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  // Revisions 1 and 2 created, 3 deleted row 2, 4 and 5 created.
  EXPECT_EQ(rows, (std::vector<int64_t>{1, 4, 5}));
  Reopen();
  EXPECT_EQ(ListIds("").size(), 3u);
}

TEST_F(SqliteStoreTest, StoredTextThatNoLongerHashesToItsNameIsDataLoss) {
  const v1::Extraction bad = MakeNumberedExtraction(0);
  const v1::Extraction good = MakeNumberedExtraction(1);
  ASSERT_TRUE(Create({bad, good}).ok());
  store_.reset();
  // One bit of the stored text flipped, as a bad sector or a stray write
  // would; the body still parses.
  {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open((dir_.path() + "/catalog.db").c_str(), &db), SQLITE_OK);
    sqlite3_stmt* stmt = nullptr;
    ASSERT_EQ(sqlite3_prepare_v2(db,
                                 "SELECT b.rowid, b.extraction FROM bodies b JOIN documents d "
                                 "ON d.rowid = b.rowid WHERE d.id = ?",
                                 -1, &stmt, nullptr),
              SQLITE_OK);
    const std::string id = bad.document().content_hash();
    sqlite3_bind_text(stmt, 1, id.data(), static_cast<int>(id.size()), SQLITE_TRANSIENT);
    ASSERT_EQ(sqlite3_step(stmt), SQLITE_ROW);
    const int64_t row = sqlite3_column_int64(stmt, 0);
    std::string body(static_cast<const char*>(sqlite3_column_blob(stmt, 1)),
                     sqlite3_column_bytes(stmt, 1));
    sqlite3_finalize(stmt);
    size_t at = body.find(bad.document().text());
    ASSERT_NE(at, std::string::npos);
    body[at] ^= 0x01;
    ASSERT_EQ(sqlite3_prepare_v2(db, "UPDATE bodies SET extraction = ? WHERE rowid = ?", -1, &stmt,
                                 nullptr),
              SQLITE_OK);
    sqlite3_bind_blob(stmt, 1, body.data(), static_cast<int>(body.size()), SQLITE_TRANSIENT);
    sqlite3_bind_int64(stmt, 2, row);
    ASSERT_EQ(sqlite3_step(stmt), SQLITE_DONE);
    sqlite3_finalize(stmt);
    sqlite3_close(db);
  }
  Reopen();
  const int64_t found_before = CorruptDocumentsFound();
  auto got = store_->GetDocument(bad.document().content_hash());
  ASSERT_EQ(got.status().code(), absl::StatusCode::kDataLoss) << got.status();
  EXPECT_EQ(ErrorReason(got.status()), "DOCUMENT_CORRUPT");
  EXPECT_NE(got.status().message().find("catalog.db"), absl::string_view::npos) << got.status();
  EXPECT_NE(got.status().message().find(DocumentName(bad.document().content_hash())),
            absl::string_view::npos)
      << got.status();
  EXPECT_EQ(CorruptDocumentsFound(), found_before + 1);
  // The intact document is served; every read that would carry the corrupt
  // one (a scan, the change feed) fails rather than hand it out as OK.
  EXPECT_TRUE(store_->GetDocument(good.document().content_hash()).ok());
  EXPECT_EQ(store_->ScanDocuments(0, 10).status().code(), absl::StatusCode::kDataLoss);
  EXPECT_EQ(store_->ReadChanges(1, 10).status().code(), absl::StatusCode::kDataLoss);
  auto later = store_->ReadChanges(2, 10);
  ASSERT_TRUE(later.ok()) << later.status();
  EXPECT_EQ(later->changes.size(), 1u);
}

// Runs `sql` on catalog.db (the store closed); `blob` binds to ?1 if set.
void ExecOnCatalog(const std::string& dir, const std::string& sql,
                   std::optional<std::string> blob = std::nullopt) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open((dir + "/catalog.db").c_str(), &db), SQLITE_OK);
  sqlite3_stmt* stmt = nullptr;
  ASSERT_EQ(sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr), SQLITE_OK) << sql;
  if (blob.has_value()) {
    sqlite3_bind_blob(stmt, 1, blob->data(), static_cast<int>(blob->size()), SQLITE_TRANSIENT);
  }
  EXPECT_EQ(sqlite3_step(stmt), SQLITE_DONE) << sqlite3_errmsg(db);
  sqlite3_finalize(stmt);
  sqlite3_close(db);
}

// The stored body of document `id` in catalog.db (the store closed).
std::string ReadBody(const std::string& dir, const std::string& id) {
  sqlite3* db = nullptr;
  std::string body;
  if (sqlite3_open((dir + "/catalog.db").c_str(), &db) != SQLITE_OK) return body;
  sqlite3_stmt* stmt = nullptr;
  sqlite3_prepare_v2(db,
                     "SELECT b.extraction FROM bodies b JOIN documents d ON d.rowid = b.rowid "
                     "WHERE d.id = ?",
                     -1, &stmt, nullptr);
  sqlite3_bind_text(stmt, 1, id.data(), static_cast<int>(id.size()), SQLITE_TRANSIENT);
  if (sqlite3_step(stmt) == SQLITE_ROW) {
    body.assign(static_cast<const char*>(sqlite3_column_blob(stmt, 0)),
                sqlite3_column_bytes(stmt, 0));
  }
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  return body;
}

TEST_F(SqliteStoreTest, AFlippedBitInAnyFieldOfAStoredRecordIsDataLoss) {
  std::vector<v1::Extraction> xs;
  for (int n = 0; n < 5; ++n) xs.push_back(MakeNumberedExtraction(n));
  ASSERT_TRUE(Create(xs).ok());
  store_.reset();
  auto id = [&](int n) { return xs[n].document().content_hash(); };
  auto where = [&](int n) {
    return absl::StrCat(" WHERE rowid = (SELECT rowid FROM documents WHERE id = '", id(n), "')");
  };
  // 0: one bit of the document's revision (documents row, not the body).
  ExecOnCatalog(
      dir_.path(),
      absl::StrCat("UPDATE documents SET revision = (revision | 16) - (revision & 16) WHERE id = '",
                   id(0), "'"));
  // 1: one bit of a person's name inside the body (after the text): the
  // body still parses and the text still hashes to the name.
  {
    std::string body = ReadBody(dir_.path(), id(1));
    const size_t text_at = body.find(xs[1].document().text());
    ASSERT_NE(text_at, std::string::npos);
    const size_t at = body.find(xs[1].people(0).name(), text_at + xs[1].document().text().size());
    ASSERT_NE(at, std::string::npos);
    body[at] ^= 0x01;
    v1::Extraction parsed;
    ASSERT_TRUE(parsed.ParseFromString(body));
    ASSERT_EQ(parsed.document().text(), xs[1].document().text());
    ASSERT_NE(parsed.SerializeAsString(), xs[1].SerializeAsString());
    ExecOnCatalog(dir_.path(), absl::StrCat("UPDATE bodies SET extraction = ?1", where(1)), body);
  }
  // 2: one bit of the create time.
  ExecOnCatalog(
      dir_.path(),
      absl::StrCat(
          "UPDATE documents SET create_us = (create_us | 1) - (create_us & 1) WHERE id = '", id(2),
          "'"));
  // 3: a record stored before checksums existed (none stored), intact: read
  // as before. 4: the same, with its text altered: its hash still finds it.
  ExecOnCatalog(dir_.path(), absl::StrCat("UPDATE bodies SET checksum = NULL", where(3)));
  {
    std::string body = ReadBody(dir_.path(), id(4));
    const size_t at = body.find(xs[4].document().text());
    ASSERT_NE(at, std::string::npos);
    body[at] ^= 0x01;
    ExecOnCatalog(dir_.path(),
                  absl::StrCat("UPDATE bodies SET extraction = ?1, checksum = NULL", where(4)),
                  body);
  }
  Reopen();
  const int64_t found_before = CorruptDocumentsFound();
  for (int n : {0, 1, 2, 4}) {
    auto got = store_->GetDocument(id(n));
    ASSERT_EQ(got.status().code(), absl::StatusCode::kDataLoss) << n << ": " << got.status();
    EXPECT_EQ(ErrorReason(got.status()), "DOCUMENT_CORRUPT") << n;
    EXPECT_NE(got.status().message().find(DocumentName(id(n))), absl::string_view::npos);
    EXPECT_NE(got.status().message().find("catalog.db"), absl::string_view::npos);
    const bool by_checksum = n != 4;
    EXPECT_EQ(got.status().message().find("checksum") != absl::string_view::npos, by_checksum)
        << got.status();
  }
  EXPECT_EQ(CorruptDocumentsFound(), found_before + 4);
  auto intact = store_->GetDocument(id(3));
  ASSERT_TRUE(intact.ok()) << intact.status();
  EXPECT_EQ(intact->extraction().SerializeAsString(), xs[3].SerializeAsString());

  // The scrub finds the same four, and only them.
  WaitForRebuild();
  std::set<std::string> corrupt;
  VerifyOptions verify;
  verify.check_index = false;
  verify.on_problem = [&](const VerifyProblem& problem) {
    EXPECT_EQ(problem.kind, VerifyProblem::Kind::kHashMismatch) << problem.detail;
    corrupt.insert(problem.document_id);
  };
  auto summary = store_->Verify(verify);
  ASSERT_TRUE(summary.ok()) << summary.status();
  EXPECT_EQ(summary->documents_checked, 5);
  EXPECT_EQ(corrupt, (std::set<std::string>{id(0), id(1), id(2), id(4)}));
}

TEST_F(SqliteStoreTest, LostAcknowledgedWritesRefuseWritesUntilTheOperatorAcceptsThem) {
  namespace fs = std::filesystem;
  ASSERT_TRUE(Create({MakeNumberedExtraction(0), MakeNumberedExtraction(1)}).ok());
  store_.reset();
  // catalog.db as it was at revision 2, put back after revisions 3..5 were
  // acknowledged: what a dropped WAL tail leaves.
  const std::string db = dir_.path() + "/catalog.db";
  fs::copy_file(db, db + ".old");
  Reopen();
  for (int n = 2; n < 5; ++n) ASSERT_TRUE(Create({MakeNumberedExtraction(n)}).ok());
  store_.reset();
  fs::rename(db + ".old", db);
  fs::remove(db + "-wal");
  fs::remove(db + "-shm");

  Reopen();
  ASSERT_TRUE(store_->lost_writes().has_value());
  EXPECT_EQ(store_->lost_writes()->records_revision, 2);
  EXPECT_EQ(store_->lost_writes()->acknowledged_revision, 5);
  EXPECT_TRUE(store_->WritesRefused());
  EXPECT_EQ(store_->CurrentRevision(), 2);
  auto refused = Create({MakeNumberedExtraction(9)});
  ASSERT_EQ(refused.status().code(), absl::StatusCode::kFailedPrecondition) << refused.status();
  EXPECT_EQ(ErrorReason(refused.status()), "ACKNOWLEDGED_WRITES_LOST");
  EXPECT_NE(refused.status().message().find("revision-mark"), absl::string_view::npos);
  EXPECT_NE(refused.status().message().find("--accept-data-loss=5"), absl::string_view::npos);
  EXPECT_EQ(ErrorReason(Delete(MakeNumberedExtraction(0).document().content_hash())),
            "ACKNOWLEDGED_WRITES_LOST");
  // What survives is served, and the index (which held the lost documents)
  // is rebuilt from it.
  EXPECT_TRUE(store_->GetDocument(MakeNumberedExtraction(1).document().content_hash()).ok());
  EXPECT_EQ(
      store_->GetDocument(MakeNumberedExtraction(3).document().content_hash()).status().code(),
      absl::StatusCode::kNotFound);
  WaitForRebuild();
  EXPECT_EQ(ListIds("").size(), 2u);

  // An acceptance that names another revision accepts nothing.
  SqliteStoreOptions wrong;
  wrong.accept_data_loss_at = 4;
  ReopenWith(wrong);
  EXPECT_TRUE(store_->WritesRefused());

  SqliteStoreOptions accept;
  accept.accept_data_loss_at = 5;
  ReopenWith(accept);
  ASSERT_TRUE(store_->lost_writes().has_value());
  EXPECT_TRUE(store_->lost_writes()->accepted);
  EXPECT_FALSE(store_->WritesRefused());
  EXPECT_EQ(store_->CurrentRevision(), 5);
  // No revision a watcher may have seen is given again.
  auto created = Create({MakeNumberedExtraction(9)});
  ASSERT_TRUE(created.ok()) << created.status();
  EXPECT_EQ(created->responses(0).document().revision(), 6);
  // A watcher from before the loss is told to re-read.
  EXPECT_EQ(ErrorReason(store_->ReadChanges(3, 10).status()), "REVISION_COMPACTED");
  auto changes = store_->ReadChanges(6, 10);
  ASSERT_TRUE(changes.ok()) << changes.status();
  ASSERT_EQ(changes->changes.size(), 1u);
  EXPECT_EQ(changes->changes[0].revision(), 6);
  WaitForRebuild();
  EXPECT_EQ(ListIds("").size(), 3u);

  // Accepted once: the next start is clean, with or without the flag.
  Reopen();
  EXPECT_FALSE(store_->lost_writes().has_value());
  EXPECT_EQ(store_->CurrentRevision(), 6);
}

TEST_F(SqliteStoreTest, AnUnreadableRevisionMarkStopsTheOpenAndNamesTheFile) {
  ASSERT_TRUE(Create({MakeNumberedExtraction(0)}).ok());
  store_.reset();
  {
    std::FILE* f = std::fopen((dir_.path() + "/revision-mark").c_str(), "r+");
    ASSERT_NE(f, nullptr);
    std::fputs("garbage", f);
    std::fclose(f);
  }
  SqliteStoreOptions options;
  options.data_dir = dir_.path();
  auto opened = SqliteStore::Open(options);
  ASSERT_EQ(opened.status().code(), absl::StatusCode::kFailedPrecondition) << opened.status();
  EXPECT_EQ(ErrorReason(opened.status()), "REVISION_MARK_UNREADABLE");
  EXPECT_NE(opened.status().message().find(dir_.path() + "/revision-mark"),
            absl::string_view::npos);
}

TEST_F(SqliteStoreTest, ACommitTheMarkCannotWitnessIsNeitherAcknowledgedNorPublished) {
  std::atomic<bool> mark_fails{false};
  std::atomic<int> mark_errors{0};
  SqliteStoreOptions options;
  options.mark_write_fault = [&]() -> absl::Status {
    if (!mark_fails.load()) return absl::OkStatus();
    return MakeError(absl::StatusCode::kUnavailable, "STORAGE_UNAVAILABLE",
                     "cannot sync revision-mark: Input/output error (test)");
  };
  options.mark_error = [&](const absl::Status&) { mark_errors.fetch_add(1); };
  ReopenWith(options);
  std::atomic<int64_t> notified{0};
  const int64_t listener = store_->AddCommitListener([&](int64_t r) { notified.store(r); });
  // Listeners are told after the requests are answered: wait (5 s at most).
  auto notified_of = [&](int64_t revision) {
    for (int tries = 0; tries < 100 && notified.load() < revision; ++tries) {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return notified.load();
  };
  ASSERT_TRUE(Create({MakeNumberedExtraction(0)}).ok());
  EXPECT_EQ(store_->CurrentRevision(), 1);
  EXPECT_EQ(notified_of(1), 1);

  mark_fails.store(true);
  const v1::Extraction unmarked = MakeNumberedExtraction(1);
  auto failed = Create({unmarked});
  ASSERT_EQ(failed.status().code(), absl::StatusCode::kUnavailable) << failed.status();
  EXPECT_NE(failed.status().message().find("revision-mark"), absl::string_view::npos);
  EXPECT_GE(mark_errors.load(), 1);
  // Durable in catalog.db, but not published: the revision, the change feed
  // and the watchers stay at 1.
  EXPECT_EQ(store_->CurrentRevision(), 1);
  EXPECT_EQ(notified.load(), 1);
  auto changes = store_->ReadChanges(2, 10);
  ASSERT_TRUE(changes.ok()) << changes.status();
  EXPECT_TRUE(changes->changes.empty());
  // A retry finds the document stored, which changes nothing, yet it is not
  // acknowledged either while the mark cannot hold revision 2; nor is a
  // delete, although its own commit would be durable.
  EXPECT_EQ(Create({unmarked}).status().code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(Delete(MakeNumberedExtraction(0).document().content_hash()).code(),
            absl::StatusCode::kUnavailable);
  EXPECT_EQ(store_->CurrentRevision(), 1);

  // Once the mark can be written again, the retried mark (every second,
  // without any new write) publishes the held-back revisions in order.
  mark_fails.store(false);
  for (int tries = 0; tries < 100 && store_->CurrentRevision() < 3; ++tries) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  EXPECT_EQ(store_->CurrentRevision(), 3);
  EXPECT_EQ(notified_of(3), 3);
  changes = store_->ReadChanges(2, 10);
  ASSERT_TRUE(changes.ok()) << changes.status();
  ASSERT_EQ(changes->changes.size(), 2u);
  EXPECT_EQ(changes->changes[0].type(), v1::CHANGE_TYPE_CREATED);
  EXPECT_EQ(changes->changes[1].type(), v1::CHANGE_TYPE_DELETED);
  auto retried = Create({unmarked});
  ASSERT_TRUE(retried.ok()) << retried.status();
  EXPECT_FALSE(retried->responses(0).created());
  EXPECT_EQ(retried->responses(0).document().revision(), 2);
  store_->RemoveCommitListener(listener);

  // The mark holds every revision: the next open finds nothing lost.
  store_.reset();
  auto mark = sqlite::RevisionMark::Open(dir_.path() + "/revision-mark");
  ASSERT_TRUE(mark.ok()) << mark.status();
  EXPECT_EQ((*mark)->recorded(), std::optional<int64_t>(3));
}

TEST_F(SqliteStoreTest, LargeBatchesAreIndexedInChunksBehindTheCommit) {
  SqliteStoreOptions options;
  options.index_batch = 7;
  options.max_index_lag = 7;
  ReopenWith(options);
  std::vector<v1::Extraction> xs;
  for (int i = 0; i < 100; ++i) xs.push_back(MakeNumberedExtraction(i));
  ASSERT_TRUE(Create(xs).ok());
  ASSERT_TRUE(Create({MakeNumberedExtraction(500)}).ok());
  EXPECT_EQ(ListIds("").size(), 101u);
  EXPECT_EQ(store_->IndexedRevision(), 101);
}

TEST_F(SqliteStoreTest, ConcurrentCreatesGetDistinctRevisions) {
  constexpr int kThreads = 8, kPerThread = 25;
  std::vector<std::thread> threads;
  std::mutex mu;
  std::set<int64_t> revisions;
  std::atomic<int> failures{0};
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        auto r = Create({MakeNumberedExtraction(t * 1000 + i)});
        if (!r.ok()) {
          ++failures;
          continue;
        }
        std::lock_guard<std::mutex> lock(mu);
        revisions.insert(r->responses(0).document().revision());
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(revisions.size(), static_cast<size_t>(kThreads * kPerThread));
  EXPECT_EQ(*revisions.rbegin(), kThreads * kPerThread);
}

}  // namespace
}  // namespace readout::catalog
