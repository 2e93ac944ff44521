#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# make bisect: what a maintainer checks before taking the series, so that
# 'git bisect' can walk through it.
#
#  1. make series: the exported patches apply one by one to base (git am)
#     and each passes checkpatch --strict (scripts/export-series.sh);
#  2. every prefix of the series builds, without a compiler warning, as
#     x86_64 with GCMA, x86_64 without it and 32-bit ARM with it: the test
#     kernels' configuration (configs/base, ARCH and debug), the "off"
#     kernel with configs/nogcma.config on top;
#  3. the whole series also builds as x86_64 with swap copies but no file
#     copies (configs/swaponly.config): the store comes with either client.
#
# The prefixes are checked out one after the other in their own worktree,
# build/bisect-tree (so build/linux and the test kernels are not
# touched), and built incrementally with ccache into build/obj-ARCH-debug,
# -debug+nogcma, -debug+swaponly; a build only recompiles what the next
# patch changed.  A symbol that configs/ asks for and that a prefix does
# not define yet is left out (ALLOW_UNDEFINED=1).  Logs: out/bisect/.
# Prints a table (patch, result per kernel, seconds) and a summary line;
# exits non-zero if anything failed.  Not part of make check.
#
# BISECT_KERNELS="x86_64:debug arm:debug" builds those kernels only;
# BISECT_FROM=N starts at patch N (the earlier ones are not checked).
set -euo pipefail
. "$(dirname "$0")/lib.sh"

[ -d "$TREE/.git" ] || die "no build/linux; run 'make tree' first"
KERNELS=${BISECT_KERNELS:-x86_64:debug x86_64:debug+nogcma arm:debug}
TIP_KERNELS=${BISECT_TIP_KERNELS-x86_64:debug+swaponly}
FROM=${BISECT_FROM:-1}
BTREE=$BUILD/bisect-tree
LOG=$OUT/bisect
rm -rf "$LOG"
mkdir -p "$LOG"
t0=$(date +%s)
failed=0

echo "== make series: git am and checkpatch --strict, patch by patch"
if "$ROOT/scripts/export-series.sh" >"$LOG/series.log" 2>&1; then
	grep -E '^(git am|series):' "$LOG/series.log"
else
	cat "$LOG/series.log"
	failed=$((failed + 1))
fi

if [ ! -e "$BTREE/.git" ]; then
	git -C "$TREE" worktree prune
	msg "creating the worktree ${BTREE#"$ROOT"/} (once)"
	git -C "$TREE" worktree add -q --detach "$BTREE" base
fi

mapfile -t COMMITS < <(git -C "$TREE" rev-list --reverse base..series)
n=${#COMMITS[@]}
[ "$n" -gt 0 ] || die "the series is empty"

# build N KERNEL: build the worktree as KERNEL (ARCH:VARIANT), log to
# out/bisect/NN-ARCH-VARIANT.log; prints ok or FAILED and its seconds.
build() {
	local i=$1 arch=${2%%:*} variant=${2#*:} log s
	log=$LOG/$(printf '%02d' "$i")-$arch-$variant.log
	s=$(date +%s)
	if GCMA_TREE=$BTREE ALLOW_UNDEFINED=1 "$ROOT/scripts/build-kernel.sh" "$arch" "$variant" >"$log" 2>&1; then
		printf 'ok %ss' "$(( $(date +%s) - s ))"
	else
		printf 'FAILED %ss' "$(( $(date +%s) - s ))"
		return 1
	fi
}

echo
echo "== every prefix builds: $KERNELS${TIP_KERNELS:+ (last patch also: $TIP_KERNELS)}"
# the kernels of the last patch only get columns of their own, "-" above
cols="$KERNELS${TIP_KERNELS:+ $TIP_KERNELS}"
printf '| patch | %s |\n' "$(sed 's/ / | /g' <<<"$cols")"
printf '| --- |%s\n' "$(for k in $cols; do printf ' --- |'; done)"
bad=()
for ((i = FROM; i <= n; i++)); do
	c=${COMMITS[$((i - 1))]}
	git -C "$BTREE" checkout -q --detach "$c"
	row="| $(printf '%04d' "$i") $(git -C "$BTREE" log -1 --format=%s) |"
	kernels=$KERNELS
	[ "$i" = "$n" ] && kernels="$KERNELS $TIP_KERNELS"
	for k in $kernels; do
		if r=$(build "$i" "$k"); then
			row+=" $r |"
		else
			row+=" $r ($k) |"
			bad+=("$(printf '%04d' "$i") $k: out/bisect/$(printf '%02d' "$i")-${k%%:*}-${k#*:}.log")
			failed=$((failed + 1))
		fi
	done
	if [ "$i" != "$n" ]; then
		for k in $TIP_KERNELS; do row+=" - |"; done
	fi
	echo "$row"
done

echo
for b in "${bad[@]}"; do
	echo "FAILED: $b"
	grep -E 'error|warning:' "$OUT/${b##*: out/}" | head -n 5 | sed 's/^/    /'
done
secs=$(( $(date +%s) - t0 ))
if [ "$failed" = 0 ]; then
	echo "bisect: OK: patches $FROM-$n apply, build as $KERNELS (and $TIP_KERNELS at $n) and pass checkpatch --strict; ${secs}s"
else
	echo "bisect: FAILED: $failed failure(s) (above); ${secs}s"
fi
[ "$failed" = 0 ]
