/* SPDX-License-Identifier: GPL-3.0-or-later */
/* json.h — JSON string output (RFC 8259): quotes, backslash, control characters and
 * U+2028/U+2029 escaped; invalid UTF-8 replaced by U+FFFD so the output is always valid. */
#ifndef GOPY_JSON_H
#define GOPY_JSON_H

#include <stdio.h>
#include "gopy/buf.h"

/* Append s as a quoted JSON string (NULL → null). Escapes: \" \\ \b \f \n \r \t, other C0
 * controls, DEL, C1 controls (U+0080..U+009F), U+2028 and U+2029 as \u00XX / \uXXXX
 * (lower-case hex); each byte of an invalid UTF-8 sequence becomes U+FFFD (as UTF-8 bytes);
 * every other character is copied unchanged, so the output is valid JSON and UTF-8 and
 * carries no terminal control bytes. */
void json_string(struct buf *b, const char *s);
/* Write s as a quoted JSON string to f (NULL → null). Write errors show in ferror(f). */
void json_fputs(FILE *f, const char *s);

#endif
