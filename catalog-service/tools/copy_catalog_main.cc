// readout-catalog-copy: copies a SQLite catalog (a --data-dir of
// readout-catalog) into an empty PostgreSQL database, every document with
// its revision, create time and etag, so that clients' etags, revisions and
// page tokens stay valid. Stop the catalog on the data dir first (or copy
// a backup of it). docs/deploy.md, "Moving a SQLite catalog to PostgreSQL".
//
//   readout-catalog-copy --from-data-dir=/var/lib/readout \
//       --to-database-url=postgresql://readout@db/readout
//
// Exit status 0 when the target holds the catalog (copied now or before),
// 1 on an error, with a message on stderr.
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <string>

#include "absl/flags/flag.h"
#include "absl/flags/usage.h"
#include "catalog-service/store/postgres/postgres_store.h"
#include "catalog-service/store/sqlite/sqlite_store.h"
#include "catalog-service/tools/copy_catalog.h"
#include "common/flags.h"

ABSL_FLAG(std::string, from_data_dir, "", "the SQLite catalog's data directory (catalog.db)");
ABSL_FLAG(std::string, to_database_url, "",
          "postgresql:// URI of an empty database [env READOUT_DATABASE_URL]");

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage(
      "copies a SQLite catalog into an empty PostgreSQL database, revisions kept\n"
      "  readout-catalog-copy --from-data-dir=DIR --to-database-url=postgresql://...");
  readout::common::ParseDashedCommandLine(argc, argv);
  readout::common::FlagResolver r;
  const std::string from = absl::GetFlag(FLAGS_from_data_dir);
  const std::string to = r.Get(FLAGS_to_database_url, "READOUT_DATABASE_URL");
  if (!r.status().ok()) {
    std::cerr << "readout-catalog-copy: " << r.status().message() << "\n";
    return 1;
  }
  if (from.empty() || to.empty()) {
    std::cerr << "readout-catalog-copy: --from-data-dir and --to-database-url are required\n";
    return 1;
  }
  if (!std::filesystem::exists(std::filesystem::path(from) / "catalog.db")) {
    std::cerr << "readout-catalog-copy: " << from << " holds no catalog.db\n";
    return 1;
  }
  readout::catalog::SqliteStoreOptions source_options;
  source_options.data_dir = from;
  auto source = readout::catalog::SqliteStore::Open(source_options);
  if (!source.ok()) {
    std::cerr << "readout-catalog-copy: cannot open " << from << ": " << source.status() << "\n";
    return 1;
  }
  readout::catalog::PostgresStoreOptions target_options;
  target_options.url = to;
  target_options.max_connections = 2;
  target_options.writer_threads = 1;
  auto target = readout::catalog::PostgresStore::Open(target_options);
  if (!target.ok()) {
    std::cerr << "readout-catalog-copy: cannot open the target database: " << target.status()
              << "\n";
    return 1;
  }
  auto report = readout::catalog::CopyCatalog(**source, **target, [](int64_t done) {
    if (done % 10000 == 0 && done > 0) std::cerr << "copied " << done << " documents\n";
  });
  if (!report.ok()) {
    std::cerr << "readout-catalog-copy: " << report.status() << "\n";
    return 1;
  }
  if (report->already_copied) {
    std::cout << "already copied: the target holds this catalog at revision " << report->revision
              << "; nothing changed\n";
  } else {
    std::cout << "copied " << report->documents << " documents; the catalog goes on from revision "
              << report->revision << "\n";
  }
  return 0;
}
