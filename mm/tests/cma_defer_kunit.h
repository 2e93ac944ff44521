/* SPDX-License-Identifier: GPL-2.0 */
/*
 * KUnit tests for CMA defer-free, included at the end of mm/cma_defer.c.
 *
 * They run on the default CMA area, stock or guaranteed, with the area's
 * cache emptied and its limit set for each case, and restore the limit
 * after.  The init_on_free case needs a boot with init_on_free=1.
 */
#ifndef __MM_TESTS_CMA_DEFER_KUNIT_H__
#define __MM_TESTS_CMA_DEFER_KUNIT_H__

#include <kunit/test.h>
#include <linux/completion.h>
#include <linux/delay.h>
#include <linux/dma-map-ops.h>
#include <linux/gcma.h>
#include <linux/kthread.h>
#include <linux/prandom.h>
#include <linux/sched.h>

#include "cma_kunit_util.h"

static unsigned long cma_defer_test_saved_max;

static int cma_defer_test_init(struct kunit *test)
{
	struct cma *cma = dev_get_cma_area(NULL);

	if (!cma || !cma->count || cma->order_per_bit)
		kunit_skip(test, "no default CMA area with one page per bit");
	cma_defer_test_saved_max = READ_ONCE(cma_defer_of(cma)->max_pages);
	KUNIT_ASSERT_EQ(test, cma_defer_set_max(cma, 0), 0);
	KUNIT_ASSERT_EQ(test, cma_defer_set_max(cma, cma->count), 0);
	test->priv = cma;
	return 0;
}

/*
 * An area of a test's own, for what the default area cannot show: a small
 * guaranteed area over pages from the page allocator, in the last slot of
 * cma_areas[] (past cma_area_count, so no one else walks it), with
 * 1 << @order_per_bit pages per bit.  cma_defer_test_exit() takes it down.
 */
static struct cma *cma_defer_test_area;

static struct cma *cma_defer_test_area_make(struct kunit *test,
					    unsigned long nr_pages,
					    unsigned int order_per_bit)
{
	struct cma *cma = &cma_areas[MAX_CMA_AREAS - 1];
	struct page *page;

	if (!IS_ENABLED(CONFIG_GCMA))
		kunit_skip(test, "needs CONFIG_GCMA for an area of its own");
	if (cma_area_count >= MAX_CMA_AREAS)
		kunit_skip(test, "no free slot in cma_areas[]");
	page = alloc_contig_pages(nr_pages, GFP_KERNEL | __GFP_NOWARN,
				  numa_mem_id(), NULL);
	if (!page)
		kunit_skip(test, "no free range of %lu pages", nr_pages);
	memset(cma, 0, sizeof(*cma));
	memset(cma_defer_of(cma), 0, sizeof(struct cma_defer));
	cma->base_pfn = page_to_pfn(page);
	cma->count = nr_pages;
	cma->order_per_bit = order_per_bit;
	cma->guaranteed = true;
	strscpy(cma->name, "defer-test", CMA_MAX_NAME);
	spin_lock_init(&cma->lock);
	cma->bitmap = bitmap_zalloc(cma_bitmap_maxno(cma), GFP_KERNEL);
	cma->gcma = gcma_create(cma->name, cma->base_pfn, nr_pages);
	if (!cma->bitmap || !cma->gcma) {
		if (cma->gcma)
			gcma_destroy(cma->gcma);
		bitmap_free(cma->bitmap);
		free_contig_range(cma->base_pfn, nr_pages);
		memset(cma, 0, sizeof(*cma));
		KUNIT_FAIL_AND_ABORT(test, "cannot make a test area");
	}
	cma_defer_test_area = cma;
	return cma;
}

static void cma_defer_test_area_take_down(struct kunit *test)
{
	struct cma *cma = cma_defer_test_area;
	struct cma_defer *d = cma_defer_of(cma);

	cma_defer_test_area = NULL;
	cma_defer_set_max(cma, 0);
	/* the shrinker may be giving one of its ranges back */
	wait_var_event(&d->nr_returning, !READ_ONCE(d->nr_returning));
	KUNIT_EXPECT_EQ(test, d->nr_pages, 0);
	KUNIT_EXPECT_EQ(test, d->nr_returning, 0);
	KUNIT_EXPECT_EQ(test, d->nr_retrying, 0);
	KUNIT_EXPECT_EQ(test, cma_kunit_used_pages(cma), 0);
	if (gcma_destroy(cma->gcma))
		KUNIT_FAIL(test, "test area still has allocated pages");
	else
		free_contig_range(cma->base_pfn, cma->count);
	bitmap_free(cma->bitmap);
	memset(cma, 0, sizeof(*cma));
	memset(d, 0, sizeof(*d));
}

