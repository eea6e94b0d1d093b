/* SPDX-License-Identifier: GPL-3.0-or-later */
/* db.c — the SQLite side of the store: the open sequence (refusing foreign, damaged or
 * newer files without touching them), pragmas, numbered migrations keyed on
 * PRAGMA user_version, statement helpers and the integrity check.
 *
 * The schema stays usable by the stock sqlite3 shell: no custom functions, collations or
 * tokenizers. Counters are kept by plain SQL triggers, and rows added by other tools are
 * queued for the search index by triggers and indexed at the next open. */
#include "store_internal.h"
#include "pg.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/vfs.h>
#include <time.h>
#include <unistd.h>

#include "gopy/err.h"
#include "gopy/i18n.h"

/* ---- migrations --------------------------------------------------------------------- */

/* the page size of a new file (db_setup) */
#define DB_PAGE_SIZE "16384"

/* The comment table's secondary indexes, also dropped and built again by a bulk import into
 * a small file (store_bulk_begin): building an index from sorted rows beats inserting a
 * million rows into it at random places. */
#define COMMENT_INDEX_SECTION "CREATE INDEX comment_section ON comment(document_id, section_id, thread_key)"
#define COMMENT_INDEX_TIME "CREATE INDEX comment_time ON comment(document_id, created_at, id)"
/* who commented on a document (the report's figures), read from the index alone */
#define COMMENT_INDEX_ROOTS \
	"CREATE INDEX comment_roots ON comment(document_id, author_id) WHERE deleted_at IS NULL AND parent_id IS NULL"
#define COMMENT_INDEX_PARENT "CREATE INDEX comment_parent ON comment(parent_id)"
/* a limit by author (or unit: its authors) or by disposition reads one index range in thread
 * order instead of scanning the document (migration 5) */
#define COMMENT_INDEX_AUTHOR "CREATE INDEX comment_author ON comment(document_id, author_id, thread_key)"
#define COMMENT_INDEX_DISPOSITION \
	"CREATE INDEX comment_disposition ON comment(document_id, disposition, thread_key)"
/* comments sorted by author read each author's in time order from one range (migration 9) */
#define COMMENT_INDEX_AUTHOR_TIME "CREATE INDEX comment_author_time ON comment(document_id, author_id, created_at, id)"
/* one author's comments in the sections' order: each section's are one range (migration 11) */
#define COMMENT_INDEX_AUTHOR_SECTION \
	"CREATE INDEX comment_author_section ON comment(document_id, author_id, section_id, thread_key)"

const char *const db_comment_indexes[][2] = {
	{"comment_section", COMMENT_INDEX_SECTION},
	{"comment_time", COMMENT_INDEX_TIME},
	{"comment_roots", COMMENT_INDEX_ROOTS},
	{"comment_parent", COMMENT_INDEX_PARENT},
	{"comment_author", COMMENT_INDEX_AUTHOR},
	{"comment_disposition", COMMENT_INDEX_DISPOSITION},
	{"comment_author_time", COMMENT_INDEX_AUTHOR_TIME},
	{"comment_author_section", COMMENT_INDEX_AUTHOR_SECTION},
	{NULL, NULL},
};

/* Migration 1: the first schema. Ids are program-generated random 63-bit integers. */
static const char *const migration_1[] = {
	"CREATE TABLE delegate (\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  code TEXT NOT NULL UNIQUE,\n"
	"  name TEXT NOT NULL,\n"
	"  unit TEXT NOT NULL DEFAULT '',\n"
	"  role TEXT NOT NULL DEFAULT 'delegate',\n"
	"  login TEXT UNIQUE,\n"
	"  sort_key BLOB,                 -- Vietnamese collation key of name (NULL until gopy fills it)\n"
	"  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now'))\n"
	");\n",
	"CREATE INDEX delegate_sort ON delegate(sort_key, id);\n",
	"CREATE INDEX delegate_name ON delegate(name, unit);\n",
	"CREATE INDEX delegate_code_nocase ON delegate(code COLLATE NOCASE);\n",
	"CREATE TABLE document (\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  code TEXT NOT NULL UNIQUE,\n"
	"  title TEXT NOT NULL DEFAULT '',\n"
	"  kind TEXT NOT NULL DEFAULT '',\n"
	"  version TEXT NOT NULL DEFAULT '',\n"
	"  status TEXT NOT NULL DEFAULT '',\n"
	"  deadline TEXT NOT NULL DEFAULT '',\n"
	"  issuer TEXT NOT NULL DEFAULT '',\n"
	"  place TEXT NOT NULL DEFAULT '',\n"
	"  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')),\n"
	"  n_sections INTEGER NOT NULL DEFAULT 0,\n"
	"  n_comments INTEGER NOT NULL DEFAULT 0,  -- kept by triggers: comments not deleted\n"
	"  n_pending INTEGER NOT NULL DEFAULT 0    -- kept by triggers: not deleted, disposition 0\n"
	");\n",
	"CREATE TABLE section (\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  document_id INTEGER NOT NULL REFERENCES document(id),\n"
	"  parent_id INTEGER REFERENCES section(id),\n"
	"  position INTEGER NOT NULL,\n"
	"  level INTEGER NOT NULL,\n"
	"  depth INTEGER NOT NULL DEFAULT 0,\n"
	"  label TEXT NOT NULL DEFAULT '',\n"
	"  full_label TEXT NOT NULL DEFAULT '',\n"
	"  heading TEXT NOT NULL DEFAULT '',\n"
	"  body TEXT NOT NULL DEFAULT '',\n"
	"  n_comments INTEGER NOT NULL DEFAULT 0,\n"
	"  n_pending INTEGER NOT NULL DEFAULT 0,\n"
	"  UNIQUE (document_id, position)\n"
	");\n",
	"CREATE INDEX section_parent ON section(parent_id);\n",
	"CREATE TABLE comment (\n"
	"  seq INTEGER PRIMARY KEY,       -- local insertion order: rows stay in time order on disk\n"
	"  id INTEGER NOT NULL UNIQUE,    -- the comment's id: random 63-bit, unique across copies\n"
	"  document_id INTEGER NOT NULL REFERENCES document(id),\n"
	"  section_id INTEGER REFERENCES section(id),   -- NULL: general comment\n"
	"  parent_id INTEGER REFERENCES comment(id),    -- NULL: thread root\n"
	"  root_id INTEGER NOT NULL,\n"
	"  depth INTEGER NOT NULL DEFAULT 0,\n"
	"  thread_key BLOB NOT NULL,   -- materialized path: 4 big-endian bytes per level\n"
	"  author_id INTEGER NOT NULL REFERENCES delegate(id),\n"
	"  entered_by INTEGER REFERENCES delegate(id),  -- the secretary who typed it\n"
	"  body TEXT NOT NULL,\n"
	"  quote TEXT,\n"
	"  created_at TEXT NOT NULL,\n"
	"  edited_at TEXT,\n"
	"  deleted_at TEXT,\n"
	"  disposition INTEGER NOT NULL DEFAULT 0 CHECK (disposition BETWEEN 0 AND 5),\n"
	"  response TEXT,\n"
	"  handled_by INTEGER REFERENCES delegate(id),\n"
	"  handled_at TEXT,\n"
	"  UNIQUE (document_id, thread_key)\n"
	");\n",
	COMMENT_INDEX_SECTION,
	COMMENT_INDEX_TIME,
	COMMENT_INDEX_ROOTS,
	COMMENT_INDEX_PARENT,
	/* Search: the comment bodies themselves, in a standard FTS5 index (external content, so
	 * the text is stored once). unicode61 with remove_diacritics 2 folds every Vietnamese
	 * vowel; đ it keeps, and the program's queries ask for d, đ and ð (store_search.c). */
	"CREATE VIRTUAL TABLE comment_fts USING fts5(body, content='comment', content_rowid='seq',\n"
	"  tokenize='unicode61 remove_diacritics 2');\n",
	/* Counters and the search index, kept by plain SQL so other tools keep them right. */
	"CREATE TRIGGER comment_inserted AFTER INSERT ON comment BEGIN\n"
	"  UPDATE document SET n_comments = n_comments + (new.deleted_at IS NULL),\n"
	"    n_pending = n_pending + (new.deleted_at IS NULL AND new.disposition = 0) WHERE id = new.document_id;\n"
	"  UPDATE section SET n_comments = n_comments + (new.deleted_at IS NULL),\n"
	"    n_pending = n_pending + (new.deleted_at IS NULL AND new.disposition = 0) WHERE id = new.section_id;\n"
	"END;\n",
	/* A bulk import puts a row in search_paused for the length of its transaction and
	 * indexes its rows in one statement at the end: FTS5 flushes its pending terms at every
	 * statement that writes to it, so indexing row by row would write a segment per row. */
	"CREATE TABLE search_paused (since_seq INTEGER NOT NULL);\n",
	"CREATE TRIGGER comment_indexed AFTER INSERT ON comment WHEN NOT EXISTS (SELECT 1 FROM search_paused) BEGIN\n"
	"  INSERT INTO comment_fts(rowid, body) VALUES (new.seq, new.body);\n"
	"END;\n",
	"CREATE TRIGGER comment_removed AFTER DELETE ON comment BEGIN\n"
	"  UPDATE document SET n_comments = n_comments - (old.deleted_at IS NULL),\n"
	"    n_pending = n_pending - (old.deleted_at IS NULL AND old.disposition = 0) WHERE id = old.document_id;\n"
	"  UPDATE section SET n_comments = n_comments - (old.deleted_at IS NULL),\n"
	"    n_pending = n_pending - (old.deleted_at IS NULL AND old.disposition = 0) WHERE id = old.section_id;\n"
	"  INSERT INTO comment_fts(comment_fts, rowid, body) VALUES ('delete', old.seq, old.body);\n"
	"END;\n",
	"CREATE TRIGGER comment_counted AFTER UPDATE OF deleted_at, disposition, section_id, document_id ON comment BEGIN\n"
	"  UPDATE document SET n_comments = n_comments - (old.deleted_at IS NULL),\n"
	"    n_pending = n_pending - (old.deleted_at IS NULL AND old.disposition = 0) WHERE id = old.document_id;\n"
	"  UPDATE section SET n_comments = n_comments - (old.deleted_at IS NULL),\n"
	"    n_pending = n_pending - (old.deleted_at IS NULL AND old.disposition = 0) WHERE id = old.section_id;\n"
	"  UPDATE document SET n_comments = n_comments + (new.deleted_at IS NULL),\n"
	"    n_pending = n_pending + (new.deleted_at IS NULL AND new.disposition = 0) WHERE id = new.document_id;\n"
	"  UPDATE section SET n_comments = n_comments + (new.deleted_at IS NULL),\n"
	"    n_pending = n_pending + (new.deleted_at IS NULL AND new.disposition = 0) WHERE id = new.section_id;\n"
	"END;\n",
	"CREATE TRIGGER comment_text_changed AFTER UPDATE OF body, seq ON comment BEGIN\n"
	"  INSERT INTO comment_fts(comment_fts, rowid, body) VALUES ('delete', old.seq, old.body);\n"
	"  INSERT INTO comment_fts(rowid, body) VALUES (new.seq, new.body);\n"
	"END;\n",
	"CREATE TRIGGER section_inserted AFTER INSERT ON section BEGIN\n"
	"  UPDATE document SET n_sections = n_sections + 1 WHERE id = new.document_id;\n"
	"END;\n",
	"CREATE TRIGGER section_removed AFTER DELETE ON section BEGIN\n"
	"  UPDATE document SET n_sections = n_sections - 1 WHERE id = old.document_id;\n"
	"END;\n",
	NULL,
};

