# SPDX-License-Identifier: GPL-2.0
# Shared by tests/meet: the rest of mm meeting the pages of a guaranteed
# area (the default area, cma=...,guaranteed).  Sourced, not run.
fail() { echo "FAIL: $*"; exit 1; }

area=reserved
sys=/sys/kernel/mm/cma/$area
dbg=/sys/kernel/debug/cma/$area
[ "$(cat "$sys/guaranteed" 2>/dev/null)" = 1 ] ||
	fail "no guaranteed default area $area"
base=$(cat "$dbg/base_pfn")
count=$(cat "$dbg/count")
# whatever a test allocated through debugfs goes back when it ends, also
# when it fails half way: the next test starts from an idle area
trap 'echo "$count" >"$dbg/free" 2>/dev/null' EXIT

free_pages() { cat "$sys/free_pages"; }
bad_pages() { cat "$sys/bad_pages"; }

# counts LABEL: GCMA's counts, which add up to the area
counts() {
	local free alloc bad lent=0
	free=$(cat "$sys/free_pages")
	alloc=$(cat "$sys/allocated_pages")
	bad=$(cat "$sys/bad_pages")
	[ -r "$sys/lent_pages" ] && lent=$(cat "$sys/lent_pages")
	echo "$1: free=$free allocated=$alloc lent=$lent bad=$bad used=$(cat "$dbg/used")"
	[ $((free + alloc + lent + bad)) -eq "$count" ] ||
		fail "$1: free $free + allocated $alloc + lent $lent + bad $bad is not $count"
}

# alloc N: allocate N pages of the area through debugfs (cma_alloc())
alloc() { echo "$1" > "$dbg/alloc"; }
# release N: release the N pages allocated last (cma_release())
release() { echo "$1" > "$dbg/free"; }

# flags START COUNT VAR...: the pfninfo counts of a range, as shell
# variables (reserved buddy lru slab hwpoison mapped)
flags() {
	local out
	out=$(pfninfo flags "$1" "$2") || fail "pfninfo flags $1 $2"
	eval "$out"
	echo "pfns $1+$2: $out"
}
