#!/usr/bin/env python3
"""End-to-end test of the readout-extractor binary.

Starts the server on 127.0.0.1 port 0, reads the bound address from its log
(event=server_started address=HOST:PORT), and then:
  --mode lifecycle  checks flag/env handling and that SIGTERM (and SIGINT)
                    drain the server and exit 0 within a bound;
  --mode buf_curl   calls it with `buf curl` through server reflection: list
                    methods, grpc.health.v1.Health/Check, ExtractorService/
                    Extract (a success and an INVALID_ARGUMENT), then SIGTERM.
Exits 77 (ctest: skipped) with a message when buf is needed and absent.
Every wait is bounded.
"""
import argparse
import json
import os
import signal
import subprocess
import sys
import tempfile
import time

# The server process helper (start, bound address from the log, stop) is
# shared with the end-to-end tests.
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "e2e"))
from harness import SKIP, Server, check, fail  # noqa: E402

EXIT_TIMEOUT = 15
CALL_TIMEOUT = 30

REPORT = (
    "Lakeside Town Assembly Meets on School Repairs\n\n"
    "LAKESIDE, June 2 -- The Lakeside Town Assembly held its spring session "
    "on Monday. Nadia Petrov, speaker of the Town Assembly, presided over the "
    "session. Arjun Rao, head of the town education office, attended.\n"
)


def lifecycle(args):
    # Flag wins over env; env used when no flag; the server answers SIGTERM.
    env = dict(os.environ, READOUT_LISTEN="127.0.0.1:0",
               READOUT_SHUTDOWN_GRACE_SECONDS="3")
    server = Server(args.server, [], env=env)
    address = server.address
    check(address.startswith("127.0.0.1:") and not address.endswith(":0"),
          "READOUT_LISTEN honoured, bound %s" % address)
    check(server.wait_for(r"event=server_starting .*shutdown_grace=3s", 1),
          "READOUT_SHUTDOWN_GRACE_SECONDS honoured")
    start = time.monotonic()
    code = server.stop(signal.SIGTERM)
    check(code == 0, "SIGTERM exit code 0 (got %s)" % code)
    check(time.monotonic() - start < EXIT_TIMEOUT, "exited within bound")
    log = server.log()
    for event in ("signal_received signal=SIGTERM", "shutdown_started",
                  "status=NOT_SERVING", "shutdown_complete"):
        check(event in log, "log has " + event)

    env = dict(os.environ, READOUT_LISTEN="127.0.0.1:1")
    server = Server(args.server, ["--listen=127.0.0.1:0", "--max-document-bytes=1000"],
                    env=env)
    address = server.address
    check(not address.endswith(":1"), "--listen flag wins over READOUT_LISTEN")
    code = server.stop(signal.SIGINT)
    check(code == 0, "SIGINT exit code 0 (got %s)" % code)

    bad = subprocess.run([args.server, "--max-message-bytes=lots"],
                         capture_output=True, text=True, timeout=CALL_TIMEOUT)
    check(bad.returncode != 0, "bad flag value refused (exit %d)" % bad.returncode)
    bad = subprocess.run([args.server, "--listen=127.0.0.1:0"],
                         capture_output=True, text=True, timeout=CALL_TIMEOUT,
                         env=dict(os.environ, READOUT_THREADS="two"))
    check(bad.returncode == 2 and "READOUT_THREADS" in bad.stderr,
          "bad environment value refused, naming the variable")

    # --help lists the server's own and the shared flags, with their variables.
    helped = subprocess.run([args.server, "--help"], capture_output=True, text=True,
                            timeout=CALL_TIMEOUT)
    text = helped.stdout + helped.stderr
    for flag in ("--max_document_bytes", "--listen", "READOUT_LISTEN"):
        check(flag in text, "--help lists " + flag)


def buf_curl(args):
    if not os.access(args.buf, os.X_OK):
        print("SKIP: buf not found at %s (run: npm ci --prefix tools)" % args.buf)
        sys.exit(SKIP)
    server = Server(args.server, ["--listen=127.0.0.1:0", "--max-document-bytes=100000"])
    try:
        base = "http://" + server.address
        curl = [args.buf, "curl", "--protocol", "grpc", "--http2-prior-knowledge"]

        def run(extra):
            proc = subprocess.run(curl + extra, capture_output=True, text=True,
                                  timeout=CALL_TIMEOUT)
            return proc

        listed = run(["--list-methods", base])
        check(listed.returncode == 0, "buf curl --list-methods succeeds: %s" % listed.stderr.strip())
        for method in ("grpc.health.v1.Health/Check", "grpc.health.v1.Health/Watch",
                       "readout.v1.ExtractorService/Extract",
                       "readout.v1.ExtractorService/StreamExtract"):
            check(method in listed.stdout.split(), "reflection lists " + method)

        health = run(["-d", "{}", base + "/grpc.health.v1.Health/Check"])
        check(health.returncode == 0 and json.loads(health.stdout).get("status") == "SERVING",
              "Health/Check says SERVING: %s" % (health.stdout + health.stderr).strip())
        health = run(["-d", '{"service":"readout.v1.ExtractorService"}',
                      base + "/grpc.health.v1.Health/Check"])
        check(health.returncode == 0 and json.loads(health.stdout).get("status") == "SERVING",
              "Health/Check of readout.v1.ExtractorService says SERVING")

        request = {"document": {"text": REPORT, "sourceUri": "test://lakeside",
                                "publishedDate": {"year": 2025, "month": 6, "day": 3}}}
        extract = run(["-d", json.dumps(request),
                       base + "/readout.v1.ExtractorService/Extract"])
        check(extract.returncode == 0, "Extract succeeds: %s" % extract.stderr.strip())
        doc = json.loads(extract.stdout)["extraction"]["document"]
        check(len(doc.get("contentHash", "")) == 64, "Extract returns a content hash")
        check(doc.get("sourceUri") == "test://lakeside", "Extract echoes sourceUri")
        check("Nadia Petrov" in doc.get("text", ""), "Extract returns the text")

        bad = run(["-d", '{"document":{"text":""}}',
                   base + "/readout.v1.ExtractorService/Extract"])
        out = bad.stdout + bad.stderr
        check(bad.returncode != 0 and "invalid_argument" in out,
              "empty document is invalid_argument")
        check("google.rpc.ErrorInfo" in out, "error carries google.rpc.ErrorInfo details")

        with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
            json.dump({"document": {"text": "x" * 150000}}, f)
        try:
            big = run(["-d", "@" + f.name, base + "/readout.v1.ExtractorService/Extract"])
        finally:
            os.unlink(f.name)
        check(big.returncode != 0 and "resource_exhausted" in big.stdout + big.stderr,
              "document over --max-document-bytes is resource_exhausted")

        code = server.stop(signal.SIGTERM)
        check(code == 0, "SIGTERM exit code 0 (got %s)" % code)
        check("event=rpc method=/readout.v1.ExtractorService/Extract code=OK" in server.log(),
              "per-RPC log line for Extract")
    finally:
        server.kill()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--server", required=True)
    ap.add_argument("--buf", required=True)
    ap.add_argument("--mode", choices=["lifecycle", "buf_curl"], required=True)
    args = ap.parse_args()
    if args.mode == "lifecycle":
        lifecycle(args)
    else:
        buf_curl(args)
    print("PASS")


if __name__ == "__main__":
    main()
