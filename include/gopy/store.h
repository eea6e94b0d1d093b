/* SPDX-License-Identifier: GPL-3.0-or-later */
/* store.h — the review database: delegates, documents, their section trees, threaded
 * comments, dispositions, search and paging queries.
 *
 * One SQLite file per review (see db.c for the open sequence and migrations). Every write is
 * one short BEGIN IMMEDIATE transaction (or part of one the caller opened with store_begin).
 * Nothing here loads a whole table: lists stream through callbacks and views page with
 * keyset queries. In callbacks the record's pointers are borrowed from SQLite and valid only
 * during the call; *_get functions fill an owned record the caller releases with *_clear.
 * Every function returns 0 on success and -1 with err_set() on failure unless it says
 * otherwise. Text given to the store is normalised (text_normalize) on the way in. */
#ifndef GOPY_STORE_H
#define GOPY_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "gopy/util.h"
#include "gopy/buf.h"

struct store;
struct sqlite3;

/* ---- opening ---------------------------------------------------------------------- */

enum store_flags {
	STORE_READONLY = 1 << 0, /* open for reading only */
	STORE_CREATE   = 1 << 1, /* create a new database; fails if the file exists */
	STORE_CREATE_HELD = 1 << 2, /* with STORE_CREATE, on a server: the new schema is left in an
	                               open write transaction that the caller ends with store_commit or
	                               store_rollback (the review and what is written into it then
	                               exist all or nothing); a file is made as with STORE_CREATE */
};

/* Open (or with STORE_CREATE, create) a gopy database. A new file is made 0660 whatever
 * the umask (its group may share it, others cannot read it; the -wal and -shm files SQLite
 * makes beside it take the same mode), in the folder's group when the folder is setgid. Refuses, with a one-line message and
 * without changing the file: a missing file, a non-SQLite or corrupt file, an SQLite file
 * of another application, a file written by a newer gopy. Applies migrations in one
 * transaction, then indexes for search any comment or section added by other tools. */
int store_open(const char *path, int flags, struct store **out);
/* The same checks and migrations on a copy of a database file's bytes, held in memory
 * (sqlite3_deserialize; for the fuzzer and tools; writes change only the copy). */
int store_open_image(const void *data, size_t len, struct store **out);
void store_close(struct store *st);
/* Is there a review at db? 1 yes (a file of that name exists; on a server, the database has
 * the schema gopy), 0 no, -1 with err_set when it cannot be told (no connection). */
int store_probe(const char *db);
/* db is a server's URL and the server does not answer now (stopped, starting, unreachable;
 * not: it answers but refuses this role or database): opening it may work later. */
bool store_server_away(const char *db);
/* Remove the review at db: a file and its -wal and -shm; on a server, the schema gopy with
 * everything in it, after opening it as a store (so never another program's schema). */
int store_remove(const char *db);
const char *store_path(const struct store *st);
/* The system login of this process (of its real user id, not $USER), as the audit log
 * records it: "uid N" when the id has no name. */
const char *store_os_user(const struct store *st);
/* Opened for reading only (asked, or the file or its folder is not writable). */
bool store_is_readonly(const struct store *st);
/* err_set the refusal of a write to a read-only store; returns -1. */
int store_readonly_error(const struct store *st);
/* The file is writable by every user of the system (gopy warns: anyone can change the
 * review and its audit log). */
bool store_world_writable(const struct store *st);
/* The delegate on whose behalf this connection writes from now on (0: none), recorded with
 * every change in the audit log next to the system login. */
void store_set_actor(struct store *st, gid delegate_id);
/* The review is on a PostgreSQL server (opened from a postgresql:// URL), not in a file. */
bool store_on_server(const struct store *st);
/* On a server, what a file's owner and mode tell for a file: *owner, the connected role owns
 * the review's schema; *personal, it does and no other role (superusers aside) may reach the
 * schema. -1 with err_set when the server cannot say. */
int store_server_access(struct store *st, bool *owner, bool *personal);
/* The connection, for the unit tests' checks only: nothing outside src/store/ queries SQLite
 * (the report reads through store_read_begin, store_report_figures, store_comment_each). */
struct sqlite3 *store_sqlite(struct store *st);

/* Group several writes in one transaction (BEGIN IMMEDIATE). Nested calls only count.
 * store_rollback undoes everything since the outermost store_begin. Any write that fails
 * inside the group dooms it: the outermost store_commit then rolls back and fails, so an
 * import is all or nothing. */
int store_begin(struct store *st);
int store_commit(struct store *st);
void store_rollback(struct store *st);

