// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of the DMA API on the default contiguous area.
 *
 * Drivers never call cma_alloc(): they call dma_alloc_coherent() (dma-direct
 * on x86_64 and arm64, arm_dma_alloc() on 32-bit ARM) or dma_alloc_pages().
 * These cases do the same on a bare device that uses the default area,
 * stock or guaranteed: each buffer lands inside the area when the API takes
 * it from there, is zeroed where the API promises it, is writable end to
 * end, and the area is as before once it is freed.
 *
 * With a device tree, a node /gcma-dma-client whose memory-region points
 * at a shared-dma-pool node stands for a device with an area of its own;
 * that case skips without one.
 */
#include <kunit/test.h>
#include <linux/cma.h>
#include <linux/device.h>
#include <linux/dma-direct.h>
#include <linux/dma-map-ops.h>
#include <linux/dma-mapping.h>
#include <linux/highmem.h>
#include <linux/mm.h>
#include <linux/of.h>
#include <linux/of_reserved_mem.h>
#include <linux/sizes.h>

#include "../cma.h"
#include "cma_kunit_util.h"

static struct device cma_dma_test_dev;
static u64 cma_dma_test_mask;
static struct device cma_dma_test_dt_dev;

static bool cma_dma_test_inside(struct cma *cma, phys_addr_t phys,
				size_t size)
{
	phys_addr_t base = cma_get_base(cma);

	return phys >= base && phys + size <= base + cma_get_size(cma);
}

/*
 * Blocking allocations come from the area: any size on 32-bit ARM, more
 * than a page through dma-direct (which takes single pages from the page
 * allocator).
 */
static bool cma_dma_test_from_area(size_t size)
{
	return IS_ENABLED(CONFIG_ARM) || size > PAGE_SIZE;
}

/* The device is static: nothing to free when the last reference goes. */
static void cma_dma_test_dev_release(struct device *dev)
{
}

static int cma_dma_test_suite_init(struct kunit_suite *suite)
{
	device_initialize(&cma_dma_test_dev);
	cma_dma_test_dev.release = cma_dma_test_dev_release;
	dev_set_name(&cma_dma_test_dev, "cma_dma_test");
	cma_dma_test_dev.dma_mask = &cma_dma_test_mask;
	return dma_coerce_mask_and_coherent(&cma_dma_test_dev,
					    DMA_BIT_MASK(32));
}

static void cma_dma_test_suite_exit(struct kunit_suite *suite)
{
	put_device(&cma_dma_test_dev);
}

static int cma_dma_test_init(struct kunit *test)
{
	struct cma *cma = dev_get_cma_area(&cma_dma_test_dev);

	if (!cma || !cma->count || cma->order_per_bit)
		kunit_skip(test, "no default CMA area");
	test->priv = cma;
	return 0;
}

static const size_t cma_dma_test_sizes[] = {
	PAGE_SIZE, 3 * PAGE_SIZE + 123, SZ_64K, SZ_1M + 5, SZ_4M, SZ_8M,
};

static void cma_dma_test_size_desc(const size_t *size, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "%zu bytes", *size);
}

KUNIT_ARRAY_PARAM(cma_dma_test_size, cma_dma_test_sizes,
		  cma_dma_test_size_desc);

static void cma_dma_test_coherent(struct kunit *test)
{
	const size_t size = *(const size_t *)test->param_value;
	struct cma *cma = test->priv;
	unsigned long used = cma_kunit_used_pages(cma);
	dma_addr_t handle;
	phys_addr_t phys;
	u8 *buf;

	buf = dma_alloc_coherent(&cma_dma_test_dev, size, &handle, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, buf);
	phys = dma_to_phys(&cma_dma_test_dev, handle);
	if (cma_dma_test_from_area(size)) {
		KUNIT_EXPECT_TRUE(test, cma_dma_test_inside(cma, phys, size));
		KUNIT_EXPECT_GT(test, cma_kunit_used_pages(cma), used);
	}
	/* dma_alloc_coherent() returns zeroed memory */
	KUNIT_EXPECT_TRUE(test, !memchr_inv(buf, 0, size));
	memset(buf, 0x5a, size);
	KUNIT_EXPECT_EQ(test, buf[0], 0x5a);
	KUNIT_EXPECT_EQ(test, buf[size - 1], 0x5a);
	dma_free_coherent(&cma_dma_test_dev, size, buf, handle);
	KUNIT_EXPECT_EQ(test, cma_kunit_used_pages(cma), used);
}

