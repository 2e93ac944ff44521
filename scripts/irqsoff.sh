#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# How long lending keeps interrupts off: boots the bench kernel with the
# irqsoff and function_graph tracers (build-kernel.sh ARCH bench+irqsoff,
# configs/irqsoff.config) twice, with a stock area and with a guaranteed
# area lending, under the same load (tools/testing/gcma-guest/tests/
# irqsoff: file copies made and loaded, swap copies to zram, the area
# allocated over and over), and writes out/irqsoff/results.md: the time
# of each call of the store's hooks that run with interrupts off, and the
# longest interrupts-off section of the whole kernel in each boot.
#
# Environment: IRQSOFF_ARCH x86_64 or arm [x86_64], IRQSOFF_S seconds of
# load per tracer [30], IRQSOFF_OUT [out/irqsoff], IRQSOFF_ICOUNT=N:
# QEMU's -icount shift=N,sleep=off, the guest's clock counting
# instructions (2^N ns each), free of the host's scheduling: under plain
# TCG a section is as long as the host keeps QEMU's thread off its CPU.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

ARCH_NAME=${IRQSOFF_ARCH:-x86_64}
SECS=${IRQSOFF_S:-30}
ROUT=${IRQSOFF_OUT:-$OUT/irqsoff}
ICOUNT=${IRQSOFF_ICOUNT:-}
case $SECS in '' | *[!0-9]*) die "IRQSOFF_S: seconds, not '$SECS'" ;; esac
case $ICOUNT in '' | [0-9]) ;; *) die "IRQSOFF_ICOUNT: a shift of 0 to 9, not '$ICOUNT'" ;; esac

"$ROOT/scripts/build-kernel.sh" "$ARCH_NAME" bench+irqsoff
KERNEL=$BUILD/obj-$ARCH_NAME-bench+irqsoff/$(arch_image "$ARCH_NAME")
"$ROOT/scripts/mkinitramfs.sh" "$ARCH_NAME"
rm -rf "$ROUT"
mkdir -p "$ROUT"

COMMON="kunit.filter_glob=none-at-all gcmairq.secs=$SECS gcmatest.timeout=$((SECS * 20 + 300))"
if [ "$ARCH_NAME" = x86_64 ]; then
	COMMON+=" acpi=off"
	if [ -z "$ICOUNT" ]; then
		khz=$(host_tsc_khz || true)
		[ -n "$khz" ] && COMMON+=" tsc_early_khz=$khz"
	fi
fi
QARGS=
[ -z "$ICOUNT" ] || QARGS="-icount shift=$ICOUNT,sleep=off"
rc=0
for c in stock gcma-lend; do
	case $c in
	stock) a="cma=256M,noguaranteed" ;;
	gcma-lend) a="cma=256M,guaranteed gcma_lend=1" ;;
	esac
	KERNEL=$KERNEL "$ROOT/scripts/boot.sh" "$ARCH_NAME" "irqsoff-$c" 640 "$a $COMMON" \
		$((SECS * 20 + 600)) irqsoff "disk:1G $QARGS" || true
	log=$OUT/logs/$ARCH_NAME-irqsoff-$c.log
	cp "$log" "$ROUT/$c.log"
	grep -a 'IRQSOFF: ' "$log" | sed 's/^.*IRQSOFF: //' >"$ROUT/$c.txt" || true
	if ! grep -aq 'GCMATEST: ok irqsoff/10-measure' "$log"; then
		msg "$c: the measurement did not pass (see $log)"
		rc=1
	fi
done

{
	echo "# Interrupts off: the store of copies against stock"
	echo
	echo "$ARCH_NAME guest of 640 MiB, 256 MiB area, $SECS s of load per tracer, kernel"
	echo "\`$(basename "$KERNEL")\` of configs/bench.config + configs/irqsoff.config, TCG."
	echo "Raw: \`CONFIG.log\`, \`CONFIG.txt\` here. The load: tests/irqsoff/10-measure.sh."
	if [ -n "$ICOUNT" ]; then
		echo "QEMU \`-icount shift=$ICOUNT,sleep=off\`: times are guest instructions, $((1 << ICOUNT)) ns each."
	else
		echo "Plain TCG: a time includes whatever kept QEMU's thread off the host's CPU."
	fi
	echo
	echo "Each call of the hooks that run with interrupts off (function_graph,"
	echo "depth 1: the hook's whole time, the copy included, tracer overhead too):"
	echo
	echo "| config | hook | calls | p50 us | p99 us | max us |"
	echo "| --- | --- | ---: | ---: | ---: | ---: |"
	for c in stock gcma-lend; do
		awk -v c=$c '$1 == "graph" && $2 !~ /^lost=/ {
			for (i = 3; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
			printf "| %s | %s | %s | %s | %s | %s |\n", c, $2, v["calls"], v["p50_us"], v["p99_us"], v["max_us"]
		}' "$ROUT/$c.txt"
	done
	echo
	echo "The longest section with interrupts off in the whole kernel (irqsoff tracer):"
	echo
	echo "| config | max us | started at | ended at |"
	echo "| --- | ---: | --- | --- |"
	for c in stock gcma-lend; do
		awk -v c=$c '$1 == "irqsoff" {
			for (i = 2; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
			printf "| %s | %s | %s | %s |\n", c, v["max_us"], v["started"], v["ended"]
		}' "$ROUT/$c.txt"
	done
	echo
	echo "Counters around each load:"
	echo
	for c in stock gcma-lend; do
		grep -E '^(counters|churn|graph lost)' "$ROUT/$c.txt" | sed "s/^/    $c: /"
	done
} >"$ROUT/results.md"
cat "$ROUT/results.md"
exit $rc
