#!/usr/bin/env python3
"""End-to-end test of `readout catalog ...` against the readout-catalog binary.

Starts readout-catalog on 127.0.0.1 port 0 in a temporary data directory,
reads the bound address from its log, extracts a synthetic report with
`readout extract` (in-process), then drives every catalog subcommand:
create (twice: same resource), get, list (--filter, --order-by, --page-size,
--all), search, people, person, watch (--start-revision, bounded), delete
(--etag mismatch, then OK) and the error paths (exit 1 with code and reason
on stderr, exit 2 for usage). SIGTERM ends the server. Every wait is bounded.

Then the conventions of the command line itself: `--help`, `-h` and
`readout help SUBCOMMAND` list every subcommand and flag; `--version` names
the source commit; --output=table|jsonl|yaml|json for lists, single results
and several extracted files; kebab-case flags in errors.
"""
import argparse
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import time

import yaml

CALL_TIMEOUT = 30

REPORT = (
    "Harbor Council Meets on Ferry Schedules\n\n"
    "PORTVALE, May 3 -- The Harbor Council held its quarterly meeting on "
    "Tuesday. Imre Kovacs, chair of the Harbor Council, presided over the "
    "meeting. Lena Oduya, director of the port authority, attended.\n"
)


def run(cli, server, *args, expect=0):
    proc = subprocess.run([cli, "catalog", *args, "--server=" + server],
                          capture_output=True, text=True, timeout=CALL_TIMEOUT)
    if proc.returncode != expect:
        sys.exit(f"readout catalog {' '.join(args)}: exit {proc.returncode}, "
                 f"expected {expect}\nstdout: {proc.stdout}\nstderr: {proc.stderr}")
    return proc


def cli(binary, *args, expect=0, stdin=""):
    proc = subprocess.run([binary, *args], input=stdin, capture_output=True, text=True,
                          timeout=CALL_TIMEOUT)
    if proc.returncode != expect:
        sys.exit(f"readout {' '.join(args)}: exit {proc.returncode}, expected {expect}\n"
                 f"stdout: {proc.stdout}\nstderr: {proc.stderr}")
    return proc


def check_help(binary):
    """Every subcommand and every flag is in `readout --help`; one
    subcommand's help names its own flags; usage errors say where to look."""
    full = cli(binary, "--help").stdout
    assert cli(binary, "-h").stdout == full
    assert cli(binary, "help").stdout == full
    for sub in ["extract", "ingest", "catalog", "create", "get", "list", "search", "people",
                "person", "delete", "watch", "verify", "help", "version"]:
        assert re.search(r"^\s*" + sub + r"$", full, re.M), f"--help lists {sub}:\n{full}"
    for flag in ["--server", "--timeout", "--published-date", "--format", "--output",
                 "--catalog", "--sources", "--parallel", "--recursive", "--progress",
                 "--filter", "--order-by", "--page-size", "--page-token", "--all", "--etag",
                 "--start-revision", "--skip-index", "--max-problems", "--version"]:
        assert flag in full, f"--help lists {flag}"
    one = cli(binary, "help", "catalog", "list").stdout
    assert "Usage: readout catalog list" in one and "--order-by" in one and "--etag" not in one, one
    assert cli(binary, "catalog", "list", "-h").stdout == one
    bad = cli(binary, "catalog", "list", "--page_size=3", "--server=x", expect=2)
    assert "--page_size" in bad.stderr and "readout help catalog list" in bad.stderr, bad.stderr
    bad = cli(binary, "extract", "--published-date=2020-13-01", "x", expect=2)
    assert "YYYY-MM-DD" in bad.stderr, bad.stderr
    # An empty date is an unknown one (scripts fill it from a column that may be empty).
    cli(binary, "extract", "--published-date=", "-", stdin=REPORT)
    bad = cli(binary, "frobnicate", expect=2)
    assert 'unknown subcommand "frobnicate"' in bad.stderr, bad.stderr
    version = cli(binary, "--version").stdout
    assert re.match(r"readout \d+\.\d+\.\d+ \(commit [0-9a-f]{7,}", version), version
    assert cli(binary, "version").stdout == version


