/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test_text_width.c — unit tests of display width, fitting and wrapping, and the check that
 * after text_sanitize the width equals the sum of glibc wcwidth() and the column ncurses
 * actually advances to, for every code point and for random mixed strings. */
#ifndef _XOPEN_SOURCE
#define _XOPEN_SOURCE 700 /* wcwidth */
#endif
#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include <cmocka.h>
#include <curses.h> /* only as the oracle: the text layer itself does not use curses */

#include "gopy/buf.h"
#include "gopy/text.h"

static int W(const char *s) { return text_width(s, strlen(s)); }

/* Sum of wcwidth over the code points of valid UTF-8 s, decoded by libc; -1 if any is
 * unprintable. */
static int wcwidth_sum(const char *s)
{
	mbstate_t st;
	memset(&st, 0, sizeof st);
	size_t len = strlen(s), i = 0;
	int sum = 0;
	while (i < len) {
		wchar_t wc;
		size_t k = mbrtowc(&wc, s + i, len - i, &st);
		if (k == (size_t)-1 || k == (size_t)-2 || k == 0)
			return -2;
		int w = wcwidth(wc);
		if (w < 0)
			return -1;
		sum += w;
		i += k;
	}
	return sum;
}

static void test_width(void **state)
{
	(void)state;
	assert_int_equal(W(""), 0);
	assert_int_equal(W("Việt Nam"), 8);
	assert_int_equal(W("Vie\xCC\xA3\xCC\x82t"), 4); /* NFD */
	assert_int_equal(W("Nghị quyết về chuyển đổi số"), 27);
	assert_int_equal(W("中文字"), 6);
	assert_int_equal(W("a\xCC\x81"), 1);
	assert_int_equal(W("👍"), 2);
	assert_int_equal(W("👨👩👧"), 6);              /* sanitised family */
	assert_int_equal(W("\xE1\x84\x80\xE1\x85\xA1"), 2); /* Hangul L + V jamo */
	assert_int_equal(W("\xEF\xBF\xBD"), 1);
	assert_int_equal(W("␛[2J"), 4);
	/* unsanitised input: emoji sequences as one emoji, controls as their replacement */
	assert_int_equal(W("👨\xE2\x80\x8D👩\xE2\x80\x8D👧"), 2);
	assert_int_equal(W("❤\xEF\xB8\x8F"), 2);
	assert_int_equal(W("\x1B"), 1);
	assert_int_equal(text_width("a\0b", 3), 3);
	assert_int_equal(W("\xFF"), 1);
}

static void assert_fit(const char *s, int width, const char *want)
{
	char *got = text_fit(s, strlen(s), width);
	assert_string_equal(got, want);
	assert_int_equal(W(got), width > 0 ? width : 0);
	free(got);
}

static void test_fit(void **state)
{
	(void)state;
	assert_fit("Nghị quyết về chuyển đổi số", 10, "Nghị quyế…");
	assert_fit("中文字", 5, "中文…");
	assert_fit("中文字", 4, "中… ");
	assert_fit("中文字", 3, "中…");
	assert_fit("中文字", 2, "… ");
	assert_fit("中文字", 6, "中文字");
	assert_fit("中文字", 7, "中文字 ");
	assert_fit("Vie\xCC\xA3\xCC\x82t", 4, "Vie\xCC\xA3\xCC\x82t"); /* NFD, marks kept */
	assert_fit("Vie\xCC\xA3\xCC\x82t", 3, "Vi…");
	assert_fit("Vie\xCC\xA3\xCC\x82t!", 4, "Vie\xCC\xA3\xCC\x82…");
	assert_fit("abc", 3, "abc");
	assert_fit("abcd", 3, "ab…");
	assert_fit("abcd", 1, "…");
	assert_fit("", 3, "   ");
	assert_fit("abc", 0, "");
	assert_fit("abc", -5, "");
	assert_fit("👍 ok", 2, "… ");
	assert_fit("👍 ok", 3, "👍…");
	int used = -1;
	assert_int_equal(text_prefix_fitting("中文字", strlen("中文字"), 5, &used), 6);
	assert_int_equal(used, 4);
	assert_int_equal(text_prefix_fitting("中文字", strlen("中文字"), 1, &used), 0);
	assert_int_equal(used, 0);
	assert_int_equal(text_prefix_fitting("Vie\xCC\xA3\xCC\x82t", 8, 3, NULL), 7);
	assert_int_equal(text_prefix_fitting("abc", 3, 0, &used), 0);
	assert_int_equal(text_prefix_fitting("abc", 3, 10, &used), 3);
	assert_int_equal(used, 3);
}

