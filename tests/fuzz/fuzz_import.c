/* fuzz_import.c — libFuzzer target: the CSV comment importer (import_comments_file, what
 * `gopy import-comments` runs) on any bytes, against a small review: a file is imported
 * whole or refused with a message, and a refusal leaves the review as it was. Each input
 * runs inside an outer transaction rolled back afterwards, so the review stays small. */
#define _GNU_SOURCE /* memfd_create */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "gopy/cli.h"
#include "gopy/err.h"
#include "fuzz_store.h"
#include "gopy/outline.h"
#include "gopy/store.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct store *st;

static void setup(void)
{
	st = fuzz_scratch_store();
	struct document d = {.code = "DA", .title = "Đề án"};
	struct delegate a = {.code = "A01", .name = "Nguyễn Văn An", .unit = "Sở Tài chính"};
	struct delegate t = {.code = "TK", .name = "Đỗ Thư Ký", .role = "secretary"};
	if (store_begin(st) != 0 || store_document_add(st, &d) != 0 || store_delegate_add(st, &a) != 0 ||
	    store_delegate_add(st, &t) != 0)
		abort();
	struct section s = {.doc_id = d.id, .position = 0, .level = LEVEL_ARTICLE, .label = "Điều 1", .heading = "Phạm vi"};
	if (store_section_add(st, &s) != 0 || store_commit(st) != 0)
		abort();
}

static int64_t count(void)
{
	struct document d;
	if (store_document_get(st, "DA", &d) != 0)
		abort();
	int64_t n = d.n_comments;
	document_clear(&d);
	return n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!st)
		setup();
	int fd = memfd_create("csv", 0);
	if (fd < 0)
		return 0;
	if (size && write(fd, data, size) != (ssize_t)size) {
		close(fd);
		return 0;
	}
	char path[64];
	snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
	int64_t before = count();
	if (store_begin(st) != 0)
		abort();
	long n = 0;
	int rc = import_comments_file(st, path, &n);
	if (rc != 0 && !err_msg()[0])
		abort(); /* a refusal always says why */
	if (rc != 0 && count() != before)
		abort(); /* all or nothing */
	store_rollback(st);
	close(fd);
	return 0;
}
