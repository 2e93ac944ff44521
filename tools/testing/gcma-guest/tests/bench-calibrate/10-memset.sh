#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# make bench's calibration boot (BENCH_DISK=emmc or ufs), not a test: how
# long this guest's CPU takes to clear 64 MiB (memset-time, the median of
# 21), which the host compares with its own to scale a flash device's
# speed to the guest's.  One line: BENCH: calibrate memset-time: ...
memset-time -s 64 -n 21 -l calibrate >/tmp/calibrate.out ||
	{ echo "FAIL: memset-time failed"; exit 1; }
echo "BENCH: calibrate $(tail -n 1 /tmp/calibrate.out)"
exit 0
