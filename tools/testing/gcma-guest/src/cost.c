// SPDX-License-Identifier: GPL-2.0
/*
 * cost: the throughput of a workload that lending should not slow down.
 *
 * make bench runs it in each configuration (stock, guaranteed without
 * lending, guaranteed lending) for workloads whose pages never get a copy,
 * so that the three throughputs differ only by what the hooks cost:
 *
 *   cost tmpfs DIR SECONDS   files of 64 KiB created, written, truncated
 *                            and unlinked in DIR (tmpfs): the page-cache
 *                            removal and inode-eviction hooks; unit: files
 *   cost read FILE SECONDS   FILE read in 1 MiB pieces from start to end,
 *                            over and over; FILE is larger than memory, on
 *                            a filesystem that does not opt in: reclaim's
 *                            eviction hook on every page; unit: MiB
 *   cost swap MIB SECONDS    MIB of anonymous memory paged out whole
 *                            (MADV_PAGEOUT) and read back, over and over:
 *                            the swap-out and swap-in hooks; unit: pages
 *                            read back.  A page that comes back with other
 *                            data than it was given fails the run.
 *
 * One line per second of work, "sample MODE SECOND RATE" (units per
 * second), then "total MODE units=N seconds=S rate=R busy_s=B": B is the
 * CPU time all CPUs spent busy meanwhile (/proc/stat: user, nice, system,
 * irq, softirq), kswapd's reclaim included, so that units / B is the work
 * a CPU second does even where the rate waits for a disk.  Exit status 1
 * on an error or wrong data.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#ifndef MADV_PAGEOUT
#define MADV_PAGEOUT	21
#endif

#define FILE_KIB	64

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* CPU seconds all CPUs have been busy since boot, or -1. */
static double busy_seconds(void)
{
	unsigned long long user, nice, sys, idle, iowait, irq, softirq;
	FILE *f = fopen("/proc/stat", "r");
	int n;

	if (!f)
		return -1;
	n = fscanf(f, "cpu %llu %llu %llu %llu %llu %llu %llu", &user, &nice,
		   &sys, &idle, &iowait, &irq, &softirq);
	fclose(f);
	if (n != 7)
		return -1;
	return (double)(user + nice + sys + irq + softirq) /
	       sysconf(_SC_CLK_TCK);
}

struct meter {
	const char *mode;
	double busy0;
	double t0, last;
	unsigned long long units, last_units;
	int second;
};

/* Count @n units; print a sample each second.  False once time is up. */
static int meter_add(struct meter *m, unsigned long long n, double seconds)
{
	double t = now();

	m->units += n;
	if (t - m->last >= 1.0) {
		printf("sample %s %d %.1f\n", m->mode, ++m->second,
		       (m->units - m->last_units) / (t - m->last));
		m->last = t;
		m->last_units = m->units;
	}
	return t - m->t0 < seconds;
}

static void meter_end(struct meter *m)
{
	double t = now() - m->t0;

	printf("total %s units=%llu seconds=%.2f rate=%.1f busy_s=%.2f\n",
	       m->mode, m->units, t, m->units / t, busy_seconds() - m->busy0);
}

static int run_tmpfs(const char *dir, struct meter *m, double seconds)
{
	static char buf[FILE_KIB << 10];
	char path[4096];
	int fd;

	memset(buf, 0x5a, sizeof(buf));
	snprintf(path, sizeof(path), "%s/cost.tmp", dir);
	do {
		fd = open(path, O_CREAT | O_RDWR | O_TRUNC, 0600);
		if (fd < 0 || write(fd, buf, sizeof(buf)) != sizeof(buf) ||
		    ftruncate(fd, 0) || close(fd) || unlink(path)) {
			perror(path);
			return 1;
		}
	} while (meter_add(m, 1, seconds));
	return 0;
}

static int run_read(const char *path, struct meter *m, double seconds)
{
	size_t block = 1 << 20;
	char *buf = malloc(block);
	ssize_t n;
	int fd;

	fd = open(path, O_RDONLY);
	if (fd < 0 || !buf) {
		perror(path);
		return 1;
	}
	do {
		n = read(fd, buf, block);
		if (n < 0) {
			perror(path);
			return 1;
		}
		if (n == 0 && lseek(fd, 0, SEEK_SET)) {
			perror(path);
			return 1;
		}
	} while (meter_add(m, n == (ssize_t)block, seconds));
	return 0;
}

static int run_swap(unsigned long mib, struct meter *m, double seconds)
{
	size_t page = sysconf(_SC_PAGESIZE), len = mib << 20, i;
	unsigned long pass = 0;
	unsigned char *p;

	p = mmap(NULL, len, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED) {
		perror("mmap");
		return 1;
	}
	for (i = 0; i < len; i += page)
		*(unsigned long *)(p + i) = i / page;
	for (;;) {
		if (madvise(p, len, MADV_PAGEOUT)) {
			perror("madvise(MADV_PAGEOUT)");
			return 1;
		}
		for (i = 0; i < len; i += page) {
			if (*(unsigned long *)(p + i) != i / page) {
				fprintf(stderr, "pass %lu: page %zu holds %lu\n",
					pass, i / page,
					*(unsigned long *)(p + i));
				return 1;
			}
			/* the clock once in 256 pages, not on each */
			if ((i / page) % 256 == 255 &&
			    !meter_add(m, 256, seconds))
				return 0;
		}
		pass++;
	}
}

int main(int argc, char **argv)
{
	struct meter m = { 0 };
	double seconds;
	int ret;

	seconds = argc == 4 ? atof(argv[3]) : 0;
	if (seconds <= 0) {
		fprintf(stderr,
			"usage: cost tmpfs DIR SECONDS | read FILE SECONDS | swap MIB SECONDS\n");
		return 2;
	}
	m.mode = argv[1];
	m.t0 = now();
	m.last = m.t0;
	m.busy0 = busy_seconds();
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (!strcmp(argv[1], "tmpfs"))
		ret = run_tmpfs(argv[2], &m, seconds);
	else if (!strcmp(argv[1], "read"))
		ret = run_read(argv[2], &m, seconds);
	else if (!strcmp(argv[1], "swap"))
		ret = run_swap(strtoul(argv[2], NULL, 0), &m, seconds);
	else
		ret = 2;
	if (ret == 2)
		fprintf(stderr, "cost: no mode '%s'\n", argv[1]);
	if (!ret)
		meter_end(&m);
	return ret;
}
