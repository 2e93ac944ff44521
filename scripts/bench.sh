#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# make bench: cma_alloc() and dma-buf heap latency, stock CMA against GCMA
# and defer-free, idle and under memory pressure that reaches the area.
#
# Boots the same guest (RAM, area size, load, seeds) once per
# configuration, each fresh: stock, gcma (guaranteed, not lending),
# gcma-lend (guaranteed, its idle pages holding copies of evicted clean
# file pages), stock-defer and gcma-defer (cma_defer_free= as large as the
# area, not lending).  In each boot the 'bench' set measures the memset
# floor and every allocation idle, then under each background load alone
# (anonymous ring, page-cache streamer, O_DIRECT pinner), all three
# together, a file set re-read over and over that fits in the page cache
# without the area and not beside it, and an anonymous working set cycled
# through with swap on a virtio disk that fits in the guest without the
# area and not beside it (cma_alloc() only); then, nothing allocating, app
# starts (small apps of the bench disk started in turn, their files closed
# between starts, sized as the re-read set) and what lending costs
# workloads that get no copies; scripts/bench-report.py turns
# the raw per-call times into the tables (Markdown, CSV, JSON) and CDF
# plots in out/bench/, and packs the consoles into out/bench/raw.tar.gz,
# from which 'scripts/bench-report.py --from' recomputes all of it.
#
# Environment (defaults in brackets):
#   BENCH_ARCH      x86_64 or arm [x86_64]
#   BENCH_FS        the bench disk's filesystem, ext4 or f2fs [ext4]: what
#                   the cache, pin, all and reread pressures read
#   BENCH_MEM       guest RAM, MiB [1024]
#   BENCH_AREA      default CMA area, MiB [256]
#   BENCH_SIZES     allocation sizes, MiB, 'max' = the area's free range [1,8,32,max]
#   BENCH_ITERS     calls per cell [200]; BENCH_ITERS_MAX for 'max' [40]
#                   (with fewer than 100 calls a cell has no p99: it would be
#                   its maximum)
#   BENCH_WARMUP    untimed calls of the same size before each cell's [5]
#   BENCH_FULL_SIZES  sizes of the full cells [32]: under the re-read and
#                   the swap load, where the area lends, cma_alloc() on a
#                   range that lending filled again before each call
#                   (cma-latency -f), with the gcma_take_back tracepoint on
#   BENCH_FULL_ITERS  calls per full cell [120; each waits for lending to
#                   go round the area, about a second under the re-read]
#   BENCH_WAIT_US   pause before each call, for the load to refill the area [20000]
#   BENCH_CHURN_MIB anonymous ring [2/3 of MEM - AREA, the same in every boot]
#   BENCH_CONFIGS   configurations to boot [stock gcma gcma-lend stock-defer gcma-defer]
#   BENCH_SEED      seed of the pinner's offsets [1]
#   BENCH_STREAM_WARM_MIB  read before timing under the streamer [the guest's memory]
#   BENCH_REREAD_MIB  the file set the reread pressure reads over and over
#                   [900: fits in the page cache of a stock 1 GiB guest
#                   (MemAvailable ~963 MiB at boot), not in that guest beside
#                   a 256 MiB guaranteed area (~709 MiB), and overflows it by
#                   most of the area, which the copies then fill (lending 90 %
#                   of it needs ~709 + 230 MiB); 00-setup prints MemTotal,
#                   MemAvailable and Cached of each boot, the report the page
#                   cache each reached, to tune it by].  The disk holds 1024 MiB
#                   of such files (more if asked), so that a new size below
#                   that does not rebuild it.
#   BENCH_APPSTART_MIB  the appstart pressure's apps: the first of the bench
#                   disk's apps/ whose starts touch this much between them
#                   [660: they read about 1.2 times that (readahead, and
#                   random pieces that overlap), ~800 MiB, which fits in
#                   the stock guest's page cache (~955 MiB) and not beside
#                   the area (~709 MiB); measured 2026-12-06: at 900 stock
#                   read 976 MiB a round from the disk].  The disk
#                   holds 112 apps of about 15 MiB (9.6 touched), more
#                   if asked; none when the set has no app starts
#   BENCH_APPSTART_ROUNDS  measured rounds, every app started once each,
#                   after BENCH_APPSTART_WARM rounds [5, 2]
#   BENCH_REREAD_ALONE_S  seconds (and at least 3 passes) the re-read is
#                   measured alone, nothing allocating, before its cells [20]
#   BENCH_SWAP_MIB  the anonymous working set the swap pressure cycles
#                   through [800: fits in a stock 1 GiB guest (MemAvailable
#                   ~953 MiB at boot; a stock area's pages take movable
#                   anonymous pages), not beside a 256 MiB guaranteed area
#                   (~700 MiB). Cycled through in order, a set that does not
#                   fit is swapped in whole every pass: reclaim evicts the
#                   page touched longest ago, the next one to be touched]
#   BENCH_SWAP_ALONE_S  seconds (and at least a whole pass) the swap load is
#                   measured alone before its cells [15]
#   BENCH_SWAP_WRITE_EVERY  the load writes one page in this many each pass,
#                   and only reads the others [8; 0 read only, 1 every page]
#   BENCH_SWAP_ORDER  seq (page after page, pass after pass) or random
#                   (pages at random, as many touches a pass) [seq]
#   BENCH_SWAP_PAGEOUT=1  page the set out after every pass (MADV_PAGEOUT),
#                   so that a set that fits still goes through swap [0]
#   BENCH_SWAP_DISK_MIB  the swap disk [2 x BENCH_SWAP_MIB + 256: less than
#                   half of it in use, so that swap-ins keep their slots and
#                   the area its copies (vm_swap_full() frees them)]
#   BENCH_COST_S    seconds each workload of the cost pressure runs [20]
#                   (what lending costs workloads that get no copies:
#                   tmpfs create/truncate, streaming reads on an ext4
#                   mounted data=journal, which does not opt in, and
#                   swap with lend_swap off; no allocation is timed)
#   BENCH_ICOUNT    QEMU's -icount shift=N: while the guest runs, its
#                   clock counts instructions (2^N ns each), not host
#                   time, so that throughputs compare the work done, free
#                   of the host's noise (TCG only; none by default).  An
#                   idle guest's clock runs in host time (sleep=on), so a
#                   wait for the disk takes as long as the host's disk.
#                   Latencies so measured are in instructions too, not
#                   comparable with a run without it.
#   BENCH_QUICK=1   the smoke of make check: a 768 MiB guest, 128 MiB area and
#                   ring, 8 MiB, 5 calls per cell after 2 warm-up calls, stock
#                   and gcma-defer, idle, combined pressure, a 64 MiB re-read
#                   measured alone for 2 s and a 16 MiB swap set paged out
#                   every pass, alone for 2 s (the bench-smoke set), the
#                   disks throttled as UFS over a slowdown of 10, not
#                   measured
#   BENCH_PRESSURES only these pressures, comma-separated (idle is always
#                   run) [all of the set's]: e.g. 'all' for the combined
#                   pressure alone
#   BENCH_DISK      the cost of the bench disk and the swap disk: ufs, emmc
#                   or host [ufs].  ufs and emmc throttle both (QEMU's
#                   throttling.bps-read, iops-read and their write
#                   counterparts) to a flash device's vendor figures
#                   (sequential MB/s, 4 KiB random IOPS): UFS 2.1, Samsung's
#                   512 GB eUFS 2.1 of 2017, 860 MB/s read, 255 MB/s write,
#                   42000 and 40000 IOPS; eMMC 5.1, Samsung's 64 GB eMMC 5.1
#                   of 2015, 250 MB/s, 125 MB/s, 11000 and 13000 IOPS; each
#                   divided by the guest's slowdown under TCG, so that the
#                   disk costs the guest's CPU what the device costs a
#                   real one.  host: unthrottled, reads served from the
#                   host's page cache at the speed of a memory copy.
#   BENCH_SLOWDOWN  the slowdown to scale by [measured: a calibration boot
#                   times memset() of 64 MiB in the guest (bench-calibrate
#                   set), the host the same program built for itself; the
#                   ratio of the two medians]
#   BENCH_KERNEL    kernel image to boot instead of building the bench kernel
#   BENCH_OUT       where results go [out/bench]
#   BENCH_NAME      prefix of the boot names (out/logs/ARCH-NAME-CONFIG.log) [bench]
set -euo pipefail
. "$(dirname "$0")/lib.sh"

