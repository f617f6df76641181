// `readout extract`: extracts each FILE in-process, or through a running
// extractor service with --server, and prints the Extraction of each
// (--output: json, one value or an array for several files; jsonl, one line
// per file; yaml; or a table with one row per file).
#include <unistd.h>

#include <iostream>
#include <iterator>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "cli/commands.h"
#include "cli/connection.h"
#include "cli/output.h"
#include "common/dates.h"
#include "common/files.h"
#include "common/json.h"
#include "extractor-service/engine/extractor.h"
#include "grpcpp/grpcpp.h"
#include "readout/v1/extractor_service.grpc.pb.h"

namespace readout::cli {
namespace {

struct ExtractOptions {
  Connection connection;
  std::string published_date;
  std::string format = "detect";
  std::string output;
  std::vector<std::string> files;
};

// A file's bytes, or standard input's for "-".
absl::StatusOr<std::string> ReadFileOrStdin(const std::string& path) {
  if (path == "-") {
    return std::string(std::istreambuf_iterator<char>(std::cin), {});
  }
  return common::ReadFileToString(path);
}

extractor::InputFormat ParseFormat(const std::string& name) {
  if (name == "text") return extractor::InputFormat::kText;
  if (name == "html") return extractor::InputFormat::kHtml;
  return extractor::InputFormat::kDetect;
}

v1::DocumentFormat ToProtoFormat(extractor::InputFormat format) {
  switch (format) {
    case extractor::InputFormat::kText:
      return v1::DOCUMENT_FORMAT_TEXT;
    case extractor::InputFormat::kHtml:
      return v1::DOCUMENT_FORMAT_HTML;
    default:
      return v1::DOCUMENT_FORMAT_UNSPECIFIED;
  }
}

absl::StatusOr<v1::Extraction> ExtractRemote(v1::ExtractorService::Stub& stub,
                                             const Connection& connection,
                                             const extractor::DocumentSource& source) {
  v1::ExtractRequest request;
  v1::DocumentInput* doc = request.mutable_document();
  doc->set_data(std::string(source.content));
  doc->set_format(ToProtoFormat(source.format));
  doc->set_source_uri(source.source_uri);
  if (source.published_date.year() != 0) {
    *doc->mutable_published_date() = source.published_date;
  }
  grpc::ClientContext context;
  context.set_deadline(CallDeadline(connection));
  v1::ExtractResponse response;
  grpc::Status status = stub.Extract(&context, request, &response);
  if (!status.ok()) {
    return absl::Status(static_cast<absl::StatusCode>(status.error_code()), status.error_message());
  }
  return std::move(*response.mutable_extraction());
}

int RunExtract(const ExtractOptions& options) {
  extractor::DocumentSource base;
  if (!options.published_date.empty()) {
    base.published_date = *common::ParseIsoDate(options.published_date);  // Validated.
  }
  base.format = ParseFormat(options.format);

  std::unique_ptr<v1::ExtractorService::Stub> stub;
  std::unique_ptr<extractor::Extractor> local;
  if (options.connection.server.empty()) {
    local = std::make_unique<extractor::Extractor>();
  } else {
    stub = v1::ExtractorService::NewStub(
        OpenChannel(options.connection, options.connection.server, 64 * 1024 * 1024));
  }

  ResultPrinter printer(ResolveOutput(options.output, /*is_list=*/false, isatty(1) == 1),
                        /*several=*/options.files.size() > 1,
                        Table({"FILE", "TITLE~", "TYPE", "EVENT DATE", "PEOPLE", "STATEMENTS"}),
                        &std::cout);
  int failures = 0;
  for (const std::string& file : options.files) {
    auto content = ReadFileOrStdin(file);
    if (!content.ok()) {
      std::cerr << "readout extract: " << content.status().message() << "\n";
      ++failures;
      continue;
    }
    extractor::DocumentSource source = base;
    source.content = *content;
    source.source_uri = file == "-" ? "" : file;
    absl::StatusOr<v1::Extraction> result =
        local ? local->Extract(source) : ExtractRemote(*stub, options.connection, source);
    if (!result.ok()) {
      std::cerr << "readout extract: " << file << ": "
                << absl::StatusCodeToString(result.status().code()) << ": "
                << result.status().message() << "\n";
      ++failures;
      continue;
    }
    const v1::Event* event = result->events().empty() ? nullptr : &result->events(0);
    printer.Add(*result, {file, result->document().title(),
                          event ? EnumWord(v1::EventType_Name(event->type()), "EVENT_TYPE_") : "",
                          event ? DateText(event->date()) : "", absl::StrCat(result->people_size()),
                          absl::StrCat(result->statements_size())});
  }
  printer.Finish();
  return failures == 0 ? 0 : 1;
}

}  // namespace

CLI::Validator PublishedDateValidator(bool allow_unknown) {
  return CLI::Validator(
      [allow_unknown](std::string& value) -> std::string {
        // Empty means unknown too: scripts fill the flag from a column that may be empty.
        if (value.empty() || (allow_unknown && value == "unknown")) return "";
        auto date = common::ParseIsoDate(value);
        return date.ok() ? "" : std::string(date.status().message());
      },
      allow_unknown ? "YYYY-MM-DD|unknown" : "YYYY-MM-DD");
}

void AddExtractCommand(CLI::App* app, int* exit_code) {
  auto options = std::make_shared<ExtractOptions>();
  CLI::App* cmd = app->add_subcommand(
      "extract",
      "Extract records from each FILE ('-' reads stdin), in-process or with --server "
      "through an extractor service, and print them");
  AddConnectionFlags(cmd, &options->connection,
                     "HOST:PORT of an extractor service; without it extraction runs in-process",
                     /*required=*/false);
  cmd->add_option("--published-date", options->published_date,
                  "publication date of the documents, to resolve relative dates "
                  "(\"on Tuesday\")")
      ->check(PublishedDateValidator(/*allow_unknown=*/false));
  cmd->add_option("--format", options->format, "document format")
      ->check(CLI::IsMember({"detect", "text", "html"}))
      ->capture_default_str();
  AddOutputFlag(cmd, &options->output);
  cmd->add_option("FILE", options->files, "documents to extract ('-' reads stdin)")->required();
  cmd->callback([options, exit_code] { *exit_code = RunExtract(*options); });
}

}  // namespace readout::cli
