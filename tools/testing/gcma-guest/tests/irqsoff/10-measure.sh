#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# How long lending keeps interrupts off (scripts/irqsoff.sh boots this on
# the bench kernel with tracers, configs/irqsoff.config, once with a
# stock area and once with a guaranteed one lending).  The same load runs
# twice for gcmairq.secs seconds: a file larger than memory allows beside
# the area, reclaimed and read back over and over (copies made under the
# i_pages lock, loaded with the store's lock taken twice); 32 MiB of
# anonymous memory paged out to zram and read back (swap copies made
# under the swap cache's lock); the area allocated in two halves and
# freed again and again (copies taken back under the store's lock).
#   - function_graph: each call of the hooks that run with interrupts
#     off (gcma_file_remove_folio(), gcma_swap_evict(), gcma_swap_store())
#     or take the store's lock for many pages (gcma_store_drop()), timed:
#     "IRQSOFF: graph FUNC calls= p50_us= p99_us= max_us=".
#   - irqsoff: the longest section with interrupts off in the whole
#     kernel meanwhile, where it began and ended:
#     "IRQSOFF: irqsoff max_us= started= ended=".
. ../lib/disk.sh
fail() { echo "FAIL: $*"; exit 1; }
say() { echo "IRQSOFF: $*"; }

secs=30
for arg in $(cat /proc/cmdline); do
	case $arg in gcmairq.secs=*) secs=${arg#*=} ;; esac
done
area=reserved
sys=/sys/kernel/mm/cma/$area
dbg=/sys/kernel/debug/cma/$area
t=/sys/kernel/tracing
[ -d $t/instances ] || mount -t tracefs tracefs $t || fail "no tracefs"
[ -w $t/current_tracer ] || fail "no $t/current_tracer"
grep -qw irqsoff $t/available_tracers || fail "no irqsoff tracer (configs/irqsoff.config)"
grep -qw function_graph $t/available_tracers || fail "no function_graph tracer"
. ../lib/area-churn.sh

lend=0
[ -r $sys/lend ] && lend=$(cat $sys/lend)
disk=$(disk_by_serial gcmadisk) || fail "no scratch disk (disk:SIZE)"
mkdir -p /mnt
mount -t ext4 $disk /mnt || fail "cannot mount $disk"
# a file the page cache beside the area cannot hold whole
mib=$(awk '/^MemAvailable:/ { print int($2 / 1024 / 2) }' /proc/meminfo)
blocks=$((mib * 256))
filecheck write /mnt/f 1 $blocks 1 -y -q || fail "cannot write /mnt/f"
echo 1 >/sys/block/zram0/reset 2>/dev/null
echo 128M >/sys/block/zram0/disksize && mkswap /dev/zram0 >/dev/null &&
	swapon /dev/zram0 || fail "cannot swap to zram0"
say "info lend=$lend file_mib=$mib secs=$secs cpus=$(nproc)"

counters() {
	local f
	for f in lend_stored lend_loaded lend_taken_back file_stored swap_stored swap_loaded; do
		[ -r $sys/$f ] && printf '%s=%s ' $f "$(cat $sys/$f)"
	done
	awk '$1 == "pswpout" || $1 == "pgsteal_kswapd" || $1 == "pgsteal_direct" { printf "%s=%s ", $1, $2 }' /proc/vmstat
	echo
}

# the load, for secs seconds
load() {
	local end=$(($(cut -d. -f1 /proc/uptime) + secs))
	area_churn_start 100000
	(
		while [ "$(cut -d. -f1 /proc/uptime)" -lt $end ]; do
			swapcheck run --mib 32 --passes 1 --pageout --seed 5 >/dev/null 2>&1 ||
				echo "swapcheck failed" >/tmp/irq.bad
		done
	) &
	while [ "$(cut -d. -f1 /proc/uptime)" -lt $end ]; do
		filecheck pageout /mnt/f >/dev/null 2>&1
		filecheck verify /mnt/f 1 $blocks 1 >/tmp/verify.out 2>&1 ||
			{ cat /tmp/verify.out; echo "verify failed" >/tmp/irq.bad; }
	done
	wait $!
	# area_churn_stop without its verdict: a stock area may refuse some
	# allocations (pages it could not migrate), which is no failure here
	kill "$area_pid"
	wait "$area_pid"
	cat $dbg/count >$dbg/free
	read -r ok refused </tmp/area.count
	say "churn allocations=${ok:-0} refused=${refused:-0}"
	[ ! -e /tmp/irq.bad ] || fail "$(cat /tmp/irq.bad)"
}

echo 0 >$t/tracing_on
echo 16384 >$t/buffer_size_kb

# function_graph on the hooks, each call's time, read as it comes
funcs=
for f in gcma_file_remove_folio gcma_swap_evict gcma_swap_store gcma_store_drop; do
	grep -qx "$f" $t/available_filter_functions && funcs="$funcs $f"
done
[ -n "$funcs" ] || fail "none of the hooks can be traced"
echo function_graph >$t/current_tracer
echo 1 >$t/max_graph_depth
echo "$funcs" >$t/set_graph_function
echo >$t/trace
cat $t/trace_pipe >/tmp/graph.raw &
reader=$!
say "counters graph before $(counters)"
echo 1 >$t/tracing_on
load
echo 0 >$t/tracing_on
say "counters graph after $(counters)"
sleep 2
kill $reader
wait $reader 2>/dev/null
say "graph lost=$(awk '/^overrun:/ { s += $2 } END { print s + 0 }' $t/per_cpu/cpu*/stats)"
# "  1)   5.678 us    |  gcma_file_remove_folio();", maybe "! 123.4 us"
awk '{
	for (i = 1; i < NF; i++)
		if ($(i + 1) == "us" && $i ~ /^[0-9.]+$/) {
			f = $NF; sub(/\(\);$/, "", f)
			print f, $i
			break
		}
}' /tmp/graph.raw >/tmp/graph.vals
rm -f /tmp/graph.raw
for f in $funcs; do
	grep "^$f " /tmp/graph.vals | cut -d' ' -f2 | sort -n >/tmp/graph.one
	n=$(wc -l </tmp/graph.one)
	[ "$n" -gt 0 ] || continue
	say "graph $f calls=$n p50_us=$(sed -n "$((n / 2 + 1))p" /tmp/graph.one)" \
		"p99_us=$(sed -n "$(((n * 99 + 99) / 100))p" /tmp/graph.one)" \
		"max_us=$(tail -n 1 /tmp/graph.one)"
done
echo >$t/set_graph_function
echo nop >$t/current_tracer

# irqsoff: the longest section, where it began and ended; without
# function-trace, which would time every function called inside it
echo 0 >$t/options/function-trace
echo 0 >$t/tracing_max_latency
echo irqsoff >$t/current_tracer
say "counters irqsoff before $(counters)"
echo 1 >$t/tracing_on
load
echo 0 >$t/tracing_on
say "counters irqsoff after $(counters)"
started=$(sed -n 's/^# *=> started at: *//p' $t/trace | head -n1)
ended=$(sed -n 's/^# *=> ended at: *//p' $t/trace | head -n1)
say "irqsoff max_us=$(cat $t/tracing_max_latency) started=${started:-?} ended=${ended:-?}"
sed -n '1,60p' $t/trace
echo nop >$t/current_tracer
swapoff /dev/zram0
exit 0
