// Synthetic extraction records for catalog tests and benchmarks: small,
// deterministic documents in the shape the extractor produces (one main
// event with participants, people with positions, organizations). No corpus
// text is used. Also the Store's asynchronous writes as blocking calls for
// tests and benchmarks. Thread-safe (pure functions, and the writes, which
// go through a Store and wait for it).
#ifndef READOUT_CATALOG_SERVICE_TESTING_TEST_RECORDS_H_
#define READOUT_CATALOG_SERVICE_TESTING_TEST_RECORDS_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "catalog-service/store/store.h"
#include "readout/v1/records.pb.h"

namespace readout::catalog::testing {

struct SyntheticPerson {
  std::string name;
  std::string title;
  std::string organization;
  v1::ParticipantRole role = v1::PARTICIPANT_ROLE_ATTENDED;
};

struct SyntheticDocument {
  std::string title = "Provincial work meeting held";
  std::string body = "The meeting was held in the provincial capital.";
  std::string location = "Riverton";
  v1::EventType event_type = v1::EVENT_TYPE_MEETING;
  int year = 2020, month = 1, day = 4;  // Event date; year 0 for none.
  int published_year = 2020, published_month = 1, published_day = 5;
  std::vector<SyntheticPerson> people;
};

// Builds the extraction of `doc` (text = title + "\n" + body + one sentence
// per person; content_hash set).
v1::Extraction MakeExtraction(const SyntheticDocument& doc);

// The n-th document of a deterministic family: varied names (from a pool of
// a few hundred), titles, roles, dates over 2015-2024, event types and words,
// so filters and search select subsets.
v1::Extraction MakeNumberedExtraction(int64_t n);

// Creates `extractions` in `store` as one write (named by their content
// hashes) and returns its result once it has committed or failed.
absl::StatusOr<v1::BatchCreateDocumentsResponse> CreateAndWait(
    Store& store, std::vector<v1::Extraction> extractions, std::string request_id = "");

// Creates MakeNumberedExtraction(n) in `store` (no request id) and returns
// the write's status once it has committed or failed.
absl::Status CreateNumbered(Store& store, int64_t n);

// Runs `request` on `store` and returns its status once it is done.
absl::Status DeleteAndWait(Store& store, DeleteRequest request);

}  // namespace readout::catalog::testing

#endif  // READOUT_CATALOG_SERVICE_TESTING_TEST_RECORDS_H_
