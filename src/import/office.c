/* SPDX-License-Identifier: GPL-3.0-or-later */
/* office.c — which office file this is, and the draft text of a .docx or .odt. */
#include <stdlib.h>
#include <string.h>

#include "gopy/err.h"
#include "gopy/i18n.h"
#include "gopy/office.h"
#include "office_priv.h"
#include "zipxml.h"

/* Whether data is a flat OpenDocument text: XML whose root is office:document (looked for
 * in the first 4 KiB, after the XML declaration and comments). */
static bool is_flat_odt(const void *data, size_t len)
{
	const char *p = data;
	size_t n = len < 4096 ? len : 4096;
	if (n < 5 || p[0] != '<')
		return false;
	bool root = false, ns = false;
	for (size_t i = 0; i + 29 <= n; i++) {
		root = root || memcmp(p + i, "office:document ", 16) == 0 || memcmp(p + i, "office:document>", 16) == 0;
		ns = ns || memcmp(p + i, "opendocument:xmlns:office:1.0", 29) == 0;
	}
	return root && ns;
}

bool office_sniff(const void *data, size_t len)
{
	const unsigned char *p = data;
	return (len >= 4 && (memcmp(p, "PK\x03\x04", 4) == 0 ||
	                     (len >= 8 && memcmp(p, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) == 0))) ||
	       is_flat_odt(data, len);
}

/* The mimetype part of an OpenDocument file, or NULL. */
static char *odf_mimetype(struct zx *z)
{
	char *m = NULL;
	size_t len;
	if (zx_read(z, "mimetype", &m, &len) != 0)
		return NULL;
	return m;
}

void office_emit(struct office_draft *d, int heading, const char *marker, const char *text, size_t len)
{
	size_t mlen = marker ? strlen(marker) : 0;
	while (mlen && marker[mlen - 1] == ' ')
		mlen--;
	while (mlen && *marker == ' ')
		marker++, mlen--;
	do {
		size_t n = 0;
		while (n < len && text[n] != '\n')
			n++;
		d->p = xrealloc(d->p, (d->n + 1) * sizeof *d->p);
		d->p[d->n++] = (struct office_para){
			.text = xstrndup(text ? text : "", n),
			.marker = mlen ? xstrndup(marker, mlen) : NULL,
			.heading = heading,
		};
		mlen = 0;
		heading = 0;
		text += n < len ? n + 1 : n;
		len -= n < len ? n + 1 : n;
	} while (len > 0);
}

void office_draft_free(struct office_draft *d)
{
	if (!d)
		return;
	for (size_t i = 0; i < d->n; i++) {
		free(d->p[i].text);
		free(d->p[i].marker);
	}
	free(d->p);
	*d = (struct office_draft){0};
}

int office_draft_read(const void *data, size_t len, struct office_draft *out)
{
	*out = (struct office_draft){0};
	if (is_flat_odt(data, len)) {
		int rc = fodt_text(data, len, out);
		if (rc != 0)
			office_draft_free(out);
		return rc;
	}
	struct zx *z = zx_open(data, len, ".docx");
	if (!z)
		return -1;
	int rc;
	char *mime = NULL;
	if (zx_has(z, "word/document.xml")) {
		rc = docx_text(z, out);
	} else if ((mime = odf_mimetype(z)) != NULL && strcmp(mime, "application/vnd.oasis.opendocument.text") == 0) {
		rc = odt_text(z, out);
	} else if (zx_has(z, "xl/workbook.xml") || (mime && strstr(mime, "spreadsheet"))) {
		rc = err_set(_("this is a spreadsheet, not a draft (comments from a spreadsheet: gopy import-comments)"));
	} else {
		rc = err_set(_("not a Word or OpenDocument text (no word/document.xml or content.xml)"));
	}
	free(mime);
	zx_close(z);
	if (rc != 0)
		office_draft_free(out);
	return rc;
}
