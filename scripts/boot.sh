#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Boot one guest: boot.sh ARCH NAME MEM "EXTRA CMDLINE" TIMEOUT SET ["QEMU ARGS"]
# Console to out/logs/ARCH-NAME.log (and the terminal with TEE=1), exit
# status of the boot to out/logs/ARCH-NAME.log.rc (124: timed out).
#
# QEMU ARGS are added to QEMU's command line, except the word dt:FRAGMENT:
# that boots with the machine's own device tree (as QEMU dumps it for this
# memory size) plus tools/testing/gcma-guest/dt/FRAGMENT.dtsi, compiled by
# dtc.  The word disk:SIZE (e.g. disk:512M) attaches a fresh scratch disk,
# writable, virtio serial gcmadisk: out/logs/ARCH-NAME.disk, SIZE bytes
# (truncate's suffixes), an empty ext4 made by the host's mkfs.ext4,
# deleted after the boot; disk1k:SIZE another, serial gcmadisk1k, an ext4
# of 1 KiB blocks; f2fs:SIZE an f2fs, serial gcmaf2fs, by the host's
# mkfs.f2fs (f2fs-tools).  The word erofs attaches scripts/mkerofs.sh's images
# read-only, serial gcmaerofs (uncompressed) and gcmaerofsz (LZ4HC).  The
# guest finds them by serial (on ARM's virt the disk attached last is
# /dev/vda).  On x86_64 they are virtio-blk over PCI:
# boot such a guest with acpi=off, as make bench does (under TCG,
# evaluating the PCI routing through ACPI can time out and leave the disk
# without an interrupt).
# KERNEL=path boots another kernel image than build/obj-ARCH's.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

[ $# -eq 6 ] || [ $# -eq 7 ] ||
	die "usage: boot.sh ARCH NAME MEM \"EXTRA CMDLINE\" TIMEOUT SET [\"QEMU ARGS\"]"
ARCH_NAME=$1 NAME=$2 MEM=$3 EXTRA=$4 TIMEOUT=$5 SET=$6
read -r -a QARGS <<<"${7:-}"
KERNEL=${KERNEL:-$BUILD/obj-$ARCH_NAME/$(arch_image "$ARCH_NAME")}
ARCH=$(arch_of "$ARCH_NAME")
INITRD=$BUILD/initramfs-$ARCH.cpio.gz
LOG=$OUT/logs/$ARCH_NAME-$NAME.log
[ -f "$KERNEL" ] || die "$KERNEL missing; run 'make kernel-$ARCH_NAME'"
[ -f "$INITRD" ] || die "$INITRD missing; run 'scripts/mkinitramfs.sh $ARCH'"
mkdir -p "$OUT/logs"

case $ARCH in
x86_64)
	QEMU=(qemu-system-x86_64 -M pc -cpu max)
	# Without ACPI the guest has no HPET or ACPI PM timer, and under TCG
	# it may judge the TSC unstable and fall back to jiffies: 4 ms clock
	# steps.  QEMU's TSC follows the host clock, so trust it.
	ARCH_ARGS="tsc=reliable"
	CONSOLE=ttyS0 ;;
arm)
	QEMU=(qemu-system-arm -M virt -cpu cortex-a15)
	CONSOLE=ttyAMA0 ;;
arm64)
	# max: 16 KiB pages need a CPU with that granule (Cortex-A57 has
	# none); pauth-impdef: QEMU's own pointer-auth hash, the
	# architected one is slow under TCG.
	# shellcheck disable=SC2054 # one -cpu argument
	QEMU=(qemu-system-aarch64 -M virt -cpu max,pauth-impdef=on)
	CONSOLE=ttyAMA0 ;;
esac
# panic=-1: a panic reboots, and -no-reboot turns that into QEMU exiting.
CMDLINE="$EXTRA console=$CONSOLE ${ARCH_ARGS:-}${ARCH_ARGS:+ }gcmatest.set=$SET panic=-1"
QEMU+=(-smp 2 -m "$MEM" -nographic -no-reboot)

