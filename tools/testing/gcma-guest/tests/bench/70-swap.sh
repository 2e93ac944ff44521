#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Benchmark: an anonymous working set cycled through page by page
# (anon-cycle), with swap on a virtio disk, sized to fit in the stock
# guest and not beside a guaranteed area, so that there its pages keep
# going to the swap device and back, and what keeps them off the device is
# the area keeping copies of them in its idle pages.  The load alone first
# (its throughput, swap-ins from the device and from the area, major-fault
# latencies, lent pages, with nothing allocating), then every cma_alloc()
# size under it, taking the lent pages back.
. ./lib.sh

run_pressure swap
exit 0
