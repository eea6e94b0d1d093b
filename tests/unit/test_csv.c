/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test_csv.c — the CSV reader (records, quoting, line ends, BOM, errors with line numbers,
 * long fields across read blocks) and the field writer (quoting, formula neutralising),
 * and round trips of nasty fields through both. */
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
#include "gopy/csv.h"
#include "gopy/err.h"

/* A reader over a copy of the n bytes of s (fmemopen keeps the bytes: they must outlive f). */
struct src {
	char *bytes;
	FILE *f;
	struct csv_reader *r;
};

static void src_open(struct src *s, const char *bytes, size_t n)
{
	s->bytes = xmalloc(n + 1);
	memcpy(s->bytes, bytes, n);
	/* fmemopen of 0 bytes is not portable: use an empty tmpfile then */
	s->f = n ? fmemopen(s->bytes, n, "r") : tmpfile();
	assert_non_null(s->f);
	s->r = csv_reader_new(s->f);
}

static void src_close(struct src *s)
{
	csv_reader_free(s->r);
	fclose(s->f);
	free(s->bytes);
}

/* Read the next record and check it has exactly the given fields (NULL-terminated list)
 * and starts at line `line`. */
static void expect_record(struct csv_reader *r, long line, ...)
{
	size_t n, *lens;
	char **f;
	assert_int_equal(csv_next(r, &n, &f, &lens), 1);
	assert_int_equal(csv_line(r), line);
	va_list ap;
	va_start(ap, line);
	size_t i = 0;
	for (const char *want; (want = va_arg(ap, const char *)) != NULL; i++) {
		assert_true(i < n);
		assert_string_equal(f[i], want);
		assert_int_equal(lens[i], strlen(want));
	}
	va_end(ap);
	assert_int_equal(n, i);
}

static void expect_end(struct csv_reader *r)
{
	size_t n, *lens;
	char **f;
	assert_int_equal(csv_next(r, &n, &f, &lens), 0);
	assert_int_equal(csv_next(r, &n, &f, &lens), 0);
}

/* Read until an error; check the message. */
static void expect_error(const char *input, int good_records, const char *msg)
{
	struct src s;
	size_t n, *lens;
	char **f;
	src_open(&s, input, strlen(input));
	for (int i = 0; i < good_records; i++)
		assert_int_equal(csv_next(s.r, &n, &f, &lens), 1);
	err_clear();
	assert_int_equal(csv_next(s.r, &n, &f, &lens), -1);
	if (strncmp(err_msg(), msg, strlen(msg)) != 0)
		fail_msg("error \"%s\" does not start with \"%s\"", err_msg(), msg);
	/* and it stays failed */
	assert_int_equal(csv_next(s.r, &n, &f, &lens), -1);
	src_close(&s);
}

#define INPUT(s) s, sizeof(s) - 1

static void test_simple(void **state)
{
	(void)state;
	struct src s;
	src_open(&s, INPUT("doc,section,body\nDA-1,Điều 3,Đồng ý\n"));
	expect_record(s.r, 1, "doc", "section", "body", NULL);
	expect_record(s.r, 2, "DA-1", "Điều 3", "Đồng ý", NULL);
	expect_end(s.r);
	src_close(&s);
}

static void test_quoted(void **state)
{
	(void)state;
	struct src s;
	src_open(&s, INPUT("\"a,b\",\"say \"\"hi\"\"\",\"\"\n"
	                   "\"line1\nline2\r\nline3\",x\n"
	                   "\"\"\"\",\"tail\"\n"
	                   "last,\"cr\ronly\"\n"));
	expect_record(s.r, 1, "a,b", "say \"hi\"", "", NULL);
	expect_record(s.r, 2, "line1\nline2\r\nline3", "x", NULL);
	expect_record(s.r, 5, "\"", "tail", NULL);
	expect_record(s.r, 6, "last", "cr\ronly", NULL);
	expect_end(s.r);
	src_close(&s);
}

static void test_line_ends(void **state)
{
	(void)state;
	struct src s;
	/* CRLF, LF, lone CR, and blank lines (skipped) in between */
	src_open(&s, INPUT("a,b\r\nc,d\n\r\n\ne,f\rg,h"));
	expect_record(s.r, 1, "a", "b", NULL);
	expect_record(s.r, 2, "c", "d", NULL);
	expect_record(s.r, 5, "e", "f", NULL);
	expect_record(s.r, 6, "g", "h", NULL); /* no final newline */
	expect_end(s.r);
	src_close(&s);
}

