// SPDX-License-Identifier: GPL-2.0
/*
 * swapcheck: check that anonymous memory that went to swap and came back
 * holds what was last written to it, never an older version of it.
 *
 * Page P of the region at generation GEN begins with a header naming the
 * run's seed, P and GEN, and the rest of it is derived from the header, so
 * that a wrong page is told by what it holds instead:
 *   page 123: expected gen 3, found gen 2 (stale)
 *   page 40: expected gen 1, found page 977 gen 1 (foreign)
 *   page 7: expected gen 2, found page 7 gen 1 of seed 41 (another run's)
 *   page 9: expected gen 1, found zeros (zero)
 *   page 5: expected gen 1, found page 5 gen 1 changed at byte 2048 (damaged)
 *   page 6: expected gen 1, found no header: 6b 00 12 ... (garbage)
 * A swap copy served after its slot was written again gives stale data; one
 * served after the slot was freed and reused gives foreign data or another
 * run's.
 *
 *   swapcheck run --mib MIB [--passes P] [--rewrite-every K] [--pageout]
 *                 [--seed S] [--compressible] [--counters DIR]
 *                 [--ready FILE --wait FILE | --leave-out] [--huge]
 *                 [--zero-every Z] [--after-pageout CMD]
 *       Map MIB MiB of private anonymous memory and write every page
 *       (generation 1).  Then passes 0 to P (0): pass N > 0 first writes
 *       every K-th page again (K 0: none), the pages with
 *       (page + N) % K == 0, at the next generation, so that each pass
 *       rewrites other pages; with --pageout the whole region is pushed out
 *       to swap (below); then every page is verified, forwards in even
 *       passes and backwards in odd ones, so that under memory pressure
 *       some pages come back soon after they left and others long after.
 *       A pass that finds a wrong page ends the run.
 *       --ready and --wait: after the passes the region is pushed out,
 *       READY created, and the run waits until WAIT exists (the caller
 *       meanwhile does what it tests to the swap device, swapoff say) and
 *       then verifies every page again ("final").
 *       --leave-out: after the passes the region is pushed out and the run
 *       exits with it there, which frees its swap slots.
 *       --compressible: after the header, a 256-byte block repeated, which
 *       zram compresses about tenfold; otherwise a pseudo-random stream,
 *       which nothing compresses.
 *       --huge: the region at a 2 MiB boundary with MADV_HUGEPAGE, so
 *       that its folios are as large as the THP settings allow (else
 *       MADV_NOHUGEPAGE: base pages).
 *       --zero-every Z: at generation GEN, the pages with
 *       (page + GEN) % Z == 0 are all zeroes instead (Z 0: none), which
 *       swap records in its zero map and never writes: each rewrite turns
 *       other pages to zeroes and zero pages back to data.
 *       --after-pageout CMD: after each push-out, run CMD with sh -c,
 *       SWAPCHECK_STEP in its environment naming the step ("pass 1
 *       pageout"); then push out again what is in memory, swap-cache pages
 *       CMD brought in included (zswap's writeback leaves its pages there).
 *       A CMD that fails ends the run (exit status 2).
 *       --counters DIR: after each step, how DIR's swap_* counters (a CMA
 *       area's sysfs directory) changed, with lent_pages.  Each step prints
 *       how /proc/vmstat's pswpin and pswpout changed in any case, and
 *       zswpin, zswpout, zswpwb, swpin_zero, swpout_zero, swap_ra (pages
 *       swap readahead read with the one faulted) and swap_ra_hit (those
 *       then faulted) where the kernel counts them.
 *   swapcheck selftest
 *       Damage pages of a small region in each of the ways above and check
 *       that each is reported as what it is.
 *
 * Pushing the region out is MADV_PAGEOUT, which hands exactly its pages to
 * the reclaimer (shrink_folio_list()).  A page whose write is asynchronous
 * (a disk) stays in the swap cache after the write, unmapped, until reclaim
 * comes by again, and a swap-in until then finds it there and never reads
 * the slot.  So when the writes are done (Writeback in /proc/meminfo), the
 * pages that mincore() still finds in memory are read, which maps their
 * swap-cache pages again, clean, and MADV_PAGEOUT repeated frees those
 * without writing them again.  The run keeps to the CPU it started on, so
 * that the lru_add_drain() of MADV_PAGEOUT finds every page it faulted in.
 *
 * Output: a line per step, then one of how the counters changed in it
 * (before a verify's line, the first few wrong pages it found):
 *   swapcheck: fill: 16384 pages (64 MiB), seed 10, 0.4 s
 *   swapcheck: pass 1 rewrite: 8192 pages, 0.3 s
 *   swapcheck: pass 1 pageout: 16384 pages, 0 left in memory after 2
 *              rounds, 0.9 s                              (one line)
 *   swapcheck: pass 1 verified 16384 pages, 0 mismatches, 1.2 s
 *   swapcheck: pass 1 verify: changes swap_stored=0 swap_loaded=16384
 *              swap_invalidated=0 swap_evicted=0 swap_taken_back=0
 *              pswpin=0 pswpout=0, lent_pages 16384       (one line)
 * Exit status: 0 every page was right, 1 a page was wrong, 2 usage or an
 * error from the system.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "stats.h"

#ifndef MADV_PAGEOUT
#define MADV_PAGEOUT	21
#endif

#define HDR_SIZE	32
#define BLOCK		256		/* repeated in a compressible page */
#define MAX_REPORTS	8		/* wrong pages printed per verify */
#define PAGEOUT_ROUNDS	8
#define WAIT_S		900		/* for --wait's file at most */
#define F_COMPRESSIBLE	1
#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
static const char magic[8] = "GCMASWP1";

