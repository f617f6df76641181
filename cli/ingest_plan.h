// What `readout ingest` sends: the documents named on the command line
// (files, and the .txt/.html/.htm files of folders) with their
// publication dates, from --published-date or a SOURCES.tsv file.
//
// Thread-safety: pure functions.
#ifndef READOUT_CLI_INGEST_PLAN_H_
#define READOUT_CLI_INGEST_PLAN_H_

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "google/type/date.pb.h"

namespace readout::cli {

// One document to ingest.
struct IngestItem {
  std::string path;
  // Unset: unknown.
  std::optional<google::type::Date> published_date;
};

// Publication dates by file, from a TSV with a header line naming at least
// the columns `file` and `published_date` (YYYY-MM-DD, or "unknown" / empty
// for none), as corpus/*/SOURCES.tsv. Keys are the `file` values.
// INVALID_ARGUMENT names the line of a malformed row or date.
absl::StatusOr<std::map<std::string, std::optional<google::type::Date>>> ParseSourcesTsv(
    const std::string& tsv_text);

// A path inside a folder that ingest leaves out, and why.
struct SkippedPath {
  std::string path;
  std::string reason;
};

struct FileListing {
  std::vector<std::string> files;
  std::vector<SkippedPath> skipped;
};

// The files to ingest, in the order given: files named on the command line
// are taken as given; folders contribute their .txt, .html and .htm files
// sorted by path, and with `recursive` those of every folder below them.
// Everything else a folder holds is listed in `skipped` with the reason
// (another kind of file, a hidden file or folder, a folder when not
// `recursive`). NOT_FOUND names an argument that does not exist;
// INVALID_ARGUMENT an empty list; PERMISSION_DENIED a folder that cannot be
// read.
absl::StatusOr<FileListing> ListDocumentFiles(const std::vector<std::string>& args, bool recursive);

// The items for `files`: each file's date is looked up in `sources` by its
// path, then its file name; files not there take `default_date`.
std::vector<IngestItem> PlanIngest(
    const std::vector<std::string>& files,
    const std::map<std::string, std::optional<google::type::Date>>& sources,
    const std::optional<google::type::Date>& default_date);

}  // namespace readout::cli

#endif  // READOUT_CLI_INGEST_PLAN_H_
