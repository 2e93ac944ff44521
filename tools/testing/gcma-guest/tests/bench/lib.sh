# SPDX-License-Identifier: GPL-2.0
# Sourced by the bench set (not executable, so /init does not run it).
#
# The host (scripts/bench.sh) passes the parameters on the kernel command
# line as gcmabench.NAME=VALUE; every result goes to the console as a
# "BENCH: " line for scripts/bench-report.py:
#   BENCH: info KEY=VALUE...                 the guest, once
#   BENCH: ready LOAD SECONDS                a background load warmed up
#   BENCH: plan CELL CALLS WARMUP            a cell is about to start
#   BENCH: snap CELL before|after KEY=VALUE...   counters around a cell
#   BENCH: lat_us CELL USEC TAG / fail CELL ERRNO TAG   one line per timed call
#   BENCH: warm_us CELL USEC TAG / warm_fail CELL ERRNO TAG   per warm-up call
#   BENCH: err CELL TEXT                     a line the program wrote to stderr
#   BENCH: rc CELL STATUS                    the program's exit status
#   BENCH: load LOAD ...                     a load's own summary at its end
# CELL is PRESSURE/PATH/MIB; PATH is cma (debugfs alloc, cma_alloc()),
# heap (DMA_HEAP_IOCTL_ALLOC) or memset (the floor).  TAG is hit or miss
# (the call's cma_alloc() was served from the defer-free cache, or was
# not), - (defer-free off) or ? (the counters moved otherwise); memset
# lines have none, nor did the raw lines before warm-up and tags existed.
fail() { echo "FAIL: $*"; exit 1; }

area=reserved
sys=/sys/kernel/mm/cma/$area
dbg=/sys/kernel/debug/cma/$area

# defaults, overridden from the command line
sizes=1,8,32,max iters=100 iters_max=20 wait_us=20000 churn_mib=512 warmup=5
pin_jobs=2 seed=1 warm_timeout=600 disk=/dev/vda stream_warm_mib=
for arg in $(cat /proc/cmdline); do
	case $arg in
	gcmabench.*=*)
		k=${arg#gcmabench.}
		eval "${k%%=*}=\${k#*=}" ;;
	esac
done
sizes=$(echo "$sizes" | tr , ' ')

say() { echo "BENCH: $*"; }

# The largest allocation that fits: the area's free range at boot, which
# 00-setup keeps in /tmp (defer-free may hold ranges later).
size_mib() {
	if [ "$1" = max ]; then cat /tmp/bench.max_mib; else echo "$1"; fi
}

# counters around a cell, as KEY=VALUE
counters() {
	awk '$1 ~ /^(pgmigrate_success|pgmigrate_fail|cma_alloc_success|cma_alloc_fail|compact_stall)$/ { printf "%s=%s ", $1, $2 }' /proc/vmstat
	for f in alloc_pages_success alloc_pages_fail defer_free_hits defer_free_misses \
		defer_free_drained_pages defer_free_shrunk_pages; do
		[ -r $sys/$f ] && printf '%s=%s ' $f "$(cat $sys/$f)"
	done
	for l in churn stream pin; do
		if [ -r /tmp/$l.prog ]; then
			read -r c b s </tmp/$l.prog
			printf '%s_count=%s %s_bytes=%s ' $l "$c" $l "$b"
		fi
	done
	printf 'uptime=%s\n' "$(cut -d' ' -f1 /proc/uptime)"
}

# cell PRESSURE PATH SIZE: WARMUP untimed calls of the same size (every
# cell the same, idle included), then ITERS timed calls; raw lines after
# the timing so that console output does not disturb it.  The memset floor
# has no warm-up calls: memset-time clears its buffer once before timing.
cell() {
	local mib n w label rc
	mib=$(size_mib "$3")
	n=$iters
	[ "$3" = max ] && n=$iters_max
	w=$warmup
	[ "$2" = memset ] && w=0
	label=$1/$2/$3
	say "plan $label $n $w"
	say "snap $label before $(counters)"
	case $2 in
	cma)
		cma-latency -a $area -p $((mib * 256)) -n "$n" -w "$wait_us" \
			-l "$label" -r -W "$w" -t ;;
	heap)
		dmaheap-loop -h $area -a $area -n "$n" -s "$mib" -w "$wait_us" \
			-l "$label" -r -x -W "$w" -t ;;
	memset)
		memset-time -s "$mib" -n "$n" -l "$label" ;;
	esac >/tmp/cell.out 2>/tmp/cell.err
	rc=$?
	say "snap $label after $(counters)"
	grep -E '^(lat_us|fail|warm_us|warm_fail) ' /tmp/cell.out | sed 's/^/BENCH: /'
	sed "s|^|BENCH: err $label |" /tmp/cell.err
	say "rc $label $rc"
	grep -vE '^(lat_us|fail|warm_us|warm_fail) ' /tmp/cell.out
}

# every foreground cell of one pressure
cells() {
	for path in cma heap; do
		for s in $sizes; do
			cell "$1" $path "$s"
		done
	done
}

# start_load NAME CMD...: start a background load that creates
# /tmp/NAME.ready once warmed up and keeps /tmp/NAME.prog; wait for it.
start_load() {
	local name=$1 t=0 pid
	shift
	rm -f /tmp/$name.ready /tmp/$name.prog
	"$@" -n 19 -r /tmp/$name.ready -p /tmp/$name.prog >/tmp/$name.out 2>&1 &
	pid=$!
	eval "${name}_pid=$pid"
	while [ ! -e /tmp/$name.ready ] && [ $t -lt "$warm_timeout" ] && kill -0 $pid 2>/dev/null; do
		sleep 1
		t=$((t + 1))
	done
	[ -e /tmp/$name.ready ] ||
		fail "$name did not warm up in ${t}s: $(cat /tmp/$name.out)"
	say "ready $name ${t}"
}

stop_loads() {
	local l pid
	for l in churn stream pin; do
		eval "pid=\${${l}_pid:-}"
		[ -n "$pid" ] || continue
		kill "$pid"
		wait "$pid"
		sed "s/^/BENCH: load $l /" /tmp/$l.out
		rm -f /tmp/$l.prog
		eval "${l}_pid="
	done
}

mount_disk() {
	mkdir -p /mnt/bench
	grep -q ' /mnt/bench ' /proc/mounts ||
		mount -t ext4 -o ro,noatime "$disk" /mnt/bench ||
		fail "cannot mount the bench disk $disk"
	[ -f /mnt/bench/stream ] || fail "no /mnt/bench/stream on the bench disk"
}

# run_pressure anon|cache|pin|all: start the loads, time every cell, stop.
run_pressure() {
	local p=$1 warm_mib
	case $p in cache|pin|all) mount_disk ;; esac
	# past the guest's memory: the page cache has filled what was free
	warm_mib=${stream_warm_mib:-$(awk '/^MemTotal:/ { print int($2 / 1024) }' /proc/meminfo)}
	case $p in anon|all)
		start_load churn churn -m "$churn_mib" ;;
	esac
	case $p in cache|all)
		start_load stream stream -f /mnt/bench/stream -w "$warm_mib" ;;
	esac
	case $p in pin|all)
		start_load pin dio-pin -f /mnt/bench/stream -j "$pin_jobs" -s "$seed" ;;
	esac
	cells "$p"
	stop_loads
	# the next pressure starts from the same state
	sync
	echo 3 >/proc/sys/vm/drop_caches
}
