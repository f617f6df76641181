// `readout catalog ...`: a client of readout.v1.CatalogService at --server.
// Prints responses as proto3 JSON on stdout; errors (code, reason, message)
// on stderr with exit code 1; usage errors exit 2.
//
//   readout catalog create FILE...            (Extraction JSON, e.g. from `readout extract`)
//   readout catalog get NAME                  (documents/{hash} or the hash)
//   readout catalog list [--filter=F] [--order-by=O] [--page-size=N] [--all]
//   readout catalog search QUERY [--filter=F] [--page-size=N] [--all]
//   readout catalog people [--filter=F] [--page-size=N] [--all]
//   readout catalog person NAME               (people/{id} or a name)
//   readout catalog delete NAME [--etag=E]
//   readout catalog watch [--start-revision=N]
#include <chrono>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/strings/match.h"
#include "absl/strings/str_join.h"
#include "catalog-service/query/names.h"
#include "cli/commands.h"
#include "cli/flags.h"
#include "common/json.h"
#include "common/server/status_util.h"
#include "google/protobuf/util/json_util.h"
#include "grpcpp/grpcpp.h"
#include "readout/v1/catalog_service.grpc.pb.h"

ABSL_FLAG(std::string, filter, "", "catalog list/search/people: AIP-160 filter");
ABSL_FLAG(std::string, order_by, "",
          "catalog list: event_date, published_date or create_time [desc]");
ABSL_FLAG(int, page_size, 0, "catalog list/search/people: results per page (0: server default)");
ABSL_FLAG(bool, all, false, "catalog list/search/people: follow page tokens to the end");
ABSL_FLAG(std::string, etag, "", "catalog delete: delete only this version");
ABSL_FLAG(int64_t, start_revision, 0,
          "catalog watch: first revision to stream (0: only new changes)");

