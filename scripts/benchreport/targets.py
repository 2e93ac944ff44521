# SPDX-License-Identifier: GPL-2.0
"""The Targets section of results.md: each target judged on the rows, a
ratio of latencies only when its whole 95 % bootstrap interval clears the
limit; the limits themselves (the cost pressure's too, which its table
judges)."""
from . import common, stats
from .stats import boot_ci, fmt_ms, fmt_n, fmt_pct, size_name

# the targets of the re-read workload (the lending issue)
REREAD_RECOVERY = 0.8   # of the throughput gcma loses against stock
REREAD_LENT = 0.9       # of the idle area lent while the load runs alone
REREAD_P99 = 2          # gcma-lend's 32 MiB p99 under it over gcma's idle p99
# the same for the swap workload
# of gcma's device swap-ins per pass, served from gcma-lend's area: with
# the load alone, and while allocations keep taking the area back
SWAP_SHARE = {"alone": 0.9, "allocating": 0.5}
SWAP_P99 = 2            # gcma-lend's 32 MiB p99 under it over gcma's idle p99
# the app-start workload: gcma-lend's median start time over stock's
APPSTART_P50 = 1.1
# the same for the cost pressure (common.COST_WORKLOADS): throughput against stock's
COST_IO = ("read",)     # waits for the disk: under -icount judged by units per CPU second
COST_OFF = 0.02         # guaranteed, lending off: at most this much below stock
COST_ON = 0.05          # guaranteed, lending on: at most this much below stock


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
    idle = common.LATS.get(("gcma-lend", "idle", "cma", "32"))
    if not lr or not li:
        L.append(f"{head} not judged, no such cells (gcma-lend {pr}, gcma-lend idle)")
    elif lr["p99_us"] is None or li["p99_us"] is None:
        L.append(f"{head} not judged ({min(lr['ok'], li['ok'])} calls; a p99 needs {stats.MIN_N[99]}), "
                 f"{nf} of the {nc} cma_alloc() calls of gcma-lend under it failed "
                 f"({'met' if nf == 0 else 'missed'}: zero)")
    else:
        x = lr["p99_us"] / li["p99_us"]
        ci = boot_ci(common.LATS.get(("gcma-lend", pr, "cma", "32")), idle, 99)
        L.append(f"{head} {fmt_ms(lr['p99_us'])} ms = {judge(x, ci, limit)} of its idle p99 "
                 f"{fmt_ms(li['p99_us'])} ms, {lr['fail']} failed of {lr['calls']}, "
                 f"{nf} of the {nc} cma_alloc() calls of gcma-lend under it "
                 f"({'met' if lr['fail'] == 0 and nf == 0 else 'missed'}: zero)")
    fr = idx.get(("gcma-lend", pr, "full", "32"))
    if not fr or not li or fr.get("full_ok") is None:
        return L
    head = (f"- cma_alloc 32 MiB on a range at least {100 * common.FULL:.0f} % lent, under {what}: "
            f"{fr['full_ok']} of {fr['calls']} calls took back that much; gcma-lend p99")
    full = common.LATS.get(("gcma-lend", pr, "full", "32", "full"))
    if fr["full_p99_us"] is None or li["p99_us"] is None:
        L.append(f"{head} not judged ({min(fr['full_ok'], li['ok'])} calls; a p99 needs {stats.MIN_N[99]})")
    else:
        x = fr["full_p99_us"] / li["p99_us"]
        L.append(f"{head} {fmt_ms(fr['full_p99_us'])} ms = {judge(x, boot_ci(full, idle, 99), limit)} "
                 f"of its idle p99 {fmt_ms(li['p99_us'])} ms")
    return L


