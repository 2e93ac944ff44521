/* SPDX-License-Identifier: GPL-2.0 */
/*
 * KUnit tests of the write-through copies of swapped-out pages, included
 * at the end of mm/gcma_swap.c.  They call the hooks as swap does, with
 * folios of their own that carry swap entries of a type no device of the
 * test boots has, on the store of the running kernel: they need the
 * default area to be guaranteed and lending (cma=<size>,guaranteed).
 * The store itself is tested by the gcma_store suite; what swap does with
 * the hooks is tested in the guest (tools/testing/gcma-guest/tests/
 * lend-swap).
 */
#ifndef __MM_TESTS_GCMA_SWAP_KUNIT_H__
#define __MM_TESTS_GCMA_SWAP_KUNIT_H__

#include <kunit/test.h>
#include <linux/cma.h>
#include <linux/completion.h>
#include <linux/delay.h>
#include <linux/dma-map-ops.h>
#include <linux/gcma.h>
#include <linux/highmem.h>
#include <linux/kthread.h>
#include <linux/prandom.h>

#include "../cma.h"

#define GCMA_SWAP_TEST_TYPE	(MAX_SWAPFILES - 1)
#define GCMA_SWAP_TEST_NR_SLOTS	1024

/* A page that says which slot and generation it is the data of. */
static void gcma_swap_test_fill(struct page *page, pgoff_t offset, u32 gen)
{
	u32 *p = kmap_local_page(page);
	unsigned int i;

	for (i = 0; i < PAGE_SIZE / sizeof(u32); i++)
		p[i] = (u32)offset * 0x9e3779b1 ^ gen * 0xc2b2ae3d ^ i;
	kunmap_local(p);
}

static bool gcma_swap_test_holds(struct page *page, pgoff_t offset, u32 gen)
{
	u32 *p = kmap_local_page(page);
	bool ok = true;
	unsigned int i;

	for (i = 0; i < PAGE_SIZE / sizeof(u32) && ok; i++)
		ok = p[i] == ((u32)offset * 0x9e3779b1 ^ gen * 0xc2b2ae3d ^ i);
	kunmap_local(p);
	return ok;
}

static struct folio *gcma_swap_test_folio(struct kunit *test,
					  unsigned int order)
{
	struct folio *folio = folio_alloc(GFP_KERNEL, order);

	KUNIT_ASSERT_NOT_NULL(test, folio);
	return folio;
}

static void gcma_swap_test_put_folio(struct folio *folio)
{
	folio->swap.val = 0;
	folio_put(folio);
}

/* Write @folio to slot @offset on: a copy, as swap_writepage() makes. */
static void gcma_swap_test_out(struct folio *folio, pgoff_t offset, u32 gen)
{
	long i;

	folio->swap = swp_entry(GCMA_SWAP_TEST_TYPE, offset);
	for (i = 0; i < folio_nr_pages(folio); i++)
		gcma_swap_test_fill(folio_page(folio, i), offset + i, gen);
	gcma_swap_drop_folio(folio);
	gcma_swap_store(folio);
}

/* Read slot @offset on into @folio; true if it came from copies. */
static bool gcma_swap_test_in(struct folio *folio, pgoff_t offset)
{
	folio->swap = swp_entry(GCMA_SWAP_TEST_TYPE, offset);
	folio_clear_uptodate(folio);
	return gcma_swap_load(folio);
}

static bool gcma_swap_test_in_holds(struct folio *folio, pgoff_t offset,
				    u32 gen)
{
	long i;

	if (!gcma_swap_test_in(folio, offset) || !folio_test_uptodate(folio))
		return false;
	for (i = 0; i < folio_nr_pages(folio); i++)
		if (!gcma_swap_test_holds(folio_page(folio, i), offset + i,
					  gen))
			return false;
	return true;
}

