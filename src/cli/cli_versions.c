/* cli_versions.c — the versions of a draft: `gopy versions DB --doc CODE` lists them,
 * `gopy align DB --doc CODE [--version N] [--set "OLD=NEW"]...` shows and corrects the
 * alignment of a version's sections with the version before it, and --version N for the
 * commands that read one version (cli_use_version). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gopy/align.h"
#include "gopy/cli.h"
#include "gopy/err.h"
#include "gopy/i18n.h"
#include "gopy/json.h"
#include "gopy/round.h"
#include "gopy/buf.h"
#include "gopy/identity.h"
#include "gopy/util.h"
#include "cli_int.h"

int cli_parse_version(const char *s, int *n)
{
	int64_t v;
	if (!parse_int64(s, 1, 1000000, &v))
		return cli_usage(_("--version needs a version number (1, 2 …): '%s'"), s);
	*n = (int)v;
	return 0;
}

int cli_use_version(struct store *st, const struct document *d, int n)
{
	if (n > d->n_versions)
		return cli_fail(_("document %s has no version %d (it has %d)"), d->code, n, d->n_versions);
	store_set_version(st, n);
	return 0;
}

/* The translated name of an alignment kind. */
static const char *kind_label(int k)
{
	static const char *const names[ALIGN_KINDS] = {
		N_("unchanged"), N_("edited"), N_("renumbered"), N_("moved"),
		N_("split"), N_("merged"), N_("new"), N_("removed"),
	};
	return k >= 0 && k < ALIGN_KINDS ? _(names[k]) : "?";
}

const char *cli_align_kind_label(int k)
{
	return kind_label(k);
}

/* ---- versions ------------------------------------------------------------------------ */

struct versions_ctx {
	enum out_format fmt;
	int n;
};

static int version_row(void *ctx, const struct version *v)
{
	struct versions_ctx *x = ctx;
	char changed[32] = "-";
	if (v->n_changed >= 0)
		snprintf(changed, sizeof changed, "%lld", (long long)v->n_changed);
	if (x->fmt == OUT_TSV) {
		printf("%d\t", v->number);
		put_tsv(stdout, v->label, false);
		put_tsv(stdout, v->created_at, false);
		printf("%lld\t%lld\t%s\n", (long long)v->n_sections, (long long)v->n_comments,
		       v->n_changed >= 0 ? changed : "");
	} else if (x->fmt == OUT_JSON) {
		printf("%s{\"version\": %d, \"label\": ", x->n++ ? ",\n  " : "\n  ", v->number);
		json_fputs(stdout, v->label);
		fputs(", \"created_at\": ", stdout);
		json_fputs(stdout, v->created_at);
		printf(", \"sections\": %lld, \"comments\": %lld, \"changed\": ", (long long)v->n_sections,
		       (long long)v->n_comments);
		if (v->n_changed >= 0)
			printf("%lld}", (long long)v->n_changed);
		else
			fputs("null}", stdout);
	} else {
		char when[40];
		time_show(v->created_at, when, sizeof when); /* local time; tsv and json keep UTC */
		printf("%7d  ", v->number);
		put_fit(stdout, when, 20);
		printf(" %8lld %8lld %8s  ", (long long)v->n_sections, (long long)v->n_comments, changed);
		put_clean(stdout, *v->label ? v->label : "-");
		fputc('\n', stdout);
	}
	return 0;
}

/* Options shared by versions and align: DB, --doc, --format, --version, --set (align). */
struct vopts {
	const char *db, *code;
	enum out_format fmt;
	int version;
	const char **sets;
	int n_sets;
	const char **notes;         /* --note and --note-old LABEL=TEXT, in order */
	bool *old_note;             /* notes[k] came from --note-old */
	int n_notes;
};

static void vopts_free(struct vopts *o)
{
	free(o->sets);
	free(o->notes);
	free(o->old_note);
}

static int add_set(void *dest, const char *name, const char *value)
{
	struct vopts *o = dest;
	(void)name;
	if (!strchr(value, '='))
		return cli_usage(_("--set needs OLD=NEW (labels of a section of each version): '%s'"), value);
	o->sets[o->n_sets++] = value;
	return 0;
}

static int add_note(void *dest, const char *name, const char *value)
{
	struct vopts *o = dest;
	if (!strchr(value, '='))
		return cli_usage(_("%s needs LABEL=TEXT: '%s'"), strcmp(name, "note-old") == 0 ? "--note-old" : "--note",
		                 value);
	o->old_note[o->n_notes] = strcmp(name, "note-old") == 0;
	o->notes[o->n_notes++] = value;
	return 0;
}

