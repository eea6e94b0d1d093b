/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cli.c — shared helpers of the commands and the small commands: init, delegate, comment,
 * list, search, check. Output of data is always sanitised (text) or escaped (tsv, json). */
#include <errno.h>
#include <poll.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "gopy/align.h"
#include "gopy/anchor.h"
#include "gopy/carry.h"
#include "gopy/cli.h"
#include "gopy/dburl.h"
#include "cli_int.h"
#include "gopy/err.h"
#include "gopy/i18n.h"
#include "gopy/identity.h"
#include "gopy/json.h"
#include "gopy/outline.h"
#include "gopy/progress.h"
#include "gopy/text.h"

/* ---- helpers ----------------------------------------------------------------------- */

static void print_error_line(const char *msg)
{
	char *clean = text_sanitize(msg, strlen(msg));
	fprintf(stderr, "gopy: %s\n", clean);
	free(clean);
}

static void print_error_va(const char *fmt, va_list ap)
{
	struct buf b = {0};
	buf_vprintf(&b, fmt, ap);
	print_error_line(b.data ? b.data : "");
	buf_free(&b);
}

int cli_fail(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	print_error_va(fmt, ap);
	va_end(ap);
	return 1;
}

int cli_usage(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	print_error_va(fmt, ap);
	va_end(ap);
	fputs(_("Try 'gopy --help'.\n"), stderr);
	return 2;
}

int cli_fail_err(void)
{
	print_error_line(err_msg());
	return 1;
}

int cli_wait_seconds = STORE_DEFAULT_WAIT;

int cli_wait_option(void *dest, const char *name, const char *value)
{
	(void)dest;
	(void)name;
	int64_t w;
	if (!parse_int64(value, -1, 86400, &w))
		return cli_usage(_("--wait needs a number of seconds (-1: as long as it takes): '%s'"), value);
	cli_wait_seconds = (int)w;
	return 0;
}

/* While a write waits for another program's lock: one note on stderr after a second. */
static bool cli_waiting(void *ctx, int seconds)
{
	static bool told;
	if (seconds >= 1 && !told) {
		told = true;
		char *clean = text_sanitize(ctx, strlen(ctx));
		if (cli_wait_seconds >= 0)
			fprintf(stderr, _("gopy: %s: another program is writing (an import?); waiting up to %d s…\n"), clean,
			        cli_wait_seconds);
		else
			fprintf(stderr, _("gopy: %s: another program is writing (an import?); waiting…\n"), clean);
		free(clean);
	}
	return true;
}

static double seconds_now(void);

/* Said once while gopy waits for a server that is away: why (the last error; for line no of a
 * stream, 0: none), and for how long. */
static void say_server_waiting(long no)
{
	char *why = text_sanitize(err_msg(), strlen(err_msg()));
	struct buf line = {0};
	buf_puts(&line, "");
	if (no)
		buf_printf(&line, _("line %ld: "), no);
	if (cli_wait_seconds >= 0)
		fprintf(stderr, _("gopy: %s%s; waiting up to %d s for the server…\n"), line.data, why, cli_wait_seconds);
	else
		fprintf(stderr, _("gopy: %s%s; waiting for the server…\n"), line.data, why);
	buf_free(&line);
	free(why);
}

/* While a commit whose answer was lost waits for the server to be asked (store_set_server_wait):
 * one note on stderr, and no longer than --wait. */
static bool cli_server_waiting(void *ctx, int seconds)
{
	static bool told;
	(void)ctx;
	if (!told) {
		told = true;
		say_server_waiting(0);
	}
	return cli_wait_seconds < 0 || seconds < cli_wait_seconds;
}

/* While the server is away and --wait allows (counted from start, monotonic seconds), say so
 * once on stderr (for line no of a stream; 0: none) and return true: the caller tries again. */
static bool server_away_wait(bool away, double start, bool *told, long no)
{
	if (!away || (cli_wait_seconds >= 0 && seconds_now() - start >= cli_wait_seconds))
		return false;
	if (!*told) {
		*told = true;
		say_server_waiting(no);
	}
	return true;
}

/* Sleep a second (a signal does not cut it short). */
static void sleep_second(void)
{
	struct timespec ts = {1, 0};
	while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
}

struct store *cli_opened(struct store *st, const char *path)
{
	if (store_world_writable(st))
		cli_warn_world_writable(path);
	store_set_wait(st, cli_wait_seconds, cli_waiting, (void *)store_path(st));
	store_set_server_wait(st, cli_server_waiting, NULL);
	return st;
}

struct store *cli_open_waiting(const char *path, int flags)
{
	double start = seconds_now();
	bool told = false;
	struct store *st = NULL;
	while (store_open(path, flags, &st) != 0) {
		if (!server_away_wait(store_server_away(path), start, &told, 0)) {
			cli_fail_err();
			return NULL;
		}
		sleep_second();
	}
	return cli_opened(st, path);
}

struct store *cli_open(const char *path, int flags)
{
	struct store *st = NULL;
	if (store_open(path, flags, &st) != 0) {
		cli_fail_err();
		return NULL;
	}
	return cli_opened(st, path);
}

int parse_format(const char *s, enum out_format *f)
{
	if (strcmp(s, "text") == 0)
		*f = OUT_TEXT;
	else if (strcmp(s, "tsv") == 0)
		*f = OUT_TSV;
	else if (strcmp(s, "json") == 0)
		*f = OUT_JSON;
	else
		return cli_usage(_("unknown format '%s' (text, tsv or json)"), s);
	return 0;
}

/* One line of display-safe text. */
void put_clean(FILE *f, const char *s)
{
	char *c = text_sanitize(s ? s : "", s ? strlen(s) : 0);
	fputs(c, f);
	free(c);
}

/* Display-safe text keeping line breaks, each line indented. */
void put_clean_lines(FILE *f, const char *s, const char *indent)
{
	char *c = text_sanitize_lines(s ? s : "", s ? strlen(s) : 0);
	const char *p = c;
	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		fprintf(f, "%s%.*s\n", indent, (int)n, p);
		p += n + (nl ? 1 : 0);
	}
	free(c);
}

