// How `readout` prints results: --output=json|jsonl|table|yaml.
//
//   json   one proto3-JSON value (indented); several documents form an array
//   jsonl  one compact JSON value per line: per document, per list item
//   table  aligned columns with a header row, for people to read
//   yaml   the JSON as a YAML document (one `---` document per result)
//
// Lists default to `table` when stdout is a terminal and to `json`
// otherwise, so scripts keep reading JSON; single results default to json.
//
// Thread-safety: functions are pure or write only to the stream passed.
#ifndef READOUT_CLI_OUTPUT_H_
#define READOUT_CLI_OUTPUT_H_

#include <ostream>
#include <string>
#include <vector>

#include "CLI/CLI.hpp"
#include "absl/strings/string_view.h"
#include "google/protobuf/message.h"
#include "google/type/date.pb.h"

namespace readout::cli {

enum class OutputFormat { kJson, kJsonl, kTable, kYaml };

// Adds -o,--output to `command`, restricted to the four names; `*name` stays
// empty when the user does not give it.
void AddOutputFlag(CLI::App* command, std::string* name);

// The format for `flag` ("" when not given): lists print as a table on a
// terminal, everything else as json.
OutputFormat ResolveOutput(const std::string& flag, bool is_list, bool stdout_is_terminal);

// `message` as a block-style YAML document (no leading `---`). Strings that
// YAML would read as another type (true, 12, 2020-01-05, null) are quoted.
std::string ToYaml(const google::protobuf::Message& message);

// Columns of text; widths count UTF-8 characters, not bytes. A header
// ending in "~" (e.g. "TITLE~") marks a column whose cells are cut (with
// "…") to `max_cut` characters; other columns (names, ids) are never cut.
class Table {
 public:
  explicit Table(std::vector<std::string> headers, size_t max_cut = 50);

  void AddRow(std::vector<std::string> cells);
  size_t rows() const { return rows_.size(); }

  // Prints the header and rows, columns separated by three spaces, lines
  // without trailing spaces.
  void Print(std::ostream* out) const;

 private:
  std::vector<std::string> headers_;
  std::vector<bool> cut_;
  std::vector<std::vector<std::string>> rows_;
  size_t max_cut_;
};

// Prints results one at a time as they come: json prints one value, or an
// array when `several` (opened at the first result); jsonl one line each;
// yaml one `---` document each; table collects rows and prints at Finish.
class ResultPrinter {
 public:
  ResultPrinter(OutputFormat format, bool several, Table table, std::ostream* out);

  void Add(const google::protobuf::Message& result, std::vector<std::string> row);
  // Closes a json array; prints the table.
  void Finish();

 private:
  const OutputFormat format_;
  const bool several_;
  Table table_;
  std::ostream* const out_;
  size_t printed_ = 0;
};

// Prints a result in `format`: json and yaml print `whole`; jsonl prints
// each of `items` on its own line; table prints `table`.
void PrintResult(OutputFormat format, const google::protobuf::Message& whole,
                 const std::vector<const google::protobuf::Message*>& items, const Table& table,
                 std::ostream* out);

// "meeting" for ("EVENT_TYPE_MEETING", "EVENT_TYPE_"): an enum value's name
// without its prefix, in lower case; "" for the _UNSPECIFIED value.
std::string EnumWord(const std::string& name, absl::string_view prefix);

// YYYY-MM-DD, or "" for an unset date.
std::string DateText(const google::type::Date& date);

// The number of UTF-8 characters in `text` (continuation bytes not counted).
size_t DisplayWidth(const std::string& text);

// `text` cut to at most `width` characters, ending in "…" when cut.
std::string Truncate(const std::string& text, size_t width);

}  // namespace readout::cli

#endif  // READOUT_CLI_OUTPUT_H_
