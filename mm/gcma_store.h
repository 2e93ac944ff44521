/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The store of copies in idle pages of guaranteed CMA areas
 * (mm/gcma_store.c), as its clients see it: the copies of clean file pages
 * (mm/gcma_file.c) and the write-through copies of swapped-out pages
 * (mm/gcma_swap.c).  A client names its copies by (key, index): the key is
 * an object of the client's own (a mapping, a swap type), the index where
 * in it the page is.
 */
#ifndef __MM_GCMA_STORE_H__
#define __MM_GCMA_STORE_H__

#include <linux/jump_label.h>
#include <linux/types.h>

struct page;

/* The users of the store: each has a switch and counters per area. */
enum gcma_client {
	GCMA_CLIENT_FILE,
	GCMA_CLIENT_SWAP,
	GCMA_NR_CLIENTS
};

#ifdef CONFIG_GCMA_STORE
/* Some guaranteed area lends its idle pages to copies. */
DECLARE_STATIC_KEY_FALSE(gcma_copies_used);

bool gcma_copy_lends(enum gcma_client client);
bool gcma_copy_put(enum gcma_client client, const void *key, pgoff_t index,
		   struct page *src, bool replace);
bool gcma_copy_get(const void *key, pgoff_t index, struct page *dst,
		   unsigned int nr, bool keep);
unsigned long gcma_copy_drop(const void *key, pgoff_t first, pgoff_t last);
void gcma_copy_claim(const void *key, pgoff_t index);
bool gcma_copy_get_claimed(const void *key, pgoff_t index, struct page *dst);
bool gcma_copy_has_claimed(const void *key, pgoff_t first, pgoff_t last);
#endif /* CONFIG_GCMA_STORE */

#endif /* __MM_GCMA_STORE_H__ */
