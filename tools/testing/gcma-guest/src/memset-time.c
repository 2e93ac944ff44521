// SPDX-License-Identifier: GPL-2.0
/*
 * memset-time: the time to clear a buffer of a given size.
 *
 * The floor under any allocation that must hand out zeroed memory: a
 * buffer of MIB, already faulted in, is cleared with memset() N times,
 * each timed with CLOCK_MONOTONIC and printed as a raw line (stats.h), then
 * a summary line.
 *
 *   memset-time -s MIB -n N [-l LABEL]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "stats.h"

int main(int argc, char **argv)
{
	const char *label = "memset";
	size_t size = 0;
	int n = 0, i, opt;
	double *lat, t0;
	char *buf;

	while ((opt = getopt(argc, argv, "s:n:l:")) != -1) {
		switch (opt) {
		case 's':
			size = strtoul(optarg, NULL, 0) << 20;
			break;
		case 'n':
			n = atoi(optarg);
			break;
		case 'l':
			label = optarg;
			break;
		default:
			goto usage;
		}
	}
	if (!size || n <= 0)
		goto usage;
	buf = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	lat = calloc(n, sizeof(*lat));
	if (buf == MAP_FAILED || !lat) {
		perror("memset-time");
		return 1;
	}
	memset(buf, 1, size);	/* fault it in: the floor is the clearing */
	for (i = 0; i < n; i++) {
		t0 = now_us();
		memset(buf, i, size);
		/* keep the compiler from dropping the store */
		__asm__ __volatile__("" : : "r"(buf) : "memory");
		lat[i] = now_us() - t0;
		raw_ok(label, lat[i]);
	}
	qsort(lat, n, sizeof(*lat), cmp_double);
	printf("memset-time: label=%s mib=%zu n=%d p50_us=%.0f max_us=%.0f\n",
	       label, size >> 20, n, percentile(lat, n, 0.5), lat[n - 1]);
	return 0;
usage:
	fprintf(stderr, "usage: memset-time -s MIB -n N [-l LABEL]\n");
	return 2;
}