/* Text padded or cut to a display width. */
void put_fit(FILE *f, const char *s, int width)
{
	char *c = text_sanitize(s ? s : "", s ? strlen(s) : 0);
	char *fit = text_fit(c, strlen(c), width);
	fputs(fit, f);
	free(fit);
	free(c);
}

void list_begin(enum out_format f, const char *tsv_header)
{
	if (f == OUT_TSV && tsv_header)
		printf("%s\n", tsv_header);
	else if (f == OUT_JSON)
		fputc('[', stdout);
}

void list_item(enum out_format f, long n)
{
	if (f == OUT_JSON)
		fputs(n ? ",\n  {" : "\n  {", stdout);
}

void list_end(enum out_format f, long n)
{
	if (f == OUT_JSON)
		fputs(n ? "\n]\n" : "]\n", stdout);
}

void put_tsv(FILE *f, const char *s, bool last)
{
	put_clean(f, s); /* tabs and line breaks become spaces */
	fputc(last ? '\n' : '\t', f);
}

const char *opt_value(int argc, char **argv, int *i, const char *name)
{
	if (*i + 1 >= argc) {
		cli_usage(_("option %s needs a value"), name);
		return NULL;
	}
	return argv[++*i];
}

/* The database path argument and the document lookup most commands share. */
int open_doc(struct store *st, const char *code, struct document *doc)
{
	int rc = store_document_get(st, code, doc);
	if (rc == 1)
		return cli_fail(_("no document with code %s (see 'gopy list %s')"), code, store_path(st));
	if (rc < 0)
		return cli_fail_err();
	return 0;
}

int open_doc_id(struct store *st, const char *code, gid *id)
{
	struct document d;
	int rc = open_doc(st, code, &d);
	if (rc == 0) {
		*id = d.id;
		document_clear(&d);
	}
	return rc;
}

void cli_warn_world_writable(const char *path)
{
	char *c = text_sanitize(path, strlen(path));
	fprintf(stderr, _("gopy: warning: %s is writable by every user of this system: anyone can change the review "
	                  "and its audit log (chmod o-w)\n"), c);
	free(c);
}

int cli_identify(struct store *st, const char *path, const char *as, enum identity_need need, struct identity *out)
{
	memset(out, 0, sizeof *out);
	if (store_is_readonly(st)) { /* the clearer reason first */
		store_readonly_error(st);
		return cli_fail_err();
	}
	if (identity_resolve(st, path, as, out) != 0 || identity_require(out, need) != 0) {
		identity_clear(out);
		return cli_fail_err();
	}
	return 0;
}

/* ---- init -------------------------------------------------------------------------- */

int cmd_init(int argc, char **argv)
{
	if (argc != 2)
		return cli_usage(_("usage: gopy init DB"));
	struct store *st = NULL;
	if (store_open(argv[1], STORE_CREATE, &st) != 0)
		return cli_fail_err();
	store_close(st);
	printf(_("created %s\n"), argv[1]);
	return 0;
}

/* ---- delegate ---------------------------------------------------------------------- */

static int delegate_tsv(void *ctx, const struct delegate *d)
{
	(void)ctx;
	put_tsv(stdout, d->code, false);
	put_tsv(stdout, d->name, false);
	put_tsv(stdout, d->unit, false);
	put_tsv(stdout, d->role, false);
	put_tsv(stdout, d->login ? d->login : "", true);
	return 0;
}

static int delegate_text(void *ctx, const struct delegate *d)
{
	(void)ctx;
	put_fit(stdout, d->code, 12);
	fputc(' ', stdout);
	put_fit(stdout, d->name, 26);
	fputc(' ', stdout);
	put_fit(stdout, delegate_role_label(d->role), 11);
	fputc(' ', stdout);
	put_clean(stdout, d->unit);
	if (d->login) {
		fputs("  @", stdout);
		put_clean(stdout, d->login);
	}
	fputc('\n', stdout);
	return 0;
}

static int delegate_json(void *ctx, const struct delegate *d)
{
	int *n = ctx;
	list_item(OUT_JSON, (*n)++);
	fputs("\"code\": ", stdout);
	json_fputs(stdout, d->code);
	fputs(", \"name\": ", stdout);
	json_fputs(stdout, d->name);
	fputs(", \"unit\": ", stdout);
	json_fputs(stdout, d->unit);
	fputs(", \"role\": ", stdout);
	json_fputs(stdout, d->role);
	fputs(", \"login\": ", stdout);
	json_fputs(stdout, d->login);
	fputc('}', stdout);
	return 0;
}

int cmd_delegate(int argc, char **argv)
{
	if (argc < 3)
		return cli_usage(_("usage: gopy delegate DB add CODE NAME [--unit U] [--role R] [--login USER] | "
		                   "gopy delegate DB list"));
	const char *db = argv[1], *verb = argv[2];
	if (strcmp(verb, "add") == 0) {
		struct delegate d = {0};
		const char *pos[2] = {NULL, NULL}, *unit = NULL, *role = NULL, *login = NULL;
		const struct cli_opt opts[] = {
			{"unit", OPT_TEXT, &unit, NULL, 0},
			{"role", OPT_TEXT, &role, NULL, 0},
			{"login", OPT_TEXT, &login, NULL, 0},
			{NULL, 0, NULL, NULL, 0},
		};
		int npos;
		if (cli_parse_args(argc - 2, argv + 2, opts, pos, 2, &npos)) /* after DB and "add" */
			return 2;
		if (npos > 2)
			return cli_usage(_("too many arguments (quote a name with spaces)"));
		if (login && !*login)
			return cli_usage(_("--login needs a system user name (leave the option out for none)"));
		d.unit = (char *)unit;
		d.role = (char *)role;
		d.login = (char *)login;
		if (npos != 2)
			return cli_usage(_("usage: gopy delegate DB add CODE NAME [--unit U] [--role R] [--login USER]"));
		d.code = (char *)pos[0];
		d.name = (char *)pos[1];
		struct store *st = cli_open(db, 0);
		if (!st)
			return 1;
		struct identity who;
		if (cli_identify(st, db, NULL, NEED_ADMIN, &who) != 0) {
			store_close(st);
			return 1;
		}
		identity_clear(&who);
		int rc = store_delegate_add(st, &d) == 0 ? 0 : cli_fail_err();
		store_close(st);
		return rc;
	}
	if (strcmp(verb, "list") == 0) {
		enum out_format fmt = OUT_TEXT;
		const struct cli_opt opts[] = {{"format", OPT_FORMAT, &fmt, NULL, 0}, {NULL, 0, NULL, NULL, 0}};
		const char *extra;
		int n_extra;
		if (cli_parse_args(argc - 2, argv + 2, opts, &extra, 1, &n_extra)) /* after DB and "list" */
			return 2;
		if (n_extra)
			return cli_usage(_("unknown argument %s"), extra);
		struct store *st = cli_open(db, STORE_READONLY);
		if (!st)
			return 1;
		int n = 0, rc;
		if (fmt == OUT_JSON) {
			list_begin(fmt, NULL);
			rc = store_delegate_each(st, delegate_json, &n);
			list_end(fmt, n);
		} else if (fmt == OUT_TSV) {
			fputs("code\tname\tunit\trole\tlogin\n", stdout);
			rc = store_delegate_each(st, delegate_tsv, NULL);
		} else {
			rc = store_delegate_each(st, delegate_text, NULL);
		}
		store_close(st);
		return rc == 0 ? 0 : cli_fail_err();
	}
	return cli_usage(_("unknown delegate command '%s' (add or list)"), verb);
}