ARCH_NAME=${BENCH_ARCH:-x86_64}
if [ "${BENCH_QUICK:-0}" = 1 ]; then
	: "${BENCH_SIZES:=8}" "${BENCH_ITERS:=5}" "${BENCH_ITERS_MAX:=2}" "${BENCH_WARMUP:=2}"
	: "${BENCH_CONFIGS:=stock gcma-defer}" "${BENCH_WAIT_US:=10000}"
	: "${BENCH_MEM:=768}" "${BENCH_AREA:=128}" "${BENCH_CHURN_MIB:=128}"
	: "${BENCH_STREAM_WARM_MIB:=128}" "${BENCH_SET:=bench-smoke}"
	: "${BENCH_REREAD_MIB:=64}" "${BENCH_REREAD_ALONE_S:=2}"
	: "${BENCH_SWAP_MIB:=16}" "${BENCH_SWAP_ALONE_S:=2}" "${BENCH_SWAP_PAGEOUT:=1}"
	: "${BENCH_SLOWDOWN:=10}"
fi
SET=${BENCH_SET:-bench}
MEM=${BENCH_MEM:-1024}
AREA=${BENCH_AREA:-256}
AREA=${AREA%M}
SIZES=${BENCH_SIZES:-1,8,32,max}
ITERS=${BENCH_ITERS:-200}
ITERS_MAX=${BENCH_ITERS_MAX:-40}
WARMUP=${BENCH_WARMUP:-5}
WAIT_US=${BENCH_WAIT_US:-20000}
FULL_SIZES=${BENCH_FULL_SIZES:-32}
FULL_ITERS=${BENCH_FULL_ITERS:-120}
CHURN_MIB=${BENCH_CHURN_MIB:-$(((MEM - AREA) * 2 / 3))}
CONFIGS=${BENCH_CONFIGS:-stock gcma gcma-lend stock-defer gcma-defer}
SEED=${BENCH_SEED:-1}
BOUT=${BENCH_OUT:-$OUT/bench}
NAME=${BENCH_NAME:-bench}
# the streamed file is larger than the guest's memory
STREAM_MIB=$((MEM + 512 > 1536 ? MEM + 512 : 1536))
REREAD_MIB=${BENCH_REREAD_MIB:-900}
REREAD_ALONE_S=${BENCH_REREAD_ALONE_S:-20}
APPSTART_MIB=${BENCH_APPSTART_MIB:-660}
APPSTART_ROUNDS=${BENCH_APPSTART_ROUNDS:-5}
APPSTART_WARM=${BENCH_APPSTART_WARM:-2}
SWAP_MIB=${BENCH_SWAP_MIB:-800}
SWAP_ALONE_S=${BENCH_SWAP_ALONE_S:-15}
SWAP_WRITE_EVERY=${BENCH_SWAP_WRITE_EVERY:-8}
SWAP_ORDER=${BENCH_SWAP_ORDER:-seq}
SWAP_PAGEOUT=${BENCH_SWAP_PAGEOUT:-0}
SWAP_DISK_MIB=${BENCH_SWAP_DISK_MIB:-auto}
COST_S=${BENCH_COST_S:-20}
ICOUNT=${BENCH_ICOUNT:-}
case $ICOUNT in '' | [0-9]) ;; *) die "BENCH_ICOUNT: a shift of 0 to 9, not '$ICOUNT'" ;; esac
DISK_CLASS=${BENCH_DISK:-ufs}
# a device class: read and write MB/s (10^6 bytes), read and write IOPS
case $DISK_CLASS in
ufs) DEVICE="860 255 42000 40000" ;;
emmc) DEVICE="250 125 11000 13000" ;;
host) DEVICE= ;;
*) die "BENCH_DISK: ufs, emmc or host, not '$DISK_CLASS'" ;;
esac
SLOWDOWN=${BENCH_SLOWDOWN:-}
case $SLOWDOWN in '' | [0-9]* ) ;; *) die "BENCH_SLOWDOWN: a number, not '$SLOWDOWN'" ;; esac
FS=${BENCH_FS:-ext4}
case $FS in ext4 | f2fs) ;; *) die "BENCH_FS: ext4 or f2fs, not '$FS'" ;; esac
DISK=$BUILD/bench-disk-$ARCH_NAME.img
[ "$FS" = ext4 ] || DISK=$BUILD/bench-disk-$ARCH_NAME-$FS.img