struct hdr {
	char magic[8];
	uint32_t seed;
	uint32_t gen;
	uint64_t page;
	uint32_t flags;
	uint32_t check;			/* of the fields above */
};

_Static_assert(sizeof(struct hdr) == HDR_SIZE, "header size");

enum kind {
	STALE, FOREIGN, OTHER_RUN, NEWER, DAMAGED, ZERO, GARBAGE, NR_KINDS
};

static const char * const kind_name[NR_KINDS] = {
	"stale", "foreign", "another run's", "newer", "damaged", "zero",
	"garbage",
};

static struct {
	unsigned long mib;
	long passes, every;
	long zero_every;
	int pageout, leave_out, huge;
	unsigned int seed, flags;
	const char *counters, *ready, *wait, *after_pageout;
} opt = { .seed = 1 };

/* The region: npages pages at base, page i at generation gens[i]. */
static char *base;
static size_t page_size, npages;
static uint32_t *gens;
static char *expect, *found;		/* a page each, for verify() */

static const char * const sys_names[] = {
	"swap_stored", "swap_loaded", "swap_invalidated", "swap_evicted",
	"swap_taken_back",
};

/* those of swap, zswap and the zero map the kernel has; others left out */
static const char * const vm_names[] = {
	"pswpin", "pswpout", "zswpin", "zswpout", "zswpwb", "swpin_zero",
	"swpout_zero", "swap_ra", "swap_ra_hit",
};
#define NR_COUNTERS	(ARRAY_SIZE(sys_names) + ARRAY_SIZE(vm_names))
static long long counters_then[NR_COUNTERS];

static uint64_t mix64(uint64_t x)
{
	x += 0x9e3779b97f4a7c15ULL;
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
	return x ^ (x >> 31);
}

static uint32_t hdr_check(const struct hdr *h)
{
	uint64_t x = h->seed | (uint64_t)h->gen << 32;

	return (uint32_t)mix64(mix64(mix64(x) ^ h->page) ^ h->flags);
}

