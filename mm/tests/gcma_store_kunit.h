/* SPDX-License-Identifier: GPL-2.0 */
/*
 * KUnit tests for the store of copies in idle GCMA pages, included at the
 * end of mm/gcma_store.c.  Each case makes its own area, of a range taken
 * from the page allocator, and its own store, so that the guaranteed areas
 * of the running kernel and their copies of real files play no part.
 * Keys stand for mappings; what the page-cache hooks do with the store is
 * tested in the guest, on ext4 (tools/testing/gcma-guest/tests/lend).
 */
#ifndef __MM_TESTS_GCMA_STORE_KUNIT_H__
#define __MM_TESTS_GCMA_STORE_KUNIT_H__

#include <kunit/test.h>
#include <linux/completion.h>
#include <linux/delay.h>
#include <linux/kthread.h>
#include <linux/prandom.h>

#define GCMA_STORE_TEST_KEYS	4

struct gcma_store_test {
	struct gcma_store store;
	struct gcma_store_area area;
	struct gcma *gcma;
	unsigned long base_pfn;
	unsigned long nr_pages;
	struct page *src;
	struct page *dst;
	char names[GCMA_STORE_TEST_KEYS];	/* namespaces of the keys */
	struct gcma_copy_key keys[GCMA_STORE_TEST_KEYS];
};

/* A page that says which key, index and generation it is a copy of. */
static void gcma_store_test_fill(struct page *page, unsigned long key,
				 pgoff_t index, u32 gen)
{
	u32 *p = kmap_local_page(page);
	unsigned int i;

	for (i = 0; i < PAGE_SIZE / sizeof(u32); i++)
		p[i] = (u32)key * 0x9e3779b1 ^ (u32)index * 0x85ebca77 ^
		       gen * 0xc2b2ae3d ^ i;
	kunmap_local(p);
}

static bool gcma_store_test_holds(struct page *page, unsigned long key,
				  pgoff_t index, u32 gen)
{
	u32 *p = kmap_local_page(page);
	bool ok = true;
	unsigned int i;

	for (i = 0; i < PAGE_SIZE / sizeof(u32) && ok; i++)
		ok = p[i] == ((u32)key * 0x9e3779b1 ^ (u32)index * 0x85ebca77 ^
			      gen * 0xc2b2ae3d ^ i);
	kunmap_local(p);
	return ok;
}

static const struct gcma_copy_key *
gcma_store_test_key(struct gcma_store_test *t, int i)
{
	t->keys[i].ns = &t->names[i];
	return &t->keys[i];
}

/* How many times @event happened in the test's area, to any client. */
static unsigned long gcma_store_test_nr(struct gcma_store_test *t,
					enum gcma_copy_event event)
{
	unsigned long n = 0;
	int i;

	for (i = 0; i < GCMA_NR_CLIENTS; i++)
		n += t->area.nr[i][event];
	return n;
}

static bool gcma_store_test_put(struct gcma_store_test *t, int key,
				pgoff_t index, u32 gen)
{
	gcma_store_test_fill(t->src, key, index, gen);
	return gcma_store_put(&t->store, GCMA_CLIENT_FILE,
			      gcma_store_test_key(t, key), index, t->src, true);
}

/* Load (key, index) and check it is generation @gen. */
static bool gcma_store_test_get(struct kunit *test, struct gcma_store_test *t,
				int key, pgoff_t index, u32 gen)
{
	if (!gcma_store_get(&t->store, gcma_store_test_key(t, key), index,
			    t->dst, 1, false, false))
		return false;
	KUNIT_EXPECT_TRUE_MSG(test, gcma_store_test_holds(t->dst, key, index,
							  gen),
			      "key %d index %lu is not generation %u", key,
			      index, gen);
	return true;
}

static bool gcma_store_test_has(struct gcma_store_test *t, int key,
				pgoff_t first, pgoff_t last)
{
	return gcma_store_has_claimed(&t->store, gcma_store_test_key(t, key),
				      first, last);
}

/* A folio is inserted at (key, index): gcma_file_add_folio()'s claim. */
static void gcma_store_test_claim(struct gcma_store_test *t, int key,
				  pgoff_t index)
{
	gcma_store_claim(&t->store, gcma_store_test_key(t, key), index, 1);
}

/* Load (key, index) as a read miss would: only if claimed. */
static bool gcma_store_test_get_claimed(struct gcma_store_test *t, int key,
					pgoff_t index)
{
	return gcma_store_get(&t->store, gcma_store_test_key(t, key), index,
			      t->dst, 1, false, true);
}

static unsigned long gcma_store_test_drop(struct gcma_store_test *t, int key,
					  pgoff_t first, pgoff_t last)
{
	return gcma_store_drop_range(&t->store, gcma_store_test_key(t, key),
				     first, last, false);
}

static unsigned long gcma_store_test_lent(struct gcma_store_test *t)
{
	struct gcma_stat stat;

	gcma_get_stat(t->gcma, &stat);
	return stat.nr_lent;
}

/* Every copy made is loaded, dropped or still there. */
static void gcma_store_test_expect_balance(struct kunit *test,
					   struct gcma_store_test *t)
{
	struct gcma_store_area *a = &t->area;

	KUNIT_EXPECT_EQ(test, gcma_store_test_nr(t, GCMA_STORED),
			gcma_store_test_nr(t, GCMA_LOADED) +
			gcma_store_test_nr(t, GCMA_INVALIDATED) +
			gcma_store_test_nr(t, GCMA_EVICTED) +
			gcma_store_test_nr(t, GCMA_TAKEN_BACK) +
			gcma_store_test_lent(t));
	KUNIT_EXPECT_EQ(test, bitmap_weight(a->live, a->nr_pages),
			gcma_store_test_lent(t));
}

static int gcma_store_test_init(struct kunit *test)
{
	unsigned long nr_pages = 1024;
	struct gcma_store_test *t;
	struct page *page;

	t = kunit_kzalloc(test, sizeof(*t), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, t);
	test->priv = t;
	t->src = alloc_page(GFP_KERNEL);
	t->dst = alloc_page(GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, t->src);
	KUNIT_ASSERT_NOT_NULL(test, t->dst);

	page = alloc_contig_pages(nr_pages, GFP_KERNEL | __GFP_NOWARN,
				  numa_mem_id(), NULL);
	if (!page)
		kunit_skip(test, "no free range of %lu pages", nr_pages);
	t->base_pfn = page_to_pfn(page);
	t->nr_pages = nr_pages;
	t->gcma = gcma_create("gcma-file-test", t->base_pfn, nr_pages);
	if (!t->gcma)
		free_contig_range(t->base_pfn, nr_pages);
	KUNIT_ASSERT_NOT_NULL(test, t->gcma);

	gcma_store_init(&t->store);
	KUNIT_ASSERT_EQ(test, gcma_store_add_area(&t->store, &t->area,
						  t->gcma, true), 0);
	return 0;
}

