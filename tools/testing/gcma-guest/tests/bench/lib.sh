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
#   BENCH: free_us CELL USEC                 the release after a timed call
#   BENCH: err CELL TEXT                     a line the program wrote to stderr
#   BENCH: rc CELL STATUS                    the program's exit status
#   BENCH: load LOAD ...                     a load's own summary at its end
#                                            (reread: one line per pass too;
#                                            cycle: per pass or second)
#   BENCH: window WINDOW before|after KEY=VALUE...  counters (and memfree_kb,
#                                            memavailable_kb, cached_kb, and
#                                            anonpages_kb, swapcached_kb,
#                                            swapfree_kb) around a stretch of
#                                            the re-read or the swap load
#   BENCH: lent WINDOW samples=N [min= mean= max=] area_pages=N
#                                            the area's lent pages meanwhile
#   BENCH: faults WINDOW before|after KEY=VALUE... hist=BUCKET:COUNT,...
#                                            the swap load's totals around a
#                                            window: pages touched, major
#                                            faults and their latencies (see
#                                            src/anon-cycle.c)
#   BENCH: fill_ms CELL MS                   a full cell's wait for lending
#                                            to fill the range again
#   BENCH: takeback CELL count=N lent=N ns=N the gcma_take_back tracepoint,
#                                            one line per event of a full cell
# CELL is PRESSURE/PATH/MIB; PATH is cma (debugfs alloc, cma_alloc()),
# heap (DMA_HEAP_IOCTL_ALLOC), memset (the floor) or full (cma_alloc() on a
# range lending filled again first: cma-latency -f; only where the area
# lends, under the re-read and the swap load).  TAG is hit or miss
# (the call's cma_alloc() was served from the defer-free cache, or was
# not), - (defer-free off) or ? (the counters moved otherwise); memset
# lines have none, nor did the raw lines before warm-up and tags existed.
# On a guaranteed area the tag is followed by the lent pages the call took
# back (lend_taken_back around it).  WINDOW is reread/alone (the re-read
# load with nothing allocating) or reread/cells (around its cells), and
# swap/alone, swap/cells the same for the swap load (anon-cycle, "cycle").
fail() { echo "FAIL: $*"; exit 1; }

area=reserved
sys=/sys/kernel/mm/cma/$area
dbg=/sys/kernel/debug/cma/$area

