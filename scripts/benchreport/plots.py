# SPDX-License-Identifier: GPL-2.0
"""The latency CDF of each cell's configurations under combined pressure,
the re-read and the swap workload, with gnuplot: a PNG and the same plot
as text."""
import os
import shutil
import subprocess
import sys

from . import common

# each configuration's curve keeps its colour whatever else a plot shows
# (the first four are gnuplot's own first four, as in the plots before)
COLOURS = {"stock": "#9400d3", "gcma": "#009e73", "stock-defer": "#56b4e9",
           "gcma-defer": "#e69f00", "gcma-lend": "#e51e10"}


def plot(out, raw, configs, data, sizes):
    if not shutil.which("gnuplot"):
        print("bench-report.py: no gnuplot, no plots", file=sys.stderr)
        return []
    made = []
    for pr, prefix, what in (("all", "cdf", "combined pressure (anon + page cache + O_DIRECT pins)"),
                             ("reread", "cdf-reread", "the file re-read workload"),
                             ("swap", "cdf-swap", "the anonymous swap workload")):
        for pa in common.PATHS:
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
                    f"set title '{common.PATH_NAME[pa]} {mib} MiB under {what}'",
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