/* What page @page of a region of run @seed holds at generation @gen. */
static void fill_page(char *p, uint32_t seed, uint64_t page, uint32_t gen,
		      uint32_t flags)
{
	struct hdr h = {
		.seed = seed, .gen = gen, .page = page, .flags = flags,
	};
	size_t off, end, n;
	uint64_t s;

	memcpy(h.magic, magic, sizeof(magic));
	h.check = hdr_check(&h);
	memcpy(p, &h, sizeof(h));
	s = mix64(h.check ^ page ^ (uint64_t)gen << 32) | 1;
	end = flags & F_COMPRESSIBLE ? HDR_SIZE + BLOCK : page_size;
	for (off = HDR_SIZE; off < end; off += sizeof(s)) {
		s ^= s << 13;
		s ^= s >> 7;
		s ^= s << 17;
		memcpy(p + off, &s, sizeof(s));
	}
	for (; off < page_size; off += n) {
		n = page_size - off < BLOCK ? page_size - off : BLOCK;
		memcpy(p + off, p + HDR_SIZE, n);
	}
}

/* Is page @page all zeroes at generation @gen (--zero-every)? */
static int zero_page(uint64_t page, uint32_t gen)
{
	return opt.zero_every && (page + gen) % opt.zero_every == 0;
}

/* What page @i of the region holds at its generation. */
static void expected_page(char *p, size_t i)
{
	if (zero_page(i, gens[i]))
		memset(p, 0, page_size);
	else
		fill_page(p, opt.seed, i, gens[i], opt.flags);
}

static void fill_region_page(size_t i)
{
	expected_page(base + i * page_size, i);
}

static int all_zero(const char *p)
{
	return !p[0] && !memcmp(p, p + 1, page_size - 1);
}

/*
 * What the wrong page @i holds instead of its generation: its kind, and in
 * @what the words to say so.
 */
static enum kind classify(size_t i, const char *p, char *what, size_t len)
{
	struct hdr h;
	size_t off;

	memcpy(&h, p, sizeof(h));
	if (all_zero(p)) {
		snprintf(what, len, "zeros");
		return ZERO;
	}
	if (memcmp(h.magic, magic, sizeof(magic)) || h.check != hdr_check(&h)) {
		const unsigned char *b = (const unsigned char *)p;

		snprintf(what, len,
			 "no header: %02x %02x %02x %02x %02x %02x %02x %02x %02x %02x %02x %02x",
			 b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8],
			 b[9], b[10], b[11]);
		return GARBAGE;
	}
	fill_page(found, h.seed, h.page, h.gen, h.flags);
	if (memcmp(p, found, page_size)) {
		for (off = 0; p[off] == found[off]; off++)
			;
		snprintf(what, len, "page %llu gen %u changed at byte %zu",
			 (unsigned long long)h.page, h.gen, off);
		return DAMAGED;
	}
	if (h.seed != opt.seed || h.flags != opt.flags) {
		snprintf(what, len, "page %llu gen %u of seed %u%s",
			 (unsigned long long)h.page, h.gen, h.seed,
			 h.flags != opt.flags ? " (other pattern)" : "");
		return OTHER_RUN;
	}
	if (h.page != i) {
		snprintf(what, len, "page %llu gen %u",
			 (unsigned long long)h.page, h.gen);
		return FOREIGN;
	}
	snprintf(what, len, "gen %u", h.gen);
	return h.gen < gens[i] ? STALE : NEWER;
}

/*
 * Check every page, backwards if @backwards; count the wrong ones per kind
 * in @kinds and print the first few.  Returns how many were wrong.
 */
static long verify(const char *label, int backwards, long *kinds)
{
	long bad = 0;
	size_t n, i;
	char what[160];
	enum kind k;

	memset(kinds, 0, NR_KINDS * sizeof(*kinds));
	for (n = 0; n < npages; n++) {
		const char *p;

		i = backwards ? npages - 1 - n : n;
		p = base + i * page_size;
		expected_page(expect, i);
		if (!memcmp(p, expect, page_size))
			continue;
		k = classify(i, p, what, sizeof(what));
		kinds[k]++;
		if (bad++ < MAX_REPORTS)
			printf("swapcheck: %s page %zu: expected gen %u, found %s (%s)\n",
			       label, i, gens[i], what, kind_name[k]);
	}
	return bad;
}

