// SPDX-License-Identifier: GPL-2.0
/*
 * A store of copies in idle pages of guaranteed CMA areas
 *
 * A guaranteed area's idle pages are lent (mm/gcma.h) to this store, which
 * keeps in them copies of data that can be lost at any time without I/O,
 * for its clients (mm/gcma_store.h): clean file pages that reclaim evicts
 * (mm/gcma_file.c) and pages already written to swap (mm/gcma_swap.c).
 * An allocation from the area takes its pages back by forgetting the
 * copies they hold: the data is still on disk or on the swap device, so
 * nothing is lost and no I/O is needed.  When a copy may be loaded, and
 * when it must be dropped because its data changed, is each client's rule
 * (see the top of each client's file); the store keeps copies, finds
 * them, and forgets them when told or when an allocation takes their
 * pages back.
 *
 * One store serves all guaranteed areas.  Its lock, store->lock, covers
 * the index of every owner, which pages hold copies, and the counters.  It
 * is not held while a page is copied in or out, so that two CPUs evicting
 * or reading different files serialise only on the bookkeeping, not on
 * the copies: the page is marked busy meanwhile (struct gcma_store_area),
 * and a busy page is not reused for another copy, not given back and not
 * handed to an allocation: a take-back (->drop()) waits until the copy is
 * done.  Copies in and out are made with preemption off (a file page's
 * under the i_pages lock, interrupts off), so that wait is short.  The
 * store's lock is always taken with interrupts off.  Lock order: i_pages
 * lock, store->lock, gcma->lock.
 *
 * When every area is full a new copy replaces the oldest one, the lent
 * page the area's lending cursor reaches next (gcma_next_lent_page()).
 * Loads of file copies take them away, so the area holds the most recently
 * evicted part of the working set: what a second-chance cache after the
 * page cache's own LRU should hold.
 *
 * Every owner belongs to one client.  Each area has a switch per client,
 * under its master switch "lend", and counts per client what happens to
 * the copies.  Eviction knows no clients: the oldest lent page goes,
 * whichever client's copy it holds, so the areas hold what was evicted
 * most recently from memory, file or anonymous.
 *
 * The file client's claims (GCMA_CLAIMED) live here too, as a mark on the
 * copy's entry, so that they are set and tested under the store's lock
 * with the copy they are about.
 */

#define pr_fmt(fmt) "gcma: " fmt

#include <linux/cma.h>
#include <linux/bitmap.h>
#include <linux/debugfs.h>
#include <linux/hashtable.h>
#include <linux/highmem.h>
#include <linux/init.h>
#include <linux/jump_label.h>
#include <linux/kobject.h>
#include <linux/list.h>
#include <linux/memcontrol.h>
#include <linux/mm.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/sysfs.h>
#include <linux/workqueue.h>
#include <linux/xarray.h>

#include "cma.h"
#include "gcma.h"
#include "gcma_store.h"

/* What happens to copies, counted per area and client. */
enum gcma_copy_event {
	GCMA_STORED,		/* copies made */
	GCMA_LOADED,		/* copies read back */
	GCMA_INVALIDATED,	/* dropped: the data changed or went away */
	GCMA_EVICTED,		/* dropped for a newer copy */
	GCMA_TAKEN_BACK,	/* dropped for an allocation */
	GCMA_NR_EVENTS
};

/* One guaranteed area whose idle pages hold copies. */
struct gcma_store_area {
	struct gcma_lender lender;
	struct gcma *gcma;
	struct gcma_store *store;
	struct list_head node;		/* in store->areas */
	unsigned long base_pfn;
	unsigned long nr_pages;
	/* the fields below are protected by store->lock */
	unsigned long *live;		/* pages that hold a copy */
	unsigned long *busy;		/* ... being copied in or out */
	unsigned long *gone;		/* busy, and no longer the store's */
	bool lend;			/* new copies may use the area */
	bool lend_client[GCMA_NR_CLIENTS];	/* ... of this client */
	/* events per client, enum gcma_copy_event */
	unsigned long nr[GCMA_NR_CLIENTS][GCMA_NR_EVENTS];
};

/* In an owner's xarray: a folio was inserted at the copy's index since it was stored. */
#define GCMA_CLAIMED	XA_MARK_0

/*
 * The copies of one owner: a file, a swap device.  An owner is found by
 * the namespace and identity of its key; a key of another generation
 * retires it: it leaves the index, so that its copies are never found
 * again, and store->reap_work forgets them (gcma_store_retire()).
 */
struct gcma_store_owner {
	struct hlist_node node;		/* in store->owners, until retired */
	struct list_head reap;		/* on store->reap, or empty */
	struct gcma_copy_key key;
	enum gcma_client client;
	bool retired;
	/* index -> page; stale once the page lost its copy (see below) */
	struct xarray pages;
	/* live copies, plus one while an operation works on the owner */
	unsigned long nr_refs;
	/* entries of @pages left stale by take-backs (see below) */
	unsigned long nr_stale;
	struct list_head compact;	/* on store->compact, or empty */
};

/*
 * A page "holds a copy" while its bit in its area's @live bitmap is set;
 * page->private then points to the owner and page->index is the index of
 * the copy, and the owner's xarray maps that index to the page.  Only a
 * page that holds a copy is ever read.
 *
 * A take-back (->drop()) only clears the live bit and drops the owner's
 * reference: O(1) per page, no xarray walk.  The xarray entry it leaves
 * is stale, recognised by gcma_store_valid() and erased by the next lookup
 * or range drop that meets it.  An owner without a live copy is freed,
 * stale entries and all, by store->reap_work, unless a new copy makes it
 * live again first.  So that an owner kept live (a long-open file whose
 * copies keep being taken back) does not gather stale entries without
 * bound, once it has more of them than GCMA_STORE_STALE_MAX and than live
 * copies, the same work erases them: an owner holds at most about twice
 * as many entries as copies.
 *
 * A page is "busy" while a copy is made into it or read out of it without
 * store->lock.  A put marks the page it was lent busy and the copy becomes
 * live, and reachable from the owner's xarray, only once made; a load
 * marks the live pages it reads.  What would give a busy page back, reuse
 * it or hand it out waits for the copy instead: forgetting its copy sets
 * its @gone bit and leaves the page to the busy side, which gives it back
 * when done; eviction passes it by; ->drop() takes the copy away at once,
 * as it would from an idle page, so that nothing finds it again, then sets
 * @gone and waits for the busy bit to clear before it lets the allocation
 * have the page.  A put whose page is gone makes no copy; a load whose page
 * is gone still read a whole copy, but forgets nothing.
 */
