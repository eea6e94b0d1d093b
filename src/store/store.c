/* SPDX-License-Identifier: GPL-3.0-or-later */
/* store.c — opening the review database, transactions, delegates, documents, sections and
 * the disposition names. Comments live in store_comment.c, search in store_search.c. */
#include "store_internal.h"
#include "pg.h"
#include "gopy/dburl.h"

#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "gopy/err.h"
#include "gopy/i18n.h"
#include "gopy/outline.h"
#include "gopy/strmap.h"
#include "gopy/text.h"

/* ---- open / close / transactions ----------------------------------------------------- */

/* Is this (name, sort_key) of a delegate of an older form? Files written before names sorted
 * by given name hold whole-name keys: one row tells, since every name's key changed form
 * (given, family, middle parts). */
static bool sort_key_outdated(struct dbq *s, int col)
{
	if (dbq_column_is_null(s, col + 1))
		return false;
	const char *name = dbq_column_text(s, col);
	unsigned char *key;
	size_t kl = text_name_sort_key(name ? name : "", name ? strlen(name) : 0, &key);
	bool old = (size_t)dbq_column_bytes(s, col + 1) != kl || memcmp(dbq_column_blob(s, col + 1), key, kl) != 0;
	free(key);
	return old;
}

static bool sort_keys_outdated(struct store *st)
{
	struct dbq *s = db_cached(st, "SELECT name, sort_key FROM delegate WHERE sort_key IS NOT NULL LIMIT 1");
	bool old = s && dbq_step(s) == DBQ_ROW && sort_key_outdated(s, 0);
	if (s)
		dbq_reset(s);
	return old;
}

/* Delegates without a sort key (added by other tools), keys of an older form, or (on a
 * server) comments another program wrote that are not indexed for search? One query. */
static bool store_needs_sync(struct store *st)
{
	struct dbq *s = db_cached(st, DB_SQL(st,
		"SELECT EXISTS (SELECT 1 FROM delegate WHERE sort_key IS NULL), d.name, d.sort_key, 0 "
		"FROM (SELECT 1) AS one LEFT JOIN (SELECT name, sort_key FROM delegate WHERE sort_key IS NOT NULL LIMIT 1) AS d ON 1",
		"SELECT EXISTS (SELECT 1 FROM delegate WHERE sort_key IS NULL), d.name, d.sort_key, "
		"EXISTS (SELECT 1 FROM comment WHERE search IS NULL) "
		"FROM (SELECT 1) AS one LEFT JOIN (SELECT name, sort_key FROM delegate WHERE sort_key IS NOT NULL LIMIT 1) AS d "
		"ON true"));
	bool need = true; /* on any doubt, sync */
	if (s) {
		if (dbq_step(s) == DBQ_ROW)
			need = dbq_column_int(s, 0) != 0 || dbq_column_int(s, 3) != 0 || sort_key_outdated(s, 1);
		dbq_reset(s);
	}
	return need;
}

/* Remove a database file and its companions (-wal, -shm, -journal). */
static void remove_db_files(const char *path)
{
	static const char *const suffix[] = {"-wal", "-shm", "-journal", ""};
	for (size_t i = 0; i < sizeof suffix / sizeof suffix[0]; i++) {
		struct buf b = {0};
		buf_printf(&b, "%s%s", path, suffix[i]);
		unlink(b.data);
		buf_free(&b);
	}
}

/* The login of the real user id (never $USER, which anyone can set), or "uid N". */
static char *system_login(void)
{
	struct passwd *pw = getpwuid(getuid());
	if (pw && pw->pw_name && *pw->pw_name)
		return xstrdup(pw->pw_name);
	char num[32];
	snprintf(num, sizeof num, "uid %lu", (unsigned long)getuid());
	return xstrdup(num);
}

int store_open(const char *path, int flags, struct store **out)
{
	struct store *st = xcalloc(1, sizeof *st);
	bool server = dburl_is_server(path);
	st->path = server ? dburl_redact(path) : xstrdup(path);
	st->os_user = system_login();
	*out = NULL;
	if (server ? pg_open(st, path, flags) != 0 : db_open(st, path, flags) != 0) {
		bool made = st->created;
		store_close(st);
		if (made) /* a new file that could not be set up (a failing disk): leave nothing behind */
			remove_db_files(path);
		return -1;
	}
	if (getenv("GOPY_SEED")) { /* tests: reproducible ids, fresh for each process */
		struct dbq *s = db_prepare(st, "SELECT (SELECT count(*) FROM comment) + (SELECT count(*) FROM section) "
		                                 "+ (SELECT count(*) FROM delegate) + (SELECT count(*) FROM document)");
		if (s && dbq_step(s) == DBQ_ROW)
			id_reseed((uint64_t)dbq_column_int64(s, 0));
		dbq_finalize(s);
	}
	/* Sort keys for delegates other tools added. Looked at with a read first, so that
	 * opening never waits for another writer needlessly. */
	if (!st->readonly && store_needs_sync(st)) {
		if (store_write_begin(st) != 0 ||
		    (sort_keys_outdated(st) && db_exec(st, "UPDATE delegate SET sort_key = NULL") != 0) ||
		    store_write_end(st, delegate_fill_sort_keys(st)) != 0) {
			store_close(st);
			return -1;
		}
	}
	*out = st;
	return 0;
}

int store_open_image(const void *data, size_t len, struct store **out)
{
	struct store *st = xcalloc(1, sizeof *st);
	st->path = xstrdup("(in memory)");
	st->os_user = system_login();
	*out = NULL;
	if (db_open_image(st, data, len) != 0) {
		store_close(st);
		return -1;
	}
	*out = st;
	return 0;
}

void store_close(struct store *st)
{
	if (!st)
		return;
	db_cache_clear(st);
	pg_close(st);
	if (st->db) {
		if (st->tx_depth > 0)
			db_exec_quiet(st, "ROLLBACK");
		sqlite3_close(st->db);
	}
	section_index_free(st->sections);
	group_cache_free(st->groups);
	free(st->path);
	free(st->os_user);
	free(st->bulk_source);
	store_bulk_discard(st);
	free(st);
}

int store_probe(const char *db)
{
	if (dburl_is_server(db))
		return pg_probe(db);
	struct stat sb;
	return stat(db, &sb) == 0;
}

bool store_server_away(const char *db) { return dburl_is_server(db) && pg_server_away(db); }

int store_remove(const char *db)
{
	if (!dburl_is_server(db)) {
		remove_db_files(db);
		return 0;
	}
	struct store *st;
	if (store_open(db, 0, &st) != 0)
		return -1;
	int rc = pg_exec(st, "DROP SCHEMA " PG_SCHEMA " CASCADE");
	store_close(st);
	return rc;
}

const char *store_path(const struct store *st) { return st->path; }
const char *store_os_user(const struct store *st) { return st->os_user; }
bool store_is_readonly(const struct store *st) { return st->readonly; }
bool store_world_writable(const struct store *st) { return st->world_writable; }

