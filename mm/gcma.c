// SPDX-License-Identifier: GPL-2.0
/*
 * Guaranteed contiguous memory allocator (GCMA)
 *
 * A GCMA area is a pfn range whose pages never enter the buddy allocator.
 * Each page is in exactly one of three states:
 *
 *  free       holds nothing;
 *  lent       holds discardable data of a lender (struct gcma_lender);
 *  allocated  handed out by gcma_alloc() or gcma_alloc_range().
 *
 * Two bitmaps protected by gcma->lock encode the state: a page is allocated
 * if its bit in @allocated is set, else lent if its bit in @lent is set,
 * else free.  A page with both bits set is allocated: an allocation took it
 * back from its lender and the lender's ->drop() has not returned yet.  A
 * third bitmap, @used, is the union of the two, so that lending finds a
 * free page a word at a time even when most of the area is lent.
 *
 * A bad page, one with a memory error or one that failed the page
 * allocator's free checks, leaves the area for good: its bit in @bad is
 * set, and in @allocated and @used so that nothing claims or lends it.  It
 * stays reserved and unreferenced and is counted in @nr_bad, not in
 * @nr_allocated.  memory_failure() and soft offlining take a free or lent
 * page out at once (gcma_take_page_off()); an allocated page marked
 * PageHWPoison is kept out when it is freed, and an allocation that finds
 * one in its range gives the range back and fails, so a poisoned page is
 * never handed out, whichever way its error was reported.
 *
 * Free and lent pages look like memblock-reserved memory that went through
 * the page allocator's free checks: PageReserved, refcount zero, poisoned
 * for KASAN.  PFN walkers (compaction, page isolation, alloc_contig_range())
 * treat them as unmovable and speculative references fail on them, so they
 * can neither be migrated nor handed out by anyone else.  Allocated pages
 * look exactly like the pages alloc_contig_range() returns.
 *
 * Allocation claims a range under the lock, then, without it, takes back
 * lent pages (the lender drops their data, no I/O) and prepares the pages.
 * It never migrates, never waits for reclaim and never retries.
 *
 * The idea of a reserved area that is lent only to discardable data comes
 * from the GCMA RFC (Park, Kim, 2015) and its IEEE TC 2019 evaluation; this
 * implementation is written for the 6.12 page allocator hooks.
 */

#define pr_fmt(fmt) "gcma: " fmt

#include <linux/bitmap.h>
#include <linux/kasan.h>
#include <linux/list.h>
#include <linux/log2.h>
#include <linux/mm.h>
#include <linux/page_owner.h>
#include <linux/page_ref.h>
#include <linux/pgalloc_tag.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/string.h>
#include <linux/timekeeping.h>

#include "internal.h"
#include "gcma.h"

#define CREATE_TRACE_POINTS
#include <trace/events/gcma.h>

struct gcma {
	unsigned long base_pfn;
	unsigned long nr_pages;
	const char *name;

	struct list_head list;			/* on gcma_areas */

	spinlock_t lock;			/* protects the fields below */
	unsigned long *allocated;
	unsigned long *lent;
	unsigned long *used;			/* allocated or lent */
	unsigned long *bad;			/* kept out for good */
	unsigned long nr_allocated;		/* allocated and not bad */
	unsigned long nr_lent;			/* lent and not allocated */
	unsigned long nr_bad;
	unsigned long lend_cursor;		/* where lending looks first */
	struct gcma_lender *lender;
};

/*
 * Every area, for gcma_take_page_off(), which finds a page's area by its
 * pfn.  Nests outside gcma->lock.
 */
static LIST_HEAD(gcma_areas);
static DEFINE_SPINLOCK(gcma_areas_lock);

static bool gcma_range_inside(const struct gcma *gcma, unsigned long pfn,
			      unsigned long count)
{
	return count && pfn >= gcma->base_pfn &&
	       pfn - gcma->base_pfn < gcma->nr_pages &&
	       count <= gcma->nr_pages - (pfn - gcma->base_pfn);
}

static void gcma_refuse_free(const struct gcma *gcma, unsigned long pfn,
			     unsigned long count, const char *why)
{
	pr_warn_ratelimited("%s: refusing to free %lu pages at pfn %#lx: %s\n",
			    gcma->name, count, pfn, why);
}

/*
 * Turn a page the caller owns (refcount one) into a free GCMA page.  The
 * page allocator's own free checks run on it, so KASAN, init_on_free, page
 * owner and the bad page checks see a freed page.  Returns false if the
 * checks found a bad page; it then stays out of use.
 */
static bool gcma_page_to_free(struct page *page, unsigned int order)
{
	if (!free_pages_prepare(page, order))
		return false;
	for (unsigned long i = 0; i < (1UL << order); i++)
		__SetPageReserved(nth_page(page, i));
	return true;
}

