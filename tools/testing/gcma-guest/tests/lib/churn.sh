# SPDX-License-Identifier: GPL-2.0
# Sourced by the tests: start_churn MIB starts churn at nice 19 (the
# pressure meant is memory, not CPU) and returns once its ring is full,
# when fresh pages must come from wherever the allocator finds them, CMA
# pageblocks included.  The pid is in $churn_pid, its output will be in
# /tmp/churn.out; stop_churn ends it.  A second argument prefixes the
# line start_churn prints.
start_churn() {
	rm -f /tmp/churn.ready
	churn -n 19 -m "$1" -r /tmp/churn.ready > /tmp/churn.out &
	churn_pid=$!
	i=0
	while [ ! -e /tmp/churn.ready ] && [ $i -lt 240 ]; do
		sleep 1
		i=$((i + 1))
	done
	[ -e /tmp/churn.ready ] || { echo "FAIL: churn did not fill its ring"; cat /tmp/churn.out; }
	echo "${2:-}churn: ${1} MiB ring full after ${i}s"
}

stop_churn() {
	kill "$churn_pid"
	wait "$churn_pid"
}