int store_readonly_error(const struct store *st)
{
	if (st->pg)
		return err_set(_("%s is read-only (this role may only read the review, or it was opened for reading); "
		                 "nothing was changed"), st->path);
	return err_set(_("%s is read-only (no write permission on the file or its folder, or opened for reading); "
	                 "nothing was changed"), st->path);
}
void store_set_actor(struct store *st, gid delegate_id) { st->actor = delegate_id; }

/* Tell the audit triggers who acts, for the length of the transaction just begun (after the
 * statements begin[] that open it, when the engine sends them with its first statement). */
void store_session_bind(struct store *st, struct dbq *q, int i)
{
	char now[21];
	clock_now_iso(now);
	db_bind_text(q, i, st->os_user);
	db_bind_id(q, i + 1, st->actor);
	db_bind_text(q, i + 2, now);
}

static int audit_session_begin(struct store *st, const char *const *begin)
{
	struct dbq *s = db_cached(st, "INSERT INTO audit_session(os_user, delegate_id, at) VALUES (?, ?, ?)");
	if (!s)
		return -1;
	store_session_bind(st, s, 1);
	int rc = dbq_step_after(s, begin);
	dbq_reset(s);
	return rc == DBQ_DONE ? 0 : db_error(st, N_("starting a change"));
}

int store_begin_send(struct store *st)
{
	if (!st->begin_kept)
		return 0;
	st->begin_kept = false;
	return audit_session_begin(st, st->kept);
}
struct sqlite3 *store_sqlite(struct store *st) { return st->db; }

/* The engine's own transaction statements. */
static void tx_rollback(struct store *st)
{
	st->search_ready = st->committed = st->begin_kept = false;
	if (st->pg && !pg_connection_lost(st)) /* (a lost one's number is kept: commit_lost) */
		pg_forget_commit(st);
	if (st->pg)
		pg_rollback(st);
	else
		db_exec_quiet(st, "ROLLBACK");
}

static int tx_commit(struct store *st)
{
	/* on a server, the comments written are folded and indexed for search first */
	if (st->pg) {
		bool ready = st->search_ready, done = st->committed, unsent = st->begin_kept;
		st->search_ready = st->committed = st->begin_kept = false;
		if (unsent) /* nothing was sent: no transaction to end */
			pg_committed(st);
		if (done || unsent)
			return 0;
		/* its number, so that a commit whose answer is lost can be looked up (commit_lost) */
		if (!pg_commit_tracked(st) && pg_track_commit(st) != 0)
			return -1;
		return !ready && pg_index_pending(st, 0) != 0 ? -1 : pg_commit(st, "DELETE FROM audit_session");
	}
	if (db_exec(st, "DELETE FROM audit_session") != 0)
		return -1;
	return db_exec(st, "COMMIT");
}

/* A write's commit whose answer was lost with the connection (the server may have committed
 * it): the server is asked at once (it connects again), and while it does not answer for as
 * long as the server wait function allows (store_set_server_wait); "saved" when it was
 * committed, "not saved" when not, and when the server could not be asked, that nobody knows
 * yet: the number is kept, and the next write asks first (earlier_commit). */
static int commit_lost(struct store *st, const char *why)
{
	double start = pg_now();
	int landed;
	while ((landed = pg_commit_landed(st)) < 0 && st->server_wait_fn && pg_connection_lost(st) &&
	       st->server_wait_fn(st->server_wait_ctx, (int)(pg_now() - start)))
		;
	if (landed == 1) {
		st->commit_recovered = true;
		return 0;
	}
	if (landed == 0)
		return err_set(_("%s; the server did not commit the change: nothing was saved"), why);
	st->commit_unknown = true;
	if (st->server_wait_fn) /* (waited as long as it may: the caller ends soon) */
		return err_set(_("%s; whether the change was saved is not known: look before trying again"), why);
	return err_set(_("whether the change was saved is not known yet (gopy asks the server when it is back): %s"),
	               why);
}

void store_set_server_wait(struct store *st, store_wait_fn fn, void *ctx)
{
	st->server_wait_fn = fn;
	st->server_wait_ctx = ctx;
}

/* Before a write: an earlier commit whose answer was lost, and that nobody could look up then,
 * is looked up now. When it was committed after all, this write is not made (the user may be
 * making the same change again: a disposition twice is two entries of the audit log); when
 * it was not, this write goes on and the caller says so (store_earlier_not_saved). */
static int earlier_commit(struct store *st)
{
	if (!st->pg || !pg_commit_tracked(st))
		return 0;
	int landed = pg_commit_landed(st);
	if (landed == 1)
		return err_set(_("%s: the change made before this one was saved after all (the connection was lost as it "
		                 "was committed); this one was not made: look, and make it again if it is still needed"),
		               st->path);
	if (landed == 0)
		st->earlier_not_saved = true;
	return landed < 0 ? -1 : 0;
}

int store_begin(struct store *st)
{
	if (st->tx_depth++ > 0)
		return 0;
	st->writes++;
	st->tx_failed = false;
	st->commit_recovered = st->commit_unknown = false;
	if (st->readonly) {
		st->tx_depth = 0;
		return store_readonly_error(st);
	}
	if (earlier_commit(st) != 0) {
		st->tx_depth = 0;
		return -1;
	}
	_Static_assert(STORE_KEPT_MAX >= PG_BEFORE_MAX, "st->kept holds what pg_begin_write sends");
	const char *begin[PG_BEFORE_MAX + 1] = {NULL};
	if (st->pg ? pg_begin_write(st, begin) != 0 : db_exec(st, "BEGIN IMMEDIATE") != 0) {
		st->tx_depth = 0;
		return -1;
	}
	if (st->pg && st->keep_begin && begin[0]) { /* sent with the transaction's comment */
		int n = 0;
		for (; begin[n] && n < STORE_KEPT_MAX; n++)
			st->kept[n] = begin[n];
		st->kept[n] = NULL;
		st->begin_kept = !begin[n];
		if (st->begin_kept)
			return 0;
	}
	if (audit_session_begin(st, begin) != 0) {
		char keep[1024];
		snprintf(keep, sizeof keep, "%s", err_msg());
		tx_rollback(st);
		st->tx_depth = 0;
		return err_set("%s", keep);
	}
	return 0;
}

int store_commit(struct store *st)
{
	if (st->tx_depth <= 0)
		return err_set(_("commit without a transaction"));
	if (--st->tx_depth > 0)
		return 0;
	if (st->tx_failed) {
		tx_rollback(st);
		return err_set(_("nothing was saved: an earlier step failed"));
	}
	if (tx_commit(st) != 0) {
		char keep[1024];
		snprintf(keep, sizeof keep, "%s", err_msg());
		bool lost = st->pg && pg_connection_lost(st) && pg_commit_tracked(st);
		tx_rollback(st);
		return lost ? commit_lost(st, keep) : err_set("%s", keep);
	}
	return 0;
}

