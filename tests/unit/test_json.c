/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test_json.c — json_string/json_fputs: exact escapes, invalid UTF-8, and a round trip of
 * random input through a small strict JSON string decoder written here. */
#include <setjmp.h>
#include <stdbool.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "gopy/buf.h"
#include "gopy/json.h"

/* json_string(s) as a malloc'd string. */
static char *js(const char *s)
{
	struct buf b = {0};
	json_string(&b, s);
	return buf_take(&b);
}

#define EXPECT_JSON(in, want)                                                  \
	do {                                                                   \
		char *got_ = js(in);                                           \
		assert_string_equal(got_, want);                               \
		free(got_);                                                    \
	} while (0)

static void test_plain(void **state)
{
	(void)state;
	EXPECT_JSON("", "\"\"");
	EXPECT_JSON("abc 123", "\"abc 123\"");
	EXPECT_JSON("Đề án chuyển đổi số", "\"Đề án chuyển đổi số\"");
	EXPECT_JSON("a/b <c> &d 'e'", "\"a/b <c> &d 'e'\"");
	EXPECT_JSON("中文 😀", "\"中文 😀\"");
}

static void test_null(void **state)
{
	(void)state;
	EXPECT_JSON(NULL, "null");
}

static void test_escapes(void **state)
{
	(void)state;
	EXPECT_JSON("say \"hi\"", "\"say \\\"hi\\\"\"");
	EXPECT_JSON("C:\\dir\\", "\"C:\\\\dir\\\\\"");
	EXPECT_JSON("a\nb\rc\td\be\ff", "\"a\\nb\\rc\\td\\be\\ff\"");
	EXPECT_JSON("\x01\x1f", "\"\\u0001\\u001f\"");
	EXPECT_JSON("\x1b]0;pwned\x07", "\"\\u001b]0;pwned\\u0007\"");
	EXPECT_JSON("del\x7f", "\"del\\u007f\"");
	/* C1 controls (UTF-8 encoded U+0085, U+009D) are escaped, U+00A0 is not */
	EXPECT_JSON("x\xc2\x85y\xc2\x9dz\xc2\xa0", "\"x\\u0085y\\u009dz\xc2\xa0\"");
	/* U+2028 LINE SEPARATOR, U+2029 PARAGRAPH SEPARATOR */
	EXPECT_JSON("a\xe2\x80\xa8" "b\xe2\x80\xa9" "c", "\"a\\u2028b\\u2029c\"");
	/* neighbours of U+2028 are ordinary characters */
	EXPECT_JSON("\xe2\x80\xa7\xe2\x80\xaa", "\"\xe2\x80\xa7\xe2\x80\xaa\"");
}

static void test_invalid_utf8(void **state)
{
	(void)state;
	const char *R = "\xef\xbf\xbd";
	char want[64];

	/* a lone continuation byte, a lone lead byte at the end */
	snprintf(want, sizeof want, "\"a%sb\"", R);
	EXPECT_JSON("a\x80" "b", want);
	snprintf(want, sizeof want, "\"ab%s\"", R);
	EXPECT_JSON("ab\xc3", want);
	/* overlong "/" (C0 AF): two bad bytes → two replacements */
	snprintf(want, sizeof want, "\"%s%s\"", R, R);
	EXPECT_JSON("\xc0\xaf", want);
	/* UTF-16 surrogate D800 encoded in UTF-8 */
	snprintf(want, sizeof want, "\"%s%s%s\"", R, R, R);
	EXPECT_JSON("\xed\xa0\x80", want);
	/* above U+10FFFF */
	snprintf(want, sizeof want, "\"%s%s%s%s\"", R, R, R, R);
	EXPECT_JSON("\xf4\x90\x80\x80", want);
	/* truncated 3-byte sequence followed by ASCII: the ASCII survives */
	snprintf(want, sizeof want, "\"%s%sz\"", R, R);
	EXPECT_JSON("\xe1\xbb" "z", want);
	/* the largest valid code point passes */
	EXPECT_JSON("\xf4\x8f\xbf\xbf", "\"\xf4\x8f\xbf\xbf\"");
}

static void test_appends(void **state)
{
	(void)state;
	struct buf b = {0};
	buf_puts(&b, "{\"k\":");
	json_string(&b, "v\n");
	buf_putc(&b, ',');
	json_string(&b, NULL);
	buf_putc(&b, '}');
	assert_string_equal(b.data, "{\"k\":\"v\\n\",null}");
	assert_int_equal(b.len, strlen(b.data));
	buf_free(&b);
}

static void test_fputs(void **state)
{
	(void)state;
	char *mem = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&mem, &len);
	assert_non_null(f);
	json_fputs(f, "Điều 3.\t\"x\"");
	fputc(' ', f);
	json_fputs(f, NULL);
	assert_int_equal(fclose(f), 0);
	assert_string_equal(mem, "\"Điều 3.\\t\\\"x\\\"\" null");
	free(mem);
}

/* ---- a strict decoder of one JSON string literal, to check random outputs ---- */

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static void put_utf8(struct buf *b, uint32_t cp)
{
	if (cp < 0x80) {
		buf_putc(b, (char)cp);
	} else if (cp < 0x800) {
		buf_putc(b, (char)(0xC0 | (cp >> 6)));
		buf_putc(b, (char)(0x80 | (cp & 0x3F)));
	} else {
		buf_putc(b, (char)(0xE0 | (cp >> 12)));
		buf_putc(b, (char)(0x80 | ((cp >> 6) & 0x3F)));
		buf_putc(b, (char)(0x80 | (cp & 0x3F)));
	}
}