namespace readout::cli {
namespace {

constexpr char kCatalogUsage[] =
    "usage: readout catalog create|get|list|search|people|person|delete|watch ... "
    "--server=HOST:PORT\n";

std::unique_ptr<grpc::ClientContext> Context(bool streaming = false) {
  auto context = std::make_unique<grpc::ClientContext>();
  if (!streaming) {
    context->set_deadline(
        std::chrono::system_clock::now() +
        std::chrono::milliseconds(static_cast<int64_t>(absl::GetFlag(FLAGS_timeout) * 1000)));
  }
  return context;
}

int Report(const grpc::Status& status) {
  absl::Status error = common::FromGrpcStatus(status);
  auto info = common::ErrorInfoOf(error);
  std::cerr << "readout catalog: " << absl::StatusCodeToString(error.code());
  if (info) std::cerr << " (" << info->reason() << ")";
  std::cerr << ": " << error.message() << "\n";
  return 1;
}

std::string DocumentNameOf(const std::string& arg) {
  return absl::StartsWith(arg, "documents/") ? arg : catalog::DocumentName(arg);
}

std::string PersonNameOf(const std::string& arg) {
  return absl::StartsWith(arg, "people/") ? arg : catalog::PersonName(catalog::PersonKey(arg));
}

// Runs a paged call; with --all merges every page into the first response.
template <typename Request, typename Response, typename Call, typename Merge>
int Paged(Request request, Call call, Merge merge) {
  request.set_page_size(absl::GetFlag(FLAGS_page_size));
  Response all;
  for (int page = 0;; ++page) {
    Response response;
    grpc::Status status = call(Context().get(), request, &response);
    if (!status.ok()) return Report(status);
    if (!absl::GetFlag(FLAGS_all)) {
      std::cout << common::ToJson(response) << "\n";
      return 0;
    }
    merge(response, all);
    if (response.next_page_token().empty()) break;
    request.set_page_token(response.next_page_token());
  }
  std::cout << common::ToJson(all) << "\n";
  return 0;
}

int Create(v1::CatalogService::Stub& stub, const std::vector<std::string>& files) {
  if (files.empty()) {
    std::cerr << "readout catalog create: name at least one Extraction JSON FILE\n";
    return 2;
  }
  int failures = 0;
  for (const std::string& file : files) {
    std::ifstream in(file, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    if (!in) {
      std::cerr << "readout catalog create: cannot read " << file << "\n";
      ++failures;
      continue;
    }
    v1::CreateDocumentRequest request;
    google::protobuf::util::JsonParseOptions options;
    options.ignore_unknown_fields = true;
    auto parsed = google::protobuf::util::JsonStringToMessage(
        text.str(), request.mutable_document()->mutable_extraction(), options);
    if (!parsed.ok()) {
      std::cerr << "readout catalog create: " << file << ": " << parsed.message() << "\n";
      ++failures;
      continue;
    }
    v1::CreateDocumentResponse response;
    grpc::Status status = stub.CreateDocument(Context().get(), request, &response);
    if (!status.ok()) {
      Report(status);
      ++failures;
      continue;
    }
    response.mutable_document()->clear_extraction();  // Name, revision, etag suffice.
    std::cout << common::ToJson(response) << "\n";
  }
  return failures == 0 ? 0 : 1;
}

int Watch(v1::CatalogService::Stub& stub) {
  v1::WatchDocumentsRequest request;
  request.set_start_revision(absl::GetFlag(FLAGS_start_revision));
  auto context = Context(/*streaming=*/true);
  auto reader = stub.WatchDocuments(context.get(), request);
  v1::WatchDocumentsResponse response;
  while (reader->Read(&response)) {
    for (auto& change : *response.mutable_changes()) {
      change.mutable_document()->clear_extraction();
      std::cout << common::ToJson(change, /*pretty=*/false) << std::endl;
    }
  }
  grpc::Status status = reader->Finish();
  return status.ok() ? 0 : Report(status);
}

}  // namespace

int RunCatalog(const std::vector<std::string>& args) {
  std::string server = absl::GetFlag(FLAGS_server);
  if (args.empty() || server.empty()) {
    std::cerr << kCatalogUsage;
    return 2;
  }
  grpc::ChannelArguments channel_args;
  channel_args.SetMaxReceiveMessageSize(256 * 1024 * 1024);
  channel_args.SetMaxSendMessageSize(64 * 1024 * 1024);
  auto stub = v1::CatalogService::NewStub(
      grpc::CreateCustomChannel(server, grpc::InsecureChannelCredentials(), channel_args));
  const std::string& verb = args[0];
  std::vector<std::string> rest(args.begin() + 1, args.end());
  auto need_one = [&](const char* what) {
    if (rest.size() == 1) return true;
    std::cerr << "readout catalog " << verb << ": expects one " << what << "\n";
    return false;
  };

  if (verb == "create") return Create(*stub, rest);
  if (verb == "watch") return Watch(*stub);
  if (verb == "get") {
    if (!need_one("NAME")) return 2;
    v1::GetDocumentRequest request;
    request.set_name(DocumentNameOf(rest[0]));
    v1::GetDocumentResponse response;
    grpc::Status status = stub->GetDocument(Context().get(), request, &response);
    if (!status.ok()) return Report(status);
    std::cout << common::ToJson(response) << "\n";
    return 0;
  }
  if (verb == "delete") {
    if (!need_one("NAME")) return 2;
    v1::DeleteDocumentRequest request;
    request.set_name(DocumentNameOf(rest[0]));
    request.set_etag(absl::GetFlag(FLAGS_etag));
    v1::DeleteDocumentResponse response;
    grpc::Status status = stub->DeleteDocument(Context().get(), request, &response);
    if (!status.ok()) return Report(status);
    std::cout << common::ToJson(response) << "\n";
    return 0;
  }
  if (verb == "person") {
    if (!need_one("NAME")) return 2;
    v1::GetPersonRequest request;
    request.set_name(PersonNameOf(rest[0]));
    v1::GetPersonResponse response;
    grpc::Status status = stub->GetPerson(Context().get(), request, &response);
    if (!status.ok()) return Report(status);
    std::cout << common::ToJson(response) << "\n";
    return 0;
  }
  if (verb == "list") {
    v1::ListDocumentsRequest request;
    request.set_filter(absl::GetFlag(FLAGS_filter));
    request.set_order_by(absl::GetFlag(FLAGS_order_by));
    return Paged<v1::ListDocumentsRequest, v1::ListDocumentsResponse>(
        request,
        [&](grpc::ClientContext* c, const v1::ListDocumentsRequest& r,
            v1::ListDocumentsResponse* out) { return stub->ListDocuments(c, r, out); },
        [](v1::ListDocumentsResponse& page, v1::ListDocumentsResponse& all) {
          for (auto& d : *page.mutable_documents()) *all.add_documents() = std::move(d);
        });
  }
  if (verb == "search") {
    if (rest.empty()) {
      std::cerr << "readout catalog search: expects a QUERY\n";
      return 2;
    }
    v1::SearchDocumentsRequest request;
    request.set_query(absl::StrJoin(rest, " "));
    request.set_filter(absl::GetFlag(FLAGS_filter));
    return Paged<v1::SearchDocumentsRequest, v1::SearchDocumentsResponse>(
        request,
        [&](grpc::ClientContext* c, const v1::SearchDocumentsRequest& r,
            v1::SearchDocumentsResponse* out) { return stub->SearchDocuments(c, r, out); },
        [](v1::SearchDocumentsResponse& page, v1::SearchDocumentsResponse& all) {
          for (auto& x : *page.mutable_results()) *all.add_results() = std::move(x);
        });
  }
  if (verb == "people") {
    v1::ListPeopleRequest request;
    request.set_filter(absl::GetFlag(FLAGS_filter));
    return Paged<v1::ListPeopleRequest, v1::ListPeopleResponse>(
        request,
        [&](grpc::ClientContext* c, const v1::ListPeopleRequest& r, v1::ListPeopleResponse* out) {
          return stub->ListPeople(c, r, out);
        },
        [](v1::ListPeopleResponse& page, v1::ListPeopleResponse& all) {
          for (auto& p : *page.mutable_people()) *all.add_people() = std::move(p);
        });
  }
  std::cerr << "readout catalog: unknown subcommand \"" << verb << "\"\n" << kCatalogUsage;
  return 2;
}

}  // namespace readout::cli
