// SPDX-License-Identifier: GPL-2.0
/*
 * filecheck: write files whose every block says what it should hold, and
 * check that reading them back gives exactly that.
 *
 * Block B (4 KiB) of file ID at generation GEN begins with a header naming
 * the seed, ID, B and GEN, and the rest is a pseudo-random stream derived
 * from the four.  A block read back is compared with what it should be;
 * a wrong one is told by what it holds instead, e.g.
 *   FILE block 123: expected gen 2, found gen 1 (stale)
 *   FILE block 40: expected zeros (hole), found gen 1 (stale)
 *   FILE block 7: expected gen 3, found block 9 gen 3 of file 1 (misplaced)
 * Generation 0 means zeros: a hole, or what a truncated and extended file
 * reads as beyond its old end.  Exit status: 0 good, 1 a block was wrong,
 * 2 usage or an error from the system.
 *
 *   filecheck write FILE ID BLOCKS GEN [-f FIRST] [-n COUNT] [-d | -m]
 *                   [-c CHUNK_BYTES] [-y]
 *       Write blocks FIRST.. (0) of generation GEN, COUNT of them
 *       (BLOCKS - FIRST): buffered in pieces of CHUNK_BYTES (65536; an odd
 *       size makes writes that cover part of a page), with O_DIRECT (-d),
 *       or through a shared mapping (-m, which extends the file to the end
 *       of the range first).  -y: fsync() at the end.  Creates FILE, never
 *       shortens it.
 *   filecheck verify FILE ID BLOCKS SPEC [-d | -m] [-l SECONDS]
 *       FILE must be BLOCKS long and hold what SPEC says: a list of
 *       GEN or FIRST[-LAST]:GEN[@SRC] items, later ones over earlier
 *       ones; @SRC: blocks FIRST.. hold the content of blocks SRC.. (what
 *       a collapsed or inserted range shifts).  "2,10-19:0,20-29:1" is
 *       gen 2 everywhere but zeros in 10-19 and gen 1 in 20-29.  Reads
 *       buffered, with O_DIRECT (-d) or through a shared mapping (-m);
 *       -l reads it again and again for SECONDS, stopping at a wrong pass.
 *   filecheck falloc FILE MODE FIRST COUNT
 *       fallocate(2) on blocks FIRST..FIRST+COUNT-1; MODE is punch
 *       (PUNCH_HOLE|KEEP_SIZE), zero (ZERO_RANGE), collapse
 *       (COLLAPSE_RANGE), insert (INSERT_RANGE), alloc (0: may extend
 *       the file) or alloc-keep (KEEP_SIZE).
 *   filecheck dontneed FILE [FIRST COUNT]
 *       posix_fadvise(POSIX_FADV_DONTNEED) on the blocks (the whole file).
 *   filecheck resident FILE...
 *       Prints how many pages of each FILE the page cache holds (mincore).
 *   filecheck cached FILE...
 *       The same from cachestat(2), which also counts folios that are not
 *       uptodate (a write of a block smaller than the page leaves one),
 *       which mincore does not see.
 *   filecheck evict FILE... [-M MAX_MIB]
 *       Real memory pressure, not drop_caches: maps and writes anonymous
 *       memory 4 MiB at a time (1 MiB once MemAvailable is below 32 MiB)
 *       until the page cache holds no page of any FILE (reclaim took
 *       them), MAX_MIB are mapped, or, memory short, 32 MiB more took no
 *       page of them; then frees it all.  Exits 1 if pages stayed.  A
 *       dirty page leaves only once written back: sync first.  The
 *       files are held open meanwhile, as a reader would: an unused
 *       inode may be reclaimed too, and its copies with it.
 *   filecheck pageout FILE...
 *       Reclaim exactly the pages of each FILE: map it with every page
 *       faulted in (MAP_POPULATE), and madvise(MADV_PAGEOUT), which hands them to the page
 *       reclaimer (shrink_folio_list(), the path kswapd takes), then
 *       unmap.  Exits 1 if pages stayed.  Clean pages only: sync first.
 *   filecheck pageout-range FILE FIRST COUNT
 *       The same for the pages FIRST..FIRST+COUNT-1 of FILE only (pages
 *       of 4 KiB; holes read as zeroes and are reclaimed as clean pages).
 *   filecheck race FILE ID BLOCKS OLD NEW [-l SECONDS]
 *       FILE holds generation OLD.  Two threads read random blocks of it,
 *       buffered, one block per read, while the main thread writes the
 *       whole file at generation NEW with one O_DIRECT write; each block
 *       read must be a whole OLD or NEW block, or while the write is in
 *       flight a mix of the two (a miss that read the disk mid-write),
 *       and once the write has returned only NEW.  The readers go on for
 *       SECONDS (0.5) after the write; then the file is verified
 *       buffered.  Prints the reads and the wrong ones; a block of a
 *       generation older than OLD is stale data (a page-cache miss that
 *       was served an old copy).
 *   filecheck churn FILE ID BLOCKS [-l SECONDS]
 *       FILE holds generation 1.  For SECONDS (10) the main thread changes
 *       random ranges of it, one change at a time: holes punched, zeroes
 *       (FALLOC_FL_ZERO_RANGE), O_DIRECT and buffered writes of whole
 *       blocks, truncation into the last eighth and back; fdatasync() every
 *       eight.  Change N writes generation N + 1.  Meanwhile one thread
 *       reclaims random 2 MiB of the file (mapped with MAP_POPULATE, which
 *       reads what is not cached, then MADV_PAGEOUT) and two read random
 *       blocks buffered.  A block read must be what the last change of it
 *       completed before the read left there, or, if changes of it ran
 *       during the read, what one of them wrote (or a mix, or a short
 *       read past a truncation); a whole block of an older generation is
 *       stale data.  At the end the file is verified buffered, reclaimed
 *       whole and verified again.  Prints the changes, reads and wrong
 *       reads.
 *   filecheck move-ext ORIG DONOR BLOCKS
 *       ext4's EXT4_IOC_MOVE_EXT (what e4defrag uses): the first BLOCKS
 *       blocks of ORIG move to DONOR's blocks and DONOR gets ORIG's old
 *       blocks, so DONOR then reads what ORIG held.
 *   filecheck f2fs-move SRC DST IN OUT COUNT
 *       f2fs's F2FS_IOC_MOVE_RANGE: blocks IN..IN+COUNT-1 of SRC move to
 *       blocks OUT.. of DST (their blocks, not their bytes: the source
 *       range becomes a hole).
 *   filecheck f2fs-atomic FILE ID GEN FIRST COUNT
 *       An f2fs atomic write (F2FS_IOC_START_ATOMIC_WRITE, SQLite's
 *       journal mode on Android): blocks FIRST..FIRST+COUNT-1 written at
 *       generation GEN, then F2FS_IOC_COMMIT_ATOMIC_WRITE.
 *   filecheck f2fs-pin FILE
 *       F2FS_IOC_SET_PIN_FILE: GC no longer moves FILE's blocks (which
 *       it must not have yet; a pinned file is written in place, over
 *       blocks fallocate gave it).
 *   filecheck f2fs-compress FILE
 *       Sets FS_COMPR_FL on FILE, which must be empty: f2fs compresses
 *       what is written to it then.
 *   filecheck f2fs-compressed FILE
 *       Prints the blocks compression saved in FILE
 *       (F2FS_IOC_GET_COMPRESS_BLOCKS; 0 when no cluster compressed).
 *   filecheck read-random FILE
 *       Copies FILE to standard output, read with POSIX_FADV_RANDOM in
 *       pieces of 64 KiB: no readahead beyond each read, so the page
 *       cache gets order-0 folios even where the mapping allows large
 *       ones (erofs), and only order-0 folios are copied.
 *   filecheck dontcache FILE...
 *       Sets and clears FS_DAX_FL (chattr +x, -x) on each FILE, on ext4
 *       without DAX, where a change of the flag marks the inode "don't
 *       cache" (d_mark_dontcache()): it is evicted at its last close,
 *       cached pages or not, as the inode shrinker would free it.
 *   filecheck fiemap FILE
 *       Prints where on its device FILE's first block is, in bytes
 *       (FS_IOC_FIEMAP, after a sync of the file), and how many bytes
 *       follow it in the same extent.
 *   filecheck pagesize
 *       Prints the page size in bytes: the tests' counters count pages,
 *       their files 4 KiB blocks (16 KiB pages on arm64+16k).
 *   filecheck same FILE
 *       Read FILE buffered and with O_DIRECT, which bypasses the page
 *       cache and the area, and compare block by block: a buffered read
 *       must give what the disk holds when nothing cached the file (drop
 *       it from the page cache first).  Prints the differing blocks (a
 *       filecheck block the buffered read gave is named) and exits 1 if
 *       there is one.
 *   filecheck subpage FILE ID BLOCKS [-l SECONDS]
 *       For file systems with blocks of 1 KiB: writes that cover part of
 *       a page.  FILE holds generation 1.  Without -l: 1 KiB piece 1 of
 *       every block is written at generation 2 (one pwrite each, making
 *       page-cache folios that are not uptodate), then fdatasync().  With
 *       -l: FILE must hold that (checked first, buffered); then for
 *       SECONDS random 1 KiB pieces are rewritten at their next
 *       generation (fdatasync() every 16) while two threads read random
 *       blocks buffered, each piece of which must be at least as new as
 *       the piece was before the read began (and whole, unless a write
 *       of it overlapped the read); at the end FILE is read whole.  A
 *       piece older than that is stale data.
 *
 * -s SEED (1) goes into every block: runs with other seeds write other
 * data.  -q prints only what is wrong.
 */
#define _GNU_SOURCE
#define _FILE_OFFSET_BITS 64
#include <errno.h>
#include <fcntl.h>
#include <linux/f2fs.h>
#include <linux/falloc.h>
#include <linux/fiemap.h>
#include <linux/fs.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/types.h>
#include <pthread.h>
#include <sched.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "stats.h"