static int gcma_swap_test_init(struct kunit *test)
{
	struct cma *cma = dev_get_cma_area(NULL);
	struct gcma_stat stat;

	if (!cma || !cma_is_guaranteed(cma) || !cma->gcma)
		kunit_skip(test, "boot with cma=<size>,guaranteed to run this");
	if (!static_branch_unlikely(&gcma_copies_used))
		kunit_skip(test, "the guaranteed areas do not lend");
	gcma_get_stat(cma->gcma, &stat);
	if (stat.nr_free + stat.nr_lent < 1024)
		kunit_skip(test, "the default area has no 1024 idle pages");
	if (swp_swap_info(swp_entry(GCMA_SWAP_TEST_TYPE, 0)))
		kunit_skip(test, "swap type %d is a real device's",
			   GCMA_SWAP_TEST_TYPE);
	test->priv = cma;
	/* as swapon does: the slots that may have copies */
	gcma_swap_on(GCMA_SWAP_TEST_TYPE, GCMA_SWAP_TEST_NR_SLOTS);
	return 0;
}

static void gcma_swap_test_exit(struct kunit *test)
{
	if (test->priv)
		gcma_swap_off(GCMA_SWAP_TEST_TYPE);
}

static void gcma_swap_test_store_load(struct kunit *test)
{
	struct folio *out = gcma_swap_test_folio(test, 0);
	struct folio *in = gcma_swap_test_folio(test, 0);

	gcma_swap_test_out(out, 10, 1);
	KUNIT_EXPECT_TRUE(test, gcma_swap_test_in_holds(in, 10, 1));
	/* inclusive: the copy is still there */
	KUNIT_EXPECT_TRUE(test, gcma_swap_test_in_holds(in, 10, 1));
	/* another slot, another type: misses */
	KUNIT_EXPECT_FALSE(test, gcma_swap_test_in(in, 11));
	in->swap = swp_entry(GCMA_SWAP_TEST_TYPE - 1, 10);
	KUNIT_EXPECT_FALSE(test, gcma_swap_load(in));

	/* the slot freed: nothing, and a reuse finds only its own data */
	gcma_swap_invalidate(GCMA_SWAP_TEST_TYPE, 10, 1);
	KUNIT_EXPECT_FALSE(test, gcma_swap_test_in(in, 10));
	gcma_swap_test_out(out, 10, 2);
	KUNIT_EXPECT_TRUE(test, gcma_swap_test_in_holds(in, 10, 2));

	/* rewritten where no copy is made (zswap, zero map): nothing */
	out->swap = swp_entry(GCMA_SWAP_TEST_TYPE, 10);
	gcma_swap_drop_folio(out);
	KUNIT_EXPECT_FALSE(test, gcma_swap_test_in(in, 10));
	/* rewritten to the device: the new data */
	gcma_swap_test_out(out, 10, 3);
	gcma_swap_test_out(out, 10, 4);
	KUNIT_EXPECT_TRUE(test, gcma_swap_test_in_holds(in, 10, 4));

	/* reclaim of a clean folio: a copy if there is none, else kept */
	gcma_swap_invalidate(GCMA_SWAP_TEST_TYPE, 10, 1);
	out->swap = swp_entry(GCMA_SWAP_TEST_TYPE, 10);
	gcma_swap_evict(out);
	KUNIT_EXPECT_TRUE(test, gcma_swap_test_in_holds(in, 10, 4));
	gcma_swap_test_fill(folio_page(out, 0), 10, 5);
	gcma_swap_evict(out);
	KUNIT_EXPECT_TRUE(test, gcma_swap_test_in_holds(in, 10, 4));
	/* a dirty one has no copy made */
	out->swap = swp_entry(GCMA_SWAP_TEST_TYPE, 11);
	folio_mark_dirty(out);
	gcma_swap_evict(out);
	KUNIT_EXPECT_FALSE(test, gcma_swap_test_in(in, 11));
	folio_clear_dirty(out);

	/* a range freed at once, and swapoff */
	gcma_swap_test_out(out, 20, 1);
	gcma_swap_test_out(out, 21, 1);
	gcma_swap_test_out(out, 22, 1);
	gcma_swap_invalidate(GCMA_SWAP_TEST_TYPE, 20, 2);
	KUNIT_EXPECT_FALSE(test, gcma_swap_test_in(in, 20));
	KUNIT_EXPECT_FALSE(test, gcma_swap_test_in(in, 21));
	KUNIT_EXPECT_TRUE(test, gcma_swap_test_in_holds(in, 22, 1));
	gcma_swap_off(GCMA_SWAP_TEST_TYPE);
	KUNIT_EXPECT_FALSE(test, gcma_swap_test_in(in, 22));
	KUNIT_EXPECT_FALSE(test, gcma_swap_test_in(in, 10));

	gcma_swap_test_put_folio(out);
	gcma_swap_test_put_folio(in);
}

