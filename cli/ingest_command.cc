// `readout ingest DIR|FILE...`: sends many documents through a running
// extractor's StreamExtract with options.store=true, so each is extracted
// and stored in the catalog the extractor is configured with.
//
//   readout ingest --server=EXTRACTOR [--catalog=CATALOG] [--parallel=N] [--recursive]
//                  [--published-date=YYYY-MM-DD | --sources=SOURCES.tsv] DIR|FILE...
//
// Folders give their .txt, .html and .htm files (with --recursive, those of
// the folders below too); whatever else they hold is named on stderr with
// the reason it was left out, and counted in the summary.
//
// With --catalog, a document whose content hash (computed here as the
// engine computes it, see content_hash.h) is already stored is skipped
// without being sent. Without it every document is sent; the catalog
// dedups identical content, so nothing is stored twice either way and an
// interrupted run can simply be run again.
//
// --parallel streams run at once (ADR 0006: one document at a time per
// stream on the server); each keeps up to 16 documents in flight. A stream
// that breaks (the extractor restarted) fails its documents in flight and
// the next documents go on a new stream. A stream with documents in flight
// and no answer for --timeout seconds is cancelled.
//
// Progress goes to stderr (--progress: by default a bar sized to the
// terminal when stderr is one, nothing otherwise), the summary to stdout, and each failed document
// with its reason to stderr. Exit code: 0 when every document is stored or skipped, 1 when any
// failed, 2 for usage errors.
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <iostream>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "cli/commands.h"
#include "cli/connection.h"
#include "cli/content_hash.h"
#include "cli/ingest_plan.h"
#include "cli/progress.h"
#include "common/dates.h"
#include "common/files.h"
#include "common/server/status_util.h"
#include "extractor-service/engine/extractor.h"
#include "grpcpp/grpcpp.h"
#include "readout/v1/catalog_service.grpc.pb.h"
#include "readout/v1/extractor_service.grpc.pb.h"

namespace readout::cli {
namespace {

constexpr size_t kWindow = 16;  // Documents in flight per stream.
constexpr int kIngestMaxMessageBytes = 64 * 1024 * 1024;
// Skipped paths named one by one; beyond, only counted.
constexpr size_t kSkippedShown = 20;

struct IngestOptions {
  Connection connection;
  std::string catalog;
  std::string sources;
  std::string published_date;
  std::string format = "detect";
  int parallel = 4;
  bool recursive = false;
  std::string progress = "auto";
  std::vector<std::string> paths;
};

enum class State { kPending, kStored, kSkipped, kFailed };

struct Outcome {
  State state = State::kPending;
  std::string detail;  // The document name, or why it failed.
  bool created = false;
};

std::string Describe(const absl::Status& status) {
  std::string text = absl::StatusCodeToString(status.code());
  auto info = common::ErrorInfoOf(status);
  if (info.has_value() && info->reason() != text) absl::StrAppend(&text, " (", info->reason(), ")");
  return absl::StrCat(text, ": ", status.message());
}

class Ingest {
 public:
  Ingest(std::vector<IngestItem> items, std::shared_ptr<grpc::Channel> extractor,
         std::shared_ptr<grpc::Channel> catalog, extractor::InputFormat format,
         absl::Duration timeout, ProgressStyle progress, size_t skipped_paths)
      : items_(std::move(items)),
        outcomes_(items_.size()),
        extractor_(v1::ExtractorService::NewStub(extractor)),
        catalog_(catalog ? v1::CatalogService::NewStub(catalog) : nullptr),
        format_(format),
        timeout_(timeout),
        skipped_paths_(skipped_paths),
        progress_(&std::cerr, progress, static_cast<int64_t>(items_.size()),
                  [] { return TerminalWidth(STDERR_FILENO); }) {}

  // Runs `parallel` workers to the end; returns the exit code.
  int Run(int parallel) {
    std::vector<std::thread> workers;
    for (int i = 0; i < parallel; ++i) workers.emplace_back([this] { Worker(); });
    for (auto& w : workers) w.join();
    progress_.Finish();
    return Summarize();
  }

