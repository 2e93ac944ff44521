// SPDX-License-Identifier: GPL-2.0
/*
 * anon-cycle: cycle through an anonymous working set, the workload that a
 * guaranteed area keeping copies of swapped-out pages is for.
 *
 * Maps MIB of anonymous memory (private, no huge pages), fills every page
 * (its own pattern, never all zeroes, which swap would only note in its
 * zero map), then cycles through it page by page, pass after pass, until
 * SIGTERM.  Each touch reads the page (three words: the first, the
 * second, the last) and checks what it reads; one page in WRITE_EVERY
 * (-w, 8; 0 never, 1 every page) is then also written (its second word,
 * a counter of its writes), the page written moving on by one each pass,
 * so that every page is written once every WRITE_EVERY passes.
 *
 * Why mostly reads: the benchmark sizes the set to fit in a stock guest
 * and not beside a guaranteed area, so that there its pages keep going
 * to the swap device and back.  A page only read after its swap-in stays
 * in the swap cache with its slot (while less than half the swap is in
 * use), is dropped again unwritten when reclaimed, and its next swap-in
 * finds the slot's data, and the area's copy of it, unchanged: the case
 * of most swapped-in pages on a device.  A written page is dirty: reclaim
 * writes it to its slot again (pswpout), and the area drops its copy and
 * keeps the new one.  (A write fault, a write with no read before it,
 * would free the slot instead and drop the copy; this load always reads
 * first.)  The checks catch a swap-in that returned anything but the
 * page's last contents: "bad" counts them, each is written to stderr
 * (the first few), and the exit status is 1.
 *
 * Every SAMPLE_EVERY-th touch (-S, 7: a prime, not in step with swap
 * readahead's windows of 2^n pages) is timed and classified: mincore()
 * on the page first, then CLOCK_MONOTONIC around the read of its first
 * word.  A page that mincore() did not report resident (not mapped, nor
 * uptodate in the swap cache) is a major fault: its touch waits for the
 * page to be read, from the device or from the area; a page readahead
 * brought in is resident.  Only those touches go into the major-fault
 * latencies, a histogram of 32 buckets per power of two of nanoseconds
 * (bucket b < 32 holds b ns; above, b = 32 * (e + 1) + m for
 * [(32 + m) << e, (33 + m) << e) ns), under 1.6 % from the middle of a
 * bucket to any value in it.  The kernel's own count of this process's
 * major faults (getrusage(), a swap-in that found no page in the swap
 * cache) is kept beside it.
 *
 * -o random: each touch picks a page at random instead (xorshift, a fixed
 * seed), a pass being as many touches as the set has pages: where the
 * sequential cycle swaps in every page each pass once the set does not
 * fit (the page reclaim evicts is the one touched longest ago, the next
 * one to be touched), random touches fault about as often as the set
 * overflows memory.  -O pages the whole set out (MADV_PAGEOUT) after each
 * pass, so that a set that fits in memory still goes through swap (the
 * smoke of make check).
 *
 * After whole passes it prints a line (stdout, read by the benchmark when
 * it stops the load): after each pass until the load is ready, then after
 * the pass that ends a second or more after the last line, for all the
 * passes since (a set that fits in memory makes many a second):
 *   pass=N passes=K warm=0|1 mib=MIB seconds=S mib_per_s=X sampled=N
 *   majors=N [major_p50_us=A major_p99_us=B] majflt=N pswpin=N pswpout=N
 *   bad=N [loaded=L lent_min=A lent_mean=B lent_max=C]
 * N: the last pass, K: how many the line covers.  pswpin/pswpout:
 * /proc/vmstat's change over them (pages, the whole guest); loaded:
 * swap-ins the area served (-a AREA: /sys/kernel/mm/cma/AREA/swap_loaded),
 * lent_*: its lent pages sampled meanwhile.  Every -i MSEC (500) the
 * lent pages are also appended to -s FILE as "UPTIME LENT_PAGES", as
 * reread-files does.
 *
 * -f FILE holds the totals so far on one line, rewritten (a new file
 * renamed over it) every 100 ms and after each pass, for the benchmark to
 * read around whatever window it times:
 *   uptime=U passes=N touches=N bytes=B sampled=N majors=N major_sum_ns=N
 *   majflt=N bad=N hist=BUCKET:COUNT,...
 *
 * -r FILE is created (see load.h and passes.h) once at least MIN_PASSES
 * whole passes ran after the fill (-P, 2) and the last one's throughput
 * is within TOL_PCT (-T, 15) of the one before, or after MAX_PASSES
 * (-M, 6) whatever the throughput.  -p keeps "PASSES BYTES SECONDS" (bytes
 * touched, the fill left out).  On exit it prints the totals.
 *
 *   anon-cycle -m MIB [-w WRITE_EVERY] [-S SAMPLE_EVERY] [-o seq|random]
 *              [-O] [-P MIN_PASSES] [-M MAX_PASSES] [-T TOL_PCT] [-a AREA]
 *              [-s SAMPLES_FILE] [-i MSEC] [-f STAT_FILE]
 *              [-r READY_FILE] [-n NICE] [-p PROGRESS_FILE]
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "passes.h"

#ifndef MADV_PAGEOUT
#define MADV_PAGEOUT 21
#endif

#define NR_BUCKETS (32 * 64)
#define MAX_BAD_SHOWN 10

/* The totals, and one pass's own. */
struct faults {
	unsigned long long sampled, majors, sum_ns;
	unsigned long long hist[NR_BUCKETS];
};

