#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# fio's own verification (verify=crc32c, a header per 4 KiB naming the
# offset, the write's seed and its number) over files larger than the page
# cache, so that the data goes through the area: three jobs at once,
# buffered (psync), through mmap, and O_DIRECT, each writing its file in
# random order and reading it back, twice with different seeds (a copy of
# the first pass served in the second fails the check: fio checks each
# block's seed against the write that made it).  The first pass runs alone,
# and copies must have been read back (lend_loaded) during it; during the
# second the area's whole free range is allocated and freed every 8 s, so
# that copies are taken back under fio.  (With the churn in both passes a
# slow machine had every copy taken back before fio read it back.)  fio
# must find no error.  Then the O_DIRECT job's file, which fio verifies
# with O_DIRECT reads that bypass page cache and area, is read buffered
# and reclaimed into copies, overwritten by a third O_DIRECT pass, and
# verified by fio with buffered reads: no copy may be loaded, and every
# block must be the third pass's.
. ./lib.sh

[ -x /bin/fio ] || fail "no /bin/fio in the initramfs (scripts/build-fio.sh)"
dir=$mnt/fio
rm -rf $dir
mkdir -p $dir || fail "cannot make $dir"
avail=$(mem_mib MemAvailable)
# together more than the page cache can hold without the area
buffered=$((avail / 2 + 32)) mapped=$((avail / 2)) direct=32
# global SEED: the jobs' common options
global() {
	cat <<EOF
[global]
directory=$dir
bs=64k
rw=randwrite
randrepeat=1
randseed=$1
verify=crc32c
verify_interval=4k
verify_state_save=0

EOF
}
# job SEED: the job file of one pass
job() {
	global "$1"
	cat <<EOF
[buffered]
ioengine=psync
size=${buffered}m

[mmap]
ioengine=mmap
size=${mapped}m

[direct]
filename=direct.dat
ioengine=psync
direct=1
size=${direct}m
EOF
}
# direct_job SEED OPTION...: the O_DIRECT job's file alone, with OPTIONs
direct_job() {
	local o
	global "$1"
	cat <<EOF
[direct]
filename=direct.dat
ioengine=psync
size=${direct}m
EOF
	shift
	for o; do echo "$o"; done
}
echo "MemAvailable ${avail} MiB: buffered ${buffered} MiB, mmap ${mapped} MiB, O_DIRECT ${direct} MiB"
counters start
snap
t0=$(date +%s)
rc=0
rm -f /tmp/fio.out
for pass in 1 2; do
	[ $pass = 2 ] && area_churn_start 8000000
	job $pass >/tmp/lend.fio
	fio /tmp/lend.fio >>/tmp/fio.out 2>&1 || rc=$?
	echo "pass $pass: exit $rc after $(($(date +%s) - t0))s, $(delta lend_loaded) copies loaded so far"
	[ $pass = 1 ] && loaded=$(delta lend_loaded)
	[ $rc -eq 0 ] || break
done
[ $pass = 2 ] && area_churn_stop
counters "fio done in $(($(date +%s) - t0))s"
grep -E 'err=|verify|error|READ:|WRITE:' /tmp/fio.out
if [ $rc -ne 0 ] || grep -q 'verify:' /tmp/fio.out; then
	cat /tmp/fio.out
	fail "fio reported errors (exit status $rc)"
fi
[ "$(grep -c 'err= 0:' /tmp/fio.out)" -eq 6 ] || fail "fio did not end its 3 jobs of 2 passes without error"
echo "copies: $(delta lend_stored) stored, $(delta lend_loaded) loaded ($loaded in pass 1), $(delta lend_taken_back) taken back during fio"
[ "$loaded" -gt 0 ] || fail "no copy loaded during fio's first pass: its files did not go through the area"

echo "== the O_DIRECT job's file, read buffered"
f=$dir/direct.dat
# the other jobs' files go, with their copies: reclaim of their pages
# would store copies among those counted for this file's
for x in $dir/*; do
	[ "$x" = $f ] || rm -f "$x"
done
cat $f >/dev/null || fail "cannot read $f"
all_copies "$f (pass 2)" $f
snap
direct_job 3 direct=1 do_verify=0 >/tmp/direct.fio
fio /tmp/direct.fio >/tmp/direct.out 2>&1 || { cat /tmp/direct.out; fail "fio's O_DIRECT pass 3 failed"; }
counters "O_DIRECT pass 3"
[ "$(delta lend_invalidated)" -ge $((direct * PPM)) ] ||
	fail "the O_DIRECT pass dropped $(delta lend_invalidated) copies, fewer than the file's $((direct * PPM)) pages"
snap
direct_job 3 direct=0 verify_only=1 >/tmp/direct.fio
fio /tmp/direct.fio >/tmp/direct.out 2>&1
rc=$?
grep -E 'err=|verify' /tmp/direct.out
counters "verified buffered"
[ $rc -eq 0 ] && ! grep -q 'verify:' /tmp/direct.out ||
	{ cat /tmp/direct.out; fail "fio's buffered verify of the O_DIRECT file failed (exit status $rc)"; }
[ "$(delta lend_loaded)" -eq 0 ] ||
	fail "$(delta lend_loaded) copies of pass 2 loaded after pass 3 overwrote them"
rm -rf $dir
exit 0
