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
combined pressure.

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
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile

CONFIGS = ["stock", "gcma", "stock-defer", "gcma-defer"]
PRESSURES = ["idle", "anon", "cache", "pin", "all"]
PATHS = ["cma", "heap"]
PATH_NAME = {"cma": "cma_alloc", "heap": "dma-heap", "memset": "memset"}
LOADS = {"churn": "churn MB/s", "stream": "stream MB/s", "pin": "pin reads/s"}
# counters whose change over each cell goes into the rows
DELTAS = ("pgmigrate_success", "pgmigrate_fail", "cma_alloc_fail", "alloc_pages_fail",
          "defer_free_hits", "defer_free_misses", "defer_free_drained_pages",
          "defer_free_shrunk_pages")
# a tail percentile is reported only when it is not the maximum: the
# nearest-rank p99 of fewer than 100 samples (p90 of fewer than 10) is
MIN_N = {90: 10, 99: 100}
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
    return {"lat": [], "fail": [], "warm": [], "warm_fail": [], "err": [], "rc": None, "plan": None}


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
    """Raw lines -> info, cells, snaps, loads, ready.  Understands the lines
    of runs before warm-up and tags (lat_us CELL USEC, fail CELL ERRNO)."""
    info, cells, snaps, loads, ready = {}, {}, {}, [], {}
    for line in lines:
        w = line.split()
        if len(w) < 2:
            continue
        if w[0] == "info":
            info.update(kv(w[1:]))
        elif w[0] in ("lat_us", "warm_us", "fail", "warm_fail") and len(w) in (3, 4):
            c = cells.setdefault(w[1], new_cell())
            tag = w[3] if len(w) == 4 else None
            try:
                v = float(w[2])
            except ValueError:
                continue
            key = {"lat_us": "lat", "warm_us": "warm"}.get(w[0], w[0])
            c[key].append((v, tag))
        elif w[0] == "plan" and len(w) == 4:
            cells.setdefault(w[1], new_cell())["plan"] = (int(w[2]), int(w[3]))
        elif w[0] == "err" and len(w) >= 2:
            cells.setdefault(w[1], new_cell())["err"].append(" ".join(w[2:]))
        elif w[0] == "rc" and len(w) == 3:
            cells.setdefault(w[1], new_cell())["rc"] = int(w[2]) if w[2].lstrip("-").isdigit() else w[2]
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
            if s not in sizes:
                sizes.append(s)
    sizes.sort(key=lambda s: float("inf") if s == "max" else float(s))
    pressures = [p for p in host.get("pressures", "").split(",") if p]
    if not pressures:  # a run before the plan was written down: what ran
        seen = {label.split("/")[0] for c in configs for label in data[c][1]}
        pressures = [p for p in PRESSURES if p in seen]
    planned = {}
    for pr in pressures:
        for pa in PATHS + (["memset"] if pr == "idle" else []):
            for s in sizes:
                n = int(host.get("iters_max" if s == "max" else "iters", 0) or 0)
                warm = None if "warmup" not in host else 0 if pa == "memset" else int(host["warmup"])
                planned[f"{pr}/{pa}/{s}"] = (n, warm)

    checks, notes = [], []
    rows = []
    for c in configs:
        info, cells, snaps, _, _ = data[c]
        for label in sorted(set(planned) - set(cells)):
            checks.append(f"{c}: cell {label} is missing")
        for label in sorted(set(cells) - set(planned)):
            checks.append(f"{c}: cell {label} was not planned")
        for pr in PRESSURES:
            for pa in PATHS + ["memset"]:
                for s in sizes:
                    label = f"{pr}/{pa}/{s}"
                    if label not in cells:
                        continue
                    cell = cells[label]
                    rows.append(make_row(c, pr, pa, s, label, info, cell, snaps.get(label, {}),
                                         planned.get(label), checks))

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
    meta["boot_counters"] = {c: boot_counters(data[c][2]) for c in configs}
    meta["tagged"] = any(r["hits"] is not None for r in rows)
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


def make_row(c, pr, pa, s, label, info, cell, sn, plan, checks):
    lat = sorted(v for v, _ in cell["lat"])
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
    return row


