// SqliteStore::Verify (see sqlite_store.h and store/verify.h): walks
// catalog.db's documents in row order, in chunks that each read one
// snapshot of both files, checks each record's hash (DecodeStoredDocument)
// and compares index.db with it. The index may trail the records by the
// changes not yet indexed, so each chunk first reads the index's revision:
// documents created after it are not expected in the index yet, and an index
// row whose document was deleted after it is not an orphan.
#include <cstdint>
#include <limits>
#include <set>
#include <string>

#include "absl/strings/str_cat.h"
#include "catalog-service/errors.h"
#include "catalog-service/query/names.h"
#include "catalog-service/store/sqlite/document_rows.h"
#include "catalog-service/store/sqlite/sqlite_store.h"
#include "catalog-service/store/sqlite/sqlite_store_internal.h"

namespace readout::catalog {
namespace {

using sqlite::DocumentFromRow;
using sqlite::kDocumentColumns;
using sqlite::kDocumentFrom;

constexpr int kVerifyChunk = 500;

// One integer from `sql` with `arg` bound (0 when there is no row).
absl::StatusOr<int64_t> QueryInt(Connection& connection, const char* sql, int64_t arg) {
  CATALOG_ASSIGN_OR_RETURN(Statement stmt, connection.Prepare(sql));
  stmt.Bind(1, arg);
  CATALOG_ASSIGN_OR_RETURN(bool row, stmt.Step());
  return row && !stmt.IsNull(0) ? stmt.Int(0) : 0;
}

// What index.db holds for document `row_id` that differs from what its
// record gives (`rows`); "" when they agree, nullopt when it has no row.
absl::StatusOr<std::optional<std::string>> CompareIndexRows(Connection& connection, int64_t row_id,
                                                            const IndexRows& rows) {
  std::string differences;
  {
    CATALOG_ASSIGN_OR_RETURN(
        Statement stmt,
        connection.Prepare("SELECT published, event_date, title_lc FROM ix.docs WHERE rowid = ?"));
    stmt.Bind(1, row_id);
    CATALOG_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) return std::optional<std::string>();
    auto differ = [&](const char* what, const std::string& indexed, const std::string& stored) {
      if (indexed == stored) return;
      absl::StrAppend(&differences, differences.empty() ? "" : "; ", what, " is ", indexed,
                      " in index.db but ", stored, " in the record");
    };
    differ("published", absl::StrCat(stmt.Int(0)), absl::StrCat(rows.published));
    differ("event_date", absl::StrCat(stmt.Int(1)), absl::StrCat(rows.event_date));
    differ("title", absl::StrCat("\"", stmt.Text(2), "\""),
           absl::StrCat("\"", rows.title_lc, "\""));
  }
  std::set<std::string> person_keys;
  for (const IndexRows::Person& person : rows.persons) person_keys.insert(person.key);
  struct Count {
    const char* what;
    const char* sql;
    int64_t expected;
  };
  for (const Count& count : {
           Count{"people", "SELECT count(*) FROM ix.persons WHERE doc = ?",
                 static_cast<int64_t>(person_keys.size())},
           Count{"events", "SELECT count(*) FROM ix.events WHERE doc = ?",
                 static_cast<int64_t>(rows.events.size())},
           Count{"search rows", "SELECT count(*) FROM ix.fts WHERE rowid = ?", 1},
       }) {
    CATALOG_ASSIGN_OR_RETURN(int64_t indexed, QueryInt(connection, count.sql, row_id));
    if (indexed != count.expected) {
      absl::StrAppend(&differences, differences.empty() ? "" : "; ", count.what, ": ", indexed,
                      " in index.db, ", count.expected, " from the record");
    }
  }
  return std::optional<std::string>(differences);
}

}  // namespace

