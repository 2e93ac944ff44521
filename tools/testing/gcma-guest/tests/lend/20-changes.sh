#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Every way of changing a file's data while the area holds copies of what
# it held: a stale copy must never be read.  For each change a fresh
# 16 MiB file is written and synced, and its pages reclaimed (MADV_PAGEOUT,
# the reclaim path itself; 10-evict-reload uses a memory hog), every one
# of them into a copy (checked: the test proves nothing otherwise); then
# the change, which must drop at least the copies of the pages it changed
# (lend_invalidated); then the file is read back twice:
#  - buffered, with nothing else running: it must hold the new data, and
#    exactly the pages the change left alone must be loaded from copies
#    (lend_loaded), so that a copy that should have gone is seen even if
#    its data happened to match;
#  - reclaimed again and read through mmap while the area's whole free
#    range is allocated and freed over and over through debugfs (copies
#    taken back mid-read).
# The changes: buffered writes in pieces that end inside pages and writes
# through mmap, whole pages overwritten and written back then dropped
# with POSIX_FADV_DONTNEED (the folios leave by invalidation, not by
# reclaim, so no new copy replaces the old), an O_DIRECT write, truncate
# and extend, hole punch, zero range, collapse range, insert range,
# fallocate beyond the end, POSIX_FADV_DONTNEED, unlink and new files in
# its place, umount and mount.
. ./lib.sh

B=4096		# 4 KiB blocks per file (B / BPP pages); counts below are blocks
H=$((B / 2))
dir=$mnt/changes
rm -rf $dir
mkdir -p $dir || fail "cannot make $dir"
counters start
taken0=$(rd lend_taken_back)

# new_file FILE ID: FILE, B blocks of generation 1, every one with a copy
# in the area; the counters are snapped just before the caller's change
new_file() {
	filecheck write "$1" "$2" $B 1 -q || fail "cannot write $1"
	all_copies "${1##*/}" "$1"
	snap
}

# expect_invalidated LABEL BLOCKS: the change dropped at least the copies
# of the pages of the BLOCKS blocks it changed
expect_invalidated() {
	counters "$1"
	[ "$(delta lend_invalidated)" -ge $(($2 / BPP)) ] ||
		fail "$1 dropped $(delta lend_invalidated) copies (lend_invalidated), fewer than the $(($2 / BPP)) pages it changed"
}

# reread LABEL FILE ID BLOCKS SPEC LOADS: read back buffered, loading
# exactly the copies of the pages of LOADS blocks; reclaim; read back
# through mmap under the area churn
reread() {
	local rc
	snap
	verify "$2" "$3" "$4" "$5"
	rc=$?
	counters "$1 read back"
	[ $rc -eq 0 ] || fail "$1, read buffered: $(wrong_block)"
	[ "$(delta lend_loaded)" -eq $(($6 / BPP)) ] ||
		fail "$1: the read loaded $(delta lend_loaded) copies, not the $(($6 / BPP)) of the pages the change left"
	all_copies "$1 (new data)" "$2"
	area_churn_start 200000
	verify "$2" "$3" "$4" "$5" -m
	rc=$?
	area_churn_stop
	counters "$1 read back under churn"
	[ $rc -eq 0 ] || fail "$1, read through mmap: $(wrong_block)"
}

echo "== buffered writes ending inside pages, and writes through mmap"
f=$dir/overwrite
new_file $f 1
filecheck write $f 1 $B 2 -f 1000 -n 1000 -c 3000 -q || fail "cannot overwrite $f"
filecheck write $f 1 $B 2 -f 3000 -n 500 -m -q || fail "cannot write $f through mmap"
# the new data written back and reclaimed: its copies replace the old ones
all_copies "overwrite (new data)" $f
reread overwrite $f 1 $B 1,1000-1999:2,3000-3499:2 $B

echo "== whole pages overwritten, written back, dropped by POSIX_FADV_DONTNEED"
f=$dir/overwrite-dontneed
new_file $f 1
filecheck write $f 1 $B 2 -y -q || fail "cannot overwrite $f"
filecheck dontneed $f || fail "fadvise failed on $f"
expect_invalidated "overwrite, then POSIX_FADV_DONTNEED" $B
reread overwrite-dontneed $f 1 $B 2 0

