#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# make check's smoke of make bench (BENCH_QUICK): the swap pressure, on a
# few MiB paged out after every pass (MADV_PAGEOUT) so that they go
# through swap all the same, measured alone for 2 s.
cd ../bench && exec ./70-swap.sh