absl::StatusOr<VerifySummary> SqliteStore::Verify(const VerifyOptions& options) {
  VerifySummary summary;
  summary.index_checked = options.check_index;
  VerifyProgress progress;
  CATALOG_ASSIGN_OR_RETURN(progress.documents_total, CountDocuments());
  auto report = [&](const VerifyProblem& problem) {
    ++summary.problems_found;
    ++progress.problems_found;
    if (options.on_problem) options.on_problem(problem);
  };
  int64_t after = 0;  // The last document row checked.
  bool last = false;
  while (!last) {
    CATALOG_LEASE_READER(reader);
    CATALOG_RETURN_IF_ERROR(reader->Exec("BEGIN"));
    // The index's snapshot first: the records read next are as new or newer.
    int64_t indexed = 0;
    if (options.check_index) {
      CATALOG_ASSIGN_OR_RETURN(
          Statement stmt,
          reader->Prepare("SELECT value FROM ix.state WHERE key = 'indexed_revision'"));
      CATALOG_ASSIGN_OR_RETURN(bool row, stmt.Step());
      indexed = row ? stmt.Int(0) : 0;
    }
    int64_t chunk_end = after;
    int documents = 0;
    {
      CATALOG_ASSIGN_OR_RETURN(Statement stmt, reader->Prepare(absl::StrCat(
                                                   "SELECT ", kDocumentColumns, kDocumentFrom,
                                                   " WHERE d.rowid > ? ORDER BY d.rowid LIMIT ?")));
      stmt.Bind(1, after).Bind(2, kVerifyChunk);
      while (true) {
        CATALOG_ASSIGN_OR_RETURN(bool row, stmt.Step());
        if (!row) break;
        ++documents;
        const int64_t row_id = stmt.Int(0);
        const std::string id(stmt.Text(1));
        const int64_t revision = stmt.Int(2);
        chunk_end = row_id;
        absl::StatusOr<v1::CatalogDocument> doc = DocumentFromRow(stmt, 0);
        if (!doc.ok()) {
          std::optional<VerifyProblem> problem = RecordProblem(doc.status(), id, revision);
          if (!problem.has_value()) return doc.status();
          report(*problem);
          continue;
        }
        if (!options.check_index) continue;
        if (row_id > indexed) {
          ++summary.documents_not_yet_indexed;
          continue;
        }
        CATALOG_ASSIGN_OR_RETURN(
            std::optional<std::string> differences,
            CompareIndexRows(*reader.get(), row_id, Prepare(doc->extraction())));
        if (!differences.has_value()) {
          report(VerifyProblem{
              VerifyProblem::Kind::kNotIndexed, id, revision,
              absl::StrCat(DocumentName(id), " (revision ", revision,
                           ") has no row in index.db, which is at revision ", indexed)});
        } else if (!differences->empty()) {
          report(VerifyProblem{VerifyProblem::Kind::kIndexMismatch, id, revision,
                               absl::StrCat(DocumentName(id), ": ", *differences)});
        }
      }
    }
    last = documents < kVerifyChunk;
    if (last) chunk_end = std::numeric_limits<int64_t>::max();
    if (options.check_index) {
      // Index rows in this chunk's range without a document, unless it was
      // deleted after the index's snapshot.
      CATALOG_ASSIGN_OR_RETURN(
          Statement stmt,
          reader->Prepare("SELECT x.rowid FROM ix.docs x WHERE x.rowid > ? AND x.rowid <= ? "
                          "AND NOT EXISTS (SELECT 1 FROM documents d WHERE d.rowid = x.rowid) "
                          "AND NOT EXISTS (SELECT 1 FROM changes c WHERE c.type = 2 AND "
                          "c.doc_row = x.rowid AND c.revision > ?) ORDER BY x.rowid"));
      stmt.Bind(1, after).Bind(2, chunk_end).Bind(3, indexed);
      while (true) {
        CATALOG_ASSIGN_OR_RETURN(bool row, stmt.Step());
        if (!row) break;
        const int64_t row_id = stmt.Int(0);
        report(VerifyProblem{VerifyProblem::Kind::kOrphanIndexRow, "", row_id,
                             absl::StrCat("index.db has a row for the document created at "
                                          "revision ",
                                          row_id, ", which catalog.db does not store")});
      }
    }
    after = chunk_end;
    progress.documents_checked += documents;
    summary.documents_checked += documents;
    if (options.on_progress && !options.on_progress(progress)) {
      return absl::CancelledError("the verification was cancelled");
    }
  }
  return summary;
}

}  // namespace readout::catalog
