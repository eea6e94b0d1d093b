/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test_text.c — unit tests of the text layer: UTF-8 validation, storage normalisation,
 * display sanitising, search folding and finding, the picker score and the sort key.
 * Width, fit and wrap are in test_text_width.c. Every case of ../shared/TEXT.md is here. */
#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>
#include <utf8proc.h>

#include "gopy/buf.h"
#include "gopy/text.h"

/* The function applied to a C string, compared with the expected result. */
#define CHECK(fn, in, want)                                      \
	do {                                                     \
		char *got_ = fn((in), strlen(in));               \
		assert_string_equal(got_, (want));               \
		free(got_);                                      \
	} while (0)

/* Same, with an explicit length (for NUL bytes). */
#define CHECKN(fn, in, n, want)                                  \
	do {                                                     \
		char *got_ = fn((in), (n));                      \
		assert_string_equal(got_, (want));               \
		free(got_);                                      \
	} while (0)

/* ---- validation and decoding -------------------------------------------------------- */

static void assert_invalid(const char *s, size_t len, size_t want_off)
{
	size_t off = 999;
	assert_false(text_valid_utf8(s, len, &off));
	assert_int_equal(off, want_off);
}

static void test_valid_utf8(void **state)
{
	(void)state;
	assert_true(text_valid_utf8("", 0, NULL));
	assert_true(text_valid_utf8("Việt Nam 中文 😀", strlen("Việt Nam 中文 😀"), NULL));
	assert_true(text_valid_utf8("\xF4\x8F\xBF\xBF", 4, NULL)); /* U+10FFFF */
	assert_true(text_valid_utf8("\xED\x9F\xBF", 3, NULL));     /* U+D7FF */
	assert_invalid("ab\xC0\xAF", 4, 2);                      /* overlong '/' */
	assert_invalid("\xE0\x80\xAF", 3, 0);                    /* overlong, 3 bytes */
	assert_invalid("x\xF0\x80\x80\xAF", 5, 1);               /* overlong, 4 bytes */
	assert_invalid("\xC1\xBF", 2, 0);
	assert_invalid("ok\xED\xA0\x80", 5, 2);                  /* surrogate U+D800 */
	assert_invalid("\xED\xBF\xBF", 3, 0);                    /* surrogate U+DFFF */
	assert_invalid("abc\xE1\x80", 5, 3);                     /* truncated */
	assert_invalid("\xF0\x9F\x98", 3, 0);                    /* truncated emoji */
	assert_invalid("\xF4\x90\x80\x80", 4, 0);                /* above U+10FFFF */
	assert_invalid("\xF5\x80\x80\x80", 4, 0);
	assert_invalid("a\x80", 2, 1);                           /* lone continuation */
	assert_invalid("\xFF", 1, 0);
	assert_invalid("\xC3(", 2, 0);                           /* bad continuation */
	/* never reads past len: a valid sequence cut by len is invalid */
	assert_invalid("\xC3\xA9", 1, 0);
	assert_false(text_valid_utf8("\xC3", 1, NULL));
}

static void test_decode(void **state)
{
	(void)state;
	int32_t cp;
	assert_int_equal(text_decode("A", 1, &cp), 1);
	assert_int_equal(cp, 'A');
	assert_int_equal(text_decode("\xE1\xBB\x87", 3, &cp), 3);
	assert_int_equal(cp, 0x1EC7); /* ệ */
	assert_int_equal(text_decode("\xF0\x9F\xAB\xA8", 4, &cp), 4);
	assert_int_equal(cp, 0x1FAE8);
	assert_int_equal(text_decode("\xC0\xAF", 2, &cp), 1);
	assert_int_equal(cp, 0xFFFD);
	assert_int_equal(text_decode("\xED\xA0\x80", 3, &cp), 1);
	assert_int_equal(cp, 0xFFFD);
	assert_int_equal(text_decode("\xE1\xBB", 2, &cp), 1);
	assert_int_equal(cp, 0xFFFD);
	assert_int_equal(text_decode("\xE1\xBB\x87", 2, &cp), 1); /* len cuts it */
	assert_int_equal(cp, 0xFFFD);
	assert_int_equal(text_decode("\0", 1, &cp), 1);
	assert_int_equal(cp, 0);
}

/* ---- storage form -------------------------------------------------------------------- */

