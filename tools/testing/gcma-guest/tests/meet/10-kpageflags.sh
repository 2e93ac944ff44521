#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# /proc/kpageflags and /proc/kpagecount over a guaranteed area: free pages
# read as reserved and unmapped, never as buddy, LRU or slab pages;
# allocated ones as plain pages; and the readers walk the whole area
# (KASAN watching) whatever state its pages are in.
. ./lib.sh

used=$(cat "$dbg/used")
counts idle
flags "$base" "$count"
[ "$reserved" -eq $((count - used)) ] ||
	fail "idle: $reserved reserved pages, expected the $((count - used)) free ones"
[ $((buddy + lru + slab + hwpoison + mapped)) -eq 0 ] ||
	fail "idle: area pages read as buddy, LRU, slab, poisoned or mapped"

alloc 1024 || fail "allocating 1024 pages"
flags "$base" "$count"
[ "$reserved" -eq $((count - used - 1024)) ] ||
	fail "1024 allocated: $reserved reserved pages, expected $((count - used - 1024))"
[ $((buddy + lru + slab + hwpoison + mapped)) -eq 0 ] ||
	fail "1024 allocated: area pages read as buddy, LRU, slab, poisoned or mapped"
release 1024 || fail "releasing 1024 pages"
flags "$base" "$count"
[ "$reserved" -eq $((count - used)) ] ||
	fail "released: $reserved reserved pages, expected $((count - used))"
counts released
exit 0
