// SPDX-License-Identifier: GPL-2.0
/*
 * app-start: start many small "apps" in turn, each reading its files as an
 * app start does, with every file closed between starts.
 *
 * An app is a directory of files (made by scripts/bench.sh: an archive
 * and a compiled-code file of some MiB, libraries of hundreds of KiB, a
 * few dozen small resources).  A start opens every file of its app (in
 * name order), reads it and closes it:
 *   a file up to 64 KiB   whole, in one read;
 *   a larger one          its first quarter in 64 KiB reads (headers,
 *                         tables), then 16 KiB reads at random 4 KiB
 *                         aligned offsets in the rest, as many as would
 *                         cover half the file (code and resources paged
 *                         in where the start touches them).
 * The offsets are drawn from a generator seeded by the app and file
 * number and -S SEED: an app reads the same pages at every start, as an
 * app's starts do, so that a page it needs may be in the page cache, in
 * the area (a copy made when reclaim evicted it) or only on the disk.
 *
 * -m MIB takes the first apps whose starts touch MIB of distinct pages
 * between them (all the apps given, without -m): sized, like the re-read
 * load, to fit in the page cache of a guest without a guaranteed area and
 * not beside one.  A round starts every app taken once, in order; -w WARM
 * rounds come first (their lines say warm=1), then -r ROUNDS measured.
 *
 * Before the first start: one line
 *   plan apps=N files=F touched_mib=T files_mib=S
 * then one line per start:
 *   start round=R app=A warm=0|1 us=T read_kib=K [disk_kib=D] [loaded=L]
 * T: the start's time, open to last close; K: what it read; D: what the
 * disk read meanwhile (-d, a /sys/block/DEV/stat file); L: pages the area
 * loaded back meanwhile (-a AREA: /sys/kernel/mm/cma/AREA/lend_loaded,
 * left out where the file is not).  Exit status 1 on an error.
 *
 *   app-start [-m MIB] [-r ROUNDS] [-w WARM] [-S SEED] [-d DISK_STAT]
 *             [-a AREA] APPDIR...
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "stats.h"

#define BLK		4096
#define SMALL		(64 << 10)	/* read whole up to this */
#define HEAD_READ	(64 << 10)	/* the head's reads */
#define RANDOM_READ	(16 << 10)	/* the random reads */

/* One read of a start. */
struct rd {
	off_t off;
	size_t len;
};

struct file {
	char *path;
	off_t size;
	struct rd *rds;
	int nr;
};

struct app {
	const char *dir;
	struct file *files;
	int nr;
	unsigned long long touched;	/* distinct bytes its start reads */
	unsigned long long size;	/* of its files */
};

static void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size);

	if (!p) {
		perror("app-start");
		exit(1);
	}
	return p;
}

/* xorshift64*: the same offsets on every host and guest */
static uint64_t next_rand(uint64_t *s)
{
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return *s * 0x2545f4914f6cdd1dULL;
}

static void add_read(struct file *f, int *cap, off_t off, size_t len)
{
	if (f->nr == *cap) {
		*cap = *cap ? 2 * *cap : 16;
		f->rds = realloc(f->rds, *cap * sizeof(*f->rds));
		if (!f->rds) {
			perror("app-start");
			exit(1);
		}
	}
	f->rds[f->nr].off = off;
	f->rds[f->nr].len = len;
	f->nr++;
}

