/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test_anchor.c — text_anchor: a quoted phrase found again on a newer text exactly, between
 * its old neighbours, by folded syllables, or said to be gone; the right one of several. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "gopy/anchor.h"

/* The text the anchor covers in new_text, "" when gone. */
static char *found(const char *quote, const char *old_text, const char *new_text, enum anchor_how *how)
{
	struct anchor a = text_anchor(quote, old_text, new_text);
	*how = a.how;
	if (a.how == ANCHOR_GONE)
		return strdup("");
	return strndup(new_text + a.start, a.end - a.start);
}

#define EXPECT_ANCHOR(quote, old, nw, want_how, want_text)                      \
	do {                                                                    \
		enum anchor_how how_;                                           \
		char *got_ = found(quote, old, nw, &how_);                      \
		assert_string_equal(anchor_how_name(how_), anchor_how_name(want_how)); \
		assert_string_equal(got_, want_text);                           \
		free(got_);                                                     \
	} while (0)

static const char OLD[] = "Ngân sách tỉnh bố trí tối thiểu một phần trăm tổng chi thường xuyên hằng năm cho chuyển đổi số.";

static void test_exact(void **state)
{
	(void)state;
	EXPECT_ANCHOR("một phần trăm", OLD, OLD, ANCHOR_EXACT, "một phần trăm");
	/* the text around it changed: still exact */
	EXPECT_ANCHOR("một phần trăm", OLD, "Hằng năm ngân sách bố trí một phần trăm tổng chi.", ANCHOR_EXACT,
	              "một phần trăm");
}

static void test_several_places(void **state)
{
	(void)state;
	/* "hằng năm" twice in the new text: the one after "thường xuyên", as in the old text */
	struct anchor a = text_anchor("hằng năm", OLD,
	                              "Hằng năm báo cáo; hằng năm kiểm tra; chi thường xuyên hằng năm cho chuyển đổi số.");
	assert_int_equal(a.how, ANCHOR_EXACT);
	assert_int_equal(a.start, strlen("Hằng năm báo cáo; hằng năm kiểm tra; chi thường xuyên "));
}

static void test_context(void **state)
{
	(void)state;
	/* the phrase rewritten in place: found between the words that surrounded it */
	EXPECT_ANCHOR("tối thiểu một phần trăm", OLD,
	              "Ngân sách tỉnh bố trí không dưới hai phần trăm tổng chi thường xuyên hằng năm cho chuyển đổi số.",
	              ANCHOR_CONTEXT, "không dưới hai phần trăm");
}

static void test_fuzzy(void **state)
{
	(void)state;
	/* only a mark changed, and the context too: found by folded syllables */
	EXPECT_ANCHOR("tổng chi thường xuyên", OLD, "Dành một phần tổng chí thường xuyên cho việc này.", ANCHOR_FUZZY,
	              "tổng chí thường xuyên");
	/* two words more inside the phrase */
	EXPECT_ANCHOR("tổng chi thường xuyên hằng năm", OLD, "Bố trí từ tổng chi thường xuyên ngân sách hằng năm.",
	              ANCHOR_FUZZY, "tổng chi thường xuyên ngân sách hằng năm");
}

static void test_gone(void **state)
{
	(void)state;
	EXPECT_ANCHOR("một phần trăm", OLD, "Ngân sách tỉnh bố trí tổng chi thường xuyên hằng năm cho chuyển đổi số.",
	              ANCHOR_GONE, "");
	EXPECT_ANCHOR("một phần trăm", OLD, "Điều này bị bãi bỏ.", ANCHOR_GONE, "");
	EXPECT_ANCHOR("", OLD, OLD, ANCHOR_GONE, "");
	EXPECT_ANCHOR(" ,.; ", OLD, OLD, ANCHOR_GONE, "");
	EXPECT_ANCHOR("một phần trăm", OLD, "", ANCHOR_GONE, "");
}

static void test_hostile(void **state)
{
	(void)state;
	/* invalid UTF-8 and no old text: no crash, a plain answer */
	enum anchor_how how;
	char *s = found("m\xff\xfe", NULL, "m\xff\xfe x", &how);
	assert_int_equal(how, ANCHOR_EXACT);
	free(s);
	s = found("một phần", NULL, "mot phan", &how);
	assert_int_equal(how, ANCHOR_FUZZY);
	free(s);
	/* a long quote against a long text stays bounded */
	char *big = malloc(200001);
	for (int i = 0; i < 200000; i++)
		big[i] = "ab "[i % 3];
	big[200000] = 0;
	struct anchor a = text_anchor(big + 1000, big, big + 7);
	assert_int_equal(a.how, ANCHOR_EXACT);
	free(big);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_exact),   cmocka_unit_test(test_several_places), cmocka_unit_test(test_context),
		cmocka_unit_test(test_fuzzy),   cmocka_unit_test(test_gone),           cmocka_unit_test(test_hostile),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
