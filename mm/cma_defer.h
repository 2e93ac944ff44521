/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Defer-free: released CMA ranges kept allocated for the next cma_alloc().
 * The hooks called from mm/cma.c; see mm/cma_defer.c.
 */
#ifndef __MM_CMA_DEFER_H__
#define __MM_CMA_DEFER_H__

#include <linux/types.h>

struct cma;
struct page;

/* What cma_release() does with a range it checked is allocated. */
enum cma_defer_verdict {
	CMA_DEFER_FREE,		/* not cached: free it */
	CMA_DEFER_KEPT,		/* cached: it stays allocated */
	CMA_DEFER_CACHED,	/* overlaps a cached range: refuse it */
};

#ifdef CONFIG_CMA_DEFER_FREE
struct page *cma_defer_take(struct cma *cma, unsigned long count,
			    unsigned int align, gfp_t gfp);
enum cma_defer_verdict cma_defer_keep(struct cma *cma, unsigned long pfn,
				      unsigned long count);
bool cma_defer_drain(struct cma *cma);
void cma_defer_drain_end(struct cma *cma);
#else
static inline struct page *cma_defer_take(struct cma *cma,
					  unsigned long count,
					  unsigned int align, gfp_t gfp)
{
	return NULL;
}

static inline enum cma_defer_verdict cma_defer_keep(struct cma *cma,
						    unsigned long pfn,
						    unsigned long count)
{
	return CMA_DEFER_FREE;
}

static inline bool cma_defer_drain(struct cma *cma)
{
	return false;
}

static inline void cma_defer_drain_end(struct cma *cma)
{
}
#endif

#endif /* __MM_CMA_DEFER_H__ */
