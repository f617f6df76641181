#!/usr/bin/python3
"""Runs every ```grpcurl block of docs/api.md against live servers, so the
document cannot go stale.

Both services are started as deployed (harness.py) and the fixture texts
ingested. Each block holds one `grpcurl -plaintext [-max-time N] -d JSON
ADDRESS METHOD` command ($EXTRACTOR / $CATALOG for the addresses), run
through `buf curl` with the equivalent arguments, and optional comment lines:
  # expect error: CODE [REASON]   the call must fail with that code/reason
  # expect: stream                a stream cut by -max-time; messages required
Without them the call must succeed.
"""
import argparse
import base64
import os
import re
import shlex
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
from harness import check, fail  # noqa: E402

BLOCK = re.compile(r"^```grpcurl\n(.*?)^```", re.S | re.M)
FIXTURES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "fixtures")


def parse(block):
    lines = [l for l in block.splitlines() if l.strip()]
    command = [l for l in lines if not l.startswith("#")]
    if len(command) != 1:
        fail("a grpcurl block must hold exactly one command: %r" % block)
    argv = shlex.split(command[0])
    if argv[0] != "grpcurl":
        fail("not a grpcurl command: %s" % command[0])
    spec = {"data": "{}", "max_time": None, "expect": None}
    rest = []
    i = 1
    while i < len(argv):
        if argv[i] == "-plaintext":
            pass
        elif argv[i] == "-d":
            i += 1
            spec["data"] = argv[i]
        elif argv[i] == "-max-time":
            i += 1
            spec["max_time"] = int(argv[i])
        elif argv[i].startswith("-"):
            fail("grpcurl option %s is not translated to buf curl" % argv[i])
        else:
            rest.append(argv[i])
        i += 1
    if len(rest) != 2:
        fail("expected ADDRESS METHOD in: %s" % command[0])
    spec["address"], spec["method"] = rest
    for line in lines:
        if line.startswith("# expect"):
            spec["expect"] = line.split(":", 1)[1].split()
            spec["expect_error"] = line.startswith("# expect error")
    return spec


def error_of(raw):
    """The code and the ErrorInfo reasons of buf curl's error JSON (details
    are printed as base64 of the ErrorInfo message)."""
    start = raw.rfind('{\n   "code"')
    if start < 0:
        return None, []
    values = harness.parse_json_stream(raw[start:]) or [{}]
    error = values[0]
    reasons = []
    for detail in error.get("details", []):
        if detail.get("type") == "google.rpc.ErrorInfo":
            data = base64.b64decode(detail["value"] + "=" * (-len(detail["value"]) % 4))
            # ErrorInfo field 1 (reason) is the first length-delimited field.
            if data and data[0] == 0x0A:
                reasons.append(data[2:2 + data[1]].decode())
    return error.get("code"), reasons


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--repo", required=True)
    parser.add_argument("--build", required=True)
    parser.add_argument("--buf", required=True)
    args = parser.parse_args()
    with open(os.path.join(args.repo, "docs", "api.md")) as f:
        blocks = BLOCK.findall(f.read())
    check(len(blocks) >= 10, "docs/api.md has %d grpcurl examples" % len(blocks))
    specs = [parse(b) for b in blocks]
    methods = {s["method"] for s in specs}
    for m in ("Extract", "StreamExtract"):
        check("readout.v1.ExtractorService/" + m in methods, "an example calls " + m)
    for m in ("CreateDocument", "BatchCreateDocuments", "GetDocument", "ListDocuments",
              "DeleteDocument", "SearchDocuments", "GetPerson", "ListPeople", "WatchDocuments"):
        check("readout.v1.CatalogService/" + m in methods, "an example calls " + m)

    tmp = harness.workdir()
    cat = harness.start_catalog(args.build, os.path.join(tmp, "catalog"))
    ext = harness.start_extractor(args.build, cat.address)
    try:
        run = harness.ingest(args.build, ext.address, [FIXTURES], catalog=cat.address,
                             extra=["--sources=" + os.path.join(FIXTURES, "SOURCES.tsv")])
        check(run.returncode == 0, "fixtures ingested")
        addresses = {"$EXTRACTOR": ext.address, "$CATALOG": cat.address}
        for spec in specs:
            if spec["address"] not in addresses:
                fail("unknown address %s (use $EXTRACTOR or $CATALOG)" % spec["address"])
            curl = harness.BufCurl(args.buf, addresses[spec["address"]])
            rc, out, raw = curl.call(spec["method"], spec["data"], max_time=spec["max_time"])
            what = "%s %s" % (spec["method"], spec["data"][:60])
            expect = spec["expect"]
            if expect and spec.get("expect_error"):
                code, reasons = error_of(raw)
                check(rc != 0 and code == expect[0].lower()
                      and all(r in reasons for r in expect[1:]),
                      "%s fails with %s (got %s %s)" % (what, " ".join(expect), code, reasons))
            elif expect == ["stream"]:
                check(out and len(out) >= 1, "%s streams messages" % what)
            else:
                check(rc == 0 and out, "%s succeeds: %s" % (what, raw.strip()[:160]))
    finally:
        ext.stop()
        cat.stop()
        harness.cleanup(tmp)
    return 0


if __name__ == "__main__":
    sys.exit(main())
