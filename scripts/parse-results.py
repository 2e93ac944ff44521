#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Count the results of GCMA test boots from their console logs.

usage: parse-results.py [--fail=NAME:REASON ...] LABEL=LOGFILE ...

For each boot (LABEL like x86_64/guaranteed):
  - KUnit: KTAP on the console; every leaf test case (or parameter line of a
    parameterized case, or a suite without cases) is one test; "# SKIP" skips.
    A failure is named with the KTAP diagnostics printed just before it.
  - In-guest tests: "GCMATEST: ok|not ok|skip NAME [- REASON]" lines.
  - Console splats (WARNING:, BUG:, KASAN:, Oops, lockdep reports, panics,
    ...) each count as one failed test quoting the line.
  - A boot without "GCMATEST: done" (timeout, hang, crash) is one failed test.
A LOGFILE.rc next to the log may hold the exit status of the boot command.
Prints every failure, per-boot counts and, last, "N passed, N failed[, N skipped]".
Exit status 1 when anything failed.
"""
import os
import re
import sys

PREFIX = re.compile(r"^\[\s*\d+\.\d+\]\s?")
KTAP_START = re.compile(r"^\s*KTAP version \d+")
RESULT = re.compile(r"^(\s*)(ok|not ok) (\d+)(?: -)? ?(.*?)\s*(?:#\s*(.*?))?\s*$")
SUBTEST = re.compile(r"^(\s*)# Subtest: (.*?)\s*$")
DIAG = re.compile(r"^(\s*)#\s?(.*)$")
SUMMARY = re.compile(r"^\S+: pass:\d+ fail:\d+ skip:\d+ total:\d+$|^Totals: |^module: ")
GCMATEST = re.compile(r"GCMATEST: (ok|not ok|skip) (\S+)(?: - (.*))?$")
SPLAT = re.compile(r"WARNING:|BUG:|KASAN:|UBSAN:|\bOops\b|Kernel panic|"
                   r"possible circular locking|possible recursive locking|"
                   r"inconsistent lock state|suspicious RCU usage|"
                   r"general protection fault|Unable to handle kernel|"
                   r"Internal error:|soft lockup|hung_task|rcu_.*detected stall")
SECONDARY = re.compile(r"Call Trace:|Call trace:|Backtrace:|INFO: ")


class Boot:
    def __init__(self, label):
        self.label = label
        self.passed = self.failed = self.skipped = 0
        self.failures = []

    def ok(self):
        self.passed += 1

    def skip(self):
        self.skipped += 1

    def fail(self, name, reason=""):
        self.failed += 1
        self.failures.append(f"{self.label}: {name}" + (f" - {reason}" if reason else ""))


def short(s, n=300):
    s = " ".join(s.split())
    return s if len(s) <= n else s[: n - 3] + "..."


def parse_kunit(boot, lines):
    in_ktap = False
    subtest = {}          # indent -> name of the subtest declared there
    prev_indent = None    # indent of the previous result line
    diags = []            # diagnostics since the previous result line
    for raw in lines:
        line = PREFIX.sub("", raw)
        if KTAP_START.match(line):
            in_ktap = True
            continue
        if not in_ktap:
            continue
        if "GCMATEST: start" in line:
            break
        m = SUBTEST.match(line)
        if m:
            ind = len(m.group(1))
            subtest = {k: v for k, v in subtest.items() if k < ind}
            subtest[ind] = m.group(2)
            continue
        m = RESULT.match(line)
        if m:
            ind = len(m.group(1))
            status, name, directive = m.group(2), m.group(4), m.group(5) or ""
            leaf = prev_indent is None or prev_indent <= ind
            prev_indent = ind
            path = [subtest[k] for k in sorted(subtest) if k <= ind and k > 0]
            if ind == 0 or not path:
                full = name
            else:
                full = ".".join(path + [name])
            subtest = {k: v for k, v in subtest.items() if k <= ind}
            if leaf:
                if directive.upper().startswith("SKIP"):
                    boot.skip()
                elif status == "ok":
                    boot.ok()
                else:
                    boot.fail("kunit: " + full, short(kunit_reason(diags) or directive))
            diags = []
            continue
        m = DIAG.match(line)
        if m and not SUMMARY.match(m.group(2)):
            diags.append(m.group(2).strip())
        elif line.strip() and diags and line.startswith(" "):
            diags.append(line.strip())


def kunit_reason(diags):
    for i, d in enumerate(diags):
        if "FAILED" in d:
            return " ".join(diags[i:i + 4])
    return diags[-1] if diags else ""


def parse_gcmatest(boot, lines):
    done = False
    for raw in lines:
        if "GCMATEST: done" in raw:
            done = True
            continue
        m = GCMATEST.search(raw.rstrip())
        if not m:
            continue
        status, name, reason = m.groups()
        if status == "ok":
            boot.ok()
        elif status == "skip":
            boot.skip()
        else:
            boot.fail("gcmatest: " + name, reason or "")
    return done


def parse_splats(boot, lines):
    last = -1000
    for i, raw in enumerate(lines):
        line = PREFIX.sub("", raw).strip()
        if "GCMATEST:" in line:
            continue
        if SPLAT.search(line):
            if i - last > 8:
                boot.fail("console splat: " + short(line, 200))
            last = i
        elif SECONDARY.search(line):
            if i - last > 80:
                boot.fail("console splat: " + short(line, 200))
            last = i


def parse_boot(label, path):
    boot = Boot(label)
    if not os.path.exists(path):
        boot.fail("boot", f"no console log {path} (the boot did not run)")
        return boot
    with open(path, encoding="utf-8", errors="replace") as f:
        lines = [l.rstrip("\r\n").replace("\r", "") for l in f]
    parse_kunit(boot, lines)
    # Boots that only test what the kernel makes of its command line turn
    # KUnit off on purpose (kunit.enable=0 there); anywhere else it must run.
    off = any("Kernel command line:" in l and " kunit.enable=0" in l for l in lines)
    for l in lines:
        if PREFIX.sub("", l).strip() == "kunit: disabled" and not off:
            boot.fail("kunit", "KUnit did not run (kunit: disabled; CONFIG_KUNIT_DEFAULT_ENABLED or kunit.enable=)")
            break
    done = parse_gcmatest(boot, lines)
    parse_splats(boot, lines)
    if not done:
        rc = ""
        try:
            with open(path + ".rc") as f:
                rc = f.read().strip()
        except OSError:
            pass
        why = "timed out" if rc == "124" else f"exit status {rc}" if rc else "no exit status"
        tail = next((short(l, 160) for l in reversed(lines) if l.strip()), "(empty log)")
        boot.fail("boot did not finish", f"no 'GCMATEST: done' ({why}); last line: {tail}")
    return boot


def main():
    boots = []
    stages = Boot("harness")
    for arg in sys.argv[1:]:
        if arg.startswith("--fail="):
            name, _, reason = arg[len("--fail="):].partition(":")
            stages.fail(name, reason.strip())
            continue
        label, _, path = arg.partition("=")
        boots.append(parse_boot(label, path))
    if stages.failed:
        boots.insert(0, stages)
    total = [0, 0, 0]
    for b in boots:
        for f in b.failures:
            print("FAIL " + f)
    for b in boots:
        extra = f", {b.skipped} skipped" if b.skipped else ""
        print(f"{b.label}: {b.passed} passed, {b.failed} failed{extra}")
        total[0] += b.passed
        total[1] += b.failed
        total[2] += b.skipped
    line = f"{total[0]} passed, {total[1]} failed"
    if total[2]:
        line += f", {total[2]} skipped"
    print(line)
    return 1 if total[1] else 0


if __name__ == "__main__":
    sys.exit(main())
