#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# A cma= value that does not parse whole is refused with one message that
# names the bad text, and the kernel boots with the default area it would
# have had without the option: CONFIG_CMA_SIZE_MBYTES (16 MiB in the test
# kernels), stock.
fail() { echo "FAIL: $*"; exit 1; }

bad=$(sed -n 's/.*\(cma=[^ ]*\).*/\1/p' /proc/cmdline)
echo "command line: $bad"
msgs=$(dmesg | grep -c 'cannot parse')
dmesg | grep 'cannot parse'
[ "$msgs" -eq 1 ] || fail "expected one 'cannot parse' message, got $msgs"
dmesg | grep 'cannot parse' | grep -q "\"${bad##*,}\"" ||
	fail "the message does not name '${bad##*,}'"
total=$(awk '/^CmaTotal:/ { print $2 }' /proc/meminfo)
[ "$total" -eq 16384 ] || fail "CmaTotal is $total kB, not the 16 MiB default"
[ "$(cat /sys/kernel/mm/cma/reserved/guaranteed)" = 0 ] ||
	fail "the refused option still made the area guaranteed"
exit 0
