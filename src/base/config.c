/* SPDX-License-Identifier: GPL-3.0-or-later */
/* config.c — reading the configuration files and printing the effective settings (config.h). */
#include "gopy/config.h"

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "gopy/buf.h"
#include "gopy/dburl.h"
#include "gopy/i18n.h"

#ifndef GOPY_SYSCONFDIR
#define GOPY_SYSCONFDIR "/etc"
#endif

typedef const char *(*check_fn)(const char *value); /* NULL if good, else an N_() message */

static const char *check_language(const char *v)
{
	if (strcmp(v, "auto") == 0 || strcmp(v, "en") == 0 || strcmp(v, "vi") == 0)
		return NULL;
	return N_("language must be auto, en or vi, not '%s'");
}

static const char *check_color(const char *v)
{
	if (strcmp(v, "auto") == 0 || strcmp(v, "always") == 0 || strcmp(v, "never") == 0)
		return NULL;
	return N_("color must be auto, always or never, not '%s'");
}

static const char *check_word(const char *v)
{
	if (!*v)
		return N_("identity needs a value (a delegate code)");
	return strpbrk(v, " \t") ? N_("'%s' must be one word (a delegate code)") : NULL;
}

static const char *check_path(const char *v)
{
	return *v ? NULL : N_("the option needs a value (a path)");
}

static const char *check_yes_no(const char *v)
{
	return strcmp(v, "yes") == 0 || strcmp(v, "no") == 0 ? NULL : N_("restricted must be yes or no, not '%s'");
}

static const char *check_any(const char *v)
{
	(void)v;
	return NULL;
}

/* The options: one entry each, in enum config_option order. */
static const struct {
	const char *name;
	check_fn check;
	const char *fallback;   /* N_() text of the print-config comment when unset */
	const char *env;        /* an environment variable that wins over the files, or NULL */
	bool system_only;       /* a user's file may not set it (the restricted mode: restrict.h) */
} options[CFG_COUNT] = {
	[CFG_LANGUAGE] = { "language", check_language, N_("default: from the locale"), NULL, false },
	[CFG_DATABASE] = { "database", check_path, N_("default: ./gopy.db"), "GOPY_DB", false },
	[CFG_IDENTITY] = { "identity", check_word, N_("default: the delegate whose login is yours"), NULL, false },
	[CFG_COLOR] = { "color", check_color, N_("default: auto (none when NO_COLOR is set)"), NULL, false },
	[CFG_ISSUER] = { "issuer", check_any, N_("default: the document's issuer"), NULL, false },
	[CFG_PLACE] = { "place", check_any, N_("default: the document's place"), NULL, false },
	[CFG_RESTRICTED] = { "restricted", check_yes_no, N_("default: no (GOPY_RESTRICTED also switches it on)"), NULL,
	                     true },
	[CFG_EXPORT_DIR] = { "export_dir", check_path, N_("default: none (no exports in restricted mode)"),
	                     "GOPY_EXPORT_DIR", true },
};

struct problem {
	char *where;            /* "FILE:LINE" or "FILE" */
	const char *msg;        /* N_() text; a format with one %s when arg is not NULL */
	char *arg;              /* NULL or owned */
};

static struct {
	char *value[CFG_COUNT], *origin[CFG_COUNT];
	struct config_bind *binds;
	size_t n_binds;
	struct problem *problems;
	size_t n_problems;
	char *path[2];
	config_bind_check bind_check;
} cfg;

void config_set_bind_check(config_bind_check check) { cfg.bind_check = check; }

static void problem(const char *file, long line, const char *msg, const char *arg)
{
	struct buf w = { 0 };
	if (line > 0)
		buf_printf(&w, "%s:%ld", file, line);
	else
		buf_puts(&w, file);
	cfg.problems = xrealloc(cfg.problems, (cfg.n_problems + 1) * sizeof *cfg.problems);
	cfg.problems[cfg.n_problems++] = (struct problem){ buf_take(&w), msg, arg ? xstrdup(arg) : NULL };
}

