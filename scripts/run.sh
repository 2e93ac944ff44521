#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# make run: build what is needed and boot the x86_64 guest with the demo
# test set (tools/testing/gcma-guest/tests/demo), console on the terminal.
# RUN_CMDLINE, RUN_MEM and RUN_SET override the defaults.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

"$ROOT/scripts/setup.sh"
"$ROOT/scripts/assemble.sh"
"$ROOT/scripts/build-kernel.sh" x86_64
"$ROOT/scripts/mkinitramfs.sh" x86_64
if [ -n "${RUN_CMDLINE:-}" ]; then
	TEE=1 "$ROOT/scripts/boot.sh" x86_64 run "${RUN_MEM:-1024}" \
		"$RUN_CMDLINE" 600 "${RUN_SET:-demo}"
	grep -q 'GCMATEST: done' "$OUT/logs/x86_64-run.log" ||
		die "the guest did not finish (see out/logs/x86_64-run.log)"
	exit 0
fi

# The same guest twice: a guaranteed default area, then a stock one of the
# same size, each showing its areas, then 32 MiB allocations idle and while
# a process churns anonymous memory.
for kind in guaranteed stock; do
	opt=
	[ $kind = guaranteed ] && opt=,guaranteed
	msg "booting with cma=256M$opt (console in out/logs/x86_64-run-$kind.log)"
	"$ROOT/scripts/boot.sh" x86_64 "run-$kind" "${RUN_MEM:-1024}" \
		"cma=256M$opt" 600 "${RUN_SET:-demo}"
	log=$OUT/logs/x86_64-run-$kind.log
	grep -q 'GCMATEST: done' "$log" ||
		die "the guest did not finish (see ${log#"$ROOT"/})"
	grep -a 'DEMO: ' "$log" | sed 's/^.*DEMO: /  /'
done

echo
echo "32 MiB cma_alloc() latency, debug test kernel under QEMU (TCG):"
printf '  %-11s %-6s %10s %10s %10s %6s\n' area load p50_ms p99_ms max_ms fail
for kind in guaranteed stock; do
	grep -a 'DEMO: cma-latency:' "$OUT/logs/x86_64-run-$kind.log" |
	sed -E 's/.*label=([a-z]+) ([a-z]+) .* fail=([0-9]+) p50_us=([0-9]+) p90_us=[0-9]+ p99_us=([0-9]+) max_us=([0-9]+).*/\1 \2 \4 \5 \6 \3/' |
	while read -r k load p50 p99 max fail; do
		printf '  %-11s %-6s %10.1f %10.1f %10.1f %6s\n' "$k" "$load" \
			"$(echo "$p50 / 1000" | bc -l)" "$(echo "$p99 / 1000" | bc -l)" \
			"$(echo "$max / 1000" | bc -l)" "$fail"
	done
done
