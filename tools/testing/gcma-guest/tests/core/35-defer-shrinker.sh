#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The defer-free shrinker under real memory pressure: fill the cache with
# 64 MiB, start a memory hog that wants all the free memory and as much
# again as the cache holds, and check that reclaim called the shrinker
# (defer_free_shrunk_pages grew) and the cache shrank by exactly that much.
# A hog of just MemFree reached reclaim only because the allocator keeps
# the last 10-15 MiB of it back (watermarks, lowmem reserve), and once in
# CI the shrinker never ran; the cache is the only large thing reclaim can
# free here, so a hog larger than free memory by the cache's size reaches
# it in any case (or the OOM killer, which the harness reports), and stops
# as soon as it has.  The pages a stock area gets back are
# MIGRATE_CMA: fit for the hog's anonymous pages, not for page tables or
# anything else unmovable, and the rest of memory is gone by then.  A hog
# that maps as it goes ended in the OOM killer on ARM (whose highmem is all
# CMA area), however soon it was stopped; churn -w maps its whole ring
# and faults in its page tables first, keeps the counter file open, and
# stops itself after the chunk during which the shrinker ran, and this
# script only waits for it (a polling loop forks).  A guaranteed area's
# cache goes back to GCMA and cannot relieve the page allocator at all,
# so the test runs on stock areas only.

. ../lib/defer.sh
# on failure too, the cache is emptied and the limit goes back
fail() { echo "FAIL: $*"; [ -n "$old" ] && defer_reset "$old"; exit 1; }

sys=/sys/kernel/mm/cma/reserved
dbg=/sys/kernel/debug/cma/reserved
[ -f $sys/defer_free_max_pages ] || { echo "SKIP: no defer-free in this kernel"; exit 77; }
[ "$(cat $sys/guaranteed)" = 0 ] ||
	{ echo "SKIP: a guaranteed area's cache cannot feed the page allocator"; exit 77; }
rd() { cat $sys/defer_free_$1; }

old=$(rd max_pages)
# from an empty cache, whatever the tests before left in it
echo 0 > $sys/defer_free_max_pages || fail "cannot empty the cache"
used0=$(cat $dbg/used)
echo 16384 > $sys/defer_free_max_pages || fail "cannot set the limit"
for i in 1 2 3 4 5 6 7 8; do echo 2048 > $dbg/alloc || fail "alloc $i failed"; done
for i in 1 2 3 4 5 6 7 8; do echo 2048 > $dbg/free || fail "free $i failed"; done
cached0=$(rd cached_pages) s0=$(rd shrunk_pages)
[ "$cached0" -eq 16384 ] || fail "expected 16384 pages cached, got $cached0"

grep -E '^(MemFree|Cached|SReclaimable|CmaFree):' /proc/meminfo | tr -s ' ' | tr '\n' ' '
echo
free_mib=$(awk '/^MemFree:/ { print int($2 / 1024) }' /proc/meminfo)
hog_mib=$((free_mib + cached0 / 256))	# 4 KiB pages
t0=$(date +%s)
timeout 120 churn -m "$hog_mib" -c 2 -w $sys/defer_free_shrunk_pages >/tmp/hog.out 2>&1
rc=$? t=$(($(date +%s) - t0))
cat /tmp/hog.out
cached1=$(rd cached_pages) shrunk=$(($(rd shrunk_pages) - s0))
echo "hog of $hog_mib MiB (MemFree $free_mib MiB and the cache), exit status $rc after ${t}s: cached $cached0 -> $cached1 pages, shrunk $shrunk pages"
[ "$shrunk" -gt 0 ] || fail "the shrinker gave nothing back"
[ "$cached1" -lt "$cached0" ] || fail "the cache did not shrink"
[ $((cached0 - cached1)) -eq "$shrunk" ] ||
	fail "cache shrank by $((cached0 - cached1)) pages, shrunk_pages says $shrunk"

echo 0 > $sys/defer_free_max_pages
[ "$(cat $dbg/used)" -eq "$used0" ] || fail "pages not given back at the end"
echo "$old" > $sys/defer_free_max_pages
exit 0
