/* fuzz_limit.c — libFuzzer target: the thread view's limit patterns (ui_limit_parse, the
 * mutt-style `l` of the review screen) on any bytes: parsed into a filter or refused with a
 * message, never a crash; an accepted filter runs against a small review. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../src/ui/ui_int.h"
#include "gopy/err.h"
#include "fuzz_store.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct store *st;
static gid doc_id;

static int count_cb(void *ctx, const struct comment *c)
{
	(void)c;
	return ++*(int *)ctx >= 100;
}

/* A small review in a temporary file: one document, two delegates, a thread. */
static void setup(void)
{
	st = fuzz_scratch_store();
	struct document d = {.code = "DA", .title = "Đề án"};
	struct delegate a = {.code = "A01", .name = "Nguyễn Văn An", .unit = "Sở Tài chính"};
	struct delegate b = {.code = "B02", .name = "Trần Thị Bình", .unit = "UBND huyện"};
	if (store_document_add(st, &d) != 0 || store_delegate_add(st, &a) != 0 || store_delegate_add(st, &b) != 0)
		abort();
	doc_id = d.id;
	struct comment_new c = {.doc_id = d.id, .author_id = a.id, .body = "Góp ý về chuyển đổi số"};
	gid root;
	if (store_comment_add(st, &c, &root) != 0)
		abort();
	struct comment_new r = {.doc_id = d.id, .parent_id = root, .author_id = b.id, .body = "Đồng ý"};
	if (store_comment_add(st, &r, NULL) != 0)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!st)
		setup();
	char *pattern = malloc(size + 1);
	if (!pattern)
		return 0;
	memcpy(pattern, data, size);
	pattern[size] = '\0';
	struct ui_limit l;
	memset(&l, 0, sizeof l);
	if (ui_limit_parse(st, doc_id, pattern, &l) == 0) {
		struct comment_query q = {.doc_id = doc_id, .order = ORDER_THREAD};
		comment_filter_init(&q.filter);
		ui_limit_apply(&l, SCOPE_DOCUMENT, 0, &q);
		int n = 0;
		store_comment_each(st, &q, count_cb, &n);
	} else if (!err_msg()[0]) {
		abort(); /* a refusal always says why */
	}
	ui_limit_clear(&l);
	free(pattern);
	return 0;
}
