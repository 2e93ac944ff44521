#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Memory errors on lent pages that hold real copies.  All of the area but
# a window of 1024 pages is allocated (cma_alloc() through debugfs), so
# that every copy goes into the window; a file, then a region of swapped-
# out memory, larger than the window fills it with their copies.  Then a
# memory error (hard_offline_page, memory_failure()'s way) and a soft
# offlining hit two pages of the window each time:
#  - each page leaves the area for good (bad_pages), its copy dropped
#    ("its lent data dropped"; lent_pages one less);
#  - the reads that follow load every other copy in the window and never
#    these (lend_loaded, swap_loaded: the copies left, exactly), and give
#    the data written (filecheck verify, swapcheck);
#  - a second error on a page already out is refused.
# The pages stay bad, and the area's bitmap (debugfs maxchunk) still
# counts them free, so the range area_churn_start() allocates would hold
# one: this test runs last in the set.
. ./lib.sh

mem=/sys/devices/system/memory
[ -w $mem/hard_offline_page ] && [ -w $mem/soft_offline_page ] ||
	skip "no hard_offline_page or soft_offline_page (CONFIG_MEMORY_FAILURE)"
[ -r $sys/bad_pages ] || fail "no $sys/bad_pages"
command -v swapon >/dev/null && command -v mkswap >/dev/null ||
	fail "no swapon or mkswap in the initramfs"
grep -q '^/' /proc/swaps 2>/dev/null && fail "a swap device is on already"

count=$(cat $dbg/count)
base=$(cat $dbg/base_pfn)
window=1024
# pages the boot's drivers hold (arm64's virtio-mmio rings come from the
# default area through dma_alloc_coherent()) sit at its start, first fit;
# 00-setup noted how many
used0=$(cat $dbg/used)
taken=$((count - window - used0))
bad0=$(rd bad_pages)
[ "$bad0" = 0 ] || fail "$bad0 bad pages before the test: the window would not be where it is looked for"
[ "$used0" = "$(cat /tmp/area-used-at-setup 2>/dev/null || echo 0)" ] ||
	fail "$used0 pages of the area in use before the test, $(cat /tmp/area-used-at-setup 2>/dev/null || echo 0) at setup"
# no copy of the tests before this one left anywhere, in the window neither
echo 0 >$sys/lend && echo 1 >$sys/lend || fail "cannot switch lend off and on"
echo $taken >$dbg/alloc || fail "cannot allocate $taken pages of the area"
swapf=$mnt/swap45
pid=
trap '[ -n "$pid" ] && kill $pid; swapoff '$swapf' 2>/dev/null; rm -f '$swapf'; echo '$taken' >'$dbg'/free' EXIT
[ "$(rd lent_pages)" = 0 ] || fail "$(rd lent_pages) pages lent with all but the window allocated"
# the allocation is first-fit from the start: the window is the area's end
[ "$(cat $dbg/maxchunk)" = $window ] || fail "the largest free range is $(cat $dbg/maxchunk) pages, not the window"
first=$((base + count - window))
echo "area pfns $base+$count, the window $first+$window"

# hit PFN HOW: a memory error (hard) or soft offlining on a lent page of
# the window; its copy must go and the page must leave the area
hit() {
	local lent bad
	lent=$(rd lent_pages) bad=$(rd bad_pages)
	dmesg -c >/dev/null
	echo $(($1 * PAGE)) >$mem/${2}_offline_page || fail "$2 offlining pfn $1 failed"
	dmesg | grep -q "$(printf '%#x' $1) taken out of the area after a memory error, its lent data dropped" ||
		{ dmesg | tail -n 5; fail "pfn $1 ($2): no 'its lent data dropped': was it lent?"; }
	[ "$(rd bad_pages)" -eq $((bad + 1)) ] || fail "pfn $1 ($2): bad_pages $bad -> $(rd bad_pages)"
	[ "$(rd lent_pages)" -eq $((lent - 1)) ] || fail "pfn $1 ($2): lent_pages $lent -> $(rd lent_pages)"
	(echo $(($1 * PAGE)) >$mem/hard_offline_page) 2>/dev/null &&
		fail "a second memory error on pfn $1 reported as handled"
	echo "pfn $1: $2 offlined, its copy dropped"
}

echo "== file copies"
f=$mnt/errors
blocks=$((2 * window * BPP))	# twice the window
filecheck write $f 45 $blocks 1 -q || fail "cannot write $f"
sync
snap
page_out $f
counters "$f reclaimed"
[ "$(rd lent_pages)" -eq $window ] || fail "the window holds $(rd lent_pages) copies, not $window"
hit $((first + 100)) hard
hit $((first + 900)) soft
lent=$(rd lent_pages)
snap
verify $f 45 $blocks 1 -q || fail "after the errors: $(wrong_block)"
counters "read back"
[ "$(delta lend_loaded)" -eq "$lent" ] ||
	fail "$(delta lend_loaded) copies loaded, not the $lent the window held after the errors"
rm -f $f

echo "== swap copies"
filecheck write $swapf 46 $((8 * window * BPP)) 1 -y -q || fail "cannot write $swapf"
mkswap $swapf >/dev/null || fail "mkswap $swapf failed"
swapon $swapf || fail "swapon $swapf failed"
rm -f /tmp/sc.ready /tmp/sc.go
swapcheck run --mib $((2 * window / PPM)) --pageout --seed 45 --counters $sys \
	--ready /tmp/sc.ready --wait /tmp/sc.go >/tmp/sc.out 2>&1 &
pid=$!
i=0
while [ ! -e /tmp/sc.ready ]; do
	kill -0 $pid 2>/dev/null || { cat /tmp/sc.out; fail "swapcheck failed before the errors"; }
	[ $i -lt 1200 ] || fail "swapcheck did not push its region out"
	usleep 100000
	i=$((i + 1))
done
counters "$((2 * window / PPM)) MiB pushed out"
[ "$(rd lent_pages)" -eq $((window - 2)) ] ||
	fail "the window holds $(rd lent_pages) copies, not $((window - 2))"
[ "$(rd swap_stored)" -gt 0 ] || fail "no swap copy stored"
hit $((first + 300)) hard
hit $((first + 700)) soft
# the swap copies in the window (a file copy may be left among them)
lent=$(($(rd swap_stored) - $(rd swap_invalidated) - $(rd swap_evicted) - $(rd swap_taken_back)))
loaded0=$(rd swap_loaded)
touch /tmp/sc.go
wait $pid
rc=$?
pid=
cat /tmp/sc.out
[ $rc = 0 ] || fail "swapcheck found wrong pages after the errors"
loaded=$(($(rd swap_loaded) - loaded0))
echo "swap copies loaded after the errors: $loaded of the $lent left"
[ "$loaded" -eq "$lent" ] ||
	fail "$loaded swap copies loaded, not the $lent the window held after the errors"
[ "$(rd bad_pages)" -eq $((bad0 + 4)) ] || fail "bad_pages $(rd bad_pages), not $((bad0 + 4))"
exit 0
