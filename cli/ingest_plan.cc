// Listing, dating and planning the documents of `readout ingest` (see
// ingest_plan.h).
#include "cli/ingest_plan.h"

#include <algorithm>
#include <filesystem>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "common/dates.h"

namespace readout::cli {
namespace {

bool IsDocumentFile(const std::filesystem::path& path) {
  std::string ext = absl::AsciiStrToLower(path.extension().string());
  return ext == ".txt" || ext == ".html" || ext == ".htm";
}

}  // namespace

absl::StatusOr<std::map<std::string, std::optional<google::type::Date>>> ParseSourcesTsv(
    const std::string& tsv_text) {
  std::vector<std::string> lines = absl::StrSplit(tsv_text, '\n');
  if (lines.empty() || absl::StripAsciiWhitespace(lines[0]).empty()) {
    return absl::InvalidArgumentError("the sources file is empty (expected a header line)");
  }
  std::vector<std::string> header = absl::StrSplit(absl::StripAsciiWhitespace(lines[0]), '\t');
  int file_col = -1, date_col = -1;
  for (int i = 0; i < static_cast<int>(header.size()); ++i) {
    std::string name(absl::StripAsciiWhitespace(header[i]));
    if (name == "file") file_col = i;
    if (name == "published_date") date_col = i;
  }
  if (file_col < 0 || date_col < 0) {
    return absl::InvalidArgumentError(
        "the sources file's header must name the columns \"file\" and \"published_date\" "
        "(tab-separated)");
  }
  std::map<std::string, std::optional<google::type::Date>> dates;
  for (size_t n = 1; n < lines.size(); ++n) {
    std::string line(absl::StripTrailingAsciiWhitespace(lines[n]));
    if (absl::StripAsciiWhitespace(line).empty()) continue;
    std::vector<std::string> cells = absl::StrSplit(line, '\t');
    if (static_cast<int>(cells.size()) <= std::max(file_col, date_col)) {
      return absl::InvalidArgumentError(absl::StrCat("sources line ", n + 1, " has ", cells.size(),
                                                     " columns; the header has ", header.size()));
    }
    std::string file(absl::StripAsciiWhitespace(cells[file_col]));
    std::string date(absl::StripAsciiWhitespace(cells[date_col]));
    if (date.empty() || date == "unknown") {
      dates[file] = std::nullopt;
      continue;
    }
    absl::StatusOr<google::type::Date> parsed = common::ParseIsoDate(date);
    if (!parsed.ok()) {
      return absl::InvalidArgumentError(absl::StrCat("sources line ", n + 1, ": published_date \"",
                                                     date, "\": ", parsed.status().message()));
    }
    dates[file] = *parsed;
  }
  return dates;
}

absl::StatusOr<FileListing> ListDocumentFiles(const std::vector<std::string>& args,
                                              bool recursive) {
  if (args.empty()) {
    return absl::InvalidArgumentError("name at least one DIR or FILE to ingest");
  }
  FileListing listing;
  for (const std::string& arg : args) {
    std::error_code error;
    std::filesystem::path path(arg);
    if (!std::filesystem::is_directory(path, error)) {
      if (!std::filesystem::exists(path, error)) {
        return absl::NotFoundError(absl::StrCat(arg, " does not exist"));
      }
      listing.files.push_back(arg);
      continue;
    }
    std::vector<std::string> found;
    std::vector<SkippedPath> skipped;
    std::vector<std::filesystem::path> folders = {path};
    while (!folders.empty()) {
      std::filesystem::path folder = folders.back();
      folders.pop_back();
      for (const auto& entry : std::filesystem::directory_iterator(folder, error)) {
        const std::filesystem::path& child = entry.path();
        bool hidden = child.filename().string().rfind('.', 0) == 0;
        std::error_code kind_error;
        if (entry.is_directory(kind_error)) {
          if (hidden) {
            skipped.push_back({child.string(), "hidden folder"});
          } else if (recursive) {
            folders.push_back(child);
          } else {
            skipped.push_back({child.string(), "folder (--recursive reads folders too)"});
          }
        } else if (hidden) {
          skipped.push_back({child.string(), "hidden file"});
        } else if (!entry.is_regular_file(kind_error)) {
          skipped.push_back({child.string(), "not a regular file"});
        } else if (IsDocumentFile(child)) {
          found.push_back(child.string());
        } else {
          skipped.push_back({child.string(), "not a .txt, .html or .htm file"});
        }
      }
      if (error) {
        return absl::PermissionDeniedError(
            absl::StrCat("cannot list ", folder.string(), ": ", error.message()));
      }
    }
    std::sort(found.begin(), found.end());
    std::sort(skipped.begin(), skipped.end(),
              [](const SkippedPath& a, const SkippedPath& b) { return a.path < b.path; });
    listing.files.insert(listing.files.end(), found.begin(), found.end());
    listing.skipped.insert(listing.skipped.end(), skipped.begin(), skipped.end());
  }
  return listing;
}

std::vector<IngestItem> PlanIngest(
    const std::vector<std::string>& files,
    const std::map<std::string, std::optional<google::type::Date>>& sources,
    const std::optional<google::type::Date>& default_date) {
  std::vector<IngestItem> items;
  items.reserve(files.size());
  for (const std::string& file : files) {
    IngestItem item{file, default_date};
    auto it = sources.find(file);
    if (it == sources.end()) {
      it = sources.find(std::filesystem::path(file).filename().string());
    }
    if (it != sources.end()) item.published_date = it->second;
    items.push_back(std::move(item));
  }
  return items;
}

}  // namespace readout::cli