bool store_commit_recovered(const struct store *st) { return st->commit_recovered; }

bool store_commit_unknown(const struct store *st) { return st->commit_unknown; }

bool store_earlier_not_saved(struct store *st)
{
	bool was = st->earlier_not_saved;
	st->earlier_not_saved = false;
	return was;
}

void store_rollback(struct store *st)
{
	if (st->tx_depth <= 0)
		return;
	if (--st->tx_depth > 0) {
		st->tx_failed = true;
		return;
	}
	tx_rollback(st);
}

int store_write_begin(struct store *st) { return store_begin(st); }

int store_write_end(struct store *st, int rc)
{
	if (rc == 0)
		return store_commit(st);
	char keep[1024];
	snprintf(keep, sizeof keep, "%s", err_msg());
	store_rollback(st);
	err_set("%s", keep);
	return -1;
}

int store_notify_fd(struct store *st) { return st->pg ? pg_notify_fd(st) : -1; }

bool store_connection_lost(struct store *st) { return st->pg && pg_connection_lost(st); }

int store_track_commit(struct store *st) { return st->pg ? pg_track_commit(st) : 0; }

int store_commit_landed(struct store *st)
{
	return st->pg ? pg_commit_landed(st) : err_set(_("%s: no commit to look for"), st->path);
}

int64_t store_own_writes(struct store *st) { return st->writes + db_total_changes(st); }

int64_t store_data_version(struct store *st)
{
	if (st->pg)
		return pg_data_version(st);
	if (db_refresh(st) < 0)
		return -1;
	return db_data_version(st);
}

int64_t db_data_version(struct store *st)
{
	struct dbq *s = db_cached(st, "PRAGMA data_version");
	if (!s)
		return -1;
	int64_t v = -1;
	if (dbq_step(s) == DBQ_ROW)
		v = dbq_column_int64(s, 0) + (st->reopens << 32);
	dbq_reset(s);
	return v;
}

int store_check(struct store *st, struct buf *report)
{
	return store_check_steps(st, report, NULL, NULL);
}

int store_check_steps(struct store *st, struct buf *report, store_check_step_fn step, void *ctx)
{
	int n = db_run_check(st, report, step, ctx);
	if (n < 0)
		return -1;
	return n > 0 ? 1 : 0;
}

int delegate_fill_sort_keys(struct store *st)
{
	for (;;) {
		struct dbq *s = db_prepare(st, "SELECT id, name FROM delegate WHERE sort_key IS NULL LIMIT 256");
		if (!s)
			return -1;
		gid ids[256];
		char *names[256];
		int n = 0, rc;
		while (n < 256 && (rc = dbq_step(s)) == DBQ_ROW) {
			ids[n] = dbq_column_int64(s, 0);
			names[n++] = db_col_strdup(s, 1, true);
		}
		dbq_finalize(s);
		int result = 0;
		for (int i = 0; i < n; i++) {
			unsigned char *key = NULL;
			size_t klen = text_name_sort_key(names[i], strlen(names[i]), &key);
			struct dbq *u = result ? NULL : db_cached(st, "UPDATE delegate SET sort_key = ? WHERE id = ?");
			if (!u) {
				result = -1;
			} else {
				dbq_bind_blob(u, 1, key, (int)klen);
				dbq_bind_int64(u, 2, ids[i]);
				result = db_step_done(st, u, N_("updating delegates"));
			}
			free(key);
			free(names[i]);
		}
		if (result || n < 256)
			return result;
	}
}

/* ---- dispositions ------------------------------------------------------------------ */

/* code: stored and used by the CLI; label: the interface's (translated); official: the fixed
 * Vietnamese wording of the synthesis report, the same in every locale. */
static const struct {
	const char *code, *label, *official;
} dispositions[DISP_COUNT] = {
	{"pending", N_("pending"), "chưa xử lý"},
	{"accepted", N_("accepted"), "tiếp thu"},
	{"partly", N_("partly accepted"), "tiếp thu một phần"},
	{"explained", N_("explained"), "giải trình"},
	{"noted", N_("noted"), "ghi nhận"},
	{"escalated", N_("referred to leadership"), "xin ý kiến lãnh đạo"},
};

const char *disposition_code(int d) { return d >= 0 && d < DISP_COUNT ? dispositions[d].code : "?"; }
const char *disposition_label(int d) { return d >= 0 && d < DISP_COUNT ? _(dispositions[d].label) : "?"; }
const char *disposition_official(int d) { return d >= 0 && d < DISP_COUNT ? dispositions[d].official : "?"; }

/* Whether the folded text f equals the folded label l. */
static bool folded_is(const char *f, const char *l)
{
	char *fl = text_fold(l, strlen(l));
	bool same = strcmp(f, fl) == 0;
	free(fl);
	return same;
}

int disposition_parse(const char *s)
{
	if (!s)
		return -1;
	char *f = text_fold(s, strlen(s));
	int found = -1;
	for (int d = 0; d < DISP_COUNT && found < 0; d++)
		if (strcmp(f, dispositions[d].code) == 0 || folded_is(f, dispositions[d].label) ||
		    folded_is(f, dispositions[d].official) || folded_is(f, _(dispositions[d].label)))
			found = d;
	/* a number only as the one digit itself: folding drops signs and blanks ("-1" → "1") */
	if (found < 0 && s[0] >= '0' && s[0] <= '5' && s[1] == '\0')
		found = s[0] - '0';
	/* common short forms */
	if (found < 0 && (strcmp(f, "xin y kien") == 0 || strcmp(f, "escalate") == 0))
		found = DISP_ESCALATED;
	if (found < 0 && strcmp(f, "chua xu ly") == 0)
		found = DISP_PENDING;
	free(f);
	return found;
}

/* ---- delegates --------------------------------------------------------------------- */

static const char DELEGATE_COLS[] = "id, code, name, unit, role, login";

static void delegate_from_row(struct dbq *s, struct delegate *d, bool copy)
{
	d->id = dbq_column_int64(s, 0);
	if (copy) {
		d->code = db_col_strdup(s, 1, true);
		d->name = db_col_strdup(s, 2, true);
		d->unit = db_col_strdup(s, 3, true);
		d->role = db_col_strdup(s, 4, true);
		d->login = db_col_strdup(s, 5, false);
	} else {
		d->code = (char *)db_col_text(s, 1);
		d->name = (char *)db_col_text(s, 2);
		d->unit = (char *)db_col_text(s, 3);
		d->role = (char *)db_col_text(s, 4);
		d->login = (char *)db_col_text(s, 5);
	}
}

void delegate_clear(struct delegate *d)
{
	free(d->code);
	free(d->name);
	free(d->unit);
	free(d->role);
	free(d->login);
	memset(d, 0, sizeof *d);
}

bool delegate_can_record_for_others(const struct delegate *d)
{
	return d->role && (strcmp(d->role, "secretary") == 0 || strcmp(d->role, "chair") == 0);
}

