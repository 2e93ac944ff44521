#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# A full area: all but 8 MiB of it allocated through debugfs, a region
# four times as large pushed out to swap (MADV_PAGEOUT).  The copies must
# stay within the 8 MiB left (lent_pages), newer ones replacing the
# oldest (swap_evicted); reading the region back may load only what is
# left (swap_loaded at most 8 MiB of pages), the rest from the disk
# (pswpin), and every page must be what was written last: an evicted copy
# is never served.  The rewrite pass does it again over copies of old
# data.
. ./lib.sh

room=2048	# pages left to lend: 8 MiB
avail=$(mem_mib MemAvailable)
mib=$(min 32 $((avail / 3)))
[ "$mib" -ge 16 ] || fail "only $avail MiB available"
free=$(cat $dbg/maxchunk)
hold=$((free - room))
[ "$hold" -gt 0 ] || fail "the area has only $free free pages"
counters start
echo $hold >$dbg/alloc || fail "cannot allocate $hold of the area's $free free pages"
trap 'cat $dbg/count >$dbg/free' EXIT
echo "allocated $hold pages, $room left to lend; lent_pages $(rd lent_pages)"
[ "$(rd lent_pages)" -le $room ] || fail "$(rd lent_pages) pages lent in the $room not allocated"

snap
sc_run --mib "$mib" --passes 1 --rewrite-every 2 --pageout --seed 15
sc_check "region $((mib * PPM / room)) times the room pushed out and read back"
counters end
n=$(sc_pages)
lent=$(rd lent_pages)
[ "$lent" -le $room ] || fail "$lent pages lent in the $room not allocated"

got_left left "pass 0 pageout"
need "pages pushed out of $n" $((n - left)) $((n * 3 / 4)) \
	"MADV_PAGEOUT left most of the region in memory"
got stored "pass 0 pageout" swap_stored
got evicted "pass 0 pageout" swap_evicted
need "copies stored" "$stored" $((n / 2)) "the area stored no copy"
need "copies evicted for newer ones" "$evicted" $((stored - room)) \
	"$stored copies stored in $room pages and no older one evicted"

got loaded "pass 0 verify" swap_loaded
got pswpin "pass 0 verify" pswpin
echo "read back: $loaded pages from the area, $pswpin from the disk"
[ "$loaded" -le $room ] ||
	fail "$loaded pages loaded from $room pages of copies: evicted copies served"
need "swap-ins served from the area" "$loaded" 1 "none of the newest copies was read"
need "disk reads (pswpin)" "$pswpin" $(((n - left - loaded) * 3 / 4)) \
	"the pages whose copies were evicted did not come from the disk"

got loaded1 "pass 1 verify" swap_loaded
[ "$loaded1" -le $room ] ||
	fail "$loaded1 pages loaded from $room pages of copies after the rewrite"
need "evictions in all" "$(delta swap_evicted)" $((n / 2)) "the area never filled"
exit 0
