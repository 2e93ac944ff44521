#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The tracepoints, read through tracefs as an integrator would: on a
# guaranteed area gcma:gcma_alloc and gcma:gcma_free report each range
# allocated and freed through debugfs, pfn and size; with defer-free on,
# cma_defer:cma_defer_keep, _hit, _miss, _drain and _shrink report a
# release kept, an allocation served from the cache, one it could not
# serve, an allocation that emptied the cache to find room, and the
# shrinker (called by drop_caches) giving cached pages back.
fail() { echo "FAIL: $*"; exit 1; }

sys=/sys/kernel/mm/cma/reserved
dbg=/sys/kernel/debug/cma/reserved
t=/sys/kernel/tracing
[ -d $t/events ] || mount -t tracefs tracefs $t 2>/dev/null
[ -d $t/events ] || fail "no tracefs events (CONFIG_TRACING off?)"
[ -d $sys ] || fail "no default area"

# traced EVENTS... -- COMMAND...: run COMMAND with the events on, the
# trace emptied first; the trace is left in /tmp/trace
traced() {
	local e rc
	echo >$t/trace
	while [ "$1" != -- ]; do
		echo 1 >$t/events/$1/enable || fail "cannot enable $1"
		e="$e $1"
		shift
	done
	shift
	"$@"
	rc=$?
	for e in $e; do echo 0 >$t/events/$e/enable; done
	cat $t/trace >/tmp/trace
	return $rc
}
# event NAME FIELDS: the first NAME event's line has FIELDS (a regex)
event() {
	grep -q " $1: .*$2" /tmp/trace ||
		{ grep -v '^#' /tmp/trace; fail "no $1 event with $2"; }
}

# from an empty cache, whatever the tests before left in it
. ../lib/defer.sh
[ ! -f $sys/defer_free_max_pages ] ||
	defer_reset "$(cat $sys/defer_free_max_pages)" || fail "cannot empty the defer-free cache"
used0=$(cat $dbg/used)
if [ "$(cat $sys/guaranteed)" = 1 ]; then
	[ -d $t/events/gcma/gcma_alloc ] && [ -d $t/events/gcma/gcma_free ] ||
		fail "no gcma:gcma_alloc or gcma:gcma_free event"
	traced gcma/gcma_alloc gcma/gcma_free -- sh -c "echo 300 >$dbg/alloc && echo 300 >$dbg/free" ||
		fail "cannot allocate and free 300 pages"
	event gcma_alloc "name=reserved pfn=0x[0-9a-f]* count=300 lent=[0-9]*"
	event gcma_free "name=reserved pfn=0x[0-9a-f]* count=300 bad=0"
	a=$(sed -n 's/.* gcma_alloc: .* pfn=\(0x[0-9a-f]*\) .*/\1/p' /tmp/trace)
	f=$(sed -n 's/.* gcma_free: .* pfn=\(0x[0-9a-f]*\) .*/\1/p' /tmp/trace)
	echo "gcma_alloc pfn $a, gcma_free pfn $f"
	[ "$a" = "$f" ] || fail "freed at $f what was allocated at $a"
fi

if [ ! -f $sys/defer_free_max_pages ]; then
	echo "no defer-free in this kernel: its events not tested"
	exit 0
fi
for e in keep hit miss drain shrink; do
	[ -d $t/events/cma_defer/cma_defer_$e ] || fail "no cma_defer:cma_defer_$e event"
done
old=$(cat $sys/defer_free_max_pages)
chunk=$(cat $dbg/maxchunk)
echo 4096 >$sys/defer_free_max_pages || fail "cannot set the defer-free limit"
traced cma_defer -- sh -c "echo 2048 >$dbg/alloc && echo 2048 >$dbg/free &&
	echo 2048 >$dbg/alloc && echo 2048 >$dbg/free" ||
	fail "cannot allocate and free 2048 pages twice"
event cma_defer_miss "name=reserved count=2048 align=0"
event cma_defer_keep "name=reserved pfn=0x[0-9a-f]* count=2048"
event cma_defer_hit "name=reserved pfn=0x[0-9a-f]* count=2048"

# on a guaranteed area, its largest free range at the start: it fits
# only once the cache is given back (on a stock area that would mean
# migrating whatever the page allocator put there: another test)
if [ "$(cat $sys/guaranteed)" = 1 ]; then
	traced cma_defer/cma_defer_drain -- sh -c "echo $chunk >$dbg/alloc" ||
		fail "cannot allocate the $chunk pages of the largest free range"
	echo $chunk >$dbg/free
	event cma_defer_drain "name=reserved pages=2048"
fi

echo 2048 >$dbg/alloc && echo 2048 >$dbg/free || fail "cannot fill the cache again"
[ "$(cat $sys/defer_free_cached_pages)" -eq 2048 ] || fail "nothing cached for the shrinker"
traced cma_defer/cma_defer_shrink -- sh -c "echo 2 >/proc/sys/vm/drop_caches"
event cma_defer_shrink "nr_to_scan=[0-9]* freed=2048"
[ "$(cat $sys/defer_free_cached_pages)" -eq 0 ] || fail "the shrinker left pages cached"
grep -v '^#' /tmp/trace
echo "$old" >$sys/defer_free_max_pages
[ "$(cat $dbg/used)" -eq "$used0" ] || fail "pages not given back at the end"
exit 0
