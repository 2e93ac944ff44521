#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# make check's smoke of make bench (BENCH_QUICK): the bench set's setup,
# idle and combined-pressure steps, so that the benchmark cannot rot.
cd ../bench && exec ./10-idle.sh