bool delegate_can_handle(const struct delegate *d)
{
	return d->role && (strcmp(d->role, "editor") == 0 || strcmp(d->role, "chair") == 0);
}

const char *delegate_role_label(const char *role)
{
	if (!role)
		return "";
	if (strcmp(role, "delegate") == 0)
		return C_("role", "delegate");
	if (strcmp(role, "secretary") == 0)
		return C_("role", "secretary");
	if (strcmp(role, "editor") == 0)
		return C_("role", "editor");
	if (strcmp(role, "chair") == 0)
		return C_("role", "chair");
	return role;
}

static bool valid_role(const char *r)
{
	return strcmp(r, "delegate") == 0 || strcmp(r, "secretary") == 0 || strcmp(r, "editor") == 0 ||
	       strcmp(r, "chair") == 0;
}

/* Normalised copy of a short single-line field: NFC, trimmed, inner line breaks → space. */
char *clean_field(const char *s)
{
	char *n = text_normalize(s ? s : "", s ? strlen(s) : 0);
	for (char *p = n; *p; p++)
		if (*p == '\n' || *p == '\t')
			*p = ' ';
	char *a = n;
	while (*a == ' ')
		a++;
	size_t len = strlen(a);
	while (len > 0 && a[len - 1] == ' ')
		len--;
	char *r = xstrndup(a, len);
	free(n);
	return r;
}

int db_require_utf8(const char *what, const char *s)
{
	if (s && !text_valid_utf8(s, strlen(s), NULL))
		return err_set(_("%s is not valid UTF-8; nothing was saved"), _(what));
	return 0;
}

int store_delegate_add(struct store *st, struct delegate *d)
{
	const char *in[] = {d->code, d->name, d->unit, d->role, d->login};
	const char *what[] = {N_("the delegate code"), N_("the name"), N_("the unit"), N_("the role"), N_("the login")};
	for (size_t i = 0; i < sizeof in / sizeof in[0]; i++)
		if (db_require_utf8(what[i], in[i]) != 0)
			return -1;
	char *code = clean_field(d->code), *name = clean_field(d->name), *unit = clean_field(d->unit);
	char *role = clean_field(d->role && *d->role ? d->role : "delegate");
	char *login = d->login && *d->login ? clean_field(d->login) : NULL;
	int rc = -1;
	if (!*code || strchr(code, ' '))
		err_set(_("a delegate code must be one word, without spaces: '%s'"), code);
	else if (!*name)
		err_set(_("delegate %s needs a name"), code);
	else if (!valid_role(role))
		err_set(_("unknown role '%s' (delegate, secretary, editor or chair)"), role);
	else
		rc = 0;
	if (rc == 0 && (rc = store_write_begin(st)) == 0) {
		unsigned char *key = NULL;
		size_t klen = text_name_sort_key(name, strlen(name), &key);
		struct dbq *s = db_cached(st, "INSERT INTO delegate(id, code, name, unit, role, login, sort_key) "
		                                "VALUES (?, ?, ?, ?, ?, ?, ?)");
		gid id = id_new();
		rc = -1;
		if (s) {
			dbq_bind_int64(s, 1, id);
			db_bind_text(s, 2, code);
			db_bind_text(s, 3, name);
			db_bind_text(s, 4, unit);
			db_bind_text(s, 5, role);
			db_bind_text(s, 6, login);
			dbq_bind_blob(s, 7, key, (int)klen);
			int step = db_step_insert(st, s, &id, 0);
			if (step == DBQ_DONE)
				rc = 0;
			else if (db_last_fault(st) == DB_FAULT_UNIQUE)
				err_set(login ? _("a delegate with code %s or login %s already exists")
				              : _("a delegate with code %s already exists"), code, login);
			else
				db_error(st, N_("adding a delegate"));
		}
		free(key);
		rc = store_write_end(st, rc);
		if (rc == 0)
			d->id = id;
	}
	free(code);
	free(name);
	free(unit);
	free(role);
	free(login);
	return rc;
}

static int delegate_get_sql(struct store *st, const char *sql, const char *key, gid id, struct delegate *out)
{
	struct dbq *s = db_cached(st, sql);
	if (!s)
		return -1;
	if (key)
		db_bind_text(s, 1, key);
	else
		dbq_bind_int64(s, 1, id);
	int rc = dbq_step(s);
	if (rc == DBQ_ROW) {
		delegate_from_row(s, out, true);
		dbq_reset(s);
		return 0;
	}
	dbq_reset(s);
	return rc == DBQ_DONE ? 1 : db_error(st, N_("reading delegates"));
}

int store_delegate_get(struct store *st, const char *key, bool by_login, struct delegate *out)
{
	memset(out, 0, sizeof *out);
	if (by_login)
		return delegate_get_sql(st, "SELECT id, code, name, unit, role, login FROM delegate WHERE login = ?", key, 0,
		                        out);
	int rc = delegate_get_sql(st, "SELECT id, code, name, unit, role, login FROM delegate WHERE code = ?", key, 0,
	                          out);
	if (rc != 1)
		return rc;
	/* case-insensitive in ASCII only, in both engines (lower() of a "C" column) */
	return delegate_get_sql(st,
	                        DB_SQL(st, "SELECT id, code, name, unit, role, login FROM delegate WHERE code = ? "
	                                   "COLLATE NOCASE ORDER BY code LIMIT 1",
	                               "SELECT id, code, name, unit, role, login FROM delegate WHERE lower(code) = lower(?) "
	                               "ORDER BY code LIMIT 1"),
	                        key, 0, out);
}

int store_delegate_get_id(struct store *st, gid id, struct delegate *out)
{
	memset(out, 0, sizeof *out);
	return delegate_get_sql(st, "SELECT id, code, name, unit, role, login FROM delegate WHERE id = ?", NULL, id, out);
}

int store_delegate_find_name(struct store *st, const char *name, const char *unit, struct delegate *out)
{
	memset(out, 0, sizeof *out);
	char *n = clean_field(name), *u = clean_field(unit);
	struct dbq *s = db_cached(st, "SELECT id, code, name, unit, role, login FROM delegate WHERE name = ? AND unit = ? "
	                                "ORDER BY code LIMIT 1");
	int rc = -1;
	if (s) {
		db_bind_text(s, 1, n);
		db_bind_text(s, 2, u);
		int step = dbq_step(s);
		if (step == DBQ_ROW) {
			delegate_from_row(s, out, true);
			rc = 0;
		} else {
			rc = step == DBQ_DONE ? 1 : db_error(st, N_("reading delegates"));
		}
		dbq_reset(s);
	}
	free(n);
	free(u);
	return rc;
}