/* Waiting for another program's write. A write finding the database locked by another
 * program (a long import) waits up to `seconds` (< 0: as long as it takes; the default is
 * STORE_DEFAULT_WAIT) before failing with "locked". While it waits, fn (may be NULL) is
 * called every few tens of milliseconds with the whole seconds waited so far; it returns
 * false to stop waiting (the write then fails with "locked"). */
#define STORE_DEFAULT_WAIT 60
typedef bool (*store_wait_fn)(void *ctx, int seconds);
void store_set_wait(struct store *st, int seconds, store_wait_fn fn, void *ctx);

/* A number that changes whenever another connection commits (PRAGMA data_version);
 * -1 on error. Cheap: call it from the idle loop. */
int64_t store_data_version(struct store *st);
/* The last failure was the loss of the connection to the database server (stopped,
 * restarted, the network gone): the same write may be tried again once the server is back
 * (the next call connects again). Never true for a file. */
bool store_connection_lost(struct store *st);
/* Inside a write transaction: keep its number, so that when the answer to its commit is lost
 * with the connection, store_commit_landed can tell whether it was committed (one round trip
 * on a server; nothing to do on a file). 0, or -1 with err_set. */
int store_track_commit(struct store *st);
/* After store_commit of a tracked transaction failed for the connection's loss: was it
 * committed all the same? 1 yes, 0 no (and it never will be: the lost session is ended
 * first), -1 with err_set (the server still away, or nothing tracked). */
int store_commit_landed(struct store *st);
/* Every write transaction on a server is tracked so (the comment's own quick path excepted:
 * store_comment_landed): when store_commit loses its commit's answer, it asks the server at
 * once and returns 0 when the change was committed (then this is true until the next write
 * begins), or fails saying it was not, or that it is not known yet (the server away; the next
 * write asks first, and is refused when that change had been committed). */
bool store_commit_recovered(const struct store *st);
/* After store_commit failed: true when its commit's answer was lost and the server could not
 * be asked (within the server wait): the change may have been saved (until the next write). */
bool store_commit_unknown(const struct store *st);
/* True once, then false until it happens again: a write began (store_begin) and found, asking
 * the server, that the change before it — whose commit's answer was lost and that nobody could
 * ask about then — was not committed: that change was not saved (the caller says so). */
bool store_earlier_not_saved(struct store *st);
/* While store_commit asks for a commit whose answer was lost and the server does not answer
 * yet, fn is told every second how long it has waited; it returns false to stop (the commit
 * then fails saying whether it was saved is not known). Without fn (the default) the server is
 * asked once, and the next write asks again first. */
void store_set_server_wait(struct store *st, store_wait_fn fn, void *ctx);
/* A descriptor that becomes readable when store_data_version may have news (a server's
 * socket: others' commits arrive on it), for an idle loop to wait on beside the keyboard; -1
 * when there is none (a file: ask store_data_version now and then; a server not connected). */
int store_notify_fd(struct store *st);
/* A number that grows with every write of this process to the review (each write transaction
 * begun, and on a file each row changed): with store_data_version, what a view read is still
 * what the review holds while neither has moved. */
int64_t store_own_writes(struct store *st);

/* Integrity check, schema version, foreign keys, thread keys, counters and search index
 * consistency. Appends a human-readable line per finding to `report`; returns 0 when all is
 * well, 1 when problems were found, -1 when the check itself failed. */
int store_check(struct store *st, struct buf *report);
/* The same, calling step(ctx, done, total, what) before each step (what: its name, translated;
 * done and total in units of work, a long step counting for several) and once at the end
 * (done == total, what NULL), for a progress bar. */
typedef void (*store_check_step_fn)(void *ctx, int done, int total, const char *what);
int store_check_steps(struct store *st, struct buf *report, store_check_step_fn step, void *ctx);

/* Bulk mode for a large import, inside a transaction the caller opened with store_begin:
 * a page cache big enough (up to 1 GiB, allocated only as used) that random index inserts
 * do not spill again and again, and comments indexed for search in one pass at the end
 * instead of row by row. store_bulk_end(st, true) indexes what was added (call it before
 * store_commit); store_bulk_end(st, false) only restores the cache, for a rollback. Normal
 * use keeps memory small and flat (2 MiB of page cache). */
/* expected_rows: about how many comments the import adds (0: unknown); when that is more
 * than the file already holds, the secondary indexes are dropped and built again at the end,
 * which is faster than inserting into them row by row. */