static void cma_defer_test_exit(struct kunit *test)
{
	struct cma *cma = test->priv;

	if (cma_defer_test_area)
		cma_defer_test_area_take_down(test);
	if (!cma)
		return;
	cma_defer_set_max(cma, 0);
	KUNIT_EXPECT_EQ(test, cma_defer_of(cma)->nr_pages, 0);
	cma_defer_set_max(cma, cma_defer_test_saved_max);
}

/* Release for good, bypassing the cache. */
static void cma_defer_test_release(struct kunit *test, struct cma *cma,
				   struct page *page, unsigned long count)
{
	unsigned long max = cma_defer_of(cma)->max_pages;

	cma_defer_set_max(cma, 0);
	KUNIT_EXPECT_TRUE(test, cma_release(cma, page, count));
	cma_defer_set_max(cma, max);
}

static void cma_defer_test_hit_miss(struct kunit *test)
{
	struct cma *cma = test->priv;
	struct cma_defer *d = cma_defer_of(cma);
	unsigned long used = cma_kunit_used_pages(cma);
	unsigned long hits = d->nr_hits, misses = d->nr_misses;
	struct page *page, *again;

	page = cma_alloc(cma, 256, 0, false);
	KUNIT_ASSERT_NOT_NULL(test, page);
	KUNIT_EXPECT_EQ(test, d->nr_misses, misses + 1);
	KUNIT_EXPECT_TRUE(test, cma_release(cma, page, 256));
	/* cached: still allocated, not in the page allocator */
	KUNIT_EXPECT_EQ(test, d->nr_pages, 256);
	KUNIT_EXPECT_EQ(test, cma_kunit_used_pages(cma), used + 256);
	KUNIT_EXPECT_EQ(test, page_ref_count(page), 1);

	again = cma_alloc(cma, 256, 0, false);
	KUNIT_EXPECT_PTR_EQ(test, again, page);
	KUNIT_EXPECT_EQ(test, d->nr_hits, hits + 1);
	KUNIT_EXPECT_EQ(test, d->nr_pages, 0);
	cma_defer_test_release(test, cma, again, 256);
	KUNIT_EXPECT_EQ(test, cma_kunit_used_pages(cma), used);
}

/*
 * A cached range keeps its bitmap bits and its references.  Releasing it
 * again, in part, or together with pages the caller still holds must be
 * refused like any double release (cma_release() still returns true: the
 * pages are the area's), whether or not the cache has room, and must
 * change nothing: the range is then handed out once, not twice.
 */
static void cma_defer_test_double_release(struct kunit *test)
{
	struct cma *cma = test->priv;
	struct cma_defer *d = cma_defer_of(cma);
	unsigned long used = cma_kunit_used_pages(cma);
	struct page *page, *again, *other;

	page = cma_alloc(cma, 128, 0, false);
	KUNIT_ASSERT_NOT_NULL(test, page);
	/* the first half cached, the second half still the caller's */
	KUNIT_ASSERT_TRUE(test, cma_release(cma, page, 64));
	KUNIT_ASSERT_EQ(test, d->nr_pages, 64);

	KUNIT_EXPECT_TRUE(test, cma_release(cma, page, 64));
	KUNIT_EXPECT_TRUE(test, cma_release(cma, page + 16, 16));
	KUNIT_EXPECT_TRUE(test, cma_release(cma, page + 32, 64));
	KUNIT_EXPECT_TRUE(test, cma_release(cma, page, 128));
	KUNIT_EXPECT_EQ(test, d->nr_pages, 64);
	KUNIT_EXPECT_EQ(test, cma_kunit_used_pages(cma), used + 128);

	/* a full cache must not free it either */
	KUNIT_ASSERT_EQ(test, cma_defer_set_max(cma, 64), 0);
	KUNIT_EXPECT_TRUE(test, cma_release(cma, page, 64));
	KUNIT_EXPECT_TRUE(test, cma_release(cma, page + 63, 2));
	KUNIT_EXPECT_EQ(test, d->nr_pages, 64);
	KUNIT_EXPECT_EQ(test, cma_kunit_used_pages(cma), used + 128);

	again = cma_alloc(cma, 64, 0, false);
	other = cma_alloc(cma, 64, 0, false);
	KUNIT_EXPECT_PTR_EQ(test, again, page);
	KUNIT_ASSERT_NOT_NULL(test, other);
	KUNIT_EXPECT_PTR_NE(test, other, page);
	KUNIT_EXPECT_EQ(test, d->nr_pages, 0);

	cma_defer_test_release(test, cma, page, 128);
	cma_defer_test_release(test, cma, other, 64);
	KUNIT_EXPECT_EQ(test, cma_kunit_used_pages(cma), used);
}

