// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of cma_alloc()/cma_release() on the default contiguous area.
 *
 * Suite cma_area runs on the area whatever its kind: the refusals of bad
 * releases and impossible requests, and allocating kthreads that tag the
 * pages they hold.  Suite cma_gcma skips unless the kernel was booted with
 * "cma=<size>,guaranteed".  On a guaranteed area invariants are checked
 * from outside GCMA: the CMA bitmap, gcma_get_stat() and the page flags
 * must agree.
 */
#include <kunit/test.h>
#include <linux/cma.h>
#include <linux/completion.h>
#include <linux/dma-map-ops.h>
#include <linux/gcma.h>
#include <linux/highmem.h>
#include <linux/kasan.h>
#include <linux/kthread.h>
#include <linux/mm.h>
#include <linux/page-flags.h>
#include <linux/prandom.h>
#include <linux/sizes.h>

#include "../cma.h"
#include "cma_kunit_util.h"
#include "../internal.h"

/*
 * The CMA bitmap, GCMA's counts and the pages agree: a page is marked in
 * the bitmap exactly when GCMA has it allocated, and then it is not
 * reserved; every other page is reserved and unreferenced.
 */
static void cma_gcma_expect_consistent(struct kunit *test, struct cma *cma)
{
	unsigned long i, nr_marked = 0, nr_bad = 0;
	struct gcma_stat stat;

	KUNIT_ASSERT_EQ(test, cma->order_per_bit, 0);
	spin_lock_irq(&cma->lock);
	gcma_get_stat(cma->gcma, &stat);
	for (i = 0; i < cma->count; i++) {
		struct page *page = pfn_to_page(cma->base_pfn + i);
		bool marked = test_bit(i, cma->bitmap);

		nr_marked += marked;
		if (marked ? PageReserved(page) :
			     !PageReserved(page) || page_ref_count(page))
			nr_bad++;
	}
	spin_unlock_irq(&cma->lock);

	KUNIT_EXPECT_EQ(test, nr_bad, 0);
	KUNIT_EXPECT_EQ(test, stat.nr_pages, cma->count);
	KUNIT_EXPECT_EQ(test, stat.nr_allocated, nr_marked);
	KUNIT_EXPECT_EQ(test, stat.nr_free + stat.nr_lent + stat.nr_allocated +
			stat.nr_bad, stat.nr_pages);
}

/* On a guaranteed area, GCMA agrees; on any area, @used pages are marked. */
static void cma_area_expect_unchanged(struct kunit *test, struct cma *cma,
				      unsigned long used)
{
	KUNIT_EXPECT_EQ(test, cma_kunit_used_pages(cma), used);
	if (cma_is_guaranteed(cma))
		cma_gcma_expect_consistent(test, cma);
}

static int cma_area_test_init(struct kunit *test)
{
	struct cma *cma = dev_get_cma_area(NULL);

	if (!cma || !cma->count || cma->order_per_bit)
		kunit_skip(test, "no default CMA area with one page per bit");
	test->priv = cma;
	return 0;
}

static int cma_gcma_test_init(struct kunit *test)
{
	struct cma *cma = dev_get_cma_area(NULL);

	if (!cma || !cma_is_guaranteed(cma) || !cma->gcma)
		kunit_skip(test, "boot with cma=<size>,guaranteed to run this");
	test->priv = cma;
	cma_gcma_expect_consistent(test, cma);
	return 0;
}

static void cma_gcma_test_alloc_release(struct kunit *test)
{
	struct cma *cma = test->priv;
	unsigned long used = cma_kunit_used_pages(cma);
	struct zone *zone = page_zone(pfn_to_page(cma->base_pfn));
	unsigned int align;
	unsigned long i;

	for (align = 0; align <= 8; align += 2) {
		unsigned long count = 3 + (1UL << align);
		struct page *page = cma_alloc(cma, count, align, false);

		KUNIT_ASSERT_NOT_NULL(test, page);
		KUNIT_EXPECT_EQ(test, page_to_pfn(page) & ((1UL << align) - 1),
				0);
		for (i = 0; i < count; i++) {
			struct page *p = page + i;
			u8 *addr;

			KUNIT_EXPECT_EQ(test, page_ref_count(p), 1);
			KUNIT_EXPECT_FALSE(test, PageReserved(p) || PageLRU(p) ||
					   PageBuddy(p) || PageCompound(p));
			KUNIT_EXPECT_PTR_EQ(test, page_zone(p), zone);
			addr = kmap_local_page(p);
			memset(addr, 0xa5, PAGE_SIZE);
			KUNIT_EXPECT_EQ(test, addr[PAGE_SIZE - 1], 0xa5);
			kunmap_local(addr);
		}
		KUNIT_EXPECT_EQ(test, cma_kunit_used_pages(cma), used + count);
		cma_gcma_expect_consistent(test, cma);
		KUNIT_EXPECT_TRUE(test, cma_release(cma, page, count));
		KUNIT_EXPECT_EQ(test, cma_kunit_used_pages(cma), used);
	}
	cma_gcma_expect_consistent(test, cma);
}

