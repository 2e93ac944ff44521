#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Copies behind newer folios must never come back.  A file's pages are
# reclaimed into the area (copies of generation g), then the file is
# changed through paths that create folios without reading them: buffered
# writes of whole pages (write_begin), and ext4's EXT4_IOC_MOVE_EXT, whose
# donor folios are created, emptied of buffers and left not uptodate.  The
# old copies then sit at the indices of those folios; no read may ever be
# served from them.
#  - O_DIRECT write racing buffered readers: the direct write's
#    invalidation removes the newer folios one by one; readers that miss
#    on a removed one create a folio and must read the disk, not the copy
#    (filecheck race: a block older than the last completed write fails;
#    a block torn between the two generations the write is changing is a
#    miss that read the disk mid-write, allowed as on any kernel).
#  - the donor of EXT4_IOC_MOVE_EXT, not cached, gets folios created by
#    the move and left not uptodate, and its blocks swapped with the
#    original's: read buffered it must give what its blocks hold on disk
#    now (read with O_DIRECT, which bypasses page cache and area; zeros in
#    6.12, as on a kernel without GCMA), never its copies from before.
# No area churn here: every copy stays in the area until the change, so a
# copy that comes back is seen.  Both cases run; the first failure is
# reported.
. ./lib.sh

bad=
# later MESSAGE: fail at the end, after the other case has run
later() {
	echo "FAIL (reported at the end): $*"
	[ -n "$bad" ] || bad=$*
}

B=4096
dir=$mnt/shadowed
rm -rf $dir
mkdir -p $dir || fail "cannot make $dir"
counters start

echo "== O_DIRECT write racing buffered readers"
f=$dir/race
filecheck write $f 1 $B 1 -y -q || fail "cannot write $f"
gen=1
for round in 1 2 3; do
	all_copies "round $round, gen $gen" $f
	# new folios of gen+1 over the copies of gen, written back
	filecheck write $f 1 $B $((gen + 1)) -y -q || fail "cannot overwrite $f"
	snap
	filecheck race $f 1 $B $((gen + 1)) $((gen + 2)) >/tmp/race.out 2>&1
	rc=$?
	cat /tmp/race.out
	counters "round $round raced"
	if [ $rc -ne 0 ]; then
		later "round $round: a buffered read during an O_DIRECT write got older data than the file held: $(grep -m 1 -E 'block|wrong' /tmp/race.out)"
		break
	fi
	[ "$(delta lend_loaded)" -eq 0 ] || {
		later "round $round: $(delta lend_loaded) copies of gen $gen loaded after gen $((gen + 1)) was written"
		break
	}
	gen=$((gen + 2))
done

echo "== EXT4_IOC_MOVE_EXT donor"
M=1024
o=$dir/orig
d=$dir/donor
filecheck write $o 2 $M 1 -y -q || fail "cannot write $o"
filecheck write $d 3 $M 1 -y -q || fail "cannot write $d"
all_copies "donor" $d
sync
snap
filecheck move-ext $o $d $M || fail "EXT4_IOC_MOVE_EXT failed"
counters "moved"
verify $d 3 $M 0 -d || later "the donor's blocks on disk are not zeros after the move: $(wrong_block)"
verify $d 3 $M 0 || later "the donor read buffered differs from its blocks on disk: $(wrong_block)"
verify $o 2 $M 1 || later "the original changed: $(wrong_block)"
[ "$(delta lend_loaded)" -eq 0 ] ||
	later "$(delta lend_loaded) copies of the donor's old data loaded after the move"
[ -z "$bad" ] || fail "$bad"
rm -rf $dir
exit 0