static void cma_defer_test_exact_fit_first(struct kunit *test)
{
	struct cma *cma = test->priv;
	unsigned long used = cma_kunit_used_pages(cma);
	struct page *small, *big, *x, *y;

	small = cma_alloc(cma, 64, 0, false);
	big = cma_alloc(cma, 128, 0, false);
	KUNIT_ASSERT_NOT_NULL(test, small);
	KUNIT_ASSERT_NOT_NULL(test, big);
	KUNIT_EXPECT_TRUE(test, cma_release(cma, big, 128));
	KUNIT_EXPECT_TRUE(test, cma_release(cma, small, 64));

	/* the exact fit wins over the larger, older range */
	x = cma_alloc(cma, 64, 0, false);
	KUNIT_EXPECT_PTR_EQ(test, x, small);
	/* no exact fit: the larger range is split, the rest given back */
	y = cma_alloc(cma, 32, 0, false);
	KUNIT_ASSERT_NOT_NULL(test, y);
	KUNIT_EXPECT_GE(test, page_to_pfn(y), page_to_pfn(big));
	KUNIT_EXPECT_LE(test, page_to_pfn(y) + 32, page_to_pfn(big) + 128);
	KUNIT_EXPECT_EQ(test, cma_defer_of(cma)->nr_pages, 0);
	KUNIT_EXPECT_EQ(test, cma_kunit_used_pages(cma), used + 64 + 32);

	cma_defer_test_release(test, cma, x, 64);
	cma_defer_test_release(test, cma, y, 32);
	KUNIT_EXPECT_EQ(test, cma_kunit_used_pages(cma), used);
}

static void cma_defer_test_alignment(struct kunit *test)
{
	struct cma *cma = test->priv;
	struct cma_defer *d = cma_defer_of(cma);
	unsigned long used = cma_kunit_used_pages(cma);
	struct page *page, *aligned, *split;
	unsigned long pfn, hits;

	/* cache 64 pages at an odd pfn, give the rest of the range back */
	page = cma_alloc(cma, 128, 7, false);
	KUNIT_ASSERT_NOT_NULL(test, page);
	pfn = page_to_pfn(page);
	cma_defer_test_release(test, cma, page, 1);
	cma_defer_test_release(test, cma, page + 65, 63);
	KUNIT_EXPECT_TRUE(test, cma_release(cma, page + 1, 64));
	KUNIT_EXPECT_EQ(test, d->nr_pages, 64);

	/* 64 pages aligned to 64 cannot come from it: a miss */
	hits = d->nr_hits;
	aligned = cma_alloc(cma, 64, 6, false);
	KUNIT_ASSERT_NOT_NULL(test, aligned);
	KUNIT_EXPECT_EQ(test, page_to_pfn(aligned) & 63, 0);
	KUNIT_EXPECT_EQ(test, d->nr_hits, hits);
	KUNIT_EXPECT_EQ(test, d->nr_pages, 64);

	/* 32 pages aligned to 8 can, from pfn + 8 */
	split = cma_alloc(cma, 32, 3, false);
	KUNIT_ASSERT_NOT_NULL(test, split);
	KUNIT_EXPECT_EQ(test, page_to_pfn(split), pfn + 8);
	KUNIT_EXPECT_EQ(test, d->nr_hits, hits + 1);

	cma_defer_test_release(test, cma, aligned, 64);
	cma_defer_test_release(test, cma, split, 32);
	KUNIT_EXPECT_EQ(test, cma_kunit_used_pages(cma), used);
}

/*
 * The area full of cached ranges, none of which fits: the allocation must
 * still succeed, as it would have without the cache.
 */
static void cma_defer_test_never_worse(struct kunit *test)
{
	struct cma *cma = test->priv;
	struct cma_defer *d = cma_defer_of(cma);
	unsigned long chunk = 256, n = 0, i, drained;
	unsigned long used = cma_kunit_used_pages(cma);
	struct page **pages, *page;

	pages = kunit_kcalloc(test, cma->count / chunk, sizeof(*pages),
			      GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, pages);
	while (n < cma->count / chunk &&
	       (pages[n] = cma_alloc(cma, chunk, 0, true)))
		n++;
	KUNIT_ASSERT_GE(test, n, 2);
	for (i = 0; i < n; i++)
		KUNIT_EXPECT_TRUE(test, cma_release(cma, pages[i], chunk));
	KUNIT_EXPECT_EQ(test, d->nr_pages, n * chunk);

	drained = d->nr_drained;
	page = cma_alloc(cma, 2 * chunk, 0, false);
	KUNIT_EXPECT_NOT_NULL(test, page);
	KUNIT_EXPECT_EQ(test, d->nr_drained, drained + n * chunk);
	KUNIT_EXPECT_EQ(test, d->nr_pages, 0);
	if (page)
		cma_defer_test_release(test, cma, page, 2 * chunk);
	KUNIT_EXPECT_EQ(test, cma_kunit_used_pages(cma), used);
}

