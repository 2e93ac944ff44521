#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Compaction over a guaranteed area that is half allocated: its scanners
# run (the compact_*_scanned counters move) but take nothing from the
# area, allocated or free, and the rest of the area can still be
# allocated afterwards.
. ./lib.sh

vm() { awk -v k="$1" '$1 == k { print $2 }' /proc/vmstat; }

used=$(cat "$dbg/used")
half=$(((count - used) / 2))
alloc "$half" || fail "allocating half of the area"
counts "half allocated"
before="$(free_pages) $(cat "$sys/allocated_pages")"
flags "$base" "$count"
reserved0=$reserved
m0=$(vm compact_migrate_scanned)
f0=$(vm compact_free_scanned)
echo 1 > /proc/sys/vm/compact_memory || fail "compact_memory"
m1=$(vm compact_migrate_scanned)
f1=$(vm compact_free_scanned)
echo "compact_migrate_scanned +$((m1 - m0)) compact_free_scanned +$((f1 - f0))"
[ $((m1 - m0 + f1 - f0)) -gt 0 ] || fail "compaction scanned nothing: the test proves nothing"
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
