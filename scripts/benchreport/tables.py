# SPDX-License-Identifier: GPL-2.0
"""The report's files: results.json and results.csv (the rows), and
results.md, every table of it (the Targets section from targets)."""
import csv
import json
import os

from . import common, stats, targets
from .stats import boot_ci, fmt_ms, fmt_n, fmt_pct, fmt_x, percentile, ratio, size_name


def write_data(out, meta, rows):
    """results.json (meta and rows) and results.csv (the rows)."""
    with open(os.path.join(out, "results.json"), "w") as f:
        json.dump({"meta": meta, "rows": rows}, f, indent=1)
    keys = list(rows[0].keys())
    with open(os.path.join(out, "results.csv"), "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=keys)
        w.writeheader()
        for r in rows:
            w.writerow({k: ("" if r.get(k) is None else r.get(k)) for k in keys})


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


# BENCH_DISK's device classes (scripts/bench.sh has the sources)
DEVICES = {"ufs": "UFS 2.1 (Samsung's 512 GB eUFS 2.1)", "emmc": "eMMC 5.1 (Samsung's 64 GB eMMC 5.1)"}


def disk_line(meta):
    """Which disk the report comes from: throttled as a flash device, or
    the host's page cache (BENCH_DISK=host, and every run before it)."""
    cls = meta.get("disk_class", "host")
    if cls == "host":
        return ("**Disk: unthrottled** (`BENCH_DISK=host`, or a run before the option): the guest's "
                "disk reads were served from the host's page cache at the speed of a memory copy, "
                "cheaper than the guest's own copies under TCG.\n")
    dev = meta.get("device", "").split(",")
    calib = (f"measured: memset of 64 MiB took {meta['guest_memset_us']} us in the guest, "
             f"{meta['host_memset_us']} us on the host" if "guest_memset_us" in meta else "given")
    return (f"**Disk: throttled as {DEVICES.get(cls, cls)}** (`BENCH_DISK={cls}`): its figures, "
            f"{dev[0] if dev else '?'} MB/s read, {dev[1] if len(dev) > 1 else '?'} MB/s write, "
            f"{dev[2] if len(dev) > 2 else '?'} and {dev[3] if len(dev) > 3 else '?'} 4 KiB IOPS, "
            f"divided by the guest's slowdown under TCG, {meta.get('slowdown', '?')} ({calib}): "
            f"QEMU throttled the reads of both disks (the bench disk, the swap disk) to "
            f"{meta.get('throttle_read_bps', '?')} B/s and {meta.get('throttle_read_iops', '?')} IOPS, "
            f"the swap disk's writes to {meta.get('throttle_write_bps', '?')} B/s and "
            f"{meta.get('throttle_write_iops', '?')} IOPS.\n")


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
             + (f"re-read set {meta['reread_mib']} MiB on {meta.get('fs', 'ext4')} (measured alone for "
                f"{meta.get('reread_alone_s')} s and 3 passes at least), " if "reread_mib" in meta else "")
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
    L.append(disk_line(meta))
    L.append(f"Every number here is computed from `{meta['raw']}` (host.txt and the consoles, "
             f"every call's raw line): `scripts/bench-report.py --from {meta['raw']} DIR` writes "
             "this report again.\n")
    L.append("Times in ms. `p90`, `p99`: nearest rank, shown only when the cell has enough calls for "
             f"the percentile not to be its maximum (10 for p90, 100 for p99; {stats.NA} otherwise). "
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
        for pa in common.PATHS:
            for s in sizes:
                for pr in common.PRESSURES:
                    for c in configs:
                        r = idx.get((c, pr, pa, s))
                        if not r or not filter_fn(r):
                            continue
                        n = r["ok"]
                        L.append(f"| {common.PATH_NAME[pa]} | {size_name(r)} | {c} | {pr} | {fmt_ms(r['p50_us'])} "
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
             f"Each ratio of latencies carries its 95 % bootstrap interval ({stats.BOOT_REPS} resamples of "
             "both cells' calls, a fixed seed), and a target is met only when the whole interval "
             "clears it.\n")
    L.extend(targets.targets(configs, idx, sizes))
    if "reread" in meta:
        L.extend(targets.reread_targets(meta, idx))
    if "swap" in meta:
        L.extend(targets.swap_targets(meta, idx))
    if "appstart" in meta:
        L.extend(targets.appstart_targets(meta))
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
        for pa in common.PATHS:
            for s in sizes:
                for pr in common.PRESSURES:
                    for c in configs:
                        r = idx.get((c, pr, pa, s))
                        if r not in defer_rows:
                            continue
                        L.append(f"| {common.PATH_NAME[pa]} | {size_name(r)} | {c} | {pr} | {r['hits']} "
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
    if "appstart" in meta:
        appstart_table(L, meta, configs)
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
        for pr in common.PRESSURES:
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
    for pr in common.PRESSURES[1:]:
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


def appstart_table(L, meta, configs):
    a = meta["appstart"]
    plan = next((a[c]["plan"] for c in configs if c in a and a[c]["plan"]), {})
    L.append("## App starts: small apps started in turn, their files closed between starts\n")
    L.append(f"{plan.get('apps', '?')} apps ({plan.get('files', '?')} files, "
             f"{plan.get('files_mib', '?')} MiB) started one after another, round after round, "
             "nothing allocating (the `appstart` pressure, src/app-start.c): each start opens its "
             "app's files, reads the small ones whole and of each larger one its first quarter "
             "and random 16 KiB pieces of the rest, the same pieces at every start, then closes "
             f"them all. The starts touch {plan.get('touched_mib', '?')} MiB between them: sized "
             "like the re-read set, to fit in the page cache of the stock guest and not beside "
             "the guaranteed area, so that what the apps need comes from the page cache, from "
             "copies in the area (gcma-lend) or from the disk, and the closed files' inodes may "
             "be reclaimed between their starts. Only the rounds after the warm-up ones count. "
             "`disk`: what the bench disk read per start (mean), `area`: what the area loaded "
             "back per start (mean), `served`: the share of what the starts read that the disk "
             f"did not read. Target: gcma-lend's median start within {targets.APPSTART_P50}x "
             "of stock's (the Targets section judges it with its interval).\n")
    L.append("| config | starts | p50 ms | p99 ms | max ms | /stock p50 | read KiB | disk KiB "
             "| area KiB | served | copies made |")
    L.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    st = a.get("stock")
    for c in configs:
        r = a.get(c)
        if not r:
            continue
        x = ratio(r["p50_us"], st and st["p50_us"])
        L.append(f"| {c} | {r['starts']} | {fmt_ms(r['p50_us'])} | {fmt_ms(r['p99_us'], r['starts'])} "
                 f"| {fmt_ms(r['max_us'])} | {'%.2f' % x if x is not None else stats.NA} "
                 f"| {fmt_n(r['read_kib'], '{:.0f}')} | {fmt_n(r['disk_kib'], '{:.0f}')} "
                 f"| {fmt_n(r['loaded_kib'], '{:.0f}')} | {fmt_pct(r['served'])} "
                 f"| {r['stored'] if r['stored'] is not None else stats.NA} |")
    L.append("")


def cost_table(L, meta, configs):
    cost = meta["cost"]
    L.append("## What lending costs others: workloads that get no copies\n")
    L.append(f"Each workload ran {meta.get('cost_s', '?')} s alone in each configuration, nothing "
             "allocating (the `cost` pressure, src/cost.c). Throughput: the median of its one-second "
             "samples (`n`); `/stock`: over stock's. Target: guaranteed without lending (`gcma`) "
             f"within {targets.COST_OFF:.0%} of stock, lending (`gcma-lend`) within {targets.COST_ON:.0%}. "
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
    for wl, name in common.COST_WORKLOADS.items():
        st = cost.get("stock", {}).get(wl)
        for c in configs:
            r = cost.get(c, {}).get(wl)
            if not r:
                continue
            x = ratio(r["median"], st and st["median"])
            xc = ratio(r.get("per_cpu_s"), st and st.get("per_cpu_s"))
            lim = targets.COST_OFF if c == "gcma" else targets.COST_ON if c == "gcma-lend" else None
            judge, by = x, ""
            if meta.get("icount") and wl in targets.COST_IO:
                judge, by = xc, "per CPU s: "
            target = stats.NA
            if lim is not None and judge is not None:
                target = by + ("met" if judge >= 1 - lim else "**missed**") + f" (>= {1 - lim:.2f})"
            L.append(f"| {name} | {c} | {r['samples']} | {fmt_n(r['median'])} "
                     f"| {'%.3f' % x if x is not None else stats.NA} | {fmt_n(r.get('per_cpu_s'))} "
                     f"| {'%.3f' % xc if xc is not None else stats.NA} | {target} | {r['stored']} |")
    L.append("")


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
             f"calls that took back at least {100 * common.FULL:.0f} % of their range, over which p50, p99 "
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
        a, b = common.LATS.get((c, pr, "full", s, "full")), common.LATS.get(base)
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
    need = cached // 1024 + targets.REREAD_LENT * area
    return (f"- set size: {set_mib:.0f} MiB. Lending {100 * targets.REREAD_LENT:.0f} % of the area takes a set "
            f"larger than gcma's page cache at the end of its window alone ({cached // 1024} MiB, "
            f"Cached) by {100 * targets.REREAD_LENT:.0f} % of the area: {need:.0f} MiB; it must also fit in "
            f"stock's page cache (MemAvailable at boot {avail} MiB).")


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
        p99 = fmt_ms(r["p99_us"], r["calls"]) if r["calls"] >= 100 else stats.NA
        x = stats.NA
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
                L.append(f"| {common.PATH_NAME[pa]} | {size_name(r)} | {c} | {fmt_ms(r['p50_us'])} "
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
        r, t = targets.recovery(meta, which)
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
    takeback_table(L, configs, idx, sizes, "reread", common.PATHS)
    full_table(L, configs, idx, sizes, "reread")


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
    takeback_table(L, configs, idx, sizes, "swap", common.PRESSURE_PATHS["swap"])
    full_table(L, configs, idx, sizes, "swap")