struct gcma_store {
	spinlock_t lock;		/* see the top of this file */
	struct list_head areas;
	struct list_head reap;		/* owners without a live copy */
	struct list_head compact;	/* owners with many stale entries */
	struct work_struct reap_work;
	/* owners live at most as long as their copies: sized for those */
	DECLARE_HASHTABLE(owners, 10);
	/* areas lending to each client: written under @lock, read without */
	unsigned int nr_lending[GCMA_NR_CLIENTS];
	/* the counts below are protected by @lock */
	unsigned long nr_misses;	/* loads that found no copy */
	unsigned long nr_refused;	/* stores that found no page */
};

static struct page *gcma_store_page(struct gcma_store_area *area,
				    unsigned long idx)
{
	return pfn_to_page(area->base_pfn + idx);
}

/*
 * Copy the data of a page, nothing else: copy_highpage() would also copy
 * arm64's MTE tags and set PG_mte_tagged on the lent page, which nothing
 * clears before the page holds another copy or is handed out.  Swap saves
 * and restores tags around the copies itself (arch_prepare_to_swap(),
 * arch_swap_restore()).
 */
static void gcma_store_copy(struct page *dst, struct page *src)
{
	memcpy_page(dst, 0, src, 0, PAGE_SIZE);
}

/*
 * Count @nr pages of @client stored (@load false) or loaded in
 * /proc/vmstat, and in memory.stat of the cgroup the folio of @page is
 * charged to: the folio evicted, or the folio a load filled.
 */
static void gcma_store_count(enum gcma_client client, struct page *page,
			     unsigned int nr, bool load)
{
	static const enum vm_event_item items[GCMA_NR_CLIENTS][2] = {
		[GCMA_CLIENT_FILE] = { GCMA_FILE_STORED, GCMA_FILE_LOADED },
		[GCMA_CLIENT_SWAP] = { GCMA_SWAP_STORED, GCMA_SWAP_LOADED },
	};

	/* a client with no events of its own would count PGPGIN */
	BUILD_BUG_ON(GCMA_NR_CLIENTS != 2);
	count_vm_events(items[client][load], nr);
	count_memcg_folio_events(page_folio(page), items[client][load], nr);
}

/* Pages one load may read: a large file folio, a swap-in. */
#define GCMA_STORE_GET_MAX	GCMA_COPY_NR_MAX

/* Copies dropped per lock hold when dropping many. */
#define GCMA_STORE_BATCH	64

/* Stale entries an owner may gather before they are erased. */
#define GCMA_STORE_STALE_MAX	64

/*
 * After a full batch, let go of the lock for a moment, so that interrupts
 * and ->drop() are not held off for long; true if there may be more.
 */
static bool gcma_store_relax(struct gcma_store *store, unsigned long *flags,
			     int batch)
	__must_hold(&store->lock)
{
	if (batch < GCMA_STORE_BATCH)
		return false;
	spin_unlock_irqrestore(&store->lock, *flags);
	cpu_relax();
	spin_lock_irqsave(&store->lock, *flags);
	return true;
}

/*
 * Begin copying into or out of @page, outside the lock: it is busy until
 * gcma_store_unbusy().  Preemption stays off meanwhile, so that a
 * take-back waiting for the page (gcma_store_wait()) waits for a copy that
 * is running.
 */
static void gcma_store_busy(struct gcma_store *store,
			    struct gcma_store_area *area, unsigned long idx)
	__must_hold(&store->lock)
{
	VM_WARN_ON_ONCE(test_bit(idx, area->busy));
	__set_bit(idx, area->busy);
}

/*
 * The copy into or out of @page is done.  Return false if the page is no
 * longer the store's (gcma_store_forget() or a take-back met it busy); it
 * is then given back, unless an allocation has it.
 */
static bool gcma_store_unbusy(struct gcma_store_area *area, unsigned long idx,
			      struct page *page)
	__must_hold(&area->store->lock)
{
	__clear_bit(idx, area->busy);
	if (!__test_and_clear_bit(idx, area->gone))
		return true;
	gcma_return_page(area->gcma, page);
	return false;
}

/* ->drop() met a busy page: wait until its copy is done. */
static void gcma_store_wait(struct gcma_store *store,
			    struct gcma_store_area *area, unsigned long idx,
			    unsigned long *flags)
	__must_hold(&store->lock)
{
	__set_bit(idx, area->gone);
	while (test_bit(idx, area->busy)) {
		spin_unlock_irqrestore(&store->lock, *flags);
		cpu_relax();
		spin_lock_irqsave(&store->lock, *flags);
	}
}

static bool gcma_store_valid(struct gcma_store *store,
			     struct gcma_store_owner *owner, pgoff_t index,
			     struct page *page, struct gcma_store_area **areap,
			     unsigned long *idx);
static void gcma_store_put_owner(struct gcma_store *store,
				 struct gcma_store_owner *owner);
static void gcma_store_forget(struct gcma_store_area *area, unsigned long idx,
			      struct page *page, enum gcma_copy_event why);

/* Erase the entry at @index, left stale by a take-back. */
static void gcma_store_erase_stale(struct gcma_store_owner *owner,
				   pgoff_t index)
{
	VM_WARN_ON_ONCE(!owner->nr_stale);
	xa_erase(&owner->pages, index);
	owner->nr_stale--;
}

/*
 * Erase the stale entries of the owners on store->compact, and forget the
 * copies of those retired.
 */
static void gcma_store_compact(struct gcma_store *store, unsigned long *flags)
	__must_hold(&store->lock)
{
	struct gcma_store_owner *owner;
	struct gcma_store_area *area;
	unsigned long start, index, idx;
	struct page *page;
	int batch;

	while (!list_empty(&store->compact)) {
		owner = list_first_entry(&store->compact,
					 struct gcma_store_owner, compact);
		list_del_init(&owner->compact);
		start = 0;
		do {
			batch = 0;
			xa_for_each_start(&owner->pages, index, page, start) {
				if (!gcma_store_valid(store, owner, index, page,
						      &area, &idx))
					gcma_store_erase_stale(owner, index);
				else if (owner->retired)
					gcma_store_forget(area, idx, page,
							  GCMA_INVALIDATED);
				if (++batch == GCMA_STORE_BATCH)
					break;
			}
			/* on from the entry after the last one seen */
			start = index + 1;
			if (batch == GCMA_STORE_BATCH && !start)
				batch = 0;
		} while (gcma_store_relax(store, flags, batch));
		/* the reference gcma_store_drop() took */
		gcma_store_put_owner(store, owner);
	}
}

/*
 * Erase the stale entries of owners that gathered many, and free the
 * owners that have no live copy left, outside the lock: nothing can reach
 * them once out of the hash table, and destroying an xarray of stale
 * entries takes a while.
 */
