#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Loads keep their copies (inclusive loads): a page read back from a copy
# keeps it while its folio stays unchanged, and the folio's next eviction
# reuses it (file_reused) instead of copying the page again.  A kept copy
# is the older data the moment the cached folio changes, by whatever
# path, so the change must drop it: never reused, never loaded again.
#
# For each change a fresh 4 MiB file is written, synced and reclaimed into
# copies, then read back, every page loaded from its copy, which is kept
# (checked: nothing would be tested otherwise).  Then, with the file still
# cached, the change; then the file is synced and reclaimed again: exactly
# the pages the change left alone reuse their copies and the others are
# stored anew; and read back: the new data, every page from a copy.
# The changes: buffered writes ending inside pages and writes through
# mmap (the folio is dirtied: __folio_mark_dirty()), on the test's file
# system and, where the boot has one, on ext4 of 1 KiB blocks (the write
# dirties buffers: mark_buffer_dirty()); an O_DIRECT write; truncate and
# extend; hole punch.  Last, where the kernel has memory_failure(), a
# memory error on a cached page whose copy is kept: the folio leaves the
# page cache by filemap_remove_folio(), which must drop the copy too (a
# later insertion at its index would, but the copy would stay lent until
# then), and the page reads back from the disk.
. ./lib.sh

B=1024		# 4 KiB blocks per file (B / BPP pages); counts below are blocks
H=$((B / 2))
dir=$mnt/kept
rm -rf $dir
mkdir -p $dir || fail "cannot make $dir"
counters start

# kept_file FILE: B blocks of generation 1, every page with a copy, read
# back so that every page is loaded and its copy kept; the counters are
# snapped just before the caller's change
kept_file() {
	filecheck write "$1" 1 $B 1 -q || fail "cannot write $1"
	all_copies "${1##*/}" "$1"
	snap
	verify "$1" 1 $B 1 || fail "${1##*/}, read back: $(wrong_block)"
	counters "${1##*/}: read back"
	[ "$(delta lend_loaded)" -eq $((B / BPP)) ] ||
		fail "${1##*/}: the read loaded $(delta lend_loaded) copies, not the file's $((B / BPP))"
	[ "$(delta lend_invalidated)" -eq 0 ] ||
		fail "${1##*/}: $(delta lend_invalidated) copies dropped by reading the file"
	snap
}

# after LABEL FILE BLOCKS SPEC LEFT CHANGED: the change is done; at least
# the copies of the CHANGED blocks' pages were dropped.  Reclaimed again,
# the pages of the LEFT blocks reuse their kept copies, exactly, and the
# others are stored; read back, the file holds SPEC, every page loaded.
after() {
	local pages=$(($3 / BPP)) rc
	counters "$1"
	[ "$(delta lend_invalidated)" -ge $(($6 / BPP)) ] ||
		fail "$1 dropped $(delta lend_invalidated) copies (lend_invalidated), fewer than the $(($6 / BPP)) pages it changed"
	sync
	snap
	page_out "$2"
	counters "$1: reclaimed"
	[ "$(delta file_reused)" -eq $(($5 / BPP)) ] ||
		fail "$1: $(delta file_reused) kept copies reused at reclaim (file_reused), not the $(($5 / BPP)) of the pages it left alone"
	[ $(($(delta lend_stored) + $(delta file_reused))) -eq $pages ] ||
		fail "$1: $(delta lend_stored) stored and $(delta file_reused) reused for the $pages pages reclaimed"
	snap
	verify "$2" 1 "$3" "$4"
	rc=$?
	counters "$1: read back"
	[ $rc -eq 0 ] || fail "$1, read back: $(wrong_block)"
	[ "$(delta lend_loaded)" -eq $pages ] ||
		fail "$1: the read loaded $(delta lend_loaded) copies, not the $pages of the file"
}

# writes DIR: buffered writes ending inside pages, and writes through mmap
writes() {
	local f=$1/kept-writes
	kept_file $f
	filecheck write $f 1 $B 2 -f 100 -n 100 -c 3000 -q ||
		fail "cannot overwrite $f"
	filecheck write $f 1 $B 2 -f 300 -n 100 -m -q ||
		fail "cannot write $f through mmap"
	after "writes on $1" $f $B 1,100-199:2,300-399:2 $((B - 200)) 200
	rm -f $f
}

echo "== buffered writes ending inside pages, and writes through mmap"
writes $dir
if dev=$(disk_by_serial gcmadisk1k) && [ $FS = ext4 ]; then
	echo "== the same on ext4 of 1 KiB blocks"
	mkdir -p /mnt1k
	grep -q " /mnt1k ext4 " /proc/mounts || mount -t ext4 $dev /mnt1k ||
		fail "cannot mount $dev on /mnt1k"
	writes /mnt1k
fi

echo "== O_DIRECT write"
f=$dir/direct
kept_file $f
filecheck write $f 1 $B 2 -f 500 -n 100 -d -q || fail "O_DIRECT write to $f failed"
after "O_DIRECT write" $f $B 1,500-599:2 $((B - 100)) 100

echo "== truncate and extend"
f=$dir/truncate
kept_file $f
truncate -s $((H * 4096)) $f || fail "cannot truncate $f"
truncate -s $((B * 4096)) $f || fail "cannot extend $f"
after "truncate and extend" $f $B 1,$H-$((B - 1)):0 $H $H

echo "== punch hole"
f=$dir/punch
kept_file $f
filecheck falloc $f punch 100 100 || fail "cannot punch a hole in $f"
after "hole punch" $f $B 1,100-199:0 $((B - 100)) 100

mem=/sys/devices/system/memory
if [ -w $mem/hard_offline_page ]; then
	echo "== a memory error on a cached page whose copy is kept"
	f=$dir/poison
	kept_file $f
	lent=$(rd lent_pages)
	pfn=$(filecheck pfn $f 7) || fail "no pfn for page 7 of $f"
	echo $((pfn * PAGE)) >$mem/hard_offline_page ||
		fail "memory_failure() did not take page 7 of $f (pfn $pfn)"
	counters "memory error on page 7 of $f"
	[ "$(delta lend_invalidated)" -eq 1 ] && [ "$(rd lent_pages)" -eq $((lent - 1)) ] ||
		fail "the memory error dropped $(delta lend_invalidated) copies (lent_pages $lent -> $(rd lent_pages)), not the one kept for the page it took"
	snap
	verify $f 1 $B 1 || fail "after the memory error: $(wrong_block)"
	counters "read back"
	[ "$(delta lend_loaded)" -eq 0 ] ||
		fail "$(delta lend_loaded) copies loaded into a file that was cached but for one page"
fi

counters end
rm -rf $dir
exit 0
