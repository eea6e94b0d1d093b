/* fuzz_office.c — libFuzzer target: the office readers (src/import, libzip and expat) on any
 * bytes: a draft from .docx or .odt (office_draft_text) and the first sheet of an .xlsx
 * comment form (xlsx_read) either read or refused with a message, never a crash; what is
 * read is valid UTF-8 (the outline splitter runs on it). Seeds: tests/fuzz/corpus_office
 * (small .docx, .odt and .xlsx files; a mutated zip still reaches the XML parsers). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "gopy/buf.h"
#include "gopy/err.h"
#include "gopy/office.h"
#include "gopy/outline.h"
#include "gopy/text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	office_sniff(data, size);
	struct buf text = {0};
	struct office_notes notes = {0};
	err_set("%s", "");
	if (office_draft_text(data, size, &text, &notes) == 0) {
		if (text.len && !text_valid_utf8(text.data, text.len, NULL)) {
			/* stored as in the file: the importer checks it; no crash either way */
		}
		struct outline o;
		if (outline_parse(text.data ? text.data : "", text.len, &o) == 0)
			outline_free(&o);
	} else if (!err_msg()[0]) {
		abort(); /* a refusal says why */
	}
	buf_free(&text);
	struct xlsx_sheet sheet = {0};
	err_set("%s", "");
	if (xlsx_read(data, size, &sheet) == 0) {
		for (size_t i = 0; i < sheet.n; i++)
			for (size_t j = 0; j < sheet.rows[i].n; j++)
				if (strlen(sheet.rows[i].cells[j]) > sheet.rows[i].lens[j])
					abort();
	} else if (!err_msg()[0]) {
		abort();
	}
	xlsx_free(&sheet);
	return 0;
}
