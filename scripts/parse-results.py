#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Count the results of GCMA test boots from their console logs.

usage: parse-results.py [--expect=FILE] [--tests=FILE] [--fail=NAME:REASON ...]
                        [--latest] [LABEL=LOGFILE ...]
       parse-results.py --print-observed [--latest] [LABEL=LOGFILE ...]
       parse-results.py --print-tests [--latest] [LABEL=LOGFILE ...]
       parse-results.py --no-expect LABEL=LOGFILE ...

--latest adds every out/logs/ARCH-NAME.log (the latest make check) as
ARCH/NAME; --print-observed without LABEL=LOGFILE does so too.

For each boot (LABEL like x86_64/guaranteed):
  - KUnit: KTAP on the console; every leaf test case (or parameter line of a
    parameterized case, or a suite without cases) is one test; "# SKIP" skips.
    A failure is named with the KTAP diagnostics printed just before it.
    Every KTAP plan ("1..N": suites at the top, cases in a suite) must match
    the results that follow it: a suite or case that died does not report.
  - In-guest tests: "GCMATEST: tests NAME..." (all the boot has), then per
    test "GCMATEST: run NAME" and "GCMATEST: ok|not ok|skip NAME [- REASON]".
    Every test named must start, and every test started must report once.
  - Console splats (WARNING:, BUG:, KASAN:, Oops, lockdep reports, panics,
    ...) each count as one failed test quoting the line.
  - A boot without "GCMATEST: done" (timeout, hang, crash) is one failed test.
  - Expectations (tools/testing/gcma-guest/expected, one line per boot):
      ARCH/NAME suites=SUITE,... skips=N [fail=GLOB ...] [allow=GLOB ...]
    The KUnit suites that ran must be exactly SUITEs (empty: none), the
    boot must skip exactly N tests, and each failure matching a fail= glob
    (fnmatch, against "NAME - REASON" as printed after "FAIL LABEL: ") is
    expected: printed XFAIL, not counted; a fail= glob that matches nothing
    is a failure.  A failure matching an allow= glob is printed ALLOWED
    with its context and not counted, and need not come: warnings the
    kernel may print under the pressure a boot makes on purpose (an
    allocation allowed to fail, failing).  A boot without a line fails.
  - Pinned tests (tools/testing/gcma-guest/expected-tests): per boot, every
    KUnit case (or parameter) and in-guest script by name, and whether it
    runs (ok), skips (skip) or fails on purpose (fail, the self-test).  A
    pinned test that did not report, a test that is not pinned, and a test
    that skips where it is pinned to run or the other way round each fail.
    A boot with no tests pinned fails, unless it has none.
Console lines cut by kernel messages (user space was writing when printk
came) are put back together first.
A LOGFILE.rc next to the log may hold the exit status of the boot command.
Prints every failure, per-boot counts and, last, "N passed, N failed[, N skipped]".
Exit status 1 when anything failed.

