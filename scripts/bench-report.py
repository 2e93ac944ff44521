#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Turn the raw output of make bench into tables and plots.

usage: bench-report.py DIR

DIR/raw/host.txt describes the run (QEMU, parameters), DIR/raw/CONFIG.txt
holds the BENCH: lines of one boot (see tools/testing/gcma-guest/tests/
bench/lib.sh): per-call latencies and failures, counters before and after
each cell.  Writes DIR/results.md, results.csv, results.json and, with
gnuplot, DIR/cdf-PATH-SIZE.png: the latency CDF of every configuration
under combined pressure.
"""
import csv
import json
import math
import os
import shutil
import subprocess
import sys

CONFIGS = ["stock", "gcma", "stock-defer", "gcma-defer"]
PRESSURES = ["idle", "anon", "cache", "pin", "all"]
PATHS = ["cma", "heap"]
PATH_NAME = {"cma": "cma_alloc", "heap": "dma-heap", "memset": "memset"}
LOADS = {"churn": "churn MB/s", "stream": "stream MB/s", "pin": "pin reads/s"}


def percentile(v, p):
    """Nearest rank, as stats.h does in the guest."""
    if not v:
        return None
    i = max(0, math.ceil(p * len(v)) - 1)
    return v[min(i, len(v) - 1)]


def kv(words):
    out = {}
    for w in words:
        k, _, v = w.partition("=")
        out[k] = v
    return out


def parse(path):
    info, cells, snaps, loads, ready = {}, {}, {}, [], {}
    with open(path, errors="replace") as f:
        for line in f:
            w = line.split()
            if len(w) < 2:
                continue
            if w[0] == "info":
                info.update(kv(w[1:]))
            elif w[0] in ("lat_us", "fail") and len(w) == 3:
                c = cells.setdefault(w[1], {"lat": [], "fail": 0})
                if w[0] == "lat_us":
                    c["lat"].append(float(w[2]))
                else:
                    c["fail"] += 1
            elif w[0] == "snap" and len(w) > 3:
                snaps.setdefault(w[1], {})[w[2]] = kv(w[3:])
            elif w[0] == "ready" and len(w) == 3:
                ready[w[1]] = w[2]
            elif w[0] == "load":
                loads.append(" ".join(w[1:]))
    return info, cells, snaps, loads, ready


def delta(snap, key):
    try:
        return int(snap["after"][key]) - int(snap["before"][key])
    except (KeyError, ValueError):
        return None


def fmt_ms(us):
    if us is None:
        return "-"
    ms = us / 1000
    return f"{ms:.3f}" if ms < 1 else f"{ms:.2f}" if ms < 10 else f"{ms:.1f}" if ms < 100 else f"{ms:.0f}"


def fmt_x(r):
    if r is None:
        return "-"
    return f"{r:.2f}x" if r < 10 else f"{r:.0f}x"


def ratio(a, b):
    return a / b if a is not None and b else None


def main():
    out = sys.argv[1]
    raw = os.path.join(out, "raw")
    host = {}
    with open(os.path.join(raw, "host.txt")) as f:
        for line in f:
            for w in line.split():
                if "=" in w and not line.startswith("qemu="):
                    k, _, v = w.partition("=")
                    host[k] = v
            if line.startswith("qemu="):
                host["qemu"] = line[5:].strip()
    configs = [c for c in CONFIGS + sorted(set(host.get("configs", "").split()) - set(CONFIGS))
               if os.path.exists(os.path.join(raw, c + ".txt"))]
    if not configs:
        sys.exit("bench-report.py: no raw results in " + raw)
    data = {c: parse(os.path.join(raw, c + ".txt")) for c in configs}

    # one row per config x pressure x path x size
    rows = []
    sizes = []
    for c in configs:
        info, cells, snaps, _, _ = data[c]
        for label in cells:
            size = label.split("/")[2]
            if size not in sizes:
                sizes.append(size)
    sizes.sort(key=lambda s: float("inf") if s == "max" else float(s))
    for c in configs:
        info, cells, snaps, _, _ = data[c]
        for pr in PRESSURES:
            for pa in PATHS + ["memset"]:
                for s in sizes:
                    label = f"{pr}/{pa}/{s}"
                    if label not in cells:
                        continue
                    lat = sorted(cells[label]["lat"])
                    sn = snaps.get(label, {})
                    secs = None
                    try:
                        secs = float(sn["after"]["uptime"]) - float(sn["before"]["uptime"])
                    except (KeyError, ValueError):
                        pass
                    row = {
                        "config": c, "pressure": pr, "path": pa, "size": s,
                        "mib": int(info.get("max_mib", 0)) if s == "max" else int(s),
                        "calls": len(lat) + cells[label]["fail"],
                        "fail": cells[label]["fail"],
                        "p50_us": percentile(lat, 0.5), "p90_us": percentile(lat, 0.9),
                        "p99_us": percentile(lat, 0.99), "max_us": lat[-1] if lat else None,
                        "seconds": secs,
                    }
                    for k in ("pgmigrate_success", "pgmigrate_fail", "cma_alloc_fail",
                              "alloc_pages_fail", "defer_free_hits", "defer_free_misses",
                              "defer_free_drained_pages"):
                        row[k] = delta(sn, k)
                    for load in LOADS:
                        n, b = delta(sn, load + "_count"), delta(sn, load + "_bytes")
                        if load == "pin":
                            row["pin_reads_per_s"] = n / secs if n is not None and secs else None
                        else:
                            row[load + "_mb_per_s"] = b / 1e6 / secs if b is not None and secs else None
                    rows.append(row)
    idx = {(r["config"], r["pressure"], r["path"], r["size"]): r for r in rows}
    for r in rows:
        if r["path"] == "memset":
            continue
        st = idx.get(("stock", r["pressure"], r["path"], r["size"]))
        idle = idx.get((r["config"], "idle", r["path"], r["size"]))
        floor = idx.get((r["config"], "idle", "memset", r["size"]))
        r["stock_over_p50"] = ratio(st and st["p50_us"], r["p50_us"])
        r["stock_over_p99"] = ratio(st and st["p99_us"], r["p99_us"])
        r["p50_vs_idle"] = ratio(r["p50_us"], idle and idle["p50_us"])
        r["p99_vs_idle"] = ratio(r["p99_us"], idle and idle["p99_us"])
        r["floor_us"] = floor and floor["p50_us"]

    kernel = sorted({data[c][0].get("kernel", "?") for c in configs})
    meta = dict(host)
    meta["kernel"] = ", ".join(kernel)
    meta["clocksource"] = ", ".join(sorted({data[c][0].get("clocksource", "?") for c in configs}))
    meta["configs"] = configs
    meta["max_mib"] = {c: data[c][0].get("max_mib") for c in configs}
    meta["warmup_s"] = {c: data[c][4] for c in configs}
    meta["mem_kb"] = {c: (data[c][0].get("mem_total_kb", 0), data[c][0].get("mem_available_kb", 0))
                      for c in configs}
    meta["loads"] = {c: data[c][3] for c in configs}

    with open(os.path.join(out, "results.json"), "w") as f:
        json.dump({"meta": meta, "rows": rows}, f, indent=1)
    keys = list(rows[0].keys()) + [k for k in ("stock_over_p50", "stock_over_p99", "p50_vs_idle",
                                                 "p99_vs_idle", "floor_us") if k not in rows[0]]
    with open(os.path.join(out, "results.csv"), "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=keys)
        w.writeheader()
        for r in rows:
            w.writerow({k: ("" if r.get(k) is None else r.get(k)) for k in keys})

    plots = plot(out, configs, data, sizes)
    md = markdown(meta, configs, rows, idx, sizes, plots)
    with open(os.path.join(out, "results.md"), "w") as f:
        f.write(md)
    print(md)


def size_name(r):
    return f"{r['mib']} MiB" + (" (max)" if r["size"] == "max" else "")


def markdown(meta, configs, rows, idx, sizes, plots):
    L = []
    L.append("# make bench results\n")
    L.append(f"Kernel {meta['kernel']} ({meta.get('kernel_image', '?')}), {meta.get('qemu', '?')} (TCG), "
             f"{meta.get('arch')} guest of {meta.get('mem_mib')} MiB, 2 vCPUs, {meta.get('area_mib')} MiB "
             f"default area, host of {meta.get('host_cpus')} CPUs. {meta.get('iters')} calls per cell "
             f"({meta.get('iters_max')} for the largest size), {meta.get('wait_us')} us apart; "
             f"anonymous ring {meta.get('churn_mib')} MiB, streamed file {meta.get('stream_mib')} MiB, "
             f"pinner seed {meta.get('seed')}. Run of {meta.get('date')}, "
             f"{int(meta.get('seconds', 0)) // 60} min. Guest clocksource {meta['clocksource']}.\n")
    if "jiffies" in meta["clocksource"]:
        L.append("**Warning: the guest timed with a jiffies clocksource; latencies are "
                 "multiples of a tick.**\n")
    L.append("Times in ms. `stock/this`: stock CMA's p50 (p99) in the same cell over this one, "
             "how many times faster than stock; `this/idle`: this p50 (p99) over the same "
             "configuration's on the idle guest, how many times slower under load. `floor`: memset of "
             "the same size in the guest (p50). Pressure: `idle`; `anon` ring; page-`cache` "
             "streamer; O_DIRECT `pin`ner; `all` three.\n")

    def table(filter_fn, title):
        L.append(f"## {title}\n")
        L.append("| path | size | config | pressure | p50 | p90 | p99 | max | fail/calls "
                 "| stock/this p50 | stock/this p99 | this/idle p50 | this/idle p99 | floor |")
        L.append("| --- | --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
        for pa in PATHS:
            for s in sizes:
                for pr in PRESSURES:
                    for c in configs:
                        r = idx.get((c, pr, pa, s))
                        if not r or not filter_fn(r):
                            continue
                        L.append(f"| {PATH_NAME[pa]} | {size_name(r)} | {c} | {pr} | {fmt_ms(r['p50_us'])} "
                                 f"| {fmt_ms(r['p90_us'])} | {fmt_ms(r['p99_us'])} | {fmt_ms(r['max_us'])} "
                                 f"| {r['fail']}/{r['calls']} | {fmt_x(r['stock_over_p50'])} "
                                 f"| {fmt_x(r['stock_over_p99'])} | {fmt_x(r['p50_vs_idle'])} "
                                 f"| {fmt_x(r['p99_vs_idle'])} | {fmt_ms(r['floor_us'])} |")
        L.append("")

    table(lambda r: r["pressure"] in ("idle", "all"), "Idle and under combined pressure")
    L.append("## Targets\n")
    L.extend(targets(configs, idx, sizes))
    L.append("")
    L.append("## Was the pressure real? (stock and stock-defer: pages migrated, retries, failures)\n")
    L.append("Summed over the cells of each pressure. `migrate fail`: pages that could not be migrated "
             "(each makes cma_alloc() give up a range and retry further on); `cma_alloc fail`: "
             "failed cma_alloc() calls (vmstat); `defer hits/misses`: defer-free.\n")
    L.append("| config | pressure | pgmigrate_success | pgmigrate_fail | cma_alloc fail | foreground fail | defer hits | defer misses |")
    L.append("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for c in configs:
        for pr in PRESSURES:
            sel = [r for r in rows if r["config"] == c and r["pressure"] == pr and r["path"] != "memset"]
            if not sel:
                continue
            s = lambda k: sum(r[k] or 0 for r in sel)
            L.append(f"| {c} | {pr} | {s('pgmigrate_success')} | {s('pgmigrate_fail')} "
                     f"| {s('cma_alloc_fail')} | {s('fail')} | {s('defer_free_hits')} | {s('defer_free_misses')} |")
    L.append("")
    L.append("## The cost: throughput of the background load\n")
    L.append("Mean over the cells of each pressure, while the foreground allocated. A guaranteed area "
             "is memory the load cannot use.\n")
    L.append("| config | memory at boot (MemTotal / MemAvailable) |")
    L.append("| --- | ---: |")
    for c in configs:
        L.append(f"| {c} | {int(meta['mem_kb'][c][0]) // 1024} / {int(meta['mem_kb'][c][1]) // 1024} MiB |")
    L.append("")
    L.append("| config | pressure | churn MB/s | stream MB/s | pin reads/s |")
    L.append("| --- | --- | ---: | ---: | ---: |")
    for pr in PRESSURES[1:]:
        for c in configs:
            sel = [r for r in rows if r["config"] == c and r["pressure"] == pr and r["path"] != "memset"]
            if not sel:
                continue

            def mean(k):
                v = [r[k] for r in sel if r.get(k) is not None]
                return f"{sum(v) / len(v):.1f}" if v else "-"
            L.append(f"| {c} | {pr} | {mean('churn_mb_per_s')} | {mean('stream_mb_per_s')} | {mean('pin_reads_per_s')} |")
    L.append("")
    table(lambda r: r["pressure"] not in ("idle", "all"), "Each pressure alone")
    if plots:
        L.append("## Plots\n")
        for p in plots:
            L.append(f"![{p}]({p})")
        L.append("")
    return "\n".join(L) + "\n"


def targets(configs, idx, sizes):
    L = []

    def sname(s):
        r = next((r for (c, pr, pa, sz), r in idx.items() if sz == s), None)
        return size_name(r) if r else s

    def get(c, pr, pa, s, k):
        r = idx.get((c, pr, pa, s))
        return r and r[k]
    for pa in PATHS:
        for s in sizes:
            g99, gi99 = get("gcma", "all", pa, s, "p99_us"), get("gcma", "idle", pa, s, "p99_us")
            g50, gi50 = get("gcma", "all", pa, s, "p50_us"), get("gcma", "idle", pa, s, "p50_us")
            if g99 is None or gi99 is None:
                continue
            r99, r50 = g99 / gi99, g50 / gi50
            L.append(f"- {PATH_NAME[pa]} {sname(s)}: GCMA p99 all/idle {r99:.2f}x "
                     f"({'met' if r99 <= 2 else 'missed'}: <= 2x), p50 {r50:.2f}x "
                     f"({'met' if r50 <= 1.2 else 'missed'}: <= 1.2x)")
    for pa in PATHS:
        st, g = get("stock", "all", pa, "32", "p99_us"), get("gcma", "all", pa, "32", "p99_us")
        if st and g:
            r = st / g
            L.append(f"- {PATH_NAME[pa]} 32 MiB under combined pressure: stock p99 / GCMA p99 = {r:.1f}x "
                     f"({'met' if r >= 50 else 'below'} the 50x aim)")
    gf = [(c, r) for (c, pr, pa, s), r in idx.items() if c.startswith("gcma") and pa != "memset"]
    nf = sum(r["fail"] for _, r in gf)
    if gf:
        L.append(f"- GCMA failures: {nf} in {sum(r['calls'] for _, r in gf)} calls "
                 f"({'met' if nf == 0 else 'missed'}: zero)")
    for pa in PATHS:
        for s in sizes:
            d, st = get("stock-defer", "all", pa, s, "p50_us"), get("stock", "all", pa, s, "p50_us")
            if d and st:
                r = st / d
                L.append(f"- {PATH_NAME[pa]} {sname(s)}, combined pressure: stock p50 / stock-defer p50 "
                         f"(hits) = {r:.1f}x ({'met' if r >= 10 else 'missed'}: >= 10x)")
    return L


def plot(out, configs, data, sizes):
    if not shutil.which("gnuplot"):
        print("bench-report.py: no gnuplot, no plots", file=sys.stderr)
        return []
    made = []
    for pa in PATHS:
        for s in sizes:
            curves = []
            for c in configs:
                cell = data[c][1].get(f"all/{pa}/{s}")
                if not cell or not cell["lat"]:
                    continue
                lat = sorted(cell["lat"])
                n = len(lat) + cell["fail"]
                dat = os.path.join(out, "raw", f"cdf-{c}-{pa}-{s}.dat")
                with open(dat, "w") as f:
                    for i, v in enumerate(lat, 1):
                        f.write(f"{v / 1000:.4f} {i / n:.5f}\n")
                curves.append((c, dat))
            if not curves:
                continue
            png = f"cdf-{pa}-{s}.png"
            mib = data[configs[0]][0].get("max_mib") if s == "max" else s
            script = [
                "set terminal pngcairo size 800,500" if "cairo" in gnuplot_terms() else "set terminal png size 800,500",
                f"set output '{os.path.join(out, png)}'",
                "set termoption noenhanced",
                f"set title '{PATH_NAME[pa]} {mib} MiB under combined pressure (anon + page cache + O_DIRECT pins)'",
                "set xlabel 'latency (ms, log scale)'", "set ylabel 'fraction of calls (a failed call never arrives)'",
                "set logscale x", "set grid", "set key bottom right", "set yrange [0:1]",
                "plot " + ", ".join(f"'{d}' using 1:2 with steps lw 2 title '{c}'" for c, d in curves),
            ]
            subprocess.run(["gnuplot"], input="\n".join(script), text=True, check=True)
            made.append(png)
            # the same plot as text, for a README or a mail
            script[0] = "set terminal dumb size 100,32"
            script[1] = f"set output '{os.path.join(out, png[:-4] + '.txt')}'"
            subprocess.run(["gnuplot"], input="\n".join(script), text=True, check=True)
    return made


_TERMS = None


def gnuplot_terms():
    global _TERMS
    if _TERMS is None:
        p = subprocess.run(["gnuplot", "-e", "set terminal"], capture_output=True, text=True)
        _TERMS = p.stdout + p.stderr
    return _TERMS


if __name__ == "__main__":
    main()
