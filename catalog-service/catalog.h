// readout::catalog::Catalog: the catalog's request logic, independent of
// gRPC. Validates requests (names, sizes, page sizes, filters, order_by,
// page tokens), calls the Store and builds responses. Read methods block
// (run them off RPC threads); Create/BatchCreate/Delete complete through a
// callback on the store's writer thread. Thread-safe.
#ifndef READOUT_CATALOG_SERVICE_CATALOG_H_
#define READOUT_CATALOG_SERVICE_CATALOG_H_

#include <functional>
#include <memory>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "catalog-service/store/store.h"
#include "readout/v1/catalog_service.pb.h"

namespace readout::catalog {

inline constexpr int kDefaultPageSize = 50;
inline constexpr int kMaxPageSize = 1000;
inline constexpr int kDefaultSearchPageSize = 20;
inline constexpr int kMaxSearchPageSize = 100;
inline constexpr int kMaxBatchSize = 1000;
inline constexpr size_t kMaxRequestIdLength = 128;

class Catalog {
 public:
  template <typename T>
  using Callback = std::function<void(absl::StatusOr<T>)>;

  // `store` must outlive the Catalog.
  explicit Catalog(Store* store) : store_(store) {}

  // The creates move the extractions out of a request given as an rvalue
  // (the gRPC adapter's, which it owns) and copy them from one given as a
  // const reference.
  void CreateDocument(v1::CreateDocumentRequest&& request,
                      Callback<v1::CreateDocumentResponse> done);
  void CreateDocument(const v1::CreateDocumentRequest& request,
                      Callback<v1::CreateDocumentResponse> done);
  void BatchCreateDocuments(v1::BatchCreateDocumentsRequest&& request,
                            Callback<v1::BatchCreateDocumentsResponse> done);
  void BatchCreateDocuments(const v1::BatchCreateDocumentsRequest& request,
                            Callback<v1::BatchCreateDocumentsResponse> done);
  void DeleteDocument(const v1::DeleteDocumentRequest& request,
                      Callback<v1::DeleteDocumentResponse> done);

  absl::StatusOr<v1::GetDocumentResponse> GetDocument(const v1::GetDocumentRequest& request);
  // Index reads: `index_revision` is what Store::WhenIndexed gave (the read
  // does not wait), or kWaitForIndex (the store waits, blocking).
  absl::StatusOr<v1::ListDocumentsResponse> ListDocuments(const v1::ListDocumentsRequest& request,
                                                          int64_t index_revision = kWaitForIndex);
  absl::StatusOr<v1::SearchDocumentsResponse> SearchDocuments(
      const v1::SearchDocumentsRequest& request, int64_t index_revision = kWaitForIndex);
  absl::StatusOr<v1::GetPersonResponse> GetPerson(const v1::GetPersonRequest& request,
                                                  int64_t index_revision = kWaitForIndex);
  absl::StatusOr<v1::ListPeopleResponse> ListPeople(const v1::ListPeopleRequest& request,
                                                    int64_t index_revision = kWaitForIndex);

  // Blocking forms of the writes (tests, tools).
  absl::StatusOr<v1::CreateDocumentResponse> CreateDocumentSync(
      const v1::CreateDocumentRequest& request);
  absl::StatusOr<v1::BatchCreateDocumentsResponse> BatchCreateDocumentsSync(
      const v1::BatchCreateDocumentsRequest& request);
  absl::Status DeleteDocumentSync(const v1::DeleteDocumentRequest& request);

  // The revision WatchDocuments starts at for `request` (0 -> current + 1);
  // INVALID_ARGUMENT for a negative revision.
  absl::StatusOr<int64_t> WatchStartRevision(const v1::WatchDocumentsRequest& request);

  Store* store() { return store_; }

 private:
  Store* store_;
};

// Resolves the page size of a request: 0 -> default, > max -> max,
// negative -> INVALID_ARGUMENT (INVALID_PAGE_SIZE).
absl::StatusOr<int> ResolvePageSize(int page_size, int default_size, int max_size);

// Checks an extraction for storing and returns its document id (content
// hash, computed from document.text when unset). INVALID_ARGUMENT
// (INVALID_DOCUMENT) when it is missing or inconsistent.
absl::StatusOr<std::string> DocumentIdFor(const v1::Extraction& extraction);

}  // namespace readout::catalog

#endif  // READOUT_CATALOG_SERVICE_CATALOG_H_
