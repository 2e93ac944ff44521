#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Races: a file changed at random (holes punched, ranges zeroed, O_DIRECT
# and buffered writes, truncation and extension) while a thread reclaims
# parts of it into the area and two read it buffered, loading copies
# (filecheck churn): no read may give a block older than its last
# completed change, and at the end every block is as its last change left
# it, read, reclaimed into copies and read again.  Two rounds with other
# seeds; the counters must show that copies were stored, loaded and
# dropped by the changes, or the rounds proved nothing.
. ./lib.sh

f=$mnt/churn
blocks=4096
secs=15
rounds=2
round=1
while [ $round -le $rounds ]; do
	rm -f $f
	filecheck write $f 35 $blocks 1 -y -q -s $round || fail "cannot write $f"
	snap
	filecheck churn $f 35 $blocks -l $secs -s $round >/tmp/churn.out 2>&1
	rc=$?
	cat /tmp/churn.out
	counters "round $round"
	[ $rc = 0 ] || fail "round $round: $(grep -m 1 -E ' block [0-9]+: |^filecheck: ' /tmp/churn.out)"
	changes=$(sed -n 's/^churn: \([0-9]*\) changes.*/\1/p' /tmp/churn.out)
	[ "${changes:-0}" -ge 100 ] || fail "round $round: only ${changes:-no} changes"
	for c in lend_stored lend_loaded lend_invalidated; do
		[ "$(delta $c)" -gt 0 ] || fail "round $round: $c did not grow: the race was not run"
	done
	round=$((round + 1))
done
rm -f $f
exit 0
