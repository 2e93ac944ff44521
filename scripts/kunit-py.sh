#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# The series' KUnit suites run the way kernel developers run them:
#
#   ./tools/testing/kunit/kunit.py run --kunitconfig=mm/tests \
#	--arch=x86_64 --kernel_args=cma=64M,guaranteed
#
# in build/linux, with its own small kernel (mm/tests/.kunitconfig on
# kunit.py's defaults, no debugging options) built into build/kunit-x86_64
# with ccache.  make check runs this once, so that the .kunitconfig and the
# suites cannot rot for kunit.py users; the console goes to
# out/logs/x86_64-kunit-py.log (--raw_output=all), which the results
# parser reads like a boot's: every KUnit case counts, a splat fails.
# "GCMATEST: done" is added when the kernel reached kunit_shutdown, i.e.
# ran every suite.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

LOG=$OUT/logs/x86_64-kunit-py.log
mkdir -p "$OUT/logs" "$CCACHE_DIR"
[ -f "$TREE/Makefile" ] || die "no kernel tree in $TREE; run 'make tree'"
exec 9>"$BUILD/.build.lock"
flock -n 9 || { msg "waiting for another kernel build to finish"; flock 9; }

cd "$TREE"
rc=0
python3 tools/testing/kunit/kunit.py run --kunitconfig=mm/tests \
	--arch=x86_64 --kernel_args=cma=64M,guaranteed \
	--build_dir="$BUILD/kunit-x86_64" --jobs="${JOBS:-2}" \
	--make_options CC="ccache gcc" --make_options HOSTCC="ccache gcc" \
	--timeout=900 --raw_output=all >"$LOG" 2>&1 || rc=$?
echo "$rc" >"$LOG.rc"
if [ "$rc" = 0 ] && grep -q '^reboot: Restarting system' "$LOG"; then
	echo "GCMATEST: done" >>"$LOG"
fi
msg "kunit.py: exit status $rc, console in $LOG"
exit "$rc"
