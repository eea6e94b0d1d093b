/* SPDX-License-Identifier: GPL-3.0-or-later */
/* identity.h — who writes: the system login, the delegate it maps to, and what --as may
 * change of that.
 *
 * On a shared review file the system login (the real user id, never $USER) decides who a
 * user is: the delegate whose `login` is that name. --as names someone else only for
 *   - a secretary (or the chair) recording for a speaker: the words are the speaker's, the
 *     comment says who entered it;
 *   - an editor acting as the drafting team: --as names a delegate whose role is editor;
 *   - a personal copy: a file the user owns alone (identity_personal_file).
 * In restricted mode --as is refused outright. Every refusal is one line (err_set). */
#ifndef GOPY_IDENTITY_H
#define GOPY_IDENTITY_H

#include <stdbool.h>
#include "gopy/store.h"

struct identity {
	char *login;            /* the system login (owned) */
	bool personal;          /* the file is the user's alone: --as may name anyone */
	bool owner;             /* the user owns the file (may add delegates and import) */
	struct delegate self;   /* who is at the keyboard: the login's delegate, or on a personal
	                           copy whoever --as names; id 0 when none (reading only) */
	struct delegate as;     /* whose words and decisions writes are: the author, the handler
	                           (self unless --as named someone); id 0 when none */
};

/* A file the user owns alone: its owner is the real user, others cannot write it, and if its
 * group can, that group has no member but the user (listed in the group database or having
 * it as primary group: a user private group). 0 yes, 1 no, -1 with err_set if it cannot be
 * examined. */
int identity_personal_file(const char *path);

/* Resolve who this process is on the open review st (path: its file), with `as` the code
 * given with --as (NULL if none). Also tells the store who acts, for the audit log. Fills
 * *out (release with identity_clear); -1 with err_set when --as is refused, *out then
 * holding nothing to release. */
int identity_resolve(struct store *st, const char *path, const char *as, struct identity *out);

/* Who entered a comment attributed to id->as: self when that is someone else, else 0. */
gid identity_typist(const struct identity *id);

enum identity_need {
	NEED_DELEGATE,          /* any delegate: comment, reply, edit one's own */
	NEED_HANDLER,           /* dispositions and responses: an editor or the chair */
	NEED_RECORDER,          /* import comments or drafts: owner, secretary, editor or chair */
	NEED_ADMIN,             /* add delegates: the file's owner, a secretary or the chair */
};
/* 0 when id may do what `need` names; -1 with err_set and the reason otherwise. */
int identity_require(const struct identity *id, enum identity_need need);

void identity_clear(struct identity *id);

#endif