/*
 * Every bad release is refused and changes nothing, on either kind of area.
 * Only pages outside the area make cma_release() return false: those of the
 * area are still the area's when it refuses them, and a caller such as
 * dma_free_contiguous() frees what cma_release() disowns elsewhere.
 */
static void cma_area_test_bad_release(struct kunit *test)
{
	struct cma *cma = test->priv;
	struct page *page, *foreign, *last;
	unsigned long used;

	page = cma_alloc(cma, 8, 0, false);
	KUNIT_ASSERT_NOT_NULL(test, page);
	used = cma_kunit_used_pages(cma);
	last = pfn_to_page(cma->base_pfn + cma->count - 4);
	foreign = alloc_page(GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, foreign);

	KUNIT_EXPECT_FALSE(test, cma_release(cma, foreign, 1));
	KUNIT_EXPECT_TRUE(test, cma_release(cma, last, 8));
	KUNIT_EXPECT_TRUE(test, cma_release(cma, page, 0));
	if (page_to_pfn(page) + 8 < cma->base_pfn + cma->count &&
	    !test_bit(page_to_pfn(page) + 8 - cma->base_pfn, cma->bitmap))
		KUNIT_EXPECT_TRUE(test, cma_release(cma, page, 9));
	if (!test_bit(cma->count - 1, cma->bitmap))
		KUNIT_EXPECT_TRUE(test, cma_release(cma, last + 3, 1));
	/* GCMA also refuses a page still referenced elsewhere */
	if (cma_is_guaranteed(cma)) {
		get_page(page + 2);
		KUNIT_EXPECT_TRUE(test, cma_release(cma, page, 8));
		KUNIT_EXPECT_EQ(test, page_ref_count(page + 2), 2);
		put_page(page + 2);
	}
	__free_page(foreign);
	cma_area_expect_unchanged(test, cma, used);

	KUNIT_EXPECT_TRUE(test, cma_release(cma, page, 8));
	used -= 8;
	cma_area_expect_unchanged(test, cma, used);
	/* twice, in part, and straddling the range's end */
	KUNIT_EXPECT_TRUE(test, cma_release(cma, page, 8));
	KUNIT_EXPECT_TRUE(test, cma_release(cma, page + 4, 2));
	cma_area_expect_unchanged(test, cma, used);
	page = cma_alloc(cma, 8, 0, false);
	KUNIT_ASSERT_NOT_NULL(test, page);
	if (page_to_pfn(page) > cma->base_pfn &&
	    !test_bit(page_to_pfn(page) - 1 - cma->base_pfn, cma->bitmap))
		KUNIT_EXPECT_TRUE(test, cma_release(cma, page - 1, 8));
	cma_area_expect_unchanged(test, cma, used + 8);
	KUNIT_EXPECT_TRUE(test, cma_release(cma, page, 8));
	cma_area_expect_unchanged(test, cma, used);
}

/*
 * cma_release() runs in any context: hugetlb frees gigantic folios where
 * it may not sleep.  A release, and a refused one, must leave interrupts
 * as they were.
 */
static void cma_area_test_release_irqs_off(struct kunit *test)
{
	struct cma *cma = test->priv;
	unsigned long used = cma_kunit_used_pages(cma);
	bool released, refused, off;
	unsigned long flags;
	struct page *page;

	page = cma_alloc(cma, 16, 0, false);
	KUNIT_ASSERT_NOT_NULL(test, page);
	local_irq_save(flags);
	released = cma_release(cma, page, 16);
	refused = cma_release(cma, page, 16);
	off = irqs_disabled();
	local_irq_restore(flags);
	KUNIT_EXPECT_TRUE(test, released);
	KUNIT_EXPECT_TRUE(test, refused);
	KUNIT_EXPECT_TRUE_MSG(test, off, "cma_release() enabled interrupts");
	cma_area_expect_unchanged(test, cma, used);
}