static void gcma_store_test_exit(struct kunit *test)
{
	struct gcma_store_test *t = test->priv;

	if (!t)
		return;
	if (t->gcma) {
		gcma_store_remove_area(&t->store, &t->area);
		KUNIT_EXPECT_EQ(test, gcma_store_test_lent(t), 0);
		KUNIT_EXPECT_TRUE(test, hash_empty(t->store.owners));
		KUNIT_EXPECT_TRUE(test, list_empty(&t->store.reap));
		if (gcma_destroy(t->gcma))
			KUNIT_FAIL(test, "area still has allocated pages");
		else
			free_contig_range(t->base_pfn, t->nr_pages);
	}
	if (t->src)
		__free_page(t->src);
	if (t->dst)
		__free_page(t->dst);
}

static void gcma_store_test_store_load(struct kunit *test)
{
	struct gcma_store_test *t = test->priv;

	KUNIT_ASSERT_TRUE(test, gcma_store_test_put(t, 0, 5, 1));
	KUNIT_EXPECT_EQ(test, gcma_store_test_lent(t), 1);
	/* readahead looks for claimed copies only */
	KUNIT_EXPECT_FALSE(test, gcma_store_test_has(t, 0, 0, 10));
	gcma_store_test_claim(t, 0, 5);
	KUNIT_EXPECT_TRUE(test, gcma_store_test_has(t, 0, 0, 10));
	KUNIT_EXPECT_TRUE(test, gcma_store_test_has(t, 0, 5, 5));
	KUNIT_EXPECT_FALSE(test, gcma_store_test_has(t, 0, 6, 10));
	KUNIT_EXPECT_FALSE(test, gcma_store_test_has(t, 0, 0, 4));
	KUNIT_EXPECT_FALSE(test, gcma_store_test_has(t, 1, 0, 10));
	/* another key or index is a miss */
	KUNIT_EXPECT_FALSE(test, gcma_store_test_get(test, t, 1, 5, 1));
	KUNIT_EXPECT_FALSE(test, gcma_store_test_get(test, t, 0, 4, 1));
	/* a load takes the copy away */
	KUNIT_EXPECT_TRUE(test, gcma_store_test_get(test, t, 0, 5, 1));
	KUNIT_EXPECT_FALSE(test, gcma_store_test_get(test, t, 0, 5, 1));
	KUNIT_EXPECT_EQ(test, gcma_store_test_lent(t), 0);
	KUNIT_EXPECT_EQ(test, t->store.nr_misses, 3);
	/* an owner without copies is freed, a moment later */
	flush_work(&t->store.reap_work);
	KUNIT_EXPECT_TRUE(test, hash_empty(t->store.owners));

	/* a store replaces the older copy of its index */
	KUNIT_ASSERT_TRUE(test, gcma_store_test_put(t, 0, 7, 1));
	KUNIT_ASSERT_TRUE(test, gcma_store_test_put(t, 0, 7, 2));
	KUNIT_EXPECT_EQ(test, gcma_store_test_lent(t), 1);
	KUNIT_EXPECT_TRUE(test, gcma_store_test_get(test, t, 0, 7, 2));

	KUNIT_EXPECT_EQ(test, gcma_store_test_nr(t, GCMA_STORED), 3);
	KUNIT_EXPECT_EQ(test, gcma_store_test_nr(t, GCMA_LOADED), 2);
	KUNIT_EXPECT_EQ(test, gcma_store_test_nr(t, GCMA_INVALIDATED), 1);
	gcma_store_test_expect_balance(test, t);
}

/*
 * A copy is loaded only by the folio whose insertion claimed it: a second
 * insertion at its index (a folio came and went without a hook) drops it,
 * and a new copy of the index starts unclaimed.
 */
static void gcma_store_test_claims(struct kunit *test)
{
	struct gcma_store_test *t = test->priv;
	pgoff_t i;

	for (i = 0; i < 4; i++)
		KUNIT_ASSERT_TRUE(test, gcma_store_test_put(t, 0, i, 1));
	/* unclaimed: no read miss may take it */
	KUNIT_EXPECT_FALSE(test, gcma_store_test_get_claimed(t, 0, 0));
	KUNIT_EXPECT_EQ(test, gcma_store_test_lent(t), 4);

	/* the folio inserted for a miss loads its copy */
	gcma_store_test_claim(t, 0, 0);
	KUNIT_EXPECT_TRUE(test, gcma_store_test_get_claimed(t, 0, 0));
	KUNIT_EXPECT_TRUE(test, gcma_store_test_holds(t->dst, 0, 0, 1));
	KUNIT_EXPECT_FALSE(test, gcma_store_test_get_claimed(t, 0, 0));

	/* a folio that did not load (write_begin) and left without a hook */
	gcma_store_test_claim(t, 0, 1);
	gcma_store_test_claim(t, 0, 1);
	KUNIT_EXPECT_FALSE(test, gcma_store_test_get_claimed(t, 0, 1));
	KUNIT_EXPECT_FALSE(test, gcma_store_test_get(test, t, 0, 1, 1));
	KUNIT_EXPECT_EQ(test, gcma_store_test_nr(t, GCMA_INVALIDATED), 1);

	/* reclaim of a claiming folio stores its data, unclaimed */
	gcma_store_test_claim(t, 0, 2);
	KUNIT_ASSERT_TRUE(test, gcma_store_test_put(t, 0, 2, 2));
	KUNIT_EXPECT_FALSE(test, gcma_store_test_get_claimed(t, 0, 2));
	gcma_store_test_claim(t, 0, 2);
	KUNIT_EXPECT_TRUE(test, gcma_store_test_get_claimed(t, 0, 2));
	KUNIT_EXPECT_TRUE(test, gcma_store_test_holds(t->dst, 0, 2, 2));

	/* a claim of another index or key claims nothing here */
	gcma_store_test_claim(t, 0, 9);
	gcma_store_test_claim(t, 1, 3);
	KUNIT_EXPECT_FALSE(test, gcma_store_test_get_claimed(t, 0, 3));
	/* a claimed copy goes with its range like any other */
	gcma_store_test_claim(t, 0, 3);
	KUNIT_EXPECT_EQ(test, gcma_store_test_drop(t, 0, 0, 10), 1);
	KUNIT_EXPECT_FALSE(test, gcma_store_test_get_claimed(t, 0, 3));
	KUNIT_EXPECT_EQ(test, gcma_store_test_lent(t), 0);
	gcma_store_test_expect_balance(test, t);
}

