#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Copies of erofs files, on the two read-only images boot.sh attaches
# (scripts/mkerofs.sh: the same files uncompressed and LZ4HC-compressed,
# SHA256SUMS at the root).  For each image:
#  - the files read at random (filecheck read-random: POSIX_FADV_RANDOM,
#    so order-0 folios) give their digests, and reclaiming them stores
#    a copy of every page;
#  - read again, every page is loaded from a copy, the device reads
#    nothing (its sectors read in /sys/block), and the digests match:
#    for the compressed image the copies hold decompressed data;
#  - the inodes of the one-page files evicted (drop_caches=2), read
#    again, every page is loaded from its copy (none on 32-bit ARM,
#    where the copies go with the inode);
#  - reclaimed again, the copies of a quarter of the pages dropped in
#    runs of two, and read: the rest is loaded, the runs are read from
#    the device in the same batches, and the digests match;
#  - reclaimed again and read while the area's free range is allocated
#    and freed under the readers, the digests still match;
#  - read in order (erofs's readahead makes large folios, up to its
#    128 KiB window): reclaim stores every page it frees, and read in
#    order again, every page not left cached is loaded from a copy, the
#    device reads nothing, and the digests match;
#  - read at random and reclaimed once more, unmounting drops every
#    copy of the image.
. ./lib.sh

grep -qw erofs /proc/filesystems || skip "no erofs in this kernel (CONFIG_EROFS_FS)"
emnt=/mnt-erofs
mkdir -p $emnt

# pages_of FILE...: the page-cache pages the files take
pages_of() {
	local f n=0
	for f; do
		n=$((n + ($(stat -c %s "$f") + PAGE - 1) / PAGE))
	done
	echo $n
}

# sums LABEL: every file's digest, read at random, against SHA256SUMS
sums() {
	local f want got
	while read -r want f; do
		filecheck read-random "$emnt/$f" >/tmp/erofs.data ||
			fail "$1: cannot read $f"
		got=$(sha256sum </tmp/erofs.data)
		[ "${got%% *}" = "$want" ] || fail "$1: $f reads as ${got%% *}, not $want"
	done <$emnt/SHA256SUMS
	rm -f /tmp/erofs.data
}

# sums_in_order LABEL: every file's digest, read in order (readahead,
# large folios), against SHA256SUMS
sums_in_order() {
	local f want got
	while read -r want f; do
		got=$(sha256sum <"$emnt/$f") || fail "$1: cannot read $f"
		[ "${got%% *}" = "$want" ] || fail "$1: $f reads as ${got%% *}, not $want"
	done <$emnt/SHA256SUMS
}

# cached_pages FILE...: the pages the files have in the page cache
cached_pages() {
	filecheck cached "$@" | awk '{ n += $2 } END { print n + 0 }'
}

# sum_of LABEL FILE: FILE, read at random, against its SHA256SUMS line
sum_of() {
	local want got
	want=$(awk -v f="${2##*/}" '$2 == f { print $1 }' $emnt/SHA256SUMS)
	got=$(filecheck read-random "$2" | sha256sum)
	[ "${got%% *}" = "$want" ] || fail "$1: ${2##*/} reads as ${got%% *}, not $want"
}

# holes FILE...: drop the copies of the first 2 pages of every 8
# (POSIX_FADV_DONTNEED on pages with no folio drops their copies), so
# that each read-random batch (64 KiB: 16 pages, or 4 of 16 KiB) holds
# copies and a run to read from the device beside them; prints how many
# pages lost their copy
holes() {
	local f p k n=0
	for f; do
		p=$((($(stat -c %s "$f") + PAGE - 1) / PAGE))
		k=0
		while [ $k -lt $p ]; do
			filecheck dontneed "$f" $((k * BPP)) $((2 * BPP)) >/dev/null ||
				fail "cannot drop pages $k.. of $f"
			n=$((n + (p - k < 2 ? p - k : 2)))
			k=$((k + 8))
		done
	done
	echo $n
}

# drop_all FILE...: POSIX_FADV_DONTNEED on each whole file: its folios
# and copies go
drop_all() {
	local f
	for f; do
		filecheck dontneed "$f" >/dev/null || fail "cannot drop the pages of $f"
	done
}

# sectors DEV: sectors read from DEV so far
sectors() { awk '{ print $3 }' "/sys/block/${1#/dev/}/stat"; }

