/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test_diff.c — unit tests of the word-level diff (diff.h): tokens, diacritic-only edits,
 * empty sides, normalisation, the tidy-up of changes, minimality against a plain LCS on
 * random texts, and the bounded fallback on huge inputs. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "gopy/buf.h"
#include "gopy/diff.h"

/* Every run well formed: the runs cover both texts in order, equal runs hold the same bytes,
 * consecutive runs differ in op, and n_changes counts the groups of non-equal runs. */
static void check_runs(const struct diff *d)
{
	size_t oi = 0, ni = 0, changes = 0;
	for (size_t i = 0; i < d->n_runs; i++) {
		const struct diff_run *r = &d->runs[i];
		assert_int_equal(r->old_off, oi);
		assert_int_equal(r->new_off, ni);
		if (i > 0)
			assert_int_not_equal(r->op, d->runs[i - 1].op);
		if (r->op == DIFF_EQUAL) {
			assert_int_equal(r->old_len, r->new_len);
			assert_memory_equal(d->old + r->old_off, d->new_ + r->new_off, r->old_len);
		} else {
			assert_int_equal(r->op == DIFF_DELETE ? r->new_len : r->old_len, 0);
			assert_true(r->old_len + r->new_len > 0);
			if (i == 0 || d->runs[i - 1].op == DIFF_EQUAL)
				changes++;
		}
		oi += r->old_len;
		ni += r->new_len;
	}
	assert_int_equal(oi, d->old_len);
	assert_int_equal(ni, d->new_len);
	assert_int_equal(changes, d->n_changes);
}

/* The markup of diff(a, b), checked for well-formedness first. */
static void expect(const char *a, const char *b, const char *want, size_t changes)
{
	struct diff *d = text_diff(a, strlen(a), b, strlen(b));
	check_runs(d);
	struct buf out = {0};
	diff_markup(d, &out);
	assert_string_equal(out.data ? out.data : "", want);
	assert_int_equal(d->n_changes, changes);
	assert_false(d->coarse);
	buf_free(&out);
	diff_free(d);
}

static void test_equal(void **state)
{
	(void)state;
	expect("Điều 1. Phạm vi điều chỉnh", "Điều 1. Phạm vi điều chỉnh", "Điều 1. Phạm vi điều chỉnh", 0);
	/* Decomposed and precomposed forms, and the old tone placement of the marks, are one text. */
	expect("Lu\xe1\xba\xadt", "Lua\xcc\xa3\xcc\x82t", "Luật", 0);
	expect("a\r\nb", "a\nb", "a\nb", 0);
}

static void test_diacritic_only(void **state)
{
	(void)state;
	/* One syllable whose tone changed is one changed token, nothing else. */
	expect("chuyển đổi số quốc gia", "chuyển đối số quốc gia", "chuyển [-đổi-]{+đối+} số quốc gia", 1);
	/* Shape mark only (ơ → o), and đ → d. */
	expect("phương án", "phuong án", "[-phương-]{+phuong+} án", 1);
	expect("đề án", "de án", "[-đề-]{+de+} án", 1);
	/* Case is a change too. */
	expect("Nhà nước", "nhà nước", "[-Nhà-]{+nhà+} nước", 1);
}

static void test_empty_sides(void **state)
{
	(void)state;
	struct diff *d = text_diff("", 0, "", 0);
	check_runs(d);
	assert_int_equal(d->n_runs, 0);
	assert_true(diff_is_equal(d));
	diff_free(d);
	d = text_diff(NULL, 0, NULL, 0);
	assert_int_equal(d->n_runs, 0);
	diff_free(d);
	expect("", "Khoản mới", "{+Khoản mới+}", 1);
	expect("Khoản cũ", "", "[-Khoản cũ-]", 1);
}

static void test_words(void **state)
{
	(void)state;
	/* Insertion and deletion of whole syllables. */
	expect("Điều 3. Giải thích từ ngữ", "Điều 4. Giải thích từ ngữ", "Điều [-3-]{+4+}. Giải thích từ ngữ", 1);
	expect("cơ quan nhà nước", "cơ quan hành chính nhà nước", "cơ quan {+hành chính +}nhà nước", 1);
	expect("cơ quan hành chính nhà nước", "cơ quan nhà nước", "cơ quan [-hành chính -]nhà nước", 1);
	/* White space alone between two changes joins them into one. */
	expect("một hai ba bốn", "một năm sáu bốn", "một [-hai ba-]{+năm sáu+} bốn", 1);
	/* Punctuation is its own token. */
	expect("a, b", "a; b", "a[-,-]{+;+} b", 1);
	/* Two changes apart. */
	expect("Bộ trưởng quy định chi tiết khoản 2", "Chính phủ quy định chi tiết khoản 3",
	       "[-Bộ trưởng-]{+Chính phủ+} quy định chi tiết khoản [-2-]{+3+}", 2);
	/* A khoản split in two: the line break and the new number are inserted. */
	expect("1. Tổ chức, cá nhân có trách nhiệm góp ý.",
	       "1. Tổ chức có trách nhiệm góp ý.\n2. Cá nhân có quyền góp ý.",
	       "1. Tổ chức[-, cá nhân-] có trách nhiệm góp ý.{+\n2. Cá nhân có quyền góp ý.+}", 2);
}

static void test_invalid_utf8(void **state)
{
	(void)state;
	const char a[] = "ab\xff cd", b[] = "ab\xfe cd\x80";
	struct diff *d = text_diff(a, sizeof a - 1, b, sizeof b - 1);
	check_runs(d);
	/* Invalid bytes became U+FFFD on both sides: only the trailing one differs. */
	assert_int_equal(d->n_changes, 1);
	assert_non_null(strstr(d->old, "\xef\xbf\xbd"));
	diff_free(d);
}