/* Migration 2: the audit log. Every change to a comment (added, edited with the text before,
 * deleted, restored, disposition, response), every delegate and document added, and every
 * import is one row of `audit`, written by triggers in the same transaction as the change,
 * so that changes made with the stock sqlite3 shell are logged too. Other triggers refuse
 * to change or remove a row of the log. gopy tells the triggers who acts through the one
 * row of `audit_session`, which it writes at the start of each write transaction and
 * removes before the commit (no other connection ever sees it); a change made by another
 * program finds no row there and is logged with no system user. A bulk import sets
 * `importing` and its new comments are logged as one row covering them (seq range); what it
 * changes in comments already there (dispositions) is logged row by row. */
#define AUDIT_WHO "(SELECT os_user FROM audit_session), (SELECT delegate_id FROM audit_session)"
#define AUDIT_AT "coalesce((SELECT at FROM audit_session), strftime('%Y-%m-%dT%H:%M:%SZ','now'))"
#define AUDIT_LOGGING "NOT coalesce((SELECT importing FROM audit_session), 0)"
static const char *const migration_2[] = {
	"CREATE TABLE audit (\n"
	"  seq INTEGER PRIMARY KEY AUTOINCREMENT,  -- order of the changes; never reused, no gaps\n"
	"  at TEXT NOT NULL,               -- when (UTC)\n"
	"  kind TEXT NOT NULL CHECK (kind IN ('baseline', 'add', 'edit', 'delete', 'restore', 'disposition',\n"
	"    'response', 'purge', 'import', 'merge', 'delegate', 'document')),\n"
	"  os_user TEXT,                   -- system login that ran gopy; NULL: another program\n"
	"  delegate_id INTEGER,            -- the delegate acting (the login's); NULL: unknown\n"
	"  document_id INTEGER,\n"
	"  comment_id INTEGER,\n"
	"  old_value,                      -- edit, response, purge: text before; disposition: number; delegate: code role login\n"
	"  new_value,                      -- add, edit, response: the text after; disposition: its number\n"
	"  first_seq INTEGER,              -- import, baseline: the comment rows (seq) it covers\n"
	"  last_seq INTEGER,\n"
	"  count INTEGER,\n"
	"  detail TEXT                     -- import: the file; delegate, document: its code\n"
	");\n",
	"CREATE INDEX audit_comment ON audit(comment_id, kind, seq) WHERE comment_id IS NOT NULL;\n",
	"CREATE INDEX audit_document ON audit(document_id, seq) WHERE document_id IS NOT NULL;\n",
	"CREATE INDEX audit_range ON audit(first_seq, last_seq) WHERE first_seq IS NOT NULL;\n",
	"CREATE TABLE audit_session (\n"
	"  os_user TEXT, delegate_id INTEGER, at TEXT, importing INTEGER NOT NULL DEFAULT 0\n"
	");\n",
	"INSERT INTO audit(at, kind, first_seq, last_seq, count)\n"
	"  SELECT strftime('%Y-%m-%dT%H:%M:%SZ','now'), 'baseline', min(seq), max(seq), count(*)\n"
	"    FROM comment HAVING count(*) > 0;\n",
	"CREATE TRIGGER audit_append_only BEFORE UPDATE ON audit BEGIN\n"
	"  SELECT RAISE(ABORT, 'the audit log is append-only');\n"
	"END;\n",
	"CREATE TRIGGER audit_keep_rows BEFORE DELETE ON audit BEGIN\n"
	"  SELECT RAISE(ABORT, 'the audit log is append-only');\n"
	"END;\n",
	"CREATE TRIGGER audit_comment_added AFTER INSERT ON comment WHEN " AUDIT_LOGGING " BEGIN\n"
	"  INSERT INTO audit(at, kind, os_user, delegate_id, document_id, comment_id, new_value)\n"
	"  VALUES (" AUDIT_AT ", 'add', " AUDIT_WHO ", new.document_id, new.id, new.body);\n"
	"END;\n",
	"CREATE TRIGGER audit_comment_edited AFTER UPDATE OF body ON comment\n"
	"  WHEN old.body IS NOT new.body BEGIN\n"
	"  INSERT INTO audit(at, kind, os_user, delegate_id, document_id, comment_id, old_value, new_value)\n"
	"  VALUES (" AUDIT_AT ", 'edit', " AUDIT_WHO ", new.document_id, new.id, old.body, new.body);\n"
	"END;\n",
	"CREATE TRIGGER audit_comment_deleted AFTER UPDATE OF deleted_at ON comment\n"
	"  WHEN (old.deleted_at IS NULL) <> (new.deleted_at IS NULL) BEGIN\n"
	"  INSERT INTO audit(at, kind, os_user, delegate_id, document_id, comment_id)\n"
	"  VALUES (" AUDIT_AT ", CASE WHEN new.deleted_at IS NULL THEN 'restore' ELSE 'delete' END, " AUDIT_WHO ",\n"
	"    new.document_id, new.id);\n"
	"END;\n",
	"CREATE TRIGGER audit_comment_disposed AFTER UPDATE OF disposition ON comment\n"
	"  WHEN old.disposition IS NOT new.disposition BEGIN\n"
	"  INSERT INTO audit(at, kind, os_user, delegate_id, document_id, comment_id, old_value, new_value)\n"
	"  VALUES (" AUDIT_AT ", 'disposition', " AUDIT_WHO ", new.document_id, new.id, old.disposition,\n"
	"    new.disposition);\n"
	"END;\n",
	"CREATE TRIGGER audit_comment_answered AFTER UPDATE OF response ON comment\n"
	"  WHEN old.response IS NOT new.response BEGIN\n"
	"  INSERT INTO audit(at, kind, os_user, delegate_id, document_id, comment_id, old_value, new_value)\n"
	"  VALUES (" AUDIT_AT ", 'response', " AUDIT_WHO ", new.document_id, new.id, old.response, new.response);\n"
	"END;\n",
	"CREATE TRIGGER audit_comment_purged AFTER DELETE ON comment BEGIN\n"
	"  INSERT INTO audit(at, kind, os_user, delegate_id, document_id, comment_id, old_value)\n"
	"  VALUES (" AUDIT_AT ", 'purge', " AUDIT_WHO ", old.document_id, old.id, old.body);\n"
	"END;\n",
	"CREATE TRIGGER audit_delegate_added AFTER INSERT ON delegate BEGIN\n"
	"  INSERT INTO audit(at, kind, os_user, delegate_id, detail, new_value)\n"
	"  VALUES (" AUDIT_AT ", 'delegate', " AUDIT_WHO ", new.code, new.role || ' ' || coalesce(new.login, '-'));\n"
	"END;\n",
	"CREATE TRIGGER audit_delegate_changed AFTER UPDATE OF code, role, login ON delegate\n"
	"  WHEN old.code IS NOT new.code OR old.role IS NOT new.role OR old.login IS NOT new.login BEGIN\n"
	"  INSERT INTO audit(at, kind, os_user, delegate_id, detail, old_value, new_value)\n"
	"  VALUES (" AUDIT_AT ", 'delegate', " AUDIT_WHO ", new.code, old.code || ' ' || old.role || ' ' ||\n"
	"    coalesce(old.login, '-'), new.code || ' ' || new.role || ' ' || coalesce(new.login, '-'));\n"
	"END;\n",
	"CREATE TRIGGER audit_document_added AFTER INSERT ON document BEGIN\n"
	"  INSERT INTO audit(at, kind, os_user, delegate_id, document_id, detail)\n"
	"  VALUES (" AUDIT_AT ", 'document', " AUDIT_WHO ", new.id, new.code);\n"
	"END;\n",
	NULL,
};

/* Migration 3: the consultation list and the overview's tallies.
 *
 * consultee: who was asked to comment on a document — a unit as a whole (delegate_id NULL)
 * or one delegate — when, by which deadline, and whether the unit answered that it has no
 * comments (nhất trí, không có ý kiến). An answer by comment is not stored: it is read from
 * the tallies (a comment of the delegate, or of any delegate of the unit).
 *
 * tally_disposition and tally_author are summary tables kept by triggers, like the document
 * and section counters: live comments of a document by disposition, and by author (all, thread
 * roots, handled). The overview reads them instead of scanning the comments; the migration
 * fills them from the comments already in the file. */
