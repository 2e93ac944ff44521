#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# f2fs's own ways of changing or moving a file's blocks, with copies of
# what the file held in the area (boots with gcmatest.fs=f2fs; the rest
# of the set runs its ext4 cases on f2fs there too):
#  - F2FS_IOC_MOVE_RANGE moves blocks from one file to another with no
#    page-cache operation of its own: both ranges must read their new
#    data, the source a hole, and no copy of the old may be loaded;
#  - an atomic write (START/COMMIT) rewrites blocks behind the page
#    cache at commit: the file is refused from its start, so nothing of
#    it is stored or loaded afterwards, and it holds the committed data;
#  - a pinned file (F2FS_IOC_SET_PIN_FILE), whose holes fallocate fills
#    with blocks it does not zero, is refused the same way: copies of
#    its holes made before are not loaded, nothing is stored after;
#  - a compressed file (FS_COMPR_FL, LZ4, of text that compresses) is
#    copied and read back from its copies like any other, before and
#    after an overwrite.
. ./lib.sh

[ $FS = f2fs ] || skip "the scratch disk is $FS, not f2fs (gcmatest.fs=f2fs)"
B=2048		# 4 KiB blocks per file, 8 MiB
H=$((B / 2))
Q=$((B / 4))
dir=$mnt/f2fs
rm -rf $dir
mkdir -p $dir || fail "cannot make $dir"
counters start

# new_file FILE ID GEN: B blocks, every page of them copied in the area
new_file() {
	filecheck write "$1" "$2" $B "$3" -q || fail "cannot write $1"
	all_copies "${1##*/}" "$1"
}

# move WHICH: blocks 0..H-1 of src to Q.. of dst; the copies of at least
# the WHICH (source or destination) range must be dropped
move() {
	snap
	filecheck f2fs-move $src $dst 0 $Q $H || fail "F2FS_IOC_MOVE_RANGE failed"
	counters "move range"
	[ "$(delta lend_invalidated)" -ge $((H / BPP)) ] ||
		fail "the move dropped $(delta lend_invalidated) copies, fewer than the $((H / BPP)) pages of the $1 range"
}

# read_back LABEL FILE ID SPEC LOADS: read buffered (nothing of FILE
# cached), holding SPEC, loading exactly LOADS pages from copies
read_back() {
	snap
	verify "$2" "$3" $B "$4" || fail "$1: $(wrong_block)"
	counters "$1 read back"
	[ "$(delta lend_loaded)" -eq "$5" ] ||
		fail "$1: the read loaded $(delta lend_loaded) copies, not $5"
}

echo "== F2FS_IOC_MOVE_RANGE, checkpointed blocks"
# blocks 0..H-1 of src move to Q..Q+H-1 of dst: src reads a hole there,
# dst src's gen-2 blocks.  Checkpointed (sync) blocks are copied through
# the destination's page cache, and the source's are unmapped behind it.
src=$dir/move-src
dst=$dir/move-dst
new_file $src 1 2
new_file $dst 1 1
move source
read_back "move source" $src 1 "2,0-$((H - 1)):0" $(((B - H) / BPP))
read_back "move destination" $dst 1 "1,$Q-$((Q + H - 1)):2@0" $(((B - H) / BPP))

echo "== F2FS_IOC_MOVE_RANGE, blocks not yet checkpointed"
# written after the last checkpoint, the source's blocks are handed to
# the destination as they are: its range is repointed behind its page
# cache, where only its copies are
rm -f $src $dst
new_file $dst 1 1
filecheck write $src 1 $B 2 -q || fail "cannot write $src"
move destination
read_back "move destination" $dst 1 "1,$Q-$((Q + H - 1)):2@0" $(((B - H) / BPP))
# what the source holds on the disk
sync
filecheck dontneed $src || fail "fadvise failed on $src"
read_back "move source" $src 1 "2,0-$((H - 1)):0" 0

echo "== atomic write"
f=$dir/atomic
new_file $f 1 1
snap
filecheck f2fs-atomic $f 1 2 $Q $H || fail "the atomic write failed"
counters "atomic write"
# from its start the file is refused: the pages it left alone are read
# from the disk, none from the copies made before
read_back "atomic write" $f 1 "1,$Q-$((Q + H - 1)):2" 0
sync
snap
page_out $f
counters "atomic write reclaimed"
[ "$(delta lend_stored)" -eq 0 ] ||
	fail "$(delta lend_stored) pages of a file written atomically stored in the area"
read_back "atomic write, reclaimed" $f 1 "1,$Q-$((Q + H - 1)):2" 0

echo "== pinned file"
# pinned while it has no blocks (f2fs refuses otherwise): its holes, read
# and reclaimed, are copies of zeroes that pinning must make unloadable
f=$dir/pinned
rm -f $f
truncate -s $((B * 4096)) $f || fail "cannot make $f"
all_copies "pinned (holes)" $f
filecheck f2fs-pin $f || fail "cannot pin $f"
read_back "pinned" $f 1 0 0
filecheck falloc $f alloc 0 $B || fail "cannot fallocate $f"
filecheck write $f 1 $B 1 -y -q || fail "cannot write $f"
sync
snap
page_out $f
counters "pinned, written and reclaimed"
[ "$(delta lend_stored)" -eq 0 ] ||
	fail "$(delta lend_stored) pages of a pinned file stored in the area"
read_back "pinned, written" $f 1 1 0

echo "== compressed file"
# text, which LZ4 compresses (filecheck's blocks are random, which f2fs
# writes uncompressed): decompressed clusters are copied, loaded and
# compared with what was written, before and after an overwrite
f=$dir/compressed
want=/tmp/compressed.want
rm -f $f
touch $f
filecheck f2fs-compress $f || fail "cannot set FS_COMPR_FL on $f"
yes "GCMA keeps a copy of this decompressed page of $f" | head -c $((B * 4096)) >$want
cp $want $f || fail "cannot write $f"
all_copies "compressed" $f
saved=$(filecheck f2fs-compressed $f) || fail "cannot read the compressed blocks of $f"
echo "compressed: $saved blocks saved"
[ "$saved" -gt 0 ] || fail "f2fs compressed no cluster of $f: the case would prove nothing"
snap
cmp $f $want || fail "compressed: the file read back differs from what was written"
counters "compressed read back"
[ "$(delta lend_loaded)" -eq $((B / BPP)) ] ||
	fail "compressed: the read loaded $(delta lend_loaded) copies, not $((B / BPP))"
yes "and this one was written over it" | head -c $((H * 4096)) >/tmp/compressed.new
for t in $f $want; do
	dd if=/tmp/compressed.new of=$t bs=4096 seek=$Q count=$H conv=notrunc 2>/dev/null ||
		fail "cannot overwrite $t"
done
rm -f /tmp/compressed.new
all_copies "compressed (new data)" $f
snap
cmp $f $want || fail "compressed, overwritten: the file read back differs from what was written"
counters "compressed, overwritten, read back"
[ "$(delta lend_loaded)" -eq $((B / BPP)) ] ||
	fail "compressed, overwritten: the read loaded $(delta lend_loaded) copies, not $((B / BPP))"
rm -f $want

counters end
rm -rf $dir
exit 0
