/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test_outline_corpus.c — the outline corpus: drafts written in each form (đề án, Party
 * resolution, legal, People's Council resolution adopting a plan, Phần with Điều, spelling
 * variants), each with its expected tree in tests/outline/corpus/NAME.tree. NAME.txt and
 * NAME.md (the same draft in Markdown) must both give that tree, and the same draft fed as
 * paragraphs (outline_parse_paragraphs) too. Every outline also reproduces its input from
 * the nodes' sources, sibling labels and citations are unique. (The fuzzer's seeds in
 * tests/fuzz/corpus_outline are replayed by test_fuzz_outline.)
 * OUTLINE_WRITE=1 writes the .tree files from the .txt drafts instead (read them before
 * committing). */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "gopy/buf.h"
#include "gopy/outline.h"
#include "gopy/strmap.h"

#define CORPUS "tests/outline/corpus"

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	struct buf b = { 0 };
	char chunk[4096];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_append(&b, chunk, n);
	fclose(f);
	*len = b.len;
	return b.data ? buf_take(&b) : xstrdup("");
}

/* One line a node: indentation by depth, level, label, citation, heading. */
static char *dump(const struct outline *o)
{
	struct buf b = { 0 };
	for (size_t i = 0; i < o->n; i++) {
		const struct outline_node *nd = &o->nodes[i];
		buf_printf(&b, "%*s%s | %s | %s | %s\n", 2 * nd->depth, "", section_level_code(nd->level), nd->label,
		           nd->citation, nd->heading);
	}
	return b.data ? buf_take(&b) : xstrdup("");
}

static void check_sources_and_citations(const char *text, size_t len, const struct outline *o)
{
	struct buf all = { 0 };
	struct strmap cites = { 0 }, labels = { 0 };
	for (size_t i = 0; i < o->n; i++) {
		const struct outline_node *nd = &o->nodes[i];
		buf_puts(&all, nd->source);
		int64_t v;
		if (strmap_get(&cites, nd->citation, strlen(nd->citation), &v))
			fail_msg("citation '%s' given twice", nd->citation);
		strmap_put(&cites, nd->citation, strlen(nd->citation), 1);
		assert_true(nd->citation[0] != '\0');
		if (nd->label[0]) {
			struct buf k = { 0 };
			buf_printf(&k, "%d/%s", nd->parent, nd->label);
			if (strmap_get(&labels, k.data, k.len, &v))
				fail_msg("label '%s' twice under one parent", nd->label);
			strmap_put(&labels, k.data, k.len, 1);
			buf_free(&k);
		}
	}
	assert_int_equal(all.len, len);
	assert_memory_equal(all.data, text, len);
	buf_free(&all);
	strmap_free(&cites);
	strmap_free(&labels);
}

/* The Markdown lines of a draft as paragraphs with hints, the way an office document's
 * reader would give them: "#" prefixes become heading levels, list numbers become markers. */
static void as_paragraphs(const char *text, size_t len, struct outline *o)
{
	struct outline_para p[512] = { 0 };
	char *markers[512];
	size_t n = 0;
	for (size_t pos = 0; pos < len && n < 512;) {
		const char *nl = memchr(text + pos, '\n', len - pos);
		size_t end = nl ? (size_t)(nl - text) : len;
		const char *s = text + pos;
		size_t l = end - pos;
		int hashes = 0;
		while (hashes < (int)l && s[hashes] == '#')
			hashes++;
		if (hashes && hashes < (int)l && s[hashes] == ' ') {
			s += hashes + 1;
			l -= (size_t)hashes + 1;
		} else {
			hashes = 0;
		}
		markers[n] = NULL;
		size_t m = 0;
		while (m < l && m < 8 && ((s[m] >= '0' && s[m] <= '9') || s[m] == '.'))
			m++;
		if (m && m < l && s[m - 1] == '.' && s[m] == ' ') { /* "1." "2.1." : a list number */
			markers[n] = xstrndup(s, m);
			s += m + 1;
			l -= m + 1;
		}
		p[n] = (struct outline_para){ .text = s, .len = l, .heading = hashes, .marker = markers[n] };
		n++;
		pos = nl ? end + 1 : len;
	}
	assert_int_equal(outline_parse_paragraphs(p, n, o), 0);
	for (size_t i = 0; i < n; i++)
		free(markers[i]);
}

static void test_corpus(void **state)
{
	(void)state;
	DIR *d = opendir(CORPUS);
	assert_non_null(d);
	bool write = getenv("OUTLINE_WRITE") != NULL;
	int drafts = 0, md = 0;
	struct dirent *e;
	while ((e = readdir(d))) {
		size_t nl = strlen(e->d_name);
		bool is_txt = nl > 4 && strcmp(e->d_name + nl - 4, ".txt") == 0;
		bool is_md = nl > 3 && strcmp(e->d_name + nl - 3, ".md") == 0;
		if (!is_txt && !is_md)
			continue;
		struct buf path = { 0 }, tree = { 0 };
		buf_printf(&path, "%s/%s", CORPUS, e->d_name);
		buf_printf(&tree, "%s/%.*s.tree", CORPUS, (int)(nl - (is_txt ? 4 : 3)), e->d_name);
		size_t len, wlen;
		char *text = slurp(path.data, &len);
		assert_non_null(text);
		struct outline o;
		assert_int_equal(outline_parse(text, len, &o), 0);
		check_sources_and_citations(text, len, &o);
		char *got = dump(&o);
		if (write && is_txt) {
			FILE *f = fopen(tree.data, "w");
			assert_non_null(f);
			fputs(got, f);
			assert_int_equal(fclose(f), 0);
		}
		char *want = slurp(tree.data, &wlen);
		if (!want)
			fail_msg("%s: no expected tree %s", path.data, tree.data);
		if (strcmp(got, want) != 0)
			fail_msg("%s: tree differs from %s; got:\n%s", path.data, tree.data, got);
		if (is_md) { /* the same draft as paragraphs with heading and list hints */
			struct outline po;
			as_paragraphs(text, len, &po);
			char *pgot = dump(&po);
			if (strcmp(pgot, want) != 0)
				fail_msg("%s as paragraphs: tree differs from %s; got:\n%s", path.data, tree.data, pgot);
			free(pgot);
			outline_free(&po);
			md++;
		}
		drafts++;
		free(got);
		free(want);
		free(text);
		outline_free(&o);
		buf_free(&path);
		buf_free(&tree);
	}
	closedir(d);
	assert_true(drafts >= 6);
	assert_true(md >= 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_corpus),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