/*
 * Slots freed and used again where no new copy is made (zswap takes the
 * page, the zero map records it): the free drops every copy of the range
 * through the bitmap of slots that may have one, whichever slot of the
 * range has it and whichever hook made it, so a reuse never loads a copy
 * of the slot's former data.
 */
static void gcma_swap_test_reuse(struct kunit *test)
{
	unsigned long *maybe = gcma_swap_maybe[GCMA_SWAP_TEST_TYPE];
	struct folio *out = gcma_swap_test_folio(test, 0);
	struct folio *in = gcma_swap_test_folio(test, 0);
	static const pgoff_t with[] = { 62, 69 };
	unsigned int i;
	pgoff_t s;

	KUNIT_ASSERT_NOT_NULL(test, maybe);
	/* copies of two slots inside a range, across a word of the bitmap */
	for (i = 0; i < ARRAY_SIZE(with); i++) {
		gcma_swap_test_out(out, with[i], 1);
		KUNIT_EXPECT_TRUE(test, test_bit(with[i], maybe));
	}
	gcma_swap_invalidate(GCMA_SWAP_TEST_TYPE, 60, 10);
	for (s = 60; s < 70; s++)
		KUNIT_EXPECT_FALSE(test, test_bit(s, maybe));
	for (i = 0; i < ARRAY_SIZE(with); i++) {
		/* reused: dropped before the write, which makes no copy */
		out->swap = swp_entry(GCMA_SWAP_TEST_TYPE, with[i]);
		gcma_swap_drop_folio(out);
		KUNIT_EXPECT_FALSE(test, gcma_swap_test_in(in, with[i]));
	}

	/* a copy made as reclaim frees a clean folio sets the bit as well */
	out->swap = swp_entry(GCMA_SWAP_TEST_TYPE, 130);
	gcma_swap_test_fill(folio_page(out, 0), 130, 1);
	gcma_swap_evict(out);
	KUNIT_EXPECT_TRUE(test, test_bit(130, maybe));
	KUNIT_EXPECT_TRUE(test, gcma_swap_test_in_holds(in, 130, 1));
	gcma_swap_invalidate(GCMA_SWAP_TEST_TYPE, 128, 4);
	KUNIT_EXPECT_FALSE(test, test_bit(130, maybe));
	KUNIT_EXPECT_FALSE(test, gcma_swap_test_in(in, 130));

	gcma_swap_test_put_folio(out);
	gcma_swap_test_put_folio(in);
}

/* A large folio is stored page by page and loaded whole or not at all. */
static void gcma_swap_test_large(struct kunit *test)
{
	struct folio *out = gcma_swap_test_folio(test, 2);
	struct folio *in = gcma_swap_test_folio(test, 2);
	struct folio *one = gcma_swap_test_folio(test, 0);
	long i;

	gcma_swap_test_out(out, 32, 1);
	KUNIT_EXPECT_TRUE(test, gcma_swap_test_in_holds(in, 32, 1));
	KUNIT_EXPECT_TRUE(test, gcma_swap_test_in_holds(one, 33, 1));

	gcma_swap_invalidate(GCMA_SWAP_TEST_TYPE, 34, 1);
	for (i = 0; i < 4; i++)
		gcma_swap_test_fill(folio_page(in, i), 99, 99);
	KUNIT_EXPECT_FALSE(test, gcma_swap_test_in(in, 32));
	KUNIT_EXPECT_FALSE(test, folio_test_uptodate(in));
	for (i = 0; i < 4; i++)
		KUNIT_EXPECT_TRUE(test, gcma_swap_test_holds(folio_page(in, i),
							     99, 99));
	KUNIT_EXPECT_TRUE(test, gcma_swap_test_in_holds(one, 35, 1));

	gcma_swap_test_put_folio(out);
	gcma_swap_test_put_folio(in);
	gcma_swap_test_put_folio(one);
}

