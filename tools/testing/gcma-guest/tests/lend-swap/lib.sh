# SPDX-License-Identifier: GPL-2.0
# Sourced by the lend-swap set (not executable, so /init does not run it).
#
# The set checks the write-through copies of swapped-out anonymous pages
# that a guaranteed area keeps in its idle pages: a swap-in gives what the
# page last held, never a copy of what its slot held before.  The memory
# is written and checked by swapcheck (src/swapcheck.c), whose every page
# names its page number, generation and run, so that a wrong page is
# reported as what it is (stale, foreign, another run's...).  The swap
# device is the boot's scratch disk (boots: disk:SIZE), /dev/vda, made
# swap over the ext4 the host put there; 30-zram swaps to zram0 for a
# while.  Each test turns swap on the disk on if it is not (and zram off),
# so a test also runs alone.
#
# What it relies on, per area in /sys/kernel/mm/cma/AREA/ of a guaranteed
# area with CONFIG_GCMA_SWAP_COPIES:
#   lend, lend_swap  0/1, rw: the area lends idle pages; to swap copies
#   lent_pages       pages that hold copies now, swap and file
#   swap_stored, swap_loaded, swap_invalidated, swap_evicted,
#   swap_taken_back  copies made as pages were written to swap, read back
#                    by swap-ins (the copy stays), dropped as their slot
#                    was freed or written again (or swapoff, lend_swap=0),
#                    dropped for newer ones, taken back by cma_alloc()
#   file_*           the same for copies of file pages
# and the debugfs files alloc, free, count and maxchunk of the area.
#
# fail, skip, area, sys, dbg, rd, mem_mib, vmstat, counters, snap and
# delta: see ../lib/lend.sh
. ../lib/lend.sh
disk=/dev/vda
zram=zram0
EVENTS="stored loaded invalidated evicted taken_back"
SWAP_COUNTERS="swap_stored swap_loaded swap_invalidated swap_evicted swap_taken_back"
COUNTERS="lent_pages $SWAP_COUNTERS"
VMSTAT_COUNTERS="pswpin pswpout gcma_swap_stored gcma_swap_loaded"

lend_area lend_swap CONFIG_GCMA_SWAP_COPIES
[ -r /proc/swaps ] || fail "no /proc/swaps (CONFIG_SWAP off?)"
[ -b $disk ] || fail "no scratch disk $disk: the boot needs disk:SIZE in its QEMU arguments"
area_mib=$(($(cat $dbg/count) / PPM))

min() { [ "$1" -le "$2" ] && echo "$1" || echo "$2"; }

# live_swap, live_file: copies the area holds now, of each client
live() {
	echo $(($(rd "$1"_stored) - $(rd "$1"_invalidated) - $(rd "$1"_evicted) - $(rd "$1"_taken_back)))
}
live_swap() { live swap; }
live_file() { live file; }

# check_totals: each lend_* counter is the sum of its file_ and swap_ ones
check_totals() {
	local e f
	for e in $EVENTS; do
		for f in lend_$e file_$e swap_$e; do
			[ -r $sys/$f ] || fail "$sys/$f missing"
		done
		[ "$(rd lend_$e)" -eq $(($(rd file_$e) + $(rd swap_$e))) ] ||
			fail "lend_$e $(rd lend_$e) is not file_$e $(rd file_$e) + swap_$e $(rd swap_$e)"
	done
}

# counters' line has the live swap copies too, before pswpin and pswpout
counters_more() { echo " live=$(live_swap)"; }

swapping_to() { grep -q "^$1 " /proc/swaps; }
swap_free_mib() { awk 'NR > 1 { s += $3 - $4 } END { print int(s / 1024) }' /proc/swaps; }

# zram_on MIB: swap to a zram0 of MIB MiB; zram_off: swapoff and reset it
zram_on() {
	[ -d /sys/block/$zram ] || fail "no /sys/block/$zram (CONFIG_ZRAM off?)"
	echo 1 >/sys/block/$zram/reset 2>/dev/null
	echo "$1M" >/sys/block/$zram/disksize || fail "cannot make $zram $1 MiB"
	mkswap /dev/$zram >/dev/null || fail "mkswap /dev/$zram failed"
	swapon /dev/$zram || fail "swapon /dev/$zram failed"
}
zram_off() {
	if swapping_to /dev/$zram; then
		swapoff /dev/$zram || fail "swapoff /dev/$zram failed"
	fi
	echo 1 >/sys/block/$zram/reset 2>/dev/null
	return 0
}

