/* json.h — JSON string output (RFC 8259): quotes, backslash, control characters and
 * U+2028/U+2029 escaped; invalid UTF-8 replaced by U+FFFD so the output is always valid. */
#ifndef GOPY_JSON_H
#define GOPY_JSON_H

#include <stdio.h>
#include "gopy/buf.h"

/* Append s as a quoted JSON string (NULL → null). */
void json_string(struct buf *b, const char *s);
/* Write s as a quoted JSON string to f (NULL → null). */
void json_fputs(FILE *f, const char *s);

#endif
