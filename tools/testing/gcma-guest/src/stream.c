// SPDX-License-Identifier: GPL-2.0
/*
 * stream: keep fresh page cache arriving.
 *
 * Reads FILE from start to end in BLOCK_KIB pieces, over and over.  The
 * file is larger than the guest's memory, so every read adds page cache
 * pages (movable, so possibly in a CMA area) while reclaim drops the oldest
 * ones: the allocator keeps needing fresh pages, CMA pageblocks included,
 * without the load ever holding more than memory allows.
 *
 * With -r FILE it creates FILE once WARM_MIB have been read (the caller
 * passes more than the memory that was free, so that the page cache has
 * filled it and reclaim is running).  -p keeps the reads and bytes done in
 * a progress file (see load.h); on exit it prints them and the MB/s.
 *
 *   stream -f FILE [-b BLOCK_KIB] [-w WARM_MIB -r READY_FILE] [-n NICE] [-p PROGRESS_FILE]
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "load.h"

int main(int argc, char **argv)
{
	unsigned long long reads = 0, bytes = 0, warm = 0;
	struct load_opts lo = { 0 };
	const char *path = NULL;
	size_t block = 1 << 20;
	int opt, fd, pfd;
	double t0;
	char *buf;

	while ((opt = getopt(argc, argv, "f:b:w:" LOAD_OPTS)) != -1) {
		switch (opt) {
		case 'f':
			path = optarg;
			break;
		case 'b':
			block = strtoul(optarg, NULL, 0) << 10;
			break;
		case 'w':
			warm = strtoull(optarg, NULL, 0) << 20;
			break;
		default:
			if (!load_option(&lo, opt, optarg))
				goto usage;
		}
	}
	if (!path || !block)
		goto usage;
	fd = open(path, O_RDONLY);
	buf = malloc(block);
	if (fd < 0 || !buf) {
		perror(path);
		return 1;
	}
	pfd = load_init("stream", &lo);

	t0 = now_us();
	while (!load_stopped) {
		ssize_t n = read(fd, buf, block);

		if (n == 0) {
			lseek(fd, 0, SEEK_SET);
			continue;
		}
		if (n < 0) {
			if (errno == EINTR)
				continue;
			perror("stream: read");
			return 1;
		}
		reads++;
		bytes += n;
		progress_write(pfd, reads, bytes, t0);
		if (bytes >= warm)
			load_ready(&lo.ready);
	}
	t0 = (now_us() - t0) / 1e6;
	printf("stream: reads=%llu mib=%llu seconds=%.1f mb_per_s=%.1f\n",
	       reads, bytes >> 20, t0, bytes / 1e6 / t0);
	return 0;
usage:
	fprintf(stderr,
		"usage: stream -f FILE [-b BLOCK_KIB] [-w WARM_MIB -r READY_FILE] [-n NICE] [-p PROGRESS_FILE]\n");
	return 2;
}
