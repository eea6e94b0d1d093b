/* fuzz_db.c — libFuzzer target: any bytes as a database file, loaded in memory with
 * sqlite3_deserialize (store_open_image): gopy's open sequence refuses what is not a healthy
 * gopy file, or migrates it, and on what it accepts `check`, the listings and a report in
 * every format run to the end without a crash (errors are fine: damaged pages say so).
 * Seeds: tests/fuzz/corpus_db (small gopy files, page size 512). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gopy/buf.h"
#include "gopy/report.h"
#include "gopy/store.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct docs {
	char *code[8];
	gid id[8];
	int n;
};

static int doc_cb(void *ctx, const struct document *d)
{
	struct docs *ds = ctx;
	if (ds->n >= 8)
		return 1;
	ds->code[ds->n] = strdup(d->code ? d->code : "");
	ds->id[ds->n++] = d->id;
	return 0;
}

static int count_cb(void *ctx, const struct comment *c)
{
	int *n = ctx;
	(void)c;
	return ++*n >= 2000; /* enough: a huge crafted thread need not be walked whole */
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static FILE *sink;
	if (!sink)
		sink = fopen("/dev/null", "w");
	struct store *st;
	if (store_open_image(data, size, &st) != 0)
		return 0;
	struct buf report = {0};
	store_check(st, &report);
	buf_free(&report);
	struct docs ds = {0};
	store_document_each(st, doc_cb, &ds);
	for (int i = 0; i < ds.n; i++) {
		for (int order = ORDER_THREAD; order <= ORDER_AUTHOR; order++) {
			struct comment_query q = {.doc_id = ds.id[i], .order = (enum comment_order)order};
			comment_filter_init(&q.filter);
			int n = 0;
			store_comment_each(st, &q, count_cb, &n);
		}
		for (int f = 0; f < 5; f++) {
			static const char *const fmt[] = {"txt", "md", "csv", "html", "json"};
			struct report_options o = {.doc_code = ds.code[i], .format = report_format_parse(fmt[f]),
			                           .date = "2026-05-04"};
			report_write(st, &o, sink);
		}
		free(ds.code[i]);
	}
	store_close(st);
	return 0;
}