int store_delegate_each(struct store *st, int (*cb)(void *ctx, const struct delegate *d), void *ctx)
{
	(void)DELEGATE_COLS;
	struct dbq *s = db_prepare(st, "SELECT id, code, name, unit, role, login FROM delegate "
	                                 "ORDER BY sort_key IS NULL, sort_key, name, id");
	if (!s)
		return -1;
	int rc;
	while ((rc = dbq_step(s)) == DBQ_ROW) {
		struct delegate d;
		delegate_from_row(s, &d, false);
		if (cb(ctx, &d))
			break;
	}
	int fail = rc != DBQ_ROW && rc != DBQ_DONE;
	dbq_finalize(s);
	return fail ? db_error(st, N_("listing delegates")) : 0;
}

struct scored {
	int score;
	struct delegate d; /* owned */
};

static int cmp_scored(const void *a, const void *b)
{
	const struct scored *x = a, *y = b;
	if (x->score != y->score)
		return y->score - x->score;
	int c = text_name_cmp(x->d.name, y->d.name); /* equals in the Vietnamese order of names */
	return c ? c : strcmp(x->d.code, y->d.code);
}

int store_delegate_match(struct store *st, const char *query, int limit,
                         int (*cb)(void *ctx, const struct delegate *d), void *ctx)
{
	char *q = text_fold(query, strlen(query));
	struct dbq *s = db_prepare(st, "SELECT id, code, name, unit, role, login FROM delegate");
	if (!s) {
		free(q);
		return -1;
	}
	struct scored *best = NULL;
	size_t n = 0, cap = 0;
	int rc;
	while ((rc = dbq_step(s)) == DBQ_ROW) {
		struct delegate d;
		delegate_from_row(s, &d, false);
		int score = 0;
		if (!*q) {
			score = 1;
		} else {
			char *code = text_fold(d.code, strlen(d.code));
			char *name = text_fold(d.name, strlen(d.name));
			char *unit = text_fold(d.unit, strlen(d.unit));
			size_t ql = strlen(q);
			if (strcmp(code, q) == 0)
				score = 1000;
			else if (strncmp(code, q, ql) == 0)
				score = 900;
			int sn = text_match_score(name, q), su = text_match_score(unit, q);
			if (sn > score)
				score = sn;
			if (su / 2 > score)
				score = su / 2;
			if (!score) { /* "nguyen van a so tt": words from name then unit */
				struct buf both = {0};
				buf_printf(&both, "%s %s", name, unit);
				score = text_match_score(both.data, q) / 3;
				buf_free(&both);
			}
			free(code);
			free(name);
			free(unit);
		}
		if (score > 0) {
			if (n == cap) {
				cap = cap ? cap * 2 : 32;
				best = xrealloc(best, cap * sizeof *best);
			}
			best[n].score = score;
			delegate_from_row(s, &best[n].d, true);
			n++;
		}
	}
	int fail = rc != DBQ_DONE;
	dbq_finalize(s);
	free(q);
	if (fail) {
		for (size_t i = 0; i < n; i++)
			delegate_clear(&best[i].d);
		free(best);
		return db_error(st, N_("matching delegates"));
	}
	if (n) /* qsort(NULL, 0, ...) is undefined */
		qsort(best, n, sizeof *best, cmp_scored);
	for (size_t i = 0, stop = 0; i < n; i++) {
		if (!stop && (limit <= 0 || (int)i < limit))
			stop = cb(ctx, &best[i].d);
		delegate_clear(&best[i].d);
	}
	free(best);
	return 0;
}

/* ---- documents --------------------------------------------------------------------- */

#define DOCUMENT_SELECT \
	"SELECT id, code, title, kind, version, status, deadline, issuer, place, created_at, n_sections, " \
	"n_comments, n_pending, n_versions FROM document "

static void document_from_row(struct dbq *s, struct document *d, bool copy)
{
	d->id = dbq_column_int64(s, 0);
	char **f[] = {&d->code, &d->title, &d->kind, &d->version, &d->status, &d->deadline,
	              &d->issuer, &d->place, &d->created_at};
	for (int i = 0; i < 9; i++)
		*f[i] = copy ? db_col_strdup(s, i + 1, true) : (char *)(db_col_text(s, i + 1) ? db_col_text(s, i + 1) : "");
	d->n_sections = dbq_column_int64(s, 10);
	d->n_comments = dbq_column_int64(s, 11);
	d->n_pending = dbq_column_int64(s, 12);
	d->n_versions = dbq_column_int(s, 13);
}

void document_clear(struct document *d)
{
	char *f[] = {d->code, d->title, d->kind, d->version, d->status, d->deadline, d->issuer, d->place, d->created_at};
	for (int i = 0; i < 9; i++)
		free(f[i]);
	memset(d, 0, sizeof *d);
}

int store_document_add(struct store *st, struct document *d)
{
	char *v[8];
	const char *in[8] = {d->code, d->title, d->kind, d->version, d->status, d->deadline, d->issuer, d->place};
	for (int i = 0; i < 8; i++)
		if (db_require_utf8(N_("a document's code, title or other field"), in[i]) != 0)
			return -1;
	for (int i = 0; i < 8; i++)
		v[i] = clean_field(in[i]);
	int rc = -1;
	char now[21];
	clock_now_iso(now);
	if (!*v[0] || strchr(v[0], ' '))
		err_set(_("a document code must be one word, without spaces: '%s'"), v[0]);
	else if (*v[5] && !time_parse_iso(v[5], NULL))
		err_set(_("deadline '%s' is not a date (YYYY-MM-DD)"), v[5]);
	else
		rc = store_write_begin(st);
	if (rc == 0) {
		struct dbq *s = db_cached(st, "INSERT INTO document(id, code, title, kind, version, status, deadline, "
		                                "issuer, place, created_at) VALUES (?,?,?,?,?,?,?,?,?,?)");
		gid id = id_new();
		rc = -1;
		if (s) {
			dbq_bind_int64(s, 1, id);
			for (int i = 0; i < 8; i++)
				db_bind_text(s, i + 2, v[i]);
			db_bind_text(s, 10, now);
			int step = db_step_insert(st, s, &id, 0);
			if (step == DBQ_DONE)
				rc = 0;
			else if (db_last_fault(st) == DB_FAULT_UNIQUE)
				err_set(_("a document with code %s already exists"), v[0]);
			else
				db_error(st, N_("adding a document"));
		}
		rc = store_write_end(st, rc);
		if (rc == 0)
			d->id = id;
	}
	for (int i = 0; i < 8; i++)
		free(v[i]);
	return rc;
}

static int document_get_sql(struct store *st, const char *sql, const char *code, gid id, struct document *out)
{
	memset(out, 0, sizeof *out);
	struct dbq *s = db_cached(st, sql);
	if (!s)
		return -1;
	if (code)
		db_bind_text(s, 1, code);
	else
		dbq_bind_int64(s, 1, id);
	int rc = dbq_step(s);
	if (rc == DBQ_ROW)
		document_from_row(s, out, true);
	dbq_reset(s);
	if (rc == DBQ_ROW)
		return 0;
	return rc == DBQ_DONE ? 1 : db_error(st, N_("reading documents"));
}

