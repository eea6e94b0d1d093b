/* SPDX-License-Identifier: GPL-3.0-or-later */
/* err.c — the last error message of the non-UI layers (see err.h). */
#include "gopy/err.h"

#include <stdio.h>
#include <string.h>

static char last[1024];

int err_set(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(last, sizeof last, fmt, ap);
	va_end(ap);
	return -1;
}

int err_prefix(const char *fmt, ...)
{
	char head[512], joined[sizeof head + sizeof last + 2];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(head, sizeof head, fmt, ap);
	va_end(ap);
	snprintf(joined, sizeof joined, "%s: %s", head, last);
	memcpy(last, joined, sizeof last - 1);
	last[sizeof last - 1] = '\0';
	return -1;
}

const char *err_msg(void) { return last; }
void err_clear(void) { last[0] = '\0'; }
