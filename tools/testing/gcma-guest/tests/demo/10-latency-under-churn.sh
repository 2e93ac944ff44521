#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# make run, part 2: 32 MiB cma_alloc() calls on the default area, first on
# the idle guest, then while a process keeps mapping fresh anonymous memory.
# The same script runs on the guaranteed and on the stock boot.
area=reserved
pages=$((32 << 20 >> 12))
kind=stock
[ "$(cat /sys/kernel/mm/cma/$area/guaranteed)" = 1 ] && kind=guaranteed
migrated() { awk '/^pgmigrate_success / { print $2 }' /proc/vmstat; }

cma-latency -a $area -p $pages -n 10 -w 20000 -l "$kind idle" | sed 's/^/DEMO: /'

avail=$(awk '/^MemAvailable:/ { print int($2 / 1024) }' /proc/meminfo)
. ../lib/churn.sh
start_churn $((avail - 160)) "DEMO: "
m0=$(migrated)
cma-latency -a $area -p $pages -n 20 -w 100000 -l "$kind churn" | sed 's/^/DEMO: /'
m1=$(migrated)
stop_churn
sed 's/^/DEMO: /' /tmp/churn.out
echo "DEMO: $kind: pages migrated during the allocations: $((m1 - m0))"
for f in alloc_pages_success alloc_pages_fail release_pages_success; do
	echo "DEMO: /sys/kernel/mm/cma/$area/$f: $(cat /sys/kernel/mm/cma/$area/$f)"
done
exit 0