#define TALLY_ADD(r)                                                                                   \
	"  INSERT INTO tally_disposition(document_id, disposition, n) SELECT " r ".document_id, " r          \
	".disposition, 1\n"                                                                               \
	"    WHERE " r ".deleted_at IS NULL ON CONFLICT DO UPDATE SET n = n + 1;\n"                          \
	"  INSERT INTO tally_author(document_id, author_id, n, n_roots, n_handled) SELECT " r ".document_id, " \
	r ".author_id, 1, " r ".parent_id IS NULL, " r ".disposition <> 0\n"                                  \
	"    WHERE " r ".deleted_at IS NULL ON CONFLICT DO UPDATE SET n = n + 1, n_roots = n_roots + excluded.n_roots,\n" \
	"    n_handled = n_handled + excluded.n_handled;\n"
#define TALLY_SUB(r)                                                                                   \
	"  UPDATE tally_disposition SET n = n - 1 WHERE " r ".deleted_at IS NULL AND document_id = " r        \
	".document_id AND disposition = " r ".disposition;\n"                                              \
	"  UPDATE tally_author SET n = n - 1, n_roots = n_roots - (" r ".parent_id IS NULL), n_handled = n_handled - (" r \
	".disposition <> 0)\n"                                                                             \
	"    WHERE " r ".deleted_at IS NULL AND document_id = " r ".document_id AND author_id = " r ".author_id;\n"

static const char *const migration_3[] = {
	"CREATE TABLE consultee (\n"
	"  id INTEGER PRIMARY KEY,        -- random 63-bit\n"
	"  document_id INTEGER NOT NULL REFERENCES document(id),\n"
	"  delegate_id INTEGER REFERENCES delegate(id),  -- NULL: the unit as a whole was asked\n"
	"  unit TEXT NOT NULL DEFAULT '', -- the unit asked (for a delegate: informative, '' allowed)\n"
	"  asked_on TEXT NOT NULL,        -- YYYY-MM-DD\n"
	"  deadline TEXT NOT NULL DEFAULT '',  -- YYYY-MM-DD, '' none\n"
	"  no_comments_on TEXT,           -- YYYY-MM-DD the answer \"no comments\" came; NULL: none\n"
	"  reference TEXT NOT NULL DEFAULT ''  -- that answer's reference number (số công văn)\n"
	");\n",
	"CREATE UNIQUE INDEX consultee_unit ON consultee(document_id, unit) WHERE delegate_id IS NULL;\n",
	"CREATE UNIQUE INDEX consultee_delegate ON consultee(document_id, delegate_id) WHERE delegate_id IS NOT NULL;\n",
	"CREATE INDEX delegate_unit ON delegate(unit);\n",
	"CREATE TABLE tally_disposition (\n"
	"  document_id INTEGER NOT NULL,\n"
	"  disposition INTEGER NOT NULL,\n"
	"  n INTEGER NOT NULL DEFAULT 0,  -- live comments of the document with this disposition\n"
	"  PRIMARY KEY (document_id, disposition)\n"
	") WITHOUT ROWID;\n",
	"CREATE TABLE tally_author (\n"
	"  document_id INTEGER NOT NULL,\n"
	"  author_id INTEGER NOT NULL,\n"
	"  n INTEGER NOT NULL DEFAULT 0,         -- live comments of this author on the document\n"
	"  n_roots INTEGER NOT NULL DEFAULT 0,   -- of which thread roots (comments received)\n"
	"  n_handled INTEGER NOT NULL DEFAULT 0, -- of which handled (disposition set)\n"
	"  PRIMARY KEY (document_id, author_id)\n"
	") WITHOUT ROWID;\n",
	"INSERT INTO tally_disposition(document_id, disposition, n) SELECT document_id, disposition, count(*)\n"
	"  FROM comment WHERE deleted_at IS NULL GROUP BY document_id, disposition;\n",
	"INSERT INTO tally_author(document_id, author_id, n, n_roots, n_handled) SELECT document_id, author_id,\n"
	"  count(*), sum(parent_id IS NULL), sum(disposition <> 0) FROM comment WHERE deleted_at IS NULL\n"
	"  GROUP BY document_id, author_id;\n",
	"CREATE TRIGGER tally_inserted AFTER INSERT ON comment BEGIN\n" TALLY_ADD("new") "END;\n",
	"CREATE TRIGGER tally_removed AFTER DELETE ON comment BEGIN\n" TALLY_SUB("old") "END;\n",
	"CREATE TRIGGER tally_updated AFTER UPDATE OF deleted_at, disposition, document_id, author_id, parent_id ON comment\n"
	"BEGIN\n" TALLY_SUB("old") TALLY_ADD("new") "END;\n",
	NULL,
};

/* Migration 4: a bulk import no longer keeps the tallies row by row. While search_paused has
 * its row (store_bulk_begin), the triggers leave out the rows added since its since_seq, and
 * store_bulk_end counts those rows in one pass (store_bulk.c): two upserts per
 * imported comment cost an import of a million comments over a third of its time. */
#define TALLY_NEW_ROW(r) "EXISTS (SELECT 1 FROM search_paused WHERE " r ".seq >= since_seq)"
static const char *const migration_4[] = {
	"DROP TRIGGER tally_inserted;\n",
	"DROP TRIGGER tally_removed;\n",
	"DROP TRIGGER tally_updated;\n",
	"CREATE TRIGGER tally_inserted AFTER INSERT ON comment WHEN NOT " TALLY_NEW_ROW("new") " BEGIN\n"
	TALLY_ADD("new") "END;\n",
	"CREATE TRIGGER tally_removed AFTER DELETE ON comment WHEN NOT " TALLY_NEW_ROW("old") " BEGIN\n"
	TALLY_SUB("old") "END;\n",
	"CREATE TRIGGER tally_updated AFTER UPDATE OF deleted_at, disposition, document_id, author_id, parent_id ON comment\n"
	"WHEN NOT " TALLY_NEW_ROW("old") " BEGIN\n" TALLY_SUB("old") TALLY_ADD("new") "END;\n",
	NULL,
};

/* Migration 5: limits by author, unit and disposition as index ranges. */
static const char *const migration_5[] = {
	COMMENT_INDEX_AUTHOR ";\n",
	COMMENT_INDEX_DISPOSITION ";\n",
	NULL,
};

/* Migration 6: versions of a draft (dự thảo lần 1, 2, 3 …). A document has versions; its
 * sections are rows per version (section.version), so a comment keeps pointing at the section
 * of the version it was made on and adding a version copies no comment. Every existing
 * document becomes version 1 of itself (the column's default: no row is rewritten).
 * document.n_versions is the newest version, and n_sections counts that version's sections.
 * `alignment` says, once per pair of consecutive versions, which section of the older one each
 * section of the newer one continues (kind: enum align_kind; by_hand: set by a person). */
static const char *const migration_6[] = {
	"CREATE TABLE version (\n"
	"  document_id INTEGER NOT NULL REFERENCES document(id),\n"
	"  number INTEGER NOT NULL,        -- 1, 2, 3 … in order\n"
	"  label TEXT NOT NULL DEFAULT '', -- as the drafting team names it: \"Dự thảo lần 3\"\n"
	"  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')),\n"
	"  n_sections INTEGER NOT NULL DEFAULT 0,\n"
	"  PRIMARY KEY (document_id, number)\n"
	") WITHOUT ROWID;\n",
	"ALTER TABLE document ADD COLUMN n_versions INTEGER NOT NULL DEFAULT 1;\n",
	"ALTER TABLE section ADD COLUMN version INTEGER NOT NULL DEFAULT 1;\n",
	"CREATE INDEX section_version ON section(document_id, version, position);\n",
	"INSERT INTO version(document_id, number, label, created_at, n_sections)\n"
	"  SELECT id, 1, version, created_at, n_sections FROM document;\n",
	"CREATE TRIGGER version_first AFTER INSERT ON document BEGIN\n"
	"  INSERT INTO version(document_id, number, label, created_at) VALUES (new.id, 1, new.version, new.created_at);\n"
	"END;\n",
	"DROP TRIGGER section_inserted;\n",
	"DROP TRIGGER section_removed;\n",
	"CREATE TRIGGER section_inserted AFTER INSERT ON section BEGIN\n"
	"  UPDATE document SET n_sections = n_sections + 1 WHERE id = new.document_id AND n_versions = new.version;\n"
	"  UPDATE version SET n_sections = n_sections + 1 WHERE document_id = new.document_id AND number = new.version;\n"
	"END;\n",
	"CREATE TRIGGER section_removed AFTER DELETE ON section BEGIN\n"
	"  UPDATE document SET n_sections = n_sections - 1 WHERE id = old.document_id AND n_versions = old.version;\n"
	"  UPDATE version SET n_sections = n_sections - 1 WHERE document_id = old.document_id AND number = old.version;\n"
	"END;\n",
	"CREATE TABLE alignment (\n"
	"  document_id INTEGER NOT NULL REFERENCES document(id),\n"
	"  new_version INTEGER NOT NULL,   -- aligned with new_version - 1\n"
	"  new_section INTEGER REFERENCES section(id),  -- NULL: an old section removed\n"
	"  old_section INTEGER REFERENCES section(id),  -- NULL: a new section\n"
	"  kind INTEGER NOT NULL,          -- enum align_kind\n"
	"  by_hand INTEGER NOT NULL DEFAULT 0\n"
	");\n",
	"CREATE INDEX alignment_new ON alignment(new_section, old_section);\n",
	"CREATE INDEX alignment_old ON alignment(old_section, new_section);\n",
	"CREATE INDEX alignment_pair ON alignment(document_id, new_version);\n",
	NULL,
};

/* Migration 7: the documents of a round. `citation` says where the response to a comment
 * went: a section of a later version ("Đã tiếp thu tại khoản 2 Điều 8 dự thảo lần 3"), by id so
 * it survives relabelling. `align_note` holds the drafting team's explanation of a change between
 * version new_version - 1 and new_version, for the comparison table: keyed by the new section, or
 * by the old one for a section removed. */