/*
 * A folio larger than GCMA_SWAP_LOAD_MAX pages is read from the device,
 * copies or not; its pages one by one are loaded.  The bitmap of slots
 * that may have copies gives way to a type without one (swapon that found
 * no memory for it).
 */
static void gcma_swap_test_load_max(struct kunit *test)
{
	unsigned int order = ilog2(GCMA_SWAP_LOAD_MAX) + 1;
	struct folio *out = gcma_swap_test_folio(test, order);
	struct folio *in = gcma_swap_test_folio(test, order);
	struct folio *one = gcma_swap_test_folio(test, 0);

	gcma_swap_test_out(out, 64, 1);
	KUNIT_EXPECT_FALSE(test, gcma_swap_test_in(in, 64));
	KUNIT_EXPECT_TRUE(test, gcma_swap_test_in_holds(one, 64, 1));
	KUNIT_EXPECT_TRUE(test, gcma_swap_test_in_holds(one, 63 + (1 << order),
							1));

	/* no bitmap: every invalidation goes to the store */
	gcma_swap_off(GCMA_SWAP_TEST_TYPE);
	gcma_swap_test_out(one, 5, 1);
	KUNIT_EXPECT_TRUE(test, gcma_swap_test_in_holds(one, 5, 1));
	gcma_swap_invalidate(GCMA_SWAP_TEST_TYPE, 5, 1);
	KUNIT_EXPECT_FALSE(test, gcma_swap_test_in(one, 5));
	gcma_swap_on(GCMA_SWAP_TEST_TYPE, GCMA_SWAP_TEST_NR_SLOTS);

	gcma_swap_test_put_folio(out);
	gcma_swap_test_put_folio(in);
	gcma_swap_test_put_folio(one);
}

/*
 * A worker swaps slots out, in and frees them, knowing which generation
 * each slot holds, while another thread allocates and frees ranges of the
 * area, taking lent pages back.  A load gives the slot's last data or
 * nothing: never older data, never a freed slot's, never what the
 * allocator wrote into the pages it got.
 */
#define GCMA_SWAP_TEST_SLOTS	256

struct gcma_swap_test_worker {
	struct completion done;
	struct folio *out, *in;
	unsigned long ops;
	u32 gen[GCMA_SWAP_TEST_SLOTS];
	bool live[GCMA_SWAP_TEST_SLOTS];
	unsigned long nr_hits, nr_lost, nr_wrong, nr_ghosts;
};

static int gcma_swap_test_worker_fn(void *data)
{
	struct gcma_swap_test_worker *w = data;
	struct rnd_state rnd;
	unsigned long n;

	prandom_seed_state(&rnd, 2015);
	for (n = 0; n < w->ops; n++) {
		pgoff_t i = prandom_u32_state(&rnd) % GCMA_SWAP_TEST_SLOTS;
		u32 op = prandom_u32_state(&rnd) % 8;

		if (op < 3) {
			gcma_swap_test_out(w->out, i, ++w->gen[i]);
			w->live[i] = true;
		} else if (op < 7) {
			if (!gcma_swap_test_in(w->in, i)) {
				w->nr_lost += w->live[i];
				continue;
			}
			w->nr_hits++;
			if (!w->live[i])
				w->nr_ghosts++;
			else if (!gcma_swap_test_holds(folio_page(w->in, 0), i,
						       w->gen[i]))
				w->nr_wrong++;
		} else {
			gcma_swap_invalidate(GCMA_SWAP_TEST_TYPE, i, 1);
			w->live[i] = false;
		}
		if (!(n % 256))
			cond_resched();
	}
	complete(&w->done);
	return 0;
}

