// SPDX-License-Identifier: GPL-2.0
/*
 * Defer-free for CMA areas
 *
 * Buffer pools (camera, video, dma-buf heaps) allocate and free ranges of
 * the same sizes over and over.  On a stock area every new allocation may
 * have to migrate again whatever moved in since the last release.  With
 * defer-free, cma_release() keeps the range allocated, in a per-area cache,
 * and the next cma_alloc() of a size it fits takes it back without touching
 * the page allocator.
 *
 * A cached range stays exactly as cma_alloc() handed it out: its bitmap
 * bits set, one reference on every page.  Nothing else can use it, which
 * is the price: memory kept out of the page allocator against reuse
 * latency.  It is bounded per area (defer_free_max_pages, 0 meaning off)
 * and given back
 *
 *  - by a shrinker under memory pressure, oldest ranges first;
 *  - by an allocation that missed the cache and found no free range, before
 *    it retries, so the cache never makes an allocation fail that would
 *    have succeeded without it: the retry sees every range released before
 *    it starts (the allocation waits for the ranges others are giving back,
 *    and releases during the retry are freed, not cached);
 *  - when the limit is lowered.
 *
 * Each area's ranges sit in an rbtree ordered by (size, pfn): a lookup
 * finds the same-size ranges in O(log n) and checks their alignment, then
 * tries a few larger ones it can split, giving the remainder back.  The
 * same ranges sit in a second rbtree ordered by pfn: a cached range is
 * still marked allocated in the area's bitmap, so only the cache can tell
 * a second release of it (or of a part of it) from a first one, and every
 * release looks there for an overlap before it frees or caches anything.
 * All caches also sit on one list, oldest first, for the shrinker.  One
 * spinlock covers the trees and the list; the pages themselves are freed
 * and cleared outside it.
 *
 * With init_on_free or init_on_alloc, a range taken from the cache is
 * cleared first, as the page allocator would have cleared it: no caller
 * sees another caller's data.
 *
 * cma_release() runs in any context, so does everything of this file on
 * its path: cma_defer_lock is taken with interrupts disabled, and range
 * descriptors come from GFP_NOWAIT.
 *
 * The idea is from the 2023 RFC "mm: introduce defer free for cma"; this
 * implementation is new.
 */

#define pr_fmt(fmt) "cma: " fmt

#include <linux/cma.h>
#include <linux/highmem.h>
#include <linux/init.h>
#include <linux/list.h>
#include <linux/mm.h>
#include <linux/rbtree.h>
#include <linux/shrinker.h>
#include <linux/slab.h>
#include <linux/spinlock.h>

#include "internal.h"
#include "cma.h"
#include "cma_defer.h"

#define CREATE_TRACE_POINTS
#include <trace/events/cma_defer.h>

struct cma_defer_range {
	struct rb_node node;		/* in its area's tree by size */
	struct rb_node pfn_node;	/* in its area's tree by pfn */
	struct list_head lru;		/* on cma_defer_lru, oldest first */
	struct cma *cma;
	unsigned long pfn;
	unsigned long count;
};

struct cma_defer {
	struct rb_root ranges;		/* by (count, pfn) */
	struct rb_root by_pfn;		/* the same ranges by pfn */
	unsigned long nr_pages;		/* pages cached */
	unsigned long max_pages;	/* limit, 0: defer-free off */
	unsigned long nr_hits;		/* allocations served from the cache */
	unsigned long nr_misses;	/* allocations it could not serve */
	unsigned long nr_shrunk;	/* pages given back by the shrinker */
	unsigned long nr_drained;	/* pages given back to failing allocs */
	/* pages taken off the cache and not yet given back to the area */
	unsigned long nr_returning;
	/* allocations retrying after a drain: releases are not cached */
	unsigned int nr_retrying;
	/* a range was ever cached: failing allocations drain and retry */
	bool used;
};

static DEFINE_SPINLOCK(cma_defer_lock);	/* protects all state below */
static struct cma_defer cma_defer[MAX_CMA_AREAS];
static LIST_HEAD(cma_defer_lru);
static unsigned long cma_defer_nr_pages;	/* in all areas */

/* Larger ranges a lookup tries to split before it gives up. */
#define CMA_DEFER_SPLIT_TRIES	8

static struct cma_defer *cma_defer_of(struct cma *cma)
{
	return &cma_defer[cma - cma_areas];
}

