#!/usr/bin/env python3
"""Where the PostgreSQL store's creates spend their server time.

Reads a PostgreSQL server log written with log_min_duration_statement = 0
and log_line_prefix = '%m [%p] %d ' (docs/benchmarks.md shows the run that
writes one) and prints, for one database, each kind of statement of a
create's transaction: how many ran, the median and 90th percentile of their
execution, and the mean time spent parsing and binding (planning) and
executing them. Statements that are no part of a create are counted apart.

The kinds (KINDS) are the statements of PostgresStore::ApplyCreates in
catalog-service/store/postgres/postgres_store.cc, each recognised by how its
text begins and named there by its prepared statement: readout_lock_counter,
readout_read_documents, readout_read_requests, readout_insert_rows (matched
both as `WITH d AS (INSERT INTO docs`, its text since ADR 0043, and as
`WITH w0 AS (INSERT INTO docs`, the store's multi-row statement before it),
readout_number_created and readout_insert_requests, with BEGIN, the SET LOCAL
of plan_cache_mode and COMMIT.

Usage: pg_statement_split.py DATABASE < server.log
"""

import re
import sys

LINE = re.compile(r"\S+ \S+ \S+ \[\d+\] (\S+) LOG:  duration: ([\d.]+) ms  "
                  r"(parse|bind|execute|statement)[^:]*: (.*)")

# A create's statements, recognised by how their text begins. Each entry
# names the statement of catalog-service/store/postgres/postgres_store.cc
# (PostgresStore::ApplyCreates) it belongs to; a kind may have more than one
# beginning when the statement's text changed between versions of the store.
KINDS = [
    ("BEGIN", ("BEGIN",)),
    # SET LOCAL plan_cache_mode, sent with BEGIN and the reads.
    ("plan cache mode", ("SET LOCAL plan_cache_mode",)),
    # readout_lock_counter (kLockCounter): the counter's lock taken first,
    # only under an isolation stricter than READ COMMITTED.
    ("lock of the counter", ("SELECT 1 FROM revision_counter FOR UPDATE",)),
    # readout_read_documents (ReadDocumentsSql).
    ("read: existing documents, new row ids", ("SELECT nextval('docs_rowid_seq')",)),
    # readout_read_requests (kReadRequests): creates with a request id.
    ("read: request ids", ("SELECT id, response FROM requests WHERE id = ANY",)),
    # readout_insert_rows (kInsertRows, ADR 0043: `WITH d AS`), and the
    # multi-row statement of the store before it (`WITH w0 AS`).
    ("statement of rows", ("WITH d AS (INSERT INTO docs", "WITH w0 AS (INSERT INTO docs")),
    # readout_number_created (PostgresStore::NumberedChanges(1)).
    ("numbering: counter, changes, NOTIFY", ("WITH c AS (UPDATE revision_counter",)),
    # readout_insert_requests (kInsertRequests): the responses of request ids.
    ("request ids' responses", ("INSERT INTO requests(id, response, create_us)",)),
    ("COMMIT", ("COMMIT",)),
]
NUMBERING = "numbering: counter, changes, NOTIFY"


def kind_of(text):
    for name, starts in KINDS:
        if text.startswith(starts):
            return name
    return "other"


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__.strip().splitlines()[-1])
    database = sys.argv[1]
    planned, executed = {}, {}
    for line in sys.stdin:
        match = LINE.match(line)
        if not match or match[1] != database:
            continue
        duration, phase, kind = float(match[2]), match[3], kind_of(match[4])
        into = planned if phase in ("parse", "bind") else executed
        into.setdefault(kind, []).append(duration)
    transactions = len(executed.get(NUMBERING, []))
    if not transactions:
        sys.exit("no numbering statement of database %s in the log" % database)
    print("| statement | count | execute p50 | execute p90 | parse+bind, mean | execute, mean |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    for name in [k for k, _ in KINDS] + ["other"]:
        times = sorted(executed.get(name, []))
        if not times:
            continue
        count = len(times)
        print("| %s | %d | %.2f ms | %.2f ms | %.2f ms | %.2f ms |" %
              (name, count, times[count // 2], times[int(count * 0.9)],
               sum(planned.get(name, [])) / count, sum(times) / count))
    create_kinds = [k for k, _ in KINDS]
    plan = sum(sum(planned.get(k, [])) for k in create_kinds) / transactions
    run = sum(sum(executed.get(k, [])) for k in create_kinds) / transactions
    print("\nper transaction (%d): parse+bind %.2f ms, execute %.2f ms" %
          (transactions, plan, run))


if __name__ == "__main__":
    main()
