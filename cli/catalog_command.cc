// `readout catalog ...`: a client of readout.v1.CatalogService at --server.
// Prints results on stdout in the --output format (lists default to a table
// on a terminal, JSON otherwise); errors (code, reason, message) go to
// stderr with exit code 1; usage errors exit 2.
//
//   readout catalog create FILE...            (Extraction JSON, e.g. from `readout extract`)
//   readout catalog get NAME                  (documents/{hash} or the hash)
//   readout catalog list [--filter=F] [--order-by=O] [--page-size=N] [--all]
//   readout catalog search QUERY... [--filter=F] [--page-size=N] [--all]
//   readout catalog people [--filter=F] [--page-size=N] [--all]
//   readout catalog person NAME               (people/{id} or a name)
//   readout catalog delete NAME [--etag=E]
//   readout catalog watch [--start-revision=N]
//   readout catalog verify [--skip-index] [--max-problems=N]
//                                             (CatalogAdminService; exit 3 when problems are found)
#include <unistd.h>

#include <functional>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/time/time.h"
#include "catalog-service/query/names.h"
#include "cli/commands.h"
#include "cli/connection.h"
#include "cli/output.h"
#include "common/files.h"
#include "common/json.h"
#include "common/server/status_util.h"
#include "google/protobuf/util/json_util.h"
#include "google/protobuf/util/time_util.h"
#include "grpcpp/grpcpp.h"
#include "readout/v1/catalog_admin_service.grpc.pb.h"
#include "readout/v1/catalog_service.grpc.pb.h"