--print-observed prints instead, per boot, the expectations line that the
log satisfies (suites and skips; keep the fail= globs of the self-test by
hand), to paste into the expectations file after a KUnit change, each
after a "# " note when the file says otherwise or has no line for it.
--print-tests prints the pinned-tests sections the logs satisfy, a whole
file when given every boot (--latest after a full make check).
--no-expect counts the logs without either file: for boots of make
mutants, whose KUnit filter runs a few suites.
"""
import fnmatch
import glob
import os
import re
import shlex
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
GUEST = os.path.join(ROOT, "tools", "testing", "gcma-guest")
EXPECTED = os.path.join(GUEST, "expected")
PINNED = os.path.join(GUEST, "expected-tests")

PREFIX = re.compile(r"^\[\s*\d+\.\d+\]\s?")
# printk's "[%5lu.%06lu]": where it starts inside a line, a kernel message
# cut a line user space was writing.
TIMESTAMP = re.compile(r"\[\s*\d+\.\d{6}\]")
KTAP_START = re.compile(r"^(\s*)KTAP version \d+")
PLAN = re.compile(r"^(\s*)1\.\.(\d+)\s*$")
RESULT = re.compile(r"^(\s*)(ok|not ok) (\d+)(?: -)? ?(.*?)\s*(?:#\s*(.*?))?\s*$")
SUBTEST = re.compile(r"^(\s*)# Subtest: (.*?)\s*$")
DIAG = re.compile(r"^(\s*)#\s?(.*)$")
SUMMARY = re.compile(r"^\S+: pass:\d+ fail:\d+ skip:\d+ total:\d+$|^Totals: |^module: ")
GCMATEST = re.compile(r"GCMATEST: (run|ok|not ok|skip) (\S+)(?: - (.*))?$")
GCMA_TESTS = re.compile(r"GCMATEST: tests((?: \S+)*)\s*$")
# A panic always counts on its own: it is why the boot ended.
PANIC = re.compile(r"^Kernel panic - ")
SPLAT = re.compile(r"WARNING:|BUG:|KASAN:|UBSAN:|\bOops\b|Kernel panic|"
                   r"possible circular locking|possible recursive locking|"
                   r"inconsistent lock state|suspicious RCU usage|"
                   r"general protection fault|Unable to handle kernel|"
                   r"Internal error:|soft lockup|hung_task|rcu_.*detected stall|"
                   # page_poison=1 finding a free page written to
                   r"pagealloc: memory corruption|pagealloc: single bit error|"
                   # an OOM report, named by its first line, not its trace
                   r" invoked oom-killer: |"
                   # warn_alloc(): an allocation that may fail and warn did
                   r" page allocation failure: ")
SECONDARY = re.compile(r"Call Trace:|Call trace:|Backtrace:|INFO: ")


class Boot:
    def __init__(self, label):
        self.label = label
        self.passed = self.failed = self.skipped = 0
        self.failures = []      # "NAME - REASON", without the label
        self.context = {}       # failure -> the last lines its test printed
        self.xfails = []        # failures the expectations asked for
        self.allowed = []       # failures the expectations let go by
        self.skips = []         # names of the skipped tests
        self.suites = []        # KUnit suites that ran, in order
        self.tests = {}         # test name -> ok, skip or fail, in order

    def record(self, name, status):
        """A test by name: KUnit cases and parameters, in-guest scripts."""
        self.tests.setdefault(name, status)

    def ok(self):
        self.passed += 1

    def skip(self, name):
        self.skipped += 1
        self.skips.append(name)

    def fail(self, name, reason=""):
        self.failed += 1
        self.failures.append(name + (f" - {reason}" if reason else ""))


def short(s, n=300):
    s = " ".join(s.split())
    return s if len(s) <= n else s[: n - 3] + "..."


def untangle(lines):
    """Split kernel messages out of the result lines they cut.

    The console is shared: a printk record (whole, "[  12.345678] msg")
    can land between two characters of a line user space writes, giving
    "GCMATEST: ok co[  12.345678] msg" then "re/10-x".  Gives the record
    its own line and joins the GCMATEST line again, over any further whole
    records printed before it went on.  Other cut lines (the firmware's
    last line before the kernel's first) are only split.
    """
    out = []
    pending = ""
    for line in lines:
        if pending and TIMESTAMP.match(line):
            out.append(line)
            continue
        line = pending + line
        pending = ""
        m = None if TIMESTAMP.match(line) else TIMESTAMP.search(line)
        if not m:
            out.append(line)
            continue
        head = line[: m.start()]
        if "GCMATEST:" in head or any(head.endswith("GCMATEST:"[:i]) for i in range(1, 9)):
            pending = head
        else:
            out.append(head)
        out.append(line[m.start():])
    if pending:
        out.append(pending)
    return out


class Level:
    """One KTAP level, keyed by its indentation: the top (suites), a suite
    (cases) or a parameterized case (parameters)."""

    def __init__(self):
        self.name = None
        self.plan = None
        self.count = 0


def parse_kunit(boot, lines):
    in_ktap = False
    levels = {}           # indent -> Level
    diags = []            # diagnostics since the previous result line

    def path(ind, name):
        return ".".join([levels[k].name or "?" for k in sorted(levels) if 0 < k <= ind] + [name])

    def check_plan(k, lv):
        if lv.plan is None or lv.count == lv.plan:
            return
        if k == 0:
            boot.fail("kunit", f"plan 1..{lv.plan} but {lv.count} suites reported")
        else:
            boot.fail(f"kunit: {lv.name or '?'}", f"plan 1..{lv.plan} but {lv.count} results")

    def unfinished():
        # A suite that began and never reported: the kernel died or hung
        # in it, or its end was lost.
        lv = levels.pop(4, None)
        if lv:
            done = f"{lv.count} of {lv.plan}" if lv.plan is not None else f"{lv.count}"
            boot.fail(f"kunit: {lv.name or '?'}",
                      f"started but never reported ({done} cases reported)")
        for k in [k for k in levels if k > 0]:
            del levels[k]

    def close(ind):
        """A result at indent ind ends the deeper levels: check their plans.
        Returns whether they had results (then it is no leaf)."""
        had = False
        for k in sorted(k for k in levels if k > ind):
            lv = levels.pop(k)
            had = had or lv.count > 0
            check_plan(k, lv)
        return had

    for raw in lines:
        line = PREFIX.sub("", raw)
        m = KTAP_START.match(line)
        if m:
            in_ktap = True
            ind = len(m.group(1))
            if ind == 0:
                unfinished()
                if 0 in levels:
                    check_plan(0, levels.pop(0))
            elif ind == 4:
                unfinished()
            levels[ind] = Level()
            continue
        if not in_ktap:
            continue
        if "GCMATEST: start" in line:
            break
        m = SUBTEST.match(line)
        if m:
            ind = len(m.group(1))
            levels.setdefault(ind, Level()).name = m.group(2)
            if ind == 4:
                boot.suites.append(m.group(2))
            continue
        m = PLAN.match(line)
        if m:
            lv = levels.setdefault(len(m.group(1)), Level())
            lv.plan = int(m.group(2))
            continue
        m = RESULT.match(line)
        if m:
            ind = len(m.group(1))
            status, name, directive = m.group(2), m.group(4), m.group(5) or ""
            full = path(ind, name)
            levels.setdefault(ind, Level()).count += 1
            # a suite whose init failed reports without a Subtest line
            if ind == 0 and name not in boot.suites:
                boot.suites.append(name)
            if not close(ind):
                if directive.upper().startswith("SKIP"):
                    boot.skip("kunit: " + full)
                    boot.record("kunit: " + full, "skip")
                elif status == "ok":
                    boot.ok()
                    boot.record("kunit: " + full, "ok")
                else:
                    boot.fail("kunit: " + full, short(kunit_reason(diags) or directive))
                    boot.record("kunit: " + full, "fail")
            diags = []
            continue
        m = DIAG.match(line)
        if m and not SUMMARY.match(m.group(2)):
            diags.append(m.group(2).strip())
        elif line.strip() and diags and line.startswith(" "):
            diags.append(line.strip())
    unfinished()
    if 0 in levels:
        check_plan(0, levels[0])


def kunit_reason(diags):
    for i, d in enumerate(diags):
        if "FAILED" in d:
            return " ".join(diags[i:i + 4])
    return diags[-1] if diags else ""


# Lines of a failed test's own output shown under its FAIL line: CI keeps
# only the summary, and a reason alone did not tell how a test got there.
CONTEXT_LINES = 8


def parse_gcmatest(boot, lines):
    done = False
    tests = None
    runs = []
    results = {}
    output = []
    for line in lines:
        if "GCMATEST: done" in line:
            done = True
            continue
        m = GCMA_TESTS.search(line)
        if m:
            tests = m.group(1).split()
            if not tests:
                boot.fail("gcmatest", "the set has no tests")
            continue
        m = GCMATEST.search(line.rstrip())
        if not m:
            if line.strip():
                output = (output + [short(line, 200)])[-CONTEXT_LINES:]
            continue
        status, name, reason = m.groups()
        if status == "run":
            runs.append(name)
            output = []
            continue
        results[name] = results.get(name, 0) + 1
        if status == "ok":
            boot.ok()
        elif status == "skip":
            boot.skip("gcmatest: " + name)
        else:
            boot.fail("gcmatest: " + name, reason or "")
            boot.context[boot.failures[-1]] = output
        boot.record("gcmatest: " + name, "fail" if status == "not ok" else status)
        output = []
    for name in dict.fromkeys(runs):
        n = results.get(name, 0)
        if n == 0:
            boot.fail("gcmatest: " + name, "started but never reported"
                      + ("" if done else " (the boot ended in it)"))
            boot.record("gcmatest: " + name, "fail")
        elif n > 1 or runs.count(name) > 1:
            boot.fail("gcmatest: " + name, f"started {runs.count(name)} times, reported {n} times")
    for name in results:
        # init's own failures (no set, no tests/SET) start nothing
        if name not in runs and name != "framework":
            boot.fail("gcmatest: " + name, "reported but never started (no 'GCMATEST: run')")
    for name in tests or []:
        if name not in runs and name not in results:
            boot.fail("gcmatest: " + name, "never ran")
            boot.record("gcmatest: " + name, "fail")
    for name in dict.fromkeys(runs):
        if tests is not None and name not in tests:
            boot.fail("gcmatest: " + name, "started but not named by 'GCMATEST: tests'")
    return done


def splat_context(lines, i, before=4, after=12):
    """The console around line i: what printed the report (a trace
    alone does not say) and the first frames, for a log CI keeps no copy
    of."""
    return [short(PREFIX.sub("", l), 200) for l in lines[max(0, i - before): i + after]
            if l.strip() and "GCMATEST:" not in l]


def parse_splats(boot, lines):
    last = -1000
    new_test = False      # a test started since the last splat line
    for i, raw in enumerate(lines):
        line = PREFIX.sub("", raw).strip()
        if "GCMATEST:" in line:
            new_test = new_test or "GCMATEST: run " in line
            continue
        # the end marker of a report already counted
        if line.startswith("---[ end "):
            last = i
            continue
        if PANIC.match(line) or SPLAT.search(line):
            if i - last > 8 or new_test or PANIC.match(line):
                boot.fail("console splat: " + short(line, 200))
                boot.context[boot.failures[-1]] = splat_context(lines, i)
            last = i
            new_test = False
        elif SECONDARY.search(line):
            if i - last > 80:
                boot.fail("console splat: " + short(line, 200))
                boot.context[boot.failures[-1]] = splat_context(lines, i)
            last = i


def parse_boot(label, path):
    """The counts of one boot, and whether it has a log."""
    boot = Boot(label)
    if not os.path.exists(path):
        boot.fail("boot", f"no console log {path} (the boot did not run)")
        return boot, False
    with open(path, encoding="utf-8", errors="replace") as f:
        lines = untangle([l.rstrip("\r\n").replace("\r", "") for l in f])
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
    return boot, True


class Expect:
    def __init__(self, where):
        self.where = where
        self.suites = None
        self.skips = None
        self.fails = []
        self.allows = []


def load_expectations(path, harness):
    """LABEL -> Expect; a bad line is a harness failure."""
    exp = {}
    try:
        with open(path) as f:
            text = f.read()
    except OSError as e:
        harness.fail("expectations", f"cannot read {path}: {e.strerror}")
        return exp
    lines = []            # (number of its first line, line), "\" joins
    for n, line in enumerate(text.split("\n"), 1):
        if lines and lines[-1][1].endswith("\\"):
            lines[-1] = (lines[-1][0], lines[-1][1][:-1] + " " + line)
        else:
            lines.append((n, line))
    for n, line in lines:
        where = f"{os.path.relpath(path, ROOT)}:{n}"
        try:
            f = shlex.split(line, comments=True)
        except ValueError as e:
            harness.fail("expectations", f"{where}: {e}")
            continue
        if not f:
            continue
        e = Expect(where)
        bad = None
        for kv in f[1:]:
            key, eq, val = kv.partition("=")
            if not eq:
                bad = f"'{kv}' is not KEY=VALUE"
            elif key == "suites":
                e.suites = [s for s in val.split(",") if s]
            elif key == "skips" and val.isdigit():
                e.skips = int(val)
            elif key == "fail" and val:
                e.fails.append(val)
            elif key == "allow" and val:
                e.allows.append(val)
            else:
                bad = f"bad '{kv}' (suites=SUITE,... skips=N fail=GLOB allow=GLOB)"
        if bad is None and (e.suites is None or e.skips is None):
            bad = "suites= and skips= are both required"
        if bad is None and f[0] in exp:
            bad = f"{f[0]} already at {exp[f[0]].where}"
        if bad:
            harness.fail("expectations", f"{where}: {bad}")
            continue
        exp[f[0]] = e
    return exp


def check_expectations(boot, e, path):
    if e is None:
        boot.fail("expectations", f"no expectations for this boot in {os.path.relpath(path, ROOT)}"
                  f" (scripts/parse-results.py --print-observed prints one)")
        return
    for s in e.suites:
        if s not in boot.suites:
            boot.fail(f"kunit: {s}", "suite did not run (compiled out, renamed, not registered?)")
    for s in boot.suites:
        if s not in e.suites:
            boot.fail(f"kunit: {s}", f"suite ran but {e.where} does not expect it")
    if boot.skipped != e.skips:
        boot.fail("skips", f"{boot.skipped} skipped, {e.where} expects {e.skips}: "
                  + short(", ".join(boot.skips) or "none", 1000))
    # Failures the self-test provokes on purpose.
    unmatched = []
    for f in boot.failures:
        if any(fnmatch.fnmatchcase(f, g) for g in e.fails):
            boot.xfails.append(f)
        elif any(fnmatch.fnmatchcase(f, g) for g in e.allows):
            boot.allowed.append(f)
        else:
            unmatched.append(f)
    boot.failures = unmatched
    boot.failed = len(unmatched)
    for g in e.fails:
        if not any(fnmatch.fnmatchcase(f, g) for f in boot.xfails):
            boot.fail("expected failure", f"none matches fail='{g}' ({e.where})")


STATUSES = ("ok", "skip", "fail")


def load_pinned(path, harness):
    """LABEL -> {test: status}, from "== LABEL" sections of "STATUS TEST"
    lines; a bad line is a harness failure."""
    pinned = {}
    try:
        with open(path) as f:
            text = f.read()
    except OSError as e:
        harness.fail("pinned tests", f"cannot read {path}: {e.strerror}")
        return pinned
    cur = None
    for n, line in enumerate(text.split("\n"), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        where = f"{os.path.relpath(path, ROOT)}:{n}"
        if line.startswith("== "):
            label = line[3:].strip()
            if label in pinned:
                harness.fail("pinned tests", f"{where}: {label} pinned twice")
            cur = pinned.setdefault(label, {})
            continue
        status, _, name = line.partition(" ")
        if cur is None or status not in STATUSES or not name.strip():
            harness.fail("pinned tests", f"{where}: not '== ARCH/NAME' or 'ok|skip|fail TEST'")
            continue
        if name in cur:
            harness.fail("pinned tests", f"{where}: {name} pinned twice")
        cur[name] = status
    return pinned


def check_pinned(boot, pinned, path):
    """Every test the boot ran is pinned with its status, and every pinned
    test ran."""
    rel = os.path.relpath(path, ROOT)
    if pinned is None:
        if boot.tests:
            boot.fail("pinned tests", f"none pinned for this boot in {rel}"
                      " (scripts/parse-results.py --print-tests prints them)")
        return
    for name, want in pinned.items():
        got = boot.tests.get(name)
        if got is None:
            boot.fail(name, f"pinned in {rel} but did not report (removed, renamed or dropped?)")
        elif got == "skip" and want != "skip":
            boot.fail(name, f"skipped; {rel} pins it to {'run' if want == 'ok' else want}")
        elif got == "ok" and want == "skip":
            boot.fail(name, f"ran; {rel} pins it to skip")
    for name in boot.tests:
        if name not in pinned:
            boot.fail(name, f"ran but is not pinned in {rel} (new? --print-tests)")


def agree(exp, pinned, pinned_path, harness):
    """A boot's skips= is the number of tests its pinned section skips, so
    that one file cannot be updated without the other; checked without a
    log, in the parser test that starts make check."""
    for label, e in exp.items():
        tests = pinned.get(label)
        if tests is None:
            continue
        n = sum(1 for s in tests.values() if s == "skip")
        if n != e.skips:
            harness.fail("expectations", f"{e.where}: {label} skips={e.skips},"
                         f" but {os.path.basename(pinned_path)} pins {n} skipped")


def log_args():
    """LABEL=LOGFILE for every log of the latest make check."""
    args = []
    for p in sorted(glob.glob(os.path.join(ROOT, "out", "logs", "*.log"))):
        arch, _, name = os.path.basename(p)[:-4].partition("-")
        args.append(f"{arch}/{name}={p}")
    return args


def parse_all(args):
    """(label, path, boot, whether it has a log) for each LABEL=LOGFILE."""
    for arg in args:
        label, _, path = arg.partition("=")
        boot, ran = parse_boot(label, path)
        yield label, path, boot, ran


def main():
    expect_path = EXPECTED
    pinned_path = PINNED
    observe = print_tests = no_expect = False
    args = []
    harness = Boot("harness")
    for arg in sys.argv[1:]:
        if arg.startswith("--fail="):
            name, _, reason = arg[len("--fail="):].partition(":")
            harness.fail(name, reason.strip())
        elif arg.startswith("--expect="):
            expect_path = arg[len("--expect="):]
        elif arg.startswith("--tests="):
            pinned_path = arg[len("--tests="):]
        elif arg == "--print-tests":
            print_tests = True
        elif arg == "--no-expect":
            no_expect = True
        elif arg == "--print-observed":
            observe = True
        elif arg == "--latest":
            args += log_args()
        elif arg.startswith("-") or "=" not in arg:
            sys.exit(__doc__.strip())
        else:
            args.append(arg)
    if (observe or print_tests) and not args:
        args = log_args()

    if print_tests:
        print("# The tests each boot of make check runs, by name: ok (runs),")
        print("# skip (skips) or fail (fails on purpose: the self-test).  See")
        print("# scripts/parse-results.py; rewritten by")
        print("#   scripts/parse-results.py --print-tests --latest > tools/testing/gcma-guest/expected-tests")
        print("# after a full make check, whose FAIL lines name every change.")
        for label, path, boot, ran in parse_all(args):
            if not ran or not boot.tests:
                continue
            print(f"\n== {label}")
            for name, status in boot.tests.items():
                print(f"{status} {name}")
        return 0

    if observe:
        # Each line the logs satisfy, after a note where the file differs.
        exp = load_expectations(expect_path, Boot("harness"))
        for label, path, boot, ran in parse_all(args):
            if not ran:
                print(f"# {label}: no log {path}")
                continue
            e = exp.get(label)
            if e is None:
                print(f"# {label}: new")
            elif sorted(e.suites) != sorted(boot.suites) or e.skips != boot.skipped:
                print(f"# {label}: {e.where} has suites={','.join(e.suites)} skips={e.skips}"
                      + (" (and fail=, allow=: edit by hand)" if e.fails or e.allows else ""))
            print(f"{label} suites={','.join(boot.suites)} skips={boot.skipped}")
        return 0

    exp = {} if no_expect else load_expectations(expect_path, harness)
    pinned = {} if no_expect else load_pinned(pinned_path, harness)
    agree(exp, pinned, pinned_path, harness)
    boots = []
    for label, path, boot, ran in parse_all(args):
        if ran and not no_expect:
            check_pinned(boot, pinned.get(label), pinned_path)
            check_expectations(boot, exp.get(label), expect_path)
        boots.append(boot)
    if harness.failed:
        boots.insert(0, harness)
    total = [0, 0, 0]
    for b in boots:
        for f in b.xfails:
            print(f"XFAIL {b.label}: {f}")
    for b in boots:
        for f in b.allowed:
            print(f"ALLOWED {b.label}: {f}")
            for line in b.context.get(f, []):
                print(f"  | {line}")
    for b in boots:
        for f in b.failures:
            print(f"FAIL {b.label}: {f}")
            for line in b.context.get(f, []):
                print(f"  | {line}")
    for b in boots:
        extra = f", {b.skipped} skipped" if b.skipped else ""
        extra += f", {len(b.xfails)} failed as expected" if b.xfails else ""
        extra += f", {len(b.allowed)} allowed" if b.allowed else ""
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
