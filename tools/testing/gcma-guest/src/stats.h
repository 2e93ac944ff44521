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
 *   lat_us LABEL USEC [TAG]     a timed call that succeeded
 *   fail LABEL ERRNO [TAG]      a timed call that failed
 *   warm_us LABEL USEC [TAG]    a warm-up call, left out of the statistics
 *   warm_fail LABEL ERRNO [TAG] a warm-up call that failed
 * TAG (see defer_tag()) is there only when the program was asked for it.
 */
static inline void raw_lat(const char *kind, const char *label, double us,
			   const char *tag)
{
	printf("%s %s %.1f%s%s\n", kind, label, us, tag ? " " : "",
	       tag ? tag : "");
}

static inline void raw_err(const char *kind, const char *label, int err,
			   const char *tag)
{
	printf("%s %s %d%s%s\n", kind, label, err, tag ? " " : "",
	       tag ? tag : "");
}

static inline void raw_ok(const char *label, double us)
{
	raw_lat("lat_us", label, us, NULL);
}

static inline void raw_fail(const char *label, int err)
{
	raw_err("fail", label, err, NULL);
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

#endif