 private:
  // One stream's state, shared by its writer (the worker) and reader.
  struct Stream {
    grpc::ClientContext context;
    std::unique_ptr<grpc::ClientReaderWriter<v1::StreamExtractRequest, v1::StreamExtractResponse>>
        rw;
    absl::Mutex mu;
    std::map<uint64_t, size_t> in_flight ABSL_GUARDED_BY(mu);  // stream index -> item
    bool reader_done ABSL_GUARDED_BY(mu) = false;
    absl::Time last_progress ABSL_GUARDED_BY(mu) = absl::Now();
  };

  std::optional<size_t> NextItem() {
    absl::MutexLock lock(&mu_);
    if (next_ >= items_.size()) return std::nullopt;
    return next_++;
  }

  void Record(size_t item, State state, std::string detail, bool created = false) {
    {
      absl::MutexLock lock(&mu_);
      outcomes_[item] = Outcome{state, std::move(detail), created};
    }
    progress_.Done(state == State::kFailed);
  }

  // True when the catalog already holds the document's content.
  bool AlreadyStored(const std::string& content, std::string* name) {
    if (catalog_ == nullptr) return false;
    absl::StatusOr<std::string> hash = ContentHashOf(content, format_, engine_);
    if (!hash.ok()) return false;  // The extractor will say what is wrong.
    v1::GetDocumentRequest request;
    request.set_name(absl::StrCat("documents/", *hash));
    v1::GetDocumentResponse response;
    grpc::ClientContext context;
    context.set_deadline(absl::ToChronoTime(absl::Now() + timeout_));
    // Only the name is needed; any error means "send it" (the catalog
    // dedups, so sending a stored document is harmless).
    if (!catalog_->GetDocument(&context, request, &response).ok()) return false;
    *name = response.document().name();
    return true;
  }

  void Worker() {
    std::optional<size_t> carry;  // An item read but not sent on a broken stream.
    while (true) {
      if (!carry.has_value()) carry = NextItem();
      if (!carry.has_value()) return;
      RunStream(&carry);
    }
  }

  // Sends items on one stream until they run out or the stream breaks.
  // `carry` is the first item to send; on return it holds an item taken
  // but not sent, if any.
  void RunStream(std::optional<size_t>* carry) {
    Stream s;
    s.rw = extractor_->StreamExtract(&s.context);
    std::thread reader([this, &s] { Read(&s); });
    uint64_t index = 0;
    bool broken = false;
    while (!broken) {
      std::optional<size_t> item = *carry;
      carry->reset();
      if (!item.has_value()) item = NextItem();
      if (!item.has_value()) break;
      absl::StatusOr<std::string> content = common::ReadFileToString(items_[*item].path);
      if (!content.ok()) {
        Record(*item, State::kFailed, Describe(content.status()));
        continue;
      }
      std::string name;
      if (AlreadyStored(*content, &name)) {
        Record(*item, State::kSkipped, name);
        continue;
      }
      v1::StreamExtractRequest request;
      request.set_client_id(absl::StrCat(*item));
      v1::DocumentInput* doc = request.mutable_document();
      doc->set_data(std::move(*content));
      doc->set_format(format_ == extractor::InputFormat::kHtml   ? v1::DOCUMENT_FORMAT_HTML
                      : format_ == extractor::InputFormat::kText ? v1::DOCUMENT_FORMAT_TEXT
                                                                 : v1::DOCUMENT_FORMAT_UNSPECIFIED);
      doc->set_source_uri(items_[*item].path);
      if (items_[*item].published_date.has_value()) {
        *doc->mutable_published_date() = *items_[*item].published_date;
      }
      request.mutable_options()->mutable_store()->set_value(true);
      request.mutable_options()->set_omit_text(true);
      {
        absl::MutexLock lock(&s.mu);
        if (!AwaitLocked(&s, [&s]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(
                                 s.mu) { return s.reader_done || s.in_flight.size() < kWindow; }) ||
            s.reader_done) {
          *carry = item;
          broken = true;
          break;
        }
        s.in_flight[index] = *item;
      }
      if (!s.rw->Write(request)) {
        broken = true;  // The reader finds the stream's end and fails it.
        break;
      }
      ++index;
    }
    if (!broken) s.rw->WritesDone();
    {
      absl::MutexLock lock(&s.mu);
      if (!AwaitLocked(&s, [&s]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(s.mu) { return s.reader_done; })) {
        // Cancelled for idleness; the reader now ends promptly.
        s.mu.Await(absl::Condition(&s.reader_done));
      }
    }
    reader.join();
    absl::Status status = common::FromGrpcStatus(s.rw->Finish());
    absl::MutexLock lock(&s.mu);
    for (const auto& [i, item] : s.in_flight) {
      Record(item, State::kFailed,
             absl::StrCat("no answer before the stream ended: ",
                          status.ok() ? "the extractor closed it" : Describe(status)));
    }
  }

