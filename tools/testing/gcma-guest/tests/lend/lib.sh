# SPDX-License-Identifier: GPL-2.0
# Sourced by the lend set (not executable, so /init does not run it).
#
# The set checks the copies of clean page-cache pages that a guaranteed
# area keeps in its idle pages: every read gives the file's current data,
# never a copy of what it held before.  The boot attaches a scratch disk
# (boots: disk:SIZE), an empty ext4 the host made, serial gcmadisk; with
# gcmatest.fs=f2fs on the command line, the f2fs of serial gcmaf2fs
# (boots: f2fs:SIZE) instead.  Each test mounts it on /mnt if it is not
# yet, so a test also runs alone.
#
# What it relies on, per area in /sys/kernel/mm/cma/AREA/ of a guaranteed
# area with CONFIG_GCMA_FILE_COPIES:
#   lend             0/1, rw: the area lends idle pages (1 at boot)
#   lent_pages       pages that hold copies now
#   lend_stored, lend_loaded, lend_invalidated, lend_evicted,
#   lend_taken_back  copies made, read back, dropped as the file changed,
#                    dropped for newer ones, taken back by cma_alloc()
# and the debugfs files alloc, free and maxchunk of the area.
#
# fail, skip, area, sys, dbg, rd, mem_mib, counters, snap and delta: see
# ../lib/lend.sh
. ../lib/lend.sh
. ../lib/disk.sh
# FS: the scratch disk's filesystem, ext4 or f2fs (gcmatest.fs=)
FS=ext4
case " $(cat /proc/cmdline) " in *" gcmatest.fs=f2fs "*) FS=f2fs ;; esac
if [ $FS = f2fs ]; then
	disk=$(disk_by_serial gcmaf2fs) || fail "gcmatest.fs=f2fs but no f2fs disk: the boot needs f2fs:SIZE"
else
	disk=$(disk_by_serial gcmadisk) || disk=/dev/vda
fi
mnt=/mnt
COUNTERS="lent_pages lend_stored lend_loaded lend_invalidated lend_evicted lend_taken_back file_stored file_loaded"
VMSTAT_COUNTERS="gcma_file_stored gcma_file_loaded gcma_copy_taken_back"

lend_area lend CONFIG_GCMA_FILE_COPIES
[ -b $disk ] || fail "no scratch disk $disk: the boot needs disk:SIZE in its QEMU arguments"
[ "${0##*/}" = 00-setup.sh ] || turn_on lend lending
if ! grep -q " $mnt $FS " /proc/mounts; then
	mount -t $FS $disk $mnt || fail "cannot mount $disk on $mnt"
fi
# Each test starts with none of the earlier tests' files cached (their
# pages and copies dropped: drop_caches drops both).  A test counts the
# copies made of its own files in counters that count every file's; with
# memory full of the earlier files' clean pages, kswapd reclaims them
# while the test counts, and their copies are counted too (arm64/lend in
# CI: 1077 such stores in 20-changes, 21295 in 26-subpage).
if [ "${0##*/}" != 00-setup.sh ]; then
	sync
	echo 1 >/proc/sys/vm/drop_caches
fi

# verify FILE ID BLOCKS SPEC [OPTIONS]: filecheck verify, its output
# shown and kept; wrong_block then says what the first wrong block held
verify() {
	local rc
	filecheck verify "$@" >/tmp/verify.out 2>&1
	rc=$?
	cat /tmp/verify.out
	return $rc
}
wrong_block() {
	grep -m 1 -E ' block [0-9]+: | bytes, expected |^filecheck: ' /tmp/verify.out
}

# evict FILE...: real memory pressure until the page cache holds none of
# the files, or MemAvailable is down to 12 MiB, where the rest is reclaimed
# with page_out (filecheck evict: an anonymous hog, not drop_caches, which
# would drop the copies too); the files must be clean (sync first).
evict() {
	filecheck evict "$@" && return
	# what the hog could not take short of the OOM killer, reclaim directly
	page_out "$@"
}

# page_out FILE...: reclaim exactly the pages of the files (filecheck
# pageout: MADV_PAGEOUT hands them to shrink_folio_list(), the reclaim
# path kswapd takes; not drop_caches, which drops copies).  A page can
# be busy for a moment (seen once on f2fs: 1 of 1024 left right after
# sync), or held by kswapd, reclaiming under the pressure of a test's
# many files (20-changes under make check: 94, then 287 of 4096 left):
# up to two more tries after another sync, whose faults load what the
# first stored, so that all_copies() counts it as its second round.
page_out() {
	filecheck pageout "$@" || { sync && sleep 1 && filecheck pageout "$@"; } ||
		{ sync && sleep 2 && filecheck pageout "$@"; } ||
		fail "reclaim left pages of $* in the page cache"
}

# all_copies LABEL FILE: sync and reclaim FILE whole (page_out faults in
# what is not cached, loading copies, and reclaims every page), and check
# that every page of it was stored in the area (a change made then tests
# the copies; with fewer it would prove less than it claims).  kswapd may
# still be reclaiming pages of FILE when this starts (right after reading
# it under pressure): page_out then loads and stores those again, and the
# count is off by them, or by pages of other files kswapd reclaims as
# page_out's faults fill memory.  Another round, with the file out, the
# other files' cached pages dropped (not the file's copies: drop_caches
# drops those of files with cached pages only) and kswapd done, counts
# exactly; only the last count is judged.
all_copies() {
	local pages stored try
	sync
	pages=$((($(stat -c %s "$2") + PAGE - 1) / PAGE))
	for try in 1 2 3; do
		snap
		page_out "$2"
		stored=$(delta lend_stored)
		counters "$1: $pages pages reclaimed"
		[ "$stored" -ne "$pages" ] && [ $try != 3 ] && [ "$stored" -gt "$pages" ] || break
		echo "$1: $stored stores for $pages pages (kswapd was reclaiming it or others too): once more"
		sync
		echo 1 >/proc/sys/vm/drop_caches
		sleep 1
	done
	[ "$stored" -eq "$pages" ] && [ "$stored" -gt 0 ] ||
		fail "$1: $stored of the $pages pages of $2 stored: the test would prove nothing"
}

# area_churn_start and area_churn_stop: see ../lib/area-churn.sh
. ../lib/area-churn.sh