/* Cached ranges never overlap, so ordering them by first pfn is enough. */
static void cma_defer_insert_pfn(struct cma_defer *d,
				 struct cma_defer_range *r)
{
	struct rb_node **link = &d->by_pfn.rb_node, *parent = NULL;

	while (*link) {
		parent = *link;
		if (r->pfn < rb_entry(parent, struct cma_defer_range,
				      pfn_node)->pfn)
			link = &parent->rb_left;
		else
			link = &parent->rb_right;
	}
	rb_link_node(&r->pfn_node, parent, link);
	rb_insert_color(&r->pfn_node, &d->by_pfn);
}

/* Does any cached range of @d share a page with [@pfn, @pfn + @count)? */
static bool cma_defer_overlaps(struct cma_defer *d, unsigned long pfn,
			       unsigned long count)
{
	struct rb_node *n = d->by_pfn.rb_node;

	lockdep_assert_held(&cma_defer_lock);
	while (n) {
		struct cma_defer_range *e = rb_entry(n, struct cma_defer_range,
						     pfn_node);

		if (pfn + count <= e->pfn)
			n = n->rb_left;
		else if (pfn >= e->pfn + e->count)
			n = n->rb_right;
		else
			return true;
	}
	return false;
}

static void cma_defer_insert(struct cma_defer *d, struct cma_defer_range *r)
{
	struct rb_node **link = &d->ranges.rb_node, *parent = NULL;

	while (*link) {
		struct cma_defer_range *e;

		parent = *link;
		e = rb_entry(parent, struct cma_defer_range, node);
		if (r->count < e->count ||
		    (r->count == e->count && r->pfn < e->pfn))
			link = &parent->rb_left;
		else
			link = &parent->rb_right;
	}
	rb_link_node(&r->node, parent, link);
	rb_insert_color(&r->node, &d->ranges);
	cma_defer_insert_pfn(d, r);
	list_add_tail(&r->lru, &cma_defer_lru);
	d->nr_pages += r->count;
	cma_defer_nr_pages += r->count;
}

/*
 * Take a range off the cache.  Its pages stay allocated until they are
 * given back (cma_defer_give_back()), which counts them in nr_returning
 * until then: cma_defer_drain() waits for them.
 */
static void cma_defer_remove(struct cma_defer_range *r)
{
	struct cma_defer *d = cma_defer_of(r->cma);

	rb_erase(&r->node, &d->ranges);
	rb_erase(&r->pfn_node, &d->by_pfn);
	list_del(&r->lru);
	d->nr_pages -= r->count;
	d->nr_returning += r->count;
	cma_defer_nr_pages -= r->count;
}

/* The first range of at least @count pages, in (count, pfn) order. */
static struct cma_defer_range *cma_defer_first_fit(struct cma_defer *d,
						   unsigned long count)
{
	struct rb_node *n = d->ranges.rb_node;
	struct cma_defer_range *best = NULL;

	while (n) {
		struct cma_defer_range *e = rb_entry(n, struct cma_defer_range,
						     node);

		if (e->count >= count) {
			best = e;
			n = n->rb_left;
		} else {
			n = n->rb_right;
		}
	}
	return best;
}

static struct cma_defer_range *cma_defer_next(struct cma_defer_range *r)
{
	return rb_entry_safe(rb_next(&r->node), struct cma_defer_range, node);
}

/* Is @pfn on a bitmap granule of @cma (1 << order_per_bit pages)? */
static bool cma_defer_on_granule(struct cma *cma, unsigned long pfn)
{
	return !((pfn - cma->base_pfn) & ((1UL << cma->order_per_bit) - 1));
}

/*
 * Find a cached range holding @count pages aligned to @align: an exact fit
 * if there is one, else a larger range to split.  Returns its first
 * usable pfn in @start.
 *
 * The area's bitmap has a bit per granule of 1 << order_per_bit pages, and
 * an allocation starts on a granule and holds the bits of the granules it
 * touches.  A split must leave the head and the tail whole granules, each
 * given back with exactly its own bits: so only a request of whole
 * granules splits a range, and it starts on a granule.  Other requests
 * take exact fits only (any area with one page per bit splits freely).
 */
