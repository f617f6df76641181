#!/usr/bin/env python3
"""The quality bar: runs shared/eval/evaluate.py over shared/corpus/dev with
`readout extract` and fails when macro_f1 < 0.90 or any field's F1 < 0.80.
Exits 77 (ctest: skipped) with a message when the shared folder is absent."""
import argparse
import os
import re
import shlex
import subprocess
import sys

MACRO_BAR = 0.90
FIELD_BAR = 0.80


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--shared", required=True)
    ap.add_argument("--readout", required=True)
    args = ap.parse_args()
    evaluate = os.path.join(args.shared, "eval", "evaluate.py")
    corpus = os.path.join(args.shared, "corpus", "dev")
    if not (os.path.isfile(evaluate) and os.path.isdir(corpus)):
        print("SKIP: no eval/evaluate.py and corpus/dev under READOUT_SHARED_DIR=%s"
              % args.shared)
        return 77
    cmd = "%s extract --published-date={date} {file}" % shlex.quote(args.readout)
    proc = subprocess.run([sys.executable, evaluate, corpus, "--cmd", cmd],
                          capture_output=True, text=True, timeout=800)
    print(proc.stdout)
    if proc.returncode != 0:
        print("FAIL: evaluate.py exited %d:\n%s" % (proc.returncode, proc.stderr))
        return 1
    macro = re.search(r"^score: macro_f1=([0-9.]+)", proc.stdout, re.M)
    if not macro:
        print("FAIL: no 'score: macro_f1=' line in evaluate.py's output")
        return 1
    failures = []
    fields = 0
    in_table = False
    for line in proc.stdout.splitlines():
        parts = line.split()
        if parts[:4] == ["field", "precision", "recall", "f1"]:
            in_table = True
            continue
        if in_table and len(parts) == 4 and re.match(r"^[0-9.]+$", parts[3]):
            fields += 1
            if float(parts[3]) < FIELD_BAR:
                failures.append("%s f1=%s < %.2f" % (parts[0], parts[3], FIELD_BAR))
        elif in_table:
            in_table = False
    if fields == 0:
        failures.append("no per-field rows found in the score table")
    if float(macro.group(1)) < MACRO_BAR:
        failures.append("macro_f1=%s < %.2f" % (macro.group(1), MACRO_BAR))
    if failures:
        print("FAIL: " + "; ".join(failures))
        return 1
    print("PASS: macro_f1=%s, every field >= %.2f" % (macro.group(1), FIELD_BAR))
    return 0


if __name__ == "__main__":
    sys.exit(main())
