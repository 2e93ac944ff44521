/* SPDX-License-Identifier: GPL-2.0 */
/* Helpers shared by the CMA KUnit suites. */
#ifndef __MM_TESTS_CMA_KUNIT_UTIL_H__
#define __MM_TESTS_CMA_KUNIT_UTIL_H__

#include <linux/bitmap.h>
#include <linux/cma.h>
#include <linux/highmem.h>
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

/*
 * Owner tags.  A concurrent test writes its tag into every page it holds
 * and checks the tags before it releases the range: a range handed out to
 * two holders at once is caught by the one that checks last.
 */
struct cma_kunit_tag {
	unsigned long pfn;
	u32 owner;
	u32 serial;
};

static inline void cma_kunit_tag_pages(struct page *page, unsigned long count,
				       u32 owner, u32 serial)
{
	unsigned long i;

	for (i = 0; i < count; i++) {
		struct cma_kunit_tag *tag = kmap_local_page(page + i);

		tag->pfn = page_to_pfn(page + i);
		tag->owner = owner;
		tag->serial = serial;
		kunmap_local(tag);
	}
}

/* How many pages of the range do not hold the tag (@owner, @serial)? */
static inline unsigned long cma_kunit_tags_differ(struct page *page,
						  unsigned long count,
						  u32 owner, u32 serial)
{
	unsigned long i, nr = 0;

	for (i = 0; i < count; i++) {
		struct cma_kunit_tag *tag = kmap_local_page(page + i);

		nr += tag->pfn != page_to_pfn(page + i) ||
		      tag->owner != owner || tag->serial != serial;
		kunmap_local(tag);
	}
	return nr;
}

#endif /* __MM_TESTS_CMA_KUNIT_UTIL_H__ */
