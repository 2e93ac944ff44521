#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The lend set's guest: a guaranteed default area that lends its idle
# pages (lend=1 at boot, its counters readable), and the scratch disk the
# host formatted, mounted on /mnt (lib.sh mounts it; it skips the set on a
# stock area and fails on a guaranteed one without the files).  The lend
# switch takes only booleans.
. ./lib.sh

echo "area: $(($(cat $dbg/count) / PPM)) MiB, $(cat $dbg/used) pages used, maxchunk $(cat $dbg/maxchunk) pages"
# what the boot's drivers hold of the area (arm64's virtio-mmio rings):
# later tests check that they leave no more
cat $dbg/used >/tmp/area-used-at-setup
grep -E '^(MemTotal|MemFree|MemAvailable|Cma[A-Za-z]*):' /proc/meminfo
df -m $mnt
counters boot
[ "$(rd lend)" = 1 ] || fail "lend is $(rd lend) at boot, not 1"
for bad in 2 abc ""; do
	(echo "$bad" >$sys/lend) 2>/dev/null && fail "lend accepted '$bad'"
	[ "$(rd lend)" = 1 ] || fail "a refused value '$bad' changed lend"
done
echo 1 >$sys/lend || fail "cannot write 1 to lend"
exit 0
