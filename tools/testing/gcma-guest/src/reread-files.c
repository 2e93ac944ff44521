// SPDX-License-Identifier: GPL-2.0
/*
 * reread-files: read the same file set over and over, the workload that a
 * guaranteed area lending its idle pages is for.
 *
 * One pass reads every FILE in order from start to end in BLOCK_KIB
 * pieces; passes follow each other until SIGTERM.  The benchmark sizes the
 * set to fit in the page cache of a guest without a guaranteed area and
 * not in one beside it: then each pass is served from the page cache, from
 * the area's copies of the pages reclaim evicted, or from the disk, and
 * its throughput says which.
 *
 * After each whole pass it prints one line (stdout, read by the benchmark
 * when it stops the load):
 *   pass=N warm=0|1 mib=MIB seconds=S mib_per_s=X [disk_mib=D] [loaded=L
 *   lent_min=A lent_mean=B lent_max=C]
 * disk_mib: what the disk read meanwhile (-d, a /sys/block/DEV/stat);
 * loaded: copies read back from the area, lent_*: its lent pages sampled
 * while the pass ran (-a AREA: /sys/kernel/mm/cma/AREA/{lend_loaded,
 * lent_pages}; the fields are left out where the files are not).  Every
 * sample, taken each -i MSEC (and once per pass at least), is also
 * appended to -s FILE as "UPTIME LENT_PAGES", so that the benchmark can
 * summarise whatever window it times.  warm=1: a pass before the load was
 * ready.
 *
 * -r FILE is created (the load is ready, see load.h) once at least
 * MIN_PASSES whole passes ran (-P, 3) and the last one's throughput is
 * within TOL_PCT (-T, 10) of the one before, or after MAX_PASSES (-M, 10)
 * whatever the throughput.  -p keeps "PASSES BYTES SECONDS" in a progress
 * file: whole passes, not reads, so that a window can wait for passes.
 * On exit it prints the total and the MiB/s.
 *
 *   reread-files [-b BLOCK_KIB] [-P MIN_PASSES] [-M MAX_PASSES] [-T TOL_PCT]
 *                [-d DISK_STAT] [-a AREA] [-s SAMPLES_FILE] [-i MSEC]
 *                [-r READY_FILE] [-n NICE] [-p PROGRESS_FILE] FILE...
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "load.h"

/* The sectors a block device has read: the third field of its stat file. */
static long long disk_read_sectors(const char *path)
{
	long long ios, merges, sectors;
	FILE *f;
	int n;

	if (!path)
		return -1;
	f = fopen(path, "r");
	if (!f)
		return -1;
	n = fscanf(f, "%lld %lld %lld", &ios, &merges, &sectors);
	fclose(f);
	return n == 3 ? sectors : -1;
}

/* Seconds since boot, the clock of /proc/uptime (the benchmark's snaps). */
static double uptime_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_BOOTTIME, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* What one pass did, and where its counters started. */
struct pass {
	double t0_us;
	unsigned long long bytes;
	long long sectors0;		/* -1: no disk counters */
	long loaded0;			/* -1: no lend counters */
	long n, min, max;		/* lent_pages samples */
	double sum;
};

static const char *disk_stat, *lent_path, *loaded_path;
static int samples_fd = -1;

static void pass_start(struct pass *p)
{
	memset(p, 0, sizeof(*p));
	p->t0_us = now_us();
	p->sectors0 = disk_read_sectors(disk_stat);
	p->loaded0 = loaded_path ? read_long(loaded_path) : -1;
}

/* Sample the area's lent pages into @p and the samples file. */
static void lent_sample(struct pass *p)
{
	long lent = lent_path ? read_long(lent_path) : -1;
	char line[64];
	int len;

	if (lent < 0)
		return;
	if (!p->n || lent < p->min)
		p->min = lent;
	if (!p->n || lent > p->max)
		p->max = lent;
	p->n++;
	p->sum += lent;
	if (samples_fd < 0)
		return;
	/* one write() per line, O_APPEND: a reader never sees half a line */
	len = snprintf(line, sizeof(line), "%.3f %ld\n", uptime_s(), lent);
	if (write(samples_fd, line, len) != len)
		perror("reread-files: samples");
}

/* Print pass @nr, which just ended; returns its MiB/s. */
static double pass_end(struct pass *p, long nr, int warm)
{
	double secs = (now_us() - p->t0_us) / 1e6;
	long long sectors = disk_read_sectors(disk_stat);
	long loaded = loaded_path ? read_long(loaded_path) : -1;
	double rate = secs > 0 ? p->bytes / 1048576.0 / secs : 0;

	if (!p->n)
		lent_sample(p);
	printf("pass=%ld warm=%d mib=%llu seconds=%.2f mib_per_s=%.1f", nr,
	       warm, p->bytes >> 20, secs, rate);
	if (sectors >= 0 && p->sectors0 >= 0)
		printf(" disk_mib=%.1f", (sectors - p->sectors0) / 2048.0);
	if (loaded >= 0 && p->loaded0 >= 0 && p->n)
		printf(" loaded=%ld lent_min=%ld lent_mean=%.0f lent_max=%ld",
		       loaded - p->loaded0, p->min, p->sum / p->n, p->max);
	printf("\n");
	return rate;
}