/* Cache four ranges of @count pages, oldest first in @pages. */
static void cma_defer_test_cache4(struct kunit *test, struct cma *cma,
				  struct page **pages, unsigned long count)
{
	int i;

	for (i = 0; i < 4; i++) {
		pages[i] = cma_alloc(cma, count, 0, false);
		KUNIT_ASSERT_NOT_NULL(test, pages[i]);
	}
	for (i = 0; i < 4; i++)
		KUNIT_ASSERT_TRUE(test, cma_release(cma, pages[i], count));
	KUNIT_ASSERT_EQ(test, cma_defer_of(cma)->nr_pages, 4 * count);
}

static void cma_defer_test_shrinker(struct kunit *test)
{
	struct cma *cma = test->priv;
	struct cma_defer *d = cma_defer_of(cma);
	struct shrink_control sc = { .gfp_mask = GFP_KERNEL };
	unsigned long used = cma_kunit_used_pages(cma);
	unsigned long shrunk = d->nr_shrunk;
	struct page *pages[4];

	cma_defer_test_cache4(test, cma, pages, 64);
	KUNIT_EXPECT_EQ(test, cma_defer_count_objects(NULL, &sc), 256);

	/* whole ranges, oldest first, until at least nr_to_scan pages */
	sc.nr_to_scan = 100;
	KUNIT_EXPECT_EQ(test, cma_defer_scan_objects(NULL, &sc), 128);
	KUNIT_EXPECT_EQ(test, cma_defer_count_objects(NULL, &sc), 128);
	KUNIT_EXPECT_EQ(test, d->nr_shrunk, shrunk + 128);
	KUNIT_EXPECT_EQ(test, cma_kunit_used_pages(cma), used + 128);
	KUNIT_EXPECT_FALSE(test, test_bit(page_to_pfn(pages[0]) -
					  cma->base_pfn, cma->bitmap));

	/* the newest two are still there */
	KUNIT_EXPECT_PTR_EQ(test, cma_alloc(cma, 64, 0, false), pages[2]);
	KUNIT_EXPECT_PTR_EQ(test, cma_alloc(cma, 64, 0, false), pages[3]);
	KUNIT_EXPECT_EQ(test, cma_defer_count_objects(NULL, &sc),
			SHRINK_EMPTY);
	KUNIT_EXPECT_EQ(test, cma_defer_scan_objects(NULL, &sc), SHRINK_STOP);
	cma_defer_test_release(test, cma, pages[2], 64);
	cma_defer_test_release(test, cma, pages[3], 64);
	KUNIT_EXPECT_EQ(test, cma_kunit_used_pages(cma), used);
}

static void cma_defer_test_limit(struct kunit *test)
{
	struct cma *cma = test->priv;
	struct cma_defer *d = cma_defer_of(cma);
	unsigned long used = cma_kunit_used_pages(cma);
	struct page *pages[4], *page;

	cma_defer_test_cache4(test, cma, pages, 64);
	/* lowering the limit gives the oldest back at once */
	KUNIT_EXPECT_EQ(test, cma_defer_set_max(cma, 128), 0);
	KUNIT_EXPECT_EQ(test, d->nr_pages, 128);
	KUNIT_EXPECT_EQ(test, cma_kunit_used_pages(cma), used + 128);
	KUNIT_EXPECT_TRUE(test, test_bit(page_to_pfn(pages[3]) -
					 cma->base_pfn, cma->bitmap));

	/* over the limit: released for good */
	page = cma_alloc(cma, 128, 0, false);
	KUNIT_ASSERT_NOT_NULL(test, page);
	KUNIT_EXPECT_TRUE(test, cma_release(cma, page, 128));
	KUNIT_EXPECT_EQ(test, d->nr_pages, 128);
	KUNIT_EXPECT_EQ(test, cma_kunit_used_pages(cma), used + 128);

	/* 0 turns it off and empties it; nothing is kept after */
	KUNIT_EXPECT_EQ(test, cma_defer_set_max(cma, 0), 0);
	KUNIT_EXPECT_EQ(test, d->nr_pages, 0);
	page = cma_alloc(cma, 64, 0, false);
	KUNIT_ASSERT_NOT_NULL(test, page);
	KUNIT_EXPECT_TRUE(test, cma_release(cma, page, 64));
	KUNIT_EXPECT_EQ(test, d->nr_pages, 0);
	KUNIT_EXPECT_EQ(test, cma_kunit_used_pages(cma), used);

	/* on again */
	KUNIT_EXPECT_EQ(test, cma_defer_set_max(cma, 64), 0);
	page = cma_alloc(cma, 64, 0, false);
	KUNIT_ASSERT_NOT_NULL(test, page);
	KUNIT_EXPECT_TRUE(test, cma_release(cma, page, 64));
	KUNIT_EXPECT_EQ(test, d->nr_pages, 64);
}