/* ---- comment ----------------------------------------------------------------------- */

/* Read all of a stream into a string (for TEXT given as "-"). */
static char *read_all(FILE *f, size_t *len)
{
	struct buf b = {0};
	char chunk[65536];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_append(&b, chunk, n);
	if (ferror(f)) {
		buf_free(&b);
		return NULL;
	}
	*len = b.len;
	return buf_take(&b);
}

static int find_delegate(struct store *st, const char *code, struct delegate *d)
{
	int rc = store_delegate_get(st, code, false, d);
	if (rc == 1)
		return cli_fail(_("no delegate with code %s (see 'gopy delegate %s list')"), code, store_path(st));
	return rc < 0 ? cli_fail_err() : 0;
}

/* Why text read as a comment cannot be one (translated), or NULL: it must be UTF-8 without NUL
 * bytes (a NUL would cut it short in the store). */
static const char *comment_text_fault(const char *s, size_t len)
{
	if (!text_valid_utf8(s, len, NULL))
		return _("the comment is not valid UTF-8");
	if (memchr(s, '\0', len))
		return _("the comment contains a NUL byte (not text?); nothing was saved");
	return NULL;
}

/* One line of a comment stream as the comment's text: "\\n" a line break, "\\t" a tab, "\\\\"
 * a backslash (any other backslash stays); a CR before the line's end goes (CRLF input). */
static void stream_unescape(char *line, size_t *len)
{
	size_t n = *len, o = 0;
	if (n > 0 && line[n - 1] == '\r')
		n--;
	for (size_t i = 0; i < n; i++) {
		char c = line[i];
		if (c == '\\' && i + 1 < n && (line[i + 1] == 'n' || line[i + 1] == 't' || line[i + 1] == '\\')) {
			c = line[i + 1] == 'n' ? '\n' : line[i + 1] == 't' ? '\t' : '\\';
			i++;
		}
		line[o++] = c;
	}
	line[o] = '\0';
	*len = o;
}

static double seconds_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* After a write failed: while the connection to the database server is lost, go on waiting
 * (server_away_wait). */
static bool server_wait(struct store *st, double start, bool *told, long no)
{
	return server_away_wait(store_connection_lost(st), start, told, no);
}

static void say_landed(struct store *st)
{
	char *db = text_sanitize(store_path(st), strlen(store_path(st)));
	fprintf(stderr, _("gopy: %s: the connection was lost as the change was committed; the server has it\n"), db);
	free(db);
}

void cli_say_earlier(struct store *st)
{
	if (!store_earlier_not_saved(st))
		return;
	char *db = text_sanitize(store_path(st), strlen(store_path(st)));
	fprintf(stderr, _("gopy: %s: the change made before this one was not saved (the connection was lost as it was "
	                  "committed)\n"),
	        db);
	free(db);
}

int cli_commit(struct store *st)
{
	int rc = store_commit(st);
	cli_say_earlier(st);
	if (rc != 0)
		return -1;
	if (store_commit_recovered(st))
		say_landed(st);
	return 0;
}

/* A comment (line no of a stream; 0: the command's one comment), written once. When the
 * connection to the server is lost it waits for the server (server_wait) and tries again,
 * each try connecting anew at most once a second (store.h); a try whose answer was lost is
 * looked up first (store_comment_landed): its commit may have been done. */
static int add_once(struct store *st, const struct comment_new *cn, long no, gid *id)
{
	double start = seconds_now();
	gid sent = 0; /* the id of a try that may have been saved */
	bool told = false;
	do {
		int landed = sent ? store_comment_landed(st, sent, cn) : 0;
		if (landed == 1) {
			*id = sent;
			return 0;
		}
		if (landed == 0) {
			sent = 0;
			*id = 0;
			if (store_comment_add(st, cn, id) == 0)
				return 0;
			sent = *id;
		}
	} while (server_wait(st, start, &told, no));
	return -1;
}

/* More input can be read from f's descriptor without waiting (a line, or its end). (Lines
 * already in f's buffer are not looked at: then a turn ends early, which costs only a turn.) */
static bool input_waiting(FILE *f)
{
	struct pollfd p = {.fd = fileno(f), .events = POLLIN};
	return poll(&p, 1, 0) > 0;
}

/* gopy comment --stream: a comment a line of standard input, each in a transaction of its own
 * committed as it arrives, its id printed (and flushed) once committed; on a server in turns
 * with the other writers of this machine (gate: the caller's, which ends it). A line that cannot be
 * saved is reported with its number and the others go on (each line is a sender's own comment:
 * one bad line must not hold back the rest); a last line without its line break is refused
 * (the sender stopped in the middle: half a comment is not saved). 1 when any line failed. */