int store_bulk_begin(struct store *st, int64_t expected_rows);
/* The file the next bulk import reads (NULL: not said), named in its audit log entry: a
 * bulk import is one entry covering every comment it added. */
void store_bulk_source(struct store *st, const char *source);
int store_bulk_end(struct store *st, bool index);

/* The ids a file gives its rows (any text) mapped to the ids the store gave them, for an
 * import of any size in bounded memory (the latest half million in memory, older ones in a
 * temporary table on disk, dropped by store_refs_free). */
struct store_refs;
struct store_refs *store_refs_new(struct store *st);
/* A map of the latest entries only, in memory (at most about as many as store_refs_new keeps
 * there), for checking a file before it is written: store_refs_get says 2 (not known) for a
 * ref it may have forgotten, and a ref used twice is found only when both are recent. */
struct store_refs *store_refs_recent(void);
/* 1 and *id when ref (len bytes) was put, 0 when not, 2 when a recent-only map may have
 * forgotten it, -1 with err_set on failure. */
int store_refs_get(struct store_refs *r, const char *ref, size_t len, gid *id);
/* Remember ref -> id; -1 with err_set when the store fails or ref was put before ("used
 * twice": found here or, for an older entry, when it is written to disk or at
 * store_refs_check). */
int store_refs_put(struct store_refs *r, const char *ref, size_t len, gid id);
/* After the last put: -1 with err_set when a ref was put twice. */
int store_refs_check(struct store_refs *r);
void store_refs_free(struct store_refs *r);

/* While stop is set, a long read checks it every few thousand steps and gives up when it
 * returns true (the interface: a key was pressed during idle work); the store call then
 * fails and store_stopped is true until the next store_set_stop. NULL: never give up. */
void store_set_stop(struct store *st, bool (*stop)(void *ctx), void *ctx);
bool store_stopped(const struct store *st);

/* Schema version this build writes (PRAGMA user_version). */
int store_schema_version(void);

/* ---- delegates -------------------------------------------------------------------- */

enum delegate_role_bits { ROLE_DELEGATE = 0, ROLE_SECRETARY = 1, ROLE_EDITOR = 2 };

struct delegate {
	gid id;
	char *code;   /* short unique code, e.g. "STTTT-01" */
	char *name;   /* full name */
	char *unit;   /* đơn vị, "" if none */
	char *role;   /* "delegate", "secretary" (may record for others), "editor" (drafting team), "chair" */
	char *login;  /* system login mapped to this delegate, NULL if none */
};

/* Add; d->id is ignored and set on success. Code must be unique (clear error otherwise). */
int store_delegate_add(struct store *st, struct delegate *d);
/* Find by code (exact, then case-insensitive) — or, when by_login, by login. Returns 0 and
 * fills *out (owned), 1 when not found (no error set), -1 on error. */
int store_delegate_get(struct store *st, const char *key, bool by_login, struct delegate *out);
int store_delegate_get_id(struct store *st, gid id, struct delegate *out);
/* Find by exact (normalised) name and unit. 0 found (owned *out), 1 not found, -1 error. */
int store_delegate_find_name(struct store *st, const char *name, const char *unit, struct delegate *out);
/* Every delegate in Vietnamese alphabetical order of name. cb returns non-zero to stop. */
int store_delegate_each(struct store *st, int (*cb)(void *ctx, const struct delegate *d), void *ctx);
/* Delegates whose code, name or unit match a diacritic-free query ("nguyen van a", "so tt"),
 * best first, at most `limit`. */
int store_delegate_match(struct store *st, const char *query, int limit,
                         int (*cb)(void *ctx, const struct delegate *d), void *ctx);
void delegate_clear(struct delegate *d);
bool delegate_can_record_for_others(const struct delegate *d);
bool delegate_can_handle(const struct delegate *d); /* may set dispositions/responses */
/* A stored role ("delegate", "secretary", "editor", "chair") in words, translated; any other
 * text as it is. For text output only: tsv and json keep the stored value. */
const char *delegate_role_label(const char *role);

/* ---- documents -------------------------------------------------------------------- */

struct document {
	gid id;
	char *code, *title, *kind, *version, *status, *deadline; /* deadline "" or YYYY-MM-DD */
	char *issuer, *place;       /* for the report header; "" if unknown */
	char *created_at;
	int64_t n_sections;
	int64_t n_comments;         /* not deleted */
	int64_t n_pending;          /* not deleted and disposition == DISP_PENDING */
	int n_versions;             /* the newest version's number (1 for a draft never revised) */
};

