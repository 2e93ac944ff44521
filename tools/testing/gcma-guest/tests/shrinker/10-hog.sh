#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Measurement (make measure): fill the defer-free cache with 64 MiB, then
# start a memory hog that needs more than the free memory and runs until
# it has it all; report what the shrinker gave back.
sys=/sys/kernel/mm/cma/reserved
[ -f $sys/defer_free_max_pages ] || { echo "SKIP: no defer-free"; exit 77; }
echo 16384 > $sys/defer_free_max_pages
for i in 1 2 3 4 5 6 7 8; do echo 2048 > /sys/kernel/debug/cma/reserved/alloc; done
for i in 1 2 3 4 5 6 7 8; do echo 2048 > /sys/kernel/debug/cma/reserved/free; done
s0=$(cat $sys/defer_free_shrunk_pages)
echo "MEASURE: before the hog: cached=$(cat $sys/defer_free_cached_pages) pages"
free_mib=$(awk '/^MemFree:/ { print int($2 / 1024) }' /proc/meminfo)
rm -f /tmp/hog.ready
churn -m $((free_mib + 32)) -c 2 -r /tmp/hog.ready > /tmp/hog.out &
pid=$!
i=0
while [ ! -e /tmp/hog.ready ] && [ $i -lt 300 ] && kill -0 $pid 2>/dev/null; do
	sleep 1
	i=$((i + 1))
done
kill $pid 2>/dev/null
wait $pid
echo "MEASURE: hog of $((free_mib + 32)) MiB (MemFree was $free_mib MiB) ran ${i}s: cached=$(cat $sys/defer_free_cached_pages) pages, given back by the shrinker: $(($(cat $sys/defer_free_shrunk_pages) - s0)) pages"
echo 0 > $sys/defer_free_max_pages
exit 0