static unsigned int bucket_of(uint64_t ns)
{
	unsigned int e;

	if (ns < 32)
		return ns;
	e = 63 - __builtin_clzll(ns) - 5;
	return 32 * (e + 1) + ((ns >> e) - 32);
}

/* The middle of bucket @b, in ns. */
static double bucket_mid(unsigned int b)
{
	unsigned int e, m;

	if (b < 32)
		return b;
	e = b / 32 - 1;
	m = b % 32 + 32;
	return ((double)((uint64_t)m << e) + (double)((uint64_t)(m + 1) << e)) / 2;
}

/* The @p-th quantile (nearest rank, as stats.h) of @f's majors, in us. */
static double faults_pct(const struct faults *f, double p)
{
	unsigned long long rank = (unsigned long long)(p * f->majors + 0.999999);
	unsigned long long seen = 0;
	unsigned int b;

	if (!rank)
		rank = 1;
	for (b = 0; b < NR_BUCKETS; b++) {
		seen += f->hist[b];
		if (seen >= rank)
			return bucket_mid(b) / 1e3;
	}
	return 0;
}

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

/* The kernel's count of this process's major faults. */
static long majflt_now(void)
{
	struct rusage ru;

	return getrusage(RUSAGE_SELF, &ru) ? -1 : ru.ru_majflt;
}

/* pswpin and pswpout of /proc/vmstat; -1 where they cannot be read. */
static void vmstat_swap(long long *in, long long *out)
{
	char key[64];
	long long v;
	FILE *f;

	*in = *out = -1;
	f = fopen("/proc/vmstat", "r");
	if (!f)
		return;
	while (fscanf(f, "%63s %lld", key, &v) == 2) {
		if (!strcmp(key, "pswpin"))
			*in = v;
		else if (!strcmp(key, "pswpout"))
			*out = v;
	}
	fclose(f);
}

/* What a page holds: its tag in the first word, ~tag in the last. */
static uint64_t page_tag(size_t i)
{
	return (i + 1) * 0x9e3779b97f4a7c15ULL;
}

static const char *stat_path;
static unsigned long long bad;

/* The passes of one line: where their counters started, their samples. */
struct pass {
	uint64_t t0_ns;
	long passes;
	unsigned long long bytes;
	long majflt0;
	long long pswpin0, pswpout0;
	struct lent lent;
	struct faults f;
};

static void pass_start(const struct passes *ps, struct pass *p)
{
	memset(p, 0, sizeof(*p));
	p->t0_ns = now_ns();
	p->majflt0 = majflt_now();
	lent_start(ps, &p->lent);
	vmstat_swap(&p->pswpin0, &p->pswpout0);
}

/* Print the line of the passes up to @nr, which just ended. */
static void pass_end(const struct passes *ps, struct pass *p, long nr,
		     int warm, unsigned long long bad0)
{
	double secs = (now_ns() - p->t0_ns) / 1e9;
	long majflt;
	long long in, out;

	lent_end(ps, &p->lent);
	majflt = majflt_now();
	vmstat_swap(&in, &out);
	printf("pass=%ld passes=%ld warm=%d mib=%llu seconds=%.2f mib_per_s=%.1f sampled=%llu majors=%llu",
	       nr, p->passes, warm, p->bytes >> 20, secs,
	       secs > 0 ? p->bytes / 1048576.0 / secs : 0, p->f.sampled, p->f.majors);
	if (p->f.majors)
		printf(" major_p50_us=%.1f major_p99_us=%.1f", faults_pct(&p->f, 0.5),
		       faults_pct(&p->f, 0.99));
	printf(" majflt=%ld pswpin=%lld pswpout=%lld bad=%llu", majflt - p->majflt0,
	       in - p->pswpin0, out - p->pswpout0, bad - bad0);
	lent_print(&p->lent);
	printf("\n");
	fflush(stdout);
}

