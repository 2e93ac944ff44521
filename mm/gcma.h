/* SPDX-License-Identifier: GPL-2.0 */
/*
 * GCMA internals shared with the rest of mm: the interface for lenders, the
 * users of idle GCMA pages.
 */
#ifndef __MM_GCMA_H__
#define __MM_GCMA_H__

#include <linux/gcma.h>

/* Pages a lender is told of at once when an allocation takes them back. */
#define GCMA_DROP_BATCH		64

/**
 * struct gcma_lender - a user of idle pages of a GCMA area
 * @drop: called when an allocation takes back pages lent to this lender,
 *	at most GCMA_DROP_BATCH of them in @pages at a time.  It runs in the
 *	allocating task's context, without GCMA locks held, after the pages
 *	have left the lent state and before they are handed out.  The lender
 *	must forget every page (its data is gone) and must not touch them
 *	once @drop returns; page_private() of each is still the cookie given
 *	to gcma_lend_page().  It must not sleep, must not do I/O and should
 *	cost O(1) per page: it sets the latency of the allocation.
 *
 * A lender embeds this structure in its own and finds it in @drop with
 * container_of().
 *
 * A lender stores only data that it can lose at any time without I/O: a
 * clean copy of a file page, a copy of a page already written to swap.
 * A lent page is never mapped to user space and never put on an LRU; its
 * content is reached by copying through kmap_local_page().
 */
struct gcma_lender {
	void (*drop)(struct gcma_lender *lender, struct page **pages,
		     unsigned int nr);
};

#ifdef CONFIG_GCMA
int gcma_set_lender(struct gcma *gcma, struct gcma_lender *lender);
struct page *gcma_lend_page(struct gcma *gcma, unsigned long cookie);
bool gcma_return_page(struct gcma *gcma, struct page *page);
struct page *gcma_next_lent_page(struct gcma *gcma);
unsigned long gcma_page_index(const struct gcma *gcma,
			      const struct page *page);
#else
static inline int gcma_set_lender(struct gcma *gcma,
				  struct gcma_lender *lender)
{
	return -EOPNOTSUPP;
}

static inline struct page *gcma_lend_page(struct gcma *gcma,
					  unsigned long cookie)
{
	return NULL;
}

static inline bool gcma_return_page(struct gcma *gcma, struct page *page)
{
	return false;
}

static inline struct page *gcma_next_lent_page(struct gcma *gcma)
{
	return NULL;
}

static inline unsigned long gcma_page_index(const struct gcma *gcma,
					    const struct page *page)
{
	return ULONG_MAX;
}
#endif /* CONFIG_GCMA */

#endif /* __MM_GCMA_H__ */
