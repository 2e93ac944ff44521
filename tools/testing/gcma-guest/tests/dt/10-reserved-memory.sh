#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Every shared-dma-pool node of the device tree became what it asks for.
# The expectations come from the tree the guest booted with
# (/sys/firmware/devicetree), so one script serves every dt/*.dtsi:
#   - reusable without no-map: a CMA area named after the node, guaranteed
#     exactly when the node has linux,guaranteed; with linux,cma-default it
#     is the default area, behind the CMA dma-buf heap, and debugfs and
#     heap allocations land in it;
#   - linux,guaranteed without reusable, or with no-map: one boot message
#     naming the node, and no CMA area (what the node is without the
#     property);
#   - without a default node, the Kconfig default area is guaranteed as
#     CONFIG_DMA_CMA_GUARANTEED says.
fail() { echo "FAIL: $*"; exit 1; }

rm=/sys/firmware/devicetree/base/reserved-memory
[ -d "$rm" ] || fail "no /reserved-memory node in the device tree"
nodes=0
for n in "$rm"/*/; do
	n=${n%/}
	name=${n##*/}
	grep -q shared-dma-pool "$n/compatible" 2>/dev/null || continue
	nodes=$((nodes + 1))
	g=0; [ -e "$n/linux,guaranteed" ] && g=1
	sys=/sys/kernel/mm/cma/$name
	msgs=$(dmesg | grep -c "Reserved memory: $name: linux,guaranteed")
	if [ -e "$n/reusable" ] && [ ! -e "$n/no-map" ]; then
		[ -d "$sys" ] || fail "$name: no CMA area"
		[ "$(cat "$sys/guaranteed")" = $g ] ||
			fail "$name: guaranteed is $(cat "$sys/guaranteed"), the node says $g"
		[ "$msgs" -eq 0 ] || fail "$name: a valid node got an error message"
		echo "$name: CMA area, guaranteed=$g, $(cat /sys/kernel/debug/cma/$name/count) pages"
	else
		[ -d "$sys" ] && fail "$name: a CMA area from a node that cannot be one"
		if [ $g = 1 ]; then
			[ "$msgs" -eq 1 ] || fail "$name: $msgs messages about linux,guaranteed, expected 1"
			dmesg | grep "Reserved memory: $name: linux,guaranteed"
		fi
		echo "$name: not a CMA area"
		continue
	fi
	[ -e "$n/linux,cma-default" ] || continue

	# the default area: the CMA heap is named after it
	[ -e "/dev/dma_heap/$name" ] || fail "$name is the default area but /dev/dma_heap/$name is missing"
	dbg=/sys/kernel/debug/cma/$name
	used=$(cat "$dbg/used")
	echo 1024 > "$dbg/alloc" || fail "$name: debugfs alloc of 1024 pages failed"
	[ "$(cat "$dbg/used")" -eq $((used + 1024)) ] || fail "$name: the debugfs allocation is not in the area"
	echo 1024 > "$dbg/free" || fail "$name: debugfs free failed"
	# dmaheap-loop checks that each heap buffer lies in the area
	dmaheap-loop -h "$name" -a "$name" -n 3 -s 1 -s 8 ||
		fail "$name: heap allocations failed or landed outside the area"
done
[ $nodes -gt 0 ] || fail "no shared-dma-pool node in the device tree"

# Without a linux,cma-default node and without cma=, the default area comes
# from Kconfig: guaranteed exactly when CONFIG_DMA_CMA_GUARANTEED is set
# (passed as gcmatest.kconfig_guaranteed), with no command-line option.
if [ -d /sys/kernel/mm/cma/reserved ]; then
	want=0
	case " $(cat /proc/cmdline) " in
	*" cma="*) want= ;;
	*" gcmatest.kconfig_guaranteed=1 "*) want=1 ;;
	esac
	g=$(cat /sys/kernel/mm/cma/reserved/guaranteed)
	echo "reserved (Kconfig default area): guaranteed=$g"
	[ -z "$want" ] || [ "$g" = "$want" ] ||
		fail "the Kconfig default area has guaranteed=$g, Kconfig says $want"
fi
exit 0