int main(int argc, char **argv)
{
	long min_passes = 3, max_passes = 10, tol_pct = 10, every_ms = 500;
	char lent_buf[256], loaded_buf[256];
	const char *area = NULL, *samples = NULL;
	double t0, last_sample = 0, rate, prev_rate = 0;
	unsigned long long bytes = 0;
	struct load_opts lo = { 0 };
	size_t block = 1 << 20;
	int opt, f, nfiles, pfd, fd, *fds;
	off_t off = 0;
	long passes = 0;
	struct pass p;
	char *buf;

	while ((opt = getopt(argc, argv, "b:P:M:T:d:a:s:i:" LOAD_OPTS)) != -1) {
		switch (opt) {
		case 'b':
			block = strtoul(optarg, NULL, 0) << 10;
			break;
		case 'P':
			min_passes = atol(optarg);
			break;
		case 'M':
			max_passes = atol(optarg);
			break;
		case 'T':
			tol_pct = atol(optarg);
			break;
		case 'd':
			disk_stat = optarg;
			break;
		case 'a':
			area = optarg;
			break;
		case 's':
			samples = optarg;
			break;
		case 'i':
			every_ms = atol(optarg);
			break;
		default:
			if (!load_option(&lo, opt, optarg))
				goto usage;
		}
	}
	nfiles = argc - optind;
	if (nfiles < 1 || !block || min_passes < 1 || max_passes < min_passes ||
	    tol_pct < 0 || every_ms < 1)
		goto usage;
	buf = malloc(block);
	if (!buf) {
		perror("reread-files");
		return 1;
	}
	if (area) {
		snprintf(lent_buf, sizeof(lent_buf),
			 "/sys/kernel/mm/cma/%s/lent_pages", area);
		snprintf(loaded_buf, sizeof(loaded_buf),
			 "/sys/kernel/mm/cma/%s/lend_loaded", area);
		lent_path = lent_buf;
		loaded_path = loaded_buf;
	}
	if (samples) {
		samples_fd = open(samples, O_CREAT | O_WRONLY | O_TRUNC | O_APPEND,
				  0644);
		if (samples_fd < 0) {
			perror(samples);
			return 1;
		}
	}
	pfd = load_init("reread-files", &lo);

	/*
	 * Every file stays open, as a server's or a database's would: the
	 * copies of a file's pages live as long as its inode, and the inode
	 * of a closed file whose pages all left the page cache may be
	 * reclaimed, copies and all.
	 */
	fds = calloc(nfiles, sizeof(*fds));
	if (!fds) {
		perror("reread-files");
		return 1;
	}
	for (f = 0; f < nfiles; f++) {
		fds[f] = open(argv[optind + f], O_RDONLY);
		if (fds[f] < 0) {
			perror(argv[optind + f]);
			return 1;
		}
	}

	t0 = now_us();
	pass_start(&p);
	f = 0;
	while (!load_stopped) {
		ssize_t n;

		fd = fds[f];
		n = pread(fd, buf, block, off);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			perror("reread-files: read");
			return 1;
		}
		bytes += n;
		p.bytes += n;
		if (lent_path && (now_us() - last_sample) / 1e3 >= every_ms) {
			lent_sample(&p);
			last_sample = now_us();
		}
		if (n) {
			off += n;
			progress_write(pfd, passes, bytes, t0);
			continue;
		}
		off = 0;
		if (++f < nfiles)
			continue;
		f = 0;
		rate = pass_end(&p, ++passes, !!lo.ready);
		progress_write(pfd, passes, bytes, t0);
		if (passes >= max_passes ||
		    (passes >= min_passes && prev_rate > 0 &&
		     rate >= prev_rate * (100 - tol_pct) / 100 &&
		     rate <= prev_rate * (100 + tol_pct) / 100))
			load_ready(&lo.ready);
		prev_rate = rate;
		pass_start(&p);
	}
	t0 = (now_us() - t0) / 1e6;
	printf("reread-files: passes=%ld mib=%llu seconds=%.1f mib_per_s=%.1f\n",
	       passes, bytes >> 20, t0, bytes / 1048576.0 / t0);
	return 0;
usage:
	fprintf(stderr,
		"usage: reread-files [-b BLOCK_KIB] [-P MIN_PASSES] [-M MAX_PASSES] [-T TOL_PCT]\n"
		"                    [-d DISK_STAT] [-a AREA] [-s SAMPLES_FILE] [-i MSEC]\n"
		"                    [-r READY_FILE] [-n NICE] [-p PROGRESS_FILE] FILE...\n");
	return 2;
}
