#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Benchmark: every allocation under anonymous memory mapped, touched and
# unmapped in a ring (churn).
. ./lib.sh

run_pressure anon
exit 0
