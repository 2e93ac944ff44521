# SPDX-License-Identifier: GPL-2.0
"""What scripts/bench-report.py computes, by role.

common   the names every role shares: configurations, pressures, paths,
         the cost workloads, FULL, and LATS (every cell's timed calls,
         filled while the rows are made, read by the tables and targets)
raw      reading a run: host.txt, the consoles (or their BENCH: lines),
         raw.tar.gz; parsing the BENCH: lines into cells
stats    percentiles, bootstrap intervals, and the numbers' formats
rows     one row per cell, and the summaries of the re-read, swap and cost
         workloads, the release times and each boot's counters
targets  the Targets section of results.md: each target, judged
tables   results.md, results.csv and results.json
plots    the latency CDFs, with gnuplot (PNG, and the same as text)
report   the whole report of one run: from the raw files to the files

scripts/bench-report.py is the command (its usage is there); the modules
share their constants and LATS by module (common.LATS, stats.BOOT_REPS),
never by a copy of the name.
"""
