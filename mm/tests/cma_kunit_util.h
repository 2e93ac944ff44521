/* SPDX-License-Identifier: GPL-2.0 */
/* Helpers shared by the CMA KUnit suites. */
#ifndef __MM_TESTS_CMA_KUNIT_UTIL_H__
#define __MM_TESTS_CMA_KUNIT_UTIL_H__

#include <linux/bitmap.h>
#include <linux/spinlock.h>

#include "../cma.h"

/* Pages of @cma marked in its bitmap: handed out, or kept by defer-free. */
static inline unsigned long cma_kunit_used_pages(struct cma *cma)
{
	unsigned long used;

	spin_lock_irq(&cma->lock);
	used = bitmap_weight(cma->bitmap, cma_bitmap_maxno(cma));
	spin_unlock_irq(&cma->lock);
	return used << cma->order_per_bit;
}

#endif /* __MM_TESTS_CMA_KUNIT_UTIL_H__ */