for n in "$ITERS" "$ITERS_MAX" "$WARMUP" "$FULL_ITERS" "$REREAD_MIB" "$REREAD_ALONE_S" "$SWAP_MIB" \
	"$SWAP_ALONE_S" "$SWAP_WRITE_EVERY" "${SWAP_DISK_MIB/#auto/0}" "$COST_S" "$APPSTART_MIB" \
	"$APPSTART_ROUNDS" "$APPSTART_WARM"; do
	case $n in '' | *[!0-9]*)
		die "BENCH_ITERS, BENCH_ITERS_MAX, BENCH_WARMUP, BENCH_FULL_ITERS, BENCH_REREAD_MIB, BENCH_REREAD_ALONE_S, BENCH_SWAP_MIB, BENCH_SWAP_ALONE_S, BENCH_SWAP_WRITE_EVERY, BENCH_SWAP_DISK_MIB, BENCH_COST_S, BENCH_APPSTART_*: numbers, not '$n'" ;;
	esac
done
[ "$APPSTART_MIB" -gt 0 ] && [ "$APPSTART_ROUNDS" -gt 0 ] ||
	die "BENCH_APPSTART_MIB and BENCH_APPSTART_ROUNDS must be > 0"
if [ "$ITERS" -eq 0 ] || [ "$ITERS_MAX" -eq 0 ] || [ "$REREAD_MIB" -eq 0 ] || [ "$SWAP_MIB" -eq 0 ]; then
	die "BENCH_ITERS, BENCH_ITERS_MAX, BENCH_REREAD_MIB and BENCH_SWAP_MIB must be > 0"