/*
 * Under init_on_free a free page is a cleared one, and the area's pages
 * are no exception: allocated, every idle page of the running kernel's
 * default area reads zero.  Pages that held swap copies (some given back
 * when their slots were freed, the others taken back by the allocation),
 * pages that held file copies (some loaded, the others taken back), and
 * pages never used since boot.
 */
static void gcma_swap_test_init_on_free(struct kunit *test)
{
	static const char file_ns;	/* stands for a mapping */
	static const struct gcma_copy_key file_key = { .ns = &file_ns };
	const unsigned int max_held = 1024;
	struct folio *out = gcma_swap_test_folio(test, 0);
	struct folio *in = gcma_swap_test_folio(test, 0);
	unsigned long i, j, chunk, lent, nr_held = 0, nr_nonzero = 0;
	struct cma *cma = test->priv;
	unsigned long *counts;
	struct gcma_stat stat;
	struct page **held;
	unsigned int n = 0;

	if (!want_init_on_free() && !want_init_on_alloc(GFP_KERNEL))
		kunit_skip(test, "boot with init_on_free=1 to run this");
	held = kunit_kcalloc(test, max_held, sizeof(*held), GFP_KERNEL);
	counts = kunit_kcalloc(test, max_held, sizeof(*counts), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, held);
	KUNIT_ASSERT_NOT_NULL(test, counts);

	for (i = 0; i < 256; i++)
		gcma_swap_test_out(out, i, 3);
	gcma_swap_invalidate(GCMA_SWAP_TEST_TYPE, 0, 64);
	for (i = 0; i < 256; i++) {
		gcma_swap_test_fill(folio_page(out, 0), 1000 + i, 3);
		KUNIT_ASSERT_TRUE(test, gcma_copy_put(GCMA_CLIENT_FILE,
						      &file_key, i,
						      folio_page(out, 0),
						      true));
	}
	for (i = 0; i < 64; i++)
		KUNIT_EXPECT_TRUE(test, gcma_copy_get(&file_key, i,
						      folio_page(in, 0), 1,
						      false));
	gcma_get_stat(cma->gcma, &stat);
	KUNIT_EXPECT_GE(test, stat.nr_lent, 384);
	lent = stat.nr_lent;

	/* the largest ranges first, as long as any is left */
	chunk = stat.nr_free + stat.nr_lent;
	while (chunk && n < max_held) {
		held[n] = cma_alloc(cma, chunk, 0, true);
		if (!held[n]) {
			chunk /= 2;
			continue;
		}
		counts[n++] = chunk;
		nr_held += chunk;
	}
	/* every lent page at least: the idle pages, as far as they went */
	KUNIT_EXPECT_GE(test, nr_held, lent);
	while (n--) {
		for (j = 0; j < counts[n]; j++) {
			void *addr = kmap_local_page(nth_page(held[n], j));

			nr_nonzero += !!memchr_inv(addr, 0, PAGE_SIZE);
			kunmap_local(addr);
		}
		cma_release(cma, held[n], counts[n]);
	}
	KUNIT_EXPECT_EQ_MSG(test, nr_nonzero, 0,
			    "pages handed out with what they held before");
	gcma_copy_drop(&file_key, 0, ULONG_MAX);
	gcma_swap_invalidate(GCMA_SWAP_TEST_TYPE, 0, 256);
	gcma_swap_test_put_folio(out);
	gcma_swap_test_put_folio(in);
}

struct gcma_swap_test_allocator {
	struct cma *cma;
	struct completion done;
	bool stop;
	unsigned long nr_allocs;
};