/*
 * dma_free_contiguous() gives the page allocator what cma_release() says
 * is not the area's.  A second free of a range is refused by the area and
 * must end there: none of its pages may reach the page allocator, which
 * would hand out pages the area still owns (and, on a stock area, take a
 * page's reference count below zero).
 */
static void cma_area_test_double_dma_free(struct kunit *test)
{
	struct cma *cma = test->priv;
	unsigned long used = cma_kunit_used_pages(cma);
	unsigned long i, pfn, nr_wrong = 0;
	size_t size = 16 * PAGE_SIZE;
	struct device *dev;
	struct page *page;

	dev = kunit_kzalloc(test, sizeof(*dev), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, dev);
	set_dev_node(dev, NUMA_NO_NODE);
	page = dma_alloc_contiguous(dev, size, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, page);
	if (!cma_pages_valid(cma, page, 16)) {
		dma_free_contiguous(dev, page, size);
		kunit_skip(test, "the pages came from another area");
	}
	pfn = page_to_pfn(page);
	dma_free_contiguous(dev, page, size);
	cma_area_expect_unchanged(test, cma, used);

	dma_free_contiguous(dev, page, size);
	cma_area_expect_unchanged(test, cma, used);
	/* a guaranteed area's free pages never enter the page allocator */
	for (i = 0; cma_is_guaranteed(cma) && i < 16; i++) {
		struct page *p = pfn_to_page(pfn + i);

		nr_wrong += PageBuddy(p) || !PageReserved(p) ||
			    page_ref_count(p);
	}
	KUNIT_EXPECT_EQ(test, nr_wrong, 0);
}

static void cma_area_test_impossible(struct kunit *test)
{
	struct cma *cma = test->priv;
	unsigned long used = cma_kunit_used_pages(cma);

	KUNIT_EXPECT_NULL(test, cma_alloc(cma, 0, 0, true));
	KUNIT_EXPECT_NULL(test, cma_alloc(cma, cma->count + 1, 0, true));
	KUNIT_EXPECT_NULL(test, cma_alloc(cma, ULONG_MAX, 0, true));
	KUNIT_EXPECT_NULL(test, cma_alloc(cma, 1, ilog2(cma->count) + 2,
					  true));
	cma_area_expect_unchanged(test, cma, used);
}

static void cma_gcma_test_folio(struct kunit *test)
{
	struct cma *cma = test->priv;
	unsigned long used = cma_kunit_used_pages(cma);
	struct folio *folio;

	folio = cma_alloc_folio(cma, 5, GFP_KERNEL | __GFP_COMP);
	KUNIT_ASSERT_NOT_NULL(test, folio);
	KUNIT_EXPECT_EQ(test, folio_order(folio), 5);
	KUNIT_EXPECT_EQ(test, folio_ref_count(folio), 1);
	KUNIT_EXPECT_EQ(test, folio_pfn(folio) & 31, 0);
	KUNIT_EXPECT_PTR_EQ(test, page_folio(folio_page(folio, 31)), folio);
	KUNIT_EXPECT_TRUE(test, cma_free_folio(cma, folio));
	KUNIT_EXPECT_EQ(test, cma_kunit_used_pages(cma), used);
	cma_gcma_expect_consistent(test, cma);
}

/* How many of @count pages from @page hold anything but zeroes? */
static unsigned long cma_gcma_nonzero_pages(struct page *page,
					    unsigned long count)
{
	unsigned long i, nr = 0;

	/* free pages are poisoned for KASAN; reading them is the point */
	kasan_disable_current();
	for (i = 0; i < count; i++) {
		void *addr = kmap_local_page(page + i);

		nr += !!memchr_inv(addr, 0, PAGE_SIZE);
		kunmap_local(addr);
	}
	kasan_enable_current();
	return nr;
}

static void cma_gcma_fill(struct page *page, unsigned long count)
{
	unsigned long i;

	for (i = 0; i < count; i++) {
		void *addr = kmap_local_page(page + i);

		memset(addr, 0x5a, PAGE_SIZE);
		kunmap_local(addr);
	}
}

/*
 * init_on_free clears pages as they go back to the area, init_on_alloc
 * as they are handed out, as the page allocator does: no caller sees what
 * another left.  Boots with either option run this case.
 */