/*
 * A free page is in the state the page allocator leaves a freed page in:
 * cleared under init_on_free, filled with PAGE_POISON under page_poison=1,
 * poisoned for KASAN, unmapped from the direct map under debug_pagealloc.
 * Lending a page undoes that as an allocation would (post_alloc_hook()),
 * so that its lender can copy data in and out; giving it back redoes it as
 * free_pages_prepare() does, so that what the lender left is never seen by
 * the next user of the page and the allocator's own checks find a free
 * page.  A page with a memory error is not written to.
 *
 * gcma_page_lend() runs under gcma->lock, gcma_page_unlend() under it or
 * on claimed pages; neither sleeps.
 */
static void gcma_page_lend(struct page *page)
{
	arch_alloc_page(page, 0);
	debug_pagealloc_map_pages(page, 1);
	kernel_unpoison_pages(page, 1);
	kasan_unpoison_pages(page, 0, false);
}

static void gcma_page_unlend(struct page *page, bool scrub)
{
	bool init;

	/* memory_failure() may mark it at any time: check late */
	scrub = scrub && !PageHWPoison(page);
	init = scrub && want_init_on_free();
	if (scrub)
		kernel_poison_pages(page, 1);
	kasan_poison_pages(page, 0, init);
	if (init && !kasan_has_integrated_init()) {
		kasan_disable_current();
		clear_highpage_kasan_tagged(page);
		kasan_enable_current();
	}
	arch_free_page(page, 0);
	debug_pagealloc_unmap_pages(page, 1);
}

/*
 * The reverse, done like prep_new_page() for an allocation of @order: one
 * compound page with __GFP_COMP, else 1 << @order pages of one reference
 * each, prepared at once and split as alloc_contig_range() does with the
 * free blocks it gathered (split_free_pages()).
 */
static void gcma_page_to_allocated(struct page *page, unsigned int order,
				   gfp_t gfp)
{
	/* post_alloc_hook() sees to the first page, split_page() not */
	for (unsigned long i = 0; i < (1UL << order); i++) {
		struct page *p = nth_page(page, i);

		__ClearPageReserved(p);
		set_page_private(p, 0);
		clear_page_pfmemalloc(p);
	}
	post_alloc_hook(page, order, gfp);
	set_page_refcounted(page);
	if (order && (gfp & __GFP_COMP))
		prep_compound_page(page, order);
	else if (order)
		split_page(page, order);
}

/*
 * Is a page of the block poisoned?  Checked before the block is prepared:
 * init_on_alloc and page poisoning would touch the page.  The block's
 * struct pages are then in the cache for gcma_page_to_allocated().
 */
static bool gcma_block_poisoned(struct page *page, unsigned int order)
{
	for (unsigned long i = 0; i < (1UL << order); i++)
		if (unlikely(PageHWPoison(nth_page(page, i))))
			return true;
	return false;
}

/**
 * gcma_create() - make a GCMA area of a pfn range
 * @name: name used in messages, copied
 * @base_pfn: first pfn of the range
 * @nr_pages: number of pages
 *
 * The caller must own every page of the range with a single reference:
 * memblock-reserved memory, or pages it allocated (for example with
 * alloc_contig_pages()).  Ownership passes to the new area; all its pages
 * start free.  The range should lie in one zone.
 *
 * Return: the new area, or NULL if memory for its metadata ran out or the
 * range is not valid.
 */
