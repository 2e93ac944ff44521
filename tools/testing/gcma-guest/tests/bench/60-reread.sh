#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Benchmark: a file set re-read over and over (reread-files) that fits in
# the page cache of the stock guest and not beside a guaranteed area, so
# that what keeps it off the disk there is the area lending its idle
# pages to copies of what reclaim evicted.  The load alone first (its
# throughput, disk reads, lent pages and hit rate with nothing
# allocating), then every allocation under it, taking the lent pages back.
. ./lib.sh

run_pressure reread
exit 0
