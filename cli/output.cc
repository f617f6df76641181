// Printing `readout` results as json, jsonl, table or yaml (see output.h).
#include "cli/output.h"

#include <algorithm>
#include <cstdlib>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/strip.h"
#include "common/dates.h"
#include "common/json.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/json_util.h"
#include "yaml-cpp/yaml.h"

namespace readout::cli {
namespace {

// True when YAML would read `text`, written plain, as something other than
// this string (a bool, null, a number or a date), so it must be quoted.
bool NeedsQuotes(const std::string& text) {
  if (text.empty()) return true;
  std::string lower = absl::AsciiStrToLower(text);
  for (const char* word : {"true", "false", "yes", "no", "on", "off", "y", "n", "null", "~"}) {
    if (lower == word) return true;
  }
  char first = text[0];
  return absl::ascii_isdigit(static_cast<unsigned char>(first)) || first == '+' || first == '-' ||
         first == '.';
}

std::vector<std::string> SortedKeys(const google::protobuf::Struct& object) {
  std::vector<std::string> keys;
  for (const auto& field : object.fields()) keys.push_back(field.first);
  std::sort(keys.begin(), keys.end());
  return keys;
}

void EmitValue(const google::protobuf::Value& value, YAML::Emitter* out) {
  switch (value.kind_case()) {
    case google::protobuf::Value::kStructValue:
      *out << YAML::BeginMap;
      // A Struct's map has no order: keys print sorted, so output is stable.
      for (const std::string& key : SortedKeys(value.struct_value())) {
        *out << YAML::Key << key << YAML::Value;
        EmitValue(value.struct_value().fields().at(key), out);
      }
      *out << YAML::EndMap;
      break;
    case google::protobuf::Value::kListValue:
      *out << YAML::BeginSeq;
      for (const auto& item : value.list_value().values()) EmitValue(item, out);
      *out << YAML::EndSeq;
      break;
    case google::protobuf::Value::kStringValue:
      if (NeedsQuotes(value.string_value())) *out << YAML::DoubleQuoted;
      *out << value.string_value();
      break;
    case google::protobuf::Value::kNumberValue:
      *out << value.number_value();
      break;
    case google::protobuf::Value::kBoolValue:
      *out << value.bool_value();
      break;
    default:
      *out << YAML::Null;
  }
}

}  // namespace

void AddOutputFlag(CLI::App* command, std::string* name) {
  command
      ->add_option("-o,--output", *name,
                   "output format: json, jsonl (one JSON value per line), table or yaml")
      ->check(CLI::IsMember({"json", "jsonl", "table", "yaml"}));
}

OutputFormat ResolveOutput(const std::string& flag, bool is_list, bool stdout_is_terminal) {
  if (flag == "jsonl") return OutputFormat::kJsonl;
  if (flag == "table") return OutputFormat::kTable;
  if (flag == "yaml") return OutputFormat::kYaml;
  if (flag == "json") return OutputFormat::kJson;
  return is_list && stdout_is_terminal ? OutputFormat::kTable : OutputFormat::kJson;
}

std::string ToYaml(const google::protobuf::Message& message) {
  google::protobuf::Value value;
  // The message's own JSON always parses as a Value.
  if (!google::protobuf::util::JsonStringToMessage(common::ToJson(message, false), &value).ok()) {
    return "{}\n";
  }
  YAML::Emitter out;
  out.SetIndent(2);
  EmitValue(value, &out);
  return std::string(out.c_str()) + "\n";
}

std::string EnumWord(const std::string& name, absl::string_view prefix) {
  absl::string_view word = absl::StripPrefix(name, prefix);
  return word == "UNSPECIFIED" ? "" : absl::AsciiStrToLower(word);
}

std::string DateText(const google::type::Date& date) {
  return date.year() == 0 ? "" : common::FormatIsoDate(date);
}

size_t DisplayWidth(const std::string& text) {
  return std::count_if(text.begin(), text.end(),
                       [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; });
}

std::string Truncate(const std::string& text, size_t width) {
  if (DisplayWidth(text) <= width) return text;
  if (width == 0) return "";
  size_t chars = 0, i = 0;
  for (; i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
      if (chars == width - 1) break;
      ++chars;
    }
  }
  return text.substr(0, i) + "…";
}