static const char *const migration_7[] = {
	"CREATE TABLE citation (\n"
	"  comment_id INTEGER PRIMARY KEY REFERENCES comment(id) ON DELETE CASCADE,\n"
	"  section_id INTEGER NOT NULL REFERENCES section(id)\n"
	");\n",
	"CREATE INDEX citation_section ON citation(section_id);\n",
	"CREATE TABLE align_note (\n"
	"  document_id INTEGER NOT NULL REFERENCES document(id),\n"
	"  new_version INTEGER NOT NULL,\n"
	"  section_id INTEGER NOT NULL REFERENCES section(id),\n"
	"  note TEXT NOT NULL,\n"
	"  PRIMARY KEY (document_id, new_version, section_id)\n"
	") WITHOUT ROWID;\n",
	NULL,
};

/* Migration 8: offline copies merged (store_merge.c). `conflict` keeps both versions of
 * what two copies changed differently until a person settles it: the version the review
 * shows (shown_*) and the other one (other_*), each with when it was made. `held_comment`
 * holds comments a merge brought whose parent is not (yet) in this copy, or whose document
 * is in conflict (conflict_id), until they can be placed; it is also where a merge stages
 * the new comments before placing them in thread order. `held_section` keeps the text of a
 * document that came with the same code but a different text, to be imported as a new
 * version or dropped when the conflict is settled. `audit_copy` keeps the audit log entries
 * of the other copies (origin: the copy they came from), apart from this copy's own log,
 * whose checks read only what happened here. */
static const char *const migration_8[] = {
	"CREATE TABLE conflict (\n"
	"  id INTEGER PRIMARY KEY,        -- random 63-bit\n"
	"  kind TEXT NOT NULL CHECK (kind IN ('edit', 'handling', 'delete', 'delegate', 'document')),\n"
	"  document_id INTEGER,           -- the document concerned (NULL: a delegate)\n"
	"  comment_id INTEGER,            -- edit, handling, delete: the comment\n"
	"  code TEXT,                     -- delegate, document: its code\n"
	"  shown TEXT, other TEXT,        -- edit, delete: the text; handling: the response; delegate: the\n"
	"                                 -- name; document: the title\n"
	"  shown_extra TEXT, other_extra TEXT, -- delegate: the unit\n"
	"  shown_n INTEGER, other_n INTEGER,   -- handling: the disposition; delete: 1 on the deleted side\n"
	"  shown_at TEXT, other_at TEXT,  -- when each version was made (edited, deleted, handled)\n"
	"  source TEXT,                   -- the copy the other version came from\n"
	"  found_at TEXT NOT NULL,\n"
	"  settled_at TEXT,               -- NULL: open\n"
	"  settled_by TEXT,               -- system login that settled it\n"
	"  kept TEXT                      -- 'mine', 'theirs' or 'version'\n"
	");\n",
	"CREATE INDEX conflict_comment ON conflict(comment_id) WHERE comment_id IS NOT NULL;\n",
	"CREATE INDEX conflict_open ON conflict(document_id, settled_at);\n",
	"CREATE TABLE held_comment (\n"
	"  seq INTEGER PRIMARY KEY,\n"
	"  id INTEGER NOT NULL UNIQUE,\n"
	"  document_id INTEGER NOT NULL,\n"
	"  section_id INTEGER,\n"
	"  parent_id INTEGER,\n"
	"  author_id INTEGER NOT NULL,\n"
	"  entered_by INTEGER,\n"
	"  body TEXT NOT NULL,\n"
	"  quote TEXT,\n"
	"  created_at TEXT NOT NULL,\n"
	"  edited_at TEXT,\n"
	"  deleted_at TEXT,\n"
	"  disposition INTEGER NOT NULL DEFAULT 0 CHECK (disposition BETWEEN 0 AND 5),\n"
	"  response TEXT,\n"
	"  handled_by INTEGER,\n"
	"  handled_at TEXT,\n"
	"  conflict_id INTEGER            -- its document is in this conflict; NULL: waits for its parent\n"
	");\n",
	"CREATE TABLE held_section (\n"
	"  conflict_id INTEGER NOT NULL,\n"
	"  id INTEGER NOT NULL,           -- its id in the copy it came from\n"
	"  parent_id INTEGER,\n"
	"  position INTEGER NOT NULL,\n"
	"  level INTEGER NOT NULL,\n"
	"  depth INTEGER NOT NULL DEFAULT 0,\n"
	"  label TEXT NOT NULL DEFAULT '',\n"
	"  full_label TEXT NOT NULL DEFAULT '',\n"
	"  heading TEXT NOT NULL DEFAULT '',\n"
	"  body TEXT NOT NULL DEFAULT '',\n"
	"  PRIMARY KEY (conflict_id, position)\n"
	") WITHOUT ROWID;\n",
	"CREATE TABLE audit_copy (\n"
	"  seq INTEGER PRIMARY KEY AUTOINCREMENT,\n"
	"  origin TEXT,                   -- the copy the entry was made in\n"
	"  at TEXT NOT NULL, kind TEXT NOT NULL, os_user TEXT, delegate_id INTEGER, document_id INTEGER,\n"
	"  comment_id INTEGER, old_value, new_value, count INTEGER, detail TEXT\n"
	");\n",
	"CREATE INDEX audit_copy_comment ON audit_copy(comment_id, kind) WHERE comment_id IS NOT NULL;\n",
	"CREATE INDEX audit_copy_at ON audit_copy(at, comment_id);\n",
	"CREATE INDEX audit_at ON audit(at, comment_id);\n",
	"CREATE TRIGGER audit_copy_append_only BEFORE UPDATE ON audit_copy BEGIN\n"
	"  SELECT RAISE(ABORT, 'the audit log is append-only');\n"
	"END;\n",
	"CREATE TRIGGER audit_copy_keep_rows BEFORE DELETE ON audit_copy BEGIN\n"
	"  SELECT RAISE(ABORT, 'the audit log is append-only');\n"
	"END;\n",
	NULL,
};

/* Migration 9: the view sorted by author (then time) reads each author's comments from one
 * range in that order: without it every page sorted all of an author's comments (60,000 of
 * them for a delegate at 26 million comments). */
static const char *const migration_9[] = {
	COMMENT_INDEX_AUTHOR_TIME ";\n",
	NULL,
};

/* Migration 10: on PostgreSQL, a bulk import counts its comments into the document's and
 * sections' counters in one pass at the end, as it does its tallies (pg_schema.c); a file
 * keeps counting row by row. */
static const char *const migration_10[] = {NULL};

/* Migration 11: the view sorted by section under a limit to one author reads the author's
 * comments section by section, each section's from one range in thread order: without it every
 * page sorted all of the author's comments by their section's position (60,000 of them for a
 * delegate at 26 million comments, 400 ms). Building it reads and sorts the whole comment
 * table: migrate() says so on a large file. */
static const char *const migration_11[] = {
	COMMENT_INDEX_AUTHOR_SECTION ";\n",
	NULL,
};

/* Migration 12: each document's days (comment_day), with the number of comments created that
 * day and the smallest and largest thread key among them (store_days.c says why bounds are
 * enough): a span of dates in thread order is then walked from its keys' range instead of its
 * keys read and sorted (a million at 26 million comments). Kept by triggers; a bulk write's rows
 * are added at its end (store_bulk.c: comment_day_added is set aside, the other two leave its rows
 * out as the tallies' do). Filled by one pass over the table in C (days_fill, migrate_steps):
 * SQL's GROUP BY would sort the whole table. */
#define DAY_OF(r) "substr(" r ".created_at, 1, 10)"
#define DAY_ADD(r)                                                                                                  \
	"  INSERT INTO comment_day(document_id, day, n, min_key, max_key) VALUES (" r ".document_id, " DAY_OF(r) ", 1, " \
	r ".thread_key, " r ".thread_key)\n    ON CONFLICT (document_id, day) DO UPDATE SET n = n + 1, "               \
	"min_key = min(min_key, excluded.min_key), max_key = max(max_key, excluded.max_key);\n"
#define DAY_SUB(r)                                                                                                  \
	"  UPDATE comment_day SET n = n - 1 WHERE document_id = " r ".document_id AND day = " DAY_OF(r) ";\n"          \
	"  DELETE FROM comment_day WHERE document_id = " r ".document_id AND day = " DAY_OF(r) " AND n <= 0;\n"
#define MIGRATION_DAYS 12
static const char *const migration_12[] = {
	"CREATE TABLE comment_day (\n"
	"  document_id INTEGER NOT NULL,\n"
	"  day TEXT NOT NULL,          -- substr(created_at, 1, 10)\n"
	"  n INTEGER NOT NULL,         -- comment rows created that day (deleted ones too)\n"
	"  min_key BLOB NOT NULL,      -- at most the smallest thread key among them\n"
	"  max_key BLOB NOT NULL,      -- at least the largest\n"
	"  PRIMARY KEY (document_id, day)\n"
	") WITHOUT ROWID;\n",
	"CREATE TRIGGER comment_day_added AFTER INSERT ON comment BEGIN\n" DAY_ADD("new") "END;\n",
	"CREATE TRIGGER comment_day_moved AFTER UPDATE OF document_id, created_at, thread_key ON comment\n"
	"WHEN NOT " TALLY_NEW_ROW("old") " BEGIN\n" DAY_SUB("old") DAY_ADD("new") "END;\n",
	"CREATE TRIGGER comment_day_removed AFTER DELETE ON comment WHEN NOT " TALLY_NEW_ROW("old") " BEGIN\n"
	DAY_SUB("old") "END;\n",
	NULL,
};

/* Migration 13: nothing in a file. On a server a comment's insert runs one trigger function
 * instead of three, and a sequence marks the commits that wait for the disk (pg_schema.c):
 * SQLite's triggers run in the writer's own process, with no call of a procedural language to
 * save, and a file's commit does not wait for the disk. */
static const char *const migration_13[] = {NULL};

/* Migration 14: nothing in a file. On a server the day's row of a new comment is kept by the
 * insert's one trigger function (pg_schema.c); a file's triggers are SQLite's own statements,
 * with no procedural-language call to save. */
