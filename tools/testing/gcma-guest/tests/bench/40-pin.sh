#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Benchmark: every allocation under short-term pins, O_DIRECT reads
# into fresh buffers (dio-pin).
. ./lib.sh

run_pressure pin
exit 0
