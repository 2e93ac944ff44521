#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Bad cma=, cma_pernuma= and numa_cma= values.  Each boot of this set
# carries one bad value of each parameter it tests (the boots file lists
# them, for both architectures); the list below is every form tested and
# the message it must print.  Each bad value prints that message exactly
# once, and the kernel boots with CMA as it would without the option: the
# default area of CONFIG_CMA_SIZE_MBYTES (16 MiB in the test kernels),
# guaranteed exactly when CONFIG_DMA_CMA_GUARANTEED says so (the boots
# file passes it as gcmatest.kconfig_guaranteed), and no per-node area.
fail() { echo "FAIL: $*"; exit 1; }

# expect PARAM=VALUE: the message the form must print (a fixed string)
expect() {
	case $1 in
	# malformed, or an unknown option: refused when parsed
	cma=64M,guaranteed,bogus) echo 'cma: cma=64M,guaranteed,bogus: cannot parse "bogus"' ;;
	cma=64M,guarantee) echo 'cma: cma=64M,guarantee: cannot parse "guarantee"' ;;
	cma=64Mx) echo 'cma: cma=64Mx: cannot parse "x"' ;;
	cma=64M@) echo 'cma: cma=64M@: cannot parse ""' ;;
	cma=) echo 'cma: cma=: cannot parse ""' ;;
	cma_pernuma=16M,bogus) echo 'cma: cma_pernuma=16M,bogus: cannot parse "bogus"' ;;
	cma_pernuma=junk) echo 'cma: cma_pernuma=junk: cannot parse "junk"' ;;
	numa_cma=0:16M,1:bogus) echo 'cma: numa_cma=0:16M,1:bogus: cannot parse "1:bogus"' ;;
	numa_cma=0-16M) echo 'cma: numa_cma=0-16M: cannot parse "0-16M"' ;;
	numa_cma=99999:16M) echo 'cma: numa_cma=99999:16M: cannot parse "99999:16M"' ;;
	numa_cma=guaranteed) echo 'cma: numa_cma=guaranteed: cannot parse "guaranteed"' ;;
	# well formed, but not an area this machine can have: refused when
	# the area is reserved, before trying
	cma=8G) echo 'cma: cma=8G: the area is larger than the' ;;
	cma_pernuma=8G) echo 'cma: cma_pernuma: the area is larger than the' ;;
	numa_cma=0:8G) echo 'cma: numa_cma: the area is larger than the' ;;
	numa_cma=9:16M) echo 'cma: numa_cma: node 9 is not online; no area there' ;;
	cma=64M@0x48100000 | cma=64M@0x8100000) echo "cma: $1: base" ;;
	cma=64M@0x90000000 | cma=64M@0x40000000) echo "cma: $1: the range is not all memory" ;;
	cma=64M@0x48000000-0x49000000 | cma=64M@0x8000000-0x9000000)
		echo "cma: $1: the area does not fit between base and limit" ;;
	*) return 1 ;;
	esac
}

kconfig_g=0
tested=0
for arg in $(cat /proc/cmdline); do
	case $arg in
	gcmatest.kconfig_guaranteed=*) kconfig_g=${arg#*=} ;;
	cma=* | cma_pernuma=* | numa_cma=*)
		want=$(expect "$arg") || fail "$arg is not in this test's list of forms"
		echo "$arg: expect \"$want\""
		n=$(dmesg | grep -cF "$want")
		dmesg | grep -F "${arg%%=*}=" | grep -vF 'Kernel command line'
		[ "$n" -eq 1 ] || fail "$arg: $n messages \"$want\", expected 1"
		case $want in
		*': base') dmesg | grep -F "$want" | grep -q 'is not aligned' ||
			fail "$arg: the message does not say the base is misaligned" ;;
		esac
		tested=$((tested + 1)) ;;
	esac
done
[ $tested -gt 0 ] || fail "no cma option on the command line"

total=$(awk '/^CmaTotal:/ { print $2 }' /proc/meminfo)
[ "$total" -eq 16384 ] || fail "CmaTotal is $total kB, not the 16 MiB default"
g=$(cat /sys/kernel/mm/cma/reserved/guaranteed)
[ "$g" = "$kconfig_g" ] ||
	fail "the default area has guaranteed=$g, Kconfig says $kconfig_g"
ls /sys/kernel/mm/cma/
for a in /sys/kernel/mm/cma/*; do
	case ${a##*/} in
	reserved) ;;
	*) fail "an area ${a##*/} from a refused option" ;;
	esac
done
echo "$tested bad values refused; default area 16 MiB, guaranteed=$g"
exit 0
