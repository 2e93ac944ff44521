#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The gcma:gcma_take_back tracepoint, read through tracefs: an allocation
# of the area's free range while it lends pages to copies reports how many
# of its pages were lent and how long dropping their copies took, and the
# numbers agree with the area's lend_taken_back counter, and with
# gcma_copy_taken_back of /proc/vmstat.
. ./lib.sh

t=/sys/kernel/tracing
[ -d $t/events ] || mount -t tracefs tracefs $t 2>/dev/null
ev=$t/events/gcma/gcma_take_back
[ -d $ev ] || fail "no $ev (CONFIG_TRACING off, or the tracepoint is gone)"

f=$mnt/trace
filecheck write $f 1 4096 1 -q || fail "cannot write $f"
sync
page_out $f
[ "$(rd lent_pages)" -gt 0 ] || fail "no page lent after reclaiming $f"

pages=$(cat $dbg/maxchunk)
echo >$t/trace
echo 1 >$ev/enable || fail "cannot enable $ev"
snap
echo "$pages" >$dbg/alloc || fail "cannot allocate the $pages free pages"
echo "$pages" >$dbg/free || fail "cannot free them"
echo 0 >$ev/enable
taken=$(delta lend_taken_back)
counters "after allocating $pages pages"
grep gcma_take_back $t/trace
lent=$(sed -n 's/.*gcma_take_back: .* lent=\([0-9]*\) ns=\([0-9]*\).*/\1 \2/p' $t/trace |
	awk '{ n += $1; ns += $2 } END { if (NR) print n, ns }')
[ -n "$lent" ] || fail "no gcma_take_back event for an allocation over lent pages"
set -- $lent
echo "events: $1 lent pages taken back in $2 ns; lend_taken_back grew by $taken"
[ "$1" -eq "$taken" ] || fail "the events count $1 lent pages, lend_taken_back $taken"
same_delta lend_taken_back gcma_copy_taken_back "taken back"
[ "$2" -gt 0 ] || fail "the events give no time"
rm -f $f
exit 0
