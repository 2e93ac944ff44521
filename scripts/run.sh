#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# make run: build what is needed and boot the x86_64 guest with the demo
# test set (tools/testing/gcma-guest/tests/demo), console on the terminal.
# RUN_CMDLINE, RUN_MEM and RUN_SET override the defaults.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

"$ROOT/scripts/setup.sh"
"$ROOT/scripts/assemble.sh"
"$ROOT/scripts/build-kernel.sh" x86_64
"$ROOT/scripts/mkinitramfs.sh" x86_64
TEE=1 "$ROOT/scripts/boot.sh" x86_64 run "${RUN_MEM:-1024}" \
	"${RUN_CMDLINE:-cma=256M,guaranteed}" 600 "${RUN_SET:-demo}"
grep -q 'GCMATEST: done' "$OUT/logs/x86_64-run.log" ||
	die "the guest did not finish (see out/logs/x86_64-run.log)"
