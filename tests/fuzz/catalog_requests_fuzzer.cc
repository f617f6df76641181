// libFuzzer target: the request messages readout-catalog decodes, run
// through the catalog's request logic (catalog-service/catalog.h) against a
// real SQLite store in a scratch directory holding a few documents. The
// first byte picks the method, the rest is that method's request message.
// Whatever the message, the answer is a response or a client-facing error
// with a message: never INTERNAL, UNKNOWN or DATA_LOSS (a filter that
// translated to bad SQL, say), and never a crash.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "catalog-service/catalog.h"
#include "catalog-service/store/sqlite/sqlite_store.h"
#include "catalog-service/testing/test_records.h"
#include "google/protobuf/message.h"
#include "readout/v1/catalog_service.pb.h"
#include "tests/fuzz/fuzz_checks.h"

namespace {

namespace catalog = readout::catalog;
namespace v1 = readout::v1;

std::string* data_dir = nullptr;

void RemoveDataDir() {
  std::error_code ignored;
  std::filesystem::remove_all(*data_dir, ignored);
}

// A catalog with a few documents, made once per process.
catalog::Catalog* TheCatalog() {
  static catalog::Catalog* const the_catalog = [] {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "readout-fuzz-catalog-XXXXXX").string();
    readout::fuzz::Require(mkdtemp(pattern.data()) != nullptr, "cannot make a scratch directory");
    data_dir = new std::string(pattern);
    std::atexit(RemoveDataDir);
    catalog::SqliteStoreOptions options;
    options.data_dir = *data_dir;
    auto store = catalog::SqliteStore::Open(options);
    readout::fuzz::Require(store.ok(), "cannot open the store");
    auto* result = new catalog::Catalog(store->release());
    for (int n = 0; n < 3; ++n) {
      v1::CreateDocumentRequest create;
      *create.mutable_document()->mutable_extraction() =
          catalog::testing::MakeNumberedExtraction(n);
      readout::fuzz::Require(result->CreateDocumentSync(create).ok(), "cannot store a seed");
    }
    return result;
  }();
  return the_catalog;
}

void RequireClientError(const absl::Status& status) {
  if (status.ok()) return;
  const absl::StatusCode code = status.code();
  readout::fuzz::Require(code != absl::StatusCode::kInternal &&
                             code != absl::StatusCode::kUnknown &&
                             code != absl::StatusCode::kDataLoss,
                         "a request got a server-side error: " + status.ToString());
  readout::fuzz::Require(!status.message().empty(), "an error without a message");
}

template <typename Request, typename Run>
void Fuzz(const uint8_t* data, size_t size, Run run) {
  Request request;
  if (!request.ParseFromArray(data, static_cast<int>(size))) return;
  RequireClientError(run(request));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  catalog::Catalog* c = TheCatalog();
  const uint8_t method = data[0] % 9;
  ++data;
  --size;
  switch (method) {
    case 0:
      Fuzz<v1::GetDocumentRequest>(data, size,
                                   [c](const auto& r) { return c->GetDocument(r).status(); });
      break;
    case 1:
      Fuzz<v1::ListDocumentsRequest>(data, size,
                                     [c](const auto& r) { return c->ListDocuments(r).status(); });
      break;
    case 2:
      Fuzz<v1::SearchDocumentsRequest>(
          data, size, [c](const auto& r) { return c->SearchDocuments(r).status(); });
      break;
    case 3:
      Fuzz<v1::GetPersonRequest>(data, size,
                                 [c](const auto& r) { return c->GetPerson(r).status(); });
      break;
    case 4:
      Fuzz<v1::ListPeopleRequest>(data, size,
                                  [c](const auto& r) { return c->ListPeople(r).status(); });
      break;
    case 5:
      Fuzz<v1::CreateDocumentRequest>(
          data, size, [c](const auto& r) { return c->CreateDocumentSync(r).status(); });
      break;
    case 6:
      Fuzz<v1::DeleteDocumentRequest>(data, size,
                                      [c](const auto& r) { return c->DeleteDocumentSync(r); });
      break;
    case 7:
      Fuzz<v1::BatchCreateDocumentsRequest>(
          data, size, [c](const auto& r) { return c->BatchCreateDocumentsSync(r).status(); });
      break;
    default:
      Fuzz<v1::WatchDocumentsRequest>(
          data, size, [c](const auto& r) { return c->WatchStartRevision(r).status(); });
      break;
  }
  return 0;
}