static void gcma_store_reap(struct work_struct *work)
{
	struct gcma_store *store = container_of(work, struct gcma_store,
						reap_work);
	struct gcma_store_owner *owner, *next;
	unsigned long flags;
	LIST_HEAD(dead);

	spin_lock_irqsave(&store->lock, flags);
	gcma_store_compact(store, &flags);
	list_for_each_entry_safe(owner, next, &store->reap, reap) {
		if (owner->nr_refs) {
			list_del_init(&owner->reap);
			continue;
		}
		hash_del(&owner->node);
		list_move(&owner->reap, &dead);
	}
	spin_unlock_irqrestore(&store->lock, flags);

	list_for_each_entry_safe(owner, next, &dead, reap) {
		xa_destroy(&owner->pages);
		kfree(owner);
	}
}

static void gcma_store_init(struct gcma_store *store)
{
	spin_lock_init(&store->lock);
	INIT_LIST_HEAD(&store->areas);
	INIT_LIST_HEAD(&store->reap);
	INIT_LIST_HEAD(&store->compact);
	INIT_WORK(&store->reap_work, gcma_store_reap);
	hash_init(store->owners);
}

static unsigned long gcma_store_hash(const struct gcma_copy_key *key)
{
	return (unsigned long)key->ns + (unsigned long)key->id;
}

/*
 * Retire @owner: out of the index, so that nothing finds its copies any
 * more, which the reaper forgets (gcma_store_compact()).  O(1), as the
 * callers may hold the i_pages lock.
 */
static void gcma_store_retire(struct gcma_store *store,
			      struct gcma_store_owner *owner)
{
	lockdep_assert_held(&store->lock);
	hash_del(&owner->node);
	owner->retired = true;
	if (!list_empty(&owner->compact))
		return;			/* compacted again once done */
	owner->nr_refs++;		/* the compaction's */
	list_add_tail(&owner->compact, &store->compact);
	schedule_work(&store->reap_work);
}

/* The owner of @key's namespace and identity, whatever its generation. */
static struct gcma_store_owner *
gcma_store_find_any(struct gcma_store *store, const struct gcma_copy_key *key)
{
	struct gcma_store_owner *owner;

	lockdep_assert_held(&store->lock);
	hash_for_each_possible(store->owners, owner, node,
			       gcma_store_hash(key))
		if (owner->key.ns == key->ns && owner->key.id == key->id)
			return owner;
	return NULL;
}

/* The owner of @key; one of another generation is retired. */
static struct gcma_store_owner *gcma_store_find(struct gcma_store *store,
						const struct gcma_copy_key *key)
{
	struct gcma_store_owner *owner = gcma_store_find_any(store, key);

	if (owner && owner->key.gen != key->gen) {
		gcma_store_retire(store, owner);
		return NULL;
	}
	return owner;
}

/* Drop a reference to @owner; after its last one, the reaper frees it. */
static void gcma_store_put_owner(struct gcma_store *store,
				 struct gcma_store_owner *owner)
{
	lockdep_assert_held(&store->lock);
	if (--owner->nr_refs || !list_empty(&owner->reap))
		return;
	list_add_tail(&owner->reap, &store->reap);
	schedule_work(&store->reap_work);
}

/* Count again, after a switch changed, the areas lending to each client. */
static void gcma_store_count_lending(struct gcma_store *store)
{
	struct gcma_store_area *area;
	int i;

	lockdep_assert_held(&store->lock);
	for (i = 0; i < GCMA_NR_CLIENTS; i++) {
		unsigned int nr = 0;

		list_for_each_entry(area, &store->areas, node)
			nr += area->lend && area->lend_client[i];
		WRITE_ONCE(store->nr_lending[i], nr);
	}
}

/*
 * Does any area lend to @client?  Without the lock: a caller that sees no
 * area lending makes no copy, and one that races with a switch turned on
 * only misses a copy; copies made while a switch is turned off are
 * dropped with the others (gcma_store_set_lend()).
 */
static bool gcma_store_lends(struct gcma_store *store, enum gcma_client client)
{
	return READ_ONCE(store->nr_lending[client]);
}

static struct gcma_store_area *gcma_store_area_of(struct gcma_store *store,
						  struct page *page,
						  unsigned long *idx)
{
	struct gcma_store_area *area;

	list_for_each_entry(area, &store->areas, node) {
		*idx = gcma_page_index(area->gcma, page);
		if (*idx != ULONG_MAX)
			return area;
	}
	return NULL;
}

/*
 * Does @page, found at @index in @owner's xarray, hold that copy?  Set
 * @areap and @idx if so.
 */
static bool gcma_store_valid(struct gcma_store *store,
			     struct gcma_store_owner *owner, pgoff_t index,
			     struct page *page, struct gcma_store_area **areap,
			     unsigned long *idx)
{
	*areap = gcma_store_area_of(store, page, idx);
	return *areap && test_bit(*idx, (*areap)->live) &&
	       page_private(page) == (unsigned long)owner &&
	       page->index == index;
}

/*
 * The copy in @page goes, for reason @why: it is erased from its owner and
 * the page given back to its area.  If an allocation is taking the page
 * back meanwhile, its ->drop() finds the live bit clear.
 */
static void gcma_store_forget(struct gcma_store_area *area, unsigned long idx,
			      struct page *page, enum gcma_copy_event why)
{
	struct gcma_store_owner *owner = (void *)page_private(page);

	area->nr[owner->client][why]++;
	xa_erase(&owner->pages, page->index);
	__clear_bit(idx, area->live);
	gcma_store_put_owner(area->store, owner);
	if (test_bit(idx, area->busy))
		__set_bit(idx, area->gone);	/* gcma_store_unbusy() */
	else
		gcma_return_page(area->gcma, page);
}

/* The valid copy of (@owner, @index); stale entries met are erased. */
static struct page *gcma_store_lookup(struct gcma_store *store,
				      struct gcma_store_owner *owner,
				      pgoff_t index,
				      struct gcma_store_area **areap,
				      unsigned long *idx)
{
	struct page *page = xa_load(&owner->pages, index);

	if (!page)
		return NULL;
	if (gcma_store_valid(store, owner, index, page, areap, idx))
		return page;
	gcma_store_erase_stale(owner, index);
	return NULL;
}

/*
 * An allocation takes @page back: from now on no lookup finds the copy it
 * holds, if any, even while a load still reads it (the allocation waits
 * for that, gcma_store_wait()).  The load forgets nothing once its page is
 * gone; were the copy left live until the wait ends, another load could
 * take the same copy meanwhile.
 */