  // Waits (s.mu held) until `ready`; cancels the stream when documents are
  // in flight and nothing came back for timeout_. False when cancelled.
  template <typename Ready>
  bool AwaitLocked(Stream* s, Ready ready) ABSL_EXCLUSIVE_LOCKS_REQUIRED(s->mu) {
    while (!ready()) {
      s->mu.AwaitWithTimeout(absl::Condition(&ready), absl::Milliseconds(100));
      if (ready()) break;
      if (!s->in_flight.empty() && absl::Now() - s->last_progress > timeout_) {
        s->context.TryCancel();
        return false;
      }
    }
    return true;
  }

  void Read(Stream* s) {
    v1::StreamExtractResponse response;
    while (s->rw->Read(&response)) {
      size_t item;
      {
        absl::MutexLock lock(&s->mu);
        auto it = s->in_flight.find(response.index());
        if (it == s->in_flight.end()) continue;  // Not ours; cannot happen.
        item = it->second;
        s->in_flight.erase(it);
        s->last_progress = absl::Now();
      }
      if (response.status().code() == 0) {
        Record(item, State::kStored, response.document_name(), response.document_created());
      } else {
        Record(item, State::kFailed, Describe(common::FromRpcStatus(response.status())));
      }
    }
    absl::MutexLock lock(&s->mu);
    s->reader_done = true;
  }

  int Summarize() {
    absl::MutexLock lock(&mu_);
    int64_t stored = 0, skipped = 0, failed = 0;
    for (size_t i = 0; i < outcomes_.size(); ++i) {
      const Outcome& o = outcomes_[i];
      switch (o.state) {
        case State::kStored:
          ++stored;
          break;
        case State::kSkipped:
          ++skipped;
          break;
        default:
          ++failed;
          std::cerr << "readout ingest: failed " << items_[i].path << ": "
                    << (o.detail.empty() ? "not attempted" : o.detail) << "\n";
      }
    }
    std::cout << "ingest: " << outcomes_.size() << " documents: " << stored << " stored, "
              << skipped << " skipped (already in the catalog), " << failed << " failed";
    if (skipped_paths_ > 0) {
      std::cout << "; " << skipped_paths_ << " other paths left out (named on stderr)";
    }
    std::cout << "\n";
    return failed == 0 ? 0 : 1;
  }