fi
[ "$SWAP_DISK_MIB" != auto ] || SWAP_DISK_MIB=$((2 * SWAP_MIB + 256))
case $SWAP_ORDER in seq | random) ;; *) die "BENCH_SWAP_ORDER: seq or random, not '$SWAP_ORDER'" ;; esac
case $SWAP_PAGEOUT in 0 | 1) ;; *) die "BENCH_SWAP_PAGEOUT: 0 or 1, not '$SWAP_PAGEOUT'" ;; esac
[ "$SWAP_DISK_MIB" -gt "$SWAP_MIB" ] || die "BENCH_SWAP_DISK_MIB $SWAP_DISK_MIB cannot hold BENCH_SWAP_MIB $SWAP_MIB"
# the re-read set on the disk: files of REREAD_FILE_MIB, 1024 MiB of them
# or as many as BENCH_REREAD_MIB asks for; the guest reads the first
# BENCH_REREAD_MIB (rounded up to whole files)
REREAD_FILE_MIB=4
REREAD_DISK_MIB=$(((REREAD_MIB + REREAD_FILE_MIB - 1) / REREAD_FILE_MIB * REREAD_FILE_MIB))
[ "$REREAD_DISK_MIB" -ge 1024 ] || REREAD_DISK_MIB=1024
# the pressures the set times, from its scripts' names (NN-NAME.sh)
PRESSURES=$(cd "$ROOT/tools/testing/gcma-guest/tests/$SET" 2>/dev/null &&
	for f in [0-9]*-*.sh; do n=${f#*-}; n=${n%.sh}; [ "$n" = setup ] || echo "$n"; done | xargs) ||
	PRESSURES=
[ -n "$PRESSURES" ] || die "no bench set tools/testing/gcma-guest/tests/$SET"
# BENCH_PRESSURES: only these of them (and idle, which every ratio needs),
# through the guest's gcmatest.only=
ONLY=
if [ -n "${BENCH_PRESSURES:-}" ]; then
	want=" idle ${BENCH_PRESSURES//,/ } "
	for p in ${BENCH_PRESSURES//,/ }; do
		[[ " $PRESSURES " == *" $p "* ]] || die "BENCH_PRESSURES: no pressure '$p' in the $SET set ($PRESSURES)"
	done
	keep=
	for f in "$ROOT/tools/testing/gcma-guest/tests/$SET"/[0-9]*-*.sh; do
		f=${f##*/} n=${f#*-} n=${n%.sh}
		[ "$n" = setup ] || [[ "$want" == *" $n "* ]] || continue
		ONLY+="${ONLY:+,}${f%.sh}"
		[ "$n" = setup ] || keep+=" $n"
	done
	PRESSURES=${keep# }
fi
# the apps on the disk, where the set has app starts: 112 (about 1.07 GiB
# touched) or as many as BENCH_APPSTART_MIB needs at 9 MiB touched each
# (they touch 9.6 or so)
APPS_DISK=0
if [[ " $PRESSURES " == *" appstart "* ]]; then
	APPS_DISK=$((APPSTART_MIB / 9 + 1))
	[ "$APPS_DISK" -ge 112 ] || APPS_DISK=112
fi
SWAP=0
[[ " $PRESSURES " == *" swap "* ]] && SWAP=1
[[ " $PRESSURES " == *" cost "* ]] && SWAP=1

case $ARCH_NAME in
x86_64 | arm) ;;
*) die "BENCH_ARCH: x86_64 or arm, not '$ARCH_NAME'" ;;
esac
[ "$CHURN_MIB" -ge 16 ] || die "BENCH_MEM $MEM too small for BENCH_AREA $AREA"

# build/bench-disk-ARCH.img (-f2fs.img with BENCH_FS=f2fs, loaded by
# f2fs-tools' sload.f2fs): ext4 holding 'stream', STREAM_MIB of
# pseudo-random data (fixed seed; random so that no block is sparse),
# 'reread/NNNN', REREAD_DISK_MIB in files of REREAD_FILE_MIB (another
# seed, no MiB of them the same as another), and 'apps/NNN', APPS_DISK
# directories of an app's files (a third seed): base.apk 8 MiB, code.odex
# 4 MiB, lib0.so to lib5.so 384 KiB each, res00 to res23 of 4 to 60 KiB.
make_disk() {
	local stage=$BUILD/bench-disk-stage total=$((STREAM_MIB + REREAD_DISK_MIB + APPS_DISK * 15))
	local want="stream_mib=$STREAM_MIB reread_mib=$REREAD_DISK_MIB reread_file_mib=$REREAD_FILE_MIB"
	[ "$APPS_DISK" = 0 ] || want+=" apps=$APPS_DISK"
	if [ -f "$DISK" ] && [ "$(cat "$DISK.inputs" 2>/dev/null)" = "$want" ]; then
		return 0
	fi
	msg "making $DISK ($STREAM_MIB MiB file, $REREAD_DISK_MIB MiB of re-read files)"
	rm -rf "$stage" "$DISK" "$DISK.inputs"
	mkdir -p "$stage/reread"
	python3 - "$stage" "$STREAM_MIB" "$REREAD_DISK_MIB" "$REREAD_FILE_MIB" "$APPS_DISK" <<'PY'
import os, random, sys
stage, stream_mib, reread_mib, file_mib, apps = sys.argv[1], *map(int, sys.argv[2:])
r = random.Random(1)
blocks = [r.randbytes(1 << 20) for _ in range(16)]
with open(os.path.join(stage, "stream"), "wb") as f:
    for i in range(stream_mib):
        f.write(blocks[i % 16])
r = random.Random(2)
for n in range(reread_mib // file_mib):
    with open(os.path.join(stage, "reread", f"{n:04d}"), "wb") as f:
        for _ in range(file_mib):
            f.write(r.randbytes(1 << 20))
r = random.Random(3)
for a in range(apps):
    d = os.path.join(stage, "apps", f"{a:03d}")
    os.makedirs(d)
    sizes = {"base.apk": 8 << 20, "code.odex": 4 << 20}
    sizes.update({f"lib{i}.so": 384 << 10 for i in range(6)})
    sizes.update({f"res{i:02d}": r.randrange(1, 16) << 12 for i in range(24)})
    for name, size in sizes.items():
        with open(os.path.join(d, name), "wb") as f:
            f.write(r.randbytes(size))
PY
	if [ "$FS" = f2fs ]; then
		truncate -s "$((total + total / 8 + 256))M" "$DISK" &&
			mkfs.f2fs -q -f -l gcmabench "$DISK" >/dev/null &&
			sload.f2fs -f "$stage" "$DISK" >/dev/null || die "mkfs.f2fs or sload.f2fs failed"
	else
		mkfs.ext4 -q -F -L gcmabench -d "$stage" "$DISK" "$((total + total / 16 + 64))M" ||
			die "mkfs.ext4 failed"
	fi
	rm -rf "$stage"
	echo "$want" >"$DISK.inputs"
}

# ,noguaranteed: a kernel built with CONFIG_DMA_CMA_GUARANTEED (the ARM
# test kernels) would make a plain cma= area guaranteed.  gcma_lend=0: gcma
# and gcma-defer keep meaning a guaranteed area that lends nothing (the
# runs before lending); only gcma-lend lends.  The guest checks it got the
# kind, size, defer-free and lending it was told (gcmabench.kind= ...).
cmdline_of() {
	local m="gcmabench.area_mib=$AREA" g="cma=${AREA}M,guaranteed" d="cma_defer_free=${AREA}M"
	case $1 in
	stock) echo "cma=${AREA}M,noguaranteed $m gcmabench.kind=0 gcmabench.defer=0 gcmabench.lend=0" ;;
	gcma) echo "$g gcma_lend=0 $m gcmabench.kind=1 gcmabench.defer=0 gcmabench.lend=0" ;;
	gcma-lend) echo "$g gcma_lend=1 $m gcmabench.kind=1 gcmabench.defer=0 gcmabench.lend=1" ;;
	stock-defer) echo "cma=${AREA}M,noguaranteed $d $m gcmabench.kind=0 gcmabench.defer=1 gcmabench.lend=0" ;;
	gcma-defer) echo "$g $d gcma_lend=0 $m gcmabench.kind=1 gcmabench.defer=1 gcmabench.lend=0" ;;
	*) die "unknown configuration '$1' (stock gcma gcma-lend stock-defer gcma-defer)" ;;
	esac
}
for c in $CONFIGS; do cmdline_of "$c" >/dev/null; done

