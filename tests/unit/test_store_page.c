/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test_store_page.c — the store layer, part two: listing, keyset paging, filters, counts
 * and search. A document of ~300 comments in nested threads (random but seeded, with
 * created_at ties, deleted and handled comments) is mirrored by a model in the test; for
 * every order, scope and filter the expected rows are computed by brute force from the
 * model and compared with store_comment_each, with page walks in both directions, PAGE_AT
 * and PAGE_AFTER_SUBTREE, and with store_comment_count. Then search: folding, exact marks,
 * NFD/NFC, document filter, limit, errors. */
/* engines: both (tests/run.sh runs it again on PostgreSQL: tests/unit/test_store_fixture.h) */
#include <strings.h>

#include "test_store_fixture.h"

/* ---- the model ---------------------------------------------------------------------------- */

#define N_SECS 6
#define N_AUTHORS 7
#define MAX_C 400

struct mc {
	gid id, parent, root, author;
	int sec;                 /* index into w.secs, -1 general */
	int disp;
	bool deleted;
	char *body;
	char created[21];
	unsigned char key[64];
	size_t klen;
	int nchild;              /* direct replies, deleted ones included */
};

struct world {
	char path[300];
	struct store *st;
	gid doc, doc2;
	gid secs[N_SECS];
	gid authors[N_AUTHORS];
	unsigned char *akey[N_AUTHORS];
	size_t akey_len[N_AUTHORS];
	struct mc c[MAX_C];
	size_t n;
	int nroots;
};

static const char *const A_CODE[N_AUTHORS] = {"A01", "A02", "A03", "A04", "A05", "A06", "A07"};
static const char *const A_NAME[N_AUTHORS] = {"Nguyễn Văn An", "Nguyễn Văn An", "Đặng Thị Hoa", "Dương Minh",
                                              "Trần Thị Bình", "Lê Ánh", "đa"};
static const char *const A_UNIT[N_AUTHORS] = {"Sở Tư pháp", "UBND tỉnh", "Sở Thông tin và Truyền thông",
                                              "Văn phòng Đoàn ĐBQH", "Sở Tư pháp", "", "Ban Tuyên giáo"};
static const char *const PHRASES[] = {
	"Đề nghị bổ sung quy định", "chuyển đổi số", "chuyen doi so", "CHUYỂN ĐỔI", "chuyến đôi giày",
	"Đảng ủy tỉnh", "dang uy xa", "ma", "má", "mà", "thời hạn thực hiện", "trách nhiệm thi hành",
	"điểm đ khoản 2", "Việt Nam",
};
#define N_PHRASES (sizeof PHRASES / sizeof PHRASES[0])

static uint32_t rng_state = 12345;
static uint32_t rnd(void)
{
	rng_state = rng_state * 1103515245u + 12345u;
	return (rng_state >> 8) & 0xFFFFFF;
}

static char *random_body(void)
{
	struct buf b = {0};
	int k = 1 + (int)(rnd() % 3);
	for (int i = 0; i < k; i++) {
		if (i)
			buf_puts(&b, ". ");
		buf_puts(&b, PHRASES[rnd() % N_PHRASES]);
	}
	return buf_take(&b);
}

static struct mc *model_find(struct world *w, gid id)
{
	for (size_t i = 0; i < w->n; i++)
		if (w->c[i].id == id)
			return &w->c[i];
	return NULL;
}

static void model_add(struct world *w, int sec, struct mc *parent, int author, char *body, const char *created)
{
	assert_true(w->n < MAX_C);
	struct mc *m = &w->c[w->n];
	memset(m, 0, sizeof *m);
	m->author = w->authors[author];
	m->body = body;
	snprintf(m->created, sizeof m->created, "%s", created);
	uint32_t comp;
	if (parent) {
		m->parent = parent->id;
		m->root = parent->root;
		m->sec = parent->sec;
		memcpy(m->key, parent->key, parent->klen);
		m->klen = parent->klen;
		comp = (uint32_t)++parent->nchild;
	} else {
		m->sec = sec;
		comp = (uint32_t)++w->nroots;
	}
	assert_true(m->klen + 4 <= sizeof m->key);
	m->key[m->klen] = (unsigned char)(comp >> 24);
	m->key[m->klen + 1] = (unsigned char)(comp >> 16);
	m->key[m->klen + 2] = (unsigned char)(comp >> 8);
	m->key[m->klen + 3] = (unsigned char)comp;
	m->klen += 4;
	/* store: a reply names a different section on purpose; it must take the root's */
	gid sec_id = parent ? w->secs[rnd() % N_SECS] : sec >= 0 ? w->secs[sec] : 0;
	m->id = fx_comment(w->st, w->doc, sec_id, m->parent, m->author, body, created);
	if (!parent)
		m->root = m->id;
	w->n++;
}

