#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Write a reproducible gzip'd newc cpio of a staging directory.

usage: cpio.py STAGING OUTPUT.cpio.gz
Owner root, mtime 0, sorted names; adds /dev/console (needed before
devtmpfs is mounted, so that /init has a console) without needing mknod.
"""
import gzip
import os
import stat
import sys


def entry(name, mode, data=b"", nlink=1, rdev=(0, 0), ino=0):
    name_b = name.encode() + b"\0"
    hdr = "070701" + "".join("%08X" % v for v in (
        ino, mode, 0, 0, nlink, 0, len(data), 0, 0, rdev[0], rdev[1],
        len(name_b), 0))
    out = hdr.encode() + name_b
    out += b"\0" * ((4 - len(out) % 4) % 4)
    out += data
    out += b"\0" * ((4 - len(data) % 4) % 4)
    return out


def main():
    src, dst = sys.argv[1], sys.argv[2]
    items = []
    for dirpath, dirnames, filenames in os.walk(src):
        dirnames.sort()
        for n in sorted(dirnames + filenames):
            items.append(os.path.relpath(os.path.join(dirpath, n), src))
    items.sort()
    out = bytearray()
    ino = 1
    names = set(items)
    for rel in items:
        p = os.path.join(src, rel)
        st = os.lstat(p)
        perm = stat.S_IMODE(st.st_mode)
        if stat.S_ISDIR(st.st_mode):
            out += entry(rel, stat.S_IFDIR | perm, nlink=2, ino=ino)
        elif stat.S_ISLNK(st.st_mode):
            out += entry(rel, stat.S_IFLNK | 0o777, os.readlink(p).encode(), ino=ino)
        elif stat.S_ISREG(st.st_mode):
            with open(p, "rb") as f:
                out += entry(rel, stat.S_IFREG | perm, f.read(), ino=ino)
        ino += 1
    if "dev" not in names:
        out += entry("dev", stat.S_IFDIR | 0o755, nlink=2, ino=ino)
        ino += 1
    out += entry("dev/console", stat.S_IFCHR | 0o600, rdev=(5, 1), ino=ino)
    out += entry("TRAILER!!!", 0)
    out += b"\0" * ((512 - len(out) % 512) % 512)
    with open(dst + ".tmp", "wb") as f:
        with gzip.GzipFile(fileobj=f, mode="wb", mtime=0, filename="") as g:
            g.write(bytes(out))
    os.replace(dst + ".tmp", dst)


if __name__ == "__main__":
    main()
