#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Assemble build/linux: a git tree whose tag 'base' is the pristine Debian
# linux-source-6.12 and whose branch 'series' carries one commit per entry
# of patches/series (diff to upstream files + Overlay: files from the repo).
#
# The series commits are made with plumbing on a temporary index, and the
# work tree is then moved with 'git reset --hard', so only files whose
# content changed get a new mtime and kernel rebuilds stay incremental.
# Identical inputs give identical commit hashes (fixed identity and dates).
#
# ALLOW_UNLISTED=1 leaves out repo files at kernel paths that no Overlay:
# header lists (work in progress) instead of refusing.
# FORCE=1 overwrites commits or edits in build/linux that 'make refresh'
# has not brought back into patches/.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

make_base() {
	local src=$BUILD/linux-source-6.12 ver
	ver=$(dpkg-query -W -f='${Version}' linux-source-6.12 2>/dev/null) ||
		die "linux-source-6.12 is not installed; run scripts/setup.sh"
	if [ -e "$TREE" ]; then
		[ -d "$TREE/.git" ] && die "$TREE is a git tree without tag 'base'; remove it and rerun"
		msg "removing incomplete $TREE"
		rm -rf "$TREE"
	fi
	if [ ! -f "$src/Makefile" ]; then
		rm -rf "$src"
		msg "extracting /usr/src/linux-source-6.12.tar.xz"
		tar -C "$BUILD" -xf /usr/src/linux-source-6.12.tar.xz
	else
		msg "using the extracted tree in $src"
	fi
	mv "$src" "$TREE.tmp"
	# Debian's last .gitignore stanza ignores every top-level path.
	python3 - "$TREE.tmp/.gitignore" <<'PY'
import sys
p = sys.argv[1]
t = open(p).read()
i = t.find("\n#\n# Debian packaging")
if i >= 0:
    open(p, "w").write(t[:i + 1])
PY
	(
		cd "$TREE.tmp"
		git init -q -b series
		git config gc.auto 0
		git config core.abbrev 12
		git add -A
		GIT_AUTHOR_NAME=$GCMA_NAME GIT_AUTHOR_EMAIL=$GCMA_EMAIL \
		GIT_COMMITTER_NAME=$GCMA_NAME GIT_COMMITTER_EMAIL=$GCMA_EMAIL \
		GIT_AUTHOR_DATE="@$GCMA_EPOCH +0000" GIT_COMMITTER_DATE="@$GCMA_EPOCH +0000" \
			git commit -q -m "Linux $ver (Debian linux-source-6.12)" \
			-m "Pristine /usr/src/linux-source-6.12.tar.xz; the Debian packaging stanza of .gitignore is dropped."
		git tag base
	)
	mv "$TREE.tmp" "$TREE"
	[ "$ver" = "$BASE_VERSION" ] || banner "base tree is linux-source-6.12 $ver, NOT the pinned $BASE_VERSION"
	msg "base commit $(git -C "$TREE" rev-parse --short base) ($ver)"
}