static void cma_defer_test_bad_values(struct kunit *test)
{
	static const char * const bad[] = {
		"", "abc", "-1", "12x", "0x", "1.5",
		"99999999999999999999999999",
	};
	struct cma *cma = test->priv;
	char big[32];
	int i;

	KUNIT_ASSERT_EQ(test, cma_defer_parse_max(cma, "77\n"), 0);
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		KUNIT_EXPECT_EQ_MSG(test, cma_defer_parse_max(cma, bad[i]),
				    -EINVAL, "value \"%s\"", bad[i]);
		KUNIT_EXPECT_EQ(test, cma_defer_of(cma)->max_pages, 77);
	}
	snprintf(big, sizeof(big), "%lu", cma->count + 1);
	KUNIT_EXPECT_EQ(test, cma_defer_parse_max(cma, big), -EINVAL);
	KUNIT_EXPECT_EQ(test, cma_defer_of(cma)->max_pages, 77);
}

static void cma_defer_test_init_on_free(struct kunit *test)
{
	struct cma *cma = test->priv;
	struct page *page, *again;
	unsigned long i;
	u8 *addr;

	if (!want_init_on_free() && !want_init_on_alloc(GFP_KERNEL))
		kunit_skip(test, "boot with init_on_free=1 to run this");
	page = cma_alloc(cma, 16, 0, false);
	KUNIT_ASSERT_NOT_NULL(test, page);
	for (i = 0; i < 16; i++) {
		addr = kmap_local_page(page + i);
		memset(addr, 0xa5, PAGE_SIZE);
		kunmap_local(addr);
	}
	KUNIT_EXPECT_TRUE(test, cma_release(cma, page, 16));
	again = cma_alloc(cma, 16, 0, false);
	KUNIT_ASSERT_PTR_EQ(test, again, page);
	for (i = 0; i < 16; i++) {
		addr = kmap_local_page(page + i);
		KUNIT_EXPECT_TRUE(test, !memchr_inv(addr, 0, PAGE_SIZE));
		kunmap_local(addr);
	}
	cma_defer_test_release(test, cma, page, 16);
}

/* The cache answers the same whatever the interrupts: they stay off. */
static void cma_defer_test_release_irqs_off(struct kunit *test)
{
	struct cma *cma = test->priv;
	struct cma_defer *d = cma_defer_of(cma);
	unsigned long used = cma_kunit_used_pages(cma), flags;
	bool kept, freed, refused, off;
	struct page *a, *b;

	KUNIT_ASSERT_EQ(test, cma_defer_set_max(cma, 16), 0);
	a = cma_alloc(cma, 16, 0, false);
	b = cma_alloc(cma, 16, 0, false);
	KUNIT_ASSERT_NOT_NULL(test, a);
	KUNIT_ASSERT_NOT_NULL(test, b);
	local_irq_save(flags);
	kept = cma_release(cma, a, 16);		/* into the cache */
	freed = cma_release(cma, b, 16);	/* the cache is full */
	refused = cma_release(cma, a, 16);	/* a is cached: double */
	off = irqs_disabled();
	local_irq_restore(flags);
	KUNIT_EXPECT_TRUE(test, kept);
	KUNIT_EXPECT_TRUE(test, freed);
	KUNIT_EXPECT_TRUE(test, refused);
	KUNIT_EXPECT_TRUE_MSG(test, off, "cma_release() enabled interrupts");
	KUNIT_EXPECT_EQ(test, d->nr_pages, 16);
	KUNIT_EXPECT_EQ(test, cma_kunit_used_pages(cma), used + 16);
}

/*
 * dma_free_contiguous() twice on a range the cache holds: the second is
 * refused, and the range stays cached, allocated, out of the page
 * allocator.  It would otherwise be freed there while the cache still
 * holds it, and handed out twice.
 */
static void cma_defer_test_double_dma_free(struct kunit *test)
{
	struct cma *cma = test->priv;
	struct cma_defer *d = cma_defer_of(cma);
	unsigned long used = cma_kunit_used_pages(cma);
	unsigned long i, nr_wrong = 0;
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
	dma_free_contiguous(dev, page, size);
	KUNIT_ASSERT_EQ(test, d->nr_pages, 16);

	dma_free_contiguous(dev, page, size);
	KUNIT_EXPECT_EQ(test, d->nr_pages, 16);
	KUNIT_EXPECT_EQ(test, cma_kunit_used_pages(cma), used + 16);
	for (i = 0; i < 16; i++)
		nr_wrong += PageBuddy(page + i) || page_ref_count(page + i) != 1;
	KUNIT_EXPECT_EQ(test, nr_wrong, 0);
	/* and it is handed out once */
	KUNIT_EXPECT_PTR_EQ(test, cma_alloc(cma, 16, 0, false), page);
	KUNIT_EXPECT_EQ(test, d->nr_pages, 0);
	cma_defer_test_release(test, cma, page, 16);
	KUNIT_EXPECT_EQ(test, cma_kunit_used_pages(cma), used);
}

