/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz_diff.c — libFuzzer target for the word-level diff (diff.h): arbitrary bytes split
 * into an old and a new text, compared, and the runs checked (aborts on a violation): they
 * cover both texts in order, equal runs hold equal bytes, consecutive runs differ, and the
 * markup holds every byte of both texts.
 *
 * `make fuzz` runs it; `make check` replays tests/fuzz/corpus_diff (replay.c). The first
 * byte of an input says where it is cut (as a fraction of the rest). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gopy/buf.h"
#include "gopy/diff.h"

#define CHECK(c)                                                                    \
	do {                                                                        \
		if (!(c)) {                                                         \
			fprintf(stderr, "%s:%d: invariant failed: %s\n", __FILE__,  \
				__LINE__, #c);                                      \
			abort();                                                    \
		}                                                                   \
	} while (0)

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	if (size < 1)
		return 0;
	size_t rest = size - 1, cut = rest * data[0] / 255;
	const char *a = (const char *)data + 1, *b = a + cut;
	struct diff *d = text_diff(a, cut, b, rest - cut);
	size_t oi = 0, ni = 0, changes = 0, marked = 0;
	for (size_t i = 0; i < d->n_runs; i++) {
		const struct diff_run *r = &d->runs[i];
		CHECK(r->old_off == oi && r->new_off == ni);
		CHECK(i == 0 || r->op != d->runs[i - 1].op);
		if (r->op == DIFF_EQUAL)
			CHECK(r->old_len == r->new_len && memcmp(d->old + oi, d->new_ + ni, r->old_len) == 0);
		else
			CHECK((r->op == DIFF_DELETE ? r->new_len : r->old_len) == 0 && r->old_len + r->new_len > 0);
		if (r->op != DIFF_EQUAL && (i == 0 || d->runs[i - 1].op == DIFF_EQUAL))
			changes++;
		marked += r->op == DIFF_EQUAL ? r->new_len : r->old_len + r->new_len + 4;
		oi += r->old_len;
		ni += r->new_len;
	}
	CHECK(oi == d->old_len && ni == d->new_len && changes == d->n_changes);
	struct buf out = {0};
	diff_markup(d, &out);
	CHECK(out.len == marked);
	buf_free(&out);
	diff_free(d);
	return 0;
}
