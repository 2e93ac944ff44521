#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The guest has what the other tests rely on: the mounts, the command line
# the harness passed and the CMA area it asked for.
fail() { echo "FAIL: $*"; exit 1; }

grep -q ' /proc proc ' /proc/mounts || fail "/proc not mounted"
grep -q ' /sys/kernel/debug debugfs ' /proc/mounts || fail "debugfs not mounted"
grep -q 'gcmatest.set=' /proc/cmdline || fail "no gcmatest.set= in /proc/cmdline"

want=$(sed -n 's/.*cma=\([0-9]*\)M.*/\1/p' /proc/cmdline)
[ -n "$want" ] || { echo "SKIP: no cma=<N>M on the command line"; exit 77; }
total_kb=$(awk '/^CmaTotal:/ { print $2 }' /proc/meminfo)
echo "cma= asks for ${want} MiB; CmaTotal: ${total_kb} kB"
# cma= sets the size of the default area; the config adds none of its own.
[ "$total_kb" -ge $((want * 1024)) ] || fail "CmaTotal ${total_kb} kB < cma=${want}M"
exit 0
