#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Compaction over a guaranteed area that is half allocated: its scanners
# walk the area (the compaction tracepoints, filtered to the area's pfn
# range, report pages of it scanned; a global vmstat count would move for
# any other memory) but take nothing from it, allocated or free, and the
# rest of the area can still be allocated afterwards.  (On the x86_64
# meet boot it is the free scanner that walks the area, 64 blocks; the
# migrate scanner stops short of it.)
. ./lib.sh

t=/sys/kernel/tracing
[ -d $t/events ] || mount -t tracefs tracefs $t 2>/dev/null
[ -d $t/events/compaction ] || fail "no compaction tracepoints in tracefs"
EVENTS="mm_compaction_isolate_migratepages mm_compaction_isolate_freepages"
# trace_on, trace_off: the scanners' events for blocks that overlap the
# area; the trace is left in /tmp/compaction.trace
trace_on() {
	local e
	echo >$t/trace
	for e in $EVENTS; do
		echo "start_pfn < $((base + count)) && end_pfn > $base" \
			>$t/events/compaction/$e/filter || fail "cannot filter $e"
		echo 1 >$t/events/compaction/$e/enable || fail "cannot enable $e"
	done
}
trace_off() {
	local e
	for e in $EVENTS; do
		echo 0 >$t/events/compaction/$e/enable
		echo 0 >$t/events/compaction/$e/filter
	done
	grep ': mm_compaction_isolate_' $t/trace >/tmp/compaction.trace
}
# scanned EVENT FIELD: the sum of FIELD over EVENT's lines in the trace
scanned() {
	sed -n "s/.* $1: .* $2=\([0-9]*\).*/\1/p" /tmp/compaction.trace |
		awk '{ s += $1 } END { print s + 0 }'
}

used=$(cat "$dbg/used")
half=$(((count - used) / 2))
alloc "$half" || fail "allocating half of the area"
counts "half allocated"
before="$(free_pages) $(cat "$sys/allocated_pages")"
flags "$base" "$count"
reserved0=$reserved
trace_on
echo 1 > /proc/sys/vm/compact_memory || fail "compact_memory"
trace_off
for e in $EVENTS; do
	echo "$e in the area: $(grep -c " $e:" /tmp/compaction.trace) blocks," \
		"$(scanned $e nr_scanned) pages scanned, $(scanned $e nr_taken) taken"
done
[ "$(scanned mm_compaction_isolate_migratepages nr_scanned)" -gt 0 ] ||
	[ "$(scanned mm_compaction_isolate_freepages nr_scanned)" -gt 0 ] ||
	fail "compaction's scanners walked no page of the area: the test proves nothing"
[ "$(scanned mm_compaction_isolate_migratepages nr_taken)" -eq 0 ] &&
	[ "$(scanned mm_compaction_isolate_freepages nr_taken)" -eq 0 ] ||
	fail "compaction isolated pages of the area"
counts compacted
[ "$(free_pages) $(cat "$sys/allocated_pages")" = "$before" ] ||
	fail "compaction changed the area's counts: $before -> $(free_pages) $(cat "$sys/allocated_pages")"
flags "$base" "$count"
[ "$reserved" -eq "$reserved0" ] && [ $((buddy + lru)) -eq 0 ] ||
	fail "compaction moved area pages"
rest=$(free_pages)
alloc "$rest" || fail "allocating the other $rest free pages after compaction"
counts "all allocated"
release "$rest" || fail "releasing $rest pages"
release "$half" || fail "releasing $half pages"
counts released
exit 0
