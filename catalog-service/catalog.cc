// Catalog request logic (see catalog.h).
#include "catalog-service/catalog.h"

#include <future>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "catalog-service/errors.h"
#include "catalog-service/query/filter.h"
#include "catalog-service/query/names.h"
#include "catalog-service/query/page_token.h"
#include "catalog-service/query/search_query.h"
#include "common/sha256.h"

namespace readout::catalog {
namespace {

struct Order {
  DocumentOrder order = DocumentOrder::kCreateTime;
  bool descending = false;
  std::string canonical;  // "event_date desc"
};

absl::StatusOr<Order> ParseOrderBy(absl::string_view order_by) {
  Order order;
  std::vector<absl::string_view> words =
      absl::StrSplit(order_by, absl::ByAnyChar(" \t\n"), absl::SkipEmpty());
  if (words.empty()) {
    order.canonical = "create_time";
    return order;
  }
  auto bad = [&] {
    return InvalidArgument(
        "INVALID_ORDER_BY",
        absl::StrCat("order_by \"", order_by.substr(0, 200),
                     "\" is not supported; use event_date, published_date or create_time, "
                     "optionally followed by desc"));
  };
  if (words.size() > 2) return bad();
  if (words[0] == "event_date") {
    order.order = DocumentOrder::kEventDate;
  } else if (words[0] == "published_date") {
    order.order = DocumentOrder::kPublishedDate;
  } else if (words[0] != "create_time") {
    return bad();
  }
  if (words.size() == 2) {
    if (words[1] == "desc") {
      order.descending = true;
    } else if (words[1] != "asc") {
      return bad();
    }
  }
  order.canonical = absl::StrCat(words[0], order.descending ? " desc" : "");
  return order;
}

template <typename T>
absl::StatusOr<T> Wait(std::function<void(Catalog::Callback<T>)> start) {
  auto promise = std::make_shared<std::promise<absl::StatusOr<T>>>();
  std::future<absl::StatusOr<T>> future = promise->get_future();
  start([promise](absl::StatusOr<T> result) { promise->set_value(std::move(result)); });
  return future.get();
}

absl::Status CheckRequestId(const std::string& request_id) {
  if (request_id.size() > kMaxRequestIdLength) {
    return InvalidArgument("INVALID_REQUEST_ID", absl::StrCat("request_id is longer than ",
                                                              kMaxRequestIdLength, " characters"));
  }
  // PostgreSQL refuses a NUL in a text value; an id is never meant to hold one.
  if (const size_t at = request_id.find('\0'); at != std::string::npos) {
    return InvalidArgument("INVALID_REQUEST_ID",
                           absl::StrCat("request_id holds a NUL byte (at byte ", at, ")"));
  }
  return absl::OkStatus();
}

// Takes the extraction out of `request` (moved, not copied).
absl::StatusOr<NewDocument> PrepareDocument(v1::CreateDocumentRequest& request,
                                            absl::string_view where) {
  if (!request.has_document() || !request.document().has_extraction()) {
    return InvalidArgument("INVALID_DOCUMENT",
                           absl::StrCat(where, "document.extraction is required"));
  }
  NewDocument doc;
  doc.extraction = std::move(*request.mutable_document()->mutable_extraction());
  absl::StatusOr<std::string> id = DocumentIdFor(doc.extraction);
  if (!id.ok()) {
    return InvalidArgument(ErrorReason(id.status()), absl::StrCat(where, id.status().message()));
  }
  doc.id = *id;
  doc.extraction.mutable_document()->set_content_hash(doc.id);
  return doc;
}

}  // namespace

absl::StatusOr<int> ResolvePageSize(int page_size, int default_size, int max_size) {
  if (page_size < 0) {
    return InvalidArgument("INVALID_PAGE_SIZE",
                           absl::StrCat("page_size must not be negative, got ", page_size));
  }
  if (page_size == 0) return default_size;
  return page_size > max_size ? max_size : page_size;
}

absl::StatusOr<std::string> DocumentIdFor(const v1::Extraction& extraction) {
  const v1::Document& doc = extraction.document();
  // The name is computed from the text, never taken on trust: a name
  // without its text could be reserved for an article before it arrives.
  if (doc.text().empty()) {
    return InvalidArgument("INVALID_DOCUMENT",
                           "document.text is required: the document's name is the SHA-256 "
                           "of its text");
  }
  std::string hash = common::Sha256Hex(doc.text());
  if (!doc.content_hash().empty() && doc.content_hash() != hash) {
    return InvalidArgument("CONTENT_HASH_MISMATCH",
                           absl::StrCat("document.content_hash is not the SHA-256 of "
                                        "document.text (that is ",
                                        hash, ")"));
  }
  return hash;
}

void Catalog::CreateDocument(const v1::CreateDocumentRequest& request,
                             Callback<v1::CreateDocumentResponse> done) {
  CreateDocument(v1::CreateDocumentRequest(request), std::move(done));
}

void Catalog::CreateDocument(v1::CreateDocumentRequest&& request,
                             Callback<v1::CreateDocumentResponse> done) {
  absl::Status status = CheckRequestId(request.request_id());
  absl::StatusOr<NewDocument> doc = PrepareDocument(request, "");
  if (status.ok()) status = doc.status();
  if (!status.ok()) {
    done(status);
    return;
  }
  std::vector<NewDocument> docs;
  docs.push_back(std::move(*doc));
  std::string request_id =
      request.request_id().empty() ? "" : absl::StrCat("create:", request.request_id());
  store_->Create(std::move(docs), std::move(request_id),
                 [done = std::move(done)](absl::StatusOr<v1::BatchCreateDocumentsResponse> result) {
                   if (!result.ok()) {
                     done(result.status());
                   } else if (result->responses_size() != 1) {
                     done(absl::InternalError("store returned no document"));
                   } else {
                     done(std::move(*result->mutable_responses(0)));
                   }
                 });
}

void Catalog::BatchCreateDocuments(const v1::BatchCreateDocumentsRequest& request,
                                   Callback<v1::BatchCreateDocumentsResponse> done) {
  BatchCreateDocuments(v1::BatchCreateDocumentsRequest(request), std::move(done));
}

void Catalog::BatchCreateDocuments(v1::BatchCreateDocumentsRequest&& request,
                                   Callback<v1::BatchCreateDocumentsResponse> done) {
  absl::Status status = CheckRequestId(request.request_id());
  if (status.ok() && request.requests_size() == 0) {
    status = InvalidArgument("INVALID_DOCUMENT", "requests must hold at least one document");
  }
  if (status.ok() && request.requests_size() > kMaxBatchSize) {
    status = InvalidArgument("INVALID_DOCUMENT",
                             absl::StrCat("at most ", kMaxBatchSize, " documents per batch, got ",
                                          request.requests_size()));
  }
  std::vector<NewDocument> docs;
  for (int i = 0; status.ok() && i < request.requests_size(); ++i) {
    absl::StatusOr<NewDocument> doc =
        PrepareDocument(*request.mutable_requests(i), absl::StrCat("requests[", i, "]: "));
    if (!doc.ok()) {
      status = doc.status();
    } else {
      docs.push_back(std::move(*doc));
    }
  }
  if (!status.ok()) {
    done(status);
    return;
  }
  std::string request_id =
      request.request_id().empty() ? "" : absl::StrCat("batch:", request.request_id());
  store_->Create(std::move(docs), std::move(request_id), std::move(done));
}

void Catalog::DeleteDocument(const v1::DeleteDocumentRequest& request,
                             Callback<v1::DeleteDocumentResponse> done) {
  absl::StatusOr<std::string> id = ParseDocumentName(request.name());
  if (!id.ok()) {
    done(id.status());
    return;
  }
  DeleteRequest del;
  del.id = *id;
  del.etag = request.etag();
  del.allow_missing = request.allow_missing();
  store_->Delete(std::move(del), [done = std::move(done)](absl::Status status) {
    if (!status.ok()) {
      done(status);
    } else {
      done(v1::DeleteDocumentResponse());
    }
  });
}

absl::StatusOr<v1::CreateDocumentResponse> Catalog::CreateDocumentSync(
    const v1::CreateDocumentRequest& request) {
  return Wait<v1::CreateDocumentResponse>(
      [&](Callback<v1::CreateDocumentResponse> done) { CreateDocument(request, done); });
}

absl::StatusOr<v1::BatchCreateDocumentsResponse> Catalog::BatchCreateDocumentsSync(
    const v1::BatchCreateDocumentsRequest& request) {
  return Wait<v1::BatchCreateDocumentsResponse>(
      [&](Callback<v1::BatchCreateDocumentsResponse> done) {
        BatchCreateDocuments(request, done);
      });
}

absl::Status Catalog::DeleteDocumentSync(const v1::DeleteDocumentRequest& request) {
  return Wait<v1::DeleteDocumentResponse>(
             [&](Callback<v1::DeleteDocumentResponse> done) { DeleteDocument(request, done); })
      .status();
}

absl::StatusOr<v1::GetDocumentResponse> Catalog::GetDocument(
    const v1::GetDocumentRequest& request) {
  CATALOG_ASSIGN_OR_RETURN(std::string id, ParseDocumentName(request.name()));
  v1::GetDocumentResponse response;
  CATALOG_ASSIGN_OR_RETURN(*response.mutable_document(), store_->GetDocument(id));
  return response;
}

absl::StatusOr<v1::ListDocumentsResponse> Catalog::ListDocuments(
    const v1::ListDocumentsRequest& request, int64_t index_revision) {
  CATALOG_ASSIGN_OR_RETURN(int page_size,
                           ResolvePageSize(request.page_size(), kDefaultPageSize, kMaxPageSize));
  CATALOG_ASSIGN_OR_RETURN(Order order, ParseOrderBy(request.order_by()));
  CATALOG_ASSIGN_OR_RETURN(std::optional<FilterExpr> filter,
                           ParseFilter(request.filter(), DocumentFilterSchema()));
  const std::string binding =
      absl::StrCat("ListDocuments\n", request.filter(), "\n", order.canonical);
  DocumentQuery query;
  query.filter = filter ? &*filter : nullptr;
  query.order = order.order;
  query.descending = order.descending;
  query.limit = page_size;
  query.index_revision = index_revision;
  if (!request.page_token().empty()) {
    CATALOG_ASSIGN_OR_RETURN(PageCursor cursor,
                             DecodePageToken(request.page_token(), binding, store_->TokenSecret()));
    query.has_cursor = true;
    query.after_key = cursor.key;
    query.after_row = cursor.row;
  }
  CATALOG_ASSIGN_OR_RETURN(DocumentPage page, store_->ListDocuments(query));
  v1::ListDocumentsResponse response;
  for (auto& doc : page.documents) *response.add_documents() = std::move(doc);
  if (page.more) {
    PageCursor cursor;
    cursor.key = page.last_key;
    cursor.row = page.last_row;
    response.set_next_page_token(EncodePageToken(cursor, binding, store_->TokenSecret()));
  }
  return response;
}

absl::StatusOr<v1::SearchDocumentsResponse> Catalog::SearchDocuments(
    const v1::SearchDocumentsRequest& request, int64_t index_revision) {
  if (absl::StripAsciiWhitespace(request.query()).empty()) {
    return InvalidArgument("INVALID_QUERY", "query must not be empty");
  }
  if (request.query().size() > 4096) {
    return InvalidArgument("INVALID_QUERY", "query is longer than 4096 bytes");
  }
  // Checked before the filter and the page token, whatever the store.
  CATALOG_RETURN_IF_ERROR(ParseSearchQuery(request.query()).status());
  CATALOG_ASSIGN_OR_RETURN(
      int page_size,
      ResolvePageSize(request.page_size(), kDefaultSearchPageSize, kMaxSearchPageSize));
  CATALOG_ASSIGN_OR_RETURN(std::optional<FilterExpr> filter,
                           ParseFilter(request.filter(), DocumentFilterSchema()));
  const std::string binding =
      absl::StrCat("SearchDocuments\n", request.query(), "\n", request.filter());
  SearchQuery query;
  query.query = request.query();
  query.filter = filter ? &*filter : nullptr;
  query.limit = page_size;
  query.index_revision = index_revision;
  if (!request.page_token().empty()) {
    CATALOG_ASSIGN_OR_RETURN(PageCursor cursor,
                             DecodePageToken(request.page_token(), binding, store_->TokenSecret()));
    query.offset = cursor.offset;
  }
  CATALOG_ASSIGN_OR_RETURN(SearchPage page, store_->SearchDocuments(query));
  v1::SearchDocumentsResponse response;
  for (auto& result : page.results) *response.add_results() = std::move(result);
  if (page.more) {
    PageCursor cursor;
    cursor.offset = query.offset + response.results_size();
    response.set_next_page_token(EncodePageToken(cursor, binding, store_->TokenSecret()));
  }
  return response;
}

absl::StatusOr<v1::GetPersonResponse> Catalog::GetPerson(const v1::GetPersonRequest& request,
                                                         int64_t index_revision) {
  CATALOG_ASSIGN_OR_RETURN(std::string key, ParsePersonName(request.name()));
  v1::GetPersonResponse response;
  CATALOG_ASSIGN_OR_RETURN(*response.mutable_person(), store_->GetPerson(key, index_revision));
  return response;
}

absl::StatusOr<v1::ListPeopleResponse> Catalog::ListPeople(const v1::ListPeopleRequest& request,
                                                           int64_t index_revision) {
  CATALOG_ASSIGN_OR_RETURN(int page_size,
                           ResolvePageSize(request.page_size(), kDefaultPageSize, kMaxPageSize));
  CATALOG_ASSIGN_OR_RETURN(std::optional<FilterExpr> filter,
                           ParseFilter(request.filter(), PeopleFilterSchema()));
  const std::string binding = absl::StrCat("ListPeople\n", request.filter());
  PeopleQuery query;
  query.filter = filter ? &*filter : nullptr;
  query.limit = page_size;
  query.index_revision = index_revision;
  if (!request.page_token().empty()) {
    CATALOG_ASSIGN_OR_RETURN(PageCursor cursor,
                             DecodePageToken(request.page_token(), binding, store_->TokenSecret()));
    query.after_key = cursor.text;
  }
  CATALOG_ASSIGN_OR_RETURN(PeoplePage page, store_->ListPeople(query));
  v1::ListPeopleResponse response;
  for (auto& person : page.people) *response.add_people() = std::move(person);
  if (page.more && response.people_size() > 0) {
    PageCursor cursor;
    cursor.text = response.people(response.people_size() - 1).name().substr(7);
    response.set_next_page_token(EncodePageToken(cursor, binding, store_->TokenSecret()));
  }
  return response;
}

absl::StatusOr<int64_t> Catalog::WatchStartRevision(const v1::WatchDocumentsRequest& request) {
  if (request.start_revision() < 0) {
    return InvalidArgument(
        "INVALID_REVISION",
        absl::StrCat("start_revision must not be negative, got ", request.start_revision()));
  }
  if (request.start_revision() == 0) return store_->CurrentRevision() + 1;
  return request.start_revision();
}

}  // namespace readout::catalog
