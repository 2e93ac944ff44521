# SPDX-License-Identifier: GPL-2.0
"""Reading a run: host.txt, each boot's console (or its BENCH: lines
alone), the raw.tar.gz that holds them; the BENCH: lines parsed into
cells, and the counters and histograms they carry."""
import gzip
import io
import os
import re
import sys
import tarfile


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


def parse_appstart(lines):
    """The appstart pressure's lines -> {"plan": {...}, "starts": [{...}],
    "snap": {"before": {...}, "after": {...}}} (src/app-start.c)."""
    out = {"plan": {}, "starts": [], "snap": {}}
    for line in lines:
        w = line.split()
        if len(w) < 2 or w[0] != "appstart":
            continue
        if w[1] == "plan":
            out["plan"] = kv(w[2:])
        elif w[1] == "start":
            out["starts"].append(kv(w[2:]))
        elif w[1] == "snap" and len(w) > 3:
            out["snap"][w[2]] = kv(w[3:])
    return out


def delta(snap, key):
    try:
        return int(snap["after"][key]) - int(snap["before"][key])
    except (KeyError, ValueError):
        return None


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


def hist_of(text):
    """anon-cycle's histogram, BUCKET:COUNT,... -> {bucket: count}."""
    out = {}
    for part in (text or "").split(","):
        b, _, n = part.partition(":")
        if b.isdigit() and n.isdigit():
            out[int(b)] = int(n)
    return out
