/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers shared by the background loads (churn, stream, dio-pin; and
 * reread-files, anon-cycle through passes.h): stop on SIGTERM/SIGINT,
 * lower their own priority, say when they are warmed up, and keep a
 * progress file the benchmark reads before and after each measurement,
 * so that it can report what the load achieved meanwhile.
 */
#ifndef GCMA_GUEST_LOAD_H
#define GCMA_GUEST_LOAD_H

#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <unistd.h>

#include "stats.h"

/* set by the SIGTERM handler: user space, where volatile sig_atomic_t is the rule */
static volatile sig_atomic_t load_stopped;

/* The options every load takes: -r READY_FILE, -n NICE, -p PROGRESS_FILE. */
#define LOAD_OPTS "r:n:p:"
struct load_opts {
	const char *ready;
	const char *progress;
	int nice;
};

/* Take @opt if it is one of LOAD_OPTS; true when it was. */
static inline int load_option(struct load_opts *o, int opt, const char *arg)
{
	switch (opt) {
	case 'r':
		o->ready = arg;
		return 1;
	case 'n':
		o->nice = atoi(arg);
		return 1;
	case 'p':
		o->progress = arg;
		return 1;
	}
	return 0;
}

static void load_on_signal(int sig)
{
	(void)sig;
	load_stopped = 1;
}

/* Create @path (if given): the load is warmed up. */
static inline void load_ready(const char **path)
{
	if (!*path)
		return;
	close(open(*path, O_CREAT | O_WRONLY, 0644));
	*path = NULL;
}

/*
 * The progress file holds one line, "COUNT BYTES SECONDS", rewritten in
 * place with a fixed width so that a reader never sees a shorter, stale
 * tail.  -1 when no file was asked for.
 */
static inline int progress_open(const char *path)
{
	return path ? open(path, O_CREAT | O_WRONLY | O_TRUNC, 0644) : -1;
}

static inline void progress_write(int fd, unsigned long long count,
				  unsigned long long bytes, double t0_us)
{
	char buf[64];
	int len;

	if (fd < 0)
		return;
	len = snprintf(buf, sizeof(buf), "%20llu %20llu %14.3f\n", count, bytes,
		       (now_us() - t0_us) / 1e6);
	if (pwrite(fd, buf, len, 0) != len)
		perror("progress");
}

/*
 * Stop cleanly on SIGTERM/SIGINT; run at the nice level asked for (busybox
 * has no nice).  Returns the progress file (see progress_open()).
 */
static inline int load_init(const char *name, const struct load_opts *o)
{
	signal(SIGTERM, load_on_signal);
	signal(SIGINT, load_on_signal);
	if (o->nice && setpriority(PRIO_PROCESS, 0, o->nice))
		fprintf(stderr, "%s: setpriority: cannot renice\n", name);
	return progress_open(o->progress);
}

#endif