int store_document_get(struct store *st, const char *code, struct document *out)
{
	int rc = document_get_sql(st, DOCUMENT_SELECT "WHERE code = ?", code, 0, out);
	if (rc == 1)
		rc = document_get_sql(st,
		                      DB_SQL(st, DOCUMENT_SELECT "WHERE code = ? COLLATE NOCASE ORDER BY code LIMIT 1",
		                             DOCUMENT_SELECT "WHERE lower(code) = lower(?) ORDER BY code LIMIT 1"),
		                      code, 0, out);
	return rc;
}

int store_document_get_id(struct store *st, gid id, struct document *out)
{
	return document_get_sql(st, DOCUMENT_SELECT "WHERE id = ?", NULL, id, out);
}

int store_document_each(struct store *st, int (*cb)(void *ctx, const struct document *d), void *ctx)
{
	struct dbq *s = db_prepare(st, DOCUMENT_SELECT "ORDER BY created_at, code");
	if (!s)
		return -1;
	dbq_read_whole(s, false); /* a review's drafts: a few */
	int rc;
	while ((rc = dbq_step(s)) == DBQ_ROW) {
		struct document d;
		document_from_row(s, &d, false);
		if (cb(ctx, &d))
			break;
	}
	int fail = rc != DBQ_ROW && rc != DBQ_DONE;
	dbq_finalize(s);
	return fail ? db_error(st, N_("listing documents")) : 0;
}

/* ---- sections ---------------------------------------------------------------------- */

#define SECTION_SELECT \
	"SELECT id, document_id, parent_id, position, level, depth, label, full_label, heading, body, n_comments, " \
	"n_pending, version FROM section "

static void section_from_row(struct dbq *s, struct section *x, bool copy)
{
	x->id = dbq_column_int64(s, 0);
	x->doc_id = dbq_column_int64(s, 1);
	x->parent_id = dbq_column_int64(s, 2);
	x->position = dbq_column_int64(s, 3);
	x->level = dbq_column_int(s, 4);
	x->depth = dbq_column_int(s, 5);
	char **f[] = {&x->label, &x->full_label, &x->heading, &x->body};
	for (int i = 0; i < 4; i++)
		*f[i] = copy ? db_col_strdup(s, 6 + i, true) : (char *)(db_col_text(s, 6 + i) ? db_col_text(s, 6 + i) : "");
	x->n_comments = dbq_column_int64(s, 10);
	x->n_pending = dbq_column_int64(s, 11);
	x->version = dbq_column_int(s, 12);
}

void section_clear(struct section *x)
{
	free(x->label);
	free(x->full_label);
	free(x->heading);
	free(x->body);
	memset(x, 0, sizeof *x);
}

int store_section_add(struct store *st, struct section *x)
{
	int rc = store_write_begin(st);
	if (rc != 0)
		return rc;
	char *label = clean_field(x->label), *heading = clean_field(x->heading);
	char *body = text_normalize(x->body ? x->body : "", x->body ? strlen(x->body) : 0);
	char *full = x->full_label && *x->full_label ? clean_field(x->full_label) : xstrdup(label);
	gid id = id_new();
	rc = -1;
	struct dbq *s = db_cached(st, "INSERT INTO section(id, document_id, parent_id, position, level, depth, label, "
	                                "full_label, heading, body, version) VALUES (?,?,?,?,?,?,?,?,?,?,"
	                                "(SELECT n_versions FROM document WHERE id = ?2))");
	if (s) {
		dbq_bind_int64(s, 1, id);
		dbq_bind_int64(s, 2, x->doc_id);
		db_bind_id(s, 3, x->parent_id);
		dbq_bind_int64(s, 4, x->position);
		dbq_bind_int(s, 5, x->level);
		dbq_bind_int(s, 6, x->depth);
		db_bind_text(s, 7, label);
		db_bind_text(s, 8, full);
		db_bind_text(s, 9, heading);
		db_bind_text(s, 10, body);
		rc = db_step_insert(st, s, &id, 0) == DBQ_DONE ? 0 : db_error(st, N_("adding a section"));
	}
	free(label);
	free(heading);
	free(body);
	free(full);
	rc = store_write_end(st, rc);
	if (rc == 0)
		x->id = id;
	section_index_free(st->sections); /* the outline changed */
	st->sections = NULL;
	return rc;
}

int store_section_each(struct store *st, gid doc_id, int (*cb)(void *ctx, const struct section *s), void *ctx)
{
	struct dbq *s = db_prepare(st, SECTION_SELECT "WHERE document_id = ?1 AND version = "
	                                 "coalesce(?2, (SELECT n_versions FROM document WHERE id = ?1)) ORDER BY position");
	if (!s)
		return -1;
	dbq_bind_int64(s, 1, doc_id);
	if (st->view_version > 0)
		dbq_bind_int(s, 2, st->view_version);
	dbq_read_whole(s, false); /* a draft's outline: hundreds of sections, rarely more than a thousand */
	int rc;
	while ((rc = dbq_step(s)) == DBQ_ROW) {
		struct section x;
		section_from_row(s, &x, false);
		if (cb(ctx, &x))
			break;
	}
	int fail = rc != DBQ_ROW && rc != DBQ_DONE;
	dbq_finalize(s);
	return fail ? db_error(st, N_("listing sections")) : 0;
}

int store_section_get(struct store *st, gid id, struct section *out)
{
	memset(out, 0, sizeof *out);
	struct dbq *s = db_cached(st, SECTION_SELECT "WHERE id = ?");
	if (!s)
		return -1;
	dbq_bind_int64(s, 1, id);
	int rc = dbq_step(s);
	if (rc == DBQ_ROW)
		section_from_row(s, out, true);
	dbq_reset(s);
	if (rc == DBQ_ROW)
		return 0;
	return rc == DBQ_DONE ? 1 : db_error(st, N_("reading a section"));
}

/* Section lookup (store_section_find). The query is compared with each section's citation
 * and label as typed, case aside (ranks 7 and 6: "điểm đ" is not "điểm d"), then folded
 * (no diacritics: "diem d" names both) with its citation (rank 5), label (rank 4), the path
 * of labels from an ancestor down ending at a word boundary ("dieu 3 khoan 1", "chuong ii
 * dieu 3") (rank 3), or its heading (rank 1); a query with "/" is a path of numbers or
 * labels, each a child of the one before ("Phần thứ hai/I/2/b", "Điều 1/II/1") (rank 2),
 * each part matched as typed when it can be, folded otherwise; a part "-2" is only a dash
 * item, "+1" only a plus item. A part is named by any of its numbers: "Phần thứ hai",
 * "Phần II" and "Phần 2" are one (part_canon). The highest rank wins; two sections at
 * that rank are ambiguous. The folded labels of one document are kept (st->sections) until
 * a section is added or another connection writes, so a bulk import looks up each of its
 * labels without folding the outline again. */