static struct cma_defer_range *cma_defer_find(struct cma *cma,
					      struct cma_defer *d,
					      unsigned long count,
					      unsigned int align,
					      unsigned long *start)
{
	unsigned long gran = 1UL << cma->order_per_bit;
	unsigned long mask = (1UL << align) - 1;
	struct cma_defer_range *r = cma_defer_first_fit(d, count);
	int tries = CMA_DEFER_SPLIT_TRIES;

	lockdep_assert_held(&cma_defer_lock);
	for (; r && r->count == count; r = cma_defer_next(r)) {
		if (!(r->pfn & mask)) {
			*start = r->pfn;
			return r;
		}
	}
	if (count & (gran - 1))
		return NULL;
	for (; r && tries--; r = cma_defer_next(r)) {
		unsigned long pfn = cma->base_pfn +
				    ALIGN(r->pfn - cma->base_pfn, gran);

		pfn = ALIGN(pfn, 1UL << align);
		if (cma_defer_on_granule(cma, pfn) &&
		    pfn + count <= r->pfn + r->count) {
			*start = pfn;
			return r;
		}
	}
	return NULL;
}

/*
 * @count pages taken off the cache are settled: back in the area, or
 * handed out.  Wake the allocations waiting for the last of them.
 */
static void cma_defer_returned(struct cma_defer *d, unsigned long count)
{
	unsigned long flags;
	bool last;

	spin_lock_irqsave(&cma_defer_lock, flags);
	d->nr_returning -= count;
	last = !d->nr_returning;
	spin_unlock_irqrestore(&cma_defer_lock, flags);
	if (last) {
		/* pairs with the barrier in wait_var_event()'s sleep */
		smp_mb();
		wake_up_var(&d->nr_returning);
	}
}

/* Give a range taken off the cache back to its area, outside the lock. */
static void cma_defer_give_back(struct cma_defer_range *r)
{
	if (!cma_free_range(r->cma, r->pfn, r->count))
		pr_err("%s: cached range of %lu pages at pfn %#lx is in use, leaking it\n",
		       r->cma->name, r->count, r->pfn);
	cma_defer_returned(cma_defer_of(r->cma), r->count);
}

static void cma_defer_give_back_list(struct list_head *list)
{
	struct cma_defer_range *r, *tmp;

	list_for_each_entry_safe(r, tmp, list, lru) {
		list_del(&r->lru);
		cma_defer_give_back(r);
		kfree(r);
	}
}

static void cma_defer_clear(unsigned long pfn, unsigned long count)
{
	unsigned long i;

	for (i = 0; i < count; i++) {
		clear_highpage(pfn_to_page(pfn + i));
		cond_resched();
	}
}

/*
 * A memory error on a cached page finds it allocated, and leaves it to the
 * cache (memory_failure() marks it PageHWPoison and ignores it).  Only
 * looked for once some page of the system is poisoned.
 */
static bool cma_defer_poisoned(unsigned long pfn, unsigned long count)
{
	unsigned long i;

	if (!IS_ENABLED(CONFIG_MEMORY_FAILURE) ||
	    !atomic_long_read(&num_poisoned_pages))
		return false;
	for (i = 0; i < count; i++)
		if (PageHWPoison(pfn_to_page(pfn + i)))
			return true;
	return false;
}

/**
 * cma_defer_take() - take an allocation from an area's cache
 * @cma: the area
 * @count: number of pages
 * @align: alignment as a page order
 * @gfp: the allocation's flags
 *
 * Return: the first page of a cached range that now belongs to the caller,
 * cleared if init_on_free or init_on_alloc asks for it; NULL on a miss.
 */
struct page *cma_defer_take(struct cma *cma, unsigned long count,
			    unsigned int align, gfp_t gfp)
{
	struct cma_defer *d = cma_defer_of(cma);
	struct cma_defer_range *r, head = { .cma = cma }, tail = { .cma = cma };
	unsigned long start = 0, flags;

	/* a cached range is not a compound page */
	if (!READ_ONCE(d->max_pages) || (gfp & __GFP_COMP))
		return NULL;

	spin_lock_irqsave(&cma_defer_lock, flags);
	r = cma_defer_find(cma, d, count, align, &start);
	if (r) {
		/* all of it counts as returning until the checks below */
		cma_defer_remove(r);
		d->nr_hits++;
	} else {
		d->nr_misses++;
	}
	spin_unlock_irqrestore(&cma_defer_lock, flags);
	if (!r) {
		trace_cma_defer_miss(cma->name, count, align);
		return NULL;
	}
	trace_cma_defer_hit(cma->name, start, count);

	/* what the allocation does not need goes back to the area */
	head.pfn = r->pfn;
	head.count = start - r->pfn;
	tail.pfn = start + count;
	tail.count = r->pfn + r->count - tail.pfn;
	kfree(r);
	if (head.count)
		cma_defer_give_back(&head);
	if (tail.count)
		cma_defer_give_back(&tail);
	/* the area's free path keeps poisoned pages out */
	if (unlikely(cma_defer_poisoned(start, count))) {
		head.pfn = start;
		head.count = count;
		cma_defer_give_back(&head);
		return NULL;
	}
	cma_defer_returned(d, count);

	if (want_init_on_free() || want_init_on_alloc(gfp))
		cma_defer_clear(start, count);
	return pfn_to_page(start);
}

