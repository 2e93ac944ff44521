#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# cma_pernuma= and numa_cma= with and without ,guaranteed on a machine with
# several NUMA nodes.  Expectations come from /proc/cmdline: cma_pernuma=
# gives an area pernumaN on every online node, numa_cma=N:SIZE an area numaN
# of SIZE on node N; each is guaranteed exactly when its own value ends in
# ,guaranteed (CONFIG_DMA_CMA_GUARANTEED is about the default area only),
# lies on its node (inside the node's zone spans of /proc/zoneinfo), and
# serves a debugfs allocation.  A cma=SIZE@BASE beside them must give the
# default area at exactly BASE, guaranteed as its value says.
fail() { echo "FAIL: $*"; exit 1; }

nodes=$(cat /sys/devices/system/node/online)
echo "online nodes: $nodes"
[ "$nodes" != 0 ] || fail "one NUMA node only: the guest was not given -numa"

# on_node NODE PFN: is PFN inside one of NODE's zones?
on_node() {
	awk -v node="$1" -v pfn="$2" '
		/^Node / { n = $2; sub(",", "", n) }
		/spanned/ { spanned = $2 }
		/start_pfn:/ && n == node && pfn >= $2 && pfn < $2 + spanned { found = 1 }
		END { exit !found }' /proc/zoneinfo
}

# check AREA NODE PAGES GUARANTEED
check() {
	sys=/sys/kernel/mm/cma/$1 dbg=/sys/kernel/debug/cma/$1
	[ -d "$sys" ] || fail "no area $1"
	g=$(cat "$sys/guaranteed") count=$(cat "$dbg/count") base=$(cat "$dbg/base_pfn")
	echo "$1: node $2, base_pfn $base, $count pages, guaranteed=$g"
	[ "$g" = "$4" ] || fail "$1: guaranteed=$g, the command line asks for $4"
	[ "$count" -eq "$3" ] || fail "$1: $count pages, expected $3"
	on_node "$2" "$base" || fail "$1: base_pfn $base is not on node $2"
	echo 256 > "$dbg/alloc" || fail "$1: debugfs alloc failed"
	echo 256 > "$dbg/free" || fail "$1: debugfs free failed"
	areas=$((areas + 1))
}

# pages SIZE: 16M -> pages
pages() {
	case $1 in
	*G) echo $((${1%G} * 262144)) ;;
	*M) echo $((${1%M} * 256)) ;;
	*) fail "size $1: use M or G in this test" ;;
	esac
}

# fixed VALUE: the default area of cma=SIZE@BASE[-LIMIT][,options]
fixed() {
	sys=/sys/kernel/mm/cma/reserved dbg=/sys/kernel/debug/cma/reserved
	[ -d "$sys" ] || fail "no default area for cma=$1"
	g=0
	case ,$1, in *,guaranteed,*) g=1 ;; esac
	size=${1%%@*} base=${1#*@}
	base=${base%%[-,]*}
	want=$((base / 4096)) got=$(cat "$dbg/base_pfn")
	echo "reserved: cma=$1: base_pfn $got, $(cat "$dbg/count") pages, guaranteed=$(cat "$sys/guaranteed")"
	[ "$got" -eq "$want" ] || fail "default area at pfn $got, cma= asks for $want"
	[ "$(cat "$dbg/count")" -eq "$(pages "$size")" ] || fail "default area size differs from cma=$1"
	[ "$(cat "$sys/guaranteed")" = $g ] || fail "default area guaranteed=$(cat "$sys/guaranteed"), cma=$1 asks for $g"
	echo 256 > "$dbg/alloc" || fail "reserved: debugfs alloc failed"
	echo 256 > "$dbg/free" || fail "reserved: debugfs free failed"
}

areas=0
for arg in $(cat /proc/cmdline); do
	case $arg in
	cma=*@*) fixed "${arg#*=}" ;;
	cma_pernuma=*)
		v=${arg#*=} g=0
		case ,$v, in *,guaranteed,*) g=1 ;; esac
		for n in $(ls -d /sys/devices/system/node/node* | sed 's/.*node//'); do
			check "pernuma$n" "$n" "$(pages "${v%%,*}")" $g
		done ;;
	numa_cma=*)
		v=${arg#*=} g=0
		case ,$v, in *,guaranteed,*) g=1 ;; esac
		for e in $(echo "$v" | tr , ' '); do
			case $e in
			*:*) check "numa${e%%:*}" "${e%%:*}" "$(pages "${e#*:}")" $g ;;
			esac
		done ;;
	esac
done
[ $areas -gt 0 ] || fail "no cma_pernuma= or numa_cma= on the command line"
echo "$areas per-node areas as asked"
exit 0