/* The reads of file @fi of app @ai; returns the distinct bytes they touch. */
static unsigned long long plan_file(struct file *f, int ai, int fi,
				    uint64_t seed)
{
	uint64_t s = seed * 0x9e3779b97f4a7c15ULL + ai * 7919ULL + fi + 1;
	off_t head, off, blocks = (f->size + BLK - 1) / BLK;
	unsigned long long touched = 0;
	unsigned char *seen;
	long i, n;
	int cap = 0;

	if (f->size <= SMALL) {
		add_read(f, &cap, 0, f->size);
		return f->size;
	}
	head = f->size / 4 / BLK * BLK;
	for (off = 0; off < head; off += HEAD_READ)
		add_read(f, &cap, off, head - off < HEAD_READ ? head - off : HEAD_READ);
	n = f->size / 2 / RANDOM_READ;
	for (i = 0; i < n; i++) {
		off_t span = (f->size - head - RANDOM_READ) / BLK;

		off = head + (off_t)(next_rand(&s) % (span > 0 ? span : 1)) * BLK;
		add_read(f, &cap, off, RANDOM_READ);
	}
	seen = xcalloc(blocks, 1);
	for (i = 0; i < f->nr; i++)
		for (off = f->rds[i].off / BLK;
		     off < (off_t)((f->rds[i].off + f->rds[i].len + BLK - 1) / BLK) &&
		     off < blocks; off++)
			if (!seen[off]++)
				touched += BLK;
	free(seen);
	return touched;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Read @dir's regular files and plan their reads; -1 on an error. */
static int plan_app(struct app *a, int ai, uint64_t seed)
{
	char **names = NULL;
	struct dirent *d;
	int n = 0, cap = 0, i;
	DIR *dp;

	dp = opendir(a->dir);
	if (!dp) {
		perror(a->dir);
		return -1;
	}
	while ((d = readdir(dp))) {
		if (d->d_name[0] == '.')
			continue;
		if (n == cap) {
			cap = cap ? 2 * cap : 32;
			names = realloc(names, cap * sizeof(*names));
			if (!names) {
				perror("app-start");
				exit(1);
			}
		}
		names[n++] = strdup(d->d_name);
	}
	closedir(dp);
	qsort(names, n, sizeof(*names), by_name);
	a->files = xcalloc(n, sizeof(*a->files));
	for (i = 0; i < n; i++) {
		struct file *f = &a->files[a->nr];
		struct stat st;

		f->path = xcalloc(strlen(a->dir) + strlen(names[i]) + 2, 1);
		sprintf(f->path, "%s/%s", a->dir, names[i]);
		free(names[i]);
		if (stat(f->path, &st)) {
			perror(f->path);
			return -1;
		}
		if (!S_ISREG(st.st_mode) || !st.st_size)
			continue;
		f->size = st.st_size;
		a->size += f->size;
		a->touched += plan_file(f, ai, a->nr, seed);
		a->nr++;
	}
	free(names);
	if (!a->nr) {
		fprintf(stderr, "app-start: %s: no files\n", a->dir);
		return -1;
	}
	return 0;
}

/* One start of @a; returns the bytes read, or -1 on an error. */
static long long start_app(const struct app *a, char *buf)
{
	long long bytes = 0;
	int i, j, *fds = xcalloc(a->nr, sizeof(int));

	for (i = 0; i < a->nr; i++) {
		const struct file *f = &a->files[i];

		fds[i] = open(f->path, O_RDONLY);
		if (fds[i] < 0) {
			perror(f->path);
			return -1;
		}
		for (j = 0; j < f->nr; j++) {
			ssize_t n = pread(fds[i], buf, f->rds[j].len, f->rds[j].off);

			if (n < 0) {
				perror(f->path);
				return -1;
			}
			bytes += n;
		}
	}
	/* the app exits: every file closed, its inodes free to go */
	for (i = 0; i < a->nr; i++)
		close(fds[i]);
	free(fds);
	return bytes;
}

int main(int argc, char **argv)
{
	long rounds = 5, warm = 1, mib = 0, r;
	const char *disk_stat = NULL, *area = NULL;
	char loaded_path[256] = "";
	unsigned long long touched = 0, size = 0;
	int opt, i, napps, files = 0;
	uint64_t seed = 1;
	struct app *apps;
	char *buf;

	while ((opt = getopt(argc, argv, "m:r:w:S:d:a:")) != -1) {
		switch (opt) {
		case 'm':
			mib = atol(optarg);
			break;
		case 'r':
			rounds = atol(optarg);
			break;
		case 'w':
			warm = atol(optarg);
			break;
		case 'S':
			seed = strtoull(optarg, NULL, 0);
			break;
		case 'd':
			disk_stat = optarg;
			break;
		case 'a':
			area = optarg;
			break;
		default:
			goto usage;
		}
	}
	napps = argc - optind;
	if (napps < 1 || rounds < 1 || warm < 0 || mib < 0)
		goto usage;
	if (area)
		snprintf(loaded_path, sizeof(loaded_path),
			 "/sys/kernel/mm/cma/%s/lend_loaded", area);
	if (!*loaded_path || access(loaded_path, R_OK))
		loaded_path[0] = '\0';

	apps = xcalloc(napps, sizeof(*apps));
	for (i = 0; i < napps; i++) {
		apps[i].dir = argv[optind + i];
		if (plan_app(&apps[i], i, seed))
			return 1;
		touched += apps[i].touched;
		size += apps[i].size;
		files += apps[i].nr;
		if (mib && touched >= (unsigned long long)mib << 20) {
			napps = i + 1;
			break;
		}
	}
	if (mib && touched < (unsigned long long)mib << 20) {
		fprintf(stderr, "app-start: the %d apps touch %llu MiB, %ld asked\n",
			napps, touched >> 20, mib);
		return 1;
	}
	printf("plan apps=%d files=%d touched_mib=%.1f files_mib=%.1f\n", napps,
	       files, touched / 1048576.0, size / 1048576.0);
	fflush(stdout);

	buf = malloc(SMALL);	/* >= HEAD_READ, RANDOM_READ */
	if (!buf) {
		perror("app-start");
		return 1;
	}
	for (r = 0; r < warm + rounds; r++) {
		for (i = 0; i < napps; i++) {
			long long s0 = disk_read_sectors(disk_stat), s1;
			long l0 = *loaded_path ? read_long(loaded_path) : -1;
			double t0 = now_us(), t1;
			long long bytes = start_app(&apps[i], buf);

			t1 = now_us();
			if (bytes < 0)
				return 1;
			s1 = disk_read_sectors(disk_stat);
			printf("start round=%ld app=%d warm=%d us=%.0f read_kib=%lld",
			       r, i, r < warm, t1 - t0, bytes >> 10);
			if (s0 >= 0 && s1 >= 0)
				printf(" disk_kib=%lld", (s1 - s0) / 2);
			if (l0 >= 0)
				printf(" loaded=%ld", read_long(loaded_path) - l0);
			printf("\n");
		}
		fflush(stdout);
	}
	return 0;
usage:
	fprintf(stderr,
		"usage: app-start [-m MIB] [-r ROUNDS] [-w WARM] [-S SEED] [-d DISK_STAT]\n"
		"                 [-a AREA] APPDIR...\n");
	return 2;
}
