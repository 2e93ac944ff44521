/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The store of copies in idle pages of guaranteed CMA areas
 * (mm/gcma_store.c), as its clients see it: the copies of clean file pages
 * (mm/gcma_file.c) and the write-through copies of swapped-out pages
 * (mm/gcma_swap.c).  A client names its copies by (key, index): the key
 * names what holds the data, the index where in it the page is.
 */
#ifndef __MM_GCMA_STORE_H__
#define __MM_GCMA_STORE_H__

#include <linux/jump_label.h>
#include <linux/types.h>

struct page;

/**
 * struct gcma_copy_key - what a client's copies belong to
 * @ns: a namespace, an object of the client's own: a super block, a
 *	mapping, the swap client's.  It is only compared.
 * @id: an identity in @ns: an inode number, a swap type
 * @gen: a generation of @id.  Copies are found only under the generation
 *	they were made under: a key of @ns and @id of another generation
 *	forgets them (the owner is retired).
 */
struct gcma_copy_key {
	const void *ns;
	u64 id;
	u32 gen;
};

/* The users of the store: each has a switch and counters per area. */
enum gcma_client {
	GCMA_CLIENT_FILE,
	GCMA_CLIENT_SWAP,
	GCMA_NR_CLIENTS
};

/*
 * The most copies one call takes or claims: a large file folio of up to
 * 128 KiB, or a swap-in of GCMA_SWAP_LOAD_MAX pages.
 */
#define GCMA_COPY_NR_MAX	32

#ifdef CONFIG_GCMA_STORE
/* Some guaranteed area lends its idle pages to copies. */
DECLARE_STATIC_KEY_FALSE(gcma_copies_used);

bool gcma_copy_lends(enum gcma_client client);
bool gcma_copy_put(enum gcma_client client, const struct gcma_copy_key *key,
		   pgoff_t index, struct page *src, bool replace);
bool gcma_copy_get(const struct gcma_copy_key *key, pgoff_t index,
		   struct page *dst, unsigned int nr, bool keep);
unsigned long gcma_copy_drop(const struct gcma_copy_key *key, pgoff_t first,
			     pgoff_t last);
void gcma_copy_drop_claimed(const struct gcma_copy_key *key, pgoff_t first,
			    pgoff_t last);
bool gcma_copy_attach(const struct gcma_copy_key *key);
void gcma_copy_forget(const struct gcma_copy_key *key);
void gcma_copy_forget_ns(const void *ns);
void gcma_copy_claim(const struct gcma_copy_key *key, pgoff_t index,
		     unsigned int nr);
bool gcma_copy_get_claimed(const struct gcma_copy_key *key, pgoff_t index,
			   struct page *dst, unsigned int nr);
bool gcma_copy_has_claimed(const struct gcma_copy_key *key, pgoff_t first,
			   pgoff_t last);
#endif /* CONFIG_GCMA_STORE */

#endif /* __MM_GCMA_STORE_H__ */
