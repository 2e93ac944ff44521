#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Offline test of parse-results.py on synthetic console logs.

make check runs it first: a parser that lets a lost suite, a test that
never reported or a panic go by would make every later result worthless.
Each case writes a log and an expectations file, runs the parser and
compares its exit status and FAIL/XFAIL lines with the case's; one more
checks the output lines shown under a failed test's FAIL line.
It also parses the real expectations file.  Exit status 1 when a case
does not give what it should.
"""
import os
import re
import subprocess
import sys
import tempfile

PARSER = os.path.join(os.path.dirname(os.path.abspath(__file__)), "parse-results.py")
LABEL = "x86_64/t"

T = [0.0]


def k(text):
    """Kernel lines: each gets a printk timestamp."""
    out = []
    for line in text.strip("\n").split("\n"):
        T[0] += 0.001
        out.append(f"[{T[0]:12.6f}] {line}")
    return "\n".join(out) + "\n"


def suite(n, name, cases, plan=None, end=True, skip=()):
    s = f"    KTAP version 1\n    # Subtest: {name}\n    1..{len(cases) if plan is None else plan}\n"
    for i, c in enumerate(cases, 1):
        s += f"    ok {i} {c}" + (" # SKIP no area" if c in skip else "") + "\n"
    s += f"# {name}: pass:{len(cases)} fail:0 skip:0 total:{len(cases)}\n"
    if end:
        s += f"ok {n} {name}\n"
    return k(s)


KUNIT = (k("Kernel command line: cma=64M console=ttyS0 gcmatest.set=s panic=-1\n"
           "KTAP version 1\n1..2")
         + suite(1, "alpha", ["a_one", "a_two"], skip=("a_two",))
         + k("    KTAP version 1\n    # Subtest: beta\n    1..2\n"
             "        KTAP version 1\n        # Subtest: b_param\n"
             "        ok 1 4096 bytes\n        ok 2 8192 bytes # SKIP too big\n"
             "    ok 1 b_param\n    ok 2 b_plain\nok 2 beta"))
START = "GCMATEST: start set=s kernel=6.12 machine=x86_64\nGCMATEST: tests s/10-a s/20-b\n"
DONE = "GCMATEST: done\n"


def run_ok(name):
    return f"GCMATEST: run s/{name}\nsome output\nGCMATEST: ok s/{name}\n"


GOOD = KUNIT + START + run_ok("10-a") + run_ok("20-b") + DONE
EXPECT = f"{LABEL} suites=alpha,beta skips=2\n"

# The pinned tests of GOOD, as --print-tests writes them.
PINNED = f"""== {LABEL}
ok kunit: alpha.a_one
skip kunit: alpha.a_two
ok kunit: beta.b_param.4096 bytes
skip kunit: beta.b_param.8192 bytes
ok kunit: beta.b_plain
ok gcmatest: s/10-a
ok gcmatest: s/20-b
"""

# name, log, expectations, exit status, FAIL/XFAIL lines (regular
# expressions, each must match one line, in order)[, pinned tests: by
# default what --print-tests makes of the log itself]
CASES = [
    ("all as expected", GOOD, EXPECT, 0, []),
    ("no expectations line", GOOD, "x86_64/other suites= skips=0\n", 1,
     [r"FAIL x86_64/t: expectations - no expectations for this boot"]),
    ("bad expectations line", GOOD, EXPECT + "x86_64/u suites=a\n", 1,
     [r"FAIL harness: expectations - .*:2: suites= and skips= are both required"]),
    ("expected suite missing", GOOD, f"{LABEL} suites=alpha,beta,gamma skips=2\n", 1,
     [r"FAIL x86_64/t: kunit: gamma - suite did not run"]),
    ("unexpected suite", GOOD, f"{LABEL} suites=alpha skips=2\n", 1,
     [r"FAIL x86_64/t: kunit: beta - suite ran but .* does not expect it"]),
    ("skips differ", GOOD, f"{LABEL} suites=alpha,beta skips=1\n", 1,
     [r"FAIL harness: expectations - .*expected:1: x86_64/t skips=1, but tests pins 2 skipped$",
      r"FAIL x86_64/t: skips - 2 skipped, .* expects 1: kunit: alpha.a_two, "
      r"kunit: beta.b_param.8192 bytes$"]),
    ("suite with fewer cases than its plan",
     k("KTAP version 1\n1..1") + suite(1, "alpha", ["a_one"], plan=3) + START + run_ok("10-a")
     + run_ok("20-b") + DONE,
     f"{LABEL} suites=alpha skips=0\n", 1,
     [r"FAIL x86_64/t: kunit: alpha - plan 1..3 but 1 results"]),
    ("kernel died in a suite",
     k("KTAP version 1\n1..2") + suite(1, "alpha", ["a_one"], plan=3, end=False)
     + k("BUG: kernel NULL pointer dereference, address: 0000000000000000\n"
         "Kernel panic - not syncing: Fatal exception"),
     f"{LABEL} suites=alpha,beta skips=0\n", 1,
     [r"FAIL x86_64/t: kunit: alpha - started but never reported \(1 of 3 cases reported\)",
      r"FAIL x86_64/t: kunit - plan 1..2 but 0 suites reported",
      r"FAIL x86_64/t: console splat: BUG: kernel NULL pointer",
      r"FAIL x86_64/t: console splat: Kernel panic - not syncing: Fatal exception",
      r"FAIL x86_64/t: boot did not finish - no 'GCMATEST: done'",
      r"FAIL x86_64/t: kunit: beta - suite did not run"]),
    ("test started, never reported, boot went on",
     KUNIT + START + "GCMATEST: run s/10-a\nout\n" + run_ok("20-b") + DONE, EXPECT, 1,
     [r"FAIL x86_64/t: gcmatest: s/10-a - started but never reported$"]),
    ("test reported twice",
     KUNIT + START + run_ok("10-a") + "GCMATEST: ok s/10-a\n" + run_ok("20-b") + DONE, EXPECT, 1,
     [r"FAIL x86_64/t: gcmatest: s/10-a - started 1 times, reported 2 times"]),
    ("result without its run line",
     KUNIT + START + "GCMATEST: ok s/10-a\n" + run_ok("20-b") + DONE, EXPECT, 1,
     [r"FAIL x86_64/t: gcmatest: s/10-a - reported but never started"]),
    ("test of the set never ran",
     KUNIT + START + run_ok("10-a") + DONE, EXPECT, 1,
     [r"FAIL x86_64/t: gcmatest: s/20-b - never ran"]),
    ("test without its executable bit",
     KUNIT + START.replace("s/20-b", "s/15-c s/20-b") + run_ok("10-a")
     + "GCMATEST: run s/15-c\nGCMATEST: not ok s/15-c - not executable\n" + run_ok("20-b") + DONE, EXPECT, 1,
     [r"FAIL x86_64/t: gcmatest: s/15-c - not executable"]),
    ("test the boot did not name",
     KUNIT + START + run_ok("10-a") + run_ok("15-c") + run_ok("20-b") + DONE, EXPECT, 1,
     [r"FAIL x86_64/t: gcmatest: s/15-c - started but not named by 'GCMATEST: tests'"]),
    ("set without tests",
     KUNIT + "GCMATEST: start set=s\nGCMATEST: tests\n" + DONE, EXPECT, 1,
     [r"FAIL x86_64/t: gcmatest - the set has no tests"]),
    ("result line cut by kernel messages",
     KUNIT + START + "GCMATEST: run s/10-a\nGCMATEST: ok s/1" + k("random: crng init done")
     + k("WARNING: CPU: 1 PID: 9 at mm/x.c:1 f+0x1/0x2") + "0-a\n"
     + "GCMATEST: run s/20-b\nGCMATEST: sk" + k("cma: y") + "ip s/20-b - no area\n" + DONE,
     f"{LABEL} suites=alpha,beta skips=3\n", 1,
     [r"FAIL x86_64/t: console splat: WARNING: CPU: 1 PID: 9 at mm/x.c:1"]),
    ("result line cut in its first word",
     KUNIT + START + "GCMATEST: run s/10-a\nGCM" + k("cma: x\ncma: y") + "ATEST: ok s/10-a\n"
     + run_ok("20-b") + DONE, EXPECT, 0, []),
    ("firmware line cut by the kernel's first",
     "Booting from ROM.." + k("Linux version 6.12\nKernel panic - not syncing: VFS: Unable to mount root fs"),
     f"{LABEL} suites= skips=0\n", 1,
     [r"FAIL x86_64/t: console splat: Kernel panic - not syncing: VFS",
      r"FAIL x86_64/t: boot did not finish - .*; last line: \[ *[0-9.]*\] Kernel panic - not syncing: VFS"]),
    ("result line cut at its end",
     KUNIT + START + "GCMATEST: run s/10-a\nGCMATEST: ok s/10-a" + k("cma: x") + "\n"
     + run_ok("20-b") + DONE, EXPECT, 0, []),
    ("splats of two tests in a row",
     KUNIT + START + "GCMATEST: run s/10-a\n" + k("WARNING: CPU: 0 PID: 1 at a.c:1 f")
     + "GCMATEST: ok s/10-a\nGCMATEST: run s/20-b\n" + k("BUG: sleeping function called")
     + "GCMATEST: ok s/20-b\n" + DONE, EXPECT, 1,
     [r"FAIL x86_64/t: console splat: WARNING: CPU: 0 PID: 1 at a.c:1 f",
      r"FAIL x86_64/t: console splat: BUG: sleeping function called"]),
    ("a free page found written to (page_poison=1)",
     KUNIT + START + run_ok("10-a") + "GCMATEST: run s/20-b\n"
     + k("pagealloc: memory corruption\n00000000: 00 00 00 00\nCPU: 1 PID: 9 Comm: x\nCall Trace:")
     + "GCMATEST: ok s/20-b\n" + DONE, EXPECT, 1,
     [r"FAIL x86_64/t: console splat: pagealloc: memory corruption"]),
    ("an allocation failure warned of, trace after the header",
     KUNIT + START + run_ok("10-a") + "GCMATEST: run s/20-b\n"
     + k("kworker/u8:1: page allocation failure: order:0, mode:0x40c10(GFP_NOIO)\n"
         "CPU: 1 PID: 9 Comm: kworker/u8:1 Not tainted 6.12\nCall trace:\n zs_malloc+0x1/0x2")
     + "GCMATEST: ok s/20-b\n" + DONE, EXPECT, 1,
     [r"FAIL x86_64/t: console splat: kworker/u8:1: page allocation failure: order:0"]),
    ("an allocation failure the boot allows",
     KUNIT + START + run_ok("10-a") + "GCMATEST: run s/20-b\n"
     + k("swapper/1: page allocation failure: order:0, mode:0x820(GFP_ATOMIC)\n"
         "CPU: 1 PID: 0 Comm: swapper/1 Not tainted 6.12\nCall trace:\n frame+0x1/0x2")
     + "GCMATEST: ok s/20-b\n" + DONE,
     EXPECT.strip() + " allow='console splat: *page allocation failure: order:0, mode:*(GFP_ATOMIC*'\n",
     0, []),
    ("an allowed kind does not cover another",
     KUNIT + START + run_ok("10-a") + "GCMATEST: run s/20-b\n"
     + k("x: page allocation failure: order:3, mode:0xcc0(GFP_KERNEL)\nCall trace:")
     + "GCMATEST: ok s/20-b\n" + DONE,
     EXPECT.strip() + " allow='console splat: *page allocation failure: order:0, mode:*(GFP_ATOMIC*'\n",
     1, [r"FAIL x86_64/t: console splat: x: page allocation failure: order:3"]),
    ("KUnit off and none expected",
     k("Kernel command line: kunit.enable=0 gcmatest.set=s\nkunit: disabled") + START
     + run_ok("10-a") + run_ok("20-b") + DONE, f"{LABEL} suites= skips=0\n", 0, []),
    ("KUnit filtered to nothing",
     k("KTAP version 1\n1..0") + START + run_ok("10-a") + run_ok("20-b") + DONE,
     f"{LABEL} suites= skips=0\n", 0, []),
    ("panic in a test",
     KUNIT + START + run_ok("10-a") + "GCMATEST: run s/20-b\n"
     + k("churn invoked oom-killer: gfp_mask=0x140dca, order=0, oom_score_adj=0\n"
         "CPU: 0 UID: 0 PID: 90 Comm: churn Not tainted 6.12\nCall Trace:\n <TASK>\n"
         + "stack\n" * 30 + "Kernel panic - not syncing: Out of memory: compulsory panic_on_oom is enabled\n"
         "CPU: 0 UID: 0 PID: 90 Comm: churn Not tainted 6.12\nCall Trace:\n" + "stack\n" * 30
         + "---[ end Kernel panic - not syncing: Out of memory: compulsory panic_on_oom is enabled ]---"),
     EXPECT, 1,
     [r"FAIL x86_64/t: gcmatest: s/20-b - started but never reported \(the boot ended in it\)",
      r"FAIL x86_64/t: console splat: churn invoked oom-killer",
      r"FAIL x86_64/t: console splat: Kernel panic - not syncing: Out of memory",
      r"FAIL x86_64/t: boot did not finish"]),
    ("self-test: the failures asked for",
     KUNIT + START + run_ok("10-a") + "GCMATEST: run s/20-b\nGCMATEST: not ok s/20-b - meant\n" + DONE,
     f"{LABEL} suites=alpha,beta,missing skips=2 fail='gcmatest: s/20-b - meant' \\\n"
     "  fail='kunit: missing - suite did not run*'\n", 0,
     [r"XFAIL x86_64/t: gcmatest: s/20-b - meant",
      r"XFAIL x86_64/t: kunit: missing - suite did not run"]),
    ("self-test: a failure asked for did not come",
     GOOD, EXPECT.strip() + " fail='console splat: Kernel panic*'\n", 1,
     [r"FAIL x86_64/t: expected failure - none matches fail='console splat: Kernel panic\*'"]),
    ("pinned tests as they ran", GOOD, EXPECT, 0, [], PINNED),
    ("pinned test did not report (removed, renamed, dropped)",
     GOOD, EXPECT, 1,
     [r"FAIL x86_64/t: gcmatest: s/30-c - pinned in .* but did not report"],
     PINNED + "ok gcmatest: s/30-c\n"),
    ("test not pinned (new, renamed)",
     GOOD, EXPECT, 1,
     [r"FAIL x86_64/t: kunit: beta.b_plain - ran but is not pinned in "],
     PINNED.replace("ok kunit: beta.b_plain\n", "")),
    ("another test skips, the count the same",
     GOOD, EXPECT, 1,
     [r"FAIL x86_64/t: kunit: alpha.a_one - ran; .* pins it to skip",
      r"FAIL x86_64/t: kunit: alpha.a_two - skipped; .* pins it to run"],
     PINNED.replace("ok kunit: alpha.a_one", "skip kunit: alpha.a_one")
     .replace("skip kunit: alpha.a_two", "ok kunit: alpha.a_two")),
    ("a script dropped without its exec bit or digit: the boot names it not",
     KUNIT + START.replace(" s/20-b", "") + run_ok("10-a") + DONE, EXPECT, 1,
     [r"FAIL x86_64/t: gcmatest: s/20-b - pinned in .* but did not report"],
     PINNED),
    ("no tests pinned for the boot",
     GOOD, EXPECT, 1,
     [r"FAIL x86_64/t: pinned tests - none pinned for this boot"],
     "== x86_64/other\nok kunit: x.y\n"),
    ("bad pinned-tests line",
     GOOD, EXPECT, 1,
     [r"FAIL harness: pinned tests - .*:9: not '== ARCH/NAME' or 'ok\|skip\|fail TEST'"],
     PINNED + "passed kunit: x.y\n"),
    ("self-test: one more failure than asked for",
     KUNIT + START + run_ok("10-a") + "GCMATEST: run s/20-b\nGCMATEST: not ok s/20-b - other\n" + DONE,
     EXPECT.strip() + " fail='gcmatest: s/20-b - meant'\n", 1,
     [r"FAIL x86_64/t: gcmatest: s/20-b - other",
      r"FAIL x86_64/t: expected failure - none matches"]),
]

SUMMARY = re.compile(r"^\d+ passed, \d+ failed(, \d+ skipped)?$")


def run_case(tmp, name, log, expect, rc_want, want, pinned=None):
    d = tempfile.mkdtemp(dir=tmp)
    with open(os.path.join(d, "log"), "w") as f:
        f.write(log)
    with open(os.path.join(d, "expected"), "w") as f:
        f.write(expect)
    if pinned is None:
        pinned = subprocess.run([sys.executable, PARSER, "--print-tests", f"{LABEL}={d}/log"],
                                capture_output=True, text=True).stdout
    with open(os.path.join(d, "tests"), "w") as f:
        f.write(pinned)
    p = subprocess.run([sys.executable, PARSER, f"--expect={d}/expected", f"--tests={d}/tests",
                        f"{LABEL}={d}/log"],
                       capture_output=True, text=True)
    out = p.stdout.splitlines()
    got = [l for l in out if l.startswith(("FAIL ", "XFAIL "))]
    bad = []
    if p.returncode != rc_want:
        bad.append(f"exit status {p.returncode}, want {rc_want}")
    if not out or not SUMMARY.match(out[-1]):
        bad.append(f"last line {out[-1] if out else ''!r} is no summary")
    if len(got) != len(want) or not all(re.match(w, g) for w, g in zip(want, got)):
        bad.append("want:\n    " + "\n    ".join(want) + "\n  got:\n    " + "\n    ".join(got))
    if p.stderr:
        bad.append("stderr: " + p.stderr)
    if bad:
        print(f"test-parse-results: FAIL {name}:\n  " + "\n  ".join(bad))
    return not bad


def context_shown(tmp):
    """A failed test's last lines of output follow its FAIL line; an
    expected failure's do not."""
    log = (KUNIT + START + "GCMATEST: run s/10-a\n"
           + "".join(f"line {i}\n" for i in range(1, 11))
           + "GCMATEST: not ok s/10-a - why\n"
           + "GCMATEST: run s/20-b\nhidden\nGCMATEST: not ok s/20-b - meant\n" + DONE)
    d = tempfile.mkdtemp(dir=tmp)
    with open(os.path.join(d, "log"), "w") as f:
        f.write(log)
    with open(os.path.join(d, "expected"), "w") as f:
        f.write(EXPECT.strip() + " fail='gcmatest: s/20-b - meant'\n")
    with open(os.path.join(d, "tests"), "w") as f:
        f.write(PINNED.replace("ok gcmatest", "fail gcmatest"))
    p = subprocess.run([sys.executable, PARSER, f"--expect={d}/expected", f"--tests={d}/tests",
                        f"{LABEL}={d}/log"],
                       capture_output=True, text=True)
    out = p.stdout.splitlines()
    want = [f"FAIL {LABEL}: gcmatest: s/10-a - why"] + [f"  | line {n}" for n in range(3, 11)]
    i = out.index(want[0]) if want[0] in out else 0
    if out[i:i + len(want)] != want or any("hidden" in l for l in out):
        print("test-parse-results: FAIL a failed test's output:\n  " + "\n  ".join(out))
        return False
    return True


