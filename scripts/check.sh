#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# make check: test the results parser, setup, assemble, build every kernel
# the boots need (one at a time: 2 cores), build the initramfs per arch,
# boot every variant of tools/testing/gcma-guest/boots (BOOTS=FILE to use
# another list), and count the results against what
# tools/testing/gcma-guest/expected says each boot must give (its KUnit
# suites, its skips).  The last line is "N passed, N failed[, N skipped]";
# the exit status is non-zero when anything failed.
set -uo pipefail
. "$(dirname "$0")/lib.sh"

T0=$(date +%s)
# Stage times and failures go to files, so that a boot run in a second
# lane (below, in a background subshell) records its own.
STAGES=$(mktemp -d)
trap 'rm -rf "$STAGES"' EXIT

# stage NAME CMD...: run a step, note its time, record a failure.
stage() {
	local name=$1 s rc
	shift
	s=$(date +%s)
	"$@"
	rc=$?
	printf '%-28s %5ss\n' "$name" $(($(date +%s) - s)) >>"$STAGES/times"
	[ $rc -eq 0 ] || echo "--fail=$name:failed (exit status $rc), see the output above" >>"$STAGES/fails"
	return $rc
}

finish() {
	local fails=()
	wait
	[ -f "$STAGES/fails" ] && mapfile -t fails <"$STAGES/fails"
	echo
	echo "== time per stage"
	[ -f "$STAGES/times" ] && sed 's/^/  /' "$STAGES/times"
	printf '  %-28s %5ss\n' total $(($(date +%s) - T0))
	echo
	echo "== results"
	python3 "$ROOT/scripts/parse-results.py" "${fails[@]}" "$@"
	exit $?
}

mapfile -t BOOTLINES < <(boots_list) || die "cannot read the boots list"
ARCHES=()
for b in "${BOOTLINES[@]}"; do
	a=${b%%$'\x1f'*}
	[[ " ${ARCHES[*]} " == *" $a "* ]] || ARCHES+=("$a")
done

# Offline, in a second: a parser that let lost results go by would make
# the rest worthless.
stage "parser test" python3 "$ROOT/scripts/test-parse-results.py" || finish
stage setup "$ROOT/scripts/setup.sh" || finish
stage assemble "$ROOT/scripts/assemble.sh" || finish

# The boots list names test kernels: ARCH, or ARCH+WORD (arm64+16k,
# arm+nogcma: scripts/build-kernel.sh); one initramfs per ARCH.
declare -A BUILT=() RAMFS=()
for a in "${ARCHES[@]}"; do
	r=$(arch_of "$a")
	stage "build $a" "$ROOT/scripts/build-kernel.sh" "$a" || continue
	[ -n "${RAMFS[$r]:-}" ] || { stage "initramfs $r" "$ROOT/scripts/mkinitramfs.sh" "$r" && RAMFS[$r]=1; }
	[ -n "${RAMFS[$r]:-}" ] && BUILT[$a]=1
done

# Kernels that must build even when no boot uses them (BUILD_ONLY="a b");
# those the boots list has are built above.
for a in ${BUILD_ONLY-}; do
	[[ " ${ARCHES[*]} " == *" $a "* ]] && continue
	stage "build $a (no boot)" "$ROOT/scripts/build-kernel.sh" "$a"
done

# Boots run in LANES lanes (default 2), the longest first (by timeout):
# a guest under TCG runs all its vCPUs in one host thread (x86_64), or
# mostly keeps one busy, so two guests side by side use the two cores
# and each runs as fast as alone.  LANES=1 boots one at a time.
LANES=${LANES:-2}

# lane NAME CMD...: run a stage once fewer than LANES are running.
lane() {
	while [ "$(jobs -rp | wc -l)" -ge "$LANES" ]; do
		wait -n
	done
	stage "$@" &
}