static void test_empty_fields(void **state)
{
	(void)state;
	struct src s;
	src_open(&s, INPUT(",,\na,\n,b\n\"\",\"\"\nonly"));
	expect_record(s.r, 1, "", "", "", NULL);
	expect_record(s.r, 2, "a", "", NULL);
	expect_record(s.r, 3, "", "b", NULL);
	expect_record(s.r, 4, "", "", NULL);
	expect_record(s.r, 5, "only", NULL);
	expect_end(s.r);
	src_close(&s);
}

static void test_empty_input(void **state)
{
	(void)state;
	struct src s;
	src_open(&s, "", 0);
	expect_end(s.r);
	src_close(&s);
	src_open(&s, INPUT("\xEF\xBB\xBF"));
	expect_end(s.r);
	src_close(&s);
	src_open(&s, INPUT("\n\r\n\n"));
	expect_end(s.r);
	src_close(&s);
}

static void test_bom(void **state)
{
	(void)state;
	struct src s;
	src_open(&s, INPUT("\xEF\xBB\xBF" "doc,body\n\xEF\xBB\xBF" "x,y\n"));
	expect_record(s.r, 1, "doc", "body", NULL);
	expect_record(s.r, 2, "\xEF\xBB\xBF" "x", "y", NULL); /* only the first BOM is skipped */
	expect_end(s.r);
	src_close(&s);
	/* a BOM followed by a quoted field */
	src_open(&s, INPUT("\xEF\xBB\xBF\"q\",1"));
	expect_record(s.r, 1, "q", "1", NULL);
	expect_end(s.r);
	src_close(&s);
}

static void test_nul_bytes(void **state)
{
	(void)state;
	struct src s;
	size_t n, *lens;
	char **f;
	src_open(&s, INPUT("a\0b,\"c\0d\"\n"));
	assert_int_equal(csv_next(s.r, &n, &f, &lens), 1);
	assert_int_equal(n, 2);
	assert_int_equal(lens[0], 3);
	assert_memory_equal(f[0], "a\0b", 4);
	assert_int_equal(lens[1], 3);
	assert_memory_equal(f[1], "c\0d", 4);
	expect_end(s.r);
	src_close(&s);
}

static void test_errors(void **state)
{
	(void)state;
	expect_error("\"never closed,a\nb\nc\n", 0, "line 1: quoted field is not closed");
	expect_error("a,b\nc,d\n\"x\ny\",\"open\nmore\n", 2, "line 3: quoted field is not closed");
	expect_error("a,b\nab\"c,d\n", 1, "line 2: quote in the middle of an unquoted field");
	expect_error("a,b\nx, \"y\"\n", 1, "line 2: quote in the middle of an unquoted field");
	expect_error("h\n\"multi\nline\"x,1\n", 1, "line 2: unexpected character after a closing quote");
	expect_error("\"a\" ,b\n", 0, "line 1: unexpected character after a closing quote");
}

static void test_line_numbers_after_multiline(void **state)
{
	(void)state;
	struct src s;
	src_open(&s, INPUT("h1,h2\r\n\"a\r\nb\r\nc\",d\r\ne,f\r\n"));
	expect_record(s.r, 1, "h1", "h2", NULL);
	expect_record(s.r, 2, "a\r\nb\r\nc", "d", NULL);
	expect_record(s.r, 5, "e", "f", NULL);
	expect_end(s.r);
	src_close(&s);
}

/* Fields far longer than the reader's read block, with quotes and newlines placed so that
 * block boundaries fall everywhere. */
