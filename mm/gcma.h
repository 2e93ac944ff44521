/* SPDX-License-Identifier: GPL-2.0 */
/*
 * GCMA internals shared with the rest of mm: the interface for lenders, the
 * users of idle GCMA pages.
 */
#ifndef __MM_GCMA_H__
#define __MM_GCMA_H__

#include <linux/gcma.h>

/**
 * struct gcma_lender - a user of idle pages of a GCMA area
 * @drop: called when an allocation takes back a page lent to this lender.
 *	It runs in the allocating task's context, without GCMA locks held,
 *	after the page has left the lent state and before it is handed out.
 *	The lender must forget @page (its data is gone) and must not touch
 *	the page once @drop returns.  @cookie is the value given to
 *	gcma_lend_page().  It must not sleep, must not do I/O and should
 *	cost O(1): it sets the latency of the allocation.
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
	void (*drop)(struct gcma_lender *lender, struct page *page,
		     unsigned long cookie);
};

#ifdef CONFIG_GCMA
int gcma_set_lender(struct gcma *gcma, struct gcma_lender *lender);
struct page *gcma_lend_page(struct gcma *gcma, unsigned long cookie);
bool gcma_return_page(struct gcma *gcma, struct page *page);
bool gcma_owns_page(const struct gcma *gcma, const struct page *page);
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

static inline bool gcma_owns_page(const struct gcma *gcma,
				  const struct page *page)
{
	return false;
}
#endif /* CONFIG_GCMA */

#endif /* __MM_GCMA_H__ */