struct gcma *gcma_create(const char *name, unsigned long base_pfn,
			 unsigned long nr_pages)
{
	struct gcma *gcma;
	unsigned long i;

	if (!nr_pages || base_pfn + nr_pages < base_pfn)
		return NULL;
	for (i = 0; i < nr_pages; i++)
		if (!pfn_valid(base_pfn + i))
			return NULL;

	gcma = kzalloc(sizeof(*gcma), GFP_KERNEL);
	if (!gcma)
		return NULL;
	gcma->name = kstrdup_const(name ? name : "gcma", GFP_KERNEL);
	gcma->allocated = bitmap_zalloc(nr_pages, GFP_KERNEL);
	gcma->lent = bitmap_zalloc(nr_pages, GFP_KERNEL);
	gcma->used = bitmap_zalloc(nr_pages, GFP_KERNEL);
	gcma->bad = bitmap_zalloc(nr_pages, GFP_KERNEL);
	if (!gcma->name || !gcma->allocated || !gcma->lent || !gcma->used ||
	    !gcma->bad)
		goto out_free;

	gcma->base_pfn = base_pfn;
	gcma->nr_pages = nr_pages;
	spin_lock_init(&gcma->lock);

	for (i = 0; i < nr_pages; i++) {
		struct page *page = pfn_to_page(base_pfn + i);

		/*
		 * memblock's pages were never allocated: like
		 * init_cma_reserved_pageblock(), mark their allocation tag
		 * empty, so that the free below has nothing to account.
		 */
		if (PageReserved(page)) {
			__ClearPageReserved(page);
			clear_page_tag_ref(page);
		}
		/* memblock and the caller both leave a single reference */
		if (!page_ref_freeze(page, 1)) {
			pr_err("%s: pfn %#lx is in use, keeping it out\n",
			       gcma->name, base_pfn + i);
			gcma->nr_allocated++;
		} else if (!gcma_page_to_free(page, 0)) {
			pr_err("%s: pfn %#lx is bad, keeping it out\n",
			       gcma->name, base_pfn + i);
			__SetPageReserved(page);
			__set_bit(i, gcma->bad);
			gcma->nr_bad++;
		} else {
			continue;
		}
		__set_bit(i, gcma->allocated);
		__set_bit(i, gcma->used);
	}

	spin_lock_irq(&gcma_areas_lock);
	list_add_tail(&gcma->list, &gcma_areas);
	spin_unlock_irq(&gcma_areas_lock);
	return gcma;

out_free:
	bitmap_free(gcma->bad);
	bitmap_free(gcma->used);
	bitmap_free(gcma->lent);
	bitmap_free(gcma->allocated);
	kfree_const(gcma->name);
	kfree(gcma);
	return NULL;
}

/* The bits of @map set in [start, end), a word at a time where whole. */
static unsigned long gcma_weight(const unsigned long *map, unsigned long start,
				 unsigned long end)
{
	unsigned long n = 0, i = start;

	for (; i < end && i % BITS_PER_LONG; i++)
		n += test_bit(i, map);
	for (; i + BITS_PER_LONG <= end; i += BITS_PER_LONG)
		n += hweight_long(map[BIT_WORD(i)]);
	for (; i < end; i++)
		n += test_bit(i, map);
	return n;
}

/*
 * Claim [start, start + count) (bitmap indices) for an allocation, under
 * gcma->lock.  Lent pages in the range keep their lent bit until their
 * lender has dropped them.  Returns the number of lent pages claimed.
 * Word-wise, not per page: interrupts are off.
 */
static unsigned long gcma_claim(struct gcma *gcma, unsigned long start,
				unsigned long count)
{
	unsigned long nr_lent;

	lockdep_assert_held(&gcma->lock);
	bitmap_set(gcma->allocated, start, count);
	bitmap_set(gcma->used, start, count);
	gcma->nr_allocated += count;
	nr_lent = gcma_weight(gcma->lent, start, start + count);
	gcma->nr_lent -= nr_lent;
	return nr_lent;
}

/*
 * Take back claimed lent pages: their lender forgets them, a batch at a
 * time, they are made free pages again (gcma_page_unlend(), @scrub as
 * there), and their lent bits go at the end, GCMA_DROP_BATCH per lock
 * hold: the allocated bits keep everyone else off them meanwhile, and a
 * range of many lent pages would otherwise hold interrupts off for long.
 */
static void gcma_take_back(struct gcma *gcma, unsigned long start,
			   unsigned long count, bool scrub)
{
	struct page *batch[GCMA_DROP_BATCH];
	unsigned long end = start + count, i;
	unsigned long flags;
	unsigned int nr = 0;

	for (i = find_next_bit(gcma->lent, end, start); i < end;
	     i = find_next_bit(gcma->lent, end, i + 1)) {
		batch[nr++] = pfn_to_page(gcma->base_pfn + i);
		if (nr == GCMA_DROP_BATCH) {
			gcma->lender->drop(gcma->lender, batch, nr);
			nr = 0;
		}
	}
	if (nr)
		gcma->lender->drop(gcma->lender, batch, nr);

	/* claimed: no one else lends, returns or hands out these pages */
	for (i = find_next_bit(gcma->lent, end, start); i < end;
	     i = find_next_bit(gcma->lent, end, i + 1)) {
		struct page *page = pfn_to_page(gcma->base_pfn + i);

		set_page_private(page, 0);
		gcma_page_unlend(page, scrub);
	}

	nr = 0;
	spin_lock_irqsave(&gcma->lock, flags);
	for (i = find_next_bit(gcma->lent, end, start); i < end;
	     i = find_next_bit(gcma->lent, end, i + 1)) {
		__clear_bit(i, gcma->lent);
		if (++nr == GCMA_DROP_BATCH) {
			spin_unlock_irqrestore(&gcma->lock, flags);
			nr = 0;
			spin_lock_irqsave(&gcma->lock, flags);
		}
	}
	spin_unlock_irqrestore(&gcma->lock, flags);
}

