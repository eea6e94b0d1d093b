/* SPDX-License-Identifier: GPL-3.0-or-later */
/* dburl.c — server URLs and their passwords, taken out of sight as gopy starts (dburl.h).
 *
 * Where a password sits in a libpq URL: between the first ':' and the '@' of the user part
 * ("user:secret@host"), and as the value of a "password" query parameter. */
#include "gopy/dburl.h"

#include <stdlib.h>
#include <string.h>

#include "gopy/buf.h"

static const char *const schemes[] = {"postgresql://", "postgres://"};

/* The text after the scheme, or NULL when `db` names no server. */
static char *after_scheme(const char *db)
{
	for (size_t i = 0; db && i < sizeof schemes / sizeof *schemes; i++)
		if (strncmp(db, schemes[i], strlen(schemes[i])) == 0)
			return (char *)db + strlen(schemes[i]);
	return NULL;
}

bool dburl_is_server(const char *db) { return after_scheme(db) != NULL; }

/* The password in "user:PASSWORD@": [*from, *to) within rest; false when there is none.
 * libpq ends the user part at the first '@' before any '/'; an '@' written unencoded in the
 * password is taken in too (up to the last '@' before the path or the query), so that no
 * part of such a password is left in sight either. */
static bool userinfo_password(char *rest, char **from, char **to)
{
	char *first = memchr(rest, '@', strcspn(rest, "/")), *at = NULL;
	if (!first)
		return false;
	for (char *p = rest, *lim = first + strcspn(first, "/?"); p < lim; p++)
		if (*p == '@')
			at = p;
	char *colon = memchr(rest, ':', (size_t)(at - rest));
	if (!colon)
		return false;
	*from = colon + 1;
	*to = at;
	return true;
}

/* The next "password=" parameter of the query at or after p: [*from, *to) is its value,
 * *param the start of "password=". NULL when none is left. */
static char *query_password(char *rest, char *p, char **param, char **to)
{
	char *q = strchr(rest, '?');
	if (!q)
		return NULL;
	if (p <= q)
		p = q + 1;
	while (*p) {
		char *e = p + strcspn(p, "&");
		if (strncmp(p, "password=", 9) == 0) {
			*param = p;
			*to = e;
			return p + 9;
		}
		p = *e ? e + 1 : e;
	}
	return NULL;
}

static int hex(char c)
{
	return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

/* libpq percent-decodes the parts of a URL; the password handed to it apart must be too. */
static char *decode(const char *s, const char *end)
{
	struct buf b = {0};
	for (; s < end; s++) {
		if (*s == '%' && end - s >= 3 && hex(s[1]) >= 0 && hex(s[2]) >= 0) {
			buf_putc(&b, (char)(hex(s[1]) * 16 + hex(s[2])));
			s += 2;
		} else {
			buf_putc(&b, *s);
		}
	}
	return buf_take(&b);
}

static struct taken {
	char *url, *password;
} *taken;
static size_t n_taken;

bool dburl_take(char *url)
{
	char *rest = after_scheme(url), *from, *to, *param;
	if (!rest)
		return false;
	size_t len = strlen(url);
	char *password = NULL;
	if (userinfo_password(rest, &from, &to)) {
		password = decode(from, to);
		if (from - 1 == rest) /* ":secret@host": no user left either */
			to++;
		memmove(from - 1, to, strlen(to) + 1);
	}
	for (char *p = rest; (from = query_password(rest, p, &param, &to));) {
		free(password); /* as libpq: the last one given wins */
		password = decode(from, to);
		if (*to == '&') {
			memmove(param, to + 1, strlen(to + 1) + 1);
			p = param;
		} else {
			param[-1] = '\0'; /* the last parameter: its '?' or '&' goes with it */
			break;
		}
	}
	if (!password)
		return false;
	size_t now = strlen(url);
	memset(url + now, 0, len - now);
	taken = xrealloc(taken, (n_taken + 1) * sizeof *taken);
	taken[n_taken++] = (struct taken){xstrdup(url), password};
	return true;
}

void dburl_take_all(int argc, char **argv, const char *env)
{
	for (int i = 1; i < argc; i++)
		dburl_take(argv[i]);
	char *v = env ? getenv(env) : NULL;
	if (v)
		dburl_take(v);
}

const char *dburl_password(const char *url)
{
	for (size_t i = n_taken; url && i-- > 0;)
		if (strcmp(taken[i].url, url) == 0)
			return taken[i].password;
	return NULL;
}

char *dburl_redact(const char *url)
{
	char *copy = xstrdup(url), *rest = after_scheme(copy), *from, *to, *param;
	if (!rest)
		return copy;
	struct buf b = {0};
	const char *done = copy;
	if (userinfo_password(rest, &from, &to)) {
		buf_append(&b, done, (size_t)(from - done));
		buf_puts(&b, "***");
		done = to;
	}
	for (char *p = rest; (from = query_password(rest, p, &param, &to)); p = to) {
		buf_append(&b, done, (size_t)(from - done));
		buf_puts(&b, "***");
		done = to;
	}
	buf_puts(&b, done);
	free(copy);
	return buf_take(&b);
}
