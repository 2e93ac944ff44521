/* SPDX-License-Identifier: GPL-2.0 */
/* Timing helpers shared by the in-guest measurement programs. */
#ifndef GCMA_GUEST_STATS_H
#define GCMA_GUEST_STATS_H

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

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
 * "lat_us LABEL USEC" for a call that succeeded, "fail LABEL ERRNO" for one
 * that did not.
 */
static inline void raw_ok(const char *label, double us)
{
	printf("lat_us %s %.1f\n", label, us);
}

static inline void raw_fail(const char *label, int err)
{
	printf("fail %s %d\n", label, err);
}

#endif