/*
 * Prepare claimed pages as the page allocator would.  With @check, stop
 * before a block that holds a poisoned page.  Returns the number of pages
 * prepared.
 */
static unsigned long gcma_prepare_range(struct gcma *gcma, unsigned long start,
					unsigned long count, gfp_t gfp,
					bool check)
{
	unsigned long first = gcma->base_pfn + start, pfn = first;
	unsigned long end = pfn + count;
	unsigned int order;

	if (gfp & __GFP_COMP) {
		order = ilog2(count);
		if (check && gcma_block_poisoned(pfn_to_page(pfn), order))
			return 0;
		gcma_page_to_allocated(pfn_to_page(pfn), order, gfp);
		return count;
	}
	/*
	 * Naturally aligned blocks of up to MAX_PAGE_ORDER, so that the page
	 * allocator's hooks (KASAN, page owner, init_on_alloc, the checks) run
	 * once a block, not once a page.
	 */
	for (; pfn < end; pfn += 1UL << order) {
		order = min_t(unsigned int, MAX_PAGE_ORDER, ilog2(end - pfn));
		if (pfn)
			order = min_t(unsigned int, order, __ffs(pfn));
		if (check && gcma_block_poisoned(pfn_to_page(pfn), order))
			break;
		gcma_page_to_allocated(pfn_to_page(pfn), order, gfp);
	}
	return pfn - first;
}

/*
 * Give back claimed pages that were not prepared: still reserved and
 * unreferenced.  Poisoned ones become bad.
 */
static void gcma_unclaim(struct gcma *gcma, unsigned long start,
			 unsigned long count)
{
	unsigned long i, flags;

	spin_lock_irqsave(&gcma->lock, flags);
	for (i = start; i < start + count; i++) {
		struct page *page = pfn_to_page(gcma->base_pfn + i);

		gcma->nr_allocated--;
		if (PageHWPoison(page)) {
			__set_bit(i, gcma->bad);
			gcma->nr_bad++;
			continue;
		}
		/* a page taken back from its lender was made free then */
		__clear_bit(i, gcma->allocated);
		__clear_bit(i, gcma->used);
	}
	spin_unlock_irqrestore(&gcma->lock, flags);
}

/*
 * Finish an allocation claimed by gcma_claim().  A poisoned page in the
 * range (its memory error raced with gcma_take_page_off(), or came while the
 * page was allocated and freed) is never prepared: the range goes back, the
 * poisoned pages stay out as bad ones, and the allocation fails: returns
 * false.
 */
static bool gcma_hand_out(struct gcma *gcma, unsigned long start,
			  unsigned long count, unsigned long nr_lent, gfp_t gfp)
{
	unsigned long done;

	if (nr_lent) {
		u64 t0 = trace_gcma_take_back_enabled() ? ktime_get_ns() : 0;

		gcma_take_back(gcma, start, count, true);
		trace_gcma_take_back(gcma->name, gcma->base_pfn + start, count,
				     nr_lent, t0 ? ktime_get_ns() - t0 : 0);
	}

	done = gcma_prepare_range(gcma, start, count, gfp, true);
	if (unlikely(done < count)) {
		pr_warn_ratelimited("%s: poisoned page in pfns %#lx-%#lx, not handing them out\n",
				    gcma->name, gcma->base_pfn + start,
				    gcma->base_pfn + start + count - 1);
		if (done)
			WARN_ON_ONCE(!gcma_free_range(gcma,
						      gcma->base_pfn + start,
						      done));
		gcma_unclaim(gcma, start + done, count - done);
		return false;
	}
	trace_gcma_alloc(gcma->name, gcma->base_pfn + start, count, nr_lent);
	return true;
}

static int gcma_check_request(const struct gcma *gcma, unsigned long count,
			      gfp_t gfp)
{
	if (!count || count > gcma->nr_pages)
		return -EINVAL;
	/* a compound page needs a power-of-two size, like a folio */
	if ((gfp & __GFP_COMP) && (count == 1 || !is_power_of_2(count)))
		return -EINVAL;
	return 0;
}

/**
 * gcma_alloc_range() - allocate a given range of a GCMA area
 * @gcma: the area
 * @pfn: first pfn of the range
 * @count: number of pages
 * @gfp: GFP flags: __GFP_COMP asks for one compound page of @count pages
 *	(a power of two); zeroing follows init_on_alloc like the page
 *	allocator.
 *
 * Lent pages in the range are taken back by dropping their data; nothing is
 * migrated or waited for.  On success the pages look like the ones
 * alloc_contig_range() returns: one reference on each page, or on the head
 * page of the compound page.
 *
 * Return: 0 on success, -EINVAL if the range is not inside the area or the
 * size does not fit @gfp, -EBUSY if a page of the range is allocated or
 * bad.  Nothing changes on failure, except that a poisoned page found in
 * the range is counted bad from then on.
 */
