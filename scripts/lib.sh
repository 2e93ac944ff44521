# SPDX-License-Identifier: GPL-2.0
# Common helpers for the GCMA workspace scripts. Source, do not execute.

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD=$ROOT/build
OUT=$ROOT/out
# GCMA_TREE: another worktree of it to build from (make bisect).
TREE=${GCMA_TREE:-$BUILD/linux}
BASE_VERSION=$(head -n1 "$ROOT/BASE_VERSION")

# Identity and dates of the commits the harness creates; fixed so identical
# inputs give identical commit hashes.
GCMA_NAME="GCMA Developers"
GCMA_EMAIL="gcma-dev@example.org"
GCMA_EPOCH=1731888000	# 2024-11-18 00:00 UTC, the week of v6.12

export CCACHE_DIR=${CCACHE_DIR:-/var/cache/gcma-ccache}
export CCACHE_BASEDIR=$ROOT
export KBUILD_BUILD_TIMESTAMP="2024-11-18 00:00:00 UTC"
export KBUILD_BUILD_USER=gcma
export KBUILD_BUILD_HOST=gcma-build
export LC_ALL=C

msg() { printf '%s: %s\n' "${0##*/}" "$*" >&2; }
die() { printf '%s: error: %s\n' "${0##*/}" "$*" >&2; exit 1; }

banner() {
	local line='########################################################################'
	printf '\n%s\n' "$line" >&2
	local l
	for l in "$@"; do printf '## %s\n' "$l" >&2; done
	printf '%s\n\n' "$line" >&2
}

# The test kernels are named ARCH or ARCH+WORD[+WORD...]: configs/WORD.config
# on top of ARCH's (arm64+16k, arm+nogcma); arch_of gives ARCH.
arch_of() { echo "${1%%+*}"; }

# The guest architectures the harness knows: kernel image, cross prefix.
arch_image() {
	case ${1%%+*} in
	x86_64) echo arch/x86/boot/bzImage ;;
	arm) echo arch/arm/boot/zImage ;;
	arm64) echo arch/arm64/boot/Image ;;
	*) die "unknown arch '$1'" ;;
	esac
}
arch_kernel_arch() {
	case ${1%%+*} in x86_64) echo x86 ;; arm) echo arm ;; arm64) echo arm64 ;; esac
}
arch_cross() {
	case ${1%%+*} in x86_64) echo "" ;; arm) echo arm-linux-gnueabihf- ;; arm64) echo aarch64-linux-gnu- ;; esac
}

# Lines of patches/series, comments and blank lines dropped.
series_list() {
	[ -f "$ROOT/patches/series" ] || return 0
	sed -e 's/#.*//' -e 's/[[:space:]]*$//' -e 's/^[[:space:]]*//' "$ROOT/patches/series" | grep -v '^$' || true
}

# Overlay: header of one patch file, one path per line.
patch_overlay() {
	awk '/^$/ { exit } /^Overlay:/ { sub(/^Overlay:[[:space:]]*/, ""); n = split($0, f, /[[:space:]]+/); for (i = 1; i <= n; i++) if (f[i] != "") print f[i] }' "$1"
}

# Repository files at kernel paths that must belong to some patch's Overlay:.
overlay_candidates() {
	(cd "$ROOT" && git ls-files --cached --others --exclude-standard -- \
		mm include kernel Documentation drivers arch tools/testing |
		grep -v '^tools/testing/gcma-guest/' | while read -r f; do [ -e "$f" ] && echo "$f"; done) || true
}

# The boot variants: "ARCH NAME MEM EXTRA TIMEOUT SET [QEMU]" per line, fields
# separated by \x1f (not whitespace, so read keeps empty fields), QEMU
# empty when the line has no seventh field.
boots_list() {
	python3 - "${BOOTS:-$ROOT/tools/testing/gcma-guest/boots}" <<'PY'
import shlex, sys
for n, line in enumerate(open(sys.argv[1]), 1):
    f = shlex.split(line, comments=True)
    if not f:
        continue
    if len(f) not in (6, 7):
        sys.exit(f"{sys.argv[1]}:{n}: want ARCH NAME MEM \"CMDLINE\" TIMEOUT SET [\"QEMU ARGS\"]")
    print("\x1f".join(f + [""] * (7 - len(f))))
PY
}

# Under TCG the guest's TSC counts the host's TSC ticks, but with no HPET
# or ACPI PM timer the guest cannot calibrate it and falls back to
# jiffies (4 ms steps): tell it the host's rate.
host_tsc_khz() {
	local mhz
	mhz=$(dmesg 2>/dev/null | sed -n 's/.*tsc: Refined TSC clocksource calibration: \([0-9.]*\) MHz.*/\1/p' | tail -n1)
	[ -n "$mhz" ] || mhz=$(dmesg 2>/dev/null | sed -n 's/.*tsc: Detected \([0-9.]*\) MHz processor.*/\1/p' | tail -n1)
	[ -n "$mhz" ] || mhz=$(awk -F': *' '/^cpu MHz/ { print $2; exit }' /proc/cpuinfo)
	[ -n "$mhz" ] && awk -v m="$mhz" 'BEGIN { printf "%d\n", m * 1000 }'
}