static void build_world(struct world *w)
{
	memset(w, 0, sizeof *w);
	rng_state = 12345;
	w->st = fx_create(w->path, "page");
	struct store *st = w->st;
	w->doc = fx_document(st, "NQ-BIG", "Nghị quyết lớn");
	w->doc2 = fx_document(st, "NQ-OTHER", "Văn bản khác");
	assert_int_equal(store_begin(st), 0);
	static const char *const labels[N_SECS] = {"Chương I", "Điều 1", "Khoản 1", "Điều 2", "Khoản 1", "Điều 3"};
	static const char *const full[N_SECS] = {"Chương I", "Điều 1", "khoản 1 Điều 1", "Điều 2", "khoản 1 Điều 2",
	                                         "Điều 3"};
	static const int parent[N_SECS] = {-1, 0, 1, 0, 3, 0};
	for (int i = 0; i < N_SECS; i++)
		w->secs[i] = fx_section(st, w->doc, parent[i] >= 0 ? w->secs[parent[i]] : 0, i,
		                        i == 0 ? LEVEL_CHAPTER : parent[i] == 0 ? LEVEL_ARTICLE : LEVEL_CLAUSE,
		                        i == 0 ? 0 : parent[i] == 0 ? 1 : 2, labels[i], full[i], "", "");
	gid other_sec = fx_section(st, w->doc2, 0, 0, LEVEL_ARTICLE, 0, "Điều 1", NULL, "", "");
	for (int i = 0; i < N_AUTHORS; i++) {
		w->authors[i] = fx_delegate(st, A_CODE[i], A_NAME[i], A_UNIT[i], NULL, NULL);
		w->akey_len[i] = text_name_sort_key(A_NAME[i], strlen(A_NAME[i]), &w->akey[i]);
	}
	gid editor = fx_delegate(st, "ED", "Ban Soạn Thảo", "", "editor", NULL);
	assert_int_equal(store_commit(st), 0);

	/* 300 comments in a few transactions; every 25th also one in the other document */
	for (int i = 0; i < 300; i++) {
		if (i % 60 == 0)
			assert_int_equal(store_begin(st), 0);
		char created[21];
		snprintf(created, sizeof created, "2024-03-%02dT%02d:00:00Z", 1 + (int)(rnd() % 10), 8 + (int)(rnd() % 3));
		int author = (int)(rnd() % N_AUTHORS);
		char *body = random_body();
		if (w->n == 0 || rnd() % 100 < 30) {
			model_add(w, (int)(rnd() % (N_SECS + 1)) - 1, NULL, author, body, created);
		} else {
			size_t pick = rnd() % 2 ? w->n - 1 - rnd() % (w->n < 10 ? w->n : 10) : rnd() % w->n;
			model_add(w, 0, &w->c[pick], author, body, created);
		}
		if (i % 25 == 0)
			fx_comment(st, w->doc2, other_sec, 0, w->authors[author], "chuyển đổi số ở văn bản khác", created);
		if (i % 60 == 59)
			assert_int_equal(store_commit(st), 0);
	}
	/* then handle, edit and delete some (in one transaction: a server's round trips) */
	assert_int_equal(store_begin(st), 0);
	for (size_t i = 0; i < w->n; i++) {
		struct mc *m = &w->c[i];
		uint32_t r = rnd() % 100;
		if (r < 10) {
			assert_int_equal(store_comment_delete(st, m->id), 0);
			m->deleted = true;
		} else if (r < 40) {
			int d = (int)(rnd() % DISP_COUNT);
			assert_int_equal(store_comment_handle(st, m->id, d, "Trả lời", editor), 0);
			m->disp = d;
		} else if (r < 45) {
			free(m->body);
			m->body = random_body();
			assert_int_equal(store_comment_edit(st, m->id, m->body), 0);
		}
	}
	/* a few deleted comments got handled before: counters must not count them */
	for (size_t i = 0; i < w->n; i += 37) {
		struct mc *m = &w->c[i];
		if (!m->deleted) {
			assert_int_equal(store_comment_handle(st, m->id, DISP_NOTED, NULL, editor), 0);
			m->disp = DISP_NOTED;
			assert_int_equal(store_comment_delete(st, m->id), 0);
			m->deleted = true;
		}
	}
	assert_int_equal(store_commit(st), 0);
}

static void free_world(struct world *w)
{
	for (size_t i = 0; i < w->n; i++)
		free(w->c[i].body);
	for (int i = 0; i < N_AUTHORS; i++)
		free(w->akey[i]);
	store_close(w->st);
}

static int author_index(const struct world *w, gid id)
{
	for (int i = 0; i < N_AUTHORS; i++)
		if (w->authors[i] == id)
			return i;
	return -1;
}

/* ---- brute force ------------------------------------------------------------------------------ */

static bool contains_folded(const char *hay, const char *needle)
{
	char *h = text_fold(hay, strlen(hay)), *n = text_fold(needle, strlen(needle));
	bool ok = strstr(h, n) != NULL;
	free(h);
	free(n);
	return ok;
}

/* The text filter's meaning: the folded words as a phrase of whole words; a query with marks
 * must also match them (case aside). */
static bool text_matches(const char *body, const char *query)
{
	char *fb = text_fold(body, strlen(body)), *fq = text_fold(query, strlen(query));
	struct buf hay = {0}, need = {0};
	buf_printf(&hay, " %s ", fb);
	buf_printf(&need, " %s ", fq);
	bool ok = strstr(hay.data, need.data) != NULL;
	if (ok && text_has_diacritics(query, strlen(query))) {
		char *cb = text_casefold(body, strlen(body)), *cq = text_casefold(query, strlen(query));
		ok = strstr(cb, cq) != NULL;
		free(cb);
		free(cq);
	}
	buf_free(&hay);
	buf_free(&need);
	free(fb);
	free(fq);
	return ok;
}

static bool in_query(const struct world *w, const struct mc *m, const struct comment_query *q)
{
	const struct comment_filter *f = &q->filter;
	if (q->scope == SCOPE_GENERAL && m->sec != -1)
		return false;
	if (q->scope == SCOPE_SECTION && (m->sec < 0 || w->secs[m->sec] != q->section_id))
		return false;
	if (m->deleted && !f->include_deleted)
		return false;
	int ai = author_index(w, m->author);
	if (f->author && *f->author) {
		int by_code = -1;
		for (int i = 0; i < N_AUTHORS; i++)
			if (strcasecmp(A_CODE[i], f->author) == 0)
				by_code = i;
		if (by_code >= 0 ? by_code != ai : !contains_folded(A_NAME[ai], f->author))
			return false;
	}
	if (f->unit && *f->unit && !contains_folded(A_UNIT[ai], f->unit))
		return false;
	if (f->disposition >= 0 && m->disp != f->disposition)
		return false;
	if (f->pending_only && m->disp != DISP_PENDING)
		return false;
	/* as store_search: deleted comments' text is not searched, include_deleted or not */
	if (f->text && *f->text && (m->deleted || !text_matches(m->body, f->text)))
		return false;
	if (f->text_also && *f->text_also && (m->deleted || !text_matches(m->body, f->text_also)))
		return false;
	if (f->since && *f->since && strcmp(m->created, f->since) < 0)
		return false;
	if (f->until && *f->until && strncmp(m->created, f->until, 10) > 0)
		return false;
	return true;
}

static int key_cmp(const unsigned char *a, size_t an, const unsigned char *b, size_t bn)
{
	int r = memcmp(a, b, an < bn ? an : bn);
	if (r)
		return r;
	return an < bn ? -1 : an > bn;
}

static const struct world *cmp_world;
static enum comment_order cmp_order;

static int cmp_mc(const void *pa, const void *pb)
{
	const struct mc *a = *(const struct mc *const *)pa, *b = *(const struct mc *const *)pb;
	const struct world *w = cmp_world;
	int r = 0;
	switch (cmp_order) {
	case ORDER_THREAD:
		return key_cmp(a->key, a->klen, b->key, b->klen);
	case ORDER_TIME:
		r = strcmp(a->created, b->created);
		break;
	case ORDER_SECTION:
		if (a->sec != b->sec)
			return a->sec < b->sec ? -1 : 1; /* positions are the indexes; general is -1 */
		return key_cmp(a->key, a->klen, b->key, b->klen);
	case ORDER_AUTHOR: {
		int ia = author_index(w, a->author), ib = author_index(w, b->author);
		r = key_cmp(w->akey[ia], w->akey_len[ia], w->akey[ib], w->akey_len[ib]);
		if (!r && a->author != b->author)
			r = a->author < b->author ? -1 : 1;
		if (!r)
			r = strcmp(a->created, b->created);
		break;
	}
	}
	if (r)
		return r;
	return a->id < b->id ? -1 : a->id > b->id;
}

