/* SPDX-License-Identifier: GPL-3.0-or-later */
/* err.h — one place for the last error message of the non-UI layers.
 *
 * Functions of text/db/store/outline/report return 0 (or a value) on success and -1 on
 * failure after calling err_set() with a one-line, user-facing message (already passed
 * through _()). Callers that can add context use err_prefix(). The message lives in a static
 * buffer: gopy is single-threaded. */
#ifndef GOPY_ERR_H
#define GOPY_ERR_H

#include <stdarg.h>

/* Record a printf-style message; returns -1 so callers can `return err_set(...)`. */
int err_set(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Put "context: " in front of the current message; returns -1. */
int err_prefix(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* The last message ("" when none). Never NULL. */
const char *err_msg(void);
/* Forget the last message. */
void err_clear(void);

#endif
