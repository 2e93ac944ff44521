/* SPDX-License-Identifier: GPL-2.0 */
/*
 * KUnit tests for GCMA, included at the end of mm/gcma.c so that they can
 * check the page states against the area's bitmaps.
 *
 * The area is made of a range the test takes from the page allocator.  The
 * guaranteed CMA areas built on GCMA have their own suite,
 * mm/tests/cma_gcma_kunit.c.
 */
#ifndef __MM_TESTS_GCMA_KUNIT_H__
#define __MM_TESTS_GCMA_KUNIT_H__

#include <kunit/test.h>
#include <linux/completion.h>
#include <linux/highmem.h>
#include <linux/kthread.h>
#include <linux/prandom.h>

#include "cma_kunit_util.h"

/*
 * Walk the whole area and return what is wrong with it, or NULL: every page
 * in exactly one state, free, lent and bad pages reserved and unreferenced,
 * allocated pages not reserved, and the counters equal to the bitmaps.
 */
static const char *gcma_test_check(struct gcma *gcma)
{
	unsigned long i, nr_allocated = 0, nr_lent = 0, nr_bad = 0, flags;
	const char *err = NULL;

	spin_lock_irqsave(&gcma->lock, flags);
	for (i = 0; i < gcma->nr_pages && !err; i++) {
		struct page *page = pfn_to_page(gcma->base_pfn + i);
		bool bad = test_bit(i, gcma->bad);
		bool allocated = test_bit(i, gcma->allocated) && !bad;
		bool lent = test_bit(i, gcma->lent);

		if (bad && (!test_bit(i, gcma->allocated) || lent))
			err = "a bad page is not allocated, or lent";
		else if (allocated && lent)
			err = "a page is both allocated and lent";
		else if (test_bit(i, gcma->used) !=
			 (allocated || lent || bad))
			err = "the used bitmap is not allocated | lent";
		else if (allocated && PageReserved(page))
			err = "an allocated page is still reserved";
		else if (!allocated &&
			 (!PageReserved(page) || page_ref_count(page) ||
			  PageBuddy(page) || PageLRU(page)))
			err = "a free, lent or bad page is in use";
		else if (!bad && !allocated && PageHWPoison(page))
			err = "a free or lent page is poisoned";
		nr_allocated += allocated;
		nr_lent += lent;
		nr_bad += bad;
	}
	if (!err && nr_allocated != gcma->nr_allocated)
		err = "nr_allocated differs from the bitmap";
	if (!err && nr_lent != gcma->nr_lent)
		err = "nr_lent differs from the bitmap";
	if (!err && nr_bad != gcma->nr_bad)
		err = "nr_bad differs from the bitmap";
	if (!err && gcma->nr_allocated + gcma->nr_lent + gcma->nr_bad >
		    gcma->nr_pages)
		err = "more pages counted than the area has";
	spin_unlock_irqrestore(&gcma->lock, flags);
	return err;
}

#define GCMA_EXPECT_CONSISTENT(test, gcma)				\
	do {								\
		const char *__err = gcma_test_check(gcma);		\
									\
		KUNIT_EXPECT_TRUE_MSG(test, !__err, "%s", __err ?: "");	\
	} while (0)

static void gcma_test_expect_stat(struct kunit *test, struct gcma *gcma,
				  unsigned long nr_free, unsigned long nr_lent,
				  unsigned long nr_allocated)
{
	struct gcma_stat stat;

	gcma_get_stat(gcma, &stat);
	KUNIT_EXPECT_EQ(test, stat.nr_free, nr_free);
	KUNIT_EXPECT_EQ(test, stat.nr_lent, nr_lent);
	KUNIT_EXPECT_EQ(test, stat.nr_allocated, nr_allocated);
	KUNIT_EXPECT_EQ(test, stat.nr_free + stat.nr_lent + stat.nr_allocated +
			stat.nr_bad, stat.nr_pages);
}

/* Pages must look like alloc_contig_range()'s and hold what we write. */
static void gcma_test_expect_handed_out(struct kunit *test, struct page *page,
					unsigned long count, struct zone *zone)
{
	unsigned long i;

	for (i = 0; i < count; i++) {
		struct page *p = page + i;
		u32 *addr;

		KUNIT_ASSERT_EQ(test, page_ref_count(p), 1);
		KUNIT_EXPECT_FALSE(test, PageReserved(p));
		KUNIT_EXPECT_FALSE(test, PageLRU(p));
		KUNIT_EXPECT_FALSE(test, PageBuddy(p));
		KUNIT_EXPECT_FALSE(test, PageCompound(p));
		KUNIT_EXPECT_NULL(test, p->mapping);
		KUNIT_EXPECT_PTR_EQ(test, page_zone(p), zone);

		addr = kmap_local_page(p);
		addr[0] = 0x67636d61;
		addr[PAGE_SIZE / sizeof(u32) - 1] = i;
		KUNIT_EXPECT_EQ(test, addr[0], 0x67636d61);
		KUNIT_EXPECT_EQ(test, addr[PAGE_SIZE / sizeof(u32) - 1], (u32)i);
		kunmap_local(addr);
	}
}

/* suite "gcma": an area made of pages taken from the page allocator */

