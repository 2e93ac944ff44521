#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The switches, with a region out on the disk and copies of it in the area:
#  - lend_swap=0 drops every swap copy at once (counted as invalidated);
#    the region then reads back from the disk, intact, with no load from
#    the area; a run with lend_swap=0 stores no copy; lend_swap=1 stores
#    and loads again;
#  - lend=0, the area's master switch, drops the swap copies too and
#    leaves no page lent; lend=1 lends to swap copies again (lend_swap
#    stayed 1).
# Last, the lend_* totals must still be the sums of the clients' counters.
. ./lib.sh

avail=$(mem_mib MemAvailable)
mib=$(min $(min 16 $((avail / 4))) $((area_mib / 2)))
[ "$mib" -ge 8 ] || fail "only $avail MiB available"
# whatever happens, the tests after this one need lending on
trap 'echo 1 >$sys/lend; echo 1 >$sys/lend_swap' EXIT

# hold_out LABEL SEED: a region out on the disk, with copies in the area
hold_out() {
	sc_start "$1" --mib "$mib" --pageout --seed "$2"
	n=$(sc_pages)
	live=$(live_swap)
	counters "$1: region out"
	[ "$live" -ge $((n / 2)) ] ||
		{ sc_stop; fail "$1: only $live swap copies with $n pages out: the switch would drop nothing"; }
}

# dropped SWITCH: every swap copy gone, none lent but to file copies
dropped() {
	counters "$1=0"
	[ "$(live_swap)" -eq 0 ] ||
		{ sc_stop; fail "$1=0 left $(live_swap) swap copies"; }
	[ "$(delta swap_invalidated)" -ge "$live" ] ||
		{ sc_stop; fail "$1=0 dropped $live copies and counted $(delta swap_invalidated) (swap_invalidated)"; }
	[ "$(rd lent_pages)" -le "$(live_file)" ] ||
		{ sc_stop; fail "$1=0: $(rd lent_pages) pages lent, $(live_file) file copies"; }
}

# copies_again LABEL SEED: a run that stores copies and reads them back
copies_again() {
	sc_run --mib "$mib" --passes 1 --rewrite-every 2 --pageout --seed "$2"
	sc_check "$1"
	got stored "pass 0 pageout" swap_stored
	got loaded "pass 0 verify" swap_loaded
	need "$1: copies stored" "$stored" $((n / 2)) "no copy stored"
	need "$1: swap-ins served from the area" "$loaded" $((n / 2)) "no copy loaded"
}

echo "== lend_swap=0 with the region out"
hold_out "lend_swap" 50
snap
echo 0 >$sys/lend_swap || { sc_stop; fail "cannot write 0 to lend_swap"; }
[ "$(rd lend_swap)" = 0 ] || { sc_stop; fail "lend_swap reads $(rd lend_swap) after writing 0"; }
dropped lend_swap
snap
sc_finish
counters "read back"
[ "$(delta swap_loaded)" -eq 0 ] ||
	fail "$(delta swap_loaded) swap-ins served from the area with lend_swap=0"
need "disk reads of the region" "$(delta pswpin)" $((n / 2)) \
	"the region did not come back from the disk"

echo "== a run with lend_swap=0"
snap
sc_run --mib "$mib" --passes 1 --rewrite-every 2 --pageout --seed 51
sc_check "with lend_swap=0"
counters "lend_swap=0 run"
[ "$(delta swap_stored)" -eq 0 ] || fail "$(delta swap_stored) copies stored with lend_swap=0"
[ "$(delta swap_loaded)" -eq 0 ] || fail "$(delta swap_loaded) copies loaded with lend_swap=0"
echo 1 >$sys/lend_swap || fail "cannot write 1 to lend_swap"
[ "$(rd lend_swap)" = 1 ] || fail "lend_swap reads $(rd lend_swap) after writing 1"
copies_again "lend_swap=1 again" 52

echo "== lend=0 with the region out"
hold_out "lend" 53
snap
echo 0 >$sys/lend || { sc_stop; fail "cannot write 0 to lend"; }
[ "$(rd lend)" = 0 ] || { sc_stop; fail "lend reads $(rd lend) after writing 0"; }
dropped lend
[ "$(rd lent_pages)" -eq 0 ] || { sc_stop; fail "lend=0 left $(rd lent_pages) pages lent"; }
sc_finish
echo 1 >$sys/lend || fail "cannot write 1 to lend"
echo "lend_swap is $(rd lend_swap) after lend=0 and lend=1"
[ "$(rd lend_swap)" = 1 ] || fail "lend=0 and lend=1 left lend_swap at $(rd lend_swap)"
copies_again "lend=1 again" 54
# the totals, now that the swap counters have moved
check_totals
trap - EXIT
exit 0