int gcma_alloc_range_noprof(struct gcma *gcma, unsigned long pfn,
			    unsigned long count, gfp_t gfp)
{
	unsigned long start, nr_lent, flags;
	int ret;

	ret = gcma_check_request(gcma, count, gfp);
	if (ret)
		return ret;
	if (!gcma_range_inside(gcma, pfn, count))
		return -EINVAL;

	start = pfn - gcma->base_pfn;
	spin_lock_irqsave(&gcma->lock, flags);
	if (find_next_bit(gcma->allocated, start + count, start) <
	    start + count) {
		spin_unlock_irqrestore(&gcma->lock, flags);
		return -EBUSY;
	}
	nr_lent = gcma_claim(gcma, start, count);
	spin_unlock_irqrestore(&gcma->lock, flags);

	return gcma_hand_out(gcma, start, count, nr_lent, gfp) ? 0 : -EBUSY;
}

/**
 * gcma_alloc() - allocate contiguous pages from a GCMA area
 * @gcma: the area
 * @count: number of pages
 * @align: alignment of the first pfn, as a page order
 * @gfp: GFP flags, as for gcma_alloc_range()
 *
 * Return: the first page of the range, or NULL if no free range of @count
 * pages with that alignment exists or the request is impossible.
 */
struct page *gcma_alloc_noprof(struct gcma *gcma, unsigned long count,
			       unsigned int align, gfp_t gfp)
{
	unsigned long mask, offset, start, nr_lent, flags;

	if (gcma_check_request(gcma, count, gfp) || align >= BITS_PER_LONG)
		return NULL;

	mask = (1UL << align) - 1;
	offset = gcma->base_pfn & mask;
	/* each retry leaves one more page out for good: it ends */
	do {
		spin_lock_irqsave(&gcma->lock, flags);
		start = bitmap_find_next_zero_area_off(gcma->allocated,
						       gcma->nr_pages, 0,
						       count, mask, offset);
		if (start >= gcma->nr_pages) {
			spin_unlock_irqrestore(&gcma->lock, flags);
			return NULL;
		}
		nr_lent = gcma_claim(gcma, start, count);
		spin_unlock_irqrestore(&gcma->lock, flags);
	} while (!gcma_hand_out(gcma, start, count, nr_lent, gfp));
	return pfn_to_page(gcma->base_pfn + start);
}

/*
 * Drop the single reference of every page of a non-compound range so that
 * no one else can take one.  Undone if any page is compound or referenced
 * elsewhere, which means the caller frees something it does not own.
 */
static bool gcma_freeze_pages(struct page *page, unsigned long count)
{
	unsigned long i;

	for (i = 0; i < count; i++) {
		struct page *p = nth_page(page, i);

		if (PageCompound(p) || !page_ref_freeze(p, 1))
			break;
	}
	if (i == count)
		return true;
	while (i--)
		page_ref_unfreeze(nth_page(page, i), 1);
	return false;
}

/**
 * gcma_free_range() - give allocated pages back to their GCMA area
 * @gcma: the area
 * @pfn: first pfn of the range
 * @count: number of pages
 *
 * The range may be part of an allocation, or a whole compound page.  Every
 * page must be allocated and hold only the caller's reference.
 *
 * A page that fails the page allocator's free checks (which report it), or
 * that is marked PageHWPoison, becomes bad and stays out of use for good;
 * a compound page that fails its checks stays out whole, as in the page
 * allocator.
 *
 * Return: true if the pages are free again, or bad.  False, with a
 * rate-limited message and nothing changed, if the range is not inside the
 * area, a page of it is not allocated (a double free), a page is still
 * referenced elsewhere, or the range cuts a compound page.
 *
 * Context: any context, like the page allocator's free: it takes
 * gcma->lock with interrupts disabled and never sleeps.  Releases of CMA
 * areas come here from cma_release(), which hugetlb calls where it may not
 * sleep.
 */
