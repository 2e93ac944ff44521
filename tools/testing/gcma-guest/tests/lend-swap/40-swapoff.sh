#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Swap devices going away and their slots coming back, with copies of the
# old data in the area: none may be served for new data.
#  - swapoff while a region is out on the disk, with copies of it in the
#    area: afterwards no swap copy is left (the type is free for the next
#    swapon), and the region, read back by swapoff, is intact;
#  - swapon of zram0, which gets the same swap type, and a new run (another
#    seed: a page of the old run would be reported as "another run's");
#  - the disk again, the same device and type, and a new run;
#  - a run that exits with its region out (its slots freed: the copies must
#    go with them) and a new one in those slots.
# Each new run must have read from the area, or it proved nothing.
. ./lib.sh

avail=$(mem_mib MemAvailable)
mib=$(min $(min 16 $((avail / 4))) $((area_mib / 2)))
[ "$mib" -ge 8 ] || fail "only $avail MiB available"

# new_run LABEL SEED: a run over fresh slots, read back from the copies
new_run() {
	sc_run --mib "$mib" --passes 1 --rewrite-every 2 --pageout --seed "$2"
	sc_check "$1"
	got loaded "pass 0 verify" swap_loaded
	need "$1: swap-ins served from the area" "$loaded" $(($(sc_pages) / 2)) \
		"the new run read nothing from the area"
}

echo "== swapoff with the region out"
counters start
sc_start "held out over swapoff" --mib "$mib" --passes 1 --rewrite-every 3 --pageout --seed 40
n=$(sc_pages)
live=$(live_swap)
counters "region out"
[ "$live" -ge $((n / 2)) ] ||
	{ sc_stop; fail "only $live swap copies with $n pages out: swapoff would prove nothing"; }
snap
swapoff $disk || { sc_stop; fail "swapoff $disk failed"; }
counters swapoff
echo "swapoff read $(delta swap_loaded) pages from the area, $(delta pswpin) from the disk"
[ "$(live_swap)" -eq 0 ] ||
	{ sc_stop; fail "$(live_swap) swap copies outlived the swapoff of $disk"; }
[ "$(delta swap_invalidated)" -ge "$live" ] ||
	{ sc_stop; fail "swapoff dropped $live copies and counted $(delta swap_invalidated) (swap_invalidated)"; }
[ "$(rd lent_pages)" -le "$(live_file)" ] ||
	{ sc_stop; fail "$(rd lent_pages) pages lent with no swap copy and $(live_file) file copies"; }
sc_finish

echo "== zram0, the same swap type"
zram_on 64
cat /proc/swaps
new_run "zram0 after the disk's swapoff" 41
zram_off

echo "== the disk again, swapped to without mkswap"
swapon $disk || fail "swapon $disk again failed"
new_run "the disk again" 42

echo "== a run that exits with its region out"
snap
# written, checked in memory, then pushed out once: one copy a page
sc_run --mib "$mib" --leave-out --seed 43
sc_check "left out"
counters "after the exit"
n=$(sc_pages)
got stored "final pageout" swap_stored
need "copies of the region left out" "$stored" $((n / 2)) "nothing to drop at the exit"
# freed slots wait in a per-CPU cache, up to 64 a CPU, before they are
# freed in the swap map (swap_range_free(), where their copies go)
need "copies dropped as the exit freed the slots" "$(delta swap_invalidated)" \
	$((stored - 64 * $(grep -c ^processor /proc/cpuinfo))) "copies of freed slots kept"
new_run "in the slots freed by the exit" 44
exit 0