struct gcma_test {
	struct gcma *gcma;
	unsigned long base_pfn;
	unsigned long nr_pages;
	struct zone *zone;
};

static bool gcma_test_free(struct gcma_test *t, unsigned long pfn,
			   unsigned long count)
{
	return gcma_free_range(t->gcma, pfn, count);
}

static unsigned long gcma_test_nr_pages(void)
{
	/* enough for whole pageblocks, for the alloc_contig_range() case */
	return max_t(unsigned long, 1024, 2 * pageblock_nr_pages);
}

/* Make the test's area of pages that @gfp allows the page allocator. */
static int gcma_test_init_gfp(struct kunit *test, gfp_t gfp)
{
	unsigned long nr_pages = gcma_test_nr_pages();
	struct gcma_test *t;
	struct page *page;

	t = kunit_kzalloc(test, sizeof(*t), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, t);
	test->priv = t;

	page = alloc_contig_pages(nr_pages, gfp | __GFP_NOWARN, numa_mem_id(),
				  NULL);
	if (!page)
		kunit_skip(test, "no free range of %lu pages", nr_pages);

	t->base_pfn = page_to_pfn(page);
	t->nr_pages = nr_pages;
	t->zone = page_zone(page);
	t->gcma = gcma_create("gcma-test", t->base_pfn, nr_pages);
	if (!t->gcma)
		free_contig_range(t->base_pfn, nr_pages);
	KUNIT_ASSERT_NOT_NULL(test, t->gcma);
	return 0;
}

static int gcma_test_init(struct kunit *test)
{
	return gcma_test_init_gfp(test, GFP_KERNEL);
}

static void gcma_test_exit(struct kunit *test)
{
	struct gcma_test *t = test->priv;

	if (!t || !t->gcma)
		return;
	GCMA_EXPECT_CONSISTENT(test, t->gcma);
	/* a case that leaked pages leaks the range too; it failed already */
	if (gcma_destroy(t->gcma)) {
		KUNIT_FAIL(test, "area still has allocated pages");
		return;
	}
	free_contig_range(t->base_pfn, t->nr_pages);
}

static void gcma_test_create(struct kunit *test)
{
	struct gcma_test *t = test->priv;
	unsigned long i;

	gcma_test_expect_stat(test, t->gcma, t->nr_pages, 0, 0);
	GCMA_EXPECT_CONSISTENT(test, t->gcma);
	for (i = 0; i < t->nr_pages; i++) {
		struct page *page = pfn_to_page(t->base_pfn + i);

		KUNIT_ASSERT_TRUE(test, PageReserved(page));
		KUNIT_ASSERT_EQ(test, page_ref_count(page), 0);
	}
	KUNIT_EXPECT_NULL(test, gcma_create("bad", t->base_pfn, 0));
}

static void gcma_test_alloc_free(struct kunit *test)
{
	static const unsigned long counts[] = { 1, 7, 64, 129 };
	struct gcma_test *t = test->priv;
	struct page *pages[ARRAY_SIZE(counts)];
	unsigned long used = 0;
	int i;

	for (i = 0; i < ARRAY_SIZE(counts); i++) {
		pages[i] = gcma_alloc(t->gcma, counts[i], 0, GFP_KERNEL);
		KUNIT_ASSERT_NOT_NULL(test, pages[i]);
		gcma_test_expect_handed_out(test, pages[i], counts[i], t->zone);
		used += counts[i];
		gcma_test_expect_stat(test, t->gcma, t->nr_pages - used, 0,
				      used);
	}
	GCMA_EXPECT_CONSISTENT(test, t->gcma);
	for (i = 0; i < ARRAY_SIZE(counts); i++)
		KUNIT_EXPECT_TRUE(test, gcma_test_free(t, page_to_pfn(pages[i]), counts[i]));
	gcma_test_expect_stat(test, t->gcma, t->nr_pages, 0, 0);
}

static void gcma_test_align(struct kunit *test)
{
	struct gcma_test *t = test->priv;
	struct page *pages[8];
	unsigned int align;

	/* each allocation lands after the previous ones: alignment matters */
	for (align = 0; align < ARRAY_SIZE(pages); align++) {
		pages[align] = gcma_alloc(t->gcma, 3, align, GFP_KERNEL);
		KUNIT_ASSERT_NOT_NULL(test, pages[align]);
		KUNIT_EXPECT_EQ(test, page_to_pfn(pages[align]) &
				((1UL << align) - 1), 0);
	}
	GCMA_EXPECT_CONSISTENT(test, t->gcma);
	for (align = 0; align < ARRAY_SIZE(pages); align++)
		KUNIT_EXPECT_TRUE(test, gcma_test_free(t, page_to_pfn(pages[align]), 3));
	gcma_test_expect_stat(test, t->gcma, t->nr_pages, 0, 0);
}