static void test_normalize_vietnamese(void **state)
{
	(void)state;
	/* tone typed before the shape: reordered, then composes (TEXT.md) */
	CHECK(text_normalize, "e\xCC\x81\xCC\x82", "ế");
	CHECK(text_normalize, "E\xCC\x81\xCC\x82", "Ế");
	CHECK(text_normalize, "\xC3\xA9\xCC\x82", "ế"); /* precomposed é + circumflex */
	CHECK(text_normalize, "a\xCC\x80\xCC\x86", "ằ");
	CHECK(text_normalize, "o\xCC\x81\xCC\x9B", "ớ");  /* horn after the tone */
	CHECK(text_normalize, "u\xCC\x9B\xCC\x83", "ữ");
	CHECK(text_normalize, "a\xCC\xA3\xCC\x82", "ậ");  /* dot below first */
	CHECK(text_normalize, "a\xCC\x82\xCC\xA3", "ậ");
	/* NFD input behaves like NFC */
	CHECK(text_normalize, "Vie\xCC\xA3\xCC\x82t", "Việt");
	CHECK(text_normalize, "Vie\xCC\x82\xCC\xA3t", "Việt");
	CHECK(text_normalize, "Vie\xCC\xA3\xCC\x82t Nam", "Việt Nam");
	CHECK(text_normalize, "Nghi\xCC\xA3 quye\xCC\x82\xCC\x81t", "Nghị quyết");
	CHECK(text_normalize, "Việt", "Việt");
	/* old and new tone placement are different strings */
	char *a = text_normalize("Hòa", strlen("Hòa"));
	char *b = text_normalize("Hoà", strlen("Hoà"));
	assert_string_not_equal(a, b);
	assert_string_equal(a, "Hòa");
	assert_string_equal(b, "Hoà");
	free(a);
	free(b);
	/* every NFC Vietnamese letter is one code point */
	const char *letters = "aàảãáạăằẳẵắặâầẩẫấậeèẻẽéẹêềểễếệiìỉĩíịoòỏõóọôồổỗốộơờởỡớợ"
			      "uùủũúụưừửữứựyỳỷỹýỵđ";
	char *n = text_normalize(letters, strlen(letters));
	assert_string_equal(n, letters);
	free(n);
	CHECK(text_normalize, "", "");
}

static void test_normalize_bytes(void **state)
{
	(void)state;
	CHECKN(text_normalize, "a\r\nb\rc\nd", 8, "a\nb\nc\nd");
	CHECKN(text_normalize, "a\0b", 3, "a\xEF\xBF\xBD" "b");
	CHECK(text_normalize, "x\xC0\xAFy", "x\xEF\xBF\xBD\xEF\xBF\xBDy"); /* overlong: 2 × U+FFFD */
	CHECK(text_normalize, "\xED\xA0\x80", "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");
	CHECK(text_normalize, "ab\xE1\x80", "ab\xEF\xBF\xBD\xEF\xBF\xBD");
	/* a mark of another class between tone and shape: still composes, and normalising
	 * again changes nothing (found by the fuzzer) */
	CHECK(text_normalize, "e\xCC\x81\xCC\xA9\xCC\x82", "ế\xCC\xA9");
	CHECK(text_normalize, "ế\xCC\xA9", "ế\xCC\xA9");
	CHECK(text_normalize, "\xC3\xCC\x81\xCC\xA9\xCC\x82",
	      "\xEF\xBF\xBD\xCC\xA9\xCC\x82\xCC\x81");
	CHECK(text_normalize, "\xEF\xBF\xBD\xCC\xA9\xCC\x82\xCC\x81",
	      "\xEF\xBF\xBD\xCC\xA9\xCC\x82\xCC\x81");
	/* everything else is kept for storage (sanitising is for display) */
	CHECK(text_normalize, "\x1B[2J\t\xE2\x80\xAE", "\x1B[2J\t\xE2\x80\xAE");
	CHECK(text_normalize, "中文 😀", "中文 😀");
	/* the result is always valid UTF-8 */
	const char *junk = "\xFF\xFE\xC3\x28\xA0\xA1\xE2\x28\xA1\xF0\x28\x8C\xBC";
	char *r = text_normalize(junk, strlen(junk));
	assert_true(text_valid_utf8(r, strlen(r), NULL));
	free(r);
}

/* ---- display form -------------------------------------------------------------------- */

