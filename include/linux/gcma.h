/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Guaranteed contiguous memory allocator (GCMA)
 *
 * A GCMA area is a range of physical pages that never enters the buddy
 * allocator.  Allocating from it never migrates anything, so it succeeds
 * whenever a fitting range is free, at a cost that does not depend on
 * memory pressure.  Idle pages may be lent to data that can be dropped at
 * once (see mm/gcma.h), and are taken back by dropping that data.
 *
 * CMA areas declared guaranteed (cma_set_guaranteed()) are backed by GCMA;
 * drivers keep using cma_alloc() and the DMA API.  The functions below are
 * for mm code that manages a GCMA area of its own.
 */
#ifndef _LINUX_GCMA_H
#define _LINUX_GCMA_H

#include <linux/alloc_tag.h>
#include <linux/types.h>
#include <linux/errno.h>
#include <linux/gfp_types.h>

struct gcma;
struct page;

/**
 * struct gcma_stat - a snapshot of the page states of a GCMA area
 * @base_pfn: first pfn of the area
 * @nr_pages: size of the area
 * @nr_free: pages that hold nothing
 * @nr_lent: idle pages holding discardable data
 * @nr_allocated: pages handed out by an allocation
 * @nr_bad: pages kept out for good: a memory error, or failed free checks
 *
 * @nr_free + @nr_lent + @nr_allocated + @nr_bad == @nr_pages at all times.
 */
struct gcma_stat {
	unsigned long base_pfn;
	unsigned long nr_pages;
	unsigned long nr_free;
	unsigned long nr_lent;
	unsigned long nr_allocated;
	unsigned long nr_bad;
};

#ifdef CONFIG_GCMA
struct gcma *gcma_create(const char *name, unsigned long base_pfn,
			 unsigned long nr_pages);
int gcma_destroy(struct gcma *gcma);
struct page *gcma_alloc_noprof(struct gcma *gcma, unsigned long count,
			       unsigned int align, gfp_t gfp);
int gcma_alloc_range_noprof(struct gcma *gcma, unsigned long pfn,
			    unsigned long count, gfp_t gfp);
bool gcma_free_range(struct gcma *gcma, unsigned long pfn,
		     unsigned long count);
void gcma_get_stat(struct gcma *gcma, struct gcma_stat *stat);
bool gcma_take_page_off(struct page *page);
#else
static inline struct gcma *gcma_create(const char *name,
				       unsigned long base_pfn,
				       unsigned long nr_pages)
{
	return NULL;
}

static inline int gcma_destroy(struct gcma *gcma)
{
	return -EOPNOTSUPP;
}

static inline struct page *gcma_alloc_noprof(struct gcma *gcma,
					     unsigned long count,
					     unsigned int align, gfp_t gfp)
{
	return NULL;
}

static inline int gcma_alloc_range_noprof(struct gcma *gcma,
					  unsigned long pfn,
					  unsigned long count, gfp_t gfp)
{
	return -EOPNOTSUPP;
}

static inline bool gcma_free_range(struct gcma *gcma, unsigned long pfn,
				   unsigned long count)
{
	return false;
}

static inline void gcma_get_stat(struct gcma *gcma, struct gcma_stat *stat)
{
}

static inline bool gcma_take_page_off(struct page *page)
{
	return false;
}
#endif /* CONFIG_GCMA */

/* Like the page allocator's, allocations are charged to their caller. */
#define gcma_alloc(...)		alloc_hooks(gcma_alloc_noprof(__VA_ARGS__))
#define gcma_alloc_range(...)	alloc_hooks(gcma_alloc_range_noprof(__VA_ARGS__))

#endif /* _LINUX_GCMA_H */
