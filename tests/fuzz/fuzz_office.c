/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz_office.c — libFuzzer target: the office readers (docx/odt drafts, xlsx sheets) on
 * any bytes. Whatever the input, they return 0 or -1 without crashing, leaking or reading
 * out of bounds, and what they return keeps its contract: paragraphs without line breaks,
 * markers without surrounding spaces, sheet rows in increasing order with cells whose
 * lengths are right. An input starting with '<' (but not "<?", kept for flat .fodt files) is
 * first wrapped into a zip as one XML part
 * (chosen by its second byte: a docx's document, numbering, styles or footnotes, an odt's
 * content, an xlsx's sheet or shared strings) beside valid companions, so that mutations
 * reach the XML handlers instead of failing the zip's checksums. The seeds in corpus_office
 * are small real files (docx with numbering, odt with list styles, xlsx) and bare parts. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <zip.h>

#include "gopy/office.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char W[] = "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"";
static const char S[] = "xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"";

static void add(zip_t *z, const char *name, const void *data, size_t len)
{
	zip_source_t *s = zip_source_buffer(z, data, len, 0);
	if (s && zip_file_add(z, name, s, ZIP_FL_OVERWRITE) < 0)
		zip_source_free(s);
}

/* A zip holding the input as the part named by its second byte, with valid companions.
 * Returns a malloc'd archive or NULL. */
static unsigned char *wrap(const uint8_t *data, size_t size, size_t *out_len)
{
	static const char *const parts[] = {
		"word/document.xml", "word/numbering.xml", "word/styles.xml", "word/footnotes.xml",
		"content.xml", "xl/worksheets/sheet1.xml", "xl/sharedStrings.xml", "styles.xml",
	};
	const char *part = parts[data[1] % (sizeof parts / sizeof *parts)];
	char doc[512], num[600], book[256], sheet[256];
	snprintf(doc, sizeof doc, "<w:document %s><w:body><w:p><w:pPr><w:numPr><w:ilvl w:val=\"1\"/><w:numId w:val=\"1\"/>"
	         "</w:numPr></w:pPr><w:r><w:t>x</w:t><w:footnoteReference w:id=\"1\"/></w:r></w:p></w:body></w:document>", W);
	snprintf(num, sizeof num, "<w:numbering %s><w:abstractNum w:abstractNumId=\"0\"><w:lvl w:ilvl=\"0\">"
	         "<w:numFmt w:val=\"upperRoman\"/><w:lvlText w:val=\"%%1.\"/></w:lvl><w:lvl w:ilvl=\"1\">"
	         "<w:lvlText w:val=\"%%1.%%2.%%9\"/></w:lvl></w:abstractNum><w:num w:numId=\"1\"><w:abstractNumId w:val=\"0\"/>"
	         "</w:num></w:numbering>", W);
	snprintf(book, sizeof book, "<workbook %s><sheets><sheet name=\"a\" sheetId=\"1\"/></sheets></workbook>", S);
	snprintf(sheet, sizeof sheet, "<worksheet %s><sheetData><row r=\"1\"><c r=\"B1\" t=\"s\"><v>0</v></c></row>"
	         "</sheetData></worksheet>", S);
	zip_error_t ze;
	zip_error_init(&ze);
	zip_source_t *src = zip_source_buffer_create(NULL, 0, 0, &ze);
	if (!src)
		return NULL;
	zip_source_keep(src);
	zip_t *z = zip_open_from_source(src, ZIP_TRUNCATE, &ze);
	zip_error_fini(&ze);
	if (!z) {
		zip_source_free(src);
		return NULL;
	}
	if (strncmp(part, "word/", 5) == 0) {
		add(z, "word/document.xml", doc, strlen(doc));
		add(z, "word/numbering.xml", num, strlen(num));
	} else if (strncmp(part, "xl/", 3) == 0) {
		add(z, "xl/workbook.xml", book, strlen(book));
		add(z, "xl/worksheets/sheet1.xml", sheet, strlen(sheet));
	} else {
		add(z, "mimetype", "application/vnd.oasis.opendocument.text", 39);
		add(z, "content.xml", "<x/>", 4);
	}
	add(z, part, data, size);
	unsigned char *out = NULL;
	zip_stat_t st;
	if (zip_close(z) != 0) {
		zip_discard(z);
	} else if (zip_source_open(src) == 0) {
		zip_stat_init(&st);
		if (zip_source_stat(src, &st) == 0 && (out = malloc(st.size ? st.size : 1)) != NULL) {
			zip_int64_t got = zip_source_read(src, out, st.size);
			if (got < 0 || (zip_uint64_t)got != st.size) {
				free(out);
				out = NULL;
			} else {
				*out_len = st.size;
			}
		}
		zip_source_close(src);
	}
	zip_source_free(src);
	return out;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned char *wrapped = NULL;
	if (size >= 2 && data[0] == '<' && data[1] != '?') { /* "<?xml": a flat .fodt as it is */
		size_t len = 0;
		wrapped = wrap(data, size, &len);
		if (wrapped) {
			data = wrapped;
			size = len;
		}
	}
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
	free(wrapped);
	return 0;
}
