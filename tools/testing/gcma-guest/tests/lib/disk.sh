# SPDX-License-Identifier: GPL-2.0
# Sourced by the lib.sh of the sets that use disks QEMU was given.
#
# disk_by_serial SERIAL: the virtio disk with that serial (boot.sh:
# gcmadisk, the scratch ext4; gcmadisk1k, the one of 1 KiB blocks;
# gcmaerofs and gcmaerofsz, the erofs images; bench.sh: gcmabench, the
# bench disk; gcmaswap, the swap disk).  Their
# order is not the same on every machine: ARM's virt probes them in
# reverse.
disk_by_serial() {
	local d
	for d in /sys/block/*; do
		[ "$(cat "$d/serial" 2>/dev/null)" = "$1" ] || continue
		echo "/dev/${d##*/}"
		return 0
	done
	return 1
}
