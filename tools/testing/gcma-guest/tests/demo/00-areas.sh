#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# make run, part 1: which CMA areas this kernel has, and of which kind.
echo "DEMO: command line: $(cat /proc/cmdline)"
for d in /sys/kernel/mm/cma/*; do
	[ -d "$d" ] || continue
	a=${d##*/}
	kind=stock
	[ "$(cat "$d/guaranteed" 2>/dev/null)" = 1 ] && kind=guaranteed
	pages=$(cat /sys/kernel/debug/cma/$a/count 2>/dev/null)
	echo "DEMO: area $a: $kind, $((pages * 4 / 1024)) MiB"
done
grep -E '^(MemTotal|MemFree|CmaTotal|CmaFree):' /proc/meminfo | sed 's/^/DEMO: /'
exit 0
