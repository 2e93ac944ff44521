#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Copies that outlive their inodes (mm/gcma_file.c, gcma_file_attach()):
# copies are keyed by the file (super block, inode number, generation),
# so a file read again after its inode was freed still finds them.
#  - A file set is written, reclaimed into copies, closed, and its inodes
#    evicted: by the inode shrinker (drop_caches=2), which on x86_64 and
#    arm64 frees an inode with reclaim's shadow entries only if the file
#    is one page (mapping_shrinkable()), so the set's small files are one
#    page each; on ext4 the larger files are evicted at their last close
#    after a toggle of FS_DAX_FL (filecheck dontcache).  Each eviction is
#    counted by the filesystem's evict_inode tracepoint.  Read again,
#    every page is loaded from a copy and the data is right.
#  - Then the changes that must not find a kept copy, with the inode
#    evicted before each: unlink and a create that reuses the inode
#    number (ext4); rename over; umount, the file's blocks rewritten on
#    the device, mount; remount read-only, then read-write.
. ./lib.sh

dir=$mnt/reclaimed
tr=/sys/kernel/tracing
[ -d $tr/events ] || mount -t tracefs tracefs $tr 2>/dev/null
small=64	# one-page files
big=4		# files of $bigp pages, on ext4
bigp=256

# evict_start: count inode evictions from now on (evictions)
evict_start() {
	ev=$tr/events/$FS/${FS}_evict_inode
	[ -d "$ev" ] || fail "no tracepoint $FS:${FS}_evict_inode"
	echo >$tr/trace
	echo 1 >"$ev/enable"
}
# evictions FILE...: how many of the files' inodes (numbers taken before)
# were evicted since evict_start
evictions() {
	echo 0 >"$ev/enable"
	awk -v inos=" $* " '{
		if (match($0, /ino[ =]+[0-9]+/)) {
			n = substr($0, RSTART, RLENGTH); sub(/ino[ =]+/, "", n)
			if (index(inos, " " n " ") && !seen[n]++) c++
		}
	} END { print c + 0 }' $tr/trace
}
inos() { stat -c %i "$@" | tr '\n' ' '; }
sectors() { awk '{ print $3 }' "/sys/block/${disk#/dev/}/stat"; }
# evict_inodes: every unused inode the shrinker can free goes; a
# recently used one only at its second pass, which drop_caches makes only
# while each pass frees more than 10 objects: three rounds
evict_inodes() {
	sync
	echo 2 >/proc/sys/vm/drop_caches
	echo 2 >/proc/sys/vm/drop_caches
	echo 2 >/proc/sys/vm/drop_caches
}

rm -rf $dir
mkdir -p $dir
counters start

# --- survival ---------------------------------------------------------
i=1
while [ $i -le $small ]; do
	filecheck write $dir/s$i $i $BPP 1 -q || fail "cannot write $dir/s$i"
	i=$((i + 1))
done
files=$(ls -d $dir/s*)
pages=$small
if [ $FS = ext4 ]; then
	i=1
	while [ $i -le $big ]; do
		filecheck write $dir/b$i $((100 + i)) $((bigp * BPP)) 1 -q ||
			fail "cannot write $dir/b$i"
		i=$((i + 1))
	done
	files="$files $(ls -d $dir/b*)"
	pages=$((pages + big * bigp))
fi
sync
nfiles=$(echo "$files" | wc -w)
# shellcheck disable=SC2086 # lists of files
numbers=$(inos $files)
snap
# shellcheck disable=SC2086
page_out $files
counters "$pages pages of $nfiles files reclaimed"
[ "$(delta lend_stored)" -eq "$pages" ] ||
	fail "$(delta lend_stored) of the $pages pages stored: the test would prove nothing"

evict_start
# shellcheck disable=SC2086
[ $FS = ext4 ] && { filecheck dontcache $dir/b* || fail "cannot mark the larger files don't-cache"; }
evict_inodes
# shellcheck disable=SC2086
evicted=$(evictions $numbers)
counters "$evicted of $nfiles inodes evicted"
[ "$evicted" -eq "$nfiles" ] ||
	fail "only $evicted of the $nfiles inodes were evicted: the test would prove less"
[ "$(delta lend_invalidated)" -eq 0 ] ||
	fail "evicting the inodes dropped $(delta lend_invalidated) copies"

snap
s0=$(sectors)
i=1
while [ $i -le $small ]; do
	verify $dir/s$i $i $BPP 1 -q || fail "small file $i after its inode was evicted: $(wrong_block)"
	i=$((i + 1))
done
if [ $FS = ext4 ]; then
	i=1
	while [ $i -le $big ]; do
		verify $dir/b$i $((100 + i)) $((bigp * BPP)) 1 -q ||
			fail "large file $i after its inode was evicted: $(wrong_block)"
		i=$((i + 1))
	done
