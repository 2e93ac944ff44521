#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Two guaranteed areas lending at once (numa_cma=0:32M,1:32M,guaranteed
# and a scratch disk): one store of copies over both.
#  - a file reclaimed whole fills the areas' free pages, the first area
#    first; each area counts only its own copies, and the areas' counters
#    add up to the copies made (lend_stored);
#  - with both full, the evictions for the copies of a second file rotate
#    over the areas (each evicts about half);
#  - lend=0 on one area gives back its copies only; the other's stay and
#    are read back; the reclaim meanwhile stores copies in the other only;
#  - an allocation of a whole area takes back its copies only;
#  - every read gives the files' data (filecheck verify).
# Skipped in the boots without two guaranteed areas or without a disk.
fail() { echo "FAIL: $*"; exit 1; }
skip() { echo "SKIP: $*"; exit 77; }
. ../lib/disk.sh

areas=
for d in /sys/kernel/mm/cma/*; do
	[ "$(cat $d/guaranteed 2>/dev/null)" = 1 ] && [ -r $d/lend ] &&
		areas="$areas ${d##*/}"
done
set -- $areas
[ $# -ge 2 ] || skip "fewer than two guaranteed areas lending:$areas"
a=$1 b=$2
disk=$(disk_by_serial gcmadisk) || skip "no scratch disk (boots: disk:SIZE)"
mnt=/mnt
grep -q " $mnt ext4 " /proc/mounts || mount -t ext4 $disk $mnt ||
	fail "cannot mount $disk on $mnt"

rd() { cat /sys/kernel/mm/cma/$1/$2; }
pages_of() { cat /sys/kernel/debug/cma/$1/count; }
line() { echo "$1: $a lent=$(rd $a lent_pages) stored=$(rd $a lend_stored) evicted=$(rd $a lend_evicted) loaded=$(rd $a lend_loaded) taken=$(rd $a lend_taken_back); $b lent=$(rd $b lent_pages) stored=$(rd $b lend_stored) evicted=$(rd $b lend_evicted) loaded=$(rd $b lend_loaded) taken=$(rd $b lend_taken_back)"; }
# snap; d AREA COUNTER: how it changed since
snap() {
	for x in $a $b; do
		for c in lend_stored lend_evicted lend_loaded lend_taken_back; do
			eval "s_${x}_$c=$(rd $x $c)"
		done
	done
}
d() { eval "echo \$(($(rd $1 $2) - s_$1_$2))"; }
verify() {
	filecheck verify "$@" >/tmp/verify.out 2>&1 && return 0
	cat /tmp/verify.out
	fail "$1: $(grep -m 1 -E ' block [0-9]+: |^filecheck: ' /tmp/verify.out)"
}

na=$(pages_of $a) nb=$(pages_of $b)
echo "areas $a ($na pages) and $b ($nb pages), both lending"
[ "$(rd $a lend)" = 1 ] && [ "$(rd $b lend)" = 1 ] || fail "an area does not lend at boot"
[ "$(rd $a lent_pages)" = 0 ] && [ "$(rd $b lent_pages)" = 0 ] ||
	fail "pages lent before the test"
# files of 3/4 of both areas together, in 4 KiB blocks
blocks=$(((na + nb) * 3 / 4))
dir=$mnt/two
rm -rf $dir
mkdir -p $dir
filecheck write $dir/f1 1 $blocks 1 -q || fail "cannot write $dir/f1"
filecheck write $dir/f2 2 $blocks 1 -q || fail "cannot write $dir/f2"
sync

echo "== the free pages first"
snap
filecheck pageout $dir/f1 || fail "reclaim left pages of f1 cached"
line "f1 reclaimed"
sa=$(d $a lend_stored) sb=$(d $b lend_stored)
[ $((sa + sb)) -eq "$blocks" ] ||
	fail "$blocks pages reclaimed, $sa + $sb copies stored"
[ "$(rd $a lent_pages)" -eq "$sa" ] && [ "$(rd $b lent_pages)" -eq "$sb" ] ||
	fail "an area's lent_pages is not the copies it stored"
# one area is filled before the other is used
if [ "$sa" -ge "$sb" ]; then first=$a fs=$sa fn=$na; else first=$b fs=$sb fn=$nb; fi
[ "$fs" -ge $((fn - 64)) ] ||
	fail "$first holds $fs of its $fn pages while the other area got copies too: free pages were left"
[ "$(d $a lend_evicted)" = 0 ] && [ "$(d $b lend_evicted)" = 0 ] ||
	fail "copies evicted while free pages were left"

echo "== both full: the evictions rotate"
snap
filecheck pageout $dir/f2 || fail "reclaim left pages of f2 cached"
line "f2 reclaimed"
ea=$(d $a lend_evicted) eb=$(d $b lend_evicted)
sa=$(d $a lend_stored) sb=$(d $b lend_stored)
[ $((sa + sb)) -eq "$blocks" ] || fail "$blocks pages reclaimed, $sa + $sb copies stored"
echo "evicted: $a $ea, $b $eb"
[ "$ea" -ge $(((ea + eb) / 4)) ] && [ "$eb" -ge $(((ea + eb) / 4)) ] ||
	fail "the evictions did not rotate over the areas: $a $ea, $b $eb"
[ "$(rd $a lent_pages)" -eq "$na" ] && [ "$(rd $b lent_pages)" -eq "$nb" ] ||
	fail "both areas should be full of copies"

echo "== lend=0 on $b"
lent_a=$(rd $a lent_pages)
echo 0 >/sys/kernel/mm/cma/$b/lend || fail "cannot write 0 to $b/lend"
trap 'echo 1 >/sys/kernel/mm/cma/'$b'/lend' EXIT
line "$b lend=0"
[ "$(rd $b lent_pages)" = 0 ] || fail "$b lend=0 left $(rd $b lent_pages) pages lent"
[ "$(rd $a lent_pages)" -eq "$lent_a" ] ||
	fail "$b lend=0 changed $a's lent pages: $lent_a -> $(rd $a lent_pages)"
snap
verify $dir/f2 2 $blocks 1 -q
verify $dir/f1 1 $blocks 1 -q
line "read back"
[ "$(d $a lend_loaded)" -gt 0 ] || fail "nothing loaded from $a"
[ "$(d $b lend_loaded)" = 0 ] || fail "$(d $b lend_loaded) loads from $b, which lends no more"
sync
snap
filecheck pageout $dir/f1 || fail "reclaim left pages of f1 cached"
line "f1 reclaimed again"
[ "$(d $b lend_stored)" = 0 ] || fail "$b stored $(d $b lend_stored) copies with lend=0"
[ "$(d $a lend_stored)" -gt 0 ] || fail "$a stored nothing"
echo 1 >/sys/kernel/mm/cma/$b/lend || fail "cannot write 1 to $b/lend"
trap - EXIT

echo "== an allocation of all of $a takes back its copies only"
filecheck pageout $dir/f2 || fail "reclaim left pages of f2 cached"
line "f2 reclaimed again"
lent_b=$(rd $b lent_pages)
[ "$lent_b" -gt 0 ] || fail "$b lends nothing after lend=1"
snap
echo "$na" >/sys/kernel/debug/cma/$a/alloc || fail "cannot allocate all of $a"
line "$a allocated whole"
[ "$(rd $a lent_pages)" = 0 ] || fail "$(rd $a lent_pages) pages of $a lent while it is allocated"
[ "$(rd $b lent_pages)" -eq "$lent_b" ] ||
	fail "the allocation from $a changed $b's lent pages: $lent_b -> $(rd $b lent_pages)"
[ "$(d $b lend_taken_back)" = 0 ] || fail "copies of $b taken back for $a"
[ "$(d $a lend_taken_back)" -gt 0 ] || fail "no copy of $a taken back"
echo "$na" >/sys/kernel/debug/cma/$a/free || fail "cannot free $a"
verify $dir/f1 1 $blocks 1 -q
verify $dir/f2 2 $blocks 1 -q
line "end"
rm -rf $dir
exit 0
