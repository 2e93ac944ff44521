/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Hooks of swap into GCMA's write-through copies of swapped-out pages
 * (mm/gcma_swap.c).  Each is one call at its site; without
 * CONFIG_GCMA_SWAP_COPIES they compile to nothing.
 */
#ifndef __MM_GCMA_SWAP_H__
#define __MM_GCMA_SWAP_H__

#include <linux/types.h>

struct address_space;
struct folio;

#ifdef CONFIG_GCMA_SWAP_COPIES
void gcma_swap_store(struct folio *folio);
void gcma_swap_evict(struct folio *folio);
bool gcma_swap_load(struct folio *folio);
void gcma_swap_drop_folio(struct folio *folio);
void gcma_swap_invalidate(unsigned int type, pgoff_t offset,
			  unsigned long nr);
void gcma_swap_on(unsigned int type, unsigned long nr_slots);
void gcma_swap_file(struct address_space *mapping);
void gcma_swap_off(unsigned int type);
#else
static inline void gcma_swap_store(struct folio *folio)
{
}

static inline void gcma_swap_evict(struct folio *folio)
{
}

static inline bool gcma_swap_load(struct folio *folio)
{
	return false;
}

static inline void gcma_swap_drop_folio(struct folio *folio)
{
}

static inline void gcma_swap_invalidate(unsigned int type, pgoff_t offset,
					unsigned long nr)
{
}

static inline void gcma_swap_on(unsigned int type, unsigned long nr_slots)
{
}

static inline void gcma_swap_file(struct address_space *mapping)
{
}

static inline void gcma_swap_off(unsigned int type)
{
}
#endif /* CONFIG_GCMA_SWAP_COPIES */

#endif /* __MM_GCMA_SWAP_H__ */
