// SPDX-License-Identifier: GPL-2.0
/*
 * What the kernel's pfn readers say about a range of pfns, for tests/meet.
 *
 *   pfninfo flags START COUNT
 *	reads /proc/kpageflags and /proc/kpagecount for [START, START + COUNT)
 *	and prints how many pages have each flag the tests look at:
 *	"reserved=N buddy=N lru=N slab=N hwpoison=N mapped=N"
 *	(mapped: a nonzero kpagecount)
 *   pfninfo flag PFN
 *	prints the raw kpageflags word of one pfn, in hex
 *   pfninfo unreserved START COUNT
 *	prints the first pfn of the range that is not reserved (on a
 *	guaranteed area: the first allocated page), or nothing
 *   pfninfo owner START COUNT
 *	reads /sys/kernel/debug/page_owner from START (the file's offset is a
 *	pfn) and prints "records=N cma=N first=PFN": the records of pfns in
 *	the range, how many of them have cma_alloc() in their stack, and the
 *	first pfn page_owner returned at all (so that a reader can tell a
 *	range page_owner skipped from one it never reached)
 *
 * START and PFN may be decimal or 0x-prefixed hex.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* include/uapi/linux/kernel-page-flags.h */
#define KPF_SLAB	7
#define KPF_BUDDY	10
#define KPF_LRU		5
#define KPF_HWPOISON	19
#define KPF_RESERVED	32

static void die(const char *what)
{
	fprintf(stderr, "pfninfo: %s: %s\n", what, strerror(errno));
	exit(1);
}

static uint64_t read_word(int fd, uint64_t pfn, const char *name)
{
	uint64_t v;

	if (pread(fd, &v, sizeof(v), pfn * sizeof(v)) != sizeof(v))
		die(name);
	return v;
}

static int flags(uint64_t start, uint64_t count)
{
	unsigned long reserved = 0, buddy = 0, lru = 0, slab = 0, hwpoison = 0;
	unsigned long mapped = 0;
	int ff = open("/proc/kpageflags", O_RDONLY);
	int fc = open("/proc/kpagecount", O_RDONLY);

	if (ff < 0 || fc < 0)
		die("/proc/kpageflags or /proc/kpagecount");
	for (uint64_t pfn = start; pfn < start + count; pfn++) {
		uint64_t f = read_word(ff, pfn, "/proc/kpageflags");

		reserved += !!(f & (1ULL << KPF_RESERVED));
		buddy += !!(f & (1ULL << KPF_BUDDY));
		lru += !!(f & (1ULL << KPF_LRU));
		slab += !!(f & (1ULL << KPF_SLAB));
		hwpoison += !!(f & (1ULL << KPF_HWPOISON));
		mapped += read_word(fc, pfn, "/proc/kpagecount") != 0;
	}
	printf("reserved=%lu buddy=%lu lru=%lu slab=%lu hwpoison=%lu mapped=%lu\n",
	       reserved, buddy, lru, slab, hwpoison, mapped);
	return 0;
}

static int flag(uint64_t pfn)
{
	int ff = open("/proc/kpageflags", O_RDONLY);

	if (ff < 0)
		die("/proc/kpageflags");
	printf("%#llx\n",
	       (unsigned long long)read_word(ff, pfn, "/proc/kpageflags"));
	return 0;
}

static int unreserved(uint64_t start, uint64_t count)
{
	int ff = open("/proc/kpageflags", O_RDONLY);

	if (ff < 0)
		die("/proc/kpageflags");
	for (uint64_t pfn = start; pfn < start + count; pfn++) {
		if (!(read_word(ff, pfn, "/proc/kpageflags") &
		      (1ULL << KPF_RESERVED))) {
			printf("%llu\n", (unsigned long long)pfn);
			break;
		}
	}
	return 0;
}

/*
 * Each read() of page_owner returns one record: a "Page allocated via"
 * line, a "PFN 0x... type ..." line, the stack.  The file position is the
 * pfn to look from.
 */
static int owner(uint64_t start, uint64_t count)
{
	static char buf[1 << 16];
	unsigned long records = 0, cma = 0;
	long long first = -1;
	int fd = open("/sys/kernel/debug/page_owner", O_RDONLY);

	if (fd < 0)
		die("/sys/kernel/debug/page_owner");
	if (lseek(fd, start, SEEK_SET) < 0)
		die("lseek page_owner");
	for (;;) {
		ssize_t n = read(fd, buf, sizeof(buf) - 1);
		unsigned long long pfn;
		char *p;

		if (n < 0)
			die("read page_owner");
		if (n == 0)
			break;
		buf[n] = 0;
		p = strstr(buf, "\nPFN ");
		if (!p || sscanf(p + 5, "%lli", &pfn) != 1) {
			fprintf(stderr, "pfninfo: no PFN in a record\n");
			return 1;
		}
		if (first < 0)
			first = pfn;
		if (pfn >= start + count)
			break;
		if (pfn < start)
			continue;
		records++;
		cma += !!strstr(buf, "cma_alloc");
	}
	printf("records=%lu cma=%lu first=%#llx\n", records, cma, first);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 4 && !strcmp(argv[1], "flags"))
		return flags(strtoull(argv[2], NULL, 0),
			     strtoull(argv[3], NULL, 0));
	if (argc == 3 && !strcmp(argv[1], "flag"))
		return flag(strtoull(argv[2], NULL, 0));
	if (argc == 4 && !strcmp(argv[1], "unreserved"))
		return unreserved(strtoull(argv[2], NULL, 0),
				  strtoull(argv[3], NULL, 0));
	if (argc == 4 && !strcmp(argv[1], "owner"))
		return owner(strtoull(argv[2], NULL, 0),
			     strtoull(argv[3], NULL, 0));
	fprintf(stderr, "usage: pfninfo flags|unreserved|owner START COUNT | flag PFN\n");
	return 2;
}