/* Add; d->id is set. Code must be unique. NULL fields are stored as "". */
int store_document_add(struct store *st, struct document *d);
/* 0 found (owned *out), 1 not found, -1 error. */
int store_document_get(struct store *st, const char *code, struct document *out);
int store_document_get_id(struct store *st, gid id, struct document *out);
/* Documents in creation order. */
int store_document_each(struct store *st, int (*cb)(void *ctx, const struct document *d), void *ctx);
void document_clear(struct document *d);

/* ---- sections --------------------------------------------------------------------- */

struct section {
	gid id, doc_id, parent_id;  /* parent_id 0 for top level */
	int64_t position;           /* 0, 1, 2 ... in document order */
	int level;                  /* enum section_level (outline.h) */
	int depth;
	char *label;                /* as printed: "Điều 3", "Khoản 1", "Điểm a" */
	char *full_label;           /* as cited: "Điều 3", "khoản 1 Điều 3", "điểm a khoản 1 Điều 3" */
	char *heading, *body;
	int64_t n_comments, n_pending; /* comments on this section itself (roots and replies) */
	int version;                /* the version of the draft it belongs to (1, 2 …) */
};

/* Add inside a transaction to the document's newest version; s->id is set. Positions must be
 * added in increasing order (a new version's from the base store_version_add gives). */
int store_section_add(struct store *st, struct section *s);
/* Sections of a document in order: of the version store_set_version chose, else the newest. */
int store_section_each(struct store *st, gid doc_id, int (*cb)(void *ctx, const struct section *s), void *ctx);
/* Find a section of doc by its label, matched folded ("dieu 3" finds "Điều 3"); a label
 * that several sections share (e.g. "Khoản 1") may be qualified by its parent's label:
 * "Điều 3/Khoản 1" or "Điều 3 khoản 1"; a "/" step "-2" ("+1") is only a dash (plus) item; a
 * part is named by any of its numbers ("Phần thứ hai", "Phần II", "Phần 2"); docs/outline.md.
 * 0 found, 1 not found, -1 error (ambiguous: error). */
int store_section_find(struct store *st, gid doc_id, const char *label, struct section *out);
int store_section_get(struct store *st, gid id, struct section *out);
void section_clear(struct section *s);

/* ---- versions (store_version.c) ------------------------------------------------------- */

/* A version of a draft: dự thảo lần 1, 2, 3 … Sections are rows per version; comments stay on
 * the section (of the version) they were made on. */
struct version {
	int number;                 /* 1, 2, 3 … */
	const char *label;          /* borrowed: "Dự thảo lần 3", or "" */
	const char *created_at;     /* borrowed */
	int64_t n_sections;
	int64_t n_comments;         /* not deleted, on this version's sections */
	int64_t n_changed;          /* sections of this version not unchanged from the one before
	                               (-1 for version 1, or when not aligned) */
};

/* Start a new version of doc_id inside a transaction the caller opened with store_begin: it
 * becomes the newest, with no sections yet. *number is its number; sections added next
 * (store_section_add) go to it, with positions from *position_base on. */
int store_version_add(struct store *st, gid doc_id, const char *label, int *number, int64_t *position_base);
/* The versions of doc_id, oldest first. cb returns nonzero to stop. */
int store_version_each(struct store *st, gid doc_id, int (*cb)(void *ctx, const struct version *v), void *ctx);
/* Read and find sections (store_section_each, store_section_find) of version n from now on;
 * 0: the newest of each document (the default). */
void store_set_version(struct store *st, int n);

/* Align version n of doc_id with version n - 1 (align.h) and store the result, replacing
 * what was stored for that pair except links set by hand. Inside or outside a transaction. */
int store_align_versions(struct store *st, gid doc_id, int n);

/* One link of a stored alignment between version new_version - 1 and new_version. */
struct align_row {
	int kind;                   /* enum align_kind */
	bool by_hand;
	gid old_id, new_id;         /* 0: none (a new section, a removed one) */
	const char *old_label;      /* borrowed citations (full_label); "" when none */
	const char *new_label;
};
/* The links between version new_version - 1 and new_version of doc_id, in the new version's
 * order (removed sections at their old place). cb returns nonzero to stop. */
int store_align_each(struct store *st, gid doc_id, int new_version,
                     int (*cb)(void *ctx, const struct align_row *r), void *ctx);
/* Correct the alignment by hand: old section old_label of version new_version - 1 is new
 * section new_label of new_version (either may be "" for: removed / new). The links these two
 * had are dropped; their former partners become removed or new. 1 when a label names no
 * section of its version, 0 done, -1 error. */
