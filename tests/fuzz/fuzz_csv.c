/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz_csv.c — libFuzzer target: the CSV reader on any bytes, and csv_field round trips.
 * clang -fsanitize=fuzzer,address,undefined -Iinclude tests/fuzz/fuzz_csv.c
 *       src/import/csv.c src/base/buf.c src/base/err.c */
#ifndef _DEFAULT_SOURCE
#define _DEFAULT_SOURCE
#endif
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gopy/csv.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size == 0)
		return 0;
	/* 1. read arbitrary input until the end or an error */
	FILE *f = fmemopen((void *)data, size, "r");
	if (!f)
		return 0;
	struct csv_reader *r = csv_reader_new(f);
	size_t n, *lens;
	char **fields;
	int rc;
	long last = 0;
	while ((rc = csv_next(r, &n, &fields, &lens)) == 1) {
		if (n == 0 || csv_line(r) < last)
			abort();
		last = csv_line(r);
		for (size_t i = 0; i < n; i++)
			if (fields[i][lens[i]] != '\0')
				abort();
	}
	csv_reader_free(r);
	fclose(f);

	/* 2. the input (up to a NUL) as one field between two others survives a round trip */
	char *s = strndup((const char *)data, size);
	if (!s)
		return 0;
	struct buf b = {0};
	csv_field(&b, "x", false);
	buf_putc(&b, ',');
	csv_field(&b, s, false);
	buf_puts(&b, ",y\r\n");
	f = fmemopen(b.data, b.len, "r");
	if (f) {
		r = csv_reader_new(f);
		if (csv_next(r, &n, &fields, &lens) != 1 || n != 3 || strcmp(fields[1], s) != 0)
			abort();
		if (csv_next(r, &n, &fields, &lens) != 0)
			abort();
		csv_reader_free(r);
		fclose(f);
	}
	buf_free(&b);
	free(s);
	return 0;
}