static void gcma_test_exact_fit(struct kunit *test)
{
	struct gcma_test *t = test->priv;
	struct page *page;

	page = gcma_alloc(t->gcma, t->nr_pages, 0, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, page);
	KUNIT_EXPECT_EQ(test, page_to_pfn(page), t->base_pfn);
	KUNIT_EXPECT_NULL(test, gcma_alloc(t->gcma, 1, 0, GFP_KERNEL));
	gcma_test_expect_stat(test, t->gcma, 0, 0, t->nr_pages);
	KUNIT_EXPECT_TRUE(test, gcma_free_range(t->gcma, t->base_pfn,
						t->nr_pages));
	page = gcma_alloc(t->gcma, t->nr_pages, 0, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, page);
	KUNIT_EXPECT_TRUE(test, gcma_free_range(t->gcma, t->base_pfn,
						t->nr_pages));
	gcma_test_expect_stat(test, t->gcma, t->nr_pages, 0, 0);
}

/* Fill the area page by page, punch holes, then coalesce them again. */
static void gcma_test_fragmentation(struct kunit *test)
{
	struct gcma_test *t = test->priv;
	unsigned long i;

	for (i = 0; i < t->nr_pages; i++)
		KUNIT_ASSERT_NOT_NULL(test, gcma_alloc(t->gcma, 1, 0,
						       GFP_KERNEL));
	KUNIT_EXPECT_NULL(test, gcma_alloc(t->gcma, 1, 0, GFP_KERNEL));
	for (i = 0; i < t->nr_pages; i += 2)
		KUNIT_ASSERT_TRUE(test, gcma_test_free(t, t->base_pfn + i, 1));
	/* half the area is free, in single pages only */
	gcma_test_expect_stat(test, t->gcma, t->nr_pages / 2, 0,
			      t->nr_pages / 2);
	KUNIT_EXPECT_NULL(test, gcma_alloc(t->gcma, 2, 0, GFP_KERNEL));
	GCMA_EXPECT_CONSISTENT(test, t->gcma);
	for (i = 1; i < t->nr_pages; i += 2)
		KUNIT_ASSERT_TRUE(test, gcma_test_free(t, t->base_pfn + i, 1));
	KUNIT_ASSERT_NOT_NULL(test, gcma_alloc(t->gcma, t->nr_pages, 0,
					       GFP_KERNEL));
	KUNIT_EXPECT_TRUE(test, gcma_free_range(t->gcma, t->base_pfn,
						t->nr_pages));
}

static void gcma_test_alloc_range(struct kunit *test)
{
	struct gcma_test *t = test->priv;
	unsigned long last = t->base_pfn + t->nr_pages - 1;
	unsigned long pfn = t->base_pfn + 100;

	KUNIT_ASSERT_EQ(test, gcma_alloc_range(t->gcma, pfn, 50, GFP_KERNEL),
			0);
	gcma_test_expect_handed_out(test, pfn_to_page(pfn), 50, t->zone);
	KUNIT_EXPECT_EQ(test, gcma_alloc_range(t->gcma, pfn + 49, 2,
					       GFP_KERNEL), -EBUSY);
	KUNIT_EXPECT_EQ(test, gcma_alloc_range(t->gcma, pfn - 1, 1,
					       GFP_KERNEL), 0);
	KUNIT_EXPECT_EQ(test, gcma_alloc_range(t->gcma, t->base_pfn - 1, 1,
					       GFP_KERNEL), -EINVAL);
	KUNIT_EXPECT_EQ(test, gcma_alloc_range(t->gcma, last, 2, GFP_KERNEL),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, gcma_alloc_range(t->gcma, pfn + 60, 0,
					       GFP_KERNEL), -EINVAL);
	gcma_test_expect_stat(test, t->gcma, t->nr_pages - 51, 0, 51);
	KUNIT_EXPECT_TRUE(test, gcma_free_range(t->gcma, pfn - 1, 51));
	gcma_test_expect_stat(test, t->gcma, t->nr_pages, 0, 0);
}

/* Every bad release is refused and leaves the area exactly as it was. */
static void gcma_test_bad_free(struct kunit *test)
{
	struct gcma_test *t = test->priv;
	unsigned long last = t->base_pfn + t->nr_pages - 1;
	struct page *page, *tail;

	page = gcma_alloc(t->gcma, 16, 0, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, page);
	tail = gcma_alloc(t->gcma, 1, 0, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, tail);

	/* never allocated, straddling an allocation, outside, count 0 */
	KUNIT_EXPECT_FALSE(test, gcma_free_range(t->gcma, last, 1));
	KUNIT_EXPECT_FALSE(test, gcma_test_free(t, page_to_pfn(page), 32));
	KUNIT_EXPECT_FALSE(test, gcma_free_range(t->gcma, last, 2));
	KUNIT_EXPECT_FALSE(test, gcma_free_range(t->gcma, t->base_pfn - 1,
						 2));
	KUNIT_EXPECT_FALSE(test, gcma_free_range(t->gcma, last + 1, 1));
	KUNIT_EXPECT_FALSE(test, gcma_test_free(t, page_to_pfn(page), 0));
	gcma_test_expect_stat(test, t->gcma, t->nr_pages - 17, 0, 17);

	/* a page someone else still references: refused, nothing freed */
	get_page(page + 5);
	KUNIT_EXPECT_FALSE(test, gcma_test_free(t, page_to_pfn(page), 16));
	gcma_test_expect_stat(test, t->gcma, t->nr_pages - 17, 0, 17);
	GCMA_EXPECT_CONSISTENT(test, t->gcma);
	for (int i = 0; i < 16; i++)
		KUNIT_EXPECT_EQ(test, page_ref_count(page + i), i == 5 ? 2 : 1);
	put_page(page + 5);

	KUNIT_EXPECT_TRUE(test, gcma_test_free(t, page_to_pfn(page), 16));
	/* double free */
	KUNIT_EXPECT_FALSE(test, gcma_test_free(t, page_to_pfn(page), 16));
	KUNIT_EXPECT_FALSE(test, gcma_test_free(t, page_to_pfn(page) + 3, 1));
	KUNIT_EXPECT_TRUE(test, gcma_test_free(t, page_to_pfn(tail), 1));
	KUNIT_EXPECT_FALSE(test, gcma_test_free(t, page_to_pfn(tail), 1));
	gcma_test_expect_stat(test, t->gcma, t->nr_pages, 0, 0);
	GCMA_EXPECT_CONSISTENT(test, t->gcma);
}

