#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# make check: setup, assemble, build every kernel the boots need (one at a
# time: 2 cores), build the initramfs per arch, boot every variant of
# tools/testing/gcma-guest/boots (BOOTS=FILE to use another list), and
# count the results.  The last line is "N passed, N failed[, N skipped]";
# the exit status is non-zero when anything failed.
set -uo pipefail
. "$(dirname "$0")/lib.sh"

TIMES=()
FAILS=()
T0=$(date +%s)

# stage NAME CMD...: run a step, note its time, record a failure.
stage() {
	local name=$1 s rc
	shift
	s=$(date +%s)
	"$@"
	rc=$?
	TIMES+=("$(printf '%-28s %5ss' "$name" $(($(date +%s) - s)))")
	[ $rc -eq 0 ] || FAILS+=("--fail=$name:failed (exit status $rc), see the output above")
	return $rc
}

finish() {
	echo
	echo "== time per stage"
	printf '  %s\n' "${TIMES[@]}"
	printf '  %-28s %5ss\n' total $(($(date +%s) - T0))
	echo
	echo "== results"
	python3 "$ROOT/scripts/parse-results.py" "${FAILS[@]}" "$@"
	exit $?
}

mapfile -t BOOTLINES < <(boots_list) || die "cannot read the boots list"
ARCHES=()
for b in "${BOOTLINES[@]}"; do
	a=${b%%$'\x1f'*}
	[[ " ${ARCHES[*]} " == *" $a "* ]] || ARCHES+=("$a")
done

stage setup "$ROOT/scripts/setup.sh" || finish
stage assemble "$ROOT/scripts/assemble.sh" || finish

declare -A BUILT=()
for a in "${ARCHES[@]}"; do
	stage "build $a" "$ROOT/scripts/build-kernel.sh" "$a" &&
		stage "initramfs $a" "$ROOT/scripts/mkinitramfs.sh" "$a" && BUILT[$a]=1
done

# Architectures that must build even when no boot uses them (BUILD_ONLY=
# skips); those the boots list has are built above.
for a in ${BUILD_ONLY-arm64}; do
	[[ " ${ARCHES[*]} " == *" $a "* ]] && continue
	stage "build $a (no boot)" "$ROOT/scripts/build-kernel.sh" "$a"
done

LOGS=()
rm -rf "$OUT/logs"
for b in "${BOOTLINES[@]}"; do
	IFS=$'\x1f' read -r a name mem extra timeout set qemu <<<"$b"
	LOGS+=("$a/$name=$OUT/logs/$a-$name.log")
	[ -n "${BUILT[$a]:-}" ] || continue
	stage "boot $a/$name" "$ROOT/scripts/boot.sh" "$a" "$name" "$mem" "$extra" "$timeout" "$set" "$qemu"
done

# make bench cannot rot: its smoke (BENCH_QUICK: one size, a few calls,
# stock and gcma-defer) on the debug x86_64 kernel just built.  Its boots
# count like the others (every bench script must end ok, no splat), and
# bench.sh fails, so does this stage, when the report lacks a file.
if [[ " ${ARCHES[*]} " == *" x86_64 "* ]] && [ "${BENCH_SMOKE:-1}" = 1 ]; then
	for c in stock gcma-defer; do
		LOGS+=("x86_64/bench-smoke-$c=$OUT/logs/x86_64-bench-smoke-$c.log")
	done
	[ -n "${BUILT[x86_64]:-}" ] &&
		stage "bench smoke" env BENCH_QUICK=1 BENCH_NAME=bench-smoke BENCH_OUT="$OUT/bench-smoke" \
			BENCH_CONFIGS="stock gcma-defer" BENCH_TIMEOUT=600 \
			BENCH_KERNEL="$BUILD/obj-x86_64/$(arch_image x86_64)" "$ROOT/scripts/bench.sh"
fi

finish "${LOGS[@]}"