T0=$(date +%s)
if [ -n "${BENCH_KERNEL:-}" ]; then
	KERNEL=$BENCH_KERNEL
else
	"$ROOT/scripts/build-kernel.sh" "$ARCH_NAME" bench
	KERNEL=$BUILD/obj-$ARCH_NAME-bench/$(arch_image "$ARCH_NAME")
fi
[ -f "$KERNEL" ] || die "no kernel $KERNEL"
"$ROOT/scripts/mkinitramfs.sh" "$ARCH_NAME"
make_disk

# the guest's slowdown under TCG: its memset() of 64 MiB against the host's
slowdown() {
	local host guest log=$OUT/logs/$ARCH_NAME-$NAME-calibrate.log
	gcc -O2 -o "$BUILD/host-memset-time" "$ROOT/tools/testing/gcma-guest/src/memset-time.c" ||
		die "cannot build memset-time for the host"
	host=$("$BUILD/host-memset-time" -s 64 -n 21 | sed -n 's/.* p50_us=\([0-9]*\).*/\1/p')
	KERNEL=$KERNEL "$ROOT/scripts/boot.sh" "$ARCH_NAME" "$NAME-calibrate" 512 \
		"kunit.filter_glob=none-at-all gcmatest.timeout=120" 300 bench-calibrate >/dev/null ||
		die "the calibration boot failed (see $log)"
	guest=$(grep -a 'BENCH: calibrate ' "$log" | sed -n 's/.* p50_us=\([0-9]*\).*/\1/p' | tail -n 1)
	[ -n "$host" ] && [ -n "$guest" ] && [ "$host" -gt 0 ] ||
		die "no memset time from the host ('$host') or the guest ('$guest', $log)"
	echo "$host $guest"
}
# DRIVE_R, DRIVE_RW: the throttling options of a read-only and a
# read-write disk of the device class, scaled by the slowdown
DRIVE_R='' DRIVE_RW='' CALIB=''
if [ -n "$DEVICE" ]; then
	if [ -z "$SLOWDOWN" ]; then
		read -r host_us guest_us < <(slowdown)
		SLOWDOWN=$(awk -v h="$host_us" -v g="$guest_us" 'BEGIN { printf "%.1f", g / h }')
		CALIB="host_memset_us=$host_us guest_memset_us=$guest_us"
	fi
	read -r rmb wmb riops wiops <<<"$DEVICE"
	throttle=$(awk -v s="$SLOWDOWN" -v rmb="$rmb" -v wmb="$wmb" -v ri="$riops" -v wi="$wiops" 'BEGIN {
		if (s < 1) s = 1
		printf "%d %d %d %d", rmb * 1e6 / s, wmb * 1e6 / s, ri / s, wi / s }')
	read -r rbps wbps riops_s wiops_s <<<"$throttle"
	DRIVE_R=",throttling.bps-read=$rbps,throttling.iops-read=$riops_s"
	DRIVE_RW="$DRIVE_R,throttling.bps-write=$wbps,throttling.iops-write=$wiops_s"
	msg "disk: $DISK_CLASS ($DEVICE) over a slowdown of $SLOWDOWN: read $rbps B/s, $riops_s IOPS;" \
		"write $wbps B/s, $wiops_s IOPS"
