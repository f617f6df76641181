#!/usr/bin/env python3
"""Runs `buf lint` in protos/ (rules in protos/buf.yaml); fails on any finding.
Exits 77 (ctest: skipped) with a message when buf is absent."""
import argparse
import os
import subprocess
import sys


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--buf", required=True)
    ap.add_argument("--protos", required=True)
    args = ap.parse_args()
    if not os.access(args.buf, os.X_OK):
        print("SKIP: buf not found at %s (run: npm ci --prefix tools)" % args.buf)
        return 77
    proc = subprocess.run([args.buf, "lint"], cwd=args.protos, capture_output=True,
                          text=True, timeout=100)
    findings = (proc.stdout + proc.stderr).strip()
    if proc.returncode != 0 or findings:
        print("FAIL: buf lint (exit %d):\n%s" % (proc.returncode, findings))
        return 1
    print("PASS: buf lint found nothing in %s" % args.protos)
    return 0


if __name__ == "__main__":
    sys.exit(main())