/* Are the bits of the granules that [@pfn, @pfn + @count) touches set? */
static bool cma_defer_test_marked(struct cma *cma, unsigned long pfn,
				  unsigned long count)
{
	unsigned long start = (pfn - cma->base_pfn) >> cma->order_per_bit;
	unsigned long end = start + (ALIGN(count, 1UL << cma->order_per_bit) >>
				     cma->order_per_bit);

	return find_next_zero_bit(cma->bitmap, end, start) >= end;
}

/*
 * With two pages per bit, a split must give back whole granules only: a
 * request of 3 pages from a cached 8 would give back pages 3-7, clearing
 * the bit that pages 2 and 3 share, and page 2 would be handed out again.
 * Such a request takes an exact fit or a free range; one of whole granules
 * splits the range on a granule.  No page is handed out twice.
 */
static void cma_defer_test_granules(struct kunit *test)
{
	struct cma *cma = cma_defer_test_area_make(test, 64, 1);
	struct cma_defer *d = cma_defer_of(cma);
	unsigned long base = cma->base_pfn, nr_twice = 0, i;
	DECLARE_BITMAP(seen, 64) = { };
	struct page *a, *b, *c, *p, *ones[32];
	unsigned int nr_ones = 0;

	KUNIT_ASSERT_EQ(test, cma_defer_set_max(cma, 64), 0);
	a = cma_alloc(cma, 8, 0, false);
	KUNIT_ASSERT_PTR_EQ(test, a, pfn_to_page(base));
	KUNIT_ASSERT_TRUE(test, cma_release(cma, a, 8));
	KUNIT_ASSERT_EQ(test, d->nr_pages, 8);

	b = cma_alloc(cma, 3, 0, false);
	KUNIT_ASSERT_NOT_NULL(test, b);
	KUNIT_EXPECT_GE(test, page_to_pfn(b), base + 8);
	KUNIT_EXPECT_TRUE(test, cma_defer_test_marked(cma, page_to_pfn(b), 3));
	KUNIT_EXPECT_EQ(test, d->nr_pages, 8);

	c = cma_alloc(cma, 4, 0, false);
	KUNIT_EXPECT_PTR_EQ(test, c, a);
	KUNIT_EXPECT_TRUE(test, cma_defer_test_marked(cma, base, 4));
	KUNIT_EXPECT_FALSE(test, test_bit(2, cma->bitmap));
	KUNIT_EXPECT_FALSE(test, test_bit(3, cma->bitmap));
	KUNIT_EXPECT_EQ(test, d->nr_pages, 0);

	/* every other page of the area, one at a time: none of b's or c's */
	bitmap_set(seen, page_to_pfn(b) - base, 3);
	bitmap_set(seen, page_to_pfn(c) - base, 4);
	KUNIT_ASSERT_EQ(test, cma_defer_set_max(cma, 0), 0);
	while (nr_ones < ARRAY_SIZE(ones) &&
	       (p = cma_alloc(cma, 1, 0, true))) {
		ones[nr_ones++] = p;
		i = page_to_pfn(p) - base;
		nr_twice += test_bit(i, seen);
		__set_bit(i, seen);
	}
	KUNIT_EXPECT_EQ(test, nr_twice, 0);
	/* 32 granules: 2 for b, 2 for c, one each for the others */
	KUNIT_EXPECT_EQ(test, nr_ones, 28);
	while (nr_ones--)
		KUNIT_EXPECT_TRUE(test, cma_release(cma, ones[nr_ones], 1));
	KUNIT_EXPECT_TRUE(test, cma_release(cma, b, 3));
	KUNIT_EXPECT_TRUE(test, cma_release(cma, c, 4));
}

/*
 * An allocation that retries after draining the cache must see every
 * range that would be free without defer-free: a release that comes in
 * meanwhile is freed, not cached.
 */
