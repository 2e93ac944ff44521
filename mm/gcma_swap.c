// SPDX-License-Identifier: GPL-2.0
/*
 * Write-through copies of swapped-out pages in idle pages of guaranteed
 * CMA areas
 *
 * When a page goes to a swap device (zswap did not take it, it is not all
 * zeroes), a copy of it is kept in an idle page of a guaranteed area, in
 * the store of mm/gcma_store.c, keyed by its swap slot.  The device gets
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
 *  - __remove_mapping() copies a clean swap-cache folio that reclaim
 *    frees, to the slots that have no copy: clean, it holds what they
 *    hold on the device (a failed write redirties it), and with its
 *    refcount frozen nobody changes it.  So a page swapped in from the
 *    device and only read gets a copy when it is evicted again, and the
 *    area holds what reclaim evicted last;
 *  - swap_range_free() drops the copies of every slot it frees, whatever
 *    freed it (the last reference gone, the swap cache dropping its
 *    folio, a failed swap-out), before the slot can be allocated again:
 *    a reused slot never finds a copy of its former data;
 *  - swapoff drops what of the device is left, next to zswap_swapoff():
 *    after try_to_unuse() every slot was freed, so there is nothing, but
 *    the next device of that type must not meet a copy of this one.
 *
 * Most freed slots never had a copy (zswap took the page, it was all
 * zeroes, the copy was evicted or taken back), and slots are freed one by
 * one under the device's lock.  So that they do not all take the store's
 * lock, swapon gives each device a bitmap, like its zero map, with a bit
 * per slot that may have a copy: set before a copy is made, with the
 * folio locked in the swap cache, cleared again if no copy could be made,
 * and tested and cleared when the slot is freed, under si->lock.  A bit
 * left set by a take-back costs one needless drop.  While no area lends
 * to swap copies, nothing is copied and no bit is set.  Without the
 * bitmap (no memory at swapon) every free drops.
 *
 * Loads are inclusive: the copy stays after a swap-in.  While the slot
 * lives it holds the same data, and so does the copy; a folio reclaimed
 * again unchanged is not written again (a clean swap-cache folio is only
 * dropped), and its next swap-in finds the copy again, where an exclusive
 * load would have had to copy it back at the eviction: a workload cycling
 * through more memory than it has swaps in the same pages over and over.
 * A folio changed after
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

#include <linux/bitops.h>
#include <linux/mm.h>
#include <linux/pagemap.h>
#include <linux/slab.h>
#include <linux/swap.h>
#include <linux/swapops.h>

#include "gcma_file.h"
#include "gcma_store.h"
#include "gcma_swap.h"

/* The namespace of swap copies' keys: one owner per swap type in it. */
static const char gcma_swap_ns;

/* Per swap type, the slots that may have a copy (see above), or NULL. */
static unsigned long *gcma_swap_maybe[MAX_SWAPFILES];

/*
 * A swap-in of a larger folio is read from the device: its load would copy
 * every page with interrupts off under the store's lock.
 */
#define GCMA_SWAP_LOAD_MAX	16
static_assert(GCMA_SWAP_LOAD_MAX <= GCMA_COPY_NR_MAX);

static struct gcma_copy_key gcma_swap_key(unsigned int type)
{
	return (struct gcma_copy_key){ .ns = &gcma_swap_ns, .id = type };
}

/*
 * Copy each page of @folio to its slot, replacing a copy there or not,
 * its bit in the device's bitmap set first; a page that cannot be copied
 * has no copy, and neither have the pages after it.
 */
static void gcma_swap_put_folio(struct folio *folio, bool replace)
{
	unsigned int type = swp_type(folio->swap);
	struct gcma_copy_key key = gcma_swap_key(type);
	unsigned long *maybe = READ_ONCE(gcma_swap_maybe[type]);
	pgoff_t offset = swp_offset(folio->swap);
	long i, nr = folio_nr_pages(folio);

	for (i = 0; i < nr; i++) {
		if (maybe)
			set_bit(offset + i, maybe);
		if (!gcma_copy_put(GCMA_CLIENT_SWAP, &key, offset + i,
				   folio_page(folio, i), replace)) {
			/* no copy of the slot is left: no later free need look */
			if (maybe)
				clear_bit(offset + i, maybe);
			break;
		}
	}
}

/**
 * gcma_swap_store() - keep a copy of a folio that goes to its swap device
 * @folio: the folio, locked and in the swap cache, about to be written
 *
 * Called right before the write: the copies are of what the device gets.
 */
void gcma_swap_store(struct folio *folio)
{
	/* the slots' copies went already: gcma_swap_drop_folio() */
	if (static_branch_unlikely(&gcma_copies_used) &&
	    gcma_copy_lends(GCMA_CLIENT_SWAP))
		gcma_swap_put_folio(folio, true);
}