static void gcma_store_take_back(struct gcma_store *store,
				 struct gcma_store_area *area,
				 unsigned long idx, struct page *page)
	__must_hold(&store->lock)
{
	struct gcma_store_owner *owner;

	if (!__test_and_clear_bit(idx, area->live))
		return;
	owner = (void *)page_private(page);
	area->nr[owner->client][GCMA_TAKEN_BACK]++;
	count_vm_event(GCMA_COPY_TAKEN_BACK);
	/* its entry stays, stale (see struct gcma_store) */
	owner->nr_stale++;
	if (owner->nr_stale > GCMA_STORE_STALE_MAX &&
	    owner->nr_stale > owner->nr_refs &&
	    list_empty(&owner->compact)) {
		/* the compaction's reference, for the one gone */
		list_add_tail(&owner->compact, &store->compact);
		schedule_work(&store->reap_work);
		return;
	}
	gcma_store_put_owner(store, owner);
}

static void gcma_store_drop(struct gcma_lender *lender, struct page **pages,
			    unsigned int nr)
{
	struct gcma_store_area *area = container_of(lender,
					struct gcma_store_area, lender);
	struct gcma_store *store = area->store;
	unsigned long flags;
	unsigned int i;

	spin_lock_irqsave(&store->lock, flags);
	for (i = 0; i < nr; i++) {
		unsigned long idx = gcma_page_index(area->gcma, pages[i]);

		gcma_store_take_back(store, area, idx, pages[i]);
		if (test_bit(idx, area->busy))
			gcma_store_wait(store, area, idx, &flags);
	}
	spin_unlock_irqrestore(&store->lock, flags);
}

/*
 * A page for a copy of @owner's: a free one, or else the one lent longest
 * ago, whose copy is evicted.  The page is lent, not live, and its
 * page_private() is @owner.
 */
static struct page *gcma_store_lend(struct gcma_store *store,
				    struct gcma_store_owner *owner,
				    struct gcma_store_area **areap,
				    unsigned long *idx)
{
	struct gcma_store_owner *victim;
	struct gcma_store_area *area;
	struct page *page;

	lockdep_assert_held(&store->lock);
	list_for_each_entry(area, &store->areas, node) {
		if (!area->lend || !area->lend_client[owner->client])
			continue;
		page = gcma_lend_page(area->gcma, (unsigned long)owner);
		if (page) {
			*areap = area;
			*idx = gcma_page_index(area->gcma, page);
			return page;
		}
	}
	list_for_each_entry(area, &store->areas, node) {
		if (!area->lend || !area->lend_client[owner->client])
			continue;
		page = gcma_next_lent_page(area->gcma);
		if (!page)
			continue;
		*areap = area;
		*idx = gcma_page_index(area->gcma, page);
		/* being copied: the cursor has moved past it */
		if (test_bit(*idx, area->busy))
			continue;
		if (test_bit(*idx, area->live)) {
			victim = (void *)page_private(page);
			xa_erase(&victim->pages, page->index);
			__clear_bit(*idx, area->live);
			area->nr[victim->client][GCMA_EVICTED]++;
			/* if it is @owner, our reference keeps it */
			gcma_store_put_owner(store, victim);
		}
		set_page_private(page, (unsigned long)owner);
		/* the next eviction starts at the next area */
		list_rotate_left(&store->areas);
		return page;
	}
	return NULL;
}

/*
 * Keep a copy of @src as (@key, @index) of @client, replacing any older
 * one, or keeping it if not @replace.  Return false, with no copy of that
 * index left, if no page could be had.  The copy is made outside the lock
 * (see struct gcma_store); it is found only once made.
 */
static bool gcma_store_put(struct gcma_store *store, enum gcma_client client,
			   const struct gcma_copy_key *key, pgoff_t index,
			   struct page *src, bool replace)
{
	const gfp_t gfp = GFP_NOWAIT | __GFP_NOMEMALLOC | __GFP_NOWARN;
	struct gcma_store_owner *owner;
	struct gcma_store_area *area, *old_area;
	struct page *page, *old;
	unsigned long flags, idx, old_idx;
	bool ret = false, stored = false;

	spin_lock_irqsave(&store->lock, flags);
	owner = gcma_store_find(store, key);
	if (!owner) {
		owner = kzalloc(sizeof(*owner), gfp);
		if (!owner)
			goto out_refused;
		owner->key = *key;
		owner->client = client;
		xa_init(&owner->pages);
		INIT_LIST_HEAD(&owner->reap);
		INIT_LIST_HEAD(&owner->compact);
		hash_add(store->owners, &owner->node, gcma_store_hash(key));
	}
	owner->nr_refs++;		/* held across evictions below */

	page = gcma_store_lookup(store, owner, index, &area, &idx);
	if (page && !replace) {
		ret = true;
		goto out_put;
	}
	if (page)
		gcma_store_forget(area, idx, page, GCMA_INVALIDATED);

	page = gcma_store_lend(store, owner, &area, &idx);
	if (!page)
		goto out_put;
	gcma_store_busy(store, area, idx);
	preempt_disable();
	spin_unlock_irqrestore(&store->lock, flags);
	gcma_store_copy(page, src);
	spin_lock_irqsave(&store->lock, flags);
	preempt_enable();
	if (!gcma_store_unbusy(area, idx, page))
		goto out_put;
	/*
	 * Lending stopped meanwhile, and its drain is past the page; or the
	 * owner was retired, and its compaction may be past the index.
	 */
	if (!area->lend || !area->lend_client[client] || owner->retired) {
		gcma_return_page(area->gcma, page);
		goto out_put;
	}
	/*
	 * Callers keep other puts off (@key, @index) (the folio is locked
	 * and still cached); should one have got there first, this copy
	 * is the newer.
	 */
	old = gcma_store_lookup(store, owner, index, &old_area, &old_idx);
	if (old)
		gcma_store_forget(old_area, old_idx, old, GCMA_INVALIDATED);
	page->index = index;
	if (xa_err(xa_store(&owner->pages, index, page, gfp))) {
		gcma_return_page(area->gcma, page);
		goto out_put;
	}
	__set_bit(idx, area->live);
	owner->nr_refs++;
	area->nr[client][GCMA_STORED]++;
	ret = true;
	stored = true;
out_put:
	gcma_store_put_owner(store, owner);
out_refused:
	if (!ret)
		store->nr_refused++;
	spin_unlock_irqrestore(&store->lock, flags);
	if (stored)
		gcma_store_count(client, src, 1, false);
	return ret;
}

/*
 * Copy (@key, @index + i) into the page @i after @dst, for each i < @nr,
 * if all @nr copies are there (and @claimed, if set); and forget them
 * unless @keep.  False, with nothing copied, if any is missing.  The
 * copies are read outside the lock, their pages busy (struct gcma_store):
 * a copy forgotten or taken back meanwhile was still whole when looked up.
 */