bool gcma_free_range(struct gcma *gcma, unsigned long pfn,
		     unsigned long count)
{
	unsigned long start, i, flags, nr_bad = 0;
	struct page *page;
	bool allocated;

	if (!gcma_range_inside(gcma, pfn, count)) {
		gcma_refuse_free(gcma, pfn, count, "range not inside the area");
		return false;
	}

	start = pfn - gcma->base_pfn;
	spin_lock_irqsave(&gcma->lock, flags);
	allocated = find_next_zero_bit(gcma->allocated, start + count, start) >=
		    start + count &&
		    find_next_bit(gcma->bad, start + count, start) >=
		    start + count;
	spin_unlock_irqrestore(&gcma->lock, flags);
	if (!allocated) {
		gcma_refuse_free(gcma, pfn, count, "pages not allocated");
		return false;
	}

	page = pfn_to_page(pfn);
	if (PageHead(page)) {
		struct folio *folio = page_folio(page);

		if (folio_nr_pages(folio) != count) {
			gcma_refuse_free(gcma, pfn, count,
					 "count is not the compound page's");
			return false;
		}
		if (!folio_ref_freeze(folio, 1)) {
			gcma_refuse_free(gcma, pfn, count, "page still in use");
			return false;
		}
		if (!gcma_page_to_free(page, folio_order(folio)))
			nr_bad = count;
		else
			for (i = 0; i < count; i++)
				nr_bad += PageHWPoison(nth_page(page, i));
	} else {
		if (!gcma_freeze_pages(page, count)) {
			gcma_refuse_free(gcma, pfn, count,
					 "page still in use or compound");
			return false;
		}
		for (i = 0; i < count; i++)
			nr_bad += !gcma_page_to_free(nth_page(page, i), 0);
	}

	/*
	 * Pages that passed the checks are reserved now; the others, and the
	 * poisoned ones, keep their allocated bit and become bad.
	 */
	spin_lock_irqsave(&gcma->lock, flags);
	if (!nr_bad) {
		bitmap_clear(gcma->allocated, start, count);
		bitmap_clear(gcma->used, start, count);
		gcma->nr_allocated -= count;
	}
	for (i = 0; nr_bad && i < count; i++) {
		struct page *p = nth_page(page, i);

		gcma->nr_allocated--;
		if (PageReserved(p) && !PageHWPoison(p)) {
			__clear_bit(start + i, gcma->allocated);
			__clear_bit(start + i, gcma->used);
			continue;
		}
		__SetPageReserved(p);
		__set_bit(start + i, gcma->bad);
		gcma->nr_bad++;
	}
	spin_unlock_irqrestore(&gcma->lock, flags);
	trace_gcma_free(gcma->name, pfn, count, nr_bad);
	return true;
}

/**
 * gcma_destroy() - give all pages of an idle GCMA area back to its creator
 * @gcma: the area; freed on success
 *
 * Lent pages are taken back from their lender first.  Every page is then
 * returned as if allocated with one reference, to be freed by the caller the
 * way it obtained the range (free_contig_range() for pages that came from
 * alloc_contig_pages()).  Bad pages go back with one reference but not
 * prepared: freeing them keeps them out of the page allocator too.
 *
 * Return: 0, or -EBUSY (and nothing changes) if a page is still allocated.
 */
int gcma_destroy(struct gcma *gcma)
{
	unsigned long nr_lent, flags, start, end;

	spin_lock_irqsave(&gcma_areas_lock, flags);
	spin_lock(&gcma->lock);
	if (gcma->nr_allocated) {
		spin_unlock(&gcma->lock);
		spin_unlock_irqrestore(&gcma_areas_lock, flags);
		return -EBUSY;
	}
	list_del(&gcma->list);
	nr_lent = gcma_claim(gcma, 0, gcma->nr_pages);
	spin_unlock(&gcma->lock);
	spin_unlock_irqrestore(&gcma_areas_lock, flags);

	if (nr_lent)
		gcma_take_back(gcma, 0, gcma->nr_pages, true);
	for (start = 0; start < gcma->nr_pages; start = end + 1) {
		end = find_next_bit(gcma->bad, gcma->nr_pages, start);
		/* charged to gcma_destroy() until the creator frees them */
		if (end > start)
			alloc_hooks(gcma_prepare_range(gcma, start, end - start,
						       GFP_KERNEL, false));
		if (end < gcma->nr_pages) {
			struct page *page = pfn_to_page(gcma->base_pfn + end);

			__ClearPageReserved(page);
			set_page_refcounted(page);
			/* its free reset the page owner, the next one will */
			if (PageHWPoison(page))
				set_page_owner(page, 0, GFP_KERNEL);
			/* and its allocation tag: nothing to account */
			clear_page_tag_ref(page);
		}
	}
	bitmap_free(gcma->bad);
	bitmap_free(gcma->used);
	bitmap_free(gcma->lent);
	bitmap_free(gcma->allocated);
	kfree_const(gcma->name);
	kfree(gcma);
	return 0;
}

/**
 * gcma_get_stat() - count the pages of a GCMA area in each state
 * @gcma: the area
 * @stat: filled with a consistent snapshot
 */