#define BLK		4096
#define HDR_SIZE	32
#define BUF_BLOCKS	64		/* blocks per read or write call */
#define MAX_REPORTS	16		/* wrong blocks printed per pass */
#define WINDOW		(64UL << 20)	/* bytes mapped at a time */
#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
static const char magic[8] = "GCMAFCK1";

struct hdr {
	char magic[8];
	unsigned int seed;
	unsigned int id;
	unsigned long long block;
	unsigned int gen;
	unsigned int check;			/* of the fields above */
};

/* What one block should hold: generation 0 is zeros. */
struct want {
	unsigned int gen;
	unsigned long long src;			/* the block number its content names */
};

static struct {
	unsigned int seed;
	int direct, mmap, fsync, quiet;
	long first, count;
	size_t chunk;
	double loop_s;
	long max_mib;
} opt = { .seed = 1, .first = 0, .count = -1, .chunk = 65536, .loop_s = -1 };

static unsigned long long mix64(unsigned long long x)
{
	x += 0x9e3779b97f4a7c15ULL;
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
	return x ^ (x >> 31);
}

static unsigned int hdr_check(const struct hdr *h)
{
	unsigned long long x = h->seed ^ (unsigned long long)h->id << 32;

	return (unsigned int)mix64(mix64(mix64(x) ^ h->block) ^ h->gen);
}

/* The content of block @block of file @id at generation @gen. */
static void fill_seeded(char *p, unsigned int seed, unsigned int id,
			unsigned long long block, unsigned int gen)
{
	struct hdr h = { .seed = seed, .id = id, .block = block, .gen = gen };
	unsigned long long s, v;
	size_t off;

	memcpy(h.magic, magic, sizeof(magic));
	h.check = hdr_check(&h);
	memcpy(p, &h, sizeof(h));
	memset(p + sizeof(h), 0, HDR_SIZE - sizeof(h));
	s = mix64(h.check ^ ((unsigned long long)gen << 32)) | 1;
	for (off = HDR_SIZE; off < BLK; off += sizeof(v)) {
		s ^= s << 13;
		s ^= s >> 7;
		s ^= s << 17;
		v = s;
		memcpy(p + off, &v, sizeof(v));
	}
}

static void fill_block(char *p, unsigned int id, unsigned long long block,
		       unsigned int gen)
{
	fill_seeded(p, opt.seed, id, block, gen);
}

/* How the file is read or written. */
static const char *how(void)
{
	return opt.mmap ? "through mmap" : opt.direct ? "with O_DIRECT" :
	       "buffered";
}

static int all_zero(const char *p, size_t len)
{
	return !p[0] && !memcmp(p, p + 1, len - 1);
}

/*
 * Say what a wrong block holds instead of generation @w.  Returns 1 if it
 * is a whole, older generation of the block it should be: stale data.
 */
static int describe(const char *file, long b, const char *p, unsigned int id,
		    const struct want *w, char *scratch, int print)
{
	char want_s[48], found_s[96];
	const char *what = "corrupt";
	struct hdr h;
	int stale = 0;

	if (w->gen)
		snprintf(want_s, sizeof(want_s), "gen %u", w->gen);
	else
		snprintf(want_s, sizeof(want_s), "zeros (hole)");
	if (w->gen && w->src != (unsigned long long)b)
		snprintf(want_s + strlen(want_s), sizeof(want_s) - strlen(want_s),
			 " of block %llu", w->src);
	memcpy(&h, p, sizeof(h));

	if (all_zero(p, BLK)) {
		snprintf(found_s, sizeof(found_s), "zeros");
		what = "lost";
	} else if (memcmp(h.magic, magic, sizeof(magic)) ||
		   h.check != hdr_check(&h)) {
		snprintf(found_s, sizeof(found_s), "no block header");
	} else {
		fill_seeded(scratch, h.seed, h.id, h.block, h.gen);
		if (memcmp(p, scratch, BLK)) {
			snprintf(found_s, sizeof(found_s),
				 "a damaged block %llu gen %u of file %u",
				 h.block, h.gen, h.id);
		} else if (h.seed != opt.seed) {
			snprintf(found_s, sizeof(found_s),
				 "block %llu gen %u of file %u, seed %u",
				 h.block, h.gen, h.id, h.seed);
			what = "another run's data";
		} else if (h.id != id || (w->gen && h.block != w->src)) {
			snprintf(found_s, sizeof(found_s),
				 "block %llu gen %u of file %u", h.block,
				 h.gen, h.id);
			what = "misplaced";
			stale = h.id == id && (!w->gen || h.gen <= w->gen);
		} else {
			snprintf(found_s, sizeof(found_s), "gen %u", h.gen);
			stale = !w->gen || h.gen < w->gen;
			what = stale ? "stale" : "newer than expected";
		}
	}
	if (print)
		printf("%s block %ld: expected %s, found %s (%s)\n", file, b,
		       want_s, found_s, what);
	return stale;
}

/* Parse "GEN" or "FIRST[-LAST]:GEN[@SRC]" items into @w (@blocks long). */
static int parse_spec(const char *spec, struct want *w, long blocks)
{
	char *copy = strdup(spec), *item, *save = NULL, *p, *end;
	long first, last, b;
	unsigned long gen;
	long long src;

	for (item = strtok_r(copy, ",", &save); item;
	     item = strtok_r(NULL, ",", &save)) {
		first = 0;
		last = blocks - 1;
		src = -1;
		p = item;
		if (strchr(item, ':')) {
			first = strtol(item, &end, 10);
			last = first;
			if (end == item)
				goto bad;
			if (*end == '-') {
				p = end + 1;
				last = strtol(p, &end, 10);
				if (end == p)
					goto bad;
			}
			if (*end != ':')
				goto bad;
			p = end + 1;
		}
		gen = strtoul(p, &end, 10);
		if (end == p)
			goto bad;
		if (*end == '@') {
			p = end + 1;
			src = strtoll(p, &end, 10);
			if (end == p || src < 0)
				goto bad;
		}
		if (*end || first < 0 || last < first || last >= blocks ||
		    gen > UINT_MAX)
			goto bad;
		for (b = first; b <= last; b++) {
			w[b].gen = gen;
			w[b].src = src < 0 ? b : src + b - first;
		}
	}
	free(copy);
	return 0;
bad:
	fprintf(stderr, "filecheck: bad SPEC item '%s' (FILE has %ld blocks)\n",
		item, blocks);
	free(copy);
	return -1;
}

/* Read @nr blocks at block @b into @buf (buffered or O_DIRECT). */
static int read_blocks(int fd, char *buf, long b, long nr)
{
	size_t len = (size_t)nr * BLK, done = 0;
	ssize_t n;

	while (done < len) {
		n = pread(fd, buf + done, len - done, (off_t)b * BLK + done);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			fprintf(stderr, "filecheck: read at block %ld: %s\n", b,
				n ? strerror(errno) : "end of file");
			return -1;
		}
		done += n;
	}
	return 0;
}

/*
 * One pass over the file: returns the number of wrong blocks, -1 on an
 * error.  @stale counts those holding an older generation.
 */
static long verify_pass(const char *file, int fd, unsigned int id, long blocks,
			const struct want *w, char *buf, char *exp,
			long *stale)
{
	long b, i, nr, bad = 0;
	char *map = NULL;
	size_t maplen = 0;
	off_t mapoff = 0;

	for (b = 0; b < blocks; b += nr) {
		const char *data;

		nr = blocks - b < BUF_BLOCKS ? blocks - b : BUF_BLOCKS;
		if (opt.mmap) {
			if (!map || (off_t)(b + nr) * BLK > mapoff + (off_t)maplen) {
				if (map)
					munmap(map, maplen);
				mapoff = (off_t)b * BLK;
				maplen = (size_t)(blocks - b) * BLK;
				if (maplen > WINDOW)
					maplen = WINDOW;
				map = mmap(NULL, maplen, PROT_READ, MAP_SHARED,
					   fd, mapoff);
				if (map == MAP_FAILED) {
					perror("filecheck: mmap");
					return -1;
				}
			}
			data = map + ((off_t)b * BLK - mapoff);
		} else {
			if (read_blocks(fd, buf, b, nr))
				return -1;
			data = buf;
		}
		for (i = 0; i < nr; i++) {
			const char *p = data + i * BLK;
			const struct want *wb = &w[b + i];

			if (wb->gen) {
				fill_block(exp, id, wb->src, wb->gen);
				if (!memcmp(p, exp, BLK))
					continue;
			} else if (all_zero(p, BLK)) {
				continue;
			}
			*stale += describe(file, b + i, p, id, wb, exp,
					   bad < MAX_REPORTS);
			bad++;
		}
	}
	if (map)
		munmap(map, maplen);
	return bad;
}

static int cmd_verify(const char *file, unsigned int id, long blocks,
		      const char *spec)
{
	long bad = 0, stale = 0, passes = 0, zeros = 0, b;
	unsigned int lo = UINT_MAX, hi = 0;
	double t0 = now_us();
	struct want *w;
	char *buf, *exp;
	struct stat st;
	int fd;

	w = calloc(blocks ? blocks : 1, sizeof(*w));
	if (!w || parse_spec(spec, w, blocks))
		return 2;
	for (b = 0; b < blocks; b++) {
		if (!w[b].gen) {
			zeros++;
			continue;
		}
		lo = w[b].gen < lo ? w[b].gen : lo;
		hi = w[b].gen > hi ? w[b].gen : hi;
	}
	fd = open(file, O_RDONLY | (opt.direct ? O_DIRECT : 0));
	if (fd < 0 || fstat(fd, &st)) {
		fprintf(stderr, "filecheck: %s: %s\n", file, strerror(errno));
		return 2;
	}
	if (st.st_size != (off_t)blocks * BLK) {
		printf("%s: %lld bytes, expected %ld blocks (%lld bytes)\n",
		       file, (long long)st.st_size, blocks,
		       (long long)blocks * BLK);
		return 1;
	}
	if (posix_memalign((void **)&buf, BLK, BUF_BLOCKS * BLK) ||
	    posix_memalign((void **)&exp, BLK, BLK))
		return 2;

	do {
		bad = verify_pass(file, fd, id, blocks, w, buf, exp, &stale);
		if (bad < 0)
			return 2;
		passes++;
	} while (!bad && now_us() - t0 < opt.loop_s * 1e6);

	if (bad) {
		if (bad > MAX_REPORTS)
			printf("%s: ... and %ld more\n", file, bad - MAX_REPORTS);
		printf("%s: %ld of %ld blocks wrong (%ld stale) in pass %ld, read %s\n",
		       file, bad, blocks, stale, passes, how());
		return 1;
	}
	if (!opt.quiet)
		printf("%s: %ld blocks good (gen %u-%u, %ld zero), %ld pass%s in %.1f s, read %s\n",
		       file, blocks, lo == UINT_MAX ? 0 : lo, hi, zeros,
		       passes, passes == 1 ? "" : "es", (now_us() - t0) / 1e6,
		       how());
	close(fd);
	return 0;
}

