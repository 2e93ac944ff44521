#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# 32 MiB allocations from the default area through debugfs while a process
# churns anonymous memory (fresh chunks mapped, old ones unmapped, so new
# movable pages keep arriving).  A guaranteed area must serve every one
# without migrating a page; a stock area must show the pressure reached it
# (pgmigrate_success rising), which is what makes the comparison fair.
fail() { echo "FAIL: $*"; exit 1; }

area=reserved
dbg=/sys/kernel/debug/cma/$area
[ -d "$dbg" ] || fail "no default area"
g=$(cat /sys/kernel/mm/cma/$area/guaranteed)
pages=$((32 << 20 >> 12))
iters=${GCMA_CHURN_ITERS:-30}

migrated() { awk '/^pgmigrate_success / { print $2 }' /proc/vmstat; }

# leave ~160 MiB outside the area free: room for migration, no OOM
avail=$(awk '/^MemAvailable:/ { print int($2 / 1024) }' /proc/meminfo)
churn_mib=$((avail - 160))
[ "$churn_mib" -ge 64 ] || { echo "SKIP: only ${avail} MiB available"; exit 77; }

# pgmigrate_success is system wide: proactive compaction (x86_64's test
# kernel has CONFIG_COMPACTION) must not move pages meanwhile
pro=/proc/sys/vm/compaction_proactiveness
if [ -w $pro ]; then
	pro0=$(cat $pro)
	trap 'echo $pro0 >$pro' EXIT
	echo 0 >$pro
fi

. ../lib/churn.sh
start_churn "$churn_mib"
[ -e /tmp/churn.ready ] || fail "churn did not fill its ring: no pressure"
m0=$(migrated)
out=$(cma-latency -a $area -p $pages -n "$iters" -w 100000 -l "guaranteed=$g")
m1=$(migrated)
stop_churn
echo "$out"
cat /tmp/churn.out
echo "churn_mib=$churn_mib pgmigrate_success: $m0 -> $m1"

failed=$(echo "$out" | sed -n 's/.* fail=\([0-9]*\).*/\1/p')
[ -n "$failed" ] || fail "no result from cma-latency"
if [ "$g" = 1 ]; then
	[ "$failed" -eq 0 ] || fail "$failed of $iters guaranteed allocations failed"
	[ "$m1" -eq "$m0" ] || fail "pages migrated ($m0 -> $m1) on a guaranteed area"
else
	[ "$m1" -gt "$m0" ] || fail "no page migrated: the churn did not reach the stock area"
fi
exit 0
