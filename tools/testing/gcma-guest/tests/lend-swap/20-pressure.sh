#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Real reclaim: a working set a quarter larger than the memory available,
# written, then checked in three passes, the last two writing a quarter of
# the pages again first, each reading the set the other way round from the
# pass before (so that some pages come back soon after they left, others
# long after).  Meanwhile the area's whole free range is allocated and
# freed every 3 s through debugfs, taking copies back under the swap-ins.
# Every page must read back as written last; copies must have been made
# (swap_stored), read back (swap_loaded) and taken back (swap_taken_back),
# or the test proved nothing.
. ./lib.sh

avail=$(mem_mib MemAvailable)
swapfree=$(swap_free_mib)
mib=$(min $((avail * 5 / 4)) $((swapfree - 128)))
[ "$mib" -gt "$avail" ] || fail "only $swapfree MiB of swap for $avail MiB available"
echo "MemAvailable $avail MiB, swap free $swapfree MiB: a working set of $mib MiB"
counters start
snap
area_churn_start 3000000
sc_run --mib "$mib" --passes 2 --rewrite-every 4 --seed 20
area_churn_stop
sc_check "working set of $mib MiB under pressure and area churn"
counters end
stored=$(delta swap_stored)
loaded=$(delta swap_loaded)
taken=$(delta swap_taken_back)
echo "$(delta pswpout) pages written to swap, $(delta pswpin) read from the disk"
need "copies stored" "$stored" 1 "the working set never went to swap with a copy"
need "swap-ins served from the area" "$loaded" 1 "no copy was read back"
need "copies taken back by the allocations" "$taken" 1 \
	"the allocations met no copy (swap_taken_back)"
exit 0
