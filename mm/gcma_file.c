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
 * path (__filemap_add_folio(), under the i_pages lock), claims the copies
 * of its indices (gcma_copy_claim(), a mark in the store); a folio
 * inserted at an index whose copy is claimed already finds a copy from
 * before an earlier folio, and drops it.  A copy is loaded only by the
 * read path that has just created a folio for a miss, locked,
 * (filemap_create_folio(), read_pages() and filemap_fault()'s
 * __filemap_get_folio(FGP_FOR_MMAP), through gcma_file_load_folio()), and
 * only if claimed: by that folio, since no other folio can have been
 * inserted at its index meanwhile.  The load takes the copy away, and a
 * later reclaim of the folio stores a new, unclaimed one.  A claimed copy
 * that is not loaded stays until a range drop, a new copy, a take-back or
 * the next insertion at its index removes it.
 *
 * A large folio, of up to GCMA_FILE_FOLIO_MAX pages, is copied page by
 * page, a copy for each index, and its insertion claims them all; a large
 * folio is loaded only whole, from copies all there and all claimed.
 *
 * Copies are keyed by the mapping, and go with it at eviction, unless the
 * filesystem reports the inodes it brings into memory
 * (gcma_file_attach()) and nothing else can write its device: then they
 * are keyed by the file (super block, inode number, generation), an
 * inode evicted without being deleted keeps those no folio claimed, and
 * the next iget of the file takes them up.  Deletion, a new file of the
 * same number, a new generation, unmount, remount read-write and a dead
 * device forget them (see Documentation/mm/gcma.rst).
 *
 * The idea of lending a reserved area to clean page-cache pages comes from
 * the GCMA RFC (Park, Kim, 2015), which used the cleancache interface of
 * its time; cleancache left the kernel in 5.17.  The hooks here are
 * direct calls named for what they do, like zswap's.
 */

#include <linux/blkdev.h>
#include <linux/errseq.h>
#include <linux/fs.h>
#include <linux/jump_label.h>
#include <linux/mm.h>
#include <linux/pagemap.h>
#include <linux/psi.h>
#include <linux/sizes.h>

#include "gcma_file.h"
#include "gcma_store.h"

/*
 * The largest folio copied, in pages: 128 KiB, what readahead reads at a
 * time by default, so that its folios are copied whole.  A folio is copied
 * into the area under the i_pages lock, with interrupts off, and loaded
 * with preemption off: the bound keeps both short.  Larger folios are not
 * copied, and drop the copies of their range when inserted.
 */
#define GCMA_FILE_FOLIO_MAX	(SZ_128K / PAGE_SIZE ?: 1)
static_assert(GCMA_FILE_FOLIO_MAX <= GCMA_COPY_NR_MAX);

/*
 * The filesystem opted in, and nothing of the file's own read path is
 * skipped by serving a copy: no DAX, no decryption, no verity checks; the
 * file is no swap file, whose data swap writes around the page cache
 * (gcma_swap_file()); and no writeback of it failed: a folio whose write
 * failed may stay clean and uptodate with data the disk never got, which
 * a read after its reclaim must not get back from a copy.
 */
static bool gcma_file_mapping_ok(struct address_space *mapping)
{
	struct inode *inode = mapping->host;

	return mapping_gcma_copies(mapping) && inode &&
	       S_ISREG(inode->i_mode) && !IS_DAX(inode) &&
	       !IS_ENCRYPTED(inode) && !IS_VERITY(inode) &&
	       !IS_SWAPFILE(inode) && !errseq_check(&mapping->wb_err, 0);
}

/*
 * May copies of @inode's data outlive the inode in memory?  Only while no
 * one but the filesystem can write its device and the device is there:
 * upstream reads an evicted inode's data from the device again, and would
 * see what was written there behind the filesystem's back; a kept copy
 * would not.  The mount restricts writes (FMODE_WRITE_RESTRICTED), but
 * they are blocked only without BLK_DEV_WRITE_MOUNTED or with
 * bdev_allow_write_mounted=0: then the device counts its restricting
 * openers in bd_writers, below zero (bdev_writes_blocked(),
 * block/bdev.c).
 */
