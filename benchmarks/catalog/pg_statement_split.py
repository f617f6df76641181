#!/usr/bin/env python3
"""Where the PostgreSQL store's creates spend their server time.

Reads a PostgreSQL server log written with log_min_duration_statement = 0
and log_line_prefix = '%m [%p] %d ' (docs/benchmarks.md shows the run that
writes one) and prints, for one database, each kind of statement of a
create's transaction: how many ran, the median and 90th percentile of their
execution, and the mean time spent parsing and binding (planning) and
executing them. Statements that are no part of a create are counted apart.

Usage: pg_statement_split.py DATABASE < server.log
"""

import re
import sys

LINE = re.compile(r"\S+ \S+ \S+ \[\d+\] (\S+) LOG:  duration: ([\d.]+) ms  "
                  r"(parse|bind|execute|statement)[^:]*: (.*)")

# A create's statements, recognised by how their text begins.
KINDS = [
    ("BEGIN", "BEGIN"),
    ("read: existing documents, new row ids", "SELECT nextval('docs_rowid_seq')"),
    ("statement of rows", "WITH w0 AS (INSERT INTO docs"),
    ("numbering: counter, changes, NOTIFY", "WITH c AS (UPDATE revision_counter"),
    ("COMMIT", "COMMIT"),
]


def kind_of(text):
    for name, start in KINDS:
        if text.startswith(start):
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
    transactions = len(executed.get(KINDS[3][0], []))
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