static void cma_gcma_test_init_on_free_alloc(struct kunit *test)
{
	struct cma *cma = test->priv;
	bool on_free = want_init_on_free();
	bool on_alloc = want_init_on_alloc(GFP_KERNEL);
	struct page *page, *again;

	if (!on_free && !on_alloc)
		kunit_skip(test, "boot with init_on_free=1 or init_on_alloc=1");
	page = cma_alloc(cma, 64, 0, false);
	KUNIT_ASSERT_NOT_NULL(test, page);
	cma_gcma_fill(page, 64);
	KUNIT_ASSERT_TRUE(test, cma_release(cma, page, 64));
	if (on_free)
		KUNIT_EXPECT_EQ(test, cma_gcma_nonzero_pages(page, 64), 0);

	/* first fit: the same pages come back, cleared on one side or both */
	again = cma_alloc(cma, 64, 0, false);
	KUNIT_ASSERT_NOT_NULL(test, again);
	KUNIT_EXPECT_PTR_EQ(test, again, page);
	KUNIT_EXPECT_EQ(test, cma_gcma_nonzero_pages(again, 64), 0);
	KUNIT_EXPECT_TRUE(test, cma_release(cma, again, 64));
	cma_gcma_expect_consistent(test, cma);
}

/* The page allocator's contiguous allocator must not take area pages. */
static void cma_gcma_test_alloc_contig_range(struct kunit *test)
{
	struct cma *cma = test->priv;
	unsigned long start = ALIGN(cma->base_pfn, pageblock_nr_pages);
	unsigned long end = start + pageblock_nr_pages;
	unsigned long used = cma_kunit_used_pages(cma);
	gfp_t gfp = GFP_KERNEL | __GFP_NOWARN;

	KUNIT_ASSERT_LE(test, end, cma->base_pfn + cma->count);
	KUNIT_EXPECT_NE(test, alloc_contig_range(start, end, MIGRATE_CMA, gfp),
			0);
	KUNIT_EXPECT_NE(test, alloc_contig_range(start, end, MIGRATE_MOVABLE,
						 gfp), 0);
	KUNIT_EXPECT_EQ(test, cma_kunit_used_pages(cma), used);
	cma_gcma_expect_consistent(test, cma);
}

/* Take the area to exhaustion in 1 MiB chunks, then give it all back. */
static void cma_gcma_test_exhaustion(struct kunit *test)
{
	struct cma *cma = test->priv;
	unsigned long chunk = SZ_1M >> PAGE_SHIFT;
	unsigned long used = cma_kunit_used_pages(cma);
	unsigned long n = 0, max = cma->count / chunk;
	struct page **pages;

	pages = kunit_kcalloc(test, max + 1, sizeof(*pages), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, pages);
	while (n <= max && (pages[n] = cma_alloc(cma, chunk, 0, true)))
		n++;
	/* each run of pages held by others costs at most one chunk more */
	KUNIT_EXPECT_GE(test, n + 2 * DIV_ROUND_UP(used, chunk) + 1, max);
	KUNIT_EXPECT_LE(test, n, max);
	KUNIT_EXPECT_NULL(test, cma_alloc(cma, chunk, 0, true));
	cma_gcma_expect_consistent(test, cma);
	while (n--)
		KUNIT_EXPECT_TRUE(test, cma_release(cma, pages[n], chunk));
	KUNIT_EXPECT_EQ(test, cma_kunit_used_pages(cma), used);

	pages[0] = cma_alloc(cma, chunk, 0, false);
	KUNIT_EXPECT_NOT_NULL(test, pages[0]);
	if (pages[0])
		KUNIT_EXPECT_TRUE(test, cma_release(cma, pages[0], chunk));
	cma_gcma_expect_consistent(test, cma);
}

struct cma_area_worker {
	struct cma *cma;
	struct completion done;
	u32 id;
	unsigned long max_count;	/* pages per range */
	unsigned long nr_ok;
	unsigned long nr_fail;		/* allocations that failed */
	unsigned long nr_refused;	/* releases that failed */
	unsigned long nr_stolen;	/* pages whose tag changed */
};

#define CMA_AREA_HELD 8
#define CMA_AREA_WORKERS 4
#define CMA_AREA_MAX_ALIGN 4

static void cma_area_worker_release(struct cma_area_worker *w,
				    struct page *page, unsigned long count,
				    u32 serial)
{
	w->nr_stolen += cma_kunit_tags_differ(page, count, w->id, serial);
	/* a refusal would also leave the range's bits set: see the end */
	w->nr_refused += !cma_release(w->cma, page, count);
}

/*
 * Allocate and release random sizes, keeping up to CMA_AREA_HELD ranges,
 * each tagged with (worker, serial) in every page until it is released.
 */
