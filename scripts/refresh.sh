#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# make refresh: bring the work done inside build/linux back into the repo.
#
# Every commit base..series becomes one patches/*.patch (matched to the
# existing file by subject; new commits get new files appended to
# patches/series): Subject/From/body from the commit, Overlay: the files
# of the commit that are overlay files, the diff its changes to all other
# (upstream) files.  Overlay files are files the repo keeps whole: those
# listed in an Overlay: header and every file base does not have.  They
# are copied back from build/linux's work tree, uncommitted edits included.
# Uncommitted changes to upstream files are refused: commit them to the
# commit they belong to first.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

[ -d "$TREE/.git" ] || die "no build/linux; run 'make tree' first"
cd "$TREE"
[ -d .git/rebase-merge ] || [ -d .git/rebase-apply ] && die "a rebase is in progress in build/linux; finish it first"
[ "$(git symbolic-ref -q HEAD)" = refs/heads/series ] || die "build/linux is not on branch 'series'"

declare -A OVL=() OWNER=() BYSUBJ=() USED=()
OLD=()
for p in $(series_list); do
	OLD+=("$p")
	[ -f "$ROOT/patches/$p" ] || continue
	for f in $(patch_overlay "$ROOT/patches/$p"); do OVL[$f]=1; done
	s=$(awk '/^$/ { exit } /^Subject:/ { sub(/^Subject:[[:space:]]*(\[PATCH[^]]*\][[:space:]]*)?/, ""); print }' "$ROOT/patches/$p")
	[ -n "${BYSUBJ[$s]:-}" ] || BYSUBJ[$s]=$p
done
while IFS= read -r f; do [ -n "$f" ] && OVL[$f]=1; done < <(git diff --name-only --no-renames --diff-filter=A base HEAD)

bad=()
while IFS= read -r f; do
	[ -n "$f" ] && [ -z "${OVL[$f]:-}" ] && bad+=("$f")
done < <(git diff --name-only HEAD)
if [ ${#bad[@]} -gt 0 ]; then
	printf '  %s\n' "${bad[@]}" >&2
	die "uncommitted changes to upstream files (above): commit each to the commit it belongs to
  (git commit --fixup=<commit> && git rebase -i --autosquash base), then rerun 'make refresh'"
fi
untracked=$(git ls-files --others --exclude-standard)
[ -z "$untracked" ] || msg "warning: untracked files in build/linux are not part of the series (git add + commit them): $(echo $untracked)"

next=$(for p in "${OLD[@]}"; do echo "${p%%-*}"; done | grep -E '^[0-9]+$' | sort -n | tail -n1)
next=$((10#${next:-0} + 1))
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
NEW=()
changed=0
for c in $(git rev-list --reverse base..HEAD); do
	subject=$(git log -1 --format=%s "$c")
	name=${BYSUBJ[$subject]:-}
	if [ -z "$name" ] || [ -n "${USED[$name]:-}" ]; then
		slug=$(tr 'A-Z' 'a-z' <<<"$subject" | sed -E 's/[^a-z0-9]+/-/g; s/^-+//' | cut -c1-52 | sed 's/-*$//')
		name=$(printf '%04d-%s.patch' "$next" "$slug")
		next=$((next + 1))
	fi
	USED[$name]=1
	NEW+=("$name")
	: >"$work/overlay"
	excludes=()
	for f in "${!OVL[@]}"; do excludes+=(":(exclude)$f"); done
	while IFS= read -r f; do
		[ -n "$f" ] && [ -n "${OVL[$f]:-}" ] || continue
		if [ -n "${OWNER[$f]:-}" ]; then
			msg "warning: $(git log -1 --format='%h %s' "$c") changes $f, which ${OWNER[$f]} owns: overlay files have one owner, so the change goes into ${OWNER[$f]}"
			continue
		fi
		OWNER[$f]=$name
		echo "$f" >>"$work/overlay"
	done < <(git diff-tree --no-commit-id --name-only --no-renames -r "$c^" "$c" | sort)
	git -c diff.noprefix=false diff --no-color --no-ext-diff --no-textconv --no-renames "$c^" "$c" -- . "${excludes[@]}" >"$work/diff"
	git log -1 --format=%B "$c" >"$work/message"
	# Keep the order of an existing Overlay: header; new files go last.
	if [ -f "$ROOT/patches/$name" ]; then
		{ patch_overlay "$ROOT/patches/$name" | grep -Fxf "$work/overlay" || true
		  grep -Fvxf <(patch_overlay "$ROOT/patches/$name") "$work/overlay" || true; } >"$work/overlay.ordered"
		mv "$work/overlay.ordered" "$work/overlay"
	fi
	python3 "$ROOT/scripts/patchfile.py" write "$work/patch" --author "$(git log -1 --format='%an <%ae>' "$c")" \
		--overlay-file "$work/overlay" --message-file "$work/message" --diff-file "$work/diff"
	if ! cmp -s "$work/patch" "$ROOT/patches/$name"; then
		mkdir -p "$ROOT/patches"
		cp "$work/patch" "$ROOT/patches/$name"
		msg "patches/$name: updated from $(git log -1 --format='%h %s' "$c")"
		changed=$((changed + 1))
	fi
done

for f in "${!OVL[@]}"; do
	if [ ! -f "$f" ]; then
		[ -f "$ROOT/$f" ] && msg "warning: $f is gone from build/linux; remove it from the repo and its Overlay: header by hand"
		continue
	fi
	if ! cmp -s "$f" "$ROOT/$f"; then
		mkdir -p "$(dirname "$ROOT/$f")"
		install -m "$([ -x "$f" ] && echo 0755 || echo 0644)" "$f" "$ROOT/$f"
		msg "$f: copied back"
		changed=$((changed + 1))
	fi
done

for p in "${OLD[@]}"; do
	if [ -z "${USED[$p]:-}" ]; then
		msg "patches/$p: no commit in build/linux has its subject any more; removed from patches/series"
		rm -f "$ROOT/patches/$p"
	fi
done
if [ "${OLD[*]}" != "${NEW[*]}" ]; then
	{
		[ -f "$ROOT/patches/series" ] && grep -E '^#' "$ROOT/patches/series"
		printf '%s\n' "${NEW[@]}"
	} >"$work/series" || true
	cp "$work/series" "$ROOT/patches/series"
	msg "patches/series: rewritten (${#NEW[@]} patches)"
	changed=$((changed + 1))
fi
git update-ref refs/gcma/refreshed HEAD
msg "refreshed ${#NEW[@]} commits; $changed files changed in the repo"
