# SPDX-License-Identifier: GPL-2.0
"""Statistics and formats: nearest-rank percentiles, bootstrap intervals
of a ratio of percentiles, percentiles of a histogram, and how times,
ratios and sizes are written in the tables."""
import random

# a tail percentile is reported only when it is not the maximum: the
# nearest-rank p99 of fewer than 100 samples (p90 of fewer than 10) is
MIN_N = {90: 10, 99: 100}
BOOT_REPS = 2000        # bootstrap resamples of a ratio's interval
BOOT_SEED = 1           # fixed, so that a report rebuilds byte for byte
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


def avg(v):
    return sum(v) / len(v) if v else None


def ratio(a, b):
    return a / b if a is not None and b else None


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


def fmt_n(v, fmt="{:.1f}"):
    return "-" if v is None else fmt.format(v)


def fmt_pct(v):
    return "-" if v is None else f"{100 * v:.1f} %"


def size_name(r):
    return f"{r['mib']} MiB" + (" (max)" if r["size"] == "max" else "")
