# SPDX-License-Identifier: GPL-2.0
"""The report of one run, from its raw files (host.txt, the consoles) to
results.json, results.csv, results.md, raw.tar.gz and the plots."""
import os
import sys

from . import common
from .plots import plot
from .raw import bench_lines, parse, parse_appstart, parse_cost, raw_files, read_host, write_archive
from .rows import (appstart_summary, boot_counters, cost_summary, extended, make_row, release_rows,
                   reread_summary, swap_bad, swap_summary, takeback_cost)
from .stats import ratio
from .tables import markdown, write_data


def report(out, raw, src):
    """Write the report of the run whose raw files are in raw into out (src:
    the raw.tar.gz they came from, None when they are out/raw); 3 when the
    run does not match its plan, else 0."""
    host = read_host(raw)
    configs = [c for c in common.CONFIGS + sorted(set(host.get("configs", "").split()) - set(common.CONFIGS))
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
        pressures = [p for p in common.PRESSURES if p in seen]
    planned = {}
    for pr in pressures:
        for pa in common.PRESSURE_PATHS.get(pr, common.PATHS) + (["memset"] if pr == "idle" else []):
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
    common.LATS.clear()
    for c in configs:
        info, cells, snaps = data[c][:3]
        plan = dict(planned, **(planned_full if info.get("lend") == "1" else {}))
        for label in sorted(set(plan) - set(cells)):
            checks.append(f"{c}: cell {label} is missing")
        for label in sorted(set(cells) - set(plan)):
            checks.append(f"{c}: cell {label} was not planned")
        for pr in common.PRESSURES:
            for pa in common.PATHS + ["memset", "full"]:
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
    if "appstart" in pressures:
        meta["appstart"] = {c: appstart_summary(parse_appstart(bench_lines(raw, c))) for c in configs}
        for c in configs:
            if not meta["appstart"][c]["starts"]:
                checks.append(f"{c}: no measured app start")
    if "cost" in pressures:
        meta["cost"] = {c: cost_summary(parse_cost(bench_lines(raw, c))) for c in configs}
        for c in configs:
            for wl in common.COST_WORKLOADS:
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

    write_data(out, meta, rows)
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