# swap_on_disk: the disk the only swap device (mkswap over whatever the
# host or a test left there, when it is not swapped to already)
swap_on_disk() {
	[ -d /sys/block/$zram ] && zram_off
	swapping_to $disk && return
	mkswap $disk >/dev/null || fail "mkswap $disk failed"
	swapon $disk || fail "swapon $disk failed"
}

# sc_run ARGS...: swapcheck run ARGS with the area's counters, its output
# shown as it comes and kept in /tmp/sc.out; returns its exit status, for
# sc_check (a caller with something to stop first) or sc_why
sc_run() {
	{
		swapcheck run --counters $sys "$@"
		echo $? >/tmp/sc.rc
	} 2>&1 | tee /tmp/sc.out
	return "$(cat /tmp/sc.rc 2>/dev/null || echo 255)"
}

# sc_why: why swapcheck failed: its wrong pages, its error or its signal
sc_why() {
	local rc
	rc=$(cat /tmp/sc.rc 2>/dev/null)
	case $rc in
	1)	echo "$(grep -m 1 ' verified .* [1-9][0-9]* mismatches' /tmp/sc.out |
			sed 's/^swapcheck: //'); first $(grep -m 1 ': expected gen ' /tmp/sc.out |
			sed 's/^swapcheck: [a-z0-9 ]* page/page/')" ;;
	2)	echo "swapcheck failed: $(tail -n 1 /tmp/sc.out)" ;;
	'')	echo "swapcheck did not finish" ;;
	*)	if [ "$rc" -gt 128 ]; then
			echo "swapcheck killed by signal $((rc - 128)) (the OOM killer?)"
		else
			echo "swapcheck exit status $rc"
		fi ;;
	esac
}

# sc_check LABEL: fail the test if the last swapcheck did not pass
sc_check() {
	[ "$(cat /tmp/sc.rc 2>/dev/null)" = 0 ] || fail "$1: $(sc_why)"
}

# sc_start LABEL ARGS...: sc_run ARGS in the background, with a hold at
# the end: returns once the region is out to swap and swapcheck waits;
# sc_finish lets it verify the region and fails the test if it did not
# pass.  sc_stop ends it, for a test that fails meanwhile.
sc_start() {
	sc_label=$1
	shift
	rm -f /tmp/sc.ready /tmp/sc.go /tmp/sc.rc
	sc_run --ready /tmp/sc.ready --wait /tmp/sc.go "$@" &
	sc_pid=$!
	while [ ! -e /tmp/sc.ready ]; do
		if [ -e /tmp/sc.rc ]; then
			wait $sc_pid
			fail "$sc_label: $(sc_why)"
		fi
		usleep 100000
	done
}
sc_finish() {
	touch /tmp/sc.go
	wait $sc_pid
	sc_pid=
	sc_check "$sc_label, verified after the hold"
}
sc_stop() {
	[ -n "$sc_pid" ] || return 0
	touch /tmp/sc.go
	wait $sc_pid
	sc_pid=
}

# sc_pages: the pages of the last swapcheck's region
sc_pages() { sed -n 's/^swapcheck: fill: \([0-9]*\) pages.*/\1/p' /tmp/sc.out; }

# got VAR STEP NAME: VAR= how much counter NAME changed in the last
# swapcheck's STEP ("pass 0 pageout"), from its "changes" line
got() {
	local v
	v=$(sed -n "s/^swapcheck: $2: changes.* $3=\(-\{0,1\}[0-9]*\).*/\1/p" /tmp/sc.out | tail -n 1)
	[ -n "$v" ] || fail "no '$3' in swapcheck's line for '$2'"
	eval "$1=$v"
}

# got_left VAR STEP: VAR= pages the pageout STEP left in memory
got_left() {
	local v
	v=$(sed -n "s/^swapcheck: $2: [0-9]* pages, \([0-9]*\) left in memory.*/\1/p" /tmp/sc.out | tail -n 1)
	[ -n "$v" ] || fail "no pageout line for '$2' in swapcheck's output"
	eval "$1=$v"
}

# need WHAT VALUE MIN MESSAGE: fail unless VALUE >= MIN, saying what it
# is; the counters below MIN mean the test proved nothing
need() {
	echo "$1: $2 (at least $3 needed)"
	[ "$2" -ge "$3" ] || fail "$1 is $2, below $3: $4"
}

. ../lib/area-churn.sh

# A test that failed with lending off, or on zram, must not fail the ones
# after it.
if [ "${0##*/}" != 00-setup.sh ]; then
	turn_on lend lending
	turn_on lend_swap lend_swap
	swap_on_disk
fi