/*
 * Only plain pages that nobody but the releasing caller holds, and none
 * with a memory error: those must go through the area's free path.
 */
static bool cma_defer_reusable(unsigned long pfn, unsigned long count)
{
	unsigned long i;

	for (i = 0; i < count; i++) {
		struct page *page = pfn_to_page(pfn + i);

		if (PageCompound(page) || page_ref_count(page) != 1 ||
		    PageHWPoison(page))
			return false;
	}
	return true;
}

/**
 * cma_defer_keep() - keep a released range in its area's cache
 * @cma: the area
 * @pfn: first pfn of the range, which cma_release() checked is allocated
 * @count: number of pages
 *
 * A cached range keeps its bitmap bits and its page references, so the
 * bitmap alone cannot tell a second release of it from a first one: this
 * looks for an overlap with the cache, under the same lock as the insert,
 * whether or not the range is then kept.  A release that runs at the same
 * time as the give-back of the very range it releases (a concurrent double
 * release) is not caught, as with two concurrent releases of any range.
 *
 * A range is not cached, but freed, while an allocation from the area
 * retries after giving the cache back (see cma_defer_drain()).
 *
 * Context: any context, as cma_release(): the range descriptor is
 * allocated with GFP_NOWAIT and cma_defer_lock is taken with interrupts
 * disabled.
 *
 * Return: CMA_DEFER_KEPT if the range is cached (it stays allocated);
 * CMA_DEFER_CACHED if it shares pages with a cached range, a double or
 * overlapping release that the caller must refuse; CMA_DEFER_FREE if the
 * caller must free it: defer-free is off, the cache is full, an
 * allocation is retrying, or the range is a compound page, still
 * referenced elsewhere or does not start on a bitmap granule.
 */
enum cma_defer_verdict cma_defer_keep(struct cma *cma, unsigned long pfn,
				      unsigned long count)
{
	enum cma_defer_verdict verdict = CMA_DEFER_FREE;
	struct cma_defer *d = cma_defer_of(cma);
	struct cma_defer_range *r = NULL;
	unsigned long flags;

	/*
	 * Nothing cached and nothing to cache: no overlap is possible, as
	 * the limit is lowered to 0 before the cache is emptied.
	 */
	if (!READ_ONCE(d->max_pages) && !READ_ONCE(d->nr_pages))
		return CMA_DEFER_FREE;
	/* cma_release() may be called where sleeping is not allowed */
	if (count <= READ_ONCE(d->max_pages) &&
	    cma_defer_on_granule(cma, pfn) && cma_defer_reusable(pfn, count))
		r = kmalloc(sizeof(*r), GFP_NOWAIT | __GFP_NOWARN);

	spin_lock_irqsave(&cma_defer_lock, flags);
	if (cma_defer_overlaps(d, pfn, count)) {
		verdict = CMA_DEFER_CACHED;
	} else if (r && !d->nr_retrying &&
		   d->nr_pages + count <= d->max_pages) {
		r->cma = cma;
		r->pfn = pfn;
		r->count = count;
		cma_defer_insert(d, r);
		r = NULL;
		d->used = true;
		verdict = CMA_DEFER_KEPT;
	}
	spin_unlock_irqrestore(&cma_defer_lock, flags);
	kfree(r);
	if (verdict == CMA_DEFER_KEPT)
		trace_cma_defer_keep(cma->name, pfn, count);
	return verdict;
}

/* Take an area's oldest ranges off until it holds at most @keep pages. */
static unsigned long cma_defer_trim(struct cma *cma, unsigned long keep,
				    struct list_head *out)
{
	struct cma_defer *d = cma_defer_of(cma);
	struct cma_defer_range *r, *tmp;
	unsigned long nr = 0;

	lockdep_assert_held(&cma_defer_lock);
	list_for_each_entry_safe(r, tmp, &cma_defer_lru, lru) {
		if (d->nr_pages <= keep)
			break;
		if (r->cma != cma)
			continue;
		cma_defer_remove(r);
		list_add_tail(&r->lru, out);
		nr += r->count;
	}
	return nr;
}

