#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Build build/initramfs-ARCH.cpio.gz: busybox-static, tools/testing/gcma-guest
# (init, tests/) and src/*.c compiled static for ARCH into /bin, and on
# every arch fio as /bin/fio (scripts/build-fio.sh, built once).
# Rebuilt only when one of its inputs changed.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

ARCH_NAME=${1:?usage: mkinitramfs.sh x86_64|arm|arm64}
GUEST=$ROOT/tools/testing/gcma-guest
OUTFILE=$BUILD/initramfs-$ARCH_NAME.cpio.gz
STAGE=$BUILD/initramfs-$ARCH_NAME
case $ARCH_NAME in
x86_64) CC=gcc BUSYBOX=/bin/busybox ;;
arm) CC=arm-linux-gnueabihf-gcc BUSYBOX=$BUILD/dl/busybox-armhf/bin/busybox ;;
arm64) CC=aarch64-linux-gnu-gcc BUSYBOX=$BUILD/dl/busybox-arm64/bin/busybox ;;
*) die "unknown arch '$ARCH_NAME'" ;;
esac
[ -x "$BUSYBOX" ] || die "$BUSYBOX missing; run scripts/setup.sh"
CFLAGS=(-static -O2 -Wall)
# Upstream selftests run unchanged in the guest, built from the assembled tree.
KSELFTESTS=(dmabuf-heaps/dmabuf-heap.c)
SELFTEST_DIR=$BUILD/linux/tools/testing/selftests

# the I/O verifier of the lend set, on the architectures that boot it
FIO=
case $ARCH_NAME in
x86_64 | arm | arm64) FIO=$("$ROOT/scripts/build-fio.sh" "$ARCH_NAME") || die "$ARCH_NAME: cannot build fio" ;;
esac

inputs_hash() {
	{
		echo "$CC $($CC -dumpfullversion) ${CFLAGS[*]}"
		sha256sum "$BUSYBOX" "$ROOT/scripts/mkinitramfs.sh" "$ROOT/scripts/cpio.py" ${FIO:+"$FIO"}
		(cd "$SELFTEST_DIR" && sha256sum kselftest.h "${KSELFTESTS[@]}")
		(cd "$GUEST" && find init src tests -type f -print0 2>/dev/null | sort -z |
			xargs -0 -r stat -c '%n %a' && find init src tests -type f -print0 | sort -z |
			xargs -0 -r sha256sum)
	} | sha256sum | cut -d' ' -f1
}

hash=$(inputs_hash)
if [ -f "$OUTFILE" ] && [ "$(cat "$OUTFILE.inputs" 2>/dev/null)" = "$hash" ]; then
	msg "$ARCH_NAME: initramfs up to date"
	exit 0
fi

rm -rf "$STAGE"
mkdir -p "$STAGE"/{bin,sbin,usr/bin,usr/sbin,proc,sys,dev,tmp,mnt,root,etc,tests}
install -m 0755 "$BUSYBOX" "$STAGE/bin/busybox"
install -m 0755 "$GUEST/init" "$STAGE/init"
[ -z "$FIO" ] || install -m 0755 "$FIO" "$STAGE/bin/fio"
for c in "$GUEST"/src/*.c; do
	[ -f "$c" ] || continue
	n=$(basename "$c" .c)
	$CC "${CFLAGS[@]}" -o "$STAGE/bin/$n" "$c" || die "$ARCH_NAME: cannot build ${c#"$ROOT"/}"
done
for t in "${KSELFTESTS[@]}"; do
	n=$(basename "$t" .c)
	# uapi headers the libc's lack (drm/drm.h on x86_64) from the tree
	$CC "${CFLAGS[@]}" -Wno-format -D__user= -idirafter "$BUILD/linux/include/uapi" \
		-o "$STAGE/bin/$n" "$SELFTEST_DIR/$t" ||
		die "$ARCH_NAME: cannot build the upstream selftest $t"
done
[ -d "$GUEST/tests" ] && cp -a "$GUEST/tests/." "$STAGE/tests/"
python3 "$ROOT/scripts/cpio.py" "$STAGE" "$OUTFILE"
echo "$hash" >"$OUTFILE.inputs"
msg "$ARCH_NAME: $OUTFILE ($(du -k "$OUTFILE" | cut -f1) KiB)"