static bool valid_utf8(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	while (*p) {
		int n = *p < 0x80 ? 0 : (*p & 0xE0) == 0xC0 && *p >= 0xC2 ? 1 : (*p & 0xF0) == 0xE0 ? 2
		      : (*p & 0xF8) == 0xF0 && *p <= 0xF4 ? 3 : -1;
		if (n < 0)
			return false;
		p++;
		for (int i = 0; i < n; i++, p++)
			if ((*p & 0xC0) != 0x80)
				return false;
	}
	return true;
}

static char *trim(char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	size_t n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' || s[n - 1] == '\n'))
		s[--n] = '\0';
	if (n >= 2 && s[0] == '"' && s[n - 1] == '"') {
		s[n - 1] = '\0';
		s++;
	}
	return s;
}

static void bind_line(const char *file, long lineno, char *rest)
{
	char *words[3];
	int n = 0;
	for (char *save = NULL, *w = strtok_r(rest, " \t", &save); w; w = strtok_r(NULL, " \t", &save)) {
		if (n == 3) {
			n = 4;
			break;
		}
		words[n++] = w;
	}
	if (n != 3) {
		problem(file, lineno, N_("bind needs a mode, a key and an action (bind MODE KEY ACTION)"), NULL);
		return;
	}
	const char *arg = NULL, *bad = cfg.bind_check ? cfg.bind_check(words[0], words[1], words[2], &arg) : NULL;
	if (bad) {
		problem(file, lineno, bad, arg);
		return;
	}
	struct buf w = { 0 };
	buf_printf(&w, "%s:%ld", file, lineno);
	cfg.binds = xrealloc(cfg.binds, (cfg.n_binds + 1) * sizeof *cfg.binds);
	cfg.binds[cfg.n_binds++] = (struct config_bind){ xstrdup(words[0]), xstrdup(words[1]), xstrdup(words[2]),
	                                                 buf_take(&w) };
}

static void set_line(const char *file, long lineno, char *line)
{
	if (!valid_utf8(line)) {
		problem(file, lineno, N_("the line is not valid UTF-8"), NULL);
		return;
	}
	for (const char *p = line; *p; p++)
		if ((unsigned char)*p < 0x20 && *p != '\t' && *p != '\r' && *p != '\n') {
			problem(file, lineno, N_("the line has a control character"), NULL);
			return;
		}
	char *s = trim(line);
	if (!*s || *s == '#')
		return;
	size_t nlen = strcspn(s, " \t");
	char *value = s[nlen] ? s + nlen + 1 : s + nlen;
	s[nlen] = '\0';
	value += strspn(value, " \t");
	size_t vlen = strlen(value);
	if (value[0] == '"' && (vlen < 2 || value[vlen - 1] != '"')) {
		problem(file, lineno, N_("%s: the closing double quote is missing"), s);
		return;
	}
	value = trim(value);
	if (strcmp(s, "bind") == 0) {
		bind_line(file, lineno, value);
		return;
	}
	for (int o = 0; o < CFG_COUNT; o++) {
		if (strcmp(s, options[o].name) != 0)
			continue;
		if (options[o].system_only && strcmp(file, cfg.path[0]) != 0) {
			problem(file, lineno, N_("%s can be set only in the system file"), s);
			return;
		}
		const char *bad = options[o].check(value);
		if (bad) {
			problem(file, lineno, bad, strchr(bad, '%') ? value : NULL);
			return;
		}
		struct buf w = { 0 };
		buf_printf(&w, "%s:%ld", file, lineno);
		free(cfg.value[o]);
		free(cfg.origin[o]);
		cfg.value[o] = xstrdup(value);
		cfg.origin[o] = buf_take(&w);
		if (o == CFG_DATABASE) /* a server URL's password is kept, never shown (dburl.h) */
			dburl_take(cfg.value[o]);
		return;
	}
	problem(file, lineno, N_("unknown option '%s'"), s);
}