static int comment_stream(struct store *st, struct comment_new *cn, struct writer_gate *gate)
{
	char *line = NULL;
	size_t cap = 0;
	ssize_t got;
	int rc = 0;
	for (long no = 1; (got = getline(&line, &cap, stdin)) != -1; no++) {
		size_t len = (size_t)got;
		const char *why = NULL;
		if (line[len - 1] != '\n')
			why = _("the line has no line break at its end (cut off?); not saved");
		else
			why = comment_text_fault(line, len);
		if (why) {
			rc = cli_fail(_("line %ld: %s"), no, why);
			continue;
		}
		len--;
		stream_unescape(line, &len);
		cn->body = line;
		gid id;
		writer_gate_enter(gate);
		int added = add_once(st, cn, no, &id);
		writer_gate_wrote(gate, input_waiting(stdin));
		cli_say_earlier(st);
		if (added != 0) {
			rc = cli_fail(_("line %ld: %s"), no, err_msg());
			continue;
		}
		printf("%lld\n", (long long)id);
		if (fflush(stdout) != 0) {
			free(line);
			return cli_fail(_("cannot write the comments' ids: %s"), strerror(errno));
		}
	}
	free(line);
	if (ferror(stdin))
		return cli_fail(_("cannot read the comments from standard input: %s"), strerror(errno));
	return rc;
}

int cmd_comment(int argc, char **argv)
{
	static const struct option opts[] = {
		{"doc", required_argument, NULL, 'd'},     {"section", required_argument, NULL, 's'},
		{"reply-to", required_argument, NULL, 'r'}, {"as", required_argument, NULL, 'a'},
		{"by", required_argument, NULL, 'b'},      {"quote", required_argument, NULL, 'q'},
		{"wait", required_argument, NULL, 'w'},    {"version", required_argument, NULL, 'V'},
		{"stream", no_argument, NULL, 'S'},         {NULL, 0, NULL, 0},
	};
	const char *doc = NULL, *section = NULL, *reply = NULL, *as = NULL, *by = NULL, *quote = NULL;
	bool stream = false;
	int version = 0;
	const char *pos[2] = {NULL, NULL};
	int c, npos = 0;
	optind = 1;
	opterr = 0;
	/* "-": options and operands in any order (DB first, as documented), operands in order */
	while ((c = getopt_long(argc, argv, "-", opts, NULL)) != -1) {
		switch (c) {
		case 1: if (npos < 2) pos[npos] = optarg; npos++; break;
		case 'd': doc = optarg; break;
		case 's': section = optarg; break;
		case 'r': reply = optarg; break;
		case 'a': as = optarg; break;
		case 'b': by = optarg; break;
		case 'q': quote = optarg; break;
		case 'S': stream = true; break;
		case 'V':
			if (cli_parse_version(optarg, &version))
				return 2;
			break;
		case 'w': {
			int64_t w;
			if (!parse_int64(optarg, -1, 86400 * 365, &w))
				return cli_usage(_("--wait needs a number of seconds (0: do not wait, -1: as long as it takes): '%s'"),
				                 optarg);
			cli_wait_seconds = (int)w;
			break;
		}
		default: return cli_usage(_("unknown or incomplete option %s"), argv[optind - 1]);
		}
	}
	for (; optind < argc; optind++) /* after "--" */
		if (npos++ < 2)
			pos[npos - 1] = argv[optind];
	int64_t reply_id = 0;
	if (reply && !parse_int64(reply, 1, INT64_MAX, &reply_id))
		return cli_usage(_("--reply-to needs a comment id (a whole number from 1 to %lld, digits only): '%s'"),
		                 (long long)INT64_MAX, reply);
	int want = stream ? 1 : 2; /* DB and TEXT, or DB alone with --stream */
	if (npos == want && !doc && !reply)
		return cli_usage(_("comment: --doc CODE (or --reply-to ID) is required"));
	if (npos != want)
		return cli_usage(_("usage: gopy comment DB --doc CODE [--section LABEL] [--version N] [--reply-to ID] "
		                   "[--as DELEGATE] [--by SECRETARY] [--quote TEXT] [--wait SECONDS] TEXT|-|--stream"));
	if (version && !section)
		return cli_usage(_("--version needs --section (general comments are on the whole draft)"));
	const char *db = pos[0], *text = pos[1];
	char *input = NULL;
	if (!stream && strcmp(text, "-") == 0) {
		size_t len;
		if (!(input = read_all(stdin, &len)))
			return cli_fail(_("cannot read the comment from standard input"));
		const char *why = comment_text_fault(input, len);
		if (why) {
			free(input);
			return cli_fail("%s", why);
		}
		text = input;
	}
	/* on a server, the writers of this machine take turns (writer_gate.c): one comment a
	 * process takes its turn before it connects, so that a crowd of them keeps a few sessions
	 * starting and writing at a time, not a crowd; a streamed writer takes its turns as it
	 * writes (comment_stream) */
	struct writer_gate gate;
	char *review = dburl_is_server(db) ? dburl_redact(db) : NULL; /* (as store_path says it) */
	writer_gate_init(&gate, review);
	free(review);
	if (!stream)
		writer_gate_enter(&gate);
	/* a streamed writer started while the server is away waits for it, as it does midway */
	struct store *st = stream ? cli_open_waiting(db, 0) : cli_open(db, 0);
	if (!st) {
		writer_gate_end(&gate);
		free(input);
		return 1;
	}
	int rc = 0;
	struct document d = {0};
	struct section sec = {0};
	struct delegate typist = {0};
	struct identity who = {0};
	struct comment_new cn = {.body = text, .quote = quote};
	if (doc && (rc = open_doc(st, doc, &d)) != 0)
		goto out;
	if (version && (rc = cli_use_version(st, &d, version)) != 0)
		goto out;
	cn.doc_id = d.id;
	if (section) {
		if (!doc) {
			rc = cli_usage(_("--section needs --doc"));
			goto out;
		}
		int f = store_section_find(st, d.id, section, &sec);
		if (f == 1)
			rc = cli_fail(_("document %s has no section '%s'"), d.code, section);
		else if (f < 0)
			rc = cli_fail_err();
		if (rc)
			goto out;
		cn.section_id = sec.id;
	}
	if (reply)
		cn.parent_id = reply_id;
	if ((rc = cli_identify(st, db, as, NEED_DELEGATE, &who)) != 0)
		goto out;
	cn.author_id = who.as.id;
	cn.entered_by = identity_typist(&who);
	if (by) {
		if ((rc = find_delegate(st, by, &typist)) != 0)
			goto out;
		if (!who.personal && typist.id != who.self.id) {
			rc = cli_fail(_("--by %s refused: on a shared file the one who enters a comment is your login's "
			                "delegate (%s)"), typist.code, who.self.code);
			goto out;
		}
		if (!delegate_can_record_for_others(&typist) && typist.id != cn.author_id) {
			rc = cli_fail(_("%s is not a secretary and cannot record comments for others"), typist.code);
			goto out;
		}
		cn.entered_by = typist.id;
		store_set_actor(st, typist.id);
	}
	gid id;
	if (stream)
		rc = comment_stream(st, &cn, &gate);
	else if (add_once(st, &cn, 0, &id) != 0)
		rc = cli_fail_err();
	else
		printf("%lld\n", (long long)id);
out:
	document_clear(&d);
	section_clear(&sec);
	identity_clear(&who);
	delegate_clear(&typist);
	store_close(st);
	writer_gate_end(&gate);
	free(input);
	return rc;
}