static bool gcma_store_get(struct gcma_store *store,
			   const struct gcma_copy_key *key, pgoff_t index,
			   struct page *dst, unsigned int nr, bool keep,
			   bool claimed)
{
	struct page *pages[GCMA_STORE_GET_MAX];
	struct gcma_store_owner *owner;
	struct gcma_store_area *area;
	enum gcma_client client = GCMA_CLIENT_FILE;
	unsigned long flags, idx;
	unsigned int i, loaded = 0;
	bool found = false;

	if (WARN_ON_ONCE(nr > GCMA_STORE_GET_MAX))
		return false;
	spin_lock_irqsave(&store->lock, flags);
	owner = gcma_store_find(store, key);
	if (!owner)
		goto out;
	owner->nr_refs++;
	client = owner->client;
	for (i = 0; i < nr; i++) {
		pages[i] = gcma_store_lookup(store, owner, index + i, &area,
					     &idx);
		if (!pages[i] || test_bit(idx, area->busy) ||
		    (claimed && !xa_get_mark(&owner->pages, index + i,
					     GCMA_CLAIMED)))
			break;
	}
	found = i == nr;
	if (!found)
		goto out_put;
	for (i = 0; i < nr; i++) {
		area = gcma_store_area_of(store, pages[i], &idx);
		gcma_store_busy(store, area, idx);
	}
	preempt_disable();
	spin_unlock_irqrestore(&store->lock, flags);
	for (i = 0; i < nr; i++)
		gcma_store_copy(nth_page(dst, i), pages[i]);
	spin_lock_irqsave(&store->lock, flags);
	preempt_enable();
	for (i = 0; i < nr; i++) {
		area = gcma_store_area_of(store, pages[i], &idx);
		/* forgotten meanwhile, or going to an allocation: counted so */
		if (!gcma_store_unbusy(area, idx, pages[i]))
			continue;
		loaded++;
		if (keep)
			area->nr[owner->client][GCMA_LOADED]++;
		else
			gcma_store_forget(area, idx, pages[i], GCMA_LOADED);
	}
out_put:
	gcma_store_put_owner(store, owner);
out:
	if (!found)
		store->nr_misses++;
	spin_unlock_irqrestore(&store->lock, flags);
	if (loaded)
		gcma_store_count(client, dst, loaded, true);
	return found;
}

/* Is there a claimed copy of @key in [@first, @last]? */
static bool gcma_store_has_claimed(struct gcma_store *store,
				   const struct gcma_copy_key *key,
				   pgoff_t first, pgoff_t last)
{
	struct gcma_store_owner *owner;
	struct gcma_store_area *area;
	unsigned long flags, idx;
	struct page *page;
	bool ret = false;

	spin_lock_irqsave(&store->lock, flags);
	owner = gcma_store_find(store, key);
	if (owner) {
		idx = first;
		for (page = xa_find(&owner->pages, &idx, last, GCMA_CLAIMED);
		     page && !ret;
		     page = xa_find_after(&owner->pages, &idx, last,
					  GCMA_CLAIMED)) {
			unsigned long i;

			ret = gcma_store_valid(store, owner, idx, page, &area,
					       &i);
		}
	}
	spin_unlock_irqrestore(&store->lock, flags);
	return ret;
}

/*
 * A folio of @nr pages was inserted at (@key, @index): it claims the copy
 * of each of its indices, or, if an earlier folio claimed one, that copy
 * is from before the earlier folio and goes.
 */
static void gcma_store_claim(struct gcma_store *store,
			     const struct gcma_copy_key *key, pgoff_t index,
			     unsigned int nr)
{
	struct gcma_store_owner *owner;
	struct gcma_store_area *area;
	unsigned long flags, idx;
	struct page *page;
	unsigned int i;

	spin_lock_irqsave(&store->lock, flags);
	owner = gcma_store_find(store, key);
	if (!owner)
		goto out;
	for (i = 0; i < nr; i++) {
		page = gcma_store_lookup(store, owner, index + i, &area, &idx);
		if (!page)
			continue;
		if (xa_get_mark(&owner->pages, index + i, GCMA_CLAIMED))
			gcma_store_forget(area, idx, page, GCMA_INVALIDATED);
		else
			xa_set_mark(&owner->pages, index + i, GCMA_CLAIMED);
	}
out:
	spin_unlock_irqrestore(&store->lock, flags);
}

/*
 * Drop the copies of @key in [@first, @last] (only the claimed ones if
 * @claimed), and the stale entries there.  The lock is let go every
 * GCMA_STORE_BATCH entries, so interrupts are not held off for long; the
 * reference taken keeps the owner meanwhile.
 */
static unsigned long gcma_store_drop_range(struct gcma_store *store,
					   const struct gcma_copy_key *key,
					   pgoff_t first, pgoff_t last,
					   bool claimed)
{
	struct gcma_store_owner *owner;
	struct gcma_store_area *area;
	unsigned long flags, start, nr = 0;
	struct page *page;
	int batch;

	spin_lock_irqsave(&store->lock, flags);
	owner = gcma_store_find(store, key);
	if (!owner)
		goto out;
	owner->nr_refs++;
	start = first;
	do {
		unsigned long index, idx;

		batch = 0;
		xa_for_each_range(&owner->pages, index, page, start, last) {
			if (!gcma_store_valid(store, owner, index, page, &area,
					      &idx)) {
				gcma_store_erase_stale(owner, index);
			} else if (!claimed ||
				   xa_get_mark(&owner->pages, index,
					       GCMA_CLAIMED)) {
				gcma_store_forget(area, idx, page,
						  GCMA_INVALIDATED);
				nr++;
			}
			if (++batch == GCMA_STORE_BATCH)
				break;
		}
		/*
		 * Every entry met is erased, unless only claimed copies go:
		 * start again from @first, so that a copy stored behind the
		 * walk while the lock was let go (reclaim of a folio a reader
		 * inserted during a direct write) goes too; the claimed-only
		 * drops (eviction, the inode shrinker) have no folio or reader
		 * left, and go on after the last entry seen.
		 */
		if (claimed) {
			start = index + 1;
			if (batch == GCMA_STORE_BATCH && (!start || start > last))
				batch = 0;
		}
	} while (gcma_store_relax(store, &flags, batch));
	gcma_store_put_owner(store, owner);
out:
	spin_unlock_irqrestore(&store->lock, flags);
	return nr;
}

/* Is there an owner of @key, of its generation?  One of another retires. */
static bool gcma_store_has_owner(struct gcma_store *store,
				 const struct gcma_copy_key *key)
{
	unsigned long flags;
	bool ret;

	spin_lock_irqsave(&store->lock, flags);
	ret = !!gcma_store_find(store, key);
	spin_unlock_irqrestore(&store->lock, flags);
	return ret;
}

/* Retire the owner of @key, whatever its generation. */
static void gcma_store_forget_key(struct gcma_store *store,
				  const struct gcma_copy_key *key)
{
	struct gcma_store_owner *owner;
	unsigned long flags;

	spin_lock_irqsave(&store->lock, flags);
	owner = gcma_store_find_any(store, key);
	if (owner)
		gcma_store_retire(store, owner);
	spin_unlock_irqrestore(&store->lock, flags);
}

