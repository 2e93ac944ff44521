#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Every way of changing a file's data while the area holds copies of what
# it held: a stale copy must never be read.  For each change a fresh
# 16 MiB file is written and synced, and its pages reclaimed (MADV_PAGEOUT,
# the reclaim path itself; 10-evict-reload uses a memory hog), so that
# its old data has copies in the area (checked: the test proves
# nothing otherwise); then the change; then the file is read back,
# buffered, reclaimed again and read through mmap, each while the area's
# whole free range is allocated and freed over and over through debugfs
# (copies taken back mid-read), and must hold the new data.  Changes that
# drop data must count the copies they drop (lend_invalidated).  The
# changes: buffered writes in pieces that end inside pages and writes
# through mmap, an O_DIRECT write, truncate and extend, hole punch, zero
# range, collapse range, insert range, fallocate beyond the end,
# POSIX_FADV_DONTNEED, unlink and new files in its place, umount and mount.
. ./lib.sh

B=4096		# blocks (pages) per file
H=$((B / 2))
dir=$mnt/changes
rm -rf $dir
mkdir -p $dir || fail "cannot make $dir"
counters start
taken0=$(rd lend_taken_back)

# new_file FILE ID: FILE, B blocks of generation 1, with copies of them in
# the area; the counters are snapped just before the caller's change
new_file() {
	filecheck write "$1" "$2" $B 1 -q || fail "cannot write $1"
	stored_copies "${1##*/}" "$1"
	snap
}

expect_invalidated() {
	counters "$1"
	[ "$(delta lend_invalidated)" -gt 0 ] ||
		fail "$1 dropped no copy (lend_invalidated did not move)"
}

# reread LABEL FILE ID BLOCKS SPEC: read back buffered, reclaim, read back
# through mmap, each under the area churn
reread() {
	local rc
	area_churn_start 200000
	verify "$2" "$3" "$4" "$5"
	rc=$?
	area_churn_stop
	[ $rc -eq 0 ] || fail "$1, read buffered: $(wrong_block)"
	sync
	page_out "$2"
	area_churn_start 200000
	verify "$2" "$3" "$4" "$5" -m
	rc=$?
	area_churn_stop
	counters "$1 read back"
	[ $rc -eq 0 ] || fail "$1, read through mmap: $(wrong_block)"
}

echo "== buffered writes ending inside pages, and writes through mmap"
f=$dir/overwrite
new_file $f 1
filecheck write $f 1 $B 2 -f 1000 -n 1000 -c 3000 -q || fail "cannot overwrite $f"
filecheck write $f 1 $B 2 -f 3000 -n 500 -m -q || fail "cannot write $f through mmap"
# the new data written back and reclaimed: its copies replace the old ones
stored_copies "overwrite (new data)" $f
reread overwrite $f 1 $B 1,1000-1999:2,3000-3499:2

echo "== O_DIRECT write"
f=$dir/direct
new_file $f 1
filecheck write $f 1 $B 2 -f 500 -n 1000 -d -q || fail "O_DIRECT write to $f failed"
expect_invalidated "O_DIRECT write"
reread direct $f 1 $B 1,500-1499:2

echo "== truncate and extend"
f=$dir/truncate
new_file $f 1
truncate -s $((H * 4096)) $f || fail "cannot truncate $f"
truncate -s $((B * 4096)) $f || fail "cannot extend $f"
expect_invalidated "truncate"
reread truncate $f 1 $B 1,$H-$((B - 1)):0

echo "== punch hole"
f=$dir/punch
new_file $f 1
filecheck falloc $f punch 100 200 || fail "cannot punch a hole in $f"
expect_invalidated "hole punch"
reread punch $f 1 $B 1,100-299:0

echo "== zero range"
f=$dir/zero
new_file $f 1
filecheck falloc $f zero 1000 100 || fail "cannot zero a range of $f"
expect_invalidated "zero range"
reread zero $f 1 $B 1,1000-1099:0

echo "== collapse range"
f=$dir/collapse
new_file $f 1
filecheck falloc $f collapse 1024 512 || fail "cannot collapse a range of $f"
expect_invalidated "collapse range"
reread collapse $f 1 $((B - 512)) 1,1024-$((B - 513)):1@1536

echo "== insert range"
f=$dir/insert
new_file $f 1
filecheck falloc $f insert 1024 512 || fail "cannot insert a range into $f"
expect_invalidated "insert range"
reread insert $f 1 $((B + 512)) 1,1024-1535:0,1536-$((B + 511)):1@1024

echo "== truncate, then fallocate to the old size and beyond it (KEEP_SIZE)"
f=$dir/falloc
new_file $f 1
truncate -s $((H * 4096)) $f || fail "cannot truncate $f"
filecheck falloc $f alloc $H $H || fail "cannot fallocate $f"
filecheck falloc $f alloc-keep $B 256 || fail "cannot fallocate beyond the end of $f"
expect_invalidated "truncate and fallocate"
reread falloc $f 1 $B 1,$H-$((B - 1)):0

echo "== POSIX_FADV_DONTNEED"
f=$dir/dontneed
new_file $f 1
filecheck dontneed $f || fail "fadvise failed on $f"
expect_invalidated "POSIX_FADV_DONTNEED"
reread dontneed $f 1 $B 1

echo "== unlink, new files in its place (the inode and its memory reused)"
f=$dir/unlink
new_file $f 1
rm $f || fail "cannot remove $f"
expect_invalidated "unlink"
sleep 1		# inodes are freed after an RCU grace period
# written with O_DIRECT: nothing in the page cache, so that the first
# buffered read of each page looks for a copy
for id in 11 12 13 14; do
	filecheck write $f.$id $id 1024 1 -d -q || fail "cannot write $f.$id"
done
area_churn_start 200000
for id in 11 12 13 14; do
	verify $f.$id $id 1024 1 || { area_churn_stop; fail "new file after unlink: $(wrong_block)"; }
done
area_churn_stop
counters "new files read back"

echo "== umount and mount"
f=$dir/remount
new_file $f 1
umount $mnt || fail "cannot unmount $mnt"
counters "umount"
[ "$(rd lent_pages)" -eq 0 ] ||
	fail "$(rd lent_pages) copies outlived the unmounted file system"
[ "$(delta lend_invalidated)" -gt 0 ] || fail "umount dropped no copy (lend_invalidated did not move)"
mount -t ext4 $disk $mnt || fail "cannot mount $disk again"
reread remount $f 1 $B 1

counters end
taken=$(($(rd lend_taken_back) - taken0))
[ "$taken" -gt 0 ] || fail "the allocations during the reads took no copy back (lend_taken_back)"
rm -rf $dir
exit 0