/**
 * gcma_swap_evict() - reclaim frees a clean folio of the swap cache
 * @folio: the folio, its refcount frozen, still in the swap cache
 *
 * A clean swap-cache folio holds what its slots hold on the device, so a
 * slot without a copy gets one: the area then holds what reclaim evicted
 * last, as for file pages, and a page swapped in from the device and only
 * read is served from the area the next time.  Copies there are kept.
 * Called under the swap cache's i_pages lock, interrupts off: a folio of
 * more than GCMA_SWAP_LOAD_MAX pages, which no load would take whole, is
 * not copied, so interrupts stay off no longer than for a load.
 */
void gcma_swap_evict(struct folio *folio)
{
	if (static_branch_unlikely(&gcma_copies_used) &&
	    gcma_copy_lends(GCMA_CLIENT_SWAP) && !folio_test_dirty(folio) &&
	    folio_nr_pages(folio) <= GCMA_SWAP_LOAD_MAX)
		gcma_swap_put_folio(folio, false);
}

/**
 * gcma_swap_load() - fill a folio from the copies of its swap slots
 * @folio: locked, not uptodate, with folio->swap its first slot
 *
 * All the folio's pages come from copies, or none: a large folio with
 * one copy missing is read from the device, and so is a folio of more than
 * GCMA_SWAP_LOAD_MAX pages.  The copies stay.
 *
 * Return: true if the folio was filled and marked uptodate; the caller
 * unlocks it.  False if it must be read.
 */
bool gcma_swap_load(struct folio *folio)
{
	swp_entry_t entry = folio->swap;
	struct gcma_copy_key key;

	if (!static_branch_unlikely(&gcma_copies_used) ||
	    folio_nr_pages(folio) > GCMA_SWAP_LOAD_MAX)
		return false;
	key = gcma_swap_key(swp_type(entry));
	if (!gcma_copy_get(&key, swp_offset(entry), folio_page(folio, 0),
			   folio_nr_pages(folio), true))
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
 * Called when the slots are freed, before they can be allocated again,
 * under the device's lock.
 */
void gcma_swap_invalidate(unsigned int type, pgoff_t offset, unsigned long nr)
{
	unsigned long *maybe = READ_ONCE(gcma_swap_maybe[type]);
	struct gcma_copy_key key;
	bool any = !maybe;
	unsigned long i;

	if (!static_branch_unlikely(&gcma_copies_used))
		return;
	for (i = 0; maybe && i < nr; i++)
		if (test_bit(offset + i, maybe) &&
		    test_and_clear_bit(offset + i, maybe))
			any = true;
	if (any) {
		key = gcma_swap_key(type);
		gcma_copy_drop(&key, offset, offset + nr - 1);
	}
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
 * gcma_swap_on() - a swap device comes
 * @type: its type
 * @nr_slots: how many slots it has
 *
 * Without memory for its bitmap the device works all the same; only every
 * free of a slot then takes the store's lock.
 */
void gcma_swap_on(unsigned int type, unsigned long nr_slots)
{
	if (!static_branch_unlikely(&gcma_copies_used))
		return;
	WRITE_ONCE(gcma_swap_maybe[type],
		   kvcalloc(BITS_TO_LONGS(nr_slots), sizeof(long), GFP_KERNEL));
}

/**
 * gcma_swap_file() - a file became a swap device
 * @mapping: the file's mapping, S_SWAPFILE set on its inode
 *
 * Swap I/O goes around the page cache, so the copies of the file's pages
 * made before the swapon would outlive what swap writes over them, and
 * a read of the file after swapoff would load them.  They are dropped;
 * no new one is made of a swap file (gcma_file_remove_folio()).
 */
void gcma_swap_file(struct address_space *mapping)
{
	if (!static_branch_unlikely(&gcma_copies_used))
		return;
	/*
	 * A copy is made under the i_pages lock after S_SWAPFILE is tested:
	 * one that tested it before it was set is done once the lock is had.
	 */
	xa_lock_irq(&mapping->i_pages);
	xa_unlock_irq(&mapping->i_pages);
	gcma_file_drop_copies(mapping, 0, ULONG_MAX);
}

/**
 * gcma_swap_off() - a swap device goes away, or its swapon failed
 * @type: its type, which the next swapon may reuse
 *
 * Called when no slot of the device is in use any more.
 */
void gcma_swap_off(unsigned int type)
{
	struct gcma_copy_key key = gcma_swap_key(type);

	kvfree(xchg(&gcma_swap_maybe[type], NULL));
	if (static_branch_unlikely(&gcma_copies_used))
		gcma_copy_drop(&key, 0, ULONG_MAX);
}

#ifdef CONFIG_GCMA_SWAP_COPIES_KUNIT_TEST
#include "tests/gcma_swap_kunit.h"
#endif
