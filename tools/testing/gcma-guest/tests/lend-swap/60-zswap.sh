#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# zswap in front of the disk, and slots rewritten or reused where no new
# copy is made.  A copy the hooks fail to drop is invisible while every
# write of a slot stores a fresh copy over it; it shows when the slot's
# new data reaches the device without a copy, which is what zswap's
# writeback does (zswap_writeback_entry() calls __swap_writepage(), not
# swap_writepage()).  So, with compressible pages and every seventh page
# all zeroes (the zero map: never written):
#  1. on 40 MiB of swap, less than half in use (on a fuller device
#     swap-ins free their slots): pass 0 goes to the disk with copies
#     (zswap off), and is read back from them, which keeps the slots and
#     the copies; pass 1 rewrites half of the pages in place and zswap
#     takes them: swap_writepage() must drop their copies
#     (swap_invalidated).  Reclaim then frees those clean folios and
#     copies them (gcma_swap_evict() fills a slot without a copy and
#     keeps one that is there: a copy left from pass 0 would stay).
#     While zswap holds a slot a swap-in reads zswap first; so zswap
#     writes everything back (max_pool_percent=0), and the pages come
#     from the copies or the disk: a copy left from pass 0 is read back
#     as stale.
#     pass 2 rewrites the other half into zswap and is read from zswap;
#     pass 3's stores are refused by zswap (pool full): to the disk, with
#     copies, read back from them.
#  2. on 24 MiB of swap, a run leaves its pages on the disk with copies
#     and exits, freeing the slots and dropping the copies; a second run
#     of another seed, all in zswap, reuses at least 8 MiB of those slots
#     (two 16 MiB runs), and after zswap's writeback must read its own
#     pages, never the first run's copies (the "maybe a copy" bitmap must
#     have let the drops through).
# Every page is verified by swapcheck; the counters show that each path
# was taken.
. ./lib.sh

zs=/sys/module/zswap/parameters
zd=/sys/kernel/debug/zswap
[ -w $zs/enabled ] || skip "no zswap in this kernel (CONFIG_ZSWAP)"
# zswap sets itself up (its pool, its debugfs files) when first enabled
echo Y >$zs/enabled || fail "cannot enable zswap"
echo N >$zs/enabled
[ -r $zd/stored_pages ] || fail "no $zd/stored_pages (debugfs)"
grep -q '^zswpwb ' /proc/vmstat || fail "no zswpwb in /proc/vmstat"

mib=16
n=$((mib * PPM))
zeroes=7
hook=/tmp/zswap-hook.sh

# swap_mib MIB: the disk's swap cut to MIB MiB (restore: whole again)
swap_mib() {
	swapoff $disk || fail "swapoff $disk failed"
	mkswap $disk $(($1 * 1024)) >/dev/null || fail "mkswap $disk of $1 MiB failed"
	swapon $disk || fail "swapon $disk failed"
	grep "^$disk " /proc/swaps
}
enabled0=$(cat $zs/enabled) pool0=$(cat $zs/max_pool_percent)
restore() {
	echo $enabled0 >$zs/enabled
	echo $pool0 >$zs/max_pool_percent
	swapoff $disk
	mkswap $disk >/dev/null && swapon $disk
}
trap restore EXIT

cat >$hook <<'EOF'
#!/bin/sh
# swapcheck --after-pageout: what zswap does between a push-out and the
# next verify, per step (SWAPCHECK_STEP)
zs=/sys/module/zswap/parameters
zd=/sys/kernel/debug/zswap
# everything zswap holds written back to the device.  A full pool refuses
# each store and queues zswap's shrinker, which writes back down to the
# accept threshold, 0 here, but gives up after 16 entries it could not
# write back, and an entry is passed by once (its referenced bit) before
# it is written back: so small runs of pages are stored until the pool is
# empty, each waking the shrinker again
writeback() {
	echo 0 >$zs/max_pool_percent
	i=0
	while [ "$(cat $zd/stored_pages)" -gt 0 ]; do
		[ $i -lt 400 ] || { echo "hook: zswap still holds $(cat $zd/stored_pages) pages"; exit 1; }
		swapcheck run --mib 1 --pageout --seed 69 >/dev/null || exit 1
		i=$((i + 1))
	done
	echo 20 >$zs/max_pool_percent
	echo "hook: zswap wrote back all it held ($i runs of 1 MiB refused)"
}
case "$SWAPCHECK_STEP $1" in
"pass 0 pageout 1") echo Y >$zs/enabled ;;
"pass 1 pageout 1") writeback ;;
"pass 2 pageout 1") echo 0 >$zs/max_pool_percent ;;
"pass 3 pageout 1") echo 20 >$zs/max_pool_percent ;;
"pass 0 pageout 2") writeback ;;
esac
exit 0
EOF
chmod +x $hook

