#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Copies made as pages are written to swap, and read back instead of the
# disk, deterministically: no memory pressure, MADV_PAGEOUT pushes exactly
# the region out (swapcheck --pageout).  A region of up to 64 MiB is
# written and pushed out: its pages must have got copies (swap_stored,
# and pswpout at least as much: the disk gets every write); read back,
# most must have come from the area (swap_loaded), which the disk reads
# (pswpin) do not count.  The read-back faults the pages in order, so
# swap readahead (vm.page-cluster, swap_ra) brings in most of them around
# each fault, through swap_read_folio() like the faulted one: the loads
# must cover the pages read ahead too.  Then half of the pages are written again and
# the region pushed out again: the old copies of those pages must go
# (swap_invalidated: their slots were freed or written again) and every
# page must read back as written last, none stale.  /proc/vmstat counts
# the copies made and the swap-ins from them as the area does
# (gcma_swap_stored, gcma_swap_loaded).
. ./lib.sh

avail=$(mem_mib MemAvailable)
mib=$(min $(min 64 $((avail / 3))) $((area_mib / 2)))
[ "$mib" -ge 8 ] || fail "only $avail MiB available"
echo "MemAvailable $avail MiB, swap free $(swap_free_mib) MiB: a region of $mib MiB"
counters start
snap
sc_run --mib "$mib" --passes 1 --rewrite-every 2 --pageout --seed 10
sc_check "pushed out and read back"
counters end
same_delta swap_stored gcma_swap_stored "copies made"
same_delta swap_loaded gcma_swap_loaded "swap-ins from copies"
n=$(sc_pages)

got_left left "pass 0 pageout"
need "pages pushed out of $n" $((n - left)) $((n * 3 / 4)) \
	"MADV_PAGEOUT left most of the region in memory"
got stored "pass 0 pageout" swap_stored
got pswpout "pass 0 pageout" pswpout
need "copies stored as the region went out" "$stored" $((n / 2)) \
	"the disk got the pages and the area no copy"
[ "$pswpout" -ge "$stored" ] ||
	fail "$stored copies stored, but only $pswpout pages written to swap (pswpout): copies of what?"

got loaded "pass 0 verify" swap_loaded
got pswpin "pass 0 verify" pswpin
need "swap-ins served from the area" "$loaded" $((n / 2)) \
	"the region came back from the disk, not from the copies"
echo "disk reads (pswpin) while reading back: $pswpin"
got ra "pass 0 verify" swap_ra
need "pages swap readahead brought in" "$ra" $((n / 2)) \
	"the read-back did not go through swap readahead (vm.page-cluster 0?)"
# were the pages read ahead loaded from the disk, at most n - left - ra
# loads: ask for half of them
need "swap-ins from the area, faulted or read ahead" "$loaded" $((n - left - ra / 2)) \
	"swap readahead read the disk where the area held copies"
[ "$pswpin" -lt "$loaded" ] ||
	fail "$pswpin disk reads for $loaded loads from the area: are loads read from the disk too?"

got inv_w "pass 1 rewrite" swap_invalidated
got inv_o "pass 1 pageout" swap_invalidated
got stored1 "pass 1 pageout" swap_stored
got loaded1 "pass 1 verify" swap_loaded
need "old copies dropped for the rewritten half" $((inv_w + inv_o)) $((n / 4)) \
	"pages written again kept the copies of their old data"
need "copies of the rewritten half stored" "$stored1" $((n / 4)) \
	"the second push-out stored no copy of the new data"
need "swap-ins served from the area after the rewrite" "$loaded1" $((n / 2)) \
	"the check of the rewritten region read nothing from the area"
exit 0
