#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The lend-swap set's guest: a guaranteed default area that lends its idle
# pages to swap copies at boot (lend=1, lend_swap=1), with every counter
# of both clients, the totals lend_* their sums; the switches take only
# booleans; swapcheck's own self-test finds every kind of wrong page it
# names (else the set's passes would mean nothing); and the scratch disk
# becomes the swap device.
. ./lib.sh

echo "area: $area_mib MiB, $(cat $dbg/used) pages used, maxchunk $(cat $dbg/maxchunk) pages"
grep -E '^(MemTotal|MemFree|MemAvailable|SwapTotal|Cma[A-Za-z]*):' /proc/meminfo
counters boot
# the regions the tests push out are to fit in the area (but in 15-full)
[ "$area_mib" -ge 128 ] ||
	fail "a $area_mib MiB area: the set wants 128 MiB at least (did cma= fall back to the default size?)"
check_totals
[ "$(rd lend)" = 1 ] || fail "lend is $(rd lend) at boot, not 1"
[ "$(rd lend_swap)" = 1 ] || fail "lend_swap is $(rd lend_swap) at boot, not 1"
for sw in lend_swap lend_file; do
	[ -r $sys/$sw ] || fail "$sys/$sw missing"
	v=$(rd $sw)
	for bad in 2 -1 abc ""; do
		(echo "$bad" >$sys/$sw) 2>/dev/null && fail "$sw accepted '$bad'"
		[ "$(rd $sw)" = "$v" ] || fail "a refused value '$bad' changed $sw to $(rd $sw)"
	done
	echo "$v" >$sys/$sw || fail "cannot write $v to $sw"
done

command -v swapcheck >/dev/null || fail "no swapcheck in the initramfs"
swapcheck selftest || fail "swapcheck's self-test failed: it would not tell a stale page"

swap_on_disk
cat /proc/swaps
swapping_to $disk || fail "$disk is not in /proc/swaps after swapon"
[ "$(swap_free_mib)" -ge 512 ] || fail "only $(swap_free_mib) MiB of swap on $disk"
exit 0
