// The corruption suite: a real readout-catalog process over a real data
// directory, stopped, one of its files damaged the way disks and operators
// damage them, then started again; each case asserts the outcome
// docs/operations.md (corruption and lost writes) documents. Across all of
// them the catalog never answers a damaged document as OK and never gives a
// revision a second time.
//   - one bit flipped in catalog.db-wal: SQLite drops that frame and all
//     after it, so acknowledged writes are lost; the catalog says so and
//     refuses writes until --accept-data-loss, then continues above the mark
//   - one bit flipped in a stored record: that document is DATA_LOSS
//   - index.db's header overwritten: moved aside, kept, and rebuilt
//   - index.db removed: rebuilt
//   - a page of catalog.db overwritten: the documents on it are DATA_LOSS
#include <signal.h>

#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "catalog-service/errors.h"
#include "catalog-service/query/names.h"
#include "catalog-service/service/catalog_service_impl.h"
#include "catalog-service/testing/temp_dir.h"
#include "catalog-service/testing/test_records.h"
#include "common/server/status_util.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "grpcpp/grpcpp.h"
#include "gtest/gtest.h"
#include "readout/v1/catalog_service.grpc.pb.h"
#include "tests/catalog/catalog_process.h"

namespace readout::catalog {
namespace {

namespace fs = std::filesystem;
using grpc::health::v1::HealthCheckResponse;
using testing::MakeNumberedExtraction;

std::string Reason(const grpc::Status& status) {
  return ErrorReason(common::FromGrpcStatus(status));
}

std::string NameOf(int64_t n) {
  return DocumentName(MakeNumberedExtraction(n).document().content_hash());
}

std::string ReadBytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

void WriteBytes(const std::string& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

uint32_t BigEndian32(const std::string& bytes, size_t at) {
  return (uint32_t{static_cast<unsigned char>(bytes[at])} << 24) |
         (uint32_t{static_cast<unsigned char>(bytes[at + 1])} << 16) |
         (uint32_t{static_cast<unsigned char>(bytes[at + 2])} << 8) |
         uint32_t{static_cast<unsigned char>(bytes[at + 3])};
}

uint32_t NativeU32(const std::string& bytes, size_t at) {
  uint32_t value = 0;
  std::memcpy(&value, bytes.data() + at, sizeof(value));
  return value;
}

// The value of `key=` on the first log line with `event`, or "".
std::string LogField(const std::string& log, const std::string& event, const std::string& key) {
  size_t line = log.find("event=" + event + " ");
  if (line == std::string::npos) return "";
  size_t end = log.find('\n', line);
  std::string text = log.substr(line, end == std::string::npos ? std::string::npos : end - line);
  size_t at = text.find(" " + key + "=");
  if (at == std::string::npos) return "";
  at += key.size() + 2;
  return text.substr(at, text.find(' ', at) - at);
}

class CorruptionTest : public ::testing::Test {
 protected:
  void TearDown() override { Stop(SIGKILL); }

  std::string data() const { return dir_.path() + "/data"; }
  std::string log_path() const { return dir_.path() + "/server.log"; }
  std::string log() const { return ReadFile(log_path()); }

  // Starts the catalog on the data directory (extra flags appended).
  void Start(const std::vector<std::string>& extra = {}) {
    std::vector<std::string> flags = {"--data-dir=" + data()};
    flags.insert(flags.end(), extra.begin(), extra.end());
    child_ = StartCatalog(flags, log_path());
    ASSERT_FALSE(child_.address.empty()) << "the catalog did not start:\n" << log();
    channel_ = grpc::CreateChannel(child_.address, grpc::InsecureChannelCredentials());
    stub_ = v1::CatalogService::NewStub(channel_);
    health_ = grpc::health::v1::Health::NewStub(channel_);
  }

  void Stop(int sig) {
    stub_.reset();
    health_.reset();
    channel_.reset();
    Kill(child_, sig);
  }

  // Creates record `n`; its revision, or -1 with the status in `*error`.
  int64_t Create(int64_t n, grpc::Status* error = nullptr) {
    v1::CreateDocumentRequest request;
    *request.mutable_document()->mutable_extraction() = MakeNumberedExtraction(n);
    v1::CreateDocumentResponse response;
    grpc::Status status = stub_->CreateDocument(Context(5000).get(), request, &response);
    if (error != nullptr) *error = status;
    return status.ok() ? response.document().revision() : -1;
  }

  grpc::Status Get(int64_t n, v1::CatalogDocument* doc) {
    v1::GetDocumentRequest request;
    request.set_name(NameOf(n));
    v1::GetDocumentResponse response;
    grpc::Status status = stub_->GetDocument(Context(5000).get(), request, &response);
    *doc = response.document();
    return status;
  }

  HealthCheckResponse::ServingStatus Health(const std::string& service) {
    grpc::health::v1::HealthCheckRequest request;
    request.set_service(service);
    HealthCheckResponse response;
    grpc::Status status = health_->Check(Context(5000).get(), request, &response);
    return status.ok() ? response.status() : HealthCheckResponse::UNKNOWN;
  }

  // Every document listed, waiting (up to 30 s) while the index is rebuilt.
  grpc::Status ListAll(std::vector<v1::CatalogDocument>* docs) {
    grpc::Status status;
    for (int attempt = 0; attempt < 300; ++attempt) {
      docs->clear();
      v1::ListDocumentsRequest request;
      request.set_page_size(1000);
      v1::ListDocumentsResponse response;
      status = stub_->ListDocuments(Context(10000).get(), request, &response);
      if (status.ok()) {
        docs->assign(response.documents().begin(), response.documents().end());
        return status;
      }
      if (Reason(status) != "INDEX_BEHIND") return status;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return status;
  }

  // Asserts that record `n` reads back exactly as written.
  void ExpectIntact(int64_t n) {
    v1::CatalogDocument doc;
    grpc::Status status = Get(n, &doc);
    ASSERT_TRUE(status.ok()) << n << ": " << status.error_message();
    EXPECT_EQ(doc.extraction().SerializeAsString(), MakeNumberedExtraction(n).SerializeAsString());
  }

  testing::TempDir dir_;
  Child child_;
  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<v1::CatalogService::Stub> stub_;
  std::unique_ptr<grpc::health::v1::Health::Stub> health_;
};

TEST_F(CorruptionTest, WalBitFlipLosesAcknowledgedWritesLoudlyAndNeverReusesARevision) {
  // Writes, each its own commit (WAL frames), then kill -9 at once so the
  // newest frames are not yet copied into catalog.db. What the WAL index
  // (catalog.db-shm) says was copied is read back, and a bit flipped in the
  // first frame that was not: SQLite's recovery drops it and all after it.
  std::map<int64_t, int64_t> revision_of;  // record -> acknowledged revision
  const std::string wal = data() + "/catalog.db-wal";
  uint32_t first_uncopied = 0, frames = 0;
  for (int attempt = 0; attempt < 5 && first_uncopied >= frames; ++attempt) {
    Start();
    for (int i = 0; i < 40; ++i) {
      int64_t n = attempt * 100 + i;
      int64_t revision = Create(n);
      ASSERT_GT(revision, 0);
      revision_of[n] = revision;
    }
    Stop(SIGKILL);
    std::string shm = ReadBytes(data() + "/catalog.db-shm");
    ASSERT_GE(shm.size(), 136u);
    frames = NativeU32(shm, 16);          // mxFrame
    first_uncopied = NativeU32(shm, 96);  // nBackfill: frames copied
  }
  ASSERT_LT(first_uncopied, frames) << "every frame was checkpointed in 5 attempts";
  std::string wal_bytes = ReadBytes(wal);
  const uint32_t page_size = BigEndian32(wal_bytes, 8);
  const size_t frame_at = 32 + size_t{first_uncopied} * (24 + page_size);
  ASSERT_LT(frame_at + 24 + 100, wal_bytes.size());
  wal_bytes[frame_at + 24 + 100] ^= 0x08;
  WriteBytes(wal, wal_bytes);

  int64_t acknowledged = 0;
  for (const auto& [n, revision] : revision_of) acknowledged = std::max(acknowledged, revision);
  Start();
  // Loud: the log, the health of writes, and every write refused.
  const std::string text = log();
  int64_t logged_acknowledged = 0, records = 0;
  ASSERT_TRUE(absl::SimpleAtoi(LogField(text, "acknowledged_writes_lost", "acknowledged_revision"),
                               &logged_acknowledged))
      << text;
  ASSERT_TRUE(
      absl::SimpleAtoi(LogField(text, "acknowledged_writes_lost", "records_revision"), &records));
  EXPECT_EQ(logged_acknowledged, acknowledged);
  EXPECT_LT(records, acknowledged);
  EXPECT_EQ(Health(kWritesHealthName), HealthCheckResponse::NOT_SERVING);
  EXPECT_EQ(Health("readout.v1.CatalogService"), HealthCheckResponse::SERVING);
  grpc::Status refused;
  EXPECT_EQ(Create(999, &refused), -1);
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(Reason(refused), "ACKNOWLEDGED_WRITES_LOST");
  EXPECT_NE(refused.error_message().find(absl::StrCat("--accept-data-loss=", acknowledged)),
            std::string::npos)
      << refused.error_message();
  // What survives is served exactly as written; what was lost is gone, and
  // nothing is served altered.
  int lost = 0;
  for (const auto& [n, revision] : revision_of) {
    v1::CatalogDocument doc;
    grpc::Status status = Get(n, &doc);
    if (revision <= records) {
      ASSERT_TRUE(status.ok()) << n << ": " << status.error_message();
      EXPECT_EQ(doc.extraction().SerializeAsString(),
                MakeNumberedExtraction(n).SerializeAsString());
    } else {
      EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND) << n;
      ++lost;
    }
  }
  EXPECT_GT(lost, 0);
  std::vector<v1::CatalogDocument> listed;
  ASSERT_TRUE(ListAll(&listed).ok());
  EXPECT_EQ(static_cast<int64_t>(listed.size()), records);

  // The operator accepts the loss: writes continue above every revision
  // acknowledged before, and a watcher from before the loss is sent to
  // re-read.
  Stop(SIGTERM);
  Start({absl::StrCat("--accept-data-loss=", acknowledged)});
  EXPECT_NE(log().find("event=acknowledged_writes_lost_accepted"), std::string::npos) << log();
  EXPECT_EQ(Health(kWritesHealthName), HealthCheckResponse::SERVING);
  EXPECT_EQ(Create(999), acknowledged + 1);
  v1::WatchDocumentsRequest watch;
  watch.set_start_revision(records + 1);
  auto context = Context(5000);
  auto reader = stub_->WatchDocuments(context.get(), watch);
  v1::WatchDocumentsResponse change;
  while (reader->Read(&change)) {
  }
  grpc::Status watched = reader->Finish();
  EXPECT_EQ(Reason(watched), "REVISION_COMPACTED") << watched.error_message();
}

TEST_F(CorruptionTest, RecordBitFlipIsDataLossNeverTheAlteredText) {
  Start();
  for (int n = 0; n < 10; ++n) ASSERT_GT(Create(n), 0);
  Stop(SIGTERM);  // Closing checkpoints the WAL into catalog.db.
  const std::string db = data() + "/catalog.db";
  std::string bytes = ReadBytes(db);
  const std::string text = MakeNumberedExtraction(3).document().text();
  size_t at = bytes.find(text);
  ASSERT_NE(at, std::string::npos) << "record 3's text is not in catalog.db as one piece";
  ASSERT_EQ(bytes.find(text, at + 1), std::string::npos);
  at += text.size() / 2;
  while (!std::isalpha(static_cast<unsigned char>(bytes[at]))) ++at;
  bytes[at] ^= 0x01;  // Another letter: the body still parses.
  WriteBytes(db, bytes);

  Start();
  v1::CatalogDocument doc;
  grpc::Status status = Get(3, &doc);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::DATA_LOSS) << status.error_message();
  EXPECT_EQ(Reason(status), "DOCUMENT_CORRUPT");
  EXPECT_NE(status.error_message().find("catalog.db"), std::string::npos) << status.error_message();
  for (int n = 0; n < 10; ++n) {
    if (n != 3) ExpectIntact(n);
  }
  // A second read is not served from a cache either.
  EXPECT_EQ(Get(3, &doc).error_code(), grpc::StatusCode::DATA_LOSS);
  // A list that would carry it fails rather than hand it out.
  std::vector<v1::CatalogDocument> listed;
  EXPECT_EQ(ListAll(&listed).error_code(), grpc::StatusCode::DATA_LOSS);
}

TEST_F(CorruptionTest, CorruptIndexHeaderIsMovedAsideAndRebuilt) {
  Start();
  for (int n = 0; n < 30; ++n) ASSERT_GT(Create(n), 0);
  Stop(SIGTERM);
  const std::string index = data() + "/index.db";
  std::string bytes = ReadBytes(index);
  ASSERT_GT(bytes.size(), 100u);
  std::memcpy(bytes.data(), "not a database!!", 16);
  WriteBytes(index, bytes);

  Start();  // Asserts it starts: the index is derived data.
  EXPECT_NE(log().find("event=index_moved_aside"), std::string::npos) << log();
  std::vector<std::string> kept;
  for (const auto& entry : fs::directory_iterator(data())) {
    std::string name = entry.path().filename().string();
    if (name.rfind("index.db.corrupt-", 0) == 0) kept.push_back(name);
  }
  ASSERT_FALSE(kept.empty()) << "the damaged index.db was not kept";
  EXPECT_EQ(ReadBytes(data() + "/" + kept[0]).substr(0, 16), "not a database!!");
  std::vector<v1::CatalogDocument> listed;
  grpc::Status status = ListAll(&listed);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(listed.size(), 30u);
  ExpectIntact(7);
  EXPECT_EQ(Create(100), 31);
}

TEST_F(CorruptionTest, MissingIndexIsRebuilt) {
  Start();
  for (int n = 0; n < 30; ++n) ASSERT_GT(Create(n), 0);
  Stop(SIGTERM);
  for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(data() + "/index.db" + suffix);
  Start();
  std::vector<v1::CatalogDocument> listed;
  grpc::Status status = ListAll(&listed);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(listed.size(), 30u);
  EXPECT_EQ(Create(100), 31);
}

TEST_F(CorruptionTest, DamagedPageOfCatalogDbIsDataLossForTheDocumentsOnIt) {
  Start();
  for (int n = 0; n < 30; ++n) ASSERT_GT(Create(n), 0);
  Stop(SIGTERM);
  const std::string db = data() + "/catalog.db";
  std::string bytes = ReadBytes(db);
  uint32_t page_size = (uint32_t{static_cast<unsigned char>(bytes[16])} << 8) |
                       static_cast<unsigned char>(bytes[17]);
  if (page_size == 1) page_size = 65536;
  const std::string text = MakeNumberedExtraction(12).document().text();
  size_t at = bytes.find(text);
  ASSERT_NE(at, std::string::npos);
  const size_t page = at / page_size;
  ASSERT_GT(page, 0u);  // Never the header page.
  std::memset(bytes.data() + page * page_size, 0xA5, page_size);
  WriteBytes(db, bytes);

  Start();
  v1::CatalogDocument doc;
  grpc::Status status = Get(12, &doc);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::DATA_LOSS) << status.error_message();
  EXPECT_NE(status.error_message().find("catalog.db"), std::string::npos) << status.error_message();
  int intact = 0;
  for (int n = 0; n < 30; ++n) {
    status = Get(n, &doc);
    if (status.ok()) {
      EXPECT_EQ(doc.extraction().SerializeAsString(),
                MakeNumberedExtraction(n).SerializeAsString());
      ++intact;
    } else {
      EXPECT_EQ(status.error_code(), grpc::StatusCode::DATA_LOSS) << n << status.error_message();
    }
  }
  EXPECT_GT(intact, 0);
}

}  // namespace
}  // namespace readout::catalog
