#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Build the test kernel for ARCH (x86_64, arm, arm64) from build/linux into
# build/obj-ARCH: allnoconfig with configs/{base,debug,ARCH}.config given.
# ARCH+WORD (arm64+16k, arm+nogcma) adds configs/WORD.config on top, into
# build/obj-ARCH+WORD.
# With VARIANT (build-kernel.sh ARCH VARIANT) the kernel goes to
# build/obj-ARCH-VARIANT and configs/VARIANT.config replaces debug.config:
# 'bench' is the kernel without debugging that make bench measures;
# 'bench+irqsoff' that kernel with the tracers of configs/irqsoff.config.
#
# Builds take a lock (build/.build.lock): two at once on two cores only
# make both slow.
#
# .config is regenerated only when the fragments or the tree's Kconfig
# files changed, so an unchanged tree leaves make nothing to do.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

ARCH_NAME=${1:?usage: build-kernel.sh x86_64|arm|arm64[+WORD...] [VARIANT]}
VARIANT=${2:-}
ARCH=$(arch_of "$ARCH_NAME")
KARCH=$(arch_kernel_arch "$ARCH")
[ -n "$KARCH" ] || die "unknown arch '$ARCH'"
CROSS=$(arch_cross "$ARCH")
# words A+B: configs/A.config, then configs/B.config on top of it, into WORDS
words() {
	local v
	WORDS=()
	for v in ${1//+/ }; do
		[ -f "$ROOT/configs/$v.config" ] || die "no configs/$v.config"
		WORDS+=("$ROOT/configs/$v.config")
	done
}
KWORDS=()
if [ "$ARCH_NAME" != "$ARCH" ]; then
	words "${ARCH_NAME#"$ARCH"+}"
	KWORDS=("${WORDS[@]}")
fi
if [ -n "$VARIANT" ]; then
	OBJ=$BUILD/obj-$ARCH_NAME-$VARIANT
	words "$VARIANT"
	FRAGS=("$ROOT/configs/base.config" "$ROOT/configs/$ARCH.config" "${KWORDS[@]}" "${WORDS[@]}")
else
	OBJ=$BUILD/obj-$ARCH_NAME
	FRAGS=("$ROOT/configs/base.config" "$ROOT/configs/debug.config" "$ROOT/configs/$ARCH.config" "${KWORDS[@]}")
fi
JOBS=${JOBS:-2}

[ -f "$TREE/Makefile" ] || die "no kernel tree in $TREE; run 'make tree'"
mkdir -p "$OBJ" "$CCACHE_DIR"
exec 9>"$BUILD/.build.lock"
flock -n 9 || { msg "waiting for another kernel build to finish"; flock 9; }

KMAKE=(make -C "$TREE" O="$OBJ" ARCH="$KARCH" -j"$JOBS" -s)
[ -n "$CROSS" ] && KMAKE+=(CROSS_COMPILE="$CROSS")
KMAKE+=(CC="ccache ${CROSS}gcc" HOSTCC="ccache gcc")

# Everything that can change the resulting .config.
config_inputs_hash() {
	{
		cat "${FRAGS[@]}" "$0"
		git -C "$TREE" ls-files -s -- ':(glob)**/Kconfig*' | sha256sum
		git -C "$TREE" diff HEAD -- ':(glob)**/Kconfig*'
		echo "${CROSS}gcc $(${CROSS}gcc -dumpfullversion)"
	} | sha256sum | cut -d' ' -f1
}

# Is symbol CONFIG_$1 defined in some Kconfig file of the tree?
kconfig_defined() {
	git -C "$TREE" grep -qE "^[[:space:]]*(menu)?config[[:space:]]+$1[[:space:]]*$" -- ':(glob)**/Kconfig*' 2>/dev/null
}

# Every value the merged fragments ask for must be in the final .config.
# A symbol no Kconfig file defines (renamed, or its patch dropped) is an
# error too: kconfig would silently leave out what it enables, a KUnit
# suite say.  "# CONFIG_X is not set" of such a symbol asks for nothing
# (arm64 turns GCMA off).  ALLOW_UNDEFINED=1 only warns, for a series
# whose patch adding the symbol has not landed yet.
verify_config() {
	local line sym want got missing=() undefined=()
	while IFS= read -r line; do
		if [[ $line =~ ^(CONFIG_[A-Za-z0-9_]+)=(.*)$ ]]; then
			sym=${BASH_REMATCH[1]} want="$line"
		elif [[ $line =~ ^#\ (CONFIG_[A-Za-z0-9_]+)\ is\ not\ set$ ]]; then
			sym=${BASH_REMATCH[1]} want="# $sym is not set"
		else
			continue
		fi
		got=$(grep -E "^$sym=|^# $sym is not set" "$OBJ/.config" || true)
		[ -z "$got" ] && [[ $want == "# "* ]] && continue
		[ "$got" = "$want" ] && continue
		if ! kconfig_defined "${sym#CONFIG_}"; then
			undefined+=("$sym")
		else
			missing+=("$want (got: ${got:-unset})")
		fi
	done <"$OBJ/fragments/.config"	# the fragments merged: later ones win
	if [ ${#undefined[@]} -gt 0 ]; then
		[ "${ALLOW_UNDEFINED:-0}" = 1 ] ||
			die "$ARCH_NAME: configs/ asks for symbols no Kconfig file of the tree defines: ${undefined[*]} (ALLOW_UNDEFINED=1 to only warn)"
		msg "warning: $ARCH_NAME: not defined in this tree's Kconfig yet: ${undefined[*]}"
	fi
	if [ ${#missing[@]} -gt 0 ]; then
		printf '  %s\n' "${missing[@]}" >&2
		die "$ARCH_NAME: .config lacks what configs/ asks for (above)"
	fi
	return 0
}

hash=$(config_inputs_hash)
if [ -f "$OBJ/.config" ] && [ "$(cat "$OBJ/.config-inputs" 2>/dev/null)" = "$hash" ]; then
	msg "$ARCH_NAME: .config up to date"
else
	msg "$ARCH_NAME: generating .config"
	rm -f "$OBJ/.config-inputs"
	# Merge the fragments (later ones override), then let allnoconfig
	# take them as given: defaults that depend on them (FRAME_WARN on
	# 64BIT, ...) come out as for a native config, which allnoconfig
	# followed by a merge would not give.
	mkdir -p "$OBJ/fragments"
	(cd "$TREE" && scripts/kconfig/merge_config.sh -m -O "$OBJ/fragments" "${FRAGS[@]}" >"$OBJ/merge.log" 2>&1) ||
		{ cat "$OBJ/merge.log" >&2; die "merge_config.sh failed"; }
	"${KMAKE[@]}" KCONFIG_ALLCONFIG="$OBJ/fragments/.config" allnoconfig >"$OBJ/allnoconfig.log" 2>&1 ||
		{ cat "$OBJ/allnoconfig.log" >&2; die "allnoconfig failed"; }
	verify_config
	echo "$hash" >"$OBJ/.config-inputs"
fi

image=$(arch_image "$ARCH_NAME")
target=${image##*/}
start=$(date +%s)
msg "$ARCH_NAME: make $target"
# A compiler warning fails the build: the series must add none.  ccache
# replays the warnings of cached objects, so a fresh clone sees them too.
set +e
"${KMAKE[@]}" "$target" 2>&1 | tee "$OBJ/build.log"
rc=${PIPESTATUS[0]}
set -e
[ "$rc" = 0 ] || die "$ARCH_NAME: the build failed (exit status $rc)"
if grep -q 'warning:' "$OBJ/build.log"; then
	grep 'warning:' "$OBJ/build.log" | head -n 20 >&2
	die "$ARCH_NAME: the build printed compiler warnings (above; full log in ${OBJ#"$ROOT"/}/build.log)"
fi
msg "$ARCH_NAME: $OBJ/$image ($(( $(date +%s) - start ))s)"
