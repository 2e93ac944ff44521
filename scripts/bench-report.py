#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Turn the raw output of make bench into tables and plots.

usage: bench-report.py DIR
       bench-report.py --from RAW.tar.gz DIR

DIR/raw/host.txt describes the run (QEMU, parameters, the plan),
DIR/raw/CONFIG.log is the console of one boot, whose "BENCH: " lines (see
tools/testing/gcma-guest/tests/bench/lib.sh) hold every call: its latency
or failure, whether defer-free served it, the warm-up calls, what the
programs wrote to stderr, and the counters before and after each cell
(DIR/raw/CONFIG.txt, those lines alone, stands in for a missing console).
Writes DIR/results.md, results.csv, results.json, DIR/raw.tar.gz (host.txt
and the consoles, all that the report is computed from) and, with gnuplot,
DIR/cdf-PATH-SIZE.png: the latency CDF of every configuration under
combined pressure (and DIR/cdf-reread-PATH-SIZE.png under the file re-read
workload, DIR/cdf-swap-cma-SIZE.png under the anonymous swap workload,
when the run has them).

A run with the re-read pressure or a lending area (BENCH: window and lent
lines, lend_* counters, calls that tell the lent pages they took back)
adds its columns to results.csv and results.json, the re-read table and
targets to results.md; a run with the swap pressure (BENCH: faults lines
too) its columns, tables and targets; a run without them gives the same
files as before.

With --from, everything is recomputed from RAW.tar.gz alone (a raw.tar.gz
this script wrote, e.g. results/bench/raw.tar.gz) into DIR.

