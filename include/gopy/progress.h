/* SPDX-License-Identifier: GPL-3.0-or-later */
/* progress.h — progress of long work (an import, an export, a check): a bar with the share
 * done, the rate and the time left, redrawn in place on stderr when stderr is a terminal, and
 * nothing at all when it is not (a pipe, a file, a cron job's mail). The TUI draws the same
 * line on its status line (progress_format).
 *
 * Libc only. Text given as `what` is shown as it is: the caller sanitises it. */
#ifndef GOPY_PROGRESS_H
#define GOPY_PROGRESS_H

#include <stdbool.h>
#include <stdint.h>
#include "gopy/buf.h"

struct progress {
	const char *what;           /* "importing comments.csv" (borrowed) */
	const char *unit;           /* "rows", "comments", "checks", "bytes" (borrowed) */
	int64_t total;              /* 0: unknown (no bar, no time left) */
	int64_t done;
	long long start_ns;         /* CLOCK_MONOTONIC at progress_start */
	long long last_ns;          /* when the line was last drawn */
	long long delay_ns;         /* no line before this much time has passed */
	bool tty;                   /* stderr is a terminal: draw */
	bool drawn;                 /* a line is on the terminal (progress_finish clears it) */
};

/* Start: draws nothing yet (work that ends within a fifth of a second shows no bar at all;
 * GOPY_PROGRESS_DELAY_MS sets another delay, for tests). */
void progress_start(struct progress *p, const char *what, const char *unit, int64_t total);
/* Record how much is done; redraws at most ten times a second. */
void progress_set(struct progress *p, int64_t done);
/* Clear the line, if one was drawn. Safe to call twice, or without a start. */
void progress_finish(struct progress *p);

/* The line, at most `width` columns (counting every byte of `what` as a column, so it is never
 * wider): "what ███████░░░░░  45%  12345/27000 rows  1234/s  0:07 left". elapsed_s is
 * the time since the start. */
void progress_format(struct buf *b, const char *what, const char *unit, int64_t done, int64_t total,
                     double elapsed_s, int width);

#endif
