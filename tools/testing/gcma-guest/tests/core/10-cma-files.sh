#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The default area is guaranteed exactly when Kconfig and cma= say so, its sysfs
# counters and debugfs files work: an allocation through debugfs shows in
# used, maxchunk, the bitmap and alloc_pages_success (and, on a guaranteed
# area, in GCMA's own free_pages and allocated_pages, which with
# lent_pages and bad_pages add up to the area) and, with memory allocation
# profiling, in /proc/allocinfo; and a free undoes it.
fail() { echo "FAIL: $*"; exit 1; }

area=reserved
sys=/sys/kernel/mm/cma/$area
dbg=/sys/kernel/debug/cma/$area
[ -d "$sys" ] && [ -d "$dbg" ] || fail "no default area $area in sysfs/debugfs"
[ -r "$sys/guaranteed" ] || fail "$sys/guaranteed missing"

# CONFIG_DMA_CMA_GUARANTEED (passed as gcmatest.kconfig_guaranteed), unless
# cma= ends in ,guaranteed or ,noguaranteed
g=$(cat "$sys/guaranteed")
want=0
case " $(cat /proc/cmdline) " in
*" gcmatest.kconfig_guaranteed=1 "*) want=1 ;;
esac
case " $(cat /proc/cmdline) " in
*" cma="*",guaranteed "*) want=1 ;;
*" cma="*",noguaranteed "*) want=0 ;;
esac
echo "guaranteed=$g (Kconfig and command line ask for $want)"
[ "$g" = "$want" ] || fail "guaranteed is $g, expected $want"
(echo 1 > "$sys/guaranteed") 2>/dev/null && fail "guaranteed is writable"

count=$(cat "$dbg/count")
used0=$(cat "$dbg/used")

# gcma_counts LABEL USED: GCMA's counts agree with the area and with USED
gcma_counts() {
	local free alloc bad lent=0
	if [ "$g" = 0 ]; then
		[ -e "$sys/free_pages" ] || [ -e "$sys/allocated_pages" ] ||
			[ -e "$sys/bad_pages" ] &&
			fail "free_pages, allocated_pages or bad_pages on a stock area"
		return 0
	fi
	free=$(cat "$sys/free_pages") && alloc=$(cat "$sys/allocated_pages") &&
		bad=$(cat "$sys/bad_pages") ||
		fail "free_pages, allocated_pages or bad_pages unreadable on a guaranteed area"
	[ -r "$sys/lent_pages" ] && lent=$(cat "$sys/lent_pages")
	echo "$1: free_pages=$free allocated_pages=$alloc lent_pages=$lent bad_pages=$bad"
	[ "$bad" -eq 0 ] || fail "$1: $bad bad pages in a fresh area"
	[ $((free + alloc + lent + bad)) -eq "$count" ] ||
		fail "$1: free $free + allocated $alloc + lent $lent + bad $bad is not the area's $count pages"
	[ "$alloc" -eq "$2" ] || fail "$1: allocated_pages $alloc, debugfs used $2"
	(echo 0 > "$sys/free_pages") 2>/dev/null && fail "free_pages is writable"
	return 0
}
gcma_counts before "$used0"
ok0=$(cat "$sys/alloc_pages_success")
rel0=$(cat "$sys/release_pages_success")
echo "count=$count used=$used0 maxchunk=$(cat "$dbg/maxchunk")"
grep -E '^Cma(Total|Free):' /proc/meminfo

# Bytes /proc/allocinfo charges to cma_alloc() (memory allocation
# profiling): alloc_contig_range() for a stock area, GCMA for a guaranteed
# one, both called from __cma_alloc().
cma_charged() {
	awk '$NF == "func:__cma_alloc" { n += $1 } END { print n + 0 }' /proc/allocinfo
}
# the x86_64 test kernel has it (configs/x86_64.config), the others not
if [ "$(uname -m)" = x86_64 ]; then
	[ -r /proc/allocinfo ] || fail "no /proc/allocinfo on the x86_64 test kernel"
	charged0=$(cma_charged)
fi

echo 1024 > "$dbg/alloc" || fail "debugfs alloc of 1024 pages failed"
used1=$(cat "$dbg/used")
if [ -n "${charged0:-}" ]; then
	charged1=$(cma_charged)
	echo "allocinfo: __cma_alloc holds $charged0 -> $charged1 bytes"
	[ $((charged1 - charged0)) -eq $((1024 * 4096)) ] ||
		fail "allocinfo charged $((charged1 - charged0)) bytes to __cma_alloc for 1024 pages"
fi
[ "$used1" -eq $((used0 + 1024)) ] || fail "used $used0 -> $used1 after allocating 1024"
gcma_counts "1024 allocated" "$used1"
[ "$(cat "$sys/alloc_pages_success")" -eq $((ok0 + 1024)) ] ||
	fail "alloc_pages_success did not count 1024 pages"
[ -n "$(cat "$dbg/bitmap")" ] || fail "bitmap unreadable"
[ "$(cat "$dbg/maxchunk")" -le $((count - used1)) ] || fail "maxchunk larger than free"

echo 1024 > "$dbg/free" || fail "debugfs free failed"
[ "$(cat "$dbg/used")" -eq "$used0" ] || fail "used not back to $used0"
[ -z "${charged0:-}" ] || [ "$(cma_charged)" -eq "$charged0" ] ||
	fail "allocinfo still charges $(cma_charged) bytes to __cma_alloc, not $charged0"
gcma_counts "1024 freed" "$used0"
[ "$(cat "$sys/release_pages_success")" -eq $((rel0 + 1024)) ] ||
	fail "release_pages_success did not count 1024 pages"

# more than the area has: refused at once, nothing held
(echo $((count + 1)) > "$dbg/alloc") 2>/dev/null && fail "allocated more than the area"
[ "$(cat "$dbg/used")" -eq "$used0" ] || fail "a failed allocation left pages used"
exit 0