Exit status 3: the report is written, but the run does not match its plan
(a cell with more or fewer calls than planned, a missing cell, a program
that wrote errors or exited abnormally); see "Checks" in results.md.
"""
import csv
import gzip
import io
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile

CONFIGS = ["stock", "gcma", "gcma-lend", "stock-defer", "gcma-defer"]
PRESSURES = ["idle", "anon", "cache", "pin", "all", "reread", "swap", "cost"]
PATHS = ["cma", "heap"]
# the paths a pressure times, where not all of them
PRESSURE_PATHS = {"swap": ["cma"], "cost": []}
PATH_NAME = {"cma": "cma_alloc", "heap": "dma-heap", "memset": "memset"}
LOADS = {"churn": "churn MB/s", "stream": "stream MB/s", "pin": "pin reads/s"}
# counters whose change over each cell goes into the rows
DELTAS = ("pgmigrate_success", "pgmigrate_fail", "cma_alloc_fail", "alloc_pages_fail",
          "defer_free_hits", "defer_free_misses", "defer_free_drained_pages",
          "defer_free_shrunk_pages")
# the same, for the re-read pressure and lending areas (runs that have them)
LEND_DELTAS = ("lend_stored", "lend_loaded", "lend_evicted", "lend_invalidated",
               "lend_taken_back", "disk_read_sectors")
# each configuration's curve keeps its colour whatever else a plot shows
# (the first four are gnuplot's own first four, as in the plots before)
COLOURS = {"stock": "#9400d3", "gcma": "#009e73", "stock-defer": "#56b4e9",
           "gcma-defer": "#e69f00", "gcma-lend": "#e51e10"}
# the targets of the re-read workload (the lending issue)
REREAD_RECOVERY = 0.8   # of the throughput gcma loses against stock
REREAD_LENT = 0.9       # of the idle area lent while the load runs alone
REREAD_P99 = 2          # gcma-lend's 32 MiB p99 under it over gcma's idle p99
# the same for the swap workload: cycle, in counters of the swap load
SWAP_DELTAS = ("pswpin", "pswpout", "pgmajfault", "swap_stored", "swap_loaded",
               "swap_invalidated", "swap_evicted", "swap_taken_back")
SWAP_SHARE = 0.5        # of gcma's device swap-ins per pass, served from gcma-lend's area
SWAP_P99 = 2            # gcma-lend's 32 MiB p99 under it over gcma's idle p99
# the cost pressure: workloads that get no copies, their throughput
# (median of one-second samples) against stock's
COST_WORKLOADS = {"tmpfs": "tmpfs: 64 KiB files created, truncated, unlinked (files/s)",
                  "read": "streaming reads, ext4 data=journal (no opt-in; MiB/s)",
                  "swap": "swap out and in, lend_swap off (pages/s)"}
COST_IO = ("read",)     # waits for the disk: under -icount judged by units per CPU second
COST_OFF = 0.02         # guaranteed, lending off: at most this much below stock
COST_ON = 0.05          # guaranteed, lending on: at most this much below stock
# a tail percentile is reported only when it is not the maximum: the
# nearest-rank p99 of fewer than 100 samples (p90 of fewer than 10) is
MIN_N = {90: 10, 99: 100}
FULL = 0.9              # a full cell's call counts when it took back this much of its range
BOOT_REPS = 2000        # bootstrap resamples of a ratio's interval
BOOT_SEED = 1           # fixed, so that a report rebuilds byte for byte
LATS = {}               # (config, pressure, path, size[, "hit"]) -> sorted timed calls, us
NA = "—"  # a percentile that this many samples does not have


def percentile(v, pct):
    """Nearest rank of sorted v, as stats.h does in the guest; None for no
    samples, or for a tail percentile (p90, p99) that would be the maximum."""
    n = len(v)
    if not n:
        return None
    i = max(0, (pct * n + 99) // 100 - 1)
    if pct > 50 and i >= n - 1:
        return None
    return v[min(i, n - 1)]


def kv(words):
    out = {}
    for w in words:
        k, _, v = w.partition("=")
        out[k] = v
    return out


def new_cell():
    # taken: (kind, pages) of each call that told the lent pages it took back
    # fill: a full cell's waits (ms); trace: its gcma_take_back events
    return {"lat": [], "fail": [], "warm": [], "warm_fail": [], "free": [], "err": [], "rc": None, "plan": None,
            "taken": [], "fill": [], "trace": []}


def bench_lines(raw, config):
    """The BENCH: lines of one boot, as scripts/bench.sh extracts them
    (grep -a 'BENCH: ' | sed 's/^.*BENCH: //'), from the console if there
    is one, else from CONFIG.txt."""
    log = os.path.join(raw, config + ".log")
    if os.path.exists(log):
        with open(log, "rb") as f:
            data = f.read()
        for line in data.split(b"\n"):
            if b"BENCH: " in line:
                yield line.rsplit(b"BENCH: ", 1)[1].decode(errors="replace")
        return
    with open(os.path.join(raw, config + ".txt"), "rb") as f:
        for line in f.read().split(b"\n"):
            yield line.decode(errors="replace")


def parse(lines):
    """Raw lines -> info, cells, snaps, loads, ready, windows, lent, faults.
    Understands the lines of runs before warm-up and tags (lat_us CELL
    USEC, fail CELL ERRNO) and before the lent pages taken back (no fifth
    field)."""
    info, cells, snaps, loads, ready, windows, lent, faults = {}, {}, {}, [], {}, {}, {}, {}
    for line in lines:
        w = line.split()
        if len(w) < 2:
            continue
        if w[0] == "info":
            info.update(kv(w[1:]))
        elif w[0] in ("lat_us", "warm_us", "fail", "warm_fail") and len(w) in (3, 4, 5):
            c = cells.setdefault(w[1], new_cell())
            tag = w[3] if len(w) >= 4 else None
            try:
                v = float(w[2])
                taken = int(w[4]) if len(w) == 5 else None
            except ValueError:
                continue
            key = {"lat_us": "lat", "warm_us": "warm"}.get(w[0], w[0])
            c[key].append((v, tag))
            if taken is not None:
                c["taken"].append((key, taken))
        elif w[0] == "fill_ms" and len(w) == 3:
            try:
                cells.setdefault(w[1], new_cell())["fill"].append(float(w[2]))
            except ValueError:
                continue
        elif w[0] == "takeback" and len(w) == 5:
            t = kv(w[2:])
            try:
                cells.setdefault(w[1], new_cell())["trace"].append(
                    (int(t["count"]), int(t["lent"]), int(t["ns"])))
            except (KeyError, ValueError):
                continue
        elif w[0] == "free_us" and len(w) == 3:
            try:
                cells.setdefault(w[1], new_cell())["free"].append(float(w[2]))
            except ValueError:
                continue
        elif w[0] == "plan" and len(w) == 4:
            cells.setdefault(w[1], new_cell())["plan"] = (int(w[2]), int(w[3]))
        elif w[0] == "err" and len(w) >= 2:
            cells.setdefault(w[1], new_cell())["err"].append(" ".join(w[2:]))
        elif w[0] == "rc" and len(w) == 3:
            cells.setdefault(w[1], new_cell())["rc"] = int(w[2]) if w[2].lstrip("-").isdigit() else w[2]
        elif w[0] == "snap" and len(w) > 3:
            snaps.setdefault(w[1], {})[w[2]] = kv(w[3:])
        elif w[0] == "window" and len(w) > 3:
            windows.setdefault(w[1], {})[w[2]] = kv(w[3:])
        elif w[0] == "lent" and len(w) > 2:
            lent[w[1]] = kv(w[2:])
        elif w[0] == "faults" and len(w) > 3:
            faults.setdefault(w[1], {})[w[2]] = kv(w[3:])
        elif w[0] == "ready" and len(w) == 3:
            ready[w[1]] = w[2]
        elif w[0] == "load":
            loads.append(" ".join(w[1:]))
    return info, cells, snaps, loads, ready, windows, lent, faults


def parse_cost(lines):
    """The cost pressure's lines -> {workload: {"samples": [rate...],
    "total": {...}, "snap": {"before": {...}, "after": {...}}}}."""
    cost = {}
    for line in lines:
        w = line.split()
        if len(w) < 3 or w[0] != "cost":
            continue
        if w[1] == "sample" and len(w) == 5:
            try:
                cost.setdefault(w[2], {}).setdefault("samples", []).append(float(w[4]))
            except ValueError:
                continue
        elif w[1] == "total":
            cost.setdefault(w[2], {})["total"] = kv(w[3:])
        elif w[1] == "snap" and len(w) > 4:
            cost.setdefault(w[2], {}).setdefault("snap", {})[w[3]] = kv(w[4:])
    return cost


def cost_summary(cost):
    """Per workload: samples, their median, the total rate, copies made."""
    out = {}
    for wl, d in cost.items():
        v = sorted(d.get("samples", []))
        tot = d.get("total", {})
        busy = float(tot["busy_s"]) if "busy_s" in tot else None
        out[wl] = {"samples": len(v), "median": statistics.median(v) if v else None,
                   "rate": float(tot["rate"]) if "rate" in tot else None,
                   "per_cpu_s": float(tot["units"]) / busy if busy else None,
                   "stored": sum(delta(d.get("snap", {}), k) or 0
                                 for k in ("lend_stored", "swap_stored")),
                   "pswpin": delta(d.get("snap", {}), "pswpin")}
    return out


def cost_table(L, meta, configs):
    cost = meta["cost"]
    L.append("## What lending costs others: workloads that get no copies\n")
    L.append(f"Each workload ran {meta.get('cost_s', '?')} s alone in each configuration, nothing "
             "allocating (the `cost` pressure, src/cost.c). Throughput: the median of its one-second "
             "samples (`n`); `/stock`: over stock's. Target: guaranteed without lending (`gcma`) "
             f"within {COST_OFF:.0%} of stock, lending (`gcma-lend`) within {COST_ON:.0%}. "
             "`copies`: lend_stored + swap_stored during the workload (must be 0). The stock "
             "guest has the area's memory for its page cache and anonymous pages too; each "
             "workload is sized so that this does not change its rate (a file larger than "
             "memory, a swap set paged out whole each pass)."
             + (f" The guests ran with QEMU's `-icount shift={meta['icount']},sleep=on`: their "
                "clock counted instructions while they ran, so a rate is work per instruction, "
                "free of the host's noise (an idle guest's clock, waiting for the disk, ran in "
                "host time)." if meta.get("icount") else
                " The guests' clock was the host's: a rate carries the host's noise.") + "\n")
    L.append("`per CPU s`: units over the CPU time all CPUs were busy meanwhile (/proc/stat, kswapd "
             "included): the work a CPU second does, which under `-icount` judges a workload that "
             "waits for the disk (its rate counts the waits).\n")
    L.append("| workload | config | n | median | /stock | per CPU s | /stock | target | copies |")
    L.append("| --- | --- | ---: | ---: | ---: | ---: | ---: | --- | ---: |")
    for wl, name in COST_WORKLOADS.items():
        st = cost.get("stock", {}).get(wl)
        for c in configs:
            r = cost.get(c, {}).get(wl)
            if not r:
                continue
            x = ratio(r["median"], st and st["median"])
            xc = ratio(r.get("per_cpu_s"), st and st.get("per_cpu_s"))
            lim = COST_OFF if c == "gcma" else COST_ON if c == "gcma-lend" else None
            judge, by = x, ""
            if meta.get("icount") and wl in COST_IO:
                judge, by = xc, "per CPU s: "
            target = NA
            if lim is not None and judge is not None:
                target = by + ("met" if judge >= 1 - lim else "**missed**") + f" (>= {1 - lim:.2f})"
            L.append(f"| {name} | {c} | {r['samples']} | {fmt_n(r['median'])} "
                     f"| {'%.3f' % x if x is not None else NA} | {fmt_n(r.get('per_cpu_s'))} "
                     f"| {'%.3f' % xc if xc is not None else NA} | {target} | {r['stored']} |")
    L.append("")


def delta(snap, key):
    try:
        return int(snap["after"][key]) - int(snap["before"][key])
    except (KeyError, ValueError):
        return None


def fmt_ms(us, n=None):
    """A time in ms; NA for a percentile the samples do not have."""
    if us is None:
        return NA if n else "-"
    ms = us / 1000
    return f"{ms:.3f}" if ms < 1 else f"{ms:.2f}" if ms < 10 else f"{ms:.1f}" if ms < 100 else f"{ms:.0f}"


def fmt_x(r):
    if r is None:
        return "-"
    return f"{r:.2f}x" if r < 10 else f"{r:.0f}x"


def ratio(a, b):
    return a / b if a is not None and b else None


def read_host(raw):
    host = {}
    with open(os.path.join(raw, "host.txt")) as f:
        for line in f:
            if line.startswith("qemu="):
                host["qemu"] = line[5:].strip()
                continue
            for w in line.split():
                if "=" in w:
                    k, _, v = w.partition("=")
                    host[k] = v
    return host


def raw_files(raw, configs):
    """What the report is computed from: host.txt and each boot's console
    (or its BENCH: lines when there is no console)."""
    names = ["host.txt"]
    for c in configs:
        names.append(c + ".log" if os.path.exists(os.path.join(raw, c + ".log")) else c + ".txt")
    return names


def write_archive(path, raw, names):
    """raw/NAME for each name in a .tar.gz that is the same bytes for the
    same files (no dates, owners or modes)."""
    with open(path, "wb") as f, gzip.GzipFile(fileobj=f, mode="wb", mtime=0, filename="") as gz, \
            tarfile.open(fileobj=gz, mode="w", format=tarfile.USTAR_FORMAT) as tar:
        for name in names:
            with open(os.path.join(raw, name), "rb") as src:
                data = src.read()
            ti = tarfile.TarInfo("raw/" + name)
            ti.size, ti.mtime, ti.mode = len(data), 0, 0o644
            tar.addfile(ti, io.BytesIO(data))


def read_archive(path, raw):
    """Unpack the regular files raw/NAME of a raw.tar.gz into raw/."""
    n = 0
    with tarfile.open(path, "r:gz") as tar:
        for ti in tar.getmembers():
            name = ti.name[4:] if ti.name.startswith("raw/") else None
            if not ti.isfile() or not name or not re.fullmatch(r"[A-Za-z0-9._-]+", name):
                continue
            with tar.extractfile(ti) as src, open(os.path.join(raw, name), "wb") as dst:
                dst.write(src.read())
            n += 1
    if not os.path.exists(os.path.join(raw, "host.txt")):
        sys.exit(f"bench-report.py: {path} holds no raw/host.txt")
    return n


def main():
    args = sys.argv[1:]
    src = None
    if len(args) == 3 and args[0] == "--from":
        src, out = args[1], args[2]
    elif len(args) == 1 and not args[0].startswith("-"):
        out = args[0]
    else:
        sys.exit(__doc__.strip().split("\n\n")[1])
    tmp = None
    if src:
        os.makedirs(out, exist_ok=True)
        tmp = tempfile.mkdtemp(prefix="bench-report.")
        raw = tmp
        read_archive(src, raw)
    else:
        raw = os.path.join(out, "raw")
    try:
        return report(out, raw, src)
    finally:
        if tmp:
            shutil.rmtree(tmp)


def tags(calls):
    """(hits, misses, other, untagged) of a list of (value, tag)."""
    h = sum(1 for _, t in calls if t == "hit")
    m = sum(1 for _, t in calls if t == "miss")
    u = sum(1 for _, t in calls if t is None)
    o = sum(1 for _, t in calls if t == "?")
    return h, m, o, u


def report(out, raw, src):
    host = read_host(raw)
    configs = [c for c in CONFIGS + sorted(set(host.get("configs", "").split()) - set(CONFIGS))
               if os.path.exists(os.path.join(raw, c + ".log")) or os.path.exists(os.path.join(raw, c + ".txt"))]
    if not configs:
        sys.exit("bench-report.py: no raw results in " + raw)
    data = {c: parse(bench_lines(raw, c)) for c in configs}

    # the plan: which cells, how many calls
    sizes = [s for s in host.get("sizes", "").split(",") if s]
    for c in configs:
        for label in data[c][1]:
            s = label.split("/")[2]
            if s not in sizes and label.split("/")[1] != "full":
                sizes.append(s)
    sizes.sort(key=lambda s: float("inf") if s == "max" else float(s))
    pressures = [p for p in host.get("pressures", "").split(",") if p]
    if not pressures:  # a run before the plan was written down: what ran
        seen = {label.split("/")[0] for c in configs for label in data[c][1]}
        pressures = [p for p in PRESSURES if p in seen]
    planned = {}
    for pr in pressures:
        for pa in PRESSURE_PATHS.get(pr, PATHS) + (["memset"] if pr == "idle" else []):
            for s in sizes:
                n = int(host.get("iters_max" if s == "max" else "iters", 0) or 0)
                warm = None if "warmup" not in host else 0 if pa == "memset" else int(host["warmup"])
                planned[f"{pr}/{pa}/{s}"] = (n, warm)

    # the full cells, of the configurations that lend (a run since they exist)
    full = "full_sizes" in host
    planned_full = {}
    for pr in ("reread", "swap"):
        for s in host.get("full_sizes", "").split(","):
            if pr in pressures and s:
                warm = None if "warmup" not in host else int(host["warmup"])
                planned_full[f"{pr}/full/{s}"] = (int(host.get("full_iters", 0) or 0), warm)
                if s not in sizes:
                    sizes.append(s)
    sizes.sort(key=lambda s: float("inf") if s == "max" else float(s))

    ext = extended(data, pressures)
    checks, notes = [], []
    rows = []
    LATS.clear()
    for c in configs:
        info, cells, snaps = data[c][:3]
        plan = dict(planned, **(planned_full if info.get("lend") == "1" else {}))
        for label in sorted(set(plan) - set(cells)):
            checks.append(f"{c}: cell {label} is missing")
        for label in sorted(set(cells) - set(plan)):
            checks.append(f"{c}: cell {label} was not planned")
        for pr in PRESSURES:
            for pa in PATHS + ["memset", "full"]:
                for s in sizes:
                    label = f"{pr}/{pa}/{s}"
                    if label not in cells:
                        continue
                    cell = cells[label]
                    rows.append(make_row(c, pr, pa, s, label, info, cell, snaps.get(label, {}),
                                         plan.get(label), checks, ext, "swap" in pressures, full))

    idx = {(r["config"], r["pressure"], r["path"], r["size"]): r for r in rows}
    for r in rows:
        st = idx.get(("stock", r["pressure"], r["path"], r["size"]))
        idle = idx.get((r["config"], "idle", r["path"], r["size"]))
        floor = idx.get((r["config"], "idle", "memset", r["size"]))
        real = r["path"] != "memset"
        r["stock_over_p50"] = ratio(st and st["p50_us"], r["p50_us"]) if real else None
        r["stock_over_p99"] = ratio(st and st["p99_us"], r["p99_us"]) if real else None
        r["p50_vs_idle"] = ratio(r["p50_us"], idle and idle["p50_us"]) if real else None
        r["p99_vs_idle"] = ratio(r["p99_us"], idle and idle["p99_us"]) if real else None
        r["floor_us"] = floor and floor["p50_us"] if real else None
        if ext:
            g = idx.get(("gcma", r["pressure"], r["path"], r["size"]))
            r["takeback_us_per_page"] = takeback_cost(r, g) if real else None
    for pr in ("reread", "swap"):
        if pr not in pressures:
            continue
        for c in configs:
            windows, lent, faults = data[c][5], data[c][6], data[c][7]
            for wn in (f"{pr}/alone", f"{pr}/cells"):
                for side in ("before", "after"):
                    if side not in windows.get(wn, {}):
                        checks.append(f"{c}: no counters {side} the {wn} window")
                    if pr == "swap" and side not in faults.get(wn, {}):
                        checks.append(f"{c}: no swap load totals {side} the {wn} window")
                if wn not in lent:
                    checks.append(f"{c}: no lent pages sampled over the {wn} window")
    if "swap" in pressures:
        for c in configs:
            bad = swap_bad(data[c])
            if bad:
                checks.append(f"{c}: the swap load read back {bad} pages that were not what it "
                              "wrote (anon-cycle's bad=)")
    other = sum(r["tag_other"] or 0 for r in rows)
    if other:
        notes.append(f"{other} calls moved the defer-free counters by other than one hit or one "
                     "miss (tag ?): neither hits nor misses count them")

    kernel = sorted({data[c][0].get("kernel", "?") for c in configs})
    meta = dict(host)
    meta["kernel"] = ", ".join(kernel)
    meta["clocksource"] = ", ".join(sorted({data[c][0].get("clocksource", "?") for c in configs}))
    meta["configs"] = configs
    meta["pressures"] = pressures
    meta["max_mib"] = {c: data[c][0].get("max_mib") for c in configs}
    meta["warmup_s"] = {c: data[c][4] for c in configs}
    meta["mem_kb"] = {c: (data[c][0].get("mem_total_kb", 0), data[c][0].get("mem_available_kb", 0))
                      for c in configs}
    meta["loads"] = {c: data[c][3] for c in configs}
    meta["boot_counters"] = {c: boot_counters(data[c][2], ext) for c in configs}
    if ext:
        meta["lend"] = {c: data[c][0].get("lend") for c in configs}
        meta["cached_kb"] = {c: data[c][0].get("cached_kb") for c in configs}
    if "reread" in pressures:
        meta["reread"] = {c: reread_summary(data[c], host) for c in configs}
    if "swap" in pressures:
        meta["swap"] = {c: swap_summary(data[c], host) for c in configs}
    if "cost" in pressures:
        meta["cost"] = {c: cost_summary(parse_cost(bench_lines(raw, c))) for c in configs}
        for c in configs:
            for wl in COST_WORKLOADS:
                r = meta["cost"][c].get(wl)
                if not r or not r["samples"]:
                    checks.append(f"{c}: no samples of the cost workload {wl}")
                elif r["stored"]:
                    checks.append(f"{c}: the cost workload {wl} got {r['stored']} copies")
    meta["tagged"] = any(r["hits"] is not None for r in rows)
    release = release_rows(data, configs, sizes)
    if release:
        meta["release"] = release
    meta["checks"] = checks
    meta["notes"] = notes
    meta["raw"] = os.path.basename(src) if src else "raw.tar.gz"

    with open(os.path.join(out, "results.json"), "w") as f:
        json.dump({"meta": meta, "rows": rows}, f, indent=1)
    keys = list(rows[0].keys())
    with open(os.path.join(out, "results.csv"), "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=keys)
        w.writeheader()
        for r in rows:
            w.writerow({k: ("" if r.get(k) is None else r.get(k)) for k in keys})
    if not src:
        write_archive(os.path.join(out, "raw.tar.gz"), raw, raw_files(raw, configs))

    plots = plot(out, raw, configs, data, sizes)
    md = markdown(meta, configs, rows, idx, sizes, plots)
    with open(os.path.join(out, "results.md"), "w") as f:
        f.write(md)
    print(md)
    if checks:
        print("bench-report.py: the run does not match its plan:\n  " + "\n  ".join(checks),
              file=sys.stderr)
        return 3
    return 0


def extended(data, pressures):
    """Does the run have what the re-read pressure or a lending area
    writes?  Only then do the rows get their columns, so that an older run
    gives the very files it gave."""
    if "reread" in pressures or "swap" in pressures:
        return True
    for d in data.values():
        cells, snaps, windows = d[1], d[2], d[5]
        if windows or any(c["taken"] for c in cells.values()):
            return True
        if any(k.startswith("lend_") for s in snaps.values() for side in s.values() for k in side):
            return True
    return False


def avg(v):
    return sum(v) / len(v) if v else None


def make_row(c, pr, pa, s, label, info, cell, sn, plan, checks, ext=False, swap=False, full=False):
    lat = sorted(v for v, _ in cell["lat"])
    LATS[(c, pr, pa, s)] = lat
    LATS[(c, pr, pa, s, "hit")] = sorted(v for v, t in cell["lat"] if t == "hit")
    nfail = len(cell["fail"])
    calls = len(lat) + nfail
    tagged = any(t is not None for _, t in cell["lat"] + cell["fail"])
    h = m = o = None
    hit_lat = miss_lat = []
    if tagged:
        h, m, o, _ = tags(cell["lat"] + cell["fail"])
        hit_lat = sorted(v for v, t in cell["lat"] if t == "hit")
        miss_lat = sorted(v for v, t in cell["lat"] if t == "miss")
    secs = None
    try:
        secs = float(sn["after"]["uptime"]) - float(sn["before"]["uptime"])
    except (KeyError, ValueError):
        pass
    want_n, want_w = plan if plan else (None, None)
    # the plan against what the cell holds
    if plan:
        if calls != want_n:
            checks.append(f"{c}: {label} has {calls} calls ({len(lat)} timed, {nfail} failed), "
                          f"the plan {want_n}")
        if cell["plan"] and cell["plan"] != (want_n, want_w if want_w is not None else cell["plan"][1]):
            checks.append(f"{c}: {label}: the guest planned {cell['plan'][0]} calls after "
                          f"{cell['plan'][1]} warm-up, the host {want_n} after {want_w}")
        nwarm = len(cell["warm"]) + len(cell["warm_fail"])
        if want_w is not None and pa != "memset" and nwarm != want_w:
            checks.append(f"{c}: {label} has {nwarm} warm-up calls, the plan {want_w}")
    if cell["err"]:
        n = len(cell["err"])
        checks.append(f"{c}: {label}: {n} line{'s' if n > 1 else ''} on stderr, "
                      f"{'the first ' if n > 1 else ''}'{cell['err'][0]}'")
    if cell["rc"] not in (None, 0) and not (cell["rc"] == 1 and nfail):
        checks.append(f"{c}: {label}: the program exited with {cell['rc']}")
    row = {
        "config": c, "pressure": pr, "path": pa, "size": s,
        "mib": int(info.get("max_mib", 0)) if s == "max" else int(s),
        "planned_calls": want_n, "calls": calls, "fail": nfail, "ok": len(lat),
        "p50_us": percentile(lat, 50), "p90_us": percentile(lat, 90),
        "p99_us": percentile(lat, 99), "max_us": lat[-1] if lat else None,
        "hits": h, "misses": m, "tag_other": o,
        "hit_p50_us": percentile(hit_lat, 50), "hit_p90_us": percentile(hit_lat, 90),
        "hit_p99_us": percentile(hit_lat, 99), "hit_max_us": hit_lat[-1] if hit_lat else None,
        "miss_p50_us": percentile(miss_lat, 50), "miss_p90_us": percentile(miss_lat, 90),
        "miss_p99_us": percentile(miss_lat, 99), "miss_max_us": miss_lat[-1] if miss_lat else None,
        "warmup_calls": len(cell["warm"]) + len(cell["warm_fail"]) if cell["plan"] or cell["warm"] else None,
        "warmup_fail": len(cell["warm_fail"]),
        "errors": len(cell["err"]), "rc": cell["rc"],
        "seconds": secs,
    }
    for k in DELTAS:
        row[k] = delta(sn, k)
    for load in LOADS:
        n, b = delta(sn, load + "_count"), delta(sn, load + "_bytes")
        if load == "pin":
            row["pin_reads_per_s"] = n / secs if n is not None and secs else None
        else:
            row[load + "_mb_per_s"] = b / 1e6 / secs if b is not None and secs else None
    if ext:
        row.update(lend_columns(cell, sn, secs))
    if swap:
        for k in SWAP_DELTAS:
            row[k] = delta(sn, k)
        b = delta(sn, "cycle_bytes")
        row["cycle_mib_per_s"] = b / 1048576 / secs if b is not None and secs else None
    if full:
        row.update(full_columns(c, pr, pa, s, row["mib"], cell))
    return row


def full_columns(c, pr, pa, s, mib, cell):
    """A full cell's calls that took back at least FULL of their range
    (LATS[..., "full"]), their percentiles, the waits for lending to fill
    the range, and what the gcma_take_back tracepoint timed: ns per page
    taken back over all its events (warm-up calls' included), and the
    median of the events' own ns per page."""
    out = {k: None for k in ("full_ok", "full_p50_us", "full_p99_us", "full_max_us", "fill_p50_ms",
                             "trace_events", "trace_lent", "trace_ns_per_page",
                             "trace_ns_per_page_p50")}
    if pa != "full":
        return out
    pages = mib * 256
    taken = [n for kind, n in cell["taken"] if kind == "lat"]
    if len(taken) == len(cell["lat"]):
        lat = sorted(v for (v, _), n in zip(cell["lat"], taken) if n >= FULL * pages)
        LATS[(c, pr, pa, s, "full")] = lat
        out.update(full_ok=len(lat), full_p50_us=percentile(lat, 50), full_p99_us=percentile(lat, 99),
                   full_max_us=lat[-1] if lat else None)
    out["fill_p50_ms"] = statistics.median(cell["fill"]) if cell["fill"] else None
    ev = [(n, ns) for _, n, ns in cell["trace"] if n]
    if ev:
        out["trace_events"] = len(ev)
        out["trace_lent"] = sum(n for n, _ in ev)
        out["trace_ns_per_page"] = sum(ns for _, ns in ev) / out["trace_lent"]
        out["trace_ns_per_page_p50"] = statistics.median(ns / n for n, ns in ev)
    return out


def boot_ci(a, b, pct):
    """The 95 % bootstrap interval of percentile(a) / percentile(b): both
    lists of calls resampled with replacement BOOT_REPS times, with a fixed
    seed; None when either list is empty or lacks the percentile."""
    if not a or not b or percentile(a, pct) is None or percentile(b, pct) is None:
        return None
    rng = random.Random(BOOT_SEED)
    out = []
    for _ in range(BOOT_REPS):
        x = percentile(sorted(rng.choices(a, k=len(a))), pct)
        y = percentile(sorted(rng.choices(b, k=len(b))), pct)
        if x is None or not y:
            return None
        out.append(x / y)
    out.sort()
    return out[int(0.025 * BOOT_REPS)], out[int(0.975 * BOOT_REPS) - 1]


def judge(x, ci, limit, at_most=True):
    """'x (95 % CI lo-hi) (met|missed: <= limit)': met only when the whole
    interval is on the right side of the limit."""
    if ci is None:
        return f"{x:.2f}x (no interval) (not judged: <= {limit}x)" if at_most else \
            f"{x:.1f}x (no interval) (not judged: >= {limit}x)"
    lo, hi = ci
    if at_most:
        return f"{x:.2f}x (95 % CI {lo:.2f}-{hi:.2f}x) ({'met' if hi <= limit else 'missed'}: <= {limit}x)"
    return f"{x:.1f}x (95 % CI {lo:.1f}-{hi:.1f}x) ({'met' if lo >= limit else 'missed'}: >= {limit}x)"


def lend_columns(cell, sn, secs):
    """The columns of a run with the re-read pressure or a lending area:
    the mean time of a call, the lent pages it took back (from the calls'
    own raw lines when they tell it, else the cell's lend_taken_back over
    all its calls, warm-up ones included), the counters' change over the
    cell and the re-read load's MiB/s meanwhile."""
    out = {"mean_us": avg([v for v, _ in cell["lat"]])}
    for k in LEND_DELTAS:
        out[k] = delta(sn, k)
    b = delta(sn, "reread_bytes")
    out["reread_mib_per_s"] = b / 1048576 / secs if b is not None and secs else None
    per_call = [n for kind, n in cell["taken"] if kind == "lat"]
    ncalls = sum(len(cell[k]) for k in ("lat", "fail", "warm", "warm_fail"))
    if per_call and len(per_call) == len(cell["lat"]):
        out["taken_per_call"], out["taken_from"] = avg(per_call), "call"
    elif out["lend_taken_back"] is not None and ncalls:
        out["taken_per_call"], out["taken_from"] = out["lend_taken_back"] / ncalls, "cell"
    else:
        out["taken_per_call"], out["taken_from"] = None, None
    out["takeback_us_per_page"] = None
    return out


def takeback_cost(r, g):
    """What taking a lent page back costs an allocation: its mean time over
    the same cell's on gcma (the same guaranteed area, lending nothing),
    per lent page the call took back; None when it took none back."""
    if not g or r["config"] == "gcma" or not r.get("taken_per_call") or \
            r.get("mean_us") is None or g.get("mean_us") is None:
        return None
    return (r["mean_us"] - g["mean_us"]) / r["taken_per_call"]


def window(d, name, set_mib):
    """The re-read load over one window: MiB/s, disk MiB per pass of the
    set, copies loaded, hit rate, lent pages (from the window's counters
    and the lent line of the same name)."""
    w, lent = d[5].get(name, {}), d[6].get(name, {})
    out = load_stats([w] if w else [], lent, set_mib)
    try:
        out["cached_kb"] = int(w["after"]["cached_kb"])
    except (KeyError, ValueError):
        out["cached_kb"] = None
    return out


def load_stats(snaps, lent, set_mib):
    """Sum the re-read load's counters over snaps ({before:, after:} each)."""
    def total(k):
        v = [delta(s, k) for s in snaps]
        return None if not v or any(x is None for x in v) else sum(v)
    secs = None
    try:
        secs = sum(float(s["after"]["uptime"]) - float(s["before"]["uptime"]) for s in snaps) or None
    except (KeyError, ValueError):
        pass
    b, sectors, loaded = total("reread_bytes"), total("disk_read_sectors"), total("lend_loaded")
    if sectors is None and total("pgpgin") is not None:
        sectors = total("pgpgin") * 2  # KiB
    out = {"seconds": secs, "mib": b / 1048576 if b is not None else None,
           "passes": b / 1048576 / set_mib if b is not None and set_mib else None,
           "disk_mib": sectors / 2048 if sectors is not None else None,
           "loaded_pages": loaded}
    out["mib_per_s"] = out["mib"] / secs if out["mib"] is not None and secs else None
    out["disk_mib_per_pass"] = (out["disk_mib"] / out["passes"]
                                if out["disk_mib"] is not None and out["passes"] else None)
    disk_pages = sectors / 8 if sectors is not None else None
    out["hit_rate"] = (loaded / (loaded + disk_pages)
                       if loaded is not None and disk_pages is not None and loaded + disk_pages else None)
    try:
        n, area = int(lent.get("samples", 0)), int(lent["area_pages"])
    except (KeyError, ValueError):
        n, area = 0, 0
    out["lent_samples"] = n
    for k in ("min", "mean", "max"):
        out["lent_" + k] = int(lent[k]) / area if n and area and k in lent else None
    return out


def reread_summary(d, host):
    """The re-read workload in one configuration: alone, and over its
    cells (the counters of the cells summed: while allocating, not the
    console output between cells), and each pass the load reported."""
    info = d[0]
    try:
        set_mib = float(info.get("reread_set_mib") or host.get("reread_mib"))
    except (TypeError, ValueError):
        set_mib = None
    cells = [d[2][label] for label in d[2] if label.startswith("reread/")]
    passes = []
    for line in d[3]:
        w = line.split()
        if len(w) > 1 and w[0] == "reread" and w[1].startswith("pass="):
            passes.append(kv(w[1:]))
    return {"set_mib": set_mib, "alone": window(d, "reread/alone", set_mib),
            "allocating": load_stats(cells, d[6].get("reread/cells", {}), set_mib),
            "passes": passes}


def hist_of(text):
    """anon-cycle's histogram, BUCKET:COUNT,... -> {bucket: count}."""
    out = {}
    for part in (text or "").split(","):
        b, _, n = part.partition(":")
        if b.isdigit() and n.isdigit():
            out[int(b)] = int(n)
    return out


def bucket_mid_us(b):
    """The middle of anon-cycle's bucket b, in us: b ns below 32, else
    [(32 + m) << e, (33 + m) << e) ns for b = 32 * (e + 1) + m."""
    if b < 32:
        return b / 1000
    e, m = b // 32 - 1, b % 32 + 32
    return ((m << e) + ((m + 1) << e)) / 2 / 1000


def hist_percentile(hist, pct):
    """percentile() of the samples a histogram holds (each its bucket's
    middle)."""
    n = sum(hist.values())
    if not n:
        return None
    i = max(0, (pct * n + 99) // 100 - 1)
    if pct > 50 and i >= n - 1:
        return None
    seen = 0
    for b in sorted(hist):
        seen += hist[b]
        if seen > i:
            return bucket_mid_us(b)
    return None


def fault_stats(fw):
    """The swap load over a window, from its totals before and after
    (BENCH: faults): touches, major faults and their latencies."""
    out = {k: None for k in ("touches", "sampled", "majors", "majflt", "bad", "major_p50_us",
                             "major_p99_us", "major_mean_us")}
    try:
        b, a = fw["before"], fw["after"]
        for k in ("touches", "sampled", "majors", "majflt", "bad"):
            out[k] = int(a[k]) - int(b[k])
        hb, ha = hist_of(b.get("hist")), hist_of(a.get("hist"))
        sum_ns = int(a["major_sum_ns"]) - int(b["major_sum_ns"])
    except (KeyError, ValueError):
        return out
    hist = {k: ha[k] - hb.get(k, 0) for k in ha if ha[k] - hb.get(k, 0) > 0}
    out["major_p50_us"] = hist_percentile(hist, 50)
    out["major_p99_us"] = hist_percentile(hist, 99)
    out["major_mean_us"] = sum_ns / out["majors"] / 1000 if out["majors"] else None
    return out


def swap_stats(snaps, lent, set_mib):
    """The swap load's counters summed over snaps ({before:, after:} each):
    MiB/s, passes, swap-ins from the device (pswpin) and from the area
    (swap_loaded), swap-outs, per pass of the set (MiB), lent pages."""
    def total(k):
        v = [delta(s, k) for s in snaps]
        return None if not v or any(x is None for x in v) else sum(v)
    secs = None
    try:
        secs = sum(float(s["after"]["uptime"]) - float(s["before"]["uptime"]) for s in snaps) or None
    except (KeyError, ValueError):
        pass
    b = total("cycle_bytes")
    out = {"seconds": secs, "mib": b / 1048576 if b is not None else None}
    out["passes"] = out["mib"] / set_mib if out["mib"] is not None and set_mib else None
    out["mib_per_s"] = out["mib"] / secs if out["mib"] is not None and secs else None
    for k in SWAP_DELTAS:
        out[k] = total(k)

    def per_pass(k):  # pages -> MiB per pass
        v = out[k]
        return v / 256 / out["passes"] if v is not None and out["passes"] else None
    out["pswpin_mib_per_pass"] = per_pass("pswpin")
    out["pswpout_mib_per_pass"] = per_pass("pswpout")
    out["loaded_mib_per_pass"] = per_pass("swap_loaded")
    dev, area = out["pswpin"], out["swap_loaded"]
    out["area_share"] = area / (area + dev) if area is not None and dev is not None and area + dev else None
    try:
        n, pages = int(lent.get("samples", 0)), int(lent["area_pages"])
    except (KeyError, ValueError):
        n, pages = 0, 0
    out["lent_samples"] = n
    for k in ("min", "mean", "max"):
        out["lent_" + k] = int(lent[k]) / pages if n and pages and k in lent else None
    return out


def swap_summary(d, host):
    """The swap workload in one configuration: alone, and over its cells
    (their counters summed, as for the re-read), with the major faults of
    each window (the window around the cells: console output included)."""
    info = d[0]
    try:
        set_mib = float(host.get("swap_mib") or info.get("swap_mib"))
    except (TypeError, ValueError):
        set_mib = None
    cells = [d[2][label] for label in d[2] if label.startswith("swap/")]
    alone = d[5].get("swap/alone", {})
    out = {"set_mib": set_mib,
           "alone": swap_stats([alone] if alone else [], d[6].get("swap/alone", {}), set_mib),
           "allocating": swap_stats(cells, d[6].get("swap/cells", {}), set_mib)}
    for which, wn in (("alone", "swap/alone"), ("allocating", "swap/cells")):
        out[which].update(fault_stats(d[7].get(wn, {})))
    try:
        out["alone"]["anon_kb"] = int(alone["after"]["anonpages_kb"])
    except (KeyError, ValueError):
        out["alone"]["anon_kb"] = None
    out["lend_swap"] = info.get("lend_swap")
    return out


def swap_bad(d):
    """Pages the swap load read back wrong, from its summary line."""
    for line in d[3]:
        w = line.split()
        if len(w) > 1 and w[0] == "cycle" and w[1] == "anon-cycle:":
            return int(kv(w[2:]).get("bad", 0) or 0)
    return 0


def boot_counters(snaps, ext=False):
    """The defer-free counters over the whole boot: from the first snapshot
    to the last (between cells too, e.g. while a load warms up); lending's
    too in a run that has them."""
    first = last = None
    for label in snaps:  # in the order of the console
        s = snaps[label]
        if first is None and "before" in s:
            first = s["before"]
        if "after" in s:
            last = s["after"]
    out = {}
    for k in ("defer_free_hits", "defer_free_misses", "defer_free_shrunk_pages",
              "defer_free_drained_pages", "pgmigrate_success", "cma_alloc_fail") + \
            (("lend_stored", "lend_loaded", "lend_taken_back") if ext else ()):
        try:
            out[k] = int(last[k]) - int(first[k])
        except (KeyError, TypeError, ValueError):
            out[k] = None
    return out


def size_name(r):
    return f"{r['mib']} MiB" + (" (max)" if r["size"] == "max" else "")


def hm(r):
    """hits/misses of a cell for the tables."""
    if r["hits"] is None:
        return "n/a"
    if not r["hits"] and not r["misses"] and not r["tag_other"]:
        return "-"
    return f"{r['hits']}/{r['misses']}" + (f" ({r['tag_other']} ?)" if r["tag_other"] else "")


def calls(r):
    s = f"{r['fail']}/{r['calls']}"
    if r["planned_calls"] is not None and r["calls"] != r["planned_calls"]:
        s += f" (plan {r['planned_calls']})"
    return s


def markdown(meta, configs, rows, idx, sizes, plots):
    L = []
    warm = meta.get("warmup")
    L.append("# make bench results\n")
    L.append(f"Kernel {meta['kernel']} ({meta.get('kernel_image', '?')}), {meta.get('qemu', '?')} (TCG), "
             f"{meta.get('arch')} guest of {meta.get('mem_mib')} MiB, 2 vCPUs, {meta.get('area_mib')} MiB "
             f"default area, host of {meta.get('host_cpus')} CPUs. {meta.get('iters')} calls per cell "
             f"({meta.get('iters_max')} for the largest size), "
             + (f"after {warm} untimed warm-up calls of the same size (the memset floor after one "
                f"untimed clearing), " if warm is not None else
                "with no warm-up calls (a run before they existed), ")
             + f"{meta.get('wait_us')} us apart; "
             f"anonymous ring {meta.get('churn_mib')} MiB, streamed file {meta.get('stream_mib')} MiB, "
             + (f"re-read set {meta['reread_mib']} MiB (measured alone for {meta.get('reread_alone_s')} s "
                f"and 3 passes at least), " if "reread_mib" in meta else "")
             + (f"anonymous swap set {meta.get('swap_mib')} MiB ({meta.get('swap_order')} order, one page in "
                f"{meta.get('swap_write_every')} written each pass"
                + (", paged out after each pass" if meta.get("swap_pageout") == "1" else "")
                + f"; measured alone for {meta.get('swap_alone_s')} s and a whole pass at least; swap disk "
                f"{meta.get('swap_disk_mib')} MiB), " if "swap" in meta else "")
             + f"pinner seed {meta.get('seed')}. Run of {meta.get('date')}, "
             f"{int(meta.get('seconds', 0)) // 60} min. Guest clocksource {meta['clocksource']}.\n")
    if "jiffies" in meta["clocksource"]:
        L.append("**Warning: the guest timed with a jiffies clocksource; latencies are "
                 "multiples of a tick.**\n")
    L.append(f"Every number here is computed from `{meta['raw']}` (host.txt and the consoles, "
             f"every call's raw line): `scripts/bench-report.py --from {meta['raw']} DIR` writes "
             "this report again.\n")
    L.append("Times in ms. `p90`, `p99`: nearest rank, shown only when the cell has enough calls for "
             f"the percentile not to be its maximum (10 for p90, 100 for p99; {NA} otherwise). "
             "`stock/this`: stock CMA's p50 (p99) in the same cell over this one, "
             "how many times faster than stock; `this/idle`: this p50 (p99) over the same "
             "configuration's on the idle guest, how many times slower under load. `floor`: memset of "
             "the same size in the guest (p50). `hit/miss`: timed calls that defer-free served from "
             "its cache, and that it could not serve (`-`: defer-free off; `n/a`: a run that did not "
             "tell them apart); `fail/calls` counts the failed calls, which the percentiles leave out; "
             "`err`: lines the program wrote to stderr. "
             "Pressure: `idle`; `anon` ring; page-`cache` "
             "streamer; O_DIRECT `pin`ner; `all` three"
             + ("; `reread`: a file set read over and over that fits in the page cache without "
                "the area and not beside it" if "reread" in meta["pressures"] else "")
             + ("; `swap`: an anonymous working set cycled through with swap on a virtio disk, which "
                "fits in the guest without the area and not beside it (cma_alloc() only)"
                if "swap" in meta["pressures"] else "")
             + ".\n")

    L.append("## Checks\n")
    nplanned = sum(1 for r in rows if r["planned_calls"] is not None)
    if meta["checks"]:
        L.append(f"**The run does not match its plan** ({len(meta['checks'])} problems):\n")
        L.extend(f"- {c}" for c in meta["checks"])
    else:
        L.append(f"Each of the {nplanned} cells planned ({len(configs)} configurations) holds its calls "
                 f"({meta.get('iters')} per cell, {meta.get('iters_max')} for the largest size"
                 + (f", after {warm} warm-up calls" if warm is not None else "")
                 + "), and no program wrote an error or exited abnormally.")
    for n in meta["notes"]:
        L.append(f"- {n}")
    L.append("")

    def table(filter_fn, title):
        L.append(f"## {title}\n")
        L.append("| path | size | config | pressure | p50 | p90 | p99 | max | fail/calls | hit/miss | err "
                 "| stock/this p50 | stock/this p99 | this/idle p50 | this/idle p99 | floor |")
        L.append("| --- | --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: "
                 "| ---: | ---: | ---: | ---: | ---: |")
        for pa in PATHS:
            for s in sizes:
                for pr in PRESSURES:
                    for c in configs:
                        r = idx.get((c, pr, pa, s))
                        if not r or not filter_fn(r):
                            continue
                        n = r["ok"]
                        L.append(f"| {PATH_NAME[pa]} | {size_name(r)} | {c} | {pr} | {fmt_ms(r['p50_us'])} "
                                 f"| {fmt_ms(r['p90_us'], n)} | {fmt_ms(r['p99_us'], n)} | {fmt_ms(r['max_us'])} "
                                 f"| {calls(r)} | {hm(r)} | {r['errors']} | {fmt_x(r['stock_over_p50'])} "
                                 f"| {fmt_x(r['stock_over_p99'])} | {fmt_x(r['p50_vs_idle'])} "
                                 f"| {fmt_x(r['p99_vs_idle'])} | {fmt_ms(r['floor_us'])} |")
        L.append("")

    table(lambda r: r["pressure"] in ("idle", "all"), "Idle and under combined pressure")
    L.append("## Targets\n")
    L.append("Judged on p50, p90 and true p99s only: a p99 of a cell with fewer than 100 calls is "
             "its maximum and judges nothing. A loaded-over-idle target is not judged where the "
             "idle cell is the slower one (it is then no baseline). The baselines are fixed before "
             "the run: a cell under a load against the same configuration's idle cell (GCMA all/idle, "
             "gcma-lend under the re-read or the swap load over gcma-lend idle), or against another "
             "configuration under the same load (stock over GCMA, stock over stock-defer's hits). "
             f"Each ratio of latencies carries its 95 % bootstrap interval ({BOOT_REPS} resamples of "
             "both cells' calls, a fixed seed), and a target is met only when the whole interval "
             "clears it.\n")
    L.extend(targets(configs, idx, sizes))
    if "reread" in meta:
        L.extend(reread_targets(meta, idx))
    if "swap" in meta:
        L.extend(swap_targets(meta, idx))
    L.append("")

    defer_rows = [r for r in rows if r["path"] != "memset" and (r["hits"] or r["misses"] or r["tag_other"])]
    if defer_rows:
        L.append("## Defer-free: hits and misses apart\n")
        L.append("The timed calls of the configurations with defer-free, split by what the area's "
                 "`defer_free_hits`/`_misses` did around each call: a hit was served from the "
                 "cache, a miss was not (it went on to the area like a call without defer-free). "
                 "Failed calls count in hits/misses, not in the times.\n")
        L.append("| path | size | config | pressure | hits | p50 | p90 | p99 | max | misses | p50 | p90 "
                 "| p99 | max |")
        L.append("| --- | --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
        for pa in PATHS:
            for s in sizes:
                for pr in PRESSURES:
                    for c in configs:
                        r = idx.get((c, pr, pa, s))
                        if r not in defer_rows:
                            continue
                        L.append(f"| {PATH_NAME[pa]} | {size_name(r)} | {c} | {pr} | {r['hits']} "
                                 f"| {fmt_ms(r['hit_p50_us'])} | {fmt_ms(r['hit_p90_us'], r['hits'])} "
                                 f"| {fmt_ms(r['hit_p99_us'], r['hits'])} | {fmt_ms(r['hit_max_us'])} "
                                 f"| {r['misses']} | {fmt_ms(r['miss_p50_us'])} "
                                 f"| {fmt_ms(r['miss_p90_us'], r['misses'])} "
                                 f"| {fmt_ms(r['miss_p99_us'], r['misses'])} | {fmt_ms(r['miss_max_us'])} |")
        L.append("")

    if "release" in meta:
        release_table(L, meta, configs)
    if "reread" in meta:
        reread_tables(L, meta, configs, idx, sizes)
    if "swap" in meta:
        swap_tables(L, meta, configs, idx, sizes)
    if "cost" in meta:
        cost_table(L, meta, configs)

    L.append("## Was the pressure real? (stock and stock-defer: pages migrated, retries, failures)\n")
    L.append("Summed over the cells of each pressure, warm-up calls included (the counters are read "
             "before and after each cell). `migrate fail`: pages that could not be migrated "
             "(each makes cma_alloc() give up a range and retry further on); `cma_alloc fail`: "
             "failed cma_alloc() calls (vmstat); `foreground fail`: failed timed calls (`+N`: and "
             "warm-up calls); `defer hits/misses`: defer-free's counters; `shrunk`, `drained`: pages "
             "the cache gave back to the shrinker, and to allocations that found no free range"
             + ("; `lend stored`, `loaded`, `taken back`: copies of evicted file pages the "
                "guaranteed area took, gave back to reads, and dropped for allocations"
                if "lend" in meta else "")
             + ("; `pswpin`, `pswpout`: pages read from and written to the swap device; `swap loaded`: "
                "swap-ins the guaranteed area served from its copies" if "swap" in meta else "") + ".\n")
    lend_cols = ("lend_stored", "lend_loaded", "lend_taken_back") if "lend" in meta else ()
    swap_cols = ("pswpin", "pswpout", "swap_loaded") if "swap" in meta else ()
    L.append("| config | pressure | pgmigrate_success | pgmigrate_fail | cma_alloc fail | foreground fail "
             "| defer hits | defer misses | shrunk pages | drained pages |"
             + (" lend stored | lend loaded | lend taken back |" if lend_cols else "")
             + (" pswpin | pswpout | swap loaded |" if swap_cols else ""))
    L.append("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
             + " ---: |" * (len(lend_cols) + len(swap_cols)))
    for c in configs:
        for pr in PRESSURES:
            sel = [r for r in rows if r["config"] == c and r["pressure"] == pr and r["path"] != "memset"]
            if not sel:
                continue

            def s(k):
                return sum(r[k] or 0 for r in sel)
            wf = s("warmup_fail")
            L.append(f"| {c} | {pr} | {s('pgmigrate_success')} | {s('pgmigrate_fail')} "
                     f"| {s('cma_alloc_fail')} | {s('fail')}{f' +{wf}' if wf else ''} "
                     f"| {s('defer_free_hits')} | {s('defer_free_misses')} "
                     f"| {s('defer_free_shrunk_pages')} | {s('defer_free_drained_pages')} |"
                     + "".join(f" {s(k)} |" for k in lend_cols + swap_cols))
    L.append("")
    L.append("Over each whole boot, from before its first cell to after its last, the time between "
             "cells included (the loads' warm-up, the page cache dropped after each pressure):\n")
    L.append("| config | defer hits | defer misses | defer_free_shrunk_pages | defer_free_drained_pages "
             "| pgmigrate_success | cma_alloc fail |" + "".join(f" {k} |" for k in lend_cols))
    L.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: |" + " ---: |" * len(lend_cols))
    for c in configs:
        b = meta["boot_counters"][c]

        def g(k):
            return "-" if b[k] is None else str(b[k])
        L.append(f"| {c} | {g('defer_free_hits')} | {g('defer_free_misses')} | {g('defer_free_shrunk_pages')} "
                 f"| {g('defer_free_drained_pages')} | {g('pgmigrate_success')} | {g('cma_alloc_fail')} |"
                 + "".join(f" {g(k)} |" for k in lend_cols))
    L.append("")
    L.append("## The cost: throughput of the background load\n")
    L.append("Mean over the cells of each pressure, while the foreground allocated. A guaranteed area "
             "is memory the load cannot use.\n")
    L.append("| config | memory at boot (MemTotal / MemAvailable) |")
    L.append("| --- | ---: |")
    for c in configs:
        L.append(f"| {c} | {int(meta['mem_kb'][c][0]) // 1024} / {int(meta['mem_kb'][c][1]) // 1024} MiB |")
    L.append("")
    rr = "reread" in meta
    sw = "swap" in meta
    L.append("| config | pressure | churn MB/s | stream MB/s | pin reads/s |" + (" reread MiB/s |" if rr else "")
             + (" swap load MiB/s |" if sw else ""))
    L.append("| --- | --- | ---: | ---: | ---: |" + (" ---: |" if rr else "") + (" ---: |" if sw else ""))
    for pr in PRESSURES[1:]:
        for c in configs:
            sel = [r for r in rows if r["config"] == c and r["pressure"] == pr and r["path"] != "memset"]
            if not sel:
                continue

            def mean(k):
                v = [r[k] for r in sel if r.get(k) is not None]
                return f"{sum(v) / len(v):.1f}" if v else "-"
            L.append(f"| {c} | {pr} | {mean('churn_mb_per_s')} | {mean('stream_mb_per_s')} | {mean('pin_reads_per_s')} |"
                     + (f" {mean('reread_mib_per_s')} |" if rr else "")
                     + (f" {mean('cycle_mib_per_s')} |" if sw else ""))
    L.append("")
    if any(r["pressure"] not in ("idle", "all") for r in rows):
        table(lambda r: r["pressure"] not in ("idle", "all"), "Each pressure alone")
    if plots:
        L.append("## Plots\n")
        for p in plots:
            L.append(f"![{p}]({p})")
        L.append("")
    return "\n".join(L) + "\n"


def fmt_n(v, fmt="{:.1f}"):
    return "-" if v is None else fmt.format(v)


def fmt_pct(v):
    return "-" if v is None else f"{100 * v:.1f} %"


def recovery(meta, which):
    """(gcma-lend - gcma) / (stock - gcma) of the re-read throughput, with
    the three throughputs; None for the ratio when gcma lost nothing."""
    rr = meta["reread"]
    t = {c: rr[c][which]["mib_per_s"] if c in rr else None for c in ("stock", "gcma", "gcma-lend")}
    if None in t.values() or t["stock"] <= t["gcma"]:
        return None, t
    return (t["gcma-lend"] - t["gcma"]) / (t["stock"] - t["gcma"]), t


def reread_targets(meta, idx):
    """The three targets of lending, on the re-read workload."""
    L = []
    rr = meta["reread"]

    def verdict(ok):
        return "met" if ok else "missed"
    r, t = recovery(meta, "alone")
    tp = ", ".join(f"{c} {fmt_n(t[c])}" for c in t)
    if None in t.values():
        L.append(f"- file re-read, load alone: gcma-lend's recovery of what gcma loses against stock "
                 f"not judged, a configuration is missing ({tp} MiB/s)")
    elif r is None:
        L.append(f"- file re-read, load alone: recovery not judged, gcma lost nothing against stock "
                 f"({tp} MiB/s): the set fits beside the area, BENCH_REREAD_MIB is too small")
    else:
        L.append(f"- file re-read, load alone: gcma-lend recovers {100 * r:.0f} % of the throughput gcma "
                 f"loses against stock ({tp} MiB/s) ({verdict(r >= REREAD_RECOVERY)}: "
                 f">= {100 * REREAD_RECOVERY:.0f} %)")
    a = rr.get("gcma-lend", {}).get("alone", {})
    if "gcma-lend" not in rr:
        L.append("- file re-read, load alone: lent pages not judged, no gcma-lend boot")
    elif a.get("lent_mean") is None:
        L.append("- file re-read, load alone: gcma-lend's lent pages not judged, none sampled")
    else:
        L.append(f"- file re-read, load alone: gcma-lend's area lent {fmt_pct(a['lent_mean'])} on average "
                 f"(min {fmt_pct(a['lent_min'])}, max {fmt_pct(a['lent_max'])}, {a['lent_samples']} samples) "
                 f"({verdict(a['lent_mean'] >= REREAD_LENT)}: >= {100 * REREAD_LENT:.0f} %)")
    L += alloc_targets(idx, "reread", "the file re-read", REREAD_P99)
    return L


def alloc_targets(idx, pr, what, limit):
    """cma_alloc() of 32 MiB under load PR on gcma-lend: its p99 over the
    same configuration's idle p99 (the baseline, fixed in advance), its
    failures, and the same over the calls of its full cell that took back
    at least FULL of their range."""
    L = []
    lr, li = idx.get(("gcma-lend", pr, "cma", "32")), idx.get(("gcma-lend", "idle", "cma", "32"))
    cells = [r for (c, p, pa, sz), r in idx.items() if c == "gcma-lend" and p == pr and pa in ("cma", "full")]
    nf, nc = sum(r["fail"] for r in cells), sum(r["calls"] for r in cells)
    head = f"- cma_alloc 32 MiB under {what}: gcma-lend p99"
    idle = LATS.get(("gcma-lend", "idle", "cma", "32"))
    if not lr or not li:
        L.append(f"{head} not judged, no such cells (gcma-lend {pr}, gcma-lend idle)")
    elif lr["p99_us"] is None or li["p99_us"] is None:
        L.append(f"{head} not judged ({min(lr['ok'], li['ok'])} calls; a p99 needs {MIN_N[99]}), "
                 f"{nf} of the {nc} cma_alloc() calls of gcma-lend under it failed "
                 f"({'met' if nf == 0 else 'missed'}: zero)")
    else:
        x = lr["p99_us"] / li["p99_us"]
        ci = boot_ci(LATS.get(("gcma-lend", pr, "cma", "32")), idle, 99)
        L.append(f"{head} {fmt_ms(lr['p99_us'])} ms = {judge(x, ci, limit)} of its idle p99 "
                 f"{fmt_ms(li['p99_us'])} ms, {lr['fail']} failed of {lr['calls']}, "
                 f"{nf} of the {nc} cma_alloc() calls of gcma-lend under it "
                 f"({'met' if lr['fail'] == 0 and nf == 0 else 'missed'}: zero)")
    fr = idx.get(("gcma-lend", pr, "full", "32"))
    if not fr or not li or fr.get("full_ok") is None:
        return L
    head = (f"- cma_alloc 32 MiB on a range at least {100 * FULL:.0f} % lent, under {what}: "
            f"{fr['full_ok']} of {fr['calls']} calls took back that much; gcma-lend p99")
    full = LATS.get(("gcma-lend", pr, "full", "32", "full"))
    if fr["full_p99_us"] is None or li["p99_us"] is None:
        L.append(f"{head} not judged ({min(fr['full_ok'], li['ok'])} calls; a p99 needs {MIN_N[99]})")
    else:
        x = fr["full_p99_us"] / li["p99_us"]
        L.append(f"{head} {fmt_ms(fr['full_p99_us'])} ms = {judge(x, boot_ci(full, idle, 99), limit)} "
                 f"of its idle p99 {fmt_ms(li['p99_us'])} ms")
    return L


def full_table(L, configs, idx, sizes, pr):
    """The full cells of load PR: the calls that took back at least FULL of
    their range, against the same configuration idle and gcma under the
    same load, and what a page taken back cost by the tracepoint."""
    rows = [idx[(c, pr, "full", s)] for s in sizes for c in configs if (c, pr, "full", s) in idx]
    if not rows:
        return
    L.append(f"cma_alloc() on a range that lending filled again before each call (`full` cells: "
             f"cma-latency -f waits until the area stored as many copies as it has pages since the "
             f"last release, so that its lending cursor passed the whole range). `full calls`: the "
             f"calls that took back at least {100 * FULL:.0f} % of their range, over which p50, p99 "
             f"and max are taken; `/idle`: over the same configuration's idle cell, `/gcma`: over "
             f"gcma's cell of the same size under the same load (lending nothing), each with its 95 % "
             f"bootstrap interval; `fill p50`: the median wait for the range to fill; `trace ns/page`: "
             f"the `gcma_take_back` tracepoint's own time (`ns`, the drops of the lent pages' data) "
             f"summed over its events and divided by the pages they took back, and the median of the "
             f"events' ns per page.\n")
    L.append("| size | config | full calls | p50 | p99 | max | p50/idle | p99/idle | p50/gcma | p99/gcma "
             "| fill p50 | trace events | trace ns/page (all) | (median) |")
    L.append("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")

    def ci_x(c, s, base, pct):
        a, b = LATS.get((c, pr, "full", s, "full")), LATS.get(base)
        if not a or not b or percentile(a, pct) is None or percentile(b, pct) is None:
            return "-"
        ci = boot_ci(a, b, pct)
        x = percentile(a, pct) / percentile(b, pct)
        return f"{x:.2f}x ({ci[0]:.2f}-{ci[1]:.2f})" if ci else f"{x:.2f}x"
    for r in rows:
        c, s = r["config"], r["size"]
        n = r["full_ok"] or 0
        L.append(f"| {size_name(r)} | {c} | {n} of {r['calls']} | {fmt_ms(r['full_p50_us'])} "
                 f"| {fmt_ms(r['full_p99_us'], n)} | {fmt_ms(r['full_max_us'])} "
                 f"| {ci_x(c, s, (c, 'idle', 'cma', s), 50)} | {ci_x(c, s, (c, 'idle', 'cma', s), 99)} "
                 f"| {ci_x(c, s, ('gcma', pr, 'cma', s), 50)} | {ci_x(c, s, ('gcma', pr, 'cma', s), 99)} "
                 f"| {fmt_n(r['fill_p50_ms'], '{:.0f} ms')} | {r['trace_events'] or '-'} "
                 f"| {fmt_n(r['trace_ns_per_page'], '{:.0f}')} | {fmt_n(r['trace_ns_per_page_p50'], '{:.0f}')} |")
    L.append("")


def reread_sizing(meta, set_mib):
    """What the set's size allows: a copy read back leaves the area, so the
    copies fill only what of the set gcma's page cache cannot hold, and
    lending REREAD_LENT of the area takes a set that much larger; the set
    must still fit in stock's page cache (MemAvailable at boot)."""
    rr = meta["reread"]
    cached = rr.get("gcma", {}).get("alone", {}).get("cached_kb")
    try:
        area = int(meta["area_mib"])
        avail = int(meta["mem_kb"]["stock"][1]) // 1024
    except (KeyError, TypeError, ValueError):
        return None
    if cached is None or not set_mib:
        return None
    need = cached // 1024 + REREAD_LENT * area
    return (f"- set size: {set_mib:.0f} MiB. Lending {100 * REREAD_LENT:.0f} % of the area takes a set "
            f"larger than gcma's page cache at the end of its window alone ({cached // 1024} MiB, "
            f"Cached) by {100 * REREAD_LENT:.0f} % of the area: {need:.0f} MiB; it must also fit in "
            f"stock's page cache (MemAvailable at boot {avail} MiB).")


def release_rows(data, configs, sizes):
    """cma_release() times (free_us lines, runs from 2026-11-29 on): per
    pressure, size and configuration, p50 and p99 in us and the calls."""
    out = []
    for pr in PRESSURES:
        for s in sizes:
            label = f"{pr}/cma/{s}"
            for c in configs:
                v = sorted(data[c][1].get(label, {}).get("free", []))
                if v:
                    out.append({"pressure": pr, "size": s, "config": c, "calls": len(v),
                                "p50_us": percentile(v, 50), "p99_us": percentile(v, 99)})
    return out


def release_table(L, meta, configs):
    L.append("## Release: cma_release() through debugfs\n")
    L.append("The release after each timed call of the `cma_alloc` cells, timed the same way "
             "(p50, p99 in ms; `stock/this`: stock's in the same cell over this one). A stock "
             "area frees page by page into the buddy allocator (free_contig_range()); a "
             "guaranteed one page by page through free_pages_prepare() into its bitmap.\n")
    L.append("| pressure | size | config | calls | p50 | p99 | stock/this p50 (p99) |")
    L.append("| --- | --- | --- | ---: | ---: | ---: | ---: |")
    by = {(r["pressure"], r["size"], r["config"]): r for r in meta["release"]}
    for r in meta["release"]:
        st = by.get((r["pressure"], r["size"], "stock"))
        p99 = fmt_ms(r["p99_us"], r["calls"]) if r["calls"] >= 100 else NA
        x = NA
        if st:
            x = fmt_x(ratio(st["p50_us"], r["p50_us"]))
            if r["calls"] >= 100 and st["calls"] >= 100:
                x += f" ({fmt_x(ratio(st['p99_us'], r['p99_us']))})"
        size = f"{r['size']} MiB" if r["size"] != "max" else f"{meta.get('area_mib')} MiB (max)"
        L.append(f"| {r['pressure']} | {size} | {r['config']} | {r['calls']} "
                 f"| {fmt_ms(r['p50_us'])} | {p99} | {x} |")
    L.append("")


def takeback_table(L, configs, idx, sizes, pressure, paths):
    """The cells of one load with what taking lent pages back cost them."""
    L.append("| path | size | config | p50 | p99 | max | fail/calls | this/idle p50 | this/idle p99 "
             "| mean | taken/call | from | take-back us/page |")
    L.append("| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: |")
    for pa in paths:
        for s in sizes:
            for c in configs:
                r = idx.get((c, pressure, pa, s))
                if not r:
                    continue
                n = r["ok"]
                L.append(f"| {PATH_NAME[pa]} | {size_name(r)} | {c} | {fmt_ms(r['p50_us'])} "
                         f"| {fmt_ms(r['p99_us'], n)} | {fmt_ms(r['max_us'])} | {calls(r)} "
                         f"| {fmt_x(r['p50_vs_idle'])} | {fmt_x(r['p99_vs_idle'])} | {fmt_ms(r['mean_us'])} "
                         f"| {fmt_n(r['taken_per_call'], '{:.0f}')} | {r['taken_from'] or '-'} "
                         f"| {fmt_n(r['takeback_us_per_page'], '{:.2f}')} |")
    L.append("")


def reread_tables(L, meta, configs, idx, sizes):
    """The file re-read workload: the load in each configuration, and the
    allocations under it with what taking lent pages back cost."""
    rr = meta["reread"]
    L.append("## File re-read workload\n")
    set_mib = next((rr[c]["set_mib"] for c in configs if rr[c]["set_mib"]), None)
    L.append(f"One process reads a set of {fmt_n(set_mib, '{:.0f}')} MiB from the bench disk over and over "
             "(sized to fit in the page cache of the stock guest and not beside a guaranteed area). "
             "`alone`: after its warm-up, a window with nothing allocating; `allocating`: the "
             "reread cells summed (the calls' wait included, the console output between cells not). "
             "`disk/pass`: MiB the disk read (`/sys/block/vda/stat`, else `pgpgin`) per pass of the set's size; "
             "`lent`: the area's `lent_pages` sampled by the load every 0.5 s (at least once a pass), "
             "mean and min-max, in % of the area; `hit rate`: copies loaded back (`lend_loaded`) over "
             "those plus the pages the disk read; `lent allocating` samples the whole stretch of the "
             "cells. `available`: MemAvailable at boot; `cached`: the page cache (Cached) at the end "
             "of the window alone, what of the set it held.\n")
    L.append("| config | lend | available | cached | alone MiB/s | allocating MiB/s | disk/pass alone "
             "| disk/pass allocating | lent alone | lent allocating | hit rate alone | hit rate allocating |")
    L.append("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")

    def lent(w):
        if w["lent_mean"] is None:
            return "-"
        return f"{fmt_pct(w['lent_mean'])} ({100 * w['lent_min']:.0f}-{100 * w['lent_max']:.0f})"
    for c in configs:
        a, b = rr[c]["alone"], rr[c]["allocating"]
        if a["mib_per_s"] is None and b["mib_per_s"] is None:
            continue
        cached = a["cached_kb"]
        L.append(f"| {c} | {meta['lend'].get(c) or '-'} | {int(meta['mem_kb'][c][1] or 0) // 1024} MiB "
                 f"| {f'{cached // 1024} MiB' if cached is not None else '-'} | {fmt_n(a['mib_per_s'])} "
                 f"| {fmt_n(b['mib_per_s'])} | {fmt_n(a['disk_mib_per_pass'])} "
                 f"| {fmt_n(b['disk_mib_per_pass'])} | {lent(a)} | {lent(b)} "
                 f"| {fmt_pct(a['hit_rate'])} | {fmt_pct(b['hit_rate'])} |")
    L.append("")
    sizing = reread_sizing(meta, set_mib)
    if sizing:
        L.append(sizing)
    for which in ("alone", "allocating"):
        r, t = recovery(meta, which)
        if None in t.values():
            continue
        tp = ", ".join(f"{c} {fmt_n(t[c])}" for c in t)
        L.append(f"- recovery, {which}: " + (
            f"(gcma-lend - gcma) / (stock - gcma) = {100 * r:.0f} % ({tp} MiB/s)" if r is not None else
            f"not computed, gcma lost nothing against stock ({tp} MiB/s)"))
    L.append("")

    L.append("Allocations under the re-read load. `taken/call`: lent pages a call took back (mean "
             "over the timed calls); `from`: `call` when each call's raw line tells it "
             "(`lend_taken_back` read around the call), `cell` when only the cell's counter does (then "
             "over all its calls, warm-up ones included). `take-back us/page`: the mean call's time "
             "over gcma's in the same cell (the same area, lending nothing), per page taken back.\n")
    takeback_table(L, configs, idx, sizes, "reread", PATHS)
    full_table(L, configs, idx, sizes, "reread")


def swap_targets(meta, idx):
    """The targets of the swap client of lending, on the swap workload."""
    L = []
    sw = meta["swap"]

    def verdict(ok):
        return "met" if ok else "missed"
    g, lnd = sw.get("gcma", {}).get("alone"), sw.get("gcma-lend", {}).get("alone")
    head = "- swap, load alone: the share of gcma's device swap-ins that gcma-lend serves from the area"
    if not g or not lnd:
        L.append(f"{head} not judged, a configuration is missing (gcma, gcma-lend)")
    elif g["pswpin_mib_per_pass"] is None or lnd["loaded_mib_per_pass"] is None:
        L.append(f"{head} not judged, no swap counters (pswpin; swap_loaded: a kernel without the "
                 "swap client?)")
    elif not g["pswpin_mib_per_pass"]:
        L.append(f"{head} not judged, gcma read nothing from the device: the set fits beside the "
                 "area, BENCH_SWAP_MIB is too small")
    else:
        x = lnd["loaded_mib_per_pass"] / g["pswpin_mib_per_pass"]
        L.append(f"- swap, load alone: gcma-lend serves from the area {100 * x:.0f} % of the swap-ins gcma "
                 f"sends to the device (per pass of the set: gcma {fmt_n(g['pswpin_mib_per_pass'])} MiB "
                 f"from the device; gcma-lend {fmt_n(lnd['loaded_mib_per_pass'])} MiB from the area, "
                 f"{fmt_n(lnd['pswpin_mib_per_pass'])} MiB from the device) "
                 f"({verdict(x >= SWAP_SHARE)}: >= {100 * SWAP_SHARE:.0f} %)")
    L += alloc_targets(idx, "swap", "the swap workload", SWAP_P99)
    return L


def swap_tables(L, meta, configs, idx, sizes):
    """The swap workload: the load in each configuration, alone and while
    allocating, and the allocations under it."""
    sw = meta["swap"]
    set_mib = next((sw[c]["set_mib"] for c in configs if sw[c]["set_mib"]), None)
    L.append("## Anonymous swap workload\n")
    L.append(f"One process cycles through {fmt_n(set_mib, '{:.0f}')} MiB of anonymous memory page by page "
             f"({meta.get('swap_order')} order; one page in {meta.get('swap_write_every')} written each pass, "
             "the others only read), with swap on a virtio disk of its own (sized to fit in the stock "
             "guest and not beside a guaranteed area). `alone`: after its warm-up, a window with nothing "
             "allocating; `allocating`: the swap cells summed (the calls' wait included, the console "
             "output between cells not). `MiB/s`: pages cycled (the sampling included); `passes`: "
             "of the set. Per pass, in MiB: `device in`: pages read from the swap device (`pswpin`); "
             "`area in`: swap-ins the area served from its copies (`swap_loaded`, not in `pswpin`); "
             "`device out`: pages written to the device (`pswpout`: every swap-out, lending or not). "
             "`area share`: `area in` over both. `majflt/pass`: the kernel's count of the load's major "
             "faults (a swap-in that found nothing in the swap cache). `major p50`, `p99` (ms): the "
             "load times every 7th touch and calls it a major fault when `mincore()` did not report "
             "the page resident just before (neither mapped nor in the swap cache): a bucketed "
             "histogram (under 2 % off), over the window (while allocating: the whole stretch of "
             "the cells, console output included); `sampled`: how many such faults. `lent`: the "
             "area's `lent_pages` sampled every 0.5 s, mean and min-max, in % of the area; `anon`: "
             "AnonPages at the end of the window alone. `lend, swap`: the area's `lend` and `lend_swap` "
             "(`none`: no such file).\n")
    L.append("| config | lend, swap | window | MiB/s | passes | device in/pass | area in/pass | area share "
             "| device out/pass | majflt/pass | major p50 | major p99 | sampled | lent | anon |")
    L.append("| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: "
             "| ---: | ---: |")

    def lent(w):
        if w["lent_mean"] is None:
            return "-"
        return f"{fmt_pct(w['lent_mean'])} ({100 * w['lent_min']:.0f}-{100 * w['lent_max']:.0f})"
    for c in configs:
        for which in ("alone", "allocating"):
            w = sw[c][which]
            if w["mib_per_s"] is None:
                continue
            mf = w["majflt"] / w["passes"] if w["majflt"] is not None and w["passes"] else None
            anon = w.get("anon_kb")
            L.append(f"| {c} | {meta['lend'].get(c) or '-'}, {sw[c]['lend_swap'] or '-'} | {which} "
                     f"| {fmt_n(w['mib_per_s'])} "
                     f"| {fmt_n(w['passes'])} | {fmt_n(w['pswpin_mib_per_pass'])} "
                     f"| {fmt_n(w['loaded_mib_per_pass'])} | {fmt_pct(w['area_share'])} "
                     f"| {fmt_n(w['pswpout_mib_per_pass'])} | {fmt_n(mf, '{:.0f}')} "
                     f"| {fmt_ms(w['major_p50_us'], w['majors'])} "
                     f"| {fmt_ms(w['major_p99_us'], w['majors'])} "
                     f"| {fmt_n(w['majors'], '{:d}')} | {lent(w)} "
                     f"| {f'{anon // 1024} MiB' if anon is not None else '-'} |")
    L.append("")
    g = sw.get("gcma", {})
    for which in ("alone", "allocating"):
        gi = g.get(which, {}).get("pswpin_mib_per_pass")
        li = sw.get("gcma-lend", {}).get(which, {}).get("loaded_mib_per_pass")
        if gi and li is not None:
            L.append(f"- served from the area, {which}: gcma-lend's area in / gcma's device in = "
                     f"{100 * li / gi:.0f} % ({fmt_n(li)} / {fmt_n(gi)} MiB per pass)")
    L.append("")

    L.append("Allocations under the swap load (cma_alloc() only). `taken/call`, `from`, `take-back "
             "us/page`: as under the re-read load.\n")
    takeback_table(L, configs, idx, sizes, "swap", PRESSURE_PATHS["swap"])
    full_table(L, configs, idx, sizes, "swap")


def targets(configs, idx, sizes):
    L = []

    def sname(s):
        r = next((r for (c, pr, pa, sz), r in idx.items() if sz == s), None)
        return size_name(r) if r else s

    def get(c, pr, pa, s, k):
        r = idx.get((c, pr, pa, s))
        return r and r[k]

    def verdict(ok):
        return "met" if ok else "missed"
    for pa in PATHS:
        for s in sizes:
            g, gi = idx.get(("gcma", "all", pa, s)), idx.get(("gcma", "idle", pa, s))
            if not g or not gi or g["p50_us"] is None or gi["p50_us"] is None:
                continue
            r50 = g["p50_us"] / gi["p50_us"]
            head = f"- {PATH_NAME[pa]} {sname(s)}: GCMA all/idle"
            if r50 < 1:
                L.append(f"{head} p50 {r50:.2f}x: not judged (<= 1.2x, p99 <= 2x), the idle cell is "
                         f"the slower one (idle p50 {fmt_ms(gi['p50_us'])} ms, all "
                         f"{fmt_ms(g['p50_us'])} ms)")
                continue
            a, b = LATS.get(("gcma", "all", pa, s)), LATS.get(("gcma", "idle", pa, s))
            if g["p99_us"] is not None and gi["p99_us"] is not None:
                r99 = g["p99_us"] / gi["p99_us"]
                p99 = f"p99 {judge(r99, boot_ci(a, b, 99), 2)}"
            else:
                p99 = (f"p99 not judged ({min(g['ok'], gi['ok'])} calls; a p99 needs "
                       f"{MIN_N[99]})")
            L.append(f"{head} p50 {judge(r50, boot_ci(a, b, 50), 1.2)}, {p99}")
    for pa in PATHS:
        st, g = idx.get(("stock", "all", pa, "32")), idx.get(("gcma", "all", pa, "32"))
        if not st or not g:
            continue
        if st["p99_us"] and g["p99_us"]:
            r = st["p99_us"] / g["p99_us"]
            ci = boot_ci(LATS.get(("stock", "all", pa, "32")), LATS.get(("gcma", "all", pa, "32")), 99)
            L.append(f"- {PATH_NAME[pa]} 32 MiB under combined pressure: stock p99 / GCMA p99 = "
                     + judge(r, ci, 50, at_most=False).replace("missed", "below the aim"))
        else:
            L.append(f"- {PATH_NAME[pa]} 32 MiB under combined pressure: stock p99 / GCMA p99 not "
                     f"judged ({min(st['ok'], g['ok'])} calls; a p99 needs {MIN_N[99]})")
    gf = [r for (c, pr, pa, s), r in idx.items() if c.startswith("gcma") and pa != "memset"]
    if gf:
        nf = sum(r["fail"] for r in gf)
        nc = sum(r["fail"] for r in gf if r["path"] == "cma")
        L.append(f"- GCMA failures: {nf} in {sum(r['calls'] for r in gf)} timed calls, {nc} of them "
                 f"cma_alloc() ({verdict(nf == 0)}: zero)")
    for pa in PATHS:
        for s in sizes:
            d, st = idx.get(("stock-defer", "all", pa, s)), idx.get(("stock", "all", pa, s))
            if not d or not st or st["p50_us"] is None:
                continue
            head = f"- {PATH_NAME[pa]} {sname(s)}, combined pressure: stock p50 / stock-defer hits p50"
            if d["hits"] is None:
                L.append(f"{head}: not judged, this run does not tell hits from misses")
                continue
            if not d["hit_p50_us"]:
                L.append(f"{head}: not judged, no hit in {d['calls']} calls")
                continue
            r = st["p50_us"] / d["hit_p50_us"]
            miss = (f"; the {d['misses']} misses: p50 {fmt_ms(d['miss_p50_us'])} ms"
                    if d["misses"] and d["miss_p50_us"] is not None else
                    f"; {d['misses']} misses" if d["misses"] else "")
            ci = boot_ci(LATS.get(("stock", "all", pa, s)), LATS.get(("stock-defer", "all", pa, s, "hit")), 50)
            L.append(f"{head} = {judge(r, ci, 10, at_most=False)}, {d['hits']} hits in "
                     f"{d['calls']} calls{miss}")
    return L


def plot(out, raw, configs, data, sizes):
    if not shutil.which("gnuplot"):
        print("bench-report.py: no gnuplot, no plots", file=sys.stderr)
        return []
    made = []
    for pr, prefix, what in (("all", "cdf", "combined pressure (anon + page cache + O_DIRECT pins)"),
                             ("reread", "cdf-reread", "the file re-read workload"),
                             ("swap", "cdf-swap", "the anonymous swap workload")):
        for pa in PATHS:
            for s in sizes:
                curves = []
                for c in configs:
                    cell = data[c][1].get(f"{pr}/{pa}/{s}")
                    if not cell or not cell["lat"]:
                        continue
                    lat = sorted(v for v, _ in cell["lat"])
                    n = len(lat) + len(cell["fail"])
                    dat = os.path.join(raw, f"{prefix}-{c}-{pa}-{s}.dat")
                    with open(dat, "w") as f:
                        for i, v in enumerate(lat, 1):
                            f.write(f"{v / 1000:.4f} {i / n:.5f}\n")
                    curves.append((c, dat))
                if not curves:
                    continue
                png = f"{prefix}-{pa}-{s}.png"
                mib = data[configs[0]][0].get("max_mib") if s == "max" else s
                script = [
                    "set terminal pngcairo size 800,500" if "cairo" in gnuplot_terms() else "set terminal png size 800,500",
                    f"set output '{os.path.join(out, png)}'",
                    "set termoption noenhanced",
                    f"set title '{PATH_NAME[pa]} {mib} MiB under {what}'",
                    "set xlabel 'latency (ms, log scale)'", "set ylabel 'fraction of calls (a failed call never arrives)'",
                    "set logscale x", "set grid", "set key bottom right", "set yrange [0:1]",
                    "plot " + ", ".join(f"'{d}' using 1:2 with steps lw 2{colour(c)} title '{c}'" for c, d in curves),
                ]
                subprocess.run(["gnuplot"], input="\n".join(script), text=True, check=True)
                made.append(png)
                # the same plot as text, for a README or a mail
                script[0] = "set terminal dumb size 100,32"
                script[1] = f"set output '{os.path.join(out, png[:-4] + '.txt')}'"
                subprocess.run(["gnuplot"], input="\n".join(script), text=True, check=True)
    return made


def colour(c):
    return f" lc rgb '{COLOURS[c]}'" if c in COLOURS else ""


_TERMS = None


def gnuplot_terms():
    global _TERMS
    if _TERMS is None:
        p = subprocess.run(["gnuplot", "-e", "set terminal"], capture_output=True, text=True)
        _TERMS = p.stdout + p.stderr
    return _TERMS


if __name__ == "__main__":
    sys.exit(main())