fi

rm -rf "$BOUT"
mkdir -p "$BOUT/raw"
QEMU_BIN=qemu-system-$ARCH_NAME
{
	echo "arch=$ARCH_NAME"
	echo "qemu=$($QEMU_BIN --version | head -n1)"
	echo "kernel_image=${KERNEL#"$ROOT"/}"
	echo "host_cpus=$(nproc)"
	echo "mem_mib=$MEM area_mib=$AREA sizes=$SIZES iters=$ITERS iters_max=$ITERS_MAX warmup=$WARMUP"
	echo "wait_us=$WAIT_US churn_mib=$CHURN_MIB stream_mib=$STREAM_MIB seed=$SEED"
	echo "full_sizes=$FULL_SIZES full_iters=$FULL_ITERS"
	echo "reread_mib=$REREAD_MIB reread_alone_s=$REREAD_ALONE_S cost_s=$COST_S fs=$FS"
	echo "appstart_mib=$APPSTART_MIB appstart_rounds=$APPSTART_ROUNDS appstart_warm=$APPSTART_WARM"
	[ $SWAP = 0 ] || echo "swap_mib=$SWAP_MIB swap_alone_s=$SWAP_ALONE_S" \
		"swap_write_every=$SWAP_WRITE_EVERY swap_order=$SWAP_ORDER swap_pageout=$SWAP_PAGEOUT" \
		"swap_disk_mib=$SWAP_DISK_MIB"
	echo "configs=$CONFIGS"
	[ -z "$ICOUNT" ] || echo "icount=$ICOUNT"
	if [ -n "$DEVICE" ]; then
		echo "disk_class=$DISK_CLASS device=${DEVICE// /,} slowdown=$SLOWDOWN $CALIB"
		echo "throttle_read_bps=$rbps throttle_read_iops=$riops_s" \
			"throttle_write_bps=$wbps throttle_write_iops=$wiops_s"
	else
		echo "disk_class=host"
	fi
	echo "set=$SET pressures=${PRESSURES// /,}"
	echo "date=$(date -u +%Y-%m-%dT%H:%MZ)"
} >"$BOUT/raw/host.txt"

