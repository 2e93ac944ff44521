#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# dma-buf heaps on the default area: the upstream kselftest
# tools/testing/selftests/dmabuf-heaps/dmabuf-heap.c, built unchanged, must
# pass; on a guaranteed area, camera-sized buffers (8 and 32 MiB) allocated
# in a loop while a process churns anonymous memory must never fail and
# must each lie in the area.
fail() { echo "FAIL: $*"; exit 1; }

[ -e /dev/dma_heap/reserved ] || fail "no CMA heap /dev/dma_heap/reserved"
dmabuf-heap > /tmp/ksft.out 2>&1
rc=$?
# indented, so that its TAP lines are not taken for KUnit results
sed "s/^/  ksft: /" /tmp/ksft.out
grep -q '^# Totals:' /tmp/ksft.out || fail "the dmabuf-heaps kselftest printed no totals (exit $rc)"
[ $rc -eq 0 ] || fail "the dmabuf-heaps kselftest failed: $(grep '^# Totals:' /tmp/ksft.out)"

[ "$(cat /sys/kernel/mm/cma/reserved/guaranteed)" = 1 ] || exit 0
avail=$(awk '/^MemAvailable:/ { print int($2 / 1024) }' /proc/meminfo)
. ../lib/churn.sh
start_churn $((avail - 160))
[ -e /tmp/churn.ready ] || fail "churn did not fill its ring: no pressure"
dmaheap-loop -h reserved -a reserved -n 10 -s 8 -s 32
rc=$?
stop_churn
cat /tmp/churn.out
[ $rc -eq 0 ] || fail "dma-buf heap allocations failed or landed outside the area"
exit 0