/*
 * Retire every owner of namespace @ns, a bucket per lock hold, and wait
 * until their copies are forgotten.
 */
static void gcma_store_forget_ns(struct gcma_store *store, const void *ns)
{
	struct gcma_store_owner *owner;
	struct hlist_node *next;
	unsigned long flags;
	unsigned int bkt;

	for (bkt = 0; bkt < HASH_SIZE(store->owners); bkt++) {
		spin_lock_irqsave(&store->lock, flags);
		hlist_for_each_entry_safe(owner, next, &store->owners[bkt], node)
			if (owner->key.ns == ns)
				gcma_store_retire(store, owner);
		spin_unlock_irqrestore(&store->lock, flags);
	}
	flush_work(&store->reap_work);
}

/*
 * Give back the copies @area holds of @client's, or of every client if
 * @client is GCMA_NR_CLIENTS.  The caller has stopped new ones.
 */
static void gcma_store_drain_area(struct gcma_store *store,
				  struct gcma_store_area *area,
				  enum gcma_client client)
{
	unsigned long flags, idx = 0;
	int batch;

	spin_lock_irqsave(&store->lock, flags);
	do {
		batch = 0;
		for_each_set_bit_from(idx, area->live, area->nr_pages) {
			struct page *page = gcma_store_page(area, idx);
			struct gcma_store_owner *owner;

			owner = (void *)page_private(page);
			if (client != GCMA_NR_CLIENTS &&
			    owner->client != client)
				continue;
			gcma_store_forget(area, idx, page, GCMA_INVALIDATED);
			if (++batch == GCMA_STORE_BATCH)
				break;
		}
	} while (gcma_store_relax(store, &flags, batch));
	spin_unlock_irqrestore(&store->lock, flags);
}

/*
 * Let @area lend its pages to @client's copies (to all clients' if
 * @client is GCMA_NR_CLIENTS) or not; stopping drops the copies.
 */
static void gcma_store_set_lend(struct gcma_store *store,
				struct gcma_store_area *area,
				enum gcma_client client, bool lend)
{
	unsigned long flags;

	spin_lock_irqsave(&store->lock, flags);
	if (client == GCMA_NR_CLIENTS)
		area->lend = lend;
	else
		area->lend_client[client] = lend;
	gcma_store_count_lending(store);
	spin_unlock_irqrestore(&store->lock, flags);
	if (!lend)
		gcma_store_drain_area(store, area, client);
}

/* Let @gcma's idle pages hold copies; @area is zeroed, @lend to start. */
static int gcma_store_add_area(struct gcma_store *store,
			       struct gcma_store_area *area,
			       struct gcma *gcma, bool lend)
{
	struct gcma_stat stat;
	unsigned long flags;
	int i, ret;

	gcma_get_stat(gcma, &stat);
	area->live = bitmap_zalloc(stat.nr_pages, GFP_KERNEL);
	area->busy = bitmap_zalloc(stat.nr_pages, GFP_KERNEL);
	area->gone = bitmap_zalloc(stat.nr_pages, GFP_KERNEL);
	if (!area->live || !area->busy || !area->gone) {
		ret = -ENOMEM;
		goto out_free;
	}
	area->base_pfn = stat.base_pfn;
	area->nr_pages = stat.nr_pages;
	area->lender.drop = gcma_store_drop;
	area->gcma = gcma;
	area->store = store;
	ret = gcma_set_lender(gcma, &area->lender);
	if (ret)
		goto out_free;
	spin_lock_irqsave(&store->lock, flags);
	area->lend = lend;
	for (i = 0; i < GCMA_NR_CLIENTS; i++)
		area->lend_client[i] = true;
	list_add_tail(&area->node, &store->areas);
	gcma_store_count_lending(store);
	spin_unlock_irqrestore(&store->lock, flags);
	return 0;
out_free:
	bitmap_free(area->gone);
	bitmap_free(area->busy);
	bitmap_free(area->live);
	return ret;
}

static void __maybe_unused gcma_store_remove_area(struct gcma_store *store,
						  struct gcma_store_area *area)
{
	unsigned long flags;

	gcma_store_set_lend(store, area, GCMA_NR_CLIENTS, false);
	spin_lock_irqsave(&store->lock, flags);
	list_del(&area->node);
	gcma_store_count_lending(store);
	spin_unlock_irqrestore(&store->lock, flags);
	flush_work(&store->reap_work);
	/* pages still being taken back keep the lender until they are */
	while (gcma_set_lender(area->gcma, NULL))
		cpu_relax();
	bitmap_free(area->gone);
	bitmap_free(area->busy);
	bitmap_free(area->live);
}

static struct gcma_store gcma_copy_store;
DEFINE_STATIC_KEY_FALSE(gcma_copies_used);

/**
 * gcma_copy_put() - keep a copy of a page for a client of the store
 * @client: who keeps it (its area switches and counters)
 * @key: the owner of the copy, an object of @client's
 * @index: where in @key the page is
 * @src: the page
 * @replace: replace a copy of (@key, @index) there is; else keep it
 *
 * Return: true if there is a copy of (@key, @index) now; false if no page
 * could be had, and then there is none.
 */
bool gcma_copy_put(enum gcma_client client, const struct gcma_copy_key *key,
		   pgoff_t index, struct page *src, bool replace)
{
	return gcma_store_put(&gcma_copy_store, client, key, index, src,
			      replace);
}

/**
 * gcma_copy_lends() - may a client keep copies now?
 * @client: the client
 *
 * Return: false if no area lends to @client: gcma_copy_put() would find no
 * page, and the caller may skip all its work for a copy.
 */
bool gcma_copy_lends(enum gcma_client client)
{
	return gcma_store_lends(&gcma_copy_store, client);
}

/**
 * gcma_copy_get() - read copies back
 * @key: their owner
 * @index: the index of the first
 * @dst: the page to copy the first into; the rest go to the pages after it
 * @nr: how many
 * @keep: keep the copies; without it they are forgotten
 *
 * Return: true if all @nr copies were there and copied; false, with
 * nothing copied, if any was missing.
 */
bool gcma_copy_get(const struct gcma_copy_key *key, pgoff_t index,
		   struct page *dst, unsigned int nr, bool keep)
{
	return gcma_store_get(&gcma_copy_store, key, index, dst, nr, keep,
			      false);
}

/**
 * gcma_copy_drop() - forget copies whose data changed or went away
 * @key: their owner
 * @first: the first index
 * @last: the last index, inclusive
 *
 * Return: how many copies were dropped.
 */
unsigned long gcma_copy_drop(const struct gcma_copy_key *key, pgoff_t first,
			     pgoff_t last)
{
	return gcma_store_drop_range(&gcma_copy_store, key, first, last, false);
}