static int cma_area_worker_fn(void *data)
{
	struct cma_area_worker *w = data;
	struct page *held[CMA_AREA_HELD] = { };
	unsigned long count[CMA_AREA_HELD] = { };
	u32 serial[CMA_AREA_HELD] = { };
	struct rnd_state rnd;
	int r, i;

	prandom_seed_state(&rnd, 0x636d61 + w->id);
	for (r = 0; r < 1000; r++) {
		i = prandom_u32_state(&rnd) % CMA_AREA_HELD;
		if (held[i]) {
			cma_area_worker_release(w, held[i], count[i],
						serial[i]);
			held[i] = NULL;
		} else {
			count[i] = 1 + prandom_u32_state(&rnd) % w->max_count;
			held[i] = cma_alloc(w->cma, count[i],
					    prandom_u32_state(&rnd) %
					    (CMA_AREA_MAX_ALIGN + 1), true);
			if (!held[i]) {
				w->nr_fail++;
				continue;
			}
			w->nr_ok++;
			serial[i] = r;
			cma_kunit_tag_pages(held[i], count[i], w->id, r);
		}
		cond_resched();
	}
	for (i = 0; i < CMA_AREA_HELD; i++)
		if (held[i])
			cma_area_worker_release(w, held[i], count[i],
						serial[i]);
	complete(&w->done);
	return 0;
}

/*
 * Several kthreads allocate and release random sizes at once.  Their
 * ranges are sized so that all of them together hold at most a quarter of
 * what the area had free: no allocation may fail, no release may be
 * refused, and no page may be handed to two holders.
 */
static void cma_area_test_concurrency(struct kunit *test)
{
	struct cma *cma = test->priv;
	unsigned long used = cma_kunit_used_pages(cma);
	unsigned long max_count;
	struct cma_area_worker *w;
	int i, n = CMA_AREA_WORKERS;

	max_count = (cma->count - used) /
		    (4 * CMA_AREA_WORKERS * CMA_AREA_HELD) -
		    (1UL << CMA_AREA_MAX_ALIGN);
	max_count = min(max_count, 256UL);
	if ((long)max_count < 16)
		kunit_skip(test, "area too small or too full");
	w = kunit_kcalloc(test, n, sizeof(*w), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, w);
	for (i = 0; i < n; i++) {
		struct task_struct *task;

		w[i].cma = cma;
		w[i].id = i + 1;
		w[i].max_count = max_count;
		init_completion(&w[i].done);
		task = kthread_run(cma_area_worker_fn, &w[i], "cma_area/%d", i);
		if (IS_ERR(task)) {
			KUNIT_FAIL(test, "cannot start worker %d", i);
			n = i;
			break;
		}
	}
	for (i = 0; i < n; i++) {
		wait_for_completion(&w[i].done);
		KUNIT_EXPECT_GT(test, w[i].nr_ok, 0);
		KUNIT_EXPECT_EQ(test, w[i].nr_fail, 0);
		KUNIT_EXPECT_EQ(test, w[i].nr_refused, 0);
		KUNIT_EXPECT_EQ(test, w[i].nr_stolen, 0);
	}
	cma_area_expect_unchanged(test, cma, used);
}

static struct kunit_case cma_area_test_cases[] = {
	KUNIT_CASE(cma_area_test_bad_release),
	KUNIT_CASE(cma_area_test_release_irqs_off),
	KUNIT_CASE(cma_area_test_double_dma_free),
	KUNIT_CASE(cma_area_test_impossible),
	KUNIT_CASE_SLOW(cma_area_test_concurrency),
	{}
};

static struct kunit_suite cma_area_test_suite = {
	.name = "cma_area",
	.init = cma_area_test_init,
	.test_cases = cma_area_test_cases,
};

static struct kunit_case cma_gcma_test_cases[] = {
	KUNIT_CASE(cma_gcma_test_alloc_release),
	KUNIT_CASE(cma_gcma_test_folio),
	KUNIT_CASE(cma_gcma_test_init_on_free_alloc),
	KUNIT_CASE(cma_gcma_test_alloc_contig_range),
	KUNIT_CASE(cma_gcma_test_exhaustion),
	{}
};

static struct kunit_suite cma_gcma_test_suite = {
	.name = "cma_gcma",
	.init = cma_gcma_test_init,
	.test_cases = cma_gcma_test_cases,
};

kunit_test_suites(&cma_area_test_suite, &cma_gcma_test_suite);

MODULE_DESCRIPTION("KUnit tests for guaranteed CMA areas");
MODULE_LICENSE("GPL");
