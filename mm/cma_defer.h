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

#ifdef CONFIG_CMA_DEFER_FREE
struct page *cma_defer_take(struct cma *cma, unsigned long count,
			    unsigned int align, gfp_t gfp);
bool cma_defer_keep(struct cma *cma, unsigned long pfn, unsigned long count);
bool cma_defer_drain(struct cma *cma);
#else
static inline struct page *cma_defer_take(struct cma *cma,
					  unsigned long count,
					  unsigned int align, gfp_t gfp)
{
	return NULL;
}

static inline bool cma_defer_keep(struct cma *cma, unsigned long pfn,
				  unsigned long count)
{
	return false;
}

static inline bool cma_defer_drain(struct cma *cma)
{
	return false;
}
#endif

#endif /* __MM_CMA_DEFER_H__ */