/*
 * A large folio claims the copies of all its indices at its insertion and
 * loads them all or none; an earlier folio's claim on any of them drops
 * that copy, as for a single page.
 */
static void gcma_store_test_claims_large(struct kunit *test)
{
	struct gcma_store_test *t = test->priv;
	const struct gcma_copy_key *key = gcma_store_test_key(t, 0);
	struct page *dst;
	pgoff_t i;

	dst = alloc_pages(GFP_KERNEL, 2);
	KUNIT_ASSERT_NOT_NULL(test, dst);
	for (i = 0; i < 8; i++)
		KUNIT_ASSERT_TRUE(test, gcma_store_test_put(t, 0, i, 1));

	/* a four-page folio at 0 claims and loads its four copies */
	gcma_store_claim(&t->store, key, 0, 4);
	KUNIT_EXPECT_TRUE(test, gcma_store_get(&t->store, key, 0, dst, 4,
					       false, true));
	for (i = 0; i < 4; i++)
		KUNIT_EXPECT_TRUE(test, gcma_store_test_holds(dst + i, 0, i, 1));
	KUNIT_EXPECT_EQ(test, gcma_store_test_lent(t), 4);

	/* half of 4..7 claimed: no load, nothing copied, nothing forgotten */
	gcma_store_claim(&t->store, key, 4, 2);
	gcma_store_test_fill(dst, 9, 9, 9);
	KUNIT_EXPECT_FALSE(test, gcma_store_get(&t->store, key, 4, dst, 4,
						false, true));
	KUNIT_EXPECT_TRUE(test, gcma_store_test_holds(dst, 9, 9, 9));
	KUNIT_EXPECT_EQ(test, gcma_store_test_lent(t), 4);

	/*
	 * A folio over 4..7: the copies 4 and 5 are older than the folio
	 * that claimed them and go; 6 and 7 are its to load.
	 */
	gcma_store_claim(&t->store, key, 4, 4);
	KUNIT_EXPECT_EQ(test, gcma_store_test_nr(t, GCMA_INVALIDATED), 2);
	KUNIT_EXPECT_FALSE(test, gcma_store_get(&t->store, key, 4, dst, 4,
						false, true));
	KUNIT_EXPECT_TRUE(test, gcma_store_get(&t->store, key, 6, dst, 2,
					       false, true));
	KUNIT_EXPECT_TRUE(test, gcma_store_test_holds(dst, 0, 6, 1));
	KUNIT_EXPECT_TRUE(test, gcma_store_test_holds(dst + 1, 0, 7, 1));

	/* claims over indices without copies change nothing */
	gcma_store_claim(&t->store, key, 8, 4);
	KUNIT_EXPECT_EQ(test, gcma_store_test_lent(t), 0);
	KUNIT_EXPECT_EQ(test, gcma_store_test_nr(t, GCMA_LOADED), 6);
	__free_pages(dst, 2);
	gcma_store_test_expect_balance(test, t);
}

static void gcma_store_test_drop_range(struct kunit *test)
{
	struct gcma_store_test *t = test->priv;
	pgoff_t i;

	for (i = 0; i < 100; i++) {
		KUNIT_ASSERT_TRUE(test, gcma_store_test_put(t, 0, i, 1));
		KUNIT_ASSERT_TRUE(test, gcma_store_test_put(t, 1, i, 1));
	}
	/* more than a batch, and the same range of another key stays */
	KUNIT_EXPECT_EQ(test, gcma_store_test_drop(t, 0, 10, 89), 80);
	KUNIT_EXPECT_EQ(test, gcma_store_test_lent(t), 120);
	for (i = 0; i < 100; i++)
		KUNIT_EXPECT_EQ(test, gcma_store_test_get(test, t, 0, i, 1),
				i < 10 || i >= 90);
	/* a whole key, as at inode eviction: its owner goes */
	KUNIT_EXPECT_EQ(test, gcma_store_test_drop(t, 1, 0, ULONG_MAX), 100);
	KUNIT_EXPECT_FALSE(test, gcma_store_test_get(test, t, 1, 0, 1));
	flush_work(&t->store.reap_work);
	KUNIT_EXPECT_TRUE(test, hash_empty(t->store.owners));
	/* nothing to drop */
	KUNIT_EXPECT_EQ(test, gcma_store_test_drop(t, 2, 0, ULONG_MAX), 0);
	KUNIT_EXPECT_EQ(test, gcma_store_test_nr(t, GCMA_INVALIDATED), 180);
	gcma_store_test_expect_balance(test, t);
}

/* Put (key, index) with a page of the key's generation. */
static bool gcma_store_test_put_key(struct gcma_store_test *t,
				    const struct gcma_copy_key *key,
				    pgoff_t index)
{
	gcma_store_test_fill(t->src, key->id, index, key->gen);
	return gcma_store_put(&t->store, GCMA_CLIENT_FILE, key, index, t->src,
			      true);
}

/* Load (key, index) and check it is of the key's identity and generation. */
static bool gcma_store_test_get_key(struct kunit *test,
				    struct gcma_store_test *t,
				    const struct gcma_copy_key *key,
				    pgoff_t index)
{
	if (!gcma_store_get(&t->store, key, index, t->dst, 1, false, false))
		return false;
	KUNIT_EXPECT_TRUE(test, gcma_store_test_holds(t->dst, key->id, index,
						      key->gen));
	return true;
}

/*
 * Keys of files by identity (namespace, number, generation), as copies
 * kept past their inode are: a key of another generation retires the
 * owner, whatever the operation; a whole namespace goes at once; an
 * evicted inode keeps its unclaimed copies only.
 */