def splat_context_shown(tmp):
    """A splat's FAIL line is followed by the console around it: a trace
    whose header no pattern knows is still told by the line before it."""
    log = (KUNIT + START + "GCMATEST: run s/10-a\n"
           + k("something odd happened\nCPU: 0 PID: 1 Comm: x\nCall trace:\n frame_one+0x1/0x2")
           + "GCMATEST: ok s/10-a\n" + run_ok("20-b") + DONE)
    d = tempfile.mkdtemp(dir=tmp)
    for n, text in (("log", log), ("expected", EXPECT), ("tests", PINNED)):
        with open(os.path.join(d, n), "w") as f:
            f.write(text)
    p = subprocess.run([sys.executable, PARSER, f"--expect={d}/expected", f"--tests={d}/tests",
                        f"{LABEL}={d}/log"],
                       capture_output=True, text=True)
    out = p.stdout.splitlines()
    want = [f"FAIL {LABEL}: console splat: Call trace:", "  | something odd happened",
            "  | CPU: 0 PID: 1 Comm: x", "  | Call trace:", "  | frame_one+0x1/0x2"]
    i = out.index(want[0]) if want[0] in out else 0
    if out[i:i + len(want)] != want:
        print("test-parse-results: FAIL a splat's context:\n  " + "\n  ".join(out))
        return False
    return True


def expectations_parse():
    """The real expectations and pinned-tests files have no bad line (no
    boot needed)."""
    p = subprocess.run([sys.executable, PARSER], capture_output=True, text=True)
    if p.returncode or p.stderr:
        print("test-parse-results: FAIL the expectations file:\n" + p.stdout + p.stderr)
        return False
    return True


def main():
    with tempfile.TemporaryDirectory() as tmp:
        ok = [run_case(tmp, *c) for c in CASES]
        ok.append(context_shown(tmp))
        ok.append(splat_context_shown(tmp))
    ok.append(expectations_parse())
    print(f"test-parse-results: {sum(ok)} of {len(ok)} cases as expected")
    return 0 if all(ok) else 1


if __name__ == "__main__":
    sys.exit(main())