static void assert_clean(const char *s)
{
	size_t len = strlen(s);
	assert_true(text_valid_utf8(s, len, NULL));
	size_t i = 0;
	while (i < len) {
		int32_t cp;
		i += text_decode(s + i, len - i, &cp);
		assert_false(cp < 0x20 || (cp >= 0x7F && cp < 0xA0));
		assert_false(cp == 0x202E || cp == 0x200D || cp == 0xFE0F || cp == 0x200B);
	}
	char *again = text_sanitize(s, len);
	assert_string_equal(again, s); /* idempotent */
	free(again);
}

#define SAN(in, want)                                                    \
	do {                                                             \
		char *got_ = text_sanitize((in), strlen(in));            \
		assert_string_equal(got_, (want));                       \
		assert_clean(got_);                                      \
		free(got_);                                              \
	} while (0)

static void test_sanitize_controls(void **state)
{
	(void)state;
	SAN("", "");
	SAN("Việt Nam", "Việt Nam");
	/* ESC sequences: ESC becomes visible, the rest is plain text */
	SAN("\x1B[2Jhi", "␛[2Jhi");
	SAN("\x1B]52;c;ZXZpbA==\x07", "␛]52;c;ZXZpbA==␇");
	SAN("\x1B]0;title\x1B\\", "␛]0;title␛\\");
	/* UTF-8-encoded C1 (OSC without an ESC byte) and raw C1 bytes */
	SAN("a\xC2\x9D" "0;x\xC2\x9C", "a\xEF\xBF\xBD" "0;x\xEF\xBF\xBD");
	SAN("a\x9D" "b", "a\xEF\xBF\xBD" "b");
	SAN("\xC2\x85", "\xEF\xBF\xBD");
	/* backspaces must not overwrite what came before */
	SAN("Approved\b\b\b\b\b\b\b\bRejected", "Approved␈␈␈␈␈␈␈␈Rejected");
	/* CR, LF, TAB, CR LF, line and paragraph separators → one space each */
	SAN("Approved\rRejected", "Approved Rejected");
	SAN("a\nb\tc\r\nd", "a b c d");
	SAN("a\xE2\x80\xA8" "b\xE2\x80\xA9" "c", "a b c");
	SAN("del\x7F", "del␡");
	SAN("bell\x07", "bell␇");
	char *nul = text_sanitize("a\0b", 3);
	assert_string_equal(nul, "a␀b");
	free(nul);
	/* invalid bytes */
	SAN("ok\xC0\xAF", "ok\xEF\xBF\xBD\xEF\xBF\xBD");
	SAN("\xED\xA0\x80", "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");
	SAN("x\xF0\x9F\x98", "x\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");
}

static void test_sanitize_unicode(void **state)
{
	(void)state;
	/* bidi controls and zero-width characters are dropped */
	SAN("abc\xE2\x80\xAEgpj.exe", "abcgpj.exe");
	SAN("\xE2\x81\xA6x\xE2\x81\xA9\xE2\x80\x8F", "x");
	SAN("zero\xE2\x80\x8Bwidth\xEF\xBB\xBF", "zerowidth");
	SAN("soft\xC2\xADhyphen", "softhyphen");
	/* NFD → NFC, tone order fixed */
	SAN("Vie\xCC\xA3\xCC\x82t", "Việt");
	SAN("e\xCC\x81\xCC\x82", "ế");
	/* combining marks with no base are dropped; at most 4 per base */
	SAN("\xCC\x81" "abc", "abc");
	SAN("\xCC\x81\xCC\x82", "");
	SAN("q\xCC\x88\xCC\x88\xCC\x88\xCC\x88\xCC\x88\xCC\x88\xCC\x88",
	    "q\xCC\x88\xCC\x88\xCC\x88\xCC\x88");
	/* x + diaeresis composes (ẍ), then 4 more are kept */
	SAN("x\xCC\x88\xCC\x88\xCC\x88\xCC\x88\xCC\x88\xCC\x88\xCC\x88",
	    "ẍ\xCC\x88\xCC\x88\xCC\x88\xCC\x88");
	/* five marks after ế: the composed letter keeps 4 more */
	SAN("e\xCC\x82\xCC\x81\xCC\xBD\xCC\xBD\xCC\xBD\xCC\xBD\xCC\xBD",
	    "ế\xCC\xBD\xCC\xBD\xCC\xBD\xCC\xBD");
	/* CJK is kept */
	SAN("中文字", "中文字");
	/* emoji: ZWJ sequences fall apart into their emoji, VS16 and skin tones go */
	SAN("👨\xE2\x80\x8D👩\xE2\x80\x8D👧", "👨👩👧");
	SAN("👍🏽 ok", "👍 ok");
	SAN("❤\xEF\xB8\x8F", "❤");
	SAN("🏽", "🏽"); /* a lone modifier is a swatch, kept */
	/* newer than glibc's tables (wcwidth -1) → U+FFFD */
	SAN("\xF0\x9F\xAB\xA8!", "\xEF\xBF\xBD!");
	/* unassigned and private use */
	SAN("\xF3\xA0\x80\x80" "a", "\xEF\xBF\xBD" "a"); /* U+E0000 unassigned, not ignorable */
	SAN("\xEE\x80\x80", "\xEE\x80\x80");              /* U+E000 private use: printable */
}