static void gcma_test_impossible(struct kunit *test)
{
	struct gcma_test *t = test->priv;

	KUNIT_EXPECT_NULL(test, gcma_alloc(t->gcma, 0, 0, GFP_KERNEL));
	KUNIT_EXPECT_NULL(test, gcma_alloc(t->gcma, t->nr_pages + 1, 0,
					   GFP_KERNEL));
	KUNIT_EXPECT_NULL(test, gcma_alloc(t->gcma, ULONG_MAX, 0, GFP_KERNEL));
	/* an alignment larger than the area: only pfn 0 would do */
	KUNIT_EXPECT_NULL(test, gcma_alloc(t->gcma, 1, BITS_PER_LONG - 1,
					   GFP_KERNEL));
	KUNIT_EXPECT_NULL(test, gcma_alloc(t->gcma, 1, BITS_PER_LONG,
					   GFP_KERNEL));
	KUNIT_EXPECT_NULL(test, gcma_alloc(t->gcma, 3, 0,
					   GFP_KERNEL | __GFP_COMP));
	KUNIT_EXPECT_NULL(test, gcma_alloc(t->gcma, 1, 0,
					   GFP_KERNEL | __GFP_COMP));
	gcma_test_expect_stat(test, t->gcma, t->nr_pages, 0, 0);
	GCMA_EXPECT_CONSISTENT(test, t->gcma);
}

static void gcma_test_compound(struct kunit *test)
{
	struct gcma_test *t = test->priv;
	struct folio *folio;
	struct page *page;

	page = gcma_alloc(t->gcma, 16, 4, GFP_KERNEL | __GFP_COMP);
	KUNIT_ASSERT_NOT_NULL(test, page);
	folio = page_folio(page);
	KUNIT_EXPECT_PTR_EQ(test, &folio->page, page);
	KUNIT_EXPECT_TRUE(test, folio_test_large(folio));
	KUNIT_EXPECT_EQ(test, folio_order(folio), 4);
	KUNIT_EXPECT_EQ(test, folio_ref_count(folio), 1);
	KUNIT_EXPECT_PTR_EQ(test, page_folio(page + 15), folio);
	KUNIT_EXPECT_FALSE(test, PageReserved(page + 15));

	/* part of a compound page, or the wrong size, is refused */
	KUNIT_EXPECT_FALSE(test, gcma_test_free(t, page_to_pfn(page) + 1, 1));
	KUNIT_EXPECT_FALSE(test, gcma_test_free(t, page_to_pfn(page), 8));
	KUNIT_EXPECT_TRUE(test, gcma_test_free(t, page_to_pfn(page), 16));
	KUNIT_EXPECT_FALSE(test, PageCompound(page + 15));
	gcma_test_expect_stat(test, t->gcma, t->nr_pages, 0, 0);
}

/* alloc_contig_range() must fail on an area and leave it untouched. */
static void gcma_test_alloc_contig_range(struct kunit *test)
{
	struct gcma_test *t = test->priv;
	unsigned long start = ALIGN(t->base_pfn, pageblock_nr_pages);
	unsigned long end = start + pageblock_nr_pages;
	gfp_t gfp = GFP_KERNEL | __GFP_NOWARN;
	int mt = get_pageblock_migratetype(pfn_to_page(start));
	struct page *page;

	KUNIT_ASSERT_LE(test, end, t->base_pfn + t->nr_pages);
	page = gcma_alloc(t->gcma, 8, 0, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, page);

	KUNIT_EXPECT_NE(test, alloc_contig_range(start, end, MIGRATE_MOVABLE,
						 gfp), 0);
	KUNIT_EXPECT_NE(test, alloc_contig_range(start, end, MIGRATE_CMA, gfp),
			0);
	/* isolation was undone */
	KUNIT_EXPECT_EQ(test, get_pageblock_migratetype(pfn_to_page(start)),
			mt);
	gcma_test_expect_stat(test, t->gcma, t->nr_pages - 8, 0, 8);
	GCMA_EXPECT_CONSISTENT(test, t->gcma);
	gcma_test_expect_handed_out(test, page, 8, t->zone);
	KUNIT_EXPECT_TRUE(test, gcma_free_range(t->gcma, page_to_pfn(page),
						8));
}

