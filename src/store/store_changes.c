/* SPDX-License-Identifier: GPL-3.0-or-later */
/* store_changes.c — changes files: what changed in a copy since a base copy, and opening
 * the sources of a merge.
 *
 * A changes file is an SQLite database image holding the review's tables with only the rows
 * of the copy that differ from the base (every delegate, document and version, the sections,
 * alignments, comments, citations, notes on a revision and audit entries that are new or
 * changed), wrapped as
 *     "GOPYCHG1" | payload length (8 bytes, big-endian) | SHA-256 of the payload | payload
 * and merged like a copy (store_merge). A file whose length or checksum is wrong is refused
 * before anything is read from it.
 *
 * Why not SQLite's session extension: a changeset names rows by primary key, and the comment
 * table's primary key is the local insertion order (seq), which differs between copies —
 * applied to another copy it would overwrite unrelated comments; and applying a changeset
 * bypasses the merge's rules (thread order, conflicts kept for people, held replies, audit
 * log). Writing the changed rows as a small database of the same tables lets one code path
 * merge both copies and changes files, and the stock sqlite3 shell can read the payload.
 *
 * Copies and changes files are SQLite files whatever engine holds the review merged into, so
 * this file, like db.c, works on SQLite connections itself; a source is then read through a
 * store (dbq) like any other. */
#include "store_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <nettle/sha2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "gopy/err.h"
#include "gopy/i18n.h"
#include "gopy/merge.h"
#include "merge_internal.h"

#define MAGIC "GOPYCHG1"
#define HEAD (8 + 8 + SHA256_DIGEST_SIZE)
#define MAX_CHANGES ((int64_t)1 << 34) /* 16 GiB: far beyond any day of comments */

/* The tables a changes file holds, in the order they are filled. */
static const char *const tables[] = {"delegate", "document", "version", "section", "alignment", "consultee",
                                     "comment", "held_comment", "citation", "align_note", "audit", "audit_copy", NULL};

/* The rows of db that base does not have as they are (by id, or by content for the log). */
static const char *const fill[] = {
	"INSERT INTO main.delegate SELECT * FROM db.delegate",
	"INSERT INTO main.document SELECT * FROM db.document",
	"INSERT INTO main.version SELECT * FROM db.version",
	"INSERT INTO main.section SELECT * FROM db.section s WHERE NOT EXISTS (SELECT 1 FROM base.section b WHERE b.id = s.id)",
	"INSERT INTO main.alignment SELECT * FROM db.alignment a WHERE NOT EXISTS (SELECT 1 FROM base.alignment b "
	"WHERE b.document_id = a.document_id AND b.new_version = a.new_version)",
	"INSERT INTO main.consultee SELECT * FROM db.consultee",
	"INSERT INTO main.comment SELECT * FROM db.comment c WHERE NOT EXISTS (SELECT 1 FROM base.comment b WHERE b.id = c.id "
	"AND b.body IS c.body AND b.edited_at IS c.edited_at AND b.deleted_at IS c.deleted_at AND b.disposition IS c.disposition "
	"AND b.response IS c.response AND b.handled_by IS c.handled_by AND b.handled_at IS c.handled_at)",
	"INSERT INTO main.held_comment SELECT * FROM db.held_comment c WHERE NOT EXISTS (SELECT 1 FROM base.held_comment b "
	"WHERE b.id = c.id AND b.body IS c.body AND b.edited_at IS c.edited_at AND b.deleted_at IS c.deleted_at "
	"AND b.disposition IS c.disposition AND b.response IS c.response AND b.handled_at IS c.handled_at)",
	"INSERT INTO main.citation SELECT * FROM db.citation c WHERE NOT EXISTS (SELECT 1 FROM base.citation b "
	"WHERE b.comment_id = c.comment_id AND b.section_id = c.section_id)",
	"INSERT INTO main.align_note SELECT * FROM db.align_note n WHERE NOT EXISTS (SELECT 1 FROM base.align_note b "
	"WHERE b.document_id = n.document_id AND b.new_version = n.new_version AND b.section_id = n.section_id "
	"AND b.note = n.note)",
	"INSERT INTO main.audit SELECT * FROM db.audit a WHERE NOT EXISTS (SELECT 1 FROM base.audit b WHERE b.at = a.at "
	"AND b.comment_id IS a.comment_id AND b.kind = a.kind AND b.os_user IS a.os_user AND b.old_value IS a.old_value "
	"AND b.new_value IS a.new_value AND b.detail IS a.detail)",
	"INSERT INTO main.audit_copy SELECT * FROM db.audit_copy a WHERE NOT EXISTS (SELECT 1 FROM base.audit_copy b "
	"WHERE b.at = a.at AND b.comment_id IS a.comment_id AND b.kind = a.kind AND b.os_user IS a.os_user "
	"AND b.old_value IS a.old_value AND b.new_value IS a.new_value AND b.detail IS a.detail)",
	NULL,
};

