#!/usr/bin/python3
"""Hostile documents through the running readout-extractor: each is refused
with RESOURCE_EXHAUSTED (ErrorInfo EXTRACTION_LIMIT_EXCEEDED naming the cap)
or extracted within the caps, and the process's peak RSS (VmHWM, a fresh
server per document) stays under 256 MiB and under the written-down bound
per request: growth <= 72 x the document's bytes, and never more than
8 x --max-document-bytes + 64 x --max-tokens bytes (docs/security.md). The
server still answers afterwards. Prints one line of figures per document
(docs/benchmarks.md quotes them).

Documents are generated here: 1 MiB and 8 MiB of "Mr. Li Wei said, " (the
61,680-statements-per-MiB case of the security report), 1 MiB of one
statement per sentence, 8 MiB of one-letter words, 2.7 MB of
distinct names, one sentence where 1,900 speakers all report the same long
tail (overlapping statements), and 1 MiB of ordinary sentences that is
extracted in full.
"""
import argparse
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "e2e"))
import harness  # noqa: E402
from harness import check, fail  # noqa: E402

MIB = 1024 * 1024
MAX_DOCUMENT = 8 * MIB
MAX_TOKENS = 1000 * 1000
PEAK_LIMIT = 256 * MIB


def said(size):
    body = "Title\n\n" + "Mr. Li Wei said, " * (size // 17 + 1)
    return body[:size]


def names(size):
    parts, i, total = ["Title\n\n"], 0, 7
    while total < size:
        a, b = chr(65 + i % 26), chr(97 + (i // 26) % 26)
        c, d = chr(97 + (i // 676) % 26), chr(97 + (i // 17576) % 26)
        part = "Mr. %s%s%s%s Wei met Ms. %s%s Li. " % (a, b, c, d, a, b)
        parts.append(part)
        total += len(part)
        i += 1
    return "".join(parts)[:size]


def documents():
    return [
        ("said-1MiB", said(MIB), "any"),
        ("statements-1MiB", ("Title\n\n" + "Mr. Li Wei said the plan works. " * (MIB // 32))[:MIB],
         "max_statements"),
        ("said-8MiB", said(MAX_DOCUMENT), "max_tokens"),
        ("words-8MiB", ("Title\n\n" + "a " * (MAX_DOCUMENT // 2))[:MAX_DOCUMENT], "max_tokens"),
        ("names-2.7MB", names(2700000), "max_people"),
        ("overlap", "Title\n\n" + "Mr. Li Wei said, " * 1900 + "word " * 180000 + ".\n",
         "any"),
        ("prose-1MiB", ("Title\n\n" + "The meeting discussed the economy of the region. "
                        * (MIB // 49))[:MIB], None),
    ]


def error_limit(stubs, rpc_error):
    """The "limit" metadata of the call's ErrorInfo, or None."""
    for key, value in (rpc_error.trailing_metadata() or ()):
        if key == "grpc-status-details-bin":
            status = stubs.status_pb2.Status.FromString(value)
            for detail in status.details:
                info = stubs.error_details_pb2.ErrorInfo()
                if detail.Unpack(info):
                    return info.metadata.get("limit")
    return None


def status_kib(pid, field):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    fail("no %s in /proc/%d/status" % (field, pid))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--repo", required=True)
    parser.add_argument("--server", required=True)
    args = parser.parse_args()
    work = harness.workdir()
    try:
        stubs = harness.python_client(args.repo, os.path.join(work, "py"))
        grpc = stubs.grpc
        for name, text, cap in documents():
            size = len(text.encode())
            server = harness.Server(args.server, ["--listen=127.0.0.1:0", "--threads=2"],
                                    name="readout-extractor")
            try:
                channel = grpc.insecure_channel(server.address, options=[
                    ("grpc.max_send_message_length", 64 * MIB),
                    ("grpc.max_receive_message_length", 64 * MIB)])
                stub = stubs.extractor_grpc.ExtractorServiceStub(channel)
                req = stubs.extractor_pb2.ExtractRequest()
                req.document.text = "Warm-up\n\nMr. Li Wei said the plan works.\n"
                stub.Extract(req, timeout=30)
                base = status_kib(server.proc.pid, "VmRSS") * 1024
                req.document.text = text
                outcome, limit = "OK", None
                try:
                    stub.Extract(req, timeout=120)
                except grpc.RpcError as e:
                    outcome = "%s %s" % (e.code().name, harness.error_reason(stubs, e))
                    limit = error_limit(stubs, e)
                peak = status_kib(server.proc.pid, "VmHWM") * 1024
                bound = min(72 * size, 8 * MAX_DOCUMENT + 64 * MAX_TOKENS)
                print("figures: %-12s %9d bytes  %-45s baseline %6.1f MiB  peak %6.1f MiB  "
                      "growth %6.1f MiB  bound %6.1f MiB"
                      % (name, size, outcome, base / MIB, peak / MIB, (peak - base) / MIB,
                         bound / MIB), flush=True)
                refused = outcome == "RESOURCE_EXHAUSTED EXTRACTION_LIMIT_EXCEEDED"
                if cap is None:
                    check(outcome == "OK", "%s is extracted within the caps" % name)
                elif cap == "any":
                    check(outcome == "OK" or refused,
                          "%s is extracted within the caps or refused by one (%s %s)"
                          % (name, outcome, limit))
                else:
                    check(refused and limit == cap,
                          "%s is refused with RESOURCE_EXHAUSTED / EXTRACTION_LIMIT_EXCEEDED, "
                          "limit %s" % (name, limit))
                check(peak < PEAK_LIMIT, "%s: peak RSS %.1f MiB < 256 MiB" % (name, peak / MIB))
                check(peak - base <= bound, "%s: growth %.1f MiB <= bound %.1f MiB"
                      % (name, (peak - base) / MIB, bound / MIB))
                req.document.text = "After\n\nMs. Wang Fang said the work goes on.\n"
                check(len(stub.Extract(req, timeout=30).extraction.statements) == 1,
                      "%s: the server still extracts afterwards" % name)
                check(server.stop() == 0, "%s: the server exits 0" % name)
            finally:
                server.kill()
        print("amplification: all checks passed")
    finally:
        harness.cleanup(work)


if __name__ == "__main__":
    main()
