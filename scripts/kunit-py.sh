#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# The series' KUnit suites run the way kernel developers run them:
#
#   ./tools/testing/kunit/kunit.py run --kunitconfig=mm/tests \
#	--arch=x86_64 --kernel_args=cma=64M,guaranteed
#
# in build/linux, with its own small kernel (mm/tests/.kunitconfig on
# kunit.py's defaults, no debugging options) built into build/kunit-ARCH
# with ccache: kunit-py.sh [x86_64|arm64] (x86_64 by default; arm64 is
# --arch=arm64 --cross_compile=aarch64-linux-gnu-).  make check runs this
# when asked (KUNIT_PY), so that the .kunitconfig and the suites cannot
# rot for kunit.py users; the console goes to
# out/logs/ARCH-kunit-py.log (--raw_output=all), which the results
# parser reads like a boot's: every KUnit case counts, a splat fails.
# "GCMATEST: done" is added when the kernel reached kunit_shutdown, i.e.
# ran every suite.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

ARCH_NAME=${1:-x86_64}
case $ARCH_NAME in
x86_64) KARGS=() ;;
arm64) KARGS=(--cross_compile="$(arch_cross arm64)") ;;
*) die "usage: kunit-py.sh [x86_64|arm64]" ;;
esac
CC="ccache $(arch_cross "$ARCH_NAME")gcc"
LOG=$OUT/logs/$ARCH_NAME-kunit-py.log
mkdir -p "$OUT/logs" "$CCACHE_DIR"
[ -f "$TREE/Makefile" ] || die "no kernel tree in $TREE; run 'make tree'"
exec 9>"$BUILD/.build.lock"
flock -n 9 || { msg "waiting for another kernel build to finish"; flock 9; }

cd "$TREE"
rc=0
python3 tools/testing/kunit/kunit.py run --kunitconfig=mm/tests \
	--arch="$ARCH_NAME" "${KARGS[@]}" --kernel_args=cma=64M,guaranteed \
	--build_dir="$BUILD/kunit-$ARCH_NAME" --jobs="${JOBS:-2}" \
	--make_options CC="$CC" --make_options HOSTCC="ccache gcc" \
	--timeout=900 --raw_output=all >"$LOG" 2>&1 || rc=$?
echo "$rc" >"$LOG.rc"
if [ "$rc" = 0 ] && grep -q '^reboot: Restarting system' "$LOG"; then
	echo "GCMATEST: done" >>"$LOG"
fi
msg "kunit.py $ARCH_NAME: exit status $rc, console in $LOG"
exit "$rc"
