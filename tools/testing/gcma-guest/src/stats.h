/* SPDX-License-Identifier: GPL-2.0 */
/* Timing helpers shared by the in-guest measurement programs. */
#ifndef GCMA_GUEST_STATS_H
#define GCMA_GUEST_STATS_H

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

static inline double now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

static inline int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* The p-th quantile (0 < p <= 1) of n sorted samples, nearest rank. */
static inline double percentile(const double *v, int n, double p)
{
	int i = (int)(p * n + 0.999999) - 1;

	if (i < 0)
		i = 0;
	return v[i < n ? i : n - 1];
}

/*
 * One line per call, for the host to compute percentiles from (make bench):
 *   lat_us LABEL USEC [TAG [TAKEN]]     a timed call that succeeded
 *   fail LABEL ERRNO [TAG [TAKEN]]      a timed call that failed
 *   warm_us LABEL USEC [TAG [TAKEN]]    a warm-up call, left out of the statistics
 *   warm_fail LABEL ERRNO [TAG [TAKEN]] a warm-up call that failed
 * TAG (see defer_tag()) is there only when the program was asked for it;
 * TAKEN (see lend_taken()), the lent pages the call took back, only then
 * and when the area has lend_taken_back (a guaranteed area on a kernel
 * that can lend; TAKEN < 0: not printed).
 */
static inline void raw_tail(const char *tag, long taken)
{
	if (tag && taken >= 0)
		printf(" %s %ld", tag, taken);
	else if (tag)
		printf(" %s", tag);
	printf("\n");
}

static inline void raw_lat(const char *kind, const char *label, double us,
			   const char *tag, long taken)
{
	printf("%s %s %.1f", kind, label, us);
	raw_tail(tag, taken);
}

static inline void raw_err(const char *kind, const char *label, int err,
			   const char *tag, long taken)
{
	printf("%s %s %d", kind, label, err);
	raw_tail(tag, taken);
}

static inline void raw_ok(const char *label, double us)
{
	raw_lat("lat_us", label, us, NULL, -1);
}

static inline void raw_fail(const char *label, int err)
{
	raw_err("fail", label, err, NULL, -1);
}

/* The sectors a block device has read: the third field of its stat file. */
static inline long long disk_read_sectors(const char *path)
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

/* A number in a sysfs or debugfs file, -1 when it cannot be read. */
static inline long read_long(const char *path)
{
	char buf[32];
	int fd, n;

	fd = open(path, O_RDONLY);
	if (fd < 0)
		return -1;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return -1;
	buf[n] = 0;
	return atol(buf);
}

/*
 * Was a call served from the area's defer-free cache?  Every cma_alloc()
 * on an area whose cache is on counts one hit or one miss in
 * /sys/kernel/mm/cma/AREA/defer_free_{hits,misses}; read both before and
 * after the call (outside the timed part).
 */
struct defer_counters {
	long hits;
	long misses;
};

static inline void defer_read(const char *area, struct defer_counters *c)
{
	char path[256];

	snprintf(path, sizeof(path), "/sys/kernel/mm/cma/%s/defer_free_hits",
		 area);
	c->hits = read_long(path);
	snprintf(path, sizeof(path), "/sys/kernel/mm/cma/%s/defer_free_misses",
		 area);
	c->misses = read_long(path);
}

/*
 * "hit" or "miss" when exactly one of the counters went up by one; "-" when
 * neither moved or neither exists (defer-free off, or not in the kernel);
 * "?" otherwise (another allocation from the area in between, or a counter
 * that could not be read).
 */
static inline const char *defer_tag(const struct defer_counters *before,
				    const struct defer_counters *after)
{
	long dh = after->hits - before->hits;
	long dm = after->misses - before->misses;

	if (before->hits < 0 && after->hits < 0 &&
	    before->misses < 0 && after->misses < 0)
		return "-";
	if (before->hits < 0 || after->hits < 0 ||
	    before->misses < 0 || after->misses < 0)
		return "?";
	if (dh == 1 && dm == 0)
		return "hit";
	if (dh == 0 && dm == 1)
		return "miss";
	if (dh == 0 && dm == 0)
		return "-";
	return "?";
}

/*
 * The pages an area that lends its idle pages (gcma_lend) took back from
 * the copies they held, so far: /sys/kernel/mm/cma/AREA/lend_taken_back,
 * which only guaranteed areas have.  -1 when there is no such file.
 */
static inline long lend_taken_read(const char *area)
{
	char path[256];

	snprintf(path, sizeof(path), "/sys/kernel/mm/cma/%s/lend_taken_back",
		 area);
	return read_long(path);
}

/*
 * The lent pages one call took back, from lend_taken_read() before and
 * after it (nothing else allocates from the area meanwhile); -1 when the
 * area does not lend.
 */
static inline long lend_taken(long before, long after)
{
	return before < 0 || after < 0 ? -1 : after - before;
}

#endif
