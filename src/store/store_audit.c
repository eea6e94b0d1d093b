/* SPDX-License-Identifier: GPL-3.0-or-later */
/* store_audit.c — reading the audit log (the triggers that write it are in db.c). */
#include "store_internal.h"

#include "gopy/err.h"
#include "gopy/i18n.h"

#include <stdlib.h>
#include <string.h>

int store_audit_each(struct store *st, gid doc_id, gid comment_id,
                     int (*cb)(void *ctx, const struct audit_entry *e), void *ctx)
{
	/* by an index: the entries naming the comment or document, and the import or baseline
	 * entries that cover its rows */
	static const char *const where[] = {
		"",
		"WHERE a.seq IN (SELECT seq FROM audit WHERE document_id = ?1 UNION SELECT seq FROM audit "
		"WHERE first_seq IS NOT NULL AND EXISTS (SELECT 1 FROM comment c WHERE c.seq BETWEEN first_seq "
		"AND last_seq AND c.document_id = ?1))",
		"WHERE a.seq IN (SELECT seq FROM audit WHERE comment_id = ?2 UNION SELECT seq FROM audit "
		"WHERE first_seq <= (SELECT seq FROM comment WHERE id = ?2) AND last_seq >= (SELECT seq FROM comment "
		"WHERE id = ?2))",
	};
	struct buf sql = {0};
	buf_printf(&sql,
	           "SELECT a.seq, a.at, a.kind, a.os_user, a.delegate_id, d.code, doc.code, a.comment_id, a.old_value, "
	           "a.new_value, a.first_seq, a.last_seq, a.count, a.detail FROM audit a "
	           "LEFT JOIN delegate d ON d.id = a.delegate_id LEFT JOIN document doc ON doc.id = a.document_id "
	           "%s ORDER BY a.seq",
	           where[comment_id ? 2 : doc_id ? 1 : 0]);
	struct dbq *s = db_prepare(st, sql.data);
	buf_free(&sql);
	if (!s)
		return -1;
	db_bind_id(s, 1, doc_id);
	db_bind_id(s, 2, comment_id);
	int rc;
	while ((rc = dbq_step(s)) == DBQ_ROW) {
		struct audit_entry e = {
			.seq = dbq_column_int64(s, 0),
			.at = db_col_text(s, 1),
			.kind = db_col_text(s, 2),
			.os_user = db_col_text(s, 3),
			.delegate_id = dbq_column_int64(s, 4),
			.delegate_code = db_col_text(s, 5),
			.document_code = db_col_text(s, 6),
			.comment_id = dbq_column_int64(s, 7),
			.old_value = db_col_text(s, 8),
			.new_value = db_col_text(s, 9),
			.first_seq = dbq_column_int64(s, 10),
			.last_seq = dbq_column_int64(s, 11),
			.count = dbq_column_int64(s, 12),
			.detail = db_col_text(s, 13),
		};
		if (!e.at)
			e.at = "";
		if (!e.kind)
			e.kind = "";
		if (cb(ctx, &e) != 0) {
			dbq_finalize(s);
			return 0;
		}
	}
	dbq_finalize(s);
	return rc == DBQ_DONE ? 0 : db_error(st, "reading the audit log");
}

/* A disposition's number, as the log keeps it, as its code ("accepted"); other values as they are. */
const char *audit_value(const struct audit_entry *e, const char *v)
{
	if (v && strcmp(e->kind, "disposition") == 0) {
		char *end;
		long d = strtol(v, &end, 10);
		if (!*end && d >= 0 && d < DISP_COUNT)
			return disposition_code((int)d);
	}
	return v;
}

const char *audit_kind_label(const char *kind)
{
	static const char *const kinds[][2] = {
		{"baseline", N_("before the log")}, {"add", N_("added")},       {"edit", N_("edited")},
		{"delete", N_("deleted")},          {"restore", N_("restored")}, {"disposition", N_("disposition")},
		{"response", N_("response")},       {"purge", N_("removed")},   {"import", N_("import")},
		{"merge", N_("merge")},             {"delegate", N_("delegate")}, {"document", N_("document")},
	};
	for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
		if (strcmp(kind, kinds[i][0]) == 0)
			return _(kinds[i][1]);
	return kind;
}
