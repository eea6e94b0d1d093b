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

/* Length of the valid UTF-8 sequence at s (at most n bytes available) and its code point in
 * *cp, or 0 when the bytes there are not a valid sequence. */
static size_t utf8_seq(const unsigned char *s, size_t n, uint32_t *cp)
{
	unsigned char c = s[0];
	size_t len;
	uint32_t v, min;

	if (c < 0x80) {
		*cp = c;
		return 1;
	} else if (c >= 0xC2 && c <= 0xDF) {
		len = 2, v = c & 0x1F, min = 0x80;
	} else if (c >= 0xE0 && c <= 0xEF) {
		len = 3, v = c & 0x0F, min = 0x800;
	} else if (c >= 0xF0 && c <= 0xF4) {
		len = 4, v = c & 0x07, min = 0x10000;
	} else {
		return 0;
	}
	if (len > n)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		v = (v << 6) | (s[i] & 0x3F);
	}
	if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
		return 0;
	*cp = v;
	return len;
}

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
		uint32_t cp = c;
		size_t len = c < 0x80 ? 1 : utf8_seq(s + i, n - i, &cp);
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