def check_output_formats(binary, address, tmp, report):
    """Tables, jsonl, yaml and json arrays from real calls."""
    other = os.path.join(tmp, "other.txt")
    with open(other, "w") as f:
        f.write(REPORT.replace("Harbor Council", "Ferry Board").replace("Tuesday", "Friday"))
    extracted = os.path.join(tmp, "several.json")
    several = cli(binary, "extract", "--published-date=2024-05-04", report, other).stdout
    docs = json.loads(several)  # One JSON value: an array of two extractions.
    assert [d["document"]["title"] for d in docs] == ["Harbor Council Meets on Ferry Schedules",
                                                       "Ferry Board Meets on Ferry Schedules"]
    lines = cli(binary, "extract", "--output=jsonl", report, other).stdout.splitlines()
    assert len(lines) == 2 and all(json.loads(line)["document"] for line in lines), lines
    for doc in docs:
        with open(extracted, "w") as f:
            json.dump(doc, f)
        run(binary, address, "create", extracted)

    table = run(binary, address, "list", "--output=table").stdout.splitlines()
    assert re.match(r"NAME\s+TITLE\s+TYPE\s+EVENT DATE\s+PUBLISHED\s+REVISION$", table[0]), table
    assert len(table) == 3 and all(row.startswith("documents/") for row in table[1:]), table
    assert any("Ferry Board" in row and "2024-05-04" in row for row in table), table
    jsonl = run(binary, address, "list", "--output=jsonl", "--page-size=1", "--all").stdout
    names = [json.loads(line)["name"] for line in jsonl.splitlines()]
    assert len(names) == 2 and len(set(names)) == 2, jsonl
    got = yaml.safe_load(run(binary, address, "get", names[0], "--output=yaml").stdout)
    assert got["document"]["name"] == names[0] and isinstance(got["document"]["etag"], str), got
    people = run(binary, address, "people", "-o", "table").stdout
    assert people.splitlines()[0].split() == ["NAME", "DISPLAY", "NAME", "DOCUMENTS", "TITLES"]
    assert "people/imre-kovacs" in people, people
    page = run(binary, address, "list", "--output=table", "--page-size=1")
    assert len(page.stdout.splitlines()) == 2 and "--page-token=" in page.stderr, page
    bad = run(binary, address, "list", "--output=xml", expect=2)
    assert "--output" in bad.stderr, bad.stderr


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--server", required=True, help="readout-catalog binary")
    parser.add_argument("--cli", required=True, help="readout binary")
    args = parser.parse_args()
    check_help(args.cli)

    with tempfile.TemporaryDirectory() as tmp:
        log_path = os.path.join(tmp, "server.log")
        with open(log_path, "w") as log:
            proc = subprocess.Popen(
                [args.server, "--listen=127.0.0.1:0", "--data-dir=" + os.path.join(tmp, "data")],
                stdout=subprocess.DEVNULL, stderr=log)
        try:
            address = None
            deadline = time.monotonic() + 15
            while address is None and time.monotonic() < deadline:
                with open(log_path) as f:
                    m = re.search(r"event=server_started address=(\S+)", f.read())
                if m:
                    address = m.group(1)
                else:
                    time.sleep(0.1)
            if address is None:
                sys.exit("readout-catalog did not start")

            report = os.path.join(tmp, "report.txt")
            with open(report, "w") as f:
                f.write(REPORT)
            extraction = os.path.join(tmp, "report.json")
            with open(extraction, "w") as out:
                subprocess.run([args.cli, "extract", "--published-date=2024-05-04", report],
                               stdout=out, check=True, timeout=CALL_TIMEOUT)

            created = json.loads(run(args.cli, address, "create", extraction).stdout)
            name = created["document"]["name"]
            assert created.get("created") is True, created
            again = json.loads(run(args.cli, address, "create", extraction).stdout)
            assert again["document"]["name"] == name and not again.get("created"), again

            got = json.loads(run(args.cli, address, "get", name).stdout)
            assert got["document"]["extraction"]["document"]["title"].startswith("Harbor"), got
            etag = got["document"]["etag"]
            # A bare content hash works too.
            run(args.cli, address, "get", name.split("/", 1)[1])

            listed = json.loads(run(args.cli, address, "list", "--filter=person:kovacs",
                                    "--order-by=published_date desc", "--page-size=1",
                                    "--all").stdout)
            assert [d["name"] for d in listed["documents"]] == [name], listed
            empty = json.loads(run(args.cli, address, "list",
                                   "--filter=published_date < 2000").stdout)
            assert not empty.get("documents"), empty

            found = json.loads(run(args.cli, address, "search", "ferry").stdout)
            assert found["results"][0]["document"]["name"] == name, found
            assert "[" in found["results"][0]["snippet"], found

            people = json.loads(run(args.cli, address, "people", "--filter=name = \"Imre*\"").stdout)
            assert [p["name"] for p in people["people"]] == ["people/imre-kovacs"], people
            # The timeline of whoever the extractor made a participant.
            with open(extraction) as f:
                participant = json.load(f)["events"][0]["participants"][0]["personName"]
            person = json.loads(run(args.cli, address, "person", participant).stdout)
            assert person["person"]["timeline"][0]["document"] == name, person

            # watch streams until stopped: run it with a bounded lifetime.
            w = subprocess.Popen([args.cli, "catalog", "watch", "--start-revision=1",
                                  "--server=" + address],
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            time.sleep(1.0)
            w.send_signal(signal.SIGINT)
            out, _ = w.communicate(timeout=CALL_TIMEOUT)
            first = json.loads(out.splitlines()[0])
            assert first["revision"] == "1" and first["name"] == name, out

            # verify walks every record and the index: a clean catalog, exit 0,
            # the summary last.
            verified = run(args.cli, address, "verify", "--output=json")
            summary = json.loads(verified.stdout.splitlines()[-1])
            assert int(summary["documentsChecked"]) >= 1, verified.stdout
            assert int(summary.get("problemsFound", 0)) == 0, verified.stdout
            assert summary.get("indexChecked") is True, verified.stdout

            bad = run(args.cli, address, "list", "--filter=colour = red", expect=1)
            assert "INVALID_FILTER" in bad.stderr and "colour" in bad.stderr, bad.stderr
            bad = run(args.cli, address, "delete", name, "--etag=\"stale\"", expect=1)
            assert "ABORTED" in bad.stderr and "ETAG_MISMATCH" in bad.stderr, bad.stderr
            run(args.cli, address, "delete", name, "--etag=" + etag)
            gone = run(args.cli, address, "get", name, expect=1)
            assert "NOT_FOUND" in gone.stderr, gone.stderr
            run(args.cli, address, "frobnicate", expect=2)
            check_output_formats(args.cli, address, tmp, report)
        finally:
            proc.send_signal(signal.SIGTERM)
            try:
                code = proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
                sys.exit("readout-catalog did not exit within 15 s of SIGTERM")
        if code != 0:
            sys.exit(f"readout-catalog exited {code} after SIGTERM")
    print("ok")


if __name__ == "__main__":
    main()
