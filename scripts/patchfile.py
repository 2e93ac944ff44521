#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Read and write the patches/NNNN-slug.patch files of the GCMA series.

A patch file is one commit of the series:

    From: Name <email>
    Subject: [PATCH] subsystem: summary
    Overlay: path/one path/two          (optional, repeatable)
    <blank line>
    body ...
    ---
    diff --git ...                      (changes to upstream files, optional)

split FILE DIR   writes DIR/{author,subject,overlay,message,diff}
write FILE --author A --subject S --overlay-file F --message-file M --diff-file D
"""
import argparse
import os
import re
import sys


def parse(path):
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    hdr = {"From": None, "Subject": None, "Overlay": []}
    i = 0
    while i < len(lines) and lines[i].strip() != "":
        m = re.match(r"^(From|Subject|Overlay):\s*(.*)$", lines[i])
        if not m:
            sys.exit(f"{path}:{i + 1}: unknown header line: {lines[i]!r}")
        key, val = m.groups()
        if key == "Overlay":
            hdr["Overlay"] += val.split()
        else:
            hdr[key] = val.strip()
        i += 1
    if not hdr["From"] or not hdr["Subject"]:
        sys.exit(f"{path}: needs a From: and a Subject: header")
    i += 1
    body = []
    while i < len(lines) and lines[i] != "---":
        body.append(lines[i])
        i += 1
    diff = "\n".join(lines[i + 1:]) if i < len(lines) else ""
    while body and body[-1].strip() == "":
        body.pop()
    while body and body[0].strip() == "":
        body.pop(0)
    subject = re.sub(r"^\[PATCH[^\]]*\]\s*", "", hdr["Subject"])
    message = subject + "\n" + ("\n" + "\n".join(body) + "\n" if body else "")
    if diff and not diff.endswith("\n"):
        diff += "\n"
    if "diff --git " not in diff:
        diff = ""
    return hdr["From"], subject, hdr["Overlay"], message, diff


def cmd_split(args):
    author, subject, overlay, message, diff = parse(args.file)
    os.makedirs(args.dir, exist_ok=True)
    for name, text in (("author", author + "\n"), ("subject", subject + "\n"),
                       ("overlay", "".join(o + "\n" for o in overlay)),
                       ("message", message), ("diff", diff)):
        with open(os.path.join(args.dir, name), "w", encoding="utf-8") as f:
            f.write(text)


def cmd_write(args):
    def read(p):
        with open(p, encoding="utf-8") as f:
            return f.read()
    message = read(args.message_file).rstrip("\n").split("\n")
    subject, body = message[0], message[1:]
    while body and body[0].strip() == "":
        body.pop(0)
    overlay = read(args.overlay_file).split()
    diff = read(args.diff_file)
    out = [f"From: {args.author}", f"Subject: [PATCH] {subject}"]
    if overlay:
        out.append("Overlay: " + " ".join(overlay))
    out.append("")
    out += body
    out.append("---")
    text = "\n".join(out) + "\n" + diff
    with open(args.file, "w", encoding="utf-8") as f:
        f.write(text)


def main():
    ap = argparse.ArgumentParser()
    sub = ap.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("split")
    s.add_argument("file")
    s.add_argument("dir")
    w = sub.add_parser("write")
    w.add_argument("file")
    w.add_argument("--author", required=True)
    w.add_argument("--overlay-file", required=True)
    w.add_argument("--message-file", required=True)
    w.add_argument("--diff-file", required=True)
    args = ap.parse_args()
    {"split": cmd_split, "write": cmd_write}[args.cmd](args)


if __name__ == "__main__":
    main()
