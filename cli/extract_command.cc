// `readout extract`: extracts each FILE in-process, or through a running
// extractor service with --server, and prints the proto3-JSON Extraction.
#include <chrono>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "cli/commands.h"
#include "cli/flags.h"
#include "common/dates.h"
#include "common/json.h"
#include "extractor-service/engine/extractor.h"
#include "grpcpp/grpcpp.h"
#include "readout/v1/extractor_service.grpc.pb.h"

namespace readout::cli {
namespace {

absl::StatusOr<std::string> ReadFile(const std::string& path) {
  if (path == "-") {
    return std::string(std::istreambuf_iterator<char>(std::cin), {});
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(absl::StrCat("cannot open ", path));
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

absl::StatusOr<extractor::InputFormat> ParseFormat(const std::string& name) {
  if (name == "detect" || name.empty()) return extractor::InputFormat::kDetect;
  if (name == "text") return extractor::InputFormat::kText;
  if (name == "html") return extractor::InputFormat::kHtml;
  return absl::InvalidArgumentError(
      absl::StrCat("--format must be detect, text or html, not \"", name, "\""));
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
  context.set_deadline(
      std::chrono::system_clock::now() +
      std::chrono::milliseconds(static_cast<int64_t>(absl::GetFlag(FLAGS_timeout) * 1000)));
  v1::ExtractResponse response;
  grpc::Status status = stub.Extract(&context, request, &response);
  if (!status.ok()) {
    return absl::Status(static_cast<absl::StatusCode>(status.error_code()), status.error_message());
  }
  return std::move(*response.mutable_extraction());
}

}  // namespace

int RunExtract(const std::vector<std::string>& files) {
  if (files.empty()) {
    std::cerr << "readout extract: name at least one FILE ('-' for stdin)\n";
    return 2;
  }
  extractor::DocumentSource base;
  std::string date_flag = absl::GetFlag(FLAGS_published_date);
  if (!date_flag.empty()) {
    auto date = common::ParseIsoDate(date_flag);
    if (!date.ok()) {
      std::cerr << "readout extract: --published-date: " << date.status().message() << "\n";
      return 2;
    }
    base.published_date = *date;
  }
  auto format = ParseFormat(absl::GetFlag(FLAGS_format));
  if (!format.ok()) {
    std::cerr << "readout extract: " << format.status().message() << "\n";
    return 2;
  }
  base.format = *format;

  std::string server = absl::GetFlag(FLAGS_server);
  std::unique_ptr<v1::ExtractorService::Stub> stub;
  std::unique_ptr<extractor::Extractor> local;
  if (server.empty()) {
    local = std::make_unique<extractor::Extractor>();
  } else {
    grpc::ChannelArguments args;
    args.SetMaxSendMessageSize(64 * 1024 * 1024);
    args.SetMaxReceiveMessageSize(64 * 1024 * 1024);
    stub = v1::ExtractorService::NewStub(
        grpc::CreateCustomChannel(server, grpc::InsecureChannelCredentials(), args));
  }

  int failures = 0;
  for (const std::string& file : files) {
    auto content = ReadFile(file);
    if (!content.ok()) {
      std::cerr << "readout extract: " << content.status().message() << "\n";
      ++failures;
      continue;
    }
    extractor::DocumentSource source = base;
    source.content = *content;
    source.source_uri = file == "-" ? "" : file;
    absl::StatusOr<v1::Extraction> result =
        local ? local->Extract(source) : ExtractRemote(*stub, source);
    if (!result.ok()) {
      std::cerr << "readout extract: " << file << ": "
                << absl::StatusCodeToString(result.status().code()) << ": "
                << result.status().message() << "\n";
      ++failures;
      continue;
    }
    std::cout << common::ToJson(*result) << "\n";
  }
  return failures == 0 ? 0 : 1;
}

}  // namespace readout::cli