# Every bench boot must finish: 5 loads x warm-up + cells, generously.
TIMEOUT=${BENCH_TIMEOUT:-3600}
# sysctl.vm.mem_profiling=0: on the x86_64 test kernel of the bench smoke,
# allocation profiling's slab hooks warn, and with its debug checks crash,
# when memory runs short in 6.12 (configs/x86_64.config); the bench kernel
# has no profiling and only notes the unknown sysctl.
COMMON="gcmatest.timeout=$TIMEOUT kunit.filter_glob=none-at-all sysctl.vm.mem_profiling=0"
[ -n "$ONLY" ] && COMMON+=" gcmatest.only=$ONLY"
COMMON+=" gcmabench.sizes=$SIZES gcmabench.iters=$ITERS gcmabench.iters_max=$ITERS_MAX"
COMMON+=" gcmabench.warmup=$WARMUP gcmabench.full_sizes=$FULL_SIZES gcmabench.full_iters=$FULL_ITERS"
COMMON+=" gcmabench.wait_us=$WAIT_US gcmabench.churn_mib=$CHURN_MIB gcmabench.seed=$SEED"
COMMON+=" gcmabench.reread_mib=$REREAD_MIB gcmabench.reread_alone_s=$REREAD_ALONE_S"
COMMON+=" gcmabench.cost_s=$COST_S gcmabench.fs=$FS gcmabench.appstart_mib=$APPSTART_MIB"
COMMON+=" gcmabench.appstart_rounds=$APPSTART_ROUNDS gcmabench.appstart_warm=$APPSTART_WARM"
if [ $SWAP = 1 ]; then
	COMMON+=" gcmabench.swap_mib=$SWAP_MIB gcmabench.swap_alone_s=$SWAP_ALONE_S"
	COMMON+=" gcmabench.swap_write_every=$SWAP_WRITE_EVERY gcmabench.swap_order=$SWAP_ORDER"
	COMMON+=" gcmabench.swap_pageout=$SWAP_PAGEOUT"
fi
[ -n "${BENCH_STREAM_WARM_MIB:-}" ] && COMMON+=" gcmabench.stream_warm_mib=$BENCH_STREAM_WARM_MIB"
# The benchmark needs no ACPI; on a kernel with it, evaluating the PCI
# routing (_PRT) under TCG can time out (AE_AML_LOOP_TIMEOUT), leaving the
# virtio disk without an interrupt.
[ "$ARCH_NAME" = x86_64 ] && COMMON+=" acpi=off"
# (under -icount the TSC counts virtual time: the guest calibrates it)
if [ "$ARCH_NAME" = x86_64 ] && [ "$(uname -m)" = x86_64 ] && [ -z "$ICOUNT" ]; then
	khz=$(host_tsc_khz || true)
	[ -n "$khz" ] && COMMON+=" tsc_early_khz=$khz"