/**
 * cma_defer_drain() - give back everything an area has cached
 * @cma: the area
 *
 * Called by an allocation that missed the cache and found no free range,
 * before it retries.  The cache must not make it fail where it would
 * succeed without defer-free, so this gives back every cached range, then
 * waits until the ranges that others took off the cache (the shrinker, a
 * split, a lowered limit) are back in the area too; and until the caller
 * calls cma_defer_drain_end(), releases to the area are freed, not cached.
 * The retry then sees every range released before it started, as it would
 * without defer-free.  On an area that has ever cached a range it always
 * retries: a range given back between the caller's scan and this call is
 * free only for a scan that comes after.
 *
 * Context: process context; may sleep.
 * Return: true if the caller must retry, and call cma_defer_drain_end()
 * when the retry is over; false if defer-free never cached a range of the
 * area.
 */
bool cma_defer_drain(struct cma *cma)
{
	struct cma_defer *d = cma_defer_of(cma);
	unsigned long nr, flags;
	LIST_HEAD(list);

	if (!READ_ONCE(d->used))
		return false;
	spin_lock_irqsave(&cma_defer_lock, flags);
	nr = cma_defer_trim(cma, 0, &list);
	d->nr_drained += nr;
	d->nr_retrying++;
	spin_unlock_irqrestore(&cma_defer_lock, flags);
	cma_defer_give_back_list(&list);
	trace_cma_defer_drain(cma->name, nr);
	wait_var_event(&d->nr_returning, !READ_ONCE(d->nr_returning));
	return true;
}

/**
 * cma_defer_drain_end() - the retry after cma_defer_drain() is over
 * @cma: the area
 *
 * Releases to the area may be cached again once no allocation retries.
 */
void cma_defer_drain_end(struct cma *cma)
{
	struct cma_defer *d = cma_defer_of(cma);
	unsigned long flags;

	spin_lock_irqsave(&cma_defer_lock, flags);
	d->nr_retrying--;
	spin_unlock_irqrestore(&cma_defer_lock, flags);
}

/* Set an area's limit; what is cached beyond it goes back at once. */
static int cma_defer_set_max(struct cma *cma, unsigned long max_pages)
{
	struct cma_defer *d = cma_defer_of(cma);
	unsigned long flags;
	LIST_HEAD(list);

	if (max_pages > cma->count)
		return -EINVAL;
	spin_lock_irqsave(&cma_defer_lock, flags);
	WRITE_ONCE(d->max_pages, max_pages);
	cma_defer_trim(cma, max_pages, &list);
	spin_unlock_irqrestore(&cma_defer_lock, flags);
	cma_defer_give_back_list(&list);
	return 0;
}

/* A limit written by the user: a page count, all of it, or nothing. */
static int cma_defer_parse_max(struct cma *cma, const char *buf)
{
	unsigned long max_pages;

	if (kstrtoul(buf, 0, &max_pages))
		return -EINVAL;
	return cma_defer_set_max(cma, max_pages);
}

static unsigned long cma_defer_count_objects(struct shrinker *shrinker,
					     struct shrink_control *sc)
{
	unsigned long nr = READ_ONCE(cma_defer_nr_pages);

	return nr ? nr : SHRINK_EMPTY;
}

/* Give back the oldest ranges of all areas, whole, until enough pages. */
static unsigned long cma_defer_scan_objects(struct shrinker *shrinker,
					    struct shrink_control *sc)
{
	struct cma_defer_range *r;
	unsigned long freed = 0, flags;
	LIST_HEAD(list);

	spin_lock_irqsave(&cma_defer_lock, flags);
	while (freed < sc->nr_to_scan && !list_empty(&cma_defer_lru)) {
		r = list_first_entry(&cma_defer_lru, struct cma_defer_range,
				     lru);
		cma_defer_remove(r);
		cma_defer_of(r->cma)->nr_shrunk += r->count;
		list_add_tail(&r->lru, &list);
		freed += r->count;
	}
	spin_unlock_irqrestore(&cma_defer_lock, flags);
	cma_defer_give_back_list(&list);
	trace_cma_defer_shrink(sc->nr_to_scan, freed);
	return freed ? freed : SHRINK_STOP;
}

static unsigned long cma_defer_boot_max __initdata;