/* Write @len bytes at @off in pieces of opt.chunk bytes. */
static int write_all(int fd, const char *buf, size_t len, off_t off)
{
	size_t done = 0, piece;
	ssize_t n;

	while (done < len) {
		piece = len - done;
		if (!opt.direct && piece > opt.chunk)
			piece = opt.chunk;
		n = pwrite(fd, buf + done, piece, off + done);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			fprintf(stderr, "filecheck: write at %lld: %s\n",
				(long long)(off + done), strerror(errno));
			return -1;
		}
		done += n;
	}
	return 0;
}

static int write_mapped(int fd, unsigned int id, long first, long count,
			unsigned int gen)
{
	long b, end = first + count;
	struct stat st;

	if (fstat(fd, &st))
		return -1;
	if (st.st_size < (off_t)end * BLK && ftruncate(fd, (off_t)end * BLK))
		return -1;
	for (b = first; b < end;) {
		long nr = end - b;
		char *map;
		long i;

		if ((size_t)nr * BLK > WINDOW)
			nr = WINDOW / BLK;
		map = mmap(NULL, (size_t)nr * BLK, PROT_READ | PROT_WRITE,
			   MAP_SHARED, fd, (off_t)b * BLK);
		if (map == MAP_FAILED)
			return -1;
		for (i = 0; i < nr; i++)
			fill_block(map + i * BLK, id, b + i, gen);
		if (opt.fsync && msync(map, (size_t)nr * BLK, MS_SYNC))
			return -1;
		munmap(map, (size_t)nr * BLK);
		b += nr;
	}
	return 0;
}

static int cmd_write(const char *file, unsigned int id, long blocks,
		     unsigned int gen)
{
	long count = opt.count < 0 ? blocks - opt.first : opt.count;
	long b, i, nr, end = opt.first + count;
	double t0 = now_us();
	char *buf;
	int fd, ret = 0;

	if (opt.first < 0 || count < 0 || !opt.chunk ||
	    (opt.direct && opt.mmap)) {
		fprintf(stderr, "filecheck: bad write range or options\n");
		return 2;
	}
	fd = open(file, O_RDWR | O_CREAT | (opt.direct ? O_DIRECT : 0), 0644);
	if (fd < 0) {
		fprintf(stderr, "filecheck: %s: %s\n", file, strerror(errno));
		return 2;
	}
	if (opt.mmap) {
		ret = write_mapped(fd, id, opt.first, count, gen);
	} else {
		if (posix_memalign((void **)&buf, BLK, BUF_BLOCKS * BLK))
			return 2;
		for (b = opt.first; b < end && !ret; b += nr) {
			nr = end - b < BUF_BLOCKS ? end - b : BUF_BLOCKS;
			for (i = 0; i < nr; i++)
				fill_block(buf + i * BLK, id, b + i, gen);
			ret = write_all(fd, buf, (size_t)nr * BLK, (off_t)b * BLK);
		}
	}
	if (!ret && opt.fsync)
		ret = fsync(fd);
	if (ret || close(fd)) {
		fprintf(stderr, "filecheck: writing %s: %s\n", file, strerror(errno));
		return 2;
	}
	if (!opt.quiet)
		printf("%s: wrote blocks %ld-%ld gen %u %s in %.1f s\n", file,
		       opt.first, end - 1, gen,
		       how(),
		       (now_us() - t0) / 1e6);
	return 0;
}

static int cmd_falloc(const char *file, const char *mode, long first,
		      long count)
{
	static const struct {
		const char *name;
		int mode;
	} modes[] = {
		{ "punch", FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE },
		{ "zero", FALLOC_FL_ZERO_RANGE },
		{ "collapse", FALLOC_FL_COLLAPSE_RANGE },
		{ "insert", FALLOC_FL_INSERT_RANGE },
		{ "alloc", 0 },
		{ "alloc-keep", FALLOC_FL_KEEP_SIZE },
	};
	size_t i;
	int fd;

	for (i = 0; i < ARRAY_SIZE(modes); i++)
		if (!strcmp(mode, modes[i].name))
			break;
	if (i == ARRAY_SIZE(modes) || first < 0 || count <= 0) {
		fprintf(stderr, "filecheck: bad falloc mode or range\n");
		return 2;
	}
	fd = open(file, O_RDWR);
	if (fd < 0 || fallocate(fd, modes[i].mode, (off_t)first * BLK,
				(off_t)count * BLK)) {
		fprintf(stderr, "filecheck: fallocate %s %s: %s\n", mode, file,
			strerror(errno));
		return 2;
	}
	close(fd);
	if (!opt.quiet)
		printf("%s: fallocate %s blocks %ld-%ld\n", file, mode, first,
		       first + count - 1);
	return 0;
}

static int cmd_dontneed(const char *file, long first, long count)
{
	int fd = open(file, O_RDONLY), err;

	if (fd < 0) {
		fprintf(stderr, "filecheck: %s: %s\n", file, strerror(errno));
		return 2;
	}
	err = posix_fadvise(fd, (off_t)first * BLK, (off_t)count * BLK,
			    POSIX_FADV_DONTNEED);
	close(fd);
	if (err) {
		fprintf(stderr, "filecheck: fadvise %s: %s\n", file, strerror(err));
		return 2;
	}
	if (!opt.quiet)
		printf("%s: POSIX_FADV_DONTNEED on %s\n", file,
		       count ? "a range" : "the whole file");
	return 0;
}

static int cmd_read_random(const char *file)
{
	static char buf[65536];
	int fd = open(file, O_RDONLY), err, ret = 2;
	ssize_t n, w, done;
	off_t off = 0;

	if (fd < 0) {
		fprintf(stderr, "filecheck: %s: %s\n", file, strerror(errno));
		return 2;
	}
	err = posix_fadvise(fd, 0, 0, POSIX_FADV_RANDOM);
	if (err) {
		fprintf(stderr, "filecheck: fadvise %s: %s\n", file, strerror(err));
		goto out;
	}
	while ((n = pread(fd, buf, sizeof(buf), off)) > 0) {
		for (done = 0; done < n; done += w) {
			w = write(STDOUT_FILENO, buf + done, n - done);
			if (w < 0) {
				fprintf(stderr, "filecheck: write: %s\n", strerror(errno));
				goto out;
			}
		}
		off += n;
	}
	if (n < 0) {
		fprintf(stderr, "filecheck: %s at %lld: %s\n", file,
			(long long)off, strerror(errno));
		goto out;
	}
	ret = 0;
out:
	close(fd);
	return ret;
}

/* Pages of @file in the page cache, -1 on an error. */
/* Pages of [@from, @to) of @file (@to 0: its end) in the page cache. */
static long resident_range(const char *file, off_t from, off_t to)
{
	long page = sysconf(_SC_PAGESIZE), n = 0;
	unsigned char *vec;
	struct stat st;
	off_t off;
	int fd;

	fd = open(file, O_RDONLY);
	if (fd < 0 || fstat(fd, &st)) {
		fprintf(stderr, "filecheck: %s: %s\n", file, strerror(errno));
		return -1;
	}
	if (!to || to > st.st_size)
		to = st.st_size;
	vec = malloc(WINDOW / page);
	for (off = from; vec && off < to; off += WINDOW) {
		size_t len = to - off < (off_t)WINDOW ?
			     (size_t)(to - off) : WINDOW;
		void *map = mmap(NULL, len, PROT_READ, MAP_SHARED, fd, off);
		size_t i;

		if (map == MAP_FAILED || mincore(map, len, vec)) {
			perror("filecheck: mincore");
			n = -1;
			break;
		}
		for (i = 0; i < (len + page - 1) / page; i++)
			n += vec[i] & 1;
		munmap(map, len);
	}
	free(vec);
	close(fd);
	return vec ? n : -1;
}

#ifndef __NR_cachestat
#define __NR_cachestat 451	/* the same on every architecture */
#endif

/* struct cachestat_range and struct cachestat of <linux/mman.h>, 6.5 */
struct fc_cachestat_range {
	__u64 off, len;
};

struct fc_cachestat {
	__u64 nr_cache, nr_dirty, nr_writeback, nr_evicted, nr_recently_evicted;
};

/* Pages of @file in the page cache, uptodate or not: cachestat(2). */
static long cached(const char *file)
{
	struct fc_cachestat_range range = { 0, 0 };	/* to the end */
	struct fc_cachestat cs;
	int fd = open(file, O_RDONLY);
	long ret;

	if (fd < 0) {
		fprintf(stderr, "filecheck: %s: %s\n", file, strerror(errno));
		return -1;
	}
	ret = syscall(__NR_cachestat, fd, &range, &cs, 0);
	if (ret)
		perror("filecheck: cachestat");
	close(fd);
	return ret ? -1 : (long)cs.nr_cache;
}

static long resident(const char *file)
{
	return resident_range(file, 0, 0);
}

static long resident_all(char **files, int nr)
{
	long n, sum = 0;
	int i;

	for (i = 0; i < nr; i++) {
		n = resident(files[i]);
		if (n < 0)
			return -1;
		sum += n;
	}
	return sum;
}