/* Rewrite the stat file with the totals (a new file renamed over it). */
static void stat_write(long passes, unsigned long long touches, long page,
		       long majflt0, const struct faults *f)
{
	const char *sep = "";
	char tmp[512];
	unsigned int b;
	FILE *s;

	if (!stat_path)
		return;
	snprintf(tmp, sizeof(tmp), "%s.new", stat_path);
	s = fopen(tmp, "w");
	if (!s) {
		perror(tmp);
		return;
	}
	fprintf(s, "uptime=%.3f passes=%ld touches=%llu bytes=%llu sampled=%llu majors=%llu "
		"major_sum_ns=%llu majflt=%ld bad=%llu hist=", uptime_s(), passes, touches,
		touches * page, f->sampled, f->majors, f->sum_ns, majflt_now() - majflt0, bad);
	for (b = 0; b < NR_BUCKETS; b++) {
		if (!f->hist[b])
			continue;
		fprintf(s, "%s%u:%llu", sep, b, f->hist[b]);
		sep = ",";
	}
	fprintf(s, "\n");
	if (fclose(s) || rename(tmp, stat_path))
		perror(stat_path);
}

/* Check page @i of @base, which must hold generation @gen. */
static void check_page(const uint64_t *w, size_t i, long words, uint32_t gen)
{
	uint64_t tag = page_tag(i);

	if (w[0] == tag && w[1] == gen && w[words - 1] == ~tag)
		return;
	if (bad++ < MAX_BAD_SHOWN)
		fprintf(stderr,
			"anon-cycle: page %zu holds %#llx %#llx ... %#llx, not %#llx %#x ... %#llx\n",
			i, (unsigned long long)w[0], (unsigned long long)w[1],
			(unsigned long long)w[words - 1], (unsigned long long)tag, gen,
			(unsigned long long)~tag);
}

