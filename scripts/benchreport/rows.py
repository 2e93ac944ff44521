# SPDX-License-Identifier: GPL-2.0
"""The numbers of a run: one row per cell (its percentiles, the plan
against what it holds, the counters' change over it, lending's and the
swap load's columns, its full calls, into common.LATS), the summaries of
the re-read, swap and cost workloads, the release times, and each boot's
counters."""
import statistics

from . import common
from .raw import delta, hist_of, kv
from .stats import avg, hist_percentile, percentile

LOADS = {"churn": "churn MB/s", "stream": "stream MB/s", "pin": "pin reads/s"}
# counters whose change over each cell goes into the rows
DELTAS = ("pgmigrate_success", "pgmigrate_fail", "cma_alloc_fail", "alloc_pages_fail",
          "defer_free_hits", "defer_free_misses", "defer_free_drained_pages",
          "defer_free_shrunk_pages")
# the same, for the re-read pressure and lending areas (runs that have them)
LEND_DELTAS = ("lend_stored", "lend_loaded", "lend_evicted", "lend_invalidated",
               "lend_taken_back", "disk_read_sectors")
# the same for the swap workload: cycle, in counters of the swap load
SWAP_DELTAS = ("pswpin", "pswpout", "pgmajfault", "swap_stored", "swap_loaded",
               "swap_invalidated", "swap_evicted", "swap_taken_back")


def tags(calls):
    """(hits, misses, other, untagged) of a list of (value, tag)."""
    h = sum(1 for _, t in calls if t == "hit")
    m = sum(1 for _, t in calls if t == "miss")
    u = sum(1 for _, t in calls if t is None)
    o = sum(1 for _, t in calls if t == "?")
    return h, m, o, u


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


def make_row(c, pr, pa, s, label, info, cell, sn, plan, checks, ext=False, swap=False, full=False):
    lat = sorted(v for v, _ in cell["lat"])
    common.LATS[(c, pr, pa, s)] = lat
    common.LATS[(c, pr, pa, s, "hit")] = sorted(v for v, t in cell["lat"] if t == "hit")
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
        lat = sorted(v for (v, _), n in zip(cell["lat"], taken) if n >= common.FULL * pages)
        common.LATS[(c, pr, pa, s, "full")] = lat
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


def snaps_total(snaps, k):
    """Counter K summed over snaps ({before:, after:} each); None when a
    snap lacks it or there is none."""
    v = [delta(s, k) for s in snaps]
    return None if not v or any(x is None for x in v) else sum(v)


def snaps_seconds(snaps):
    """The seconds snaps span, summed (uptime after - before); None when
    unknown or zero."""
    try:
        return sum(float(s["after"]["uptime"]) - float(s["before"]["uptime"]) for s in snaps) or None
    except (KeyError, ValueError):
        return None


def load_stats(snaps, lent, set_mib):
    """Sum the re-read load's counters over snaps ({before:, after:} each)."""
    def total(k):
        return snaps_total(snaps, k)
    secs = snaps_seconds(snaps)
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
    return lent_shares(out, lent)


def lent_shares(out, lent):
    """OUT with the area's lent share sampled during a window (LENT: the
    load's samples, min, mean and max lent pages of area_pages), each as
    a fraction of the area; None where nothing was sampled."""
    try:
        n, pages = int(lent.get("samples", 0)), int(lent["area_pages"])
    except (KeyError, ValueError):
        n, pages = 0, 0
    out["lent_samples"] = n
    for k in ("min", "mean", "max"):
        out["lent_" + k] = int(lent[k]) / pages if n and pages and k in lent else None
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
        return snaps_total(snaps, k)
    secs = snaps_seconds(snaps)
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
    return lent_shares(out, lent)


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


def release_rows(data, configs, sizes):
    """cma_release() times (free_us lines, runs from 2026-11-29 on): per
    pressure, size and configuration, p50 and p99 in us and the calls."""
    out = []
    for pr in common.PRESSURES:
        for s in sizes:
            label = f"{pr}/cma/{s}"
            for c in configs:
                v = sorted(data[c][1].get(label, {}).get("free", []))
                if v:
                    out.append({"pressure": pr, "size": s, "config": c, "calls": len(v),
                                "p50_us": percentile(v, 50), "p99_us": percentile(v, 99)})
    return out


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


def appstart_summary(d, page_kib=4):
    """The app starts of one configuration (raw.parse_appstart()): the
    measured ones' times (us, sorted, also kept for the interval), and per
    start what was read, what the disk read, what the area loaded back;
    `served`: the share of what the starts read that the disk did not (the
    page cache's and the area's), `area`: the area's share of it."""
    starts = [s for s in d["starts"] if s.get("warm") == "0"]
    us = sorted(float(s["us"]) for s in starts if "us" in s)

    def mean(key, scale=1):
        v = [float(s[key]) * scale for s in starts if key in s]
        return sum(v) / len(v) if v else None
    read, disk = mean("read_kib"), mean("disk_kib")
    loaded = mean("loaded", page_kib)
    return {"plan": d["plan"], "starts": len(starts), "warm": len(d["starts"]) - len(starts),
            "us": us, "p50_us": percentile(us, 50), "p99_us": percentile(us, 99),
            "max_us": us[-1] if us else None,
            "read_kib": read, "disk_kib": disk, "loaded_kib": loaded,
            "served": 1 - disk / read if read and disk is not None else None,
            "area": loaded / read if read and loaded is not None else None,
            "stored": delta(d["snap"], "lend_stored")}