static void print_verified(const char *label, long bad, const long *kinds,
			   double t0)
{
	int k;

	printf("swapcheck: %s verified %zu pages, %ld mismatches", label,
	       npages, bad);
	for (k = 0; bad && k < NR_KINDS; k++)
		if (kinds[k])
			printf(", %ld %s", kinds[k], kind_name[k]);
	printf(", %.1f s\n", (now_us() - t0) / 1e6);
}

static long long read_number(const char *path)
{
	long long v = -1;
	FILE *f = fopen(path, "r");

	if (f) {
		if (fscanf(f, "%lld", &v) != 1)
			v = -1;
		fclose(f);
	}
	return v;
}

/* A line "NAME VALUE" of /proc/vmstat, -1 if there is none. */
static long long read_vmstat(const char *name)
{
	char key[64];
	long long v, found_v = -1;
	FILE *f = fopen("/proc/vmstat", "r");

	while (f && fscanf(f, "%63s %lld", key, &v) == 2)
		if (!strcmp(key, name)) {
			found_v = v;
			break;
		}
	if (f)
		fclose(f);
	return found_v;
}

static long long read_sys(const char *name)
{
	char path[512];

	snprintf(path, sizeof(path), "%s/%s", opt.counters, name);
	return read_number(path);
}

static void read_counters(long long *v)
{
	size_t i, n = ARRAY_SIZE(sys_names);

	for (i = 0; i < n; i++)
		v[i] = opt.counters ? read_sys(sys_names[i]) : -1;
	for (i = 0; i < ARRAY_SIZE(vm_names); i++)
		v[n + i] = read_vmstat(vm_names[i]);
}

/* How the counters changed since the last step. */
static void print_changes(const char *step)
{
	long long now[NR_COUNTERS];
	size_t i, n = ARRAY_SIZE(sys_names);

	read_counters(now);
	printf("swapcheck: %s: changes", step);
	for (i = 0; i < NR_COUNTERS; i++) {
		const char *name = i < n ? sys_names[i] : vm_names[i - n];

		if (now[i] >= 0 && counters_then[i] >= 0)
			printf(" %s=%lld", name, now[i] - counters_then[i]);
	}
	if (opt.counters)
		printf(", lent_pages %lld", read_sys("lent_pages"));
	printf("\n");
	memcpy(counters_then, now, sizeof(now));
}

static long meminfo_kb(const char *key)
{
	char line[128];
	size_t len = strlen(key);
	long kb = -1;
	FILE *f = fopen("/proc/meminfo", "r");

	while (f && fgets(line, sizeof(line), f))
		if (!strncmp(line, key, len) && line[len] == ':') {
			kb = strtol(line + len + 1, NULL, 10);
			break;
		}
	if (f)
		fclose(f);
	return kb;
}

/* Pages of the region in memory, mapped or in the swap cache. */
static long resident(unsigned char *vec)
{
	long n = 0;
	size_t i;

	if (mincore(base, npages * page_size, vec)) {
		perror("swapcheck: mincore");
		return -1;
	}
	for (i = 0; i < npages; i++)
		n += vec[i] & 1;
	return n;
}

/* Push the whole region out to swap (see the top of the file). */
static int push_out_region(const char *step)
{
	unsigned char *vec = malloc(npages);
	long left = -1, prev = -1;
	int round, still = 0;
	double t0 = now_us(), t;
	size_t i;

	if (!vec) {
		perror("swapcheck: malloc");
		return -1;
	}
	for (round = 1; ; round++) {
		if (madvise(base, npages * page_size, MADV_PAGEOUT)) {
			perror("swapcheck: madvise(MADV_PAGEOUT)");
			free(vec);
			return -1;
		}
		t = now_us();
		while (meminfo_kb("Writeback") > 0 && now_us() - t < 5e6)
			usleep(10000);
		left = resident(vec);
		if (left <= 0 || round == PAGEOUT_ROUNDS)
			break;
		/* two rounds without progress: what is left stays */
		still = prev >= 0 && left >= prev ? still + 1 : 0;
		if (still == 2)
			break;
		prev = left;
		/* map the swap-cache pages again, for the next round */
		for (i = 0; i < npages; i++)
			if (vec[i] & 1)
				(void)__atomic_load_n(base + i * page_size,
						      __ATOMIC_RELAXED);
	}
	free(vec);
	if (left < 0)
		return -1;
	printf("swapcheck: %s: %zu pages, %ld left in memory after %d rounds, %.1f s\n",
	       step, npages, left, round, (now_us() - t0) / 1e6);
	return 0;
}