# Check the Overlay: headers: each repo file at a kernel path belongs to
# exactly one patch, and every listed file exists.
check_overlays() {
	local p f
	declare -gA OWNER=()
	for p in $(series_list); do
		[ -f "$ROOT/patches/$p" ] || die "patches/series lists $p, but patches/$p does not exist"
		for f in $(patch_overlay "$ROOT/patches/$p"); do
			[ -n "${OWNER[$f]:-}" ] && die "$f is listed in Overlay: of both patches/${OWNER[$f]} and patches/$p"
			[ -f "$ROOT/$f" ] || die "patches/$p lists Overlay: $f, which does not exist in the repository"
			OWNER[$f]=$p
		done
	done
	local missing=()
	while read -r f; do
		[ -n "$f" ] && [ -z "${OWNER[$f]:-}" ] && missing+=("$f")
	done < <(overlay_candidates)
	[ ${#missing[@]} -eq 0 ] && return 0
	[ "${ALLOW_UNLISTED:-0}" = 1 ] &&
		{ msg "warning: left out, not listed in any Overlay: header: ${missing[*]}"; return 0; }
	die "not listed in any patch's Overlay: header: ${missing[*]} (ALLOW_UNLISTED=1 leaves them out)"
}

build_series() {
	local parent i=0 p f tree mode author
	idx=$(mktemp) work=$(mktemp -d)
	trap 'rm -rf "$idx" "$work"' EXIT
	parent=$(git -C "$TREE" rev-parse 'base^{commit}')
	GIT_INDEX_FILE=$idx git -C "$TREE" read-tree base
	for p in $(series_list); do
		i=$((i + 1))
		rm -rf "$work/p"
		python3 "$ROOT/scripts/patchfile.py" split "$ROOT/patches/$p" "$work/p"
		if [ -s "$work/p/diff" ]; then
			if ! (cd "$TREE" && GIT_INDEX_FILE=$idx git apply --cached "$work/p/diff") 2>"$work/err"; then
				sed 's/^/    /' "$work/err" >&2
				die "patches/$p does not apply (see git apply's message above)"
			fi
		fi
		while read -r f; do
			[ -n "$f" ] || continue
			mode=100644
			[ -x "$ROOT/$f" ] && mode=100755
			GIT_INDEX_FILE=$idx git -C "$TREE" update-index --add --cacheinfo \
				"$mode,$(git -C "$TREE" hash-object -w "$ROOT/$f"),$f"
		done <"$work/p/overlay"
		tree=$(GIT_INDEX_FILE=$idx git -C "$TREE" write-tree)
		author=$(cat "$work/p/author")
		parent=$(GIT_AUTHOR_NAME=${author% <*} GIT_AUTHOR_EMAIL=$(sed 's/.*<\(.*\)>.*/\1/' <<<"$author") \
			GIT_COMMITTER_NAME=$GCMA_NAME GIT_COMMITTER_EMAIL=$GCMA_EMAIL \
			GIT_AUTHOR_DATE="@$((GCMA_EPOCH + i * 60)) +0000" \
			GIT_COMMITTER_DATE="@$((GCMA_EPOCH + i * 60)) +0000" \
			git -C "$TREE" commit-tree "$tree" -p "$parent" -F "$work/p/message")
	done
	NEW=$parent
	NPATCHES=$i
}

# Refuse to throw away work done inside build/linux.
check_tree_safe() {
	local cur=$1 assembled refreshed f bad=()
	[ "${FORCE:-0}" = 1 ] && return 0
	[ -d "$TREE/.git/rebase-merge" ] || [ -d "$TREE/.git/rebase-apply" ] &&
		die "a rebase is in progress in build/linux; finish it (or FORCE=1)"
	[ "$(git -C "$TREE" symbolic-ref -q HEAD)" = refs/heads/series ] ||
		die "build/linux is not on branch 'series'; check it out (or FORCE=1)"
	assembled=$(git -C "$TREE" rev-parse -q --verify refs/gcma/assembled || true)
	refreshed=$(git -C "$TREE" rev-parse -q --verify refs/gcma/refreshed || true)
	if [ "$cur" != "$NEW" ] && [ "$cur" != "$assembled" ] && [ "$cur" != "$refreshed" ] &&
		[ "$cur" != "$(git -C "$TREE" rev-parse 'base^{commit}')" ]; then
		die "build/linux has commits that are not in patches/ (HEAD $(git -C "$TREE" rev-parse --short HEAD)); run 'make refresh' first (or FORCE=1 to drop them)"
	fi
	while IFS= read -r f; do
		[ -n "$f" ] || continue
		if [ -n "${OWNER[$f]:-}" ] && cmp -s "$TREE/$f" "$ROOT/$f"; then
			continue
		fi
		bad+=("$f")
	done < <(git -C "$TREE" diff --name-only HEAD)
	[ ${#bad[@]} -eq 0 ] ||
		die "build/linux has uncommitted changes not brought back by 'make refresh': ${bad[*]} (run 'make refresh', or FORCE=1 to drop them)"
	return 0
}

main() {
	mkdir -p "$BUILD"
	git -C "$TREE" rev-parse -q --verify refs/tags/base >/dev/null 2>&1 || make_base
	check_overlays
	build_series
	local cur
	cur=$(git -C "$TREE" rev-parse HEAD)
	check_tree_safe "$cur"
	if [ "$cur" = "$NEW" ] && git -C "$TREE" diff --quiet HEAD; then
		msg "build/linux is up to date: series at $(git -C "$TREE" rev-parse --short "$NEW") ($NPATCHES patches)"
	else
		git -C "$TREE" symbolic-ref HEAD refs/heads/series
		git -C "$TREE" reset -q --hard "$NEW"
		msg "build/linux: series at $(git -C "$TREE" rev-parse --short "$NEW") ($NPATCHES patches)"
	fi
	git -C "$TREE" update-ref refs/gcma/assembled "$NEW"
}

main "$@"
