# SPDX-License-Identifier: GPL-2.0
# Sourced by the lib.sh of the lend and lend-swap sets, after they set dbg
# (the area's debugfs directory) and define fail().
#
# area_churn_start [PAUSE_US]: in the background, take the area's idle
# pages back over and over, as a driver would: allocate its largest free
# range in two halves through debugfs (cma_alloc(), which takes lent
# pages back and drops their copies), the first 20 ms after the start,
# the second 50 ms later, free both, wait PAUSE_US (0.2 s), again.  So a
# reader started with it loses some copies while it loads others.
# area_churn_stop waits for the first round to end, stops it, frees what
# it held, prints what it did and fails if an allocation was refused.
area_churn_start() {
	local pages half i pause="${1:-200000}"
	pages=$(cat $dbg/maxchunk)
	half=$((pages / 2))
	rm -f /tmp/area.count
	(
		ok=0 failed=0
		# ends between commands: no "Terminated" from the shell
		trap 'exit 0' TERM
		while :; do
			usleep 20000
			if echo $half >$dbg/alloc 2>/dev/null; then
				ok=$((ok + 1))
			else
				failed=$((failed + 1))
			fi
			usleep 50000
			if echo $((pages - half)) >$dbg/alloc 2>/dev/null; then
				ok=$((ok + 1))
			else
				failed=$((failed + 1))
			fi
			echo "$pages" >$dbg/free
			echo "$ok $failed" >/tmp/area.count
			i=0
			while [ $i -lt "$pause" ]; do
				usleep 100000
				i=$((i + 100000))
			done
		done
	) &
	area_pid=$!
}

area_churn_stop() {
	local i=0 ok failed
	while [ ! -s /tmp/area.count ] && [ $i -lt 100 ]; do
		usleep 50000
		i=$((i + 1))
	done
	kill "$area_pid"
	wait "$area_pid"
	# what a stop between an allocation and its free left
	cat $dbg/count >$dbg/free
	read -r ok failed </tmp/area.count ||
		fail "the area churn did not finish a round in 5 s"
	echo "area churn: $ok allocations ($failed refused) of the free range"
	# lent pages are always to be had: the guarantee of the area
	[ "$failed" -eq 0 ] || fail "the guaranteed area refused $failed allocations of its free range"
}