/* ---- list -------------------------------------------------------------------------- */

struct list_ctx {
	struct store *st;
	enum out_format fmt;
	int n;
	bool comments;
	int indent;     /* columns the current section is indented by (text format) */
	gid doc_id;
	bool earlier;   /* the document has several versions: show earlier rounds' comments too */
	int n_origins;  /* json: earlier sections written for the current section */
	int version;    /* the version listed (its number) */
	gid shown;      /* the section of that version being listed (0: none, removed sections) */
	bool carried;   /* listing an earlier round's comments: say where their quotes are now */
	int rc;
};

static int doc_row(void *ctx, const struct document *d)
{
	struct list_ctx *l = ctx;
	if (l->fmt == OUT_TSV) {
		char counts[64];
		put_tsv(stdout, d->code, false);
		put_tsv(stdout, d->title, false);
		put_tsv(stdout, d->kind, false);
		put_tsv(stdout, d->status, false);
		snprintf(counts, sizeof counts, "%lld\t%lld\t%lld", (long long)d->n_sections, (long long)d->n_comments,
		         (long long)d->n_pending);
		fputs(counts, stdout);
		fputc('\t', stdout);
		put_tsv(stdout, d->deadline, true);
	} else if (l->fmt == OUT_JSON) {
		fputs(l->n++ ? ",\n  {\"code\": " : "\n  {\"code\": ", stdout);
		json_fputs(stdout, d->code);
		fputs(", \"title\": ", stdout);
		json_fputs(stdout, d->title);
		fputs(", \"kind\": ", stdout);
		json_fputs(stdout, d->kind);
		fputs(", \"status\": ", stdout);
		json_fputs(stdout, d->status);
		fputs(", \"deadline\": ", stdout);
		json_fputs(stdout, d->deadline);
		printf(", \"sections\": %lld, \"comments\": %lld, \"pending\": %lld}", (long long)d->n_sections,
		       (long long)d->n_comments, (long long)d->n_pending);
	} else {
		put_fit(stdout, d->code, 16);
		printf(" %7lld %7lld  ", (long long)d->n_comments, (long long)d->n_pending);
		char deadline[40];
		time_show(d->deadline, deadline, sizeof deadline);
		put_fit(stdout, *deadline ? deadline : "-", 10);
		fputs("  ", stdout);
		put_clean(stdout, d->title);
		fputc('\n', stdout);
	}
	return 0;
}

static void comment_json(const struct comment *c)
{
	/* ids are strings: 63-bit numbers lose precision in many JSON readers */
	printf("{\"id\": \"%lld\", \"parent\": ", (long long)c->id);
	if (c->parent_id)
		printf("\"%lld\"", (long long)c->parent_id);
	else
		fputs("null", stdout);
	printf(", \"depth\": %d, \"author\": ", c->depth);
	json_fputs(stdout, c->author_code);
	fputs(", \"name\": ", stdout);
	json_fputs(stdout, c->author_name);
	fputs(", \"unit\": ", stdout);
	json_fputs(stdout, c->author_unit);
	fputs(", \"section\": ", stdout);
	json_fputs(stdout, c->section_label);
	fputs(", \"created_at\": ", stdout);
	json_fputs(stdout, c->created_at);
	fputs(", \"edited_at\": ", stdout);
	json_fputs(stdout, c->edited_at);
	fputs(", \"body\": ", stdout);
	json_fputs(stdout, c->body);
	fputs(", \"disposition\": ", stdout);
	json_fputs(stdout, disposition_code(c->disposition));
	fputs(", \"response\": ", stdout);
	json_fputs(stdout, c->response);
}

/* Where an earlier round's comment's quoted phrase is in the version listed: json fields, or
 * the note line of the text format (carry.h). */
static int quote_now(struct list_ctx *l, const struct comment *c, const char *indent)
{
	struct quote_place p;
	if (store_quote_place(l->st, c->section_id, c->quote, l->version, l->shown, &p) != 0)
		return l->rc = -1;
	if (l->fmt == OUT_JSON) {
		fputs(", \"quote\": ", stdout);
		json_fputs(stdout, c->quote);
		printf(", \"quote_now\": {\"how\": \"%s\", \"section\": ", anchor_how_name(p.how));
		json_fputs(stdout, p.label);
		fputs(", \"text\": ", stdout);
		json_fputs(stdout, p.text);
		fputc('}', stdout);
	} else {
		struct buf b = {0};
		carry_quote_note(&b, c->quote, &p, l->shown);
		fputs(indent, stdout);
		put_clean(stdout, b.data);
		fputc('\n', stdout);
		buf_free(&b);
	}
	quote_place_clear(&p);
	return 0;
}