void gcma_get_stat(struct gcma *gcma, struct gcma_stat *stat)
{
	unsigned long flags;

	spin_lock_irqsave(&gcma->lock, flags);
	stat->base_pfn = gcma->base_pfn;
	stat->nr_pages = gcma->nr_pages;
	stat->nr_allocated = gcma->nr_allocated;
	stat->nr_lent = gcma->nr_lent;
	stat->nr_bad = gcma->nr_bad;
	stat->nr_free = gcma->nr_pages - gcma->nr_allocated - gcma->nr_lent -
			gcma->nr_bad;
	spin_unlock_irqrestore(&gcma->lock, flags);
}

/**
 * gcma_take_page_off() - take a page with a memory error out of its area
 * @page: a page that memory_failure() or soft_offline_page() has to deal
 *	with
 *
 * The page allocator's take_page_off_buddy() for GCMA areas, whose free
 * pages are not in the buddy allocator.  A free page of an area leaves it
 * for good; so does a lent page, once its lender has dropped the data it
 * held.  An allocated page is left to its owner: gcma_free_range() keeps it
 * out when it comes back poisoned.  The caller marks the page PageHWPoison
 * and counts it.
 *
 * Context: process context; the lender's ->drop() is called.
 * Return: true if @page was a free or lent page of an area and is bad now;
 * false if it belongs to no area or is allocated or bad already.
 */
bool gcma_take_page_off(struct page *page)
{
	unsigned long pfn = page_to_pfn(page), i = 0, nr_lent = 0, flags;
	struct gcma *gcma, *found = NULL;

	spin_lock_irqsave(&gcma_areas_lock, flags);
	list_for_each_entry(gcma, &gcma_areas, list) {
		if (!gcma_range_inside(gcma, pfn, 1))
			continue;
		i = pfn - gcma->base_pfn;
		spin_lock(&gcma->lock);
		if (!test_bit(i, gcma->allocated)) {
			/* allocated meanwhile, so that gcma_destroy() waits */
			nr_lent = gcma_claim(gcma, i, 1);
			found = gcma;
		}
		spin_unlock(&gcma->lock);
		break;
	}
	spin_unlock_irqrestore(&gcma_areas_lock, flags);
	if (!found)
		return false;

	gcma = found;
	/* its lender drops it; nothing writes to the page with its error */
	if (nr_lent)
		gcma_take_back(gcma, i, 1, false);
	spin_lock_irqsave(&gcma->lock, flags);
	__set_bit(i, gcma->bad);
	gcma->nr_allocated--;
	gcma->nr_bad++;
	/* under the lock: gcma_destroy() may free the area right after */
	pr_warn("%s: pfn %#lx taken out of the area after a memory error%s\n",
		gcma->name, pfn, nr_lent ? ", its lent data dropped" : "");
	spin_unlock_irqrestore(&gcma->lock, flags);
	return true;
}

/**
 * gcma_set_lender() - let a lender use the idle pages of an area
 * @gcma: the area
 * @lender: the lender, its ->drop() set; NULL takes the lender away
 *
 * A lender is taken away only once it has no page lent.
 *
 * Return: 0, or -EBUSY if the area has another lender, or if the lender
 * to take away still has pages.
 */
int gcma_set_lender(struct gcma *gcma, struct gcma_lender *lender)
{
	unsigned long flags;
	int ret = -EBUSY;

	spin_lock_irqsave(&gcma->lock, flags);
	if (lender ? !gcma->lender :
	    bitmap_empty(gcma->lent, gcma->nr_pages)) {
		gcma->lender = lender;
		ret = 0;
	}
	spin_unlock_irqrestore(&gcma->lock, flags);
	return ret;
}

/* The first page at or after @from that is neither allocated nor lent. */
static unsigned long gcma_find_unused(struct gcma *gcma, unsigned long from)
{
	unsigned long i = find_next_zero_bit(gcma->used, gcma->nr_pages, from);

	if (i >= gcma->nr_pages && from)
		i = find_first_zero_bit(gcma->used, from);
	return i < gcma->nr_pages ? i : gcma->nr_pages;
}

/**
 * gcma_lend_page() - borrow a free page of an area for discardable data
 * @gcma: the area, which must have a lender
 * @cookie: kept in page_private() for the lender, whose ->drop() finds it
 *
 * The page stays reserved and unreferenced: the lender copies data in and
 * out through kmap_local_page() and never maps or references it otherwise.
 * The lender may use the page's ->lru and ->index for its own bookkeeping;
 * ->private holds @cookie.  The page is made accessible as an allocation
 * makes a page (debug_pagealloc, page poisoning, KASAN); when it stops
 * being lent it becomes a free page again, cleared under init_on_free, so
 * that no later user sees what the lender left.
 *
 * Context: any context; takes gcma->lock with interrupts disabled.
 *
 * Return: the page, or NULL if no page is free.
 */
struct page *gcma_lend_page(struct gcma *gcma, unsigned long cookie)
{
	unsigned long i, flags;
	struct page *page = NULL, *p;