/* Length of a valid UTF-8 sequence at s, 0 if invalid (independent of json.c). */
static size_t valid_seq(const unsigned char *s, size_t n)
{
	if (s[0] < 0x80)
		return 1;
	size_t len = s[0] >= 0xF0 ? 4 : s[0] >= 0xE0 ? 3 : 2;
	if (s[0] < 0xC2 || s[0] > 0xF4 || len > n)
		return 0;
	for (size_t i = 1; i < len; i++)
		if ((s[i] & 0xC0) != 0x80)
			return 0;
	if (s[0] == 0xE0 && s[1] < 0xA0)
		return 0; /* overlong */
	if (s[0] == 0xED && s[1] >= 0xA0)
		return 0; /* surrogate */
	if (s[0] == 0xF0 && s[1] < 0x90)
		return 0; /* overlong */
	if (s[0] == 0xF4 && s[1] >= 0x90)
		return 0; /* > U+10FFFF */
	return len;
}

/* Decode the JSON string literal j (whole string) into out; returns 0 when j is a valid
 * literal with no raw control, DEL, C1, U+2028/2029 character, else -1. */
static int json_decode(const char *j, struct buf *out)
{
	const unsigned char *s = (const unsigned char *)j;
	size_t n = strlen(j), i = 1;
	if (n < 2 || s[0] != '"' || s[n - 1] != '"')
		return -1;
	while (i < n - 1) {
		if (s[i] == '\\') {
			char e = (char)s[i + 1];
			const char *sh = strchr("\"\\/bfnrt", e);
			if (e && sh) {
				buf_putc(out, "\"\\/\b\f\n\r\t"[sh - "\"\\/bfnrt"]);
				i += 2;
			} else if (e == 'u' && i + 6 <= n - 1) {
				uint32_t cp = 0;
				for (int k = 2; k < 6; k++) {
					int h = hexval((char)s[i + k]);
					if (h < 0)
						return -1;
					cp = cp << 4 | (uint32_t)h;
				}
				if (cp >= 0xD800 && cp <= 0xDFFF)
					return -1; /* json.c never needs surrogate pairs */
				put_utf8(out, cp);
				i += 6;
			} else {
				return -1;
			}
			continue;
		}
		if (s[i] == '"' || s[i] < 0x20 || s[i] == 0x7F)
			return -1;
		size_t len = valid_seq(s + i, n - 1 - i);
		if (len == 0)
			return -1;
		if (len == 2 && s[i] == 0xC2 && s[i + 1] < 0xA0)
			return -1; /* raw C1 */
		if (len == 3 && s[i] == 0xE2 && s[i + 1] == 0x80 && (s[i + 2] == 0xA8 || s[i + 2] == 0xA9))
			return -1; /* raw U+2028/2029 */
		buf_append(out, (const char *)s + i, len);
		i += len;
	}
	return 0;
}

static void test_random_roundtrip(void **state)
{
	(void)state;
	/* pieces that random strings are made of: valid text of all kinds and broken bytes */
	static const char *const pieces[] = {
		"a", "Z", " ", "\"", "\\", "/", "\n", "\r", "\t", "\x01", "\x1b", "\x7f",
		"ệ", "Đ", "中", "😀", "\xc2\x85", "\xe2\x80\xa8", "\xe2\x80\xa9", "\xc2\xa0",
		"\x80", "\xff", "\xc3", "\xe1\xbb", "\xed\xa0\x80", "\xf4\x90\x80\x80", "\xc0\xaf",
	};
	const size_t np = sizeof pieces / sizeof pieces[0];
	const size_t first_bad = 20; /* pieces[first_bad..] are invalid UTF-8 */
	unsigned seed = 12345;

	for (int round = 0; round < 2000; round++) {
		struct buf in = {0}, dec = {0};
		bool valid = true;
		int len = (int)(rand_r(&seed) % 40);
		for (int k = 0; k < len; k++) {
			size_t p = (size_t)rand_r(&seed) % np;
			valid = valid && p < first_bad;
			buf_puts(&in, pieces[p]);
		}
		char *out = js(in.data ? in.data : "");
		assert_int_equal(json_decode(out, &dec), 0);
		/* json_fputs writes the same bytes as json_string */
		char *mem = NULL;
		size_t memlen = 0;
		FILE *f = open_memstream(&mem, &memlen);
		assert_non_null(f);
		json_fputs(f, in.data ? in.data : "");
		assert_int_equal(fclose(f), 0);
		assert_string_equal(mem, out);
		free(mem);
		if (valid) /* valid input decodes back to itself */
			assert_string_equal(dec.data ? dec.data : "", in.data ? in.data : "");
		buf_free(&in);
		buf_free(&dec);
		free(out);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain),
		cmocka_unit_test(test_null),
		cmocka_unit_test(test_escapes),
		cmocka_unit_test(test_invalid_utf8),
		cmocka_unit_test(test_appends),
		cmocka_unit_test(test_fputs),
		cmocka_unit_test(test_random_roundtrip),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