for a in "${QARGS[@]}"; do
	case $a in
	dt:*)
		frag=$ROOT/tools/testing/gcma-guest/dt/${a#dt:}.dtsi
		dtb=$OUT/logs/$ARCH_NAME-$NAME.dtb
		[ -f "$frag" ] || die "no $frag"
		"${QEMU[@]}" -machine dumpdtb="$dtb.base" >/dev/null 2>&1 ||
			die "QEMU could not dump its device tree"
		{ dtc -q -I dtb -O dts "$dtb.base"; cat "$frag"; } >"$dtb.dts"
		dtc -q -I dts -O dtb -o "$dtb" "$dtb.dts" || die "dtc failed on $dtb.dts"
		QEMU+=(-dtb "$dtb") ;;
	disk:* | disk1k:* | f2fs:*)
		kind=${a%%:*}
		case " ${disks:-} " in *" $kind "*) die "one $kind: word per boot" ;; esac
		disks="${disks:-} $kind"
		file=$OUT/logs/$ARCH_NAME-$NAME.$kind
		# virtio-blk over PCI on the PC, over MMIO on ARM's virt
		dev=virtio-blk-pci
		[ "$ARCH" = x86_64 ] || dev=virtio-blk-device
		rm -f "$file"
		files="${files:-} $file"
		trap 'rm -f $files' EXIT
		truncate -s "${a#*:}" "$file" || die "bad disk size in '$a'"
		if [ "$kind" = f2fs ]; then
			# extra_attr and compression: for FS_COMPR_FL (lend/56-f2fs)
			mkfs.f2fs -q -f -l gcmaf2fs -O extra_attr,compression "$file" >/dev/null ||
				die "mkfs.f2fs failed on $file"
		else
			# initialised in full here, so that the guest's ext4lazyinit
			# writes nothing behind the tests' backs
			mkfs=(-L gcmatest)
			[ "$kind" = disk ] || mkfs=(-L gcma1k -b 1024)
			mkfs.ext4 -q -F "${mkfs[@]}" -E lazy_itable_init=0,lazy_journal_init=0 "$file" ||
				die "mkfs.ext4 failed on $file"
		fi
		QEMU+=(-drive "file=$file,if=none,id=$kind,format=raw"
		       -device "$dev,drive=$kind,serial=gcma$kind") ;;
	erofs)
		dev=virtio-blk-pci
		[ "$ARCH" = x86_64 ] || dev=virtio-blk-device
		"$ROOT/scripts/mkerofs.sh"
		QEMU+=(-drive "file=$BUILD/erofs/plain.img,if=none,id=erofs,format=raw,readonly=on"
		       -device "$dev,drive=erofs,serial=gcmaerofs"
		       -drive "file=$BUILD/erofs/lz4hc.img,if=none,id=erofsz,format=raw,readonly=on"
		       -device "$dev,drive=erofsz,serial=gcmaerofsz") ;;
	*) QEMU+=("$a") ;;
	esac
done
QEMU+=(-kernel "$KERNEL" -initrd "$INITRD" -append "$CMDLINE")

rm -f "$LOG.rc"
msg "$ARCH_NAME/$NAME: $CMDLINE"
set +e
if [ "${TEE:-0}" = 1 ]; then
	timeout -k 10 "$TIMEOUT" "${QEMU[@]}" 2>&1 | tee "$LOG"
	rc=${PIPESTATUS[0]}
else
	timeout -k 10 "$TIMEOUT" "${QEMU[@]}" </dev/null >"$LOG" 2>&1
	rc=$?
fi
set -e
echo "$rc" >"$LOG.rc"
[ "$rc" = 124 ] && msg "$ARCH_NAME/$NAME: timed out after ${TIMEOUT}s"
exit 0
