// SPDX-License-Identifier: GPL-2.0
/*
 * churn: keep fresh anonymous memory arriving.
 *
 * Maps chunks of anonymous memory, writes every page, and unmaps the
 * oldest chunk once the ring holds the target size, forever or for -t
 * seconds.  Because each round faults in new pages, movable allocations
 * keep landing wherever the page allocator puts them, CMA areas included;
 * re-touching the same memory would not (after one migration nothing would
 * move back in).  On exit it prints the rounds done and MB/s touched, the
 * throughput of the load itself.
 *
 * With -r FILE it creates FILE once the ring is full for the first time:
 * from then on every round maps pages the allocator has to find while
 * memory is short, CMA pageblocks included.
 *
 * With -w FILE it stops after the first chunk that changed the number FILE
 * holds (a counter in sysfs): core/35-defer-shrinker stops the hog as soon
 * as reclaim has called the defer-free shrinker.  Before it fills anything
 * it then maps the whole ring and faults in one page per chunk, so that
 * every page table and VMA is allocated while memory is plentiful, and
 * keeps FILE open: once memory is short the hog asks only for movable
 * pages, which the MIGRATE_CMA pages a stock area gets back can serve.
 *
 * -n NICE lowers its own priority (busybox-static has no nice applet).
 * -p FILE keeps the rounds done in FILE (see load.h) for make bench.
 *
 *   churn -m MIB [-c CHUNK_MIB] [-t SECONDS] [-w WATCH_FILE]
 *         [-r READY_FILE] [-n NICE] [-p PROGRESS_FILE]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "load.h"

/* The number an open sysfs file holds now, read again from its start. */
static long read_fd_long(int fd)
{
	char buf[32];
	ssize_t n;

	n = pread(fd, buf, sizeof(buf) - 1, 0);
	if (n <= 0)
		return -1;
	buf[n] = 0;
	return atol(buf);
}

int main(int argc, char **argv)
{
	size_t target_mib = 0, chunk_mib = 4, nr, head = 0, i, off;
	long page = sysconf(_SC_PAGESIZE);
	unsigned long long rounds = 0;
	struct load_opts lo = { 0 };
	double t0, limit = 0;
	const char *watch = NULL;
	long watched = 0;
	int opt, pfd, wfd = -1;
	char **ring;

	while ((opt = getopt(argc, argv, "m:c:t:w:" LOAD_OPTS)) != -1) {
		switch (opt) {
		case 'm':
			target_mib = strtoul(optarg, NULL, 0);
			break;
		case 'c':
			chunk_mib = strtoul(optarg, NULL, 0);
			break;
		case 't':
			limit = strtod(optarg, NULL);
			break;
		case 'w':
			watch = optarg;
			break;
		default:
			if (load_option(&lo, opt, optarg))
				break;
			fprintf(stderr,
				"usage: churn -m MIB [-c CHUNK_MIB] [-t SECONDS] [-w WATCH_FILE] [-r READY_FILE] [-n NICE] [-p PROGRESS_FILE]\n");
			return 2;
		}
	}
	if (!target_mib || !chunk_mib || chunk_mib > target_mib) {
		fprintf(stderr, "churn: need -m MIB >= chunk size\n");
		return 2;
	}
	nr = target_mib / chunk_mib;
	ring = calloc(nr, sizeof(*ring));
	if (!ring)
		return 1;
	if (watch) {
		wfd = open(watch, O_RDONLY);
		watched = read_fd_long(wfd);
		if (watched < 0) {
			fprintf(stderr, "churn: cannot read %s\n", watch);
			return 2;
		}
		for (i = 0; i < nr; i++) {
			ring[i] = mmap(NULL, chunk_mib << 20,
				       PROT_READ | PROT_WRITE,
				       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
			if (ring[i] == MAP_FAILED) {
				fprintf(stderr, "churn: cannot map the ring\n");
				return 1;
			}
			ring[i][0] = 1;
		}
	}
	pfd = load_init("churn", &lo);

	t0 = now_us();
	while (!load_stopped && (!limit || now_us() - t0 < limit * 1e6)) {
		/* -w mapped the ring in advance: fill it first */
		if (!watch || rounds >= nr) {
			if (ring[head])
				munmap(ring[head], chunk_mib << 20);
			ring[head] = mmap(NULL, chunk_mib << 20,
					  PROT_READ | PROT_WRITE,
					  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
			if (ring[head] == MAP_FAILED) {
				ring[head] = NULL;
				usleep(10000);
				continue;
			}
		}
		for (off = 0; off < chunk_mib << 20; off += page)
			ring[head][off] = (char)(rounds + off);
		head = (head + 1) % nr;
		rounds++;
		progress_write(pfd, rounds, (unsigned long long)rounds * chunk_mib << 20, t0);
		if (rounds == nr)
			load_ready(&lo.ready);
		if (watch && read_fd_long(wfd) != watched)
			break;
	}
	t0 = (now_us() - t0) / 1e6;
	printf("churn: rounds=%llu mib=%llu seconds=%.1f mib_per_s=%.1f\n",
	       rounds, rounds * chunk_mib, t0, rounds * chunk_mib / t0);
	for (i = 0; i < nr; i++)
		if (ring[i])
			munmap(ring[i], chunk_mib << 20);
	return 0;
}