static int comment_row(void *ctx, const struct comment *c)
{
	struct list_ctx *l = ctx;
	if (l->fmt == OUT_JSON) {
		fputs(l->n++ ? ", " : "", stdout);
		comment_json(c);
		if (l->carried && c->quote && quote_now(l, c, "") != 0)
			return 1;
		fputc('}', stdout);
	} else if (l->fmt == OUT_TSV) {
		char num[80];
		snprintf(num, sizeof num, "%lld\t%lld\t%d\t", (long long)c->id, (long long)c->parent_id, c->depth);
		fputs(num, stdout);
		put_tsv(stdout, c->section_label, false);
		put_tsv(stdout, c->author_code, false);
		put_tsv(stdout, c->author_name, false);
		put_tsv(stdout, c->author_unit, false);
		put_tsv(stdout, c->created_at, false);
		put_tsv(stdout, disposition_code(c->disposition), false);
		put_tsv(stdout, c->body, false);
		put_tsv(stdout, c->response ? c->response : "", true);
	} else {
		char indent[128];
		int depth = c->depth > 20 ? 20 : c->depth;
		snprintf(indent, sizeof indent, "%*s", l->indent + 4 + 2 * depth, "");
		fputs(indent, stdout);
		printf("[%lld] ", (long long)c->id);
		put_clean(stdout, c->author_name);
		if (*c->author_unit) {
			fputs(" (", stdout);
			put_clean(stdout, c->author_unit);
			fputc(')', stdout);
		}
		char when[40];
		time_show(c->created_at, when, sizeof when);
		printf(" %s — %s\n", when, disposition_label(c->disposition));
		strcat(indent, "  ");
		put_clean_lines(stdout, c->body, indent);
		if (l->carried && c->quote && quote_now(l, c, indent) != 0)
			return 1;
		if (c->response) {
			fputs(indent, stdout);
			fputs(_("→ response: "), stdout);
			put_clean(stdout, c->response);
			fputc('\n', stdout);
		}
	}
	return 0;
}

static int list_comments(struct list_ctx *l, gid doc, enum comment_scope scope, gid section)
{
	struct comment_query q = {.doc_id = doc, .scope = scope, .section_id = section, .order = ORDER_THREAD};
	comment_filter_init(&q.filter);
	if (l->fmt == OUT_JSON)
		fputs(", \"comments\": [", stdout);
	int saved = l->n;
	l->n = 0;
	int rc = store_comment_each(l->st, &q, comment_row, l);
	l->n = saved;
	if (l->fmt == OUT_JSON)
		fputc(']', stdout);
	return rc;
}

/* The comments of an earlier version's section this one continues (list --comments), each
 * group headed by the round it came from and how the section changed since. */
static int origin_row(void *ctx, const struct section_origin *o)
{
	struct list_ctx *l = ctx;
	if (!o->n_comments)
		return 0;
	if (l->fmt == OUT_JSON) {
		printf("%s{\"version\": %d, \"section\": ", l->n_origins++ ? ", " : "", o->version);
		json_fputs(stdout, o->label);
		printf(", \"change\": \"%s\"", align_kind_name(o->kind));
	} else if (l->fmt == OUT_TEXT) {
		printf("%*s", l->indent + 2, "");
		printf(_("— from version %d, "), o->version);
		put_clean(stdout, o->label);
		printf(" (%s):\n", cli_align_kind_label(o->kind));
	}
	l->carried = true;
	int rc = list_comments(l, l->doc_id, SCOPE_SECTION, o->id);
	l->carried = false;
	if (rc != 0 || l->rc)
		return l->rc = -1;
	if (l->fmt == OUT_JSON)
		fputc('}', stdout);
	return 0;
}

static int section_row(void *ctx, const struct section *s)
{
	struct list_ctx *l = ctx;
	if (l->rc)
		return 1;
	if (l->fmt == OUT_TSV && l->comments) {
		/* with --comments, tsv is one flat table of comments */
	} else if (l->fmt == OUT_TSV) {
		char num[80];
		fputs("section\t", stdout);
		snprintf(num, sizeof num, "%lld\t%d\t", (long long)s->position, s->depth);
		fputs(num, stdout);
		put_tsv(stdout, section_level_code(s->level), false);
		put_tsv(stdout, s->label, false);
		put_tsv(stdout, s->heading, false);
		snprintf(num, sizeof num, "%lld\t%lld\t", (long long)s->n_comments, (long long)s->n_pending);
		fputs(num, stdout);
		put_tsv(stdout, s->body, false);
		put_tsv(stdout, s->full_label, true);
	} else if (l->fmt == OUT_JSON) {
		list_item(OUT_JSON, l->n++);
		printf("\"position\": %lld, \"depth\": %d, \"level\": ", (long long)s->position, s->depth);
		json_fputs(stdout, section_level_code(s->level));
		fputs(", \"label\": ", stdout);
		json_fputs(stdout, s->label);
		fputs(", \"citation\": ", stdout);
		json_fputs(stdout, s->full_label);
		fputs(", \"heading\": ", stdout);
		json_fputs(stdout, s->heading);
		fputs(", \"body\": ", stdout);
		json_fputs(stdout, s->body);
		printf(", \"comments_count\": %lld, \"pending\": %lld", (long long)s->n_comments, (long long)s->n_pending);
	} else {
		char indent[64];
		int depth = s->depth > 10 ? 10 : s->depth;
		snprintf(indent, sizeof indent, "%*s", 2 * depth, "");
		fputs(indent, stdout);
		l->indent = 2 * depth;
		put_clean(stdout, *s->label ? s->label : _("(preamble)"));
		if (*s->heading) {
			fputs(". ", stdout);
			put_clean(stdout, s->heading);
		}
		if (s->n_comments)
			printf(ngettext("  [%lld comment, %lld pending]", "  [%lld comments, %lld pending]",
			                (unsigned long)s->n_comments), (long long)s->n_comments, (long long)s->n_pending);
		fputc('\n', stdout);
		strcat(indent, "    ");
		put_clean_lines(stdout, s->body, indent);
	}
	if (l->comments && s->n_comments && list_comments(l, s->doc_id, SCOPE_SECTION, s->id) != 0)
		l->rc = -1;
	else if (l->comments && l->fmt == OUT_JSON && !s->n_comments)
		fputs(", \"comments\": []", stdout);
	if (l->comments && l->earlier && !l->rc) {
		if (l->fmt == OUT_JSON)
			fputs(", \"earlier\": [", stdout);
		l->n_origins = 0;
		l->shown = s->id;
		if (store_section_origins(l->st, s->id, origin_row, l) != 0)
			l->rc = -1;
		l->shown = 0;
		if (l->fmt == OUT_JSON)
			fputc(']', stdout);
	}
	if (l->fmt == OUT_JSON)
		fputc('}', stdout);
	return l->rc;
}

