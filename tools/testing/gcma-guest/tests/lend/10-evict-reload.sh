#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Copies made by reclaim and read back: files half again as large as the
# memory available, written, synced and evicted by an anonymous memory
# hog (real reclaim: drop_caches would drop the copies too).  The area
# must then hold copies (lent_pages, lend_stored), and reading every file
# back must give exactly what was written, part of it from the copies
# (lend_loaded).  /proc/vmstat counts the stores and loads as the area
# does (gcma_file_stored, gcma_file_loaded).  Last, lend=0 must give
# every copy back at once.
. ./lib.sh

blocks=8192	# 32 MiB files
dir=$mnt/evict
avail=$(mem_mib MemAvailable)
room=$(df -m $mnt | awk 'NR == 2 { print $4 }')
total=$((avail * 3 / 2))
[ "$total" -le $((room - 128)) ] || total=$((room - 128))
n=$((total / 32))
[ "$n" -ge 2 ] || fail "only $room MiB free on $mnt"
echo "MemAvailable ${avail} MiB, area $(($(cat $dbg/count) / PPM)) MiB: $n files of 32 MiB"
mkdir -p $dir
counters start
snap

t0=$(date +%s)
i=1
while [ $i -le $n ]; do
	filecheck write $dir/f$i $i $blocks 1 -q || fail "cannot write $dir/f$i"
	i=$((i + 1))
done
sync
counters "written and synced in $(($(date +%s) - t0))s"
evict $dir/f*
counters evicted
same_delta file_stored gcma_file_stored "copies made by the eviction"
stored=$(delta lend_stored)
lent=$(rd lent_pages)
[ "$stored" -gt 0 ] || fail "reclaim evicted $n files and the area stored no copy"
[ "$lent" -gt 0 ] || fail "no page lent after the eviction"

loaded0=$(rd lend_loaded)
snap
t0=$(date +%s)
i=1
while [ $i -le $n ]; do
	verify $dir/f$i $i $blocks 1 -q || fail "$(wrong_block)"
	i=$((i + 1))
done
loaded=$(($(rd lend_loaded) - loaded0))
counters "verified in $(($(date +%s) - t0))s"
same_delta file_loaded gcma_file_loaded "reads served from copies"
echo "$((n * blocks)) pages written, $stored copies stored, $lent lent after the eviction, $loaded loaded back"
[ "$loaded" -gt 0 ] || fail "no copy loaded back while reading $n evicted files"

# lend=0: no copy left, none made; lend=1 lends again
lent=$(rd lent_pages)
snap
echo 0 >$sys/lend || fail "cannot write 0 to lend"
# whatever happens next, the tests after this one need lending on
trap 'echo 1 >$sys/lend' EXIT
counters "lend=0"
[ "$(rd lend)" = 0 ] || fail "lend reads $(rd lend) after writing 0"
[ "$(rd lent_pages)" -eq 0 ] || fail "lend=0 left $(rd lent_pages) pages lent"
[ "$lent" -eq 0 ] || [ "$(delta lend_invalidated)" -gt 0 ] ||
	fail "lend=0 gave $lent copies back without counting them (lend_invalidated)"
verify $dir/f1 1 $blocks 1 -q || fail "lend=0: $(wrong_block)"
sync
snap
page_out $dir/f1
[ "$(delta lend_stored)" -eq 0 ] || fail "lend=0 and still $(delta lend_stored) copies stored"
echo 1 >$sys/lend || fail "cannot write 1 to lend"
[ "$(rd lend)" = 1 ] || fail "lend reads $(rd lend) after writing 1"
trap - EXIT
rm -rf $dir
exit 0