static void cma_dma_test_no_kernel_mapping(struct kunit *test)
{
	struct cma *cma = test->priv;
	unsigned long used = cma_kunit_used_pages(cma);
	dma_addr_t handle;
	phys_addr_t phys;
	void *cookie;

	cookie = dma_alloc_attrs(&cma_dma_test_dev, SZ_1M, &handle, GFP_KERNEL,
				 DMA_ATTR_NO_KERNEL_MAPPING);
	KUNIT_ASSERT_NOT_NULL(test, cookie);
	phys = dma_to_phys(&cma_dma_test_dev, handle);
	KUNIT_EXPECT_TRUE(test, cma_dma_test_inside(cma, phys, SZ_1M));
	dma_free_attrs(&cma_dma_test_dev, SZ_1M, cookie, handle,
		       DMA_ATTR_NO_KERNEL_MAPPING);
	KUNIT_EXPECT_EQ(test, cma_kunit_used_pages(cma), used);
}

/* The largest free run of the area, in pages. */
static unsigned long cma_dma_test_maxchunk(struct cma *cma)
{
	unsigned long start = 0, end, max = 0;

	spin_lock_irq(&cma->lock);
	for (;;) {
		start = find_next_zero_bit(cma->bitmap, cma->count, start);
		if (start >= cma->count)
			break;
		end = find_next_bit(cma->bitmap, cma->count, start);
		max = max(max, end - start);
		start = end;
	}
	spin_unlock_irq(&cma->lock);
	return max;
}

/*
 * The largest buffer that fits: the largest free run, less what the DMA
 * layer's CONFIG_CMA_ALIGNMENT may cost.  Without a kernel mapping, which
 * 32-bit ARM could not find room for in its vmalloc space.
 */
static void cma_dma_test_largest(struct kunit *test)
{
	struct cma *cma = test->priv;
	unsigned long used = cma_kunit_used_pages(cma);
	unsigned long align = 1UL << CONFIG_CMA_ALIGNMENT;
	size_t size;
	dma_addr_t handle;
	phys_addr_t phys;
	void *cookie;

	size = (rounddown(cma_dma_test_maxchunk(cma), align) - align) <<
	       PAGE_SHIFT;
	if (size < SZ_1M)
		kunit_skip(test, "the area has no room for a large buffer");
	cookie = dma_alloc_attrs(&cma_dma_test_dev, size, &handle, GFP_KERNEL,
				 DMA_ATTR_NO_KERNEL_MAPPING);
	KUNIT_ASSERT_NOT_NULL_MSG(test, cookie, "%zu bytes", size);
	phys = dma_to_phys(&cma_dma_test_dev, handle);
	KUNIT_EXPECT_TRUE(test, cma_dma_test_inside(cma, phys, size));
	KUNIT_EXPECT_EQ(test, cma_kunit_used_pages(cma),
			used + (size >> PAGE_SHIFT));
	dma_free_attrs(&cma_dma_test_dev, size, cookie, handle,
		       DMA_ATTR_NO_KERNEL_MAPPING);
	KUNIT_EXPECT_EQ(test, cma_kunit_used_pages(cma), used);
}

static void cma_dma_test_pages(struct kunit *test)
{
	struct cma *cma = test->priv;
	unsigned long used = cma_kunit_used_pages(cma);
	unsigned long i, nr = SZ_1M >> PAGE_SHIFT;
	dma_addr_t handle;
	struct page *page;

	page = dma_alloc_pages(&cma_dma_test_dev, SZ_1M, &handle,
			       DMA_BIDIRECTIONAL, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, page);
	/* dma-direct gives back highmem CMA pages and uses lowmem ones */
	if (!PageHighMem(pfn_to_page(cma->base_pfn)))
		KUNIT_EXPECT_TRUE(test, cma_dma_test_inside(cma, page_to_phys(page),
							    SZ_1M));
	for (i = 0; i < nr; i++) {
		u8 *addr = kmap_local_page(page + i);

		memset(addr, 0xa5, PAGE_SIZE);
		KUNIT_EXPECT_EQ(test, addr[PAGE_SIZE - 1], 0xa5);
		kunmap_local(addr);
	}
	dma_free_pages(&cma_dma_test_dev, SZ_1M, page, handle,
		       DMA_BIDIRECTIONAL);
	KUNIT_EXPECT_EQ(test, cma_kunit_used_pages(cma), used);
}

/*
 * An atomic allocation must not block: 32-bit ARM serves it from the
 * atomic pool it carved from the default area at boot, dma-direct from the
 * page allocator.  Might-sleep debugging catches any attempt to sleep.
 */