int store_align_set(struct store *st, gid doc_id, int new_version, const char *old_label, const char *new_label);

/* The sections of version `version` of doc_id that are not unchanged from the version before,
 * with how they changed (enum align_kind; for one with several links the last kind in enum
 * order: merged over split over moved …), in no particular order. cb returns nonzero to stop.
 * One index range of the stored alignment: for the reader's marks. */
int store_changed_sections(struct store *st, gid doc_id, int version, int (*cb)(void *ctx, gid section_id, int kind),
                           void *ctx);

/* An older section a section continues (through the stored alignments, back to version 1). */
struct section_origin {
	gid id;                     /* the older section (its comments: SCOPE_SECTION) */
	int version;
	int kind;                   /* enum align_kind of the link into the later version */
	const char *label;          /* borrowed citation in that version */
	int64_t n_comments;
};
/* The older sections section_id continues, newest version first. */
int store_section_origins(struct store *st, gid section_id, int (*cb)(void *ctx, const struct section_origin *o),
                          void *ctx);
/* The sections of earlier versions that no later version continues (removed), and those
 * they continue, newest version first. */
int store_removed_origins(struct store *st, gid doc_id, int (*cb)(void *ctx, const struct section_origin *o),
                          void *ctx);

/* ---- earlier rounds carried over (store_carry.c) --------------------------------------- */

/* The version of d that section reads and lookups see (store_set_version), else its newest. */
int store_version_shown(struct store *st, const struct document *d);

/* Where a phrase quoted on an older section is in a later version. */
struct quote_place {
	int how;                    /* enum anchor_how (anchor.h) */
	gid section_id;             /* the section of that version it is in; 0 when gone */
	char *label;                /* owned: that section's citation; NULL when gone */
	char *text;                 /* owned: the phrase as it reads there; NULL when gone */
};
/* Find `quote`, quoted on section old_id, among the sections of version `version` of its
 * document that continue old_id (through the alignments): exact, else between its old
 * neighbours, else by folded syllables (anchor.h); of several sections the best, `prefer`
 * among equals. Nothing stored. 0 (out->how ANCHOR_GONE when nowhere), -1 error. */
int store_quote_place(struct store *st, gid old_id, const char *quote, int version, gid prefer,
                      struct quote_place *out);
void quote_place_clear(struct quote_place *p);

/* Every pair (section of version `version` of doc_id, section of an earlier version it
 * continues through the alignments) where the earlier section has live comments, with those
 * and the pending ones; each pair once. A section's earlier comments are its pairs' sum; over
 * a subtree, sum each earlier section once (a split section continues into two parts). cb
 * returns nonzero to stop. */
int store_earlier_reach(struct store *st, gid doc_id, int version,
                        int (*cb)(void *ctx, gid section_id, gid old_id, int64_t n, int64_t pending), void *ctx);
/* The comments of one earlier round, each once: on sections version `version` continues, and
 * on sections it no longer has. */
struct earlier_round {
	int version;
	const char *label;          /* borrowed: "Dự thảo lần 2", or "" */
	int64_t n_carried, pending_carried;
	int64_t n_removed, pending_removed;
};
/* The rounds before `version` of doc_id, oldest first. cb returns nonzero to stop. */
int store_earlier_rounds(struct store *st, gid doc_id, int version,
                         int (*cb)(void *ctx, const struct earlier_round *r), void *ctx);

/* ---- comments --------------------------------------------------------------------- */

enum disposition {
	DISP_PENDING = 0, /* chưa xử lý */
	DISP_ACCEPTED,    /* tiếp thu */
	DISP_PARTLY,      /* tiếp thu một phần */
	DISP_EXPLAINED,   /* giải trình */
	DISP_NOTED,       /* ghi nhận */
	DISP_ESCALATED,   /* xin ý kiến lãnh đạo */
	DISP_COUNT
};
/* ASCII code: "pending", "accepted", "partly", "explained", "noted", "escalated". */
const char *disposition_code(int d);
/* The interface's label through _(): "pending", "accepted", ... ("chưa xử lý", "tiếp thu" in vi). */
const char *disposition_label(int d);
/* The synthesis report's fixed Vietnamese wording, in every locale: "chưa xử lý", "tiếp thu", ... */
const char *disposition_official(int d);
/* Parse a code, an English, Vietnamese or translated label (with or without diacritics) or a
 * number; -1 if unknown. */
int disposition_parse(const char *s);