/* All lines of s wrapped at width, joined by '|'. */
static char *wrap_all(const char *s, int width)
{
	struct buf b = {0};
	size_t len = strlen(s), off = 0, next;
	int guard = 0;
	while (off < len) {
		size_t n = text_wrap_line(s + off, len - off, width, &next);
		assert_true(next > 0);
		assert_true(n <= next && next <= len - off);
		if (b.len || off)
			buf_putc(&b, '|');
		buf_append(&b, s + off, n);
		off += next;
		assert_true(++guard < 1000);
	}
	size_t next0 = 99;
	assert_int_equal(text_wrap_line(s + len, 0, width, &next0), 0);
	assert_int_equal(next0, 0);
	return buf_take(&b);
}

static void assert_wrap(const char *s, int width, const char *want)
{
	char *got = wrap_all(s, width);
	assert_string_equal(got, want);
	free(got);
}

static void test_wrap(void **state)
{
	(void)state;
	assert_wrap("Nghị quyết về chuyển đổi số", 10, "Nghị quyết|về chuyển|đổi số");
	assert_wrap("Nghị quyết về chuyển đổi số", 100, "Nghị quyết về chuyển đổi số");
	assert_wrap("abcdefghij", 4, "abcd|efgh|ij");
	assert_wrap("ab\ncd", 10, "ab|cd");
	assert_wrap("ab\n\ncd", 10, "ab||cd");
	assert_wrap("ab\r\ncd", 10, "ab|cd");
	assert_wrap("a   b", 2, "a|b");
	assert_wrap("a b c d", 3, "a b|c d");
	assert_wrap("  ab", 10, "  ab");
	assert_wrap("中文字", 1, "中|文|字"); /* too wide: taken whole */
	assert_wrap("中文字", 3, "中|文|字");
	assert_wrap("中文字", 4, "中文|字");
	assert_wrap("Vie\xCC\xA3\xCC\x82t Nam", 4, "Vie\xCC\xA3\xCC\x82t|Nam");
	assert_wrap("Vie\xCC\xA3\xCC\x82t", 2, "Vi|e\xCC\xA3\xCC\x82t");
	assert_wrap("abc", 0, "a|b|c");
	assert_wrap("word  ", 4, "word");
	assert_wrap("", 5, "");
}

/* Every code point after a base, sanitised: the width equals the sum of wcwidth, and a code
 * point that is kept has its wcwidth. */
static void test_every_code_point(void **state)
{
	(void)state;
	char s[8], *t;
	int kept = 0;
	for (int32_t cp = 1; cp <= 0x10FFFF; cp++) {
		if (cp >= 0xD800 && cp <= 0xDFFF)
			continue;
		mbstate_t st;
		memset(&st, 0, sizeof st);
		s[0] = 'a';
		size_t k = wcrtomb(s + 1, (wchar_t)cp, &st);
		assert_true(k != (size_t)-1);
		s[1 + k] = '\0';
		t = text_sanitize(s, 1 + k);
		int sum = wcwidth_sum(t);
		if (sum < 0 || sum != W(t))
			fail_msg("U+%04X: text_width %d, sum of wcwidth %d", (unsigned)cp, W(t), sum);
		if (strcmp(t, s) == 0) {
			kept++;
			assert_int_equal(W(t), 1 + wcwidth((wchar_t)cp));
		}
		free(t);
	}
	assert_true(kept > 250000);
}

/* Random mixes of the troublesome pieces. */
static uint64_t rng = 0x9E3779B97F4A7C15u;
static uint32_t rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (uint32_t)(rng >> 11);
}

/* A random mix of the troublesome pieces into b. */
static void random_string(struct buf *b)
{
	static const char *const pieces[] = {
		"a", "Việt", "Vie\xCC\xA3\xCC\x82t", "e\xCC\x81\xCC\x82", " ", "\t", "\n", "\r\n",
		"\x1B[2J", "\x1B]0;x\x07", "\xC2\x9D", "\x9D", "\b", "\x7F", "\xE2\x80\xAE",
		"\xE2\x80\x8B", "\xE2\x80\x8D", "\xEF\xB8\x8F", "\xCC\x81", "\xCC\x88", "\xCC\xA3",
		"中", "文", "👍", "🏽", "👨", "❤", "🇻", "🇳", "\xF0\x9F\xAB\xA8", "\xC0\xAF",
		"\xED\xA0\x80", "\xE1\x80", "\xE1\x84\x80", "\xE1\x85\xA1", "\xE0\xA4\x95",
		"\xE0\xA4\xBE", "\xD8\x80", "\xEE\x80\x80", "\xF3\xA0\x80\x81", "ß", "đ", "Ð",
		"\xE2\x80\xA8", "\xEF\xBB\xBF", "\xE3\x80\x80", "\xEF\xBC\xA1", "\xE0\xB8\x81\xE0\xB9\x89",
	};
	size_t np = sizeof pieces / sizeof pieces[0];
	buf_reset(b);
	buf_append(b, "", 0);
	int n = (int)(rnd() % 12);
	for (int i = 0; i < n; i++) {
		if (rnd() % 8 == 0) { /* a random code point */
			char enc[8];
			mbstate_t st;
			memset(&st, 0, sizeof st);
			uint32_t cp = rnd() % 0x30000;
			if (cp >= 0xD800 && cp <= 0xDFFF)
				cp = 0xFF;
			size_t k = wcrtomb(enc, (wchar_t)cp, &st);
			if (k != (size_t)-1)
				buf_append(b, enc, k);
		} else {
			buf_puts(b, pieces[rnd() % np]);
		}
	}
}