static void cma_defer_test_drain_window(struct kunit *test)
{
	struct cma *cma = test->priv;
	struct cma_defer *d = cma_defer_of(cma);
	unsigned long used = cma_kunit_used_pages(cma);
	struct page *x, *y;

	x = cma_alloc(cma, 16, 0, false);
	y = cma_alloc(cma, 16, 0, false);
	KUNIT_ASSERT_NOT_NULL(test, x);
	KUNIT_ASSERT_NOT_NULL(test, y);
	KUNIT_ASSERT_TRUE(test, cma_release(cma, y, 16));
	KUNIT_ASSERT_EQ(test, d->nr_pages, 16);

	/* what cma_alloc() does when it finds no free range */
	KUNIT_ASSERT_TRUE(test, cma_defer_drain(cma));
	KUNIT_EXPECT_EQ(test, d->nr_pages, 0);
	KUNIT_EXPECT_TRUE(test, cma_release(cma, x, 16));
	KUNIT_EXPECT_EQ(test, d->nr_pages, 0);
	KUNIT_EXPECT_EQ(test, cma_kunit_used_pages(cma), used);
	cma_defer_drain_end(cma);

	/* and once the retry is over, released ranges are cached again */
	x = cma_alloc(cma, 16, 0, false);
	KUNIT_ASSERT_NOT_NULL(test, x);
	KUNIT_EXPECT_TRUE(test, cma_release(cma, x, 16));
	KUNIT_EXPECT_EQ(test, d->nr_pages, 16);
}

struct cma_defer_test_waiter {
	struct cma *cma;
	struct completion done;
	struct page *page;
};

static int cma_defer_test_waiter_fn(void *data)
{
	struct cma_defer_test_waiter *w = data;

	w->page = cma_alloc(w->cma, w->cma->count, 0, true);
	complete(&w->done);
	return 0;
}

/*
 * The shrinker takes ranges off the cache, then gives them back outside
 * its lock.  An allocation that needs them meanwhile finds the cache empty
 * and no free range: it must wait for them, not fail.
 */
static void cma_defer_test_drain_waits(struct kunit *test)
{
	struct cma *cma = cma_defer_test_area_make(test, 64, 0);
	struct cma_defer_test_waiter w = { .cma = cma };
	struct task_struct *task;
	unsigned long flags;
	struct page *page;
	LIST_HEAD(list);
	int i;

	KUNIT_ASSERT_EQ(test, cma_defer_set_max(cma, 64), 0);
	page = cma_alloc(cma, 64, 0, false);
	KUNIT_ASSERT_NOT_NULL(test, page);
	KUNIT_ASSERT_TRUE(test, cma_release(cma, page, 64));

	/* the first half of cma_defer_scan_objects() */
	spin_lock_irqsave(&cma_defer_lock, flags);
	KUNIT_EXPECT_EQ(test, cma_defer_trim(cma, 0, &list), 64);
	spin_unlock_irqrestore(&cma_defer_lock, flags);

	init_completion(&w.done);
	task = kthread_create(cma_defer_test_waiter_fn, &w, "cma_defer_wait");
	if (IS_ERR(task)) {
		cma_defer_give_back_list(&list);
		KUNIT_FAIL_AND_ABORT(test, "cannot start the allocation");
	}
	get_task_struct(task);
	wake_up_process(task);
	/* until it is done, or asleep waiting for the range */
	for (i = 0; i < 250 && !completion_done(&w.done); i++) {
		if (READ_ONCE(task->__state) & TASK_UNINTERRUPTIBLE)
			break;
		msleep(20);
	}
	KUNIT_EXPECT_FALSE_MSG(test, completion_done(&w.done),
			       "the allocation ended before the range was back: %p",
			       w.page);
	/* the second half */
	cma_defer_give_back_list(&list);
	if (!wait_for_completion_timeout(&w.done, 30 * HZ)) {
		KUNIT_FAIL(test, "the allocation still waits 30 s after the range came back");
		wake_up_var(&cma_defer_of(cma)->nr_returning);
		wait_for_completion(&w.done);
	}
	put_task_struct(task);
	KUNIT_EXPECT_PTR_EQ(test, w.page, page);
	if (w.page)
		cma_defer_test_release(test, cma, w.page, 64);
}

struct cma_defer_test_worker {
	struct cma *cma;
	struct completion done;
	u32 id;
	bool shrink;
	unsigned long nr_ok;
	unsigned long nr_fail;		/* allocations that failed */
	unsigned long nr_refused;	/* releases that failed */
	unsigned long nr_stolen;	/* pages whose owner tag changed */
};

static void cma_defer_test_worker_release(struct cma_defer_test_worker *w,
					  struct page *page,
					  unsigned long count, u32 serial)
{
	w->nr_stolen += cma_kunit_tags_differ(page, count, w->id, serial);
	w->nr_refused += !cma_release(w->cma, page, count);
}

/*
 * Allocate and release, through the cache, ranges tagged with (worker,
 * serial) in every page until they are released; or, for the shrinking
 * worker, give cached ranges back as the shrinker does.
 */
