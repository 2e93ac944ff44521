// SPDX-License-Identifier: GPL-2.0
/*
 * Copies of clean file pages in idle pages of guaranteed CMA areas
 *
 * A guaranteed area's idle pages hold copies (the store, mm/gcma_store.c).
 * When reclaim frees a clean page-cache folio of a file whose filesystem
 * opted in (mapping_set_gcma_copies()), a copy of it is kept in a lent page;
 * the next read miss at that index takes the copy instead of going to the
 * disk.  An allocation from the area takes its pages back by forgetting
 * the copies they hold: the file is still on disk, so nothing is lost and
 * no I/O is needed.
 *
 * The rule every hook keeps: a copy of (mapping, index) is loaded only if
 * it holds exactly what the file holds at that index.  A copy is made
 * when its folio leaves the page cache, so while no folio is cached at its
 * index it is the file's data, unless the data changed without a folio:
 *
 *  - a copy is made only of a folio that reclaim is freeing for good
 *    (__remove_mapping() with its refcount frozen: clean, uptodate, not
 *    mapped, locked), while it is still in the page cache and under the
 *    i_pages lock, and it replaces any older copy of that index;
 *  - every way of changing file data that may find no folio in memory,
 *    and every other way of taking a folio out of the page cache that has
 *    a hook, drops the copies of its range: truncation and hole punching
 *    (all of truncate_inode_pages_range(), so every fallocate mode and the
 *    final truncate of an inode), invalidation (mapping_try_invalidate(),
 *    invalidate_inode_pages2_range()), the direct-write path, and
 *    filemap_remove_folio().  A range is dropped after the folios of the
 *    range are gone, so a copy made by reclaim meanwhile goes too.
 *
 * Once a folio is cached at its index, a copy is no longer the file's
 * data: the folio may be written, and it may leave the page cache by a
 * path that has no hook (the direct write's invalidation racing readers,
 * ext4's EXT4_IOC_MOVE_EXT, a filesystem's own removal).  So the copy must
 * never be loaded after that, whatever happens to the folio.  Every folio
 * inserted into the page cache of a mapping that had copies, by whatever
 * path (__filemap_add_folio(), under the i_pages lock), claims the copy of
 * its index (gcma_copy_claim(), a mark in the store); a folio inserted at
 * an index whose copy is claimed already finds a copy from before an
 * earlier folio, and drops it.  A copy is loaded only by the read path that has
 * just created a folio for a miss, locked, (filemap_create_folio(),
 * read_pages() and filemap_fault()'s __filemap_get_folio(FGP_FOR_MMAP),
 * through gcma_file_load_folio()), and only if claimed: by
 * that folio, since no other folio can have been inserted at its index
 * meanwhile.  The load takes the copy away, and a later reclaim of the
 * folio stores a new, unclaimed one.  A claimed copy that is not loaded
 * stays until a range drop, a new copy, a take-back or the next insertion
 * at its index removes it.
 *
 * The idea of lending a reserved area to clean page-cache pages comes from
 * the GCMA RFC (Park, Kim, 2015), which used the cleancache interface of
 * its time; cleancache left the kernel in 5.17.  The hooks here are
 * direct calls named for what they do, like zswap's.
 */

#include <linux/fs.h>
#include <linux/jump_label.h>
#include <linux/mm.h>
#include <linux/pagemap.h>
#include <linux/psi.h>

#include "gcma_file.h"
#include "gcma_store.h"

/*
 * The filesystem opted in, and nothing of the file's own read path is
 * skipped by serving a copy: no DAX, no decryption, no verity checks; and
 * the file is no swap file, whose data swap writes around the page cache
 * (gcma_swap_file()).
 */
static bool gcma_file_mapping_ok(struct address_space *mapping)
{
	struct inode *inode = mapping->host;

	return mapping_gcma_copies(mapping) && inode &&
	       S_ISREG(inode->i_mode) && !IS_DAX(inode) &&
	       !IS_ENCRYPTED(inode) && !IS_VERITY(inode) &&
	       !IS_SWAPFILE(inode);
}

/**
 * gcma_file_remove_folio() - a folio is about to leave the page cache
 * @mapping: its mapping
 * @folio: the folio, locked and still in the page cache
 * @reclaimed: reclaim is freeing it: keep a copy if the folio is clean
 *
 * Called under the i_pages lock before the folio is deleted, so that a
 * truncation or invalidation that finds the folio gone also finds the copy
 * (see the comment at the top of this file).  Without @reclaimed, or when
 * no copy can be made, any copy of the folio's indices is dropped.
 */
void gcma_file_remove_folio(struct address_space *mapping,
			    struct folio *folio, bool reclaimed)
{
	pgoff_t index = folio->index;

	if (!static_branch_unlikely(&gcma_copies_used))
		return;
	if (reclaimed && gcma_copy_lends(GCMA_CLIENT_FILE) &&
	    gcma_file_mapping_ok(mapping) &&
	    !mapping_exiting(mapping) && !folio_test_large(folio) &&
	    folio_test_uptodate(folio) && !folio_test_dirty(folio) &&
	    !folio_test_hwpoison(folio)) {
		/* under the i_pages lock, as the insertions that test it */
		if (!mapping_gcma_had_copies(mapping)) {
			mapping_set_gcma_had_copies(mapping);
			/*
			 * Before the copy and the folio's removal: pairs with
			 * the smp_mb() of gcma_file_drop_copies().
			 */
			smp_mb__after_atomic();
		}
		gcma_copy_put(GCMA_CLIENT_FILE, mapping, index,
			      folio_page(folio, 0), true);
		return;
	}
	if (mapping_gcma_had_copies(mapping))
		gcma_copy_drop(mapping, index,
			       index + folio_nr_pages(folio) - 1);
}