# defaults, overridden from the command line
sizes=1,8,32,max iters=100 iters_max=20 wait_us=20000 churn_mib=512 warmup=5
pin_jobs=2 seed=1 warm_timeout=600 disk='' stream_warm_mib=
reread_mib=900 reread_alone_s=20 reread_alone_passes=3 reread_warm_passes=3
reread_warm_max=10
swap_mib=800 swap_alone_s=15 swap_alone_passes=1 swap_warm_passes=2
swap_warm_max=4 swap_write_every=8 swap_sample_every=7 swap_order=seq
swap_pageout=0 full_sizes=32 full_iters=120
appstart_mib=660 appstart_rounds=5 appstart_warm=2
for arg in $(cat /proc/cmdline); do
	case $arg in
	gcmabench.*=*)
		k=${arg#gcmabench.}
		eval "${k%%=*}=\${k#*=}" ;;
	esac
done
sizes=$(echo "$sizes" | tr , ' ')

. ../lib/disk.sh
[ -n "$disk" ] || disk=$(disk_by_serial gcmabench) || disk=/dev/vda
disk_stat=/sys/block/${disk#/dev/}/stat

say() { echo "BENCH: $*"; }

# The largest allocation that fits: the area's free range at boot, which
# 00-setup keeps in /tmp (defer-free may hold ranges later).
size_mib() {
	if [ "$1" = max ]; then cat /tmp/bench.max_mib; else echo "$1"; fi
}

# counters around a cell, as KEY=VALUE: vmstat (swap's too), the area's
# sysfs files (lending's on guaranteed areas, per client where the kernel
# has them), the sectors the bench disk read, the loads' progress
counters() {
	awk '$1 ~ /^(pgmigrate_success|pgmigrate_fail|cma_alloc_success|cma_alloc_fail|compact_stall|pgpgin|pswpin|pswpout|pgmajfault)$/ { printf "%s=%s ", $1, $2 }' /proc/vmstat
	for f in alloc_pages_success alloc_pages_fail defer_free_hits defer_free_misses \
		defer_free_drained_pages defer_free_shrunk_pages lent_pages lend_stored \
		lend_loaded lend_invalidated lend_evicted lend_taken_back file_stored \
		file_loaded swap_stored swap_loaded swap_invalidated swap_evicted \
		swap_taken_back; do
		[ -r $sys/$f ] && printf '%s=%s ' $f "$(cat $sys/$f)"
	done
	[ -r "$disk_stat" ] && printf 'disk_read_sectors=%s ' "$(awk '{ print $3 }' "$disk_stat")"
	for l in churn stream pin reread cycle; do
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
	[ "$2" = full ] && n=$full_iters
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
	full)
		trace_take_back 1
		cma-latency -a $area -p $((mib * 256)) -n "$n" -w "$wait_us" \
			-l "$label" -r -W "$w" -t -f ;;
	esac >/tmp/cell.out 2>/tmp/cell.err
	rc=$?
	say "snap $label after $(counters)"
	grep -E '^(lat_us|fail|warm_us|warm_fail|free_us|fill_ms) ' /tmp/cell.out | sed 's/^/BENCH: /'
	sed "s|^|BENCH: err $label |" /tmp/cell.err
	say "rc $label $rc"
	grep -vE '^(lat_us|fail|warm_us|warm_fail|free_us|fill_ms) ' /tmp/cell.out
	if [ "$2" = full ]; then
		trace_take_back 0
		sed -n "s|.* gcma_take_back: name=$area pfn=[0-9a-fx]* \(count=[0-9]* lent=[0-9]* ns=[0-9]*\)\$|BENCH: takeback $label \1|p" \
			$trace/trace
	fi
}

# trace_take_back 1|0: the gcma_take_back tracepoint on, its buffer
# emptied (a kernel that measures what a take-back costs only while the
# event is on) / off
trace=/sys/kernel/tracing
trace_take_back() {
	local ev=$trace/events/gcma/gcma_take_back/enable
	[ -e $trace/trace ] || mount -t tracefs nodev $trace 2>/dev/null
	[ -w $ev ] || return 0	# no tracing: the report says so
	[ "$1" = 0 ] || : >$trace/trace
	echo "$1" >$ev
}

# the full cells of PRESSURE, where the area lends: every full_sizes size
full_cells() {
	[ "$(cat $sys/lend 2>/dev/null)" = 1 ] || return 0
	for s in $(echo "$full_sizes" | tr , ' '); do
		cell "$1" full "$s"
	done
}

# every foreground cell of one pressure (cells PRESSURE [PATH...]: of
# those paths only)
cells() {
	local p=$1 paths
	shift
	paths=${*:-cma heap}
	for path in $paths; do
		for s in $sizes; do
			cell "$p" $path "$s"
		done
	done
}

# start_load NAME CMD ARG...: start a background load that creates
# /tmp/NAME.ready once warmed up and keeps /tmp/NAME.prog; wait for it.
# The load's options go first, before any file operands in ARG.
start_load() {
	local name=$1 cmd=$2 t=0 pid
	shift 2
	rm -f /tmp/$name.ready /tmp/$name.prog
	"$cmd" -n 19 -r /tmp/$name.ready -p /tmp/$name.prog "$@" >/tmp/$name.out 2>&1 &
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

# stop every load, print what each wrote; a swap load that read back a
# page that is not what it wrote fails the script (after the rest)
stop_loads() {
	local l pid rc bad=
	for l in churn stream pin reread cycle; do
		eval "pid=\${${l}_pid:-}"
		[ -n "$pid" ] || continue
		kill "$pid"
		wait "$pid"
		rc=$?
		sed "s/^/BENCH: load $l /" /tmp/$l.out
		rm -f /tmp/$l.prog
		eval "${l}_pid="
		[ $l = cycle ] && [ $rc -ne 0 ] && bad="anon-cycle exited with $rc: $(grep -m1 'page' /tmp/$l.out)"
	done
	[ -z "$bad" ] || fail "$bad"
}

# the bench disk's filesystem: gcmabench.fs= (bench.sh's BENCH_FS), ext4
# by default
mount_disk() {
	local fs=ext4
	case " $(cat /proc/cmdline) " in *" gcmabench.fs=f2fs "*) fs=f2fs ;; esac
	mkdir -p /mnt/bench
	grep -q ' /mnt/bench ' /proc/mounts ||
		mount -t $fs -o ro,noatime "$disk" /mnt/bench ||
		fail "cannot mount the bench disk $disk"
	[ -f /mnt/bench/stream ] || fail "no /mnt/bench/stream on the bench disk"
}

# the passes load LOAD (reread, cycle) has made so far (its progress file)
load_passes() {
	local c b s
	read -r c b s </tmp/$1.prog && echo "$c"
}

# lines in load LOAD's lent-pages samples file so far
load_samples() {
	if [ -r /tmp/$1.lent ]; then wc -l </tmp/$1.lent; else echo 0; fi
}

# the load a window watches: swap/... the swap load, reread/... the re-read
window_load() {
	case $1 in swap/*) echo cycle ;; *) echo reread ;; esac
}

# free memory, page cache and swap now, as KEY=VALUE: how much of the
# re-read set the page cache holds (BENCH_REREAD_MIB is chosen by it), how
# much of the swap load memory holds
meminfo() {
	awk '/^(MemFree|MemAvailable|Cached|AnonPages|SwapCached|SwapFree):/ { k = tolower($1); sub(":", "", k); printf "%s_kb=%s ", k, $2 }' /proc/meminfo
}

# window_begin WINDOW / window_end WINDOW: the counters and memory around
# a stretch of the re-read or the swap load, then the area's lent pages
# it sampled meanwhile; the swap load's totals (pages touched, major
# faults and their latencies) around it too
window_begin() {
	local l
	l=$(window_load "$1")
	say "window $1 before $(meminfo)$(counters)"
	[ $l = cycle ] && say "faults $1 before $(cat /tmp/cycle.stat)"
	window_from=$(load_samples $l)
}

window_end() {
	local to l
	l=$(window_load "$1")
	say "window $1 after $(meminfo)$(counters)"
	[ $l = cycle ] && say "faults $1 after $(cat /tmp/cycle.stat)"
	to=$(load_samples $l)
	say "lent $1 $(awk -v from="$window_from" -v to="$to" -v pages="$(cat $dbg/count)" '
		NR > from && NR <= to {
			n++; sum += $2
			if (n == 1 || $2 < lo) lo = $2
			if (n == 1 || $2 > hi) hi = $2
		}
		END {
			if (n) printf "samples=%d min=%d mean=%.0f max=%d", n, lo, sum / n, hi
			else printf "samples=0"
			printf " area_pages=%d\n", pages
		}' /tmp/$l.lent 2>/dev/null)"
}

# start_reread: the re-read load on the first reread_mib of the disk's
# reread/ files (whole files), warmed up: passes until one is as fast as
# the one before (within 10 %), reread_warm_passes to reread_warm_max.
start_reread() {
	local f mib want i=0 files=
	set -- /mnt/bench/reread/*
	[ -f "$1" ] || fail "no /mnt/bench/reread/ files on the bench disk (an old image?)"
	mib=$(($(stat -c %s "$1") / 1048576))
	[ "$mib" -gt 0 ] || fail "$1 is smaller than 1 MiB"
	want=$(((reread_mib + mib - 1) / mib))
	[ $# -ge "$want" ] ||
		fail "the bench disk holds $(($# * mib)) MiB of reread/ files, ${reread_mib} MiB asked"
	for f; do
		[ $i -lt "$want" ] || break
		files="$files $f"
		i=$((i + 1))
	done
	say "info reread_files=$want reread_file_mib=$mib reread_set_mib=$((want * mib))" \
		"reread_alone_s=$reread_alone_s reread_alone_passes=$reread_alone_passes"
	# shellcheck disable=SC2086 # the file list
	start_load reread reread-files -P "$reread_warm_passes" -M "$reread_warm_max" \
		-d "$disk_stat" -a $area -s /tmp/reread.lent $files
}

# load_alone PRESSURE SECONDS PASSES: the pressure's load (window_load)
# with nothing allocating, the window PRESSURE/alone, for SECONDS and
# PASSES whole passes at least (no more than warm_timeout)
load_alone() {
	local t=0 p0 l
	l=$(window_load "$1/")
	window_begin "$1/alone"
	p0=$(load_passes $l)
	while [ $t -lt "$2" ] || [ $(($(load_passes $l) - p0)) -lt "$3" ]; do
		if [ $t -ge "$warm_timeout" ]; then
			echo "$1: $(($(load_passes $l) - p0)) passes in ${t}s, the window ends short"
			break
		fi
		sleep 1
		t=$((t + 1))
	done
	window_end "$1/alone"
}

# swap_on / swap_off: swap on the disk bench.sh gives the guest for the
# swap pressure (serial gcmaswap), made afresh; off again after it, so
# that no other pressure swaps
swap_on() {
	local dev
	dev=$(disk_by_serial gcmaswap) ||
		fail "no swap disk (a virtio disk with serial gcmaswap; bench.sh attaches one when the set has the swap pressure)"
	[ -r /proc/swaps ] || fail "the kernel has no swap (CONFIG_SWAP)"
	mkswap "$dev" >/dev/null || fail "mkswap $dev failed"
	swapon "$dev" || fail "swapon $dev failed"
	swap_dev=$dev
	say "info swap_dev=$dev swap_total_kb=$(awk '/^SwapTotal:/ { print $2 }' /proc/meminfo)" \
		"swappiness=$(cat /proc/sys/vm/swappiness) page_cluster=$(cat /proc/sys/vm/page-cluster)" \
		"lend_swap=$(cat $sys/lend_swap 2>/dev/null || echo none)" \
		"lend_file=$(cat $sys/lend_file 2>/dev/null || echo none)" \
		"swap_mib=$swap_mib swap_write_every=$swap_write_every" \
		"swap_sample_every=$swap_sample_every swap_order=$swap_order" \
		"swap_pageout=$swap_pageout swap_alone_s=$swap_alone_s" \
		"swap_alone_passes=$swap_alone_passes"
}

swap_off() {
	[ -n "${swap_dev:-}" ] || return 0
	swapoff "$swap_dev" || fail "swapoff $swap_dev failed"
	swap_dev=
}

# start_cycle: the swap load, anon-cycle on swap_mib of anonymous memory,
# warmed up: filled, then passes until one is as fast as the one before
# (within 15 %), swap_warm_passes to swap_warm_max
start_cycle() {
	local o=
	[ "$swap_pageout" = 1 ] && o=-O
	rm -f /tmp/cycle.stat /tmp/cycle.lent
	# shellcheck disable=SC2086 # $o: nothing or -O
	start_load cycle anon-cycle -m "$swap_mib" -w "$swap_write_every" \
		-S "$swap_sample_every" -o "$swap_order" $o -P "$swap_warm_passes" \
		-M "$swap_warm_max" -a $area -s /tmp/cycle.lent -f /tmp/cycle.stat
}

# run_pressure anon|cache|pin|all|reread|swap: start the loads, time every
# cell, stop.  reread and swap also measure their load alone first, and
# around all their cells; swap times cma_alloc() only (the debugfs path),
# with swap on for it alone.
run_pressure() {
	local p=$1 warm_mib
	case $p in cache|pin|all|reread) mount_disk ;; esac
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
	case $p in
	reread)
		start_reread
		load_alone reread "$reread_alone_s" "$reread_alone_passes" ;;
	swap)
		swap_on
		start_cycle
		load_alone swap "$swap_alone_s" "$swap_alone_passes" ;;
	esac
	case $p in
	reread|swap)
		window_begin $p/cells
		if [ $p = swap ]; then cells $p cma; else cells $p; fi
		full_cells $p
		window_end $p/cells ;;
	*)
		cells "$p" ;;
	esac
	stop_loads
	[ "$p" = swap ] && swap_off
	# the next pressure starts from the same state
	sync
	echo 3 >/proc/sys/vm/drop_caches
}
