#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Measurement, not a test (not in make check): cma_alloc() latency on the
# default area under anonymous-memory churn, for 32 MiB and, with
# defer-free off and on, for repeated 8 MiB and 32 MiB cycles.  The
# shrinker has its own set, tests/shrinker.
# Run with: make measure (boots stock and guaranteed, see scripts/measure.sh)
area=reserved
sys=/sys/kernel/mm/cma/$area
kind=stock
[ "$(cat $sys/guaranteed)" = 1 ] && kind=guaranteed
n=${GCMA_MEASURE_N:-100}
migrated() { awk '/^pgmigrate_success / { print $2 }' /proc/vmstat; }

cma-latency -a $area -p 8192 -n 20 -w 20000 -l "$kind idle 32M" | sed 's/^/MEASURE: /'

avail=$(awk '/^MemAvailable:/ { print int($2 / 1024) }' /proc/meminfo)
. ../lib/churn.sh
start_churn $((avail - 160)) "MEASURE: "
for pages in 8192 2048; do
	size=$((pages / 256))M
	for defer in off on; do
		[ -f $sys/defer_free_max_pages ] || [ $defer = off ] || continue
		if [ $defer = on ]; then
			echo 16384 > $sys/defer_free_max_pages
		elif [ -f $sys/defer_free_max_pages ]; then
			echo 0 > $sys/defer_free_max_pages
		fi
		h0=$(cat $sys/defer_free_hits 2>/dev/null || echo 0)
		m0=$(cat $sys/defer_free_misses 2>/dev/null || echo 0)
		g0=$(migrated)
		cma-latency -a $area -p $pages -n "$n" -w 50000 \
			-l "$kind churn $size defer=$defer" | sed 's/^/MEASURE: /'
		h1=$(cat $sys/defer_free_hits 2>/dev/null || echo 0)
		m1=$(cat $sys/defer_free_misses 2>/dev/null || echo 0)
		echo "MEASURE: $kind $size defer=$defer hits=$((h1 - h0)) misses=$((m1 - m0)) migrated=$(($(migrated) - g0))"
	done
done
stop_churn
sed 's/^/MEASURE: /' /tmp/churn.out

exit 0