def boot_counters(snaps):
    """The defer-free counters over the whole boot: from the first snapshot
    to the last (between cells too, e.g. while a load warms up)."""
    first = last = None
    for label in snaps:  # in the order of the console
        s = snaps[label]
        if first is None and "before" in s:
            first = s["before"]
        if "after" in s:
            last = s["after"]
    out = {}
    for k in ("defer_free_hits", "defer_free_misses", "defer_free_shrunk_pages",
              "defer_free_drained_pages", "pgmigrate_success", "cma_alloc_fail"):
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
             f"pinner seed {meta.get('seed')}. Run of {meta.get('date')}, "
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
             "streamer; O_DIRECT `pin`ner; `all` three.\n")

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
             "idle cell is the slower one (it is then no baseline).\n")
    L.extend(targets(configs, idx, sizes))
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

    L.append("## Was the pressure real? (stock and stock-defer: pages migrated, retries, failures)\n")
    L.append("Summed over the cells of each pressure, warm-up calls included (the counters are read "
             "before and after each cell). `migrate fail`: pages that could not be migrated "
             "(each makes cma_alloc() give up a range and retry further on); `cma_alloc fail`: "
             "failed cma_alloc() calls (vmstat); `foreground fail`: failed timed calls (`+N`: and "
             "warm-up calls); `defer hits/misses`: defer-free's counters; `shrunk`, `drained`: pages "
             "the cache gave back to the shrinker, and to allocations that found no free range.\n")
    L.append("| config | pressure | pgmigrate_success | pgmigrate_fail | cma_alloc fail | foreground fail "
             "| defer hits | defer misses | shrunk pages | drained pages |")
    L.append("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
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
                     f"| {s('defer_free_shrunk_pages')} | {s('defer_free_drained_pages')} |")
    L.append("")
    L.append("Over each whole boot, from before its first cell to after its last, the time between "
             "cells included (the loads' warm-up, the page cache dropped after each pressure):\n")
    L.append("| config | defer hits | defer misses | defer_free_shrunk_pages | defer_free_drained_pages "
             "| pgmigrate_success | cma_alloc fail |")
    L.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for c in configs:
        b = meta["boot_counters"][c]

        def g(k):
            return "-" if b[k] is None else str(b[k])
        L.append(f"| {c} | {g('defer_free_hits')} | {g('defer_free_misses')} | {g('defer_free_shrunk_pages')} "
                 f"| {g('defer_free_drained_pages')} | {g('pgmigrate_success')} | {g('cma_alloc_fail')} |")
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
    if any(r["pressure"] not in ("idle", "all") for r in rows):
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
            if g["p99_us"] is not None and gi["p99_us"] is not None:
                r99 = g["p99_us"] / gi["p99_us"]
                p99 = f"p99 {r99:.2f}x ({verdict(r99 <= 2)}: <= 2x)"
            else:
                p99 = (f"p99 not judged ({min(g['ok'], gi['ok'])} calls; a p99 needs "
                       f"{MIN_N[99]})")
            L.append(f"{head} p50 {r50:.2f}x ({verdict(r50 <= 1.2)}: <= 1.2x), {p99}")
    for pa in PATHS:
        st, g = idx.get(("stock", "all", pa, "32")), idx.get(("gcma", "all", pa, "32"))
        if not st or not g:
            continue
        if st["p99_us"] and g["p99_us"]:
            r = st["p99_us"] / g["p99_us"]
            L.append(f"- {PATH_NAME[pa]} 32 MiB under combined pressure: stock p99 / GCMA p99 = {r:.1f}x "
                     f"({'met' if r >= 50 else 'below'} the 50x aim)")
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
            L.append(f"{head} = {r:.1f}x ({verdict(r >= 10)}: >= 10x), {d['hits']} hits in "
                     f"{d['calls']} calls{miss}")
    return L


def plot(out, raw, configs, data, sizes):
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
                lat = sorted(v for v, _ in cell["lat"])
                n = len(lat) + len(cell["fail"])
                dat = os.path.join(raw, f"cdf-{c}-{pa}-{s}.dat")
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
    sys.exit(main())