static void test_sanitize_lines(void **state)
{
	(void)state;
	CHECK(text_sanitize_lines, "a\r\nb\rc\nd\te", "a\nb\nc\nd e");
	CHECK(text_sanitize_lines, "x\xE2\x80\xA8y", "x\ny");
	CHECK(text_sanitize_lines, "x\n\xCC\x81y", "x\ny"); /* a mark cannot start a line */
	CHECK(text_sanitize_lines, "\x1B[31mred\n", "␛[31mred\n");
	CHECK(text_sanitize_lines, "", "");
}

/* ---- folding ------------------------------------------------------------------------- */

static void test_fold(void **state)
{
	(void)state;
	CHECK(text_fold, "Đề án chuyển đổi số QUỐC HỘI Nghị quyết",
	      "de an chuyen doi so quoc hoi nghi quyet");
	CHECK(text_fold, "Đề án chuyển đổi số", "de an chuyen doi so");
	CHECK(text_fold, "Hòa", "hoa");
	CHECK(text_fold, "Hoà", "hoa");
	CHECK(text_fold, "Đảng", "dang");
	CHECK(text_fold, "dang", "dang");
	CHECK(text_fold, "ĐẢNG", "dang");
	CHECK(text_fold, "Ðảng ðá", "dang da"); /* Ð U+00D0, ð U+00F0 */
	/* NFD folds the same */
	CHECK(text_fold, "Vie\xCC\xA3\xCC\x82t Nam", "viet nam");
	CHECK(text_fold, "Du\xCC\x9Bo\xCC\x9B\xCC\x80ng", "duong");
	/* punctuation runs → one space, trimmed */
	CHECK(text_fold, "  --Điều 5, khoản 2(a)!!  ", "dieu 5 khoan 2 a");
	CHECK(text_fold, "a\xE2\x80\x94\xE2\x80\x94" "b", "a b");
	CHECK(text_fold, "Straße", "strasse");
	CHECK(text_fold, "中文 字", "中文 字");
	CHECK(text_fold, "...", "");
	CHECK(text_fold, "", "");
	CHECK(text_fold, "\xCC\x81" "a", "a");
	CHECKN(text_fold, "a\xFF\0" "b", 4, "a b");
	/* fold into a reused buffer appends */
	struct buf b = {0};
	text_fold_into(&b, "Số ", 4);
	buf_putc(&b, '|');
	text_fold_into(&b, "ĐỔI", strlen("ĐỔI"));
	assert_string_equal(b.data, "so|doi");
	buf_free(&b);
}

/* The reference: utf8proc_map_custom on the whole string as TEXT.md says, then runs of
 * non-alphanumerics → one space, trimmed. */
static utf8proc_int32_t ref_custom(utf8proc_int32_t cp, void *data)
{
	(void)data;
	return cp == 0x0110 || cp == 0x0111 || cp == 0x00D0 || cp == 0x00F0 ? 'd' : cp;
}