/*
 * Push the region out and print how the counters changed; then, with
 * --after-pageout, run its command and push out again ("STEP command",
 * "STEP again").
 */
static int push_out(const char *step)
{
	char again[96];
	int ret;

	if (push_out_region(step))
		return -1;
	print_changes(step);
	if (!opt.after_pageout)
		return 0;
	if (setenv("SWAPCHECK_STEP", step, 1))
		return -1;
	fflush(stdout);
	ret = system(opt.after_pageout);
	if (ret) {
		fprintf(stderr, "swapcheck: %s: '%s' failed (%s %d)\n", step,
			opt.after_pageout,
			ret > 0 && WIFEXITED(ret) ? "exit status" : "status",
			ret > 0 && WIFEXITED(ret) ? WEXITSTATUS(ret) : ret);
		return -1;
	}
	snprintf(again, sizeof(again), "%s command", step);
	print_changes(again);
	snprintf(again, sizeof(again), "%s again", step);
	if (push_out_region(again))
		return -1;
	print_changes(again);
	return 0;
}

/* Keep to this CPU: the per-CPU LRU batches are then all drained here. */
static void keep_to_this_cpu(void)
{
	int cpu = sched_getcpu();
	cpu_set_t set;

	if (cpu < 0)
		return;
	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	sched_setaffinity(0, sizeof(set), &set);
}

