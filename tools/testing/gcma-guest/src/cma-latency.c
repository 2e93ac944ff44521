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
 *   cma-latency -a AREA -p PAGES -n ITERATIONS [-w USEC_BETWEEN] [-l LABEL]
 *               [-r] [-W WARMUP] [-t]
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "stats.h"

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
	int hits = 0, misses = 0;
	char alloc_path[256], free_path[256];
	double *lat, t0, us, sum = 0;

	while ((opt = getopt(argc, argv, "a:p:n:w:l:rW:t")) != -1) {
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
		default:
			fprintf(stderr,
				"usage: cma-latency -a AREA -p PAGES -n N [-w USEC] [-l LABEL]\n"
				"                   [-r] [-W WARMUP] [-t]\n");
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

	/* i < 0: a warm-up call, made and written like the others */
	for (i = -warm; i < n; i++) {
		struct defer_counters before = { 0 }, after = { 0 };
		long taken0 = -1, taken = -1;
		const char *tag = NULL;
		int ret;

		if (wait_us)
			usleep(wait_us);
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
		if (raw && i >= 0)
			printf("free_us %s %.1f\n", label, us);
	}
	qsort(lat, ok, sizeof(*lat), cmp_double);
	printf("cma-latency: label=%s area=%s pages=%lu n=%d ok=%d fail=%d",
	       label, area, pages, n, ok, fail);
	if (warm)
		printf(" warmup=%d", warm);
	if (tagged)
		printf(" hits=%d misses=%d", hits, misses);
	if (ok)
		printf(" p50_us=%.0f p90_us=%.0f p99_us=%.0f max_us=%.0f mean_us=%.0f",
		       percentile(lat, ok, 0.5), percentile(lat, ok, 0.9),
		       percentile(lat, ok, 0.99), lat[ok - 1], sum / ok);
	printf("\n");
	return 0;
}
