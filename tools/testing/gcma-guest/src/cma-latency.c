// SPDX-License-Identifier: GPL-2.0
/*
 * cma-latency: time cma_alloc() through the CMA debugfs files.
 *
 * Each iteration writes the page count to /sys/kernel/debug/cma/AREA/alloc
 * (one cma_alloc() call in the kernel), timed with CLOCK_MONOTONIC, then
 * frees it through .../free (one cma_release()), timed too.  A failed
 * allocation is counted, not timed.  Prints one summary line, and with -r
 * one raw line per call (stats.h): its latency in microseconds, or its
 * failure, then one "free_us LABEL USEC" line for the release (not in the
 * summary; scripts/bench-report.py leaves it to other readers).
 *
 * For make bench: -W makes WARMUP calls, the same as the others, before the
 * timed ones (raw lines warm_us/warm_fail, left out of the summary); -t
 * tags each raw line hit, miss or - from the area's defer-free counters
 * read around the call (stats.h, defer_tag()), followed on an area that
 * can lend its idle pages by the lent pages the call took back (stats.h,
 * lend_taken()).
 *
 * -f: each call (warm-up ones too) on a range that lending has filled
 * again.  An allocation gets the lowest free range that fits, the range
 * the last call released, and lending goes round the area behind a
 * cursor, storing each copy in the next page nothing uses: once the area
 * has stored as many copies as it has pages since the release, the cursor
 * has passed the whole of that range, and lent each of its pages that no
 * load has freed since.  So before each call, wait until the area's
 * stores (lend_stored and swap_stored) grew by its page count since the
 * last release, at most 10 s (the call is then made all the same); the
 * caller keeps the calls that took back enough (-t's TAKEN).  Prints
 * "fill_ms LABEL MS" per timed call: how long it waited.
 *
 *   cma-latency -a AREA -p PAGES -n ITERATIONS [-w USEC_BETWEEN] [-l LABEL]
 *               [-r] [-W WARMUP] [-t] [-f]
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "stats.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#define FILL_TIMEOUT_US	10000000.0
#define FILL_POLL_US	5000

/* Copies the area has stored so far, of both clients; -1 if it lends none. */
static long stores_read(const char *area)
{
	static const char * const names[] = { "lend_stored", "swap_stored" };
	char path[256];
	long sum = -1, v;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(names); i++) {
		snprintf(path, sizeof(path), "/sys/kernel/mm/cma/%s/%s", area,
			 names[i]);
		v = read_long(path);
		if (v >= 0)
			sum = (sum < 0 ? 0 : sum) + v;
	}
	return sum;
}

/*
 * Wait until the area stored @pages copies since @since (stores_read());
 * returns the milliseconds waited, or -1 if it gave up.
 */
static double wait_stores(const char *area, long since, unsigned long pages)
{
	double t0 = now_us(), t;

	for (;;) {
		t = now_us() - t0;
		if (stores_read(area) - since >= (long)pages)
			return t / 1000;
		if (t >= FILL_TIMEOUT_US)
			return -1;
		usleep(FILL_POLL_US);
	}
}

static int write_count(const char *path, unsigned long pages)
{
	char buf[32];
	int fd, len, ret = 0;

	fd = open(path, O_WRONLY);
	if (fd < 0)
		return -errno;
	len = snprintf(buf, sizeof(buf), "%lu\n", pages);
	if (write(fd, buf, len) != len)
		ret = -errno;
	close(fd);
	return ret;
}

