# SPDX-License-Identifier: GPL-2.0
"""The names every role of the report shares: what a run's cells are
(configurations, pressures, paths, the cost workloads), what makes a call
of a full cell count (FULL), and LATS, every cell's timed calls, which
rows.make_row() fills and the tables and targets read.  Use them as
common.NAME, so that there is one of each."""

CONFIGS = ["stock", "gcma", "gcma-lend", "stock-defer", "gcma-defer"]
PRESSURES = ["idle", "anon", "cache", "pin", "all", "reread", "appstart", "swap", "cost"]
PATHS = ["cma", "heap"]
# the paths a pressure times, where not all of them
PRESSURE_PATHS = {"swap": ["cma"], "appstart": [], "cost": []}
PATH_NAME = {"cma": "cma_alloc", "heap": "dma-heap", "memset": "memset"}
# the cost pressure: workloads that get no copies, their throughput
# (median of one-second samples) against stock's (targets.COST_*)
COST_WORKLOADS = {"tmpfs": "tmpfs: 64 KiB files created, truncated, unlinked (files/s)",
                  "read": "streaming reads, ext4 data=journal (no opt-in; MiB/s)",
                  "swap": "swap out and in, lend_swap off (pages/s)"}
FULL = 0.9              # a full cell's call counts when it took back this much of its range
LATS = {}               # (config, pressure, path, size[, "hit"]) -> sorted timed calls, us
