// SPDX-License-Identifier: GPL-2.0
/*
 * Write-through copies of swapped-out pages in idle pages of guaranteed
 * CMA areas
 *
 * When a page goes to a swap device (zswap did not take it, it is not all
 * zeroes), a copy of it is kept in an idle page of a guaranteed area, in
 * the store of mm/gcma_file.c, keyed by its swap slot.  The device gets
 * the write all the same: the copy is a cache in front of it.  A swap-in
 * that finds the copy fills the folio from it and skips the device read.
 * An allocation from the area takes its pages back by forgetting their
 * copies, at no cost: the device holds the same data.
 *
 * The rule every hook keeps: the copy of a swap slot holds what the device
 * holds in that slot, or a folio in the swap cache shadows the slot (a
 * swap-in reads a slot only with no folio of it in the swap cache, and
 * under SWAP_HAS_CACHE, which keeps the slot from being freed).  Hence:
 *
 *  - swap_writepage(), the one place where the data of a slot in use
 *    changes, drops the copies of the folio's slots first, whatever it
 *    then does with the folio, and makes a new copy only right before
 *    __swap_writepage() sends the folio to the device.  The folio is
 *    locked in the swap cache and unmapped, so the copy and the device
 *    get the same data.  A folio zswap takes, or one the zero map
 *    records, is not written and gets no copy;
 *  - swap_range_free() drops the copies of every slot it frees, whatever
 *    freed it (the last reference gone, the swap cache dropping its
 *    folio, a failed swap-out), before the slot can be allocated again:
 *    a reused slot never finds a copy of its former data;
 *  - swapoff drops what of the device is left, next to zswap_swapoff():
 *    after try_to_unuse() every slot was freed, so there is nothing, but
 *    the next device of that type must not meet a copy of this one.
 *    swapon needs nothing: the owner of a device's copies is made with
 *    its first copy.
 *
 * Loads are inclusive: the copy stays after a swap-in.  While the slot
 * lives it holds the same data, and so does the copy; a folio reclaimed
 * again unchanged is not written again (a clean swap-cache folio is only
 * dropped), and its next swap-in finds the copy again, where an exclusive
 * load would have lost it: a workload cycling through more memory than
 * it has swaps in the same pages over and over.  A folio changed after
 * its swap-in goes through swap_writepage() again, which drops the copy
 * first; a write fault that frees the slot drops it in swap_range_free().
 * Keeping the copy costs nothing anybody else could use: it lives in an
 * idle page of a guaranteed area, which only the area's allocations may
 * take, and they take it at will.
 *
 * The idea is the GCMA RFC's (Park, Kim, 2015): its area also held the
 * pages of a write-through frontswap backend.  Frontswap left the kernel
 * in 6.5; these hooks are direct calls that sit where zswap's do.
 */

#define pr_fmt(fmt) "gcma: " fmt

#include <linux/mm.h>
#include <linux/pagemap.h>
#include <linux/swap.h>
#include <linux/swapops.h>

#include "gcma_file.h"
#include "gcma_swap.h"

/* The owners of swap copies: one per swap type, keyed by address. */
static const char gcma_swap_keys[MAX_SWAPFILES];

static const void *gcma_swap_key(unsigned int type)
{
	return &gcma_swap_keys[type];
}

/**
 * gcma_swap_store() - keep a copy of a folio that goes to its swap device
 * @folio: the folio, locked and in the swap cache, about to be written
 *
 * Called right before the write: the copies are of what the device gets.
 * A page that cannot be copied has no copy, and neither have the pages
 * after it.
 */
void gcma_swap_store(struct folio *folio)
{
	const void *key = gcma_swap_key(swp_type(folio->swap));
	pgoff_t offset = swp_offset(folio->swap);
	long i, nr = folio_nr_pages(folio);

	if (!static_branch_unlikely(&gcma_copies_used))
		return;
	for (i = 0; i < nr; i++)
		if (!gcma_copy_put(GCMA_CLIENT_SWAP, key, offset + i,
				   folio_page(folio, i)))
			break;
}

/**
 * gcma_swap_load() - fill a folio from the copies of its swap slots
 * @folio: locked, not uptodate, with folio->swap its first slot
 *
 * All the folio's pages come from copies, or none: a large folio with
 * one copy missing is read from the device.  The copies stay.
 *
 * Return: true if the folio was filled and marked uptodate; the caller
 * unlocks it.  False if it must be read.
 */
bool gcma_swap_load(struct folio *folio)
{
	swp_entry_t entry = folio->swap;

	if (!static_branch_unlikely(&gcma_copies_used))
		return false;
	if (!gcma_copy_get(gcma_swap_key(swp_type(entry)), swp_offset(entry),
			   folio_page(folio, 0), folio_nr_pages(folio), true))
		return false;
	folio_mark_uptodate(folio);
	return true;
}

/**
 * gcma_swap_invalidate() - swap slots no longer hold their data
 * @type: the swap type
 * @offset: the first slot
 * @nr: how many
 *
 * Called when the slots are freed, before they can be allocated again.
 */
void gcma_swap_invalidate(unsigned int type, pgoff_t offset, unsigned long nr)
{
	if (!static_branch_unlikely(&gcma_copies_used))
		return;
	gcma_copy_drop(gcma_swap_key(type), offset, offset + nr - 1);
}

/**
 * gcma_swap_drop_folio() - the data of a folio's swap slots will change
 * @folio: the folio, locked and in the swap cache, being written out
 */
void gcma_swap_drop_folio(struct folio *folio)
{
	gcma_swap_invalidate(swp_type(folio->swap), swp_offset(folio->swap),
			     folio_nr_pages(folio));
}

/**
 * gcma_swap_off() - a swap device goes away
 * @type: its type, which the next swapon may reuse
 */
void gcma_swap_off(unsigned int type)
{
	if (!static_branch_unlikely(&gcma_copies_used))
		return;
	gcma_copy_drop(gcma_swap_key(type), 0, ULONG_MAX);
}

#ifdef CONFIG_GCMA_SWAP_COPIES_KUNIT_TEST
#include "tests/gcma_swap_kunit.h"
#endif
