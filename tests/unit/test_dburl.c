/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test_dburl.c — server URLs: which arguments name a server, taking a password out of one in
 * place (its bytes zeroed, the rest of the URL intact, the password kept percent-decoded),
 * and the redacted copy for text that never went through dburl_take. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "gopy/dburl.h"

static void test_is_server(void **state)
{
	(void)state;
	assert_true(dburl_is_server("postgresql:///review"));
	assert_true(dburl_is_server("postgres://h/db"));
	assert_false(dburl_is_server("review.db"));
	assert_false(dburl_is_server("./postgresql://x"));
	assert_false(dburl_is_server("postgresql:/x"));
	assert_false(dburl_is_server(NULL));
}

/* dburl_take on a copy of `in` laid in a buffer with a guard after it: the URL left, the
 * password kept, and every byte between the new end and the old end zero. */
static void take(const char *in, const char *want_url, const char *want_pw)
{
	size_t n = strlen(in);
	char *b = malloc(n + 2);
	assert_non_null(b);
	memcpy(b, in, n + 1);
	b[n + 1] = 'G';
	bool got = dburl_take(b);
	assert_int_equal(got, want_pw != NULL);
	assert_string_equal(b, want_url);
	for (size_t i = strlen(b); i <= n; i++)
		assert_int_equal(b[i], 0);
	assert_int_equal(b[n + 1], 'G');
	if (want_pw) {
		assert_non_null(dburl_password(b));
		assert_string_equal(dburl_password(b), want_pw);
	}
	free(b);
}

static void test_take(void **state)
{
	(void)state;
	take("postgresql://anna:s3cret@db.example/review", "postgresql://anna@db.example/review", "s3cret");
	take("postgres://anna:s3cret@/review?host=/run/pg", "postgres://anna@/review?host=/run/pg", "s3cret");
	take("postgresql://:s3cret@host/review", "postgresql://host/review", "s3cret");
	take("postgresql://anna:p%40ss%2Fw%3Ard@host/db", "postgresql://anna@host/db", "p@ss/w:rd");
	take("postgresql://anna:p@ss@host/db", "postgresql://anna@host/db", "p@ss");
	take("postgresql://anna:pa?ss@host/db?sslmode=disable", "postgresql://anna@host/db?sslmode=disable", "pa?ss");
	take("postgresql:///db?password=s3cret", "postgresql:///db", "s3cret");
	take("postgresql:///db?host=/tmp&password=s3cret&port=5433", "postgresql:///db?host=/tmp&port=5433", "s3cret");
	take("postgresql:///db?host=/tmp&password=s3cret", "postgresql:///db?host=/tmp", "s3cret");
	take("postgresql://u:first@h/db?password=second", "postgresql://u@h/db", "second");
	take("postgresql://u:Mật%20khẩu@h/db", "postgresql://u@h/db", "Mật khẩu");
	/* nothing to take */
	take("postgresql://anna@host/db", "postgresql://anna@host/db", NULL);
	take("postgresql://host:5432/db", "postgresql://host:5432/db", NULL);
	take("postgresql://u@host:5432?passwordless=1", "postgresql://u@host:5432?passwordless=1", NULL);
	take("postgresql://u@host:5432?options=a@b", "postgresql://u@host:5432?options=a@b", NULL);
	take("review.db", "review.db", NULL);
	take("user:secret@host", "user:secret@host", NULL);
	assert_null(dburl_password("postgresql://nobody@nowhere/x"));
}

static void test_take_all(void **state)
{
	(void)state;
	char a0[] = "gopy", a1[] = "list", a2[] = "postgresql://u:pw1@h/a", a3[] = "--doc", a4[] = "x:y@z";
	char *argv[] = {a0, a1, a2, a3, a4, NULL};
	char env[] = "postgresql://v:pw2@h/b";
	assert_int_equal(setenv("GOPY_TEST_DBURL", env, 1), 0);
	dburl_take_all(5, argv, "GOPY_TEST_DBURL");
	assert_string_equal(argv[2], "postgresql://u@h/a");
	assert_string_equal(dburl_password("postgresql://u@h/a"), "pw1");
	assert_string_equal(argv[4], "x:y@z");
	assert_string_equal(getenv("GOPY_TEST_DBURL"), "postgresql://v@h/b");
	assert_string_equal(dburl_password("postgresql://v@h/b"), "pw2");
	dburl_take_all(1, argv, NULL);
}

static void redact(const char *in, const char *want)
{
	char *got = dburl_redact(in);
	assert_string_equal(got, want);
	free(got);
}

static void test_redact(void **state)
{
	(void)state;
	redact("postgresql://anna:s3cret@host/db", "postgresql://anna:***@host/db");
	redact("postgresql://anna:p@ss@host/db?password=x&password=yy", "postgresql://anna:***@host/db?password=***&password=***");
	redact("postgres:///db?password=s3cret&sslmode=require", "postgres:///db?password=***&sslmode=require");
	redact("postgresql://anna@host/db", "postgresql://anna@host/db");
	redact("a:b@c.db", "a:b@c.db");
	redact("", "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_is_server),
		cmocka_unit_test(test_take),
		cmocka_unit_test(test_take_all),
		cmocka_unit_test(test_redact),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