static void cma_dma_test_atomic(struct kunit *test)
{
	struct cma *cma = test->priv;
	unsigned long used = cma_kunit_used_pages(cma);
	dma_addr_t handle;
	phys_addr_t phys;
	u8 *buf;

	preempt_disable();
	buf = dma_alloc_coherent(&cma_dma_test_dev, SZ_64K, &handle,
				 GFP_ATOMIC);
	preempt_enable();
	KUNIT_ASSERT_NOT_NULL(test, buf);
	phys = dma_to_phys(&cma_dma_test_dev, handle);
	if (IS_ENABLED(CONFIG_ARM))
		KUNIT_EXPECT_TRUE(test, cma_dma_test_inside(cma, phys, SZ_64K));
	/* the atomic pool was taken from the area at boot: no change */
	KUNIT_EXPECT_EQ(test, cma_kunit_used_pages(cma), used);
	memset(buf, 0x3c, SZ_64K);
	dma_free_coherent(&cma_dma_test_dev, SZ_64K, buf, handle);
	KUNIT_EXPECT_EQ(test, cma_kunit_used_pages(cma), used);
}

/*
 * A device with a per-device area (memory-region in the device tree) gets
 * its buffers from that area, guaranteed exactly when the pool node says
 * linux,guaranteed.  The node has no compatible, so no driver took it.
 */
static void cma_dma_test_dt_device(struct kunit *test)
{
	struct device *dev = &cma_dma_test_dt_dev;
	struct device_node *np, *pool;
	unsigned long used;
	dma_addr_t handle;
	struct cma *area;
	bool guaranteed;
	u8 *buf;
	int ret;

	np = of_find_node_by_path("/gcma-dma-client");
	if (!np)
		kunit_skip(test, "no /gcma-dma-client node in the device tree");
	pool = of_parse_phandle(np, "memory-region", 0);
	KUNIT_ASSERT_NOT_NULL(test, pool);
	guaranteed = of_property_read_bool(pool, "linux,guaranteed");
	of_node_put(pool);

	device_initialize(dev);
	dev->release = cma_dma_test_dev_release;
	dev_set_name(dev, "gcma_dma_client");
	dev->dma_mask = &dev->coherent_dma_mask;
	dev->coherent_dma_mask = DMA_BIT_MASK(32);
	ret = of_reserved_mem_device_init_by_idx(dev, np, 0);
	of_node_put(np);
	KUNIT_ASSERT_EQ(test, ret, 0);

	area = dev_get_cma_area(dev);
	KUNIT_EXPECT_PTR_NE(test, area, (struct cma *)test->priv);
	KUNIT_EXPECT_EQ(test, cma_is_guaranteed(area), guaranteed);
	used = cma_kunit_used_pages(area);
	buf = dma_alloc_coherent(dev, SZ_4M, &handle, GFP_KERNEL);
	KUNIT_EXPECT_NOT_NULL(test, buf);
	if (buf) {
		phys_addr_t phys = dma_to_phys(dev, handle);

		KUNIT_EXPECT_TRUE(test, cma_dma_test_inside(area, phys, SZ_4M));
		KUNIT_EXPECT_EQ(test, cma_kunit_used_pages(area),
				used + (SZ_4M >> PAGE_SHIFT));
		memset(buf, 0x96, SZ_4M);
		dma_free_coherent(dev, SZ_4M, buf, handle);
	}
	KUNIT_EXPECT_EQ(test, cma_kunit_used_pages(area), used);
	of_reserved_mem_device_release(dev);
	put_device(dev);
}

static struct kunit_case cma_dma_test_cases[] = {
	KUNIT_CASE_PARAM(cma_dma_test_coherent, cma_dma_test_size_gen_params),
	KUNIT_CASE(cma_dma_test_no_kernel_mapping),
	KUNIT_CASE(cma_dma_test_largest),
	KUNIT_CASE(cma_dma_test_pages),
	KUNIT_CASE(cma_dma_test_atomic),
	KUNIT_CASE(cma_dma_test_dt_device),
	{}
};

static struct kunit_suite cma_dma_test_suite = {
	.name = "cma_dma",
	.suite_init = cma_dma_test_suite_init,
	.suite_exit = cma_dma_test_suite_exit,
	.init = cma_dma_test_init,
	.test_cases = cma_dma_test_cases,
};

kunit_test_suite(cma_dma_test_suite);

MODULE_DESCRIPTION("KUnit tests of the DMA API on the default CMA area");
MODULE_LICENSE("GPL");