/* The rows of the query in order, by brute force over the model. */
static size_t expected_rows(const struct world *w, const struct comment_query *q, const struct mc **out)
{
	size_t n = 0;
	if (q->doc_id == w->doc)
		for (size_t i = 0; i < w->n; i++)
			if (in_query(w, &w->c[i], q))
				out[n++] = &w->c[i];
	cmp_world = w;
	cmp_order = q->order;
	qsort(out, n, sizeof *out, cmp_mc);
	return n;
}

/* ---- paging walks ----------------------------------------------------------------------------- */

struct page {
	struct world *w;
	struct comment rows[64];
	int n;
};

static int page_cb(void *ctx, const struct comment *c)
{
	struct page *p = ctx;
	assert_true(p->n < 64);
	/* the row agrees with the model */
	struct mc *m = model_find(p->w, c->id);
	assert_non_null(m);
	assert_int_equal(c->doc_id, p->w->doc);
	assert_int_equal(c->section_id, m->sec >= 0 ? p->w->secs[m->sec] : 0);
	assert_int_equal(c->section_position, m->sec);
	assert_int_equal(c->parent_id, m->parent);
	assert_int_equal(c->root_id, m->root);
	assert_int_equal(c->author_id, m->author);
	assert_int_equal(c->disposition, m->disp);
	assert_int_equal(c->deleted_at != NULL, m->deleted);
	assert_int_equal(c->n_replies, m->nchild);
	assert_int_equal(c->key_len, m->klen);
	assert_memory_equal(c->key, m->key, m->klen);
	assert_int_equal(c->depth, (int)(m->klen / 4) - 1);
	assert_string_equal(c->body, m->body);
	assert_string_equal(c->created_at, m->created);
	comment_copy(&p->rows[p->n++], c);
	return 0;
}

static void page_free(struct page *p)
{
	for (int i = 0; i < p->n; i++)
		comment_clear(&p->rows[i]);
	p->n = 0;
}

static void run_page(struct world *w, const struct comment_query *q, enum page_from from, const struct comment *cur,
                     int limit, struct page *p)
{
	p->w = w;
	p->n = 0;
	int rc = store_comment_page(w->st, q, from, cur, limit, page_cb, p);
	if (rc != 0)
		print_error("store_comment_page: %s\n", err_msg());
	assert_int_equal(rc, 0);
	assert_true(p->n <= limit);
}

static const char *const ORDER_NAME[] = {"thread", "time", "section", "author"};

/* A server answers each page in a round trip: there the walks take pages four times as long
 * (up to a page's 64 rows) and the cursor cases are a third as many (still every way in, at
 * the ends and between). */
static int walk_limit(int limit) { return fx_on_server() ? (limit * 4 < 64 ? limit * 4 : 64) : limit; }
static size_t cursor_step(size_t n) { return 1 + n / (fx_on_server() ? 4 : 12); }

static void check_query(struct world *w, const struct comment_query *q, int limit, const char *what)
{
	limit = walk_limit(limit);
	const struct mc *exp[MAX_C];
	size_t n = expected_rows(w, q, exp);

	/* store_comment_each */
	struct ids each = fx_each(w->st, q);
	bool same = each.n == n;
	for (size_t i = 0; same && i < n; i++)
		same = each.v[i] == exp[i]->id;
	if (!same) {
		print_error("%s, order %s: store_comment_each gave %zu rows, expected %zu\n", what, ORDER_NAME[q->order],
		            each.n, n);
		for (size_t i = 0; i < n || i < each.n; i++)
			print_error("  %zu: got %lld want %lld\n", i, i < each.n ? (long long)each.v[i] : 0LL,
			            i < n ? (long long)exp[i]->id : 0LL);
	}
	assert_true(same);
	ids_free(&each);

	/* count */
	/* counts never include deleted comments, whatever include_deleted says */
	int64_t cn, cp, want_p = 0, want_n = 0;
	for (size_t i = 0; i < n; i++) {
		want_n += !exp[i]->deleted;
		want_p += !exp[i]->deleted && exp[i]->disp == DISP_PENDING;
	}
	assert_int_equal(store_comment_count(w->st, q, &cn, &cp), 0);
	if (cn != want_n || cp != want_p)
		print_error("%s: count %lld/%lld, expected %lld/%lld\n", what, (long long)cn, (long long)cp,
		            (long long)want_n, (long long)want_p);
	assert_int_equal(cn, want_n);
	assert_int_equal(cp, want_p);

	/* forward walk, keeping a copy of every row as a cursor */
	struct comment *all = xcalloc(n + 1, sizeof *all);
	size_t got = 0;
	struct page p;
	enum page_from from = PAGE_FIRST;
	for (int guard = 0; guard <= (int)n + 1; guard++) {
		run_page(w, q, from, got ? &all[got - 1] : NULL, limit, &p);
		if (p.n == 0)
			break;
		for (int i = 0; i < p.n; i++) {
			assert_true(got < n);
			assert_int_equal(p.rows[i].id, exp[got]->id);
			all[got++] = p.rows[i]; /* ownership moves */
		}
		if (p.n < limit) {
			/* a short page means the end */
			p.n = 0;
			break;
		}
		p.n = 0;
		from = PAGE_AFTER;
	}
	assert_int_equal(got, n);

	/* backward walk */
	size_t back = 0;
	struct comment last = {0};
	bool have_last = false;
	from = PAGE_LAST;
	for (int guard = 0; guard <= (int)n + 1; guard++) {
		run_page(w, q, from, have_last ? &last : NULL, limit, &p);
		if (p.n == 0)
			break;
		for (int i = 0; i < p.n; i++) {
			assert_true(back < n);
			assert_int_equal(p.rows[i].id, exp[n - 1 - back]->id);
			back++;
		}
		if (have_last)
			comment_clear(&last);
		comment_copy(&last, &p.rows[p.n - 1]);
		have_last = true;
		int was = p.n;
		page_free(&p);
		if (was < limit)
			break;
		from = PAGE_BEFORE;
	}
	if (have_last)
		comment_clear(&last);
	assert_int_equal(back, n);

	/* from a cursor row: PAGE_AT includes it, PAGE_AFTER/BEFORE exclude it, and the subtree skip */
	for (size_t i = 0; i < n; i += cursor_step(n)) {
		run_page(w, q, PAGE_AT, &all[i], 3, &p);
		assert_int_equal(p.n, n - i < 3 ? n - i : 3);
		for (int k = 0; k < p.n; k++)
			assert_int_equal(p.rows[k].id, exp[i + (size_t)k]->id);
		page_free(&p);
		run_page(w, q, PAGE_AFTER, &all[i], 2, &p);
		assert_int_equal(p.n, n - i - 1 < 2 ? n - i - 1 : 2);
		for (int k = 0; k < p.n; k++)
			assert_int_equal(p.rows[k].id, exp[i + 1 + (size_t)k]->id);
		page_free(&p);
		run_page(w, q, PAGE_BEFORE, &all[i], 2, &p);
		assert_int_equal(p.n, i < 2 ? i : 2);
		for (int k = 0; k < p.n; k++)
			assert_int_equal(p.rows[k].id, exp[i - 1 - (size_t)k]->id);
		page_free(&p);
		if (q->order == ORDER_THREAD) {
			size_t j = i + 1;
			while (j < n && exp[j]->klen > exp[i]->klen && memcmp(exp[j]->key, exp[i]->key, exp[i]->klen) == 0)
				j++;
			run_page(w, q, PAGE_AFTER_SUBTREE, &all[i], 2, &p);
			assert_int_equal(p.n, n - j < 2 ? n - j : 2);
			for (int k = 0; k < p.n; k++)
				assert_int_equal(p.rows[k].id, exp[j + (size_t)k]->id);
			page_free(&p);
		} else if (n) {
			err_clear();
			assert_int_equal(store_comment_page(w->st, q, PAGE_AFTER_SUBTREE, &all[i], 2, page_cb, &p), -1);
			assert_true(*err_msg());
		}
	}
	/* limit 0 gives nothing; a stopping callback stops */
	run_page(w, q, PAGE_FIRST, NULL, 0, &p);
	assert_int_equal(p.n, 0);

	for (size_t i = 0; i < got; i++)
		comment_clear(&all[i]);
	free(all);
}

