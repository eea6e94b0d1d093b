/* SPDX-License-Identifier: GPL-3.0-or-later */
/* progress.c — the progress line of long work on stderr, only when it is a terminal
 * (progress.h). Drawn with a carriage return and "erase to end of line", so it stays on one
 * line and leaves nothing behind; its width follows the terminal's. */
#include "gopy/progress.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include "gopy/i18n.h"

#define REDRAW_NS 100000000LL  /* at most ten lines a second */
#define FIRST_NS 200000000LL   /* nothing for work that ends within a fifth of a second */

static long long now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static void duration(struct buf *b, double s)
{
	long long t = (long long)(s + 0.5);
	if (t >= 3600)
		buf_printf(b, "%lld:%02lld:%02lld", t / 3600, t / 60 % 60, t % 60);
	else
		buf_printf(b, "%lld:%02lld", t / 60, t % 60);
}

void progress_format(struct buf *b, const char *what, const char *unit, int64_t done, int64_t total,
                     double elapsed_s, int width)
{
	/* the figures, most wanted first: the share, the time left, the count, the rate */
	char share[16] = "", left[48] = "", counted[80], rated[40] = "";
	double rate = elapsed_s > 0 ? (double)done / elapsed_s : 0;
	if (total > 0) {
		int digits = snprintf(NULL, 0, "%lld", (long long)total); /* the bar keeps its width */
		snprintf(share, sizeof share, " %3d%%", (int)(done >= total ? 100 : done * 100 / total));
		snprintf(counted, sizeof counted, "  %*lld/%lld %s", digits, (long long)done, (long long)total, unit);
	} else {
		snprintf(counted, sizeof counted, "  %lld %s", (long long)done, unit);
	}
	if (rate > 0) {
		snprintf(rated, sizeof rated, "  %.0f/s", rate);
		if (total > done) {
			struct buf t = {0};
			buf_puts(&t, "  ");
			duration(&t, (double)(total - done) / rate);
			snprintf(left, sizeof left, "%s %s", t.data, _("left"));
			buf_free(&t);
		}
	}
	struct buf tail = {0};
	const char *parts[][4] = { { share, counted, rated, left }, { share, counted, left, "" }, { share, left, "", "" },
	                           { share, "", "", "" } };
	for (size_t k = 0; k < sizeof parts / sizeof parts[0]; k++) {
		buf_reset(&tail);
		for (int i = 0; i < 4; i++)
			buf_puts(&tail, parts[k][i]);
		if ((int)tail.len <= width - 24) /* room for a bar of 10 and a little of `what` */
			break;
	}
	size_t wlen = strlen(what);
	int room = width - (int)tail.len; /* bytes ≥ columns: never wider than width */
	int bar = total > 0 ? room - (int)wlen - 1 : 0;
	if (bar > 40)
		bar = 40;
	if (total > 0 && bar < 10) /* `what` gives way to a bar of 10, then the bar to the numbers */
		bar = room - 12 >= 10 ? 10 : 0;
	int avail = room - (bar > 0 ? bar + 1 : 0); /* columns left for `what` */
	bool cut = (int)wlen > avail;
	if (cut) /* as much as fits, then "…" (nothing at all when not even that fits) */
		wlen = avail >= 2 ? (size_t)avail - 1 : 0;
	cut = cut && avail >= 2;
	while (wlen > 0 && ((unsigned char)what[wlen] & 0xC0) == 0x80)
		wlen--; /* not inside a UTF-8 sequence */
	buf_append(b, what, wlen);
	if (cut)
		buf_puts(b, "…");
	if (bar > 0) {
		buf_putc(b, ' ');
		int full = (int)(done >= total ? bar : done * bar / total);
		for (int i = 0; i < bar; i++)
			buf_puts(b, i < full ? "█" : "░");
	}
	buf_append(b, tail.data, tail.len);
	buf_free(&tail);
}

/* The delay before the first line: FIRST_NS, or GOPY_PROGRESS_DELAY_MS (tests). */
static long long first_ns(void)
{
	const char *e = getenv("GOPY_PROGRESS_DELAY_MS");
	if (!e || !*e)
		return FIRST_NS;
	char *end;
	long long ms = strtoll(e, &end, 10);
	return *end || ms < 0 ? FIRST_NS : ms * 1000000LL;
}

void progress_start(struct progress *p, const char *what, const char *unit, int64_t total)
{
	memset(p, 0, sizeof *p);
	p->what = what;
	p->unit = unit;
	p->total = total;
	p->start_ns = now_ns();
	p->tty = isatty(STDERR_FILENO) == 1;
	p->delay_ns = first_ns();
}

static int term_width(void)
{
	struct winsize ws;
	if (ioctl(STDERR_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col >= 20)
		return ws.ws_col;
	return 80;
}

void progress_set(struct progress *p, int64_t done)
{
	p->done = done;
	if (!p->tty)
		return;
	long long t = now_ns();
	if (t - p->start_ns < p->delay_ns || (p->last_ns && t - p->last_ns < REDRAW_NS))
		return;
	p->last_ns = t;
	struct buf b = {0};
	buf_puts(&b, "\r");
	progress_format(&b, p->what, p->unit, done, p->total, (double)(t - p->start_ns) / 1e9, term_width() - 1);
	buf_puts(&b, "\033[K");
	fwrite(b.data, 1, b.len, stderr);
	fflush(stderr);
	buf_free(&b);
	p->drawn = true;
}

void progress_finish(struct progress *p)
{
	if (p->drawn) {
		fputs("\r\033[K", stderr);
		fflush(stderr);
	}
	p->drawn = false;
}
