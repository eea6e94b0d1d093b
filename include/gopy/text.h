/* SPDX-License-Identifier: GPL-3.0-or-later */
/* text.h — Vietnamese-aware UTF-8 text: validation, storage normalisation, display
 * sanitising, display width, fitting and wrapping, search folding and the sort key.
 *
 * Depends on utf8proc and libc only (no curses, no SQLite). All functions take UTF-8 that
 * may be invalid or hostile and never read past `len`. Returned strings are malloc'd,
 * NUL-terminated and owned by the caller; allocation failure aborts (see buf.h).
 * See ../shared/TEXT.md for the facts these functions implement. */
#ifndef GOPY_TEXT_H
#define GOPY_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct buf;

/* True when s[0..len) is valid UTF-8 (no overlongs, surrogates or code points > U+10FFFF).
 * When it is not and bad_offset is non-NULL, *bad_offset is the byte offset of the first
 * invalid sequence. */
bool text_valid_utf8(const char *s, size_t len, size_t *bad_offset);

/* Storage form: invalid bytes → U+FFFD, each run of Vietnamese combining marks reordered so
 * the shape mark (U+0306, U+0302, U+031B) precedes the tone mark (U+0300 U+0301 U+0303 U+0309
 * U+0323), then NFC. Line breaks are kept; CRLF and lone CR become LF; NUL becomes U+FFFD.
 * Other characters are kept as they are (sanitising happens at display time). */
char *text_normalize(const char *s, size_t len);

/* Display form of one line of text (for curses or a text report): the storage form plus
 * invalid bytes → U+FFFD; C0, C1 and DEL controls → visible control pictures (U+2400 block,
 * U+FFFD for C1); TAB, CR, LF, CR LF, U+2028, U+2029 → one space; default-ignorable and bidi
 * control characters dropped (so ZWJ and VS16 too: an emoji sequence becomes its plain
 * emoji); a skin-tone modifier right after an emoji dropped; zero-width characters (marks)
 * with no base dropped and at most 4 kept per base; code points that glibc's wcwidth() calls
 * unprintable (unassigned, or newer than glibc's Unicode 14 tables) → U+FFFD; NFC.
 * The result is valid UTF-8 without C0/C1/DEL, sanitising it again changes nothing, and
 * text_width() equals the sum of wcwidth() (the column ncurses advances), in any locale. */
char *text_sanitize(const char *s, size_t len);

/* Same, but keeps line breaks as LF (CR LF, lone CR, U+2028 and U+2029 become LF), for
 * multi-line text in reports and wrapped views; marks at the start of a line are dropped. */
char *text_sanitize_lines(const char *s, size_t len);

/* Display width in terminal columns of sanitised text: the sum over grapheme clusters of
 * the cluster's width, which is the sum of glibc wcwidth() over its code points (the base;
 * marks are 0) computed without the locale. In unsanitised text a control counts 1 (as its
 * replacement) and an emoji cluster with VS16 or ZWJ counts 2. Never negative. */
int text_width(const char *s, size_t len);

/* Fit sanitised text into exactly `width` columns: whole grapheme clusters only; if it does
 * not fit, the last column holds "…"; padded with spaces to `width` (also where a wide
 * character did not fit). width <= 0 gives "". */
char *text_fit(const char *s, size_t len, int width);

/* Like text_fit but never pads; returns the number of bytes of s that fit in `width` columns
 * without an ellipsis (whole clusters), and the width used in *used (may be NULL). */
size_t text_prefix_fitting(const char *s, size_t len, int width, int *used);

/* Word wrap: the length in bytes of the next line of s[0..len) that fits in `width` columns,
 * breaking at the last space that fits (the spaces are not part of the line), else between
 * grapheme clusters (a cluster wider than the line is taken whole so progress is always
 * made). An LF (or CR LF) ends a line early. *next is set to the offset where the following
 * line starts (spaces at the break and the LF are skipped); *next > 0 whenever len > 0.
 * A line may be empty (an LF right away): loop `while (off < len)`, not on the result.
 * Returns 0 and *next = 0 when len is 0. Width < 1 counts as 1. Typical loop:
 *     for (size_t off = 0, nx; off < len; off += nx) {
 *         size_t n = text_wrap_line(s + off, len - off, w, &nx);  draw s[off..off+n) } */