fi
# virtio-blk over PCI on the PC, over MMIO on ARM's virt (no PCI there).
# The guest finds each disk by its serial: their order differs (ARM's virt
# probes them in reverse).
DISK_DEV=virtio-blk-pci
[ "$ARCH_NAME" = arm ] && DISK_DEV=virtio-blk-device
# The swap pressure's swap device: a disk of its own, a sparse raw file
# made afresh for each boot (the guest runs mkswap on it) and deleted
# after.  Not a swap file on the bench disk: that one is read-only, the
# same bytes in every boot, and the reads of the re-read pressure would
# share its queue and counters.  Written back through the host's page
# cache like the bench disk's reads, so "the device" is fast next to
# real ones, and alike for every configuration.
SWAPIMG=
trap '[ -z "$SWAPIMG" ] || rm -f "$SWAPIMG"' EXIT
rc=0
for c in $CONFIGS; do
	s=$(date +%s)
	log=$OUT/logs/$ARCH_NAME-$NAME-$c.log
	qargs="-drive file=$DISK,if=none,id=bench,format=raw,readonly=on$DRIVE_R"
	qargs+=" -device $DISK_DEV,drive=bench,serial=gcmabench"
	[ -z "$ICOUNT" ] || qargs+=" -icount shift=$ICOUNT,sleep=on"
	if [ $SWAP = 1 ]; then
		SWAPIMG=$OUT/logs/$ARCH_NAME-$NAME-$c.swap
		rm -f "$SWAPIMG"
		mkdir -p "$OUT/logs"
		truncate -s "${SWAP_DISK_MIB}M" "$SWAPIMG"
		qargs+=" -drive file=$SWAPIMG,if=none,id=swap,format=raw$DRIVE_RW"
		qargs+=" -device $DISK_DEV,drive=swap,serial=gcmaswap"
	fi
	KERNEL=$KERNEL "$ROOT/scripts/boot.sh" "$ARCH_NAME" "$NAME-$c" "$MEM" \
		"$(cmdline_of "$c") $COMMON" "$TIMEOUT" "$SET" "$qargs"
	if [ -n "$SWAPIMG" ]; then
		rm -f "$SWAPIMG"
		SWAPIMG=
	fi
	cp "$log" "$BOUT/raw/$c.log"
	grep -a 'BENCH: ' "$log" | sed 's/^.*BENCH: //' >"$BOUT/raw/$c.txt" || true
	msg "$c: $(($(date +%s) - s))s, $(grep -c '^lat_us ' "$BOUT/raw/$c.txt" || true) timed calls," \
		"$(grep -c '^fail ' "$BOUT/raw/$c.txt" || true) failed," \
		"$(grep -c '^err ' "$BOUT/raw/$c.txt" || true) error lines"
	if ! grep -aq 'GCMATEST: done' "$log" || grep -aq 'GCMATEST: not ok' "$log"; then
		grep -a 'GCMATEST: not ok' "$log" >&2 || msg "$c: the boot did not finish (see $log)"
		rc=1
	fi
done
echo "seconds=$(($(date +%s) - T0))" >>"$BOUT/raw/host.txt"
# 3: the report is written, but a cell does not hold the calls planned
# (or a program in it wrote errors): the run does not count
rrc=0
python3 "$ROOT/scripts/bench-report.py" "$BOUT" >/dev/null || rrc=$?
case $rrc in
0) ;;
3) msg "the run does not match its plan (see 'Checks' in ${BOUT#"$ROOT"/}/results.md)"; rc=1 ;;
*) die "bench-report.py failed" ;;
esac
# the CDFs compare each pressure with idle: none for idle alone (nor for
# the app starts and cost, which time no allocation)
cdf=
for p in $PRESSURES; do
	case $p in idle | appstart | cost) ;; *) cdf=$(command -v gnuplot >/dev/null && echo "cdf-*.png") ;; esac
done
for f in results.md results.csv results.json raw.tar.gz $cdf; do
	# shellcheck disable=SC2086 # the glob
	ls "$BOUT"/$f >/dev/null 2>&1 || die "the report lacks $f"
done
grep -q '^| cma_alloc |' "$BOUT/results.md" || die "results.md has no cma_alloc row"
msg "results in ${BOUT#"$ROOT"/}/ ($(($(date +%s) - T0))s)"
exit $rc