# boot_all LINE...: boot each line of a boots list whose kernel was built;
# their logs are counted in the list's order.
boot_all() {
	local b a name mem extra timeout set qemu
	for b in "$@"; do
		IFS=$'\x1f' read -r a name mem extra timeout set qemu <<<"$b"
		LOGS+=("$a/$name=$OUT/logs/$a-$name.log")
	done
	while IFS= read -r b; do
		b=${b#*$'\t'}
		IFS=$'\x1f' read -r a name mem extra timeout set qemu <<<"$b"
		[ -n "${BUILT[$a]:-}" ] || continue
		lane "boot $a/$name" "$ROOT/scripts/boot.sh" "$a" "$name" "$mem" "$extra" "$timeout" "$set" "$qemu"
	done < <(for b in "$@"; do
			IFS=$'\x1f' read -r a name mem extra timeout set qemu <<<"$b"
			printf '%s\t%s\n' "$timeout" "$b"
		done | sort -s -t $'\t' -k1,1nr)
}

LOGS=()
rm -rf "$OUT/logs"
mkdir -p "$OUT/logs"

# make bench cannot rot: its smoke (BENCH_QUICK: one size, a few calls,
# stock and gcma-defer) on the debug x86_64 kernel just built, in a lane
# of its own beside the boots (its numbers are not judged).  Its boots
# count like the others (every bench script must end ok, no splat), and
# bench.sh fails, so does this stage, when the report lacks a file.
if [[ " ${ARCHES[*]} " == *" x86_64 "* ]] && [ "${BENCH_SMOKE:-1}" = 1 ]; then
	[ -n "${BUILT[x86_64]:-}" ] &&
		lane "bench smoke" env BENCH_QUICK=1 BENCH_NAME=bench-smoke BENCH_OUT="$OUT/bench-smoke" \
			BENCH_CONFIGS="stock gcma-defer" BENCH_TIMEOUT=600 \
			BENCH_KERNEL="$BUILD/obj-x86_64/$(arch_image x86_64)" "$ROOT/scripts/bench.sh"
fi

boot_all "${BOOTLINES[@]}"

# The harness's own self-test: tests that fail, time out, skip, splat and
# panic on purpose and a KUnit suite the kernel lacks, each a failure the
# expectations file lists (fail=), so that a parser or init that stops
# seeing a failure fails make check too.  About 80 s; SELFTEST=0 leaves
# it out, and a BOOTS= list runs alone.
if [ -z "${BOOTS:-}" ] && [ "${SELFTEST:-1}" = 1 ]; then
	mapfile -t SELFLINES < <(BOOTS=$ROOT/tools/testing/gcma-guest/boots-selftest boots_list) ||
		die "cannot read the self-test boots list"
	boot_all "${SELFLINES[@]}"
fi
wait
if [[ " ${ARCHES[*]} " == *" x86_64 "* ]] && [ "${BENCH_SMOKE:-1}" = 1 ]; then
	for c in stock gcma-defer; do
		LOGS+=("x86_64/bench-smoke-$c=$OUT/logs/x86_64-bench-smoke-$c.log")
	done
fi

# The KUnit suites as kernel developers run them (scripts/kunit-py.sh):
# kunit.py's own kernel from mm/tests/.kunitconfig.  A kernel more per
# architecture: 5 to 12 minutes each cold on the 2-core machine, which
# make check cannot afford within its hour (one small test kernel per
# architecture), so KUNIT_PY asks for it: KUNIT_PY=1 on x86_64,
# KUNIT_PY="x86_64 arm64" on both.  The same suites run in every core boot.
kp=${KUNIT_PY:-0}
[ "$kp" = 1 ] && kp=x86_64
[ "$kp" = 0 ] && kp=
for a in $kp; do
	LOGS+=("$a/kunit-py=$OUT/logs/$a-kunit-py.log")
	stage "kunit.py $a" "$ROOT/scripts/kunit-py.sh" "$a"
done

finish "${LOGS[@]}"