/* ---- the tests --------------------------------------------------------------------------------- */

static int setup_world(void **state)
{
	struct world *w = xcalloc(1, sizeof *w);
	build_world(w);
	*state = w;
	return 0;
}

static int teardown_world(void **state)
{
	struct world *w = *state;
	free_world(w);
	free(w);
	return 0;
}

static void test_model_keys_and_counters(void **state)
{
	struct world *w = *state;
	/* every comment as the model says */
	for (size_t i = 0; i < w->n; i++) {
		struct comment c;
		assert_int_equal(store_comment_get(w->st, w->c[i].id, &c), 0);
		assert_int_equal(c.key_len, w->c[i].klen);
		assert_memory_equal(c.key, w->c[i].key, c.key_len);
		assert_int_equal(c.section_id, w->c[i].sec >= 0 ? w->secs[w->c[i].sec] : 0);
		assert_int_equal(c.n_replies, w->c[i].nchild);
		assert_int_equal(c.disposition, w->c[i].disp);
		assert_string_equal(c.body, w->c[i].body);
		comment_clear(&c);
	}
	/* the thread is deep enough to matter */
	size_t deepest = 0;
	for (size_t i = 0; i < w->n; i++)
		if (w->c[i].klen > deepest)
			deepest = w->c[i].klen;
	assert_true(deepest >= 5 * 4);
	/* counters */
	struct document d;
	assert_int_equal(store_document_get_id(w->st, w->doc, &d), 0);
	int64_t n = 0, p = 0;
	for (size_t i = 0; i < w->n; i++) {
		n += !w->c[i].deleted;
		p += !w->c[i].deleted && w->c[i].disp == DISP_PENDING;
	}
	assert_int_equal(d.n_comments, n);
	assert_int_equal(d.n_pending, p);
	document_clear(&d);
	for (int s = 0; s < N_SECS; s++) {
		struct section x;
		assert_int_equal(store_section_get(w->st, w->secs[s], &x), 0);
		n = p = 0;
		for (size_t i = 0; i < w->n; i++) {
			if (w->c[i].sec != s || w->c[i].deleted)
				continue;
			n++;
			p += w->c[i].disp == DISP_PENDING;
		}
		assert_int_equal(x.n_comments, n);
		assert_int_equal(x.n_pending, p);
		section_clear(&x);
	}
	struct buf rep = {0};
	assert_int_equal(store_check(w->st, &rep), 0);
	buf_free(&rep);
}

static void test_paging_unfiltered(void **state)
{
	struct world *w = *state;
	static const int limits[] = {1, 2, 5, 7, 16, 64};
	int li = 0;
	for (int order = ORDER_THREAD; order <= ORDER_AUTHOR; order++) {
		for (int scope = -1; scope <= N_SECS; scope++) {
			for (int del = 0; del < 2; del++) {
				struct comment_query q = {.doc_id = w->doc, .order = (enum comment_order)order};
				comment_filter_init(&q.filter);
				q.filter.include_deleted = del;
				if (scope == -1) {
					q.scope = SCOPE_DOCUMENT;
				} else if (scope == N_SECS) {
					q.scope = SCOPE_GENERAL;
				} else {
					q.scope = SCOPE_SECTION;
					q.section_id = w->secs[scope];
				}
				char what[80];
				snprintf(what, sizeof what, "scope %d%s", scope, del ? " with deleted" : "");
				check_query(w, &q, limits[li++ % 6], what);
			}
		}
	}
}

struct fcase {
	const char *name;
	const char *author, *unit, *text, *since, *until, *text_also;
	int disposition;
	bool pending_only, include_deleted;
};

static const struct fcase FCASES[] = {
	{"author code", .author = "a03", .disposition = -1},
	{"author code exact", .author = "A05", .disposition = -1},
	{"author name", .author = "nguyen van an", .disposition = -1},
	{"author name marks", .author = "Hoa", .disposition = -1},
	{"author name none", .author = "khong ai", .disposition = -1},
	{"unit folded", .unit = "so tu phap", .disposition = -1},
	{"unit marks", .unit = "Sở Thông tin", .disposition = -1},
	{"unit dbqh", .unit = "đbqh", .disposition = -1},
	{"disposition accepted", .disposition = DISP_ACCEPTED},
	{"disposition pending", .disposition = DISP_PENDING},
	{"disposition noted+deleted", .disposition = DISP_NOTED, .include_deleted = true},
	{"pending only", .pending_only = true, .disposition = -1},
	{"text folded", .text = "chuyen doi", .disposition = -1},
	{"text marks", .text = "chuyển đổi", .disposition = -1},
	{"text ma", .text = "ma", .disposition = -1},
	{"text má", .text = "má", .disposition = -1},
	{"text dang uy", .text = "dang uy", .disposition = -1},
	{"text Đảng ủy", .text = "Đảng ủy", .disposition = -1},
	{"text điểm đ", .text = "điểm đ", .disposition = -1},
	{"text + deleted", .text = "thoi han", .include_deleted = true, .disposition = -1},
	{"since", .since = "2024-03-05", .disposition = -1},
	{"until", .until = "2024-03-04", .disposition = -1},
	{"since until", .since = "2024-03-03", .until = "2024-03-06", .disposition = -1},
	{"author code since until", .author = "A04", .since = "2024-03-02", .until = "2024-03-06", .disposition = -1},
	{"author code pending", .author = "a05", .pending_only = true, .disposition = -1},
	{"text since until", .text = "chuyen doi", .since = "2024-03-02", .until = "2024-03-06", .disposition = -1},
	{"text and a search in it", .text = "quy dinh", .text_also = "chuyen doi", .disposition = -1},
	{"text and a search, dates", .text = "quy dinh", .text_also = "chuyen doi", .since = "2024-03-02",
	 .disposition = -1},
	{"combined", .unit = "so tu phap", .pending_only = true, .include_deleted = true, .text = "quy dinh",
	 .disposition = -1},
};
#define N_FCASES (sizeof FCASES / sizeof FCASES[0])