int cmd_list(int argc, char **argv)
{
	const char *db = NULL, *code = NULL;
	struct list_ctx l = {.fmt = OUT_TEXT};
	int version = 0;
	const struct cli_opt opts[] = {
		{"version", OPT_VERSION, &version, NULL, 0},
		{"doc", OPT_TEXT, &code, NULL, 0},
		{"comments", OPT_FLAG, &l.comments, NULL, 0},
		{"format", OPT_FORMAT, &l.fmt, NULL, 0},
		{NULL, 0, NULL, NULL, 0},
	};
	if (cli_parse_args(argc, argv, opts, &db, 1, NULL))
		return 2;
	if (!db)
		return cli_usage(_("usage: gopy list DB [--doc CODE [--comments] [--version N]] [--format text|tsv|json]"));
	if (l.comments && !code)
		return cli_usage(_("--comments needs --doc"));
	if (version && !code)
		return cli_usage(_("--version needs --doc"));
	struct store *st = cli_open(db, STORE_READONLY);
	if (!st)
		return 1;
	l.st = st;
	int rc = 0;
	if (!code) {
		list_begin(l.fmt, "code\ttitle\tkind\tstatus\tsections\tcomments\tpending\tdeadline");
		if (l.fmt == OUT_TEXT)
			printf("%-16s %7s %7s  %-10s  %s\n", _("CODE"), _("COMMENT"), _("PENDING"), _("DEADLINE"), _("TITLE"));
		rc = store_document_each(st, doc_row, &l);
		list_end(l.fmt, l.n);
	} else {
		struct document d;
		if ((rc = open_doc(st, code, &d)) != 0 || (version && (rc = cli_use_version(st, &d, version)) != 0)) {
			if (rc == 0)
				document_clear(&d);
			store_close(st);
			return rc;
		}
		l.earlier = d.n_versions > 1;
		l.version = version ? version : d.n_versions;
		l.doc_id = d.id;
		if (l.fmt == OUT_TSV)
			fputs(l.comments ? "id\tparent\tdepth\tsection\tauthor\tname\tunit\tcreated_at\tdisposition\tbody\t"
			                   "response\n"
			                 : "type\tposition\tdepth\tlevel\tlabel\theading\tcomments\tpending\tbody\tcitation\n",
			      stdout);
		if (l.fmt == OUT_JSON) {
			fputs("{\"code\": ", stdout);
			json_fputs(stdout, d.code);
			fputs(", \"title\": ", stdout);
			json_fputs(stdout, d.title);
			if (l.comments) {
				fputs(", \"general\": {", stdout);
				fputs("\"label\": \"\"", stdout);
				rc = list_comments(&l, d.id, SCOPE_GENERAL, 0);
				fputc('}', stdout);
				if (rc == 0 && l.earlier && !version) {
					fputs(", \"removed\": [", stdout);
					rc = store_removed_origins(st, d.id, origin_row, &l);
					fputc(']', stdout);
				}
			}
			fputs(", \"sections\": [", stdout);
		} else if (l.fmt == OUT_TEXT) {
			put_clean(stdout, d.code);
			fputs(" — ", stdout);
			put_clean(stdout, d.title);
			printf(ngettext("  [%lld comment, %lld pending]\n", "  [%lld comments, %lld pending]\n",
			                (unsigned long)d.n_comments), (long long)d.n_comments, (long long)d.n_pending);
			if (l.comments) {
				puts(_("General comments:"));
				rc = list_comments(&l, d.id, SCOPE_GENERAL, 0);
			}
			if (rc == 0 && l.comments && l.earlier && !version) {
				l.indent = 0;
				rc = store_removed_origins(st, d.id, origin_row, &l);
			}
		} else if (l.comments) {
			rc = list_comments(&l, d.id, SCOPE_GENERAL, 0);
			if (rc == 0 && l.earlier && !version)
				rc = store_removed_origins(st, d.id, origin_row, &l);
		}
		if (rc == 0)
			rc = store_section_each(st, d.id, section_row, &l);
		if (rc == 0 && l.rc)
			rc = -1;
		if (l.fmt == OUT_JSON)
			fputs(l.n ? "\n]}\n" : "]}\n", stdout);
		document_clear(&d);
	}
	store_close(st);
	if (fflush(stdout) != 0)
		return cli_fail(_("cannot write the output"));
	return rc == 0 ? 0 : cli_fail_err();
}

/* ---- search ------------------------------------------------------------------------ */

struct search_ctx {
	enum out_format fmt;
	int64_t n;
	int64_t limit;      /* --limit, 0 for none */
	bool more;          /* the limit stopped the search before its end */
	const char *folded;
};

static int search_row(void *ctx, const struct search_hit *h)
{
	struct search_ctx *s = ctx;
	if (s->limit > 0 && s->n >= s->limit) { /* the one hit past the limit: there are more */
		s->more = true;
		return 1;
	}
	if (s->fmt == OUT_TSV) {
		char num[48];
		fputs(h->is_comment ? "comment\t" : "section\t", stdout);
		snprintf(num, sizeof num, "%lld\t", (long long)h->id);
		fputs(num, stdout);
		put_tsv(stdout, h->doc_code, false);
		put_tsv(stdout, h->section_label, false);
		put_tsv(stdout, h->author_name ? h->author_name : "", false);
		put_tsv(stdout, h->author_unit ? h->author_unit : "", false);
		put_tsv(stdout, h->created_at ? h->created_at : "", false);
		put_tsv(stdout, h->text, true);
	} else if (s->fmt == OUT_JSON) {
		list_item(OUT_JSON, s->n);
		printf("\"type\": \"%s\", \"id\": \"%lld\", \"doc\": ", h->is_comment ? "comment" : "section",
		       (long long)h->id);
		json_fputs(stdout, h->doc_code);
		fputs(", \"section\": ", stdout);
		json_fputs(stdout, h->section_label);
		fputs(", \"author\": ", stdout);
		json_fputs(stdout, h->author_name);
		fputs(", \"unit\": ", stdout);
		json_fputs(stdout, h->author_unit);
		fputs(", \"created_at\": ", stdout);
		json_fputs(stdout, h->created_at);
		fputs(", \"text\": ", stdout);
		json_fputs(stdout, h->text);
		fputc('}', stdout);
	} else {
		put_clean(stdout, h->doc_code);
		fputs("  ", stdout);
		put_clean(stdout, *h->section_label ? h->section_label : _("(general)"));
		if (h->is_comment) {
			printf("  [%lld] ", (long long)h->id);
			put_clean(stdout, h->author_name);
			if (h->author_unit && *h->author_unit) {
				fputs(" (", stdout);
				put_clean(stdout, h->author_unit);
				fputc(')', stdout);
			}
		}
		fputc('\n', stdout);
		/* the matching line, cut to a readable length around the match */
		char *clean = text_sanitize(h->text, strlen(h->text));
		size_t a = 0, b = 0, len = strlen(clean);
		text_find(clean, len, s->folded, false, NULL, 0, &a, &b);
		size_t from = a > 60 ? a - 60 : 0;
		while (from > 0 && (clean[from] & 0xC0) == 0x80)
			from--;
		char *fit = text_fit(clean + from, len - from, 100);
		size_t fl = strlen(fit);
		while (fl > 0 && fit[fl - 1] == ' ')
			fit[--fl] = '\0';
		printf("    %s%s\n", from ? "…" : "", fit);
		free(fit);
		free(clean);
	}
	s->n++;
	return 0;
}