static void gcma_store_test_identity(struct kunit *test)
{
	struct gcma_store_test *t = test->priv;
	struct gcma_copy_key a1 = { .ns = &t->names[0], .id = 5, .gen = 1 };
	struct gcma_copy_key a2 = { .ns = &t->names[0], .id = 5, .gen = 2 };
	struct gcma_copy_key b = { .ns = &t->names[0], .id = 6, .gen = 1 };
	struct gcma_copy_key c = { .ns = &t->names[1], .id = 5, .gen = 1 };
	pgoff_t i;

	for (i = 0; i < 100; i++) {
		KUNIT_ASSERT_TRUE(test, gcma_store_test_put_key(t, &a1, i));
		KUNIT_ASSERT_TRUE(test, gcma_store_test_put_key(t, &b, i));
		KUNIT_ASSERT_TRUE(test, gcma_store_test_put_key(t, &c, i));
	}
	KUNIT_EXPECT_TRUE(test, gcma_store_has_owner(&t->store, &a1));
	KUNIT_EXPECT_TRUE(test, gcma_store_test_get_key(test, t, &a1, 0));

	/* another generation finds nothing, and the old copies are gone */
	KUNIT_EXPECT_FALSE(test, gcma_store_test_get_key(test, t, &a2, 1));
	KUNIT_EXPECT_FALSE(test, gcma_store_test_get_key(test, t, &a1, 1));
	flush_work(&t->store.reap_work);
	KUNIT_EXPECT_EQ(test, gcma_store_test_lent(t), 200);
	KUNIT_EXPECT_EQ(test, gcma_store_test_nr(t, GCMA_INVALIDATED), 99);
	KUNIT_EXPECT_FALSE(test, gcma_store_has_owner(&t->store, &a1));

	/* a new owner for the new generation: a key of the old retires it */
	for (i = 0; i < 10; i++)
		KUNIT_ASSERT_TRUE(test, gcma_store_test_put_key(t, &a2, i));
	KUNIT_EXPECT_FALSE(test, gcma_store_has_owner(&t->store, &a1));
	flush_work(&t->store.reap_work);
	KUNIT_EXPECT_EQ(test, gcma_store_test_lent(t), 200);
	for (i = 0; i < 10; i++)
		KUNIT_EXPECT_FALSE(test, gcma_store_test_get_key(test, t, &a2,
								 i));

	/* eviction: only the claimed copies go, past a batch */
	for (i = 0; i < 100; i += 3)
		gcma_store_claim(&t->store, &b, i, 1);
	KUNIT_EXPECT_EQ(test, gcma_store_drop_range(&t->store, &b, 0,
						    ULONG_MAX, true), 34);
	for (i = 0; i < 100; i++)
		KUNIT_EXPECT_EQ(test, gcma_store_test_get_key(test, t, &b, i),
				i % 3 != 0);

	/* a forgotten identity goes whatever its generation */
	gcma_store_forget_key(&t->store, &a1);
	flush_work(&t->store.reap_work);
	KUNIT_EXPECT_FALSE(test, gcma_store_has_owner(&t->store, &a1));

	/* a namespace goes at once; another with the same numbers stays */
	for (i = 0; i < 50; i++)
		KUNIT_ASSERT_TRUE(test, gcma_store_test_put_key(t, &b, i));
	gcma_store_forget_ns(&t->store, &t->names[0]);
	flush_work(&t->store.reap_work);
	KUNIT_EXPECT_EQ(test, gcma_store_test_lent(t), 100);
	KUNIT_EXPECT_FALSE(test, gcma_store_test_get_key(test, t, &b, 1));
	for (i = 0; i < 100; i++)
		KUNIT_EXPECT_TRUE(test, gcma_store_test_get_key(test, t, &c, i));
	flush_work(&t->store.reap_work);
	KUNIT_EXPECT_TRUE(test, hash_empty(t->store.owners));
	gcma_store_test_expect_balance(test, t);
}

/* A full area: a new copy replaces the oldest. */
static void gcma_store_test_full(struct kunit *test)
{
	struct gcma_store_test *t = test->priv;
	pgoff_t i, extra = 100;

	for (i = 0; i < t->nr_pages + extra; i++)
		KUNIT_ASSERT_TRUE(test, gcma_store_test_put(t, i & 1, i, 3));
	KUNIT_EXPECT_EQ(test, gcma_store_test_lent(t), t->nr_pages);
	KUNIT_EXPECT_EQ(test, gcma_store_test_nr(t, GCMA_EVICTED), extra);
	for (i = 0; i < t->nr_pages + extra; i++)
		KUNIT_EXPECT_EQ(test, gcma_store_test_get(test, t, i & 1, i, 3),
				i >= extra);
	gcma_store_test_expect_balance(test, t);

	/* lending off: the copies go, and no new one is made */
	for (i = 0; i < 10; i++)
		KUNIT_ASSERT_TRUE(test, gcma_store_test_put(t, 0, i, 4));
	KUNIT_EXPECT_TRUE(test, gcma_store_lends(&t->store, GCMA_CLIENT_FILE));
	gcma_store_set_lend(&t->store, &t->area, GCMA_NR_CLIENTS,
			    false);
	/* the hooks skip all work for a copy when no area lends */
	KUNIT_EXPECT_FALSE(test, gcma_store_lends(&t->store, GCMA_CLIENT_FILE));
	KUNIT_EXPECT_FALSE(test, gcma_store_lends(&t->store, GCMA_CLIENT_SWAP));
	KUNIT_EXPECT_EQ(test, gcma_store_test_lent(t), 0);
	KUNIT_EXPECT_FALSE(test, gcma_store_test_put(t, 0, 0, 5));
	KUNIT_EXPECT_EQ(test, t->store.nr_refused, 1);
	KUNIT_EXPECT_FALSE(test, gcma_store_test_get(test, t, 0, 1, 4));
	gcma_store_set_lend(&t->store, &t->area, GCMA_NR_CLIENTS,
			    true);
	KUNIT_EXPECT_TRUE(test, gcma_store_lends(&t->store, GCMA_CLIENT_FILE));
	KUNIT_EXPECT_TRUE(test, gcma_store_test_put(t, 0, 0, 5));
	KUNIT_EXPECT_TRUE(test, gcma_store_test_get(test, t, 0, 0, 5));
	gcma_store_test_expect_balance(test, t);
}

/* Allocations take copies back; what they hand out is theirs alone. */
static void gcma_store_test_take_back(struct kunit *test)
{
	struct gcma_store_test *t = test->priv;
	unsigned long i;
	struct page *page;

	for (i = 0; i < 300; i++)
		KUNIT_ASSERT_TRUE(test, gcma_store_test_put(t, 0, i, 1));
	/* the first 64 pages of the area, whatever they hold */
	KUNIT_ASSERT_EQ(test, gcma_alloc_range(t->gcma, t->base_pfn, 64,
					       GFP_KERNEL), 0);
	KUNIT_EXPECT_EQ(test, gcma_store_test_nr(t, GCMA_TAKEN_BACK), 64);
	KUNIT_EXPECT_EQ(test, gcma_store_test_lent(t), 236);
	/*
	 * file data reaches the caller only where the page allocator's would:
	 * init_on_alloc clears a page as it is handed out, init_on_free as it
	 * stops holding a copy
	 */
	for (i = 0; (want_init_on_alloc(GFP_KERNEL) || want_init_on_free()) &&
	     i < 64; i++) {
		void *addr = kmap_local_page(pfn_to_page(t->base_pfn + i));

		KUNIT_EXPECT_PTR_EQ(test, memchr_inv(addr, 0, PAGE_SIZE), NULL);
		kunmap_local(addr);
	}
	for (i = 0; i < 64; i++)
		gcma_store_test_fill(pfn_to_page(t->base_pfn + i), 9, i, 9);
	/* the rest of the area: every copy goes */
	page = gcma_alloc(t->gcma, t->nr_pages - 64, 0, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, page);
	KUNIT_EXPECT_EQ(test, gcma_store_test_nr(t, GCMA_TAKEN_BACK), 300);
	KUNIT_EXPECT_EQ(test, gcma_store_test_lent(t), 0);
	KUNIT_EXPECT_TRUE(test, bitmap_empty(t->area.live, t->nr_pages));
	flush_work(&t->store.reap_work);
	KUNIT_EXPECT_TRUE(test, hash_empty(t->store.owners));
	/* a full area refuses new copies, and old ones are gone */
	KUNIT_EXPECT_FALSE(test, gcma_store_test_put(t, 0, 0, 2));
	for (i = 0; i < 300; i++)
		KUNIT_EXPECT_FALSE(test, gcma_store_test_get(test, t, 0, i, 1));
	KUNIT_EXPECT_TRUE(test, gcma_free_range(t->gcma, page_to_pfn(page),
						t->nr_pages - 64));
	KUNIT_EXPECT_TRUE(test, gcma_free_range(t->gcma, t->base_pfn, 64));
	KUNIT_EXPECT_TRUE(test, gcma_store_test_put(t, 0, 0, 2));
	KUNIT_EXPECT_TRUE(test, gcma_store_test_get(test, t, 0, 0, 2));
	gcma_store_test_expect_balance(test, t);
}

