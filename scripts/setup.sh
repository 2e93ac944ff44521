#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Install what the workspace needs on a Debian 12 machine (as root):
# build tools, cross compilers, QEMU, linux-source-6.12 at BASE_VERSION
# (else the newest 6.12.y the archive has, said loudly) and the armhf and
# arm64 busybox-static extracted (not installed) into build/dl.
# Idempotent: when everything is there it runs no apt command at all.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

PKGS=(make gcc libc6-dev git perl python3 ccache flex bison bc libelf-dev
	libssl-dev cpio xz-utils rsync device-tree-compiler e2fsprogs erofs-utils f2fs-tools
	dpkg-dev sparse
	gnuplot-nox busybox-static qemu-system-x86 qemu-system-arm qemu-system-data
	gcc-arm-linux-gnueabihf libc6-dev-armhf-cross gcc-aarch64-linux-gnu
	libc6-dev-arm64-cross python3-ply python3-git)
export DEBIAN_FRONTEND=noninteractive
APT_UPDATED=0

apt_update() {
	[ $APT_UPDATED = 1 ] && return 0
	msg "apt-get update"
	# A mirror in mid-sync fails one index; what it did fetch is still used.
	apt-get update -qq || msg "warning: apt-get update reported errors; continuing"
	APT_UPDATED=1
}

need_root() {
	[ "$(id -u)" = 0 ] || die "missing packages ($*); run scripts/setup.sh as root"
}

installed() {
	dpkg-query -W -f='${db:Status-Abbrev}\n' "$1" 2>/dev/null | grep -q '^ii'
}

install_packages() {
	local missing=() p
	for p in "${PKGS[@]}"; do
		installed "$p" || missing+=("$p")
	done
	[ ${#missing[@]} -eq 0 ] && return 0
	need_root "${missing[@]}"
	apt_update
	msg "installing ${missing[*]}"
	apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

install_source() {
	local have want=$BASE_VERSION used
	have=$(dpkg-query -W -f='${Version}' linux-source-6.12 2>/dev/null || true)
	if [ "$have" = "$want" ] && [ -f /usr/src/linux-source-6.12.tar.xz ]; then
		msg "linux-source-6.12 $have (pinned base)"
		return 0
	fi
	need_root linux-source-6.12
	apt_update
	if apt-cache madison linux-source-6.12 | awk -F'|' '{ gsub(/ /, "", $2); print $2 }' | grep -qxF "$want"; then
		apt-get install -y -qq --no-install-recommends --allow-downgrades "linux-source-6.12=$want"
		used=$want
	else
		apt-get install -y -qq --no-install-recommends linux-source-6.12
		used=$(dpkg-query -W -f='${Version}' linux-source-6.12)
	fi
	if [ "$used" = "$want" ]; then
		msg "linux-source-6.12 $used (pinned base)"
	else
		banner "linux-source-6.12 $want (BASE_VERSION) is not in the archive." \
			"USING linux-source-6.12 $used INSTEAD." \
			"Patches may not apply; results are not comparable with the pinned base."
	fi
}

# busybox-static for the ARM guests: downloaded, extracted, not installed.
fetch_busybox() {
	local debarch=$1 dir=$BUILD/dl/busybox-$1 deb
	[ -x "$dir/bin/busybox" ] && return 0
	need_root "busybox-static:$debarch"
	if ! dpkg --print-foreign-architectures | grep -qx "$debarch"; then
		msg "dpkg --add-architecture $debarch"
		dpkg --add-architecture "$debarch"
		APT_UPDATED=0
	fi
	apt_update
	mkdir -p "$BUILD/dl"
	(cd "$BUILD/dl" && rm -f busybox-static_*_"$debarch".deb &&
		apt-get download -qq "busybox-static:$debarch" 2>&1 | grep -v 'unsandboxed' || true)
	deb=$(ls "$BUILD/dl"/busybox-static_*_"$debarch".deb 2>/dev/null | head -n1)
	[ -n "$deb" ] || die "could not download busybox-static:$debarch"
	rm -rf "$dir.tmp"
	dpkg-deb -x "$deb" "$dir.tmp"
	rm -rf "$dir"
	mv "$dir.tmp" "$dir"
	msg "busybox-static:$debarch -> ${dir#"$ROOT"/}/bin/busybox"
}

mkdir -p "$BUILD"
install_packages
install_source
fetch_busybox armhf
fetch_busybox arm64
if [ ! -d "$CCACHE_DIR" ]; then
	mkdir -p "$CCACHE_DIR"
	CCACHE_DIR=$CCACHE_DIR ccache -M 10G >/dev/null
fi