static char *ref_fold(const char *s, size_t len)
{
	utf8proc_uint8_t *m = NULL;
	utf8proc_ssize_t n = utf8proc_map_custom((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)len, &m,
						 UTF8PROC_DECOMPOSE | UTF8PROC_STRIPMARK | UTF8PROC_CASEFOLD,
						 ref_custom, NULL);
	assert_true(n >= 0);
	struct buf b = {0};
	bool space = false;
	for (utf8proc_ssize_t i = 0; i < n;) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t k = utf8proc_iterate(m + i, n - i, &cp);
		assert_true(k > 0);
		utf8proc_category_t c = utf8proc_category(cp);
		if (c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_LO) /* L* */
			c = UTF8PROC_CATEGORY_LU;
		if (c == UTF8PROC_CATEGORY_LU || c == UTF8PROC_CATEGORY_ND || c == UTF8PROC_CATEGORY_NL ||
		    c == UTF8PROC_CATEGORY_NO) {
			if (space && b.len)
				buf_putc(&b, ' ');
			space = false;
			buf_append(&b, (const char *)m + i, (size_t)k);
		} else {
			space = true;
		}
		i += k;
	}
	free(m);
	return buf_take(&b);
}

/* text_fold equals the whole-string reference for every code point between two letters. */
static void test_fold_reference(void **state)
{
	(void)state;
	char s[8];
	for (int32_t cp = 1; cp <= 0x10FFFF; cp++) {
		if (cp >= 0xD800 && cp <= 0xDFFF)
			continue;
		utf8proc_ssize_t k = utf8proc_encode_char(cp, (utf8proc_uint8_t *)s + 1);
		s[0] = 'X';
		s[1 + k] = 'y';
		char *a = text_fold(s, (size_t)k + 2), *b = ref_fold(s, (size_t)k + 2);
		if (strcmp(a, b) != 0)
			fail_msg("U+%04X: text_fold \"%s\", reference \"%s\"", (unsigned)cp, a, b);
		free(a);
		free(b);
	}
	static const char *const samples[] = {
		"Đề án chuyển đổi số QUỐC HỘI Nghị quyết", "Vie\xCC\xA3\xCC\x82t  --  Nam!",
		"e\xCC\x81\xCC\x82 \xCC\x81\xCC\x81 ĐĐðÐ", "Straße ǅ ﬁ ΐ İstanbul", "中文, 字。",
	};
	for (size_t i = 0; i < sizeof samples / sizeof samples[0]; i++) {
		char *a = text_fold(samples[i], strlen(samples[i]));
		char *b = ref_fold(samples[i], strlen(samples[i]));
		assert_string_equal(a, b);
		free(a);
		free(b);
	}
}

static void test_casefold_diacritics(void **state)
{
	(void)state;
	CHECK(text_casefold, "ĐẢNG Cộng Sản", "đảng cộng sản");
	CHECK(text_casefold, "VIE\xCC\xA3\xCC\x82T", "việt");
	CHECK(text_casefold, "E\xCC\x81\xCC\x82", "ế");
	CHECK(text_casefold, "", "");
	assert_false(text_has_diacritics("dang", 4));
	assert_false(text_has_diacritics("", 0));
	assert_false(text_has_diacritics("de an 2024", 10));
	assert_true(text_has_diacritics("đang", strlen("đang")));
	assert_true(text_has_diacritics("Đ", strlen("Đ")));
	assert_true(text_has_diacritics("má", strlen("má")));
	assert_true(text_has_diacritics("ma\xCC\x81", 4)); /* NFD */
	assert_true(text_has_diacritics("ư", strlen("ư")));
	assert_false(text_has_diacritics("中文", strlen("中文")));
}

/* ---- find ---------------------------------------------------------------------------- */

static void assert_find(const char *s, const char *needle, bool exact, const char *casefold,
			size_t from, const char *want)
{
	size_t a = 0, b = 0;
	bool ok = text_find(s, strlen(s), needle, exact, casefold, from, &a, &b);
	if (!want) {
		assert_false(ok);
		return;
	}
	assert_true(ok);
	assert_true(a <= b && b <= strlen(s));
	char *got = xstrndup(s + a, b - a);
	assert_string_equal(got, want);
	free(got);
}

