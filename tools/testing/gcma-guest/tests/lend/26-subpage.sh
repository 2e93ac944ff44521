#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Blocks smaller than the page (ext4 of 1 KiB blocks here; 4 KiB blocks
# under 16 KiB pages are the same case): a write of one block creates a
# page-cache folio without reading the page, so the folio is not uptodate
# and the copy of the page's older data is still in the area at its
# index.  Nothing may ever copy those old bytes over the written block.
#  - deterministic: every page of a file has a copy (generation 1); block
#    1 of each is rewritten (generation 2) and written back, and the
#    folios, not uptodate, are reclaimed by memory pressure: no copy may
#    be made of them (lend_stored), every old copy must go
#    (lend_invalidated), and the file must read back with no copy loaded;
#  - stress: for 20 s random 1 KiB blocks are rewritten (fdatasync every
#    16) while two threads read random pages, and the file is reclaimed
#    over and over (MADV_PAGEOUT of all of it, then a memory hog, which
#    takes folios uptodate or not): every block read must be at least as
#    new as before the read, and copies must have been loaded.
# No area churn: the copies must stay until a change, so that a stale one
# is seen.
. ./lib.sh

P=2048		# filecheck's 4 KiB blocks, 8 MiB: NP pages
NP=$((P / BPP))
dev=$(disk_by_serial gcmadisk1k) ||
	fail "no disk of 1 KiB blocks (a virtio disk with serial gcmadisk1k: boots' disk1k:SIZE)"
m=/mnt1k
mkdir -p $m
grep -q " $m ext4 " /proc/mounts || mount -t ext4 $dev $m || fail "cannot mount $dev on $m"
f=$m/subpage
rm -f $f
counters start

filecheck write $f 1 $P 1 -y -q || fail "cannot write $f"
all_copies "gen 1" $f
# the old copies go as reclaim takes the folios of the writes (or
# earlier, should the writes drop them): counted from before the writes
snap
filecheck subpage $f 1 $P || fail "cannot write block 1 of each page of $f"
# mincore, which evict watches, does not see folios that are not
# uptodate: evict a decoy written after them, so that reclaim reaches them
# first, until cachestat sees none of them left (up to six rounds of it:
# x86_64 took three)
for round in 1 2 3 4 5 6; do
	filecheck write $m/decoy$round 2 $P 1 -y -q || fail "cannot write a decoy"
	filecheck evict $m/decoy$round
	left=$(filecheck cached $f | awk '{ print $2 }')
	[ "$left" -gt 0 ] || break
done
counters "block 1 of each page written back, reclaimed"
[ "$left" -eq 0 ] ||
	fail "reclaim left $left of the $NP pages of $f cached after $round rounds: the test would prove nothing"
[ "$(delta lend_stored)" -le $((round * NP)) ] ||
	fail "$(($(delta lend_stored) - round * NP)) copies made of folios that were not uptodate (a decoy has $NP pages)"
[ "$(delta lend_invalidated)" -ge $NP ] ||
	fail "the writes and the reclaim dropped $(delta lend_invalidated) copies, fewer than the $NP pages written"
snap
filecheck subpage $f 1 $P -l 0 || fail "$f read back wrong after the reclaim"
[ "$(delta lend_loaded)" -eq 0 ] ||
	fail "$(delta lend_loaded) copies of gen 1 loaded into pages written since"

echo "== stress: 1 KiB writes, buffered readers, reclaim"
snap
filecheck subpage $f 1 $P -l 20 >/tmp/subpage.out 2>&1 &
pid=$!
rounds=0
while kill -0 $pid 2>/dev/null; do
	# the whole file into copies (its folios not uptodate read first),
	# then memory pressure, which takes what the readers leave cold
	filecheck pageout $f >/dev/null 2>&1
	filecheck evict $f >/dev/null 2>&1
	rounds=$((rounds + 1))
done
wait $pid
rc=$?
cat /tmp/subpage.out
counters "stress, $rounds reclaim rounds"
[ $rc -eq 0 ] || fail "stress: a read gave older data than the file held: $(grep -m 1 piece /tmp/subpage.out)"
[ "$(delta lend_stored)" -gt 0 ] && [ "$(delta lend_loaded)" -gt 0 ] ||
	fail "stress: no copy stored or loaded: the file did not go through the area"
rm -f $f $m/decoy*
umount $m || fail "cannot unmount $m"
exit 0