struct section_index {
	gid doc_id;
	int64_t data_version;
	size_t n;
	gid *ids;
	int64_t *parent;              /* index of the parent, -1 for top level */
	int *level;                   /* enum section_level */
	char **label, **full, **path, **number, **heading; /* folded; label, full, path part_canon */
	char **exact_label, **exact_full, **exact_number;   /* case folded, marks kept; likewise */
	char **citation;              /* full_label as stored, for messages */
};

void section_index_free(struct section_index *x)
{
	if (!x)
		return;
	for (size_t i = 0; i < x->n; i++) {
		free(x->label[i]);
		free(x->full[i]);
		free(x->path[i]);
		free(x->number[i]);
		free(x->heading[i]);
		free(x->exact_label[i]);
		free(x->exact_full[i]);
		free(x->exact_number[i]);
		free(x->citation[i]);
	}
	free(x->ids);
	free(x->parent);
	free(x->level);
	free(x->label);
	free(x->full);
	free(x->path);
	free(x->number);
	free(x->heading);
	free(x->exact_label);
	free(x->exact_full);
	free(x->exact_number);
	free(x->citation);
	free(x);
}

struct index_build {
	struct section_index *x;
	size_t cap;
	struct strmap pos; /* id (8 bytes) → index */
};

/* The number in a folded or case-folded label: what follows its level word ("khoan 1 1" →
 * "1 1", "phần thứ hai" → "thứ hai", "gach dau dong 2" → "2"); the label itself otherwise. */
static char *label_number(const char *folded)
{
	static const char *const words[] = {
		"phan ", "chuong ", "muc ", "dieu ", "khoan ", "diem ", "gach dau dong ", "dau cong ",
		"phần ", "chương ", "mục ", "điều ", "khoản ", "điểm ", "gạch đầu dòng ", "dấu cộng ",
	};
	for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
		if (strncmp(folded, words[i], strlen(words[i])) == 0)
			return xstrdup(folded + strlen(words[i]));
	return xstrdup(folded);
}

/* Number words after "thứ", case folded with marks and folded: "thứ hai" is 2. `after`:
 * only after "mười"/"mươi" ("mười một", "hai mươi mốt"); 10 is "mười" and "mươi". */
static const struct {
	const char *word;
	int value;
	bool after;
} ordinal_words[] = {
	{"nhất", 1, false}, {"nhat", 1, false}, {"một", 1, true},  {"mốt", 1, true},  {"mot", 1, true},
	{"hai", 2, false},  {"ba", 3, false},   {"tư", 4, false},  {"tu", 4, false},  {"bốn", 4, false},
	{"bon", 4, false},  {"năm", 5, false},  {"nam", 5, false}, {"lăm", 5, true},  {"lam", 5, true},
	{"sáu", 6, false},  {"sau", 6, false},  {"bảy", 7, false}, {"bẩy", 7, false}, {"bay", 7, false},
	{"tám", 8, false},  {"tam", 8, false},  {"chín", 9, false}, {"chin", 9, false}, {"mười", 10, false},
	{"mươi", 10, false}, {"muoi", 10, false},
};

/* The value of word w[0..n) among ordinal_words (any, or only those that may follow "mười"
 * when `after`), 0 if none. */
static int ordinal_word(const char *w, size_t n, bool after)
{
	for (size_t i = 0; i < sizeof ordinal_words / sizeof ordinal_words[0]; i++)
		if (strlen(ordinal_words[i].word) == n && memcmp(w, ordinal_words[i].word, n) == 0 &&
		    (after ? ordinal_words[i].value < 10 : !ordinal_words[i].after))
			return ordinal_words[i].value;
	return 0;
}

/* The length of the word at p (up to a space or the end). */
static size_t word_len(const char *p)
{
	return strcspn(p, " ");
}

/* The word after the one at p (past the spaces), or the end. */
static const char *word_after(const char *p)
{
	p += word_len(p);
	return p + strspn(p, " ");
}

/* The number at *p, a part's: digits, a Roman numeral of i, v, x, or "thứ" and an ordinal
 * ("thứ nhất", "thứ tư", "thứ mười lăm", "thứ hai mươi mốt"); *p moves to the end of its
 * last word. 0: none (*p unchanged). */
static int part_number(const char **p)
{
	const char *s = *p;
	size_t n = word_len(s);
	if (n && n <= 3 && strspn(s, "0123456789") == n) {
		*p = s + n;
		return atoi(s);
	}
	if (n && n <= 6 && strspn(s, "ivx") == n) {
		static const char *const ones[] = {"", "i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix"};
		for (int v = 1; v < 40; v++) { /* only a well-formed numeral */
			char r[16];
			snprintf(r, sizeof r, "%.*s%s", v / 10, "xxx", ones[v % 10]);
			if (strlen(r) == n && memcmp(r, s, n) == 0) {
				*p = s + n;
				return v;
			}
		}
		return 0;
	}
	if (!((n == 3 && memcmp(s, "thu", 3) == 0) || (n == strlen("thứ") && memcmp(s, "thứ", n) == 0)))
		return 0;
	s = word_after(s);
	int v = ordinal_word(s, word_len(s), false);
	if (!v)
		return 0;
	const char *end = s + word_len(s);
	int tens = v == 10 ? 1 : 0;
	if (v > 1 && v < 10 && ordinal_word(word_after(s), word_len(word_after(s)), false) == 10) {
		tens = v; /* "hai mươi" */
		s = word_after(s);
		end = s + word_len(s);
	}
	if (tens) {
		s = word_after(s);
		int u = ordinal_word(s, word_len(s), true);
		if (u)
			end = s + word_len(s);
		v = tens * 10 + u;
	}
	*p = end;
	return v;
}

/* Take s (folded or case folded) and give it back with every part's number in arabic
 * digits: "muc ii phan thu hai" → "muc ii phan 2", "phần ii" → "phần 2"; so any of the
 * ways a part is numbered ("Phần thứ hai", "Phần II", "Phần 2") names it. */
static char *part_canon(char *s)
{
	if (!strstr(s, "phan") && !strstr(s, "phần"))
		return s;
	struct buf b = {0};
	for (const char *p = s; *p;) {
		size_t n = word_len(p);
		bool part = (n == 4 && memcmp(p, "phan", 4) == 0) || (n == strlen("phần") && memcmp(p, "phần", n) == 0);
		buf_printf(&b, "%.*s", (int)n, p);
		p += n;
		const char *q = p + strspn(p, " ");
		int v = part && q > p && *q ? part_number(&q) : 0;
		if (v) {
			buf_printf(&b, " %d", v);
			p = q;
		}
		size_t sp = strspn(p, " ");
		buf_printf(&b, "%.*s", (int)sp, p);
		p += sp;
	}
	free(s);
	return buf_take(&b);
}

