/* test_overview.c — the drawing helpers of the overview and of the progress line: bars of
 * block characters exactly as wide as asked, in proportion; the progress line never wider than
 * the terminal, with its share, rate and time left; days to a deadline across months and leap
 * years. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "gopy/buf.h"
#include "gopy/overview.h"
#include "gopy/progress.h"
#include "gopy/text.h"

static int width_of(const struct buf *b)
{
	return text_width(b->data ? b->data : "", b->len);
}

static int count(const char *s, const char *glyph)
{
	int n = 0;
	for (const char *p = s; (p = strstr(p, glyph)); p += strlen(glyph))
		n++;
	return n;
}

static void bar_widths(void **state)
{
	(void)state;
	for (int w = 1; w <= 60; w++)
		for (int64_t v = 0; v <= 10; v++) {
			struct buf b = {0};
			overview_bar(&b, v, 10, w);
			assert_int_equal(width_of(&b), w);
			buf_free(&b);
		}
}

static void bar_proportions(void **state)
{
	(void)state;
	struct buf b = {0};
	overview_bar(&b, 0, 10, 20);
	assert_int_equal(count(b.data, " "), 20);
	buf_reset(&b);
	overview_bar(&b, 10, 10, 20);
	assert_int_equal(count(b.data, "█"), 20);
	buf_reset(&b);
	overview_bar(&b, 5, 10, 20);
	assert_int_equal(count(b.data, "█"), 10);
	buf_reset(&b);
	overview_bar(&b, 1, 1000000, 20); /* tiny but not zero: still visible */
	assert_non_null(strstr(b.data, "▏"));
	buf_reset(&b);
	overview_bar(&b, 3, 8, 1); /* three eighths of one column */
	assert_string_equal(b.data, "▍");
	buf_free(&b);
}

static void progress_fits(void **state)
{
	(void)state;
	const char *whats[] = { "importing c.csv", "importing một-tệp-rất-dài-có-dấu-tiếng-Việt-và-tên-dài-nữa.csv",
	                        "exporting 草案" };
	for (size_t k = 0; k < sizeof whats / sizeof whats[0]; k++)
		for (int w = 20; w <= 140; w += 3) {
			struct buf b = {0};
			progress_format(&b, whats[k], "rows", 4500, 27000, 3.0, w);
			assert_true(width_of(&b) <= w);
			assert_true(text_valid_utf8(b.data, b.len, NULL));
			assert_non_null(strstr(b.data, "16%"));
			buf_free(&b);
		}
}

static void progress_figures(void **state)
{
	(void)state;
	struct buf b = {0};
	progress_format(&b, "importing c.csv", "rows", 4500, 27000, 3.0, 100);
	assert_non_null(strstr(b.data, "importing c.csv "));
	assert_non_null(strstr(b.data, " 4500/27000 rows"));
	assert_non_null(strstr(b.data, "1500/s"));
	assert_non_null(strstr(b.data, "0:15 left")); /* 22500 rows at 1500/s */
	int bar = count(b.data, "█") + count(b.data, "░");
	assert_true(bar >= 10);
	assert_int_equal(count(b.data, "█"), bar / 6); /* a sixth done */
	buf_reset(&b);
	progress_format(&b, "checking", "checks", 19, 19, 2.0, 80); /* done: no time left */
	assert_null(strstr(b.data, "left"));
	assert_non_null(strstr(b.data, "100%"));
	buf_reset(&b);
	progress_format(&b, "exporting", "comments", 1200, 0, 1.0, 80); /* total unknown: no bar */
	assert_null(strstr(b.data, "░"));
	assert_non_null(strstr(b.data, "1200 comments"));
	buf_reset(&b);
	progress_format(&b, "importing", "rows", 3600 * 2, 3600 * 3, 3600.0 * 2, 80); /* hours */
	assert_non_null(strstr(b.data, "1:00:00 left"));
	buf_free(&b);
}

static void days(void **state)
{
	(void)state;
	assert_int_equal(overview_days_until("2021-05-05", "2021-05-07"), 2);
	assert_int_equal(overview_days_until("2021-05-05", "2021-04-30"), -5);
	assert_int_equal(overview_days_until("2024-02-28", "2024-03-01"), 2); /* leap year */
	assert_int_equal(overview_days_until("2023-02-28", "2023-03-01"), 1);
	assert_int_equal(overview_days_until("2020-12-31", "2021-01-01"), 1);
	assert_int_equal(overview_days_until("2021-05-05", "2021-05-05"), 0);
	struct buf b = {0};
	overview_deadline_text(&b, "2021-04-30", -5);
	assert_string_equal(b.data, "2021-04-30, 5 days overdue");
	buf_reset(&b);
	overview_deadline_text(&b, "2021-05-06", 1);
	assert_string_equal(b.data, "2021-05-06, 1 day left");
	buf_reset(&b);
	overview_deadline_text(&b, "", 0);
	assert_string_equal(b.data, "no deadline");
	buf_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(bar_widths),
		cmocka_unit_test(bar_proportions),
		cmocka_unit_test(progress_fits),
		cmocka_unit_test(progress_figures),
		cmocka_unit_test(days),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