/* Mark the page of (key, index)'s copy busy, as a load does; its page. */
static struct page *gcma_store_test_busy_page(struct gcma_store_test *t,
					      int key, pgoff_t index)
{
	struct gcma_store_owner *owner;
	struct gcma_store_area *area;
	unsigned long flags, idx;
	struct page *page;

	spin_lock_irqsave(&t->store.lock, flags);
	owner = gcma_store_find(&t->store, gcma_store_test_key(t, key));
	page = owner ? xa_load(&owner->pages, index) : NULL;
	area = page ? gcma_store_area_of(&t->store, page, &idx) : NULL;
	if (area)
		gcma_store_busy(&t->store, area, idx);
	spin_unlock_irqrestore(&t->store.lock, flags);
	return area ? page : NULL;
}

/* The load is done with @page: is it still the store's? */
static bool gcma_store_test_unbusy(struct gcma_store_test *t, struct page *page)
{
	struct gcma_store_area *area;
	unsigned long flags, idx;
	bool ret;

	spin_lock_irqsave(&t->store.lock, flags);
	area = gcma_store_area_of(&t->store, page, &idx);
	ret = gcma_store_unbusy(area, idx, page);
	spin_unlock_irqrestore(&t->store.lock, flags);
	return ret;
}

/*
 * Is a take-back waiting for the copy out of @page (gcma_store_wait())?
 * What it has done by then: the copies counted taken back, and whether
 * @page still holds its copy.
 */
static bool gcma_store_test_waiting(struct gcma_store_test *t,
				    struct page *page,
				    unsigned long *taken_back, bool *live)
{
	struct gcma_store_area *area;
	unsigned long flags, idx;
	bool ret;

	spin_lock_irqsave(&t->store.lock, flags);
	area = gcma_store_area_of(&t->store, page, &idx);
	ret = test_bit(idx, area->gone);
	*taken_back = gcma_store_test_nr(t, GCMA_TAKEN_BACK);
	*live = test_bit(idx, area->live);
	spin_unlock_irqrestore(&t->store.lock, flags);
	return ret;
}

struct gcma_store_test_taker {
	struct gcma_store_test *t;
	struct completion done;
	struct page *page;
};

static int gcma_store_test_taker_fn(void *data)
{
	struct gcma_store_test_taker *k = data;

	k->page = gcma_alloc(k->t->gcma, k->t->nr_pages, 0, GFP_KERNEL);
	complete(&k->done);
	return 0;
}

/*
 * A page being copied out of (busy, struct gcma_store) is neither given
 * back when its copy is forgotten nor handed to an allocation before the
 * copy is done.
 */
static void gcma_store_test_busy(struct kunit *test)
{
	struct gcma_store_test *t = test->priv;
	struct gcma_store_test_taker k = { .t = t };
	unsigned long taken_back = 0;
	struct task_struct *task;
	bool live = true;
	struct page *page;
	int i;

	/* forgotten while busy: the page stays lent until the copy is done */
	KUNIT_ASSERT_TRUE(test, gcma_store_test_put(t, 0, 0, 1));
	page = gcma_store_test_busy_page(t, 0, 0);
	KUNIT_ASSERT_NOT_NULL(test, page);
	KUNIT_EXPECT_EQ(test, gcma_store_test_drop(t, 0, 0, 0), 1);
	KUNIT_EXPECT_FALSE(test, gcma_store_test_get(test, t, 0, 0, 1));
	KUNIT_EXPECT_EQ(test, gcma_store_test_lent(t), 1);
	KUNIT_EXPECT_FALSE(test, gcma_store_test_unbusy(t, page));
	KUNIT_EXPECT_EQ(test, gcma_store_test_lent(t), 0);

	/* a busy copy is not read by another load */
	KUNIT_ASSERT_TRUE(test, gcma_store_test_put(t, 0, 1, 1));
	page = gcma_store_test_busy_page(t, 0, 1);
	KUNIT_ASSERT_NOT_NULL(test, page);
	KUNIT_EXPECT_FALSE(test, gcma_store_test_get(test, t, 0, 1, 1));

	/*
	 * Taken back while busy: the allocation waits for the copy, and the
	 * copy is gone from the moment the take-back met it, so that no load
	 * finds it again while the allocation waits.
	 */
	init_completion(&k.done);
	task = kthread_run(gcma_store_test_taker_fn, &k, "gcma-file-taker");
	KUNIT_ASSERT_FALSE(test, IS_ERR(task));
	/* until the take-back waits, or is done without waiting: 10 s */
	for (i = 0; i < 500; i++) {
		if (gcma_store_test_waiting(t, page, &taken_back, &live) ||
		    completion_done(&k.done))
			break;
		msleep(20);
	}
	KUNIT_EXPECT_LT(test, i, 500);
	KUNIT_EXPECT_FALSE(test, completion_done(&k.done));
	KUNIT_EXPECT_EQ(test, taken_back, 1);
	KUNIT_EXPECT_FALSE(test, live);
	KUNIT_EXPECT_FALSE(test, gcma_store_test_unbusy(t, page));
	KUNIT_EXPECT_FALSE(test, gcma_store_test_get(test, t, 0, 1, 1));
	wait_for_completion(&k.done);
	KUNIT_ASSERT_NOT_NULL(test, k.page);
	KUNIT_EXPECT_EQ(test, gcma_store_test_nr(t, GCMA_TAKEN_BACK), 1);
	KUNIT_EXPECT_TRUE(test, bitmap_empty(t->area.live, t->nr_pages));
	KUNIT_EXPECT_TRUE(test, bitmap_empty(t->area.busy, t->nr_pages));
	KUNIT_EXPECT_TRUE(test, bitmap_empty(t->area.gone, t->nr_pages));
	KUNIT_EXPECT_TRUE(test, gcma_free_range(t->gcma, page_to_pfn(k.page),
						t->nr_pages));
	gcma_store_test_expect_balance(test, t);
}

