# SPDX-License-Identifier: GPL-2.0
# Sourced by the lib.sh of the lend and lend-swap sets, first: what both
# need of the default area, a guaranteed one that lends its idle pages.
#
# fail MESSAGE, skip MESSAGE: end the test (the reason /init reports).
# area, sys, dbg: the area's name, its sysfs and its debugfs directory.
# The set's lib.sh then sets COUNTERS, the area's counters (files in sys)
# its tests follow, and VMSTAT_COUNTERS, those of /proc/vmstat, for
# lend_area, counters, snap and delta below.
fail() { echo "FAIL: $*"; exit 1; }
skip() { echo "SKIP: $*"; exit 77; }

area=reserved
sys=/sys/kernel/mm/cma/$area
# shellcheck disable=SC2034 # for the sets and ../lib/area-churn.sh
dbg=/sys/kernel/debug/cma/$area

# PAGE: the page size; BPP: 4 KiB blocks (filecheck's, and the scratch
# ext4's) per page, 4 with arm64's 16 KiB pages.  The counters count pages.
# shellcheck disable=SC2034 # for the sets
PAGE=$(filecheck pagesize)
# shellcheck disable=SC2034
BPP=$((PAGE / 4096))
# shellcheck disable=SC2034
PPM=$((1048576 / PAGE))	# pages per MiB

rd() { cat "$sys/$1"; }
mem_mib() { awk -v k="$1:" '$1 == k { print int($2 / 1024) }' /proc/meminfo; }
vmstat() { awk -v k="$1" '$1 == k { print $2 }' /proc/vmstat; }

# lend_area SWITCH CONFIG: skip the test unless the area is guaranteed;
# fail it unless the area has the file SWITCH (lend, lend_swap: a kernel
# built with CONFIG has it), lend and every counter of COUNTERS, and
# /proc/vmstat every one of VMSTAT_COUNTERS
lend_area() {
	local f
	[ -d $sys ] || fail "no default area $area in sysfs"
	[ -r $sys/guaranteed ] || skip "no guaranteed areas in this kernel"
	[ "$(cat $sys/guaranteed)" = 1 ] || skip "the default area is not guaranteed"
	[ -r "$sys/$1" ] || fail "guaranteed area without $sys/$1 ($2 off?)"
	for f in lend $COUNTERS; do
		[ -r "$sys/$f" ] || fail "$sys/$f missing"
	done
	for f in ${VMSTAT_COUNTERS-}; do
		[ -n "$(vmstat "$f")" ] || fail "no $f in /proc/vmstat"
	done
}

# same_delta SYSFS VMSTAT WHAT: the area's counter and /proc/vmstat's
# grew alike since snap (the guest has the one area)
same_delta() {
	local a b
	a=$(delta "$1")
	b=$(delta "$2")
	echo "$3: $1 +$a, $2 +$b"
	[ "$a" -eq "$b" ] || fail "$3: $1 grew by $a and $2 of /proc/vmstat by $b"
}

# turn_on SWITCH WHAT: SWITCH (lend, lend_swap) 1 again: a test that
# failed with it off must not fail the ones after it
turn_on() {
	[ "$(rd "$1")" = 1 ] || echo 1 >"$sys/$1" || fail "cannot turn $2 back on"
}

# counters [LABEL]: one line with every counter: COUNTERS, what
# counters_more adds (nothing unless the set's lib.sh says), and
# VMSTAT_COUNTERS
counters_more() { :; }
counters() {
	local f line=
	for f in $COUNTERS; do
		line="$line $f=$(rd "$f")"
	done
	line="$line$(counters_more)"
	for f in ${VMSTAT_COUNTERS-}; do
		line="$line $f=$(vmstat "$f")"
	done
	echo "${1:+$1:}$line"
}

# snap: keep the counters in s_NAME, to compare with later (delta NAME)
snap() {
	local f
	for f in $COUNTERS; do
		eval "s_$f=$(rd "$f")"
	done
	for f in ${VMSTAT_COUNTERS-}; do
		eval "s_$f=$(vmstat "$f")"
	done
}
delta() {
	case " ${VMSTAT_COUNTERS-} " in
	*" $1 "*) eval "echo \$(($(vmstat "$1") - s_$1))" ;;
	*) eval "echo \$(($(rd "$1") - s_$1))" ;;
	esac
}
