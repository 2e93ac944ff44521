# SPDX-License-Identifier: GPL-2.0
#
# GCMA workspace.  'make run' boots the demo guest, 'make check' runs every
# test.  The scripts decide themselves whether there is work to do, so
# every target here is phony.

.PHONY: all help setup tree refresh series kernel-x86_64 kernel-arm kernel-arm64 kernel-arm64+16k kernel-arm+nogcma \
	initramfs-x86_64 initramfs-arm initramfs-arm64 check run measure bench irqsoff mutants bisect clean

all: help

help:
	@echo "make run      boot the x86_64 demo guest: guaranteed against stock CMA"
	@echo "make measure  the latency numbers behind the notes (minutes; asserts nothing)"
	@echo "make bench    stock CMA vs GCMA (lending or not) vs defer-free, idle and under pressure:"
	@echo "             out/bench/results.md, .csv, .json, cdf-*.png; BENCH_ARCH=x86_64|arm,"
	@echo "             BENCH_MEM=1024 BENCH_AREA=256 BENCH_SIZES=1,8,32,max BENCH_ITERS=200"
	@echo "             BENCH_ITERS_MAX=40 BENCH_REREAD_MIB=900 BENCH_CONFIGS=... BENCH_QUICK=1"
	@echo "             (see scripts/bench.sh)"
	@echo "make irqsoff  how long lending keeps interrupts off, against stock: out/irqsoff/results.md"
	@echo "             (irqsoff and function_graph tracers; IRQSOFF_S=30, see scripts/irqsoff.sh)"
	@echo "make check    build everything, boot every variant, print 'N passed, N failed'"
	@echo "make mutants  break, one at a time, the lines tests guard (tools/testing/gcma-guest/mutants):"
	@echo "             each must make its boot fail; prints killed/survived (about 30 min)"
	@echo "make bisect   every patch applies, builds (x86_64 GCMA on/off, ARM on) and passes"
	@echo "             checkpatch --strict: what git bisect needs (not part of make check)"
	@echo "make tree     assemble build/linux from BASE_VERSION + patches/series"
	@echo "make refresh  bring commits/edits made in build/linux back into patches/"
	@echo "make series   export the series to out/series and verify it (git am, checkpatch)"
	@echo "make kernel-K     build one test kernel (x86_64, arm, arm64, arm64+16k, arm+nogcma)"

setup:
	@scripts/setup.sh

tree: setup
	@scripts/assemble.sh

refresh:
	@scripts/refresh.sh

series: tree
	@scripts/export-series.sh

kernel-x86_64 kernel-arm kernel-arm64 kernel-arm64+16k kernel-arm+nogcma: kernel-%: tree
	@scripts/build-kernel.sh $*

initramfs-x86_64 initramfs-arm initramfs-arm64: initramfs-%: setup
	@scripts/mkinitramfs.sh $*

check:
	@scripts/check.sh

run:
	@scripts/run.sh

measure:
	@scripts/measure.sh

bench: tree
	@scripts/bench.sh

irqsoff: tree
	@scripts/irqsoff.sh

mutants: tree
	@scripts/mutants.py

bisect: tree
	@scripts/bisect.sh

clean:
	rm -rf out build/obj-* build/initramfs-* build/kunit-*
