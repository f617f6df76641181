// `readout`: the command-line client. Subcommands (`readout help` lists them
// with every flag; `readout help SUBCOMMAND...` shows one):
//   readout extract [--server=HOST:PORT] FILE...       records of each file
//   readout ingest --server=EXTRACTOR DIR|FILE...      extract and store many
//   readout catalog VERB ... --server=CATALOG          read and write the catalog
//   readout version                                    release and source commit
// Exit codes: 0 done, 1 a call or file failed, 2 a usage error.
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "CLI/CLI.hpp"
#include "absl/strings/str_join.h"
#include "cli/commands.h"
#include "common/version.h"

namespace {

constexpr int kUsageExit = 2;

// The subcommand `path` names (e.g. {"catalog", "list"}), or nullptr.
CLI::App* FindSubcommand(CLI::App* app, const std::vector<std::string>& path) {
  CLI::App* found = app;
  for (const std::string& name : path) {
    found = [&]() -> CLI::App* {
      try {
        return found->get_subcommand(name);
      } catch (const CLI::OptionNotFound&) {
        return nullptr;
      }
    }();
    if (found == nullptr) return nullptr;
  }
  return found;
}

// The deepest subcommand the command line reached (for usage hints).
std::vector<std::string> ParsedPath(CLI::App* app) {
  std::vector<std::string> path;
  for (CLI::App* at = app; !at->get_subcommands().empty();) {
    at = at->get_subcommands().front();
    path.push_back(at->get_name());
  }
  return path;
}

// Help that expands subcommands all the way down, so `readout --help`
// lists the flags of `catalog list` too (CLI11's own stops one level down).
class ExpandedFormatter : public CLI::Formatter {
 public:
  std::string make_expanded(const CLI::App* sub) const override {
    std::string text = sub->get_display_name(true) + "\n" + make_description(sub) +
                       make_positionals(sub) + make_groups(sub, CLI::AppFormatMode::Sub) +
                       make_subcommands(sub, CLI::AppFormatMode::All);
    // No blank lines inside one subcommand; its body indented under its name.
    text = CLI::detail::find_and_replace(text, "\n\n", "\n");
    while (!text.empty() && text.back() == '\n') text.pop_back();
    return CLI::detail::find_and_replace(text, "\n", "\n  ") + "\n";
  }
};

}  // namespace

int main(int argc, char** argv) {
  CLI::App app(
      "readout: extract records from news reports of official meetings, and store, search and "
      "read them through the readout services.",
      "readout");
  // --help shows every subcommand with its flags; `readout SUB --help` one.
  app.set_help_flag();
  app.set_help_all_flag("-h,--help", "print help (every subcommand and flag) and exit");
  app.set_version_flag("--version", readout::common::VersionLine("readout"),
                       "print the release and source commit and exit");
  app.require_subcommand(1);
  app.formatter(std::make_shared<ExpandedFormatter>());
  app.footer(
      "Run `readout help SUBCOMMAND...` (e.g. `readout help catalog list`) for one subcommand. "
      "Exit codes: 0 done, 1 a call or file failed, 2 a usage error. The API and filter syntax: "
      "docs/api.md.");

  int exit_code = 0;
  readout::cli::AddExtractCommand(&app, &exit_code);
  readout::cli::AddIngestCommand(&app, &exit_code);
  readout::cli::AddCatalogCommand(&app, &exit_code);

  std::vector<std::string> topic;
  CLI::App* help = app.add_subcommand("help", "Show the help of readout or of one subcommand");
  help->add_option("SUBCOMMAND", topic, "e.g. `catalog list`");
  help->callback([&app, &topic, &exit_code] {
    CLI::App* found = FindSubcommand(&app, topic);
    if (found == nullptr) {
      throw readout::cli::UsageError("no subcommand \"" + absl::StrJoin(topic, " ") +
                                     "\"; `readout help` lists them");
    }
    // The formatter, not help(): help() would show the `help` subcommand.
    std::string path = absl::StrJoin(topic, " ");
    std::cout << found->get_formatter()->make_help(
        found, path.empty() ? "readout" : "readout " + path, CLI::AppFormatMode::All);
    exit_code = 0;
  });
  app.add_subcommand("version", "Print the release and source commit")->callback([] {
    std::cout << readout::common::VersionLine("readout") << "\n";
  });

  // CLI11 reads "--name=" (an empty value) as "--name" and would take the
  // next argument as the value; scripts pass empty values (an unknown
  // --published-date), so the empty value is made an argument of its own.
  std::vector<std::string> args;
  for (int i = argc - 1; i >= 1; --i) {  // CLI11 takes the arguments reversed.
    std::string arg = argv[i];
    if (arg.size() > 3 && arg.rfind("--", 0) == 0 && arg.back() == '=' &&
        arg.find('=') == arg.size() - 1) {
      args.push_back("");
      args.push_back(arg.substr(0, arg.size() - 1));
    } else {
      args.push_back(arg);
    }
  }
  try {
    app.parse(args);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::vector<std::string> path = ParsedPath(&app);
    std::string where = path.empty() ? "readout" : "readout " + absl::StrJoin(path, " ");
    CLI::App* at = FindSubcommand(&app, path);
    std::vector<std::string> rest = at->remaining();
    std::string message = e.what();
    if (!rest.empty() && at->get_require_subcommand_min() > 0 && !rest[0].empty() &&
        rest[0][0] != '-') {
      message = "unknown subcommand \"" + rest[0] + "\"";
    }
    std::cerr << where << ": " << message << "\nRun `readout help"
              << (path.empty() ? "" : " " + absl::StrJoin(path, " ")) << "` for usage.\n";
    return kUsageExit;
  }
  return exit_code;
}
