#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# A memory cgroup with memory.max, whose file pages its own limit evicts
# into the area.  A copy lives in an idle page of the area, which no
# cgroup is charged for and which the area's allocations take back at
# will, so:
#  - the cgroup's limit holds: memory.peak stays at memory.max, no OOM
#    (memory.events), while the area holds copies of more of the cgroup's
#    file than the limit would let it keep charged;
#  - the copies are not charged: memory.current is within the limit, and
#    the copies outnumber what the limit allows;
#  - a read that loads a copy charges the folio it fills to the reader's
#    cgroup, as a read from the disk would (memory.stat's file stays near
#    the limit);
#  - memory.stat counts the copies made of the cgroup's pages and the
#    pages filled from copies for its reader (gcma_file_stored,
#    gcma_file_loaded);
#  - every read gives the file's data (filecheck verify).
# memory.max is 32 MiB and the file 96 MiB, read in the cgroup twice;
# then the cgroup is removed and its copies stay the file's.
. ./lib.sh

cg=/sys/fs/cgroup
if ! grep -q " $cg cgroup2 " /proc/mounts; then
	mkdir -p $cg
	mount -t cgroup2 none $cg || skip "no cgroup2 (CONFIG_CGROUPS off?)"
fi
grep -qw memory $cg/cgroup.controllers || skip "no memory controller (CONFIG_MEMCG off?)"
echo +memory >$cg/cgroup.subtree_control || fail "cannot enable the memory controller"
t=$cg/gcma-lend
rmdir $t 2>/dev/null
mkdir $t || fail "cannot make $t"
trap 'rmdir $t 2>/dev/null' EXIT
max_mib=32
echo $((max_mib << 20)) >$t/memory.max || fail "cannot set $t/memory.max"
[ -r $t/memory.peak ] || fail "no $t/memory.peak"

blocks=24576		# 96 MiB
dir=$mnt/memcg
rm -rf $dir
mkdir -p $dir
f=$dir/f
cgstat() { awk -v k="$1" '$1 == k { print $2 }' $t/memory.stat; }
# in_cg CMD...: run CMD in the cgroup
in_cg() { sh -c 'echo $$ >'$t'/cgroup.procs && exec "$@"' sh "$@"; }

counters start
# written outside: dirty pages are throttled globally, not per cgroup
# (no CGROUP_WRITEBACK), and the cgroup's limit is about reading
filecheck write $f 1 $blocks 1 -q || fail "cannot write $f"
sync
# the file's pages and copies go (drop_caches drops both), so that read 1
# comes from the disk and the copies are what the limit evicts from it
echo 3 >/proc/sys/vm/drop_caches
snap
in_cg filecheck verify $f 1 $blocks 1 -q >/tmp/verify.out 2>&1 ||
	{ cat /tmp/verify.out; fail "read 1 in the cgroup: $(wrong_block)"; }
counters "read 1"
stored=$(delta lend_stored)
echo "read 1: memory.current $(cat $t/memory.current), peak $(cat $t/memory.peak), file $(cgstat file), copies stored $stored"
# read 1 came from the disk; the limit evicted what it read as it went
[ "$stored" -ge $(((blocks / BPP - max_mib * PPM) / 2)) ] ||
	fail "the cgroup's limit evicted its file pages, and only $stored of them went into the area"
# the copies made of its pages are counted in its memory.stat
cg_stored=$(cgstat gcma_file_stored)
echo "read 1: memory.stat gcma_file_stored $cg_stored"
[ "${cg_stored:-0}" -ge $((stored / 2)) ] ||
	fail "$stored copies stored as the cgroup's limit evicted its pages, and its memory.stat counts ${cg_stored:-none} (gcma_file_stored)"

# what read 1 left cached goes into the area too (reclaimed from outside
# the cgroup, which so starts read 2 with no file page charged), so that
# read 2 finds every page in the area or on the disk, and what the cgroup
# holds after it is what read 2 charged
page_out $f
echo "reclaimed: memory.current $(cat $t/memory.current), file $(cgstat file)"
snap
in_cg filecheck verify $f 1 $blocks 1 -q >/tmp/verify.out 2>&1 ||
	{ cat /tmp/verify.out; fail "read 2 in the cgroup: $(wrong_block)"; }
counters "read 2"
loaded=$(delta lend_loaded)
lent=$(rd lent_pages)
cur=$(cat $t/memory.current)
peak=$(cat $t/memory.peak)
echo "read 2: memory.current $cur, peak $peak, file $(cgstat file), copies loaded $loaded, lent $lent"
[ "$loaded" -ge $(((blocks / BPP - max_mib * PPM) / 2)) ] ||
	fail "read 2 loaded $loaded copies: the area did not serve the pages the limit evicted"
# and the reader's cgroup counts the pages filled from copies
cg_loaded=$(cgstat gcma_file_loaded)
echo "read 2: memory.stat gcma_file_loaded $cg_loaded"
[ "${cg_loaded:-0}" -ge $((loaded * 9 / 10)) ] ||
	fail "read 2 in the cgroup loaded $loaded copies, and its memory.stat counts ${cg_loaded:-none} (gcma_file_loaded)"
# read 2's folios were filled from copies (or the disk, a few): were they
# not charged, the cgroup would hold next to no file pages now
[ "$(cgstat file)" -ge $((max_mib << 19)) ] ||
	fail "the cgroup holds $(cgstat file) bytes of file pages after read 2: the folios filled from copies were not charged to it"

# the limit held, and what the area holds is not charged
[ "$peak" -le $((max_mib << 20)) ] ||
	fail "memory.peak $peak above memory.max $((max_mib << 20))"
[ "$cur" -le $((max_mib << 20)) ] ||
	fail "memory.current $cur above memory.max"
oom=$(awk '$1 == "oom" { print $2 }' $t/memory.events)
[ "$oom" = 0 ] || fail "the cgroup went out of memory $oom times"
[ "$lent" -gt $((max_mib * PPM)) ] ||
	fail "only $lent pages lent: the test cannot tell whether copies are charged"
echo "the area holds $lent copies ($((lent / PPM)) MiB) for a cgroup limited to $max_mib MiB, which holds $((cur >> 20)) MiB"

# the cgroup goes; its copies stay the file's, and read outside it
rmdir $t || fail "cannot remove $t"
trap - EXIT
snap
verify $f 1 $blocks 1 -q || fail "after the cgroup was removed: $(wrong_block)"
counters "read outside"
rm -rf $dir
exit 0
