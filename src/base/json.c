/* SPDX-License-Identifier: GPL-3.0-or-later */
/* json.c — JSON string output (RFC 8259), see json.h.
 *
 * The output is always valid JSON and safe to print on a terminal: quote, backslash and
 * C0 controls are escaped (short forms \b \f \n \r \t where JSON has them, else \u00XX);
 * DEL, C1 controls, U+2028 and U+2029 are escaped as \uXXXX too; invalid UTF-8 (overlongs,
 * surrogates, code points above U+10FFFF, truncated sequences) becomes U+FFFD, one per bad
 * byte. Everything else is copied as UTF-8. */
#include "gopy/json.h"

#include <stdint.h>
#include <string.h>

#include "gopy/text.h"

/* Where escaped output goes: a buffer, or a stream (written in runs, no allocation). */
struct sink {
	struct buf *b;
	FILE *f;
};

static void put(struct sink *o, const char *p, size_t n)
{
	if (o->b)
		buf_append(o->b, p, n);
	else if (n)
		(void)fwrite(p, 1, n, o->f); /* errors show in ferror(f) */
}

/* Write the JSON form of s[0..n) (with quotes). */
static void json_escape(struct sink *o, const char *str, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0, run = 0; /* s[run..i) is pending plain text */

	if (o->b)
		buf_reserve(o->b, n + 2);
	put(o, "\"", 1);
	while (i < n) {
		unsigned char c = s[i];
		if (c >= 0x20 && c < 0x7F && c != '"' && c != '\\') {
			i++;
			continue;
		}
		int32_t dcp = c;
		size_t len = c < 0x80 ? 1 : text_decode((const char *)s + i, n - i, &dcp);
		uint32_t cp = (uint32_t)dcp;
		if (c >= 0x80 && len == 1)
			len = 0; /* an invalid byte */
		if (len > 1 && cp > 0x9F && cp != 0x2028 && cp != 0x2029) {
			i += len; /* plain non-ASCII character */
			continue;
		}
		put(o, (const char *)s + run, i - run);
		if (len == 0) {
			put(o, "\xEF\xBF\xBD", 3); /* U+FFFD */
			len = 1;
		} else {
			switch (cp) {
			case '"': put(o, "\\\"", 2); break;
			case '\\': put(o, "\\\\", 2); break;
			case '\b': put(o, "\\b", 2); break;
			case '\f': put(o, "\\f", 2); break;
			case '\n': put(o, "\\n", 2); break;
			case '\r': put(o, "\\r", 2); break;
			case '\t': put(o, "\\t", 2); break;
			default: {
				char u[6] = { '\\', 'u', hex[(cp >> 12) & 15], hex[(cp >> 8) & 15],
				              hex[(cp >> 4) & 15], hex[cp & 15] };
				put(o, u, sizeof u);
			}
			}
		}
		i += len;
		run = i;
	}
	put(o, (const char *)s + run, n - run);
	put(o, "\"", 1);
}

void json_string(struct buf *b, const char *s)
{
	struct sink o = { b, NULL };
	if (!s)
		put(&o, "null", 4);
	else
		json_escape(&o, s, strlen(s));
}

void json_fputs(FILE *f, const char *s)
{
	struct sink o = { NULL, f };
	if (!s)
		put(&o, "null", 4);
	else
		json_escape(&o, s, strlen(s));
}