struct comment {
	gid id, doc_id;
	gid section_id;             /* 0: general comment on the whole draft */
	gid parent_id;              /* 0: a thread root */
	gid root_id;                /* the thread root (== id for a root) */
	int depth;                  /* 0 for roots */
	const unsigned char *key;   /* thread key (materialized path), key_len bytes */
	size_t key_len;
	gid author_id;
	char *author_code, *author_name, *author_unit;
	gid entered_by;             /* who typed it (secretary), 0 if the author did */
	char *entered_by_name;      /* NULL when entered_by is 0 */
	char *body, *quote;         /* quote NULL if none */
	char *created_at, *edited_at, *deleted_at; /* edited_at/deleted_at NULL if never */
	int disposition;
	char *response;             /* NULL if none */
	gid handled_by;
	char *handled_by_name, *handled_at; /* NULL if never handled */
	char *section_label;        /* the section's full_label; "" for general comments */
	int64_t section_position;   /* -1 for general comments */
	int64_t n_replies;          /* direct replies, deleted ones included; -1 in rows from
	                               store_comment_each (streams skip the count) */
};

struct comment_new {
	gid doc_id;
	gid section_id;             /* 0: general; ignored for replies (they take the root's) */
	gid parent_id;              /* 0: new thread */
	gid author_id;
	gid entered_by;             /* 0 if the author types it */
	const char *body;
	const char *quote;          /* may be NULL */
	const char *created_at;     /* NULL: now */
	gid id;                     /* 0: generate */
	int disposition;            /* already handled (imports): DISP_*, 0 pending */
	const char *response;       /* NULL or "": none */
	gid handled_by;             /* 0: none */
	const char *handled_at;     /* NULL: now, when disposition or response is set */
};

/* Replies nest at most this many levels (the root is level 1): the thread key holds 4 bytes
 * a level. Deeper threads made with other tools are shown, and reported by store_check. */
#define STORE_MAX_THREAD_DEPTH 128

/* Add a comment (in its own transaction unless one is open). *id_out may be NULL. *id_out is
 * set to the comment's id before the comment is sent: after a failure it is the id the
 * comment would have (0 when it was not sent), for store_comment_landed. */
int store_comment_add(struct store *st, const struct comment_new *c, gid *id_out);
/* After store_comment_add failed for the connection's loss (store_connection_lost), with the
 * id it set: was that comment saved all the same (its commit done, the answer lost)? 1 yes,
 * 0 no (and it never will be: on a server the lost session is ended first, so a commit it
 * had not made yet cannot come after this answer), -1 with err_set. */
int store_comment_landed(struct store *st, gid id, const struct comment_new *c);
/* Replace the body (keeps the old created_at, sets edited_at). */
int store_comment_edit(struct store *st, gid id, const char *body);
/* Soft delete: sets deleted_at; replies stay. */
int store_comment_delete(struct store *st, gid id);
/* Set disposition and/or response (response NULL: unchanged; "" clears), recording the
 * handler and time. disposition -1: unchanged. */
int store_comment_handle(struct store *st, gid id, int disposition, const char *response, gid handler);
/* The same with the time it was handled given ("YYYY-MM-DDTHH:MM:SSZ"; NULL: now), for imports. */
int store_comment_handle_at(struct store *st, gid id, int disposition, const char *response, gid handler,
                            const char *at);
/* The number of c's replies at every depth (its whole subtree, deleted ones included) in
 * *n: one index range. 0, or -1 with err_set. */
int store_comment_descendants(struct store *st, const struct comment *c, int64_t *n);
/* 0 found (owned *out), 1 not found, -1 error. */
int store_comment_get(struct store *st, gid id, struct comment *out);
void comment_clear(struct comment *c);
/* A comment's version stamp for exported tables that come back (gopy import-dispositions):
 * "v" and 16 hex digits from when it was last edited and last handled (NULL or "" for
 * never), so a stamp changes whenever the text, the disposition or the response does.
 * Never reads as a number or a date in a spreadsheet. out receives 18 bytes with the NUL. */
void comment_stamp(const char *edited_at, const char *handled_at, char out[18]);

/* ---- listing and paging ------------------------------------------------------------ */

enum comment_scope {
	SCOPE_DOCUMENT = 0,   /* every comment of the document */
	SCOPE_SECTION,        /* comments on one section (section_id) */
	SCOPE_GENERAL,        /* general comments (no section) */
};

enum comment_order {
	ORDER_THREAD = 0,     /* threads in order of their roots, replies under their parent */
	ORDER_TIME,           /* created_at, then id */
	ORDER_SECTION,        /* section position (general first), then thread order */
	ORDER_AUTHOR,         /* author's name in Vietnamese alphabetical order, then time */
};