namespace readout::cli {
namespace {

using google::protobuf::Message;

constexpr int kCatalogMaxMessageBytes = 256 * 1024 * 1024;

// The flags of every catalog subcommand (each uses its own few).
struct CatalogOptions {
  Connection connection;
  std::string output;
  std::string filter;
  std::string order_by;
  int page_size = 0;
  std::string page_token;
  bool all = false;
  std::string etag;
  int64_t start_revision = 0;
  bool skip_index = false;
  int max_problems = 0;
  std::vector<std::string> args;  // FILE..., NAME or QUERY words.
};

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

std::string TimeText(const google::protobuf::Timestamp& time) {
  if (time.seconds() == 0 && time.nanos() == 0) return "";
  return absl::FormatTime("%Y-%m-%dT%H:%M:%SZ", absl::FromUnixSeconds(time.seconds()),
                          absl::UTCTimeZone());
}

// Table columns of a stored document.
const std::vector<std::string> kDocumentColumns = {"NAME",       "TITLE~",    "TYPE",
                                                   "EVENT DATE", "PUBLISHED", "REVISION"};

std::vector<std::string> DocumentRow(const v1::CatalogDocument& doc) {
  const v1::Extraction& x = doc.extraction();
  const v1::Event* event = x.events().empty() ? nullptr : &x.events(0);
  return {doc.name(),
          x.document().title(),
          event ? EnumWord(v1::EventType_Name(event->type()), "EVENT_TYPE_") : "",
          event ? DateText(event->date()) : "",
          DateText(x.document().published_date()),
          absl::StrCat(doc.revision())};
}

// One unary call's printing: a single result (json by default).
void PrintOne(const CatalogOptions& o, const Message& whole, const Message& item, Table table,
              std::vector<std::string> row) {
  OutputFormat format = ResolveOutput(o.output, /*is_list=*/false, isatty(1) == 1);
  if (format == OutputFormat::kJsonl || format == OutputFormat::kYaml ||
      format == OutputFormat::kJson) {
    PrintResult(format, whole, {&item}, table, &std::cout);
    return;
  }
  table.AddRow(std::move(row));
  table.Print(&std::cout);
}

template <typename T>
std::vector<const Message*> Pointers(const google::protobuf::RepeatedPtrField<T>& items) {
  std::vector<const Message*> pointers;
  for (const T& item : items) pointers.push_back(&item);
  return pointers;
}

// How to page through one list RPC and show its items.
template <typename Request, typename Response>
struct PagedList {
  std::function<grpc::Status(grpc::ClientContext*, const Request&, Response*)> call;
  // The page's items, for jsonl.
  std::function<std::vector<const Message*>(const Response&)> items;
  // Moves a page's items to the end of `all`, for json and yaml with --all.
  std::function<void(Response& page, Response& all)> merge;
  std::vector<std::string> columns;
  std::function<void(const Response&, Table*)> rows;
};

// Runs a paged call: one page, or with --all every page (jsonl and table
// print page by page; json and yaml print one merged response).
template <typename Request, typename Response>
int Paged(const CatalogOptions& o, Request request, const PagedList<Request, Response>& list) {
  OutputFormat format = ResolveOutput(o.output, /*is_list=*/true, isatty(1) == 1);
  request.set_page_size(o.page_size);
  request.set_page_token(o.page_token);
  Table table(list.columns);
  Response all;
  std::string next;
  while (true) {
    Response page;
    grpc::ClientContext context;
    context.set_deadline(CallDeadline(o.connection));
    grpc::Status status = list.call(&context, request, &page);
    if (!status.ok()) return Report(status);
    next = page.next_page_token();
    if (format == OutputFormat::kJsonl) {
      for (const Message* item : list.items(page)) {
        std::cout << common::ToJson(*item, false) << "\n";
      }
    } else if (format == OutputFormat::kTable) {
      list.rows(page, &table);
    } else if (!o.all) {
      all = std::move(page);  // One page prints as the server answered.
    } else {
      list.merge(page, all);
    }
    if (!o.all || next.empty()) break;
    request.set_page_token(next);
  }
  if (format == OutputFormat::kJson || format == OutputFormat::kYaml) {
    PrintResult(format, all, {}, table, &std::cout);
  } else if (format == OutputFormat::kTable) {
    if (table.rows() == 0) {
      std::cerr << "No results.\n";
    } else {
      table.Print(&std::cout);
    }
    if (!next.empty()) {
      std::cerr << "More results: add --page-token=" << next << " (or --all for every page)\n";
    }
  }
  return 0;
}

int Create(v1::CatalogService::Stub& stub, const CatalogOptions& o) {
  ResultPrinter printer(ResolveOutput(o.output, /*is_list=*/false, isatty(1) == 1),
                        /*several=*/o.args.size() > 1, Table({"NAME", "CREATED", "REVISION"}),
                        &std::cout);
  int failures = 0;
  for (const std::string& file : o.args) {
    absl::StatusOr<std::string> text = common::ReadFileToString(file);
    if (!text.ok()) {
      std::cerr << "readout catalog create: " << text.status().message() << "\n";
      ++failures;
      continue;
    }
    v1::CreateDocumentRequest request;
    google::protobuf::util::JsonParseOptions options;
    options.ignore_unknown_fields = true;
    auto parsed = google::protobuf::util::JsonStringToMessage(
        *text, request.mutable_document()->mutable_extraction(), options);
    if (!parsed.ok()) {
      std::cerr << "readout catalog create: " << file << ": " << parsed.message() << "\n";
      ++failures;
      continue;
    }
    v1::CreateDocumentResponse response;
    grpc::ClientContext context;
    context.set_deadline(CallDeadline(o.connection));
    grpc::Status status = stub.CreateDocument(&context, request, &response);
    if (!status.ok()) {
      Report(status);
      ++failures;
      continue;
    }
    response.mutable_document()->clear_extraction();  // Name, revision, etag suffice.
    printer.Add(response,
                {response.document().name(), response.created() ? "yes" : "no (same content)",
                 absl::StrCat(response.document().revision())});
  }
  printer.Finish();
  return failures == 0 ? 0 : 1;
}

int Watch(v1::CatalogService::Stub& stub, const CatalogOptions& o) {
  // A stream has no end to wait for: json prints one line per change, like
  // jsonl, and a table prints a row per change in fixed columns.
  OutputFormat format = ResolveOutput(o.output, /*is_list=*/false, isatty(1) == 1);
  v1::WatchDocumentsRequest request;
  request.set_start_revision(o.start_revision);
  grpc::ClientContext context;
  auto reader = stub.WatchDocuments(&context, request);
  if (format == OutputFormat::kTable) {
    std::cout << absl::StrFormat("%-10s %-8s %-22s %s", "REVISION", "TYPE", "COMMIT TIME", "NAME")
              << std::endl;
  }
  v1::WatchDocumentsResponse response;
  while (reader->Read(&response)) {
    for (auto& change : *response.mutable_changes()) {
      change.mutable_document()->clear_extraction();
      if (format == OutputFormat::kTable) {
        std::cout << absl::StrFormat("%-10d %-8s %-22s %s", change.revision(),
                                     EnumWord(v1::ChangeType_Name(change.type()), "CHANGE_TYPE_"),
                                     TimeText(change.commit_time()), change.name())
                  << std::endl;
      } else if (format == OutputFormat::kYaml) {
        std::cout << "---\n" << ToYaml(change) << std::flush;
      } else {
        std::cout << common::ToJson(change, /*pretty=*/false) << std::endl;
      }
    }
  }
  grpc::Status status = reader->Finish();
  return status.ok() ? 0 : Report(status);
}

// Exit code of a verification that found problems (1 is a failed call).
constexpr int kExitProblemsFound = 3;

int Verify(const CatalogOptions& o) {
  // Progress goes to stderr (a line about once a second); problems to
  // stdout as they arrive (a table row, or one JSON value per line), then
  // the summary.
  OutputFormat format = ResolveOutput(o.output, /*is_list=*/true, isatty(1) == 1);
  auto stub = v1::CatalogAdminService::NewStub(
      OpenChannel(o.connection, o.connection.server, kCatalogMaxMessageBytes));
  v1::VerifyCatalogRequest request;
  request.set_skip_index(o.skip_index);
  request.set_max_problems(o.max_problems);
  grpc::ClientContext context;  // No deadline: a scrub takes as long as the catalog is big.
  auto reader = stub->VerifyCatalog(&context, request);
  if (format == OutputFormat::kTable) {
    std::cout << absl::StrFormat("%-18s %-10s %-75s %s", "KIND", "REVISION", "DOCUMENT", "DETAIL")
              << std::endl;
  }
  v1::VerifyCatalogResponse response;
  v1::VerifyCatalogSummary summary;
  bool have_summary = false;
  while (reader->Read(&response)) {
    for (const v1::CatalogProblem& problem : response.problems()) {
      if (format == OutputFormat::kTable) {
        std::cout << absl::StrFormat("%-18s %-10d %-75s %s",
                                     EnumWord(v1::CatalogProblemKind_Name(problem.kind()),
                                              "CATALOG_PROBLEM_KIND_"),
                                     problem.revision(),
                                     problem.document().empty() ? "-" : problem.document(),
                                     problem.detail())
                  << std::endl;
      } else if (format == OutputFormat::kYaml) {
        std::cout << "---\n" << ToYaml(problem) << std::flush;
      } else {
        std::cout << common::ToJson(problem, /*pretty=*/false) << std::endl;
      }
    }
    if (response.has_progress() && !response.has_summary()) {
      const v1::VerifyCatalogProgress& p = response.progress();
      std::cerr << "verified " << p.documents_checked() << " of " << p.documents_total()
                << " documents, " << p.problems_found() << " problems" << std::endl;
    }
    if (response.has_summary()) {
      summary = response.summary();
      have_summary = true;
    }
  }
  grpc::Status status = reader->Finish();
  if (!status.ok()) return Report(status);
  if (!have_summary) {
    std::cerr << "readout catalog verify: the stream ended without a summary\n";
    return 1;
  }
  if (format == OutputFormat::kTable) {
    std::cerr << "verified " << summary.documents_checked() << " documents in "
              << summary.elapsed_ms() << " ms"
              << (summary.index_checked() ? " (records and index)" : " (records only)") << ": "
              << summary.problems_found() << " problems" << std::endl;
  } else if (format == OutputFormat::kYaml) {
    std::cout << "---\n" << ToYaml(summary) << std::flush;
  } else {
    std::cout << common::ToJson(summary, /*pretty=*/false) << std::endl;
  }
  return summary.problems_found() > 0 ? kExitProblemsFound : 0;
}

int RunVerb(const std::string& verb, const CatalogOptions& o) {
  if (verb == "verify") return Verify(o);
  auto stub = v1::CatalogService::NewStub(
      OpenChannel(o.connection, o.connection.server, kCatalogMaxMessageBytes));
  if (verb == "create") return Create(*stub, o);
  if (verb == "watch") return Watch(*stub, o);
  if (verb == "get") {
    v1::GetDocumentRequest request;
    request.set_name(DocumentNameOf(o.args[0]));
    v1::GetDocumentResponse response;
    grpc::ClientContext context;
    context.set_deadline(CallDeadline(o.connection));
    grpc::Status status = stub->GetDocument(&context, request, &response);
    if (!status.ok()) return Report(status);
    PrintOne(o, response, response.document(), Table(kDocumentColumns),
             DocumentRow(response.document()));
    return 0;
  }
  if (verb == "delete") {
    v1::DeleteDocumentRequest request;
    request.set_name(DocumentNameOf(o.args[0]));
    request.set_etag(o.etag);
    v1::DeleteDocumentResponse response;
    grpc::ClientContext context;
    context.set_deadline(CallDeadline(o.connection));
    grpc::Status status = stub->DeleteDocument(&context, request, &response);
    if (!status.ok()) return Report(status);
    PrintOne(o, response, response, Table({"NAME", "RESULT"}), {request.name(), "deleted"});
    return 0;
  }
  if (verb == "person") {
    v1::GetPersonRequest request;
    request.set_name(PersonNameOf(o.args[0]));
    v1::GetPersonResponse response;
    grpc::ClientContext context;
    context.set_deadline(CallDeadline(o.connection));
    grpc::Status status = stub->GetPerson(&context, request, &response);
    if (!status.ok()) return Report(status);
    OutputFormat format = ResolveOutput(o.output, /*is_list=*/false, isatty(1) == 1);
    // As a table: the person's timeline, one row per event.
    Table table({"DATE", "ROLE", "EVENT~", "LOCATION~", "DOCUMENT"});
    for (const auto& entry : response.person().timeline()) {
      table.AddRow({DateText(entry.date()),
                    EnumWord(v1::ParticipantRole_Name(entry.role()), "PARTICIPANT_ROLE_"),
                    entry.event_name(), entry.location(), entry.document()});
    }
    if (format == OutputFormat::kTable) {
      std::cout << response.person().display_name() << " (" << response.person().name()
                << "): " << absl::StrJoin(response.person().titles(), "; ") << "\n\n";
    }
    PrintResult(format, response, {&response.person()}, table, &std::cout);
    if (format == OutputFormat::kTable && response.person().timeline_truncated()) {
      std::cout << "(the earliest " << response.person().timeline_size()
                << " events only: the person took part in more)\n";
    }
    return 0;
  }
  if (verb == "list") {
    v1::ListDocumentsRequest request;
    request.set_filter(o.filter);
    request.set_order_by(o.order_by);
    return Paged<v1::ListDocumentsRequest, v1::ListDocumentsResponse>(
        o, request,
        {[&](grpc::ClientContext* c, const v1::ListDocumentsRequest& r,
             v1::ListDocumentsResponse* out) { return stub->ListDocuments(c, r, out); },
         [](const v1::ListDocumentsResponse& page) { return Pointers(page.documents()); },
         [](v1::ListDocumentsResponse& page, v1::ListDocumentsResponse& all) {
           for (auto& d : *page.mutable_documents()) *all.add_documents() = std::move(d);
         },
         kDocumentColumns,
         [](const v1::ListDocumentsResponse& page, Table* table) {
           for (const auto& d : page.documents()) table->AddRow(DocumentRow(d));
         }});
  }
  if (verb == "search") {
    v1::SearchDocumentsRequest request;
    request.set_query(absl::StrJoin(o.args, " "));
    request.set_filter(o.filter);
    return Paged<v1::SearchDocumentsRequest, v1::SearchDocumentsResponse>(
        o, request,
        {[&](grpc::ClientContext* c, const v1::SearchDocumentsRequest& r,
             v1::SearchDocumentsResponse* out) { return stub->SearchDocuments(c, r, out); },
         [](const v1::SearchDocumentsResponse& page) { return Pointers(page.results()); },
         [](v1::SearchDocumentsResponse& page, v1::SearchDocumentsResponse& all) {
           for (auto& x : *page.mutable_results()) *all.add_results() = std::move(x);
         },
         {"NAME", "SCORE", "TITLE~", "SNIPPET~"},
         [](const v1::SearchDocumentsResponse& page, Table* table) {
           for (const auto& x : page.results()) {
             table->AddRow({x.document().name(), absl::StrFormat("%.2f", x.score()),
                            x.document().extraction().document().title(), x.snippet()});
           }
         }});
  }
  // people
  v1::ListPeopleRequest request;
  request.set_filter(o.filter);
  return Paged<v1::ListPeopleRequest, v1::ListPeopleResponse>(
      o, request,
      {[&](grpc::ClientContext* c, const v1::ListPeopleRequest& r, v1::ListPeopleResponse* out) {
         return stub->ListPeople(c, r, out);
       },
       [](const v1::ListPeopleResponse& page) { return Pointers(page.people()); },
       [](v1::ListPeopleResponse& page, v1::ListPeopleResponse& all) {
         for (auto& p : *page.mutable_people()) *all.add_people() = std::move(p);
       },
       {"NAME", "DISPLAY NAME", "DOCUMENTS", "TITLES~"},
       [](const v1::ListPeopleResponse& page, Table* table) {
         for (const auto& p : page.people()) {
           table->AddRow({p.name(), p.display_name(), absl::StrCat(p.document_count()),
                          absl::StrJoin(p.titles(), "; ")});
         }
       }});
}

void AddListFlags(CLI::App* cmd, CatalogOptions* o, bool order_by) {
  cmd->add_option("--filter", o->filter,
                  "AIP-160 filter, e.g. 'participant.presided = \"Chen Qiufa\" AND "
                  "event_date >= 2020-01-01' (see docs/api.md)");
  if (order_by) {
    cmd->add_option("--order-by", o->order_by,
                    "event_date, published_date or create_time, optionally followed by desc");
  }
  cmd->add_option("--page-size", o->page_size, "results per page (0: the server's default)")
      ->check(CLI::NonNegativeNumber);
  cmd->add_option("--page-token", o->page_token, "continue from the page token a list gave");
  cmd->add_flag("--all", o->all, "follow page tokens to the end and print every result");
}

}  // namespace

void AddCatalogCommand(CLI::App* app, int* exit_code) {
  auto options = std::make_shared<CatalogOptions>();
  CLI::App* catalog = app->add_subcommand(
      "catalog", "Read and write a catalog service: stored documents, search, people, changes");
  catalog->require_subcommand(1);
  struct Verb {
    const char* name;
    const char* help;
    const char* args;  // Positional name, or nullptr.
    const char* args_help;
    bool several;  // Takes several positional arguments.
  };
  const Verb verbs[] = {
      {"create", "Store Extraction JSON files (as `readout extract` prints them)", "FILE",
       "Extraction JSON files", true},
      {"get", "Print one stored document", "NAME", "documents/{hash}, or the content hash", false},
      {"list", "List stored documents (filter, order, pages)", nullptr, nullptr, false},
      {"search", "Full-text search of stored documents, best first", "QUERY",
       "words to search for (several words are one query)", true},
      {"people", "List the people the stored documents name", nullptr, nullptr, false},
      {"person", "Print one person with their timeline of events", "NAME",
       "people/{id}, or the person's name", false},
      {"delete", "Delete a stored document", "NAME", "documents/{hash}, or the content hash",
       false},
      {"watch", "Stream changes (creates, deletes) as they happen, until interrupted", nullptr,
       nullptr, false},
      {"verify",
       "Check every stored document against its name (SHA-256) and the query index against the "
       "records, with progress; exit 3 when problems are found (needs an admin principal)",
       nullptr, nullptr, false},
  };
  for (const Verb& verb : verbs) {
    CLI::App* cmd = catalog->add_subcommand(verb.name, verb.help);
    AddConnectionFlags(cmd, &options->connection, "HOST:PORT of the catalog service",
                       /*required=*/true);
    AddOutputFlag(cmd, &options->output);
    std::string name = verb.name;
    if (name == "list") AddListFlags(cmd, options.get(), /*order_by=*/true);
    if (name == "search" || name == "people") AddListFlags(cmd, options.get(), false);
    if (name == "delete") {
      cmd->add_option("--etag", options->etag,
                      "delete only this version (the etag `get` printed); fails with ABORTED "
                      "if the document changed");
    }
    if (name == "watch") {
      cmd->add_option("--start-revision", options->start_revision,
                      "first revision to stream (0: only changes from now on)")
          ->check(CLI::NonNegativeNumber);
    }
    if (name == "verify") {
      cmd->add_flag("--skip-index", options->skip_index,
                    "check the records' hashes only, not the query index");
      cmd->add_option("--max-problems", options->max_problems,
                      "list at most this many problems (all are counted; 0: 1000)")
          ->check(CLI::NonNegativeNumber);
    }
    if (verb.args != nullptr) {
      CLI::Option* positional =
          cmd->add_option(verb.args, options->args, verb.args_help)->required();
      if (!verb.several) positional->expected(1);
    }
    cmd->callback([options, exit_code, name] { *exit_code = RunVerb(name, *options); });
  }
}

}  // namespace readout::cli