Table::Table(std::vector<std::string> headers, size_t max_cut)
    : headers_(std::move(headers)), cut_(headers_.size()), max_cut_(max_cut) {
  for (size_t c = 0; c < headers_.size(); ++c) {
    cut_[c] = absl::EndsWith(headers_[c], "~");
    if (cut_[c]) headers_[c].pop_back();
  }
}

void Table::AddRow(std::vector<std::string> cells) {
  cells.resize(headers_.size());
  for (size_t c = 0; c < cells.size(); ++c) {
    std::string& cell = cells[c];
    // One line per row: newlines and tabs inside a cell become spaces.
    std::replace_if(
        cell.begin(), cell.end(), [](char ch) { return ch == '\n' || ch == '\t' || ch == '\r'; },
        ' ');
    if (cell.empty()) cell = "-";
    if (cut_[c]) cell = Truncate(cell, max_cut_);
  }
  rows_.push_back(std::move(cells));
}

void Table::Print(std::ostream* out) const {
  std::vector<size_t> widths(headers_.size());
  for (size_t c = 0; c < headers_.size(); ++c) {
    widths[c] = DisplayWidth(headers_[c]);
    for (const auto& row : rows_) widths[c] = std::max(widths[c], DisplayWidth(row[c]));
  }
  auto line = [&](const std::vector<std::string>& cells) {
    std::string text;
    for (size_t c = 0; c < cells.size(); ++c) {
      text += cells[c];
      if (c + 1 < cells.size()) text += std::string(widths[c] - DisplayWidth(cells[c]) + 3, ' ');
    }
    while (!text.empty() && text.back() == ' ') text.pop_back();
    *out << text << "\n";
  };
  line(headers_);
  for (const auto& row : rows_) line(row);
}

void PrintResult(OutputFormat format, const google::protobuf::Message& whole,
                 const std::vector<const google::protobuf::Message*>& items, const Table& table,
                 std::ostream* out) {
  switch (format) {
    case OutputFormat::kJson:
      *out << common::ToJson(whole) << "\n";
      break;
    case OutputFormat::kJsonl:
      for (const auto* item : items) *out << common::ToJson(*item, false) << "\n";
      break;
    case OutputFormat::kYaml:
      *out << ToYaml(whole);
      break;
    case OutputFormat::kTable:
      table.Print(out);
      break;
  }
}

ResultPrinter::ResultPrinter(OutputFormat format, bool several, Table table, std::ostream* out)
    : format_(format), several_(several), table_(std::move(table)), out_(out) {}

void ResultPrinter::Add(const google::protobuf::Message& result, std::vector<std::string> row) {
  switch (format_) {
    case OutputFormat::kJson:
      if (several_) {
        *out_ << (printed_ == 0 ? "[\n" : ",\n") << common::ToJson(result);
      } else {
        *out_ << common::ToJson(result) << "\n";
      }
      break;
    case OutputFormat::kJsonl:
      *out_ << common::ToJson(result, false) << "\n";
      break;
    case OutputFormat::kYaml:
      *out_ << "---\n" << ToYaml(result);
      break;
    case OutputFormat::kTable:
      table_.AddRow(std::move(row));
      break;
  }
  *out_ << std::flush;
  ++printed_;
}

void ResultPrinter::Finish() {
  if (format_ == OutputFormat::kJson && several_) *out_ << (printed_ == 0 ? "[]\n" : "\n]\n");
  if (format_ == OutputFormat::kTable && table_.rows() > 0) table_.Print(out_);
  *out_ << std::flush;
}

}  // namespace readout::cli
