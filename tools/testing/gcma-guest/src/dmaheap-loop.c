// SPDX-License-Identifier: GPL-2.0
/*
 * dmaheap-loop: allocate camera-sized buffers from a dma-buf heap in a loop.
 *
 * Each round allocates one buffer of every size given with -s through
 * DMA_HEAP_IOCTL_ALLOC on /dev/dma_heap/HEAP, checks while it is held that
 * the CMA area AREA grew by exactly its size (so the buffer lies in that
 * area), maps it, writes its first and last byte, and frees it; then checks
 * the area is back where it was.  Prints the failures and the allocation
 * latency percentiles, and exits non-zero on any failure.
 *
 * For make bench: -w sleeps USEC before each allocation, -r prints one raw
 * line per call (stats.h) labelled LABEL, and -x skips the checks of the
 * area's use, which defer-free defeats (a cached range stays used, a hit
 * takes nothing new).  -W makes WARMUP rounds, the same as the others,
 * before the timed ones (raw lines warm_us/warm_fail, left out of the
 * summary); -t tags each raw line hit, miss or - from the area's
 * defer-free counters read around the allocation (stats.h, defer_tag()),
 * followed on an area that can lend its idle pages by the lent pages the
 * allocation took back (stats.h, lend_taken()).
 * With -r a failed allocation is told by its raw line only: what goes to
 * standard error is every other problem.
 *
 *   dmaheap-loop -h HEAP -a AREA -n ROUNDS -s MIB [-s MIB ...] [-w USEC]
 *                [-l LABEL] [-r] [-x] [-W WARMUP] [-t]
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/dma-heap.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include "stats.h"

static long used_pages(const char *area)
{
	char path[256];

	snprintf(path, sizeof(path), "/sys/kernel/debug/cma/%s/used", area);
	return read_long(path);
}

int main(int argc, char **argv)
{
	const char *heap = "reserved", *area = "reserved", *label = "run";
	long page = sysconf(_SC_PAGESIZE), base, held;
	int rounds = 10, nsizes = 0, fails = 0, ok = 0, opt, r, i, fd;
	int raw = 0, check = 1, warm = 0, tagged = 0, hits = 0, misses = 0;
	unsigned long wait_us = 0;
	size_t sizes[8];
	char path[256];
	double *lat;

	while ((opt = getopt(argc, argv, "h:a:n:s:w:l:rxW:t")) != -1) {
		switch (opt) {
		case 'h':
			heap = optarg;
			break;
		case 'a':
			area = optarg;
			break;
		case 'n':
			rounds = atoi(optarg);
			break;
		case 's':
			if (nsizes < 8)
				sizes[nsizes++] = strtoul(optarg, NULL, 0) << 20;
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
		case 'x':
			check = 0;
			break;
		case 'W':
			warm = atoi(optarg);
			break;
		case 't':
			tagged = 1;
			break;
		default:
			fprintf(stderr,
				"usage: dmaheap-loop -h HEAP -a AREA -n ROUNDS -s MIB... [-w USEC] [-l LABEL]\n"
				"                    [-r] [-x] [-W WARMUP] [-t]\n");
			return 2;
		}
	}
	if (!nsizes || rounds <= 0 || warm < 0)
		return 2;
	snprintf(path, sizeof(path), "/dev/dma_heap/%s", heap);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		perror(path);
		return 1;
	}
	lat = calloc(rounds * nsizes, sizeof(*lat));
	base = used_pages(area);
	if (!lat || base < 0) {
		fprintf(stderr, "dmaheap-loop: no area %s in debugfs\n", area);
		return 1;
	}

	/* r < 0: a warm-up round, made and written like the others */
	for (r = -warm; r < rounds; r++) {
		for (i = 0; i < nsizes; i++) {
			struct dma_heap_allocation_data data = {
				.len = sizes[i],
				.fd_flags = O_RDWR | O_CLOEXEC,
			};
			struct defer_counters before = { 0 }, after = { 0 };
			long taken0 = -1, taken = -1;
			const char *tag = NULL;
			double t0, us;
			int ret, err;
			char *p;

			if (wait_us)
				usleep(wait_us);
			if (tagged) {
				defer_read(area, &before);
				taken0 = lend_taken_read(area);
			}
			t0 = now_us();
			ret = ioctl(fd, DMA_HEAP_IOCTL_ALLOC, &data);
			err = errno;
			us = now_us() - t0;
			if (tagged) {
				defer_read(area, &after);
				tag = defer_tag(&before, &after);
				taken = lend_taken(taken0, lend_taken_read(area));
			}
			if (ret < 0) {
				if (raw)
					raw_err(r < 0 ? "warm_fail" : "fail",
						label, err, tag, taken);
				else
					fprintf(stderr,
						"round %d: %zu MiB: allocation failed\n",
						r, sizes[i] >> 20);
				if (r >= 0)
					fails++;
				continue;
			}
			if (raw)
				raw_lat(r < 0 ? "warm_us" : "lat_us", label, us,
					tag, taken);
			if (r >= 0) {
				lat[ok++] = us;
				if (tag && !strcmp(tag, "hit"))
					hits++;
				else if (tag && !strcmp(tag, "miss"))
					misses++;
			}
			held = used_pages(area) - base;
			if (check && held != (long)(sizes[i] / page)) {
				fprintf(stderr,
					"round %d: %zu MiB buffer not in %s (%ld pages more used)\n",
					r, sizes[i] >> 20, area, held);
				fails++;
			}
			p = mmap(NULL, sizes[i], PROT_READ | PROT_WRITE, MAP_SHARED,
				 data.fd, 0);
			if (p == MAP_FAILED) {
				fprintf(stderr, "round %d: mmap failed\n", r);
				fails++;
			} else {
				p[0] = 1;
				p[sizes[i] - 1] = 2;
				if (p[0] != 1 || p[sizes[i] - 1] != 2) {
					fprintf(stderr,
						"round %d: %zu MiB buffer lost what was written\n",
						r, sizes[i] >> 20);
					fails++;
				}
				munmap(p, sizes[i]);
			}
			close(data.fd);
			if (check && used_pages(area) != base) {
				fprintf(stderr, "round %d: %s not back to %ld pages used\n",
					r, area, base);
				fails++;
			}
		}
	}
	qsort(lat, ok, sizeof(*lat), cmp_double);
	printf("dmaheap-loop: heap=%s rounds=%d allocations=%d failures=%d",
	       heap, rounds, ok, fails);
	if (warm)
		printf(" warmup=%d", warm);
	if (tagged)
		printf(" hits=%d misses=%d", hits, misses);
	if (ok)
		printf(" p50_us=%.0f p99_us=%.0f max_us=%.0f",
		       percentile(lat, ok, 0.5), percentile(lat, ok, 0.99),
		       lat[ok - 1]);
	printf("\n");
	return fails ? 1 : 0;
}
