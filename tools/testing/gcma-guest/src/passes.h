/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The runner of the loads that work in passes over a set (reread-files,
 * anon-cycle), beside what load.h gives every load:
 *
 * -P MIN_PASSES, -M MAX_PASSES, -T TOL_PCT: the load is ready (see
 * load.h) once at least MIN_PASSES whole passes ran and the last one's
 * throughput is within TOL_PCT of the one before, or after MAX_PASSES
 * whatever the throughput (passes_done()).
 *
 * -a AREA, -s SAMPLES_FILE, -i MSEC: the lent pages of the area
 * (/sys/kernel/mm/cma/AREA/lent_pages) are sampled every MSEC while the
 * passes run, and once per line at least; every sample is appended to
 * SAMPLES_FILE as "UPTIME LENT_PAGES", so that the benchmark can
 * summarise whatever window it times.  A pass line ends with what the
 * area loaded meanwhile (the counter each load names) and the samples:
 *   [loaded=L lent_min=A lent_mean=B lent_max=C]
 *
 * Each load sets its name and its defaults in its struct passes, takes
 * PASSES_OPTS beside its own options (passes_option()), checks them
 * (passes_valid()) and calls passes_init() before its first pass.
 */
#ifndef GCMA_GUEST_PASSES_H
#define GCMA_GUEST_PASSES_H

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "load.h"

/* -P MIN_PASSES -M MAX_PASSES -T TOL_PCT -a AREA -s SAMPLES_FILE -i MSEC */
#define PASSES_OPTS "P:M:T:a:s:i:" LOAD_OPTS

struct passes {
	const char *name;		/* the load's, for messages */
	long min_passes, max_passes, tol_pct, every_ms;
	const char *area, *samples;
	struct load_opts lo;
	/* set by passes_init() */
	const char *lent_path, *loaded_path;	/* NULL: no -a */
	char lent_buf[256], loaded_buf[256];
	int samples_fd;			/* -1: no -s */
	int progress_fd;		/* -1: no -p */
	/* kept by the runner */
	double last_sample_ms, prev_rate;
};

/* Take @opt if it is one of PASSES_OPTS; true when it was. */
static inline int passes_option(struct passes *ps, int opt, const char *arg)
{
	switch (opt) {
	case 'P':
		ps->min_passes = atol(arg);
		return 1;
	case 'M':
		ps->max_passes = atol(arg);
		return 1;
	case 'T':
		ps->tol_pct = atol(arg);
		return 1;
	case 'a':
		ps->area = arg;
		return 1;
	case 's':
		ps->samples = arg;
		return 1;
	case 'i':
		ps->every_ms = atol(arg);
		return 1;
	}
	return load_option(&ps->lo, opt, arg);
}

static inline int passes_valid(const struct passes *ps)
{
	return ps->min_passes >= 1 && ps->max_passes >= ps->min_passes &&
	       ps->tol_pct >= 0 && ps->every_ms >= 1;
}

/*
 * The area's files (@loaded: the counter of the copies it read back for
 * this load), the samples file, and load_init().  -1 (said on stderr)
 * when the samples file cannot be made.
 */
static inline int passes_init(struct passes *ps, const char *loaded)
{
	if (ps->area) {
		snprintf(ps->lent_buf, sizeof(ps->lent_buf),
			 "/sys/kernel/mm/cma/%s/lent_pages", ps->area);
		snprintf(ps->loaded_buf, sizeof(ps->loaded_buf),
			 "/sys/kernel/mm/cma/%s/%s", ps->area, loaded);
		ps->lent_path = ps->lent_buf;
		ps->loaded_path = ps->loaded_buf;
	}
	ps->samples_fd = -1;
	if (ps->samples) {
		ps->samples_fd = open(ps->samples,
				      O_CREAT | O_WRONLY | O_TRUNC | O_APPEND, 0644);
		if (ps->samples_fd < 0) {
			perror(ps->samples);
			return -1;
		}
	}
	ps->progress_fd = load_init(ps->name, &ps->lo);
	return 0;
}

/* Not ready yet: the passes so far warm the load up. */
static inline int passes_warming(const struct passes *ps)
{
	return !!ps->lo.ready;
}

/*
 * Pass @nr ended at @rate (MiB/s), @bytes done since @t0_us: the progress
 * file, and ready once warmed up.
 */
static inline void passes_done(struct passes *ps, long nr,
			       unsigned long long bytes, double t0_us,
			       double rate)
{
	progress_write(ps->progress_fd, nr, bytes, t0_us);
	if (nr >= ps->max_passes ||
	    (nr >= ps->min_passes && ps->prev_rate > 0 &&
	     rate >= ps->prev_rate * (100 - ps->tol_pct) / 100 &&
	     rate <= ps->prev_rate * (100 + ps->tol_pct) / 100))
		load_ready(&ps->lo.ready);
	ps->prev_rate = rate;
}

/* Seconds since boot, the clock of /proc/uptime (the benchmark's snaps). */
static inline double uptime_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_BOOTTIME, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* The lent pages sampled over the passes of one line, what they loaded. */
struct lent {
	long loaded0, loaded;		/* -1: no counter */
	long n, min, max;
	double sum;
};

static inline void lent_start(const struct passes *ps, struct lent *l)
{
	memset(l, 0, sizeof(*l));
	l->loaded0 = ps->loaded_path ? read_long(ps->loaded_path) : -1;
}

/* Sample the area's lent pages into @l and the samples file. */
static inline void lent_sample(const struct passes *ps, struct lent *l)
{
	long lent = ps->lent_path ? read_long(ps->lent_path) : -1;
	char line[64];
	int len;

	if (lent < 0)
		return;
	if (!l->n || lent < l->min)
		l->min = lent;
	if (!l->n || lent > l->max)
		l->max = lent;
	l->n++;
	l->sum += lent;
	if (ps->samples_fd < 0)
		return;
	/* one write() per line, O_APPEND: a reader never sees half a line */
	len = snprintf(line, sizeof(line), "%.3f %ld\n", uptime_s(), lent);
	if (write(ps->samples_fd, line, len) != len)
		fprintf(stderr, "%s: samples: %s\n", ps->name, strerror(errno));
}

/* lent_sample() if -i MSEC went by since the last; @now_ms: CLOCK_MONOTONIC */
static inline void lent_tick(struct passes *ps, struct lent *l, double now_ms)
{
	if (now_ms - ps->last_sample_ms < ps->every_ms)
		return;
	lent_sample(ps, l);
	ps->last_sample_ms = now_ms;
}

/* The line's passes ended: the loaded counter, one sample at least. */
static inline void lent_end(const struct passes *ps, struct lent *l)
{
	l->loaded = ps->loaded_path ? read_long(ps->loaded_path) : -1;
	if (!l->n)
		lent_sample(ps, l);
}

/* The end of a pass line, where the area has the counters. */
static inline void lent_print(const struct lent *l)
{
	if (l->loaded >= 0 && l->loaded0 >= 0 && l->n)
		printf(" loaded=%ld lent_min=%ld lent_mean=%.0f lent_max=%ld",
		       l->loaded - l->loaded0, l->min, l->sum / l->n, l->max);
}

#endif