static long mem_available_mib(void)
{
	char line[128];
	long kb = -1;
	FILE *f = fopen("/proc/meminfo", "r");

	while (f && fgets(line, sizeof(line), f))
		if (sscanf(line, "MemAvailable: %ld kB", &kb) == 1)
			break;
	if (f)
		fclose(f);
	return kb < 0 ? -1 : kb >> 10;
}

static int cmd_evict(char **files, int nr)
{
	long page = sysconf(_SC_PAGESIZE), before, left, last, mib = 0;
	int *fds, i;
	const char *why = "none of the files is cached";
	long avail, since = 0;
	double t0 = now_us();
	size_t off, chunk;
	char *p;

	/*
	 * Held open, as by a reader: an inode without users or pages may be
	 * reclaimed under this pressure, and its copies with it.
	 */
	fds = calloc(nr, sizeof(*fds));
	for (i = 0; fds && i < nr; i++)
		fds[i] = open(files[i], O_RDONLY);
	before = resident_all(files, nr);
	if (before < 0)
		return 2;
	left = before;
	last = before;
	while (left > 0) {
		if (opt.max_mib && mib >= opt.max_mib) {
			why = "the limit was reached";
			break;
		}
		/*
		 * Near the end, 1 MiB at a time, and only while the files
		 * keep leaving the page cache: pages that reclaim cannot take
		 * would otherwise end in the OOM killer.
		 */
		avail = mem_available_mib();
		/* the rest is for reclaim; below it comes the OOM killer */
		if (avail >= 0 && avail < 12) {
			why = "MemAvailable below 12 MiB";
			break;
		}
		chunk = 4UL << 20;
		if (left < last) {
			last = left;
			since = 0;
		}
		if (avail >= 0 && avail < 32) {
			chunk = 1UL << 20;
			if (since >= 32) {
				why = "32 MiB more took no page of the files";
				break;
			}
		} else {
			since = 0;
		}
		/* kept mapped until exit: the memory stays taken */
		p = mmap(NULL, chunk, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (p == MAP_FAILED) {
			why = "mmap failed";
			break;
		}
		for (off = 0; off < chunk; off += page)
			p[off] = 1;
		mib += chunk >> 20;
		since += chunk >> 20;
		left = resident_all(files, nr);
	}
	if (left < 0)
		return 2;
	for (i = 0; fds && i < nr; i++)
		if (fds[i] >= 0)
			close(fds[i]);
	free(fds);
	printf("evict: %ld -> %ld pages cached after a %ld MiB hog, %.1f s",
	       before, left, mib, (now_us() - t0) / 1e6);
	printf(" (%s; MemAvailable %ld MiB)\n", why, mem_available_mib());
	return left ? 1 : 0;
}

#ifndef MADV_PAGEOUT
#define MADV_PAGEOUT 21
#endif

/*
 * MADV_PAGEOUT of [@map, @map + @len) once on every online CPU (whatever
 * the caller's affinity: taskset or not).  madvise_pageout() drains only
 * the calling CPU's per-CPU LRU batches (lru_add_drain()), and a folio in
 * another CPU's batch is not on an LRU list: a folio added or activated
 * there (a buffered read by a thread that ran there, folio_mark_accessed())
 * cannot be isolated, and stays cached until that CPU drains (a process
 * exiting there does, in exit_mmap(); a thread exiting does not).  Run
 * there, the call drains that CPU's batches first; -1 if a call failed.
 */
static int pageout_every_cpu(char *map, size_t len)
{
	long cpus = sysconf(_SC_NPROCESSORS_CONF);
	cpu_set_t was, one;
	int cpu, ret = 0, moved = 0;

	if (sched_getaffinity(0, sizeof(was), &was))
		return madvise(map, len, MADV_PAGEOUT);
	for (cpu = 0; cpu < cpus && cpu < CPU_SETSIZE; cpu++) {
		CPU_ZERO(&one);
		CPU_SET(cpu, &one);
		if (sched_setaffinity(0, sizeof(one), &one))
			continue;
		moved = 1;
		if (madvise(map, len, MADV_PAGEOUT))
			ret = -1;
	}
	if (moved)
		sched_setaffinity(0, sizeof(was), &was);
	else
		ret = madvise(map, len, MADV_PAGEOUT);
	return ret;
}

/* Reclaim [@from, @to) of @file (@to 0: its end); @from page-aligned. */
static int pageout_range(const char *file, off_t from, off_t to)
{
	struct stat st;
	off_t off;
	int fd, ret = 0;

	fd = open(file, O_RDONLY);
	if (fd < 0 || fstat(fd, &st)) {
		fprintf(stderr, "filecheck: %s: %s\n", file, strerror(errno));
		return -1;
	}
	if (!to || to > st.st_size)
		to = st.st_size;
	/* mmap() wants a page-aligned offset: blocks are 4 KiB, pages may not be */
	from &= ~((off_t)sysconf(_SC_PAGESIZE) - 1);
	for (off = from; off < to; off += WINDOW) {
		size_t len = to - off < (off_t)WINDOW ?
			     (size_t)(to - off) : WINDOW;
		/* MAP_POPULATE: every page read in and mapped, for PAGEOUT */
		char *map = mmap(NULL, len, PROT_READ, MAP_SHARED | MAP_POPULATE,
				 fd, off);

		if (map == MAP_FAILED) {
			perror("filecheck: mmap");
			ret = -1;
			break;
		}
		if (pageout_every_cpu(map, len)) {
			perror("filecheck: madvise(MADV_PAGEOUT)");
			ret = -1;
		}
		munmap(map, len);
		if (ret)
			break;
	}
	close(fd);
	return ret;
}

static int pageout(const char *file)
{
	return pageout_range(file, 0, 0);
}

/* filecheck pageout-range: the pages FIRST..FIRST+COUNT-1 of FILE only. */
static int cmd_pageout_range(const char *file, long first, long count)
{
	off_t from = (off_t)first * BLK, to = (off_t)(first + count) * BLK;
	long before, left;

	if (first < 0 || count <= 0) {
		fprintf(stderr, "filecheck: pageout-range: bad range\n");
		return 2;
	}
	before = resident_range(file, from, to);
	if (before < 0 || pageout_range(file, from, to))
		return 2;
	left = resident_range(file, from, to);
	if (left < 0)
		return 2;
	printf("pageout-range: %ld -> %ld pages cached\n", before, left);
	return left ? 1 : 0;
}

static int cmd_pageout(char **files, int nr)
{
	long before, left;
	double t0 = now_us();
	int i;

	before = resident_all(files, nr);
	if (before < 0)
		return 2;
	for (i = 0; i < nr; i++)
		if (pageout(files[i]))
			return 2;
	left = resident_all(files, nr);
	if (left < 0)
		return 2;
	printf("pageout: %ld -> %ld pages cached, %.1f s\n", before, left,
	       (now_us() - t0) / 1e6);
	return left ? 1 : 0;
}

/* What one reader of cmd_race() saw. */
struct race_reader {
	pthread_t thread;
	const char *file;
	unsigned int id, old_gen, new_gen, seed;
	long blocks;
	long reads, wrong, stale, late;		/* late: OLD after the write */
	long torn;				/* OLD and NEW mixed, in flight */
	int error;
};

/* set by the writer, read by the readers: __atomic, not volatile */
static int race_written, race_stop;

static int race_get(int *v)
{
	return __atomic_load_n(v, __ATOMIC_ACQUIRE);
}

static void race_set(int *v, int val)
{
	__atomic_store_n(v, val, __ATOMIC_RELEASE);
}

/* Which generation @p is, as block @b of file @id: OLD, NEW or -1. */
static int race_which(const struct race_reader *r, const char *p, long b,
		      char *exp)
{
	fill_seeded(exp, r->seed, r->id, b, r->new_gen);
	if (!memcmp(p, exp, BLK))
		return r->new_gen;
	fill_seeded(exp, r->seed, r->id, b, r->old_gen);
	if (!memcmp(p, exp, BLK))
		return r->old_gen;
	return -1;
}

/*
 * Is @p a mix of @new_blk and @old_blk, every byte one of theirs?  A
 * buffered read that misses while the O_DIRECT write of the same sectors
 * is in flight reads them from the disk mid-write, and no kernel orders
 * the two: such a torn block is allowed before the write returns.  An
 * older generation or anything else has most bytes from neither.  Says
 * in @desc which parts came from where, by 16-byte chunks: "new", "old",
 * "mixed" (each byte from one of them), "neither".
 */
static int race_torn(const char *p, const char *new_blk, const char *old_blk,
		     char *desc, size_t size)
{
	static const char * const name[] = { "either", "new", "old", "mixed",
					     "neither" };
	int cur = 0, parts = 0, torn = 1;
	size_t len = 0, i, j, start = 0;

	desc[0] = 0;
	for (i = 0; i <= BLK; i += 16) {
		int now = 0;

		for (j = i; j < i + 16 && i < BLK; j++) {
			int is_new = p[j] == new_blk[j], is_old = p[j] == old_blk[j];

			if (!is_new && !is_old)
				now = 4;
			else if (now < 4 && is_new != is_old)
				now = (now && now != 2 - is_new) ? 3 : 2 - is_new;
		}
		if (now == 4)
			torn = 0;
		if (i < BLK && (!now || now == cur || !cur)) {
			/* a chunk both share continues the current part */
			cur = now ? now : cur;
			continue;
		}
		if (++parts <= 4 && len < size)
			len += snprintf(desc + len, size - len, "%s%zu-%zu %s",
					parts > 1 ? ", " : "", start, i - 1,
					name[cur]);
		start = i;
		cur = now;
	}
	if (parts > 4 && len < size)
		snprintf(desc + len, size - len, ", ... %d parts", parts);
	return torn;
}

static void *race_read(void *arg)
{
	struct race_reader *r = arg;
	unsigned long long x = mix64((unsigned long)arg);
	char *buf = malloc(BLK), *exp = malloc(BLK), *old = malloc(BLK);
	int fd = open(r->file, O_RDONLY);
	char desc[160];

	if (fd < 0 || !buf || !exp || !old) {
		fprintf(stderr, "filecheck: %s: %s\n", r->file, strerror(errno));
		r->error = 1;
		return NULL;
	}
	while (!race_get(&race_stop)) {
		int written = race_get(&race_written);
		long b;
		int gen;
		struct hdr h;

		x = mix64(x);
		b = x % r->blocks;
		if (read_blocks(fd, buf, b, 1)) {
			r->error = 1;
			break;
		}
		r->reads++;
		gen = race_which(r, buf, b, exp);
		if (gen == (int)r->new_gen)
			continue;
		if (gen == (int)r->old_gen) {
			/* the write had returned before this read began */
			if (written && ++r->late <= MAX_REPORTS)
				printf("%s block %ld: gen %u after the write returned\n",
				       r->file, b, r->old_gen);
			r->wrong += written;
			continue;
		}
		fill_seeded(exp, r->seed, r->id, b, r->new_gen);
		fill_seeded(old, r->seed, r->id, b, r->old_gen);
		if (race_torn(buf, exp, old, desc, sizeof(desc)) && !written) {
			if (++r->torn <= MAX_REPORTS)
				printf("%s block %ld: torn mid-write (allowed): bytes %s\n",
				       r->file, b, desc);
			continue;
		}
		r->wrong++;
		memcpy(&h, buf, sizeof(h));
		if (!memcmp(h.magic, magic, sizeof(magic)) &&
		    h.check == hdr_check(&h) && h.block == (unsigned long)b &&
		    h.gen < r->old_gen) {
			if (++r->stale <= MAX_REPORTS)
				printf("%s block %ld: found gen %u, older than gen %u (stale)\n",
				       r->file, b, h.gen, r->old_gen);
		} else if (r->wrong - r->stale <= MAX_REPORTS) {
			printf("%s block %ld: neither gen %u nor gen %u%s (corrupt): bytes %s\n",
			       r->file, b, r->old_gen, r->new_gen,
			       written ? " after the write returned" : "", desc);
		}
	}
	close(fd);
	free(buf);
	free(exp);
	free(old);
	return NULL;
}

static int cmd_race(const char *file, unsigned int id, long blocks,
		    unsigned int old_gen, unsigned int new_gen)
{
	struct race_reader r[2];
	long reads = 0, wrong = 0, stale = 0, torn = 0, b;
	double after = opt.loop_s > 0 ? opt.loop_s : 0.5, t0;
	size_t len = (size_t)blocks * BLK;
	char *buf;
	int fd, i, ret = 0;

	if (blocks <= 0 || posix_memalign((void **)&buf, BLK, len)) {
		fprintf(stderr, "filecheck: race: no buffer for %ld blocks\n", blocks);
		return 2;
	}
	for (b = 0; b < blocks; b++)
		fill_block(buf + b * BLK, id, b, new_gen);
	fd = open(file, O_WRONLY | O_DIRECT);
	if (fd < 0) {
		fprintf(stderr, "filecheck: %s: %s\n", file, strerror(errno));
		return 2;
	}
	race_set(&race_written, 0);
	race_set(&race_stop, 0);
	for (i = 0; i < 2; i++) {
		r[i] = (struct race_reader){ .file = file, .id = id,
			.old_gen = old_gen, .new_gen = new_gen,
			.seed = opt.seed, .blocks = blocks };
		if (pthread_create(&r[i].thread, NULL, race_read, &r[i])) {
			fprintf(stderr, "filecheck: race: no thread\n");
			return 2;
		}
	}
	usleep(50000);		/* the readers fill the page cache first */
	t0 = now_us();
	if (write_all(fd, buf, len, 0))
		ret = 2;
	race_set(&race_written, 1);
	printf("race: %ld blocks written with O_DIRECT in %.2f s\n", blocks,
	       (now_us() - t0) / 1e6);
	usleep((useconds_t)(after * 1e6));
	race_set(&race_stop, 1);
	for (i = 0; i < 2; i++) {
		pthread_join(r[i].thread, NULL);
		reads += r[i].reads;
		wrong += r[i].wrong;
		stale += r[i].stale;
		torn += r[i].torn;
		if (r[i].error)
			ret = 2;
	}
	close(fd);
	free(buf);
	printf("race: %ld buffered reads, %ld wrong (%ld stale), %ld torn during the write\n",
	       reads, wrong, stale, torn);
	if (ret)
		return ret;
	if (wrong)
		return 1;
	{
		char spec[16];

		snprintf(spec, sizeof(spec), "%u", new_gen);
		opt.loop_s = 0;
		return cmd_verify(file, id, blocks, spec);
	}
}

/*
 * cmd_churn(): change N (1, 2, ...) of the file covers blocks
 * [first, last] and leaves zeroes there (hole) or generation N + 1;
 * "change 0" is the file as written, generation 1.  done[b] is the last
 * change of block b that completed, begun[b] the last that started.
 */
struct churn_change {
	long first, last;
	int hole;
};

#define CHURN_MAX	(1L << 20)
static struct churn_change *churn;
static unsigned int *churn_done, *churn_begun;
static int churn_stop;

struct churn_reader {
	pthread_t thread;
	const char *file;
	unsigned int id;
	long blocks;
	long reads, wrong, stale, short_reads, mixed;
	int error;
};

/* Did a change in (@from, @to] leave block @b as @p holds it? */
static int churn_any(const char *p, unsigned int id, long b,
		     unsigned int from, unsigned int to, char *exp)
{
	unsigned int n;

	for (n = from + 1; n <= to; n++) {
		if (churn[n].first > b || churn[n].last < b)
			continue;
		if (churn[n].hole ? all_zero(p, BLK) :
		    (fill_block(exp, id, b, n + 1), !memcmp(p, exp, BLK)))
			return 1;
	}
	return 0;
}

/* Is @p what block @b held after change @n? */
static int churn_is(const char *p, unsigned int id, long b, unsigned int n,
		    char *exp)
{
	if (n && churn[n].hole)
		return all_zero(p, BLK);
	fill_block(exp, id, b, n + 1);
	return !memcmp(p, exp, BLK);
}

static void *churn_read(void *arg)
{
	struct churn_reader *r = arg;
	unsigned long long x = mix64((unsigned long)arg ^ opt.seed);
	char *buf = malloc(BLK), *exp = malloc(BLK);
	int fd = open(r->file, O_RDONLY);
	unsigned int lo, hi;
	struct hdr h;
	ssize_t n;
	long b;
	int st;

	if (fd < 0 || !buf || !exp) {
		fprintf(stderr, "filecheck: %s: %s\n", r->file, strerror(errno));
		r->error = 1;
		return NULL;
	}
	while (!race_get(&churn_stop)) {
		x = mix64(x);
		b = x % r->blocks;
		lo = __atomic_load_n(&churn_done[b], __ATOMIC_ACQUIRE);
		n = pread(fd, buf, BLK, (off_t)b * BLK);
		hi = __atomic_load_n(&churn_begun[b], __ATOMIC_ACQUIRE);
		if (n < 0) {
			fprintf(stderr, "filecheck: read at block %ld: %s\n", b,
				strerror(errno));
			r->error = 1;
			break;
		}
		r->reads++;
		if (n == BLK && churn_is(buf, r->id, b, lo, exp))
			continue;
		if (hi != lo) {
			/* changed during the read: one of them, or a mix */
			if (n < BLK)
				r->short_reads++;
			else if (!churn_any(buf, r->id, b, lo, hi, exp))
				r->mixed++;
			memcpy(&h, buf, sizeof(h));
			if (n < BLK || memcmp(h.magic, magic, sizeof(magic)) ||
			    h.check != hdr_check(&h) || h.id != r->id ||
			    h.block != (unsigned long long)b || h.gen >= lo + 1)
				continue;
		}
		/* nothing changed it meanwhile: it must be change @lo's */
		memcpy(&h, buf, sizeof(h));
		st = n == BLK && !memcmp(h.magic, magic, sizeof(magic)) &&
		     h.check == hdr_check(&h) && h.id == r->id &&
		     h.block == (unsigned long long)b && h.gen < lo + 1;
		r->stale += st;
		if (++r->wrong <= MAX_REPORTS)
			printf("%s block %ld: after change %u (%s), read %zd bytes: %s\n",
			       r->file, b, lo,
			       lo && churn[lo].hole ? "zeroes" : "data", n,
			       n < BLK ? "short" :
			       all_zero(buf, BLK) ? "zeroes" :
			       st ? "an older generation (stale)" : "neither");
	}
	close(fd);
	free(buf);
	free(exp);
	return NULL;
}

static void *churn_reclaim(void *arg)
{
	const char *file = arg;
	unsigned long long x = mix64(opt.seed ^ 0x5eed);
	struct stat st;
	long *rounds = calloc(1, sizeof(*rounds));
	off_t off;

	while (rounds && !race_get(&churn_stop)) {
		if (stat(file, &st))
			break;
		x = mix64(x);
		off = st.st_size > (2L << 20) ?
		      (off_t)(x % (st.st_size / BLK)) * BLK : 0;
		if (pageout_range(file, off, off + (2L << 20)))
			break;
		++*rounds;
	}
	return rounds;
}

/*
 * Reclaim all of @file: MADV_PAGEOUT misses folios that kswapd holds
 * isolated at that moment, or that wait in another CPU's LRU batch (seen
 * under a loaded host: 20 of 4096 left), so up to three tries, a second
 * apart.  True if none stayed.
 */
static int churn_reclaim_all(const char *file)
{
	int t;

	for (t = 0; t < 3; t++) {
		if (t) {
			sync();
			sleep(1);
		}
		if (!pageout_range(file, 0, 0) && !resident(file))
			return 1;
	}
	return 0;
}

static int cmd_churn(const char *file, unsigned int id, long blocks)
{
	double secs = opt.loop_s > 0 ? opt.loop_s : 10, t0;
	unsigned long long x = mix64(opt.seed ^ 0xc4a2);
	long reads = 0, wrong = 0, stale = 0, shorts = 0, mixed = 0;
	long kinds[5] = { 0 }, *rounds, b;
	struct churn_reader r[2];
	unsigned int nr = 0;
	pthread_t reclaimer;
	char *buf;
	int fd, dfd, i, ret = 0;

	churn = calloc(CHURN_MAX, sizeof(*churn));
	churn_done = calloc(blocks, sizeof(*churn_done));
	churn_begun = calloc(blocks, sizeof(*churn_begun));
	fd = open(file, O_RDWR);
	dfd = open(file, O_RDWR | O_DIRECT);
	if (blocks <= 0 || !churn || !churn_done || !churn_begun || fd < 0 ||
	    dfd < 0 || posix_memalign((void **)&buf, BLK, 64 * BLK)) {
		fprintf(stderr, "filecheck: churn: %s\n", strerror(errno));
		return 2;
	}
	race_set(&churn_stop, 0);
	for (i = 0; i < 2; i++) {
		r[i] = (struct churn_reader){ .file = file, .id = id,
					      .blocks = blocks };
		if (pthread_create(&r[i].thread, NULL, churn_read, &r[i])) {
			fprintf(stderr, "filecheck: churn: no thread\n");
			return 2;
		}
	}
	if (pthread_create(&reclaimer, NULL, churn_reclaim, (void *)file)) {
		fprintf(stderr, "filecheck: churn: no thread\n");
		return 2;
	}
	t0 = now_us();
	while (now_us() - t0 < secs * 1e6 && nr + 1 < CHURN_MAX) {
		struct churn_change *c = &churn[++nr];
		int kind, err = 0;

		x = mix64(x);
		kind = x % 5;
		c->first = (x >> 8) % blocks;
		c->last = c->first + (x >> 32) % 64;
		if (kind == 4)		/* truncation: in the last eighth */
			c->first = blocks - 1 - (x >> 8) % (blocks / 8 + 1);
		if (kind == 4 || c->last >= blocks)
			c->last = blocks - 1;
		c->hole = kind == 0 || kind == 1 || kind == 4;
		for (b = c->first; b <= c->last; b++)
			__atomic_store_n(&churn_begun[b], nr, __ATOMIC_RELEASE);
		if (kind == 0 || kind == 1) {
			err = fallocate(fd, (kind ? FALLOC_FL_ZERO_RANGE :
					     FALLOC_FL_PUNCH_HOLE) |
					FALLOC_FL_KEEP_SIZE,
					(off_t)c->first * BLK,
					(off_t)(c->last - c->first + 1) * BLK);
		} else if (kind == 4) {
			err = ftruncate(fd, (off_t)c->first * BLK) ||
			      ftruncate(fd, (off_t)blocks * BLK);
		} else {
			for (b = c->first; b <= c->last && !err; b++)
				fill_block(buf + (b - c->first) * BLK, id, b,
					   nr + 1);
			err = pwrite(kind == 2 ? dfd : fd, buf,
				     (c->last - c->first + 1) * BLK,
				     (off_t)c->first * BLK) !=
			      (ssize_t)((c->last - c->first + 1) * BLK);
		}
		if (err) {
			fprintf(stderr, "filecheck: churn: change %u (kind %d): %s\n",
				nr, kind, strerror(errno));
			ret = 2;
			break;
		}
		for (b = c->first; b <= c->last; b++)
			__atomic_store_n(&churn_done[b], nr, __ATOMIC_RELEASE);
		kinds[kind]++;
		if (!(nr % 8) && fdatasync(fd)) {
			perror("filecheck: fdatasync");
			ret = 2;
			break;
		}
	}
	race_set(&churn_stop, 1);
	pthread_join(reclaimer, (void **)&rounds);
	for (i = 0; i < 2; i++) {
		pthread_join(r[i].thread, NULL);
		reads += r[i].reads;
		wrong += r[i].wrong;
		stale += r[i].stale;
		shorts += r[i].short_reads;
		mixed += r[i].mixed;
		if (r[i].error)
			ret = 2;
	}
	printf("churn: %u changes in %.0f s (%ld punched, %ld zeroed, %ld O_DIRECT, %ld buffered, %ld truncated), %ld reclaims of 2 MiB\n",
	       nr, (now_us() - t0) / 1e6, kinds[0], kinds[1], kinds[2],
	       kinds[3], kinds[4], rounds ? *rounds : -1L);
	printf("churn: %ld buffered reads, %ld wrong (%ld stale); during changes %ld short, %ld neither before nor after\n",
	       reads, wrong, stale, shorts, mixed);
	if (fdatasync(fd))
		ret = 2;
	close(fd);
	close(dfd);
	free(buf);
	if (ret)
		return ret;
	/* every block as its last change left it: read, reclaimed, read */
	{
		struct want *w = calloc(blocks, sizeof(*w));
		long bad = 0, n;
		char *exp = malloc(BLK), *p = malloc(BLK);

		fd = open(file, O_RDONLY);
		if (!w || !exp || !p || fd < 0)
			return 2;
		for (i = 0; i < 2; i++) {
			bad = 0;
			for (b = 0; b < blocks; b++) {
				n = churn_done[b];
				if (read_blocks(fd, p, b, 1))
					return 2;
				if (churn_is(p, id, b, n, exp))
					continue;
				w[b].gen = n && churn[n].hole ? 0 : n + 1;
				w[b].src = b;
				describe(file, b, p, id, &w[b], exp,
					 bad++ < MAX_REPORTS);
			}
			printf("churn: %s: %ld of %ld blocks wrong\n",
			       i ? "read back after reclaim" : "read back", bad,
			       blocks);
			if (bad)
				break;
			if (!i && !churn_reclaim_all(file)) {
				fprintf(stderr, "filecheck: churn: %s stays cached after the reclaim\n",
					file);
				return 2;
			}
		}
		close(fd);
		if (bad)
			return 1;
	}
	return wrong ? 1 : 0;
}

#define PIECE		1024
#define PIECES		(BLK / PIECE)

/*
 * The generation of each 1 KiB piece of cmd_subpage()'s file: sp_lo[i]
 * is set after a write of piece i returned, sp_hi[i] before it began, so
 * that a read that begins after sp_lo[i] was read and ends before sp_hi[i]
 * is read must find a generation in between.
 */
static unsigned int *sp_lo, *sp_hi;
static int sp_stop;

struct sp_reader {
	pthread_t thread;
	const char *file;
	unsigned int id;
	long blocks, reads, stale, wrong;
	int error;
};

/*
 * Check block @b of @p, whose pieces must be at generations @lo..@hi.
 * Returns 0, or 1 with @stale set if a piece is older than @lo.
 */
static int sp_check(const char *file, unsigned int id, long b, const char *p,
		    const unsigned int *lo, const unsigned int *hi, char *exp,
		    int *stale, int print)
{
	unsigned int g;
	int k, bad = 0;

	*stale = 0;
	for (k = 0; k < PIECES; k++) {
		const char *q = p + k * PIECE;

		for (g = lo[k]; g <= hi[k]; g++) {
			fill_block(exp, id, b, g);
			if (!memcmp(q, exp + k * PIECE, PIECE))
				break;
		}
		if (g <= hi[k])
			continue;
		for (g = 1; g < lo[k]; g++) {
			fill_block(exp, id, b, g);
			if (!memcmp(q, exp + k * PIECE, PIECE))
				break;
		}
		/* a read is not atomic against a write of the same piece */
		if (g == lo[k] && lo[k] != hi[k])
			continue;
		bad = 1;
		*stale |= g < lo[k];
		if (print)
			printf("%s block %ld piece %d: expected gen %u..%u, found %s%u\n",
			       file, b, k, lo[k], hi[k],
			       g < lo[k] ? "gen " : "no gen up to ",
			       g < lo[k] ? g : hi[k]);
	}
	return bad;
}

static void *sp_read(void *arg)
{
	struct sp_reader *r = arg;
	unsigned long long x = mix64((unsigned long)arg);
	char *buf = malloc(BLK), *exp = malloc(BLK);
	unsigned int lo[PIECES], hi[PIECES];
	int fd = open(r->file, O_RDONLY), k, stale;

	if (fd < 0 || !buf || !exp) {
		fprintf(stderr, "filecheck: %s: %s\n", r->file, strerror(errno));
		r->error = 1;
		return NULL;
	}
	while (!race_get(&sp_stop)) {
		long b;

		x = mix64(x);
		b = x % r->blocks;
		for (k = 0; k < PIECES; k++)
			lo[k] = __atomic_load_n(&sp_lo[b * PIECES + k], __ATOMIC_ACQUIRE);
		if (read_blocks(fd, buf, b, 1)) {
			r->error = 1;
			break;
		}
		for (k = 0; k < PIECES; k++)
			hi[k] = __atomic_load_n(&sp_hi[b * PIECES + k], __ATOMIC_ACQUIRE);
		r->reads++;
		if (sp_check(r->file, r->id, b, buf, lo, hi, exp, &stale,
			     r->wrong < MAX_REPORTS)) {
			r->wrong++;
			r->stale += stale;
		}
	}
	close(fd);
	free(buf);
	free(exp);
	return NULL;
}

/* Read all of @file buffered: each piece at exactly its generation. */
static long sp_verify(const char *file, unsigned int id, long blocks,
		      long *stale)
{
	char *buf = malloc(BLK), *exp = malloc(BLK);
	int fd = open(file, O_RDONLY), st;
	long b, bad = 0;

	*stale = 0;
	if (fd < 0 || !buf || !exp) {
		fprintf(stderr, "filecheck: %s: %s\n", file, strerror(errno));
		return -1;
	}
	for (b = 0; b < blocks; b++) {
		if (read_blocks(fd, buf, b, 1)) {
			bad = -1;
			break;
		}
		if (sp_check(file, id, b, buf, &sp_lo[b * PIECES],
			     &sp_lo[b * PIECES], exp, &st, bad < MAX_REPORTS)) {
			bad++;
			*stale += st;
		}
	}
	close(fd);
	free(buf);
	free(exp);
	return bad;
}

static int cmd_subpage(const char *file, unsigned int id, long blocks)
{
	unsigned long long x = mix64(opt.seed);
	long b, writes = 0, reads = 0, wrong = 0, stale = 0, bad;
	struct sp_reader r[2];
	char *buf = malloc(BLK);
	double t0;
	int fd, i;

	sp_lo = calloc(blocks * PIECES, sizeof(*sp_lo));
	sp_hi = calloc(blocks * PIECES, sizeof(*sp_hi));
	fd = open(file, O_RDWR);
	if (blocks <= 0 || !buf || !sp_lo || !sp_hi || fd < 0) {
		fprintf(stderr, "filecheck: subpage: %s\n", strerror(errno));
		return 2;
	}
	for (i = 0; i < blocks * PIECES; i++) {
		sp_lo[i] = 1 + (i % PIECES == 1);
		sp_hi[i] = sp_lo[i];
	}
	if (opt.loop_s < 0) {
		/* the pieces 1 written at generation 2 over generation 1 */
		for (b = 0; b < blocks; b++) {
			fill_block(buf, id, b, 2);
			if (write_all(fd, buf + PIECE, PIECE, b * BLK + PIECE))
				return 2;
		}
		if (fdatasync(fd)) {
			perror("filecheck: fdatasync");
			return 2;
		}
		printf("subpage: piece 1 of %ld blocks written at gen 2\n", blocks);
		return 0;
	}
	bad = sp_verify(file, id, blocks, &stale);
	printf("subpage: read back: %ld of %ld blocks wrong (%ld stale)\n",
	       bad, blocks, stale);
	if (bad)
		return bad < 0 ? 2 : 1;
	if (!opt.loop_s)
		return 0;
	race_set(&sp_stop, 0);
	for (i = 0; i < 2; i++) {
		r[i] = (struct sp_reader){ .file = file, .id = id, .blocks = blocks };
		if (pthread_create(&r[i].thread, NULL, sp_read, &r[i])) {
			fprintf(stderr, "filecheck: subpage: no thread\n");
			return 2;
		}
	}
	t0 = now_us();
	while (now_us() - t0 < opt.loop_s * 1e6) {
		unsigned int g;
		int k;

		x = mix64(x);
		b = (x >> 8) % blocks;
		k = x & (PIECES - 1);
		g = sp_lo[b * PIECES + k] + 1;
		__atomic_store_n(&sp_hi[b * PIECES + k], g, __ATOMIC_RELEASE);
		fill_block(buf, id, b, g);
		if (write_all(fd, buf + k * PIECE, PIECE, b * BLK + k * PIECE))
			break;
		__atomic_store_n(&sp_lo[b * PIECES + k], g, __ATOMIC_RELEASE);
		if (!(++writes % 16) && fdatasync(fd))
			break;
	}
	race_set(&sp_stop, 1);
	for (i = 0; i < 2; i++) {
		pthread_join(r[i].thread, NULL);
		reads += r[i].reads;
		wrong += r[i].wrong;
		stale += r[i].stale;
		if (r[i].error)
			return 2;
	}
	printf("subpage: %ld 1 KiB writes in %.0f s, %ld reads, %ld wrong (%ld stale)\n",
	       writes, (now_us() - t0) / 1e6, reads, wrong, stale);
	if (fdatasync(fd)) {
		perror("filecheck: fdatasync");
		return 2;
	}
	close(fd);
	bad = sp_verify(file, id, blocks, &stale);
	printf("subpage: read back: %ld of %ld blocks wrong (%ld stale)\n",
	       bad, blocks, stale);
	return bad < 0 ? 2 : bad || wrong ? 1 : 0;
}

/* include/uapi's ext4 ioctl, which no uapi header carries */
struct move_extent {
	__u32 reserved;
	__u32 donor_fd;
	__u64 orig_start;
	__u64 donor_start;
	__u64 len;
	__u64 moved_len;
};

#define EXT4_IOC_MOVE_EXT	_IOWR('f', 15, struct move_extent)

static int cmd_move_ext(const char *orig, const char *donor, long blocks)
{
	struct move_extent me = { 0 };
	struct stat st;
	int ofd, dfd;

	ofd = open(orig, O_RDWR);
	dfd = open(donor, O_RDWR);
	if (ofd < 0 || dfd < 0 || fstat(ofd, &st)) {
		fprintf(stderr, "filecheck: move-ext: %s\n", strerror(errno));
		return 2;
	}
	me.donor_fd = dfd;
	me.len = (unsigned long long)blocks * BLK / st.st_blksize;
	if (ioctl(ofd, EXT4_IOC_MOVE_EXT, &me)) {
		fprintf(stderr, "filecheck: EXT4_IOC_MOVE_EXT: %s\n", strerror(errno));
		return 2;
	}
	printf("move-ext: %llu of %llu fs blocks (%ld bytes each) moved\n",
	       (unsigned long long)me.moved_len, (unsigned long long)me.len,
	       (long)st.st_blksize);
	close(ofd);
	close(dfd);
	return me.moved_len == me.len ? 0 : 2;
}

static int open_or_say(const char *file, int flags)
{
	int fd = open(file, flags);

	if (fd < 0)
		fprintf(stderr, "filecheck: %s: %s\n", file, strerror(errno));
	return fd;
}

static int cmd_f2fs_move(const char *src, const char *dst, long in, long out,
			 long count)
{
	struct f2fs_move_range r = { 0 };
	int sfd, dfd, err = 0, tries;

	sfd = open_or_say(src, O_RDWR);
	dfd = open_or_say(dst, O_RDWR);
	if (sfd < 0 || dfd < 0)
		return 2;
	r.dst_fd = dfd;
	r.pos_in = (__u64)in * BLK;
	r.pos_out = (__u64)out * BLK;
	r.len = (__u64)count * BLK;
	/* EBUSY: the destination's locks were taken (writeback), retry */
	for (tries = 0; tries < 50; tries++) {
		err = ioctl(sfd, F2FS_IOC_MOVE_RANGE, &r) ? errno : 0;
		if (err != EBUSY)
			break;
		usleep(100000);
	}
	if (err) {
		errno = err;
		fprintf(stderr, "filecheck: F2FS_IOC_MOVE_RANGE: %s\n", strerror(errno));
		return 2;
	}
	close(sfd);
	close(dfd);
	printf("f2fs-move: blocks %ld-%ld of %s to %ld-%ld of %s\n", in,
	       in + count - 1, src, out, out + count - 1, dst);
	return 0;
}

static int cmd_f2fs_atomic(const char *file, unsigned int id, unsigned int gen,
			   long first, long count)
{
	char *buf = malloc(BLK);
	long b;
	int fd;

	fd = open_or_say(file, O_RDWR);
	if (fd < 0 || !buf)
		return 2;
	if (ioctl(fd, F2FS_IOC_START_ATOMIC_WRITE)) {
		fprintf(stderr, "filecheck: F2FS_IOC_START_ATOMIC_WRITE: %s\n",
			strerror(errno));
		return 2;
	}
	for (b = first; b < first + count; b++) {
		fill_block(buf, id, b, gen);
		if (write_all(fd, buf, BLK, (off_t)b * BLK))
			return 2;
	}
	if (ioctl(fd, F2FS_IOC_COMMIT_ATOMIC_WRITE)) {
		fprintf(stderr, "filecheck: F2FS_IOC_COMMIT_ATOMIC_WRITE: %s\n",
			strerror(errno));
		return 2;
	}
	close(fd);
	free(buf);
	printf("f2fs-atomic: blocks %ld-%ld of %s at gen %u, committed\n",
	       first, first + count - 1, file, gen);
	return 0;
}

static int cmd_f2fs_flag(const char *file, int pin)
{
	unsigned int on = 1;
	int fd, flags;
	__u64 saved;

	fd = open_or_say(file, pin < 0 ? O_RDONLY : O_RDWR);
	if (fd < 0)
		return 2;
	if (pin < 0) {
		if (ioctl(fd, F2FS_IOC_GET_COMPRESS_BLOCKS, &saved)) {
			fprintf(stderr, "filecheck: F2FS_IOC_GET_COMPRESS_BLOCKS: %s\n",
				strerror(errno));
			return 2;
		}
		printf("%llu\n", (unsigned long long)saved);
		close(fd);
		return 0;
	}
	if (pin && ioctl(fd, F2FS_IOC_SET_PIN_FILE, &on)) {
		fprintf(stderr, "filecheck: F2FS_IOC_SET_PIN_FILE: %s\n", strerror(errno));
		return 2;
	}
	if (!pin) {
		if (ioctl(fd, FS_IOC_GETFLAGS, &flags) == 0) {
			flags |= FS_COMPR_FL;
			if (ioctl(fd, FS_IOC_SETFLAGS, &flags) == 0)
				goto done;
		}
		fprintf(stderr, "filecheck: setting FS_COMPR_FL: %s\n", strerror(errno));
		return 2;
	}
done:
	close(fd);
	return 0;
}

/* Evict each inode at its last close: toggle FS_DAX_FL (ext4, no DAX). */
static int cmd_dontcache(char **files, int n)
{
	int i, fd, flags;

	for (i = 0; i < n; i++) {
		fd = open_or_say(files[i], O_RDONLY);
		if (fd < 0)
			return 2;
		if (ioctl(fd, FS_IOC_GETFLAGS, &flags)) {
			fprintf(stderr, "filecheck: %s: FS_IOC_GETFLAGS: %s\n",
				files[i], strerror(errno));
			return 2;
		}
		flags ^= FS_DAX_FL;
		if (ioctl(fd, FS_IOC_SETFLAGS, &flags)) {
			fprintf(stderr, "filecheck: %s: FS_IOC_SETFLAGS: %s\n",
				files[i], strerror(errno));
			return 2;
		}
		flags ^= FS_DAX_FL;
		if (ioctl(fd, FS_IOC_SETFLAGS, &flags)) {
			fprintf(stderr, "filecheck: %s: FS_IOC_SETFLAGS: %s\n",
				files[i], strerror(errno));
			return 2;
		}
		close(fd);
	}
	return 0;
}

/* Where @file's first block is on the device: byte offset and extent length. */
static int cmd_fiemap(const char *file)
{
	struct {
		struct fiemap map;
		struct fiemap_extent extent;
	} fm = { .map = {
		.fm_length = ~0ULL,
		.fm_flags = FIEMAP_FLAG_SYNC,
		.fm_extent_count = 1,
	} };
	struct fiemap_extent *e = &fm.map.fm_extents[0];
	int fd;

	fd = open_or_say(file, O_RDONLY);
	if (fd < 0)
		return 2;
	if (ioctl(fd, FS_IOC_FIEMAP, &fm.map)) {
		fprintf(stderr, "filecheck: %s: FS_IOC_FIEMAP: %s\n", file,
			strerror(errno));
		return 2;
	}
	close(fd);
	if (!fm.map.fm_mapped_extents || e->fe_logical ||
	    (e->fe_flags & (FIEMAP_EXTENT_UNKNOWN | FIEMAP_EXTENT_ENCODED |
			    FIEMAP_EXTENT_DATA_INLINE))) {
		fprintf(stderr, "filecheck: %s: FIEMAP cannot place block 0\n",
			file);
		return 2;
	}
	printf("%llu %llu\n", (unsigned long long)e->fe_physical,
	       (unsigned long long)e->fe_length);
	return 0;
}

/* Does a buffered read of @file give what O_DIRECT reads of it? */
static int cmd_same(const char *file)
{
	long b, blocks, bad = 0, named = 0;
	int fd, dfd, ret = 2;
	char *buf, *dbuf;
	struct stat st;

	fd = open(file, O_RDONLY);
	dfd = open(file, O_RDONLY | O_DIRECT);
	if (fd < 0 || dfd < 0 || fstat(fd, &st)) {
		fprintf(stderr, "filecheck: %s: %s\n", file, strerror(errno));
		return 2;
	}
	if (posix_memalign((void **)&buf, BLK, BLK) ||
	    posix_memalign((void **)&dbuf, BLK, BLK))
		return 2;
	blocks = st.st_size / BLK;
	for (b = 0; b < blocks; b++) {
		struct hdr h;
		int ours;

		if (pread(fd, buf, BLK, (off_t)b * BLK) != BLK ||
		    pread(dfd, dbuf, BLK, (off_t)b * BLK) != BLK) {
			fprintf(stderr, "filecheck: %s: block %ld: %s\n", file,
				b, strerror(errno));
			goto out;
		}
		if (!memcmp(buf, dbuf, BLK))
			continue;
		memcpy(&h, buf, sizeof(h));
		ours = !memcmp(h.magic, magic, sizeof(magic)) &&
		       h.check == hdr_check(&h);
		named += ours;
		if (++bad > MAX_REPORTS)
			continue;
		if (ours)
			printf("%s block %ld: buffered gen %u of block %llu of file %u (stale)\n",
			       file, b, h.gen, h.block, h.id);
		else
			printf("%s block %ld: buffered and O_DIRECT reads differ\n",
			       file, b);
	}
	if (bad > MAX_REPORTS)
		printf("%s: ... and %ld more\n", file, bad - MAX_REPORTS);
	printf("%s: %ld of %ld blocks differ buffered and direct (%ld filecheck blocks)\n",
	       file, bad, blocks, named);
	ret = bad ? 1 : 0;
out:
	close(fd);
	close(dfd);
	free(buf);
	free(dbuf);
	return ret;
}

static void help(void)
{
	fprintf(stderr,
		"usage: filecheck write FILE ID BLOCKS GEN [-f FIRST] [-n COUNT] [-d | -m] [-c CHUNK] [-y]\n"
		"       filecheck verify FILE ID BLOCKS SPEC [-d | -m] [-l SECONDS]\n"
		"       filecheck falloc FILE punch|zero|collapse|insert|alloc|alloc-keep FIRST COUNT\n"
		"       filecheck dontneed FILE [FIRST COUNT]\n"
		"       filecheck resident FILE...\n"
		"       filecheck cached FILE...\n"
		"       filecheck evict FILE... [-M MAX_MIB]\n"
		"       filecheck pageout-range FILE FIRST COUNT\n"
		"       filecheck pageout FILE...\n"
		"       filecheck race FILE ID BLOCKS OLD NEW [-l SECONDS]\n"
		"       filecheck move-ext ORIG DONOR BLOCKS\n"
		"       filecheck f2fs-move SRC DST IN OUT COUNT\n"
		"       filecheck f2fs-atomic FILE ID GEN FIRST COUNT\n"
		"       filecheck f2fs-pin FILE | f2fs-compress FILE | f2fs-compressed FILE\n"
		"       filecheck read-random FILE\n"
		"       filecheck pagesize\n"
		"       filecheck same FILE\n"
		"       filecheck subpage FILE ID BLOCKS [-l SECONDS]\n"
		"       filecheck churn FILE ID BLOCKS [-l SECONDS]\n"
		"       (-s SEED, -q: only what is wrong)\n");
	exit(2);
}

int main(int argc, char **argv)
{
	const char *cmd;
	char **arg;
	int o, n, i;

	while ((o = getopt(argc, argv, "f:n:dmc:yl:s:M:q")) != -1) {
		switch (o) {
		case 'f':
			opt.first = strtol(optarg, NULL, 0);
			break;
		case 'n':
			opt.count = strtol(optarg, NULL, 0);
			break;
		case 'd':
			opt.direct = 1;
			break;
		case 'm':
			opt.mmap = 1;
			break;
		case 'c':
			opt.chunk = strtoul(optarg, NULL, 0);
			break;
		case 'y':
			opt.fsync = 1;
			break;
		case 'l':
			opt.loop_s = strtod(optarg, NULL);
			break;
		case 's':
			opt.seed = strtoul(optarg, NULL, 0);
			break;
		case 'M':
			opt.max_mib = strtol(optarg, NULL, 0);
			break;
		case 'q':
			opt.quiet = 1;
			break;
		default:
			help();
		}
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (optind >= argc)
		help();
	cmd = argv[optind];
	arg = argv + optind + 1;
	n = argc - optind - 1;
	if (!strcmp(cmd, "write") && n == 4)
		return cmd_write(arg[0], strtoul(arg[1], NULL, 0),
				 strtol(arg[2], NULL, 0), strtoul(arg[3], NULL, 0));
	if (!strcmp(cmd, "verify") && n == 4)
		return cmd_verify(arg[0], strtoul(arg[1], NULL, 0),
				  strtol(arg[2], NULL, 0), arg[3]);
	if (!strcmp(cmd, "falloc") && n == 4)
		return cmd_falloc(arg[0], arg[1], strtol(arg[2], NULL, 0),
				  strtol(arg[3], NULL, 0));
	if (!strcmp(cmd, "dontneed") && (n == 1 || n == 3))
		return cmd_dontneed(arg[0], n == 3 ? strtol(arg[1], NULL, 0) : 0,
				    n == 3 ? strtol(arg[2], NULL, 0) : 0);
	if (!strcmp(cmd, "resident") && n >= 1) {
		for (i = 0; i < n; i++) {
			long r = resident(arg[i]);

			if (r < 0)
				return 2;
			printf("%s: %ld pages cached\n", arg[i], r);
		}
		return 0;
	}
	if (!strcmp(cmd, "cached") && n >= 1) {
		for (i = 0; i < n; i++) {
			long r = cached(arg[i]);

			if (r < 0)
				return 2;
			printf("%s: %ld pages cached, uptodate or not\n", arg[i],
			       r);
		}
		return 0;
	}
	if (!strcmp(cmd, "evict") && n >= 1)
		return cmd_evict(arg, n);
	if (!strcmp(cmd, "pageout") && n >= 1)
		return cmd_pageout(arg, n);
	if (!strcmp(cmd, "pageout-range") && n == 3)
		return cmd_pageout_range(arg[0], strtol(arg[1], NULL, 0),
					 strtol(arg[2], NULL, 0));
	if (!strcmp(cmd, "race") && n == 5)
		return cmd_race(arg[0], strtoul(arg[1], NULL, 0),
				strtol(arg[2], NULL, 0), strtoul(arg[3], NULL, 0),
				strtoul(arg[4], NULL, 0));
	if (!strcmp(cmd, "subpage") && n == 3)
		return cmd_subpage(arg[0], strtoul(arg[1], NULL, 0),
				   strtol(arg[2], NULL, 0));
	if (!strcmp(cmd, "churn") && n == 3)
		return cmd_churn(arg[0], strtoul(arg[1], NULL, 0),
				 strtol(arg[2], NULL, 0));
	if (!strcmp(cmd, "read-random") && n == 1)
		return cmd_read_random(arg[0]);
	if (!strcmp(cmd, "pagesize") && n == 0) {
		printf("%ld\n", sysconf(_SC_PAGESIZE));
		return 0;
	}
	if (!strcmp(cmd, "dontcache") && n >= 1)
		return cmd_dontcache(arg, n);
	if (!strcmp(cmd, "fiemap") && n == 1)
		return cmd_fiemap(arg[0]);
	if (!strcmp(cmd, "same") && n == 1)
		return cmd_same(arg[0]);
	if (!strcmp(cmd, "f2fs-move") && n == 5)
		return cmd_f2fs_move(arg[0], arg[1], strtol(arg[2], NULL, 0),
				     strtol(arg[3], NULL, 0), strtol(arg[4], NULL, 0));
	if (!strcmp(cmd, "f2fs-atomic") && n == 5)
		return cmd_f2fs_atomic(arg[0], strtoul(arg[1], NULL, 0),
				       strtoul(arg[2], NULL, 0), strtol(arg[3], NULL, 0),
				       strtol(arg[4], NULL, 0));
	if (!strcmp(cmd, "f2fs-pin") && n == 1)
		return cmd_f2fs_flag(arg[0], 1);
	if (!strcmp(cmd, "f2fs-compress") && n == 1)
		return cmd_f2fs_flag(arg[0], 0);
	if (!strcmp(cmd, "f2fs-compressed") && n == 1)
		return cmd_f2fs_flag(arg[0], -1);
	if (!strcmp(cmd, "move-ext") && n == 3)
		return cmd_move_ext(arg[0], arg[1], strtol(arg[2], NULL, 0));
	help();
	return 2;
}
