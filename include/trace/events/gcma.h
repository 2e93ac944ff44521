/* SPDX-License-Identifier: GPL-2.0 */
#undef TRACE_SYSTEM
#define TRACE_SYSTEM gcma

#if !defined(_TRACE_GCMA_H) || defined(TRACE_HEADER_MULTI_READ)
#define _TRACE_GCMA_H

#include <linux/types.h>
#include <linux/tracepoint.h>

/* A range of an area; what @nr counts is the event's. */
DECLARE_EVENT_CLASS(gcma_range,
		    TP_PROTO(const char *name, unsigned long pfn,
			     unsigned long count, unsigned long nr),
		    TP_ARGS(name, pfn, count, nr),
		    TP_STRUCT__entry(__string(name, name)
				     __field(unsigned long, pfn)
				     __field(unsigned long, count)
				     __field(unsigned long, nr)),
		    TP_fast_assign(__assign_str(name);
				   __entry->pfn = pfn;
				   __entry->count = count;
				   __entry->nr = nr;),
		    TP_printk("name=%s pfn=0x%lx count=%lu lent=%lu",
			      __get_str(name), __entry->pfn, __entry->count,
			      __entry->nr)
);

/* A range of @count pages at @pfn was allocated, @nr of them lent. */
DEFINE_EVENT(gcma_range, gcma_alloc,
	     TP_PROTO(const char *name, unsigned long pfn,
		      unsigned long count, unsigned long nr),
	     TP_ARGS(name, pfn, count, nr)
);

/*
 * A range of @count pages at @pfn was freed; @nr of them failed the
 * bad-page checks and were kept out of the area.
 */
DEFINE_EVENT_PRINT(gcma_range, gcma_free,
		   TP_PROTO(const char *name, unsigned long pfn,
			    unsigned long count, unsigned long nr),
		   TP_ARGS(name, pfn, count, nr),
		   TP_printk("name=%s pfn=0x%lx count=%lu bad=%lu",
			     __get_str(name), __entry->pfn, __entry->count,
			     __entry->nr)
);

/*
 * An allocation took lent pages back from their lender: @nr_lent of the
 * @count pages at @pfn were lent, and dropping their data took @ns.
 */
TRACE_EVENT(gcma_take_back,
	    TP_PROTO(const char *name, unsigned long pfn, unsigned long count,
		     unsigned long nr_lent, u64 ns),
	    TP_ARGS(name, pfn, count, nr_lent, ns),
	    TP_STRUCT__entry(__string(name, name)
			     __field(unsigned long, pfn)
			     __field(unsigned long, count)
			     __field(unsigned long, nr_lent)
			     __field(u64, ns)),
	    TP_fast_assign(__assign_str(name);
			   __entry->pfn = pfn;
			   __entry->count = count;
			   __entry->nr_lent = nr_lent;
			   __entry->ns = ns;),
	    TP_printk("name=%s pfn=0x%lx count=%lu lent=%lu ns=%llu",
		      __get_str(name), __entry->pfn, __entry->count,
		      __entry->nr_lent, __entry->ns)
);

#endif /* _TRACE_GCMA_H */

/* This part must be outside protection */
#include <trace/define_trace.h>
