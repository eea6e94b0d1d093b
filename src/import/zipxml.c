/* SPDX-License-Identifier: GPL-3.0-or-later */
/* zipxml.c — office containers (libzip, from memory, under size limits) and their XML
 * (expat with namespaces; a DOCTYPE is refused, so no entity is ever declared or expanded). */
#include "zipxml.h"

#include <expat.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#include "gopy/buf.h"
#include "gopy/err.h"
#include "gopy/i18n.h"

struct zx {
	zip_t *zip;
	uint64_t total;   /* uncompressed bytes handed out so far */
};

static const unsigned char ole_magic[8] = {0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1};

/* Whether an OLE compound file holds an "EncryptedPackage" stream (a password-protected
 * OOXML file): its directory names the stream in UTF-16LE. */
static bool ole_encrypted(const unsigned char *p, size_t len)
{
	static const char name[] = "EncryptedPackage";
	size_t n = sizeof name - 1;
	for (size_t i = 0; i + 2 * n <= len; i++) {
		size_t k = 0;
		while (k < n && p[i + 2 * k] == (unsigned char)name[k] && p[i + 2 * k + 1] == 0)
			k++;
		if (k == n)
			return true;
	}
	return false;
}

struct zx *zx_open(const void *data, size_t len, const char *save_as)
{
	const unsigned char *p = data;
	if (len >= 8 && memcmp(p, ole_magic, 8) == 0) {
		if (ole_encrypted(p, len))
			err_set(_("the file is password-protected: save it without a password and import that"));
		else
			err_set(_("this is a legacy binary Office file (.doc/.xls): save it as %s and import that"), save_as);
		return NULL;
	}
	if (len < 4 || memcmp(p, "PK\x03\x04", 4) != 0) {
		err_set(_("not an office document (not a zip archive)"));
		return NULL;
	}
	zip_error_t ze;
	zip_error_init(&ze);
	zip_source_t *src = zip_source_buffer_create(data, len, 0, &ze);
	zip_t *zip = src ? zip_open_from_source(src, ZIP_RDONLY, &ze) : NULL;
	if (!zip) {
		err_set(_("damaged zip archive: %s"), zip_error_strerror(&ze));
		if (src)
			zip_source_free(src);
		zip_error_fini(&ze);
		return NULL;
	}
	zip_error_fini(&ze);
	struct zx *z = xcalloc(1, sizeof *z);
	z->zip = zip;
	return z;
}

void zx_close(struct zx *z)
{
	if (!z)
		return;
	zip_discard(z->zip);
	free(z);
}

bool zx_has(struct zx *z, const char *name)
{
	return zip_name_locate(z->zip, name, 0) >= 0;
}

int zx_read(struct zx *z, const char *name, char **data, size_t *len)
{
	zip_int64_t idx = zip_name_locate(z->zip, name, 0);
	if (idx < 0)
		return 1;
	zip_stat_t st;
	zip_stat_init(&st);
	if (zip_stat_index(z->zip, (zip_uint64_t)idx, 0, &st) != 0 || !(st.valid & ZIP_STAT_SIZE))
		return err_set(_("damaged zip archive: %s"), name);
	if ((st.valid & ZIP_STAT_ENCRYPTION_METHOD) && st.encryption_method != ZIP_EM_NONE)
		return err_set(_("the file is password-protected: save it without a password and import that"));
	if (st.size > ZX_MAX_PART || z->total + st.size > ZX_MAX_TOTAL)
		return err_set(_("part %s is too large (%llu bytes uncompressed; a zip bomb?)"), name,
		               (unsigned long long)st.size);
	if ((st.valid & ZIP_STAT_COMP_SIZE) && st.size > (1u << 20) &&
	    st.size / (st.comp_size ? st.comp_size : 1) > ZX_MAX_RATIO)
		return err_set(_("part %s expands %llu times (a zip bomb?)"), name,
		               (unsigned long long)(st.size / (st.comp_size ? st.comp_size : 1)));
	zip_file_t *f = zip_fopen_index(z->zip, (zip_uint64_t)idx, 0);
	if (!f)
		return err_set(_("cannot read part %s: %s"), name, zip_strerror(z->zip));
	struct buf b = {0};
	buf_reserve(&b, (size_t)st.size + 1);
	char chunk[65536];
	zip_int64_t n;
	while ((n = zip_fread(f, chunk, sizeof chunk)) > 0) {
		if (b.len + (size_t)n > st.size) {
			n = -1; /* more than announced */
			break;
		}
		buf_append(&b, chunk, (size_t)n);
	}
	if (n < 0) {
		err_set(_("cannot read part %s: %s"), name, zip_file_strerror(f));
		zip_fclose(f);
		buf_free(&b);
		return -1;
	}
	zip_fclose(f);
	z->total += b.len;
	*len = b.len;
	*data = buf_take(&b);
	return 0;
}

/* ---- XML ----------------------------------------------------------------------------- */

