/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Hooks of the page cache into GCMA's copies of clean file pages
 * (mm/gcma_file.c).  Each is one call at its site; without
 * CONFIG_GCMA_FILE_COPIES they compile to nothing.
 */
#ifndef __MM_GCMA_FILE_H__
#define __MM_GCMA_FILE_H__

#include <linux/types.h>

struct address_space;
struct folio;
struct readahead_control;

#ifdef CONFIG_GCMA_FILE_COPIES
void gcma_file_remove_folio(struct address_space *mapping,
			    struct folio *folio, bool reclaimed);
void gcma_file_add_folio(struct address_space *mapping, struct folio *folio);
void gcma_file_drop_copies(struct address_space *mapping, pgoff_t first,
			   pgoff_t last);
void gcma_file_invalidate_copies(struct address_space *mapping, pgoff_t first,
				 pgoff_t last);
bool gcma_file_load_folio(struct folio *folio);
bool gcma_file_load_readahead(struct readahead_control *rac);
#else
static inline void gcma_file_remove_folio(struct address_space *mapping,
					  struct folio *folio, bool reclaimed)
{
}

static inline void gcma_file_add_folio(struct address_space *mapping,
				       struct folio *folio)
{
}

static inline void gcma_file_drop_copies(struct address_space *mapping,
					 pgoff_t first, pgoff_t last)
{
}

static inline void gcma_file_invalidate_copies(struct address_space *mapping,
					       pgoff_t first, pgoff_t last)
{
}

static inline bool gcma_file_load_folio(struct folio *folio)
{
	return false;
}

static inline bool gcma_file_load_readahead(struct readahead_control *rac)
{
	return false;
}
#endif /* CONFIG_GCMA_FILE_COPIES */

#endif /* __MM_GCMA_FILE_H__ */