/* The filter of a case (NULL: none). */
static void fcase_filter(const struct fcase *fc, struct comment_filter *f)
{
	comment_filter_init(f);
	if (!fc)
		return;
	f->author = fc->author;
	f->unit = fc->unit;
	f->text = fc->text;
	f->text_also = fc->text_also;
	f->since = fc->since;
	f->until = fc->until;
	f->disposition = fc->disposition;
	f->pending_only = fc->pending_only;
	f->include_deleted = fc->include_deleted;
}

static void test_paging_filtered(void **state)
{
	struct world *w = *state;
	static const int limits[] = {3, 1, 8, 5};
	int li = 0;
	for (size_t k = 0; k < N_FCASES; k++) {
		const struct fcase *fc = &FCASES[k];
		struct comment_query q = {.doc_id = w->doc};
		fcase_filter(fc, &q.filter);
		assert_true(comment_filter_active(&q.filter));
		/* the filter must select something but not everything, or it proves little */
		const struct mc *exp[MAX_C];
		q.scope = SCOPE_DOCUMENT;
		size_t n = expected_rows(w, &q, exp);
		if (strcmp(fc->name, "author name none") != 0) {
			if (n == 0 || n == w->n)
				print_error("filter '%s' selects %zu of %zu\n", fc->name, n, w->n);
			assert_true(n > 0 && n < w->n);
		}
		for (int order = ORDER_THREAD; order <= ORDER_AUTHOR; order++) {
			q.order = (enum comment_order)order;
			q.scope = SCOPE_DOCUMENT;
			check_query(w, &q, limits[li++ % 4], fc->name);
		}
		q.order = ORDER_THREAD;
		q.scope = SCOPE_GENERAL;
		check_query(w, &q, 4, fc->name);
		q.scope = SCOPE_SECTION;
		q.section_id = w->secs[k % N_SECS];
		q.order = (enum comment_order)(k % 4);
		check_query(w, &q, 2, fc->name);
	}
	/* a text filter without letters is an error */
	struct comment_query q = {.doc_id = w->doc};
	comment_filter_init(&q.filter);
	q.filter.text = "?!";
	struct ids l = {0};
	assert_int_equal(store_comment_each(w->st, &q, collect_comment_id, &l), -1);
	assert_true(*err_msg());
	ids_free(&l);
	/* another document's query never sees this one's comments */
	q.filter.text = NULL;
	q.doc_id = w->doc2;
	l = fx_each(w->st, &q);
	assert_int_equal(l.n, 12);
	for (size_t i = 0; i < l.n; i++)
		assert_null(model_find(w, l.v[i]));
	ids_free(&l);
	comment_filter_init(&q.filter);
	assert_false(comment_filter_active(&q.filter));
	q.filter.include_deleted = true;
	assert_false(comment_filter_active(&q.filter));
}

/* A span of dates "wide" for the store (GOPY_TEST_DATES_FEW: its share of the document above
 * that many comments), so that a page reads a window of the view (of that many rows) and keeps
 * the span's rows, then sorts the span from the window's last row when the window held too few:
 * the same rows in the same order as the model's, whichever way each page was found. */
static void test_paging_dates_window(void **state)
{
	struct world *w = *state;
	static const char *const windows[] = {"3", "40"};
	static const int limits[] = {1, 5, 8};
	int li = 0;
	for (size_t k = 0; k < N_FCASES; k++) {
		const struct fcase *fc = &FCASES[k];
		if ((!fc->since && !fc->until) || fc->author)
			continue;
		struct comment_query q = {.doc_id = w->doc, .order = ORDER_THREAD};
		comment_filter_init(&q.filter);
		q.filter.since = fc->since;
		q.filter.until = fc->until;
		for (size_t i = 0; i < sizeof windows / sizeof windows[0]; i++) {
			setenv("GOPY_TEST_DATES_FEW", windows[i], 1);
			check_query(w, &q, limits[li++ % 3], fc->name);
			q.filter.disposition = DISP_PENDING;
			check_query(w, &q, limits[li++ % 3], fc->name);
			q.filter.disposition = -1;
		}
		unsetenv("GOPY_TEST_DATES_FEW");
	}
}

static int stop_after_two(void *ctx, const struct comment *c)
{
	struct ids *l = ctx;
	ids_push(l, c->id);
	return l->n >= 2;
}

static void test_callback_stops(void **state)
{
	struct world *w = *state;
	for (int order = ORDER_THREAD; order <= ORDER_AUTHOR; order++) {
		struct comment_query q = {.doc_id = w->doc, .order = (enum comment_order)order};
		comment_filter_init(&q.filter);
		struct ids l = {0};
		assert_int_equal(store_comment_each(w->st, &q, stop_after_two, &l), 0);
		assert_int_equal(l.n, 2);
		ids_free(&l);
		assert_int_equal(store_comment_page(w->st, &q, PAGE_FIRST, NULL, 10, stop_after_two, &l), 0);
		assert_int_equal(l.n, 2);
		ids_free(&l);
	}
	/* paging from a cursor of a comment that has since been deleted still works */
	struct comment_query q = {.doc_id = w->doc, .order = ORDER_THREAD};
	comment_filter_init(&q.filter);
	struct page p;
	run_page(w, &q, PAGE_FIRST, NULL, 5, &p);
	assert_int_equal(p.n, 5);
	struct comment cur;
	comment_copy(&cur, &p.rows[2]);
	gid after = p.rows[3].id;
	page_free(&p);
	assert_int_equal(store_comment_delete(w->st, cur.id), 0);
	model_find(w, cur.id)->deleted = true;
	run_page(w, &q, PAGE_AFTER, &cur, 1, &p);
	assert_int_equal(p.n, 1);
	assert_int_equal(p.rows[0].id, after);
	page_free(&p);
	run_page(w, &q, PAGE_AT, &cur, 1, &p); /* the cursor no longer matches */
	assert_int_equal(p.n, 1);
	assert_int_equal(p.rows[0].id, after);
	page_free(&p);
	comment_clear(&cur);
	check_query(w, &q, 6, "after a delete");
}

