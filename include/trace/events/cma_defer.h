/* SPDX-License-Identifier: GPL-2.0 */
#undef TRACE_SYSTEM
#define TRACE_SYSTEM cma_defer

#if !defined(_TRACE_CMA_DEFER_H) || defined(TRACE_HEADER_MULTI_READ)
#define _TRACE_CMA_DEFER_H

#include <linux/types.h>
#include <linux/tracepoint.h>

DECLARE_EVENT_CLASS(cma_defer_range,
		    TP_PROTO(const char *name, unsigned long pfn,
			     unsigned long count),
		    TP_ARGS(name, pfn, count),
		    TP_STRUCT__entry(__string(name, name)
				     __field(unsigned long, pfn)
				     __field(unsigned long, count)),
		    TP_fast_assign(__assign_str(name);
				   __entry->pfn = pfn;
				   __entry->count = count;),
		    TP_printk("name=%s pfn=0x%lx count=%lu", __get_str(name),
			      __entry->pfn, __entry->count)
);

/* cma_release() kept the range in the area's cache. */
DEFINE_EVENT(cma_defer_range, cma_defer_keep,
	     TP_PROTO(const char *name, unsigned long pfn,
		      unsigned long count),
	     TP_ARGS(name, pfn, count)
);

/* cma_alloc() was served from the cache: @count pages at @pfn. */
DEFINE_EVENT(cma_defer_range, cma_defer_hit,
	     TP_PROTO(const char *name, unsigned long pfn,
		      unsigned long count),
	     TP_ARGS(name, pfn, count)
);

/* The cache, turned on, had no range for @count pages aligned to @align. */
TRACE_EVENT(cma_defer_miss,
	    TP_PROTO(const char *name, unsigned long count, unsigned int align),
	    TP_ARGS(name, count, align),
	    TP_STRUCT__entry(__string(name, name)
			     __field(unsigned long, count)
			     __field(unsigned int, align)),
	    TP_fast_assign(__assign_str(name);
			   __entry->count = count;
			   __entry->align = align;),
	    TP_printk("name=%s count=%lu align=%u", __get_str(name),
		      __entry->count, __entry->align)
);

/* An allocation that found no free range emptied the area's cache. */
TRACE_EVENT(cma_defer_drain,
	    TP_PROTO(const char *name, unsigned long nr_pages),
	    TP_ARGS(name, nr_pages),
	    TP_STRUCT__entry(__string(name, name)
			     __field(unsigned long, nr_pages)),
	    TP_fast_assign(__assign_str(name);
			   __entry->nr_pages = nr_pages;),
	    TP_printk("name=%s pages=%lu", __get_str(name), __entry->nr_pages)
);

/* The shrinker was asked for @nr_to_scan pages and gave back @nr_freed. */
TRACE_EVENT(cma_defer_shrink,
	    TP_PROTO(unsigned long nr_to_scan, unsigned long nr_freed),
	    TP_ARGS(nr_to_scan, nr_freed),
	    TP_STRUCT__entry(__field(unsigned long, nr_to_scan)
			     __field(unsigned long, nr_freed)),
	    TP_fast_assign(__entry->nr_to_scan = nr_to_scan;
			   __entry->nr_freed = nr_freed;),
	    TP_printk("nr_to_scan=%lu freed=%lu", __entry->nr_to_scan,
		      __entry->nr_freed)
);

#endif /* _TRACE_CMA_DEFER_H */

/* This part must be outside protection */
#include <trace/define_trace.h>