static const char *base_name(const char *path)
{
	const char *slash = strrchr(path, '/');
	return slash && slash[1] ? slash + 1 : path;
}

/* "file:" URI of a path, opened read-only (every byte that is not plainly safe escaped). */
static void ro_uri(struct buf *b, const char *path)
{
	buf_puts(b, "file:");
	for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || strchr("/._-~", *p))
			buf_printf(b, "%c", *p);
		else
			buf_printf(b, "%%%02X", *p);
	}
	buf_puts(b, "?mode=ro");
}

static int scratch_exec(sqlite3 *db, const char *sql, const char *what)
{
	char *msg = NULL;
	if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		err_set(_("%s: writing the changes failed: %s"), what, msg ? msg : sqlite3_errmsg(db));
		sqlite3_free(msg);
		return -1;
	}
	return 0;
}

static int write_all(int fd, const void *data, size_t len)
{
	const unsigned char *p = data;
	while (len > 0) {
		ssize_t n = write(fd, p, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

/* Write the wrapped payload to path, through a temporary file renamed into place. */
static int write_changes_file(const char *path, const unsigned char *data, int64_t len)
{
	unsigned char head[HEAD];
	memcpy(head, MAGIC, 8);
	for (int i = 0; i < 8; i++)
		head[8 + i] = (unsigned char)((uint64_t)len >> (56 - 8 * i));
	struct sha256_ctx h;
	sha256_init(&h);
	sha256_update(&h, (size_t)len, data);
	sha256_digest(&h, SHA256_DIGEST_SIZE, head + 16);
	struct buf tmp = {0};
	buf_printf(&tmp, "%s.tmp-%ld", path, (long)getpid());
	int fd = open(tmp.data, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0660);
	int rc = fd < 0 ? -1 : 0;
	if (rc == 0 && (write_all(fd, head, sizeof head) != 0 || write_all(fd, data, (size_t)len) != 0 || fsync(fd) != 0))
		rc = -1;
	if (fd >= 0 && close(fd) != 0)
		rc = -1;
	if (rc == 0 && rename(tmp.data, path) != 0)
		rc = -1;
	if (rc != 0) {
		err_set(_("%s: cannot write: %s"), path, strerror(errno));
		if (fd >= 0)
			unlink(tmp.data);
	}
	buf_free(&tmp);
	return rc;
}

/* Both files must be gopy databases this gopy reads as they are (opened and closed again). */
static int check_database(const char *path)
{
	struct store *st = NULL;
	if (store_open(path, STORE_READONLY, &st) != 0)
		return -1;
	store_close(st);
	return 0;
}

int store_changes_write(const char *db_path, const char *base_path, const char *out_path, struct merge_stats *stats)
{
	if (check_database(db_path) != 0 || check_database(base_path) != 0)
		return -1;
	sqlite3 *db = NULL;
	if (sqlite3_open_v2(":memory:", &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_URI, NULL) !=
	    SQLITE_OK) {
		sqlite3_close(db);
		return err_set(_("out of memory"));
	}
	sqlite3_db_config(db, SQLITE_DBCONFIG_DEFENSIVE, 1, NULL);
	sqlite3_db_config(db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, NULL);
	/* small pages: a day's changes make a small file to send */
	scratch_exec(db, "PRAGMA page_size = 1024", out_path);
	struct buf sql = {0}, a = {0}, b = {0};
	ro_uri(&a, db_path);
	ro_uri(&b, base_path);
	char *q = sqlite3_mprintf("ATTACH %Q AS db; ATTACH %Q AS base;", a.data, b.data);
	int rc = scratch_exec(db, q, out_path);
	sqlite3_free(q);
	for (int i = 0; rc == 0 && tables[i]; i++) {
		sql.len = 0;
		buf_printf(&sql, "CREATE TABLE main.%s AS SELECT * FROM db.%s WHERE 0", tables[i], tables[i]);
		rc = scratch_exec(db, sql.data, out_path);
	}
	rc = rc == 0 ? scratch_exec(db, "BEGIN", out_path) : rc;
	for (int i = 0; rc == 0 && fill[i]; i++)
		rc = scratch_exec(db, fill[i], out_path);
	if (rc == 0) {
		sql.len = 0;
		char now[21];
		clock_now_iso(now);
		char *meta = sqlite3_mprintf("CREATE TABLE main.merge_meta(key TEXT PRIMARY KEY, value);"
		                             "INSERT INTO main.merge_meta VALUES ('from', %Q), ('since', %Q), ('at', %Q);"
		                             "COMMIT; DETACH db; DETACH base; PRAGMA main.application_id = %d;"
		                             "PRAGMA main.user_version = %d;",
		                             base_name(db_path), base_name(base_path), now, GOPY_APPLICATION_ID,
		                             store_schema_version());
		rc = scratch_exec(db, meta, out_path);
		sqlite3_free(meta);
	}
	if (rc == 0 && stats) {
		memset(stats, 0, sizeof *stats);
		sqlite3_stmt *s = NULL;
		if (sqlite3_prepare_v2(db, "SELECT (SELECT count(*) FROM comment) + (SELECT count(*) FROM held_comment), "
		                           "(SELECT count(*) FROM section), (SELECT count(*) FROM audit) + "
		                           "(SELECT count(*) FROM audit_copy)", -1, &s, NULL) == SQLITE_OK &&
		    sqlite3_step(s) == SQLITE_ROW) {
			stats->comments = sqlite3_column_int64(s, 0);
			stats->sections = sqlite3_column_int64(s, 1);
			stats->audit = sqlite3_column_int64(s, 2);
		}
		sqlite3_finalize(s);
	}
	if (rc == 0) {
		sqlite3_int64 size = 0;
		unsigned char *image = sqlite3_serialize(db, "main", &size, 0);
		if (!image)
			rc = err_set(_("out of memory"));
		else
			rc = write_changes_file(out_path, image, size);
		sqlite3_free(image);
	}
	buf_free(&sql);
	buf_free(&a);
	buf_free(&b);
	sqlite3_close(db);
	return rc;
}

bool store_is_changes_file(const char *path)
{
	char head[8];
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return false;
	ssize_t n = read(fd, head, sizeof head);
	close(fd);
	return n == (ssize_t)sizeof head && memcmp(head, MAGIC, 8) == 0;
}

/* Read and check a changes file; *data (sqlite3_malloc'd) receives the payload. */
static int read_changes_file(const char *path, unsigned char **data, int64_t *len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return err_set(_("%s: cannot read: %s"), path, strerror(errno));
	struct stat sb;
	unsigned char head[HEAD];
	int rc = 0;
	ssize_t n = 0;
	if (fstat(fd, &sb) != 0)
		rc = err_set(_("%s: cannot read: %s"), path, strerror(errno));
	else if ((n = read(fd, head, sizeof head)) != (ssize_t)sizeof head)
		rc = err_set(_("%s: the changes file is cut short; nothing was merged"), path);
	uint64_t want = 0;
	for (int i = 0; rc == 0 && i < 8; i++)
		want = want << 8 | head[8 + i];
	if (rc == 0 && (want > (uint64_t)MAX_CHANGES || (uint64_t)sb.st_size != want + HEAD))
		rc = err_set((uint64_t)sb.st_size < want + HEAD ? _("%s: the changes file is cut short; nothing was merged")
		                                                : _("%s: the changes file is damaged (its length is wrong); "
		                                                    "nothing was merged"),
		             path);
	unsigned char *buf = NULL;
	if (rc == 0 && !(buf = sqlite3_malloc64(want ? want : 1)))
		rc = err_set(_("out of memory"));
	for (uint64_t got = 0; rc == 0 && got < want;) {
		n = read(fd, buf + got, (size_t)(want - got));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			rc = err_set(_("%s: the changes file is cut short; nothing was merged"), path);
		else
			got += (uint64_t)n;
	}
	close(fd);
	if (rc == 0) {
		unsigned char digest[SHA256_DIGEST_SIZE];
		struct sha256_ctx h;
		sha256_init(&h);
		sha256_update(&h, (size_t)want, buf);
		sha256_digest(&h, SHA256_DIGEST_SIZE, digest);
		if (memcmp(digest, head + 16, sizeof digest) != 0)
			rc = err_set(_("%s: the changes file is damaged (its checksum does not match); nothing was merged"), path);
	}
	if (rc != 0) {
		sqlite3_free(buf);
		return -1;
	}
	*data = buf;
	*len = (int64_t)want;
	return 0;
}

static int open_changes(struct merge_src *src, const char *path)
{
	unsigned char *data;
	int64_t len;
	if (read_changes_file(path, &data, &len) != 0)
		return -1;
	sqlite3 *db = NULL;
	if (sqlite3_open_v2(":memory:", &db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK) {
		sqlite3_close(db);
		sqlite3_free(data);
		return err_set(_("out of memory"));
	}
	/* a store over the image, read-only, which merge_src_close closes */
	src->st = xcalloc(1, sizeof *src->st);
	src->st->db = db;
	src->st->path = xstrdup(path);
	src->st->readonly = true;
	sqlite3_db_config(db, SQLITE_DBCONFIG_DEFENSIVE, 1, NULL);
	sqlite3_db_config(db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, NULL);
	if (sqlite3_deserialize(db, "main", data, len, len,
	                        SQLITE_DESERIALIZE_FREEONCLOSE | SQLITE_DESERIALIZE_READONLY) != SQLITE_OK)
		return err_set(_("%s: not a changes file gopy can read"), path);
	/* only the tables of a changes file, of this gopy's schema: no trigger or view to run */
	sqlite3_stmt *s = NULL;
	int rc = sqlite3_prepare_v2(db,
	                            "SELECT (SELECT application_id FROM pragma_application_id), (SELECT user_version FROM "
	                            "pragma_user_version), (SELECT count(*) FROM sqlite_schema WHERE type IN ('trigger', "
	                            "'view')), (SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = 'merge_meta')",
	                            -1, &s, NULL);
	bool ok = rc == SQLITE_OK && sqlite3_step(s) == SQLITE_ROW && sqlite3_column_int64(s, 0) == GOPY_APPLICATION_ID &&
	          sqlite3_column_int(s, 2) == 0 && sqlite3_column_int(s, 3) == 1;
	int version = ok ? sqlite3_column_int(s, 1) : 0;
	sqlite3_finalize(s);
	if (!ok)
		return err_set(_("%s: not a changes file gopy can read"), path);
	if (version != store_schema_version())
		return err_set(_("%s: a changes file of schema %d (this gopy writes %d); make it again with this gopy"), path,
		               version, store_schema_version());
	src->partial = true;
	return 0;
}

int merge_src_open(struct merge_src *src, const char *path)
{
	memset(src, 0, sizeof *src);
	src->label = xstrdup(base_name(path));
	if (store_is_changes_file(path))
		return open_changes(src, path);
	return store_open(path, STORE_READONLY, &src->st);
}

void merge_src_close(struct merge_src *src)
{
	store_close(src->st);
	free(src->label);
	memset(src, 0, sizeof *src);
}