static int map_region(size_t pages)
{
	const size_t huge = 2UL << 20;

	npages = pages;
	/* --huge: at a 2 MiB boundary, so that a PMD-sized folio fits */
	base = mmap(NULL, npages * page_size + (opt.huge ? huge : 0),
		    PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (opt.huge && base != MAP_FAILED)
		base = (char *)(((uintptr_t)base + huge - 1) & ~(huge - 1));
	gens = calloc(npages, sizeof(*gens));
	expect = malloc(page_size);
	found = malloc(page_size);
	if (base == MAP_FAILED || !gens || !expect || !found) {
		fprintf(stderr, "swapcheck: cannot map %zu pages: %s\n",
			npages, strerror(errno));
		return -1;
	}
	/*
	 * Base pages only, unless --huge: a large folio goes out and comes
	 * back whole, or is split, as the kernel's THP settings say.
	 */
	if (opt.huge && madvise(base, npages * page_size, MADV_HUGEPAGE)) {
		perror("swapcheck: madvise(MADV_HUGEPAGE)");
		return -1;
	}
	if (!opt.huge)
		madvise(base, npages * page_size, MADV_NOHUGEPAGE);
	return 0;
}

/* Verify one pass and print its lines; returns 1 if a page was wrong. */
static int check_pass(const char *label, int backwards)
{
	long kinds[NR_KINDS], bad;
	double t0 = now_us();
	char step[64];

	bad = verify(label, backwards, kinds);
	print_verified(label, bad, kinds, t0);
	snprintf(step, sizeof(step), "%s verify", label);
	print_changes(step);
	return bad ? 1 : 0;
}

static int wait_for_file(const char *path)
{
	double t0 = now_us();

	while (access(path, F_OK)) {
		if (now_us() - t0 > WAIT_S * 1e6) {
			fprintf(stderr, "swapcheck: %s did not appear in %d s\n",
				path, WAIT_S);
			return -1;
		}
		usleep(50000);
	}
	return 0;
}

static int cmd_run(void)
{
	char label[32], step[64];
	double t0 = now_us();
	long pass;
	size_t i, n;
	FILE *f;

	if (!opt.mib || opt.passes < 0 || opt.every < 0 ||
	    opt.zero_every < 0 || !opt.ready != !opt.wait ||
	    (opt.ready && opt.leave_out)) {
		fprintf(stderr,
			"swapcheck run: --mib > 0, --zero-every >= 0, --ready with --wait, not with --leave-out\n");
		return 2;
	}
	keep_to_this_cpu();
	if (map_region((opt.mib << 20) / page_size))
		return 2;
	read_counters(counters_then);
	for (i = 0; i < npages; i++) {
		gens[i] = 1;
		fill_region_page(i);
	}
	printf("swapcheck: fill: %zu pages (%lu MiB), seed %u, %.1f s\n",
	       npages, opt.mib, opt.seed, (now_us() - t0) / 1e6);
	print_changes("fill");

	for (pass = 0; pass <= opt.passes; pass++) {
		snprintf(label, sizeof(label), "pass %ld", pass);
		if (pass && opt.every) {
			t0 = now_us();
			for (i = 0, n = 0; i < npages; i++) {
				if ((i + pass) % opt.every)
					continue;
				gens[i]++;
				fill_region_page(i);
				n++;
			}
			printf("swapcheck: %s rewrite: %zu pages, %.1f s\n",
			       label, n, (now_us() - t0) / 1e6);
			snprintf(step, sizeof(step), "%s rewrite", label);
			print_changes(step);
		}
		if (opt.pageout) {
			snprintf(step, sizeof(step), "%s pageout", label);
			if (push_out(step))
				return 2;
		}
		if (check_pass(label, pass & 1))
			return 1;
	}

	if (!opt.ready && !opt.leave_out)
		return 0;
	if (push_out("final pageout"))
		return 2;
	if (opt.leave_out) {
		printf("swapcheck: exiting with the region out\n");
		return 0;
	}
	f = fopen(opt.ready, "w");
	if (!f) {
		fprintf(stderr, "swapcheck: %s: %s\n", opt.ready, strerror(errno));
		return 2;
	}
	fprintf(f, "%d\n", getpid());
	fclose(f);
	printf("swapcheck: region out, waiting for %s\n", opt.wait);
	if (wait_for_file(opt.wait))
		return 2;
	read_counters(counters_then);
	return check_pass("final", 0);
}

/*
 * Damage pages of a small region in each way classify() knows, and check
 * that verify() tells each for what it is.
 */
static int cmd_selftest(void)
{
	static const struct {
		size_t page;
		enum kind kind;
	} cases[] = {
		{ 3, STALE }, { 5, FOREIGN }, { 7, ZERO }, { 11, OTHER_RUN },
		{ 13, GARBAGE }, { 17, DAMAGED }, { 19, NEWER },
		{ 23, OTHER_RUN },
	};
	long kinds[NR_KINDS], want[NR_KINDS] = { 0 }, bad;
	uint64_t s = 12345;
	size_t i, off;
	char *p;
	int k, ret = 0;

	if (map_region(32))
		return 2;
	for (i = 0; i < npages; i++) {
		gens[i] = 1 + (i & 1);
		fill_region_page(i);
	}
	bad = verify("selftest clean", 0, kinds);
	if (bad) {
		printf("swapcheck: selftest: %ld mismatches in an intact region\n",
		       bad);
		return 1;
	}
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		p = base + cases[i].page * page_size;
		want[cases[i].kind]++;
		switch (i) {
		case 0:		/* the generation before */
			fill_page(p, opt.seed, 3, gens[3] - 1, opt.flags);
			break;
		case 1:		/* another page of the region */
			memcpy(p, base + 9 * page_size, page_size);
			break;
		case 2:
			memset(p, 0, page_size);
			break;
		case 3:		/* the right page of another run */
			fill_page(p, opt.seed + 1, 11, gens[11], opt.flags);
			break;
		case 4:
			for (off = 0; off < page_size; off += sizeof(s)) {
				s = mix64(s);
				memcpy(p + off, &s, sizeof(s));
			}
			break;
		case 5:
			p[2048] ^= 0x20;
			break;
		case 6:		/* a generation the run never wrote */
			fill_page(p, opt.seed, 19, gens[19] + 1, opt.flags);
			break;
		case 7:		/* the right page in the other pattern */
			fill_page(p, opt.seed, 23, gens[23],
				  opt.flags ^ F_COMPRESSIBLE);
			break;
		}
	}
	bad = verify("selftest damaged", 1, kinds);
	if (bad != (long)ARRAY_SIZE(cases)) {
		printf("swapcheck: selftest: %ld mismatches, not %zu\n", bad,
		       ARRAY_SIZE(cases));
		ret = 1;
	}
	for (k = 0; k < NR_KINDS; k++) {
		if (kinds[k] == want[k])
			continue;
		printf("swapcheck: selftest: %ld pages %s, not %ld\n",
		       kinds[k], kind_name[k], want[k]);
		ret = 1;
	}
	printf("swapcheck: selftest %s\n", ret ? "failed" : "ok");
	return ret;
}

