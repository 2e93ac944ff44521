#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# make series: export base..series of build/linux as mail-ready patches in
# out/series (cover letter from patches/cover-letter.txt: first line the
# subject, the rest the blurb), then verify them: 'git am' onto a fresh
# worktree at base must succeed, and scripts/checkpatch.pl --strict must
# report no error, warning or check on any patch.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

DEST=$OUT/series
AMTREE=$BUILD/am-check
[ -d "$TREE/.git" ] || die "no build/linux; run 'make tree' first"
cd "$TREE"
[ "$(git rev-parse series)" = "$(git rev-parse -q --verify refs/gcma/assembled || true)" ] ||
	msg "warning: branch series differs from what 'make tree' assembled; exporting it as it is (run 'make refresh')"

n=$(git rev-list --count base..series)
rm -rf "$DEST"
mkdir -p "$DEST"
if [ "$n" = 0 ]; then
	msg "the series is empty: nothing to export"
	exit 0
fi
git -c user.name="$GCMA_NAME" -c user.email="$GCMA_EMAIL" -c diff.noprefix=false -c format.signature= format-patch -q --cover-letter --no-renames -o "$DEST" base..series
cover=$(ls "$DEST"/0000-cover-letter.patch)
python3 - "$cover" "$ROOT/patches/cover-letter.txt" <<'PY'
import sys
cover, src = sys.argv[1], sys.argv[2]
try:
    lines = open(src).read().split("\n")
except OSError:
    lines = ["GCMA: guaranteed contiguous memory allocator", "", "(patches/cover-letter.txt is missing)"]
subject = lines[0].strip()
blurb = "\n".join(lines[1:]).strip("\n")
t = open(cover).read()
t = t.replace("*** SUBJECT HERE ***", subject).replace("*** BLURB HERE ***", blurb)
open(cover, "w").write(t)
PY
msg "exported $n patches + cover letter to ${DEST#"$ROOT"/}"

status=0
# git am onto a pristine base.
if [ ! -e "$AMTREE/.git" ]; then
	git worktree prune
	msg "creating the git am worktree ${AMTREE#"$ROOT"/} (once)"
	git worktree add -q --detach "$AMTREE" base
fi
(
	cd "$AMTREE"
	git am --abort >/dev/null 2>&1 || true
	git reset -q --hard base
	git clean -qfdx
	git -c user.name="$GCMA_NAME" -c user.email="$GCMA_EMAIL" am -q $(ls "$DEST"/0[0-9][0-9][0-9]-*.patch | grep -v /0000-cover-letter.patch) 2>&1 |
		grep -v '^$' || true
	[ "$(git rev-list --count base..HEAD)" = "$n" ]
) && echo "git am: all $n patches apply to base" || {
	echo "git am: FAILED to apply the series to base (see above)"
	status=1
}

# checkpatch --strict: any error, warning or check fails, with one
# exception.  checkpatch flags the page-flag helpers (__SetPageReserved()
# and the like) as CamelCase because macros generate them and it cannot
# find their definitions; such a check is listed, not counted.
PAGEFLAG_CAMELCASE='^CHECK: Avoid CamelCase: <(__)?(Set|Clear|TestSet|TestClear)?Page[A-Z][A-Za-z]*>$'
for p in "$DEST"/0[0-9][0-9][0-9]-*.patch; do
	case $p in */0000-cover-letter.patch) continue ;; esac
	out=$(perl scripts/checkpatch.pl --strict --no-color "$p" 2>&1 || true)
	total=$(grep -E '^total: [0-9]+ errors, [0-9]+ warnings, [0-9]+ checks' <<<"$out" | tail -n1)
	tolerated=$(grep -cE "$PAGEFLAG_CAMELCASE" <<<"$out" || true)
	if [[ $total =~ ^total:\ 0\ errors,\ 0\ warnings,\ ([0-9]+)\ checks ]] &&
	   [ "${BASH_REMATCH[1]}" = "$tolerated" ]; then
		if [ "$tolerated" = 0 ]; then
			echo "checkpatch: ${p##*/}: clean"
		else
			echo "checkpatch: ${p##*/}: clean but for $tolerated page-flag CamelCase check(s):"
			grep -E "$PAGEFLAG_CAMELCASE" <<<"$out" | sed 's/^/    /'
		fi
	else
		echo "checkpatch: ${p##*/}: ${total:-no result}"
		sed 's/^/    /' <<<"$out"
		status=1
	fi
done
[ $status = 0 ] && echo "series: OK ($n patches)" || echo "series: FAILED"
exit $status
