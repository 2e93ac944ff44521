#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# The erofs images the lend set reads (lend/55-erofs; boot.sh's word
# "erofs" attaches them): one tree of files of known content, made by
# mkfs.erofs (erofs-utils) into build/erofs/plain.img, uncompressed, and
# build/erofs/lz4hc.img, compressed with LZ4HC in 16 KiB physical
# clusters.  SHA256SUMS at the root of each lists every other file's
# digest.  The content is text-like (words and numbers from a seeded
# generator), so that it compresses about two to one, and the sizes mix
# whole megabytes with odd tails, files under a block (erofs keeps
# those inline in the inode) and sixteen files of one block.  Rebuilt only when this script changes;
# several boots may start at once, hence the lock.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

DIR=$BUILD/erofs
mkdir -p "$DIR"
exec 9>"$DIR/.lock"
flock 9
stamp=$(sha256sum "$0" | cut -d' ' -f1)
[ "$(cat "$DIR/stamp" 2>/dev/null)" = "$stamp" ] && [ -f "$DIR/plain.img" ] &&
	[ -f "$DIR/lz4hc.img" ] && exit 0
command -v mkfs.erofs >/dev/null || die "no mkfs.erofs: run scripts/setup.sh (erofs-utils)"

rm -rf "$DIR/tree" "$DIR"/*.img "$DIR/stamp"
mkdir -p "$DIR/tree"
python3 - "$DIR/tree" <<'EOF'
import random, sys
words = ("cma area page folio copy lend store load take back guaranteed "
         "contiguous reclaim evict read write block inode mapping").split()
sizes = {"a": 3 << 20, "b": (3 << 20) + 1234, "c": 2 << 20,
         "d": (2 << 20) + 777, "e": (1 << 20) + 5, "f": 40000,
         "g": 13000, "h": 5000, "i": 1000}
# one-page files, whose inodes the inode shrinker frees with reclaim's
# shadow entries left (lend/55-erofs: copies past the inode)
sizes.update({"p%02d" % i: 4096 for i in range(16)})
for name, size in sizes.items():
    rng = random.Random("gcma-erofs-" + name)
    out, n = [], 0
    while n < size:
        line = " ".join(rng.choice(words) if rng.random() < 0.7 else
                        "%08x" % rng.getrandbits(32) for _ in range(12)) + "\n"
        out.append(line)
        n += len(line)
    with open("%s/%s" % (sys.argv[1], name), "w") as f:
        f.write("".join(out)[:size])
EOF
(cd "$DIR/tree" && sha256sum -- * >SHA256SUMS)
common=(-T0 --all-root --quiet)
mkfs.erofs "${common[@]}" "$DIR/plain.img" "$DIR/tree" || die "mkfs.erofs failed"
mkfs.erofs "${common[@]}" -zlz4hc -C16384 "$DIR/lz4hc.img" "$DIR/tree" ||
	die "mkfs.erofs -zlz4hc failed"
echo "$stamp" >"$DIR/stamp"
msg "erofs images: $(du -k "$DIR/plain.img" | cut -f1) KiB plain, $(du -k "$DIR/lz4hc.img" | cut -f1) KiB lz4hc"
