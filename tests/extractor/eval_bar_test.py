#!/usr/bin/env python3
"""The quality bar: runs shared/eval/evaluate.py with `readout extract` over each
corpus named by --corpus NAME MACRO_BAR FIELD_BAR (a folder under
shared/corpus) and fails when that corpus's macro_f1 < MACRO_BAR or any of its
fields' F1 < FIELD_BAR. Prints one result line per corpus, so a regression on
one corpus is not hidden by the other. Exits 77 (ctest: skipped) with a message
when the shared folder or a named corpus is absent."""
import argparse
import os
import re
import shlex
import subprocess
import sys


def parse_scores(stdout):
    """Returns (macro_f1 or None, {field: f1}) from evaluate.py's output."""
    macro = re.search(r"^score: macro_f1=([0-9.]+)", stdout, re.M)
    fields = {}
    in_table = False
    for line in stdout.splitlines():
        parts = line.split()
        if parts[:4] == ["field", "precision", "recall", "f1"]:
            in_table = True
            continue
        if in_table and len(parts) == 4 and re.match(r"^[0-9.]+$", parts[3]):
            fields[parts[0]] = float(parts[3])
        elif in_table:
            in_table = False
    return (float(macro.group(1)) if macro else None), fields


def score_corpus(evaluate, corpus_dir, readout):
    """Runs evaluate.py over one corpus; returns (stdout, error or None)."""
    cmd = "%s extract --published-date={date} {file}" % shlex.quote(readout)
    proc = subprocess.run([sys.executable, evaluate, corpus_dir, "--cmd", cmd],
                          capture_output=True, text=True, timeout=800)
    if proc.returncode != 0:
        return proc.stdout, "evaluate.py exited %d: %s" % (proc.returncode,
                                                           proc.stderr.strip()[:500])
    return proc.stdout, None


def check(name, stdout, macro_bar, field_bar):
    """The corpus's result line and whether it passed."""
    macro, fields = parse_scores(stdout)
    failures = []
    if macro is None:
        failures.append("no 'score: macro_f1=' line in evaluate.py's output")
    elif macro < macro_bar:
        failures.append("macro_f1=%.3f < %.2f" % (macro, macro_bar))
    if not fields:
        failures.append("no per-field rows found in the score table")
    for field, f1 in sorted(fields.items()):
        if f1 < field_bar:
            failures.append("%s f1=%.3f < %.2f" % (field, f1, field_bar))
    summary = " ".join("%s=%.3f" % kv for kv in sorted(fields.items()))
    head = "corpus %s: macro_f1=%s %s (bars: macro >= %.2f, field >= %.2f)" % (
        name, "%.3f" % macro if macro is not None else "?", summary, macro_bar, field_bar)
    if failures:
        return "FAIL " + head + ": " + "; ".join(failures), False
    return "PASS " + head, True


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--shared", required=True)
    ap.add_argument("--readout", required=True)
    ap.add_argument("--corpus", nargs=3, action="append", required=True,
                    metavar=("NAME", "MACRO_BAR", "FIELD_BAR"),
                    help="a folder under shared/corpus and its two bars")
    args = ap.parse_args()
    evaluate = os.path.join(args.shared, "eval", "evaluate.py")
    corpora = [(name, os.path.join(args.shared, "corpus", name), float(m), float(f))
               for name, m, f in args.corpus]
    missing = [d for _, d, _, _ in corpora if not os.path.isdir(d)]
    if not os.path.isfile(evaluate) or missing:
        print("SKIP: no eval/evaluate.py or corpus folder %s under READOUT_SHARED_DIR=%s"
              % (", ".join(missing) or "-", args.shared))
        return 77
    lines = []
    ok = True
    for name, corpus_dir, macro_bar, field_bar in corpora:
        stdout, error = score_corpus(evaluate, corpus_dir, args.readout)
        print("== corpus %s ==\n%s" % (name, stdout))
        if error:
            lines.append("FAIL corpus %s: %s" % (name, error))
            ok = False
            continue
        line, passed = check(name, stdout, macro_bar, field_bar)
        lines.append(line)
        ok = ok and passed
    # One line per corpus, last, so the verdict is easy to find.
    print("\n".join(lines))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