/*
 * Take-backs leave their entries stale; an owner kept live by its other
 * copies (a long-open file) must not gather them without bound.
 */
static void gcma_store_test_stale_bound(struct kunit *test)
{
	struct gcma_store_test *t = test->priv;
	unsigned long i, index, entries = 0, stale = 0, live = 0, flags;
	struct gcma_store_owner *owner;
	struct page *page, *entry;

	for (i = 0; i < t->nr_pages; i++)
		KUNIT_ASSERT_TRUE(test, gcma_store_test_put(t, 0, i, 1));
	/* three quarters of the copies taken back, a quarter still live */
	page = gcma_alloc(t->gcma, t->nr_pages * 3 / 4, 0, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, page);
	KUNIT_EXPECT_EQ(test, gcma_store_test_lent(t), t->nr_pages / 4);
	flush_work(&t->store.reap_work);

	spin_lock_irqsave(&t->store.lock, flags);
	owner = gcma_store_find(&t->store, gcma_store_test_key(t, 0));
	if (owner) {
		xa_for_each(&owner->pages, index, entry)
			entries++;
		stale = owner->nr_stale;
	}
	spin_unlock_irqrestore(&t->store.lock, flags);
	KUNIT_ASSERT_NOT_NULL(test, owner);
	KUNIT_EXPECT_EQ(test, entries - stale, t->nr_pages / 4);
	KUNIT_EXPECT_LE(test, stale, t->nr_pages / 4);
	kunit_info(test, "%lu entries for %lu copies after %lu take-backs\n",
		   entries, t->nr_pages / 4, t->nr_pages * 3 / 4);

	/* the live copies are intact, the others gone */
	for (i = 0; i < t->nr_pages; i++)
		live += gcma_store_test_get(test, t, 0, i, 1);
	KUNIT_EXPECT_EQ(test, live, t->nr_pages / 4);
	KUNIT_EXPECT_TRUE(test, gcma_free_range(t->gcma, page_to_pfn(page),
						t->nr_pages * 3 / 4));
	gcma_store_test_expect_balance(test, t);
}

/* Pages of the range that are not all zero. */
static unsigned long gcma_store_test_nonzero(unsigned long pfn,
					     unsigned long count)
{
	unsigned long i, nr = 0;

	for (i = 0; i < count; i++) {
		void *addr = kmap_local_page(pfn_to_page(pfn + i));

		nr += !!memchr_inv(addr, 0, PAGE_SIZE);
		kunmap_local(addr);
	}
	return nr;
}

/*
 * A page that held a copy is a free page again once it stops holding it,
 * and under init_on_free a free page is a cleared one: whether the copy
 * was loaded (the page given back), dropped as the file changed, evicted
 * for a newer copy or taken back by an allocation, every page of the area
 * reads zero when allocated, as the page allocator's would.
 */
static void gcma_store_test_init_on_free(struct kunit *test)
{
	struct gcma_store_test *t = test->priv;
	struct page *page;
	unsigned long i;

	if (!want_init_on_free() && !want_init_on_alloc(GFP_KERNEL))
		kunit_skip(test, "boot with init_on_free=1 to run this");
	for (i = 0; i < t->nr_pages + 100; i++)
		KUNIT_ASSERT_TRUE(test, gcma_store_test_put(t, 0, i, 1));
	KUNIT_ASSERT_EQ(test, gcma_store_test_nr(t, GCMA_EVICTED), 100);
	for (i = 100; i < 200; i++)
		KUNIT_EXPECT_TRUE(test, gcma_store_test_get(test, t, 0, i, 1));
	KUNIT_EXPECT_EQ(test, gcma_store_test_drop(t, 0, 200, 299), 100);
	KUNIT_EXPECT_EQ(test, gcma_store_test_lent(t), t->nr_pages - 200);

	page = gcma_alloc(t->gcma, t->nr_pages, 0, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, page);
	KUNIT_EXPECT_EQ(test, gcma_store_test_nr(t, GCMA_TAKEN_BACK),
			t->nr_pages - 200);
	KUNIT_EXPECT_EQ(test, gcma_store_test_nonzero(t->base_pfn,
						      t->nr_pages), 0);
	KUNIT_EXPECT_TRUE(test, gcma_free_range(t->gcma, t->base_pfn,
						t->nr_pages));
	gcma_store_test_expect_balance(test, t);
}

/*
 * A take-back leaves the entries of its copies behind, stale; once their
 * pages hold other copies, those entries must not serve them.
 */
static void gcma_store_test_stale(struct kunit *test)
{
	struct gcma_store_test *t = test->priv;
	unsigned long i, nr_other = t->nr_pages - 236;

	for (i = 0; i < 300; i++)
		KUNIT_ASSERT_TRUE(test, gcma_store_test_put(t, 0, i, 1));
	KUNIT_ASSERT_EQ(test, gcma_alloc_range(t->gcma, t->base_pfn, 64,
					       GFP_KERNEL), 0);
	for (i = 0; i < 64; i++)
		gcma_store_test_fill(pfn_to_page(t->base_pfn + i), 9, i, 9);
	KUNIT_ASSERT_TRUE(test, gcma_free_range(t->gcma, t->base_pfn, 64));
	/* fills the rest of the area, then the 64 pages again */
	for (i = 0; i < nr_other; i++)
		KUNIT_ASSERT_TRUE(test, gcma_store_test_put(t, 1, i, 5));
	KUNIT_EXPECT_EQ(test, gcma_store_test_lent(t), t->nr_pages);
	KUNIT_EXPECT_EQ(test, gcma_store_test_nr(t, GCMA_EVICTED), 0);
	for (i = 0; i < 300; i++)
		KUNIT_EXPECT_EQ(test, gcma_store_test_get(test, t, 0, i, 1),
				i >= 64);
	for (i = 0; i < nr_other; i++)
		KUNIT_EXPECT_TRUE(test, gcma_store_test_get(test, t, 1, i, 5));
	gcma_store_test_expect_balance(test, t);
}

/*
 * Two clients share the area: each has its switch and its counters, a
 * client turned off loses its copies and keeps the other's, a load may
 * keep its copy, and a load of several pages is all of them or nothing.
 */
