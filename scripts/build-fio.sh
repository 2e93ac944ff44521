#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Build fio, the flexible I/O tester, static for a guest: build-fio.sh
# x86_64|arm|arm64 prints the path of the binary.  Its verify= jobs check the
# file data the tests read back, with code nobody here wrote.
#
# The source is Debian 12's own package, FIO_VERSION, with its Debian
# patches: apt-get source through a private source list in build/dl/apt,
# so the machine's apt configuration stays as it is.  Every optional
# library is off, and so is System V shared memory, which the test
# kernels lack (jobs run as threads).  fio's configure has no switch for
# zlib and libaio and takes them when their headers are there, so they
# are taken out of its result.  The binary, stripped, is kept as
# build/fio/VERSION-ARCH/fio, rebuilt only when the version, this script
# or the compiler changed.  The build runs at nice 19 (the kernel builds
# come first on 2 cores).
set -euo pipefail
. "$(dirname "$0")/lib.sh"

FIO_VERSION=3.33-3
ARCH_NAME=${1:?usage: build-fio.sh x86_64|arm|arm64}
case $ARCH_NAME in
x86_64) CC=gcc ;;
arm) CC=arm-linux-gnueabihf-gcc ;;
arm64) CC=aarch64-linux-gnu-gcc ;;
*) die "no fio for '$ARCH_NAME'" ;;
esac
DL=$BUILD/dl/fio
DIR=$BUILD/fio/$FIO_VERSION-$ARCH_NAME
BIN=$DIR/fio
CONFIGURE=(--build-static --disable-native --disable-numa --disable-rdma
	--disable-rados --disable-rbd --disable-http --disable-gfapi
	--disable-libnfs --disable-lex --disable-pmem --disable-xnvme
	--disable-libzbc --disable-tcmalloc --disable-dfs --disable-shm)

inputs() {
	echo "fio $FIO_VERSION $ARCH_NAME $CC $($CC -dumpfullversion) ${CONFIGURE[*]}"
	sha256sum "$ROOT/scripts/build-fio.sh" | cut -d' ' -f1
}

if [ -x "$BIN" ] && [ "$(cat "$BIN.inputs" 2>/dev/null)" = "$(inputs)" ]; then
	echo "$BIN"
	exit 0
fi

# The Debian source package, once: fio_VERSION.dsc and its tarballs.
fetch_source() {
	local apt=$BUILD/dl/apt opts
	[ -f "$DL/fio_$FIO_VERSION.dsc" ] && return 0
	mkdir -p "$apt/lists/partial" "$apt/cache/archives/partial" "$DL"
	echo "deb-src [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg]" \
		"http://deb.debian.org/debian bookworm main" >"$apt/sources.list"
	opts=(-o "Dir::Etc::SourceList=$apt/sources.list" -o Dir::Etc::SourceParts=/nonexistent
		-o "Dir::State::Lists=$apt/lists" -o "Dir::Cache=$apt/cache"
		-o Dir::Cache::pkgcache= -o Dir::Cache::srcpkgcache= -o APT::Sandbox::User=root)
	msg "fetching the Debian source package fio $FIO_VERSION"
	apt-get "${opts[@]}" -qq update >&2 || die "apt-get update (deb-src) failed"
	(cd "$DL" && apt-get "${opts[@]}" -qq source --download-only "fio=$FIO_VERSION" >/dev/null) ||
		die "apt-get source fio=$FIO_VERSION failed"
	[ -f "$DL/fio_$FIO_VERSION.dsc" ] || die "no fio_$FIO_VERSION.dsc after apt-get source"
	rm -rf "$apt"
}

# drop_feature NAME LIB: take out what configure found of an optional library.
drop_feature() {
	sed -i -e "/^CONFIG_$1\(_[A-Z_]*\)\?=y\$/d" -e "/^LIBS+=/s/-l$2\( \|\$\)//" config-host.mak
	sed -i "/^#define CONFIG_$1\(_[A-Z_]*\)\?\( \|\$\)/d" config-host.h
	! grep -q "CONFIG_$1" config-host.mak config-host.h || die "cannot turn $2 off"
}

fetch_source
command -v dpkg-source >/dev/null || die "dpkg-source missing (dpkg-dev); run scripts/setup.sh"
t0=$(date +%s)
rm -rf "$DIR"
mkdir -p "$DIR"
# no keyring to check the signature with: apt checked the files' hashes
dpkg-source -q -x "$DL/fio_$FIO_VERSION.dsc" "$DIR/src" >"$DIR/unpack.log" 2>&1 ||
	{ cat "$DIR/unpack.log" >&2; die "cannot unpack fio_$FIO_VERSION.dsc"; }
(
	cd "$DIR/src"
	nice -n 19 ./configure --cc="$CC" "${CONFIGURE[@]}" >../configure.log 2>&1 ||
		{ cat ../configure.log >&2; die "$ARCH_NAME: fio's configure failed"; }
	drop_feature ZLIB z
	drop_feature LIBAIO aio
	nice -n 19 make -j"$(nproc)" fio >../make.log 2>&1 ||
		{ tail -n 40 ../make.log >&2; die "$ARCH_NAME: building fio failed (see ${DIR#"$ROOT"/}/make.log)"; }
	! readelf -l fio | grep -q 'program interpreter' ||
		die "$ARCH_NAME: fio is not statically linked"
) || exit 1
# no debugging information: a third of the size, in every initramfs
"${CC%gcc}strip" -o "$BIN" "$DIR/src/fio"
chmod 0755 "$BIN"
rm -rf "$DIR/src" "$DIR"/fio_*
inputs >"$BIN.inputs"
msg "$ARCH_NAME: fio $FIO_VERSION built in $(($(date +%s) - t0))s -> ${BIN#"$ROOT"/}"
echo "$BIN"