/*
 * alloc_contig_pages() looks for the first valid range of a zone.  The
 * area's range was the first one when the test took it, so the search
 * meets it again: free, it is skipped (reserved pages); allocated, it is
 * refused by page isolation.  Either way the search moves past it.
 */
static void gcma_test_alloc_contig_pages(struct kunit *test)
{
	struct gcma_test *t = test->priv;
	gfp_t gfp = GFP_KERNEL | __GFP_NOWARN;
	struct page *page, *other;
	int round;

	for (round = 0; round < 2; round++) {
		page = NULL;
		if (round) {
			page = gcma_alloc(t->gcma, t->nr_pages, 0, GFP_KERNEL);
			KUNIT_ASSERT_NOT_NULL(test, page);
		}
		other = alloc_contig_pages(t->nr_pages, gfp,
					   page_to_nid(pfn_to_page(t->base_pfn)),
					   NULL);
		if (other) {
			unsigned long pfn = page_to_pfn(other);

			kunit_info(test, "%s area: got pfn %#lx, area at %#lx\n",
				   round ? "allocated" : "free", pfn,
				   t->base_pfn);
			KUNIT_EXPECT_TRUE(test, pfn + t->nr_pages <= t->base_pfn ||
					  pfn >= t->base_pfn + t->nr_pages);
			free_contig_range(pfn, t->nr_pages);
		}
		if (round) {
			gcma_test_expect_stat(test, t->gcma, 0, 0, t->nr_pages);
			gcma_test_expect_handed_out(test, page, t->nr_pages,
						    t->zone);
			KUNIT_EXPECT_TRUE(test, gcma_free_range(t->gcma,
								t->base_pfn,
								t->nr_pages));
		}
		gcma_test_expect_stat(test, t->gcma, t->nr_pages, 0, 0);
		GCMA_EXPECT_CONSISTENT(test, t->gcma);
	}
}

/* A lender for the tests: it remembers which cookie holds which page. */
#define GCMA_TEST_SLOTS 64

static struct gcma_test_lender {
	spinlock_t lock;		/* protects all of the lender's state */
	struct page *page[GCMA_TEST_SLOTS];
	unsigned long cookie[GCMA_TEST_SLOTS];
	unsigned long next_cookie;
	unsigned long nr_dropped;
	unsigned long nr_stale;
} gcma_test_lender_state = {
	.lock = __SPIN_LOCK_UNLOCKED(gcma_test_lender_state.lock),
};

static void gcma_test_drop(struct gcma_lender *lender, struct page **pages,
			   unsigned int nr)
{
	struct gcma_test_lender *l = &gcma_test_lender_state;
	unsigned int i;

	spin_lock(&l->lock);
	for (i = 0; i < nr; i++) {
		unsigned long cookie = page_private(pages[i]);
		unsigned long slot = cookie % GCMA_TEST_SLOTS;

		if (l->page[slot] == pages[i] && l->cookie[slot] == cookie) {
			l->page[slot] = NULL;
			l->nr_dropped++;
		} else {
			l->nr_stale++;
		}
	}
	spin_unlock(&l->lock);
}

static struct gcma_lender gcma_test_lender = {
	.drop = gcma_test_drop,
};

static void gcma_test_lender_reset(void)
{
	struct gcma_test_lender *l = &gcma_test_lender_state;

	spin_lock(&l->lock);
	memset(l->page, 0, sizeof(l->page));
	l->nr_dropped = 0;
	l->nr_stale = 0;
	spin_unlock(&l->lock);
}

/* Lend a page into a free slot; the lock covers lend and record. */
static bool gcma_test_lend(struct gcma *gcma, unsigned long slot)
{
	struct gcma_test_lender *l = &gcma_test_lender_state;
	struct page *page = NULL;
	unsigned long cookie;
	void *addr;

	spin_lock(&l->lock);
	if (!l->page[slot]) {
		cookie = l->next_cookie++ * GCMA_TEST_SLOTS + slot;
		page = gcma_lend_page(gcma, cookie);
		if (page) {
			addr = kmap_local_page(page);
			memset(addr, 0x5a, PAGE_SIZE);
			kunmap_local(addr);
			l->page[slot] = page;
			l->cookie[slot] = cookie;
		}
	}
	spin_unlock(&l->lock);
	return page;
}

static bool gcma_test_unlend(struct gcma *gcma, unsigned long slot)
{
	struct gcma_test_lender *l = &gcma_test_lender_state;
	struct page *page;
	bool ret = false;

	spin_lock(&l->lock);
	page = l->page[slot];
	if (page && gcma_return_page(gcma, page)) {
		l->page[slot] = NULL;
		ret = true;
	}
	spin_unlock(&l->lock);
	return ret;
}

