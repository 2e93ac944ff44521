#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Defer-free on the default area: with a limit set, repeated 8 MiB
# allocate/free cycles are served from the cache (the sysfs counters move
# as expected), bad limits are refused and change nothing, and setting
# the limit to 0 gives everything back.
. ../lib/defer.sh
# on failure too, the cache is emptied and the limit goes back
fail() { echo "FAIL: $*"; [ -n "$old" ] && defer_reset "$old"; exit 1; }

sys=/sys/kernel/mm/cma/reserved
dbg=/sys/kernel/debug/cma/reserved
[ -f $sys/defer_free_max_pages ] || { echo "SKIP: no defer-free in this kernel"; exit 77; }
rd() { cat $sys/defer_free_$1; }

old=$(rd max_pages)
used0=$(cat $dbg/used)
echo 4096 > $sys/defer_free_max_pages || fail "cannot set the limit"
h0=$(rd hits) m0=$(rd misses)

cma-latency -a reserved -p 2048 -n 20 -l defer || fail "cma-latency failed"
h1=$(rd hits) m1=$(rd misses) cached=$(rd cached_pages)
echo "hits $h0 -> $h1, misses $m0 -> $m1, cached $cached, used $(cat $dbg/used)"
[ $((h1 - h0)) -eq 19 ] || fail "expected 19 hits in 20 cycles, got $((h1 - h0))"
[ $((m1 - m0)) -eq 1 ] || fail "expected 1 miss, got $((m1 - m0))"
[ "$cached" -eq 2048 ] || fail "expected the last 2048 pages cached, got $cached"
[ "$(cat $dbg/used)" -eq $((used0 + 2048)) ] || fail "cached pages not counted as used"

for bad in abc -1 12x "" 0x1g 99999999999999999999 $(( $(cat $dbg/count) + 1 )); do
	(echo "$bad" > $sys/defer_free_max_pages) 2>/dev/null &&
		fail "limit '$bad' accepted"
	[ "$(rd max_pages)" -eq 4096 ] || fail "limit '$bad' changed the limit"
done

echo 0 > $sys/defer_free_max_pages || fail "cannot turn defer-free off"
[ "$(rd cached_pages)" -eq 0 ] || fail "limit 0 kept pages cached"
[ "$(cat $dbg/used)" -eq "$used0" ] || fail "pages not given back"
echo "$old" > $sys/defer_free_max_pages
exit 0
