// SPDX-License-Identifier: GPL-2.0
/*
 * dio-pin: keep short-term pins on fresh pages.
 *
 * JOBS processes each map a fresh anonymous buffer of BLOCK_KIB, read into
 * it with O_DIRECT from a random block-aligned offset of FILE, and unmap
 * it, over and over.  The direct read pins the buffer's pages for the time
 * of the I/O (FOLL_PIN, short term, so not migrated out of CMA first), and
 * each round faults in new pages, which may come from a CMA area: a stock
 * area that wants them back has to wait for the I/O or give up on the
 * range.  Offsets come from a xorshift generator seeded with -s SEED + the
 * job number, the same in every run.
 *
 * With -r FILE it creates FILE once every job has done a read.  -p keeps
 * the reads and bytes done by all jobs in a progress file (see load.h); on
 * exit it prints them and the reads per second.
 *
 *   dio-pin -f FILE [-b BLOCK_KIB] [-j JOBS] [-s SEED] [-r READY_FILE] [-n NICE] [-p PROGRESS_FILE]
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "load.h"

#define MAX_JOBS 16

struct counters {
	unsigned long long reads[MAX_JOBS];
	unsigned long long bytes[MAX_JOBS];
};

static uint64_t xorshift64(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

static int job(int fd, off_t blocks, size_t block, uint64_t seed, int nr,
	       struct counters *c)
{
	uint64_t s = seed * 2654435761u + nr + 1;

	while (!load_stopped) {
		off_t off = (off_t)(xorshift64(&s) % blocks) * block;
		char *p = mmap(NULL, block, PROT_READ | PROT_WRITE,
			       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		ssize_t n;

		if (p == MAP_FAILED) {
			usleep(10000);
			continue;
		}
		n = pread(fd, p, block, off);
		munmap(p, block);
		if (n < 0 && errno != EINTR) {
			perror("dio-pin: pread");
			return 1;
		}
		if (n > 0) {
			__atomic_add_fetch(&c->reads[nr], 1, __ATOMIC_RELAXED);
			__atomic_add_fetch(&c->bytes[nr], n, __ATOMIC_RELAXED);
		}
	}
	return 0;
}

int main(int argc, char **argv)
{
	unsigned long long reads, bytes;
	struct load_opts lo = { 0 };
	const char *path = NULL;
	int opt, jobs = 2, fd, pfd, i, started;
	size_t block = 1 << 20;
	pid_t pids[MAX_JOBS];
	struct counters *c;
	uint64_t seed = 1;
	struct stat st;
	double t0;

	while ((opt = getopt(argc, argv, "f:b:j:s:" LOAD_OPTS)) != -1) {
		switch (opt) {
		case 'f':
			path = optarg;
			break;
		case 'b':
			block = strtoul(optarg, NULL, 0) << 10;
			break;
		case 'j':
			jobs = atoi(optarg);
			break;
		case 's':
			seed = strtoull(optarg, NULL, 0);
			break;
		default:
			if (!load_option(&lo, opt, optarg))
				goto usage;
		}
	}
	if (!path || !block || block % 4096 || jobs < 1 || jobs > MAX_JOBS)
		goto usage;
	fd = open(path, O_RDONLY | O_DIRECT);
	if (fd < 0 || fstat(fd, &st) || st.st_size < (off_t)block) {
		perror(path);
		return 1;
	}
	c = mmap(NULL, sizeof(*c), PROT_READ | PROT_WRITE,
		 MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (c == MAP_FAILED)
		return 1;
	pfd = load_init("dio-pin", &lo);
	for (i = 0; i < jobs; i++) {
		pids[i] = fork();
		if (pids[i] == 0)
			return job(fd, st.st_size / block, block, seed, i, c);
	}

	t0 = now_us();
	do {
		usleep(50000);
		reads = 0;
		bytes = 0;
		started = 0;
		for (i = 0; i < jobs; i++) {
			reads += __atomic_load_n(&c->reads[i], __ATOMIC_RELAXED);
			bytes += __atomic_load_n(&c->bytes[i], __ATOMIC_RELAXED);
			started += c->reads[i] > 0;
		}
		progress_write(pfd, reads, bytes, t0);
		if (started == jobs)
			load_ready(&lo.ready);
	} while (!load_stopped);
	for (i = 0; i < jobs; i++)
		kill(pids[i], SIGTERM);
	while (wait(NULL) > 0)
		;
	t0 = (now_us() - t0) / 1e6;
	printf("dio-pin: jobs=%d reads=%llu mib=%llu seconds=%.1f reads_per_s=%.1f\n",
	       jobs, reads, bytes >> 20, t0, reads / t0);
	return 0;
usage:
	fprintf(stderr,
		"usage: dio-pin -f FILE [-b BLOCK_KIB] [-j JOBS] [-s SEED] [-r READY_FILE] [-n NICE] [-p PROGRESS_FILE]\n");
	return 2;
}
