#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Offlining the memory blocks that hold a guaranteed area is refused at
# once, idle or wholly allocated: page isolation sees its pageblocks as
# CMA ones.  The boot puts the area in ZONE_MOVABLE (movablecore=), where
# allocated pages in other pageblocks would pass for movable and offlining
# would try to migrate them until killed.  A block outside the area goes
# offline and back online, so that the refusal means something.
. ./lib.sh

mem=/sys/devices/system/memory
[ -r $mem/block_size_bytes ] || fail "no memory block devices (CONFIG_MEMORY_HOTPLUG?)"
bs=$((0x$(cat $mem/block_size_bytes)))
pages_per_block=$((bs / 4096))
first=$((base / pages_per_block))
last=$(((base + count - 1) / pages_per_block))
echo "area pfns $base+$count; memory blocks of $((bs >> 20)) MiB: $first-$last"

# try_offline BLOCK: 0 if it went offline; prints how long it took
try_offline() {
	local t0 t1 rc
	t0=$(date +%s)
	timeout 60 sh -c "echo offline > $mem/memory$1/state" 2>/dev/null
	rc=$?
	t1=$(date +%s)
	echo "memory$1: offline rc=$rc in $((t1 - t0)) s, state $(cat $mem/memory"$1"/state)"
	return $rc
}

for b in $(seq "$first" "$last"); do
	zones=$(cat $mem/memory"$b"/valid_zones)
	echo "memory$b: $(cat $mem/memory"$b"/state), zone $zones"
	case $zones in
	Movable*) ;;
	*) fail "memory$b is in $zones, not ZONE_MOVABLE (movablecore=?)" ;;
	esac
done

counts idle
for b in $(seq "$first" "$last"); do
	try_offline "$b" && fail "memory$b holds the idle area and went offline"
	[ "$(cat $mem/memory"$b"/state)" = online ] || fail "memory$b not online"
done

rest=$(free_pages)
alloc "$rest" || fail "allocating the whole area"
counts "all allocated"
for b in $(seq "$first" "$last"); do
	t0=$(date +%s)
	try_offline "$b" && fail "memory$b holds the allocated area and went offline"
	[ $(($(date +%s) - t0)) -lt 30 ] ||
		fail "offlining memory$b was not refused at once (it was killed)"
done
release "$rest" || fail "releasing the area"
counts released

# the control: some other movable block goes offline, and back online
done_one=
for d in $mem/memory*; do
	b=${d##*memory}
	[ "$b" -ge "$first" ] && [ "$b" -le "$last" ] && continue
	case $(cat "$d/valid_zones") in Movable*) ;; *) continue ;; esac
	if try_offline "$b"; then
		echo online > "$d/state" || fail "memory$b did not come back online"
		done_one=$b
		break
	fi
done
[ -n "$done_one" ] || fail "no movable block outside the area went offline: the refusals prove nothing"
alloc "$(free_pages)" || fail "allocating the whole area after the offlining"
release "$rest" || fail "releasing the area"
exit 0
