#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The default area lies in the zone the boot says it does
# (gcmatest.area_zone=HighMem|Normal|DMA32|...): a boot that claims to test
# a highmem area on 32-bit ARM must really have one, and the lowmem boot
# must not.  Zones and their spans come from /proc/zoneinfo.
fail() { echo "FAIL: $*"; exit 1; }

want=$(sed -n 's/.*gcmatest\.area_zone=\([A-Za-z0-9]*\).*/\1/p' /proc/cmdline)
[ -n "$want" ] || { echo "SKIP: no gcmatest.area_zone= on the command line"; exit 77; }
dbg=/sys/kernel/debug/cma/reserved
[ -d $dbg ] || fail "no default area reserved"
base=$(cat $dbg/base_pfn) count=$(cat $dbg/count)
last=$((base + count - 1))

# zone_of PFN: the name of the zone whose span holds PFN
zone_of() {
	awk -v pfn="$1" '
		/^Node / { z = $4 }
		/spanned/ { spanned = $2 }
		/start_pfn:/ && pfn >= $2 && pfn < $2 + spanned { print z; exit }' /proc/zoneinfo
}
first_zone=$(zone_of "$base") last_zone=$(zone_of "$last")
echo "area: pfn $base-$last ($count pages): zone ${first_zone:-none} to ${last_zone:-none}; the boot says $want"
[ "$first_zone" = "$want" ] || fail "first page in zone '${first_zone:-none}', not $want"
[ "$last_zone" = "$want" ] || fail "last page in zone '${last_zone:-none}', not $want"
exit 0
