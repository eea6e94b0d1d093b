/* SPDX-License-Identifier: GPL-3.0-or-later */
/* dburl.h — database arguments that name a PostgreSQL server, and keeping their passwords
 * out of sight.
 *
 * A server is named by a libpq URL, postgresql://[user[:password]@][host][:port][/db][?k=v&…]
 * (or postgres://…). A password written into it would show in `ps`, in messages and in
 * --print-config; so gopy takes it out of the text as the program starts (dburl_take) and
 * keeps it in memory only, for the engine to hand to libpq (dburl_password). Everything else
 * in gopy only ever sees the URL without its password. Better still, no password in the URL
 * at all: libpq reads it from PGPASSFILE (~/.pgpass) or a PGSERVICE entry. */
#ifndef GOPY_DBURL_H
#define GOPY_DBURL_H

#include <stdbool.h>

/* The argument names a server: it starts with "postgresql://" or "postgres://". */
bool dburl_is_server(const char *db);

/* Take the password out of a server URL, in place: "user:PASSWORD@" becomes "user@" (and
 * ":PASSWORD@" nothing) and a "password=…" parameter is removed; the text shrinks and the
 * bytes freed at its end are zeroed, so the memory the password was in (an argv string, as
 * `ps` shows it) no longer holds it. The password, percent-decoded, is kept for
 * dburl_password(url). Returns true when a password was taken; anything else (not a server
 * URL, no password) is left as it is. */
bool dburl_take(char *url);

/* dburl_take on every argument that is a server URL (argv[1..argc-1]) and on the value of
 * the environment variable `env` (NULL: none) in place. Call first thing in main. */
void dburl_take_all(int argc, char **argv, const char *env);

/* The password taken from the URL that now reads `url` (exactly), NULL when none was. The
 * string is owned here and lives until the program ends. */
const char *dburl_password(const char *url);

/* A copy of `url` that shows no password (it replaced by "***"), for text that did not go
 * through dburl_take; any other text copied as it is. Owned by the caller. */
char *dburl_redact(const char *url);

#endif
