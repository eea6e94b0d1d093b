/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cli_int.h — output and option helpers the command files share (defined in cli.c). Not
 * for other layers. */
#ifndef GOPY_CLI_INT_H
#define GOPY_CLI_INT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include "gopy/store.h"

enum out_format { OUT_TEXT, OUT_TSV, OUT_JSON };

/* "text", "tsv" or "json" into *f; else prints the usage error and returns 2. */
int parse_format(const char *s, enum out_format *f);
/* One line of display-safe text (NULL prints nothing). */
void put_clean(FILE *f, const char *s);
/* Display-safe text keeping line breaks, each line indented. */
void put_clean_lines(FILE *f, const char *s, const char *indent);
/* Display-safe text cut or padded to a display width. */
void put_fit(FILE *f, const char *s, int width);
/* A TSV field (tabs and line breaks become spaces) followed by a tab, or a newline if last. */
void put_tsv(FILE *f, const char *s, bool last);
/* A listing on stdout: list_begin prints TSV's header line (tsv_header without its newline; NULL:
 * none) or
 * JSON's "["; list_item, before each JSON object, its separator and "{"; list_end, after the n
 * items, JSON's "]". Text listings print nothing here. */
void list_begin(enum out_format f, const char *tsv_header);
void list_item(enum out_format f, long n);
void list_end(enum out_format f, long n);
/* The value of option argv[*i] (advancing *i), or NULL after printing a usage error. */
const char *opt_value(int argc, char **argv, int *i, const char *name);

/* cli_args.c: one long option of a command and where its value goes. */
enum cli_opt_kind {
	OPT_FLAG,    /* dest: bool *, set true */
	OPT_TEXT,    /* dest: const char **, pointing into argv (the last one given wins) */
	OPT_FORMAT,  /* dest: enum out_format * (parse_format) */
	OPT_VERSION, /* dest: int * (cli_parse_version) */
	OPT_EACH,    /* each(dest, name, value) every time it is given; 0, or 2 after a usage error */
};
struct cli_opt {
	const char *name; /* without "--"; NULL ends the table */
	enum cli_opt_kind kind;
	void *dest;
	int (*each)(void *dest, const char *name, const char *value);
	char letter; /* also "-L VALUE" (or a flag's "-L"), or 0 */
};
/* Reads argv[1 .. argc-1]: "--name", "--name VALUE" or "--name=VALUE" (and "-L VALUE" where the
 * entry has a letter) for each entry of opts,
 * operands ("-" is one; everything after "--" too) in order into operands[0 .. max-1]. With n,
 * their count, which may exceed max, goes to *n (the caller says how many it wants); with n NULL,
 * more than max is the usage error "too many arguments". Returns 0, or 2 after printing the
 * usage error (an unknown option, a missing value, a value a kind refuses, too many operands). */
int cli_parse_args(int argc, char **argv, const struct cli_opt *opts, const char **operands, int max, int *n);
/* After a write: when it found that the change made before it (its commit's answer lost, the
 * server away then) was not saved, one line on stderr says so (store_earlier_not_saved). */
void cli_say_earlier(struct store *st);
/* An OPT_EACH entry for "--wait SECONDS" (-1: as long as it takes) into cli_wait_seconds. */
int cli_wait_option(void *dest, const char *name, const char *value);
/* Find the document by code into *doc (owned); 1 after printing why not. */
int open_doc(struct store *st, const char *code, struct document *doc);
/* The same, giving only the document's id. */
int open_doc_id(struct store *st, const char *code, gid *id);

/* cli_versions.c: "--version N" into *n (1 …), else the usage error and 2. */
int cli_parse_version(const char *s, int *n);
/* Read version n of d from now on (store_set_version); 1 after saying it has no such version. */
int cli_use_version(struct store *st, const struct document *d, int n);
/* The translated name of an alignment kind (enum align_kind). */
const char *cli_align_kind_label(int k);

/* writer_gate.c: the writers of one server review take turns on this machine, a few at a time
 * (see there why). A gate is a value of the caller's. */
struct writer_gate {
	uint64_t key;  /* the review's (a hash of its address): the name of its semaphore */
	int sem;       /* the review's semaphore on this machine (-1: none) */
	bool held;     /* one of its units is this writer's */
	int written;   /* comments written in this turn */
	bool on;       /* false: a file, GOPY_NO_WRITER_GATE set, or the semaphore not had (in
	                  time): every call does nothing */
};
/* Set up g for the server review at address review (as store_path says it); NULL for a file,
 * which has no gate. */
void writer_gate_init(struct writer_gate *g, const char *review);
/* Before a write: a turn, unless one is held; waits for one for at most a few seconds, then
 * goes on without (never an error: the gate only paces). */
void writer_gate_enter(struct writer_gate *g);
/* After a write: the turn ends after some comments, or at once when no more input is waiting
 * (more_waiting false: the writer is about to wait for its input, holding no turn). */
void writer_gate_wrote(struct writer_gate *g, bool more_waiting);
/* At the end of the writer's input: give the turn back, and when no other writer of this
 * machine holds or waits for one, remove the semaphore and its name (nothing is left behind). */
void writer_gate_end(struct writer_gate *g);

#endif
