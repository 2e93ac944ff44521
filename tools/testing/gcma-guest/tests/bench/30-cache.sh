#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Benchmark: every allocation under page cache streamed from a file
# larger than memory (stream).
. ./lib.sh

run_pressure cache
exit 0