/* The author order inside a section or among the general comments is a walk of the authors
 * present there (each one's comments of the scope a range of comment_author_section, sorted by
 * time): under every kind of filter, the same rows in the same order as the model's plain sort,
 * in every scope, walked both ways and from every cursor. */
static void test_author_order_in_scope(void **state)
{
	struct world *w = *state;
	static const int limits[] = {1, 3, 7, 16};
	int li = 0;
	for (size_t k = 0; k <= N_FCASES; k++) {
		const struct fcase *fc = k < N_FCASES ? &FCASES[k] : NULL; /* the last: no filter */
		for (int scope = 0; scope <= N_SECS; scope += fc ? 2 : 1) {
			struct comment_query q = {.doc_id = w->doc, .order = ORDER_AUTHOR};
			fcase_filter(fc, &q.filter);
			q.scope = scope == N_SECS ? SCOPE_GENERAL : SCOPE_SECTION;
			q.section_id = scope == N_SECS ? 0 : w->secs[(scope + (int)k) % N_SECS];
			check_query(w, &q, limits[li++ % 4], fc ? fc->name : "no filter");
		}
	}
}

/* The section order under a span of dates walks each section between the span's bounds on
 * thread keys (comment_day), and the time order inside a section walks the days: comments added
 * day by day after the world's (a few of them replies to earlier days', which widen a day's
 * bounds), so that a span's or a day's keys are a narrow part of the document; every query gives
 * the model's rows, paged both ways and from every cursor. */
static void test_section_order_in_span(void **state)
{
	struct world *w = *state;
	assert_int_equal(store_begin(w->st), 0);
	for (int day = 1; day <= 8; day++) {
		for (int j = 0; j < 6; j++) {
			char created[21];
			snprintf(created, sizeof created, "2024-04-%02dT09:%02d:00Z", day, j);
			int author = (int)(rnd() % N_AUTHORS);
			if (j % 3 == 2) /* a reply to one of the last dozen comments, some of an earlier day */
				model_add(w, 0, &w->c[w->n - 1 - rnd() % 12], author, random_body(), created);
			else
				model_add(w, (int)(rnd() % (N_SECS + 1)) - 1, NULL, author, random_body(), created);
		}
	}
	assert_int_equal(store_commit(w->st), 0);
	static const char *const spans[][2] = {
		{"2024-04-03", "2024-04-05"}, {"2024-04-04", "2024-04-04"}, {"2024-04-07", NULL}, {NULL, "2024-03-02"},
		{"2024-03-09", "2024-04-02"}, {"2024-05-01", NULL}, {"2024-03-20", "2024-03-31"},
	};
	static const int limits[] = {1, 2, 5};
	int li = 0;
	for (size_t i = 0; i < sizeof spans / sizeof spans[0]; i++) {
		for (int k = 0; k < 3; k++) {
			struct comment_query q = {.doc_id = w->doc, .order = ORDER_SECTION};
			comment_filter_init(&q.filter);
			q.filter.since = spans[i][0];
			q.filter.until = spans[i][1];
			if (k == 1)
				q.filter.disposition = DISP_PENDING;
			else if (k == 2)
				q.filter.text = "quy dinh";
			check_query(w, &q, limits[li++ % 3], spans[i][0] ? spans[i][0] : spans[i][1]);
		}
	}
	/* the time order inside a section walks the days (each day's comments of the section between
	 * its bounds): every section and the general comments, under a span, a disposition, deleted
	 * comments shown, and none */
	for (int scope = 0; scope <= N_SECS; scope++) {
		for (int k = 0; k < 4; k++) {
			struct comment_query q = {.doc_id = w->doc, .order = ORDER_TIME};
			comment_filter_init(&q.filter);
			q.scope = scope == N_SECS ? SCOPE_GENERAL : SCOPE_SECTION;
			q.section_id = scope == N_SECS ? 0 : w->secs[scope];
			if (k == 1) {
				q.filter.since = "2024-03-08";
				q.filter.until = "2024-04-04";
			} else if (k == 2) {
				q.filter.disposition = DISP_PENDING;
			} else if (k == 3) {
				q.filter.include_deleted = true;
			}
			check_query(w, &q, limits[li++ % 3], "time order in a section");
		}
	}
}

/* The first `limit` comments of a section in the author order, as ids. */
static struct ids author_page(struct store *st, gid doc, gid sec, int limit)
{
	struct comment_query q = {.doc_id = doc, .order = ORDER_AUTHOR, .scope = SCOPE_SECTION, .section_id = sec};
	comment_filter_init(&q.filter);
	struct ids l = {0};
	assert_int_equal(store_comment_page(st, &q, PAGE_FIRST, NULL, limit, collect_comment_id, &l), 0);
	return l;
}

static void expect_ids(const struct ids *l, size_t n, const gid *want)
{
	assert_int_equal(l->n, n);
	for (size_t i = 0; i < n; i++)
		assert_int_equal(l->v[i], want[i]);
}

/* The authors of a section are kept between pages while the review is unchanged: a first
 * comment of another author there, written by this connection or by another, is in the next
 * page. */
static void test_author_order_follows_changes(void **state)
{
	(void)state;
	char path[300];
	struct store *st = fx_create(path, "authors");
	gid doc = fx_document(st, "NQ-A", "Nghị quyết");
	gid sec = fx_section(st, doc, 0, 0, LEVEL_ARTICLE, 0, "Điều 1", NULL, "", "");
	gid other = fx_section(st, doc, 0, 1, LEVEL_ARTICLE, 0, "Điều 2", NULL, "", "");
	gid an = fx_delegate(st, "A1", "Nguyễn Văn An", "", NULL, NULL);
	gid binh = fx_delegate(st, "B1", "Trần Thị Bình", "", NULL, NULL);
	gid cuong = fx_delegate(st, "C1", "Lê Văn Cường", "", NULL, NULL);
	gid b1 = fx_comment(st, doc, sec, 0, binh, "Ý kiến một", "2024-03-02T08:00:00Z");
	gid a1 = fx_comment(st, doc, sec, 0, an, "Ý kiến hai", "2024-03-03T08:00:00Z");
	gid a0 = fx_comment(st, doc, sec, 0, an, "Ý kiến ba", "2024-03-01T08:00:00Z");
	fx_comment(st, doc, other, 0, cuong, "Ý kiến ở điều khác", "2024-03-01T09:00:00Z");
	/* An, then Bình (names sorted by their last word, then the rest), each in time order */
	struct ids l = author_page(st, doc, sec, 10);
	expect_ids(&l, 3, (gid[]){a0, a1, b1});
	ids_free(&l);
	/* this connection writes Cường's first comment in the section */
	gid c1 = fx_comment(st, doc, sec, 0, cuong, "Ý kiến bốn", "2024-03-04T08:00:00Z");
	l = author_page(st, doc, sec, 10);
	expect_ids(&l, 4, (gid[]){a0, a1, b1, c1});
	ids_free(&l);
	/* another connection adds a fourth author's */
	struct store *st2 = fx_open(path, 0);
	gid dung = fx_delegate(st2, "D1", "Phạm Văn Dũng", "", NULL, NULL);
	gid d1 = fx_comment(st2, doc, sec, 0, dung, "Ý kiến năm", "2024-03-05T08:00:00Z");
	store_close(st2);
	l = author_page(st, doc, sec, 10);
	expect_ids(&l, 5, (gid[]){a0, a1, b1, c1, d1});
	ids_free(&l);
	l = author_page(st, doc, sec, 2); /* a short page stops inside the first author */
	expect_ids(&l, 2, (gid[]){a0, a1});
	ids_free(&l);
	store_close(st);
}

