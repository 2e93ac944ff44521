#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Harness self-test: the kernel panics in the middle of a test.  The boot
# ends here, without this test's result or "GCMATEST: done", and the
# harness must say so: keep it the last test of the set.  The test kernels
# have no sysrq; running out of memory with vm.panic_on_oom=2 is a real
# panic too (churn maps and writes anonymous memory until it gets none).
echo 2 >/proc/sys/vm/panic_on_oom || { echo "FAIL: cannot set vm.panic_on_oom"; exit 1; }
churn -m 8192
echo "FAIL: churn ended (exit status $?) and the kernel did not panic"
exit 1