struct comment_filter {     /* all set members must match; zero = no filter */
	const char *author;     /* delegate code or folded name substring */
	const char *unit;       /* folded substring of the author's unit */
	int disposition;        /* -1 any (set it: 0 means DISP_PENDING) */
	bool pending_only;
	bool include_deleted;   /* show deleted comments (as "comment deleted" placeholders) */
	const char *text;       /* diacritic-insensitive text query (as store_search); never
	                           matches a deleted comment, whose text readers cannot see */
	const char *text_also;  /* a second text query that must match as well (a search made
	                           inside a limit by text), NULL = none */
	const char *since, *until; /* "YYYY-MM-DD" bounds on created_at (inclusive), NULL = open */
	gid author_id;          /* one author by id (0: any); the store's own paging by author */
};
/* Initialise a filter that matches everything but deleted comments. */
void comment_filter_init(struct comment_filter *f);
bool comment_filter_active(const struct comment_filter *f);

struct comment_query {
	gid doc_id;
	enum comment_scope scope;
	gid section_id;         /* for SCOPE_SECTION */
	enum comment_order order;
	struct comment_filter filter;
};

enum page_from {
	PAGE_FIRST,             /* from the start, ascending */
	PAGE_LAST,              /* from the end, descending (nearest the end first) */
	PAGE_AFTER,             /* rows after cursor, ascending */
	PAGE_AFTER_SUBTREE,     /* rows after cursor's whole subtree (ORDER_THREAD only) */
	PAGE_BEFORE,            /* rows before cursor, descending */
	PAGE_AT,                /* cursor itself (if it still matches) and after, ascending */
};

typedef int (*comment_cb)(void *ctx, const struct comment *c);

/* Up to `limit` comments of the query from the given place. `cursor` is a comment
 * previously returned for the same query (its id, key, created_at, section_position and
 * author used as the keyset); ignored for PAGE_FIRST/PAGE_LAST. Cost is independent of how
 * deep in the list the cursor is (one index range scan). cb returns non-zero to stop. */
int store_comment_page(struct store *st, const struct comment_query *q, enum page_from from,
                       const struct comment *cursor, int limit, comment_cb cb, void *ctx);

/* Every comment of the query in order, streamed (for reports and exports). */
int store_comment_each(struct store *st, const struct comment_query *q, comment_cb cb, void *ctx);

/* Number of comments (and pending ones) the query matches, deleted ones never counted.
 * Instant without a filter (maintained counters; include_deleted alone is no filter); with
 * a filter it scans. */
int store_comment_count(struct store *st, const struct comment_query *q, int64_t *n, int64_t *pending);

/* ---- search ----------------------------------------------------------------------- */

enum search_mode {
	SEARCH_AUTO = 0,   /* exact diacritics when the query has any, else folded */
	SEARCH_FOLD,       /* ignore diacritics and case */
	SEARCH_EXACT,      /* ignore case only */
};

struct search_hit {
	int is_comment;     /* 1: comment, 0: section */
	gid id, doc_id, section_id;
	const char *doc_code;
	const char *section_label; /* "" for general comments */
	const char *author_name;   /* NULL for sections */
	const char *author_unit;   /* NULL for sections */
	const char *created_at;    /* NULL for sections */
	const char *text;          /* the comment body, or the section heading + body */
};

/* Search comment bodies (not deleted) and section text for every word of the query, as a
 * phrase, diacritic- and case-insensitively (mode). doc_id 0: all documents. At most `limit`
 * hits (0: no limit), comments first in document/time order. *mode_used (may be NULL)
 * tells which mode was applied. A query with no letters or digits is an error. */
int store_search(struct store *st, const char *query, enum search_mode mode, gid doc_id, int64_t limit,
                 int (*cb)(void *ctx, const struct search_hit *h), void *ctx, enum search_mode *mode_used);

/* ---- the report's reads ------------------------------------------------------------ */

/* One read snapshot for a report: BEGIN (deferred) unless a transaction is open already;
 * *own says whether this call opened it. store_read_end(st, *own) ends it (only reads
 * happened, so ending cannot lose anything). */
int store_read_begin(struct store *st, bool *own);
void store_read_end(struct store *st, bool own);

