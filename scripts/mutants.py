#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""make mutants: break, one at a time, the lines tests exist to guard.

usage: mutants.py [--list=FILE] [--only=NAME,...] [--no-baseline]

Reads tools/testing/gcma-guest/mutants (its header has the format).  For
each distinct boot first an unmutated baseline: the kernel as assembled
must pass it, or the verdicts on that boot would mean nothing.  Then per
mutation: the text is replaced in build/linux (it must occur once), the
kernel rebuilt (scripts/build-kernel.sh, incremental), the boot run
(scripts/boot.sh, console in out/logs/ARCH-mutant-NAME.log), and the
file put back whatever happened.  Killed: the boot reported a failure
(scripts/parse-results.py --no-expect: a KUnit case, an in-guest test, a
splat, a boot that did not finish); survived: it passed.  A mutation
whose kernel does not build counts as neither.  Prints a table of
NAME, verdict, what killed it and the minutes it took; exit status 1
when a mutation survived or a baseline failed.  Not part of make check.
"""
import os
import re
import shlex
import signal
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TREE = os.path.join(ROOT, "build", "linux")
LIST = os.path.join(ROOT, "tools", "testing", "gcma-guest", "mutants")
LOGS = os.path.join(ROOT, "out", "logs")
INITRAMFS = set()         # the architectures whose initramfs is up to date


def die(msg):
    sys.exit(f"mutants.py: {msg}")


def load(path):
    muts = []
    cur = None
    with open(path) as f:
        for n, line in enumerate(f.read().split("\n"), 1):
            if line.startswith("== "):
                cur = {"name": line[3:].strip(), "hunks": [([], [])], "line": n}
                muts.append(cur)
            elif cur is not None and line == "@@":
                cur["hunks"].append(([], []))
            elif cur is None or not line.strip() or line.startswith("#"):
                continue
            elif line.startswith("- ") or line == "-":
                cur["hunks"][-1][0].append(line[2:])
            elif line.startswith("+ ") or line == "+":
                cur["hunks"][-1][1].append(line[2:])
            else:
                key, sep, val = line.partition(": ")
                if not sep or key not in ("file", "boot", "why"):
                    die(f"{path}:{n}: not 'file:', 'boot:', 'why:', '- ' or '+ '")
                cur[key] = val.strip()
    for m in muts:
        for key in ("file", "boot", "why"):
            if key not in m:
                die(f"{path}:{m['line']}: {m['name']} has no '{key}:'")
        if not all(old for old, _ in m["hunks"]):
            die(f"{path}:{m['line']}: {m['name']} has a hunk that replaces nothing")
        if not re.fullmatch(r"[a-z0-9-]+", m["name"]):
            die(f"{path}:{m['line']}: name '{m['name']}' is not [a-z0-9-]+")
    return muts


def run(cmd, log):
    with open(log, "w") as f:
        return subprocess.run(cmd, stdout=f, stderr=subprocess.STDOUT, cwd=ROOT).returncode


def boot(spec, name):
    """Boot SPEC (ARCH MEM "CMDLINE" TIMEOUT SET ["QEMU ARGS"]) as
    ARCH/NAME; returns (killed, first FAIL line or summary)."""
    a = shlex.split(spec)
    if len(a) not in (5, 6):
        die(f"bad boot: {spec}")
    arch = a[0]
    build_log = os.path.join(LOGS, f"{arch}-{name}.build")
    if run([os.path.join(ROOT, "scripts", "build-kernel.sh"), arch], build_log):
        return None, f"kernel did not build (see {os.path.relpath(build_log, ROOT)})"
    base = arch.split("+")[0]   # arm64+16k boots arm64's initramfs
    if base not in INITRAMFS and run([os.path.join(ROOT, "scripts", "mkinitramfs.sh"), base],
                                     os.path.join(LOGS, f"{base}-mutant-initramfs.build")):
        die(f"cannot build the {base} initramfs")
    INITRAMFS.add(base)
    run([os.path.join(ROOT, "scripts", "boot.sh"), arch, name] + a[1:],
        os.path.join(LOGS, f"{arch}-{name}.boot"))
    log = os.path.join(LOGS, f"{arch}-{name}.log")
    p = subprocess.run([sys.executable, os.path.join(ROOT, "scripts", "parse-results.py"),
                        "--no-expect", f"{arch}/{name}={log}"], capture_output=True, text=True)
    out = p.stdout.splitlines()
    fails = [l for l in out if l.startswith("FAIL ")]
    return bool(fails), (fails[0] if fails else (out[-1] if out else "no output"))


def main():
    path, only, baseline = LIST, None, True
    for arg in sys.argv[1:]:
        if arg.startswith("--list="):
            path = arg[len("--list="):]
        elif arg.startswith("--only="):
            only = arg[len("--only="):].split(",")
        elif arg == "--no-baseline":
            baseline = False
        else:
            sys.exit(__doc__.strip())
    muts = load(path)
    # killed, still put the file back (the finally below)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    if only:
        muts = [m for m in muts if m["name"] in only]
    if not os.path.isdir(os.path.join(TREE, ".git")):
        die("no build/linux; run 'make tree' first")
    os.makedirs(LOGS, exist_ok=True)
    t0 = time.time()
    bad = False
    rows = []

    if baseline:
        for i, spec in enumerate(dict.fromkeys(m["boot"] for m in muts)):
            t = time.time()
            killed, what = boot(spec, f"mutant-baseline{i}")
            print(f"baseline {i}: {'FAILED: ' + what if killed or killed is None else 'passed'}"
                  f" ({(time.time() - t) / 60:.1f} min): {spec}", flush=True)
            if killed or killed is None:
                bad = True
        if bad:
            die("a baseline did not pass: the verdicts would mean nothing")

    for m in muts:
        t = time.time()
        fpath = os.path.join(TREE, m["file"])
        with open(fpath) as f:
            text = f.read()
        mutated, stale = text, None
        for old, new in m["hunks"]:
            old = "\n".join(old) + "\n"
            new = "\n".join(new) + "\n" if new else ""
            if text.count(old) != 1:
                stale = f"a text occurs {text.count(old)} times in {m['file']}"
                break
            mutated = mutated.replace(old, new)
        if stale:
            verdict, what = "stale", stale
        else:
            try:
                with open(fpath, "w") as f:
                    f.write(mutated)
                killed, what = boot(m["boot"], f"mutant-{m['name']}")
            finally:
                with open(fpath, "w") as f:
                    f.write(text)
            verdict = "killed" if killed else "no build" if killed is None else "SURVIVED"
        if verdict != "killed":
            bad = True
        rows.append((m["name"], verdict, what, (time.time() - t) / 60))
        print(f"{m['name']}: {verdict} ({rows[-1][3]:.1f} min): {what}", flush=True)

    print()
    print("| mutation | verdict | caught by | min |")
    print("| --- | --- | --- | --- |")
    for name, verdict, what, mins in rows:
        what = what.replace("|", "\\|")
        if len(what) > 160:
            what = what[:157] + "..."
        print(f"| {name} | {verdict} | {what} | {mins:.1f} |")
    killed = sum(1 for r in rows if r[1] == "killed")
    print(f"\n{killed} of {len(rows)} mutations killed in {(time.time() - t0) / 60:.1f} min")
    # the tree is back as assembled; its next build recompiles what changed
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
