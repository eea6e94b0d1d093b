/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test_strmap.c — the string → integer map of bulk imports: get, put (replaces), add (only
 * when absent), keys with NUL bytes and keys that differ only at the end, across growth. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "gopy/strmap.h"

static void test_put_get_add(void **state)
{
	(void)state;
	struct strmap m = {0};
	int64_t v = -1;
	assert_false(strmap_get(&m, "a", 1, &v));
	strmap_put(&m, "a", 1, 1);
	strmap_put(&m, "a", 1, 2); /* put replaces */
	assert_true(strmap_get(&m, "a", 1, &v));
	assert_int_equal(v, 2);
	assert_false(strmap_add(&m, "a", 1, 3)); /* add leaves it */
	assert_true(strmap_get(&m, "a", 1, &v));
	assert_int_equal(v, 2);
	assert_true(strmap_add(&m, "a\0b", 3, 4)); /* another key: a prefix's NUL and more */
	assert_true(strmap_get(&m, "a\0b", 3, &v));
	assert_int_equal(v, 4);
	assert_false(strmap_get(&m, "a\0", 2, &v));
	assert_int_equal((int)m.n, 2);
	strmap_free(&m);
	assert_int_equal((int)m.n, 0);
}

static void test_many(void **state)
{
	(void)state;
	struct strmap m = {0};
	char key[32];
	for (int i = 0; i < 100000; i++) { /* keys that differ at the end, through many growths */
		int n = snprintf(key, sizeof key, "c%d", i);
		assert_true(strmap_add(&m, key, (size_t)n, i));
	}
	assert_int_equal((int)m.n, 100000);
	for (int i = 0; i < 100000; i++) {
		int n = snprintf(key, sizeof key, "c%d", i);
		int64_t v;
		assert_true(strmap_get(&m, key, (size_t)n, &v));
		assert_int_equal(v, i);
		assert_false(strmap_add(&m, key, (size_t)n, -1));
	}
	int64_t v;
	assert_false(strmap_get(&m, "c100000", 7, &v));
	assert_int_equal((int)m.n, 100000);
	strmap_free(&m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_put_get_add),
		cmocka_unit_test(test_many),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