static void test_find(void **state)
{
	(void)state;
	const char *t = "Nghị quyết về chuyển đổi số";
	assert_find(t, "chuyen doi", false, NULL, 0, "chuyển đổi");
	assert_find(t, "nghi", false, NULL, 0, "Nghị");
	assert_find(t, "so", false, NULL, 0, "số");
	assert_find(t, "quyet ve", false, NULL, 0, "quyết về");
	assert_find(t, "xyz", false, NULL, 0, NULL);
	/* đ maps to d */
	assert_find("Văn kiện Đảng", "dang", false, NULL, 0, "Đảng");
	assert_find("Văn kiện Ðảng", "dang", false, NULL, 0, "Ðảng");
	/* NFD text: the marks belong to the range */
	const char *nfd = "To\xCC\x82i la\xCC\x80 ngu\xCC\x9Bo\xCC\x9B\xCC\x80i Vie\xCC\xA3\xCC\x82t";
	assert_find(nfd, "viet", false, NULL, 0, "Vie\xCC\xA3\xCC\x82t");
	assert_find(nfd, "vie", false, NULL, 0, "Vie\xCC\xA3\xCC\x82");
	assert_find(nfd, "nguoi", false, NULL, 0, "ngu\xCC\x9Bo\xCC\x9B\xCC\x80i");
	assert_find(nfd, "toi", false, NULL, 0, "To\xCC\x82i");
	assert_find(nfd, "la nguoi", false, NULL, 0, "la\xCC\x80 ngu\xCC\x9Bo\xCC\x9B\xCC\x80i");
	/* punctuation between words matches the space of the needle */
	assert_find("chuyển--đổi", "chuyen doi", false, NULL, 0, "chuyển--đổi");
	/* from: the second occurrence */
	const char *two = "số một, Số hai";
	size_t a, b;
	assert_true(text_find(two, strlen(two), "so", false, NULL, 0, &a, &b));
	assert_int_equal(a, 0);
	assert_true(text_find(two, strlen(two), "so", false, NULL, b, &a, &b));
	assert_int_equal(a, strlen("số một, "));
	assert_false(text_find(two, strlen(two), "so", false, NULL, b, &a, &b));
	assert_false(text_find(two, strlen(two), "", false, NULL, 0, &a, &b));
	assert_false(text_find("", 0, "so", false, NULL, 0, &a, &b));
	/* one folded letter from two (ß → ss): the range covers the whole letter */
	assert_find("Straße", "s", false, NULL, 1, "ß");
}

static void test_find_exact_marks(void **state)
{
	(void)state;
	const char *t = "đôi khi đổi mới, ma má mà";
	assert_find(t, "doi", true, "đổi", 0, "đổi");
	assert_find(t, "doi", true, "đôi", 0, "đôi");
	assert_find(t, "doi", true, "ĐỔI", 0, "đổi");
	assert_find(t, "doi", true, "dơi", 0, NULL);
	assert_find(t, "ma", true, "mà", 0, "mà");
	assert_find(t, "ma", true, "ma", 0, "ma");
	assert_find(t, "ma", false, "mà", 0, "ma");
	/* old and new tone placement are the same word */
	assert_find("Hòa bình", "hoa", true, "hoà", 0, "Hòa");
	assert_find("Hoà bình", "hoa", true, "hòa", 0, "Hoà");
	/* NFD text with exact marks */
	assert_find("Vie\xCC\xA3\xCC\x82t", "viet", true, "việt", 0, "Vie\xCC\xA3\xCC\x82t");
	assert_find("Vie\xCC\xA3\xCC\x82t", "viet", true, "viết", 0, NULL);
	assert_find("Văn kiện Ðảng", "dang", true, "đảng", 0, "Ðảng");
}

/* ---- picker score -------------------------------------------------------------------- */