/**
 * gcma_copy_drop_claimed() - forget the claimed copies of a range
 * @key: their owner
 * @first: the first index
 * @last: the last index, inclusive
 *
 * For the file client, when folios leave with no change to the data: a
 * claimed copy is from before a folio that may have changed since
 * (gcma_copy_claim()), the others are still the file's data.
 */
void gcma_copy_drop_claimed(const struct gcma_copy_key *key, pgoff_t first,
			    pgoff_t last)
{
	gcma_store_drop_range(&gcma_copy_store, key, first, last, true);
}

/**
 * gcma_copy_attach() - are there copies of an owner to take up again?
 * @key: the owner
 *
 * An owner of @key's namespace and identity but of another generation is
 * retired: its copies are never found again.
 *
 * Return: true if @key has an owner of its generation.
 */
bool gcma_copy_attach(const struct gcma_copy_key *key)
{
	return gcma_store_has_owner(&gcma_copy_store, key);
}

/**
 * gcma_copy_forget() - forget every copy of an identity, of any generation
 * @key: its namespace and identity; the generation is not looked at
 */
void gcma_copy_forget(const struct gcma_copy_key *key)
{
	gcma_store_forget_key(&gcma_copy_store, key);
}

/**
 * gcma_copy_forget_ns() - forget every copy of a namespace
 * @ns: the namespace, such as a super block, which may then be freed
 *
 * Context: may sleep: the copies are gone when it returns.
 */
void gcma_copy_forget_ns(const void *ns)
{
	gcma_store_forget_ns(&gcma_copy_store, ns);
}

/**
 * gcma_copy_claim() - a folio was inserted at (@key, @index)
 * @key: the owner
 * @index: the folio's first index
 * @nr: its pages, at most GCMA_COPY_NR_MAX
 *
 * The folio claims the copy of each of its indices there is; a copy an
 * earlier folio claimed already is older than that folio's data and is
 * dropped.  For the file client (gcma_file_add_folio()).
 */
void gcma_copy_claim(const struct gcma_copy_key *key, pgoff_t index,
		     unsigned int nr)
{
	/* the copies left unclaimed could be loaded by a later folio */
	if (WARN_ON_ONCE(nr > GCMA_COPY_NR_MAX)) {
		gcma_store_drop_range(&gcma_copy_store, key, index,
				      index + nr - 1, false);
		return;
	}
	gcma_store_claim(&gcma_copy_store, key, index, nr);
}

/**
 * gcma_copy_get_claimed() - read back claimed copies and forget them
 * @key: their owner
 * @index: the index of the first
 * @dst: the page to copy the first into; the rest go to the pages after it
 * @nr: how many, at most GCMA_COPY_NR_MAX
 *
 * Return: true if the copies of (@key, @index) to (@key, @index + @nr - 1)
 * were all there, claimed, and copied; false, with nothing copied and
 * nothing forgotten, otherwise.
 */
bool gcma_copy_get_claimed(const struct gcma_copy_key *key, pgoff_t index,
			   struct page *dst, unsigned int nr)
{
	return gcma_store_get(&gcma_copy_store, key, index, dst, nr, false,
			      true);
}

/**
 * gcma_copy_has_claimed() - is there a claimed copy in a range?
 * @key: the owner
 * @first: the first index
 * @last: the last index, inclusive
 *
 * Return: true if (@key, i) has a claimed copy for some i in the range.
 */
bool gcma_copy_has_claimed(const struct gcma_copy_key *key, pgoff_t first,
			   pgoff_t last)
{
	return gcma_store_has_claimed(&gcma_copy_store, key, first, last);
}

/* Per-area files in /sys/kernel/mm/cma/<area>/, on guaranteed areas. */
static struct gcma_store_area *gcma_copy_area_of_kobj(struct kobject *kobj)
{
	struct cma *cma = container_of(kobj, struct cma_kobject, kobj)->cma;
	struct gcma_store_area *area, *found = NULL;
	unsigned long flags;

	spin_lock_irqsave(&gcma_copy_store.lock, flags);
	list_for_each_entry(area, &gcma_copy_store.areas, node)
		if (area->gcma == cma->gcma)
			found = area;
	spin_unlock_irqrestore(&gcma_copy_store.lock, flags);
	return found;
}

/*
 * A file per switch and per counter: GCMA_NR_CLIENTS in @client stands
 * for the master switch "lend" and for counters summed over the clients.
 */
struct gcma_copy_attr {
	struct kobj_attribute attr;
	enum gcma_client client;
	enum gcma_copy_event event;
};

static ssize_t gcma_copy_switch_show(struct kobject *kobj,
				     struct kobj_attribute *attr, char *buf)
{
	struct gcma_copy_attr *a = container_of(attr, struct gcma_copy_attr,
						attr);
	struct gcma_store_area *area = gcma_copy_area_of_kobj(kobj);
	bool on = false;

	if (area && a->client == GCMA_NR_CLIENTS)
		on = READ_ONCE(area->lend);
	else if (area)
		on = READ_ONCE(area->lend_client[a->client]);
	return sysfs_emit(buf, "%d\n", on);
}

static ssize_t gcma_copy_switch_store(struct kobject *kobj,
				      struct kobj_attribute *attr,
				      const char *buf, size_t len)
{
	struct gcma_copy_attr *a = container_of(attr, struct gcma_copy_attr,
						attr);
	struct gcma_store_area *area = gcma_copy_area_of_kobj(kobj);
	bool lend;
	int ret;

	ret = kstrtobool(buf, &lend);
	if (ret)
		return ret;
	if (!area)
		return -ENODEV;
	gcma_store_set_lend(&gcma_copy_store, area, a->client, lend);
	return len;
}

static ssize_t gcma_copy_counter_show(struct kobject *kobj,
				      struct kobj_attribute *attr, char *buf)
{
	struct gcma_copy_attr *a = container_of(attr, struct gcma_copy_attr,
						attr);
	struct gcma_store_area *area = gcma_copy_area_of_kobj(kobj);
	unsigned long val = 0;
	int i;

	for (i = 0; area && i < GCMA_NR_CLIENTS; i++)
		if (a->client == GCMA_NR_CLIENTS || a->client == i)
			val += READ_ONCE(area->nr[i][a->event]);
	return sysfs_emit(buf, "%lu\n", val);
}

static ssize_t lent_pages_show(struct kobject *kobj,
			       struct kobj_attribute *attr, char *buf)
{
	struct gcma_store_area *area = gcma_copy_area_of_kobj(kobj);
	struct gcma_stat stat = {};

	if (area)
		gcma_get_stat(area->gcma, &stat);
	return sysfs_emit(buf, "%lu\n", stat.nr_lent);
}

static struct kobj_attribute gcma_copy_lent_pages_attr =
	__ATTR_RO(lent_pages);

