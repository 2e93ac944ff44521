#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Placeholder for 'make run': show the CMA areas the guest has.
echo "--- /proc/cmdline"
cat /proc/cmdline
echo "--- /proc/meminfo (Cma*)"
grep -i cma /proc/meminfo
for d in /sys/kernel/mm/cma/*; do
	[ -d "$d" ] || continue
	echo "--- $d"
	for f in "$d"/*; do
		printf '%s: %s\n' "${f##*/}" "$(cat "$f" 2>/dev/null)"
	done
done
exit 0
