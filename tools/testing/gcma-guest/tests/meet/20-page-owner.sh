#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# page_owner (booted with page_owner=on) over a guaranteed area: every
# allocated page has a record whose stack goes through cma_alloc(), as
# the page allocator's hooks run on the blocks GCMA prepares and
# split_page() hands each page its own record; free pages have none, so
# a release resets them.
. ./lib.sh

[ -r /sys/kernel/debug/page_owner ] || fail "no page_owner (page_owner=on?)"
used=$(cat "$dbg/used")

# owner WANT LABEL: the area has WANT records, all from cma_alloc()
owner() {
	local out records cma first
	out=$(pfninfo owner "$base" "$count") || fail "pfninfo owner"
	echo "$2: $out"
	eval "$out"
	[ "$records" -eq "$1" ] || fail "$2: $records page_owner records, expected $1"
	[ "$cma" -eq "$records" ] ||
		fail "$2: $((records - cma)) records without cma_alloc() in the stack"
}
owner "$used" idle
alloc 1024 || fail "allocating 1024 pages"
owner $((used + 1024)) "1024 allocated"
alloc 3 || fail "allocating 3 pages"
owner $((used + 1027)) "3 more"
release 3 || fail "releasing 3 pages"
release 1024 || fail "releasing 1024 pages"
owner "$used" released
exit 0
