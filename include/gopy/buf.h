/* SPDX-License-Identifier: GPL-3.0-or-later */
/* buf.h — a growable byte string, NUL-terminated at all times.
 *
 * Zero-initialise (`struct buf b = {0};`) to get an empty buffer. Allocation failure is
 * fatal (buf_* abort with a message): gopy cannot do anything useful out of memory, and
 * checking every append would bury the logic. buf_free() releases and resets. */
#ifndef GOPY_BUF_H
#define GOPY_BUF_H

#include <stddef.h>
#include <stdarg.h>

struct buf {
	char *data;   /* the bytes, NUL-terminated; NULL until the first append */
	size_t len;   /* bytes used, not counting the NUL */
	size_t cap;   /* bytes allocated */
};

void buf_append(struct buf *b, const char *s, size_t n);
void buf_puts(struct buf *b, const char *s);
void buf_putc(struct buf *b, char c);
void buf_printf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void buf_vprintf(struct buf *b, const char *fmt, va_list ap);
/* Make room for n more bytes (len unchanged). */
void buf_reserve(struct buf *b, size_t n);
void buf_reset(struct buf *b);            /* len = 0, keeps memory */
void buf_free(struct buf *b);             /* frees, back to {0} */
/* Returns the string (never NULL: "" for an empty buffer) and hands ownership to the
 * caller; the buffer is reset to {0}. */
char *buf_take(struct buf *b);
/* Like strdup/malloc but abort on failure. */
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);

#endif
