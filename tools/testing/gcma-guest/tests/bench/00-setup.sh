#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Benchmark (make bench), not a test: describe the guest and the area
# (and check they are what the host asked for: kind, size, defer-free,
# lending), and note the largest allocation that fits while the area is
# still untouched.
. ./lib.sh

[ -d $dbg ] || fail "no default CMA area $area in debugfs"
[ -e /dev/dma_heap/$area ] || fail "no CMA heap /dev/dma_heap/$area"
count=$(cat $dbg/count)
used=$(cat $dbg/used)
# the configuration the host asked for, or the numbers mean nothing
g=$(cat $sys/guaranteed)
dmax=$(cat $sys/defer_free_max_pages 2>/dev/null || echo 0)
# lend: only guaranteed areas on a kernel that can lend have the file
lnd=$(cat $sys/lend 2>/dev/null || echo none)
[ -z "${kind:-}" ] || [ "$g" = "$kind" ] || fail "area has guaranteed=$g, the host wants $kind"
[ -z "${area_mib:-}" ] || [ "$count" -eq $((area_mib * 256)) ] ||
	fail "area has $count pages, the host wants ${area_mib} MiB"
case ${defer:-} in
0) [ "$dmax" -eq 0 ] || fail "defer-free on ($dmax pages), the host wants it off" ;;
1) [ "$dmax" -gt 0 ] || fail "defer-free off, the host wants it on" ;;
esac
case ${lend:-} in
0) [ "$lnd" = none ] || [ "$lnd" = 0 ] || fail "area has lend=$lnd, the host wants it not to lend" ;;
1) [ "$lnd" = 1 ] || fail "area has lend=$lnd, the host wants it to lend (gcma_lend=1)" ;;
esac
# whole MiB, free at boot
echo $(((count - used) / 256)) >/tmp/bench.max_mib
cs=$(cat /sys/devices/system/clocksource/clocksource0/current_clocksource)
say "info kernel=$(uname -r) machine=$(uname -m) clocksource=$cs guaranteed=$(cat $sys/guaranteed)" \
	"area_pages=$count used_pages=$used max_mib=$(cat /tmp/bench.max_mib)" \
	"defer_free_max_pages=$(cat $sys/defer_free_max_pages 2>/dev/null || echo none)" \
	"lend=$lnd" \
	"mem_total_kb=$(awk '/^MemTotal:/ { print $2 }' /proc/meminfo)" \
	"mem_available_kb=$(awk '/^MemAvailable:/ { print $2 }' /proc/meminfo)" \
	"cached_kb=$(awk '/^Cached:/ { print $2 }' /proc/meminfo)" \
	"sizes=$(echo $sizes | tr ' ' ,) iters=$iters iters_max=$iters_max warmup=$warmup wait_us=$wait_us" \
	"churn_mib=$churn_mib pin_jobs=$pin_jobs seed=$seed reread_mib=$reread_mib"
# the re-read set must fit in the page cache of the stock guest and not
# beside a guaranteed area: what each has, to choose BENCH_REREAD_MIB by
grep -E '^(MemTotal|MemFree|MemAvailable|Cached|Cma[A-Za-z]*):' /proc/meminfo
exit 0