static void test_random_strings(void **state)
{
	(void)state;
	struct buf b = {0};
	for (int round = 0; round < 20000; round++) {
		random_string(&b);
		char *t = text_sanitize(b.data, b.len);
		int sum = wcwidth_sum(t);
		if (sum < 0 || sum != W(t))
			fail_msg("round %d: text_width %d, sum of wcwidth %d", round, W(t), sum);
		/* fitting the sanitised text always gives the requested width */
		int w = (int)(rnd() % 12);
		char *f = text_fit(t, strlen(t), w);
		assert_int_equal(W(f), w);
		free(f);
		free(t);
	}
	buf_free(&b);
}

/* The goal itself: ncurses' cursor column after drawing sanitised text equals text_width.
 * Draws into a pad of a terminal whose output goes to /dev/null. */
static void test_ncurses_cursor(void **state)
{
	(void)state;
	FILE *out = fopen("/dev/null", "w");
	assert_non_null(out);
	SCREEN *scr = newterm("xterm", out, stdin);
	assert_non_null(scr);
	set_term(scr);
	WINDOW *pad = newpad(1, 2000);
	assert_non_null(pad);
	char s[8];
	for (int32_t cp = 1; cp <= 0x10FFFF; cp++) { /* every code point after a base */
		if (cp >= 0xD800 && cp <= 0xDFFF)
			continue;
		mbstate_t st;
		memset(&st, 0, sizeof st);
		s[0] = 'a';
		size_t k = wcrtomb(s + 1, (wchar_t)cp, &st);
		assert_true(k != (size_t)-1);
		char *t = text_sanitize(s, 1 + k);
		wmove(pad, 0, 0);
		wclrtoeol(pad);
		waddstr(pad, t);
		if (getcurx(pad) != W(t))
			fail_msg("U+%04X: ncurses at column %d, text_width %d", (unsigned)cp,
				 getcurx(pad), W(t));
		free(t);
	}
	static const char *const samples[] = {
		"Nghị quyết về chuyển đổi số", "Vie\xCC\xA3\xCC\x82t", "\x1B]0;x\x07\x1B[2J",
		"Approved\b\b\b\b\b\b\b\bRejected", "a\xC2\x9D" "b\r\nc\td", "中文字 👨\xE2\x80\x8D👩",
		"👍🏽 ❤\xEF\xB8\x8F \xF0\x9F\xAB\xA8", "\xCC\x81q\xCC\x88\xCC\x88\xCC\x88\xCC\x88\xCC\x88\xCC\x88",
		"\xE2\x80\xAE" "abc\xE2\x80\x8B", "\xC0\xAF\xED\xA0\x80\xE1\x80", "\xE1\x84\x80\xE1\x85\xA1 \xE0\xA4\x95\xE0\xA4\xBE",
	};
	for (size_t i = 0; i < sizeof samples / sizeof samples[0]; i++) {
		char *t = text_sanitize(samples[i], strlen(samples[i]));
		wmove(pad, 0, 0);
		wclrtoeol(pad);
		waddstr(pad, t);
		assert_int_equal(getcurx(pad), W(t));
		free(t);
	}
	struct buf b = {0};
	for (int round = 0; round < 20000; round++) {
		random_string(&b);
		char *t = text_sanitize(b.data, b.len);
		wmove(pad, 0, 0);
		wclrtoeol(pad);
		waddstr(pad, t);
		if (getcurx(pad) != W(t))
			fail_msg("round %d: ncurses at column %d, text_width %d", round, getcurx(pad), W(t));
		free(t);
	}
	buf_free(&b);
	delwin(pad);
	endwin();
	delscreen(scr);
	fclose(out);
}

int main(void)
{
	if (!setlocale(LC_ALL, "C.UTF-8")) {
		fprintf(stderr, "test_text_width: the C.UTF-8 locale is missing\n");
		return 1;
	}
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_width),
		cmocka_unit_test(test_fit),
		cmocka_unit_test(test_wrap),
		cmocka_unit_test(test_every_code_point),
		cmocka_unit_test(test_random_strings),
		cmocka_unit_test(test_ncurses_cursor),
	};
	return cmocka_run_group_tests_name("text_width", tests, NULL, NULL);
}