size_t text_wrap_line(const char *s, size_t len, int width, size_t *next);

/* Search key: NFD, marks stripped, case folded, đ/Đ/ð/Ð → d, runs of non-alphanumeric
 * characters → one space, trimmed. "Đề án chuyển đổi số" → "de an chuyen doi so". */
char *text_fold(const char *s, size_t len);

/* Same, appended to `out` (not reset first), so a caller folding many strings reuses one
 * buffer (no allocation once it is large enough). */
void text_fold_into(struct buf *out, const char *s, size_t len);

/* Case-folded NFC with marks kept (for a query typed with diacritics: exact-mark matching). */
char *text_casefold(const char *s, size_t len);

/* True when the query contains any letter with a diacritic (or đ/Đ): the search then may
 * match marks exactly. */
bool text_has_diacritics(const char *s, size_t len);

/* Find `needle_folded` (already text_fold()ed, non-empty) in the original text s[0..len)
 * by folded comparison, starting at byte offset `from`. On a match returns true and sets
 * [*start, *end) to the byte range of the ORIGINAL text that matches, covering whole
 * characters (an NFD letter with its marks is inside the range; a letter that folds to
 * several, like ß → ss, is covered whole). Punctuation between words of the text matches
 * the single space of the needle. When `exact_marks` is set and `needle_casefold` (the query
 * as typed, or its text_casefold()) is non-empty, the match must also agree in diacritics,
 * compared after casefold+NFC with each syllable's tone taken wherever it is placed ("Hòa"
 * and "Hoà" agree; "đôi" and "đổi" do not). Search again from *end for the next match. */
bool text_find(const char *s, size_t len, const char *needle_folded, bool exact_marks,
               const char *needle_casefold, size_t from, size_t *start, size_t *end);

/* Score how well a diacritic-free query matches a folded name/unit for a picker (both
 * already text_fold()ed): every query word must match, in order and on distinct words, either
 * the prefix of a word of hay or the initials of consecutive words ("so tt" matches
 * "so thong tin va truyen thong": "so" prefix of "so", "tt" initials of "thong tin").
 * Returns 0 for no match, higher is better: a whole word > a prefix > initials, then earlier
 * words > later ones, then fewer words in hay. An empty query matches everything with 1.
 * Only the first 256 words of hay and queries of up to 32 words are considered. */
int text_match_score(const char *hay_folded, const char *query_folded);

/* Vietnamese collation key (memcmp order): letters by the Vietnamese alphabet
 * (a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y), then tones (none < huyền <
 * hỏi < ngã < sắc < nặng) as a secondary level, case third (lower first), NFC bytes last.
 * Ð (U+00D0) sorts as Đ; f j w z take their Latin places; numbers compare by value
 * ("Điều 9" < "Điều 10"); space and punctuation before numbers before letters. Writes a
 * malloc'd key to *out and returns its length. "Dương" < "đa" < "Đà Nẵng" < "đường". */
size_t text_sort_key(const char *s, size_t len, unsigned char **out);

/* Collation key of a person's name the Vietnamese way (memcmp order): by the given name (the
 * last word), then the family name (the first word), then the middle name (the words between),
 * each compared fully by text_sort_key. "Trần Văn An" < "Nguyễn Thị Bình" < "Lê Văn Bình" <
 * "Lê Ánh Bình"... A one-word name is a given name. Writes a malloc'd key to *out and returns
 * its length. */
size_t text_name_sort_key(const char *name, size_t len, unsigned char **out);
/* strcmp-like comparison of two names by text_name_sort_key. */
int text_name_cmp(const char *a, const char *b);

/* Decode one code point at s[0..len); returns bytes consumed (>= 1 when len > 0) and sets
 * *cp (U+FFFD for an invalid sequence, which consumes 1 byte). */
size_t text_decode(const char *s, size_t len, int32_t *cp);

#endif