  const std::vector<IngestItem> items_;
  absl::Mutex mu_;
  std::vector<Outcome> outcomes_ ABSL_GUARDED_BY(mu_);
  size_t next_ ABSL_GUARDED_BY(mu_) = 0;
  const std::unique_ptr<v1::ExtractorService::Stub> extractor_;
  const std::unique_ptr<v1::CatalogService::Stub> catalog_;
  const extractor::InputFormat format_;
  const absl::Duration timeout_;
  const extractor::Extractor engine_;
  const size_t skipped_paths_;
  Progress progress_;
};

int RunIngest(const IngestOptions& options) {
  extractor::InputFormat format = extractor::InputFormat::kDetect;
  if (options.format == "text") format = extractor::InputFormat::kText;
  if (options.format == "html") format = extractor::InputFormat::kHtml;

  std::optional<google::type::Date> default_date;
  if (!options.published_date.empty() && options.published_date != "unknown") {
    default_date = *common::ParseIsoDate(options.published_date);  // Validated.
  }
  std::map<std::string, std::optional<google::type::Date>> sources;
  if (!options.sources.empty()) {
    absl::StatusOr<std::string> text = common::ReadFileToString(options.sources);
    if (!text.ok()) throw UsageError(absl::StrCat("--sources: ", text.status().message()));
    auto parsed = ParseSourcesTsv(*text);
    if (!parsed.ok()) {
      throw UsageError(
          absl::StrCat("--sources ", options.sources, ": ", parsed.status().message()));
    }
    sources = std::move(*parsed);
  }
  absl::StatusOr<FileListing> listing = ListDocumentFiles(options.paths, options.recursive);
  if (!listing.ok()) throw UsageError(std::string(listing.status().message()));
  // The --sources file often sits beside the documents: not worth a word.
  std::error_code error;
  listing->skipped.erase(std::remove_if(listing->skipped.begin(), listing->skipped.end(),
                                        [&](const SkippedPath& s) {
                                          return !options.sources.empty() &&
                                                 std::filesystem::equivalent(
                                                     s.path, options.sources, error);
                                        }),
                         listing->skipped.end());
  for (size_t i = 0; i < listing->skipped.size() && i < kSkippedShown; ++i) {
    std::cerr << "readout ingest: left out " << listing->skipped[i].path << ": "
              << listing->skipped[i].reason << "\n";
  }
  if (listing->skipped.size() > kSkippedShown) {
    std::cerr << "readout ingest: left out " << listing->skipped.size() - kSkippedShown
              << " more paths\n";
  }

  bool terminal = isatty(STDERR_FILENO) == 1;
  ProgressStyle progress = options.progress == "bar"     ? ProgressStyle::kBar
                           : options.progress == "lines" ? ProgressStyle::kLines
                           : options.progress == "none"  ? ProgressStyle::kOff
                           : terminal                    ? ProgressStyle::kBar
                                                         : ProgressStyle::kOff;
  const Connection& c = options.connection;
  Ingest ingest(PlanIngest(listing->files, sources, default_date),
                OpenChannel(c, c.server, kIngestMaxMessageBytes, /*round_robin=*/true),
                options.catalog.empty()
                    ? nullptr
                    : OpenChannel(c, options.catalog, kIngestMaxMessageBytes, /*round_robin=*/true),
                format, absl::Seconds(c.timeout_seconds), progress, listing->skipped.size());
  return ingest.Run(options.parallel);
}

}  // namespace

void AddIngestCommand(CLI::App* app, int* exit_code) {
  auto options = std::make_shared<IngestOptions>();
  CLI::App* cmd = app->add_subcommand(
      "ingest",
      "Extract and store many documents through an extractor service, skipping those already "
      "in the catalog; exits 1 when any failed");
  AddConnectionFlags(cmd, &options->connection,
                     "HOST:PORT (or dns:///...) of the extractor service, which stores into its "
                     "catalog",
                     /*required=*/true);
  cmd->add_option("--catalog", options->catalog,
                  "HOST:PORT (or dns:///...) of the catalog, to skip documents already stored "
                  "without sending them");
  cmd->add_option(
      "--sources", options->sources,
      "TSV whose header names the columns file and published_date (\"unknown\" for none)");
  cmd->add_option("--published-date", options->published_date,
                  "publication date of documents --sources does not date")
      ->check(PublishedDateValidator(/*allow_unknown=*/true));
  cmd->add_option("--format", options->format, "document format")
      ->check(CLI::IsMember({"detect", "text", "html"}))
      ->capture_default_str();
  cmd->add_option("--parallel", options->parallel, "extraction streams at once")
      ->check(CLI::Range(1, 256))
      ->capture_default_str();
  cmd->add_flag("-r,--recursive", options->recursive,
                "read the folders inside folders too (hidden ones are left out)");
  cmd->add_option("--progress", options->progress,
                  "auto: a bar when stderr is a terminal, nothing otherwise; bar; lines (every "
                  "5 s, for logs); none")
      ->check(CLI::IsMember({"auto", "bar", "lines", "none"}))
      ->capture_default_str();
  cmd->add_option("DIR|FILE", options->paths, "folders and documents to ingest")->required();
  cmd->callback([options, exit_code] { *exit_code = RunIngest(*options); });
}

}  // namespace readout::cli