static const char *const migration_14[] = {NULL};

static const char *const *const migrations[] = {migration_1, migration_2, migration_3, migration_4,
                                                  migration_5, migration_6, migration_7, migration_8,
                                                  migration_9, migration_10, migration_11, migration_12,
                                                  migration_13, migration_14};
#define N_MIGRATIONS ((int)(sizeof migrations / sizeof migrations[0]))

int store_schema_version(void) { return N_MIGRATIONS; }

/* ---- helpers ------------------------------------------------------------------------ */

/* No free block left on the file system holding path? */
static bool disk_full(const char *path)
{
	struct statvfs fs;
	return statvfs(path, &fs) == 0 && fs.f_bavail == 0 && fs.f_blocks > 0;
}

int db_error(struct store *st, const char *doing)
{
	if (st->pg)
		return pg_describe(st, doing);
	int code = st->db ? sqlite3_extended_errcode(st->db) : SQLITE_ERROR;
	const char *path = st->path ? st->path : "?";
	doing = _(doing); /* callers pass N_("reading ...") */
	switch (code & 0xff) {
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return err_set(_("%s: the database is locked by another gopy or program; try again"), path);
	case SQLITE_READONLY:
		return err_set(_("%s: the database is read-only (check the file's and folder's permissions)"), path);
	case SQLITE_FULL:
		return err_set(_("%s: the disk is full; nothing was saved"), path);
	case SQLITE_NOTADB:
		return err_set(_("%s: not a gopy database (not an SQLite file, or its header is damaged)"), path);
	case SQLITE_CORRUPT:
		return err_set(_("%s: the database is corrupt (found while %s); restore a backup, or "
		                 "'sqlite3 %s .recover' may save what is left"), path, doing, path);
	case SQLITE_IOERR:
		if (disk_full(path)) /* SQLite says I/O error when it cannot even make its -shm file */
			return err_set(_("%s: the disk holding it is full (free some space and try again)"), path);
		return err_set(_("%s: input/output error while %s"), path, doing);
	case SQLITE_CANTOPEN:
		return err_set(_("%s: cannot open the database file"), path);
	default:
		return err_set(_("%s: %s failed: %s (error %d)"), path, doing,
		               st->db ? sqlite3_errmsg(st->db) : _("no connection"), code);
	}
}

int db_exec(struct store *st, const char *sql)
{
	char *msg = NULL;
	if (st->pg)
		return pg_exec(st, sql);
	if (!st->db)
		return err_set(_("%s: the database could not be opened again"), st->path);
	if (sqlite3_exec(st->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		sqlite3_free(msg);
		return db_error(st, N_("running SQL"));
	}
	return 0;
}

int db_step_done(struct store *st, struct dbq *s, const char *doing)
{
	int rc = dbq_step(s);
	dbq_reset(s);
	if (rc != DBQ_DONE && rc != DBQ_ROW)
		return db_error(st, doing);
	return 0;
}

int db_step_insert(struct store *st, struct dbq *s, gid *id, int also_idx)
{
	/* On a server a failed statement spoils the transaction: a savepoint lets the insert be
	 * tried again. Ids collide only with the seeded generator of the tests. */
	bool guard = st->pg && getenv("GOPY_SEED");
	for (int tries = 0;; tries++) {
		if (guard)
			db_exec(st, "SAVEPOINT gopy_insert");
		int rc = dbq_step(s);
		dbq_reset(s);
		if (guard)
			db_exec_quiet(st, rc == DBQ_DONE ? "RELEASE SAVEPOINT gopy_insert" : "ROLLBACK TO SAVEPOINT gopy_insert");
		if (rc == DBQ_DONE || tries >= 1000 ||
		    db_last_fault(st) != DB_FAULT_PRIMARY_KEY)
			return rc;
		*id = id_new();
		dbq_bind_int64(s, 1, *id);
		if (also_idx > 0)
			dbq_bind_int64(s, also_idx, *id);
	}
}

int db_bind_text(struct dbq *s, int i, const char *v)
{
	return v ? dbq_bind_text(s, i, v, -1) : dbq_bind_null(s, i);
}

int db_bind_id(struct dbq *s, int i, gid v)
{
	return v ? dbq_bind_int64(s, i, v) : dbq_bind_null(s, i);
}

const char *db_col_text(struct dbq *s, int i)
{
	return dbq_column_text(s, i);
}

unsigned char *db_col_blobdup(struct dbq *s, int i, size_t *len)
{
	*len = (size_t)dbq_column_bytes(s, i);
	unsigned char *b = xmalloc(*len + 1);
	if (*len)
		memcpy(b, dbq_column_blob(s, i), *len);
	return b;
}

char *db_col_strdup(struct dbq *s, int i, bool empty_for_null)
{
	const char *t = db_col_text(s, i);
	if (!t)
		return empty_for_null ? xstrdup("") : NULL;
	return xstrndup(t, (size_t)dbq_column_bytes(s, i));
}

static int64_t pragma_int(struct store *st, const char *sql, int *ok)
{
	struct dbq *s = db_prepare(st, sql);
	int64_t v = 0;
	*ok = 0;
	if (!s)
		return 0;
	int rc = dbq_step(s);
	if (rc == DBQ_ROW) {
		v = dbq_column_int64(s, 0);
		*ok = 1;
	} else if (rc != DBQ_DONE) {
		db_error(st, N_("reading the database header"));
	} else {
		*ok = 1;
	}
	dbq_finalize(s);
	return v;
}

/* WAL needs shared memory that network file systems do not provide (sqlite.org/wal.html). */
static bool on_network_fs(const char *path)
{
	struct statfs fs;
	if (statfs(path, &fs) != 0)
		return false;
	switch ((unsigned long)fs.f_type) {
	case 0x6969UL:      /* NFS */
	case 0x517BUL:      /* SMB */
	case 0xFF534D42UL:  /* CIFS */
	case 0xFE534D42UL:  /* SMB2 */
	case 0x65735546UL:  /* FUSE (sshfs and friends) */
		return true;
	default:
		return false;
	}
}

/* The first 16 bytes of an SQLite file are "SQLite format 3\0"; an empty file is allowed. */
static int check_header(const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return err_set(_("%s: cannot read: %s"), path, strerror(errno));
	char head[16];
	ssize_t n = read(fd, head, sizeof head);
	close(fd);
	if (n < 0)
		return err_set(_("%s: cannot read: %s"), path, strerror(errno));
	if (n == 0)
		return 0;
	if (n < 16 || memcmp(head, "SQLite format 3", 16) != 0)
		return err_set(_("%s: not a gopy database (not an SQLite file)"), path);
	return 0;
}

/* Bytes 18 and 19 of the header are 2 in WAL mode. */
static bool file_is_wal(const char *path)
{
	unsigned char head[20];
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return false;
	ssize_t n = read(fd, head, sizeof head);
	close(fd);
	return n == (ssize_t)sizeof head && (head[18] == 2 || head[19] == 2);
}

static bool dir_writable(const char *path)
{
	struct buf dir = {0};
	const char *slash = strrchr(path, '/');
	if (!slash)
		buf_puts(&dir, ".");
	else if (slash == path)
		buf_puts(&dir, "/");
	else
		buf_append(&dir, path, (size_t)(slash - path));
	bool ok = access(dir.data, W_OK) == 0;
	buf_free(&dir);
	return ok;
}

static bool exists_with(const char *path, const char *suffix)
{
	struct buf b = {0};
	buf_printf(&b, "%s%s", path, suffix);
	bool yes = access(b.data, F_OK) == 0;
	buf_free(&b);
	return yes;
}

/* Inode, size and change time of the file; inodes of its -wal and -shm (0 when absent). */
static void files_signature(const char *path, int64_t sig[8])
{
	static const char *const suffix[] = {"", "-wal", "-shm"};
	memset(sig, 0, 8 * sizeof sig[0]);
	for (int i = 0; i < 3; i++) {
		struct buf b = {0};
		struct stat sb;
		buf_printf(&b, "%s%s", path, suffix[i]);
		if (stat(b.data, &sb) == 0) {
			sig[i] = (int64_t)sb.st_ino + 1;
			if (i == 0) {
				sig[3] = (int64_t)sb.st_size;
				sig[4] = (int64_t)sb.st_mtim.tv_sec * 1000000000 + sb.st_mtim.tv_nsec;
			}
		}
		buf_free(&b);
	}
}

/* "file:" URI for path with immutable=1, escaping what URIs reserve. */
static void immutable_uri(struct buf *b, const char *path)
{
	buf_puts(b, "file:");
	for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
		    strchr("/-._~", *p))
			buf_putc(b, (char)*p);
		else
			buf_printf(b, "%%%02X", *p);
	}
	buf_puts(b, "?immutable=1");
}

/* The comments from which a migration that builds an index on the comment table says so on
 * stderr (about 5 s a million comments on a busy machine, the table read from disk at 26 million; GOPY_TEST_MIGRATION_NOTICE lowers it for tests). */
#define MIGRATION_NOTICE_ROWS 1000000
#define MIGRATION_INDEX_FROM 11 /* the first migration building an index on a full comment table */

/* Before migrations that build an index on the comment table of a large file: a line on stderr
 * (they take minutes at tens of millions of comments), and the index's sort in temporary files
 * with a larger cache, not in memory (temp_store = MEMORY would hold the whole table's keys). */
static int migrate_steps(struct store *st, int from);