/* cma_defer_free=<size>: the boot-time limit of every area */
static int __init early_cma_defer_free(char *p)
{
	char *end;

	if (!p)
		return -EINVAL;
	cma_defer_boot_max = memparse(p, &end) >> PAGE_SHIFT;
	if (end == p || *end) {
		pr_err("cma_defer_free=%s: not a size; defer-free stays off\n",
		       p);
		cma_defer_boot_max = 0;
	}
	return 0;
}
early_param("cma_defer_free", early_cma_defer_free);

#ifdef CONFIG_CMA_SYSFS
static struct cma *cma_defer_kobj_cma(struct kobject *kobj)
{
	return container_of(kobj, struct cma_kobject, kobj)->cma;
}

static ssize_t defer_free_max_pages_show(struct kobject *kobj,
					 struct kobj_attribute *attr,
					 char *buf)
{
	struct cma *cma = cma_defer_kobj_cma(kobj);

	return sysfs_emit(buf, "%lu\n", READ_ONCE(cma_defer_of(cma)->max_pages));
}

static ssize_t defer_free_max_pages_store(struct kobject *kobj,
					  struct kobj_attribute *attr,
					  const char *buf, size_t len)
{
	int ret = cma_defer_parse_max(cma_defer_kobj_cma(kobj), buf);

	return ret ? ret : len;
}

static struct kobj_attribute defer_free_max_pages_attr =
	__ATTR_RW(defer_free_max_pages);

struct cma_defer_counter {
	struct kobj_attribute attr;
	size_t offset;			/* in struct cma_defer */
};

static ssize_t cma_defer_counter_show(struct kobject *kobj,
				      struct kobj_attribute *attr, char *buf)
{
	struct cma_defer_counter *c = container_of(attr,
					struct cma_defer_counter, attr);
	struct cma_defer *d = cma_defer_of(cma_defer_kobj_cma(kobj));

	return sysfs_emit(buf, "%lu\n",
			  READ_ONCE(*(unsigned long *)((char *)d + c->offset)));
}

#define CMA_DEFER_COUNTER(_name, _field) {				\
	.attr = __ATTR(_name, 0444, cma_defer_counter_show, NULL),	\
	.offset = offsetof(struct cma_defer, _field),			\
}

static struct cma_defer_counter cma_defer_counters[] = {
	CMA_DEFER_COUNTER(defer_free_cached_pages, nr_pages),
	CMA_DEFER_COUNTER(defer_free_hits, nr_hits),
	CMA_DEFER_COUNTER(defer_free_misses, nr_misses),
	CMA_DEFER_COUNTER(defer_free_shrunk_pages, nr_shrunk),
	CMA_DEFER_COUNTER(defer_free_drained_pages, nr_drained),
};

static struct attribute *cma_defer_attrs[] = {
	&defer_free_max_pages_attr.attr,
	&cma_defer_counters[0].attr.attr,
	&cma_defer_counters[1].attr.attr,
	&cma_defer_counters[2].attr.attr,
	&cma_defer_counters[3].attr.attr,
	&cma_defer_counters[4].attr.attr,
	NULL,
};

static const struct attribute_group cma_defer_group = {
	.attrs = cma_defer_attrs,
};

static void __init cma_defer_sysfs_init(struct cma *cma)
{
	if (cma->cma_kobj &&
	    sysfs_create_group(&cma->cma_kobj->kobj, &cma_defer_group))
		pr_warn("%s: no defer-free files in sysfs\n", cma->name);
}
#else
static void __init cma_defer_sysfs_init(struct cma *cma)
{
}
#endif /* CONFIG_CMA_SYSFS */

/* After cma_sysfs_init(), which made the area directories. */
static int __init cma_defer_init(void)
{
	struct shrinker *shrinker;
	int i;

	shrinker = shrinker_alloc(0, "cma-defer-free");
	if (!shrinker) {
		pr_err("defer-free disabled: cannot allocate its shrinker\n");
		return -ENOMEM;
	}
	shrinker->count_objects = cma_defer_count_objects;
	shrinker->scan_objects = cma_defer_scan_objects;
	shrinker_register(shrinker);

	for (i = 0; i < cma_area_count; i++) {
		struct cma *cma = &cma_areas[i];

		cma_defer_sysfs_init(cma);
		if (cma_defer_boot_max)
			cma_defer_set_max(cma, min(cma_defer_boot_max,
						   cma->count));
	}
	return 0;
}
late_initcall(cma_defer_init);

#ifdef CONFIG_CMA_DEFER_FREE_KUNIT_TEST
#include "tests/cma_defer_kunit.h"
#endif