#define GCMA_COPY_SWITCH(_name, _client) {				\
	.attr = __ATTR(_name, 0644, gcma_copy_switch_show,		\
		       gcma_copy_switch_store),				\
	.client = _client,						\
}

#define GCMA_COPY_COUNTER(_name, _client, _event) {			\
	.attr = __ATTR(_name, 0444, gcma_copy_counter_show, NULL),	\
	.client = _client,						\
	.event = _event,						\
}

static struct gcma_copy_attr gcma_copy_attrs[] = {
	GCMA_COPY_SWITCH(lend, GCMA_NR_CLIENTS),
	GCMA_COPY_SWITCH(lend_file, GCMA_CLIENT_FILE),
	GCMA_COPY_SWITCH(lend_swap, GCMA_CLIENT_SWAP),
	GCMA_COPY_COUNTER(lend_stored, GCMA_NR_CLIENTS, GCMA_STORED),
	GCMA_COPY_COUNTER(lend_loaded, GCMA_NR_CLIENTS, GCMA_LOADED),
	GCMA_COPY_COUNTER(lend_invalidated, GCMA_NR_CLIENTS, GCMA_INVALIDATED),
	GCMA_COPY_COUNTER(lend_evicted, GCMA_NR_CLIENTS, GCMA_EVICTED),
	GCMA_COPY_COUNTER(lend_taken_back, GCMA_NR_CLIENTS, GCMA_TAKEN_BACK),
	GCMA_COPY_COUNTER(file_stored, GCMA_CLIENT_FILE, GCMA_STORED),
	GCMA_COPY_COUNTER(file_loaded, GCMA_CLIENT_FILE, GCMA_LOADED),
	GCMA_COPY_COUNTER(file_invalidated, GCMA_CLIENT_FILE, GCMA_INVALIDATED),
	GCMA_COPY_COUNTER(file_evicted, GCMA_CLIENT_FILE, GCMA_EVICTED),
	GCMA_COPY_COUNTER(file_taken_back, GCMA_CLIENT_FILE, GCMA_TAKEN_BACK),
	GCMA_COPY_COUNTER(swap_stored, GCMA_CLIENT_SWAP, GCMA_STORED),
	GCMA_COPY_COUNTER(swap_loaded, GCMA_CLIENT_SWAP, GCMA_LOADED),
	GCMA_COPY_COUNTER(swap_invalidated, GCMA_CLIENT_SWAP, GCMA_INVALIDATED),
	GCMA_COPY_COUNTER(swap_evicted, GCMA_CLIENT_SWAP, GCMA_EVICTED),
	GCMA_COPY_COUNTER(swap_taken_back, GCMA_CLIENT_SWAP, GCMA_TAKEN_BACK),
};

static struct attribute *gcma_copy_sysfs_attrs[ARRAY_SIZE(gcma_copy_attrs) + 2];

/* Is @client built? */
static bool gcma_copy_client_built(enum gcma_client client)
{
	switch (client) {
	case GCMA_CLIENT_FILE:
		return IS_ENABLED(CONFIG_GCMA_FILE_COPIES);
	case GCMA_CLIENT_SWAP:
		return IS_ENABLED(CONFIG_GCMA_SWAP_COPIES);
	default:
		return true;
	}
}

/* Each client's files only where it is built. */
static umode_t gcma_copy_attr_visible(struct kobject *kobj,
				      struct attribute *attr, int n)
{
	if (n < ARRAY_SIZE(gcma_copy_attrs) &&
	    !gcma_copy_client_built(gcma_copy_attrs[n].client))
		return 0;
	return attr->mode;
}

static const struct attribute_group gcma_copy_group = {
	.attrs = gcma_copy_sysfs_attrs,
	.is_visible = gcma_copy_attr_visible,
};

static bool gcma_lend_default __initdata = true;

static int __init early_gcma_lend(char *p)
{
	if (kstrtobool(p, &gcma_lend_default)) {
		pr_err("gcma_lend=%s: not a boolean; lending stays on\n", p);
		gcma_lend_default = true;
	}
	return 0;
}
early_param("gcma_lend", early_gcma_lend);

/*
 * debugfs gcma_store: what the store holds beside the lent pages, for
 * tests that bound it: owners, live copies, and the stale entries
 * take-backs left (each owner's xarray holds copies + stale entries).
 */
static int gcma_store_debugfs_show(struct seq_file *m, void *v)
{
	unsigned long owners = 0, copies = 0, stale = 0, flags;
	struct gcma_store *store = m->private;
	struct gcma_store_owner *owner;
	struct gcma_store_area *area;
	int bkt;

	spin_lock_irqsave(&store->lock, flags);
	hash_for_each(store->owners, bkt, owner, node) {
		owners++;
		stale += owner->nr_stale;
	}
	list_for_each_entry(area, &store->areas, node)
		copies += bitmap_weight(area->live, area->nr_pages);
	spin_unlock_irqrestore(&store->lock, flags);
	seq_printf(m, "owners %lu\ncopies %lu\nstale %lu\n", owners, copies,
		   stale);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(gcma_store_debugfs);

/* After the areas are active and cma_sysfs_init() made their directories. */
static int __init gcma_store_init_areas(void)
{
	int i, nr = 0;

	gcma_store_init(&gcma_copy_store);
	for (i = 0; i < ARRAY_SIZE(gcma_copy_attrs); i++)
		gcma_copy_sysfs_attrs[i] = &gcma_copy_attrs[i].attr.attr;
	gcma_copy_sysfs_attrs[i] = &gcma_copy_lent_pages_attr.attr;
	for (i = 0; i < cma_area_count; i++) {
		struct cma *cma = &cma_areas[i];
		struct gcma_store_area *area;

		if (!cma->gcma)
			continue;
		area = kzalloc(sizeof(*area), GFP_KERNEL);
		if (!area ||
		    gcma_store_add_area(&gcma_copy_store, area, cma->gcma,
					gcma_lend_default)) {
			pr_warn("%s: cannot lend idle pages\n", cma->name);
			kfree(area);
			continue;
		}
		if (IS_ENABLED(CONFIG_CMA_SYSFS) && cma->cma_kobj &&
		    sysfs_create_group(&cma->cma_kobj->kobj, &gcma_copy_group))
			pr_warn("%s: no lending files in sysfs\n", cma->name);
		nr++;
	}
	if (nr) {
		static_branch_enable(&gcma_copies_used);
		debugfs_create_file("gcma_store", 0400, NULL, &gcma_copy_store,
				    &gcma_store_debugfs_fops);
	}
	return 0;
}
late_initcall(gcma_store_init_areas);

#ifdef CONFIG_GCMA_STORE_KUNIT_TEST
#include "tests/gcma_store_kunit.h"
#endif
