/* fuzz_office.c — libFuzzer target: the office readers (docx/odt drafts, xlsx sheets) on
 * any bytes. Whatever the input, they return 0 or -1 without crashing, leaking or reading
 * out of bounds, and what they return keeps its contract: paragraphs without line breaks,
 * markers without surrounding spaces, sheet rows in increasing order with cells whose
 * lengths are right. The seeds in corpus_office are small real files (a docx with
 * numbering, an odt with list styles, an xlsx) that mutations turn into broken ones. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "gopy/office.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct office_draft d;
	if (office_draft_read(data, size, &d) == 0) {
		for (size_t i = 0; i < d.n; i++) {
			if (strchr(d.p[i].text, '\n'))
				abort();
			const char *m = d.p[i].marker;
			if (m && (!*m || m[0] == ' ' || m[strlen(m) - 1] == ' '))
				abort();
			if (d.p[i].heading < 0 || d.p[i].heading > 9)
				abort();
		}
		if (d.notes.insertions < 0 || d.notes.deletions < 0 || d.notes.comments < 0)
			abort();
	}
	office_draft_free(&d);

	struct xlsx_sheet s;
	if (xlsx_read(data, size, &s) == 0) {
		long last = 0;
		for (size_t i = 0; i < s.n; i++) {
			const struct xlsx_row *r = &s.rows[i];
			if (r->number <= last || r->n == 0 || !r->lens[r->n - 1])
				abort();
			last = r->number;
			for (size_t k = 0; k < r->n; k++)
				if (strlen(r->cells[k]) != r->lens[k])
					abort();
		}
	}
	xlsx_free(&s);
	return 0;
}