static void read_file(const char *path, bool must_exist)
{
	FILE *f = fopen(path, "r");
	if (!f) {
		if (errno != ENOENT || must_exist)
			problem(path, 0, N_("cannot read: %s"), strerror(errno));
		return;
	}
	char *line = NULL;
	size_t cap = 0;
	long lineno = 0;
	while (getline(&line, &cap, f) != -1) {
		lineno++;
		set_line(path, lineno, line);
	}
	if (ferror(f))
		problem(path, 0, N_("cannot read: %s"), strerror(errno));
	free(line);
	fclose(f);
}

void config_load(void)
{
	struct buf p = { 0 };
	buf_printf(&p, "%s/gopy/config", GOPY_SYSCONFDIR);
	cfg.path[0] = buf_take(&p);
	const char *xdg = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");
	if (xdg && xdg[0] == '/')
		buf_printf(&p, "%s/gopy/config", xdg);
	else if (home && home[0])
		buf_printf(&p, "%s/.config/gopy/config", home);
	cfg.path[1] = p.len ? buf_take(&p) : NULL;
	read_file(cfg.path[0], false);
	if (cfg.path[1])
		read_file(cfg.path[1], false);
}

char *config_problem_text(int i)
{
	const struct problem *p = &cfg.problems[i];
	struct buf m = { 0 };
	buf_printf(&m, "%s: ", p->where);
	if (p->arg)
		buf_printf(&m, _(p->msg), p->arg);
	else
		buf_puts(&m, _(p->msg));
	return buf_take(&m);
}

void config_report(FILE *f)
{
	for (int i = 0; i < (int)cfg.n_problems; i++) {
		char *m = config_problem_text(i);
		fprintf(f, "%s\n", m);
		free(m);
	}
}

int config_problems(void) { return (int)cfg.n_problems; }

const char *config_get(enum config_option o) { return (unsigned)o < CFG_COUNT ? cfg.value[o] : NULL; }
const char *config_origin(enum config_option o) { return (unsigned)o < CFG_COUNT ? cfg.origin[o] : NULL; }
const char *config_path(int i) { return i == 0 || i == 1 ? cfg.path[i] : NULL; }

const struct config_bind *config_binds(size_t *n)
{
	*n = cfg.n_binds;
	return cfg.binds;
}

int config_color_wanted(void)
{
	const char *c = cfg.value[CFG_COLOR];
	if (c && strcmp(c, "always") == 0)
		return 1;
	if (c && strcmp(c, "never") == 0)
		return 0;
	const char *nc = getenv("NO_COLOR");
	return !(nc && nc[0]);
}

/* Each setting on its own line, in the file's syntax, under a comment saying where it came
 * from; unset ones commented out with their default. */
void config_print(FILE *f)
{
	fputs("# ", f);
	fprintf(f, _("gopy %s: the settings in effect; files read in this order:"), GOPY_VERSION);
	fprintf(f, "\n#   %s\n#   %s\n", cfg.path[0], cfg.path[1] ? cfg.path[1] : "-");
	for (int o = 0; o < CFG_COUNT; o++) {
		const char *env = options[o].env ? getenv(options[o].env) : NULL;
		if (o == CFG_DATABASE && dburl_password(env && env[0] ? env : cfg.value[o]))
			fprintf(f, "# %s\n", _("the password given in this URL is in use but never shown"));
		fputs("# ", f);
		if (env && env[0]) {
			fprintf(f, _("from the environment (%s)"), options[o].env);
			fprintf(f, "\n%s %s\n", options[o].name, env);
		} else if (cfg.value[o]) {
			fprintf(f, "%s\n%s %s\n", cfg.origin[o], options[o].name, cfg.value[o]);
		} else {
			fprintf(f, "%s\n#%s\n", _(options[o].fallback), options[o].name);
		}

	}
	for (size_t i = 0; i < cfg.n_binds; i++)
		fprintf(f, "# %s\nbind %s %s %s\n", cfg.binds[i].where, cfg.binds[i].mode, cfg.binds[i].key,
		        cfg.binds[i].action);
}