int main(int argc, char **argv)
{
	const char *area = "reserved", *label = "run";
	unsigned long pages = 0, wait_us = 0;
	int n = 0, i, ok = 0, fail = 0, raw = 0, warm = 0, tagged = 0, opt;
	int hits = 0, misses = 0, fill = 0, gave_up = 0;
	unsigned long area_pages = 0;
	long since = 0;
	double fill_ms = 0;
	char alloc_path[256], free_path[256];
	double *lat, t0, us, sum = 0;

	while ((opt = getopt(argc, argv, "a:p:n:w:l:rW:tf")) != -1) {
		switch (opt) {
		case 'a':
			area = optarg;
			break;
		case 'p':
			pages = strtoul(optarg, NULL, 0);
			break;
		case 'n':
			n = atoi(optarg);
			break;
		case 'w':
			wait_us = strtoul(optarg, NULL, 0);
			break;
		case 'l':
			label = optarg;
			break;
		case 'r':
			raw = 1;
			break;
		case 'W':
			warm = atoi(optarg);
			break;
		case 't':
			tagged = 1;
			break;
		case 'f':
			fill = 1;
			break;
		default:
			fprintf(stderr,
				"usage: cma-latency -a AREA -p PAGES -n N [-w USEC] [-l LABEL]\n"
				"                   [-r] [-W WARMUP] [-t] [-f]\n");
			return 2;
		}
	}
	if (!pages || n <= 0 || warm < 0)
		return 2;
	snprintf(alloc_path, sizeof(alloc_path), "/sys/kernel/debug/cma/%s/alloc", area);
	snprintf(free_path, sizeof(free_path), "/sys/kernel/debug/cma/%s/free", area);
	lat = calloc(n, sizeof(*lat));
	if (!lat)
		return 1;
	if (fill) {
		char count_path[256];
		long count;

		snprintf(count_path, sizeof(count_path),
			 "/sys/kernel/debug/cma/%s/count", area);
		count = read_long(count_path);
		area_pages = count > 0 ? count : 0;
		since = stores_read(area);
		if (!area_pages || since < 0) {
			fprintf(stderr,
				"cma-latency: -f: area %s has no page count or lends nothing\n",
				area);
			return 2;
		}
	}

	/* i < 0: a warm-up call, made and written like the others */
	for (i = -warm; i < n; i++) {
		struct defer_counters before = { 0 }, after = { 0 };
		long taken0 = -1, taken = -1;
		const char *tag = NULL;
		int ret;

		if (wait_us)
			usleep(wait_us);
		if (fill) {
			fill_ms = wait_stores(area, since, area_pages);
			if (fill_ms < 0)
				gave_up++;
		}
		if (tagged) {
			defer_read(area, &before);
			taken0 = lend_taken_read(area);
		}
		t0 = now_us();
		ret = write_count(alloc_path, pages);
		us = now_us() - t0;
		if (tagged) {
			defer_read(area, &after);
			tag = defer_tag(&before, &after);
			taken = lend_taken(taken0, lend_taken_read(area));
		}
		if (ret) {
			if (raw)
				raw_err(i < 0 ? "warm_fail" : "fail", label,
					-ret, tag, taken);
			if (i >= 0)
				fail++;
			continue;
		}
		if (raw)
			raw_lat(i < 0 ? "warm_us" : "lat_us", label, us, tag,
				taken);
		if (i >= 0) {
			lat[ok++] = us;
			sum += us;
			if (tag && !strcmp(tag, "hit"))
				hits++;
			else if (tag && !strcmp(tag, "miss"))
				misses++;
		}
		t0 = now_us();
		if (write_count(free_path, pages)) {
			fprintf(stderr, "cma-latency: free of %lu pages failed\n", pages);
			return 1;
		}
		us = now_us() - t0;
		if (fill)
			since = stores_read(area);
		if (raw && i >= 0)
			printf("free_us %s %.1f\n", label, us);
		if (raw && fill && i >= 0)
			printf("fill_ms %s %.1f\n", label, fill_ms);
	}
	qsort(lat, ok, sizeof(*lat), cmp_double);
	printf("cma-latency: label=%s area=%s pages=%lu n=%d ok=%d fail=%d",
	       label, area, pages, n, ok, fail);
	if (warm)
		printf(" warmup=%d", warm);
	if (tagged)
		printf(" hits=%d misses=%d", hits, misses);
	if (fill)
		printf(" fill_gave_up=%d", gave_up);
	if (ok)
		printf(" p50_us=%.0f p90_us=%.0f p99_us=%.0f max_us=%.0f mean_us=%.0f",
		       percentile(lat, ok, 0.5), percentile(lat, ok, 0.9),
		       percentile(lat, ok, 0.99), lat[ok - 1], sum / ok);
	printf("\n");
	return 0;
}