static void gcma_test_lend_take_back(struct kunit *test)
{
	struct gcma_test *t = test->priv;
	struct gcma_test_lender *l = &gcma_test_lender_state;
	unsigned long i;
	struct page *page;

	gcma_test_lender_reset();
	KUNIT_ASSERT_EQ(test, gcma_set_lender(t->gcma, &gcma_test_lender), 0);
	KUNIT_EXPECT_EQ(test, gcma_set_lender(t->gcma, &gcma_test_lender),
			-EBUSY);

	for (i = 0; i < 16; i++)
		KUNIT_ASSERT_TRUE(test, gcma_test_lend(t->gcma, i));
	gcma_test_expect_stat(test, t->gcma, t->nr_pages - 16, 16, 0);
	GCMA_EXPECT_CONSISTENT(test, t->gcma);
	for (i = 0; i < 4; i++)
		KUNIT_EXPECT_TRUE(test, gcma_test_unlend(t->gcma, i));
	gcma_test_expect_stat(test, t->gcma, t->nr_pages - 12, 12, 0);

	/* the whole area: every lent page is taken back, none is kept */
	page = gcma_alloc(t->gcma, t->nr_pages, 0, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, page);
	KUNIT_EXPECT_EQ(test, l->nr_dropped, 12);
	KUNIT_EXPECT_EQ(test, l->nr_stale, 0);
	gcma_test_expect_stat(test, t->gcma, 0, 0, t->nr_pages);
	GCMA_EXPECT_CONSISTENT(test, t->gcma);
	gcma_test_expect_handed_out(test, page, t->nr_pages, t->zone);
	/* nothing to lend while all is allocated */
	KUNIT_EXPECT_FALSE(test, gcma_test_lend(t->gcma, 20));
	KUNIT_EXPECT_TRUE(test, gcma_free_range(t->gcma, t->base_pfn,
						t->nr_pages));
	/* a lender without pages can be taken away and set again */
	KUNIT_EXPECT_EQ(test, gcma_set_lender(t->gcma, NULL), 0);
	KUNIT_ASSERT_EQ(test, gcma_set_lender(t->gcma, &gcma_test_lender), 0);

	/* lent pages left at the end are taken back by gcma_destroy() */
	for (i = 0; i < 8; i++)
		KUNIT_ASSERT_TRUE(test, gcma_test_lend(t->gcma, i));
	gcma_test_expect_stat(test, t->gcma, t->nr_pages - 8, 8, 0);
	KUNIT_EXPECT_EQ(test, gcma_set_lender(t->gcma, NULL), -EBUSY);
}

/*
 * Memory errors, as memory_failure() and soft_offline_page() report them: a
 * free page and a lent page leave the area at once, an allocated page when
 * it is freed, and a page marked poisoned behind GCMA's back (a race with
 * gcma_take_page_off()) when an allocation finds it.  None is handed out
 * again, and gcma_destroy() gives them back poisoned, which keeps them out
 * of the page allocator too.
 */
