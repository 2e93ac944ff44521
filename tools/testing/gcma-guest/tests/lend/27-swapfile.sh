#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# A file with copies in the area becomes a swap file.  Swap writes its
# blocks around the page cache, so the copies made before the swapon
# would hold what the file held before swap wrote over it: swapon drops
# them (file_invalidated grows by them), and while it is a swap file no
# copy is made of it.  Anonymous memory is pushed out into the swap file
# (swapcheck checks it came back right), with swap copies as on a swap
# partition: ext4 maps the file's blocks at swapon and swap writes them
# directly, through the same swap_writepage() and swap_read_folio() (the
# copies must be stored and the read-back served from them).  After
# swapoff a buffered
# read of the file, nothing of it cached but the swap header, must give
# what O_DIRECT reads from the disk (filecheck same), never a copy from
# before the swapon.
. ./lib.sh

command -v swapon >/dev/null && command -v mkswap >/dev/null ||
	skip "no swapon or mkswap in the initramfs"
grep -q '^/' /proc/swaps 2>/dev/null && fail "a swap device is on already: $(tail -n +2 /proc/swaps)"
f=$mnt/swapfile
blocks=4096
swapoff $f 2>/dev/null
rm -f $f
trap 'swapoff $f 2>/dev/null' EXIT
filecheck write $f 27 $blocks 1 -y -q || fail "cannot write $f"
sync
cached=$(filecheck resident $f | awk '{ print $2 }')
snap
page_out $f
stored=$(delta lend_stored)
counters "$cached pages of $f reclaimed"
[ "$stored" -eq "$cached" ] && [ "$stored" -gt 0 ] ||
	fail "$stored of the $cached reclaimed pages of $f stored: the test would prove nothing"

inv0=$(rd file_invalidated)
mkswap $f >/dev/null || fail "mkswap $f failed"
swapon $f || fail "swapon $f failed"
grep -q "^$f " /proc/swaps || fail "$f is not in /proc/swaps after swapon"
dropped=$(($(rd file_invalidated) - inv0))
counters "swapon"
# mkswap's write of the header claimed and dropped at most one copy; the
# read after swapoff is checked all the same, and the first failure told
bad=
[ "$dropped" -ge $((stored - 1)) ] ||
	bad="swapon dropped $dropped of the $stored copies of $f (file_invalidated)"
[ -z "$bad" ] || echo "FAIL (reported at the end): $bad"

mib=$((blocks / 256 / 2))
snap
swapcheck run --mib $mib --passes 1 --rewrite-every 2 --pageout --seed 27 \
	--counters $sys >/tmp/sc.out 2>&1 ||
	{ cat /tmp/sc.out; fail "swapcheck over the swap file found wrong pages"; }
grep -E 'pageout|verified' /tmp/sc.out
counters "swapped to $f"
# swap_stored as pass 0 went out, swap_loaded as it came back: VAR STEP NAME
sc_got() {
	local v
	v=$(sed -n "s/^swapcheck: $2: changes.* $3=\([0-9]*\).*/\1/p" /tmp/sc.out)
	eval "$1=${v:-0}"
}
n=$(sed -n 's/^swapcheck: fill: \([0-9]*\) pages.*/\1/p' /tmp/sc.out)
[ -n "$n" ] || fail "no fill line in swapcheck's output"
sc_got sstored "pass 0 pageout" swap_stored
sc_got sloaded "pass 0 verify" swap_loaded
echo "swap file: $sstored swap copies stored of $n pages, $sloaded loaded"
[ "$sstored" -ge $((n / 2)) ] && [ "$sloaded" -ge $((n / 2)) ] ||
	bad="${bad:-swap into $f: $sstored copies stored, $sloaded loaded, of $n pages}"
swapoff $f || fail "swapoff $f failed"

# nothing of the file is cached but mkswap's header (page_out above), and
# no drop_caches or POSIX_FADV_DONTNEED here: they would drop the copies
filecheck same $f >/tmp/same.out 2>&1
rc=$?
cat /tmp/same.out
[ $rc -eq 0 ] || fail "${bad:-$(grep -m 1 ' block ' /tmp/same.out || tail -n 1 /tmp/same.out)}"
grep -q ' 0 of ' /tmp/same.out || fail "filecheck same printed no verdict"
# swap wrote over the file (besides mkswap's header in block 0): had old
# copies been loaded, the check above would have seen them
over=$(filecheck verify $f 27 $blocks 1 -q 2>/dev/null |
	sed -n 's/.*: \([0-9]*\) of [0-9]* blocks wrong.*/\1/p')
echo "$f: ${over:-0} blocks no longer of generation 1"
[ "${over:-0}" -gt 1 ] || fail "swap wrote over no block of $f: the test would prove nothing"
[ -z "$bad" ] || fail "$bad"
rm -f $f