static int index_cb(void *ctx, const struct section *s)
{
	struct index_build *b = ctx;
	struct section_index *x = b->x;
	if (x->n == b->cap) {
		b->cap = b->cap ? b->cap * 2 : 64;
		x->ids = xrealloc(x->ids, b->cap * sizeof *x->ids);
		x->parent = xrealloc(x->parent, b->cap * sizeof *x->parent);
		x->level = xrealloc(x->level, b->cap * sizeof *x->level);
		char ***cols[] = {&x->label,       &x->full,       &x->path,         &x->number,  &x->heading,
		                  &x->exact_label, &x->exact_full, &x->exact_number, &x->citation};
		for (size_t k = 0; k < sizeof cols / sizeof cols[0]; k++)
			*cols[k] = xrealloc(*cols[k], b->cap * sizeof **cols[k]);
	}
	size_t i = x->n++;
	x->ids[i] = s->id;
	x->level[i] = s->level;
	x->label[i] = text_fold(s->label, strlen(s->label));
	x->number[i] = label_number(x->label[i]); /* "thu hai", before part_canon */
	x->label[i] = part_canon(x->label[i]);
	x->full[i] = part_canon(text_fold(s->full_label, strlen(s->full_label)));
	x->heading[i] = text_fold(s->heading, strlen(s->heading));
	x->exact_label[i] = text_casefold(s->label, strlen(s->label));
	x->exact_number[i] = label_number(x->exact_label[i]);
	x->exact_label[i] = part_canon(x->exact_label[i]);
	x->exact_full[i] = part_canon(text_casefold(s->full_label, strlen(s->full_label)));
	x->citation[i] = xstrdup(s->full_label);
	struct buf path = {0};
	int64_t parent = -1;
	if (s->parent_id && strmap_get(&b->pos, (const char *)&s->parent_id, sizeof s->parent_id, &parent)) {
		buf_puts(&path, x->path[parent]);
		buf_putc(&path, ' ');
	}
	x->parent[i] = parent;
	buf_puts(&path, x->label[i]);
	x->path[i] = buf_take(&path);
	strmap_put(&b->pos, (const char *)&s->id, sizeof s->id, (int64_t)i);
	return 0;
}

static struct section_index *section_index_for(struct store *st, gid doc_id)
{
	int64_t version = store_data_version(st);
	struct section_index *x = st->sections;
	if (x && x->doc_id == doc_id && x->data_version == version)
		return x;
	section_index_free(x);
	st->sections = NULL;
	struct index_build b = {.x = xcalloc(1, sizeof *b.x)};
	b.x->doc_id = doc_id;
	b.x->data_version = version;
	int rc = store_section_each(st, doc_id, index_cb, &b);
	strmap_free(&b.pos);
	if (rc != 0) {
		section_index_free(b.x);
		return NULL;
	}
	return st->sections = b.x;
}

static bool ends_with_words(const char *s, const char *suffix)
{
	size_t ls = strlen(s), lx = strlen(suffix);
	if (lx > ls)
		return false;
	if (strcmp(s + ls - lx, suffix) != 0)
		return false;
	return lx == ls || s[ls - lx - 1] == ' ';
}

/* A query with '/': mark in `hit` the sections its components reach, each component (a
 * number, label or citation) a child of the one before; the first may be at any depth. */
static void path_match(const struct section_index *x, const char *query, bool *hit)
{
	bool *prev = xcalloc(x->n + 1, sizeof *prev);
	bool first = true;
	for (const char *p = query;; first = false) {
		const char *slash = strchr(p, '/');
		size_t len = slash ? (size_t)(slash - p) : strlen(p);
		/* a dash's "-2", a plus's "+1": that number among the dash (plus) items only */
		size_t k = strspn(p, " ");
		int level = k < len && p[k] == '-' ? LEVEL_DASH : k < len && p[k] == '+' ? LEVEL_PLUS : -1;
		if (level >= 0)
			k += strspn(p + k, "-+ ");
		k = k < len ? k : len;
		/* as typed first ("đ" is not "d"), folded when nothing matches so */
		bool any = false;
		for (int folded = 0; folded < 2 && !any; folded++) {
			char *c = part_canon(folded ? text_fold(p + k, len - k) : text_casefold(p + k, len - k));
			for (size_t i = 0; i < x->n; i++) {
				bool under = first || (x->parent[i] >= 0 && prev[x->parent[i]]);
				under = under && (level < 0 || x->level[i] == level);
				char *num = folded ? x->number[i] : x->exact_number[i];
				char *lab = folded ? x->label[i] : x->exact_label[i];
				char *full = folded ? x->full[i] : x->exact_full[i];
				hit[i] = under && *c && *x->label[i] &&
				         (strcmp(c, num) == 0 || strcmp(c, lab) == 0 || strcmp(c, full) == 0);
				any = any || hit[i];
			}
			free(c);
		}
		if (!slash || !any)
			break;
		memcpy(prev, hit, x->n * sizeof *hit);
		p = slash + 1;
	}
	free(prev);
}

int store_section_find(struct store *st, gid doc_id, const char *label, struct section *out)
{
	memset(out, 0, sizeof *out);
	char *heading = text_fold(label, strlen(label));
	if (!*heading) {
		free(heading);
		return 1;
	}
	char *q = part_canon(xstrdup(heading));
	char *exact = part_canon(text_casefold(label, strlen(label)));
	struct section_index *x = section_index_for(st, doc_id);
	if (!x) {
		free(exact);
		free(q);
		free(heading);
		return -1;
	}
	bool *on_path = NULL;
	if (strchr(label, '/')) {
		on_path = xcalloc(x->n + 1, sizeof *on_path);
		path_match(x, label, on_path);
	}
	enum { MAX_NAMED = 10 };
	int best = 0, ties = 0;
	gid found = 0;
	struct buf names = {0};
	for (size_t i = 0; i < x->n; i++) {
		if (!*x->full[i])
			continue;
		int rank = strcmp(x->exact_full[i], exact) == 0                  ? 7
		         : *x->label[i] && strcmp(x->exact_label[i], exact) == 0   ? 6
		         : strcmp(x->full[i], q) == 0                              ? 5
		         : *x->label[i] && strcmp(x->label[i], q) == 0             ? 4
		         : *x->label[i] && ends_with_words(x->path[i], q)          ? 3
		         : on_path && on_path[i]                                   ? 2
		         : *x->heading[i] && strcmp(x->heading[i], heading) == 0   ? 1
		                                                                   : 0;
		if (rank > best) {
			best = rank;
			found = x->ids[i];
			ties = 0;
			buf_reset(&names);
			buf_puts(&names, x->citation[i]);
		} else if (rank && rank == best && ++ties < MAX_NAMED) {
			buf_puts(&names, "; ");
			buf_puts(&names, x->citation[i]);
		}
	}
	int rc;
	if (!best)
		rc = 1;
	else if (ties)
		rc = err_set(_("section '%s' is ambiguous: %s%s; name one by its citation or a path such as "
		               "'Phần thứ hai/II/1'"), label, names.data, ties >= MAX_NAMED ? "; …" : "");
	else
		rc = store_section_get(st, found, out);
	buf_free(&names);
	free(on_path);
	free(exact);
	free(q);
	free(heading);
	return rc;
}