int main(int argc, char **argv)
{
	struct passes ps = {
		.name = "anon-cycle",
		.min_passes = 2, .max_passes = 6, .tol_pct = 15, .every_ms = 500,
	};
	long page = sysconf(_SC_PAGESIZE), words = page / 8;
	long write_every = 8, sample_every = 7, passes = 0, majflt0;
	int opt, random_order = 0, pageout = 0, warm;
	unsigned long long touches = 0, bad0;
	uint64_t t0, pass_t0, now, last_stat = 0;
	uint64_t rng = 0x2545f4914f6cdd1dULL;
	struct faults *total;
	double rate;
	size_t mib = 0, npages, i, t;
	struct pass *p;
	uint32_t *gen;
	char *base;

	while ((opt = getopt(argc, argv, "m:w:S:o:Of:" PASSES_OPTS)) != -1) {
		switch (opt) {
		case 'm':
			mib = strtoul(optarg, NULL, 0);
			break;
		case 'w':
			write_every = atol(optarg);
			break;
		case 'S':
			sample_every = atol(optarg);
			break;
		case 'o':
			if (!strcmp(optarg, "random"))
				random_order = 1;
			else if (strcmp(optarg, "seq"))
				goto usage;
			break;
		case 'O':
			pageout = 1;
			break;
		case 'f':
			stat_path = optarg;
			break;
		default:
			if (!passes_option(&ps, opt, optarg))
				goto usage;
		}
	}
	if (optind != argc || !mib || write_every < 0 || sample_every < 1 ||
	    !passes_valid(&ps))
		goto usage;
	npages = (mib << 20) / page;
	p = calloc(1, sizeof(*p));
	total = calloc(1, sizeof(*total));
	gen = calloc(npages, sizeof(*gen));
	if (!p || !total || !gen) {
		perror("anon-cycle");
		return 1;
	}
	if (passes_init(&ps, "swap_loaded"))
		return 1;

	base = mmap(NULL, npages * page, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (base == MAP_FAILED) {
		perror("anon-cycle: mmap");
		return 1;
	}
	/* 4 KiB pages: a huge page would go to swap and back as one */
	madvise(base, npages * page, MADV_NOHUGEPAGE);

	/* the fill: every word of every page, so that no page is all zeroes */
	t0 = now_ns();
	majflt0 = majflt_now();
	for (i = 0; i < npages && !load_stopped; i++) {
		uint64_t *w = (uint64_t *)(base + i * page), tag = page_tag(i);
		long k;

		w[0] = tag;
		w[1] = 0;
		for (k = 2; k < words - 1; k++)
			w[k] = tag ^ k;
		w[words - 1] = ~tag;
	}
	printf("fill mib=%zu seconds=%.2f\n", mib, (now_ns() - t0) / 1e9);
	fflush(stdout);
	if (pageout && madvise(base, npages * page, MADV_PAGEOUT))
		perror("anon-cycle: MADV_PAGEOUT");

	t0 = pass_t0 = now_ns();
	warm = passes_warming(&ps);
	bad0 = bad;
	pass_start(&ps, p);
	t = 0;
	while (!load_stopped) {
		/* volatile: each touch is a load, the timed one between the clocks */
		volatile uint64_t *w;
		uint64_t a, b;
		int write;

		if (random_order) {
			rng ^= rng << 13;
			rng ^= rng >> 7;
			rng ^= rng << 17;
			i = rng % npages;
		} else {
			i = t;
		}
		w = (volatile uint64_t *)(base + i * page);
		write = write_every && (t + passes) % write_every == 0;
		if (t % sample_every == 0) {
			unsigned char vec = 1;

			if (mincore((void *)w, page, &vec) && errno != ENOMEM)
				perror("anon-cycle: mincore");
			a = now_ns();
			(void)w[0];
			b = now_ns();
			total->sampled++;
			p->f.sampled++;
			if (!(vec & 1)) {
				unsigned int k = bucket_of(b - a);

				total->majors++;
				total->sum_ns += b - a;
				total->hist[k]++;
				p->f.majors++;
				p->f.hist[k]++;
			}
			lent_tick(&ps, &p->lent, b / 1e6);
			if ((b - last_stat) / 1000000 >= 100) {
				stat_write(passes, touches, page, majflt0, total);
				last_stat = b;
			}
		}
		check_page((const uint64_t *)w, i, words, gen[i]);
		if (write)
			w[1] = ++gen[i];
		touches++;
		p->bytes += page;
		if (++t % 256 == 0)
			progress_write(ps.progress_fd, passes, touches * page, t0 / 1e3);
		if (t < npages)
			continue;
		t = 0;
		now = now_ns();
		rate = (double)npages * page / 1048576.0 / ((now - pass_t0) / 1e9);
		pass_t0 = now;
		passes++;
		p->passes++;
		passes_done(&ps, passes, touches * page, t0 / 1e3, rate);
		if (warm || now - p->t0_ns >= 1000000000ULL) {
			pass_end(&ps, p, passes, warm, bad0);
			bad0 = bad;
			pass_start(&ps, p);
		}
		warm = passes_warming(&ps);
		if (pageout && madvise(base, npages * page, MADV_PAGEOUT))
			perror("anon-cycle: MADV_PAGEOUT");
		stat_write(passes, touches, page, majflt0, total);
	}
	stat_write(passes, touches, page, majflt0, total);
	t0 = now_ns() - t0;
	printf("anon-cycle: passes=%ld mib=%llu seconds=%.1f mib_per_s=%.1f sampled=%llu majors=%llu",
	       passes, (touches * page) >> 20, t0 / 1e9,
	       t0 ? (touches * page) / 1048576.0 / (t0 / 1e9) : 0, total->sampled, total->majors);
	if (total->majors)
		printf(" major_p50_us=%.1f major_p99_us=%.1f", faults_pct(total, 0.5),
		       faults_pct(total, 0.99));
	printf(" majflt=%ld bad=%llu\n", majflt_now() - majflt0, bad);
	return bad ? 1 : 0;
usage:
	fprintf(stderr,
		"usage: anon-cycle -m MIB [-w WRITE_EVERY] [-S SAMPLE_EVERY] [-o seq|random]\n"
		"                  [-O] [-P MIN_PASSES] [-M MAX_PASSES] [-T TOL_PCT] [-a AREA]\n"
		"                  [-s SAMPLES_FILE] [-i MSEC] [-f STAT_FILE]\n"
		"                  [-r READY_FILE] [-n NICE] [-p PROGRESS_FILE]\n");
	return 2;
}