/**
 * gcma_file_add_folio() - a folio was inserted into the page cache
 * @mapping: its mapping
 * @folio: the folio, locked
 *
 * Called by __filemap_add_folio() under the i_pages lock, for every folio
 * inserted, whoever creates it: the folio claims the copy of its index, so
 * that the copy is loaded only into it and only if the read path created
 * it for a miss (gcma_file_load_folio()); a copy an earlier folio claimed
 * is older than that folio's data and is dropped.  A large folio drops the
 * copies of its range.  Nothing is done for a mapping that never had a copy.
 */
void gcma_file_add_folio(struct address_space *mapping, struct folio *folio)
{
	if (!static_branch_unlikely(&gcma_copies_used) ||
	    !mapping_gcma_had_copies(mapping))
		return;
	if (folio_test_large(folio))
		gcma_copy_drop(mapping, folio->index,
			       folio->index + folio_nr_pages(folio) - 1);
	else
		gcma_copy_claim(mapping, folio->index);
}

/**
 * gcma_file_drop_copies() - the data of a file range changes or goes away
 * @mapping: the file's mapping
 * @first: first index of the range
 * @last: last index of the range, inclusive
 *
 * Called after the folios of the range have been removed, also when there
 * were none.
 */
void gcma_file_drop_copies(struct address_space *mapping, pgoff_t first,
			   pgoff_t last)
{
	if (!static_branch_unlikely(&gcma_copies_used))
		return;
	/*
	 * The flag is set before the first copy is stored, under the i_pages
	 * lock; the caller saw the folios of the range gone, maybe without
	 * that lock (mapping_empty()): order that before the flag's test.
	 */
	smp_mb();
	if (mapping_gcma_had_copies(mapping))
		gcma_copy_drop(mapping, first, last);
}

/**
 * gcma_file_load_folio() - fill a folio the read path created from its copy
 * @folio: locked, not uptodate, inserted into the page cache by the caller
 *	for a read miss, and not unlocked since
 *
 * Only the read paths that have just inserted the folio for a miss may
 * call this: filemap_create_folio(), read_pages() and, for filemap_fault(),
 * __filemap_get_folio(FGP_FOR_MMAP).  The copy is loaded only if the
 * folio's own insertion claimed it (gcma_file_add_folio()).
 *
 * Return: true if the folio was filled from a copy, marked uptodate and
 * unlocked; false if the caller must read it.
 */
bool gcma_file_load_folio(struct folio *folio)
{
	struct address_space *mapping = folio->mapping;

	if (!static_branch_unlikely(&gcma_copies_used) ||
	    !mapping_gcma_had_copies(mapping) ||
	    !gcma_file_mapping_ok(mapping))
		return false;
	if (folio_test_large(folio) || folio_test_uptodate(folio) ||
	    folio_test_dirty(folio) || folio_test_private(folio))
		return false;
	if (!gcma_copy_get_claimed(mapping, folio->index,
				   folio_page(folio, 0)))
		return false;
	folio_mark_uptodate(folio);
	folio_unlock(folio);
	return true;
}

/*
 * Read the run of @nr pages from @index of a readahead batch, whose folios
 * found no copy, with one ->readahead() of their own, as read_pages()
 * would have read the whole batch; what it leaves is read folio by folio.
 */
static void gcma_file_read_run(struct readahead_control *rac, pgoff_t index,
			       unsigned int nr)
{
	const struct address_space_operations *aops = rac->mapping->a_ops;
	struct readahead_control run = {
		.file = rac->file,
		.mapping = rac->mapping,
		.ra = rac->ra,
		._index = index,
		._nr_pages = nr,
	};
	struct folio *folio;

	if (!nr)
		return;
	aops->readahead(&run);
	while ((folio = readahead_folio(&run)) != NULL)
		aops->read_folio(run.file, folio);
	/*
	 * readahead_expand() (z_erofs's readmore) enters a memory stall when
	 * it adds a workingset folio; read_pages() leaves only the batch's.
	 */
	if (unlikely(run._workingset))
		psi_memstall_leave(&run._pflags);
}

/**
 * gcma_file_load_readahead() - fill a readahead batch, copies first
 * @rac: the batch, its folios just inserted into the page cache, locked
 *
 * If the area holds a copy of any folio of the batch, each folio is filled
 * from its copy, and each run of folios between the copies is read with
 * one ->readahead() of its own, so that the disk still sees one request
 * per run, not one per page; the batch is left empty.  Otherwise nothing
 * happens and ->readahead() reads the batch.
 *
 * Return: true if the batch was consumed.
 */
bool gcma_file_load_readahead(struct readahead_control *rac)
{
	struct address_space *mapping = rac->mapping;
	struct folio *folio;
	pgoff_t run = 0;
	unsigned int nr = 0;

	if (!static_branch_unlikely(&gcma_copies_used) ||
	    !mapping_gcma_had_copies(mapping) ||
	    !gcma_file_mapping_ok(mapping) || !readahead_count(rac) ||
	    !gcma_copy_has_claimed(mapping, readahead_index(rac),
				   readahead_index(rac) +
				   readahead_count(rac) - 1))
		return false;
	/*
	 * The folios stay locked in the page cache until they are filled or
	 * read: the run's own readahead_control finds them there.
	 * readahead_folio() drops the reference the batch holds on each, and
	 * so will the run's: a folio that joins a run gets it back.
	 */
	while ((folio = readahead_folio(rac)) != NULL) {
		if (gcma_file_load_folio(folio)) {
			gcma_file_read_run(rac, run, nr);
			nr = 0;
			continue;
		}
		folio_get(folio);
		if (!nr)
			run = folio->index;
		nr += folio_nr_pages(folio);
	}
	gcma_file_read_run(rac, run, nr);
	return true;
}