static int cma_defer_test_worker_fn(void *data)
{
	struct cma_defer_test_worker *w = data;
	struct shrink_control sc = { .gfp_mask = GFP_KERNEL,
				     .nr_to_scan = 128 };
	struct page *held[4] = { };
	unsigned long count[4] = { };
	u32 serial[4] = { };
	struct rnd_state rnd;
	int r, i;

	prandom_seed_state(&rnd, 0x64656665 + w->id);
	for (r = 0; r < 500; r++) {
		cond_resched();
		if (w->shrink) {
			cma_defer_scan_objects(NULL, &sc);
			continue;
		}
		i = prandom_u32_state(&rnd) % ARRAY_SIZE(held);
		if (held[i]) {
			cma_defer_test_worker_release(w, held[i], count[i],
						      serial[i]);
			held[i] = NULL;
			continue;
		}
		count[i] = 64UL << (prandom_u32_state(&rnd) % 3);
		held[i] = cma_alloc(w->cma, count[i],
				    prandom_u32_state(&rnd) % 3, true);
		if (!held[i]) {
			w->nr_fail++;
			continue;
		}
		w->nr_ok++;
		serial[i] = r;
		cma_kunit_tag_pages(held[i], count[i], w->id, r);
	}
	for (i = 0; i < ARRAY_SIZE(held); i++)
		if (held[i])
			cma_defer_test_worker_release(w, held[i], count[i],
						      serial[i]);
	complete(&w->done);
	return 0;
}

/*
 * Allocating kthreads and a shrinking one on the same cache.  At most
 * 4 x 4 x 256 pages are held and 2048 cached, at most half of what the
 * area has free: no allocation may fail, no release may be refused, and no
 * range may be handed to two holders.
 */
static void cma_defer_test_concurrency(struct kunit *test)
{
	struct cma *cma = test->priv;
	unsigned long used = cma_kunit_used_pages(cma);
	struct cma_defer_test_worker *w;
	int i, n = 5;

	if (cma->count - used < 2 * (4 * 4 * 256 + 2048))
		kunit_skip(test, "area too small or too full");
	KUNIT_ASSERT_EQ(test, cma_defer_set_max(cma, 2048), 0);
	w = kunit_kcalloc(test, n, sizeof(*w), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, w);
	for (i = 0; i < n; i++) {
		struct task_struct *task;

		w[i].cma = cma;
		w[i].id = i + 1;
		w[i].shrink = i == n - 1;
		init_completion(&w[i].done);
		task = kthread_run(cma_defer_test_worker_fn, &w[i],
				   "cma_defer/%d", i);
		if (IS_ERR(task)) {
			KUNIT_FAIL(test, "cannot start worker %d", i);
			n = i;
			break;
		}
	}
	for (i = 0; i < n; i++) {
		wait_for_completion(&w[i].done);
		if (!w[i].shrink)
			KUNIT_EXPECT_GT(test, w[i].nr_ok, 0);
		KUNIT_EXPECT_EQ(test, w[i].nr_fail, 0);
		KUNIT_EXPECT_EQ(test, w[i].nr_refused, 0);
		KUNIT_EXPECT_EQ(test, w[i].nr_stolen, 0);
	}
	KUNIT_EXPECT_LE(test, cma_defer_of(cma)->nr_pages, 2048);
	KUNIT_EXPECT_EQ(test, cma_defer_set_max(cma, 0), 0);
	KUNIT_EXPECT_EQ(test, cma_defer_of(cma)->nr_pages, 0);
	KUNIT_EXPECT_EQ(test, cma_kunit_used_pages(cma), used);
}

static struct kunit_case cma_defer_test_cases[] = {
	KUNIT_CASE(cma_defer_test_hit_miss),
	KUNIT_CASE(cma_defer_test_double_release),
	KUNIT_CASE(cma_defer_test_exact_fit_first),
	KUNIT_CASE(cma_defer_test_alignment),
	KUNIT_CASE(cma_defer_test_never_worse),
	KUNIT_CASE(cma_defer_test_shrinker),
	KUNIT_CASE(cma_defer_test_limit),
	KUNIT_CASE(cma_defer_test_bad_values),
	KUNIT_CASE(cma_defer_test_init_on_free),
	KUNIT_CASE(cma_defer_test_release_irqs_off),
	KUNIT_CASE(cma_defer_test_double_dma_free),
	KUNIT_CASE(cma_defer_test_granules),
	KUNIT_CASE(cma_defer_test_drain_window),
	KUNIT_CASE(cma_defer_test_drain_waits),
	KUNIT_CASE_SLOW(cma_defer_test_concurrency),
	{}
};

static struct kunit_suite cma_defer_test_suite = {
	.name = "cma_defer",
	.init = cma_defer_test_init,
	.exit = cma_defer_test_exit,
	.test_cases = cma_defer_test_cases,
};

kunit_test_suite(cma_defer_test_suite);

#endif /* __MM_TESTS_CMA_DEFER_KUNIT_H__ */