fi
counters "read again, $(($(sectors) - s0)) sectors read from $disk"
[ "$(delta lend_loaded)" -eq "$pages" ] ||
	fail "$(delta lend_loaded) of the $pages pages loaded from copies after their inodes were evicted"

# keep_one FILE ID: write a page of ID, reclaim it into a copy and evict
# its inode, whose number it leaves in ino
keep_one() {
	filecheck write "$1" "$2" $BPP 1 -q || fail "cannot write $1"
	sync
	ino=$(stat -c %i "$1")
	snap
	page_out "$1"
	[ "$(delta lend_stored)" -eq 1 ] || fail "$1: $(delta lend_stored) copies stored, not 1"
	evict_start
	evict_inodes
	[ "$(evictions "$ino")" = 1 ] || fail "$1: its inode was not evicted"
}

# --- unlink, and a create that reuses the number ----------------------
# ext4 gives the lowest free number of the group again at once; f2fs
# gives a freed nid out again only after every free nid it has cached
# (seen: not in 64 creates), so the case runs on ext4 only
if [ $FS = ext4 ]; then
	keep_one $dir/a 200
	rm $dir/a
	try=1
	while :; do
		# a hole: only the size changes, so that no write of the
		# new file's own drops what it must never find
		truncate -s "$PAGE" $dir/n || fail "cannot make $dir/n"
		[ "$(stat -c %i $dir/n)" = "$ino" ] && break
		[ $try -lt 8 ] || fail "no new file got inode number $ino again in 8 creates"
		mv $dir/n $dir/n$try
		try=$((try + 1))
	done
	snap
	verify $dir/n 201 $BPP 0 -q || fail "a new file with the number $ino of a deleted one: $(wrong_block)"
	counters "new file, number $ino reused after $try creates, read"
	[ "$(delta lend_loaded)" -eq 0 ] || fail "the new file loaded $(delta lend_loaded) copies"
	rm -f $dir/n*
else
	echo "$FS: no case of a reused inode number (f2fs reuses a freed nid only after its cached free nids)"
fi

# --- rename over --------------------------------------------------------
keep_one $dir/r 300
filecheck write $dir/r2 301 $BPP 1 -d -q || fail "cannot write $dir/r2"
mv $dir/r2 $dir/r
snap
verify $dir/r 301 $BPP 1 -q || fail "renamed over a file with a kept copy: $(wrong_block)"
[ "$(delta lend_loaded)" -eq 0 ] || fail "the file renamed over loaded $(delta lend_loaded) copies"
echo "renamed over: read right, no copy loaded"

# --- umount, the blocks rewritten on the device, mount ----------------
keep_one $dir/u 400
fm=$(filecheck fiemap $dir/u) || fail "no FIEMAP of $dir/u"
# shellcheck disable=SC2086 # offset and length
set -- $fm
off=$1
[ "$2" -ge "$PAGE" ] || fail "$dir/u: the first extent is $2 bytes, less than a page"
filecheck write /tmp/u 401 $BPP 1 -q || fail "cannot write /tmp/u"
lent=$(rd lent_pages)
snap
umount $mnt || fail "cannot unmount $mnt"
counters "unmounted"
{ [ "$(rd lent_pages)" -lt "$lent" ] && [ "$(delta lend_invalidated)" -ge 1 ]; } ||
	fail "unmounting dropped $(delta lend_invalidated) copies, lent $(rd lent_pages) of $lent"
dd if=/tmp/u of="$disk" bs=4096 seek=$((off / 4096)) count=$BPP conv=notrunc,fsync 2>/dev/null ||
	fail "cannot write $disk"
rm -f /tmp/u
mount -t $FS "$disk" $mnt || fail "cannot mount $disk again"
snap
verify $dir/u 401 $BPP 1 -q || fail "blocks rewritten while unmounted: $(wrong_block)"
[ "$(delta lend_loaded)" -eq 0 ] || fail "the rewritten file loaded $(delta lend_loaded) copies"
echo "rewritten while unmounted: read right"

# --- read-only, then read-write -----------------------------------------
filecheck write $dir/o 500 $BPP 1 -q || fail "cannot write $dir/o"
sync
mount -o remount,ro $mnt || fail "cannot remount $mnt read-only"
ino=$(stat -c %i $dir/o)
verify $dir/o 500 $BPP 1 -q || fail "read-only: $(wrong_block)"
snap
page_out $dir/o
[ "$(delta lend_stored)" -eq 1 ] || fail "read-only: $(delta lend_stored) copies stored, not 1"
evict_start
evict_inodes
[ "$(evictions "$ino")" = 1 ] || fail "read-only: the inode was not evicted"
snap
mount -o remount,rw $mnt || fail "cannot remount $mnt read-write"
counters "remounted read-write"
[ "$(delta lend_invalidated)" -ge 1 ] ||
	fail "remounting read-write kept the copies of the read-only mount"
verify $dir/o 500 $BPP 1 -q || fail "after remount: $(wrong_block)"

rm -rf $dir
exit 0
