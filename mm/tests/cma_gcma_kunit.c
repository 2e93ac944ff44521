// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of cma_alloc()/cma_release() on a guaranteed CMA area.
 *
 * They run on the default contiguous area and skip unless the kernel was
 * booted with "cma=<size>,guaranteed".  Invariants are checked from outside
 * GCMA: the CMA bitmap, gcma_get_stat() and the page flags must agree.
 */
#include <kunit/test.h>
#include <linux/cma.h>
#include <linux/completion.h>
#include <linux/dma-map-ops.h>
#include <linux/gcma.h>
#include <linux/highmem.h>
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
	KUNIT_EXPECT_EQ(test, stat.nr_free + stat.nr_lent + stat.nr_allocated,
			stat.nr_pages);
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

/* Every bad release is refused and changes nothing. */
static void cma_gcma_test_bad_release(struct kunit *test)
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
	KUNIT_EXPECT_FALSE(test, cma_release(cma, last, 8));
	KUNIT_EXPECT_FALSE(test, cma_release(cma, page, 0));
	if (page_to_pfn(page) + 8 < cma->base_pfn + cma->count &&
	    !test_bit(page_to_pfn(page) + 8 - cma->base_pfn, cma->bitmap))
		KUNIT_EXPECT_FALSE(test, cma_release(cma, page, 9));
	if (!test_bit(cma->count - 1, cma->bitmap))
		KUNIT_EXPECT_FALSE(test, cma_release(cma, last + 3, 1));
	/* a page still referenced elsewhere */
	get_page(page + 2);
	KUNIT_EXPECT_FALSE(test, cma_release(cma, page, 8));
	put_page(page + 2);
	__free_page(foreign);

	KUNIT_EXPECT_EQ(test, cma_kunit_used_pages(cma), used);
	cma_gcma_expect_consistent(test, cma);

	KUNIT_EXPECT_TRUE(test, cma_release(cma, page, 8));
	KUNIT_EXPECT_FALSE(test, cma_release(cma, page, 8));
	KUNIT_EXPECT_EQ(test, cma_kunit_used_pages(cma), used - 8);
	cma_gcma_expect_consistent(test, cma);
}

static void cma_gcma_test_impossible(struct kunit *test)
{
	struct cma *cma = test->priv;
	unsigned long used = cma_kunit_used_pages(cma);

	KUNIT_EXPECT_NULL(test, cma_alloc(cma, 0, 0, true));
	KUNIT_EXPECT_NULL(test, cma_alloc(cma, cma->count + 1, 0, true));
	KUNIT_EXPECT_NULL(test, cma_alloc(cma, ULONG_MAX, 0, true));
	KUNIT_EXPECT_NULL(test, cma_alloc(cma, 1, ilog2(cma->count) + 2,
					  true));
	KUNIT_EXPECT_EQ(test, cma_kunit_used_pages(cma), used);
	cma_gcma_expect_consistent(test, cma);
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

struct cma_gcma_worker {
	struct cma *cma;
	struct completion done;
	u32 seed;
	unsigned long nr_ok;
};

#define CMA_GCMA_HELD 8

static int cma_gcma_worker_fn(void *data)
{
	struct cma_gcma_worker *w = data;
	struct page *held[CMA_GCMA_HELD] = { };
	unsigned long count[CMA_GCMA_HELD] = { };
	struct rnd_state rnd;
	int r, i;

	prandom_seed_state(&rnd, w->seed);
	for (r = 0; r < 1000; r++) {
		i = prandom_u32_state(&rnd) % CMA_GCMA_HELD;
		if (held[i]) {
			cma_release(w->cma, held[i], count[i]);
			held[i] = NULL;
		} else {
			count[i] = 1 + prandom_u32_state(&rnd) % 256;
			held[i] = cma_alloc(w->cma, count[i],
					    prandom_u32_state(&rnd) % 5, true);
			w->nr_ok += !!held[i];
		}
		cond_resched();
	}
	for (i = 0; i < CMA_GCMA_HELD; i++)
		if (held[i])
			cma_release(w->cma, held[i], count[i]);
	complete(&w->done);
	return 0;
}

/* Several kthreads allocate and release random sizes at once. */
static void cma_gcma_test_concurrency(struct kunit *test)
{
	struct cma *cma = test->priv;
	unsigned long used = cma_kunit_used_pages(cma);
	struct cma_gcma_worker *w;
	int i, n = 4;

	w = kunit_kcalloc(test, n, sizeof(*w), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, w);
	for (i = 0; i < n; i++) {
		struct task_struct *task;

		w[i].cma = cma;
		w[i].seed = 0x636d61 + i;
		init_completion(&w[i].done);
		task = kthread_run(cma_gcma_worker_fn, &w[i], "cma_gcma/%d", i);
		if (IS_ERR(task)) {
			KUNIT_FAIL(test, "cannot start worker %d", i);
			n = i;
			break;
		}
	}
	for (i = 0; i < n; i++) {
		wait_for_completion(&w[i].done);
		KUNIT_EXPECT_GT(test, w[i].nr_ok, 0);
	}
	KUNIT_EXPECT_EQ(test, cma_kunit_used_pages(cma), used);
	cma_gcma_expect_consistent(test, cma);
}

static struct kunit_case cma_gcma_test_cases[] = {
	KUNIT_CASE(cma_gcma_test_alloc_release),
	KUNIT_CASE(cma_gcma_test_bad_release),
	KUNIT_CASE(cma_gcma_test_impossible),
	KUNIT_CASE(cma_gcma_test_folio),
	KUNIT_CASE(cma_gcma_test_alloc_contig_range),
	KUNIT_CASE(cma_gcma_test_exhaustion),
	KUNIT_CASE_SLOW(cma_gcma_test_concurrency),
	{}
};

static struct kunit_suite cma_gcma_test_suite = {
	.name = "cma_gcma",
	.init = cma_gcma_test_init,
	.test_cases = cma_gcma_test_cases,
};

kunit_test_suite(cma_gcma_test_suite);

MODULE_DESCRIPTION("KUnit tests for guaranteed CMA areas");
MODULE_LICENSE("GPL");
