#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Turn the raw output of make bench into tables and plots.

usage: bench-report.py DIR
       bench-report.py --from RAW.tar.gz DIR

DIR/raw/host.txt describes the run (QEMU, parameters, the plan),
DIR/raw/CONFIG.log is the console of one boot, whose "BENCH: " lines (see
tools/testing/gcma-guest/tests/bench/lib.sh) hold every call: its latency
or failure, whether defer-free served it, the warm-up calls, what the
programs wrote to stderr, and the counters before and after each cell
(DIR/raw/CONFIG.txt, those lines alone, stands in for a missing console).
Writes DIR/results.md, results.csv, results.json, DIR/raw.tar.gz (host.txt
and the consoles, all that the report is computed from) and, with gnuplot,
DIR/cdf-PATH-SIZE.png: the latency CDF of every configuration under
combined pressure (and DIR/cdf-reread-PATH-SIZE.png under the file re-read
workload, DIR/cdf-swap-cma-SIZE.png under the anonymous swap workload,
when the run has them).

A run with the re-read pressure or a lending area (BENCH: window and lent
lines, lend_* counters, calls that tell the lent pages they took back)
adds its columns to results.csv and results.json, the re-read table and
targets to results.md; a run with the swap pressure (BENCH: faults lines
too) its columns, tables and targets; a run without them gives the same
files as before.

With --from, everything is recomputed from RAW.tar.gz alone (a raw.tar.gz
this script wrote, e.g. results/bench/raw.tar.gz) into DIR.

Exit status 3: the report is written, but the run does not match its plan
(a cell with more or fewer calls than planned, a missing cell, a program
that wrote errors or exited abnormally); see "Checks" in results.md.
"""
import os
import shutil
import sys
import tempfile

# the code is in the package beside this script, scripts/benchreport/
# (its __init__.py tells which module holds what)
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from benchreport.raw import read_archive  # noqa: E402
from benchreport.report import report  # noqa: E402


def main():
    args = sys.argv[1:]
    src = None
    if len(args) == 3 and args[0] == "--from":
        src, out = args[1], args[2]
    elif len(args) == 1 and not args[0].startswith("-"):
        out = args[0]
    else:
        sys.exit(__doc__.strip().split("\n\n")[1])
    tmp = None
    if src:
        os.makedirs(out, exist_ok=True)
        tmp = tempfile.mkdtemp(prefix="bench-report.")
        raw = tmp
        read_archive(src, raw)
    else:
        raw = os.path.join(out, "raw")
    try:
        return report(out, raw, src)
    finally:
        if tmp:
            shutil.rmtree(tmp)


if __name__ == "__main__":
    sys.exit(main())