static void gcma_store_test_clients(struct kunit *test)
{
	struct gcma_store_test *t = test->priv;
	struct gcma_store_area *a = &t->area;
	const struct gcma_copy_key *swap = gcma_store_test_key(t, 1);
	struct page *dst;
	pgoff_t i;

	dst = alloc_pages(GFP_KERNEL, 2);
	KUNIT_ASSERT_NOT_NULL(test, dst);
	for (i = 0; i < 8; i++) {
		KUNIT_ASSERT_TRUE(test, gcma_store_test_put(t, 0, i, 1));
		gcma_store_test_fill(t->src, 1, i, 1);
		KUNIT_ASSERT_TRUE(test, gcma_store_put(&t->store,
						       GCMA_CLIENT_SWAP, swap,
						       i, t->src, true));
	}
	KUNIT_EXPECT_EQ(test, a->nr[GCMA_CLIENT_FILE][GCMA_STORED], 8);
	KUNIT_EXPECT_EQ(test, a->nr[GCMA_CLIENT_SWAP][GCMA_STORED], 8);

	/* a kept load leaves the copy, counted as a load */
	KUNIT_EXPECT_TRUE(test, gcma_store_get(&t->store, swap, 2, dst, 1,
					       true, false));
	KUNIT_EXPECT_TRUE(test, gcma_store_test_holds(dst, 1, 2, 1));
	KUNIT_EXPECT_TRUE(test, gcma_store_get(&t->store, swap, 2, dst, 1,
					       true, false));
	KUNIT_EXPECT_EQ(test, a->nr[GCMA_CLIENT_SWAP][GCMA_LOADED], 2);
	KUNIT_EXPECT_EQ(test, gcma_store_test_lent(t), 16);

	/* four pages at once: all there, or none copied */
	KUNIT_EXPECT_TRUE(test, gcma_store_get(&t->store, swap, 4, dst, 4,
					       true, false));
	for (i = 0; i < 4; i++)
		KUNIT_EXPECT_TRUE(test, gcma_store_test_holds(dst + i, 1, 4 + i,
							      1));
	KUNIT_EXPECT_EQ(test, gcma_store_drop_range(&t->store, swap, 6, 6,
						    false),
			1);
	gcma_store_test_fill(dst, 9, 9, 9);
	KUNIT_EXPECT_FALSE(test, gcma_store_get(&t->store, swap, 4, dst, 4,
						true, false));
	KUNIT_EXPECT_TRUE(test, gcma_store_test_holds(dst, 9, 9, 9));
	KUNIT_EXPECT_EQ(test, a->nr[GCMA_CLIENT_SWAP][GCMA_LOADED], 6);

	/* the swap client off: its copies go, the file copies stay */
	gcma_store_set_lend(&t->store, a, GCMA_CLIENT_SWAP, false);
	KUNIT_EXPECT_FALSE(test, gcma_store_lends(&t->store, GCMA_CLIENT_SWAP));
	KUNIT_EXPECT_TRUE(test, gcma_store_lends(&t->store, GCMA_CLIENT_FILE));
	KUNIT_EXPECT_EQ(test, a->nr[GCMA_CLIENT_SWAP][GCMA_INVALIDATED], 8);
	KUNIT_EXPECT_EQ(test, a->nr[GCMA_CLIENT_FILE][GCMA_INVALIDATED], 0);
	KUNIT_EXPECT_EQ(test, gcma_store_test_lent(t), 8);
	KUNIT_EXPECT_FALSE(test, gcma_store_get(&t->store, swap, 0, dst, 1,
						true, false));
	KUNIT_EXPECT_FALSE(test, gcma_store_put(&t->store, GCMA_CLIENT_SWAP,
						swap, 0, t->src, true));
	KUNIT_EXPECT_TRUE(test, gcma_store_test_get(test, t, 0, 3, 1));
	KUNIT_EXPECT_TRUE(test, gcma_store_test_put(t, 0, 3, 2));
	gcma_store_set_lend(&t->store, a, GCMA_CLIENT_SWAP, true);
	KUNIT_EXPECT_TRUE(test, gcma_store_lends(&t->store, GCMA_CLIENT_SWAP));
	gcma_store_test_fill(t->src, 1, 0, 1);
	KUNIT_EXPECT_TRUE(test, gcma_store_put(&t->store, GCMA_CLIENT_SWAP,
					       swap, 0, t->src, true));
	KUNIT_EXPECT_EQ(test, gcma_store_test_lent(t), 9);

	/* without replace, a copy there is kept, and none is made */
	gcma_store_test_fill(t->src, 1, 0, 2);
	KUNIT_EXPECT_TRUE(test, gcma_store_put(&t->store, GCMA_CLIENT_SWAP,
					       swap, 0, t->src, false));
	KUNIT_EXPECT_EQ(test, gcma_store_test_lent(t), 9);
	KUNIT_EXPECT_TRUE(test, gcma_store_get(&t->store, swap, 0, dst, 1,
					       false, false));
	KUNIT_EXPECT_TRUE(test, gcma_store_test_holds(dst, 1, 0, 1));
	KUNIT_EXPECT_TRUE(test, gcma_store_put(&t->store, GCMA_CLIENT_SWAP,
					       swap, 0, t->src, false));
	KUNIT_EXPECT_TRUE(test, gcma_store_get(&t->store, swap, 0, dst, 1,
					       false, false));
	KUNIT_EXPECT_TRUE(test, gcma_store_test_holds(dst, 1, 0, 2));
	__free_pages(dst, 2);
}

/*
 * Workers store, load and drop copies of their own key while another
 * thread allocates and frees ranges of the same area.  Each worker knows
 * which generation it last stored at each index: a load returns that
 * generation or nothing, never an older one, nor another key's data, nor
 * what the allocator wrote.
 */
#define GCMA_STORE_TEST_WORKERS	3
#define GCMA_STORE_TEST_INDICES	256

struct gcma_store_test_worker {
	struct gcma_store_test *t;
	struct completion done;
	struct page *src, *dst;
	int key;
	u64 seed;
	unsigned long ops;
	u32 gen[GCMA_STORE_TEST_INDICES];
	bool stored[GCMA_STORE_TEST_INDICES];
	unsigned long nr_hits, nr_wrong, nr_ghosts;
};