static void gcma_test_memory_failure(struct kunit *test)
{
#ifdef CONFIG_MEMORY_FAILURE
	struct gcma_test *t = test->priv;
	struct gcma_test_lender *l = &gcma_test_lender_state;
	unsigned long base = t->base_pfn, n = t->nr_pages, pfn, nr;
	unsigned long free_pfn = base + n / 2, soft_pfn = base + n / 4;
	unsigned long racy_pfn = base + n - 2, lent_pfn, busy_pfn;
	struct page *page, *one;

	page = gcma_alloc(t->gcma, 8, 0, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, page);
	busy_pfn = page_to_pfn(page) + 3;
	gcma_test_lender_reset();
	KUNIT_ASSERT_EQ(test, gcma_set_lender(t->gcma, &gcma_test_lender), 0);
	KUNIT_ASSERT_TRUE(test, gcma_test_lend(t->gcma, 0));
	lent_pfn = page_to_pfn(l->page[0]);

	/* a free page: recovered, out at once */
	KUNIT_EXPECT_EQ(test, memory_failure(free_pfn, MF_SW_SIMULATED), 0);
	KUNIT_EXPECT_TRUE(test, PageHWPoison(pfn_to_page(free_pfn)));
	gcma_test_expect_stat(test, t->gcma, n - 10, 1, 8);
	KUNIT_EXPECT_EQ(test, t->gcma->nr_bad, 1);
	/* twice: already poisoned, nothing changes */
	KUNIT_EXPECT_EQ(test, memory_failure(free_pfn, MF_SW_SIMULATED),
			-EHWPOISON);
	KUNIT_EXPECT_EQ(test, t->gcma->nr_bad, 1);

	/* a lent page: its lender drops the data, and it is out */
	KUNIT_EXPECT_EQ(test, memory_failure(lent_pfn, MF_SW_SIMULATED), 0);
	KUNIT_EXPECT_EQ(test, l->nr_dropped, 1);
	KUNIT_EXPECT_EQ(test, l->nr_stale, 0);
	gcma_test_expect_stat(test, t->gcma, n - 10, 0, 8);
	KUNIT_EXPECT_EQ(test, t->gcma->nr_bad, 2);

	/* an allocated page: left to its owner, out when freed */
	KUNIT_EXPECT_NE(test, memory_failure(busy_pfn, MF_SW_SIMULATED), 0);
	KUNIT_EXPECT_TRUE(test, PageHWPoison(pfn_to_page(busy_pfn)));
	gcma_test_expect_stat(test, t->gcma, n - 10, 0, 8);
	KUNIT_EXPECT_TRUE(test, gcma_free_range(t->gcma, page_to_pfn(page),
						8));
	gcma_test_expect_stat(test, t->gcma, n - 3, 0, 0);
	KUNIT_EXPECT_EQ(test, t->gcma->nr_bad, 3);

	/* soft offline: a free page goes, an allocated one stays */
	KUNIT_EXPECT_EQ(test, soft_offline_page(soft_pfn, 0), 0);
	KUNIT_EXPECT_TRUE(test, PageHWPoison(pfn_to_page(soft_pfn)));
	KUNIT_EXPECT_EQ(test, t->gcma->nr_bad, 4);
	one = gcma_alloc(t->gcma, 1, 0, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, one);
	KUNIT_EXPECT_NE(test, soft_offline_page(page_to_pfn(one), 0), 0);
	KUNIT_EXPECT_FALSE(test, PageHWPoison(one));
	KUNIT_EXPECT_TRUE(test, gcma_free_range(t->gcma, page_to_pfn(one), 1));
	KUNIT_EXPECT_EQ(test, t->gcma->nr_bad, 4);

	/* poisoned behind GCMA's back: the allocation gives it up */
	SetPageHWPoison(pfn_to_page(racy_pfn));
	KUNIT_EXPECT_EQ(test, gcma_alloc_range(t->gcma, racy_pfn - 1, 2,
					       GFP_KERNEL), -EBUSY);
	gcma_test_expect_stat(test, t->gcma, n - 5, 0, 0);
	KUNIT_EXPECT_EQ(test, t->gcma->nr_bad, 5);
	GCMA_EXPECT_CONSISTENT(test, t->gcma);

	/* bad pages are never handed out, nor freed, nor lent */
	KUNIT_EXPECT_NULL(test, gcma_alloc(t->gcma, n, 0, GFP_KERNEL));
	KUNIT_EXPECT_EQ(test, gcma_alloc_range(t->gcma, free_pfn, 1,
					       GFP_KERNEL), -EBUSY);
	KUNIT_EXPECT_FALSE(test, gcma_free_range(t->gcma, free_pfn, 1));
	for (nr = 0; (one = gcma_alloc(t->gcma, 1, 0, GFP_KERNEL)); nr++)
		KUNIT_EXPECT_FALSE(test, PageHWPoison(one));
	KUNIT_EXPECT_EQ(test, nr, n - 5);
	KUNIT_EXPECT_FALSE(test, gcma_test_lend(t->gcma, 1));
	for (pfn = base; pfn < base + n; pfn++)
		if (!test_bit(pfn - base, t->gcma->bad))
			KUNIT_EXPECT_TRUE(test,
					  gcma_free_range(t->gcma, pfn, 1));
	gcma_test_expect_stat(test, t->gcma, n - 5, 0, 0);
	GCMA_EXPECT_CONSISTENT(test, t->gcma);
	KUNIT_EXPECT_EQ(test, gcma_set_lender(t->gcma, NULL), 0);
	/* gcma_test_exit() destroys the area and frees the range */
#else
	kunit_skip(test, "needs CONFIG_MEMORY_FAILURE");
#endif
}

struct gcma_test_worker {
	struct gcma *gcma;
	struct completion done;
	u64 seed;
	u32 id;
	unsigned long rounds;
	unsigned long nr_ok;
	unsigned long nr_fail;
	unsigned long nr_refused;	/* frees that failed */
	unsigned long nr_stolen;	/* pages whose owner tag changed */
	bool lender;
};

#define GCMA_TEST_HELD 8

static void gcma_test_worker_free(struct gcma_test_worker *w,
				  struct page *page, unsigned long count,
				  u32 serial)
{
	w->nr_stolen += cma_kunit_tags_differ(page, count, w->id, serial);
	w->nr_refused += !gcma_free_range(w->gcma, page_to_pfn(page), count);
}

/*
 * Allocate and free random sizes and alignments, keeping a few held, each
 * tagged in every page with (worker, serial) until it is freed.  The area
 * is small on purpose, so allocations may fail; frees must not.
 */
static int gcma_test_worker_fn(void *data)
{
	struct gcma_test_worker *w = data;
	struct page *held[GCMA_TEST_HELD] = { };
	unsigned long count[GCMA_TEST_HELD] = { };
	u32 serial[GCMA_TEST_HELD] = { };
	struct rnd_state rnd;
	unsigned long r;
	int i;

	prandom_seed_state(&rnd, w->seed);
	for (r = 0; r < w->rounds; r++) {
		i = prandom_u32_state(&rnd) % GCMA_TEST_HELD;
		if (w->lender) {
			if (!gcma_test_lend(w->gcma, i))
				gcma_test_unlend(w->gcma, i);
			cond_resched();
			continue;
		}
		if (held[i]) {
			gcma_test_worker_free(w, held[i], count[i], serial[i]);
			held[i] = NULL;
			continue;
		}
		count[i] = 1 + prandom_u32_state(&rnd) % 64;
		held[i] = gcma_alloc(w->gcma, count[i],
				     prandom_u32_state(&rnd) % 4, GFP_KERNEL);
		if (held[i]) {
			w->nr_ok++;
			serial[i] = r;
			cma_kunit_tag_pages(held[i], count[i], w->id, r);
		} else {
			w->nr_fail++;
		}
		cond_resched();
	}
	for (i = 0; i < GCMA_TEST_HELD; i++)
		if (held[i])
			gcma_test_worker_free(w, held[i], count[i], serial[i]);
	complete(&w->done);
	return 0;
}