/* ---- minimality against a plain LCS ---------------------------------------------------- */

static unsigned rnd_state = 12345;
static unsigned rnd(void)
{
	rnd_state = rnd_state * 1103515245u + 12345u;
	return (rnd_state >> 16) & 0x7fff;
}

/* n random tokens, syllables from a small set (many repeats) and punctuation alternating
 * (no white space, which the tidy-up may give up), as a text and as its token list. */
static char *random_text(int n, const char **tok)
{
	static const char *const syl[] = {"a", "á", "à", "b", "đ", "d", "ươ", "x"};
	static const char *const punct[] = {",", ".", "-"};
	struct buf b = {0};
	for (int i = 0; i < n; i++) {
		tok[i] = i % 2 ? punct[rnd() % 3] : syl[rnd() % 8];
		buf_puts(&b, tok[i]);
	}
	return buf_take(&b);
}

static int lcs(const char **a, int n, const char **b, int m)
{
	int *row = calloc((size_t)(m + 1) * (n + 1), sizeof *row);
	assert_non_null(row);
	for (int i = 1; i <= n; i++)
		for (int j = 1; j <= m; j++) {
			int up = row[(i - 1) * (m + 1) + j], left = row[i * (m + 1) + j - 1];
			row[i * (m + 1) + j] = strcmp(a[i - 1], b[j - 1]) == 0 ? row[(i - 1) * (m + 1) + j - 1] + 1
									     : up > left ? up : left;
		}
	int r = row[n * (m + 1) + m];
	free(row);
	return r;
}

static void test_minimal_random(void **state)
{
	(void)state;
	for (int round = 0; round < 500; round++) {
		const char *ta[64], *tb[64];
		int na = (int)(rnd() % 60), nb = (int)(rnd() % 60);
		char *a = random_text(na, ta), *b = random_text(nb, tb);
		struct diff *d = text_diff(a, strlen(a), b, strlen(b));
		check_runs(d);
		assert_false(d->coarse);
		/* The equal runs keep exactly as many tokens as the longest common subsequence. */
		const char *tok[64];
		int kept = 0;
		for (size_t i = 0; i < d->n_runs; i++)
			if (d->runs[i].op == DIFF_EQUAL) {
				char *s = strndup(d->old + d->runs[i].old_off, d->runs[i].old_len);
				assert_non_null(s);
				/* count the tokens: one punctuation byte each, the rest syllables */
				for (char *p = s; *p;) {
					if (strchr(",.-", *p)) {
						kept++, p++;
						continue;
					}
					kept++;
					while (*p && !strchr(",.-", *p))
						p++;
				}
				free(s);
			}
		(void)tok;
		assert_int_equal(kept, lcs(ta, na, tb, nb));
		diff_free(d);
		free(a);
		free(b);
	}
}

/* ---- long inputs ----------------------------------------------------------------------- */

/* A long draft: n articles of a few sentences each. */
static char *long_draft(int n, int variant)
{
	struct buf b = {0};
	for (int i = 1; i <= n; i++) {
		buf_printf(&b, "Điều %d. Quy định số %d về việc góp ý dự thảo.\n", i, i);
		buf_printf(&b, "1. Cơ quan chủ trì gửi dự thảo %d tới các đơn vị; thời hạn %d ngày.\n", i, 10 + i % 7);
		if (variant && i % 50 == 0)
			buf_puts(&b, "2. Khoản mới được thêm vào.\n");
	}
	return buf_take(&b);
}

static void test_long_few_edits(void **state)
{
	(void)state;
	/* 2,000 articles (about 80,000 tokens), 40 khoản added: still exact. */
	char *a = long_draft(2000, 0), *b = long_draft(2000, 1);
	struct diff *d = text_diff(a, strlen(a), b, strlen(b));
	check_runs(d);
	assert_int_equal(d->n_changes, 40);
	assert_false(d->coarse);
	diff_free(d);
	free(a);
	free(b);
}

static void test_long_unrelated(void **state)
{
	(void)state;
	/* Two unrelated texts of 100,000 tokens each: the comparison finishes, falls back and
	 * stays correct. */
	struct buf a = {0}, b = {0};
	for (int i = 0; i < 50000; i++) {
		buf_printf(&a, "x%d ", i);
		buf_printf(&b, "y%d ", i);
	}
	struct diff *d = text_diff(a.data, a.len, b.data, b.len);
	check_runs(d);
	assert_true(d->coarse);
	assert_int_equal(d->n_changes, 1);
	diff_free(d);
	/* Many lines, every eighth with three changes (3,000 token edits, too many for one
	 * search): compared line by line, then word by word inside the 500 changed lines. */
	buf_reset(&a);
	buf_reset(&b);
	for (int i = 0; i < 4000; i++) {
		buf_printf(&a, "dòng %d giống nhau ở đây và ở kia\n", i);
		if (i % 8)
			buf_printf(&b, "dòng %d giống nhau ở đây và ở kia\n", i);
		else
			buf_printf(&b, "dòng %d khác nhau ở đó và ở kìa\n", i);
	}
	d = text_diff(a.data, a.len, b.data, b.len);
	check_runs(d);
	assert_int_equal(d->n_changes, 1500);
	assert_false(d->coarse);
	diff_free(d);
	buf_free(&a);
	buf_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_equal),
		cmocka_unit_test(test_diacritic_only),
		cmocka_unit_test(test_empty_sides),
		cmocka_unit_test(test_words),
		cmocka_unit_test(test_invalid_utf8),
		cmocka_unit_test(test_minimal_random),
		cmocka_unit_test(test_long_few_edits),
		cmocka_unit_test(test_long_unrelated),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