	spin_lock_irqsave(&gcma->lock, flags);
	if (WARN_ON_ONCE(!gcma->lender))
		goto out;
	for (;;) {
		if (gcma->nr_allocated + gcma->nr_lent + gcma->nr_bad >=
		    gcma->nr_pages)
			goto out;
		i = gcma_find_unused(gcma, gcma->lend_cursor);
		if (WARN_ON_ONCE(i >= gcma->nr_pages))
			goto out;
		p = pfn_to_page(gcma->base_pfn + i);
		if (likely(!PageHWPoison(p)))
			break;
		/* poisoned after its free checked it: out for good */
		__set_bit(i, gcma->bad);
		__set_bit(i, gcma->allocated);
		__set_bit(i, gcma->used);
		gcma->nr_bad++;
	}
	__set_bit(i, gcma->lent);
	__set_bit(i, gcma->used);
	gcma->nr_lent++;
	gcma->lend_cursor = i + 1 < gcma->nr_pages ? i + 1 : 0;
	page = p;
	set_page_private(page, cookie);
	gcma_page_lend(page);
out:
	spin_unlock_irqrestore(&gcma->lock, flags);
	return page;
}

/**
 * gcma_return_page() - give a lent page back because its data is not needed
 * @gcma: the area
 * @page: a page from gcma_lend_page()
 *
 * The page is cleared (init_on_free) or poisoned (page_poison=1) as the
 * page allocator's free does, under gcma->lock with interrupts disabled.
 *
 * Return: true if the page is free again; false if an allocation is taking
 * it back, in which case the lender's ->drop() is called for it (or has
 * been) and the lender must let it go.
 */
bool gcma_return_page(struct gcma *gcma, struct page *page)
{
	unsigned long i = page_to_pfn(page) - gcma->base_pfn;
	unsigned long flags;
	bool ret = false;

	spin_lock_irqsave(&gcma->lock, flags);
	if (test_bit(i, gcma->lent) && !test_bit(i, gcma->allocated)) {
		set_page_private(page, 0);
		gcma_page_unlend(page, true);
		__clear_bit(i, gcma->lent);
		__clear_bit(i, gcma->used);
		gcma->nr_lent--;
		ret = true;
	}
	spin_unlock_irqrestore(&gcma->lock, flags);
	return ret;
}

/* The first page in [start, end) that is lent and not being taken back. */
static unsigned long gcma_find_lent(struct gcma *gcma, unsigned long start,
				    unsigned long end)
{
	unsigned long i;

	lockdep_assert_held(&gcma->lock);
	for (i = find_next_bit(gcma->lent, end, start); i < end;
	     i = find_next_bit(gcma->lent, end, i)) {
		if (!test_bit(i, gcma->allocated))
			break;
		/* a range being allocated: skip it a word at a time */
		i = find_next_zero_bit(gcma->allocated, end, i);
	}
	return i;
}

/**
 * gcma_next_lent_page() - pick a lent page for its lender to reuse
 * @gcma: the area
 *
 * Lending goes round the area behind a cursor, so the lent page the cursor
 * reaches next is, roughly, the one lent longest ago.  It stays lent, with
 * its cookie; the lender replaces its data and may change page_private().
 * The cursor moves past it.
 *
 * Return: that page, or NULL if no page of the area is lent.
 */
struct page *gcma_next_lent_page(struct gcma *gcma)
{
	unsigned long from, i, flags;
	struct page *page = NULL;

	spin_lock_irqsave(&gcma->lock, flags);
	/* counts lent pages that are not being taken back */
	if (!gcma->nr_lent)
		goto out;
	from = gcma->lend_cursor;
	i = gcma_find_lent(gcma, from, gcma->nr_pages);
	if (i >= gcma->nr_pages) {
		i = gcma_find_lent(gcma, 0, from);
		if (i >= from)
			goto out;
	}
	page = pfn_to_page(gcma->base_pfn + i);
	gcma->lend_cursor = i + 1 < gcma->nr_pages ? i + 1 : 0;
out:
	spin_unlock_irqrestore(&gcma->lock, flags);
	return page;
}

/**
 * gcma_page_index() - where a page lies in an area
 * @gcma: the area
 * @page: any page
 *
 * Return: the page's index in @gcma (0 for its first page), or ULONG_MAX
 * if @page is not a page of @gcma.
 */
unsigned long gcma_page_index(const struct gcma *gcma,
			      const struct page *page)
{
	unsigned long pfn = page_to_pfn(page);

	return gcma_range_inside(gcma, pfn, 1) ? pfn - gcma->base_pfn :
						 ULONG_MAX;
}

#ifdef CONFIG_GCMA_KUNIT_TEST
#include "tests/gcma_kunit.h"
#endif