static bool migration_is_long(struct store *st, int from)
{
	if (from >= MIGRATION_DAYS)
		return false;
	int ok;
	int64_t rows = pragma_int(st, "SELECT coalesce(max(rowid), 0) FROM comment", &ok);
	const char *t = getenv("GOPY_TEST_MIGRATION_NOTICE");
	int64_t from_rows = t && atoll(t) > 0 ? atoll(t) : MIGRATION_NOTICE_ROWS;
	if (!ok || rows < from_rows)
		return false;
	if (from < MIGRATION_INDEX_FROM)
		fprintf(stderr, _("%s: upgrading to schema %d: indexing %lld comments, about %lld s\n"),
		        st->path ? st->path : "", N_MIGRATIONS, (long long)rows, (long long)(rows / 200000 + 1));
	else /* migration 12 alone: one read of the table (days_fill), about 2 s a million */
		fprintf(stderr, _("%s: upgrading to schema %d: reading the days of %lld comments, about %lld s\n"),
		        st->path ? st->path : "", N_MIGRATIONS, (long long)rows, (long long)(rows / 500000 + 1));
	db_exec(st, "PRAGMA temp_store = FILE");
	db_exec(st, "PRAGMA cache_size = -32768");
	return true;
}

static int migrate(struct store *st, int from)
{
	bool long_one = migration_is_long(st, from);
	int rc = migrate_steps(st, from);
	if (long_one) {
		db_exec(st, "PRAGMA cache_size = -2048");
		db_exec_quiet(st, "PRAGMA temp_store = MEMORY");
	}
	return rc;
}

static int migrate_steps(struct store *st, int from)
{
	if (db_exec(st, "BEGIN IMMEDIATE") != 0)
		return err_prefix(_("cannot upgrade the database"));
	for (int v = from; v < N_MIGRATIONS; v++) {
		for (const char *const *step = migrations[v]; *step; step++) {
			if (db_exec(st, *step) != 0) {
				db_exec_quiet(st, "ROLLBACK");
				return err_prefix(_("migration %d"), v + 1);
			}
		}
		if (v + 1 == MIGRATION_DAYS && days_fill(st, false) != 0) {
			db_exec_quiet(st, "ROLLBACK");
			return err_prefix(_("migration %d"), v + 1);
		}
	}
	char sql[96];
	snprintf(sql, sizeof sql, "PRAGMA application_id = %d; PRAGMA user_version = %d;", GOPY_APPLICATION_ID,
	         N_MIGRATIONS);
	if (db_exec(st, sql) != 0 || db_exec(st, "COMMIT") != 0) {
		db_exec_quiet(st, "ROLLBACK");
		return -1;
	}
	return 0;
}

/* The triggers and views the migrations create. */
#define KNOWN_CODE \
	"'comment_inserted', 'comment_indexed', 'comment_removed', 'comment_counted', 'comment_text_changed', " \
	"'section_inserted', 'section_removed', 'audit_append_only', 'audit_keep_rows', 'audit_comment_added', " \
	"'audit_comment_edited', 'audit_comment_deleted', 'audit_comment_disposed', 'audit_comment_answered', " \
	"'audit_comment_purged', 'audit_delegate_added', 'audit_delegate_changed', 'audit_document_added', " \
	"'tally_inserted', 'tally_removed', 'tally_updated', 'version_first', 'audit_copy_append_only', " \
	"'audit_copy_keep_rows', 'comment_day_added', 'comment_day_moved', 'comment_day_removed'"
static const char known_code[] = KNOWN_CODE;

/* The search index is kept by triggers that write to an FTS5 table, which SQLite runs only
 * with trusted_schema on. The connection opens with it off; it is turned on once the file
 * is known to hold no trigger or view but gopy's own, so a crafted file cannot make gopy run
 * SQL of its choosing. */
static int trust_schema(struct store *st, const char *path)
{
	char sql[1536];
	snprintf(sql, sizeof sql, "SELECT name FROM sqlite_schema WHERE type IN ('trigger', 'view') AND name NOT IN (%s)",
	         known_code);
	struct dbq *s = db_prepare(st, sql);
	if (!s)
		return -1;
	int rc = dbq_step(s);
	if (rc == DBQ_ROW) {
		const char *name = db_col_text(s, 0);
		err_set(_("%s has a trigger or view gopy did not make (%s); not running it (drop it with sqlite3 "
		          "if it is yours)"),
		        path, name ? name : "?");
		dbq_finalize(s);
		return -1;
	}
	dbq_finalize(s);
	if (rc != DBQ_DONE)
		return db_error(st, N_("reading the schema"));
	sqlite3_db_config(st->db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 1, NULL);
	return 0;
}

/* ---- waiting for another writer -------------------------------------------------------- */

static double monotonic_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* SQLite's busy handler: sleep a little and try again, until the store's limit or its
 * caller says stop. count is 0 at the first retry of each lock attempt. */
static int busy_wait(void *arg, int count)
{
	struct store *st = arg;
	double now = monotonic_now();
	if (count == 0)
		st->wait_start = now;
	double waited = now - st->wait_start;
	if (st->wait_limit >= 0 && waited >= st->wait_limit)
		return 0;
	if (st->wait_fn && !st->wait_fn(st->wait_ctx, (int)waited))
		return 0;
	/* 1, 2, 4 … ms at first (a short commit ends soon), then 50 ms */
	long ms = count < 6 ? 1L << count : 50;
	struct timespec nap = {0, ms * 1000000L};
	nanosleep(&nap, NULL);
	return 1;
}

static int stop_check(void *arg)
{
	struct store *st = arg;
	if (st->stop && st->stop(st->stop_ctx))
		st->stopped = true;
	return st->stopped;
}

void store_set_stop(struct store *st, bool (*stop)(void *ctx), void *ctx)
{
	st->stop = stop;
	st->stop_ctx = ctx;
	st->stopped = false;
	if (st->db)
		sqlite3_progress_handler(st->db, stop ? 4096 : 0, stop ? stop_check : NULL, st);
}

bool store_stopped(const struct store *st)
{
	return st->stopped;
}

void store_set_wait(struct store *st, int seconds, store_wait_fn fn, void *ctx)
{
	st->wait_limit = seconds;
	st->wait_fn = fn;
	st->wait_ctx = ctx;
}

/* ---- open ------------------------------------------------------------------------- */

static int db_setup(struct store *st, const char *path, int flags);

int db_open_image(struct store *st, const void *data, size_t len)
{
	if (sqlite3_open_v2(":memory:", &st->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK)
		return db_error(st, "opening");
	unsigned char *copy = sqlite3_malloc64(len ? len : 1);
	if (!copy)
		return err_set("out of memory");
	if (len)
		memcpy(copy, data, len);
	if (sqlite3_deserialize(st->db, "main", copy, (sqlite3_int64)len, (sqlite3_int64)len,
	                        SQLITE_DESERIALIZE_FREEONCLOSE | SQLITE_DESERIALIZE_RESIZEABLE) != SQLITE_OK)
		return db_error(st, "loading the image");
	return db_setup(st, st->path, 0);
}

int db_open(struct store *st, const char *path, int flags)
{
	struct stat sb;
	bool exists = stat(path, &sb) == 0;
	if (flags & STORE_CREATE) {
		if (exists)
			return err_set(_("%s already exists; not overwriting it"), path);
		/* Create it here, atomically: SQLITE_OPEN_EXCLUSIVE is a no-op for sqlite3_open_v2,
		 * so a file appearing after the stat() would otherwise be migrated. A 0-byte file is
		 * an empty database to SQLite. */
		int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0660);
		if (fd < 0)
			return errno == EEXIST ? err_set(_("%s already exists; not overwriting it"), path)
			                       : err_set(_("%s: cannot create: %s"), path, strerror(errno));
		/* 0660 whatever the umask: a review is shared by a group, never by the world */
		if (fchmod(fd, 0660) != 0) {
			int e = errno;
			close(fd);
			unlink(path);
			return err_set(_("%s: cannot create: %s"), path, strerror(e));
		}
		close(fd);
		st->created = true;
	} else {
		if (!exists)
			return err_set(_("%s: no such database (create one with 'gopy init %s')"), path, path);
		if (!S_ISREG(sb.st_mode))
			return err_set(_("%s: not a regular file"), path);
		if (check_header(path) != 0)
			return -1;
		if (sb.st_size == 0)
			return err_set(_("%s: not a gopy database (the file is empty)"), path);
	}
	st->world_writable = exists && (sb.st_mode & S_IWOTH);
	st->readonly = (flags & STORE_READONLY) != 0;
	if (!st->readonly && exists && access(path, W_OK) != 0)
		st->readonly = true; /* open what we can read; writes will say why they fail */

	int oflags = st->readonly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE;
	if (flags & STORE_CREATE)
		oflags |= SQLITE_OPEN_CREATE | SQLITE_OPEN_EXCLUSIVE;
	oflags |= SQLITE_OPEN_NOMUTEX;
	/* A WAL file in a folder we cannot write: SQLite cannot make a -shm file. While others
	 * have it open (their -wal and -shm exist), SQLite reads their -shm read-only and sees
	 * every commit, also those still in the -wal. With no -wal there is nothing beyond the
	 * file itself: read it as immutable. Either way the files are watched (db_refresh), so
	 * that a writer coming or going is followed. A -wal without its -shm cannot be read
	 * safely: refuse rather than show old data. */
	struct buf uri = {0};
	const char *target = path;
	st->open_flags = flags;
	st->watch_files = false;
	if (st->readonly && exists && file_is_wal(path) && !dir_writable(path)) {
		st->watch_files = true;
		files_signature(path, st->file_sig);
		bool wal = exists_with(path, "-wal"), shm = exists_with(path, "-shm");
		if (wal && !shm)
			return err_set(_("%s: its latest changes are in its -wal file, which cannot be read without the -shm "
			                 "file that only a user allowed to write in its folder can make; open it once as such a "
			                 "user"), path);
		if (!wal) {
			immutable_uri(&uri, path);
			target = uri.data;
			oflags |= SQLITE_OPEN_URI;
		}
	}
	int opened = sqlite3_open_v2(target, &st->db, oflags, NULL);
	buf_free(&uri);
	if (opened != SQLITE_OK) {
		int rc = db_error(st, N_("opening"));
		sqlite3_close(st->db);
		st->db = NULL;
		return rc;
	}
	return db_setup(st, path, flags);
}