static void test_long_fields(void **state)
{
	(void)state;
	const size_t big = 3 * 1024 * 1024 + 7;
	struct buf in = {0}, q = {0};
	char *plain = xmalloc(big + 1);
	for (size_t i = 0; i < big; i++)
		plain[i] = (char)('a' + i % 26);
	plain[big] = '\0';
	/* quoted: every 1000th byte a doubled quote, every 777th a newline */
	for (size_t i = 0; i < big; i++)
		buf_putc(&q, i % 1000 == 999 ? '"' : i % 777 == 776 ? '\n' : plain[i]);
	buf_append(&in, plain, big);
	buf_putc(&in, ',');
	csv_field(&in, q.data, false);
	buf_puts(&in, "\nx,y");

	struct src s;
	size_t n, *lens;
	char **f;
	src_open(&s, in.data, in.len);
	assert_int_equal(csv_next(s.r, &n, &f, &lens), 1);
	assert_int_equal(n, 2);
	assert_int_equal(lens[0], big);
	assert_memory_equal(f[0], plain, big);
	assert_int_equal(lens[1], q.len);
	assert_memory_equal(f[1], q.data, q.len);
	long newlines = 0;
	for (size_t i = 0; i < q.len; i++)
		newlines += q.data[i] == '\n';
	expect_record(s.r, 2 + newlines, "x", "y", NULL);
	expect_end(s.r);
	src_close(&s);
	free(plain);
	buf_free(&in);
	buf_free(&q);
}

/* Many small records through a real file: block boundaries inside every kind of token. */
static void test_many_records_file(void **state)
{
	(void)state;
	FILE *f = tmpfile();
	assert_non_null(f);
	const int rows = 100000;
	for (int i = 0; i < rows; i++)
		assert_true(fprintf(f, "%d,\"v \"\"%d\"\"\",Nguyễn Văn %d%s", i, i * 7, i,
		                    i % 3 ? "\r\n" : "\n") > 0);
	rewind(f);
	struct csv_reader *r = csv_reader_new(f);
	size_t n, *lens;
	char **fl;
	char want[64];
	for (int i = 0; i < rows; i++) {
		assert_int_equal(csv_next(r, &n, &fl, &lens), 1);
		assert_int_equal(n, 3);
		assert_int_equal(csv_line(r), i + 1);
		assert_int_equal(atoi(fl[0]), i);
		snprintf(want, sizeof want, "v \"%d\"", i * 7);
		assert_string_equal(fl[1], want);
		snprintf(want, sizeof want, "Nguyễn Văn %d", i);
		assert_string_equal(fl[2], want);
	}
	assert_int_equal(csv_next(r, &n, &fl, &lens), 0);
	csv_reader_free(r);
	fclose(f);
}

/* csv_field on one string, as a malloc'd string. */
static char *field(const char *s, bool neutralize)
{
	struct buf b = {0};
	csv_field(&b, s, neutralize);
	return buf_take(&b);
}

#define EXPECT_FIELD(in, neut, want)                                           \
	do {                                                                   \
		char *got_ = field(in, neut);                                  \
		assert_string_equal(got_, want);                               \
		free(got_);                                                    \
	} while (0)

