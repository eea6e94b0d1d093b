/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pg_check.c — `gopy check` on a PostgreSQL review: the schema version, the thread keys,
 * the counters and tallies against one pass over the comments, the audit log against the
 * comments, gopy's triggers all present, and the search vectors (db.c's checks, in
 * PostgreSQL's words; the server keeps its own pages and foreign keys). */
#include "pg.h"
#include "store_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gopy/buf.h"
#include "gopy/err.h"
#include "gopy/i18n.h"

#define STR_(x) #x
#define STR(x) STR_(x)

/* The triggers the migrations make (pg_schema.c). */
#define PG_TRIGGERS                                                                                      \
	"'comment_counted', 'comment_text_changed', 'section_counted', 'audit_numbered', 'audit_append_only', " \
	"'audit_no_truncate', 'audit_comment', 'audit_delegate', 'audit_document', 'tally_changed', 'version_first', " \
	"'audit_copy_append_only', 'audit_copy_no_truncate', 'comment_day_kept', 'comment_added'"

static const struct db_check checks[] = {
	{"SELECT format('comment %s: thread key does not extend its parent''s', c.id) FROM comment c "
	 "JOIN comment p ON p.id = c.parent_id WHERE substr(c.thread_key, 1, length(p.thread_key)) <> p.thread_key "
	 "OR length(c.thread_key) <> length(p.thread_key) + 4 OR c.depth <> p.depth + 1 OR c.root_id <> p.root_id "
	 "OR c.document_id <> p.document_id OR c.section_id IS DISTINCT FROM p.section_id",
	 N_("threads")},
	{"SELECT format('comment %s: root comment with a bad key or root', id) FROM comment "
	 "WHERE parent_id IS NULL AND (length(thread_key) <> 4 OR depth <> 0 OR root_id <> id)",
	 N_("threads")},
	{"SELECT format('comment %s: %s levels deep, past the limit of " STR(STORE_MAX_THREAD_DEPTH)
	 " (made by another tool; gopy shows it but cannot reply to it)', id, depth + 1) FROM comment "
	 "WHERE depth >= " STR(STORE_MAX_THREAD_DEPTH) " AND parent_id IS NOT NULL "
	 "AND NOT EXISTS (SELECT 1 FROM comment d WHERE d.parent_id = comment.id)",
	 N_("threads")},
	{"WITH actual AS (SELECT document_id, count(*) AS n, count(*) FILTER (WHERE disposition = 0) AS p "
	 "FROM comment WHERE deleted_at IS NULL GROUP BY document_id) "
	 "SELECT format('document %s: counters say %s/%s, comments are %s/%s', d.code, d.n_comments, d.n_pending, "
	 "coalesce(a.n, 0), coalesce(a.p, 0)) FROM document d LEFT JOIN actual a ON a.document_id = d.id "
	 "WHERE d.n_comments <> coalesce(a.n, 0) OR d.n_pending <> coalesce(a.p, 0)",
	 N_("counters")},
	{"WITH actual AS (SELECT section_id, count(*) AS n, count(*) FILTER (WHERE disposition = 0) AS p "
	 "FROM comment WHERE deleted_at IS NULL AND section_id IS NOT NULL GROUP BY section_id) "
	 "SELECT format('section %s: counters say %s/%s, comments are %s/%s', s.id, s.n_comments, s.n_pending, "
	 "coalesce(a.n, 0), coalesce(a.p, 0)) FROM section s LEFT JOIN actual a ON a.section_id = s.id "
	 "WHERE s.n_comments <> coalesce(a.n, 0) OR s.n_pending <> coalesce(a.p, 0)",
	 N_("counters")},
	{"WITH actual AS (SELECT document_id, disposition, count(*) AS n FROM comment WHERE deleted_at IS NULL "
	 "GROUP BY document_id, disposition), "
	 "keys AS (SELECT document_id, disposition FROM actual UNION SELECT document_id, disposition FROM tally_disposition) "
	 "SELECT format('document %s, disposition %s: tally says %s, comments are %s', k.document_id, k.disposition, "
	 "coalesce(t.n, 0), coalesce(a.n, 0)) FROM keys k "
	 "LEFT JOIN actual a ON a.document_id = k.document_id AND a.disposition = k.disposition "
	 "LEFT JOIN tally_disposition t ON t.document_id = k.document_id AND t.disposition = k.disposition "
	 "WHERE coalesce(t.n, 0) <> coalesce(a.n, 0)",
	 N_("counters")},
	{"WITH actual AS (SELECT document_id, author_id, count(*) AS n, count(*) FILTER (WHERE parent_id IS NULL) AS r, "
	 "count(*) FILTER (WHERE disposition <> 0) AS h FROM comment WHERE deleted_at IS NULL "
	 "GROUP BY document_id, author_id), "
	 "keys AS (SELECT document_id, author_id FROM actual UNION SELECT document_id, author_id FROM tally_author) "
	 "SELECT format('document %s, author %s: tally says %s/%s/%s, comments are %s/%s/%s', k.document_id, "
	 "k.author_id, coalesce(t.n, 0), coalesce(t.n_roots, 0), coalesce(t.n_handled, 0), coalesce(a.n, 0), "
	 "coalesce(a.r, 0), coalesce(a.h, 0)) FROM keys k "
	 "LEFT JOIN actual a ON a.document_id = k.document_id AND a.author_id = k.author_id "
	 "LEFT JOIN tally_author t ON t.document_id = k.document_id AND t.author_id = k.author_id "
	 "WHERE coalesce(t.n, 0) <> coalesce(a.n, 0) OR coalesce(t.n_roots, 0) <> coalesce(a.r, 0) "
	 "OR coalesce(t.n_handled, 0) <> coalesce(a.h, 0)",
	 N_("counters")},
	/* each day's count and thread keys (migration 12; db.c's "@days", store_days.c): n exact, the
	 * bounds containing the keys (bytea has no min() on this server: its hex, in byte order) */
	{"WITH actual AS (SELECT document_id, substr(created_at, 1, 10) AS day, count(*) AS n, "
	 "min(encode(thread_key, 'hex') COLLATE \"C\") AS lo, max(encode(thread_key, 'hex') COLLATE \"C\") AS hi "
	 "FROM comment GROUP BY document_id, substr(created_at, 1, 10)), "
	 "keys AS (SELECT document_id, day FROM actual UNION SELECT document_id, day FROM comment_day) "
	 "SELECT format('document %s, %s: the table says %s comments, they are %s%s', k.document_id, k.day, "
	 "coalesce(t.n, 0), coalesce(a.n, 0), CASE WHEN t.n = a.n THEN ' (thread keys out of its bounds)' ELSE '' END) "
	 "FROM keys k LEFT JOIN actual a ON a.document_id = k.document_id AND a.day = k.day "
	 "LEFT JOIN comment_day t ON t.document_id = k.document_id AND t.day = k.day "
	 "WHERE coalesce(t.n, 0) <> coalesce(a.n, 0) OR encode(t.min_key, 'hex') COLLATE \"C\" > a.lo "
	 "OR encode(t.max_key, 'hex') COLLATE \"C\" < a.hi",
	 N_("days")},
	/* versions and alignments (db.c's twins) */
	{"SELECT format('document %s: says its newest version is %s, but it has versions %s', d.code, d.n_versions, "
	 "coalesce((SELECT string_agg(v.number::text, ', ' ORDER BY v.number) FROM version v "
	 "WHERE v.document_id = d.id), 'none')) FROM document d "
	 "WHERE (SELECT count(*) FROM version v WHERE v.document_id = d.id) <> d.n_versions "
	 "OR (SELECT max(number) FROM version v WHERE v.document_id = d.id) IS DISTINCT FROM d.n_versions",
	 N_("versions")},
	{"SELECT format('section %s: of version %s, which document %s does not have', s.id, s.version, "
	 "coalesce((SELECT code FROM document d WHERE d.id = s.document_id), s.document_id::text)) "
	 "FROM section s WHERE NOT EXISTS (SELECT 1 FROM version v WHERE v.document_id = s.document_id "
	 "AND v.number = s.version)",
	 N_("versions")},
	{"SELECT format('section %s (version %s): its parent %s is of another document or version, or not before it', "
	 "s.id, s.version, p.id) FROM section s JOIN section p ON p.id = s.parent_id WHERE p.document_id <> s.document_id "
	 "OR p.version <> s.version OR p.position >= s.position OR s.depth <> p.depth + 1",
	 N_("versions")},
	{"SELECT format('document %s, version %s: its sections are not one run of positions', d.code, x.version) "
	 "FROM (SELECT document_id, version, min(position) AS lo, max(position) AS hi, count(*) AS n FROM section "
	 "GROUP BY document_id, version) AS x JOIN document d ON d.id = x.document_id WHERE x.hi - x.lo + 1 <> x.n",
	 N_("versions")},
	{"SELECT format('document %s, version %s: counts %s sections, it has %s', d.code, v.number, v.n_sections, "
	 "(SELECT count(*) FROM section s WHERE s.document_id = v.document_id AND s.version = v.number)) FROM version v "
	 "JOIN document d ON d.id = v.document_id WHERE v.n_sections <> (SELECT count(*) FROM section s "
	 "WHERE s.document_id = v.document_id AND s.version = v.number)",
	 N_("versions")},
	{"SELECT format('document %s, version %s: %s', d.code, a.new_version, CASE "
	 "WHEN a.new_section IS NULL AND a.old_section IS NULL THEN 'a link between no sections' "
	 "WHEN a.kind NOT BETWEEN 0 AND 7 THEN format('unknown kind %s', a.kind) "
	 "WHEN a.new_version < 2 OR a.new_version > d.n_versions THEN 'no such pair of versions' "
	 "WHEN a.new_section IS NOT NULL AND (w.id IS NULL OR w.document_id <> a.document_id "
	 "OR w.version <> a.new_version) THEN format('section %s is not of version %s', a.new_section, a.new_version) "
	 "ELSE format('section %s is not of version %s', a.old_section, a.new_version - 1) END) "
	 "FROM alignment a JOIN document d ON d.id = a.document_id LEFT JOIN section w ON w.id = a.new_section "
	 "LEFT JOIN section o ON o.id = a.old_section "
	 "WHERE (a.new_section IS NULL AND a.old_section IS NULL) OR a.kind NOT BETWEEN 0 AND 7 "
	 "OR a.new_version < 2 OR a.new_version > d.n_versions "
	 "OR (a.new_section IS NOT NULL AND (w.id IS NULL OR w.document_id <> a.document_id OR w.version <> a.new_version)) "
	 "OR (a.old_section IS NOT NULL AND (o.id IS NULL OR o.document_id <> a.document_id "
	 "OR o.version <> a.new_version - 1))",
	 N_("alignment")},
	{"SELECT format('document %s, version %s: not aligned with version %s', d.code, v.number, v.number - 1) "
	 "FROM version v JOIN document d ON d.id = v.document_id WHERE v.number > 1 AND NOT EXISTS "
	 "(SELECT 1 FROM alignment a WHERE a.document_id = v.document_id AND a.new_version = v.number)",
	 N_("alignment")},
	{"SELECT format('section %s (version %s): not in the alignment with version %s', s.id, s.version, "
	 "CASE WHEN x.new_version = s.version THEN s.version - 1 ELSE s.version + 1 END) "
	 "FROM (SELECT DISTINCT document_id, new_version FROM alignment) AS x JOIN section s "
	 "ON s.document_id = x.document_id AND s.version IN (x.new_version, x.new_version - 1) "
	 "WHERE (s.version = x.new_version AND NOT EXISTS (SELECT 1 FROM alignment a WHERE a.new_section = s.id)) "
	 "OR (s.version = x.new_version - 1 AND NOT EXISTS (SELECT 1 FROM alignment a WHERE a.old_section = s.id "
	 "AND a.new_version = x.new_version))",
	 N_("alignment")},
	{"SELECT format('comment %s: not in the audit log', c.id) FROM comment c "
	 "WHERE NOT EXISTS (SELECT 1 FROM audit a WHERE a.comment_id = c.id AND a.kind = 'add') "
	 "AND NOT EXISTS (SELECT 1 FROM audit a WHERE a.first_seq <= c.seq AND a.last_seq >= c.seq "
	 "AND a.kind IN ('baseline', 'import', 'merge'))",
	 N_("audit")},
	{"WITH last AS (SELECT DISTINCT ON (comment_id) comment_id, new_value FROM audit WHERE kind IN ('add', 'edit') "
	 "AND comment_id IS NOT NULL ORDER BY comment_id, seq DESC) "
	 "SELECT format('comment %s: its text is not the last text in the audit log', c.id) FROM last l "
	 "JOIN comment c ON c.id = l.comment_id WHERE c.body IS DISTINCT FROM l.new_value",
	 N_("audit")},
	{"SELECT format('comment %s: an edit in the audit log does not start from the text before it', comment_id) "
	 "FROM (SELECT comment_id, kind, old_value, lag(new_value) OVER w AS prev, lag(seq) OVER w AS prev_seq "
	 "FROM audit WHERE kind IN ('add', 'edit') AND comment_id IS NOT NULL "
	 "WINDOW w AS (PARTITION BY comment_id ORDER BY seq)) AS e "
	 "WHERE kind = 'edit' AND prev_seq IS NOT NULL AND old_value IS DISTINCT FROM prev",
	 N_("audit")},
	{"WITH last AS (SELECT DISTINCT ON (comment_id) comment_id, kind FROM audit "
	 "WHERE kind IN ('delete', 'restore', 'add') AND comment_id IS NOT NULL ORDER BY comment_id, seq DESC) "
	 "SELECT format('comment %s: %s, but the audit log says otherwise', c.id, "
	 "CASE WHEN c.deleted_at IS NULL THEN 'not deleted' ELSE 'deleted' END) FROM last l "
	 "JOIN comment c ON c.id = l.comment_id WHERE (c.deleted_at IS NOT NULL) <> (l.kind = 'delete')",
	 N_("audit")},
	{"WITH last AS (SELECT DISTINCT ON (comment_id) comment_id, new_value FROM audit WHERE kind = 'disposition' "
	 "AND comment_id IS NOT NULL ORDER BY comment_id, seq DESC) "
	 "SELECT format('comment %s: disposition %s, the audit log says %s', c.id, c.disposition, l.new_value) "
	 "FROM last l JOIN comment c ON c.id = l.comment_id WHERE c.disposition::text IS DISTINCT FROM l.new_value",
	 N_("audit")},
	{"WITH last AS (SELECT DISTINCT ON (comment_id) comment_id, new_value FROM audit WHERE kind = 'response' "
	 "AND comment_id IS NOT NULL ORDER BY comment_id, seq DESC) "
	 "SELECT format('comment %s: its response is not the last one in the audit log', c.id) "
	 "FROM last l JOIN comment c ON c.id = l.comment_id WHERE c.response IS DISTINCT FROM l.new_value",
	 N_("audit")},
	{"SELECT format('comment %s: in the audit log but gone, and its removal is not logged', a.comment_id) "
	 "FROM audit a WHERE a.kind = 'add' AND NOT EXISTS (SELECT 1 FROM comment c WHERE c.id = a.comment_id) "
	 "AND NOT EXISTS (SELECT 1 FROM audit b WHERE b.comment_id = a.comment_id AND b.kind = 'purge')",
	 N_("audit")},
	{"SELECT format('comment %s: handled, but the audit log has no disposition or response for it', c.id) "
	 "FROM audit a JOIN comment c ON c.id = a.comment_id WHERE a.kind = 'add' "
	 "AND (c.disposition <> 0 OR c.response IS NOT NULL) AND NOT EXISTS (SELECT 1 FROM audit b "
	 "WHERE b.comment_id = c.id AND b.kind IN ('disposition', 'response'))",
	 N_("audit")},
	/* where comments went (migration 7): db.c's twins */
	{"SELECT format('comment %s: cites section %s, which is missing, of another document or of an older version', "
	 "t.comment_id, t.section_id) FROM citation t JOIN comment c ON c.id = t.comment_id "
	 "LEFT JOIN section s ON s.id = t.section_id LEFT JOIN section o ON o.id = c.section_id "
	 "WHERE s.id IS NULL OR s.document_id <> c.document_id OR s.version < coalesce(o.version, 1)",
	 N_("citations")},
	{"SELECT format('note on version %s: section %s is missing or of neither version', n.new_version, n.section_id) "
	 "FROM align_note n LEFT JOIN section s ON s.id = n.section_id WHERE s.id IS NULL "
	 "OR s.document_id <> n.document_id OR s.version NOT IN (n.new_version, n.new_version - 1)",
	 N_("citations")},
	{"SELECT format('trigger %s is missing: changes go unlogged or counters unkept', name) FROM unnest(ARRAY["
	 PG_TRIGGERS "]) AS name WHERE name NOT IN (SELECT t.tgname FROM pg_trigger t JOIN pg_class r ON "
	 "r.oid = t.tgrelid JOIN pg_namespace n ON n.oid = r.relnamespace WHERE n.nspname = '" PG_SCHEMA
	 "' AND NOT t.tgisinternal AND t.tgenabled <> 'D')",
	 N_("schema")},
	{"SELECT format('entries %s to %s are missing', lo, hi) FROM (SELECT prev + 1 AS lo, seq - 1 AS hi FROM "
	 "(SELECT seq, lag(seq, 1, 0::bigint) OVER (ORDER BY seq) AS prev FROM audit) AS s WHERE seq <> prev + 1) AS g",
	 N_("audit")},
};

int pg_run_check(struct store *st, struct buf *report, void (*step)(void *ctx, int done, int total, const char *what),
                 void *ctx)
{
	struct dbq *q = db_prepare(st, "SELECT schema_version FROM meta");
	if (!q)
		return -1;
	int64_t ver = dbq_step(q) == DBQ_ROW ? dbq_column_int64(q, 0) : 0;
	dbq_finalize(q);
	return db_check_list(st, report, ver, pg_n_migrations, checks, sizeof checks / sizeof checks[0], step, ctx);
}
