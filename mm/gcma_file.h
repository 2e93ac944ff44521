/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Hooks of the page cache into GCMA's copies of clean file pages
 * (mm/gcma_file.c).  Each is one call at its site; without
 * CONFIG_GCMA_FILE_COPIES they compile to nothing.
 *
 * The store of copies in mm/gcma_file.c also serves the other client of
 * the areas' idle pages, swap (mm/gcma_swap.c), through gcma_copy_*().
 */
#ifndef __MM_GCMA_FILE_H__
#define __MM_GCMA_FILE_H__

#include <linux/jump_label.h>
#include <linux/types.h>

struct address_space;
struct folio;
struct page;
struct readahead_control;

/* The users of the store: each has a switch and counters per area. */
enum gcma_client {
	GCMA_CLIENT_FILE,
	GCMA_CLIENT_SWAP,
	GCMA_NR_CLIENTS
};

#ifdef CONFIG_GCMA_FILE_COPIES
/* Some guaranteed area lends its idle pages to copies. */
DECLARE_STATIC_KEY_FALSE(gcma_copies_used);

bool gcma_copy_put(enum gcma_client client, const void *key, pgoff_t index,
		   struct page *src, bool replace);
bool gcma_copy_lends(enum gcma_client client);
bool gcma_copy_get(const void *key, pgoff_t index, struct page *dst,
		   unsigned int nr, bool keep);
unsigned long gcma_copy_drop(const void *key, pgoff_t first, pgoff_t last);

void gcma_file_remove_folio(struct address_space *mapping,
			    struct folio *folio, bool reclaimed);
void gcma_file_add_folio(struct address_space *mapping, struct folio *folio);
void gcma_file_drop_copies(struct address_space *mapping, pgoff_t first,
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
