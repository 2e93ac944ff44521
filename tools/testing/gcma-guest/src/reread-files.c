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
 * -r FILE is created (the load is ready, see load.h and passes.h) once
 * at least MIN_PASSES whole passes ran (-P, 3) and the last one's
 * throughput is within TOL_PCT (-T, 10) of the one before, or after
 * MAX_PASSES (-M, 10) whatever the throughput.  -p keeps "PASSES BYTES
 * SECONDS" in a progress file: whole passes, not reads, so that a window
 * can wait for passes.  On exit it prints the total and the MiB/s.
 *
 *   reread-files [-b BLOCK_KIB] [-P MIN_PASSES] [-M MAX_PASSES] [-T TOL_PCT]
 *                [-d DISK_STAT] [-a AREA] [-s SAMPLES_FILE] [-i MSEC]
 *                [-r READY_FILE] [-n NICE] [-p PROGRESS_FILE] FILE...
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "passes.h"

/* What one pass did, and where its counters started. */
struct pass {
	double t0_us;
	unsigned long long bytes;
	long long sectors0;		/* -1: no disk counters */
	struct lent lent;
};

static const char *disk_stat;

static void pass_start(const struct passes *ps, struct pass *p)
{
	memset(p, 0, sizeof(*p));
	p->t0_us = now_us();
	p->sectors0 = disk_read_sectors(disk_stat);
	lent_start(ps, &p->lent);
}

/* Print pass @nr, which just ended; returns its MiB/s. */
static double pass_end(const struct passes *ps, struct pass *p, long nr,
		       int warm)
{
	double secs = (now_us() - p->t0_us) / 1e6;
	long long sectors = disk_read_sectors(disk_stat);
	double rate = secs > 0 ? p->bytes / 1048576.0 / secs : 0;

	lent_end(ps, &p->lent);
	printf("pass=%ld warm=%d mib=%llu seconds=%.2f mib_per_s=%.1f", nr,
	       warm, p->bytes >> 20, secs, rate);
	if (sectors >= 0 && p->sectors0 >= 0)
		printf(" disk_mib=%.1f", (sectors - p->sectors0) / 2048.0);
	lent_print(&p->lent);
	printf("\n");
	return rate;
}

int main(int argc, char **argv)
{
	struct passes ps = {
		.name = "reread-files",
		.min_passes = 3, .max_passes = 10, .tol_pct = 10, .every_ms = 500,
	};
	unsigned long long bytes = 0;
	size_t block = 1 << 20;
	int opt, f, nfiles, fd, *fds;
	double t0, rate;
	off_t off = 0;
	long passes = 0;
	struct pass p;
	char *buf;

	while ((opt = getopt(argc, argv, "b:d:" PASSES_OPTS)) != -1) {
		switch (opt) {
		case 'b':
			block = strtoul(optarg, NULL, 0) << 10;
			break;
		case 'd':
			disk_stat = optarg;
			break;
		default:
			if (!passes_option(&ps, opt, optarg))
				goto usage;
		}
	}
	nfiles = argc - optind;
	if (nfiles < 1 || !block || !passes_valid(&ps))
		goto usage;
	buf = malloc(block);
	if (!buf) {
		perror("reread-files");
		return 1;
	}
	if (passes_init(&ps, "lend_loaded"))
		return 1;

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
	pass_start(&ps, &p);
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
		if (ps.lent_path)
			lent_tick(&ps, &p.lent, now_us() / 1e3);
		if (n) {
			off += n;
			progress_write(ps.progress_fd, passes, bytes, t0);
			continue;
		}
		off = 0;
		if (++f < nfiles)
			continue;
		f = 0;
		rate = pass_end(&ps, &p, ++passes, passes_warming(&ps));
		passes_done(&ps, passes, bytes, t0, rate);
		pass_start(&ps, &p);
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