echo "== O_DIRECT write"
f=$dir/direct
new_file $f 1
filecheck write $f 1 $B 2 -f 500 -n 1000 -d -q || fail "O_DIRECT write to $f failed"
expect_invalidated "O_DIRECT write" 1000
reread direct $f 1 $B 1,500-1499:2 $((B - 1000))

echo "== truncate and extend"
f=$dir/truncate
new_file $f 1
truncate -s $((H * 4096)) $f || fail "cannot truncate $f"
truncate -s $((B * 4096)) $f || fail "cannot extend $f"
expect_invalidated "truncate" $H
reread truncate $f 1 $B 1,$H-$((B - 1)):0 $H

echo "== punch hole"
f=$dir/punch
new_file $f 1
filecheck falloc $f punch 100 200 || fail "cannot punch a hole in $f"
expect_invalidated "hole punch" 200
reread punch $f 1 $B 1,100-299:0 $((B - 200))

echo "== zero range"
f=$dir/zero
new_file $f 1
filecheck falloc $f zero 1000 100 || fail "cannot zero a range of $f"
expect_invalidated "zero range" 100
reread zero $f 1 $B 1,1000-1099:0 $((B - 100))

echo "== collapse range"
f=$dir/collapse
new_file $f 1
filecheck falloc $f collapse 1024 512 || fail "cannot collapse a range of $f"
# every block after the range moves: copies from 1024 on are stale
expect_invalidated "collapse range" $((B - 1024))
reread collapse $f 1 $((B - 512)) 1,1024-$((B - 513)):1@1536 1024

echo "== insert range"
f=$dir/insert
new_file $f 1
filecheck falloc $f insert 1024 512 || fail "cannot insert a range into $f"
expect_invalidated "insert range" $((B - 1024))
reread insert $f 1 $((B + 512)) 1,1024-1535:0,1536-$((B + 511)):1@1024 1024

echo "== truncate, then fallocate to the old size and beyond it (KEEP_SIZE)"
f=$dir/falloc
new_file $f 1
truncate -s $((H * 4096)) $f || fail "cannot truncate $f"
filecheck falloc $f alloc $H $H || fail "cannot fallocate $f"
filecheck falloc $f alloc-keep $B 256 || fail "cannot fallocate beyond the end of $f"
expect_invalidated "truncate and fallocate" $H
reread falloc $f 1 $B 1,$H-$((B - 1)):0 $H

echo "== POSIX_FADV_DONTNEED"
f=$dir/dontneed
new_file $f 1
filecheck dontneed $f || fail "fadvise failed on $f"
expect_invalidated "POSIX_FADV_DONTNEED" $B
reread dontneed $f 1 $B 1 0

echo "== unlink, new files in its place (the inode and its memory reused)"
f=$dir/unlink
new_file $f 1
rm $f || fail "cannot remove $f"
expect_invalidated "unlink" $B
sleep 1		# inodes are freed after an RCU grace period
# written with O_DIRECT: nothing in the page cache, so that the first
# buffered read of each page looks for a copy
for id in 11 12 13 14; do
	filecheck write $f.$id $id 1024 1 -d -q || fail "cannot write $f.$id"
done
snap
for id in 11 12 13 14; do
	verify $f.$id $id 1024 1 || fail "new file after unlink: $(wrong_block)"
done
counters "new files read back"
[ "$(delta lend_loaded)" -eq 0 ] ||
	fail "$(delta lend_loaded) copies loaded into the new files: copies of the unlinked file"

echo "== umount and mount"
f=$dir/remount
new_file $f 1
umount $mnt || fail "cannot unmount $mnt"
counters "umount"
[ "$(rd lent_pages)" -eq 0 ] ||
	fail "$(rd lent_pages) copies outlived the unmounted file system"
[ "$(delta lend_invalidated)" -ge $((B / BPP)) ] ||
	fail "umount dropped $(delta lend_invalidated) copies, fewer than the file's $((B / BPP))"
mount -t $FS $disk $mnt || fail "cannot mount $disk again"
reread remount $f 1 $B 1 0

counters end
taken=$(($(rd lend_taken_back) - taken0))
[ "$taken" -gt 0 ] || fail "the allocations during the reads took no copy back (lend_taken_back)"
rm -rf $dir
exit 0