static int parse_vopts(int argc, char **argv, struct vopts *o, bool allow_set)
{
	o->sets = xcalloc((size_t)argc + 1, sizeof *o->sets);
	o->notes = xcalloc((size_t)argc + 1, sizeof *o->notes);
	o->old_note = xcalloc((size_t)argc + 1, sizeof *o->old_note);
	struct cli_opt opts[] = {
		{"doc", OPT_TEXT, &o->code, NULL, 0},
		{"format", OPT_FORMAT, &o->fmt, NULL, 0},
		/* align only (ended here otherwise): */
		{"version", OPT_VERSION, &o->version, NULL, 0},
		{"set", OPT_EACH, o, add_set, 0},
		{"note", OPT_EACH, o, add_note, 0},
		{"note-old", OPT_EACH, o, add_note, 0},
		{NULL, 0, NULL, NULL, 0},
	};
	if (!allow_set)
		opts[2].name = NULL;
	if (cli_parse_args(argc, argv, opts, &o->db, 1, NULL))
		return 2;
	return 0;
}

int cmd_versions(int argc, char **argv)
{
	struct vopts o = {.fmt = OUT_TEXT};
	int rc = parse_vopts(argc, argv, &o, false);
	vopts_free(&o);
	if (rc)
		return rc;
	if (!o.db || !o.code)
		return cli_usage(_("usage: gopy versions DB --doc CODE [--format text|tsv|json]"));
	struct store *st = cli_open(o.db, STORE_READONLY);
	if (!st)
		return 1;
	struct document d;
	if ((rc = open_doc(st, o.code, &d)) != 0) {
		store_close(st);
		return rc;
	}
	struct versions_ctx x = {.fmt = o.fmt};
	if (o.fmt == OUT_TSV)
		fputs("version\tlabel\tcreated_at\tsections\tcomments\tchanged\n", stdout);
	else if (o.fmt == OUT_JSON)
		fputc('[', stdout);
	else
	{
		/* headings padded by display width (translations have marks) */
		put_fit(stdout, _("VERSION"), 7);
		fputs("  ", stdout);
		put_fit(stdout, _("DATE"), 20);
		const char *num[] = {_("SECTIONS"), _("COMMENTS"), _("CHANGED")};
		for (int k = 0; k < 3; k++) {
			fputc(' ', stdout);
			put_fit(stdout, num[k], k < 2 ? 8 : 9);
		}
		fputc(' ', stdout);
		put_clean(stdout, _("LABEL"));
		fputc('\n', stdout);
	}
	rc = store_version_each(st, d.id, version_row, &x);
	if (o.fmt == OUT_JSON)
		fputs(x.n ? "\n]\n" : "]\n", stdout);
	document_clear(&d);
	store_close(st);
	if (fflush(stdout) != 0)
		return cli_fail(_("cannot write the output"));
	return rc == 0 ? 0 : cli_fail_err();
}

/* ---- align --------------------------------------------------------------------------- */

static int align_row(void *ctx, const struct align_row *r)
{
	struct versions_ctx *x = ctx;
	if (x->fmt == OUT_TSV) {
		put_tsv(stdout, align_kind_name(r->kind), false);
		put_tsv(stdout, r->old_label, false);
		put_tsv(stdout, r->new_label, false);
		put_tsv(stdout, r->by_hand ? "hand" : "auto", true);
	} else if (x->fmt == OUT_JSON) {
		printf("%s{\"kind\": \"%s\", \"old\": ", x->n++ ? ",\n  " : "\n  ", align_kind_name(r->kind));
		json_fputs(stdout, r->old_label);
		fputs(", \"new\": ", stdout);
		json_fputs(stdout, r->new_label);
		printf(", \"by_hand\": %s}", r->by_hand ? "true" : "false");
	} else {
		put_fit(stdout, kind_label(r->kind), 12);
		fputs("  ", stdout);
		put_fit(stdout, r->old_id ? r->old_label : "-", 28);
		fputs(" → ", stdout);
		put_clean(stdout, r->new_id ? r->new_label : "-");
		if (r->by_hand)
			fputs(_("  (by hand)"), stdout);
		fputc('\n', stdout);
	}
	return 0;
}

/* A copy of s without the spaces around it. */
static char *trimmed(const char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	size_t n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	return xstrndup(s, n);
}

