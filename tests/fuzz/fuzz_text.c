/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz_text.c — libFuzzer target for the text layer: arbitrary bytes through every
 * function of gopy/text.h, checking invariants (aborts on a violation).
 *
 * `make fuzz` builds and runs it (clang's libFuzzer) for FUZZ_SECONDS; `make check` replays
 * its seeds (replay.c).
 * New inputs go to build/fuzz/corpus-fuzz_text; tests/fuzz/corpus_text holds the seeds (the first
 * byte of an input chooses the width used for fit and wrap). */
#ifndef _XOPEN_SOURCE
#define _XOPEN_SOURCE 700 /* wcwidth */
#endif
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include <utf8proc.h>

#include "gopy/buf.h"
#include "gopy/text.h"

#define CHECK(c)                                                                    \
	do {                                                                        \
		if (!(c)) {                                                         \
			fprintf(stderr, "%s:%d: invariant failed: %s\n", __FILE__,  \
				__LINE__, #c);                                      \
			abort();                                                    \
		}                                                                   \
	} while (0)

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	if (!setlocale(LC_ALL, "C.UTF-8")) {
		fprintf(stderr, "fuzz_text: needs the C.UTF-8 locale\n");
		exit(1);
	}
	return 0;
}

/* Valid UTF-8 whose code points satisfy `ok`; when printable, returns the sum of their
 * wcwidth (LF counts 0) and checks that none is negative. */
static int check_cps(const char *s, int (*ok)(int32_t), bool printable)
{
	size_t len = strlen(s), i = 0;
	CHECK(text_valid_utf8(s, len, NULL));
	int sum = 0;
	while (i < len) {
		int32_t cp;
		i += text_decode(s + i, len - i, &cp);
		CHECK(ok(cp));
		if (!printable)
			continue;
		int w = cp == '\n' ? 0 : wcwidth((wchar_t)cp);
		CHECK(w >= 0);
		sum += w;
	}
	return sum;
}

static int display_ok(int32_t cp)
{
	return !(cp < 0x20 || (cp >= 0x7F && cp < 0xA0)) && cp != 0x202E && cp != 0x200D;
}

static int lines_ok(int32_t cp) { return cp == '\n' || display_ok(cp); }

static int any_ok(int32_t cp) { return cp != '\r'; }

static void check_nfc(const char *s)
{
	unsigned char *n = utf8proc_NFC((const unsigned char *)s);
	CHECK(n != NULL);
	CHECK(strcmp((const char *)n, s) == 0);
	free(n);
}

static void check_fit(const char *t, int width)
{
	size_t len = strlen(t);
	char *f = text_fit(t, len, width);
	CHECK(text_width(f, strlen(f)) == (width > 0 ? width : 0));
	free(f);
	int used = -1;
	size_t n = text_prefix_fitting(t, len, width, &used);
	CHECK(n <= len);
	CHECK(used >= 0 && used <= (width > 0 ? width : 0));
	CHECK(text_width(t, n) == used);
}

static void check_wrap(const char *t, size_t len, int width)
{
	size_t off = 0;
	int w = width < 1 ? 1 : width;
	while (off < len) {
		size_t next = 0;
		size_t n = text_wrap_line(t + off, len - off, width, &next);
		CHECK(next > 0);             /* always progresses */
		CHECK(n <= next);
		CHECK(next <= len - off);
		if (text_width(t + off, n) > w) /* only one cluster too wide for the line */
			CHECK(text_prefix_fitting(t + off, n, w, NULL) == 0);
		CHECK(memchr(t + off, '\n', n) == NULL);
		off += next;
	}
}

static void check_fold(const char *s, size_t len)
{
	char *f = text_fold(s, len);
	size_t flen = strlen(f);
	CHECK(text_valid_utf8(f, flen, NULL));
	CHECK(flen == 0 || (f[0] != ' ' && f[flen - 1] != ' '));
	CHECK(strstr(f, "  ") == NULL);
	char *ff = text_fold(f, flen);
	CHECK(strcmp(f, ff) == 0); /* folding is idempotent */
	free(ff);
	if (flen > 0) {
		/* the whole key is found, and its range folds back to it */
		size_t a = 0, b = 0;
		CHECK(text_find(s, len, f, false, NULL, 0, &a, &b));
		CHECK(a <= b && b <= len);
		char *back = text_fold(s + a, b - a);
		CHECK(strcmp(back, f) == 0);
		free(back);
		char *cf = text_casefold(s + a, b - a);
		CHECK(text_find(s, len, f, true, cf, 0, &a, &b));
		free(cf);
		/* the key without its first word is found too, in a range that contains it */
		const char *sp = strchr(f, ' ');
		if (sp) {
			CHECK(text_find(s, len, sp + 1, false, NULL, 0, &a, &b));
			char *part = text_fold(s + a, b - a);
			CHECK(strstr(part, sp + 1) != NULL);
			free(part);
		}
		/* a name matches itself in the picker */
		size_t words = 1;
		for (size_t i = 0; i < flen; i++)
			words += f[i] == ' ';
		if (words <= 32)
			CHECK(text_match_score(f, f) > 0);
	}
	CHECK(text_match_score(f, "a b") >= 0);
	free(f);
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	const char *s = (const char *)data;
	int width = size ? (int)(data[0] % 24) - 2 : 5;

	size_t bad = 0;
	bool valid = text_valid_utf8(s, size, &bad);
	CHECK(valid || bad < size);

	char *n = text_normalize(s, size);
	check_cps(n, any_ok, false);
	check_nfc(n);
	char *n2 = text_normalize(n, strlen(n));
	CHECK(strcmp(n, n2) == 0);
	free(n2);

	char *t = text_sanitize(s, size);
	int sum = check_cps(t, display_ok, true);
	CHECK(text_width(t, strlen(t)) == sum); /* what ncurses advances */
	check_nfc(t);
	char *t2 = text_sanitize(t, strlen(t));
	CHECK(strcmp(t, t2) == 0);
	free(t2);
	check_fit(t, width);
	check_fit(t, width * 3);

	char *l = text_sanitize_lines(s, size);
	check_cps(l, lines_ok, true);
	check_wrap(l, strlen(l), width);
	check_wrap(t, strlen(t), width);
	check_wrap(s, size, width); /* raw input must not hang or crash either */
	(void)text_width(s, size);
	free(l);

	check_fold(s, size);
	char *c = text_casefold(s, size);
	CHECK(text_valid_utf8(c, strlen(c), NULL));
	free(c);
	(void)text_has_diacritics(s, size);

	unsigned char *k1, *k2;
	size_t l1 = text_sort_key(s, size, &k1);
	size_t l2 = text_sort_key(n, strlen(n), &k2);
	CHECK(l1 == l2 && memcmp(k1, k2, l1) == 0);
	free(k1);
	free(k2);

	if (size > 2) { /* two halves: a name and a query */
		char *h = text_fold(s, size / 2);
		char *q = text_fold(s + size / 2, size - size / 2);
		CHECK(text_match_score(h, q) >= 0);
		free(h);
		free(q);
	}
	free(t);
	free(n);
	return 0;
}