static bool gcma_file_keeps(struct inode *inode)
{
	struct file *bdev_file = inode->i_sb->s_bdev_file;
	struct block_device *bdev;

	if (!gcma_file_mapping_ok(inode->i_mapping) || !bdev_file ||
	    !(bdev_file->f_mode & FMODE_WRITE_RESTRICTED))
		return false;
	bdev = file_bdev(bdev_file);
	return READ_ONCE(bdev->bd_writers) < 0 && disk_live(bdev->bd_disk);
}

/* What @inode's copies are kept under while its file exists. */
static struct gcma_copy_key gcma_file_identity(struct inode *inode)
{
	return (struct gcma_copy_key){
		.ns = inode->i_sb,
		.id = inode->i_ino,
		.gen = READ_ONCE(inode->i_generation),
	};
}

/*
 * The key of @mapping's copies: its file's identity if the filesystem took
 * its copies up at iget (gcma_file_attach()), else the mapping itself, and
 * they go with it.
 */
static struct gcma_copy_key gcma_file_key(struct address_space *mapping)
{
	if (mapping_gcma_by_inode(mapping))
		return gcma_file_identity(mapping->host);
	return (struct gcma_copy_key){ .ns = mapping };
}

/*
 * The final truncate of an inode that evict() frees but does not delete:
 * the file stays as it is on disk, and its copies may be loaded when it is
 * read again (gcma_file_attach()).
 */
