/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cli.h — the command-line commands (one function per subcommand) and the helpers they
 * share. Each cmd_* receives the arguments after the subcommand name (argv[0] is the
 * subcommand) and returns the exit status: 0 success, 1 user-facing error (one line on
 * stderr, nothing half-written), 2 bad usage. */
#ifndef GOPY_CLI_H
#define GOPY_CLI_H

#include <stdbool.h>
#include "gopy/identity.h"
#include "gopy/store.h"

int cmd_init(int argc, char **argv);
int cmd_import(int argc, char **argv);
int cmd_delegate(int argc, char **argv);
int cmd_comment(int argc, char **argv);
int cmd_import_comments(int argc, char **argv);
int cmd_import_dispositions(int argc, char **argv); /* cli_import.c */
int cmd_form(int argc, char **argv);                /* cli_form.c */
int cmd_list(int argc, char **argv);
int cmd_search(int argc, char **argv);
int cmd_export(int argc, char **argv);   /* cli_export.c */
int cmd_check(int argc, char **argv);
int cmd_log(int argc, char **argv);      /* cli_log.c */
int cmd_consult(int argc, char **argv);  /* cli_consult.c */
int cmd_stats(int argc, char **argv);    /* cli_stats.c */
int cmd_versions(int argc, char **argv); /* cli_versions.c */
int cmd_align(int argc, char **argv);    /* cli_versions.c */
int cmd_handle(int argc, char **argv);   /* cli_handle.c */
int cmd_demo(int argc, char **argv);
int cmd_merge(int argc, char **argv);     /* cli_merge.c */
int cmd_changes(int argc, char **argv);   /* cli_merge.c */
int cmd_conflicts(int argc, char **argv); /* cli_merge.c */
int cmd_resolve(int argc, char **argv);   /* cli_merge.c */
int cmd_copy(int argc, char **argv);     /* cli_copy.c */
/* The TUI: `gopy [--as DELEGATE] [DB]`. */
int cmd_tui(int argc, char **argv);

/* Print "gopy: MESSAGE" on stderr (sanitised) and return 1. */
int cli_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Print "gopy: MESSAGE" and "Try 'gopy --help'." on stderr and return 2. */
int cli_usage(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Seconds a command's writes wait for another program's write lock (--wait; default
 * STORE_DEFAULT_WAIT, -1 without limit); a note goes to stderr after the first second. */
extern int cli_wait_seconds;
/* store_commit; a commit whose answer was lost and that the store found committed (having
 * waited for the server within cli_wait_seconds: cli_open) is said on stderr. 0 saved, -1 not
 * (err_set). */
int cli_commit(struct store *st);
/* Open an existing database (flags as store_open), waiting for others' writes as
 * cli_wait_seconds says; on failure prints the error and returns NULL. Warns on stderr when the file
 * is world-writable. */
struct store *cli_open(const char *path, int flags);
/* What cli_open does with a review it opened (st, at path): warns when the file is
 * world-writable, and sets the waits for others' writes and for a server away as cli_open's.
 * Returns st. */
struct store *cli_opened(struct store *st, const char *path);
/* cli_open, and while a server does not answer (store_server_away), waits for it as long as
 * cli_wait_seconds allows (said once on stderr), trying each second. */
struct store *cli_open_waiting(const char *path, int flags);
/* Who this process is on the review at path (identity_resolve with --as `as`, which may be
 * NULL) and whether it may do `need`. 0 with *out filled (identity_clear it); 1 after
 * printing the one-line refusal. */
int cli_identify(struct store *st, const char *path, const char *as, enum identity_need need, struct identity *out);
/* A review on a server copied whole into a new file in a temporary folder (cli_copy.c), to be
 * read as a file: its path (owned), or NULL after printing why. cli_server_file_remove
 * removes the file and its folder. */
char *cli_server_to_file(const char *url);
void cli_server_file_remove(const char *path);
/* Warn on stderr that the review file at path is writable by every user. */
void cli_warn_world_writable(const char *path);
/* Print err_msg() as "gopy: ..." and return 1. */
int cli_fail_err(void);

/* Build the sample database at path from the sample-data directory ($GOPY_SAMPLE_DATA,
 * else sample-data/ next to the binary, else the installed copy). Fails if path exists. */
int demo_build(const char *path);
/* The sample-data directory in use, or NULL with err_set. */
const char *demo_data_dir(void);

/* Import a draft file ("-" for stdin) as a new document with its section tree, in one
 * transaction. meta gives the document's fields; a NULL code or title is derived from the
 * file name and the text. encoding NULL means UTF-8 (others via iconv: CP1258, TCVN3 =
 * TCVN5712-1, VISCII). The new document's code is written to *code_out (owned) when
 * code_out is non-NULL. */
int import_draft(struct store *st, const char *path, const struct document *meta, const char *encoding,
                 char **code_out);
/* Add FILE (any supported format) as a new version of the document CODE, aligned with the
 * version before it, in one transaction; *number is the new version's number. */
int import_revision(struct store *st, const char *path, const char *code, const char *label, const char *encoding,
                    int *number);
/* Import comments from a CSV file or the first sheet of an .xlsx (see gopy(1)): the whole
 * file or nothing. Sets *count. */
int import_comments_file(struct store *st, const char *path, long *count);
/* Import delegates from a CSV file with columns code,name,unit,role,login. */
int import_delegates_file(struct store *st, const char *path, long *count);
/* Import doc's consultation list from a CSV file or the first sheet of an .xlsx with columns
 * unit, delegate (a code; one of the two), asked_on, deadline, no_comments_on, reference, and
 * optionally doc (a document code; doc_id 0: the column is required) (see gopy(1)): all or
 * nothing. */
int import_consult_file(struct store *st, gid doc_id, const char *path, long *count);

#endif