/* Figures of part I of the report, for the whole document (no filter). */
struct report_figures {
	int64_t delegates;         /* persons consulted: delegates other than secretaries/editors,
	                              plus anyone who commented */
	int64_t units;             /* distinct units of those */
	int64_t roots;             /* comments received (thread roots, not deleted) */
	int64_t replies;           /* replies, not deleted */
	int64_t authors;           /* distinct persons who commented */
	int64_t units_commented;   /* distinct units that commented */
	int64_t units_silent;      /* units consulted that did not comment */
	/* From the document's consultation list (consult.h) when it has one; then units and
	 * units_silent above are the list's (units asked; units of which no entry answered),
	 * not guessed from the delegates. */
	int64_t listed;            /* entries on the list; 0: no list */
	int64_t no_comments;       /* entries that answered "no comments" */
	int64_t commented;         /* entries that answered with comments */
};
int store_report_figures(struct store *st, gid doc_id, struct report_figures *g);

/* ---- audit log ---------------------------------------------------------------------- */

/* One change, as the audit log keeps it (see db.c, migration 2). Borrowed in callbacks. */
struct audit_entry {
	int64_t seq;                /* order of the changes, from 1, without gaps */
	const char *at;             /* "YYYY-MM-DDTHH:MM:SSZ" */
	const char *kind;           /* "add", "edit", "delete", "restore", "disposition", "response",
	                               "purge", "import", "merge", "baseline", "delegate", "document" */
	const char *os_user;        /* system login; NULL: changed by another program */
	gid delegate_id;            /* 0: unknown */
	const char *delegate_code;  /* NULL when unknown or no longer a delegate */
	const char *document_code;  /* NULL when none */
	gid comment_id;             /* 0: not about one comment */
	const char *old_value;      /* edit/response/purge: the text before; disposition: its number */
	const char *new_value;      /* add/edit/response: the text after; disposition: its number */
	int64_t first_seq, last_seq, count; /* import/baseline: the comment rows it covers */
	const char *detail;         /* import: the file; delegate/document: its code */
};

/* The audit log in order, all of it, or what concerns one document (doc_id) or one comment
 * (comment_id, with the import that brought it). cb returns non-zero to stop. */
int store_audit_each(struct store *st, gid doc_id, gid comment_id,
                     int (*cb)(void *ctx, const struct audit_entry *e), void *ctx);
/* The kind of an entry in words, through _() ("added", "edited", ...). */
const char *audit_kind_label(const char *kind);
/* An entry's old or new value for display: a disposition's number as its code ("accepted"),
 * anything else as it is (NULL stays NULL). */
const char *audit_value(const struct audit_entry *e, const char *v);

/* ---- whole tables (gopy copy) -------------------------------------------------------- */

/* One value of a row. Text and blob bytes are borrowed: valid during the callback only. */
enum store_cell_type { CELL_NULL, CELL_INT, CELL_TEXT, CELL_BLOB };
struct store_cell {
	enum store_cell_type type;
	int64_t i;                 /* CELL_INT */
	const void *p;             /* CELL_TEXT (NUL-terminated) and CELL_BLOB: the bytes */
	int len;                   /* their number */
};

/* Every table that holds a review's data, in an order in which rows can be inserted (what a
 * row refers to comes before it); NULL-ended, static. The search index is not among them:
 * it is rebuilt from the comments. */
const char *const *store_tables(void);
/* The number of columns (of values in each row) of a table; 0 for a name not in the list. */
int store_table_width(const char *table);
/* The name of column i of a table, NULL when there is none. */
const char *store_table_column(const char *table, int i);
/* Every row of a table, parents before children, as store_table_width values in the order of
 * store_table_column. cb returns non-zero to stop (negative: as an error, its err_set kept). */
int store_rows_each(struct store *st, const char *table,
                    int (*cb)(void *ctx, const struct store_cell *cells, int n), void *ctx);
/* The number of rows of a table. */
int store_rows_count(struct store *st, const char *table, int64_t *n);

/* Writing rows back exactly as they were read (ids, sequence numbers, thread keys, counters,
 * tallies and the audit log as given), into an empty review, in one transaction.
 * store_restore_begin opens it, refusing with a message a store that holds any row; while it
 * lasts no trigger writes anything of its own (no audit entry, no counting: the rows bring
 * their own). store_row_insert adds one row (a failure dooms the restore). store_restore_end
 * (st, true) puts the triggers back, rebuilds the search index, checks every reference and
 * commits; (st, false) rolls everything back. One restore at a time in a process. */
int store_restore_begin(struct store *st);
int store_row_insert(struct store *st, const char *table, const struct store_cell *cells, int n);
int store_restore_end(struct store *st, bool commit);

#endif
