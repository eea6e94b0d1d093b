/* SPDX-License-Identifier: GPL-3.0-or-later */
/* diff.h — word-level differences between two texts (an old and a new version of a section),
 * Vietnamese-aware: src/text/text_diff.c. Pure computation (no store, no terminal).
 *
 * Both texts are first put in storage form (text_normalize: NFC, Vietnamese mark order, LF
 * line ends), then split into tokens: a syllable (a run of letters, digits and their marks), a
 * run of white space, or one punctuation character (with any marks on it). Tokens compare by
 * their bytes, so a syllable that differs only in a diacritic ("đổi" → "đối") or in case is a
 * changed token. The result is a sequence of runs, each equal, deleted or inserted, that
 * together cover both texts in order:
 *
 *     struct diff *d = text_diff(old, strlen(old), new_, strlen(new_));
 *     for (size_t i = 0; i < d->n_runs; i++) {
 *         const struct diff_run *r = &d->runs[i];
 *         // r->op, d->old + r->old_off (r->old_len bytes), d->new_ + r->new_off (r->new_len)
 *     }
 *     diff_free(d);
 *
 * The diff is minimal in tokens (Myers) when the texts are of ordinary size. On huge or very
 * different inputs the time and memory are bounded: the changed middle is compared line by
 * line (a line also ends after . ; : ! ?) and word by word only inside changed lines; what is
 * still too large is shown as deleted then inserted whole, and `coarse` is set. Cleanup for
 * reading: white space alone between two changes joins them (one change "[-a b-]{+c d+}",
 * not four), and in each change the deletion comes before the insertion. */
#ifndef GOPY_DIFF_H
#define GOPY_DIFF_H

#include <stdbool.h>
#include <stddef.h>

struct buf;

enum diff_op {
	DIFF_EQUAL = 0,   /* the same bytes in both texts */
	DIFF_DELETE,      /* only in the old text (new_len is 0; new_off is where it was) */
	DIFF_INSERT,      /* only in the new text (old_len is 0; old_off is where it goes) */
};

/* One run: byte ranges of diff.old and diff.new_ (both within range, on token boundaries,
 * which are always UTF-8 character boundaries). An equal run has old_len == new_len and the
 * same bytes on both sides. Consecutive runs never have the same op. */
struct diff_run {
	enum diff_op op;
	size_t old_off, old_len;   /* in diff.old */
	size_t new_off, new_len;   /* in diff.new_ */
};

struct diff {
	char *old, *new_;          /* the two texts in storage form (owned, NUL-terminated) */
	size_t old_len, new_len;   /* their lengths in bytes */
	struct diff_run *runs;     /* in text order (owned); NULL when both texts are empty */
	size_t n_runs;
	size_t n_changes;          /* changes: maximal groups of consecutive non-equal runs */
	bool coarse;               /* a part too large to compare word by word was taken whole */
};

/* Compare old[0..old_len) with new_[0..new_len) (UTF-8, may be invalid: invalid bytes become
 * U+FFFD; either may be empty). Never fails (allocation failure aborts, see buf.h). Time about
 * (tokens × differences), bounded; memory a few MB at most. Free with diff_free(). */
struct diff *text_diff(const char *old, size_t old_len, const char *new_, size_t new_len);

/* Free d and everything it owns; NULL is allowed. */
void diff_free(struct diff *d);

/* True when the texts are identical in storage form (no change). */
static inline bool diff_is_equal(const struct diff *d)
{
	return d->n_changes == 0;
}

/* Append the word diff in git's plain notation to out: equal text as it is, deleted text as
 * "[-…-]", inserted text as "{+…+}" (the notation for a terminal or file without colour).
 * The text is not sanitised: sanitise it for display. */
void diff_markup(const struct diff *d, struct buf *out);

#endif