static void test_match_score(void **state)
{
	(void)state;
	const char *mic = "so thong tin va truyen thong";
	assert_true(text_match_score(mic, "so tt") > 0);
	assert_int_equal(text_match_score(mic, "tttt"), 0); /* t t v t t: no 4 in a row */
	assert_int_equal(text_match_score(mic, "tt so"), 0); /* words in order */
	assert_int_equal(text_match_score(mic, "xyz"), 0);
	assert_int_equal(text_match_score(mic, "so so"), 0); /* distinct words */
	assert_true(text_match_score(mic, "") > 0);
	assert_true(text_match_score(mic, "sttvtt") > 0); /* all initials */
	assert_true(text_match_score(mic, "truyen") > 0);
	assert_int_equal(text_match_score("", "so"), 0);
	/* whole word > prefix > initials */
	int exact = text_match_score("thong tin", "thong");
	int prefix = text_match_score("thongtin abc", "thong");
	int initials = text_match_score("tin hoc", "th");
	int pre2 = text_match_score("thi hoc", "th");
	assert_true(exact > prefix);
	assert_true(pre2 > initials);
	assert_true(text_match_score("tt x", "tt") > text_match_score("thong tin", "tt"));
	/* earlier > later */
	assert_true(text_match_score("bo tai chinh", "tai") > text_match_score("bo ke hoach va tai chinh", "tai"));
	assert_true(text_match_score("tai chinh", "tai") > text_match_score("bo tai chinh", "tai"));
	/* fewer words is better among equal matches */
	assert_true(text_match_score("bo tai chinh", "bo") > text_match_score("bo tai chinh va ke hoach", "bo"));
	/* the best split is found: "so" initials would be worse than the prefix */
	assert_true(text_match_score(mic, "so tt") > text_match_score("sa oo thong tin", "so tt"));
	/* Vietnamese folded through text_fold */
	char *h = text_fold("Bộ Thông tin và Truyền thông", strlen("Bộ Thông tin và Truyền thông"));
	char *q = text_fold("bo tt", 5);
	assert_true(text_match_score(h, q) > 0);
	free(h);
	free(q);
}

/* ---- sort key ------------------------------------------------------------------------ */

static int key_cmp(const char *x, const char *y)
{
	unsigned char *a, *b;
	size_t la = text_sort_key(x, strlen(x), &a);
	size_t lb = text_sort_key(y, strlen(y), &b);
	int c = memcmp(a, b, la < lb ? la : lb);
	if (c == 0)
		c = la < lb ? -1 : la > lb;
	free(a);
	free(b);
	return c < 0 ? -1 : c > 0;
}

static void assert_order(const char *const *w, size_t n)
{
	for (size_t i = 0; i + 1 < n; i++) {
		if (key_cmp(w[i], w[i + 1]) >= 0)
			fail_msg("expected \"%s\" < \"%s\"", w[i], w[i + 1]);
		for (size_t j = i + 1; j < n; j++)
			assert_int_equal(key_cmp(w[j], w[i]), 1);
	}
}

static void test_sort_key(void **state)
{
	(void)state;
	static const char *const letters[] = {"a", "à", "ả", "ã", "á", "ạ", "ă", "ắ", "â", "ậ",
					      "b", "d", "D", "đ", "Đ", "e", "ê", "o", "ô", "ơ",
					      "u", "ư"};
	assert_order(letters, sizeof letters / sizeof letters[0]);
	static const char *const names[] = {"Dương", "đa", "Đà Nẵng", "đường"};
	assert_order(names, 4);
	static const char *const more[] = {"", " ", "-", "1", "2", "9", "10", "100", "a", "a b",
					   "ab", "ai", "an", "ăn", "ân", "ba", "Ba", "bà", "ca",
					   "f", "giá", "y", "z", "中"};
	assert_order(more, sizeof more / sizeof more[0]);
	static const char *const laws[] = {"Điều 2", "Điều 9", "Điều 10", "Điều 10a", "Điều 11"};
	assert_order(laws, 5);
	/* letters before tones: "àb" < "ác" */
	assert_int_equal(key_cmp("àb", "ác"), -1);
	assert_int_equal(key_cmp("ma", "má"), -1);
	assert_int_equal(key_cmp("má", "mạ"), -1);
	/* NFD sorts as NFC; equal strings have equal keys; different strings differ */
	assert_int_equal(key_cmp("Vie\xCC\xA3\xCC\x82t", "Việt"), 0);
	assert_int_equal(key_cmp("Việt", "Việt"), 0);
	assert_int_equal(key_cmp("Hòa", "Hoà") != 0, 1);
	assert_int_equal(key_cmp("007", "7") != 0, 1);
	/* Ð (U+00D0) sorts with Đ, after d */
	assert_int_equal(key_cmp("Ðà", "Đà") != 0, 1);
	assert_int_equal(key_cmp("Dz", "Ðà"), -1);
	assert_int_equal(key_cmp("Ðà", "Đb"), -1);
	/* invalid bytes do not crash and give a key */
	unsigned char *k;
	size_t n = text_sort_key("\xFF\xC0", 2, &k);
	assert_true(n > 0);
	free(k);
}

/* ---- speed --------------------------------------------------------------------------- */