static int gcma_store_test_worker_fn(void *data)
{
	struct gcma_store_test_worker *w = data;
	struct gcma_store *store = &w->t->store;
	const struct gcma_copy_key *key = gcma_store_test_key(w->t, w->key);
	struct rnd_state rnd;
	unsigned long n;

	prandom_seed_state(&rnd, w->seed);
	for (n = 0; n < w->ops; n++) {
		pgoff_t i = prandom_u32_state(&rnd) % GCMA_STORE_TEST_INDICES;
		u32 op = prandom_u32_state(&rnd) % 8, len;

		if (op < 4) {
			gcma_store_test_fill(w->src, w->key, i, ++w->gen[i]);
			w->stored[i] = gcma_store_put(store, GCMA_CLIENT_FILE,
						      key, i, w->src, true);
		} else if (op < 7) {
			if (!gcma_store_get(store, key, i, w->dst, 1, false,
					    false))
				continue;
			w->nr_hits++;
			if (!w->stored[i])
				w->nr_ghosts++;
			else if (!gcma_store_test_holds(w->dst, w->key, i,
							w->gen[i]))
				w->nr_wrong++;
			w->stored[i] = false;
		} else {
			pgoff_t j;

			len = prandom_u32_state(&rnd) % 32;
			gcma_store_drop_range(store, key, i, i + len, false);
			for (j = i; j <= i + len &&
			     j < GCMA_STORE_TEST_INDICES; j++)
				w->stored[j] = false;
		}
		if (!(n % 256))
			cond_resched();
	}
	complete(&w->done);
	return 0;
}

struct gcma_store_test_allocator {
	struct gcma_store_test *t;
	struct completion done;
	bool stop;
	unsigned long nr_allocs, nr_overlaps;
};

/* Does a page of [pfn, pfn + count) still hold a copy? */
static bool gcma_store_test_indexed(struct gcma_store_test *t,
				    unsigned long pfn, unsigned long count)
{
	unsigned long start = pfn - t->base_pfn, flags;
	bool ret;

	spin_lock_irqsave(&t->store.lock, flags);
	ret = find_next_bit(t->area.live, start + count, start) <
	      start + count;
	spin_unlock_irqrestore(&t->store.lock, flags);
	return ret;
}

static int gcma_store_test_allocator_fn(void *data)
{
	struct gcma_store_test_allocator *a = data;
	struct gcma_store_test *t = a->t;
	struct rnd_state rnd;
	unsigned long count, i;
	struct page *page;

	prandom_seed_state(&rnd, 42);
	while (!READ_ONCE(a->stop)) {
		count = 1 + prandom_u32_state(&rnd) % (t->nr_pages / 2);
		page = gcma_alloc(t->gcma, count, 0, GFP_KERNEL);
		if (page) {
			a->nr_allocs++;
			if (gcma_store_test_indexed(t, page_to_pfn(page),
						    count))
				a->nr_overlaps++;
			for (i = 0; i < count; i++)
				gcma_store_test_fill(page + i, 7, i, 7);
			usleep_range(100, 200);
			gcma_free_range(t->gcma, page_to_pfn(page), count);
		}
		cond_resched();
	}
	complete(&a->done);
	return 0;
}

static void gcma_store_test_concurrent(struct kunit *test)
{
	struct gcma_store_test *t = test->priv;
	struct gcma_store_test_worker *w;
	struct gcma_store_test_allocator a = { .t = t };
	struct task_struct *task;
	unsigned long hits = 0;
	int i;

	w = kunit_kcalloc(test, GCMA_STORE_TEST_WORKERS, sizeof(*w),
			  GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, w);
	for (i = 0; i < GCMA_STORE_TEST_WORKERS; i++) {
		w[i].src = alloc_page(GFP_KERNEL);
		w[i].dst = alloc_page(GFP_KERNEL);
		if (!w[i].src || !w[i].dst)
			goto out_free;
	}

	init_completion(&a.done);
	task = kthread_run(gcma_store_test_allocator_fn, &a, "gcma-file-alloc");
	KUNIT_ASSERT_FALSE(test, IS_ERR(task));
	for (i = 0; i < GCMA_STORE_TEST_WORKERS; i++) {
		w[i].t = t;
		w[i].key = i;
		w[i].seed = 1000 + i;
		w[i].ops = 20000;
		init_completion(&w[i].done);
		task = kthread_run(gcma_store_test_worker_fn, &w[i],
				   "gcma-file-test/%d", i);
		if (IS_ERR(task)) {
			KUNIT_FAIL(test, "cannot start worker %d", i);
			complete(&w[i].done);
		}
	}
	for (i = 0; i < GCMA_STORE_TEST_WORKERS; i++)
		wait_for_completion(&w[i].done);
	WRITE_ONCE(a.stop, true);
	wait_for_completion(&a.done);

	for (i = 0; i < GCMA_STORE_TEST_WORKERS; i++) {
		KUNIT_EXPECT_EQ_MSG(test, w[i].nr_wrong, 0,
				    "worker %d loaded data it did not store last",
				    i);
		KUNIT_EXPECT_EQ_MSG(test, w[i].nr_ghosts, 0,
				    "worker %d loaded a copy it had dropped", i);
		hits += w[i].nr_hits;
	}
	KUNIT_EXPECT_EQ(test, a.nr_overlaps, 0);
	/* the case means nothing unless both sides got their turns */
	KUNIT_EXPECT_GT(test, hits, 0);
	KUNIT_EXPECT_GT(test, a.nr_allocs, 0);
	KUNIT_EXPECT_GT(test, gcma_store_test_nr(t, GCMA_TAKEN_BACK), 0);
	gcma_store_test_expect_balance(test, t);
	kunit_info(test, "%lu hits, %lu allocations, %lu copies taken back\n",
		   hits, a.nr_allocs, gcma_store_test_nr(t, GCMA_TAKEN_BACK));
out_free:
	for (i = 0; i < GCMA_STORE_TEST_WORKERS; i++) {
		if (w[i].src)
			__free_page(w[i].src);
		if (w[i].dst)
			__free_page(w[i].dst);
	}
}

static struct kunit_case gcma_store_test_cases[] = {
	KUNIT_CASE(gcma_store_test_store_load),
	KUNIT_CASE(gcma_store_test_claims),
	KUNIT_CASE(gcma_store_test_claims_large),
	KUNIT_CASE(gcma_store_test_drop_range),
	KUNIT_CASE(gcma_store_test_identity),
	KUNIT_CASE(gcma_store_test_full),
	KUNIT_CASE(gcma_store_test_take_back),
	KUNIT_CASE(gcma_store_test_busy),
	KUNIT_CASE(gcma_store_test_stale_bound),
	KUNIT_CASE(gcma_store_test_stale),
	KUNIT_CASE(gcma_store_test_init_on_free),
	KUNIT_CASE(gcma_store_test_clients),
	KUNIT_CASE_SLOW(gcma_store_test_concurrent),
	{}
};

static struct kunit_suite gcma_store_test_suite = {
	.name = "gcma_store",
	.init = gcma_store_test_init,
	.exit = gcma_store_test_exit,
	.test_cases = gcma_store_test_cases,
};

kunit_test_suite(gcma_store_test_suite);

#endif /* __MM_TESTS_GCMA_STORE_KUNIT_H__ */