static void test_writer(void **state)
{
	(void)state;
	EXPECT_FIELD("plain", false, "plain");
	EXPECT_FIELD("", false, "");
	EXPECT_FIELD(NULL, true, "");
	EXPECT_FIELD("Đề án chuyển đổi số", true, "Đề án chuyển đổi số");
	EXPECT_FIELD("a,b", false, "\"a,b\"");
	EXPECT_FIELD("say \"hi\"", false, "\"say \"\"hi\"\"\"");
	EXPECT_FIELD("\"", false, "\"\"\"\"");
	EXPECT_FIELD("two\nlines", false, "\"two\nlines\"");
	EXPECT_FIELD("cr\rhere", false, "\"cr\rhere\"");
	EXPECT_FIELD(" lead", false, "\" lead\"");
	EXPECT_FIELD("trail ", false, "\"trail \"");
	EXPECT_FIELD("in side", false, "in side");
	/* formula neutralising */
	EXPECT_FIELD("=1+2", false, "=1+2");
	EXPECT_FIELD("=1+2", true, "'=1+2");
	EXPECT_FIELD("+84 912", true, "'+84 912");
	EXPECT_FIELD("-5", true, "'-5");
	EXPECT_FIELD("@SUM(A1)", true, "'@SUM(A1)");
	EXPECT_FIELD("=HYPERLINK(\"http://x\",\"y\")", true, "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"");
	EXPECT_FIELD("\tcmd", true, "\"'\tcmd\"");
	EXPECT_FIELD("\rcmd", true, "\"'\rcmd\"");
	EXPECT_FIELD("a=b", true, "a=b");
	/* blanks before the formula do not hide it (spreadsheets skip them) */
	EXPECT_FIELD(" =1+1", true, "\"' =1+1\"");
	EXPECT_FIELD("\n=1+1", true, "\"'\n=1+1\"");
	EXPECT_FIELD("  @x", true, "\"'  @x\"");
	EXPECT_FIELD("  x", true, "\"  x\"");
	EXPECT_FIELD("'quoted", true, "'quoted");
}

/* Write records of fields with csv_field, read them back, compare. */
static void roundtrip(char **fields, size_t nrec, size_t nper, bool neutralize)
{
	struct buf out = {0};
	buf_append(&out, "\xEF\xBB\xBF", 3);
	for (size_t i = 0; i < nrec; i++) {
		for (size_t j = 0; j < nper; j++) {
			if (j)
				buf_putc(&out, ',');
			csv_field(&out, fields[i * nper + j], neutralize);
		}
		buf_append(&out, "\r\n", 2);
	}
	struct src s;
	size_t n, *lens;
	char **f;
	src_open(&s, out.data, out.len);
	for (size_t i = 0; i < nrec; i++) {
		assert_int_equal(csv_next(s.r, &n, &f, &lens), 1);
		assert_int_equal(n, nper);
		for (size_t j = 0; j < nper; j++) {
			const char *want = fields[i * nper + j];
			size_t blank = strspn(want, " \t\r\n");
			bool pre = neutralize && want[0] && (strchr("\t\r", want[0]) || (want[blank] && strchr("=+-@", want[blank])));
			if (pre) {
				assert_int_equal(f[j][0], '\'');
				assert_string_equal(f[j] + 1, want);
			} else {
				assert_string_equal(f[j], want);
			}
		}
	}
	expect_end(s.r);
	src_close(&s);
	buf_free(&out);
}

static void test_roundtrip_nasty(void **state)
{
	(void)state;
	char *fields[] = {
		"", "\"", "\"\"", ",", "a,b,c", "\n", "\r\n", "\r", "x\ny\rz\r\n",
		" spaced ", "=SUM(A1:A9)", "-1", "+1", "@x", "\tTab", "'already",
		"Góp ý: \"Điều 3\", khoản 2 — đề nghị bỏ", "Bí thư Tỉnh ủy Hoàng Thị Thúy Lan",
		("\xEF\xBB\xBF" "bom inside"), "trailing,", ",leading", "end\"",
	};
	size_t n = sizeof fields / sizeof fields[0];
	/* every field as column 2 of a 3-column record, between two normal fields */
	char **recs = xmalloc(3 * n * sizeof *recs);
	for (size_t i = 0; i < n; i++) {
		recs[3 * i] = "id";
		recs[3 * i + 1] = fields[i];
		recs[3 * i + 2] = fields[n - 1 - i];
	}
	roundtrip(recs, n, 3, false);
	roundtrip(recs, n, 3, true);
	free(recs);
}

static void test_roundtrip_random(void **state)
{
	(void)state;
	static const char *const pieces[] = {
		"a", "Z", " ", ",", "\"", "\n", "\r", "\r\n", "=", "-", "@", "\t", "ệ", "Đ", "'", "9",
	};
	const size_t np = sizeof pieces / sizeof pieces[0];
	unsigned seed = 4180;
	for (int round = 0; round < 300; round++) {
		size_t nrec = 1 + (size_t)rand_r(&seed) % 8, nper = 2 + (size_t)rand_r(&seed) % 4;
		char **fields = xmalloc(nrec * nper * sizeof *fields);
		for (size_t k = 0; k < nrec * nper; k++) {
			struct buf b = {0};
			int len = rand_r(&seed) % 12;
			for (int i = 0; i < len; i++)
				buf_puts(&b, pieces[(size_t)rand_r(&seed) % np]);
			fields[k] = buf_take(&b);
		}
		roundtrip(fields, nrec, nper, round % 2 == 1);
		for (size_t k = 0; k < nrec * nper; k++)
			free(fields[k]);
		free(fields);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_simple),
		cmocka_unit_test(test_quoted),
		cmocka_unit_test(test_line_ends),
		cmocka_unit_test(test_empty_fields),
		cmocka_unit_test(test_empty_input),
		cmocka_unit_test(test_bom),
		cmocka_unit_test(test_nul_bytes),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_line_numbers_after_multiline),
		cmocka_unit_test(test_long_fields),
		cmocka_unit_test(test_many_records_file),
		cmocka_unit_test(test_writer),
		cmocka_unit_test(test_roundtrip_nasty),
		cmocka_unit_test(test_roundtrip_random),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
