#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Memory errors in a guaranteed area, reported the way firmware and
# administrators do (memory_failure() through hard_offline_page, soft
# offlining through soft_offline_page): a free page is taken out of the
# area at once and counted (bad_pages, HardwareCorrupted); a page in use
# by its driver is left to it, soft offlining refuses it, and a memory
# error on it takes it out when the driver releases it.  A bad page is
# never allocated again, unpoisoning cannot bring it back, and every other
# page can still be allocated.  Defer-free neither keeps a poisoned range
# nor hands out a cached one poisoned meanwhile.  Last in the set: the
# errors stay.
. ./lib.sh

mem=/sys/devices/system/memory
unpoison=/sys/kernel/debug/hwpoison/unpoison-pfn
[ -w $mem/hard_offline_page ] && [ -w $mem/soft_offline_page ] ||
	fail "no hard_offline_page or soft_offline_page (CONFIG_MEMORY_FAILURE?)"
[ -w $unpoison ] || fail "no $unpoison (CONFIG_HWPOISON_INJECT?)"
[ "$(cat "$dbg/used")" -eq 0 ] || fail "the area is in use: $(cat "$dbg/used") pages"
[ "$(bad_pages)" -eq 0 ] || fail "bad pages before the test"

hc() { awk '/^HardwareCorrupted:/ { print $2 }' /proc/meminfo; }
# expect_bad N HC_KB LABEL
expect_bad() {
	counts "$3"
	[ "$(bad_pages)" -eq "$1" ] || fail "$3: bad_pages $(bad_pages), expected $1"
	[ "$(hc)" -eq "$2" ] || fail "$3: HardwareCorrupted $(hc) kB, expected $2"
}
# is_bad PFN: kpageflags shows it poisoned and reserved
is_bad() {
	local f
	f=$(pfninfo flag "$1")
	[ $((f & (1 << 19))) -ne 0 ] && [ $((f & (1 << 32))) -ne 0 ]
}
phys() { echo $(($1 * 4096)); }

hc0=$(hc)
hard=$((base + count / 2))
soft=$((base + count / 4))
busy=$((base + 5))

# a free page, as memory_failure() gets it
echo "$(phys $hard)" > $mem/hard_offline_page || fail "hard offlining free pfn $hard"
expect_bad 1 $((hc0 + 4)) "free pfn $hard hard-offlined"
is_bad $hard || fail "pfn $hard not poisoned and reserved: $(pfninfo flag $hard)"
dmesg | grep -q "$(printf '%#x' $hard): recovery action for free guaranteed CMA page: Recovered" ||
	fail "no recovery message for pfn $hard"
(echo "$(phys $hard)" > $mem/hard_offline_page) 2>/dev/null &&
	fail "a second memory error on pfn $hard reported as handled"
expect_bad 1 $((hc0 + 4)) "pfn $hard again"

# a free page, soft-offlined
echo "$(phys $soft)" > $mem/soft_offline_page || fail "soft offlining free pfn $soft"
expect_bad 2 $((hc0 + 8)) "free pfn $soft soft-offlined"
is_bad $soft || fail "pfn $soft not poisoned and reserved: $(pfninfo flag $soft)"

# an allocated page: soft offlining refuses, a memory error waits for it
alloc 16 || fail "allocating 16 pages"
(echo "$(phys $busy)" > $mem/soft_offline_page) 2>/dev/null &&
	fail "soft offlining allocated pfn $busy succeeded"
[ $(($(pfninfo flag $busy) & (1 << 19))) -eq 0 ] || fail "pfn $busy poisoned by a refused soft offline"
expect_bad 2 $((hc0 + 8)) "allocated pfn $busy soft-offlined"
(echo "$(phys $busy)" > $mem/hard_offline_page) 2>/dev/null &&
	fail "a memory error on allocated pfn $busy reported as recovered"
expect_bad 2 $((hc0 + 12)) "allocated pfn $busy hard-offlined"
release 16 || fail "releasing the 16 pages"
expect_bad 3 $((hc0 + 12)) "pfn $busy released"
is_bad $busy || fail "pfn $busy not poisoned and reserved: $(pfninfo flag $busy)"

# unpoisoning is refused: the page stays out
(echo $hard > $unpoison) 2>/dev/null && fail "unpoisoning pfn $hard succeeded"
expect_bad 3 $((hc0 + 12)) "unpoison pfn $hard refused"
is_bad $hard || fail "pfn $hard not poisoned after the unpoison"

# never allocated again; everything else is
(alloc "$count") 2>/dev/null && fail "allocated the whole area over bad pages"
i0=$((busy - base)) i1=$((soft - base)) i2=$((hard - base))
for n in $i0 $((i1 - i0 - 1)) $((i2 - i1 - 1)) $((count - i2 - 1)); do
	alloc "$n" || fail "allocating the $n pages between bad pages"
done
counts "all but the bad pages allocated"
[ "$(free_pages)" -eq 0 ] || fail "$(free_pages) pages left free"
flags "$base" "$count"
[ "$hwpoison" -eq 3 ] && [ "$reserved" -eq 3 ] ||
	fail "allocated pages read as poisoned or reserved"
for n in $((count - i2 - 1)) $((i2 - i1 - 1)) $((i1 - i0 - 1)) $i0; do
	release "$n" || fail "releasing $n pages"
done
expect_bad 3 $((hc0 + 12)) released

# defer-free: a released range with a poisoned page is not kept
echo 64 > "$sys/defer_free_max_pages" || fail "turning defer-free on"
alloc 16 || fail "allocating 16 pages"
p=$(pfninfo unreserved "$base" "$count")
(echo "$(phys $((p + 3)))" > $mem/hard_offline_page) 2>/dev/null
release 16 || fail "releasing 16 pages"
expect_bad 4 $((hc0 + 16)) "16 pages released with pfn $((p + 3)) poisoned"
is_bad $((p + 3)) || fail "pfn $((p + 3)) kept by defer-free"
# a cached range poisoned meanwhile is given back, not handed out
alloc 16 || fail "allocating 16 pages"
q=$(pfninfo unreserved "$base" "$count")
release 16 || fail "releasing 16 pages"
[ "$(cat "$sys/allocated_pages")" -eq 16 ] || fail "defer-free did not keep the range at $q"
(echo "$(phys $((q + 7)))" > $mem/hard_offline_page) 2>/dev/null
alloc 16 || fail "allocating 16 pages past the poisoned cached range"
expect_bad 5 $((hc0 + 20)) "cached range with pfn $((q + 7)) poisoned, taken"
is_bad $((q + 7)) || fail "pfn $((q + 7)) handed out from the cache"
release 16 || fail "releasing 16 pages"
echo 0 > "$sys/defer_free_max_pages" || fail "turning defer-free off"
expect_bad 5 $((hc0 + 20)) "defer-free off"
[ "$(cat "$sys/allocated_pages")" -eq 0 ] || fail "pages left allocated"
exit 0
