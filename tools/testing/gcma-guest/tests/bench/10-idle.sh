#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Benchmark: the floor (memset of each size) and every allocation on the
# idle guest, the reference the loaded cells are compared with.
. ./lib.sh

for s in $sizes; do
	cell idle memset "$s"
done
cells idle
exit 0