/* ---- search -------------------------------------------------------------------------------------- */

struct hitlog {
	struct ids ids;
	struct buf info;
};

static int log_hit(void *ctx, const struct search_hit *h)
{
	struct hitlog *l = ctx;
	ids_push(&l->ids, h->id);
	buf_printf(&l->info, "%d|%s|%s|%s|%s|%s\n", h->is_comment, h->doc_code, h->section_label,
	           h->author_name ? h->author_name : "-", h->created_at ? h->created_at : "-", h->text);
	return 0;
}

static void expect_hits(struct store *st, const char *query, enum search_mode mode, gid doc, int64_t limit,
                        enum search_mode want_mode, size_t n, ...)
{
	enum search_mode used = (enum search_mode)-1;
	struct ids l = fx_search(st, query, mode, doc, limit, &used);
	va_list ap;
	va_start(ap, n);
	bool ok = l.n == n && used == want_mode;
	for (size_t i = 0; i < n; i++) {
		gid want = va_arg(ap, gid);
		if (ok && l.v[i] != want)
			ok = false;
	}
	va_end(ap);
	if (!ok) {
		print_error("search '%s' mode %d: %zu hits (want %zu), mode used %d (want %d):", query, mode, l.n, n,
		            used, want_mode);
		for (size_t i = 0; i < l.n; i++)
			print_error(" %lld", (long long)l.v[i]);
		print_error("\n");
	}
	assert_true(ok);
	ids_free(&l);
}

