/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cli_args.c — one reader of a command's arguments: long options from a table (each naming
 * where its value goes) and operands in order, so that every command refuses an unknown option,
 * a missing value or a bad format in the same words. */
#include <stdbool.h>
#include <string.h>

#include "cli_int.h"
#include "gopy/cli.h"
#include "gopy/i18n.h"

/* The entry of opts that arg ("--name" or "--name=value") names, or NULL; *value is what
 * follows "=", or NULL. */
static const struct cli_opt *find_opt(const struct cli_opt *opts, const char *arg, const char **value)
{
	*value = NULL;
	if (arg[0] == '-' && arg[1] && arg[1] != '-' && arg[2] == '\0') {
		for (const struct cli_opt *o = opts; o->name; o++)
			if (o->letter == arg[1])
				return o;
		return NULL;
	}
	if (arg[0] != '-' || arg[1] != '-')
		return NULL;
	const char *name = arg + 2, *eq = strchr(name, '=');
	size_t len = eq ? (size_t)(eq - name) : strlen(name);
	for (const struct cli_opt *o = opts; o->name; o++)
		if (strlen(o->name) == len && memcmp(o->name, name, len) == 0) {
			if (eq)
				*value = eq + 1;
			return o;
		}
	return NULL;
}

static int take_value(const struct cli_opt *o, const char *value)
{
	switch (o->kind) {
	case OPT_FLAG:
		*(bool *)o->dest = true;
		return 0;
	case OPT_TEXT:
		*(const char **)o->dest = value;
		return 0;
	case OPT_FORMAT:
		return parse_format(value, o->dest);
	case OPT_VERSION:
		return cli_parse_version(value, o->dest);
	case OPT_EACH:
		return o->each(o->dest, o->name, value);
	}
	return 2;
}

int cli_parse_args(int argc, char **argv, const struct cli_opt *opts, const char **operands, int max, int *n)
{
	bool only_operands = false;
	int count = 0;
	if (n)
		*n = 0;
	for (int i = 1; i < argc; i++) {
		const char *arg = argv[i], *value;
		if (!only_operands && strcmp(arg, "--") == 0) {
			only_operands = true;
			continue;
		}
		if (only_operands || arg[0] != '-' || arg[1] == '\0') { /* "-" is an operand: standard input */
			if (count < max)
				operands[count] = arg;
			else if (!n)
				return cli_usage(_("too many arguments"));
			++count;
			continue;
		}
		const struct cli_opt *o = find_opt(opts, arg, &value);
		if (!o)
			return cli_usage(_("unknown option %s"), arg);
		if (o->kind == OPT_FLAG && value)
			return cli_usage(_("option --%s takes no value"), o->name); /* only "--name=…" has one here */
		if (o->kind != OPT_FLAG && !value) {
			if (i + 1 >= argc)
				return cli_usage(_("option %s needs a value"), arg);
			value = argv[++i];
		}
		int rc = take_value(o, value);
		if (rc)
			return rc;
	}
	if (n)
		*n = count;
	return 0;
}
