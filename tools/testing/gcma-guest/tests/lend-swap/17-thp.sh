#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Large folios to swap and back: a region of 16 MiB in folios of 64 KiB
# (mTHP), then one in PMD-sized folios of 2 MiB, each pushed out whole
# (the size's stats/swpout must grow) to zram, where a write is done when
# reclaim returns, so that reclaim frees the clean large folio from the
# swap cache at once through the evict hook (gcma_swap_evict()).  The
# 64 KiB folios have copies made at the write and kept at the eviction;
# those of 2 MiB are copied at the write and not at the eviction (which
# copies no folio larger than a load takes whole, 16 pages).  Half of each
# region is written again and pushed out again: every page must read back
# as written last, swap-ins served from the area.  Skipped on a kernel
# without THP (32-bit ARM without LPAE).
. ./lib.sh

thp=/sys/kernel/mm/transparent_hugepage
[ -d $thp ] || skip "no transparent huge pages in this kernel (CONFIG_TRANSPARENT_HUGEPAGE)"
sizes="64 2048"
for kb in $sizes; do
	[ -r $thp/hugepages-${kb}kB/stats/swpout ] ||
		fail "no $thp/hugepages-${kb}kB/stats/swpout"
done
# put_back (at exit, failed or not): the THP settings as at boot, swap
# on the disk again
saved=
for s in $thp/hugepages-*kB; do
	# sizes for files only have no anon switch
	[ -e $s/enabled ] || continue
	saved="$saved $s=$(sed 's/.*\[\(.*\)\].*/\1/' $s/enabled)"
done
put_back() {
	local e
	for e in $saved; do
		echo "${e#*=}" >"${e%=*}/enabled"
	done
	swap_on_disk
}
trap put_back EXIT

swapoff $disk || fail "swapoff $disk failed"
zram_on 128
counters start
seed=170
for kb in $sizes; do
	echo "== folios of $kb KiB"
	for e in $saved; do
		echo never >"${e%=*}/enabled" || fail "cannot set ${e%=*}/enabled"
	done
	echo always >$thp/hugepages-${kb}kB/enabled || fail "cannot enable folios of $kb KiB"
	out0=$(cat $thp/hugepages-${kb}kB/stats/swpout)
	seed=$((seed + 1))
	sc_run --mib 16 --passes 1 --rewrite-every 2 --pageout --huge --seed $seed
	rc=$?
	out=$(($(cat $thp/hugepages-${kb}kB/stats/swpout) - out0))
	echo "folios of $kb KiB swapped out whole: $out"
	[ $rc -eq 0 ] || fail "folios of $kb KiB: $(sc_why)"
	n=$(sc_pages)
	[ "$out" -gt 0 ] ||
		fail "no folio of $kb KiB went to swap whole: the test would prove nothing"
	got stored "pass 0 pageout" swap_stored
	got loaded "pass 0 verify" swap_loaded
	got loaded1 "pass 1 verify" swap_loaded
	need "copies stored as the region went out" "$stored" $((n / 2)) \
		"folios of $kb KiB went to zram without copies"
	need "swap-ins served from the area" "$loaded" $((n / 2)) \
		"the region came back from zram, not from the copies"
	need "swap-ins served from the area after the rewrite" "$loaded1" $((n / 2)) \
		"the check of the rewritten region read nothing from the area"
done
counters end
exit 0