/* After the connection is made: pragmas, refusing foreign or newer files, migrations. */
static int db_setup(struct store *st, const char *path, int flags)
{
	sqlite3_extended_result_codes(st->db, 1);
	st->wait_limit = STORE_DEFAULT_WAIT;
	sqlite3_busy_handler(st->db, busy_wait, st);
	sqlite3_db_config(st->db, SQLITE_DBCONFIG_DEFENSIVE, 1, NULL);
	sqlite3_db_config(st->db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, NULL);
	if (db_exec(st, "PRAGMA foreign_keys = ON") != 0)
		return -1;

	int ok;
	int64_t app = pragma_int(st, "PRAGMA application_id", &ok);
	if (!ok)
		return -1;
	int64_t ver = pragma_int(st, "PRAGMA user_version", &ok);
	if (!ok)
		return -1;
	int64_t objects = pragma_int(st, "SELECT count(*) FROM sqlite_schema", &ok);
	if (!ok)
		return -1;

	if (flags & STORE_CREATE) {
		/* A fresh file: 16 KiB pages (SQLite's default is 4). A bulk import is one
		 * transaction whose pages all sit in the WAL until its commit, and finding a page
		 * there costs a probe in every 4,096 frames written after it: with a quarter of the
		 * pages, a quarter of the look-ups each a quarter as long (store_bulk.c). Set before
		 * anything is written; an existing file keeps its page size. */
		if (objects == 0 && db_exec(st, "PRAGMA page_size = " DB_PAGE_SIZE) != 0)
			return -1;
	} else if (app != GOPY_APPLICATION_ID) {
		if (app == 0 && objects == 0)
			return err_set(_("%s: not a gopy database (an empty SQLite file; use 'gopy init' on a new path)"), path);
		return err_set(_("%s: not a gopy database (an SQLite database of another program)"), path);
	} else if (ver <= 0) {
		/* gopy sets the schema version with the application id, in one transaction */
		return err_set(_("%s: damaged or not a gopy schema (schema version %lld); the file was not changed"),
		               path, (long long)ver);
	} else if (ver > N_MIGRATIONS) {
		return err_set(_("%s was written by a newer gopy (schema %lld; this gopy knows up to %d); upgrade gopy"),
		               path, (long long)ver, N_MIGRATIONS);
	}

	if (!st->readonly) {
		const char *jm = on_network_fs(path) ? "PRAGMA journal_mode = DELETE" : "PRAGMA journal_mode = WAL";
		struct dbq *s = db_prepare(st, jm);
		if (!s)
			return -1;
		int rc = dbq_step(s);
		dbq_finalize(s);
		if (rc != DBQ_ROW)
			return db_error(st, N_("setting the journal mode"));
		db_exec(st, "PRAGMA synchronous = NORMAL");
	}
	/* The page cache is small and bounded whatever the file size: every view and export
	 * reads through indexes, a page at a time (bulk imports raise it: store_bulk). */
	db_exec(st, "PRAGMA cache_size = -2048");
	db_exec(st, "PRAGMA temp_store = MEMORY");

	if (ver < N_MIGRATIONS) {
		if (st->readonly)
			return err_set(_("%s needs upgrading to schema %d; open it once with write access"), path,
			               N_MIGRATIONS);
		if (migrate(st, (int)ver) != 0)
			return -1;
	}
	return trust_schema(st, path);
}

int db_refresh(struct store *st)
{
	if (!st->watch_files || st->tx_depth > 0)
		return 0;
	int64_t now[8];
	files_signature(st->path, now);
	if (memcmp(now, st->file_sig, sizeof now) == 0)
		return 0;
	db_cache_clear(st);
	section_index_free(st->sections);
	st->sections = NULL;
	sqlite3_close(st->db);
	st->db = NULL;
	st->reopens++;
	return db_open(st, st->path, st->open_flags) == 0 ? 1 : -1;
}

/* ---- check ------------------------------------------------------------------------ */

#define STR_(x) #x
#define STR(x) STR_(x)

static int run_checks(struct store *st, struct buf *report, store_check_step_fn step, void *ctx);

int db_check_rows(struct store *st, struct buf *report, const char *sql, const char *what)
{
	struct dbq *s = db_prepare(st, sql);
	if (!s)
		return -1;
	int problems = 0, rc;
	while ((rc = dbq_step(s)) == DBQ_ROW) {
		if (problems < 20) {
			const char *t = db_col_text(s, 0);
			buf_printf(report, "%s: %s\n", what, t ? t : "?");
		}
		problems++;
	}
	dbq_finalize(s);
	if (rc != DBQ_DONE)
		return db_error(st, what);
	if (problems >= 20)
		buf_printf(report, ngettext("%s: %d problem in all\n", "%s: %d problems in all\n", (unsigned long)problems),
		           what, problems);
	return problems;
}

int db_run_check(struct store *st, struct buf *report, store_check_step_fn step, void *ctx)
{
	if (st->pg)
		return pg_run_check(st, report, step, ctx);
	/* a check reads everything once: a big page cache for its length only */
	db_exec(st, "PRAGMA cache_size = -262144");
	int rc = run_checks(st, report, step, ctx);
	db_exec(st, "PRAGMA cache_size = -2048");
	return rc;
}

