#!/usr/bin/env python3
"""End-to-end test of `readout catalog ...` against the readout-catalog binary.

Starts readout-catalog on 127.0.0.1 port 0 in a temporary data directory,
reads the bound address from its log, extracts a synthetic report with
`readout extract` (in-process), then drives every catalog subcommand:
create (twice: same resource), get, list (--filter, --order-by, --page-size,
--all), search, people, person, watch (--start-revision, bounded), delete
(--etag mismatch, then OK) and the error paths (exit 1 with code and reason
on stderr, exit 2 for usage). SIGTERM ends the server. Every wait is bounded.
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


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--server", required=True, help="readout-catalog binary")
    parser.add_argument("--cli", required=True, help="readout binary")
    args = parser.parse_args()

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

            bad = run(args.cli, address, "list", "--filter=colour = red", expect=1)
            assert "INVALID_FILTER" in bad.stderr and "colour" in bad.stderr, bad.stderr
            bad = run(args.cli, address, "delete", name, "--etag=\"stale\"", expect=1)
            assert "ABORTED" in bad.stderr and "ETAG_MISMATCH" in bad.stderr, bad.stderr
            run(args.cli, address, "delete", name, "--etag=" + etag)
            gone = run(args.cli, address, "get", name, expect=1)
            assert "NOT_FOUND" in gone.stderr, gone.stderr
            run(args.cli, address, "frobnicate", expect=2)
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