one_image() {
	local serial=$1 kind=$2 dev files pages lent0 s0 stored dropped
	dev=$(disk_by_serial "$serial") || skip "no disk with serial $serial (boot.sh's word erofs)"
	# no copy of the tests before this one: the counts below are this image's
	echo 0 >$sys/lend && echo 1 >$sys/lend || fail "cannot switch lend off and on"
	lent0=$(rd lent_pages)
	mount -t erofs -o ro "$dev" $emnt || fail "cannot mount $dev ($kind) as erofs"
	files=$(awk -v d=$emnt '{ print d "/" $2 }' $emnt/SHA256SUMS)
	# shellcheck disable=SC2086 # the list of files
	pages=$(pages_of $files)
	echo "== $kind: $(echo "$files" | wc -l) files, $pages pages"

	sums "$kind, first read"
	snap
	# shellcheck disable=SC2086
	page_out $files
	counters "$kind reclaimed"
	stored=$(delta lend_stored)
	[ "$stored" -eq "$pages" ] ||
		fail "$kind: $stored of the $pages pages read at random stored"

	snap
	s0=$(sectors "$dev")
	sums "$kind, from the copies"
	counters "$kind read back"
	[ "$(delta lend_loaded)" -eq "$pages" ] ||
		fail "$kind: $(delta lend_loaded) of the $pages pages loaded from copies"
	[ "$(sectors "$dev")" -eq "$s0" ] ||
		fail "$kind: the device read $(($(sectors "$dev") - s0)) sectors with every page in the area"

	# the inodes of the files of a page evicted by the inode shrinker
	# (drop_caches=2; on 64-bit it frees an inode with reclaim's shadow
	# entries only if the file is one page): read again, each page comes
	# from a copy, keyed by the nid; on 32-bit, where ino_t folds nids,
	# the copies go with the inode
	# shellcheck disable=SC2086
	small=$(for f in $files; do [ "$(stat -c %s "$f")" -le "$PAGE" ] && echo "$f"; done)
	# shellcheck disable=SC2086
	n=$(pages_of $small)
	[ "$n" -ge 16 ] || fail "$kind: only $n files of a page on the image"
	for f in $small; do sum_of "$kind, small" "$f"; done
	# shellcheck disable=SC2086
	page_out $small
	snap
	sync
	echo 2 >/proc/sys/vm/drop_caches
	echo 2 >/proc/sys/vm/drop_caches
	echo 2 >/proc/sys/vm/drop_caches
	for f in $small; do sum_of "$kind, small, inodes evicted" "$f"; done
	counters "$kind: $n files of a page read again after their inodes were evicted"
	want=$n
	case $(uname -m) in arm*) want=0 ;; esac
	[ "$(delta lend_loaded)" -eq "$want" ] ||
		fail "$kind: $(delta lend_loaded) of $n pages loaded after the inodes were evicted, not $want"

	# copies beside runs read from the device in one batch: z_erofs
	# decompresses a run while its neighbours come from copies
	# shellcheck disable=SC2086
	page_out $files
	# shellcheck disable=SC2086
	dropped=$(holes $files)
	snap
	s0=$(sectors "$dev")
	sums "$kind, copies beside reads"
	counters "$kind read back, $dropped pages without a copy"
	[ "$(delta lend_loaded)" -eq $((pages - dropped)) ] ||
		fail "$kind: $(delta lend_loaded) pages loaded from copies, not $((pages - dropped))"
	[ "$(sectors "$dev")" -gt "$s0" ] ||
		fail "$kind: the device read nothing for the $dropped pages without a copy"

	# shellcheck disable=SC2086
	page_out $files
	snap
	area_churn_start
	sums "$kind, under churn"
	sums "$kind, under churn, again"
	area_churn_stop
	counters "$kind read back under churn"

	# shellcheck disable=SC2086
	drop_all $files
	sums_in_order "$kind, read in order"
	snap
	# MADV_PAGEOUT may leave some of the large folios of a compressed
	# file (seen: 192 of 2836 pages on arm64 and x86_64); what stays
	# cached is not stored, and is not read again from a copy
	# shellcheck disable=SC2086
	filecheck pageout $files >/dev/null || echo "$kind read in order: some large folios stayed"
	# shellcheck disable=SC2086
	left=$(cached_pages $files)
	counters "$kind read in order, reclaimed, $left pages left cached"
	[ "$left" -lt $((pages / 2)) ] ||
		fail "$kind: reclaim left $left of $pages pages cached: the test would prove little"
	[ "$(delta lend_stored)" -eq $((pages - left)) ] ||
		fail "$kind: $(delta lend_stored) of the $((pages - left)) pages read in order and reclaimed stored"
	snap
	s0=$(sectors "$dev")
	sums_in_order "$kind, read in order from the copies"
	counters "$kind read in order again"
	[ "$(delta lend_loaded)" -eq $((pages - left)) ] ||
		fail "$kind: $(delta lend_loaded) of the $((pages - left)) pages read in order loaded from copies"
	[ "$(sectors "$dev")" -eq "$s0" ] ||
		fail "$kind: the device read $(($(sectors "$dev") - s0)) sectors for files whose pages are all in the area or cached"

	# shellcheck disable=SC2086
	drop_all $files
	sums "$kind, before unmount"
	# shellcheck disable=SC2086
	page_out $files
	[ "$(rd lent_pages)" -gt "$lent0" ] || fail "$kind: no copy left to drop at unmount"
	umount $emnt || fail "cannot unmount $kind"
	[ "$(rd lent_pages)" -eq "$lent0" ] ||
		fail "$kind: $(($(rd lent_pages) - lent0)) copies left after unmount"
}

one_image gcmaerofs plain
one_image gcmaerofsz lz4hc
exit 0