def swap_targets(meta, idx):
    """The targets of the swap client of lending, on the swap workload."""
    L = []
    sw = meta["swap"]

    def verdict(ok):
        return "met" if ok else "missed"
    for which, wname in (("alone", "load alone"), ("allocating", "while allocating")):
        g, lnd = sw.get("gcma", {}).get(which), sw.get("gcma-lend", {}).get(which)
        head = (f"- swap, {wname}: the share of gcma's device swap-ins that gcma-lend serves "
                "from the area")
        limit = SWAP_SHARE[which]
        if not g or not lnd:
            L.append(f"{head} not judged, a configuration is missing (gcma, gcma-lend)")
        elif g["pswpin_mib_per_pass"] is None or lnd["loaded_mib_per_pass"] is None:
            L.append(f"{head} not judged, no swap counters (pswpin; swap_loaded: a kernel without "
                     "the swap client?)")
        elif not g["pswpin_mib_per_pass"]:
            L.append(f"{head} not judged, gcma read nothing from the device: the set fits beside "
                     "the area, BENCH_SWAP_MIB is too small")
        else:
            x = lnd["loaded_mib_per_pass"] / g["pswpin_mib_per_pass"]
            L.append(f"- swap, {wname}: gcma-lend serves from the area {100 * x:.0f} % of the "
                     f"swap-ins gcma sends to the device (per pass of the set: gcma "
                     f"{fmt_n(g['pswpin_mib_per_pass'])} MiB from the device; gcma-lend "
                     f"{fmt_n(lnd['loaded_mib_per_pass'])} MiB from the area, "
                     f"{fmt_n(lnd['pswpin_mib_per_pass'])} MiB from the device) "
                     f"({verdict(x >= limit)}: >= {100 * limit:.0f} %)")
    L += alloc_targets(idx, "swap", "the swap workload", SWAP_P99)
    return L


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
    for pa in common.PATHS:
        for s in sizes:
            g, gi = idx.get(("gcma", "all", pa, s)), idx.get(("gcma", "idle", pa, s))
            if not g or not gi or g["p50_us"] is None or gi["p50_us"] is None:
                continue
            r50 = g["p50_us"] / gi["p50_us"]
            head = f"- {common.PATH_NAME[pa]} {sname(s)}: GCMA all/idle"
            if r50 < 1:
                L.append(f"{head} p50 {r50:.2f}x: not judged (<= 1.2x, p99 <= 2x), the idle cell is "
                         f"the slower one (idle p50 {fmt_ms(gi['p50_us'])} ms, all "
                         f"{fmt_ms(g['p50_us'])} ms)")
                continue
            a, b = common.LATS.get(("gcma", "all", pa, s)), common.LATS.get(("gcma", "idle", pa, s))
            if g["p99_us"] is not None and gi["p99_us"] is not None:
                r99 = g["p99_us"] / gi["p99_us"]
                p99 = f"p99 {judge(r99, boot_ci(a, b, 99), 2)}"
            else:
                p99 = (f"p99 not judged ({min(g['ok'], gi['ok'])} calls; a p99 needs "
                       f"{stats.MIN_N[99]})")
            L.append(f"{head} p50 {judge(r50, boot_ci(a, b, 50), 1.2)}, {p99}")
    for pa in common.PATHS:
        st, g = idx.get(("stock", "all", pa, "32")), idx.get(("gcma", "all", pa, "32"))
        if not st or not g:
            continue
        if st["p99_us"] and g["p99_us"]:
            r = st["p99_us"] / g["p99_us"]
            ci = boot_ci(common.LATS.get(("stock", "all", pa, "32")), common.LATS.get(("gcma", "all", pa, "32")), 99)
            L.append(f"- {common.PATH_NAME[pa]} 32 MiB under combined pressure: stock p99 / GCMA p99 = "
                     + judge(r, ci, 50, at_most=False).replace("missed", "below the aim"))
        else:
            L.append(f"- {common.PATH_NAME[pa]} 32 MiB under combined pressure: stock p99 / GCMA p99 not "
                     f"judged ({min(st['ok'], g['ok'])} calls; a p99 needs {stats.MIN_N[99]})")
    gf = [r for (c, pr, pa, s), r in idx.items() if c.startswith("gcma") and pa != "memset"]
    if gf:
        nf = sum(r["fail"] for r in gf)
        nc = sum(r["fail"] for r in gf if r["path"] == "cma")
        L.append(f"- GCMA failures: {nf} in {sum(r['calls'] for r in gf)} timed calls, {nc} of them "
                 f"cma_alloc() ({verdict(nf == 0)}: zero)")
    for pa in common.PATHS:
        for s in sizes:
            d, st = idx.get(("stock-defer", "all", pa, s)), idx.get(("stock", "all", pa, s))
            if not d or not st or st["p50_us"] is None:
                continue
            head = f"- {common.PATH_NAME[pa]} {sname(s)}, combined pressure: stock p50 / stock-defer hits p50"
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
            ci = boot_ci(common.LATS.get(("stock", "all", pa, s)),
                         common.LATS.get(("stock-defer", "all", pa, s, "hit")), 50)
            L.append(f"{head} = {judge(r, ci, 10, at_most=False)}, {d['hits']} hits in "
                     f"{d['calls']} calls{miss}")
    return L


def appstart_targets(meta):
    """gcma-lend's median app start within APPSTART_P50 of stock's (the
    whole 95 % interval of the ratio), gcma's beside it, not judged."""
    a = meta["appstart"]
    L = []
    st = a.get("stock")
    for c in ("gcma-lend", "gcma"):
        r = a.get(c)
        if not r or not st or not r["us"] or not st["us"]:
            continue
        x = stats.ratio(r["p50_us"], st["p50_us"])
        ci = boot_ci(r["us"], st["us"], 50)
        if c == "gcma-lend":
            L.append(f"- app start, median: gcma-lend over stock {judge(x, ci, APPSTART_P50)}")
        else:
            L.append(f"- app start, median: gcma over stock {x:.2f}x (not judged: for comparison)")
    return L
