#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Benchmark: every allocation under all three loads at once.
. ./lib.sh

run_pressure all
exit 0
