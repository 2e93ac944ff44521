#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# A readahead batch that holds copies: the copies are loaded, and each run
# of pages between them is read with one ->readahead() of its own, not a
# ->read_folio() per page.  A file of 1024 pages is reclaimed whole (a
# copy of every page), then POSIX_FADV_DONTNEED on the 63 pages after
# every 64th drops their copies; read back sequentially, it must load the
# 16 copies left, give exactly what was written, and cost the disk few
# read bios (its stat's reads plus merges): about one per run and one per
# batch without a copy, where page by page would be over 500.
. ./lib.sh

blocks=1024
dir=$mnt/runs
f=$dir/f
stat=/sys/class/block/${disk#/dev/}/stat
[ -r "$stat" ] || fail "no $stat for $disk"
bios() { awk '{ print $1 + $2 }' "$stat"; }

rm -rf $dir
mkdir -p $dir
filecheck write $f 12 $blocks 1 -q || fail "cannot write $f"
all_copies "$f" $f
k=0
while [ $k -lt $blocks ]; do
	filecheck dontneed $f $((k + 1)) 63 >/dev/null ||
		fail "POSIX_FADV_DONTNEED on $f failed"
	k=$((k + 64))
done
[ "$(filecheck resident $f | awk '{ print $2 }')" = 0 ] ||
	fail "pages of $f still cached: $(filecheck resident $f)"
counters "copies of every 64th page left"

snap
b0=$(bios)
verify $f 12 $blocks 1 -q || fail "$(wrong_block)"
b=$(($(bios) - b0))
loaded=$(delta lend_loaded)
counters "read back: $b read bios"
[ "$loaded" -eq $((blocks / 64)) ] ||
	fail "$loaded copies loaded, $((blocks / 64)) were left"
[ "$b" -le $((blocks / 8)) ] ||
	fail "$b read bios for $blocks blocks around $loaded copies: the runs between the copies were read page by page"
rm -rf $dir
exit 0