static const struct {
	const char *uri;
	enum xns ns;
} namespaces[] = {
	{"http://schemas.openxmlformats.org/wordprocessingml/2006/main", XNS_W},
	{"http://purl.oclc.org/ooxml/wordprocessingml/main", XNS_W},
	{"http://schemas.openxmlformats.org/officeDocument/2006/relationships", XNS_R},
	{"http://purl.oclc.org/ooxml/officeDocument/relationships", XNS_R},
	{"http://schemas.openxmlformats.org/package/2006/relationships", XNS_RELS},
	{"http://schemas.openxmlformats.org/markup-compatibility/2006", XNS_MC},
	{"http://schemas.openxmlformats.org/spreadsheetml/2006/main", XNS_S},
	{"http://purl.oclc.org/ooxml/spreadsheetml/main", XNS_S},
	{"urn:oasis:names:tc:opendocument:xmlns:office:1.0", XNS_OFFICE},
	{"urn:oasis:names:tc:opendocument:xmlns:text:1.0", XNS_TEXT},
	{"urn:oasis:names:tc:opendocument:xmlns:table:1.0", XNS_TABLE},
	{"urn:oasis:names:tc:opendocument:xmlns:style:1.0", XNS_STYLE},
	{"urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0", XNS_FO},
	{"http://www.w3.org/XML/1998/namespace", XNS_XML},
};

enum xns xml_split(const char *full, const char **local)
{
	const char *bar = strchr(full, '|');
	if (!bar) {
		*local = full;
		return XNS_NONE;
	}
	*local = bar + 1;
	size_t n = (size_t)(bar - full);
	for (size_t i = 0; i < sizeof namespaces / sizeof *namespaces; i++)
		if (strlen(namespaces[i].uri) == n && memcmp(namespaces[i].uri, full, n) == 0)
			return namespaces[i].ns;
	return XNS_OTHER;
}

const char *xml_attr(const char **attrs, enum xns ns, const char *name)
{
	for (size_t i = 0; attrs && attrs[i]; i += 2) {
		const char *local;
		if (xml_split(attrs[i], &local) == ns && strcmp(local, name) == 0)
			return attrs[i + 1];
	}
	return NULL;
}

struct xml_state {
	XML_Parser p;
	const struct xml_handler *h;
	int depth;
	const char *why;   /* set when we stop the parser */
};

static void on_start(void *ud, const XML_Char *name, const XML_Char **attrs)
{
	struct xml_state *s = ud;
	if (++s->depth > ZX_MAX_DEPTH) {
		s->why = "depth";
		XML_StopParser(s->p, XML_FALSE);
		return;
	}
	const char *local;
	enum xns ns = xml_split(name, &local);
	if (s->h->start)
		s->h->start(s->h->ud, ns, local, attrs);
}

static void on_end(void *ud, const XML_Char *name)
{
	struct xml_state *s = ud;
	s->depth--;
	const char *local;
	enum xns ns = xml_split(name, &local);
	if (s->h->end)
		s->h->end(s->h->ud, ns, local);
}

static void on_text(void *ud, const XML_Char *t, int len)
{
	struct xml_state *s = ud;
	if (s->h->text)
		s->h->text(s->h->ud, t, len);
}

static void on_doctype(void *ud, const XML_Char *name, const XML_Char *sysid, const XML_Char *pubid,
                       int has_internal_subset)
{
	(void)name, (void)sysid, (void)pubid, (void)has_internal_subset;
	struct xml_state *s = ud;
	s->why = "doctype";
	XML_StopParser(s->p, XML_FALSE);
}

static void on_entity(void *ud, const XML_Char *name, int is_param, const XML_Char *value, int value_len,
                      const XML_Char *base, const XML_Char *sysid, const XML_Char *pubid,
                      const XML_Char *notation)
{
	(void)name, (void)is_param, (void)value, (void)value_len, (void)base, (void)sysid, (void)pubid,
		(void)notation;
	struct xml_state *s = ud;
	s->why = "doctype";
	XML_StopParser(s->p, XML_FALSE);
}

int xml_parse(const char *data, size_t len, const char *part, const struct xml_handler *h)
{
	if (len > INT32_MAX)
		return err_set(_("part %s is too large"), part);
	XML_Parser p = XML_ParserCreateNS(NULL, '|');
	if (!p)
		return err_set(_("out of memory"));
	struct xml_state s = {.p = p, .h = h};
	XML_SetUserData(p, &s);
	XML_SetElementHandler(p, on_start, on_end);
	XML_SetCharacterDataHandler(p, on_text);
	XML_SetStartDoctypeDeclHandler(p, on_doctype);
	XML_SetEntityDeclHandler(p, on_entity);
	XML_SetParamEntityParsing(p, XML_PARAM_ENTITY_PARSING_NEVER);
	int rc = 0;
	if (XML_Parse(p, data, (int)len, XML_TRUE) != XML_STATUS_OK) {
		if (s.why && strcmp(s.why, "doctype") == 0)
			rc = err_set(_("part %s declares a DTD or entities (refused)"), part);
		else if (s.why)
			rc = err_set(_("part %s nests elements more than %d deep"), part, ZX_MAX_DEPTH);
		else
			rc = err_set(_("part %s is not well-formed XML (line %lu: %s)"), part,
			             (unsigned long)XML_GetCurrentLineNumber(p), XML_ErrorString(XML_GetErrorCode(p)));
	}
	XML_ParserFree(p);
	return rc;
}