/* One --set "OLD=NEW": 0 done, else the exit status after saying why. */
static int align_set(struct store *st, const struct document *d, int version, const char *spec)
{
	const char *eq = strchr(spec, '=');
	char *old = xstrndup(spec, (size_t)(eq - spec)), *nw = xstrdup(eq + 1);
	char *o = trimmed(old), *n = trimmed(nw);
	int r = store_align_set(st, d->id, version, o, n);
	int rc = 0;
	if (r == 1)
		rc = cli_fail(_("no section '%s' in version %d or '%s' in version %d of %s"), o, version - 1, n, version,
		              d->code);
	else if (r < 0)
		rc = cli_fail_err();
	free(old);
	free(nw);
	free(o);
	free(n);
	return rc;
}

/* One --note "LABEL=TEXT" (--note-old: `old`): the section LABEL of `version` (of the version
 * before) gets the drafting team's note on its change. 0 done, else the exit status. */
static int align_note(struct store *st, const struct document *d, int version, const char *spec, bool old)
{
	const char *eq = strchr(spec, '=');
	char *raw = xstrndup(spec, (size_t)(eq - spec)), *label = trimmed(raw), *note = trimmed(eq + 1);
	struct section sec = {0};
	int rc = 0;
	store_set_version(st, old ? version - 1 : version);
	int f = store_section_find(st, d->id, label, &sec);
	if (f == 1)
		rc = cli_fail(_("no section '%s' in version %d of %s"), label, old ? version - 1 : version, d->code);
	else if (f < 0 || store_align_note_set(st, d->id, version, sec.id, note) != 0)
		rc = cli_fail_err();
	if (f == 0)
		section_clear(&sec);
	free(raw);
	free(label);
	free(note);
	return rc;
}

int cmd_align(int argc, char **argv)
{
	struct vopts o = {.fmt = OUT_TEXT};
	int rc = parse_vopts(argc, argv, &o, true);
	if (rc == 0 && (!o.db || !o.code))
		rc = cli_usage(_("usage: gopy align DB --doc CODE [--version N] [--set OLD=NEW]... [--note LABEL=TEXT]... "
		                 "[--note-old LABEL=TEXT]... [--format text|tsv|json]"));
	if (rc) {
		vopts_free(&o);
		return rc;
	}
	struct store *st = cli_open(o.db, o.n_sets || o.n_notes ? 0 : STORE_READONLY);
	if (!st) {
		vopts_free(&o);
		return 1;
	}
	struct document d;
	if ((rc = open_doc(st, o.code, &d)) != 0) {
		store_close(st);
		vopts_free(&o);
		return rc;
	}
	int version = o.version ? o.version : d.n_versions;
	if (version > d.n_versions)
		rc = cli_fail(_("document %s has no version %d (it has %d)"), d.code, version, d.n_versions);
	else if (version < 2)
		rc = cli_fail(_("version 1 of %s has no version before it to align with"), d.code);
	if (rc == 0 && (o.n_sets || o.n_notes)) {
		struct identity who;
		if (cli_identify(st, o.db, NULL, NEED_RECORDER, &who) != 0)
			rc = 1;
		else
			identity_clear(&who);
		if (rc == 0 && store_begin(st) != 0)
			rc = cli_fail_err();
		for (int k = 0; rc == 0 && k < o.n_sets; k++)
			rc = align_set(st, &d, version, o.sets[k]);
		for (int k = 0; rc == 0 && k < o.n_notes; k++)
			rc = align_note(st, &d, version, o.notes[k], o.old_note[k]);
		store_set_version(st, 0);
		if (rc == 0 && store_commit(st) != 0)
			rc = cli_fail_err();
		else if (rc != 0)
			store_rollback(st);
	}
	if (rc == 0) {
		struct versions_ctx x = {.fmt = o.fmt};
		if (o.fmt == OUT_TSV)
			fputs("kind\told\tnew\tset_by\n", stdout);
		else if (o.fmt == OUT_JSON)
			fputc('[', stdout);
		if (store_align_each(st, d.id, version, align_row, &x) != 0)
			rc = cli_fail_err();
		if (o.fmt == OUT_JSON)
			fputs(x.n ? "\n]\n" : "]\n", stdout);
	}
	document_clear(&d);
	store_close(st);
	vopts_free(&o);
	if (rc == 0 && fflush(stdout) != 0)
		return cli_fail(_("cannot write the output"));
	return rc;
}