#define GCMA_TEST_WORKERS 4

/* Several allocating kthreads and one lending, on the same area. */
static void gcma_test_concurrency(struct kunit *test)
{
	struct gcma_test *t = test->priv;
	struct gcma_test_lender *l = &gcma_test_lender_state;
	int i, n = GCMA_TEST_WORKERS + 1;
	struct gcma_test_worker *w;
	unsigned long nr_ok = 0;
	struct gcma_stat stat;

	gcma_test_lender_reset();
	KUNIT_ASSERT_EQ(test, gcma_set_lender(t->gcma, &gcma_test_lender), 0);

	w = kunit_kcalloc(test, n, sizeof(*w), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, w);
	for (i = 0; i < n; i++) {
		struct task_struct *task;

		w[i].gcma = t->gcma;
		w[i].seed = 0x67636d61 + i;
		w[i].id = i + 1;
		w[i].rounds = 2000;
		w[i].lender = i == GCMA_TEST_WORKERS;
		init_completion(&w[i].done);
		task = kthread_run(gcma_test_worker_fn, &w[i], "gcma_test/%d",
				   i);
		if (IS_ERR(task)) {
			KUNIT_FAIL(test, "cannot start worker %d", i);
			n = i;
			break;
		}
	}
	for (i = 0; i < n; i++) {
		wait_for_completion(&w[i].done);
		nr_ok += w[i].nr_ok;
		KUNIT_EXPECT_EQ(test, w[i].nr_refused, 0);
		KUNIT_EXPECT_EQ(test, w[i].nr_stolen, 0);
	}
	KUNIT_EXPECT_GT(test, nr_ok, 0);

	/* everything allocated came back; only lent pages remain */
	gcma_get_stat(t->gcma, &stat);
	KUNIT_EXPECT_EQ(test, stat.nr_allocated, 0);
	GCMA_EXPECT_CONSISTENT(test, t->gcma);
	for (i = 0; i < GCMA_TEST_SLOTS; i++)
		gcma_test_unlend(t->gcma, i);
	KUNIT_EXPECT_EQ(test, l->nr_stale, 0);
	gcma_test_expect_stat(test, t->gcma, t->nr_pages, 0, 0);
}

static struct kunit_case gcma_test_cases[] = {
	KUNIT_CASE(gcma_test_create),
	KUNIT_CASE(gcma_test_alloc_free),
	KUNIT_CASE(gcma_test_align),
	KUNIT_CASE(gcma_test_exact_fit),
	KUNIT_CASE(gcma_test_fragmentation),
	KUNIT_CASE(gcma_test_alloc_range),
	KUNIT_CASE(gcma_test_bad_free),
	KUNIT_CASE(gcma_test_impossible),
	KUNIT_CASE(gcma_test_compound),
	KUNIT_CASE(gcma_test_alloc_contig_range),
	KUNIT_CASE(gcma_test_alloc_contig_pages),
	KUNIT_CASE(gcma_test_lend_take_back),
	KUNIT_CASE(gcma_test_memory_failure),
	KUNIT_CASE_SLOW(gcma_test_concurrency),
	{}
};

static struct kunit_suite gcma_test_suite = {
	.name = "gcma",
	.init = gcma_test_init,
	.exit = gcma_test_exit,
	.test_cases = gcma_test_cases,
};

#ifdef CONFIG_HIGHMEM
/* Free highmem pages that are not CMA pages, which the test cannot take. */
static unsigned long gcma_test_free_highmem(void)
{
	unsigned long nr = 0;
	struct zone *zone;

	for_each_populated_zone(zone)
		if (is_highmem(zone))
			nr += zone_page_state(zone, NR_FREE_PAGES) -
			      zone_page_state(zone, NR_FREE_CMA_PAGES);
	return nr;
}

/*
 * The same cases on an area of highmem pages, which have no permanent
 * kernel mapping: GCMA must reach them through kmap_local_page() only.
 * Boots whose highmem holds a CMA area have little else there and skip.
 */
static int gcma_highmem_test_init(struct kunit *test)
{
	struct gcma_test *t;

	if (gcma_test_free_highmem() < 4 * gcma_test_nr_pages())
		kunit_skip(test, "less than %lu free highmem pages",
			   4 * gcma_test_nr_pages());
	gcma_test_init_gfp(test, GFP_HIGHUSER);
	t = test->priv;
	KUNIT_ASSERT_TRUE_MSG(test, PageHighMem(pfn_to_page(t->base_pfn)),
			      "the area is not in highmem");
	return 0;
}

static struct kunit_suite gcma_highmem_test_suite = {
	.name = "gcma_highmem",
	.init = gcma_highmem_test_init,
	.exit = gcma_test_exit,
	.test_cases = gcma_test_cases,
};

kunit_test_suites(&gcma_test_suite, &gcma_highmem_test_suite);
#else
kunit_test_suite(gcma_test_suite);
#endif /* CONFIG_HIGHMEM */

#endif /* __MM_TESTS_GCMA_KUNIT_H__ */
