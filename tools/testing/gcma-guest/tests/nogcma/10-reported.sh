#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# A kernel without CONFIG_GCMA (the arm+nogcma test kernel) asked for
# guaranteed areas: by cma=...,guaranteed (one boot) and by linux,guaranteed
# device-tree nodes (dt/default.dtsi, another).  Each request gets one
# message naming the area or node, and every area is a working stock CMA
# area: guaranteed 0, a debugfs allocation served.
fail() { echo "FAIL: $*"; exit 1; }

# once TEXT: TEXT appears in exactly one console line
once() {
	n=$(dmesg | grep -cF "$1")
	[ "$n" -eq 1 ] || fail "$n lines \"$1\", expected 1"
	dmesg | grep -F "$1"
}

case " $(cat /proc/cmdline) " in
*" cma="*",guaranteed "*) once "cma: cma: CONFIG_GCMA is off, reserved is a stock CMA area" ;;
esac
rm=/sys/firmware/devicetree/base/reserved-memory
for n in "$rm"/*/; do
	n=${n%/}
	name=${n##*/}
	[ -e "$n/linux,guaranteed" ] && [ -d "/sys/kernel/mm/cma/$name" ] &&
		once "Reserved memory: $name: linux,guaranteed needs CONFIG_GCMA; a stock CMA area"
done
areas=0
for a in /sys/kernel/mm/cma/*; do
	name=${a##*/}
	g=$(cat "$a/guaranteed")
	echo "$name: guaranteed=$g, $(cat /sys/kernel/debug/cma/$name/count) pages"
	[ "$g" = 0 ] || fail "$name is guaranteed in a kernel without GCMA"
	echo 256 > "/sys/kernel/debug/cma/$name/alloc" || fail "$name: debugfs alloc failed"
	echo 256 > "/sys/kernel/debug/cma/$name/free" || fail "$name: debugfs free failed"
	areas=$((areas + 1))
done
# the default area, and with dt:default the device tree's per-device ones
want=1
[ -d "$rm" ] && want=2
[ $areas -ge $want ] || fail "$areas CMA areas, expected at least $want"
exit 0
