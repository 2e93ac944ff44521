#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# make check's smoke of make bench (BENCH_QUICK): the bench set's setup,
# idle, combined-pressure and re-read steps, so that the benchmark cannot
# rot (the re-read set is 64 MiB there, measured alone for 2 s).
cd ../bench && exec ./60-reread.sh