static void test_fold_speed(void **state)
{
	(void)state;
	const char *c = "Đề nghị Ban soạn thảo làm rõ khái niệm \"chuyển đổi số\" tại Điều 3, "
			"khoản 2; bổ sung quy định về trách nhiệm của Bộ Thông tin và Truyền thông "
			"trong việc hướng dẫn các địa phương.";
	size_t len = strlen(c);
	struct buf b = {0};
	struct timespec t0, t1;
	int rounds = 20000;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (int i = 0; i < rounds; i++) {
		buf_reset(&b);
		text_fold_into(&b, c, len);
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	double us = ((double)(t1.tv_sec - t0.tv_sec) * 1e9 + (double)(t1.tv_nsec - t0.tv_nsec)) /
		    1e3 / rounds;
	printf("# text_fold of a %zu-byte comment: %.2f us\n", len, us);
	assert_string_equal(b.data, "de nghi ban soan thao lam ro khai niem chuyen doi so tai dieu 3 "
				    "khoan 2 bo sung quy dinh ve trach nhiem cua bo thong tin va "
				    "truyen thong trong viec huong dan cac dia phuong");
	buf_free(&b);
	/* a few microseconds unoptimised; the bound leaves room for sanitizer builds */
	assert_true(us < 100.0);
}

/* The fast path returns plain text as it is; the full pipeline must agree for every plain
 * code point. A control character forces the full pipeline. */
static void test_plain_fast_path(void **state)
{
	(void)state;
	int32_t ranges[][2] = {{0x20, 0x7E}, {0xA0, 0x17F}, {0x1A0, 0x1A1}, {0x1AF, 0x1B0}, {0x1EA0, 0x1EF9}};
	for (size_t r = 0; r < sizeof ranges / sizeof ranges[0]; r++) {
		for (int32_t cp = ranges[r][0]; cp <= ranges[r][1]; cp++) {
			if (cp == 0xAD)
				continue;
			unsigned char u8[8];
			utf8proc_ssize_t n = utf8proc_encode_char(cp, u8);
			char in[16], want[16];
			memcpy(in, u8, (size_t)n);
			memcpy(in + n, "\x01", 2);
			memcpy(want, u8, (size_t)n);
			memcpy(want + n, "\xE2\x90\x81", 4); /* U+2401 */
			char *got = text_sanitize(in, (size_t)n + 1);
			assert_string_equal(got, want);
			free(got);
			got = text_sanitize_lines(in, (size_t)n + 1);
			assert_string_equal(got, want);
			free(got);
			memcpy(in + n, "\r", 2);
			memcpy(want + n, "\n", 2);
			got = text_normalize(in, (size_t)n + 1);
			assert_string_equal(got, want);
			free(got);
			/* and the fast path itself */
			got = text_sanitize(in, (size_t)n);
			assert_memory_equal(got, u8, (size_t)n);
			assert_int_equal(strlen(got), (size_t)n);
			free(got);
		}
	}
	char *got = text_sanitize("Nghị quyết\nsố 1", strlen("Nghị quyết\nsố 1"));
	assert_string_equal(got, "Nghị quyết số 1");
	free(got);
	got = text_sanitize_lines("Nghị quyết\nsố 1", strlen("Nghị quyết\nsố 1"));
	assert_string_equal(got, "Nghị quyết\nsố 1");
	free(got);
}

int main(void)
{
	if (!setlocale(LC_ALL, "C.UTF-8")) {
		fprintf(stderr, "test_text: the C.UTF-8 locale is missing\n");
		return 1;
	}
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_valid_utf8),
		cmocka_unit_test(test_decode),
		cmocka_unit_test(test_normalize_vietnamese),
		cmocka_unit_test(test_normalize_bytes),
		cmocka_unit_test(test_sanitize_controls),
		cmocka_unit_test(test_sanitize_unicode),
		cmocka_unit_test(test_sanitize_lines),
		cmocka_unit_test(test_fold),
		cmocka_unit_test(test_fold_reference),
		cmocka_unit_test(test_casefold_diacritics),
		cmocka_unit_test(test_find),
		cmocka_unit_test(test_find_exact_marks),
		cmocka_unit_test(test_match_score),
		cmocka_unit_test(test_sort_key),
		cmocka_unit_test(test_fold_speed),
		cmocka_unit_test(test_plain_fast_path),
	};
	return cmocka_run_group_tests_name("text", tests, NULL, NULL);
}