echo N >$zs/enabled
echo 20 >$zs/max_pool_percent
echo "zswap: $(cat $zs/compressor)/$(cat $zs/zpool), pool at most 20% of memory"

echo "== 1. rewritten in place into zswap, written back, refused"
# 40 MiB: less than half in use (17 MiB at most), so that swap-ins keep
# their slots (vm_swap_full() frees them on a device half full)
swap_mib 40
counters start
sc_run --mib $mib --passes 3 --rewrite-every 2 --pageout --compressible \
	--zero-every $zeroes --seed 60 --after-pageout "$hook 1"
counters end
sc_check "rewritten in place, zswap"
zero=$((n / zeroes))
half=$(((n - zero) / 2))
# each line: swapcheck's step|its counter|at least (an expression)|
# what it counts|what too few would mean
while IFS='|' read -r step counter min what why; do
	got count "$step" "$counter"
	need "$what" "$count" $(($min)) "$why"
done <<EOF
pass 0 pageout|swap_stored|(n - zero) * 3 / 4|pass 0: copies stored, zswap off|the region went to the disk without copies
pass 0 pageout|swpout_zero|zero * 3 / 4|pass 0: zero pages recorded, not written|the zero pages were written out
pass 0 verify|swpin_zero|zero * 3 / 4|pass 0: zero pages read from the zero map|the zero pages came from elsewhere
pass 1 pageout|zswpout|half * 3 / 4|pass 1: rewritten pages zswap took|zswap took none of the rewritten pages
pass 1 pageout|swap_invalidated|half * 3 / 4|pass 1: copies dropped as zswap took their slots' new data|the copies of the rewritten slots stayed
pass 1 pageout command|zswpwb|half * 3 / 4|pass 1: pages zswap wrote back|zswap wrote nothing back
pass 2 pageout|zswpout|half * 3 / 4|pass 2: rewritten pages zswap took|zswap took none of the rewritten pages
pass 2 verify|zswpin|half * 3 / 4|pass 2: swap-ins served by zswap|the pages zswap held came from elsewhere
pass 3 pageout|swap_stored|half * 3 / 4|pass 3: copies of the pages zswap refused|the pages zswap refused went to the disk without copies
EOF
got zin "pass 1 verify" zswpin
[ "$zin" -le $((half / 8)) ] ||
	fail "pass 1: $zin swap-ins from zswap after it wrote everything back"
got loaded "pass 1 verify" swap_loaded
got pswpin "pass 1 verify" pswpin
need "pass 1: swap-ins from copies or the disk" $((loaded + pswpin)) \
	$(((n - zero) * 3 / 4)) "the region did not come back through the swap device's slots"
got zout "pass 3 pageout" zswpout
[ "$zout" -lt $((half / 4)) ] ||
	fail "pass 3: zswap took $zout pages with its pool at 0%"
echo "zswap: $(for f in pool_limit_hit reject_compress_poor reject_alloc_fail written_back_pages; do printf '%s=%s ' $f "$(cat $zd/$f)"; done)"

echo "== 2. slots of a run that exited, reused under zswap"
# 24 MiB: two runs of 16 MiB share at least 8 MiB of slots
swap_mib 24
echo N >$zs/enabled
sc_run --mib $mib --pageout --leave-out --seed 61 --zero-every $zeroes
sc_check "the first run"
got stored "final pageout" swap_stored
got stored0 "pass 0 pageout" swap_stored
need "first run: copies stored" $((stored + stored0)) $(((n - zero) * 3 / 4)) \
	"the first run went to the disk without copies"
echo "after the first run exited: $(live_swap) swap copies live"
[ "$(live_swap)" -le $((n / 8)) ] ||
	fail "$(live_swap) swap copies live after the run exited: its freed slots kept them"
echo Y >$zs/enabled
sc_run --mib $mib --pageout --compressible --seed 62 --after-pageout "$hook 2"
counters end
sc_check "slots reused under zswap"
got wb "pass 0 pageout command" zswpwb
need "second run: pages zswap wrote back" "$wb" $((n * 3 / 4)) \
	"zswap wrote nothing back"
got zin "pass 0 verify" zswpin
got loaded "pass 0 verify" swap_loaded
got pswpin "pass 0 verify" pswpin
need "second run: swap-ins from copies or the disk" $((loaded + pswpin)) \
	$((n * 3 / 4 - zin)) "the region did not come back through the slots"

trap - EXIT
restore
cat /proc/swaps
swapping_to $disk || fail "$disk is not in /proc/swaps after the test"
exit 0
