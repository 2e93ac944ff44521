#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# A file held open whose copies keep being made and taken back: the
# entries take-backs leave stale in its index must stay bounded (about
# one per live copy, 64 at least), not grow with every round.  The file
# is sparse: each round reclaims 16 MiB of holes it never touched before
# (clean pages of zeroes, so no index is looked up twice, which would
# erase its stale entry by the way) into copies, which an allocation of
# all the area but its last pages then takes back.  A first set of
# copies, made while only those last pages were free, keeps the owner
# live throughout, as a long-open file's copies do.  The counts come
# from debugfs gcma_store (owners, copies, stale entries).  The slab of
# xarray nodes (/proc/slabinfo) is shown, not checked: the page cache's
# own shadow entries for the reclaimed pages take one node per 64 of them.
. ./lib.sh

st=/sys/kernel/debug/gcma_store
[ -r $st ] || fail "no $st"
store() { awk -v k="$1" '$1 == k { print $2 }' $st; }
slab() {
	[ -r /proc/slabinfo ] && awk '$1 == "radix_tree_node" { printf " radix_tree_node=%s", $2 }' /proc/slabinfo
}
show() { echo "$1: owners=$(store owners) copies=$(store copies) stale=$(store stale)$(slab)"; }

pages=$(cat $dbg/count)
keep=512
win=4096
rounds=16
head=$((pages - keep))
f=$mnt/stale.dat
rm -f $f
truncate -s $(((keep + rounds * win) * PAGE)) $f || fail "cannot make $f"
exec 3<$f
trap 'exec 3<&-; rm -f $f' EXIT

# lending off and on drops every copy: the store's counts start from none
echo 0 >$sys/lend && echo 1 >$sys/lend || fail "cannot switch lending"
sleep 1
show "start"

# the keeper copies: the area's head allocated, so they go to its tail
echo $head >$dbg/alloc || fail "cannot allocate $head of the area's $pages pages"
snap
filecheck pageout-range $f 0 $((keep * BPP)) ||
	{ sleep 1 && filecheck pageout-range $f 0 $((keep * BPP)); } ||
	fail "cannot reclaim the first $keep pages of $f"
stored=$(delta lend_stored)
echo $head >$dbg/free
[ "$stored" -ge $keep ] || fail "$stored of $keep keeper pages stored"
show "keeper"

r=0 max=0
while [ $r -lt $rounds ]; do
	snap
	# a page held for a moment by kswapd stays cached (seen once on
	# arm64 with 16 KiB pages): a second try after a pause, as page_out
	range="$f $(((keep + r * win) * BPP)) $((win * BPP))"
	filecheck pageout-range $range >/dev/null ||
		{ sleep 1 && filecheck pageout-range $range; } ||
		fail "round $r: cannot reclaim pages of $f"
	stored=$(delta lend_stored)
	echo $head >$dbg/alloc || fail "round $r: cannot allocate $head pages"
	echo $head >$dbg/free
	taken=$(delta lend_taken_back)
	# the take-backs queued the stale entries' erasure: let it run
	sleep 1
	copies=$(store copies) stale=$(store stale)
	echo "round $r: stored $stored, taken back $taken, copies $copies, stale $stale"
	[ "$stored" -ge $win ] || fail "round $r: $stored of $win pages stored"
	[ "$taken" -ge $((win - keep)) ] ||
		fail "round $r: $taken copies taken back, fewer than the $((win - keep)) the test needs"
	[ "$copies" -ge 1 ] || fail "round $r: no copy left, the owner went: the test proves nothing"
	[ "$stale" -le $((2 * copies + 64)) ] ||
		fail "round $r: $stale stale entries beside $copies copies: not bounded"
	[ "$stale" -gt $max ] && max=$stale
	r=$((r + 1))
done
show "end"
echo "$((rounds * win)) copies made and taken back over $rounds rounds; at most $max stale entries"
exit 0