/* Allocate the area's free pages in chunks, as far as they go; free them. */
static void gcma_swap_test_fill_area(struct gcma_swap_test_allocator *a)
{
	const unsigned long chunk = 1024;
	struct page *held[128];
	int i, n = 0;

	while (n < ARRAY_SIZE(held)) {
		held[n] = cma_alloc(a->cma, chunk, 0, true);
		if (!held[n])
			break;
		a->nr_allocs++;
		n++;
	}
	for (i = 0; i < n; i++)
		cma_release(a->cma, held[i], chunk);
}

static int gcma_swap_test_allocator_fn(void *data)
{
	struct gcma_swap_test_allocator *a = data;
	unsigned long count, i, round = 0;
	struct rnd_state rnd;
	struct page *page;

	prandom_seed_state(&rnd, 42);
	while (!READ_ONCE(a->stop)) {
		/* now and then all of the area, wherever the copies went */
		if (!(++round % 16)) {
			gcma_swap_test_fill_area(a);
			continue;
		}
		count = 1 + prandom_u32_state(&rnd) % 1024;
		page = cma_alloc(a->cma, count, 0, true);
		if (page) {
			a->nr_allocs++;
			for (i = 0; i < count; i++)
				gcma_swap_test_fill(page + i, 7, 7);
			usleep_range(100, 200);
			cma_release(a->cma, page, count);
		}
		cond_resched();
	}
	complete(&a->done);
	return 0;
}

static void gcma_swap_test_concurrent(struct kunit *test)
{
	struct gcma_swap_test_allocator a = { .cma = test->priv };
	struct gcma_swap_test_worker *w;
	struct task_struct *task;

	w = kunit_kzalloc(test, sizeof(*w), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, w);
	w->out = gcma_swap_test_folio(test, 0);
	w->in = gcma_swap_test_folio(test, 0);
	w->ops = 30000;
	init_completion(&w->done);
	init_completion(&a.done);

	task = kthread_run(gcma_swap_test_allocator_fn, &a, "gcma-swap-alloc");
	KUNIT_ASSERT_FALSE(test, IS_ERR(task));
	task = kthread_run(gcma_swap_test_worker_fn, w, "gcma-swap-test");
	if (IS_ERR(task)) {
		KUNIT_FAIL(test, "cannot start the worker");
		complete(&w->done);
	}
	wait_for_completion(&w->done);
	WRITE_ONCE(a.stop, true);
	wait_for_completion(&a.done);

	KUNIT_EXPECT_EQ_MSG(test, w->nr_wrong, 0,
			    "a load gave other data than the slot's last");
	KUNIT_EXPECT_EQ_MSG(test, w->nr_ghosts, 0,
			    "a load gave the data of a freed slot");
	/* both sides got their turns: loads hit, allocations took copies */
	KUNIT_EXPECT_GT(test, w->nr_hits, 0);
	KUNIT_EXPECT_GT(test, w->nr_lost, 0);
	KUNIT_EXPECT_GT(test, a.nr_allocs, 0);
	kunit_info(test, "%lu hits, %lu copies lost to %lu allocations\n",
		   w->nr_hits, w->nr_lost, a.nr_allocs);
	gcma_swap_test_put_folio(w->out);
	gcma_swap_test_put_folio(w->in);
}

static struct kunit_case gcma_swap_test_cases[] = {
	KUNIT_CASE(gcma_swap_test_store_load),
	KUNIT_CASE(gcma_swap_test_reuse),
	KUNIT_CASE(gcma_swap_test_large),
	KUNIT_CASE(gcma_swap_test_load_max),
	KUNIT_CASE(gcma_swap_test_init_on_free),
	KUNIT_CASE_SLOW(gcma_swap_test_concurrent),
	{}
};

static struct kunit_suite gcma_swap_test_suite = {
	.name = "gcma_swap",
	.init = gcma_swap_test_init,
	.exit = gcma_swap_test_exit,
	.test_cases = gcma_swap_test_cases,
};

kunit_test_suite(gcma_swap_test_suite);

#endif /* __MM_TESTS_GCMA_SWAP_KUNIT_H__ */