static bool gcma_file_evicting(struct address_space *mapping)
{
	struct inode *inode = mapping->host;

	return mapping_gcma_by_inode(mapping) && mapping_exiting(mapping) &&
	       (READ_ONCE(inode->i_state) & I_FREEING) && inode->i_nlink &&
	       !is_bad_inode(inode) && gcma_file_keeps(inode);
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
	unsigned long i = 0, nr;
	struct gcma_copy_key key;

	if (!static_branch_unlikely(&gcma_copies_used))
		return;
	nr = folio_nr_pages(folio);
	key = gcma_file_key(mapping);
	if (reclaimed && gcma_copy_lends(GCMA_CLIENT_FILE) &&
	    gcma_file_mapping_ok(mapping) && !mapping_exiting(mapping) &&
	    nr <= GCMA_FILE_FOLIO_MAX &&
	    folio_test_uptodate(folio) && !folio_test_dirty(folio) &&
	    !folio_contain_hwpoisoned_page(folio)) {
		/* under the i_pages lock, as the insertions that test it */
		if (!mapping_gcma_had_copies(mapping)) {
			mapping_set_gcma_had_copies(mapping);
			/*
			 * Before the copy and the folio's removal: pairs with
			 * the smp_mb() of gcma_file_drop_copies().
			 */
			smp_mb__after_atomic();
		}
		/*
		 * Each page replaces the copy of its index.  Where no page
		 * can be had, the copies of the rest of the folio would be
		 * older than the folio: they go.  memory_failure() marks the
		 * page before the folio (has_hwpoisoned): a page marked since
		 * the test above is not read either.
		 */
		for (; i < nr; i++)
			if (PageHWPoison(folio_page(folio, i)) ||
			    !gcma_copy_put(GCMA_CLIENT_FILE, &key, index + i,
					   folio_page(folio, i), true))
				break;
		if (i == nr)
			return;
	}
	if (mapping_gcma_had_copies(mapping))
		gcma_copy_drop(&key, index + i, index + nr - 1);
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
 * is older than that folio's data and is dropped.  A large folio claims
 * the copies of all its indices, unless it is too large to be copied
 * (GCMA_FILE_FOLIO_MAX): then it drops them.  Nothing is done for a
 * mapping that never had a copy.
 */
void gcma_file_add_folio(struct address_space *mapping, struct folio *folio)
{
	struct gcma_copy_key key;
	unsigned int nr;

	if (!static_branch_unlikely(&gcma_copies_used) ||
	    !mapping_gcma_had_copies(mapping))
		return;
	nr = folio_nr_pages(folio);
	key = gcma_file_key(mapping);
	if (nr <= GCMA_FILE_FOLIO_MAX)
		gcma_copy_claim(&key, folio->index, nr);
	else
		gcma_copy_drop(&key, folio->index, folio->index + nr - 1);
}

/**
 * gcma_file_drop_copies() - the data of a file range changes or goes away
 * @mapping: the file's mapping
 * @first: first index of the range
 * @last: last index of the range, inclusive
 *
 * Called after the folios of the range have been removed, also when there
 * were none.  The final truncate of an inode that is evicted, not deleted,
 * keeps the copies the file's identity may take up again, and drops only
 * those a folio claimed since they were made: they may be older than it.
 */
void gcma_file_drop_copies(struct address_space *mapping, pgoff_t first,
			   pgoff_t last)
{
	struct gcma_copy_key key;

	if (!static_branch_unlikely(&gcma_copies_used))
		return;
	/*
	 * The flag is set before the first copy is stored, under the i_pages
	 * lock; the caller saw the folios of the range gone, maybe without
	 * that lock (mapping_empty()): order that before the flag's test.
	 */
	smp_mb();
	if (!mapping_gcma_had_copies(mapping))
		return;
	key = gcma_file_key(mapping);
	if (gcma_file_evicting(mapping))
		gcma_copy_drop_claimed(&key, 0, ULONG_MAX);
	else
		gcma_copy_drop(&key, first, last);
}

/**
 * gcma_file_invalidate_copies() - the clean folios of a range were dropped
 * @mapping: the file's mapping
 * @first: first index of the range
 * @last: last index of the range, inclusive
 *
 * Called by mapping_try_invalidate() (drop_caches, POSIX_FADV_DONTNEED,
 * and the inode shrinker freeing an inode that still has folios or
 * shadow entries), which drops clean folios and changes no data.  The
 * copies of the range go, as a user of drop_caches expects, unless the
 * inode shrinker holds the inode to free it (I_LRU_ISOLATING): then only
 * the claimed ones go, so that the rest can outlive the inode as at any
 * other eviction (gcma_file_drop_copies()).
 */
void gcma_file_invalidate_copies(struct address_space *mapping, pgoff_t first,
				 pgoff_t last)
{
	struct inode *inode = mapping->host;
	struct gcma_copy_key key;

	if (!static_branch_unlikely(&gcma_copies_used))
		return;
	smp_mb();	/* as in gcma_file_drop_copies() */
	if (!mapping_gcma_had_copies(mapping))
		return;
	key = gcma_file_key(mapping);
	if (mapping_gcma_by_inode(mapping) &&
	    (READ_ONCE(inode->i_state) & I_LRU_ISOLATING) &&
	    gcma_file_keeps(inode))
		gcma_copy_drop_claimed(&key, first, last);
	else
		gcma_copy_drop(&key, first, last);
}

/**
 * gcma_file_attach() - a filesystem brings an inode into memory
 * @inode: the inode, I_NEW, its mapping's flags set as for its life
 *
 * Called by a filesystem that opts in (mapping_set_gcma_copies()) at iget
 * and at creation, before unlock_new_inode(), so that nothing can change
 * the file before its mapping's hooks run.  If the copies of an inode may
 * outlive it in memory, they are keyed by the file's identity (super
 * block, inode number, generation) instead of its mapping, and the copies
 * kept when the inode was last evicted are taken up.  Copies of the same
 * inode number under another generation, or of a file that may keep none
 * now, are forgotten.
 */
void gcma_file_attach(struct inode *inode)
{
	struct address_space *mapping = inode->i_mapping;
	struct gcma_copy_key key = gcma_file_identity(inode);

	if (!static_branch_unlikely(&gcma_copies_used) ||
	    !S_ISREG(inode->i_mode) || !inode->i_sb->s_bdev_file)
		return;
	if (!gcma_file_keeps(inode)) {
		gcma_copy_forget(&key);
		return;
	}
	mapping_set_gcma_by_inode(mapping);
	if (gcma_copy_attach(&key))
		mapping_set_gcma_had_copies(mapping);
}
EXPORT_SYMBOL_GPL(gcma_file_attach);

/**
 * gcma_file_new_inode() - an inode number names a new file
 * @inode: the new inode, its number and generation set
 *
 * Copies kept of an earlier file of that number are forgotten, whatever
 * their generation.  Their deletion dropped them already; this does not
 * rest on generations differing.
 */
void gcma_file_new_inode(struct inode *inode)
{
	struct gcma_copy_key key = gcma_file_identity(inode);

	if (static_branch_unlikely(&gcma_copies_used) &&
	    S_ISREG(inode->i_mode) && inode->i_sb->s_bdev_file)
		gcma_copy_forget(&key);
}
EXPORT_SYMBOL_GPL(gcma_file_new_inode);

/**
 * gcma_file_forget_sb() - the files of a super block may change unseen
 * @sb: the super block
 *
 * Called when it is shut down (after its inodes are evicted, before it
 * may be freed), remounted read-write, or its device goes away: every
 * copy kept under its files' identities is forgotten.
 */
void gcma_file_forget_sb(struct super_block *sb)
{
	/* only files of block devices are kept by identity */
	if (static_branch_unlikely(&gcma_copies_used) && sb->s_bdev_file)
		gcma_copy_forget_ns(sb);
}

/**
 * gcma_file_load_folio() - fill a folio the read path created from its copy
 * @folio: locked, not uptodate, inserted into the page cache by the caller
 *	for a read miss, and not unlocked since
 *
 * Only the read paths that have just inserted the folio for a miss may
 * call this: filemap_create_folio(), read_pages() and, for filemap_fault(),
 * __filemap_get_folio(FGP_FOR_MMAP).  The copies are loaded only if the
 * folio's own insertion claimed them (gcma_file_add_folio()), and only
 * all together: a large folio with a page missing from the area is read,
 * and the copies of the rest of it, which no folio can load now, go.
 *
 * Return: true if the folio was filled from a copy, marked uptodate and
 * unlocked; false if the caller must read it.
 */
bool gcma_file_load_folio(struct folio *folio)
{
	struct address_space *mapping = folio->mapping;
	struct gcma_copy_key key;
	unsigned int nr;

	if (!static_branch_unlikely(&gcma_copies_used) ||
	    !mapping_gcma_had_copies(mapping) ||
	    !gcma_file_mapping_ok(mapping))
		return false;
	nr = folio_nr_pages(folio);
	if (nr > GCMA_FILE_FOLIO_MAX || folio_test_uptodate(folio) ||
	    folio_test_dirty(folio) || folio_test_private(folio))
		return false;
	key = gcma_file_key(mapping);
	if (!gcma_copy_get_claimed(&key, folio->index, folio_page(folio, 0),
				   nr)) {
		if (nr > 1)
			gcma_copy_drop(&key, folio->index,
				       folio->index + nr - 1);
		return false;
	}
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
	struct gcma_copy_key key;
	struct folio *folio;
	pgoff_t run = 0;
	unsigned int nr = 0;

	if (!static_branch_unlikely(&gcma_copies_used) ||
	    !mapping_gcma_had_copies(mapping) ||
	    !gcma_file_mapping_ok(mapping) || !readahead_count(rac))
		return false;
	key = gcma_file_key(mapping);
	if (!gcma_copy_has_claimed(&key, readahead_index(rac),
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
