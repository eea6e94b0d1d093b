/* SPDX-License-Identifier: GPL-3.0-or-later */
/* restrict.h — the restricted mode, for delegates whose login runs only gopy (an SSH
 * ForceCommand), like less's LESSSECURE: no external editor ($VISUAL/$EDITOR can start a
 * shell), no --as, no command that reads or creates files by name but exports, and exports
 * only into one configured folder, by plain file name.
 *
 * Switched on by the environment variable GOPY_RESTRICTED (any value but "" and "0"), which
 * a ForceCommand sets and the user cannot unset, or by `restricted yes` in the system
 * configuration file (a user's own file may not set it, and GOPY_RESTRICTED=0 does not switch
 * it off); the folder is GOPY_EXPORT_DIR, else `export_dir` of the system file (no folder:
 * no exports). */
#ifndef GOPY_RESTRICT_H
#define GOPY_RESTRICT_H

#include <stdbool.h>

/* True when the restricted mode is on. */
bool restricted_mode(void);

/* The export folder of the restricted mode (resolved, no symbolic link in it), or NULL with
 * err_set when none is configured or it is not a folder. The string is static. */
const char *restricted_export_dir(void);

/* In restricted mode, the full path for an export named `name`: a plain file name (no '/',
 * not "." or "..", no control character) inside the export folder, which is not there yet
 * or is a regular file (never a symbolic link or a device). Returns a malloc'd path, or NULL
 * with err_set and a one-line reason. */
char *restricted_export_path(const char *name);

#endif
