#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Benchmark: app starts (src/app-start.c).  Small apps, each a directory
# of the bench disk's apps/ (an archive and a compiled-code file of some
# MiB, libraries, small resources), started one after another, round
# after round, every file closed at the end of its start: the first
# appstart_mib of them (distinct pages their starts touch) fit in the
# page cache of the stock guest and not beside the guaranteed area, as
# the re-read set.  Nothing allocates.  It starts from an empty page cache
# and, where the area lends, an empty area (lending off and on drops
# every copy); appstart_warm rounds come first, appstart_rounds count.
. ./lib.sh

mount_disk
set -- /mnt/bench/apps/*
[ -d "$1" ] || fail "no /mnt/bench/apps/ on the bench disk (an old image?)"
sync
echo 3 >/proc/sys/vm/drop_caches
if [ "$(cat $sys/lend 2>/dev/null)" = 1 ]; then
	echo 0 >$sys/lend && echo 1 >$sys/lend || fail "cannot switch lending off and on"
fi
say "appstart snap before $(counters)"
app-start -m "$appstart_mib" -r "$appstart_rounds" -w "$appstart_warm" -S "$seed" \
	-d "$disk_stat" -a $area "$@" >/tmp/appstart.out 2>/tmp/appstart.err
rc=$?
say "appstart snap after $(counters)"
sed 's/^/BENCH: appstart /' /tmp/appstart.out
[ $rc = 0 ] || fail "app-start exited with $rc: $(cat /tmp/appstart.err)"
grep -q '^start .* warm=0 ' /tmp/appstart.out || fail "app-start measured no start"
meminfo_line=$(awk '/^(MemAvailable|Cached):/ { printf "%s=%s ", $1, $2 }' /proc/meminfo)
echo "appstart: $(grep -c '^start ' /tmp/appstart.out) starts; $meminfo_line"
echo 3 >/proc/sys/vm/drop_caches
exit 0