static int run_checks(struct store *st, struct buf *report, store_check_step_fn step, void *ctx)
{
	static const struct db_check checks[] = {
		/* the file's structure, and each index against its table, in ordered passes (db_check.c) */
		{"@integrity", N_("integrity")},
		{"SELECT printf('%s row %d refers to missing %s', \"table\", rowid, parent) FROM pragma_foreign_key_check",
		 N_("foreign keys")},
		{"SELECT printf('comment %d: thread key does not extend its parent''s', c.id) FROM comment c "
		 "JOIN comment p ON p.id = c.parent_id WHERE substr(c.thread_key, 1, length(p.thread_key)) <> p.thread_key "
		 "OR length(c.thread_key) <> length(p.thread_key) + 4 OR c.depth <> p.depth + 1 OR c.root_id <> p.root_id "
		 "OR c.document_id <> p.document_id OR c.section_id IS NOT p.section_id",
		 N_("threads")},
		{"SELECT printf('comment %d: root comment with a bad key or root', id) FROM comment "
		 "WHERE parent_id IS NULL AND (length(thread_key) <> 4 OR depth <> 0 OR root_id <> id)",
		 N_("threads")},
		{"SELECT printf('comment %d: %d levels deep, past the limit of " STR(STORE_MAX_THREAD_DEPTH)
		 " (made by another tool; gopy shows it but cannot reply to it)', id, depth + 1) FROM comment "
		 "WHERE depth >= " STR(STORE_MAX_THREAD_DEPTH) " AND parent_id IS NOT NULL "
		 "AND NOT EXISTS (SELECT 1 FROM comment d WHERE d.parent_id = comment.id)",
		 N_("threads")},
		/* versions of a draft: numbered 1..n_versions, each version's tree whole and one run of
		 * positions, every alignment row between sections of the versions it names */
		{"SELECT printf('document %s: says its newest version is %d, but it has versions %s', d.code, d.n_versions, "
		 "coalesce((SELECT group_concat(number, ', ') FROM (SELECT number FROM version v WHERE v.document_id = d.id "
		 "ORDER BY number)), 'none')) FROM document d WHERE (SELECT count(*) FROM version v WHERE v.document_id = d.id) "
		 "<> d.n_versions OR (SELECT max(number) FROM version v WHERE v.document_id = d.id) IS NOT d.n_versions",
		 N_("versions")},
		{"SELECT printf('section %d: of version %d, which document %s does not have', s.id, s.version, "
		 "coalesce((SELECT code FROM document d WHERE d.id = s.document_id), s.document_id)) "
		 "FROM section s WHERE NOT EXISTS (SELECT 1 FROM version v WHERE v.document_id = s.document_id "
		 "AND v.number = s.version)",
		 N_("versions")},
		{"SELECT printf('section %d (version %d): its parent %d is of another document or version, or not before it', "
		 "s.id, s.version, p.id) FROM section s JOIN section p ON p.id = s.parent_id WHERE p.document_id <> s.document_id "
		 "OR p.version <> s.version OR p.position >= s.position OR s.depth <> p.depth + 1",
		 N_("versions")},
		{"SELECT printf('document %s, version %d: its sections are not one run of positions', d.code, x.version) "
		 "FROM (SELECT document_id, version, min(position) AS lo, max(position) AS hi, count(*) AS n FROM section "
		 "GROUP BY document_id, version) x JOIN document d ON d.id = x.document_id WHERE x.hi - x.lo + 1 <> x.n",
		 N_("versions")},
		{"SELECT printf('document %s, version %d: counts %d sections, it has %d', d.code, v.number, v.n_sections, "
		 "(SELECT count(*) FROM section s WHERE s.document_id = v.document_id AND s.version = v.number)) FROM version v "
		 "JOIN document d ON d.id = v.document_id WHERE v.n_sections <> (SELECT count(*) FROM section s WHERE s.document_id = v.document_id "
		 "AND s.version = v.number)",
		 N_("versions")},
		{"SELECT printf('document %s, version %d: %s', d.code, a.new_version, CASE "
		 "WHEN a.new_section IS NULL AND a.old_section IS NULL THEN 'a link between no sections' "
		 "WHEN a.kind NOT BETWEEN 0 AND 7 THEN printf('unknown kind %d', a.kind) "
		 "WHEN a.new_version < 2 OR a.new_version > d.n_versions THEN 'no such pair of versions' "
		 "WHEN a.new_section IS NOT NULL AND (w.id IS NULL OR w.document_id <> a.document_id "
		 "OR w.version <> a.new_version) THEN printf('section %d is not of version %d', a.new_section, a.new_version) "
		 "ELSE printf('section %d is not of version %d', a.old_section, a.new_version - 1) END) "
		 "FROM alignment a JOIN document d ON d.id = a.document_id LEFT JOIN section w ON w.id = a.new_section "
		 "LEFT JOIN section o ON o.id = a.old_section "
		 "WHERE (a.new_section IS NULL AND a.old_section IS NULL) OR a.kind NOT BETWEEN 0 AND 7 "
		 "OR a.new_version < 2 OR a.new_version > d.n_versions "
		 "OR (a.new_section IS NOT NULL AND (w.id IS NULL OR w.document_id <> a.document_id OR w.version <> a.new_version)) "
		 "OR (a.old_section IS NOT NULL AND (o.id IS NULL OR o.document_id <> a.document_id "
		 "OR o.version <> a.new_version - 1))",
		 N_("alignment")},
		{"SELECT printf('document %s, version %d: not aligned with version %d', d.code, v.number, v.number - 1) "
		 "FROM version v JOIN document d ON d.id = v.document_id WHERE v.number > 1 AND NOT EXISTS "
		 "(SELECT 1 FROM alignment a WHERE a.document_id = v.document_id AND a.new_version = v.number)",
		 N_("alignment")},
		{"SELECT printf('section %d (version %d): not in the alignment with version %d', s.id, s.version, "
		 "CASE WHEN x.new_version = s.version THEN s.version - 1 ELSE s.version + 1 END) "
		 "FROM (SELECT DISTINCT document_id, new_version FROM alignment) x JOIN section s "
		 "ON s.document_id = x.document_id AND s.version IN (x.new_version, x.new_version - 1) "
		 "WHERE (s.version = x.new_version AND NOT EXISTS (SELECT 1 FROM alignment a WHERE a.new_section = s.id)) "
		 "OR (s.version = x.new_version - 1 AND NOT EXISTS (SELECT 1 FROM alignment a WHERE a.old_section = s.id "
		 "AND a.new_version = x.new_version))",
		 N_("alignment")},
		/* the counters and the overview's tallies against one pass over the comments */
		{"@counters", N_("counters")},
		/* each day's count and thread keys against one pass over the comments (migration 12) */
		{"@days", N_("days")},
		/* the audit log against the comments: every comment logged (added, imported or there
		 * before the log began), its text, deletion, disposition and response as the last
		 * logged change left them, each edit starting from the text before it, no entry gone */
		{"SELECT printf('comment %d: not in the audit log', c.id) FROM comment c "
		 "WHERE NOT EXISTS (SELECT 1 FROM audit a WHERE a.comment_id = c.id AND a.kind = 'add') "
		 "AND NOT EXISTS (SELECT 1 FROM audit a WHERE a.first_seq <= c.seq AND a.last_seq >= c.seq "
		 "AND a.kind IN ('baseline', 'import', 'merge'))",
		 N_("audit")},
		{"WITH last AS (SELECT comment_id, new_value, max(seq) FROM audit WHERE kind IN ('add', 'edit') "
		 "AND comment_id IS NOT NULL GROUP BY comment_id) "
		 "SELECT printf('comment %d: its text is not the last text in the audit log', c.id) FROM last l "
		 "JOIN comment c ON c.id = l.comment_id WHERE c.body IS NOT l.new_value",
		 N_("audit")},
		{"SELECT printf('comment %d: an edit in the audit log does not start from the text before it', comment_id) "
		 "FROM (SELECT comment_id, kind, old_value, lag(new_value) OVER w AS prev, lag(seq) OVER w AS prev_seq "
		 "FROM audit WHERE kind IN ('add', 'edit') AND comment_id IS NOT NULL "
		 "WINDOW w AS (PARTITION BY comment_id ORDER BY seq)) "
		 "WHERE kind = 'edit' AND prev_seq IS NOT NULL AND old_value IS NOT prev",
		 N_("audit")},
		{"WITH last AS (SELECT comment_id, kind, max(seq) FROM audit WHERE kind IN ('delete', 'restore', 'add') "
		 "AND comment_id IS NOT NULL GROUP BY comment_id) "
		 "SELECT printf('comment %d: %s, but the audit log says otherwise', c.id, "
		 "CASE WHEN c.deleted_at IS NULL THEN 'not deleted' ELSE 'deleted' END) FROM last l "
		 "JOIN comment c ON c.id = l.comment_id WHERE (c.deleted_at IS NOT NULL) <> (l.kind = 'delete')",
		 N_("audit")},
		{"WITH last AS (SELECT comment_id, new_value, max(seq) FROM audit WHERE kind = 'disposition' "
		 "AND comment_id IS NOT NULL GROUP BY comment_id) "
		 "SELECT printf('comment %d: disposition %d, the audit log says %s', c.id, c.disposition, l.new_value) "
		 "FROM last l JOIN comment c ON c.id = l.comment_id WHERE c.disposition IS NOT l.new_value",
		 N_("audit")},
		{"WITH last AS (SELECT comment_id, new_value, max(seq) FROM audit WHERE kind = 'response' "
		 "AND comment_id IS NOT NULL GROUP BY comment_id) "
		 "SELECT printf('comment %d: its response is not the last one in the audit log', c.id) "
		 "FROM last l JOIN comment c ON c.id = l.comment_id WHERE c.response IS NOT l.new_value",
		 N_("audit")},
		{"SELECT printf('comment %d: in the audit log but gone, and its removal is not logged', a.comment_id) "
		 "FROM audit a WHERE a.kind = 'add' AND NOT EXISTS (SELECT 1 FROM comment c WHERE c.id = a.comment_id) "
		 "AND NOT EXISTS (SELECT 1 FROM audit b WHERE b.comment_id = a.comment_id AND b.kind = 'purge')",
		 N_("audit")},
		/* comments added one by one (not imported) that were handled without a logged change */
		{"SELECT printf('comment %d: handled, but the audit log has no disposition or response for it', c.id) "
		 "FROM audit a JOIN comment c ON c.id = a.comment_id WHERE a.kind = 'add' "
		 "AND (c.disposition <> 0 OR c.response IS NOT NULL) AND NOT EXISTS (SELECT 1 FROM audit b "
		 "WHERE b.comment_id = c.id AND b.kind IN ('disposition', 'response'))",
		 N_("audit")},
		/* where comments went (migration 7): a section of the comment's document, not older than its own */
		{"SELECT printf('comment %d: cites section %d, which is missing, of another document or of an older version', "
		 "t.comment_id, t.section_id) FROM citation t JOIN comment c ON c.id = t.comment_id "
		 "LEFT JOIN section s ON s.id = t.section_id LEFT JOIN section o ON o.id = c.section_id "
		 "WHERE s.id IS NULL OR s.document_id <> c.document_id OR s.version < coalesce(o.version, 1)",
		 N_("citations")},
		{"SELECT printf('note on version %d: section %d is missing or of neither version', n.new_version, n.section_id) "
		 "FROM align_note n LEFT JOIN section s ON s.id = n.section_id WHERE s.id IS NULL "
		 "OR s.document_id <> n.document_id OR s.version NOT IN (n.new_version, n.new_version - 1)",
		 N_("citations")},
		{"SELECT printf('trigger %s is missing: changes go unlogged or counters unkept', value) FROM json_each(json_array("
		 KNOWN_CODE ")) WHERE value NOT IN (SELECT name FROM sqlite_schema WHERE type = 'trigger')",
		 N_("schema")},
		{"SELECT printf('entries %d to %d are missing', lo, hi) FROM (SELECT prev + 1 AS lo, seq - 1 AS hi FROM "
		 "(SELECT seq, lag(seq, 1, 0) OVER (ORDER BY seq) AS prev FROM audit) WHERE seq <> prev + 1 "
		 "UNION ALL SELECT max(seq) + 1, (SELECT seq FROM sqlite_sequence WHERE name = 'audit') FROM audit "
		 "HAVING (SELECT seq FROM sqlite_sequence WHERE name = 'audit') > coalesce(max(seq), 0))",
		 N_("audit")},
	};
	int ok;
	int64_t ver = pragma_int(st, "PRAGMA user_version", &ok);
	if (!ok)
		return -1;
	return db_check_list(st, report, ver, N_MIGRATIONS, checks, sizeof checks / sizeof checks[0], step, ctx);
}

static int check_weight(const struct db_check *c)
{
	return strcmp(c->sql, "@integrity") == 0 ? 40 : strcmp(c->sql, "@counters") == 0 || strcmp(c->sql, "@days") == 0 ? 4 : 1;
}

int db_check_list(struct store *st, struct buf *report, int64_t version, int expected, const struct db_check *checks,
                  size_t n_checks, store_check_step_fn step, void *ctx)
{
	int total = 0, n;
	if (version != expected) {
		buf_printf(report, _("schema: version %lld, expected %d\n"), (long long)version, expected);
		total++;
	}
	/* each step's share of the work, for the progress bar: the passes over the whole file weigh
	 * most (measured at a million comments: the integrity 60%, the search index 15%) */
	enum { SEARCH_WEIGHT = 10 };
	int steps = SEARCH_WEIGHT, done = 0;
	for (size_t i = 0; i < n_checks; i++)
		steps += check_weight(&checks[i]);
	for (size_t i = 0; i < n_checks; i++) {
		if (step)
			step(ctx, done, steps, _(checks[i].what));
		done += check_weight(&checks[i]);
		const char *sql = checks[i].sql;
		if (strcmp(sql, "@integrity") == 0)
			n = db_check_integrity(st, report);
		else if (strcmp(sql, "@counters") == 0)
			n = db_check_counters(st, report);
		else if (strcmp(sql, "@days") == 0)
			n = days_check(st, report);
		else
			n = db_check_rows(st, report, sql, _(checks[i].what));
		if (n < 0)
			return -1;
		/* SQLite's integrity_check returns one row "ok" when all is well: its line was just
		 * appended; drop it by its row text (the label may be translated) */
		if (n == 1 && report->len >= 4 && strcmp(report->data + report->len - 4, " ok\n") == 0) {
			size_t start = report->len - 4;
			while (start > 0 && report->data[start - 1] != '\n')
				start--;
			report->len = start;
			report->data[start] = '\0';
			n = 0;
		}
		total += n;
	}
	if (step)
		step(ctx, done, steps, _("search index"));
	n = search_check(st, report);
	if (n < 0)
		return -1;
	if (step)
		step(ctx, steps, steps, NULL);
	return total + n;
}