int cmd_search(int argc, char **argv)
{
	const char *code = NULL, *limit_text = NULL, *pos[2] = {NULL, NULL};
	enum out_format fmt = OUT_TEXT;
	bool exact = false, fold = false;
	const struct cli_opt opts[] = {
		{"doc", OPT_TEXT, &code, NULL, 0},
		{"format", OPT_FORMAT, &fmt, NULL, 0},
		{"limit", OPT_TEXT, &limit_text, NULL, 0},
		{"exact", OPT_FLAG, &exact, NULL, 0},
		{"fold", OPT_FLAG, &fold, NULL, 0},
		{NULL, 0, NULL, NULL, 0},
	};
	int npos;
	if (cli_parse_args(argc, argv, opts, pos, 2, &npos))
		return 2;
	if (npos > 2)
		return cli_usage(_("too many arguments (quote a query with spaces)"));
	if (exact && fold)
		return cli_usage(_("--exact and --fold cannot be used together"));
	enum search_mode mode = exact ? SEARCH_EXACT : fold ? SEARCH_FOLD : SEARCH_AUTO;
	long long limit = 0;
	if (limit_text) {
		int64_t n;
		if (!parse_int64(limit_text, 0, 1000000000, &n))
			return cli_usage(_("--limit needs a whole number from 0 (no limit) to 1000000000: '%s'"), limit_text);
		limit = n;
	}
	const char *db = pos[0], *query = pos[1];
	if (!db || !query)
		return cli_usage(_("usage: gopy search DB QUERY [--doc CODE] [--exact|--fold] [--limit N] "
		                   "[--format text|tsv|json]"));
	if (!text_valid_utf8(query, strlen(query), NULL))
		return cli_fail(_("the query is not valid UTF-8"));
	struct store *st = cli_open(db, 0);
	if (!st)
		return 1;
	gid doc = 0;
	int rc = 0;
	if (code && (rc = open_doc_id(st, code, &doc)) != 0) {
		store_close(st);
		return rc;
	}
	char *folded = text_fold(query, strlen(query));
	struct search_ctx s = {.fmt = fmt, .folded = folded, .limit = limit};
	enum search_mode used;
	list_begin(fmt, "type\tid\tdoc\tsection\tauthor\tunit\tcreated_at\ttext");
	rc = store_search(st, query, mode, doc, limit ? limit + 1 : 0, search_row, &s, &used);
	list_end(fmt, s.n);
	const char *how = used == SEARCH_EXACT ? _("diacritics must match") : _("ignoring diacritics and case");
	if (rc == 0 && s.more)
		fprintf(stderr,
		        ngettext("%lld match shown (stopped at --limit %lld; there are more) (%s)\n",
		                 "%lld matches shown (stopped at --limit %lld; there are more) (%s)\n", (unsigned long)s.n),
		        (long long)s.n, (long long)limit, how);
	else if (rc == 0 && fmt == OUT_TEXT)
		fprintf(stderr, ngettext("%lld match (%s)\n", "%lld matches (%s)\n", (unsigned long)s.n), (long long)s.n,
		        how);
	free(folded);
	store_close(st);
	if (fflush(stdout) != 0)
		return cli_fail(_("cannot write the output"));
	return rc == 0 ? 0 : cli_fail_err();
}

/* ---- check ------------------------------------------------------------------------- */

struct check_progress {
	struct progress p;
	const char *file;         /* sanitised */
	struct buf what;          /* "checking FILE: integrity", the step named */
};

static void check_step(void *ctx, int done, int total, const char *step)
{
	struct check_progress *c = ctx;
	if (step) {
		buf_reset(&c->what);
		buf_printf(&c->what, _("checking %s: %s"), c->file, step);
		c->p.what = c->what.data;
	}
	c->p.total = total;
	progress_set(&c->p, done);
}

int cmd_check(int argc, char **argv)
{
	if (argc != 2)
		return cli_usage(_("usage: gopy check DB"));
	struct store *st = cli_open(argv[1], 0);
	if (!st)
		return 1;
	struct buf report = {0};
	struct check_progress pr = {.what = {0}};
	char *shown = text_sanitize(argv[1], strlen(argv[1]));
	pr.file = shown;
	buf_printf(&pr.what, _("checking %s"), shown);
	/* parts: the steps weighed by their work (the integrity of a large file is most of it) */
	progress_start(&pr.p, pr.what.data, _("parts"), 0);
	int rc = store_check_steps(st, &report, check_step, &pr);
	progress_finish(&pr.p);
	free(shown);
	buf_free(&pr.what);
	if (rc < 0) {
		buf_free(&report);
		store_close(st);
		return cli_fail_err();
	}
	if (report.len)
		put_clean_lines(stdout, report.data, "");
	if (rc == 0)
		printf(_("%s: ok (schema %d)\n"), argv[1], store_schema_version());
	else
		printf(_("%s: problems found\n"), argv[1]);
	buf_free(&report);
	store_close(st);
	return rc == 0 ? 0 : 1;
}
