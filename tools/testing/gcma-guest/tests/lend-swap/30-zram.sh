#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The same over zram, which is SWP_SYNCHRONOUS_IO: its writes are done
# when reclaim returns, and a swap-in of a page only this process maps
# skips the swap cache and frees the slot at once, so that every read of
# the region drops every copy of it.  First without pressure: a region of
# up to 32 MiB of random data pushed out (MADV_PAGEOUT), read back from the
# copies (swap_loaded; pswpin, zram's reads, fewer), the slots freed by the
# swap-ins dropping the copies (swap_invalidated), half written again,
# pushed out, read back: every page as written last.  Then real reclaim:
# a working set a quarter larger than the memory available, of pages zram
# compresses well (else zram would free no memory), written and checked
# twice, a quarter of it written again in between, while the area is
# allocated and freed every 3 s: no wrong page, copies loaded and taken
# back.  At the end the disk is the swap device again.
. ./lib.sh

avail=$(mem_mib MemAvailable)
big=$((avail * 5 / 4))
swapoff $disk || fail "swapoff $disk failed"
[ "$(live_swap)" -eq 0 ] || fail "$(live_swap) swap copies outlived the swapoff of $disk"
zram_on $((big + 128))
cat /proc/swaps
swapping_to /dev/$zram || fail "/dev/$zram is not in /proc/swaps after swapon"

echo "== pushed out and read back"
mib=$(min $(min 32 $((avail / 4))) $((area_mib / 2)))
counters start
sc_run --mib "$mib" --passes 1 --rewrite-every 2 --pageout --seed 30
sc_check "on zram, pushed out and read back"
counters end
n=$(sc_pages)
got_left left "pass 0 pageout"
need "pages pushed out of $n" $((n - left)) $((n * 3 / 4)) \
	"MADV_PAGEOUT left most of the region in memory"
got stored "pass 0 pageout" swap_stored
need "copies stored" "$stored" $((n / 2)) "zram got the pages and the area no copy"
got loaded "pass 0 verify" swap_loaded
got pswpin "pass 0 verify" pswpin
got inv "pass 0 verify" swap_invalidated
need "swap-ins served from the area" "$loaded" $((n / 2)) \
	"the region came back from zram, not from the copies"
echo "zram reads (pswpin) while reading back: $pswpin"
[ "$pswpin" -lt "$loaded" ] ||
	fail "$pswpin zram reads for $loaded loads from the area: are loads read from zram too?"
need "copies dropped as the swap-ins freed their slots" "$inv" $((n / 2)) \
	"swap-ins from zram freed no slot, or kept the copies of freed slots"
got stored1 "pass 1 pageout" swap_stored
got loaded1 "pass 1 verify" swap_loaded
need "copies stored again (no page kept its slot)" "$stored1" $((n / 2)) \
	"the second push-out stored no copy"
need "swap-ins served from the area after the rewrite" "$loaded1" $((n / 2)) \
	"the check of the rewritten region read nothing from the area"

echo "== under pressure, compressible pages"
echo "MemAvailable $(mem_mib MemAvailable) MiB: a working set of $big MiB"
snap
area_churn_start 3000000
sc_run --mib "$big" --passes 1 --rewrite-every 4 --compressible --seed 31
area_churn_stop
sc_check "on zram, a working set of $big MiB under pressure and area churn"
counters end
echo "zram mm_stat: $(cat /sys/block/$zram/mm_stat)"
need "copies stored" "$(delta swap_stored)" 1 "the working set never went to zram with a copy"
need "swap-ins served from the area" "$(delta swap_loaded)" 1 "no copy was read back"
need "copies taken back by the allocations" "$(delta swap_taken_back)" 1 \
	"the allocations met no copy (swap_taken_back)"

zram_off
[ "$(live_swap)" -eq 0 ] || fail "$(live_swap) swap copies outlived zram's swapoff"
swap_on_disk
exit 0
