#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# make measure: the numbers quoted in closing notes and commit messages.
# Boots the x86_64 test kernel twice (stock and guaranteed default area,
# same RAM and area size) with the 'measure' set and prints its MEASURE:
# lines.  The test kernel has KASAN, lockdep and DEBUG_VM on, and QEMU runs
# without KVM: absolute times are inflated, ratios between runs are what
# to read.  make bench is the proper benchmark.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

MEM=${MEASURE_MEM:-1024} AREA=${MEASURE_AREA:-256M}
"$ROOT/scripts/setup.sh"
"$ROOT/scripts/assemble.sh"
"$ROOT/scripts/build-kernel.sh" x86_64
"$ROOT/scripts/mkinitramfs.sh" x86_64
for kind in stock guaranteed; do
	opt=
	[ $kind = guaranteed ] && opt=,guaranteed
	"$ROOT/scripts/boot.sh" x86_64 "measure-$kind" "$MEM" \
		"cma=$AREA$opt" 1800 measure
	grep -a 'MEASURE: ' "$OUT/logs/x86_64-measure-$kind.log" | sed 's/^.*MEASURE: //'
done
# what the defer-free shrinker gives back to a memory hog
"$ROOT/scripts/boot.sh" x86_64 measure-shrinker "$MEM" "cma=$AREA" 900 shrinker
grep -a 'MEASURE: ' "$OUT/logs/x86_64-measure-shrinker.log" | sed 's/^.*MEASURE: //'