static void test_search(void **state)
{
	(void)state;
	char path[300];
	struct store *st = fx_create(path, "search");
	gid d1 = fx_document(st, "NQ-01", "Nghị quyết");
	setenv("GOPY_NOW", "2024-03-01T08:00:01Z", 1);
	gid d2 = fx_document(st, "NQ-02", "Văn bản khác");
	setenv("GOPY_NOW", "2024-03-01T08:00:00Z", 1);
	gid s1 = fx_section(st, d1, 0, 0, LEVEL_ARTICLE, 0, "Điều 1", NULL, "Chuyển đổi số",
	                    "Phát triển chính quyền số.");
	gid s2 = fx_section(st, d1, 0, 1, LEVEL_ARTICLE, 0, "Điều 2", NULL, "Hiệu lực", "Từ ngày ký.");
	gid a = fx_delegate(st, "A", "Nguyễn Văn A", "Sở Tư pháp", NULL, NULL);
	gid c1 = fx_comment(st, d1, s1, 0, a, "Đề án chuyển đổi số cần lộ trình rõ.", "2024-03-01T09:00:00Z");
	gid c2 = fx_comment(st, d1, 0, 0, a, "Ý kiến của Đảng ủy khối.", "2024-03-01T09:01:00Z");
	gid c3 = fx_comment(st, d1, 0, 0, a, "Vie\xcc\xa3\xcc\x82t Nam hội nhập", "2024-03-01T09:02:00Z");
	gid c4 = fx_comment(st, d1, 0, 0, a, "Con ma trong truyện", "2024-03-01T09:03:00Z");
	gid c5 = fx_comment(st, d1, 0, 0, a, "Bà má anh hùng", "2024-03-01T09:04:00Z");
	gid c6 = fx_comment(st, d1, 0, 0, a, "Mà thôi, không sao", "2024-03-01T09:05:00Z");
	gid c7 = fx_comment(st, d1, s2, 0, a, "Quy định tại điểm đ khoản 2", "2024-03-01T09:06:00Z");
	gid c8 = fx_comment(st, d1, s2, 0, a, "Quy định tại điểm d khoản 2", "2024-03-01T09:07:00Z");
	gid c9 = fx_comment(st, d1, 0, 0, a, "DANG KY thuong tru", "2024-03-01T09:08:00Z");
	gid c10 = fx_comment(st, d1, 0, 0, a, "Ý kiến sẽ bị xoá", "2024-03-01T09:09:00Z");
	gid c11 = fx_comment(st, d1, 0, c4, a, "Con ma, trời mát", "2024-03-01T09:10:00Z");
	gid c20 = fx_comment(st, d2, 0, 0, a, "Chuyển đổi số ở văn bản khác", "2024-03-01T07:00:00Z");
	assert_int_equal(store_comment_delete(st, c10), 0);

	/* folded: any marks, any case; comments first (document then time order), then sections */
	expect_hits(st, "chuyen doi so", SEARCH_AUTO, 0, 0, SEARCH_FOLD, 3, c1, c20, s1);
	expect_hits(st, "CHUYEN DOI SO", SEARCH_AUTO, 0, 0, SEARCH_FOLD, 3, c1, c20, s1);
	expect_hits(st, "chuyen doi so", SEARCH_AUTO, d1, 0, SEARCH_FOLD, 2, c1, s1);
	expect_hits(st, "chuyen doi so", SEARCH_AUTO, d2, 0, SEARCH_FOLD, 1, c20);
	expect_hits(st, "chuyen doi so", SEARCH_AUTO, 0, 1, SEARCH_FOLD, 1, c1);
	expect_hits(st, "chuyen doi so", SEARCH_AUTO, 0, 2, SEARCH_FOLD, 2, c1, c20);
	expect_hits(st, "chuyển đổi số", SEARCH_AUTO, 0, 0, SEARCH_EXACT, 3, c1, c20, s1);
	expect_hits(st, "chuyen doi so", SEARCH_EXACT, 0, 0, SEARCH_EXACT, 0);
	expect_hits(st, "dang uy", SEARCH_AUTO, 0, 0, SEARCH_FOLD, 1, c2);
	expect_hits(st, "DANG", SEARCH_AUTO, 0, 0, SEARCH_FOLD, 2, c2, c9);
	expect_hits(st, "Đảng", SEARCH_AUTO, 0, 0, SEARCH_EXACT, 1, c2);
	expect_hits(st, "chinh quyen so", SEARCH_AUTO, 0, 0, SEARCH_FOLD, 1, s1);
	expect_hits(st, "dieu 2 hieu luc", SEARCH_AUTO, 0, 0, SEARCH_FOLD, 1, s2);
	/* NFD stored (by gopy: normalised) found by an NFC query and an NFD query */
	expect_hits(st, "Việt Nam", SEARCH_AUTO, 0, 0, SEARCH_EXACT, 1, c3);
	expect_hits(st, "Vie\xcc\xa3\xcc\x82t", SEARCH_AUTO, 0, 0, SEARCH_EXACT, 1, c3);
	expect_hits(st, "viet nam", SEARCH_AUTO, 0, 0, SEARCH_FOLD, 1, c3);
	/* tones: folded finds every "ma"; marks find only the one */
	expect_hits(st, "ma", SEARCH_AUTO, 0, 0, SEARCH_FOLD, 4, c4, c5, c6, c11);
	expect_hits(st, "má", SEARCH_AUTO, 0, 0, SEARCH_EXACT, 1, c5);
	expect_hits(st, "MÁ", SEARCH_AUTO, 0, 0, SEARCH_EXACT, 1, c5);
	expect_hits(st, "mà", SEARCH_AUTO, 0, 0, SEARCH_EXACT, 1, c6);
	expect_hits(st, "má", SEARCH_FOLD, 0, 0, SEARCH_FOLD, 4, c4, c5, c6, c11);
	expect_hits(st, "ma", SEARCH_EXACT, 0, 0, SEARCH_EXACT, 2, c4, c11);
	/* đ is a letter of its own with marks, d without */
	expect_hits(st, "điểm đ", SEARCH_AUTO, 0, 0, SEARCH_EXACT, 1, c7);
	expect_hits(st, "diem d", SEARCH_AUTO, 0, 0, SEARCH_FOLD, 2, c7, c8);
	expect_hits(st, "đ", SEARCH_AUTO, 0, 0, SEARCH_EXACT, 1, c7);
	expect_hits(st, "d", SEARCH_AUTO, 0, 0, SEARCH_FOLD, 2, c7, c8);
	/* deleted comments are not found */
	expect_hits(st, "bi xoa", SEARCH_AUTO, 0, 0, SEARCH_FOLD, 0);
	/* no letters: an error */
	struct ids l = {0};
	err_clear();
	assert_int_equal(store_search(st, "?! ...", SEARCH_AUTO, 0, 0, collect_hit_id, &l, NULL), -1);
	assert_true(*err_msg());
	assert_int_equal(store_search(st, "", SEARCH_AUTO, 0, 0, collect_hit_id, &l, NULL), -1);
	assert_int_equal(l.n, 0);

	/* hit fields */
	struct hitlog log = {0};
	assert_int_equal(store_search(st, "lo trinh", SEARCH_AUTO, 0, 0, log_hit, &log, NULL), 0);
	assert_int_equal(log.ids.n, 1);
	assert_string_equal(log.info.data, "1|NQ-01|Điều 1|Nguyễn Văn A|2024-03-01T09:00:00Z|"
	                                   "Đề án chuyển đổi số cần lộ trình rõ.\n");
	ids_free(&log.ids);
	buf_free(&log.info);
	assert_int_equal(store_search(st, "tu ngay ky", SEARCH_AUTO, 0, 0, log_hit, &log, NULL), 0);
	assert_int_equal(log.ids.n, 1);
	assert_string_equal(log.info.data, "0|NQ-01|Điều 2|-|-|Điều 2 Hiệu lực\nTừ ngày ký.\n");
	ids_free(&log.ids);
	buf_free(&log.info);

	/* NFD written by another tool (not normalised) is indexed at the next open and found
	 * by an NFC query */
	char key[40];
	fx_sqlf(st, "INSERT INTO comment(id, document_id, root_id, depth, thread_key, author_id, body, created_at) "
	            "VALUES (7001, %lld, 7001, 0, %s, %lld, 'Ho\xcc\x82\xcc\x80 Chi\xcc\x81 Minh', "
	            "'2024-03-02T00:00:00Z')", (long long)d1, fx_blob(key, sizeof key, "00000063"), (long long)a);
	store_close(st);
	st = fx_open(path, 0);
	expect_hits(st, "Hồ Chí Minh", SEARCH_AUTO, 0, 0, SEARCH_EXACT, 1, (gid)7001);
	expect_hits(st, "ho chi minh", SEARCH_AUTO, 0, 0, SEARCH_FOLD, 1, (gid)7001);
	expect_hits(st, "Hồ Chì Minh", SEARCH_AUTO, 0, 0, SEARCH_EXACT, 0);
	/* the text filter of listings agrees on the same rows */
	struct comment_query q = {.doc_id = d1};
	comment_filter_init(&q.filter);
	q.filter.text = "Hồ Chí";
	struct ids e = fx_each(st, &q);
	assert_int_equal(e.n, 1);
	assert_int_equal(e.v[0], 7001);
	ids_free(&e);
	q.filter.text = "má";
	e = fx_each(st, &q);
	assert_int_equal(e.n, 1);
	assert_int_equal(e.v[0], c5);
	ids_free(&e);
	q.filter.text = "đ";
	e = fx_each(st, &q);
	assert_int_equal(e.n, 1);
	assert_int_equal(e.v[0], c7);
	ids_free(&e);
	struct buf rep = {0};
	assert_int_equal(store_check(st, &rep), 0);
	buf_free(&rep);
	(void)c8;
	store_close(st);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_model_keys_and_counters, setup_world, teardown_world),
		cmocka_unit_test_setup_teardown(test_paging_unfiltered, setup_world, teardown_world),
		cmocka_unit_test_setup_teardown(test_paging_filtered, setup_world, teardown_world),
		cmocka_unit_test_setup_teardown(test_paging_dates_window, setup_world, teardown_world),
		cmocka_unit_test_setup_teardown(test_callback_stops, setup_world, teardown_world),
		cmocka_unit_test_setup_teardown(test_author_order_in_scope, setup_world, teardown_world),
		cmocka_unit_test(test_author_order_follows_changes),
		cmocka_unit_test_setup_teardown(test_section_order_in_span, setup_world, teardown_world),
		cmocka_unit_test(test_search),
	};
	return cmocka_run_group_tests_name("store_page", tests, fx_group_setup, fx_group_teardown);
}
