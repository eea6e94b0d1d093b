/* SPDX-License-Identifier: GPL-3.0-or-later */
/* identity.c — the system login, its delegate, and the rules for --as (see identity.h). */
#include "gopy/identity.h"

#include <grp.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "gopy/err.h"
#include "gopy/i18n.h"
#include "gopy/restrict.h"

/* No account but `me` (uid) belongs to group gid. */
static bool group_is_mine_alone(gid_t gid, uid_t me)
{
	struct passwd *mine = getpwuid(me);
	struct group *g = getgrgid(gid);
	if (!g)
		return false; /* an unknown group: nothing tells who is in it */
	for (char **m = g->gr_mem; m && *m; m++)
		if (!mine || strcmp(*m, mine->pw_name) != 0)
			return false;
	bool alone = true;
	setpwent();
	struct passwd *pw;
	while (alone && (pw = getpwent()) != NULL)
		if (pw->pw_gid == gid && pw->pw_uid != me)
			alone = false;
	endpwent();
	return alone;
}

int identity_personal_file(const char *path)
{
	struct stat sb;
	if (stat(path, &sb) != 0)
		return err_set(_("%s: cannot examine the file"), path);
	if (sb.st_uid != getuid() || (sb.st_mode & S_IWOTH))
		return 1;
	if ((sb.st_mode & S_IWGRP) && !group_is_mine_alone(sb.st_gid, getuid()))
		return 1;
	return 0;
}

static bool role_is(const struct delegate *d, const char *role)
{
	return d->role && strcmp(d->role, role) == 0;
}

static int copy_delegate(struct store *st, gid id, struct delegate *out)
{
	return store_delegate_get_id(st, id, out) == 0 ? 0 : -1;
}

static int resolve(struct store *st, const char *path, const char *as, struct identity *out)
{
	out->login = xstrdup(store_os_user(st));
	if (store_on_server(st)) {
		if (store_server_access(st, &out->owner, &out->personal) != 0)
			return -1;
	} else {
		struct stat sb;
		out->owner = stat(path, &sb) == 0 && sb.st_uid == getuid();
		int p = identity_personal_file(path);
		if (p < 0)
			return -1;
		out->personal = p == 0;
	}
	if (as && restricted_mode())
		return err_set(_("--as is not allowed in restricted mode: you write as your login's delegate"));
	int r = store_delegate_get(st, out->login, true, &out->self);
	if (r < 0)
		return -1;
	if (as) {
		struct delegate x = {0};
		r = store_delegate_get(st, as, false, &x);
		if (r == 1)
			return err_set(_("no delegate with code %s (see 'gopy delegate %s list')"), as, path);
		if (r < 0)
			return -1;
		if (out->personal) {
			/* a personal copy: whoever the user says */
			delegate_clear(&out->self);
			out->self = x;
		} else if (!out->self.id) {
			delegate_clear(&x);
			return err_set(_("--as %s refused: %s is a shared file and your login '%s' is not a delegate of it "
			                 "(ask the secretariat to add it with --login %s)"),
			               as, path, out->login, out->login);
		} else if (x.id != out->self.id && !delegate_can_record_for_others(&out->self) &&
		           !(role_is(&out->self, "editor") && role_is(&x, "editor"))) {
			int rc = err_set(_("--as %s refused: you are %s (login '%s', role %s); only a secretary records for "
			                   "others and an editor acts as the drafting team"),
			                 as, out->self.code, out->login, out->self.role);
			delegate_clear(&x);
			return rc;
		}
		if (x.id == out->self.id) { /* (on a personal copy self is x, moved) */
			if (!out->personal)
				delegate_clear(&x);
			if (copy_delegate(st, out->self.id, &out->as) != 0)
				return -1;
		} else {
			out->as = x; /* a speaker, or the drafting team */
		}
	} else if (out->self.id && copy_delegate(st, out->self.id, &out->as) != 0) {
		return -1;
	}
	store_set_actor(st, out->self.id);
	return 0;
}

int identity_resolve(struct store *st, const char *path, const char *as, struct identity *out)
{
	memset(out, 0, sizeof *out);
	if (resolve(st, path, as, out) == 0)
		return 0;
	identity_clear(out); /* nothing for the caller to release */
	return -1;
}

gid identity_typist(const struct identity *id)
{
	return id->self.id && id->as.id && id->self.id != id->as.id ? id->self.id : 0;
}

int identity_require(const struct identity *id, enum identity_need need)
{
	const struct delegate *me = &id->self;
	if (need == NEED_ADMIN && (id->owner || delegate_can_record_for_others(me)))
		return 0;
	if (need == NEED_RECORDER && (id->owner || delegate_can_record_for_others(me) || role_is(me, "editor")))
		return 0;
	if (!me->id)
		return err_set(_("your login '%s' is not a delegate of this review: you can read, not write (ask the "
		                 "secretariat to add it with --login %s)"),
		               id->login, id->login);
	switch (need) {
	case NEED_DELEGATE:
		return 0;
	case NEED_HANDLER:
		if (delegate_can_handle(&id->as))
			return 0;
		return err_set(_("%s is not an editor or the chair: only the drafting team sets dispositions and responses"),
		               id->as.code);
	case NEED_RECORDER:
		return err_set(_("%s (role %s) cannot import: that is for the file's owner, a secretary, an editor or the "
		                 "chair"),
		               me->code, me->role);
	case NEED_ADMIN:
		return err_set(_("%s (role %s) cannot add delegates: that is for the file's owner, a "
		                 "secretary or the chair"),
		               me->code, me->role);
	}
	return 0;
}

void identity_clear(struct identity *id)
{
	free(id->login);
	delegate_clear(&id->self);
	delegate_clear(&id->as);
	memset(id, 0, sizeof *id);
}
