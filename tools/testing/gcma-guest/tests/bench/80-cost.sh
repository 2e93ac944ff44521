#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Benchmark: what lending costs workloads whose pages never get a copy,
# with nothing allocating.  Each runs cost_s seconds (src/cost.c), in
# every configuration; the report puts stock, guaranteed without lending
# and guaranteed lending side by side:
#   tmpfs   64 KiB files created, written, truncated and unlinked: the
#           hooks of page-cache removal and inode eviction
#   read    the stream file (larger than memory) read over and over from
#           the bench disk mounted data=journal, whose inodes do not opt
#           in: reclaim's eviction hook on every page (not with an
#           f2fs bench disk, gcmabench.fs=f2fs)
#   swap    64 MiB of anonymous memory paged out whole to zram and read
#           back, with lend_swap off where the area lends: the swap hooks
# Each line "cost sample WORKLOAD SECOND RATE" is one second of work; the
# counters around each must show that no copy was made.
. ./lib.sh

cost_s=${cost_s:-20}

# cost_run WORKLOAD ARG: one workload, its samples and the counters
# around it, on the console and in /tmp/cost.log
cost_run() {
	local rc
	{
		say "cost snap $1 before $(counters)"
		cost "$1" "$2" "$cost_s" >/tmp/cost.out 2>/tmp/cost.err
		rc=$?
		say "cost snap $1 after $(counters)"
		sed 's/^/BENCH: cost /' /tmp/cost.out
	} >/tmp/cost.one
	cat /tmp/cost.one
	cat /tmp/cost.one >>/tmp/cost.log
	[ $rc = 0 ] || fail "cost $1 $2 exited with $rc: $(cat /tmp/cost.err)"
	grep -q "^total $1 " /tmp/cost.out || fail "cost $1 printed no total"
}

# lend_stored and swap_stored did not move during WORKLOAD
no_copies() {
	local f
	for f in lend_stored swap_stored; do
		[ -r $sys/$f ] || continue
		grep "BENCH: cost snap $1 " /tmp/cost.log | awk -v f=$f -v w="$1" '
			{ for (i = 6; i <= NF; i++) if (split($i, kv, "=") == 2 && kv[1] == f) v[$5] = kv[2] }
			END { if (v["after"] != v["before"]) { printf "%s: %s moved from %s to %s\n", w, f, v["before"], v["after"]; exit 1 } }' ||
			fail "the $1 workload got copies"
	done
}

rm -f /tmp/cost.log
mkdir -p /tmp/costfs
mount -t tmpfs -o size=16m cost /tmp/costfs || fail "cannot mount a tmpfs"
cost_run tmpfs /tmp/costfs
umount /tmp/costfs

case " $(cat /proc/cmdline) " in
*" gcmabench.fs=f2fs "*)
	# every regular file of an f2fs opts in: no read workload without copies
	echo "cost: no read workload on an f2fs bench disk (BENCH_FS=ext4 has one)" ;;
*)
	umount /mnt/bench 2>/dev/null
	mkdir -p /mnt/bench
	mount -t ext4 -o ro,noatime,data=journal "$disk" /mnt/bench ||
		fail "cannot mount the bench disk $disk data=journal"
	cost_run read /mnt/bench/stream
	umount /mnt/bench ;;
esac

if [ -w $sys/lend_swap ]; then
	echo 0 >$sys/lend_swap || fail "cannot turn lend_swap off"
fi
# to zram, where swap is work the CPU does (under BENCH_ICOUNT, counted),
# not waits for a disk
if [ -d /sys/block/zram0 ]; then
	echo 1 >/sys/block/zram0/reset 2>/dev/null
	echo 128M >/sys/block/zram0/disksize && mkswap /dev/zram0 >/dev/null &&
		swapon /dev/zram0 || fail "cannot swap to zram0"
	say "info cost_swap=zram0"
	cost_run swap 64
	swapoff /dev/zram0 || fail "swapoff /dev/zram0 failed"
	echo 1 >/sys/block/zram0/reset
else
	swap_on
	say "info cost_swap=$swap_dev"
	cost_run swap 64
	swap_off
fi

for w in tmpfs read swap; do
	no_copies $w
done
echo 3 >/proc/sys/vm/drop_caches
exit 0