static void __attribute__((noreturn)) help(void)
{
	fprintf(stderr,
		"usage: swapcheck run --mib MIB [--passes P] [--rewrite-every K] [--pageout]\n"
		"                 [--seed S] [--compressible] [--counters DIR]\n"
		"                 [--ready FILE --wait FILE | --leave-out] [--huge]\n"
		"                 [--zero-every Z] [--after-pageout CMD]\n"
		"       swapcheck selftest\n");
	exit(2);
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "mib", required_argument, NULL, 'm' },
		{ "passes", required_argument, NULL, 'p' },
		{ "rewrite-every", required_argument, NULL, 'k' },
		{ "pageout", no_argument, NULL, 'o' },
		{ "seed", required_argument, NULL, 's' },
		{ "compressible", no_argument, NULL, 'z' },
		{ "counters", required_argument, NULL, 'c' },
		{ "ready", required_argument, NULL, 'r' },
		{ "wait", required_argument, NULL, 'w' },
		{ "leave-out", no_argument, NULL, 'l' },
		{ "huge", no_argument, NULL, 'h' },
		{ "zero-every", required_argument, NULL, '0' },
		{ "after-pageout", required_argument, NULL, 'a' },
		{ NULL, 0, NULL, 0 }
	};
	int o;

	while ((o = getopt_long(argc, argv, "m:p:k:os:zc:r:w:lh0:a:", longopts,
				NULL)) != -1) {
		switch (o) {
		case 'm':
			opt.mib = strtoul(optarg, NULL, 0);
			break;
		case 'p':
			opt.passes = strtol(optarg, NULL, 0);
			break;
		case 'k':
			opt.every = strtol(optarg, NULL, 0);
			break;
		case 'o':
			opt.pageout = 1;
			break;
		case 's':
			opt.seed = strtoul(optarg, NULL, 0);
			break;
		case 'z':
			opt.flags |= F_COMPRESSIBLE;
			break;
		case 'c':
			opt.counters = optarg;
			break;
		case 'r':
			opt.ready = optarg;
			break;
		case 'w':
			opt.wait = optarg;
			break;
		case 'l':
			opt.leave_out = 1;
			break;
		case 'h':
			opt.huge = 1;
			break;
		case '0':
			opt.zero_every = strtol(optarg, NULL, 0);
			break;
		case 'a':
			opt.after_pageout = optarg;
			break;
		default:
			help();
		}
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	page_size = sysconf(_SC_PAGESIZE);
	if (optind + 1 != argc)
		help();
	if (!strcmp(argv[optind], "run"))
		return cmd_run();
	if (!strcmp(argv[optind], "selftest"))
		return cmd_selftest();
	help();
}
